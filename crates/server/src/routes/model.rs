//! `/predict` and `/recommend`, answered by `cartelera-recommender`: the
//! bodies are the CLI's `predict --json` and `recommend --json` output.

use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use cartelera_core::ParamError;
use cartelera_recommender::{PredictRequest, RecommendRequest, Recommender};
use serde::Serialize;

use crate::error::ApiError;
use crate::respond::{json_of, query_pairs, AppState};
use crate::schema::{ErrorBody, PlatformName, PredictBody, RecommendBody};

/// 503 without a model, 400 when `parse` refuses the query string, else
/// the JSON of `answer`.
fn answer_with<R, A: Serialize>(
    state: &AppState,
    raw: Option<&str>,
    parse: impl for<'a> FnOnce(Vec<(&'a str, &'a str)>) -> Result<R, ParamError>,
    answer: impl FnOnce(&Recommender, R) -> A,
) -> Response {
    let Some(recommender) = &state.recommender else {
        return ApiError::no_model().into_response();
    };
    let pairs = query_pairs(raw);
    let request = match parse(
        pairs
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_ref()))
            .collect(),
    ) {
        Ok(r) => r,
        Err(e) => return ApiError::bad_parameter(&e).into_response(),
    };
    json_of(&answer(recommender, request))
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
    answer_with(
        &state,
        raw.as_deref(),
        |p| PredictRequest::parse(p),
        |r, q| r.predict(&q.user, &q.title),
    )
}

/// The `n` best titles for a user (leaving out those they rated),
/// optionally of one platform, type or genre; an unknown user gets the
/// non-personal ranking, said in `fallback`.
#[utoipa::path(get, path = "/recommend", tag = "recommender",
    params(
        ("user" = String, Query, description = "User id", example = "1"),
        ("n" = Option<u32>, Query, description = "How many titles, 1 to 1000 (default 10)", example = 10),
        ("platform" = Option<PlatformName>, Query, description = "Only titles of this platform", example = "netflix"),
        ("type" = Option<String>, Query, description = "Only movies (`movie`) or only shows (`tv show`)", example = "movie"),
        ("genre" = Option<String>, Query, description = "Only titles listed in this genre (any case)", example = "dramas"),
    ),
    responses(
        (status = 200, description = "Best first", body = RecommendBody),
        (status = 400, description = "A parameter is missing, unknown or has a bad value", body = ErrorBody),
        (status = 503, description = "The server has no factor file", body = ErrorBody),
    ))]
pub async fn recommend(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    answer_with(
        &state,
        raw.as_deref(),
        |p| RecommendRequest::parse(p),
        |r, q| r.recommend(&q.user, q.n, &q.filter, Some(&state.catalog)),
    )
}
