// annals default theme: footnote previews, the citation copy button, and
// the matched words marked on a page opened from search results.
// Progressive enhancement only: without JavaScript, footnote links jump to
// the note and the citation stays selectable text.
(function () {
  "use strict";

  function noteFor(link) {
    var href = link.getAttribute("href") || "";
    if (href.charAt(0) !== "#") return null;
    return document.getElementById(decodeURIComponent(href.slice(1)));
  }

  var preview = null;
  var owner = null;

  function hidePreview() {
    if (preview) { preview.remove(); }
    if (owner) { owner.removeAttribute("aria-describedby"); owner.setAttribute("aria-describedby", owner.dataset.note || ""); }
    preview = null;
    owner = null;
  }

  function showPreview(link) {
    var note = noteFor(link);
    if (!note || owner === link) return;
    hidePreview();
    preview = document.createElement("div");
    preview.className = "fn-preview";
    preview.id = "fn-preview";
    preview.setAttribute("role", "tooltip");
    var clone = note.cloneNode(true);
    clone.removeAttribute("id");
    clone.querySelectorAll(".footnote-backref").forEach(function (b) { b.remove(); });
    clone.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
    while (clone.firstChild) { preview.appendChild(clone.firstChild); }
    var dir = note.closest("[dir]");
    if (dir) preview.setAttribute("dir", dir.getAttribute("dir"));
    document.body.appendChild(preview);
    var r = link.getBoundingClientRect();
    var width = preview.offsetWidth;
    var left = Math.min(Math.max(8, r.left + window.scrollX - width / 2), window.scrollX + document.documentElement.clientWidth - width - 8);
    preview.style.left = Math.max(8, left) + "px";
    preview.style.top = (r.bottom + window.scrollY + 6) + "px";
    owner = link;
    link.dataset.note = link.getAttribute("aria-describedby") || "";
    link.setAttribute("aria-describedby", "fn-preview");
  }

  document.querySelectorAll(".footnote-ref a").forEach(function (link) {
    link.addEventListener("mouseenter", function () { showPreview(link); });
    link.addEventListener("focus", function () { showPreview(link); });
    link.addEventListener("mouseleave", function () { setTimeout(function () { if (preview && !preview.matches(":hover") && document.activeElement !== link) hidePreview(); }, 150); });
    link.addEventListener("blur", hidePreview);
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hidePreview(); });
  document.addEventListener("mouseover", function (e) {
    if (preview && owner && !preview.contains(e.target) && !owner.contains(e.target)) hidePreview();
  });

  document.querySelectorAll(".copy-citation").forEach(function (button) {
    button.addEventListener("click", function () {
      var target = document.getElementById(button.getAttribute("data-copy-target"));
      var status = button.parentNode.querySelector(".copy-status");
      if (!target) return;
      var text = target.textContent.trim();
      var done = function (ok) { if (status) status.textContent = ok ? "Citation copied." : "Select the citation and copy it."; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallback(target)); });
      } else {
        done(fallback(target));
      }
    });
  });

  // A page opened from a search result (`?highlight=...`) loads the search
  // client, which marks the matched words; other pages never fetch it, nor
  // does a site built without search (an old link may still carry the
  // parameter, and the client is not there).
  var self = document.currentScript;
  if (self && self.src && self.getAttribute("data-search") !== "off" &&
      new URLSearchParams(location.search).has("highlight")) {
    var client = document.createElement("script");
    // A module (deferred, as modules are) that imports its parts.
    client.type = "module";
    client.src = new URL("search.js", self.src).href;
    document.head.appendChild(client);
  }

  function fallback(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }
})();
