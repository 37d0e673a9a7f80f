//! Extract: user-ratings CSV files (`userId,rating,timestamp,movieId`, any
//! column order) into a [`RatingsTable`], in parallel chunks.
//!
//! The rows are plain numbers and ids, so a hand-written line parser does
//! the work (several times faster than a general CSV reader on 11 M rows);
//! a bad row is rejected, counted by reason and located as `file:line:field`.
//!
//! Two kinds of `movieId`: the pipeline's (a catalog title id, checked
//! against the catalog: [`parse_ratings`]) and any other id space, such as
//! MovieLens' numbers, where each distinct id becomes an item of its own
//! ([`parse_open_ratings`]; a file read for training alone may leave out
//! `timestamp`). Every other rule is the same for both.

use std::collections::HashMap;

use anyhow::{bail, Result};
use cartelera_core::eda::etl_report::{RatingsFileReport, Rejections};
use cartelera_core::quote::quoted_bytes;
use cartelera_core::ratings::half_stars;
use cartelera_core::{Platform, Title};
use cartelera_store::RatingsTable;

use super::header::{clean_header, find_columns};

/// The columns a ratings file must have (the original bootcamp schema).
pub const RATINGS_COLUMNS: [&str; 4] = ["userId", "rating", "timestamp", "movieId"];

