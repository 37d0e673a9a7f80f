//! Reference predictors: the global mean, and Surprise's `BaselineOnly`
//! (`r̂ = μ + b_u + b_i`) fitted by alternating least squares.

use crate::data::Ratings;
use crate::error::{invalid, MfError};
use crate::model::{Prediction, Predictor};

/// Predicts the mean training rating for everything.
#[derive(Clone, Debug, PartialEq)]
pub struct GlobalMean {
    /// Mean training rating.
    pub mu: f32,
    /// Training ratings per user (for the `known_*` flags).
    pub user_counts: Vec<u32>,
    /// Training ratings per item.
    pub item_counts: Vec<u32>,
}

impl GlobalMean {
    /// Fit on `train`.
    pub fn fit(train: &Ratings) -> Result<Self, MfError> {
        train.validate()?;
        Ok(GlobalMean {
            mu: train.mean() as f32,
            user_counts: train.user_counts(),
            item_counts: train.item_counts(),
        })
    }
}

fn known(counts: &[u32], x: Option<u32>) -> Option<usize> {
    x.map(|x| x as usize)
        .filter(|&x| counts.get(x).is_some_and(|&c| c > 0))
}

impl Predictor for GlobalMean {
    fn predict(&self, user: Option<u32>, item: Option<u32>) -> Prediction {
        Prediction {
            value: self.mu,
            raw: self.mu,
            mu: self.mu,
            user_bias: None,
            item_bias: None,
            dot: None,
            known_user: known(&self.user_counts, user).is_some(),
            known_item: known(&self.item_counts, item).is_some(),
        }
    }
}

/// Options of [`BaselineOnly::fit`]; the default is Surprise's
/// `bsl_options = {'method': 'als', 'n_epochs': 10, 'reg_u': 15, 'reg_i': 10}`.
#[derive(Clone, Debug, PartialEq)]
pub struct BaselineOptions {
    /// ALS sweeps.
    pub n_epochs: usize,
    /// Regularisation of the user biases.
    pub reg_u: f64,
    /// Regularisation of the item biases.
    pub reg_i: f64,
    /// Lower clip bound of predictions.
    pub rating_min: f32,
    /// Upper clip bound of predictions.
    pub rating_max: f32,
}

impl Default for BaselineOptions {
    fn default() -> Self {
        BaselineOptions {
            n_epochs: 10,
            reg_u: 15.0,
            reg_i: 10.0,
            rating_min: 0.5,
            rating_max: 5.0,
        }
    }
}

/// `r̂ = μ + b_u + b_i`, Surprise's `BaselineOnly` with the ALS method.
#[derive(Clone, Debug, PartialEq)]
pub struct BaselineOnly {
    /// Mean training rating.
    pub mu: f32,
    /// User biases.
    pub bu: Vec<f32>,
    /// Item biases.
    pub bi: Vec<f32>,
    /// Training ratings per user; 0 = unknown user.
    pub user_counts: Vec<u32>,
    /// Training ratings per item; 0 = unknown item.
    pub item_counts: Vec<u32>,
    /// Lower clip bound.
    pub rating_min: f32,
    /// Upper clip bound.
    pub rating_max: f32,
}

impl BaselineOnly {
    /// Fit like Surprise's `baseline_als`: biases start at 0; each epoch first
    /// sets every `b_i = Σ_{u∈R(i)} (r − μ − b_u) / (reg_i + |R(i)|)`, then
    /// every `b_u = Σ_{i∈R(u)} (r − μ − b_i) / (reg_u + |R(u)|)`. In `f64`,
    /// as Surprise does.
    pub fn fit(train: &Ratings, opts: &BaselineOptions) -> Result<Self, MfError> {
        train.validate()?;
        for (name, v) in [("reg_u", opts.reg_u), ("reg_i", opts.reg_i)] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(invalid(name, v, "a finite number >= 0"));
            }
        }
        if !(opts.rating_min.is_finite()
            && opts.rating_max.is_finite()
            && opts.rating_min < opts.rating_max)
        {
            return Err(invalid(
                "rating_max",
                opts.rating_max,
                "finite and above rating_min",
            ));
        }
        let mu = train.mean();
        let user_counts = train.user_counts();
        let item_counts = train.item_counts();
        let mut bu = vec![0.0f64; train.n_users as usize];
        let mut bi = vec![0.0f64; train.n_items as usize];
        let mut dev_i = vec![0.0f64; bi.len()];
        let mut dev_u = vec![0.0f64; bu.len()];
        for _ in 0..opts.n_epochs {
            // Sums are order-independent per item/user, so one pass over the
            // ratings replaces Surprise's loops over `ir` / `ur`.
            dev_i.fill(0.0);
            for (u, i, r) in train.iter() {
                dev_i[i as usize] += r as f64 - mu - bu[u as usize];
            }
            for (i, b) in bi.iter_mut().enumerate() {
                *b = dev_i[i] / (opts.reg_i + item_counts[i] as f64);
            }
            dev_u.fill(0.0);
            for (u, i, r) in train.iter() {
                dev_u[u as usize] += r as f64 - mu - bi[i as usize];
            }
            for (u, b) in bu.iter_mut().enumerate() {
                *b = dev_u[u] / (opts.reg_u + user_counts[u] as f64);
            }
        }
        Ok(BaselineOnly {
            mu: mu as f32,
            bu: bu.into_iter().map(|x| x as f32).collect(),
            bi: bi.into_iter().map(|x| x as f32).collect(),
            user_counts,
            item_counts,
            rating_min: opts.rating_min,
            rating_max: opts.rating_max,
        })
    }
}

