//! The taste model in the page (issue 12): a visitor's shared picks and
//! "more like this" list the same titles, in the same order, as the CLI's
//! `recommend --picks` and `similar` over the pipeline's full catalog;
//! each recommendation says why; the title page shows real viewers'
//! rating apart from the synthetic one; a bad shared link is explained.

use std::path::{Path, PathBuf};

use cartelera_core::genres::{genres_of_listed_in, Genre};
use cartelera_core::Catalog;

use crate::browser::Browser;
use crate::site::{built_site, StaticSite};

pub(crate) const FAMILY: &str = "ds1378:5,ds890:5,ds1291:5,ds1153:5,ds1092:5,ns1284:1,ns1119:1";
const HORROR: &str = "ns1284:5,ns1119:5,ns8487:5,ns533:5,ds1378:1,ds890:1";

/// The pipeline's outputs the site was exported from (full catalog, with
/// the synopses and display text the page's own catalog leaves out).
fn build_dir() -> PathBuf {
    crate::site::pipeline_data()
}

/// What `cartelera ARGS… --json --taste SITE/data/taste --data data/build`
/// prints, parsed: the taste model the page loads, over the CLI's catalog.
pub(crate) fn cli(site: &Path, args: &[&str]) -> serde_json::Value {
    let mut argv: Vec<String> = std::iter::once("cartelera")
        .chain(args.iter().copied())
        .map(String::from)
        .collect();
    argv.extend([
        "--json".into(),
        "--taste".into(),
        site.join("data/taste").display().to_string(),
        "--data".into(),
        build_dir().display().to_string(),
    ]);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = cartelera::cli::run(argv.clone(), &mut out, &mut err);
    assert_eq!(code, 0, "{argv:?}: {}", String::from_utf8_lossy(&err));
    serde_json::from_slice(&out).expect("JSON")
}

