//! What `cartelera train` prints, one type per mode. Each is the mode's
//! whole answer: `Display` is the text on stdout, `Serialize` the `--json`
//! object, and [`TrainOutcome::summary`] the one line on stderr.

use std::fmt;
use std::path::PathBuf;

use cartelera_mf::eval::{CvReport, SearchReport, SearchRow};
use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

use super::report::{ParamsReport, SplitReport};
use super::save::StoredCost;
use super::truth::TasteRecovery;

/// A mode's answer: the text, the JSON and the closing line of the run.
pub trait TrainOutcome: fmt::Display + Serialize {
    /// The one-line summary printed on stderr after the answer.
    fn summary(&self) -> String;
}

/// One train/test split: the metrics, the planted-taste recovery (on
/// synthetic ratings) and what storing the factor file cost.
#[derive(Clone, Debug, Serialize)]
pub struct SplitOutcome {
    /// The metrics.
    #[serde(flatten)]
    pub report: SplitReport,
    /// How well the planted tastes were recovered, when the ratings are
    /// synthetic and their ground truth was found.
    pub taste_recovery: Option<TasteRecovery>,
    /// The stored factor file's cost, unless `--no-save`.
    pub stored: Option<StoredCost>,
    /// Where the factor file was written (named in the text only).
    #[serde(skip)]
    pub out: PathBuf,
}

impl fmt::Display for SplitOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.report)?;
        if let Some(s) = &self.stored {
            write!(
                f,
                "\nsaved {} ({:?}): {} bytes, items {} bytes, {} user shards (largest {} bytes); stored RMSE {:.4} ({:+.4} vs f32)",
                self.out.display(),
                s.precision,
                s.bytes,
                s.item_bytes,
                s.shards,
                s.max_shard_bytes,
                s.rmse_stored,
                s.delta_rmse
            )?;
        }
        if let Some(r) = &self.taste_recovery {
            write!(
                f,
                "\nplanted tastes: {:.1} % of each user's true top-10 is in the model's top-10 ({:.1} % for the non-personal μ + b_i ranking; {} users)",
                100.0 * r.top10_recall,
                100.0 * r.top10_recall_unpersonalised,
                r.users
            )?;
        }
        Ok(())
    }
}

impl TrainOutcome for SplitOutcome {
    fn summary(&self) -> String {
        let r = &self.report;
        format!(
            "train: RMSE {:.4}, MAE {:.4} on {} test ratings (BaselineOnly {:.4}); fit {:.2} s",
            r.rmse, r.mae, r.n_test, r.baselines.baseline_only.rmse, r.fit_seconds
        )
    }
}

/// k-fold cross-validation with the hyperparameters it used.
#[derive(Clone, Debug)]
pub struct CvOutcome {
    /// Per-fold scores and their mean and spread.
    pub report: CvReport,
    /// The hyperparameters.
    pub params: ParamsReport,
}

impl fmt::Display for CvOutcome {
    /// Surprise's `cross_validate(..., verbose=True)` layout.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Evaluating RMSE, MAE of SVD on {} split(s).\n\n{}",
            self.report.folds.len(),
            self.report
        )
    }
}

impl Serialize for CvOutcome {
    /// The means and spreads flat, then one object per fold (the shape
    /// `cartelera eda --cv` reads).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        /// One fold, numbered from 1.
        #[derive(Serialize)]
        struct Fold {
            fold: usize,
            rmse: f64,
            mae: f64,
            fit_seconds: f64,
            test_seconds: f64,
            n_train: usize,
            n_test: usize,
        }
        let r = &self.report;
        let folds: Vec<Fold> = r
            .folds
            .iter()
            .enumerate()
            .map(|(k, f)| Fold {
                fold: k + 1,
                rmse: f.rmse,
                mae: f.mae,
                fit_seconds: f.fit_seconds,
                test_seconds: f.test_seconds,
                n_train: f.n_train,
                n_test: f.n_test,
            })
            .collect();
        let mut s = serializer.serialize_struct("CvOutcome", 9)?;
        s.serialize_field("k_folds", &r.folds.len())?;
        s.serialize_field("rmse_mean", &r.rmse.mean)?;
        s.serialize_field("rmse_std", &r.rmse.std)?;
        s.serialize_field("mae_mean", &r.mae.mean)?;
        s.serialize_field("mae_std", &r.mae.std)?;
        s.serialize_field("fit_seconds_mean", &r.fit_seconds.mean)?;
        s.serialize_field("test_seconds_mean", &r.test_seconds.mean)?;
        s.serialize_field("params", &self.params)?;
        s.serialize_field("folds", &folds)?;
        s.end()
    }
}

