//! End-to-end properties of generated data (unit tests of the pipeline as a
//! whole; the file writers are covered by `tests/files.rs`).

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::*;

/// One mid-size data set shared by the tests (generation is the slow part).
fn fixture() -> &'static (Vec<SynthTitle>, SynthData) {
    static DATA: OnceLock<(Vec<SynthTitle>, SynthData)> = OnceLock::new();
    DATA.get_or_init(|| {
        let titles = demo_titles(4_000, 3);
        let cfg = SynthConfig {
            users: 4_000,
            ratings: 320_000,
            seed: 11,
            rows_per_file: 100_000,
        };
        let data = generate(&titles, &cfg, &|_| {}).expect("valid config");
        (titles, data)
    })
}

fn cfg(users: u32, ratings: u64) -> SynthConfig {
    SynthConfig {
        users,
        ratings,
        seed: 5,
        rows_per_file: 1_000,
    }
}

#[test]
fn exact_count_all_titles_rated_no_duplicates() {
    let (titles, d) = fixture();
    assert_eq!(d.len() as u64, d.config.ratings);
    assert_eq!(d.title.len(), d.len());
    assert_eq!(d.rating_x2.len(), d.len());
    assert_eq!(d.timestamp.len(), d.len());
    let mut per_title = vec![0u32; titles.len()];
    let mut pairs = HashSet::with_capacity(d.len());
    for k in 0..d.len() {
        per_title[d.title[k] as usize] += 1;
        assert!(
            pairs.insert((d.user_id[k], d.title[k])),
            "duplicate pair at row {k}"
        );
    }
    assert!(per_title.iter().all(|&c| c >= 1), "a title has no rating");
    assert!(
        d.user_id.windows(2).all(|w| w[0] <= w[1]),
        "rows not ordered by user"
    );
    assert!(d.user_id.iter().all(|&u| (1..=d.config.users).contains(&u)));
}

#[test]
fn ratings_are_half_steps_with_target_histogram() {
    let (_, d) = fixture();
    let mut hist = [0u64; 10];
    for &r in &d.rating_x2 {
        assert!((1..=10).contains(&r), "rating×2 {r}");
        hist[r as usize - 1] += 1;
    }
    assert_eq!(d.rating(0) * 2.0, d.rating_x2[0] as f32);
    let shares = d.truth.params.rating_shares;
    let total: f64 = shares.iter().sum();
    for k in 0..10 {
        let got = hist[k] as f64 / d.len() as f64;
        let want = shares[k] / total;
        assert!(
            (got - want).abs() < 0.01,
            "rating {}: {got:.4} vs {want:.4}",
            (k + 1) as f64 / 2.0
        );
    }
}

#[test]
fn activity_is_heavy_tailed_and_popularity_skewed() {
    let (titles, d) = fixture();
    let mut per_user = vec![0u32; d.config.users as usize];
    let mut per_title = vec![0u64; titles.len()];
    for k in 0..d.len() {
        per_user[d.user_id[k] as usize - 1] += 1;
        per_title[d.title[k] as usize] += 1;
    }
    per_user.sort_unstable();
    let median = per_user[per_user.len() / 2] as f64;
    let max = *per_user.last().unwrap() as f64;
    let top10: u64 = per_user[per_user.len() * 9 / 10..]
        .iter()
        .map(|&c| c as u64)
        .sum();
    assert!(per_user[0] >= 5, "min {}", per_user[0]);
    assert!(max / median >= 10.0, "max {max} median {median}");
    assert!(
        top10 as f64 / d.len() as f64 >= 0.35,
        "top 10 % share {top10}"
    );
    // The 1 % most popular titles (by planted rank) get far more ratings
    // than the least popular half.
    let n = titles.len() as u32;
    let mean = |pred: &dyn Fn(u32) -> bool| {
        let v: Vec<u64> = (0..titles.len())
            .filter(|&i| pred(d.truth.titles[i].popularity_rank))
            .map(|i| per_title[i])
            .collect();
        v.iter().sum::<u64>() as f64 / v.len() as f64
    };
    let head = mean(&|r| r < n / 100);
    let tail = mean(&|r| r >= n / 2);
    assert!(head > 20.0 * tail, "head {head} tail {tail}");
}

