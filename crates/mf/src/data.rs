//! Rating data in dense-index, column-oriented form, plus train/test splits.
//!
//! Users and items are dense `u32` indices in `0..n_users` / `0..n_items`
//! (use [`IdMap`] to map external ids). Columns rather than a `Vec` of
//! triples keep the three arrays contiguous and cheap to hand over from
//! JavaScript or a CSV parser.
//!
//! Splits keep the full index space (`n_users`, `n_items`) of the input, so
//! a model trained on a split can be asked about any index; users or items
//! absent from the training part are "unknown" to it, exactly as in Surprise.

use crate::error::{invalid, MfError};
use cartelera_det::Rng;
use std::collections::HashMap;
use std::hash::Hash;

/// A validated set of explicit ratings.
///
/// Fields are public for zero-copy access; code that mutates them should
/// call [`Ratings::validate`] again (training does so itself).
#[derive(Clone, Debug, PartialEq)]
pub struct Ratings {
    /// User index of each rating.
    pub users: Vec<u32>,
    /// Item index of each rating.
    pub items: Vec<u32>,
    /// Rating value of each rating.
    pub values: Vec<f32>,
    /// Number of users; every entry of `users` is below it.
    pub n_users: u32,
    /// Number of items; every entry of `items` is below it.
    pub n_items: u32,
}

impl Ratings {
    /// Build and validate: non-empty, equal column lengths, finite values,
    /// indices below `n_users` / `n_items`.
    pub fn new(
        users: Vec<u32>,
        items: Vec<u32>,
        values: Vec<f32>,
        n_users: u32,
        n_items: u32,
    ) -> Result<Self, MfError> {
        let r = Ratings {
            users,
            items,
            values,
            n_users,
            n_items,
        };
        r.validate()?;
        Ok(r)
    }

    /// Check the invariants promised by [`Ratings::new`]. The first bad row
    /// is reported.
    pub fn validate(&self) -> Result<(), MfError> {
        let n = self.users.len();
        if n == 0 {
            return Err(MfError::Empty { what: "ratings" });
        }
        for (field, len) in [("items", self.items.len()), ("values", self.values.len())] {
            if len != n {
                return Err(MfError::LengthMismatch {
                    field,
                    len,
                    expected: n,
                });
            }
        }
        for row in 0..n {
            let (u, i, v) = (self.users[row], self.items[row], self.values[row]);
            if u >= self.n_users {
                return Err(MfError::IndexOutOfRange {
                    row,
                    field: "users",
                    index: u,
                    bound: self.n_users,
                });
            }
            if i >= self.n_items {
                return Err(MfError::IndexOutOfRange {
                    row,
                    field: "items",
                    index: i,
                    bound: self.n_items,
                });
            }
            if !v.is_finite() {
                return Err(MfError::NonFinite {
                    row,
                    field: "values",
                    value: v,
                });
            }
        }
        Ok(())
    }

    /// Number of ratings.
    pub fn len(&self) -> usize {
        self.users.len()
    }

    /// True when there are no ratings (never the case for a validated set).
    pub fn is_empty(&self) -> bool {
        self.users.is_empty()
    }

    /// Mean rating, accumulated in `f64` (Surprise's `global_mean`).
    pub fn mean(&self) -> f64 {
        self.values.iter().map(|&v| v as f64).sum::<f64>() / self.values.len().max(1) as f64
    }

    /// `(user, item, value)` triples in storage order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u32, f32)> + '_ {
        self.users
            .iter()
            .zip(&self.items)
            .zip(&self.values)
            .map(|((&u, &i), &v)| (u, i, v))
    }

    /// Number of ratings per user (length `n_users`).
    pub fn user_counts(&self) -> Vec<u32> {
        count(&self.users, self.n_users)
    }

    /// Number of ratings per item (length `n_items`).
    pub fn item_counts(&self) -> Vec<u32> {
        count(&self.items, self.n_items)
    }

    /// The rows at `rows` (in that order), keeping the index space.
    /// Rows beyond the end are skipped rather than panicking.
    pub fn subset(&self, rows: &[usize]) -> Ratings {
        let rows = rows.iter().copied().filter(|&r| r < self.len());
        let (mut users, mut items, mut values) = (Vec::new(), Vec::new(), Vec::new());
        for r in rows {
            users.push(self.users[r]);
            items.push(self.items[r]);
            values.push(self.values[r]);
        }
        Ratings {
            users,
            items,
            values,
            n_users: self.n_users,
            n_items: self.n_items,
        }
    }
}

