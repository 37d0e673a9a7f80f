//! Every class of bad input gets a clear message naming file, line and
//! field (or a quarantined, counted row), never a panic, never a partial
//! output, and a failed run leaves earlier outputs untouched.

use std::fs;
use std::path::Path;

use cartelera_testkit::{cartelera, etl, raw_copy};

const RATINGS_HEADER: &str = "userId,rating,timestamp,movieId\n";

fn ratings_dir(body: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("1.csv"), format!("{RATINGS_HEADER}{body}")).unwrap();
    dir
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn structural_errors_stop_the_run_and_keep_earlier_outputs() {
    let raw = raw_copy();
    let ratings = ratings_dir("1,4.0,1425941529,as680\n2,3.5,1,ns2186\n");
    let out = tempfile::tempdir().unwrap();
    let ok = etl(raw.path(), ratings.path(), out.path(), &[]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    let before = snapshot(out.path());
    assert_eq!(before.len(), 3);

    let netflix = raw.path().join("netflix_titles.csv");
    let original = fs::read(&netflix).unwrap();
    type Damage<'a> = Box<dyn Fn() + 'a>;
    let cases: Vec<(Damage, &str)> = vec![
        (
            Box::new(|| fs::remove_file(&netflix).unwrap()),
            "netflix_titles.csv",
        ),
        (
            Box::new(|| fs::write(&netflix, "").unwrap()),
            "netflix_titles.csv is empty",
        ),
        (
            Box::new(|| {
                fs::write(
                    &netflix,
                    String::from_utf8_lossy(&original).replacen("listed_in", "listedin", 1),
                )
                .unwrap()
            }),
            "netflix_titles.csv:1: missing column `listed_in` (is \"listedin\" a misspelling?)",
        ),
        (
            Box::new(|| {
                fs::write(
                    &netflix,
                    &original[..original.iter().position(|&b| b == b'\n').unwrap() + 1],
                )
                .unwrap()
            }),
            "header but no rows",
        ),
    ];
    for (damage, needle) in cases {
        damage();
        let r = etl(raw.path(), ratings.path(), out.path(), &[]);
        assert_eq!(r.code, 1, "{needle}");
        assert!(
            r.stderr.contains(needle),
            "expected {needle:?} in {}",
            r.stderr
        );
        assert_eq!(
            snapshot(out.path()),
            before,
            "outputs untouched after: {needle}"
        );
        fs::write(&netflix, &original).unwrap();
    }

    let r = etl(Path::new("/nonexistent"), ratings.path(), out.path(), &[]);
    assert!(
        r.code == 1 && r.stderr.contains("/nonexistent does not exist"),
        "{}",
        r.stderr
    );
    let empty = tempfile::tempdir().unwrap();
    let r = etl(raw.path(), empty.path(), out.path(), &[]);
    assert!(
        r.code == 1 && r.stderr.contains("has no .csv files"),
        "{}",
        r.stderr
    );
    let bad_header = ratings_dir("");
    fs::write(
        bad_header.path().join("1.csv"),
        "userId,stars,timestamp,movieId\n1,4,1,as1\n",
    )
    .unwrap();
    let r = etl(raw.path(), bad_header.path(), out.path(), &[]);
    assert!(
        r.code == 1 && r.stderr.contains("1.csv:1: missing column `rating`"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(out.path()), before);
}

#[test]
fn bad_catalog_rows_are_quarantined_and_reported() {
    let raw = raw_copy();
    let hulu = raw.path().join("hulu_titles.csv");
    let mut bytes = fs::read(&hulu).unwrap();
    bytes.extend_from_slice(b"s9001,Movie,Bad Year,,,,,20x9,,90 min,Drama,x\r\n");
    bytes.extend_from_slice(b"s9002,Movie,Bad Date,,,,\"Smarch 1, 2020\",2020,,90 min,Drama,x\r\n");
    bytes.extend_from_slice(b"s9003,Movie,Bad Duration,,,,,2020,,ninety,Drama,x\r\n");
    bytes.extend_from_slice(b"s9004,Movie,Short Row,,,\r\n");
    bytes.extend_from_slice(b"s9005,Movie,Bad \xff Bytes,,,,,2020,,90 min,Drama,x\r\n");
    bytes.extend_from_slice(b"s1,Movie,Duplicate,,,,,2020,,90 min,Drama,x\r\n");
    fs::write(&hulu, bytes).unwrap();
    let ratings = ratings_dir("1,4.0,1,hs1\n");
    let out = tempfile::tempdir().unwrap();
    let r = etl(raw.path(), ratings.path(), out.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("22,998 titles (6 rows quarantined)"),
        "{}",
        r.stderr
    );
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(out.path().join("etl_report.json")).unwrap()).unwrap();
    let hulu = &report["catalogs"][2];
    assert_eq!(hulu["rows_read"], 3079);
    assert_eq!(hulu["rows_kept"], 3073);
    for (reason, where_) in [
        ("bad_release_year", "hulu_titles.csv:3092:release_year"),
        ("bad_date_added", "hulu_titles.csv:3093:date_added"),
        ("bad_duration", "hulu_titles.csv:3094:duration"),
        ("wrong_field_count", "hulu_titles.csv:3095:"),
        ("not_utf8", "hulu_titles.csv:3096:title"),
        ("duplicate_show_id", "hulu_titles.csv:3097:show_id"),
    ] {
        assert_eq!(hulu["rejected"]["by_reason"][reason], 1, "{reason}");
        let example = hulu["rejected"]["examples"][reason][0].as_str().unwrap();
        assert!(example.starts_with(where_), "{reason}: {example}");
    }
    // --strict turns the same input into a failure that writes nothing.
    let strict_out = tempfile::tempdir().unwrap();
    let r = etl(raw.path(), ratings.path(), strict_out.path(), &["--strict"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("--strict: 6 catalog rows"),
        "{}",
        r.stderr
    );
    assert!(fs::read_dir(strict_out.path()).unwrap().next().is_none());
}

#[test]
fn bad_rating_rows_are_rejected_by_reason_and_duplicates_resolved() {
    let raw = raw_copy();
    let ratings = ratings_dir(concat!(
        "1,4.0,100,as680\n",
        "1,2.0,50,as680\n", // older duplicate of the row above: dropped
        "1,4.7,100,ns1\n",
        "1,0,100,ns1\n",
        "1,nan,100,ns1\n",
        "x,4,100,ns1\n",
        "1,4,yesterday,ns1\n",
        "1,4,100,zz1\n",
        "1,4,100\n",
        "2,5.0,100,ns1\n",
    ));
    let out = tempfile::tempdir().unwrap();
    let r = etl(raw.path(), ratings.path(), out.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("2 ratings kept of 10 read (7 rejected, 1 duplicates)"),
        "{}",
        r.stderr
    );
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(out.path().join("etl_report.json")).unwrap()).unwrap();
    let by_reason = &report["ratings"]["files"][0]["rejected"]["by_reason"];
    for reason in [
        "rating_not_half_step",
        "rating_out_of_range",
        "rating_not_finite",
        "bad_user_id",
        "bad_timestamp",
        "unknown_title",
        "wrong_field_count",
    ] {
        assert_eq!(by_reason[reason], 1, "{reason}: {by_reason}");
    }
    let cat = cartelera::data::load_catalog(out.path()).unwrap();
    assert_eq!(
        cat.get("as680").unwrap().score,
        Some(4.0),
        "the later rating wins"
    );
    assert_eq!(cat.get("ns1").unwrap().score, Some(5.0));

    let nothing_valid = ratings_dir("1,9,1,as680\n");
    let r = etl(
        raw.path(),
        nothing_valid.path(),
        tempfile::tempdir().unwrap().path(),
        &[],
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no valid ratings"), "{}", r.stderr);
}

#[test]
fn a_corrupt_titles_parquet_is_reported_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("titles.parquet"),
        b"PAR1 definitely not parquet PAR1",
    )
    .unwrap();
    let r = cartelera(&[
        "query",
        "get_count_platform",
        "--platform",
        "hulu",
        "--data",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("titles.parquet is not a valid titles table"),
        "{}",
        r.stderr
    );
}
