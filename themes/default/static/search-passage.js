/*! search-passage.js: where in its dispatch a result matched, on
 * demand. A record holds only the start of its body (showing more for
 * every result would outgrow a first query's download), so a result
 * matched further in offers to show the passage: this fetches the
 * page the result links to (no index bytes; the browser may reuse it
 * when the reader opens the result), reads its body, notes and header
 * block by block, and gives the first block with a word the result did
 * not show, windowed around that word. The page is parsed, never run,
 * and only its text is taken.
 */

import { excerpt, findHits } from './search-results.js';

// Elements that sit inside a line of text, as the index has them
// (`INLINE` in src/markdown/html_text.rs): text is cut into blocks where
// the innermost other element around it changes, so that a list item's
// paragraphs come one at a time and two `<div>`s are two blocks.
var INLINE = new Set(('A ABBR ACRONYM B BDI BDO BIG CITE CODE DATA DEL DFN EM FONT I INS KBD ' +
  'LABEL MARK NOBR OUTPUT Q RP RT RUBY S SAMP SMALL SPAN STRIKE STRONG SUB SUP TIME TT U VAR WBR').split(' '));
// Elements without content that part the words on either side of them.
var PARTS_WORDS = new Set(['BR', 'HR', 'INPUT', 'EMBED', 'AREA']);
// Text that is not the prose (note numbers, the notes' way back, a
// heading's anchor) or that the page does not show. A parsed page runs
// no script, so its `noscript` would read as text.
var NOT_PROSE = '.footnote-ref, .footnote-backref, [aria-hidden="true"], [hidden], textarea, ' +
  'script, style, template, noscript';
// The parts of a dispatch page read for a passage, in this order: its
// body, its notes, then its header (a name further down its list of
// people or places). A theme without them is read from its main part.
var PARTS = ['.dispatch-body', '.footnotes', '.dispatch-header'];
var WHOLE = 'article, main, body';

/** `match` narrowed to `words` (some of its words): what a passage must
 * show. A phrase with one of them stays whole; words the archive writes
 * as one word stay as that word. */
export function narrowMatch(match, words) {
  var keep = function (w) { return words.indexOf(w) >= 0; };
  var joined = (match.joined || []).filter(function (j) { return j.parts.some(keep); })
    .map(function (j) { return j.joined; });
  return Object.assign({}, match, {
    words: words,
    free: (match.free || match.words).filter(function (w) { return keep(w) || joined.indexOf(w) >= 0; }),
    phrases: (match.phrases || []).filter(function (ph) { return ph.some(keep); })
  });
}

/** A page's blocks in reading order, as {text, lang, dir}: its text cut
 * where the innermost element around it that is not inline changes, each
 * with the language and direction the page gives it (a post quoted in
 * Arabic in an English dispatch is right to left); an image's
 * description (`alt`, which the index reads) is a block of its own, and
 * a paragraph goes on past an image inside it; note
 * numbers and what the page hides are left out. */
export function pageBlocks(doc) {
  var parts = PARTS.map(function (sel) { return doc.querySelector(sel); }).filter(Boolean);
  if (!parts.length) parts = [doc.querySelector(WHOLE)].filter(Boolean);
  var out = [];
  var text = '';
  var block = null;
  var flush = function () {
    var t = text.replace(/\s+/g, ' ').trim();
    if (t) out.push(withLanguage(t, block));
    text = '';
  };
  parts.forEach(function (part) {
    var walker = doc.createTreeWalker(part, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        if (n.nodeType === 3 || n.tagName === 'IMG' || PARTS_WORDS.has(n.tagName)) return NodeFilter.FILTER_ACCEPT;
        if (!n.matches(NOT_PROSE)) return NodeFilter.FILTER_SKIP;
        // Left out, but it parts the words around it as the index has
        // them (`a<script>…</script>b`), unless it sits inside a word.
        if (!INLINE.has(n.tagName)) text += ' ';
        return NodeFilter.FILTER_REJECT;
      }
    });
    block = null;
    while (walker.nextNode()) {
      var n = walker.currentNode;
      if (n.tagName === 'IMG') {
        // Its description is a block of its own; the text around it, in
        // a paragraph that goes on past it, stays one block.
        var alt = (n.getAttribute('alt') || '').replace(/\s+/g, ' ').trim();
        if (alt) out.push(withLanguage(alt, n));
        text += ' ';
        continue;
      }
      var around = n.parentNode;
      while (around !== part && INLINE.has(around.tagName)) around = around.parentNode;
      if (around !== block) flush();
      block = around;
      text += n.nodeType === 3 ? n.nodeValue : ' ';
    }
    flush();
  });
  return out;
}

/** `text` with the language and direction of `node` on its page. */
function withLanguage(text, node) {
  var lang = node && node.closest('[lang]');
  var dir = node && node.closest('[dir]');
  return { text: text, lang: lang ? lang.getAttribute('lang') : '', dir: dir ? dir.getAttribute('dir') : '' };
}

/** The passage of `blocks` (see [`pageBlocks`]) for the words `unshown`
 * of `match`: {pieces: [{text, mark}] with every matched word marked,
 * lang, dir}, or null when no block has them (as written on the page). */
export function passage(blocks, match, unshown, maxChars) {
  var wanted = narrowMatch(match, unshown);
  for (var i = 0; i < blocks.length; i++) {
    var hits = findHits(blocks[i].text, wanted);
    if (hits.length) {
      return {
        pieces: excerpt({ text: blocks[i].text }, match, maxChars || 320, hits[0]),
        lang: blocks[i].lang,
        dir: blocks[i].dir
      };
    }
  }
  return null;
}

/** Fetches the page at `url` and finds its passage: resolves to it or
 * null (see [`passage`]); rejects when the page cannot be loaded. The
 * browser parses the page as a document (no script of it runs): parsing
 * it from a string (DOMParser) is what a host that requires Trusted
 * Types refuses. */
export function loadPassage(url, match, unshown) {
  return new Promise(function (resolve, reject) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.responseType = 'document';
    xhr.onload = function () {
      if (xhr.status < 200 || xhr.status > 299 || !xhr.response) {
        reject(new Error('HTTP ' + xhr.status));
        return;
      }
      resolve(passage(pageBlocks(xhr.response), match, unshown));
    };
    xhr.onerror = function () { reject(new Error('the page could not be loaded')); };
    xhr.send();
  });
}
