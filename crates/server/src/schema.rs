//! The OpenAPI schemas of the API's bodies and parameters. They describe
//! the JSON that `cartelera-core` and `cartelera-recommender` produce;
//! those crates stay free of utoipa (they build for the browser), so the
//! shapes are restated here under names of their own (`…Body`,
//! `PlatformName`), never the core types' names, and tests check them
//! against the real bodies and values. A leaf: it imports nothing from
//! the crate, so the handlers and the document can both use it.

// The schema types are never built: they only describe bodies.
#![allow(dead_code)]

use utoipa::ToSchema;

/// A streaming platform (accepted in any case).
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum PlatformName {
    /// Amazon Prime Video.
    Amazon,
    /// Disney+.
    Disney,
    /// Hulu.
    Hulu,
    /// Netflix.
    Netflix,
}

/// Unit of a duration.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum DurationUnit {
    /// Minutes (movies).
    Min,
    /// Seasons (TV shows).
    Season,
}

/// An error: a fixed class and the details.
#[derive(ToSchema)]
#[schema(example = json!({"error": "bad parameter", "detail": "invalid value \"hbo\" for parameter `platform`: expected one of amazon, disney, hulu, netflix"}))]
pub struct ErrorBody {
    /// `bad parameter`, `no answer`, `not found`, `no model`, `no taste
    /// model`, `query too long`, `method not allowed`, `body too large`,
    /// `bad request` or `internal error`.
    error: String,
    /// What exactly was wrong, naming the parameter and the accepted values.
    detail: String,
}

/// `get_max_duration`'s answer.
#[derive(ToSchema)]
pub struct MaxDurationBody {
    /// Catalog-wide id, such as `hs2000`.
    id: String,
    /// Title (lower-case).
    title: String,
    /// Platform.
    platform: PlatformName,
    /// Release year.
    release_year: i32,
    /// Length.
    duration_int: u32,
    /// Unit of the length.
    duration_type: DurationUnit,
}

/// `get_score_count`'s answer.
#[derive(ToSchema)]
pub struct ScoreCountBody {
    /// Platform asked for.
    platform: PlatformName,
    /// Release year asked for.
    year: i32,
    /// Threshold asked for.
    scored: f64,
    /// Movies with a mean rating strictly above it.
    count: u32,
}

/// `get_count_platform`'s answer.
#[derive(ToSchema)]
pub struct CountPlatformBody {
    /// Platform asked for.
    platform: PlatformName,
    /// Number of movies.
    movies: u32,
    /// Number of TV shows.
    tv_shows: u32,
    /// All titles.
    total: u32,
}

/// `get_actor`'s answer.
#[derive(ToSchema)]
pub struct ActorCountBody {
    /// Platform asked for.
    platform: PlatformName,
    /// Release year asked for.
    year: i32,
    /// The name (lower-case).
    actor: String,
    /// Titles of that platform-year listing it.
    count: u32,
}

/// A predicted rating and how it decomposes.
#[derive(ToSchema)]
pub struct PredictBody {
    /// User id asked for.
    user: String,
    /// Title id asked for.
    title: String,
    /// The prediction, clipped to the rating scale.
    prediction: f32,
    /// Global mean μ.
    global_mean: f32,
    /// User bias (null when the user is unknown).
    user_bias: Option<f32>,
    /// Title bias (null when the title is unknown).
    title_bias: Option<f32>,
    /// Taste match q_iᵀp_u (null unless both are known).
    taste_match: Option<f32>,
    /// The model knows the user.
    known_user: bool,
    /// The model knows the title.
    known_title: bool,
    /// What the answer fell back to, when it did.
    fallback: Option<String>,
    /// The user's own (training) rating of the title, if any.
    actual: Option<f32>,
}

/// One recommended (or similar) title.
#[derive(ToSchema)]
pub struct RecommendedItem {
    /// Title id.
    id: String,
    /// Title.
    title: Option<String>,
    /// Platform.
    platform: Option<PlatformName>,
    /// The ranking score: for `user=` the predicted rating before
    /// clipping, for `picks=` the taste model's ranking score, for
    /// `/similar` the cosine of the two titles' vectors.
    score: f32,
    /// The other platforms the same film or show is on (the taste model
    /// ranks works, listing each once); absent when none or for `user=`.
    #[schema(required = false)]
    also_on: Vec<PlatformName>,
    /// Why it is listed (the taste model's answers only; absent for
    /// `user=`).
    #[schema(required = false)]
    why: WhyBody,
}

/// Why a title is recommended or similar, in parts and in words.
#[derive(ToSchema)]
#[schema(example = json!({"like": "ds1153", "shared": ["genre:animation", "genre:comedy", "country:united states"], "viewers": true, "text": "Viewers who liked Ratatouille also liked this · Animation, Comedy, United States"}))]
pub struct WhyBody {
    /// The visitor's pick (or the title asked about) it is closest to.
    like: Option<String>,
    /// Content features both share, most telling first (`genre:animation`,
    /// `director:pete docter`).
    shared: Vec<String>,
    /// Both have real (MovieLens) viewers' ratings: "viewers who liked X
    /// also liked this".
    viewers: bool,
    /// The reason in English.
    text: String,
}

/// `/similar`'s answer: the titles most like one title.
#[derive(ToSchema)]
pub struct SimilarBody {
    /// Title id asked for.
    title: String,
    /// Most similar first, one per work; `score` is the cosine similarity.
    items: Vec<RecommendedItem>,
}

/// A top-N list.
#[derive(ToSchema)]
pub struct RecommendBody {
    /// User id asked for (`visitor` for `picks=`).
    user: String,
    /// The model knows the user (for `picks=`: at least one pick was a
    /// title the taste model knows, and the picks are not all equal).
    known_user: bool,
    /// Platform filter.
    platform: Option<PlatformName>,
    /// What the list fell back to, when it did.
    fallback: Option<String>,
    /// Best first.
    items: Vec<RecommendedItem>,
}

#[cfg(test)]
mod tests {
    use cartelera_core::{DurationType, Platform};
    use utoipa::PartialSchema;

    use super::*;

    /// The values an enum schema lists.
    fn values<T: PartialSchema>() -> Vec<String> {
        let schema = serde_json::to_value(T::schema()).unwrap();
        schema["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn the_restated_enums_list_the_core_values() {
        let platforms: Vec<String> = Platform::ALL.iter().map(|p| p.as_str().into()).collect();
        assert_eq!(values::<PlatformName>(), platforms);
        let units: Vec<String> = [DurationType::Min, DurationType::Season]
            .iter()
            .map(|d| d.as_str().into())
            .collect();
        assert_eq!(values::<DurationUnit>(), units);
    }
}
