//! The taste model as it is served: a trained hybrid's item side, rebuilt
//! for any catalog from its feature embeddings and the free parts of the
//! titles viewers rated, with no training users.
//!
//! A hybrid's item row is `free part + Σ w · feature embedding`
//! ([`super`]), so the item side of every title, rated or not, follows from
//! three things: the feature embeddings (one row per learned feature name),
//! the free parts of the rated titles, and each title's weighted features.
//! Shipping those instead of 23,000 composed rows keeps the file a fraction
//! of the size, and a title added to the catalog after training gets its
//! vector the same way a title nobody rated does. [`TasteModel::compose`]
//! does the composition; the trainer's [`super::HybridModel::taste_rows`]
//! gives the rows to store.
//!
//! Rows are stored *packed*: `[q (k) | y (k_implicit) | d]`, the rating
//! vector, the implicit vector and the implicit bias, with the rating bias
//! beside them, so a model file holds one vector and one bias per row.

use super::{HybridModel, ImplicitModel, ItemFeatures};
use crate::error::{invalid, MfError};
use crate::foldin::{fold_in, FoldInOptions, FoldedUser};
use crate::model::{dot, SvdModel};
use crate::recommend::select_top;

/// Weight of the visitor's content profile ([`visitor_profile`]) in a
/// visitor's ranking, beside the ranking score. MovieLens' 610 raters are
/// film buffs who rate what is popular whatever its kind, so the
/// collaborative score alone recommends Kill Bill and Inception to someone
/// who starred five Pixar films and gave two horror films 1★ (4 of 10
/// animation/family titles; a horror fan got 5 of 10 horror/thriller
/// titles). Measured with the real catalog (`cartelera recommend --picks`
/// for those two visitors) and on MovieLens' held-out visitors (evaluation
/// (c), NDCG@10, popularity 0.342): weight 0 → 4 and 5 of 10 of their
/// kind, NDCG 0.382; 6 → 10 and 10, 0.384; 10 → 10 and 10 (less known
/// titles), 0.366; 14 → 0.340.
pub const VISITOR_CONTENT_WEIGHT: f32 = 6.0;

/// Sizes of a packed row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PackedLayout {
    /// Rating factors `k`.
    pub k: usize,
    /// Implicit factors (0: no implicit part, and no implicit bias either).
    pub k_implicit: usize,
}

impl PackedLayout {
    /// Values in a packed row: `k + k_implicit + 1` (or `k` without an
    /// implicit part).
    pub fn width(self) -> usize {
        match self.k_implicit {
            0 => self.k,
            n => self.k + n + 1,
        }
    }
}

/// Bias and packed vector of rows (feature embeddings or free parts).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PackedRows {
    /// Rating bias per row.
    pub bias: Vec<f32>,
    /// Packed vectors, `rows × layout.width()`.
    pub packed: Vec<f32>,
}

impl PackedRows {
    fn check(&self, layout: PackedLayout, what: &'static str) -> Result<(), MfError> {
        let w = layout.width();
        if self.packed.len() != self.bias.len() * w {
            return Err(MfError::LengthMismatch {
                field: what,
                len: self.packed.len(),
                expected: self.bias.len() * w,
            });
        }
        Ok(())
    }

    fn row(&self, r: usize, w: usize) -> (f32, &[f32]) {
        (self.bias[r], &self.packed[r * w..(r + 1) * w])
    }
}

/// What a served model keeps besides its rows: the prior a visitor starts
/// from and the ranking's settings.
#[derive(Clone, Debug, PartialEq)]
pub struct TasteSettings {
    /// Sizes of a packed row.
    pub layout: PackedLayout,
    /// Global mean μ.
    pub mu: f32,
    /// Rating scale, for clipping.
    pub rating_min: f32,
    /// Rating scale, for clipping.
    pub rating_max: f32,
    /// The average training user (rating part): a visitor's prior.
    pub prior: FoldedUser,
    /// The average training user's implicit vector.
    pub implicit_mean_user: Vec<f32>,
    /// `γ` of the ranking score.
    pub rank_rating_weight: f32,
    /// Learning rate of the implicit fold-in.
    pub implicit_lr: f32,
    /// Decay of the implicit fold-in.
    pub implicit_reg: f32,
    /// Seed of the implicit fold-in's negatives.
    pub seed: u64,
}

