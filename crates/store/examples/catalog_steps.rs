//! How the page's catalog decodes in steps: rewrites a page catalog
//! (`titles.parquet` of a built site) with `page_titles::write` as it is
//! now, then times `StepReader` five times: opening, the first step, the
//! largest steps, the whole decode (256 rows a step, as the page does).
//! The largest step is the longest task a phone's main thread sees.
//!
//! `cargo run --release -p cartelera-store --example catalog_steps -- target/e2e-site/data/titles.parquet`

use std::time::Instant;

use cartelera_store::page_titles::{self, StepReader};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: catalog_steps PATH/titles.parquet")?;
    let titles = page_titles::read(std::fs::read(&path)?.into())?;
    let mut written = Vec::new();
    page_titles::write(&titles, 11, &mut written)?;
    println!(
        "{path}: {} titles, rewritten in {} bytes",
        titles.len(),
        written.len()
    );
    for _ in 0..5 {
        let started = Instant::now();
        let mut steps = StepReader::new(bytes::Bytes::from(written.clone()), 256)?;
        let open = ms(started);
        let mut times = Vec::new();
        loop {
            let started = Instant::now();
            let more = steps.step()?;
            times.push(ms(started));
            if !more {
                break;
            }
        }
        let first = times[0];
        let total = open + times.iter().sum::<f64>();
        times.sort_by(|a, b| b.total_cmp(a));
        let top: Vec<String> = times.iter().take(4).map(|t| format!("{t:.1}")).collect();
        println!(
            "open {open:.1} ms, first step {first:.1} ms, largest steps {} ms, whole decode {total:.1} ms ({} steps)",
            top.join(", "),
            times.len()
        );
    }
    Ok(())
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1e3
}
