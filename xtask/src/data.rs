//! The pipeline's outputs the demo, the site and the benchmarks start
//! from: synthetic ratings, the ETL, the ratings model, the taste model.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::exec::{run, Cli, Result, BUILD_DIR};

fn has_csv(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.path().extension().is_some_and(|x| x == "csv"))
    })
}

/// The model the page ships (and the CLI's default `--model`): its item
/// side is part of the page's 3 MB first download, beside the catalog
/// (1.06 MB) and the wasm (1.04 MB with Brotli). 16 factors stored as int8:
/// items.parquet 0.69 MB; on the full-scale data test RMSE 0.7270 against
/// 0.7234 for k = 32 (1.06 MB, which would take the first visit to
/// 3.15 MB) and 0.7231 for Surprise's k = 100; int8 costs < 1e-5 RMSE
/// (docs/recommender.md, "The page's model").
const PAGE_MODEL: [&str; 4] = ["--factors", "16", "--precision", "int8"];

/// Proof that [`build_data`] ran in this process: the site takes one, so
/// a task that builds the data and then the site (`demo`) cannot build
/// the data twice, and one that only builds the site (`dist`) cannot
/// forget it.
pub(crate) struct DataReady {
    /// The program that built it (the site's `export-web` runs it too).
    pub(crate) bin: PathBuf,
}

/// Builds the pipeline's outputs in `data/build/`: synthetic ratings
/// (small preset unless `full`; kept when present), the ETL, training.
pub(crate) fn build_data(full: bool, cli: Cli) -> Result<DataReady> {
    cli.ensure()?;
    let bin = cli.path();
    let ratings = Path::new(BUILD_DIR).join("ratings");
    if full || !has_csv(&ratings) {
        let mut synth = Command::new(&bin);
        synth.args(["synth-ratings", "--out"]).arg(&ratings);
        if !full {
            synth.arg("--small");
        }
        run(&mut synth)?;
    } else {
        eprintln!(
            "using the ratings already in {} (delete it to regenerate)",
            ratings.display()
        );
    }
    run(Command::new(&bin)
        .args(["etl", "--raw", "data/raw", "--ratings"])
        .arg(&ratings)
        .args(["--out", BUILD_DIR]))?;
    run(Command::new(&bin)
        .args(["train", "--ratings"])
        .arg(format!("{BUILD_DIR}/ratings.parquet"))
        .args(PAGE_MODEL)
        .args(["--out", &format!("{BUILD_DIR}/model")]))?;
    let taste = Path::new(BUILD_DIR).join("taste");
    if is_newer_than(&taste.join("model.json"), &taste_inputs(&bin)) {
        eprintln!(
            "the taste model in {} is newer than its inputs: kept",
            taste.display()
        );
    } else {
        run(Command::new(&bin)
            .args(["taste", "--no-eval", "--raw", "data/raw", "--movielens"])
            .arg(MOVIELENS)
            .arg("--out")
            .arg(&taste))?;
    }
    Ok(DataReady { bin })
}

/// The MovieLens ratings the taste model learns from.
const MOVIELENS: &str = "data/movielens/ml-latest-small";

/// What the taste model is made from: the raw catalogs, MovieLens' movies
/// and ratings, and the program that trains it.
fn taste_inputs(bin: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir("data/raw")
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.push(Path::new(MOVIELENS).join("movies.csv"));
    files.push(Path::new(MOVIELENS).join("ratings.csv"));
    files.push(bin.to_path_buf());
    files
}

/// Whether `output` exists and was written after every one of `inputs`
/// (an input that cannot be read counts as newer: rebuild).
fn is_newer_than(output: &Path, inputs: &[std::path::PathBuf]) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let Some(out) = modified(output) else {
        return false;
    };
    inputs.iter().all(|i| modified(i).is_some_and(|t| t <= out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_is_kept_only_when_newer_than_every_input() {
        let dir = std::env::temp_dir().join(format!("xtask-newer-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (input, output) = (dir.join("in.csv"), dir.join("model.json"));
        std::fs::write(&input, "a").unwrap();
        assert!(!is_newer_than(&output, std::slice::from_ref(&input)));
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&output, "m").unwrap();
        assert!(is_newer_than(&output, std::slice::from_ref(&input)));
        assert!(!is_newer_than(&output, &[dir.join("missing.csv")]));
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&input, "b").unwrap();
        assert!(!is_newer_than(&output, &[input]));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
