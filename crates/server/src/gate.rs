//! The gate between a client's socket and hyper: it bounds time and checks
//! each request head before hyper sees it, so that every answer a client
//! can get is the `{error, detail}` JSON.
//!
//! hyper answers a head it cannot parse (400), a URI it finds too long
//! (414) or a head past its buffer (431) itself, with an empty body, and
//! offers no hook to change that response. So the gate withholds each head
//! from hyper until it has all of it and [`check_head`] accepts it; a head
//! it refuses never reaches hyper: hyper reads the end of the stream
//! instead and closes the connection, and the connection loop
//! ([`crate::listen`]) then writes the refusal ([`Gate::refusal`],
//! [`refusal_bytes`]) itself. Bodies pass through as they come, framed by
//! `Content-Length`; a `Transfer-Encoding` body is refused with 411 (no
//! route takes a body, and a second framing parser to keep in step with
//! hyper's is a request-smuggling risk).
//!
//! Time: a connection on which no byte moves either way for
//! `idle_timeout` is closed (silently when no request is under way: there
//! is nobody to answer), and a head begun but not finished within
//! `header_read_timeout` of its first byte is answered 408.

use std::future::Future as _;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

use crate::config::Limits;
use crate::error::ApiError;
use crate::security;

/// hyper's own bound on a request target (it answers 414 past it).
const HYPER_MAX_URI: usize = 65_534;

/// What [`check_head`] found at the start of the bytes it was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Head {
    /// Not all of the head yet, and nothing wrong so far.
    Partial,
    /// A whole, acceptable head of `len` bytes, followed by a body of
    /// `body` bytes.
    Complete {
        /// Length of the head, blank line included.
        len: usize,
        /// The body's length (`Content-Length`, 0 without one).
        body: u64,
    },
}

/// Checks the request head at the start of `bytes` as hyper will parse it,
/// within `limits`: the error names what was wrong and what is accepted.
pub fn check_head(bytes: &[u8], limits: &Limits) -> Result<Head, ApiError> {
    let max = limits.max_head_bytes;
    let mut fields = vec![httparse::EMPTY_HEADER; limits.max_headers];
    let mut request = httparse::Request::new(&mut fields);
    match request.parse(bytes) {
        Ok(httparse::Status::Partial) if bytes.len() > max => Err(too_long(bytes, max)),
        Ok(httparse::Status::Partial) => Ok(Head::Partial),
        Ok(httparse::Status::Complete(len)) if len > max => Err(too_long(bytes, max)),
        Ok(httparse::Status::Complete(len)) => {
            let body = check_parts(&request)?;
            Ok(Head::Complete { len, body })
        }
        Err(httparse::Error::TooManyHeaders) => Err(ApiError::head_too_large(format!(
            "the request has more than {} header fields; at most {} are accepted",
            limits.max_headers, limits.max_headers
        ))),
        Err(e) => Err(ApiError::malformed(format!(
            "the request head is not HTTP/1.1 ({e}): expected a request line \
             `GET /path?query HTTP/1.1`, then `Name: value` lines and a blank line"
        ))),
    }
}

/// 414 when the request line alone is past `max`, else 431.
fn too_long(bytes: &[u8], max: usize) -> ApiError {
    let line_ends = bytes[..bytes.len().min(max)].contains(&b'\n');
    if line_ends {
        ApiError::head_too_large(format!(
            "the request head is longer than {max} bytes (request line and header fields)"
        ))
    } else {
        ApiError::request_line_too_long(max)
    }
}

