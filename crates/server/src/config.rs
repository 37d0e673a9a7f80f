//! What a server answers from and its bounds: a leaf, so the router and the
//! binding code both read it without depending on each other.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use cartelera_core::Catalog;
use cartelera_recommender::{Recommender, TasteRecommender};

use crate::access_log::LogSink;

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
