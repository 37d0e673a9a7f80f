use super::*;
use crate::metrics::RankingScores;
use crate::recommend::{top_n, ItemSimilarity, UserRef};

fn close(a: f32, b: f64) -> bool {
    (a as f64 - b).abs() < 1e-5
}

#[test]
fn one_step_k2_by_hand() {
    // μ = 3; b_u = .1, c_i = .2, β = (.4, -.2); item features f0 (w .5), f1 (w 1);
    // p = (1, 2), v = (.5, -.5), e0 = (1, 0), e1 = (0, 1).
    // q̃ = v + .5 e0 + e1 = (1, .5); b̃ = .2 + .2 - .2 = .2; q̃·p = 2
    // r = 4: err = 4 - (3 + .1 + .2 + 2) = -1.3
    let features = ItemFeatures::new(2, vec![0, 2], vec![0, 1], vec![0.5, 1.0]).unwrap();
    let mut w = Weights {
        pu: vec![1.0, 2.0],
        vi: vec![0.5, -0.5],
        ef: vec![1.0, 0.0, 0.0, 1.0],
        bu: vec![0.1],
        ci: vec![0.2],
        bf: vec![0.4, -0.2],
    };
    let params = HybridParams {
        lr_bias: 0.1,
        lr_user: 0.2,
        lr_item: 0.3,
        reg_bias: 0.5,
        reg_feature_bias: 0.25,
        reg_user: 0.1,
        reg_item: 0.2,
        reg_feature: 0.4,
        ..HybridParams::default()
    };
    let (mut q, mut g) = (vec![0.0; 2], vec![0.0; 2]);
    let rates = Rates::of(&params, 1.0);
    let err = sgd_step(&mut w, &features, 0, 0, 4.0, 3.0, 2, &rates, &mut q, &mut g);
    assert!(close(err, -1.3), "{err}");
    // b_u = .1 + .1 (-1.3 - .5 · .1); c_i = .2 + .1 (-1.3 - .5 · .2)
    assert!(
        close(w.bu[0], -0.035) && close(w.ci[0], 0.06),
        "{:?} {:?}",
        w.bu,
        w.ci
    );
    // β0 = .4 + .1 (-1.3 · .5 - .25 · .4); β1 = -.2 + .1 (-1.3 - .25 · -.2)
    assert!(
        close(w.bf[0], 0.325) && close(w.bf[1], -0.325),
        "{:?}",
        w.bf
    );
    // p = p + .2 (err q̃ - .1 p)
    assert!(close(w.pu[0], 0.72) && close(w.pu[1], 1.83), "{:?}", w.pu);
    // v = v + .3 (err p_old - .2 v)
    assert!(close(w.vi[0], 0.08) && close(w.vi[1], -1.25), "{:?}", w.vi);
    // e0 = e0 + .3 (err .5 p_old - .4 e0); e1 = e1 + .3 (err p_old - .4 e1)
    let want = [0.685, -0.39, -0.39, 0.1];
    assert!(
        w.ef.iter().zip(want).all(|(&a, b)| close(a, b)),
        "{:?}",
        w.ef
    );
    // A negative's step is the same step with every learning rate × α.
    let half = Rates::of(&params, 0.5);
    assert!(close(half.lr_item, 0.15) && close(half.keep_feature, 1.0 - 0.15 * 0.4));
}

