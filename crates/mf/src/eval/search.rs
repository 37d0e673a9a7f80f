//! Hyper-parameter search over `n_factors`, `n_epochs`, `lr_all` and
//! `reg_all`, like Surprise's `GridSearchCV` / `RandomizedSearchCV`: every
//! candidate is cross-validated on the *same* folds, so differences between
//! rows are not split noise.

use super::cv::cv_on_folds;
use crate::data::{kfold, Ratings};
use crate::error::{invalid, MfError};
use crate::params::SvdParams;
use cartelera_det::Rng;

/// A grid: every combination of the listed values is tried. An empty list
/// means "keep `base`'s value".
#[derive(Clone, Debug, PartialEq)]
pub struct ParamGrid {
    /// Parameters not searched over (seed, threads, biased, ...).
    pub base: SvdParams,
    /// Candidate factor counts.
    pub n_factors: Vec<usize>,
    /// Candidate epoch counts.
    pub n_epochs: Vec<usize>,
    /// Candidate common learning rates.
    pub lr_all: Vec<f32>,
    /// Candidate common regularisations.
    pub reg_all: Vec<f32>,
}

impl ParamGrid {
    /// All combinations, in nested order n_factors → n_epochs → lr → reg.
    pub fn candidates(&self) -> Vec<SvdParams> {
        let b = &self.base;
        let or = |v: &Vec<f32>, d: f32| if v.is_empty() { vec![d] } else { v.clone() };
        let nf = if self.n_factors.is_empty() {
            vec![b.n_factors]
        } else {
            self.n_factors.clone()
        };
        let ne = if self.n_epochs.is_empty() {
            vec![b.n_epochs]
        } else {
            self.n_epochs.clone()
        };
        let mut out = Vec::new();
        for &f in &nf {
            for &e in &ne {
                for &lr in &or(&self.lr_all, b.lr_bu) {
                    for &reg in &or(&self.reg_all, b.reg_bu) {
                        let p = SvdParams {
                            n_factors: f,
                            n_epochs: e,
                            ..b.clone()
                        };
                        out.push(p.with_lr_all(lr).with_reg_all(reg));
                    }
                }
            }
        }
        out
    }
}

/// A search space for random search: integers uniform in the inclusive
/// ranges, rates log-uniform in the inclusive ranges (rates span orders of
/// magnitude, so log-uniform sampling spends trials evenly across them).
#[derive(Clone, Debug, PartialEq)]
pub struct SearchSpace {
    /// Parameters not searched over.
    pub base: SvdParams,
    /// Inclusive range of `n_factors`.
    pub n_factors: (usize, usize),
    /// Inclusive range of `n_epochs`.
    pub n_epochs: (usize, usize),
    /// Range of `lr_all` (both > 0).
    pub lr_all: (f32, f32),
    /// Range of `reg_all` (both > 0).
    pub reg_all: (f32, f32),
}

/// One evaluated candidate.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchRow {
    /// The full parameter set.
    pub params: SvdParams,
    /// Mean test RMSE over folds.
    pub rmse: f64,
    /// Mean test MAE over folds.
    pub mae: f64,
    /// Mean fit seconds over folds.
    pub fit_seconds: f64,
}

/// Every evaluated row, best (lowest RMSE) first.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchReport {
    /// Rows sorted by RMSE, ascending.
    pub rows: Vec<SearchRow>,
    /// The best row (same as `rows[0]`).
    pub best: SearchRow,
}

fn run(
    ratings: &Ratings,
    candidates: Vec<SvdParams>,
    k_folds: usize,
    seed: u64,
) -> Result<SearchReport, MfError> {
    if candidates.is_empty() {
        return Err(MfError::Empty {
            what: "search candidates",
        });
    }
    // Validate everything before spending time on folds.
    for p in &candidates {
        p.validate()?;
    }
    let folds = kfold(ratings, k_folds, seed)?;
    let mut rows = Vec::with_capacity(candidates.len());
    for params in candidates {
        let rep = cv_on_folds(&folds, &params)?;
        rows.push(SearchRow {
            params,
            rmse: rep.rmse.mean,
            mae: rep.mae.mean,
            fit_seconds: rep.fit_seconds.mean,
        });
    }
    rows.sort_by(|a, b| a.rmse.total_cmp(&b.rmse));
    let best = rows[0].clone();
    Ok(SearchReport { rows, best })
}

/// Cross-validate every combination of `grid` on the same `k_folds` folds.
pub fn grid_search(
    ratings: &Ratings,
    grid: &ParamGrid,
    k_folds: usize,
    seed: u64,
) -> Result<SearchReport, MfError> {
    run(ratings, grid.candidates(), k_folds, seed)
}

