//! Between the trainer's `SvdModel` and the factor file's `FactorModel`:
//! the conversion lives in `cartelera-recommender` (the page and the API
//! use it too); re-exported here for the CLI's training code.

pub use cartelera_recommender::convert::{to_factor_model, to_svd_model};
