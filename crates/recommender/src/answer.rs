//! The answers' JSON bodies: what `cartelera predict/recommend --json`
//! print, what the HTTP API returns and what the page shows. Field order is
//! the JSON's order; changing it changes every front end's output.

use cartelera_core::Platform;
use serde::Serialize;

/// A predicted rating and how it decomposes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PredictAnswer {
    /// User id asked for.
    pub user: String,
    /// Title id asked for.
    pub title: String,
    /// The prediction, clipped to the rating scale.
    pub prediction: f32,
    /// Global mean μ.
    pub global_mean: f32,
    /// b_u (null when the user is unknown).
    pub user_bias: Option<f32>,
    /// b_i (null when the title is unknown).
    pub title_bias: Option<f32>,
    /// q_iᵀp_u (null unless both are known).
    pub taste_match: Option<f32>,
    /// The model knows the user.
    pub known_user: bool,
    /// The model knows the title.
    pub known_title: bool,
    /// What the answer fell back to, when it did.
    pub fallback: Option<String>,
    /// The user's own (training) rating of the title, if any.
    pub actual: Option<f32>,
}

/// One recommended (or similar) title.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Recommended {
    /// Title id.
    pub id: String,
    /// Title (null when the catalog is not at hand).
    pub title: Option<String>,
    /// Platform (from the id's initial).
    pub platform: Option<Platform>,
    /// The score: for a recommendation the predicted rating as `predict`
    /// gives it, clipped to the rating scale (the order is by the unclipped
    /// estimate; the taste model: its ranking score); for a similar title
    /// the cosine of the factor vectors.
    pub score: f32,
    /// The other platforms the same film or show is on (the taste model
    /// ranks works; absent from other answers).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_on: Vec<Platform>,
    /// Why it is recommended (the taste model's answers only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<Why>,
}

/// Why a title is recommended or similar, in parts and in words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Why {
    /// The visitor's pick (or the title asked about) it is closest to.
    pub like: Option<String>,
    /// Content features both share, most telling first
    /// (`genre:animation`, `director:pete docter`).
    pub shared: Vec<String>,
    /// Both have real viewers' ratings: "viewers who liked X also liked this".
    pub viewers: bool,
    /// The reason in English (the page words it in its own language from
    /// the parts, with the same function).
    pub text: String,
}

/// A top-N list for a user.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecommendAnswer {
    /// User id asked for.
    pub user: String,
    /// The model knows the user.
    pub known_user: bool,
    /// Platform filter.
    pub platform: Option<Platform>,
    /// What the list fell back to, when it did.
    pub fallback: Option<String>,
    /// Best first.
    pub items: Vec<Recommended>,
}

/// The titles most like one title.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SimilarAnswer {
    /// Title id asked for.
    pub title: String,
    /// Most similar first; `score` is the cosine similarity.
    pub items: Vec<Recommended>,
}

/// The note a prediction carries when the model lacks the user, the title
/// or both (`None` when it knows both).
pub fn fallback_note(known_user: bool, known_title: bool) -> Option<String> {
    match (known_user, known_title) {
        (true, true) => None,
        (false, true) => Some("unknown user: global mean + title bias".into()),
        (true, false) => Some("unknown title: global mean + user bias".into()),
        (false, false) => Some("unknown user and title: global mean".into()),
    }
}

/// The note a recommendation for an unknown user carries.
pub const UNKNOWN_USER_RANKING: &str = "unknown user: titles ranked by global mean + title bias";

/// Why `similar` has no answer for the title `id`: the CLI's message and
/// the API's 404 detail.
pub fn no_similar_titles(id: &str) -> String {
    format!(
        "title {} is not in the catalog, or the taste model knows nothing about it",
        cartelera_core::quote::quoted(id)
    )
}
