//! Serving the built site locally: `cartelera serve` (the HTTP API, which
//! also serves `dist/`), so the demo gives the page and the API at once.

use std::path::Path;
use std::process::Command;

use crate::exec::{cartelera_bin, run, Result, BUILD_DIR};

/// Serves `site` and the API on http://127.0.0.1:8080/ until interrupted.
pub(crate) fn serve_site(site: &Path) -> Result {
    let port = std::env::var("CARTELERA_PORT").unwrap_or_else(|_| "8080".into());
    println!("\nServing the page and the API at http://127.0.0.1:{port}/ (Ctrl-C stops it)");
    run(Command::new(cartelera_bin())
        .args(["serve", "--port", &port, "--data", BUILD_DIR, "--dist"])
        .arg(site))
}
