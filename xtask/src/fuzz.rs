//! `cargo xtask fuzz [--minutes N] [--target NAME] [--seed S]`: mutation
//! fuzzing of the project's readers on stable Rust (issue 15), with no
//! fuzzing engine: a small deterministic mutator, the targets of
//! `cartelera::fuzz_targets`, and a child process that can crash.
//!
//! The parent builds each target's seed corpus from small slices of the
//! real files in `data/`, then runs `xtask fuzz-worker` (this same binary)
//! under an address-space limit. The worker writes each input to a file
//! before running it, catches panics, and records them; the parent counts
//! a crash when the worker dies (an allocation beyond the limit aborts)
//! and a hang when one input runs longer than [`HANG`], then restarts the
//! worker after that input. Input `i` is a pure function of (seed, i), so
//! a restart continues the same sequence and a run is reproducible.
//! Every distinct failure is minimised (delta debugging, bounded time) and
//! saved under `xtask/fuzz/regressions/<target>/<hash>`, which the test
//! `saved_failures_no_longer_fail` (below, run by `cargo test -p xtask`)
//! replays.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::panic;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use cartelera::fuzz_targets::{self, FILE_SEPARATOR, NAMES};

/// One input running longer than this is a hang.
const HANG: Duration = Duration::from_secs(2);
/// The worker's address-space limit: an allocation beyond it aborts (a
/// crash), instead of taking the machine's memory.
const ADDRESS_SPACE: u64 = 4 << 30;
/// Time spent minimising one failure at most.
const MINIMISE_FOR: Duration = Duration::from_secs(20);
/// Mutated inputs are cut to this size.
const MAX_INPUT: usize = 1 << 20;
/// The folder of saved failures (committed; replayed by `cargo test`).
const REGRESSIONS: &str = "xtask/fuzz/regressions";

/// `cargo xtask fuzz`.
pub fn fuzz(args: &[String]) -> Result<(), String> {
    let mut minutes = 1.0f64;
    let mut only: Option<String> = None;
    let mut seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| d.as_secs());
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match arg.as_str() {
            "--minutes" => {
                minutes = value("--minutes")?
                    .parse()
                    .ok()
                    .filter(|m: &f64| m.is_finite() && *m > 0.0)
                    .ok_or("--minutes: expected a positive number of minutes")?
            }
            "--target" => only = Some(value("--target")?),
            "--seed" => {
                seed = value("--seed")?
                    .parse()
                    .map_err(|_| "--seed: expected an unsigned integer")?
            }
            other => return Err(format!("fuzz: unknown argument `{other}`")),
        }
    }
    let targets: Vec<&'static str> = match &only {
        Some(name) if NAMES.contains(&name.as_str()) => {
            NAMES.into_iter().filter(|n| n == name).collect()
        }
        Some(name) => {
            return Err(format!(
                "fuzz: unknown target `{name}` (expected one of {})",
                NAMES.join(", ")
            ))
        }
        None => NAMES.to_vec(),
    };
    let work = PathBuf::from("target/fuzz");
    let mut rows = Vec::new();
    for name in targets {
        let dir = work.join(name);
        let _ = fs::remove_dir_all(&dir);
        let corpus = dir.join("corpus");
        fs::create_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
        let seeds = seed_corpus(name)?;
        for (i, input) in seeds.iter().enumerate() {
            fs::write(corpus.join(format!("{i:03}")), input).map_err(|e| e.to_string())?;
        }
        println!(
            "fuzz {name}: {} seed inputs, seed {seed}, {minutes} min",
            seeds.len()
        );
        let row = run_target(
            name,
            &dir,
            seeds.len(),
            seed,
            Duration::from_secs_f64(minutes * 60.0),
        )?;
        rows.push(row);
    }
    println!();
    println!("| target | runs | runs/s | panics | crashes | hangs | corpus | seed |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut failed = false;
    for r in &rows {
        println!(
            "| {} | {} | {:.0} | {} | {} | {} | {} | {} |",
            r.name,
            r.runs,
            r.runs as f64 / r.secs,
            r.panics,
            r.crashes,
            r.hangs,
            r.corpus,
            seed
        );
        for saved in &r.saved {
            println!("  saved {saved}");
        }
        failed |= r.panics + r.crashes + r.hangs > 0;
    }
    if failed {
        Err("fuzz: failures found (minimised inputs saved above; `cargo test -p xtask saved_failures` replays them)".into())
    } else {
        Ok(())
    }
}