impl TrainOutcome for CvOutcome {
    fn summary(&self) -> String {
        format!(
            "train: {}-fold CV RMSE {:.4} ± {:.4}, fit {:.2} s per fold",
            self.report.folds.len(),
            self.report.rmse.mean,
            self.report.rmse.std,
            self.report.fit_seconds.mean
        )
    }
}

/// Which hyperparameter search ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchKind {
    /// Every combination of the given values.
    Grid,
    /// Candidates drawn at random from ranges.
    Random,
}

impl SearchKind {
    /// The name printed and written in the JSON's `mode`.
    pub fn name(self) -> &'static str {
        match self {
            SearchKind::Grid => "grid",
            SearchKind::Random => "random",
        }
    }
}

/// A hyperparameter search: every candidate's CV score, best first.
#[derive(Clone, Debug)]
pub struct SearchOutcome {
    /// Grid or random.
    pub kind: SearchKind,
    /// Folds of the CV that scored each candidate.
    pub k_folds: usize,
    /// The scored candidates.
    pub report: SearchReport,
}

/// One candidate as printed in the JSON.
#[derive(Serialize)]
struct CandidateJson {
    n_factors: usize,
    n_epochs: usize,
    lr_all: f32,
    reg_all: f32,
    rmse: f64,
    mae: f64,
    fit_seconds: f64,
}

impl CandidateJson {
    fn of(r: &SearchRow) -> CandidateJson {
        CandidateJson {
            n_factors: r.params.n_factors,
            n_epochs: r.params.n_epochs,
            lr_all: r.params.lr_pu,
            reg_all: r.params.reg_pu,
            rmse: r.rmse,
            mae: r.mae,
            fit_seconds: r.fit_seconds,
        }
    }
}

impl Serialize for SearchOutcome {
    /// `mode`, `k_folds`, the best candidate, then every row best first.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let rows: Vec<CandidateJson> = self.report.rows.iter().map(CandidateJson::of).collect();
        let mut s = serializer.serialize_struct("SearchOutcome", 4)?;
        s.serialize_field("mode", self.kind.name())?;
        s.serialize_field("k_folds", &self.k_folds)?;
        s.serialize_field("best", &CandidateJson::of(&self.report.best))?;
        s.serialize_field("rows", &rows)?;
        s.end()
    }
}

impl fmt::Display for SearchOutcome {
    /// A table, best first, then the best candidate.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "factors  epochs  lr       reg      RMSE     MAE      fit s"
        )?;
        for r in &self.report.rows {
            writeln!(
                f,
                "{:<8} {:<7} {:<8} {:<8} {:.4}   {:.4}   {:.2}",
                r.params.n_factors,
                r.params.n_epochs,
                r.params.lr_pu,
                r.params.reg_pu,
                r.rmse,
                r.mae,
                r.fit_seconds
            )?;
        }
        let b = &self.report.best;
        write!(
            f,
            "best: factors {} epochs {} lr {} reg {} (CV RMSE {:.4})",
            b.params.n_factors, b.params.n_epochs, b.params.lr_pu, b.params.reg_pu, b.rmse
        )
    }
}

impl TrainOutcome for SearchOutcome {
    fn summary(&self) -> String {
        format!(
            "train: {} search of {} candidates, best CV RMSE {:.4}",
            self.kind.name(),
            self.report.rows.len(),
            self.report.best.rmse
        )
    }
}

/// The original project's test-size sweep: one split run per size.
#[derive(Clone, Debug, Serialize)]
pub struct SweepOutcome {
    /// One split report per test size, in the sweep's order.
    pub sweep: Vec<SplitReport>,
}

impl fmt::Display for SweepOutcome {
    /// One row per test size (the last line ends with a newline too, as
    /// the table always has).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "test size  RMSE     MAE      BaselineOnly RMSE  n_train    n_test     fit s"
        )?;
        for r in &self.sweep {
            writeln!(
                f,
                "{:<10} {:.4}   {:.4}   {:.4}             {:<10} {:<10} {:.2}",
                format!("{:.0} %", r.test_size * 100.0),
                r.rmse,
                r.mae,
                r.baselines.baseline_only.rmse,
                r.n_train,
                r.n_test,
                r.fit_seconds
            )?;
        }
        Ok(())
    }
}

impl TrainOutcome for SweepOutcome {
    fn summary(&self) -> String {
        format!("train: test-size sweep of {} runs done", self.sweep.len())
    }
}
