/*! search-index.js: fetching and matching the static index (its files
 * are decoded by search-decode.js).
 *
 * Reads the chunked index that `src/search/` writes under `<base>search/`
 * and fetches only the files a query touches: meta.json, the dictionary
 * chunk(s) holding the query words, their posting lists, positions only
 * for quoted phrases, and records only for the results shown. Every file
 * is fetched once per page.
 */

import { compareKeys, decodeDictChunk, decodeDocSet, decodePositions, decodePostings } from './search-decode.js';
import { nearestWord } from './search-spell.js';
import { idReference, parseQuery, surfaces } from './search-text.js';

var FORMAT_VERSION = 1;
var K1 = 1.2;
var PHRASE_CAP = 2 * 1024 * 1024;
// Completing a word being typed (see completions): from 3 letters, at
// most 16 words and 128 KB of posting files, within 2 dictionary chunks.
var PREFIX_MIN = 3;
var PREFIX_TERMS = 16;
var PREFIX_BYTES = 128 * 1024;
var PREFIX_CHUNKS = 2;
// Posting lists under this size share files of up to this size
// (POST_PACK in src/search/write.rs).
var POST_PACK = 32 * 1024;
var utf8 = new TextDecoder();

/**
 * options.fetch(url) -> Promise of a Response-like ({ok, json(),
 * arrayBuffer()}); defaults to window.fetch. Every file is fetched once.
 */
