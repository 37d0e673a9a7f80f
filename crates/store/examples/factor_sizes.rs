//! Measures the factor file's sizes at the scale of the real data: 22,998
//! items and 115,000 users, k = 100, ~96 training ratings per user, with
//! random factors (uniform in ±0.3: as incompressible as trained ones).
//!
//! `cargo run --release -p cartelera-store --example factor_sizes [users] [k]`

use std::time::Instant;

use cartelera_store::factors::{decode_all, encode, EncodeOptions, FactorModel, Precision};

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 23) as f32 - 1.0
    }
}

fn main() {
    let mut args = std::env::args()
        .skip(1)
        .map(|a| a.parse::<usize>().expect("a number"));
    let users = args.next().unwrap_or(115_000);
    let k = args.next().unwrap_or(100);
    let items = 22_998;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut factors = |n: usize| (0..n * k).map(|_| rng.unit() * 0.3).collect::<Vec<f32>>();
    let item_factors = factors(items);
    let user_factors = factors(users);
    let mut rng = Rng(12345);
    let user_history: Vec<Vec<(u32, u8)>> = (0..users)
        .map(|_| {
            // 48–144 ratings, mean 96.
            let n = 48 + (rng.next() % 97) as usize;
            let mut h: Vec<(u32, u8)> = (0..n)
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
    let model = FactorModel {
        mu: 3.5,
        k,
        rating_min: 0.5,
        rating_max: 5.0,
        biased: true,
        item_ids: (0..items).map(|i| format!("ns{}", i + 1)).collect(),
        item_bias: (0..items).map(|_| rng.unit() * 0.5).collect(),
        item_factors,
        item_counts: (0..items).map(|_| (rng.next() % 1000) as u32).collect(),
        user_ids: (1..=users).map(|u| u.to_string()).collect(),
        user_bias: (0..users).map(|_| rng.unit() * 0.5).collect(),
        user_factors,
        user_counts: user_history.iter().map(|h| h.len() as u32).collect(),
        user_history,
        card: serde_json::json!({"source": "factor_sizes example"}),
        taste: None,
    };
    let ratings: usize = model.user_history.iter().map(Vec::len).sum();
    println!("{items} items, {users} users, k = {k}, {ratings} history entries");
    println!("precision  items.parquet  shards  min shard  median  max shard  users total  encode s  decode s");
    for precision in [Precision::F32, Precision::F16, Precision::Int8] {
        let opts = EncodeOptions {
            precision,
            max_shard_bytes: 200_000,
        };
        let start = Instant::now();
        let files = encode(&model, &opts).expect("encodes");
        let encode_s = start.elapsed().as_secs_f64();
        let items_bytes = files
            .iter()
            .find(|(p, _)| p == "items.parquet")
            .map_or(0, |(_, b)| b.len());
        let mut shards: Vec<usize> = files
            .iter()
            .filter(|(p, _)| p.starts_with("users/"))
            .map(|(_, b)| b.len())
            .collect();
        shards.sort_unstable();
        let start = Instant::now();
        let back = decode_all(&|path| {
            files
                .iter()
                .find(|(p, _)| p == path)
                .map(|(_, b)| bytes::Bytes::copy_from_slice(b))
        })
        .expect("decodes");
        let decode_s = start.elapsed().as_secs_f64();
        assert_eq!(back.user_history, model.user_history);
        println!(
            "{:<9}  {:>13}  {:>6}  {:>9}  {:>6}  {:>9}  {:>11}  {:>8.2}  {:>8.2}",
            precision.as_str(),
            items_bytes,
            shards.len(),
            shards[0],
            shards[shards.len() / 2],
            shards[shards.len() - 1],
            shards.iter().sum::<usize>(),
            encode_s,
            decode_s,
        );
    }
}
