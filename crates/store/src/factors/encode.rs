//! [`encode`]: a model into the factor file's bytes, including the choice
//! of the number of user shards.

use std::collections::HashMap;

use super::manifest::{
    check_history, check_scale, shard_index, shard_path, EncodeOptions, FactorModel, FileEntry,
    Manifest, FORMAT_VERSION, ITEMS_FILE, MANIFEST_FILE,
};
use super::table::{self, Rows, Stored};
use crate::column::StoreError;

/// Users encoded to estimate the bytes per user.
const PROBE_USERS: usize = 256;
/// Target fill of a shard at the first try: hashing spreads users
/// unevenly (±3σ ≈ ±12% at 600 users a shard), so aim below the limit.
const FILL: f64 = 0.85;
/// Tries at the shard count before giving up (each one grows it).
const MAX_ATTEMPTS: usize = 16;

/// Encodes `model` as the factor file's files, as (relative path, bytes):
/// `model.json` first, then `items.parquet`, then the user shards in
/// order. The model is checked first (lengths, finite numbers, unique ids,
/// history rows and ratings), so what is written always decodes.
pub fn encode(
    model: &FactorModel,
    opts: &EncodeOptions,
) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
    check_model(model)?;
    let k = model.k;
    let precision = opts.precision;
    let items = Stored::quantise(&model.item_factors, k, precision, "item", &model.item_ids)?;
    let users = Stored::quantise(&model.user_factors, k, precision, "user", &model.user_ids)?;
    let item_rows = Rows {
        ids: &model.item_ids,
        bias: &model.item_bias,
        counts: &model.item_counts,
        features: &items,
        k,
        history: None,
    };
    let all: Vec<u32> = (0..model.item_ids.len() as u32).collect();
    let items_bytes =
        table::write(&item_rows, &all, precision).map_err(|e| e.in_file(ITEMS_FILE))?;
    let user_rows = Rows {
        ids: &model.user_ids,
        bias: &model.user_bias,
        counts: &model.user_counts,
        features: &users,
        k,
        history: Some(&model.user_history),
    };
    let shards = shard_users(&model.user_ids, &user_rows, opts)?;
    let n_shards = shards.len() as u32;
    let mut files = vec![(ITEMS_FILE.to_string(), items_bytes)];
    files.extend(
        shards
            .into_iter()
            .enumerate()
            .map(|(s, bytes)| (shard_path(s as u32), bytes)),
    );
    let manifest = Manifest {
        format_version: FORMAT_VERSION,
        precision,
        k,
        mu: model.mu,
        rating_min: model.rating_min,
        rating_max: model.rating_max,
        biased: model.biased,
        n_items: model.item_ids.len(),
        n_users: model.user_ids.len(),
        n_shards,
        files: files
            .iter()
            .map(|(path, bytes)| FileEntry {
                path: path.clone(),
                bytes: bytes.len() as u64,
                crc32: crate::checksum(bytes),
            })
            .collect(),
        card: model.card.clone(),
        taste: model.taste.clone(),
    };
    files.insert(0, (MANIFEST_FILE.to_string(), manifest_json(&manifest)?));
    Ok(files)
}

fn manifest_json(manifest: &Manifest) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec_pretty(manifest)
        .map_err(|e| StoreError::Inconsistent(format!("cannot write {MANIFEST_FILE}: {e}")))
}

/// Replaces the model card in the manifest of an encoded file set. No
/// checksum covers the card, so the other files stay valid: a caller can
/// measure the encoded model first and record the result without encoding
/// it again.
pub fn set_card(
    files: &mut [(String, Vec<u8>)],
    card: serde_json::Value,
) -> Result<(), StoreError> {
    let (_, bytes) = files
        .iter_mut()
        .find(|(path, _)| path == MANIFEST_FILE)
        .ok_or_else(|| StoreError::Inconsistent(format!("the file set has no {MANIFEST_FILE}")))?;
    let mut manifest = super::decode::decode_manifest(bytes)?;
    manifest.card = card;
    *bytes = manifest_json(&manifest)?;
    Ok(())
}

