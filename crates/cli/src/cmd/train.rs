//! `cartelera train`: the arguments, the one [`Mode`] they select (decided
//! once, before any data is read), and one function per mode. Each mode
//! answers with a [`TrainOutcome`]: text by default, one JSON object with
//! `--json`, then a one-line summary on stderr.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use cartelera_mf::eval::{ParamGrid, SearchSpace};
use cartelera_mf::params::{RatingOrder, SvdParams};
use cartelera_store::factors::Precision;
use clap::Args;

use crate::model_io::DEFAULT_MODEL_DIR;
use crate::training::eval::{run_cv, run_grid, run_random, run_split, run_sweep};
use crate::training::input::{self, TrainingData};
use crate::training::outcome::{
    CvOutcome, SearchKind, SearchOutcome, SplitOutcome, SweepOutcome, TrainOutcome,
};
use crate::training::report::ParamsReport;
use crate::training::{save, truth};

/// The most factors `--factors` takes (the trainer's limit, and the
/// factor file's: `cartelera_store::factors::MAX_FACTORS`).
const MAX_FACTORS: u64 = cartelera_store::factors::MAX_FACTORS as u64;
/// The most epochs `--epochs` takes (the trainer's limit).
const MAX_EPOCHS: u64 = 10_000;
/// The most folds of a cross-validation.
const MAX_FOLDS: u64 = 100;
/// The most candidates of a random search.
const MAX_CANDIDATES: u64 = 10_000;

/// `cartelera train`.
#[derive(Debug, Args)]
pub struct TrainArgs {
    /// ratings.parquet (with titles.parquet beside it), a ratings .csv
    /// (header naming userId, movieId, rating), or a folder of .csv files.
    #[arg(long, default_value = "data/build/ratings.parquet")]
    ratings: PathBuf,
    /// Share of ratings held out for testing (split mode).
    #[arg(long, default_value_t = 0.2)]
    test_size: f64,
    /// k-fold cross-validation (2 to 100 folds) instead of one split.
    #[arg(long, value_name = "K", value_parser = super::size_in(2, MAX_FOLDS))]
    cv: Option<usize>,
    /// Grid search (scored by --search-folds CV) over --grid-factors,
    /// --grid-epochs, --grid-lr, --grid-reg.
    #[arg(long)]
    grid: bool,
    /// Random search with N candidates (factors 20–200, epochs 10–40,
    /// lr 0.002–0.02, reg 0.005–0.1).
    #[arg(long, value_name = "N", value_parser = super::size_in(1, MAX_CANDIDATES))]
    random: Option<usize>,
    /// Folds of the CV that scores each search candidate.
    #[arg(long, default_value_t = 3, value_parser = super::size_in(2, MAX_FOLDS))]
    search_folds: usize,
    /// Grid values for the number of factors.
    #[arg(long, value_delimiter = ',', default_value = "50,100,150",
          value_parser = super::size_in(1, MAX_FACTORS))]
    grid_factors: Vec<usize>,
    /// Grid values for the number of epochs.
    #[arg(long, value_delimiter = ',', default_value = "20,30",
          value_parser = super::size_in(1, MAX_EPOCHS))]
    grid_epochs: Vec<usize>,
    /// Grid values for the learning rate.
    #[arg(long, value_delimiter = ',', default_value = "0.005,0.01")]
    grid_lr: Vec<f32>,
    /// Grid values for the regularisation.
    #[arg(long, value_delimiter = ',', default_value = "0.02,0.05")]
    grid_reg: Vec<f32>,
    /// Re-run the original's test-size sweep (1, 5, 15, 25, 50 %).
    #[arg(long)]
    sweep: bool,
    /// Latent factors (1 to 4096).
    #[arg(long, default_value_t = 100, value_parser = super::size_in(1, MAX_FACTORS))]
    factors: usize,
    /// SGD epochs (1 to 10,000).
    #[arg(long, default_value_t = 20, value_parser = super::size_in(1, MAX_EPOCHS))]
    epochs: usize,
    /// Learning rate (biases and factors).
    #[arg(long, default_value_t = 0.005)]
    lr: f32,
    /// Regularisation (biases and factors).
    #[arg(long, default_value_t = 0.02)]
    reg: f32,
    /// Standard deviation of the initial factors.
    #[arg(long, default_value_t = 0.1)]
    init_std: f32,
    /// Seed of the split, the folds, the initial factors and the order.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Worker threads (default: all cores). The result is deterministic
    /// for a given seed and thread count.
    #[arg(long, value_parser = super::size_in(1, super::MAX_THREADS))]
    threads: Option<usize>,
    /// Visit each user's ratings together (LIBMF's in-block order; faster)
    /// instead of a full shuffle.
    #[arg(long)]
    by_user: bool,
    /// Print the metrics as one JSON object.
    #[arg(long)]
    json: bool,
    /// Where the factor file goes (split mode).
    #[arg(long, default_value = DEFAULT_MODEL_DIR)]
    out: PathBuf,
    /// Do not write the factor file.
    #[arg(long)]
    no_save: bool,
    /// Storage precision of the factors: f32, f16 or int8.
    #[arg(long, default_value = "f16", value_parser = parse_precision)]
    precision: Precision,
    /// Ground truth of synthetic ratings (a `truth/` folder) to measure how
    /// well the model recovers the planted tastes [default: found beside
    /// the pipeline's ratings.parquet].
    #[arg(long)]
    truth: Option<PathBuf>,
}

