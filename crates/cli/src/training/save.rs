//! Saving a trained model as a factor file, with the cost of its storage
//! precision measured on the held-out ratings before anything is written.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use cartelera_mf::eval::evaluate;
use cartelera_recommender::convert::{to_factor_model, to_svd_model};
use cartelera_store::factors::{decode_all, encode, set_card, EncodeOptions, Precision};
use serde::Serialize;
use serde_json::json;

use super::eval::SplitRun;
use super::input::TrainingData;
use super::truth::TasteRecovery;
use crate::model_io::factor_file::write_encoded;

/// What the stored precision costs.
#[derive(Clone, Debug, Serialize)]
pub struct StoredCost {
    /// Storage precision.
    pub precision: Precision,
    /// Test RMSE of the model in f32, as trained.
    pub rmse_f32: f64,
    /// Test RMSE of the model as stored (decoded from the encoded files).
    pub rmse_stored: f64,
    /// `rmse_stored − rmse_f32`.
    pub delta_rmse: f64,
    /// Bytes of all files.
    pub bytes: u64,
    /// Bytes of the item side (what the page loads at start-up).
    pub item_bytes: u64,
    /// User shards.
    pub shards: usize,
    /// Largest shard in bytes.
    pub max_shard_bytes: u64,
}

/// Encodes the model once, measures the stored model on the test set, then
/// writes those files with a card holding the metrics and that cost.
pub fn save(
    run: &SplitRun,
    data: &TrainingData,
    recovery: Option<&TasteRecovery>,
    precision: Precision,
    dir: &Path,
) -> Result<StoredCost> {
    let opts = EncodeOptions {
        precision,
        max_shard_bytes: 200_000,
    };
    let model = to_factor_model(
        &run.model,
        &data.user_ids,
        &data.item_ids,
        &run.train,
        json!({}),
    );
    let mut files = encode(&model, &opts).context("cannot encode the factor file")?;
    let stored = decode_all(&|path| {
        files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, b)| bytes::Bytes::copy_from_slice(b))
    })
    .context("the encoded factor file does not decode")?;
    let rmse_stored = evaluate(&to_svd_model(&stored), &run.test).rmse;
    let size = |pred: &dyn Fn(&str) -> bool| -> u64 {
        files
            .iter()
            .filter(|(p, _)| pred(p))
            .map(|(_, b)| b.len() as u64)
            .sum()
    };
    let cost = StoredCost {
        precision,
        rmse_f32: run.report.rmse,
        rmse_stored,
        delta_rmse: rmse_stored - run.report.rmse,
        bytes: size(&|_| true),
        item_bytes: size(&|p| p == "items.parquet"),
        shards: files
            .iter()
            .filter(|(p, _)| p.starts_with("users/"))
            .count(),
        max_shard_bytes: files
            .iter()
            .filter(|(p, _)| p.starts_with("users/"))
            .map(|(_, b)| b.len() as u64)
            .max()
            .unwrap_or(0),
    };
    let created = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let card = json!({
        "source": "cartelera train",
        "created_unix": created,
        "training_data": {
            "source": data.source,
            "n_ratings": data.ratings.len(),
            "n_train": run.report.n_train,
            "n_test": run.report.n_test,
            "n_users": data.ratings.n_users,
            "n_items": data.ratings.n_items,
        },
        "hyperparameters": run.report.params,
        "metrics": run.report,
        "taste_recovery": recovery,
        "stored": cost,
    });
    // Only the manifest changes: the tables measured above are written as
    // they are, not encoded a second time.
    set_card(&mut files, card).context("cannot record the model card")?;
    write_encoded(dir, &files)?;
    Ok(cost)
}
