/*! search-view.js: the elements of the search page that show data: a
 * result and the filter groups. Built with createElement and textContent
 * only: no index text is ever inserted as HTML. search-ui.js owns the
 * state and the events.
 */

import { excerpt, highlight, highlightParams, unshownWords } from './search-results.js';
import { loadPassage } from './search-passage.js';
import { normalizeWord, surfaces } from './search-text.js';

// Values shown per filter group until "Show all".
var FACET_LIMIT = 10;
// A group shown in full lists this many values at most, with a box to
// find the others by name: drawing thousands of people (and drawing them
// again on every tick) froze the page for seconds.
var EXPANDED_LIMIT = 100;
// Matched names listed under a result; the rest are counted.
var NAMES_SHOWN = 6;

export function el(tag, attrs, text) {
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

export function jsonAttr(node, name) {
  try { return JSON.parse(node.getAttribute(name) || '{}') || {}; } catch (e) { return {}; }
}

var numberFormats = new Map();

/** `n` grouped as the page's language writes numbers ("9,283", "9.283",
 * "9 283"), with at most `fraction` decimals, in the Western digits the
 * site's pages write: not as the reader's browser would, which may be
 * set to another language than the site's. */
export function num(n, fraction) {
  var digits = fraction || 0;
  if (!numberFormats.has(digits)) {
    var options = { numberingSystem: 'latn', maximumFractionDigits: digits };
    var format;
    try {
      format = new Intl.NumberFormat(document.documentElement.lang || 'en', options);
    } catch (e) {
      format = new Intl.NumberFormat('en', options);
    }
    numberFormats.set(digits, format);
  }
  return numberFormats.get(digits).format(n);
}

/** "850 KB", "36.2 MB": the size of a download, for the reader. */
export function formatBytes(n) {
  if (n < 1024 * 1024) return num(Math.max(1, Math.round(n / 1024))) + ' KB';
  return num(n / 1024 / 1024, 1) + ' MB';
}

/** One result: its title (linking to its page with the words to mark),
 * series, number and date, and an excerpt with the matched words.
 * `opts`: {base, q, number: the "No." label, further: the note for a
 * match past the record's text, pinned: ids the query named, titles,
 * order, authors: see `matchedNames`, names: the names line's words
 * {group: "{group}: ", separator: ", ", between: " · ", more: "{n}
 * more"}, passage: see `furtherNote`}. */
export function resultItem(rec, match, opts) {
  var li = el('li', { class: 'search-result' });
  // A dispatch in another language than the site's has its own in its
  // record, and its direction: its title and excerpt take them, as its
  // card does on the list pages. The rest of the result is the page's.
  var own = rec.lang ? { lang: rec.lang, dir: rec.dir || 'auto' } : {};
  var h = el('h2', Object.assign({ class: 'search-result-heading' }, own));
  var titleId = 'search-result-' + String(rec.id).replace(/\s+/g, '_');
  var a = el('a', { class: 'search-result-title', id: titleId, href: opts.base + rec.url + highlightParams(opts.q, match) });
  appendPieces(a, highlight(rec.title || rec.id, match));
  h.appendChild(a);
  li.appendChild(h);
  var meta = el('p', { class: 'search-result-meta' });
  // As the site's pages label a dispatch (`label`: "{series} No. {number}").
  var numbered = rec.number !== undefined && rec.number !== null;
  var label = rec.series_title && numbered
    ? opts.label.replace('{series}', function () { return rec.series_title; }).replace('{number}', function () { return rec.number; })
    : numbered ? opts.number + ' ' + rec.number : rec.series_title || '';
  if (label) meta.appendChild(el('span', { class: 'search-result-series' }, label));
  if (rec.date) {
    if (label) meta.appendChild(document.createTextNode(' · '));
    // Shown as the pages show dates ("February 14, 2023").
    meta.appendChild(el('time', { datetime: rec.date }, rec.date_display || rec.date));
  }
  li.appendChild(meta);
  var ex = el('p', Object.assign({ class: 'search-result-excerpt' }, own));
  var pieces = excerpt(rec, match);
  appendPieces(ex, pieces);
  li.appendChild(ex);
  // A dispatch the query named by its id was not found by its names.
  var pinned = opts.pinned && opts.pinned.has(rec.id);
  // A dispatch found by a name it is about (an author, a person, a
  // place) may not say that name early on: the names matched are shown,
  // each isolated, so that names in another script keep their order.
  var names = pinned ? { groups: [], more: 0 } : matchedNames(rec, match, opts);
  if (names.groups.length) {
    var line = el('p', { class: 'search-result-names' });
    var words = opts.names || {};
    var between = words.between || ' · ';
    names.groups.forEach(function (group, i) {
      if (i) line.appendChild(document.createTextNode(between));
      line.appendChild(el('span', { class: 'search-result-names-label' },
        (words.group || '{group}: ').replace('{group}', group.label)));
      group.names.forEach(function (ps, j) {
        if (j) line.appendChild(document.createTextNode(words.separator || ', '));
        var bdi = el('bdi', {});
        appendPieces(bdi, ps);
        line.appendChild(bdi);
      });
    });
    if (names.more) {
      line.appendChild(document.createTextNode(between + (words.more || '{n} more').replace('{n}', num(names.more))));
    }
    li.appendChild(line);
  }
  // Records hold only the start of a body: when a word of the query is
  // in none of the title, that start and the names, the reader is told
  // where it is.
  var marked = Array.prototype.map.call(li.querySelectorAll('mark'), function (m) { return m.textContent; });
  var unshown = match && match.words.length && opts.further && !pinned ? unshownWords(marked, match) : [];
  if (unshown.length) li.appendChild(furtherNote(rec, match, unshown, own, Object.assign({ titleId: titleId }, opts)));
  return li;
}

/** "Matched further in the dispatch", with a button that shows the
 * passage there (see search-passage.js) in the note's place; the
 * keyboard follows it. `opts.passage`: {show, loading, failed, none}
 * labels; `opts.passages`: the passages shown so far, kept across
 * redrawn lists (`More results`) by result and query. */
function furtherNote(rec, match, unshown, own, opts) {
  var note = el('p', { class: 'search-result-further' }, opts.further);
  var text = opts.passage;
  if (!text) return note;
  // The page the result links to, so that opening it can reuse this
  // download when the host lets the browser keep it.
  var url = opts.base + rec.url + highlightParams(opts.q, match);
  var shown = opts.passages && opts.passages.get(url);
  if (shown) return passageItem(shown, own);
  var button = el('button', { type: 'button', class: 'search-result-passage-show' }, text.show);
  // Every result has one: each is told apart by its result's title.
  if (opts.titleId) button.setAttribute('aria-describedby', opts.titleId);
  note.append(' ', button);
  var busy = false;
  button.addEventListener('click', function () {
    if (busy) return;
    busy = true;
    // Kept focusable, so the keyboard stays on it while the page loads.
    button.setAttribute('aria-disabled', 'true');
    button.textContent = text.loading;
    var done = function (p) {
      p.setAttribute('tabindex', '-1');
      // The keyboard follows unless the reader went on elsewhere.
      var stayed = [button, document.body, null].indexOf(document.activeElement) >= 0;
      note.replaceWith(p);
      if (stayed) p.focus();
    };
    loadPassage(url, match, unshown).then(function (found) {
      if (!found) return done(el('p', { class: 'search-result-further' }, text.none));
      if (opts.passages) opts.passages.set(url, found);
      done(passageItem(found, own));
    }, function () {
      done(el('p', { class: 'search-result-further' }, text.failed));
    });
  });
  return note;
}

/** A passage's element, in the language and direction its page gives
 * it (else the result's). */
function passageItem(found, own) {
  var attrs = { class: 'search-result-passage' };
  if (found.lang) attrs.lang = found.lang;
  else if (own.lang) attrs.lang = own.lang;
  if (found.dir || own.dir) attrs.dir = found.dir || own.dir;
  var p = el('p', attrs);
  appendPieces(p, found.pieces);
  return p;
}

/** The record's names with a matched word, as {groups: [{label, names:
 * [pieces]}], more: how many more}: its authors first, then its terms in
 * the order of the filter groups. A name whose marked words another name
 * marks too, and more, is left out ("Council of Coastal States" for
 * `gulf of ormel`, where "Gulf of Ormel" shows), and at most
 * [`NAMES_SHOWN`] are listed. `opts.titles`: facet key -> label;
 * `opts.order`: the facet keys in order; `opts.authors`: the authors'
 * label. */
function matchedNames(rec, match, opts) {
  var none = { groups: [], more: 0 };
  if (!match || !match.words.length) return none;
  var found = [];
  var authors = rec.authors || [];
  var add = function (label, names, isAuthor) {
    (names || []).forEach(function (name) {
      // An author who is also a person named: listed once, as the author.
      if (!isAuthor && authors.indexOf(name) >= 0 && found.some(function (f) { return f.name === name; })) return;
      var ps = highlight(name, match);
      var words = new Set();
      ps.forEach(function (p) {
        if (p.mark) surfaces(p.text).forEach(function (s) { words.add(s); });
      });
      if (words.size) found.push({ label: label, name: name, pieces: ps, words: words });
    });
  };
  add(opts.authors || 'Authors', authors, true);
  var terms = rec.terms || {};
  var titles = opts.titles || {};
  var order = opts.order || [];
  Object.keys(terms).sort(function (a, b) {
    return order.indexOf(a) - order.indexOf(b) || (a < b ? -1 : a > b ? 1 : 0);
  }).forEach(function (key) { add(titles[key] || key, terms[key]); });
  var covers = function (b, a) {
    if (b.words.size <= a.words.size) return false;
    var all = true;
    a.words.forEach(function (w) { if (!b.words.has(w)) all = false; });
    return all;
  };
  var kept = found.filter(function (a) {
    return !found.some(function (b) { return covers(b, a); });
  });
  var groups = [];
  kept.slice(0, NAMES_SHOWN).forEach(function (n) {
    var last = groups[groups.length - 1];
    if (last && last.label === n.label) last.names.push(n.pieces);
    else groups.push({ label: n.label, names: [n.pieces] });
  });
  return { groups: groups, more: Math.max(0, kept.length - NAMES_SHOWN) };
}

/** A name as the filter box compares it: each word as the search box
 * reads it (lower case, accents and letters such as `ø` and `ł` folded,
 * Arabic and Persian letter forms unified, joiners dropped), so that
 * "ismail" finds "İsmail", "orjan" finds "Ørjan" and "كاوه" finds "کاوه". */
function folded(name) {
  return name.split(/\s+/).map(function (w) { return normalizeWord(w) || w.toLowerCase(); }).join(' ');
}

/**
 * Fills `box` with a fieldset per filter group, keeping the keyboard
 * where it was. `view`: {facets: meta's groups, groups: the loaded ones,
 * counts: {key: Map(value -> n)}, selected: {key: [values]}, expanded:
 * {key: bool}, filters: {key: the words typed in a group's box},
 * titles: {key: label}, text: the labels}.
 */
export function renderFacets(box, view) {
  var text = view.text;
  var focused = document.activeElement;
  var refocus = focused && focused.getAttribute && focused.getAttribute('data-facet')
    ? [focused.getAttribute('data-facet'), focused.value] : null;
  var refocusFilter = focused && focused.getAttribute && focused.getAttribute('data-facet-filter');
  var caret = refocusFilter ? focused.selectionStart : null;
  var refocusAttr = ['data-facet-toggle', 'data-facet-load'].filter(function (a) {
    return focused && focused.getAttribute && focused.getAttribute(a);
  })[0];
  box.textContent = '';
  view.facets.forEach(function (f) {
    var g = view.groups.filter(function (x) { return x.key === f.key; })[0];
    // A group whose file did not load is left out; the rest still work.
    if (g && g.failed) return;
    if (!g) {
      var closed = el('fieldset', { class: 'search-facet', 'data-facet-group': f.key });
      closed.appendChild(el('legend', {}, view.titles[f.key] || f.title));
      closed.appendChild(el('button', { type: 'button', class: 'facet-toggle', 'data-facet-load': f.key, 'aria-expanded': 'false' }, text.load));
      box.appendChild(closed);
      return;
    }
    var selected = view.selected[g.key] || [];
    var c = view.counts[g.key] || new Map();
    var values = g.values.filter(function (v) {
      return (c.get(v.value) || 0) > 0 || selected.indexOf(v.value) >= 0;
    });
    // A value the index does not know (a stale or mistyped link) still
    // shows, ticked, so that it can be unticked.
    selected.forEach(function (value) {
      if (!g.values.some(function (v) { return v.value === value; })) values.push({ value: value, name: value });
    });
    if (!values.length) return;
    values.sort(g.key === 'year'
      ? function (a, b) { return (Number(b.value) || 0) - (Number(a.value) || 0) || (a.value < b.value ? 1 : -1); }
      // Ties keep the index's order, the one the site's pages list names in
      // (the browser's own would follow the reader's language, not the site's).
      : function (a, b) { return (c.get(b.value) || 0) - (c.get(a.value) || 0); });
    var fs = el('fieldset', { class: 'search-facet', 'data-facet-group': g.key });
    fs.appendChild(el('legend', {}, view.titles[g.key] || g.title));
    var expanded = view.expanded[g.key];
    var limit = expanded ? EXPANDED_LIMIT : FACET_LIMIT;
    // Past the limit, a box finds the others by name; the ticked ones
    // always show.
    var wanted = expanded && values.length > EXPANDED_LIMIT ? ((view.filters || {})[g.key] || '') : '';
    if (expanded && values.length > EXPANDED_LIMIT) {
      var title = view.titles[g.key] || g.title;
      var find = el('input', { type: 'search', class: 'facet-filter', dir: 'auto', 'data-facet-filter': g.key,
        'aria-label': text.filterNames.replace('{group}', title), placeholder: text.filterNames.replace('{group}', title) });
      find.value = wanted;
      fs.appendChild(find);
    }
    var needle = folded(wanted.trim());
    var matching = needle ? values.filter(function (v) {
      return folded(v.name).indexOf(needle) >= 0 || selected.indexOf(v.value) >= 0;
    }) : values;
    var ul = el('ul', {});
    var shown = 0;
    var hidden = 0;
    matching.forEach(function (v) {
      if (shown >= limit && selected.indexOf(v.value) < 0) { hidden++; return; }
      shown++;
      var li = el('li', {});
      var label = el('label', {});
      var input = el('input', { type: 'checkbox', 'data-facet': g.key, value: v.value });
      input.checked = selected.indexOf(v.value) >= 0;
      // The count is parted from the name for a screen reader, which
      // would read "2025 3" as one number.
      label.append(input, ' ', el('span', { class: 'facet-name' }, v.name),
        el('span', { class: 'visually-hidden' }, ','), ' ',
        el('span', { class: 'facet-count' }, num(c.get(v.value) || 0)));
      li.appendChild(label);
      ul.appendChild(li);
    });
    fs.appendChild(ul);
    if (expanded && hidden) {
      fs.appendChild(el('p', { class: 'facet-more' }, text.narrow.replace('{n}', num(hidden))));
    }
    if (values.length > FACET_LIMIT) {
      var toggle = el('button', { type: 'button', class: 'facet-toggle', 'data-facet-toggle': g.key, 'aria-expanded': String(!!view.expanded[g.key]) },
        view.expanded[g.key] ? text.showFewer : text.showAll + ' (' + num(values.length) + ')');
      fs.appendChild(toggle);
    }
    box.appendChild(fs);
  });
  if (refocusFilter) {
    var box2 = box.querySelector('input[data-facet-filter="' + CSS.escape(refocusFilter) + '"]');
    if (box2) {
      box2.focus();
      box2.setSelectionRange(caret, caret);
    }
  } else if (refocus) {
    var again = box.querySelector('input[data-facet="' + CSS.escape(refocus[0]) + '"][value="' + CSS.escape(refocus[1]) + '"]');
    if (again) again.focus();
  } else if (refocusAttr) {
    var key = focused.getAttribute(refocusAttr);
    // After loading a group, focus moves to its first checkbox.
    var t = box.querySelector('[data-facet-toggle="' + CSS.escape(key) + '"]') ||
      box.querySelector('input[data-facet="' + CSS.escape(key) + '"]');
    if (t) t.focus();
  }
}

/** Builds the search page in `root` (what was there goes): a real form,
 * so that Enter works without script tricks, the status line, notices,
 * the filters and the results list; returns its parts for search-ui.js
 * to drive. */
export function skeleton(root, text) {
  var form = el('form', { class: 'search-form', role: 'search', 'aria-label': text.search });
  var qLabel = el('label', { for: 'search-q', class: 'search-label' }, text.search);
  var input = el('input', { id: 'search-q', name: 'q', type: 'search', dir: 'auto', placeholder: text.placeholder, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'search-hint' });
  var hint = el('p', { id: 'search-hint', class: 'search-hint' }, text.hint);
  var submit = el('button', { type: 'submit', class: 'search-submit' }, text.button);
  var sortLabel = el('label', { for: 'search-sort', class: 'search-label' }, text.sort);
  var sort = el('select', { id: 'search-sort', name: 'sort' });
  var byRelevance = el('option', { value: 'relevance' }, text.relevance);
  sort.append(byRelevance, el('option', { value: 'date' }, text.date), el('option', { value: 'oldest' }, text.oldest));
  var qRow = el('div', { class: 'search-row' });
  qRow.append(qLabel, input, submit);
  var sortRow = el('div', { class: 'search-row' });
  sortRow.append(sortLabel, sort);
  form.append(qRow, hint, sortRow);

  var status = el('p', { id: 'search-status', class: 'search-status', role: 'status', 'aria-live': 'polite' });
  var notice = el('p', { id: 'search-notice', class: 'search-notice', hidden: '' });
  var noticeText = el('span', {});
  var check = el('button', { type: 'button', class: 'search-check' });
  notice.append(noticeText, ' ', check);
  var filterNote = el('p', { class: 'search-notice', hidden: '' });
  var layout = el('div', { class: 'search-layout' });
  var facetsBox = el('section', { class: 'search-facets', 'aria-label': text.filters });
  var main = el('section', { class: 'search-main' });
  var count = el('p', { id: 'search-count', class: 'search-count', hidden: '' });
  var list = el('ol', { id: 'search-results', class: 'search-results', tabindex: '-1' });
  var more = el('button', { type: 'button', class: 'search-more', hidden: '' }, text.more);
  // Whenever filters are on, also where they are folded away or none of
  // them is left to untick: a way back to the unfiltered results.
  var clear = el('button', { type: 'button', class: 'search-clear', hidden: '' }, text.clear);
  main.append(clear, count, list, more);
  // On a narrow screen the filters come first in a single column, and
  // would push the results below the fold: there they start folded.
  var filters = el('details', { class: 'search-filters' });
  var summary = el('summary', { class: 'search-filters-summary' }, text.filters);
  filters.append(summary, facetsBox);
  var narrow = window.matchMedia('(max-width: 48rem)');
  filters.open = !narrow.matches;
  narrow.addEventListener('change', function () { if (!narrow.matches) filters.open = true; });
  layout.append(filters, main);
  // Up to dozens of filter boxes come before the first result in the
  // keyboard's order: this one, shown when focused, jumps over them.
  var skip = el('button', { type: 'button', class: 'search-skip', hidden: '' }, text.skip);
  root.textContent = '';
  root.append(form, skip, status, notice, filterNote, layout);
  root.setAttribute('data-mounted', '');
  return {
    form: form, input: input, sort: sort, byRelevance: byRelevance, status: status,
    notice: notice, noticeText: noticeText, check: check, filterNote: filterNote,
    facetsBox: facetsBox, count: count, list: list, more: more, clear: clear,
    summary: summary, skip: skip
  };
}
