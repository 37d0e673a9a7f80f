//! Search on a small hand-made catalog; every expectation is worked out
//! from the titles listed in `catalog()`.

use super::*;
use crate::model::tests::movie;

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
        (2, vec!["ds3".into(), "ns5".into()])
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
fn genre_and_rating_lists_are_sorted_and_distinct() {
    let c = catalog();
    let index = SearchIndex::new(&c);
    assert_eq!(
        index.genres(),
        [
            "documentaries",
            "dramas",
            "international movies",
            "thriller"
        ]
    );
    assert_eq!(index.ratings(), ["g", "pg"]);
}
