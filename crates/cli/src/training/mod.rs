//! Training the recommender on files: loading ratings (`input`), the
//! split, cross-validation, search and sweep runs (`eval`), what they
//! measured (`report`) and what `cartelera train` prints of it
//! (`outcome`), saving the factor file after measuring its precision's
//! cost (`save`), and, on synthetic ratings, the recovery of the planted
//! tastes (`truth`); the real-taste model's training set and factor file
//! (`taste`). The maths is `cartelera-mf`'s.

pub mod eval;
pub mod input;
pub mod outcome;
pub mod report;
pub mod save;
pub mod taste;
pub mod truth;
