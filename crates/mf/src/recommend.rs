//! Top-N recommendation and item-to-item similarity from a trained model.
//!
//! Both scan every item once and keep the best `n` with a partial selection
//! (`select_nth_unstable_by`, O(items)) followed by a sort of just those `n`,
//! instead of sorting the whole catalogue. Ties are broken by ascending item
//! index so results are deterministic.
//!
//! Items without training ratings are never returned: their factors are
//! untrained initial noise and their score would carry no item information.

use crate::error::MfError;
use crate::foldin::FoldedUser;
use crate::model::{dot, SvdModel};
use std::cmp::Ordering;

/// Who to recommend for.
#[derive(Clone, Copy, Debug)]
pub enum UserRef<'a> {
    /// A user index of the model (an unknown one behaves like `Anonymous`).
    Known(u32),
    /// A user folded in with [`crate::foldin::fold_in`].
    Folded(&'a FoldedUser),
    /// No user information: items ranked by `μ + b_i`, Surprise's fallback
    /// for an unknown user.
    Anonymous,
}

/// Best first: score descending, then item ascending.
fn best_first(a: &(u32, f32), b: &(u32, f32)) -> Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// Keep the best `n` of `cands`, sorted best first.
pub(crate) fn select_top(mut cands: Vec<(u32, f32)>, n: usize) -> Vec<(u32, f32)> {
    if n == 0 {
        return Vec::new();
    }
    if cands.len() > n {
        cands.select_nth_unstable_by(n - 1, best_first);
        cands.truncate(n);
    }
    cands.sort_unstable_by(best_first);
    cands
}

/// The `n` items with the highest predicted score for `user`, skipping the
/// items in `exclude` (e.g. already watched) and those for which
/// `filter(item)` is false (e.g. not available in the user's region).
///
/// Scores are the unclipped predictions (`raw`): clipping would tie every
/// item predicted above the top of the scale. Errors if a folded user's
/// factor vector does not have the model's length.
pub fn top_n(
    model: &SvdModel,
    user: UserRef<'_>,
    n: usize,
    exclude: &[u32],
    filter: impl Fn(u32) -> bool,
) -> Result<Vec<(u32, f32)>, MfError> {
    // (user bias, user factors) of the query; None factors = no dot term.
    let (bias, p): (f32, Option<&[f32]>) = match user {
        UserRef::Known(u) if model.knows_user(u) => (model.bu[u as usize], model.user_factors(u)),
        UserRef::Folded(f) => {
            if f.factors.len() != model.k {
                return Err(MfError::LengthMismatch {
                    field: "factors",
                    len: f.factors.len(),
                    expected: model.k,
                });
            }
            (f.bias, Some(&f.factors))
        }
        _ => (0.0, None),
    };
    let mut excluded = exclude.to_vec();
    excluded.sort_unstable();
    excluded.dedup();
    let mut cands = Vec::with_capacity(model.n_items());
    for i in 0..model.n_items() as u32 {
        if !model.knows_item(i) || excluded.binary_search(&i).is_ok() || !filter(i) {
            continue;
        }
        let d = match (p, model.item_factors(i)) {
            (Some(p), Some(q)) => dot(p, q),
            _ => 0.0,
        };
        let score = if model.biased {
            model.mu + bias + model.bi[i as usize] + d
        } else if p.is_some() {
            d
        } else {
            model.mu
        };
        cands.push((i, score));
    }
    Ok(select_top(cands, n))
}

/// Cosine similarities between item factor vectors, with the norms
/// computed once so repeated queries cost one pass of dot products.
#[derive(Clone, Debug)]
pub struct ItemSimilarity<'a> {
    model: &'a SvdModel,
    norms: Vec<f32>,
}

impl<'a> ItemSimilarity<'a> {
    /// Precompute the norm of every item vector.
    pub fn new(model: &'a SvdModel) -> Self {
        let norms = (0..model.n_items() as u32)
            .map(|i| model.item_factors(i).map_or(0.0, |q| dot(q, q).sqrt()))
            .collect();
        ItemSimilarity { model, norms }
    }

    /// The `n` items most similar to `item` by cosine of factor vectors,
    /// excluding `item` itself, unknown items and zero vectors.
    ///
    /// Errors if `item` is out of range or has no training ratings.
    pub fn similar(&self, item: u32, n: usize) -> Result<Vec<(u32, f32)>, MfError> {
        self.similar_with(item, n, |_, cos| Some(cos))
    }

