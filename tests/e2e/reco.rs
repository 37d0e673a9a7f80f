//! Predictions and recommendations in the page equal the CLI's on the
//! same factor file; a visitor's own ratings give recommendations; a
//! missing shard or a bad factor file is explained, with a fallback.

use std::path::Path;

use fantoccini::Locator;

use crate::browser::Browser;
use crate::site::{built_site, copy_of_site, StaticSite};

/// What `cartelera ARGS… --json --model DATA/model` prints, parsed.
fn cli(data: &Path, args: &[&str]) -> serde_json::Value {
    let mut argv: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    argv.extend([
        "--json".into(),
        "--model".into(),
        data.join("model").display().to_string(),
    ]);
    serde_json::from_slice(&crate::cli_stdout(&argv)).expect("JSON")
}

/// The title ids of the list under the heading `heading_id`.
pub async fn listed_ids(b: &Browser, heading_id: &str) -> Vec<String> {
    let script = format!(
        "return Array.from(document.querySelectorAll('[aria-labelledby={heading_id}] .result-title')).map(a => new URLSearchParams(a.search).get('id'))"
    );
    serde_json::from_value(b.js(&script).await).expect("ids")
}

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn recommend_and_predict_match_the_cli_and_work_offline() {
    let site_dir = built_site();
    let data = site_dir.join("data");
    let mut site = StaticSite::start(&site_dir, "/");
    let b = Browser::start().await;
    let expected = cli(
        &data,
        &[
            "recommend",
            "--user",
            "1",
            "-n",
            "10",
            "--data",
            crate::site::pipeline_data().to_str().unwrap(),
        ],
    );
    let expected_ids: Vec<String> = expected["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    b.open(&format!("{}?view=recommend&user=1&n=10&lang=en", site.base))
        .await;
    b.wait_text("#reco-heading", |t| t == "Recommended for Viewer 1")
        .await;
    assert_eq!(listed_ids(&b, "reco-heading").await, expected_ids);
    // The user's own best-rated titles are beside the list.
    assert!(!listed_ids(&b, "history-heading").await.is_empty());

    let title = expected_ids[0].as_str();
    let p = cli(&data, &["predict", "--user", "1", "--title", title]);
    b.open(&format!(
        "{}?view=predict&user=1&title={title}&lang=en",
        site.base
    ))
    .await;
    let shown = b
        .wait_text(".predict-card .answer-value", |t| !t.is_empty())
        .await;
    assert_eq!(shown, format!("{:.2}", p["prediction"].as_f64().unwrap()));
    let card = b.text(".predict-card").await;
    for part in ["Global mean", "User bias", "Title bias", "Taste match"] {
        assert!(card.contains(part), "{part} missing: {card}");
    }

    // Offline: the shard fetched above is cached by the service worker.
    b.wait_text(".offline", |t| t.contains("Available offline"))
        .await;
    site.stop();
    b.open(&format!("{}?view=recommend&user=1&n=10&lang=en", site.base))
        .await;
    b.wait_text("#reco-heading", |t| t == "Recommended for Viewer 1")
        .await;
    assert_eq!(listed_ids(&b, "reco-heading").await, expected_ids);
    b.close().await;
}

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn similar_titles_and_a_visitors_own_ratings() {
    let site = StaticSite::start(&built_site(), "/");
    let b = Browser::start().await;
    b.open(&format!("{}?view=title&id=hs1518&lang=en", site.base))
        .await;
    // "More like this" is composed when the visitor scrolls to it.
    b.scroll_to("#similar-heading").await;
    b.wait_text("[aria-labelledby=similar-heading] .results", |t| {
        !t.is_empty()
    })
    .await;
    let similar = listed_ids(&b, "similar-heading").await;
    assert_eq!(similar.len(), 10);
    assert!(!similar.contains(&"hs1518".to_string()));

    b.open(&format!("{}?view=rate&lang=en", site.base)).await;
    // Nothing rated yet: the popular list, and the page says so.
    b.wait_text(".visitor-reco .fallback", |t| t.contains("no ratings yet"))
        .await;
    let selects = b
        .client
        .find_all(Locator::Css(".rate-row select.stars"))
        .await
        .expect("star pickers");
    assert!(selects.len() >= 3);
    for (select, value) in selects.iter().zip(["5", "1", "4.5"]) {
        select.select_by_value(value).await.expect("rate");
    }
    b.wait_text(".visitor-reco", |t| !t.contains("Fallback"))
        .await;
    let picks = b.js("return localStorage.getItem('cartelera.picks')").await;
    assert_eq!(
        picks.as_str().map(|p| p.split(',').count()),
        Some(3),
        "{picks}"
    );
    assert_eq!(listed_ids(&b, "rate-reco-heading").await.len(), 10);
    // Kept across a reload; cleared on request.
    b.client.refresh().await.expect("reload");
    b.wait_text("[aria-labelledby=rate-pick-heading] .results", |t| {
        !t.is_empty()
    })
    .await;
    b.wait_text(".visitor-reco", |t| {
        !t.contains("Fallback") && !t.is_empty()
    })
    .await;
    b.client
        .find(Locator::XPath("//button[text()='Clear my ratings']"))
        .await
        .expect("clear button")
        .click()
        .await
        .expect("click");
    b.wait_text(".visitor-reco .fallback", |t| t.contains("no ratings yet"))
        .await;
    b.close().await;
}

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn a_missing_shard_and_a_newer_factor_file_are_explained() {
    let copy = copy_of_site();
    std::fs::remove_dir_all(copy.path().join("data/model/users")).expect("remove shards");
    let site = StaticSite::start(copy.path(), "/");
    let b = Browser::start().await;
    b.open(&format!("{}?view=recommend&user=1&lang=en", site.base))
        .await;
    let problem = b.wait_text(".problem", |t| !t.is_empty()).await;
    assert!(
        problem.contains("The model could not be loaded") && problem.contains("HTTP 404"),
        "{problem}"
    );
    b.wait_text(".fallback", |t| t.contains("best-scored"))
        .await;
    assert_eq!(listed_ids(&b, "recommend-heading").await.len(), 10);
    b.close().await;
    drop(site);

    let copy = copy_of_site();
    let manifest = copy.path().join("data/model/model.json");
    let text = std::fs::read_to_string(&manifest).expect("read manifest");
    let newer = text.replacen("\"format_version\":", "\"format_version\": 99, \"was\":", 1);
    std::fs::write(&manifest, newer).expect("write manifest");
    let site = StaticSite::start(copy.path(), "/");
    let b = Browser::start().await;
    b.open(&format!("{}?view=model&lang=en", site.base)).await;
    let problem = b.wait_text(".problem", |t| !t.is_empty()).await;
    assert!(problem.contains("data/model/model.json"), "{problem}");
    // The rest of the page still works.
    b.open(&format!(
        "{}?view=get_count_platform&platform=hulu&lang=en",
        site.base
    ))
    .await;
    b.wait_text(".answer-card", |t| t.contains("Hulu")).await;
    b.close().await;
}
