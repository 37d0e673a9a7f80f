//! The hybrid model: collaborative factors plus learned embeddings of the
//! items' content features (in the manner of SVDFeature and LightFM), so
//! that an item nobody rated still gets a taste vector from its features.
//!
//! ```text
//! r̂(u, i) = μ + b_u + b̃_i + q̃_iᵀ p_u
//! q̃_i     = v_i + Σ_{f ∈ F_i} w_if e_f        (free part + content part)
//! b̃_i     = c_i + Σ_{f ∈ F_i} w_if β_f
//! ```
//!
//! `w_if` are the caller's feature weights (see [`ItemFeatures`]; by default
//! `1/√|F_i|`). Trained by SGD on the squared error with L2 penalties
//! (`λ_b` on `b_u`, `c_i`; `λ_fb` on `β_f`; `λ_p` on `p_u`; `λ_q` on `v_i`;
//! `λ_f` on `e_f`), every rating once per epoch in a seeded order fixed
//! before the first epoch. With `err = r − r̂` and the old values on the
//! right-hand side:
//!
//! ```text
//! b_u += η_b (err − λ_b b_u)          c_i += η_b (err − λ_b c_i)
//! β_f += η_b (err w_if − λ_fb β_f)                       for f ∈ F_i
//! p_u += η_p (err q̃_i − λ_p p_u)
//! v_i += η_q (err p_u − λ_q v_i)
//! e_f += η_q (err w_if p_u − λ_f e_f)                    for f ∈ F_i
//! ```
//!
//! i.e. each parameter moves against the gradient of
//! `½ err² + ½ λ (its square)`: `∂r̂/∂v_i = p_u`, `∂r̂/∂e_f = w_if p_u`,
//! `∂r̂/∂β_f = w_if`. Free parts of items without a training rating start
//! (and stay) at 0, so their vectors are exactly their content part.
//!
//! **One thread, by measurement.** Feature embeddings are shared by many
//! items, so FPSGD's blocks (disjoint users and items) do not make them
//! disjoint. Updating them from per-block accumulators merged after each
//! sub-epoch applies, at once, the summed gradient of thousands of ratings:
//! for the bias of a genre carried by a third of the ratings, one merged
//! step of a sub-epoch (1/16 of an epoch with 2 threads) multiplies its
//! error by about `1 − η_b Σ w² ≈ 1 − 0.01 · 750`, which diverges;
//! averaging the blocks' deltas instead is stable but moves the features 16
//! times slower. Sequential SGD has neither problem and trains MovieLens
//! small (100,836 ratings, k = 32, 25 epochs, one BPR step per rating with
//! 16 implicit factors) in about 1.5 s of CPU (see `docs/recommender.md`), so
//! training runs on one thread and is deterministic for a seed on every
//! platform (same binary).
//!
//! **Sampled negatives and the implicit part** ([`HybridParams::negatives`],
//! [`ImplicitModel`]): a model trained on ratings alone knows how much a
//! viewer would like a title if they watched it, not which titles they
//! watch, and ranks obscure titles with a few high ratings first. After
//! each rating, an item the user did not rate is sampled and a second,
//! implicit part `s(u, i) = d̃_i + ỹ_iᵀ x_u` (same content features, its
//! own embeddings) takes one BPR step on the pair (LightFM's `bpr` loss).
//! Top-N lists rank by [`HybridModel::rank_score`] `= s(u, i) + γ r̂(u, i)`;
//! `predict` stays the rating part, so RMSE is the rating model's. (The
//! alternative, training the rating part itself towards a low rating on
//! the negatives (Steck, KDD 2010; [`HybridParams::negative_weight`]),
//! costs RMSE and ranks worse; it is off by default.)
//!
//! The trained model is handed to the crate's existing machinery as a plain
//! [`SvdModel`] whose item rows are the composed `q̃_i`, `b̃_i`
//! ([`HybridModel::svd`]): prediction, [`crate::foldin::fold_in`],
//! [`crate::recommend::top_n`] and [`crate::recommend::ItemSimilarity`]
//! (cosine on `q̃_i`) all work on it unchanged.

mod eval;
mod features;
mod implicit;
pub mod movielens;
pub mod report;
pub mod taste;
#[cfg(test)]
mod tests;