/// Cross-validate `n` candidates drawn from `space` (with `seed`) on the same
/// `k_folds` folds.
pub fn random_search(
    ratings: &Ratings,
    space: &SearchSpace,
    n: usize,
    k_folds: usize,
    seed: u64,
) -> Result<SearchReport, MfError> {
    let (f0, f1) = space.n_factors;
    let (e0, e1) = space.n_epochs;
    if f0 == 0 || f0 > f1 {
        return Err(invalid(
            "n_factors",
            format!("{f0}..={f1}"),
            "a range 1 <= lo <= hi",
        ));
    }
    if e0 == 0 || e0 > e1 {
        return Err(invalid(
            "n_epochs",
            format!("{e0}..={e1}"),
            "a range 1 <= lo <= hi",
        ));
    }
    for (name, (lo, hi)) in [("lr_all", space.lr_all), ("reg_all", space.reg_all)] {
        if !(lo.is_finite() && hi.is_finite() && lo > 0.0 && lo <= hi) {
            return Err(invalid(
                name,
                format!("{lo}..={hi}"),
                "a range 0 < lo <= hi, finite",
            ));
        }
    }
    let mut rng = Rng::new(seed ^ 0xA076_1D64_78BD_642F);
    let log_uniform = |rng: &mut Rng, (lo, hi): (f32, f32)| -> f32 {
        let (a, b) = ((lo as f64).ln(), (hi as f64).ln());
        ((a + (b - a) * rng.f64()).exp() as f32).clamp(lo, hi)
    };
    let candidates = (0..n)
        .map(|_| {
            let p = SvdParams {
                n_factors: f0 + rng.below((f1 - f0 + 1) as u64) as usize,
                n_epochs: e0 + rng.below((e1 - e0 + 1) as u64) as usize,
                ..space.base.clone()
            };
            let lr = log_uniform(&mut rng, space.lr_all);
            let reg = log_uniform(&mut rng, space.reg_all);
            p.with_lr_all(lr).with_reg_all(reg)
        })
        .collect();
    run(ratings, candidates, k_folds, seed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::{planted, PlantedConfig};

    fn data() -> Ratings {
        planted(&PlantedConfig {
            n_users: 150,
            n_items: 80,
            n_ratings: 3000,
            ..Default::default()
        })
        .unwrap()
    }

    #[test]
    fn grid_search_tries_every_combination_sorted() {
        let grid = ParamGrid {
            base: SvdParams {
                n_factors: 4,
                ..Default::default()
            },
            n_factors: vec![],
            n_epochs: vec![2, 10],
            lr_all: vec![0.002, 0.01],
            reg_all: vec![0.02],
        };
        assert_eq!(grid.candidates().len(), 4);
        let rep = grid_search(&data(), &grid, 2, 0).unwrap();
        assert_eq!(rep.rows.len(), 4);
        assert!(rep.rows.windows(2).all(|w| w[0].rmse <= w[1].rmse));
        assert_eq!(rep.best, rep.rows[0]);
        // More epochs at the higher rate fits this data best.
        assert_eq!(
            (rep.best.params.n_epochs, rep.best.params.lr_pu),
            (10, 0.01)
        );
        let bad = ParamGrid {
            lr_all: vec![-1.0],
            ..grid
        };
        assert!(matches!(
            grid_search(&data(), &bad, 2, 0),
            Err(MfError::InvalidParam { name: "lr_bu", .. })
        ));
    }

    #[test]
    fn random_search_samples_inside_the_space() {
        let space = SearchSpace {
            base: SvdParams::default(),
            n_factors: (2, 6),
            n_epochs: (3, 5),
            lr_all: (0.001, 0.02),
            reg_all: (0.01, 0.1),
        };
        let rep = random_search(&data(), &space, 3, 2, 7).unwrap();
        assert_eq!(rep.rows.len(), 3);
        for r in &rep.rows {
            let p = &r.params;
            assert!((2..=6).contains(&p.n_factors) && (3..=5).contains(&p.n_epochs));
            assert!((0.001..=0.02).contains(&p.lr_qi) && (0.01..=0.1).contains(&p.reg_bi));
        }
        let bad = SearchSpace {
            lr_all: (0.0, 0.1),
            ..space.clone()
        };
        assert!(random_search(&data(), &bad, 3, 2, 7).is_err());
        assert!(random_search(&data(), &space, 0, 2, 7).is_err());
    }
}
