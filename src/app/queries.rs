//! The four catalog queries: a form per query (the original's parameter
//! names are the form fields' names, so the form writes the shareable
//! address) and a card with the answer, computed by `cartelera-core`.

use std::sync::Arc;

use cartelera_core::query::Answer;
use cartelera_core::{DurationType, Lang, ParamError, Query, QueryKind};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::browser;
use super::state::{AppState, Data};
use super::widgets::{form_pairs, platform_options, Link, PlatformBadge, Problem};
use crate::format::{display_case, millis};
use crate::i18n::{self, Msg};
use crate::route::{Route, View};

/// The query's heading and one-line help.
pub fn query_texts(kind: QueryKind) -> (Msg, Msg) {
    match kind {
        QueryKind::MaxDuration => (Msg::QueryMaxDuration, Msg::QueryMaxDurationHelp),
        QueryKind::ScoreCount => (Msg::QueryScoreCount, Msg::QueryScoreCountHelp),
        QueryKind::CountPlatform => (Msg::QueryCountPlatform, Msg::QueryCountPlatformHelp),
        QueryKind::Actor => (Msg::QueryActor, Msg::QueryActorHelp),
    }
}

/// Whether every parameter of the query is optional: its form then answers
/// with no parameters at all, and its platform picker offers "any".
fn all_optional(kind: QueryKind) -> bool {
    match kind {
        QueryKind::MaxDuration => true,
        QueryKind::ScoreCount | QueryKind::CountPlatform | QueryKind::Actor => false,
    }
}

/// One query's view: its form, then its answer for the address's parameters.
#[component]
pub fn QueryView(kind: QueryKind, data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (heading, help) = query_texts(kind);
    // The answer follows the address: submitting the form, a shared link
    // and back/forward all go through it.
    let outcome = Memo::new(move |_| {
        let route = state.route.get();
        (route.view == View::Query(kind)).then(|| run(kind, &route, &data))?
    });
    view! {
        <section class="query" aria-labelledby="query-heading">
            <h1 id="query-heading">{move || state.t(heading)}</h1>
            <p class="help">{move || state.t(help)}</p>
            <p class="api-hint">{move || state.t(Msg::ApiHint)}": "<code>{kind.name()}</code></p>
            <QueryForm kind=kind/>
            {move || outcome.get().map(|o| view! { <Outcome outcome=o/> })}
        </section>
    }
}

/// What running a query from the address gave.
#[derive(Clone, PartialEq)]
enum RunOutcome {
    /// A parameter was wrong: the core's error.
    Invalid(ParamError),
    /// The query, its answer, the answer's JSON body, and the time the
    /// core took in milliseconds.
    Answered(Query, Answer, String, f64),
}

fn run(kind: QueryKind, route: &Route, data: &Data) -> Option<RunOutcome> {
    // A form opened without parameters shows no error for the required ones.
    if route.params.is_empty() && !all_optional(kind) {
        return None;
    }
    Some(match Query::parse_kind(kind, route.pairs()) {
        Err(e) => RunOutcome::Invalid(e),
        Ok(query) => {
            let started = browser::now_ms();
            let answer = query.run(&data.catalog);
            let elapsed = browser::now_ms() - started;
            RunOutcome::Answered(query, answer.clone(), json_of(&answer), elapsed)
        }
    })
}

/// The answer as the API's JSON body (serde → JS value → JSON.stringify).
fn json_of(answer: &Answer) -> String {
    serde_wasm_bindgen::to_value(answer)
        .ok()
        .and_then(|v| js_sys::JSON::stringify(&v).ok())
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| "null".to_string())
}

