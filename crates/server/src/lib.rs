//! Cartelera's local HTTP API: the original project's four query routes,
//! `predict`, `recommend` (for a user of the ratings model, or for a
//! visitor's own picks through the taste model) and `similar`, `/health`,
//! `/openapi.json`, an interactive `/docs` page served from the binary,
//! and the built web app at `/`.
//!
//! The server takes data already in memory (a [`Catalog`], an optional
//! [`Recommender`], the taste model or where it was missing ([`Taste`]),
//! an optional folder of static files): reading files is the CLI's job.
//! Every answer comes from the same code as the CLI's `--json`
//! (`Query::parse` + `Query::run`, `Recommender`, `TasteRecommender`), so
//! the bodies are byte for byte the same.
//!
//! Modules, leaves first (each imports only those above it):
//! - [`config`]: [`ServerConfig`] and [`Limits`].
//! - [`error`]: the JSON error bodies (`{"error", "detail"}`), the only
//!   error type.
//! - [`schema`]: the OpenAPI schemas of the bodies.
//! - [`respond`]: the handlers' shared state and JSON responses.
//! - [`routes`]: the handlers.
//! - [`openapi`]: the OpenAPI document, generated from the handlers.
//! - [`app`]: the [`router`] that joins the handlers and the layers.
//! - [`static_files`]: `dist/` with precompressed siblings and cache rules.
//! - [`access_log`]: one line per request, through a channel.
//! - [`answer_cache`]: memoised query answers (the catalog never changes).

use std::net::SocketAddr;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub mod access_log;
pub mod answer_cache;
pub mod app;
pub mod config;
pub mod error;
pub mod openapi;
pub mod respond;
pub mod routes;
pub mod schema;
pub mod static_files;

pub use app::router;
pub use config::{Limits, ServerConfig, Taste};

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
