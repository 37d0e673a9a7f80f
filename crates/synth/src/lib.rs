//! # cartelera-synth
//!
//! Deterministic synthetic stand-in for the streaming catalogue's user-ratings
//! files (`1.csv` … `N.csv`, header `userId,rating,timestamp,movieId`,
//! half-star ratings, Unix-second timestamps, `movieId` = platform initial +
//! `show_id` such as `ns2186`). The real files are not available; this data
//! looks like real rating data *and* has a known, planted taste structure, so
//! a recommender trained on it can be checked against the ground truth.
//!
//! ## The model
//!
//! **Taste axes.** Each title's `listed_in` genres are mapped by keyword
//! rules ([`AXIS_KEYWORDS`]) onto the [`N_AXES`] = 18 canonical axes of
//! [`AXES`]. The title's axis vector x_i has `1/√k` on each of the k axes it
//! hits (unit length), 0 elsewhere ([`taste_axes`]).
//!
//! **Users.** Each user u draws a bias b_u ~ N(0, 0.35), a movie-vs-show
//! preference m_u ~ N(0, 0.3), a classic-vs-recent preference r_u ~ N(0, 0.3)
//! and taste weights w_u: N(0, 0.15) on every axis, except 1–3 *loved* axes
//! set to U[0.9, 1.6] (drawn ∝ an axis prior in which drama and comedy are
//! common and faith rare) and 0–2 *disliked* axes set to −U[0.6, 1.3].
//!
//! **Titles.** Popularity is Zipf-like, p_i ∝ (rank_i + 100)^−1.9 over a
//! random permutation of the catalogue: a MovieLens-like long tail (with the
//! demo catalogue at full scale the top title is rated by ~45 % of users,
//! the median title by ~23 users and the least popular by 1). The title bias
//! b_i ~ N(0, 0.3) has correlation 0.3 with standardised log-popularity
//! (popular titles tend to be liked). Features: t_i = +0.5 for a movie,
//! −0.5 for a show; y_i = tanh((release_year − 2010)/10).
//!
//! **Latent score.**
//! `s_ui = 3.5 + b_u + b_i + w_u·x_i + m_u·t_i + r_u·y_i + ε`, ε ~ N(0, 0.5).
//! The part `a_ui = w_u·x_i + m_u·t_i + r_u·y_i` is the user's *affinity*.
//!
//! **Ratings.** Latent scores are cut at quantile thresholds estimated on a
//! strided sample (≤ 2^20) of all generated scores, so the half-star
//! histogram matches MovieLens ml-latest-small (0.5: 1.4 %, 1.0: 2.8 %,
//! 1.5: 1.8 %, 2.0: 7.5 %, 2.5: 5.5 %, 3.0: 19.9 %, 3.5: 13.0 %, 4.0: 26.6 %,
//! 4.5: 8.5 %, 5.0: 13.1 %) while the order of scores, and so the planted
//! structure, is kept.
//!
//! **Who rates what.** Ratings per user follow a log-normal (σ = 1.2) scaled
//! so that the total is exactly `cfg.ratings`, with a minimum of 5 and a cap
//! of 30 % of the catalogue (at full scale: median 49, top 10 % of users
//! hold ~45 % of the ratings). Every title first gets one *seed* rater,
//! chosen ∝ activity among users with ratings to spare and kept with the
//! watch probability below (the 8th candidate is kept regardless). Each
//! user's remaining ratings are drawn by popularity and kept with the watch
//! probability σ(2·a_ui + 1) — people watch what they like — rejecting
//! titles already rated, so there are no duplicate (user, title) pairs. A
//! user who exhausts a draw budget (only in near-dense configurations) takes
//! the remaining unrated titles in catalogue order from a random start.
//!
//! **Timestamps.** Each user has an activity window starting between
//! 1996-01-01 and 2021 (skewed to recent years) and lasting a log-normal
//! number of days (median 90, from 1 day to years); 35 % of the ratings of
//! titles already released fall in a 3-hour first session. A rating is never
//! before 1 January of the title's release year (a title released after the
//! window is rated within one window length of release) and never after
//! 2021-12-31T23:59:59Z ([`LAST_TIMESTAMP`]). Rows are ordered by user, then
//! by time.
//!
//! **Determinism.** All randomness comes from `cartelera-det`'s
//! xoshiro256++ (the trainer's generator too) seeded through SplitMix64,
//! one stream per (seed, stage, user), with Box–Muller normals; work is
//! spread over threads by `cartelera-det`'s ordered work queue. So the same
//! configuration and titles give byte-identical files whatever the number
//! of threads.
//!
//! The planted truth ([`GroundTruth`]) is returned in [`SynthData::truth`],
//! written by [`write_truth`] (the ratings by [`CsvParts`]; both into any
//! `Write`, the CLI stages the files), and queried with [`true_top_n`]; every
//! constant is in [`ModelParams::DEFAULT`] and `truth/model.json`.
//!
//! ```
//! use cartelera_synth::{demo_titles, generate, SynthConfig};
//! let titles = demo_titles(300, 1);
//! let cfg = SynthConfig { users: 50, ratings: 2_000, seed: 7, rows_per_file: 1_000 };
//! let data = generate(&titles, &cfg, &|_| {}).unwrap();
//! assert_eq!(data.len(), 2_000);
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod activity;
pub mod axes;
mod calendar;
mod fixtures;
mod fmt;
mod generate;
mod model;
mod output;
mod streams;
#[cfg(test)]
mod tests;
mod time;

