//! Small built-in PRNG: SplitMix64 for seeding, xoshiro256++ for the streams,
//! Box–Muller for normals. Built in so the output does not depend on the
//! version of an external `rand` crate (a `rand` upgrade may change streams
//! and silently break byte-identical reproduction).

/// Golden-ratio increment of SplitMix64.
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64 finaliser: a bijection on u64, so distinct inputs never collide.
#[inline]
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// SplitMix64 generator, used only to expand a 64-bit key into xoshiro state.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix64(self.0)
    }
}

/// xoshiro256++ with a cached second Box–Muller normal.
#[derive(Clone, Debug)]
pub(crate) struct Rng {
    s: [u64; 4],
    spare: Option<f64>,
}

impl Rng {
    /// Generator whose state is expanded from `key` by SplitMix64.
    pub(crate) fn from_key(key: u64) -> Self {
        let mut sm = SplitMix64(key);
        let mut s = [sm.next_u64(), sm.next_u64(), sm.next_u64(), sm.next_u64()];
        if s == [0; 4] {
            // The all-zero state is the one fixed point of xoshiro.
            s[0] = GOLDEN;
        }
        Rng { s, spare: None }
    }

    /// Independent stream for (seed, purpose, index). Chaining the bijective
    /// finaliser means two indexes of one purpose can never share a key, which
    /// is what makes per-user streams (and so thread-count independence) safe.
    pub(crate) fn stream(seed: u64, purpose: u64, index: u64) -> Self {
        let k = mix64(mix64(mix64(seed) ^ purpose.wrapping_mul(GOLDEN)) ^ index);
        Rng::from_key(k)
    }

    /// Next raw 64-bit output (xoshiro256++).
    #[inline]
    pub(crate) fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1) with 53 random bits.
    #[inline]
    pub(crate) fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform integer in [0, n) by multiply-shift (bias ≤ n / 2^64,
    /// negligible here); returns 0 when n == 0 instead of panicking.
    #[inline]
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in [lo, hi).
    #[inline]
    pub(crate) fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f64()
    }

    /// Standard normal by Box–Muller; both outputs are used.
    pub(crate) fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        // 1 - f64() lies in (0, 1], so ln never sees 0.
        let u1 = 1.0 - self.f64();
        let u2 = self.f64();
        let r = (-2.0 * u1.ln()).sqrt();
        let theta = std::f64::consts::TAU * u2;
        self.spare = Some(r * theta.sin());
        r * theta.cos()
    }

    /// Fisher–Yates shuffle.
    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..4).map(|_| Rng::stream(42, 1, 7).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let mut x = Rng::stream(42, 1, 7);
        let mut y = Rng::stream(42, 1, 8);
        let mut z = Rng::stream(42, 2, 7);
        let (vx, vy, vz) = (x.next_u64(), y.next_u64(), z.next_u64());
        assert_ne!(vx, vy);
        assert_ne!(vx, vz);
    }

    #[test]
    fn normal_has_unit_moments() {
        let mut r = Rng::stream(1, 2, 3);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| r.normal()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.02, "var {var}");
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut r = Rng::stream(5, 5, 5);
        let mut seen = [0u32; 7];
        for _ in 0..7_000 {
            let k = r.below(7) as usize;
            assert!(k < 7);
            seen[k] += 1;
        }
        assert!(seen.iter().all(|&c| c > 800), "{seen:?}");
        assert_eq!(r.below(0), 0);
    }
}
