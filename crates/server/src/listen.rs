//! The accept loop: our own over hyper's HTTP/1.1 connections (rather than
//! `axum::serve`), so that connections and time are bounded.
//!
//! - At most `Limits::max_connections` connections are open: the loop
//!   takes a slot before it accepts. When all are taken it makes room:
//!   every connection quiet (between requests, no byte moved) for
//!   [`RECLAIM_AFTER`] is asked to close, as hyper's graceful shutdown
//!   does (a response in flight is finished first), and new connections
//!   wait in the kernel's listen queue, not refused, until a slot frees.
//!   Connections in the middle of a request keep theirs, within the
//!   header and idle timeouts.
//! - Every socket goes through the [`Gate`] (idle and header timeouts,
//!   heads checked before hyper sees them); a refusal the gate made is
//!   written here, after hyper let go of the socket.
//! - Shutdown stops accepting (the port closes), asks every connection to
//!   finish the request in flight and close, and drops whatever is still
//!   open after `Limits::shutdown_grace`.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::{pin, Pin};
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch, OwnedSemaphorePermit, Semaphore, TryAcquireError};
use tokio::task::{JoinHandle, JoinSet};
use tower::ServiceExt as _;

use crate::config::{Limits, ServerConfig};
use crate::gate::{refusal_bytes, Gate};

/// Pause after a failed accept (out of file descriptors, mostly) before
/// trying again, so the loop does not spin.
const ACCEPT_RETRY: Duration = Duration::from_millis(50);
/// After writing a refusal, how long the rest of the client's request is
/// read and thrown away before closing: closing with unread bytes makes
/// the kernel send a reset, which can destroy the response in flight.
const LINGER: Duration = Duration::from_millis(500);
/// When every slot is taken, how long a connection must have been quiet
/// to be closed to make room: long enough for a client that just
/// connected to send its request.
pub const RECLAIM_AFTER: Duration = Duration::from_millis(250);
/// While every slot is taken, how often quiet connections are asked again.
const RECLAIM_EVERY: Duration = Duration::from_millis(50);
/// Most bytes read and thrown away while lingering.
const LINGER_BYTES: usize = 256 * 1024;

/// A server accepting connections in the background.
#[derive(Debug)]
pub struct RunningServer {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl RunningServer {
    /// The address actually bound (with the port chosen when 0 was asked).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, gives the requests in flight up to
    /// `Limits::shutdown_grace` to finish, closes every connection, then
    /// returns.
    pub async fn shutdown(self) -> std::io::Result<()> {
        // The server may already have stopped on its own; then there is
        // nobody to tell, which is fine.
        let _ = self.stop.send(());
        self.task.await.map_err(std::io::Error::other)?
    }
}

/// Binds `config.addr` and starts serving on the current tokio runtime.
/// Errors (address in use, no permission) come back before any request is
/// accepted.
pub async fn bind(config: ServerConfig) -> std::io::Result<RunningServer> {
    let listener = TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    let app = crate::app::router(&config);
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(accept_loop(listener, app, config.limits, stopped));
    Ok(RunningServer { addr, stop, task })
}

/// Accepts until `stopped`, then shuts down within the grace period.
async fn accept_loop(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    stopped: oneshot::Receiver<()>,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let (closing, closing_seen) = watch::channel(false);
    let (reclaim, reclaim_seen) = watch::channel(0u64);
    let mut connections = JoinSet::new();
    let mut stopped = pin!(stopped);
    'accept: loop {
        // Finished connections' results are only their end: reap them so
        // the set holds open connections only.
        while connections.try_join_next().is_some() {}
        let slot = match Arc::clone(&slots).try_acquire_owned() {
            Ok(slot) => slot,
            // The semaphore is never closed.
            Err(TryAcquireError::Closed) => break,
            Err(TryAcquireError::NoPermits) => loop {
                reclaim.send_modify(|round| *round = round.wrapping_add(1));
                tokio::select! {
                    _ = &mut stopped => break 'accept,
                    slot = Arc::clone(&slots).acquire_owned() => match slot {
                        Ok(slot) => break slot,
                        Err(_) => break 'accept,
                    },
                    () = tokio::time::sleep(RECLAIM_EVERY) => {}
                }
            },
        };
        let (stream, peer) = tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(_) => {
                    tokio::time::sleep(ACCEPT_RETRY).await;
                    continue;
                }
            },
        };
        connections.spawn(connection(
            stream,
            peer,
            app.clone(),
            limits,
            closing_seen.clone(),
            reclaim_seen.clone(),
            slot,
        ));
    }
    drop(listener);
    // Receivers wake whether or not any is left to hear it.
    let _ = closing.send(true);
    let drain = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(limits.shutdown_grace, drain)
        .await
        .is_err()
    {
        connections.shutdown().await;
    }
    Ok(())
}

