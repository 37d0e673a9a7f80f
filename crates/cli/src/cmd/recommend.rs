//! `cartelera recommend`: load a factor file, ask `cartelera-recommender`
//! (the code the API and the page run too) for a user's top titles, print.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use cartelera_core::{Catalog, Platform};
use cartelera_recommender::{RecommendFilter, Recommender};
use clap::Args;

use crate::data::{load_catalog, DEFAULT_DATA_DIR};
use crate::model_io::factor_file::load_model;
use crate::model_io::DEFAULT_MODEL_DIR;

/// `cartelera recommend`.
#[derive(Debug, Args)]
pub struct RecommendArgs {
    /// Factor-file folder.
    #[arg(long, default_value = DEFAULT_MODEL_DIR)]
    model: PathBuf,
    /// User id.
    #[arg(long)]
    user: String,
    /// How many titles.
    #[arg(short = 'n', long = "n", default_value_t = 10)]
    n: usize,
    /// Only titles of this platform.
    #[arg(long)]
    platform: Option<String>,
    /// Folder holding titles.parquet (for the titles' names).
    #[arg(long, default_value = DEFAULT_DATA_DIR)]
    data: PathBuf,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// Runs `cartelera recommend`.
pub fn run(args: RecommendArgs, out: &mut dyn Write) -> Result<()> {
    let platform = args
        .platform
        .as_deref()
        .map(str::parse::<Platform>)
        .transpose()?;
    let recommender = Recommender::new(load_model(&args.model)?);
    // Without the catalog the list still answers, only without names.
    let catalog: Option<Catalog> = load_catalog(&args.data).ok();
    let answer = recommender.recommend(
        &args.user,
        args.n,
        &RecommendFilter {
            platform,
            ..RecommendFilter::default()
        },
        catalog.as_ref(),
    );
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
