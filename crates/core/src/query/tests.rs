//! Each query on a small catalog whose answers are worked out by hand in
//! the comments.

use super::*;
use crate::model::tests::movie;
use crate::model::Catalog;

fn with(mut t: Title, f: impl FnOnce(&mut Title)) -> Title {
    f(&mut t);
    t
}

fn minutes(t: Title, m: u32) -> Title {
    with(t, |t| {
        t.duration_int = Some(m);
        t.duration_type = Some(DurationType::Min);
    })
}

fn show(t: Title, seasons: u32) -> Title {
    with(t, |t| {
        t.kind = TitleType::TvShow;
        t.duration_int = Some(seasons);
        t.duration_type = Some(DurationType::Season);
    })
}

fn scored(t: Title, score: f64) -> Title {
    with(t, |t| {
        t.score = Some(score);
        t.score_count = 3;
    })
}

fn cast(t: Title, names: &str) -> Title {
    with(t, |t| t.cast = Some(names.to_string()))
}

/// hulu 2019: movies "b" 120 min (hs2), "a" 120 min (hs3), "c" 95 min;
/// a hulu 2019 show with 130 "minutes" mislabelled as a show must not win;
/// netflix 2019: "z" 150 min; hulu 2018: "y" 200 min.
fn catalog() -> Catalog {
    Catalog::new(vec![
        scored(
            cast(minutes(movie("hs2", "b", 2019), 120), "ann, bo, ann"),
            4.5,
        ),
        scored(cast(minutes(movie("hs3", "a", 2019), 120), "bo, cy"), 3.0),
        scored(cast(minutes(movie("hs4", "c", 2019), 95), " cy ,ann"), 3.5),
        with(minutes(movie("hs5", "s", 2019), 130), |t| {
            t.kind = TitleType::TvShow
        }),
        cast(show(movie("hs6", "d", 2019), 4), "dee"),
        show(movie("hs7", "e", 2017), 9),
        minutes(movie("ns1", "z", 2019), 150),
        scored(minutes(movie("hs9", "y", 2018), 200), 5.0),
        movie("ds1", "no duration", 2019),
    ])
    .unwrap()
}

#[test]
fn max_duration_breaks_ties_by_title_then_id() {
    let cat = catalog();
    // hs2 "b" and hs3 "a" both run 120 min: "a" < "b" wins. hs5 is a show.
    let got = get_max_duration(&cat, Some(2019), Some(Platform::Hulu), None).unwrap();
    assert_eq!((got.id.as_str(), got.duration_int), ("hs3", 120));
    // Same title and length: the smaller id wins.
    let twins = Catalog::new(vec![
        minutes(movie("hs8", "same", 2000), 90),
        minutes(movie("hs10", "same", 2000), 90),
    ])
    .unwrap();
    let got = get_max_duration(&twins, None, None, None).unwrap();
    assert_eq!(got.id, "hs10", "\"hs10\" < \"hs8\" by code point");
}

#[test]
fn max_duration_filters_are_optional() {
    let cat = catalog();
    assert_eq!(get_max_duration(&cat, None, None, None).unwrap().id, "hs9");
    assert_eq!(
        get_max_duration(&cat, Some(2019), None, None).unwrap().id,
        "ns1"
    );
    let seasons = get_max_duration(&cat, None, Some(Platform::Hulu), Some(DurationType::Season));
    assert_eq!(seasons.unwrap().id, "hs7");
    assert_eq!(get_max_duration(&cat, Some(1990), None, None), None);
    assert_eq!(
        get_max_duration(&cat, None, Some(Platform::Amazon), None),
        None
    );
}

#[test]
fn score_count_counts_movies_strictly_above() {
    let cat = catalog();
    // hulu 2019 movies scored 4.5, 3.0, 3.5 (+ the unscored show): > 3.0 → 2.
    assert_eq!(get_score_count(&cat, Platform::Hulu, 3.0, 2019).count, 2);
    assert_eq!(get_score_count(&cat, Platform::Hulu, 0.0, 2019).count, 3);
    assert_eq!(get_score_count(&cat, Platform::Hulu, 4.5, 2019).count, 0);
    assert_eq!(get_score_count(&cat, Platform::Netflix, 0.0, 2019).count, 0);
}