pub use eval::{
    cold_item_split, content_profile, feature_popularity, new_visitor_split, profile_score,
    rank_candidates, ColdSplit, RankCase, VisitorSplit,
};
pub use features::ItemFeatures;
pub use implicit::ImplicitModel;
pub use taste::{ItemSpec, PackedLayout, PackedRows, TasteComposer, TasteModel, TasteSettings};

use crate::clock::default_clock;
use crate::data::Ratings;
use crate::error::{invalid, MfError};
use crate::foldin::{FoldInOptions, FoldedUser};
use crate::model::{dot, SvdModel};
use crate::train::{EpochStats, FitClock, FitStats};
use cartelera_det::Rng;

/// Hyper-parameters of [`fit_hybrid`].
///
/// The defaults were chosen on MovieLens small (`examples/hybrid_movielens.rs`,
/// the evaluation in `docs/recommender.md`): 32 rating factors (the page's
/// budget), 25 epochs (15 and 20 lose a quarter of the cold-start NDCG),
/// learning rates 0.01, the biases regularised 0.02 and the factors 0.05
/// (feature embeddings as strongly as the free parts); one sampled negative
/// per rating feeding a 16-factor BPR part (8 factors lose 5 % of the
/// visitors' NDCG) at learning rate 0.05, decay 0.01, the predicted rating
/// weighted 1 in the ranking score (0.5 and 2 each lose on one of the
/// rankings); no squared-loss step on the negatives (the BPR part ranks
/// better, and the rating part's RMSE improves from 0.876 to 0.847).
#[derive(Clone, Debug, PartialEq)]
pub struct HybridParams {
    /// Number of latent factors `k`.
    pub n_factors: usize,
    /// Passes over the training ratings.
    pub n_epochs: usize,
    /// Standard deviation of the N(0, σ) initial `p_u`, `v_i` and `e_f`.
    pub init_std: f32,
    /// Learning rate `η_b` of `b_u`, `c_i` and `β_f`.
    pub lr_bias: f32,
    /// Learning rate `η_p` of `p_u`.
    pub lr_user: f32,
    /// Learning rate `η_q` of `v_i` and `e_f`.
    pub lr_item: f32,
    /// Regularisation `λ_b` of `b_u` and `c_i`.
    pub reg_bias: f32,
    /// Regularisation `λ_fb` of the feature biases `β_f`.
    pub reg_feature_bias: f32,
    /// Regularisation `λ_p` of `p_u`.
    pub reg_user: f32,
    /// Regularisation `λ_q` of the free item parts `v_i`.
    pub reg_item: f32,
    /// Regularisation `λ_f` of the feature embeddings `e_f`.
    pub reg_feature: f32,
    /// Sampled negatives per rating: after each rating of user `u`, this
    /// many items `u` did not rate (uniform over the items with training
    /// ratings) each give the implicit part one BPR step against the rated
    /// item and, when [`HybridParams::negative_weight`] > 0, the rating part
    /// a step towards [`HybridParams::negative_rating`]. 0 (only without an
    /// implicit part) trains on the ratings alone.
    pub negatives: usize,
    /// Target of a sampled negative in the rating part.
    pub negative_rating: f32,
    /// Weight `α` of a sampled negative's step in the rating part (learning
    /// rates × `α`); 0 leaves the rating part a pure rating model.
    pub negative_weight: f32,
    /// Factors of the implicit ("watch") part trained by BPR on the same
    /// sampled negatives ([`ImplicitModel`]); 0 trains no implicit part and
    /// top-N lists rank by the predicted rating alone.
    pub implicit_factors: usize,
    /// Learning rate of the implicit part.
    pub lr_implicit: f32,
    /// L2 decay of the implicit part.
    pub reg_implicit: f32,
    /// Weight `γ` of the predicted rating in the ranking score
    /// `s(u, i) + γ r̂(u, i)` ([`HybridModel::rank_score`]).
    pub rank_rating_weight: f32,
    /// Seed of the initial factors, of the rating order and of the negatives.
    pub seed: u64,
    /// Lower bound of the rating scale; predictions are clipped to it.
    pub rating_min: f32,
    /// Upper bound of the rating scale.
    pub rating_max: f32,
}

impl Default for HybridParams {
    fn default() -> Self {
        HybridParams {
            n_factors: 32,
            n_epochs: 25,
            init_std: 0.1,
            lr_bias: 0.01,
            lr_user: 0.01,
            lr_item: 0.01,
            reg_bias: 0.02,
            reg_feature_bias: 0.02,
            reg_user: 0.05,
            reg_item: 0.05,
            reg_feature: 0.05,
            negatives: 1,
            negative_rating: 1.0,
            negative_weight: 0.0,
            implicit_factors: 16,
            lr_implicit: 0.05,
            reg_implicit: 0.01,
            rank_rating_weight: 1.0,
            seed: 0,
            rating_min: 0.5,
            rating_max: 5.0,
        }
    }
}

