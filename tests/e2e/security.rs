//! Catalog text is rendered as text: markup in a title does nothing.

use bytes::Bytes;

use crate::browser::Browser;
use crate::site::{copy_of_site, StaticSite};

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn markup_in_catalog_text_is_inert() {
    let copy = copy_of_site();
    let path = copy.path().join("data/titles.parquet");
    // The page's catalog layout (display text only).
    let mut titles =
        cartelera_store::page_titles::read(Bytes::from(std::fs::read(&path).expect("read")))
            .expect("decode");
    let evil = "<img src=x onerror=\"window.__xss = 1\"><script>window.__xss = 2</script>";
    let row = titles
        .iter()
        .position(|t| t.id == "hs1518")
        .expect("hs1518");
    titles[row].display.title = Some(evil.to_string());
    titles[row].display.cast = Some(evil.to_string());
    let mut bytes = Vec::new();
    cartelera_store::page_titles::write(&titles, 1, &mut bytes).expect("encode");
    std::fs::write(&path, bytes).expect("write");

    let site = StaticSite::start(copy.path(), "/");
    let b = Browser::start().await;
    b.open(&format!("{}?view=title&id=hs1518&lang=en", site.base))
        .await;
    let heading = b.wait_text("#title-heading", |t| !t.is_empty()).await;
    // Shown literally, as written, not interpreted.
    assert_eq!(heading, evil);
    // The search results list it as text too.
    b.open(&format!("{}?view=search&q=onerror&lang=en", site.base))
        .await;
    b.wait_text(".results", |t| t.contains("<img src=x")).await;
    let injected = b
        .js("return [window.__xss === undefined, document.querySelectorAll('main img, main script').length]")
        .await;
    assert_eq!(
        injected,
        serde_json::json!([true, 0]),
        "markup ran or was inserted"
    );
    b.close().await;
}
