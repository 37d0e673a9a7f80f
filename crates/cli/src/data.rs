//! Loading the pipeline's outputs for the commands that read them.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use cartelera_core::Catalog;

use crate::ingest::etl::TITLES_FILE;

/// The default folder of the pipeline's outputs.
pub const DEFAULT_DATA_DIR: &str = "data/build";

/// Reads `DIR/titles.parquet` into a catalog.
pub fn load_catalog(dir: &Path) -> Result<Catalog> {
    let path = dir.join(TITLES_FILE);
    let bytes = fs::read(&path).with_context(|| {
        format!(
            "cannot read {} (build it with `cartelera etl` or `cargo xtask demo`)",
            path.display()
        )
    })?;
    let titles = cartelera_store::titles::read(bytes.into())
        .with_context(|| format!("{} is not a valid titles table", path.display()))?;
    Catalog::new(titles).with_context(|| format!("{} is not a valid titles table", path.display()))
}
