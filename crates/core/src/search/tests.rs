//! Search on a small hand-made catalog; every expectation is worked out
//! from the titles listed in `catalog()`.

use super::*;
use crate::model::tests::movie;
use crate::model::{DurationType, Platform};

fn with(mut t: Title, f: impl FnOnce(&mut Title)) -> Title {
    f(&mut t);
    t
}

/// ns1 "the traitor" (2019, drama, cast "pierfrancesco favino", 10 ratings)
/// hs2 "traitors" (2020, thriller, 50 ratings)
/// ds3 "a traitor's tale" (2018, tv show, drama, director "ann lee", pg)
/// as4 "ocean" (2019, drama, cast "the traitor band", 5 ratings)
/// ns5 "ocean deep" (2021, documentaries, director "Ann Lee" mixed case)
fn catalog() -> Catalog {
    Catalog::new(vec![
        with(movie("ns1", "the traitor", 2019), |t| {
            t.listed_in = Some("dramas, international movies".into());
            t.cast = Some("pierfrancesco favino, luigi lo cascio".into());
            t.score_count = 10;
        }),
        with(movie("hs2", "traitors", 2020), |t| {
            t.listed_in = Some("thriller".into());
            t.score_count = 50;
        }),
        with(movie("ds3", "a traitor's tale", 2018), |t| {
            t.kind = TitleType::TvShow;
            t.listed_in = Some("dramas".into());
            t.director = Some("ann lee".into());
            t.rating = "pg".into();
        }),
        with(movie("as4", "ocean", 2019), |t| {
            t.listed_in = Some("dramas".into());
            t.cast = Some("the traitor band".into());
            t.score_count = 5;
        }),
        with(movie("ns5", "ocean deep", 2021), |t| {
            t.listed_in = Some("documentaries".into());
            t.director = Some("Ann Lee".into());
        }),
    ])
    .unwrap()
}

fn ids(catalog: &Catalog, result: &SearchResult) -> Vec<String> {
    result
        .rows
        .iter()
        .map(|&r| catalog.titles()[r].id.clone())
        .collect()
}

fn run(pairs: &[(&str, &str)], limit: usize) -> (usize, Vec<String>) {
    let c = catalog();
    let index = SearchIndex::new(&c);
    let q = SearchQuery::parse(pairs.iter().copied()).unwrap();
    let result = index.search(&c, &q, limit);
    (result.total, ids(&c, &result))
}

#[test]
fn title_prefix_beats_title_substring_beats_cast_match() {
    // "traitor": prefix of hs2 "traitors"; inside ns1 and ds3 titles
    // (ns1 has more ratings, 10 vs 0); as4 only through its cast.
    assert_eq!(
        run(&[("q", "Traitor")], 10),
        (
            4,
            vec!["hs2".into(), "ns1".into(), "ds3".into(), "as4".into()]
        )
    );
}

#[test]
fn the_exact_title_comes_first() {
    let c = Catalog::new(vec![
        with(movie("ds2", "toy story 2", 1999), |t| t.score_count = 9),
        with(movie("ds1", "toy story", 1995), |t| t.score_count = 2),
    ])
    .unwrap();
    let index = SearchIndex::new(&c);
    let q = SearchQuery::parse([("q", "Toy Story")]).unwrap();
    let result = index.search(&c, &q, 10);
    assert_eq!(ids(&c, &result), ["ds1", "ds2"]);
}

#[test]
fn every_word_must_match_somewhere() {
    // "favino traitor": only ns1 has both (cast + title).
    assert_eq!(
        run(&[("q", "favino  traitor")], 10),
        (1, vec!["ns1".into()])
    );
    assert_eq!(run(&[("q", "favino ocean")], 10).0, 0);
}

#[test]
fn director_matches_case_blind() {
    assert_eq!(
        run(&[("q", "ann lee")], 10),
        (2, vec!["ns5".into(), "ds3".into()]),
        "neither rated: the newer first"
    );
}

#[test]
fn filters_combine() {
    assert_eq!(run(&[("genre", "Dramas")], 10).0, 3);
    assert_eq!(
        run(&[("genre", "dramas"), ("type", "movie")], 10),
        (2, vec!["ns1".into(), "as4".into()])
    );
    assert_eq!(
        run(&[("platform", "netflix"), ("year_from", "2020")], 10),
        (1, vec!["ns5".into()])
    );
    assert_eq!(run(&[("year_from", "2019"), ("year_to", "2019")], 10).0, 2);
    assert_eq!(run(&[("rating", "pg")], 10), (1, vec!["ds3".into()]));
}