/// One target's counts.
struct TargetReport {
    name: &'static str,
    runs: u64,
    secs: f64,
    /// Distinct failures of each kind.
    panics: usize,
    crashes: usize,
    hangs: usize,
    corpus: usize,
    saved: Vec<String>,
}

/// How an input failed.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Failure {
    Panic,
    Crash,
    Hang,
}

fn run_target(
    name: &'static str,
    dir: &Path,
    corpus: usize,
    seed: u64,
    budget: Duration,
) -> Result<TargetReport, String> {
    let start = Instant::now();
    let deadline = start + budget;
    let current = dir.join("current");
    let panics_dir = dir.join("panics");
    fs::create_dir_all(&panics_dir).map_err(|e| e.to_string())?;
    // Distinct failures: kind and signature (a panic's location) -> input.
    let mut found: BTreeMap<(Failure, String), Vec<u8>> = BTreeMap::new();
    let mut next = 0u64;
    let mut runs = 0u64;
    while Instant::now() < deadline {
        let left = deadline.saturating_duration_since(Instant::now());
        let mut child = spawn_worker(&[
            "--target",
            name,
            "--dir",
            &dir.display().to_string(),
            "--seed",
            &seed.to_string(),
            "--from",
            &next.to_string(),
            "--millis",
            &left.as_millis().to_string(),
        ])?;
        let (status, last) = watch(&mut child, &current)?;
        match status {
            Outcome::Finished => {
                runs += last.map_or(0, |(i, _)| i + 1).saturating_sub(next);
                break;
            }
            Outcome::Died | Outcome::Hung => {
                let Some((i, input)) = last else {
                    return Err(format!(
                        "fuzz {name}: the worker failed before its first input"
                    ));
                };
                let kind = if status == Outcome::Hung {
                    Failure::Hang
                } else {
                    Failure::Crash
                };
                println!("fuzz {name}: {kind:?} at input {i} ({} bytes)", input.len());
                found.entry((kind, String::new())).or_insert(input);
                runs += i + 1 - next;
                next = i + 1;
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    for entry in fs::read_dir(&panics_dir).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let input = fs::read(&path).map_err(|e| e.to_string())?;
        let signature = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        found.entry((Failure::Panic, signature)).or_insert(input);
    }
    let count = |kind| found.keys().filter(|(k, _)| *k == kind).count();
    let (panics, crashes, hangs) = (
        count(Failure::Panic),
        count(Failure::Crash),
        count(Failure::Hang),
    );
    let mut saved = Vec::new();
    for ((kind, _), input) in found {
        let small = minimise(name, &input, kind);
        let folder = Path::new(REGRESSIONS).join(name);
        fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
        let path = folder.join(format!("{:016x}", fnv1a(&small)));
        fs::write(&path, &small).map_err(|e| e.to_string())?;
        saved.push(format!(
            "{kind:?}: {} ({} bytes, from {})",
            path.display(),
            small.len(),
            input.len()
        ));
    }
    Ok(TargetReport {
        name,
        runs,
        secs,
        panics,
        crashes,
        hangs,
        corpus,
        saved,
    })
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Outcome {
    /// The worker ran until its time was up (or the input passed).
    Finished,
    /// The worker died (a signal or a non-zero exit).
    Died,
    /// One input ran longer than [`HANG`]; the worker was killed.
    Hung,
}

fn spawn_worker(args: &[&str]) -> Result<Child, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    Command::new(exe)
        .arg("fuzz-worker")
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start the fuzz worker: {e}"))
}

/// Waits for the worker, watching the input file it rewrites before each
/// run; returns how it ended and its last input (index, bytes).
fn watch(child: &mut Child, current: &Path) -> Result<(Outcome, Option<Indexed>), String> {
    let mut seen: Option<(u64, Instant)> = None;
    loop {
        let status = child.try_wait().map_err(|e| e.to_string())?;
        let last = read_current(current);
        if let Some(status) = status {
            let outcome = if status.success() {
                Outcome::Finished
            } else {
                Outcome::Died
            };
            return Ok((outcome, last));
        }
        let index = last.as_ref().map(|(i, _)| *i);
        match (seen, index) {
            (Some((i, since)), Some(now)) if i == now && since.elapsed() > HANG => {
                let _ = child.kill();
                let _ = child.wait();
                return Ok((Outcome::Hung, last));
            }
            (Some((i, _)), Some(now)) if i == now => {}
            (_, Some(now)) => seen = Some((now, Instant::now())),
            _ => {}
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// An input and its index in the sequence.
type Indexed = (u64, Vec<u8>);

/// The worker's current input: 8 bytes of index (little-endian), then it.
fn read_current(path: &Path) -> Option<Indexed> {
    let bytes = fs::read(path).ok()?;
    let index = u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?);
    Some((index, bytes[8..].to_vec()))
}

/// The last panic's location and message, set by the silent hook.
static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

fn silence_panics() {
    panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map_or_else(String::new, |l| format!("{}:{}", l.file(), l.line()));
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = location;
        }
    }));
}

