//! `?view=predict&user=…&title=…`: one predicted rating and how it
//! decomposes (global mean, user bias, title bias, taste match), with the
//! user's actual rating when there is one.

use std::sync::Arc;

use cartelera_core::SearchQuery;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::model::{ensure_model, ensure_user, model_ready, user_state, ModelLoad, UserState};
use super::state::{AppState, Data};
use super::widgets::{form_pairs, Link, Problem};
use crate::format::{display_case, rating_value};
use crate::i18n::Msg;
use crate::route::{Route, View};

/// The predict view.
#[component]
pub fn PredictView(data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    ensure_model(state);
    let param = move |key: &'static str| {
        state.route.with(|r| {
            r.get(key)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        })
    };
    let user = Memo::new(move |_| param("user"));
    let title = Memo::new(move |_| param("title"));
    Effect::new(move |_| {
        if let (true, Some(u)) = (model_ready(state), user.get()) {
            ensure_user(state, &u);
        }
    });
    // The title picker: typing filters the catalog (core search), the
    // options carry ids.
    let (typed, set_typed) = signal(String::new());
    let picker_data = data.clone();
    let options = Memo::new(move |_| {
        let text = typed.get();
        if text.trim().len() < 2 {
            return Vec::new();
        }
        let query = SearchQuery {
            text,
            ..SearchQuery::default()
        };
        let found = picker_data.search.search(&picker_data.catalog, &query, 12);
        found
            .rows
            .into_iter()
            .map(|row| {
                let t = &picker_data.catalog.titles()[row];
                (
                    t.id.clone(),
                    format!(
                        "{} ({}, {})",
                        display_case(&t.title),
                        t.platform.as_str(),
                        t.release_year
                    ),
                )
            })
            .collect::<Vec<_>>()
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        state.go(
            Route::new(View::Predict, form_pairs(&ev, &["user", "title"])),
            true,
        );
    };
    let body = move || {
        // Nothing to answer until both ids are given (the form alone).
        user.get()?;
        title.get()?;
        // The recommender's parser, the CLI's and the API's.
        let (u, t) = match state.route.with(Route::predict_request) {
            Ok(request) => (request.user, request.title),
            Err(e) => {
                return Some(
                    view! { <Problem title=Msg::BadParameter detail=e.to_string()/> }.into_any(),
                )
            }
        };
        Some(match user_state(state, &u) {
            UserState::Loading => {
                view! { <p class="muted" role="status">{move || state.t(Msg::ModelLoading)}</p> }
                    .into_any()
            }
            UserState::Failed(e) => view! { <Problem title=Msg::ModelFailed detail=e/> }.into_any(),
            UserState::Ready => {
                let answer = state.model.with(|m| match m {
                    ModelLoad::Ready(model) => Some(model.recommender.predict(&u, &t)),
                    _ => None,
                })?;
                let name = data
                    .catalog
                    .get(&t)
                    .map(|x| display_case(&x.title))
                    .unwrap_or_else(|| t.clone());
                let lang = move || state.lang.get();
                let opt = move |v: Option<f32>| {
                    v.map_or_else(|| "—".to_string(), |v| rating_value(lang(), v))
                };
                let link = Route::new(View::Title, vec![("id".into(), t.clone())]);
                view! {
                    <article class="answer-card predict-card">
                        <p class="answer-main">
                            <Link route=link>{name}</Link>": "
                            <span class="answer-value">{move || rating_value(lang(), answer.prediction)}</span>" ★"
                        </p>
                        {answer.fallback.clone().map(|f| view! { <p class="fallback" role="note"><strong>{move || state.t(Msg::FallbackNote)}": "</strong>{f}</p> })}
                        <table class="decomposition">
                            <caption>{move || state.t(Msg::HowItAddsUp)}</caption>
                            <tbody>
                                <tr><th scope="row">{move || state.t(Msg::GlobalMean)}</th><td>{move || rating_value(lang(), answer.global_mean)}</td></tr>
                                <tr><th scope="row">{move || state.t(Msg::UserBias)}</th><td>{move || opt(answer.user_bias)}</td></tr>
                                <tr><th scope="row">{move || state.t(Msg::TitleBias)}</th><td>{move || opt(answer.title_bias)}</td></tr>
                                <tr><th scope="row">{move || state.t(Msg::TasteMatch)}</th><td>{move || opt(answer.taste_match)}</td></tr>
                                <tr><th scope="row">{move || state.t(Msg::Prediction)}</th><td class="answer-value">{move || rating_value(lang(), answer.prediction)}</td></tr>
                            </tbody>
                        </table>
                        <p>{move || state.t(Msg::ActualRating)}": "{move || opt(answer.actual)}</p>
                    </article>
                }
                .into_any()
            }
        })
    };
    view! {
        <section class="predict" aria-labelledby="predict-heading">
            <h1 id="predict-heading">{move || state.t(Msg::NavPredict)}</h1>
            <p class="help">{move || state.t(Msg::PredictHelp)}</p>
            <form class="query-form" on:submit=on_submit>
                <div class="field">
                    <label for="predict-user">{move || state.t(Msg::UserId)}</label>
                    <input id="predict-user" name="user" type="text" inputmode="numeric" required prop:value=move || user.get().unwrap_or_default()/>
                </div>
                <div class="field field-wide">
                    <label for="predict-title">{move || state.t(Msg::TitlePicker)}</label>
                    <input id="predict-title" name="title" type="text" list="predict-title-options" required autocomplete="off"
                        prop:value=move || title.get().unwrap_or_default()
                        on:input=move |ev| set_typed.set(event_target_value(&ev))/>
                    <datalist id="predict-title-options">
                        {move || options.get().into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
                    </datalist>
                </div>
                <button type="submit">{move || state.t(Msg::Run)}</button>
            </form>
            {body}
        </section>
    }
}
