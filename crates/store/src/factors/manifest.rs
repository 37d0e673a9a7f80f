//! The factor file's manifest and model types and the checks that reading
//! and writing share. A leaf of [`super`]: `decode` and `encode` import it,
//! it imports neither.

use serde::{Deserialize, Serialize};

/// The format version this code writes, and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;
/// The manifest's file name.
pub const MANIFEST_FILE: &str = "model.json";
/// The item side's file name.
pub const ITEMS_FILE: &str = "items.parquet";
/// The most factors a model may have (the trainer's own limit,
/// `cartelera_mf::params::SvdParams::validate`).
pub const MAX_FACTORS: usize = 4096;
/// The most items, or users, a model may have: their rows are 32-bit
/// (history entries and shard rows are `u32`).
pub const MAX_ROWS: u64 = u32::MAX as u64;
/// Default upper bound on a user shard's size (what the page downloads
/// for one user).
pub const DEFAULT_MAX_SHARD_BYTES: usize = 200_000;

/// How the factors (not μ and the biases, always f32) are stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// Exact.
    F32,
    /// IEEE half precision: relative error ≤ 2⁻¹¹ (about 4.9e-4).
    F16,
    /// Symmetric per-row quantisation: error ≤ (the row's largest |factor|) / 254.
    Int8,
}

impl Precision {
    /// The name used in `model.json` and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::F32 => "f32",
            Precision::F16 => "f16",
            Precision::Int8 => "int8",
        }
    }
}

impl std::fmt::Display for Precision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Precision {
    type Err = String;

    fn from_str(text: &str) -> Result<Precision, String> {
        match text {
            "f32" => Ok(Precision::F32),
            "f16" => Ok(Precision::F16),
            "int8" => Ok(Precision::Int8),
            _ => Err(format!(
                "unknown precision {text:?}: expected f32, f16 or int8"
            )),
        }
    }
}

/// Everything a model holds, in memory, in f32.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FactorModel {
    /// Global mean μ (0 for a model without biases).
    pub mu: f32,
    /// Number of factors per user and item.
    pub k: usize,
    /// Lower clip bound of predictions.
    pub rating_min: f32,
    /// Upper clip bound of predictions.
    pub rating_max: f32,
    /// Trained with bias terms.
    pub biased: bool,
    /// Item ids (title ids such as `ns2186`), unique.
    pub item_ids: Vec<String>,
    /// b_i, one per item.
    pub item_bias: Vec<f32>,
    /// q_i, `n_items × k`, row-major.
    pub item_factors: Vec<f32>,
    /// Training ratings per item; 0 = unknown to the model.
    pub item_counts: Vec<u32>,
    /// User ids, unique.
    pub user_ids: Vec<String>,
    /// b_u, one per user.
    pub user_bias: Vec<f32>,
    /// p_u, `n_users × k`, row-major.
    pub user_factors: Vec<f32>,
    /// Training ratings per user; 0 = unknown to the model.
    pub user_counts: Vec<u32>,
    /// Each user's training ratings as (item row, rating × 2): the page
    /// shows them and leaves them out of recommendations.
    pub user_history: Vec<Vec<(u32, u8)>>,
    /// Free-form description: hyperparameters, metrics, data sizes,
    /// creation date, source (`"cartelera train"`, `"spark-als"`).
    pub card: serde_json::Value,
    /// A taste model's layout ([`TasteManifest`]); `None` for a plain
    /// factor model.
    pub taste: Option<TasteManifest>,
}

/// How [`encode`] stores a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EncodeOptions {
    /// Storage precision of the factors.
    pub precision: Precision,
    /// Upper bound on each user shard's size, in bytes.
    pub max_shard_bytes: usize,
}

impl Default for EncodeOptions {
    /// Exact (f32) factors, 200 kB shards.
    fn default() -> EncodeOptions {
        EncodeOptions {
            precision: Precision::F32,
            max_shard_bytes: DEFAULT_MAX_SHARD_BYTES,
        }
    }
}

