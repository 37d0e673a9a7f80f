//! Wall-clock seconds without breaking WebAssembly.
//!
//! `std::time::Instant::now()` panics on `wasm32-unknown-unknown`, so timing
//! goes through a clock closure: [`default_clock`] uses `Instant` natively
//! and returns a constant 0 on wasm32, where a caller that wants timings can
//! pass its own closure (for example one wrapping `performance.now()`) to
//! [`crate::train::fit_with_clock`].

/// Seconds elapsed since the clock was created.
#[cfg(not(target_arch = "wasm32"))]
pub fn default_clock() -> impl Fn() -> f64 {
    let t0 = std::time::Instant::now();
    move || t0.elapsed().as_secs_f64()
}

/// Always 0 on wasm32 (see the module documentation).
#[cfg(target_arch = "wasm32")]
pub fn default_clock() -> impl Fn() -> f64 {
    || 0.0
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    #[test]
    fn native_clock_is_monotone() {
        let c = super::default_clock();
        let a = c();
        let b = c();
        assert!(a >= 0.0 && b >= a);
    }
}
