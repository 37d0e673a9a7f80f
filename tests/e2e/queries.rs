//! The four queries through their forms: the page's answer equals the
//! CLI's on the same data, and the address becomes a shareable link.

use fantoccini::Locator;

use crate::browser::Browser;
use crate::cli_json;
use crate::site::{built_site, StaticSite};

/// Fills a query form field: a `<select>` by value, an `<input>` by typing.
async fn fill(b: &Browser, query: &str, field: &str, value: &str) {
    let el = b.wait(&format!("#{query}-{field}")).await;
    if el.tag_name().await.expect("tag") == "select" {
        el.select_by_value(value).await.expect("select option");
    } else {
        el.clear().await.expect("clear");
        el.send_keys(value).await.expect("type");
    }
}

/// Runs `query` with `params` through its form and returns the JSON the
/// page shows and the visible answer text.
async fn run_form(
    b: &Browser,
    base: &str,
    query: &str,
    params: &[(&str, &str)],
) -> (serde_json::Value, String) {
    b.open(&format!("{base}?view={query}&lang=en")).await;
    b.wait(&format!("form.query-form #{query}-{}", params[0].0))
        .await;
    for (field, value) in params {
        fill(b, query, field, value).await;
    }
    b.client
        .find(Locator::Css("form.query-form button[type=submit]"))
        .await
        .expect("run button")
        .click()
        .await
        .expect("click run");
    let card = b.wait_text(".answer-card", |t| !t.is_empty()).await;
    // The JSON sits in a closed <details>: read it from the DOM.
    let json = b
        .js("return document.querySelector('.json-body').textContent")
        .await;
    let json: serde_json::Value =
        serde_json::from_str(json.as_str().expect("text")).expect("page shows JSON");
    (json, card)
}

/// A query, its form's values, and a text the answer card must show.
type Case = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static str,
);

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn each_query_through_its_form_matches_the_cli() {
    let site_dir = built_site();
    let data = crate::site::pipeline_data();
    let site = StaticSite::start(&site_dir, "/");
    let b = Browser::start().await;
    let cases: [Case; 4] = [
        (
            "get_max_duration",
            &[
                ("year", "2019"),
                ("platform", "hulu"),
                ("duration_type", "min"),
            ],
            "The Traitor",
        ),
        (
            "get_score_count",
            &[("platform", "netflix"), ("scored", "3.5"), ("year", "2020")],
            "movies of Netflix released in 2020",
        ),
        ("get_count_platform", &[("platform", "disney")], "Disney+"),
        (
            "get_actor",
            &[("platform", "amazon"), ("year", "2018")],
            "Maggie Binkley",
        ),
    ];
    for (query, params, visible) in cases {
        let (shown, card) = run_form(&b, &site.base, query, params).await;
        let mut args = vec!["query", query];
        let flags: Vec<String> = params
            .iter()
            .map(|(k, _)| format!("--{}", k.replace('_', "-")))
            .collect();
        for ((_, value), flag) in params.iter().zip(&flags) {
            args.push(flag);
            args.push(value);
        }
        assert_eq!(
            shown,
            cli_json(&data, &args),
            "{query}: page and CLI differ"
        );
        assert!(
            card.contains(visible),
            "{query}: {visible:?} not in {card:?}"
        );
        // The form wrote the parameters into the address.
        let url = b.url().await;
        for (key, value) in params {
            assert!(
                url.contains(&format!("{key}={value}")),
                "{url} lacks {key}={value}"
            );
        }
    }
    // The get_count_platform numbers a person reads are the CLI's.
    let expected = cli_json(
        &data,
        &["query", "get_count_platform", "--platform", "disney"],
    );
    let (_, card) = run_form(
        &b,
        &site.base,
        "get_count_platform",
        &[("platform", "disney")],
    )
    .await;
    assert!(card.contains(&expected["movies"].to_string()), "{card}");
    assert!(card.contains(&expected["total"].to_string()), "{card}");
    b.close().await;
}

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn no_answer_is_explained_and_bad_parameters_are_named() {
    let site = StaticSite::start(&built_site(), "/");
    let b = Browser::start().await;
    b.open(&format!(
        "{}?view=get_max_duration&year=1850&platform=hulu&lang=en",
        site.base
    ))
    .await;
    let text = b
        .wait_text(".answer-card", |t| t.contains("No answer"))
        .await;
    assert!(text.contains("no movie of Hulu released in 1850"), "{text}");
    let json = b
        .js("return document.querySelector('.json-body').textContent")
        .await;
    assert_eq!(json, "null", "the API's body for no answer");

    b.open(&format!(
        "{}?view=get_actor&platform=hbo&year=2018&lang=en",
        site.base
    ))
    .await;
    let problem = b.wait_text(".problem", |t| t.contains("platform")).await;
    assert!(
        problem.contains("\"hbo\"") && problem.contains("amazon, disney, hulu, netflix"),
        "{problem}"
    );
    // The page stays usable: the form is there.
    b.wait("#get_actor-year").await;
    b.close().await;
}
