//! `cartelera taste`: the real-taste model. Trains the hybrid content +
//! collaborative model (`cartelera_mf::hybrid`) on MovieLens' real ratings,
//! with the movies linked to the catalog described by the catalog's own
//! features, prints its evaluation on real data (`--eval`, on by default)
//! and writes its factor file (feature embeddings + the linked titles' free
//! parts; the page and the API compose every catalog title from them).

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use cartelera_core::links::match_movies;
use cartelera_core::works::Works;
use cartelera_mf::hybrid::report::{evaluate_hybrid, EvalOptions, HybridReport};
use cartelera_mf::hybrid::{fit_hybrid, movielens, HybridParams};
use cartelera_store::factors::{EncodeOptions, Precision};
use clap::Args;
use serde_json::json;

use crate::cmd::links::read_movies;
use crate::model_io::factor_file::write_model;
use crate::training::taste::{taste_factor_model, TasteData};

/// Where `cartelera taste` writes by default (beside `model/`).
pub const DEFAULT_TASTE_DIR: &str = "data/build/taste";

/// `cartelera taste`.
#[derive(Debug, Args)]
pub struct TasteArgs {
    /// Folder with the four raw catalog files.
    #[arg(long, default_value = "data/raw")]
    raw: PathBuf,
    /// MovieLens folder holding movies.csv and ratings.csv.
    #[arg(long, default_value = "data/movielens/ml-latest-small")]
    movielens: PathBuf,
    /// Output folder of the factor file.
    #[arg(long, default_value = DEFAULT_TASTE_DIR)]
    out: PathBuf,
    /// Seed of the initial factors, the order and the sampled negatives.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Training epochs.
    #[arg(long, default_value_t = 25, value_parser = clap::value_parser!(u16).range(1..=1000))]
    epochs: u16,
    /// Skip the evaluation (a), (b), (c) on held-out real ratings.
    #[arg(long)]
    no_eval: bool,
    /// Storage precision of the vectors.
    #[arg(long, default_value = "f16")]
    precision: Precision,
}

/// Runs `cartelera taste`: the evaluation table (unless `--no-eval`) on
/// `out`, the one-line summary on `err`.
pub fn run(args: TasteArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let movies_path = args.movielens.join("movies.csv");
    let ratings_path = args.movielens.join("ratings.csv");
    let read = |p: &PathBuf| {
        std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))
    };
    let ml = movielens::parse(&read(&movies_path)?, &read(&ratings_path)?)
        .with_context(|| format!("cannot parse {}", args.movielens.display()))?;
    let movies = read_movies(&movies_path)?;
    let mut titles = crate::ingest::catalog_csv::load_catalogs(&args.raw)?.titles;
    let works = Works::assign(&mut titles);
    let matches = match_movies(&movies, &titles, &works);
    let data = TasteData::build(&ml, &movies, &titles, &works, &matches)?;
    let params = HybridParams {
        seed: args.seed,
        n_epochs: usize::from(args.epochs),
        ..HybridParams::default()
    };
    let report = if args.no_eval {
        None
    } else {
        let report = evaluate_hybrid(
            &ml.ratings,
            &data.features,
            &params,
            &EvalOptions::default(),
        )?;
        writeln!(out, "{report}")?;
        Some(report)
    };
    let bar = crate::progress::items(params.n_epochs as u64, "epochs");
    let (model, stats) = fit_hybrid(&ml.ratings, &data.features, &params, &mut |_| bar.inc(1))?;
    bar.finish_and_clear();
    let linked = data.linked_rows.iter().filter(|r| !r.is_empty()).count();
    let card = json!({
        "source": "cartelera taste",
        "kind": "taste",
        "data": {
            "ratings": ml.ratings.len(),
            "users": ml.ratings.n_users,
            "movies": ml.ratings.n_items,
            "linked_movies": linked,
            "features": data.vocabulary.len(),
            "catalog_titles": titles.len(),
        },
        "params": {
            "factors": params.n_factors,
            "implicit_factors": params.implicit_factors,
            "epochs": params.n_epochs,
            "seed": params.seed,
        },
        "fit_seconds": stats.fit_seconds,
        "evaluation": report.as_ref().map(evaluation_json),
    });
    let factor_model = taste_factor_model(&model, &data, &ml, &titles, card)?;
    let opts = EncodeOptions {
        precision: args.precision,
        ..EncodeOptions::default()
    };
    let files = write_model(&args.out, &factor_model, &opts)?;
    let bytes: u64 = files
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    writeln!(
        err,
        "taste: {} ratings from {} viewers, {} of {} movies linked to the catalog, {} features; \
         trained in {:.2} s; {} ({} bytes, {})",
        ml.ratings.len(),
        ml.ratings.n_users,
        linked,
        ml.ratings.n_items,
        data.vocabulary.len(),
        stats.fit_seconds,
        args.out.display(),
        bytes,
        args.precision,
    )?;
    Ok(())
}

/// The evaluation as the model card records it.
fn evaluation_json(report: &HybridReport) -> serde_json::Value {
    let rank = |rows: &[cartelera_mf::hybrid::report::RankRow]| {
        rows.iter()
            .map(|r| {
                json!({
                    "name": r.name,
                    "ndcg_at_10": r.scores.ndcg,
                    "recall_at_10": r.scores.recall,
                    "precision_at_10": r.scores.precision,
                    "users": r.scores.n_users,
                })
            })
            .collect::<Vec<_>>()
    };
    json!({
        "accuracy": report.accuracy.iter().map(|r| json!({
            "name": r.name, "rmse": r.rmse, "mae": r.mae,
        })).collect::<Vec<_>>(),
        "cold_start": rank(&report.cold),
        "new_visitor": rank(&report.visitor),
        "test_ratings": report.n_test,
        "cold_items": report.n_cold_items,
        "visitors": report.n_visitors,
        "text": report.to_string(),
    })
}
