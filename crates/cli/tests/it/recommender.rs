//! The recommender end to end on real files: train on the pipeline's
//! ratings (synthetic, from the real catalog), save the factor file,
//! answer `predict` and `recommend` from it; and the MovieLens accuracy.

use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;

use cartelera_testkit::{cartelera, etl, raw_dir, synth_ratings, walk};
use serde_json::Value;
use tempfile::TempDir;

struct Trained {
    _dir: TempDir,
    data: PathBuf,
    model: PathBuf,
    report: Value,
}

/// Synthetic ratings → ETL → `train --json`, once per test binary.
fn trained() -> &'static Trained {
    static TRAINED: OnceLock<Trained> = OnceLock::new();
    TRAINED.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let ratings = data.join("ratings");
        let raw = raw_dir();
        let ok = |r: cartelera_testkit::Run| {
            assert_eq!(r.code, 0, "{}", r.stderr);
            r
        };
        ok(synth_ratings(
            &ratings,
            &["--users", "10000", "--ratings", "1000000", "--seed", "5"],
        ));
        ok(etl(&raw, &ratings, &data, &[]));
        let model = dir.path().join("model");
        let parquet = data.join("ratings.parquet");
        let run = ok(cartelera(&[
            "train",
            "--ratings",
            parquet.to_str().unwrap(),
            "--out",
            model.to_str().unwrap(),
            "--factors",
            "30",
            "--epochs",
            "20",
            "--threads",
            "2",
            "--json",
        ]));
        let report: Value = serde_json::from_str(&run.stdout).unwrap();
        Trained {
            _dir: dir,
            data,
            model,
            report,
        }
    })
}

#[test]
fn training_beats_the_baselines_and_reports_everything() {
    let r = &trained().report;
    for key in [
        "rmse",
        "mae",
        "fit_seconds",
        "n_train",
        "n_test",
        "precision_at_10",
        "recall_at_10",
        "ndcg_at_10",
    ] {
        assert!(r[key].is_number(), "{key} missing in {r}");
    }
    assert_eq!(
        r["n_train"].as_u64().unwrap() + r["n_test"].as_u64().unwrap(),
        1_000_000
    );
    let rmse = r["rmse"].as_f64().unwrap();
    assert!(rmse < r["baselines"]["global_mean"]["rmse"].as_f64().unwrap());
    assert!(
        rmse < r["baselines"]["baseline_only"]["rmse"].as_f64().unwrap(),
        "{r}"
    );
    assert_eq!(r["epochs"].as_array().unwrap().len(), 20);
    // The default f16 storage costs at most 0.002 RMSE.
    let delta = r["stored"]["delta_rmse"].as_f64().unwrap();
    assert!(delta.abs() <= 0.002, "f16 costs {delta}");
    // The planted tastes show: the personal top-10 finds more of each
    // user's true top-10 than the non-personal ranking (measured with these
    // sizes: 13.3 % against 8.4 %; with 150,000 ratings there are too few
    // per title and the two are level).
    let recovery = &r["taste_recovery"];
    assert_eq!(recovery["users"], 500);
    assert!(
        recovery["top10_recall"].as_f64().unwrap()
            > recovery["top10_recall_unpersonalised"].as_f64().unwrap() + 0.02,
        "{recovery}"
    );
}

