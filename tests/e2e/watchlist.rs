//! "My list" (issue 13, item 6): a title added from its page is on the
//! watchlist, one marked seen is on the seen list and leaves the visitor's
//! recommendations exactly as the CLI's `recommend --picks … --seen …`
//! leaves it out; the share link opens the list in another browser, which
//! saves it only when asked; a file imports, a bad one is explained and
//! changes nothing.

use fantoccini::Locator;

use crate::browser::Browser;
use crate::site::{built_site, StaticSite};
use crate::taste::{cli, ids, listed, FAMILY};

/// The ids listed under the heading `heading_id` of the list view.
async fn rows(b: &Browser, heading_id: &str) -> Vec<String> {
    let script = format!(
        "return Array.from(document.querySelectorAll('[aria-labelledby={heading_id}] .list-row')).map(li => li.dataset.id)"
    );
    serde_json::from_value(b.js(&script).await).expect("row ids")
}

/// Clicks the first element matching `css`.
async fn click(b: &Browser, css: &str) {
    b.wait(css).await.click().await.expect("click");
}

/// Waits until the list under `heading_id` holds exactly `expected`.
async fn wait_rows(b: &Browser, heading_id: &str, expected: &[&str]) {
    for _ in 0..200 {
        if rows(b, heading_id).await == expected {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!(
        "{heading_id}: {:?}, expected {expected:?}",
        rows(b, heading_id).await
    );
}

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn the_watchlist_is_kept_shared_imported_and_seen_titles_leave_the_recommendations() {
    let dir = built_site();
    let site = StaticSite::start(&dir, "/");
    let b = Browser::start().await;

    // Added from the title page.
    b.open(&format!("{}?view=title&id=hs1518&lang=en", site.base))
        .await;
    b.wait_text("#title-heading", |t| t == "The Traitor").await;
    click(&b, ".list-buttons button:nth-of-type(1)").await;
    b.wait_text(".list-buttons button:nth-of-type(1)", |t| {
        t == "On my list (remove)"
    })
    .await;

    // The family visitor's first recommendation, marked seen on its page.
    let before = ids(&cli(&dir, &["recommend", "--picks", FAMILY]));
    let first = before[0].clone();
    b.open(&format!("{}?view=title&id={first}&lang=en", site.base))
        .await;
    click(&b, ".list-buttons button:nth-of-type(2)").await;
    b.wait_text(".list-buttons button:nth-of-type(2)", |t| {
        t == "Seen (unmark)"
    })
    .await;

    // It leaves the recommendations, as `--seen` does in the CLI.
    let after = ids(&cli(
        &dir,
        &["recommend", "--picks", FAMILY, "--seen", &first],
    ));
    assert!(!after.contains(&first), "{first} in {after:?}");
    assert_eq!(after[..9], before[1..], "the others keep their order");
    b.open(&format!("{}?view=rate&picks={FAMILY}&lang=en", site.base))
        .await;
    click(&b, ".rate .fallback button").await; // keep the shared picks as mine
    let note = b
        .wait_text(".visitor-reco .seen-note", |t| !t.is_empty())
        .await;
    assert_eq!(note, "1 title you have seen is left out.");
    let shown: Vec<String> = listed(&b, "rate-reco-heading")
        .await
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(shown, after, "page vs CLI with --seen");

    // Both lists, in the list view.
    b.open(&format!("{}?view=watchlist&lang=en", site.base))
        .await;
    wait_rows(&b, "to-watch-heading", &["hs1518"]).await;
    wait_rows(&b, "seen-heading", &[first.as_str()]).await;
    assert!(b.text(".watchlist").await.contains("The Traitor"));
    let share: String = serde_json::from_value(
        b.js("return document.querySelector('.share-lists').href")
            .await,
    )
    .expect("share link");
    assert!(share.contains("view=watchlist&ids=hs1518"), "{share}");
    // Taking a title off.
    click(&b, "[aria-labelledby=seen-heading] .list-row .remove").await;
    wait_rows(&b, "seen-heading", &[]).await;
    b.wait_text("[aria-labelledby=seen-heading] .empty", |t| {
        t.contains("not marked anything")
    })
    .await;

    // The link in a browser that holds nothing: shown apart, saved on request.
    b.js("localStorage.clear(); return 0").await;
    b.open(&share).await;
    wait_rows(&b, "shared-heading", &["hs1518"]).await;
    wait_rows(&b, "to-watch-heading", &[]).await;
    click(&b, ".shared-list button").await;
    wait_rows(&b, "to-watch-heading", &["hs1518"]).await;
    assert!(!b.url().await.contains("ids="), "{}", b.url().await);
    let hidden = b
        .js("return document.querySelector('.shared-list').hidden")
        .await;
    assert_eq!(hidden, true, "the saved shared list is put away");

    // A file imports (merged after what is there)…
    let folder = tempfile::tempdir().expect("temp folder");
    let good = folder.path().join("list.json");
    std::fs::write(
        &good,
        r#"{"format":"cartelera-watchlist","version":1,"watchlist":["ns2186","hs1518"],"seen":["ds12"]}"#,
    )
    .expect("write");
    let input = b.wait(".import-lists input[type=file]").await;
    input
        .send_keys(&good.display().to_string())
        .await
        .expect("choose the file");
    b.wait_text(".list-tools .note", |t| t.contains("File imported"))
        .await;
    wait_rows(&b, "to-watch-heading", &["hs1518", "ns2186"]).await;
    wait_rows(&b, "seen-heading", &["ds12"]).await;
    // …a bad one is named and changes nothing.
    let bad = folder.path().join("notes.json");
    std::fs::write(
        &bad,
        r#"{"format":"something-else","version":1,"watchlist":[],"seen":[]}"#,
    )
    .expect("write");
    let input = b
        .client
        .find(Locator::Css(".import-lists input[type=file]"))
        .await
        .expect("file input");
    input
        .send_keys(&bad.display().to_string())
        .await
        .expect("choose the file");
    let problem = b
        .wait_text(".list-tools .problem-detail", |t| !t.is_empty())
        .await;
    assert!(
        problem.starts_with("notes.json: ") && problem.contains("cartelera-watchlist"),
        "{problem}"
    );
    wait_rows(&b, "to-watch-heading", &["hs1518", "ns2186"]).await;

    // In Spanish.
    b.open(&format!("{}?view=watchlist&lang=es", site.base))
        .await;
    b.wait_text("#watchlist-heading", |t| t == "Mi lista").await;
    b.close().await;
}
