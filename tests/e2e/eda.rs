//! The EDA view: charts with readings and numbers, a filter in the
//! address that changes them, the model and data-quality charts from the
//! factor file and the ETL report.

use fantoccini::Locator;

use crate::browser::Browser;
use crate::site::{built_site, StaticSite};

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn the_platform_filter_changes_every_catalog_chart() {
    let site = StaticSite::start(&built_site(), "/");
    let b = Browser::start().await;
    b.open(&format!("{}?view=eda&lang=en", site.base)).await;
    // Titles per platform, over the four catalogs (9668/1450/3073/8807).
    let reading = b
        .wait_text("#titles-by-type .reading", |t| {
            t.contains("Amazon Prime Video has the most titles (9,668)")
        })
        .await;
    assert!(!reading.is_empty());
    // The data-quality and model charts came from their files.
    for id in ["#ratings-histogram", "#pipeline-fixes", "#learning-curve"] {
        b.wait(&format!("{id} .chart-svg svg")).await;
    }
    // The catalog's charts come one per task: wait for the last.
    b.wait(".charts[aria-busy=false]").await;
    // Every chart is an SVG with a text alternative: its numbers, as a
    // table built when "Show numbers" is opened.
    let svgs = b
        .client
        .find_all(Locator::Css(".chart-svg svg[role=img]"))
        .await
        .expect("charts");
    assert!(svgs.len() >= 18, "{} charts", svgs.len());
    let closed = b
        .js("return document.querySelectorAll('.chart table').length")
        .await;
    assert_eq!(closed, 0, "no table is built before it is opened");
    b.js("document.querySelectorAll('.chart-numbers summary').forEach(s => s.click())")
        .await;
    // Each `toggle` event comes in a task of its own: wait for the last.
    let mut shown: Vec<u64> = Vec::new();
    for _ in 0..100 {
        let counts = b
            .js("return Array.from(document.querySelectorAll('figure.chart')).map(f => f.querySelectorAll('details[open] table').length)")
            .await;
        shown = serde_json::from_value(counts).expect("table counts");
        if shown.iter().all(|&tables| tables == 1) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(shown.len(), svgs.len(), "a figure per chart: {shown:?}");
    assert!(
        shown.iter().all(|&tables| tables == 1),
        "one table per chart: {shown:?}"
    );
    let cells = b
        .js("return document.querySelectorAll('.chart table tbody td').length")
        .await;
    assert!(
        cells.as_u64().unwrap_or(0) > svgs.len() as u64,
        "the tables hold numbers: {cells}"
    );
    let before = b.text("#release-years .reading").await;

    b.client
        .find(Locator::Css("#eda-platform"))
        .await
        .expect("platform filter")
        .select_by_value("disney")
        .await
        .expect("select disney");
    let after = b
        .wait_text("#release-years .reading", |t| t != before)
        .await;
    assert!(b.url().await.contains("view=eda") && b.url().await.contains("platform=disney"));
    let titles = b.text("#titles-by-type .reading").await;
    assert!(
        titles.contains("1,450"),
        "Disney+ has 1,450 titles: {titles} ({after})"
    );
    // A cold visit to the shared address shows the same filtered chart.
    let url = b.url().await;
    let cold = Browser::start().await;
    cold.open(&url).await;
    cold.wait_text("#release-years .reading", |t| t == after)
        .await;
    cold.close().await;
    b.close().await;
}
