//! `cartelera export-web`: the data files the page downloads, written from
//! the pipeline's outputs into one folder (`dist/data/` in a site build).
//!
//! - `titles.parquet`: the catalog without its synopses, Brotli 11 (the
//!   page's first download, so it pays for the slowest compression), in
//!   [`cartelera_store::page_titles`]' layout: the text in its display
//!   case only, the query text derived on reading;
//! - `descriptions/00.parquet` … `63.parquet`: the synopses in their
//!   display case, cut by a hash of the title id
//!   ([`cartelera_store::descriptions::shard_of`]), so a title page fetches
//!   the one file holding its synopsis;
//!
//! The pipeline's `titles.parquet` keeps no display text for the cast and
//! the synopses (its size budget), so export-web reads them again from the
//! raw files (`--raw`) through the same rules; a row whose raw text no
//! longer lower-cases to the pipeline's keeps the lower-case text.
//! - `etl_report.json`: the pipeline's report (the data-quality charts);
//! - `model/`: the factor file, when there is one;
//! - `taste/`: the taste model (`cartelera taste`), when there is one, with
//!   `taste/titles.parquet` ([`cartelera_store::taste_titles`]): the
//!   synopses' words its vocabulary holds, so the page composes every
//!   title's vector as the CLI does without downloading the synopses.
//!
//! The folder is replaced whole (see [`crate::atomic::replace_dir`]).

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;

use cartelera_core::features::Vocabulary;
use cartelera_core::Title;

use crate::atomic::replace_dir;
use crate::data::{load_catalog, DEFAULT_DATA_DIR};
use crate::ingest::catalog_csv::load_catalogs;
use crate::model_io::factor_file::load_model;

/// Brotli level of the page's catalog, its first download: 1.06 MB at 11
/// against 1.19 MB at 5 (real catalog, without synopses; 2.04 MB at 11 with
/// both the lower-case and the display text). The display-only layout:
/// see docs/benchmarks.md.
const TITLES_LEVEL: u32 = 11;
/// Brotli level of the synopses. As one file, level 9 wrote them in a
/// third of level 11's time for 10 % more bytes; cut into 64 files each
/// compresses worse (level 9: 2,128,456 bytes in all against 1,576,131 as
/// one file; `examples/description_shards.rs` in cartelera-store), and
/// level 11 takes back most of it (1,846,139), so the offline copy costs
/// 17 % more than the one file did while a title page fetches 30 kB, not
/// 1.58 MB.
const DESCRIPTIONS_LEVEL: u32 = 11;

/// `cartelera export-web`.
#[derive(Debug, Args)]
pub struct ExportWebArgs {
    /// The pipeline's output folder (titles.parquet, etl_report.json).
    #[arg(long, default_value = DEFAULT_DATA_DIR)]
    data: PathBuf,
    /// The factor-file folder to ship (skipped when it does not exist).
    #[arg(long, default_value = crate::model_io::DEFAULT_MODEL_DIR)]
    model: PathBuf,
    /// The raw catalogs, read again for the cast's and synopses' display
    /// text (skipped when the folder does not exist: the page then shows
    /// those in lower case).
    #[arg(long, default_value = "data/raw")]
    raw: PathBuf,
    /// The taste model's folder to ship (skipped when it does not exist).
    #[arg(long, default_value = crate::cmd::taste::DEFAULT_TASTE_DIR)]
    taste: PathBuf,
    /// Output folder (replaced whole).
    #[arg(long)]
    out: PathBuf,
}

