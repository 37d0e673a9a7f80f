//! Every way a factor file can be wrong, and the message that names it.

use super::*;
use crate::factors::table::{self, Rows, Stored};

#[test]
fn truncated_or_flipped_files_name_the_file_and_both_values() {
    let m = model(20, 10, 4, 3, 6);
    let files = encode(&m, &EncodeOptions::default()).unwrap();
    let items = get(&files, ITEMS_FILE).to_vec();
    let mut cut = files.clone();
    set(&mut cut, ITEMS_FILE, items[..items.len() - 10].to_vec());
    let err = decode(&cut).unwrap_err().to_string();
    let expected = format!(
        "items.parquet: size {} ≠ {} in model.json (truncated?)",
        items.len() - 10,
        items.len()
    );
    assert_eq!(err, expected);

    let mut flipped = files.clone();
    let mut bytes = get(&files, &shard_path(0)).to_vec();
    bytes[100] ^= 0x10;
    let crc = crc32fast::hash(&bytes);
    set(&mut flipped, &shard_path(0), bytes);
    let err = decode(&flipped).unwrap_err().to_string();
    assert!(
        err.starts_with("users/shard-00000.parquet: CRC-32 "),
        "{err}"
    );
    assert!(err.contains(&format!("{crc:08x} ≠ ")), "{err}");

    let mut missing = files.clone();
    missing.retain(|(p, _)| p != ITEMS_FILE);
    let err = decode(&missing).unwrap_err().to_string();
    assert_eq!(err, "items.parquet: missing (model.json lists it)");
}

#[test]
fn a_newer_or_broken_manifest_is_refused() {
    let mut files = encode(&model(3, 3, 2, 1, 7), &EncodeOptions::default()).unwrap();
    let original = files.clone();
    edit_manifest(&mut files, |m| {
        m["format_version"] = 2.into();
        m["layout"] = "something new".into();
        m["precision"] = "bf16".into();
    });
    let err = decode(&files).unwrap_err();
    assert!(
        matches!(&err, StoreError::InFile { error, .. } if matches!(**error, StoreError::NewerVersion { found: 2, supported: 1 }))
    );
    assert!(
        err.to_string()
            .contains("format version 2 is newer than version 1"),
        "{err}"
    );

    for (edit, needle) in [
        (
            serde_json::json!({"format_version": null}),
            "no format_version",
        ),
        (serde_json::json!({"n_shards": 0}), "n_shards is 0"),
        (
            serde_json::json!({"format_version": "1"}),
            "format_version: expected a non-negative integer ≤ 4294967295, found \"1\"",
        ),
        (
            serde_json::json!({"format_version": -1}),
            "format_version: expected a non-negative integer ≤ 4294967295, found -1",
        ),
        (
            serde_json::json!({"format_version": 1u64 << 40}),
            "format_version: expected a non-negative integer ≤ 4294967295, found 1099511627776",
        ),
        // Sizes that would ask for a huge allocation are refused first.
        (
            serde_json::json!({"n_shards": 4_000_000_000u32}),
            "lists 2 files, expected 4000000001 (items.parquet and n_shards = 4000000000 shards)",
        ),
        (
            serde_json::json!({"k": 1u64 << 40}),
            "k: expected at most 4096 factors, found 1099511627776",
        ),
        (
            serde_json::json!({"n_users": 1u64 << 40}),
            "n_users: expected at most 4294967295 (rows are 32-bit), found 1099511627776",
        ),
        (
            serde_json::json!({"rating_min": 6.0}),
            "rating_min < rating_max",
        ),
        (
            serde_json::json!({"precision": "f64"}),
            "unknown variant `f64`",
        ),
    ] {
        let mut files = original.clone();
        edit_manifest(&mut files, |m| {
            for (key, value) in edit.as_object().unwrap() {
                m[key] = value.clone();
            }
        });
        let err = decode(&files).unwrap_err().to_string();
        assert!(
            err.starts_with("model.json: ") && err.contains(needle),
            "{needle}: {err}"
        );
    }
    let mut traversal = original.clone();
    edit_manifest(&mut traversal, |m| {
        m["files"][0]["path"] = "../../etc/passwd".into()
    });
    let err = decode(&traversal).unwrap_err().to_string();
    assert!(err.contains("does not list items.parquet"), "{err}");
    assert!(decode_manifest(b"\x00garbage")
        .unwrap_err()
        .to_string()
        .starts_with("model.json: not valid JSON"));
}

