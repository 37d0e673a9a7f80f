//! `?view=predict&user=…&title=…`: one predicted rating and how it
//! decomposes (global mean, user bias, title bias, taste match), with the
//! user's actual rating when there is one.

use std::sync::Arc;

use cartelera_core::SearchQuery;
use cartelera_recommender::PredictAnswer;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::model::{ensure_model, PageModel};
use super::needs_model::NeedsModel;
use super::ranked::FallbackNote;
use super::state::{AppState, Data};
use super::widgets::{form_pairs, Link, Problem};
use crate::format::{display_case, rating_value};
use crate::i18n::Msg;
use crate::route::{Route, View};

/// The predict view.
#[component]
pub fn PredictView(data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    ensure_model(state.model);
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
    // Nothing to answer until both ids are given (the form alone); then the
    // recommender's parser (the CLI's and the API's) decides, so an
    // unexpected parameter is refused with its message.
    let asked = Memo::new(move |_| {
        (user.with(Option::is_some) && title.with(Option::is_some)).then(|| {
            state
                .route
                .with(Route::predict_request)
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
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
    let answer = move || {
        asked.get().map(|outcome| match outcome {
            Err(detail) => view! { <Problem title=Msg::BadParameter detail=detail/> }.into_any(),
            Ok(()) => {
                let data = data.clone();
                let ready = move |model: &PageModel| {
                    let request = state.route.with(Route::predict_request).ok()?;
                    let answer = model.recommender.predict(&request.user, &request.title);
                    let t = request.title;
                    let name = data
                        .catalog
                        .get(&t)
                        .map(|x| display_case(&x.title))
                        .unwrap_or_else(|| t.clone());
                    Some(view! { <PredictCard answer=answer id=t name=name/> })
                };
                view! { <NeedsModel user=user ready=ready/> }.into_any()
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
            {answer}
        </section>
    }
}

/// The predicted rating of title `id` (shown as `name`) and how it adds up.
#[component]
fn PredictCard(answer: PredictAnswer, id: String, name: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = move || state.lang.get();
    let opt = move |v: Option<f32>| v.map_or_else(|| "—".to_string(), |v| rating_value(lang(), v));
    let link = Route::new(View::Title, vec![("id".into(), id)]);
    view! {
        <article class="answer-card predict-card">
            <p class="answer-main">
                <Link route=link>{name}</Link>": "
                <span class="answer-value">{move || rating_value(lang(), answer.prediction)}</span>" ★"
            </p>
            <FallbackNote fallback=answer.fallback.clone()/>
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
}
