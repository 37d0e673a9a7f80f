//! The factor file's folder on disk: written whole (readers see the old
//! model or the new one, never a mix) and loaded with errors naming each
//! file. The layout itself is `cartelera_store::factors`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};
use bytes::Bytes;
use cartelera_core::Catalog;
use cartelera_recommender::TasteRecommender;
use cartelera_store::factors::{decode_all, encode, EncodeOptions, FactorModel, MANIFEST_FILE};
use cartelera_store::StoreError;

use crate::atomic;

/// Encodes `model` and writes it as the folder `dir`, replacing any
/// previous model whole (see [`atomic::replace_dir`]): readers see the
/// old model or the new one, never a mix. Returns the files written.
pub fn write_model(dir: &Path, model: &FactorModel, opts: &EncodeOptions) -> Result<Vec<PathBuf>> {
    let files = encode(model, opts)
        .map_err(|e| named(dir, e))
        .with_context(|| format!("cannot encode the model for {}", dir.display()))?;
    write_encoded(dir, &files)
}

/// Writes an already encoded factor file (from `encode`) as the folder
/// `dir`, replacing it whole.
pub fn write_encoded(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<Vec<PathBuf>> {
    atomic::replace_dir(dir, |staging| {
        for (path, bytes) in files {
            atomic::create_synced(&staging.join(path), bytes)?;
        }
        Ok(())
    })?;
    Ok(files.iter().map(|(path, _)| dir.join(path)).collect())
}

/// Loads the taste model in `dir` and composes it over the catalog in
/// `data` (titles.parquet): both are needed, and a missing one is named.
pub fn load_taste(dir: &Path, data: &Path) -> Result<TasteRecommender> {
    let stored = load_model(dir)?;
    let catalog = crate::data::load_catalog(data)?;
    TasteRecommender::new(stored, catalog).map_err(|e| anyhow!("{}: {e}", dir.display()))
}

/// Loads the taste model in `dir` and composes it over a catalog already
/// loaded (`cartelera serve`'s).
pub fn compose_taste(dir: &Path, catalog: Catalog) -> Result<TasteRecommender> {
    TasteRecommender::new(load_model(dir)?, catalog).map_err(|e| anyhow!("{}: {e}", dir.display()))
}

/// Reads and checks the factor file in `dir` (sizes and checksums first,
/// then every table); messages name the file, e.g.
/// `data/build/model/items.parquet: size 1234 ≠ 5678 in model.json (truncated?)`.
pub fn load_model(dir: &Path) -> Result<FactorModel> {
    // The model folder is one target of its parent's output set.
    atomic::recover_around(dir)?;
    // The store only learns that a file is missing; keep why, to tell.
    let io_errors: RefCell<HashMap<String, std::io::Error>> = RefCell::default();
    let decoded = decode_all(&|path| match fs::read(dir.join(path)) {
        Ok(bytes) => Some(Bytes::from(bytes)),
        Err(e) => {
            io_errors.borrow_mut().insert(path.to_string(), e);
            None
        }
    });
    decoded.map_err(|e| match e {
        StoreError::InFile { file, error } if matches!(*error, StoreError::MissingFile) => {
            let path = dir.join(&file);
            let hint = match file == MANIFEST_FILE {
                true => " (train a model with `cartelera train` or import one with `cartelera import-als`)",
                false => " (model.json lists it: the folder is incomplete)",
            };
            match io_errors.borrow_mut().remove(&file) {
                Some(io) => anyhow!("cannot read {}: {io}{hint}", path.display()),
                None => anyhow!("cannot read {}{hint}", path.display()),
            }
        }
        other => named(dir, other),
    })
}

/// A store error as one line, its file named by its full path.
fn named(dir: &Path, error: StoreError) -> anyhow::Error {
    match error {
        StoreError::InFile { file, error } => anyhow!("{}: {error}", dir.join(file).display()),
        other => anyhow!("{}: {other}", dir.display()),
    }
}