/// One item to compose: its free part (for a title viewers rated), its
/// weighted features, and its training ratings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemSpec {
    /// Row in the free parts, if the item has one.
    pub free: Option<usize>,
    /// `(feature row, weight)`.
    pub features: Vec<(u32, f32)>,
    /// Training ratings (0: known from its features alone).
    pub ratings: u32,
}

/// A served taste model over one list of items (a catalog's titles).
#[derive(Clone, Debug, PartialEq)]
pub struct TasteModel {
    /// The rating part: item rows composed, no users.
    pub items: SvdModel,
    /// The implicit part (no users), when the model has one.
    pub implicit: Option<ImplicitModel>,
    /// The visitor's prior (rating part).
    pub prior: FoldedUser,
    /// `γ` of [`TasteModel::rank_score`].
    pub rank_rating_weight: f32,
    /// Each item's weighted features (the visitor's content profile is
    /// scored on them).
    pub features: ItemFeatures,
}

impl TasteModel {
    /// Composes every item of `items` from `features` (embedding rows) and
    /// `free` (free parts). An item with neither a free part nor a known
    /// feature stays unknown to the model (count 0). Errors on rows of the
    /// wrong width or a row index out of range. [`TasteComposer`] does the
    /// same one item at a time.
    pub fn compose(
        settings: &TasteSettings,
        features: &PackedRows,
        free: &PackedRows,
        items: &[ItemSpec],
    ) -> Result<TasteModel, MfError> {
        let mut composer =
            TasteComposer::new(settings, features.clone(), free.clone(), items.len())?;
        for item in items {
            composer.push(item)?;
        }
        composer.finish()
    }

    /// A visitor folded in from `(item, rating)` pairs around the prior
    /// ([`fold_in_around`]).
    pub fn fold_in_visitor(
        &self,
        ratings: &[(u32, f32)],
        opts: &FoldInOptions,
    ) -> Result<FoldedUser, MfError> {
        fold_in_around(&self.items, &self.prior, ratings, opts)
    }

    /// The visitor's implicit vector from the items they rated (the
    /// implicit part's fold-in with [`super::VISITOR_IMPLICIT_EPOCHS`] and
    /// [`super::VISITOR_IMPLICIT_NEGATIVES`]); empty without one.
    pub fn fold_in_implicit(&self, items: &[u32]) -> Vec<f32> {
        match &self.implicit {
            Some(m) => m.fold_in(
                items,
                super::VISITOR_IMPLICIT_EPOCHS,
                super::VISITOR_IMPLICIT_NEGATIVES,
            ),
            None => Vec::new(),
        }
    }

    /// `s(u, i) + γ r̂(u, i)` ([`super::HybridModel::rank_score`]).
    pub fn rank_score(&self, x: &[f32], i: u32, predicted: f32) -> f32 {
        rank_score(
            self.implicit.as_ref(),
            self.rank_rating_weight,
            x,
            i,
            predicted,
        )
    }

    /// The `n` best items for a visitor who rated `ratings`, by
    /// [`TasteModel::rank_score`] plus [`VISITOR_CONTENT_WEIGHT`] times the
    /// item's agreement with the visitor's content profile, best first
    /// (ties by item), skipping the rated items, unknown items and those
    /// `admit` refuses. The score is that sum.
    pub fn recommend(
        &self,
        ratings: &[(u32, f32)],
        opts: &FoldInOptions,
        n: usize,
        admit: impl Fn(u32) -> bool,
    ) -> Result<Vec<(u32, f32)>, MfError> {
        let user = self.fold_in_visitor(ratings, opts)?;
        let rated: Vec<u32> = ratings.iter().map(|&(i, _)| i).collect();
        let x = self.fold_in_implicit(&rated);
        let mut sorted = rated.clone();
        sorted.sort_unstable();
        let m = &self.items;
        let profile = visitor_profile(&self.features, ratings, m.mu);
        let cands: Vec<(u32, f32)> = (0..m.n_items() as u32)
            .filter(|&i| m.knows_item(i) && sorted.binary_search(&i).is_err() && admit(i))
            .map(|i| {
                let q = m.item_factors(i).unwrap_or(&[]);
                let r = m.mu + user.bias + m.bi[i as usize] + dot(q, &user.factors);
                let a = super::profile_score(&self.features, &profile, i);
                (i, self.rank_score(&x, i, r) + VISITOR_CONTENT_WEIGHT * a)
            })
            .collect();
        Ok(select_top(cands, n))
    }
}

