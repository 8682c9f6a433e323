/*! search-text.js: words as the index has them, for the search client.
 *
 * The index is keyed by normalized *surface forms*; each maps to the
 * stemmed term(s) the build produced, so no stemmer is needed here. The
 * normalization and segmentation below are twins of src/search/tokenize.rs
 * and src/search/segment.rs: change both.
 */

// Latin-1 Supplement / Latin Extended-A folds for U+00DF..U+017F; '-'
// marks U+00F7 (division sign), which is kept.
var LATIN_FOLD = ('ss a a a a a a ae c e e e e i i i i d n o o o o o - o u u u u y th y ' +
  'a a a a a a c c c c c c c c d d d d e e e e e e e e e e g g g g g g g g h h h h ' +
  'i i i i i i i i i i ij ij j j k k k l l l l l l l l l l n n n n n n n n n o o o o o o ' +
  'oe oe r r r r r r s s s s s s s s t t t t t t u u u u u u u u u u u u w w y y y ' +
  'z z z z z z s').split(' ');
var GREEK_FOLD = {
  'ά': 'α', 'έ': 'ε', 'ή': 'η', 'ί': 'ι', 'ΐ': 'ι', 'ϊ': 'ι', 'ό': 'ο',
  'ύ': 'υ', 'ΰ': 'υ', 'ϋ': 'υ', 'ώ': 'ω', 'ς': 'σ',
  // Not Greek: Arabic alef variants and teh marbuta, folded alike.
  'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ة': 'ه', 'ۀ': 'ه'
};

/** The ASCII letter under a letter of Latin Extended-B or Latin Extended
 * Additional (`ș`, `ễ`), or '' (tokenize.rs `latin_base`). */
function latinBase(ch, c) {
  if (!((c >= 0x180 && c < 0x250) || (c >= 0x1E00 && c < 0x1F00))) return '';
  var base = ch.normalize ? ch.normalize('NFD').charAt(0) : '';
  return /^[a-z]$/.test(base) ? base : '';
}

/** Lowercase + script clean-up: what the stemmer would see. */
function lowerWord(word) {
  var lower = halfWidth(word).toLowerCase();
  var out = '';
  for (var ch of lower) {
    var c = ch.codePointAt(0);
    if (c < 0x80) { out += ch; continue; }
    if (c === 0xAD || (c >= 0x200B && c <= 0x200F) || c === 0x2060 || c === 0xFEFF) continue;
    if (c >= 0x300 && c <= 0x36F) continue;
    if (c === 0x640 || (c >= 0x64B && c <= 0x65F) || c === 0x670 ||
        (c >= 0x610 && c <= 0x61A) || (c >= 0x6D6 && c <= 0x6ED)) continue;
    if (c === 0x6CC || c === 0x649) { out += '\u064A'; continue; }
    if (c === 0x6A9) { out += '\u0643'; continue; }
    if (c >= 0x660 && c <= 0x669) { out += String(c - 0x660); continue; }
    if (c >= 0x6F0 && c <= 0x6F9) { out += String(c - 0x6F0); continue; }
    if (c === 0x2019 || c === 0x2018 || c === 0x2BC) { out += "'"; continue; }
    if (c === 0x451) { out += '\u0435'; continue; }
    out += ch;
  }
  return out;
}

/** The surfaces a reader types for an Arabic word with a conjunction
 * and a preposition written onto its article (`و` or `ف`, then `ب` or
 * `ك`, before `ال`), and for a noun with the article, named bare:
 * [`بالقلم`, `القلم`, `قلم`] for `وبالقلم`, [`سفن`] for `السفن`; [] for
 * most words. The twin of `without_proclitics` in tokenize.rs. */
export function clitics(surface) {
  var strip = function (word, letters) { return letters.indexOf(word.charAt(0)) >= 0 ? word.slice(1) : null; };
  var article = function (word) { return word.startsWith('ال') && Array.from(word).length >= 4; };
  var afterAnd = strip(surface, 'وف');
  var base = afterAnd === null ? surface : afterAnd;
  var afterBy = strip(base, 'بك');
  var out = [];
  if (afterBy !== null && article(afterBy)) out = afterAnd === null ? [afterBy] : [base, afterBy];
  else if (afterAnd !== null && article(afterAnd)) out = [afterAnd];
  var withArticle = out.length ? out[out.length - 1] : surface;
  var bare = withArticle.startsWith('ال') ? withArticle.slice(2) : '';
  if (Array.from(bare).length >= 3) out.push(bare);
  return out;
}

