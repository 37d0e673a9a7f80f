//! Search while typing: results follow the text box and the filters, and
//! the address carries them.

use fantoccini::Locator;

use crate::browser::Browser;
use crate::site::{built_site, StaticSite};

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn typing_filters_the_titles_and_updates_the_address() {
    let site = StaticSite::start(&built_site(), "/");
    let b = Browser::start().await;
    b.open(&format!("{}?view=search&lang=en", site.base)).await;
    b.wait_text(".result-count", |t| t.starts_with("22998 titles"))
        .await;
    let input = b.wait("#search-q").await;
    input.send_keys("the traitor").await.expect("type");
    let count = b
        .wait_text(".result-count", |t| !t.starts_with("22998"))
        .await;
    let first = b.text(".results .result-title").await;
    assert!(
        first.starts_with("The Traitor"),
        "first result {first:?} ({count})"
    );
    assert!(b.url().await.contains("q=the+traitor"));
    // The text box kept its focus while the results changed under it.
    let focused = b.js("return document.activeElement.id").await;
    assert_eq!(focused, "search-q");
    // A filter narrows further: only Hulu's.
    b.client
        .find(Locator::Css("#search-platform"))
        .await
        .expect("platform filter")
        .select_by_value("hulu")
        .await
        .expect("select hulu");
    b.wait_text(".result-count", |t| t != count).await;
    let metas = b
        .client
        .find_all(Locator::Css(".results .result-meta"))
        .await
        .expect("results");
    assert!(!metas.is_empty());
    for meta in metas {
        assert!(meta.text().await.expect("text").contains("Hulu"));
    }
    assert!(b.url().await.contains("platform=hulu"));
    b.close().await;
}