/// What hyper checks after httparse: the method, the target, the body's
/// framing. Returns the body's length.
fn check_parts(request: &httparse::Request<'_, '_>) -> Result<u64, ApiError> {
    let method = request.method.unwrap_or_default();
    if axum::http::Method::from_bytes(method.as_bytes()).is_err() {
        return Err(ApiError::malformed(format!(
            "`{}` is not a method: expected GET or HEAD",
            bounded(method)
        )));
    }
    let target = request.path.unwrap_or_default();
    if target.len() >= HYPER_MAX_URI {
        return Err(ApiError::request_line_too_long(HYPER_MAX_URI));
    }
    if axum::http::Uri::try_from(target).is_err() {
        return Err(ApiError::malformed(format!(
            "`{}` is not a request target: expected a path like /get_actor?platform=hulu",
            bounded(target)
        )));
    }
    let mut length: Option<u64> = None;
    for field in request.headers.iter() {
        if field.name.eq_ignore_ascii_case("transfer-encoding") {
            return Err(ApiError::length_required());
        }
        if field.name.eq_ignore_ascii_case("content-length") {
            // As hyper: a list of equal values, repeated or not, is one.
            for value in field.value.split(|&b| b == b',') {
                let text = std::str::from_utf8(value).unwrap_or("").trim();
                let parsed = text
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                    .then(|| text.parse::<u64>().ok())
                    .flatten();
                match (parsed, length) {
                    (Some(n), None) => length = Some(n),
                    (Some(n), Some(m)) if n == m => {}
                    _ => {
                        return Err(ApiError::malformed(format!(
                            "Content-Length `{}` is not one whole number of bytes",
                            bounded(&String::from_utf8_lossy(field.value))
                        )))
                    }
                }
            }
        }
    }
    Ok(length.unwrap_or(0))
}

/// At most 64 characters of client text in a message.
fn bounded(text: &str) -> String {
    match text.char_indices().nth(64) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// A whole HTTP/1.1 response for `error`, written by the connection loop
/// itself (hyper never saw the request): the JSON body, the security and
/// CORS headers every response has, and `connection: close`.
pub fn refusal_bytes(error: &ApiError) -> Vec<u8> {
    let body = error.body();
    let mut head = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         connection: close\r\naccess-control-allow-origin: *\r\n\
         content-security-policy: {}\r\n",
        error.status.as_u16(),
        error.status.canonical_reason().unwrap_or("Error"),
        body.len(),
        security::PAGE_CSP
    );
    for (name, value) in security::FIXED_HEADERS {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body.as_bytes());
    bytes
}

/// Whether a connection is quiet (between requests, nothing moving) and
/// since when: shared between its gate and the accept loop, which closes
/// quiet connections to make room when every slot is taken.
#[derive(Debug)]
pub struct Quiet {
    base: Instant,
    /// Milliseconds after `base` when the last byte moved, while between
    /// requests; [`Quiet::BUSY`] while a request is being read.
    since_ms: AtomicU64,
}

impl Quiet {
    const BUSY: u64 = u64::MAX;

    fn new(now: Instant) -> Quiet {
        Quiet {
            base: now,
            since_ms: AtomicU64::new(0),
        }
    }

    fn set(&self, since: Option<Instant>) {
        let ms = since.map_or(Quiet::BUSY, |t| {
            u64::try_from(t.saturating_duration_since(self.base).as_millis()).unwrap_or(0)
        });
        self.since_ms.store(ms, Ordering::Relaxed);
    }

    /// How long the connection has been quiet at `now`; `None` while the
    /// client is sending a request (or one was refused).
    pub fn quiet_for(&self, now: Instant) -> Option<Duration> {
        let ms = self.since_ms.load(Ordering::Relaxed);
        (ms != Quiet::BUSY)
            .then(|| now.saturating_duration_since(self.base + Duration::from_millis(ms)))
    }
}

/// Where the gate is in the client's stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Collecting a head; `started` is when its first byte came.
    Head { started: Option<Instant> },
    /// Passing on this many more body bytes.
    Body(u64),
    /// A head was refused: hyper reads the end of the stream from here on.
    Refused,
}

/// A socket wrapped by the gate (see the module docs).
#[derive(Debug)]
pub struct Gate<T> {
    io: T,
    limits: Limits,
    /// Read from the socket, not yet given to hyper.
    held: Vec<u8>,
    /// How many bytes at the front of `held` are cleared for hyper.
    cleared: usize,
    phase: Phase,
    refusal: Option<ApiError>,
    /// When a byte last moved either way.
    active: Instant,
    /// Fires at the next deadline (idle, or the head's).
    timer: Pin<Box<Sleep>>,
    /// What the accept loop sees of this connection's state.
    quiet: Arc<Quiet>,
}

impl<T> Gate<T> {
    /// Wraps `io`, counting time from now.
    pub fn new(io: T, limits: Limits) -> Gate<T> {
        let now = Instant::now();
        Gate {
            io,
            limits,
            held: Vec::new(),
            cleared: 0,
            phase: Phase::Head { started: None },
            refusal: None,
            active: now,
            timer: Box::pin(tokio::time::sleep_until(now + limits.idle_timeout)),
            quiet: Arc::new(Quiet::new(now)),
        }
    }

