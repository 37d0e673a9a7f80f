//! Helpers shared by the workspace's integration tests (`cartelera`'s and
//! `cartelera-server`'s `tests/it`): the repository's real data and
//! in-process runs of the `cartelera` CLI. A dev-dependency only.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use cartelera_core::Title;

/// The repository's root (holding `data/`).
pub fn repo_root() -> &'static Path {
    // This crate sits at `crates/testkit`.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/testkit is two levels below the root")
}

/// The repository's copy of the four raw catalogs.
pub fn raw_dir() -> PathBuf {
    repo_root().join("data/raw")
}

/// The real catalog, loaded once per test binary.
pub fn real_titles() -> &'static [Title] {
    static TITLES: OnceLock<Vec<Title>> = OnceLock::new();
    TITLES.get_or_init(|| {
        cartelera::ingest::catalog_csv::load_catalogs(&raw_dir())
            .expect("the repository's raw catalogs load")
            .titles
    })
}

/// What a CLI run printed and returned.
pub struct Run {
    /// The exit code.
    pub code: u8,
    /// Everything printed on stdout.
    pub stdout: String,
    /// Everything printed on stderr.
    pub stderr: String,
}

/// Runs `cartelera ARGS…` in-process.
pub fn cartelera(args: &[&str]) -> Run {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let argv = std::iter::once("cartelera").chain(args.iter().copied());
    let code = cartelera::cli::run(argv, &mut out, &mut err);
    Run {
        code,
        stdout: String::from_utf8(out).expect("stdout is UTF-8"),
        stderr: String::from_utf8(err).expect("stderr is UTF-8"),
    }
}

/// Copies the raw catalogs into a fresh folder that a test may damage.
pub fn raw_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(raw_dir()).expect("raw dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "csv") {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).expect("copy");
        }
    }
    dir
}

fn path(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

/// `cartelera etl` on the repository's or a copied raw folder.
pub fn etl(raw: &Path, ratings: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "etl",
        "--raw",
        path(raw),
        "--ratings",
        path(ratings),
        "--out",
        path(out),
    ];
    args.extend_from_slice(extra);
    cartelera(&args)
}

/// `cartelera synth-ratings` from the repository's raw catalogs into `out`.
pub fn synth_ratings(out: &Path, extra: &[&str]) -> Run {
    let raw = raw_dir();
    let mut args = vec!["synth-ratings", "--raw", path(&raw), "--out", path(out)];
    args.extend_from_slice(extra);
    cartelera(&args)
}

/// Every file under `dir`, at any depth.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
