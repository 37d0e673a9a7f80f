//! The implicit ("watch") part of the hybrid model: which titles a viewer
//! rates at all, learned by BPR (Rendle et al., UAI 2009; LightFM's `bpr`
//! loss) with the same content features as the rating part.
//!
//! ```text
//! s(u, i) = d̃_i + ỹ_iᵀ x_u
//! ỹ_i     = y_i + Σ_{f ∈ F_i} w_if h_f          d̃_i = d_i + Σ_{f ∈ F_i} w_if δ_f
//! ```
//!
//! For a rating of `(u, i)` and a sampled item `j` that `u` did not rate,
//! one SGD step up the gradient of `ln σ(s(u, i) − s(u, j))` with L2 decay
//! (`η` = [`super::HybridParams::lr_implicit`], `λ` =
//! [`super::HybridParams::reg_implicit`]); with `g = σ(−(s_i − s_j))` and
//! `Δ = ỹ_i − ỹ_j` (old values on the right):
//!
//! ```text
//! x_u += η (g Δ − λ x_u)
//! y_i += η (g x_u − λ y_i)        y_j += η (−g x_u − λ y_j)
//! h_f += η (g w_if x_u − λ h_f)   for f ∈ F_i;   the same with −g for f ∈ F_j
//! d_i += η (g − λ d_i)            d_j += η (−g − λ d_j)
//! δ_f likewise with w_if.
//! ```
//!
//! The rating part says how much a viewer would like a title; this part
//! says whether they would pick it, so top-N lists rank by a sum of both
//! ([`super::HybridModel::rank_score`]) while `predict` (and so RMSE) is the
//! rating part alone. A title nobody rated gets `ỹ_i`, `d̃_i` from its
//! features, like its rating vector.

use super::ItemFeatures;
use crate::model::dot;
use cartelera_det::Rng;

/// The trained implicit part, item rows composed.
#[derive(Clone, Debug, PartialEq)]
pub struct ImplicitModel {
    /// Number of implicit factors.
    pub k: usize,
    /// User vectors `x_u`, `n_users * k`.
    pub xu: Vec<f32>,
    /// Composed item vectors `ỹ_i`, `n_items * k`.
    pub yi: Vec<f32>,
    /// Composed item biases `d̃_i`.
    pub di: Vec<f32>,
    /// Free item parts `y_i`, `n_items * k` (0 for items nobody rated).
    pub free_factors: Vec<f32>,
    /// Free item biases `d_i`.
    pub free_biases: Vec<f32>,
    /// Feature embeddings `h_f`, `n_features * k`.
    pub feature_factors: Vec<f32>,
    /// Feature biases `δ_f`.
    pub feature_biases: Vec<f32>,
    /// Items with training ratings: the pool visitors' negatives are drawn
    /// from, as in training.
    pub rated_items: Vec<u32>,
    /// The mean `x_u` over users with training ratings (a visitor's start).
    pub mean_user: Vec<f32>,
    /// Learning rate and decay used in training (and by the visitor fold-in).
    pub lr: f32,
    /// L2 decay `λ`.
    pub reg: f32,
    /// Seed of the visitor fold-in's negatives.
    pub seed: u64,
}

impl ImplicitModel {
    /// `s(u, i)` for a user vector `x`.
    pub fn score(&self, x: &[f32], i: u32) -> f32 {
        let k = self.k;
        let i = i as usize;
        match self.yi.get(i * k..(i + 1) * k) {
            Some(y) => self.di[i] + dot(x, y),
            None => 0.0,
        }
    }

    /// `x_u` of a training user (`None` beyond the model).
    pub fn user(&self, u: u32) -> Option<&[f32]> {
        let k = self.k;
        self.xu.get(u as usize * k..(u as usize + 1) * k)
    }

