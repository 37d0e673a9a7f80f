//! Crash safety by fault injection, the way SQLite tests its commits:
//! each writing command runs as a subprocess with `CARTELERA_FAULT_AT=n`
//! (the atomic module aborts at its n-th file-system step) for n = 1, 2,
//! … until it completes; after each crash a reader command recovers the
//! folder, which must then hold exactly the complete old output set or
//! the complete new one, with no staging litter. `CARTELERA_FAULT_AT` is
//! documented in `crates/cli/src/atomic.rs`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_cartelera");
const TINY_RAW: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tiny-raw");
const SPARK_ALS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/spark-als");

fn run(args: &[&str], fault: Option<u64>) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args).env_remove("CARTELERA_FAULT_AT");
    if let Some(n) = fault {
        cmd.env("CARTELERA_FAULT_AT", n.to_string());
    }
    cmd.output().expect("run cartelera")
}

fn ok(args: &[&str]) {
    let out = run(args, None);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every file under `dir` (hidden ones too) → its bytes, with the
/// timings of a model card masked (they differ from run to run).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let path = e.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let name = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                let mut bytes = fs::read(&path).unwrap();
                if name.ends_with(".json") {
                    let text = String::from_utf8_lossy(&bytes);
                    bytes = text
                        .lines()
                        .filter(|l| !l.contains("second") && !l.contains("created_unix"))
                        .collect::<Vec<_>>()
                        .join("\n")
                        .into_bytes();
                }
                out.insert(name, bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Runs `write` (which makes the NEW set in `watched`) with a fault at
/// every step, recovering with `read` after each crash; `watched` starts
/// with the OLD set. Returns the number of crashes.
fn crash_everywhere(watched: &Path, write: &[&str], read: &[&str], reset: &dyn Fn()) -> u64 {
    let old = snapshot(watched);
    // The new set, made once without faults, then the old one restored.
    ok(write);
    let new = snapshot(watched);
    assert_ne!(old, new, "the test needs the old and new sets to differ");
    reset();
    assert_eq!(snapshot(watched), old);
    let mut crashes = 0;
    for n in 1.. {
        let out = run(write, Some(n));
        if out.status.success() {
            assert_eq!(snapshot(watched), new, "completed at step {n}");
            break;
        }
        assert_eq!(
            out.status.code(),
            None,
            "{write:?} at step {n} failed instead of aborting: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        crashes += 1;
        let recovered = run(read, None);
        let found = snapshot(watched);
        assert!(
            found == old || found == new,
            "{write:?} crashed at step {n}; after {read:?} ({}) the folder holds neither set: {:?}",
            String::from_utf8_lossy(&recovered.stderr),
            found.keys().collect::<Vec<_>>()
        );
        // Back to the old set for the next step's crash.
        reset();
        assert_eq!(snapshot(watched), old, "reset after step {n}");
        assert!(n < 500, "the fault hook never let {write:?} finish");
    }
    assert!(crashes >= 3, "{write:?}: only {crashes} steps");
    crashes
}

/// Copies a folder tree (to restore the old set).
fn copy_tree(from: &Path, to: &Path) {
    let _ = fs::remove_dir_all(to);
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let path = e.unwrap().path();
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &dest);
        } else {
            fs::copy(&path, &dest).unwrap();
        }
    }
}

