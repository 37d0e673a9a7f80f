//! Running commands and finding the workspace's places: what every task
//! uses, and a leaf (it imports no other task).

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A task's result: the error is the message `xtask` prints.
pub(crate) type Result<T = ()> = std::result::Result<T, String>;

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

/// The release build of the `cartelera` program ([`Cli::Release`]).
pub(crate) fn cartelera_bin() -> PathBuf {
    Cli::Release.path()
}

pub(crate) fn build_cli() -> Result {
    run(cargo().args(["build", "--release", "--package", "cartelera"]))
}

/// Which build of the `cartelera` program a task runs the pipeline with.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Cli {
    /// `cargo build --release`: the demo, the site, the benchmarks.
    Release,
    /// The debug build `cargo test --workspace` has just made (for the
    /// CLI's integration tests): `xtask test` builds the end-to-end site's
    /// data with it. A release build would compile the whole dependency
    /// tree once more (6.5 min of a cold 48-min run) for 45 s of data work;
    /// the heavy parts (SGD, Brotli, Snappy) are optimised in the dev
    /// profile too, and the outputs are the same bytes (titles.parquet,
    /// ratings.parquet, both items.parquet; model.json differs only in its
    /// timings).
    Tested,
}

impl Cli {
    /// Where this build of the program is.
    pub(crate) fn path(self) -> PathBuf {
        let profile = match self {
            Cli::Release => "release",
            Cli::Tested => "debug",
        };
        target_dir()
            .join(profile)
            .join(format!("cartelera{}", env::consts::EXE_SUFFIX))
    }

    /// Makes sure the program is there: builds the release one; the tested
    /// one must already exist (`cargo test --workspace` makes it).
    pub(crate) fn ensure(self) -> Result {
        match self {
            Cli::Release => build_cli(),
            Cli::Tested if self.path().is_file() => Ok(()),
            Cli::Tested => Err(format!(
                "{} is missing: `cargo test --workspace` builds it (for the CLI's integration tests) before the end-to-end site is built",
                self.path().display()
            )),
        }
    }
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
