//! `cargo xtask spark-test` (issue 17): the shipped Spark job on a small
//! ratings file, imported unchanged, answering as the job does. Installs
//! PySpark (PyPI, pinned) in `target/spark-venv` and Java (Debian's
//! `openjdk-17-jre-headless`, as root) when missing; builds the demo's
//! data (100 k synthetic ratings); opens every Parquet file the pipeline
//! wrote with Spark, pyarrow and DuckDB (`spark/read_outputs.py`); runs
//! `spark/train_als.py` with
//! `--master local[2]`, writing its predictions for 30 held-out pairs plus
//! an unknown user and an unknown title; imports the model with
//! `cartelera import-als --f32`; and checks that `cartelera predict` gives
//! every one of the job's predictions to 1e-4. Not in `cargo xtask test`:
//! the PySpark download alone is 300 MB (README).

use std::path::Path;
use std::process::Command;

use crate::exec::{cartelera_bin, run, target_dir, Result, BUILD_DIR};

/// The PySpark the job is tested with (the release `import-als` was
/// first checked against).
const PYSPARK: &str = "pyspark==4.0.1";

/// The other readers every pipeline output must open in (issue 17 step 0).
const READERS: [&str; 2] = ["pyarrow==26.0.1", "duckdb==2.0.1"];

/// How far `cartelera predict` may be from the job's own estimate: the
/// job adds μ and the biases in f64, the factor file keeps them in f32.
const TOLERANCE: f64 = 1e-4;

pub(crate) fn spark_test() -> Result {
    ensure_java()?;
    let venv = target_dir().join("spark-venv");
    let python = venv.join("bin/python");
    if !python.is_file() {
        run(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
    }
    let spark_submit = venv.join("bin/spark-submit");
    let has_readers = Command::new(&python)
        .args(["-c", "import duckdb, pyarrow, numpy"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !spark_submit.is_file() || !has_readers {
        // pyspark.ml needs numpy, which pyspark does not pull in.
        run(Command::new(&python)
            .args(["-m", "pip", "install", "-q", PYSPARK, "numpy"])
            .args(READERS))?;
    }
    let _data = crate::data::build_data(false, crate::exec::Cli::Release)?;
    // Every Parquet file the pipeline wrote opens in Spark, pyarrow and
    // DuckDB with the same rows and columns.
    run(Command::new(&spark_submit)
        .args(["--master", "local[2]", "spark/read_outputs.py", BUILD_DIR])
        .env("PYSPARK_PYTHON", &python))?;
    let work = target_dir().join("spark-test");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let model = work.join("model");
    let ratings = Path::new(BUILD_DIR).join("ratings.parquet");
    let started = std::time::Instant::now();
    run(Command::new(&spark_submit)
        .args([
            "--master",
            "local[2]",
            "--driver-memory",
            "2g",
            "spark/train_als.py",
            "--ratings",
        ])
        .arg(&ratings)
        .arg("--out")
        .arg(&model)
        .args(["--rank", "10", "--iters", "10", "--sample", "30"])
        // An unknown user with a known title, a known user with an unknown
        // title: the fallbacks.
        .args(["--pairs", "2000000000:ns1,1:zz-no-such-title"])
        .env("PYSPARK_PYTHON", &python))?;
    let job_seconds = started.elapsed().as_secs_f64();
    let imported = work.join("imported");
    run(Command::new(cartelera_bin())
        .arg("import-als")
        .arg(&model)
        .arg("--out")
        .arg(&imported)
        .args(["--data", BUILD_DIR, "--f32"]))?;
    let text = std::fs::read_to_string(model.join("predictions.json"))
        .map_err(|e| format!("the job wrote no predictions.json: {e}"))?;
    let pairs: Vec<serde_json::Value> =
        serde_json::from_str(&text).map_err(|e| format!("predictions.json: {e}"))?;
    if pairs.len() < 30 {
        return Err(format!(
            "predictions.json holds {} pairs, expected 32",
            pairs.len()
        ));
    }
    let mut worst: f64 = 0.0;
    for pair in &pairs {
        let (user, title) = (
            pair["user"].as_str().unwrap_or_default(),
            pair["title"].as_str().unwrap_or_default(),
        );
        let expected = pair["estimate"]
            .as_f64()
            .ok_or("predictions.json: an estimate is missing")?;
        let out = crate::exec::capture(
            Command::new(cartelera_bin())
                .args(["predict", "--model"])
                .arg(&imported)
                .args(["--user", user, "--title", title, "--json"]),
        )?;
        let answer: serde_json::Value =
            serde_json::from_str(&out).map_err(|e| format!("cartelera predict: {e}"))?;
        let got = answer["prediction"]
            .as_f64()
            .ok_or("cartelera predict: no prediction")?;
        let diff = (got - expected).abs();
        worst = worst.max(diff);
        if diff > TOLERANCE {
            return Err(format!(
                "user {user}, title {title}: the job predicts {expected}, cartelera {got} (|Δ| = {diff:.2e} > {TOLERANCE:e})"
            ));
        }
    }
    let card = std::fs::read_to_string(model.join("card.json")).unwrap_or_default();
    eprintln!(
        "spark-test: {} pairs (2 of them fallbacks) agree to {worst:.1e}; the job took {job_seconds:.0} s; its card: {}",
        pairs.len(),
        card.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    Ok(())
}

/// Java for Spark: on the PATH, or Debian's headless JRE when root.
fn ensure_java() -> Result {
    let has_java = || {
        Command::new("java")
            .arg("-version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if has_java() {
        return Ok(());
    }
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !root {
        return Err(
            "spark-test needs Java 17 or later: install Debian's `openjdk-17-jre-headless`".into(),
        );
    }
    run(Command::new("apt-get")
        .args(["update", "-qq"])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-qq", "openjdk-17-jre-headless"])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    if has_java() {
        Ok(())
    } else {
        Err("apt-get installed openjdk-17-jre-headless but `java` is still not on the PATH".into())
    }
}
