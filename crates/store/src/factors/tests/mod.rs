use super::*;
use crate::column::StoreError;
use bytes::Bytes;

/// A deterministic generator (xorshift64*), so tests need no crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in [-1, 1).
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 23) as f32 - 1.0
    }
}

/// A model with `users` users, `items` items, `k` factors and up to
/// `history` ratings per user (distinct sorted items, ratings 1–10).
fn model(users: usize, items: usize, k: usize, history: usize, seed: u64) -> FactorModel {
    let mut rng = Rng(seed | 1);
    let mut factors = |n: usize| (0..n * k).map(|_| rng.unit() * 0.3).collect::<Vec<f32>>();
    let item_factors = factors(items);
    let user_factors = factors(users);
    let mut rng = Rng(seed.wrapping_add(7) | 1);
    let user_history = (0..users)
        .map(|_| {
            let mut h: Vec<(u32, u8)> = (0..history)
                .map(|_| {
                    (
                        (rng.next() % items as u64) as u32,
                        (rng.next() % 10 + 1) as u8,
                    )
                })
                .collect();
            h.sort_unstable();
            h.dedup_by_key(|e| e.0);
            h
        })
        .collect();
    FactorModel {
        mu: 3.53,
        k,
        rating_min: 0.5,
        rating_max: 5.0,
        biased: true,
        item_ids: (0..items).map(|i| format!("ns{i}")).collect(),
        item_bias: (0..items).map(|i| (i % 13) as f32 * 0.05 - 0.3).collect(),
        item_factors,
        item_counts: (0..items).map(|i| (i % 5) as u32).collect(),
        user_ids: (0..users).map(|u| (u * 3 + 1).to_string()).collect(),
        user_bias: (0..users).map(|u| (u % 7) as f32 * -0.1).collect(),
        user_factors,
        user_counts: (0..users).map(|u| 20 + u as u32).collect(),
        user_history,
        card: serde_json::json!({"source": "test", "params": {"k": k}}),
        taste: None,
    }
}

fn opts(precision: Precision, max_shard_bytes: usize) -> EncodeOptions {
    EncodeOptions {
        precision,
        max_shard_bytes,
    }
}

fn decode(files: &[(String, Vec<u8>)]) -> Result<FactorModel, StoreError> {
    decode_all(&|path| {
        files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, b)| Bytes::copy_from_slice(b))
    })
}

fn get<'a>(files: &'a [(String, Vec<u8>)], path: &str) -> &'a [u8] {
    &files.iter().find(|(p, _)| p == path).unwrap().1
}

fn set(files: &mut [(String, Vec<u8>)], path: &str, bytes: Vec<u8>) {
    files.iter_mut().find(|(p, _)| p == path).unwrap().1 = bytes;
}

/// Replaces `path` and records its new size and CRC in the manifest, so
/// the checks behind the checksum are reached.
fn replace(files: &mut [(String, Vec<u8>)], path: &str, bytes: Vec<u8>) {
    let mut manifest = decode_manifest(get(files, MANIFEST_FILE)).unwrap();
    let entry = manifest.files.iter_mut().find(|f| f.path == path).unwrap();
    entry.bytes = bytes.len() as u64;
    entry.crc32 = crc32fast::hash(&bytes);
    set(files, path, bytes);
    set(files, MANIFEST_FILE, serde_json::to_vec(&manifest).unwrap());
}

fn edit_manifest(files: &mut [(String, Vec<u8>)], edit: impl FnOnce(&mut serde_json::Value)) {
    let mut json: serde_json::Value = serde_json::from_slice(get(files, MANIFEST_FILE)).unwrap();
    edit(&mut json);
    set(files, MANIFEST_FILE, serde_json::to_vec(&json).unwrap());
}

#[test]
fn f32_round_trips_exactly_across_shards() {
    let m = model(300, 50, 8, 12, 1);
    let files = encode(&m, &opts(Precision::F32, 6_000)).unwrap();
    let manifest = decode_manifest(get(&files, MANIFEST_FILE)).unwrap();
    assert!(manifest.n_shards > 1, "{} shards", manifest.n_shards);
    assert_eq!(files.len(), 2 + manifest.n_shards as usize);
    assert_eq!(files[1].0, "items.parquet");
    assert_eq!(files[2].0, "users/shard-00000.parquet");
    assert_eq!(decode(&files).unwrap(), m);
    // The browser's path: one shard, found by shard_of.
    let id = &m.user_ids[123];
    let s = shard_of(&manifest, id);
    let shard = decode_shard(
        &manifest,
        s,
        Bytes::from(get(&files, &shard_path(s)).to_vec()),
    )
    .unwrap();
    let j = shard.position(id).unwrap();
    assert_eq!(shard.rows[j], 123);
    assert_eq!(shard.history[j], m.user_history[123]);
    assert_eq!(
        shard.factors[j * 8..(j + 1) * 8],
        m.user_factors[123 * 8..124 * 8]
    );
}

