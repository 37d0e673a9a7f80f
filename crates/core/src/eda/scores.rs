//! The user ratings as the catalog carries them (each title's mean
//! `score` and `score_count`), and the log-binned histogram used for the
//! long tails (ratings per title here, ratings per user in the ETL).

use serde::{Deserialize, Serialize};

use crate::eda::{tally, Bin, EdaFilter, PlatformTable};
use crate::model::Catalog;

/// Scores are counted in bins this wide (in stars), from 0.5 to 5.0.
pub const SCORE_BIN_WIDTH: f64 = 0.25;
/// The number of score bins: (5.0 − 0.5) / [`SCORE_BIN_WIDTH`].
pub const SCORE_BINS: usize = 18;

/// The power-of-two bin of a count: `0`, `1`, `2–3`, `4–7`, `8–15`, …
pub fn log2_bin(value: u64) -> Bin {
    if value == 0 {
        return Bin { lo: 0, hi: Some(0) };
    }
    let lo = 1u64 << value.ilog2();
    Bin {
        lo,
        hi: Some(lo.checked_mul(2).map_or(u64::MAX, |next| next - 1)),
    }
}

/// One bin of a histogram and how many values fell in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BinCount {
    /// Smallest value of the bin.
    pub lo: u64,
    /// Largest value of the bin.
    pub hi: u64,
    /// Values in the bin.
    pub count: u64,
}

/// The histogram of `values` in power-of-two bins ([`log2_bin`]), every
/// bin from the smallest value's to the largest's (empty ones count 0);
/// empty input, empty histogram.
pub fn log_histogram(values: impl IntoIterator<Item = u64>) -> Vec<BinCount> {
    // Bin 0 holds the value 0, bin b ≥ 1 holds 2^(b−1) … 2^b − 1.
    let mut counts = [0u64; 65];
    for value in values {
        let bin = if value == 0 {
            0
        } else {
            value.ilog2() as usize + 1
        };
        counts[bin] += 1;
    }
    let (Some(first), Some(last)) = (
        counts.iter().position(|&c| c > 0),
        counts.iter().rposition(|&c| c > 0),
    ) else {
        return Vec::new();
    };
    (first..=last)
        .map(|b| {
            let bin = if b == 0 {
                log2_bin(0)
            } else {
                log2_bin(1 << (b - 1))
            };
            BinCount {
                lo: bin.lo,
                hi: bin.hi.unwrap_or(u64::MAX),
                count: counts[b],
            }
        })
        .collect()
}

/// The score bin index of a score in [0.5, 5.0] (5.0 goes in the last bin).
fn score_bin(score: f64) -> Option<usize> {
    if !(0.5..=5.0).contains(&score) {
        return None;
    }
    Some((((score - 0.5) / SCORE_BIN_WIDTH) as usize).min(SCORE_BINS - 1))
}

/// The lower edge of score bin `index`, in stars.
pub fn score_bin_start(index: usize) -> f64 {
    0.5 + index as f64 * SCORE_BIN_WIDTH
}

/// Titles per score bin (index `k` covers [`score_bin_start`]`(k)` up to
/// the next bin's start) and platform; unrated titles are not counted.
/// Every bin appears.
pub fn score_distribution(catalog: &Catalog, filter: &EdaFilter) -> PlatformTable<usize> {
    tally(catalog, filter, 0..SCORE_BINS, |_, t| {
        t.score.and_then(score_bin)
    })
}

/// Mean score of the titles in each power-of-two bin of their number of
/// ratings, per platform: does a title rated more often score higher?
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreByCount {
    /// Bins of `score_count` (from 1: unrated titles have no score).
    pub bins: PlatformTable<Bin>,
    /// `mean[p][k]`: mean score of those titles; `None` where there are none.
    pub mean: Vec<Vec<Option<f64>>>,
}

/// See [`ScoreByCount`].
pub fn score_by_count(catalog: &Catalog, filter: &EdaFilter) -> ScoreByCount {
    let scored = |t: &crate::model::Title| t.score.filter(|_| t.score_count > 0);
    let bins = tally(catalog, filter, [], |_, t| {
        scored(t).map(|_| log2_bin(t.score_count.into()))
    });
    let mut sums = vec![vec![0.0; bins.keys.len()]; bins.platforms.len()];
    for t in catalog.titles().iter().filter(|t| filter.matches(t)) {
        let (Some(score), Some(p)) = (
            scored(t),
            bins.platforms.iter().position(|&p| p == t.platform),
        ) else {
            continue;
        };
        let bin = log2_bin(t.score_count.into());
        if let Ok(k) = bins.keys.binary_search(&bin) {
            sums[p][k] += score;
        }
    }
    let mean = sums
        .iter()
        .zip(&bins.counts)
        .map(|(row, counts)| {
            row.iter()
                .zip(counts)
                .map(|(&sum, &n)| (n > 0).then(|| sum / n as f64))
                .collect()
        })
        .collect();
    ScoreByCount { bins, mean }
}

/// Titles per power-of-two bin of their number of ratings (0 included:
/// titles nobody rated) and platform: the long tail of attention.
/// Every bin from 0 to the most-rated selected title's appears.
pub fn ratings_per_title(catalog: &Catalog, filter: &EdaFilter) -> PlatformTable<Bin> {
    let most = catalog
        .titles()
        .iter()
        .filter(|t| filter.matches(t))
        .map(|t| u64::from(t.score_count))
        .max();
    let seed = most.map_or(Vec::new(), |most| {
        let mut bins = vec![log2_bin(0)];
        while let Some(next) = bins.last().and_then(|b| b.hi).filter(|&hi| hi < most) {
            bins.push(log2_bin(next + 1));
        }
        bins
    });
    tally(catalog, filter, seed, |_, t| {
        Some(log2_bin(t.score_count.into()))
    })
}
