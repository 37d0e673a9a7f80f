//! "Train on your data" (`?view=train`, issue 16 §3): the original's
//! pipeline on the visitor's own ratings files, in the browser. The files
//! (the original's schema or MovieLens', one or a folder, with MovieLens'
//! `movies.csv` for names) go, unread, to the training worker
//! (`public/train-worker.js` + `crates/train-worker`), which runs
//! `cartelera_ingest::train_files` — the ETL's rules with the quarantine
//! report, the held-out biased-SVD run against the baselines, the factor
//! file — and reports each stage; the page shows a progress bar and a
//! cancel button (which stops the worker), then the report, and answers
//! recommend/predict with the model (`cartelera-recommender`, as for the
//! shipped model). The model is kept in the origin private file system
//! for the next visit and can be downloaded as the factor file's folder
//! (a zip that `cartelera predict --model` reads once unpacked).

use std::sync::Arc;

use cartelera_ingest::{ItemSpace, Progress, TrainOptions, TrainingCard};
use cartelera_recommender::{PredictAnswer, RecommendAnswer, RecommendFilter};
use js_sys::{Array, Object, Reflect, Uint8Array};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::browser;
use super::ranked::{FallbackNote, TitleList};
use super::state::{AppState, Data};
use super::trained::{ensure_trained, from_zip, TrainedLoad, TrainedModel, STORED_MODEL};
use super::widgets::Problem;
use crate::format::rating_value;
use crate::i18n::{self, Msg};

/// The most bytes of files one run reads (the worker holds them and the
/// parsed ratings in its 4 GB of wasm memory).
const MAX_RUN_BYTES: f64 = 1.5e9;

/// Where the current run stands.
#[derive(Clone, PartialEq)]
enum Run {
    /// No run (or the last one ended well).
    Idle,
    /// Running: the last stage heard (none yet: the worker is starting).
    Running(Option<Progress>),
    /// Stopped by the visitor.
    Cancelled,
    /// Failed: the worker's message (file, row, field) or why it could
    /// not start.
    Failed(String),
}

/// The running worker and its message handler (dropped together).
type Current = Option<(web_sys::Worker, Closure<dyn FnMut(web_sys::MessageEvent)>)>;

