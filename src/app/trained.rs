//! A model the visitor trained on their own ratings (`?view=train`): the
//! factor file's folder as one zip archive — what the training worker
//! returns, what the origin private file system keeps between visits and
//! what the visitor downloads — decoded by the store code the shipped
//! model uses, a user shard per frame so the page never stalls, and
//! answered by `cartelera-recommender`. Knows nothing of the app state
//! (the state holds its type).

use bytes::Bytes;
use cartelera_ingest::{card_of, TrainingCard};
use cartelera_recommender::Recommender;
use cartelera_store::factors::{decode_items, decode_manifest, decode_shard, shard_path};
use cartelera_store::zip;
use leptos::prelude::*;

use super::browser;

/// The private file the trained model is kept in.
pub const STORED_MODEL: &str = "cartelera-trained-model.zip";

/// The largest factor file member read back (the worker's own output is
/// far smaller; a damaged archive must not size a buffer).
const MAX_MEMBER_BYTES: usize = 1 << 30;

/// A trained model, ready to answer.
pub struct TrainedModel {
    /// Its answers (the shipped model's code).
    pub recommender: Recommender,
    /// What its run read and measured.
    pub card: TrainingCard,
    /// The archive it came from (the download).
    pub zip: Vec<u8>,
}

/// Where the visitor's own model stands.
#[derive(Clone)]
pub enum TrainedLoad {
    /// Not looked for yet.
    Unknown,
    /// Reading the private file.
    Loading,
    /// None kept.
    Nothing,
    /// Ready; `kept` says whether the private file holds it (or why not).
    Ready {
        /// The model.
        model: std::sync::Arc<TrainedModel>,
        /// `Err`: it could not be kept, why.
        kept: Result<(), String>,
    },
    /// The kept file cannot be read: why (it is left for the next run to
    /// replace).
    Broken(String),
}

/// Looks for a kept model once (at the train view's first opening).
pub fn ensure_trained(trained: RwSignal<TrainedLoad>) {
    if !trained.with_untracked(|t| matches!(t, TrainedLoad::Unknown)) {
        return;
    }
    trained.set(TrainedLoad::Loading);
    leptos::task::spawn_local(async move {
        let next = match browser::private_file(STORED_MODEL).await {
            Ok(None) => TrainedLoad::Nothing,
            // No private file system here: nothing was kept either.
            Err(_) => TrainedLoad::Nothing,
            Ok(Some(zip)) => match from_zip(zip).await {
                Ok(model) => TrainedLoad::Ready {
                    model: std::sync::Arc::new(model),
                    kept: Ok(()),
                },
                Err(e) => TrainedLoad::Broken(e),
            },
        };
        // A run finished meanwhile wins.
        trained.update(|t| {
            if matches!(t, TrainedLoad::Loading) {
                *t = next;
            }
        });
    });
}

/// Decodes a trained model's archive: the manifest, the item side, then
/// one user shard per frame. Errors name the member.
pub async fn from_zip(zip: Vec<u8>) -> Result<TrainedModel, String> {
    let members = zip::members(&zip).map_err(|e| format!("{STORED_MODEL}: {e}"))?;
    let member = |path: &str| -> Result<Bytes, String> {
        let m = members
            .iter()
            .find(|m| m.name == path)
            .ok_or_else(|| format!("{STORED_MODEL}: {path} is missing"))?;
        zip::extract(&zip, m, MAX_MEMBER_BYTES)
            .map(Bytes::from)
            .map_err(|e| format!("{STORED_MODEL}: {e}"))
    };
    let manifest =
        decode_manifest(&member("model.json")?).map_err(|e| format!("model.json: {e}"))?;
    let card = card_of(&manifest.card)
        .ok_or("model.json: not a model trained in this page (its card has no training run)")?;
    let items = decode_items(&manifest, member("items.parquet")?)
        .map_err(|e| format!("items.parquet: {e}"))?;
    let mut recommender = Recommender::from_item_side(&manifest, items);
    for shard in 0..manifest.n_shards {
        browser::next_frame().await;
        let path = shard_path(shard);
        let users =
            decode_shard(&manifest, shard, member(&path)?).map_err(|e| format!("{path}: {e}"))?;
        recommender.add_shard(users);
    }
    Ok(TrainedModel {
        recommender,
        card,
        zip,
    })
}
