//! The finishing steps of a site build: the service worker's precache list
//! and version, the pre-compressed copies, and the size report.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::exec::Result;

/// Every file under `dir`, as paths relative to it with `/` separators, sorted.
pub(crate) fn site_files(dir: &Path) -> Result<Vec<String>> {
    let mut files = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(rel) = pending.pop() {
        let full = dir.join(&rel);
        let entries =
            fs::read_dir(&full).map_err(|e| format!("cannot list {}: {e}", full.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| e.to_string())?;
            let rel = rel.join(entry.file_name());
            if entry.path().is_dir() {
                pending.push(rel);
            } else {
                files.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Files the service worker precaches: the whole site but itself, the
/// pre-compressed copies (the server picks those) and the user-factor
/// shards, which are fetched (and then cached) only when needed. The taste
/// model (`data/taste/`: the visitor view and "more like this") and the
/// ratings model's item side are precached, so both work offline.
fn precached(file: &str) -> bool {
    !(file == "sw.js"
        || file.ends_with(".br")
        || file.ends_with(".gz")
        || file.starts_with("data/model/users/")
        || file.starts_with("data/taste/users/"))
}

/// FNV-1a, 64 bits: enough to tell two builds apart.
fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Fills `sw.js`'s placeholders: the precache list (relative URLs, so the
/// site works under any sub-path) and a version hashed from every file's
/// path and content, so a new deploy installs a new cache and deletes the old.
pub(crate) fn write_service_worker(stage: &Path) -> Result {
    let sw = stage.join("sw.js");
    let template =
        fs::read_to_string(&sw).map_err(|e| format!("cannot read {}: {e}", sw.display()))?;
    let mut version = 0xcbf2_9ce4_8422_2325_u64;
    let mut urls = vec!["./".to_string()];
    for file in site_files(stage)? {
        if file == "sw.js" {
            continue;
        }
        let bytes = fs::read(stage.join(&file)).map_err(|e| format!("cannot read {file}: {e}"))?;
        version = fnv1a(fnv1a(version, file.as_bytes()), &bytes);
        if precached(&file) {
            urls.push(file);
        }
    }
    let list = urls
        .iter()
        .map(|u| format!("\"{u}\""))
        .collect::<Vec<_>>()
        .join(",\n  ");
    let filled = template
        .replace("\"__CARTELERA_VERSION__\"", &format!("\"{version:016x}\""))
        .replace("[\"__CARTELERA_PRECACHE__\"]", &format!("[\n  {list}\n]"));
    if filled == template {
        return Err(format!("{} lacks the placeholders to fill", sw.display()));
    }
    fs::write(&sw, filled).map_err(|e| format!("cannot write {}: {e}", sw.display()))
}

/// Extensions worth compressing (Parquet is compressed inside already).
fn compressible(file: &str) -> bool {
    [
        ".wasm",
        ".js",
        ".css",
        ".html",
        ".json",
        ".svg",
        ".webmanifest",
    ]
    .iter()
    .any(|ext| file.ends_with(ext))
}

/// Writes `F.br` (Brotli 11) and `F.gz` (gzip 9) beside each compressible
/// file, for servers that send pre-compressed files (`cartelera serve`,
/// nginx's gzip_static/brotli_static).
pub(crate) fn precompress(stage: &Path) -> Result {
    for file in site_files(stage)?.into_iter().filter(|f| compressible(f)) {
        let path = stage.join(&file);
        let bytes = fs::read(&path).map_err(|e| format!("cannot read {file}: {e}"))?;
        let mut br = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut &bytes[..], &mut br, &params)
            .map_err(|e| format!("cannot compress {file}: {e}"))?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&bytes)
            .map_err(|e| format!("cannot compress {file}: {e}"))?;
        let gz = gz
            .finish()
            .map_err(|e| format!("cannot compress {file}: {e}"))?;
        for (ext, data) in [("br", br), ("gz", gz)] {
            let out = PathBuf::from(format!("{}.{ext}", path.display()));
            fs::write(&out, data).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        }
    }
    Ok(())
}

/// Prints what a first visit downloads: each precached file, at its
/// Brotli size when it has a `.br` copy.
pub(crate) fn print_sizes(site: &Path) -> Result {
    let files = site_files(site)?;
    let size = |f: &str| fs::metadata(site.join(f)).map_or(0, |m| m.len());
    let mut total = 0;
    println!("{:>10}  {:>10}  file (first visit)", "bytes", "sent (br)");
    for file in files.iter().filter(|f| precached(f)) {
        let br = format!("{file}.br");
        let sent = if files.contains(&br) {
            size(&br)
        } else {
            size(file)
        };
        total += sent;
        println!("{:>10}  {:>10}  {file}", size(file), sent);
    }
    println!(
        "dist: {} — a first visit transfers {:.2} MB with Brotli",
        site.display(),
        total as f64 / 1e6
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::precached;

    #[test]
    fn the_taste_model_is_precached_and_user_shards_are_not() {
        for file in [
            "data/taste/model.json",
            "data/taste/items.parquet",
            "data/taste/titles.parquet",
            "data/model/model.json",
            "data/model/items.parquet",
            "data/titles.parquet",
        ] {
            assert!(precached(file), "{file}");
        }
        for file in [
            "sw.js",
            "data/model/users/shard-00000.parquet",
            "data/taste/users/shard-00000.parquet",
            "data/titles.parquet.br",
        ] {
            assert!(!precached(file), "{file}");
        }
    }
}
