//! `cartelera predict` and `cartelera recommend`: turn the flags into the
//! request's `(parameter, value)` pairs and parse them with
//! `cartelera-recommender`'s request parser (the API's and the page's), load
//! a factor file, ask `cartelera-recommender` (the code the API and the page
//! run too), print.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use cartelera_core::Catalog;
use cartelera_recommender::{PredictRequest, RecommendRequest, Recommender};
use clap::Args;

use crate::model_io::{load_model, DEFAULT_MODEL_DIR};

/// `cartelera predict`.
#[derive(Debug, Args)]
pub struct PredictArgs {
    /// Factor-file folder.
    #[arg(long, default_value = DEFAULT_MODEL_DIR)]
    model: PathBuf,
    /// User id (required).
    #[arg(long)]
    user: Option<String>,
    /// Title id, such as ns2186 (required).
    #[arg(long)]
    title: Option<String>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// `cartelera recommend`.
#[derive(Debug, Args)]
pub struct RecommendArgs {
    /// Factor-file folder.
    #[arg(long, default_value = DEFAULT_MODEL_DIR)]
    model: PathBuf,
    /// User id (required).
    #[arg(long)]
    user: Option<String>,
    /// How many titles, 1 to 1000 (default 10).
    #[arg(short = 'n', long = "n")]
    n: Option<String>,
    /// Only titles of this platform.
    #[arg(long)]
    platform: Option<String>,
    /// Only movies (`movie`) or only shows (`tv show`).
    #[arg(long = "type")]
    kind: Option<String>,
    /// Only titles listed in this genre (any case).
    #[arg(long)]
    genre: Option<String>,
    /// Folder holding titles.parquet (for the titles' names).
    #[arg(long, default_value = crate::data::DEFAULT_DATA_DIR)]
    data: PathBuf,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// A flag's value as a request pair's: an absent flag is an empty value,
/// which the request parser reads as absent, as it does an empty form field.
fn flag(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("")
}

/// Runs `cartelera predict`.
pub fn predict(args: PredictArgs, out: &mut dyn Write) -> Result<()> {
    // Parameters are checked before the model is loaded: a typo fails fast.
    let request =
        PredictRequest::parse([("user", flag(&args.user)), ("title", flag(&args.title))])?;
    let recommender = Recommender::new(load_model(&args.model)?);
    let answer = recommender.predict(&request.user, &request.title);
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&answer)?)?;
    } else {
        writeln!(
            out,
            "user {} × {}: predicted {:.2}{}{}",
            answer.user,
            answer.title,
            answer.prediction,
            answer
                .actual
                .map_or(String::new(), |a| format!(" (rated {a})")),
            answer
                .fallback
                .as_ref()
                .map_or(String::new(), |f| format!(" [{f}]")),
        )?;
    }
    Ok(())
}

/// Runs `cartelera recommend`.
pub fn recommend(args: RecommendArgs, out: &mut dyn Write) -> Result<()> {
    let request = RecommendRequest::parse([
        ("user", flag(&args.user)),
        ("n", flag(&args.n)),
        ("platform", flag(&args.platform)),
        ("type", flag(&args.kind)),
        ("genre", flag(&args.genre)),
    ])?;
    let recommender = Recommender::new(load_model(&args.model)?);
    // Without the catalog the list still answers, only without names.
    let catalog: Option<Catalog> = crate::data::load_catalog(&args.data).ok();
    let answer = recommender.recommend(&request.user, request.n, &request.filter, catalog.as_ref());
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&answer)?)?;
    } else {
        if let Some(f) = &answer.fallback {
            writeln!(out, "[{f}]")?;
        }
        for (rank, r) in answer.items.iter().enumerate() {
            writeln!(
                out,
                "{:>3}. {:.2}  {}  {}",
                rank + 1,
                r.score,
                r.id,
                r.title.as_deref().unwrap_or("")
            )?;
        }
    }
    Ok(())
}
