//! The landing view: a search box first, then rows to browse (the best
//! rated by real viewers, what each platform added last, the biggest
//! genres), then the four queries as plain-language questions. The rows
//! are `cartelera_core::browse`'s selections; the scores are the taste
//! model's MovieLens viewers' once it is in, the catalog's until then.

use std::sync::Arc;

use cartelera_core::browse::{best_by, biggest_genres, has_genre, recently_added};
use cartelera_core::{Platform, QueryKind, Title};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::queries::query_texts;
use super::state::{AppState, Data, Remote};
use super::widgets::{form_pairs, Link, TitleTile, WhenNear};
use crate::i18n::{self, Msg};
use crate::route::{Route, View};

/// Titles per row.
const ROW: usize = 12;
/// Genre rows on the home.
const GENRE_ROWS: usize = 4;

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

/// The home's first block: its heading, the search box and the tagline.
/// It needs no data, so it is also what the home shows while the catalog
/// loads (the prerendered shell's texts, in the page's language).
#[component]
pub fn HomeTop() -> impl IntoView {
    let state = expect_context::<AppState>();
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        let pairs: Vec<(String, String)> = form_pairs(&ev, &["q"])
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .collect();
        state.go(Route::new(View::Search, pairs), true);
    };
    view! {
        <h1 id="home-heading">{move || state.t(Msg::HomeHeading)}</h1>
        <form class="home-search" role="search" on:submit=on_search>
            <label for="home-q">{move || state.t(Msg::HomeSearchLabel)}</label>
            <div class="search-line">
                <input id="home-q" name="q" type="search" autocomplete="off"
                    placeholder=move || state.t(Msg::SearchPlaceholder)/>
                <button type="submit">{move || state.t(Msg::NavSearch)}</button>
            </div>
        </form>
        <p class="lead">{move || state.t(Msg::Tagline)}</p>
    }
}

/// The home view.
#[component]
pub fn HomeView(data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Whether the real viewers' scores are in (the taste model): the best
    // rows then rank by them.
    let viewers = Memo::new(move |_| matches!(state.viewers.get(), Remote::Ready(_)));
    let best_data = data.clone();
    let best = Memo::new(move |_| {
        viewers.track();
        ranked(&best_data, state, |_| true)
    });
    let genres = biggest_genres(&data.catalog, GENRE_ROWS);
    let genre_rows = genres
        .into_iter()
        .map(|genre| {
            let data = data.clone();
            let rows = Memo::new(move |_| {
                viewers.track();
                ranked(&data, state, |t| has_genre(t, genre))
            });
            view! {
                <Shelf heading=Signal::derive(move || i18n::genre_name(state.lang.get(), genre).to_string()) rows=rows/>
            }
        })
        .collect_view();
    let recent_rows = Platform::ALL
        .into_iter()
        .map(|platform| {
            let titles = tiles(&data, recently_added(&data.catalog, platform, ROW));
            let rows = Memo::new(move |_| titles.clone());
            view! {
                <Shelf heading=Signal::derive(move || i18n::recently_added_on(state.lang.get(), platform)) rows=rows/>
            }
        })
        .collect_view();
    let best_heading = Signal::derive(move || {
        state
            .t(if viewers.get() {
                Msg::BestByViewers
            } else {
                Msg::BestInCatalog
            })
            .to_string()
    });
    view! {
        <section class="home" aria-labelledby="home-heading">
            <HomeTop/>
            <Shelf heading=best_heading rows=best/>
            {recent_rows}
            {genre_rows}
            <h2>{move || state.t(Msg::QuestionsHeading)}</h2>
            <ul class="cards">
                {QueryKind::ALL.into_iter().map(|kind| {
                    let (heading, help) = query_texts(kind);
                    view! {
                        <li class="card">
                            <h3><Link route=example(kind)>{move || state.t(heading)}</Link></h3>
                            <p>{move || state.t(help)}</p>
                            <p class="api-hint">{move || state.t(Msg::ApiHint)}": "<code>{kind.name()}</code></p>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The best `ROW` titles `keep` accepts: by real viewers' score when the
/// taste model is in, else the newest releases. Not the catalog's own
/// scores: those are the synthetic demo ratings, which carry no taste
/// ("Extreme Rescues" and "Silver Wolf" came first).
fn ranked(data: &Data, state: AppState, keep: impl Fn(&Title) -> bool) -> Vec<Title> {
    let rows = state.viewers.with_untracked(|viewers| match viewers {
        Remote::Ready(viewers) => best_by(&data.catalog, ROW, &keep, |_, t| {
            viewers.get(&t.id).map(|v| f64::from(v.shrunk))
        }),
        _ => best_by(&data.catalog, ROW, &keep, |_, t| {
            Some(f64::from(t.release_year))
        }),
    });
    tiles(data, rows)
}

fn tiles(data: &Data, rows: Vec<usize>) -> Vec<Title> {
    let titles = data.catalog.titles();
    rows.into_iter().map(|r| titles[r].clone()).collect()
}

/// A row to browse: a heading and a horizontally scrolling list of cards,
/// drawn (and, for a genre's, ranked) when the visitor scrolls near it:
/// nine rows of covers at once were the home's longest task on a phone.
#[component]
fn Shelf(heading: Signal<String>, rows: Memo<Vec<Title>>) -> impl IntoView {
    view! {
        <section class="shelf">
            <h2>{move || heading.get()}</h2>
            <WhenNear>
                <ul class="tiles">
                    {move || rows.get().into_iter().map(|t| view! { <TitleTile title=t/> }).collect_view()}
                </ul>
            </WhenNear>
        </section>
    }
}