#[test]
fn empty_query_lists_everything_most_rated_first_and_limit_keeps_the_best() {
    assert_eq!(
        run(&[], 2),
        (5, vec!["hs2".into(), "ns1".into()]),
        "total counts all matches even past the limit"
    );
}

#[test]
fn bad_parameters_name_themselves() {
    let err = SearchQuery::parse([("year_from", "19x")]).unwrap_err();
    assert_eq!(err.param, "year_from");
    let err = SearchQuery::parse([("platform", "hbo")]).unwrap_err();
    assert_eq!(err.param, "platform");
    let err = SearchQuery::parse([("type", "film")]).unwrap_err();
    assert_eq!((err.param.as_str(), err.value.as_str()), ("type", "film"));
    let err = SearchQuery::parse([("year_from", "2020"), ("year_to", "2019")]).unwrap_err();
    assert_eq!(err.param, "year_to");
    let err = SearchQuery::parse([("colour", "red")]).unwrap_err();
    assert_eq!(
        (err.param.as_str(), err.value.as_str()),
        ("parameter name", "colour")
    );
}

#[test]
fn pairs_round_trip() {
    let q = SearchQuery::parse([
        ("q", "ocean"),
        ("platform", "netflix"),
        ("type", "tv show"),
        ("year_from", "2000"),
        ("year_to", "2010"),
        ("genre", "dramas"),
        ("rating", "pg"),
    ])
    .unwrap();
    let pairs = q.to_pairs();
    let again = SearchQuery::parse(pairs.iter().map(|(k, v)| (*k, v.as_str()))).unwrap();
    assert_eq!(again, q);
    assert_eq!(SearchQuery::default().to_pairs(), vec![]);
}

#[test]
fn rating_and_raw_genre_lists_are_sorted_and_distinct() {
    let c = catalog();
    let index = SearchIndex::new(&c);
    assert_eq!(index.ratings(), ["g", "pg"]);
    assert_eq!(
        index.genres(),
        [
            "documentaries",
            "dramas",
            "international movies",
            "thriller"
        ]
    );
}

#[test]
fn fold_removes_case_and_accents() {
    assert_eq!(fold("Amélie"), "amelie");
    assert_eq!(fold("ÑANDÚ Straße Œuvre"), "nandu strasse oeuvre");
    assert_eq!(fold("Łódź Žižek Erdős Şahin"), "lodz zizek erdos sahin");
    // A combining accent (e + U+0301) folds like the precomposed letter.
    assert_eq!(fold("Ame\u{301}lie"), "amelie");
    assert_eq!(fold("東京 & co."), "東京 & co.");
    // Every letter of Latin Extended-A maps to an ASCII letter.
    assert_eq!(EXTENDED_A.len(), 128);
    for c in '\u{100}'..='\u{17f}' {
        assert!(
            base_letter(c).is_some_and(|b| b.is_ascii_lowercase()),
            "{c}"
        );
    }
    assert_eq!(base_letter('\u{141}'), Some('l'), "Ł");
    assert_eq!(base_letter('\u{17e}'), Some('z'), "ž");
    assert_eq!(base_letter('\u{151}'), Some('o'), "ő");
    assert_eq!(base_letter('\u{15f}'), Some('s'), "ş");
    assert_eq!(base_letter('\u{107}'), Some('c'), "ć");
    assert_eq!(base_letter('\u{11f}'), Some('g'), "ğ");
}

#[test]
fn fold_of_a_text_is_the_fold_of_each_character() {
    // `fold` copies ASCII runs whole; it must equal folding every character
    // on its own, for each letter it knows and around them.
    let one = |text: &str| -> String {
        let mut out = String::new();
        for c in text.chars().flat_map(char::to_lowercase) {
            fold_char(c, &mut out);
        }
        out
    };
    let chars: Vec<char> = (0u32..0x250)
        .chain(0x300..0x370)
        .chain([0x1e9e, 0x2126, 0x212a, 0x6771])
        .filter_map(char::from_u32)
        .collect();
    for &c in &chars {
        for text in [
            c.to_string(),
            format!("Ab{c}"),
            format!("{c}Cd {c}"),
            format!("e{c}\u{301}Z"),
        ] {
            assert_eq!(fold(&text), one(&text), "{text:?}");
        }
    }
    let all: String = chars.iter().collect();
    assert_eq!(fold(&all), one(&all));
}

fn search(c: &Catalog, pairs: &[(&str, &str)]) -> (usize, Vec<String>) {
    let index = SearchIndex::new(c);
    let q = SearchQuery::parse(pairs.iter().copied()).unwrap();
    let result = index.search(c, &q, q.shown());
    (result.total, ids(c, &result))
}

