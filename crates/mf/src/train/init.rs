//! Initial factors, and moving rows between original and block order.
//!
//! Row `r` of the user (or item) factors is drawn from its own RNG stream
//! `Rng::with_stream(seed, 2r)` (items: `2r + 1`), so the initial factors are
//! a function of the seed alone: the same whatever the thread count, block
//! layout or order of generation, which also lets rows be drawn in parallel.

use cartelera_det::par::{run_tasks, split_rows};
use cartelera_det::Rng;

/// Rows per parallel initialisation task.
const ROWS_PER_TASK: usize = 4096;

/// Factors for rows `0..pos.len()`, drawn from N(mean, std), stored at the
/// internal positions `pos[row]`. `side` is 0 for users, 1 for items.
pub(crate) fn random_rows(
    pos: &[u32],
    k: usize,
    seed: u64,
    side: u64,
    mean: f64,
    std: f64,
    workers: usize,
) -> Vec<f32> {
    let n = pos.len();
    // Internal position → original row.
    let mut orig = vec![0u32; n];
    for (r, &p) in pos.iter().enumerate() {
        orig[p as usize] = r as u32;
    }
    let mut out = vec![0.0f32; n * k];
    let bounds: Vec<usize> = (0..n.div_ceil(ROWS_PER_TASK))
        .map(|t| t * ROWS_PER_TASK)
        .chain(std::iter::once(n))
        .collect();
    let tasks: Vec<(usize, &mut [f32])> = bounds
        .iter()
        .copied()
        .zip(split_rows(&mut out, &bounds, k))
        .collect();
    let orig = &orig;
    run_tasks(tasks, workers, |(start, chunk)| {
        for (j, row) in chunk.chunks_exact_mut(k).enumerate() {
            let r = orig[start + j] as u64;
            let mut rng = Rng::with_stream(seed, 2 * r + side);
            for x in row {
                *x = rng.normal_with(mean, std) as f32;
            }
        }
    });
    out
}

/// Rows taken from `src` in original order, written at their internal row.
pub(crate) fn place_rows(src: &[f32], pos: &[u32], k: usize) -> Vec<f32> {
    let mut out = vec![0.0f32; pos.len() * k];
    for (r, &p) in pos.iter().enumerate() {
        out[p as usize * k..(p as usize + 1) * k].copy_from_slice(&src[r * k..(r + 1) * k]);
    }
    out
}

/// Inverse of [`place_rows`]: back to original row order.
pub(crate) fn take_rows(internal: &[f32], pos: &[u32], k: usize) -> Vec<f32> {
    let mut out = Vec::with_capacity(pos.len() * k);
    for &p in pos {
        out.extend_from_slice(&internal[p as usize * k..(p as usize + 1) * k]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_depend_on_seed_and_row_only() {
        let identity: Vec<u32> = (0..5000).collect();
        let mut perm = identity.clone();
        Rng::new(3).shuffle(&mut perm);
        let a = random_rows(&identity, 3, 9, 0, 0.0, 1.0, 1);
        let b = random_rows(&perm, 3, 9, 0, 0.0, 1.0, 2);
        // Row r sits at position perm[r] in b.
        assert_eq!(take_rows(&b, &perm, 3), a);
        assert_eq!(place_rows(&a, &perm, 3), b);
        let items = random_rows(&identity, 3, 9, 1, 0.0, 1.0, 1);
        assert_ne!(a, items);
    }
}
