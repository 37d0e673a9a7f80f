//! A small deterministic pseudo-random number generator, the one both the
//! trainer and the synthetic-data generator draw from.
//!
//! xoshiro256++ (Blackman & Vigna) seeded through SplitMix64. Built in so a
//! stream does not depend on the version of an external `rand` crate: the
//! synthetic ratings are reproduced byte for byte from their seed, and a
//! trained model from its seed, only as long as these streams never change
//! (the golden-value tests below pin them).
//!
//! Only integer arithmetic and IEEE-754 basic operations (`+ - * /`,
//! `sqrt`, all correctly rounded on every platform) are used by everything
//! but [`Rng::box_muller`], so a seed yields the same stream on x86_64,
//! aarch64 and wasm32. In particular [`Rng::normal`] does **not** call the
//! platform `ln`, whose last bit may differ between libms; where it needs
//! one it uses [`det_ln`], a series built from basic operations only.
//!
//! ```
//! use cartelera_det::rng::Rng;
//! let mut a = Rng::new(7);
//! let mut b = Rng::new(7);
//! assert_eq!(a.below(100), b.below(100));
//! let x = a.f64();
//! assert!((0.0..1.0).contains(&x));
//! ```

/// SplitMix64's golden-ratio increment.
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's finaliser: a bijection on `u64` (distinct inputs never
/// collide), which makes it a safe way to derive keys for independent
/// streams, e.g. `mix64(mix64(seed) ^ purpose) ^ index`.
///
/// ```
/// use cartelera_det::rng::mix64;
/// assert_ne!(mix64(1), mix64(2));
/// ```
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// SplitMix64 step; used to expand a 64-bit seed into xoshiro's 256-bit state
/// (the seeding procedure recommended by xoshiro's authors).
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(GOLDEN);
    mix64(*state)
}

/// Deterministic xoshiro256++ generator.
#[derive(Clone, Debug)]
pub struct Rng {
    s: [u64; 4],
    /// The second normal of the last Box–Muller pair, not yet returned.
    spare: Option<f64>,
}

impl Rng {
    /// A generator whose whole stream is determined by `seed`.
    pub fn new(seed: u64) -> Self {
        let mut sm = seed;
        let mut s = [0u64; 4];
        for x in &mut s {
            *x = splitmix64(&mut sm);
        }
        // xoshiro must not start from the all-zero state; SplitMix64 never
        // yields four zeros in a row, but make the invariant explicit.
        if s == [0; 4] {
            s[0] = 1;
        }
        Rng { s, spare: None }
    }

    /// Generator number `stream` of the family identified by `seed`.
    ///
    /// Lets independent pieces of work (a factor row, a block) draw from
    /// their own stream, so the numbers they get do not depend on the order
    /// or the thread in which they run.
    pub fn with_stream(seed: u64, stream: u64) -> Self {
        let mut a = seed;
        let mut b = stream ^ 0xD1B5_4A32_D192_ED03;
        Rng::new(splitmix64(&mut a) ^ splitmix64(&mut b).rotate_left(17))
    }

    /// Next 64 uniformly distributed bits.
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[0]
            .wrapping_add(self.s[3])
            .rotate_left(23)
            .wrapping_add(self.s[0]);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform `f64` in `[0, 1)` with 53 random bits.
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform `f32` in `[0, 1)` with 24 random bits.
    pub fn f32(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 * (1.0 / (1u32 << 24) as f32)
    }

