//! The original's pipeline on the visitor's own ratings, in the page
//! (issue 16 §3): files chosen on `?view=train` are checked with the ETL's
//! rules and trained in a Web Worker; the quarantine report, the held-out
//! errors and the model's answers equal the CLI's for the same file; the
//! model is kept for the next visit and can be forgotten; a million
//! ratings train with progress while the page keeps painting, and a run
//! can be cancelled; bad files are explained and change nothing kept.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::Locator;

use crate::browser::Browser;
use crate::site::{built_site, StaticSite};

/// How long a training run may take here (a million ratings in a debug
/// free but unoptimised `dist --fast` wasm, on a busy 2-core machine).
const TRAINING_PATIENCE: Duration = Duration::from_secs(240);

/// What `cartelera ARGS…` prints as JSON (`--json` among the args).
fn cli(args: &[&str]) -> serde_json::Value {
    serde_json::from_slice(&crate::cli_stdout(args)).expect("JSON")
}

/// A MovieLens-schema file: the first `rows` ratings of ml-latest-small
/// and two bad rows (a rating of 7, a user id that is not a number).
fn movielens_file(folder: &Path, rows: usize) -> PathBuf {
    let source =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/movielens/ml-latest-small/ratings.csv");
    let text = std::fs::read_to_string(source).expect("MovieLens ratings");
    let mut lines: Vec<&str> = text.lines().take(rows + 1).collect();
    lines.insert(40, "1,47,7,964983815");
    lines.insert(80, "someone,50,4.0,964982931");
    let path = folder.join("ratings.csv");
    std::fs::write(&path, lines.join("\n") + "\n").expect("write");
    path
}

/// Chooses `files` in the train view's file input.
async fn choose(b: &Browser, files: &[&Path]) {
    let input = b
        .client
        .find(Locator::Css("#train-files"))
        .await
        .expect("the train view's file input");
    let paths: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    input
        .send_keys(&paths.join("\n"))
        .await
        .expect("choose the files");
}