/// The train view.
#[component]
pub fn TrainView(data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    ensure_trained(state.trained);
    let run = RwSignal::new(Run::Idle);
    let current: StoredValue<Current, LocalStorage> = StoredValue::new_local(None);
    let factors = RwSignal::new(TrainOptions::default().n_factors.to_string());
    let epochs = RwSignal::new(TrainOptions::default().n_epochs.to_string());
    let dragging = RwSignal::new(false);

    let stop = move || {
        if let Some((worker, _handler)) = current.try_update_value(Option::take).flatten() {
            worker.terminate();
        }
    };
    let catalog_ids: Arc<Vec<String>> =
        Arc::new(data.catalog.titles().iter().map(|t| t.id.clone()).collect());
    let start = move |files: Vec<web_sys::File>| {
        stop();
        match start_worker(
            files,
            &catalog_ids,
            &factors.get_untracked(),
            &epochs.get_untracked(),
            run,
            state.trained,
            current,
        ) {
            Ok(()) => run.set(Run::Running(None)),
            Err(e) => run.set(Run::Failed(e)),
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
        stop();
        run.set(Run::Cancelled);
    };
    on_cleanup(stop);

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

/// Starts the worker on `files` with the options typed; the worker's
/// messages move `run` along and, at the end, put the model in `trained`.
#[allow(clippy::too_many_arguments)]
fn start_worker(
    files: Vec<web_sys::File>,
    catalog_ids: &[String],
    factors: &str,
    epochs: &str,
    run: RwSignal<Run>,
    trained: RwSignal<TrainedLoad>,
    current: StoredValue<Current, LocalStorage>,
) -> Result<(), String> {
    let whole = |text: &str, name: &str| {
        text.trim()
            .parse::<usize>()
            .map_err(|_| format!("{name}: expected a whole number, found {:?}", text.trim()))
    };
    let options = TrainOptions {
        n_factors: whole(factors, "n_factors")?,
        n_epochs: whole(epochs, "n_epochs")?,
        ..TrainOptions::default()
    };
    let total: f64 = files.iter().map(|f| f.size()).sum();
    if total > MAX_RUN_BYTES {
        return Err(format!(
            "{:.0} MB of files, more than the {:.0} MB one run reads",
            total / 1e6,
            MAX_RUN_BYTES / 1e6
        ));
    }
    let url = browser::meta_content("cartelera-train-worker")
        .ok_or("the page has no training worker (index.html lacks its meta tag)")?;
    let worker = browser::module_worker(&url)?;
    let handler =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let message = ev.data();
            let field = |name: &str| {
                Reflect::get(&message, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
            };
            match field("type").as_string().as_deref() {
                Some("progress") => {
                    if let Ok(stage) = serde_wasm_bindgen::from_value::<Progress>(field("stage")) {
                        run.set(Run::Running(Some(stage)));
                    }
                }
                Some("done") => {
                    let zip = Uint8Array::new(&field("zip")).to_vec();
                    finish(zip, run, trained, current);
                }
                Some("error") => {
                    end_worker(current);
                    run.set(Run::Failed(
                        field("message").as_string().unwrap_or_default(),
                    ));
                }
                _ => {}
            }
        });
    worker.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    let names: Array = files
        .iter()
        .map(|f| {
            // A folder's files are named by their path in it.
            let path = Reflect::get(f, &JsValue::from_str("webkitRelativePath"))
                .ok()
                .and_then(|p| p.as_string())
                .filter(|p| !p.is_empty());
            JsValue::from_str(&path.unwrap_or_else(|| f.name()))
        })
        .collect();
    let message = Object::new();
    let set = |key: &str, value: &JsValue| Reflect::set(&message, &JsValue::from_str(key), value);
    let options = serde_wasm_bindgen::to_value(&options).map_err(|e| e.to_string())?;
    let files: Array = files.iter().map(JsValue::from).collect();
    let catalog: Array = catalog_ids.iter().map(|id| JsValue::from_str(id)).collect();
    set("names", &names.into())
        .and_then(|_| set("files", &files.into()))
        .and_then(|_| set("catalog", &catalog.into()))
        .and_then(|_| set("options", &options))
        .map_err(|_| "cannot build the worker's message".to_string())?;
    browser::mark("cartelera:train-start");
    worker
        .post_message(&message)
        .map_err(|e| format!("cannot start the training worker: {e:?}"))?;
    current.set_value(Some((worker, handler)));
    Ok(())
}

fn end_worker(current: StoredValue<Current, LocalStorage>) {
    if let Some((worker, _)) = current.try_update_value(Option::take).flatten() {
        worker.terminate();
    }
}

/// The worker's archive: decoded (a shard per frame), kept in the private
/// file system, shown.
fn finish(
    zip: Vec<u8>,
    run: RwSignal<Run>,
    trained: RwSignal<TrainedLoad>,
    current: StoredValue<Current, LocalStorage>,
) {
    end_worker(current);
    run.set(Run::Running(Some(Progress::Saving)));
    leptos::task::spawn_local(async move {
        match from_zip(zip).await {
            Err(e) => run.set(Run::Failed(e)),
            Ok(model) => {
                let kept = browser::write_private_file(STORED_MODEL, &model.zip).await;
                browser::mark("cartelera:trained");
                trained.set(TrainedLoad::Ready {
                    model: Arc::new(model),
                    kept,
                });
                run.set(Run::Idle);
            }
        }
    });
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
    move || match state.trained.get() {
        TrainedLoad::Unknown | TrainedLoad::Loading | TrainedLoad::Nothing => None,
        TrainedLoad::Broken(detail) => {
            Some(view! { <Problem title=Msg::TrainStoredBroken detail=detail/> }.into_any())
        }
        TrainedLoad::Ready { model, kept } => {
            Some(view! { <ModelReport model=model kept=kept data=data.clone()/> }.into_any())
        }
    }
}

#[component]
fn ModelReport(
    model: Arc<TrainedModel>,
    kept: Result<(), String>,
    data: Arc<Data>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let card = Arc::new(model.card.clone());
    let summary = {
        let card = card.clone();
        move || i18n::train_summary(state.lang.get(), &card)
    };
    let download = {
        let model = model.clone();
        move |_| {
            let _ = browser::download_bytes("cartelera-model.zip", &model.zip, "application/zip");
        }
    };
    let forget = move |_| {
        leptos::task::spawn_local(async move {
            let _ = browser::remove_private_file(STORED_MODEL).await;
            state.trained.set(TrainedLoad::Nothing);
        });
    };
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
            <UseModel model=model.clone() data=data/>
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

/// Recommend for a user, or predict one rating, with the trained model.
#[component]
fn UseModel(model: Arc<TrainedModel>, data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let r = &model.recommender;
    let user = RwSignal::new(r.user_ids().first().cloned().unwrap_or_default());
    let item = RwSignal::new(
        r.item_ids()
            .iter()
            .find(|id| r.item_row(id).is_some_and(|i| r.model().knows_item(i)))
            .cloned()
            .unwrap_or_default(),
    );
    let answer = RwSignal::new(None::<Answer>);
    let recommend = {
        let (model, data) = (model.clone(), data.clone());
        move |_| {
            let catalog = (model.card.item_space == ItemSpace::Catalog).then_some(&data.catalog);
            let body = model.recommender.recommend(
                user.get_untracked().trim(),
                10,
                &RecommendFilter::default(),
                catalog,
            );
            answer.set(Some(Answer::Recommend(body)));
        }
    };
    let predict = {
        let model = model.clone();
        move |_| {
            let body = model
                .recommender
                .predict(user.get_untracked().trim(), item.get_untracked().trim());
            answer.set(Some(Answer::Predict(body)));
        }
    };
    let shown = {
        let (model, data) = (model.clone(), data.clone());
        move || {
            answer
                .get()
                .map(|a| view! { <ShownAnswer answer=a model=model.clone() data=data.clone()/> })
        }
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
            <button type="button" id="train-recommend" on:click=recommend>{move || state.t(Msg::TrainRecommend)}</button>
            <button type="button" id="train-predict" class="secondary" on:click=predict>{move || state.t(Msg::TrainPredict)}</button>
        </div>
        {shown}
    }
}

/// The last answer asked for.
#[derive(Clone)]
enum Answer {
    Recommend(RecommendAnswer),
    Predict(PredictAnswer),
}

#[component]
fn ShownAnswer(answer: Answer, model: Arc<TrainedModel>, data: Arc<Data>) -> impl IntoView {
    let state = expect_context::<AppState>();
    match answer {
        Answer::Predict(p) => {
            let name = item_name(&model.card, &data, &p.title);
            let value = p.prediction;
            let fallback = p.fallback.clone();
            view! {
                <div class="train-answer" data-prediction=format!("{value}")>
                    <p class="prediction"><strong>{move || state.t(Msg::TrainPredicted)}": "</strong>{name}" — "{move || rating_value(state.lang.get(), value)}</p>
                    <FallbackNote fallback=fallback/>
                </div>
            }
            .into_any()
        }
        Answer::Recommend(mut body) => {
            // The ranking score is the prediction before clipping; a
            // person reads it on the five-star scale.
            for item in &mut body.items {
                item.score = model.recommender.model().clip(item.score);
            }
            let ids = body
                .items
                .iter()
                .map(|i| i.id.as_str())
                .collect::<Vec<_>>()
                .join(",");
            let fallback = body.fallback.clone();
            let list = match model.card.item_space {
                ItemSpace::Catalog => view! { <TitleList items=body.items/> }.into_any(),
                ItemSpace::Open => view! {
                    <ol class="results ranked plain">
                        {body.items.into_iter().map(|item| {
                            let name = item_name(&model.card, &data, &item.id);
                            let score = item.score;
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
                    <FallbackNote fallback=fallback/>
                    {list}
                </div>
            }
            .into_any()
        }
    }
}

/// An item's name: the catalog's title, the names file's (MovieLens'
/// `movies.csv`), or its id.
fn item_name(card: &TrainingCard, data: &Data, id: &str) -> String {
    match card.item_space {
        ItemSpace::Catalog => data
            .catalog
            .get(id)
            .map_or_else(|| id.to_string(), crate::format::title_text),
        ItemSpace::Open => card.item_names.get(id).map_or_else(
            || format!("movieId {id}"),
            |name| format!("{name} (movieId {id})"),
        ),
    }
}
