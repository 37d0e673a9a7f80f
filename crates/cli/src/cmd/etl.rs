//! `cartelera etl`: the arguments, the run, and the warnings and summary it
//! prints. The pipeline itself is [`crate::ingest::etl`].

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use crate::data::DEFAULT_DATA_DIR;
use crate::ingest::etl::{self, EtlOptions};

/// `cartelera etl`.
#[derive(Debug, Args)]
pub struct EtlArgs {
    /// Folder with amazon_prime_titles.csv, disney_plus_titles.csv,
    /// hulu_titles.csv and netflix_titles.csv.
    #[arg(long, default_value = "data/raw")]
    raw: PathBuf,
    /// Folder of ratings .csv files (header userId,rating,timestamp,movieId).
    #[arg(long, default_value = "data/build/ratings")]
    ratings: PathBuf,
    /// Output folder.
    #[arg(long, default_value = DEFAULT_DATA_DIR)]
    out: PathBuf,
    /// Stop at the first invalid row instead of quarantining it.
    #[arg(long)]
    strict: bool,
    /// Worker threads (default: all cores).
    #[arg(long, value_parser = super::size_in(1, super::MAX_THREADS))]
    threads: Option<usize>,
}

/// Runs `cartelera etl`: one warning line per quarantine reason, then the
/// summary, all on `err`.
pub fn run(args: EtlArgs, err: &mut dyn Write) -> Result<()> {
    let opts = EtlOptions {
        raw: args.raw,
        ratings: args.ratings,
        out: args.out,
        strict: args.strict,
        threads: super::threads(args.threads),
    };
    let outcome = etl::run(&opts)?;
    for c in &outcome.report.catalogs {
        for (reason, n) in &c.rejected.by_reason {
            writeln!(err, "warning: {}: {n} rows quarantined ({reason})", c.file)?;
        }
    }
    for f in &outcome.report.ratings.files {
        for (reason, n) in &f.rejected.by_reason {
            writeln!(err, "warning: {}: {n} rows rejected ({reason})", f.file)?;
        }
    }
    writeln!(err, "{}", etl::summary(&outcome, &opts.out))?;
    Ok(())
}
