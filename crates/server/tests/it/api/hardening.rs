//! What a hostile or broken client cannot do: read through symbolic links
//! out of the web app's folder, get a response without the security
//! headers or without the JSON error body (whatever bytes it sends), hold
//! connections open without sending, starve `/health`, or keep the server
//! from shutting down.

use std::io::ErrorKind;
use std::time::{Duration, Instant};

use cartelera_core::Catalog;
use cartelera_server::security;

use super::*;

/// A server over an empty catalog with `limits`, on its own runtime.
struct Small {
    runtime: tokio::runtime::Runtime,
    server: Option<RunningServer>,
}

impl Small {
    fn start(limits: Limits) -> Small {
        Small::serving(limits, None)
    }

    /// With `dist` served at `/`.
    fn serving(limits: Limits, dist: Option<PathBuf>) -> Small {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let config = ServerConfig {
            addr: "127.0.0.1:0".parse().unwrap(),
            catalog: Arc::new(Catalog::new(Vec::new()).unwrap()),
            recommender: None,
            taste: cartelera_server::Taste::Missing(PathBuf::from("no-taste")),
            dist,
            limits,
            access_log: None,
        };
        let server = runtime.block_on(cartelera_server::bind(config)).unwrap();
        Small {
            runtime,
            server: Some(server),
        }
    }

    fn addr(&self) -> SocketAddr {
        self.server.as_ref().unwrap().local_addr()
    }

    /// Shuts down; how long it took.
    fn shutdown(&mut self) -> Duration {
        let started = Instant::now();
        let server = self.server.take().unwrap();
        self.runtime.block_on(server.shutdown()).unwrap();
        started.elapsed()
    }
}

/// Short timeouts, so the tests wait for them in well under a second.
fn short() -> Limits {
    Limits {
        header_read_timeout: Duration::from_millis(800),
        idle_timeout: Duration::from_millis(400),
        ..Limits::default()
    }
}

/// Writes `bytes` on a fresh connection and reads until the server closes
/// it (at most 5 s).
fn raw(addr: SocketAddr, bytes: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(bytes).unwrap();
    read_to_close(&mut stream)
}

fn read_to_close(stream: &mut TcpStream) -> Vec<u8> {
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return got,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return got,
            Err(e) => panic!("no close within 5 s ({e}); read {got:?}"),
        }
    }
}

/// Whether the server has sent something on `stream` (without waiting).
/// A slow client stops sending once it has: writing on after the server
/// closed would make the kernel reset the connection and drop the reply.
fn answered(stream: &TcpStream) -> bool {
    stream.set_nonblocking(true).unwrap();
    let got = matches!(stream.peek(&mut [0u8; 1]), Ok(n) if n > 0);
    stream.set_nonblocking(false).unwrap();
    got
}

/// A JSON `{error, detail}` reply of `status` with the security headers.
fn assert_json_error(reply: &Reply, status: u16, error: &str) {
    assert_eq!(
        reply.status,
        status,
        "{:?}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let body = reply.json();
    assert_eq!(body["error"], error, "{body}");
    assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()));
    assert_security_headers(reply);
}

fn assert_security_headers(reply: &Reply) {
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(reply.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(reply.header("x-frame-options"), Some("DENY"));
    let csp = reply.header("content-security-policy").expect("a CSP");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
}

#[test]
fn symbolic_links_out_of_the_web_app_are_not_followed() {
    let addr = fixture().full.local_addr();
    for target in [
        "/root/etc/passwd",
        "/root/etc/hostname",
        "/root/",
        "/leak.txt",
    ] {
        let reply = send(addr, "GET", target, &[]);
        assert_json_error(&reply, 404, "not found");
        assert!(!reply.text().contains(SECRET), "{target} leaked");
        assert!(!reply.text().contains("root:"), "{target} leaked");
    }
    let gz = send(addr, "GET", "/notes.txt", &[("Accept-Encoding", "gzip")]);
    assert_eq!(gz.status, 404);
    assert!(!gz.text().contains(SECRET));
}

#[test]
fn every_response_carries_the_security_headers() {
    let addr = fixture().full.local_addr();
    for (method, target) in [
        ("GET", "/"),
        ("GET", "/app.wasm"),
        ("GET", "/health"),
        ("GET", "/get_actor?platform=hulu&year=2018"),
        ("GET", "/get_actor"),
        ("GET", "/nope.js"),
        ("POST", "/health"),
        ("HEAD", "/openapi.json"),
    ] {
        let reply = send(addr, method, target, &[("Content-Length", "0")]);
        assert_security_headers(&reply);
        assert_eq!(
            reply.header("content-security-policy"),
            Some(security::PAGE_CSP),
            "{method} {target}"
        );
    }
    // The docs page's inline script and style are allowed by hash only.
    let docs = get("/docs");
    assert_security_headers(&docs);
    let csp = docs.header("content-security-policy").unwrap();
    assert!(csp.contains("script-src 'sha256-"), "{csp}");
    assert!(csp.contains("style-src 'sha256-"), "{csp}");
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
}

#[test]
fn what_hyper_would_answer_bare_is_json_too() {
    let addr = fixture().bare.local_addr();
    let max = Limits::default().max_head_bytes;
    let cases: [(Vec<u8>, u16, &str); 7] = [
        (b"GARBAGE\r\n\r\n".to_vec(), 400, "bad request"),
        (
            b"GET /x HTTP/1.1\r\nNo colon here\r\n\r\n".to_vec(),
            400,
            "bad request",
        ),
        (
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03".to_vec(),
            400,
            "bad request",
        ),
        (
            format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(max)).into_bytes(),
            414,
            "request line too long",
        ),
        (
            format!("GET / HTTP/1.1\r\nCookie: {}\r\n\r\n", "c".repeat(max)).into_bytes(),
            431,
            "headers too large",
        ),
        (
            format!(
                "GET / HTTP/1.1\r\n{}\r\n",
                (0..200)
                    .map(|i| format!("X-{i}: v\r\n"))
                    .collect::<String>()
            )
            .into_bytes(),
            431,
            "headers too large",
        ),
        (
            b"GET /health HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".to_vec(),
            411,
            "length required",
        ),
    ];
    for (bytes, status, error) in cases {
        let reply = parse_reply(&raw(addr, &bytes));
        assert_json_error(&reply, status, error);
        assert_eq!(reply.header("connection"), Some("close"));
    }
}

