//! Extract: the four raw catalog CSV files, through the core's rules, into
//! titles. Structural problems (missing file or column, empty file) stop
//! the run with a message naming the file; a bad row is quarantined and
//! counted in the report with its `file:line:field`.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use anyhow::{bail, Context, Result};
use cartelera_core::eda::etl_report::{CatalogFileReport, Rejections};
use cartelera_core::quote::quoted;
use cartelera_core::rules::{transform_traced, RawTitle, RAW_COLUMNS};
use cartelera_core::{Platform, Title};

use cartelera_ingest::{clean_header, find_columns, LineCounter};

/// The raw catalog file of each platform, in union order.
pub const CATALOG_FILES: [(Platform, &str); 4] = [
    (Platform::Amazon, "amazon_prime_titles.csv"),
    (Platform::Disney, "disney_plus_titles.csv"),
    (Platform::Hulu, "hulu_titles.csv"),
    (Platform::Netflix, "netflix_titles.csv"),
];

/// The unified catalog (not yet scored) and what happened per file.
#[derive(Debug)]
pub struct LoadedCatalog {
    /// Titles of the four files, unioned in [`CATALOG_FILES`] order.
    pub titles: Vec<Title>,
    /// One report per file.
    pub reports: Vec<CatalogFileReport>,
}

/// Reads and transforms the four catalogs of `raw_dir`.
pub fn load_catalogs(raw_dir: &Path) -> Result<LoadedCatalog> {
    if !raw_dir.is_dir() {
        bail!(
            "raw catalog folder {} does not exist (expected {})",
            raw_dir.display(),
            CATALOG_FILES.map(|(_, f)| f).join(", ")
        );
    }
    let mut titles = Vec::new();
    let mut reports = Vec::new();
    for (platform, name) in CATALOG_FILES {
        let path = raw_dir.join(name);
        let bytes = fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let (file_titles, report) = parse_catalog(platform, name, &bytes)?;
        titles.extend(file_titles);
        reports.push(report);
    }
    Ok(LoadedCatalog { titles, reports })
}

/// Parses one catalog file's bytes (`name` is used in messages).
pub fn parse_catalog(
    platform: Platform,
    name: &str,
    bytes: &[u8],
) -> Result<(Vec<Title>, CatalogFileReport)> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        bail!(
            "{name} is empty: expected a header line with the columns {}",
            RAW_COLUMNS.join(",")
        );
    }
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    // Where `reader`'s input starts in `bytes`: after an unterminated
    // quote, reading restarts on the line after the quote's.
    let mut base = 0usize;
    let header = clean_header(reader.byte_headers()?.iter());
    let columns = find_columns(name, &header, &RAW_COLUMNS)?;
    let width = header.len();

    let mut report = CatalogFileReport {
        file: name.to_string(),
        platform: platform.as_str().to_string(),
        rows_read: 0,
        rows_kept: 0,
        rows_rejected: 0,
        rejected: Rejections::default(),
        duration_moved_from_rating: 0,
        rating_defaulted_to_g: 0,
    };
    let mut titles = Vec::new();
    let mut first_line_of: HashMap<String, u64> = HashMap::new();
    let mut record = csv::ByteRecord::new();
    let mut lines = LineCounter::new(bytes);
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => bail!("{name}: cannot parse CSV: {e}"),
        }
        report.rows_read += 1;
        let start = base + record.position().map_or(0, |p| p.byte()) as usize;
        let line = lines.line_at(start);
        let at = |field: &str| format!("{name}:{line}:{field}");
        // Quotes pair up in a well-formed record; an odd count means one
        // ran to the end of the file (its field count may still be right).
        let end = base + reader.position().byte() as usize;
        let unclosed = bytes[start.min(end)..end]
            .iter()
            .filter(|&&b| b == b'"')
            .count()
            % 2
            == 1;
        if record.len() != width || unclosed {
            let open = open_quote(bytes, start, &record);
            if open.is_some() || unclosed {
                let (field, open_line) = open
                    .as_ref()
                    .map_or((width.min(record.len()).saturating_sub(1), line), |o| {
                        (o.field, line + o.lines_before)
                    });
                let column = header
                    .get(field)
                    .map_or_else(|| format!("column {}", field + 1), Clone::clone);
                let found = if record.len() == width {
                    String::new()
                } else {
                    format!(
                        ", and read on across lines it gave {} fields, not {width}",
                        record.len()
                    )
                };
                report.rejected.add("unterminated_quote", || {
                    let then = match &open {
                        Some(_) => format!("reading resumes on line {}", open_line + 1),
                        None => "it runs to the end of the file".to_string(),
                    };
                    format!(
                        "{name}:{open_line}:{column}: unterminated quote: the quote that opens \
                         this field is not closed on line {open_line} (expected a closing \" \
                         before the end of the line{found}); {then}"
                    )
                });
                if let Some(open) = open {
                    // The lines the quote swallowed are read again as rows
                    // of their own, so none is lost silently.
                    base = open.resume;
                    reader = csv::ReaderBuilder::new()
                        .flexible(true)
                        .has_headers(false)
                        .from_reader(&bytes[base..]);
                }
                continue;
            }
            report.rejected.add("wrong_field_count", || {
                format!(
                    "{name}:{line}: expected {width} fields, found {}",
                    record.len()
                )
            });
            continue;
        }
        let mut fields = [""; RAW_COLUMNS.len()];
        let mut utf8_error = None;
        for (k, &col) in columns.iter().enumerate() {
            match std::str::from_utf8(&record[col]) {
                Ok(text) => fields[k] = text,
                Err(e) => {
                    utf8_error = Some((RAW_COLUMNS[k], e.valid_up_to()));
                    break;
                }
            }
        }
        if let Some((field, offset)) = utf8_error {
            report.rejected.add("not_utf8", || {
                format!(
                    "{}: bytes after offset {offset} are not valid UTF-8",
                    at(field)
                )
            });
            continue;
        }
        let raw = RawTitle::from_fields(fields);
        let (title, fixes) = match transform_traced(platform, &raw) {
            Ok(done) => done,
            Err(e) => {
                report.rejected.add(&format!("bad_{}", e.field), || {
                    format!(
                        "{}: expected {}, found {}",
                        at(e.field),
                        e.expected,
                        quoted(&e.value)
                    )
                });
                continue;
            }
        };
        if let Some(first) = first_line_of.get(&title.show_id) {
            report.rejected.add("duplicate_show_id", || {
                format!(
                    "{}: {} already on line {first}",
                    at("show_id"),
                    quoted(&title.show_id)
                )
            });
            continue;
        }
        first_line_of.insert(title.show_id.clone(), line);
        report.duration_moved_from_rating += u64::from(fixes.duration_from_rating);
        report.rating_defaulted_to_g += u64::from(fixes.rating_defaulted);
        titles.push(title);
    }
    if report.rows_read == 0 {
        bail!("{name} has a header but no rows");
    }
    report.rows_kept = titles.len() as u64;
    report.rows_rejected = report.rejected.total();
    Ok((titles, report))
}

