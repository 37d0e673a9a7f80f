//! `cartelera links`: MovieLens movies linked to the catalog's works.
//!
//! Reads the four raw catalogs and MovieLens' `movies.csv` and
//! `ratings.csv`, matches them with the core's rules
//! ([`cartelera_core::links`]) and writes, each file atomically:
//! - `links.csv`: `movieId,work_id,title_ids,rule,confidence`, one row per
//!   linked MovieLens movie (`title_ids`: the work's catalog ids, such as
//!   `as7042|ns330`);
//! - `works.csv`: `work_id,type,release_year,title,title_ids,platforms`,
//!   one row per work of the whole catalog (movies and shows);
//! - `links_report.json`: coverage overall and per platform, links per
//!   rule, ambiguous and rejected movies ([`LinksReport`]).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use cartelera_core::links::{match_movies, LinksReport, Matches, MovieLensMovie};
use cartelera_core::works::Works;
use cartelera_core::Title;
use clap::Args;

use crate::atomic::OutputSet;

/// The links table.
pub const LINKS_FILE: &str = "links.csv";
/// The works table.
pub const WORKS_FILE: &str = "works.csv";
/// The report.
pub const LINKS_REPORT_FILE: &str = "links_report.json";

/// `cartelera links`.
#[derive(Debug, Args)]
pub struct LinksArgs {
    /// Folder with the four raw catalog files.
    #[arg(long, default_value = "data/raw")]
    raw: PathBuf,
    /// MovieLens folder holding movies.csv and ratings.csv.
    #[arg(long, default_value = "data/movielens/ml-latest-small")]
    movielens: PathBuf,
    /// Output folder.
    #[arg(long, default_value = crate::data::DEFAULT_DATA_DIR)]
    out: PathBuf,
}

/// Runs `cartelera links`; the one-line summary goes to `err`, as the
/// ETL's does.
pub fn run(args: LinksArgs, err: &mut dyn Write) -> Result<()> {
    let titles = crate::ingest::catalog_csv::load_catalogs(&args.raw)?.titles;
    let movies = read_movies(&args.movielens.join("movies.csv"))?;
    let ratings = read_ratings(&args.movielens.join("ratings.csv"))?;
    let works = Works::group(&titles);
    let matches = match_movies(&movies, &titles, &works);
    let report = LinksReport::build(&movies, &titles, &works, &matches, &ratings);
    let files = OutputSet::begin(&args.out)?;
    files.file(LINKS_FILE, |out| {
        write_links(out, &matches, &titles, &works)
    })?;
    files.file(WORKS_FILE, |out| write_works(out, &titles, &works))?;
    files.file(LINKS_REPORT_FILE, |out| {
        serde_json::to_writer_pretty(&mut *out, &report)?;
        Ok(writeln!(out)?)
    })?;
    files.commit()?;
    writeln!(err, "{}", report.summary())?;
    Ok(())
}

/// Reads MovieLens' `movies.csv` (`movieId,title,genres`).
pub fn read_movies(path: &Path) -> Result<Vec<MovieLensMovie>> {
    let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header = reader
        .headers()
        .with_context(|| format!("{}:1: cannot read the header", path.display()))?;
    if header.iter().collect::<Vec<_>>() != ["movieId", "title", "genres"] {
        bail!(
            "{}:1: expected the header movieId,title,genres",
            path.display()
        );
    }
    let mut movies = Vec::new();
    for (k, record) in reader.records().enumerate() {
        let line = k + 2;
        let record = record.with_context(|| format!("{}:{line}: bad CSV row", path.display()))?;
        let movie_id = record
            .get(0)
            .and_then(|id| id.parse().ok())
            .with_context(|| format!("{}:{line}:movieId: expected an integer", path.display()))?;
        movies.push(MovieLensMovie {
            movie_id,
            title: record.get(1).unwrap_or("").to_string(),
            genres: record.get(2).unwrap_or("").to_string(),
        });
    }
    Ok(movies)
}

/// Reads MovieLens' `ratings.csv` (`userId,movieId,rating,timestamp`) as
/// `(userId, movieId)` pairs.
pub fn read_ratings(path: &Path) -> Result<Vec<(u32, u32)>> {
    let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header = reader
        .headers()
        .with_context(|| format!("{}:1: cannot read the header", path.display()))?;
    if header.get(0) != Some("userId") || header.get(1) != Some("movieId") {
        bail!(
            "{}:1: expected the header userId,movieId,rating,timestamp",
            path.display()
        );
    }
    let mut pairs = Vec::new();
    for (k, record) in reader.records().enumerate() {
        let line = k + 2;
        let record = record.with_context(|| format!("{}:{line}: bad CSV row", path.display()))?;
        let field = |at: usize, name: &str| -> Result<u32> {
            record
                .get(at)
                .and_then(|v| v.parse().ok())
                .with_context(|| format!("{}:{line}:{name}: expected an integer", path.display()))
        };
        pairs.push((field(0, "userId")?, field(1, "movieId")?));
    }
    Ok(pairs)
}

fn ids_of(rows: &[usize], titles: &[Title]) -> String {
    let ids: Vec<&str> = rows.iter().map(|&r| titles[r].id.as_str()).collect();
    ids.join("|")
}

fn write_links(
    out: &mut dyn Write,
    matches: &Matches,
    titles: &[Title],
    works: &Works,
) -> Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(["movieId", "work_id", "title_ids", "rule", "confidence"])?;
    for link in &matches.links {
        let work = &works.all()[link.work];
        csv.write_record([
            link.movie_id.to_string().as_str(),
            &work.id,
            &ids_of(&work.rows, titles),
            link.rule.as_str(),
            &format!("{:.2}", link.confidence),
        ])?;
    }
    csv.flush()?;
    Ok(())
}

fn write_works(out: &mut dyn Write, titles: &[Title], works: &Works) -> Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record([
        "work_id",
        "type",
        "release_year",
        "title",
        "title_ids",
        "platforms",
    ])?;
    for work in works.all() {
        let first = &titles[work.rows[0]];
        let platforms: Vec<&str> = Works::platforms(work, titles)
            .into_iter()
            .map(|p| p.as_str())
            .collect();
        csv.write_record([
            work.id.as_str(),
            work.kind.as_str(),
            &first.release_year.to_string(),
            &first.title,
            &ids_of(&work.rows, titles),
            &platforms.join("|"),
        ])?;
    }
    csv.flush()?;
    Ok(())
}
