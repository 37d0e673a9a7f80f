//! `cartelera import-als` on the Spark fixture: what it prints.

use std::fs;

use cartelera_testkit::{cartelera, real_titles, walk};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/spark-als");

#[test]
fn import_als_prints_a_one_line_summary() {
    let dir = tempfile::tempdir().unwrap();
    // The fixture's item ids 0–4 are rows of this titles.parquet.
    let titles = fs::File::create(dir.path().join("titles.parquet")).unwrap();
    cartelera_store::titles::write(&real_titles()[..7], titles).unwrap();
    let model = dir.path().join("model");
    let (data, out) = (dir.path().to_str().unwrap(), model.to_str().unwrap());
    let run = cartelera(&["import-als", FIXTURE, "--data", data, "--out", out, "--f32"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    let line = run.stderr.strip_suffix('\n').expect("a line");
    assert!(!line.contains('\n'), "one line: {line}");
    let head = format!("import-als: 6 users × 5 titles, k = 3 → {out} (");
    let Some(tail) = line.strip_prefix(&head) else {
        panic!("{line:?} does not start with {head:?}");
    };
    let files = walk(&model);
    let bytes: u64 = files.iter().map(|f| fs::metadata(f).unwrap().len()).sum();
    let (n, size) = tail
        .strip_suffix(" bytes)")
        .and_then(|t| t.split_once(" files, "))
        .unwrap_or_else(|| panic!("{line:?} does not end with (N files, B bytes)"));
    assert_eq!(n, files.len().to_string());
    // The size is written with thousands separators.
    assert_eq!(size.replace(',', ""), bytes.to_string());
}
