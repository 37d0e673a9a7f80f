//! The top-level command line: the subcommand enum and the dispatch to
//! each subcommand's module in [`crate::cmd`], where its arguments live.

use std::ffi::OsString;
use std::io::Write;

use clap::{Parser, Subcommand};

use crate::cmd;

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
    Etl(cmd::etl::EtlArgs),
    /// Write the EDA charts as one self-contained HTML report.
    Eda(cmd::eda::EdaArgs),
    /// Answer one of the four catalog queries.
    Query(cmd::query::QueryArgs),
    /// Write a deterministic synthetic ratings set (userId,rating,timestamp,movieId)
    /// with planted tastes, plus its ground truth in OUT/truth/.
    SynthRatings(cmd::synth_ratings::SynthArgs),
    /// Train the biased-SVD recommender: split/evaluate (default), --cv K,
    /// --grid, --random N or --sweep.
    Train(cmd::train::TrainArgs),
    /// Predict a user's rating of a title from a factor file.
    Predict(cmd::predict::PredictArgs),
    /// Recommend titles for a user from a factor file.
    Recommend(cmd::recommend::RecommendArgs),
    /// Turn a Spark ALS model (userFactors/ and itemFactors/ Parquet) into a factor file.
    ImportAls(cmd::import_als::ImportAlsArgs),
    /// Serve the HTTP API (the four queries, predict, recommend, /docs) and
    /// the built web app.
    Serve(cmd::serve::ServeArgs),
    /// Link MovieLens movies to the catalog's works: links.csv, works.csv
    /// and links_report.json.
    Links(cmd::links::LinksArgs),
    /// Train the real-taste model (MovieLens ratings + the catalog's
    /// content features), print its evaluation on real data, write its
    /// factor file.
    Taste(cmd::taste::TasteArgs),
    /// The titles most like one title (the taste model).
    Similar(cmd::similar::SimilarArgs),
    /// How an IMDb, Letterboxd or Netflix export matches the catalog.
    History(cmd::history::HistoryArgs),
    /// Which platform fits you, from your IMDb, Letterboxd or Netflix export.
    PlatformFit(cmd::platform_fit::PlatformFitArgs),
    /// Write the page's data files (catalog without synopses, synopses,
    /// report, factor file) into one folder, such as dist/data.
    ExportWeb(cmd::export_web::ExportWebArgs),
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
        Command::Etl(args) => cmd::etl::run(args, err),
        Command::Eda(args) => cmd::eda::run(args, err),
        Command::Query(args) => cmd::query::run(args, out),
        Command::SynthRatings(args) => cmd::synth_ratings::run(args, err),
        Command::Train(args) => cmd::train::run(args, cmd::threads(None), out, err),
        Command::Predict(args) => cmd::predict::run(args, out),
        Command::Recommend(args) => cmd::recommend::run(args, out),
        Command::ImportAls(args) => cmd::import_als::run(args, err),
        Command::Serve(args) => cmd::serve::run(args, out, err),
        Command::ExportWeb(args) => cmd::export_web::run(args, out),
        Command::Links(args) => cmd::links::run(args, err),
        Command::Taste(args) => cmd::taste::run(args, out, err),
        Command::Similar(args) => cmd::similar::run(args, out),
        Command::History(args) => cmd::history::run(args, out),
        Command::PlatformFit(args) => cmd::platform_fit::run(args, out),
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
