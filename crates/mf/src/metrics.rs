//! Accuracy and ranking metrics.
//!
//! **Rating accuracy** over `(true, predicted)` pairs:
//! `RMSE = sqrt(mean((t − p)²))`, `MAE = mean(|t − p|)` (NaN for no pairs).
//!
//! **Ranking at k** from a test set and predictions (see
//! [`ranking_from_predictions`]). An item is *relevant* to a user when its
//! true test rating is `>= threshold` (default 4.0). Only users with at least
//! one relevant test item are scored. For such a user, their test items are
//! ranked by predicted rating, descending, ties broken by ascending item
//! index, and the first `k` are taken. With `hits` the relevant items among
//! those `k`:
//!
//! * `precision@k = hits / min(k, n_test_items_of_user)` — the denominator is
//!   the number of items actually shown, so a user with 3 test items is not
//!   penalised for a list of 3;
//! * `recall@k = hits / n_relevant_of_user`;
//! * `NDCG@k = DCG / IDCG`, binary gains, `DCG = Σ_{pos=1..k} rel(pos) /
//!   log2(pos + 1)`, `IDCG` the same for the ideal order (all relevant items
//!   first, `min(k, n_relevant)` of them).
//!
//! Each is averaged over the scored users (NaN if there are none).

use crate::data::Ratings;
use crate::model::Predictor;

/// Default list length of the ranking metrics.
pub const DEFAULT_K: usize = 10;
/// Default relevance threshold (true rating `>=` this is relevant).
pub const DEFAULT_THRESHOLD: f32 = 4.0;

/// Root mean squared error of `(true, predicted)` pairs; NaN when empty.
pub fn rmse(pairs: &[(f32, f32)]) -> f64 {
    if pairs.is_empty() {
        return f64::NAN;
    }
    let s: f64 = pairs
        .iter()
        .map(|&(t, p)| (t as f64 - p as f64).powi(2))
        .sum();
    (s / pairs.len() as f64).sqrt()
}

/// Mean absolute error of `(true, predicted)` pairs; NaN when empty.
pub fn mae(pairs: &[(f32, f32)]) -> f64 {
    if pairs.is_empty() {
        return f64::NAN;
    }
    let s: f64 = pairs
        .iter()
        .map(|&(t, p)| (t as f64 - p as f64).abs())
        .sum();
    s / pairs.len() as f64
}

/// Averages of the ranking metrics.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RankingScores {
    /// Mean precision@k.
    pub precision: f64,
    /// Mean recall@k.
    pub recall: f64,
    /// Mean NDCG@k.
    pub ndcg: f64,
    /// Users that were scored (had a relevant test item).
    pub n_users: usize,
}

/// One test row for [`ranking_from_predictions`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RankedRow {
    /// User index.
    pub user: u32,
    /// Item index.
    pub item: u32,
    /// True rating.
    pub truth: f32,
    /// Predicted rating.
    pub predicted: f32,
}

/// Ranking metrics at `k` from explicit rows (definitions in the module docs).
pub fn ranking_from_predictions(rows: &[RankedRow], k: usize, threshold: f32) -> RankingScores {
    let mut rows = rows.to_vec();
    // Group by user; within a user: predicted desc, then item asc.
    rows.sort_by(|a, b| {
        a.user
            .cmp(&b.user)
            .then(b.predicted.total_cmp(&a.predicted))
            .then(a.item.cmp(&b.item))
    });
    let (mut p_sum, mut r_sum, mut n_sum, mut users) = (0.0f64, 0.0f64, 0.0f64, 0usize);
    for group in rows.chunk_by(|a, b| a.user == b.user) {
        let n_rel = group.iter().filter(|r| r.truth >= threshold).count();
        if n_rel == 0 || k == 0 {
            continue;
        }
        let shown = &group[..k.min(group.len())];
        let mut hits = 0usize;
        let mut dcg = 0.0f64;
        for (pos, r) in shown.iter().enumerate() {
            if r.truth >= threshold {
                hits += 1;
                dcg += 1.0 / ((pos + 2) as f64).log2();
            }
        }
        let idcg: f64 = (0..k.min(n_rel))
            .map(|pos| 1.0 / ((pos + 2) as f64).log2())
            .sum();
        p_sum += hits as f64 / shown.len() as f64;
        r_sum += hits as f64 / n_rel as f64;
        n_sum += dcg / idcg;
        users += 1;
    }
    let avg = |s: f64| {
        if users == 0 {
            f64::NAN
        } else {
            s / users as f64
        }
    };
    RankingScores {
        precision: avg(p_sum),
        recall: avg(r_sum),
        ndcg: avg(n_sum),
        n_users: users,
    }
}

