//! # cartelera-train-worker
//!
//! The wasm module of the page's training worker (`public/train-worker.js`
//! loads it in a module Web Worker): one exported call, [`train`], that
//! hands a visitor's ratings files to `cartelera_ingest::train_files` and
//! returns the factor file it encodes. Nothing else lives here: the rules,
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
pub use exports::train;
