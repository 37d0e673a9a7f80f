//! `cartelera etl`: raw catalogs + ratings files → `titles.parquet`,
//! `ratings.parquet`, `etl_report.json`.
//!
//! Everything is read and checked before anything is written, and the
//! three outputs are staged under temporary names and renamed together at
//! the end, so a failed run leaves earlier outputs untouched.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use cartelera_core::eda::catalog::NULLABLE_COLUMNS;
use cartelera_core::eda::etl_report::{EtlReport, NullCounts, RatingsReport};
use cartelera_core::eda::scores::log_histogram;
use cartelera_core::ratings::ScoreAccumulator;
use cartelera_core::{Catalog, Platform, Title};
use cartelera_store::RatingsTable;

use super::catalog_csv::load_catalogs;
use super::ratings_files::list_ratings_files;
use crate::atomic::OutputSet;
use crate::progress;
use cartelera_ingest::{parse_ratings, sort_and_dedupe, TitleLookup};

/// What `cartelera etl` needs.
#[derive(Clone, Debug)]
pub struct EtlOptions {
    /// Folder with the four raw catalog files.
    pub raw: PathBuf,
    /// Folder with the ratings `.csv` files.
    pub ratings: PathBuf,
    /// Output folder.
    pub out: PathBuf,
    /// Fail instead of quarantining bad rows.
    pub strict: bool,
    /// Worker threads.
    pub threads: usize,
}

/// The outputs' file names.
pub const TITLES_FILE: &str = "titles.parquet";
/// See [`TITLES_FILE`].
pub const RATINGS_FILE: &str = "ratings.parquet";
/// See [`TITLES_FILE`].
pub const REPORT_FILE: &str = "etl_report.json";
/// See [`TITLES_FILE`]: each other output's size and checksum
/// ([`EtlManifest`]).
pub const MANIFEST_FILE: &str = "etl_manifest.json";

/// `etl_manifest.json`: the size and CRC-32 of each file the ETL wrote,
/// so readers detect a file changed after the ETL (Parquet without page
/// checksums would decode a flipped byte into a changed value).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct EtlManifest {
    /// File name → its size and checksum.
    pub files: BTreeMap<String, FileSum>,
}

/// One file's size and checksum in [`EtlManifest`].
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FileSum {
    /// Size in bytes.
    pub bytes: u64,
    /// `cartelera_store::checksum` of the whole file.
    pub crc32: u32,
}

impl FileSum {
    /// The size and checksum of `bytes`.
    pub fn of(bytes: &[u8]) -> FileSum {
        FileSum {
            bytes: bytes.len() as u64,
            crc32: cartelera_store::checksum(bytes),
        }
    }
}

