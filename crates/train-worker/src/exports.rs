//! The worker's one export.

use cartelera_ingest::{train_files, Progress, RatingsFile, TrainOptions};
use cartelera_store::zip::write_archive;
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

/// Trains on `names[k]`/`files[k]` (the files' names and bytes), with
/// `catalog` (the catalog's title ids in row order; empty: none) and
/// `options` (`{n_factors, n_epochs, test_size, seed}`), calling
/// `progress(stage)` with each [`Progress`] as a plain object. Returns the
/// factor file's folder as a zip archive (stored members, `model.json`
/// first); throws an `Error` whose message names the file, row and field or the
/// option at fault.
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
        return Err(JsError::new("train: one name per file expected"));
    }
    let options: TrainOptions = serde_wasm_bindgen::from_value(options)
        .map_err(|e| JsError::new(&format!("the training options: {e}")))?;
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
        .map_err(|e| JsError::new(&format!("{e:#}")))?;
    // One archive of the factor file's folder: what the page keeps (one
    // write, whole or not at all) and offers as a download.
    let members: Vec<(&str, &[u8])> = trained
        .files
        .iter()
        .map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
        .collect();
    let zip = write_archive(&members, false).map_err(|e| JsError::new(&e))?;
    Ok(js_sys::Uint8Array::from(zip.as_slice()))
}
