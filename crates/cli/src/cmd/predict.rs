//! `cartelera predict`: load a factor file, ask `cartelera-recommender`
//! (the code the API and the page run too) for one user × title, print.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use cartelera_recommender::Recommender;
use clap::Args;

use crate::model_io::factor_file::load_model;
use crate::model_io::DEFAULT_MODEL_DIR;

/// `cartelera predict`.
#[derive(Debug, Args)]
pub struct PredictArgs {
    /// Factor-file folder.
    #[arg(long, default_value = DEFAULT_MODEL_DIR)]
    model: PathBuf,
    /// User id.
    #[arg(long)]
    user: String,
    /// Title id, such as ns2186.
    #[arg(long)]
    title: String,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// Runs `cartelera predict`.
pub fn run(args: PredictArgs, out: &mut dyn Write) -> Result<()> {
    let recommender = Recommender::new(load_model(&args.model)?);
    let answer = recommender.predict(&args.user, &args.title);
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&answer)?)?;
    } else {
        writeln!(
            out,
            "user {} × {}: predicted {:.2}{}{}",
            answer.user,
            answer.title,
            answer.prediction,
            answer
                .actual
                .map_or(String::new(), |a| format!(" (rated {a})")),
            answer
                .fallback
                .as_ref()
                .map_or(String::new(), |f| format!(" [{f}]")),
        )?;
    }
    Ok(())
}
