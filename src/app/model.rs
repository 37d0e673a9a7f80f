//! The factor file in the page: the manifest and item side as soon as the
//! app starts, then each user's shard on demand, decoded by the store code
//! the CLI uses and answered by `cartelera-recommender`. Everything here
//! works on the one model signal (`AppState::model`), so this module does
//! not need the app state and the state can hold its type.

use std::collections::HashMap;

use bytes::Bytes;
use cartelera_recommender::Recommender;
use cartelera_store::factors::{
    decode_items, decode_manifest, decode_shard, shard_of, shard_path, Manifest,
};
use leptos::prelude::*;

use super::browser;

/// The factor file's folder, relative to the page.
pub const MODEL_DIR: &str = "data/model";

/// Where a user shard stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Shard {
    /// Downloading.
    Loading,
    /// Its users are in the recommender.
    Ready,
    /// Could not be loaded: why, naming the file.
    Failed(String),
}

/// The loaded model.
pub struct PageModel {
    /// `model.json`.
    pub manifest: Manifest,
    /// Item side plus the users loaded so far.
    pub recommender: Recommender,
    /// Shards asked for.
    pub shards: HashMap<u32, Shard>,
}

/// Where loading the model stands.
pub enum ModelLoad {
    /// Not started.
    Idle,
    /// Downloading the manifest and the item side.
    Loading,
    /// Ready to answer.
    Ready(Box<PageModel>),
    /// Could not be loaded: why, naming the file.
    Failed(String),
}

/// Whether what a view needs from the model is there: the item side, or
/// the item side and one user's shard.
#[derive(Clone, Debug, PartialEq)]
pub enum ModelStatus {
    /// The model (or the user's shard) is still downloading.
    Loading,
    /// Loaded. For a user: their factors are in, or the model has never
    /// heard of them (the answers then fall back and say so).
    Ready,
    /// The model or the shard failed: the reason.
    Failed(String),
}

impl ModelLoad {
    /// What a view needing the item side (`user` = `None`) or also
    /// `user`'s shard can do now.
    pub fn status(&self, user: Option<&str>) -> ModelStatus {
        match self {
            ModelLoad::Idle | ModelLoad::Loading => ModelStatus::Loading,
            ModelLoad::Failed(e) => ModelStatus::Failed(e.clone()),
            ModelLoad::Ready(model) => match user {
                None => ModelStatus::Ready,
                Some(user) => match model.shards.get(&shard_of(&model.manifest, user)) {
                    Some(Shard::Ready) => ModelStatus::Ready,
                    Some(Shard::Failed(e)) => ModelStatus::Failed(e.clone()),
                    Some(Shard::Loading) | None => ModelStatus::Loading,
                },
            },
        }
    }
}

/// Starts loading the manifest and the item side (once).
pub fn ensure_model(model: RwSignal<ModelLoad>) {
    if !model.with_untracked(|m| matches!(m, ModelLoad::Idle)) {
        return;
    }
    model.set(ModelLoad::Loading);
    leptos::task::spawn_local(async move {
        let loaded = load().await;
        model.set(match loaded {
            Ok(loaded) => {
                browser::mark("cartelera:model-ready");
                ModelLoad::Ready(Box::new(loaded))
            }
            Err(e) => ModelLoad::Failed(e),
        });
    });
}

async fn load() -> Result<PageModel, String> {
    let url = format!("{MODEL_DIR}/model.json");
    let bytes = browser::fetch_bytes(&url, |_, _| {}).await?;
    let manifest = decode_manifest(&bytes).map_err(|e| format!("{url}: {e}"))?;
    let url = format!("{MODEL_DIR}/items.parquet");
    let bytes = browser::fetch_bytes(&url, |_, _| {}).await?;
    let items = decode_items(&manifest, Bytes::from(bytes)).map_err(|e| format!("{url}: {e}"))?;
    Ok(PageModel {
        recommender: Recommender::from_item_side(&manifest, items),
        manifest,
        shards: HashMap::new(),
    })
}

/// Starts what `user`'s answers need: the model, then their shard. Call it
/// from an effect that also tracks the model (see [`model_ready`]), so it
/// runs again once the model is in.
pub fn ensure_user(model: RwSignal<ModelLoad>, user: &str) {
    ensure_model(model);
    let missing = model.with_untracked(|m| match m {
        ModelLoad::Ready(loaded) => {
            let shard = shard_of(&loaded.manifest, user);
            (!loaded.shards.contains_key(&shard)).then_some(shard)
        }
        _ => None,
    });
    if let Some(shard) = missing {
        fetch_shard(model, shard);
    }
}

/// Whether the model is ready (reactive): effects track it to retry work
/// that waited for it.
pub fn model_ready(model: RwSignal<ModelLoad>) -> bool {
    model.with(|m| matches!(m, ModelLoad::Ready(_)))
}

fn set_shard(model: RwSignal<ModelLoad>, shard: u32, status: Shard) {
    model.update(|m| {
        if let ModelLoad::Ready(loaded) = m {
            loaded.shards.insert(shard, status);
        }
    });
}

/// Downloads shard `shard` and adds its users.
pub fn fetch_shard(model: RwSignal<ModelLoad>, shard: u32) {
    set_shard(model, shard, Shard::Loading);
    leptos::task::spawn_local(async move {
        let url = format!("{MODEL_DIR}/{}", shard_path(shard));
        let decoded = match browser::fetch_bytes(&url, |_, _| {}).await {
            Err(e) => Err(e),
            Ok(bytes) => model.with_untracked(|m| match m {
                ModelLoad::Ready(loaded) => {
                    decode_shard(&loaded.manifest, shard, Bytes::from(bytes))
                        .map_err(|e| format!("{url}: {e}"))
                }
                _ => Err(format!("{url}: the model is not loaded")),
            }),
        };
        model.update(|m| {
            if let ModelLoad::Ready(loaded) = m {
                let status = match decoded {
                    Ok(users) => {
                        loaded.recommender.add_shard(users);
                        Shard::Ready
                    }
                    Err(e) => Shard::Failed(e),
                };
                loaded.shards.insert(shard, status);
            }
        });
    });
}