fn limit_address_space() {
    let limit = libc::rlimit {
        rlim_cur: ADDRESS_SPACE,
        rlim_max: ADDRESS_SPACE,
    };
    // SAFETY: setrlimit only reads the struct passed by reference.
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &limit);
    }
}

/// `xtask fuzz-worker`: the child process. Either runs inputs `--from`
/// on for `--millis`, or (`--check FILE`) one input, exiting 101 if it
/// panics.
pub fn worker(args: &[String]) -> Result<(), String> {
    let get = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let name = get("--target").ok_or("fuzz-worker: --target")?;
    let target = fuzz_targets::target(&name).ok_or("fuzz-worker: unknown target")?;
    limit_address_space();
    silence_panics();
    if let Some(file) = get("--check") {
        let input = fs::read(&file).map_err(|e| format!("{file}: {e}"))?;
        if panic::catch_unwind(|| target(&input)).is_err() {
            std::process::exit(101);
        }
        return Ok(());
    }
    let dir = PathBuf::from(get("--dir").ok_or("fuzz-worker: --dir")?);
    let number = |flag: &str| -> Result<u64, String> {
        get(flag)
            .and_then(|v| v.parse().ok())
            .ok_or(format!("fuzz-worker: {flag}"))
    };
    let (seed, from, millis) = (number("--seed")?, number("--from")?, number("--millis")?);
    let mut corpus = Vec::new();
    let mut paths: Vec<PathBuf> = fs::read_dir(dir.join("corpus"))
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    for path in paths {
        corpus.push(fs::read(&path).map_err(|e| e.to_string())?);
    }
    if corpus.is_empty() {
        corpus.push(Vec::new());
    }
    let deadline = Instant::now() + Duration::from_millis(millis);
    let current = dir.join("current");
    let mut record = Vec::new();
    let mut index = from;
    while Instant::now() < deadline {
        let input = mutated(&corpus, seed, index);
        record.clear();
        record.extend_from_slice(&index.to_le_bytes());
        record.extend_from_slice(&input);
        // Written before the run, so a crash or hang leaves it behind.
        let mut file = fs::File::create(&current).map_err(|e| e.to_string())?;
        file.write_all(&record).map_err(|e| e.to_string())?;
        drop(file);
        if panic::catch_unwind(|| target(&input)).is_err() {
            let location = LAST_PANIC.lock().map(|l| l.clone()).unwrap_or_default();
            let signature = format!("{:016x}", fnv1a(location.as_bytes()));
            let path = dir.join("panics").join(signature);
            if !path.exists() {
                let _ = fs::write(&path, &input);
            }
        }
        index += 1;
    }
    Ok(())
}

/// Whether `input` still fails as `kind` (run in a fresh worker).
fn still_fails(name: &str, input: &[u8], kind: Failure) -> bool {
    let file = PathBuf::from("target/fuzz").join(name).join("minimise");
    if fs::write(&file, input).is_err() {
        return false;
    }
    let Ok(mut child) = spawn_worker(&["--target", name, "--check", &file.display().to_string()])
    else {
        return false;
    };
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                return match kind {
                    Failure::Panic => status.code() == Some(101),
                    Failure::Crash => !status.success() && status.code() != Some(101),
                    Failure::Hang => false,
                }
            }
            Ok(None) if start.elapsed() > HANG => {
                let _ = child.kill();
                let _ = child.wait();
                return kind == Failure::Hang;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => return false,
        }
    }
}

