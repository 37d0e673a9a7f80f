//! Evaluation: scores on a test set, one held-out run against the
//! baselines ([`holdout`]), k-fold cross-validation (Surprise's
//! `cross_validate`), and hyper-parameter search ([`grid_search`],
//! [`random_search`]).
//!
//! Timings use [`crate::clock::default_clock`], so they are real seconds
//! natively and 0 on wasm32.

mod cv;
mod holdout;
mod search;

pub use cv::*;
pub use holdout::{holdout, Holdout};
pub use search::{grid_search, random_search, ParamGrid, SearchReport, SearchRow, SearchSpace};
