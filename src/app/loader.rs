//! Downloads and decodes the page's data files with the same store code
//! the CLI uses; every failure becomes a readable message naming the file.

use std::sync::Arc;

use bytes::Bytes;
use cartelera_core::{Catalog, SearchIndex};
use leptos::prelude::*;

use super::browser;
use super::state::{AppState, Data, Descriptions, Load};

/// The catalog, relative to the page (so any sub-path works).
pub const TITLES_URL: &str = "data/titles.parquet";
/// The synopses.
pub const DESCRIPTIONS_URL: &str = "data/descriptions.parquet";

/// Loads the catalog into `state.load`, reporting progress.
pub async fn load_catalog(state: AppState) {
    state.load.set(Load::Downloading(0, None));
    let bytes = browser::fetch_bytes(TITLES_URL, |received, total| {
        state.load.set(Load::Downloading(received, total));
    })
    .await;
    let result = match bytes {
        Ok(bytes) => {
            state.load.set(Load::Decoding);
            // Let the "preparing" state paint before the synchronous decode.
            browser::next_frame().await;
            decode_catalog(bytes)
        }
        Err(e) => Err(e),
    };
    state.load.set(match result {
        Ok(data) => Load::Ready(Arc::new(data)),
        Err(e) => Load::Failed(e),
    });
}

fn decode_catalog(bytes: Vec<u8>) -> Result<Data, String> {
    if bytes.is_empty() {
        return Err(format!("{TITLES_URL} is empty"));
    }
    let titles = cartelera_store::titles::read(Bytes::from(bytes))
        .map_err(|e| format!("{TITLES_URL} is not a valid titles table: {e}"))?;
    if titles.is_empty() {
        return Err(format!("{TITLES_URL} holds no titles"));
    }
    let catalog =
        Catalog::new(titles).map_err(|e| format!("{TITLES_URL} is not a valid catalog: {e}"))?;
    let search = SearchIndex::new(&catalog);
    Ok(Data { catalog, search })
}

/// Starts loading the synopses unless they are loaded or loading.
pub fn ensure_descriptions(state: AppState) {
    if !matches!(
        state.descriptions.get_untracked(),
        Descriptions::Idle | Descriptions::Failed(_)
    ) {
        return;
    }
    state.descriptions.set(Descriptions::Loading);
    leptos::task::spawn_local(async move {
        let result = browser::fetch_bytes(DESCRIPTIONS_URL, |_, _| {})
            .await
            .and_then(|bytes| {
                cartelera_store::descriptions::read(Bytes::from(bytes)).map_err(|e| {
                    format!("{DESCRIPTIONS_URL} is not a valid descriptions table: {e}")
                })
            });
        state.descriptions.set(match result {
            Ok(map) => Descriptions::Ready(Arc::new(map)),
            Err(e) => Descriptions::Failed(e),
        });
    });
}