/// Waits for the report of a finished run (or panics with the page's
/// problem, if one shows).
async fn wait_trained(b: &Browser) {
    let started = Instant::now();
    while started.elapsed() < TRAINING_PATIENCE {
        let state = b
            .js("const p = document.querySelector('.train .problem'); if (p) return 'problem: ' + p.textContent; return document.querySelector('.train-metrics') && !document.querySelector('.train-progress') ? 'done' : 'waiting'")
            .await;
        match state.as_str() {
            Some("done") => return,
            Some(s) if s.starts_with("problem") => panic!("{s}"),
            _ => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    panic!("no training report after {TRAINING_PATIENCE:?}");
}

/// The metrics table's (RMSE, MAE) rows as the page shows them (English:
/// a dot for decimals): model, BaselineOnly, global mean.
async fn shown_metrics(b: &Browser) -> Vec<(f64, f64)> {
    let rows = b
        .js("return Array.from(document.querySelectorAll('.train-metrics tbody tr')).map(tr => Array.from(tr.querySelectorAll('td')).map(td => Number(td.textContent)))")
        .await;
    let rows: Vec<Vec<f64>> = serde_json::from_value(rows).expect("metrics");
    rows.into_iter().map(|r| (r[0], r[1])).collect()
}

async fn kept_file(b: &Browser) -> bool {
    b.js("return (async () => { const d = await navigator.storage.getDirectory(); try { await d.getFileHandle('cartelera-trained-model.zip'); return true; } catch (e) { return false; } })()")
        .await
        .as_bool()
        .expect("a boolean")
}

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn a_movielens_file_trains_in_the_page_as_the_cli_trains_it_and_stays() {
    let dir = built_site();
    let site = StaticSite::start(&dir, "/");
    let folder = tempfile::tempdir().expect("temp folder");
    let file = movielens_file(folder.path(), 20_000);
    let movies =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/movielens/ml-latest-small/movies.csv");
    let out = folder.path().join("model");
    let (file_arg, out_arg) = (file.display().to_string(), out.display().to_string());
    // The CLI on the same file, sequential like the browser.
    let trained = cli(&[
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
        &out_arg,
        "--json",
    ]);
    let b = Browser::start().await;
    b.open(&format!("{}?view=train&lang=en", site.base)).await;
    b.wait_text("#train-heading", |t| t == "Train on your data")
        .await;
    b.js("return (async () => { const d = await navigator.storage.getDirectory(); await d.removeEntry('cartelera-trained-model.zip').catch(() => {}); return true; })()")
        .await;
    for (id, value) in [("#train-factors", "20"), ("#train-epochs", "10")] {
        let input = b.wait(id).await;
        input.clear().await.expect("clear");
        input.send_keys(value).await.expect("type");
    }
    choose(&b, &[&file, &movies]).await;
    // The bar shows while the worker trains.
    b.wait(".train-progress progress").await;
    wait_trained(&b).await;

    // The quarantine report: the ETL's reasons, counted as the CLI does.
    let reasons = b
        .js("return Object.fromEntries(Array.from(document.querySelectorAll('.train-reasons tbody tr')).map(tr => [tr.dataset.reason, Number(tr.querySelector('td').textContent)]))")
        .await;
    assert_eq!(
        reasons,
        serde_json::json!({"bad_user_id": 1, "rating_out_of_range": 1})
    );
    let files = b.text(".train-files tbody").await;
    assert!(
        files.contains("ratings.csv") && files.contains("20,002") && files.contains("20,000"),
        "{files}"
    );

    // Held-out errors: the CLI's, to the rounding the FMA kernel differs by.
    let metrics = shown_metrics(&b).await;
    let split = &trained;
    let expected = [
        (
            split["rmse"].as_f64().unwrap(),
            split["mae"].as_f64().unwrap(),
        ),
        (
            split["baselines"]["baseline_only"]["rmse"]
                .as_f64()
                .unwrap(),
            split["baselines"]["baseline_only"]["mae"].as_f64().unwrap(),
        ),
        (
            split["baselines"]["global_mean"]["rmse"].as_f64().unwrap(),
            split["baselines"]["global_mean"]["mae"].as_f64().unwrap(),
        ),
    ];
    for (page, cli) in metrics.iter().zip(expected) {
        assert!(
            (page.0 - cli.0).abs() < 2e-4 && (page.1 - cli.1).abs() < 2e-4,
            "page {metrics:?}, CLI {expected:?}"
        );
    }
    assert!(
        metrics[0].0 < metrics[2].0,
        "the model beats the global mean: {metrics:?}"
    );

    // Its answers: predict and recommend for user 1, as `cartelera` answers
    // with the model it saved.
    let input = b.wait("#train-user").await;
    input.clear().await.expect("clear");
    input.send_keys("1").await.expect("type");
    let input = b.wait("#train-item").await;
    input.clear().await.expect("clear");
    input.send_keys("1029").await.expect("type");
    b.wait("#train-predict")
        .await
        .click()
        .await
        .expect("predict");
    let shown = b.wait(".train-answer[data-prediction]").await;
    let page: f64 = shown
        .attr("data-prediction")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    let predicted = cli(&[
        "predict", "--model", &out_arg, "--user", "1", "--title", "1029", "--json",
    ]);
    let expected = predicted["prediction"].as_f64().unwrap();
    assert!(
        (page - expected).abs() < 5e-3,
        "page {page}, CLI {expected}"
    );
    b.wait("#train-recommend")
        .await
        .click()
        .await
        .expect("recommend");
    let listed = b
        .wait(".train-answer[data-items]")
        .await
        .attr("data-items")
        .await
        .unwrap()
        .unwrap();
    let recommended = cli(&[
        "recommend",
        "--model",
        &out_arg,
        "--user",
        "1",
        "--n",
        "10",
        "--json",
    ]);
    let cli_ids: Vec<&str> = recommended["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    let page_ids: Vec<&str> = listed.split(',').collect();
    let same = page_ids
        .iter()
        .zip(&cli_ids)
        .filter(|(a, b)| a == b)
        .count();
    assert!(same >= 8, "page {page_ids:?}, CLI {cli_ids:?}");
    // MovieLens names from the movies.csv given beside the ratings.
    let names = b.text(".train-answer ol").await;
    assert!(names.contains("(movieId "), "{names}");
    assert!(!names.contains("movieId movieId"), "{names}");

    // Kept: a new visit shows it without training again; forgetting it
    // removes it.
    assert!(kept_file(&b).await);
    b.open(&format!("{}?view=train&lang=es", site.base)).await;
    b.wait_text(".train-report h2", |t| {
        t == "Tu modelo: error en las valoraciones reservadas"
    })
    .await;
    let again = b.text(".train-metrics tbody").await;
    assert!(
        again.contains(&format!("{:.4}", metrics[0].0).replace('.', ",")),
        "{again}"
    );
    b.wait(".train-actions button.secondary")
        .await
        .click()
        .await
        .expect("forget");
    let started = Instant::now();
    while kept_file(&b).await {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the model was not forgotten"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    b.open(&format!("{}?view=train&lang=en", site.base)).await;
    b.wait("#train-files").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        b.js("return document.querySelectorAll('.train-report').length")
            .await,
        0
    );
    b.close().await;
}

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn a_million_ratings_train_with_progress_while_the_page_keeps_painting() {
    let dir = built_site();
    let site = StaticSite::start(&dir, "/");
    let folder = tempfile::tempdir().expect("temp folder");
    let ratings = folder.path().join("ratings");
    let (out, raw) = (
        ratings.display().to_string(),
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data/raw")
            .display()
            .to_string(),
    );
    let argv: Vec<String> = [
        "cartelera",
        "synth-ratings",
        "--out",
        &out,
        "--raw",
        &raw,
        "--users",
        "20000",
        "--ratings",
        "1000000",
    ]
    .map(String::from)
    .to_vec();
    let (mut o, mut e) = (Vec::new(), Vec::new());
    assert_eq!(
        cartelera::cli::run(argv, &mut o, &mut e),
        0,
        "{}",
        String::from_utf8_lossy(&e)
    );
    let file = ratings.join("1.csv");

    let b = Browser::start().await;
    b.open(&format!("{}?view=train&lang=en", site.base)).await;
    b.wait("#train-files").await;
    // Frames the page paints while it trains: the longest gap between two;
    // and every text the progress bar's label shows, with its time.
    b.js("window.__gap = 0; let last = performance.now(); const tick = (t) => { window.__gap = Math.max(window.__gap, t - last); last = t; requestAnimationFrame(tick); }; requestAnimationFrame(tick); window.__labels = []; new MutationObserver(() => { const l = document.querySelector('.train-progress label'); if (l) window.__labels.push([performance.now(), l.textContent]); }).observe(document.body, {subtree: true, childList: true, characterData: true}); return true")
        .await;
    // The defaults a visitor gets: k = 100, 20 epochs. A first run,
    // cancelled once it is training: nothing is kept.
    choose(&b, &[&file]).await;
    b.wait_text(".train-progress label", |t| t.starts_with("Epoch"))
        .await;
    b.wait(".train-progress button")
        .await
        .click()
        .await
        .expect("cancel");
    b.wait_text(".train .note", |t| t.starts_with("Training cancelled"))
        .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(!kept_file(&b).await, "a cancelled run kept a model");
    assert_eq!(
        b.js("return document.querySelectorAll('.train-report').length")
            .await,
        0,
        "a cancelled run showed a model"
    );

    // The run to the end.
    b.js("window.__gap = 0; window.__labels = []; return true")
        .await;
    let started = Instant::now();
    choose(&b, &[&file]).await;
    wait_trained(&b).await;
    eprintln!(
        "a million ratings read, trained (k = 100, 20 epochs) and kept in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // Every epoch was told, in order, as it passed.
    let labels: Vec<(f64, String)> =
        serde_json::from_value(b.js("return window.__labels").await).expect("labels");
    let epochs: Vec<&str> = labels
        .iter()
        .map(|(_, l)| l.as_str())
        .filter(|l| l.starts_with("Epoch"))
        .collect();
    let mut told: Vec<&str> = epochs
        .iter()
        .map(|l| l.split(" · ").next().unwrap_or(l))
        .collect();
    told.dedup();
    let expected: Vec<String> = (1..=20).map(|e| format!("Epoch {e} of 20")).collect();
    assert_eq!(told, expected, "{labels:?}");
    assert!(epochs[0].contains("training RMSE"), "{epochs:?}");
    let gap = b.js("return window.__gap").await.as_f64().expect("gap");
    eprintln!("longest gap between two painted frames while training: {gap:.0} ms");
    assert!(
        gap < 1000.0,
        "the page froze for {gap:.0} ms while training"
    );
    let rows = b.text(".train-files tbody").await;
    assert!(rows.contains("1,000,000"), "{rows}");

    // It answers.
    b.wait("#train-recommend")
        .await
        .click()
        .await
        .expect("recommend");
    let listed = b
        .wait(".train-answer[data-items]")
        .await
        .attr("data-items")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(listed.split(',').count(), 10, "{listed}");
    b.wait("#train-predict")
        .await
        .click()
        .await
        .expect("predict");
    let value: f64 = b
        .wait(".train-answer[data-prediction]")
        .await
        .attr("data-prediction")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    assert!((0.5..=5.0).contains(&value), "{value}");
    assert!(kept_file(&b).await);
    b.close().await;
}

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn bad_ratings_files_are_explained_and_change_nothing_kept() {
    let dir = built_site();
    let site = StaticSite::start(&dir, "/");
    let folder = tempfile::tempdir().expect("temp folder");
    let good = movielens_file(folder.path(), 2_000);
    let header = folder.path().join("scores.csv");
    std::fs::write(&header, "user,movie,score\n1,2,3\n").expect("write");
    let all_bad = folder.path().join("bad.csv");
    std::fs::write(&all_bad, "userId,movieId,rating\n1,2,9\n1,3,-1\n").expect("write");
    let noise = folder.path().join("noise.csv");
    let bytes: Vec<u8> = (0..3_000_000u32)
        .map(|k| (k.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&noise, bytes).expect("write");
    let b = Browser::start().await;
    b.open(&format!("{}?view=train&lang=en", site.base)).await;
    b.wait("#train-files").await;
    for (id, value) in [("#train-factors", "8"), ("#train-epochs", "3")] {
        let input = b.wait(id).await;
        input.clear().await.expect("clear");
        input.send_keys(value).await.expect("type");
    }
    choose(&b, &[&good]).await;
    wait_trained(&b).await;
    let cases: [(&Path, &str); 3] = [
        (&header, "scores.csv:1: missing column `userId`"),
        (&all_bad, "bad.csv holds no valid rating (2 rows read"),
        (&noise, "noise.csv"),
    ];
    for (lang, title) in [
        ("en", "Could not train on these files"),
        ("es", "No se pudo entrenar con estos archivos"),
    ] {
        b.open(&format!("{}?view=train&lang={lang}", site.base))
            .await;
        b.wait(".train-report").await;
        let kept = b.text(".train-summary").await;
        for (file, detail) in cases {
            choose(&b, &[file]).await;
            let problem = b.wait_text(".train > .problem", |t| !t.is_empty()).await;
            assert!(problem.starts_with(title), "{problem}");
            assert!(
                problem.contains(detail),
                "{lang} {}: {problem}",
                file.display()
            );
            // The model shown and kept is still the good file's.
            assert_eq!(b.text(".train-summary").await, kept);
            assert!(kept_file(&b).await);
        }
    }
    b.close().await;
}
