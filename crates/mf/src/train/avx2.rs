//! AVX2 + FMA implementation of the SGD hot loop (x86_64, selected at run
//! time). Same arithmetic as the portable kernel in `kernel.rs`, plus:
//!
//! * **Prefetching**: the factor rows and biases of the rating
//!   `PREFETCH_AHEAD` positions ahead are requested early, overlapping
//!   their cache misses with the current update.
//! * **Pairing**: two consecutive ratings that share neither the user nor
//!   the item touch disjoint memory, so updating them "at the same time"
//!   gives exactly the bits of updating them one after the other. Their dot
//!   products and updates are interleaved, giving the out-of-order core two
//!   independent dependency chains (dot → error → update) instead of one.
//!   Pairs that share a row are processed one by one.

use super::step::{error_and_biases, BlockRows, Entry, Hyper};
use std::arch::x86_64::*;

/// How many ratings ahead the rows are prefetched (measured on the
/// reference benchmark: 8 beat 1, 2, 4, 16 and 32).
const PREFETCH_AHEAD: usize = 8;

/// Prefetch the `lines` cache lines starting at the line holding `ptr`.
/// The count is the same for every row, so the loop branch is perfectly
/// predicted (a count that varied with the row's alignment cost a
/// mispredict per row). A prefetch never faults and does not dereference in
/// the language sense; the address is only computed.
#[inline]
#[target_feature(enable = "avx2,fma")]
unsafe fn prefetch_lines(ptr: *const f32, lines: usize) {
    let base = ptr as *const i8;
    let back = (ptr as usize & 63) as isize;
    for l in 0..lines {
        _mm_prefetch::<_MM_HINT_T0>(base.wrapping_offset(l as isize * 64 - back));
    }
}

/// Sum of the eight lanes.
#[inline]
#[target_feature(enable = "avx2,fma")]
unsafe fn hsum(s: __m256) -> f32 {
    let s4 = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps::<1>(s));
    let s2 = _mm_add_ps(s4, _mm_movehl_ps(s4, s4));
    _mm_cvtss_f32(_mm_add_ss(s2, _mm_shuffle_ps::<1>(s2, s2)))
}

/// Dot products `p0·q0` and `p1·q1` of `k`-element rows, interleaved. The
/// arithmetic of each is exactly that of a lone call with the same rows
/// (`pair == false` passes the same pointers twice and uses the first).
#[inline]
#[target_feature(enable = "avx2,fma")]
unsafe fn dot2(
    p0: *const f32,
    q0: *const f32,
    p1: *const f32,
    q1: *const f32,
    k: usize,
) -> (f32, f32) {
    let z = _mm256_setzero_ps();
    // Two accumulators per product hide the FMA latency; each product's
    // summation order is fixed (lanes, then a+b, then the 4-wide tail).
    let (mut a0, mut b0, mut a1, mut b1) = (z, z, z, z);
    let mut c = 0;
    while c + 16 <= k {
        a0 = _mm256_fmadd_ps(_mm256_loadu_ps(p0.add(c)), _mm256_loadu_ps(q0.add(c)), a0);
        a1 = _mm256_fmadd_ps(_mm256_loadu_ps(p1.add(c)), _mm256_loadu_ps(q1.add(c)), a1);
        b0 = _mm256_fmadd_ps(
            _mm256_loadu_ps(p0.add(c + 8)),
            _mm256_loadu_ps(q0.add(c + 8)),
            b0,
        );
        b1 = _mm256_fmadd_ps(
            _mm256_loadu_ps(p1.add(c + 8)),
            _mm256_loadu_ps(q1.add(c + 8)),
            b1,
        );
        c += 16;
    }
    if c + 8 <= k {
        a0 = _mm256_fmadd_ps(_mm256_loadu_ps(p0.add(c)), _mm256_loadu_ps(q0.add(c)), a0);
        a1 = _mm256_fmadd_ps(_mm256_loadu_ps(p1.add(c)), _mm256_loadu_ps(q1.add(c)), a1);
        c += 8;
    }
    let (mut s0, mut s1) = (_mm256_add_ps(a0, b0), _mm256_add_ps(a1, b1));
    if c + 4 <= k {
        // A 4-wide remainder (k = 100) joins the vector sums in the low lanes.
        let t0 = _mm_mul_ps(_mm_loadu_ps(p0.add(c)), _mm_loadu_ps(q0.add(c)));
        let t1 = _mm_mul_ps(_mm_loadu_ps(p1.add(c)), _mm_loadu_ps(q1.add(c)));
        s0 = _mm256_add_ps(s0, _mm256_zextps128_ps256(t0));
        s1 = _mm256_add_ps(s1, _mm256_zextps128_ps256(t1));
        c += 4;
    }
    let (mut d0, mut d1) = (hsum(s0), hsum(s1));
    while c < k {
        d0 = (*p0.add(c)).mul_add(*q0.add(c), d0);
        d1 = (*p1.add(c)).mul_add(*q1.add(c), d1);
        c += 1;
    }
    (d0, d1)
}