#[test]
fn horror_lovers_rate_horror_higher() {
    let (_, d) = fixture();
    let h = axis_index("horror").unwrap();
    let strongest = |u: &UserTruth| {
        (0..N_AXES)
            .max_by(|&a, &b| u.taste[a].total_cmp(&u.taste[b]))
            .unwrap()
    };
    let (mut sh, mut nh, mut so, mut no) = (0f64, 0u32, 0f64, 0u32);
    for k in 0..d.len() {
        let u = &d.truth.users[d.user_id[k] as usize - 1];
        if strongest(u) != h {
            continue;
        }
        if d.truth.titles[d.title[k] as usize].axes[h] > 0.0 {
            sh += d.rating(k) as f64;
            nh += 1;
        } else {
            so += d.rating(k) as f64;
            no += 1;
        }
    }
    assert!(
        nh >= 200 && no >= 1_000,
        "too few horror-lover ratings: {nh} / {no}"
    );
    let (mh, mo) = (sh / nh as f64, so / no as f64);
    assert!(mh - mo >= 0.5, "horror {mh:.3} vs other {mo:.3}");
}

#[test]
fn ratings_track_affinity_and_title_bias() {
    let (titles, d) = fixture();
    let corr = |xs: &[f64], ys: &[f64]| {
        let n = xs.len() as f64;
        let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
        let cov: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
        let vx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
        let vy: f64 = ys.iter().map(|y| (y - my).powi(2)).sum();
        cov / (vx * vy).sqrt()
    };
    let a: Vec<f64> = (0..d.len())
        .map(|k| {
            d.truth
                .affinity(d.user_id[k] as usize - 1, d.title[k] as usize)
        })
        .collect();
    let r: Vec<f64> = (0..d.len()).map(|k| d.rating(k) as f64).collect();
    let c = corr(&a, &r);
    assert!(c > 0.3, "corr(affinity, rating) = {c:.3}");
    let mut sum = vec![(0f64, 0u32); titles.len()];
    for k in 0..d.len() {
        let e = &mut sum[d.title[k] as usize];
        e.0 += d.rating(k) as f64;
        e.1 += 1;
    }
    let (bias, mean): (Vec<f64>, Vec<f64>) = (0..titles.len())
        .filter(|&i| sum[i].1 >= 30)
        .map(|i| (d.truth.titles[i].bias as f64, sum[i].0 / sum[i].1 as f64))
        .unzip();
    let c = corr(&bias, &mean);
    assert!(
        bias.len() > 300 && c > 0.4,
        "corr(b_i, mean rating) = {c:.3} over {}",
        bias.len()
    );
}

#[test]
fn timestamps_in_range_after_release_and_ordered() {
    let (titles, d) = fixture();
    for k in 0..d.len() {
        let ts = d.timestamp[k];
        assert!(
            (FIRST_TIMESTAMP..=LAST_TIMESTAMP).contains(&ts),
            "row {k}: {ts}"
        );
        let year = titles[d.title[k] as usize].release_year;
        assert!(ts >= year_start(year), "row {k}: {ts} before {year}");
        if k > 0 && d.user_id[k - 1] == d.user_id[k] {
            assert!(
                d.timestamp[k - 1] <= ts,
                "row {k}: user's rows not in time order"
            );
        }
    }
    // Spread over the years, not piled on one date.
    let years: HashSet<i64> = d.timestamp.iter().map(|t| t / 31_556_952).collect();
    assert!(years.len() >= 20, "{} distinct years", years.len());
}

#[test]
fn same_seed_same_data_whatever_the_threads() {
    let titles = demo_titles(800, 9);
    let c = cfg(600, 40_000);
    let one = generate_with_threads(&titles, &c, 1, &|_| {}).unwrap();
    let three = generate_with_threads(&titles, &c, 3, &|_| {}).unwrap();
    assert!(one == three, "thread count changed the data");
    let other = generate_with_threads(&titles, &SynthConfig { seed: 6, ..c }, 2, &|_| {}).unwrap();
    assert_ne!(one.rating_x2, other.rating_x2);
    assert_ne!(one.title, other.title);
}

