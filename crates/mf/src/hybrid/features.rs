//! Item content features as a compressed sparse row (CSR) matrix.
//!
//! Row `i` lists the features of item `i` (ids below `n_features`) with a
//! weight each. The vocabulary belongs to the caller (genres, decade, people
//! …); this crate only sees dense ids. [`ItemFeatures::from_lists`] gives
//! every feature of an item the weight `1/√|F_i|`, so that an item's content
//! vector `Σ_f w_if e_f` keeps the same scale whether it has one feature or
//! twenty (LightFM normalises its feature rows the same way, to unit sum of
//! squares).

use crate::error::{invalid, MfError};

/// Features of every item: `ids[offsets[i]..offsets[i + 1]]` with the
/// matching `weights`.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemFeatures {
    /// Number of distinct features; every id is below it.
    pub n_features: u32,
    /// Row starts, length `n_items + 1`, non-decreasing, first 0.
    pub offsets: Vec<usize>,
    /// Feature ids, row after row.
    pub ids: Vec<u32>,
    /// Weight of each entry of `ids`.
    pub weights: Vec<f32>,
}

impl ItemFeatures {
    /// Build from the three CSR arrays and validate them.
    pub fn new(
        n_features: u32,
        offsets: Vec<usize>,
        ids: Vec<u32>,
        weights: Vec<f32>,
    ) -> Result<Self, MfError> {
        let f = ItemFeatures {
            n_features,
            offsets,
            ids,
            weights,
        };
        f.validate()?;
        Ok(f)
    }

    /// One list of feature ids per item, each weighted `1/√|F_i|`
    /// (duplicates inside a list are kept once). Items with an empty list
    /// have no content features.
    pub fn from_lists(n_features: u32, lists: &[Vec<u32>]) -> Result<Self, MfError> {
        let mut offsets = Vec::with_capacity(lists.len() + 1);
        offsets.push(0);
        let (mut ids, mut weights) = (Vec::new(), Vec::new());
        for list in lists {
            let mut row = list.clone();
            row.sort_unstable();
            row.dedup();
            let w = if row.is_empty() {
                0.0
            } else {
                1.0 / (row.len() as f32).sqrt()
            };
            weights.extend(std::iter::repeat_n(w, row.len()));
            ids.extend(row);
            offsets.push(ids.len());
        }
        ItemFeatures::new(n_features, offsets, ids, weights)
    }

    /// No features for any of `n_items` items (the hybrid is then a plain
    /// biased SVD).
    pub fn none(n_items: u32) -> Self {
        ItemFeatures {
            n_features: 0,
            offsets: vec![0; n_items as usize + 1],
            ids: Vec::new(),
            weights: Vec::new(),
        }
    }

    /// Check the CSR invariants; the error names the first bad entry.
    pub fn validate(&self) -> Result<(), MfError> {
        if self.offsets.first() != Some(&0) {
            return Err(invalid(
                "offsets",
                format!("{:?}", self.offsets.first()),
                "a first offset of 0",
            ));
        }
        if self.offsets.windows(2).any(|w| w[1] < w[0]) {
            return Err(invalid("offsets", "a decreasing pair", "non-decreasing"));
        }
        let nnz = *self.offsets.last().unwrap_or(&0);
        for (field, len) in [("ids", self.ids.len()), ("weights", self.weights.len())] {
            if len != nnz {
                return Err(MfError::LengthMismatch {
                    field,
                    len,
                    expected: nnz,
                });
            }
        }
        for (row, (&f, &w)) in self.ids.iter().zip(&self.weights).enumerate() {
            if f >= self.n_features {
                return Err(MfError::IndexOutOfRange {
                    row,
                    field: "feature ids",
                    index: f,
                    bound: self.n_features,
                });
            }
            if !w.is_finite() {
                return Err(MfError::NonFinite {
                    row,
                    field: "feature weights",
                    value: w,
                });
            }
        }
        Ok(())
    }

    /// Number of item rows.
    pub fn n_items(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Feature ids and weights of item `i` (empty beyond the last row).
    pub fn of(&self, i: u32) -> (&[u32], &[f32]) {
        let i = i as usize;
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&a), Some(&b)) => (&self.ids[a..b], &self.weights[a..b]),
            _ => (&[], &[]),
        }
    }

    /// The item has at least one feature.
    pub fn has_features(&self, i: u32) -> bool {
        !self.of(i).0.is_empty()
    }

    /// Feature ids of item `i` shared with item `j` (both rows sorted, as
    /// [`ItemFeatures::from_lists`] makes them; otherwise a slower scan):
    /// what an explanation ("shared genres") names.
    pub fn shared(&self, i: u32, j: u32) -> Vec<u32> {
        let (a, _) = self.of(i);
        let (b, _) = self.of(j);
        a.iter().copied().filter(|f| b.contains(f)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_normalised_and_validated() {
        let f = ItemFeatures::from_lists(5, &[vec![3, 1, 3], vec![], vec![4]]).unwrap();
        assert_eq!(f.of(0).0, &[1, 3]);
        assert!((f.of(0).1[0] - std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-7);
        assert!(!f.has_features(1) && f.has_features(2));
        assert_eq!(f.of(2).1, &[1.0]);
        assert_eq!(f.of(9).0, &[] as &[u32]);
        assert_eq!(f.shared(0, 2), Vec::<u32>::new());
        assert_eq!(f.n_items(), 3);
        let e = ItemFeatures::from_lists(4, &[vec![4]]).unwrap_err();
        assert!(matches!(e, MfError::IndexOutOfRange { index: 4, .. }));
        let e = ItemFeatures::new(2, vec![0, 1], vec![0], vec![f32::NAN]).unwrap_err();
        assert!(matches!(e, MfError::NonFinite { .. }));
        assert!(ItemFeatures::new(2, vec![0, 2], vec![0], vec![1.0]).is_err());
        assert!(ItemFeatures::new(2, vec![1, 1], vec![0], vec![1.0]).is_err());
    }
}
