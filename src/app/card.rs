//! The model cards of both models: the taste model's (what it learned
//! from, its settings and its evaluation on real MovieLens ratings) and
//! the ratings model's (hyperparameters, data size, date, test RMSE/MAE
//! against the baselines, ranking metrics, the model charts), each read
//! from its factor file; and the "available offline" switch that downloads
//! every user shard of the ratings model.

use std::sync::Arc;

use leptos::prelude::*;
use serde_json::Value;

use super::model::{fetch_shard, ModelLoad, PageModel, Shard};
use super::needs_model::{NeedsModel, NeedsTaste};
use super::state::AppState;
use super::taste::PageTaste;
use super::widgets::Link;
use crate::i18n::{self, Msg};
use crate::route::{Route, View};
use cartelera_core::Lang;

/// A card value for display in `lang`'s notation: whole numbers grouped,
/// others with up to 4 decimals (no trailing zeros).
fn shown(lang: Lang, v: &Value) -> String {
    match v {
        Value::Number(n) => match (n.as_u64(), n.as_f64()) {
            (Some(whole), _) => lang.int(whole),
            (None, Some(x)) if x.abs() >= 1000.0 => lang.dec(x, 0),
            (None, Some(x)) => {
                let text = lang.dec(x, 4);
                let mark = lang.decimal_mark();
                if text.contains(mark) {
                    text.trim_end_matches('0')
                        .trim_end_matches(mark)
                        .to_string()
                } else {
                    text
                }
            }
            (None, None) => n.to_string(),
        },
        Value::String(s) => s.clone(),
        Value::Null => "—".into(),
        other => other.to_string(),
    }
}

/// The (label, JSON pointer) rows of the card, in reading order.
const ROWS: &[(Msg, &str)] = &[
    (Msg::CardSource, "/source"),
    (Msg::CardFactors, "/hyperparameters/n_factors"),
    (Msg::CardEpochs, "/hyperparameters/n_epochs"),
    (Msg::CardLearningRate, "/hyperparameters/lr_all"),
    (Msg::CardRegularisation, "/hyperparameters/reg_all"),
    (Msg::CardTrainRatings, "/metrics/n_train"),
    (Msg::CardTestRatings, "/metrics/n_test"),
    (Msg::CardUsers, "/metrics/n_users"),
    (Msg::CardTitles, "/metrics/n_items"),
    (Msg::CardRmse, "/metrics/rmse"),
    (Msg::CardMae, "/metrics/mae"),
    (
        Msg::CardBaselineRmse,
        "/metrics/baselines/baseline_only/rmse",
    ),
    (Msg::CardMeanRmse, "/metrics/baselines/global_mean/rmse"),
    (Msg::CardPrecision, "/metrics/precision_at_10"),
    (Msg::CardRecall, "/metrics/recall_at_10"),
    (Msg::CardNdcg, "/metrics/ndcg_at_10"),
    (Msg::CardFitSeconds, "/metrics/fit_seconds"),
    (Msg::CardStorage, "/stored/precision"),
    (Msg::CardStorageCost, "/stored/delta_rmse"),
    // A Spark model imported by `cartelera import-als`: the job's own card
    // (spark/train_als.py) under `spark_job`, its sizes beside it.
    (Msg::CardFactors, "/rank"),
    (Msg::CardRegularisation, "/spark_job/hyperparameters/reg"),
    (Msg::CardTrainRatings, "/spark_job/n_train"),
    (Msg::CardTestRatings, "/spark_job/n_test"),
    (Msg::CardUsers, "/n_users"),
    (Msg::CardTitles, "/n_items"),
    (Msg::CardRmse, "/spark_job/metrics/rmse"),
    (Msg::CardMae, "/spark_job/metrics/mae"),
    (
        Msg::CardBaselineRmse,
        "/spark_job/metrics/baseline_only_rmse",
    ),
    (Msg::CardFitSeconds, "/spark_job/seconds/fit"),
    (Msg::CardHistoryRatings, "/history/ratings"),
];

/// The (label, JSON pointer) rows of the taste model's card.
const TASTE_ROWS: &[(Msg, &str)] = &[
    (Msg::CardSource, "/source"),
    (Msg::CardRatings, "/data/ratings"),
    (Msg::CardUsers, "/data/users"),
    (Msg::CardTitles, "/data/catalog_titles"),
    (Msg::CardLinkedMovies, "/data/linked_movies"),
    (Msg::CardFeatures, "/data/features"),
    (Msg::CardFactors, "/params/factors"),
    (Msg::CardEpochs, "/params/epochs"),
    (Msg::CardFitSeconds, "/fit_seconds"),
];

/// `?view=model`: both models' cards.
#[component]
pub fn ModelView() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="model-cards">
            <h1 id="model-heading">{move || state.t(Msg::NavModel)}</h1>
            <p class="help">{move || state.t(Msg::ModelHelp)}</p>
            <section class="model-card taste-card" aria-labelledby="taste-card-heading">
                <h2 id="taste-card-heading">{move || state.t(Msg::TasteModelHeading)}</h2>
                <NeedsTaste ready=taste_card/>
            </section>
            <section class="model-card ratings-card" aria-labelledby="ratings-card-heading">
                <h2 id="ratings-card-heading">{move || state.t(Msg::RatingsModelHeading)}</h2>
                <NeedsModel ready=model_card/>
            </section>
        </div>
    }
}

