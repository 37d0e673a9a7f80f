use cartelera_core::{Title, TitleType};
use serde_json::{json, Value};

use super::*;

/// k = 2, μ = 3. Users: u0 known (b = 0.5, p = (1, 0.5)), u1 known
/// (b = 0, p = (0, 1)), u2 without ratings. Titles: ns1 (1, 0), hs2 (0, 1),
/// ns3 (1, 1), ds4 (-1, 0) with b = 1, ns5 never rated.
fn stored() -> FactorModel {
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    FactorModel {
        mu: 3.0,
        k: 2,
        rating_min: 0.5,
        rating_max: 5.0,
        biased: true,
        item_ids: ids(&["ns1", "hs2", "ns3", "ds4", "ns5"]),
        item_bias: vec![0.0, 0.0, 0.0, 1.0, 0.0],
        item_factors: vec![1.0, 0.0, 0.0, 1.0, 1.0, 1.0, -1.0, 0.0, 2.0, 2.0],
        item_counts: vec![1, 1, 1, 1, 0],
        user_ids: ids(&["u0", "u1", "u2"]),
        user_bias: vec![0.5, 0.0, 0.0],
        user_factors: vec![1.0, 0.5, 0.0, 1.0, 0.0, 0.0],
        user_counts: vec![1, 1, 0],
        // u0 rated ns3 4.5 (stored as 9 half steps).
        user_history: vec![vec![(2, 9)], vec![(0, 6)], vec![]],
        card: json!({"source": "test"}),
        taste: None,
    }
}

fn title(id: &str, name: &str) -> Title {
    Title {
        id: id.to_string(),
        show_id: id[1..].to_string(),
        platform: Platform::from_id(id).unwrap(),
        kind: TitleType::Movie,
        title: name.to_string(),
        director: None,
        cast: None,
        country: None,
        date_added: None,
        release_year: 2020,
        rating: "g".to_string(),
        duration_int: Some(90),
        duration_type: None,
        listed_in: None,
        description: None,
        score: None,
        score_count: 0,
        display: Default::default(),
        work_id: String::new(),
    }
}

fn ids(answer: &[Recommended]) -> Vec<&str> {
    answer.iter().map(|r| r.id.as_str()).collect()
}

#[test]
fn predict_decomposes_and_finds_the_users_own_rating() {
    let r = Recommender::new(stored());
    let p = r.predict("u0", "ns3");
    // 3 + 0.5 + 0 + (1, 0.5)·(1, 1) = 5.0
    assert_eq!(p.prediction, 5.0);
    assert_eq!(
        (p.global_mean, p.user_bias, p.title_bias, p.taste_match),
        (3.0, Some(0.5), Some(0.0), Some(1.5))
    );
    assert_eq!(p.actual, Some(4.5));
    assert_eq!(p.fallback, None);
    assert_eq!(r.predict("u0", "ns1").actual, None);
}

#[test]
fn predict_falls_back_for_unknown_ids_and_says_so() {
    let r = Recommender::new(stored());
    let p = r.predict("nobody", "ds4");
    assert_eq!(p.prediction, 4.0);
    assert!(!p.known_user && p.known_title);
    assert_eq!(
        p.fallback.as_deref(),
        Some("unknown user: global mean + title bias")
    );
    // A user row without ratings is unknown too.
    assert!(!r.predict("u2", "ds4").known_user);
    let p = r.predict("u0", "ns5");
    assert_eq!(p.prediction, 3.5);
    assert_eq!(
        p.fallback.as_deref(),
        Some("unknown title: global mean + user bias")
    );
    let p = r.predict("x", "y");
    assert_eq!(
        (p.prediction, p.fallback.as_deref()),
        (3.0, Some("unknown user and title: global mean"))
    );
}

#[test]
fn the_json_body_keeps_its_field_order() {
    let r = Recommender::new(stored());
    let body = serde_json::to_string(&r.predict("u0", "ns3")).unwrap();
    assert_eq!(
        body,
        r#"{"user":"u0","title":"ns3","prediction":5.0,"global_mean":3.0,"user_bias":0.5,"title_bias":0.0,"taste_match":1.5,"known_user":true,"known_title":true,"fallback":null,"actual":4.5}"#
    );
}

