//! The numbers behind the exploratory-data-analysis charts (issue 6).
//!
//! Pure functions from a [`Catalog`] and an [`EdaFilter`] to small tables;
//! `cartelera-charts` turns them into SVG, in the page (live, filtered) and
//! in `cartelera eda`'s standalone report alike, so both show the same
//! numbers. What the page cannot compute from `titles.parquet` (rejected
//! rows, repairs, the ratings per user: they need the 65 MB ratings file)
//! comes from the ETL's report, whose types live here too
//! ([`etl_report`]) so the CLI writes and the page reads one definition.
//!
//! - [`catalog`]: counts per platform (type, release year, month added,
//!   durations, age classification, missing values).
//! - [`top`]: the most frequent genres, countries, directors and actors.
//! - [`scores`]: score distribution, score by number of ratings, ratings
//!   per title, and the log-binned histogram the ETL also uses.
//! - [`etl_report`]: the report `etl_report.json`.
//! - [`model_card`]: the parts of a factor file's card the model charts use.

pub mod catalog;
pub mod etl_report;
pub mod filter;
pub mod model_card;
pub mod scores;
pub mod top;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use serde::{Deserialize, Serialize};

use crate::model::{Catalog, Platform, Title};

pub use filter::EdaFilter;

/// Counts per platform and key: `counts[p][k]` titles of `platforms[p]`
/// fall under `keys[k]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlatformTable<K> {
    /// The platforms the filter selects, in [`Platform::ALL`] order.
    pub platforms: Vec<Platform>,
    /// The keys, in the order the table defines (see each function).
    pub keys: Vec<K>,
    /// One row per platform, one count per key.
    pub counts: Vec<Vec<u64>>,
}

impl<K> PlatformTable<K> {
    /// The count of all selected platforms together, per key.
    pub fn key_totals(&self) -> Vec<u64> {
        (0..self.keys.len())
            .map(|k| self.counts.iter().map(|row| row[k]).sum())
            .collect()
    }

    /// The count of each platform over all keys.
    pub fn platform_totals(&self) -> Vec<u64> {
        self.counts.iter().map(|row| row.iter().sum()).collect()
    }

    /// The row of one platform, if the filter selected it.
    pub fn row(&self, platform: Platform) -> Option<&[u64]> {
        let p = self.platforms.iter().position(|&q| q == platform)?;
        Some(&self.counts[p])
    }
}

/// Counts the selected titles per platform under every key `keys_of`
/// gives them (none, one or several), keys in their `Ord` order; `seed`
/// keys appear even when no title has them.
pub(crate) fn tally<'c, K, I>(
    catalog: &'c Catalog,
    filter: &EdaFilter,
    seed: impl IntoIterator<Item = K>,
    mut keys_of: impl FnMut(usize, &'c Title) -> I,
) -> PlatformTable<K>
where
    K: Ord + Hash,
    I: IntoIterator<Item = K>,
{
    // Hashed while counting (23k titles), sorted once at the end.
    let mut by_key: FastMap<K, [u64; 4]> = seed.into_iter().map(|k| (k, [0; 4])).collect();
    for (row, title) in catalog.titles().iter().enumerate() {
        if filter.matches(title) {
            for key in keys_of(row, title) {
                by_key.entry(key).or_insert([0; 4])[title.platform.index()] += 1;
            }
        }
    }
    let mut by_key: Vec<(K, [u64; 4])> = by_key.into_iter().collect();
    by_key.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let platforms = filter.platforms();
    let counts = platforms
        .iter()
        .map(|p| by_key.iter().map(|(_, c)| c[p.index()]).collect())
        .collect();
    PlatformTable {
        platforms,
        keys: by_key.into_iter().map(|(k, _)| k).collect(),
        counts,
    }
}

/// A hash map with the Fx hash (rustc's): the keys counted here are short
/// strings and small numbers, which std's DoS-resistant SipHash hashes
/// several times slower (and nothing here is attacker-timed).
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The Fx hash: rotate, xor a word, multiply; eight bytes at a time.
#[derive(Default)]
pub(crate) struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(n.into());
    }

    fn write_u32(&mut self, n: u32) {
        self.add(n.into());
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

/// A range of whole numbers: `lo..=hi`, or `lo` and above when `hi` is
/// `None` (the last, open bin of a histogram).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Bin {
    /// Smallest value in the bin.
    pub lo: u64,
    /// Largest value in the bin; `None`: no upper bound.
    pub hi: Option<u64>,
}

impl Bin {
    /// Whether `value` falls in the bin.
    pub fn contains(&self, value: u64) -> bool {
        value >= self.lo && self.hi.is_none_or(|hi| value <= hi)
    }
}

impl fmt::Display for Bin {
    /// `5`, `10–19` or `200+`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.hi {
            Some(hi) if hi == self.lo => write!(f, "{}", self.lo),
            Some(hi) => write!(f, "{}–{}", self.lo, hi),
            None => write!(f, "{}+", self.lo),
        }
    }
}

/// A year and month (1–12), ordered in time; shown as `2021-09`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct YearMonth {
    /// The year.
    pub year: i32,
    /// The month, 1–12.
    pub month: u32,
}

impl YearMonth {
    /// The month after this one.
    pub fn next(self) -> YearMonth {
        if self.month >= 12 {
            YearMonth {
                year: self.year + 1,
                month: 1,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month + 1,
            }
        }
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}
