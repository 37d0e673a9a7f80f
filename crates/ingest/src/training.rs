//! Ratings files → a training set: the ETL's rules on every row, then the
//! trainer's dense indices and the ids behind them.
//!
//! Files whose `movieId`s are catalog ids go through the pipeline exactly
//! (unknown titles quarantined, the final order, a re-rating replacing the
//! old one), and the items are the catalog's rows, as when `cartelera
//! train` reads the ETL's `ratings.parquet`. Files with other ids (such as
//! MovieLens' numbers) keep their rows in file order, each distinct id an
//! item, as `cartelera train` reads a ratings CSV.

use anyhow::{bail, Context, Result};
use cartelera_core::eda::etl_report::RatingsFileReport;
use cartelera_mf::data::{IdMap, Ratings};
use cartelera_store::RatingsTable;

use crate::ratings::{names_catalog_ids, parse_open_ratings, parse_ratings, TitleLookup};
use crate::ratings_order::sort_and_dedupe;

/// One ratings file: its name (for messages) and bytes.
#[derive(Clone, Copy, Debug)]
pub struct RatingsFile<'a> {
    /// The name messages give (`ratings.csv`, `folder/2.csv`).
    pub name: &'a str,
    /// The file's bytes.
    pub bytes: &'a [u8],
}

/// Which ids the items are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemSpace {
    /// The catalog's title ids (every catalog row is an item).
    Catalog,
    /// The files' own ids (each distinct `movieId` read).
    Open,
}

/// Ratings ready for the trainer, with the ids behind the dense indices
/// and what the rules kept out.
#[derive(Debug)]
pub struct TrainingSet {
    /// Dense user and item indices.
    pub ratings: Ratings,
    /// Dense user index → user id.
    pub user_ids: Vec<String>,
    /// Dense item index → item id.
    pub item_ids: Vec<String>,
    /// Which ids the items are.
    pub space: ItemSpace,
    /// Per file: rows read, kept and quarantined by reason.
    pub files: Vec<RatingsFileReport>,
    /// Catalog ids only: earlier ratings replaced by a later one.
    pub duplicates_dropped: u64,
}

