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
    assert_eq!(before.len(), 4, "three outputs and their manifest");

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

/// A small pipeline with a trained factor file (50 users × 20 titles),
/// built once for the tests that damage copies of it.
struct SmallModel {
    _dir: tempfile::TempDir,
    data: std::path::PathBuf,
    model: std::path::PathBuf,
}

fn small_model() -> &'static SmallModel {
    static MODEL: std::sync::OnceLock<SmallModel> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| {
        let mut body = String::new();
        for user in 1..=50 {
            for title in 1..=20 {
                let rating = 1 + (user * 7 + title * 3) % 5;
                body.push_str(&format!("{user},{rating}.0,{title},ns{title}\n"));
            }
        }
        let ratings = ratings_dir(&body);
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let r = etl(&cartelera_testkit::raw_dir(), ratings.path(), &data, &[]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let model = dir.path().join("model");
        let r = cartelera(&[
            "train",
            "--ratings",
            data.join("ratings.parquet").to_str().unwrap(),
            "--out",
            model.to_str().unwrap(),
            "--factors",
            "2",
            "--epochs",
            "2",
            "--threads",
            "1",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        SmallModel {
            _dir: dir,
            data,
            model,
        }
    })
}

/// A copy of the small model whose model.json got `edit`.
fn edited_model(edit: impl FnOnce(&mut serde_json::Value)) -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    let source = &small_model().model;
    for entry in cartelera_testkit::walk(source) {
        let to = copy.path().join(entry.strip_prefix(source).unwrap());
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(&entry, to).unwrap();
    }
    let manifest = copy.path().join("model.json");
    let mut json: serde_json::Value =
        serde_json::from_slice(&fs::read(&manifest).unwrap()).unwrap();
    edit(&mut json);
    fs::write(&manifest, serde_json::to_vec(&json).unwrap()).unwrap();
    copy
}

fn predict(model: &Path) -> cartelera_testkit::Run {
    cartelera(&[
        "predict",
        "--model",
        model.to_str().unwrap(),
        "--user",
        "1",
        "--title",
        "ns1",
    ])
}

#[test]
fn a_ratings_header_with_sixteen_columns_before_the_needed_ones_is_read() {
    let ratings = tempfile::tempdir().unwrap();
    fs::write(
        ratings.path().join("1.csv"),
        "c0,c1,c2,c3,c4,c5,c6,c7,c8,c9,c10,c11,c12,c13,c14,c15,userId,rating,timestamp,movieId\n\
         ,,,,,,,,,,,,,,,,1,4.0,1,ds1\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let r = etl(
        &cartelera_testkit::raw_dir(),
        ratings.path(),
        out.path(),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("1 ratings kept of 1 read"),
        "{}",
        r.stderr
    );
}

#[test]
fn sizes_given_as_flags_are_bounded_before_use() {
    let parquet = small_model().data.join("ratings.parquet");
    let parquet = parquet.to_str().unwrap();
    for (flag, value, range) in [
        ("--epochs", "4000000000", "1..=10000"),
        ("--epochs", "0", "1..=10000"),
        ("--factors", "1000000", "1..=4096"),
        ("--cv", "4000000000", "2..=100"),
        ("--random", "4000000000", "1..=10000"),
        ("--search-folds", "1", "2..=100"),
        ("--grid-epochs", "10,4000000000", "1..=10000"),
        ("--threads", "100000", "1..=1024"),
    ] {
        let r = cartelera(&["train", "--ratings", parquet, "--no-save", flag, value]);
        assert_eq!(r.code, 2, "{flag} {value}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("is not in {range}")) && r.stderr.contains(flag),
            "{flag} {value}: {}",
            r.stderr
        );
    }
    let out = tempfile::tempdir().unwrap();
    for (flag, value, range) in [
        ("--ratings", "100000000000", "1..=200000000"),
        ("--users", "4000000000", "1..=10000000"),
        ("--users", "0", "1..=10000000"),
    ] {
        let r = cartelera_testkit::synth_ratings(out.path(), &[flag, value]);
        assert_eq!(r.code, 2, "{flag} {value}: {}", r.stderr);
        assert!(r.stderr.contains(range), "{flag} {value}: {}", r.stderr);
    }
    let r = etl(
        &cartelera_testkit::raw_dir(),
        out.path(),
        out.path(),
        &["--threads", "0"],
    );
    assert!(r.code == 2 && r.stderr.contains("1..=1024"), "{}", r.stderr);
}

