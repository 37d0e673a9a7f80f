use std::fs;
use std::path::Path;

use cartelera_core::{Catalog, Platform, Title, TitleType};
use cartelera_store::factors::{EncodeOptions, FactorModel, Precision, ITEMS_FILE};

use super::als::import_als;
use super::factor_file::{load_model, write_model};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/spark-als");
const VARIANTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/spark-als-variants"
);

/// The values written by crates/cli/tests/fixtures/spark-als/make_fixture.py.
const USERS: [[f32; 3]; 6] = [
    [0.5, -0.25, 1.0],
    [0.125, 0.75, -0.5],
    [-1.5, 0.0, 0.25],
    [2.0, 0.5, -0.125],
    [0.0625, -0.75, 1.25],
    [-0.375, 1.5, 0.625],
];
const ITEMS: [[f32; 3]; 5] = [
    [1.0, 0.5, -0.5],
    [-0.25, 0.125, 2.0],
    [0.75, -1.0, 0.0],
    [0.5, 0.5, 0.5],
    [-2.0, 0.25, 1.5],
];

/// Seven titles, `ns1` … `ns7` in catalog order.
fn catalog() -> Catalog {
    let title = |n: usize| Title {
        id: format!("ns{n}"),
        show_id: format!("s{n}"),
        platform: Platform::Netflix,
        kind: TitleType::Movie,
        title: format!("title {n}"),
        director: None,
        cast: None,
        country: None,
        date_added: None,
        release_year: 2020,
        rating: "g".into(),
        duration_int: Some(90),
        duration_type: None,
        listed_in: None,
        description: None,
        score: None,
        score_count: 0,
        display: Default::default(),
        work_id: String::new(),
    };
    Catalog::new((1..=7).map(title).collect()).unwrap()
}

fn f32_opts() -> EncodeOptions {
    EncodeOptions {
        precision: Precision::F32,
        max_shard_bytes: 200_000,
    }
}

fn flat<const K: usize>(rows: &[[f32; K]]) -> Vec<f32> {
    rows.iter().flatten().copied().collect()
}

#[test]
fn imports_the_spark_fixture() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("model");
    let summary = import_als(
        Path::new(FIXTURE),
        &catalog(),
        None,
        None,
        &dir,
        &f32_opts(),
    )
    .unwrap();
    assert_eq!((summary.n_users, summary.n_items, summary.k), (6, 5, 3));
    assert_eq!(summary.files[0], dir.join("model.json"));
    let model = load_model(&dir).unwrap();
    assert_eq!(model.item_ids, ["ns1", "ns2", "ns3", "ns4", "ns5"]);
    assert_eq!(model.item_factors, flat(&ITEMS));
    assert_eq!(model.user_ids, ["1", "2", "3", "4", "5", "6"]);
    assert_eq!(model.user_factors, flat(&USERS));
    assert_eq!((model.mu, model.biased, model.k), (0.0, false, 3));
    assert!(model
        .item_bias
        .iter()
        .chain(&model.user_bias)
        .all(|&b| b == 0.0));
    assert!(model
        .item_counts
        .iter()
        .chain(&model.user_counts)
        .all(|&c| c == 1));
    assert!(model.user_history.iter().all(Vec::is_empty));
    assert_eq!(model.card["source"], "spark-als");
    assert_eq!(model.card["rank"], 3);

    // Int64 ids and double features are read too; f16 holds these
    // binary fractions exactly.
    let f16 = EncodeOptions {
        precision: Precision::F16,
        ..f32_opts()
    };
    let wide = format!("{VARIANTS}/int64-double");
    import_als(Path::new(&wide), &catalog(), None, None, &dir, &f16).unwrap();
    let model = load_model(&dir).unwrap();
    assert_eq!(
        (model.item_factors, model.user_factors),
        (flat(&ITEMS), flat(&USERS))
    );
}

