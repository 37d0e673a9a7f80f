use super::*;
use crate::baseline::{BaselineOnly, BaselineOptions, GlobalMean};
use crate::data::split;
use crate::eval::evaluate;
use crate::synthetic::{planted, PlantedConfig};
use cartelera_det::Rng;

/// Every kernel this machine can run.
fn kernels() -> Vec<Simd> {
    let mut v = vec![Simd::Portable];
    if Simd::detect() != Simd::Portable {
        v.push(Simd::detect());
    }
    v
}

fn fit_fixed(
    r: &Ratings,
    p: &SvdParams,
    pu: Vec<f32>,
    qi: Vec<f32>,
    simd: Simd,
) -> (SvdModel, FitStats) {
    let hooks = Hooks {
        init: Some(InitOverride {
            pu,
            qi,
            shuffle: false,
        }),
        simd,
        workers: None,
    };
    fit_impl(r, p, &|| 0.0, &mut |_| {}, hooks).unwrap()
}

fn close(a: f32, b: f64) -> bool {
    (a as f64 - b).abs() < 1e-5
}

#[test]
fn one_epoch_k2_by_hand_with_distinct_rates() {
    // Ratings (u0, i0, 5) then (u1, i0, 1); μ = 3. k = 2.
    // p0 = (1, 0), p1 = (0, 1), q0 = (0.5, 0.5).
    // lr_bu .1, lr_bi .2, lr_pu .3, lr_qi .4; reg_bu .5, reg_bi .25, reg_pu .1, reg_qi .2
    //
    // Rating 1: dot = 0.5, err = 5 - (3 + 0 + 0 + 0.5) = 1.5
    //   bu0 = 0 + .1 (1.5 - .5*0) = 0.15 ; bi0 = 0 + .2 (1.5) = 0.3
    //   p0 = (1 + .3 (1.5*.5 - .1*1), 0 + .3 (1.5*.5 - 0)) = (1.195, 0.225)
    //   q0 = (.5 + .4 (1.5*1 - .2*.5), .5 + .4 (1.5*0 - .2*.5)) = (1.06, 0.46)
    // Rating 2: dot = p1·q0 = 0.46, err = 1 - (3 + 0 + 0.3 + 0.46) = -2.76
    //   bu1 = .1 (-2.76) = -0.276 ; bi0 = .3 + .2 (-2.76 - .25*.3) = -0.267
    //   p1 = (0 + .3 (-2.76*1.06), 1 + .3 (-2.76*.46 - .1)) = (-0.87768, 0.58912)
    //   q0 = (1.06 + .4 (-2.76*0 - .2*1.06), .46 + .4 (-2.76*1 - .2*.46)) = (0.9752, -0.6808)
    let r = Ratings::new(vec![0, 1], vec![0, 0], vec![5.0, 1.0], 2, 1).unwrap();
    let p = SvdParams {
        n_factors: 2,
        n_epochs: 1,
        lr_bu: 0.1,
        lr_bi: 0.2,
        lr_pu: 0.3,
        lr_qi: 0.4,
        reg_bu: 0.5,
        reg_bi: 0.25,
        reg_pu: 0.1,
        reg_qi: 0.2,
        ..SvdParams::default()
    };
    for simd in kernels() {
        let (m, s) = fit_fixed(&r, &p, vec![1.0, 0.0, 0.0, 1.0], vec![0.5, 0.5], simd);
        assert_eq!(m.mu, 3.0);
        assert!(
            close(m.bu[0], 0.15) && close(m.bu[1], -0.276),
            "{simd:?} bu {:?}",
            m.bu
        );
        assert!(close(m.bi[0], -0.267), "{simd:?} bi {:?}", m.bi);
        let want_p = [1.195, 0.225, -0.87768, 0.58912];
        assert!(
            m.pu.iter().zip(want_p).all(|(&a, b)| close(a, b)),
            "{simd:?} pu {:?}",
            m.pu
        );
        assert!(
            close(m.qi[0], 0.9752) && close(m.qi[1], -0.6808),
            "{simd:?} qi {:?}",
            m.qi
        );
        // Epoch RMSE uses the errors seen before each update.
        let want = ((1.5f64 * 1.5 + 2.76 * 2.76) / 2.0).sqrt();
        assert!((s.epochs[0].train_rmse - want).abs() < 1e-5);
    }
}

