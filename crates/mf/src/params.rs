//! Hyper-parameters of the SVD model, with Surprise's defaults.

use crate::error::{invalid, MfError};

/// Order in which one epoch visits the ratings (the same order every epoch).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RatingOrder {
    /// A seeded shuffle of all ratings (within each block when parallel).
    #[default]
    Shuffled,
    /// Grouped by user: users in a seeded random order, each user's ratings
    /// consecutive and in seeded random order. This is the shape of
    /// Surprise's own trainset order (`all_ratings()` walks user by user)
    /// and what LIBMF does inside its blocks; a user's factor row then stays
    /// in L1 cache across their ratings, which makes parallel training on
    /// large sets markedly faster (see the crate's benchmark notes).
    ByUser,
}

/// Hyper-parameters of [`crate::train::fit`].
///
/// [`Default`] reproduces `surprise.SVD()`: 100 factors, 20 epochs, factors
/// initialised from N(0, 0.1), every learning rate 0.005, every
/// regularisation 0.02, biased. Fields beyond Surprise's (`seed`, `order`,
/// `threads`, `blocks`, `rating_min`, `rating_max`) are documented
/// individually.
#[derive(Clone, Debug, PartialEq)]
pub struct SvdParams {
    /// Number of latent factors `k`.
    pub n_factors: usize,
    /// Number of passes over the training set.
    pub n_epochs: usize,
    /// Mean of the normal distribution the factors start from.
    pub init_mean: f32,
    /// Standard deviation of that distribution.
    pub init_std: f32,
    /// Learning rate of the user biases.
    pub lr_bu: f32,
    /// Learning rate of the item biases.
    pub lr_bi: f32,
    /// Learning rate of the user factors.
    pub lr_pu: f32,
    /// Learning rate of the item factors.
    pub lr_qi: f32,
    /// Regularisation of the user biases.
    pub reg_bu: f32,
    /// Regularisation of the item biases.
    pub reg_bi: f32,
    /// Regularisation of the user factors.
    pub reg_pu: f32,
    /// Regularisation of the item factors.
    pub reg_qi: f32,
    /// Use the global mean and bias terms (Surprise's `biased=True`).
    pub biased: bool,
    /// Seed of the factor initialisation and of the rating order.
    pub seed: u64,
    /// Rating order within an epoch (see [`RatingOrder`]).
    pub order: RatingOrder,
    /// Worker threads. 1 (the default, like Surprise) trains sequentially;
    /// 2 or more selects the blocked parallel schedule (see
    /// [`crate::train`]). The result depends on `seed` and `threads` only,
    /// never on timing.
    pub threads: usize,
    /// Blocks per side of the parallel schedule; 0 (default) picks
    /// `8 * threads`, the value measured fastest on the reference benchmark
    /// (11 M ratings, 2 threads, shuffled order: B = 8 → 22.3, 16 → 23.5–25.4,
    /// 32 → 20.2–21.5 M updates/s). Values below `threads` are raised to it.
    /// Ignored when `threads == 1`.
    pub blocks: usize,
    /// Lower bound of the rating scale; predictions are clipped to it.
    pub rating_min: f32,
    /// Upper bound of the rating scale; predictions are clipped to it.
    pub rating_max: f32,
}

impl Default for SvdParams {
    fn default() -> Self {
        SvdParams {
            n_factors: 100,
            n_epochs: 20,
            init_mean: 0.0,
            init_std: 0.1,
            lr_bu: 0.005,
            lr_bi: 0.005,
            lr_pu: 0.005,
            lr_qi: 0.005,
            reg_bu: 0.02,
            reg_bi: 0.02,
            reg_pu: 0.02,
            reg_qi: 0.02,
            biased: true,
            seed: 0,
            order: RatingOrder::Shuffled,
            threads: 1,
            blocks: 0,
            rating_min: 0.5,
            rating_max: 5.0,
        }
    }
}

impl SvdParams {
    /// Set all four learning rates (Surprise's `lr_all`).
    pub fn with_lr_all(mut self, lr: f32) -> Self {
        self.lr_bu = lr;
        self.lr_bi = lr;
        self.lr_pu = lr;
        self.lr_qi = lr;
        self
    }

    /// Set all four regularisation strengths (Surprise's `reg_all`).
    pub fn with_reg_all(mut self, reg: f32) -> Self {
        self.reg_bu = reg;
        self.reg_bi = reg;
        self.reg_pu = reg;
        self.reg_qi = reg;
        self
    }

    /// Number of blocks per side actually used by the parallel schedule
    /// (1 means the plain sequential pass).
    pub fn effective_blocks(&self) -> usize {
        match (self.threads, self.blocks) {
            (0 | 1, _) => 1,
            (t, 0) => 8 * t,
            (t, b) => b.max(t),
        }
    }

