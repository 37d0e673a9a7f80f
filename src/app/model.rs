//! The factor file in the page: the manifest and item side as soon as the
//! app starts, then each user's shard on demand, decoded by the store code
//! the CLI uses and answered by `cartelera-recommender`.

use std::collections::HashMap;

use bytes::Bytes;
use cartelera_recommender::Recommender;
use cartelera_store::factors::{
    decode_items, decode_manifest, decode_shard, shard_of, shard_path, Manifest,
};
use leptos::prelude::*;

use super::browser;
use super::state::AppState;

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

/// What the page knows about one user.
#[derive(Clone, Debug, PartialEq)]
pub enum UserState {
    /// The model (or the user's shard) is still downloading.
    Loading,
    /// The user's factors are loaded, or the model has never heard of the
    /// user (the answers then fall back and say so).
    Ready,
    /// The model or the shard failed: the reason.
    Failed(String),
}

/// Starts loading the manifest and the item side (once).
pub fn ensure_model(state: AppState) {
    if !state.model.with_untracked(|m| matches!(m, ModelLoad::Idle)) {
        return;
    }
    state.model.set(ModelLoad::Loading);
    leptos::task::spawn_local(async move {
        let loaded = load().await;
        state.model.set(match loaded {
            Ok(model) => {
                browser::mark("cartelera:model-ready");
                ModelLoad::Ready(Box::new(model))
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

/// Where `user` stands (reactive; no side effect: see [`ensure_user`]).
pub fn user_state(state: AppState, user: &str) -> UserState {
    state.model.with(|m| match m {
        ModelLoad::Idle | ModelLoad::Loading => UserState::Loading,
        ModelLoad::Failed(e) => UserState::Failed(e.clone()),
        ModelLoad::Ready(model) => match model.shards.get(&shard_of(&model.manifest, user)) {
            Some(Shard::Ready) => UserState::Ready,
            Some(Shard::Failed(e)) => UserState::Failed(e.clone()),
            Some(Shard::Loading) | None => UserState::Loading,
        },
    })
}

/// Starts what `user`'s answers need: the model, then their shard. Call it
/// from an effect that also tracks `state.model`, so it runs again once
/// the model is in.
pub fn ensure_user(state: AppState, user: &str) {
    ensure_model(state);
    let missing = state.model.with_untracked(|m| match m {
        ModelLoad::Ready(model) => {
            let shard = shard_of(&model.manifest, user);
            (!model.shards.contains_key(&shard)).then_some(shard)
        }
        _ => None,
    });
    if let Some(shard) = missing {
        fetch_shard(state, shard);
    }
}

/// Whether the model is ready (reactive): effects track it to retry work
/// that waited for it.
pub fn model_ready(state: AppState) -> bool {
    state.model.with(|m| matches!(m, ModelLoad::Ready(_)))
}

fn set_shard(state: AppState, shard: u32, status: Shard) {
    state.model.update(|m| {
        if let ModelLoad::Ready(model) = m {
            model.shards.insert(shard, status);
        }
    });
}

/// Downloads shard `shard` and adds its users.
pub fn fetch_shard(state: AppState, shard: u32) {
    set_shard(state, shard, Shard::Loading);
    leptos::task::spawn_local(async move {
        let url = format!("{MODEL_DIR}/{}", shard_path(shard));
        let decoded = match browser::fetch_bytes(&url, |_, _| {}).await {
            Err(e) => Err(e),
            Ok(bytes) => state.model.with_untracked(|m| match m {
                ModelLoad::Ready(model) => decode_shard(&model.manifest, shard, Bytes::from(bytes))
                    .map_err(|e| format!("{url}: {e}")),
                _ => Err(format!("{url}: the model is not loaded")),
            }),
        };
        state.model.update(|m| {
            if let ModelLoad::Ready(model) = m {
                let status = match decoded {
                    Ok(users) => {
                        model.recommender.add_shard(users);
                        Shard::Ready
                    }
                    Err(e) => Shard::Failed(e),
                };
                model.shards.insert(shard, status);
            }
        });
    });
}
