//! `cartelera predict`: turn the flags into the request's `(parameter,
//! value)` pairs, parse them with `cartelera-recommender`'s request parser
//! (the API's and the page's), load a factor file, ask
//! `cartelera-recommender` for one user × title, print.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use cartelera_recommender::{PredictRequest, Recommender};
use clap::Args;

use crate::model_io::factor_file::load_model;
use crate::model_io::DEFAULT_MODEL_DIR;

use super::flag;

/// `cartelera predict`.
#[derive(Debug, Args)]
pub struct PredictArgs {
    /// Factor-file folder.
    #[arg(long, default_value = DEFAULT_MODEL_DIR)]
    model: PathBuf,
    /// User id (required).
    #[arg(long)]
    user: Option<String>,
    /// Title id, such as ns2186 (required).
    #[arg(long)]
    title: Option<String>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// Runs `cartelera predict`.
pub fn run(args: PredictArgs, out: &mut dyn Write) -> Result<()> {
    // Parameters are checked before the model is loaded: a typo fails fast.
    let request =
        PredictRequest::parse([("user", flag(&args.user)), ("title", flag(&args.title))])?;
    let recommender = Recommender::new(load_model(&args.model)?);
    let answer = recommender.predict(&request.user, &request.title);
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
