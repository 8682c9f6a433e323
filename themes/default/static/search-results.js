/*! search-results.js: from matches to what the page shows, without the
 * DOM: facet filtering and counts, ordering, excerpts with the matched
 * words, and the search's state in the URL.
 */

import { clitics, joinedPhrase, normalizeWord, parseQuery, segmentWords, surfaces, unicodeRegExp } from './search-text.js';

/**
 * Applies facet selections to a base set and counts facet values.
 * `base`: Uint32Array of doc ids, or null for "all docs". `selected`:
 * {facetKey: [values]}. Counts are disjunctive: a group's counts ignore
 * that group's own selection, so ticking a second box shows what it adds.
 * Returns {docs: Uint32Array ascending, counts: {key: Map(value -> n)}}.
 */
export function applyFacets(N, base, groups, selected) {
  var inBase = new Uint8Array(N);
  if (base) base.forEach(function (d) { if (d < N) inBase[d] = 1; }); else inBase.fill(1);
  var active = (groups || []).filter(function (g) {
    return (selected[g.key] || []).length > 0;
  });
  var S = active.length;
  var passes = new Uint8Array(N);
  var masks = new Map();
  active.forEach(function (g) {
    var mask = new Uint8Array(N);
    g.values.forEach(function (v) {
      if (selected[g.key].indexOf(v.value) < 0) return;
      v.docs.forEach(function (d) { if (d < N) mask[d] = 1; });
    });
    for (var d = 0; d < N; d++) passes[d] += mask[d];
    masks.set(g.key, mask);
  });
  var counts = {};
  (groups || []).forEach(function (g) {
    var mask = masks.get(g.key);
    var need = mask ? S - 1 : S;
    var m = new Map();
    g.values.forEach(function (v) {
      var c = 0;
      var docs = v.docs;
      for (var i = 0; i < docs.length; i++) {
        var d = docs[i];
        if (d < N && inBase[d] && passes[d] - (mask ? mask[d] : 0) === need) c++;
      }
      m.set(v.value, c);
    });
    counts[g.key] = m;
  });
  var n = 0;
  for (var d = 0; d < N; d++) if (inBase[d] && passes[d] === S) n++;
  var docs = new Uint32Array(n);
  n = 0;
  for (var e = 0; e < N; e++) if (inBase[e] && passes[e] === S) docs[n++] = e;
  return { docs: docs, counts: counts };
}

/** The first `k` docs by score (desc, newer first on ties), or by date
 * (docs are numbered in date order, so by id): `order` is 'relevance',
 * 'date' (newest first) or 'oldest'. */
function topDocs(docs, scores, k, order) {
  if (order === 'oldest') return Array.prototype.slice.call(docs, 0, Math.max(0, k));
  if (order === 'date' || !scores) {
    var out = [];
    for (var i = docs.length - 1; i >= 0 && out.length < k; i--) out.push(docs[i]);
    return out;
  }
  function better(a, b) { return scores[a] > scores[b] || (scores[a] === scores[b] && a > b); }
  // Min-heap of the best k so far: O(n log k), no full sort of 100k docs.
  var heap = [];
  function down(i) {
    for (;;) {
      var l = 2 * i + 1;
      var r = l + 1;
      var m = i;
      if (l < heap.length && better(heap[m], heap[l])) m = l;
      if (r < heap.length && better(heap[m], heap[r])) m = r;
      if (m === i) return;
      var t = heap[i]; heap[i] = heap[m]; heap[m] = t;
      i = m;
    }
  }
  for (var j = 0; j < docs.length; j++) {
    var d = docs[j];
    if (heap.length < k) {
      heap.push(d);
      for (var c = heap.length - 1; c > 0;) {
        var p = (c - 1) >> 1;
        if (!better(heap[p], heap[c])) break;
        var t = heap[p]; heap[p] = heap[c]; heap[c] = t;
        c = p;
      }
    } else if (k > 0 && better(d, heap[0])) {
      heap[0] = d;
      down(0);
    }
  }
  return heap.sort(function (a, b) { return better(a, b) ? -1 : 1; });
}

