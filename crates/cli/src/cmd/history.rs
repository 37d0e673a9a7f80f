//! `cartelera history FILE`: how an IMDb, Letterboxd or Netflix export
//! matches the catalog (matched, ambiguous with their candidates, not in
//! the catalog), the report the page shows before anything is used.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use cartelera_history::import;
use clap::Args;

use crate::cmd::recommend::read_history_file;
use crate::cmd::taste::DEFAULT_TASTE_DIR;
use crate::data::DEFAULT_DATA_DIR;
use crate::model_io::factor_file::load_taste;

/// `cartelera history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The export to read.
    file: PathBuf,
    /// The taste model's folder (its catalog is what entries match).
    #[arg(long, default_value = DEFAULT_TASTE_DIR)]
    taste: PathBuf,
    /// Folder holding titles.parquet.
    #[arg(long, default_value = DEFAULT_DATA_DIR)]
    data: PathBuf,
    /// Print the whole report as one JSON object.
    #[arg(long)]
    json: bool,
}

/// Runs `cartelera history`.
pub fn run(args: HistoryArgs, out: &mut dyn Write) -> Result<()> {
    let bytes = read_history_file(&args.file)?;
    let taste = load_taste(&args.taste, &args.data)?;
    let report = import(&args.file.display().to_string(), &bytes, &taste)?;
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
        return Ok(());
    }
    writeln!(out, "{}", report.summary())?;
    let year = |y: Option<i32>| y.map_or(String::new(), |y| format!(" ({y})"));
    for a in &report.ambiguous {
        writeln!(
            out,
            "line {}: {}{}: choose one (--choose {}:ID)",
            a.entry.line,
            a.entry.name,
            year(a.entry.year),
            a.entry.line
        )?;
        for c in &a.candidates {
            writeln!(
                out,
                "    {}  {} ({}, {})",
                c.id,
                c.title,
                c.release_year,
                c.kind.as_str()
            )?;
        }
    }
    for u in &report.unmatched {
        writeln!(
            out,
            "line {}: {}{}: {}",
            u.entry.line,
            u.entry.name,
            year(u.entry.year),
            u.reason.replace('_', " ")
        )?;
    }
    Ok(())
}
