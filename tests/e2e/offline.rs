//! Offline: after one visit the service worker has the whole site, so a
//! reload with the server stopped still works. And a broken or missing
//! catalog shows the error panel, never a blank page.

use crate::browser::Browser;
use crate::site::{built_site, copy_of_site, StaticSite};

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn after_one_visit_the_page_works_with_the_server_stopped() {
    let mut site = StaticSite::start(&built_site(), "/app/");
    let b = Browser::start().await;
    let url = format!(
        "{}?view=get_max_duration&platform=hulu&year=2019&lang=en",
        site.base
    );
    b.open(&url).await;
    b.wait_text(".answer-card", |t| t.contains("The Traitor"))
        .await;
    // The footer says so once the service worker controls the page.
    b.wait_text(".offline", |t| t.contains("Available offline"))
        .await;
    site.stop();
    b.client.refresh().await.expect("reload");
    b.wait_text(".answer-card", |t| t.contains("The Traitor"))
        .await;
    // Another view, also offline, including the separately stored synopses.
    b.open(&format!("{}?view=title&id=hs1518&lang=en", site.base))
        .await;
    b.wait_text(".description", |t| t.contains("mafia informant"))
        .await;
    b.open(&format!("{}?view=search&q=ocean&lang=en", site.base))
        .await;
    b.wait_text(".result-count", |t| t.contains("titles")).await;
    b.close().await;
}

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn a_corrupt_catalog_shows_the_error_panel() {
    let copy = copy_of_site();
    let titles = copy.path().join("data/titles.parquet");
    let mut bytes = std::fs::read(&titles).expect("read titles");
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&titles, bytes).expect("damage titles");
    let site = StaticSite::start(copy.path(), "/");
    let b = Browser::start().await;
    b.open(&format!(
        "{}?view=get_count_platform&platform=hulu&lang=en",
        site.base
    ))
    .await;
    let panel = b.wait_text(".error-panel", |t| !t.is_empty()).await;
    assert!(panel.contains("The catalog could not be loaded"), "{panel}");
    assert!(
        panel.contains("data/titles.parquet is not a valid titles table"),
        "{panel}"
    );
    b.wait(".error-panel button").await;
    b.close().await;
}

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn a_missing_catalog_shows_the_error_panel() {
    let copy = copy_of_site();
    std::fs::remove_file(copy.path().join("data/titles.parquet")).expect("remove titles");
    let site = StaticSite::start(copy.path(), "/");
    let b = Browser::start().await;
    b.open(&format!("{}?lang=es", site.base)).await;
    let panel = b.wait_text(".error-panel", |t| !t.is_empty()).await;
    assert!(panel.contains("No se pudo cargar el catálogo"), "{panel}");
    assert!(
        panel.contains("data/titles.parquet: the server answered HTTP 404"),
        "{panel}"
    );
    b.close().await;
}
