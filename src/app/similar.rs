//! "More like this": the titles whose learned factor vectors are closest
//! (cosine) to a title's, on every title view and as `?view=similar&id=…`.

use std::sync::Arc;

use leptos::prelude::*;

use super::browser;
use super::model::PageModel;
use super::needs_model::NeedsModel;
use super::ranked::TitleList;
use super::state::{AppState, Data};
use super::widgets::{title_of_route, Link};
use crate::format::display_case;
use crate::i18n::Msg;
use crate::route::{Route, View};

/// How many similar titles to show.
const SIMILAR: usize = 10;

/// The similar titles of `id` (waits for the model).
#[component]
pub fn SimilarList(id: String, data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let ready = move |model: &PageModel| {
        let started = browser::now_ms();
        let found = model.recommender.similar(&id, SIMILAR, Some(&data.catalog));
        let ms = browser::now_ms() - started;
        match found {
            Some(answer) => view! {
                <div class="similar" data-ms=format!("{ms:.3}")>
                    <TitleList items=answer.items score_label=Msg::Similarity/>
                </div>
            }
            .into_any(),
            None => view! { <p class="muted">{move || state.t(Msg::NoSimilar)}</p> }.into_any(),
        }
    };
    view! { <NeedsModel ready=ready/> }
}

/// `?view=similar&id=…`.
#[component]
pub fn SimilarView(data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || match title_of_route(state, &data.catalog) {
        Err(problem) => problem,
        Ok(t) => {
            let name = display_case(&t.title);
            let link = Route::new(View::Title, vec![("id".into(), t.id.clone())]);
            view! {
                <section aria-labelledby="similar-heading">
                    <h1 id="similar-heading">{move || state.t(Msg::MoreLikeThis)}": "<Link route=link.clone()>{name.clone()}</Link></h1>
                    <SimilarList id=t.id data=data.clone()/>
                </section>
            }
            .into_any()
        }
    }
}