/** The surface form of one raw word, or '' when it is not indexable. */
export function normalizeWord(word) {
  if (ASCII.test(word)) {
    return word.length > MAX_WORD_CHARS ? '' : word.toLowerCase();
  }
  var lower = lowerWord(word);
  var n = 0;
  var out = '';
  for (var ch of lower) {
    n++;
    var c = ch.codePointAt(0);
    if (c >= 0xDF && c < 0x180) {
      var f = LATIN_FOLD[c - 0xDF];
      out += f === '-' ? ch : f;
    } else {
      out += GREEK_FOLD[ch] || latinBase(ch, c) || ch;
    }
  }
  return n === 0 || n > MAX_WORD_CHARS ? '' : out;
}
var MAX_WORD_CHARS = 64;
var ASCII = /^[\x00-\x7F]*$/;

var segmenter = (typeof Intl !== 'undefined' && Intl.Segmenter)
  ? new Intl.Segmenter(undefined, { granularity: 'word' }) : null;
// Unicode property escapes (\p{...}) are ES2018: built from strings so
// an older engine gets a rougher range-based pattern instead of a syntax
// error that would stop the whole script.
export function unicodeRegExp(source, flags, fallback) {
  try {
    return new RegExp(source, flags + 'u');
  } catch (e) {
    return new RegExp(fallback, flags);
  }
}
var PER_CHAR_CLASS = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}]';
var PER_CHAR_RANGES = '[\\u3040-\\u309F\\u3400-\\u9FFF\\u0E00-\\u0EFF\\u1780-\\u17FF\\u1000-\\u109F]';
// Format characters (a soft hyphen, a word joiner, direction marks) are
// inside a word for UAX #29 and dropped from it by the index.
var WORD_CHARS = '[\\p{L}\\p{N}\\p{M}\\p{Pc}\\u200C\\u200D\\u00AD\\u200E\\u200F\\u2060\\uFEFF]';
var WORD_RANGES = '[0-9A-Za-z_\\u00AA\\u00B5\\u00BA\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0300-\\u03FF\\u0400-\\u052F\\u0590-\\u05FF\\u0600-\\u06FF\\u0750-\\u077F\\u0900-\\u0DFF\\u1E00-\\u1FFF\\u200C\\u200D\\u00AD\\u200E\\u200F\\u2060\\uFEFF\\uAC00-\\uD7AF]';
// Scripts that UAX #29 (the indexer) splits per character while ICU
// splits them by dictionary: split them per character here too.
var PER_CHAR = unicodeRegExp(PER_CHAR_CLASS, '', PER_CHAR_RANGES);
var PER_CHAR_SPLIT = unicodeRegExp('(' + PER_CHAR_CLASS + '\\p{M}*)', '', '(' + PER_CHAR_RANGES + ')');
var HAS_WORD_CHAR = unicodeRegExp('[\\p{L}\\p{N}]', '', WORD_RANGES);
// Approximates UAX #29 (letters, digits, marks, joiners; apostrophes and
// dots inside words) where Intl.Segmenter is missing or too slow.
var FALLBACK_WORD = unicodeRegExp(WORD_CHARS + "+(?:['’.,]" + WORD_CHARS + '+)*', 'g',
  WORD_RANGES + "+(?:['’.,]" + WORD_RANGES + '+)*');

var LETTER_END = unicodeRegExp('\\p{L}\\p{M}*$', '', '[A-Za-z\\u00C0-\\u024F\\u0370-\\u052F\\u0600-\\u06FF]$');
var LETTER_START = unicodeRegExp('^\\p{L}', '', '^[A-Za-z\\u00C0-\\u024F\\u0370-\\u052F\\u0600-\\u06FF]');