/// A taste model composed one item at a time: what
/// [`TasteModel::compose`] does, in steps a caller can spread over time
/// (the page composes 23,000 titles between answering taps). Items are
/// numbered in the order they are pushed.
#[derive(Clone, Debug)]
pub struct TasteComposer {
    settings: TasteSettings,
    features: PackedRows,
    free: PackedRows,
    bi: Vec<f32>,
    qi: Vec<f32>,
    di: Vec<f32>,
    yi: Vec<f32>,
    counts: Vec<u32>,
    rated: Vec<u32>,
    row: Vec<f32>,
    offsets: Vec<usize>,
    f_ids: Vec<u32>,
    f_weights: Vec<f32>,
}

impl TasteComposer {
    /// A composer over these rows, with room for `capacity` items. Errors
    /// on rows of the wrong width or settings of the wrong size.
    pub fn new(
        settings: &TasteSettings,
        features: PackedRows,
        free: PackedRows,
        capacity: usize,
    ) -> Result<TasteComposer, MfError> {
        let layout = settings.layout;
        let (k, k2) = (layout.k, layout.k_implicit);
        features.check(layout, "feature rows")?;
        free.check(layout, "free rows")?;
        if settings.prior.factors.len() != k {
            return Err(MfError::LengthMismatch {
                field: "prior factors",
                len: settings.prior.factors.len(),
                expected: k,
            });
        }
        if k2 > 0 && settings.implicit_mean_user.len() != k2 {
            return Err(MfError::LengthMismatch {
                field: "implicit mean user",
                len: settings.implicit_mean_user.len(),
                expected: k2,
            });
        }
        let mut offsets = Vec::with_capacity(capacity + 1);
        offsets.push(0);
        Ok(TasteComposer {
            settings: settings.clone(),
            features,
            free,
            bi: Vec::with_capacity(capacity),
            qi: Vec::with_capacity(capacity * k),
            di: Vec::with_capacity(if k2 > 0 { capacity } else { 0 }),
            yi: Vec::with_capacity(capacity * k2),
            counts: Vec::with_capacity(capacity),
            rated: Vec::new(),
            row: vec![0.0; layout.width()],
            offsets,
            f_ids: Vec::new(),
            f_weights: Vec::new(),
        })
    }

    /// Items composed so far.
    pub fn len(&self) -> usize {
        self.bi.len()
    }

    /// Whether no item is composed yet.
    pub fn is_empty(&self) -> bool {
        self.bi.is_empty()
    }

    /// Composes the next item. Errors on a free or feature row out of
    /// range (the composer is then left as it was).
    pub fn push(&mut self, item: &ItemSpec) -> Result<(), MfError> {
        let layout = self.settings.layout;
        let (k, k2, w) = (layout.k, layout.k_implicit, layout.width());
        if let Some(r) = item.free.filter(|&r| r >= self.free.bias.len()) {
            return Err(invalid("free row", r, "a row of the free parts"));
        }
        if let Some(&(f, _)) = item
            .features
            .iter()
            .find(|&&(f, _)| f as usize >= self.features.bias.len())
        {
            return Err(invalid(
                "feature row",
                f as usize,
                "a row of the feature embeddings",
            ));
        }
        let row = &mut self.row;
        row.iter_mut().for_each(|x| *x = 0.0);
        let mut bias = 0.0f32;
        let mut known = false;
        if let Some(r) = item.free {
            let (b, v) = self.free.row(r, w);
            bias += b;
            row.iter_mut().zip(v).for_each(|(x, &y)| *x += y);
            known = true;
        }
        for &(f, wt) in &item.features {
            let (b, v) = self.features.row(f as usize, w);
            bias += wt * b;
            row.iter_mut().zip(v).for_each(|(x, &y)| *x += wt * y);
            known = true;
            self.f_ids.push(f);
            self.f_weights.push(wt);
        }
        self.offsets.push(self.f_ids.len());
        let i = self.bi.len();
        self.bi.push(bias);
        self.qi.extend_from_slice(&row[..k]);
        if k2 > 0 {
            self.yi.extend_from_slice(&row[k..k + k2]);
            self.di.push(row[k + k2]);
        }
        self.counts.push(match (known, item.ratings) {
            (false, _) => 0,
            (true, 0) => 1,
            (true, c) => c,
        });
        if item.ratings > 0 {
            self.rated.push(i as u32);
        }
        Ok(())
    }

