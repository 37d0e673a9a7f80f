//! The hybrid model on the MovieLens ml-latest-small files shipped in
//! `data/movielens/`: trained with genres and decades as features, it must
//! be no worse than the plain SVD (Surprise's defaults) on held-out ratings
//! (a), beat the content profile by 40 % and feature popularity twice over
//! on cold-start items (b, NDCG@10 and recall@10), and beat popularity by
//! 10 % for new visitors (c: NDCG@10, recall@10 and hits in the top 10).
//! The same evaluation the example `hybrid_movielens` prints.

use cartelera_mf::hybrid::movielens::parse;
use cartelera_mf::hybrid::report::{evaluate_hybrid, EvalOptions};
use cartelera_mf::hybrid::HybridParams;

const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/movielens/ml-latest-small"
);

#[test]
fn hybrid_beats_popularity_and_matches_svd_on_movielens() {
    let movies = std::fs::read_to_string(format!("{DIR}/movies.csv")).unwrap();
    let ratings = std::fs::read_to_string(format!("{DIR}/ratings.csv")).unwrap();
    let ml = parse(&movies, &ratings).unwrap();
    assert_eq!(ml.ratings.len(), 100_836);
    let report = evaluate_hybrid(
        &ml.ratings,
        &ml.features,
        &HybridParams::default(),
        &EvalOptions::default(),
    )
    .unwrap();
    println!("{report}");
    let hybrid = report.accuracy_of("hybrid").unwrap().rmse;
    let svd = report.accuracy_of("SVD (Surprise defaults)").unwrap().rmse;
    assert!(hybrid <= svd, "(a) hybrid RMSE {hybrid} vs SVD {svd}");
    let by_name = |rows: &[cartelera_mf::hybrid::report::RankRow], name: &str| {
        rows.iter()
            .find(|r| r.name == name)
            .map(|r| r.scores)
            .unwrap()
    };
    let (h, p) = (
        by_name(&report.cold, "hybrid"),
        by_name(&report.cold, "feature popularity"),
    );
    assert!(
        h.ndcg > 2.0 * p.ndcg && h.recall > 2.0 * p.recall,
        "(b) hybrid {h:?} vs popularity {p:?}"
    );
    let c = by_name(&report.cold, "content profile");
    assert!(
        h.ndcg > 1.4 * c.ndcg && h.recall > 1.4 * c.recall,
        "(b) hybrid {h:?} vs content profile {c:?}"
    );
    let (h, p) = (
        by_name(&report.visitor, report.visitor[0].name.as_str()),
        by_name(&report.visitor, "popularity"),
    );
    // (c) ranks by the ranking score (implicit part + predicted rating);
    // hits in the top 10 are precision × 10.
    assert!(
        h.ndcg > 1.1 * p.ndcg && h.recall > 1.1 * p.recall && h.precision > 1.1 * p.precision,
        "(c) hybrid {h:?} vs popularity {p:?}"
    );
}
