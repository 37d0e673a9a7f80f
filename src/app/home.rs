//! The landing view: what the site is, the four queries with an example
//! each, and the way in to search.

use std::sync::Arc;

use cartelera_core::QueryKind;
use leptos::prelude::*;

use super::queries::query_texts;
use super::state::{AppState, Data};
use super::widgets::Link;
use crate::i18n::{self, Msg};
use crate::route::{Route, View};

/// An example address for each query: the ones the original's README used.
fn example(kind: QueryKind) -> Route {
    let pairs: &[(&str, &str)] = match kind {
        QueryKind::MaxDuration => &[
            ("year", "2019"),
            ("platform", "hulu"),
            ("duration_type", "min"),
        ],
        QueryKind::ScoreCount => &[("platform", "netflix"), ("scored", "3.5"), ("year", "2020")],
        QueryKind::CountPlatform => &[("platform", "disney")],
        QueryKind::Actor => &[("platform", "amazon"), ("year", "2018")],
    };
    Route::new(
        View::Query(kind),
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

/// The home view.
#[component]
pub fn HomeView(data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let total = data.catalog.len();
    view! {
        <section class="home">
            <p class="lead">{move || state.t(Msg::Tagline)}</p>
            <p class="muted">{move || i18n::results_count(state.lang.get(), total, total)}</p>
            <p><Link route=Route::new(View::Search, Vec::new()) class="button">{move || state.t(Msg::NavSearch)}</Link></p>
            <h2>{move || state.t(Msg::NavQueries)}</h2>
            <ul class="cards">
                {QueryKind::ALL.into_iter().map(|kind| {
                    let (heading, help) = query_texts(kind);
                    view! {
                        <li class="card">
                            <h3><Link route=example(kind)>{move || state.t(heading)}</Link></h3>
                            <p>{move || state.t(help)}</p>
                            <p><code>{kind.name()}</code></p>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
