//! Accuracy check on MovieLens ml-latest-small (100,836 ratings, 610 users,
//! 9,724 movies), against the numbers Surprise reports for `SVD()`.
//!
//! ```text
//! cargo run --release --example movielens_cv -- [PATH/ratings.csv] [--threads N]
//!     [--seed S] [--cv-seed S] [--split-seed S] [--rating-min X] [--by-user] [--skip-foldin]
//! ```
//!
//! 1. 5-fold cross-validation of SVD with Surprise's defaults (Surprise:
//!    mean RMSE 0.8726 on this file), with the BaselineOnly and GlobalMean
//!    references;
//! 2. an 80/20 split with seed 0 (about 0.868 expected);
//! 3. a fold-in study: 20% of the users are held out of training, then
//!    folded in from half of their ratings and scored on the other half,
//!    for several regularisation strengths λ (this is how the default of
//!    `FoldInOptions` was chosen).

use cartelera_det::Rng;
use cartelera_mf::baseline::{BaselineOnly, BaselineOptions, GlobalMean};
use cartelera_mf::data::{kfold, split, IdMap, Ratings};
use cartelera_mf::eval::{cross_validate, evaluate};
use cartelera_mf::foldin::{fold_in, FoldInOptions};
use cartelera_mf::metrics::rmse;
use cartelera_mf::params::RatingOrder;
use cartelera_mf::train::fit;
use cartelera_mf::SvdParams;
use std::error::Error;
use std::time::Instant;

const DEFAULT_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/movielens/ml-latest-small/ratings.csv"
);

/// Parse `userId,movieId,rating,timestamp` with a header line.
fn load(path: &str) -> Result<Ratings, Box<dyn Error>> {
    let text = std::fs::read_to_string(path)?;
    let (mut users, mut movies) = (IdMap::new(), IdMap::new());
    let (mut u, mut i, mut v) = (Vec::new(), Vec::new(), Vec::new());
    for (n, line) in text.lines().enumerate().skip(1) {
        let mut f = line.split(',');
        let mut next = |what: &str| {
            f.next()
                .ok_or_else(|| format!("line {}: missing {what}", n + 1))
        };
        let user: u64 = next("userId")?.parse()?;
        let movie: u64 = next("movieId")?.parse()?;
        let rating: f32 = next("rating")?.parse()?;
        u.push(users.index(user));
        i.push(movies.index(movie));
        v.push(rating);
    }
    Ok(Ratings::new(
        u,
        i,
        v,
        users.len() as u32,
        movies.len() as u32,
    )?)
}

fn arg_value(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|p| args.get(p + 1).cloned())
}

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args()
        .nth(1)
        .filter(|a| !a.starts_with("--"))
        .unwrap_or_else(|| DEFAULT_PATH.to_string());
    let threads: usize = arg_value("--threads")
        .and_then(|t| t.parse().ok())
        .unwrap_or(1);
    let ratings = load(&path)?;
    println!(
        "{}: {} ratings, {} users, {} items",
        path,
        ratings.len(),
        ratings.n_users,
        ratings.n_items
    );
    let seed: u64 = arg_value("--seed")
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let cv_seed: u64 = arg_value("--cv-seed")
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let params = SvdParams {
        threads,
        seed,
        rating_min: arg_value("--rating-min")
            .and_then(|t| t.parse().ok())
            .unwrap_or(0.5),
        order: if std::env::args().any(|a| a == "--by-user") {
            RatingOrder::ByUser
        } else {
            RatingOrder::Shuffled
        },
        ..SvdParams::default()
    };

    // 1. 5-fold CV, like `cross_validate(SVD(), data, cv=5)`.
    let t = Instant::now();
    let cv = cross_validate(&ratings, &params, 5, cv_seed)?;
    let cv_secs = t.elapsed().as_secs_f64();
    println!(
        "\n5-fold CV, SVD defaults, threads={threads}, order={:?} (Surprise: mean RMSE 0.8726)",
        params.order
    );
    print!("{cv}");
    println!(
        "SVD 5-fold: RMSE {:.4} ± {:.4}, MAE {:.4} ± {:.4}, total {:.2} s",
        cv.rmse.mean, cv.rmse.std, cv.mae.mean, cv.mae.std, cv_secs
    );
    let folds = kfold(&ratings, 5, cv_seed)?;
    let (mut b_rmse, mut g_rmse) = (0.0, 0.0);
    for (train, test) in &folds {
        b_rmse += evaluate(
            &BaselineOnly::fit(train, &BaselineOptions::default())?,
            test,
        )
        .rmse
            / 5.0;
        g_rmse += evaluate(&GlobalMean::fit(train)?, test).rmse / 5.0;
    }
    println!("BaselineOnly 5-fold RMSE {b_rmse:.4}; GlobalMean 5-fold RMSE {g_rmse:.4}");

    // 2. 80/20 split (seed 0 unless --split-seed is given).
    let split_seed: u64 = arg_value("--split-seed")
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let (train, test) = split(&ratings, 0.2, split_seed)?;
    let t = Instant::now();
    let (model, stats) = fit(&train, &params, &mut |_| {})?;
    let s = evaluate(&model, &test);
    println!(
        "\n80/20 split (seed {split_seed}): RMSE {:.4}, MAE {:.4}, P@10 {:.4}, R@10 {:.4}, NDCG@10 {:.4} (fit {:.2} s, {:.2} s with eval)",
        s.rmse,
        s.mae,
        s.precision_at_10,
        s.recall_at_10,
        s.ndcg_at_10,
        stats.fit_seconds,
        t.elapsed().as_secs_f64()
    );
    let b = evaluate(
        &BaselineOnly::fit(&train, &BaselineOptions::default())?,
        &test,
    );
    println!(
        "   BaselineOnly: RMSE {:.4}, MAE {:.4}, P@10 {:.4}, NDCG@10 {:.4}",
        b.rmse, b.mae, b.precision_at_10, b.ndcg_at_10
    );

    if std::env::args().any(|a| a == "--skip-foldin") {
        return Ok(());
    }
    foldin_study(&ratings, &params)
}

