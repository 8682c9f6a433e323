/*! search-spell.js: "Did you mean": the word of the archive nearest a
 * query word it does not have. A word mistyped is mostly right in its
 * first letters, which put it in the dictionary chunk of the word meant:
 * that chunk, already fetched for the lookup, is searched first, so a
 * suggestion mostly costs no download. A small archive's whole
 * dictionary (a few chunks) is searched when that one has nothing near,
 * for a slip in the first letters (see search-words.js).
 */

import { normalizeWord, segmentWords } from './search-text.js';

// Words this short have too many neighbours for a guess to help.
var MIN_CHARS = 4;

/** The surface of dictionary chunks `cs` nearest `word` by edits (a letter
 * added, dropped or changed, or two side by side swapped): within one
 * edit for a word of up to five letters, two for a longer one; of the
 * nearest, the one whose term most dispatches have. '' when none is
 * that near, and for a number. A possessive is corrected as its word,
 * against the archive's words and their possessives, and keeps its
 * ending ("darvnd's" as "darvand's"). */
export function nearestWord(cs, word) {
  var possessive = /^(.+)'s$/.exec(word);
  var base = possessive ? possessive[1] : word;
  var w = Array.from(base);
  if (w.length < MIN_CHARS || /\d/.test(base)) return '';
  var max = w.length <= 5 ? 1 : 2;
  var best = { key: '', d: max + 1, df: -1 };
  cs.forEach(function (c) {
    c.map.forEach(function (e, surface) {
      var own = possessive && /^(.+)'s$/.exec(surface);
      var key = own ? own[1] : surface;
      // A word with inner punctuation, a host or a number: no correction.
      if (!e.terms.length || /[.,'\d]/.test(key)) return;
      var k = Array.from(key);
      if (Math.abs(k.length - w.length) > max) return;
      var d = editDistance(w, k, max);
      if (d > max) return;
      var df = e.terms.reduce(function (m, t) { return Math.max(m, t.df); }, 0);
      if (d < best.d || (d === best.d && (df > best.df || (df === best.df && key < best.key)))) {
        best = { key: key, d: d, df: df };
      }
    });
  });
  return best.key && possessive ? best.key + "'s" : best.key;
}

/** Edits between two arrays of characters (optimal string alignment),
 * or `max + 1` once it is sure to pass `max`. */
export function editDistance(a, b, max) {
  var prev2 = null;
  var prev = [];
  for (var j = 0; j <= b.length; j++) prev.push(j);
  for (var i = 1; i <= a.length; i++) {
    var row = [i];
    var least = i;
    for (var k = 1; k <= b.length; k++) {
      var cost = a[i - 1] === b[k - 1] ? 0 : 1;
      var v = Math.min(prev[k] + 1, row[k - 1] + 1, prev[k - 1] + cost);
      if (prev2 && i > 1 && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1]) {
        v = Math.min(v, prev2[k - 2] + 1);
      }
      row.push(v);
      if (v < least) least = v;
    }
    if (least > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length];
}

/** How record `rec` writes the word whose surface is `surface`, or the
 * surface itself: a suggestion is spelt as the archive spells it
 * ("București", not the index's folded "bucuresti"). */
export function spelling(rec, surface) {
  var texts = rec ? [rec.title, rec.summary, rec.text].concat(rec.authors || []) : [];
  Object.keys((rec && rec.terms) || {}).forEach(function (k) { texts = texts.concat(rec.terms[k]); });
  var spelt = '';
  texts.some(function (t) {
    return segmentWords(String(t || ''), true).some(function (w) {
      if (normalizeWord(w[0]) !== surface) return false;
      spelt = w[0];
      return true;
    });
  });
  return spelt || surface;
}
