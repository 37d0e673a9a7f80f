//! FPSGD block layout (Chin, Zhuang, Juan & Lin, "A fast parallel stochastic
//! gradient method for matrix factorization in shared memory systems", the
//! scheduler behind LIBMF).
//!
//! Users are split into `B` row blocks and items into `B` column blocks; the
//! ratings fall into `B × B` blocks. Blocks `(b, (b + s) mod B)` for
//! `b = 0..B` share no user block and no item block, so during "sub-epoch"
//! `s` they can be updated concurrently without locks, and `B` sub-epochs
//! visit every rating exactly once per epoch.
//!
//! To make the blocks contiguous in memory (so they can be handed to threads
//! as disjoint `&mut` slices, with no unsafe code) users and items are
//! renumbered: a seeded random permutation (which, as in LIBMF, spreads
//! heavy users and popular items evenly), then cut into `B` consecutive
//! ranges holding about the same number of ratings. Entries store row
//! indices local to their block's ranges.
//!
//! With `B = 1` the permutation is the identity and the single block is just
//! the whole training set in shuffled order: the sequential algorithm.

use super::step::Entry;
use crate::data::Ratings;
use crate::params::RatingOrder;
use cartelera_det::par::{run_tasks, split_rows};
use cartelera_det::Rng;

/// Ratings bucketed into `blocks × blocks` blocks, plus the renumbering.
pub(crate) struct Layout {
    /// Blocks per side.
    pub blocks: usize,
    /// `user_pos[u]` = internal row of original user `u`.
    pub user_pos: Vec<u32>,
    /// `item_pos[i]` = internal row of original item `i`.
    pub item_pos: Vec<u32>,
    /// Internal user rows of block `b` are `user_bounds[b]..user_bounds[b+1]`.
    pub user_bounds: Vec<usize>,
    /// Internal item rows of block `c` are `item_bounds[c]..item_bounds[c+1]`.
    pub item_bounds: Vec<usize>,
    /// All entries, grouped by block id `b * blocks + c`.
    entries: Vec<Entry>,
    /// Block `id` holds `entries[offsets[id]..offsets[id + 1]]`.
    offsets: Vec<usize>,
}

impl Layout {
    /// Bucket `r` (already validated) into blocks. When `shuffle` is set,
    /// each block's entries are shuffled once, block `id` with its own stream
    /// `Rng::with_stream(seed, id)` (so blocks can be shuffled in parallel
    /// with a deterministic result); otherwise they keep the input order
    /// (used by hand-checked tests).
    pub fn build(
        r: &Ratings,
        blocks: usize,
        order: RatingOrder,
        shuffle: bool,
        seed: u64,
        workers: usize,
    ) -> Layout {
        let blocks = blocks.max(1);
        let nb2 = blocks * blocks;
        // Users are renumbered whenever their order matters (blocks, or the
        // by-user order); items only when there are blocks.
        let permute_users = blocks > 1 || (shuffle && order == RatingOrder::ByUser);
        let mut rng_u = Rng::with_stream(seed, u64::MAX);
        let mut rng_i = Rng::with_stream(seed, u64::MAX - 1);
        let (user_pos, user_bounds) =
            partition(&r.users, r.n_users, blocks, permute_users, &mut rng_u);
        let (item_pos, item_bounds) =
            partition(&r.items, r.n_items, blocks, blocks > 1, &mut rng_i);
        let user_block = block_of_row(&user_bounds);
        let item_block = block_of_row(&item_bounds);
        // Counting sort by block id: count, prefix sums, scatter.
        let mut offsets = vec![0usize; nb2 + 1];
        let mut fill = vec![0usize; nb2];
        let mut entries = vec![Entry { u: 0, i: 0, r: 0.0 }; r.len()];
        if blocks == 1 {
            offsets[1] = r.len();
            for (e, (u, i, v)) in entries.iter_mut().zip(r.iter()) {
                *e = Entry {
                    u: user_pos[u as usize],
                    i: item_pos[i as usize],
                    r: v,
                };
            }
        } else {
            let ids: Vec<u32> = r
                .users
                .iter()
                .zip(&r.items)
                .map(|(&u, &i)| {
                    let u = user_pos[u as usize] as usize;
                    let i = item_pos[i as usize] as usize;
                    user_block[u] * blocks as u32 + item_block[i]
                })
                .collect();
            for &id in &ids {
                offsets[id as usize + 1] += 1;
            }
            for b in 0..nb2 {
                offsets[b + 1] += offsets[b];
            }
            fill.copy_from_slice(&offsets[..nb2]);
            for (row, &id) in ids.iter().enumerate() {
                let id = id as usize;
                let u = user_pos[r.users[row] as usize] as usize;
                let i = item_pos[r.items[row] as usize] as usize;
                entries[fill[id]] = Entry {
                    u: (u - user_bounds[id / blocks]) as u32,
                    i: (i - item_bounds[id % blocks]) as u32,
                    r: r.values[row],
                };
                fill[id] += 1;
            }
        }
        if shuffle {
            let tasks: Vec<(usize, &mut [Entry])> = split_rows(&mut entries, &offsets, 1)
                .into_iter()
                .enumerate()
                .collect();
            let by_user = order == RatingOrder::ByUser;
            let ub = &user_bounds;
            run_tasks(tasks, workers, |(id, block)| {
                Rng::with_stream(seed, id as u64).shuffle(block);
                if by_user {
                    // Internal user numbers are a random permutation, so a
                    // stable counting sort on them yields users in random
                    // order with each user's ratings still shuffled.
                    let rows = ub[id / blocks + 1] - ub[id / blocks];
                    group_by_user(block, rows);
                }
            });
        }
        Layout {
            blocks,
            user_pos,
            item_pos,
            user_bounds,
            item_bounds,
            entries,
            offsets,
        }
    }

