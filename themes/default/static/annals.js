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
  var hideTimer = null;
  // How long the preview outlives the pointer leaving the number or the
  // preview: time to cross the gap between them (WCAG 1.4.13, hoverable).
  var GRACE = 300;

  function hidePreview() {
    clearTimeout(hideTimer);
    if (preview) { preview.remove(); }
    if (owner) { owner.removeAttribute("aria-describedby"); owner.setAttribute("aria-describedby", owner.dataset.note || ""); }
    preview = null;
    owner = null;
  }

  // Hides after the grace delay, unless the pointer is over the number
  // or the preview by then, or the keyboard is on the number.
  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () {
      if (!preview) return;
      if (preview.matches(":hover") || (owner && (owner.matches(":hover") || document.activeElement === owner))) return;
      hidePreview();
    }, GRACE);
  }

  /** Below the number if it fits in the window, else above if that fits,
   * else on the roomier side; and inside the window across. */
  function place(link) {
    var r = link.getBoundingClientRect();
    var viewW = document.documentElement.clientWidth;
    var viewH = window.innerHeight;
    var w = preview.offsetWidth;
    var h = preview.offsetHeight;
    var gap = 6;
    var below = viewH - r.bottom - gap - 8;
    var above = r.top - gap - 8;
    var top = h <= below || (h > above && below >= above) ? r.bottom + gap : r.top - gap - h;
    var left = Math.min(Math.max(8, r.left + r.width / 2 - w / 2), viewW - w - 8);
    preview.style.left = (Math.max(8, left) + window.scrollX) + "px";
    preview.style.top = (top + window.scrollY) + "px";
  }

  function showPreview(link) {
    clearTimeout(hideTimer);
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
    // The preview sits at the end of the body, outside the note's
    // language: it takes the note's, and its direction.
    var lang = note.closest("[lang]");
    if (lang) preview.setAttribute("lang", lang.getAttribute("lang"));
    var dir = note.closest("[dir]");
    if (dir) preview.setAttribute("dir", dir.getAttribute("dir"));
    preview.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    preview.addEventListener("mouseleave", hideSoon);
    document.body.appendChild(preview);
    place(link);
    owner = link;
    link.dataset.note = link.getAttribute("aria-describedby") || "";
    link.setAttribute("aria-describedby", "fn-preview");
  }

  // What the reader last used: "touch", "mouse", "pen", or "Tab" (the
  // key). A tap on a number jumps to the note, and the browser sends it
  // mouse and focus events too: a preview then would cover the text the
  // reader comes back to. So would one opened when the browser focuses
  // the number a back link returns to; Tab onto it still opens it.
  var lastInput = "";
  document.addEventListener("pointerdown", function (e) { lastInput = e.pointerType; }, true);
  document.addEventListener("keydown", function (e) { lastInput = e.key === "Tab" ? "Tab" : ""; }, true);

  document.querySelectorAll(".footnote-ref a").forEach(function (link) {
    link.addEventListener("mouseenter", function () { if (lastInput !== "touch") showPreview(link); });
    link.addEventListener("focus", function () {
      var returned = location.hash === "#" + link.id && lastInput !== "Tab";
      if (lastInput !== "touch" && !returned) showPreview(link);
    });
    link.addEventListener("mouseleave", hideSoon);
    link.addEventListener("blur", hideSoon);
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hidePreview(); });
  // Jumping to a note, or back from one, leaves no preview behind.
  window.addEventListener("hashchange", hidePreview);

  document.querySelectorAll(".copy-citation").forEach(function (button) {
    // Shown once it works: without the script, the citation is text to
    // select.
    button.hidden = false;
    button.addEventListener("click", function () {
      var target = document.getElementById(button.getAttribute("data-copy-target"));
      var status = button.parentNode.querySelector(".copy-status");
      if (!target) return;
      var text = citationText(target);
      // The words are the page's (`data-copied`), English in a theme without them.
      var done = function (ok) { if (status) status.textContent = ok ? (button.getAttribute("data-copied") || "Citation copied.") : (button.getAttribute("data-not-copied") || "Select the citation and copy it."); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallback(target, text)); });
      } else {
        done(fallback(target, text));
      }
    });
  });

  // The search page whose client did not start (a script that failed to
  // load, or an old browser): by the time the page has loaded, search.js
  // would have replaced the page's plain form. Say why there are no
  // results, and keep the query in the form.
  var app = document.getElementById("search-app");
  if (app) {
    window.addEventListener("load", function () {
      if (app.hasAttribute("data-mounted")) return;
      var box = app.querySelector("input[name=q]");
      var q = new URLSearchParams(location.search).get("q");
      if (box && q && !box.value) box.value = q;
      var why = app.querySelector(".search-unavailable");
      if (why) why.hidden = false;
    });
  }

  // A page opened from a search result (`?highlight=...`) loads the search
  // client, which marks the matched words; other pages never fetch it, nor
  // does a site built without search (an old link may still carry the
  // parameter, and the client is not there).
  var self = document.currentScript;
  if (self && self.src && self.getAttribute("data-search") !== "off" &&
      new URLSearchParams(location.search).has("highlight")) {
    // A module that imports its parts, by `import()`: a script element's
    // `src` is what a host's Trusted Types policy would refuse.
    import(new URL("search.js" + new URL(self.src).search, self.src).href).catch(function () { /* no marks */ });
  }

  // Letters of the scripts written right to left: Hebrew to NKo and the
  // Arabic extensions, their presentation forms, and the historic ones
  // beyond the Basic Multilingual Plane (as surrogate pairs).
  var RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]|[\uD802\uD803\uD83A\uD83B][\uDC00-\uDFFF]/;

  /** The citation as text to paste. On the page its parts (`<bdi>`) are
   * isolated from one another; pasted as plain text into a left-to-right
   * document, a right-to-left author and title would run together and
   * swap places. So each part goes between Unicode's isolates, in its
   * own direction if it has one (RLI or LRI, else FSI), and PDI. A part
   * with no right-to-left letter (a Latin author of a Persian dispatch),
   * or a whole citation with none, cannot be reordered, and is copied
   * without these invisible marks, unless the page reads right to left:
   * pasted into such text, Latin parts and the address are reordered. */
  function citationText(node) {
    var plain = node.textContent.trim();
    var rtlPage = document.documentElement.getAttribute("dir") === "rtl";
    if (!rtlPage && !RTL.test(plain)) return plain;
    var text = "";
    (function walk(parent) {
      parent.childNodes.forEach(function (n) {
        if (n.nodeType === Node.TEXT_NODE) { text += n.nodeValue; return; }
        if (n.nodeType !== Node.ELEMENT_NODE) return;
        if (n.tagName !== "BDI") { walk(n); return; }
        if (!rtlPage && !RTL.test(n.textContent)) { text += n.textContent; return; }
        var dir = n.getAttribute("dir");
        text += (dir === "rtl" ? "\u2067" : dir === "ltr" ? "\u2066" : "\u2068") + n.textContent + "\u2069";
      });
    })(node);
    return text.trim();
  }

  // On the not-found page, offers a search for the words of the address
  // the reader tried (`/sd-1234` finds that dispatch by its id).
  var notFound = document.querySelector(".not-found-search[data-search]");
  if (notFound) {
    // Under a sub-path (`/harbour/`), the address is read from there:
    // the sub-path is the site's, no series folder.
    // (The address is percent-encoded, `/caf%C3%A9/`; the path as built
    // may be written out, `/café/`.)
    var base = notFound.dataset.search.replace(/search\/$/, "");
    var path = location.pathname;
    [base, encodeURI(base)].some(function (b) {
      if (b.length < 2 || path.indexOf(b) !== 0) return false;
      path = path.slice(b.length - 1);
      return true;
    });
    var segments = path.split("/").filter(function (s) { return s; });
    // `/special-dispatch/12/index.html` is about its folder.
    if (segments.length > 1 && /^index\.html?$/i.test(segments[segments.length - 1])) segments.pop();
    var last = segments.length ? segments[segments.length - 1] : "";
    try { last = decodeURIComponent(last); } catch (e) { /* kept as written */ }
    var words = last.replace(/\.(html?|php|aspx?)$/i, "").replace(/[_+]/g, " ").trim();
    // A number is read with its folder (`/special-dispatch/9999/`: the
    // series and the number, which search reads as a dispatch's).
    if (/^\d+$/.test(words) && segments.length > 1) {
      var folder = segments[segments.length - 2];
      try { folder = decodeURIComponent(folder); } catch (e) { /* kept as written */ }
      words = folder + " " + words;
    }
    // An id keeps its hyphen; other slugs become words.
    if (!/^[a-z0-9-]+-\d+$/i.test(words)) words = words.replace(/-/g, " ");
    // A letter alone (`/a/b/c/d/`) is no search.
    if (words && words !== "404" && Array.from(words).length > 1) {
      var link = notFound.querySelector("a");
      link.href = notFound.dataset.search + "?q=" + encodeURIComponent(words);
      notFound.querySelector("span").textContent = words;
      notFound.hidden = false;
    }
  }

  // Selects the citation (the reader can copy it by hand if copying
  // fails) and copies `text`, isolates and all, rather than the selection.
  function fallback(node, text) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    var put = function (e) { e.clipboardData.setData("text/plain", text); e.preventDefault(); };
    document.addEventListener("copy", put);
    try { return document.execCommand("copy"); } catch (e) { return false; } finally { document.removeEventListener("copy", put); }
  }
})();