/// Splits the users into the fewest shards (by [`shard_index`]) that keep
/// every shard within `opts.max_shard_bytes`: an estimate from a probe
/// encoding, then verified, and grown while a shard is over.
fn shard_users(
    ids: &[String],
    rows: &Rows,
    opts: &EncodeOptions,
) -> Result<Vec<Vec<u8>>, StoreError> {
    let write = |select: &[u32]| table::write(rows, select, opts.precision);
    let limit = opts.max_shard_bytes;
    let empty = write(&[]).map_err(|e| e.in_file(shard_path(0)))?.len();
    if empty >= limit {
        return Err(StoreError::Inconsistent(format!(
            "max_shard_bytes = {limit} leaves no room: an empty shard takes {empty} bytes"
        )));
    }
    let probe: Vec<u32> = (0..ids.len().min(PROBE_USERS) as u32).collect();
    let probe_bytes = write(&probe).map_err(|e| e.in_file(shard_path(0)))?.len();
    let per_user = probe_bytes.saturating_sub(empty) as f64 / probe.len().max(1) as f64;
    let estimate = ids.len() as f64 * per_user / ((limit - empty) as f64 * FILL);
    let mut n_shards = estimate.ceil().clamp(1.0, f64::from(u32::MAX)) as u32;
    for _ in 0..MAX_ATTEMPTS {
        let mut members = vec![Vec::new(); n_shards as usize];
        for (row, id) in ids.iter().enumerate() {
            members[shard_index(n_shards, id) as usize].push(row as u32);
        }
        let mut shards = Vec::with_capacity(members.len());
        let mut over = None;
        for (s, select) in members.iter().enumerate() {
            let bytes = write(select).map_err(|e| e.in_file(shard_path(s as u32)))?;
            if bytes.len() > limit {
                if let [only] = select[..] {
                    return Err(StoreError::Inconsistent(format!(
                        "user {:?} alone takes {} bytes in a shard, over max_shard_bytes = \
                         {limit}: raise the limit",
                        ids[only as usize],
                        bytes.len()
                    )));
                }
                over = Some(bytes.len());
                break;
            }
            shards.push(bytes);
        }
        let Some(bytes) = over else {
            return Ok(shards);
        };
        // Grow by the overshoot, plus a margin, and by one at least.
        let grown = f64::from(n_shards) * bytes as f64 / limit as f64 * 1.1;
        n_shards = (grown.ceil() as u64)
            .max(u64::from(n_shards) + 1)
            .min(u64::from(u32::MAX)) as u32;
    }
    Err(StoreError::Inconsistent(format!(
        "could not split {} users into shards of at most {limit} bytes in {MAX_ATTEMPTS} tries \
         (last: {n_shards} shards)",
        ids.len()
    )))
}

/// Everything [`encode`] relies on, with messages naming the item or user.
fn check_model(m: &FactorModel) -> Result<(), StoreError> {
    let bad = |detail: String| StoreError::Inconsistent(detail);
    check_scale(m.mu, m.rating_min, m.rating_max).map_err(bad)?;
    check_side(
        "item",
        &m.item_ids,
        &m.item_bias,
        &m.item_factors,
        &m.item_counts,
        m.k,
    )?;
    check_side(
        "user",
        &m.user_ids,
        &m.user_bias,
        &m.user_factors,
        &m.user_counts,
        m.k,
    )?;
    if m.user_history.len() != m.user_ids.len() {
        return Err(bad(format!(
            "user_history has {} entries for {} users",
            m.user_history.len(),
            m.user_ids.len()
        )));
    }
    for (id, history) in m.user_ids.iter().zip(&m.user_history) {
        check_history(history, m.item_ids.len(), m.rating_min, m.rating_max)
            .map_err(|(_, detail)| bad(format!("user {id:?}'s history: {detail}")))?;
    }
    if let Some(taste) = &m.taste {
        taste.check(m.k, m.item_ids.len()).map_err(bad)?;
    }
    Ok(())
}

/// One side's lengths, finite numbers and unique ids.
fn check_side(
    what: &str,
    ids: &[String],
    bias: &[f32],
    factors: &[f32],
    counts: &[u32],
    k: usize,
) -> Result<(), StoreError> {
    let bad = |detail: String| Err(StoreError::Inconsistent(detail));
    let n = ids.len();
    // Rows are u32 in the files (history entries, `row`).
    if u32::try_from(n).is_err() {
        return bad(format!("{n} {what}s are more than the format's 2³² − 1"));
    }
    if n.checked_mul(k) != Some(factors.len()) {
        return bad(format!(
            "{what}_factors has {} values, expected n_{what}s × k = {n} × {k}",
            factors.len()
        ));
    }
    if bias.len() != n || counts.len() != n {
        return bad(format!(
            "{what}_bias has {} values and {what}_counts {}, expected one per {what} ({n})",
            bias.len(),
            counts.len()
        ));
    }
    if let Some(row) = bias.iter().position(|b| !b.is_finite()) {
        return bad(format!(
            "{what} {:?}: bias {} is not a finite number",
            ids[row], bias[row]
        ));
    }
    if let Some(at) = factors.iter().position(|x| !x.is_finite()) {
        return bad(format!(
            "{what} {:?}: factor {} is {}, not a finite number",
            ids[at / k],
            at % k,
            factors[at]
        ));
    }
    let mut seen = HashMap::with_capacity(n);
    for (row, id) in ids.iter().enumerate() {
        if let Some(first) = seen.insert(id.as_str(), row) {
            return bad(format!("{what} id {id:?} is in rows {first} and {row}"));
        }
    }
    Ok(())
}
