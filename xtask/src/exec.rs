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
