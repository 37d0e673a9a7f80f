//! Evaluation pieces for the hybrid model, pure: the cold-start split, the
//! new-visitor split, ranking over a whole candidate set, and the two
//! non-collaborative references (popularity and a content profile).
//!
//! **Ranking over candidates.** Unlike [`crate::metrics::ranking_at_k`],
//! which only reorders the items a user rated in the test set, these
//! protocols rank *every* candidate item (all cold items, or the whole
//! catalogue minus the visitor's given ratings) and count an item as a hit
//! when the user rated it `>= threshold` in the held-out part; unrated
//! candidates are misses. The scores are then exactly
//! [`crate::metrics::ranking_from_predictions`]'s recall@k and NDCG@k (one
//! implementation), with the held-out ratings as truth and 0 for the rest.

use super::ItemFeatures;
use crate::data::Ratings;
use crate::error::{invalid, MfError};
use crate::metrics::{ranking_from_predictions, RankedRow, RankingScores};
use cartelera_det::Rng;

/// Ratings split so that some items have none in training (cold start).
#[derive(Clone, Debug, PartialEq)]
pub struct ColdSplit {
    /// Ratings of the warm items.
    pub train: Ratings,
    /// Every rating of the cold items.
    pub test: Ratings,
    /// The cold items, ascending.
    pub cold_items: Vec<u32>,
}

/// Hold `fraction` of the rated items (`ceil`, seeded choice) out of
/// training entirely: their ratings form the test set.
pub fn cold_item_split(ratings: &Ratings, fraction: f64, seed: u64) -> Result<ColdSplit, MfError> {
    ratings.validate()?;
    if !(fraction > 0.0 && fraction < 1.0) {
        return Err(invalid("fraction", fraction, "a number in (0, 1)"));
    }
    let counts = ratings.item_counts();
    let mut rated: Vec<u32> = (0..ratings.n_items)
        .filter(|&i| counts[i as usize] > 0)
        .collect();
    let n_cold = (fraction * rated.len() as f64).ceil() as usize;
    if n_cold >= rated.len() {
        return Err(invalid(
            "fraction",
            fraction,
            "a fraction leaving at least one rated item in training",
        ));
    }
    Rng::new(seed).shuffle(&mut rated);
    let mut is_cold = vec![false; ratings.n_items as usize];
    for &i in &rated[..n_cold] {
        is_cold[i as usize] = true;
    }
    let (cold_rows, warm_rows): (Vec<usize>, Vec<usize>) =
        (0..ratings.len()).partition(|&r| is_cold[ratings.items[r] as usize]);
    let mut cold_items = rated[..n_cold].to_vec();
    cold_items.sort_unstable();
    Ok(ColdSplit {
        train: ratings.subset(&warm_rows),
        test: ratings.subset(&cold_rows),
        cold_items,
    })
}

/// One user to rank for: ratings known to the ranker (excluded from the
/// candidates) and the held-out ratings that decide the hits.
#[derive(Clone, Debug, PartialEq)]
pub struct RankCase {
    /// User index in the rating data.
    pub user: u32,
    /// `(item, rating)` pairs the ranker may use (a visitor's picks);
    /// never recommended back.
    pub given: Vec<(u32, f32)>,
    /// Held-out `(item, rating)` pairs.
    pub truth: Vec<(u32, f32)>,
}

/// Training ratings without some users, and those users as new visitors.
#[derive(Clone, Debug, PartialEq)]
pub struct VisitorSplit {
    /// Ratings of the other users.
    pub train: Ratings,
    /// One case per held-out user, in user order.
    pub cases: Vec<RankCase>,
}

