//! `cartelera synth-ratings`: the synthetic stand-in for the unavailable
//! 11 M-row ratings files, generated from the real catalog's titles (so the
//! planted tastes follow their genres), in the original files' schema.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{Context, Result};
use cartelera_core::Title;
use cartelera_det::par::{default_threads, lock, try_run_tasks};
use cartelera_synth::{generate, write_truth, CsvParts, SynthConfig, SynthTitle, TruthFile};

use crate::atomic::OutputSet;
use crate::progress;

/// The ground truth's folder inside the output folder.
const TRUTH_DIR: &str = "truth";

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
/// `truth/`). Every file is staged (the ratings files in parallel) and all
/// appear together, or none does; then stale numbered files of an earlier,
/// larger run are removed so the folder holds exactly one data set.
pub fn run(titles: &[Title], cfg: &SynthConfig, out: &Path) -> Result<SynthOutcome> {
    let started = Instant::now();
    let synth_titles: Vec<SynthTitle> = titles.iter().map(synth_title).collect();
    let bar = progress::items(cfg.ratings, "generating");
    let data = generate(&synth_titles, cfg, &|done| bar.set_position(done))
        .map_err(|e| anyhow::anyhow!("synth-ratings: {e}"))?;
    bar.finish_and_clear();

    let parts = CsvParts::new(&data, &synth_titles, cfg)
        .with_context(|| format!("cannot write the ratings files in {}", out.display()))?;
    let files: Vec<PathBuf> = (0..parts.count())
        .map(|k| out.join(CsvParts::file_name(k)))
        .collect();
    let bar = progress::items(data.len() as u64, "writing");
    let written = Mutex::new(0u64);
    let mut all = OutputSet::begin(out)?;
    let staged = try_run_tasks(
        files.iter().enumerate().collect(),
        default_threads(),
        || (),
        |(k, _), _| {
            all.file(&CsvParts::file_name(k), |w| {
                Ok(parts.write(k, w, &|rows| {
                    let mut total = lock(&written);
                    *total += rows;
                    bar.set_position(*total);
                })?)
            })?;
            Ok::<_, anyhow::Error>(())
        },
    )
    .with_context(|| format!("cannot write the ratings files in {}", out.display()))?;
    bar.finish_and_clear();
    drop(staged);
    let truth = out.join(TRUTH_DIR);
    for file in TruthFile::ALL {
        all.file(&format!("{TRUTH_DIR}/{}", file.file_name()), |w| {
            Ok(write_truth(&data, &synth_titles, file, w)?)
        })
        .with_context(|| format!("cannot write the ground truth in {}", truth.display()))?;
    }
    for stale in stale_parts(out, files.len())? {
        all.remove(&stale)?;
    }
    all.commit().with_context(|| {
        format!(
            "cannot write the ratings and the ground truth in {}",
            out.display()
        )
    })?;
    Ok(SynthOutcome {
        files,
        ratings: data.len() as u64,
        users: cfg.users,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// The `N.csv` files with N beyond this run's `parts` (only the
/// generator's own naming scheme is touched), removed with the commit.
fn stale_parts(dir: &Path, parts: usize) -> Result<Vec<String>> {
    let mut stale = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry?.path();
        let stem_number = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".csv"))
            .and_then(|n| n.parse::<usize>().ok());
        if stem_number.is_some_and(|n| n > parts) {
            stale.extend(path.file_name().map(|n| n.to_string_lossy().into_owned()));
        }
    }
    Ok(stale)
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
        out.join(TRUTH_DIR).display(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartelera_core::{Platform, TitleType};

    fn titles(n: usize) -> Vec<Title> {
        (1..=n)
            .map(|k| Title {
                id: format!("ns{k}"),
                show_id: format!("s{k}"),
                platform: Platform::Netflix,
                kind: TitleType::Movie,
                title: format!("title {k}"),
                director: None,
                cast: None,
                country: None,
                date_added: None,
                release_year: 2000 + (k % 20) as i32,
                rating: "g".into(),
                duration_int: Some(90),
                duration_type: None,
                listed_in: Some(if k % 2 == 0 { "dramas" } else { "comedies" }.into()),
                description: None,
                score: None,
                score_count: 0,
                display: Default::default(),
                work_id: String::new(),
            })
            .collect()
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    const CFG: SynthConfig = SynthConfig {
        users: 40,
        ratings: 900,
        seed: 5,
        rows_per_file: 400,
    };

    #[test]
    fn files_are_staged_and_stale_parts_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("ratings");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("4.csv"), "stale").unwrap();
        let outcome = run(&titles(60), &CFG, &out).unwrap();
        assert_eq!(
            outcome.files,
            [out.join("1.csv"), out.join("2.csv"), out.join("3.csv")]
        );
        assert_eq!(names(&out), ["1.csv", "2.csv", "3.csv", "truth"]);
        assert_eq!(
            names(&out.join("truth")),
            ["model.json", "titles.csv", "users.csv"]
        );
        let rows: usize = outcome
            .files
            .iter()
            .map(|f| fs::read_to_string(f).unwrap().lines().count() - 1)
            .sum();
        assert_eq!(rows, 900);
    }

    #[test]
    fn a_failed_run_leaves_no_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("ratings");
        fs::create_dir_all(&out).unwrap();
        // A file where the truth folder must go: staging the truth fails
        // after the ratings files are written.
        fs::write(out.join(TRUTH_DIR), "in the way").unwrap();
        let err = run(&titles(60), &CFG, &out).unwrap_err();
        assert!(format!("{err:#}").contains("ground truth"), "{err:#}");
        assert_eq!(names(&out), [TRUTH_DIR], "no ratings file, no temporary");
    }
}