#[test]
fn progress_is_monotone_and_complete() {
    let titles = demo_titles(500, 1);
    let c = cfg(3_000, 200_000);
    let seen = std::sync::Mutex::new(Vec::new());
    generate_with_threads(&titles, &c, 2, &|n| seen.lock().unwrap().push(n)).unwrap();
    let seen = seen.into_inner().unwrap();
    assert!(seen.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(seen.last(), Some(&200_000));
}

#[test]
fn edge_sizes_work() {
    // One title, one user, one rating.
    let t = demo_titles(1, 2);
    let d = generate(&t, &cfg(1, 1), &|_| {}).unwrap();
    assert_eq!(
        (d.user_id.as_slice(), d.title.as_slice()),
        (&[1][..], &[0][..])
    );
    // Exactly one rating per title.
    let t = demo_titles(300, 2);
    let d = generate(&t, &cfg(40, 300), &|_| {}).unwrap();
    let mut seen: Vec<u32> = d.title.clone();
    seen.sort_unstable();
    assert_eq!(seen, (0..300).collect::<Vec<_>>());
    // Fully dense: every user rates every title.
    let t = demo_titles(30, 2);
    let d = generate(&t, &cfg(7, 210), &|_| {}).unwrap();
    let pairs: HashSet<(u32, u32)> = d
        .user_id
        .iter()
        .copied()
        .zip(d.title.iter().copied())
        .collect();
    assert_eq!(pairs.len(), 210);
    // Fewer ratings than users: some users rate nothing, totals still exact.
    let d = generate(&t, &cfg(100, 40), &|_| {}).unwrap();
    assert_eq!(d.len(), 40);
}

#[test]
fn invalid_configs_are_rejected_with_named_parameters() {
    let t = demo_titles(10, 1);
    let cases: [(&[SynthTitle], SynthConfig, SynthError, &str); 5] = [
        (&[], cfg(5, 10), SynthError::NoTitles, "titles"),
        (&t, cfg(0, 10), SynthError::ZeroUsers, "users"),
        (
            &t,
            cfg(5, 9),
            SynthError::TooFewRatings {
                ratings: 9,
                titles: 10,
            },
            "ratings",
        ),
        (
            &t,
            cfg(5, 51),
            SynthError::TooManyRatings {
                ratings: 51,
                max: 50,
            },
            "ratings",
        ),
        (
            &t,
            SynthConfig {
                rows_per_file: 0,
                ..cfg(5, 10)
            },
            SynthError::ZeroRowsPerFile,
            "rows_per_file",
        ),
    ];
    for (titles, c, want, param) in cases {
        let err = generate(titles, &c, &|_| {}).unwrap_err();
        assert_eq!(err, want);
        let msg = err.to_string();
        assert!(msg.starts_with(param) && msg.contains("expected"), "{msg}");
    }
    assert!(generate(&t, &cfg(5, 50), &|_| {}).is_ok());
    let oom = SynthError::OutOfMemory {
        users: 3,
        ratings: 9,
    }
    .to_string();
    assert!(
        oom.starts_with("users/ratings") && oom.contains("expected"),
        "{oom}"
    );
}

#[test]
fn true_top_n_is_ranked_by_expected_score() {
    let (titles, d) = fixture();
    let top = true_top_n(d, 17, 25);
    assert_eq!(top.len(), 25);
    let s = |i: u32| d.truth.expected_score(16, i as usize);
    assert!(top.windows(2).all(|w| s(w[0]) >= s(w[1])));
    let best = (0..titles.len() as u32).map(s).fold(f64::MIN, f64::max);
    assert_eq!(s(top[0]), best);
    assert!(true_top_n(d, 0, 5).is_empty());
    assert!(true_top_n(d, d.config.users + 1, 5).is_empty());
    assert_eq!(true_top_n(d, 1, usize::MAX).len(), titles.len());
    // A user's true favourites lean to their strongest axis.
    let u = &d.truth.users[16];
    let k = (0..N_AXES)
        .max_by(|&a, &b| u.taste[a].total_cmp(&u.taste[b]))
        .unwrap();
    let hits = top
        .iter()
        .filter(|&&i| d.truth.titles[i as usize].axes[k] > 0.0)
        .count();
    assert!(hits >= 10, "{hits} of 25 on axis {}", AXES[k]);
}

#[test]
fn small_and_full_configs_are_valid() {
    assert_eq!(SynthConfig::full().ratings, 11_024_289);
    assert_eq!(SynthConfig::full().users, 115_000);
    assert!(SynthConfig::full().validate(22_998).is_ok());
    assert!(SynthConfig::small().validate(22_998).is_ok());
    let d = &fixture().1;
    assert_eq!(
        d.user_rows(1).len() as u32,
        d.user_id.iter().filter(|&&u| u == 1).count() as u32
    );
}

#[test]
fn planted_matches_the_generated_truth() {
    let titles = crate::demo_titles(400, 3);
    let cfg = SynthConfig {
        users: 60,
        ratings: 3_000,
        seed: 11,
        rows_per_file: 1_000,
    };
    let data = crate::generate(&titles, &cfg, &|_| {}).unwrap();
    let planted = crate::planted(&titles, &cfg).unwrap();
    assert_eq!(planted.users, data.truth.users);
    assert_eq!(planted.titles, data.truth.titles);
    assert_eq!(
        planted.expected_score(5, 7),
        data.truth.expected_score(5, 7)
    );
}