#[test]
fn predict_and_recommend_answer_from_the_factor_file() {
    let t = trained();
    let model = t.model.to_str().unwrap();
    let data = t.data.to_str().unwrap();
    let p = cartelera(&[
        "predict", "--model", model, "--user", "1", "--title", "ns2186", "--json",
    ]);
    assert_eq!(p.code, 0, "{}", p.stderr);
    let p: Value = serde_json::from_str(&p.stdout).unwrap();
    let value = p["prediction"].as_f64().unwrap();
    assert!((0.5..=5.0).contains(&value));
    assert_eq!(p["known_user"], true);
    // The decomposition adds up (before clipping).
    let sum = p["global_mean"].as_f64().unwrap()
        + p["user_bias"].as_f64().unwrap()
        + p["title_bias"].as_f64().unwrap()
        + p["taste_match"].as_f64().unwrap();
    assert!((sum.clamp(0.5, 5.0) - value).abs() < 1e-4, "{p}");

    let r = cartelera(&[
        "recommend",
        "--model",
        model,
        "--data",
        data,
        "--user",
        "1",
        "-n",
        "7",
        "--platform",
        "disney",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r: Value = serde_json::from_str(&r.stdout).unwrap();
    let items = r["items"].as_array().unwrap();
    assert_eq!(items.len(), 7);
    assert!(items
        .iter()
        .all(|i| i["platform"] == "disney" && i["id"].as_str().unwrap().starts_with('d')));
    let scores: Vec<f64> = items.iter().map(|i| i["score"].as_f64().unwrap()).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "best first: {scores:?}"
    );
    assert!(items[0]["title"].is_string());

    // Unknown ids fall back and say so.
    let p = cartelera(&[
        "predict",
        "--model",
        model,
        "--user",
        "no-such-user",
        "--title",
        "ns2186",
        "--json",
    ]);
    let p: Value = serde_json::from_str(&p.stdout).unwrap();
    assert_eq!(p["known_user"], false);
    assert!(p["fallback"].as_str().unwrap().contains("unknown user"));
    let r = cartelera(&[
        "recommend",
        "--model",
        model,
        "--data",
        data,
        "--user",
        "no-such-user",
        "--json",
    ]);
    let r: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(r["fallback"].as_str().unwrap().contains("unknown user"));
}

#[test]
fn a_damaged_factor_file_is_a_clear_error() {
    let t = trained();
    let copy = tempfile::tempdir().unwrap();
    let model = copy.path().join("model");
    fs::create_dir_all(model.join("users")).unwrap();
    for entry in walk(&t.model) {
        let rel = entry.strip_prefix(&t.model).unwrap();
        fs::copy(&entry, model.join(rel)).unwrap();
    }
    let items = model.join("items.parquet");
    let bytes = fs::read(&items).unwrap();
    fs::write(&items, &bytes[..bytes.len() / 2]).unwrap();
    let r = cartelera(&[
        "predict",
        "--model",
        model.to_str().unwrap(),
        "--user",
        "1",
        "--title",
        "ns1",
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("items.parquet"), "{}", r.stderr);
    let r = cartelera(&[
        "predict",
        "--model",
        "/nonexistent/model",
        "--user",
        "1",
        "--title",
        "ns1",
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("/nonexistent/model"), "{}", r.stderr);
}

#[test]
fn movielens_cv_matches_surprise() {
    // Surprise's SVD with the same defaults, measured here: 5-fold CV RMSE
    // 0.8726, MAE 0.6701. Fold assignment and initialisation differ between
    // the two libraries, so the comparison allows the run-to-run spread
    // measured over 20 seeds (0.8717–0.8759): within 0.004.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/movielens/ml-latest-small/ratings.csv"
    );
    let r = cartelera(&[
        "train",
        "--ratings",
        path,
        "--cv",
        "5",
        "--threads",
        "1",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let rmse = v["rmse_mean"].as_f64().unwrap();
    let mae = v["mae_mean"].as_f64().unwrap();
    assert!(rmse < 0.8726 + 0.004, "CV RMSE {rmse}");
    assert!(mae < 0.6701 + 0.004, "CV MAE {mae}");
    assert_eq!(v["folds"].as_array().unwrap().len(), 5);
    assert!(v["fit_seconds_mean"].as_f64().unwrap() > 0.0);
}

/// The page's fold-in on the planted tastes: a visitor who stars only
/// documentaries gets a list dominated by documentaries, far above their
/// share of the catalog. (`Recommender::recommend_for_ratings` is what the
/// page runs.)
#[test]
fn a_visitor_who_stars_one_genre_gets_that_genre() {
    use bytes::Bytes;
    use cartelera_recommender::{RecommendFilter, Recommender};

    let t = trained();
    let files = |p: &str| fs::read(t.model.join(p)).ok().map(Bytes::from);
    let recommender = Recommender::new(cartelera_store::factors::decode_all(&files).unwrap());
    let titles = cartelera_store::titles::read(Bytes::from(
        fs::read(t.data.join("titles.parquet")).unwrap(),
    ))
    .unwrap();
    let catalog = cartelera_core::Catalog::new(titles).unwrap();
    let is_doc = |id: &str| {
        catalog
            .get(id)
            .and_then(|t| t.listed_in.as_deref())
            .is_some_and(|g| g.contains("documentar"))
    };
    let mut docs: Vec<&cartelera_core::Title> =
        catalog.titles().iter().filter(|t| is_doc(&t.id)).collect();
    docs.sort_by(|a, b| b.score_count.cmp(&a.score_count).then(a.id.cmp(&b.id)));
    let stars = [5.0, 4.5, 5.0, 4.0, 5.0, 4.5, 5.0, 4.0];
    let picks: Vec<(String, f32)> = docs
        .iter()
        .zip(stars)
        .map(|(t, r)| (t.id.clone(), r))
        .collect();
    let answer =
        recommender.recommend_for_ratings(&picks, 10, &RecommendFilter::default(), Some(&catalog));
    assert_eq!(answer.fallback, None);
    let share =
        answer.items.iter().filter(|i| is_doc(&i.id)).count() as f64 / answer.items.len() as f64;
    let base = docs.len() as f64 / catalog.len() as f64;
    assert!(
        share >= 0.5 && share > 3.0 * base,
        "documentaries are {:.0} % of the list, {:.1} % of the catalog",
        share * 100.0,
        base * 100.0
    );
}
