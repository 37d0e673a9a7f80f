//! `cartelera links` on the real catalogs and MovieLens ml-latest-small,
//! and the canonical genres and age bands over every label of the real files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::OnceLock;

use cartelera_core::genres::{genres_of_label, genres_of_movielens, AgeBand};
use cartelera_core::links::LinksReport;
use cartelera_core::{Platform, Title};

fn data(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(path)
}

fn real_titles() -> &'static [Title] {
    static TITLES: OnceLock<Vec<Title>> = OnceLock::new();
    TITLES.get_or_init(|| {
        cartelera::ingest::catalog_csv::load_catalogs(&data("raw"))
            .expect("the raw catalogs load")
            .titles
    })
}

/// The command's outputs on the real files, run once.
struct Run {
    links: Vec<BTreeMap<String, String>>,
    works: Vec<BTreeMap<String, String>>,
    report: LinksReport,
    summary: String,
}

fn read_csv(path: PathBuf) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(&path).expect("the CSV opens");
    let header = reader.headers().expect("a header").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("a valid row");
            header
                .iter()
                .zip(r.iter())
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temp dir");
        let out_dir = dir.path().join("build");
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let args = [
            "cartelera".into(),
            "links".into(),
            "--raw".into(),
            data("raw").into_os_string(),
            "--movielens".into(),
            data("movielens/ml-latest-small").into_os_string(),
            "--out".into(),
            out_dir.clone().into_os_string(),
        ];
        let code = cartelera::cli::run(args, &mut out, &mut err);
        let summary = String::from_utf8_lossy(&err).into_owned();
        assert_eq!(code, 0, "{summary}");
        let report = std::fs::read(out_dir.join("links_report.json")).expect("the report exists");
        Run {
            links: read_csv(out_dir.join("links.csv")),
            works: read_csv(out_dir.join("works.csv")),
            report: serde_json::from_slice(&report).expect("the report parses"),
            summary,
        }
    })
}

fn link_of(movie_id: u32) -> Option<&'static BTreeMap<String, String>> {
    run()
        .links
        .iter()
        .find(|l| l["movieId"] == movie_id.to_string())
}

#[test]
fn coverage_beats_the_exact_match_baseline() {
    let r = &run().report;
    assert!(r.overall.movielens_movies >= 1_780, "{:?}", r.overall);
    assert!(r.overall.linked_titles >= 1_900, "{:?}", r.overall);
    assert!(r.overall.ratings >= 30_000, "{:?}", r.overall);
    assert_eq!(
        r.overall.users, 610,
        "every MovieLens user rated a linked movie"
    );
    let baseline = [
        (Platform::Netflix, 875),
        (Platform::Amazon, 430),
        (Platform::Disney, 316),
        (Platform::Hulu, 281),
    ];
    for (p, n) in baseline {
        assert!(
            r.platforms[&p].linked_titles >= n,
            "{p}: {:?}",
            r.platforms[&p]
        );
    }
    assert_eq!(r.movielens_movies, 9_742);
    assert_eq!(r.movielens_ratings, 100_836);
    assert_eq!(r.catalog_titles, 22_998);
    assert_eq!(r.ambiguous_count as usize, r.ambiguous.len());
    assert_eq!(r.rejected_count as usize, r.rejected.len());
    assert_eq!(run().links.len() as u64, r.overall.movielens_movies);
    assert!(run().summary.starts_with("links: "), "{}", run().summary);
    assert_eq!(run().summary.lines().count(), 1);
}

#[test]
fn known_films_link_to_their_rows() {
    let expect = [
        (1, "ds1378"),     // Toy Story (1995)
        (6377, "ds890"),   // Finding Nemo (2003)
        (2571, "ns8415"),  // Matrix, The (1999)
        (8961, "ds1291"),  // Incredibles, The (2004)
        (50872, "ds1153"), // Ratatouille (2007)
        (4886, "ds1092"),  // Monsters, Inc. (2001)
        (260, "ds1212"),   // Star Wars: Episode IV - A New Hope (1977): word order
        (551, "ds1369"),   // Nightmare Before Christmas, The: "Tim Burton's …"
        (59315, "ds1048"), // Iron Man (2008): "Marvel Studios' Iron Man"
    ];
    for (movie_id, id) in expect {
        let link = link_of(movie_id).unwrap_or_else(|| panic!("movie {movie_id} is linked"));
        let ids: Vec<&str> = link["title_ids"].split('|').collect();
        assert!(ids.contains(&id), "{movie_id}: {link:?}");
    }
    // Catch Me If You Can (2002): one work, its Amazon and Netflix rows.
    let link = link_of(5989).expect("Catch Me If You Can is linked");
    assert_eq!(link["title_ids"], "as7042|ns330");
    assert_eq!(link["work_id"], "w-as7042");
    assert_eq!(link["rule"], "exact");
    let work = run()
        .works
        .iter()
        .find(|w| w["work_id"] == "w-as7042")
        .expect("the work is listed");
    assert_eq!(work["platforms"], "amazon|netflix");
}

#[test]
fn links_point_to_movies_and_works_cover_every_title_once() {
    let titles = real_titles();
    let kind: BTreeMap<&str, &str> = titles
        .iter()
        .map(|t| (t.id.as_str(), t.kind.as_str()))
        .collect();
    for link in &run().links {
        for id in link["title_ids"].split('|') {
            assert_eq!(kind.get(id), Some(&"movie"), "{link:?}");
        }
        let c: f64 = link["confidence"].parse().expect("a number");
        assert!((0.0..=1.0).contains(&c), "{link:?}");
    }
    let mut seen = BTreeSet::new();
    for work in &run().works {
        for id in work["title_ids"].split('|') {
            assert!(seen.insert(id.to_string()), "{id} is in two works");
        }
    }
    assert_eq!(seen.len(), titles.len());
    assert!(
        run().works.len() < titles.len(),
        "some films are on several platforms"
    );
    let ids: BTreeSet<&str> = run().links.iter().map(|l| l["movieId"].as_str()).collect();
    assert_eq!(ids.len(), run().links.len(), "one link per MovieLens movie");
}

#[test]
fn every_genre_label_of_the_real_files_is_mapped() {
    let mut unmapped = BTreeSet::new();
    let mut labels = BTreeSet::new();
    for t in real_titles() {
        for label in Title::split_list(t.listed_in.as_deref()) {
            labels.insert(label.to_string());
            if genres_of_label(label).is_none() {
                unmapped.insert(label.to_string());
            }
        }
    }
    assert!(
        unmapped.is_empty(),
        "unmapped listed_in labels: {unmapped:?}"
    );
    assert!(labels.len() >= 100, "{} labels", labels.len());
    let movies = cartelera::cmd::links::read_movies(&data("movielens/ml-latest-small/movies.csv"))
        .expect("movies.csv reads");
    let unmapped: BTreeSet<&str> = movies
        .iter()
        .flat_map(|m| m.genres.split('|'))
        .filter(|g| genres_of_movielens(g).is_none())
        .collect();
    assert!(
        unmapped.is_empty(),
        "unmapped MovieLens genres: {unmapped:?}"
    );
}

#[test]
fn every_age_label_of_the_real_files_has_a_band() {
    let unmapped: BTreeSet<&str> = real_titles()
        .iter()
        .map(|t| t.rating.as_str())
        .filter(|r| AgeBand::of_label(r).is_none())
        .collect();
    assert!(
        unmapped.is_empty(),
        "age labels without a band: {unmapped:?}"
    );
}
