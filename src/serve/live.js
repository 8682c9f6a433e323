// annals dev server: reloads the page after a rebuild and shows build
// errors over the page until they are fixed. Injected only by `annals serve`.
(function () {
  "use strict";
  var overlay = null;
  function show(text) {
    if (!text) { hide(); return; }
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "annals-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,0,0,.92);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2rem;white-space:pre-wrap";
      var title = document.createElement("strong");
      title.textContent = "annals: the last change did not build. Fix it and save: the page reloads.\n\n";
      overlay.appendChild(title);
      overlay.appendChild(document.createElement("div"));
      document.body.appendChild(overlay);
    }
    overlay.lastChild.textContent = text;
  }
  function hide() { if (overlay) { overlay.remove(); overlay = null; } }
  var hadErrors = false;
  // The rebuilds the server had shown when it served this page (a page
  // opened in a background tab connects only when first shown).
  var script = document.currentScript;
  var built = script && script.dataset.build !== undefined ? script.dataset.build : null;
  var source = null;
  function connect() {
    source = new EventSource("/__annals/events");
    source.addEventListener("build", function (e) {
      if (built === null) built = e.data;
      // Rebuilt since this page was served, while it was not listening.
      else if (e.data !== built) window.location.reload();
    });
    source.addEventListener("status", function (e) { hadErrors = e.data !== "ok"; show(hadErrors ? e.data : ""); });
    source.addEventListener("errors", function (e) { hadErrors = true; show(e.data); });
    source.addEventListener("reload", function () { window.location.reload(); });
    // The search index is rewritten after the pages: a search shown reads
    // the new one (see search-ui.js).
    source.addEventListener("search", function () { window.dispatchEvent(new Event("annals:search-index")); });
    // A connection lost (server restarted) is retried by EventSource itself.
  }
  // A browser holds at most six connections per host, and each page's
  // stream keeps one open: a hidden tab lets its go, so that a seventh
  // tab still loads, and listens again when it is shown.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden && source) { source.close(); source = null; }
    else if (!document.hidden && !source) connect();
  });
  if (!document.hidden) connect();
})();
