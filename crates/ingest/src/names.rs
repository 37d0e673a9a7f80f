//! The names behind a ratings file's own ids: MovieLens' `movies.csv`
//! (`movieId,title,genres`, a title quoted when it holds a comma), dropped
//! beside its `ratings.csv`, so a model trained on MovieLens ids shows
//! "Heat (1995)", not "6".

use anyhow::{bail, Result};

use crate::header::{clean_header, find_columns, header_of, LineCounter};

/// The most names read from one file (MovieLens' full set has ~87,000).
pub const MAX_NAMES: usize = 1_000_000;

/// Whether a header (its first line) names `movieId` and `title` but no
/// `rating`: a names file, not ratings.
pub fn is_names_file(bytes: &[u8]) -> bool {
    let header = header_of(bytes);
    let has = |c: &str| header.iter().any(|h| h == c);
    has("movieId") && has("title") && !has("rating")
}

/// `(movieId, title)` of every row of a names file. Errors name the file
/// and line.
pub fn movie_titles(name: &str, bytes: &[u8]) -> Result<Vec<(String, String)>> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut lines = LineCounter::new(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let header = clean_header(reader.byte_headers()?.iter());
    let cols = find_columns(name, &header, &["movieId", "title"])?;
    let mut out = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                bail!("{name}:{line}: not a well-formed CSV row ({e})");
            }
        }
        let line = lines.line_at(record.position().map_or(0, |p| p.byte()) as usize);
        let field = |k: usize| {
            record
                .get(cols[k])
                .map(|f| String::from_utf8_lossy(f).trim().to_string())
                .filter(|f| !f.is_empty())
        };
        let (Some(id), Some(title)) = (field(0), field(1)) else {
            bail!("{name}:{line}: expected a movieId and a title");
        };
        if out.len() == MAX_NAMES {
            bail!("{name}: more than {MAX_NAMES} titles");
        }
        out.push((id, title));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn movielens_titles_with_commas_are_read_and_a_short_row_named() {
        let movies = "movieId,title,genres\r\n1,Toy Story (1995),Animation\r\n11,\"American President, The (1995)\",Comedy\r\n";
        assert!(is_names_file(movies.as_bytes()));
        assert!(!is_names_file(b"userId,movieId,rating\n"));
        assert_eq!(
            movie_titles("movies.csv", movies.as_bytes()).unwrap(),
            [
                ("1".to_string(), "Toy Story (1995)".to_string()),
                ("11".into(), "American President, The (1995)".into())
            ]
        );
        let err = movie_titles("movies.csv", b"movieId,title\n1,Up\n2\n")
            .unwrap_err()
            .to_string();
        assert_eq!(err, "movies.csv:3: expected a movieId and a title");
    }
}
