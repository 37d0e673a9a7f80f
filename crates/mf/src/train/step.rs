//! What one SGD step reads and writes, shared by the portable kernel
//! (`kernel.rs`) and the AVX2 one (`avx2.rs`): the block's ratings, the
//! learning constants, the rows a block may touch, and the bias update
//! both kernels perform identically. A leaf module, so the two kernels
//! depend on it and not on each other.

/// One rating inside a block, with row indices local to the block's user and
/// item ranges. 12 bytes, read sequentially.
#[derive(Clone, Copy, Debug, PartialEq)]
#[repr(C)]
pub(crate) struct Entry {
    pub u: u32,
    pub i: u32,
    pub r: f32,
}

/// Learning constants, with the factor-update coefficients precomputed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hyper {
    pub mu: f32,
    pub biased: bool,
    pub lr_bu: f32,
    pub lr_bi: f32,
    pub reg_bu: f32,
    pub reg_bi: f32,
    pub lr_pu: f32,
    pub lr_qi: f32,
    /// `1 - lr_pu * reg_pu`
    pub keep_pu: f32,
    /// `1 - lr_qi * reg_qi`
    pub keep_qi: f32,
}

/// Mutable rows one block may touch: its user range and its item range.
pub(crate) struct BlockRows<'a> {
    pub pu: &'a mut [f32],
    pub bu: &'a mut [f32],
    pub qi: &'a mut [f32],
    pub bi: &'a mut [f32],
}

/// Bias updates and error, shared by both implementations.
#[inline(always)]
pub(crate) fn error_and_biases(
    e: &Entry,
    dot: f32,
    bu: &mut [f32],
    bi: &mut [f32],
    h: &Hyper,
) -> f32 {
    let (u, i) = (e.u as usize, e.i as usize);
    if h.biased {
        let (b_u, b_i) = (bu[u], bi[i]);
        let err = e.r - (h.mu + b_u + b_i + dot);
        bu[u] = b_u + h.lr_bu * (err - h.reg_bu * b_u);
        bi[i] = b_i + h.lr_bi * (err - h.reg_bi * b_i);
        err
    } else {
        e.r - dot
    }
}
