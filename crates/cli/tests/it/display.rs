//! Display text and works on the real catalogs, through the pipeline's
//! `titles.parquet` and the page's files (`export-web`): every row keeps
//! its original case beside the queries' lower-case text, and belongs to
//! a work.

use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;

use cartelera_core::Title;
use cartelera_testkit::{cartelera, etl, raw_dir};
use tempfile::TempDir;

/// The ETL (one rating, the catalog is what matters here) and export-web,
/// run once.
struct Built {
    _dir: TempDir,
    out: PathBuf,
    web: PathBuf,
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let ratings = dir.path().join("ratings");
        fs::create_dir(&ratings).unwrap();
        fs::write(
            ratings.join("1.csv"),
            "userId,rating,timestamp,movieId\n1,4.0,1500000000,hs1518\n",
        )
        .unwrap();
        let out = dir.path().join("out");
        let run = etl(&raw_dir(), &ratings, &out, &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let web = dir.path().join("web");
        let (data, to) = (out.to_str().unwrap(), web.to_str().unwrap());
        let model = dir.path().join("no-model");
        let export = cartelera(&[
            "export-web",
            "--data",
            data,
            "--model",
            model.to_str().unwrap(),
            "--out",
            to,
        ]);
        assert_eq!(export.code, 0, "{}", export.stderr);
        Built {
            _dir: dir,
            out,
            web,
        }
    })
}

fn read_titles(path: PathBuf) -> Vec<Title> {
    cartelera_store::titles::read(fs::read(path).unwrap().into()).unwrap()
}

fn pipeline_titles() -> &'static [Title] {
    static TITLES: OnceLock<Vec<Title>> = OnceLock::new();
    TITLES.get_or_init(|| read_titles(built().out.join("titles.parquet")))
}

fn find<'a>(titles: &'a [Title], id: &str) -> &'a Title {
    titles
        .iter()
        .find(|t| t.id == id)
        .expect("the id is in the catalog")
}

#[test]
fn every_display_text_lowercased_is_the_query_text() {
    let titles = pipeline_titles();
    assert_eq!(titles.len(), 22_998);
    let mut cased = 0;
    for t in titles {
        assert_eq!(t.display_title().to_lowercase(), t.title, "{}", t.id);
        for (name, shown, query) in [
            ("director", t.display_director(), t.director.as_deref()),
            ("cast", t.display_cast(), t.cast.as_deref()),
            ("country", t.display_country(), t.country.as_deref()),
            ("listed_in", t.display_listed_in(), t.listed_in.as_deref()),
            (
                "description",
                t.display_description(),
                t.description.as_deref(),
            ),
        ] {
            assert_eq!(
                shown.map(str::to_lowercase).as_deref(),
                query,
                "{} {name}",
                t.id
            );
        }
        cased += usize::from(t.display.title.is_some());
    }
    // Nearly every title has capitals in the raw files.
    assert!(cased > 22_000, "{cased} titles keep a display title");
}

#[test]
fn names_keep_their_case() {
    // The rules keep the synopsis' case; titles.parquet stores the title,
    // director, country and genre labels' (the cast and synopsis would
    // break its size budget).
    let traitor = find(cartelera_testkit::real_titles(), "hs1518");
    assert!(
        traitor
            .display_description()
            .unwrap()
            .starts_with("Tommaso Buscetta becomes the first mafia informant in 1980s Sicily"),
        "{:?}",
        traitor.display_description()
    );
    let titles = pipeline_titles();
    assert_eq!(find(titles, "hs3035").display_title(), "The Office (U.K.)");
    assert_eq!(
        find(titles, "hs3035").display_country(),
        Some("United Kingdom")
    );
    assert_eq!(find(titles, "hs2653").display_title(), "FLCL");
    assert_eq!(
        find(titles, "ns603").display_title(),
        "The Karate Kid Part II"
    );
    assert_eq!(find(titles, "ns603").title, "the karate kid part ii");
}

#[test]
fn every_row_has_a_work_and_one_film_on_two_platforms_shares_it() {
    let titles = pipeline_titles();
    for t in titles {
        assert!(
            t.work_id.starts_with("w-") && t.work_id.len() > 2,
            "{}",
            t.id
        );
    }
    // Catch Me If You Can (2002) is on Amazon and Netflix.
    assert_eq!(find(titles, "as7042").work_id, "w-as7042");
    assert_eq!(find(titles, "ns330").work_id, "w-as7042");
}

#[test]
fn the_pages_files_carry_works_but_not_yet_display_text() {
    let web = read_titles(built().web.join("titles.parquet"));
    let pipeline = pipeline_titles();
    assert_eq!(web.len(), pipeline.len());
    for (w, p) in web.iter().zip(pipeline) {
        assert_eq!((&w.id, &w.work_id), (&p.id, &p.work_id));
        // The page's first download stays as small as before: no display
        // columns until the page derives the lower-case text from them.
        assert_eq!(w.display, cartelera_core::TitleDisplay::default());
        assert_eq!(w.display_title(), p.title);
        assert_eq!(w.description, None, "synopses are in their own file");
    }
    let bytes = fs::read(built().web.join("descriptions.parquet")).unwrap();
    let shown = cartelera_store::descriptions::read_display(bytes.clone().into()).unwrap();
    let lower = cartelera_store::descriptions::read(bytes.into()).unwrap();
    // The synopsis' display text is not in titles.parquet yet: it falls
    // back to the lower-case text.
    assert_eq!(shown["hs1518"], lower["hs1518"]);
    assert!(lower["hs1518"].starts_with("tommaso buscetta becomes"));
}