impl HybridParams {
    /// Check every field; the error names the parameter.
    pub fn validate(&self) -> Result<(), MfError> {
        if self.n_factors == 0 || self.n_factors > 4096 {
            return Err(invalid(
                "n_factors",
                self.n_factors,
                "an integer in 1..=4096",
            ));
        }
        if self.n_epochs == 0 {
            return Err(invalid("n_epochs", self.n_epochs, "an integer >= 1"));
        }
        for (name, v) in [
            ("init_std", self.init_std),
            ("lr_bias", self.lr_bias),
            ("lr_user", self.lr_user),
            ("lr_item", self.lr_item),
            ("reg_bias", self.reg_bias),
            ("reg_feature_bias", self.reg_feature_bias),
            ("reg_user", self.reg_user),
            ("reg_item", self.reg_item),
            ("reg_feature", self.reg_feature),
            ("negative_weight", self.negative_weight),
            ("lr_implicit", self.lr_implicit),
            ("reg_implicit", self.reg_implicit),
            ("rank_rating_weight", self.rank_rating_weight),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(invalid(name, v, "a finite number >= 0"));
            }
        }
        if self.implicit_factors > 4096 {
            return Err(invalid(
                "implicit_factors",
                self.implicit_factors,
                "an integer in 0..=4096",
            ));
        }
        if self.implicit_factors > 0 && self.negatives == 0 {
            return Err(invalid(
                "negatives",
                self.negatives,
                "at least 1 when implicit_factors > 0 (BPR needs negatives)",
            ));
        }
        if self.negatives > 64 {
            return Err(invalid("negatives", self.negatives, "an integer in 0..=64"));
        }
        if !self.negative_rating.is_finite() {
            return Err(invalid(
                "negative_rating",
                self.negative_rating,
                "a finite number",
            ));
        }
        if !(self.rating_min.is_finite()
            && self.rating_max.is_finite()
            && self.rating_max > self.rating_min)
        {
            return Err(invalid(
                "rating_max",
                self.rating_max,
                "a finite number above a finite rating_min",
            ));
        }
        Ok(())
    }
}

/// A trained hybrid model: its parts, and the composed [`SvdModel`].
#[derive(Clone, Debug, PartialEq)]
pub struct HybridModel {
    /// The composed model: user side as trained, item rows `q̃_i`, `b̃_i`.
    /// Its `item_counts` count an item with no training rating but with
    /// features as 1, so that the crate's answers treat it as known (its
    /// vector comes from its features); the true counts are
    /// [`HybridModel::rating_counts`].
    pub svd: SvdModel,
    /// Training ratings per item.
    pub rating_counts: Vec<u32>,
    /// Free item parts `v_i`, `n_items * k`.
    pub free_factors: Vec<f32>,
    /// Free item biases `c_i`.
    pub free_biases: Vec<f32>,
    /// Feature embeddings `e_f`, `n_features * k`.
    pub feature_factors: Vec<f32>,
    /// Feature biases `β_f`.
    pub feature_biases: Vec<f32>,
    /// The item features the model was trained with.
    pub features: ItemFeatures,
    /// The implicit part, when trained ([`HybridParams::implicit_factors`]).
    pub implicit: Option<ImplicitModel>,
    /// `γ` of [`HybridModel::rank_score`].
    pub rank_rating_weight: f32,
}

/// Passes over a visitor's picks in [`HybridModel::fold_in_visitor_implicit`].
pub const VISITOR_IMPLICIT_EPOCHS: usize = 40;
/// Sampled negatives per pick and pass in the visitor's implicit fold-in.
pub const VISITOR_IMPLICIT_NEGATIVES: usize = 4;

impl HybridModel {
    /// Number of factors.
    pub fn k(&self) -> usize {
        self.svd.k
    }

