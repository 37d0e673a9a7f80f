//! The EDA numbers on the real catalogs, against counts computed
//! independently from `data/raw` (Python's csv module: split on commas,
//! trimmed, lower-cased, each name once per title, `None`/empty missing),
//! and `cartelera eda`'s report on a small pipeline run end to end.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::sync::OnceLock;

use cartelera_core::eda::catalog::{
    age_bands, missing_values, movie_minutes, release_years, show_seasons, titles_by_type,
};
use cartelera_core::eda::scores::log2_bin;
use cartelera_core::eda::top::{top_names, ListField};
use cartelera_core::eda::{Bin, EdaFilter};
use cartelera_core::{Catalog, Platform, TitleType};
use cartelera_testkit::{cartelera, etl, raw_dir, real_titles, synth_ratings};
use tempfile::TempDir;

fn real() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::new(real_titles().to_vec()).expect("unique ids"))
}

fn only(platform: Platform) -> EdaFilter {
    EdaFilter {
        platform: Some(platform),
        ..EdaFilter::default()
    }
}

const ALL: EdaFilter = EdaFilter {
    platform: None,
    kind: None,
    year_min: None,
    year_max: None,
};

#[test]
fn titles_per_platform_and_type_match_the_raw_files() {
    let t = titles_by_type(real(), &ALL);
    assert_eq!(t.platform_totals(), [9668, 1450, 3073, 8807]);
    assert_eq!(t.keys, [TitleType::Movie, TitleType::TvShow]);
    assert_eq!(
        t.counts,
        [
            vec![7814, 1854],
            vec![1052, 398],
            vec![1484, 1589],
            vec![6131, 2676]
        ]
    );
}

#[test]
fn release_years_peak_where_the_raw_files_do() {
    let t = release_years(real(), &ALL);
    let expected = [
        (Platform::Amazon, 2021, 1442),
        (Platform::Disney, 2021, 125),
        (Platform::Hulu, 2019, 412),
        (Platform::Netflix, 2018, 1147),
    ];
    for (platform, year, n) in expected {
        let row = t.row(platform).unwrap();
        let peak = (0..row.len())
            .max_by_key(|&k| (row[k], std::cmp::Reverse(k)))
            .unwrap();
        assert_eq!((t.keys[peak], row[peak]), (year, n), "{platform}");
    }
    assert_eq!(t.keys.first(), Some(&1920), "amazon's oldest title");
    assert_eq!(
        release_years(real(), &only(Platform::Disney)).keys.first(),
        Some(&1928)
    );
}

#[test]
fn top_names_match_the_raw_files() {
    let top2 = |field, platform| {
        let lists = top_names(real(), &only(platform), field, 2);
        let list = &lists[0];
        let pairs: Vec<(String, u64)> = list
            .entries
            .iter()
            .map(|e| (e.name.clone(), e.count))
            .collect();
        (pairs, list.distinct)
    };
    let s = |pairs: &[(&str, u64)]| {
        pairs
            .iter()
            .map(|(n, c)| (n.to_string(), *c))
            .collect::<Vec<_>>()
    };
    // Genres as the canonical vocabulary, by code: netflix's "dramas",
    // "tv dramas" and "independent movies"… fold into fewer genres.
    assert_eq!(
        top2(ListField::Genres, Platform::Amazon),
        (s(&[("drama", 3687), ("comedy", 2099)]), 25)
    );
    assert_eq!(
        top2(ListField::Genres, Platform::Disney),
        (s(&[("kids_family", 752), ("comedy", 551)]), 22)
    );
    assert_eq!(
        top2(ListField::Genres, Platform::Hulu),
        (s(&[("drama", 907), ("comedy", 667)]), 24)
    );
    assert_eq!(
        top2(ListField::Genres, Platform::Netflix),
        (s(&[("international", 4269), ("drama", 3190)]), 25)
    );
    assert_eq!(
        top2(ListField::Countries, Platform::Netflix),
        (s(&[("united states", 3690), ("india", 1046)]), 122)
    );
    assert_eq!(
        top2(ListField::Countries, Platform::Hulu),
        (s(&[("united states", 1097), ("japan", 281)]), 57)
    );
    assert_eq!(
        top2(ListField::Directors, Platform::Amazon),
        (s(&[("mark knight", 114), ("cannis holder", 62)]), 6208)
    );
    assert_eq!(
        top2(ListField::Directors, Platform::Disney),
        (s(&[("jack hannah", 17), ("john lasseter", 16)]), 635)
    );
    assert_eq!(
        top2(ListField::Cast, Platform::Amazon),
        (s(&[("maggie binkley", 56), ("1", 35)]), 31753)
    );
    assert_eq!(
        top2(ListField::Cast, Platform::Disney),
        (s(&[("jim cummings", 33), ("walt disney", 20)]), 3753)
    );
    assert_eq!(
        top2(ListField::Cast, Platform::Hulu),
        (Vec::new(), 0),
        "hulu's file has no cast"
    );
    assert_eq!(
        top2(ListField::Cast, Platform::Netflix),
        (s(&[("anupam kher", 43), ("shah rukh khan", 35)]), 36428)
    );
}

