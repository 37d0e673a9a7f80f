//! Thin wrappers over the browser APIs the app uses (location, history,
//! localStorage, timing, fetch), so components read as intent.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, Response};

/// `location.search` (`?view=…`), or empty.
pub fn location_search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Writes `search` to the address bar: a new history entry when `push`,
/// else replacing the current one (typing in the search box).
pub fn set_address(search: &str, push: bool) {
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else {
        return;
    };
    // A relative URL keeps the path, so the page works under any sub-path.
    let url = if search.is_empty() { "?" } else { search };
    let _ = if push {
        history.push_state_with_url(&JsValue::NULL, "", Some(url))
    } else {
        history.replace_state_with_url(&JsValue::NULL, "", Some(url))
    };
}

/// `localStorage[key]`, when storage is available.
pub fn stored(key: &str) -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(key)
        .ok()?
}

/// Sets `localStorage[key]`; storage may be disabled, which only costs
/// the memory of the choice.
pub fn store(key: &str, value: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(key, value);
    }
}

/// `navigator.languages` (or `navigator.language`).
pub fn browser_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let list: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if list.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        list
    }
}

/// Sets `<html lang>` so screen readers pronounce the page right.
pub fn set_document_lang(code: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", code);
    }
}

/// `performance.now()` in milliseconds.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Records a named moment on the page's performance timeline (read by the
/// page benchmark: `cartelera:catalog-ready`, `cartelera:answer`).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Lets the browser paint before a long synchronous step.
pub async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(&resolve);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Ends the current task and goes on in a new one: at once where the
/// browser has `scheduler.yield()` (Chromium), else after a zero timeout
/// ([`next_frame`]: at least 4 ms once nested, which many short tasks in
/// a row would add up). For long work cut into short tasks.
pub async fn yield_task() {
    match scheduler_yield() {
        Some(promise) => {
            let _ = JsFuture::from(promise).await;
        }
        None => next_frame().await,
    }
}

fn scheduler_yield() -> Option<js_sys::Promise> {
    let window: JsValue = web_sys::window()?.into();
    let scheduler = Reflect::get(&window, &"scheduler".into()).ok()?;
    let yield_now = Reflect::get(&scheduler, &"yield".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    yield_now.call0(&scheduler).ok()?.dyn_into().ok()
}

/// How long one task goes on with long work (decoding the catalog,
/// composing the taste model) before it yields, in this device's own
/// milliseconds: a slow phone does less per task, a fast one more, and
/// every task stays short, so taps and scrolls are answered between them.
/// Lighthouse's Total Blocking Time counts each task's time over 50 ms,
/// and its mobile preset runs what it observed about 4× slower plus
/// overhead: 10 ms here came out as 54–83 ms there, 6 ms should stay
/// under 50. (Fixed 2,048-row decode steps were ~0.1 s each there.)
pub const TASK_MS: f64 = 6.0;

/// Long work cut into short tasks: call [`TaskBudget::pause_if_due`]
/// between small steps, and it yields ([`yield_task`]) once the task has
/// run [`TASK_MS`].
pub struct TaskBudget {
    task_started: f64,
    busy_ms: f64,
}

impl TaskBudget {
    /// Starts counting the current task.
    pub fn start() -> TaskBudget {
        TaskBudget {
            task_started: now_ms(),
            busy_ms: 0.0,
        }
    }

    /// Ends the task if it has run [`TASK_MS`], going on in a new one.
    pub async fn pause_if_due(&mut self) {
        let ran = now_ms() - self.task_started;
        if ran >= TASK_MS {
            self.busy_ms += ran;
            yield_task().await;
            self.task_started = now_ms();
        }
    }

    /// Ends the task now (before a step that takes a task of its own),
    /// going on in a new one.
    pub async fn pause(&mut self) {
        self.busy_ms += now_ms() - self.task_started;
        yield_task().await;
        self.task_started = now_ms();
    }

    /// The time spent working since [`start`](Self::start), without the
    /// waits between tasks (ms).
    pub fn busy_ms(&self) -> f64 {
        self.busy_ms + (now_ms() - self.task_started)
    }
}

/// Resolves after the browser has painted the current DOM (a frame, then
/// a task): work started then does not delay what is on screen.
pub async fn after_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.request_animation_frame(&resolve);
        }
    });
    let _ = JsFuture::from(promise).await;
    next_frame().await;
}

