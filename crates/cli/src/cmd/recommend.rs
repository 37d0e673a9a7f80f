//! `cartelera recommend`: turn the flags into the request's `(parameter,
//! value)` pairs, parse them with `cartelera-recommender`'s request parser
//! (the API's and the page's), load a factor file, ask
//! `cartelera-recommender` for a user's top titles (the ratings model,
//! `--user`) or a visitor's (the taste model, `--picks`, or `--history`:
//! an IMDb, Letterboxd or Netflix export read and matched by
//! `cartelera-history`, as the page and the API do), print.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use cartelera_core::Catalog;
use cartelera_history::{recommend_history, HistoryRequest, MAX_BYTES};
use cartelera_recommender::{RecommendAnswer, RecommendQuery, Recommender};
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
    /// With --picks: titles you have seen (ids separated by commas), left
    /// out of the answer with their work.
    #[arg(long)]
    seen: Option<String>,
    /// Your history instead: an IMDb ratings export, a Letterboxd
    /// ratings/watched/diary CSV or a Netflix viewing history (answered by
    /// the taste model; `cartelera history FILE` shows how it matched).
    #[arg(long)]
    history: Option<PathBuf>,
    /// With --history: the title chosen for ambiguous entries, `LINE:ID,…`.
    #[arg(long)]
    choose: Option<String>,
    /// The taste model's folder (for --picks and --history).
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
    if let Some(file) = &args.history {
        return run_history(file, &args, out);
    }
    let query = RecommendQuery::parse([
        ("user", flag(&args.user)),
        ("picks", flag(&args.picks)),
        ("seen", flag(&args.seen)),
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
            taste.recommend(&request.picks, &request.seen, request.n, &request.filter)
        }
    };
    print_answer(&answer, args.json, out)
}

/// `--history`: the file read, matched and answered by `cartelera-history`.
fn run_history(file: &Path, args: &RecommendArgs, out: &mut dyn Write) -> Result<()> {
    if args.user.is_some() || args.picks.is_some() {
        bail!("give one of --user, --picks and --history");
    }
    if args.seen.is_some() {
        bail!("--seen goes with --picks (a history's seen titles are already in it)");
    }
    let request = HistoryRequest::parse([
        ("n", flag(&args.n)),
        ("platform", flag(&args.platform)),
        ("type", flag(&args.kind)),
        ("genre", flag(&args.genre)),
        ("choose", flag(&args.choose)),
    ])?;
    let bytes = read_history_file(file)?;
    let taste = load_taste(&args.taste, &args.data)?;
    let answered = recommend_history(&file.display().to_string(), &bytes, &request, &taste)?;
    if !args.json {
        writeln!(out, "[{}]", answered.report.summary())?;
    }
    print_answer(&answered.answer, args.json, out)
}

/// A history file's bytes, refused before reading when larger than any
/// export (`cartelera_history::MAX_BYTES`).
pub fn read_history_file(file: &Path) -> Result<Vec<u8>> {
    let size = std::fs::metadata(file)
        .with_context(|| format!("cannot read {}", file.display()))?
        .len();
    if size > MAX_BYTES as u64 {
        bail!(
            "{}: the file is {} MB; history exports are a few MB, at most {} MB is read",
            file.display(),
            size / 1_000_000,
            MAX_BYTES / 1_000_000
        );
    }
    std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))
}

fn print_answer(answer: &RecommendAnswer, json: bool, out: &mut dyn Write) -> Result<()> {
    if json {
        writeln!(out, "{}", serde_json::to_string(answer)?)?;
    } else {
        if let Some(f) = &answer.fallback {
            writeln!(out, "[{f}]")?;
        }
        super::print_ranked(out, &answer.items, 2)?;
    }
    Ok(())
}
