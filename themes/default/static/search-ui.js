/*! search-ui.js: the search page (`#search-app`): the form, the status,
 * the search's state in the URL and the events; search-view.js builds
 * the results and the filters, search-status.js words the status. Built with createElement and textContent
 * only: no index text is ever inserted as HTML.
 */

import { SearchIndex } from './search-index.js';
import { corrected, exclusions } from './search-text.js';
import { TEXT, approxNote, leftOutNote, longNote, noneNote, quoted, spelledFor, uncheckedNote } from './search-status.js';
import { SORTS, applyFacets, paramsFromState, runSearch, stateFromParams } from './search-results.js';
import { el, formatBytes, jsonAttr, num, renderFacets, resultItem, skeleton } from './search-view.js';

var PAGE = 20;

// Facet files load with the first results, smallest first, while they
// fit this budget; the others when their group is opened. (A first
// query on a 100k archive must stay under 300 KB in all, and its big
// facet files alone would take half of that.)
var EAGER_FACET_BYTES = 80 * 1024;
// A search more than this long after the page last read meta.json asks
// the host whether the site's index was replaced meanwhile (a
// conditional request, mostly answered "not modified").
var RECHECK_MS = 5000;
// "No results" is worth one more look at meta.json when it was read over
// this long ago: the words of a new index may be in none of the old one's
// dictionary files the page holds, and it would never fetch and miss one.
var EMPTY_RECHECK_MS = 1000;