#[test]
fn sizes_and_versions_in_model_json_are_bounded_and_named() {
    assert_eq!(predict(&small_model().model).code, 0);
    for (key, value, needle) in [
        (
            "n_shards",
            serde_json::json!(4_000_000_000u32),
            "expected 4000000001 (items.parquet and n_shards = 4000000000 shards)",
        ),
        (
            "k",
            serde_json::json!(1u64 << 40),
            "k: expected at most 4096 factors, found 1099511627776",
        ),
        (
            "n_items",
            serde_json::json!(1u64 << 40),
            "n_items: expected at most 4294967295",
        ),
        (
            "format_version",
            serde_json::json!("1"),
            "format_version: expected a non-negative integer ≤ 4294967295, found \"1\"",
        ),
        (
            "format_version",
            serde_json::json!(-1),
            "format_version: expected a non-negative integer ≤ 4294967295, found -1",
        ),
        (
            "format_version",
            serde_json::json!(1u64 << 40),
            "format_version: expected a non-negative integer ≤ 4294967295, found 1099511627776",
        ),
    ] {
        let model = edited_model(|m| m[key] = value.clone());
        let r = predict(model.path());
        assert_eq!(r.code, 1, "{key} = {value}: {}", r.stderr);
        assert!(
            r.stderr.contains("model.json: ") && r.stderr.contains(needle),
            "{key} = {value}: {}",
            r.stderr
        );
    }
}

#[test]
fn an_unterminated_quote_in_a_catalog_is_named_and_swallows_no_row() {
    let raw = raw_copy();
    let hulu = raw.path().join("hulu_titles.csv");
    let mut bytes = fs::read(&hulu).unwrap();
    bytes.extend_from_slice(b"s9001,Movie,\"Open Quote,,,,,2020,,90 min,Drama,x\r\n");
    bytes.extend_from_slice(b"s9002,Movie,Next Row,,,,,2020,,90 min,\"Drama, Comedy\",x\r\n");
    fs::write(&hulu, bytes).unwrap();
    let ratings = ratings_dir("1,4.0,1,hs9002\n");
    let out = tempfile::tempdir().unwrap();
    let r = etl(raw.path(), ratings.path(), out.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("(unterminated_quote)"), "{}", r.stderr);
    assert!(
        r.stderr.contains("1 ratings kept of 1 read"),
        "{}",
        r.stderr
    );
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(out.path().join("etl_report.json")).unwrap()).unwrap();
    let hulu = &report["catalogs"][2];
    assert_eq!(
        (hulu["rows_read"].as_u64(), hulu["rows_kept"].as_u64()),
        (Some(3075), Some(3074))
    );
    let example = hulu["rejected"]["examples"]["unterminated_quote"][0]
        .as_str()
        .unwrap();
    assert!(
        example.starts_with(
            "hulu_titles.csv:3092:title: unterminated quote: the quote that opens this field is not closed on line 3092"
        ),
        "{example}"
    );
    assert!(
        example.ends_with("reading resumes on line 3093"),
        "{example}"
    );
}

#[test]
fn a_cr_only_ratings_file_gives_a_short_message() {
    let ratings = tempfile::tempdir().unwrap();
    let mut body = String::from("userId,rating,timestamp,movieId\r");
    for k in 0..200_000 {
        body.push_str(&format!("{k},4.0,{k},ns1\r"));
    }
    fs::write(ratings.path().join("1.csv"), body).unwrap();
    let out = tempfile::tempdir().unwrap();
    let r = etl(
        &cartelera_testkit::raw_dir(),
        ratings.path(),
        out.path(),
        &[],
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.len() < 1000, "{} bytes of stderr", r.stderr.len());
    assert!(
        r.stderr
            .contains("1.csv:1: the header line holds a carriage return")
            && r.stderr.contains("CR-only line endings"),
        "{}",
        r.stderr
    );
}

#[test]
fn recommend_without_a_readable_catalog_is_an_error() {
    let t = small_model();
    let recommend = |data: &Path| {
        cartelera(&[
            "recommend",
            "--model",
            t.model.to_str().unwrap(),
            "--user",
            "1",
            "--data",
            data.to_str().unwrap(),
        ])
    };
    let r = recommend(&t.data);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = recommend(Path::new("/nonexistent"));
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stderr.contains("cannot read /nonexistent/titles.parquet") && r.stdout.is_empty(),
        "{}",
        r.stderr
    );
    let truncated = tempfile::tempdir().unwrap();
    let titles = fs::read(t.data.join("titles.parquet")).unwrap();
    fs::write(
        truncated.path().join("titles.parquet"),
        &titles[..titles.len() / 2],
    )
    .unwrap();
    let r = recommend(truncated.path());
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stderr
            .contains("titles.parquet is not a valid titles table"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_diverging_training_says_so_and_what_to_change() {
    let parquet = small_model().data.join("ratings.parquet");
    let r = cartelera(&[
        "train",
        "--ratings",
        parquet.to_str().unwrap(),
        "--no-save",
        "--factors",
        "2",
        "--lr",
        "1000",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("error: training diverged: the training RMSE is NaN after epoch")
            && r.stderr
                .contains("the learning rate (--lr 1000) is too large")
            && r.stderr.contains("try a smaller one, such as 100"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("not a finite number"), "{}", r.stderr);
}
