//! Ratings for training: the pipeline's `ratings.parquet` (item index =
//! the title's row in the `titles.parquet` beside it), or any ratings CSV
//! whose header names `userId`, `movieId` and `rating` in any order, with
//! ids that may be numbers or strings (so MovieLens files train as they
//! are). A file or a folder of `.csv` files.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use cartelera_core::Catalog;
use cartelera_mf::data::{IdMap, Ratings};

use crate::data::load_catalog;
use crate::ingest::header::{clean_header, find_columns, LineCounter};

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
}

/// Loads ratings from a `.parquet` file, a `.csv` file or a folder of `.csv`.
pub fn load(path: &Path) -> Result<TrainingData> {
    if path.extension().is_some_and(|e| e == "parquet") {
        return load_parquet(path);
    }
    let files: Vec<PathBuf> = if path.is_dir() {
        crate::ingest::ratings_csv::list_ratings_files(path)?
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
    })
}

fn load_csv(files: &[PathBuf], shown: &Path) -> Result<TrainingData> {
    let mut users: IdMap<String> = IdMap::new();
    let mut items: IdMap<String> = IdMap::new();
    let (mut u, mut i, mut v) = (Vec::new(), Vec::new(), Vec::new());
    for path in files {
        let name = path.display().to_string();
        let bytes = fs::read(path).with_context(|| format!("cannot read {name}"))?;
        let mut lines = LineCounter::new(&bytes);
        let mut reader = csv::ReaderBuilder::new().from_reader(bytes.as_slice());
        let header = clean_header(reader.byte_headers()?.iter());
        if header.iter().all(String::is_empty) {
            bail!("{name} is empty: expected a header naming userId, movieId and rating");
        }
        let cols = find_columns(&name, &header, &["userId", "movieId", "rating"])?;
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => bail!("{name}: {e}"),
            }
            let line = lines.line_at(record.position().map_or(0, |p| p.byte()) as usize);
            let field = |k: usize| record.get(cols[k]).unwrap_or("").trim();
            let value: f32 = field(2).parse().map_err(|_| {
                anyhow::anyhow!(
                    "{name}:{line}:rating: expected a number, found {:?}",
                    field(2)
                )
            })?;
            if !value.is_finite() || !(0.5..=5.0).contains(&value) {
                bail!(
                    "{name}:{line}:rating: expected a finite rating in 0.5–5.0, found {:?}",
                    field(2)
                );
            }
            for k in [0, 1] {
                if field(k).is_empty() {
                    let col = ["userId", "movieId"][k];
                    bail!("{name}:{line}:{col}: expected an id, found an empty field");
                }
            }
            u.push(users.index(field(0).to_string()));
            i.push(items.index(field(1).to_string()));
            v.push(value);
        }
    }
    if v.is_empty() {
        bail!("{} holds no ratings: nothing to train on", shown.display());
    }
    let ratings = Ratings::new(u, i, v, users.len() as u32, items.len() as u32)
        .with_context(|| format!("invalid ratings in {}", shown.display()))?;
    let ids = |m: &IdMap<String>| {
        (0..m.len() as u32)
            .map(|d| m.raw(d).cloned().unwrap_or_default())
            .collect()
    };
    Ok(TrainingData {
        ratings,
        user_ids: ids(&users),
        item_ids: ids(&items),
        source: shown.display().to_string(),
        catalog: None,
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
            "rating,movieId,timestamp,userId\n4.5,ns1,0,u7\n3,as2,0,u7\n5,ns1,0,u8\n",
        )
        .unwrap();
        let data = load(&path).unwrap();
        assert_eq!(data.ratings.len(), 3);
        assert_eq!(data.user_ids, ["u7", "u8"]);
        assert_eq!(data.item_ids, ["ns1", "as2"]);
        assert_eq!(data.ratings.values, [4.5, 3.0, 5.0]);
        assert_eq!(data.ratings.items, [0, 1, 0]);
    }

    #[test]
    fn bad_training_input_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            ("userId,movieId\n1,2\n", "missing column `rating`"),
            (
                "userId,movieId,rating\n1,2,NaN\n",
                "r.csv:2:rating: expected a finite rating",
            ),
            (
                "userId,movieId,rating\n1,2,inf\n",
                "expected a finite rating",
            ),
            (
                "userId,movieId,rating\n1,2,7\n",
                "expected a finite rating in 0.5–5.0, found \"7\"",
            ),
            ("userId,movieId,rating\n1,2,good\n", "expected a number"),
            (
                "userId,movieId,rating\n,2,4\n",
                "r.csv:2:userId: expected an id",
            ),
            ("userId,movieId,rating\n", "holds no ratings"),
            ("", "is empty"),
        ];
        for (text, needle) in cases {
            let path = dir.path().join("r.csv");
            fs::write(&path, text).unwrap();
            let err = format!("{:#}", load(&path).unwrap_err());
            assert!(err.contains(needle), "{text:?}: {err}");
        }
        let err = load(&dir.path().join("nope.csv")).unwrap_err().to_string();
        assert!(err.contains("does not exist"), "{err}");
    }
}