#[test]
fn an_item_map_assigns_titles() {
    let out = tempfile::tempdir().unwrap();
    let map = out.path().join("items.csv");
    fs::write(&map, "id,title_id\n0,ns7\n1,ns2\n2,ns6\n3,ns1\n4,ns3\n").unwrap();
    let dir = out.path().join("model");
    import_als(
        Path::new(FIXTURE),
        &catalog(),
        Some(&map),
        None,
        &dir,
        &f32_opts(),
    )
    .unwrap();
    let model = load_model(&dir).unwrap();
    // Catalog order: ns1 (ALS 3), ns2 (1), ns3 (4), ns6 (2), ns7 (0).
    assert_eq!(model.item_ids, ["ns1", "ns2", "ns3", "ns6", "ns7"]);
    assert_eq!(
        model.item_factors,
        flat(&[ITEMS[3], ITEMS[1], ITEMS[4], ITEMS[2], ITEMS[0]])
    );
    assert!(model.card["item_ids"]
        .as_str()
        .unwrap()
        .contains("items.csv"));

    let cases = [
        (
            "id,title\n0,ns1\n",
            "items.csv:1: expected the header id,title_id, found id,title",
        ),
        (
            "id,title_id\n0,ns1\n1,xx9\n",
            "items.csv:3: title_id \"xx9\" is not a title of the catalog",
        ),
        (
            "id,title_id\n0,ns1\n0,ns2\n",
            "items.csv:3: id \"0\" is empty or appears twice",
        ),
        (
            "id,title_id\n0,ns1\n1,ns2\n2,ns3\n3,ns4\n",
            "itemFactors: item id 4 is not in",
        ),
        (
            "id,title_id\n0,ns1\n1,ns1\n2,ns2\n3,ns3\n4,ns4\n",
            "items 0 and 1 both map to title ns1",
        ),
    ];
    for (csv, message) in cases {
        fs::write(&map, csv).unwrap();
        let err = import_als(
            Path::new(FIXTURE),
            &catalog(),
            Some(&map),
            None,
            &dir,
            &f32_opts(),
        )
        .unwrap_err();
        assert!(format!("{err:#}").contains(message), "{message}: {err:#}");
    }
}

#[test]
fn bad_als_models_are_refused_and_nothing_is_written() {
    let out = tempfile::tempdir().unwrap();
    let empty = out.path().join("empty");
    // userFactors without itemFactors.
    fs::create_dir_all(empty.join("userFactors")).unwrap();
    for part in fs::read_dir(format!("{FIXTURE}/userFactors")).unwrap() {
        let part = part.unwrap().path();
        fs::copy(
            &part,
            empty.join("userFactors").join(part.file_name().unwrap()),
        )
        .unwrap();
    }
    let cases = [
        (format!("{VARIANTS}/rank-mismatch"), "rank mismatch: userFactors has 3 factors per row, itemFactors 2".to_string()),
        (format!("{VARIANTS}/ragged"), "row 2, column `features`: 2 factors, but earlier rows have 3".into()),
        (format!("{VARIANTS}/nan"), "row 3, column `features`: factor 0 is NaN, not a finite f32".into()),
        (format!("{VARIANTS}/duplicate-user"), "part-00001-3f1c0d2e-5a7b-4c8d-9e0f-123456789abc-c000.snappy.parquet: id 3 appears twice (also in".into()),
        (format!("{VARIANTS}/unknown-item"), "itemFactors: item id 999 is not a title of the catalog".into()),
        (format!("{VARIANTS}/no-parts"), "no-parts/userFactors: no .parquet part files".into()),
        (format!("{VARIANTS}/missing"), "no such folder (expected a saved Spark ALS model)".into()),
        (empty.display().to_string(), "empty/itemFactors (a saved Spark ALS model holds userFactors/ and itemFactors/)".into()),
    ];
    let dir = out.path().join("model");
    for (als, message) in cases {
        let err =
            import_als(Path::new(&als), &catalog(), None, None, &dir, &f32_opts()).unwrap_err();
        assert!(format!("{err:#}").contains(&message), "{message}: {err:#}");
        assert!(!dir.exists());
    }
    // A catalog too short for the fixture's item ids.
    let short = Catalog::new(catalog().titles()[..3].to_vec()).unwrap();
    let err = import_als(Path::new(FIXTURE), &short, None, None, &dir, &f32_opts()).unwrap_err();
    assert!(
        format!("{err:#}").contains(
            "item id 4 is not a title of the catalog (ids are rows of titles.parquet, 0–2"
        ),
        "{err:#}"
    );
}

