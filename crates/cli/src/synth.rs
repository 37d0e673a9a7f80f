//! `cartelera synth-ratings`: the synthetic stand-in for the unavailable
//! 11 M-row ratings files, generated from the real catalog's titles (so the
//! planted tastes follow their genres), in the original files' schema.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use cartelera_core::Title;
use cartelera_synth::{generate, write_csv_files, write_truth, SynthConfig, SynthTitle};

use crate::progress;

/// What a run produced.
#[derive(Debug)]
pub struct SynthOutcome {
    /// The ratings files, in order.
    pub files: Vec<PathBuf>,
    /// Ratings written.
    pub ratings: u64,
    /// Users.
    pub users: u32,
    /// Seconds spent generating and writing.
    pub seconds: f64,
}

/// The generator's view of a catalog title.
pub fn synth_title(t: &Title) -> SynthTitle {
    SynthTitle {
        id: t.id.clone(),
        listed_in: t.listed_in.clone(),
        is_movie: t.kind == cartelera_core::TitleType::Movie,
        release_year: t.release_year,
        platform: t.platform.index() as u8,
    }
}

/// Generates `cfg`'s ratings for `titles` into `out` (`1.csv` … and
/// `truth/`). Stale numbered files of an earlier, larger run are removed so
/// the folder holds exactly one data set.
pub fn run(titles: &[Title], cfg: &SynthConfig, out: &Path) -> Result<SynthOutcome> {
    let started = Instant::now();
    let synth_titles: Vec<SynthTitle> = titles.iter().map(synth_title).collect();
    let bar = progress::items(cfg.ratings, "generating");
    let data = generate(&synth_titles, cfg, &|done| bar.set_position(done))
        .map_err(|e| anyhow::anyhow!("synth-ratings: {e}"))?;
    bar.finish_and_clear();
    fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let bar = progress::items(data.len() as u64, "writing");
    let files = write_csv_files(&data, &synth_titles, out, cfg, &|done| {
        bar.set_position(done)
    })
    .with_context(|| format!("cannot write the ratings files in {}", out.display()))?;
    bar.finish_and_clear();
    write_truth(&data, &synth_titles, out).with_context(|| {
        format!(
            "cannot write the ground truth in {}",
            out.join("truth").display()
        )
    })?;
    remove_stale_parts(out, files.len())?;
    Ok(SynthOutcome {
        files,
        ratings: data.len() as u64,
        users: cfg.users,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Deletes `N.csv` files with N beyond this run's `parts` (only the
/// generator's own naming scheme is touched).
fn remove_stale_parts(dir: &Path, parts: usize) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry?.path();
        let stem_number = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".csv"))
            .and_then(|n| n.parse::<usize>().ok());
        if stem_number.is_some_and(|n| n > parts) {
            fs::remove_file(&path)
                .with_context(|| format!("cannot remove stale {}", path.display()))?;
        }
    }
    Ok(())
}

/// The one-line summary printed after a run.
pub fn summary(outcome: &SynthOutcome, out: &Path) -> String {
    let rss = progress::peak_rss_mib().map_or(String::new(), |m| format!(", peak RSS {m:.0} MiB"));
    format!(
        "synth-ratings: {} ratings by {} users in {} files → {} in {:.2} s{rss} (synthetic data; ground truth in {})",
        progress::count(outcome.ratings),
        progress::count(u64::from(outcome.users)),
        outcome.files.len(),
        out.display(),
        outcome.seconds,
        out.join("truth").display(),
    )
}