#[test]
fn empty_sides_round_trip() {
    let m = model(0, 0, 5, 0, 2);
    let files = encode(&m, &EncodeOptions::default()).unwrap();
    assert_eq!(files.len(), 3, "manifest, items, one empty shard");
    assert_eq!(decode(&files).unwrap(), m);
}

#[test]
fn f16_and_int8_stay_within_their_tolerance() {
    let m = model(200, 40, 16, 5, 3);
    // f16: relative error ≤ 2⁻¹¹ for normal numbers, plus a subnormal floor.
    let f16 = decode(&encode(&m, &opts(Precision::F16, 200_000)).unwrap()).unwrap();
    for (a, b) in m
        .item_factors
        .iter()
        .chain(&m.user_factors)
        .zip(f16.item_factors.iter().chain(&f16.user_factors))
    {
        assert!((a - b).abs() <= 1e-3 * a.abs() + 1e-7, "{a} vs {b}");
    }
    // int8: error ≤ (the row's largest |factor|) / 254.
    let int8 = decode(&encode(&m, &opts(Precision::Int8, 200_000)).unwrap()).unwrap();
    for (orig, got) in [
        (&m.item_factors, &int8.item_factors),
        (&m.user_factors, &int8.user_factors),
    ] {
        for (a, b) in orig.chunks(16).zip(got.chunks(16)) {
            let max = a.iter().fold(0f32, |m, x| m.max(x.abs()));
            for (x, y) in a.iter().zip(b) {
                assert!(
                    (x - y).abs() <= max / 254.0 * 1.0001 + 1e-7,
                    "{x} vs {y} (row max {max})"
                );
            }
        }
    }
    for stored in [&f16, &int8] {
        // Only the factors are quantised.
        assert_eq!(
            (stored.mu, &stored.item_bias, &stored.user_bias),
            (m.mu, &m.item_bias, &m.user_bias)
        );
        assert_eq!(stored.user_history, m.user_history);
        assert_eq!(stored.card, m.card);
    }
}

#[test]
fn realistic_shards_stay_under_the_limit() {
    // 5,000 users × k = 100 with ~100 ratings each: about 3 MB of users.
    let m = model(5_000, 23_000, 100, 100, 4);
    for precision in [Precision::F32, Precision::F16, Precision::Int8] {
        let files = encode(&m, &opts(precision, 200_000)).unwrap();
        let shards: Vec<usize> = files
            .iter()
            .filter(|(p, _)| p.starts_with("users/"))
            .map(|(_, b)| b.len())
            .collect();
        let max = *shards.iter().max().unwrap();
        assert!(max <= 200_000, "{precision}: largest shard {max} bytes");
        assert!(shards.len() > 1, "{precision}");
    }
}

#[test]
fn shard_of_is_fnv1a_64_mod_n() {
    // FNV-1a 64 test vectors: "" → 0xcbf29ce484222325, "a" → 0xaf63dc4c8601ec8c,
    // "foobar" → 0x85944171f73967e8. Mod 7: 2, 5, 6; mod 1000: 37, 996, 968.
    // "42" → 0x07ee7e07b4b19223: mod 7 = 5, mod 1000 = 691.
    let mut manifest = decode_manifest(get(
        &encode(&model(1, 1, 1, 0, 5), &EncodeOptions::default()).unwrap(),
        MANIFEST_FILE,
    ))
    .unwrap();
    for (n, expected) in [(7, [2, 5, 6, 5]), (1000, [37, 996, 968, 691])] {
        manifest.n_shards = n;
        let got: Vec<u32> = ["", "a", "foobar", "42"]
            .iter()
            .map(|id| shard_of(&manifest, id))
            .collect();
        assert_eq!(got, expected, "n_shards {n}");
    }
}

mod errors;

#[test]
fn set_card_replaces_only_the_card() {
    let original = model(40, 30, 4, 5, 9);
    let mut files = encode(&original, &opts(Precision::F16, 200_000)).unwrap();
    let tables: Vec<_> = files
        .iter()
        .filter(|(p, _)| p != MANIFEST_FILE)
        .cloned()
        .collect();
    set_card(&mut files, serde_json::json!({"metrics": {"rmse": 0.9}})).unwrap();
    let decoded = decode(&files).unwrap();
    assert_eq!(decoded.card["metrics"]["rmse"], 0.9);
    assert_eq!(decoded.item_ids, original.item_ids);
    let after: Vec<_> = files
        .iter()
        .filter(|(p, _)| p != MANIFEST_FILE)
        .cloned()
        .collect();
    assert_eq!(after, tables, "the tables are untouched");
    let err = set_card(&mut files[1..], serde_json::json!({})).unwrap_err();
    assert!(err.to_string().contains("model.json"), "{err}");
}