/// A small trained-looking model with biases and histories.
fn trained(seed: f32) -> FactorModel {
    let k = 4;
    FactorModel {
        mu: 3.5,
        k,
        rating_min: 0.5,
        rating_max: 5.0,
        biased: true,
        item_ids: (1..=7).map(|n| format!("ns{n}")).collect(),
        item_bias: (0..7).map(|i| i as f32 * 0.1 - seed).collect(),
        item_factors: (0..7 * k).map(|x| (x as f32 * 0.37 + seed).sin()).collect(),
        item_counts: vec![3, 0, 5, 1, 1, 2, 9],
        user_ids: (0..300).map(|u| format!("{}", 1000 + u)).collect(),
        user_bias: (0..300).map(|u| u as f32 * -0.01).collect(),
        user_factors: (0..300 * k)
            .map(|x| (x as f32 * 0.11 - seed).cos())
            .collect(),
        user_counts: (0..300).map(|u| u % 4).collect(),
        user_history: (0..300u32)
            .map(|u| (0..u % 4).map(|i| (i * 2, (u % 10 + 1) as u8)).collect())
            .collect(),
        card: serde_json::json!({"source": "cartelera train", "seed": seed}),
        taste: None,
    }
}

#[test]
fn write_then_load_round_trips_and_replaces_the_old_model() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("build/model");
    let opts = EncodeOptions {
        precision: Precision::F32,
        max_shard_bytes: 4_000,
    };
    let files = write_model(&dir, &trained(0.0), &opts).unwrap();
    assert!(files.len() > 3, "several shards: {files:?}");
    assert!(files.iter().all(|f| f.is_file()));
    assert_eq!(load_model(&dir).unwrap(), trained(0.0));

    write_model(&dir, &trained(1.0), &f32_opts()).unwrap();
    assert_eq!(load_model(&dir).unwrap(), trained(1.0));
    let shards = fs::read_dir(dir.join("users")).unwrap().count();
    assert_eq!(shards, 1, "no shard of the old model is left");
    let siblings: Vec<_> = fs::read_dir(dir.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(siblings, ["model"], "no staging or old folder is left");
}

#[test]
fn a_failed_write_keeps_the_old_model() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("model");
    write_model(&dir, &trained(0.0), &f32_opts()).unwrap();

    // An inconsistent model fails before the disk is touched.
    let mut bad = trained(1.0);
    bad.user_factors[3] = f32::NAN;
    let err = write_model(&dir, &bad, &f32_opts()).unwrap_err();
    assert!(
        format!("{err:#}").contains("user \"1000\": factor 3 is NaN"),
        "{err:#}"
    );
    // A write that fails just before its commit point: a folder squats
    // the journal's temporary name.
    let squat = out
        .path()
        .join(format!(".cartelera-journal.tmp-{}", std::process::id()));
    fs::create_dir(&squat).unwrap();
    let err = write_model(&dir, &trained(1.0), &f32_opts()).unwrap_err();
    assert!(format!("{err:#}").contains("cannot create"), "{err:#}");
    assert_eq!(load_model(&dir).unwrap(), trained(0.0));
}

