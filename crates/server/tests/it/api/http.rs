//! The HTTP side: docs page, static files, traversal, CORS, limits, unknown
//! routes, access log, shutdown.

use super::*;

#[test]
fn the_docs_page_is_served_whole_from_the_binary() {
    let reply = get("/docs");
    assert_eq!(reply.status, 200);
    assert!(reply
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    let page = reply.text();
    assert!(page.contains("/openapi.json"));
    // Nothing loaded from elsewhere: no external script, style or image.
    for attr in ["src=\"http", "href=\"http", "src='http", "@import", "//cdn"] {
        assert!(!page.contains(attr), "the page references {attr}");
    }
}

#[test]
fn the_web_app_is_served_with_its_cache_rules_and_types() {
    let index = get("/");
    assert_eq!(index.status, 200);
    assert_eq!(index.text(), "<!doctype html><title>app</title>");
    assert_eq!(index.header("cache-control"), Some("no-cache"));
    assert_eq!(get("/index.html").header("cache-control"), Some("no-cache"));
    let sw = get("/sw.js");
    assert_eq!(sw.header("cache-control"), Some("no-cache"));
    assert!(sw.header("content-type").unwrap().contains("javascript"));
    let css = get("/style.css");
    assert_eq!(css.text(), "body { margin: 0 }");
    assert_eq!(css.header("cache-control"), Some("no-cache"));
    let wasm = get("/app.wasm");
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    assert_eq!(wasm.body, b"\0asm\x01\0\0\0");
    let manifest = get("/site.webmanifest");
    assert_eq!(
        manifest.header("content-type"),
        Some("application/manifest+json")
    );
    assert_eq!(
        get("/assets/logo.svg").header("content-type"),
        Some("image/svg+xml")
    );
}

/// `public/_headers`' rules: (path pattern, header name, value).
fn headers_file_rules() -> Vec<(String, String, String)> {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../public/_headers");
    let text = std::fs::read_to_string(&file).unwrap();
    let mut rules = Vec::new();
    let mut pattern: Option<String> = None;
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with(char::is_whitespace) {
            let (name, value) = line.trim().split_once(':').unwrap();
            let pattern = pattern.clone().expect("a header line before any path");
            rules.push((
                pattern,
                name.trim().to_ascii_lowercase(),
                value.trim().to_string(),
            ));
        } else {
            pattern = Some(line.trim().to_string());
        }
    }
    rules
}

/// Netlify's and Cloudflare Pages' matching: `*` at the end is a splat.
fn rule_matches(pattern: &str, path: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => path.starts_with(prefix),
        None => pattern == path,
    }
}

#[test]
fn the_headers_file_matches_what_serve_sends() {
    let rules = headers_file_rules();
    assert!(!rules.is_empty());
    // The page's files as `cargo xtask dist` lays them out.
    let paths = [
        "/",
        "/index.html",
        "/sw.js",
        "/manifest.webmanifest",
        "/icon.svg",
        "/pkg/cartelera_web_bg.0123456789abcdef.wasm",
        "/pkg/boot.00112233445566ff.js",
        "/style/main.fedcba9876543210.css",
        "/data/titles.parquet",
    ];
    for path in paths {
        let matching: Vec<_> = rules
            .iter()
            .filter(|(pattern, name, _)| name == "cache-control" && rule_matches(pattern, path))
            .collect();
        // Hosts join the values of every matching rule: exactly one.
        assert_eq!(matching.len(), 1, "{path}: rules {matching:?}");
        let reply = get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(
            reply.header("cache-control"),
            Some(matching[0].2.as_str()),
            "{path}: _headers and `cartelera serve` differ"
        );
    }
}

#[test]
fn precompressed_siblings_are_served_to_clients_that_accept_them() {
    let addr = fixture().full.local_addr();
    let br = send(addr, "GET", "/app.wasm", &[("Accept-Encoding", "gzip, br")]);
    assert_eq!(br.status, 200);
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(br.body, b"brotli bytes of app.wasm");
    assert_eq!(br.header("content-type"), Some("application/wasm"));
    let gz = send(addr, "GET", "/style.css", &[("Accept-Encoding", "gzip")]);
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(gz.body, b"gzip bytes of style.css");
    // No sibling for this encoding: the plain file.
    let plain = send(addr, "GET", "/style.css", &[("Accept-Encoding", "br")]);
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.text(), "body { margin: 0 }");
}

