//! The model a visitor trains on their own ratings (`?view=train`) lives
//! in a Web Worker (`public/train-worker.js` + `crates/train-worker`): the
//! worker that trained it keeps it and answers recommend/predict, and on a
//! later visit a worker loads the kept archive. The page holds only the
//! run's card, the archive as JavaScript bytes (kept in the origin private
//! file system, offered as the download) and the worker's handle, so no
//! decoding and no answering ever takes its thread. Knows nothing of the
//! app state: the state holds these signals (`TrainSignals`).

use std::cell::RefCell;
use std::sync::Arc;

use cartelera_ingest::{Progress, TrainOptions, TrainingCard};
use js_sys::{Array, Object, Reflect, Uint8Array};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::browser;

/// The private file the trained model is kept in.
pub const STORED_MODEL: &str = "cartelera-trained-model.zip";

/// The most bytes of files one run reads (the worker holds them and the
/// parsed ratings in its 4 GB of wasm memory).
const MAX_RUN_BYTES: f64 = 1.5e9;

/// Where the current training run stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Run {
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

/// Where the visitor's own model stands.
#[derive(Clone, Debug, PartialEq)]
pub enum TrainedLoad {
    /// Not looked for yet.
    Unknown,
    /// Reading the private file, or a worker loading it.
    Loading,
    /// None kept.
    Nothing,
    /// Held by the model worker; `kept` says whether the private file
    /// holds it (or why not).
    Ready {
        /// What its run read and measured.
        card: Arc<TrainingCard>,
        /// `Err`: it could not be kept, why.
        kept: Result<(), String>,
    },
    /// The kept file cannot be read: why (the next run replaces it).
    Broken(String),
}

/// The model worker's last answer, as `cartelera`'s JSON.
#[derive(Clone, Debug, PartialEq)]
pub enum ModelAnswer {
    /// `cartelera recommend --model`'s body.
    Recommend(serde_json::Value),
    /// `cartelera predict`'s body.
    Predict(serde_json::Value),
    /// The question could not be answered: why.
    Failed(String),
}

/// The signals the workers' messages move (they live as long as the app).
#[derive(Clone, Copy)]
pub struct TrainSignals {
    /// The training run.
    pub run: RwSignal<Run>,
    /// The model.
    pub trained: RwSignal<TrainedLoad>,
    /// The last answer.
    pub answer: RwSignal<Option<ModelAnswer>>,
}

impl TrainSignals {
    /// Nothing run, nothing looked for.
    pub fn new() -> TrainSignals {
        TrainSignals {
            run: RwSignal::new(Run::Idle),
            trained: RwSignal::new(TrainedLoad::Unknown),
            answer: RwSignal::new(None),
        }
    }
}

/// A worker and its message handler (dropped together).
struct Worker {
    worker: web_sys::Worker,
    _handler: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

#[derive(Default)]
struct Workers {
    /// The one training, while it runs.
    training: Option<Worker>,
    /// The one holding the model, with the model's archive.
    model: Option<(Worker, Uint8Array)>,
}

thread_local! {
    static WORKERS: RefCell<Workers> = RefCell::new(Workers::default());
}

/// A new worker whose messages move `signals`.
fn spawn(signals: TrainSignals) -> Result<Worker, String> {
    let url = browser::meta_content("cartelera-train-worker")
        .ok_or("the page has no training worker (index.html lacks its meta tag)")?;
    let worker = browser::module_worker(&url)?;
    let handler =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            on_message(signals, &ev.data());
        });
    worker.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    Ok(Worker {
        worker,
        _handler: handler,
    })
}