/// Reads `files` with the ETL's rules into a training set. With `catalog`
/// (the catalog's ids in row order) and a first file naming a catalog id,
/// the items are the catalog's titles; otherwise the files' own ids.
/// Errors name the file (a missing column, an empty file) or say that no
/// row was kept.
pub fn training_set(
    files: &[RatingsFile<'_>],
    catalog: Option<&[String]>,
    threads: usize,
) -> Result<TrainingSet> {
    let Some(first) = files.first() else {
        bail!("no ratings file given: expected one or more .csv files");
    };
    let lookup = catalog.map(|ids| TitleLookup::from_ids(ids.iter().map(String::as_str)));
    let set = match (&lookup, catalog) {
        (Some(lookup), Some(ids)) if names_catalog_ids(first.bytes, lookup) => {
            catalog_set(files, lookup, ids, threads)?
        }
        _ => open_set(files, threads)?,
    };
    Ok(set)
}

fn catalog_set(
    files: &[RatingsFile<'_>],
    lookup: &TitleLookup,
    ids: &[String],
    threads: usize,
) -> Result<TrainingSet> {
    let mut all = RatingsTable::default();
    let mut reports = Vec::with_capacity(files.len());
    for file in files {
        let (table, report) = parse_ratings(file.name, file.bytes, lookup, threads)?;
        all.user_id.extend_from_slice(&table.user_id);
        all.title_row.extend_from_slice(&table.title_row);
        all.half_stars.extend_from_slice(&table.half_stars);
        all.timestamp.extend_from_slice(&table.timestamp);
        reports.push(report);
    }
    let (table, duplicates_dropped) = sort_and_dedupe(&all, threads);
    let ratings = dense(&table, ids.len(), files, &reports)?;
    Ok(TrainingSet {
        user_ids: ratings.1,
        ratings: ratings.0,
        item_ids: ids.to_vec(),
        space: ItemSpace::Catalog,
        files: reports,
        duplicates_dropped,
    })
}

fn open_set(files: &[RatingsFile<'_>], threads: usize) -> Result<TrainingSet> {
    let mut all = RatingsTable::default();
    let mut reports = Vec::with_capacity(files.len());
    let mut items: IdMap<String> = IdMap::new();
    for file in files {
        let (table, report, ids) = parse_open_ratings(file.name, file.bytes, threads)?;
        let global: Vec<u32> = ids.into_iter().map(|id| items.index(id)).collect();
        all.user_id.extend_from_slice(&table.user_id);
        all.title_row
            .extend(table.title_row.iter().map(|&l| global[l as usize]));
        all.half_stars.extend_from_slice(&table.half_stars);
        all.timestamp.extend_from_slice(&table.timestamp);
        reports.push(report);
    }
    let (ratings, user_ids) = dense(&all, items.len(), files, &reports)?;
    Ok(TrainingSet {
        ratings,
        user_ids,
        item_ids: (0..items.len() as u32)
            .map(|d| items.raw(d).cloned().unwrap_or_default())
            .collect(),
        space: ItemSpace::Open,
        files: reports,
        duplicates_dropped: 0,
    })
}

/// Dense users in first-seen order; the items as given.
fn dense(
    table: &RatingsTable,
    n_items: usize,
    files: &[RatingsFile<'_>],
    reports: &[RatingsFileReport],
) -> Result<(Ratings, Vec<String>)> {
    let names = || files.iter().map(|f| f.name).collect::<Vec<_>>().join(", ");
    if table.is_empty() {
        let read: u64 = reports.iter().map(|r| r.rows_read).sum();
        bail!(
            "{} holds no valid rating ({read} rows read, all quarantined): nothing to train on",
            names()
        );
    }
    let mut users: IdMap<u32> = IdMap::new();
    let dense_users: Vec<u32> = table.user_id.iter().map(|&u| users.index(u)).collect();
    let values: Vec<f32> = (0..table.len()).map(|k| table.rating(k)).collect();
    let ratings = Ratings::new(
        dense_users,
        table.title_row.clone(),
        values,
        users.len() as u32,
        n_items as u32,
    )
    .with_context(|| format!("invalid ratings in {}", names()))?;
    let user_ids = (0..users.len() as u32)
        .map(|d| users.raw(d).map_or_else(String::new, u32::to_string))
        .collect();
    Ok((ratings, user_ids))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file<'a>(name: &'a str, text: &'a str) -> RatingsFile<'a> {
        RatingsFile {
            name,
            bytes: text.as_bytes(),
        }
    }

    #[test]
    fn catalog_ids_go_through_the_pipeline_and_other_ids_stay_their_own() {
        let catalog: Vec<String> = ["ns1", "ns2", "as7"].map(String::from).to_vec();
        let pipeline = file(
            "a.csv",
            "userId,rating,timestamp,movieId\n5,4,20,as7\n5,2,10,as7\n3,3.5,1,ns2\n3,9,1,ns1\n",
        );
        let set = training_set(&[pipeline], Some(&catalog), 1).unwrap();
        assert_eq!(set.space, ItemSpace::Catalog);
        assert_eq!(set.item_ids, catalog, "every catalog row is an item");
        assert_eq!(set.user_ids, ["3", "5"], "sorted by user as the ETL writes");
        assert_eq!(set.ratings.items, [1, 2]);
        assert_eq!(set.ratings.values, [3.5, 4.0], "the later re-rating wins");
        assert_eq!(set.duplicates_dropped, 1);
        assert_eq!(set.files[0].rejected.by_reason["rating_out_of_range"], 1);

        let movielens = file(
            "ml.csv",
            "userId,movieId,rating,timestamp\n9,31,2.5,1\n9,1029,3,2\n8,31,x,3\n",
        );
        // A catalog-shaped id the catalog lacks first: still the pipeline's.
        let typo = file(
            "t.csv",
            "userId,rating,timestamp,movieId\n1,4,1,ns999\n1,4,1,ns2\n",
        );
        let set = training_set(&[typo], Some(&catalog), 1).unwrap();
        assert_eq!(set.space, ItemSpace::Catalog);
        assert_eq!(set.files[0].rejected.by_reason["unknown_title"], 1);
        let more = file("more.csv", "userId,movieId,rating\n8,1029,4\n8,1,5\n");
        let set = training_set(&[movielens, more], Some(&catalog), 2).unwrap();
        assert_eq!(set.space, ItemSpace::Open);
        assert_eq!(set.item_ids, ["31", "1029", "1"]);
        assert_eq!(set.user_ids, ["9", "8"], "file order");
        assert_eq!(set.ratings.items, [0, 1, 1, 2]);
        assert_eq!(set.files.len(), 2);
        assert_eq!(set.files[0].rejected.by_reason["bad_rating"], 1);
    }

    #[test]
    fn a_set_with_nothing_kept_or_no_file_is_an_error() {
        let err = training_set(&[file("r.csv", "userId,movieId,rating\n1,2,11\n")], None, 1)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("r.csv holds no valid rating (1 rows read"),
            "{err}"
        );
        let err = training_set(&[], None, 1).unwrap_err().to_string();
        assert!(err.contains("no ratings file given"), "{err}");
        let err = training_set(&[file("r.csv", "user,movieId,rating\n1,2,3\n")], None, 1)
            .unwrap_err()
            .to_string();
        assert!(err.contains("r.csv:1: missing column `userId`"), "{err}");
        let long = format!("userId,movieId,rating\n1,{},3\n1,2,3\n", "9".repeat(65));
        let set = training_set(&[file("r.csv", &long)], None, 1).unwrap();
        assert_eq!(set.files[0].rejected.by_reason["bad_movie_id"], 1);
    }
}
