//! Reading an export: the format told from its header, each row checked,
//! every problem named by file, line and field.

use std::collections::HashMap;
use std::fmt;

use cartelera_core::model::TitleType;
use cartelera_core::quote::{clip, quoted};
use serde::Serialize;

/// The largest file read: the biggest real exports are a few megabytes
/// (a Netflix history of 20,000 episodes is about 1.5 MB); anything
/// larger is refused before it is parsed.
pub const MAX_BYTES: usize = 50_000_000;

/// The most rows read from one file.
pub(crate) const MAX_ROWS: usize = 500_000;

/// Which service wrote a file, told from its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryFormat {
    /// IMDb's "Your ratings" export (`ratings.csv`): `Const,Your Rating,…`.
    ImdbRatings,
    /// Letterboxd's `ratings.csv`: `Date,Name,Year,Letterboxd URI,Rating`.
    LetterboxdRatings,
    /// Letterboxd's `watched.csv`: `Date,Name,Year,Letterboxd URI`.
    LetterboxdWatched,
    /// Letterboxd's `diary.csv`: `Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date`.
    LetterboxdDiary,
    /// Netflix's `NetflixViewingHistory.csv`: `Title,Date`.
    NetflixViewing,
    /// The page's own picks export: `id,rating` (catalog ids).
    CarteleraPicks,
}

impl HistoryFormat {
    /// A short name for people ("IMDb ratings").
    pub fn label(self) -> &'static str {
        match self {
            HistoryFormat::ImdbRatings => "IMDb ratings",
            HistoryFormat::LetterboxdRatings => "Letterboxd ratings",
            HistoryFormat::LetterboxdWatched => "Letterboxd watched",
            HistoryFormat::LetterboxdDiary => "Letterboxd diary",
            HistoryFormat::NetflixViewing => "Netflix viewing history",
            HistoryFormat::CarteleraPicks => "Cartelera picks",
        }
    }

    /// The platform whose own history it is (its rows can only be that
    /// platform's titles).
    pub fn platform(self) -> Option<cartelera_core::Platform> {
        (self == HistoryFormat::NetflixViewing).then_some(cartelera_core::Platform::Netflix)
    }

    /// Whether its rows carry ratings (a viewing history only says seen).
    pub fn has_ratings(self) -> bool {
        !matches!(
            self,
            HistoryFormat::LetterboxdWatched | HistoryFormat::NetflixViewing
        )
    }
}

/// One film or show of a history (rows naming the same one are merged:
/// a diary's rewatches, a show's episodes).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HistoryEntry {
    /// The line of its first row in the file (1 = the header).
    pub line: usize,
    /// The name as the service writes it (for a Netflix episode, the show's).
    pub name: String,
    /// Another name the service gives (IMDb's original title).
    pub original_name: Option<String>,
    /// Release year (a show's first), when given.
    pub year: Option<i32>,
    /// Movie or show, when the service tells.
    pub kind: Option<TitleType>,
    /// The visitor's rating on the page's scale, 0.5 to 5 in half steps
    /// (IMDb's 1–10 halved); `None` for seen without a rating.
    pub rating: Option<f32>,
    /// How many rows name it (episodes watched, diary entries).
    pub views: u32,
    /// A catalog id, when the file names one (the page's own export).
    pub id: Option<String>,
}

/// A file read: its format and its entries in file order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct History {
    /// The file's name, as given.
    pub file: String,
    /// The service that wrote it.
    pub format: HistoryFormat,
    /// One per film or show.
    pub entries: Vec<HistoryEntry>,
    /// Rows left out on purpose (an IMDb episode, a video game), with why.
    pub skipped: Vec<(usize, String)>,
}

/// Why a file could not be read: the file, the line and field when one is
/// at fault, and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryError {
    /// The file's name.
    pub file: String,
    /// The line (1 = the header), when one line is at fault.
    pub line: Option<usize>,
    /// The column, when one field is at fault.
    pub field: Option<String>,
    /// What was wrong and what was expected.
    pub message: String,
}

impl fmt::Display for HistoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for HistoryError {}

/// The headers this reader knows, for the message naming them.
const KNOWN: &str = "IMDb `Const,Your Rating,Date Rated,Title,…`, Letterboxd `Date,Name,Year,Letterboxd URI[,Rating]`, Netflix `Title,Date`, or Cartelera `id,rating`";

/// The members an archive is read for, best first (ratings say the most).
/// Only the archive's top level: Letterboxd's `deleted/` and `orphaned/`
/// folders hold what the visitor took out.
const ARCHIVE_MEMBERS: [&str; 4] = [
    "ratings.csv",
    "diary.csv",
    "watched.csv",
    "NetflixViewingHistory.csv",
];

