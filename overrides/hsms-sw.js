/* hsms offline reading (service worker). Network first: a reader with signal always gets the
   page as published, never a stale copy; without signal (remote sites), every page of this
   manual that was saved on the phone still opens. The first visit saves them all in the
   background. The build fills in the list below; same-origin requests only. */
const CACHE = "hsms:" + self.registration.scope + ":__BUILD__";
const PRECACHE = __PRECACHE__;

self.addEventListener("install", (event) => {
  self.skipWaiting();
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener("activate", (event) => {
  // Drop this manual's caches from earlier builds of the same revision folder.
  event.waitUntil(caches.keys().then((keys) => Promise.all(
    keys.filter((k) => k.startsWith("hsms:" + self.registration.scope) && k !== CACHE).map((k) => caches.delete(k))
  )).then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() => caches.open(CACHE).then((cache) => cache.match(request, {ignoreSearch: true})).then((hit) => {
        if (hit) return hit;
        if (request.mode === "navigate") return Response.redirect(self.registration.scope, 302);  // home: emergency first
        return Response.error();
      }))
  );
});
