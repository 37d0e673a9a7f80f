//! Cartelera's Parquet layouts.
//!
//! Converts the core's values to and from Arrow record batches and Parquet
//! bytes. It reads from [`bytes::Bytes`] and writes to any [`std::io::Write`],
//! never touching the file system, so the browser decodes `titles.parquet`
//! with exactly the code that the pipeline and the tests use.
//!
//! - [`titles`]: `titles.parquet` ⇄ `Vec<Title>`.
//! - [`page_titles`]: the page's catalog, display text only (the query
//!   text derived on reading).
//! - [`descriptions`]: the page's separate synopses file.
//! - [`ratings`]: `ratings.parquet` ⇄ [`RatingsTable`].
//! - [`factors`]: the factor file (a trained recommender: `model.json`,
//!   `items.parquet`, user shards) ⇄ [`factors::FactorModel`].
//! - [`taste_titles`]: what the page composes the taste model with beside
//!   its catalog (the synopses' known words).
//! - [`als`]: the parts of a Spark MLlib ALS model, for import.

pub mod als;
pub mod descriptions;
pub mod factors;
pub mod page_titles;
pub mod ratings;
pub mod taste_titles;
pub mod titles;
pub mod zip;

mod column;
mod precheck;

pub use column::StoreError;
pub use ratings::RatingsTable;

/// The one whole-file checksum of the project's outputs (CRC-32, as the
/// factor file's `model.json` records for each file and the ETL's
/// `etl_manifest.json` for its tables): catches a flipped byte that
/// Parquet, without page checksums, would decode into changed values.
pub fn checksum(bytes: &[u8]) -> u32 {
    crc32fast::hash(bytes)
}

use parquet::basic::{BrotliLevel, Compression, Encoding};
use parquet::file::properties::{WriterProperties, WriterPropertiesBuilder};
use parquet::schema::types::ColumnPath;

/// Settings for the ratings table: Snappy, which decodes fast everywhere
/// (zstd's C code does not build for wasm32), dictionary encoding, 1 Mi-row
/// row groups, and delta encoding for timestamps, which increase within a
/// user (measured on 11 M synthetic ratings: see docs/benchmarks.md).
fn ratings_writer_properties() -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_dictionary_enabled(true)
        .set_max_row_group_row_count(Some(1 << 20))
        .set_column_dictionary_enabled(ColumnPath::from("timestamp"), false)
        .set_column_encoding(ColumnPath::from("timestamp"), Encoding::DELTA_BINARY_PACKED)
        .set_created_by("cartelera".to_string())
        .build()
}

/// Brotli at `level` (clamped to 0–11): pure Rust, so it decodes in wasm32
/// too. The page's own copies use it (see `text_writer_properties`).
fn brotli(level: u32) -> Compression {
    let level = BrotliLevel::try_new(level.min(11)).expect("0–11 are valid Brotli levels");
    Compression::BROTLI(level)
}

/// Settings for the text-heavy tables: `compression` (Brotli for the page's
/// copies, zstd for the pipeline's `titles.parquet`) with large pages so its
/// window sees more text. Measured on the real catalog's page copy: Brotli
/// 11 gives 1.12 MB, the same table uncompressed then Brotli 11 over HTTP
/// 1.14 MB, Snappy 2.37 MB (docs/scale.md). Unique text columns skip the
/// dictionary, which would only be discarded.
fn text_writer_properties(compression: Compression, unique: &[&str]) -> WriterProperties {
    text_writer_builder(compression, unique).build()
}

/// [`text_writer_properties`] before it is built, for a table that needs
/// one more setting (the page's catalog: its pages' row limit).
fn text_writer_builder(compression: Compression, unique: &[&str]) -> WriterPropertiesBuilder {
    let mut builder = WriterProperties::builder()
        .set_compression(compression)
        .set_dictionary_enabled(true)
        .set_data_page_size_limit(16 << 20)
        .set_created_by("cartelera".to_string());
    for &column in unique {
        builder = builder.set_column_dictionary_enabled(ColumnPath::from(column), false);
    }
    builder
}
