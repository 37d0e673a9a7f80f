//! `cargo xtask bench-api`: the HTTP API under load. Starts the release
//! `cartelera serve` on the demo data (built first if missing), then runs
//! `wrk` against each route for a bounded time, rotating through realistic
//! parameters, and prints requests/s, latency percentiles and errors.
//!
//! Traffic goes to 127.0.0.1 only; each run is bounded by `-d`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::exec::{build_cli, cartelera_bin, run, Result, BUILD_DIR};

const SECONDS: u32 = 10;
const CONNECTIONS: u32 = 32;
const THREADS: u32 = 2;

/// Each route and the request targets it cycles through.
fn routes() -> Vec<(&'static str, Vec<String>)> {
    let platforms = ["amazon", "disney", "hulu", "netflix"];
    let years = 2000..=2021;
    let mut max_duration = Vec::new();
    let mut score_count = Vec::new();
    let mut actor = Vec::new();
    for p in platforms {
        for y in years.clone() {
            for unit in ["min", "season"] {
                max_duration.push(format!(
                    "/get_max_duration?year={y}&platform={p}&duration_type={unit}"
                ));
            }
            for s in ["3", "3.5", "4"] {
                score_count.push(format!("/get_score_count?platform={p}&scored={s}&year={y}"));
            }
            actor.push(format!("/get_actor?platform={p}&year={y}"));
        }
    }
    let count = platforms
        .iter()
        .flat_map(|p| [p.to_string(), p.to_uppercase()])
        .map(|p| format!("/get_count_platform?platform={p}"))
        .collect();
    let titles = ["ns2186", "hs1518", "ds83", "as9177", "ns1416", "hs2021"];
    let predict = (1..=200)
        .map(|u| format!("/predict?user={u}&title={}", titles[u % titles.len()]))
        .collect();
    let recommend = (1..=200)
        .map(|u| match u % 5 {
            0 => format!("/recommend?user={u}&n=10"),
            k => format!("/recommend?user={u}&n=10&platform={}", platforms[k - 1]),
        })
        .collect();
    vec![
        ("get_max_duration", max_duration),
        ("get_score_count", score_count),
        ("get_count_platform", count),
        ("get_actor", actor),
        ("predict", predict),
        ("recommend", recommend),
    ]
}

/// Status code of one GET (to keep only targets that answer 200, so that
/// every non-2xx during the run is an error).
fn status_of(host: &str, target: &str) -> Result<u16> {
    let fail = |e: std::io::Error| format!("GET {target}: {e}");
    let mut stream = TcpStream::connect(host).map_err(fail)?;
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .map_err(fail)?;
    let mut head = String::new();
    BufReader::new(&mut stream)
        .read_line(&mut head)
        .map_err(fail)?;
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest);
    head.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("GET {target}: no status line in {head:?}"))
}

/// A wrk script that sends `targets` in turn.
fn lua_script(targets: &[String]) -> String {
    let list: Vec<String> = targets.iter().map(|t| format!("  {t:?},")).collect();
    format!(
        "local targets = {{\n{}\n}}\nlocal i = 0\nrequest = function()\n  i = i % #targets + 1\n  return wrk.format(\"GET\", targets[i])\nend\n",
        list.join("\n")
    )
}

/// What one wrk run measured.
struct Measured {
    requests_per_s: f64,
    p50: String,
    p99: String,
    max: String,
    requests: u64,
    errors: u64,
}

fn parse_wrk(out: &str) -> Result<Measured> {
    let word_after = |prefix: &str| -> Option<&str> {
        out.lines()
            .map(str::trim)
            .find_map(|l| l.strip_prefix(prefix))
            .and_then(|rest| rest.split_whitespace().next())
    };
    let requests_per_s = word_after("Requests/sec:")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("no Requests/sec in wrk's output:\n{out}"))?;
    let requests = out
        .lines()
        .find(|l| l.contains("requests in"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let non_2xx: u64 = word_after("Non-2xx or 3xx responses:")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    // "Socket errors: connect 0, read 0, write 0, timeout 0"
    let socket: u64 = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("Socket errors:"))
        .map_or(0, |rest| {
            rest.split(',')
                .filter_map(|part| part.split_whitespace().nth(1)?.parse::<u64>().ok())
                .sum()
        });
    let latency = out.lines().find(|l| l.trim_start().starts_with("Latency"));
    let max = latency
        .and_then(|l| l.split_whitespace().nth(3))
        .unwrap_or("?")
        .to_string();
    Ok(Measured {
        requests_per_s,
        p50: word_after("50%").unwrap_or("?").to_string(),
        p99: word_after("99%").unwrap_or("?").to_string(),
        max,
        requests,
        errors: non_2xx + socket,
    })
}

