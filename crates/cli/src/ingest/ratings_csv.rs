//! Extract: user-ratings CSV files (`userId,rating,timestamp,movieId`, any
//! column order) into a [`RatingsTable`], in parallel chunks.
//!
//! The rows are plain numbers and ids, so a hand-written line parser does
//! the work (several times faster than a general CSV reader on 11 M rows);
//! a bad row is rejected, counted by reason and located as `file:line:field`.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use cartelera_core::eda::etl_report::{RatingsFileReport, Rejections};
use cartelera_core::quote::quoted_bytes;
use cartelera_core::ratings::half_stars;
use cartelera_core::{Platform, Title};
use cartelera_store::RatingsTable;

use super::header::{clean_header, find_columns};

/// The columns a ratings file must have (the original bootcamp schema).
pub const RATINGS_COLUMNS: [&str; 4] = ["userId", "rating", "timestamp", "movieId"];

/// Title id → catalog row, fast for the usual `<initial>s<number>` ids.
#[derive(Debug)]
pub struct TitleLookup {
    // by_number[platform][n] = row + 1 of id "<initial>s<n>" (0: none).
    by_number: [Vec<u32>; 4],
    other: HashMap<Vec<u8>, u32>,
}

impl TitleLookup {
    /// Indexes the catalog rows.
    pub fn new(titles: &[Title]) -> TitleLookup {
        let mut lookup = TitleLookup {
            by_number: Default::default(),
            other: HashMap::new(),
        };
        for (row, title) in titles.iter().enumerate() {
            match split_numeric_id(title.id.as_bytes()) {
                Some((p, n)) if n < 10_000_000 => {
                    let slots = &mut lookup.by_number[p];
                    if slots.len() <= n {
                        slots.resize(n + 1, 0);
                    }
                    slots[n] = row as u32 + 1;
                }
                _ => {
                    lookup
                        .other
                        .insert(title.id.as_bytes().to_vec(), row as u32);
                }
            }
        }
        lookup
    }

    /// The catalog row of an id.
    pub fn get(&self, id: &[u8]) -> Option<u32> {
        if let Some((p, n)) = split_numeric_id(id) {
            if let Some(&slot) = self.by_number[p].get(n) {
                if slot > 0 {
                    return Some(slot - 1);
                }
            }
        }
        self.other.get(id).copied()
    }
}

/// `ns2186` → (netflix's index, 2186), for ids in canonical form only.
fn split_numeric_id(id: &[u8]) -> Option<(usize, usize)> {
    let [initial, b's', digits @ ..] = id else {
        return None;
    };
    let platform = Platform::ALL
        .iter()
        .position(|p| p.initial() as u8 == *initial)?;
    if digits.is_empty() || digits.len() > 9 || digits[0] == b'0' {
        return None;
    }
    Some((platform, parse_u64(digits)? as usize))
}

fn parse_u64(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() || digits.len() > 19 {
        return None;
    }
    digits.iter().try_fold(0u64, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u64::from(b - b'0'))
    })
}

fn parse_i64(text: &[u8]) -> Option<i64> {
    match text {
        [b'-', digits @ ..] => parse_u64(digits)
            .and_then(|v| i64::try_from(v).ok())
            .map(|v| -v),
        digits => parse_u64(digits).and_then(|v| i64::try_from(v).ok()),
    }
}

/// The `.csv` files of a ratings folder (not its subfolders), in natural
/// order (`2.csv` before `10.csv`).
pub fn list_ratings_files(dir: &Path) -> Result<Vec<PathBuf>> {
    // `synth-ratings` writes the folder as one output set.
    crate::atomic::recover(dir)?;
    let entries = fs::read_dir(dir)
        .with_context(|| format!("cannot read the ratings folder {}", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry?.path();
        if path.is_file()
            && path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            files.push(path);
        }
    }
    if files.is_empty() {
        bail!(
            "the ratings folder {} has no .csv files (expected files with the header {})",
            dir.display(),
            RATINGS_COLUMNS.join(",")
        );
    }
    files.sort_by_key(|p| natural_key(&p.file_name().unwrap_or_default().to_string_lossy()));
    Ok(files)
}

fn natural_key(name: &str) -> (u64, String) {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    (digits.parse().unwrap_or(u64::MAX), name.to_string())
}

