//! `cartelera query`: one of the four catalog queries, parsed by the core
//! (`Query::parse`, as the API and the page do), answered on the pipeline's
//! `titles.parquet`, printed as a sentence or as the API's JSON body.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use cartelera_core::query::Answer;
use cartelera_core::{DurationType, Query};
use clap::Args;

use crate::data::{load_catalog, DEFAULT_DATA_DIR};

/// `cartelera query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
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

/// Runs `cartelera query`.
pub fn run(args: QueryArgs, out: &mut dyn Write) -> Result<()> {
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
                (DurationType::Min, _) => "min",
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
                let unit = duration_type.unwrap_or(DurationType::Min);
                let what = match unit {
                    DurationType::Min => "movie with a duration in minutes",
                    DurationType::Season => "title with a duration in seasons",
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