/// One file of the factor file, as the manifest records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path relative to the model folder, `/`-separated.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// CRC-32 (IEEE, as zlib and PNG) of the whole file.
    pub crc32: u32,
}

/// The manifest (`model.json`), parsed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Layout version ([`FORMAT_VERSION`] when written by this code).
    pub format_version: u32,
    /// Storage precision of the factors.
    pub precision: Precision,
    /// Number of factors.
    pub k: usize,
    /// Global mean μ.
    pub mu: f32,
    /// Lower clip bound of predictions.
    pub rating_min: f32,
    /// Upper clip bound of predictions.
    pub rating_max: f32,
    /// Trained with bias terms.
    pub biased: bool,
    /// Rows of `items.parquet`.
    pub n_items: usize,
    /// Users over all shards.
    pub n_users: usize,
    /// Number of user shards (≥ 1).
    pub n_shards: u32,
    /// Every other file, with its size and checksum.
    pub files: Vec<FileEntry>,
    /// The model's card.
    #[serde(default)]
    pub card: serde_json::Value,
    /// Present for a taste model: how its rows are laid out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taste: Option<TasteManifest>,
}

/// A taste model's layout and settings (the hybrid content + collaborative
/// model, `cartelera taste`). Its `items.parquet` rows are, first, the
/// [`TasteManifest::n_features`] feature embeddings (id: the feature name,
/// such as `genre:animation`), then the free parts of the titles viewers
/// rated (id: the title id); each row's factors are packed as
/// `[q (k_rating) | y (k_implicit) | d]` (rating vector, implicit vector,
/// implicit bias) and its bias is the rating bias. A reader composes each
/// catalog title's vectors from its features and free part.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TasteManifest {
    /// Rating factors.
    pub k_rating: usize,
    /// Implicit factors (0: no implicit part; then rows hold `k_rating` values).
    pub k_implicit: usize,
    /// The first rows that are feature embeddings.
    pub n_features: usize,
    /// The average training user's bias: a visitor's prior.
    pub prior_bias: f32,
    /// The average training user's factors (`k_rating`).
    pub prior_factors: Vec<f32>,
    /// The average training user's implicit vector (`k_implicit`).
    pub implicit_mean_user: Vec<f32>,
    /// Weight of the predicted rating in the ranking score.
    pub rank_rating_weight: f32,
    /// Learning rate of the implicit fold-in.
    pub implicit_lr: f32,
    /// Decay of the implicit fold-in.
    pub implicit_reg: f32,
    /// Seed of the implicit fold-in's negatives.
    pub seed: u64,
    /// The real viewers' ratings behind the model, per title: what the
    /// page shows as "MovieLens viewers' rating".
    #[serde(default)]
    pub viewer_ratings: Vec<ViewerRating>,
}

/// Real viewers' ratings of one title (MovieLens, through the links).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewerRating {
    /// Title id.
    pub id: String,
    /// Mean rating (0.5–5).
    pub mean: f32,
    /// Number of ratings.
    pub count: u32,
}

impl TasteManifest {
    /// Values per packed row.
    pub fn width(&self) -> usize {
        match self.k_implicit {
            0 => self.k_rating,
            n => self.k_rating + n + 1,
        }
    }

    /// The checks a reader relies on, against the manifest's `k` and row count.
    pub(super) fn check(&self, k: usize, n_items: usize) -> Result<(), String> {
        if self.width() != k {
            return Err(format!(
                "taste: k_rating {} + k_implicit {} (+ 1 implicit bias) = {}, but k is {k}",
                self.k_rating,
                self.k_implicit,
                self.width()
            ));
        }
        if self.n_features > n_items {
            return Err(format!(
                "taste: n_features {} is more than the {n_items} rows",
                self.n_features
            ));
        }
        if self.prior_factors.len() != self.k_rating {
            return Err(format!(
                "taste: prior_factors has {} values, expected k_rating = {}",
                self.prior_factors.len(),
                self.k_rating
            ));
        }
        if self.implicit_mean_user.len() != self.k_implicit {
            return Err(format!(
                "taste: implicit_mean_user has {} values, expected k_implicit = {}",
                self.implicit_mean_user.len(),
                self.k_implicit
            ));
        }
        let numbers = [
            self.prior_bias,
            self.rank_rating_weight,
            self.implicit_lr,
            self.implicit_reg,
        ];
        if numbers
            .iter()
            .chain(&self.prior_factors)
            .chain(&self.implicit_mean_user)
            .any(|x| !x.is_finite())
        {
            return Err("taste: a setting is not a finite number".into());
        }
        if let Some(v) = self
            .viewer_ratings
            .iter()
            .find(|v| !(0.0..=10.0).contains(&v.mean) || v.count == 0)
        {
            return Err(format!(
                "taste: viewer rating of {:?}: mean {} over {} ratings, expected a mean on the \
                 rating scale over at least one rating",
                v.id, v.mean, v.count
            ));
        }
        Ok(())
    }
}