/// Coefficients of one factor update: `p = kp*p + bp*q`, `q = kq*q + bq*p_old`.
#[derive(Clone, Copy)]
struct Coef {
    kp: __m256,
    kq: __m256,
    bp: __m256,
    bq: __m256,
}

#[inline]
#[target_feature(enable = "avx2,fma")]
unsafe fn coef(h: &Hyper, err: f32) -> Coef {
    Coef {
        kp: _mm256_set1_ps(h.keep_pu),
        kq: _mm256_set1_ps(h.keep_qi),
        bp: _mm256_set1_ps(h.lr_pu * err),
        bq: _mm256_set1_ps(h.lr_qi * err),
    }
}

/// Update 8 factors of one rating at offset `c`.
#[inline]
#[target_feature(enable = "avx2,fma")]
unsafe fn step8(p: *mut f32, q: *mut f32, c: usize, m: &Coef) {
    let x = _mm256_loadu_ps(p.add(c));
    let y = _mm256_loadu_ps(q.add(c));
    _mm256_storeu_ps(p.add(c), _mm256_fmadd_ps(m.bp, y, _mm256_mul_ps(m.kp, x)));
    _mm256_storeu_ps(q.add(c), _mm256_fmadd_ps(m.bq, x, _mm256_mul_ps(m.kq, y)));
}

/// Update 4 factors of one rating at offset `c`.
#[inline]
#[target_feature(enable = "avx2,fma")]
unsafe fn step4(p: *mut f32, q: *mut f32, c: usize, m: &Coef) {
    let (kp, kq) = (_mm256_castps256_ps128(m.kp), _mm256_castps256_ps128(m.kq));
    let (bp, bq) = (_mm256_castps256_ps128(m.bp), _mm256_castps256_ps128(m.bq));
    let x = _mm_loadu_ps(p.add(c));
    let y = _mm_loadu_ps(q.add(c));
    _mm_storeu_ps(p.add(c), _mm_fmadd_ps(bp, y, _mm_mul_ps(kp, x)));
    _mm_storeu_ps(q.add(c), _mm_fmadd_ps(bq, x, _mm_mul_ps(kq, y)));
}

/// Update one scalar factor at offset `c` (same rounding as the vector
/// lanes: a product, then a fused multiply-add).
#[inline]
#[target_feature(enable = "avx2,fma")]
unsafe fn step1(p: *mut f32, q: *mut f32, c: usize, h: &Hyper, err: f32) {
    let (pf, qf) = (*p.add(c), *q.add(c));
    *p.add(c) = (h.lr_pu * err).mul_add(qf, h.keep_pu * pf);
    *q.add(c) = (h.lr_qi * err).mul_add(pf, h.keep_qi * qf);
}

/// Factor updates of one rating.
#[inline]
#[target_feature(enable = "avx2,fma")]
unsafe fn update1(p: *mut f32, q: *mut f32, k: usize, h: &Hyper, err: f32) {
    let m = coef(h, err);
    let mut c = 0;
    while c + 8 <= k {
        step8(p, q, c, &m);
        c += 8;
    }
    if c + 4 <= k {
        step4(p, q, c, &m);
        c += 4;
    }
    while c < k {
        step1(p, q, c, h, err);
        c += 1;
    }
}

/// Factor updates of two ratings on disjoint rows, interleaved.
#[inline]
#[target_feature(enable = "avx2,fma")]
#[allow(clippy::too_many_arguments)]
unsafe fn update2(
    p0: *mut f32,
    q0: *mut f32,
    p1: *mut f32,
    q1: *mut f32,
    k: usize,
    h: &Hyper,
    e0: f32,
    e1: f32,
) {
    let (m0, m1) = (coef(h, e0), coef(h, e1));
    let mut c = 0;
    while c + 8 <= k {
        step8(p0, q0, c, &m0);
        step8(p1, q1, c, &m1);
        c += 8;
    }
    if c + 4 <= k {
        step4(p0, q0, c, &m0);
        step4(p1, q1, c, &m1);
        c += 4;
    }
    while c < k {
        step1(p0, q0, c, h, e0);
        step1(p1, q1, c, h, e1);
        c += 1;
    }
}

/// Start of row `idx` (of `k` floats) in `base`, after checking that the
/// whole row lies inside the `len`-float allocation.
#[inline(always)]
fn row(base: *mut f32, len: usize, idx: u32, k: usize) -> *mut f32 {
    let start = idx as usize * k;
    assert!(start + k <= len, "row {idx} outside its block");
    base.wrapping_add(start)
}