/** Words of `raw` ([[word, index]] from Intl.Segmenter) that one char
 * between them joins, as UAX #29 (the indexer's rules) joins them and
 * some ICU versions do not: a dot or an apostrophe between letters
 * ("I.R.G.C", "example.com", "O'Brien"), a dot, comma, semicolon or
 * apostrophe between digits ("2,000", "1.5"). */
function joinInner(text, raw) {
  var out = [];
  raw.forEach(function (r) {
    var last = out[out.length - 1];
    var gap = last ? text.slice(last[1] + last[0].length, r[1]) : '';
    var letters = last && LETTER_END.test(last[0]) && LETTER_START.test(r[0]);
    var digits = last && /\d$/.test(last[0]) && /^\d/.test(r[0]);
    if (gap.length === 1 && ((letters && /[.'’]/.test(gap)) || (digits && /[.,;'’]/.test(gap)))) {
      last[0] += gap + r[0];
    } else {
      out.push([r[0], r[1]]);
    }
  });
  return out;
}

/** Raw words of a text with their UTF-16 offsets: [[word, index], ...].
 * `approximate` skips Intl.Segmenter (slow per call) where exact parity
 * with the indexer does not matter, e.g. for highlighting. */
export function segmentWords(text, approximate) {
  var raw = [];
  if (segmenter && !approximate) {
    for (var s of segmenter.segment(text)) if (s.isWordLike) raw.push([s.segment, s.index]);
    raw = joinInner(text, raw);
  } else {
    var m;
    FALLBACK_WORD.lastIndex = 0;
    while ((m = FALLBACK_WORD.exec(text))) raw.push([m[0], m.index]);
  }
  var out = [];
  raw.forEach(function (r) {
    // ICU does not join words over ':'; the indexer splits there too.
    var at = r[1];
    r[0].split(':').forEach(function (part) {
      if (part && PER_CHAR.test(part)) {
        var off = at;
        part.split(PER_CHAR_SPLIT).forEach(function (p) {
          if (p && HAS_WORD_CHAR.test(p)) out.push([p, off]);
          off += p.length;
        });
      } else if (part) {
        out.push([part, at]);
      }
      at += part.length + 1;
    });
  });
  return out;
}

/** Surface forms of a text, in order. */
export function surfaces(text) {
  var out = [];
  segmentWords(text).forEach(function (w) {
    var s = normalizeWord(w[0]);
    if (s) out.push(s);
  });
  return out;
}

/** Query `q` with each word that normalizes to a `fix.word` written as
 * its `fix.as` instead (quotes and other words as typed), or '' when
 * none of them is found. `fixes`: [{word, as}]. */
export function corrected(q, fixes) {
  var out = '';
  var at = 0;
  var changed = false;
  segmentWords(q, true).forEach(function (w) {
    var s = normalizeWord(w[0]);
    var fix = fixes.filter(function (f) { return f.word === s; })[0];
    if (!fix) return;
    out += q.slice(at, w[1]) + fix.as;
    at = w[1] + w[0].length;
    changed = true;
  });
  return changed ? (out + q.slice(at)).trim() : '';
}

// Persian writes these prefixes and suffixes joined to their word by a
// zero-width non-joiner (می‌خواهد, کشتی‌ها), which the index drops; readers
// often type a space instead (می خواهد). As the index has them.
var JOIN_BEFORE = ['می', 'نمی', 'بی'].map(normalizeWord);
// Verb endings after a participle (کرده‌اند, رفته‌ام) are written on with a ZWNJ too.
var JOIN_AFTER = ['ها', 'های', 'تر', 'ترین', 'ای', 'اند', 'ام', 'ایم', 'اید'].map(normalizeWord);

var ARABIC_SCRIPT = /[\u0600-\u06FF]/;
// "And", which Persian writes onto both words of a compound (گفت‌وگو).
var AND = normalizeWord('و');
var OPEN_END = unicodeRegExp('[\\p{L}\\p{M}]$', '', '[A-Za-z\\u00C0-\\u024F\\u0370-\\u052F\\u0600-\\u06FF]$');

/** Whether `parts`, a run of joinRuns, is a word and a Persian prefix
 * or suffix typed apart (`می خواهد`, `حساب ها`): one word, which the
 * archive may have only in another form. */
