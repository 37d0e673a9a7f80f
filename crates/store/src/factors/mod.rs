//! The factor file: a trained matrix-factorisation model (prediction =
//! μ + b_u + b_i + q_iᵀp_u, clipped to the rating scale) as a folder of
//! small files that the CLI reads whole and the browser reads in parts:
//! the item side at start-up, then only the shard of the user it needs.
//!
//! ```text
//! model.json                    manifest: format version, precision, k, μ, scale,
//!                               counts, card, and every other file's size + CRC-32
//! items.parquet                 one row per item
//! users/shard-00000.parquet     the users whose id hashes to shard 0 (see shard_of)
//! users/shard-00001.parquet     …
//! ```
//!
//! Both tables have the columns `id` (Utf8), `features` (a list of k
//! factors, laid out like Spark MLlib ALS's saved `itemFactors`), `bias`
//! (Float32), `count` (UInt32: training ratings; 0 = unknown to the
//! model). `features` holds `List<Float32>`, `List<Float16>` or
//! `List<Int8>` by [`Precision`]; int8 adds `scale` (Float32, per row:
//! value = q × scale). A shard adds `row` (UInt32: the user's row in the
//! model, so [`decode_all`] restores the model's order), `rated_items`
//! (`List<UInt32>`: item rows in `items.parquet`) and `rated_values`
//! (`List<UInt8>`: rating × 2). μ and the biases stay f32 in every
//! precision: they are few and carry most of a prediction.
//!
//! Parquet is little-endian and Snappy-compressed (zstd does not build for
//! wasm32). The manifest is read first, so a newer format, a truncated file
//! or a flipped byte is reported before any Parquet is decoded. This module
//! works on bytes only (no file system, threads or clock): the browser
//! decodes with exactly this code. The same layout is described for other
//! tools in `docs/data-model.md`.

mod decode;
mod encode;
mod manifest;
mod table;

pub use decode::{decode_all, decode_items, decode_manifest, decode_shard};
pub use encode::{encode, set_card};
pub use manifest::*;

#[cfg(test)]
mod tests;