#[test]
fn durations_ages_and_missing_values_match_the_raw_files() {
    let minutes = movie_minutes(real(), &ALL);
    let nineties = minutes
        .keys
        .iter()
        .position(|b| {
            *b == Bin {
                lo: 90,
                hi: Some(99),
            }
        })
        .unwrap();
    let column = |t: &cartelera_core::eda::PlatformTable<Bin>, k: usize| {
        t.counts.iter().map(|r| r[k]).collect::<Vec<_>>()
    };
    assert_eq!(column(&minutes, nineties), [1665, 194, 365, 1368]);
    let seasons = show_seasons(real(), &ALL);
    assert_eq!(
        column(&seasons, 0),
        [1342, 219, 871, 1793],
        "single-season shows"
    );
    assert_eq!(
        seasons.platform_totals(),
        [1854, 398, 1651, 2676],
        "titles measured in seasons"
    );
    // Age bands (core::genres::AgeBand), youngest audience first: all,
    // 7+, 13+, 16+, 18+, unrated; every title in one band.
    for (platform, counts) in [
        (Platform::Amazon, [1854, 846, 2718, 1550, 2336, 364]),
        (Platform::Disney, [624, 681, 145, 0, 0, 0]),
        (Platform::Hulu, [1009, 472, 854, 0, 736, 2]),
        (Platform::Netflix, [575, 1490, 2650, 0, 4009, 83]),
    ] {
        let t = age_bands(real(), &only(platform));
        assert_eq!(t.counts[0], counts, "{platform}");
        assert_eq!(
            t.platform_totals()[0],
            titles_by_type(real(), &only(platform)).platform_totals()[0]
        );
    }
    let missing = missing_values(real(), &ALL);
    let of = |col| {
        missing
            .counts
            .iter()
            .map(|r| r[missing.keys.iter().position(|k| *k == col).unwrap()])
            .collect::<Vec<_>>()
    };
    assert_eq!(of("director"), [2083, 473, 3070, 2634]);
    assert_eq!(of("date_added"), [9513, 3, 28, 10]);
}

#[test]
fn a_filter_narrows_every_table_to_its_titles() {
    let hulu = only(Platform::Hulu);
    let all = movie_minutes(real(), &ALL);
    let one = movie_minutes(real(), &hulu);
    assert_eq!(one.platforms, [Platform::Hulu]);
    assert_eq!(one.counts[0], all.row(Platform::Hulu).unwrap());
    let movies_2020s = EdaFilter {
        kind: Some(TitleType::Movie),
        year_min: Some(2020),
        ..ALL
    };
    let expected: Vec<u64> = Platform::ALL
        .iter()
        .map(|&p| {
            real()
                .titles()
                .iter()
                .filter(|t| t.platform == p && t.kind == TitleType::Movie && t.release_year >= 2020)
                .count() as u64
        })
        .collect();
    assert_eq!(
        titles_by_type(real(), &movies_2020s).platform_totals(),
        expected
    );
    assert!(expected.iter().sum::<u64>() < 7814 + 1052 + 1484 + 6131);
}

/// A small pipeline run with a trained model, its sweep and CV, and the
/// EDA report of all platforms and of hulu, made once.
struct Report {
    dir: TempDir,
    html: String,
    hulu_html: String,
}