export function affixRun(parts) {
  return parts.length === 2 && (JOIN_BEFORE.indexOf(parts[0]) >= 0 || JOIN_AFTER.indexOf(parts[1]) >= 0);
}

/** The runs of `ws` (words) that may be one word written apart: a
 * compound of two words joined by و typed with spaces both sides, a
 * Persian prefix or suffix and its word, then any two Persian or Arabic
 * words left (گفت وگو for گفت‌وگو): [{at, n}], none overlapping. Whether
 * the index has the joined word decides whether one is used. */
function joinRuns(ws) {
  var used = [];
  var runs = [];
  var take = function (k, n) {
    runs.push({ at: k, n: n });
    for (var i = k; i < k + n; i++) used[i] = true;
  };
  for (var c = 0; c + 2 < ws.length; c++) {
    if (used[c] || ws[c + 1] !== AND || !ARABIC_SCRIPT.test(ws[c]) || !ARABIC_SCRIPT.test(ws[c + 2])) continue;
    take(c, 3);
  }
  for (var k = 0; k + 1 < ws.length; k++) {
    if (used[k] || used[k + 1] || (JOIN_BEFORE.indexOf(ws[k]) < 0 && JOIN_AFTER.indexOf(ws[k + 1]) < 0)) continue;
    take(k, 2);
  }
  for (var m = 0; m + 1 < ws.length; m++) {
    if (used[m] || used[m + 1] || !ARABIC_SCRIPT.test(ws[m]) || !ARABIC_SCRIPT.test(ws[m + 1])) continue;
    take(m, 2);
  }
  return runs;
}

/** Phrase `p` (number `i` of the query `q`) with its runs that `keep`
 * accepts written joined (see joinRuns), or null when none is: the
 * phrase as the archive may write it (`کشتی‌های خرزانی` for the typed
 * `کشتی های خرزانی`), matched beside the phrase as typed. */
export function joinedPhrase(q, i, keep) {
  var runs = q.phraseJoins.filter(function (r) { return r.phrase === i && keep(r.joined); });
  if (!runs.length) return null;
  var alt = q.phrases[i].slice();
  runs.sort(function (a, b) { return b.at - a.at; }).forEach(function (r) { alt.splice(r.at, r.n, r.joined); });
  return alt;
}

/** Splits a query into required words and quoted phrases. `joins`: runs
 * of adjacent words that may be one word written apart (see joinRuns):
 * [{parts, joined}] (parts are words). `phraseJoins`: such runs inside
 * the phrases, [{phrase, at, n, joined}] (indexes into `phrases` and
 * its words). `open`: the word the query ends in, when nothing follows
 * it, or ''. */
/** `q` without the invisible marks of text direction (isolates,
 * embeddings, LRM/RLM): the page puts isolates around a query it shows,
 * and a reader may copy them back into the box with it. */
export function plainQuery(q) {
  return String(q || '').replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
}

/**
 * A query's exclusions, as search engines read them: a word or a quoted
 * phrase with a minus (`-`, `−`, or the `–` a word processor makes of
 * it) before it, at the start or after a space (`iran -nuclear`,
 * `-"supreme leader"`); a hyphen within a word (`al-Qaeda`, `sd-12`) is
 * the word's, and so is one glued to a closing quote. Returns {text: the
 * query without them, not: each exclusion as a query of its own: a word,
 * a quoted phrase (also for a word of several, `-al-qaeda`), or a
 * Persian word with its prefix or suffix typed apart (`-می خواهد`)}.
 */
