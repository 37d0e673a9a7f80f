//! The generator's random streams: one per (seed, stage, index), so each
//! user's numbers depend only on the seed and the user, never on the order
//! or the thread in which users are generated. The generator itself is
//! `cartelera-det`'s, shared with the trainer.

use cartelera_det::rng::{mix64, Rng};

/// SplitMix64's golden-ratio constant, spreading stage numbers apart.
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// RNG stream purposes: each gets its own key space so adding a draw in one
/// stage never shifts the numbers of another.
pub(crate) const STREAM_USER: u64 = 1;
pub(crate) const STREAM_TITLE: u64 = 2;
pub(crate) const STREAM_ACTIVITY: u64 = 3;
pub(crate) const STREAM_SEEDS: u64 = 4;
pub(crate) const STREAM_RATINGS: u64 = 5;

/// Independent stream for (seed, purpose, index). Chaining the bijective
/// finaliser means two indexes of one purpose can never share a key, which
/// is what makes per-user streams (and so thread-count independence) safe.
pub(crate) fn stream(seed: u64, purpose: u64, index: u64) -> Rng {
    Rng::new(mix64(
        mix64(mix64(seed) ^ purpose.wrapping_mul(GOLDEN)) ^ index,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..4).map(|_| stream(42, 1, 7).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let mut x = stream(42, 1, 7);
        let mut y = stream(42, 1, 8);
        let mut z = stream(42, 2, 7);
        let (vx, vy, vz) = (x.next_u64(), y.next_u64(), z.next_u64());
        assert_ne!(vx, vy);
        assert_ne!(vx, vz);
    }
}
