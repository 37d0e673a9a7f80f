//! What the model charts read from a trained recommender: the `card` of a
//! factor file's `model.json` (written by `cartelera train`), and the JSON
//! that `cartelera train --sweep --json` and `--cv K --json` print.
//!
//! Every field is optional: a card from `import-als` has no metrics, an
//! older one may lack the learning curve, and unknown keys are ignored, so
//! any card reads and the charts draw what it has.

use serde::{Deserialize, Serialize};

/// The parts of a model card the charts use.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModelCard {
    /// Who made the model: `cartelera train`, `spark-als`.
    pub source: Option<String>,
    /// The hyperparameters it was trained with.
    pub hyperparameters: Option<Hyperparameters>,
    /// Its test metrics and learning curve.
    pub metrics: Option<SplitMetrics>,
    /// The test-size sweep (`train --sweep --json` prints `{"sweep": […]}`,
    /// which reads as a card with only this field).
    pub sweep: Vec<SplitMetrics>,
    /// A k-fold cross-validation (`train --cv K --json`'s object).
    pub cv: Option<CvResult>,
}

/// `cartelera train`'s hyperparameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Hyperparameters {
    /// Latent factors.
    pub n_factors: Option<u64>,
    /// SGD epochs.
    pub n_epochs: Option<u64>,
    /// Learning rate.
    pub lr_all: Option<f64>,
    /// Regularisation.
    pub reg_all: Option<f64>,
    /// Standard deviation of the initial factors.
    pub init_std: Option<f64>,
    /// Seed.
    pub seed: Option<u64>,
}

/// The metrics of one train/test split.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SplitMetrics {
    /// Share of the ratings held out.
    pub test_size: Option<f64>,
    /// Test RMSE.
    pub rmse: Option<f64>,
    /// Test MAE.
    pub mae: Option<f64>,
    /// Precision@10.
    pub precision_at_10: Option<f64>,
    /// Recall@10.
    pub recall_at_10: Option<f64>,
    /// NDCG@10.
    pub ndcg_at_10: Option<f64>,
    /// Training ratings.
    pub n_train: Option<u64>,
    /// Test ratings.
    pub n_test: Option<u64>,
    /// Seconds to fit.
    pub fit_seconds: Option<f64>,
    /// The baselines on the same test set.
    pub baselines: Option<Baselines>,
    /// The learning curve: training RMSE after each epoch.
    pub epochs: Vec<Epoch>,
}

/// The two baselines' errors.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Baselines {
    /// Predicting the global mean.
    pub global_mean: Option<Errors>,
    /// μ + b_u + b_i (Surprise's `BaselineOnly`).
    pub baseline_only: Option<Errors>,
}

/// RMSE and MAE of a predictor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Errors {
    /// Root mean squared error.
    pub rmse: f64,
    /// Mean absolute error.
    pub mae: f64,
}

/// One epoch of training.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Epoch {
    /// 1-based epoch.
    pub epoch: u64,
    /// Training RMSE during the epoch.
    pub train_rmse: f64,
    /// Seconds since the fit started.
    #[serde(default)]
    pub elapsed_seconds: f64,
}

/// A k-fold cross-validation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CvResult {
    /// Mean RMSE over the folds.
    pub rmse_mean: Option<f64>,
    /// Its standard deviation.
    pub rmse_std: Option<f64>,
    /// Each fold.
    pub folds: Vec<CvFold>,
}

/// One fold of a cross-validation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CvFold {
    /// 1-based fold.
    pub fold: u64,
    /// Test RMSE.
    pub rmse: f64,
    /// Test MAE.
    pub mae: f64,
    /// Seconds to fit.
    pub fit_seconds: f64,
}

impl ModelCard {
    /// True when the card holds nothing to chart.
    pub fn is_empty(&self) -> bool {
        self.hyperparameters.is_none()
            && self.metrics.is_none()
            && self.sweep.is_empty()
            && self.cv.is_none()
    }
}
