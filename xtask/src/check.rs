//! `cargo xtask test`: every check CI runs.

use std::process::Command;
use std::time::Instant;

use crate::{cargo, run, Result};

pub(crate) fn ensure_wasm_target() -> Result {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("wasm32-unknown-unknown"))
        .unwrap_or(false);
    if installed {
        Ok(())
    } else {
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
    }
}

pub(crate) fn test() -> Result {
    let started = Instant::now();
    run(cargo().args(["fmt", "--all", "--", "--check"]))?;
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    ensure_wasm_target()?;
    // The pure crates (catalog, Parquet layouts, recommender maths and
    // answers) must build for the browser: checked on every run.
    run(cargo().args([
        "build",
        "--target",
        "wasm32-unknown-unknown",
        "--package",
        "cartelera-core",
        "--package",
        "cartelera-store",
        "--package",
        "cartelera-mf",
        "--package",
        "cartelera-recommender",
        "--package",
        "cartelera-charts",
    ]))?;
    run(cargo().args(["test", "--workspace"]))?;
    eprintln!(
        "xtask test: all checks passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
