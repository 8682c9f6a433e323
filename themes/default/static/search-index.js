/*! search-index.js: fetching and matching the static index (its files
 * are decoded by search-decode.js).
 *
 * Reads the chunked index that `src/search/` writes under `<base>search/`
 * and fetches only the files a query touches: meta.json, the dictionary
 * chunk(s) holding the query words, their posting lists, positions only
 * for quoted phrases, and records only for the results shown. Every file
 * is fetched once per page, from the folder meta.json names (see
 * search-files.js, which also notices a deploy).
 */

import { decodeDictChunk, decodeDocSet, decodePositions, decodePostings } from './search-decode.js';
import { IndexFiles } from './search-files.js';
import { chunkNumber, completions, lookup } from './search-words.js';
import { affixRun, exclusions, idReference, joinedPhrase, normalizeWord, parseQuery, plainQuery, segmentWords, surfaces } from './search-text.js';

var K1 = 1.2;
// What checking a phrase may download in all: its rarest words' positions
// are fetched while their sum stays within it (more would stall the page
// for seconds on a slow line, and decoding them would block it).
var PHRASE_CAP = 1024 * 1024;
// Unquoted words found side by side in the order typed (a name, a
// formula) rank a doc this many times higher than the words apart; the
// check downloads at most ADJACENT_CAP of positions (a name's rare words
// take a few kilobytes; `sd` or `the` in a big archive, far more, and
// are then left unchecked), else is skipped.
var ADJACENT_BOOST = 2;
var ADJACENT_CAP = 64 * 1024;

/**
 * options.fetch(url, init) -> Promise of a Response-like ({ok,
 * arrayBuffer()}); defaults to window.fetch. Every file is fetched once.
 */
export function SearchIndex(base, options) {
  this.base = base.replace(/\/?$/, '/');
  this.options = options;
  this.store = new IndexFiles(this.base, (options && options.fetch) || function (u, init) { return fetch(u, init); });
  this.chunks = new Map();
}

/** A new index at the same place, which knows nothing yet: for a page
 * whose index was replaced (an `indexReplaced` error, see
 * search-files.js). */
SearchIndex.prototype.fresh = function () {
  return new SearchIndex(this.base, this.options);
};

/** The index's file `path` ('t/3.bin'), bytes or (`kind` 'json') JSON. */
SearchIndex.prototype.load = function (path, kind) {
  return this.store.load(path, kind);
};

/** meta.json, loaded once and checked. */
SearchIndex.prototype.meta = function () {
  return this.store.meta();
};

/** Resolves when this is still the site's index, as far as a look at
 * meta.json (if it was read over `ms` ago) tells, else fails with an
 * `indexReplaced` error. */
SearchIndex.prototype.current = function (ms) {
  return this.store.current(ms);
};

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

/** A query word's entry: {terms, ids, forms, approx, completions,
 * suggest}; see search-words.js. `open`: the word is being typed. */
SearchIndex.prototype.lookup = function (meta, word, open) {
  return lookup(this, meta, word, open);
};

