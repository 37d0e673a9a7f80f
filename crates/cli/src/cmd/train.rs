//! The `train` subcommand's arguments and dispatch.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Result};
use cartelera_mf::eval::{ParamGrid, SearchSpace};
use cartelera_mf::params::{RatingOrder, SvdParams};
use clap::Args;

use crate::train;
use crate::train_input;

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
    /// k-fold cross-validation instead of one split.
    #[arg(long, value_name = "K")]
    cv: Option<usize>,
    /// Grid search (scored by --search-folds CV) over --grid-factors,
    /// --grid-epochs, --grid-lr, --grid-reg.
    #[arg(long)]
    grid: bool,
    /// Random search with N candidates (factors 20–200, epochs 10–40,
    /// lr 0.002–0.02, reg 0.005–0.1).
    #[arg(long, value_name = "N")]
    random: Option<usize>,
    /// Folds of the CV that scores each search candidate.
    #[arg(long, default_value_t = 3)]
    search_folds: usize,
    /// Grid values for the number of factors.
    #[arg(long, value_delimiter = ',', default_value = "50,100,150")]
    grid_factors: Vec<usize>,
    /// Grid values for the number of epochs.
    #[arg(long, value_delimiter = ',', default_value = "20,30")]
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
    /// Latent factors.
    #[arg(long, default_value_t = 100)]
    factors: usize,
    /// SGD epochs.
    #[arg(long, default_value_t = 20)]
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
    #[arg(long)]
    threads: Option<usize>,
    /// Visit each user's ratings together (LIBMF's in-block order; faster)
    /// instead of a full shuffle.
    #[arg(long)]
    by_user: bool,
    /// Print the metrics as one JSON object.
    #[arg(long)]
    json: bool,
    /// Where the factor file goes (split mode).
    #[arg(long, default_value = crate::model_io::DEFAULT_MODEL_DIR)]
    out: PathBuf,
    /// Do not write the factor file.
    #[arg(long)]
    no_save: bool,
    /// Storage precision of the factors: f32, f16 or int8.
    #[arg(long, default_value = "f16", value_parser = parse_precision)]
    precision: cartelera_store::factors::Precision,
    /// Ground truth of synthetic ratings (a `truth/` folder) to measure how
    /// well the model recovers the planted tastes [default: found beside
    /// the pipeline's ratings.parquet].
    #[arg(long)]
    truth: Option<PathBuf>,
}

fn parse_precision(text: &str) -> Result<cartelera_store::factors::Precision, String> {
    use cartelera_store::factors::Precision;
    match text {
        "f32" => Ok(Precision::F32),
        "f16" => Ok(Precision::F16),
        "int8" => Ok(Precision::Int8),
        _ => Err(format!("expected f32, f16 or int8, found {text:?}")),
    }
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
}

