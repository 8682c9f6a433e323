/*! search-passage.js: where in its dispatch a result matched, on
 * demand. A record holds only the start of its body (showing more for
 * every result would outgrow a first query's download), so a result
 * matched further in offers to show the passage: this fetches the
 * dispatch's own page (no index bytes; the browser keeps it for when the
 * reader opens it), reads its body, notes and header block by block, and
 * gives the first block with a word the result did not show, windowed
 * around that word. The page is parsed, never run, and only its text is
 * taken.
 */

import { excerpt, findHits } from './search-results.js';

// The blocks a passage can come from: text is cut where the innermost
// of them around it changes, so a list item's paragraphs come one at a
// time.
var BLOCKS = 'p, li, blockquote, h1, h2, h3, h4, h5, h6, dt, dd, th, td, figcaption, pre';
// Text that is not the prose: note numbers and the notes' way back.
var NOT_PROSE = '.footnote-ref, .footnote-backref, script, style, template';
// The parts of a dispatch page read for a passage, in this order: its
// body, its notes, then its header (a name further down its list of
// people or places). A theme without them is read from its main part.
var PARTS = ['.dispatch-body', '.footnotes', '.dispatch-header'];
var WHOLE = 'article, main, body';

/** `match` narrowed to `words` (some of its words): what a passage must
 * show. A phrase with one of them stays whole; a pair the archive writes
 * as one word stays as that word. */
export function narrowMatch(match, words) {
  var keep = function (w) { return words.indexOf(w) >= 0; };
  var joined = (match.joined || []).filter(function (j) { return keep(j[0]) || keep(j[1]); })
    .map(function (j) { return j[2]; });
  return Object.assign({}, match, {
    words: words,
    free: (match.free || match.words).filter(function (w) { return keep(w) || joined.indexOf(w) >= 0; }),
    phrases: (match.phrases || []).filter(function (ph) { return ph.some(keep); })
  });
}

/** The texts of a page's blocks, in reading order: its text cut where
 * the innermost block around it changes (text outside any block is one
 * with the loose text next to it), note numbers and the like left out. */
export function pageBlocks(doc) {
  var parts = PARTS.map(function (sel) { return doc.querySelector(sel); }).filter(Boolean);
  if (!parts.length) parts = [doc.querySelector(WHOLE)].filter(Boolean);
  var texts = [];
  var text = '';
  var flush = function () {
    var t = text.replace(/\s+/g, ' ').trim();
    if (t) texts.push(t);
    text = '';
  };
  parts.forEach(function (part) {
    var walker = doc.createTreeWalker(part, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        if (n.nodeType === 3 || n.tagName === 'BR') return NodeFilter.FILTER_ACCEPT;
        return n.matches(NOT_PROSE) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
      }
    });
    var block = null;
    while (walker.nextNode()) {
      var n = walker.currentNode;
      var around = n.parentNode.closest(BLOCKS) || part;
      if (around !== block) flush();
      block = around;
      text += n.nodeType === 3 ? n.nodeValue : ' ';
    }
    flush();
  });
  return texts;
}

/** The passage of `blocks` for the words `unshown` of `match`, as
 * [{text, mark}] with every matched word marked, or null when no block
 * has them (as written on the page). */
export function passage(blocks, match, unshown, maxChars) {
  var wanted = narrowMatch(match, unshown);
  for (var i = 0; i < blocks.length; i++) {
    var hits = findHits(blocks[i], wanted);
    if (hits.length) return excerpt({ text: blocks[i] }, match, maxChars || 320, hits[0][0]);
  }
  return null;
}

/** Fetches the page at `url` and finds its passage: resolves to pieces
 * or null (see [`passage`]); rejects when the page cannot be loaded. */
export function loadPassage(url, match, unshown) {
  return fetch(url, { credentials: 'same-origin' }).then(function (r) {
    if (!r.ok) throw new Error('HTTP ' + r.status);
    return r.text();
  }).then(function (html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    return passage(pageBlocks(doc), match, unshown);
  });
}
