//! Finding the expected columns in a CSV header, with a message that
//! names the file, lists the header and spots a likely misspelling; and
//! the line numbers that every CSV reader's messages use.

use std::borrow::Cow;

use anyhow::{bail, Result};
use cartelera_core::quote::{clip, quoted};

/// The most characters of a header that a message lists: a catalog's
/// twelve columns fit, a file read as one line does not.
const HEADER_SHOWN_CHARS: usize = 240;

/// The header's fields, trimmed, with a UTF-8 byte-order mark and quotes
/// removed.
pub fn clean_header<'a>(fields: impl IntoIterator<Item = &'a [u8]>) -> Vec<String> {
    fields
        .into_iter()
        .enumerate()
        .map(|(k, raw)| {
            let text = String::from_utf8_lossy(raw);
            let text = if k == 0 {
                text.trim_start_matches('\u{feff}')
            } else {
                &text
            };
            text.trim().trim_matches('"').trim().to_string()
        })
        .collect()
}

/// A file's header fields (its first line, cleaned as [`clean_header`]
/// does): what the readers look at to tell one kind of file from another.
pub fn header_of(bytes: &[u8]) -> Vec<String> {
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    clean_header(first.split(|&b| b == b','))
}

/// The position in `header` of each `wanted` column (any order; extra
/// columns are ignored).
pub fn find_columns(file: &str, header: &[String], wanted: &[&str]) -> Result<Vec<usize>> {
    let mut indices = Vec::with_capacity(wanted.len());
    for name in wanted {
        match header.iter().position(|h| h == name) {
            Some(i) => indices.push(i),
            None => {
                let hint = header
                    .iter()
                    .find(|h| !wanted.contains(&h.as_str()) && edit_distance(h, name) <= 2)
                    .map(|h| format!(" (is {} a misspelling?)", quoted(h)))
                    .unwrap_or_default();
                // A header can be a whole file (no line break in it): it
                // is shown cut, with its column count.
                let listed = header.join(",");
                let listed = match clip(&listed, HEADER_SHOWN_CHARS) {
                    Cow::Borrowed(all) => all.to_string(),
                    Cow::Owned(cut) => format!("{cut} ({} columns)", header.len()),
                };
                bail!(
                    "{file}:1: missing column `{name}`{hint}; expected the columns {} and the header has: {listed}",
                    wanted.join(","),
                );
            }
        }
    }
    Ok(indices)
}

/// Levenshtein distance, case-insensitive (header names are short).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Line numbers (1-based) of byte offsets visited in increasing order.
///
/// The csv reader's own line count lags by one after a CRLF header, so the
/// line is counted from the bytes: the newlines before the record's first
/// byte (a record that starts on the `\n` of a CRLF begins on the next line).
pub struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    /// A counter over `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// The line of the record starting at byte `offset`.
    pub fn line_at(&mut self, offset: usize) -> u64 {
        let mut offset = offset.min(self.bytes.len());
        if self.bytes.get(offset) == Some(&b'\n') {
            offset += 1;
        }
        if offset >= self.offset {
            self.line += self.bytes[self.offset..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.offset = offset;
        }
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_columns_in_any_order_and_explains_a_miss() {
        let header = clean_header(["\u{feff}movieId".as_bytes(), b" \"userId\" ", b"ratng"]);
        assert_eq!(header, ["movieId", "userId", "ratng"]);
        assert_eq!(
            find_columns("r.csv", &header, &["userId", "movieId"]).unwrap(),
            [1, 0]
        );
        let err = find_columns("r.csv", &header, &["userId", "rating"])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("r.csv:1: missing column `rating` (is \"ratng\" a misspelling?)"),
            "{err}"
        );
        let huge: Vec<String> = (0..100_000).map(|c| format!("c{c}")).collect();
        let err = find_columns("r.csv", &huge, &["userId"])
            .unwrap_err()
            .to_string();
        assert!(err.len() < 400, "{} bytes", err.len());
        assert!(err.ends_with("… (100000 columns)"), "{err}");
        assert_eq!(edit_distance("UserID", "userId"), 0);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
