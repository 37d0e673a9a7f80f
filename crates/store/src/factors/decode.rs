//! Decoding the factor file: the manifest first, then each table checked
//! against it (size and CRC-32 before any Parquet is read, then counts,
//! shard membership and history ranges).

use std::collections::HashMap;

use bytes::Bytes;
use cartelera_core::quote::{clip, MAX_QUOTED_CHARS};

use super::manifest::{
    check_history, check_scale, shard_index, shard_path, FactorModel, ItemSide, Manifest,
    UserShard, FORMAT_VERSION, ITEMS_FILE, MANIFEST_FILE, MAX_FACTORS, MAX_ROWS,
};
use super::table::{self, Expect, Table};
use crate::column::StoreError;

/// Parses and checks `model.json`. A newer format version is reported as
/// such before anything else is read, whatever else the file holds.
pub fn decode_manifest(bytes: &[u8]) -> Result<Manifest, StoreError> {
    let in_manifest = |e: StoreError| e.in_file(MANIFEST_FILE);
    let bad = |detail: String| in_manifest(StoreError::Inconsistent(detail));
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| bad(format!("not valid JSON: {e}")))?;
    let version = match value.get("format_version") {
        None | Some(serde_json::Value::Null) => {
            return Err(bad(
                "no format_version: not a Cartelera factor file".to_string()
            ))
        }
        Some(given) => given
            .as_u64()
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| {
                bad(format!(
                    "format_version: expected a non-negative integer ≤ {}, found {}",
                    u32::MAX,
                    // As JSON writes it: `"1"` is a string, `-1` a number.
                    clip(&given.to_string(), MAX_QUOTED_CHARS)
                ))
            })?,
    };
    if version > FORMAT_VERSION {
        return Err(in_manifest(StoreError::NewerVersion {
            found: version,
            supported: FORMAT_VERSION,
        }));
    }
    let manifest: Manifest =
        serde_json::from_value(value).map_err(|e| bad(format!("not a valid manifest: {e}")))?;
    if manifest.format_version == 0 {
        return Err(bad("format_version 0 does not exist".to_string()));
    }
    check_scale(manifest.mu, manifest.rating_min, manifest.rating_max).map_err(bad)?;
    if manifest.n_shards == 0 {
        return Err(bad(
            "n_shards is 0: even a model without users has one shard".into(),
        ));
    }
    // Every size is bounded before anything is sized by it: a forged
    // manifest must not ask for a huge allocation.
    if manifest.k > MAX_FACTORS {
        return Err(bad(format!(
            "k: expected at most {MAX_FACTORS} factors, found {}",
            manifest.k
        )));
    }
    for (name, count) in [("n_items", manifest.n_items), ("n_users", manifest.n_users)] {
        // u64: on wasm32 a usize cannot exceed the bound, on 64-bit it can.
        if u64::try_from(count).map_or(true, |c| c > MAX_ROWS) {
            return Err(bad(format!(
                "{name}: expected at most {MAX_ROWS} (rows are 32-bit), found {count}"
            )));
        }
    }
    if manifest.n_items.checked_mul(manifest.k).is_none() {
        return Err(bad(format!(
            "n_items × k = {} × {} overflows",
            manifest.n_items, manifest.k
        )));
    }
    if let Some(taste) = &manifest.taste {
        taste.check(manifest.k, manifest.n_items).map_err(bad)?;
    }
    // The shard count is checked against the list the manifest holds
    // (bounded by its own size) before the expected names are built.
    if manifest.files.len() as u64 != u64::from(manifest.n_shards) + 1 {
        return Err(bad(format!(
            "lists {} files, expected {} ({ITEMS_FILE} and n_shards = {} shards), each once",
            manifest.files.len(),
            u64::from(manifest.n_shards) + 1,
            manifest.n_shards
        )));
    }
    // Exactly the expected files: a reader never opens a path that the
    // manifest made up (`../`), and never misses one.
    let mut expected: Vec<String> = (0..manifest.n_shards).map(shard_path).collect();
    expected.push(ITEMS_FILE.to_string());
    let mut listed: Vec<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
    listed.sort_unstable();
    if listed.windows(2).any(|w| w[0] == w[1]) || listed.len() != expected.len() {
        return Err(bad(format!(
            "lists {} files, expected {} ({ITEMS_FILE} and {} shards), each once",
            listed.len(),
            expected.len(),
            manifest.n_shards
        )));
    }
    if let Some(missing) = expected.iter().find(|p| manifest.file(p).is_none()) {
        return Err(bad(format!("does not list {missing}")));
    }
    Ok(manifest)
}

/// Checks `bytes` against the manifest's size and CRC-32 for `path`.
fn verify(manifest: &Manifest, path: &str, bytes: &[u8]) -> Result<(), StoreError> {
    let entry = manifest
        .file(path)
        .ok_or_else(|| StoreError::Inconsistent(format!("{MANIFEST_FILE} does not list {path}")))?;
    let found = bytes.len() as u64;
    if found != entry.bytes {
        return Err(StoreError::SizeMismatch {
            expected: entry.bytes,
            found,
        }
        .in_file(path));
    }
    let crc = crate::checksum(bytes);
    if crc != entry.crc32 {
        return Err(StoreError::ChecksumMismatch {
            expected: entry.crc32,
            found: crc,
        }
        .in_file(path));
    }
    Ok(())
}