/** The words of the archive that begin `prefix` (see search-words.js). */
SearchIndex.prototype.completions = function (meta, prefix) {
  return completions(this, meta, prefix);
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

/** A term's positions; `part`: only its own bytes of the file that
 * holds them (see IndexFiles.loadPart), for a check that may not need
 * the rest. */
SearchIndex.prototype.positions = function (t, part) {
  if (part) return this.store.loadPart('x/' + t.pos[0] + '.bin', t.pos[1], t.pos[2]);
  return this.load('x/' + t.pos[0] + '.bin').then(function (file) {
    return file.subarray(t.pos[1], t.pos[1] + t.pos[2]);
  });
};

/**
 * Matches a query: {docs: Uint32Array, scores: Float32Array (per doc id),
 * pinned: [doc ids], words, forms, approx, unchecked}. `pinned` are the docs the
 * query names by id or number (see pins), whose words are then left out
 * of the word search when others remain. All words are required;
 * quoted phrases are verified with positions, within PHRASE_CAP in all unless
 * `options.exact` (see verifyPhrase; `unchecked` lists the phrases
 * that were not); BM25 scores come from df and the per-posting impact
 * bytes.
 */
SearchIndex.prototype.match = function (query, options) {
  var self = this;
  var out = exclusions(plainQuery(query));
  query = out.text;
  var exact = !!(options && options.exact);
  return this.meta().then(function (meta) {
    return self.pins(meta, query).then(function (pin) {
      var searched = pin.rest !== null ? pin.rest : pin.number !== undefined ? pin.number : query;
      return self.matchWords(meta, parseQuery(searched), pin.docs, exact)
        .then(function (res) {
          // Whether the words searched are others than those naming the
          // pinned docs (`sd-12 inspections`, not `sd-12` alone).
          res.besidesIds = pin.rest !== null;
          // What result pages mark: not the words of an id (`No.`, `sd`).
          res.searched = searched;
          return self.leaveOut(meta, out.not, res);
        });
    });
  });
};

/** `res` without the docs that have a word or a phrase of `not` (a
 * query's `-word` and `-"phrase"`, each a query of its own, see
 * exclusions), found as the words searched are, with their forms and
 * their Persian spellings joined or apart; with nothing else asked
 * (`-word` alone), every doc but those, newest first. A word the
 * archive does not have leaves nothing out (not even the word that
 * begins it, which a word searched falls back to), and is listed in
 * `res.notLeftOut` [{words: as typed}]. An excluded
 * phrase is checked in full: a phrase taken for found would hide a
 * result. */
SearchIndex.prototype.leaveOut = function (meta, not, res) {
  var self = this;
  res.excluded = not;
  res.notLeftOut = [];
  if (!not.length) return Promise.resolve(res);
  var N = meta.docs;
  if (!res.words.length && !res.pinned.length) {
    res.docs = new Uint32Array(N);
    for (var d = 0; d < N; d++) res.docs[d] = d;
    res.scores = null;
  }
  return Promise.all(not.map(function (q) {
    return self.matchWords(meta, parseQuery(q), [], true, true);
  })).then(function (found) {
    var gone = new Set();
    found.forEach(function (f, i) {
      f.docs.forEach(function (d) { gone.add(d); });
      // (`suggest` is set, if empty, only when a word was not found.)
      if (f.suggest) res.notLeftOut.push({ words: not[i].replace(/"/g, '') });
    });
    var before = res.docs.length + res.pinned.length;
    res.docs = Uint32Array.from(Array.from(res.docs).filter(function (d) { return !gone.has(d); }));
    res.pinned = res.pinned.filter(function (d) { return !gone.has(d); });
    // (Said apart from no word found: it was the minus that emptied them.)
    res.allLeftOut = before > 0 && !res.docs.length && !res.pinned.length;
    return res;
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
 * rest, number}. `rest` is the query without the words that named them,
 * to be searched as words, or null when no other word is left. Then
 * `number` is what is searched after them: for one numbered dispatch,
 * the words of its id, so that `sd-12`, `SD 12` and `Special Dispatch
 * No. 12` list the same (`No.` and the series' title are not searched);
 * for a number alone (`12`, `No. 12`), the number; for an id of
 * a dispatch's own with digits (`gen-3` is not `3`), nothing; for an id
 * that is a word (`harbour`), `number` is unset and the query searched.
 */
SearchIndex.prototype.pins = function (meta, query) {
  var self = this;
  var whole = parseQuery(query).idKey;
  var ref = idReference(query);
  var tries = (whole ? [{ key: whole, span: null }] : []).concat(ref ? ref.tries : []);
  return Promise.all(tries.map(function (t) {
    var digits = t.number || (/(\d+)$/.exec(t.key || '') || [])[1];
    var found = t.key !== undefined
      ? self.idDocs(meta, t.key).then(function (docs) { return { docs: docs, span: t.span }; })
      : self.idDocs(meta, t.number).then(function (docs) { return docs.length ? self.inSeries(meta, t, docs) : { docs: [] }; });
    return found.then(function (f) {
      f.digits = digits;
      f.bare = t.key !== undefined && /^\d+$/.test(t.key);
      return f;
    });
  })).then(function (found) {
    var hit = found.filter(function (f) { return f.docs.length; })[0];
    if (!hit) return { docs: [], rest: null };
    if (hit.span) hit.span = withSiteTitle(meta, query, hit.span);
    var rest = hit.span ? (query.slice(0, hit.span[0]) + ' ' + query.slice(hit.span[1])).replace(/\s+/g, ' ').trim() : '';
    if (parseQuery(rest).words.length) return { docs: hit.docs, rest: rest };
    // An id that is a word (`harbour`): the word is searched too.
    if (!hit.digits) return { docs: hit.docs, rest: null };
    return self.idDocs(meta, hit.digits).then(function (numbered) {
      var own = hit.docs.some(function (d) { return numbered.indexOf(d) >= 0; });
      // Digits of an id of its own (`gen-3`), not a number: it alone.
      if (!own) return { docs: hit.docs, rest: null, number: '' };
      // A number alone (`12`, `#12`, `No. 12`), which may name several:
      // the number, wherever it is written.
      if (hit.bare || hit.docs.length > 1) return { docs: hit.docs, rest: null, number: hit.digits };
      // One dispatch, however named: its id's words, the same for each.
      return self.records(hit.docs).then(function (recs) {
        return { docs: hit.docs, rest: null, number: recs[0] && recs[0].id ? recs[0].id : hit.digits };
      });
    });
  });
};

/** `span` of `query`, from the site's title when the words before it
 * end with that ("Harbour Watch SD 12"): a citation's, neither searched
 * nor marked. */
function withSiteTitle(meta, query, span) {
  var site = surfaces(meta.site_title || '');
  if (!site.length) return span;
  var before = segmentWords(query.slice(0, span[0]))
    .map(function (w) { return { s: normalizeWord(w[0]), start: w[1] }; })
    .filter(function (w) { return w.s; });
  var k = before.length - site.length;
  var ends = k >= 0 && site.every(function (w, i) { return before[k + i].s === w; });
  return ends ? [before[k].start, span[1]] : span;
}

/** Of `docs` (those with number `t.number`), the ones in the series whose
 * title (or key) the words `t.before` end with: "Special Dispatch 12".
 * The series facet file knows the titles. The site's title before the
 * series' ("Harbour Watch Special Dispatch 12") is the citation's too:
 * it is in the span, and so neither searched nor marked. */
SearchIndex.prototype.inSeries = function (meta, t, docs) {
  if (!meta.facets.some(function (f) { return f.key === 'series'; })) return Promise.resolve({ docs: [] });
  var said = t.before.map(function (w) { return w.s; });
  var site = surfaces(meta.site_title || '');
  function endsWith(words, end) {
    return words.length && words.length <= end &&
      words.every(function (w, i) { return said[end - words.length + i] === w; });
  }
  // Where the citation starts, given that its series' title starts at
  // word `k`.
  function start(k) {
    return t.before[endsWith(site, k) ? k - site.length : k].start;
  }
  return this.facets(['series']).then(function (groups) {
    var best = { docs: [] };
    groups[0].values.forEach(function (v) {
      [surfaces(v.name), v.value.split('-')].forEach(function (words) {
        if (!endsWith(words, said.length) || (best.span && best.words >= words.length)) return;
        var inIt = new Set(v.docs);
        best = {
          docs: docs.filter(function (d) { return inIt.has(d); }),
          span: [start(said.length - words.length), t.end],
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
SearchIndex.prototype.matchWords = function (meta, q, pinned, exact, strict) {
  var self = this;
  var N = meta.docs;
  // `strict`: only the words as the archive has them, no stem that
  // begins a word it lacks, no completion (a word left out).
  var lookups = q.words.map(function (w) {
    return self.lookup(meta, w, !strict && w === q.open).then(function (e) {
      return strict && e.approx ? Object.assign({}, e, { terms: [], approx: '' }) : e;
    });
  });
  // A word with its Persian suffix typed apart (`حساب ها`) that the
  // archive does not have joined is searched as the joined word would be
  // (`حساب`, with a note), not as the suffix alone, which is no word.
  var joinLookups = q.joins.map(function (j) {
    return self.known(meta, j.joined).then(function (e) {
      if (e || !affixRun(j.parts)) return e;
      return self.lookup(meta, j.joined, false).then(function (f) {
        return f.terms.length && !(strict && f.approx) ? Object.assign(f, { fallback: true }) : null;
      });
    });
  });
  return Promise.all([Promise.all(lookups), Promise.all(joinLookups)]).then(function (found) {
    var entries = found[0];
    var joins = [];
    q.joins.forEach(function (j, k) {
      if (found[1][k]) joins.push({ parts: j.parts.map(function (w) { return q.words.indexOf(w); }), joined: j.joined, entry: found[1][k] });
    });
    var covered = new Set();
    joins.forEach(function (j) { j.parts.forEach(function (w) { covered.add(w); }); });
    var empty = { docs: new Uint32Array(0), scores: new Float32Array(0), pinned: pinned, words: q.words, free: q.free, phrases: q.phrases, forms: {}, approx: [], unchecked: [] };
    // A word of an OR group is missing only when the whole group is.
    var any = (q.any || []).map(function (g) { return g.map(function (w) { return q.words.indexOf(w); }); });
    var known = function (i) { return entries[i].terms.length > 0 || covered.has(i); };
    var unknown = q.words.filter(function (w, i) {
      var group = any.filter(function (g) { return g.indexOf(i) >= 0; })[0];
      return group ? !group.some(known) : !known(i);
    });
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
      var slots = eitherSlots(entries, lists, joins, any);
      var res = score(N, slots.entries, slots.lists, slots.joins);
      res.any = q.any || [];
      res.pinned = pinned;
      res.words = q.words;
      // The joined forms are marked in excerpts like the words typed.
      res.free = q.free.concat(joins.map(function (j) { return j.joined; }));
      res.joined = joins.map(function (j) { return { parts: j.parts.map(function (w) { return q.words[w]; }), joined: j.joined }; });
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
        // A word found joined to the next (`وزارت خانه` as `وزارتخانه`)
        // was searched as typed: no note of a stem it begins.
        if (e.approx && !covered.has(i)) res.approx.push({ word: w, as: e.approx });
      });
      joins.forEach(function (j) {
        res.forms[j.joined] = j.entry.fallback ? j.entry.forms || [] : [j.joined];
        if (j.entry.fallback && j.entry.approx) res.approx.push({ word: j.parts.map(function (w) { return q.words[w]; }).join(' '), as: j.entry.approx });
      });
      if (!q.phrases.length || !res.docs.length) return self.boostAdjacent(meta, q, entries, lists, res, joins.length > 0);
      // A phrase is matched as typed, or with a run of its words joined
      // as the archive may write them (see joinedPhrase); the joined
      // words are looked up as the query's are.
      var words = q.words.slice();
      var allEntries = entries.slice();
      var allLists = lists.slice();
      joins.forEach(function (j) {
        if (words.indexOf(j.joined) >= 0) return;
        words.push(j.joined);
        allEntries.push(j.entry);
        allLists.push(j.lists);
      });
      var groups = q.phrases.map(function (p, i) {
        var alt = joinedPhrase(q, i, function (w) { return words.indexOf(w) >= 0; });
        return alt ? [p, alt] : [p];
      });
      res.phrases = [].concat.apply([], groups);
      var all = Object.assign({}, q, { words: words });
      return self.verifyPhrases(meta, all, allEntries, allLists, res, exact, groups);
    });
  });
};

/** Ranks up the results that have a query's unquoted words side by side
 * in the order typed, as a reader typing a name or a formula means them
 * (`blue harbour accord`): checked as a phrase is, when the positions of
 * at least two of its words fit in ADJACENT_CAP, downloading only their
 * bytes (Range requests); else left as scored. */
SearchIndex.prototype.boostAdjacent = function (meta, q, entries, lists, res, joined) {
  var words = q.free;
  // (Two Persian or Arabic words may be one the archive writes joined:
  // only a pair it has is searched so, and then no check is made.)
  var plain = !q.phrases.length && !joined && words.length === q.words.length && !(q.any && q.any.length);
  // (An id, `sd-6081`, finds its dispatch first whatever the words.)
  var id = res.pinned && res.pinned.length;
  if (!plain || id || words.length < 2 || words.length > 6 || res.docs.length < 2) return Promise.resolve(res);
  var checked = {};
  var cap = Math.min(ADJACENT_CAP, (this.options && this.options.phraseCap !== undefined) ? this.options.phraseCap : PHRASE_CAP);
  return this.verifyPhrase(meta, q, entries, lists, words, res.docs, false, [], { cap: cap, checked: checked }).then(function (docs) {
    if (checked.words >= 2) docs.forEach(function (d) { res.scores[d] *= ADJACENT_BOOST; });
    return res;
  });
};

/** The words to score, an OR group (`any`, lists of word indexes) as
 * one word that stands for all its words' terms, as a word being typed
 * stands for its completions: a doc needs one of them, and ranks by the
 * best it has. `joins` (whose words no group holds) get the new
 * indexes. */
function eitherSlots(entries, lists, joins, any) {
  if (!any.length) return { entries: entries, lists: lists, joins: joins };
  var out = { entries: [], lists: [], joins: [] };
  var at = [];
  entries.forEach(function (e, i) {
    var group = any.filter(function (g) { return g.indexOf(i) >= 0; })[0];
    if (group && group[0] !== i) { at[i] = at[group[0]]; return; }
    at[i] = out.entries.length;
    if (!group) {
      out.entries.push(e);
      out.lists.push(lists[i]);
      return;
    }
    var terms = [];
    var got = [];
    group.forEach(function (w) {
      entries[w].terms.forEach(function (t, k) {
        if (terms.indexOf(t) >= 0) return;
        terms.push(t);
        got.push(lists[w][k]);
      });
    });
    out.entries.push(Object.assign({}, e, { terms: terms }));
    out.lists.push(got);
  });
  out.joins = joins.map(function (j) {
    return Object.assign({}, j, { parts: j.parts.map(function (w) { return at[w]; }) });
  });
  return out;
}

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

/** BM25 over the words, each required; a joinable run counts once, as
 * its words or its joined word, whichever scores more. */
function score(N, entries, lists, joins) {
  var scores = new Float32Array(N);
  var hits = new Uint8Array(N);
  var best = null;
  var paired = new Set();
  joins.forEach(function (j) { j.parts.forEach(function (w) { paired.add(w); }); });
  joins.forEach(function (j) {
    var parts = j.parts.map(function (w) { return wordScores(N, entries[w], lists[w]); });
    var one = wordScores(N, j.entry, j.lists);
    for (var d = 0; d < N; d++) {
      var apart = parts.every(function (p) { return p.has[d]; });
      if (!apart && !one.has[d]) continue;
      var sum = apart ? parts.reduce(function (a, p) { return a + p.s[d]; }, 0) : 0;
      scores[d] += Math.max(sum, one.has[d] ? one.s[d] : 0);
      hits[d]++;
    }
  });
  entries.forEach(function (e, w) {
    if (paired.has(w)) return;
    var single = e.terms.length === 1;
    if (!single) best = best ? (best.fill(0), best) : new Float32Array(N);
    // A word that stands for several terms (the completions of a word
    // being typed, a word's stems in two languages) is as rare as all of
    // them together: a doc is not ranked up for holding its rarest one
    // ("inspectors" for "insp"), only for holding it where it weighs.
    var dfWord = Math.min(N, e.terms.reduce(function (a, t) { return a + t.df; }, 0));
    e.terms.forEach(function (t, i) {
      var df = single ? t.df : dfWord;
      var idf = Math.log(1 + (N - df + 0.5) / (df + 0.5)) * (K1 + 1) / 255;
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
 * bound downloads, the phrase's rarest words are checked while their
 * positions sum to at most PHRASE_CAP, and the others are wildcards at
 * their offsets (very common words, e.g. "the" in a big archive),
 * unless `exact`; a phrase not checked in full is listed in
 * `res.unchecked`. Positions say nothing about adjacency unless
 * two words are checked, so a phrase with fewer than two such words (a
 * quoted single word, or one of very common words only) downloads none
 * and is matched as its words, which every result already has; a
 * phrase of two words or more left so is listed in `res.unchecked`
 * with what checking it would download, for the reader to decide. */
SearchIndex.prototype.verifyPhrases = function (meta, q, entries, lists, res, exact, groups) {
  var self = this;
  // Each group is a phrase's ways of being written: a doc with any one
  // of them has the phrase.
  return groups.reduce(function (done, variants) {
    return done.then(function (alive) {
      return Promise.all(variants.map(function (phrase) {
        // A phrase joined into one word is that word (which the docs
        // alive may have only apart).
        if (phrase.length === 1) return withWord(lists[q.words.indexOf(phrase[0])], alive);
        return self.verifyPhrase(meta, q, entries, lists, phrase, alive, exact, res.unchecked);
      })).then(function (found) {
        if (found.length === 1) return found[0];
        var any = new Set();
        found.forEach(function (docs) { docs.forEach(function (d) { any.add(d); }); });
        return Uint32Array.from(Array.from(alive).filter(function (d) { return any.has(d); }));
      });
    });
  }, Promise.resolve(res.docs)).then(function (docs) {
    res.docs = docs;
    return res;
  });
};

/** Of the docs `alive`, those in a word's posting `lists` (one per term). */
function withWord(lists, alive) {
  var has = new Set();
  lists.forEach(function (p) { p.docs.forEach(function (d) { has.add(d); }); });
  return Uint32Array.from(Array.from(alive).filter(function (d) { return has.has(d); }));
}

SearchIndex.prototype.verifyPhrase = function (meta, q, entries, lists, phrase, alive, exact, unchecked, limit) {
  var self = this;
  var all = phrase.map(function (w, off) {
    var wi = q.words.indexOf(w);
    var size = entries[wi].terms.reduce(function (a, t) { return a + t.pos[2]; }, 0);
    return { wi: wi, off: off, size: size };
  }).sort(function (a, b) { return a.size - b.size; });
  // Rarest first; a word repeated in the phrase downloads once.
  var spent = 0;
  var counted = new Set();
  // (`options.phraseCap` stands in for it in tests.)
  // (`limit`, a cap of its own, and where to say how many words fit.)
  var cap = limit ? limit.cap : (this.options && this.options.phraseCap !== undefined) ? this.options.phraseCap : PHRASE_CAP;
  var words = exact ? all : all.filter(function (x) {
    if (!counted.has(x.wi)) { counted.add(x.wi); spent += x.size; }
    return spent <= cap;
  });
  // A phrase not checked in full is said, with what checking it in full
  // downloads (a word repeated in the phrase downloads once); its words
  // that fit are still checked, when they are two or more.
  if (words.length < all.length && all.length >= 2) {
    var bytes = new Map();
    all.forEach(function (x) { bytes.set(x.wi, x.size); });
    var total = 0;
    bytes.forEach(function (b) { total += b; });
    unchecked.push({ phrase: phrase.join(' '), bytes: total });
  }
  if (limit) limit.checked.words = words.length;
  if (words.length < 2) return Promise.resolve(alive);
  return Promise.all(words.map(function (x) {
    return Promise.all(entries[x.wi].terms.map(function (t) { return self.positions(t, !!limit); }));
  })).then(function (blobs) {
    // Rarest word first; each further word only decodes for the docs
    // still alive, and `starts` keeps the phrase starts consistent
    // with every word checked so far.
    var starts = new Map();
    var cand = alive;
    // One word at a time, each in a task of its own: the page (typing)
    // is not blocked while they are decoded.
    var step = function (i) {
      if (i >= words.length || !cand.length) return Uint32Array.from(cand);
      return new Promise(function (done) { setTimeout(done, 0); }).then(function () {
        check(words[i], i);
        return step(i + 1);
      });
    };
    var check = function (x, i) {
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
    };
    return step(0);
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
      return self.facetCache.get(f.key).catch(function (e) {
        // A new index: the page starts over, with all its groups.
        if (e && e.indexReplaced) throw e;
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