    /// Entries of block (user block `b`, item block `c`).
    pub fn block(&self, b: usize, c: usize) -> &[Entry] {
        let id = b * self.blocks + c;
        &self.entries[self.offsets[id]..self.offsets[id + 1]]
    }
}

/// Renumber `0..n` and cut it into `blocks` ranges of about equal rating
/// counts. Returns (original → internal position, range bounds).
fn partition(
    idx: &[u32],
    n: u32,
    blocks: usize,
    permute: bool,
    rng: &mut Rng,
) -> (Vec<u32>, Vec<usize>) {
    let n = n as usize;
    if !permute {
        return ((0..n as u32).collect(), vec![0, n]);
    }
    let mut order: Vec<u32> = (0..n as u32).collect();
    rng.shuffle(&mut order);
    let mut pos = vec![0u32; n];
    for (internal, &orig) in order.iter().enumerate() {
        pos[orig as usize] = internal as u32;
    }
    let mut counts = vec![0u64; n];
    for &x in idx {
        counts[x as usize] += 1;
    }
    let total = idx.len() as u64;
    let mut bounds = Vec::with_capacity(blocks + 1);
    bounds.push(0);
    let (mut j, mut cum) = (0usize, 0u64);
    for b in 1..blocks {
        let target = total * b as u64 / blocks as u64;
        while j < n && cum < target {
            cum += counts[order[j] as usize];
            j += 1;
        }
        bounds.push(j);
    }
    bounds.push(n);
    (pos, bounds)
}

/// Stable counting sort of a block's entries by local user index
/// (`rows` = number of users in the block's range).
fn group_by_user(block: &mut [Entry], rows: usize) {
    let mut start = vec![0usize; rows + 1];
    for e in block.iter() {
        start[e.u as usize + 1] += 1;
    }
    for u in 0..rows {
        start[u + 1] += start[u];
    }
    let mut out = vec![Entry { u: 0, i: 0, r: 0.0 }; block.len()];
    for e in block.iter() {
        out[start[e.u as usize]] = *e;
        start[e.u as usize] += 1;
    }
    block.copy_from_slice(&out);
}