#[test]
fn step_follows_the_numerical_gradient() {
    // For one rating, the change of every parameter must be
    // -η ∂/∂θ (½ err² + ½ λ θ²); check with central differences of r̂.
    let features = ItemFeatures::new(3, vec![0, 2], vec![0, 2], vec![0.6, 0.8]).unwrap();
    let start = Weights {
        pu: vec![0.3, -0.2, 0.5],
        vi: vec![0.1, 0.4, -0.3],
        ef: vec![0.2, 0.1, 0.0, 9.0, 9.0, 9.0, -0.1, 0.3, 0.2],
        bu: vec![0.05],
        ci: vec![-0.1],
        bf: vec![0.2, 9.0, -0.3],
    };
    let params = HybridParams {
        lr_bias: 1e-3,
        lr_user: 1e-3,
        lr_item: 1e-3,
        reg_bias: 0.0,
        reg_feature_bias: 0.0,
        reg_user: 0.0,
        reg_item: 0.0,
        reg_feature: 0.0,
        ..HybridParams::default()
    };
    let predict = |w: &Weights| -> f64 {
        let (ids, ws) = features.of(0);
        let mut b = w.bu[0] as f64 + w.ci[0] as f64;
        let mut q: Vec<f64> = w.vi.iter().map(|&x| x as f64).collect();
        for (&f, &wf) in ids.iter().zip(ws) {
            b += wf as f64 * w.bf[f as usize] as f64;
            for (l, x) in q.iter_mut().enumerate() {
                *x += wf as f64 * w.ef[f as usize * 3 + l] as f64;
            }
        }
        3.0 + b + q.iter().zip(&w.pu).map(|(a, &p)| a * p as f64).sum::<f64>()
    };
    let r = 4.5;
    let mut after = Weights { ..clone(&start) };
    let (mut q, mut g) = (vec![0.0; 3], vec![0.0; 3]);
    let err = sgd_step(
        &mut after,
        &features,
        0,
        0,
        r,
        3.0,
        3,
        &Rates::of(&params, 1.0),
        &mut q,
        &mut g,
    );
    assert!((err as f64 - (r as f64 - predict(&start))).abs() < 1e-5);
    type Field = fn(&mut Weights) -> &mut Vec<f32>;
    let fields: [Field; 6] = [
        |w| &mut w.pu,
        |w| &mut w.vi,
        |w| &mut w.ef,
        |w| &mut w.bu,
        |w| &mut w.ci,
        |w| &mut w.bf,
    ];
    for field in fields {
        let n = field(&mut clone(&start)).len();
        for j in 0..n {
            let h = 1e-3f32;
            let (mut plus, mut minus) = (clone(&start), clone(&start));
            field(&mut plus)[j] += h;
            field(&mut minus)[j] -= h;
            let d_pred = (predict(&plus) - predict(&minus)) / (2.0 * h as f64);
            // ∂(½ err²)/∂θ = -err ∂r̂/∂θ, so the step is +η err ∂r̂/∂θ.
            let want = 1e-3 * err as f64 * d_pred;
            let got = (field(&mut clone(&after))[j] - field(&mut clone(&start))[j]) as f64;
            assert!(
                (got - want).abs() < 1e-5,
                "parameter {j}: step {got}, gradient {want}"
            );
        }
    }
}

fn clone(w: &Weights) -> Weights {
    Weights {
        pu: w.pu.clone(),
        vi: w.vi.clone(),
        ef: w.ef.clone(),
        bu: w.bu.clone(),
        ci: w.ci.clone(),
        bf: w.bf.clone(),
    }
}

/// 60 users who each like one of two genres (0 or 1): 5 for their genre, 1
/// for the other; items 0..40 alternate genres; items 40 and 41 (genres 0
/// and 1) have no ratings. Feature 2 is shared by every item.
fn genre_world() -> (Ratings, ItemFeatures) {
    let (mut u, mut i, mut v) = (vec![], vec![], vec![]);
    let mut rng = Rng::new(4);
    for user in 0..60u32 {
        for item in 0..40u32 {
            if rng.f64() < 0.5 {
                u.push(user);
                i.push(item);
                v.push(if item % 2 == user % 2 { 5.0 } else { 1.0 });
            }
        }
    }
    let lists: Vec<Vec<u32>> = (0..42).map(|item| vec![item % 2, 2]).collect();
    (
        Ratings::new(u, i, v, 60, 42).unwrap(),
        ItemFeatures::from_lists(3, &lists).unwrap(),
    )
}

fn small_params() -> HybridParams {
    HybridParams {
        n_factors: 4,
        n_epochs: 30,
        lr_bias: 0.02,
        lr_user: 0.02,
        lr_item: 0.02,
        ..HybridParams::default()
    }
}

