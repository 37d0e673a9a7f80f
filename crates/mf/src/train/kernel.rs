//! The SGD hot loop: one pass over one block of ratings.
//!
//! Per rating (Surprise's `SVD.sgd`):
//!
//! ```text
//! err  = r - (mu + bu[u] + bi[i] + q_i · p_u)
//! bu[u] += lr_bu * (err - reg_bu * bu[u])
//! bi[i] += lr_bi * (err - reg_bi * bi[i])
//! for f: puf, qif = p_u[f], q_i[f]            (old values)
//!        p_u[f] += lr_pu * (err * qif - reg_pu * puf)
//!        q_i[f] += lr_qi * (err * puf - reg_qi * qif)
//! ```
//!
//! The factor update is evaluated in the algebraically identical form
//! `p_u[f] = (1 - lr_pu*reg_pu) * puf + (lr_pu*err) * qif` (and likewise for
//! `q_i`), which needs one multiply and one fused multiply-add per element
//! instead of two of each; rounding differs from the literal form only in the
//! last bits.
//!
//! Two implementations: an AVX2+FMA one (`avx2.rs`; x86_64, chosen at run
//! time with `is_x86_feature_detected!`, no `target-cpu` flag needed) and the
//! portable one below, written with `chunks_exact(8)` and independent
//! accumulators so that LLVM vectorises it for SSE2, NEON or wasm `simd128`.
//! They round differently (fused vs separate multiply-add), so bit-identical
//! results need the same code path, i.e. the same binary on CPUs with the
//! same feature level. Both check every row index against the block's rows
//! (one comparison per rating), so a bad index panics instead of corrupting
//! memory; the layout makes that unreachable.
//!
//! What both implementations read and write (`Entry`, `Hyper`, `BlockRows`)
//! and their shared bias step live in `step.rs`, so neither kernel imports
//! the other: this module dispatches to `avx2.rs`, and `avx2.rs` only needs
//! `step.rs`.

use super::step::{error_and_biases, BlockRows, Entry, Hyper};

/// Which implementation of the hot loop to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Simd {
    Portable,
    #[cfg(target_arch = "x86_64")]
    Avx2Fma,
}

impl Simd {
    /// The fastest implementation this CPU supports.
    pub fn detect() -> Simd {
        #[cfg(target_arch = "x86_64")]
        {
            if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
                return Simd::Avx2Fma;
            }
        }
        Simd::Portable
    }

    /// Human-readable name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Simd::Portable => "portable",
            #[cfg(target_arch = "x86_64")]
            Simd::Avx2Fma => "avx2+fma",
        }
    }
}

/// Run SGD over `entries` in order; returns the sum of squared errors
/// (computed before each update, as Surprise's loop sees them).
///
/// Panics only if an entry indexes beyond `rows`, which the block layout
/// rules out by construction (indices are validated before bucketing).
pub(crate) fn sgd_block(
    entries: &[Entry],
    rows: BlockRows<'_>,
    k: usize,
    h: &Hyper,
    simd: Simd,
) -> f64 {
    assert!(k > 0 && rows.pu.len() == rows.bu.len() * k && rows.qi.len() == rows.bi.len() * k);
    match simd {
        Simd::Portable => portable(entries, rows, k, h),
        // SAFETY: `Avx2Fma` is only constructed by `Simd::detect` after the
        // CPU reported both features.
        #[cfg(target_arch = "x86_64")]
        Simd::Avx2Fma => unsafe { super::avx2::sgd_block(entries, rows, k, h, true) },
    }
}

fn portable(entries: &[Entry], rows: BlockRows<'_>, k: usize, h: &Hyper) -> f64 {
    let BlockRows { pu, bu, qi, bi } = rows;
    let mut sq = 0.0f64;
    for e in entries {
        let (u, i) = (e.u as usize * k, e.i as usize * k);
        let p = &mut pu[u..u + k];
        let q = &mut qi[i..i + k];
        let err = error_and_biases(e, crate::model::dot(p, q), bu, bi, h);
        sq += (err as f64) * (err as f64);
        let (bp, bq) = (h.lr_pu * err, h.lr_qi * err);
        let mut pc = p.chunks_exact_mut(8);
        let mut qc = q.chunks_exact_mut(8);
        for (x, y) in (&mut pc).zip(&mut qc) {
            for l in 0..8 {
                let (pf, qf) = (x[l], y[l]);
                x[l] = h.keep_pu * pf + bp * qf;
                y[l] = h.keep_qi * qf + bq * pf;
            }
        }
        for (x, y) in pc.into_remainder().iter_mut().zip(qc.into_remainder()) {
            let (pf, qf) = (*x, *y);
            *x = h.keep_pu * pf + bp * qf;
            *y = h.keep_qi * qf + bq * pf;
        }
    }
    sq
}
