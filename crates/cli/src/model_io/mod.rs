//! Models on disk: the factor file's folder, written whole and loaded with
//! errors naming each file (`factor_file`), and the import of a saved Spark
//! MLlib ALS model into one (`als`). The layout itself (and every
//! byte-level check) is `cartelera_store::factors`.

pub mod als;
pub mod factor_file;

#[cfg(test)]
mod tests;

/// The default folder of the factor file.
pub const DEFAULT_MODEL_DIR: &str = "data/build/model";