#[test]
fn deterministic_for_a_seed() {
    let (r, f) = genre_world();
    let a = fit_hybrid(&r, &f, &small_params(), &mut |_| {}).unwrap().0;
    let b = fit_hybrid(&r, &f, &small_params(), &mut |_| {}).unwrap().0;
    assert_eq!(a, b, "same seed: identical model");
    let other = HybridParams {
        seed: 1,
        ..small_params()
    };
    let c = fit_hybrid(&r, &f, &other, &mut |_| {}).unwrap().0;
    assert_ne!(a.svd.pu, c.svd.pu);
}

#[test]
fn an_unrated_item_gets_its_features_vector() {
    let (r, f) = genre_world();
    let mut curve = vec![];
    let (m, stats) =
        fit_hybrid(&r, &f, &small_params(), &mut |e| curve.push(e.train_rmse)).unwrap();
    assert!(
        curve[29] < curve[0] * 0.5,
        "training error must fall: {curve:?}"
    );
    assert_eq!(stats.epochs.len(), 30);
    for item in [40u32, 41] {
        assert_eq!(m.rating_counts[item as usize], 0);
        assert!(m.svd.knows_item(item), "featured items are answerable");
        let ids = f.of(item).0.iter().zip(f.of(item).1);
        let feats: Vec<(u32, f32)> = ids.map(|(&a, &b)| (a, b)).collect();
        let (b, q) = m.content_vector(&feats).unwrap();
        assert_eq!(m.svd.item_factors(item).unwrap(), q.as_slice());
        assert_eq!(m.svd.bi[item as usize], b);
        let k = m.k();
        let free = &m.free_factors[item as usize * k..(item as usize + 1) * k];
        assert!(free.iter().all(|&x| x == 0.0));
        assert_eq!(m.free_biases[item as usize], 0.0);
    }
    // The content parts carry the taste: a genre-0 fan (user 0) prefers the
    // unrated genre-0 item, a genre-1 fan (user 1) the other.
    let p = |u, i| m.svd.predict(Some(u), Some(i)).raw;
    assert!(p(0, 40) > p(0, 41) + 1.0, "{} vs {}", p(0, 40), p(0, 41));
    assert!(p(1, 41) > p(1, 40) + 1.0, "{} vs {}", p(1, 41), p(1, 40));
    // Through the crate's answers: top-N and similar items.
    let top = top_n(
        &m.svd,
        UserRef::Known(0),
        1,
        &(0..40).collect::<Vec<_>>(),
        |_| true,
    )
    .unwrap();
    assert_eq!(top[0].0, 40);
    let sim = ItemSimilarity::new(&m.svd).similar(40, 5).unwrap();
    assert!(sim.iter().all(|&(j, _)| j % 2 == 0), "{sim:?}");
    // The content-only model has the same unrated rows, and every item.
    let c = m.content_only();
    assert_eq!(c.item_factors(40), m.svd.item_factors(40));
    assert!(c.knows_item(0) && c.item_factors(0) != m.svd.item_factors(0));
    assert!(m.content_vector(&[(3, 1.0)]).is_err());
}

