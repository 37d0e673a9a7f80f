//! `cargo xtask lighthouse [--site DIR] [--only PAGE]`: Lighthouse on the
//! optimised site (issue #14). A benchmark, not a test: it prints a table
//! and writes the summaries, it asserts nothing.
//!
//! 1. the site: `dist` (LTO + wasm-opt) into `target/bench-site`, the
//!    folder `bench-web` uses; `--site DIR` takes a site already built;
//! 2. `cartelera serve` on a free port of 127.0.0.1 (precompressed files
//!    and the cache rules, as a real host sends them);
//! 3. npm's `lighthouse@12`, installed once under `target/tools/lighthouse/`,
//!    driving Debian's Chromium (`CHROME_PATH`, default `/usr/bin/chromium`)
//!    with the mobile preset (simulated slow 4G, 4× slower CPU) and the
//!    desktop one, on the pages of [`PAGES`];
//! 4. the table (performance, FCP, LCP, TBT, CLS, bytes) on stdout, each
//!    full report and `summary.json` under `target/lighthouse/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::exec::{run, Result};

/// The npm package and its major version (the figures are Lighthouse 12's).
const LIGHTHOUSE: &str = "lighthouse@12";

/// Where the reports and the summary go.
const OUT_DIR: &str = "target/lighthouse";

/// The pages measured: a short name and the address relative to the site.
/// The title id is one of the catalog's (the README's `predict` example).
pub(crate) const PAGES: [(&str, &str); 6] = [
    ("home", ""),
    ("query", "?view=get_actor&platform=netflix&year=2020"),
    ("search", "?view=search&q=love"),
    ("title", "?view=title&id=ns2186"),
    ("rate", "?view=rate"),
    ("eda", "?view=eda&platform=netflix"),
];

/// The two presets: Lighthouse's default (mobile) and `--preset=desktop`.
const PRESETS: [&str; 2] = ["mobile", "desktop"];

/// One page under one preset.
#[derive(Debug, PartialEq)]
pub(crate) struct Summary {
    /// Performance score, 0 to 100.
    pub performance: f64,
    /// Accessibility score, 0 to 100 (issue #13 asks for 100 everywhere).
    pub accessibility: f64,
    /// First Contentful Paint, ms.
    pub fcp_ms: f64,
    /// Largest Contentful Paint, ms.
    pub lcp_ms: f64,
    /// Total Blocking Time, ms.
    pub tbt_ms: f64,
    /// Cumulative Layout Shift.
    pub cls: f64,
    /// Bytes transferred while the page loaded (Lighthouse's
    /// `total-byte-weight`: what came over the wire before it settled).
    pub bytes: f64,
}

impl Summary {
    /// Reads the figures from a Lighthouse JSON report; names what is missing.
    pub(crate) fn from_report(report: &Value) -> Result<Summary> {
        let audit = |id: &str| {
            report["audits"][id]["numericValue"]
                .as_f64()
                .ok_or_else(|| format!("the Lighthouse report has no audits.{id}.numericValue"))
        };
        let score = |category: &str| {
            report["categories"][category]["score"]
                .as_f64()
                .map(|s| (s * 100.0).round())
                .ok_or_else(|| format!("the Lighthouse report has no categories.{category}.score"))
        };
        Ok(Summary {
            performance: score("performance")?,
            accessibility: score("accessibility")?,
            fcp_ms: audit("first-contentful-paint")?,
            lcp_ms: audit("largest-contentful-paint")?,
            tbt_ms: audit("total-blocking-time")?,
            cls: audit("cumulative-layout-shift")?,
            bytes: audit("total-byte-weight")?,
        })
    }

    fn to_json(&self, page: &str, preset: &str) -> Value {
        serde_json::json!({
            "page": page, "preset": preset, "performance": self.performance,
            "accessibility": self.accessibility,
            "fcp_ms": self.fcp_ms, "lcp_ms": self.lcp_ms, "tbt_ms": self.tbt_ms,
            "cls": self.cls, "bytes": self.bytes,
        })
    }

    /// One Markdown row of the table.
    pub(crate) fn row(&self, address: &str, preset: &str) -> String {
        let page = if address.is_empty() {
            "home".to_string()
        } else {
            format!("`{address}`")
        };
        format!(
            "| {page} | {preset} | {:.0} | {:.0} | {:.1} s | {:.1} s | {:.0} ms | {:.2} | {:.2} MB |",
            self.performance,
            self.accessibility,
            self.fcp_ms / 1000.0,
            self.lcp_ms / 1000.0,
            self.tbt_ms,
            self.cls,
            self.bytes / 1e6
        )
    }
}

struct Options {
    site: Option<PathBuf>,
    only: Option<String>,
}

fn options(args: &[String]) -> Result<Options> {
    let mut opts = Options {
        site: None,
        only: None,
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--site" => {
                opts.site = Some(
                    rest.next()
                        .map(PathBuf::from)
                        .ok_or("--site needs a folder")?,
                )
            }
            "--only" => {
                let page = rest.next().ok_or("--only needs a page name")?;
                if !PAGES.iter().any(|(name, _)| name == page) {
                    return Err(format!(
                        "lighthouse: --only {page:?} is not one of {:?}",
                        PAGES.map(|(name, _)| name)
                    ));
                }
                opts.only = Some(page.clone());
            }
            other => return Err(format!("lighthouse: unknown argument {other:?}")),
        }
    }
    Ok(opts)
}

