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

/// A real output of `spark/train_als.py` (PySpark 4.0.1, `local[2]`, rank 4,
/// 8 iterations, on the demo ratings of users 1–60; see the folder's
/// README.md): the biased model and the job's own predictions.
const SPARK_BIASED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/spark-biased");

/// The ratings that job read.
const SPARK_RATINGS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/spark-biased-ratings.parquet"
);

/// Issue 17: the Spark job's model, imported, answers `predict` as the job
/// itself computed μ + b_u + b_i + q_iᵀp_u — for held-out pairs, an unknown
/// user and an unknown title alike — without Spark on the machine.
#[test]
fn the_spark_jobs_biased_model_predicts_as_the_job_does() {
    let dir = tempfile::tempdir().unwrap();
    // The job's itemIds/ name catalog titles: the real catalog.
    let titles = fs::File::create(dir.path().join("titles.parquet")).unwrap();
    cartelera_store::titles::write(real_titles(), titles).unwrap();
    let model = dir.path().join("model");
    let (data, out) = (dir.path().to_str().unwrap(), model.to_str().unwrap());
    let run = cartelera(&[
        "import-als",
        SPARK_BIASED,
        "--data",
        data,
        "--out",
        out,
        "--f32",
        "--ratings",
        SPARK_RATINGS,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let card: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(model.join("model.json")).unwrap()).unwrap();
    let job: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(format!("{SPARK_BIASED}/card.json")).unwrap())
            .unwrap();
    assert!(
        card.to_string().contains("spark/train_als.py"),
        "the card says where the model came from: {card}"
    );
    let pairs: Vec<serde_json::Value> = serde_json::from_str(
        &fs::read_to_string(format!("{SPARK_BIASED}/predictions.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(pairs.len(), 26, "24 held-out pairs and 2 fallbacks");
    let mut seen_fallbacks = 0;
    for pair in &pairs {
        let (user, title) = (
            pair["user"].as_str().unwrap(),
            pair["title"].as_str().unwrap(),
        );
        let expected = pair["estimate"].as_f64().unwrap();
        let run = cartelera(&[
            "predict", "--model", out, "--user", user, "--title", title, "--json",
        ]);
        assert_eq!(run.code, 0, "{user} {title}: {}", run.stderr);
        let answer: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let got = answer["prediction"].as_f64().unwrap();
        // The job adds in f64; the factor file keeps f32.
        assert!(
            (got - expected).abs() < 1e-4,
            "user {user}, title {title}: Spark {expected}, cartelera {got}"
        );
        if user == "2000000000" || title == "zz-no-such-title" {
            seen_fallbacks += 1;
        }
    }
    assert_eq!(seen_fallbacks, 2);
    // An unknown user's fallback is μ + b_i: the job's μ is in its card.
    let mu = job["mu"].as_f64().unwrap();
    assert!((3.0..4.0).contains(&mu), "{mu}");
    let run = cartelera(&[
        "recommend",
        "--model",
        out,
        "--data",
        data,
        "--user",
        "21",
        "--n",
        "5",
        "--json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let answer: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let items = answer["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{answer}"));
    assert_eq!(items.len(), 5, "{answer}");
    let scores: Vec<f64> = items.iter().map(|i| i["score"].as_f64().unwrap()).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "ranked: {scores:?}"
    );
    // User 21's ratings in the file the job read: the history.
    let catalog = real_titles();
    let row_of = |id: &str| catalog.iter().position(|t| t.id == id).map(|r| r as u32);
    let table =
        cartelera_store::ratings::read(fs::read(SPARK_RATINGS).unwrap().into(), &row_of).unwrap();
    let rated: Vec<(&str, f32)> = (0..table.len())
        .filter(|&k| table.user_id[k] == 21)
        .map(|k| {
            (
                catalog[table.title_row[k] as usize].id.as_str(),
                table.rating(k),
            )
        })
        .collect();
    assert!(rated.len() >= 5, "user 21 rated {} titles", rated.len());
    // Kept: every rating of a title the model has factors for (the job's
    // training ratings and most held-out ones); left out: the held-out
    // ratings of titles only the test split holds.
    let history = &card["card"]["history"];
    let (kept, left_out) = (
        history["ratings"].as_u64().unwrap(),
        history["outside_model"].as_u64().unwrap(),
    );
    assert_eq!(kept + left_out, table.len() as u64, "{history}");
    assert!(kept >= job["n_train"].as_u64().unwrap(), "{history}");
    // Each recommended title's score is what `predict` says (clipped to
    // the 0.5–5 scale; the order is by the raw estimate), and none is one
    // the user rated.
    for (item, score) in items.iter().zip(&scores) {
        let title = item["id"].as_str().unwrap();
        assert!(
            !rated.iter().any(|(id, _)| *id == title),
            "{title} is recommended, but user 21 rated it"
        );
        let run = cartelera(&[
            "predict", "--model", out, "--user", "21", "--title", title, "--json",
        ]);
        let answer: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let predicted = answer["prediction"].as_f64().unwrap();
        assert!(
            (predicted - score).abs() < 1e-6,
            "{title}: {predicted} vs {score}"
        );
    }
    // A rated pair's answer carries the user's own rating (a title the
    // model has no factors for is outside it, history included).
    let mut with_actual = 0;
    for (title, rating) in &rated {
        let run = cartelera(&[
            "predict", "--model", out, "--user", "21", "--title", title, "--json",
        ]);
        let answer: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let expected = answer["known_title"]
            .as_bool()
            .unwrap()
            .then_some(f64::from(*rating));
        assert_eq!(answer["actual"].as_f64(), expected, "{title}: {answer}");
        with_actual += usize::from(expected.is_some());
    }
    assert!(
        with_actual * 2 > rated.len(),
        "{with_actual} of {}",
        rated.len()
    );
}
