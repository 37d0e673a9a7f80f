//! `etl_report.json`: what the pipeline read, kept, rejected and repaired,
//! per file, with the first examples of each problem as `file:line:field`.
//!
//! The CLI's ETL writes it; the page and `cartelera eda` read it back for
//! the data-quality charts, so the one definition lives here. Fields added
//! later are `#[serde(default)]`: older reports still read.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::eda::scores::BinCount;

/// How many examples of each rejection reason a report keeps.
pub const EXAMPLES_PER_REASON: usize = 5;

/// Rejected rows of one file, counted by reason, with the first examples.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rejections {
    /// Rows rejected for each reason.
    pub by_reason: BTreeMap<String, u64>,
    /// The first examples per reason: `file:line:field: message`.
    pub examples: BTreeMap<String, Vec<String>>,
}

impl Rejections {
    /// Records one rejected row.
    pub fn add(&mut self, reason: &str, example: impl FnOnce() -> String) {
        let count = self.by_reason.entry(reason.to_string()).or_insert(0);
        *count += 1;
        if *count as usize <= EXAMPLES_PER_REASON {
            self.examples
                .entry(reason.to_string())
                .or_default()
                .push(example());
        }
    }

    /// Adds another file's (or chunk's) rejections, keeping the first examples.
    pub fn merge(&mut self, other: Rejections) {
        for (reason, count) in other.by_reason {
            *self.by_reason.entry(reason).or_insert(0) += count;
        }
        for (reason, examples) in other.examples {
            let mine = self.examples.entry(reason).or_default();
            let room = EXAMPLES_PER_REASON.saturating_sub(mine.len());
            mine.extend(examples.into_iter().take(room));
        }
    }

    /// Total rejected rows.
    pub fn total(&self) -> u64 {
        self.by_reason.values().sum()
    }
}

/// One raw catalog file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogFileReport {
    /// File name.
    pub file: String,
    /// Platform it lists.
    pub platform: String,
    /// Data rows read (header excluded).
    pub rows_read: u64,
    /// Rows that became titles.
    pub rows_kept: u64,
    /// Rows quarantined.
    pub rows_rejected: u64,
    /// Why.
    pub rejected: Rejections,
    /// Durations moved out of the rating column.
    pub duration_moved_from_rating: u64,
    /// Missing ratings set to `g`.
    pub rating_defaulted_to_g: u64,
}

/// One ratings file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RatingsFileReport {
    /// File name.
    pub file: String,
    /// Data rows read (header and blank lines excluded).
    pub rows_read: u64,
    /// Rows kept before de-duplication across files.
    pub rows_valid: u64,
    /// Rows rejected by the row rules.
    pub rows_rejected: u64,
    /// Why.
    pub rejected: Rejections,
}

/// All ratings files together.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RatingsReport {
    /// Per file.
    pub files: Vec<RatingsFileReport>,
    /// Rows read in all files.
    pub rows_read: u64,
    /// Rows in `ratings.parquet`.
    pub rows_kept: u64,
    /// Rows rejected by the row rules.
    pub rows_rejected: u64,
    /// Earlier ratings of a (user, title) pair rated again later (the
    /// latest one is kept).
    pub duplicates_dropped: u64,
    /// Distinct users in the kept ratings.
    pub users: u64,
    /// Titles with at least one kept rating.
    pub titles_rated: u64,
    /// Titles nobody rated.
    pub titles_unrated: u64,
    /// Kept ratings per rating value ("0.5" … "5.0").
    pub histogram: BTreeMap<String, u64>,
    /// Users per power-of-two bin of their number of kept ratings (the
    /// long tail the page cannot compute: it does not load the ratings).
    /// Empty in reports written before it existed.
    #[serde(default)]
    pub ratings_per_user: Vec<BinCount>,
}

/// Null counts of `titles.parquet`'s columns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NullCounts {
    /// All platforms together, per column.
    pub total: BTreeMap<String, u64>,
    /// Per platform, per column.
    pub by_platform: BTreeMap<String, BTreeMap<String, u64>>,
}

/// The whole report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EtlReport {
    /// Tool and version that wrote it.
    pub generated_by: String,
    /// Titles written to `titles.parquet`.
    pub titles: u64,
    /// Per raw catalog file.
    pub catalogs: Vec<CatalogFileReport>,
    /// The ratings.
    pub ratings: RatingsReport,
    /// Missing values per column of `titles.parquet`.
    pub null_counts: NullCounts,
}
