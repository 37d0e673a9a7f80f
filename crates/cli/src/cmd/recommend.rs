//! `cartelera recommend`: turn the flags into the request's `(parameter,
//! value)` pairs, parse them with `cartelera-recommender`'s request parser
//! (the API's and the page's), load a factor file, ask
//! `cartelera-recommender` for a user's top titles (the ratings model,
//! `--user`) or a visitor's (the taste model, `--picks`), print.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use cartelera_core::Catalog;
use cartelera_recommender::{RecommendQuery, Recommender};
use clap::Args;

use crate::cmd::taste::DEFAULT_TASTE_DIR;
use crate::data::{load_catalog, DEFAULT_DATA_DIR};
use crate::model_io::factor_file::{load_model, load_taste};
use crate::model_io::DEFAULT_MODEL_DIR;

use super::flag;

/// `cartelera recommend`.
#[derive(Debug, Args)]
pub struct RecommendArgs {
    /// Factor-file folder.
    #[arg(long, default_value = DEFAULT_MODEL_DIR)]
    model: PathBuf,
    /// User id of the ratings model (or --picks).
    #[arg(long)]
    user: Option<String>,
    /// Your own ratings instead of a user: `ID:RATING,…` such as
    /// `ds1:5,ns330:4.5` (answered by the taste model).
    #[arg(long)]
    picks: Option<String>,
    /// The taste model's folder (for --picks).
    #[arg(long, default_value = DEFAULT_TASTE_DIR)]
    taste: PathBuf,
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
    let query = RecommendQuery::parse([
        ("user", flag(&args.user)),
        ("picks", flag(&args.picks)),
        ("n", flag(&args.n)),
        ("platform", flag(&args.platform)),
        ("type", flag(&args.kind)),
        ("genre", flag(&args.genre)),
    ])?;
    let answer = match query {
        RecommendQuery::User(request) => {
            let recommender = Recommender::new(load_model(&args.model)?);
            // The titles' names, platforms, types and genres come from the
            // catalog: a missing or broken one is an error, never a list of
            // nameless titles with the filters silently unchecked.
            let catalog: Catalog = load_catalog(&args.data)?;
            recommender.recommend(&request.user, request.n, &request.filter, Some(&catalog))
        }
        RecommendQuery::Visitor(request) => {
            let taste = load_taste(&args.taste, &args.data)?;
            taste.recommend(&request.picks, request.n, &request.filter)
        }
    };
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&answer)?)?;
    } else {
        if let Some(f) = &answer.fallback {
            writeln!(out, "[{f}]")?;
        }
        super::print_ranked(out, &answer.items, 2)?;
    }
    Ok(())
}
