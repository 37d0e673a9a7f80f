//! The finishing steps of a site build: content-hashed names for the
//! page's code and style, the service worker's precache list and version,
//! the pre-compressed copies, and the size report.

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
/// pre-compressed copies (the server picks those), the user-factor shards
/// and the training worker (`pkg/train-worker.*`, `pkg/cartelera_train_worker*`:
/// a megabyte only someone training on their own ratings needs), which are
/// fetched (and then cached, `sw.js`) only when needed. The taste model
/// (`data/taste/`: the visitor view and "more like this") and the ratings
/// model's item side are precached, so both work offline.
fn precached(file: &str) -> bool {
    !(file == "sw.js"
        || file == "_headers"
        || file.ends_with(".br")
        || file.ends_with(".gz")
        || file.starts_with("data/model/users/")
        || file.starts_with("data/taste/users/")
        || file.starts_with("pkg/train-worker.")
        || file.starts_with("pkg/cartelera_train_worker"))
}

/// FNV-1a, 64 bits: enough to tell two builds apart.
pub(crate) fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The files that get content-hashed names, where `dist` puts them, and
/// the references to them that are rewritten (in that order: a file is
/// hashed after the references inside it are rewritten). Everything in
/// `pkg/` and `style/` is hashed, so a host can cache those two folders
/// for a year (`public/_headers`, `docs/deploy.md`); anything else there
/// is an error, not a file cached forever under a name that never changes.
const HASHED: [(&str, &[(&str, &str)]); 7] = [
    ("pkg/cartelera_web_bg.wasm", &[]),
    ("pkg/cartelera_web.js", &[]),
    (
        "pkg/boot.js",
        &[
            ("./pkg/cartelera_web.js", "pkg/cartelera_web.js"),
            ("./pkg/cartelera_web_bg.wasm", "pkg/cartelera_web_bg.wasm"),
        ],
    ),
    ("pkg/cartelera_train_worker_bg.wasm", &[]),
    ("pkg/cartelera_train_worker.js", &[]),
    (
        "pkg/train-worker.js",
        &[
            (
                "./cartelera_train_worker.js",
                "pkg/cartelera_train_worker.js",
            ),
            (
                "./cartelera_train_worker_bg.wasm",
                "pkg/cartelera_train_worker_bg.wasm",
            ),
        ],
    ),
    ("style/main.css", &[]),
];

/// Scripts `public/` holds that `dist` moves into `pkg/` (to be hashed).
const MOVED_INTO_PKG: [&str; 2] = ["boot.js", "train-worker.js"];

/// References in `index.html` (relative to the site) to rewrite last
/// (`boot.js` as the page names it; the training worker's script through
/// its `<meta name="cartelera-train-worker">`, which the app reads).
const PAGE_REFERENCES: [&str; 4] = [
    "style/main.css",
    "boot.js",
    "pkg/cartelera_web.js",
    "pkg/train-worker.js",
];

/// `dir/stem.ext` → `dir/stem.HASH.ext`, HASH being 16 hex digits of the
/// content's FNV-1a (what the server's cache rule recognises).
fn hashed_name(rel: &str, bytes: &[u8]) -> String {
    let hash = format!("{:016x}", fnv1a(0xcbf2_9ce4_8422_2325, bytes));
    match rel.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') => format!("{stem}.{hash}.{ext}"),
        _ => format!("{rel}.{hash}"),
    }
}

/// Replaces each quoted `from` (`"x"` or `'x'`) by `to` in `text`; a
/// reference that is not there is an error (a renamed file must not leave
/// the page pointing at nothing).
fn rewrite(file: &str, text: &str, pairs: &[(&str, String)]) -> Result<String> {
    let mut out = text.to_string();
    for (from, to) in pairs {
        let before = out.clone();
        for quote in ['"', '\''] {
            out = out.replace(
                &format!("{quote}{from}{quote}"),
                &format!("{quote}{to}{quote}"),
            );
        }
        if out == before {
            return Err(format!("{file} has no reference to {from} to rewrite"));
        }
    }
    Ok(out)
}