#[test]
fn visitor_fold_in_is_the_ridge_around_the_mean_user() {
    // k = 1, μ = 3; users (b, p) = (0.2, 1.0), (0.4, 3.0) → mean (0.3, 2.0);
    // items (b̃, q̃) = (0.5, 1), (-0.5, 2), (0, -1).
    let svd = SvdModel {
        mu: 3.0,
        bu: vec![0.2, 0.4, 9.0],
        bi: vec![0.5, -0.5, 0.0],
        pu: vec![1.0, 3.0, 9.0],
        qi: vec![1.0, 2.0, -1.0],
        k: 1,
        rating_min: 0.5,
        rating_max: 5.0,
        biased: true,
        user_counts: vec![2, 1, 0],
        item_counts: vec![1, 1, 1],
    };
    let m = HybridModel {
        svd,
        rating_counts: vec![1, 1, 1],
        free_factors: vec![0.0; 3],
        free_biases: vec![0.0; 3],
        feature_factors: vec![],
        feature_biases: vec![],
        features: ItemFeatures::none(3),
        implicit: None,
        rank_rating_weight: 1.0,
    };
    let mean = m.mean_user();
    assert!(
        close(mean.bias, 0.3) && close(mean.factors[0], 2.0),
        "{mean:?}"
    );
    let ratings = [(0u32, 4.0f32), (1, 5.0), (2, 2.0)];
    let lam = 2.0f64;
    let opts = FoldInOptions {
        lambda: lam as f32,
        lambda_per_rating: 0.0,
    };
    // min Σ (y_j − b − q_j p)² + λ((b − b̄)² + (p − p̄)²), y = r − μ − b̃:
    // [[n+λ, Σq], [Σq, Σq²+λ]] [b, p] = [Σy + λ b̄, Σqy + λ p̄]
    let (q, y) = ([1.0, 2.0, -1.0], [0.5, 2.5, -1.0]);
    let (n, sq, sq2) = (3.0, 2.0, 6.0);
    let sy: f64 = y.iter().sum::<f64>() + lam * 0.3;
    let sqy: f64 = q.iter().zip(y).map(|(a, b)| a * b).sum::<f64>() + lam * 2.0;
    let det = (n + lam) * (sq2 + lam) - sq * sq;
    let b = ((sq2 + lam) * sy - sq * sqy) / det;
    let p = ((n + lam) * sqy - sq * sy) / det;
    let f = m.fold_in_visitor(&ratings, &opts).unwrap();
    assert!(
        close(f.bias, b) && close(f.factors[0], p),
        "{f:?} vs {b}, {p}"
    );
}

#[test]
fn cold_and_visitor_splits() {
    let (r, _) = genre_world();
    let s = cold_item_split(&r, 0.2, 3).unwrap();
    assert_eq!(s.cold_items.len(), 8, "ceil(0.2 × 40 rated items)");
    assert_eq!(s.train.len() + s.test.len(), r.len());
    assert!(s
        .test
        .items
        .iter()
        .all(|i| s.cold_items.binary_search(i).is_ok()));
    assert!(s
        .train
        .items
        .iter()
        .all(|i| s.cold_items.binary_search(i).is_err()));
    assert!(cold_item_split(&r, 1.0, 0).is_err());

    let v = new_visitor_split(&r, 0.2, 5, 3).unwrap();
    assert_eq!(v.cases.len(), 12);
    let held: Vec<u32> = v.cases.iter().map(|c| c.user).collect();
    assert!(v.train.users.iter().all(|u| !held.contains(u)));
    let mut total = v.train.len();
    for c in &v.cases {
        assert_eq!(c.given.len(), 5);
        total += c.given.len() + c.truth.len();
    }
    assert_eq!(total, r.len());
    assert_eq!(new_visitor_split(&r, 0.2, 5, 3).unwrap(), v);
}

#[test]
fn ranking_over_candidates_by_hand() {
    // Candidates 0..5; the user gave item 4, holds 1 (5★), 3 (4★), 2 (2★).
    // Scores: item index descending → ranked 3, 2, 1, 0 (4 excluded).
    let cases = [RankCase {
        user: 7,
        given: vec![(4, 5.0)],
        truth: vec![(1, 5.0), (3, 4.0), (2, 2.0)],
    }];
    let s: RankingScores = rank_candidates(&cases, &[0, 1, 2, 3, 4], 2, 4.0, &mut |c, i| {
        assert_eq!(c, 0);
        assert_ne!(i, 4, "given items are not candidates");
        i as f32
    });
    // top 2 = [3 (hit), 2]: recall 1/2, NDCG = 1 / (1 + 1/log2 3)
    assert_eq!(s.n_users, 1);
    assert!((s.recall - 0.5).abs() < 1e-12);
    assert!((s.ndcg - 1.0 / (1.0 + 1.0 / 3f64.log2())).abs() < 1e-12);
    assert!((s.precision - 0.5).abs() < 1e-12);
}

