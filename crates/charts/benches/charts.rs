//! Native timing of every EDA chart on the full catalog: the numbers and
//! the SVG together, as the page and `cartelera eda` compute them.
//! `cargo bench -p cartelera-charts --bench charts [-- --data DIR]` after
//! `cargo xtask demo` (which builds DIR = data/build). Target: all charts
//! together well under 100 ms.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use cartelera_charts::{
    catalog_charts, model_charts, parse_etl_report, parse_model_card, quality_charts, Lang,
};
use cartelera_core::eda::EdaFilter;
use cartelera_core::{Catalog, Platform};

const RUNS: usize = 15;

/// The median of `RUNS` timed calls of `f`.
fn median(mut f: impl FnMut() -> usize) -> (Duration, usize) {
    let mut times = Vec::with_capacity(RUNS);
    let mut size = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        size = std::hint::black_box(f());
        times.push(started.elapsed());
    }
    times.sort();
    (times[RUNS / 2], size)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let data = args
        .iter()
        .position(|a| a == "--data")
        .and_then(|k| args.get(k + 1))
        .map_or_else(|| PathBuf::from("../../data/build"), PathBuf::from);
    let titles = match std::fs::read(data.join("titles.parquet")) {
        Ok(bytes) => cartelera_store::titles::read(bytes.into()).expect("titles.parquet decodes"),
        Err(e) => {
            eprintln!(
                "charts bench: {}: {e} (run `cargo xtask demo` first)",
                data.display()
            );
            std::process::exit(1);
        }
    };
    let catalog = Catalog::new(titles).expect("unique ids");
    let svg_bytes =
        |charts: Vec<cartelera_charts::Chart>| charts.iter().map(|c| c.svg.len()).sum::<usize>();
    let all = EdaFilter::default();
    let netflix = EdaFilter {
        platform: Some(Platform::Netflix),
        ..all
    };
    let (catalog_all, bytes) = median(|| svg_bytes(catalog_charts(&catalog, &all, Lang::En)));
    println!(
        "catalog_charts, all platforms ({} titles): {:>7.2} ms  ({} kB of SVG)",
        catalog.len(),
        ms(catalog_all),
        bytes / 1000
    );
    let (catalog_one, _) = median(|| svg_bytes(catalog_charts(&catalog, &netflix, Lang::Es)));
    println!(
        "catalog_charts, netflix, Spanish:              {:>7.2} ms",
        ms(catalog_one)
    );
    let mut total = catalog_all;
    if let Ok(json) = std::fs::read_to_string(data.join("etl_report.json")) {
        let (t, _) = median(|| {
            svg_bytes(quality_charts(
                &parse_etl_report(&json).expect("report"),
                &all,
                Lang::En,
            ))
        });
        println!(
            "quality_charts (parse + draw):                 {:>7.2} ms",
            ms(t)
        );
        total += t;
    }
    if let Ok(json) = std::fs::read_to_string(data.join("model/model.json")) {
        let (t, _) = median(|| {
            svg_bytes(model_charts(
                &parse_model_card(&json).expect("card"),
                Lang::En,
            ))
        });
        println!(
            "model_charts (parse + draw):                   {:>7.2} ms",
            ms(t)
        );
        total += t;
    }
    println!(
        "charts bench: all charts together {:.2} ms (median of {RUNS}; target < 100 ms)",
        ms(total)
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
