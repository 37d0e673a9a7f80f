//! Cartelera's domain core.
//!
//! Everything here is pure computation over values in memory: no files, no
//! network, no DOM. The same code therefore runs natively (the `cartelera`
//! CLI, the HTTP API, tests, benchmarks) and in the browser (wasm32), which is
//! how a query answers identically everywhere.
//!
//! - [`model`]: the catalog's types ([`Title`], [`Catalog`], [`Platform`], …).
//! - [`date`]: the calendar date used by `date_added`.
//! - [`rules`]: the transformation rules from a raw catalog row to a [`Title`].
//! - [`ratings`]: the validity rule for a user rating and the per-title score.
//! - [`query`]: the four catalog queries ([`QueryKind`]) and their parsing.
//! - [`param`]: the one request layer ([`Params`]: key/value pairs, empty
//!   is absent, last wins, unknown names refused), the shared value parsers
//!   and their error type.
//! - [`lang`]: the two interface languages ([`Lang`]), numbers and plurals
//!   as each writes them; shared by the page, the charts and the CLI.
//! - [`search`]: free-text search and filters over the catalog (the page's
//!   search box).
//! - [`genres`]: the canonical genre vocabulary and age bands that every
//!   platform label and MovieLens genre maps to.
//! - [`features`]: a title's content features (genres, people, countries,
//!   decade, synopsis words) and the [`features::Vocabulary`] a taste model
//!   learned them under.
//! - [`works`]: one film or show across platforms.
//! - [`watch`]: where to watch a work (each platform's search for its title).
//! - [`links`]: MovieLens movies matched to works (title keys, the rules,
//!   the coverage report).
//! - [`browse`]: rows to browse (recently added, best rated, by genre) and
//!   the genres a set of titles leans to.
//! - [`quote`]: quoting input in messages, cut to at most 80 characters.

pub mod browse;
pub mod date;
pub mod eda;
pub mod features;
pub mod genres;
pub mod lang;
pub mod links;
pub mod model;
pub mod param;
pub mod query;
pub mod quote;
pub mod ratings;
pub mod rules;
pub mod search;
pub mod watch;
pub mod works;

pub use date::Date;
pub use lang::{Lang, Noun};
pub use model::{
    CastSteps, Catalog, DuplicateId, DurationType, Platform, Title, TitleDisplay, TitleType,
};
pub use param::{ParamError, Params};
pub use query::{Answer, Query, QueryKind};
pub use search::{SearchIndex, SearchQuery, SearchResult, SearchSteps};
