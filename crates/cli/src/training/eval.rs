//! `cartelera train`: fit the biased-SVD model, evaluate it (RMSE, MAE,
//! precision/recall/NDCG@10, against the baselines), cross-validate, search
//! hyperparameters, sweep test sizes; save the factor file.
//!
//! The maths is `cartelera-mf`'s; this module loads data, reports progress
//! and formats results (a table, or one JSON object with `--json`).

use std::time::Instant;

use anyhow::{Context, Result};
use cartelera_mf::baseline::{BaselineOnly, BaselineOptions, GlobalMean};
use cartelera_mf::data::{split, Ratings};
use cartelera_mf::eval::{cross_validate, evaluate, CvReport, Scores};
use cartelera_mf::eval::{
    grid_search, random_search, ParamGrid, SearchReport, SearchRow, SearchSpace,
};
use cartelera_mf::model::SvdModel;
use cartelera_mf::params::SvdParams;
use cartelera_mf::train::{fit, FitStats};
use serde::Serialize;
use serde_json::{json, Value};

use crate::progress;

/// The test sizes of the original project's sweep.
pub const SWEEP_SIZES: [f64; 5] = [0.01, 0.05, 0.15, 0.25, 0.5];

/// Hyperparameters as reported (JSON and the model card).
#[derive(Clone, Debug, Serialize)]
pub struct ParamsReport {
    /// Factors.
    pub n_factors: usize,
    /// Epochs.
    pub n_epochs: usize,
    /// Learning rate (all four).
    pub lr_all: f32,
    /// Regularisation (all four).
    pub reg_all: f32,
    /// Std of the initial factors.
    pub init_std: f32,
    /// Seed.
    pub seed: u64,
    /// Threads.
    pub threads: usize,
}

impl ParamsReport {
    /// The report of a parameter set.
    pub fn of(p: &SvdParams) -> ParamsReport {
        ParamsReport {
            n_factors: p.n_factors,
            n_epochs: p.n_epochs,
            lr_all: p.lr_pu,
            reg_all: p.reg_pu,
            init_std: p.init_std,
            seed: p.seed,
            threads: p.threads,
        }
    }
}

/// Accuracy of a predictor on a test set.
#[derive(Clone, Debug, Serialize)]
pub struct ErrorReport {
    /// Root mean squared error.
    pub rmse: f64,
    /// Mean absolute error.
    pub mae: f64,
}

/// Result of a train/test split run.
#[derive(Clone, Debug, Serialize)]
pub struct SplitReport {
    /// Test RMSE of the SVD model.
    pub rmse: f64,
    /// Test MAE.
    pub mae: f64,
    /// Precision@10 (relevant: test rating ≥ 4).
    pub precision_at_10: f64,
    /// Recall@10.
    pub recall_at_10: f64,
    /// NDCG@10.
    pub ndcg_at_10: f64,
    /// Seconds to fit.
    pub fit_seconds: f64,
    /// Seconds to predict the test set.
    pub test_seconds: f64,
    /// Training ratings.
    pub n_train: usize,
    /// Test ratings.
    pub n_test: usize,
    /// Users.
    pub n_users: u32,
    /// Items.
    pub n_items: u32,
    /// Share of ratings held out.
    pub test_size: f64,
    /// Rating updates per second during the epochs.
    pub updates_per_second: f64,
    /// SGD kernel used.
    pub kernel: String,
    /// Hyperparameters.
    pub params: ParamsReport,
    /// Baselines on the same test set.
    pub baselines: Baselines,
    /// Training RMSE after each epoch (the learning curve).
    pub epochs: Vec<EpochReport>,
}

/// The two baselines.
#[derive(Clone, Debug, Serialize)]
pub struct Baselines {
    /// Predict the global mean.
    pub global_mean: ErrorReport,
    /// μ + b_u + b_i fitted by ALS (Surprise's `BaselineOnly`).
    pub baseline_only: ErrorReport,
}

/// One epoch of the learning curve.
#[derive(Clone, Debug, Serialize)]
pub struct EpochReport {
    /// 1-based epoch.
    pub epoch: usize,
    /// Training RMSE during the epoch.
    pub train_rmse: f64,
    /// Seconds since the fit started.
    pub elapsed_seconds: f64,
}

/// Fits with a per-epoch progress bar.
pub fn fit_with_progress(train: &Ratings, params: &SvdParams) -> Result<(SvdModel, FitStats)> {
    let bar = progress::items(params.n_epochs as u64, "training");
    let result = fit(train, params, &mut |e| {
        bar.set_message(format!("rmse {:.4}", e.train_rmse));
        bar.set_position(e.epoch as u64 + 1);
    });
    bar.finish_and_clear();
    Ok(result?)
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

/// Splits, fits, evaluates the model and both baselines.
pub fn run_split(ratings: &Ratings, params: &SvdParams, test_size: f64) -> Result<SplitRun> {
    let (train, test) =
        split(ratings, test_size, params.seed).context("cannot split the ratings")?;
    let (model, stats) = fit_with_progress(&train, params)?;
    let started = Instant::now();
    let scores: Scores = evaluate(&model, &test);
    let test_seconds = started.elapsed().as_secs_f64();
    let global = GlobalMean::fit(&train)?;
    let baseline = BaselineOnly::fit(&train, &BaselineOptions::default())?;
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
        test_seconds,
        n_train: train.len(),
        n_test: test.len(),
        n_users: ratings.n_users,
        n_items: ratings.n_items,
        test_size,
        updates_per_second: stats.updates_per_second,
        kernel: stats.kernel.to_string(),
        params: ParamsReport::of(params),
        baselines: Baselines {
            global_mean: errors(evaluate(&global, &test)),
            baseline_only: errors(evaluate(&baseline, &test)),
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
        model,
        train,
        test,
    })
}