/**
 * The whole query pipeline for a state {q, sort, facets: {key: [values]},
 * exactQ: the query whose phrases the reader chose to check in full}:
 * resolves to {ordered: [doc ids], total, counts, match, base, N,
 * unfiltered: the selected groups that could not be loaded}.
 * `limit` bounds how many ordered docs are produced; pinned id matches
 * come first. Facet files are only awaited when a facet is selected;
 * otherwise counts is null and `base` (null: all docs) lets the caller
 * count once the facets arrive.
 */
export function runSearch(index, state, limit) {
  var q = (state.q || '').trim();
  var selected = state.facets || {};
  var anyFacet = Object.keys(selected).some(function (k) { return selected[k].length; });
  return Promise.all([
    index.meta(),
    // Spaces after the last word are kept: they say it is finished, not
    // one to complete.
    q ? index.match(state.q.replace(/^\s+/, ''), { exact: state.exactQ === q }) : Promise.resolve(null),
    anyFacet ? index.facets(Object.keys(selected)) : Promise.resolve(null)
  ]).then(function (r) {
    var meta = r[0];
    var match = r[1];
    // A selected group whose file failed to load cannot filter: it is
    // left out, and named in `unfiltered` for the page to say so.
    var groups = r[2] ? r[2].filter(function (g) { return !g.failed; }) : null;
    var unfiltered = r[2] ? r[2].filter(function (g) { return g.failed; }) : [];
    if (!match && !groups) return { ordered: [], total: 0, counts: null, match: null, base: null, N: meta.docs, idle: true, unfiltered: [] };
    // Pinned id matches are results too (even when no word matched), so
    // they go through the facet filter and into the counts.
    var base = null;
    if (match && match.pinned.length) {
      var all = new Set(match.docs);
      match.pinned.forEach(function (d) { all.add(d); });
      base = Uint32Array.from(all);
    } else if (match) {
      base = match.docs;
    }
    var filtered = applyFacets(meta.docs, base, groups, selected);
    var kept = new Set(filtered.docs);
    var pinned = match ? match.pinned.filter(function (d) { return kept.has(d); }) : [];
    var rest = filtered.docs;
    if (pinned.length) rest = rest.filter(function (d) { return pinned.indexOf(d) < 0; });
    // Without words there is no relevance: newest first, unless oldest.
    var order = state.sort === 'oldest' ? 'oldest' : state.sort === 'date' || !match ? 'date' : 'relevance';
    var ordered = pinned.concat(topDocs(rest, match ? match.scores : null, Math.max(0, limit - pinned.length), order));
    return {
      ordered: ordered,
      total: filtered.docs.length,
      counts: groups ? filtered.counts : null,
      match: match,
      base: base,
      N: meta.docs,
      unfiltered: unfiltered
    };
  });
}

/** Forms of one word a result link carries (in the dictionary's order):
 * enough for an Arabic or Russian word's many, and each costs a page
 * only a set lookup per word it has. */
var FORMS_PER_WORD = 64;

/**
 * Where the matched words are in a text: [[start, end], ...]. A word is
 * matched when its surface is a query word or one of that word's forms
 * in the archive (`match.forms`: "running" is marked for "runs", and
 * "portrait" is not for "port"): no stemmer needed; or when it begins
 * with `match.prefix`, a word search completed ("marr").
 */