    /// Fold in a visitor who rated `items`: the same BPR steps as training
    /// with the item side fixed, from the mean user and decaying towards
    /// it, `epochs` passes over the items with `negatives` seeded negatives
    /// each. Pure and deterministic; `O(epochs · |items| · negatives · k)`
    /// (5 items, 40 passes, 4 negatives, k = 16: 800 steps, well under a
    /// millisecond).
    pub fn fold_in(&self, items: &[u32], epochs: usize, negatives: usize) -> Vec<f32> {
        let k = self.k;
        let mut x = self.mean_user.clone();
        let n_items = self.di.len();
        let known: Vec<u32> = items
            .iter()
            .copied()
            .filter(|&i| (i as usize) < n_items)
            .collect();
        if known.is_empty() || self.rated_items.is_empty() {
            return x;
        }
        let mut sorted = known.clone();
        sorted.sort_unstable();
        let mut rng = Rng::with_stream(self.seed, 0x5eed_f01d);
        let n_rated = self.rated_items.len() as u128;
        let mut delta = vec![0.0f32; k];
        for _ in 0..epochs {
            for &i in &known {
                for _ in 0..negatives {
                    let pick = ((rng.next_u64() as u128 * n_rated) >> 64) as usize;
                    let j = self.rated_items[pick];
                    if sorted.binary_search(&j).is_ok() {
                        continue;
                    }
                    let (i, j) = (i as usize, j as usize);
                    let (yi, yj) = (&self.yi[i * k..(i + 1) * k], &self.yi[j * k..(j + 1) * k]);
                    for ((d, &a), &b) in delta.iter_mut().zip(yi).zip(yj) {
                        *d = a - b;
                    }
                    let s = self.di[i] - self.di[j] + dot(&x, &delta);
                    let g = sigmoid(-s);
                    for ((xf, &d), &m) in x.iter_mut().zip(&delta).zip(&self.mean_user) {
                        *xf += self.lr * (g * d - self.reg * (*xf - m));
                    }
                }
            }
        }
        x
    }
}

/// `1 / (1 + e^−z)`.
pub(super) fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// The implicit part's trained parameters during training.
pub(super) struct ImplicitWeights {
    pub k: usize,
    pub xu: Vec<f32>,
    pub yi: Vec<f32>,
    pub hf: Vec<f32>,
    pub di: Vec<f32>,
    pub df: Vec<f32>,
    pub lr: f32,
    pub reg: f32,
    /// Scratch: composed `ỹ_i`, `ỹ_j`, and `x_u` before the step.
    a: Vec<f32>,
    b: Vec<f32>,
    x: Vec<f32>,
}

