//! `cargo xtask demo`: build the data and train (once), show answers,
//! build the site and serve it.

use std::process::Command;

use crate::data::build_data;
use crate::exec::{run, Cli, Result, BUILD_DIR};

/// `cargo xtask demo [--full] [--fast]`: the data, a few answers on the
/// terminal, the site (`dist/`), then serves it on localhost.
pub(crate) fn demo(args: &[String]) -> Result {
    let full = args.iter().any(|a| a == "--full");
    let fast = args.iter().any(|a| a == "--fast");
    let data = build_data(full, Cli::Release)?;
    let bin = data.bin.clone();
    for query in [
        "get_max_duration --year 2019 --platform hulu --duration-type min",
        "get_score_count --platform netflix --scored 3.5 --year 2020",
        "get_count_platform --platform disney",
        "get_actor --platform amazon --year 2018",
    ] {
        run(Command::new(&bin)
            .arg("query")
            .args(query.split(' '))
            .args(["--data", BUILD_DIR]))?;
    }
    run(Command::new(&bin).args(["recommend", "--user", "1", "-n", "5"]))?;
    println!("\nOutputs in {BUILD_DIR}/: titles.parquet, ratings.parquet, etl_report.json, model/");
    println!(
        "Try: {} query get_actor --platform netflix --year 2019 --json",
        bin.display()
    );
    // The data was built above, once: the site reuses it.
    crate::dist::build_site(
        &crate::dist::DistOptions {
            fast,
            out: "dist".into(),
            model: None,
        },
        &data,
    )?;
    crate::serve::serve_site(std::path::Path::new("dist"))
}
