//! The worker's exports: `train`, then the model it holds answers `card`,
//! `recommend` and `predict`; `load` holds a kept model instead. The model
//! lives here, not on the page: decoding it and answering with it never
//! take the page's thread.

use std::cell::RefCell;

use bytes::Bytes;
use cartelera_ingest::{card_of, train_files, Progress, RatingsFile, TrainOptions};
use cartelera_recommender::{RecommendFilter, Recommender};
use cartelera_store::factors::decode_all;
use cartelera_store::zip;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// Milliseconds (the worker's `performance.now()`).
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn now_ms() -> f64;
}

fn now() -> f64 {
    now_ms() / 1000.0
}

/// The largest factor-file member read back from a kept archive.
const MAX_MEMBER_BYTES: usize = 1 << 30;

/// The model this worker holds, with its card as JSON (without the item
/// names: the answers carry the names they need, so the page parses a
/// small card) and those names (MovieLens' `movies.csv`).
struct Held {
    recommender: Recommender,
    card: String,
    names: std::collections::BTreeMap<String, String>,
}

thread_local! {
    static HELD: RefCell<Option<Held>> = const { RefCell::new(None) };
}

fn error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// Holds the factor file `files(path)` gives; returns its card as JSON.
fn hold(files: &dyn Fn(&str) -> Option<Bytes>) -> Result<String, JsError> {
    let model = decode_all(files).map_err(error)?;
    let mut card = card_of(&model.card).ok_or_else(|| {
        error("model.json: not a model trained in this page (its card has no training run)")
    })?;
    let names = std::mem::take(&mut card.item_names);
    let card = serde_json::to_string(&card).map_err(error)?;
    HELD.with(|held| {
        *held.borrow_mut() = Some(Held {
            recommender: Recommender::new(model),
            card: card.clone(),
            names,
        })
    });
    Ok(card)
}

/// Trains on `names[k]`/`files[k]` (the files' names and bytes), with
/// `catalog` (the catalog's title ids in row order; empty: none) and
/// `options` (`{n_factors, n_epochs, test_size, seed}`), calling
/// `progress(stage)` with each [`Progress`] as a plain object, then holds
/// the model. Returns the factor file's folder as a zip archive (stored
/// members, `model.json` first); throws an `Error` whose message names the
/// file, row and field or the option at fault.
#[wasm_bindgen]
pub fn train(
    names: Vec<String>,
    files: Vec<js_sys::Uint8Array>,
    catalog: Vec<String>,
    options: JsValue,
    progress: &js_sys::Function,
) -> Result<js_sys::Uint8Array, JsError> {
    console_error_panic_hook::set_once();
    if names.len() != files.len() {
        return Err(error("train: one name per file expected"));
    }
    let options: TrainOptions = serde_wasm_bindgen::from_value(options)
        .map_err(|e| error(format!("the training options: {e}")))?;
    let bytes: Vec<Vec<u8>> = files.iter().map(js_sys::Uint8Array::to_vec).collect();
    let inputs: Vec<RatingsFile<'_>> = names
        .iter()
        .zip(&bytes)
        .map(|(name, bytes)| RatingsFile { name, bytes })
        .collect();
    let catalog = (!catalog.is_empty()).then_some(catalog.as_slice());
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let mut report = |stage: Progress| {
        if let Ok(value) = serde::Serialize::serialize(&stage, &serializer) {
            // A progress message that cannot be posted only costs the bar.
            let _ = progress.call1(&JsValue::NULL, &value);
        }
    };
    let trained = train_files(&inputs, catalog, &options, &now, &mut report)
        .map_err(|e| error(format!("{e:#}")))?;
    hold(&|path| {
        trained
            .files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, b)| Bytes::copy_from_slice(b))
    })?;
    // One archive of the factor file's folder: what the page keeps (one
    // write, whole or not at all) and offers as a download.
    let members: Vec<(&str, &[u8])> = trained
        .files
        .iter()
        .map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
        .collect();
    let archive = zip::write_archive(&members, false).map_err(error)?;
    Ok(js_sys::Uint8Array::from(archive.as_slice()))
}

/// Holds the model of a kept archive (what [`train`] returned); returns
/// its card as JSON. Errors name the member at fault.
#[wasm_bindgen]
pub fn load(archive: &[u8]) -> Result<String, JsError> {
    console_error_panic_hook::set_once();
    let members = zip::members(archive).map_err(error)?;
    let mut files = Vec::with_capacity(members.len());
    for member in &members {
        let bytes = zip::extract(archive, member, MAX_MEMBER_BYTES).map_err(error)?;
        files.push((member.name.clone(), Bytes::from(bytes)));
    }
    hold(&|path| {
        files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, b)| b.clone())
    })
}

/// The held model's card, as JSON.
#[wasm_bindgen]
pub fn card() -> Result<String, JsError> {
    HELD.with(|held| {
        held.borrow()
            .as_ref()
            .map(|h| h.card.clone())
            .ok_or_else(|| error("no model is loaded"))
    })
}

fn with_held<T>(f: impl FnOnce(&Held) -> T) -> Result<T, JsError> {
    HELD.with(|held| {
        held.borrow()
            .as_ref()
            .map(f)
            .ok_or_else(|| error("no model is loaded"))
    })
}

/// `user`'s `n` recommendations (titles they rated left out), as the JSON
/// `cartelera recommend --model` prints, each item's `title` named from
/// the names file when the run had one.
#[wasm_bindgen]
pub fn recommend(user: &str, n: usize) -> Result<String, JsError> {
    let body = with_held(|h| {
        let mut body = h
            .recommender
            .recommend(user, n, &RecommendFilter::default(), None);
        for item in &mut body.items {
            if let Some(name) = h.names.get(&item.id) {
                item.title = Some(name.clone());
            }
        }
        body
    })?;
    serde_json::to_string(&body).map_err(error)
}

/// `user`'s predicted rating of `item`, as the JSON `cartelera predict`
/// prints, plus `title_name` when the names file names it.
#[wasm_bindgen]
pub fn predict(user: &str, item: &str) -> Result<String, JsError> {
    let body = with_held(|h| {
        let mut body = serde_json::to_value(h.recommender.predict(user, item))
            .unwrap_or(serde_json::Value::Null);
        if let (Some(name), Some(fields)) = (h.names.get(item), body.as_object_mut()) {
            fields.insert("title_name".into(), name.clone().into());
        }
        body
    })?;
    serde_json::to_string(&body).map_err(error)
}
