//! The HTTP API end to end: a server on a free port over data built by the
//! CLI (synthetic ratings → ETL → train, and the taste model trained on the
//! real MovieLens ratings), every route's body compared with the CLI's
//! `--json` on the same data, every error class, the OpenAPI document, the
//! docs page, static files and path traversal, CORS, limits; `hardening`:
//! symbolic links, security headers, malformed heads, timeouts, the
//! connection limit and bounded shutdown.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use cartelera_core::QueryKind;
use cartelera_recommender::{
    PredictRequest, RecommendRequest, Recommender, SimilarRequest, VisitorRequest,
};
use cartelera_server::{access_log, Limits, RunningServer, ServerConfig, Taste};
use cartelera_testkit::{cartelera, etl, raw_dir, synth_ratings, taste};
use serde_json::Value;
use tempfile::TempDir;

/// Marker inside a file next to (not inside) the served folder.
const SECRET: &str = "secret-outside-dist";

struct Fixture {
    _dir: TempDir,
    data: PathBuf,
    model: PathBuf,
    /// The taste model's folder.
    taste: PathBuf,
    /// Where the bare server looked for a taste model (nothing there).
    no_taste: PathBuf,
    runtime: tokio::runtime::Runtime,
    /// With model, taste model, dist and access log.
    full: RunningServer,
    /// Catalog only.
    bare: RunningServer,
    log: Mutex<tokio::sync::mpsc::Receiver<String>>,
}

fn path(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

/// A built web app: plain and precompressed files, a service worker.
fn write_dist(dir: &Path) {
    let files: [(&str, &[u8]); 14] = [
        ("index.html", b"<!doctype html><title>app</title>"),
        ("sw.js", b"self.addEventListener('fetch', () => {});"),
        ("app.wasm", b"\0asm\x01\0\0\0"),
        ("app.wasm.br", b"brotli bytes of app.wasm"),
        ("style.css", b"body { margin: 0 }"),
        ("style.css.gz", b"gzip bytes of style.css"),
        ("site.webmanifest", b"{\"name\": \"Cartelera\"}"),
        (
            "assets/logo.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
        // As `cargo xtask dist` lays out the page (public/_headers).
        (
            "pkg/cartelera_web_bg.0123456789abcdef.wasm",
            b"\0asm\x01\0\0\0",
        ),
        ("pkg/boot.00112233445566ff.js", b"import './x.js';"),
        ("style/main.fedcba9876543210.css", b"main { margin: 0 }"),
        ("manifest.webmanifest", b"{\"name\": \"Cartelera\"}"),
        ("icon.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        ("data/titles.parquet", b"PAR1"),
    ];
    for (name, bytes) in files {
        let file = dir.join(name);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, bytes).unwrap();
    }
    // Links out of the folder: to the root of the file system, and to
    // the secret one level up.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/", dir.join("root")).unwrap();
        std::os::unix::fs::symlink(dir.join("../secret.txt"), dir.join("leak.txt")).unwrap();
        std::fs::write(dir.join("notes.txt"), "notes").unwrap();
        std::os::unix::fs::symlink(dir.join("../secret.txt"), dir.join("notes.txt.gz")).unwrap();
    }
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let ratings = data.join("ratings");
        let ok = |r: cartelera_testkit::Run| assert_eq!(r.code, 0, "{}", r.stderr);
        ok(synth_ratings(&ratings, &["--small", "--seed", "3"]));
        ok(etl(&raw_dir(), &ratings, &data, &[]));
        let model = dir.path().join("model");
        let parquet = data.join("ratings.parquet");
        ok(cartelera(&[
            "train",
            "--ratings",
            path(&parquet),
            "--out",
            path(&model),
            "--factors",
            "8",
            "--epochs",
            "5",
            "--threads",
            "2",
        ]));
        // Trained once per test binary: seconds, not per test.
        let taste_dir = dir.path().join("taste");
        ok(taste(&taste_dir));
        let no_taste = dir.path().join("no-taste");
        let dist = dir.path().join("dist");
        write_dist(&dist);
        std::fs::write(dir.path().join("secret.txt"), SECRET).unwrap();

        // Loaded as `cartelera serve` loads them.
        let catalog = Arc::new(cartelera::data::load_catalog(&data).unwrap());
        let stored = cartelera::model_io::factor_file::load_model(&model).unwrap();
        let composed =
            cartelera::model_io::factor_file::compose_taste(&taste_dir, (*catalog).clone())
                .unwrap();
        let (sink, log) = access_log::channel(10_000);
        let config = ServerConfig {
            addr: "127.0.0.1:0".parse().unwrap(),
            catalog,
            recommender: Some(Arc::new(Recommender::new(stored))),
            taste: Taste::Loaded(Arc::new(composed)),
            dist: Some(dist),
            limits: Limits::default(),
            access_log: Some(sink),
        };
        let bare_config = ServerConfig {
            recommender: None,
            taste: Taste::Missing(no_taste.clone()),
            dist: None,
            access_log: None,
            ..config.clone()
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let full = runtime.block_on(cartelera_server::bind(config)).unwrap();
        let bare = runtime
            .block_on(cartelera_server::bind(bare_config))
            .unwrap();
        Fixture {
            _dir: dir,
            data,
            model,
            taste: taste_dir,
            no_taste,
            runtime,
            full,
            bare,
            log: Mutex::new(log),
        }
    })
}

/// One HTTP response.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("UTF-8 body")
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("JSON body")
    }
}

/// Sends `method target` with `headers` over a fresh connection, the
/// target byte for byte as given (no client-side normalisation of `..`,
/// which a real HTTP library would do).
fn send(addr: SocketAddr, method: &str, target: &str, headers: &[(&str, &str)]) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connect");
    let mut request =
        format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    parse_reply(&raw)
}

/// The first response in `raw` (its body de-chunked; up to the end of
/// `raw` when it has no length).
fn parse_reply(raw: &[u8]) -> Reply {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    } else if let Some((_, n)) = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
    {
        body.truncate(n.parse().unwrap());
    }
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = rest.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&rest[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&rest[end + 2..end + 2 + size]);
        rest = &rest[end + 4 + size..];
    }
}

fn get(target: &str) -> Reply {
    send(fixture().full.local_addr(), "GET", target, &[])
}

mod answers;
mod hardening;
mod history;
mod http;
mod taste;