impl ImplicitWeights {
    /// Random N(0, std) vectors (users and free item parts of rated items,
    /// features), zero biases; seeded per row like the rating part.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        n_users: usize,
        rated: &[u32],
        n_items: usize,
        n_features: usize,
        k: usize,
        std: f64,
        seed: u64,
        lr: f32,
        reg: f32,
    ) -> Self {
        let draw = |n: usize, side: u64, keep: &dyn Fn(usize) -> bool| -> Vec<f32> {
            let mut out = vec![0.0f32; n * k];
            for (r, row) in out.chunks_exact_mut(k).enumerate() {
                if keep(r) {
                    // Streams 3r + 3.. are disjoint from the rating part's.
                    let mut rng = Rng::with_stream(seed ^ 0x1b9c_7a3d, 3 * r as u64 + side);
                    for x in row {
                        *x = rng.normal_with(0.0, std) as f32;
                    }
                }
            }
            out
        };
        let mut is_rated = vec![false; n_items];
        for &i in rated {
            is_rated[i as usize] = true;
        }
        ImplicitWeights {
            k,
            xu: draw(n_users, 0, &|_| true),
            yi: draw(n_items, 1, &|i| is_rated[i]),
            hf: draw(n_features, 2, &|_| true),
            di: vec![0.0; n_items],
            df: vec![0.0; n_features],
            lr,
            reg,
            a: vec![0.0; k],
            b: vec![0.0; k],
            x: vec![0.0; k],
        }
    }

    #[inline]
    fn compose(&self, features: &ItemFeatures, i: usize, out: &mut [f32]) -> f32 {
        let k = self.k;
        let y = &self.yi[i * k..(i + 1) * k];
        let mut b = self.di[i];
        let (ids, ws) = features.of(i as u32);
        // The first feature fused with the copy of y (a plain copy is a
        // memmove call, as in the rating part's step).
        match ids.first().zip(ws.first()) {
            Some((&f, &w)) => {
                let h = &self.hf[f as usize * k..(f as usize + 1) * k];
                for ((o, &a), &z) in out.iter_mut().zip(y).zip(h) {
                    *o = a + w * z;
                }
            }
            None => {
                for (o, &a) in out.iter_mut().zip(y) {
                    *o = a;
                }
            }
        }
        for (n, (&f, &w)) in ids.iter().zip(ws).enumerate() {
            let f = f as usize;
            b += w * self.df[f];
            if n > 0 {
                for (o, &h) in out.iter_mut().zip(&self.hf[f * k..(f + 1) * k]) {
                    *o += w * h;
                }
            }
        }
        b
    }

    /// One BPR step for user `u`, rated item `i`, unrated item `j` (module
    /// docs).
    pub fn step(&mut self, features: &ItemFeatures, u: usize, i: usize, j: usize) {
        let k = self.k;
        let mut a = std::mem::take(&mut self.a);
        let mut b = std::mem::take(&mut self.b);
        let mut x = std::mem::take(&mut self.x);
        let bi = self.compose(features, i, &mut a);
        let bj = self.compose(features, j, &mut b);
        let xu = &mut self.xu[u * k..(u + 1) * k];
        x.copy_from_slice(xu);
        let mut s = bi - bj;
        for ((&xf, &ya), &yb) in x.iter().zip(&a).zip(&b) {
            s += xf * (ya - yb);
        }
        let g = sigmoid(-s);
        let (lr, reg) = (self.lr, self.reg);
        let keep = 1.0 - lr * reg;
        for ((xf, &ya), &yb) in xu.iter_mut().zip(&a).zip(&b) {
            *xf = keep * *xf + lr * g * (ya - yb);
        }
        for (item, sign) in [(i, g), (j, -g)] {
            let gs = lr * sign;
            for (y, &xf) in self.yi[item * k..(item + 1) * k].iter_mut().zip(&x) {
                *y = keep * *y + gs * xf;
            }
            self.di[item] = keep * self.di[item] + gs;
            let (ids, ws) = features.of(item as u32);
            for (&f, &w) in ids.iter().zip(ws) {
                let f = f as usize;
                for (h, &xf) in self.hf[f * k..(f + 1) * k].iter_mut().zip(&x) {
                    *h = keep * *h + gs * w * xf;
                }
                self.df[f] = keep * self.df[f] + gs * w;
            }
        }
        (self.a, self.b, self.x) = (a, b, x);
    }

    /// The trained part with composed item rows.
    pub fn finish(
        self,
        features: &ItemFeatures,
        user_counts: &[u32],
        rated_items: Vec<u32>,
        seed: u64,
    ) -> ImplicitModel {
        let k = self.k;
        let n_items = self.di.len();
        let mut yi = vec![0.0f32; n_items * k];
        let mut di = vec![0.0f32; n_items];
        for i in 0..n_items {
            di[i] = self.compose(features, i, &mut yi[i * k..(i + 1) * k]);
        }
        let mut mean = vec![0.0f64; k];
        let mut n = 0usize;
        for (u, x) in self.xu.chunks_exact(k).enumerate() {
            if user_counts.get(u).is_some_and(|&c| c > 0) {
                for (m, &v) in mean.iter_mut().zip(x) {
                    *m += v as f64;
                }
                n += 1;
            }
        }
        let n = n.max(1) as f64;
        ImplicitModel {
            k,
            xu: self.xu,
            yi,
            di,
            free_factors: self.yi,
            free_biases: self.di,
            feature_factors: self.hf,
            feature_biases: self.df,
            rated_items,
            mean_user: mean.iter().map(|&m| (m / n) as f32).collect(),
            lr: self.lr,
            reg: self.reg,
            seed,
        }
    }
}
