//! `cargo xtask dist [--fast] [--out DIR] [--model DIR]`: builds the static
//! site. `--model` ships another factor file than the one the data step
//! trains, such as a Spark model imported by `cartelera import-als`
//! (docs/scale.md).
//!
//! 1. the pipeline's data (`data/build/`, built as in `demo` when missing);
//! 2. the wasm: `cargo build` for wasm32 (profile `dist`: LTO, one codegen
//!    unit, `opt-level = "z"`; `--fast`: the everyday `release` profile,
//!    no wasm-opt: what the end-to-end tests use);
//! 3. the JS bindings, generated in-process by `wasm-bindgen-cli-support`
//!    (its version is pinned to the root package's `wasm-bindgen`);
//! 4. `wasm-opt -Oz` from npm's `binaryen@132` (not `--fast`);
//! 5. `index.html` with the prerendered shell (`cartelera_web::shell`)
//!    in place of its `<!-- cartelera:shell -->` mark, `boot.js`, `style/`,
//!    `public/`, and the page's data (`cartelera export-web`) into `data/`;
//! 6. content-hashed names for the page's code and style (`pkg/`,
//!    `style/`: cached for a year, see `public/_headers`), and a check
//!    that `_headers` has a rule for every file;
//! 7. `sw.js` with the precache list and a content-hash version;
//! 8. `.br` and `.gz` copies of every file (when smaller).
//!
//! The site is staged beside `DIR` and swapped in whole.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::data::{build_data, DataReady};
use crate::exec::{cargo, run, Cli, Result, BUILD_DIR};
use crate::toolchain::ensure_wasm_target;

/// What `dist` builds.
pub(crate) struct DistOptions {
    /// `release` profile and no wasm-opt (quick builds for tests).
    pub fast: bool,
    /// The site's folder.
    pub out: PathBuf,
    /// The factor file the page ships (`--model DIR`), such as a Spark
    /// model turned into one by `cartelera import-als`; default the one
    /// `build_data` trains (`data/build/model`).
    pub model: Option<PathBuf>,
}

impl DistOptions {
    pub(crate) fn from_args(args: &[String]) -> Result<DistOptions> {
        let mut opts = DistOptions {
            fast: false,
            out: PathBuf::from("dist"),
            model: None,
        };
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            match arg.as_str() {
                "--fast" => opts.fast = true,
                "--out" => {
                    opts.out = rest
                        .next()
                        .map(PathBuf::from)
                        .ok_or("--out needs a folder")?
                }
                "--model" => {
                    let dir = rest
                        .next()
                        .map(PathBuf::from)
                        .ok_or("--model needs a folder")?;
                    if !dir.join("model.json").is_file() {
                        return Err(format!(
                            "dist --model {}: no model.json there (a factor file's folder, as `cartelera train` or `cartelera import-als` write)",
                            dir.display()
                        ));
                    }
                    opts.model = Some(dir);
                }
                other => return Err(format!("dist: unknown argument {other:?}")),
            }
        }
        Ok(opts)
    }
}

const WASM_NAME: &str = "cartelera_web";
/// The training worker's module (`crates/train-worker`), loaded only by
/// `public/train-worker.js` when a visitor trains on their own ratings.
const WORKER_WASM_NAME: &str = "cartelera_train_worker";

/// `cargo xtask dist`: the data (as in `demo`), then the site.
pub(crate) fn dist(opts: &DistOptions) -> Result {
    let data = build_data(false, Cli::Release)?;
    build_site(opts, &data)
}