/// The hyper service for one connection: the router, with the client's
/// address for the access log.
fn service_for(
    app: Router,
    peer: SocketAddr,
) -> impl hyper::service::Service<
    hyper::Request<Incoming>,
    Response = axum::response::Response,
    Error = Infallible,
    Future = Pin<Box<dyn Future<Output = Result<axum::response::Response, Infallible>> + Send>>,
> + Clone {
    hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let mut request = request.map(Body::new);
        request.extensions_mut().insert(ConnectInfo(peer));
        let app = app.clone();
        Box::pin(app.oneshot(request))
            as Pin<Box<dyn Future<Output = Result<_, Infallible>> + Send>>
    })
}

/// Serves one connection to its end; `_slot` frees its place when dropped.
async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    limits: Limits,
    mut closing: watch::Receiver<bool>,
    reclaim: watch::Receiver<u64>,
    _slot: OwnedSemaphorePermit,
) {
    // Small answers go out at once rather than waiting for Nagle.
    let _ = stream.set_nodelay(true);
    let gate = Gate::new(stream, limits);
    let quiet = gate.quiet();
    let mut conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        // The gate answers late heads (408) first; hyper's own timer is
        // only the backstop, past the longest wait the gate allows.
        .header_read_timeout(limits.header_read_timeout + limits.idle_timeout)
        .max_headers(limits.max_headers)
        .serve_connection(TokioIo::new(gate), service_for(app, peer));
    let mut asked_to_close = false;
    let mut close_signal = pin!(closing.wait_for(|closing| *closing));
    let mut reclaim_round = next_round(reclaim);
    // Either way the socket is done with: hyper's error (a reset, a
    // timeout) has nobody to go to.
    let _ = std::future::poll_fn(|cx| {
        if !asked_to_close && close_signal.as_mut().poll(cx).is_ready() {
            asked_to_close = true;
            Pin::new(&mut conn).graceful_shutdown();
        }
        while let Poll::Ready(reclaim) = reclaim_round.as_mut().poll(cx) {
            let quiet_long = quiet
                .quiet_for(tokio::time::Instant::now())
                .is_some_and(|quiet| quiet >= RECLAIM_AFTER);
            if !asked_to_close && quiet_long {
                asked_to_close = true;
                Pin::new(&mut conn).graceful_shutdown();
            }
            reclaim_round = next_round(reclaim);
        }
        conn.poll_without_shutdown(cx)
    })
    .await;
    let gate = conn.into_parts().io.into_inner();
    let refusal = gate.refusal().map(refusal_bytes);
    let mut stream = gate.into_inner();
    if let Some(bytes) = refusal {
        let written = tokio::time::timeout(limits.idle_timeout, stream.write_all(&bytes)).await;
        if matches!(written, Ok(Ok(()))) {
            let _ = stream.shutdown().await;
            linger(&mut stream).await;
        }
    }
    let _ = stream.shutdown().await;
}

/// A round of reclaiming (when every slot is taken) as a future that gives
/// the receiver back for the next round; pending forever once the accept
/// loop is gone.
fn next_round(
    mut rounds: watch::Receiver<u64>,
) -> Pin<Box<dyn Future<Output = watch::Receiver<u64>> + Send>> {
    Box::pin(async move {
        if rounds.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
        rounds
    })
}

/// Reads and drops what the client still sends, briefly (see [`LINGER`]).
async fn linger(stream: &mut TcpStream) {
    let drain = async {
        let mut sink = [0u8; 8192];
        let mut total = 0;
        while total < LINGER_BYTES {
            match stream.read(&mut sink).await {
                Ok(0) | Err(_) => break,
                Ok(n) => total += n,
            }
        }
    };
    let _ = tokio::time::timeout(LINGER, drain).await;
}
