//! wasm-opt from npm's `binaryen@132`, installed once under
//! `target/tools/` (Debian's binaryen 108 produced a wasm that fails in
//! Chromium; 132 works).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::exec::{run, Result};

const BINARYEN: &str = "binaryen@132.0.0";

fn tools_dir() -> PathBuf {
    crate::exec::target_dir().join("tools")
}

fn wasm_opt_bin() -> Result<PathBuf> {
    let bin = tools_dir().join("node_modules/.bin/wasm-opt");
    if !bin.is_file() {
        run(Command::new("npm")
            .args([
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
            ])
            .arg(tools_dir())
            .arg(BINARYEN))?;
    }
    Ok(bin)
}

/// Optimises `wasm` in place for size. The feature flags are those
/// rustc's wasm32 target emits by default.
pub(crate) fn optimize(wasm: &Path) -> Result {
    let before = std::fs::metadata(wasm).map_or(0, |m| m.len());
    run(Command::new(wasm_opt_bin()?)
        .arg(wasm)
        .arg("-o")
        .arg(wasm)
        .args([
            "-Oz",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
        ]))?;
    let after = std::fs::metadata(wasm).map_or(0, |m| m.len());
    eprintln!("wasm-opt: {before} → {after} bytes");
    Ok(())
}
