//! Cartelera's recommender answers, one implementation for every front
//! end: `cartelera predict`/`recommend`, the HTTP API and the page all build
//! a [`Recommender`] from a decoded factor file and ask it, so the same
//! request gives the same JSON everywhere.
//!
//! Pure like the crates it sits on (no files, no network); builds for
//! wasm32. Loading the factor file's bytes is the caller's job.
//!
//! - [`convert`]: the trainer's `SvdModel` ⇄ the factor file's `FactorModel`.
//! - [`answer`]: the JSON bodies ([`PredictAnswer`], [`RecommendAnswer`], …).
//! - [`recommender`]: [`Recommender`] and its [`RecommendFilter`].
//! - [`request`]: parsing requests from `(parameter, value)` pairs.
//! - [`taste`]: [`TasteRecommender`], the real-taste model composed over
//!   a catalog: a visitor's picks and similar titles, by work, with why.
//! - [`page`]: the page's piecewise loading (item side, then user shards),
//!   a visitor's fold-in, and the popular-titles fallback.

pub mod answer;
pub mod convert;
pub mod page;
pub mod recommender;
pub mod request;
pub mod taste;

pub use answer::{PredictAnswer, RecommendAnswer, Recommended, SimilarAnswer, Why};
pub use recommender::{RecommendFilter, Recommender};
pub use request::{
    PredictRequest, RecommendQuery, RecommendRequest, SimilarRequest, VisitorRequest,
};
pub use taste::{TasteError, TasteRecommender, TasteSteps, ViewerScore, ViewerScores};
