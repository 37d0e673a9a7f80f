//! A history brought from another service (issue 16) in the page: each
//! export format (the CLI's fixtures, invented files written as IMDb,
//! Letterboxd and Netflix write them, plus the page's own ratings CSV)
//! and Letterboxd's zip archive) chosen on the import view shows the match report the CLI's `history`
//! prints, keeps nothing until confirmed, and once confirmed the rate view
//! recommends what `recommend --history` recommends and the fit view ranks
//! the platforms as `platform-fit --history` does; the fit's share link
//! carries figures only and opens elsewhere; bad files are explained and
//! change nothing stored.

use std::path::{Path, PathBuf};

use fantoccini::Locator;

use crate::browser::Browser;
use crate::site::{built_site, StaticSite};
use crate::taste::{cli, ids, listed};

/// The CLI's history fixtures.
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates/cli/tests/fixtures/history")
        .join(name)
}

/// What localStorage holds for the visitor's ratings and lists.
async fn stored(b: &Browser) -> (serde_json::Value, serde_json::Value) {
    let picks = b.js("return localStorage.getItem('cartelera.picks')").await;
    let lists = b.js("return localStorage.getItem('cartelera.lists')").await;
    (picks, lists)
}

/// Chooses `file` in the import view's file input.
async fn choose(b: &Browser, file: &Path) {
    let input = b
        .client
        .find(Locator::Css(".import-file input[type=file]"))
        .await
        .expect("the import view's file input");
    input
        .send_keys(&file.display().to_string())
        .await
        .expect("choose the file");
}

/// The platform ids of a fit ranking on the page, best first, with how
/// many of the top 100 each carries.
async fn ranking(b: &Browser) -> Vec<(String, u64)> {
    b.wait(".fit-ranking .fit-row").await;
    let rows = b
        .js("return Array.from(document.querySelectorAll('.fit-row')).map(li => [li.dataset.platform, Number(li.dataset.top)])")
        .await;
    serde_json::from_value(rows).expect("platform rows")
}

/// The CLI's fit for the same file: platform ids best first, with their
/// top-100 counts.
fn cli_ranking(dir: &Path, file: &Path, choose: Option<&str>) -> Vec<(String, u64)> {
    let file = file.display().to_string();
    let mut args = vec!["platform-fit", "--history", &file];
    if let Some(c) = choose {
        args.extend(["--choose", c]);
    }
    cli(dir, &args)["fit"]["platforms"]
        .as_array()
        .expect("platforms")
        .iter()
        .map(|p| {
            (
                p["platform"].as_str().expect("id").to_string(),
                p["top_carried"].as_u64().expect("count"),
            )
        })
        .collect()
}

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn every_export_imports_and_the_page_answers_as_the_cli() {
    let dir = built_site();
    let site = StaticSite::start(&dir, "/");
    let b = Browser::start().await;
    let folder = tempfile::tempdir().expect("temp folder");
    let own = folder.path().join("cartelera-ratings.csv");
    std::fs::write(&own, "id,rating\nds1378,5\nds890,4.5\nns1284,1\n").expect("write");
    // (file, the choice for its ambiguous entry: "Death Note" in the
    // Netflix history, a 2006 series and a 2017 film)
    let cases: Vec<(PathBuf, Option<(usize, &str)>)> = vec![
        (fixture("imdb_ratings.csv"), None),
        (fixture("letterboxd_ratings.csv"), None),
        (fixture("letterboxd_watched.csv"), None),
        (fixture("letterboxd-export.zip"), None),
        (fixture("NetflixViewingHistory.csv"), Some((2, "ns5319"))),
        (own, None),
    ];
    for (file, choice) in cases {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let report = cli(&dir, &["history", &file.display().to_string()]);
        b.open(&format!("{}?view=import&lang=en", site.base)).await;
        b.js("localStorage.clear()").await;
        b.open(&format!("{}?view=import&lang=en", site.base)).await;
        b.wait_text("#import-heading", |t| t == "Import your history")
            .await;
        choose(&b, &file).await;
        let count = |key: &str| report[key].as_array().map_or(0, Vec::len);
        let expected = format!(
            "{} found, {} to choose, {} not found",
            count("matched"),
            count("ambiguous"),
            count("unmatched")
        );
        let summary = b.wait_text(".import-summary", |t| !t.is_empty()).await;
        assert!(
            summary.contains(&expected),
            "{name}: {summary:?}, CLI: {expected}"
        );
        let matched_rows = b
            .js("return Array.from(document.querySelectorAll('.import-matched tbody tr')).map(tr => tr.dataset.id)")
            .await;
        let cli_matched = matched_ids(&report);
        assert_eq!(
            serde_json::from_value::<Vec<String>>(matched_rows).unwrap(),
            cli_matched,
            "{name}: matched rows"
        );
        // Nothing is kept before the visitor confirms.
        assert_eq!(
            stored(&b).await,
            (serde_json::Value::Null, serde_json::Value::Null),
            "{name}: stored before confirming"
        );
        let choose_arg = choice.map(|(line, id)| format!("{line}:{id}"));
        if let Some((line, id)) = choice {
            b.wait(&format!("fieldset[data-line='{line}'] input[value='{id}']"))
                .await
                .click()
                .await
                .expect("choose a candidate");
        }
        b.wait(".import-confirm")
            .await
            .click()
            .await
            .expect("confirm");
        b.wait_text(".import-kept .note", |t| t.starts_with("Kept: "))
            .await;

        // The rate view recommends what the CLI recommends for the file.
        let file_arg = file.display().to_string();
        let mut args = vec!["recommend", "--history", &file_arg];
        if let Some(c) = &choose_arg {
            args.extend(["--choose", c]);
        }
        let expected = ids(&cli(&dir, &args));
        b.open(&format!("{}?view=rate&lang=en", site.base)).await;
        b.wait_text(".visitor-reco .results", |t| !t.is_empty())
            .await;
        let shown: Vec<String> = listed(&b, "rate-reco-heading")
            .await
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(shown, expected, "{name}: page vs `recommend --history`");

        // The fit view ranks as the CLI does.
        b.open(&format!("{}?view=fit&lang=en", site.base)).await;
        let page = ranking(&b).await;
        assert_eq!(
            page,
            cli_ranking(&dir, &file, choose_arg.as_deref()),
            "{name}: page vs `platform-fit --history`"
        );

        // Its share link carries figures only, and shows the same ranking
        // to someone with nothing stored.
        let share = b
            .wait(".share-fit")
            .await
            .attr("href")
            .await
            .expect("href")
            .expect("a share link");
        let query = share.split_once('?').map_or("", |(_, q)| q).to_string();
        let keys: Vec<&str> = query
            .split('&')
            .map(|pair| pair.split_once('=').map_or(pair, |(k, _)| k))
            .collect();
        assert_eq!(keys, ["view", "fit", "seen_count", "lang"], "{share}");
        for id in matched_ids(&report) {
            assert!(!share.contains(&id), "{share} names {id}");
        }
        b.js("localStorage.clear()").await;
        b.open(&format!("{}{}", site.base, share.trim_start_matches("./")))
            .await;
        b.wait_text("#fit-shared-heading", |t| t == "A shared ranking")
            .await;
        assert_eq!(ranking(&b).await, page, "{name}: the shared ranking");
    }
    b.close().await;
}

