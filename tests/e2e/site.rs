//! A static file server for the end-to-end tests: serves a built site
//! under a path prefix, like any static host (no rewrites, no server
//! logic), and can be stopped to take the page offline.

use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

/// A running static server.
pub struct StaticSite {
    /// `http://127.0.0.1:PORT/PREFIX/`.
    pub base: String,
    stop: Arc<AtomicBool>,
    addr: std::net::SocketAddr,
    thread: Option<JoinHandle<()>>,
}

impl StaticSite {
    /// Serves `root` at `prefix` (`"/"` or `"/any/path/"`).
    pub fn start(root: &Path, prefix: &str) -> StaticSite {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
        let addr = listener.local_addr().expect("local address");
        let stop = Arc::new(AtomicBool::new(false));
        let (root, prefix_owned, stop_flag) =
            (root.to_path_buf(), prefix.to_string(), stop.clone());
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop_flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (root, prefix) = (root.clone(), prefix_owned.clone());
                std::thread::spawn(move || serve(stream, &root, &prefix));
            }
        });
        StaticSite {
            base: format!("http://{addr}{prefix}"),
            stop,
            addr,
            thread: Some(thread),
        }
    }

    /// Stops accepting connections: the site is now offline.
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag and drops the listener.
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for StaticSite {
    fn drop(&mut self) {
        self.stop();
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "css" => "text/css",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

fn serve(mut stream: TcpStream, root: &Path, prefix: &str) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Skip the headers.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split('?').next().unwrap_or("/");
    let file: Option<PathBuf> = path.strip_prefix(prefix).and_then(|rel| {
        let rel = if rel.is_empty() { "index.html" } else { rel };
        (!rel.split('/').any(|part| part == "..")).then(|| root.join(rel))
    });
    let response = match file.and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))) {
        Some((f, body)) => {
            let mut head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
                content_type(&f),
                body.len()
            )
            .into_bytes();
            head.extend(body);
            head
        }
        None => {
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found"
                .to_vec()
        }
    };
    let _ = stream.write_all(&response);
    let _ = stream.shutdown(Shutdown::Both);
}

/// The site the tests drive: built by `cargo xtask test` (`dist --fast`)
/// into the folder named by `CARTELERA_E2E_SITE`.
pub fn built_site() -> PathBuf {
    let dir = std::env::var_os("CARTELERA_E2E_SITE").map(PathBuf::from).expect(
        "CARTELERA_E2E_SITE is not set: the end-to-end tests run through `cargo xtask test`, which builds the site first",
    );
    assert!(
        dir.join("index.html").is_file(),
        "{} holds no built site (index.html missing)",
        dir.display()
    );
    dir
}

/// The pipeline's outputs the site was exported from (`data/build`): the
/// CLI's data. The site's own `titles.parquet` is the page's display-only
/// layout, which the CLI does not read.
pub fn pipeline_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/build")
}

/// A private copy of the built site, for tests that damage or change it.
pub fn copy_of_site() -> tempfile::TempDir {
    let copy = tempfile::tempdir().expect("temp dir");
    copy_tree(&built_site(), copy.path());
    copy
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("list folder") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy file");
        }
    }
}