/// Delta debugging (ddmin on bytes): removes ever smaller chunks while the
/// input still fails the same way, within [`MINIMISE_FOR`].
fn minimise(name: &str, input: &[u8], kind: Failure) -> Vec<u8> {
    let start = Instant::now();
    let mut best = input.to_vec();
    if !still_fails(name, &best, kind) {
        return best;
    }
    let mut chunk = best.len().div_ceil(2).max(1);
    while chunk >= 1 && start.elapsed() < MINIMISE_FOR {
        let mut at = 0;
        let mut removed = false;
        while at < best.len() && start.elapsed() < MINIMISE_FOR {
            let end = (at + chunk).min(best.len());
            let candidate: Vec<u8> = best[..at].iter().chain(&best[end..]).copied().collect();
            if still_fails(name, &candidate, kind) {
                best = candidate;
                removed = true;
            } else {
                at += chunk;
            }
        }
        if !removed {
            if chunk == 1 {
                break;
            }
            chunk /= 2;
        }
    }
    best
}

/// FNV-1a 64: names saved inputs and panic locations.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// splitmix64: the mutator's generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Integers at the edges of the types readers parse.
const INTERESTING: [&str; 14] = [
    "0",
    "-1",
    "1",
    "255",
    "65536",
    "2147483647",
    "-2147483648",
    "4294967295",
    "4000000000",
    "9223372036854775807",
    "18446744073709551616",
    "1e309",
    "NaN",
    "-0.0",
];

/// Input `index` of the sequence `seed`: a corpus input with 1 to 8
/// mutations stacked.
fn mutated(corpus: &[Vec<u8>], seed: u64, index: u64) -> Vec<u8> {
    let mut rng = Rng(seed ^ index.wrapping_mul(0x2545_f491_4f6c_dd1d));
    let mut data = corpus[rng.below(corpus.len())].clone();
    for _ in 0..1 + rng.below(8) {
        mutate(&mut data, corpus, &mut rng);
    }
    data.truncate(MAX_INPUT);
    data
}

fn mutate(data: &mut Vec<u8>, corpus: &[Vec<u8>], rng: &mut Rng) {
    let len = data.len();
    let at = rng.below(len + 1);
    match rng.below(11) {
        // Flip a bit.
        0 if len > 0 => data[at.min(len - 1)] ^= 1 << rng.below(8),
        // A random byte.
        1 if len > 0 => data[at.min(len - 1)] = rng.next() as u8,
        // Insert random bytes.
        2 => {
            let n = 1 + rng.below(8);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            data.splice(at..at, bytes);
        }
        // Delete a chunk.
        3 if len > 0 => {
            let end = (at + 1 + rng.below(64)).min(len);
            data.drain(at.min(len - 1)..end);
        }
        // Duplicate a chunk.
        4 if len > 0 => {
            let from = rng.below(len);
            let end = (from + 1 + rng.below(256)).min(len);
            let chunk = data[from..end].to_vec();
            data.splice(at..at, chunk);
        }
        // Splice with another corpus input: our head, its tail.
        5 => {
            let other = &corpus[rng.below(corpus.len())];
            let cut = rng.below(other.len() + 1);
            data.truncate(at);
            data.extend_from_slice(&other[cut..]);
        }
        // An interesting integer, as text (over a digit run when there is one).
        6 => {
            let text = INTERESTING[rng.below(INTERESTING.len())]
                .as_bytes()
                .to_vec();
            let start = at.min(len);
            let end = data[start..]
                .iter()
                .position(|b| !b.is_ascii_digit())
                .map_or(len, |p| start + p);
            data.splice(start..end, text);
        }
        // An interesting integer, binary (little-endian, 4 or 8 bytes).
        7 if len >= 8 => {
            let value = [
                0u64,
                u64::MAX,
                1 << 31,
                1 << 32,
                u64::from(u32::MAX),
                1 << 62,
            ][rng.below(6)];
            let width = if rng.below(2) == 0 { 4 } else { 8 };
            let start = at.min(len - width);
            data[start..start + width].copy_from_slice(&value.to_le_bytes()[..width]);
        }
        // CSV structure: a delimiter, quote or line ending swapped in.
        8 => {
            const STRUCTURE: [&[u8]; 9] = [
                b",",
                b"\"",
                b"\n",
                b"\r",
                b"\r\n",
                b";",
                b"\t",
                b"\"\"",
                b"\xef\xbb\xbf",
            ];
            let token = STRUCTURE[rng.below(STRUCTURE.len())];
            if len > 0 && rng.below(2) == 0 {
                data[at.min(len - 1)] = token[0];
            } else {
                data.splice(at..at, token.iter().copied());
            }
        }
        // Swap one structural byte for another everywhere.
        9 => {
            const PAIRS: [(u8, u8); 4] =
                [(b',', b';'), (b'\n', b'\r'), (b'"', b'\''), (b'&', b'=')];
            let (a, b) = PAIRS[rng.below(PAIRS.len())];
            for byte in data.iter_mut() {
                if *byte == a {
                    *byte = b;
                }
            }
        }
        // Truncate.
        _ => data.truncate(at),
    }
}

