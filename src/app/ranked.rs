//! The recommender's answers as lists: ranked titles with their platform
//! and score, and the note that says what an answer fell back to. Shared
//! by the recommend, similar and rate views; the taste model's lists also
//! say why each title is there and on which other platforms it is.

use std::sync::Arc;

use cartelera_recommender::Recommended;
use leptos::prelude::*;

use super::state::AppState;
use super::state::Load;
use super::taste::PageTaste;
use super::widgets::{cover_of_id, Cover, Link, PlatformBadge};
use crate::format::{display_case, rating_value, title_text};
use crate::i18n::{self, Msg};
use crate::route::{Route, View};

/// A ranked list of titles with their platform and score.
#[component]
pub fn TitleList(
    items: Vec<Recommended>,
    #[prop(optional)] score_label: Option<Msg>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <ol class="results ranked">
            {items.into_iter().map(|item| {
                let route = Route::new(View::Title, vec![("id".into(), item.id.clone())]);
                let name = shown_name(state, &item.id, item.title.as_deref());
                let svg = cover_of_id(state, &item.id, &name, item.platform);
                let score = item.score;
                view! {
                    <li class="result has-cover">
                        <Cover svg=svg/>
                        <div class="result-body">
                            <Link route=route class="result-title">{name}</Link>
                            <span class="result-meta">
                                {item.platform.map(|p| view! { <PlatformBadge platform=p/> })}
                                " " {move || format!("{} {}", state.t(score_label.unwrap_or(Msg::Predicted)), rating_value(state.lang.get(), score))}
                            </span>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// The taste model's ranked list: each title as written, its platform and
/// the other platforms of the same work, the reason in the page's language
/// (`TasteRecommender::why_text`), and the score only where it means
/// something to a person (`score_label`: the similarity of "more like
/// this"). A visitor's list shows none: its ranking score is not a rating
/// and read as "predicted 10.8" on a five-star scale.
#[component]
pub fn TasteList(
    items: Vec<Recommended>,
    taste: Arc<PageTaste>,
    #[prop(optional)] score_label: Option<Msg>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <ol class="results ranked">
            {items.into_iter().map(|item| {
                let route = Route::new(View::Title, vec![("id".into(), item.id.clone())]);
                let name = item.title.clone().unwrap_or_else(|| item.id.clone());
                let svg = cover_of_id(state, &item.id, &name, item.platform);
                let score = item.score;
                let also_on = (!item.also_on.is_empty()).then(|| view! {
                    <span class="also-on">{move || state.t(Msg::AlsoOn)}" "
                        {item.also_on.iter().map(|&p| view! { <PlatformBadge platform=p/>" " }).collect_view()}
                    </span>
                });
                let why = item.why.clone().map(|why| {
                    let taste = taste.clone();
                    view! { <p class="why">{move || taste.recommender.why_text(&why, state.lang.get())}</p> }
                });
                view! {
                    <li class="result has-cover">
                        <Cover svg=svg/>
                        <div class="result-body">
                            <Link route=route class="result-title">{name}</Link>
                            <span class="result-meta">
                                {item.platform.map(|p| view! { <PlatformBadge platform=p/> })}
                                " " {also_on}
                                " " {score_label.map(|label| move || format!("{} {}", state.t(label), rating_value(state.lang.get(), score)))}
                            </span>
                            {why}
                        </div>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// An answer's fallback reason, said on screen (nothing when it has none).
#[component]
pub fn FallbackNote(fallback: Option<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    fallback.map(|f| view! { <p class="fallback" role="note"><strong>{move || state.t(Msg::FallbackNote)}": "</strong>{move || i18n::fallback_text(state.lang.get(), &f)}</p> })
}

/// The name of title `id` as written (the catalog's display text), else
/// the answer's own title in the page's case fallback, else the id.
fn shown_name(state: AppState, id: &str, answer_title: Option<&str>) -> String {
    let written = state.load.with_untracked(|load| match load {
        Load::Ready(data) => data.catalog.get(id).map(title_text),
        _ => None,
    });
    written.unwrap_or_else(|| display_case(answer_title.unwrap_or(id)))
}
