//! Training throughput benchmark on a planted low-rank catalogue the size
//! of the production one: 11,000,000 ratings, 115,000 users, 23,000 items
//! (Zipf item popularity), k = 100, 20 epochs, 2 threads.
//!
//! ```text
//! cargo run --release --example bench_fit -- [--threads 2] [--blocks 0]
//!     [--epochs 20] [--k 100] [--ratings 11000000] [--users 115000] [--items 23000]
//!     [--by-user]
//! ```
//!
//! Prints the fit time, rating updates per second, peak RSS (VmHWM from
//! /proc/self/status, Linux only) and the time to fold in new users.

use cartelera_mf::foldin::{fold_in, FoldInOptions};
use cartelera_mf::params::RatingOrder;
use cartelera_mf::synthetic::{planted, PlantedConfig};
use cartelera_mf::train::fit;
use cartelera_mf::SvdParams;
use std::time::Instant;

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|p| args.get(p + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// User + system CPU seconds of the whole process (all threads, Linux only),
/// to tell our own cost apart from waiting for a core on a busy machine.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return f64::NAN;
    };
    // Fields after the parenthesised command name; utime and stime are the
    // 14th and 15th fields overall, in clock ticks (100 per second on Linux).
    let rest = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        f.get(i)
            .and_then(|x| x.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let threads = arg("--threads", 2);
    let blocks = arg("--blocks", 0);
    let epochs = arg("--epochs", 20);
    let k = arg("--k", 100);
    let by_user = std::env::args().any(|a| a == "--by-user");
    let cfg = PlantedConfig {
        n_users: arg("--users", 115_000) as u32,
        n_items: arg("--items", 23_000) as u32,
        n_ratings: arg("--ratings", 11_000_000),
        rank: 10,
        factor_std: 0.45,
        noise_std: 0.3,
        popularity_exponent: 1.0,
        seed: 42,
        ..PlantedConfig::default()
    };
    let t = Instant::now();
    let ratings = planted(&cfg)?;
    let counts = ratings.item_counts();
    let max_item = counts.iter().max().copied().unwrap_or(0);
    println!(
        "data: {} ratings, {} users, {} items (most popular item: {} ratings), generated in {:.2} s",
        ratings.len(),
        cfg.n_users,
        cfg.n_items,
        max_item,
        t.elapsed().as_secs_f64()
    );
    let params = SvdParams {
        n_factors: k,
        n_epochs: epochs,
        threads,
        blocks,
        order: if by_user {
            RatingOrder::ByUser
        } else {
            RatingOrder::Shuffled
        },
        seed: 7,
        ..SvdParams::default()
    };
    println!(
        "training: k={k}, epochs={epochs}, threads={threads}, blocks={}, order={:?}",
        params.effective_blocks(),
        params.order
    );
    let cpu0 = cpu_seconds();
    let mut last_cpu = cpu0;
    let mut epoch_cpu = Vec::new();
    let (model, stats) = fit(&ratings, &params, &mut |e| {
        let c = cpu_seconds();
        epoch_cpu.push(c - last_cpu);
        last_cpu = c;
        println!(
            "  epoch {:>2}  train RMSE {:.4}  elapsed {:.2} s  (CPU {:.2} s)",
            e.epoch,
            e.train_rmse,
            e.elapsed_seconds,
            c - cpu0
        )
    })?;
    // Epoch 0's CPU time includes the setup; the others are pure training.
    if epoch_cpu.len() > 1 {
        let rest: f64 = epoch_cpu[1..].iter().sum();
        println!(
            "training CPU per epoch (epochs 1..): {:.3} s = {:.2} M updates per CPU-second",
            rest / (epoch_cpu.len() - 1) as f64,
            ratings.len() as f64 * (epoch_cpu.len() - 1) as f64 / rest / 1e6
        );
    }
    let cpu = cpu_seconds() - cpu0;
    println!("kernel: {}, workers: {}", stats.kernel, stats.threads);
    println!(
        "fit CPU seconds (all threads): {cpu:.2} = {:.2} M updates per CPU-second",
        (ratings.len() * epochs) as f64 / cpu / 1e6
    );
    println!("setup seconds: {:.2}", stats.setup_seconds);
    println!("fit seconds: {:.2}", stats.fit_seconds);
    println!(
        "updates/s (epochs only): {:.2} M",
        stats.updates_per_second / 1e6
    );
    println!(
        "updates/s (whole fit):   {:.2} M",
        (ratings.len() * epochs) as f64 / stats.fit_seconds / 1e6
    );

    // Fold-in latency: 1,000 synthetic new users with 50 ratings each.
    let mut times = Vec::new();
    let opts = FoldInOptions::default();
    for u in 0..1000u32 {
        let rs: Vec<(u32, f32)> = (0..50u32)
            .map(|j| {
                (
                    (u * 7919 + j * 104_729) % cfg.n_items,
                    1.0 + ((u + j) % 9) as f32 * 0.5,
                )
            })
            .filter(|&(i, _)| model.knows_item(i))
            .collect();
        let t = Instant::now();
        let f = fold_in(&model, &rs, &opts)?;
        times.push(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(f.factors.len(), k);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "fold-in (≤50 ratings, k={k}): mean {:.3} ms, p50 {:.3} ms, max {:.3} ms",
        times.iter().sum::<f64>() / times.len() as f64,
        times[times.len() / 2],
        times[times.len() - 1]
    );
    match peak_rss_mib() {
        Some(m) => println!("peak RSS: {m:.0} MiB"),
        None => println!("peak RSS: unavailable"),
    }
    Ok(())
}
