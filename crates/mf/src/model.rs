//! The trained SVD model, its predictions, and the [`Predictor`] trait that
//! the baselines share so evaluation code is written once.

/// One prediction, with the terms it was built from so a UI can explain it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Prediction {
    /// The estimate clipped to the model's rating scale (Surprise's `est`).
    pub value: f32,
    /// The estimate before clipping.
    pub raw: f32,
    /// Global-mean term that entered the estimate (0 for an unbiased SVD
    /// whose user and item are both known, as in Surprise).
    pub mu: f32,
    /// User bias, when it entered the estimate.
    pub user_bias: Option<f32>,
    /// Item bias, when it entered the estimate.
    pub item_bias: Option<f32>,
    /// Factor dot product `q_i · p_u`, when it entered the estimate.
    pub dot: Option<f32>,
    /// The user had training ratings.
    pub known_user: bool,
    /// The item had training ratings.
    pub known_item: bool,
}

/// Anything that predicts a rating for an optional user and item.
///
/// `None`, an index beyond the model, or an index with no training rating
/// all count as "unknown" and select the predictor's fallback.
pub trait Predictor {
    /// Predict the rating of `item` by `user`.
    fn predict(&self, user: Option<u32>, item: Option<u32>) -> Prediction;
}

/// A trained biased matrix-factorisation model (Surprise's `SVD`).
///
/// Prediction: `r̂ = μ + b_u + b_i + q_i · p_u`, clipped to
/// `[rating_min, rating_max]`.
#[derive(Clone, Debug, PartialEq)]
pub struct SvdModel {
    /// Mean of the training ratings.
    pub mu: f32,
    /// User biases (`n_users`).
    pub bu: Vec<f32>,
    /// Item biases (`n_items`).
    pub bi: Vec<f32>,
    /// User factors, `n_users * k`, row-major.
    pub pu: Vec<f32>,
    /// Item factors, `n_items * k`, row-major.
    pub qi: Vec<f32>,
    /// Number of factors.
    pub k: usize,
    /// Lower clip bound of predictions.
    pub rating_min: f32,
    /// Upper clip bound of predictions.
    pub rating_max: f32,
    /// Trained with bias terms (Surprise's `biased`).
    pub biased: bool,
    /// Training ratings per user; 0 marks a user unknown to the model.
    pub user_counts: Vec<u32>,
    /// Training ratings per item; 0 marks an item unknown to the model.
    pub item_counts: Vec<u32>,
}

impl SvdModel {
    /// Number of user rows.
    pub fn n_users(&self) -> usize {
        self.bu.len()
    }

    /// Number of item rows.
    pub fn n_items(&self) -> usize {
        self.bi.len()
    }

    /// The user had at least one training rating.
    pub fn knows_user(&self, u: u32) -> bool {
        self.user_counts.get(u as usize).is_some_and(|&c| c > 0)
    }

    /// The item had at least one training rating.
    pub fn knows_item(&self, i: u32) -> bool {
        self.item_counts.get(i as usize).is_some_and(|&c| c > 0)
    }

    /// Factor row of user `u`, if in range.
    pub fn user_factors(&self, u: u32) -> Option<&[f32]> {
        let s = (u as usize).checked_mul(self.k)?;
        self.pu.get(s..s + self.k)
    }

    /// Factor row of item `i`, if in range.
    pub fn item_factors(&self, i: u32) -> Option<&[f32]> {
        let s = (i as usize).checked_mul(self.k)?;
        self.qi.get(s..s + self.k)
    }

    /// Clip to the rating scale.
    pub fn clip(&self, x: f32) -> f32 {
        x.max(self.rating_min).min(self.rating_max)
    }

