//! Predictions and recommendations for a user id, and similar titles: the
//! answers are `cartelera-recommender`'s (the CLI's and the API's), shown
//! with where they come from and what they fell back to.

use std::sync::Arc;

use cartelera_recommender::page::popular;
use cartelera_recommender::{RecommendAnswer, Recommended};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::browser;
use super::model::{ensure_model, ensure_user, model_ready, user_state, ModelLoad, UserState};
use super::state::{AppState, Data};
use super::widgets::{form_pairs, FieldKind, FilterField, Link, PlatformBadge, Problem};
use crate::format::{display_case, rating_value};
use crate::i18n::{self, Msg};
use crate::route::{Route, View};

/// The platform / type / genre pickers of the recommendation forms.
pub fn filter_fields(prefix: &'static str, genres: Vec<String>) -> impl IntoView {
    let id = |field: &str| format!("{prefix}-{field}");
    view! {
        <FilterField id=id("platform") name="platform" label=Msg::Platform kind=FieldKind::Platform/>
        <FilterField id=id("type") name="type" label=Msg::Type kind=FieldKind::Type/>
        <FilterField id=id("genre") name="genre" label=Msg::Genre kind=FieldKind::Genre(genres)/>
    }
}

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

/// A fallback's reason, said on screen.
pub fn fallback_note(state: AppState, answer: &RecommendAnswer) -> impl IntoView {
    answer.fallback.clone().map(|f| view! { <p class="fallback" role="note"><strong>{move || state.t(Msg::FallbackNote)}": "</strong>{f}</p> })
}

/// `?view=recommend&user=…&n=…&platform=…&type=…&genre=…`.
#[component]
pub fn RecommendView(data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    ensure_model(state);
    let user = Memo::new(move |_| {
        state.route.with(|r| {
            r.get("user")
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .map(str::to_string)
        })
    });
    Effect::new(move |_| {
        let ready = model_ready(state);
        if let (true, Some(u)) = (ready, user.get()) {
            ensure_user(state, &u);
        }
    });
    let genres = data.search.genres().to_vec();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let params = form_pairs(&ev, &["user", "n", "platform", "type", "genre"]);
        state.go(Route::new(View::Recommend, params), true);
    };
    let n_param = move || state.route.with(|r| r.get("n").unwrap_or("10").to_string());
    let user_param = move || user.get().unwrap_or_default();
    let body = move || {
        let u = user.get()?;
        // The recommender's parser, the CLI's and the API's: a bad `n` or
        // filter is refused with their message, never clamped or dropped.
        let request = match state.route.with(Route::recommend_request) {
            Ok(request) => request,
            Err(e) => {
                return Some(
                    view! { <Problem title=Msg::BadParameter detail=e.to_string()/> }.into_any(),
                )
            }
        };
        Some(match user_state(state, &u) {
            UserState::Loading => {
                view! { <p class="muted" role="status">{move || state.t(Msg::ModelLoading)}</p> }
                    .into_any()
            }
            UserState::Failed(e) => {
                // Without the user's factors: the non-personal list, said so.
                let items = popular(&data.catalog, request.n, &request.filter, &[]);
                view! {
                    <Problem title=Msg::ModelFailed detail=e/>
                    <p class="fallback" role="note">{move || state.t(Msg::PopularInstead)}</p>
                    <TitleList items=items score_label=Msg::MeanScore/>
                }
                .into_any()
            }
            UserState::Ready => {
                let (n, filter) = (request.n, &request.filter);
                let started = browser::now_ms();
                let (answer, history) = state.model.with(|m| match m {
                    ModelLoad::Ready(model) => {
                        let r = &model.recommender;
                        let answer = r.recommend(&u, n, filter, Some(&data.catalog));
                        let history = r.best_rated(&u, 10, Some(&data.catalog));
                        (Some(answer), history)
                    }
                    _ => (None, Vec::new()),
                });
                let ms = browser::now_ms() - started;
                let answer = answer?;
                let who = answer.user.clone();
                let note = fallback_note(state, &answer);
                view! {
                    <div class="two-columns" data-ms=format!("{ms:.3}")>
                        <section aria-labelledby="reco-heading">
                            <h2 id="reco-heading">{move || i18n::recommended_for(state.lang.get(), &who)}</h2>
                            {note}
                            <TitleList items=answer.items/>
                        </section>
                        <section aria-labelledby="history-heading">
                            <h2 id="history-heading">{move || state.t(Msg::TheirBest)}</h2>
                            {history.is_empty().then(|| view! { <p class="muted">{move || state.t(Msg::NoHistory)}</p> })}
                            <TitleList items=history score_label=Msg::Rated/>
                        </section>
                    </div>
                }
                .into_any()
            }
        })
    };
    view! {
        <section class="reco" aria-labelledby="recommend-heading">
            <h1 id="recommend-heading">{move || state.t(Msg::NavRecommend)}</h1>
            <p class="help">{move || state.t(Msg::RecommendHelp)}</p>
            <form class="query-form" on:submit=on_submit>
                <div class="field">
                    <label for="recommend-user">{move || state.t(Msg::UserId)}</label>
                    <input id="recommend-user" name="user" type="text" inputmode="numeric" required prop:value=user_param/>
                </div>
                <div class="field">
                    <label for="recommend-n">{move || state.t(Msg::HowMany)}</label>
                    <input id="recommend-n" name="n" type="number" min="1" max="1000" prop:value=n_param/>
                </div>
                {filter_fields("recommend", genres)}
                <button type="submit">{move || state.t(Msg::Run)}</button>
            </form>
            {body}
        </section>
    }
}
