// Cartelera's service worker: the page works offline after the first visit.
// `cargo xtask dist` fills in VERSION (a hash of every file of the build)
// and PRECACHE (every file of the site, as URLs relative to this script,
// so any sub-path works). A new deploy has a new VERSION: it installs a
// new cache and deletes the old ones.
const VERSION = "__CARTELERA_VERSION__";
const PRECACHE = ["__CARTELERA_PRECACHE__"];
const CACHE = `cartelera-${VERSION}`;
// Files fetched on demand (user-factor shards, the training worker's
// script and wasm) go here: kept across deploys only while the model is
// the same, so they share the version.
const RUNTIME = `cartelera-runtime-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      // `reload` skips the HTTP cache: the files must be this build's.
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith('cartelera-') && key !== CACHE && key !== RUNTIME)
          .map((key) => caches.delete(key)),
      ))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  if (request.mode === 'navigate') {
    // Every view is the same page with another query string.
    event.respondWith(
      fetch(request).catch(() => caches.match('./', { cacheName: CACHE }).then((hit) => hit || caches.match('index.html'))),
    );
    return;
  }
  event.respondWith(
    caches.match(request, { ignoreSearch: true }).then((hit) => hit || fetch(request).then((response) => {
      const path = new URL(request.url).pathname;
      if (response.ok && (path.includes('/data/') || /\/pkg\/(train-worker|cartelera_train_worker)/.test(path))) {
        const copy = response.clone();
        caches.open(RUNTIME).then((cache) => cache.put(request, copy));
      }
      return response;
    })),
  );
});
