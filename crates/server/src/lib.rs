//! Cartelera's local HTTP API: the original project's four query routes,
//! `predict` and `recommend`, `/health`, `/openapi.json`, an interactive
//! `/docs` page served from the binary, and the built web app at `/`.
//!
//! The server takes data already in memory (a [`Catalog`], an optional
//! [`Recommender`], an optional folder of static files): reading files is
//! the CLI's job. Every answer comes from the same code as the CLI's
//! `--json` (`Query::parse` + `Query::run`, `Recommender`), so the bodies
//! are byte for byte the same.
//!
//! - [`routes`]: the handlers and the [`router`] that joins them.
//! - [`error`]: the JSON error bodies (`{"error", "detail"}`).
//! - [`openapi`]: the OpenAPI document, generated from the handlers.
//! - [`static_files`]: `dist/` with precompressed siblings and cache rules.
//! - [`access_log`]: one line per request, through a channel.
//! - [`answer_cache`]: memoised query answers (the catalog never changes).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use cartelera_core::Catalog;
use cartelera_recommender::Recommender;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub mod access_log;
pub mod answer_cache;
pub mod error;
pub mod openapi;
pub mod routes;
pub mod static_files;

pub use routes::router;

/// Bounds on what one request may carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Longest query string, in bytes (longer: 414).
    pub max_query_bytes: usize,
    /// Largest request body, in bytes (larger: 413). Every route is a GET,
    /// so a body is never needed.
    pub max_body_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_query_bytes: 2048,
            max_body_bytes: 1024,
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
    /// Folder served at `/` (the built web app), if any.
    pub dist: Option<PathBuf>,
    /// Request bounds.
    pub limits: Limits,
    /// Where the access log's lines go ([`access_log::channel`]), if
    /// anywhere.
    pub access_log: Option<access_log::LogSink>,
}

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

    /// Stops accepting, lets requests in flight finish, then returns.
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
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    let app = router(&config);
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let app = app.into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    Ok(RunningServer { addr, stop, task })
}
