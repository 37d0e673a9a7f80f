//! Cartelera's browser app (Leptos, client-side rendering, compiled to
//! WebAssembly).
//!
//! Not built yet: the app is issue #3. Until then this package holds the
//! workspace's integration tests (`tests/`), which exercise the pipeline on
//! the repository's real data files.