fn report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let (ratings, out) = (dir.path().join("ratings"), dir.path().join("out"));
        assert_eq!(synth_ratings(&ratings, &["--small"]).code, 0);
        let run = etl(&raw_dir(), &ratings, &out, &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let path = |p: &Path| p.to_str().unwrap().to_string();
        let parquet = path(&out.join("ratings.parquet"));
        let small = ["--factors", "4", "--epochs", "3", "--threads", "1"];
        let train = |extra: &[&str]| {
            let mut args = vec!["train", "--ratings", parquet.as_str()];
            args.extend_from_slice(&small);
            args.extend_from_slice(extra);
            let run = cartelera(&args);
            assert_eq!(run.code, 0, "{}", run.stderr);
            run.stdout
        };
        let model = path(&out.join("model"));
        train(&["--out", model.as_str()]);
        fs::write(dir.path().join("sweep.json"), train(&["--sweep", "--json"])).unwrap();
        fs::write(dir.path().join("cv.json"), train(&["--cv", "3", "--json"])).unwrap();
        let eda = |name: &str, extra: &[&str]| {
            let html = path(&dir.path().join(name));
            let (sweep, cv) = (
                path(&dir.path().join("sweep.json")),
                path(&dir.path().join("cv.json")),
            );
            let mut args = vec![
                "eda",
                "--data",
                out.to_str().unwrap(),
                "--sweep",
                &sweep,
                "--cv",
                &cv,
                "--out",
                &html,
            ];
            args.extend_from_slice(extra);
            let run = cartelera(&args);
            assert_eq!(run.code, 0, "{}", run.stderr);
            fs::read_to_string(&html).unwrap()
        };
        let html = eda("report.html", &[]);
        let hulu_html = eda("hulu.html", &["--platform", "hulu", "--lang", "es"]);
        Report {
            dir,
            html,
            hulu_html,
        }
    })
}

#[test]
fn the_report_has_every_chart_each_with_svg_reading_and_numbers() {
    let html = &report().html;
    let ids = [
        "titles-by-type",
        "release-years",
        "added-per-month",
        "movie-minutes",
        "show-seasons",
        "age-ratings",
        "top-genres",
        "top-countries",
        "top-directors",
        "top-actors",
        "missing-values",
        "score-distribution",
        "score-by-count",
        "ratings-per-title",
        "pipeline-fixes",
        "ratings-rejected",
        "ratings-histogram",
        "ratings-per-user",
        "model-summary",
        "learning-curve",
        "rmse-by-test-size",
        "cv-folds",
    ];
    for id in ids {
        assert!(
            html.contains(&format!("<figure id=\"{id}\">")),
            "{id} missing"
        );
        assert!(
            html.contains(&format!("aria-labelledby=\"chart-{id}-title\"")),
            "{id} unlabelled"
        );
    }
    let count = |s: &str| html.matches(s).count();
    assert_eq!(count("<figure "), ids.len());
    assert_eq!(count("<svg "), ids.len());
    assert_eq!(count("</svg>"), ids.len());
    assert_eq!(count("<details>"), ids.len());
    assert_eq!(count("<table>"), ids.len());
    assert!(!html.contains("<script"), "no script");
    assert!(
        !html.contains("src=") && !html.contains("<link"),
        "nothing is fetched"
    );
    assert!(html.contains("Amazon Prime Video has the most titles (9,668)"));
    assert!(html.contains("Most frequent: Amazon Prime Video Drama (3,687), Disney+ Kids &amp; family (752), Hulu Drama (907), Netflix International (4,269)."));
}

#[test]
fn the_platform_filter_changes_the_report() {
    let hulu = &report().hulu_html;
    assert!(
        hulu.contains("Hulu tiene 3.073 títulos: 1.484 películas y 1.589 series."),
        "hulu report"
    );
    assert!(!hulu.contains("Amazon"), "only hulu's numbers");
    assert!(!report().html.contains("Hulu tiene"));
}

#[test]
fn ratings_per_user_in_the_report_match_the_ratings_file() {
    let out = report().dir.path().join("out");
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("etl_report.json")).unwrap()).unwrap();
    let catalog = cartelera::data::load_catalog(&out).unwrap();
    let bytes = fs::read(out.join("ratings.parquet")).unwrap();
    let row_of = |id: &str| catalog.row_of(id).map(|r| r as u32);
    let ratings = cartelera_store::ratings::read(bytes.into(), &row_of).unwrap();
    let mut per_user: HashMap<u32, u64> = HashMap::new();
    for &user in &ratings.user_id {
        *per_user.entry(user).or_insert(0) += 1;
    }
    let mut expected: Vec<(u64, u64, u64)> = Vec::new();
    let (lo, hi) = (
        per_user.values().min().copied().unwrap(),
        per_user.values().max().copied().unwrap(),
    );
    let mut bin = log2_bin(lo);
    loop {
        let top = bin.hi.unwrap();
        expected.push((
            bin.lo,
            top,
            per_user
                .values()
                .filter(|&&n| n >= bin.lo && n <= top)
                .count() as u64,
        ));
        if top >= hi {
            break;
        }
        bin = log2_bin(top + 1);
    }
    let got: Vec<(u64, u64, u64)> = json["ratings"]["ratings_per_user"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["lo"].as_u64().unwrap(),
                b["hi"].as_u64().unwrap(),
                b["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, expected);
    assert_eq!(
        got.iter().map(|b| b.2).sum::<u64>(),
        2000,
        "every user counted once"
    );
}