/// Block index of every internal row.
fn block_of_row(bounds: &[usize]) -> Vec<u32> {
    let mut out = vec![0u32; *bounds.last().unwrap_or(&0)];
    for (b, w) in bounds.windows(2).enumerate() {
        out[w[0]..w[1]].fill(b as u32);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rating_lands_once_in_its_block_with_local_indices() {
        let mut rng = Rng::new(3);
        let n = 5000;
        let users: Vec<u32> = (0..n).map(|_| rng.below(97) as u32).collect();
        let items: Vec<u32> = (0..n)
            .map(|_| (rng.below(50) * rng.below(50) / 49) as u32)
            .collect();
        let values: Vec<f32> = (0..n).map(|x| x as f32).collect();
        let r = Ratings::new(users, items, values, 97, 50).unwrap();
        let l = Layout::build(&r, 4, RatingOrder::Shuffled, true, 1, 2);
        let again = Layout::build(&r, 4, RatingOrder::Shuffled, true, 1, 1);
        assert_eq!(
            l.entries, again.entries,
            "same seed: same layout whatever the workers"
        );
        let mut seen = vec![false; n];
        let mut sizes = vec![];
        for b in 0..4 {
            for c in 0..4 {
                sizes.push(l.block(b, c).len());
                for e in l.block(b, c) {
                    let row = e.r as usize;
                    assert!(!seen[row]);
                    seen[row] = true;
                    let u = l.user_bounds[b] + e.u as usize;
                    let i = l.item_bounds[c] + e.i as usize;
                    assert!(u < l.user_bounds[b + 1] && i < l.item_bounds[c + 1]);
                    assert_eq!(l.user_pos[r.users[row] as usize] as usize, u);
                    assert_eq!(l.item_pos[r.items[row] as usize] as usize, i);
                }
            }
        }
        assert!(seen.iter().all(|&s| s));
        // Balanced marginals: each user block holds roughly a quarter.
        for b in 0..4 {
            let rows: usize = (0..4).map(|c| l.block(b, c).len()).sum();
            assert!((1000..1500).contains(&rows), "user block {b} has {rows}");
        }
    }

    #[test]
    fn by_user_groups_each_users_ratings_in_every_block() {
        let mut rng = Rng::new(8);
        let n = 4000;
        let users: Vec<u32> = (0..n).map(|_| rng.below(60) as u32).collect();
        let items: Vec<u32> = (0..n).map(|_| rng.below(40) as u32).collect();
        let values: Vec<f32> = (0..n).map(|x| x as f32).collect();
        let r = Ratings::new(users, items, values, 60, 40).unwrap();
        for blocks in [1, 3] {
            let l = Layout::build(&r, blocks, RatingOrder::ByUser, true, 5, 1);
            let mut total = 0;
            for b in 0..blocks {
                for c in 0..blocks {
                    let e = l.block(b, c);
                    total += e.len();
                    // Contiguous runs: once a user's run ends it never reappears.
                    let mut seen = std::collections::HashSet::new();
                    for w in e.windows(2) {
                        if w[0].u != w[1].u {
                            assert!(seen.insert(w[0].u), "user {} split", w[0].u);
                        }
                    }
                    assert!(e.windows(2).all(|w| w[0].u <= w[1].u));
                }
            }
            assert_eq!(total, n);
        }
        // Users are in random (not index) order even with a single block.
        let l = Layout::build(&r, 1, RatingOrder::ByUser, true, 5, 1);
        assert_ne!(l.user_pos, (0..60).collect::<Vec<u32>>());
    }

    #[test]
    fn one_block_is_identity_and_keeps_order_without_shuffle() {
        let r = Ratings::new(vec![2, 0, 1], vec![1, 1, 0], vec![1.0, 2.0, 3.0], 3, 2).unwrap();
        let l = Layout::build(&r, 1, RatingOrder::Shuffled, false, 0, 1);
        assert_eq!(l.user_pos, vec![0, 1, 2]);
        let e: Vec<(u32, u32, f32)> = l.block(0, 0).iter().map(|e| (e.u, e.i, e.r)).collect();
        assert_eq!(e, vec![(2, 1, 1.0), (0, 1, 2.0), (1, 0, 3.0)]);
    }
}
