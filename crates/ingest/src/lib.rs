//! # cartelera-ingest
//!
//! The ratings files' rules, on bytes: the ETL's reader of a ratings CSV
//! (`userId,rating,timestamp,movieId` in any column order; a bad row is
//! quarantined by reason with `file:line:field` examples), the pipeline's
//! final order and de-duplication, the header rules every CSV reader of the
//! CLI shares, and [`training_set`]: ratings files → the trainer's dense
//! [`Ratings`](cartelera_mf::data::Ratings) with the ids and the quarantine
//! report. The CLI's `etl` and `train` and the page's training worker
//! (wasm32) call exactly this code; opening files is the caller's job.
//!
//! ```
//! use cartelera_ingest::{training_set, RatingsFile};
//! let file = b"userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n2,31,7,1260759185\n";
//! let set = training_set(&[RatingsFile { name: "ratings.csv", bytes: file }], None, 1)?;
//! assert_eq!(set.ratings.len(), 2);
//! assert_eq!(set.item_ids, ["31", "1029"]);
//! assert_eq!(set.files[0].rejected.by_reason["rating_out_of_range"], 1);
//! # Ok::<(), anyhow::Error>(())
//! ```

#![deny(missing_docs)]

mod header;
mod names;
mod pipeline;
mod ratings;
mod ratings_order;
mod training;

pub use header::{clean_header, find_columns, LineCounter};
pub use names::{is_names_file, movie_titles, MAX_NAMES};
pub use pipeline::{
    card_of, train_files, Errors, Progress, TrainOptions, Trained, TrainingCard, CARD_KEY,
};
pub use ratings::{
    names_catalog_ids, parse_open_ratings, parse_ratings, TitleLookup, MAX_ID_BYTES,
    RATINGS_COLUMNS,
};
pub use ratings_order::sort_and_dedupe;
pub use training::{training_set, ItemSpace, RatingsFile, TrainingSet};
