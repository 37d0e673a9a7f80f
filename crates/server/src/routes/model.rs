//! `/predict`, `/recommend` and `/similar`, answered by
//! `cartelera-recommender`: the bodies are the CLI's `predict --json`,
//! `recommend --json` (with `--user` or `--picks`) and `similar --json`
//! output. `/recommend?user=` and `/predict` need the ratings model's
//! factor file; `/recommend?picks=` and `/similar` need the taste model.

use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use cartelera_core::ParamError;
use cartelera_recommender::answer::no_similar_titles;
use cartelera_recommender::{PredictRequest, RecommendQuery, SimilarRequest};
use serde::Serialize;

use crate::error::ApiError;
use crate::respond::{json_of, query_pairs, AppState};
use crate::schema::{ErrorBody, PlatformName, PredictBody, RecommendBody, SimilarBody};

/// The query string's pairs parsed by `parse`; a refusal is the 400 that
/// names the parameter.
fn parsed<R>(
    raw: Option<&str>,
    parse: impl for<'a> FnOnce(Vec<(&'a str, &'a str)>) -> Result<R, ParamError>,
) -> Result<R, ApiError> {
    let pairs = query_pairs(raw);
    parse(
        pairs
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_ref()))
            .collect(),
    )
    .map_err(|e| ApiError::bad_parameter(&e))
}

/// The JSON of an answer, or the error's own body.
fn respond<A: Serialize>(answer: Result<A, ApiError>) -> Response {
    match answer {
        Ok(answer) => json_of(&answer),
        Err(e) => e.into_response(),
    }
}

/// A user's predicted rating of a title, decomposed (global mean, user
/// bias, title bias, taste match); unknown ids fall back and say so.
#[utoipa::path(get, path = "/predict", tag = "recommender",
    params(
        ("user" = String, Query, description = "User id", example = "1"),
        ("title" = String, Query, description = "Title id", example = "ns2186"),
    ),
    responses(
        (status = 200, description = "The prediction", body = PredictBody),
        (status = 400, description = "A parameter is missing or unknown", body = ErrorBody),
        (status = 503, description = "The server has no factor file", body = ErrorBody),
    ))]
pub async fn predict(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let Some(recommender) = &state.recommender else {
        return ApiError::no_model().into_response();
    };
    respond(
        parsed(raw.as_deref(), |p| PredictRequest::parse(p))
            .map(|q| recommender.predict(&q.user, &q.title)),
    )
}

/// The `n` best titles for a user of the ratings model (leaving out those
/// they rated), or for a visitor's own ratings (`picks`, answered by the
/// taste model: one entry per work, each saying why, with the other
/// platforms it is on); optionally of one platform, type or genre. Exactly
/// one of `user` and `picks`. An unknown user, or picks the model knows
/// none of, get a non-personal ranking, said in `fallback`.
#[utoipa::path(get, path = "/recommend", tag = "recommender",
    params(
        ("user" = Option<String>, Query, description = "User id of the ratings model (or `picks`)", example = "1"),
        ("picks" = Option<String>, Query, description = "A visitor's own ratings instead of `user`: \
            `ID:RATING` pairs separated by commas, ratings 0.5 to 5 in half steps, at most 500 \
            (answered by the taste model)", example = "ds1378:5,ds890:5,ns1284:1"),
        ("seen" = Option<String>, Query, description = "With `picks`: titles already seen, \
            ids separated by commas, at most 5000; their works are left out", example = "ds1379"),
        ("n" = Option<u32>, Query, description = "How many titles, 1 to 1000 (default 10)", example = 10),
        ("platform" = Option<PlatformName>, Query, description = "Only titles of this platform", example = "netflix"),
        ("type" = Option<String>, Query, description = "Only movies (`movie`) or only shows (`tv show`)", example = "movie"),
        ("genre" = Option<String>, Query, description = "Only titles listed in this genre (any case)", example = "dramas"),
    ),
    responses(
        (status = 200, description = "Best first", body = RecommendBody),
        (status = 400, description = "A parameter is missing, unknown or has a bad value, \
            or both `user` and `picks` are given", body = ErrorBody),
        (status = 503, description = "The server has no factor file (`user`) or no taste model (`picks`)", body = ErrorBody),
    ))]
pub async fn recommend(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    // Parsed first: which model answers depends on the form.
    let query = match parsed(raw.as_deref(), |p| RecommendQuery::parse(p)) {
        Ok(query) => query,
        Err(e) => return e.into_response(),
    };
    match query {
        RecommendQuery::User(q) => match &state.recommender {
            Some(r) => json_of(&r.recommend(&q.user, q.n, &q.filter, Some(&state.catalog))),
            None => ApiError::no_model().into_response(),
        },
        RecommendQuery::Visitor(q) => respond(
            state
                .taste()
                .map(|t| t.recommend(&q.picks, &q.seen, q.n, &q.filter)),
        ),
    }
}

/// The `n` works most like a title (cosine of the taste model's vectors;
/// the title's own work left out), each with the features they share.
#[utoipa::path(get, path = "/similar", tag = "recommender",
    params(
        ("id" = String, Query, description = "Title id", example = "ds1378"),
        ("n" = Option<u32>, Query, description = "How many titles, 1 to 1000 (default 10)", example = 10),
    ),
    responses(
        (status = 200, description = "Most similar first", body = SimilarBody),
        (status = 400, description = "A parameter is missing, unknown or has a bad value", body = ErrorBody),
        (status = 404, description = "The title is not in the catalog, or the taste model knows nothing of it", body = ErrorBody),
        (status = 503, description = "The server has no taste model", body = ErrorBody),
    ))]
pub async fn similar(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let answer = parsed(raw.as_deref(), |p| SimilarRequest::parse(p)).and_then(|q| {
        state
            .taste()?
            .similar(&q.id, q.n)
            .ok_or_else(|| ApiError::no_answer(format!("similar: {}", no_similar_titles(&q.id))))
    });
    respond(answer)
}
