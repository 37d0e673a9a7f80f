//! Issue 17: a model trained by the shipped Spark job
//! (`spark/train_als.py`), imported by `cartelera import-als` and shipped
//! as the site's factor file (`cargo xtask dist --model DIR`, which copies
//! the folder into `data/model/` through `cartelera export-web`), answers
//! the page's predictions and recommendations as the CLI does on the same
//! file, and its card says it came from Spark.

use std::path::Path;

use crate::browser::Browser;
use crate::cli_stdout;
use crate::reco::listed_ids;
use crate::site::{copy_of_site, pipeline_data, StaticSite};

/// The real Spark output the CLI's import test uses (see its README.md).
const SPARK_MODEL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/crates/cli/tests/fixtures/spark-biased"
);

/// The ratings that job read (each user's history).
const SPARK_RATINGS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/crates/cli/tests/fixtures/spark-biased-ratings.parquet"
);

/// What `cartelera ARGS…` prints, parsed as JSON.
fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_slice(&cli_stdout(args)).expect("JSON")
}

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn a_spark_trained_model_answers_in_the_page_as_the_cli_does() {
    let copy = copy_of_site();
    let model = copy.path().join("data/model");
    std::fs::remove_dir_all(&model).expect("remove the site's model");
    let data = pipeline_data();
    let (data, out) = (data.to_str().unwrap(), model.to_str().unwrap());
    // The import as a person runs it (f16 factors, the default), with the
    // ratings the job read as the users' histories.
    cli_stdout(&[
        "import-als",
        SPARK_MODEL,
        "--data",
        data,
        "--out",
        out,
        "--ratings",
        SPARK_RATINGS,
    ]);
    let site = StaticSite::start(copy.path(), "/");
    let b = Browser::start().await;

    // Predictions: the page shows what `cartelera predict` says on the
    // imported file, and that is the job's own estimate (f16 factors: to
    // 0.01).
    let spark: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(Path::new(SPARK_MODEL).join("predictions.json"))
            .expect("predictions.json"),
    )
    .expect("JSON");
    for pair in spark.iter().take(3) {
        let (user, title) = (
            pair["user"].as_str().unwrap(),
            pair["title"].as_str().unwrap(),
        );
        let cli = json(&[
            "predict", "--model", out, "--user", user, "--title", title, "--json",
        ])["prediction"]
            .as_f64()
            .unwrap();
        let job = pair["estimate"].as_f64().unwrap();
        assert!(
            (cli - job).abs() < 0.01,
            "{user}/{title}: Spark {job}, cartelera {cli}"
        );
        b.open(&format!(
            "{}?view=predict&user={user}&title={title}&lang=en",
            site.base
        ))
        .await;
        let shown = b
            .wait_text(".predict-card .answer-value", |t| !t.is_empty())
            .await;
        assert_eq!(shown, format!("{cli:.2}"), "{user}/{title}");
    }

    // Recommendations: the same ten titles in the same order.
    let cli = json(&[
        "recommend",
        "--model",
        out,
        "--data",
        data,
        "--user",
        "21",
        "-n",
        "10",
        "--json",
    ]);
    let items = cli["items"].as_array().unwrap();
    let expected: Vec<String> = items
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    let scores: Vec<f64> = items.iter().map(|i| i["score"].as_f64().unwrap()).collect();
    assert_eq!(expected.len(), 10);
    b.open(&format!(
        "{}?view=recommend&user=21&n=10&lang=en",
        site.base
    ))
    .await;
    b.wait_text("#reco-heading", |t| t == "Recommended for Viewer 21")
        .await;
    let listed = listed_ids(&b, "reco-heading").await;
    assert_eq!(listed, expected);
    // Beside them, the user's own best-rated titles from that history,
    // none of them recommended back.
    let best = listed_ids(&b, "history-heading").await;
    assert!(!best.is_empty(), "user 21's best-rated titles are listed");
    assert!(
        best.iter().all(|id| !listed.contains(id)),
        "{best:?} {listed:?}"
    );
    // Each shown score is the CLI's, which is what `predict` says: on the
    // five-star scale.
    let shown: Vec<String> = serde_json::from_value(
        b.js("return Array.from(document.querySelectorAll('[aria-labelledby=reco-heading] .result-meta')).map(m => m.textContent.trim().split(' ').pop())")
            .await,
    )
    .expect("scores");
    let cli_scores: Vec<String> = scores.iter().map(|s| format!("{s:.2}")).collect();
    assert_eq!(shown, cli_scores);
    assert!(scores.iter().all(|s| (0.5..=5.0).contains(s)), "{scores:?}");

    // The card says where the model came from and shows the job's figures.
    b.open(&format!("{}?view=model&lang=en", site.base)).await;
    let card = b
        .wait_text(".ratings-card .facts", |t| t.contains("spark/train_als.py"))
        .await;
    let job: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(SPARK_MODEL).join("card.json")).expect("card.json"),
    )
    .expect("JSON");
    let rmse = job["metrics"]["rmse"].as_f64().unwrap();
    // The card shows up to four decimals, without trailing zeros.
    let rmse = format!("{rmse:.4}");
    let rmse = rmse.trim_end_matches('0');
    assert!(
        card.contains(&format!("Test RMSE\n{rmse}")),
        "RMSE {rmse} in {card:?}"
    );
    assert!(card.contains("Factors\n4\n"), "the job's rank in {card:?}");
    b.close().await;
}
