//! "More like this": the works the taste model finds closest (cosine of
//! the composed vectors, `TasteRecommender::similar`, the CLI's `similar`
//! and the API's `/similar`), each with what it shares with the title, on
//! every title view and as `?view=similar&id=…&n=…`.

use std::sync::Arc;

use leptos::prelude::*;

use super::browser;
use super::needs_model::NeedsTaste;
use super::ranked::TasteList;
use super::state::{AppState, Data};
use super::taste::PageTaste;
use super::widgets::{title_of_route, Link, Problem};
use crate::format::display_case;
use crate::i18n::Msg;
use crate::route::{Route, View};

/// The `n` titles most like `id` (waits for the taste model).
#[component]
pub fn SimilarList(id: String, n: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let ready = move |taste: Arc<PageTaste>| {
        let started = browser::now_ms();
        let found = taste.recommender.similar(&id, n);
        let ms = browser::now_ms() - started;
        match found {
            Some(answer) => view! {
                <div class="similar" data-ms=format!("{ms:.3}")>
                    <TasteList items=answer.items taste=taste score_label=Msg::Similarity/>
                </div>
            }
            .into_any(),
            None => view! { <p class="muted">{move || state.t(Msg::NoSimilar)}</p> }.into_any(),
        }
    };
    view! { <NeedsTaste ready=ready/> }
}

/// `?view=similar&id=…&n=…`, parsed by the recommender's `SimilarRequest`.
#[component]
pub fn SimilarView(data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let n = match state.route.with(Route::similar_request) {
            Ok(request) => request.n,
            Err(e) if !e.missing => {
                return view! { <Problem title=Msg::BadParameter detail=e.to_string()/> }.into_any()
            }
            // A missing id is the title lookup's own message.
            Err(_) => 0,
        };
        match title_of_route(state, &data.catalog) {
            Err(problem) => problem,
            Ok(t) => {
                let name = display_case(&t.title);
                let link = Route::new(View::Title, vec![("id".into(), t.id.clone())]);
                view! {
                    <section aria-labelledby="similar-heading">
                        <h1 id="similar-heading">{move || state.t(Msg::MoreLikeThis)}": "<Link route=link.clone()>{name.clone()}</Link></h1>
                        <SimilarList id=t.id n=n/>
                    </section>
                }
                .into_any()
            }
        }
    }
}