impl EtlManifest {
    /// Checks `bytes`, read from `dir/name`, against the manifest in
    /// `dir`, if there is one that lists `name` (older outputs and users'
    /// own files have none and are read as they are).
    pub fn verify(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
        let path = dir.join(MANIFEST_FILE);
        let text = match fs::read(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        let manifest: EtlManifest = serde_json::from_slice(&text).with_context(|| {
            format!(
                "{} is not a valid ETL manifest (run `cartelera etl` again)",
                path.display()
            )
        })?;
        let Some(expected) = manifest.files.get(name) else {
            return Ok(());
        };
        let found = FileSum::of(bytes);
        if found != *expected {
            let what = match found.bytes == expected.bytes {
                true => "checksum mismatch".to_string(),
                false => format!(
                    "size {} ≠ {} in {MANIFEST_FILE}",
                    found.bytes, expected.bytes
                ),
            };
            bail!(
                "{}: {what}: the file changed after `cartelera etl` wrote it; run the ETL again",
                dir.join(name).display()
            );
        }
        Ok(())
    }
}

/// What a run did, for the summary line.
#[derive(Clone, Debug)]
pub struct EtlOutcome {
    /// The report written to `etl_report.json`.
    pub report: EtlReport,
    /// Files written.
    pub written: Vec<PathBuf>,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// Runs the pipeline.
pub fn run(opts: &EtlOptions) -> Result<EtlOutcome> {
    let started = Instant::now();
    let loaded = load_catalogs(&opts.raw)?;
    let mut titles = loaded.titles;
    // Works need the whole catalog, so they come after the per-row rules.
    cartelera_core::works::Works::assign(&mut titles);
    let lookup = TitleLookup::new(&titles);

    let files = list_ratings_files(&opts.ratings)?;
    let total_bytes: u64 = files
        .iter()
        .map(|f| fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .sum();
    let bar = progress::bytes(total_bytes, "ratings");
    let mut all = RatingsTable::default();
    let mut file_reports = Vec::with_capacity(files.len());
    for path in &files {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let (table, report) = parse_ratings(&name, &bytes, &lookup, opts.threads)?;
        bar.inc(bytes.len() as u64);
        drop(bytes);
        append(&mut all, table);
        file_reports.push(report);
    }
    bar.finish_and_clear();

    let rejected_catalog: u64 = loaded.reports.iter().map(|r| r.rows_rejected).sum();
    let rejected_ratings: u64 = file_reports.iter().map(|r| r.rows_rejected).sum();
    if opts.strict && rejected_catalog + rejected_ratings > 0 {
        let first = loaded
            .reports
            .iter()
            .flat_map(|r| r.rejected.examples.values().flatten())
            .chain(
                file_reports
                    .iter()
                    .flat_map(|r| r.rejected.examples.values().flatten()),
            )
            .next()
            .cloned()
            .unwrap_or_default();
        bail!(
            "--strict: {rejected_catalog} catalog rows and {rejected_ratings} ratings rows are invalid; first: {first}"
        );
    }
    if all.is_empty() {
        bail!(
            "no valid ratings in {} ({} rows rejected; see the reasons with --strict)",
            opts.ratings.display(),
            rejected_ratings
        );
    }

    let (ratings, duplicates_dropped) = sort_and_dedupe(&all, opts.threads);
    drop(all);
    let mut scores = ScoreAccumulator::new(titles.len());
    let mut histogram = [0u64; 11];
    for (&row, &half) in ratings.title_row.iter().zip(&ratings.half_stars) {
        scores.add(row as usize, half);
        histogram[half as usize] += 1;
    }
    for (row, title) in titles.iter_mut().enumerate() {
        (title.score, title.score_count) = scores.score(row);
    }
    let titles_rated = titles.iter().filter(|t| t.score_count > 0).count() as u64;
    let per_user = ratings_per_user(&ratings.user_id);
    let users = per_user.len() as u64;

    let report = EtlReport {
        generated_by: format!("cartelera {}", env!("CARGO_PKG_VERSION")),
        titles: titles.len() as u64,
        catalogs: loaded.reports,
        ratings: RatingsReport {
            rows_read: file_reports.iter().map(|r| r.rows_read).sum(),
            rows_kept: ratings.len() as u64,
            rows_rejected: rejected_ratings,
            duplicates_dropped,
            users,
            titles_rated,
            titles_unrated: titles.len() as u64 - titles_rated,
            histogram: (1..=10)
                .map(|h| (format!("{:.1}", h as f64 / 2.0), histogram[h]))
                .collect(),
            ratings_per_user: log_histogram(per_user),
            files: file_reports,
        },
        null_counts: null_counts(&titles),
    };
    // Checked before writing: ids are unique across the union.
    let catalog =
        Catalog::new(titles).map_err(|e| anyhow::anyhow!("{e} in the unified catalog"))?;

    let outputs = OutputSet::begin(&opts.out)?;
    let ids: Vec<&str> = catalog.titles().iter().map(|t| t.id.as_str()).collect();
    // The two tables encode on separate cores (zstd text vs. 11 M rows).
    let titles_bytes = std::thread::scope(|s| -> Result<Vec<u8>> {
        let titles_job = s.spawn(|| {
            let mut bytes = Vec::new();
            cartelera_store::titles::write(catalog.titles(), &mut bytes).map(|()| bytes)
        });
        outputs.file(RATINGS_FILE, |w| {
            Ok(cartelera_store::ratings::write(&ratings, &ids, w)?)
        })?;
        let encoded = titles_job
            .join()
            .map_err(|_| anyhow::anyhow!("the titles encoder thread panicked"))?;
        Ok(encoded?)
    })?;
    outputs.file(TITLES_FILE, |w| Ok(w.write_all(&titles_bytes)?))?;
    outputs.file(REPORT_FILE, |w| {
        serde_json::to_writer_pretty(&mut *w, &report)?;
        Ok(w.write_all(b"\n")?)
    })?;
    // Checksums of the staged files as written, so a reader can tell a
    // changed byte; committed with them, so it always describes this set.
    let mut manifest = EtlManifest::default();
    for name in [TITLES_FILE, RATINGS_FILE, REPORT_FILE] {
        let staged = outputs.staged(name);
        let bytes =
            std::fs::read(&staged).with_context(|| format!("cannot read {}", staged.display()))?;
        manifest.files.insert(name.to_string(), FileSum::of(&bytes));
    }
    outputs.file(MANIFEST_FILE, |w| {
        serde_json::to_writer_pretty(&mut *w, &manifest)?;
        Ok(w.write_all(b"\n")?)
    })?;
    let written = outputs.commit()?;
    Ok(EtlOutcome {
        report,
        written,
        seconds: started.elapsed().as_secs_f64(),
    })
}

fn append(all: &mut RatingsTable, part: RatingsTable) {
    if all.is_empty() {
        *all = part;
        return;
    }
    all.user_id.extend_from_slice(&part.user_id);
    all.title_row.extend_from_slice(&part.title_row);
    all.half_stars.extend_from_slice(&part.half_stars);
    all.timestamp.extend_from_slice(&part.timestamp);
}

/// The number of ratings of each user, from the user ids of ratings
/// sorted by user (one user's ratings are contiguous).
pub fn ratings_per_user(sorted_user_ids: &[u32]) -> Vec<u64> {
    sorted_user_ids
        .chunk_by(|a, b| a == b)
        .map(|run| run.len() as u64)
        .collect()
}

/// Missing values per column of `titles.parquet`, overall and per platform
/// (the columns and their tests are the EDA's, so chart and report agree).
pub fn null_counts(titles: &[Title]) -> NullCounts {
    let count = |subset: &mut dyn Iterator<Item = &Title>| {
        let mut counts: BTreeMap<String, u64> = NULLABLE_COLUMNS
            .iter()
            .map(|(c, _)| (c.to_string(), 0))
            .collect();
        for t in subset {
            for (name, is_null) in &NULLABLE_COLUMNS {
                if is_null(t) {
                    *counts.entry(name.to_string()).or_insert(0) += 1;
                }
            }
        }
        counts
    };
    NullCounts {
        total: count(&mut titles.iter()),
        by_platform: Platform::ALL
            .iter()
            .map(|p| {
                (
                    p.as_str().to_string(),
                    count(&mut titles.iter().filter(|t| t.platform == *p)),
                )
            })
            .collect(),
    }
}

/// The one-line summary printed after a run.
pub fn summary(outcome: &EtlOutcome, out: &Path) -> String {
    let r = &outcome.report;
    let rejected_titles: u64 = r.catalogs.iter().map(|c| c.rows_rejected).sum();
    let rss = progress::peak_rss_mib().map_or(String::new(), |m| format!(", peak RSS {m:.0} MiB"));
    format!(
        "etl: {} titles ({} rows quarantined), {} ratings kept of {} read ({} rejected, {} duplicates) by {} users → {} in {:.2} s{rss}",
        progress::count(r.titles),
        rejected_titles,
        progress::count(r.ratings.rows_kept),
        progress::count(r.ratings.rows_read),
        progress::count(r.ratings.rows_rejected),
        progress::count(r.ratings.duplicates_dropped),
        progress::count(r.ratings.users),
        out.display(),
        outcome.seconds,
    )
}