#[test]
fn popularity_and_profiles() {
    let f = ItemFeatures::from_lists(2, &[vec![0], vec![0, 1], vec![1]]).unwrap();
    let r = Ratings::new(vec![0, 1, 2], vec![0, 0, 1], vec![5.0, 4.0, 1.0], 3, 3).unwrap();
    let pop = feature_popularity(&r, &f);
    // feature 0: items 0 (2 ratings) and 1 (1) → 3; feature 1: item 1 → 1.
    assert_eq!(pop[0], 3.0);
    assert!((pop[1] - 2.0).abs() < 1e-6 && pop[2] == 1.0);
    let prof = content_profile(&f, &[(0, 5.0), (2, 1.0)], 3.0);
    assert_eq!(prof, vec![2.0, -2.0]);
    assert_eq!(profile_score(&f, &prof, 0), 2.0);
    assert_eq!(profile_score(&f, &prof, 2), -2.0);
}

#[test]
fn bad_inputs_are_errors() {
    let (r, f) = genre_world();
    let wrong = ItemFeatures::none(3);
    assert!(matches!(
        fit_hybrid(&r, &wrong, &small_params(), &mut |_| {}),
        Err(MfError::LengthMismatch { .. })
    ));
    for bad in [
        HybridParams {
            n_factors: 0,
            ..small_params()
        },
        HybridParams {
            lr_item: f32::NAN,
            ..small_params()
        },
        HybridParams {
            negatives: 100,
            ..small_params()
        },
        HybridParams {
            rating_max: 0.0,
            ..small_params()
        },
    ] {
        assert!(fit_hybrid(&r, &f, &bad, &mut |_| {}).is_err(), "{bad:?}");
    }
}

#[test]
fn bpr_step_by_hand() {
    // k = 1, one feature f0 (w 1) on item 0, none on item 1:
    // ỹ_0 = y_0 + h_0 = .5 + .5 = 1, d̃_0 = d_0 + δ_0 = 0 + 0 = 0; ỹ_1 = -1,
    // d̃_1 = 0; x = 2: s = 2 · (1 − (−1)) = 4, g = σ(−4).
    let features = ItemFeatures::new(1, vec![0, 1, 1], vec![0], vec![1.0]).unwrap();
    let mut w = implicit::ImplicitWeights::new(1, &[0, 1], 2, 1, 1, 0.0, 0, 0.1, 0.5);
    w.xu = vec![2.0];
    w.yi = vec![0.5, -1.0];
    w.hf = vec![0.5];
    w.step(&features, 0, 0, 1);
    let g = 1.0 / (1.0 + 4f64.exp());
    let keep = 1.0 - 0.1 * 0.5;
    // x += η (g Δ − λ x), Δ = 2
    assert!(close(w.xu[0], keep * 2.0 + 0.1 * g * 2.0), "{:?}", w.xu);
    // y_0 += η (g x − λ y_0); y_1 += η (−g x − λ y_1); h_0 like y_0.
    assert!(close(w.yi[0], keep * 0.5 + 0.1 * g * 2.0), "{:?}", w.yi);
    assert!(close(w.yi[1], -keep - 0.1 * g * 2.0), "{:?}", w.yi);
    assert!(close(w.hf[0], keep * 0.5 + 0.1 * g * 2.0), "{:?}", w.hf);
    assert!(
        close(w.di[0], 0.1 * g) && close(w.di[1], -0.1 * g),
        "{:?}",
        w.di
    );
    assert!(close(w.df[0], 0.1 * g), "{:?}", w.df);
}

/// 60 users; even users rate (mostly) even items, odd users odd items, all
/// 5★ for their own kind: the taste is in *which* items they rate, not in
/// the ratings. Items 40 (genre 0) and 41 (genre 1) have no ratings.
fn watch_world() -> (Ratings, ItemFeatures) {
    let (mut u, mut i, mut v) = (vec![], vec![], vec![]);
    let mut rng = Rng::new(9);
    for user in 0..60u32 {
        for item in 0..40u32 {
            let own = item % 2 == user % 2;
            if rng.f64() < if own { 0.6 } else { 0.05 } {
                u.push(user);
                i.push(item);
                v.push(4.0);
            }
        }
    }
    let lists: Vec<Vec<u32>> = (0..42).map(|item| vec![item % 2, 2]).collect();
    (
        Ratings::new(u, i, v, 60, 42).unwrap(),
        ItemFeatures::from_lists(3, &lists).unwrap(),
    )
}

