//! `cartelera similar`: the titles most like one title, from the taste
//! model composed over the catalog, parsed and answered by
//! `cartelera-recommender` as the API's `/similar` and the title page are.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{anyhow, Result};
use cartelera_recommender::answer::no_similar_titles;
use cartelera_recommender::SimilarRequest;
use clap::Args;

use crate::cmd::taste::DEFAULT_TASTE_DIR;
use crate::data::DEFAULT_DATA_DIR;
use crate::model_io::factor_file::load_taste;

use super::flag;

/// `cartelera similar`.
#[derive(Debug, Args)]
pub struct SimilarArgs {
    /// Title id, such as ds1 (required).
    #[arg(long)]
    title: Option<String>,
    /// How many titles, 1 to 1000 (default 10).
    #[arg(short = 'n', long = "n")]
    n: Option<String>,
    /// The taste model's folder.
    #[arg(long, default_value = DEFAULT_TASTE_DIR)]
    taste: PathBuf,
    /// Folder holding titles.parquet.
    #[arg(long, default_value = DEFAULT_DATA_DIR)]
    data: PathBuf,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// Runs `cartelera similar`.
pub fn run(args: SimilarArgs, out: &mut dyn Write) -> Result<()> {
    let request = SimilarRequest::parse([("id", flag(&args.title)), ("n", flag(&args.n))])?;
    let taste = load_taste(&args.taste, &args.data)?;
    let answer = taste
        .similar(&request.id, request.n)
        .ok_or_else(|| anyhow!(no_similar_titles(&request.id)))?;
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&answer)?)?;
        return Ok(());
    }
    super::print_ranked(out, &answer.items, 3)?;
    Ok(())
}
