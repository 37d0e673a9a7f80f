//! Ratings for training: the pipeline's `ratings.parquet` (item index =
//! the title's row in the `titles.parquet` beside it), or any ratings CSV
//! whose header names `userId`, `movieId` and `rating` in any order
//! (`timestamp` optional), read with the ETL's rules by
//! `cartelera_ingest::training_set`, each distinct `movieId` an item (so
//! MovieLens files train as they are; the page's worker reads a dropped
//! file with the same call). A file or a folder of `.csv` files.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use cartelera_core::eda::etl_report::RatingsFileReport;
use cartelera_core::Catalog;
use cartelera_ingest::{training_set, RatingsFile};
use cartelera_mf::data::{IdMap, Ratings};

use crate::data::load_catalog;

/// Ratings with dense indices and the maps back to the original ids.
#[derive(Debug)]
pub struct TrainingData {
    /// The ratings (dense user and item indices).
    pub ratings: Ratings,
    /// Dense user index → user id.
    pub user_ids: Vec<String>,
    /// Dense item index → item (title) id.
    pub item_ids: Vec<String>,
    /// Where they came from, for the model card.
    pub source: String,
    /// The catalog whose rows are the item indices (pipeline input only).
    pub catalog: Option<Catalog>,
    /// CSV input: per file, the rows read, kept and quarantined by reason.
    pub quarantine: Vec<RatingsFileReport>,
}

/// Loads ratings from a `.parquet` file, a `.csv` file or a folder of `.csv`.
pub fn load(path: &Path) -> Result<TrainingData> {
    if path.extension().is_some_and(|e| e == "parquet") {
        return load_parquet(path);
    }
    let files: Vec<PathBuf> = if path.is_dir() {
        crate::ingest::ratings_files::list_ratings_files(path)?
    } else if path.is_file() {
        vec![path.to_path_buf()]
    } else {
        bail!(
            "{} does not exist (expected ratings.parquet, a ratings .csv file or a folder of them)",
            path.display()
        );
    };
    load_csv(&files, path)
}

fn load_parquet(path: &Path) -> Result<TrainingData> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let catalog = load_catalog(dir)
        .with_context(|| format!("{} needs the titles.parquet beside it", path.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = crate::data::read_output(dir, &name)?;
    let table =
        cartelera_store::ratings::read(bytes.into(), &|id| catalog.row_of(id).map(|r| r as u32))
            .with_context(|| format!("{} is not a valid ratings table", path.display()))?;
    if table.is_empty() {
        bail!("{} holds no ratings: nothing to train on", path.display());
    }
    let mut users: IdMap<u32> = IdMap::new();
    let dense_users: Vec<u32> = table.user_id.iter().map(|&u| users.index(u)).collect();
    let values: Vec<f32> = (0..table.len()).map(|k| table.rating(k)).collect();
    let ratings = Ratings::new(
        dense_users,
        table.title_row.clone(),
        values,
        users.len() as u32,
        catalog.len() as u32,
    )
    .with_context(|| format!("invalid ratings in {}", path.display()))?;
    Ok(TrainingData {
        ratings,
        user_ids: (0..users.len() as u32)
            .map(|d| users.raw(d).map_or_else(String::new, u32::to_string))
            .collect(),
        item_ids: catalog.titles().iter().map(|t| t.id.clone()).collect(),
        source: path.display().to_string(),
        catalog: Some(catalog),
        quarantine: Vec::new(),
    })
}

fn load_csv(files: &[PathBuf], shown: &Path) -> Result<TrainingData> {
    let mut contents = Vec::with_capacity(files.len());
    for path in files {
        let name = path.display().to_string();
        let bytes = fs::read(path).with_context(|| format!("cannot read {name}"))?;
        contents.push((name, bytes));
    }
    let files: Vec<RatingsFile<'_>> = contents
        .iter()
        .map(|(name, bytes)| RatingsFile { name, bytes })
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let set = training_set(&files, None, threads)?;
    Ok(TrainingData {
        ratings: set.ratings,
        user_ids: set.user_ids,
        item_ids: set.item_ids,
        source: shown.display().to_string(),
        catalog: None,
        quarantine: set.files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_any_column_order_with_string_ids() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        fs::write(
            &path,
            "rating,movieId,timestamp,userId\n4.5,ns1,0,7\n3,as2,0,7\n5,ns1,0,8\n",
        )
        .unwrap();
        let data = load(&path).unwrap();
        assert_eq!(data.ratings.len(), 3);
        assert_eq!(data.user_ids, ["7", "8"]);
        assert_eq!(data.item_ids, ["ns1", "as2"]);
        assert_eq!(data.ratings.values, [4.5, 3.0, 5.0]);
        assert_eq!(data.ratings.items, [0, 1, 0]);
    }

    #[test]
    fn bad_rows_are_quarantined_and_bad_files_are_clear_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        fs::write(
            &path,
            "userId,movieId,rating\n1,2,NaN\n1,2,inf\n1,2,7\n1,2,good\n,2,4\n1,2,3.5\n",
        )
        .unwrap();
        let data = load(&path).unwrap();
        assert_eq!(data.ratings.values, [3.5]);
        let rejected = &data.quarantine[0].rejected;
        let reasons: Vec<(&str, u64)> = rejected
            .by_reason
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        assert_eq!(
            reasons,
            [
                ("bad_rating", 1),
                ("bad_user_id", 1),
                ("rating_not_finite", 2),
                ("rating_out_of_range", 1)
            ]
        );
        assert!(
            rejected.examples["rating_out_of_range"][0]
                .ends_with("r.csv:4:rating: expected 0.5–5.0 in half steps, found \"7\""),
            "{:?}",
            rejected.examples
        );
        let cases = [
            ("userId,movieId\n1,2\n", "missing column `rating`"),
            ("userId,movieId,rating\n1,2,7\n", "holds no valid rating"),
            ("userId,movieId,rating\n", "holds no valid rating"),
            ("", "is empty"),
        ];
        for (text, needle) in cases {
            fs::write(&path, text).unwrap();
            let err = format!("{:#}", load(&path).unwrap_err());
            assert!(err.contains(needle), "{text:?}: {err}");
        }
        let err = load(&dir.path().join("nope.csv")).unwrap_err().to_string();
        assert!(err.contains("does not exist"), "{err}");
    }
}
