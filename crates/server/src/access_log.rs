//! One line per request: client, method, path and query, status, body
//! size when known, and time to the response head.
//!
//! `127.0.0.1:50412 GET /get_actor?platform=amazon&year=2018 200 77B 0.06ms`
//!
//! Lines go through a bounded channel to whoever holds the log's writer
//! (`cartelera serve` writes them to stderr in batches): request threads
//! never wait on a terminal, and a program that holds the process's stderr
//! lock (as the CLI's `main` does) does not deadlock them.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use axum::body::HttpBody as _;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use tokio::sync::mpsc;

/// The sending side of the access log.
#[derive(Clone, Debug)]
pub struct LogSink {
    lines: mpsc::Sender<String>,
    dropped: Arc<AtomicU64>,
}

impl LogSink {
    /// Queues a line; when the reader lags `capacity` lines behind, the
    /// line is dropped and counted rather than slowing the request.
    pub fn send(&self, line: String) {
        if self.lines.try_send(line).is_err() {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Lines dropped so far because the reader lagged.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}

/// A log holding up to `capacity` unread lines, and its reader.
pub fn channel(capacity: usize) -> (LogSink, mpsc::Receiver<String>) {
    let (lines, reader) = mpsc::channel(capacity.max(1));
    let sink = LogSink {
        lines,
        dropped: Arc::default(),
    };
    (sink, reader)
}

/// The log line for one request (built in one buffer: this runs on every
/// request).
pub fn line(
    client: Option<SocketAddr>,
    method: &str,
    target: &str,
    status: u16,
    bytes: Option<u64>,
    millis: f64,
) -> String {
    use std::fmt::Write as _;
    let mut text = String::with_capacity(64 + target.len());
    // Writing into a String cannot fail.
    let _ = match client {
        Some(c) => write!(text, "{c} "),
        None => write!(text, "- "),
    };
    let _ = write!(text, "{method} {target} {status} ");
    let _ = match bytes {
        Some(b) => write!(text, "{b}B "),
        None => write!(text, "- "),
    };
    let _ = write!(text, "{millis:.2}ms");
    text
}

/// The middleware: runs the request, then queues its line.
pub async fn log_request(State(sink): State<LogSink>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let method = request.method().clone();
    // The target is logged as sent, still percent-encoded: a request line
    // cannot hold raw control characters, so it cannot forge log lines.
    let uri = request.uri().clone();
    let target = uri.path_and_query().map_or("/", |pq| pq.as_str());
    let response = next.run(request).await;
    sink.send(line(
        client,
        method.as_str(),
        target,
        response.status().as_u16(),
        response.body().size_hint().exact(),
        started.elapsed().as_secs_f64() * 1e3,
    ));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_names_client_request_status_size_and_time() {
        let client = "127.0.0.1:5000".parse().ok();
        assert_eq!(
            line(client, "GET", "/health", 200, Some(41), 0.0512),
            "127.0.0.1:5000 GET /health 200 41B 0.05ms"
        );
        assert_eq!(
            line(None, "HEAD", "/", 404, None, 1.0),
            "- HEAD / 404 - 1.00ms"
        );
    }

    #[test]
    fn a_full_log_drops_and_counts_instead_of_blocking() {
        let (sink, mut reader) = channel(2);
        for n in 0..5 {
            sink.send(format!("line {n}"));
        }
        assert_eq!(sink.dropped(), 3);
        assert_eq!(reader.try_recv().ok().as_deref(), Some("line 0"));
        assert_eq!(reader.try_recv().ok().as_deref(), Some("line 1"));
        assert!(reader.try_recv().is_err());
    }
}
