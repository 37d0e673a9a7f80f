//! What `cargo xtask test` needs beyond cargo, installed when missing so
//! the README's command works on a fresh machine: rustfmt and clippy, the
//! wasm32 target (through rustup), and Debian's Chromium and chromedriver
//! for the end-to-end tests (through apt-get, when running as root; a
//! clear message otherwise).

use std::env;
use std::path::Path;
use std::process::Command;

use crate::exec::{cargo, run, Result};

/// Whether `cmd` starts and exits successfully (its output is discarded).
fn succeeds(cmd: &mut Command) -> bool {
    cmd.output().is_ok_and(|o| o.status.success())
}

/// Whether an executable called `name` is on the `PATH`.
fn on_path(name: &str) -> bool {
    env::var_os("PATH")
        .is_some_and(|paths| env::split_paths(&paths).any(|dir| is_executable(&dir.join(name))))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// rustfmt and clippy, added through rustup when `cargo fmt` or
/// `cargo clippy` does not start.
pub(crate) fn ensure_components() -> Result {
    for (component, subcommand) in [("rustfmt", "fmt"), ("clippy", "clippy")] {
        if succeeds(cargo().args([subcommand, "--version"])) {
            continue;
        }
        if !on_path("rustup") {
            return Err(format!(
                "`cargo {subcommand}` is missing and there is no rustup to add it: install the {component} component of your Rust toolchain"
            ));
        }
        run(Command::new("rustup").args(["component", "add", component]))?;
    }
    Ok(())
}

/// The wasm32 target the page and the pure crates are built for.
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

/// Whether this process runs as root (so apt-get may install packages).
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.status.success() && o.stdout.trim_ascii() == b"0")
}

/// The end-to-end tests' browser: Debian's `chromium` and
/// `chromium-driver`, installed with apt-get when missing and allowed.
pub(crate) fn ensure_browser() -> Result {
    if on_path("chromium") && on_path("chromedriver") {
        return Ok(());
    }
    if !(is_root() && on_path("apt-get")) {
        return Err("the end-to-end tests need Chromium and chromedriver: install Debian's \
                    `chromium` and `chromium-driver` (`sudo apt-get install chromium chromium-driver`), \
                    or run `cargo xtask test` as root on Debian to have it install them"
            .into());
    }
    run(Command::new("apt-get")
        .args(["update", "-qq"])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-qq", "chromium", "chromium-driver"])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    if on_path("chromium") && on_path("chromedriver") {
        Ok(())
    } else {
        Err("apt-get installed chromium and chromium-driver but `chromium` or `chromedriver` is still not on the PATH".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_on_the_path_is_found_and_a_made_up_one_is_not() {
        assert!(on_path("sh"));
        assert!(!on_path("no-such-program-cartelera"));
    }
}
