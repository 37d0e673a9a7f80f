//! `cartelera predict` and `cartelera recommend`: answers from a factor
//! file, computed by `cartelera-mf` (the code the browser runs too).

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use cartelera_core::{Catalog, Platform};
use cartelera_mf::recommend::{top_n, UserRef};
use clap::Args;
use serde::Serialize;

use crate::model_convert::to_svd_model;
use crate::model_io::{load_model, DEFAULT_MODEL_DIR};

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

/// `cartelera recommend`.
#[derive(Debug, Args)]
pub struct RecommendArgs {
    /// Factor-file folder.
    #[arg(long, default_value = DEFAULT_MODEL_DIR)]
    model: PathBuf,
    /// User id.
    #[arg(long)]
    user: String,
    /// How many titles.
    #[arg(short = 'n', long = "n", default_value_t = 10)]
    n: usize,
    /// Only titles of this platform.
    #[arg(long)]
    platform: Option<String>,
    /// Folder holding titles.parquet (for the titles' names).
    #[arg(long, default_value = crate::data::DEFAULT_DATA_DIR)]
    data: PathBuf,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// A predicted rating and how it decomposes.
#[derive(Debug, Serialize)]
pub struct PredictAnswer {
    /// User id asked for.
    pub user: String,
    /// Title id asked for.
    pub title: String,
    /// The prediction, clipped to the rating scale.
    pub prediction: f32,
    /// Global mean μ.
    pub global_mean: f32,
    /// b_u (null when the user is unknown).
    pub user_bias: Option<f32>,
    /// b_i (null when the title is unknown).
    pub title_bias: Option<f32>,
    /// q_iᵀp_u (null unless both are known).
    pub taste_match: Option<f32>,
    /// The model knows the user.
    pub known_user: bool,
    /// The model knows the title.
    pub known_title: bool,
    /// What the answer fell back to, when it did.
    pub fallback: Option<String>,
    /// The user's own (training) rating of the title, if any.
    pub actual: Option<f32>,
}

/// One recommended title.
#[derive(Debug, Serialize)]
pub struct Recommended {
    /// Title id.
    pub id: String,
    /// Title (null when the catalog is not at hand).
    pub title: Option<String>,
    /// Platform (from the id's initial).
    pub platform: Option<Platform>,
    /// Predicted rating before clipping (the ranking score).
    pub score: f32,
}

/// A top-N list.
#[derive(Debug, Serialize)]
pub struct RecommendAnswer {
    /// User id asked for.
    pub user: String,
    /// The model knows the user.
    pub known_user: bool,
    /// Platform filter.
    pub platform: Option<Platform>,
    /// What the list fell back to, when it did.
    pub fallback: Option<String>,
    /// Best first.
    pub items: Vec<Recommended>,
}

fn fallback_note(known_user: bool, known_title: bool) -> Option<String> {
    match (known_user, known_title) {
        (true, true) => None,
        (false, true) => Some("unknown user: global mean + title bias".into()),
        (true, false) => Some("unknown title: global mean + user bias".into()),
        (false, false) => Some("unknown user and title: global mean".into()),
    }
}

/// Runs `cartelera predict`.
pub fn predict(args: PredictArgs, out: &mut dyn Write) -> Result<()> {
    let stored = load_model(&args.model)?;
    let model = to_svd_model(&stored);
    let user = stored
        .user_ids
        .iter()
        .position(|u| *u == args.user)
        .map(|u| u as u32);
    let item = stored
        .item_ids
        .iter()
        .position(|i| *i == args.title)
        .map(|i| i as u32);
    let p = model.predict(user, item);
    let actual = user.zip(item).and_then(|(u, i)| {
        stored.user_history[u as usize]
            .iter()
            .find(|(h, _)| *h == i)
            .map(|&(_, half)| f32::from(half) / 2.0)
    });
    let answer = PredictAnswer {
        user: args.user,
        title: args.title,
        prediction: p.value,
        global_mean: p.mu,
        user_bias: p.user_bias,
        title_bias: p.item_bias,
        taste_match: p.dot,
        known_user: p.known_user,
        known_title: p.known_item,
        fallback: fallback_note(p.known_user, p.known_item),
        actual,
    };
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

/// Runs `cartelera recommend`.
pub fn recommend(args: RecommendArgs, out: &mut dyn Write) -> Result<()> {
    let platform = args
        .platform
        .as_deref()
        .map(str::parse::<Platform>)
        .transpose()?;
    let stored = load_model(&args.model)?;
    let model = to_svd_model(&stored);
    let catalog: Option<Catalog> = crate::data::load_catalog(&args.data).ok();
    let user = stored
        .user_ids
        .iter()
        .position(|u| *u == args.user)
        .map(|u| u as u32)
        .filter(|&u| model.knows_user(u));
    let rated: Vec<u32> = user.map_or_else(Vec::new, |u| {
        stored.user_history[u as usize]
            .iter()
            .map(|&(i, _)| i)
            .collect()
    });
    let who = user.map_or(UserRef::Anonymous, UserRef::Known);
    let ids = &stored.item_ids;
    let top = top_n(&model, who, args.n, &rated, |i| {
        platform.is_none_or(|p| Platform::from_id(&ids[i as usize]) == Some(p))
    })?;
    let answer = RecommendAnswer {
        user: args.user,
        known_user: user.is_some(),
        platform,
        fallback: user
            .is_none()
            .then(|| "unknown user: titles ranked by global mean + title bias".to_string()),
        items: top
            .into_iter()
            .map(|(i, score)| {
                let id = ids[i as usize].clone();
                Recommended {
                    title: catalog
                        .as_ref()
                        .and_then(|c| c.get(&id))
                        .map(|t| t.title.clone()),
                    platform: Platform::from_id(&id),
                    id,
                    score,
                }
            })
            .collect(),
    };
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&answer)?)?;
    } else {
        if let Some(f) = &answer.fallback {
            writeln!(out, "[{f}]")?;
        }
        for (rank, r) in answer.items.iter().enumerate() {
            writeln!(
                out,
                "{:>3}. {:.2}  {}  {}",
                rank + 1,
                r.score,
                r.id,
                r.title.as_deref().unwrap_or("")
            )?;
        }
    }
    Ok(())
}