/// Runs `cartelera train`.
/// `default_threads` applies when `--threads` is not given.
pub fn run(
    args: TrainArgs,
    default_threads: usize,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let threads = args.threads.unwrap_or(default_threads).max(1);
    let modes = [
        args.cv.is_some(),
        args.grid,
        args.random.is_some(),
        args.sweep,
    ];
    if modes.iter().filter(|&&m| m).count() > 1 {
        bail!("choose one of --cv, --grid, --random, --sweep");
    }
    let params = args.params(threads);
    params.validate()?;
    let data = train_input::load(&args.ratings)?;
    let ratings = &data.ratings;
    writeln!(
        err,
        "train: {} ratings, {} users, {} items from {}",
        crate::progress::count(ratings.len() as u64),
        ratings.n_users,
        ratings.n_items,
        data.source
    )?;
    if let Some(k) = args.cv {
        let report = train::run_cv(ratings, &params, k)?;
        if args.json {
            writeln!(out, "{}", train::cv_json(&report, &params))?;
        } else {
            writeln!(
                out,
                "Evaluating RMSE, MAE of SVD on {k} split(s).\n\n{report}"
            )?;
        }
        writeln!(
            err,
            "train: {k}-fold CV RMSE {:.4} ± {:.4}, fit {:.2} s per fold",
            report.rmse.mean, report.rmse.std, report.fit_seconds.mean
        )?;
    } else if args.grid || args.random.is_some() {
        let (report, mode) = if let Some(n) = args.random {
            let space = SearchSpace {
                base: params.clone(),
                n_factors: (20, 200),
                n_epochs: (10, 40),
                lr_all: (0.002, 0.02),
                reg_all: (0.005, 0.1),
            };
            (
                train::run_random(ratings, &space, n, args.search_folds, args.seed)?,
                "random",
            )
        } else {
            let grid = ParamGrid {
                base: params.clone(),
                n_factors: args.grid_factors.clone(),
                n_epochs: args.grid_epochs.clone(),
                lr_all: args.grid_lr.clone(),
                reg_all: args.grid_reg.clone(),
            };
            (
                train::run_grid(ratings, &grid, args.search_folds, args.seed)?,
                "grid",
            )
        };
        if args.json {
            writeln!(
                out,
                "{}",
                train::search_json(&report, mode, args.search_folds)
            )?;
        } else {
            writeln!(out, "{}", train::search_table(&report))?;
        }
        writeln!(
            err,
            "train: {mode} search of {} candidates, best CV RMSE {:.4}",
            report.rows.len(),
            report.best.rmse
        )?;
    } else if args.sweep {
        let rows = train::run_sweep(ratings, &params)?;
        if args.json {
            writeln!(out, "{}", serde_json::json!({ "sweep": rows }))?;
        } else {
            writeln!(out, "{}", train::sweep_table(&rows))?;
        }
        writeln!(err, "train: test-size sweep of {} runs done", rows.len())?;
    } else {
        let run = train::run_split(ratings, &params, args.test_size)?;
        let (report, model) = (&run.report, &run.model);
        let truth_dir = args.truth.clone().or_else(|| {
            let parquet = args.ratings.extension().is_some_and(|e| e == "parquet");
            parquet
                .then(|| crate::train_truth::truth_dir_for(&args.ratings))
                .flatten()
        });
        let recovery = match (&truth_dir, &data.catalog) {
            (Some(dir), Some(catalog)) => Some(crate::train_truth::measure(
                model,
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
        let stored = if args.no_save {
            None
        } else {
            Some(crate::train_save::save(
                &run,
                &data,
                recovery.as_ref(),
                args.precision,
                &args.out,
            )?)
        };
        if args.json {
            let mut value = serde_json::to_value(report)?;
            value["taste_recovery"] = serde_json::to_value(&recovery)?;
            value["stored"] = serde_json::to_value(&stored)?;
            writeln!(out, "{value}")?;
        } else {
            writeln!(out, "{}", train::split_table(report))?;
            if let Some(s) = &stored {
                writeln!(
                    out,
                    "saved {} ({:?}): {} bytes, items {} bytes, {} user shards (largest {} bytes); stored RMSE {:.4} ({:+.4} vs f32)",
                    args.out.display(),
                    s.precision,
                    s.bytes,
                    s.item_bytes,
                    s.shards,
                    s.max_shard_bytes,
                    s.rmse_stored,
                    s.delta_rmse
                )?;
            }
            if let Some(r) = &recovery {
                writeln!(
                    out,
                    "planted tastes: {:.1} % of each user's true top-10 is in the model's top-10 ({:.1} % for the non-personal μ + b_i ranking; {} users)",
                    100.0 * r.top10_recall,
                    100.0 * r.top10_recall_unpersonalised,
                    r.users
                )?;
            }
        }
        writeln!(
            err,
            "train: RMSE {:.4}, MAE {:.4} on {} test ratings (BaselineOnly {:.4}); fit {:.2} s",
            report.rmse,
            report.mae,
            report.n_test,
            report.baselines.baseline_only.rmse,
            report.fit_seconds
        )?;
    }
    Ok(())
}
