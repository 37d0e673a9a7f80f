//! Native timing of the four catalog queries on the full catalog
//! (`cargo xtask bench`, or `cargo bench -p cartelera --bench queries --
//! --data DIR`). Target: each query ≤ 1 ms.

use std::path::PathBuf;
use std::time::Instant;

use cartelera::data::load_catalog;
use cartelera_core::Query;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let data = args
        .iter()
        .position(|a| a == "--data")
        .and_then(|k| args.get(k + 1))
        .map_or_else(|| PathBuf::from("data/build"), PathBuf::from);
    let catalog = match load_catalog(&data) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("queries bench: {e:#}");
            std::process::exit(1);
        }
    };
    let cases: [(&str, &[(&str, &str)]); 4] = [
        (
            "get_max_duration",
            &[
                ("year", "2019"),
                ("platform", "hulu"),
                ("duration_type", "min"),
            ],
        ),
        (
            "get_score_count",
            &[("platform", "netflix"), ("scored", "3.5"), ("year", "2020")],
        ),
        ("get_count_platform", &[("platform", "amazon")]),
        ("get_actor", &[("platform", "netflix"), ("year", "2019")]),
    ];
    println!("{} titles from {}", catalog.len(), data.display());
    println!(
        "{:<20} {:>12} {:>12} {:>12}",
        "query", "median µs", "p99 µs", "max µs"
    );
    for (name, params) in cases {
        let query = Query::parse(name, params.iter().copied()).expect("bench parameters are valid");
        let mut times = Vec::with_capacity(2000);
        for _ in 0..2000 {
            let t = Instant::now();
            std::hint::black_box(query.run(std::hint::black_box(&catalog)));
            times.push(t.elapsed().as_secs_f64() * 1e6);
        }
        times.sort_by(f64::total_cmp);
        let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
        println!(
            "{name:<20} {:>12.1} {:>12.1} {:>12.1}",
            at(0.5),
            at(0.99),
            at(1.0)
        );
    }
}