/// The site from data already built (steps 2 to 7 above).
pub(crate) fn build_site(opts: &DistOptions, data: &DataReady) -> Result {
    let stage = sibling(&opts.out, "tmp");
    remove_dir(&stage)?;
    make_dir(&stage.join("pkg"))?;
    let profile = build_wasm(opts.fast)?;
    for (package, name) in [
        ("cartelera-web", WASM_NAME),
        ("cartelera-train-worker", WORKER_WASM_NAME),
    ] {
        let wasm = profile.join(format!("{name}.wasm"));
        let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
        bindgen
            .input_path(&wasm)
            .out_name(name)
            .typescript(false)
            .web(true)
            .map_err(|e| format!("wasm-bindgen: {e}"))?;
        bindgen
            .generate(stage.join("pkg"))
            .map_err(|e| format!("wasm-bindgen ({package}): {e}"))?;
        if !opts.fast {
            crate::wasm_opt::optimize(&stage.join("pkg").join(format!("{name}_bg.wasm")))?;
        }
    }
    write_page(&stage.join("index.html"))?;
    for dir in ["style", "public"] {
        copy_dir(
            Path::new(dir),
            &stage.join(if dir == "public" { "" } else { dir }),
        )?;
    }
    let model = opts
        .model
        .clone()
        .unwrap_or_else(|| Path::new(BUILD_DIR).join("model"));
    run(Command::new(&data.bin)
        .args(["export-web", "--data", BUILD_DIR, "--model"])
        .arg(model)
        .arg("--taste")
        .arg(format!("{BUILD_DIR}/taste"))
        .arg("--out")
        .arg(stage.join("data")))?;
    crate::site::hash_assets(&stage)?;
    crate::site::check_headers_cover(&stage)?;
    crate::site::write_service_worker(&stage)?;
    crate::site::precompress(&stage)?;
    let old = sibling(&opts.out, "old");
    remove_dir(&old)?;
    if opts.out.exists() {
        fs::rename(&opts.out, &old)
            .map_err(|e| format!("cannot move {} aside: {e}", opts.out.display()))?;
    }
    fs::rename(&stage, &opts.out)
        .map_err(|e| format!("cannot move the site into {}: {e}", opts.out.display()))?;
    remove_dir(&old)?;
    crate::site::print_sizes(&opts.out)?;
    Ok(())
}

/// Where `index.html` takes the prerendered shell.
const SHELL_MARK: &str = "<!-- cartelera:shell -->";

/// `index.html` with the prerendered shell in place of its mark.
fn write_page(to: &Path) -> Result {
    let page =
        fs::read_to_string("index.html").map_err(|e| format!("cannot read index.html: {e}"))?;
    if page.matches(SHELL_MARK).count() != 1 {
        return Err(format!(
            "index.html must hold {SHELL_MARK} once (inside #app)"
        ));
    }
    let page = page.replace(SHELL_MARK, &cartelera_web::shell::prerendered_shell());
    fs::write(to, page).map_err(|e| format!("cannot write {}: {e}", to.display()))
}

/// Builds both wasm modules (the page's and the training worker's) and
/// returns the folder they are in. One cargo run for the two: run one
/// after the other, cargo resolved each package's features alone, which
/// differ for a few shared crates (futures-util, indexmap, ...), and so
/// compiled arrow and parquet a second time (3.7 min of a cold run). The
/// page's own features are the same either way (`cargo tree -e features`).
fn build_wasm(fast: bool) -> Result<PathBuf> {
    ensure_wasm_target()?;
    let profile = if fast { "release" } else { "dist" };
    run(cargo().args([
        "build",
        "--package",
        "cartelera-web",
        "--package",
        "cartelera-train-worker",
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        profile,
    ]))?;
    Ok(crate::exec::target_dir()
        .join("wasm32-unknown-unknown")
        .join(profile))
}

fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let name = dir
        .file_name()
        .map_or("dist".into(), |n| n.to_string_lossy().into_owned());
    dir.with_file_name(format!(".{name}.{suffix}"))
}

pub(crate) fn remove_dir(dir: &Path) -> Result {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(format!("cannot remove {}: {e}", dir.display()))
        }
        _ => Ok(()),
    }
}

fn make_dir(dir: &Path) -> Result {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))
}

fn copy(from: impl AsRef<Path>, to: &Path) -> Result {
    let from = from.as_ref();
    if let Some(parent) = to.parent() {
        make_dir(parent)?;
    }
    fs::copy(from, to)
        .map(drop)
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

/// Copies the files of `from` into `to` (folders recursively); README.md
/// files are notes for developers, not part of the site.
fn copy_dir(from: &Path, to: &Path) -> Result {
    let entries = fs::read_dir(from).map_err(|e| format!("cannot list {}: {e}", from.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().unwrap_or_default();
        if path.is_dir() {
            copy_dir(&path, &to.join(name))?;
        } else if name != "README.md" {
            copy(&path, &to.join(name))?;
        }
    }
    Ok(())
}
