//! A visitor's viewing history from another service, brought to the
//! catalog: read ([`read_history`]: IMDb's ratings export, Letterboxd's
//! ratings/watched/diary, Netflix's viewing history, the page's own picks,
//! the format told from the header; Letterboxd's zip archive too), matched to works by the same rules
//! as the MovieLens links ([`match_history`] over core's
//! [`cartelera_core::links::Matcher`]), turned into picks once confirmed
//! ([`MatchReport::picks`]), and the platforms ranked by how well they
//! fit the visitor ([`platform_fit`]).
//!
//! Pure like the crates it sits on; the CLI, the API and the page hand it
//! the file's bytes, so the same file gives the same answer everywhere.
//!
//! ```
//! use cartelera_history::{read_history, HistoryFormat};
//!
//! let csv = "Date,Name,Year,Letterboxd URI,Rating\n\
//!            2024-01-02,Frozen,2013,https://boxd.it/1,4.5\n";
//! let history = read_history("ratings.csv", csv.as_bytes()).unwrap();
//! assert_eq!(history.format, HistoryFormat::LetterboxdRatings);
//! assert_eq!(history.entries[0].rating, Some(4.5));
//! ```

#![deny(missing_docs)]

mod answer;
mod fit;
mod matching;
mod read;

pub use answer::{
    fit_history, import, recommend_history, HistoryAnswerError, HistoryFit, HistoryRecommendations,
    HistoryRequest,
};
pub use fit::{platform_fit, FitSummary, PlatformFit, PlatformScore};
pub use matching::{
    implicit_rating, match_history, Choice, MatchReport, MatchedEntry, UnmatchedEntry,
};
pub use read::{read_history, History, HistoryEntry, HistoryError, HistoryFormat, MAX_BYTES};
