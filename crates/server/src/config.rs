//! What a server answers from and its bounds: a leaf, so the router and the
//! binding code both read it without depending on each other.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use cartelera_core::Catalog;
use cartelera_recommender::{Recommender, TasteRecommender};

use crate::access_log::LogSink;

/// Bounds on what one request may carry, and on connections: how many, how
/// long each may take to send a request or stay silent, and how long a
/// shutdown waits for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Longest query string, in bytes (longer: 414).
    pub max_query_bytes: usize,
    /// Largest request body, in bytes (larger: 413), on every route but
    /// the history ones: the GET routes need none.
    pub max_body_bytes: usize,
    /// Largest history export (`POST /history`, `/recommend/history`,
    /// `/platform-fit`), in bytes.
    pub max_history_bytes: usize,
    /// Longest request head (request line and header fields), in bytes:
    /// longer is 431, or 414 when the request line alone is longer.
    pub max_head_bytes: usize,
    /// Most header fields in one request (more: 431).
    pub max_headers: usize,
    /// Time a client has to send a whole request head, counted from when
    /// the server starts waiting for it (the connection opened, or the
    /// previous response was sent); then the connection is closed. This
    /// is what stops a client that sends its head a byte at a time.
    pub header_read_timeout: Duration,
    /// A connection on which no byte moves either way for this long is
    /// closed: an idle keep-alive connection, a client that stops sending
    /// mid-request or stops reading its response.
    pub idle_timeout: Duration,
    /// Most connections open at once. When all are taken, connections
    /// quiet between requests for a moment (`listen::RECLAIM_AFTER`) are
    /// closed to make room, and new connections wait in the kernel's
    /// listen queue (they are not refused) until one closes; connections
    /// in the middle of a request keep their slot, within the timeouts.
    pub max_connections: usize,
    /// On shutdown, how long connections get to finish the request in
    /// flight before they are dropped.
    pub shutdown_grace: Duration,
}

/// The routes whose body is a history export ([`Limits::max_history_bytes`]).
pub const HISTORY_ROUTES: [&str; 3] = ["/history", "/recommend/history", "/platform-fit"];

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_query_bytes: 2048,
            max_body_bytes: 1024,
            // A Netflix history of 20,000 episodes is about 1.5 MB.
            max_history_bytes: 10_000_000,
            // Browsers send 1–2 KiB; a localhost origin may carry other
            // apps' cookies, hence the room.
            max_head_bytes: 16 * 1024,
            // hyper's own bound, so the two agree.
            max_headers: 100,
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(5),
            // Well under the usual 1,024 open files per process, leaving
            // room for the files the server reads.
            max_connections: 512,
            shutdown_grace: Duration::from_secs(5),
        }
    }
}

/// What the server answers from and where it listens.
#[derive(Clone)]
pub struct ServerConfig {
    /// Address to listen on; port 0 picks a free port.
    pub addr: SocketAddr,
    /// The catalog the queries run on.
    pub catalog: Arc<Catalog>,
    /// The model behind `/predict` and `/recommend`; `None`: they answer
    /// 503 saying no model was loaded.
    pub recommender: Option<Arc<Recommender>>,
    /// The taste model behind `/recommend?picks=` and `/similar`.
    pub taste: Taste,
    /// Folder served at `/` (the built web app), if any.
    pub dist: Option<PathBuf>,
    /// Request bounds.
    pub limits: Limits,
    /// Where the access log's lines go ([`crate::access_log::channel`]), if
    /// anywhere.
    pub access_log: Option<LogSink>,
}

/// The taste model (`cartelera taste`) behind a visitor's
/// `/recommend?picks=` and `/similar`, or the folder where it was looked
/// for: the server starts without one, and those routes answer 503 naming
/// the folder and the command that builds it.
#[derive(Clone, Debug)]
pub enum Taste {
    /// Composed over the server's catalog.
    Loaded(Arc<TasteRecommender>),
    /// No taste model in this folder.
    Missing(PathBuf),
}
