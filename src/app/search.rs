//! Search and browse: a text box and filters whose values live in the
//! address (typing replaces the history entry rather than adding one per
//! key), and the matching titles, found by `cartelera-core`'s search.

use std::sync::Arc;

use cartelera_core::{Platform, SearchQuery, SearchResult, TitleType};
use leptos::prelude::*;

use super::browser;
use super::state::{AppState, Data};
use super::widgets::{FieldKind, FilterField, Link, PlatformBadge, Problem};
use crate::format::{display_case, score};
use crate::i18n::{self, Msg};
use crate::route::{Route, View};

/// How many matches the list shows: each keystroke redraws them, and 30
/// rows fill a screen (the count says how many more match).
const SHOWN: usize = 30;

/// The search view.
#[component]
pub fn SearchView(data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let parsed = Memo::new(move |_| {
        state.route.with(|r| {
            if r.view == View::Search {
                SearchQuery::parse(r.pairs()).map_err(|e| e.to_string())
            } else {
                Ok(SearchQuery::default())
            }
        })
    });
    let search_data = data.clone();
    let results = Memo::new(move |_| {
        let query = parsed.get().ok()?;
        let started = browser::now_ms();
        let found = search_data
            .search
            .search(&search_data.catalog, &query, SHOWN);
        Some((found, browser::now_ms() - started))
    });
    let param =
        move |key: &'static str| move || state.route.with(|r| r.get(key).unwrap_or("").to_string());
    let set = move |key: &'static str| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            let route = state.route.get_untracked().with_param(key, &value);
            state.go(route, false);
        }
    };
    let genres = data.search.genres().to_vec();
    let ratings = data.search.ratings().to_vec();
    let list_data = data.clone();
    view! {
        <section class="search" aria-labelledby="search-heading">
            <h1 id="search-heading">{move || state.t(Msg::NavSearch)}</h1>
            <form class="search-form" role="search" on:submit=|ev| ev.prevent_default()>
                <div class="field field-wide">
                    <label for="search-q">{move || state.t(Msg::SearchLabel)}</label>
                    <input id="search-q" name="q" type="search" autocomplete="off"
                        placeholder=move || state.t(Msg::SearchPlaceholder)
                        prop:value=param("q") on:input=set("q")/>
                </div>
                <FilterField id="search-platform" name="platform" label=Msg::Platform kind=FieldKind::Platform live=true/>
                <FilterField id="search-type" name="type" label=Msg::Type kind=FieldKind::Type live=true/>
                <FilterField id="search-year-from" name="year_from" label=Msg::YearFrom kind=FieldKind::Year live=true/>
                <FilterField id="search-year-to" name="year_to" label=Msg::YearTo kind=FieldKind::Year live=true/>
                <FilterField id="search-genre" name="genre" label=Msg::Genre kind=FieldKind::Genre(genres) live=true/>
                <FilterField id="search-rating" name="rating" label=Msg::AgeRating kind=FieldKind::Genre(ratings) live=true/>
                <button type="button" class="secondary"
                    on:click=move |_| state.go(Route::new(View::Search, Vec::new()), false)>
                    {move || state.t(Msg::ClearFilters)}
                </button>
            </form>
            {move || parsed.get().err().map(|e| view! { <Problem title=Msg::BadParameter detail=e/> })}
            {move || results.get().map(|(found, ms)| view! { <ResultList found=found ms=ms data=list_data.clone()/> })}
        </section>
    }
}

#[component]
fn ResultList(found: SearchResult, ms: f64, data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let total = found.total;
    let shown = found.rows.len();
    let rows = found
        .rows
        .into_iter()
        .map(|row| {
            let t = &data.catalog.titles()[row];
            let route = Route::new(View::Title, vec![("id".into(), t.id.clone())]);
            let platform: Platform = t.platform;
            let kind = t.kind;
            let year = t.release_year;
            let rated = t.score;
            let name = display_case(&t.title);
            view! {
                <li class="result">
                    <Link route=route class="result-title">{name}</Link>
                    <span class="result-meta">
                        <PlatformBadge platform=platform/>
                        " " {year} " · "
                        {move || state.t(if kind == TitleType::Movie { Msg::Movie } else { Msg::Show })}
                        {move || rated.map(|s| format!(" · {}", score(state.lang.get(), s)))}
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="result-count" role="status" aria-live="polite" data-ms=format!("{ms:.3}")>
            {move || i18n::results_count(state.lang.get(), shown, total)}
        </p>
        {(total == 0).then(|| view! { <p class="no-answer">{move || state.t(Msg::NoMatches)}</p> })}
        <ol class="results">{rows}</ol>
    }
}