export function findHits(text, match) {
  if (!match || !match.words.length) return [];
  var same = wordMatcher(match);
  var toks = [];
  segmentWords(text, true).forEach(function (w) {
    var s = normalizeWord(w[0]);
    if (s) toks.push([s, w[1], w[1] + w[0].length]);
  });
  var hits = [];
  var free = match.free || match.words;
  var phrases = match.phrases || [];
  for (var i = 0; i < toks.length; i++) {
    var span = null;
    // A quoted phrase is marked as one run, its words not on their own.
    phrases.forEach(function (ph) {
      if (span || i + ph.length > toks.length) return;
      for (var k = 0; k < ph.length; k++) if (!same(toks[i + k][0], ph[k])) return;
      span = [toks[i][1], toks[i + ph.length - 1][2], ph.length];
    });
    if (span) { hits.push([span[0], span[1]]); i += span[2] - 1; continue; }
    if (free.some(function (w) { return same(toks[i][0], w); })) hits.push([toks[i][1], toks[i][2]]);
  }
  return hits;
}

/** The query's words that none of `texts` (the words a result shows
 * marked) is a form of: those it has further in. A pair of words the
 * archive writes as one counts as shown when that one word is. */
export function unshownWords(texts, match) {
  if (!match || !match.words.length) return [];
  var same = wordMatcher(match);
  var seen = [];
  texts.forEach(function (t) { seen = seen.concat(surfaces(t)); });
  var shown = function (w) { return seen.some(function (s) { return same(s, w); }); };
  // A word of an OR group is shown when one of the group is: a result
  // need not have the others anywhere.
  var either = function (w) {
    return (match.any || []).some(function (g) { return g.indexOf(w) >= 0 && g.some(shown); });
  };
  return match.words.filter(function (w) {
    return !shown(w) && !either(w) && !(match.joined || []).some(function (j) {
      return j.parts.indexOf(w) >= 0 && shown(j.joined);
    });
  });
}

/** Whether a normalized surface `s` is query word `w` as `match` finds
 * it: the word, one of its forms, a word it begins when it is being
 * typed, or an Arabic word with the conjunction on its article. */
function wordMatcher(match) {
  var forms = new Map();
  Object.keys(match.forms || {}).forEach(function (w) { forms.set(w, new Set(match.forms[w])); });
  var prefix = match.prefix || '';
  function form(s, w) {
    return s === w || (forms.has(w) && forms.get(w).has(s));
  }
  // An Arabic word is also marked by its surfaces without the conjunction
  // on its article (والقاهرة for القاهرة), as the index finds it.
  return function same(s, w) {
    return form(s, w) || (w === prefix && s.startsWith(w)) ||
      clitics(s).some(function (bare) { return form(bare, w); });
  };
}

/** Splits text[start, end) into [{text, mark}] pieces around hits. */
export function pieces(text, hits, start, end) {
  var out = [];
  var at = start;
  hits.forEach(function (h) {
    if (h[0] < at || h[1] > end) return;
    if (h[0] > at) out.push({ text: text.slice(at, h[0]), mark: false });
    out.push({ text: text.slice(h[0], h[1]), mark: true });
    at = h[1];
  });
  if (at < end) out.push({ text: text.slice(at, end), mark: false });
  return out;
}

/** A whole text (a title) as [{text, mark}] pieces. */
export function highlight(text, match) {
  text = String(text || '');
  return pieces(text, findHits(text, match), 0, text.length);
}

/** Text whose blocks (a heading, a paragraph) are on lines of their own,
 * as one line: a block that ends without a full stop (a heading) is set
 * off with " · ", so that it does not run into the sentence after it. */
