//! `cartelera recommend`: turn the flags into the request's `(parameter,
//! value)` pairs, parse them with `cartelera-recommender`'s request parser
//! (the API's and the page's), load a factor file, ask
//! `cartelera-recommender` for a user's top titles, print.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use cartelera_core::Catalog;
use cartelera_recommender::{RecommendRequest, Recommender};
use clap::Args;

use crate::data::{load_catalog, DEFAULT_DATA_DIR};
use crate::model_io::factor_file::load_model;
use crate::model_io::DEFAULT_MODEL_DIR;

use super::flag;

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
    #[arg(long, default_value = DEFAULT_DATA_DIR)]
    data: PathBuf,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// Runs `cartelera recommend`.
pub fn run(args: RecommendArgs, out: &mut dyn Write) -> Result<()> {
    let request = RecommendRequest::parse([
        ("user", flag(&args.user)),
        ("n", flag(&args.n)),
        ("platform", flag(&args.platform)),
        ("type", flag(&args.kind)),
        ("genre", flag(&args.genre)),
    ])?;
    let recommender = Recommender::new(load_model(&args.model)?);
    // The titles' names, platforms, types and genres come from the
    // catalog: a missing or broken one is an error, never a list of
    // nameless titles with the filters silently unchecked.
    let catalog: Catalog = load_catalog(&args.data)?;
    let answer = recommender.recommend(&request.user, request.n, &request.filter, Some(&catalog));
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
