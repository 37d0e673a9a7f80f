//! One work's page: where to watch it (every platform that carries it,
//! each with a link to that platform's search), add to the watchlist, mark
//! as seen, then the title's details: every field, real viewers' rating (MovieLens,
//! from the taste model) where there is one, the pipeline's synthetic
//! score labelled as such, the synopsis (fetched the first time a title
//! is opened) and "more like this".

use std::sync::Arc;

use cartelera_core::genres::genres_of_listed_in;
use cartelera_core::watch::search_url;
use cartelera_core::{Catalog, DurationType, Lang, Title, TitleType};
use leptos::prelude::*;

use cartelera_recommender::RecommendRequest;

use super::loader::ensure_description;
use super::state::{AppState, Data, Remote};
use super::widgets::{title_of_route, Link, PlatformBadge, Problem, WhenNear};
use crate::format::{date, score};
use crate::i18n::{self, Msg};
use crate::route::{Route, View};
use crate::watchlist::Lists;

/// The title the address names: `work=w-…` opens the work's first row in
/// catalog order, otherwise `id=` (any member id opens its work).
fn title_of_address(state: AppState, catalog: &Catalog) -> Result<Title, AnyView> {
    let work = state
        .route
        .with(|r| r.get("work").map(|s| s.trim().to_string()));
    match work {
        Some(work) => catalog
            .titles()
            .iter()
            .find(|t| t.work_id == work)
            .cloned()
            .ok_or_else(|| {
                view! { <Problem title=Msg::TitleNotFound detail=format!("work = {work:?}")/> }
                    .into_any()
            }),
        None => title_of_route(state, catalog),
    }
}

/// The work page (`?view=title&id=ns2186`, or `&work=w-…`): one film or
/// show with every platform that carries it.
#[component]
pub fn TitleView(data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || match title_of_address(state, &data.catalog) {
        Err(problem) => problem,
        Ok(title) => {
            let id = title.id.clone();
            // The title page's address has no `n`: the API's default.
            let n = state
                .route
                .with(Route::similar_request)
                .map_or(RecommendRequest::DEFAULT_N, |r| r.n);
            // The work's rows, one per platform, in catalog order.
            let members: Vec<Title> = data
                .catalog
                .titles()
                .iter()
                .filter(|m| {
                    m.id == title.id || (!title.work_id.is_empty() && m.work_id == title.work_id)
                })
                .cloned()
                .collect();
            view! {
                <TitleDetails title=title members=members/>
                <section class="more-like-this" aria-labelledby="similar-heading">
                    <h2 id="similar-heading">{move || state.t(Msg::MoreLikeThis)}</h2>
                    <WhenNear><super::similar::SimilarList id=id.clone() n=n/></WhenNear>
                </section>
            }
            .into_any()
        }
    }
}

/// A list field's display text as comma-separated names.
fn names(field: Option<&str>) -> Option<String> {
    let list: Vec<&str> = Title::split_list(field).collect();
    (!list.is_empty()).then(|| list.join(", "))
}

