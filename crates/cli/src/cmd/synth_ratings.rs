//! `cartelera synth-ratings`: the arguments and the run. Generating and
//! writing the files is [`crate::synth`].

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use cartelera_synth::SynthConfig;
use clap::Args;

use crate::ingest::catalog_csv::load_catalogs;

/// The most users `--users` takes (87 × the real set's 115,000).
const MAX_USERS: i64 = 10_000_000;
/// The most ratings `--ratings` takes (about 18 × the real set's 11 M;
/// the generator holds them all in memory).
const MAX_RATINGS: u64 = 200_000_000;

/// `cartelera synth-ratings`.
#[derive(Debug, Args)]
pub struct SynthArgs {
    /// Output folder (1.csv … N.csv, 1,500,000 rows each, and truth/).
    #[arg(long, default_value = "data/build/ratings")]
    out: PathBuf,
    /// Folder with the four raw catalogs (the titles to rate).
    #[arg(long, default_value = "data/raw")]
    raw: PathBuf,
    /// Number of users, 1 to 10,000,000 [default: 115000; 2000 with --small].
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=MAX_USERS))]
    users: Option<u32>,
    /// Number of ratings, 1 to 200,000,000 [default: 11024289, the real set's;
    /// 100000 with --small].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=MAX_RATINGS))]
    ratings: Option<u64>,
    /// Seed.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// The small preset for tests and the demo.
    #[arg(long)]
    small: bool,
}

/// Runs `cartelera synth-ratings`; the summary goes to `err`.
pub fn run(args: SynthArgs, err: &mut dyn Write) -> Result<()> {
    let preset = if args.small {
        SynthConfig::small()
    } else {
        SynthConfig::full()
    };
    let cfg = SynthConfig {
        users: args.users.unwrap_or(preset.users),
        ratings: args.ratings.unwrap_or(preset.ratings),
        seed: args.seed,
        ..preset
    };
    let titles = load_catalogs(&args.raw)?.titles;
    let outcome = crate::synth::run(&titles, &cfg, &args.out)?;
    writeln!(err, "{}", crate::synth::summary(&outcome, &args.out))?;
    Ok(())
}
