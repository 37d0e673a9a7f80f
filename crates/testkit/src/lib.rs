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

/// The repository's MovieLens data set (ml-latest-small).
pub fn movielens_dir() -> PathBuf {
    repo_root().join("data/movielens/ml-latest-small")
}

/// `cartelera taste --no-eval` on the repository's raw catalogs and
/// MovieLens ratings, writing the taste model's factor file to `out`.
pub fn taste(out: &Path) -> Run {
    let (raw, movielens) = (raw_dir(), movielens_dir());
    cartelera(&[
        "taste",
        "--no-eval",
        "--raw",
        path(&raw),
        "--movielens",
        path(&movielens),
        "--out",
        path(out),
    ])
}

/// Issue 12's family visitor: five Pixar films at 5★ (Toy Story, Finding
/// Nemo, The Incredibles, Ratatouille, Monsters, Inc.), two horror films
/// at 1★.
pub const FAMILY_PICKS: &str = "ds1378:5,ds890:5,ds1291:5,ds1153:5,ds1092:5,ns1284:1,ns1119:1";

/// Issue 12's horror fan: four horror films at 5★, two Pixar films at 1★.
pub const HORROR_PICKS: &str = "ns1284:5,ns1119:5,ns8487:5,ns533:5,ds1378:1,ds890:1";

/// Toy Story (Disney+), whose similar titles should be animation.
pub const TOY_STORY: &str = "ds1378";

/// Words of the listed genres that make a title a family one.
pub const FAMILY_GENRES: &[&str] = &["animation", "family", "kids"];

/// Words of the listed genres that make a title a horror one.
pub const HORROR_GENRES: &[&str] = &["horror", "thriller"];

/// How many of `ids` the real catalog lists under a genre containing one
/// of `words` (any case), and every id with its genres, for a failing
/// assertion's message.
pub fn of_kind(ids: &[&str], words: &[&str]) -> (usize, String) {
    let titles = real_titles();
    let mut count = 0;
    let mut report = String::new();
    for id in ids {
        let listed = titles
            .iter()
            .find(|t| t.id == *id)
            .and_then(|t| t.listed_in.as_deref())
            .unwrap_or("(not in the catalog)")
            .to_lowercase();
        let hit = words.iter().any(|w| listed.contains(w));
        count += usize::from(hit);
        report.push_str(&format!(
            "\n  {} {id}: {listed}",
            if hit { "+" } else { "-" }
        ));
    }
    (count, report)
}

/// The pipeline's outputs beside a taste model, both built from the
/// repository's real files.
pub struct TasteBuilt {
    _dir: tempfile::TempDir,
    /// Folder holding titles.parquet (small synthetic ratings → ETL).
    pub data: PathBuf,
    /// The taste model's folder (`cartelera taste --no-eval`).
    pub taste: PathBuf,
    /// What `cartelera taste` printed on stderr.
    pub taste_stderr: String,
}

/// Synthetic ratings (`--small`) → ETL, and `cartelera taste --no-eval`,
/// once per test binary: training takes seconds even in debug builds.
pub fn taste_built() -> &'static TasteBuilt {
    static BUILT: OnceLock<TasteBuilt> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("data");
        let ratings = data.join("ratings");
        let ok = |r: Run, what: &str| {
            assert_eq!(r.code, 0, "{what}: {}", r.stderr);
            r
        };
        ok(
            synth_ratings(&ratings, &["--small", "--seed", "3"]),
            "synth-ratings",
        );
        ok(etl(&raw_dir(), &ratings, &data, &[]), "etl");
        let taste_dir = dir.path().join("taste");
        let run = ok(taste(&taste_dir), "taste");
        TasteBuilt {
            _dir: dir,
            data,
            taste: taste_dir,
            taste_stderr: run.stderr,
        }
    })
}