/// The first `rows` lines of a data file.
fn head(path: &str, rows: usize) -> Result<Vec<u8>, String> {
    let bytes = fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let end = bytes
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .nth(rows)
        .map_or(bytes.len(), |(i, _)| i + 1);
    Ok(bytes[..end].to_vec())
}

/// Each target's seeds, from small slices of the real files.
fn seed_corpus(name: &str) -> Result<Vec<Vec<u8>>, String> {
    use cartelera::ingest::catalog_csv::{parse_catalog, CATALOG_FILES};
    let catalogs = || -> Result<Vec<Vec<u8>>, String> {
        CATALOG_FILES
            .iter()
            .map(|(_, file)| head(&format!("data/raw/{file}"), 50))
            .collect()
    };
    Ok(match name {
        "catalog_csv" => catalogs()?,
        "ratings_csv" => vec![
            // Written here, not read from data/build: the seeds must exist on a
            // clean clone, before the pipeline has run.
            (0..50u32)
                .fold(
                    String::from("userId,rating,timestamp,movieId\n"),
                    |mut csv, k| {
                        let platform = ["as", "ds", "hs", "ns"][(k % 4) as usize];
                        let rating = f64::from(k % 10 + 1) / 2.0;
                        csv.push_str(&format!(
                            "{},{rating:.1},{},{platform}{}\n",
                            k / 5 + 1,
                            1_100_000_000 + k * 7_919,
                            k * 37 % 900 + 1
                        ));
                        csv
                    },
                )
                .into_bytes(),
            b"userId,rating,timestamp,movieId\r\n1,4.0,1120649795,as2\r\n2,0.5,1,ns30\r\n".to_vec(),
        ],
        "titles_parquet" => {
            let mut seeds = Vec::new();
            for ((platform, file), bytes) in CATALOG_FILES.iter().zip(catalogs()?) {
                let (titles, _) =
                    parse_catalog(*platform, file, &bytes).map_err(|e| e.to_string())?;
                let mut out = Vec::new();
                cartelera_store::titles::write(&titles[..titles.len().min(20)], &mut out)
                    .map_err(|e| e.to_string())?;
                seeds.push(out);
            }
            seeds
        }
        "ratings_parquet" => {
            let mut table = cartelera_store::RatingsTable::default();
            let ids: Vec<String> = (1..=20).map(|n| format!("ns{n}")).collect();
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            for k in 0..60u32 {
                table.push(
                    k / 6 + 1,
                    k % 20,
                    (k % 10 + 1) as u8,
                    1_100_000_000 + i64::from(k),
                );
            }
            let mut out = Vec::new();
            cartelera_store::ratings::write(&table, &ids, &mut out).map_err(|e| e.to_string())?;
            vec![out]
        }
        "factor_file" => {
            let files = cartelera_store::factors::encode(
                &small_model(),
                &cartelera_store::factors::EncodeOptions::default(),
            )
            .map_err(|e| e.to_string())?;
            let mut joined = Vec::new();
            for (i, (_, bytes)) in files.iter().enumerate() {
                if i > 0 {
                    joined.extend_from_slice(FILE_SEPARATOR);
                }
                joined.extend_from_slice(bytes);
            }
            vec![joined]
        }
        "api_request" => [
            "get_actor\nplatform=amazon&year=2018",
            "get_max_duration\nyear=2018&platform=hulu&duration_type=min",
            "get_score_count\nplatform=netflix&scored=3.5&year=2020",
            "get_count_platform\nplatform=netflix",
            "\nuser=1&title=ns2186",
            "\nuser=1&n=2&platform=disney",
            "\npicks=ns2186:4.5,ds12:3&n=5&type=movie&genre=Drama",
            "\ntitle=ns2186&n=3",
            "get_actor\nplatform=%61mazon&year=+2018&year=",
        ]
        .iter()
        .map(|s| s.as_bytes().to_vec())
        .collect(),
        other => return Err(format!("fuzz: no seeds for `{other}`")),
    })
}