#[component]
fn QueryForm(kind: QueryKind) -> impl IntoView {
    let state = expect_context::<AppState>();
    let param =
        move |key: &'static str| move || state.route.with(|r| r.get(key).unwrap_or("").to_string());
    let fields = kind.params();
    let platform_optional = all_optional(kind);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let params = form_pairs(&ev, fields);
        state.go(Route::new(View::Query(kind), params), true);
    };
    let field = move |key: &'static str| -> AnyView {
        let id = format!("{}-{key}", kind.name());
        match key {
            "platform" => view! {
                <label for=id.clone()>{move || state.t(Msg::Platform)}</label>
                <select id=id name="platform" prop:value=param("platform") required=!platform_optional>
                    {platform_options(state, platform_optional)}
                </select>
            }
            .into_any(),
            "duration_type" => view! {
                <label for=id.clone()>{move || state.t(Msg::DurationType)}</label>
                <select id=id name="duration_type" prop:value=param("duration_type")>
                    <option value="min">{move || state.t(Msg::Minutes)}</option>
                    <option value="season">{move || state.t(Msg::Seasons)}</option>
                </select>
            }
            .into_any(),
            "scored" => view! {
                <label for=id.clone()>{move || state.t(Msg::Scored)}</label>
                <input id=id name="scored" type="number" min="0" max="5" step="0.1" required
                    inputmode="decimal" prop:value=param("scored")/>
            }
            .into_any(),
            "year" => view! {
                <label for=id.clone()>{move || state.t(Msg::Year)}</label>
                <input id=id name="year" type="number" min="1800" max="2100" step="1"
                    inputmode="numeric" required=!platform_optional prop:value=param("year")/>
            }
            .into_any(),
            // A parameter the page has no dedicated control for yet.
            other => view! {
                <label for=id.clone()>{other}</label>
                <input id=id name=other type="text" prop:value=param(other)/>
            }
            .into_any(),
        }
    };
    view! {
        <form class="query-form" on:submit=on_submit novalidate>
            {fields.iter().map(|&key| view! { <div class="field">{field(key)}</div> }).collect_view()}
            <button type="submit">{move || state.t(Msg::Run)}</button>
        </form>
    }
}

#[component]
fn Outcome(outcome: RunOutcome) -> impl IntoView {
    let state = expect_context::<AppState>();
    match outcome {
        RunOutcome::Invalid(e) => {
            view! { <Problem title=Msg::BadParameter detail=i18n::param_error(state.lang.get_untracked(), &e)/> }.into_any()
        }
        RunOutcome::Answered(query, answer, json, ms) => {
            browser::mark("cartelera:answer");
            view! {
            <article class="answer-card" aria-live="polite" data-ms=format!("{ms:.3}")>
                {move || answer_body(state.lang.get(), &query, &answer)}
                // For developers, not in a visitor's way: the time the
                // core took and the API's JSON body.
                <details class="json tech-details">
                    <summary>{move || state.t(Msg::TechnicalDetails)}</summary>
                    <p class="timing">{move || state.t(Msg::AnsweredIn)}" "{move || millis(state.lang.get(), ms)}</p>
                    <p>{move || state.t(Msg::ShowJson)}":"</p>
                    <pre class="json-body">{json}</pre>
                </details>
            </article>
            }
            .into_any()
        }
    }
}

fn answer_body(lang: Lang, query: &Query, answer: &Answer) -> AnyView {
    let t = |m: Msg| m.text(lang);
    match answer.clone() {
        Answer::MaxDuration(Some(a)) => {
            let seasons = a.duration_type == DurationType::Season;
            view! {
                <p class="answer-main">
                    <Link route=Route::new(View::Title, vec![("id".into(), a.id.clone())])>{display_case(&a.title)}</Link>
                </p>
                <dl class="facts">
                    <dt>{t(Msg::Duration)}</dt><dd class="answer-value">{i18n::duration(lang, a.duration_int, seasons)}</dd>
                    <dt>{t(Msg::Platform)}</dt><dd><PlatformBadge platform=a.platform/></dd>
                    <dt>{t(Msg::Year)}</dt><dd>{a.release_year}</dd>
                </dl>
            }
            .into_any()
        }
        Answer::ScoreCount(a) => view! {
            <p class="answer-main"><span class="answer-value">{a.count}</span></p>
            <p>{i18n::score_count_sentence(lang, a.count, a.platform, a.year, a.scored)}</p>
        }
        .into_any(),
        Answer::CountPlatform(a) => view! {
            <p class="answer-main"><PlatformBadge platform=a.platform/></p>
            <dl class="facts">
                <dt>{t(Msg::Movies)}</dt><dd class="answer-value">{a.movies}</dd>
                <dt>{t(Msg::Shows)}</dt><dd>{a.tv_shows}</dd>
                <dt>{t(Msg::Total)}</dt><dd>{a.total}</dd>
            </dl>
        }
        .into_any(),
        Answer::Actor(Some(a)) => {
            let search = Route::new(
                View::Search,
                vec![
                    ("q".into(), a.actor.clone()),
                    ("platform".into(), a.platform.as_str().into()),
                    ("year_from".into(), a.year.to_string()),
                    ("year_to".into(), a.year.to_string()),
                ],
            );
            view! {
                <p class="answer-main"><Link route=search>{display_case(&a.actor)}</Link></p>
                <p>{i18n::actor_sentence(lang, a.count, a.platform, a.year)}</p>
            }
            .into_any()
        }
        Answer::MaxDuration(None) | Answer::Actor(None) => view! {
            <p class="no-answer"><strong>{t(Msg::NoAnswer)}": "</strong>{i18n::no_answer(lang, query)}</p>
        }
        .into_any(),
    }
}
