//! What cutting the page's synopses into files costs in bytes and saves in
//! decoding: for 1, 16, 32 and 64 files (cut by `descriptions::id_hash`,
//! as `shard_of` cuts) at Brotli 9 and 11, the files' total, the largest
//! file, and the time to decode the largest (best of five), natively.
//!
//! `cargo run --release -p cartelera-store --example description_shards -- target/site/data`
//! (a built site's data folder: its `titles.parquet` and `descriptions/`).

use std::time::Instant;

use cartelera_core::Title;
use cartelera_store::{descriptions, page_titles};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("usage: description_shards SITE/data")?,
    );
    let mut titles = page_titles::read(std::fs::read(dir.join("titles.parquet"))?.into())?;
    let mut synopses = std::collections::HashMap::new();
    for shard in 0..descriptions::SHARDS {
        let bytes = std::fs::read(dir.join(descriptions::shard_file(shard)))?;
        synopses.extend(descriptions::read_display(bytes.into())?);
    }
    for t in &mut titles {
        t.description = synopses.remove(&t.id);
        t.display.description = None;
    }
    let with = titles.iter().filter(|t| t.description.is_some()).count();
    println!("{} titles, {with} with a synopsis", titles.len());
    for level in [9, 11] {
        for files in [1u32, 16, 32, 64] {
            let mut parts: Vec<Vec<Title>> = vec![Vec::new(); files as usize];
            for t in &titles {
                parts[(descriptions::id_hash(&t.id) % files) as usize].push(t.clone());
            }
            let mut written = Vec::new();
            for part in &parts {
                let mut bytes = Vec::new();
                descriptions::write(part, level, &mut bytes)?;
                written.push(bytes);
            }
            let total: usize = written.iter().map(Vec::len).sum();
            let largest = written.iter().max_by_key(|b| b.len()).ok_or("no files")?;
            let mut best = f64::INFINITY;
            for _ in 0..5 {
                let started = Instant::now();
                descriptions::read_display(largest.clone().into())?;
                best = best.min(started.elapsed().as_secs_f64() * 1e3);
            }
            println!(
                "Brotli {level:>2}, {files:>2} files: {total:>9} bytes in all, largest {:>9}, decoded in {best:.2} ms",
                largest.len()
            );
        }
    }
    Ok(())
}