#[test]
fn the_implicit_part_ranks_what_a_viewer_watches() {
    let (r, f) = watch_world();
    let params = HybridParams {
        negatives: 2,
        ..small_params()
    };
    let m = fit_hybrid(&r, &f, &params, &mut |_| {}).unwrap().0;
    let imp = m.implicit.as_ref().expect("trained by default");
    assert_eq!(imp.k, params.implicit_factors);
    // Trained users: the unrated item of their own kind first.
    for u in 0..6u32 {
        let x = imp.user(u).unwrap();
        let (own, other) = if u % 2 == 0 { (40, 41) } else { (41, 40) };
        let (a, b) = (imp.score(x, own), imp.score(x, other));
        assert!(a > b + 0.5, "user {u}: {a} vs {b}");
    }
    // A visitor who picked three odd items: odd items first, by the ranking
    // score as top-N uses it; deterministic.
    let x = m.fold_in_visitor_implicit(&[1, 3, 5]);
    assert_eq!(x, m.fold_in_visitor_implicit(&[1, 3, 5]));
    let folded = m.fold_in_visitor(&[(1, 4.0), (3, 4.0), (5, 4.0)], &FoldInOptions::default());
    let folded = folded.unwrap();
    let score = |i: u32| m.rank_score(&x, i, folded.predict(&m.svd, Some(i)).raw);
    let mut ranked: Vec<u32> = (6..42).collect();
    ranked.sort_by(|&a, &b| score(b).total_cmp(&score(a)));
    let odd_in_top10 = ranked[..10].iter().filter(|&&i| i % 2 == 1).count();
    assert!(odd_in_top10 >= 9, "{ranked:?}");
    // The mean user, by contrast, has no preference between the kinds.
    let mean = m.fold_in_visitor_implicit(&[]);
    assert_eq!(mean, imp.mean_user);
    // No implicit part: the ranking score is the predicted rating.
    let plain = fit_hybrid(
        &r,
        &f,
        &HybridParams {
            implicit_factors: 0,
            ..params.clone()
        },
        &mut |_| {},
    )
    .unwrap()
    .0;
    assert!(plain.implicit.is_none());
    assert!(plain.fold_in_visitor_implicit(&[1]).is_empty());
    assert_eq!(plain.rank_score(&[], 3, 4.25), 4.25);
    // BPR needs negatives.
    let bad = HybridParams {
        negatives: 0,
        ..params
    };
    assert!(fit_hybrid(&r, &f, &bad, &mut |_| {}).is_err());
}

#[test]
fn a_served_taste_model_composes_the_trained_item_side() {
    // Rebuilt from the feature rows and the free parts of every item, the
    // served model's item side is the trained one (same sums, same order).
    let (r, f) = watch_world();
    let (m, _) = fit_hybrid(&r, &f, &small_params(), &mut |_| {}).unwrap();
    let all: Vec<u32> = (0..r.n_items).collect();
    let (settings, features, free) = m.taste_rows(&all).unwrap();
    let counts = m.rating_counts.clone();
    let specs: Vec<ItemSpec> = taste::specs_of(&f, &counts)
        .into_iter()
        .enumerate()
        .map(|(i, s)| ItemSpec { free: Some(i), ..s })
        .collect();
    let t = TasteModel::compose(&settings, &features, &free, &specs).unwrap();
    for (a, b) in t.items.qi.iter().zip(&m.svd.qi) {
        assert!((a - b).abs() < 1e-5, "{a} vs {b}");
    }
    for (a, b) in t.items.bi.iter().zip(&m.svd.bi) {
        assert!((a - b).abs() < 1e-5, "{a} vs {b}");
    }
    let (ti, mi) = (t.implicit.as_ref().unwrap(), m.implicit.as_ref().unwrap());
    for (a, b) in ti.yi.iter().zip(&mi.yi).chain(ti.di.iter().zip(&mi.di)) {
        assert!((a - b).abs() < 1e-5, "{a} vs {b}");
    }
    // The visitor's fold-in and ranking score are the trained model's.
    let picks = [(1, 4.5), (3, 2.0)];
    let opts = FoldInOptions::default();
    assert_eq!(
        t.fold_in_visitor(&picks, &opts).unwrap(),
        m.fold_in_visitor(&picks, &opts).unwrap()
    );
    assert_eq!(
        t.fold_in_implicit(&[1, 3]),
        m.fold_in_visitor_implicit(&[1, 3])
    );
    // Without free parts, an item is its content part alone.
    let content: Vec<ItemSpec> = taste::specs_of(&f, &vec![0; counts.len()]);
    let c = TasteModel::compose(&settings, &features, &free, &content).unwrap();
    let only = m.content_only();
    for (a, b) in c.items.qi.iter().zip(&only.qi) {
        assert!((a - b).abs() < 1e-5, "{a} vs {b}");
    }
}