/// A factor model of 12 users and 10 items (k = 3) with histories.
fn small_model() -> cartelera_store::factors::FactorModel {
    let (users, items, k) = (12usize, 10usize, 3usize);
    let wave = |i: usize| ((i * 37 % 17) as f32 - 8.0) * 0.03;
    cartelera_store::factors::FactorModel {
        mu: 3.53,
        k,
        rating_min: 0.5,
        rating_max: 5.0,
        biased: true,
        item_ids: (0..items).map(|i| format!("ns{}", i + 1)).collect(),
        item_bias: (0..items).map(|i| wave(i) * 0.5).collect(),
        item_factors: (0..items * k).map(wave).collect(),
        item_counts: (0..items).map(|i| i as u32 + 1).collect(),
        user_ids: (0..users).map(|u| (u + 1).to_string()).collect(),
        user_bias: (0..users).map(|u| wave(u + 3)).collect(),
        user_factors: (0..users * k).map(|i| wave(i + 5)).collect(),
        user_counts: (0..users).map(|u| 20 + u as u32).collect(),
        user_history: (0..users)
            .map(|u| {
                (0..3)
                    .map(|j| (((u + j * 3) % items) as u32, (j * 3 + 2) as u8))
                    .collect::<Vec<_>>()
            })
            .map(|mut h: Vec<(u32, u8)>| {
                h.sort_unstable();
                h.dedup_by_key(|e| e.0);
                h
            })
            .collect(),
        card: serde_json::json!({"source": "fuzz seed"}),
        taste: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every saved failure replays through its target without panicking
    /// (an abort fails the test binary too).
    #[test]
    fn saved_failures_no_longer_fail() {
        let root = crate::exec::project_root().join(REGRESSIONS);
        let mut failing = Vec::new();
        for name in NAMES {
            let Ok(entries) = fs::read_dir(root.join(name)) else {
                continue;
            };
            let target = fuzz_targets::target(name).unwrap();
            for entry in entries {
                let path = entry.unwrap().path();
                let input = fs::read(&path).unwrap();
                if panic::catch_unwind(|| target(&input)).is_err() {
                    failing.push(path.display().to_string());
                }
            }
        }
        assert!(failing.is_empty(), "still panic: {failing:?}");
    }

    #[test]
    fn inputs_are_a_function_of_seed_and_index() {
        let corpus = vec![b"a,b\n1,2\n".to_vec(), b"x".to_vec()];
        for index in 0..200 {
            assert_eq!(mutated(&corpus, 7, index), mutated(&corpus, 7, index));
        }
        let distinct: std::collections::HashSet<Vec<u8>> =
            (0..200).map(|i| mutated(&corpus, 7, i)).collect();
        assert!(distinct.len() > 100, "{} distinct inputs", distinct.len());
    }

    #[test]
    fn every_target_has_seeds() {
        let _ = std::env::set_current_dir(crate::exec::project_root());
        for name in NAMES {
            let seeds = seed_corpus(name).unwrap();
            assert!(!seeds.is_empty(), "{name}");
            let target = fuzz_targets::target(name).unwrap();
            for seed in &seeds {
                target(seed);
            }
        }
    }
}
