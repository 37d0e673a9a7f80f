//! Loading the pipeline's outputs for the commands that read them.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use cartelera_core::Catalog;

use crate::ingest::etl::{EtlManifest, TITLES_FILE};

/// The default folder of the pipeline's outputs.
pub const DEFAULT_DATA_DIR: &str = "data/build";

/// Reads the ETL's output `name` in `dir` whole, after recovering an
/// interrupted commit there, and checks it against `etl_manifest.json`
/// when one lists it.
pub fn read_output(dir: &Path, name: &str) -> Result<Vec<u8>> {
    crate::atomic::recover(dir)?;
    let path = dir.join(name);
    let bytes = fs::read(&path).with_context(|| {
        format!(
            "cannot read {} (build it with `cartelera etl` or `cargo xtask demo`)",
            path.display()
        )
    })?;
    EtlManifest::verify(dir, name, &bytes)?;
    Ok(bytes)
}

/// Reads `DIR/titles.parquet` into a catalog.
pub fn load_catalog(dir: &Path) -> Result<Catalog> {
    let path = dir.join(TITLES_FILE);
    let bytes = read_output(dir, TITLES_FILE)?;
    let titles = cartelera_store::titles::read(bytes.into())
        .with_context(|| format!("{} is not a valid titles table", path.display()))?;
    Catalog::new(titles).with_context(|| format!("{} is not a valid titles table", path.display()))
}
