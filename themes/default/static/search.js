/*! search.js: the browser side of annals' static full-text search.
 *
 * Reads the chunked index that `src/search/` writes under `<base>search/`
 * and fetches only the files a query touches: meta.json, the dictionary
 * chunk(s) holding the query words, their posting lists, positions only
 * for quoted phrases, and records only for the results shown.
 *
 * The index is keyed by normalized *surface forms*; each maps to the
 * stemmed term(s) the build produced, so no stemmer is needed here. The
 * normalization below is a twin of src/search/tokenize.rs: change both.
 *
 * Layout: a pure core (normalizing, decoding, ranking, faceting) that runs
 * in Node for tests, then the DOM app, which only starts where `document`
 * exists. The UI is built with createElement/textContent only.
 */
(function () {
  'use strict';

  var FORMAT_VERSION = 1;
  var PAGE = 20;
  var K1 = 1.2;
  var PHRASE_CAP = 2 * 1024 * 1024;
  var POW2 = new Float64Array(53).map(function (_, i) { return Math.pow(2, i); });

  // ---------------------------------------------------------------------
  // Normalization (twin of tokenize.rs)
  // ---------------------------------------------------------------------

  // Latin-1 Supplement / Latin Extended-A folds for U+00DF..U+017F; '-'
  // marks U+00F7 (division sign), which is kept.
  var LATIN_FOLD = ('ss a a a a a a ae c e e e e i i i i d n o o o o o - o u u u u y th y ' +
    'a a a a a a c c c c c c c c d d d d e e e e e e e e e e g g g g g g g g h h h h ' +
    'i i i i i i i i i i ij ij j j k k k l l l l l l l l l l n n n n n n n n n o o o o o o ' +
    'oe oe r r r r r r s s s s s s s s t t t t t t u u u u u u u u u u u u w w y y y ' +
    'z z z z z z s').split(' ');
  var GREEK_FOLD = {
    'ά': 'α', 'έ': 'ε', 'ή': 'η', 'ί': 'ι', 'ΐ': 'ι', 'ϊ': 'ι', 'ό': 'ο',
    'ύ': 'υ', 'ΰ': 'υ', 'ϋ': 'υ', 'ώ': 'ω', 'ς': 'σ'
  };

  /** Lowercase + script clean-up: what the stemmer would see. */
  function lowerWord(word) {
    var lower = word.toLowerCase();
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

  /** The surface form of one raw word, or '' when it is not indexable. */
  function normalizeWord(word) {
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
        out += GREEK_FOLD[ch] || ch;
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
  function unicodeRegExp(source, flags, fallback) {
    try {
      return new RegExp(source, flags + 'u');
    } catch (e) {
      return new RegExp(fallback, flags);
    }
  }
  var PER_CHAR_CLASS = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}]';
  var PER_CHAR_RANGES = '[\\u3040-\\u309F\\u3400-\\u9FFF\\u0E00-\\u0EFF\\u1780-\\u17FF\\u1000-\\u109F]';
  var WORD_CHARS = '[\\p{L}\\p{N}\\p{M}\\p{Pc}\\u200C\\u200D]';
  var WORD_RANGES = '[0-9A-Za-z_\\u00AA\\u00B5\\u00BA\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0300-\\u03FF\\u0400-\\u052F\\u0590-\\u05FF\\u0600-\\u06FF\\u0750-\\u077F\\u0900-\\u0DFF\\u1E00-\\u1FFF\\u200C\\u200D\\uAC00-\\uD7AF]';
  // Scripts that UAX #29 (the indexer) splits per character while ICU
  // splits them by dictionary: split them per character here too.
  var PER_CHAR = unicodeRegExp(PER_CHAR_CLASS, '', PER_CHAR_RANGES);
  var PER_CHAR_SPLIT = unicodeRegExp('(' + PER_CHAR_CLASS + '\\p{M}*)', '', '(' + PER_CHAR_RANGES + ')');
  var HAS_WORD_CHAR = unicodeRegExp('[\\p{L}\\p{N}]', '', WORD_RANGES);
  // Approximates UAX #29 (letters, digits, marks, joiners; apostrophes and
  // dots inside words) where Intl.Segmenter is missing or too slow.
  var FALLBACK_WORD = unicodeRegExp(WORD_CHARS + "+(?:['’.,]" + WORD_CHARS + '+)*', 'g',
    WORD_RANGES + "+(?:['’.,]" + WORD_RANGES + '+)*');

  /** Raw words of a text with their UTF-16 offsets: [[word, index], ...].
   * `approximate` skips Intl.Segmenter (slow per call) where exact parity
   * with the indexer does not matter, e.g. for highlighting. */
  function segmentWords(text, approximate) {
    var raw = [];
    if (segmenter && !approximate) {
      for (var s of segmenter.segment(text)) if (s.isWordLike) raw.push([s.segment, s.index]);
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
  function surfaces(text) {
    var out = [];
    segmentWords(text).forEach(function (w) {
      var s = normalizeWord(w[0]);
      if (s) out.push(s);
    });
    return out;
  }

  /** Splits a query into required words and quoted phrases. */
  function parseQuery(q) {
    var parts = String(q || '').split(/["“”„«»]/);
    var words = [];
    var phrases = [];
    var free = [];
    parts.forEach(function (part, i) {
      var ws = surfaces(part);
      if (i % 2 === 1 && ws.length > 1) phrases.push(ws);
      else ws.forEach(function (w) { if (free.indexOf(w) < 0) free.push(w); });
      ws.forEach(function (w) { if (words.indexOf(w) < 0) words.push(w); });
    });
    var key = String(q || '').trim().toLowerCase();
    var idKey = key && !/[\s"“”„«»]/.test(key) ? key : '';
    return { words: words, phrases: phrases, free: free, idKey: idKey };
  }

  // ---------------------------------------------------------------------
  // Decoding
  // ---------------------------------------------------------------------

  /** Code point order (the index's byte order), not UTF-16 unit order. */
  function compareKeys(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      var x = a.charCodeAt(i);
      var y = b.charCodeAt(i);
      if (x !== y) {
        if (x >= 0xD800 && y >= 0xD800) {
          x = x >= 0xE000 ? x - 0x800 : x + 0x2000;
          y = y >= 0xE000 ? y - 0x800 : y + 0x2000;
        }
        return x < y ? -1 : 1;
      }
    }
    return a.length - b.length;
  }

  function Reader(bytes) { this.b = bytes; this.at = 0; }
  Reader.prototype.varint = function () {
    var v = 0;
    var mul = 1;
    for (;;) {
      if (this.at >= this.b.length) throw new Error('truncated index file');
      var x = this.b[this.at++];
      v += (x & 0x7F) * mul;
      if (x < 0x80) return v;
      mul *= 128;
    }
  };
  Reader.prototype.bytes = function (n) {
    var s = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return s;
  };

  var utf8 = new TextDecoder();

  /** A dictionary chunk: {terms: [...], map: Map(surface -> {terms, ids})}. */
  function decodeDictChunk(bytes) {
    var r = new Reader(bytes);
    var terms = [];
    var nt = r.varint();
    for (var i = 0; i < nt; i++) {
      var name = utf8.decode(r.bytes(r.varint()));
      var df = r.varint();
      var t = { name: name, df: df, inline: null, post: null, pos: null, postings: null };
      if (r.varint() === 0) t.inline = r.bytes(r.varint());
      else t.post = [r.varint(), r.varint(), r.varint()];
      t.pos = [r.varint(), r.varint(), r.varint()];
      terms.push(t);
    }
    var map = new Map();
    var prev = new Uint8Array(0);
    var ns = r.varint();
    for (var j = 0; j < ns; j++) {
      var shared = r.varint();
      var suffix = r.bytes(r.varint());
      var key = new Uint8Array(shared + suffix.length);
      key.set(prev.subarray(0, shared));
      key.set(suffix, shared);
      prev = key;
      var refs = [];
      var n = r.varint();
      for (var k = 0; k < n; k++) refs.push(terms[r.varint()]);
      var ids = [];
      var doc = 0;
      var m = r.varint();
      for (var l = 0; l < m; l++) { doc += r.varint(); ids.push(doc); }
      map.set(utf8.decode(key), { terms: refs.filter(Boolean), ids: ids });
    }
    return { terms: terms, map: map };
  }

  /** A posting blob -> {docs: Uint32Array, impacts: Uint8Array}. */
  function decodePostings(bytes, df) {
    var r = new Reader(bytes);
    var mode = bytes[r.at++];
    var docs = new Uint32Array(df);
    var n = 0;
    if (mode === 2) {
      var first = r.varint();
      var nbytes = r.varint();
      for (var i = 0; i < nbytes && n < df; i++) {
        var byte = bytes[r.at + i];
        while (byte) {
          var bit = 31 - Math.clz32(byte & -byte);
          docs[n++] = first + i * 8 + bit;
          byte &= byte - 1;
        }
      }
      r.at += nbytes;
    } else {
      var doc = 0;
      for (; n < df; n++) { doc = n === 0 ? r.varint() : doc + r.varint(); docs[n] = doc; }
    }
    return { docs: docs, impacts: bytes.subarray(r.at, r.at + df) };
  }

  /** A facet doc set (base64 of mode byte + deltas | runs | bitmap). */
  function decodeDocSet(b64) {
    var bin = atob(b64);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    if (!bytes.length) return new Uint32Array(0);
    var r = new Reader(bytes);
    r.at = 1;
    var out = [];
    if (bytes[0] === 0) {
      var d = 0;
      while (r.at < bytes.length) { d = out.length ? d + r.varint() : r.varint(); out.push(d); }
    } else if (bytes[0] === 1) {
      var end = 0;
      while (r.at < bytes.length) {
        var start = end + r.varint();
        var len = r.varint() + 1;
        for (var k = 0; k < len; k++) out.push(start + k);
        end = start + len;
      }
    } else {
      return decodePostings(bytes, countBits(bytes)).docs;
    }
    return Uint32Array.from(out);
  }

  function countBits(bytes) {
    var r = new Reader(bytes);
    r.at = 1;
    r.varint();
    var n = r.varint();
    var c = 0;
    for (var i = 0; i < n; i++) { var x = bytes[r.at + i]; while (x) { x &= x - 1; c++; } }
    return c;
  }

  /**
   * Positions of a term for the docs in `wanted` (a Set): Map(doc -> [p]).
   * Per posting, byte-aligned: gamma count, Rice-coded gaps.
   */
  function decodePositions(bytes, postingDocs, posBits, wanted) {
    var out = new Map();
    var end = bytes.length * 8;
    var at = 0;
    var b = 0;
    // Plain locals, bit loops and a table of powers of two: Math.pow with a
    // variable exponent costs ~30 ns a call, ten times the whole bit step.
    for (var i = 0; i < postingDocs.length && at < end; i++) {
      var zeros = 0;
      while (at < end && ((bytes[at >> 3] >> (at & 7)) & 1) === 0 && zeros < 31) { zeros++; at++; }
      at++;
      // The bits below the gamma code's leading one, LSB first.
      var count = 0;
      for (b = 0; b < zeros; b++, at++) count += ((bytes[at >> 3] >> (at & 7)) & 1) * POW2[b];
      count += POW2[zeros];
      var k = Math.max(0, posBits - (31 - Math.clz32(count)));
      var keep = wanted.has(postingDocs[i]);
      var list = keep ? [] : null;
      var next = 0;
      for (var j = 0; j < count && at < end; j++) {
        var q = 0;
        while (q < 31 && at < end && ((bytes[at >> 3] >> (at & 7)) & 1) === 1) { q++; at++; }
        var width = k;
        var gap = 0;
        if (q === 31) { width = 32; } else { at++; gap = q * POW2[k]; }
        var w = at >> 3;
        if (width <= 24 && w + 3 < bytes.length) {
          // Fast path: the k low bits from one 32-bit window.
          gap += (((bytes[w] | (bytes[w + 1] << 8) | (bytes[w + 2] << 16) | (bytes[w + 3] << 24)) >>> (at & 7)) & (POW2[width] - 1));
          at += width;
        } else {
          for (b = 0; b < width; b++, at++) if ((bytes[at >> 3] >> (at & 7)) & 1) gap += POW2[b];
        }
        var p = next + gap;
        if (keep) list.push(p);
        next = p + 1;
      }
      if (keep) out.set(postingDocs[i], list);
      at = (at + 7) & ~7;
    }
    return out;
  }

  // ---------------------------------------------------------------------
  // The index
  // ---------------------------------------------------------------------

  /**
   * options.fetch(url) -> Promise of a Response-like ({ok, json(),
   * arrayBuffer()}); defaults to window.fetch. Every file is fetched once.
   */
  function SearchIndex(base, options) {
    this.base = base.replace(/\/?$/, '/');
    this.fetchFn = (options && options.fetch) || function (u) { return fetch(u); };
    this.files = new Map();
    this.chunks = new Map();
    this.bytesLoaded = 0;
  }

  SearchIndex.prototype.load = function (path, kind) {
    var self = this;
    if (!this.files.has(path)) {
      var p = Promise.resolve(this.fetchFn(this.base + path)).then(function (res) {
        if (!res.ok) throw new Error('could not load ' + path);
        return res.arrayBuffer();
      }).then(function (buf) {
        self.bytesLoaded += buf.byteLength;
        return kind === 'json' ? JSON.parse(utf8.decode(new Uint8Array(buf))) : new Uint8Array(buf);
      });
      p.catch(function () { self.files.delete(path); });
      this.files.set(path, p);
    }
    return this.files.get(path);
  };

  SearchIndex.prototype.meta = function () {
    return this.load('meta.json', 'json').then(function (meta) {
      if (meta.version !== FORMAT_VERSION) throw new Error('unsupported search index version');
      return meta;
    });
  };

  SearchIndex.prototype.chunk = function (meta, key) {
    var b = meta.dict;
    var lo = 0;
    var hi = b.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (compareKeys(b[mid], key) <= 0) lo = mid; else hi = mid - 1;
    }
    var self = this;
    if (!this.chunks.has(lo)) {
      this.chunks.set(lo, this.load('t/' + lo + '.bin').then(decodeDictChunk));
    }
    return this.chunks.get(lo).catch(function (e) { self.chunks.delete(lo); throw e; });
  };

  /** Terms for one surface; an unseen inflection falls back to the longest
   * stem in its chunk that prefixes it ("titles" -> "titl"). */
  SearchIndex.prototype.lookup = function (meta, word) {
    if (!meta.dict.length) return Promise.resolve({ terms: [], ids: [] });
    return this.chunk(meta, word).then(function (c) {
      var e = c.map.get(word);
      if (e && e.terms.length) return e;
      var best = null;
      var wl = Array.from(word).length;
      c.terms.forEach(function (t) {
        var tl = Array.from(t.name).length;
        if (tl >= 3 && wl - tl <= 4 && word.startsWith(t.name) && (!best || t.name.length > best.name.length)) best = t;
      });
      return { terms: best ? [best] : [], ids: e ? e.ids : [] };
    });
  };

  SearchIndex.prototype.postings = function (t) {
    if (!t.postings) {
      t.postings = t.inline
        ? Promise.resolve(decodePostings(t.inline, t.df))
        : this.load('p/' + t.post[0] + '.bin').then(function (file) {
          return decodePostings(file.subarray(t.post[1], t.post[1] + t.post[2]), t.df);
        });
    }
    return t.postings;
  };

  SearchIndex.prototype.positions = function (t) {
    return this.load('x/' + t.pos[0] + '.bin').then(function (file) {
      return file.subarray(t.pos[1], t.pos[1] + t.pos[2]);
    });
  };

  /**
   * Matches a query: {docs: Uint32Array, scores: Float32Array (per doc id),
   * pinned: [doc ids], words, stems, unchecked}. All words are required;
   * quoted phrases are verified with positions, within PHRASE_CAP unless
   * `options.exact` (see verifyPhrase; `unchecked` lists the phrases
   * that were not); BM25 scores come from df and the per-posting impact
   * bytes.
   */
  SearchIndex.prototype.match = function (query, options) {
    var self = this;
    var q = parseQuery(query);
    var exact = !!(options && options.exact);
    return this.meta().then(function (meta) {
      var N = meta.docs;
      var lookups = q.words.map(function (w) { return self.lookup(meta, w); });
      var idLookup = q.idKey && meta.dict.length
        ? self.chunk(meta, q.idKey).then(function (c) { var e = c.map.get(q.idKey); return e ? e.ids : []; })
        : Promise.resolve([]);
      return Promise.all([Promise.all(lookups), idLookup]).then(function (found) {
        var entries = found[0];
        var pinned = found[1].filter(function (d) { return d < N; });
        var empty = { docs: new Uint32Array(0), scores: new Float32Array(0), pinned: pinned, words: q.words, free: q.free, phrases: q.phrases, stems: [], unchecked: [] };
        if (!q.words.length || entries.some(function (e) { return !e.terms.length; })) return empty;
        return Promise.all(entries.map(function (e) {
          return Promise.all(e.terms.map(function (t) { return self.postings(t); }));
        })).then(function (lists) {
          var res = score(N, entries, lists);
          res.pinned = pinned;
          res.words = q.words;
          res.free = q.free;
          res.phrases = q.phrases;
          res.stems = [];
          res.unchecked = [];
          entries.forEach(function (e) { e.terms.forEach(function (t) { res.stems.push(t.name); }); });
          if (!q.phrases.length || !res.docs.length) return res;
          return self.verifyPhrases(meta, q, entries, lists, res, exact);
        });
      });
    });
  };

  function score(N, entries, lists) {
    var scores = new Float32Array(N);
    var hits = new Uint8Array(N);
    var best = null;
    entries.forEach(function (e, w) {
      var single = e.terms.length === 1;
      if (!single) best = best ? (best.fill(0), best) : new Float32Array(N);
      e.terms.forEach(function (t, i) {
        var idf = Math.log(1 + (N - t.df + 0.5) / (t.df + 0.5)) * (K1 + 1) / 255;
        var p = lists[w][i];
        for (var j = 0; j < p.docs.length; j++) {
          var d = p.docs[j];
          if (d >= N) continue;
          var s = idf * p.impacts[j];
          if (single) { scores[d] += s; hits[d]++; } else if (s > best[d]) best[d] = s;
        }
      });
      if (!single) {
        for (var d = 0; d < N; d++) if (best[d] > 0) { scores[d] += best[d]; hits[d]++; }
      }
    });
    var W = entries.length;
    var count = 0;
    for (var d = 0; d < N; d++) if (hits[d] === W) count++;
    var docs = new Uint32Array(count);
    var n = 0;
    for (var e = 0; e < N; e++) if (hits[e] === W) docs[n++] = e;
    return { docs: docs, scores: scores };
  }

  /** Keeps docs where every phrase occurs with its words adjacent. To
   * bound downloads, a word whose positions exceed PHRASE_CAP is a
   * wildcard at its offset (only very common words, e.g. "the" in a big
   * archive), unless `exact`. Positions say nothing about adjacency unless
   * two words are checked, so a phrase with fewer than two such words (a
   * quoted single word, or one of very common words only) downloads none
   * and is matched as its words, which every result already has; a
   * phrase of two words or more left so is listed in `res.unchecked`
   * with what checking it would download, for the reader to decide. */
  SearchIndex.prototype.verifyPhrases = function (meta, q, entries, lists, res, exact) {
    var self = this;
    return q.phrases.reduce(function (done, phrase) {
      return done.then(function (alive) {
        return self.verifyPhrase(meta, q, entries, lists, phrase, alive, exact, res.unchecked);
      });
    }, Promise.resolve(res.docs)).then(function (docs) {
      res.docs = docs;
      return res;
    });
  };

  SearchIndex.prototype.verifyPhrase = function (meta, q, entries, lists, phrase, alive, exact, unchecked) {
    var self = this;
    var all = phrase.map(function (w, off) {
      var wi = q.words.indexOf(w);
      var size = entries[wi].terms.reduce(function (a, t) { return a + t.pos[2]; }, 0);
      return { wi: wi, off: off, size: size };
    }).sort(function (a, b) { return a.size - b.size; });
    var words = exact ? all : all.filter(function (x) { return x.size <= PHRASE_CAP; });
    if (words.length < 2) {
      if (all.length >= 2) {
        // A word repeated in the phrase downloads once.
        var bytes = new Map();
        all.forEach(function (x) { bytes.set(x.wi, x.size); });
        var total = 0;
        bytes.forEach(function (b) { total += b; });
        unchecked.push({ phrase: phrase.join(' '), bytes: total });
      }
      return Promise.resolve(alive);
    }
    return Promise.all(words.map(function (x) {
      return Promise.all(entries[x.wi].terms.map(function (t) { return self.positions(t); }));
    })).then(function (blobs) {
      // Rarest word first; each further word only decodes for the docs
      // still alive, and `starts` keeps the phrase starts consistent
      // with every word checked so far.
      var starts = new Map();
      var cand = alive;
      words.forEach(function (x, i) {
        var wanted = new Set(cand);
        var found = new Map();
        entries[x.wi].terms.forEach(function (t, ti) {
          decodePositions(blobs[i][ti], lists[x.wi][ti].docs, meta.pos_bits, wanted).forEach(function (ps, d) {
            var prev = found.get(d);
            found.set(d, prev ? prev.concat(ps).sort(function (a, b) { return a - b; }) : ps);
          });
        });
        var next = [];
        cand.forEach(function (d) {
          var ps = found.get(d);
          if (!ps) return;
          var ok = i === 0
            ? ps.map(function (p) { return p - x.off; }).filter(function (s) { return s >= 0; })
            : starts.get(d).filter(function (s) { return sortedHas(ps, s + x.off); });
          if (ok.length) { starts.set(d, ok); next.push(d); }
        });
        cand = next;
      });
      return Uint32Array.from(cand);
    });
  };

  function sortedHas(list, v) {
    var lo = 0;
    var hi = list.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] === v) return true;
      if (list[mid] < v) lo = mid + 1; else hi = mid - 1;
    }
    return false;
  }

  /** Facet groups for `keys` (all when omitted), in meta order:
   * [{key, title, values: [{value, name, count, docs: Uint32Array}]}]. */
  SearchIndex.prototype.facets = function (keys) {
    var self = this;
    this.facetCache = this.facetCache || new Map();
    return this.meta().then(function (meta) {
      return Promise.all(meta.facets.filter(function (f) {
        return !keys || keys.indexOf(f.key) >= 0;
      }).map(function (f) {
        if (!self.facetCache.has(f.key)) {
          var p = self.load(f.file, 'json').then(function (data) {
            return {
              key: f.key,
              title: f.title,
              values: data.terms.map(function (t) {
                return { value: t.value, name: t.name, count: t.count, docs: decodeDocSet(t.docs) };
              })
            };
          });
          p.catch(function () { self.facetCache.delete(f.key); });
          self.facetCache.set(f.key, p);
        }
        return self.facetCache.get(f.key);
      }));
    });
  };

  /** Records for doc ids, in the same order. */
  SearchIndex.prototype.records = function (docs) {
    var self = this;
    return this.meta().then(function (meta) {
      var per = meta.docs_per_chunk;
      return Promise.all(docs.map(function (d) {
        return self.load('d/' + Math.floor(d / per) + '.json', 'json').then(function (chunk) {
          return chunk[d % per];
        });
      }));
    });
  };

  // ---------------------------------------------------------------------
  // Filtering, facet counts, ordering (pure)
  // ---------------------------------------------------------------------

  /**
   * Applies facet selections to a base set and counts facet values.
   * `base`: Uint32Array of doc ids, or null for "all docs". `selected`:
   * {facetKey: [values]}. Counts are disjunctive: a group's counts ignore
   * that group's own selection, so ticking a second box shows what it adds.
   * Returns {docs: Uint32Array ascending, counts: {key: Map(value -> n)}}.
   */
  function applyFacets(N, base, groups, selected) {
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
   * (docs are numbered in date order, so by id, newest first). */
  function topDocs(docs, scores, k, byDate) {
    if (byDate || !scores) {
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
   * resolves to {ordered: [doc ids], total, counts, match, base, N}.
   * `limit` bounds how many ordered docs are produced; pinned id matches
   * come first. Facet files are only awaited when a facet is selected;
   * otherwise counts is null and `base` (null: all docs) lets the caller
   * count once the facets arrive.
   */
  function runSearch(index, state, limit) {
    var q = (state.q || '').trim();
    var selected = state.facets || {};
    var anyFacet = Object.keys(selected).some(function (k) { return selected[k].length; });
    return Promise.all([
      index.meta(),
      q ? index.match(q, { exact: state.exactQ === q }) : Promise.resolve(null),
      anyFacet ? index.facets(Object.keys(selected)) : Promise.resolve(null)
    ]).then(function (r) {
      var meta = r[0];
      var match = r[1];
      if (!match && !anyFacet) return { ordered: [], total: 0, counts: null, match: null, base: null, N: meta.docs, idle: true };
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
      var filtered = applyFacets(meta.docs, base, r[2], selected);
      var kept = new Set(filtered.docs);
      var pinned = match ? match.pinned.filter(function (d) { return kept.has(d); }) : [];
      var rest = filtered.docs;
      if (pinned.length) rest = rest.filter(function (d) { return pinned.indexOf(d) < 0; });
      var byDate = state.sort === 'date' || !match;
      var ordered = pinned.concat(topDocs(rest, match ? match.scores : null, Math.max(0, limit - pinned.length), byDate));
      return {
        ordered: ordered,
        total: filtered.docs.length,
        counts: r[2] ? filtered.counts : null,
        match: match,
        base: base,
        N: meta.docs
      };
    });
  }

  /**
   * Where the matched words are in a text: [[start, end], ...]. A word is
   * matched when its surface is a query word or shares a matched stem with
   * it (so "running" is marked for "runs"): no stemmer needed.
   */
  function findHits(text, match) {
    if (!match || !match.words.length) return [];
    var stems = match.stems.filter(function (st) { return Array.from(st).length >= 3; });
    function same(s, w) {
      return s === w || stems.some(function (st) { return s.startsWith(st) && w.startsWith(st); });
    }
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

  /** Splits text[start, end) into [{text, mark}] pieces around hits. */
  function pieces(text, hits, start, end) {
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
  function highlight(text, match) {
    text = String(text || '');
    return pieces(text, findHits(text, match), 0, text.length);
  }

  /** An excerpt of a record's summary and body start, as [{text, mark}],
   * windowed around the first matched word. */
  function excerpt(record, match, maxChars) {
    maxChars = maxChars || 240;
    var text = [record.summary, record.text].filter(Boolean).join(' ');
    var hits = findHits(text, match);
    var start = 0;
    if (hits.length && hits[0][0] > maxChars / 3) {
      start = text.lastIndexOf(' ', hits[0][0] - Math.floor(maxChars / 4));
      start = start < 0 ? 0 : start + 1;
    }
    var end = Math.min(text.length, start + maxChars);
    if (end < text.length) {
      var sp = text.lastIndexOf(' ', end);
      if (sp > start + maxChars / 2) end = sp;
    }
    var out = pieces(text, hits, start, end);
    if (start > 0) out.unshift({ text: '… ', mark: false });
    if (end < text.length) out.push({ text: ' …', mark: false });
    return out;
  }

  /** URL query string <-> state. Facet keys come from meta. */
  function stateFromParams(params, facetKeys) {
    var state = { q: params.get('q') || '', sort: params.get('sort') === 'date' ? 'date' : 'relevance', facets: {} };
    facetKeys.forEach(function (k) {
      var vs = params.getAll(k).filter(Boolean);
      if (vs.length) state.facets[k] = vs;
    });
    return state;
  }

  function paramsFromState(state) {
    var p = new URLSearchParams();
    if (state.q) p.set('q', state.q);
    Object.keys(state.facets).forEach(function (k) {
      state.facets[k].forEach(function (v) { p.append(k, v); });
    });
    if (state.sort === 'date') p.set('sort', 'date');
    return p;
  }

  /**
   * The query string a result link carries to its page, so the page can
   * mark the matched words: the query (`highlight`) and the stems it
   * matched (`highlight-stem`), which mark inflected forms the way the
   * excerpts do. Empty when nothing was matched by words.
   */
  function highlightParams(q, match) {
    if (!q || !match || !match.words.length) return '';
    var p = new URLSearchParams();
    p.set('highlight', q);
    match.stems.forEach(function (st) { if (p.getAll('highlight-stem').indexOf(st) < 0) p.append('highlight-stem', st); });
    return '?' + p.toString();
  }

  /** The `highlight` parameter, capped: a link can say anything, and
   * marking costs a pass over the page per word. */
  function highlightText(params) {
    return (params.get('highlight') || '').slice(0, 500);
  }

  /** What `highlightParams` wrote, as a match for `findHits` (or null),
   * at most 16 words, phrases and stems of each kind. */
  function matchFromParams(params) {
    var q = parseQuery(highlightText(params));
    if (!q.words.length) return null;
    var cap = function (list) { return list.slice(0, 16); };
    return { words: cap(q.words), free: cap(q.free), phrases: cap(q.phrases), stems: cap(params.getAll('highlight-stem')) };
  }

  var core = {
    normalizeWord: normalizeWord,
    segmentWords: segmentWords,
    surfaces: surfaces,
    parseQuery: parseQuery,
    compareKeys: compareKeys,
    decodeDictChunk: decodeDictChunk,
    decodePostings: decodePostings,
    decodeDocSet: decodeDocSet,
    decodePositions: decodePositions,
    SearchIndex: SearchIndex,
    applyFacets: applyFacets,
    topDocs: topDocs,
    runSearch: runSearch,
    excerpt: excerpt,
    highlight: highlight,
    findHits: findHits,
    highlightParams: highlightParams,
    matchFromParams: matchFromParams,
    stateFromParams: stateFromParams,
    paramsFromState: paramsFromState
  };

  if (typeof module !== 'undefined' && module.exports) module.exports = core;
  if (typeof document === 'undefined') return;

  // ---------------------------------------------------------------------
  // The search page UI (browser only)
  // ---------------------------------------------------------------------

  var TEXT = {
    search: 'Search the archive',
    button: 'Search',
    sort: 'Sort by',
    relevance: 'Relevance',
    date: 'Newest first',
    filters: 'Filters',
    filtersOn: 'Filters ({n} on)',
    more: 'More results',
    showAll: 'Show all',
    showFewer: 'Show fewer',
    load: 'Show options',
    number: 'No.',
    idle: 'Type a search term or choose a filter.',
    loading: 'Searching…',
    none: 'No results.',
    one: '1 result',
    many: '{n} results',
    showing: 'Showing {n} of {total}',
    unchecked: '{phrases} was not checked as an exact phrase: its words are so common that checking downloads {size}. These results contain the words in any order.',
    checkPhrase: 'Check the exact phrase',
    error: 'Search is unavailable: the index could not be loaded.'
  };
  var FACET_LIMIT = 10;
  // Facet files load with the first results, smallest first, while they
  // fit this budget; the others when their group is opened. (A first
  // query on a 100k archive must stay under 300 KB in all, and its big
  // facet files alone would take half of that.)
  var EAGER_FACET_BYTES = 80 * 1024;

  /** "850 KB", "36.2 MB": the size of a download, for the reader. */
  function formatBytes(n) {
    if (n < 1024 * 1024) return Math.max(1, Math.round(n / 1024)).toLocaleString() + ' KB';
    return (n / 1024 / 1024).toLocaleString(undefined, { maximumFractionDigits: 1 }) + ' MB';
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function appendPieces(node, list) {
    list.forEach(function (piece) {
      node.appendChild(piece.mark ? el('mark', {}, piece.text) : document.createTextNode(piece.text));
    });
  }

  function jsonAttr(node, name) {
    try { return JSON.parse(node.getAttribute(name) || '{}') || {}; } catch (e) { return {}; }
  }

  function mount(root) {
    var text = Object.assign({}, TEXT, jsonAttr(root, 'data-labels'));
    var facetTitles = jsonAttr(root, 'data-facet-titles');
    var base = (root.getAttribute('data-base') || '/').replace(/\/?$/, '/');
    var index = new SearchIndex(root.getAttribute('data-index') || base + 'search/');
    var state = { q: '', sort: 'relevance', facets: {} };
    var facetKeys = [];
    var shown = PAGE;
    var generation = 0;
    var expanded = {};
    var timer = null;
    var lastRes = null;
    var metaFacets = [];
    var open = new Set();

    // Static skeleton: a real form so Enter works without script tricks.
    var form = el('form', { class: 'search-form', role: 'search', action: '' });
    var qLabel = el('label', { for: 'search-q', class: 'search-label' }, text.search);
    var input = el('input', { id: 'search-q', name: 'q', type: 'search', autocomplete: 'off', spellcheck: 'false' });
    var submit = el('button', { type: 'submit', class: 'search-submit' }, text.button);
    var sortLabel = el('label', { for: 'search-sort', class: 'search-label' }, text.sort);
    var sort = el('select', { id: 'search-sort', name: 'sort' });
    sort.appendChild(el('option', { value: 'relevance' }, text.relevance));
    sort.appendChild(el('option', { value: 'date' }, text.date));
    var qRow = el('div', { class: 'search-row' });
    qRow.append(qLabel, input, submit);
    var sortRow = el('div', { class: 'search-row' });
    sortRow.append(sortLabel, sort);
    form.append(qRow, sortRow);

    var status = el('p', { id: 'search-status', class: 'search-status', role: 'status', 'aria-live': 'polite' });
    var notice = el('p', { id: 'search-notice', class: 'search-notice', hidden: '' });
    var noticeText = el('span', {});
    var check = el('button', { type: 'button', class: 'search-check' });
    notice.append(noticeText, ' ', check);
    var layout = el('div', { class: 'search-layout' });
    var facetsBox = el('section', { class: 'search-facets', 'aria-label': text.filters });
    var main = el('section', { class: 'search-main' });
    var count = el('p', { id: 'search-count', class: 'search-count' });
    var list = el('ol', { class: 'search-results' });
    var more = el('button', { type: 'button', class: 'search-more', hidden: '' }, text.more);
    main.append(count, list, more);
    // On a narrow screen the filters come first in a single column, and
    // would push the results below the fold: there they start folded.
    var filters = el('details', { class: 'search-filters' });
    var summary = el('summary', { class: 'search-filters-summary' }, text.filters);
    filters.append(summary, facetsBox);
    var narrow = window.matchMedia('(max-width: 48rem)');
    filters.open = !narrow.matches;
    narrow.addEventListener('change', function () { if (!narrow.matches) filters.open = true; });
    layout.append(filters, main);
    root.textContent = '';
    root.append(form, status, notice, layout);

    function plural(n) {
      return n === 1 ? text.one : text.many.replace('{n}', n.toLocaleString());
    }

    function readUrl() {
      state = stateFromParams(new URLSearchParams(location.search), facetKeys);
      boxes.forEach(function (b) { b.value = state.q; });
      sort.value = state.sort;
    }

    function writeUrl(push) {
      var qs = paramsFromState(state).toString();
      var url = location.pathname + (qs ? '?' + qs : '') + location.hash;
      if (url === location.pathname + location.search + location.hash) return;
      history[push ? 'pushState' : 'replaceState'](null, '', url);
    }

    function update(push) {
      writeUrl(push);
      shown = PAGE;
      run();
    }

    function run() {
      var gen = ++generation;
      status.textContent = text.loading;
      root.setAttribute('aria-busy', 'true');
      runSearch(index, state, shown).then(function (res) {
        if (gen !== generation) return null;
        return index.records(res.ordered).then(function (records) {
          if (gen !== generation) return;
          render(res, records);
          lastRes = res;
          return refreshFacets(gen);
        });
      }).catch(function () {
        if (gen !== generation) return;
        status.textContent = text.error;
      }).then(function () {
        if (gen === generation) root.removeAttribute('aria-busy');
      });
    }

    // Facet files load once and may trail the first results. Big ones
    // (people in a 100k archive) wait until their group is opened.
    function refreshFacets(gen) {
      Object.keys(state.facets).forEach(function (k) { open.add(k); });
      var keys = metaFacets.filter(function (f) { return open.has(f.key); }).map(function (f) { return f.key; });
      return index.facets(keys).then(function (groups) {
        if (gen !== generation || !lastRes) return;
        renderFacets(groups, applyFacets(lastRes.N, lastRes.base, groups, state.facets).counts);
      });
    }

    function render(res, records) {
      list.textContent = '';
      // Folded filters still say how many are on.
      var on = Object.keys(state.facets).reduce(function (n, k) { return n + state.facets[k].length; }, 0);
      summary.textContent = on ? text.filtersOn.replace('{n}', on.toLocaleString()) : text.filters;
      renderNotice(res.match);
      if (res.idle) {
        count.textContent = '';
        status.textContent = text.idle;
        more.hidden = true;
        return;
      }
      // The status line says how many in all; this one what the list holds.
      count.textContent = !res.total ? ''
        : res.ordered.length < res.total
          ? text.showing.replace('{n}', res.ordered.length.toLocaleString()).replace('{total}', res.total.toLocaleString())
          : plural(res.total);
      // A query that is one quoted phrase already shows its quotes.
      var q = (state.q || '').trim();
      var shownQ = /^"[^"]*"$/.test(q) ? q : '“' + q + '”';
      status.textContent = res.total ? plural(res.total) + (q ? ' — ' + shownQ : '') : text.none;
      records.forEach(function (rec) {
        if (!rec) return;
        var li = el('li', { class: 'search-result' });
        var h = el('h2', { class: 'search-result-heading' });
        var a = el('a', { class: 'search-result-title', href: base + rec.url + highlightParams(state.q, res.match) });
        appendPieces(a, highlight(rec.title || rec.id, res.match));
        h.appendChild(a);
        li.appendChild(h);
        var meta = el('p', { class: 'search-result-meta' });
        var label = rec.series_title || '';
        if (rec.number !== undefined && rec.number !== null) label += (label ? ' ' : '') + text.number + ' ' + rec.number;
        if (label) meta.appendChild(el('span', { class: 'search-result-series' }, label));
        if (rec.date) {
          if (label) meta.appendChild(document.createTextNode(' · '));
          meta.appendChild(el('time', { datetime: rec.date }, rec.date));
        }
        li.appendChild(meta);
        var ex = el('p', { class: 'search-result-excerpt' });
        appendPieces(ex, excerpt(rec, res.match));
        li.appendChild(ex);
        list.appendChild(li);
      });
      more.hidden = res.ordered.length >= res.total;
    }

    // Phrases too common to check within PHRASE_CAP: the reader is told,
    // and may check them in full.
    function renderNotice(match) {
      var unchecked = match ? match.unchecked : [];
      notice.hidden = !unchecked.length;
      if (!unchecked.length) return;
      var phrases = unchecked.map(function (u) { return '“' + u.phrase + '”'; }).join(', ');
      var bytes = unchecked.reduce(function (a, u) { return a + u.bytes; }, 0);
      noticeText.textContent = text.unchecked.replace('{phrases}', phrases).replace('{size}', formatBytes(bytes));
      check.textContent = text.checkPhrase;
    }

    function renderFacets(groups, counts) {
      var focused = document.activeElement;
      var refocus = focused && focused.getAttribute && focused.getAttribute('data-facet')
        ? [focused.getAttribute('data-facet'), focused.value] : null;
      var refocusAttr = ['data-facet-toggle', 'data-facet-load'].filter(function (a) {
        return focused && focused.getAttribute && focused.getAttribute(a);
      })[0];
      facetsBox.textContent = '';
      metaFacets.forEach(function (f) {
        var g = groups.filter(function (x) { return x.key === f.key; })[0];
        if (!g) {
          var closed = el('fieldset', { class: 'search-facet', 'data-facet-group': f.key });
          closed.appendChild(el('legend', {}, facetTitles[f.key] || f.title));
          closed.appendChild(el('button', { type: 'button', class: 'facet-toggle', 'data-facet-load': f.key, 'aria-expanded': 'false' }, text.load));
          facetsBox.appendChild(closed);
          return;
        }
        var selected = state.facets[g.key] || [];
        var c = counts[g.key] || new Map();
        var values = g.values.filter(function (v) {
          return (c.get(v.value) || 0) > 0 || selected.indexOf(v.value) >= 0;
        });
        if (!values.length) return;
        values.sort(g.key === 'year'
          ? function (a, b) { return a.value < b.value ? 1 : -1; }
          : function (a, b) { return (c.get(b.value) || 0) - (c.get(a.value) || 0) || a.name.localeCompare(b.name); });
        var fs = el('fieldset', { class: 'search-facet', 'data-facet-group': g.key });
        fs.appendChild(el('legend', {}, facetTitles[g.key] || g.title));
        var ul = el('ul', {});
        var limit = expanded[g.key] ? Infinity : FACET_LIMIT;
        values.forEach(function (v, i) {
          if (i >= limit && selected.indexOf(v.value) < 0) return;
          var li = el('li', {});
          var label = el('label', {});
          var box = el('input', { type: 'checkbox', 'data-facet': g.key, value: v.value });
          box.checked = selected.indexOf(v.value) >= 0;
          label.append(box, ' ', el('span', { class: 'facet-name' }, v.name), ' ',
            el('span', { class: 'facet-count' }, c.get(v.value) || 0));
          li.appendChild(label);
          ul.appendChild(li);
        });
        fs.appendChild(ul);
        if (values.length > FACET_LIMIT) {
          var toggle = el('button', { type: 'button', class: 'facet-toggle', 'data-facet-toggle': g.key, 'aria-expanded': String(!!expanded[g.key]) },
            expanded[g.key] ? text.showFewer : text.showAll + ' (' + values.length + ')');
          fs.appendChild(toggle);
        }
        facetsBox.appendChild(fs);
      });
      if (refocus) {
        var again = facetsBox.querySelector('input[data-facet="' + CSS.escape(refocus[0]) + '"][value="' + CSS.escape(refocus[1]) + '"]');
        if (again) again.focus();
      } else if (refocusAttr) {
        var key = focused.getAttribute(refocusAttr);
        // After loading a group, focus moves to its first checkbox.
        var t = facetsBox.querySelector('[data-facet-toggle="' + CSS.escape(key) + '"]') ||
          facetsBox.querySelector('input[data-facet="' + CSS.escape(key) + '"]');
        if (t) t.focus();
      }
    }

    // The theme's site-wide search box (form.search-box) also drives this
    // page, so typing there searches in place instead of reloading.
    var boxes = [input];
    Array.prototype.forEach.call(document.querySelectorAll('form.search-box'), function (f) {
      if (root.contains(f)) return;
      var other = f.querySelector('input[name="q"]');
      if (!other) return;
      boxes.push(other);
      f.addEventListener('submit', function (ev) {
        ev.preventDefault();
        submitFrom(other);
      });
    });
    function syncBoxes(from) {
      boxes.forEach(function (b) { if (b !== from) b.value = from.value; });
    }
    function submitFrom(box) {
      clearTimeout(timer);
      syncBoxes(box);
      state.q = box.value;
      update(true);
    }
    boxes.forEach(function (box) {
      box.addEventListener('input', function () {
        syncBoxes(box);
        clearTimeout(timer);
        timer = setTimeout(function () {
          state.q = box.value;
          update(false);
        }, 150);
      });
    });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      submitFrom(input);
    });
    sort.addEventListener('change', function () {
      state.sort = sort.value === 'date' ? 'date' : 'relevance';
      update(true);
    });
    facetsBox.addEventListener('change', function (ev) {
      var box = ev.target;
      var key = box.getAttribute && box.getAttribute('data-facet');
      if (!key) return;
      var vs = (state.facets[key] || []).filter(function (v) { return v !== box.value; });
      if (box.checked) vs.push(box.value);
      if (vs.length) state.facets[key] = vs; else delete state.facets[key];
      update(true);
    });
    facetsBox.addEventListener('click', function (ev) {
      var t = ev.target;
      var load = t.getAttribute && t.getAttribute('data-facet-load');
      var toggle = t.getAttribute && t.getAttribute('data-facet-toggle');
      if (load) open.add(load);
      else if (toggle) expanded[toggle] = !expanded[toggle];
      else return;
      refreshFacets(generation).catch(function () { status.textContent = text.error; });
    });
    check.addEventListener('click', function () {
      state.exactQ = (state.q || '').trim();
      run();
      // The button goes away with the notice: keep the keyboard in the list.
      input.focus();
    });
    more.addEventListener('click', function () {
      shown += PAGE;
      var before = list.children.length;
      var gen = generation;
      runSearch(index, state, shown).then(function (res) {
        return index.records(res.ordered).then(function (records) {
          if (gen !== generation) return;
          render(res, records);
          // Keep keyboard users where they were: on the first new result.
          var next = list.children[before] && list.children[before].querySelector('a');
          if (next) next.focus();
        });
      }).catch(function () { status.textContent = text.error; });
    });
    window.addEventListener('popstate', function () {
      readUrl();
      shown = PAGE;
      run();
    });

    index.meta().then(function (meta) {
      metaFacets = meta.facets;
      facetKeys = meta.facets.map(function (f) { return f.key; });
      var budget = EAGER_FACET_BYTES;
      meta.facets.slice().sort(function (a, b) { return (a.bytes || 0) - (b.bytes || 0); })
        .forEach(function (f) {
          if ((f.bytes || 0) > budget) return;
          budget -= f.bytes || 0;
          open.add(f.key);
        });
      readUrl();
      run();
    }).catch(function () { status.textContent = text.error; });
  }

  // ---------------------------------------------------------------------
  // Marking a result's words on its page (a link from the results)
  // ---------------------------------------------------------------------

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
      .replace('{n}', marks.length.toLocaleString()).replace('{q}', q);
    var bar = el('div', { class: 'search-hits', role: 'status' });
    bar.appendChild(el('span', {}, say));
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
      url.searchParams.delete('highlight-stem');
      history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    });
  }

  function start() {
    var root = document.getElementById('search-app');
    if (root) { mount(root); return; }
    var params = new URLSearchParams(location.search);
    if (params.has('highlight')) markPage(params);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
