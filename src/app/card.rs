//! The model card: how the model was trained (hyperparameters, data size,
//! date) and how good it is (test RMSE/MAE against the baselines, ranking
//! metrics, and the model charts), read from the factor file; and the
//! "available offline" switch that downloads every user shard.

use leptos::prelude::*;
use serde_json::Value;

use super::model::{fetch_shard, ModelLoad, PageModel, Shard};
use super::needs_model::NeedsModel;
use super::state::AppState;
use super::widgets::Link;
use crate::i18n::Msg;
use crate::route::{Route, View};

/// A card value for display: numbers with up to 4 decimals.
fn shown(v: &Value) -> String {
    match v {
        Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap_or(0.0);
            if x.abs() >= 1000.0 {
                format!("{x:.0}")
            } else {
                format!("{x:.4}")
            }
        }
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
];

/// `?view=model`.
#[component]
pub fn ModelView() -> impl IntoView {
    view! { <NeedsModel ready=model_card/> }
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
    let rows = ROWS
        .iter()
        .filter_map(|&(label, pointer)| card.pointer(pointer).map(|v| (label, shown(v))))
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
        <section class="model-card" aria-labelledby="model-heading">
            <h1 id="model-heading">{move || state.t(Msg::NavModel)}</h1>
            <p class="help">{move || state.t(Msg::ModelHelp)}</p>
            <p>{format!("k = {k} · {precision} · {n_items} titles · {n_users} users")}
                {created.map(|d| format!(" · {}", crate::format::date(state.lang.get_untracked(), d)))}</p>
            <dl class="facts">{rows}</dl>
            <h2>{move || state.t(Msg::OfflineUsers)}</h2>
            <p class="offline-users" role="status">{format!("{ready} / {n_shards}")}</p>
            <button type="button" on:click=fetch_all disabled=ready == n_shards as usize>
                {move || state.t(Msg::MakeAllOffline)}
            </button>
            <p><Link route=Route::new(View::Eda, Vec::new())>{move || state.t(Msg::ModelChartsLink)}</Link></p>
        </section>
    }
}