#[test]
fn search_is_accent_and_case_blind() {
    let c = Catalog::new(vec![
        movie("ns1", "amélie", 2001),
        with(movie("ns2", "the city", 2001), |t| {
            t.director = Some("jean-pierre jeunet".into());
            t.cast = Some("audrey tautou, mathieu kassovitz".into());
        }),
        movie("ns3", "ñandú", 2010),
    ])
    .unwrap();
    assert_eq!(search(&c, &[("q", "amelie")]), (1, vec!["ns1".into()]));
    assert_eq!(search(&c, &[("q", "AMÉLIE")]), (1, vec!["ns1".into()]));
    assert_eq!(search(&c, &[("q", "nandu")]), (1, vec!["ns3".into()]));
    assert_eq!(search(&c, &[("q", "tautou")]), (1, vec!["ns2".into()]));
}

#[test]
fn frozen_ranks_frozen_first_then_prefix_then_words_then_elsewhere() {
    let c = Catalog::new(vec![
        with(movie("ds1", "frozen ii", 2019), |t| t.score_count = 900),
        with(movie("ds2", "frozen planet", 2011), |t| t.score_count = 500),
        with(movie("ds3", "frozen", 2013), |t| t.score_count = 3),
        with(movie("ns4", "the frozen ground", 2013), |t| {
            t.score_count = 800
        }),
        with(movie("ns5", "ice", 2013), |t| {
            t.cast = Some("frozen band".into());
            t.score_count = 999;
        }),
        // Every word in the title, not as a phrase.
        with(movie("hs6", "planet frozen", 2020), |t| t.score_count = 1),
    ])
    .unwrap();
    let (total, order) = search(&c, &[("q", "Frozen")]);
    assert_eq!(total, 6);
    assert_eq!(order, ["ds3", "ds1", "ds2", "ns4", "hs6", "ns5"]);
    let (_, order) = search(&c, &[("q", "frozen planet")]);
    assert_eq!(order, ["ds2", "hs6"], "exact, then every word in the title");
}

#[test]
fn ties_break_by_popularity_then_score_then_year() {
    let c = Catalog::new(vec![
        with(movie("ns1", "up a", 2000), |t| t.score = Some(3.0)),
        with(movie("ns2", "up b", 2001), |t| t.score = Some(4.0)),
        with(movie("ns3", "up c", 2010), |t| t.score = Some(4.0)),
        with(movie("ns4", "up d", 1990), |t| t.score_count = 1),
    ])
    .unwrap();
    assert_eq!(search(&c, &[("q", "up")]).1, ["ns4", "ns3", "ns2", "ns1"]);
}

/// One film on Netflix and Amazon (one work), one show on Hulu.
fn two_platform_catalog() -> Catalog {
    Catalog::new(vec![
        with(movie("as7042", "catch me if you can", 2002), |t| {
            t.work_id = "w-as7042".into();
            t.score_count = 4;
            t.score = Some(4.0);
            t.duration_int = Some(141);
            t.duration_type = Some(DurationType::Min);
            t.rating = "pg-13".into();
            t.listed_in = Some("drama, comedy".into());
        }),
        with(movie("ns330", "catch me if you can", 2002), |t| {
            t.work_id = "w-as7042".into();
            t.score_count = 9;
            t.score = Some(3.5);
            t.duration_int = Some(141);
            t.duration_type = Some(DurationType::Min);
            t.rating = "pg-13".into();
            t.listed_in = Some("dramas, comedies".into());
        }),
        with(movie("hs1", "catch", 2020), |t| {
            t.work_id = "w-hs1".into();
            t.kind = TitleType::TvShow;
            t.duration_int = Some(3);
            t.duration_type = Some(DurationType::Season);
            t.rating = "tv-ma".into();
            t.listed_in = Some("crime".into());
        }),
        with(movie("hs2", "catch 22", 1970), |t| {
            t.work_id = "w-hs2".into();
            t.score = Some(4.5);
            t.duration_int = Some(122);
            t.duration_type = Some(DurationType::Min);
            t.rating = "r".into();
        }),
    ])
    .unwrap()
}

#[test]
fn one_row_per_work_listing_its_platforms() {
    let c = two_platform_catalog();
    let index = SearchIndex::new(&c);
    let q = SearchQuery::parse([("q", "catch me")]).unwrap();
    let found = index.search(&c, &q, 10);
    assert_eq!(found.total, 1);
    assert_eq!(ids(&c, &found), ["ns330"], "the most rated row");
    assert_eq!(
        index.platforms_of(found.rows[0]),
        [Platform::Amazon, Platform::Netflix]
    );
    assert_eq!(index.platforms_of(99), []);
    // A platform filter shows that platform's row of the work.
    assert_eq!(
        search(&c, &[("q", "catch me"), ("platform", "amazon")]),
        (1, vec!["as7042".into()])
    );
    assert_eq!(
        search(&c, &[("platform", "amazon,hulu")]).0,
        3,
        "several platforms: any of them"
    );
}