    /// Content part `(Σ w β_f, Σ w e_f)` of an item described by
    /// `(feature, weight)` pairs: the bias and vector of a title nobody has
    /// rated (for instance one added to the catalog after training).
    pub fn content_vector(&self, features: &[(u32, f32)]) -> Result<(f32, Vec<f32>), MfError> {
        let k = self.k();
        let mut q = vec![0.0f32; k];
        let mut b = 0.0f32;
        for (row, &(f, w)) in features.iter().enumerate() {
            if f >= self.features.n_features {
                return Err(MfError::IndexOutOfRange {
                    row,
                    field: "feature",
                    index: f,
                    bound: self.features.n_features,
                });
            }
            if !w.is_finite() {
                return Err(MfError::NonFinite {
                    row,
                    field: "feature weight",
                    value: w,
                });
            }
            let f = f as usize;
            b += w * self.feature_biases[f];
            for (x, &e) in q.iter_mut().zip(&self.feature_factors[f * k..(f + 1) * k]) {
                *x += w * e;
            }
        }
        Ok((b, q))
    }

    /// The average trained user (bias and factors over the users with
    /// training ratings): the prior a visitor is folded in around.
    pub fn mean_user(&self) -> FoldedUser {
        let m = &self.svd;
        let k = m.k;
        let (mut bias, mut factors, mut n) = (0.0f64, vec![0.0f64; k], 0usize);
        for u in 0..m.n_users() as u32 {
            if let (true, Some(p)) = (m.knows_user(u), m.user_factors(u)) {
                bias += m.bu[u as usize] as f64;
                for (a, &x) in factors.iter_mut().zip(p) {
                    *a += x as f64;
                }
                n += 1;
            }
        }
        let n = n.max(1) as f64;
        FoldedUser {
            bias: (bias / n) as f32,
            factors: factors.iter().map(|&x| (x / n) as f32).collect(),
        }
    }

    /// Fold in a visitor from `(item, rating)` pairs by ridge regression
    /// around the average user `(b̄, p̄)` instead of around 0: minimise
    /// `Σ_j (r_j − μ − b̃_j − b − q̃_jᵀ p)² + λ (|b − b̄|² + |p − p̄|²)`.
    /// Substituting `b = b̄ + δ_b`, `p = p̄ + δ_p` turns it into
    /// [`crate::foldin::fold_in`]'s problem for `(δ_b, δ_p)` with item biases
    /// `b̃_j + b̄ + q̃_jᵀ p̄`, so that solver does the work. With few
    /// ratings the answer stays near what the average viewer likes (which,
    /// trained with sampled negatives, includes what most viewers watch).
    pub fn fold_in_visitor(
        &self,
        ratings: &[(u32, f32)],
        opts: &FoldInOptions,
    ) -> Result<FoldedUser, MfError> {
        taste::fold_in_around(&self.svd, &self.mean_user(), ratings, opts)
    }

    /// The implicit vector of a visitor who rated `items`
    /// ([`ImplicitModel::fold_in`] with [`VISITOR_IMPLICIT_EPOCHS`] and
    /// [`VISITOR_IMPLICIT_NEGATIVES`]); empty without an implicit part.
    pub fn fold_in_visitor_implicit(&self, items: &[u32]) -> Vec<f32> {
        match &self.implicit {
            Some(m) => m.fold_in(items, VISITOR_IMPLICIT_EPOCHS, VISITOR_IMPLICIT_NEGATIVES),
            None => Vec::new(),
        }
    }

    /// The score top-N lists rank by: `s(u, i) + γ r̂(u, i)`, the implicit
    /// score of the user vector `x` (empty: none) plus `γ` times the
    /// predicted rating `predicted` (unclipped). Without an implicit part,
    /// the predicted rating alone.
    pub fn rank_score(&self, x: &[f32], i: u32, predicted: f32) -> f32 {
        match &self.implicit {
            Some(m) if !x.is_empty() => m.score(x, i) + self.rank_rating_weight * predicted,
            _ => predicted,
        }
    }

    /// The same model with every item described by its features alone
    /// (free parts dropped): the "content-only" item side, known for every
    /// item with at least one feature.
    pub fn content_only(&self) -> SvdModel {
        let (bi, qi) = compose(
            &self.features,
            None,
            &self.feature_factors,
            &self.feature_biases,
            self.k(),
        );
        let item_counts = (0..self.features.n_items() as u32)
            .map(|i| u32::from(self.features.has_features(i)))
            .collect();
        SvdModel {
            bi,
            qi,
            item_counts,
            ..self.svd.clone()
        }
    }
}