fn field(message: &JsValue, name: &str) -> JsValue {
    Reflect::get(message, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn card_from(message: &JsValue) -> Result<Arc<TrainingCard>, String> {
    let text = field(message, "card").as_string().unwrap_or_default();
    serde_json::from_str(&text)
        .map(Arc::new)
        .map_err(|e| format!("the worker's training card: {e}"))
}

fn on_message(signals: TrainSignals, message: &JsValue) {
    let text = |name: &str| field(message, name).as_string().unwrap_or_default();
    match text("type").as_str() {
        "progress" => {
            if let Ok(stage) = serde_wasm_bindgen::from_value::<Progress>(field(message, "stage")) {
                signals.run.try_set(Run::Running(Some(stage)));
            }
        }
        "trained" => {
            let zip: Uint8Array = field(message, "zip").unchecked_into();
            let card = card_from(message);
            // The worker that trained holds the model: it becomes the
            // model worker (the one before it stops).
            let trainer = WORKERS.with(|w| w.borrow_mut().training.take());
            let Some(trainer) = trainer else { return };
            let card = match card {
                Ok(card) => card,
                Err(e) => {
                    signals.run.try_set(Run::Failed(e));
                    return;
                }
            };
            WORKERS.with(|w| w.borrow_mut().model = Some((trainer, zip.clone())));
            signals.run.try_set(Run::Running(Some(Progress::Saving)));
            leptos::task::spawn_local(async move {
                let kept = browser::write_private_file(STORED_MODEL, &zip).await;
                browser::mark("cartelera:trained");
                signals.answer.try_set(None);
                signals.trained.try_set(TrainedLoad::Ready { card, kept });
                signals.run.try_set(Run::Idle);
            });
        }
        "loaded" => {
            signals.trained.try_set(match card_from(message) {
                Ok(card) => TrainedLoad::Ready { card, kept: Ok(()) },
                Err(e) => TrainedLoad::Broken(e),
            });
        }
        "answer" => {
            let body = serde_json::from_str(&text("body"));
            signals
                .answer
                .try_set(Some(match (text("kind").as_str(), body) {
                    ("recommend", Ok(body)) => ModelAnswer::Recommend(body),
                    ("predict", Ok(body)) => ModelAnswer::Predict(body),
                    (_, Err(e)) => ModelAnswer::Failed(e.to_string()),
                    (kind, Ok(_)) => {
                        ModelAnswer::Failed(format!("an answer of an unknown kind {kind:?}"))
                    }
                }));
        }
        "error" => {
            let detail = text("message");
            match text("during").as_str() {
                "train" => {
                    WORKERS.with(|w| w.borrow_mut().training = None);
                    signals.run.try_set(Run::Failed(detail));
                }
                "load" => {
                    WORKERS.with(|w| w.borrow_mut().model = None);
                    signals.trained.try_set(TrainedLoad::Broken(detail));
                }
                _ => {
                    signals.answer.try_set(Some(ModelAnswer::Failed(detail)));
                }
            }
        }
        _ => {}
    }
}

/// Looks for a kept model once (at the train view's first opening): read
/// as bytes, handed to a new worker that loads it.
pub fn ensure_trained(signals: TrainSignals) {
    if !signals
        .trained
        .with_untracked(|t| matches!(t, TrainedLoad::Unknown))
    {
        return;
    }
    signals.trained.set(TrainedLoad::Loading);
    leptos::task::spawn_local(async move {
        // No private file system here: nothing was kept either.
        let zip = match browser::private_file(STORED_MODEL).await {
            Ok(Some(zip)) => zip,
            Ok(None) | Err(_) => {
                signals.trained.try_set(TrainedLoad::Nothing);
                return;
            }
        };
        // A run finished meanwhile wins.
        if !signals
            .trained
            .with_untracked(|t| matches!(t, TrainedLoad::Loading))
        {
            return;
        }
        let sent = spawn(signals).and_then(|worker| {
            let message = Object::new();
            let _ = Reflect::set(&message, &"type".into(), &"load".into());
            let _ = Reflect::set(&message, &"zip".into(), &zip);
            worker
                .worker
                .post_message(&message)
                .map_err(|e| format!("cannot start the worker: {e:?}"))?;
            WORKERS.with(|w| w.borrow_mut().model = Some((worker, zip)));
            Ok(())
        });
        if let Err(e) = sent {
            signals.trained.try_set(TrainedLoad::Broken(e));
        }
    });
}

/// Starts a training run on `files` with `options` (stopping one under
/// way); `catalog_ids`: the catalog's ids in row order.
pub fn start_training(
    signals: TrainSignals,
    files: Vec<web_sys::File>,
    catalog_ids: &[String],
    options: TrainOptions,
) -> Result<(), String> {
    cancel_training();
    let total: f64 = files.iter().map(|f| f.size()).sum();
    if total > MAX_RUN_BYTES {
        return Err(format!(
            "{:.0} MB of files, more than the {:.0} MB one run reads",
            total / 1e6,
            MAX_RUN_BYTES / 1e6
        ));
    }
    let worker = spawn(signals)?;
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
    set("type", &"train".into())
        .and_then(|_| set("names", &names.into()))
        .and_then(|_| set("files", &files.into()))
        .and_then(|_| set("catalog", &catalog.into()))
        .and_then(|_| set("options", &options))
        .map_err(|_| "cannot build the worker's message".to_string())?;
    browser::mark("cartelera:train-start");
    worker
        .worker
        .post_message(&message)
        .map_err(|e| format!("cannot start the training worker: {e:?}"))?;
    WORKERS.with(|w| w.borrow_mut().training = Some(worker));
    signals.run.set(Run::Running(None));
    Ok(())
}

/// Stops the run under way, if any (its worker is terminated: nothing it
/// did is kept).
pub fn cancel_training() {
    WORKERS.with(|w| w.borrow_mut().training = None);
}

/// Asks the model worker `user`'s recommendations (`item` = `None`) or
/// their predicted rating of `item`; the answer arrives in
/// `TrainSignals::answer`.
pub fn ask(user: &str, item: Option<&str>) -> Result<(), String> {
    let message = Object::new();
    let set = |key: &str, value: &JsValue| Reflect::set(&message, &JsValue::from_str(key), value);
    let built = match item {
        None => set("type", &"recommend".into())
            .and_then(|_| set("user", &user.into()))
            .and_then(|_| set("n", &10.into())),
        Some(item) => set("type", &"predict".into())
            .and_then(|_| set("user", &user.into()))
            .and_then(|_| set("item", &item.into())),
    };
    built.map_err(|_| "cannot build the question".to_string())?;
    WORKERS.with(|w| match &w.borrow().model {
        Some((worker, _)) => worker
            .worker
            .post_message(&message)
            .map_err(|e| format!("cannot ask the model: {e:?}")),
        None => Err("no model is loaded".to_string()),
    })
}

/// Offers the model's archive as `cartelera-model.zip`.
pub fn download() -> Result<(), String> {
    WORKERS.with(|w| match &w.borrow().model {
        Some((_, zip)) => browser::download_array("cartelera-model.zip", zip, "application/zip"),
        None => Err("no model is loaded".to_string()),
    })
}

/// Forgets the model: its worker stops, the private file goes.
pub fn forget(signals: TrainSignals) {
    WORKERS.with(|w| w.borrow_mut().model = None);
    signals.answer.set(None);
    leptos::task::spawn_local(async move {
        let _ = browser::remove_private_file(STORED_MODEL).await;
        signals.trained.try_set(TrainedLoad::Nothing);
    });
}
