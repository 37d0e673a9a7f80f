//! The fuzz targets of `cargo xtask fuzz` (issue 15): each is a
//! `fn(&[u8])` that hands arbitrary bytes to one of the project's real
//! readers, the same code the CLI, the API and the page run. A target
//! ignores the reader's `Err` (a clear error is the wanted answer to bad
//! input); it fails only by panicking, aborting or hanging.
//!
//! The fuzzer (xtask) and its regression test (xtask's
//! `saved_failures_no_longer_fail`) both call [`target`], so a saved failing input replays the exact code
//! that failed.

use std::borrow::Cow;
use std::sync::OnceLock;

use bytes::Bytes;
use cartelera_core::{Platform, Query, QueryKind};
use cartelera_recommender::request::{
    PredictRequest, RecommendQuery, RecommendRequest, SimilarRequest, VisitorRequest,
};
use cartelera_recommender::RecommendFilter;
use cartelera_store::factors::{
    decode_all, decode_manifest, shard_path, ITEMS_FILE, MANIFEST_FILE,
};

use crate::ingest::catalog_csv::parse_catalog;
use cartelera_ingest::{parse_ratings, TitleLookup};

/// A fuzz target: feeds its bytes to one reader.
pub type Target = fn(&[u8]);

/// The targets' names, in the order the fuzzer runs them.
pub const NAMES: [&str; 6] = [
    "catalog_csv",
    "ratings_csv",
    "titles_parquet",
    "ratings_parquet",
    "factor_file",
    "api_request",
];

/// Separates the files of a `factor_file` input: `model.json`, then
/// `items.parquet`, then the user shards in order (one byte string, so the
/// mutator can change any of them and their number).
pub const FILE_SEPARATOR: &[u8] = b"\n\0--cartelera-fuzz-file--\0\n";

/// The target named `name` (one of [`NAMES`]).
pub fn target(name: &str) -> Option<Target> {
    Some(match name {
        "catalog_csv" => catalog_csv,
        "ratings_csv" => ratings_csv,
        "titles_parquet" => titles_parquet,
        "ratings_parquet" => ratings_parquet,
        "factor_file" => factor_file,
        "api_request" => api_request,
        _ => return None,
    })
}

/// The catalog CSV reader (`etl`'s extract step, through the core's rules).
fn catalog_csv(bytes: &[u8]) {
    let _ = parse_catalog(Platform::Netflix, "netflix_titles.csv", bytes);
}

/// A lookup of the ids `as1`…`ns300` of every platform, built through the
/// catalog reader itself, so rating rows of the seed find their titles.
fn lookup() -> &'static TitleLookup {
    static LOOKUP: OnceLock<TitleLookup> = OnceLock::new();
    LOOKUP.get_or_init(|| {
        let mut csv = String::from(
            "show_id,type,title,director,cast,country,date_added,release_year,rating,duration,listed_in,description\n",
        );
        for n in 1..=300 {
            csv.push_str(&format!(
                "s{n},Movie,Title {n},,,,\"September 25, 2021\",2020,PG,90 min,Dramas,A film.\n"
            ));
        }
        let mut titles = Vec::new();
        for platform in [
            Platform::Amazon,
            Platform::Disney,
            Platform::Hulu,
            Platform::Netflix,
        ] {
            if let Ok((mut t, _)) = parse_catalog(platform, "lookup.csv", csv.as_bytes()) {
                titles.append(&mut t);
            }
        }
        TitleLookup::new(&titles)
    })
}

/// The ratings CSV reader (`etl --ratings`), on one thread.
fn ratings_csv(bytes: &[u8]) {
    let _ = parse_ratings("1.csv", bytes, lookup(), 1);
}

/// `titles.parquet`'s reader.
fn titles_parquet(bytes: &[u8]) {
    let _ = cartelera_store::titles::read(Bytes::copy_from_slice(bytes));
}