#[test]
fn damaged_files_are_named_in_full() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("model");
    write_model(&dir, &trained(0.0), &f32_opts()).unwrap();
    let items = dir.join(ITEMS_FILE);
    let good = fs::read(&items).unwrap();

    fs::write(&items, &good[..good.len() - 100]).unwrap();
    let err = format!("{:#}", load_model(&dir).unwrap_err());
    let expected = format!(
        "{}: size {} ≠ {} in model.json (truncated?)",
        items.display(),
        good.len() - 100,
        good.len()
    );
    assert_eq!(err, expected);

    let mut flipped = good.clone();
    flipped[good.len() / 2] ^= 1;
    fs::write(&items, &flipped).unwrap();
    let err = format!("{:#}", load_model(&dir).unwrap_err());
    assert!(
        err.starts_with(&format!("{}: CRC-32 ", items.display()))
            && err.ends_with("in model.json (corrupt?)"),
        "{err}"
    );
    fs::write(&items, &good).unwrap();

    let manifest = dir.join("model.json");
    let text = fs::read_to_string(&manifest).unwrap();
    fs::write(
        &manifest,
        text.replace("\"format_version\": 1", "\"format_version\": 2"),
    )
    .unwrap();
    let err = format!("{:#}", load_model(&dir).unwrap_err());
    assert!(
        err.starts_with(&format!(
            "{}: format version 2 is newer than version 1",
            manifest.display()
        )),
        "{err}"
    );
    fs::write(&manifest, text).unwrap();

    fs::remove_file(dir.join("users/shard-00000.parquet")).unwrap();
    let err = format!("{:#}", load_model(&dir).unwrap_err());
    assert!(
        err.contains("users/shard-00000.parquet: No such file")
            && err.contains("the folder is incomplete"),
        "{err}"
    );
    let err = format!("{:#}", load_model(&out.path().join("nowhere")).unwrap_err());
    assert!(
        err.contains("nowhere/model.json") && err.contains("cartelera train"),
        "{err}"
    );
}

#[test]
fn histories_come_from_the_ratings_the_job_read() {
    let out = tempfile::tempdir().unwrap();
    let ids: Vec<String> = (1..=7).map(|n| format!("ns{n}")).collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let write_ratings = |rows: &[(u32, u32, u8)]| {
        let mut table = cartelera_store::ratings::RatingsTable::default();
        for &(user, row, half) in rows {
            table.push(user, row, half, 0);
        }
        let path = out.path().join("ratings.parquet");
        cartelera_store::ratings::write(&table, &ids, fs::File::create(&path).unwrap()).unwrap();
        path
    };
    // User 2 rates ns3 (row 2) 4 and ns1 3.5; user 9 and ns7 (row 6) are
    // not in the model.
    let ratings = write_ratings(&[(2, 2, 8), (2, 0, 7), (9, 0, 10), (1, 6, 2)]);
    let dir = out.path().join("model");
    import_als(
        Path::new(FIXTURE),
        &catalog(),
        None,
        Some(&ratings),
        &dir,
        &f32_opts(),
    )
    .unwrap();
    let model = load_model(&dir).unwrap();
    assert_eq!(model.user_history[1], [(0, 7), (2, 8)], "sorted by title");
    assert!(model
        .user_history
        .iter()
        .enumerate()
        .all(|(u, h)| u == 1 || h.is_empty()));
    assert_eq!(model.card["history"]["ratings"], 2);
    assert_eq!(model.card["history"]["outside_model"], 2);

    let twice = write_ratings(&[(2, 2, 8), (2, 2, 6)]);
    let missing = out.path().join("nowhere.parquet");
    for (ratings, message) in [
        (&twice, "user 2 rates title ns3 twice"),
        (&missing, "nowhere.parquet: no such file or folder"),
    ] {
        let err = import_als(
            Path::new(FIXTURE),
            &catalog(),
            None,
            Some(ratings),
            &dir,
            &f32_opts(),
        )
        .unwrap_err();
        assert!(format!("{err:#}").contains(message), "{message}: {err:#}");
    }
}
