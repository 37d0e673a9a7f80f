// The page's training worker: runs cartelera-ingest's pipeline (the ETL's
// rules, biased SVD against the baselines, the factor file) on a visitor's
// ratings files off the main thread, so the page stays responsive. The
// files come as File objects and are read here, not on the page's thread.
// `dist` moves this file into pkg/ and points the imports at the hashed
// names.
import init, { train } from './cartelera_train_worker.js';

let ready = null;

self.onmessage = async ({ data }) => {
  try {
    ready ??= init({ module_or_path: new URL('./cartelera_train_worker_bg.wasm', import.meta.url) });
    await ready;
    const bytes = await Promise.all(data.files.map(async (file) => new Uint8Array(await file.arrayBuffer())));
    const progress = (stage) => self.postMessage({ type: 'progress', stage });
    const zip = train(data.names, bytes, data.catalog, data.options, progress);
    self.postMessage({ type: 'done', zip }, [zip.buffer]);
  } catch (error) {
    self.postMessage({ type: 'error', message: String(error && error.message ? error.message : error) });
  }
};
