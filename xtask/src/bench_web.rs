//! `cargo xtask bench-web [--fast] [--only bench_NAME]`: the page benchmark (issues #3, #5,
//! #6). Builds the site (`dist`: LTO + wasm-opt, into `target/bench-site`;
//! `--fast`: `dist --fast` into `target/bench-site-fast`), serves it with
//! `cartelera serve` on a free port of 127.0.0.1 (precompressed `.br`/`.gz`
//! files, as a compressing static host sends them), runs the `bench_*`
//! tests of `tests/e2e/bench.rs` in headless Chromium, and prints their
//! tables, which note for each target whether it was met.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::exec::{cargo, cartelera_bin, run, Result, BUILD_DIR};

/// Where the tables are collected (the tests append to it).
const RESULTS: &str = "target/bench-web/results.md";

pub(crate) fn bench_web(args: &[String]) -> Result {
    let mut fast = false;
    let mut only = "bench_".to_string();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--fast" => fast = true,
            "--only" => match args.next() {
                Some(name) if name.starts_with("bench_") => only = name.clone(),
                other => {
                    return Err(format!(
                        "bench-web: --only takes a benchmark's name (bench_cold_load, bench_training…), found {other:?}"
                    ))
                }
            },
            other => return Err(format!("bench-web: unknown argument {other:?}")),
        }
    }
    let has_driver = Command::new("chromedriver")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_driver {
        return Err("bench-web needs chromedriver and Chromium: install Debian's `chromium` and `chromium-driver`".into());
    }
    let site = PathBuf::from(if fast {
        "target/bench-site-fast"
    } else {
        "target/bench-site"
    });
    crate::dist::dist(&crate::dist::DistOptions {
        fast,
        out: site.clone(),
        model: None,
    })?;
    let site = crate::exec::project_root().join(site);
    let results = crate::exec::project_root().join(RESULTS);
    if let Some(dir) = results.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    match std::fs::remove_file(&results) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(format!("cannot remove {}: {e}", results.display()))
        }
        _ => {}
    }
    let (server, base) = start_server(&site)?;
    eprintln!("bench-web: the site is served at {base}");
    let machine = machine();
    let tests = run(cargo()
        .args([
            "test",
            "--package",
            "cartelera-web",
            "--test",
            "e2e",
            &only,
            "--",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("CARTELERA_BENCH_URL", &base)
        .env("CARTELERA_BENCH_SITE", &site)
        .env("CARTELERA_BENCH_OUT", &results));
    stop_server(server);
    tests?;
    let tables = std::fs::read_to_string(&results)
        .map_err(|e| format!("cannot read {}: {e}", results.display()))?;
    println!(
        "\n## bench-web: {} site ({}), served by `cartelera serve` on 127.0.0.1\n\nMachine: {}; {}.",
        if fast {
            "`dist --fast` (release profile, no wasm-opt)"
        } else {
            "optimized `dist` (LTO, wasm-opt -Oz)"
        },
        site.display(),
        machine,
        chromium_version()
    );
    print!("{tables}");
    Ok(())
}

/// `N cores, CPU model`, from /proc/cpuinfo.
pub(crate) fn machine() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cores = info.lines().filter(|l| l.starts_with("processor")).count();
    let model = info
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|rest| rest.split_once(':'))
        .map_or("unknown CPU", |(_, m)| m.trim());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load = load
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    format!("{cores} cores, {model}; load average when the tests started: {load}")
}

fn chromium_version() -> String {
    let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into());
    Command::new(&binary)
        .arg("--version")
        .stderr(Stdio::null())
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|v| !v.is_empty())
        .map_or_else(
            || "Chromium (version unknown)".into(),
            |v| format!("headless {v}"),
        )
}

/// Starts `cartelera serve` for `site` on a free port; returns it and the
/// page's address.
pub(crate) fn start_server(site: &Path) -> Result<(Child, String)> {
    let mut child = Command::new(cartelera_bin())
        .args([
            "serve", "--port", "0", "--quiet", "--data", BUILD_DIR, "--dist",
        ])
        .arg(site)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start cartelera serve: {e}"))?;
    let mut first = String::new();
    if let Some(out) = child.stdout.take() {
        let _ = BufReader::new(out).read_line(&mut first);
    }
    // "Cartelera API on http://127.0.0.1:PORT/ (docs at /docs)"
    let base = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .map(str::to_string);
    match base {
        Some(base) => Ok((child, base)),
        None => {
            stop_server(child);
            Err(format!(
                "cartelera serve did not print its address: {first:?}"
            ))
        }
    }
}

/// Stops the server as an operator would (SIGTERM), and waits for it.
pub(crate) fn stop_server(mut child: Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
}