/// Moves `boot.js` and `train-worker.js` into `pkg/`, gives the page's code and style
/// content-hashed names and points `index.html` at them. A returning
/// visitor's browser then keeps them for a year and a new build is new
/// names; only `index.html` (and the service worker) is revalidated.
pub(crate) fn hash_assets(stage: &Path) -> Result {
    let read = |rel: &str| fs::read(stage.join(rel)).map_err(|e| format!("cannot read {rel}: {e}"));
    for script in MOVED_INTO_PKG {
        fs::rename(stage.join(script), stage.join("pkg").join(script))
            .map_err(|e| format!("cannot move {script} into pkg/: {e}"))?;
    }
    let mut renamed: Vec<(String, String)> = Vec::new();
    for (rel, references) in HASHED {
        let mut bytes = read(rel)?;
        if !references.is_empty() {
            let text = String::from_utf8(bytes).map_err(|e| format!("{rel}: {e}"))?;
            let pairs: Vec<(&str, String)> = references
                .iter()
                .map(|(from, target)| {
                    let to = renamed
                        .iter()
                        .find(|(old, _)| old == target)
                        .map(|(_, new)| new.clone())
                        .ok_or_else(|| format!("{target} is hashed after {rel}"))?;
                    // Both sit in pkg/: the reference is the bare file name.
                    Ok((*from, format!("./{}", to.rsplit('/').next().unwrap_or(&to))))
                })
                .collect::<Result<_>>()?;
            bytes = rewrite(rel, &text, &pairs)?.into_bytes();
        }
        let new = hashed_name(rel, &bytes);
        fs::write(stage.join(&new), &bytes).map_err(|e| format!("cannot write {new}: {e}"))?;
        fs::remove_file(stage.join(rel)).map_err(|e| format!("cannot remove {rel}: {e}"))?;
        renamed.push((rel.to_string(), new));
    }
    for file in site_files(stage)? {
        let in_hashed_folder = file.starts_with("pkg/") || file.starts_with("style/");
        if in_hashed_folder && !renamed.iter().any(|(_, new)| *new == file) {
            return Err(format!(
                "{file} would be cached for a year without a hashed name: add it to site.rs's HASHED"
            ));
        }
    }
    let page = String::from_utf8(read("index.html")?).map_err(|e| format!("index.html: {e}"))?;
    let pairs: Vec<(&str, String)> = PAGE_REFERENCES
        .iter()
        .map(|from| {
            let source = if *from == "boot.js" {
                "pkg/boot.js"
            } else {
                from
            };
            let to = renamed
                .iter()
                .find(|(old, _)| old == source)
                .map(|(_, new)| new.clone())
                .ok_or_else(|| format!("{from} is not hashed"))?;
            Ok((*from, to))
        })
        .collect::<Result<_>>()?;
    let page = rewrite("index.html", &page, &pairs)?;
    fs::write(stage.join("index.html"), page).map_err(|e| format!("cannot write index.html: {e}"))
}

/// `_headers`' path patterns (Netlify's and Cloudflare Pages' syntax: a
/// trailing `*` is a splat).
fn header_patterns(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| {
            !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with(char::is_whitespace)
        })
        .map(str::trim)
        .collect()
}

fn pattern_matches(pattern: &str, path: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => path.starts_with(prefix),
        None => pattern == path,
    }
}

/// Every file of the site (and `/`) is covered by exactly one rule of
/// `_headers`: a file with none would get the host's default caching, and
/// one with two would get both rules' values joined.
pub(crate) fn check_headers_cover(stage: &Path) -> Result {
    let text = fs::read_to_string(stage.join("_headers"))
        .map_err(|e| format!("cannot read the site's _headers (public/_headers): {e}"))?;
    let patterns = header_patterns(&text);
    let mut paths = vec!["/".to_string()];
    paths.extend(
        site_files(stage)?
            .into_iter()
            .filter(|f| compressible(f))
            .map(|f| format!("/{f}")),
    );
    for path in paths {
        let n = patterns
            .iter()
            .filter(|p| pattern_matches(p, &path))
            .count();
        if n != 1 {
            return Err(format!(
                "public/_headers has {n} rules for {path}: give it exactly one"
            ));
        }
    }
    Ok(())
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

/// Every file a browser may ask for is worth a compressed copy, the
/// Parquet files too: their pages are compressed inside, but their
/// footers, dictionaries and statistics are not.
fn compressible(file: &str) -> bool {
    !(file.ends_with(".br") || file.ends_with(".gz") || file == "_headers")
}

/// Writes `F.br` (Brotli 11) and `F.gz` (gzip 9) beside each file, for
/// servers that send pre-compressed files (`cartelera serve`, nginx's
/// gzip_static/brotli_static); a copy that would not be smaller than the
/// file is not written (the server then sends the file itself).
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
            if data.len() >= bytes.len() {
                continue;
            }
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
    use super::*;

    #[test]
    fn hashed_names_keep_the_folder_and_extension() {
        let name = hashed_name("pkg/cartelera_web_bg.wasm", b"x");
        let (stem, rest) = name.split_once('.').unwrap();
        assert_eq!(stem, "pkg/cartelera_web_bg");
        let (hash, ext) = rest.split_once('.').unwrap();
        assert_eq!((hash.len(), ext), (16, "wasm"), "{name}");
        assert_ne!(name, hashed_name("pkg/cartelera_web_bg.wasm", b"y"));
    }

    #[test]
    fn a_missing_reference_is_an_error_not_a_silent_miss() {
        let pairs = [("boot.js", "pkg/boot.00.js".to_string())];
        let page = rewrite("index.html", "<script src=\"boot.js\">", &pairs).unwrap();
        assert_eq!(page, "<script src=\"pkg/boot.00.js\">");
        let err = rewrite("index.html", "<script src=\"main.js\">", &pairs).unwrap_err();
        assert!(err.contains("boot.js"), "{err}");
    }

    #[test]
    fn the_site_layout_is_covered_once_by_public_headers() {
        let text =
            std::fs::read_to_string(crate::exec::project_root().join("public/_headers")).unwrap();
        let patterns = header_patterns(&text);
        for path in [
            "/",
            "/index.html",
            "/sw.js",
            "/pkg/boot.0011223344556677.js",
            "/style/main.0011223344556677.css",
            "/data/titles.parquet",
        ] {
            let n = patterns.iter().filter(|p| pattern_matches(p, path)).count();
            assert_eq!(n, 1, "{path}");
        }
    }

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
            "pkg/train-worker.0011223344556677.js",
            "pkg/cartelera_train_worker.0011223344556677.js",
            "pkg/cartelera_train_worker_bg.0011223344556677.wasm",
        ] {
            assert!(!precached(file), "{file}");
        }
    }
}
