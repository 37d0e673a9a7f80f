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

/// Where the end-to-end tests' site is built (`dist --fast`).
const E2E_SITE: &str = "target/e2e-site";

/// Builds the site quickly (no LTO, no wasm-opt) and drives it in
/// headless Chromium (`tests/e2e`).
pub(crate) fn end_to_end() -> Result {
    let has = |bin: &str| {
        Command::new(bin)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !has("chromedriver") {
        return Err("the end-to-end tests need chromedriver and Chromium: install Debian's `chromium` and `chromium-driver` (`.ci/run` does)".into());
    }
    crate::dist::dist(&crate::dist::DistOptions {
        fast: true,
        out: E2E_SITE.into(),
    })?;
    let site = crate::project_root().join(E2E_SITE);
    run(cargo()
        .args([
            "test",
            "--package",
            "cartelera-web",
            "--test",
            "e2e",
            "--",
            "--ignored",
            "--skip",
            "bench_",
            "--test-threads=2",
        ])
        .env("CARTELERA_E2E_SITE", site))
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
    // The app's own code exists only for wasm32: lint it there too.
    run(cargo().args([
        "clippy",
        "--package",
        "cartelera-web",
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo().args(["test", "--workspace"]))?;
    end_to_end()?;
    eprintln!(
        "xtask test: all checks passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
