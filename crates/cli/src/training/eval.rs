//! The training runs: fit the biased-SVD model on a split and evaluate it
//! (RMSE, MAE, precision/recall/NDCG@10, against the baselines),
//! cross-validate, search hyperparameters, sweep test sizes.
//!
//! The maths is `cartelera-mf`'s; this module splits, shows progress and
//! collects the measurements into [`super::report`]'s types.

use anyhow::Result;
use cartelera_mf::clock::default_clock;
use cartelera_mf::data::Ratings;
use cartelera_mf::eval::{cross_validate, holdout, CvReport, Scores};
use cartelera_mf::eval::{grid_search, random_search, ParamGrid, SearchReport, SearchSpace};
use cartelera_mf::model::SvdModel;
use cartelera_mf::params::SvdParams;
use cartelera_mf::train::{fit, FitStats};
use cartelera_mf::MfError;

use super::report::{Baselines, EpochReport, ErrorReport, ParamsReport, SplitReport};
use crate::progress;

/// The test sizes of the original project's sweep.
pub const SWEEP_SIZES: [f64; 5] = [0.01, 0.05, 0.15, 0.25, 0.5];

/// Fits with a per-epoch progress bar.
pub fn fit_with_progress(train: &Ratings, params: &SvdParams) -> Result<(SvdModel, FitStats)> {
    let bar = progress::items(params.n_epochs as u64, "training");
    let result = fit(train, params, &mut |e| {
        bar.set_message(format!("rmse {:.4}", e.train_rmse));
        bar.set_position(e.epoch as u64 + 1);
    });
    bar.finish_and_clear();
    result.map_err(|e| explain_fit_error(e, params))
}

/// A fit's error, a divergence told with the flag to change: the trainer
/// cannot know the flag's name; the command line can.
fn explain_fit_error(error: MfError, params: &SvdParams) -> anyhow::Error {
    match error {
        MfError::Diverged { epoch, train_rmse } => anyhow::anyhow!(
            "training diverged: the training RMSE is {train_rmse} after epoch {} of {}: \
             the learning rate (--lr {}) is too large for these ratings; try a smaller one, \
             such as {} (the default is {})",
            epoch + 1,
            params.n_epochs,
            params.lr_pu,
            params.lr_pu / 10.0,
            SvdParams::default().lr_pu
        ),
        other => anyhow::Error::from(other).context("cannot split or train on the ratings"),
    }
}

/// A split run: the report, the model and the two sides of the split.
pub struct SplitRun {
    /// Metrics.
    pub report: SplitReport,
    /// The model fitted on `train`.
    pub model: SvdModel,
    /// Training ratings.
    pub train: Ratings,
    /// Held-out ratings.
    pub test: Ratings,
}

/// Splits, fits, evaluates the model and both baselines
/// (`cartelera_mf::eval::holdout`, the page's worker's call too).
pub fn run_split(ratings: &Ratings, params: &SvdParams, test_size: f64) -> Result<SplitRun> {
    let bar = progress::items(params.n_epochs as u64, "training");
    let clock = default_clock();
    let run = holdout(ratings, params, test_size, &clock, &mut |e| {
        bar.set_message(format!("rmse {:.4}", e.train_rmse));
        bar.set_position(e.epoch as u64 + 1);
    });
    bar.finish_and_clear();
    let run = run.map_err(|e| explain_fit_error(e, params))?;
    let (stats, scores) = (&run.stats, run.scores);
    let errors = |s: Scores| ErrorReport {
        rmse: s.rmse,
        mae: s.mae,
    };
    let report = SplitReport {
        rmse: scores.rmse,
        mae: scores.mae,
        precision_at_10: scores.precision_at_10,
        recall_at_10: scores.recall_at_10,
        ndcg_at_10: scores.ndcg_at_10,
        fit_seconds: stats.fit_seconds,
        test_seconds: run.test_seconds,
        n_train: run.train.len(),
        n_test: run.test.len(),
        n_users: ratings.n_users,
        n_items: ratings.n_items,
        test_size,
        updates_per_second: stats.updates_per_second,
        kernel: stats.kernel.to_string(),
        params: ParamsReport::of(params),
        baselines: Baselines {
            global_mean: errors(run.global_mean),
            baseline_only: errors(run.baseline_only),
        },
        epochs: stats
            .epochs
            .iter()
            .map(|e| EpochReport {
                epoch: e.epoch + 1,
                train_rmse: e.train_rmse,
                elapsed_seconds: e.elapsed_seconds,
            })
            .collect(),
    };
    Ok(SplitRun {
        report,
        model: run.model,
        train: run.train,
        test: run.test,
    })
}

/// Cross-validates (the fits print no bar: folds are reported as they end).
pub fn run_cv(ratings: &Ratings, params: &SvdParams, k: usize) -> Result<CvReport> {
    Ok(cross_validate(ratings, params, k, params.seed)?)
}

/// Grid search over factors, epochs, lr and reg, scored by CV.
pub fn run_grid(ratings: &Ratings, grid: &ParamGrid, k: usize, seed: u64) -> Result<SearchReport> {
    Ok(grid_search(ratings, grid, k, seed)?)
}

/// Random search over the same space.
pub fn run_random(
    ratings: &Ratings,
    space: &SearchSpace,
    n: usize,
    k: usize,
    seed: u64,
) -> Result<SearchReport> {
    Ok(random_search(ratings, space, n, k, seed)?)
}

/// The original project's test-size sweep: one split run per size.
pub fn run_sweep(ratings: &Ratings, params: &SvdParams) -> Result<Vec<SplitReport>> {
    SWEEP_SIZES
        .iter()
        .map(|&size| run_split(ratings, params, size).map(|run| run.report))
        .collect()
}
