/*! search.js: the browser side of annals' static full-text search, as
 * ES modules with no build step and no third-party code.
 *
 * This entry mounts the search UI on the search page (`#search-app`) and,
 * on a page opened from a result (`?highlight=...`; annals.js loads it
 * there only), marks the matched words. Its parts:
 * - search-text.js: normalizing and segmenting words, parsing queries
 *   (the twin of the indexer's tokenizer);
 * - search-index.js: matching, phrases;
 * - search-files.js: fetching the index's files, and noticing a deploy;
 * - search-words.js: a query word in the dictionary: its terms and
 *   forms, fallbacks and completions;
 * - search-decode.js: decoding the index's binary files;
 * - search-spell.js: "Did you mean", the word nearest one the archive
 *   lacks;
 * - search-results.js: facets, ordering, excerpts, the URL state;
 * - search-ui.js: the search page: its state, the URL and the events;
 * - search-view.js: the elements that show results and filters;
 * - search-status.js: the page's wording, and its status line's notes;
 * - search-passage.js: a result's passage further in its dispatch, on
 *   demand, from the dispatch's own page.
 */

import { findHits, highlightText, matchFromParams, pieces } from './search-results.js';
import { mount } from './search-ui.js';
import { el, jsonAttr, num } from './search-view.js';

var PAGE_TEXT = {
  one: '1 match for “{q}”',
  many: '{n} matches for “{q}”',
  of: '{i} of {n} matches for “{q}”',
  none: 'No exact match for “{q}” on this page.',
  next: 'Next',
  clear: 'Clear'
};

/** Wraps every matched word in the dispatch (text nodes only, never
 * HTML) in `<mark class="search-hit">`, with a bar to step through the
 * marks or clear them, and shows the first one in the body. */
function markPage(params) {
  var match = matchFromParams(params);
  var article = document.querySelector('article.dispatch') || document.querySelector('main');
  if (!match || !article) return;
  var text = Object.assign({}, PAGE_TEXT, jsonAttr(article, 'data-search-labels'));
  var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
    acceptNode: function (n) {
      return n.parentNode.closest('script, style, mark, .footnote-backref') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    }
  });
  var nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  var marks = [];
  nodes.forEach(function (node) {
    var value = node.nodeValue;
    var hits = findHits(value, match);
    if (!hits.length) return;
    var frag = document.createDocumentFragment();
    pieces(value, hits, 0, value.length).forEach(function (piece) {
      if (!piece.mark) { frag.appendChild(document.createTextNode(piece.text)); return; }
      var m = el('mark', { class: 'search-hit' }, piece.text);
      marks.push(m);
      frag.appendChild(m);
    });
    node.parentNode.replaceChild(frag, node);
  });
  // The query's own quote marks would double the bar's.
  var q = highlightText(params).replace(/["“”„«»]/g, '').replace(/\s+/g, ' ').trim();
  var say = (marks.length === 1 ? text.one : marks.length ? text.many : text.none)
    .replace('{n}', num(marks.length));
  // The bar is the page's own words: in its language and direction even
  // when a theme marks the dispatch's on an element around it. The query,
  // in whichever language, is isolated, so that a right-to-left one does
  // not reorder the sentence.
  var root = document.documentElement;
  var attrs = { class: 'search-hits', role: 'status' };
  if (root.lang) attrs.lang = root.lang;
  if (root.dir) attrs.dir = root.dir;
  var bar = el('div', attrs);
  var sentence = el('span', {});
  // What the bar says: how many, or which one is shown, and then (for a
  // screen reader, which hears the bar change) the words around it.
  function tell(words, around) {
    sentence.replaceChildren();
    words.split('{q}').forEach(function (part, i) {
      if (i > 0) sentence.appendChild(el('bdi', {}, q));
      sentence.appendChild(document.createTextNode(part));
    });
    if (!around) return;
    var heard = el('span', { class: 'visually-hidden' }, ': ');
    heard.appendChild(el('bdi', {}, around));
    sentence.appendChild(heard);
  }
  tell(say);
  bar.appendChild(sentence);
  var next = el('button', { type: 'button', class: 'search-hits-next' }, text.next);
  var clear = el('button', { type: 'button', class: 'search-hits-clear' }, text.clear);
  if (marks.length > 1) bar.appendChild(next);
  bar.appendChild(clear);
  article.parentNode.insertBefore(bar, article);
  // The bar stays at the top of the window: what a link or the keyboard
  // brings into view must not end up under it.
  function pad() { root.style.scrollPaddingBlockStart = bar.isConnected ? bar.offsetHeight + 8 + 'px' : ''; }
  pad();
  var resized = window.ResizeObserver ? new ResizeObserver(pad) : null;
  if (resized) resized.observe(bar);
  // The body is what was searched for; the title's marks are in view.
  var body = article.querySelector('.dispatch-body');
  var at = Math.max(0, marks.findIndex(function (m) { return body && body.contains(m); }));
  function show(i) {
    marks.forEach(function (m) { m.classList.remove('search-hit-current'); });
    var m = marks[i];
    if (!m) return;
    m.classList.add('search-hit-current');
    m.scrollIntoView({ block: 'center' });
  }
  if (!location.hash) show(at);
  // The words of a match's block around it, some on either side.
  function around(m) {
    var block = m.closest('p, li, td, th, blockquote, h1, h2, h3, h4, h5, h6, figcaption, dd') || m.parentNode;
    var range = document.createRange();
    range.selectNodeContents(block);
    range.setEnd(m, 0);
    var before = range.toString().replace(/\s+/g, ' ');
    range.selectNodeContents(block);
    range.setStartAfter(m);
    var after = range.toString().replace(/\s+/g, ' ');
    var head = Array.from(before).slice(-60).join('');
    var tail = Array.from(after).slice(0, 60).join('');
    return (head.length < before.length ? '…' : '') + head + m.textContent + tail + (tail.length < after.length ? '…' : '');
  }
  next.addEventListener('click', function () {
    at = (at + 1) % marks.length;
    show(at);
    tell(text.of.replace('{i}', num(at + 1)).replace('{n}', num(marks.length)), around(marks[at]));
  });
  clear.addEventListener('click', function () {
    marks.forEach(function (m) { m.replaceWith(document.createTextNode(m.textContent)); });
    article.normalize();
    bar.remove();
    if (resized) resized.disconnect();
    pad();
    var url = new URL(location.href);
    url.searchParams.delete('highlight');
    url.searchParams.delete('highlight-form');
    // (Links made before forms were carried said stems.)
    url.searchParams.delete('highlight-stem');
    url.searchParams.delete('highlight-prefix');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  });
}

function start() {
  var root = document.getElementById('search-app');
  if (root) { mount(root); return; }
  var params = new URLSearchParams(location.search);
  if (params.has('highlight')) markPage(params);
}

// Modules run once the document is parsed; one added later (by annals.js)
// may run before DOMContentLoaded all the same.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