/// `ratings.parquet`'s reader, against the lookup's catalog.
fn ratings_parquet(bytes: &[u8]) {
    let lookup = lookup();
    let _ = cartelera_store::ratings::read(Bytes::copy_from_slice(bytes), &|id| {
        lookup.get(id.as_bytes())
    });
}

/// The factor file's decoder, twice: on the files as given (most mutations
/// stop at a checksum), then with the manifest's sizes and checksums made
/// to match the files, so the tables' own checks are reached too.
fn factor_file(bytes: &[u8]) {
    let parts = split_files(bytes);
    let decode = |parts: &[Vec<u8>]| {
        let _ = decode_all(&|path: &str| {
            let index = if path == MANIFEST_FILE {
                0
            } else if path == ITEMS_FILE {
                1
            } else {
                // A shard: its position after the items file.
                (0..parts.len().saturating_sub(2))
                    .find(|&s| shard_path(s as u32) == path)
                    .map(|s| s + 2)?
            };
            parts.get(index).map(|p| Bytes::copy_from_slice(p))
        });
    };
    decode(&parts);
    let Some(manifest_bytes) = parts.first() else {
        return;
    };
    let Ok(mut manifest) = decode_manifest(manifest_bytes) else {
        return;
    };
    for entry in &mut manifest.files {
        let index = if entry.path == ITEMS_FILE {
            Some(1)
        } else {
            (0..parts.len().saturating_sub(2))
                .find(|&s| shard_path(s as u32) == entry.path)
                .map(|s| s + 2)
        };
        if let Some(part) = index.and_then(|i| parts.get(i)) {
            entry.bytes = part.len() as u64;
            entry.crc32 = crc32fast::hash(part);
        }
    }
    let Ok(fixed) = serde_json::to_vec(&manifest) else {
        return;
    };
    let mut fixed_parts = parts.clone();
    fixed_parts[0] = fixed;
    decode(&fixed_parts);
}

/// Splits a `factor_file` input on [`FILE_SEPARATOR`].
fn split_files(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut parts = Vec::new();
    let mut rest = bytes;
    while let Some(at) = rest
        .windows(FILE_SEPARATOR.len())
        .position(|w| w == FILE_SEPARATOR)
    {
        parts.push(rest[..at].to_vec());
        rest = &rest[at + FILE_SEPARATOR.len()..];
    }
    parts.push(rest.to_vec());
    parts
}

/// The API's request parsers: the first line names a catalog query, the
/// rest is a query string, decoded as the server decodes it and given to
/// every parser.
fn api_request(bytes: &[u8]) {
    let (name, query) = match bytes.iter().position(|&b| b == b'\n') {
        Some(at) => (&bytes[..at], &bytes[at + 1..]),
        None => (&b""[..], bytes),
    };
    let name = String::from_utf8_lossy(name);
    let pairs: Vec<(Cow<str>, Cow<str>)> = form_urlencoded::parse(query).collect();
    let pairs = || pairs.iter().map(|(k, v)| (k.as_ref(), v.as_ref()));
    let _ = Query::parse(&name, pairs());
    for kind in QueryKind::ALL {
        let _ = Query::parse_kind(kind, pairs());
    }
    let _ = RecommendQuery::parse(pairs());
    let _ = RecommendRequest::parse(pairs());
    let _ = PredictRequest::parse(pairs());
    let _ = SimilarRequest::parse(pairs());
    let _ = VisitorRequest::parse(pairs());
    let _ = RecommendFilter::parse(pairs());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_has_a_target() {
        for name in NAMES {
            assert!(target(name).is_some(), "{name}");
        }
        assert!(target("nope").is_none());
    }

    #[test]
    fn the_lookup_knows_the_seed_ids() {
        assert!(lookup().get(b"as1").is_some());
        assert!(lookup().get(b"ns300").is_some());
    }

    #[test]
    fn factor_inputs_split_on_the_separator() {
        let mut input = b"a".to_vec();
        input.extend_from_slice(FILE_SEPARATOR);
        input.extend_from_slice(b"b");
        assert_eq!(split_files(&input), vec![b"a".to_vec(), b"b".to_vec()]);
    }
}
