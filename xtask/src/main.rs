//! `cargo xtask <task>`: the one place that knows how to build, test and
//! benchmark Cartelera (the cargo-xtask convention: plain Rust, no tools to
//! install beyond cargo).
//!
//! - `demo [--full] [--fast]`: synthetic ratings (small preset unless
//!   `--full`), the ETL, the recommender's training, a few answers, then
//!   the site (`dist`), served on localhost by `cartelera serve`.
//! - `dist [--fast] [--out DIR] [--model DIR]`: the data (as in `demo`)
//!   and the static site (see `dist.rs`), shipping `--model`'s factor file
//!   when given.
//! - `test`: installs what is missing (`toolchain.rs`), then formatting,
//!   clippy, every test (the tidy invariants among them, `tidy.rs`), the
//!   wasm32 builds, then the end-to-end tests in headless Chromium (`e2e`
//!   runs just those).
//! - `bench`: full-scale synthetic ratings, ETL and query timings.
//! - `bench-api`: the HTTP API under wrk (`bench_api.rs`).
//! - `bench-train [--surprise]`: training speed and accuracy (MovieLens CV,
//!   full-scale synthetic fit), side by side with Surprise when asked.
//! - `bench-web [--fast] [--only bench_NAME]`: the page in headless Chromium (`bench_web.rs`).
//! - `fuzz [--minutes N] [--target NAME] [--seed S]`: mutation fuzzing of
//!   the readers, in a child process (`fuzz.rs`).
//! - `lighthouse [--site DIR] [--only PAGE]`: Lighthouse's mobile and
//!   desktop presets on the optimised site (`lighthouse.rs`).
//! - `spark-test`: the Spark job (`spark/train_als.py`) on a small ratings
//!   file, imported, answering as the job does (`spark_test.rs`).

use std::env;
use std::process::ExitCode;

mod bench;
mod bench_api;
mod bench_train;
mod bench_web;
mod check;
mod data;
mod demo;
mod dist;
mod exec;
mod fuzz;
mod lighthouse;
mod serve;
mod site;
mod spark_test;
#[cfg(test)]
mod tidy;
mod toolchain;
mod wasm_opt;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let root = exec::project_root();
    if let Err(e) = env::set_current_dir(&root) {
        eprintln!("xtask: cannot enter {}: {e}", root.display());
        return ExitCode::FAILURE;
    }
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo::demo(&args[1..]),
        Some("dist") => dist::DistOptions::from_args(&args[1..]).and_then(|o| dist::dist(&o)),
        Some("test") => check::test(),
        Some("e2e") => check::end_to_end(exec::Cli::Release),
        Some("bench") => bench::bench(),
        Some("bench-api") => bench_api::bench_api(),
        Some("bench-train") => bench_train::bench_train(args.iter().any(|a| a == "--surprise")),
        Some("fuzz") => fuzz::fuzz(&args[1..]),
        // Hidden: the child process `fuzz` runs its targets in.
        Some("fuzz-worker") => fuzz::worker(&args[1..]),
        Some("bench-web") => bench_web::bench_web(&args[1..]),
        Some("lighthouse") => lighthouse::lighthouse(&args[1..]),
        Some("spark-test") => spark_test::spark_test(),
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: cargo xtask <demo [--full] [--fast] | dist [--fast] [--out DIR] [--model DIR] | test | e2e | bench | bench-api | bench-train [--surprise] | bench-web [--fast] [--only bench_NAME] | lighthouse [--site DIR] [--only PAGE] | fuzz [--minutes N] [--target NAME] [--seed S] | spark-test>";