/// Item rows `b̃_i = c_i + Σ w β_f`, `q̃_i = v_i + Σ w e_f`; without free
/// parts, the content part alone.
fn compose(
    features: &ItemFeatures,
    free: Option<(&[f32], &[f32])>,
    e: &[f32],
    beta: &[f32],
    k: usize,
) -> (Vec<f32>, Vec<f32>) {
    let n = features.n_items();
    let (mut bi, mut qi) = match free {
        Some((v, c)) => (c.to_vec(), v.to_vec()),
        None => (vec![0.0; n], vec![0.0; n * k]),
    };
    for i in 0..n {
        let (ids, ws) = features.of(i as u32);
        let q = &mut qi[i * k..(i + 1) * k];
        for (&f, &w) in ids.iter().zip(ws) {
            let f = f as usize;
            bi[i] += w * beta[f];
            for (x, &y) in q.iter_mut().zip(&e[f * k..(f + 1) * k]) {
                *x += w * y;
            }
        }
    }
    (bi, qi)
}

/// Train the hybrid model on `ratings` with `features` (one row per item,
/// `features.n_items() == ratings.n_items`), calling `on_epoch` after every
/// epoch.
pub fn fit_hybrid(
    ratings: &Ratings,
    features: &ItemFeatures,
    params: &HybridParams,
    on_epoch: &mut dyn FnMut(EpochStats),
) -> Result<(HybridModel, FitStats), MfError> {
    let clock = default_clock();
    let t0 = clock();
    ratings.validate()?;
    features.validate()?;
    params.validate()?;
    if features.n_items() != ratings.n_items as usize {
        return Err(MfError::LengthMismatch {
            field: "item features",
            len: features.n_items(),
            expected: ratings.n_items as usize,
        });
    }
    let k = params.n_factors;
    let (n_users, n_items) = (ratings.n_users as usize, ratings.n_items as usize);
    let n_features = features.n_features as usize;
    let too_big = |n: usize| n.checked_mul(k).is_none_or(|x| x > isize::MAX as usize / 4);
    if too_big(n_users) || too_big(n_items) || too_big(n_features) {
        return Err(invalid(
            "n_factors",
            k,
            "small enough that n_rows * n_factors fits in memory",
        ));
    }
    let rating_counts = ratings.item_counts();
    let std = params.init_std as f64;
    // Every row from its own stream (users 3r, items 3r+1, features 3r+2),
    // so the start depends on the seed alone.
    let draw = |n: usize, side: u64, keep: &dyn Fn(usize) -> bool| -> Vec<f32> {
        let mut out = vec![0.0f32; n * k];
        for (r, row) in out.chunks_exact_mut(k).enumerate() {
            if keep(r) {
                let mut rng = Rng::with_stream(params.seed, 3 * r as u64 + side);
                for x in row {
                    *x = rng.normal_with(0.0, std) as f32;
                }
            }
        }
        out
    };
    let mut w = Weights {
        pu: draw(n_users, 0, &|_| true),
        vi: draw(n_items, 1, &|i| rating_counts[i] > 0),
        ef: draw(n_features, 2, &|_| true),
        bu: vec![0.0; n_users],
        ci: vec![0.0; n_items],
        bf: vec![0.0; n_features],
    };
    // The ratings in a seeded order fixed for every epoch, gathered once so
    // the epochs read them sequentially.
    let mut order: Vec<u32> = (0..ratings.len() as u32).collect();
    Rng::with_stream(params.seed, u64::MAX).shuffle(&mut order);
    let entries: Vec<(u32, u32, f32)> = order
        .iter()
        .map(|&row| {
            let row = row as usize;
            (ratings.users[row], ratings.items[row], ratings.values[row])
        })
        .collect();
    drop(order);
    let mu = ratings.mean() as f32;
    let rated_items: Vec<u32> = (0..n_items as u32)
        .filter(|&i| rating_counts[i as usize] > 0)
        .collect();
    let seen = UserItems::new(ratings);
    let full = Rates::of(params, 1.0);
    let neg = Rates::of(params, params.negative_weight);
    let mut imp = (params.implicit_factors > 0).then(|| {
        implicit::ImplicitWeights::new(
            n_users,
            &rated_items,
            n_items,
            n_features,
            params.implicit_factors,
            std,
            params.seed,
            params.lr_implicit,
            params.reg_implicit,
        )
    });
    let t_setup = clock();
    let mut epochs = Vec::with_capacity(params.n_epochs);
    let mut q = vec![0.0f32; k];
    let mut g = vec![0.0f32; k];
    let n_rated = rated_items.len() as u128;
    for epoch in 0..params.n_epochs {
        let mut sq = 0.0f64;
        let mut rng = Rng::with_stream(params.seed, u64::MAX - 1 - epoch as u64);
        for &(u, i, r) in &entries {
            let (u, i) = (u as usize, i as usize);
            let err = sgd_step(&mut w, features, u, i, r, mu, k, &full, &mut q, &mut g);
            sq += (err as f64) * (err as f64);
            for _ in 0..params.negatives {
                // Multiply-shift: uniform up to a bias of n / 2^64.
                let pick = ((rng.next_u64() as u128 * n_rated) >> 64) as usize;
                let j = rated_items[pick];
                if !seen.rated(u, j) {
                    if params.negative_weight > 0.0 {
                        let target = params.negative_rating;
                        sgd_step(
                            &mut w, features, u, j as usize, target, mu, k, &neg, &mut q, &mut g,
                        );
                    }
                    if let Some(imp) = imp.as_mut() {
                        imp.step(features, u, i, j as usize);
                    }
                }
            }
        }
        let stats = EpochStats {
            epoch,
            train_rmse: (sq / ratings.len() as f64).sqrt(),
            elapsed_seconds: clock() - t0,
        };
        on_epoch(stats.clone());
        epochs.push(stats);
    }
    let t_end = clock();
    let (bi, qi) = compose(features, Some((&w.vi, &w.ci)), &w.ef, &w.bf, k);
    let item_counts = rating_counts
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if c == 0 && features.has_features(i as u32) {
                1
            } else {
                c
            }
        })
        .collect();
    let user_counts = ratings.user_counts();
    let implicit = imp.map(|m| m.finish(features, &user_counts, rated_items, params.seed));
    let svd = SvdModel {
        mu,
        bu: w.bu,
        bi,
        pu: w.pu,
        qi,
        k,
        rating_min: params.rating_min,
        rating_max: params.rating_max,
        biased: true,
        user_counts,
        item_counts,
    };
    let at = FitClock {
        start: t0,
        setup_done: t_setup,
        epochs_done: t_end,
        end: clock(),
    };
    let stats = FitStats::measured(epochs, at, ratings.len(), params.n_epochs, 1, 1, "portable");
    let model = HybridModel {
        svd,
        rating_counts,
        free_factors: w.vi,
        free_biases: w.ci,
        feature_factors: w.ef,
        feature_biases: w.bf,
        features: features.clone(),
        implicit,
        rank_rating_weight: params.rank_rating_weight,
    };
    Ok((model, stats))
}

