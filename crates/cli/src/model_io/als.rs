//! Importing a saved Spark MLlib ALS model (`userFactors/` and
//! `itemFactors/`, folders of `part-*.parquet`) into a factor file, so a
//! model trained on more data than one machine holds still serves in the
//! browser. One part's bytes are `cartelera_store::als`'s.

use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use bytes::Bytes;
use cartelera_core::Catalog;
use cartelera_store::als::{read_bias_part, read_item_ids_part, read_part, AlsId};
use cartelera_store::factors::{EncodeOptions, FactorModel};
use serde::Serialize;

use super::factor_file::write_model;
use crate::progress::count;

/// What [`import_als`] did.
#[derive(Clone, Debug, Serialize)]
pub struct ImportSummary {
    /// Users imported.
    pub n_users: usize,
    /// Items (titles) imported.
    pub n_items: usize,
    /// The ALS rank (k).
    pub k: usize,
    /// The files written.
    pub files: Vec<PathBuf>,
    /// Their total size in bytes.
    pub bytes: u64,
    /// The factor-file folder they are in.
    pub dir: PathBuf,
}

impl fmt::Display for ImportSummary {
    /// One line: `6 users × 5 titles, k = 3 → DIR (4 files, 1,234 bytes)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} users × {} titles, k = {} → {} ({} files, {} bytes)",
            count(self.n_users as u64),
            count(self.n_items as u64),
            self.k,
            self.dir.display(),
            self.files.len(),
            count(self.bytes)
        )
    }
}

/// One side of an ALS model: ids with their factors, in file order.
struct AlsSide {
    ids: Vec<AlsId>,
    rank: Option<usize>,
    features: Vec<f32>,
}