/// One evaluation table of the taste card: a row per method, the columns
/// named by `columns` (label, JSON key).
fn eval_table(
    caption: Msg,
    rows: &Value,
    columns: &'static [(&'static str, &'static str)],
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang.get_untracked();
    let rows = rows.as_array().cloned().unwrap_or_default();
    view! {
        <table class="eval">
            <caption>{move || state.t(caption)}</caption>
            <thead><tr>
                <th scope="col">{move || state.t(Msg::CardModelName)}</th>
                {columns.iter().map(|&(label, _)| view! { <th scope="col">{label}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|row| view! {
                    <tr>
                        <th scope="row">{row.get("name").map_or_else(String::new, |v| shown(lang, v))}</th>
                        {columns.iter().map(|&(_, key)| view! { <td>{row.get(key).map_or_else(String::new, |v| shown(lang, v))}</td> }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The taste model's card: what it learned from, its settings, and its
/// evaluation (a), (b), (c) when the file carries one.
fn taste_card(taste: Arc<PageTaste>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let card = taste.recommender.card().clone();
    let lang = state.lang.get_untracked();
    let rows = TASTE_ROWS
        .iter()
        .filter_map(|&(label, pointer)| card.pointer(pointer).map(|v| (label, shown(lang, v))))
        .map(|(label, value)| view! { <dt>{move || state.t(label)}</dt><dd>{value}</dd> })
        .collect_view();
    const RANK: &[(&str, &str)] = &[
        ("NDCG@10", "ndcg_at_10"),
        ("Recall@10", "recall_at_10"),
        ("Precision@10", "precision_at_10"),
        ("n", "users"),
    ];
    let evaluation = match card.pointer("/evaluation").filter(|e| e.is_object()) {
        Some(e) => view! {
            <h3>{move || state.t(Msg::TasteEvaluation)}</h3>
            {eval_table(Msg::EvalAccuracy, &e["accuracy"], &[("RMSE", "rmse"), ("MAE", "mae")])}
            {eval_table(Msg::EvalColdStart, &e["cold_start"], RANK)}
            {eval_table(Msg::EvalNewVisitor, &e["new_visitor"], RANK)}
            {e.get("text").and_then(Value::as_str).map(|text| view! { <details><summary>"cartelera taste"</summary><pre class="eval-text">{text.to_string()}</pre></details> })}
        }
        .into_any(),
        None => view! {
            <h3>{move || state.t(Msg::TasteEvaluation)}</h3>
            <p class="muted">{move || state.t(Msg::TasteNoEvaluation)}</p>
        }
        .into_any(),
    };
    view! {
        <p class="help">{move || state.t(Msg::TasteModelHelp)}</p>
        <dl class="facts">{rows}</dl>
        {evaluation}
    }
}

/// The card of the loaded model, and the offline switch.
fn model_card(model: &PageModel) -> impl IntoView {
    let state = expect_context::<AppState>();
    let fetch_all = move |_| {
        let missing: Vec<u32> = state.model.with_untracked(|m| match m {
            ModelLoad::Ready(model) => (0..model.manifest.n_shards)
                .filter(|s| !model.shards.contains_key(s))
                .collect(),
            _ => Vec::new(),
        });
        for shard in missing {
            fetch_shard(state.model, shard);
        }
    };
    let card = model.recommender.card().clone();
    let created = card
        .pointer("/created_unix")
        .and_then(Value::as_i64)
        .map(|secs| {
            let days = (secs / 86_400) as i32;
            cartelera_core::Date::from_days(days)
        });
    let lang = state.lang.get_untracked();
    let rows = ROWS
        .iter()
        .filter_map(|&(label, pointer)| card.pointer(pointer).map(|v| (label, shown(lang, v))))
        .map(|(label, value)| view! { <dt>{move || state.t(label)}</dt><dd>{value}</dd> })
        .collect_view();
    let n_shards = model.manifest.n_shards;
    let ready = model
        .shards
        .values()
        .filter(|s| **s == Shard::Ready)
        .count();
    let (k, precision, n_users, n_items) = (
        model.manifest.k,
        model.manifest.precision.as_str(),
        model.manifest.n_users,
        model.manifest.n_items,
    );
    view! {
        <div class="ratings-card-body">
            <p>{move || i18n::model_size(state.lang.get(), n_items as u64, n_users as u64)}
                {move || created.map(|d| format!(" · {}", crate::format::date(state.lang.get(), d)))}</p>
            <p class="muted">{format!("k = {k} · {precision}")}</p>
            <dl class="facts">{rows}</dl>
            <h3>{move || state.t(Msg::OfflineUsers)}</h3>
            <p class="offline-users" role="status">{move || i18n::shards_ready(state.lang.get(), ready, n_shards as usize)}</p>
            <button type="button" on:click=fetch_all disabled=ready == n_shards as usize>
                {move || state.t(Msg::MakeAllOffline)}
            </button>
            <p><Link route=Route::new(View::Eda, Vec::new())>{move || state.t(Msg::ModelChartsLink)}</Link></p>
        </div>
    }
}
