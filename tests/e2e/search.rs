//! Search while typing: results follow the text box and the filters, the
//! address carries them (filters as history entries, so Back undoes one),
//! answers are ranked and one per work; the work page lists where to watch.

use fantoccini::Locator;

use crate::browser::Browser;
use crate::site::{built_site, StaticSite};

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn typing_filters_the_titles_and_updates_the_address() {
    let site = StaticSite::start(&built_site(), "/");
    let b = Browser::start().await;
    b.open(&format!("{}?view=search&lang=en", site.base)).await;
    // One row per work: fewer than the catalog's 22,998 rows.
    let all = b
        .wait_text(".result-count", |t| t.contains(" titles"))
        .await;
    assert!(!all.starts_with("22998"), "{all}");
    let input = b.wait("#search-q").await;
    input.send_keys("the traitor").await.expect("type");
    let count = b.wait_text(".result-count", |t| t != all).await;
    let first = b.text(".results .result-title").await;
    assert!(
        first.starts_with("The Traitor"),
        "first result {first:?} ({count})"
    );
    let typed = b.url().await;
    assert!(typed.contains("q=the+traitor"));
    // The text box kept its focus while the results changed under it.
    let focused = b.js("return document.activeElement.id").await;
    assert_eq!(focused, "search-q");
    // A filter narrows further: only Hulu's.
    b.client
        .find(Locator::Css("#search-platform-hulu"))
        .await
        .expect("platform filter")
        .click()
        .await
        .expect("check hulu");
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
    // The filter was a history entry: Back returns to the typed search.
    b.client.back().await.expect("back");
    b.wait_text(".result-count", |t| t == count).await;
    assert_eq!(b.url().await, typed);
    b.close().await;
}

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn frozen_comes_first_accents_fold_and_genres_are_canonical() {
    let site = StaticSite::start(&built_site(), "/");
    let b = Browser::start().await;
    b.open(&format!("{}?view=search&q=frozen&lang=en", site.base))
        .await;
    b.wait(".results .result-title").await;
    assert_eq!(b.text(".results .result-title").await, "Frozen");
    // Accent- and case-blind: "les miserables" finds Les Misérables.
    b.open(&format!(
        "{}?view=search&q=LES+MISERABLES&lang=en",
        site.base
    ))
    .await;
    b.wait(".results .result-title").await;
    assert!(b
        .text(".results .result-title")
        .await
        .starts_with("Les Misérables"));
    // The genre list is the canonical vocabulary in the page's language.
    b.open(&format!("{}?view=search&genre=comedy&lang=es", site.base))
        .await;
    b.wait(".results .result-title").await;
    let options = b
        .js("return [...document.querySelectorAll('#search-genre option')].map(o => o.textContent)")
        .await;
    let options: Vec<String> = serde_json::from_value(options).expect("strings");
    assert_eq!(options.len(), 30, "any + 29 genres: {options:?}");
    assert!(options.contains(&"Comedia".to_string()), "{options:?}");
    let chosen = b
        .js("return document.querySelector('#search-genre').value")
        .await;
    assert_eq!(chosen, "comedy");
    // Show more adds a page and a history entry.
    let before = b
        .js("return document.querySelectorAll('.results li').length")
        .await;
    assert_eq!(before, 30);
    b.client
        .find(Locator::Css(".show-more"))
        .await
        .expect("show more")
        .click()
        .await
        .expect("click");
    b.wait_text(".result-count", |t| t.contains("los 60 primeros"))
        .await;
    assert!(b.url().await.contains("n=60"));
    b.close().await;
}

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn the_work_page_lists_every_platform_with_a_link_to_its_search() {
    let site = StaticSite::start(&built_site(), "/");
    let b = Browser::start().await;
    // Catch Me If You Can (2002): one work on Amazon and Netflix.
    for address in ["id=ns330", "work=w-as7042"] {
        b.open(&format!("{}?view=title&{address}&lang=en", site.base))
            .await;
        let heading = b.wait_text("#title-heading", |t| !t.is_empty()).await;
        assert_eq!(heading, "Catch Me If You Can");
        let links = b
            .js("return [...document.querySelectorAll('.where-to-watch a.watch-link')].map(a => [a.href, a.target, a.rel])")
            .await;
        let links: Vec<[String; 3]> = serde_json::from_value(links).expect("links");
        let hrefs: Vec<&str> = links.iter().map(|l| l[0].as_str()).collect();
        assert_eq!(hrefs.len(), 2, "{hrefs:?}");
        assert!(hrefs
            .iter()
            .any(|h| h.starts_with("https://www.primevideo.com/search/")));
        assert!(hrefs.contains(&"https://www.netflix.com/search?q=Catch%20Me%20If%20You%20Can"));
        for l in &links {
            assert_eq!((l[1].as_str(), l[2].as_str()), ("_blank", "noopener"));
        }
        // Ids only inside the closed details disclosure.
        let shown = b
            .js("return document.querySelector('.title-view').innerText")
            .await;
        assert!(!shown.as_str().unwrap_or("").contains("ns330"), "{shown}");
    }
    // Add to my list, kept across a reload.
    let add = b.wait(".list-buttons button").await;
    add.click().await.expect("add");
    b.wait_text(".list-buttons button", |t| t.starts_with("On my list"))
        .await;
    b.open(&format!("{}?view=title&work=w-as7042&lang=en", site.base))
        .await;
    b.wait_text(".list-buttons button", |t| t.starts_with("On my list"))
        .await;
    b.close().await;
}