struct Sets {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

/// Two ratings folders (seeds 1 and 2) and their ETL outputs.
fn sets() -> Sets {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    for seed in ["1", "2"] {
        let r = root.join(format!("ratings{seed}"));
        ok(&[
            "synth-ratings",
            "--raw",
            TINY_RAW,
            "--out",
            s(&r),
            "--users",
            "20",
            "--ratings",
            "200",
            "--seed",
            seed,
        ]);
        let o = root.join(format!("out{seed}"));
        ok(&["etl", "--raw", TINY_RAW, "--ratings", s(&r), "--out", s(&o)]);
    }
    Sets { _dir: dir, root }
}

#[test]
fn crash_at_every_step_leaves_the_old_or_the_new_set() {
    let sets = sets();
    let root = &sets.root;
    let scratch = root.join("scratch");

    // ETL: out1's set replaced by ratings2's.
    let out = scratch.join("etl");
    let reset = || copy_tree(&root.join("out1"), &out);
    reset();
    let etl_crashes = crash_everywhere(
        &out,
        &[
            "etl",
            "--raw",
            TINY_RAW,
            "--ratings",
            s(&root.join("ratings2")),
            "--out",
            s(&out),
        ],
        &[
            "query",
            "get_count_platform",
            "--platform",
            "netflix",
            "--data",
            s(&out),
        ],
        &reset,
    );

    // train --out: a model of out1 replaced by one of out2.
    let models = scratch.join("models");
    let train = |data: &str, to: &Path| {
        vec![
            "train".to_string(),
            "--ratings".into(),
            s(&root.join(data).join("ratings.parquet")).into(),
            "--out".into(),
            s(&to.join("model")).into(),
            "--factors".into(),
            "2".into(),
            "--epochs".into(),
            "1".into(),
        ]
    };
    let old_models = scratch.join("old-models");
    ok(&train("out1", &old_models)
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>());
    let reset = || copy_tree(&old_models, &models);
    reset();
    let args = train("out2", &models);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let model_dir = models.join("model");
    let train_crashes = crash_everywhere(
        &models,
        &args,
        &[
            "predict",
            "--model",
            s(&model_dir),
            "--user",
            "1",
            "--title",
            "s1",
        ],
        &reset,
    );

    // export-web: the page folder of out1 replaced by out2's.
    let pages = scratch.join("pages");
    let old_pages = scratch.join("old-pages");
    let no_taste = root.join("no-taste");
    let export = |data: &str, to: &Path| {
        vec![
            "export-web".to_string(),
            "--data".into(),
            s(&root.join(data)).into(),
            "--model".into(),
            s(&old_models.join("model")).into(),
            "--taste".into(),
            s(&no_taste).into(),
            "--out".into(),
            s(&to.join("web")).into(),
        ]
    };
    ok(&export("out1", &old_pages)
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>());
    let reset = || copy_tree(&old_pages, &pages);
    reset();
    let args = export("out2", &pages);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    // The page folder's readers (`serve --dist`, a model reader) recover
    // its parent, the output set's folder; `predict --model pages/web`
    // does so without starting a server (it then finds no model.json).
    let export_crashes = crash_everywhere(
        &pages,
        &args,
        &[
            "predict",
            "--model",
            s(&pages.join("web")),
            "--user",
            "1",
            "--title",
            "s1",
        ],
        &reset,
    );

    // synth-ratings: seed 1's ratings folder replaced by seed 3's.
    let ratings = scratch.join("ratings");
    let reset = || copy_tree(&root.join("ratings1"), &ratings);
    reset();
    let synth_crashes = crash_everywhere(
        &ratings,
        &[
            "synth-ratings",
            "--raw",
            TINY_RAW,
            "--out",
            s(&ratings),
            "--users",
            "20",
            "--ratings",
            "200",
            "--seed",
            "3",
        ],
        &[
            "etl",
            "--raw",
            TINY_RAW,
            "--ratings",
            s(&ratings),
            "--out",
            s(&scratch.join("etl-of-synth")),
        ],
        &reset,
    );

    // import-als: a trained model replaced by the Spark fixture's.
    let imported = scratch.join("imported");
    let reset = || copy_tree(&old_models, &imported);
    reset();
    let import_crashes = crash_everywhere(
        &imported,
        &[
            "import-als",
            SPARK_ALS,
            "--data",
            s(&root.join("out1")),
            "--out",
            s(&imported.join("model")),
            "--f32",
        ],
        &[
            "predict",
            "--model",
            s(&imported.join("model")),
            "--user",
            "1",
            "--title",
            "s1",
        ],
        &reset,
    );
    // links: a MovieLens sample of 299 ratings replaced by one of 599.
    let samples = scratch.join("movielens");
    let movielens = cartelera_testkit::movielens_dir();
    let ratings_csv = fs::read_to_string(movielens.join("ratings.csv")).unwrap();
    for lines in [300, 600] {
        let dir = samples.join(lines.to_string());
        fs::create_dir_all(&dir).unwrap();
        fs::copy(movielens.join("movies.csv"), dir.join("movies.csv")).unwrap();
        let head: Vec<&str> = ratings_csv.lines().take(lines).collect();
        fs::write(dir.join("ratings.csv"), head.join("\n") + "\n").unwrap();
    }
    let links = |sample: &str, to: &Path| {
        let dir = samples.join(sample);
        [
            "links",
            "--raw",
            TINY_RAW,
            "--movielens",
            s(&dir),
            "--out",
            s(to),
        ]
        .map(String::from)
    };
    let old_links = scratch.join("old-links");
    ok(&links("300", &old_links).each_ref().map(String::as_str));
    let linked = scratch.join("links");
    let reset = || copy_tree(&old_links, &linked);
    reset();
    let args = links("600", &linked);
    // Any data reader recovers its folder first (this one then finds no
    // titles.parquet there).
    let links_crashes = crash_everywhere(
        &linked,
        &args.each_ref().map(String::as_str),
        &[
            "query",
            "get_count_platform",
            "--platform",
            "netflix",
            "--data",
            s(&linked),
        ],
        &reset,
    );
    eprintln!(
        "crashes: etl {etl_crashes}, train {train_crashes}, export-web {export_crashes}, \
         synth-ratings {synth_crashes}, import-als {import_crashes}, links {links_crashes}"
    );
}

#[test]
fn a_folder_at_a_target_fails_before_anything_changes() {
    let sets = sets();
    let out = sets.root.join("out1");
    let before = snapshot(&out);
    fs::remove_file(out.join("etl_report.json")).unwrap();
    fs::create_dir(out.join("etl_report.json")).unwrap();
    let before_without_report: BTreeMap<_, _> = before
        .into_iter()
        .filter(|(name, _)| name != "etl_report.json")
        .collect();
    let failed = run(
        &[
            "etl",
            "--raw",
            TINY_RAW,
            "--ratings",
            s(&sets.root.join("ratings2")),
            "--out",
            s(&out),
        ],
        None,
    );
    assert_eq!(failed.status.code(), Some(1));
    let err = String::from_utf8_lossy(&failed.stderr);
    assert!(err.contains("etl_report.json: it is a folder"), "{err}");
    assert_eq!(
        snapshot(&out),
        before_without_report,
        "titles and ratings unchanged"
    );
    assert_eq!(fs::read_dir(&out).unwrap().count(), 4, "no staging left");
}

#[test]
fn a_lone_backup_of_an_interrupted_older_swap_is_restored() {
    // What the previous one-by-one swap left after a kill between its
    // two renames: only `.model.old-PID`.
    let sets = sets();
    let models = sets.root.join("models");
    let (ratings, model) = (sets.root.join("out1/ratings.parquet"), models.join("model"));
    let train = [
        "train",
        "--ratings",
        s(&ratings),
        "--out",
        s(&model),
        "--factors",
        "2",
        "--epochs",
        "1",
    ];
    ok(&train);
    let dead = 999_999_999u32;
    fs::rename(
        models.join("model"),
        models.join(format!(".model.old-{dead}")),
    )
    .unwrap();
    let predict = [
        "predict",
        "--model",
        s(&model),
        "--user",
        "1",
        "--title",
        "s1",
    ];
    let out = run(&predict, None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(models.join("model/model.json").is_file());
    assert_eq!(fs::read_dir(&models).unwrap().count(), 1);
}

#[test]
fn a_flipped_byte_in_an_etl_table_is_named() {
    let sets = sets();
    for file in ["titles.parquet", "ratings.parquet"] {
        let out = sets.root.join(format!("flip-{file}"));
        copy_tree(&sets.root.join("out1"), &out);
        let path = out.join(file);
        let mut bytes = fs::read(&path).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x01;
        fs::write(&path, bytes).unwrap();
        let reader: Vec<String> = match file {
            "titles.parquet" => [
                "query",
                "get_count_platform",
                "--platform",
                "netflix",
                "--data",
                s(&out),
            ]
            .map(String::from)
            .to_vec(),
            _ => [
                "train",
                "--ratings",
                s(&path),
                "--no-save",
                "--factors",
                "2",
                "--epochs",
                "1",
            ]
            .map(String::from)
            .to_vec(),
        };
        let reader: Vec<&str> = reader.iter().map(String::as_str).collect();
        let failed = run(&reader, None);
        let err = String::from_utf8_lossy(&failed.stderr);
        assert_eq!(failed.status.code(), Some(1), "{err}");
        assert!(
            err.contains(&format!(
                "{file}: checksum mismatch: the file changed after `cartelera etl` wrote it; run the ETL again"
            )),
            "{err}"
        );
    }
}
