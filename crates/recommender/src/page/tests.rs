//! The page's piecewise recommender answers exactly as the whole model,
//! and a visitor's list falls back with a reason when ratings say nothing.

use bytes::Bytes;
use cartelera_core::{Platform, Title, TitleType};
use cartelera_store::factors::{
    decode_all, decode_items, decode_manifest, decode_shard, encode, shard_of, shard_path,
    EncodeOptions, FactorModel, Precision,
};
use serde_json::json;

use super::*;

/// 40 users × 60 titles, k = 4, values from a fixed LCG; every user rated
/// three titles; title 59 never rated.
fn model() -> FactorModel {
    let mut state = 12345_u64;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as f32 / (1u64 << 31) as f32) - 0.5
    };
    let (users, items, k) = (300, 60, 4);
    let platforms = ["n", "h", "d", "a"];
    FactorModel {
        mu: 3.4,
        k,
        rating_min: 0.5,
        rating_max: 5.0,
        biased: true,
        item_ids: (0..items)
            .map(|i| format!("{}s{i}", platforms[i % 4]))
            .collect(),
        item_bias: (0..items).map(|_| next()).collect(),
        item_factors: (0..items * k).map(|_| next()).collect(),
        item_counts: (0..items).map(|i| u32::from(i != 59)).collect(),
        user_ids: (0..users).map(|u| format!("{u}")).collect(),
        user_bias: (0..users).map(|_| next()).collect(),
        user_factors: (0..users * k).map(|_| next()).collect(),
        user_counts: vec![3; users],
        user_history: (0..users)
            .map(|u| {
                vec![
                    (u as u32 % 59, 8),
                    ((u as u32 + 7) % 59, 5),
                    ((u as u32 + 13) % 59, 10),
                ]
            })
            .collect(),
        card: json!({"source": "test"}),
        taste: None,
    }
}

fn catalog(ids: &[String]) -> Catalog {
    Catalog::new(
        ids.iter()
            .enumerate()
            .map(|(i, id)| Title {
                id: id.clone(),
                show_id: id[1..].to_string(),
                platform: Platform::from_id(id).unwrap(),
                kind: if i % 3 == 0 {
                    TitleType::TvShow
                } else {
                    TitleType::Movie
                },
                title: format!("title {i}"),
                director: None,
                cast: None,
                country: None,
                date_added: None,
                release_year: 2000,
                rating: "g".into(),
                duration_int: None,
                duration_type: None,
                listed_in: Some(if i % 2 == 0 { "dramas" } else { "comedies" }.into()),
                description: None,
                score: Some(1.0 + (i % 9) as f64 * 0.5),
                score_count: (i % 7) as u32,
                display: Default::default(),
                work_id: String::new(),
            })
            .collect(),
    )
    .unwrap()
}

#[test]
fn items_then_shards_answer_exactly_as_the_whole_model() {
    let stored = model();
    let opts = EncodeOptions {
        precision: Precision::F32,
        max_shard_bytes: 4_000,
    };
    let files: HashMap<String, Bytes> = encode(&stored, &opts)
        .unwrap()
        .into_iter()
        .map(|(path, bytes)| (path, Bytes::from(bytes)))
        .collect();
    let whole = Recommender::new(decode_all(&|p: &str| files.get(p).cloned()).unwrap());
    let manifest = decode_manifest(&files["model.json"]).unwrap();
    assert!(manifest.n_shards > 1, "the test needs several shards");
    let items = decode_items(&manifest, files["items.parquet"].clone()).unwrap();
    let mut page = Recommender::from_item_side(&manifest, items);
    let titles = catalog(&stored.item_ids);
    let everyone = RecommendFilter::default();
    for user in &stored.user_ids {
        // A shard brings its other users along.
        if !page.has_user(user) {
            let shard = shard_of(&manifest, user);
            let bytes = files[&shard_path(shard)].clone();
            assert!(page.add_shard(decode_shard(&manifest, shard, bytes).unwrap()) > 0);
        }
        assert!(page.has_user(user));
        for title in ["ns0", "hs1", "ns59", "zs9"] {
            assert_eq!(page.predict(user, title), whole.predict(user, title));
        }
        assert_eq!(
            page.recommend(user, 10, &everyone, Some(&titles)),
            whole.recommend(user, 10, &everyone, Some(&titles))
        );
    }
    // Adding a shard twice adds nobody.
    let bytes = files[&shard_path(0)].clone();
    assert_eq!(
        page.add_shard(decode_shard(&manifest, 0, bytes).unwrap()),
        0
    );
}