fn count(idx: &[u32], n: u32) -> Vec<u32> {
    let mut c = vec![0u32; n as usize];
    for &x in idx {
        if let Some(slot) = c.get_mut(x as usize) {
            *slot += 1;
        }
    }
    c
}

/// Seeded shuffle of the row indices, as `numpy.random.permutation`.
fn permutation(n: usize, seed: u64) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    Rng::new(seed).shuffle(&mut idx);
    idx
}

/// Random train/test split like Surprise's `train_test_split` with a float
/// `test_size`: shuffle the rows with `seed`, the first
/// `ceil(test_size * n)` become the test set, the rest the training set.
///
/// `test_size` must lie in `(0, 1)` and both parts must be non-empty.
pub fn split(ratings: &Ratings, test_size: f64, seed: u64) -> Result<(Ratings, Ratings), MfError> {
    ratings.validate()?;
    if !(test_size > 0.0 && test_size < 1.0) {
        return Err(invalid("test_size", test_size, "a number in (0, 1)"));
    }
    let n = ratings.len();
    let n_test = (test_size * n as f64).ceil() as usize;
    if n_test == 0 || n_test >= n {
        return Err(invalid(
            "test_size",
            test_size,
            "a fraction leaving at least one rating in each part",
        ));
    }
    let perm = permutation(n, seed);
    Ok((
        ratings.subset(&perm[n_test..]),
        ratings.subset(&perm[..n_test]),
    ))
}

/// K-fold cross-validation splits like Surprise's `KFold(shuffle=True)`:
/// shuffle the rows with `seed`, then cut them into `k` contiguous folds whose
/// sizes differ by at most one (the first `n % k` folds get the extra row).
/// Fold `f`'s test set is fold `f`; its training set is everything else.
///
/// `k` must lie in `2..=n`.
pub fn kfold(ratings: &Ratings, k: usize, seed: u64) -> Result<Vec<(Ratings, Ratings)>, MfError> {
    ratings.validate()?;
    let n = ratings.len();
    if k < 2 || k > n {
        return Err(invalid("k", k, "an integer in 2..=number of ratings"));
    }
    let perm = permutation(n, seed);
    let mut out = Vec::with_capacity(k);
    let mut stop = 0;
    for fold in 0..k {
        let start = stop;
        stop += n / k + usize::from(fold < n % k);
        let train: Vec<usize> = perm[..start].iter().chain(&perm[stop..]).copied().collect();
        out.push((ratings.subset(&train), ratings.subset(&perm[start..stop])));
    }
    Ok(out)
}

/// Maps external ids (strings, `u64`s…) to dense `u32` indices and back.
#[derive(Clone, Debug, Default)]
pub struct IdMap<K: Hash + Eq + Clone> {
    to_dense: HashMap<K, u32>,
    to_raw: Vec<K>,
}

impl<K: Hash + Eq + Clone> IdMap<K> {
    /// An empty map.
    pub fn new() -> Self {
        IdMap {
            to_dense: HashMap::new(),
            to_raw: Vec::new(),
        }
    }

    /// Dense index of `id`, assigning the next free one on first sight.
    pub fn index(&mut self, id: K) -> u32 {
        if let Some(&d) = self.to_dense.get(&id) {
            return d;
        }
        let d = self.to_raw.len() as u32;
        self.to_raw.push(id.clone());
        self.to_dense.insert(id, d);
        d
    }

    /// Dense index of `id` if it was seen.
    pub fn get(&self, id: &K) -> Option<u32> {
        self.to_dense.get(id).copied()
    }

    /// External id of dense index `d`.
    pub fn raw(&self, d: u32) -> Option<&K> {
        self.to_raw.get(d as usize)
    }

    /// Number of distinct ids seen.
    pub fn len(&self) -> usize {
        self.to_raw.len()
    }