/// Resolves once `el` is within 200 px below the viewport (at
/// once when the browser has no IntersectionObserver): for work a part of
/// the page needs only when the visitor scrolls to it. Dropped before
/// then (the part left the page), it stops observing.
pub async fn near_viewport(el: &web_sys::Element) {
    let mut resolver = None;
    let promise = js_sys::Promise::new(&mut |resolve, _| resolver = Some(resolve));
    let Some(resolve) = resolver else {
        return;
    };
    let on_change = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let near = entries.iter().any(|e| {
            e.dyn_into::<web_sys::IntersectionObserverEntry>()
                .is_ok_and(|e| e.is_intersecting())
        });
        if near {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let options = web_sys::IntersectionObserverInit::new();
    // A screen's height of margin drew a title page's "more like this" at
    // once on a phone (the page is short until its synopsis arrives);
    // 200 px still starts a home row before it scrolls in.
    options.set_root_margin("0px 0px 200px 0px");
    let Ok(observer) = web_sys::IntersectionObserver::new_with_options(
        on_change.as_ref().unchecked_ref(),
        &options,
    ) else {
        return;
    };
    observer.observe(el);
    // Declared after the callback, so dropped before it: the observer is
    // disconnected before its callback goes away, however this ends.
    struct Disconnect(web_sys::IntersectionObserver);
    impl Drop for Disconnect {
        fn drop(&mut self) {
            self.0.disconnect();
        }
    }
    let _observing = Disconnect(observer);
    let _ = JsFuture::from(promise).await;
}

/// A readable text for a JS exception or rejection.
fn js_error(value: JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

/// Downloads `url` (relative to the page), reporting `(received, total)`
/// bytes as they arrive. Errors name the file and what went wrong.
pub async fn fetch_bytes(
    url: &str,
    on_progress: impl Fn(u64, Option<u64>),
) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| format!("{url}: the download failed ({})", js_error(e)))?
        .dyn_into()
        .map_err(|_| format!("{url}: the download returned no response"))?;
    if !response.ok() {
        return Err(format!(
            "{url}: the server answered HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let total = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| v.parse::<u64>().ok());
    let Some(body) = response.body() else {
        return Ok(Vec::new());
    };
    let reader: ReadableStreamDefaultReader = body
        .get_reader()
        .dyn_into()
        .map_err(|_| format!("{url}: cannot read the download"))?;
    let mut bytes = Vec::with_capacity(total.unwrap_or(0) as usize);
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|e| format!("{url}: the download broke off ({})", js_error(e)))?;
        let done = Reflect::get(&chunk, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            break;
        }
        let value = Reflect::get(&chunk, &"value".into())
            .map_err(|e| format!("{url}: cannot read the download ({})", js_error(e)))?;
        let array = Uint8Array::new(&value);
        let start = bytes.len();
        bytes.resize(start + array.length() as usize, 0);
        array.copy_to(&mut bytes[start..]);
        on_progress(bytes.len() as u64, total);
    }
    Ok(bytes)
}

/// Registers the service worker (`sw.js` beside the page) and returns
/// once it controls the page's caches, i.e. the page works offline.
pub async fn register_service_worker() -> Result<(), String> {
    let navigator = web_sys::window().ok_or("no window")?.navigator();
    // Absent outside secure contexts (plain http other than localhost).
    let available =
        Reflect::get(&navigator, &"serviceWorker".into()).is_ok_and(|v| !v.is_undefined());
    if !available {
        return Err("service workers are unavailable here (not a secure context)".into());
    }
    let container = navigator.service_worker();
    JsFuture::from(container.register("sw.js"))
        .await
        .map_err(js_error)?;
    JsFuture::from(container.ready().map_err(js_error)?)
        .await
        .map_err(js_error)?;
    Ok(())
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, text: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(js_error)?;
    offer(name, &blob)
}

/// Offers `blob` as a file download named `name` (a Blob URL on a
/// temporary link, clicked, then revoked).
fn offer(name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(js_error)?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(js_error)?
        .dyn_into()
        .map_err(|_| "cannot make a link")?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The first file chosen in the file input `input` when it is at most
/// `max_bytes` long (a bigger file is refused before it is read). Errors
/// name the file.
fn chosen_file(
    input: &web_sys::HtmlInputElement,
    max_bytes: f64,
) -> Result<Option<web_sys::File>, String> {
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return Ok(None);
    };
    if file.size() > max_bytes {
        return Err(format!(
            "{}: {:.1} MB, more than the {:.1} MB this file may have",
            file.name(),
            file.size() / 1e6,
            max_bytes / 1e6
        ));
    }
    Ok(Some(file))
}

/// The name and text of the first file chosen in `input` (see
/// [`chosen_file`]).
pub async fn chosen_file_text(
    input: &web_sys::HtmlInputElement,
    max_bytes: f64,
) -> Result<Option<(String, String)>, String> {
    let Some(file) = chosen_file(input, max_bytes)? else {
        return Ok(None);
    };
    let name = file.name();
    let text = JsFuture::from(file.text())
        .await
        .map_err(|e| format!("{name}: cannot be read ({})", js_error(e)))?;
    let text = text
        .as_string()
        .ok_or_else(|| format!("{name}: not text"))?;
    Ok(Some((name, text)))
}

/// The name and bytes of the first file chosen in `input` (see
/// [`chosen_file`]): for files that may be archives.
pub async fn chosen_file_bytes(
    input: &web_sys::HtmlInputElement,
    max_bytes: f64,
) -> Result<Option<(String, Vec<u8>)>, String> {
    let Some(file) = chosen_file(input, max_bytes)? else {
        return Ok(None);
    };
    let name = file.name();
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("{name}: cannot be read ({})", js_error(e)))?;
    Ok(Some((name, js_sys::Uint8Array::new(&buffer).to_vec())))
}