/// Ranking metrics at `k` of `predictor` on `test` (predictions are the
/// clipped `value`s, i.e. the predicted ratings).
pub fn ranking_at_k<P: Predictor + ?Sized>(
    test: &Ratings,
    predictor: &P,
    k: usize,
    threshold: f32,
) -> RankingScores {
    let rows: Vec<RankedRow> = test
        .iter()
        .map(|(u, i, t)| RankedRow {
            user: u,
            item: i,
            truth: t,
            predicted: predictor.predict(Some(u), Some(i)).value,
        })
        .collect();
    ranking_from_predictions(&rows, k, threshold)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(user: u32, item: u32, truth: f32, predicted: f32) -> RankedRow {
        RankedRow {
            user,
            item,
            truth,
            predicted,
        }
    }

    #[test]
    fn rmse_and_mae_by_hand() {
        let pairs = [(3.0, 2.0), (4.0, 4.5), (1.0, 3.0)];
        // errors 1, 0.5, 2: squares 1 + 0.25 + 4 = 5.25
        assert!((rmse(&pairs) - (5.25f64 / 3.0).sqrt()).abs() < 1e-12);
        assert!((mae(&pairs) - 3.5 / 3.0).abs() < 1e-12);
        assert!(rmse(&[]).is_nan() && mae(&[]).is_nan());
    }

    #[test]
    fn ranking_by_hand() {
        let rows = [
            // user 0: predicted order i2 (5.0), i1 (4.5, tie with i3 → i1 first), i3, i0
            row(0, 0, 5.0, 1.0), // relevant, ranked 4th
            row(0, 1, 2.0, 4.5),
            row(0, 2, 4.0, 5.0), // relevant, ranked 1st
            row(0, 3, 4.5, 4.5), // relevant, ranked 3rd
            // user 1: no relevant item → skipped
            row(1, 0, 3.0, 5.0),
            // user 2: one item, relevant, ranked 1st
            row(2, 7, 4.0, 2.0),
        ];
        let s = ranking_from_predictions(&rows, 3, 4.0);
        assert_eq!(s.n_users, 2);
        // user 0, k=3: shown i2 (rel), i1, i3 (rel): hits 2
        let p0 = 2.0 / 3.0;
        let r0 = 2.0 / 3.0;
        let dcg0 = 1.0 + 1.0 / 4f64.log2(); // positions 1 and 3
        let idcg0 = 1.0 + 1.0 / 3f64.log2() + 1.0 / 4f64.log2();
        // user 2: precision 1/min(3,1) = 1, recall 1, ndcg 1
        assert!((s.precision - (p0 + 1.0) / 2.0).abs() < 1e-12);
        assert!((s.recall - (r0 + 1.0) / 2.0).abs() < 1e-12);
        assert!((s.ndcg - (dcg0 / idcg0 + 1.0) / 2.0).abs() < 1e-12);
        let none = ranking_from_predictions(&rows[4..5], 10, 4.0);
        assert_eq!(none.n_users, 0);
        assert!(none.precision.is_nan());
    }

    #[test]
    fn tie_break_by_item_index_matters() {
        // Same predicted score; the relevant item has the larger index, so with
        // k = 1 it is not shown.
        let rows = [row(0, 5, 5.0, 3.0), row(0, 2, 1.0, 3.0)];
        let s = ranking_from_predictions(&rows, 1, 4.0);
        assert_eq!((s.precision, s.recall, s.ndcg), (0.0, 0.0, 0.0));
    }
}