/// Starts `cartelera serve` on a free port; returns it and its address.
fn start_server(log: &Path) -> Result<(Child, String)> {
    let log_file =
        std::fs::File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let mut child = Command::new(cartelera_bin())
        .args(["serve", "--port", "0", "--data", BUILD_DIR, "--model"])
        .arg(format!("{BUILD_DIR}/model"))
        .stdout(Stdio::piped())
        .stderr(log_file)
        .spawn()
        .map_err(|e| format!("cannot start cartelera serve: {e}"))?;
    let mut first = String::new();
    if let Some(out) = child.stdout.take() {
        let _ = BufReader::new(out).read_line(&mut first);
    }
    let host = first
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .map(str::to_string);
    match host {
        Some(host) => Ok((child, host)),
        None => {
            let _ = child.kill();
            Err(format!(
                "cartelera serve did not print its URL (see {})",
                log.display()
            ))
        }
    }
}

/// Asks the server to stop as an operator would (SIGTERM), and waits.
fn stop_server(mut child: Child) -> Result {
    run(Command::new("kill").args(["-TERM", &child.id().to_string()]))?;
    child.wait().map_err(|e| format!("cartelera serve: {e}"))?;
    Ok(())
}

pub(crate) fn bench_api() -> Result {
    build_cli()?;
    let data = Path::new(BUILD_DIR);
    if !data.join("titles.parquet").is_file() || !data.join("model/model.json").is_file() {
        crate::data::build_data(false, crate::exec::Cli::Release)?;
    }
    let dir = Path::new("target/bench");
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let log = dir.join("api-access.log");
    let (server, host) = start_server(&log)?;
    let result = measure_all(&host, dir);
    stop_server(server)?;
    let lines = std::fs::read_to_string(&log).map_or(0, |t| t.lines().count());
    eprintln!("access log: {lines} lines in {}", log.display());
    let _ = std::fs::remove_file(&log);
    let rows = result?;
    println!(
        "\nbench-api: wrk -t{THREADS} -c{CONNECTIONS} -d{SECONDS}s on 127.0.0.1, server and wrk on the same 2 cores"
    );
    println!("| route | targets | requests/s | p50 | p99 | max | requests | errors |");
    println!("|---|---|---|---|---|---|---|---|");
    for (route, targets, m) in &rows {
        println!(
            "| `/{route}` | {targets} | {:.0} | {} | {} | {} | {} | {} |",
            m.requests_per_s, m.p50, m.p99, m.max, m.requests, m.errors
        );
    }
    Ok(())
}

fn measure_all(host: &str, dir: &Path) -> Result<Vec<(&'static str, usize, Measured)>> {
    let mut rows = Vec::new();
    for (route, targets) in routes() {
        let mut answering = Vec::new();
        for t in targets {
            if status_of(host, &t)? == 200 {
                answering.push(t);
            }
        }
        if answering.is_empty() {
            return Err(format!("no target of /{route} answers 200"));
        }
        let script = dir.join(format!("wrk-{route}.lua"));
        std::fs::write(&script, lua_script(&answering))
            .map_err(|e| format!("cannot write {}: {e}", script.display()))?;
        eprintln!("$ wrk … /{route} ({} targets)", answering.len());
        let out = Command::new("wrk")
            .args([
                format!("-t{THREADS}"),
                format!("-c{CONNECTIONS}"),
                format!("-d{SECONDS}s"),
                "--latency".into(),
                "-s".into(),
            ])
            .arg(&script)
            .arg(format!("http://{host}/"))
            .output()
            .map_err(|e| format!("cannot run wrk (apt-get install wrk): {e}"))?;
        let text = String::from_utf8_lossy(&out.stdout);
        eprint!("{text}");
        rows.push((route, answering.len(), parse_wrk(&text)?));
    }
    Ok(rows)
}
