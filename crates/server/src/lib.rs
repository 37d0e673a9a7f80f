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
//! - [`security`]: the security headers (CSP, nosniff, referrer, frames).
//! - [`gate`]: between a socket and hyper: idle and header timeouts, and
//!   each request head checked (and refused as JSON) before hyper sees it.
//! - [`schema`]: the OpenAPI schemas of the bodies.
//! - [`respond`]: the handlers' shared state and JSON responses.
//! - [`routes`]: the handlers.
//! - [`openapi`]: the OpenAPI document, generated from the handlers.
//! - [`static_files`]: `dist/` with precompressed siblings and cache
//!   rules, nothing that resolves outside the folder.
//! - [`app`]: the [`router`] that joins the handlers and the layers.
//! - [`listen`]: [`bind`], the accept loop (connection limit, the gate,
//!   bounded graceful shutdown) and [`RunningServer`].
//! - [`access_log`]: one line per request, through a channel.
//! - [`answer_cache`]: memoised query answers (the catalog never changes).

pub mod access_log;
pub mod answer_cache;
pub mod app;
pub mod config;
pub mod error;
pub mod gate;
pub mod listen;
pub mod openapi;
pub mod respond;
pub mod routes;
pub mod schema;
pub mod security;
pub mod static_files;

pub use app::router;
pub use config::{Limits, ServerConfig, Taste};
pub use listen::{bind, RunningServer};
