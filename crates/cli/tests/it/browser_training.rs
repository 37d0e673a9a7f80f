//! The page's training pipeline (`cartelera_ingest::train_files`, what
//! the training worker runs) natively, against the CLI on the same files:
//! a MovieLens file gives `cartelera train`'s held-out errors, and the
//! archive the page keeps and offers is a factor file `cartelera predict`
//! reads once unpacked; a file of the original's schema gives the ETL's
//! quarantine report and `etl` + `train`'s errors.

use std::fs;
use std::path::Path;

use cartelera_ingest::{train_files, ItemSpace, RatingsFile, TrainOptions};
use cartelera_store::zip;
use cartelera_testkit::{cartelera, etl, movielens_dir, raw_dir, real_titles, synth_ratings};
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let run = cartelera(args);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("JSON")
}

const OPTIONS: TrainOptions = TrainOptions {
    n_factors: 20,
    n_epochs: 10,
    test_size: 0.2,
    seed: 0,
};

fn same(page: [f64; 6], cli: [f64; 6]) {
    for (p, c) in page.iter().zip(cli) {
        assert!((p - c).abs() < 1e-12, "page {page:?}, CLI {cli:?}");
    }
}

fn errors(v: &Value) -> [f64; 6] {
    let get = |p: &str| v.pointer(p).and_then(Value::as_f64).expect(p);
    [
        get("/rmse"),
        get("/mae"),
        get("/baselines/baseline_only/rmse"),
        get("/baselines/baseline_only/mae"),
        get("/baselines/global_mean/rmse"),
        get("/baselines/global_mean/mae"),
    ]
}

#[test]
fn a_movielens_file_trains_as_cartelera_train_and_its_archive_is_a_factor_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(movielens_dir().join("ratings.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().take(15_001).collect();
    lines.insert(9, "1,47,6.5,964983815");
    let file = dir.path().join("ratings.csv");
    fs::write(&file, lines.join("\n") + "\n").unwrap();
    let bytes = fs::read(&file).unwrap();
    let trained = train_files(
        &[RatingsFile {
            name: "ratings.csv",
            bytes: &bytes,
        }],
        None,
        &OPTIONS,
        &|| 0.0,
        &mut |_| {},
    )
    .unwrap();
    let card = &trained.card;
    assert_eq!(card.item_space, ItemSpace::Open);
    assert_eq!(card.files[0].rejected.by_reason["rating_out_of_range"], 1);

    let model = dir.path().join("cli-model");
    let (file_arg, model_arg) = (file.display().to_string(), model.display().to_string());
    let cli = json(&[
        "train",
        "--ratings",
        &file_arg,
        "--factors",
        "20",
        "--epochs",
        "10",
        "--threads",
        "1",
        "--out",
        &model_arg,
        "--json",
    ]);
    let page = [
        card.model.rmse,
        card.model.mae,
        card.baseline_only.rmse,
        card.baseline_only.mae,
        card.global_mean.rmse,
        card.global_mean.mae,
    ];
    // Natively both run the same kernel: the same numbers (to the last
    // bit JSON's float printing rounds).
    same(page, errors(&cli));

    // The archive the page keeps, unpacked, answers as the CLI's model.
    let members: Vec<(&str, &[u8])> = trained
        .files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    let archive = zip::write_archive(&members, false).unwrap();
    let unpacked = dir.path().join("page-model");
    for member in zip::members(&archive).unwrap() {
        let path = unpacked.join(&member.name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, zip::extract(&archive, &member, 1 << 30).unwrap()).unwrap();
    }
    let unpacked_arg = unpacked.display().to_string();
    for (user, title) in [
        ("1", "1029"),
        ("1", "31"),
        ("99999", "31"),
        ("2", "no-such"),
    ] {
        let ask = |m: &str| {
            json(&[
                "predict", "--model", m, "--user", user, "--title", title, "--json",
            ])
        };
        assert_eq!(
            ask(&unpacked_arg)["prediction"],
            ask(&model_arg)["prediction"],
            "{user} {title}"
        );
    }
}

#[test]
fn a_file_of_the_originals_schema_goes_through_the_etl_as_cartelera_etl_runs_it() {
    let dir = tempfile::tempdir().unwrap();
    let ratings = dir.path().join("ratings");
    let run = synth_ratings(
        &ratings,
        &["--users", "800", "--ratings", "30000", "--seed", "3"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Two bad rows and a re-rating, as people's files have them.
    let file = ratings.join("1.csv");
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str("5,4.5,99,zz404\n5,4.25,99,ns1\n");
    let first = text.lines().nth(1).unwrap().to_string();
    let parts: Vec<&str> = first.split(',').collect();
    text.push_str(&format!(
        "{},1.5,{},{}\n",
        parts[0],
        parts[2].parse::<i64>().unwrap() + 1,
        parts[3]
    ));
    fs::write(&file, &text).unwrap();

    let data = dir.path().join("data");
    let run = etl(&raw_dir(), &ratings, &data, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value =
        serde_json::from_str(&fs::read_to_string(data.join("etl_report.json")).unwrap()).unwrap();
    let parquet = data.join("ratings.parquet").display().to_string();
    let cli = json(&[
        "train",
        "--ratings",
        &parquet,
        "--factors",
        "20",
        "--epochs",
        "10",
        "--threads",
        "1",
        "--no-save",
        "--json",
    ]);

    let catalog: Vec<String> = real_titles().iter().map(|t| t.id.clone()).collect();
    let trained = train_files(
        &[RatingsFile {
            name: "1.csv",
            bytes: text.as_bytes(),
        }],
        Some(&catalog),
        &OPTIONS,
        &|| 0.0,
        &mut |_| {},
    )
    .unwrap();
    let card = &trained.card;
    assert_eq!(card.item_space, ItemSpace::Catalog);
    let etl_file = &report["ratings"]["files"][0];
    assert_eq!(
        serde_json::to_value(&card.files[0].rejected.by_reason).unwrap(),
        etl_file["rejected"]["by_reason"]
    );
    assert_eq!(
        card.files[0].rows_read,
        etl_file["rows_read"].as_u64().unwrap()
    );
    assert_eq!(card.duplicates_dropped, 1);
    let page = [
        card.model.rmse,
        card.model.mae,
        card.baseline_only.rmse,
        card.baseline_only.mae,
        card.global_mean.rmse,
        card.global_mean.mae,
    ];
    same(page, errors(&cli));
    assert!(Path::new(&parquet).exists());
}