#[test]
fn mismatched_k_and_precision_are_named() {
    let files = encode(&model(5, 4, 3, 1, 8), &EncodeOptions::default()).unwrap();
    let mut k4 = files.clone();
    edit_manifest(&mut k4, |m| m["k"] = 4.into());
    let err = decode(&k4).unwrap_err().to_string();
    assert_eq!(
        err,
        "items.parquet: row 0, column `features`: 3 values, expected k = 4 (model.json)"
    );

    let mut f16 = files.clone();
    edit_manifest(&mut f16, |m| m["precision"] = "f16".into());
    let err = decode(&f16).unwrap_err().to_string();
    assert!(
        err.starts_with("items.parquet: column `features` has type List("),
        "{err}"
    );
    assert!(
        err.ends_with("expected List<Float16> (precision f16 in model.json)"),
        "{err}"
    );

    let mut fewer = files.clone();
    edit_manifest(&mut fewer, |m| m["n_items"] = 3.into());
    assert_eq!(
        decode(&fewer).unwrap_err().to_string(),
        "items.parquet: 4 items, model.json says 3"
    );

    let mut more_users = files.clone();
    edit_manifest(&mut more_users, |m| m["n_users"] = 4_000_000_000u64.into());
    assert_eq!(
        decode(&more_users).unwrap_err().to_string(),
        "the shards hold 5 users, model.json says 4000000000"
    );
}

/// Writes a table straight through `table`, past `encode`'s checks.
fn raw_table(m: &FactorModel, users: bool) -> Vec<u8> {
    let (ids, bias, counts, factors) = match users {
        false => (&m.item_ids, &m.item_bias, &m.item_counts, &m.item_factors),
        true => (&m.user_ids, &m.user_bias, &m.user_counts, &m.user_factors),
    };
    let stored = Stored::F32(factors.clone());
    let rows = Rows {
        ids,
        bias,
        counts,
        features: &stored,
        k: m.k,
        history: users.then_some(&m.user_history[..]),
    };
    let all: Vec<u32> = (0..ids.len() as u32).collect();
    table::write(&rows, &all, Precision::F32).unwrap()
}

#[test]
fn bad_values_inside_the_files_are_named() {
    let m = model(4, 3, 2, 2, 9);
    let files = encode(&m, &EncodeOptions::default()).unwrap();
    assert_eq!(
        decode_manifest(get(&files, MANIFEST_FILE))
            .unwrap()
            .n_shards,
        1
    );

    let mut nan = m.clone();
    nan.item_factors[3] = f32::NAN;
    let mut bad = files.clone();
    replace(&mut bad, ITEMS_FILE, raw_table(&nan, false));
    assert_eq!(
        decode(&bad).unwrap_err().to_string(),
        "items.parquet: row 1, column `features`: NaN is not a finite number"
    );

    let mut inf = m.clone();
    inf.user_bias[2] = f32::INFINITY;
    inf.user_history[0] = vec![(1, 4), (3, 8)];
    let mut bad = files.clone();
    replace(&mut bad, &shard_path(0), raw_table(&inf, true));
    assert_eq!(
        decode(&bad).unwrap_err().to_string(),
        "users/shard-00000.parquet: row 2, column `bias`: inf is not a finite number"
    );

    inf.user_bias[2] = 0.0;
    replace(&mut bad, &shard_path(0), raw_table(&inf, true));
    assert_eq!(decode(&bad).unwrap_err().to_string(), "users/shard-00000.parquet: row 0, column `rated_items`: item row 3 is not below n_items = 3");

    inf.user_history[0] = vec![(1, 11)];
    replace(&mut bad, &shard_path(0), raw_table(&inf, true));
    assert!(decode(&bad)
        .unwrap_err()
        .to_string()
        .contains("column `rated_values`: 11 (rating 5.5) is outside 0.5–5"));

    // A user in the wrong shard: the files were cut for another shard count.
    let wide = encode(&model(300, 50, 8, 12, 1), &opts(Precision::F32, 6_000)).unwrap();
    let mut manifest = decode_manifest(get(&wide, MANIFEST_FILE)).unwrap();
    assert!(manifest.n_shards > 1);
    manifest.n_shards += 1;
    let (s, bytes) = (0..manifest.n_shards - 1)
        .map(|s| (s, get(&wide, &shard_path(s))))
        .find(|(s, b)| {
            let shard = decode_shard(
                &decode_manifest(get(&wide, MANIFEST_FILE)).unwrap(),
                *s,
                Bytes::copy_from_slice(b),
            )
            .unwrap();
            shard.ids.iter().any(|id| shard_of(&manifest, id) != *s)
        })
        .unwrap();
    let err = decode_shard(&manifest, s, Bytes::copy_from_slice(bytes))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("column `id`: user ") && err.contains("belongs in shard"),
        "{err}"
    );
    assert!(decode_shard(&manifest, 99, Bytes::new()).is_err());
}