#[test]
fn one_epoch_k1_unbiased_by_hand() {
    // Unbiased: err = r - q·p, no bias updates, prediction = q·p.
    // (u0, i0, 4), (u0, i1, 2), all lr 0.1, reg 0.1, p0 = 0.5, q = (0.2, -0.4)
    // Rating 1: err = 4 - 0.1 = 3.9; p = .5 + .1 (3.9*.2 - .1*.5) = 0.573
    //           q0 = .2 + .1 (3.9*.5 - .1*.2) = 0.393
    // Rating 2: err = 2 - 0.573*(-0.4) = 2.2292
    //           p = .573 + .1 (2.2292*(-.4) - .0573) = 0.478102
    //           q1 = -.4 + .1 (2.2292*.573 - .1*(-.4)) = -0.2682668...
    let r = Ratings::new(vec![0, 0], vec![0, 1], vec![4.0, 2.0], 1, 2).unwrap();
    let p = SvdParams {
        n_factors: 1,
        n_epochs: 1,
        biased: false,
        ..SvdParams::default().with_lr_all(0.1).with_reg_all(0.1)
    };
    for simd in kernels() {
        let (m, _) = fit_fixed(&r, &p, vec![0.5], vec![0.2, -0.4], simd);
        assert_eq!((m.bu[0], m.bi[0], m.bi[1]), (0.0, 0.0, 0.0));
        assert!(close(m.pu[0], 0.478102), "{}", m.pu[0]);
        assert!(close(m.qi[0], 0.393) && close(m.qi[1], -0.4 + 0.1 * (2.2292 * 0.573 + 0.04)));
        let pr = m.predict(Some(0), Some(0));
        assert!(close(pr.raw, 0.478102 * 0.393) && pr.mu == 0.0);
    }
}

fn planted_split() -> (Ratings, Ratings) {
    let r = planted(&PlantedConfig {
        n_users: 1500,
        n_items: 600,
        n_ratings: 90_000,
        ..PlantedConfig::default()
    })
    .unwrap();
    split(&r, 0.2, 0).unwrap()
}

fn planted_params(threads: usize) -> SvdParams {
    SvdParams {
        n_factors: 20,
        n_epochs: 40,
        threads,
        ..SvdParams::default().with_lr_all(0.01)
    }
}

#[test]
fn planted_low_rank_beats_baselines() {
    let (train, test) = planted_split();
    let mut rmses = vec![];
    let (m, stats) = fit(&train, &planted_params(1), &mut |e| {
        rmses.push(e.train_rmse)
    })
    .unwrap();
    assert_eq!(rmses.len(), 40);
    assert!(
        rmses[39] < rmses[0] * 0.7,
        "training RMSE must fall: {rmses:?}"
    );
    assert_eq!(stats.epochs.len(), 40);
    let svd = evaluate(&m, &test).rmse;
    let bsl = evaluate(
        &BaselineOnly::fit(&train, &BaselineOptions::default()).unwrap(),
        &test,
    )
    .rmse;
    let gm = evaluate(&GlobalMean::fit(&train).unwrap(), &test).rmse;
    assert!(svd < 0.8 * bsl, "svd {svd} vs baseline {bsl}");
    assert!(bsl < gm, "baseline {bsl} vs global mean {gm}");
}