/// Runs `cartelera export-web`; prints one line per file and a summary.
pub fn run(args: ExportWebArgs, out: &mut dyn Write) -> Result<()> {
    let catalog = load_catalog(&args.data)?;
    let mut titles = catalog.titles().to_vec();
    let raw_found = args.raw.is_dir();
    if raw_found {
        let raw = load_catalogs(&args.raw)?;
        add_raw_display(&mut titles, &raw.titles);
    }
    let titles = &titles[..];
    let report = args.data.join("etl_report.json");
    let model = args
        .model
        .join("model.json")
        .is_file()
        .then_some(&args.model);
    let taste = match args.taste.join("model.json").is_file() {
        true => Some((&args.taste, taste_vocabulary(&args.taste)?)),
        false => None,
    };
    replace_dir(&args.out, |dir| {
        let mut bytes = Vec::new();
        cartelera_store::page_titles::write(titles, TITLES_LEVEL, &mut bytes)?;
        fs::write(dir.join("titles.parquet"), &bytes)?;
        bytes.clear();
        let shards = dir.join("descriptions");
        fs::create_dir_all(&shards)?;
        for (file, bytes) in
            cartelera_store::descriptions::write_shards(titles, DESCRIPTIONS_LEVEL)?
        {
            fs::write(dir.join(file), bytes)?;
        }
        if report.is_file() {
            fs::copy(&report, dir.join("etl_report.json"))
                .with_context(|| format!("cannot copy {}", report.display()))?;
        }
        if let Some(model) = model {
            copy_tree(model, &dir.join("model"))?;
        }
        if let Some((from, vocabulary)) = &taste {
            let to = dir.join("taste");
            copy_tree(from, &to)?;
            bytes.clear();
            cartelera_store::taste_titles::write(titles, vocabulary, TITLES_LEVEL, &mut bytes)?;
            fs::write(to.join(TASTE_TITLES), &bytes)?;
        }
        Ok(())
    })?;
    let (mut total, mut synopses, mut shard_count) = (0, 0, 0);
    for entry in walk(&args.out)? {
        let size = fs::metadata(&entry)?.len();
        total += size;
        let shown = entry.strip_prefix(&args.out).unwrap_or(&entry);
        if shown.starts_with("descriptions") {
            synopses += size;
            shard_count += 1;
        } else if !shown.starts_with("model/users") {
            writeln!(out, "{:>10}  {}", size, shown.display())?;
        }
    }
    writeln!(out, "{synopses:>10}  descriptions/ ({shard_count} files)")?;
    writeln!(
        out,
        "export-web: {} titles → {} ({total} bytes in all{}{}{})",
        titles.len(),
        args.out.display(),
        if raw_found {
            ""
        } else {
            ", no raw folder: cast and synopses in lower case"
        },
        if model.is_some() {
            ", user shards included"
        } else {
            ", no factor file"
        },
        if taste.is_some() {
            ", taste model"
        } else {
            ", no taste model"
        }
    )?;
    Ok(())
}

/// Fills each title's display cast and synopsis from the raw files' rows
/// (`raw`, as the rules make them), matched by id. Only where the raw text
/// lower-cases to the pipeline's (the display invariant): a raw file edited
/// since the ETL never changes what the queries read.
fn add_raw_display(titles: &mut [Title], raw: &[Title]) {
    let by_id: HashMap<&str, &Title> = raw.iter().map(|t| (t.id.as_str(), t)).collect();
    for t in titles {
        let Some(r) = by_id.get(t.id.as_str()) else {
            continue;
        };
        if r.cast == t.cast {
            t.display.cast = r.display.cast.clone();
        }
        if r.description == t.description {
            t.display.description = r.display.description.clone();
        }
    }
}

/// The page's side file of the taste model, in `taste/`.
pub const TASTE_TITLES: &str = "titles.parquet";

/// The feature vocabulary of the taste model in `dir`: the names of its
/// first `n_features` item rows.
fn taste_vocabulary(dir: &Path) -> Result<Vocabulary> {
    let stored = load_model(dir)?;
    let n = stored
        .taste
        .as_ref()
        .map(|t| t.n_features)
        .with_context(|| format!("{}: model.json has no `taste` section", dir.display()))?;
    let names = stored.item_ids.get(..n).with_context(|| {
        format!(
            "{}: {} item rows, fewer than its {n} features",
            dir.display(),
            stored.item_ids.len()
        )
    })?;
    Ok(Vocabulary::from_names(names.to_vec()))
}

/// Every file under `dir`, sorted.
fn walk(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in fs::read_dir(&d).with_context(|| format!("cannot list {}", d.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Copies the files of `from` into a new folder `to`, keeping the layout.
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    for file in walk(from)? {
        let target = to.join(file.strip_prefix(from)?);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(&file, &target)
            .with_context(|| format!("cannot copy {} to {}", file.display(), target.display()))?;
    }
    Ok(())
}