/// Which (user, item) pairs are rated, to keep sampled negatives off them:
/// one bit per pair when that takes at most 64 MiB (MovieLens small: 0.7
/// MiB), otherwise each user's sorted items searched by bisection.
enum UserItems {
    Bits {
        n_items: usize,
        bits: Vec<u64>,
    },
    Sorted {
        offsets: Vec<usize>,
        items: Vec<u32>,
    },
}

impl UserItems {
    fn new(r: &Ratings) -> Self {
        let (n_users, n_items) = (r.n_users as usize, r.n_items as usize);
        if let Some(n) = n_users.checked_mul(n_items).filter(|&n| n <= 1 << 29) {
            let mut bits = vec![0u64; n.div_ceil(64)];
            for (u, i, _) in r.iter() {
                let b = u as usize * n_items + i as usize;
                bits[b / 64] |= 1 << (b % 64);
            }
            return UserItems::Bits { n_items, bits };
        }
        let mut offsets = vec![0usize; n_users + 1];
        for &u in &r.users {
            offsets[u as usize + 1] += 1;
        }
        for u in 0..n_users {
            offsets[u + 1] += offsets[u];
        }
        let mut fill = offsets.clone();
        let mut items = vec![0u32; r.len()];
        for (u, i, _) in r.iter() {
            items[fill[u as usize]] = i;
            fill[u as usize] += 1;
        }
        for u in 0..n_users {
            items[offsets[u]..offsets[u + 1]].sort_unstable();
        }
        UserItems::Sorted { offsets, items }
    }

    fn rated(&self, u: usize, i: u32) -> bool {
        match self {
            UserItems::Bits { n_items, bits } => {
                let b = u * n_items + i as usize;
                bits[b / 64] >> (b % 64) & 1 == 1
            }
            UserItems::Sorted { offsets, items } => {
                items[offsets[u]..offsets[u + 1]].binary_search(&i).is_ok()
            }
        }
    }
}

