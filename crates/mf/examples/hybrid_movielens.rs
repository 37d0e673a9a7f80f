//! The hybrid model on MovieLens ml-latest-small with its genres and decades
//! as item features: one training run timed, then the evaluation (a)–(c)
//! side by side with its references (`cartelera_mf::hybrid::report`).
//!
//! ```text
//! cargo run -p cartelera-mf --release --example hybrid_movielens -- [DIR] [--seed S] [--factors K] [--epochs N]
//!     [--negatives N] [--neg-weight A] [--neg-rating R] [--lr X] [--reg X] [--implicit-factors K] [--lr-implicit X] [--reg-implicit X] [--rank-weight G]
//!     [--split-seed S] [--foldin-lambda L] [--time-only]
//! ```

use cartelera_mf::hybrid::movielens::parse;
use cartelera_mf::hybrid::report::{evaluate_hybrid, EvalOptions};
use cartelera_mf::hybrid::{fit_hybrid, HybridParams};
use std::error::Error;
use std::time::Instant;

const DEFAULT_DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/movielens/ml-latest-small"
);

fn arg_value(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|p| args.get(p + 1).cloned())
}

/// CPU seconds this process has used (user + system, from /proc; None
/// elsewhere): on a shared machine wall time measures the neighbours too.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn main() -> Result<(), Box<dyn Error>> {
    let dir = std::env::args()
        .nth(1)
        .filter(|a| !a.starts_with("--"))
        .unwrap_or_else(|| DEFAULT_DIR.to_string());
    let movies = std::fs::read_to_string(format!("{dir}/movies.csv"))?;
    let ratings = std::fs::read_to_string(format!("{dir}/ratings.csv"))?;
    let ml = parse(&movies, &ratings)?;
    let mut params = HybridParams::default();
    if let Some(s) = arg_value("--seed").and_then(|s| s.parse().ok()) {
        params.seed = s;
    }
    if let Some(k) = arg_value("--factors").and_then(|s| s.parse().ok()) {
        params.n_factors = k;
    }
    if let Some(e) = arg_value("--epochs").and_then(|s| s.parse().ok()) {
        params.n_epochs = e;
    }
    if let Some(n) = arg_value("--negatives").and_then(|s| s.parse().ok()) {
        params.negatives = n;
    }
    if let Some(x) = arg_value("--neg-weight").and_then(|s| s.parse().ok()) {
        params.negative_weight = x;
    }
    if let Some(x) = arg_value("--neg-rating").and_then(|s| s.parse().ok()) {
        params.negative_rating = x;
    }
    if let Some(x) = arg_value("--implicit-factors").and_then(|s| s.parse().ok()) {
        params.implicit_factors = x;
    }
    if let Some(x) = arg_value("--lr-implicit").and_then(|s| s.parse().ok()) {
        params.lr_implicit = x;
    }
    if let Some(x) = arg_value("--reg-implicit").and_then(|s| s.parse().ok()) {
        params.reg_implicit = x;
    }
    if let Some(x) = arg_value("--rank-weight").and_then(|s| s.parse().ok()) {
        params.rank_rating_weight = x;
    }
    if let Some(x) = arg_value("--lr").and_then(|s| s.parse::<f32>().ok()) {
        (params.lr_bias, params.lr_user, params.lr_item) = (x, x, x);
    }
    if let Some(x) = arg_value("--reg").and_then(|s| s.parse::<f32>().ok()) {
        (params.reg_user, params.reg_item, params.reg_feature) = (x, x, x);
    }
    println!(
        "{dir}: {} ratings, {} users, {} movies, {} features (genres + decades)",
        ml.ratings.len(),
        ml.ratings.n_users,
        ml.ratings.n_items,
        ml.feature_names.len()
    );
    println!("{params:?}");
    for run in 1..=3 {
        let (t, cpu) = (Instant::now(), cpu_seconds());
        let (_, stats) = fit_hybrid(&ml.ratings, &ml.features, &params, &mut |_| {})?;
        let wall = t.elapsed().as_secs_f64();
        let cpu = cpu.zip(cpu_seconds()).map(|(a, b)| b - a);
        println!(
            "training run {run} on all {} ratings: {wall:.3} s wall, {} s CPU ({:.2} M ratings/s wall), final train RMSE {:.4}",
            ml.ratings.len(),
            cpu.map_or("?".to_string(), |c| format!("{c:.2}")),
            stats.updates_per_second / 1e6,
            stats.epochs.last().map_or(f64::NAN, |e| e.train_rmse)
        );
    }
    // A visitor's fold-in (rating part around the mean user, then the
    // implicit part) from 5 ratings, as the page would run it.
    let (model, _) = fit_hybrid(&ml.ratings, &ml.features, &params, &mut |_| {})?;
    let picks: Vec<(u32, f32)> = [(0u32, 5.0f32), (1, 4.0), (46, 5.0), (224, 2.0), (314, 4.5)]
        .into_iter()
        .filter(|p| model.svd.knows_item(p.0))
        .collect();
    let items: Vec<u32> = picks.iter().map(|p| p.0).collect();
    let fold_opts = EvalOptions::default().fold_in;
    let (t, n) = (Instant::now(), 200);
    for _ in 0..n {
        std::hint::black_box(model.fold_in_visitor(&picks, &fold_opts)?);
        std::hint::black_box(model.fold_in_visitor_implicit(&items));
    }
    println!(
        "visitor fold-in of {} ratings over {} items (rating + implicit part): {:.3} ms each",
        picks.len(),
        ml.ratings.n_items,
        t.elapsed().as_secs_f64() * 1e3 / n as f64
    );
    if std::env::args().any(|a| a == "--time-only") {
        return Ok(());
    }
    let opts = EvalOptions {
        seed: arg_value("--split-seed")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
        ..EvalOptions::default()
    };
    let mut opts = opts;
    if let Some(x) = arg_value("--foldin-lambda").and_then(|s| s.parse().ok()) {
        opts.fold_in.lambda = x;
    }
    let t = Instant::now();
    let report = evaluate_hybrid(&ml.ratings, &ml.features, &params, &opts)?;
    println!("\n{report}");
    println!("(evaluation {:.1} s)", t.elapsed().as_secs_f64());
    Ok(())
}
