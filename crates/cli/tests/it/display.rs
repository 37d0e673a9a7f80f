//! Display text and works on the real catalogs, through the pipeline's
//! `titles.parquet` and the page's files (`export-web`): every row keeps
//! its original case beside the queries' lower-case text, and belongs to
//! a work.

use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;

use cartelera_core::{Catalog, Title};
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
        let raw = raw_dir();
        let export = cartelera(&[
            "export-web",
            "--data",
            data,
            "--raw",
            raw.to_str().unwrap(),
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

fn page_titles() -> Vec<Title> {
    let bytes = fs::read(built().web.join("titles.parquet")).unwrap();
    cartelera_store::page_titles::read(bytes.into()).unwrap()
}

#[test]
fn the_pages_catalog_answers_every_query_column_as_the_pipelines() {
    let web = Catalog::new(page_titles()).unwrap();
    let pipeline = Catalog::new(pipeline_titles().to_vec()).unwrap();
    assert_eq!(web.titles().len(), 22_998);
    for (w, p) in web.titles().iter().zip(pipeline.titles()) {
        // Every column the queries, search and lists read: derived from
        // the display text by rule 4, equal to the pipeline's.
        let query_columns = |t: &Title| {
            (
                (t.id.clone(), t.show_id.clone(), t.platform, t.kind),
                (t.title.clone(), t.director.clone(), t.cast.clone()),
                (t.country.clone(), t.listed_in.clone(), t.rating.clone()),
                (
                    t.date_added,
                    t.release_year,
                    t.duration_int,
                    t.duration_type,
                ),
                (t.score, t.score_count, t.work_id.clone()),
            )
        };
        assert_eq!(query_columns(w), query_columns(p), "{}", p.id);
        // Synopses are in their own file: only whether there is one.
        assert_eq!(
            w.description.as_deref(),
            p.description.as_ref().map(|_| ""),
            "{}",
            p.id
        );
        // The pipeline's display text, plus the cast's from the raw files.
        assert_eq!(
            (&w.display.title, &w.display.director),
            (&p.display.title, &p.display.director),
            "{}",
            p.id
        );
        assert_eq!(
            (&w.display.country, &w.display.listed_in),
            (&p.display.country, &p.display.listed_in),
            "{}",
            p.id
        );
    }
    // The queries' answers from the page's catalog are the pipeline's.
    for pairs in [
        vec![("platform", "netflix"), ("year", "2020")],
        vec![
            ("platform", "hulu"),
            ("duration_type", "min"),
            ("year", "2018"),
        ],
    ] {
        for kind in cartelera_core::QueryKind::ALL {
            let wanted = pairs
                .iter()
                .copied()
                .filter(|(k, _)| kind.params().contains(k));
            let Ok(query) = cartelera_core::Query::parse_kind(kind, wanted) else {
                continue;
            };
            assert_eq!(query.run(&web), query.run(&pipeline), "{kind:?} {pairs:?}");
        }
    }
}

#[test]
fn the_pages_eda_counts_missing_values_as_the_pipelines() {
    use cartelera_core::eda::catalog::missing_values;
    use cartelera_core::eda::EdaFilter;
    let web = Catalog::new(page_titles()).unwrap();
    let pipeline = Catalog::new(pipeline_titles().to_vec()).unwrap();
    let filter = EdaFilter::default();
    let (w, p) = (
        missing_values(&web, &filter),
        missing_values(&pipeline, &filter),
    );
    assert_eq!(w.keys, p.keys);
    assert_eq!(w.counts, p.counts, "keys {:?}", w.keys);
    // Not every synopsis is missing (it was, when the page's catalog left
    // them out without saying which titles have one).
    let at = p.keys.iter().position(|k| *k == "description").unwrap();
    let missing: u64 = p.counts.iter().map(|row| row[at]).sum();
    assert!(missing < 1_000, "{missing} synopses missing");
}

#[test]
fn the_page_reads_names_and_synopses_in_their_case() {
    let web = page_titles();
    let blood = find(&web, "ns2");
    assert!(
        blood
            .display_cast()
            .unwrap()
            .starts_with("Ama Qamata, Khosi Ngema"),
        "{:?}",
        blood.display_cast()
    );
    assert_eq!(blood.display_title(), "Blood & Water");
    assert_eq!(find(&web, "hs3035").display_title(), "The Office (U.K.)");
    assert_eq!(
        find(&web, "ns603").display_title(),
        "The Karate Kid Part II"
    );
    let cased = web.iter().filter(|t| t.display.cast.is_some()).count();
    assert!(cased > 15_000, "{cased} titles keep a display cast");
    let (mut shown, mut lower) = (HashMap::new(), HashMap::new());
    for shard in 0..cartelera_store::descriptions::SHARDS {
        let file = cartelera_store::descriptions::shard_file(shard);
        let bytes = fs::read(built().web.join(&file)).unwrap();
        let part = cartelera_store::descriptions::read_display(bytes.clone().into()).unwrap();
        for id in part.keys() {
            assert_eq!(
                cartelera_store::descriptions::shard_of(id),
                shard,
                "{id} in {file}"
            );
        }
        shown.extend(part);
        lower.extend(cartelera_store::descriptions::read(bytes.into()).unwrap());
    }
    assert!(
        shown["hs1518"]
            .starts_with("Tommaso Buscetta becomes the first mafia informant in 1980s Sicily"),
        "{}",
        shown["hs1518"]
    );
    assert!(lower["hs1518"].starts_with("tommaso buscetta becomes"));
    // The lower-case synopses, derived on reading, are the pipeline's.
    for t in pipeline_titles() {
        assert_eq!(lower.get(&t.id), t.description.as_ref(), "{}", t.id);
    }
}