    /// The model over the items pushed, in their order.
    pub fn finish(self) -> Result<TasteModel, MfError> {
        let TasteComposer {
            settings,
            features,
            bi,
            qi,
            di,
            yi,
            counts,
            rated,
            offsets,
            f_ids,
            f_weights,
            ..
        } = self;
        let (k, k2) = (settings.layout.k, settings.layout.k_implicit);
        let implicit = (k2 > 0).then(|| ImplicitModel {
            k: k2,
            xu: Vec::new(),
            yi,
            di,
            free_factors: Vec::new(),
            free_biases: Vec::new(),
            feature_factors: Vec::new(),
            feature_biases: Vec::new(),
            rated_items: rated,
            mean_user: settings.implicit_mean_user.clone(),
            lr: settings.implicit_lr,
            reg: settings.implicit_reg,
            seed: settings.seed,
        });
        Ok(TasteModel {
            items: SvdModel {
                mu: settings.mu,
                bu: Vec::new(),
                bi,
                pu: Vec::new(),
                qi,
                k,
                rating_min: settings.rating_min,
                rating_max: settings.rating_max,
                biased: true,
                user_counts: Vec::new(),
                item_counts: counts,
            },
            implicit,
            prior: settings.prior,
            rank_rating_weight: settings.rank_rating_weight,
            features: ItemFeatures::new(features.bias.len() as u32, offsets, f_ids, f_weights)?,
        })
    }
}

/// A visitor's content profile ([`super::content_profile`]), divided by
/// their number of picks: liked picks' features pull, disliked ones push,
/// and a visitor whose ratings say clearly what they like (5★ and 1★) gets
/// a stronger profile than one whose ratings barely differ. Centred on the
/// lower of their mean rating and the model's mean `mu`: a visitor who
/// rates everything they saw 4–5★ (an imported Letterboxd or IMDb history
/// is mostly what people liked) still likes those titles' features more
/// than the average viewer does, so their profile must not cancel out.
pub fn visitor_profile(features: &ItemFeatures, ratings: &[(u32, f32)], mu: f32) -> Vec<f32> {
    let n = ratings.len().max(1) as f32;
    let mean = ratings.iter().map(|&(_, r)| r).sum::<f32>() / n;
    let mut profile = super::content_profile(features, ratings, mean.min(mu));
    profile.iter_mut().for_each(|p| *p /= n);
    profile
}

/// `s(u, i) + γ r̂` with an implicit part and a user vector, else `r̂`.
fn rank_score(implicit: Option<&ImplicitModel>, gamma: f32, x: &[f32], i: u32, r: f32) -> f32 {
    match implicit {
        Some(m) if !x.is_empty() => m.score(x, i) + gamma * r,
        _ => r,
    }
}