/// Offers `bytes` (kept on the JavaScript side) as a file download named
/// `name`.
pub fn download_array(name: &str, bytes: &Uint8Array, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(bytes);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(js_error)?;
    offer(name, &blob)
}

/// Every file chosen in `input` (several, or a folder's).
pub fn chosen_files(input: &web_sys::HtmlInputElement) -> Vec<web_sys::File> {
    input.files().map_or_else(Vec::new, |list| file_list(&list))
}

/// The files of a `FileList` (a file input's, a drop's).
pub fn file_list(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|k| list.get(k)).collect()
}

/// The `content` of `<meta name="NAME">` in the page, if there is one:
/// where `dist` writes the hashed name of a script the app starts itself.
pub fn meta_content(name: &str) -> Option<String> {
    let document = web_sys::window()?.document()?;
    let meta = document
        .query_selector(&format!("meta[name=\"{name}\"]"))
        .ok()??;
    meta.get_attribute("content")
}

/// Starts the module worker at `url` (relative to the page).
pub fn module_worker(url: &str) -> Result<web_sys::Worker, String> {
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    web_sys::Worker::new_with_options(url, &options).map_err(js_error)
}

/// `object.method(...args)`, awaited when it returns a promise: for the
/// browser APIs web-sys does not bind without unstable flags (the origin
/// private file system).
async fn call(object: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let function: js_sys::Function = Reflect::get(object, &JsValue::from_str(method))?
        .dyn_into()
        .map_err(|_| JsValue::from_str(&format!("{method} is not available in this browser")))?;
    let args: js_sys::Array = args.iter().collect();
    let value = function.apply(object, &args)?;
    match value.dyn_into::<js_sys::Promise>() {
        Ok(promise) => JsFuture::from(promise).await,
        Err(value) => Ok(value),
    }
}

/// The origin private file system's root folder.
async fn private_folder() -> Result<JsValue, String> {
    let window = web_sys::window().ok_or("no window")?;
    let storage = Reflect::get(&window.navigator(), &JsValue::from_str("storage"))
        .ok()
        .filter(|s| !s.is_undefined())
        .ok_or("this browser keeps no files for pages")?;
    call(&storage, "getDirectory", &[]).await.map_err(js_error)
}

fn is_not_found(error: &JsValue) -> bool {
    Reflect::get(error, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string())
        .is_some_and(|n| n == "NotFoundError")
}

/// The bytes of the private file `name` (left on the JavaScript side),
/// `None` when there is none.
pub async fn private_file(name: &str) -> Result<Option<Uint8Array>, String> {
    let folder = private_folder().await?;
    let handle = match call(&folder, "getFileHandle", &[JsValue::from_str(name)]).await {
        Ok(handle) => handle,
        Err(e) if is_not_found(&e) => return Ok(None),
        Err(e) => return Err(js_error(e)),
    };
    let file = call(&handle, "getFile", &[]).await.map_err(js_error)?;
    let buffer = call(&file, "arrayBuffer", &[]).await.map_err(js_error)?;
    Ok(Some(Uint8Array::new(&buffer)))
}

/// Writes the private file `name` whole: the browser writes to a swap
/// file and puts it in place on `close()`, so a closed tab or a crash
/// leaves the old file (or none), never half of the new one.
pub async fn write_private_file(name: &str, bytes: &Uint8Array) -> Result<(), String> {
    let folder = private_folder().await?;
    let options = js_sys::Object::new();
    Reflect::set(&options, &"create".into(), &JsValue::TRUE).map_err(js_error)?;
    let handle = call(
        &folder,
        "getFileHandle",
        &[JsValue::from_str(name), options.into()],
    )
    .await
    .map_err(js_error)?;
    let writable = call(&handle, "createWritable", &[])
        .await
        .map_err(js_error)?;
    if let Err(e) = call(&writable, "write", &[JsValue::from(bytes.clone())]).await {
        let _ = call(&writable, "abort", &[]).await;
        return Err(js_error(e));
    }
    call(&writable, "close", &[]).await.map_err(js_error)?;
    Ok(())
}

/// Removes the private file `name` (none there is not an error).
pub async fn remove_private_file(name: &str) -> Result<(), String> {
    let folder = private_folder().await?;
    match call(&folder, "removeEntry", &[JsValue::from_str(name)]).await {
        Ok(_) => Ok(()),
        Err(e) if is_not_found(&e) => Ok(()),
        Err(e) => Err(js_error(e)),
    }
}