/// The catalog ids of a CLI match report's matched entries, in order.
fn matched_ids(report: &serde_json::Value) -> Vec<String> {
    report["matched"]
        .as_array()
        .expect("matched")
        .iter()
        .map(|m| m["id"].as_str().expect("id").to_string())
        .collect()
}

#[tokio::test]
#[ignore = "needs the built site and Chromium: run `cargo xtask test`"]
async fn bad_files_are_explained_in_both_languages_and_change_nothing() {
    let dir = built_site();
    let site = StaticSite::start(&dir, "/");
    let b = Browser::start().await;
    let folder = tempfile::tempdir().expect("temp folder");
    let write = |name: &str, bytes: &[u8]| {
        let p = folder.path().join(name);
        std::fs::write(&p, bytes).expect("write");
        p
    };
    let imdb = write(
        "imdb.csv",
        b"Const,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors\ntt1,11,2020-01-01,Up,u,movie,8,96,2009,Animation,1,2009-05-29,Pete Docter\n",
    );
    let broken = write(
        "letterboxd.csv",
        b"Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Up,2009,https://boxd.it/a,4\n2024-01-02,Heat,1995\n",
    );
    let garbage: Vec<u8> = (0..3_000_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    let garbage = write("export.csv", &garbage);
    let movielens = write(
        "ratings.csv",
        b"userId,movieId,rating,timestamp\n1,1,4.0,964982703\n",
    );
    // Something kept before: it must stay as it is.
    b.open(&format!("{}?view=import&lang=en", site.base)).await;
    b.js("localStorage.setItem('cartelera.picks', 'ns2186:4'); localStorage.setItem('cartelera.lists', JSON.stringify({format:'cartelera-watchlist',version:1,watchlist:['hs1518'],seen:[]}))")
        .await;
    let before = stored(&b).await;
    for lang in ["en", "es"] {
        b.open(&format!("{}?view=import&lang={lang}", site.base))
            .await;
        b.wait("#import-heading").await;
        for (file, says) in [
            (
                &imdb,
                "imdb.csv, line 2, field `Your Rating`: expected a whole number from 1 to 10, found \"11\"",
            ),
            (&broken, "letterboxd.csv, line 3"),
            (&garbage, "not a history export"),
            (&movielens, "ratings.csv, line 1: not a history export"),
        ] {
            choose(&b, file).await;
            let detail = b
                .wait_text(".problem-detail", |t| t.contains(says))
                .await;
            let title = b.text(".problem strong").await;
            let expected_title = if lang == "es" {
                "No se pudo leer el archivo"
            } else {
                "The file could not be read"
            };
            assert!(title.starts_with(expected_title), "{lang}: {title} ({detail})");
            assert!(
                b.client
                    .find(Locator::Css(".import-confirm"))
                    .await
                    .is_err(),
                "{file:?}: a bad file offers nothing to confirm"
            );
        }
    }
    assert_eq!(stored(&b).await, before, "bad files changed what is stored");
    b.close().await;
}
