//! Argument parsing and dispatch of the `cartelera` subcommands.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use cartelera_core::query::Answer;
use cartelera_core::Query;
use clap::{Args, Parser, Subcommand};

use crate::data::{load_catalog, DEFAULT_DATA_DIR};
use crate::etl::{self, EtlOptions};

/// Cartelera: streaming-catalog pipeline, queries and recommender.
#[derive(Debug, Parser)]
#[command(name = "cartelera", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build titles.parquet, ratings.parquet and etl_report.json from the
    /// raw catalogs and a folder of ratings CSV files.
    Etl(EtlArgs),
    /// Write the EDA charts as one self-contained HTML report.
    Eda(crate::eda_cmd::EdaArgs),
    /// Answer one of the four catalog queries.
    Query(QueryArgs),
    /// Write a deterministic synthetic ratings set (userId,rating,timestamp,movieId)
    /// with planted tastes, plus its ground truth in OUT/truth/.
    SynthRatings(SynthArgs),
    /// Train the biased-SVD recommender: split/evaluate (default), --cv K,
    /// --grid, --random N or --sweep.
    Train(crate::train_cmd::TrainArgs),
    /// Predict a user's rating of a title from a factor file.
    Predict(crate::model_cmd::PredictArgs),
    /// Recommend titles for a user from a factor file.
    Recommend(crate::model_cmd::RecommendArgs),
    /// Turn a Spark ALS model (userFactors/ and itemFactors/ Parquet) into a factor file.
    ImportAls(crate::import_cmd::ImportAlsArgs),
    /// Serve the HTTP API (the four queries, predict, recommend, /docs) and
    /// the built web app.
    Serve(crate::serve_cmd::ServeArgs),
    /// Link MovieLens movies to the catalog's works: links.csv, works.csv
    /// and links_report.json.
    Links(crate::cmd::links::LinksArgs),
    /// Write the page's data files (catalog without synopses, synopses,
    /// report, factor file) into one folder, such as dist/data.
    ExportWeb(crate::web_export::ExportWebArgs),
}

#[derive(Debug, Args)]
struct SynthArgs {
    /// Output folder (1.csv … N.csv, 1,500,000 rows each, and truth/).
    #[arg(long, default_value = "data/build/ratings")]
    out: PathBuf,
    /// Folder with the four raw catalogs (the titles to rate).
    #[arg(long, default_value = "data/raw")]
    raw: PathBuf,
    /// Number of users [default: 115000; 2000 with --small].
    #[arg(long)]
    users: Option<u32>,
    /// Number of ratings [default: 11024289, the real set's; 100000 with --small].
    #[arg(long)]
    ratings: Option<u64>,
    /// Seed.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// The small preset for tests and the demo.
    #[arg(long)]
    small: bool,
}

#[derive(Debug, Args)]
struct EtlArgs {
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
    #[arg(long)]
    threads: Option<usize>,
}

#[derive(Debug, Args)]
struct QueryArgs {
    /// get_max_duration, get_score_count, get_count_platform or get_actor.
    name: String,
    /// Release year.
    #[arg(long)]
    year: Option<String>,
    /// amazon, disney, hulu or netflix (any case).
    #[arg(long)]
    platform: Option<String>,
    /// min or season (get_max_duration; default min).
    #[arg(long)]
    duration_type: Option<String>,
    /// Score threshold (get_score_count).
    #[arg(long)]
    scored: Option<String>,
    /// Folder holding titles.parquet.
    #[arg(long, default_value = DEFAULT_DATA_DIR)]
    data: PathBuf,
    /// Print the answer as one JSON object (the HTTP API's body).
    #[arg(long)]
    json: bool,
}