fn parse_precision(text: &str) -> Result<Precision, String> {
    match text {
        "f32" => Ok(Precision::F32),
        "f16" => Ok(Precision::F16),
        "int8" => Ok(Precision::Int8),
        _ => Err(format!("expected f32, f16 or int8, found {text:?}")),
    }
}

/// What one run does, chosen by `--cv`, `--grid`, `--random` and
/// `--sweep` (at most one; none is a split).
#[derive(Clone, Debug)]
pub enum Mode {
    /// One train/test split: evaluate, compare with the planted tastes
    /// when there is a ground truth, save the factor file.
    Split(SplitPlan),
    /// k-fold cross-validation.
    CrossValidate {
        /// Folds.
        k: usize,
    },
    /// A hyperparameter search, each candidate scored by cross-validation.
    Search(SearchPlan),
    /// The original project's test-size sweep.
    Sweep,
}

/// The split mode's settings.
#[derive(Clone, Debug)]
pub struct SplitPlan {
    /// Share of ratings held out.
    pub test_size: f64,
    /// Where the factor file goes and in which precision (`None`:
    /// `--no-save`).
    pub save: Option<(PathBuf, Precision)>,
    /// The ground truth asked for with `--truth` (else looked up beside
    /// the pipeline's ratings.parquet).
    pub truth: Option<PathBuf>,
}

/// The search mode's settings.
#[derive(Clone, Debug)]
pub struct SearchPlan {
    /// The candidates: a grid, or random draws from a space.
    pub candidates: Candidates,
    /// Folds of the CV that scores each candidate.
    pub folds: usize,
    /// Seed of the folds (and of the random draws).
    pub seed: u64,
}

/// Where a search's candidates come from.
#[derive(Clone, Debug)]
pub enum Candidates {
    /// Every combination of the grid's values.
    Grid(ParamGrid),
    /// `n` draws from the space.
    Random {
        /// The ranges drawn from.
        space: SearchSpace,
        /// How many candidates.
        n: usize,
    },
}

/// A parsed `cartelera train`: everything checked that can be checked
/// before the ratings are read.
#[derive(Clone, Debug)]
pub struct TrainPlan {
    /// The ratings to load.
    pub ratings: PathBuf,
    /// Hyperparameters (of the single fit, or the base of a search).
    pub params: SvdParams,
    /// What to do with them.
    pub mode: Mode,
    /// Print JSON instead of text.
    pub json: bool,
}

impl TrainArgs {
    fn params(&self, threads: usize) -> SvdParams {
        SvdParams {
            n_factors: self.factors,
            n_epochs: self.epochs,
            init_std: self.init_std,
            seed: self.seed,
            threads,
            order: if self.by_user {
                RatingOrder::ByUser
            } else {
                RatingOrder::Shuffled
            },
            ..SvdParams::default()
        }
        .with_lr_all(self.lr)
        .with_reg_all(self.reg)
    }

    /// Decides the mode and checks the hyperparameters.
    /// `default_threads` applies when `--threads` is not given.
    pub fn plan(self, default_threads: usize) -> Result<TrainPlan> {
        let chosen = [
            self.cv.is_some(),
            self.grid,
            self.random.is_some(),
            self.sweep,
        ];
        if chosen.iter().filter(|&&m| m).count() > 1 {
            bail!("choose one of --cv, --grid, --random, --sweep");
        }
        let params = self.params(self.threads.unwrap_or(default_threads).max(1));
        params.validate()?;
        let search = |candidates| {
            Mode::Search(SearchPlan {
                candidates,
                folds: self.search_folds,
                seed: self.seed,
            })
        };
        let mode = if let Some(k) = self.cv {
            Mode::CrossValidate { k }
        } else if let Some(n) = self.random {
            search(Candidates::Random {
                space: SearchSpace {
                    base: params.clone(),
                    n_factors: (20, 200),
                    n_epochs: (10, 40),
                    lr_all: (0.002, 0.02),
                    reg_all: (0.005, 0.1),
                },
                n,
            })
        } else if self.grid {
            search(Candidates::Grid(ParamGrid {
                base: params.clone(),
                n_factors: self.grid_factors.clone(),
                n_epochs: self.grid_epochs.clone(),
                lr_all: self.grid_lr.clone(),
                reg_all: self.grid_reg.clone(),
            }))
        } else if self.sweep {
            Mode::Sweep
        } else {
            Mode::Split(SplitPlan {
                test_size: self.test_size,
                save: (!self.no_save).then(|| (self.out.clone(), self.precision)),
                truth: self.truth.clone(),
            })
        };
        Ok(TrainPlan {
            ratings: self.ratings,
            params,
            mode,
            json: self.json,
        })
    }
}

