//! The `cartelera` command line: the native side of Cartelera.
//!
//! File and CSV I/O live here, around the pure core: extract the raw
//! catalogs and ratings files, apply the core's rules, write Parquet
//! (through `cartelera-store`), generate synthetic ratings, run queries.
//! [`cli::run`] is the whole program; `main` only hands it the process's
//! arguments and streams, so tests drive the real CLI in-process.

pub mod atomic;
pub mod catalog_csv;
pub mod cli;
pub mod cmd;
pub mod data;
pub mod eda_cmd;
pub mod etl;
pub mod header;
pub mod import_cmd;
pub mod model_cmd;
pub mod model_convert;
pub mod model_io;
pub mod progress;
pub mod ratings_csv;
pub mod ratings_order;
pub mod report;
pub mod serve_cmd;
pub mod synth;
pub mod train;
pub mod train_cmd;
pub mod train_input;
pub mod train_save;
pub mod train_truth;
pub mod web_export;