/// SGD over one block; returns the sum of squared errors. `pair` enables
/// the (bit-identical) pairing of independent consecutive ratings.
///
/// # Safety
/// The CPU must support AVX2 and FMA.
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn sgd_block(
    entries: &[Entry],
    rows: BlockRows<'_>,
    k: usize,
    h: &Hyper,
    pair: bool,
) -> f64 {
    let BlockRows { pu, bu, qi, bi } = rows;
    let (pu_len, qi_len) = (pu.len(), qi.len());
    // From here on the factor rows are only reached through these pointers;
    // `row` bounds-checks every access and distinct indices give disjoint
    // rows, so no two live pointers alias.
    let (pu, qi) = (pu.as_mut_ptr(), qi.as_mut_ptr());
    let lines = (k * 4).div_ceil(64) + 1;
    // Addresses only (never dereferenced here): fine alongside `&mut bu`.
    let (bu_addr, bi_addr) = (bu.as_ptr(), bi.as_ptr());
    let prefetch = |j: usize| {
        if let Some(e) = entries.get(j + PREFETCH_AHEAD) {
            prefetch_lines(pu.wrapping_add(e.u as usize * k), lines);
            prefetch_lines(qi.wrapping_add(e.i as usize * k), lines);
            prefetch_lines(bu_addr.wrapping_add(e.u as usize), 1);
            prefetch_lines(bi_addr.wrapping_add(e.i as usize), 1);
        }
    };
    let mut sq = 0.0f64;
    let n = entries.len();
    let mut j = 0;
    while j < n {
        let e0 = &entries[j];
        let (p0, q0) = (row(pu, pu_len, e0.u, k), row(qi, qi_len, e0.i, k));
        if pair && j + 1 < n {
            let e1 = &entries[j + 1];
            if e0.u != e1.u && e0.i != e1.i {
                prefetch(j);
                prefetch(j + 1);
                let (p1, q1) = (row(pu, pu_len, e1.u, k), row(qi, qi_len, e1.i, k));
                let (d0, d1) = dot2(p0, q0, p1, q1, k);
                let err0 = error_and_biases(e0, d0, bu, bi, h);
                let err1 = error_and_biases(e1, d1, bu, bi, h);
                sq += (err0 as f64) * (err0 as f64);
                sq += (err1 as f64) * (err1 as f64);
                update2(p0, q0, p1, q1, k, h, err0, err1);
                j += 2;
                continue;
            }
        }
        prefetch(j);
        let (d0, _) = dot2(p0, q0, p0, q0, k);
        let err0 = error_and_biases(e0, d0, bu, bi, h);
        sq += (err0 as f64) * (err0 as f64);
        update1(p0, q0, k, h, err0);
        j += 1;
    }
    sq
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartelera_det::Rng;

    #[test]
    fn pairing_is_bit_identical_to_one_by_one() {
        if !(is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma")) {
            return;
        }
        let (nu, ni) = (40usize, 30usize);
        for k in [1usize, 5, 12, 100, 101] {
            let mut rng = Rng::new(k as u64);
            // Some consecutive entries share a user or an item on purpose.
            let entries: Vec<Entry> = (0..2000)
                .map(|_| Entry {
                    u: rng.below(nu as u64) as u32,
                    i: rng.below(ni as u64) as u32,
                    r: 1.0 + rng.f32() * 4.0,
                })
                .collect();
            let init = |n: usize, rng: &mut Rng| -> Vec<f32> {
                (0..n).map(|_| rng.normal_with(0.0, 0.1) as f32).collect()
            };
            let (pu, qi) = (init(nu * k, &mut rng), init(ni * k, &mut rng));
            let h = Hyper {
                mu: 3.0,
                biased: true,
                lr_bu: 0.01,
                lr_bi: 0.02,
                reg_bu: 0.02,
                reg_bi: 0.03,
                lr_pu: 0.01,
                lr_qi: 0.015,
                keep_pu: 1.0 - 0.01 * 0.02,
                keep_qi: 1.0 - 0.015 * 0.05,
            };
            let run = |pair: bool| {
                let (mut pu, mut qi) = (pu.clone(), qi.clone());
                let (mut bu, mut bi) = (vec![0.0; nu], vec![0.0; ni]);
                let rows = BlockRows {
                    pu: &mut pu,
                    bu: &mut bu,
                    qi: &mut qi,
                    bi: &mut bi,
                };
                // SAFETY: features checked above.
                let sq = unsafe { sgd_block(&entries, rows, k, &h, pair) };
                (sq, pu, qi, bu, bi)
            };
            let (a, b) = (run(true), run(false));
            assert_eq!(a.0.to_bits(), b.0.to_bits(), "k={k}");
            assert_eq!((&a.1, &a.2, &a.3, &a.4), (&b.1, &b.2, &b.3, &b.4), "k={k}");
        }
    }
}