#[test]
fn determinism_and_parallel_matches_sequential() {
    let (train, test) = planted_split();
    let seq = fit(&train, &planted_params(1), &mut |_| {}).unwrap().0;
    let seq2 = fit(&train, &planted_params(1), &mut |_| {}).unwrap().0;
    assert_eq!(seq, seq2, "same seed, threads=1: identical");
    let other = fit(
        &train,
        &SvdParams {
            seed: 1,
            ..planted_params(1)
        },
        &mut |_| {},
    )
    .unwrap()
    .0;
    assert_ne!(seq.pu, other.pu);

    let par = fit(&train, &planted_params(2), &mut |_| {}).unwrap();
    assert_eq!(par.1.blocks, 16);
    let par2 = fit(&train, &planted_params(2), &mut |_| {}).unwrap();
    assert_eq!(par.0, par2.0, "same seed, threads=2: bit-identical");
    // The same schedule run on one thread gives the same bits: the result
    // depends on the schedule, never on timing.
    let hooks = Hooks {
        workers: Some(1),
        ..Hooks::default()
    };
    let one = fit_impl(&train, &planted_params(2), &|| 0.0, &mut |_| {}, hooks).unwrap();
    assert_eq!(one.1.threads, 1);
    assert_eq!(par.0, one.0);
    // Initial factors depend only on the seed; accuracy matches sequential.
    let (a, b) = (evaluate(&seq, &test).rmse, evaluate(&par.0, &test).rmse);
    assert!((a - b).abs() < 0.02 * a, "sequential {a} vs parallel {b}");
}

#[test]
fn by_user_order_is_deterministic_and_as_accurate() {
    let (train, test) = planted_split();
    let base = evaluate(
        &fit(&train, &planted_params(1), &mut |_| {}).unwrap().0,
        &test,
    )
    .rmse;
    for threads in [1, 2] {
        let p = SvdParams {
            order: crate::params::RatingOrder::ByUser,
            ..planted_params(threads)
        };
        let a = fit(&train, &p, &mut |_| {}).unwrap().0;
        let hooks = Hooks {
            workers: Some(1),
            ..Hooks::default()
        };
        let b = fit_impl(&train, &p, &|| 0.0, &mut |_| {}, hooks).unwrap().0;
        assert_eq!(a, b, "threads={threads}: same bits on one worker");
        let rmse = evaluate(&a, &test).rmse;
        assert!(
            (rmse - base).abs() < 0.02 * base,
            "by-user {rmse} vs shuffled {base}"
        );
    }
}

#[test]
fn explicit_block_counts_work() {
    let (train, test) = planted_split();
    let base = evaluate(
        &fit(&train, &planted_params(1), &mut |_| {}).unwrap().0,
        &test,
    )
    .rmse;
    for blocks in [2, 3, 5, 40] {
        let p = SvdParams {
            blocks,
            ..planted_params(2)
        };
        let (m, s) = fit(&train, &p, &mut |_| {}).unwrap();
        assert_eq!(s.blocks, blocks);
        let rmse = evaluate(&m, &test).rmse;
        assert!(
            (rmse - base).abs() < 0.03 * base,
            "B={blocks}: {rmse} vs {base}"
        );
    }
}

#[test]
fn kernels_agree_on_k100() {
    let r = planted(&PlantedConfig {
        n_users: 300,
        n_items: 200,
        n_ratings: 12_000,
        ..PlantedConfig::default()
    })
    .unwrap();
    let p = SvdParams {
        n_epochs: 3,
        ..SvdParams::default()
    };
    let mut rng = Rng::new(4);
    let pu: Vec<f32> = (0..300 * 100)
        .map(|_| rng.normal_with(0.0, 0.1) as f32)
        .collect();
    let qi: Vec<f32> = (0..200 * 100)
        .map(|_| rng.normal_with(0.0, 0.1) as f32)
        .collect();
    let runs: Vec<SvdModel> = kernels()
        .into_iter()
        .map(|s| fit_fixed(&r, &p, pu.clone(), qi.clone(), s).0)
        .collect();
    for m in &runs[1..] {
        let max_diff =
            m.pu.iter()
                .zip(&runs[0].pu)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f32::max);
        assert!(max_diff < 1e-4, "kernels diverge by {max_diff}");
        assert_ne!(m.pu, pu, "training changed the factors");
    }
}