/// Step sizes and decay factors of one kind of step (a rating, or a sampled
/// negative with every learning rate scaled by its weight).
struct Rates {
    lr_bias: f32,
    reg_bias: f32,
    reg_feature_bias: f32,
    /// `η_p · scale`
    lr_user: f32,
    /// `η_q · scale`
    lr_item: f32,
    /// `1 − η_p λ_p`, `1 − η_q λ_q`, `1 − η_q λ_f` (scaled rates)
    keep_user: f32,
    keep_item: f32,
    keep_feature: f32,
}

impl Rates {
    fn of(h: &HybridParams, scale: f32) -> Rates {
        let (lb, lu, li) = (h.lr_bias * scale, h.lr_user * scale, h.lr_item * scale);
        Rates {
            lr_bias: lb,
            reg_bias: h.reg_bias,
            reg_feature_bias: h.reg_feature_bias,
            lr_user: lu,
            lr_item: li,
            keep_user: 1.0 - lu * h.reg_user,
            keep_item: 1.0 - li * h.reg_item,
            keep_feature: 1.0 - li * h.reg_feature,
        }
    }
}

/// Every trained parameter, in original index order.
struct Weights {
    pu: Vec<f32>,
    vi: Vec<f32>,
    ef: Vec<f32>,
    bu: Vec<f32>,
    ci: Vec<f32>,
    bf: Vec<f32>,
}

/// One SGD update for rating `r` of item `i` by user `u` (module docs);
/// returns the error before the update. `q` and `g` are scratch rows of
/// length `k`.
#[allow(clippy::too_many_arguments)]
#[inline]
fn sgd_step(
    w: &mut Weights,
    features: &ItemFeatures,
    u: usize,
    i: usize,
    r: f32,
    mu: f32,
    k: usize,
    h: &Rates,
    q: &mut [f32],
    g: &mut [f32],
) -> f32 {
    let (ids, ws) = features.of(i as u32);
    let v = &mut w.vi[i * k..(i + 1) * k];
    // q̃ = v + Σ w e_f; the first feature is fused with the copy of v (a
    // plain copy compiles to a memmove call that cost a fifth of the time).
    let mut b_item = w.ci[i];
    match ids.first().zip(ws.first()) {
        Some((&f, &wf)) => {
            let e = &w.ef[f as usize * k..(f as usize + 1) * k];
            for ((x, &y), &z) in q.iter_mut().zip(v.iter()).zip(e) {
                *x = y + wf * z;
            }
        }
        None => q.copy_from_slice(v),
    }
    for (n, (&f, &wf)) in ids.iter().zip(ws).enumerate() {
        let f = f as usize;
        b_item += wf * w.bf[f];
        if n > 0 {
            for (x, &e) in q.iter_mut().zip(&w.ef[f * k..(f + 1) * k]) {
                *x += wf * e;
            }
        }
    }
    let p = &mut w.pu[u * k..(u + 1) * k];
    let err = r - (mu + w.bu[u] + b_item + dot(p, q));
    // Biases (old values on the right).
    w.bu[u] += h.lr_bias * (err - h.reg_bias * w.bu[u]);
    w.ci[i] += h.lr_bias * (err - h.reg_bias * w.ci[i]);
    for (&f, &wf) in ids.iter().zip(ws) {
        let b = &mut w.bf[f as usize];
        *b += h.lr_bias * (err * wf - h.reg_feature_bias * *b);
    }
    // Factors: g = η_q err p_u (old p_u), then p_u from the old q̃_i.
    let (keep_p, step_p, step_q) = (h.keep_user, h.lr_user * err, h.lr_item * err);
    for ((x, &qf), gf) in p.iter_mut().zip(q.iter()).zip(g.iter_mut()) {
        *gf = step_q * *x;
        *x = keep_p * *x + step_p * qf;
    }
    let keep_v = h.keep_item;
    for (x, &gf) in v.iter_mut().zip(g.iter()) {
        *x = keep_v * *x + gf;
    }
    let keep_e = h.keep_feature;
    for (&f, &wf) in ids.iter().zip(ws) {
        let f = f as usize;
        for (x, &gf) in w.ef[f * k..(f + 1) * k].iter_mut().zip(g.iter()) {
            *x = keep_e * *x + wf * gf;
        }
    }
    err
}
