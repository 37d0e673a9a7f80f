//! `cargo xtask <task>`: the one place that knows how to build, test and
//! benchmark Cartelera (the cargo-xtask convention: plain Rust, no tools to
//! install beyond cargo).
//!
//! - `demo [--full] [--fast]`: synthetic ratings (small preset unless
//!   `--full`), the ETL, the recommender's training, a few answers, then
//!   the site (`dist`), served on localhost by `cartelera serve`.
//! - `dist [--fast] [--out DIR]`: the static site only (see `dist.rs`).
//! - `test`: formatting, clippy, every test, the wasm32 builds, then the
//!   end-to-end tests in headless Chromium (`e2e` runs just those).
//! - `bench`: full-scale synthetic ratings, ETL and query timings.
//! - `bench-api`: the HTTP API under wrk (`bench_api.rs`).
//! - `bench-train [--surprise]`: training speed and accuracy (MovieLens CV,
//!   full-scale synthetic fit), side by side with Surprise when asked.
//! - `bench-web [--fast]`: the page in headless Chromium (`bench_web.rs`).

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

mod bench;
mod bench_api;
mod bench_train;
mod bench_web;
mod check;
mod demo;
mod dist;
mod serve;
mod site;
mod wasm_opt;

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let root = project_root();
    if let Err(e) = env::set_current_dir(&root) {
        eprintln!("xtask: cannot enter {}: {e}", root.display());
        return ExitCode::FAILURE;
    }
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo::demo(&args[1..]),
        Some("dist") => dist::DistOptions::from_args(&args[1..]).and_then(|o| dist::dist(&o)),
        Some("test") => check::test(),
        Some("e2e") => check::end_to_end(),
        Some("bench") => bench::bench(),
        Some("bench-api") => bench_api::bench_api(),
        Some("bench-train") => bench_train::bench_train(args.iter().any(|a| a == "--surprise")),
        Some("bench-web") => bench_web::bench_web(&args[1..]),
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

const USAGE: &str = "usage: cargo xtask <demo [--full] [--fast] | dist [--fast] [--out DIR] | test | e2e | bench | bench-api | bench-train [--surprise] | bench-web [--fast]>";

/// Where the demo's outputs go (ignored by git).
pub(crate) const BUILD_DIR: &str = "data/build";

pub(crate) fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

pub(crate) fn cargo() -> Command {
    Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()))
}

/// Runs a command, echoing it; a non-zero exit is an error.
pub(crate) fn run(cmd: &mut Command) -> Result {
    let shown = format!("{cmd:?}").replace('"', "");
    eprintln!("$ {shown}");
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// Cargo's target folder (shared by every build of the workspace).
pub(crate) fn target_dir() -> PathBuf {
    env::var_os("CARGO_TARGET_DIR").map_or_else(|| project_root().join("target"), PathBuf::from)
}

pub(crate) fn cartelera_bin() -> PathBuf {
    target_dir()
        .join("release")
        .join(format!("cartelera{}", env::consts::EXE_SUFFIX))
}

pub(crate) fn build_cli() -> Result {
    run(cargo().args(["build", "--release", "--package", "cartelera"]))
}

/// Runs a command and returns its stdout (stderr passes through).
pub(crate) fn capture(cmd: &mut Command) -> Result<String> {
    let shown = format!("{cmd:?}").replace('"', "");
    eprintln!("$ {shown}");
    let out = cmd
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    if !out.status.success() {
        return Err(format!("`{shown}` failed ({})", out.status));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