#[test]
fn sorts_by_year_score_and_length() {
    let c = two_platform_catalog();
    assert_eq!(
        search(&c, &[("q", "catch"), ("sort", "year")]).1,
        ["hs1", "ns330", "hs2"]
    );
    assert_eq!(
        search(&c, &[("q", "catch"), ("sort", "score")]).1,
        ["hs2", "ns330", "hs1"],
        "unrated last"
    );
    assert_eq!(
        search(&c, &[("q", "catch"), ("sort", "length")]).1,
        ["ns330", "hs2", "hs1"],
        "minutes, longest first, then seasons"
    );
    assert_eq!(
        search(&c, &[("q", "catch"), ("sort", "relevance")]).1,
        ["hs1", "ns330", "hs2"]
    );
}

#[test]
fn canonical_genre_age_band_and_min_score_filter() {
    let c = two_platform_catalog();
    assert_eq!(search(&c, &[("genre", "comedy")]).1, ["ns330"]);
    // An older link's platform label naming one genre still works.
    assert_eq!(search(&c, &[("genre", "Comedies")]).1, ["ns330"]);
    assert_eq!(search(&c, &[("genre", "crime")]).1, ["hs1"]);
    assert_eq!(
        search(&c, &[("age", "18+")]).1,
        ["hs2", "hs1"],
        "rated first"
    );
    assert_eq!(search(&c, &[("age", "13+")]).1, ["ns330"]);
    assert_eq!(search(&c, &[("rating", "TV-MA")]).1, ["hs1"]);
    assert_eq!(
        search(&c, &[("min_score", "4")]).1,
        ["as7042", "hs2"],
        "a work passes on one of its rows, and shows that row"
    );
    assert_eq!(search(&c, &[("min_score", "4.5")]).1, ["hs2"]);
}

#[test]
fn paging_and_bad_values_name_their_parameter() {
    let q = SearchQuery::parse([("n", "60")]).unwrap();
    assert_eq!(q.shown(), 60);
    assert_eq!(SearchQuery::parse([("page", "3")]).unwrap().shown(), 90);
    assert_eq!(SearchQuery::default().shown(), SearchQuery::PAGE);
    for (param, value) in [
        ("n", "0"),
        ("n", "3001"),
        ("page", "x"),
        ("sort", "popular"),
        ("age", "21+"),
        ("min_score", "6"),
        ("platform", "netflix,hbo"),
    ] {
        let err = SearchQuery::parse([(param, value)]).unwrap_err();
        assert_eq!((err.param.as_str(), err.value.as_str()), (param, value));
    }
    let err = SearchQuery::parse([("genre", "sci-fi & fantasy")]).unwrap_err();
    assert_eq!(err.param, "genre");
    assert!(err.to_string().contains("action_adventure"), "{err}");
}

#[test]
fn every_field_round_trips_through_pairs() {
    let q = SearchQuery::parse([
        ("q", "ocean"),
        ("platform", "netflix,amazon"),
        ("genre", "sci_fi"),
        ("age", "7+"),
        ("min_score", "3.5"),
        ("sort", "score"),
        ("n", "60"),
    ])
    .unwrap();
    assert_eq!(q.platforms, [Platform::Amazon, Platform::Netflix]);
    let pairs = q.to_pairs();
    assert!(pairs.contains(&("platform", "amazon,netflix".to_string())));
    let again = SearchQuery::parse(pairs.iter().map(|(k, v)| (*k, v.as_str()))).unwrap();
    assert_eq!(again, q);
}

#[test]
fn an_index_built_in_steps_is_the_index_built_at_once() {
    let mut c = catalog().titles().to_vec();
    // Two rows of one work on two platforms, far apart, so that a step
    // boundary falls between them.
    c[0].work_id = "w1".into();
    c[3].work_id = "w1".into();
    let c = Catalog::new(c).unwrap();
    let whole = format!("{:?}", SearchIndex::new(&c));
    for rows in [1, 2, 3, 100] {
        let mut steps = SearchSteps::new(&c);
        let mut calls = 1;
        while steps.step(rows) {
            calls += 1;
        }
        assert_eq!(calls, c.len().div_ceil(rows), "{rows} rows per step");
        let index = steps.finish();
        assert_eq!(format!("{index:?}"), whole, "{rows} rows per step");
        assert_eq!(index.platforms_of(0).len(), 2);
        assert_eq!(index.platforms_of(0), index.platforms_of(3));
    }
}