export function exclusions(q) {
  var parts = halfWidth(String(q || '')).split(/["“”„«»]/);
  var not = [];
  var text = '';
  var minus = /^[-\u2212\u2013]/;
  var word = function (t) { return t && !/^\s+$/.test(t); };
  for (var i = 0; i < parts.length; i++) {
    if (i % 2 === 1) {
      text += '"' + parts[i] + (i + 1 < parts.length ? '"' : '');
      continue;
    }
    // Words at even indexes, the spaces between them at odd ones; the
    // first is glued to the quote before it, if any.
    var toks = parts[i].split(/(\s+)/);
    var out = '';
    for (var k = 0; k < toks.length; k++) {
      var t = toks[k];
      var free = k % 2 === 0 && (k > 0 || i === 0) && minus.test(t);
      if (free && t.length === 1 && i + 1 < parts.length && k === toks.length - 1) {
        // A minus just before a quote leaves the phrase out (the part
        // after it is outside quotes, as this one).
        not.push('"' + parts[i + 1] + '"');
        i++;
        out += ' ';
        break;
      }
      if (!free || t.length === 1) {
        out += t;
        continue;
      }
      var ws = surfaces(t.slice(1));
      var next = toks[k + 2];
      var nextWs = word(next) && !minus.test(next) ? surfaces(next) : [];
      if (ws.length === 1 && nextWs.length === 1 && affixRun([ws[0], nextWs[0]])) {
        not.push(t.slice(1) + ' ' + next);
        k += 2;
      } else if (ws.length > 1) {
        not.push('"' + t.slice(1) + '"');
      } else if (ws.length) {
        not.push(t.slice(1));
      }
    }
    text += out;
  }
  return { text: text, not: not };
}

/**
 * `OR` in capitals between two words: either will do (`qassem OR qasem
 * OR kassem`, the spellings of a transliterated name). Returns `part`
 * without its ORs, and links the words either side in `any` (groups of
 * surfaces). An OR beside a phrase or beside a word of several
 * (`al-Qaeda`) is dropped, both sides then required; one that ends the
 * part is dropped as well: the next word is still to be typed.
 */
function orWords(part, any) {
  var toks = part.split(/(\s+)/);
  var out = [];
  var prev = null;
  for (var i = 0; i < toks.length; i++) {
    var t = toks[i];
    if (t !== 'OR') {
      out.push(t);
      if (t && !/^\s+$/.test(t)) prev = t;
      continue;
    }
    var next = toks.slice(i + 1).filter(function (x) { return x && !/^\s+$/.test(x); })[0];
    var a = prev !== null ? surfaces(prev) : [];
    var b = next !== undefined && next !== 'OR' ? surfaces(next) : [];
    if (a.length === 1 && b.length === 1 && a[0] !== b[0]) linkEither(any, a[0], b[0]);
    // (The spaces around it stay: a word before it is finished.)
    out.push(' ');
  }
  return out.join('');
}

/** Puts `a` and `b` in one group of `any`, merging their groups. */
function linkEither(any, a, b) {
  var ga = any.filter(function (g) { return g.indexOf(a) >= 0; })[0];
  var gb = any.filter(function (g) { return g.indexOf(b) >= 0; })[0];
  if (ga && ga === gb) return;
  if (ga && gb) {
    gb.forEach(function (w) { ga.push(w); });
    any.splice(any.indexOf(gb), 1);
  } else if (ga) ga.push(b);
  else if (gb) gb.push(a);
  else any.push([a, b]);
}

export function parseQuery(q) {
  q = exclusions(halfWidth(plainQuery(q))).text;
  var any = [];
  var parts = q.split(/["“”„«»]/).map(function (part, i) { return i % 2 === 1 ? part : orWords(part, any); });
  var words = [];
  var phrases = [];
  var free = [];
  var joins = [];
  var phraseJoins = [];
  parts.forEach(function (part, i) {
    var ws = surfaces(part);
    if (i % 2 === 1 && ws.length > 1) phrases.push(ws);
    else ws.forEach(function (w) { if (free.indexOf(w) < 0) free.push(w); });
    ws.forEach(function (w) { if (words.indexOf(w) < 0) words.push(w); });
    joinRuns(ws).forEach(function (r) {
      var run = ws.slice(r.at, r.at + r.n);
      // In a phrase too, the words are required apart or joined.
      joins.push({ parts: run, joined: run.join('') });
      if (i % 2 === 1 && ws.length > 1) phraseJoins.push({ phrase: phrases.length - 1, at: r.at, n: r.n, joined: run.join('') });
    });
  });
  var key = asciiDigits(String(q || '').trim().toLowerCase());
  var idKey = key && !/[\s"“”„«»]/.test(key) ? key : '';
  // The word being typed: the last one, when nothing (no space, quote or
  // stop) follows it. Search completes it (see SearchIndex.lookup).
  var last = parts[parts.length - 1];
  var tail = parts.length % 2 === 1 && OPEN_END.test(last) ? surfaces(last) : [];
  var open = tail.length ? tail[tail.length - 1] : '';
  // (A word of an OR group joins no Persian pair: either is one word.)
  var grouped = [].concat.apply([], any);
  joins = joins.filter(function (j) { return !j.parts.some(function (w) { return grouped.indexOf(w) >= 0; }); });
  return { words: words, phrases: phrases, free: free, joins: joins, phraseJoins: phraseJoins, idKey: idKey, open: open, any: any };
}

/** Full-width ASCII (`ｄａｒｖａｎｄ`, `８６０５`, as East Asian input
 * methods type it) as ASCII, as the index has it (tokenize.rs
 * `push_script_normalized`). */
export function halfWidth(s) {
  return /[\uFF01-\uFF5E]/.test(s) ? s.replace(/[\uFF01-\uFF5E]/g, function (c) {
    return String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
  }) : s;
}

/** Arabic-Indic and Persian digits as ASCII ones, as the index has them. */
function asciiDigits(s) {
  return s.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, function (d) {
    return String(d.charCodeAt(0) & 0xF);
  });
}

// Words that mark the number after them as a dispatch's ("No. 12").
var NUMBER_WORDS = ['no', 'nr', 'number', 'num'];

/**
 * The dispatch a query names by its number, if it names one: `sd-12`,
 * `SD 12`, `sd12`, `#12`, `No. 12`, `Special Dispatch 12`,
 * `Special Dispatch No. 12` (as the site's citations write it), with
 * any digits. Returns null, or the ways to look it up, best first:
 * [{key: an index id key, span}, {number, before: the words before it,
 * end}] (the second for a series' title, which the index resolves with
 * the series facet). `span`: [start, end) of the query they cover, so
 * that the query's other words can be searched as words. A bare number
 * among other words ("harbour 2023") names a dispatch only when marked
 * so ("#", "No.") or joined to a prefix the index knows as an id.
 */
export function idReference(query) {
  query = plainQuery(query);
  var words = [];
  query.split(/["“”„«»]/).reduce(function (at, part, i) {
    // Not inside quotes: a quoted number is a phrase's word.
    if (i % 2 === 0) segmentWords(part).forEach(function (w) {
      var s = normalizeWord(w[0]);
      if (s) words.push({ s: s, start: at + w[1], end: at + w[1] + w[0].length });
    });
    return at + part.length + 1;
  }, 0);
  for (var i = 0; i < words.length; i++) {
    var w = words[i];
    var glued = /^(\D+?)(\d+)$/.exec(w.s);
    if (glued && NUMBER_WORDS.indexOf(glued[1]) < 0) {
      return { tries: [{ key: glued[1] + '-' + glued[2], span: [w.start, w.end] }] };
    }
    var digits = glued ? glued[2] : /^\d+$/.test(w.s) ? w.s : null;
    if (!digits) continue;
    var first = i;
    // A lone number is an id, unless it is a quantity (`10%`, `10°`).
    var quantity = /^[%‰°٪]/.test(query.slice(w.end).trim());
    var marked = !!glued || query.charAt(w.start - 1) === '#' || (words.length === 1 && !quantity);
    if (!glued && first > 0 && NUMBER_WORDS.indexOf(words[first - 1].s) >= 0) { first--; marked = true; }
    // Enough for a site's title and a series' before the number.
    var before = words.slice(Math.max(0, first - 12), first);
    var prefix = before[before.length - 1];
    var tries = [];
    if (prefix && /^\D+$/.test(prefix.s)) {
      tries.push({ key: prefix.s + '-' + digits, span: [prefix.start, w.end] });
      tries.push({ number: digits, before: before, end: w.end });
    }
    if (marked) tries.push({ key: digits, span: [words[first].start, w.end] });
    if (tries.length) return { tries: tries };
  }
  return null;
}
