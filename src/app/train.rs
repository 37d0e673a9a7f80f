//! "Train on your data" (`?view=train`, issue 16 §3): the original's
//! pipeline on the visitor's own ratings files, in the browser. The files
//! (the original's schema or MovieLens', one or a folder, with MovieLens'
//! `movies.csv` for names) go, unread, to a training worker (`trained`:
//! `public/train-worker.js` + `crates/train-worker`), which runs
//! `cartelera_ingest::train_files` — the ETL's rules with the quarantine
//! report, the held-out biased-SVD run against the baselines, the factor
//! file — and reports each stage; the page shows a progress bar and a
//! cancel button (which stops the worker), then the report, and asks the
//! worker, which keeps the model, for recommendations and predictions
//! (`cartelera-recommender`, as for the shipped model). The model is kept
//! in the origin private file system for the next visit and can be
//! downloaded as the factor file's folder (a zip that `cartelera predict
//! --model` reads once unpacked).

use std::sync::Arc;

use cartelera_ingest::{ItemSpace, Progress, TrainOptions, TrainingCard};
use leptos::prelude::*;

use super::browser;
use super::ranked::{FallbackNote, TitleList};
use super::state::{AppState, Data};
use super::trained::{self, ModelAnswer, Run, TrainedLoad};
use super::widgets::Problem;
use crate::format::rating_value;
use crate::i18n::{self, Msg};

/// The train view.
#[component]
pub fn TrainView(data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    trained::ensure_trained(state.train);
    let run = state.train.run;
    let factors = RwSignal::new(TrainOptions::default().n_factors.to_string());
    let epochs = RwSignal::new(TrainOptions::default().n_epochs.to_string());
    let dragging = RwSignal::new(false);
    let catalog_ids: Arc<Vec<String>> =
        Arc::new(data.catalog.titles().iter().map(|t| t.id.clone()).collect());
    let start = move |files: Vec<web_sys::File>| {
        let started = options(&factors.get_untracked(), &epochs.get_untracked())
            .and_then(|options| trained::start_training(state.train, files, &catalog_ids, options));
        if let Err(e) = started {
            run.set(Run::Failed(e));
        }
    };
    let start_files = start.clone();
    let on_files = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let files = browser::chosen_files(&input);
        input.set_value("");
        if !files.is_empty() {
            start_files(files);
        }
    };
    let start_folder = start.clone();
    let on_folder = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        // A folder holds more than ratings (README.txt): its CSV files only.
        let files: Vec<web_sys::File> = browser::chosen_files(&input)
            .into_iter()
            .filter(|f| f.name().to_ascii_lowercase().ends_with(".csv"))
            .collect();
        input.set_value("");
        if files.is_empty() {
            run.set(Run::Failed(no_csv_text(state.lang.get_untracked())));
        } else {
            start_folder(files);
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let files = ev
            .data_transfer()
            .and_then(|t| t.files())
            .map_or_else(Vec::new, |list| browser::file_list(&list));
        if !files.is_empty() {
            start(files);
        }
    };
    let on_cancel = move |_| {
        trained::cancel_training();
        run.set(Run::Cancelled);
    };

    let running = move || run.with(|r| matches!(r, Run::Running(_)));
    view! {
        <section class="train" aria-labelledby="train-heading">
            <h1 id="train-heading">{move || state.t(Msg::NavTrain)}</h1>
            <p class="help">{move || state.t(Msg::TrainHelp)}</p>
            <div
                class="drop-zone"
                class:dragging=move || dragging.get()
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <div class="train-options">
                    <div class="field">
                        <label for="train-factors">{move || state.t(Msg::TrainFactors)}</label>
                        <input id="train-factors" type="number" min="1" max="1024" inputmode="numeric"
                            prop:value=move || factors.get()
                            on:input=move |ev| factors.set(event_target_value(&ev))
                            prop:disabled=running/>
                    </div>
                    <div class="field">
                        <label for="train-epochs">{move || state.t(Msg::TrainEpochs)}</label>
                        <input id="train-epochs" type="number" min="1" max="200" inputmode="numeric"
                            prop:value=move || epochs.get()
                            on:input=move |ev| epochs.set(event_target_value(&ev))
                            prop:disabled=running/>
                    </div>
                </div>
                <p class="train-choose">
                    <label class="button" class:disabled=running>
                        {move || state.t(Msg::TrainChooseFiles)}
                        <input id="train-files" type="file" multiple class="visually-hidden"
                            accept=".csv,text/csv" on:change=on_files prop:disabled=running/>
                    </label>
                    " "
                    <label class="button secondary" class:disabled=running>
                        {move || state.t(Msg::TrainChooseFolder)}
                        <input id="train-folder" type="file" class="visually-hidden"
                            prop:webkitdirectory=true on:change=on_folder prop:disabled=running/>
                    </label>
                    " "
                    <span class="drop-hint">{move || state.t(Msg::TrainDrop)}</span>
                </p>
            </div>
            {move || match run.get() {
                Run::Idle => None,
                Run::Running(stage) => Some(view! { <RunProgress stage=stage on_cancel=on_cancel/> }.into_any()),
                Run::Cancelled => Some(view! { <p class="note" role="status">{move || state.t(Msg::TrainCancelled)}</p> }.into_any()),
                Run::Failed(detail) => Some(view! { <Problem title=Msg::TrainFailed detail=detail/> }.into_any()),
            }}
            <TrainedPanel data=data/>
        </section>
    }
}