/// Where a record read across lines because of a quote left open went
/// wrong: the first field holding a line break.
struct OpenQuote {
    /// The field's index in the record.
    field: usize,
    /// Line breaks in the record before that field (quoted ones).
    lines_before: u64,
    /// Byte offset in the file of the line after the one the quote opens on.
    resume: usize,
}

/// The quote that made `record` (starting at byte `start` of `bytes`) run
/// on across lines, if it did: the first field holding a `\n`, which only a
/// quoted field can. `None` for a record on one line.
fn open_quote(bytes: &[u8], start: usize, record: &csv::ByteRecord) -> Option<OpenQuote> {
    let field = record.iter().position(|f| f.contains(&b'\n'))?;
    let newlines = |f: &[u8]| f.iter().filter(|&&b| b == b'\n').count();
    let lines_before: usize = record.iter().take(field).map(newlines).sum();
    // A record may start on the `\n` of the previous line's CRLF.
    let first = if bytes.get(start) == Some(&b'\n') {
        start + 1
    } else {
        start
    };
    // The raw bytes hold the same line breaks, in order: the field's first
    // is the (lines_before + 1)-th after the record's start.
    let (end_of_open_line, _) = bytes[first..]
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'\n')
        .nth(lines_before)?;
    Some(OpenQuote {
        field,
        lines_before: lines_before as u64,
        resume: first + end_of_open_line + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "show_id,type,title,director,cast,country,date_added,release_year,rating,duration,listed_in,description\r\n";

    fn parse(body: &str) -> Result<(Vec<Title>, CatalogFileReport)> {
        parse_catalog(
            Platform::Hulu,
            "hulu_titles.csv",
            format!("{HEADER}{body}").as_bytes(),
        )
    }

    #[test]
    fn quoted_newlines_crlf_and_fixes() {
        let (titles, report) = parse(concat!(
            "s1,Movie,\"A, \r\nB\",,,,\" May 1, 2020\",2019,89 min,,Drama,x\r\n",
            "s2,TV Show,C,,,,,2018,TV-14,2 Seasons,Comedy,y\r\n",
        ))
        .unwrap();
        assert_eq!(titles.len(), 2);
        assert_eq!(titles[0].title, "a, \r\nb");
        assert_eq!(titles[0].duration_int, Some(89));
        assert_eq!(titles[0].date_added.unwrap().to_string(), "2020-05-01");
        assert_eq!(
            (
                report.duration_moved_from_rating,
                report.rating_defaulted_to_g
            ),
            (1, 1)
        );
        assert_eq!(
            (report.rows_read, report.rows_kept, report.rows_rejected),
            (2, 2, 0)
        );
    }

    #[test]
    fn bad_rows_are_quarantined_with_file_line_field() {
        let (titles, report) = parse(concat!(
            "s1,Movie,A,,,,,20x9,,90 min,Drama,x\r\n",
            "s2,Movie,B,,,,\"Smarch 3, 2020\",2019,,90 min,Drama,x\r\n",
            "s3,Movie,C,,,,,2019\r\n",
            "s4,Movie,D,,,,,2019,,90 min,Drama,x\r\n",
            "s4,Movie,E,,,,,2019,,90 min,Drama,x\r\n",
        ))
        .unwrap();
        assert_eq!(titles.len(), 1);
        assert_eq!(report.rows_rejected, 4);
        let ex = &report.rejected.examples;
        assert!(
            ex["bad_release_year"][0].starts_with("hulu_titles.csv:2:release_year:"),
            "{ex:?}"
        );
        assert!(ex["bad_date_added"][0].contains("Smarch"), "{ex:?}");
        assert!(
            ex["wrong_field_count"][0].starts_with("hulu_titles.csv:4:"),
            "{ex:?}"
        );
        assert!(
            ex["duplicate_show_id"][0].contains("already on line 5"),
            "{ex:?}"
        );
    }

    #[test]
    fn non_utf8_bytes_name_the_field() {
        let mut bytes = HEADER.as_bytes().to_vec();
        bytes.extend_from_slice(b"s1,Movie,A,,\xff\xfe,,,2019,,90 min,Drama,x\r\n");
        let (titles, report) = parse_catalog(Platform::Hulu, "h.csv", &bytes).unwrap();
        assert!(titles.is_empty());
        assert!(report.rejected.examples["not_utf8"][0].starts_with("h.csv:2:cast:"));
    }

    #[test]
    fn structural_problems_stop_with_a_clear_message() {
        let err = parse_catalog(Platform::Hulu, "h.csv", b"").unwrap_err();
        assert!(err.to_string().contains("h.csv is empty"), "{err}");
        let err = parse_catalog(Platform::Hulu, "h.csv", HEADER.as_bytes()).unwrap_err();
        assert!(err.to_string().contains("no rows"), "{err}");
        let misspelt = HEADER.replace("director", "directr");
        let err = parse_catalog(Platform::Hulu, "h.csv", misspelt.as_bytes()).unwrap_err();
        assert!(
            err.to_string()
                .contains("missing column `director` (is \"directr\" a misspelling?)"),
            "{err}"
        );
        let err = load_catalogs(Path::new("/nonexistent/raw")).unwrap_err();
        assert!(
            err.to_string().contains("/nonexistent/raw does not exist"),
            "{err}"
        );
    }

    #[test]
    fn an_unterminated_quote_is_named_and_swallows_no_record() {
        let (titles, report) = parse(concat!(
            "s1,Movie,A,,,,,2019,,90 min,Drama,x\r\n",
            "s2,Movie,\"B open,,,,,2019,,90 min,Drama,x\r\n",
            "s3,Movie,C,,,,,2019,,90 min,\"Drama, Comedy\",x\r\n",
            "s4,Movie,D,,,,,2019,,90 min,Drama,x\r\n",
        ))
        .unwrap();
        let ids: Vec<&str> = titles.iter().map(|t| t.show_id.as_str()).collect();
        assert_eq!(
            ids,
            ["s1", "s3", "s4"],
            "the rows after the open quote are kept"
        );
        assert_eq!(
            (report.rows_read, report.rows_kept, report.rows_rejected),
            (4, 3, 1)
        );
        let example = &report.rejected.examples["unterminated_quote"][0];
        assert!(
            example.starts_with(
                "hulu_titles.csv:3:title: unterminated quote: the quote that opens this field \
                 is not closed on line 3"
            ),
            "{example}"
        );
        assert!(example.ends_with("reading resumes on line 4"), "{example}");
        assert!(!report.rejected.by_reason.contains_key("wrong_field_count"));

        // A quote left open on the last row runs to the end of the file.
        let (titles, report) = parse(concat!(
            "s1,Movie,A,,,,,2019,,90 min,Drama,x\r\n",
            "s2,Movie,B,,,,,2019,,90 min,Drama,\"x\r\n",
        ))
        .unwrap();
        assert_eq!((titles.len(), report.rows_rejected), (1, 1));
        assert!(report.rejected.examples["unterminated_quote"][0]
            .starts_with("hulu_titles.csv:3:description: unterminated quote"));
    }

    #[test]
    fn quoted_values_in_messages_are_bounded() {
        let long = "9".repeat(10_000);
        let (_, report) = parse(&format!("s1,Movie,A,,,,,{long},,90 min,Drama,x\r\n")).unwrap();
        let example = &report.rejected.examples["bad_release_year"][0];
        assert!(example.len() < 300, "{} bytes", example.len());
        assert!(
            example.ends_with("… (10000 characters in all)"),
            "{example}"
        );
    }

    #[test]
    fn columns_may_come_in_any_order() {
        let csv = "title,show_id,type,director,cast,country,date_added,release_year,rating,duration,listed_in,description\nX,s9,Movie,,,,,2001,,5 min,,\n";
        let (titles, _) = parse_catalog(Platform::Disney, "d.csv", csv.as_bytes()).unwrap();
        assert_eq!(
            (titles[0].id.as_str(), titles[0].title.as_str()),
            ("ds9", "x")
        );
    }
}
