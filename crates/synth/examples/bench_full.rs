//! Full-scale benchmark: 22,998 fabricated titles, 115,000 users,
//! 11,024,289 ratings; generates, writes the CSV files (and the truth) to a
//! directory, and prints timings, throughput, peak RSS, the rating
//! histogram against its target and a taste check.
//!
//! `cargo run --release --example bench_full [OUT_DIR]` (default: a
//! `bench_full` folder under the system temp dir; removed afterwards unless
//! OUT_DIR is given).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use cartelera_synth::{
    axis_index, demo_titles, generate, write_truth, CsvParts, SynthConfig, TruthFile,
};

/// Writes `path` through a 1 MiB buffer (a benchmark needs no staging).
fn write_file(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    fill(&mut out)?;
    out.flush()
}

/// Peak resident set size from /proc/self/status (VmHWM), if available.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arg = std::env::args().nth(1).map(PathBuf::from);
    let dir = arg
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join("bench_full"));
    let titles = demo_titles(22_998, 42);
    let cfg = SynthConfig::full();

    let t0 = Instant::now();
    let data = generate(&titles, &cfg, &|_| {})?;
    let gen_s = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    std::fs::create_dir_all(dir.join("truth"))?;
    let parts = CsvParts::new(&data, &titles, &cfg)?;
    let files: Vec<PathBuf> = (0..parts.count())
        .map(|k| dir.join(CsvParts::file_name(k)))
        .collect();
    std::thread::scope(|scope| {
        let jobs: Vec<_> = files
            .iter()
            .enumerate()
            .map(|(k, path)| {
                let parts = &parts;
                scope.spawn(move || write_file(path, |out| parts.write(k, out, &|_| {})))
            })
            .collect();
        jobs.into_iter()
            .try_for_each(|job| job.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    })?;
    let write_s = t1.elapsed().as_secs_f64();
    let total_s = gen_s + write_s;
    let t2 = Instant::now();
    for file in TruthFile::ALL {
        write_file(&dir.join("truth").join(file.file_name()), |out| {
            write_truth(&data, &titles, file, out)
        })?;
    }
    let truth_s = t2.elapsed().as_secs_f64();
    let bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();

    println!(
        "ratings: {}  users: {}  titles: {}",
        data.len(),
        cfg.users,
        titles.len()
    );
    println!("files: {} ({:.1} MB)", files.len(), bytes as f64 / 1e6);
    println!("generation: {gen_s:.2} s");
    println!("csv write:  {write_s:.2} s");
    println!(
        "total:      {total_s:.2} s  ({:.2} M rows/s)",
        data.len() as f64 / total_s / 1e6
    );
    println!("truth write: {truth_s:.2} s (not in total)");
    match peak_rss_kib() {
        Some(k) => println!("peak RSS (VmHWM): {:.0} MiB", k as f64 / 1024.0),
        None => println!("peak RSS: unavailable"),
    }

    let mut hist = [0u64; 10];
    for &r in &data.rating_x2 {
        hist[r as usize - 1] += 1;
    }
    let shares = data.truth.params.rating_shares;
    let st: f64 = shares.iter().sum();
    println!("rating  got     target");
    for k in 0..10 {
        let got = hist[k] as f64 / data.len() as f64 * 100.0;
        println!(
            "{:>4.1}   {got:5.2} %  {:5.2} %",
            (k + 1) as f64 / 2.0,
            shares[k] / st * 100.0
        );
    }

    // Activity and popularity shape.
    let mut per_user = vec![0u32; cfg.users as usize];
    let mut per_title = vec![0u32; titles.len()];
    for (&u, &t) in data.user_id.iter().zip(&data.title) {
        per_user[u as usize - 1] += 1;
        per_title[t as usize] += 1;
    }
    per_user.sort_unstable();
    per_title.sort_unstable();
    let top10: u64 = per_user[per_user.len() * 9 / 10..]
        .iter()
        .map(|&c| c as u64)
        .sum();
    println!(
        "ratings/user: min {} median {} max {}  top 10 % of users hold {:.1} %",
        per_user[0],
        per_user[per_user.len() / 2],
        per_user[per_user.len() - 1],
        top10 as f64 / data.len() as f64 * 100.0
    );
    println!(
        "ratings/title: min {} median {} max {} ({:.1} % of users)  titles with < 5 ratings: {}",
        per_title[0],
        per_title[per_title.len() / 2],
        per_title[per_title.len() - 1],
        per_title[per_title.len() - 1] as f64 / cfg.users as f64 * 100.0,
        per_title.iter().filter(|&&c| c < 5).count()
    );

    // Taste check: users whose strongest axis is horror.
    let h = axis_index("horror").unwrap_or(0);
    let (mut sh, mut nh, mut so, mut no) = (0f64, 0u64, 0f64, 0u64);
    for k in 0..data.len() {
        let u = &data.truth.users[data.user_id[k] as usize - 1];
        let best = (0..u.taste.len())
            .max_by(|&a, &b| u.taste[a].total_cmp(&u.taste[b]))
            .unwrap_or(0);
        if best != h {
            continue;
        }
        if data.truth.titles[data.title[k] as usize].axes[h] > 0.0 {
            sh += data.rating(k) as f64;
            nh += 1;
        } else {
            so += data.rating(k) as f64;
            no += 1;
        }
    }
    println!(
        "horror lovers: mean rating on horror {:.2} ({nh} ratings) vs other {:.2} ({no} ratings)",
        sh / nh.max(1) as f64,
        so / no.max(1) as f64
    );
    if arg.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}