#[test]
fn a_bad_head_after_a_good_request_is_answered_in_turn() {
    let addr = fixture().bare.local_addr();
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    // The good answer arrives before the bad head is sent.
    let mut first = vec![0u8; 4096];
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let n = stream.read(&mut first).unwrap();
    assert_eq!(parse_reply(&first[..n]).status, 200);
    stream.write_all(b"BAD REQUEST LINE\r\n\r\n").unwrap();
    let reply = parse_reply(&read_to_close(&mut stream));
    assert_json_error(&reply, 400, "bad request");
}

#[test]
fn a_head_sent_slowly_but_in_time_is_answered() {
    let server = Small::start(short());
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    for part in [
        "GET /hea",
        "lth HTTP/1.1\r\nHo",
        "st: x\r\nConnection: close\r\n",
        "\r\n",
    ] {
        stream.write_all(part.as_bytes()).unwrap();
        std::thread::sleep(Duration::from_millis(100));
    }
    let reply = parse_reply(&read_to_close(&mut stream));
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["status"], "ok");
}

#[test]
fn idle_connections_are_closed_after_the_idle_timeout() {
    let limits = short();
    let server = Small::start(limits);
    // Silent from the start.
    let started = Instant::now();
    let mut silent = TcpStream::connect(server.addr()).unwrap();
    assert!(read_to_close(&mut silent).is_empty());
    let waited = started.elapsed();
    assert!(
        waited >= limits.idle_timeout.mul_f64(0.9) && waited < limits.idle_timeout * 3,
        "closed after {waited:?}"
    );
    // Idle after one answer on a kept-alive connection.
    let mut kept = TcpStream::connect(server.addr()).unwrap();
    kept.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let started = Instant::now();
    let reply = parse_reply(&read_to_close(&mut kept));
    assert_eq!(reply.status, 200);
    assert!(started.elapsed() < limits.idle_timeout * 3);
}

#[test]
fn a_head_sent_too_slowly_gets_a_json_408() {
    let limits = short();
    let server = Small::start(limits);
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream.write_all(b"GET /health HTTP/1.1\r\n").unwrap();
    let started = Instant::now();
    // A header line every 100 ms: never idle, never done.
    let mut n = 0;
    while started.elapsed() < limits.header_read_timeout * 2 && !answered(&stream) {
        stream
            .write_all(format!("X-{n}: v\r\n").as_bytes())
            .unwrap();
        n += 1;
        std::thread::sleep(Duration::from_millis(100));
    }
    let reply = parse_reply(&read_to_close(&mut stream));
    assert_json_error(&reply, 408, "request timeout");
}

