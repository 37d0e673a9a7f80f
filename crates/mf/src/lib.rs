//! # cartelera-mf
//!
//! The maths of a biased matrix-factorisation rating model, defined exactly
//! as the Python library Surprise defines `SVD` (Funk SVD with biases,
//! trained by SGD), for a streaming-catalogue recommender:
//!
//! * [`data`]: validated dense-index ratings, `split`, `kfold`, [`data::IdMap`];
//! * [`params`]: [`SvdParams`] with Surprise's defaults and validation;
//! * [`train`]: sequential SGD and an FPSGD-blocked, lock-free, deterministic
//!   parallel SGD with AVX2/FMA kernels selected at run time;
//! * [`model`]: [`SvdModel`] and explained [`Prediction`]s with Surprise's
//!   fallbacks for unknown users and items;
//! * [`baseline`]: `GlobalMean` and `BaselineOnly` (ALS);
//! * [`metrics`], [`eval`]: RMSE, MAE, precision/recall/NDCG@k,
//!   cross-validation, grid and random search;
//! * [`foldin`]: users not in the training set, by ridge regression;
//! * [`hybrid`]: collaborative factors plus learned content-feature
//!   embeddings, so unrated items get vectors, and its evaluation pieces;
//! * [`recommend`]: top-N and similar items;
//! * [`synthetic`]: planted test data (drawn from `cartelera-det`'s
//!   deterministic PRNG, which the trainer also uses).
//!
//! No I/O of any kind: data comes in as slices, results go out as structs.
//! Everything but multi-threaded training compiles for
//! `wasm32-unknown-unknown`, where threaded training falls back to running
//! the same schedule on one thread (same result).
//!
//! ```
//! use cartelera_mf::{data::{split, Ratings}, eval::evaluate, params::SvdParams, train::fit};
//! let r = Ratings::new(vec![0, 0, 1, 1, 2], vec![0, 1, 0, 2, 1], vec![4.0, 3.5, 5.0, 2.0, 3.0], 3, 3)?;
//! let (train, test) = split(&r, 0.4, 0)?;
//! let params = SvdParams { n_factors: 4, ..SvdParams::default() };
//! let (model, stats) = fit(&train, &params, &mut |e| assert!(e.train_rmse >= 0.0))?;
//! assert_eq!(stats.epochs.len(), 20);
//! let p = model.predict(Some(0), Some(2));
//! assert!((0.5..=5.0).contains(&p.value));
//! let scores = evaluate(&model, &test);
//! assert!(scores.rmse.is_finite());
//! # Ok::<(), cartelera_mf::MfError>(())
//! ```

#![warn(missing_docs)]

pub mod baseline;
pub mod clock;
pub mod data;
mod error;
pub mod eval;
pub mod foldin;
pub mod hybrid;
pub mod metrics;
pub mod model;
pub mod params;
pub mod recommend;
pub mod synthetic;
pub mod train;

pub use error::MfError;
pub use model::{Prediction, Predictor, SvdModel};
pub use params::SvdParams;