/// Hold `user_fraction` of the users with more than `n_given` ratings
/// (`ceil`, seeded) out of training; for each, `n_given` of their ratings
/// (seeded choice) are given and the rest are the truth.
pub fn new_visitor_split(
    ratings: &Ratings,
    user_fraction: f64,
    n_given: usize,
    seed: u64,
) -> Result<VisitorSplit, MfError> {
    ratings.validate()?;
    if !(user_fraction > 0.0 && user_fraction < 1.0) {
        return Err(invalid(
            "user_fraction",
            user_fraction,
            "a number in (0, 1)",
        ));
    }
    let counts = ratings.user_counts();
    let mut eligible: Vec<u32> = (0..ratings.n_users)
        .filter(|&u| counts[u as usize] as usize > n_given)
        .collect();
    let n_held = (user_fraction * eligible.len() as f64).ceil() as usize;
    if n_held == 0 || n_held >= ratings.n_users as usize {
        return Err(invalid(
            "user_fraction",
            user_fraction,
            "a fraction holding out some but not all users",
        ));
    }
    let mut rng = Rng::new(seed);
    rng.shuffle(&mut eligible);
    let mut held = eligible[..n_held].to_vec();
    held.sort_unstable();
    let mut slot = vec![usize::MAX; ratings.n_users as usize];
    for (c, &u) in held.iter().enumerate() {
        slot[u as usize] = c;
    }
    let mut per_user: Vec<Vec<(u32, f32)>> = vec![Vec::new(); held.len()];
    let mut train_rows = Vec::with_capacity(ratings.len());
    for (row, (u, i, r)) in ratings.iter().enumerate() {
        match slot[u as usize] {
            usize::MAX => train_rows.push(row),
            c => per_user[c].push((i, r)),
        }
    }
    let cases = held
        .iter()
        .zip(per_user)
        .map(|(&user, mut rs)| {
            rng.shuffle(&mut rs);
            let truth = rs.split_off(n_given);
            RankCase {
                user,
                given: rs,
                truth,
            }
        })
        .collect();
    Ok(VisitorSplit {
        train: ratings.subset(&train_rows),
        cases,
    })
}

/// Recall@k and NDCG@k of `score(case, item)` ranking `candidates` for
/// every case (module docs); each case's given items are skipped. Ties
/// are broken by ascending item index.
pub fn rank_candidates(
    cases: &[RankCase],
    candidates: &[u32],
    k: usize,
    threshold: f32,
    score: &mut dyn FnMut(usize, u32) -> f32,
) -> RankingScores {
    let mut rows = Vec::new();
    for (c, case) in cases.iter().enumerate() {
        let mut truth = case.truth.clone();
        truth.sort_unstable_by_key(|t| t.0);
        let mut given: Vec<u32> = case.given.iter().map(|g| g.0).collect();
        given.sort_unstable();
        for &item in candidates {
            if given.binary_search(&item).is_ok() {
                continue;
            }
            let t = truth
                .binary_search_by_key(&item, |t| t.0)
                .map_or(0.0, |p| truth[p].1);
            rows.push(RankedRow {
                user: c as u32,
                item,
                truth: t,
                predicted: score(c, item),
            });
        }
    }
    ranking_from_predictions(&rows, k, threshold)
}

/// Non-personal popularity of items from their features: the weighted mean,
/// over an item's features, of how many training ratings the items carrying
/// that feature received. The popularity reference for items that have no
/// ratings themselves.
pub fn feature_popularity(train: &Ratings, features: &ItemFeatures) -> Vec<f32> {
    let mut per_feature = vec![0.0f64; features.n_features as usize];
    for (i, &c) in train.item_counts().iter().enumerate() {
        for &f in features.of(i as u32).0 {
            per_feature[f as usize] += c as f64;
        }
    }
    (0..features.n_items() as u32)
        .map(|i| {
            let (ids, ws) = features.of(i);
            let wsum: f64 = ws.iter().map(|&w| w as f64).sum();
            if wsum <= 0.0 {
                return 0.0;
            }
            let s: f64 = ids
                .iter()
                .zip(ws)
                .map(|(&f, &w)| w as f64 * per_feature[f as usize])
                .sum();
            (s / wsum) as f32
        })
        .collect()
}

/// A content profile over features from `(item, rating)` pairs:
/// `Σ (r − center) w_if` per feature (liked features positive, disliked
/// negative). Score an item against it with [`profile_score`].
pub fn content_profile(features: &ItemFeatures, ratings: &[(u32, f32)], center: f32) -> Vec<f32> {
    let mut prof = vec![0.0f32; features.n_features as usize];
    for &(i, r) in ratings {
        let (ids, ws) = features.of(i);
        for (&f, &w) in ids.iter().zip(ws) {
            prof[f as usize] += (r - center) * w;
        }
    }
    prof
}

/// `Σ_f w_if profile[f]`: the content-only score of item `i`.
pub fn profile_score(features: &ItemFeatures, profile: &[f32], i: u32) -> f32 {
    let (ids, ws) = features.of(i);
    ids.iter()
        .zip(ws)
        .map(|(&f, &w)| w * profile.get(f as usize).copied().unwrap_or(0.0))
        .sum()
}