/// Fold in a visitor from `(item, rating)` pairs by ridge regression around
/// the prior `(b̄, p̄)` instead of around 0: minimise
/// `Σ_j (r_j − μ − b̃_j − b − q̃_jᵀ p)² + λ (|b − b̄|² + |p − p̄|²)`.
/// Substituting `b = b̄ + δ_b`, `p = p̄ + δ_p` turns it into
/// [`crate::foldin::fold_in`]'s problem for `(δ_b, δ_p)` with item biases
/// `b̃_j + b̄ + q̃_jᵀ p̄` (equivalently, ratings shifted by `b̄ + q̃_jᵀ p̄`),
/// so that solver does the work. With few ratings
/// the answer stays near what the average viewer likes.
pub fn fold_in_around(
    m: &SvdModel,
    prior: &FoldedUser,
    ratings: &[(u32, f32)],
    opts: &FoldInOptions,
) -> Result<FoldedUser, MfError> {
    // Shifting each rating by the prior's prediction part is the same as
    // shifting the rated items' biases, without copying the item side.
    let shifted: Vec<(u32, f32)> = ratings
        .iter()
        .map(|&(i, r)| {
            let q = m.item_factors(i).unwrap_or(&[]);
            (i, r - prior.bias - dot(q, &prior.factors))
        })
        .collect();
    let d = fold_in(m, &shifted, opts)?;
    Ok(FoldedUser {
        bias: prior.bias + d.bias,
        factors: prior
            .factors
            .iter()
            .zip(&d.factors)
            .map(|(a, b)| a + b)
            .collect(),
    })
}

impl HybridModel {
    /// The rows a served taste model is rebuilt from: the feature
    /// embeddings (one per feature row) and the free parts of `items`
    /// (model item rows, such as the rated titles that are in the catalog),
    /// packed, with the settings.
    pub fn taste_rows(
        &self,
        items: &[u32],
    ) -> Result<(TasteSettings, PackedRows, PackedRows), MfError> {
        let k = self.k();
        let k2 = self.implicit.as_ref().map_or(0, |m| m.k);
        let layout = PackedLayout { k, k_implicit: k2 };
        let pack = |bias: f32, q: &[f32], imp: Option<(f32, &[f32])>, out: &mut PackedRows| {
            out.bias.push(bias);
            out.packed.extend_from_slice(q);
            if let Some((d, y)) = imp {
                out.packed.extend_from_slice(y);
                out.packed.push(d);
            }
        };
        let mut features = PackedRows::default();
        for f in 0..self.features.n_features as usize {
            let imp = self.implicit.as_ref().map(|m| {
                (
                    m.feature_biases[f],
                    &m.feature_factors[f * k2..(f + 1) * k2],
                )
            });
            pack(
                self.feature_biases[f],
                &self.feature_factors[f * k..(f + 1) * k],
                imp,
                &mut features,
            );
        }
        let mut free = PackedRows::default();
        for &i in items {
            let i = i as usize;
            if i >= self.free_biases.len() {
                return Err(invalid("item", i, "an item row of the model"));
            }
            let imp = self
                .implicit
                .as_ref()
                .map(|m| (m.free_biases[i], &m.free_factors[i * k2..(i + 1) * k2]));
            pack(
                self.free_biases[i],
                &self.free_factors[i * k..(i + 1) * k],
                imp,
                &mut free,
            );
        }
        let settings = TasteSettings {
            layout,
            mu: self.svd.mu,
            rating_min: self.svd.rating_min,
            rating_max: self.svd.rating_max,
            prior: self.mean_user(),
            implicit_mean_user: self
                .implicit
                .as_ref()
                .map_or_else(Vec::new, |m| m.mean_user.clone()),
            rank_rating_weight: self.rank_rating_weight,
            implicit_lr: self.implicit.as_ref().map_or(0.0, |m| m.lr),
            implicit_reg: self.implicit.as_ref().map_or(0.0, |m| m.reg),
            seed: self.implicit.as_ref().map_or(0, |m| m.seed),
        };
        Ok((settings, features, free))
    }
}

/// The weighted features of every item of `features`, as [`ItemSpec`]s
/// with no free part (a helper for tests and for composing a trained
/// model's own items).
pub fn specs_of(features: &ItemFeatures, counts: &[u32]) -> Vec<ItemSpec> {
    (0..features.n_items() as u32)
        .map(|i| {
            let (ids, ws) = features.of(i);
            ItemSpec {
                free: None,
                features: ids.iter().copied().zip(ws.iter().copied()).collect(),
                ratings: counts.get(i as usize).copied().unwrap_or(0),
            }
        })
        .collect()
}
