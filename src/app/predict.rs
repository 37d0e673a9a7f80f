//! `?view=predict&user=…&title=…`: one predicted rating and how it
//! decomposes (global mean, user bias, title bias, taste match), with the
//! user's actual rating when there is one.

use std::sync::Arc;

use std::collections::HashMap;

use cartelera_core::genres::Genre;
use cartelera_core::{SearchQuery, Title};
use cartelera_recommender::PredictAnswer;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::model::{ensure_model, PageModel};
use super::needs_model::NeedsModel;
use super::ranked::FallbackNote;
use super::reco::viewer_leaning;
use super::state::{AppState, Data};
use super::widgets::{form_pairs, Link, Problem};
use crate::format::{rating_value, title_text};
use crate::i18n::{self, Msg};
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
                .map_err(|e| i18n::param_error(state.lang.get(), &e))
        })
    });
    // The title picker: typing offers the catalog's best matches (core
    // search, ranked); a suggestion reads "Name (Platform, year)" and is
    // remembered so submitting it sends its id.
    let (typed, set_typed) = signal(String::new());
    let offered = StoredValue::new(HashMap::<String, String>::new());
    let picker_data = data.clone();
    let options = Memo::new(move |_| {
        let text = typed.get();
        if text.trim().chars().count() < 2 {
            return Vec::new();
        }
        let found = suggestions(&picker_data, &text);
        offered.update_value(|map| {
            for (id, label) in &found {
                map.insert(label.clone(), id.clone());
            }
        });
        found
    });
    let submit_data = data.clone();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let mut pairs = form_pairs(&ev, &["user", "title"]);
        if let Some((_, title)) = pairs.iter_mut().find(|(k, _)| k == "title") {
            *title = title_id_of(&submit_data, &offered.get_value(), title);
        }
        state.go(Route::new(View::Predict, pairs), true);
    };
    // The field shows the asked title by name, not by id.
    let label_data = data.clone();
    let title_shown = move || {
        title.get().map_or_else(String::new, |t| {
            label_data
                .catalog
                .get(&t)
                .map_or(t.clone(), suggestion_label)
        })
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
                        .map(title_text)
                        .unwrap_or_else(|| t.clone());
                    let leaning = viewer_leaning(&model.recommender, &request.user, &data.catalog);
                    let user = request.user.clone();
                    Some(view! { <PredictCard answer=answer id=t name=name user=user leaning=leaning/> })
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
                    <label for="predict-user">{move || state.t(Msg::ViewerLabel)}</label>
                    <input id="predict-user" name="user" type="text" inputmode="numeric" required prop:value=move || user.get().unwrap_or_default()/>
                </div>
                <div class="field field-wide">
                    <label for="predict-title">{move || state.t(Msg::TitlePicker)}</label>
                    <input id="predict-title" name="title" type="text" list="predict-title-options" required autocomplete="off"
                        prop:value=title_shown
                        on:input=move |ev| set_typed.set(event_target_value(&ev))/>
                    <datalist id="predict-title-options">
                        {move || options.get().into_iter().map(|(_, label)| view! { <option value=label></option> }).collect_view()}
                    </datalist>
                </div>
                <button type="submit">{move || state.t(Msg::Run)}</button>
            </form>
            {answer}
        </section>
    }
}

/// How many suggestions the title field offers.
const SUGGESTIONS: usize = 12;

/// The catalog's best matches for `text` (core search's ranking): (id,
/// label) pairs.
fn suggestions(data: &Data, text: &str) -> Vec<(String, String)> {
    let query = SearchQuery {
        text: text.to_string(),
        ..SearchQuery::default()
    };
    let found = data.search().search(&data.catalog, &query, SUGGESTIONS);
    found
        .rows
        .into_iter()
        .map(|row| {
            let t = &data.catalog.titles()[row];
            (t.id.clone(), suggestion_label(t))
        })
        .collect()
}

/// A suggestion as the visitor reads it: "Lupin (Netflix, 2021)".
fn suggestion_label(t: &Title) -> String {
    format!(
        "{} ({}, {})",
        title_text(t),
        t.platform.display_name(),
        t.release_year
    )
}

/// The id the title field means: an id as typed, a suggestion picked, or
/// else the best match of the text (core search); the text itself when
/// nothing matches (the recommender then says the title is unknown).
fn title_id_of(data: &Data, offered: &HashMap<String, String>, text: &str) -> String {
    let text = text.trim();
    if data.catalog.get(text).is_some() {
        return text.to_string();
    }
    if let Some(id) = offered.get(text) {
        return id.clone();
    }
    suggestions(data, text)
        .into_iter()
        .next()
        .map_or_else(|| text.to_string(), |(id, _)| id)
}

/// The predicted rating of title `id` (shown as `name`) for `user` (shown
/// as a person with their taste) and how it adds up.
#[component]
fn PredictCard(
    answer: PredictAnswer,
    id: String,
    name: String,
    user: String,
    leaning: Vec<Genre>,
) -> impl IntoView {
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
            <p class="viewer-line"><strong>{move || i18n::viewer(lang(), &user)}</strong>
                {move || i18n::taste_summary(lang(), &leaning).map(|t| format!(" · {t}"))}</p>
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
