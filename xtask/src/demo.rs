//! `cargo xtask demo`: build the data, train, and show answers.

use std::path::Path;
use std::process::Command;

use crate::{build_cli, cartelera_bin, run, Result, BUILD_DIR};

fn has_csv(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.path().extension().is_some_and(|x| x == "csv"))
    })
}

/// Builds the pipeline's outputs in `data/build/`: synthetic ratings
/// (small preset unless `full`; kept when present), the ETL, training.
pub(crate) fn build_data(full: bool) -> Result {
    build_cli()?;
    let bin = cartelera_bin();
    let ratings = Path::new(BUILD_DIR).join("ratings");
    if full || !has_csv(&ratings) {
        let mut synth = Command::new(&bin);
        synth.args(["synth-ratings", "--out"]).arg(&ratings);
        if !full {
            synth.arg("--small");
        }
        run(&mut synth)?;
    } else {
        eprintln!(
            "using the ratings already in {} (delete it to regenerate)",
            ratings.display()
        );
    }
    run(Command::new(&bin)
        .args(["etl", "--raw", "data/raw", "--ratings"])
        .arg(&ratings)
        .args(["--out", BUILD_DIR]))?;
    run(Command::new(&bin)
        .args(["train", "--ratings"])
        .arg(format!("{BUILD_DIR}/ratings.parquet"))
        .args(["--out", &format!("{BUILD_DIR}/model")]))?;
    Ok(())
}

/// `cargo xtask demo [--full] [--fast]`: the data, a few answers on the
/// terminal, the site (`dist/`), then serves it on localhost.
pub(crate) fn demo(args: &[String]) -> Result {
    let full = args.iter().any(|a| a == "--full");
    let fast = args.iter().any(|a| a == "--fast");
    build_data(full)?;
    let bin = cartelera_bin();
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
    crate::dist::dist(&crate::dist::DistOptions {
        fast,
        out: "dist".into(),
    })?;
    crate::serve::serve_site(std::path::Path::new("dist"))
}