use std::fmt as stdfmt;
use std::ops::Range;

pub use axes::{axis_index, axis_mask, taste_axes, AxisVector, AXES, AXIS_KEYWORDS, N_AXES};
pub use calendar::{year_start, FIRST_TIMESTAMP, LAST_TIMESTAMP};
pub use fixtures::demo_titles;
pub use generate::{generate, generate_with_threads, planted};
pub use model::{true_top_n, GroundTruth, ModelParams, TitleTruth, UserTruth};
pub use output::{write_truth, CsvParts, TruthFile};

/// One catalogue title, as the generator needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynthTitle {
    /// `movieId` as written to the CSV: platform initial + `show_id`, e.g.
    /// `ns2186`. Should be unique; it is written as given (CSV-quoted only
    /// if it holds a comma, quote or line break).
    pub id: String,
    /// Lower-case comma-separated genres, e.g. "horror movies, international movies".
    pub listed_in: Option<String>,
    /// Movie (true) or show (false).
    pub is_movie: bool,
    /// Release year; no rating is dated before 1 January of it.
    pub release_year: i32,
    /// 0 amazon, 1 disney, 2 hulu, 3 netflix.
    pub platform: u8,
}

/// Size and seed of a data set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SynthConfig {
    /// Number of users; user ids are 1..=users.
    pub users: u32,
    /// Exact number of ratings.
    pub ratings: u64,
    /// Seed of every random stream.
    pub seed: u64,
    /// Rows per CSV file (the last file may be shorter).
    pub rows_per_file: usize,
}

impl SynthConfig {
    /// Rows per file of the real data set.
    pub const ROWS_PER_FILE: usize = 1_500_000;

    /// The real data set's size: 115,000 users, 11,024,289 ratings, seed 42.
    pub fn full() -> Self {
        SynthConfig {
            users: 115_000,
            ratings: 11_024_289,
            seed: 42,
            rows_per_file: Self::ROWS_PER_FILE,
        }
    }

    /// A quick data set for tests and demos: 2,000 users, 100,000 ratings.
    pub fn small() -> Self {
        SynthConfig {
            users: 2_000,
            ratings: 100_000,
            seed: 42,
            rows_per_file: Self::ROWS_PER_FILE,
        }
    }

    /// Checks the configuration against a catalogue of `titles` titles.
    pub fn validate(&self, titles: usize) -> Result<(), SynthError> {
        if titles == 0 {
            return Err(SynthError::NoTitles);
        }
        if titles > u32::MAX as usize {
            return Err(SynthError::TooManyTitles { titles });
        }
        if self.users == 0 {
            return Err(SynthError::ZeroUsers);
        }
        if self.rows_per_file == 0 {
            return Err(SynthError::ZeroRowsPerFile);
        }
        if self.ratings < titles as u64 {
            return Err(SynthError::TooFewRatings {
                ratings: self.ratings,
                titles,
            });
        }
        let max = self.users as u128 * titles as u128;
        if self.ratings as u128 > max {
            return Err(SynthError::TooManyRatings {
                ratings: self.ratings,
                max,
            });
        }
        Ok(())
    }
}

