//! What indexing the catalog costs natively: `Catalog::new` (the id index)
//! and the cast lists interned (`Catalog::cast`, built on the actor
//! query's or the EDA's first use), five runs each, on a built site's
//! `titles.parquet`, with the cast lists' shape (distinct names, their
//! bytes, names listed) that `CastSteps::new` sizes its buffers from.
//! On a phone these are single tasks of the page.
//!
//! `cargo run --release -p cartelera-store --example catalog_index -- target/e2e-site/data/titles.parquet`

use std::time::Instant;

use cartelera_core::Catalog;
use cartelera_store::page_titles;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: catalog_index PATH/titles.parquet")?;
    let titles = page_titles::read(std::fs::read(&path)?.into())?;
    println!("{path}: {} titles", titles.len());
    for _ in 0..5 {
        let copy = titles.clone();
        let started = Instant::now();
        let catalog = Catalog::new(copy)?;
        let new = ms(started);
        let started = Instant::now();
        let names = catalog.cast().len();
        let cast = ms(started);
        let listed: usize = (0..catalog.len())
            .map(|row| catalog.cast().of_row(row).len())
            .sum();
        let chars: usize = (0..names as u32)
            .map(|id| catalog.cast().name(id).len())
            .sum();
        println!(
            "Catalog::new {new:.2} ms, cast index {cast:.2} ms ({names} names, {chars} bytes of them, {listed} listed)"
        );
    }
    Ok(())
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1e3
}