    /// [`ItemSimilarity::similar`] ranked by `score(j, cosine)` instead of
    /// the cosine itself, `None` leaving `j` out: one pass and one partial
    /// selection, however the caller adjusts the ranking.
    pub fn similar_with(
        &self,
        item: u32,
        n: usize,
        score: impl Fn(u32, f32) -> Option<f32>,
    ) -> Result<Vec<(u32, f32)>, MfError> {
        let m = self.model;
        if item as usize >= m.n_items() {
            return Err(MfError::IndexOutOfRange {
                row: 0,
                field: "item",
                index: item,
                bound: m.n_items() as u32,
            });
        }
        if !m.knows_item(item) {
            return Err(MfError::UnknownItem { row: 0, item });
        }
        let q = m.item_factors(item).unwrap_or(&[]);
        let nq = self.norms[item as usize];
        let mut cands = Vec::with_capacity(m.n_items());
        if nq > 0.0 {
            for j in 0..m.n_items() as u32 {
                let nj = self.norms[j as usize];
                if j == item || nj == 0.0 || !m.knows_item(j) {
                    continue;
                }
                let qj = m.item_factors(j).unwrap_or(&[]);
                if let Some(s) = score(j, dot(q, qj) / (nq * nj)) {
                    cands.push((j, s));
                }
            }
        }
        Ok(select_top(cands, n))
    }
}

/// The cosine of two vectors; 0 when either is all zeros.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let (na, nb) = (dot(a, a).sqrt(), dot(b, b).sqrt());
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot(a, b) / (na * nb)
    }
}

/// One-off [`ItemSimilarity::similar`] (computes the norms each call; keep an
/// [`ItemSimilarity`] for repeated queries).
pub fn similar_items(model: &SvdModel, item: u32, n: usize) -> Result<Vec<(u32, f32)>, MfError> {
    ItemSimilarity::new(model).similar(item, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// k = 2; items: 0 = (1, 0), 1 = (0, 1), 2 = (1, 1), 3 = (-1, 0),
    /// 4 = (2, 0.1) but never rated; biases 0 except b_3 = 3.
    fn model() -> SvdModel {
        SvdModel {
            mu: 3.0,
            bu: vec![0.5, 0.0],
            bi: vec![0.0, 0.0, 0.0, 3.0, 0.0],
            pu: vec![1.0, 0.5, 0.0, 0.0],
            qi: vec![1.0, 0.0, 0.0, 1.0, 1.0, 1.0, -1.0, 0.0, 2.0, 0.1],
            k: 2,
            rating_min: 0.5,
            rating_max: 5.0,
            biased: true,
            user_counts: vec![2, 0],
            item_counts: vec![1, 1, 1, 1, 0],
        }
    }

    #[test]
    fn top_n_ranks_by_raw_score_with_exclusions() {
        let m = model();
        // user 0: 3.5 + b_i + (1, 0.5)·q: i0 4.5, i1 4.0, i2 5.0, i3 5.5 (i4 unknown)
        let all = top_n(&m, UserRef::Known(0), 10, &[], |_| true).unwrap();
        assert_eq!(
            all.iter().map(|x| x.0).collect::<Vec<_>>(),
            vec![3, 2, 0, 1]
        );
        assert_eq!(all[0].1, 5.5, "raw, not clipped to 5");
        let two = top_n(&m, UserRef::Known(0), 2, &[3], |i| i != 2).unwrap();
        assert_eq!(two, vec![(0, 4.5), (1, 4.0)]);
        assert!(top_n(&m, UserRef::Known(0), 0, &[], |_| true)
            .unwrap()
            .is_empty());
        // Anonymous (and unknown user 1): μ + b_i; ties broken by item index.
        let anon = top_n(&m, UserRef::Known(1), 2, &[], |_| true).unwrap();
        assert_eq!(anon, vec![(3, 6.0), (0, 3.0)]);
        let f = FoldedUser {
            bias: 0.0,
            factors: vec![0.0, 2.0],
        };
        let folded = top_n(&m, UserRef::Folded(&f), 1, &[3], |_| true).unwrap();
        assert_eq!(folded, vec![(1, 5.0)]);
        let bad = FoldedUser {
            bias: 0.0,
            factors: vec![1.0],
        };
        assert!(top_n(&m, UserRef::Folded(&bad), 1, &[], |_| true).is_err());
    }

    #[test]
    fn similar_items_by_cosine() {
        let m = model();
        let s = similar_items(&m, 0, 10).unwrap();
        // cos(0,2) = 1/√2, cos(0,1) = 0, cos(0,3) = -1; item 4 unknown, 0 itself skipped
        assert_eq!(s.iter().map(|x| x.0).collect::<Vec<_>>(), vec![2, 1, 3]);
        assert!((s[0].1 - std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-6);
        assert_eq!(s[2].1, -1.0);
        let idx = ItemSimilarity::new(&m);
        assert_eq!(idx.similar(0, 1).unwrap(), vec![s[0]]);
        assert!(matches!(
            idx.similar(4, 3),
            Err(MfError::UnknownItem { item: 4, .. })
        ));
        assert!(matches!(
            idx.similar(9, 3),
            Err(MfError::IndexOutOfRange { .. })
        ));
    }
}
