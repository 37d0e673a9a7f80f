//! Cartelera's browser app (Leptos, client-side rendering, compiled to
//! WebAssembly).
//!
//! The pure parts, [`route`] (the page's address), [`i18n`] (its two
//! languages), [`format`] (how values read on screen), [`watchlist`]
//! (the visitor's lists and their file) and [`shell`] (the markup
//! `index.html` shows before the wasm starts), build and are
//! tested natively; `app`, everything that touches the DOM, exists only for
//! wasm32. Answers come from `cartelera-core`, never from this crate.

pub mod cover;
pub mod format;
pub mod i18n;
pub mod picks;
pub mod route;
pub mod shell;
pub mod watchlist;

#[cfg(target_arch = "wasm32")]
mod app;

/// The wasm entry point: mounts the app.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    app::start();
}