#[test]
fn bad_inputs_are_errors() {
    let r = Ratings::new(vec![0], vec![0], vec![3.0], 1, 1).unwrap();
    let bad = SvdParams {
        lr_pu: f32::NAN,
        ..SvdParams::default()
    };
    assert!(matches!(
        fit(&r, &bad, &mut |_| {}),
        Err(MfError::InvalidParam { name: "lr_pu", .. })
    ));
    let mut broken = r.clone();
    broken.values[0] = f32::INFINITY;
    assert!(matches!(
        fit(&broken, &SvdParams::default(), &mut |_| {}),
        Err(MfError::NonFinite { .. })
    ));
    broken.values.clear();
    assert!(matches!(
        fit(&broken, &SvdParams::default(), &mut |_| {}),
        Err(MfError::LengthMismatch { .. })
    ));
    broken.users.clear();
    broken.items.clear();
    assert!(matches!(
        fit(&broken, &SvdParams::default(), &mut |_| {}),
        Err(MfError::Empty { .. })
    ));
}

#[test]
fn many_threads_on_tiny_data() {
    // More blocks than users or items: most blocks are empty.
    let r = Ratings::new(vec![0, 1, 0], vec![0, 1, 1], vec![4.0, 2.0, 3.0], 2, 2).unwrap();
    for threads in [2, 4, 7] {
        let p = SvdParams {
            n_factors: 3,
            threads,
            ..SvdParams::default()
        };
        let (m, s) = fit(&r, &p, &mut |_| {}).unwrap();
        assert_eq!(s.blocks, 8 * threads);
        assert!(m.pu.iter().chain(&m.qi).all(|x| x.is_finite()));
        assert!(m.predict(Some(0), Some(0)).value > m.predict(Some(1), Some(1)).value);
    }
}

#[test]
fn users_and_items_missing_from_training_are_unknown() {
    // User 2 and item 2 exist in the index space but have no ratings.
    let r = Ratings::new(vec![0, 1, 0], vec![0, 1, 1], vec![4.0, 2.0, 3.0], 3, 3).unwrap();
    let (m, _) = fit(
        &r,
        &SvdParams {
            n_factors: 3,
            ..SvdParams::default()
        },
        &mut |_| {},
    )
    .unwrap();
    let p = m.predict(Some(2), Some(0));
    assert!(!p.known_user && p.known_item);
    assert_eq!(p.raw, m.mu + m.bi[0]);
    let p = m.predict(Some(0), Some(2));
    assert!(p.known_user && !p.known_item);
    assert_eq!(p.raw, m.mu + m.bu[0]);
}

#[test]
fn a_learning_rate_far_too_large_is_reported_as_divergence() {
    let (train, _) = planted_split();
    let params = SvdParams {
        n_factors: 5,
        n_epochs: 20,
        ..SvdParams::default().with_lr_all(1000.0)
    };
    let mut seen = 0;
    let err = fit(&train, &params, &mut |_| seen += 1).unwrap_err();
    let MfError::Diverged { epoch, train_rmse } = err else {
        panic!("expected Diverged, got {err:?}");
    };
    assert!(
        epoch < 20 && !train_rmse.is_finite(),
        "{epoch} {train_rmse}"
    );
    assert_eq!(seen, epoch, "stops at the first non-finite epoch");
    let message = err.to_string();
    assert!(
        message.starts_with("training diverged: the training RMSE is ")
            && message.contains("learning rate is too large"),
        "{message}"
    );
}

#[test]
fn epochs_are_bounded_before_anything_is_sized_by_them() {
    let r = Ratings::new(vec![0], vec![0], vec![3.0], 1, 1).unwrap();
    let huge = SvdParams {
        n_epochs: 4_000_000_000,
        ..SvdParams::default()
    };
    let err = fit(&r, &huge, &mut |_| {}).unwrap_err();
    assert!(
        matches!(
            err,
            MfError::InvalidParam {
                name: "n_epochs",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("1..=10000"), "{err}");
}