    /// Uniform integer in `[0, n)`, without modulo bias (Lemire's
    /// multiply-and-reject). Returns 0 when `n == 0` rather than panicking.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let threshold = n.wrapping_neg() % n;
        loop {
            let m = (self.next_u64() as u128) * (n as u128);
            if (m as u64) >= threshold {
                return (m >> 64) as u64;
            }
        }
    }

    /// Uniform `f64` in `[lo, hi)`.
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f64()
    }

    /// Fisher–Yates shuffle (from the back, like numpy's `shuffle`).
    pub fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            xs.swap(i, j);
        }
    }

    /// Standard normal deviate.
    ///
    /// Leva's ratio-of-uniforms method (ACM TOMS 18(4), 1992): exact, and
    /// its quadratic squeezes skip the logarithm in all but about 1% of the
    /// draws, which makes it several times faster than the polar method with
    /// a portable `ln` (initialising 14 million factors is part of every fit).
    pub fn normal(&mut self) -> f64 {
        loop {
            // u in (0, 1] so that v / u is finite.
            let u = 1.0 - self.f64();
            let v = 1.7156 * (self.f64() - 0.5);
            let x = u - 0.449871;
            let y = v.abs() + 0.386595;
            let q = x * x + y * (0.19600 * y - 0.25472 * x);
            if q < 0.27597 {
                return v / u;
            }
            if q > 0.27846 {
                continue;
            }
            if v * v <= -4.0 * det_ln(u) * u * u {
                return v / u;
            }
        }
    }

    /// Normal deviate with the given mean and standard deviation.
    pub fn normal_with(&mut self, mean: f64, std: f64) -> f64 {
        mean + std * self.normal()
    }

    /// Standard normal deviate by Box–Muller, both outputs of a pair used
    /// (the second is kept for the next call).
    ///
    /// A different stream from [`Rng::normal`], and one that calls the
    /// platform's `ln`, `sin` and `cos`: the synthetic ratings are defined
    /// by it (their byte-identical reproduction depends on it), natively
    /// only. New code wanting portable normals uses [`Rng::normal`].
    pub fn box_muller(&mut self) -> f64 {
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
}