    /// True when no id was seen.
    pub fn is_empty(&self) -> bool {
        self.to_raw.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn toy(n: usize) -> Ratings {
        let users = (0..n as u32).map(|x| x % 7).collect();
        let items = (0..n as u32).map(|x| x % 11).collect();
        let values = (0..n).map(|x| (x % 5) as f32 + 1.0).collect();
        Ratings::new(users, items, values, 7, 11).unwrap()
    }

    fn rows(r: &Ratings) -> HashSet<(u32, u32, u32)> {
        // (x % 7, x % 11, x % 5) repeats only every 385 rows, so rows are unique.
        r.iter().map(|(u, i, v)| (u, i, v.to_bits())).collect()
    }

    #[test]
    fn validation_errors_name_row_and_field() {
        assert_eq!(
            Ratings::new(vec![], vec![], vec![], 1, 1),
            Err(MfError::Empty { what: "ratings" })
        );
        let e = Ratings::new(vec![0, 0], vec![0], vec![1.0, 2.0], 1, 1).unwrap_err();
        assert!(matches!(e, MfError::LengthMismatch { field: "items", .. }));
        let e = Ratings::new(vec![0], vec![0], vec![], 1, 1).unwrap_err();
        assert!(matches!(
            e,
            MfError::LengthMismatch {
                field: "values",
                ..
            }
        ));
        let e = Ratings::new(vec![0, 0], vec![0, 0], vec![1.0, f32::NAN], 1, 1).unwrap_err();
        assert!(matches!(
            e,
            MfError::NonFinite {
                row: 1,
                field: "values",
                ..
            }
        ));
        assert!(e.to_string().contains("row 1"));
        let e = Ratings::new(vec![0], vec![0], vec![f32::INFINITY], 1, 1).unwrap_err();
        assert!(matches!(e, MfError::NonFinite { row: 0, .. }));
        let e = Ratings::new(vec![0, 3], vec![0, 0], vec![1.0, 1.0], 3, 1).unwrap_err();
        assert!(matches!(
            e,
            MfError::IndexOutOfRange {
                row: 1,
                field: "users",
                index: 3,
                bound: 3
            }
        ));
        let e = Ratings::new(vec![0], vec![1], vec![1.0], 1, 1).unwrap_err();
        assert!(matches!(e, MfError::IndexOutOfRange { field: "items", .. }));
    }

    #[test]
    fn split_sizes_and_disjointness() {
        let r = toy(103);
        let (train, test) = split(&r, 0.2, 0).unwrap();
        assert_eq!(test.len(), 21); // ceil(0.2 * 103)
        assert_eq!(train.len(), 82);
        assert_eq!((train.n_users, train.n_items), (7, 11));
        let mut all: Vec<_> = train
            .iter()
            .chain(test.iter())
            .map(|t| (t.0, t.1, t.2.to_bits()))
            .collect();
        let mut orig: Vec<_> = r.iter().map(|t| (t.0, t.1, t.2.to_bits())).collect();
        all.sort_unstable();
        orig.sort_unstable();
        assert_eq!(all, orig, "split must partition the rows");
        assert_eq!(split(&r, 0.2, 0).unwrap(), (train.clone(), test.clone()));
        assert_ne!(split(&r, 0.2, 1).unwrap().1, test);
        for bad in [0.0, 1.0, -0.1, 1.5, f64::NAN] {
            assert!(matches!(
                split(&r, bad, 0),
                Err(MfError::InvalidParam {
                    name: "test_size",
                    ..
                })
            ));
        }
    }

    #[test]
    fn kfold_sizes_cover_and_disjoint() {
        let r = toy(23);
        let folds = kfold(&r, 5, 3).unwrap();
        let sizes: Vec<usize> = folds.iter().map(|(_, t)| t.len()).collect();
        assert_eq!(sizes, vec![5, 5, 5, 4, 4]);
        let mut seen_positions = 0;
        for (train, test) in &folds {
            assert_eq!(train.len() + test.len(), 23);
            seen_positions += test.len();
            let tr = rows(train);
            assert!(rows(test).is_disjoint(&tr), "train and test share a row");
        }
        assert_eq!(seen_positions, 23);
        // Every row appears in exactly one test fold: concatenated tests are a permutation.
        let mut cat: Vec<_> = folds
            .iter()
            .flat_map(|(_, t)| t.iter())
            .map(|t| (t.0, t.1, t.2.to_bits()))
            .collect();
        let mut orig: Vec<_> = r.iter().map(|t| (t.0, t.1, t.2.to_bits())).collect();
        cat.sort_unstable();
        orig.sort_unstable();
        assert_eq!(cat, orig);
        assert!(kfold(&r, 1, 0).is_err());
        assert!(kfold(&r, 24, 0).is_err());
        assert!(kfold(&r, 23, 0).is_ok());
    }

    #[test]
    fn id_map_round_trip() {
        let mut m = IdMap::new();
        assert_eq!(m.index("b"), 0);
        assert_eq!(m.index("a"), 1);
        assert_eq!(m.index("b"), 0);
        assert_eq!(m.get(&"a"), Some(1));
        assert_eq!(m.raw(1), Some(&"a"));
        assert_eq!(m.len(), 2);
        assert_eq!(m.get(&"z"), None);
    }
}