#[test]
fn count_platform_splits_movies_and_shows() {
    let got = get_count_platform(&catalog(), Platform::Hulu);
    assert_eq!((got.movies, got.tv_shows, got.total), (4, 3, 7));
    assert_eq!(get_count_platform(&catalog(), Platform::Amazon).total, 0);
}

#[test]
fn actor_counts_once_per_title_and_breaks_ties_by_name() {
    let cat = catalog();
    // hulu 2019 casts: {ann, bo} (ann twice in one title counts once),
    // {bo, cy}, {cy, ann}, {dee}: ann 2, bo 2, cy 2, dee 1 → "ann".
    let got = get_actor(&cat, Platform::Hulu, 2019).unwrap();
    assert_eq!((got.actor.as_str(), got.count), ("ann", 2));
    assert_eq!(get_actor(&cat, Platform::Hulu, 2017), None, "no cast data");
    assert_eq!(get_actor(&cat, Platform::Disney, 2019), None);
}

#[test]
fn parse_accepts_the_original_parameters() {
    let q = Query::parse(
        "get_max_duration",
        [
            ("year", "2019"),
            ("platform", "HULU"),
            ("duration_type", "seasons"),
        ],
    )
    .unwrap();
    assert_eq!(
        q,
        Query::MaxDuration {
            year: Some(2019),
            platform: Some(Platform::Hulu),
            duration_type: Some(DurationType::Season)
        }
    );
    let q = Query::parse("get_max_duration", [("year", ""), ("platform", "")]).unwrap();
    assert_eq!(
        q,
        Query::MaxDuration {
            year: None,
            platform: None,
            duration_type: None
        }
    );
    let q = Query::parse(
        "get_score_count",
        [("platform", "netflix"), ("scored", "3.5"), ("year", "2020")],
    );
    assert_eq!(q.unwrap().name(), "get_score_count");
}

#[test]
fn parse_reports_what_is_wrong() {
    let err = Query::parse("get_actor", [("platform", "hbo"), ("year", "2018")]).unwrap_err();
    assert_eq!(err.param, "platform");
    assert!(err.to_string().contains("amazon, disney, hulu, netflix"));
    let err = Query::parse("get_actor", [("platform", "hulu")]).unwrap_err();
    assert!(err.missing && err.param == "year", "{err}");
    let err = Query::parse("get_actor", [("platform", "hulu"), ("yr", "2018")]).unwrap_err();
    assert_eq!(err.value, "yr");
    assert!(err.expected.contains("platform, year"), "{err}");
    let err =
        Query::parse("get_score_count", [("platform", "hulu"), ("year", "2018")]).unwrap_err();
    assert_eq!(err.param, "scored");
    let err = Query::parse("get_everything", []).unwrap_err();
    assert!(err.to_string().contains("get_max_duration"), "{err}");
}

#[test]
fn answers_serialise_to_the_api_bodies() {
    let cat = catalog();
    let run = |name: &str, pairs: &[(&str, &str)]| {
        let answer = Query::parse(name, pairs.iter().copied()).unwrap().run(&cat);
        serde_json::to_string(&answer).unwrap()
    };
    assert_eq!(
        run(
            "get_max_duration",
            &[("platform", "hulu"), ("year", "2019")]
        ),
        r#"{"id":"hs3","title":"a","platform":"hulu","release_year":2019,"duration_int":120,"duration_type":"min"}"#
    );
    assert_eq!(run("get_max_duration", &[("year", "1990")]), "null");
    assert_eq!(
        run(
            "get_score_count",
            &[("platform", "hulu"), ("scored", "3"), ("year", "2019")]
        ),
        r#"{"platform":"hulu","year":2019,"scored":3.0,"count":2}"#
    );
    assert_eq!(
        run("get_count_platform", &[("platform", "hulu")]),
        r#"{"platform":"hulu","movies":4,"tv_shows":3,"total":7}"#
    );
    assert_eq!(
        run("get_actor", &[("platform", "hulu"), ("year", "2019")]),
        r#"{"platform":"hulu","year":2019,"actor":"ann","count":2}"#
    );
    assert_eq!(
        run("get_actor", &[("platform", "disney"), ("year", "2019")]),
        "null"
    );
}