#[test]
fn idle_and_slow_clients_do_not_starve_health() {
    let limits = Limits {
        max_connections: 400,
        ..short()
    };
    let server = Small::start(limits);
    let addr = server.addr();
    // 300 connections that send nothing.
    let mut idle: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(addr).unwrap())
        .collect();
    // 50 slowloris clients: a byte of a head every 50 ms, on one thread,
    // each starting as soon as it is connected (one the server hears
    // nothing from is idle, closed without a reply). They stop writing
    // halfway to the header timeout and wait for the 408: a byte that
    // reaches a socket the server has closed makes it reset the
    // connection, which discards the 408 still unread (seen on a loaded
    // machine: an empty reply).
    let header_read_timeout = limits.header_read_timeout;
    let slow = std::thread::spawn(move || {
        let head = b"GET /health HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        let started = Instant::now();
        let mut streams: Vec<TcpStream> = (0..50)
            .map(|_| {
                let mut s = TcpStream::connect(addr).unwrap();
                s.write_all(&head[..1]).unwrap();
                s
            })
            .collect();
        for &byte in &head[1..] {
            if started.elapsed() >= header_read_timeout / 2 {
                break;
            }
            for s in streams.iter_mut().filter(|s| !answered(s)) {
                // A refused write is a client the server already closed.
                let _ = s.write_all(&[byte]);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        streams
    });
    std::thread::sleep(Duration::from_millis(150));
    for _ in 0..5 {
        let started = Instant::now();
        let reply = send(addr, "GET", "/health", &[]);
        assert_eq!(reply.status, 200);
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "/health took {:?}",
            started.elapsed()
        );
    }
    // The idle ones are closed by the server, near the idle timeout.
    let started = Instant::now();
    for stream in &mut idle {
        assert!(read_to_close(stream).is_empty());
    }
    assert!(started.elapsed() < limits.idle_timeout * 4);
    // The slow ones got a 408 once their head was late.
    let mut streams = slow.join().unwrap();
    for stream in &mut streams {
        let reply = parse_reply(&read_to_close(stream));
        assert_eq!(reply.status, 408);
    }
}

#[test]
fn when_every_slot_is_taken_quiet_connections_make_room() {
    let limits = Limits {
        max_connections: 4,
        // Long timeouts: only reclaiming can free these slots in time.
        idle_timeout: Duration::from_secs(30),
        header_read_timeout: Duration::from_secs(30),
        ..Limits::default()
    };
    let server = Small::start(limits);
    let addr = server.addr();
    // Four connections that send nothing, and one kept alive after an
    // answer, hold every slot.
    let mut quiet: Vec<TcpStream> = (0..3).map(|_| TcpStream::connect(addr).unwrap()).collect();
    let mut kept = TcpStream::connect(addr).unwrap();
    kept.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut answer = [0u8; 4096];
    kept.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    assert!(kept.read(&mut answer).unwrap() > 0);
    quiet.push(kept);
    std::thread::sleep(Duration::from_millis(50));
    let started = Instant::now();
    let reply = send(addr, "GET", "/health", &[]);
    assert_eq!(reply.status, 200);
    let waited = started.elapsed();
    assert!(
        waited >= cartelera_server::listen::RECLAIM_AFTER / 2 && waited < Duration::from_secs(1),
        "answered after {waited:?}"
    );
    // The quiet ones were closed to make room.
    for stream in &mut quiet {
        read_to_close(stream);
    }
}

#[test]
fn when_every_slot_is_mid_request_new_connections_wait_for_one() {
    let limits = Limits {
        max_connections: 4,
        ..short()
    };
    let server = Small::start(limits);
    let addr = server.addr();
    // Four heads begun and never finished: not quiet, so not reclaimed;
    // their slots free when the header timeout answers them.
    let mut begun: Vec<TcpStream> = (0..4)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            s.write_all(b"GET /health HTTP/1.1\r\n").unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(50));
    // The fifth is queued, not refused.
    let started = Instant::now();
    let reply = send(addr, "GET", "/health", &[]);
    assert_eq!(reply.status, 200);
    let waited = started.elapsed();
    assert!(
        waited >= limits.idle_timeout / 2 && waited < limits.header_read_timeout * 4,
        "answered after {waited:?}"
    );
    for stream in &mut begun {
        let reply = parse_reply(&read_to_close(stream));
        assert!(matches!(reply.status, 408), "{}", reply.status);
    }
}

#[test]
fn a_half_sent_request_does_not_hold_shutdown_past_the_grace_period() {
    let limits = Limits {
        // Long timeouts: only the grace period can end these connections.
        header_read_timeout: Duration::from_secs(60),
        idle_timeout: Duration::from_secs(60),
        shutdown_grace: Duration::from_millis(500),
        ..Limits::default()
    };
    // A file far larger than the sockets' buffers.
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("big.bin"), vec![0u8; 64 << 20]).unwrap();
    let mut server = Small::serving(limits, Some(dist.path().to_path_buf()));
    let addr = server.addr();
    let mut half_head = TcpStream::connect(addr).unwrap();
    half_head.write_all(b"GET /health HTTP/1.1\r\nHo").unwrap();
    // A client that asks for the big file and reads none of it: its
    // response is in flight until the grace period ends it.
    let mut stalled = TcpStream::connect(addr).unwrap();
    stalled
        .write_all(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let took = server.shutdown();
    assert!(
        took < limits.shutdown_grace + Duration::from_secs(1),
        "shutdown took {took:?}"
    );
    assert!(TcpStream::connect(addr).is_err(), "still listening");
    // Both connections were closed (whatever they got).
    read_to_close(&mut half_head);
    let got = read_to_close(&mut stalled);
    assert!(
        got.len() < 64 << 20,
        "the whole file was sent: not a stalled response"
    );
}
