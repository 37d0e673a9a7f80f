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
    // Every chart is an SVG with a text alternative.
    let svgs = b
        .client
        .find_all(Locator::Css(".chart-svg svg[role=img]"))
        .await
        .expect("charts");
    let tables = b
        .client
        .find_all(Locator::Css(".chart table"))
        .await
        .expect("tables");
    assert!(svgs.len() >= 18, "{} charts", svgs.len());
    assert_eq!(svgs.len(), tables.len());
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