impl Manifest {
    /// The entry of `path`, if the manifest lists it.
    pub fn file(&self, path: &str) -> Option<&FileEntry> {
        self.files.iter().find(|f| f.path == path)
    }
}

/// The path of user shard `shard`: `users/shard-00042.parquet`.
pub fn shard_path(shard: u32) -> String {
    format!("users/shard-{shard:05}.parquet")
}

/// The item side, decoded (factors dequantised to f32).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemSide {
    /// Item ids, in row order (history entries index these rows).
    pub ids: Vec<String>,
    /// b_i.
    pub bias: Vec<f32>,
    /// q_i, `n_items × k`.
    pub factors: Vec<f32>,
    /// Training ratings per item; 0 = unknown.
    pub counts: Vec<u32>,
}

/// One user shard, decoded (factors dequantised to f32).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserShard {
    /// User ids.
    pub ids: Vec<String>,
    /// Each user's row in the model.
    pub rows: Vec<u32>,
    /// b_u.
    pub bias: Vec<f32>,
    /// p_u, `len × k`.
    pub factors: Vec<f32>,
    /// Training ratings per user; 0 = unknown.
    pub counts: Vec<u32>,
    /// Each user's training ratings: (item row, rating × 2).
    pub history: Vec<Vec<(u32, u8)>>,
}

impl UserShard {
    /// The position of `user_id` in this shard.
    pub fn position(&self, user_id: &str) -> Option<usize> {
        self.ids.iter().position(|id| id == user_id)
    }
}

/// The shard holding `user_id`: the 64-bit FNV-1a hash of the id's UTF-8
/// bytes (offset basis 0xcbf29ce484222325, prime 0x100000001b3), modulo
/// `n_shards`. Stable across platforms and versions of this format; the
/// browser calls this very function to know which shard to fetch.
pub fn shard_of(manifest: &Manifest, user_id: &str) -> u32 {
    shard_index(manifest.n_shards, user_id)
}

pub(super) fn shard_index(n_shards: u32, user_id: &str) -> u32 {
    let hash = user_id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    (hash % u64::from(n_shards.max(1))) as u32
}

/// μ and the clip bounds: finite, and a non-empty scale.
pub(super) fn check_scale(mu: f32, min: f32, max: f32) -> Result<(), String> {
    if !(mu.is_finite() && min.is_finite() && max.is_finite()) || min >= max {
        return Err(format!(
            "mu {mu}, rating_min {min}, rating_max {max}: expected finite numbers with \
             rating_min < rating_max"
        ));
    }
    Ok(())
}

/// One user's history: item rows below `n_items`, ratings (× 2) on the
/// model's scale. The error names the offending column.
pub(super) fn check_history(
    history: &[(u32, u8)],
    n_items: usize,
    min: f32,
    max: f32,
) -> Result<(), (&'static str, String)> {
    for &(item, value) in history {
        if item as usize >= n_items {
            return Err((
                "rated_items",
                format!("item row {item} is not below n_items = {n_items}"),
            ));
        }
        let rating = f32::from(value) / 2.0;
        if value == 0 || rating < min || rating > max {
            return Err((
                "rated_values",
                format!("{value} (rating {rating}) is outside {min}–{max}"),
            ));
        }
    }
    Ok(())
}
