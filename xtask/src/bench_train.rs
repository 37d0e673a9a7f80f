//! `cargo xtask bench-train [--surprise]`: training speed and accuracy,
//! side by side with Surprise when asked.

use std::env;
use std::path::Path;
use std::process::Command;

use crate::exec::{build_cli, capture, cartelera_bin, run, Result};

/// The number after `"key":` in a JSON text (enough for our own outputs).
fn json_number(text: &str, key: &str) -> Option<f64> {
    let at = text.find(&format!("\"{key}\":"))? + key.len() + 3;
    let rest = text[at..].trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || "+-.eE".contains(c)))
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

pub(crate) fn bench_train(with_surprise: bool) -> Result {
    build_cli()?;
    let bin = cartelera_bin();
    let movielens = "data/movielens/ml-latest-small/ratings.csv";
    let cv = capture(Command::new(&bin).args([
        "train",
        "--ratings",
        movielens,
        "--cv",
        "5",
        "--threads",
        "1",
        "--json",
    ]))?;
    let split = capture(Command::new(&bin).args([
        "train",
        "--ratings",
        movielens,
        "--threads",
        "1",
        "--json",
        "--no-save",
    ]))?;
    let data = Path::new("target/bench/data");
    if !data.join("ratings.parquet").is_file() {
        run(Command::new(&bin).args(["synth-ratings", "--out", "target/bench/ratings"]))?;
        run(Command::new(&bin)
            .args([
                "etl",
                "--raw",
                "data/raw",
                "--ratings",
                "target/bench/ratings",
                "--out",
            ])
            .arg(data))?;
    }
    let full = capture(Command::new(&bin).args([
        "train",
        "--ratings",
        "target/bench/data/ratings.parquet",
        "--threads",
        "2",
        "--json",
        "--no-save",
    ]))?;
    let num = |text: &str, key: &str| Some(json_number(text, key).unwrap_or(f64::NAN));
    println!("\nbench-train (k = 100, 20 epochs, lr 0.005, reg 0.02)");
    println!(
        "{:<48} {:>10} {:>10} {:>12} {:>14}",
        "run", "RMSE", "MAE", "fit s", "updates/s"
    );
    row(
        "cartelera MovieLens 5-fold CV (1 thread)",
        [
            num(&cv, "rmse_mean"),
            num(&cv, "mae_mean"),
            num(&cv, "fit_seconds_mean"),
            None,
        ],
    );
    row(
        "cartelera MovieLens 80/20 seed 0 (1 thread)",
        [
            num(&split, "rmse"),
            num(&split, "mae"),
            num(&split, "fit_seconds"),
            num(&split, "updates_per_second"),
        ],
    );
    row(
        &format!(
            "cartelera synthetic {} train (2 threads)",
            json_number(&full, "n_train").unwrap_or(f64::NAN)
        ),
        [
            num(&full, "rmse"),
            num(&full, "mae"),
            num(&full, "fit_seconds"),
            num(&full, "updates_per_second"),
        ],
    );
    if with_surprise {
        let venv = Path::new("target/bench/venv");
        let python = venv.join("bin/python");
        if !python.is_file() {
            run(Command::new("python3").args(["-m", "venv"]).arg(venv))?;
        }
        let has_surprise = Command::new(&python)
            .args(["-c", "import surprise"])
            .status()
            .is_ok_and(|s| s.success());
        if !has_surprise {
            run(Command::new(venv.join("bin/pip")).args(["install", "scikit-surprise"]))?;
        }
        // Both libraries train on the same file: the first `rows` ratings
        // of the full-scale synthetic set (Cartelera holds out 1 %).
        let rows: usize = env::var("BENCH_TRAIN_ROWS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(8_819_431);
        let head = Path::new("target/bench").join(format!("head-{rows}.csv"));
        write_head(Path::new("target/bench/ratings"), rows, &head)?;
        let same = capture(
            Command::new(&bin)
                .args(["train", "--ratings"])
                .arg(&head)
                .args([
                    "--test-size",
                    "0.01",
                    "--threads",
                    "2",
                    "--json",
                    "--no-save",
                ]),
        )?;
        let out = capture(
            Command::new(&python)
                .arg("xtask/surprise_bench.py")
                .arg(movielens)
                .arg(&head),
        )?;
        let line = |name: &str| {
            out.lines()
                .find(|l| l.contains(name))
                .unwrap_or("")
                .to_string()
        };
        let (s_cv, s_split, s_fit) = (
            line("movielens_cv5"),
            line("movielens_split"),
            line("synthetic_fit"),
        );
        row(
            "surprise MovieLens 5-fold CV",
            [
                num(&s_cv, "rmse_mean"),
                num(&s_cv, "mae_mean"),
                num(&s_cv, "fit_seconds_mean"),
                None,
            ],
        );
        row(
            "surprise MovieLens 80/20 seed 0",
            [num(&s_split, "rmse"), num(&s_split, "mae"), None, None],
        );
        let s_ups = json_number(&s_fit, "updates_per_second").unwrap_or(f64::NAN);
        let same_ups = json_number(&same, "updates_per_second").unwrap_or(f64::NAN);
        row(
            &format!("cartelera same {rows}-row file (2 threads)"),
            [None, None, num(&same, "fit_seconds"), Some(same_ups)],
        );
        row(
            &format!("surprise same {rows}-row file (1 thread)"),
            [None, None, num(&s_fit, "fit_seconds"), Some(s_ups)],
        );
        println!(
            "throughput ratio cartelera / surprise on the same file: {:.1}×",
            same_ups / s_ups
        );
    }
    Ok(())
}

/// One line of the bench-train table: RMSE, MAE, fit seconds, updates/s
/// (`-` where a run has no such figure).
fn row(label: &str, [rmse, mae, fit, ups]: [Option<f64>; 4]) {
    let cell = |v: Option<f64>, width: usize, fmt: fn(f64) -> String| {
        format!("{:>width$}", v.map_or_else(|| "-".to_string(), fmt))
    };
    println!(
        "{label:<48} {} {} {} {}",
        cell(rmse, 10, |v| format!("{v:.4}")),
        cell(mae, 10, |v| format!("{v:.4}")),
        cell(fit, 12, |v| format!("{v:.2}")),
        cell(ups, 14, |v| format!("{v:.3e}")),
    );
}

/// Writes the header and the first `rows` data rows of the numbered CSV
/// files in `dir` (1.csv, 2.csv, …) to `out`, unless it already exists.
fn write_head(dir: &Path, rows: usize, out: &Path) -> Result {
    use std::io::{BufRead, BufReader, BufWriter, Write};
    if out.is_file() {
        return Ok(());
    }
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", out.display());
    let temp = out.with_extension("csv.tmp");
    let mut w = BufWriter::new(std::fs::File::create(&temp).map_err(fail)?);
    let mut written = 0;
    for part in 1.. {
        let path = dir.join(format!("{part}.csv"));
        let Ok(file) = std::fs::File::open(&path) else {
            break;
        };
        for (k, line) in BufReader::new(file).lines().enumerate() {
            let line = line.map_err(fail)?;
            if k == 0 {
                if part == 1 {
                    writeln!(w, "{line}").map_err(fail)?;
                }
                continue;
            }
            if written == rows {
                break;
            }
            writeln!(w, "{line}").map_err(fail)?;
            written += 1;
        }
    }
    w.flush().map_err(fail)?;
    drop(w);
    if written < rows {
        let _ = std::fs::remove_file(&temp);
        return Err(format!(
            "{} holds only {written} ratings, {rows} asked",
            dir.display()
        ));
    }
    std::fs::rename(&temp, out).map_err(fail)
}
