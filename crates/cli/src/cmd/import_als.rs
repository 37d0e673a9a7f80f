//! `cartelera import-als`: a Spark MLlib ALS model (its `userFactors/` and
//! `itemFactors/` Parquet folders) into a Cartelera factor file, so a model
//! trained on more data than one machine holds still serves in the browser.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use cartelera_store::factors::{EncodeOptions, Precision};
use clap::Args;

use crate::data::{load_catalog, DEFAULT_DATA_DIR};
use crate::model_io::als::import_als;
use crate::model_io::DEFAULT_MODEL_DIR;

/// `cartelera import-als`.
#[derive(Debug, Args)]
pub struct ImportAlsArgs {
    /// The saved ALS model folder (holding userFactors/ and itemFactors/).
    dir: PathBuf,
    /// Where the factor file goes.
    #[arg(long, default_value = DEFAULT_MODEL_DIR)]
    out: PathBuf,
    /// Folder holding titles.parquet (ALS item id = row in it, unless --item-map).
    #[arg(long, default_value = DEFAULT_DATA_DIR)]
    data: PathBuf,
    /// CSV with header `id,title_id` mapping ALS item ids to title ids.
    #[arg(long)]
    item_map: Option<PathBuf>,
    /// The ratings the job trained on (the pipeline's ratings.parquet or a
    /// folder of them): each user's history, which recommendations leave
    /// out and the page lists as their best-rated titles.
    #[arg(long)]
    ratings: Option<PathBuf>,
    /// Store factors as f32 instead of f16.
    #[arg(long)]
    f32: bool,
}

/// Runs `cartelera import-als`; its one-line summary goes to `err`.
pub fn run(args: ImportAlsArgs, err: &mut dyn Write) -> Result<()> {
    let catalog = load_catalog(&args.data)?;
    let opts = EncodeOptions {
        precision: if args.f32 {
            Precision::F32
        } else {
            Precision::F16
        },
        max_shard_bytes: 200_000,
    };
    let summary = import_als(
        &args.dir,
        &catalog,
        args.item_map.as_deref(),
        args.ratings.as_deref(),
        &args.out,
        &opts,
    )?;
    writeln!(err, "import-als: {summary}")?;
    Ok(())
}
