//! One title's details: every field, real viewers' rating (MovieLens,
//! from the taste model) where there is one, the pipeline's synthetic
//! score labelled as such, the synopsis (fetched the first time a title
//! is opened) and "more like this".

use std::sync::Arc;

use cartelera_core::genres::genres_of_listed_in;
use cartelera_core::{DurationType, Lang, Title, TitleType};
use leptos::prelude::*;

use cartelera_recommender::RecommendRequest;

use super::loader::ensure_descriptions;
use super::state::{AppState, Data, Remote};
use super::taste::TasteLoad;
use super::widgets::{title_of_route, Link, PlatformBadge, Problem};
use crate::format::{date, score};
use crate::i18n::{self, Msg};
use crate::route::{Route, View};

/// The title view (`?view=title&id=ns2186`).
#[component]
pub fn TitleView(data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    ensure_descriptions(state);
    move || match title_of_route(state, &data.catalog) {
        Err(problem) => problem,
        Ok(title) => {
            let id = title.id.clone();
            // The title page's address has no `n`: the API's default.
            let n = state
                .route
                .with(Route::similar_request)
                .map_or(RecommendRequest::DEFAULT_N, |r| r.n);
            view! {
                <TitleDetails title=title/>
                <section class="more-like-this" aria-labelledby="similar-heading">
                    <h2 id="similar-heading">{move || state.t(Msg::MoreLikeThis)}</h2>
                    <super::similar::SimilarList id=id n=n/>
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

#[component]
fn TitleDetails(title: Title) -> impl IntoView {
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
    // Real viewers' rating, once the taste model is in (nothing while it
    // loads or if it failed: the title's facts do not wait for it).
    let viewers = {
        let id = t.id.clone();
        move || match state.taste.get() {
            TasteLoad::Ready(taste) => {
                let lang = state.lang.get();
                Some(match taste.recommender.viewer_score(&id) {
                    Some(v) => view! {
                        <p class="title-score viewers">{i18n::viewers_rating(lang, f64::from(v.shrunk), v.count)}</p>
                    }
                    .into_any(),
                    None => view! { <p class="title-score viewers muted">{Msg::NoViewerRatings.text(lang)}</p> }
                        .into_any(),
                })
            }
            _ => None,
        }
    };
    let heading = t.display_title().to_string();
    // Ids are for people filing a bug or calling the API, not for reading.
    let ids = format!("{} ({}) · {}", t.id, t.show_id, t.work_id);
    let id = t.id.clone();
    let description = move || match state.descriptions.get() {
        Remote::Idle | Remote::Loading => {
            view! { <p class="muted" role="status">{state.t(Msg::DescriptionLoading)}</p> }
                .into_any()
        }
        Remote::Ready(map) => match map.get(&id) {
            Some(text) => view! { <p class="description">{text.clone()}</p> }.into_any(),
            None => view! { <p class="muted">{state.t(Msg::DescriptionMissing)}</p> }.into_any(),
        },
        Remote::Failed(e) => view! { <Problem title=Msg::DescriptionFailed detail=e/> }.into_any(),
    };
    view! {
        <article class="title-view" aria-labelledby="title-heading">
            <h1 id="title-heading">{heading}</h1>
            <p class="title-badges"><PlatformBadge platform=t.platform/></p>
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