#[test]
fn paths_outside_the_web_app_are_refused() {
    let addr = fixture().full.local_addr();
    let attempts = [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/assets/../../secret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt",
        "/..\\secret.txt",
        "/..%5csecret.txt",
        "/assets\\..\\..\\secret.txt",
        "/%252e%252e/secret.txt",
        "//secret.txt",
    ];
    for target in attempts {
        let reply = send(addr, "GET", target, &[]);
        assert!(
            matches!(reply.status, 400 | 404),
            "{target}: status {}",
            reply.status
        );
        assert!(
            !String::from_utf8_lossy(&reply.body).contains(SECRET),
            "{target} leaked the file"
        );
    }
    // The file is really there, one level up: the refusals above are not
    // because it is missing.
    let dist_parent = fixture().data.parent().unwrap();
    assert_eq!(
        std::fs::read_to_string(dist_parent.join("secret.txt")).unwrap(),
        SECRET
    );
}

#[test]
fn unknown_routes_and_methods_are_json_errors() {
    let bare = fixture().bare.local_addr();
    let reply = send(bare, "GET", "/get_everything?x=1", &[]);
    assert_eq!(reply.status, 404);
    let body = reply.json();
    assert_eq!(body["error"], "not found");
    assert!(body["detail"].as_str().unwrap().contains("/get_everything"));
    // With the web app mounted, a missing file is the same JSON 404.
    let reply = get("/no-such-file.js");
    assert_eq!(
        (reply.status, reply.json()["error"].as_str()),
        (404, Some("not found"))
    );
    assert_eq!(
        send(bare, "POST", "/get_actor", &[("Content-Length", "0")]).status,
        405
    );
}

#[test]
fn any_origin_may_get() {
    let addr = fixture().full.local_addr();
    let origin = [("Origin", "https://example.org")];
    let reply = send(addr, "GET", "/get_count_platform?platform=hulu", &origin);
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    let error = send(addr, "GET", "/get_count_platform", &origin);
    assert_eq!(error.status, 400);
    assert_eq!(error.header("access-control-allow-origin"), Some("*"));
    let preflight = send(
        addr,
        "OPTIONS",
        "/get_actor",
        &[
            ("Origin", "https://example.org"),
            ("Access-Control-Request-Method", "GET"),
        ],
    );
    assert_eq!(preflight.status, 200);
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));
    assert!(preflight
        .header("access-control-allow-methods")
        .unwrap()
        .contains("GET"));
}

#[test]
fn requests_are_bounded() {
    let addr = fixture().full.local_addr();
    let max = Limits::default().max_query_bytes;
    let long = format!("/get_count_platform?platform=hulu&pad={}", "x".repeat(max));
    let reply = send(addr, "GET", &long, &[]);
    assert_eq!(reply.status, 414);
    assert_eq!(reply.json()["error"], "query too long");
    let body_len = (Limits::default().max_body_bytes + 1).to_string();
    let reply = send(addr, "GET", "/health", &[("Content-Length", &body_len)]);
    assert_eq!(reply.status, 413);
    // Just under the bound is still parsed (and refused for its parameter).
    let at = format!(
        "/get_count_platform?platform={}",
        "y".repeat(max - "platform=".len())
    );
    assert_eq!(send(addr, "GET", &at, &[]).status, 400);
}

#[test]
fn each_request_gets_an_access_log_line() {
    let f = fixture();
    let reply = get("/get_actor?platform=hulu&year=2017&tag=access-log-test");
    assert_eq!(reply.status, 400);
    let mut log = f.log.lock().unwrap();
    let line = f.runtime.block_on(async {
        loop {
            let line = tokio::time::timeout(std::time::Duration::from_secs(5), log.recv())
                .await
                .expect("a log line within 5 s")
                .expect("the log is open");
            if line.contains("access-log-test") {
                return line;
            }
        }
    });
    assert!(line.starts_with("127.0.0.1:"), "{line}");
    assert!(
        line.contains(" GET /get_actor?platform=hulu&year=2017&tag=access-log-test 400 "),
        "{line}"
    );
    assert!(line.ends_with("ms"), "{line}");
}

#[test]
fn shutdown_finishes_and_closes_the_port() {
    let f = fixture();
    let catalog = Arc::new(cartelera::data::load_catalog(&f.data).unwrap());
    let config = ServerConfig {
        addr: "127.0.0.1:0".parse().unwrap(),
        catalog,
        recommender: None,
        taste: Taste::Missing(f.no_taste.clone()),
        dist: None,
        limits: Limits::default(),
        access_log: None,
    };
    let server = f.runtime.block_on(cartelera_server::bind(config)).unwrap();
    let addr = server.local_addr();
    assert_eq!(send(addr, "GET", "/health", &[]).status, 200);
    f.runtime.block_on(server.shutdown()).unwrap();
    assert!(
        TcpStream::connect(addr).is_err(),
        "still listening after shutdown"
    );
}
