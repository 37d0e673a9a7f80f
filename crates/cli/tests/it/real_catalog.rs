//! The pipeline's rules and the four queries on the real raw catalogs:
//! row counts, every known quirk of the files (see data/raw/SOURCES.md),
//! and answers checked against independent computations.

use cartelera_core::query::{get_actor, get_count_platform, get_max_duration};
use cartelera_core::{Catalog, DurationType, Platform, TitleType};
use cartelera_testkit::{raw_dir, real_titles};

fn catalog() -> Catalog {
    Catalog::new(real_titles().to_vec()).expect("ids are unique")
}

#[test]
fn every_row_of_the_four_files_becomes_a_title() {
    let loaded = cartelera::ingest::catalog_csv::load_catalogs(&raw_dir()).unwrap();
    let kept: Vec<(String, u64, u64)> = loaded
        .reports
        .iter()
        .map(|r| (r.platform.clone(), r.rows_read, r.rows_kept))
        .collect();
    assert_eq!(
        kept,
        [
            ("amazon".to_string(), 9668, 9668),
            ("disney".to_string(), 1450, 1450),
            ("hulu".to_string(), 3073, 3073),
            ("netflix".to_string(), 8807, 8807),
        ]
    );
    assert_eq!(loaded.titles.len(), 22_998);
}

#[test]
fn the_files_quirks_are_handled() {
    let cat = catalog();
    // U+2028 inside amazon s28's cast survives (and does not split the row).
    assert!(cat
        .get("as28")
        .unwrap()
        .cast
        .as_deref()
        .unwrap()
        .contains('\u{2028}'));
    // netflix s6080's date_added is " August 4, 2017" (leading space).
    assert_eq!(
        cat.get("ns6080").unwrap().date_added.unwrap().to_string(),
        "2017-08-04"
    );
    // amazon s5141's director is the literal "None": missing.
    assert_eq!(cat.get("as5141").unwrap().director, None);
    // Durations in the rating column: hulu s51 ("2 Seasons"), netflix s5542 ("74 min").
    let s51 = cat.get("hs51").unwrap();
    assert_eq!(
        (s51.duration_int, s51.duration_type, s51.rating.as_str()),
        (Some(2), Some(DurationType::Season), "g")
    );
    let s5542 = cat.get("ns5542").unwrap();
    assert_eq!(
        (s5542.duration_int, s5542.duration_type),
        (Some(74), Some(DurationType::Min))
    );
    // Text is trimmed and lower-cased, NBSP included (netflix s6530 "Consequences\u{a0}").
    assert_eq!(cat.get("ns6530").unwrap().title, "consequences");
    assert!(cat
        .titles()
        .iter()
        .all(|t| t.title == t.title.trim() && t.title == t.title.to_lowercase()));
}

#[test]
fn null_counts_match_the_documented_ones() {
    // SOURCES.md, combined non-null counts (pandas ≥ 2): director 14738,
    // cast 17677, country 11499, date_added 13444, description 22994;
    // 482 null durations, of which 295 are recovered from the rating column.
    let titles = real_titles();
    let present =
        |f: &dyn Fn(&cartelera_core::Title) -> bool| titles.iter().filter(|t| f(t)).count();
    assert_eq!(present(&|t| t.director.is_some()), 14_738);
    assert_eq!(present(&|t| t.cast.is_some()), 17_677);
    assert_eq!(present(&|t| t.country.is_some()), 11_499);
    assert_eq!(present(&|t| t.date_added.is_some()), 13_444);
    assert_eq!(present(&|t| t.description.is_some()), 22_994);
    assert_eq!(present(&|t| t.duration_int.is_none()), 482 - 295);
    // Units: min 15999, Season 4183 + Seasons 2334 in the duration column,
    // plus the moved values.
    let moved_min = 3 + titles
        .iter()
        .filter(|t| {
            t.platform == Platform::Hulu
                && t.rating == "g"
                && t.duration_type == Some(DurationType::Min)
        })
        .count();
    let mins = present(&|t| t.duration_type == Some(DurationType::Min));
    let seasons = present(&|t| t.duration_type == Some(DurationType::Season));
    assert_eq!(mins + seasons, 15_999 + 4_183 + 2_334 + 295);
    assert!(mins >= 15_999 && mins <= 15_999 + moved_min, "{mins}");
}

#[test]
fn count_platform_matches_the_type_column() {
    let cat = catalog();
    for (platform, movies, shows) in [
        (Platform::Amazon, 7814, 1854),
        (Platform::Disney, 1052, 398),
        (Platform::Hulu, 1484, 1589),
        (Platform::Netflix, 6131, 2676),
    ] {
        let got = get_count_platform(&cat, platform);
        assert_eq!(
            (got.movies, got.tv_shows, got.total),
            (movies, shows, movies + shows),
            "{platform}"
        );
    }
}

#[test]
fn hulus_longest_2019_movie_is_the_traitor() {
    let got = get_max_duration(
        &catalog(),
        Some(2019),
        Some(Platform::Hulu),
        Some(DurationType::Min),
    )
    .unwrap();
    assert_eq!(got.title, "the traitor");
    // Independently: no hulu 2019 movie runs longer.
    let longest = real_titles()
        .iter()
        .filter(|t| {
            t.platform == Platform::Hulu && t.release_year == 2019 && t.kind == TitleType::Movie
        })
        .filter(|t| t.duration_type == Some(DurationType::Min))
        .filter_map(|t| t.duration_int)
        .max();
    assert_eq!(Some(got.duration_int), longest);
}

#[test]
fn get_actor_matches_an_independent_count() {
    // Answers computed with Python's csv module over the raw files
    // (split on commas, strip, lower-case, a set per title).
    let cat = catalog();
    for (platform, year, actor, count) in [
        (Platform::Netflix, 2019, "vincent tong", 8),
        (Platform::Amazon, 2018, "maggie binkley", 11),
        (Platform::Disney, 2018, "sam peltz", 3),
    ] {
        let got = get_actor(&cat, platform, year).unwrap();
        assert_eq!(
            (got.actor.as_str(), got.count),
            (actor, count),
            "{platform} {year}"
        );
    }
    assert_eq!(
        get_actor(&cat, Platform::Hulu, 2019),
        None,
        "hulu has no cast data"
    );
}