    /// Check every field; the error names the parameter and its accepted range.
    pub fn validate(&self) -> Result<(), MfError> {
        const MAX_FACTORS: usize = 4096;
        if self.n_factors == 0 || self.n_factors > MAX_FACTORS {
            return Err(invalid(
                "n_factors",
                self.n_factors,
                "an integer in 1..=4096",
            ));
        }
        // Bounded so that a typo (4000000000) is refused, not run for
        // years with a per-epoch record sized by it.
        const MAX_EPOCHS: usize = 10_000;
        if self.n_epochs == 0 || self.n_epochs > MAX_EPOCHS {
            return Err(invalid(
                "n_epochs",
                self.n_epochs,
                "an integer in 1..=10000",
            ));
        }
        if self.threads == 0 || self.threads > 1024 {
            return Err(invalid("threads", self.threads, "an integer in 1..=1024"));
        }
        if self.blocks > 4096 {
            return Err(invalid(
                "blocks",
                self.blocks,
                "0 (automatic) or an integer in 1..=4096",
            ));
        }
        if !self.init_mean.is_finite() {
            return Err(invalid("init_mean", self.init_mean, "a finite number"));
        }
        let non_negative = [
            ("init_std", self.init_std),
            ("lr_bu", self.lr_bu),
            ("lr_bi", self.lr_bi),
            ("lr_pu", self.lr_pu),
            ("lr_qi", self.lr_qi),
            ("reg_bu", self.reg_bu),
            ("reg_bi", self.reg_bi),
            ("reg_pu", self.reg_pu),
            ("reg_qi", self.reg_qi),
        ];
        for (name, v) in non_negative {
            if !(v.is_finite() && v >= 0.0) {
                return Err(invalid(name, v, "a finite number >= 0"));
            }
        }
        if !self.rating_min.is_finite() {
            return Err(invalid(
                "rating_min",
                self.rating_min,
                "a finite number below rating_max",
            ));
        }
        if !(self.rating_max.is_finite() && self.rating_max > self.rating_min) {
            return Err(invalid(
                "rating_max",
                self.rating_max,
                "a finite number above rating_min",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_surprises() {
        let p = SvdParams::default();
        assert_eq!((p.n_factors, p.n_epochs), (100, 20));
        assert_eq!((p.init_mean, p.init_std), (0.0, 0.1));
        assert_eq!([p.lr_bu, p.lr_bi, p.lr_pu, p.lr_qi], [0.005; 4]);
        assert_eq!([p.reg_bu, p.reg_bi, p.reg_pu, p.reg_qi], [0.02; 4]);
        assert!(p.biased);
        assert!(p.validate().is_ok());
        assert_eq!(p.effective_blocks(), 1);
        let q = SvdParams {
            threads: 2,
            ..p.clone()
        };
        assert_eq!(q.effective_blocks(), 16);
        assert_eq!(SvdParams { blocks: 1, ..q }.effective_blocks(), 2);
    }

    #[test]
    fn lr_all_and_reg_all_set_all_four() {
        let p = SvdParams::default().with_lr_all(0.01).with_reg_all(0.1);
        assert_eq!([p.lr_bu, p.lr_bi, p.lr_pu, p.lr_qi], [0.01; 4]);
        assert_eq!([p.reg_bu, p.reg_bi, p.reg_pu, p.reg_qi], [0.1; 4]);
    }

    #[test]
    fn every_bad_parameter_is_named() {
        let base = SvdParams::default();
        let cases: Vec<(SvdParams, &str)> = vec![
            (
                SvdParams {
                    n_factors: 0,
                    ..base.clone()
                },
                "n_factors",
            ),
            (
                SvdParams {
                    n_epochs: 0,
                    ..base.clone()
                },
                "n_epochs",
            ),
            (
                SvdParams {
                    threads: 0,
                    ..base.clone()
                },
                "threads",
            ),
            (
                SvdParams {
                    blocks: 100_000,
                    ..base.clone()
                },
                "blocks",
            ),
            (
                SvdParams {
                    init_mean: f32::NAN,
                    ..base.clone()
                },
                "init_mean",
            ),
            (
                SvdParams {
                    init_std: -0.1,
                    ..base.clone()
                },
                "init_std",
            ),
            (
                SvdParams {
                    lr_bu: f32::NAN,
                    ..base.clone()
                },
                "lr_bu",
            ),
            (
                SvdParams {
                    lr_bi: -1.0,
                    ..base.clone()
                },
                "lr_bi",
            ),
            (
                SvdParams {
                    lr_pu: f32::INFINITY,
                    ..base.clone()
                },
                "lr_pu",
            ),
            (
                SvdParams {
                    lr_qi: -0.5,
                    ..base.clone()
                },
                "lr_qi",
            ),
            (
                SvdParams {
                    reg_bu: -1.0,
                    ..base.clone()
                },
                "reg_bu",
            ),
            (
                SvdParams {
                    reg_bi: f32::NAN,
                    ..base.clone()
                },
                "reg_bi",
            ),
            (
                SvdParams {
                    reg_pu: -1.0,
                    ..base.clone()
                },
                "reg_pu",
            ),
            (
                SvdParams {
                    reg_qi: f32::NEG_INFINITY,
                    ..base.clone()
                },
                "reg_qi",
            ),
            (
                SvdParams {
                    rating_min: f32::NAN,
                    ..base.clone()
                },
                "rating_min",
            ),
            (
                SvdParams {
                    rating_max: 0.5,
                    ..base.clone()
                },
                "rating_max",
            ),
        ];
        for (p, name) in cases {
            match p.validate() {
                Err(MfError::InvalidParam { name: n, .. }) => assert_eq!(n, name),
                other => panic!("{name}: expected an error, got {other:?}"),
            }
        }
    }
}
