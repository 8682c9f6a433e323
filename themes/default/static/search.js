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
import { el, jsonAttr } from './search-view.js';

var PAGE_TEXT = {
  one: '1 match for “{q}”',
  many: '{n} matches for “{q}”',
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
    .replace('{n}', marks.length.toLocaleString());
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
  say.split('{q}').forEach(function (part, i) {
    if (i > 0) sentence.appendChild(el('bdi', {}, q));
    sentence.appendChild(document.createTextNode(part));
  });
  bar.appendChild(sentence);
  var next = el('button', { type: 'button', class: 'search-hits-next' }, text.next);
  var clear = el('button', { type: 'button', class: 'search-hits-clear' }, text.clear);
  if (marks.length > 1) bar.appendChild(next);
  bar.appendChild(clear);
  article.parentNode.insertBefore(bar, article);
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
  next.addEventListener('click', function () { at = (at + 1) % marks.length; show(at); });
  clear.addEventListener('click', function () {
    marks.forEach(function (m) { m.replaceWith(document.createTextNode(m.textContent)); });
    article.normalize();
    bar.remove();
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