#[test]
fn type_and_genre_filters_use_the_catalog() {
    let stored = model();
    let titles = catalog(&stored.item_ids);
    let r = Recommender::new(stored);
    let filter = RecommendFilter {
        platform: Some(Platform::Netflix),
        kind: Some(TitleType::Movie),
        genre: Some("dramas".into()),
    };
    let answer = r.recommend("3", 50, &filter, Some(&titles));
    assert!(!answer.items.is_empty());
    for item in &answer.items {
        let t = titles.get(&item.id).unwrap();
        assert_eq!((t.platform, t.kind), (Platform::Netflix, TitleType::Movie));
        assert_eq!(t.listed_in.as_deref(), Some("dramas"));
    }
    // Without the catalog a type or genre condition admits nothing.
    assert!(r.recommend("3", 50, &filter, None).items.is_empty());
}

#[test]
fn a_visitor_is_folded_in_and_never_gets_what_they_rated() {
    let stored = model();
    let titles = catalog(&stored.item_ids);
    let r = Recommender::new(stored);
    let ratings = vec![
        ("ns0".to_string(), 5.0),
        ("hs1".to_string(), 1.0),
        ("ds2".to_string(), 4.0),
    ];
    let answer = r.recommend_for_ratings(&ratings, 10, &RecommendFilter::default(), Some(&titles));
    assert_eq!(
        (answer.user.as_str(), answer.known_user, answer.fallback),
        (VISITOR, true, None)
    );
    assert_eq!(answer.items.len(), 10);
    assert!(answer
        .items
        .iter()
        .all(|i| !["ns0", "hs1", "ds2", "ns59"].contains(&i.id.as_str())));
    // Best first.
    assert!(answer.items.windows(2).all(|w| w[0].score >= w[1].score));
}

#[test]
fn nothing_or_all_the_same_falls_back_to_popular_titles_and_says_so() {
    let stored = model();
    let titles = catalog(&stored.item_ids);
    let r = Recommender::new(stored);
    let everyone = RecommendFilter::default();
    let none = r.recommend_for_ratings(&[], 5, &everyone, Some(&titles));
    assert_eq!(none.fallback.as_deref(), Some(NO_RATINGS));
    assert_eq!(none.items, popular(&titles, 5, &everyone, &[]));
    // Unknown titles count as no rating.
    let unknown = r.recommend_for_ratings(
        &[("zs1".into(), 4.0), ("ns59".into(), 2.0)],
        5,
        &everyone,
        Some(&titles),
    );
    assert_eq!(unknown.fallback.as_deref(), Some(NO_RATINGS));
    let same: Vec<(String, f32)> = ["ns0", "hs1", "ds2"]
        .iter()
        .map(|id| (id.to_string(), 4.0))
        .collect();
    let answer = r.recommend_for_ratings(&same, 5, &everyone, Some(&titles));
    assert_eq!(answer.fallback.as_deref(), Some(SAME_RATINGS));
    assert!(answer
        .items
        .iter()
        .all(|i| !["ns0", "hs1", "ds2"].contains(&i.id.as_str())));
}

#[test]
fn popular_ranks_trusted_scores_first() {
    let stored = model();
    let titles = catalog(&stored.item_ids);
    let top = popular(&titles, 3, &RecommendFilter::default(), &[]);
    // Score 5.0 needs i % 9 == 8 and ≥ 5 ratings (i % 7 ≥ 5): i = 26 (26 % 7 = 5).
    assert_eq!(top[0].id, "ds26");
    assert_eq!(top[0].score, 5.0);
    for t in &top {
        assert!(titles.get(&t.id).unwrap().score_count >= POPULAR_MIN_RATINGS);
    }
}

#[test]
fn best_rated_lists_the_users_history_best_first() {
    let stored = model();
    let titles = catalog(&stored.item_ids);
    let r = Recommender::new(stored);
    // User 3 rated rows 3 (4.0), 10 (2.5) and 16 (5.0).
    let best = r.best_rated("3", 2, Some(&titles));
    let got: Vec<(&str, f32)> = best.iter().map(|i| (i.id.as_str(), i.score)).collect();
    assert_eq!(got, vec![("ns16", 5.0), ("as3", 4.0)]);
    assert!(r.best_rated("nobody", 5, None).is_empty());
}

#[test]
fn the_starter_set_takes_the_most_rated_of_the_largest_genres() {
    let stored = model();
    let titles = catalog(&stored.item_ids);
    // Two genres of 30 titles each ("comedies" = odd rows, "dramas" = even
    // rows; equal sizes, so by name). Most rated: i % 7 == 6 (13, 27, 41,
    // 55 odd; 6, 20, 34, 48 even), ties by id.
    let set = starter_set(&titles, 2, 2);
    assert_eq!(set, vec!["as27", "as55", "ds34", "ds6"]);
    assert_eq!(starter_set(&titles, 1, 100).len(), 30);
}