export function blocks(text) {
  return String(text).replace(/\s*\n[\s\n]*/g, function (gap, at, all) {
    var before = all.charAt(at - 1);
    return at === 0 || at + gap.length === all.length ? ''
      : /[.!?:;…"”'’»)\]؟۔]/.test(before) ? ' ' : ' · ';
  });
}

/** An excerpt of a record's summary and body start, as [{text, mark}],
 * windowed around the first matched word, or around the hit `at`
 * ([start, end) of the text: a passage's word). The window starts at a
 * space shortly before the word, or, with none near (an address, a
 * script written without spaces), just before the word itself. */
export function excerpt(record, match, maxChars, at) {
  maxChars = maxChars || 240;
  var text = blocks([record.summary, record.text].filter(Boolean).join('\n'));
  var hits = findHits(text, match);
  var focus = at || hits[0] || [0, 0];
  var start = 0;
  if (focus[0] > maxChars / 3) {
    var from = focus[0] - Math.floor(maxChars / 4);
    var space = text.lastIndexOf(' ', from);
    var next = text.indexOf(' ', from);
    start = space >= 0 && space >= from - maxChars / 4 ? space + 1
      : next >= 0 && next < focus[0] ? next + 1 : wholeChar(text, from, -1);
  }
  var end = Math.min(text.length, Math.max(start + maxChars, focus[1]));
  if (end < text.length) {
    var sp = text.lastIndexOf(' ', end);
    end = sp > start + maxChars / 2 && sp >= focus[1] ? sp : wholeChar(text, end, 1);
  }
  var out = pieces(text, hits, start, end);
  if (start > 0) out.unshift({ text: '… ', mark: false });
  // A record whose body was cut (`cut`) goes on past the end of its text.
  if (end < text.length || record.cut) out.push({ text: ' …', mark: false });
  return out;
}

var graphemes = (typeof Intl !== 'undefined' && Intl.Segmenter)
  ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
// How far around a cut graphemes are looked for: text may be a long
// paragraph, and one cluster is rarely more than a few units.
var AROUND = 64;

/** Offset `i` of `text`, moved by `step` (-1 or 1) to a grapheme
 * boundary: not inside a letter with its marks (a Thai vowel sign, an
 * accent), an emoji with its skin tone or joined to others, or a flag. */
export function wholeChar(text, i, step) {
  if (i <= 0 || i >= text.length) return i;
  if (!graphemes) return wholeCharApprox(text, i, step);
  var from = Math.max(0, i - AROUND);
  if (text.charCodeAt(from) >= 0xDC00 && text.charCodeAt(from) <= 0xDFFF) from--;
  // The pairs of a run of flags (regional indicators, two units each)
  // are counted from its start.
  while (from >= 2 && text.charCodeAt(from - 2) === 0xD83C && text.charCodeAt(from - 1) >= 0xDDE6 &&
    text.charCodeAt(from - 1) <= 0xDDFF) from -= 2;
  var seg = graphemes.segment(text.slice(from, Math.min(text.length, i + AROUND))).containing(i - from);
  var at = from + seg.index;
  return at === i || step < 0 ? at : at + seg.segment.length;
}

/** The first `n` graphemes of `text` (a word too long to search, as the
 * page quotes it). */
export function firstGraphemes(text, n) {
  if (!graphemes) {
    var head = Array.from(text).slice(0, n).join('');
    return text.slice(0, wholeCharApprox(text, head.length, 1));
  }
  var out = '';
  for (var g of graphemes.segment(text)) {
    if (n-- <= 0) break;
    out += g.segment;
  }
  return out;
}

/** wholeChar without Intl.Segmenter: not in the middle of a character
 * written as two UTF-16 units, nor before a mark that belongs to the
 * letter before it. Emoji sequences and flags may still be split. */
function wholeCharApprox(text, i, step) {
  while (i > 0 && i < text.length) {
    var c = text.charCodeAt(i);
    if (!(c >= 0xDC00 && c <= 0xDFFF) && !MARK.test(text.charAt(i))) break;
    i += step;
  }
  return i;
}
var MARK = unicodeRegExp('\\p{M}', '', '[\\u0300-\\u036F\\u0483-\\u0489\\u064B-\\u065F\\u0900-\\u0903\\u093A-\\u094F\\u0E31\\u0E34-\\u0E3A\\u0E47-\\u0E4E]');

// At most this many results are shown at once (`n` in the URL): a link
// cannot make the page fetch the records of thousands.
var MAX_SHOWN = 500;

/** The orders results can take, the default first. */
export var SORTS = ['relevance', 'date', 'oldest'];

/** URL query string <-> state: {q, sort, facets, n: how many results are
 * shown (0: the first page)}. Facet keys come from meta. */
export function stateFromParams(params, facetKeys) {
  var n = parseInt(params.get('n'), 10);
  var state = {
    q: params.get('q') || '',
    sort: SORTS.indexOf(params.get('sort')) > 0 ? params.get('sort') : 'relevance',
    facets: {},
    n: n > 0 ? Math.min(n, MAX_SHOWN) : 0
  };
  facetKeys.forEach(function (k) {
    var vs = params.getAll(k).filter(Boolean);
    if (vs.length) state.facets[k] = vs;
  });
  return state;
}

export function paramsFromState(state) {
  var p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  Object.keys(state.facets).forEach(function (k) {
    state.facets[k].forEach(function (v) { p.append(k, v); });
  });
  if (SORTS.indexOf(state.sort) > 0) p.set('sort', state.sort);
  if (state.n) p.set('n', String(state.n));
  return p;
}

/**
 * The query string a result link carries to its page, so the page can
 * mark the matched words: the query (`highlight`) and each word's forms
 * (`highlight-form`, "word form"), which mark inflected forms the way
 * the excerpts do, and the word it completed (`highlight-prefix`).
 * Empty when nothing was matched by words.
 */
export function highlightParams(q, match) {
  if (!q || !match || !match.words.length) return '';
  var p = new URLSearchParams();
  p.set('highlight', match.searched != null ? match.searched : q);
  Object.keys(match.forms || {}).forEach(function (w) {
    match.forms[w].slice(0, FORMS_PER_WORD).forEach(function (f) {
      if (f !== w) p.append('highlight-form', w + ' ' + f);
    });
  });
  if (match.prefix) p.set('highlight-prefix', match.prefix);
  return '?' + p.toString();
}

/** The `highlight` parameter, capped: a link can say anything, and
 * marking costs a pass over the page per word. */
export function highlightText(params) {
  return (params.get('highlight') || '').slice(0, 500);
}

/** What `highlightParams` wrote, as a match for `findHits` (or null),
 * at most 16 words and phrases, and FORMS_PER_WORD forms of each word. */
export function matchFromParams(params) {
  var q = parseQuery(highlightText(params));
  if (!q.words.length) return null;
  var cap = function (list) { return list.slice(0, 16); };
  // A Persian word typed apart (می خواهد) is marked where it is written joined.
  var joined = q.joins.map(function (j) { return j.joined; });
  // A completed prefix is the query's last word, as search completes
  // it (three letters or more), or it marks nothing.
  var prefix = params.get('highlight-prefix') || '';
  var completed = prefix === q.open && Array.from(prefix).length >= 3;
  // A phrase typed apart is marked where the page writes its words joined
  // too (the search found it so, see joinedPhrase).
  var phrases = [];
  q.phrases.forEach(function (p, i) {
    phrases.push(p);
    var alt = joinedPhrase(q, i, function () { return true; });
    if (alt) phrases.push(alt);
  });
  return {
    words: cap(q.words), free: cap(q.free).concat(cap(joined)), phrases: cap(phrases),
    forms: formsFromParams(params, q.words), prefix: completed ? prefix : ''
  };
}

/** The `highlight-form` pairs of `params` for the query's `words`, at
 * most FORMS_PER_WORD each: {word: [forms]}. */
function formsFromParams(params, words) {
  var forms = {};
  params.getAll('highlight-form').forEach(function (pair) {
    var parts = pair.split(' ');
    var w = parts[0];
    if (parts.length !== 2 || words.indexOf(w) < 0) return;
    if (!forms[w]) forms[w] = [];
    if (forms[w].length < FORMS_PER_WORD) forms[w].push(parts[1]);
  });
  return forms;
}
