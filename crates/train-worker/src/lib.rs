//! # cartelera-train-worker
//!
//! The wasm module of the page's training worker (`public/train-worker.js`
//! loads it in a module Web Worker): `train` hands a visitor's ratings
//! files to `cartelera_ingest::train_files` and returns the factor file it
//! encodes as a zip; the worker then holds the model (or `load`s a kept
//! archive) and answers `recommend` and `predict` with
//! `cartelera-recommender`, so decoding and answering never take the
//! page's thread. Nothing else lives here: the rules,
//! the training and the encoding are the pure crates', the same calls as
//! `cartelera etl` and `cartelera train`. A separate module so that the
//! page's own wasm (downloaded by every visitor) carries no trainer and no
//! Parquet writer; it loads only when someone trains.
//!
//! Natively the crate is empty (it builds, so `cargo test --workspace`
//! covers its manifest).

#![deny(missing_docs)]

#[cfg(target_arch = "wasm32")]
mod exports;

#[cfg(target_arch = "wasm32")]
pub use exports::{card, load, predict, recommend, train};