/// Parses one ratings file's bytes with `threads` threads.
pub fn parse_ratings(
    name: &str,
    bytes: &[u8],
    lookup: &TitleLookup,
    threads: usize,
) -> Result<(RatingsTable, RatingsFileReport)> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        bail!(
            "{name} is empty: expected a header line {}",
            RATINGS_COLUMNS.join(",")
        );
    }
    let header_end = bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len());
    let header_line = trim_cr(&bytes[..header_end]);
    // The parser splits lines on `\n` only: a file with old-Mac CR-only
    // line endings is one long "header", said so rather than listed.
    if let Some(cr) = header_line.iter().position(|&b| b == b'\r') {
        bail!(
            "{name}:1: the header line holds a carriage return (\\r) at byte {cr} before its end: \
             expected lines ending in LF or CRLF (is the file saved with CR-only line endings?)"
        );
    }
    let header = clean_header(header_line.split(|&b| b == b','));
    let cols = find_columns(name, &header, &RATINGS_COLUMNS)?;
    let layout = Layout {
        width: header.len(),
        user: cols[0],
        rating: cols[1],
        timestamp: cols[2],
        movie: cols[3],
    };
    let body = &bytes[(header_end + 1).min(bytes.len())..];

    // Chunks end on line boundaries; each knows its first line number.
    let n_chunks = (threads.max(1) * 4).min(body.len() / (1 << 16) + 1);
    let mut chunks = Vec::with_capacity(n_chunks);
    let mut start = 0;
    let mut line = 2u64;
    for k in 1..=n_chunks {
        let mut end = if k == n_chunks {
            body.len()
        } else {
            body.len() * k / n_chunks
        };
        end = end.max(start);
        while end < body.len() && body[end - 1] != b'\n' {
            end += 1;
        }
        let chunk = &body[start..end];
        chunks.push((chunk, line));
        line += chunk.iter().filter(|&&b| b == b'\n').count() as u64;
        start = end;
    }
    let parsed: Vec<Chunk> = if threads <= 1 {
        chunks
            .iter()
            .map(|&(c, l)| parse_chunk(name, c, l, &layout, lookup))
            .collect()
    } else {
        let per_thread = chunks.len().div_ceil(threads);
        std::thread::scope(|s| {
            let handles: Vec<_> = chunks
                .chunks(per_thread.max(1))
                .map(|group| {
                    let layout = &layout;
                    s.spawn(move || {
                        group
                            .iter()
                            .map(|&(c, l)| parse_chunk(name, c, l, layout, lookup))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("a ratings parser thread panicked"))
                .collect()
        })
    };

    let mut table = RatingsTable::default();
    let mut report = RatingsFileReport {
        file: name.to_string(),
        rows_read: 0,
        rows_valid: 0,
        rows_rejected: 0,
        rejected: Rejections::default(),
    };
    let total: usize = parsed.iter().map(|c| c.table.len()).sum();
    table.user_id.reserve(total);
    table.title_row.reserve(total);
    table.half_stars.reserve(total);
    table.timestamp.reserve(total);
    for chunk in parsed {
        report.rows_read += chunk.rows_read;
        report.rejected.merge(chunk.rejected);
        table.user_id.extend_from_slice(&chunk.table.user_id);
        table.title_row.extend_from_slice(&chunk.table.title_row);
        table.half_stars.extend_from_slice(&chunk.table.half_stars);
        table.timestamp.extend_from_slice(&chunk.table.timestamp);
    }
    report.rows_valid = table.len() as u64;
    report.rows_rejected = report.rejected.total();
    Ok((table, report))
}

struct Layout {
    width: usize,
    user: usize,
    rating: usize,
    timestamp: usize,
    movie: usize,
}

struct Chunk {
    table: RatingsTable,
    rows_read: u64,
    rejected: Rejections,
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// The position of the quote that opens a quoted run left open at the
/// end of the line (quotes pair up, `""` inside one included).
fn unterminated_quote(line: &[u8]) -> Option<usize> {
    let mut open = None;
    for (at, &b) in line.iter().enumerate() {
        if b == b'"' {
            open = match open {
                None => Some(at),
                Some(_) => None,
            };
        }
    }
    open
}

fn unquote(field: &[u8]) -> &[u8] {
    let field = field.trim_ascii();
    field
        .strip_prefix(b"\"")
        .and_then(|f| f.strip_suffix(b"\""))
        .unwrap_or(field)
}

/// Half stars of a rating field: a fast path for `4`, `4.0`, `3.5`, the
/// core's rule for everything else.
fn parse_rating(field: &[u8]) -> Result<u8, &'static str> {
    let fast = match *field {
        [d @ b'0'..=b'9'] => Some(d - b'0'),
        [d @ b'0'..=b'9', b'.', b'0'] => Some(d - b'0'),
        _ => None,
    };
    let value: f64 = match fast {
        Some(whole) => f64::from(whole),
        None => match *field {
            [d @ b'0'..=b'9', b'.', b'5'] => f64::from(d - b'0') + 0.5,
            _ => std::str::from_utf8(field)
                .ok()
                .and_then(|t| t.parse().ok())
                .ok_or("bad_rating")?,
        },
    };
    half_stars(value).map_err(|issue| issue.as_str())
}

fn parse_chunk(
    name: &str,
    chunk: &[u8],
    first_line: u64,
    layout: &Layout,
    lookup: &TitleLookup,
) -> Chunk {
    let mut out = Chunk {
        table: RatingsTable::default(),
        rows_read: 0,
        rejected: Rejections::default(),
    };
    // Only the fields up to the last needed column are kept; the others
    // are only counted (a header may have any number of extra columns).
    let needed = 1 + layout
        .user
        .max(layout.rating)
        .max(layout.timestamp)
        .max(layout.movie);
    let estimate = chunk.len() / 24;
    out.table.user_id.reserve(estimate);
    out.table.title_row.reserve(estimate);
    out.table.half_stars.reserve(estimate);
    out.table.timestamp.reserve(estimate);
    let mut fields: Vec<&[u8]> = vec![&[]; needed];
    for (k, line) in chunk.split(|&b| b == b'\n').enumerate() {
        let line = trim_cr(line);
        if line.is_empty() {
            continue;
        }
        out.rows_read += 1;
        let line_no = first_line + k as u64;
        // Lines are split on `\n` before any quote is seen, so a quote
        // left open cannot swallow the next line; it is named, not
        // reported as a field-count or number problem.
        if let Some(open) = unterminated_quote(line) {
            out.rejected.add("unterminated_quote", || {
                format!(
                    "{name}:{line_no}: unterminated quote: the \" at byte {} of the line is \
                     not closed (expected a closing \" before the end of line {line_no})",
                    open + 1
                )
            });
            continue;
        }
        let mut n = 0;
        for field in line.split(|&b| b == b',') {
            if n < fields.len() {
                fields[n] = field;
            }
            n += 1;
        }
        let at = |field: &str| format!("{name}:{line_no}:{field}");
        if n != layout.width {
            out.rejected.add("wrong_field_count", || {
                format!(
                    "{name}:{line_no}: expected {} fields, found {n}",
                    layout.width
                )
            });
            continue;
        }
        let user_field = unquote(fields[layout.user]);
        let Some(user) = parse_u64(user_field).and_then(|u| u32::try_from(u).ok()) else {
            out.rejected.add("bad_user_id", || {
                format!(
                    "{}: expected a whole number below 2^32, found {}",
                    at("userId"),
                    quoted_bytes(user_field)
                )
            });
            continue;
        };
        let rating_field = unquote(fields[layout.rating]);
        let half = match parse_rating(rating_field) {
            Ok(h) => h,
            Err(reason) => {
                out.rejected.add(reason, || {
                    format!(
                        "{}: expected 0.5–5.0 in half steps, found {}",
                        at("rating"),
                        quoted_bytes(rating_field)
                    )
                });
                continue;
            }
        };
        let ts_field = unquote(fields[layout.timestamp]);
        let Some(timestamp) = parse_i64(ts_field) else {
            out.rejected.add("bad_timestamp", || {
                format!(
                    "{}: expected Unix seconds, found {}",
                    at("timestamp"),
                    quoted_bytes(ts_field)
                )
            });
            continue;
        };
        let movie_field = unquote(fields[layout.movie]);
        let Some(row) = lookup.get(movie_field) else {
            out.rejected.add("unknown_title", || {
                format!(
                    "{}: no title with id {} in the catalog",
                    at("movieId"),
                    quoted_bytes(movie_field)
                )
            });
            continue;
        };
        out.table.push(user, row, half, timestamp);
    }
    out
}

#[cfg(test)]
mod tests;