fn no_csv_text(lang: cartelera_core::Lang) -> String {
    lang.pick(
        "la carpeta no tiene archivos .csv",
        "the folder holds no .csv files",
    )
    .to_string()
}

/// The options typed, as the worker takes them.
fn options(factors: &str, epochs: &str) -> Result<TrainOptions, String> {
    let whole = |text: &str, name: &str| {
        text.trim()
            .parse::<usize>()
            .map_err(|_| format!("{name}: expected a whole number, found {:?}", text.trim()))
    };
    Ok(TrainOptions {
        n_factors: whole(factors, "n_factors")?,
        n_epochs: whole(epochs, "n_epochs")?,
        ..TrainOptions::default()
    })
}

/// The progress bar, its words and the cancel button.
#[component]
fn RunProgress(
    stage: Option<Progress>,
    on_cancel: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Reading counts as the first 5 %, the epochs as the next 90 %.
    let (value, max) = match stage {
        None => (0.0, 100.0),
        Some(Progress::Reading { done, total }) => (5.0 * done as f64 / total.max(1) as f64, 100.0),
        Some(Progress::Training { done, total, .. }) => {
            (5.0 + 90.0 * done as f64 / total.max(1) as f64, 100.0)
        }
        Some(Progress::Scoring) => (96.0, 100.0),
        Some(Progress::Saving) => (98.0, 100.0),
    };
    let text = move || match &stage {
        None => state.t(Msg::TrainStarting).to_string(),
        Some(p) => i18n::train_progress(state.lang.get(), p),
    };
    view! {
        <div class="train-progress" role="status" aria-live="polite">
            <label for="train-bar">{text}</label>
            <progress id="train-bar" max=max value=value></progress>
            <button type="button" class="secondary" on:click=on_cancel>{move || state.t(Msg::TrainCancel)}</button>
        </div>
    }
}

/// The kept or just-trained model: its report, its answers, download and
/// forget.
#[component]
fn TrainedPanel(data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || match state.train.trained.get() {
        TrainedLoad::Unknown | TrainedLoad::Loading | TrainedLoad::Nothing => None,
        TrainedLoad::Broken(detail) => {
            Some(view! { <Problem title=Msg::TrainStoredBroken detail=detail/> }.into_any())
        }
        TrainedLoad::Ready { card, kept } => {
            Some(view! { <ModelReport card=card kept=kept data=data.clone()/> }.into_any())
        }
    }
}

#[component]
fn ModelReport(
    card: Arc<TrainingCard>,
    kept: Result<(), String>,
    data: Arc<Data>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let summary = {
        let card = card.clone();
        move || i18n::train_summary(state.lang.get(), &card)
    };
    let download = move |_| {
        let _ = trained::download();
    };
    let forget = move |_| trained::forget(state.train);
    let kept_note = match kept {
        Ok(()) => view! { <p class="note">{move || state.t(Msg::TrainKept)}</p> }.into_any(),
        Err(e) => view! { <Problem title=Msg::TrainNotKept detail=e/> }.into_any(),
    };
    view! {
        <div class="train-report">
            <h2>{move || state.t(Msg::TrainMetrics)}</h2>
            <p class="train-summary">{summary}</p>
            <MetricsTable card=card.clone()/>
            {kept_note}
            <p class="train-actions">
                <button type="button" on:click=download>{move || state.t(Msg::TrainDownload)}</button>
                " "
                <button type="button" class="secondary" on:click=forget>{move || state.t(Msg::TrainForget)}</button>
            </p>
            <UseModel card=card.clone() data=data/>
            <h2>{move || state.t(Msg::TrainQuarantine)}</h2>
            <QuarantineReport card=card/>
        </div>
    }
}

