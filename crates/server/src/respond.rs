//! What every handler shares: the state they reach and how they turn
//! answers into responses. Below the handlers and above nothing but the
//! error type and the configuration, so handler modules never import the
//! router.

use std::borrow::Cow;
use std::sync::Arc;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use cartelera_core::Catalog;
use cartelera_recommender::{Recommender, TasteRecommender};
use serde::Serialize;

use crate::answer_cache::AnswerCache;
use crate::config::Taste;
use crate::error::ApiError;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The catalog the queries run on.
    pub catalog: Arc<Catalog>,
    /// The model, when one was loaded.
    pub recommender: Option<Arc<Recommender>>,
    /// The taste model (a visitor's picks, similar titles), or where it
    /// was missing.
    pub taste: Taste,
    /// Memoised query answers.
    pub cache: Arc<AnswerCache>,
    /// The OpenAPI document, serialised once.
    pub openapi: Bytes,
}

impl AppState {
    /// The taste model, or the 503 that names the folder it is missing from.
    pub fn taste(&self) -> Result<&TasteRecommender, ApiError> {
        match &self.taste {
            Taste::Loaded(taste) => Ok(taste),
            Taste::Missing(folder) => Err(ApiError::no_taste(folder)),
        }
    }
}

/// The `(parameter, value)` pairs of a query string, percent-decoded.
pub fn query_pairs(raw: Option<&str>) -> Vec<(Cow<'_, str>, Cow<'_, str>)> {
    raw.map_or_else(Vec::new, |q| form_urlencoded::parse(q.as_bytes()).collect())
}

/// A 200 answer with a JSON body (the CLI's `--json` text, without its
/// trailing newline).
pub fn json_ok(body: impl Into<Bytes>) -> Response {
    json_response(StatusCode::OK, body.into())
}

/// A 200 answer with `value` as JSON; a value that does not serialise is
/// a 500 through [`ApiError::internal`], like every other error.
pub fn json_of(value: &impl Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => json_ok(bytes),
        Err(e) => ApiError::internal(&e).into_response(),
    }
}

/// A response with a JSON body.
pub fn json_response(status: StatusCode, body: Bytes) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value whose serialisation fails, as a broken answer would.
    struct Unserialisable;

    impl Serialize for Unserialisable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("no JSON for this"))
        }
    }

    #[test]
    fn an_answer_that_does_not_serialise_is_a_json_500() {
        let response = json_of(&Unserialisable);
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(
            response.headers().get(header::CONTENT_TYPE).unwrap(),
            "application/json"
        );
    }

    #[test]
    fn an_answer_is_a_json_200() {
        let response = json_of(&[1, 2]);
        assert_eq!(response.status(), StatusCode::OK);
    }
}