export function mount(root) {
  var text = Object.assign({}, TEXT, jsonAttr(root, 'data-labels'));
  var facetTitles = jsonAttr(root, 'data-facet-titles');
  var base = (root.getAttribute('data-base') || '/').replace(/\/?$/, '/');
  var index = new SearchIndex(root.getAttribute('data-index') || base + 'search/');
  var state = { q: '', sort: 'relevance', facets: {}, n: 0 };
  // Passages shown, by the page (and words) of their result: a list
  // drawn again (More results, a filter) keeps them.
  var passages = new Map();
  var facetKeys = [];
  var shown = PAGE;
  var generation = 0;
  var expanded = {};
  var facetFilters = {};
  var timer = null;
  var lastRes = null;
  var metaFacets = [];
  var open = new Set();

  var v = skeleton(root, text);
  var form = v.form, input = v.input, sort = v.sort, byRelevance = v.byRelevance;
  var status = v.status, notice = v.notice, noticeText = v.noticeText, check = v.check;
  var filterNote = v.filterNote, facetsBox = v.facetsBox, count = v.count, list = v.list;
  var more = v.more, clear = v.clear, summary = v.summary, skip = v.skip;
  var baseTitle = document.title;

  function plural(n) {
    return n === 1 ? text.one : text.many.replace('{n}', num(n));
  }

  function readUrl() {
    state = stateFromParams(new URLSearchParams(location.search), facetKeys);
    shown = Math.max(PAGE, state.n);
    boxes.forEach(function (b) { b.value = state.q; });
    showState();
  }

  // The title names the query (in tabs and history), and the sort box
  // says what is applied: without words there is no relevance, and
  // results come newest first.
  function showState() {
    var q = (state.q || '').trim();
    document.title = q ? quoted(q, text) + ' · ' + baseTitle : baseTitle;
    // (Words left out, `-word`, are no words to rank by.)
    var ranked = exclusions(q).text.trim();
    byRelevance.disabled = !ranked;
    sort.value = ranked || state.sort === 'oldest' ? state.sort : 'date';
  }

  // History: each search the reader settles on is an entry, so Back
  // returns to the one before. Typing makes a draft entry, pushed at the
  // first pause after a settled search and then rewritten as the words
  // change; Enter, a filter or the sort settles it (or pushes a new entry
  // when there was no draft). Escape, which empties the box, is typing.
  // `mode`: 'draft', 'settle', or 'keep' (the same search, more shown).
  function writeUrl(mode) {
    var qs = paramsFromState(state).toString();
    var url = location.pathname + (qs ? '?' + qs : '') + location.hash;
    var same = url === location.pathname + location.search + location.hash;
    var draft = !!(history.state && history.state.draft);
    if (mode === 'keep') history.replaceState(history.state, '', url);
    else if (draft) history.replaceState({ draft: mode === 'draft' }, '', url);
    else if (!same) history.pushState({ draft: mode === 'draft' }, '', url);
  }

  function update(mode) {
    state.n = 0;
    shown = PAGE;
    showState();
    writeUrl(mode);
    run();
  }

  // Where the reader had scrolled, kept in the history entry: coming back
  // (Back from a result, Forward, a reload), the page scrolls there once
  // the results are in. The browser's own restoring would come too early.
  // The result the reader left by is kept too, and takes the focus back:
  // a keyboard user goes on from it, not from the top of the page.
  if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
  var scrollBack = history.state && history.state.scroll;
  var focusBack = history.state && history.state.opened;
  var scrollTimer = null;
  function saveScroll() {
    clearTimeout(scrollTimer);
    var item = document.activeElement && document.activeElement.closest && document.activeElement.closest('li');
    var opened = item && item.parentNode === list ? Array.prototype.indexOf.call(list.children, item) : null;
    history.replaceState(Object.assign({}, history.state, { scroll: window.scrollY, opened: opened }), '');
  }
  window.addEventListener('scroll', function () {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(saveScroll, 200);
  }, { passive: true });
  window.addEventListener('pagehide', saveScroll);
  function restoreScroll() {
    if (!scrollBack) return;
    window.scrollTo(0, scrollBack);
    // Once the page is tall enough (the filters may come later).
    if (Math.abs(window.scrollY - scrollBack) < 2) scrollBack = null;
  }

  function run() {
    if (refresh) {
      // The last restart was refused: this search starts over.
      // Busy from now on, as any search: the new meta.json comes first.
      refresh = false;
      generation++;
      status.textContent = text.loading;
      root.setAttribute('aria-busy', 'true');
      start(false);
      return;
    }
    var gen = ++generation;
    status.textContent = text.loading;
    root.setAttribute('aria-busy', 'true');
    index.current(RECHECK_MS).then(function () {
      return runSearch(index, state, shown);
    }).then(function (res) {
      if (gen !== generation) return null;
      var q = (state.q || '').trim();
      var check = q && !res.total ? index.current(EMPTY_RECHECK_MS) : Promise.resolve();
      return check.then(function () {
        return index.records(res.ordered);
      }).then(function (records) {
        if (gen !== generation) return;
        render(res, records);
        lastRes = res;
        if (focusAfter !== null) focusResult(focusAfter);
        focusAfter = null;
        // This index works: a later deploy may start over again.
        restarts = 0;
        restoreScroll();
        if (focusBack !== null && focusBack !== undefined && document.activeElement === document.body) {
          var back = list.children[focusBack] && list.children[focusBack].querySelector('a');
          if (back) back.focus({ preventScroll: true });
        }
        focusBack = null;
        // The results stand whatever becomes of the filters.
        return refreshFacets(gen).then(restoreScroll, restarted);
      });
    }).catch(function (e) {
      if (gen !== generation) return;
      if (!restarted(e)) failed(e);
    }).then(function () {
      if (gen !== generation) return;
      root.removeAttribute('aria-busy');
      scrollBack = null;
    });
  }

  // Facet files load once and may trail the first results. Big ones
  // (people in a 100k archive) wait until their group is opened.
  function refreshFacets(gen) {
    Object.keys(state.facets).forEach(function (k) { open.add(k); });
    var keys = metaFacets.filter(function (f) { return open.has(f.key); }).map(function (f) { return f.key; });
    return index.facets(keys).then(function (groups) {
      if (gen !== generation || !lastRes) return;
      renderFacets(facetsBox, {
        facets: metaFacets,
        groups: groups,
        counts: applyFacets(lastRes.N, lastRes.base, groups, state.facets).counts,
        selected: state.facets,
        expanded: expanded,
        filters: facetFilters,
        titles: facetTitles,
        text: text
      });
    });
  }

  function render(res, records) {
    list.textContent = '';
    // Folded filters still say how many are on.
    var on = Object.keys(state.facets).reduce(function (n, k) { return n + state.facets[k].length; }, 0);
    summary.textContent = on ? text.filtersOn.replace('{n}', num(on)) : text.filters;
    clear.hidden = !on;
    filterNote.hidden = !res.unfiltered.length;
    filterNote.textContent = text.unfiltered.replace('{groups}', res.unfiltered.map(function (g) {
      return facetTitles[g.key] || g.title;
    }).join(text.namesSeparator));
    var unchecked = uncheckedNote(text, res.match, formatBytes);
    notice.hidden = !unchecked;
    noticeText.textContent = unchecked;
    check.textContent = text.checkPhrase;
    renderSuggestion(res);
    skip.hidden = !records.length;
    if (res.idle) {
      count.hidden = true;
      status.textContent = text.idle;
      more.hidden = true;
      return;
    }
    // The status line says how many in all; this one, only when the list
    // holds fewer, how many it holds.
    count.hidden = res.ordered.length >= res.total;
    count.textContent = count.hidden ? ''
      : text.showing.replace('{n}', num(res.ordered.length)).replace('{total}', num(res.total));
    var q = (state.q || '').trim();
    status.textContent = (res.total ? plural(res.total) + (q ? ' — ' + quoted(q, text) : '') + approxNote(text, state.q, res.match, records[0]) + longNote(text, state.q) : noneNote(text, q, res.match, on > 0))
      + leftOutNote(text, res.match);
    // A dispatch the query named by its id or number comes first whether
    // or not it has the query's other words: unless it has them, no note
    // that they are further in, and no names found by them.
    var named = new Set(res.match && res.match.pinned ? res.match.pinned : []);
    var found = named.size && res.match.besidesIds ? new Set(res.match.docs) : new Set();
    var pinned = new Set(records.filter(function (rec, i) {
      return rec && named.has(res.ordered[i]) && !found.has(res.ordered[i]);
    }).map(function (rec) { return rec.id; }));
    var titles = {};
    metaFacets.forEach(function (f) { titles[f.key] = facetTitles[f.key] || f.title; });
    var itemOpts = {
      base: base, q: state.q, number: text.number, label: text.label, further: text.further, pinned: pinned,
      titles: titles, order: metaFacets.map(function (f) { return f.key; }), authors: text.authors,
      names: { group: text.namesGroup, separator: text.namesSeparator, between: text.namesBetween, more: text.moreNames },
      passage: { show: text.showPassage, loading: text.passageLoading, none: text.passageNone, failed: text.passageFailed },
      passages: passages
    };
    records.forEach(function (rec) {
      if (rec) list.appendChild(resultItem(rec, res.match, itemOpts));
    });
    more.hidden = res.ordered.length >= res.total;
  }

  // No results because a word is not in the archive, and a word near it
  // is: "Did you mean …?" in the status line, a link to that search, once
  // that search (filters kept) is known to find something. The word is
  // spelt as the first dispatch it finds writes it ("București", not the
  // index's folded "bucuresti"), when its record shows it.
  function renderSuggestion(res) {
    var suggest = !res.total && res.match && res.match.suggest ? res.match.suggest : [];
    if (!suggest.length || !corrected(state.q, suggest)) return;
    var gen = generation;
    var trial = Object.assign({}, state, { q: corrected(state.q, suggest), n: 0, exactQ: null });
    runSearch(index, trial, 1).then(function (found) {
      if (gen !== generation || !found.total) return null;
      return index.records(found.ordered.slice(0, 1)).then(function (recs) {
        if (gen !== generation) return;
        var q = corrected(state.q, suggest.map(function (fix) {
          return { word: fix.word, as: spelledFor(state.q, recs[0], fix.as) };
        }));
        var params = paramsFromState(Object.assign({}, state, { q: q, n: 0 }));
        var link = el('a', { href: '?' + params.toString(), class: 'search-suggest-link', dir: 'auto' }, q);
        link.addEventListener('click', function (ev) {
          ev.preventDefault();
          boxes.forEach(function (b) { b.value = q; });
          submitFrom(input);
          // The link goes with the status: keep the keyboard in the form.
          input.focus();
        });
        var parts = text.suggest.split('{query}');
        status.append(' ', parts[0], link, parts.slice(1).join(''));
      });
    }).catch(restarted);
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
    update('settle');
  }
  boxes.forEach(function (box) {
    box.addEventListener('input', function () {
      syncBoxes(box);
      clearTimeout(timer);
      timer = setTimeout(function () {
        state.q = box.value;
        update('draft');
      }, 150);
    });
  });
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    submitFrom(input);
  });
  clear.addEventListener('click', function () {
    state.facets = {};
    update('settle');
    // The button goes with the filters: keep the keyboard in the form.
    input.focus();
  });
  skip.addEventListener('click', function () {
    var first = list.querySelector('a');
    (first || list).focus();
  });
  sort.addEventListener('change', function () {
    state.sort = SORTS.indexOf(sort.value) >= 0 ? sort.value : 'relevance';
    update('settle');
  });
  facetsBox.addEventListener('change', function (ev) {
    var box = ev.target;
    var key = box.getAttribute && box.getAttribute('data-facet');
    if (!key) return;
    var vs = (state.facets[key] || []).filter(function (v) { return v !== box.value; });
    if (box.checked) vs.push(box.value);
    if (vs.length) state.facets[key] = vs; else delete state.facets[key];
    update('settle');
  });
  // A long group's box: its values are found by name as they are typed.
  facetsBox.addEventListener('input', function (ev) {
    var key = ev.target.getAttribute && ev.target.getAttribute('data-facet-filter');
    if (!key) return;
    facetFilters[key] = ev.target.value;
    refreshFacets(generation).catch(function (e) { if (!restarted(e)) failed(e); });
  });
  // Enter in that box finds names; it does not send the search again.
  facetsBox.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter' && ev.target.getAttribute && ev.target.getAttribute('data-facet-filter')) ev.preventDefault();
  });
  facetsBox.addEventListener('click', function (ev) {
    var t = ev.target;
    var load = t.getAttribute && t.getAttribute('data-facet-load');
    var toggle = t.getAttribute && t.getAttribute('data-facet-toggle');
    if (load) open.add(load);
    else if (toggle) expanded[toggle] = !expanded[toggle];
    else return;
    refreshFacets(generation).catch(function (e) { if (!restarted(e)) failed(e); });
  });
  check.addEventListener('click', function () {
    state.exactQ = (state.q || '').trim();
    run();
    // The button goes away with the notice: keep the keyboard in the list.
    input.focus();
  });
  more.addEventListener('click', function () {
    shown += PAGE;
    // How many are shown is in the URL (the same entry), for a reload
    // and for Back from a result.
    state.n = shown;
    writeUrl('keep');
    var before = list.children.length;
    var gen = generation;
    runSearch(index, state, shown).then(function (res) {
      return index.records(res.ordered).then(function (records) {
        if (gen !== generation) return;
        render(res, records);
        focusResult(before);
      });
    }).catch(function (e) {
      // Started over: the new index's results take the keyboard there.
      if (restarted(e)) focusAfter = before;
      else failed(e);
    });
  });
  // Keep keyboard users where they were after More results: on the first
  // new result.
  var focusAfter = null;
  function focusResult(i) {
    var next = list.children[i] && list.children[i].querySelector('a');
    if (next) next.focus();
  }
  window.addEventListener('popstate', function () {
    readUrl();
    scrollBack = history.state && history.state.scroll;
    focusBack = history.state && history.state.opened;
    run();
  });

  // Why there are no results: the index could not be read, or it is in
  // a format this page's client does not read: newer (the site was
  // deployed with a new annals since the page was loaded) or older (the
  // pages of such a deploy are up, and its index not yet). What was
  // listed for an earlier query goes.
  function failed(e) {
    var outdated = e && e.outdated;
    if (outdated === 'newer') refreshAssets();
    status.textContent = outdated === 'newer' ? text.outdated : outdated === 'older' ? text.updating : text.error;
    list.textContent = '';
    count.hidden = true;
    more.hidden = true;
    lastRes = null;
  }

  // A host may let browsers keep the page's scripts and styles for a
  // while without asking (GitHub Pages: ten minutes), and a reload takes
  // them from the cache: this same client would read the new index again
  // and say so again. Asked for anew, they replace the cached ones, so
  // the reload the reader is asked for runs the new client. (Once.)
  var refreshed = false;
  function refreshAssets() {
    if (refreshed) return;
    refreshed = true;
    var found = document.querySelectorAll('link[rel=modulepreload], link[rel=stylesheet], script[src]');
    Array.prototype.forEach.call(found, function (el) {
      var url = el.href || el.src;
      if (url) fetch(url, { cache: 'reload' }).catch(function () {});
    });
  }

  // The site was deployed again while this page was open, and the index
  // it was reading is gone (see search-files.js): the search starts over
  // with the new one, as the reader left it (a few times in a row at
  // most, should the site be deployed again and again).
  // Refused, the reader's next search starts over all the same (a host
  // may have been caught between two deploys).
  var restarts = 0;
  var refresh = false;
  function restarted(e) {
    if (!e || !e.indexReplaced) return false;
    index = index.fresh();
    if (restarts >= 3) {
      refresh = true;
      return false;
    }
    restarts++;
    // What was under way is over: the page stays busy until the new
    // index answers.
    generation++;
    start(false);
    return true;
  }

  function start(first) {
    // Until the index answers (on a slow connection, a while), the page
    // shows the words it was opened with, and that it is searching.
    var opened = first ? new URLSearchParams(location.search).get('q') || '' : '';
    if (first) {
      boxes.forEach(function (b) { b.value = opened; });
      if (opened.trim()) {
        status.textContent = text.loading;
        root.setAttribute('aria-busy', 'true');
      }
    }
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
      if (first) {
        // What the reader typed meanwhile stays (its pause searches it).
        var typed = input.value;
        readUrl();
        if (typed !== opened) {
          boxes.forEach(function (b) { b.value = typed; });
          state.q = typed;
        }
      }
      run();
    }).catch(function (e) {
      failed(e);
      root.removeAttribute('aria-busy');
    });
  }
  // `annals serve` swapped in the index of an edit after the page
  // reloaded for it (see src/serve/live.js): what is shown is searched
  // again in the new one.
  window.addEventListener('annals:search-index', function () {
    index = index.fresh();
    generation++;
    start(false);
  });
  start(true);
}