    /// This connection's quiet state, for the accept loop.
    pub fn quiet(&self) -> Arc<Quiet> {
        Arc::clone(&self.quiet)
    }

    /// Publishes whether the connection is between requests, after a byte
    /// moved or the phase changed.
    fn note(&self) {
        let between = matches!(self.phase, Phase::Head { started: None }) && self.held.is_empty();
        self.quiet.set(between.then_some(self.active));
    }

    /// The error the client is owed, if the gate refused a request.
    pub fn refusal(&self) -> Option<&ApiError> {
        self.refusal.as_ref()
    }

    /// The socket back.
    pub fn into_inner(self) -> T {
        self.io
    }

    fn refuse(&mut self, error: ApiError) {
        self.quiet.set(None);
        self.phase = Phase::Refused;
        self.refusal = Some(error);
        self.held.clear();
        self.cleared = 0;
    }

    /// Clears what `held` allows for hyper, refusing a bad head.
    fn advance(&mut self) {
        loop {
            let unread = &self.held[self.cleared..];
            match self.phase {
                Phase::Refused => return,
                Phase::Body(0) => self.phase = Phase::Head { started: None },
                Phase::Body(left) => {
                    if unread.is_empty() {
                        return;
                    }
                    let take = left.min(unread.len() as u64);
                    // `take` is at most `unread.len()`, a usize.
                    self.cleared += take as usize;
                    self.phase = Phase::Body(left - take);
                }
                Phase::Head { started } => {
                    if unread.is_empty() {
                        return;
                    }
                    match check_head(unread, &self.limits) {
                        Ok(Head::Partial) => {
                            if started.is_none() {
                                self.phase = Phase::Head {
                                    started: Some(Instant::now()),
                                };
                            }
                            return;
                        }
                        Ok(Head::Complete { len, body }) => {
                            self.cleared += len;
                            self.phase = Phase::Body(body);
                        }
                        Err(error) => return self.refuse(error),
                    }
                }
            }
        }
    }

    /// The deadline in force: the idle one, and a begun head's.
    fn deadline(&self) -> Instant {
        let idle = self.active + self.limits.idle_timeout;
        match self.phase {
            Phase::Head {
                started: Some(start),
            } => idle.min(start + self.limits.header_read_timeout),
            _ => idle,
        }
    }

    /// Polls the timer for the current deadline: `Ready` once it passed.
    fn poll_deadline(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let deadline = self.deadline();
        if self.timer.deadline() != deadline {
            self.timer.as_mut().reset(deadline);
        }
        self.timer.as_mut().poll(cx)
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Gate<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        loop {
            if this.cleared > 0 {
                let give = this.cleared.min(buf.remaining());
                buf.put_slice(&this.held[..give]);
                this.held.drain(..give);
                this.cleared -= give;
                this.note();
                return Poll::Ready(Ok(()));
            }
            if this.phase == Phase::Refused {
                // The end of the stream, as far as hyper knows.
                return Poll::Ready(Ok(()));
            }
            let mut chunk = [0u8; 8192];
            let mut chunk = ReadBuf::new(&mut chunk);
            match Pin::new(&mut this.io).poll_read(cx, &mut chunk) {
                Poll::Ready(Ok(())) if chunk.filled().is_empty() => {
                    // The client closed. A partial head is dropped: hyper
                    // would only fail on it, and nobody is left to answer.
                    if matches!(this.phase, Phase::Head { .. }) {
                        this.held.clear();
                    }
                    return Poll::Ready(Ok(()));
                }
                Poll::Ready(Ok(())) => {
                    this.active = Instant::now();
                    this.held.extend_from_slice(chunk.filled());
                    this.advance();
                    this.note();
                }
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => {
                    ready!(this.poll_deadline(cx));
                    return Poll::Ready(this.time_out());
                }
            }
        }
    }
}