/// Runs the program with `args` (program name first); returns the exit
/// code: 0 success, 1 failure, 2 bad usage or parameter.
pub fn run(
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let text = e.render().to_string();
            let code = if e.use_stderr() {
                let _ = write!(err, "{text}");
                2
            } else {
                let _ = write!(out, "{text}");
                0
            };
            return code;
        }
    };
    let result = match cli.command {
        Command::Etl(args) => run_etl(args, err),
        Command::Eda(args) => crate::eda_cmd::run(args, err),
        Command::Query(args) => run_query(args, out),
        Command::SynthRatings(args) => run_synth(args, err),
        Command::Train(args) => crate::train_cmd::run(args, threads(None), out, err),
        Command::Predict(args) => crate::model_cmd::predict(args, out),
        Command::Recommend(args) => crate::model_cmd::recommend(args, out),
        Command::ImportAls(args) => crate::import_cmd::run(args, err),
        Command::Serve(args) => crate::serve_cmd::run(args, out, err),
        Command::ExportWeb(args) => crate::web_export::run(args, out),
        Command::Links(args) => crate::cmd::links::run(args, err),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            let usage = e.downcast_ref::<cartelera_core::ParamError>().is_some();
            let _ = writeln!(err, "error: {e:#}");
            if usage {
                2
            } else {
                1
            }
        }
    }
}

fn threads(requested: Option<usize>) -> usize {
    requested
        .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
        .unwrap_or(1)
        .max(1)
}

fn run_etl(args: EtlArgs, err: &mut dyn Write) -> Result<()> {
    let opts = EtlOptions {
        raw: args.raw,
        ratings: args.ratings,
        out: args.out,
        strict: args.strict,
        threads: threads(args.threads),
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

fn run_synth(args: SynthArgs, err: &mut dyn Write) -> Result<()> {
    let preset = if args.small {
        cartelera_synth::SynthConfig::small()
    } else {
        cartelera_synth::SynthConfig::full()
    };
    let cfg = cartelera_synth::SynthConfig {
        users: args.users.unwrap_or(preset.users),
        ratings: args.ratings.unwrap_or(preset.ratings),
        seed: args.seed,
        ..preset
    };
    let titles = crate::catalog_csv::load_catalogs(&args.raw)?.titles;
    let outcome = crate::synth::run(&titles, &cfg, &args.out)?;
    writeln!(err, "{}", crate::synth::summary(&outcome, &args.out))?;
    Ok(())
}

fn run_query(args: QueryArgs, out: &mut dyn Write) -> Result<()> {
    let pairs: Vec<(&str, &str)> = [
        ("year", &args.year),
        ("platform", &args.platform),
        ("duration_type", &args.duration_type),
        ("scored", &args.scored),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
    .collect();
    // Parameters are checked before the data is loaded: a typo fails fast.
    let query = Query::parse(&args.name, pairs)?;
    let catalog = load_catalog(&args.data)?;
    let answer = query.run(&catalog);
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&answer)?)?;
    } else {
        writeln!(out, "{}", describe(&query, &answer))?;
    }
    Ok(())
}

/// A one-line English reading of an answer.
fn describe(query: &Query, answer: &Answer) -> String {
    match answer {
        Answer::MaxDuration(Some(a)) => {
            let unit = match (a.duration_type, a.duration_int) {
                (cartelera_core::DurationType::Min, _) => "min",
                (_, 1) => "season",
                _ => "seasons",
            };
            format!(
                "{} ({}, {}, {}): {} {unit}",
                a.title, a.id, a.platform, a.release_year, a.duration_int
            )
        }
        Answer::ScoreCount(a) => format!(
            "{}: {} movies released in {} have a score above {}",
            a.platform, a.count, a.year, a.scored
        ),
        Answer::CountPlatform(a) => format!(
            "{}: {} movies, {} tv shows, {} titles",
            a.platform, a.movies, a.tv_shows, a.total
        ),
        Answer::Actor(Some(a)) => format!(
            "{} {}: {} appears in {} titles",
            a.platform, a.year, a.actor, a.count
        ),
        Answer::MaxDuration(None) | Answer::Actor(None) => match query {
            Query::MaxDuration {
                year,
                platform,
                duration_type,
            } => {
                let unit = duration_type.unwrap_or(cartelera_core::DurationType::Min);
                let what = match unit {
                    cartelera_core::DurationType::Min => "movie with a duration in minutes",
                    cartelera_core::DurationType::Season => "title with a duration in seasons",
                };
                let on = platform.map_or("any platform".to_string(), |p| p.to_string());
                let when = year.map_or(String::new(), |y| format!(" released in {y}"));
                format!("no answer: no {what} on {on}{when}")
            }
            Query::Actor { platform, year } => {
                format!("no answer: {platform}'s titles released in {year} have no cast data")
            }
            _ => "no answer".to_string(),
        },
    }
}
