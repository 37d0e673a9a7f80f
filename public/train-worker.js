// The page's training worker: runs cartelera-ingest's pipeline (the ETL's
// rules, biased SVD against the baselines, the factor file) on a visitor's
// ratings files off the main thread, then holds the model and answers the
// page's questions with it, so the page stays responsive. The files come
// as File objects and are read here, not on the page's thread. `dist`
// moves this file into pkg/ and points the imports at the hashed names.
//
// Messages in: {type: 'train', names, files, catalog, options},
// {type: 'load', zip}, {type: 'recommend', user, n},
// {type: 'predict', user, item}. Out: {type: 'progress', stage},
// {type: 'trained', zip, card}, {type: 'loaded', card},
// {type: 'answer', kind, body}, {type: 'error', during, message}.
import init, { train, load, card, recommend, predict } from './cartelera_train_worker.js';

let ready = null;

const message = (error) => String(error && error.message ? error.message : error);

async function read(file, name) {
  try {
    return new Uint8Array(await file.arrayBuffer());
  } catch (error) {
    throw new Error(`${name}: cannot be read (${message(error)}); a folder is chosen with “Choose a folder”`);
  }
}

self.onmessage = async ({ data }) => {
  try {
    ready ??= init({ module_or_path: new URL('./cartelera_train_worker_bg.wasm', import.meta.url) });
    await ready;
  } catch (error) {
    self.postMessage({ type: 'error', during: data.type, message: `the training worker could not start: ${message(error)}` });
    return;
  }
  try {
    switch (data.type) {
      case 'train': {
        const bytes = await Promise.all(data.files.map((file, k) => read(file, data.names[k])));
        const progress = (stage) => self.postMessage({ type: 'progress', stage });
        const zip = train(data.names, bytes, data.catalog, data.options, progress);
        self.postMessage({ type: 'trained', zip, card: card() }, [zip.buffer]);
        break;
      }
      case 'load':
        self.postMessage({ type: 'loaded', card: load(data.zip) });
        break;
      case 'recommend':
        self.postMessage({ type: 'answer', kind: 'recommend', body: recommend(data.user, data.n) });
        break;
      case 'predict':
        self.postMessage({ type: 'answer', kind: 'predict', body: predict(data.user, data.item) });
        break;
      default:
        throw new Error(`unknown message ${data.type}`);
    }
  } catch (error) {
    self.postMessage({ type: 'error', during: data.type, message: message(error) });
  }
};