impl Predictor for BaselineOnly {
    /// `μ`, plus `b_u` if the user is known, plus `b_i` if the item is known;
    /// clipped.
    fn predict(&self, user: Option<u32>, item: Option<u32>) -> Prediction {
        let ub = known(&self.user_counts, user).map(|u| self.bu[u]);
        let ib = known(&self.item_counts, item).map(|i| self.bi[i]);
        let raw = self.mu + ub.unwrap_or(0.0) + ib.unwrap_or(0.0);
        Prediction {
            value: raw.max(self.rating_min).min(self.rating_max),
            raw,
            mu: self.mu,
            user_bias: ub,
            item_bias: ib,
            dot: None,
            known_user: ub.is_some(),
            known_item: ib.is_some(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn als_one_epoch_by_hand() {
        // u0: (i0, 4), (i1, 2); u1: (i0, 5). μ = 11/3.
        let r = Ratings::new(vec![0, 0, 1], vec![0, 1, 0], vec![4.0, 2.0, 5.0], 2, 2).unwrap();
        let opts = BaselineOptions {
            n_epochs: 1,
            reg_u: 1.0,
            reg_i: 2.0,
            ..Default::default()
        };
        let m = BaselineOnly::fit(&r, &opts).unwrap();
        let mu = 11.0 / 3.0;
        // Items first, with b_u = 0.
        let bi0 = ((4.0 - mu) + (5.0 - mu)) / (2.0 + 2.0);
        let bi1 = (2.0 - mu) / (2.0 + 1.0);
        // Then users, with the new b_i.
        let bu0 = ((4.0 - mu - bi0) + (2.0 - mu - bi1)) / (1.0 + 2.0);
        let bu1 = (5.0 - mu - bi0) / (1.0 + 1.0);
        let close = |a: f32, b: f64| (a as f64 - b).abs() < 1e-6;
        assert!(close(m.bi[0], bi0) && close(m.bi[1], bi1), "{:?}", m.bi);
        assert!(close(m.bu[0], bu0) && close(m.bu[1], bu1), "{:?}", m.bu);
        let p = m.predict(Some(1), Some(1));
        assert!(close(p.raw, mu + bu1 + bi1));
        // Unknown user → μ + b_i; both unknown → μ.
        assert!(close(m.predict(None, Some(0)).raw, mu + bi0));
        assert!(close(m.predict(Some(9), None).raw, mu));
    }

    #[test]
    fn global_mean_and_bad_options() {
        let r = Ratings::new(vec![0, 1], vec![0, 0], vec![1.0, 4.0], 3, 2).unwrap();
        let g = GlobalMean::fit(&r).unwrap();
        let p = g.predict(Some(2), Some(0));
        assert_eq!(p.value, 2.5);
        assert!(!p.known_user && p.known_item);
        let bad = BaselineOptions {
            reg_u: f64::NAN,
            ..Default::default()
        };
        assert!(matches!(
            BaselineOnly::fit(&r, &bad),
            Err(MfError::InvalidParam { name: "reg_u", .. })
        ));
        let bad = BaselineOptions {
            rating_min: 6.0,
            ..Default::default()
        };
        assert!(BaselineOnly::fit(&r, &bad).is_err());
    }
}