/// Runs `cartelera train`: the answer goes to `out`, progress and the
/// summary to `err`. `default_threads` applies when `--threads` is not
/// given.
pub fn run(
    args: TrainArgs,
    default_threads: usize,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let plan = args.plan(default_threads)?;
    let data = input::load(&plan.ratings)?;
    let ratings = &data.ratings;
    writeln!(
        err,
        "train: {} ratings, {} users, {} items from {}",
        crate::progress::count(ratings.len() as u64),
        ratings.n_users,
        ratings.n_items,
        data.source
    )?;
    for file in &data.quarantine {
        if file.rows_rejected > 0 {
            let reasons: Vec<String> = file
                .rejected
                .by_reason
                .iter()
                .map(|(reason, n)| format!("{reason} {n}"))
                .collect();
            let first = file.rejected.examples.values().flatten().next();
            writeln!(
                err,
                "train: {} of {} rows of {} quarantined ({}); e.g. {}",
                file.rows_rejected,
                file.rows_read,
                file.file,
                reasons.join(", "),
                first.map_or("", String::as_str)
            )?;
        }
    }
    let (params, json) = (&plan.params, plan.json);
    match &plan.mode {
        Mode::Split(split) => print(
            &split_mode(split, &data, params, &plan.ratings)?,
            json,
            out,
            err,
        ),
        Mode::CrossValidate { k } => print(&cv_mode(&data, params, *k)?, json, out, err),
        Mode::Search(search) => print(&search_mode(search, &data)?, json, out, err),
        Mode::Sweep => print(&sweep_mode(&data, params)?, json, out, err),
    }
}

/// Prints a mode's answer (text or JSON) on `out` and its summary on `err`.
fn print(
    outcome: &impl TrainOutcome,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    if json {
        // Through a `Value`, so floats print exactly as they always have
        // (an f32 as its f64 widening), keys in field order.
        writeln!(out, "{}", serde_json::to_value(outcome)?)?;
    } else {
        writeln!(out, "{outcome}")?;
    }
    writeln!(err, "{}", outcome.summary())?;
    Ok(())
}

/// The split mode: fit on a split, evaluate, measure the planted tastes'
/// recovery when a ground truth is known, save the factor file.
fn split_mode(
    plan: &SplitPlan,
    data: &TrainingData,
    params: &SvdParams,
    ratings_path: &Path,
) -> Result<SplitOutcome> {
    let run = run_split(&data.ratings, params, plan.test_size)?;
    let truth_dir = plan.truth.clone().or_else(|| {
        let parquet = ratings_path.extension().is_some_and(|e| e == "parquet");
        parquet
            .then(|| truth::truth_dir_for(ratings_path))
            .flatten()
    });
    let taste_recovery = match (&truth_dir, &data.catalog) {
        (Some(dir), Some(catalog)) => Some(truth::measure(
            &run.model,
            &data.user_ids,
            catalog.titles(),
            dir,
            500,
        )?),
        (Some(dir), None) => bail!(
            "--truth {} needs the pipeline's ratings.parquet as --ratings (its items are the catalog's rows)",
            dir.display()
        ),
        (None, _) => None,
    };
    let stored = match &plan.save {
        Some((dir, precision)) => Some(save::save(
            &run,
            data,
            taste_recovery.as_ref(),
            *precision,
            dir,
        )?),
        None => None,
    };
    Ok(SplitOutcome {
        report: run.report,
        taste_recovery,
        stored,
        out: plan
            .save
            .as_ref()
            .map(|(dir, _)| dir.clone())
            .unwrap_or_default(),
    })
}

/// The cross-validation mode.
fn cv_mode(data: &TrainingData, params: &SvdParams, k: usize) -> Result<CvOutcome> {
    Ok(CvOutcome {
        report: run_cv(&data.ratings, params, k)?,
        params: ParamsReport::of(params),
    })
}

/// The search mode: a grid or random search scored by CV.
fn search_mode(plan: &SearchPlan, data: &TrainingData) -> Result<SearchOutcome> {
    let (kind, report) = match &plan.candidates {
        Candidates::Grid(grid) => (
            SearchKind::Grid,
            run_grid(&data.ratings, grid, plan.folds, plan.seed)?,
        ),
        Candidates::Random { space, n } => (
            SearchKind::Random,
            run_random(&data.ratings, space, *n, plan.folds, plan.seed)?,
        ),
    };
    Ok(SearchOutcome {
        kind,
        k_folds: plan.folds,
        report,
    })
}

/// The test-size sweep mode.
fn sweep_mode(data: &TrainingData, params: &SvdParams) -> Result<SweepOutcome> {
    Ok(SweepOutcome {
        sweep: run_sweep(&data.ratings, params)?,
    })
}