/// RMSE and MAE of the model and both baselines on the held-out ratings.
#[component]
fn MetricsTable(card: Arc<TrainingCard>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = [
        (Msg::TrainModelRow, card.model),
        (Msg::TrainBaselineOnly, card.baseline_only),
        (Msg::TrainGlobalMean, card.global_mean),
    ];
    view! {
        <table class="train-metrics">
            <thead><tr>
                <th scope="col">{move || state.t(Msg::TrainPredictor)}</th>
                <th scope="col" class="num">"RMSE"</th>
                <th scope="col" class="num">"MAE"</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|(name, errors)| view! {
                    <tr>
                        <th scope="row">{move || state.t(name)}</th>
                        <td class="num">{move || state.lang.get().dec(errors.rmse, 4)}</td>
                        <td class="num">{move || state.lang.get().dec(errors.mae, 4)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Per file: rows read, kept, quarantined; per reason: count and first
/// example (the CLI's `etl_report.json` fields).
#[component]
fn QuarantineReport(card: Arc<TrainingCard>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let int = move |n: u64| state.lang.get().int(n);
    let reasons: Vec<(String, u64, String)> = card
        .files
        .iter()
        .flat_map(|f| {
            f.rejected.by_reason.iter().map(|(reason, n)| {
                let example = f
                    .rejected
                    .examples
                    .get(reason)
                    .and_then(|e| e.first())
                    .cloned()
                    .unwrap_or_default();
                (reason.clone(), *n, example)
            })
        })
        .collect();
    let skipped = card.skipped.clone();
    view! {
        <table class="train-files">
            <thead><tr>
                <th scope="col">{move || state.t(Msg::TrainFile)}</th>
                <th scope="col" class="num">{move || state.t(Msg::TrainRowsRead)}</th>
                <th scope="col" class="num">{move || state.t(Msg::TrainRowsKept)}</th>
                <th scope="col" class="num">{move || state.t(Msg::TrainRowsQuarantined)}</th>
            </tr></thead>
            <tbody>
                {card.files.iter().map(|f| {
                    let (read, valid, rejected) = (f.rows_read, f.rows_valid, f.rows_rejected);
                    view! {
                        <tr>
                            <th scope="row">{f.file.clone()}</th>
                            <td class="num">{move || int(read)}</td>
                            <td class="num">{move || int(valid)}</td>
                            <td class="num">{move || int(rejected)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        {(!reasons.is_empty()).then(|| view! {
            <table class="train-reasons">
                <thead><tr>
                    <th scope="col">{move || state.t(Msg::TrainReason)}</th>
                    <th scope="col" class="num">{move || state.t(Msg::TrainRowsQuarantined)}</th>
                    <th scope="col">{move || state.t(Msg::TrainExample)}</th>
                </tr></thead>
                <tbody>
                    {reasons.into_iter().map(|(reason, n, example)| {
                        let code = reason.clone();
                        view! {
                            <tr data-reason=code>
                                <th scope="row">{move || i18n::quarantine_reason(state.lang.get(), &reason)}</th>
                                <td class="num">{move || int(n)}</td>
                                <td class="example"><code>{example}</code></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        })}
        {(!skipped.is_empty()).then(|| view! {
            <p class="note">{move || state.t(Msg::TrainSkipped)}": "{skipped.join(", ")}</p>
        })}
    }
}

/// Recommend for a user, or predict one rating, with the trained model
/// (asked of the worker that holds it).
#[component]
fn UseModel(card: Arc<TrainingCard>, data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let user = RwSignal::new(card.first_user.clone());
    let item = RwSignal::new(card.first_item.clone());
    let ask = move |item_asked: bool| {
        let (u, i) = (user.get_untracked(), item.get_untracked());
        let asked = trained::ask(u.trim(), item_asked.then_some(i.trim()));
        if let Err(e) = asked {
            state.train.answer.set(Some(ModelAnswer::Failed(e)));
        }
    };
    let shown = move || {
        state
            .train
            .answer
            .get()
            .map(|a| view! { <ShownAnswer answer=a card=card.clone() data=data.clone()/> })
    };
    view! {
        <h2>{move || state.t(Msg::TrainUse)}</h2>
        <div class="query-form train-use">
            <div class="field">
                <label for="train-user">{move || state.t(Msg::TrainUser)}</label>
                <input id="train-user" type="text" inputmode="numeric" prop:value=move || user.get() on:input=move |ev| user.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="train-item">{move || state.t(Msg::TrainItem)}</label>
                <input id="train-item" type="text" prop:value=move || item.get() on:input=move |ev| item.set(event_target_value(&ev))/>
            </div>
            <button type="button" id="train-recommend" on:click=move |_| ask(false)>{move || state.t(Msg::TrainRecommend)}</button>
            <button type="button" id="train-predict" class="secondary" on:click=move |_| ask(true)>{move || state.t(Msg::TrainPredict)}</button>
        </div>
        {shown}
    }
}

/// The model's answer as `cartelera` writes it, for a person: names, the
/// score on the five-star scale, the fallback in words.
#[component]
fn ShownAnswer(answer: ModelAnswer, card: Arc<TrainingCard>, data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let text = |v: &serde_json::Value, key: &str| v[key].as_str().map(str::to_string);
    match answer {
        ModelAnswer::Failed(detail) => {
            view! { <Problem title=Msg::TrainFailed detail=detail/> }.into_any()
        }
        ModelAnswer::Predict(p) => {
            let name = item_name(
                &card,
                &data,
                &text(&p, "title").unwrap_or_default(),
                text(&p, "title_name"),
            );
            let value = p["prediction"].as_f64().unwrap_or(f64::NAN) as f32;
            view! {
                <div class="train-answer" data-prediction=format!("{value}")>
                    <p class="prediction"><strong>{move || state.t(Msg::TrainPredicted)}": "</strong>{name}" — "{move || rating_value(state.lang.get(), value)}</p>
                    <FallbackNote fallback=text(&p, "fallback")/>
                </div>
            }
            .into_any()
        }
        ModelAnswer::Recommend(body) => {
            // Each score is the prediction as `predict` gives it, on the
            // model's rating scale (`Recommender::recommend` clips it).
            let items: Vec<(String, f32, Option<String>)> = body["items"]
                .as_array()
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|i| {
                            let id = i["id"].as_str()?.to_string();
                            Some((id, i["score"].as_f64()? as f32, text(i, "title")))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let ids = items
                .iter()
                .map(|(id, _, _)| id.as_str())
                .collect::<Vec<_>>()
                .join(",");
            let list = match card.item_space {
                ItemSpace::Catalog => {
                    let items = items
                        .into_iter()
                        .map(|(id, score, _)| cartelera_recommender::Recommended {
                            title: data.catalog.get(&id).map(crate::format::title_text),
                            platform: cartelera_core::Platform::from_id(&id),
                            id,
                            score,
                            also_on: Vec::new(),
                            why: None,
                        })
                        .collect();
                    view! { <TitleList items=items/> }.into_any()
                }
                ItemSpace::Open => view! {
                    <ol class="results ranked plain">
                        {items.into_iter().map(|(id, score, title)| {
                            let name = item_name(&card, &data, &id, title);
                            view! {
                                <li class="result">
                                    <span class="result-title">{name}</span>
                                    " "
                                    <span class="result-meta">{move || format!("{} {}", state.t(Msg::Predicted), rating_value(state.lang.get(), score))}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }
                .into_any(),
            };
            view! {
                <div class="train-answer" data-items=ids>
                    <FallbackNote fallback=text(&body, "fallback")/>
                    {list}
                </div>
            }
            .into_any()
        }
    }
}

/// An item's name: the catalog's title, the names file's (MovieLens'
/// `movies.csv`, given with the worker's answer), or its id.
fn item_name(card: &TrainingCard, data: &Data, id: &str, named: Option<String>) -> String {
    match card.item_space {
        ItemSpace::Catalog => data
            .catalog
            .get(id)
            .map_or_else(|| id.to_string(), crate::format::title_text),
        ItemSpace::Open => named.map_or_else(
            || format!("movieId {id}"),
            |name| format!("{name} (movieId {id})"),
        ),
    }
}