fn lighthouse_bin() -> Result<PathBuf> {
    let dir = crate::exec::target_dir().join("tools").join("lighthouse");
    let bin = dir.join("node_modules/.bin/lighthouse");
    if !bin.is_file() {
        run(Command::new("npm")
            .args([
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
            ])
            .arg(&dir)
            .arg(LIGHTHOUSE))?;
    }
    Ok(bin)
}

/// `cargo xtask lighthouse`.
pub(crate) fn lighthouse(args: &[String]) -> Result {
    let opts = options(args)?;
    let chrome = match std::env::var("CHROME_PATH") {
        Ok(path) => path,
        Err(_) => {
            // Debian's Chromium, installed as the end-to-end tests install it.
            crate::toolchain::ensure_browser()?;
            "/usr/bin/chromium".into()
        }
    };
    if !Path::new(&chrome).is_file() {
        return Err(format!(
            "lighthouse needs Chromium at {chrome} (Debian's `chromium`, or set CHROME_PATH)"
        ));
    }
    let bin = lighthouse_bin()?;
    let site = match opts.site {
        Some(site) => site,
        None => {
            let site = PathBuf::from("target/bench-site");
            crate::dist::dist(&crate::dist::DistOptions {
                fast: false,
                out: site.clone(),
                model: None,
            })?;
            site
        }
    };
    let site = crate::exec::project_root().join(site);
    let out = crate::exec::project_root().join(OUT_DIR);
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let (server, base) = crate::bench_web::start_server(&site)?;
    eprintln!("lighthouse: the site is served at {base}");
    let measured = measure_all(&bin, &chrome, &base, &out, opts.only.as_deref());
    crate::bench_web::stop_server(server);
    let rows = measured?;
    let summary: Vec<Value> = rows
        .iter()
        .map(|(page, preset, _, s)| s.to_json(page, preset))
        .collect();
    let summary_file = out.join("summary.json");
    std::fs::write(
        &summary_file,
        serde_json::to_string_pretty(&summary).map_err(|e| e.to_string())?,
    )
    .map_err(|e| format!("cannot write {}: {e}", summary_file.display()))?;
    println!(
        "\n## Lighthouse ({}), {}, site {} served by `cartelera serve`\n",
        version(&bin),
        crate::bench_web::machine(),
        site.display()
    );
    println!(
        "| page | preset | performance | accessibility | FCP | LCP | TBT | CLS | bytes (load) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (_, preset, address, s) in &rows {
        println!("{}", s.row(address, preset));
    }
    println!("\nreports: {}", out.display());
    Ok(())
}

type Row = (String, String, String, Summary);

fn measure_all(
    bin: &Path,
    chrome: &str,
    base: &str,
    out: &Path,
    only: Option<&str>,
) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for preset in PRESETS {
        for (page, address) in PAGES {
            if only.is_some_and(|o| o != page) {
                continue;
            }
            let report = out.join(format!("{page}-{preset}.json"));
            let mut cmd = Command::new(bin);
            cmd.arg(format!("{base}{address}"))
                .args([
                    "--quiet",
                    "--only-categories=performance,accessibility",
                    "--output=json",
                    "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking",
                ])
                .arg(format!("--output-path={}", report.display()))
                .env("CHROME_PATH", chrome);
            if preset == "desktop" {
                cmd.arg("--preset=desktop");
            }
            run(&mut cmd)?;
            let text = std::fs::read_to_string(&report)
                .map_err(|e| format!("cannot read {}: {e}", report.display()))?;
            let json: Value = serde_json::from_str(&text)
                .map_err(|e| format!("{} is not JSON: {e}", report.display()))?;
            let summary =
                Summary::from_report(&json).map_err(|e| format!("{}: {e}", report.display()))?;
            eprintln!("{}", summary.row(address, preset));
            rows.push((
                page.to_string(),
                preset.to_string(),
                address.to_string(),
                summary,
            ));
        }
    }
    Ok(rows)
}

fn version(bin: &Path) -> String {
    Command::new(bin)
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .map_or_else(|| "Lighthouse".into(), |v| format!("Lighthouse {v}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_gives_its_figures_and_a_missing_one_is_named() {
        let report = serde_json::json!({
            "categories": {"performance": {"score": 0.456}, "accessibility": {"score": 1.0}},
            "audits": {
                "first-contentful-paint": {"numericValue": 912.0},
                "largest-contentful-paint": {"numericValue": 12034.0},
                "total-blocking-time": {"numericValue": 1700.4},
                "cumulative-layout-shift": {"numericValue": 0.091},
                "total-byte-weight": {"numericValue": 2_070_000.0},
            }
        });
        let s = Summary::from_report(&report).unwrap();
        assert_eq!(s.performance, 46.0);
        assert_eq!(s.accessibility, 100.0);
        assert_eq!(
            s.row("", "mobile"),
            "| home | mobile | 46 | 100 | 0.9 s | 12.0 s | 1700 ms | 0.09 | 2.07 MB |"
        );
        let mut no_accessibility = report.clone();
        no_accessibility["categories"]
            .as_object_mut()
            .unwrap()
            .remove("accessibility");
        let err = Summary::from_report(&no_accessibility).unwrap_err();
        assert!(err.contains("accessibility"), "{err}");
        let mut broken = report.clone();
        broken["audits"]
            .as_object_mut()
            .unwrap()
            .remove("total-blocking-time");
        let err = Summary::from_report(&broken).unwrap_err();
        assert!(err.contains("total-blocking-time"), "{err}");
    }

    #[test]
    fn only_takes_a_known_page() {
        assert!(options(&["--only".into(), "eda".into()]).is_ok());
        let err = options(&["--only".into(), "nope".into()]).err().unwrap();
        assert!(err.contains("nope"), "{err}");
    }
}