/// Where to watch: each platform of the work, with a link to that
/// platform's own search for the title (a new tab; the catalogs carry no
/// deep links).
#[component]
fn WhereToWatch(members: Vec<Title>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = members
        .into_iter()
        .map(|m| {
            let href = search_url(m.platform, m.display_title());
            let route = Route::new(View::Title, vec![("id".into(), m.id.clone())]);
            view! {
                <li>
                    <Link route=route><PlatformBadge platform=m.platform/></Link>" "
                    <a href=href target="_blank" rel="noopener" class="watch-link">
                        {move || state.t(Msg::SearchOnPlatform)}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="where-to-watch" aria-labelledby="watch-heading">
            <h2 id="watch-heading">{move || state.t(Msg::WhereToWatch)}</h2>
            <ul class="watch-list">{rows}</ul>
        </section>
    }
}

/// Add to the watchlist and mark as seen, kept in this browser only.
#[component]
fn ListButtons(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lists = state.lists;
    let change = move |f: fn(&Lists, &str) -> Lists, id: &str| {
        state.change_lists(|stored| f(stored, id));
    };
    let (watch_id, seen_id) = (id.clone(), id.clone());
    let (wants, seen) = (id.clone(), id);
    view! {
        <p class="list-buttons">
            <button type="button" class="secondary"
                aria-pressed=move || lists.with(|l| l.wants(&wants)).to_string()
                on:click=move |_| change(Lists::toggle_watch, &watch_id)>
                {move || state.t(if lists.with(|l| l.wants(&seen_id)) { Msg::InWatchlist } else { Msg::AddToWatchlist })}
            </button>
            // The row's gap (`.list-buttons`) spaces the buttons and the line.
            <SeenButton lists=lists id=seen change=change/>
            <small class="muted">{move || state.t(Msg::WatchlistPrivacy)}</small>
        </p>
    }
}

#[component]
fn SeenButton<F>(lists: RwSignal<Lists>, id: String, change: F) -> impl IntoView
where
    F: Fn(fn(&Lists, &str) -> Lists, &str) + Copy + Send + Sync + 'static,
{
    let state = expect_context::<AppState>();
    let (pressed, label) = (id.clone(), id.clone());
    view! {
        <button type="button" class="secondary"
            aria-pressed=move || lists.with(|l| l.has_seen(&pressed)).to_string()
            on:click=move |_| change(Lists::toggle_seen, &id)>
            {move || state.t(if lists.with(|l| l.has_seen(&label)) { Msg::Seen } else { Msg::MarkSeen })}
        </button>
    }
}

#[component]
fn TitleDetails(title: Title, members: Vec<Title>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = Arc::new(title);
    let row = move |label: Msg, value: Option<String>| {
        value.map(|v| view! { <dt>{move || state.t(label)}</dt><dd>{v}</dd> })
    };
    let genres = genres_of_listed_in(t.listed_in.as_deref());
    let fields = {
        let t = t.clone();
        move || {
            let lang: Lang = state.lang.get();
            let length = t
                .duration_int
                .zip(t.duration_type)
                .map(|(n, unit)| i18n::duration(lang, n, unit == DurationType::Season));
            view! {
                {row(Msg::Type, Some((if t.kind == TitleType::Movie { Msg::Movie } else { Msg::Show }).text(lang).to_string()))}
                {row(Msg::Year, Some(t.release_year.to_string()))}
                {row(Msg::Duration, length)}
                {row(Msg::AgeRating, Some(t.rating.to_uppercase()))}
                {row(Msg::Director, names(t.display_director()))}
                {row(Msg::Cast, names(t.display_cast()))}
                {row(Msg::Country, names(t.display_country()))}
                {row(Msg::DateAdded, t.date_added.map(|d| date(lang, d)))}
            }
        }
    };
    // The pipeline's ratings are synthetic (generated for the demo): said
    // so, never as viewers' ratings.
    let rating = {
        let t = t.clone();
        move || {
            let lang = state.lang.get();
            match t.score {
                Some(s) => format!(
                    "{} · {} ({})",
                    score(lang, s),
                    i18n::ratings_count(lang, t.score_count),
                    Msg::SyntheticRatingsHelp.text(lang)
                ),
                None => Msg::NotRated.text(lang).to_string(),
            }
        }
    };
    // Real viewers' rating, once their ratings are in (an empty line held
    // while they load, so the facts below do not move when it comes: 0.03
    // of Lighthouse's layout shift; nothing if they failed).
    let viewers = {
        let id = t.id.clone();
        move || match state.viewers.get() {
            Remote::Ready(viewers) => {
                let lang = state.lang.get();
                Some(match viewers.get(&id) {
                    Some(v) => view! {
                        <p class="title-score viewers">{i18n::viewers_rating(lang, f64::from(v.shrunk), v.count)}</p>
                    }
                    .into_any(),
                    None => view! { <p class="title-score viewers muted">{Msg::NoViewerRatings.text(lang)}</p> }
                        .into_any(),
                })
            }
            Remote::Idle | Remote::Loading => Some(
                view! { <p class="title-score viewers" aria-hidden="true">"\u{a0}"</p> }.into_any(),
            ),
            Remote::Failed(_) => None,
        }
    };
    let heading = t.display_title().to_string();
    // Ids are for people filing a bug or calling the API, not for reading.
    let ids = format!("{} ({}) · {}", t.id, t.show_id, t.work_id);
    let id = t.id.clone();
    // The catalog says which titles have a synopsis: the others fetch none.
    let file = t
        .description
        .is_some()
        .then(|| ensure_description(state, &id));
    let description = move || {
        let Some(file) = file else {
            return view! { <p class="muted">{state.t(Msg::DescriptionMissing)}</p> }.into_any();
        };
        match file.get() {
            Remote::Idle | Remote::Loading => {
                view! { <p class="muted" role="status">{state.t(Msg::DescriptionLoading)}</p> }
                    .into_any()
            }
            Remote::Ready(map) => match map.get(&id) {
                Some(text) => view! { <p class="description">{text.clone()}</p> }.into_any(),
                None => {
                    view! { <p class="muted">{state.t(Msg::DescriptionMissing)}</p> }.into_any()
                }
            },
            Remote::Failed(e) => {
                view! { <Problem title=Msg::DescriptionFailed detail=e/> }.into_any()
            }
        }
    };
    view! {
        <article class="title-view" aria-labelledby="title-heading">
            <h1 id="title-heading">{heading}</h1>
            <ListButtons id=t.id.clone()/>
            <WhereToWatch members=members/>
            {viewers}
            <p class="title-score synthetic"><strong>{move || state.t(Msg::SyntheticRatings)}": "</strong>{rating}</p>
            <dl class="facts">{fields}</dl>
            {(!genres.is_empty()).then(|| view! {
                <p class="genres"><strong>{move || state.t(Msg::Genres)}": "</strong>
                    {genres.into_iter().map(|g| {
                        let route = Route::new(View::Search, vec![("genre".into(), g.code().to_string())]);
                        view! { <Link route=route class="chip">{move || g.name(state.lang.get())}</Link>" " }
                    }).collect_view()}
                </p>
            })}
            <h2>{move || state.t(Msg::Description)}</h2>
            {description}
            <details class="title-ids">
                <summary>{move || state.t(Msg::TitleId)}</summary>
                <p>{ids}</p>
            </details>
        </article>
    }
}