/// Why a data set cannot be generated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SynthError {
    /// The title catalogue is empty.
    NoTitles,
    /// More titles than u32 indexes can address.
    TooManyTitles {
        /// Number of titles given.
        titles: usize,
    },
    /// `users` is 0.
    ZeroUsers,
    /// `rows_per_file` is 0.
    ZeroRowsPerFile,
    /// Fewer ratings than titles: not every title could be rated.
    TooFewRatings {
        /// Requested ratings.
        ratings: u64,
        /// Number of titles.
        titles: usize,
    },
    /// More ratings than distinct (user, title) pairs.
    TooManyRatings {
        /// Requested ratings.
        ratings: u64,
        /// users × titles.
        max: u128,
    },
    /// The per-user state or the rating columns could not be allocated.
    OutOfMemory {
        /// Requested users.
        users: u32,
        /// Requested ratings.
        ratings: u64,
    },
}

impl stdfmt::Display for SynthError {
    fn fmt(&self, f: &mut stdfmt::Formatter<'_>) -> stdfmt::Result {
        match self {
            SynthError::NoTitles => write!(f, "titles: the catalogue is empty; expected at least 1 title"),
            SynthError::TooManyTitles { titles } => {
                write!(f, "titles: got {titles}; expected at most {} (title indexes are u32)", u32::MAX)
            }
            SynthError::ZeroUsers => write!(f, "users: got 0; expected at least 1"),
            SynthError::ZeroRowsPerFile => write!(f, "rows_per_file: got 0; expected at least 1"),
            SynthError::TooFewRatings { ratings, titles } => write!(
                f,
                "ratings: got {ratings}; expected at least {titles}, the number of titles (every title is rated at least once)"
            ),
            SynthError::TooManyRatings { ratings, max } => write!(
                f,
                "ratings: got {ratings}; expected at most users × titles = {max} (a user rates a title at most once)"
            ),
            SynthError::OutOfMemory { users, ratings } => write!(
                f,
                "users/ratings: could not allocate memory for {users} users (about 120 bytes each) and {ratings} ratings (about 21 bytes each); expected a smaller configuration"
            ),
        }
    }
}

impl std::error::Error for SynthError {}

/// A generated data set: ratings in columnar form, ordered by user then
/// time, plus the planted ground truth. Row k is
/// (`user_id[k]`, `title[k]`, `rating_x2[k]`, `timestamp[k]`).
#[derive(Clone, Debug, PartialEq)]
pub struct SynthData {
    /// The configuration it was generated from.
    pub config: SynthConfig,
    /// 1-based user id (MovieLens style).
    pub user_id: Vec<u32>,
    /// Index into the title catalogue passed to [`generate`].
    pub title: Vec<u32>,
    /// Rating × 2, in 1..=10 (1 = 0.5 stars, 10 = 5.0 stars).
    pub rating_x2: Vec<u8>,
    /// Unix seconds.
    pub timestamp: Vec<i64>,
    /// The planted parameters.
    pub truth: GroundTruth,
}

impl SynthData {
    /// Number of ratings.
    pub fn len(&self) -> usize {
        self.user_id.len()
    }

    /// Whether there are no ratings (never true for generated data).
    pub fn is_empty(&self) -> bool {
        self.user_id.is_empty()
    }

    /// Rating of row `k` in stars (0.5..=5.0).
    pub fn rating(&self, k: usize) -> f32 {
        self.rating_x2[k] as f32 / 2.0
    }

    /// Rows of user `user_id` (1-based); empty if the user has none.
    pub fn user_rows(&self, user_id: u32) -> Range<usize> {
        let start = self.user_id.partition_point(|&u| u < user_id);
        let end = self.user_id.partition_point(|&u| u <= user_id);
        start..end
    }
}
