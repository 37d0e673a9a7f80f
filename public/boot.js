// Starts the wasm app. Kept outside index.html because the page's
// Content-Security-Policy forbids inline scripts.
import init from './pkg/cartelera_web.js';

// The two large downloads (the wasm, 1.3 MB, and the catalog, 1.2 MB)
// start once the shell has been painted, not while the HTML and CSS are
// still arriving: on a slow link they would share its bandwidth with
// what the first paint needs. (Lighthouse's simulation counts a download
// that ended before the first paint as something that paint waited for:
// when the catalog, preloaded from the HTML, came in before the shell's
// paint over loopback, a mobile run put LCP at 6.9 s instead of 1.1 s.)
// The catalog is preloaded here, so its download runs beside the wasm's
// instead of after the wasm has started; the app's own fetch of the same
// address takes that response.
let started = false;
function start() {
  if (started) return;
  started = true;
  const catalog = document.createElement('link');
  catalog.rel = 'preload';
  catalog.as = 'fetch';
  catalog.crossOrigin = 'anonymous';
  catalog.href = new URL('data/titles.parquet', document.baseURI).href;
  document.head.appendChild(catalog);
  init({ module_or_path: new URL('./pkg/cartelera_web_bg.wasm', import.meta.url) }).catch((error) => {
    // The app could not start at all (no WebAssembly, a broken download):
    // say so instead of leaving a blank page.
    const fatal = document.getElementById('fatal');
    fatal.textContent =
      'Cartelera no pudo arrancar / Cartelera could not start: ' + (error && error.message ? error.message : error);
    fatal.hidden = false;
    const app = document.getElementById('app');
    if (app) app.textContent = '';
  });
}
// A frame's callback runs before its paint, a task it queues after it. A
// tab opened in the background paints no frames: the timeout starts it.
requestAnimationFrame(() => setTimeout(start, 0));
setTimeout(start, 1000);
