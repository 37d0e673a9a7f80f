//! Search and browse: a text box and filters whose values live in the
//! address, and the matching works, found and ranked by `cartelera-core`'s
//! search (one row per work, with every platform that carries it).
//!
//! History: typing replaces the current entry (one per keystroke would
//! bury the previous page), every filter, sort or "show more" change adds
//! one, so Back undoes it.

use std::sync::Arc;

use cartelera_core::genres::{AgeBand, Genre};
use cartelera_core::search::Sort;
use cartelera_core::{Lang, Platform, SearchQuery, SearchResult, TitleType};
use leptos::prelude::*;

use super::browser;
use super::state::{AppState, Data};
use super::widgets::{Link, PlatformBadge, Problem};
use crate::format::score;
use crate::i18n::{self, Msg};
use crate::route::{Route, View};

/// The minimum scores offered (the synthetic ratings' 0.5–5 scale).
const MIN_SCORES: [&str; 4] = ["3", "3.5", "4", "4.5"];

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
        // Built on the first search: not part of the search's own time.
        let index = search_data.search();
        let started = browser::now_ms();
        let found = index.search(&search_data.catalog, &query, query.shown());
        Some((found, browser::now_ms() - started))
    });
    let param =
        move |key: &'static str| move || state.route.with(|r| r.get(key).unwrap_or("").to_string());
    // A new filter starts the list from its first page again.
    let set_param = move |key: &str, value: &str, push: bool| {
        let route = state
            .route
            .get_untracked()
            .with_param(key, value)
            .with_param("n", "")
            .with_param("page", "");
        state.go(route, push);
    };
    let set = move |key: &'static str| {
        move |ev: leptos::ev::Event| set_param(key, &event_target_value(&ev), key != "q")
    };
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
                <PlatformChecks set_param=set_param/>
                <div class="field">
                    <label for="search-type">{move || state.t(Msg::Type)}</label>
                    <select id="search-type" name="type" prop:value=param("type") on:change=set("type")>
                        <option value="">{move || state.t(Msg::Any)}</option>
                        <option value=TitleType::Movie.as_str()>{move || state.t(Msg::Movie)}</option>
                        <option value=TitleType::TvShow.as_str()>{move || state.t(Msg::Show)}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="search-genre">{move || state.t(Msg::Genre)}</label>
                    <select id="search-genre" name="genre" prop:value=param("genre") on:change=set("genre")>
                        <option value="">{move || state.t(Msg::Any)}</option>
                        {move || genre_options(state.lang.get())}
                    </select>
                </div>
                <div class="field">
                    <label for="search-age">{move || state.t(Msg::AgeBandLabel)}</label>
                    <select id="search-age" name="age" prop:value=param("age") on:change=set("age")>
                        <option value="">{move || state.t(Msg::Any)}</option>
                        {AgeBand::ALL.into_iter().map(|b| view! {
                            <option value=b.code()>{move || b.name(state.lang.get())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="search-year-from">{move || state.t(Msg::YearFrom)}</label>
                    <input id="search-year-from" name="year_from" type="number" min="1800" max="2100"
                        inputmode="numeric" prop:value=param("year_from") on:change=set("year_from")/>
                </div>
                <div class="field">
                    <label for="search-year-to">{move || state.t(Msg::YearTo)}</label>
                    <input id="search-year-to" name="year_to" type="number" min="1800" max="2100"
                        inputmode="numeric" prop:value=param("year_to") on:change=set("year_to")/>
                </div>
                <div class="field">
                    <label for="search-min-score">{move || state.t(Msg::MinScore)}</label>
                    <select id="search-min-score" name="min_score" prop:value=param("min_score") on:change=set("min_score")>
                        <option value="">{move || state.t(Msg::Any)}</option>
                        {MIN_SCORES.map(|s| view! {
                            <option value=s>{move || format!("{} ★", score_text(state.lang.get(), s))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="search-sort">{move || state.t(Msg::SortBy)}</label>
                    <select id="search-sort" name="sort" prop:value=param("sort") on:change=set("sort")>
                        {Sort::ALL.into_iter().map(|s| {
                            // Relevance is the default: no parameter.
                            let value = if s == Sort::Relevance { "" } else { s.code() };
                            view! { <option value=value>{move || state.t(sort_label(s))}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <button type="button" class="secondary"
                    on:click=move |_| state.go(Route::new(View::Search, Vec::new()), true)>
                    {move || state.t(Msg::ClearFilters)}
                </button>
            </form>
            {move || parsed.get().err().map(|e| view! { <Problem title=Msg::BadParameter detail=e/> })}
            {move || results.get().map(|(found, ms)| view! { <ResultList found=found ms=ms data=list_data.clone()/> })}
        </section>
    }
}

/// The canonical genres as options, sorted by their name in `lang`.
fn genre_options(lang: Lang) -> impl IntoView {
    let mut genres = Genre::ALL.to_vec();
    genres.sort_by_key(|g| g.name(lang));
    genres
        .into_iter()
        .map(|g| view! { <option value=g.code()>{g.name(lang)}</option> })
        .collect_view()
}

/// A minimum score as the language writes decimals ("3,5" in Spanish).
fn score_text(lang: Lang, value: &str) -> String {
    value.parse::<f64>().map_or_else(
        |_| value.to_string(),
        |v| lang.dec(v, usize::from(v.fract() != 0.0)),
    )
}

fn sort_label(sort: Sort) -> Msg {
    match sort {
        Sort::Relevance => Msg::SortRelevance,
        Sort::Year => Msg::SortYear,
        Sort::Score => Msg::SortScore,
        Sort::Length => Msg::SortLength,
    }
}

/// One checkbox per platform: the address's `platform` holds the checked
/// ones, comma-separated (none: every platform).
#[component]
fn PlatformChecks<F>(set_param: F) -> impl IntoView
where
    F: Fn(&str, &str, bool) + Copy + Send + Sync + 'static,
{
    let state = expect_context::<AppState>();
    let chosen = move || {
        state.route.with(|r| {
            SearchQuery::parse(r.pairs())
                .map(|q| q.platforms)
                .unwrap_or_default()
        })
    };
    view! {
        <fieldset class="field platform-checks">
            <legend>{move || state.t(Msg::Platforms)}</legend>
            {Platform::ALL.into_iter().map(|p| {
                let id = format!("search-platform-{}", p.as_str());
                let toggle = move |_| {
                    let mut now = chosen();
                    match now.iter().position(|&c| c == p) {
                        Some(at) => {
                            now.remove(at);
                        }
                        None => now.push(p),
                    }
                    now.sort_unstable();
                    let names: Vec<&str> = now.iter().map(|c| c.as_str()).collect();
                    set_param("platform", &names.join(","), true);
                };
                view! {
                    <label class="check" for=id.clone()>
                        <input id=id.clone() type="checkbox" name="platform" value=p.as_str()
                            prop:checked=move || chosen().contains(&p) on:change=toggle/>
                        " " {p.display_name()}
                    </label>
                }
            }).collect_view()}
        </fieldset>
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
            let platforms = data.search().platforms_of(row).to_vec();
            let kind = t.kind;
            let year = t.release_year;
            let rated = t.score;
            let name = t.display_title().to_string();
            view! {
                <li class="result">
                    <Link route=route class="result-title">{name}</Link>
                    <span class="result-meta">
                        {platforms.into_iter().map(|p| view! { <PlatformBadge platform=p/>" " }).collect_view()}
                        {year} " · "
                        {move || state.t(if kind == TitleType::Movie { Msg::Movie } else { Msg::Show })}
                        {move || rated.map(|s| format!(" · {}", score(state.lang.get(), s)))}
                    </span>
                </li>
            }
        })
        .collect_view();
    let more = move |_| {
        let route = state.route.get_untracked();
        let next = (shown + SearchQuery::PAGE).min(SearchQuery::MAX_SHOWN);
        state.go(
            route
                .with_param("page", "")
                .with_param("n", &next.to_string()),
            true,
        );
    };
    view! {
        <p class="result-count" role="status" aria-live="polite" data-ms=format!("{ms:.3}")>
            {move || i18n::results_count(state.lang.get(), shown, total)}
        </p>
        {(total == 0).then(|| view! { <p class="no-answer">{move || state.t(Msg::NoMatches)}</p> })}
        <ol class="results">{rows}</ol>
        {(shown < total && shown < SearchQuery::MAX_SHOWN).then(|| view! {
            <button type="button" class="secondary show-more" on:click=more>{move || state.t(Msg::ShowMore)}</button>
        })}
    }
}
