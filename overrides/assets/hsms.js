/* hsms on the phone: the Emergency control closes like a dialog (Escape, a tap outside), and the
   offline worker is registered (see hsms-sw.js). Everything works without this file: the
   Emergency control is a <details> element, and the manual reads online without the worker. */
(function () {
  "use strict";
  var script = document.currentScript;

  var sos = document.getElementById("hsms-sos");
  if (sos) {
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && sos.open) {
        sos.open = false;
        sos.querySelector("summary").focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (sos.open && !sos.contains(event.target)) sos.open = false;
    });
  }

  /* A wide table scrolls sideways on a phone (Material wraps it): keyboard users must be able to
     reach it, so a wrapper that scrolls gets a tab stop and a name of its own (axe: scrollable-region-focusable,
     landmark-unique). */
  var text = JSON.parse((script && script.dataset.text) || "{}");
  function focusableScrolling() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap, i) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", (text.table_scroll || "Table {n}").replace("{n}", String(i + 1)));
      } else if (!scrolls && wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  /* After the first frame: the page is laid out by then, so reading the wrappers' widths costs
     nothing and does not lengthen the task that shows the page (Lighthouse: total blocking time). */
  function afterPaint() {
    if (window.requestAnimationFrame) requestAnimationFrame(function () { setTimeout(focusableScrolling, 0); });
    else setTimeout(focusableScrolling, 0);
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(afterPaint);
  else document.addEventListener("DOMContentLoaded", afterPaint);
  var resizing;
  window.addEventListener("resize", function () { clearTimeout(resizing); resizing = setTimeout(focusableScrolling, 200); });

  /* Material's revision selector (a published manual) names its button "Select version" without
     the revision the button shows (axe: label-content-name-mismatch, WCAG 2.5.3 — speech users say
     what they see): the name starts with the visible revision. Material adds the button later. */
  function nameRevisionButton() {
    var button = document.querySelector(".md-version__current");
    var label = button && button.getAttribute("aria-label");
    var shown = button && Array.prototype.map.call(button.childNodes, function (n) { return n.textContent.trim(); })
      .filter(Boolean).join(" ");  // "Rev 5 — effective 2026-11-15 current": the alias is a span of its own
    if (label && shown && label.indexOf(shown) !== 0) button.setAttribute("aria-label", shown + " — " + label);
  }
  var topic = document.querySelector(".md-header__topic");
  if (topic && window.MutationObserver) {
    new MutationObserver(nameRevisionButton).observe(topic, {childList: true, subtree: true});
    nameRevisionButton();
  }

  /* Offline: a page the worker served from the phone's saved copy carries data-hsms-saved (hsms-sw.js);
     say so, with the day it was saved. Also when the signal drops while a page is open. */
  var notice = document.getElementById("hsms-offline");
  var saved = document.documentElement.getAttribute("data-hsms-saved");
  function day(iso) {
    var when = new Date(iso);
    if (isNaN(when.getTime())) return (iso || "").slice(0, 10);
    return when.toLocaleDateString(document.documentElement.lang || undefined,
                                   {year: "numeric", month: "long", day: "numeric"});
  }
  function showOffline(iso, key) {
    if (!notice || !text[key]) return;
    notice.textContent = text[key].replace("{date}", day(iso));
    notice.hidden = false;
  }
  function savedCopy() {
    if (!window.caches) return;
    caches.match(location.href, {ignoreSearch: true}).then(function (copy) {
      showOffline((copy && copy.headers.get("x-hsms-saved")) || new Date().toISOString(), "offline");
    });
  }
  if (saved !== null) showOffline(saved, /[?&]hsms-unsaved=1/.test(location.search) ? "offline_unsaved" : "offline");
  else if (navigator.onLine === false) savedCopy();  // offline, the page came from the browser's own cache
  window.addEventListener("offline", savedCopy);
  window.addEventListener("online", function () { if (saved === null && notice) notice.hidden = true; });

  /* Offline reading on remote sites; not from file:// or without support. */
  var worker = script && script.dataset.worker;
  if (worker && "serviceWorker" in navigator && location.protocol.indexOf("http") === 0) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(worker, {scope: script.dataset.scope}).catch(function () {});
    });
  }
})();
