// @ts-check
/**
 * Concord's service worker: keeps the app shell (index.html and every hashed
 * asset of its build, lazily loaded chunks included) on this device, so that a
 * reload while the server is unreachable still
 * opens the editor, which then reads the document from IndexedDB. It never
 * touches /api or /sync: data always goes to the server.
 */
/// <reference lib="webworker" />
const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));
const CACHE = 'concord-shell-v1';
const SHELL = '/index.html';

sw.addEventListener('install', (event) => {
  event.waitUntil(precacheShell().then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/sync/') || url.pathname === '/healthz') return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirstShell(request));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
  }
});

/**
 * Fetches index.html and every asset of its build — the entry it references and
 * the lazily loaded chunks listed in asset-manifest.json — and keeps them
 * together; chunks of older builds are dropped.
 */
async function precacheShell() {
  const cache = await caches.open(CACHE);
  const response = await fetch(SHELL, { cache: 'no-cache' });
  if (!response.ok) return;
  const html = await response.clone().text();
  const assets = new Set([...assetsReferencedBy(html), ...(await buildAssets())]);
  await cache.put(SHELL, response);
  await cache.addAll([...assets]);
  await dropOtherAssets(cache, assets);
}

/** @param {string} html */
function assetsReferencedBy(html) {
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
}

/** Every chunk of the current build (written by the build, see vite.config.ts); none if the list is missing. */
async function buildAssets() {
  try {
    const response = await fetch('/asset-manifest.json', { cache: 'no-cache' });
    if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return [];
    const { assets } = /** @type {{ assets: unknown }} */ (await response.json());
    return Array.isArray(assets) ? assets.filter((a) => typeof a === 'string' && a.startsWith('/assets/')) : [];
  } catch {
    return [];
  }
}

/**
 * @param {Cache} cache
 * @param {Set<string>} keep
 */
async function dropOtherAssets(cache, keep) {
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith('/assets/') && !keep.has(path)) await cache.delete(request);
  }
}

/** Pages: the network when it answers (and refresh the shell), the kept shell when it does not. */
async function networkFirstShell(request) {
  try {
    const response = await fetch(request);
    if (response.ok && (response.headers.get('content-type') ?? '').includes('text/html')) {
      const copy = response.clone();
      void caches.open(CACHE).then((cache) => cache.put(SHELL, copy));
      void precacheAssetsOf(response.clone());
    }
    return response;
  } catch (err) {
    const cached = await caches.match(SHELL);
    if (cached) return cached;
    throw err;
  }
}

/**
 * A page load brought a (possibly new) index.html: keep its build's assets.
 * @param {Response} response
 */
async function precacheAssetsOf(response) {
  const html = await response.text();
  const cache = await caches.open(CACHE);
  const assets = new Set([...assetsReferencedBy(html), ...(await buildAssets())]);
  for (const path of assets) {
    if (!(await cache.match(path))) await cache.add(path).catch(() => {});
  }
}

/** Hashed assets never change: once kept, serve them from the cache. */
async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    void caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}
