//! What a training run measured: the hyperparameters, the split run's
//! metrics beside the baselines, the learning curve. These are the shapes
//! `train --json` prints and the model card records.

use std::fmt;

use cartelera_mf::params::SvdParams;
use serde::Serialize;

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

impl fmt::Display for SplitReport {
    /// The table printed for a split run: the model beside both baselines.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self;
        write!(
            f,
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
}