#[test]
fn foreign_bytes_are_an_error_not_a_panic() {
    let m = model(4, 3, 2, 2, 10);
    let files = encode(&m, &EncodeOptions::default()).unwrap();
    let items = get(&files, ITEMS_FILE).to_vec();
    for junk in [
        Vec::new(),
        b"PAR1".to_vec(),
        items[..items.len() / 2].to_vec(),
        b"id,features\n".to_vec(),
    ] {
        let mut bad = files.clone();
        replace(&mut bad, ITEMS_FILE, junk);
        let err = decode(&bad).unwrap_err().to_string();
        assert!(
            err.starts_with("items.parquet: not a readable Parquet table"),
            "{err}"
        );
    }
}

#[test]
fn encode_refuses_an_inconsistent_model() {
    let m = model(4, 3, 2, 2, 11);
    type Edit = Box<dyn Fn(&mut FactorModel)>;
    let cases: Vec<(Edit, &str)> = vec![
        (
            Box::new(|m| m.user_factors[5] = f32::NAN),
            "user \"7\": factor 1 is NaN, not a finite number",
        ),
        (
            Box::new(|m| m.item_bias[0] = f32::NEG_INFINITY),
            "item \"ns0\": bias -inf is not a finite number",
        ),
        (
            Box::new(|m| m.item_ids[2] = "ns0".into()),
            "item id \"ns0\" is in rows 0 and 2",
        ),
        (
            Box::new(|m| m.user_history[1] = vec![(3, 2)]),
            "user \"4\"'s history: item row 3 is not below n_items = 3",
        ),
        (
            Box::new(|m| m.user_history[1] = vec![(0, 0)]),
            "user \"4\"'s history: 0 (rating 0) is outside 0.5–5",
        ),
        (
            Box::new(|m| m.item_factors.pop().map(drop).unwrap_or(())),
            "item_factors has 5 values, expected n_items × k = 3 × 2",
        ),
        (
            Box::new(|m| m.user_history.clear()),
            "user_history has 0 entries for 4 users",
        ),
        (Box::new(|m| m.mu = f32::NAN), "expected finite numbers"),
    ];
    for (edit, message) in cases {
        let mut bad = m.clone();
        edit(&mut bad);
        let err = encode(&bad, &EncodeOptions::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains(message), "{message}: {err}");
    }
    let mut huge = m.clone();
    huge.item_factors[0] = 1e6;
    let err = encode(&huge, &opts(Precision::F16, 200_000))
        .unwrap_err()
        .to_string();
    assert!(err.contains("beyond f16's range"), "{err}");
    assert!(encode(&huge, &opts(Precision::F32, 200_000)).is_ok());
}

#[test]
fn impossible_shard_limits_are_reported() {
    let m = model(10, 300, 4, 250, 12);
    let err = encode(&m, &opts(Precision::F32, 100))
        .unwrap_err()
        .to_string();
    assert!(err.contains("an empty shard takes"), "{err}");
    let err = encode(&m, &opts(Precision::F32, 2_000))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("alone takes") && err.contains("raise the limit"),
        "{err}"
    );
}
