//! `cargo xtask test`: every check CI runs, after installing what they
//! need (`toolchain`).

use std::time::Instant;

use crate::exec::{cargo, run, Result};
use crate::toolchain::{ensure_browser, ensure_components, ensure_wasm_target};

/// Where the end-to-end tests' site is built (`dist --fast`).
const E2E_SITE: &str = "target/e2e-site";

/// Builds the site quickly (no LTO, no wasm-opt) and drives it in
/// headless Chromium (`tests/e2e`).
pub(crate) fn end_to_end() -> Result {
    ensure_browser()?;
    crate::dist::dist(&crate::dist::DistOptions {
        fast: true,
        out: E2E_SITE.into(),
        model: None,
    })?;
    let site = crate::exec::project_root().join(E2E_SITE);
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

/// `cargo xtask test`: installs what is missing (before the long part, so
/// a machine that cannot run the browser tests says so at once), then
/// formatting, clippy, the wasm32 checks, every test (the tidy rules
/// among them), the end-to-end tests.
pub(crate) fn test() -> Result {
    let started = Instant::now();
    ensure_components()?;
    ensure_wasm_target()?;
    ensure_browser()?;
    run(cargo().args(["fmt", "--all", "--", "--check"]))?;
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The app's and the training worker's own code exist only for wasm32:
    // lint them there too.
    run(cargo().args([
        "clippy",
        "--package",
        "cartelera-web",
        "--package",
        "cartelera-train-worker",
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The pure crates (catalog, Parquet layouts, recommender maths and
    // answers) must compile for the browser: checked on every run. A check,
    // not a build: it reuses what clippy's wasm32 run just compiled, where
    // a debug wasm32 build compiled arrow and parquet once more; the code
    // generation is exercised by `dist --fast`, whose two wasm modules
    // link every one of these crates.
    run(cargo().args([
        "check",
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
        "--package",
        "cartelera-history",
        "--package",
        "cartelera-ingest",
    ]))?;
    run(cargo().args(["test", "--workspace"]))?;
    end_to_end()?;
    eprintln!(
        "xtask test: all checks passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