/// The longest `movieId` an open-id file may hold (MovieLens' are at most
/// six digits; the factor file's ids are text).
pub const MAX_ID_BYTES: usize = 64;

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
        TitleLookup::from_ids(titles.iter().map(|t| t.id.as_str()))
    }

    /// Indexes catalog ids given in row order (the page's worker gets the
    /// ids, not the titles).
    pub fn from_ids<'a>(ids: impl IntoIterator<Item = &'a str>) -> TitleLookup {
        let mut lookup = TitleLookup {
            by_number: Default::default(),
            other: HashMap::new(),
        };
        for (row, id) in ids.into_iter().enumerate() {
            match split_numeric_id(id.as_bytes()) {
                Some((p, n)) if n < 10_000_000 => {
                    let slots = &mut lookup.by_number[p];
                    if slots.len() <= n {
                        slots.resize(n + 1, 0);
                    }
                    slots[n] = row as u32 + 1;
                }
                _ => {
                    lookup.other.insert(id.as_bytes().to_vec(), row as u32);
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

/// Parses one ratings file of the pipeline's (title ids checked against
/// the catalog) with `threads` threads: `title_row` is the catalog row.
pub fn parse_ratings(
    name: &str,
    bytes: &[u8],
    lookup: &TitleLookup,
    threads: usize,
) -> Result<(RatingsTable, RatingsFileReport)> {
    let (table, report, _) = parse(name, bytes, Items::Catalog(lookup), threads)?;
    Ok((table, report))
}

/// Parses one ratings file whose `movieId`s are not catalog ids (such as
/// MovieLens' numbers): `title_row` indexes the returned ids, in the order
/// the file first names them. `timestamp` may be absent (then 0).
pub fn parse_open_ratings(
    name: &str,
    bytes: &[u8],
    threads: usize,
) -> Result<(RatingsTable, RatingsFileReport, Vec<String>)> {
    parse(name, bytes, Items::Open, threads)
}

/// Whether a file's `movieId`s are catalog ids: its first data row's id is
/// one of the catalog's or is written like one (`ns2186`: a typo or a
/// title the catalog lacks is then quarantined as `unknown_title`, not a
/// reason to read the whole file otherwise), so [`parse_ratings`] applies;
/// or not (MovieLens' `31`, any other id: [`parse_open_ratings`]). A file
/// without a usable first row counts as the pipeline's, whose reader then
/// names what is wrong.
pub fn names_catalog_ids(bytes: &[u8], lookup: &TitleLookup) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut lines = bytes
        .split(|&b| b == b'\n')
        .map(trim_cr)
        .filter(|l| !l.is_empty());
    let (Some(header), Some(first)) = (lines.next(), lines.next()) else {
        return true;
    };
    let header = clean_header(header.split(|&b| b == b','));
    let Some(col) = header.iter().position(|h| h == "movieId") else {
        return true;
    };
    first.split(|&b| b == b',').nth(col).is_none_or(|id| {
        let id = unquote(id);
        lookup.get(id).is_some() || split_numeric_id(id).is_some()
    })
}

/// Where a row's `movieId` goes.
#[derive(Clone, Copy)]
enum Items<'a> {
    /// To its catalog row (unknown ids are rejected).
    Catalog(&'a TitleLookup),
    /// To an item of its own.
    Open,
}

fn parse(
    name: &str,
    bytes: &[u8],
    items: Items<'_>,
    threads: usize,
) -> Result<(RatingsTable, RatingsFileReport, Vec<String>)> {
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
    let layout = match items {
        Items::Catalog(_) => {
            let cols = find_columns(name, &header, &RATINGS_COLUMNS)?;
            Layout {
                width: header.len(),
                user: cols[0],
                rating: cols[1],
                timestamp: Some(cols[2]),
                movie: cols[3],
            }
        }
        Items::Open => {
            let cols = find_columns(name, &header, &["userId", "rating", "movieId"])?;
            Layout {
                width: header.len(),
                user: cols[0],
                rating: cols[1],
                timestamp: header.iter().position(|h| h == "timestamp"),
                movie: cols[2],
            }
        }
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
            .map(|&(c, l)| parse_chunk(name, c, l, &layout, items))
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
                            .map(|&(c, l)| parse_chunk(name, c, l, layout, items))
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
    // Open ids: each chunk numbered its own in first-seen order; in chunk
    // order they become the file's.
    let mut item_ids: Vec<String> = Vec::new();
    let mut item_index: HashMap<String, u32> = HashMap::new();
    for chunk in parsed {
        report.rows_read += chunk.rows_read;
        report.rejected.merge(chunk.rejected);
        table.user_id.extend_from_slice(&chunk.table.user_id);
        if matches!(items, Items::Open) {
            let global: Vec<u32> = chunk
                .open_ids
                .into_iter()
                .map(|id| {
                    *item_index.entry(id).or_insert_with_key(|id| {
                        item_ids.push(id.clone());
                        item_ids.len() as u32 - 1
                    })
                })
                .collect();
            table
                .title_row
                .extend(chunk.table.title_row.iter().map(|&l| global[l as usize]));
        } else {
            table.title_row.extend_from_slice(&chunk.table.title_row);
        }
        table.half_stars.extend_from_slice(&chunk.table.half_stars);
        table.timestamp.extend_from_slice(&chunk.table.timestamp);
    }
    report.rows_valid = table.len() as u64;
    report.rows_rejected = report.rejected.total();
    Ok((table, report, item_ids))
}

struct Layout {
    width: usize,
    user: usize,
    rating: usize,
    timestamp: Option<usize>,
    movie: usize,
}

struct Chunk {
    table: RatingsTable,
    rows_read: u64,
    rejected: Rejections,
    /// Open ids: the chunk's distinct ids, `title_row` indexing them.
    open_ids: Vec<String>,
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
    items: Items<'_>,
) -> Chunk {
    let mut out = Chunk {
        table: RatingsTable::default(),
        rows_read: 0,
        rejected: Rejections::default(),
        open_ids: Vec::new(),
    };
    let mut open_index: HashMap<&[u8], u32> = HashMap::new();
    // Only the fields up to the last needed column are kept; the others
    // are only counted (a header may have any number of extra columns).
    let needed = 1 + layout
        .user
        .max(layout.rating)
        .max(layout.timestamp.unwrap_or(0))
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
        let timestamp = match layout.timestamp {
            Some(col) => {
                let ts_field = unquote(fields[col]);
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
                timestamp
            }
            None => 0,
        };
        let movie_field = unquote(fields[layout.movie]);
        let row = match items {
            Items::Catalog(lookup) => {
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
                row
            }
            Items::Open => {
                let id = std::str::from_utf8(movie_field)
                    .ok()
                    .filter(|id| !id.is_empty() && id.len() <= MAX_ID_BYTES);
                let Some(id) = id else {
                    out.rejected.add("bad_movie_id", || {
                        format!(
                            "{}: expected an id of 1 to {MAX_ID_BYTES} bytes of UTF-8 text, found {}",
                            at("movieId"),
                            quoted_bytes(movie_field)
                        )
                    });
                    continue;
                };
                *open_index.entry(movie_field).or_insert_with(|| {
                    out.open_ids.push(id.to_string());
                    out.open_ids.len() as u32 - 1
                })
            }
        };
        out.table.push(user, row, half, timestamp);
    }
    out
}

#[cfg(test)]
mod tests;
