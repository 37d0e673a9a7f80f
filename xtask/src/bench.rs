//! `cargo xtask bench`: full-scale synthetic ratings, ETL and query timings.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::exec::{build_cli, cargo, cartelera_bin, project_root, run, Result};

pub(crate) fn bench() -> Result {
    build_cli()?;
    let bin = cartelera_bin();
    let dir = Path::new("target/bench");
    let ratings = dir.join("ratings");
    let data = dir.join("data");
    let timed = |what: &str, cmd: &mut Command| -> Result<f64> {
        let t = Instant::now();
        run(cmd)?;
        let secs = t.elapsed().as_secs_f64();
        eprintln!("bench: {what}: {secs:.2} s wall");
        Ok(secs)
    };
    let synth = timed(
        "synth-ratings (full scale)",
        Command::new(&bin)
            .args(["synth-ratings", "--out"])
            .arg(&ratings),
    )?;
    let etl = timed(
        "etl (4 catalogs + full-scale ratings)",
        Command::new(&bin)
            .args(["etl", "--raw", "data/raw", "--ratings"])
            .arg(&ratings)
            .arg("--out")
            .arg(&data),
    )?;
    // `cargo bench` runs the binary inside its package folder: pass an absolute path.
    run(cargo()
        .args([
            "bench",
            "--package",
            "cartelera",
            "--bench",
            "queries",
            "--",
            "--data",
        ])
        .arg(project_root().join(&data)))?;
    println!("bench summary: synth-ratings {synth:.2} s, etl {etl:.2} s (targets: ≤ 10 s each)");
    Ok(())
}
