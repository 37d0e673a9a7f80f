//! `cartelera platform-fit --history FILE`: which platform fits a viewer,
//! from their IMDb, Letterboxd or Netflix export, answered by
//! `cartelera-history` over the taste model as the API and the page are.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Result};
use cartelera_core::Lang;
use cartelera_history::{fit_history, HistoryRequest};
use clap::Args;

use crate::cmd::recommend::read_history_file;
use crate::cmd::taste::DEFAULT_TASTE_DIR;
use crate::data::DEFAULT_DATA_DIR;
use crate::model_io::factor_file::load_taste;

use super::flag;

/// `cartelera platform-fit`.
#[derive(Debug, Args)]
pub struct PlatformFitArgs {
    /// The history: an IMDb ratings export, a Letterboxd
    /// ratings/watched/diary CSV or a Netflix viewing history (required).
    #[arg(long)]
    history: Option<PathBuf>,
    /// The title chosen for ambiguous entries, `LINE:ID,…`.
    #[arg(long)]
    choose: Option<String>,
    /// The taste model's folder.
    #[arg(long, default_value = DEFAULT_TASTE_DIR)]
    taste: PathBuf,
    /// Folder holding titles.parquet.
    #[arg(long, default_value = DEFAULT_DATA_DIR)]
    data: PathBuf,
    /// Print one JSON object (the platforms best first, by id).
    #[arg(long)]
    json: bool,
}

/// Runs `cartelera platform-fit`.
pub fn run(args: PlatformFitArgs, out: &mut dyn Write) -> Result<()> {
    let Some(file) = &args.history else {
        bail!("--history FILE is required: an IMDb, Letterboxd or Netflix export");
    };
    let request = HistoryRequest::parse([("choose", flag(&args.choose))])?;
    let bytes = read_history_file(file)?;
    let taste = load_taste(&args.taste, &args.data)?;
    let answer = fit_history(&file.display().to_string(), &bytes, &request, &taste)?;
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&answer)?)?;
        return Ok(());
    }
    writeln!(out, "[{}]", answer.report.summary())?;
    let Some(fit) = &answer.fit else {
        bail!(
            "{}: no matched title is one the taste model knows; nothing to rank the platforms by",
            file.display()
        );
    };
    for (rank, p) in fit.platforms.iter().enumerate() {
        writeln!(
            out,
            "{}. {}: {}",
            rank + 1,
            p.platform.display_name(),
            p.reason(Lang::En, fit.seen)
        )?;
    }
    Ok(())
}
