//! End-to-end tests: the real built site (`cargo xtask dist --fast`) served
//! by a plain static server, driven in headless Chromium through
//! chromedriver, checked for what a person sees.
//!
//! They need the built site and Chromium, so they are `#[ignore]`d in a
//! plain `cargo test`; `cargo xtask test` builds the site, sets
//! `CARTELERA_E2E_SITE` and runs them with `--ignored`.

mod browser;
mod site;

mod bench;
mod eda;
mod import;
mod links;
mod offline;
mod queries;
mod reco;
mod search;
mod security;
mod shell;
mod spark;
mod taste;
mod train;
mod watchlist;

use std::path::Path;

/// What `cartelera ARGS…` prints on stdout, run in process; it must
/// succeed.
pub fn cli_stdout<S: AsRef<str>>(args: &[S]) -> Vec<u8> {
    let argv: Vec<String> = std::iter::once("cartelera")
        .chain(args.iter().map(AsRef::as_ref))
        .map(String::from)
        .collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = cartelera::cli::run(argv.clone(), &mut out, &mut err);
    assert_eq!(
        code,
        0,
        "{argv:?} failed: {}",
        String::from_utf8_lossy(&err)
    );
    out
}

/// What `cartelera ARGS… --json --data DIR` prints, parsed (`DIR`: the
/// pipeline's outputs, [`site::pipeline_data`]).
pub fn cli_json(data: &Path, args: &[&str]) -> serde_json::Value {
    let mut argv: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    argv.extend(["--json".into(), "--data".into(), data.display().to_string()]);
    serde_json::from_slice(&cli_stdout(&argv)).expect("the CLI prints JSON")
}