#[test]
fn a_visitor_profile_favours_the_features_they_liked() {
    // Items 0, 1 share feature 0; items 2, 3 share feature 1.
    let f = ItemFeatures::from_lists(2, &[vec![0], vec![0], vec![1], vec![1]]).unwrap();
    let p = taste::visitor_profile(&f, &[(0, 5.0), (2, 1.0)], 3.5);
    assert!(
        profile_score(&f, &p, 1) > 0.0 && profile_score(&f, &p, 3) < 0.0,
        "{p:?}"
    );
    // Divided by the picks: the same two picks twice weigh the same.
    let q = taste::visitor_profile(&f, &[(0, 5.0), (2, 1.0), (1, 5.0), (3, 1.0)], 3.5);
    assert!(
        (p[0] - q[0]).abs() < 1e-6 && (p[1] - q[1]).abs() < 1e-6,
        "{p:?} {q:?}"
    );
    // A visitor who liked everything (all 4.5★ and 5★, above the model's
    // mean 3.5) is still pulled towards those titles' features; centred
    // on their own mean, the 4.5★ feature would push away.
    let fan = taste::visitor_profile(&f, &[(0, 5.0), (2, 4.5)], 3.5);
    assert!(fan[0] > fan[1] && fan[1] > 0.0, "{fan:?}");
}

#[test]
fn composing_checks_the_rows() {
    let (r, f) = watch_world();
    let (m, _) = fit_hybrid(&r, &f, &small_params(), &mut |_| {}).unwrap();
    let (settings, features, free) = m.taste_rows(&[0]).unwrap();
    let bad = ItemSpec {
        free: Some(5),
        ..ItemSpec::default()
    };
    assert!(TasteModel::compose(&settings, &features, &free, &[bad]).is_err());
    let bad = ItemSpec {
        features: vec![(999, 1.0)],
        ..ItemSpec::default()
    };
    assert!(TasteModel::compose(&settings, &features, &free, &[bad]).is_err());
    let short = PackedRows {
        bias: features.bias.clone(),
        packed: features.packed[1..].to_vec(),
    };
    assert!(TasteModel::compose(&settings, &short, &free, &[]).is_err());
    // An item with neither a free part nor a feature stays unknown.
    let t = TasteModel::compose(&settings, &features, &free, &[ItemSpec::default()]).unwrap();
    assert!(!t.items.knows_item(0));
}

#[test]
fn a_refused_item_leaves_the_composer_as_it_was() {
    // The page composes in steps: a bad item refused half-way must not
    // leave a partial row behind that shifts every later item.
    let (r, f) = watch_world();
    let (m, _) = fit_hybrid(&r, &f, &small_params(), &mut |_| {}).unwrap();
    let all: Vec<u32> = (0..r.n_items).collect();
    let (settings, features, free) = m.taste_rows(&all).unwrap();
    let specs = taste::specs_of(&f, &m.rating_counts);
    let whole = TasteModel::compose(&settings, &features, &free, &specs).unwrap();
    let mut steps = TasteComposer::new(&settings, features, free, specs.len()).unwrap();
    for (i, spec) in specs.iter().enumerate() {
        // A valid feature first, then one out of range: the first must
        // not be kept.
        let mut bad = spec.clone();
        bad.features.push((u32::MAX, 1.0));
        assert!(steps.push(&bad).is_err());
        assert_eq!(steps.len(), i);
        steps.push(spec).unwrap();
    }
    assert_eq!(steps.finish().unwrap(), whole);
}