impl<T> Gate<T> {
    /// What a passed deadline does to the read side.
    fn time_out(&mut self) -> io::Result<()> {
        match self.phase {
            Phase::Head { started: None } if self.held.is_empty() => {
                // Idle between requests: end the stream, hyper closes.
                self.quiet.set(None);
                self.phase = Phase::Refused;
                Ok(())
            }
            Phase::Head { started: Some(_) } => {
                let limit = self.limits.header_read_timeout;
                self.refuse(ApiError::request_timeout(limit));
                Ok(())
            }
            _ => Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "no byte moved on the connection within the idle timeout",
            )),
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Gate<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        match Pin::new(&mut this.io).poll_write(cx, data) {
            Poll::Ready(Ok(n)) => {
                if n > 0 {
                    this.active = Instant::now();
                    this.note();
                }
                Poll::Ready(Ok(n))
            }
            Poll::Pending => {
                // A client that stops reading its response.
                ready!(this.poll_deadline(cx));
                Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "the client read nothing of its response within the idle timeout",
                )))
            }
            other => other,
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;

    use super::*;

    fn check(head: &str) -> Result<Head, ApiError> {
        check_head(head.as_bytes(), &Limits::default())
    }

    #[test]
    fn a_whole_head_is_complete_with_its_body_length() {
        let get = "GET /health HTTP/1.1\r\nHost: x\r\n\r\nrest";
        assert_eq!(
            check(get),
            Ok(Head::Complete {
                len: get.len() - 4,
                body: 0
            })
        );
        let post = "POST /x HTTP/1.1\r\nContent-Length: 12\r\ncontent-length: 12, 12\r\n\r\n";
        assert_eq!(
            check(post),
            Ok(Head::Complete {
                len: post.len(),
                body: 12
            })
        );
        assert_eq!(check("GET /health HTTP/1.1\r\nHo"), Ok(Head::Partial));
        assert_eq!(check(""), Ok(Head::Partial));
    }

    #[test]
    fn malformed_heads_are_400_naming_the_fault() {
        for (head, says) in [
            ("GET /x HTTP/9.9\r\n\r\n", "not HTTP/1.1"),
            ("GET\x01 /x HTTP/1.1\r\n\r\n", "not HTTP/1.1"),
            ("GET /x HTTP/1.1\r\nBad Name: v\r\n\r\n", "not HTTP/1.1"),
            ("GET http://[::1/ HTTP/1.1\r\n\r\n", "not a request target"),
            (
                "GET /x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                "Content-Length",
            ),
            (
                "GET /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
                "Content-Length",
            ),
            (
                "GET /x HTTP/1.1\r\nContent-Length: +1\r\n\r\n",
                "Content-Length",
            ),
        ] {
            let e = check(head).expect_err(head);
            assert_eq!(e.status, StatusCode::BAD_REQUEST, "{head:?}");
            assert!(e.detail.contains(says), "{head:?}: {}", e.detail);
        }
    }

    #[test]
    fn long_heads_are_414_or_431_and_chunked_bodies_411() {
        let limits = Limits::default();
        let line = format!(
            "GET /{} HTTP/1.1\r\n\r\n",
            "a".repeat(limits.max_head_bytes)
        );
        assert_eq!(check(&line).unwrap_err().status, StatusCode::URI_TOO_LONG);
        // Still arriving, the request line already past the bound.
        let part = format!("GET /{}", "a".repeat(limits.max_head_bytes));
        assert_eq!(check(&part).unwrap_err().status, StatusCode::URI_TOO_LONG);
        let fields = format!(
            "GET / HTTP/1.1\r\nCookie: {}\r\n\r\n",
            "c".repeat(limits.max_head_bytes)
        );
        let e = check(&fields).unwrap_err();
        assert_eq!(e.status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
        assert!(e.detail.contains(&limits.max_head_bytes.to_string()));
        let many: String = (0..=limits.max_headers)
            .map(|i| format!("X-{i}: v\r\n"))
            .collect();
        let e = check(&format!("GET / HTTP/1.1\r\n{many}\r\n")).unwrap_err();
        assert_eq!(e.status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
        let chunked = "GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        assert_eq!(
            check(chunked).unwrap_err().status,
            StatusCode::LENGTH_REQUIRED
        );
    }

    #[test]
    fn a_refusal_is_a_whole_json_response_with_the_security_headers() {
        let bytes = refusal_bytes(&ApiError::malformed("bad".into()));
        let text = String::from_utf8(bytes).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{head}");
        assert!(head.contains(&format!("content-length: {}", body.len())));
        assert!(head.contains("x-content-type-options: nosniff"));
        assert!(head.contains("content-security-policy: default-src 'self'"));
        assert_eq!(body, r#"{"error":"bad request","detail":"bad"}"#);
    }

    #[test]
    fn client_text_in_messages_is_bounded() {
        let long = "m".repeat(1000);
        assert_eq!(bounded(&long).chars().count(), 65);
        assert_eq!(bounded("GET"), "GET");
    }
}
