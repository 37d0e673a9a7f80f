//! The `cartelera` command line: the native side of Cartelera.
//!
//! File and CSV I/O live here, around the pure core: extract the raw
//! catalogs and ratings files, apply the core's rules, write Parquet
//! (through `cartelera-store`), generate synthetic ratings, train and
//! serve the recommender, run queries. [`cli::run`] is the whole program;
//! `main` only hands it the process's arguments and streams, so tests
//! drive the real CLI in-process.
//!
//! Layout: [`cli`] holds the top-level command enum, [`cmd`] one module
//! per subcommand (its arguments and `run`), and the topic folders do the
//! work: [`ingest`] (raw files → pipeline outputs), [`training`],
//! [`model_io`] (factor files on disk, ALS import).

pub mod atomic;
pub mod cli;
pub mod cmd;
pub mod data;
pub mod fuzz_targets;
pub mod ingest;
pub mod model_io;
pub mod progress;
pub mod synth;
pub mod training;