/// Hold out 20% of the users (three different draws), fold each in from half
/// of their ratings, score the other half, for several λ.
fn foldin_study(ratings: &Ratings, params: &SvdParams) -> Result<(), Box<dyn Error>> {
    let candidates = [
        (1.0, 0.0),
        (2.0, 0.0),
        (5.0, 0.0),
        (10.0, 0.0),
        (15.0, 0.0),
        (20.0, 0.0),
        (50.0, 0.0),
        (0.0, 0.02),
        (0.0, 0.05),
        (0.0, 0.1),
        (0.0, 0.2),
        (5.0, 0.05),
        (10.0, 0.05),
    ];
    let draws = [11u64, 12, 13];
    let mut sq = vec![0.0f64; candidates.len()];
    let mut anon_sq = 0.0f64;
    let (mut n_pairs, mut n_users, mut secs, mut folds) = (0usize, 0usize, 0.0f64, 0usize);
    for seed in draws {
        let mut rng = Rng::new(seed);
        let held: Vec<bool> = (0..ratings.n_users).map(|_| rng.f64() < 0.2).collect();
        let train_rows: Vec<usize> = (0..ratings.len())
            .filter(|&r| !held[ratings.users[r] as usize])
            .collect();
        let (model, _) = fit(&ratings.subset(&train_rows), params, &mut |_| {})?;
        // Per held-out user: shuffled ratings on items the model knows.
        let mut per_user: Vec<Vec<(u32, f32)>> = vec![Vec::new(); ratings.n_users as usize];
        for (u, i, r) in ratings.iter() {
            if held[u as usize] && model.knows_item(i) {
                per_user[u as usize].push((i, r));
            }
        }
        let users: Vec<Vec<(u32, f32)>> = per_user
            .into_iter()
            .filter(|v| v.len() >= 4)
            .map(|mut v| {
                rng.shuffle(&mut v);
                v
            })
            .collect();
        n_users += users.len();
        for v in &users {
            for &(i, r) in &v[v.len() / 2..] {
                anon_sq += (r - model.predict(None, Some(i)).value).powi(2) as f64;
                n_pairs += 1;
            }
        }
        for (c, &(lambda, per)) in candidates.iter().enumerate() {
            let opts = FoldInOptions {
                lambda,
                lambda_per_rating: per,
            };
            for v in &users {
                let (known, hidden) = v.split_at(v.len() / 2);
                let t = Instant::now();
                let f = fold_in(&model, known, &opts)?;
                secs += t.elapsed().as_secs_f64();
                folds += 1;
                let pairs: Vec<(f32, f32)> = hidden
                    .iter()
                    .map(|&(i, r)| (r, f.predict(&model, Some(i)).value))
                    .collect();
                sq[c] += rmse(&pairs).powi(2) * pairs.len() as f64;
            }
        }
    }
    println!(
        "\nFold-in study: 3 draws of 20% held-out users ({n_users} users in all), folded in from half their ratings, scored on the other half ({n_pairs} ratings)"
    );
    println!(
        "   unknown-user fallback (μ + b_i): RMSE {:.4}",
        (anon_sq / n_pairs as f64).sqrt()
    );
    for (c, (lambda, per)) in candidates.iter().enumerate() {
        println!(
            "   λ = {lambda:>4} + {per:>4}·n: RMSE {:.4}",
            (sq[c] / n_pairs as f64).sqrt()
        );
    }
    println!(
        "   mean fold-in time {:.3} ms (these users have up to hundreds of ratings)",
        secs * 1e3 / folds as f64
    );
    Ok(())
}