/// Imports the Spark ALS model saved in `als_dir` (`userFactors/` and
/// `itemFactors/`, folders of `part-*.parquet`) into a factor file at
/// `out`. An item id is mapped to a title id by the folder's `itemIds/`
/// (`spark/train_als.py` writes it) or the CSV `item_map` (header
/// `id,title_id`), or else is the title's row in `titles` (catalog order).
/// Spark's ALS has no biases: without the job's `mu`, `userBias/` and
/// `itemBias/`, μ = 0, biases 0, `biased: false`; with them the model
/// predicts μ + b_u + b_i + q_iᵀp_u as the job does. Every user and item
/// counts as known (count 1). Each user's history (the titles
/// recommendations leave out and "their best-rated titles") comes from
/// `ratings`, the pipeline's `ratings.parquet` (or a folder of them) the
/// job read; without it histories are empty.
pub fn import_als(
    als_dir: &Path,
    titles: &Catalog,
    item_map: Option<&Path>,
    ratings: Option<&Path>,
    out: &Path,
    opts: &EncodeOptions,
) -> Result<ImportSummary> {
    if !als_dir.is_dir() {
        bail!(
            "{}: no such folder (expected a saved Spark ALS model)",
            als_dir.display()
        );
    }
    let users = read_side(&als_dir.join("userFactors"))?;
    let items = read_side(&als_dir.join("itemFactors"))?;
    let k = match (users.rank, items.rank) {
        (Some(u), Some(i)) if u != i => bail!(
            "{}: rank mismatch: userFactors has {u} factors per row, itemFactors {i}",
            als_dir.display()
        ),
        (u, Some(i)) => u.unwrap_or(i),
        (_, None) => bail!("{}: itemFactors holds no rows", als_dir.display()),
    };
    let ids_dir = als_dir.join("itemIds");
    let (map, map_name) = if let Some(path) = item_map {
        (
            Some(read_item_map(path, titles)?),
            path.display().to_string(),
        )
    } else if ids_dir.is_dir() {
        (
            Some(read_item_ids(&ids_dir, titles)?),
            ids_dir.display().to_string(),
        )
    } else {
        (None, String::new())
    };
    let biases = read_biases(als_dir)?;
    let row_of = |id: &AlsId| -> Result<usize> {
        if let Some(map) = &map {
            return map
                .get(&id.to_string())
                .copied()
                .with_context(|| format!("itemFactors: item id {id} is not in {map_name}"));
        }
        let row = match id {
            AlsId::Int(row) => usize::try_from(*row).ok().filter(|&r| r < titles.len()),
            AlsId::Text(title) => titles.row_of(title),
        };
        row.with_context(|| {
            format!(
                "itemFactors: item id {id} is not a title of the catalog (ids are rows of \
                 titles.parquet, 0–{}, or title ids; pass --item-map for others)",
                titles.len().saturating_sub(1)
            )
        })
    };
    let mut item_order = Vec::with_capacity(items.ids.len());
    let mut by_title: HashMap<usize, &AlsId> = HashMap::new();
    for (j, id) in items.ids.iter().enumerate() {
        let row = row_of(id)?;
        if let Some(other) = by_title.insert(row, id) {
            bail!(
                "itemFactors: items {other} and {id} both map to title {}",
                titles.titles()[row].id
            );
        }
        item_order.push((row, j));
    }
    // Catalog order for items; id order (integers numerically) for users.
    item_order.sort_unstable();
    let mut user_order: Vec<usize> = (0..users.ids.len()).collect();
    user_order.sort_unstable_by(|&a, &b| users.ids[a].cmp(&users.ids[b]));
    let gather = |features: &[f32], order: &mut dyn Iterator<Item = usize>| -> Vec<f32> {
        order
            .flat_map(|j| features[j * k..(j + 1) * k].iter().copied())
            .collect()
    };
    let (n_items, n_users) = (item_order.len(), user_order.len());
    let bias_of = |side: &HashMap<AlsId, f32>, id: &AlsId| side.get(id).copied().unwrap_or(0.0);
    let (mu, item_bias, user_bias) = match &biases {
        Some(b) => (
            b.mu,
            item_order
                .iter()
                .map(|&(_, j)| bias_of(&b.items, &items.ids[j]))
                .collect(),
            user_order
                .iter()
                .map(|&j| bias_of(&b.users, &users.ids[j]))
                .collect(),
        ),
        None => (0.0, vec![0.0; n_items], vec![0.0; n_users]),
    };
    let item_ids: Vec<String> = item_order
        .iter()
        .map(|&(row, _)| titles.titles()[row].id.clone())
        .collect();
    let user_ids: Vec<String> = user_order
        .iter()
        .map(|&j| users.ids[j].to_string())
        .collect();
    let (user_history, history) = match ratings {
        Some(path) => {
            let (h, stats) = read_histories(path, titles, &user_ids, &item_ids)?;
            (h, Some(stats))
        }
        None => (vec![Vec::new(); n_users], None),
    };
    let job_card = fs::read_to_string(als_dir.join("card.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok());
    let model = FactorModel {
        mu,
        k,
        rating_min: 0.5,
        rating_max: 5.0,
        biased: biases.is_some(),
        item_ids,
        item_bias,
        item_factors: gather(&items.features, &mut item_order.iter().map(|&(_, j)| j)),
        item_counts: vec![1; n_items],
        user_ids,
        user_bias,
        user_factors: gather(&users.features, &mut user_order.iter().copied()),
        user_counts: vec![1; n_users],
        user_history,
        card: serde_json::json!({
            "source": if biases.is_some() { "spark/train_als.py" } else { "spark-als" },
            "method": if biases.is_some() {
                "ALS on the residuals of BaselineOnly's biases"
            } else {
                "ALS without biases"
            },
            "imported_from": als_dir.display().to_string(),
            "item_ids": if map.is_some() {
                format!("mapped by {map_name}")
            } else {
                "rows of titles.parquet".to_string()
            },
            "biases": biases.is_some(),
            "history": history,
            "spark_job": job_card,
            "rank": k,
            "n_users": n_users,
            "n_items": n_items,
            "created_unix": std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        }),
        taste: None,
    };
    let files = write_model(out, &model, opts)?;
    let bytes = files
        .iter()
        .map(|f| fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    Ok(ImportSummary {
        n_users,
        n_items,
        k,
        files,
        bytes,
        dir: out.to_path_buf(),
    })
}

/// Reads every part of one side, checking ranks and duplicate ids across
/// parts.
fn read_side(folder: &Path) -> Result<AlsSide> {
    if !folder.is_dir() {
        bail!(
            "cannot read {} (a saved Spark ALS model holds userFactors/ and itemFactors/)",
            folder.display()
        );
    }
    let parts = part_files(folder)?;
    let mut side = AlsSide {
        ids: Vec::new(),
        rank: None,
        features: Vec::new(),
    };
    let mut first_of: HashMap<AlsId, usize> = HashMap::new();
    let mut rank_from: Option<&PathBuf> = None;
    for (p, path) in parts.iter().enumerate() {
        let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let part = read_part(Bytes::from(bytes)).map_err(|e| anyhow!("{}: {e}", path.display()))?;
        if let (Some(rank), Some(first), Some(from)) = (side.rank, part.rank, rank_from) {
            if rank != first {
                bail!(
                    "{}: {first} factors per row, but {} has {rank}",
                    path.display(),
                    from.display()
                );
            }
        }
        if side.rank.is_none() && part.rank.is_some() {
            side.rank = part.rank;
            rank_from = Some(path);
        }
        for id in &part.ids {
            if let Some(q) = first_of.insert(id.clone(), p) {
                bail!(
                    "{}: id {id} appears twice (also in {})",
                    path.display(),
                    parts[q].display()
                );
            }
        }
        side.ids.extend(part.ids);
        side.features.extend(part.features);
    }
    Ok(side)
}

/// One user's ratings as (model title row, half stars), by title row.
type History = Vec<(u32, u8)>;

/// What [`read_histories`] kept and left out, for the model card.
#[derive(Debug, Serialize)]
struct HistoryStats {
    /// The ratings file or folder read.
    from: String,
    /// Ratings kept as history (user and title both in the model).
    ratings: usize,
    /// Ratings of users or titles the model does not hold, left out.
    outside_model: usize,
}

/// Each imported user's ratings in `path` (the pipeline's `ratings.parquet`
/// or a folder of `.parquet` parts) as (title row, half stars), sorted by
/// title row; ratings of users or titles outside the model are counted,
/// not kept.
fn read_histories(
    path: &Path,
    titles: &Catalog,
    user_ids: &[String],
    item_ids: &[String],
) -> Result<(Vec<History>, HistoryStats)> {
    let files = if path.is_dir() {
        part_files(path)?
    } else if path.is_file() {
        vec![path.to_path_buf()]
    } else {
        bail!(
            "--ratings {}: no such file or folder (expected the ratings.parquet the job read)",
            path.display()
        );
    };
    // Keyed by the number a ratings file's `user_id` holds (ids written as
    // that number only), so no string is built per rating.
    let user_row: HashMap<u32, u32> = user_ids
        .iter()
        .enumerate()
        .filter_map(|(r, id)| {
            let n: u32 = id.parse().ok()?;
            (n.to_string() == *id).then_some((n, r as u32))
        })
        .collect();
    // Catalog row → model item row.
    let mut item_row = vec![u32::MAX; titles.len()];
    for (r, id) in item_ids.iter().enumerate() {
        if let Some(row) = titles.row_of(id) {
            item_row[row] = r as u32;
        }
    }
    let mut history = vec![Vec::new(); user_ids.len()];
    let mut stats = HistoryStats {
        from: path.display().to_string(),
        ratings: 0,
        outside_model: 0,
    };
    for file in &files {
        let bytes = fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        let table =
            cartelera_store::ratings::read(bytes.into(), &|id| titles.row_of(id).map(|r| r as u32))
                .with_context(|| format!("{} is not a valid ratings table", file.display()))?;
        for k in 0..table.len() {
            let user = user_row.get(&table.user_id[k]);
            let item = item_row[table.title_row[k] as usize];
            match user {
                Some(&u) if item != u32::MAX => {
                    history[u as usize].push((item, table.half_stars[k]));
                    stats.ratings += 1;
                }
                _ => stats.outside_model += 1,
            }
        }
    }
    for (h, id) in history.iter_mut().zip(user_ids) {
        h.sort_unstable();
        if let Some(pair) = h.windows(2).find(|w| w[0].0 == w[1].0) {
            bail!(
                "{}: user {id} rates title {} twice",
                path.display(),
                item_ids[pair[0].0 as usize]
            );
        }
    }
    Ok((history, stats))
}

/// The job's μ and biases, when the folder holds them (all three or none).
struct Biases {
    mu: f32,
    users: HashMap<AlsId, f32>,
    items: HashMap<AlsId, f32>,
}

fn read_biases(dir: &Path) -> Result<Option<Biases>> {
    let (mu, users, items) = (dir.join("mu"), dir.join("userBias"), dir.join("itemBias"));
    match (mu.is_file(), users.is_dir(), items.is_dir()) {
        (false, false, false) => return Ok(None),
        (true, true, true) => {}
        _ => bail!(
            "{}: a biased model holds mu, userBias/ and itemBias/ together; found only some of them",
            dir.display()
        ),
    }
    let text = fs::read_to_string(&mu).with_context(|| format!("cannot read {}", mu.display()))?;
    let mu_value: f32 = text
        .trim()
        .parse()
        .ok()
        .filter(|m: &f32| m.is_finite())
        .with_context(|| {
            format!(
                "{}: expected the global mean as a number, found {:?}",
                mu.display(),
                text.trim()
            )
        })?;
    let side = |folder: &Path| -> Result<HashMap<AlsId, f32>> {
        let mut out = HashMap::new();
        for path in part_files(folder)? {
            let bytes =
                fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            for (id, bias) in read_bias_part(Bytes::from(bytes))
                .map_err(|e| anyhow!("{}: {e}", path.display()))?
            {
                if out.insert(id.clone(), bias).is_some() {
                    bail!("{}: id {id} appears twice", folder.display());
                }
            }
        }
        Ok(out)
    };
    Ok(Some(Biases {
        mu: mu_value,
        users: side(&users)?,
        items: side(&items)?,
    }))
}

/// The job's `itemIds/` (`id`, `title_id`): ALS item id → catalog row.
fn read_item_ids(folder: &Path, titles: &Catalog) -> Result<HashMap<String, usize>> {
    let mut map = HashMap::new();
    for path in part_files(folder)? {
        let bytes = fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        for (id, title) in read_item_ids_part(Bytes::from(bytes))
            .map_err(|e| anyhow!("{}: {e}", path.display()))?
        {
            let row = titles.row_of(&title).with_context(|| {
                format!(
                    "{}: title_id {title:?} is not a title of the catalog",
                    path.display()
                )
            })?;
            if map.insert(id.to_string(), row).is_some() {
                bail!("{}: id {id} appears twice", folder.display());
            }
        }
    }
    Ok(map)
}

/// A Spark output folder's part files, sorted (`_SUCCESS` and hidden
/// `.crc` files left out).
fn part_files(folder: &Path) -> Result<Vec<PathBuf>> {
    let entries =
        fs::read_dir(folder).with_context(|| format!("cannot read {}", folder.display()))?;
    let mut parts = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot read {}", folder.display()))?
            .path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.ends_with(".parquet") && !name.starts_with(['.', '_']) && path.is_file() {
            parts.push(path);
        }
    }
    if parts.is_empty() {
        bail!("{}: no .parquet part files", folder.display());
    }
    parts.sort();
    Ok(parts)
}

/// Reads the `id,title_id` CSV: ALS item id → catalog row.
fn read_item_map(path: &Path, titles: &Catalog) -> Result<HashMap<String, usize>> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("cannot read {}", path.display()))?;
    let header: Vec<String> = reader
        .headers()
        .with_context(|| format!("{}:1: cannot read the header", path.display()))?
        .iter()
        .map(str::to_string)
        .collect();
    if header != ["id", "title_id"] {
        bail!(
            "{}:1: expected the header id,title_id, found {}",
            path.display(),
            header.join(",")
        );
    }
    let mut map = HashMap::new();
    for (k, record) in reader.records().enumerate() {
        let line = k + 2;
        let record = record.with_context(|| {
            format!(
                "{}:{line}: expected two fields, id,title_id",
                path.display()
            )
        })?;
        let (id, title) = (record[0].trim(), record[1].trim());
        let row = titles.row_of(title).with_context(|| {
            format!(
                "{}:{line}: title_id {title:?} is not a title of the catalog",
                path.display()
            )
        })?;
        if id.is_empty() || map.insert(id.to_string(), row).is_some() {
            bail!(
                "{}:{line}: id {id:?} is empty or appears twice",
                path.display()
            );
        }
    }
    Ok(map)
}
