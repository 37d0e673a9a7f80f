//! `cargo xtask test`: every check CI runs, after installing what they
//! need (`toolchain`).

use std::time::Instant;

use crate::exec::{cargo, run, Cli, Result};
use crate::toolchain::{ensure_browser, ensure_components, ensure_wasm_target};

/// Where the end-to-end tests' site is built (`dist --fast`).
const E2E_SITE: &str = "target/e2e-site";

/// Builds the data with `cli` and the site quickly (no LTO, no wasm-opt),
/// and drives it in headless Chromium (`tests/e2e`).
pub(crate) fn end_to_end(cli: Cli) -> Result {
    ensure_browser()?;
    let data = crate::data::build_data(false, cli)?;
    crate::dist::build_site(
        &crate::dist::DistOptions {
            fast: true,
            out: E2E_SITE.into(),
            model: None,
        },
        &data,
    )?;
    let site = crate::exec::project_root().join(E2E_SITE);
    // `--workspace`, as the suite's `cargo test` ran: cargo resolves
    // features over the packages it is given, so `--package cartelera-web`
    // alone compiled part of the tree again (2 min of a cold run).
    run(cargo()
        .args([
            "test",
            "--workspace",
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
    // lint them there too, and with them the pure crates (catalog, Parquet
    // layouts, recommender maths and answers), which must compile for the
    // browser. Lints, not a build: the code generation is exercised by
    // `dist --fast`, whose two wasm modules link every one of these crates.
    // One run for all: a second (a `cargo check` of the pure crates) took
    // 52 s of a cold run to compile what this one had.
    let mut wasm_lints = cargo();
    wasm_lints.arg("clippy");
    for package in [
        "cartelera-web",
        "cartelera-train-worker",
        "cartelera-core",
        "cartelera-store",
        "cartelera-mf",
        "cartelera-recommender",
        "cartelera-charts",
        "cartelera-history",
        "cartelera-ingest",
    ] {
        wasm_lints.args(["--package", package]);
    }
    run(wasm_lints.args([
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo().args(["test", "--workspace"]))?;
    end_to_end(Cli::Tested)?;
    eprintln!(
        "xtask test: all checks passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
