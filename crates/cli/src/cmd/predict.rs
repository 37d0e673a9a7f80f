//! `cartelera predict` and `cartelera recommend`: load a factor file, ask
//! `cartelera-recommender` (the code the API and the page run too), print.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use cartelera_core::{Catalog, Platform};
use cartelera_recommender::{RecommendFilter, Recommender};
use clap::Args;

use crate::model_io::{load_model, DEFAULT_MODEL_DIR};

/// `cartelera predict`.
#[derive(Debug, Args)]
pub struct PredictArgs {
    /// Factor-file folder.
    #[arg(long, default_value = DEFAULT_MODEL_DIR)]
    model: PathBuf,
    /// User id.
    #[arg(long)]
    user: String,
    /// Title id, such as ns2186.
    #[arg(long)]
    title: String,
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
    #[arg(long, default_value = crate::data::DEFAULT_DATA_DIR)]
    data: PathBuf,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// Runs `cartelera predict`.
pub fn predict(args: PredictArgs, out: &mut dyn Write) -> Result<()> {
    let recommender = Recommender::new(load_model(&args.model)?);
    let answer = recommender.predict(&args.user, &args.title);
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
    let platform = args
        .platform
        .as_deref()
        .map(str::parse::<Platform>)
        .transpose()?;
    let recommender = Recommender::new(load_model(&args.model)?);
    // Without the catalog the list still answers, only without names.
    let catalog: Option<Catalog> = crate::data::load_catalog(&args.data).ok();
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