/// Decodes `items.parquet`, after checking its size and CRC-32 against
/// the manifest.
pub fn decode_items(manifest: &Manifest, bytes: Bytes) -> Result<ItemSide, StoreError> {
    verify(manifest, ITEMS_FILE, &bytes)?;
    let expect = Expect {
        precision: manifest.precision,
        k: manifest.k,
        users: false,
    };
    let Table {
        ids,
        bias,
        counts,
        factors,
        ..
    } = table::read(bytes, &expect).map_err(|e| e.in_file(ITEMS_FILE))?;
    let bad = |detail: String| StoreError::Inconsistent(detail).in_file(ITEMS_FILE);
    if ids.len() != manifest.n_items {
        return Err(bad(format!(
            "{} items, {MANIFEST_FILE} says {}",
            ids.len(),
            manifest.n_items
        )));
    }
    let mut seen = HashMap::with_capacity(ids.len());
    for (row, id) in ids.iter().enumerate() {
        if let Some(first) = seen.insert(id.as_str(), row) {
            return Err(bad(format!("item id {id:?} is in rows {first} and {row}")));
        }
    }
    Ok(ItemSide {
        ids,
        bias,
        factors,
        counts,
    })
}

/// Decodes user shard `shard`, after checking its size and CRC-32 against
/// the manifest; every user must hash to this shard, and every history
/// entry must name an item row and a rating on the model's scale.
pub fn decode_shard(
    manifest: &Manifest,
    shard: u32,
    bytes: Bytes,
) -> Result<UserShard, StoreError> {
    let path = shard_path(shard);
    if shard >= manifest.n_shards {
        return Err(StoreError::Inconsistent(format!(
            "shard {shard} does not exist: {MANIFEST_FILE} has {} shards",
            manifest.n_shards
        )));
    }
    verify(manifest, &path, &bytes)?;
    let expect = Expect {
        precision: manifest.precision,
        k: manifest.k,
        users: true,
    };
    let t = table::read(bytes, &expect).map_err(|e| e.in_file(&path))?;
    let bad = |column: &'static str, row: usize, detail: String| {
        StoreError::BadValue {
            column,
            row,
            detail,
        }
        .in_file(&path)
    };
    let mut seen = HashMap::with_capacity(t.ids.len());
    for (row, id) in t.ids.iter().enumerate() {
        // Equal ids hash alike, so a duplicate always shows within a shard.
        if let Some(first) = seen.insert(id.as_str(), row) {
            return Err(bad(
                "id",
                row,
                format!("user {id:?} is also in row {first}"),
            ));
        }
        let home = shard_index(manifest.n_shards, id);
        if home != shard {
            return Err(bad(
                "id",
                row,
                format!("user {id:?} belongs in shard {home}, not {shard}"),
            ));
        }
        if t.rows[row] as usize >= manifest.n_users {
            return Err(bad(
                "row",
                row,
                format!(
                    "{} is not below n_users = {}",
                    t.rows[row], manifest.n_users
                ),
            ));
        }
        check_history(
            &t.history[row],
            manifest.n_items,
            manifest.rating_min,
            manifest.rating_max,
        )
        .map_err(|(column, detail)| bad(column, row, detail))?;
    }
    Ok(UserShard {
        ids: t.ids,
        rows: t.rows,
        bias: t.bias,
        factors: t.factors,
        counts: t.counts,
        history: t.history,
    })
}

/// Decodes every file, fetched by relative path through `files` (`None`:
/// the file is missing), into the model in its original user order.
pub fn decode_all(files: &dyn Fn(&str) -> Option<Bytes>) -> Result<FactorModel, StoreError> {
    let fetch = |path: &str| files(path).ok_or_else(|| StoreError::MissingFile.in_file(path));
    let manifest = decode_manifest(&fetch(MANIFEST_FILE)?)?;
    let items = decode_items(&manifest, fetch(ITEMS_FILE)?)?;
    let shards = (0..manifest.n_shards)
        .map(|s| decode_shard(&manifest, s, fetch(&shard_path(s))?))
        .collect::<Result<Vec<_>, _>>()?;
    // Sized from the decoded shards, not from the manifest's claim, so a
    // forged n_users cannot ask for a huge allocation.
    let n: usize = shards.iter().map(|s| s.ids.len()).sum();
    if n != manifest.n_users {
        return Err(StoreError::Inconsistent(format!(
            "the shards hold {n} users, {MANIFEST_FILE} says {}",
            manifest.n_users
        )));
    }
    let k = manifest.k;
    let mut model = FactorModel {
        mu: manifest.mu,
        k,
        rating_min: manifest.rating_min,
        rating_max: manifest.rating_max,
        biased: manifest.biased,
        item_ids: items.ids,
        item_bias: items.bias,
        item_factors: items.factors,
        item_counts: items.counts,
        user_ids: vec![String::new(); n],
        user_bias: vec![0.0; n],
        user_factors: vec![0.0; n * k],
        user_counts: vec![0; n],
        user_history: vec![Vec::new(); n],
        card: manifest.card,
        taste: manifest.taste,
    };
    // decode_shard checked row < n_users (= n); a repeat means another is absent.
    let mut filled = vec![false; n];
    for (s, shard) in shards.into_iter().enumerate() {
        let users = shard.ids.into_iter().zip(shard.history).enumerate();
        for (j, (id, history)) in users {
            let row = shard.rows[j] as usize;
            if std::mem::replace(&mut filled[row], true) {
                return Err(StoreError::BadValue {
                    column: "row",
                    row: j,
                    detail: format!("model row {row} (user {id:?}) is also in another shard"),
                }
                .in_file(shard_path(s as u32)));
            }
            model.user_factors[row * k..(row + 1) * k]
                .copy_from_slice(&shard.factors[j * k..(j + 1) * k]);
            model.user_ids[row] = id;
            model.user_bias[row] = shard.bias[j];
            model.user_counts[row] = shard.counts[j];
            model.user_history[row] = history;
        }
    }
    Ok(model)
}