#[test]
fn recommend_skips_rated_and_filtered_titles_and_names_them() {
    let r = Recommender::new(stored());
    let catalog = Catalog::new(vec![title("ns1", "one"), title("hs2", "two")]).unwrap();
    // u0: ns1 4.5, hs2 4.0, ds4 3.5 (ns3 rated, ns5 untrained).
    let all = r.recommend("u0", 10, &RecommendFilter::default(), Some(&catalog));
    assert_eq!(ids(&all.items), vec!["ns1", "hs2", "ds4"]);
    assert_eq!(all.items[0].title.as_deref(), Some("one"));
    assert_eq!(all.items[2].title, None, "ds4 is not in the catalog");
    assert_eq!(all.items[2].platform, Some(Platform::Disney));
    assert!(all.known_user && all.fallback.is_none());
    let netflix = RecommendFilter {
        platform: Some(Platform::Netflix),
        ..RecommendFilter::default()
    };
    let only = r.recommend("u0", 10, &netflix, None);
    assert_eq!(ids(&only.items), vec!["ns1"]);
    assert_eq!(only.platform, Some(Platform::Netflix));
    assert_eq!(
        r.recommend("u0", 1, &RecommendFilter::default(), None)
            .items
            .len(),
        1
    );
}

#[test]
fn recommend_for_an_unknown_user_ranks_by_title_bias() {
    let r = Recommender::new(stored());
    for who in ["nobody", "u2"] {
        let a = r.recommend(who, 2, &RecommendFilter::default(), None);
        assert!(!a.known_user);
        assert_eq!(a.fallback.as_deref(), Some(UNKNOWN_USER_RANKING));
        assert_eq!(ids(&a.items), vec!["ds4", "ns1"]);
        assert_eq!(a.items[0].score, 4.0);
    }
    let body: Value =
        serde_json::to_value(r.recommend("nobody", 1, &RecommendFilter::default(), None)).unwrap();
    assert_eq!(
        body,
        json!({"user": "nobody", "known_user": false, "platform": null,
               "fallback": UNKNOWN_USER_RANKING,
               "items": [{"id": "ds4", "title": null, "platform": "disney", "score": 4.0}]})
    );
}

#[test]
fn similar_titles_by_cosine() {
    let r = Recommender::new(stored());
    let s = r.similar("ns1", 2, None).unwrap();
    assert_eq!(ids(&s.items), vec!["ns3", "hs2"]);
    assert!((s.items[0].score - std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-6);
    assert!(r.similar("ns5", 2, None).is_none(), "untrained");
    assert!(r.similar("zz", 2, None).is_none(), "unknown");
}

#[test]
fn lookups_index_every_id_and_keep_the_card() {
    let r = Recommender::new(stored());
    assert_eq!(r.user_row("u1"), Some(1));
    assert_eq!(r.item_row("ds4"), Some(3));
    assert_eq!(r.item_row("ns9"), None);
    assert_eq!(r.history(0), &[(2, 9)]);
    assert!(r.history(99).is_empty());
    assert_eq!(r.card()["source"], "test");
    assert_eq!((r.user_ids().len(), r.item_ids().len()), (3, 5));
    assert_eq!(r.model().k, 2);
}

#[test]
fn recommendations_rank_by_the_raw_estimate_and_show_what_predict_says() {
    let mut model = stored();
    // u0: b = 2, p = (0.5, 1): ns1 5.5, hs2 6.0, ds4 5.5 before clipping.
    model.user_bias[0] = 2.0;
    model.user_factors[..2].copy_from_slice(&[0.5, 1.0]);
    let r = Recommender::new(model);
    let a = r.recommend("u0", 3, &RecommendFilter::default(), None);
    // Clipped scores would tie and order by row (ns1 first).
    assert_eq!(ids(&a.items), vec!["hs2", "ns1", "ds4"]);
    for item in &a.items {
        assert_eq!(item.score, 5.0, "{}", item.id);
        assert_eq!(item.score, r.predict("u0", &item.id).prediction);
    }
}
