//! `?view=recommend`: a user's recommendations beside their own best-rated
//! titles. The answers are `cartelera-recommender`'s (the CLI's and the
//! API's), shown with where they come from and what they fell back to.

use std::sync::Arc;

use cartelera_core::browse::leaning_genres;
use cartelera_core::genres::Genre;
use cartelera_core::Catalog;
use cartelera_recommender::page::popular;
use cartelera_recommender::{RecommendAnswer, RecommendRequest, Recommended, Recommender};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::browser;
use super::model::{ensure_model, PageModel};
use super::needs_model::NeedsModel;
use super::ranked::{FallbackNote, TitleList};
use super::state::{AppState, Data};
use super::widgets::{form_pairs, FieldKind, FilterField, Problem};
use crate::i18n::{self, Msg};
use crate::route::{Route, View};

/// The platform / type / genre pickers of the recommendation form.
fn filter_fields(prefix: &'static str, genres: Vec<String>) -> impl IntoView {
    let id = |field: &str| format!("{prefix}-{field}");
    view! {
        <FilterField id=id("platform") name="platform" label=Msg::Platform kind=FieldKind::Platform/>
        <FilterField id=id("type") name="type" label=Msg::Type kind=FieldKind::Type/>
        <FilterField id=id("genre") name="genre" label=Msg::Genre kind=FieldKind::Genre(genres)/>
    }
}

/// `?view=recommend&user=…&n=…&platform=…&type=…&genre=…`: the form, and
/// the answer for the address's user once the model has them.
#[component]
pub fn RecommendView(data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    ensure_model(state.model);
    let user = Memo::new(move |_| {
        state.route.with(|r| {
            r.get("user")
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .map(str::to_string)
        })
    });
    // Nothing to answer without a user (the form alone); a bad request is
    // refused with the recommender's message (the CLI's and the API's),
    // never clamped or dropped.
    let asked = Memo::new(move |_| {
        user.with(Option::is_some).then(|| {
            state
                .route
                .with(Route::recommend_request)
                .map(|_| ())
                .map_err(|e| i18n::param_error(state.lang.get(), &e))
        })
    });
    let genres = data.search().genres().to_vec();
    let answer = move || {
        asked.get().map(|outcome| match outcome {
            Err(detail) => view! { <Problem title=Msg::BadParameter detail=detail/> }.into_any(),
            Ok(()) => {
                let (ready_data, failed_data) = (data.clone(), data.clone());
                let ready = move |model: &PageModel| {
                    state.route.with(Route::recommend_request).ok().map(|request| {
                        user_recommendations(model, &request, &ready_data)
                    })
                };
                let failed = move |detail: String| {
                    let request = state.route.with(Route::recommend_request).ok();
                    view! { <PopularInstead detail=detail request=request data=failed_data.clone()/> }
                        .into_any()
                };
                view! { <NeedsModel user=user failed=failed ready=ready/> }.into_any()
            }
        })
    };
    view! {
        <section class="reco" aria-labelledby="recommend-heading">
            <h1 id="recommend-heading">{move || state.t(Msg::NavRecommend)}</h1>
            <p class="help">{move || state.t(Msg::RecommendHelp)}</p>
            <RecommendForm user=user genres=genres/>
            {answer}
        </section>
    }
}

/// The form: user id, how many titles, and the filter.
#[component]
fn RecommendForm(user: Memo<Option<String>>, genres: Vec<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let params = form_pairs(&ev, &["user", "n", "platform", "type", "genre"]);
        state.go(Route::new(View::Recommend, params), true);
    };
    let n_param = move || state.route.with(|r| r.get("n").unwrap_or("10").to_string());
    let user_param = move || user.get().unwrap_or_default();
    view! {
        <form class="query-form" on:submit=on_submit>
            <div class="field">
                <label for="recommend-user">{move || state.t(Msg::ViewerLabel)}</label>
                <input id="recommend-user" name="user" type="text" inputmode="numeric" required prop:value=user_param/>
            </div>
            <div class="field">
                <label for="recommend-n">{move || state.t(Msg::HowMany)}</label>
                <input id="recommend-n" name="n" type="number" min="1" max="1000" prop:value=n_param/>
            </div>
            {filter_fields("recommend", genres)}
            <button type="submit">{move || state.t(Msg::Run)}</button>
        </form>
    }
}

/// The model's answer for the request's user (timed for the page
/// benchmark) beside their own best-rated titles.
fn user_recommendations(
    model: &PageModel,
    request: &RecommendRequest,
    data: &Data,
) -> impl IntoView {
    let started = browser::now_ms();
    let r = &model.recommender;
    let user = &request.user;
    let answer = r.recommend(user, request.n, &request.filter, Some(&data.catalog));
    let history = r.best_rated(user, 10, Some(&data.catalog));
    let ms = browser::now_ms() - started;
    let leaning = viewer_leaning(r, user, &data.catalog);
    view! {
        <div class="two-columns" data-ms=format!("{ms:.3}")>
            <RecommendedList answer=answer leaning=leaning/>
            <TheirBest history=history/>
        </div>
    }
}

/// The canonical genres a ratings-model user's best-rated titles lean to
/// (their one-line taste), from `core::browse`.
pub fn viewer_leaning(r: &Recommender, user: &str, catalog: &Catalog) -> Vec<Genre> {
    let rated = r.best_rated(user, TASTE_SAMPLE, Some(catalog));
    leaning_genres(rated.iter().filter_map(|item| catalog.get(&item.id)), 3)
}

/// How many of a user's best-rated titles their taste summary reads.
const TASTE_SAMPLE: usize = 30;

/// The recommendations, headed with whom they are for and what they like.
#[component]
fn RecommendedList(answer: RecommendAnswer, leaning: Vec<Genre>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let who = answer.user;
    view! {
        <section aria-labelledby="reco-heading">
            <h2 id="reco-heading">{move || i18n::recommended_for_viewer(state.lang.get(), &who)}</h2>
            <p class="taste-summary">{move || i18n::taste_summary(state.lang.get(), &leaning)}</p>
            <FallbackNote fallback=answer.fallback/>
            <TitleList items=answer.items/>
        </section>
    }
}

/// The user's own best-rated titles.
#[component]
fn TheirBest(history: Vec<Recommended>) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section aria-labelledby="history-heading">
            <h2 id="history-heading">{move || state.t(Msg::TheirBest)}</h2>
            {history.is_empty().then(|| view! { <p class="muted">{move || state.t(Msg::NoHistory)}</p> })}
            <TitleList items=history score_label=Msg::Rated/>
        </section>
    }
}

/// Without the user's factors: the problem, then the non-personal list
/// for the same request, said so.
#[component]
fn PopularInstead(
    detail: String,
    request: Option<RecommendRequest>,
    data: Arc<Data>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let items = request.map_or_else(Vec::new, |r| popular(&data.catalog, r.n, &r.filter, &[]));
    view! {
        <Problem title=Msg::ModelFailed detail=detail/>
        <p class="fallback" role="note">{move || state.t(Msg::PopularInstead)}</p>
        <TitleList items=items score_label=Msg::MeanScore/>
    }
}