pub(crate) fn ids(answer: &serde_json::Value) -> Vec<String> {
    answer["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_str().expect("id").to_string())
        .collect()
}

/// The ids and reasons of the list under the heading `heading_id`.
pub(crate) async fn listed(b: &Browser, heading_id: &str) -> Vec<(String, String)> {
    let script = format!(
        "return Array.from(document.querySelectorAll('[aria-labelledby={heading_id}] .result')).map(li => [new URLSearchParams(li.querySelector('.result-title').search).get('id'), (li.querySelector('.why') || {{ textContent: '' }}).textContent])"
    );
    serde_json::from_value(b.js(&script).await).expect("ids and reasons")
}

/// How many of `ids` have one of `genres` among their canonical genres.
fn of_kind(catalog: &Catalog, ids: &[String], genres: &[Genre]) -> usize {
    ids.iter()
        .filter(|id| {
            let t = catalog.get(id).expect("listed title in the catalog");
            genres_of_listed_in(t.listed_in.as_deref())
                .iter()
                .any(|g| genres.contains(g))
        })
        .count()
}

async fn visitor_matches_the_cli(
    b: &Browser,
    site: &StaticSite,
    dir: &Path,
    picks: &str,
) -> Vec<String> {
    let expected = ids(&cli(dir, &["recommend", "--picks", picks]));
    assert_eq!(expected.len(), 10, "{picks}");
    b.open(&format!("{}?view=rate&picks={picks}&lang=en", site.base))
        .await;
    b.wait_text(".visitor-reco .results", |t| !t.is_empty())
        .await;
    let shown = listed(b, "rate-reco-heading").await;
    let shown_ids: Vec<String> = shown.iter().map(|(id, _)| id.clone()).collect();
    assert_eq!(shown_ids, expected, "{picks}: page vs CLI");
    for (id, why) in &shown {
        assert!(!why.trim().is_empty(), "{id} has no reason");
    }
    expected
}

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn visitors_get_their_kind_of_titles_as_the_cli_lists_them() {
    let dir = built_site();
    let mut site = StaticSite::start(&dir, "/");
    let catalog = cartelera::data::load_catalog(&build_dir()).expect("data/build catalog");
    let b = Browser::start().await;

    let family = visitor_matches_the_cli(&b, &site, &dir, FAMILY).await;
    let kind = of_kind(&catalog, &family, &[Genre::Animation, Genre::KidsFamily]);
    assert!(
        kind >= 6,
        "family visitor: {kind}/10 animation/family: {family:?}"
    );
    // The reasons follow the language.
    b.open(&format!("{}?view=rate&picks={FAMILY}&lang=es", site.base))
        .await;
    let why = b.wait_text(".visitor-reco .why", |t| !t.is_empty()).await;
    assert!(
        why.starts_with("Como ") || why.starts_with("A quienes") || why.starts_with("Parecida"),
        "{why}"
    );

    let horror = visitor_matches_the_cli(&b, &site, &dir, HORROR).await;
    let kind = of_kind(&catalog, &horror, &[Genre::Horror, Genre::Thriller]);
    assert!(
        kind >= 6,
        "horror fan: {kind}/10 horror/thriller: {horror:?}"
    );

    // Offline: the service worker precached the taste model.
    b.wait_text(".offline", |t| t.contains("Available offline"))
        .await;
    site.stop();
    b.open(&format!("{}?view=rate&picks={FAMILY}&lang=en", site.base))
        .await;
    b.wait_text(".visitor-reco .results", |t| !t.is_empty())
        .await;
    let offline: Vec<String> = listed(&b, "rate-reco-heading")
        .await
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(offline, family, "offline");
    b.close().await;
}

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn a_title_page_lists_the_clis_similar_titles_and_real_viewers_rating() {
    let dir = built_site();
    let site = StaticSite::start(&dir, "/");
    let expected = ids(&cli(&dir, &["similar", "--title", "ds1378"]));
    assert_eq!(expected.len(), 10);
    let b = Browser::start().await;
    b.open(&format!("{}?view=title&id=ds1378&lang=en", site.base))
        .await;
    // "More like this" is composed when the visitor scrolls to it.
    b.scroll_to("#similar-heading").await;
    b.wait_text(".similar .results", |t| !t.is_empty()).await;
    let shown = listed(&b, "similar-heading").await;
    let shown_ids: Vec<String> = shown.iter().map(|(id, _)| id.clone()).collect();
    assert_eq!(shown_ids, expected, "More like this vs `cartelera similar`");
    assert!(shown.iter().all(|(_, why)| !why.trim().is_empty()));
    let viewers = b.wait_text(".title-score.viewers", |t| !t.is_empty()).await;
    assert!(
        viewers.starts_with("MovieLens viewers: ") && viewers.contains(" ratings)"),
        "{viewers}"
    );
    let synthetic = b.text(".title-score.synthetic").await;
    assert!(synthetic.starts_with("Synthetic ratings: "), "{synthetic}");
    // The display title, as written.
    assert_eq!(b.text("#title-heading").await, "Toy Story");

    b.open(&format!("{}?view=title&id=ds1378&lang=es", site.base))
        .await;
    let viewers = b.wait_text(".title-score.viewers", |t| !t.is_empty()).await;
    assert!(
        viewers.starts_with("Espectadores de MovieLens: ") && viewers.contains(" valoraciones)"),
        "{viewers}"
    );
    b.close().await;
}

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn a_bad_shared_link_is_explained_and_rate_yourself_opens_with_known_titles() {
    let site = StaticSite::start(&built_site(), "/");
    let b = Browser::start().await;
    let bad = "ds1378:5,ns1284:7";
    let api = cartelera_recommender::VisitorRequest::parse([("picks", bad)])
        .expect_err("a rating of 7 is refused")
        .to_string();
    b.open(&format!("{}?view=rate&picks={bad}&lang=en", site.base))
        .await;
    let problem = b.wait_text(".problem", |t| !t.is_empty()).await;
    assert!(problem.contains(&api), "{problem} should hold {api}");
    assert!(problem.contains("ns1284:7"), "{problem}");

    // The starter set: titles real viewers rated most, a dozen of them.
    b.open(&format!("{}?view=rate&lang=en", site.base)).await;
    b.wait_text(".starter", |t| !t.is_empty()).await;
    let starter: Vec<String> = serde_json::from_value(
        b.js("return Array.from(document.querySelectorAll('.starter .result-title')).map(a => new URLSearchParams(a.search).get('id'))")
            .await,
    )
    .expect("ids");
    assert_eq!(starter.len(), 12, "{starter:?}");
    b.close().await;
}