    /// Predict like Surprise's `SVD.estimate` followed by clipping.
    ///
    /// Biased: start from μ, add `b_u` if the user is known, `b_i` if the
    /// item is known, and `q_i · p_u` only if both are. Unbiased: `q_i · p_u`
    /// when both are known; otherwise Surprise raises `PredictionImpossible`
    /// and falls back to the global mean, which is what is returned here.
    pub fn predict(&self, user: Option<u32>, item: Option<u32>) -> Prediction {
        let u = user.filter(|&u| self.knows_user(u));
        let i = item.filter(|&i| self.knows_item(i));
        let dot = match (u, i) {
            (Some(u), Some(i)) => match (self.user_factors(u), self.item_factors(i)) {
                (Some(p), Some(q)) => Some(dot(p, q)),
                _ => None,
            },
            _ => None,
        };
        let (mu, ub, ib, raw) = if self.biased {
            let ub = u.map(|u| self.bu[u as usize]);
            let ib = i.map(|i| self.bi[i as usize]);
            let raw = self.mu + ub.unwrap_or(0.0) + ib.unwrap_or(0.0) + dot.unwrap_or(0.0);
            (self.mu, ub, ib, raw)
        } else {
            match dot {
                Some(d) => (0.0, None, None, d),
                None => (self.mu, None, None, self.mu),
            }
        };
        Prediction {
            value: self.clip(raw),
            raw,
            mu,
            user_bias: ub,
            item_bias: ib,
            dot,
            known_user: u.is_some(),
            known_item: i.is_some(),
        }
    }
}

impl Predictor for SvdModel {
    fn predict(&self, user: Option<u32>, item: Option<u32>) -> Prediction {
        SvdModel::predict(self, user, item)
    }
}

/// Dot product with eight independent partial sums so that it vectorises;
/// used outside the training hot loop (prediction, recommendation) and in
/// the hybrid model's loop (`inline` so that it is inlined there).
#[inline]
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let ca = a.chunks_exact(8);
    let cb = b.chunks_exact(8);
    let tail: f32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ca.zip(cb) {
        for l in 0..8 {
            acc[l] += x[l] * y[l];
        }
    }
    (acc[0] + acc[4]) + (acc[1] + acc[5]) + ((acc[2] + acc[6]) + (acc[3] + acc[7])) + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(biased: bool) -> SvdModel {
        SvdModel {
            mu: 3.0,
            bu: vec![0.5, -0.25, 0.0],
            bi: vec![0.25, -1.0],
            pu: vec![1.0, 2.0, 0.5, 0.5, 9.0, 9.0],
            qi: vec![0.5, 0.25, 2.0, 2.0],
            k: 2,
            rating_min: 0.5,
            rating_max: 5.0,
            biased,
            user_counts: vec![3, 1, 0],
            item_counts: vec![2, 2],
        }
    }

    #[test]
    fn known_user_and_item_uses_every_term() {
        let p = model(true).predict(Some(0), Some(0));
        // 3 + 0.5 + 0.25 + (1*0.5 + 2*0.25) = 4.75
        assert_eq!(p.raw, 4.75);
        assert_eq!(p.value, 4.75);
        assert_eq!(
            (p.user_bias, p.item_bias, p.dot),
            (Some(0.5), Some(0.25), Some(1.0))
        );
        assert!(p.known_user && p.known_item);
        // 3 + 0.5 - 1 + (2 + 4) = 8.5 → clipped to 5
        let p = model(true).predict(Some(0), Some(1));
        assert_eq!((p.raw, p.value), (8.5, 5.0));
    }

    #[test]
    fn unknown_fallbacks_match_surprise() {
        let m = model(true);
        // unknown user (None, out of range, or zero training ratings) → μ + b_i
        for u in [None, Some(7), Some(2)] {
            let p = m.predict(u, Some(0));
            assert_eq!(p.raw, 3.25);
            assert!(!p.known_user && p.known_item && p.dot.is_none() && p.user_bias.is_none());
        }
        // unknown item → μ + b_u
        let p = m.predict(Some(1), Some(5));
        assert_eq!(p.raw, 2.75);
        assert!(p.known_user && !p.known_item && p.item_bias.is_none());
        // both unknown → μ
        let p = m.predict(None, None);
        assert_eq!((p.raw, p.mu), (3.0, 3.0));
    }

    #[test]
    fn unbiased_uses_dot_only_and_falls_back_to_mean() {
        let m = model(false);
        let p = m.predict(Some(1), Some(0));
        assert_eq!(p.raw, 0.5 * 0.5 + 0.5 * 0.25);
        assert_eq!(p.value, 0.5, "clipped up to rating_min");
        assert_eq!(p.mu, 0.0);
        let p = m.predict(Some(1), None);
        assert_eq!(p.raw, 3.0);
    }

    #[test]
    fn dot_matches_naive() {
        let a: Vec<f32> = (0..21).map(|x| x as f32 * 0.5).collect();
        let b: Vec<f32> = (0..21).map(|x| 1.0 - x as f32 * 0.25).collect();
        let naive: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!((dot(&a, &b) - naive).abs() < 1e-3);
    }
}
