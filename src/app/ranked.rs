//! The recommender's answers as lists: ranked titles with their platform
//! and score, and the note that says what an answer fell back to. Shared
//! by the recommend, similar and rate views.

use cartelera_recommender::Recommended;
use leptos::prelude::*;

use super::state::AppState;
use super::widgets::{Link, PlatformBadge};
use crate::format::{display_case, rating_value};
use crate::i18n::Msg;
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
                let name = display_case(item.title.as_deref().unwrap_or(&item.id));
                let score = item.score;
                view! {
                    <li class="result">
                        <Link route=route class="result-title">{name}</Link>
                        <span class="result-meta">
                            {item.platform.map(|p| view! { <PlatformBadge platform=p/> })}
                            " " {move || format!("{} {}", state.t(score_label.unwrap_or(Msg::Predicted)), rating_value(state.lang.get(), score))}
                        </span>
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
    fallback.map(|f| view! { <p class="fallback" role="note"><strong>{move || state.t(Msg::FallbackNote)}": "</strong>{f}</p> })
}