/// The table printed for a split run.
pub fn split_table(r: &SplitReport) -> String {
    format!(
        "model            RMSE     MAE\n\
         SVD              {:.4}   {:.4}   (P@10 {:.4}, R@10 {:.4}, NDCG@10 {:.4})\n\
         BaselineOnly     {:.4}   {:.4}\n\
         GlobalMean       {:.4}   {:.4}\n\
         {} train / {} test ratings, {} users, {} items; fit {:.2} s ({:.1} M updates/s, {}), test {:.2} s",
        r.rmse,
        r.mae,
        r.precision_at_10,
        r.recall_at_10,
        r.ndcg_at_10,
        r.baselines.baseline_only.rmse,
        r.baselines.baseline_only.mae,
        r.baselines.global_mean.rmse,
        r.baselines.global_mean.mae,
        r.n_train,
        r.n_test,
        r.n_users,
        r.n_items,
        r.fit_seconds,
        r.updates_per_second / 1e6,
        r.kernel,
        r.test_seconds,
    )
}

/// k-fold cross-validation as one JSON object.
pub fn cv_json(report: &CvReport, params: &SvdParams) -> Value {
    json!({
        "k_folds": report.folds.len(),
        "rmse_mean": report.rmse.mean,
        "rmse_std": report.rmse.std,
        "mae_mean": report.mae.mean,
        "mae_std": report.mae.std,
        "fit_seconds_mean": report.fit_seconds.mean,
        "test_seconds_mean": report.test_seconds.mean,
        "params": ParamsReport::of(params),
        "folds": report.folds.iter().enumerate().map(|(k, f)| json!({
            "fold": k + 1,
            "rmse": f.rmse,
            "mae": f.mae,
            "fit_seconds": f.fit_seconds,
            "test_seconds": f.test_seconds,
            "n_train": f.n_train,
            "n_test": f.n_test,
        })).collect::<Vec<_>>(),
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

/// A search as JSON: every row, best first.
pub fn search_json(report: &SearchReport, mode: &str, k: usize) -> Value {
    let row = |r: &SearchRow| {
        json!({
            "n_factors": r.params.n_factors,
            "n_epochs": r.params.n_epochs,
            "lr_all": r.params.lr_pu,
            "reg_all": r.params.reg_pu,
            "rmse": r.rmse,
            "mae": r.mae,
            "fit_seconds": r.fit_seconds,
        })
    };
    json!({
        "mode": mode,
        "k_folds": k,
        "best": row(&report.best),
        "rows": report.rows.iter().map(row).collect::<Vec<_>>(),
    })
}

/// A search as a table, best first.
pub fn search_table(report: &SearchReport) -> String {
    let mut out = String::from("factors  epochs  lr       reg      RMSE     MAE      fit s\n");
    for r in &report.rows {
        out.push_str(&format!(
            "{:<8} {:<7} {:<8} {:<8} {:.4}   {:.4}   {:.2}\n",
            r.params.n_factors,
            r.params.n_epochs,
            r.params.lr_pu,
            r.params.reg_pu,
            r.rmse,
            r.mae,
            r.fit_seconds
        ));
    }
    let b = &report.best;
    out.push_str(&format!(
        "best: factors {} epochs {} lr {} reg {} (CV RMSE {:.4})",
        b.params.n_factors, b.params.n_epochs, b.params.lr_pu, b.params.reg_pu, b.rmse
    ));
    out
}

/// The original project's test-size sweep: one split run per size.
pub fn run_sweep(ratings: &Ratings, params: &SvdParams) -> Result<Vec<SplitReport>> {
    SWEEP_SIZES
        .iter()
        .map(|&size| run_split(ratings, params, size).map(|run| run.report))
        .collect()
}

/// The sweep as a table.
pub fn sweep_table(rows: &[SplitReport]) -> String {
    let mut out = String::from(
        "test size  RMSE     MAE      BaselineOnly RMSE  n_train    n_test     fit s\n",
    );
    for r in rows {
        out.push_str(&format!(
            "{:<10} {:.4}   {:.4}   {:.4}             {:<10} {:<10} {:.2}\n",
            format!("{:.0} %", r.test_size * 100.0),
            r.rmse,
            r.mae,
            r.baselines.baseline_only.rmse,
            r.n_train,
            r.n_test,
            r.fit_seconds
        ));
    }
    out
}
