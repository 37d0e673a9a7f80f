// Starts the wasm app. Kept outside index.html because the page's
// Content-Security-Policy forbids inline scripts.
import init from './pkg/cartelera_web.js';

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
