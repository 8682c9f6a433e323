/*! search-words.js: a query word in the dictionary: the terms it
 * stands for, its forms in the archive (what gets marked), a fallback
 * for a word the archive lacks, completions of a word being typed, and
 * a suggestion for a misspelt one. search-index.js fetches the chunks.
 */

import { compareKeys } from './search-decode.js';
import { nearestWord } from './search-spell.js';

// Completing a word being typed (see completions): from 3 letters, at
// most 16 words and 128 KB of posting files, within 2 dictionary chunks.
var PREFIX_MIN = 3;
var PREFIX_TERMS = 16;
var PREFIX_BYTES = 128 * 1024;
var PREFIX_CHUNKS = 2;
// Posting lists under this size share files of up to this size
// (POST_PACK in src/search/write.rs).
var POST_PACK = 32 * 1024;
// A dictionary of this many chunks or fewer (about 32 KB each) is
// searched whole for a suggestion when the word's own chunk has none.
var SPELL_CHUNKS = 4;

/** The number of the dictionary chunk that holds `key`'s place. */
export function chunkNumber(meta, key) {
  var b = meta.dict;
  var lo = 0;
  var hi = b.length - 1;
  while (lo < hi) {
    var mid = (lo + hi + 1) >> 1;
    if (compareKeys(b[mid], key) <= 0) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/** The surfaces of chunks `cs` that stand for any of `terms`: the forms
 * of a word the archive has ("ports", "ported" for "port"), which are
 * what gets marked ("portrait" begins with "port" but is not one).
 * Terms are compared by name (each chunk decodes its own). The parts of
 * a word written with inner punctuation stand for it too ("example" for
 * "reports.example.org", see `alternates` in tokenize.rs), but are no
 * forms of each other: a surface is left out when the only terms it
 * shares are such compounds and it has no such punctuation itself. */
function formsOf(cs, terms) {
  var names = new Set(terms.map(function (t) { return t.name; }));
  var forms = new Set();
  cs.forEach(function (c) {
    c.map.forEach(function (e, key) {
      var shared = e.terms.filter(function (t) { return names.has(t.name); });
      if (!shared.length) return;
      if (!COMPOUND.test(key) && shared.every(function (t) { return COMPOUND.test(t.name); })) return;
      forms.add(key);
    });
  });
  return Array.from(forms);
}
var COMPOUND = /[.,']/;

/** The dictionary chunks next to `own` that may hold more forms of
 * `terms`: the one before or after it when the surfaces that begin with
 * a term's name run on past its edge ("walk" in one chunk, "walks" in
 * the next). Only neighbours, and only for names of four letters or
 * more with no digit: the words that begin a short stem or a number
 * ("sd", "6081") may fill chunks, and a query must stay a small
 * download. */
function formChunks(meta, terms, own) {
  var more = [];
  terms.forEach(function (t) {
    if (Array.from(t.name).length < 4 || /\d/.test(t.name)) return;
    if (chunkNumber(meta, t.name) < own && more.indexOf(own - 1) < 0) more.push(own - 1);
    if (chunkNumber(meta, t.name + '\uffff') > own && more.indexOf(own + 1) < 0) more.push(own + 1);
  });
  return more;
}

/** `found` with its `forms`, from chunk `c` (number `own`) and the
 * chunks its terms' forms reach into; and, when its terms stand in for
 * `unseen`, a word the archive does not have, its `approx`. */
function withForms(index, meta, found, c, own, unseen) {
  var more = formChunks(meta, found.terms, own);
  return Promise.all(more.map(index.chunkAt, index)).then(function (cs) {
    found.forms = formsOf([c].concat(cs), found.terms);
    found.approx = unseen ? approxWord(unseen, found.forms, found.terms, found.as) : '';
    return found;
  });
}

/** What a fallback says it searched for `word` (`as`, the word of the
 * archive that begins it, else the shortest form of its stem, or the
 * stem), or '' when `word` and a form are plain inflections of each
 * other ("clerics" of "cleric", "trader" of "traders"): that is what the
 * reader expects, not news. */
function approxWord(word, forms, terms, as) {
  var plain = forms.filter(function (f) { return !COMPOUND.test(f); });
  var shortest = plain.reduce(function (a, f) { return !a || f.length < a.length ? f : a; }, '');
  var stemmed = !as && terms.some(function (t) {
    return word.startsWith(t.name) && CASE_ENDING.test(word.slice(t.name.length));
  });
  as = as || shortest || (terms[0] ? terms[0].name : '');
  var inflected = function (a, b) { return a.startsWith(b) && INFLECTION.test(a.slice(b.length)); };
  var quiet = stemmed || (as && inflected(word, as)) ||
    plain.some(function (f) { return inflected(word, f) || inflected(f, word); });
  return quiet ? '' : as;
}
var INFLECTION = /^(s|es|ed|d|ing|'s)$/;
// Russian case and number endings: a word that is its stem with one of
// them is a plain inflection (`Москвы` of the stem `москв`), as the
// Russian stemmer made the stem.
var CASE_ENDING = /^(а|я|о|е|ы|и|у|ю|ь|й|ой|ей|ом|ем|ам|ям|ах|ях|ов|ев|ами|ями|ию|ия|ий|ие|ые|ых|ым|ыми|ими|ую|ая|ое|ого|его|ому|ему|им)$/;

/** Nothing to search `word` as (`found` has no terms): the word the
 * reader may have meant, set as `found.suggest`, from its own chunk `c`,
 * else from the whole dictionary when it is small (SPELL_CHUNKS). */
function suggestion(index, meta, found, c, word) {
  if (found.terms.length) return Promise.resolve();
  found.suggest = nearestWord([c], word);
  var n = meta.dict.length;
  if (found.suggest || n < 2 || n > SPELL_CHUNKS) return Promise.resolve();
  var all = [];
  for (var i = 0; i < n; i++) all.push(index.chunkAt(i));
  return Promise.all(all).then(function (cs) {
    found.suggest = nearestWord(cs, word);
  }, function (e) {
    // No suggestion, but a replaced index starts the search over.
    if (e && e.indexReplaced) throw e;
  });
}

/** Terms for one surface, with `forms` (see formsOf); an unseen
 * inflection falls back to the longest stem in its chunk that prefixes
 * it ("titles" -> "titl"), and says so in `approx` (see approxWord)
 * unless it is a plain inflection of a form. Not for a number
 * (86059 is not 8605) nor onto a stem shorter than four letters ("hash"
 * is not "has"). An unseen `open` word (the one being typed) takes the
 * words it begins instead, if the archive has any (see completions),
 * listed in `completions`. */
export function lookup(index, meta, word, open) {
  if (!meta.dict.length) return Promise.resolve({ terms: [], ids: [] });
  return index.chunk(meta, word).then(function (c) {
    var own = chunkNumber(meta, word);
    var e = c.map.get(word);
    if (e && e.terms.length) {
      return suffixed(index, meta, c, own, word, e.terms).then(function (more) {
        return withForms(index, meta, { terms: e.terms.concat(more), ids: e.ids }, c, own);
      });
    }
    var wl = Array.from(word).length;
    var begins = function (name) {
      var nl = Array.from(name).length;
      return nl >= 4 && wl - nl <= 4 && word.startsWith(name);
    };
    // The longest stem that begins it ("start" for "starting"), or a word
    // of the archive at least as long, with every term it stands for
    // ("corps", an English stem's word and a Persian dispatch's own).
    var longest = function (names) {
      return names.filter(begins).reduce(function (a, n) { return !a || n.length > a.length ? n : a; }, '');
    };
    var digits = /\d/.test(word);
    var surface = digits ? '' : longest(Array.from(c.map.keys()).filter(function (k) {
      return c.map.get(k).terms.length && !COMPOUND.test(k);
    }));
    var stem = digits ? '' : longest(c.terms.map(function (t) { return t.name; }));
    var bySurface = surface && surface.length >= stem.length;
    var best = bySurface ? c.map.get(surface).terms
      : c.terms.filter(function (t) { return stem && t.name === stem; }).slice(0, 1);
    var found = { terms: best, ids: e ? e.ids : [], as: bySurface ? surface : '' };
    var unseen = best.length ? word : null;
    // Searched as a Persian word of the archive (`کشتی` for `کشتی‌ها`), it
    // finds that word's joined forms too, as `کشتی` typed does.
    var fallback = function () {
      return suggestion(index, meta, found, c, word).then(function () {
        return bySurface ? suffixed(index, meta, c, own, surface, best) : [];
      }).then(function (more) {
        found.terms = best.concat(more);
        return withForms(index, meta, found, c, own, unseen);
      });
    };
    if (!open || /\d/.test(word) || wl < PREFIX_MIN) return fallback();
    // The words it begins say what is being typed better than a stem
    // it begins with ("portr" is not "port").
    return completions(index, meta, word).then(function (more) {
      if (more.terms.length) return completedForms(index, meta, more, own).then(function (forms) {
        return { terms: more.terms, ids: found.ids, completions: more.surfaces, forms: forms };
      });
      return fallback();
    });
  });
}

// Persian suffixes written after a zero-width non-joiner, which the
// index drops (`کشتی‌ها`, ships, is the word `کشتیها`), folded as the
// index folds them (ی as ي): the plural (-ها, -های, -هایی), the ezafe
// after a vowel (-ای) and the comparatives (-تر, -ترین). Persian has no
// stemmer, so `کشتی` finds them only through these.
// Each with the fewest letters a word takes it after: short words with
// them are mostly other words (`بر` and `برای`, `صد` and `صدای`).
var JOINED_SUFFIXES = [
  ['\u0647\u0627', 2], ['\u0647\u0627\u064A', 2], ['\u0647\u0627\u064A\u064A', 2],
  ['\u0627\u064A', 3], ['\u062A\u0631', 3], ['\u062A\u0631\u064A\u0646', 3]
];
var ARABIC_SCRIPT = /^[\u0600-\u06FF]+$/;
var SUFFIX_CHUNKS = 2;

/** The terms of the surfaces that are `word` with a joined Persian
 * suffix (see JOINED_SUFFIXES), other than those in `have`: in `c`, the
 * word's own dictionary chunk (number `own`), or in the chunks the
 * suffixed forms sort into (SUFFIX_CHUNKS files more at most; mostly
 * none, as the forms sort right after the word). */
function suffixed(index, meta, c, own, word, have) {
  if (!ARABIC_SCRIPT.test(word)) return Promise.resolve([]);
  var letters = Array.from(word).length;
  var surfaces = JOINED_SUFFIXES.filter(function (pair) { return letters >= pair[1]; })
    .map(function (pair) { return word + pair[0]; });
  var others = [];
  surfaces.forEach(function (s) {
    var n = chunkNumber(meta, s);
    if (n !== own && others.indexOf(n) < 0 && others.length < SUFFIX_CHUNKS) others.push(n);
  });
  return Promise.all(others.map(index.chunkAt, index)).then(function (loaded) {
    var out = [];
    surfaces.forEach(function (s) {
      var n = chunkNumber(meta, s);
      var at = n === own ? c : loaded[others.indexOf(n)];
      var e = at && at.map.get(s);
      (e ? e.terms : []).forEach(function (t) {
        // (A term read from two chunks is two objects: compared by name.)
        var named = function (u) { return u.name === t.name; };
        if (!have.some(named) && !out.some(named)) out.push(t);
      });
    });
    return out;
  });
}

/** The forms of a word being typed: the words it begins (`more`, from
 * completions), and the other forms of their terms ("inspected" for
 * "inspection", through "inspections"), which the docs found may have
 * instead: marked, so that each result shows why it was found. */
function completedForms(index, meta, more, own) {
  var near = formChunks(meta, more.terms, own).filter(function (n) { return more.chunks.indexOf(n) < 0; });
  return Promise.all(more.chunks.concat(near).map(index.chunkAt, index)).then(function (cs) {
    var forms = more.surfaces.slice();
    formsOf(cs, more.terms).forEach(function (f) { if (forms.indexOf(f) < 0) forms.push(f); });
    return forms;
  });
}

/**
 * The words of the archive that begin with `prefix`, for a word still
 * being typed ("marr" finds "Marrow"): {terms, surfaces}. Their terms
 * are taken commonest first, at most PREFIX_TERMS of them and
 * PREFIX_BYTES of posting files in all (a list that would pass it is
 * passed over), so a short prefix downloads no more than a common word
 * does. Surfaces sort by their bytes, so a prefix's are consecutive: in
 * its own dictionary chunk and the next PREFIX_CHUNKS - 1 at most.
 */
export function completions(index, meta, prefix) {
  var first = chunkNumber(meta, prefix);
  var seen = new Map();
  var chunks = [];
  function scan(n, left) {
    chunks.push(n);
    return index.chunkAt(n).then(function (c) {
      c.map.forEach(function (e, key) {
        if (!key.startsWith(prefix)) return;
        e.terms.forEach(function (t) {
          if (!seen.has(t)) seen.set(t, []);
          seen.get(t).push(key);
        });
      });
      // The next chunk may hold more of them, or all: the first of
      // them may open it (then this chunk, the one before, has none).
      var next = meta.dict[n + 1];
      var more = left > 1 && next !== undefined && next.startsWith(prefix);
      return more ? scan(n + 1, left - 1) : null;
    });
  }
  return scan(first, PREFIX_CHUNKS).then(function () {
    var ranked = Array.from(seen.keys()).sort(function (a, b) {
      return b.df - a.df || compareKeys(a.name, b.name);
    });
    var terms = [];
    var words = [];
    var bytes = 0;
    var files = new Set();
    ranked.forEach(function (t) {
      // What fetching its list would add: nothing for a list kept in
      // the dictionary or in a file already counted.
      var size = t.inline || files.has(t.post[0]) ? 0 : Math.max(t.post[2], POST_PACK);
      if (terms.length >= PREFIX_TERMS || bytes + size > PREFIX_BYTES) return;
      bytes += size;
      if (!t.inline) files.add(t.post[0]);
      terms.push(t);
      seen.get(t).forEach(function (w) { if (words.indexOf(w) < 0) words.push(w); });
    });
    return { terms: terms, surfaces: words, chunks: chunks };
  });
}