/// Natural logarithm of a positive, normal `x` built from basic IEEE
/// operations only, hence bit-identical on every platform.
///
/// `x = m * 2^e` with `m` in `[sqrt(1/2), sqrt(2))`, then
/// `ln m = 2 atanh(z)`, `z = (m-1)/(m+1)`, `|z| <= 0.1716`, summed to `z^25`
/// (truncation error below 1e-19, i.e. under one ulp).
pub fn det_ln(x: f64) -> f64 {
    const LN_2: f64 = std::f64::consts::LN_2;
    const SQRT_2: f64 = std::f64::consts::SQRT_2;
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return f64::INFINITY;
    }
    let mut xx = x;
    let mut e: i64 = 0;
    // Scale subnormals into the normal range first.
    if xx < f64::MIN_POSITIVE {
        xx *= (1u64 << 54) as f64;
        e -= 54;
    }
    let bits = xx.to_bits();
    e += ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & ((1u64 << 52) - 1)) | (1023u64 << 52));
    if m > SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    // 1 / (2n + 1), evaluated by the compiler (IEEE division, exact rounding).
    const C: [f64; 13] = [
        1.0,
        1.0 / 3.0,
        1.0 / 5.0,
        1.0 / 7.0,
        1.0 / 9.0,
        1.0 / 11.0,
        1.0 / 13.0,
        1.0 / 15.0,
        1.0 / 17.0,
        1.0 / 19.0,
        1.0 / 21.0,
        1.0 / 23.0,
        1.0 / 25.0,
    ];
    let z = (m - 1.0) / (m + 1.0);
    let z2 = z * z;
    let mut t = 0.0;
    for c in C.iter().rev() {
        t = t * z2 + c;
    }
    e as f64 * LN_2 + 2.0 * z * t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_known_values() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        let xs: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(Rng::new(43).next_u64(), xs[0]);
        // SplitMix64 reference value for seed 0 (from Vigna's splitmix64.c).
        let mut s = 0u64;
        assert_eq!(splitmix64(&mut s), 0xE220_A839_7B1D_CDAF);
    }

    /// The streams are part of the data's definition: these values were
    /// produced by the two generators this one replaced (the trainer's and
    /// the synthetic-data generator's), and must never change.
    #[test]
    fn golden_values_never_change() {
        let mut m = Rng::new(42);
        assert_eq!(m.next_u64(), 0xd076_4d4f_4476_689f);
        assert_eq!(m.next_u64(), 0x519e_4174_576f_3791);
        let mut w = Rng::with_stream(1, 2);
        assert_eq!(w.next_u64(), 0x00f6_b9e2_c587_68ec);
        assert_eq!(w.below(1000), 767);
        assert_eq!(w.normal().to_bits(), 4596230536456386014);
        assert_eq!(w.normal().to_bits(), 13825511962727529477);
        assert_eq!(w.f32().to_bits(), 1049983450);

        // The synthetic generator's key for (seed 42, purpose 1, index 7).
        let key = mix64(mix64(mix64(42) ^ GOLDEN) ^ 7);
        let mut r = Rng::new(key);
        assert_eq!(r.next_u64(), 0x3fcd_c1c9_e462_3f87);
        assert_eq!(r.next_u64(), 0x89cc_49f6_e288_413d);
        assert_eq!(
            [r.below(1000), r.below(7), r.below(1 << 40)],
            [310, 5, 941146171239]
        );
        assert_eq!(r.box_muller().to_bits(), 4604384742013118965);
        assert_eq!(r.box_muller().to_bits(), 4604556570302821365);
        assert_eq!(r.box_muller().to_bits(), 13809731207541198624);
        assert_eq!(r.range(2.0, 3.0).to_bits(), 4613631735991110974);
    }

    #[test]
    fn streams_are_distinct_and_reproducible() {
        let a: Vec<u64> = (0..4).map(|s| Rng::with_stream(1, s).next_u64()).collect();
        let b: Vec<u64> = (0..4).map(|s| Rng::with_stream(1, s).next_u64()).collect();
        assert_eq!(a, b);
        let mut c = a.clone();
        c.sort_unstable();
        c.dedup();
        assert_eq!(c.len(), 4);
        assert_ne!(Rng::with_stream(2, 0).next_u64(), a[0]);
    }

    #[test]
    fn uniform_ranges_and_below() {
        let mut r = Rng::new(1);
        for _ in 0..10_000 {
            let x = r.f64();
            assert!((0.0..1.0).contains(&x));
            let y = r.f32();
            assert!((0.0..1.0).contains(&y));
            assert!(r.below(7) < 7);
        }
        assert_eq!(r.below(0), 0);
        assert_eq!(r.below(1), 0);
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let mut r = Rng::new(5);
        let mut v: Vec<u32> = (0..1000).collect();
        r.shuffle(&mut v);
        assert_ne!(v, (0..1000).collect::<Vec<_>>());
        v.sort_unstable();
        assert_eq!(v, (0..1000).collect::<Vec<_>>());
    }

    #[test]
    fn det_ln_matches_std_closely() {
        for &x in &[
            1e-300, 1e-10, 0.001, 0.3, 0.5, 0.999, 1.0, 1.5, 2.0, 10.0, 1e10,
        ] {
            let a = det_ln(x);
            let b = f64::ln(x);
            assert!(
                (a - b).abs() <= 4.0 * f64::EPSILON * b.abs().max(1.0),
                "{x}: {a} vs {b}"
            );
        }
        assert!(det_ln(-1.0).is_nan());
        assert_eq!(det_ln(0.0), f64::NEG_INFINITY);
    }

    #[test]
    fn normal_moments() {
        let mut r = Rng::new(9);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| r.normal_with(1.0, 2.0)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        assert!((mean - 1.0).abs() < 0.02, "mean {mean}");
        assert!((var.sqrt() - 2.0).abs() < 0.02, "std {}", var.sqrt());
        // Shape, not just moments: two-sided tail masses of N(0, 1).
        let z: Vec<f64> = xs.iter().map(|x| (x - 1.0) / 2.0).collect();
        let tail = |t: f64| z.iter().filter(|x| x.abs() > t).count() as f64 / n as f64;
        assert!(
            (tail(1.0) - 0.3173).abs() < 0.005,
            "P(|z|>1) = {}",
            tail(1.0)
        );
        assert!(
            (tail(2.0) - 0.0455).abs() < 0.002,
            "P(|z|>2) = {}",
            tail(2.0)
        );
        assert!(
            (tail(3.0) - 0.0027).abs() < 0.0006,
            "P(|z|>3) = {}",
            tail(3.0)
        );
    }

    /// The synthetic generator's key for (seed, purpose, index).
    fn synth_stream(seed: u64, purpose: u64, index: u64) -> Rng {
        Rng::new(mix64(
            mix64(mix64(seed) ^ purpose.wrapping_mul(GOLDEN)) ^ index,
        ))
    }

    #[test]
    fn box_muller_has_unit_moments() {
        let mut r = synth_stream(1, 2, 3);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| r.box_muller()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.02, "var {var}");
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut r = synth_stream(5, 5, 5);
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