export function SearchIndex(base, options) {
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

/** The number of the dictionary chunk that holds `key`'s place. */
function chunkNumber(meta, key) {
  var b = meta.dict;
  var lo = 0;
  var hi = b.length - 1;
  while (lo < hi) {
    var mid = (lo + hi + 1) >> 1;
    if (compareKeys(b[mid], key) <= 0) lo = mid; else hi = mid - 1;
  }
  return lo;
}

SearchIndex.prototype.chunk = function (meta, key) {
  return this.chunkAt(chunkNumber(meta, key));
};

SearchIndex.prototype.chunkAt = function (n) {
  var self = this;
  if (!this.chunks.has(n)) {
    this.chunks.set(n, this.load('t/' + n + '.bin').then(decodeDictChunk));
  }
  return this.chunks.get(n).catch(function (e) { self.chunks.delete(n); throw e; });
};

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
SearchIndex.prototype.withForms = function (meta, found, c, own, unseen) {
  var more = formChunks(meta, found.terms, own);
  return Promise.all(more.map(this.chunkAt, this)).then(function (cs) {
    found.forms = formsOf([c].concat(cs), found.terms);
    found.approx = unseen ? approxWord(unseen, found.forms, found.terms, found.as) : '';
    return found;
  });
};

/** What a fallback says it searched for `word` (`as`, the word of the
 * archive that begins it, else the shortest form of its stem, or the
 * stem), or '' when `word` is only a plain inflection of that form
 * ("clerics" of "cleric"): that is what the reader expects, not news. */
function approxWord(word, forms, terms, as) {
  var shortest = forms.filter(function (f) { return !COMPOUND.test(f); })
    .reduce(function (a, f) { return !a || f.length < a.length ? f : a; }, '');
  as = as || shortest || (terms[0] ? terms[0].name : '');
  var inflection = /^(s|es|ed|d|ing|'s)$/;
  return as && word.startsWith(as) && inflection.test(word.slice(as.length)) ? '' : as;
}

/** Terms for one surface, with `forms` (see formsOf); an unseen
 * inflection falls back to the longest stem in its chunk that prefixes
 * it ("titles" -> "titl"), and says so in `approx` (see approxWord)
 * unless it is a plain inflection of a form. Not for a number
 * (86059 is not 8605) nor onto a stem shorter than four letters ("hash"
 * is not "has"). An unseen `open` word (the one being typed) takes the
 * words it begins instead, if the archive has any (see completions),
 * listed in `completions`. */
SearchIndex.prototype.lookup = function (meta, word, open) {
  if (!meta.dict.length) return Promise.resolve({ terms: [], ids: [] });
  var self = this;
  return this.chunk(meta, word).then(function (c) {
    var own = chunkNumber(meta, word);
    var e = c.map.get(word);
    if (e && e.terms.length) return self.withForms(meta, { terms: e.terms, ids: e.ids }, c, own);
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
    // Nothing to search it as: the word the reader may have meant.
    if (!best.length) found.suggest = nearestWord(c, word);
    var unseen = best.length ? word : null;
    if (!open || /\d/.test(word) || wl < PREFIX_MIN) return self.withForms(meta, found, c, own, unseen);
    // The words it begins say what is being typed better than a stem
    // it begins with ("portr" is not "port").
    return self.completions(meta, word).then(function (more) {
      return more.terms.length ? { terms: more.terms, ids: found.ids, completions: more.surfaces, forms: more.surfaces }
        : self.withForms(meta, found, c, own, unseen);
    });
  });
};

/**
 * The words of the archive that begin with `prefix`, for a word still
 * being typed ("marr" finds "Marrow"): {terms, surfaces}. Their terms
 * are taken commonest first, at most PREFIX_TERMS of them and
 * PREFIX_BYTES of posting files in all (a list that would pass it is
 * passed over), so a short prefix downloads no more than a common word
 * does. Surfaces sort by their bytes, so a prefix's are consecutive: in
 * its own dictionary chunk and the next PREFIX_CHUNKS - 1 at most.
 */
SearchIndex.prototype.completions = function (meta, prefix) {
  var self = this;
  var first = chunkNumber(meta, prefix);
  var seen = new Map();
  function scan(n, left) {
    return self.chunkAt(n).then(function (c) {
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
    return { terms: terms, surfaces: words };
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
 * pinned: [doc ids], words, forms, approx, unchecked}. `pinned` are the docs the
 * query names by id or number (see pins), whose words are then left out
 * of the word search when others remain. All words are required;
 * quoted phrases are verified with positions, within PHRASE_CAP unless
 * `options.exact` (see verifyPhrase; `unchecked` lists the phrases
 * that were not); BM25 scores come from df and the per-posting impact
 * bytes.
 */
SearchIndex.prototype.match = function (query, options) {
  var self = this;
  var exact = !!(options && options.exact);
  return this.meta().then(function (meta) {
    return self.pins(meta, query).then(function (pin) {
      return self.matchWords(meta, parseQuery(pin.rest === null ? query : pin.rest), pin.docs, exact);
    });
  });
};

/** Docs that an id key names (a lowercase id, or a bare number). */
SearchIndex.prototype.idDocs = function (meta, key) {
  if (!meta.dict.length) return Promise.resolve([]);
  return this.chunk(meta, key).then(function (c) {
    var e = c.map.get(key);
    return e ? e.ids.filter(function (d) { return d < meta.docs; }) : [];
  });
};

/**
 * The dispatches a query names by id or number, to put first: {docs,
 * rest}. `rest` is the query without the words that named them, to be
 * searched as words, or null when no other word is left (then the whole
 * query is, so that "12" also finds the dispatches that cite it).
 */
SearchIndex.prototype.pins = function (meta, query) {
  var self = this;
  var whole = parseQuery(query).idKey;
  var ref = idReference(query);
  var tries = (whole ? [{ key: whole, span: null }] : []).concat(ref ? ref.tries : []);
  return Promise.all(tries.map(function (t) {
    if (t.key !== undefined) return self.idDocs(meta, t.key).then(function (docs) { return { docs: docs, span: t.span }; });
    return self.idDocs(meta, t.number).then(function (docs) { return docs.length ? self.inSeries(meta, t, docs) : { docs: [] }; });
  })).then(function (found) {
    var hit = found.filter(function (f) { return f.docs.length; })[0];
    if (!hit) return { docs: [], rest: null };
    var rest = hit.span ? query.slice(0, hit.span[0]) + ' ' + query.slice(hit.span[1]) : '';
    return { docs: hit.docs, rest: parseQuery(rest).words.length ? rest : null };
  });
};

/** Of `docs` (those with number `t.number`), the ones in the series whose
 * title (or key) the words `t.before` end with: "Special Dispatch 12".
 * The series facet file knows the titles. */
SearchIndex.prototype.inSeries = function (meta, t, docs) {
  if (!meta.facets.some(function (f) { return f.key === 'series'; })) return Promise.resolve({ docs: [] });
  var said = t.before.map(function (w) { return w.s; });
  function endsWith(words) {
    return words.length && words.length <= said.length &&
      words.every(function (w, i) { return said[said.length - words.length + i] === w; });
  }
  return this.facets(['series']).then(function (groups) {
    var best = { docs: [] };
    groups[0].values.forEach(function (v) {
      [surfaces(v.name), v.value.split('-')].forEach(function (words) {
        if (!endsWith(words) || (best.span && best.words >= words.length)) return;
        var inIt = new Set(v.docs);
        best = {
          docs: docs.filter(function (d) { return inIt.has(d); }),
          span: [t.before[said.length - words.length].start, t.end],
          words: words.length
        };
      });
    });
    return best;
  });
};

/** The entry of a surface the dictionary has as it is (no inflection
 * guessed), or null: a Persian word written apart, tried joined. */
SearchIndex.prototype.known = function (meta, surface) {
  if (!meta.dict.length) return Promise.resolve(null);
  return this.chunk(meta, surface).then(function (c) {
    var e = c.map.get(surface);
    return e && e.terms.length ? e : null;
  }, function () { return null; });
};

/** Matches the words of a parsed query, all required (a pair in
 * `q.joins` is required apart or as its joined word); `pinned` docs go
 * first whatever they contain. */
SearchIndex.prototype.matchWords = function (meta, q, pinned, exact) {
  var self = this;
  var N = meta.docs;
  var lookups = q.words.map(function (w) { return self.lookup(meta, w, w === q.open); });
  var joinLookups = q.joins.map(function (j) { return self.known(meta, j.joined); });
  return Promise.all([Promise.all(lookups), Promise.all(joinLookups)]).then(function (found) {
    var entries = found[0];
    var joins = [];
    q.joins.forEach(function (j, k) {
      if (found[1][k]) joins.push({ a: q.words.indexOf(j.a), b: q.words.indexOf(j.b), joined: j.joined, entry: found[1][k] });
    });
    var covered = new Set();
    joins.forEach(function (j) { covered.add(j.a); covered.add(j.b); });
    var empty = { docs: new Uint32Array(0), scores: new Float32Array(0), pinned: pinned, words: q.words, free: q.free, phrases: q.phrases, forms: {}, approx: [], unchecked: [] };
    var unknown = q.words.filter(function (w, i) { return !entries[i].terms.length && !covered.has(i); });
    if (unknown.length) {
      // Offered only when every word missing has a word near it.
      var suggest = unknown.map(function (w) { return { word: w, as: entries[q.words.indexOf(w)].suggest || '' }; });
      empty.suggest = suggest.every(function (s) { return s.as; }) ? suggest : [];
    }
    if (!q.words.length || unknown.length) return empty;
    var postings = function (e) { return Promise.all(e.terms.map(function (t) { return self.postings(t); })); };
    return Promise.all([Promise.all(entries.map(postings)), Promise.all(joins.map(function (j) { return postings(j.entry); }))]).then(function (got) {
      var lists = got[0];
      joins.forEach(function (j, k) { j.lists = got[1][k]; });
      var res = score(N, entries, lists, joins);
      res.pinned = pinned;
      res.words = q.words;
      // The joined forms are marked in excerpts like the words typed.
      res.free = q.free.concat(joins.map(function (j) { return j.joined; }));
      res.joined = joins.map(function (j) { return [q.words[j.a], q.words[j.b], j.joined]; });
      // A word completed is marked wherever a word begins with it.
      var open = entries[q.words.indexOf(q.open)];
      res.prefix = open && open.completions ? q.open : '';
      res.phrases = q.phrases;
      res.unchecked = [];
      // Each query word's forms (see formsOf), and the words the archive
      // does not have, searched as a stem instead ("portal" as "port").
      res.forms = {};
      res.approx = [];
      q.words.forEach(function (w, i) {
        var e = entries[i];
        res.forms[w] = e.forms || [];
        if (e.approx) res.approx.push({ word: w, as: e.approx });
      });
      joins.forEach(function (j) { res.forms[j.joined] = [j.joined]; });
      if (!q.phrases.length || !res.docs.length) return res;
      return self.verifyPhrases(meta, q, entries, lists, res, exact);
    });
  });
};

/** One word's score in each doc, the best of its terms', and whether the
 * doc has it. */
function wordScores(N, e, lists) {
  var s = new Float32Array(N);
  var has = new Uint8Array(N);
  e.terms.forEach(function (t, i) {
    var idf = Math.log(1 + (N - t.df + 0.5) / (t.df + 0.5)) * (K1 + 1) / 255;
    var p = lists[i];
    for (var j = 0; j < p.docs.length; j++) {
      var d = p.docs[j];
      if (d >= N) continue;
      var v = idf * p.impacts[j];
      has[d] = 1;
      if (v > s[d]) s[d] = v;
    }
  });
  return { s: s, has: has };
}

/** BM25 over the words, each required; a joinable pair counts once, as
 * its two words or its joined word, whichever scores more. */
function score(N, entries, lists, joins) {
  var scores = new Float32Array(N);
  var hits = new Uint8Array(N);
  var best = null;
  var paired = new Set();
  joins.forEach(function (j) { paired.add(j.a); paired.add(j.b); });
  joins.forEach(function (j) {
    var a = wordScores(N, entries[j.a], lists[j.a]);
    var b = wordScores(N, entries[j.b], lists[j.b]);
    var one = wordScores(N, j.entry, j.lists);
    for (var d = 0; d < N; d++) {
      var apart = a.has[d] && b.has[d];
      if (!apart && !one.has[d]) continue;
      scores[d] += Math.max(apart ? a.s[d] + b.s[d] : 0, one.has[d] ? one.s[d] : 0);
      hits[d]++;
    }
  });
  entries.forEach(function (e, w) {
    if (paired.has(w)) return;
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
  var W = entries.length - paired.size + joins.length;
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
 * [{key, title, values: [{value, name, count, docs: Uint32Array}]}]. A
 * group whose file could not be loaded comes as {key, title, failed:
 * true, values: []} rather than failing the others (and is asked for
 * again next time). */
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
      return self.facetCache.get(f.key).catch(function () {
        return { key: f.key, title: f.title, failed: true, values: [] };
      });
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
