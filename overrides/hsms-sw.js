/* hsms offline reading (service worker; offline.py fills in the lists). Network first: a reader with
   signal always gets the page as published, never a stale copy. Without signal (remote sites) every
   page this phone saved still opens, marked with the day it was saved so the page can say "You are
   offline — this is the copy saved on …". The first visit saves the whole manual in the background.
   Same-origin requests under this worker's folder only.

   Published manuals: this worker lives in the manual's folder, beside the revision folders, and was
   built with the revision that was current then (CURRENT). Offline, the manual's stable address and
   current/… open the newest revision this phone has seen — from the saved versions.json — and never
   a superseded revision as if it were current. */
const SCOPE = self.registration.scope;  // ends with "/"
const CACHE = "hsms:" + SCOPE + ":__BUILD__";
const PRECACHE = __PRECACHE__;  // relative to SCOPE
const CURRENT = __CURRENT__;  // null for a built site; {revision, alias} for a published manual
const SAVED = "x-hsms-saved";  // when a saved copy was fetched (ISO time)

function stamped(response) {
  // A copy with the time it was saved; also drops the "redirected" mark, which a page must not carry.
  const headers = new Headers(response.headers);
  headers.set(SAVED, new Date().toISOString());
  return response.blob().then((body) => new Response(body, {status: response.status, statusText: response.statusText, headers}));
}

function save(cache, url) {
  return fetch(url, {cache: "reload", credentials: "same-origin"}).then((response) => {
    if (!response.ok) throw new Error(url + ": " + response.status);
    return stamped(response).then((copy) => cache.put(url, copy));
  });
}

self.addEventListener("install", (event) => {
  // Everything the manual needs; a file that fails is skipped, but the home page must be saved.
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.allSettled(
    PRECACHE.map((rel) => save(cache, new URL(rel, SCOPE).href))
  ).then(() => cache.match(new URL(CURRENT ? CURRENT.revision + "/" : "./", SCOPE).href)).then((home) => {
    if (!home) throw new Error("the home page could not be saved");
    return self.skipWaiting();
  })));
});

self.addEventListener("activate", (event) => {
  // Only this build's copy stays: an earlier revision's saved pages go with its worker.
  event.waitUntil(caches.keys().then((keys) => Promise.all(
    keys.filter((k) => k.startsWith("hsms:" + SCOPE) && k !== CACHE).map((k) => caches.delete(k))
  )).then(() => self.clients.claim()));
});

function isAlias(rel) {
  return CURRENT !== null && (rel === "" || rel === "index.html" || rel.startsWith(CURRENT.alias));
}

async function currentRevision(cache) {
  // The revision versions.json marked current when this phone last had signal, if its pages are saved.
  try {
    const saved = await cache.match(new URL("versions.json", SCOPE).href);
    const versions = saved ? await saved.json() : [];
    const newest = versions.find((v) => (v.aliases || []).indexOf("current") >= 0);
    if (newest && await cache.match(new URL(newest.version + "/", SCOPE).href)) return newest.version;
  } catch (e) { /* an unreadable list: the revision this worker was built with */ }
  return CURRENT.revision;
}

async function marked(response) {
  // A saved page says when it was saved: <html data-hsms-saved="…"> (the page's script shows the notice).
  const type = response.headers.get("content-type") || "";
  if (type.indexOf("text/html") < 0) return response;
  const html = await response.text();
  const when = (response.headers.get(SAVED) || "").replace(/[^0-9TZ:.-]/g, "");
  return new Response(html.replace("<html", '<html data-hsms-saved="' + when + '"'),
                      {status: response.status, statusText: response.statusText, headers: response.headers});
}

async function offline(request, rel) {
  const cache = await caches.open(CACHE);
  const home = CURRENT ? (await currentRevision(cache)) + "/" : "";
  if (isAlias(rel)) {  // the stable address and current/…: the newest revision saved
    const rest = rel.startsWith(CURRENT.alias) ? rel.slice(CURRENT.alias.length) : "";
    return Response.redirect(new URL(home + rest, SCOPE).href, 302);
  }
  const hit = await cache.match(request, {ignoreSearch: true});
  if (hit) return request.mode === "navigate" ? marked(hit) : hit;
  if (request.mode === "navigate" && await cache.match(new URL(home, SCOPE).href)) {
    // Not saved: the home page (emergency numbers first), which says this page was not saved.
    return Response.redirect(new URL(home + "?hsms-unsaved=1", SCOPE).href, 302);
  }
  return Response.error();
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || !url.href.startsWith(SCOPE)) return;
  const rel = url.pathname.slice(new URL(SCOPE).pathname.length);
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.status === 200 && response.type === "basic" && !isAlias(rel)) {  // (not a 206 range)
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => stamped(copy).then((c) => cache.put(request, c))));
        }
        return response;
      })
      .catch(() => offline(request, rel))
  );
});