/// Reads the export inside a zip archive (Letterboxd's): its first member
/// of [`ARCHIVE_MEMBERS`], named `ARCHIVE/MEMBER` in messages.
fn read_archive(file: &str, bytes: &[u8]) -> Result<History, HistoryError> {
    let whole = |message: String| HistoryError {
        file: file.to_string(),
        line: None,
        field: None,
        message,
    };
    let members = cartelera_store::zip::members(bytes).map_err(whole)?;
    let chosen = ARCHIVE_MEMBERS
        .iter()
        .find_map(|want| members.iter().find(|m| m.name.eq_ignore_ascii_case(want)))
        .ok_or_else(|| {
            let held: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
            whole(format!(
                "the archive holds no history export at its top level: expected one of {}; it holds {}",
                ARCHIVE_MEMBERS.join(", "),
                quoted(&held.join(", "))
            ))
        })?;
    let inner = cartelera_store::zip::extract(bytes, chosen, MAX_BYTES).map_err(whole)?;
    if cartelera_store::zip::is_zip(&inner) {
        return Err(whole(format!(
            "{} is itself an archive; choose the CSV inside it",
            chosen.name
        )));
    }
    read_history(&format!("{file}/{}", chosen.name), &inner)
}

/// Reads an export, telling its format from the header. `file` names it
/// in messages.
pub fn read_history(file: &str, bytes: &[u8]) -> Result<History, HistoryError> {
    let error = |line: Option<usize>, field: Option<&str>, message: String| HistoryError {
        file: file.to_string(),
        line,
        field: field.map(str::to_string),
        message,
    };
    if bytes.len() > MAX_BYTES {
        return Err(error(
            None,
            None,
            format!(
                "the file is {} MB; history exports are a few MB, at most {} MB is read",
                bytes.len() / 1_000_000,
                MAX_BYTES / 1_000_000
            ),
        ));
    }
    if cartelera_store::zip::is_zip(bytes) {
        return read_archive(file, bytes);
    }
    // Exports are UTF-8, some with a byte-order mark (Netflix's).
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or(&[]);
    if first_line.len() > 4096 || std::str::from_utf8(first_line).is_err() {
        return Err(error(
            Some(1),
            None,
            format!("not a history export: the first line is not a CSV header; expected {KNOWN}"),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| error(Some(1), None, format!("cannot read the header: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let Some(format) = detect(&header) else {
        return Err(error(
            Some(1),
            None,
            format!(
                "not a history export this page knows: the header is {}; expected {KNOWN}",
                quoted(&header.join(","))
            ),
        ));
    };
    let column = |name: &str| header.iter().position(|h| h == name);
    let mut merged: Vec<HistoryEntry> = Vec::new();
    let mut by_key: HashMap<(String, Option<i32>), usize> = HashMap::new();
    let mut skipped = Vec::new();
    for (k, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            error(line, None, csv_message(&e))
        })?;
        let line = record.position().map_or(k + 2, |p| p.line() as usize);
        if k >= MAX_ROWS {
            return Err(error(
                Some(line),
                None,
                format!("more than {MAX_ROWS} rows; a history export has far fewer"),
            ));
        }
        let field = |name: &str| -> &str {
            column(name)
                .and_then(|i| record.get(i))
                .map(str::trim)
                .unwrap_or("")
        };
        let bad = |name: &str, expected: &str| {
            error(
                Some(line),
                Some(name),
                format!("expected {expected}, found {}", quoted(field(name))),
            )
        };
        let row = match format {
            HistoryFormat::ImdbRatings => {
                let kind = match field("Title Type").to_ascii_lowercase().as_str() {
                    "movie" | "tv movie" | "tvmovie" | "video" | "short" | "tv short"
                    | "tvshort" | "tv special" | "tvspecial" | "" => Some(TitleType::Movie),
                    "tv series" | "tvseries" | "tv mini series" | "tvminiseries" => {
                        Some(TitleType::TvShow)
                    }
                    other => {
                        skipped.push((line, format!("IMDb title type {}", quoted(other))));
                        continue;
                    }
                };
                let stars: u8 = field("Your Rating")
                    .parse()
                    .ok()
                    .filter(|s| (1..=10).contains(s))
                    .ok_or_else(|| bad("Your Rating", "a whole number from 1 to 10"))?;
                let original = field("Original Title");
                Row {
                    name: field("Title").to_string(),
                    original_name: (!original.is_empty() && original != field("Title"))
                        .then(|| original.to_string()),
                    year: parse_year(field("Year")).map_err(|_| bad("Year", "a year"))?,
                    kind,
                    rating: Some(f32::from(stars) / 2.0),
                    id: None,
                    name_field: "Title",
                }
            }
            HistoryFormat::LetterboxdRatings
            | HistoryFormat::LetterboxdWatched
            | HistoryFormat::LetterboxdDiary => {
                let rating = match field("Rating") {
                    "" if format != HistoryFormat::LetterboxdRatings => None,
                    text => Some(
                        parse_half_step(text)
                            .ok_or_else(|| bad("Rating", "0.5 to 5 in half steps"))?,
                    ),
                };
                Row {
                    name: field("Name").to_string(),
                    original_name: None,
                    year: parse_year(field("Year")).map_err(|_| bad("Year", "a year"))?,
                    // Letterboxd lists films (its few series are rated as such).
                    kind: Some(TitleType::Movie),
                    rating,
                    id: None,
                    name_field: "Name",
                }
            }
            HistoryFormat::NetflixViewing => {
                let (name, kind) = netflix_name(field("Title"));
                Row {
                    name,
                    original_name: None,
                    year: None,
                    kind,
                    rating: None,
                    id: None,
                    name_field: "Title",
                }
            }
            HistoryFormat::CarteleraPicks => {
                let id = field("id");
                if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    return Err(bad("id", "a catalog id such as ns2186"));
                }
                let rating = match field("rating") {
                    "" => None,
                    text => Some(
                        parse_half_step(text)
                            .ok_or_else(|| bad("rating", "0.5 to 5 in half steps"))?,
                    ),
                };
                Row {
                    name: id.to_string(),
                    original_name: None,
                    year: None,
                    kind: None,
                    rating,
                    id: Some(id.to_string()),
                    name_field: "id",
                }
            }
        };
        if row.name.is_empty() {
            return Err(error(
                Some(line),
                Some(row.name_field),
                "expected a title, found an empty field".to_string(),
            ));
        }
        let key = (row.name.to_lowercase(), row.year);
        match by_key.get(&key) {
            Some(&at) => {
                let entry = &mut merged[at];
                entry.views += 1;
                // A diary lists rewatches in date order: the last rating
                // given is the visitor's current one.
                if row.rating.is_some() {
                    entry.rating = row.rating;
                }
            }
            None => {
                by_key.insert(key, merged.len());
                merged.push(HistoryEntry {
                    line,
                    name: row.name,
                    original_name: row.original_name,
                    year: row.year,
                    kind: row.kind,
                    rating: row.rating,
                    views: 1,
                    id: row.id,
                });
            }
        }
    }
    Ok(History {
        file: file.to_string(),
        format,
        entries: merged,
        skipped,
    })
}

/// One row's values before merging.
struct Row {
    name: String,
    original_name: Option<String>,
    year: Option<i32>,
    kind: Option<TitleType>,
    rating: Option<f32>,
    id: Option<String>,
    name_field: &'static str,
}

/// The format a header names: each service's own columns, in any order
/// (older IMDb exports lack `Original Title`; extra columns are fine).
fn detect(header: &[String]) -> Option<HistoryFormat> {
    let has = |name: &str| header.iter().any(|h| h == name);
    if has("Const") && has("Your Rating") && has("Title") {
        Some(HistoryFormat::ImdbRatings)
    } else if has("Name") && has("Letterboxd URI") {
        Some(if has("Watched Date") || has("Rewatch") {
            HistoryFormat::LetterboxdDiary
        } else if has("Rating") {
            HistoryFormat::LetterboxdRatings
        } else {
            HistoryFormat::LetterboxdWatched
        })
    } else if header.len() == 2 && has("Title") && has("Date") {
        Some(HistoryFormat::NetflixViewing)
    } else if has("id") && has("rating") {
        Some(HistoryFormat::CarteleraPicks)
    } else {
        None
    }
}

/// An empty year is no year; otherwise a plausible one.
fn parse_year(text: &str) -> Result<Option<i32>, ()> {
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<i32>() {
        Ok(y) if (1870..=2100).contains(&y) => Ok(Some(y)),
        _ => Err(()),
    }
}

/// 0.5 to 5 in half steps.
fn parse_half_step(text: &str) -> Option<f32> {
    let v: f32 = text.parse().ok()?;
    ((0.5..=5.0).contains(&v) && (v * 2.0).fract() == 0.0).then_some(v)
}

/// Words that start a season-like part of a Netflix episode name, in the
/// languages Netflix writes histories in most.
const SEASON_WORDS: [&str; 14] = [
    "season",
    "temporada",
    "series",
    "part",
    "parte",
    "volume",
    "vol.",
    "book",
    "chapter",
    "collection",
    "limited series",
    "miniseries",
    "miniserie",
    "staffel",
];

/// The show a Netflix history row names: "Stranger Things: Season 1:
/// Chapter One" is the show "Stranger Things". A row with a season-like
/// part is a show; three or more parts without one are taken as
/// "Show: Season name: Episode"; a plain title (or "Star Wars: The Last
/// Jedi", two parts) is kept whole, kind unknown.
fn netflix_name(title: &str) -> (String, Option<TitleType>) {
    let parts: Vec<&str> = title.split(": ").collect();
    let seasonal = parts.iter().skip(1).position(|part| {
        let lower = part.trim().to_lowercase();
        SEASON_WORDS.iter().any(|w| {
            lower == *w
                || lower
                    .strip_prefix(w)
                    .is_some_and(|rest| rest.starts_with(' ') || rest.is_empty())
        })
    });
    if let Some(i) = seasonal {
        return (parts[..=i].join(": "), Some(TitleType::TvShow));
    }
    if parts.len() >= 3 {
        return (parts[0].to_string(), Some(TitleType::TvShow));
    }
    (title.to_string(), None)
}

/// A CSV error as a sentence (the csv crate's own names the byte offset).
fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("expected {expected_len} fields like the header, found {len}"),
        csv::ErrorKind::Utf8 { .. } => "the text is not UTF-8".to_string(),
        _ => format!("broken CSV: {}", clip(&e.to_string(), 120)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<History, HistoryError> {
        read_history("f.csv", text.as_bytes())
    }

    #[test]
    fn imdb_ratings_are_halved_and_series_told_from_movies() {
        let h = read(
            "Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors\n\
             tt2294629,9,2024-02-01,Frozen,Frozen,https://www.imdb.com/title/tt2294629/,Movie,7.4,102,2013,\"Animation, Adventure\",650000,2013-11-27,\"Chris Buck, Jennifer Lee\"\n\
             tt0903747,10,2024-02-02,Breaking Bad,Breaking Bad,https://www.imdb.com/title/tt0903747/,TV Series,9.5,49,2008,Drama,2000000,2008-01-20,\n\
             tt0959621,8,2024-02-03,Pilot,Pilot,https://www.imdb.com/title/tt0959621/,TV Episode,8.2,58,2008,Drama,30000,2008-01-20,Vince Gilligan\n",
        )
        .unwrap();
        assert_eq!(h.format, HistoryFormat::ImdbRatings);
        assert_eq!(h.entries.len(), 2);
        assert_eq!(h.entries[0].rating, Some(4.5));
        assert_eq!(h.entries[0].year, Some(2013));
        assert_eq!(h.entries[1].kind, Some(TitleType::TvShow));
        assert_eq!(h.entries[1].rating, Some(5.0));
        assert_eq!(h.skipped.len(), 1);
        assert_eq!(h.skipped[0].0, 4);
    }

    #[test]
    fn older_imdb_exports_without_original_title_are_read() {
        let h = read(
            "Const,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors\n\
             tt0110912,1,2020-01-01,Pulp Fiction,https://www.imdb.com/title/tt0110912/,movie,8.9,154,1994,Crime,2000000,1994-09-10,Quentin Tarantino\n",
        )
        .unwrap();
        assert_eq!(h.entries[0].rating, Some(0.5));
        assert_eq!(h.entries[0].original_name, None);
    }

    #[test]
    fn a_bad_rating_names_the_line_and_field() {
        let e = read("Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Up,2009,https://boxd.it/a,4\n2024-01-01,Heat,1995,https://boxd.it/b,4.25\n")
            .unwrap_err();
        assert_eq!(e.line, Some(3));
        assert_eq!(e.field.as_deref(), Some("Rating"));
        assert_eq!(
            e.to_string(),
            "f.csv, line 3, field `Rating`: expected 0.5 to 5 in half steps, found \"4.25\""
        );
    }

    #[test]
    fn letterboxd_diary_rewatches_merge_keeping_the_last_rating() {
        let h = read(
            "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n\
             2023-01-01,Heat,1995,https://boxd.it/x,3.5,,,2023-01-01\n\
             2024-01-01,Heat,1995,https://boxd.it/y,4.5,Yes,,2024-01-01\n\
             2024-02-01,Up,2009,https://boxd.it/z,,,,2024-02-01\n",
        )
        .unwrap();
        assert_eq!(h.format, HistoryFormat::LetterboxdDiary);
        assert_eq!(h.entries.len(), 2);
        assert_eq!((h.entries[0].rating, h.entries[0].views), (Some(4.5), 2));
        assert_eq!(h.entries[1].rating, None);
    }

    #[test]
    fn netflix_episodes_become_their_show() {
        assert_eq!(
            netflix_name("Stranger Things: Season 1: Chapter One: The Vanishing of Will Byers"),
            ("Stranger Things".to_string(), Some(TitleType::TvShow))
        );
        assert_eq!(
            netflix_name("La casa de papel: Parte 1: Episodio 1"),
            ("La casa de papel".to_string(), Some(TitleType::TvShow))
        );
        assert_eq!(
            netflix_name("Star Wars: The Last Jedi"),
            ("Star Wars: The Last Jedi".to_string(), None)
        );
        assert_eq!(
            netflix_name("Our Planet: One Planet: Episode 1").1,
            Some(TitleType::TvShow)
        );
        let h = read("\u{feff}Title,Date\n\"Lupin: Part 1: Chapter 1\",1/9/21\n\"Lupin: Part 1: Chapter 2\",1/9/21\nRoma,3/1/19\n")
            .unwrap();
        assert_eq!(h.format, HistoryFormat::NetflixViewing);
        assert_eq!(h.entries.len(), 2);
        assert_eq!(
            (h.entries[0].name.as_str(), h.entries[0].views),
            ("Lupin", 2)
        );
    }

    #[test]
    fn garbage_and_unknown_headers_are_refused_clearly() {
        let e = read("a,b,c\n1,2,3\n").unwrap_err();
        assert!(e.to_string().contains("not a history export"), "{e}");
        assert_eq!(e.line, Some(1));
        let noise: Vec<u8> = (0..200_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let e = read_history("noise.bin", &noise).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("noise.bin, line 1: not a history export"),
            "{e}"
        );
        let big = vec![b'a'; MAX_BYTES + 1];
        assert!(read_history("big.csv", &big)
            .unwrap_err()
            .to_string()
            .contains("at most 50 MB"));
    }

    #[test]
    fn a_short_row_names_its_line() {
        let e = read("Title,Date\nRoma\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("expected 2 fields"), "{e}");
    }

    #[test]
    fn the_pages_own_picks_carry_ids() {
        let h = read("id,rating\nns2186,4.5\nhs1518,\n").unwrap();
        assert_eq!(h.format, HistoryFormat::CarteleraPicks);
        assert_eq!(h.entries[0].id.as_deref(), Some("ns2186"));
        assert_eq!(h.entries[1].rating, None);
        assert!(read("id,rating\nns 1,4\n").is_err());
    }

    #[test]
    fn a_letterboxd_archive_is_read_for_its_ratings_and_named_in_messages() {
        use cartelera_store::zip::write_archive;
        let ratings: &[u8] =
            b"Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Up,2009,https://boxd.it/a,4.5\n";
        let watched: &[u8] =
            b"Date,Name,Year,Letterboxd URI\n2024-01-01,Up,2009,https://boxd.it/a\n";
        let deleted: &[u8] =
            b"Date,Name,Year,Letterboxd URI,Rating\n2020-01-01,Cats,2019,https://boxd.it/c,0.5\n";
        let zip = write_archive(
            &[
                ("profile.csv", b"Date Joined,Username\n2020-01-01,someone\n"),
                ("deleted/ratings.csv", deleted),
                ("watched.csv", watched),
                ("ratings.csv", ratings),
            ],
            true,
        )
        .unwrap();
        let history = read_history("letterboxd-someone.zip", &zip).unwrap();
        assert_eq!(history.format, HistoryFormat::LetterboxdRatings);
        assert_eq!(history.file, "letterboxd-someone.zip/ratings.csv");
        assert_eq!(history.entries.len(), 1);
        assert_eq!(history.entries[0].rating, Some(4.5));
        // Without ratings, what was watched.
        let zip = write_archive(&[("watched.csv", watched)], false).unwrap();
        let history = read_history("export.zip", &zip).unwrap();
        assert_eq!(history.format, HistoryFormat::LetterboxdWatched);
        // A bad row is named inside the archive.
        let bad = write_archive(
            &[(
                "ratings.csv",
                b"Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Up\n",
            )],
            true,
        )
        .unwrap();
        let err = read_history("export.zip", &bad).unwrap_err().to_string();
        assert!(err.starts_with("export.zip/ratings.csv, line 2"), "{err}");
        // Nothing to read in it.
        let none = write_archive(&[("profile.csv", b"Date Joined,Username\n")], false).unwrap();
        let err = read_history("export.zip", &none).unwrap_err().to_string();
        assert!(
            err.contains("no history export") && err.contains("profile.csv"),
            "{err}"
        );
    }
}
