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

/// Where the optimised output of each input is kept, named by a hash of
/// the input: `-Oz` on the 3.8 MB wasm takes minutes on a loaded 2-core
/// machine, and a site rebuilt without a change to the Rust code (HTML,
/// style, data) has the very same input.
fn cached_output(input: &[u8]) -> PathBuf {
    let key = crate::site::fnv1a(
        crate::site::fnv1a(0xcbf2_9ce4_8422_2325, BINARYEN.as_bytes()),
        input,
    );
    tools_dir()
        .join("wasm-opt-cache")
        .join(format!("{key:016x}.wasm"))
}

/// Optimises `wasm` in place for size. The feature flags are those
/// rustc's wasm32 target emits by default.
pub(crate) fn optimize(wasm: &Path) -> Result {
    let input = std::fs::read(wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
    let cached = cached_output(&input);
    if cached.is_file() {
        eprintln!(
            "wasm-opt: unchanged input, output reused from {}",
            cached.display()
        );
        return std::fs::copy(&cached, wasm)
            .map(drop)
            .map_err(|e| format!("cannot copy {}: {e}", cached.display()));
    }
    let before = input.len();
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
    if let Some(dir) = cached.parent() {
        // A cache that cannot be written only costs the next build time.
        let _ = std::fs::create_dir_all(dir).and_then(|()| std::fs::copy(wasm, &cached));
    }
    Ok(())
}
