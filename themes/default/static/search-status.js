/*! search-status.js: what the search page says, and the notes of its
 * status line: the wording a site can replace (`data-labels`), a query
 * as quoted, what to do when nothing is found, and the words searched in
 * place of those the archive lacks. Strings only: search-ui.js puts them
 * in the page as text.
 */

import { halfWidth, normalizeWord, plainQuery, segmentWords } from './search-text.js';
import { firstGraphemes } from './search-results.js';
import { spelling } from './search-spell.js';

export var TEXT = {
  search: 'Search the archive',
  button: 'Search',
  placeholder: 'Words, names or a dispatch number',
  hint: 'Every word must appear, unless OR joins two. Put a phrase in "quotes", and a minus before a word or phrase to leave out the dispatches that have it (-iran). An id such as sd-1234 puts that dispatch first.',
  sort: 'Sort by',
  relevance: 'Relevance',
  date: 'Newest first',
  oldest: 'Oldest first',
  filters: 'Filters',
  filtersOn: 'Filters ({n} on)',
  clear: 'Clear filters',
  more: 'More results',
  showAll: 'Show all',
  showFewer: 'Show fewer',
  filterNames: 'Filter {group}',
  narrow: '{n} more: type in the box to find them',
  load: 'Show options',
  number: 'No.',
  label: '{series} No. {number}',
  authors: 'Authors',
  moreNames: '{n} more',
  namesGroup: '{group}: ',
  namesSeparator: ', ',
  namesBetween: ' · ',
  further: 'Matched further in the dispatch: its page marks where.',
  showPassage: 'Show the passage',
  passageLoading: 'Loading the passage…',
  passageNone: 'Its page does not have the words as typed: open it to see what it marks.',
  passageFailed: 'The passage could not be loaded: open the dispatch to see it.',
  idle: 'Type a search term or choose a filter.',
  loading: 'Searching…',
  none: 'No results.',
  noneWords: 'Check the spelling, or search with fewer words.',
  noWords: 'Nothing to search for: type words, or a dispatch’s number.',
  noSymbols: 'Symbols and emoji are not searched: type words, or a dispatch’s number.',
  tooLong: 'Words of more than 64 letters are not searched (the archive leaves them out): search for other words of the text.',
  longSkipped: '{words} was not searched: words of more than 64 letters are not.',
  noneFiltered: 'Filters are on: clear them to search every dispatch.',
  noneLeftOut: 'Every dispatch found has a word or a phrase left out with a minus.',
  notLeftOut: 'Nothing was left out for {words}: no dispatch has it.',
  one: '1 result',
  many: '{n} results',
  showing: 'Showing {n} of {total}',
  skip: 'Skip to results',
  approx: 'No dispatch has {words}: these have {as}.',
  suggest: 'Did you mean {query}?',
  unchecked: '{phrases} was not checked as an exact phrase: its words are so common that checking downloads {size}. These results contain the words in any order.',
  checkPhrase: 'Check the exact phrase',
  unfiltered: 'These results are not narrowed by {groups}: the filter could not be loaded.',
  error: 'Search is unavailable: the index could not be loaded.',
  outdated: 'Search was updated since this page was opened: reload the page.',
  updating: 'The search index is being updated: try again in a moment.',
  quoteOpen: '“',
  quoteClose: '”'
};

// A query that is one quoted phrase already shows its quotes (straight,
// curly or guillemets, as the parser reads them). The query is isolated
// (U+2068 … U+2069, invisible), so that one in a right-to-left script
// does not carry the punctuation around it to its side of the sentence,
// in the status line as in the page's title. The marks are `text`'s
// (`quoteOpen`, `quoteClose`: the site's language's).
export function quoted(q, text) {
  q = plainQuery(q);
  var open = (text && text.quoteOpen) || '“', close = (text && text.quoteClose) || '”';
  return /^["“„«][^"“”„«»]*["”“»]$/.test(q) ? '\u2068' + q + '\u2069' : open + '\u2068' + q + '\u2069' + close;
}

// The words of `q` too long for the index (a pasted code, a chemical
// name), which are not searched.
function longWords(q) {
  return segmentWords(q || '', true).map(function (w) { return w[0]; }).filter(function (w) {
    return Array.from(w).length > 64 && !normalizeWord(w);
  });
}

// Results, found without the words of `q` too long to search: said, as
// every word must otherwise appear ('' when there are none).
export function longNote(text, q) {
  var long = longWords(q);
  if (!long.length) return '';
  var shown = long.map(function (w) { return quoted(firstGraphemes(w, 24) + '…', text); });
  return ' ' + text.longSkipped.replace('{words}', shown.join(text.namesSeparator));
}

// Nothing found: what the reader can do about it (`filtered`: filters
// are on).
export function noneNote(text, q, match, filtered) {
  if (longWords(q).length) return text.none + ' ' + text.tooLong;
  if (match && match.allLeftOut && !filtered) return text.none + ' ' + text.noneLeftOut;
  // `""` or an emoji: no word, no number, nothing misspelt. Something
  // typed that is no word is said to be left out, not to be nothing.
  if (match && !match.words.length && !match.pinned.length) {
    return /[^\s"“”„«»]/.test(q || '') ? text.noSymbols : text.noWords;
  }
  if (filtered) return text.none + ' ' + text.noneFiltered;
  return q ? text.none + ' ' + text.noneWords : text.none;
}

// Words to leave out that no dispatch has: most often a slip, which
// would go unseen, since nothing changes (a word searched that no
// dispatch has is said too).
export function leftOutNote(text, match) {
  var none = match && match.notLeftOut ? match.notLeftOut : [];
  if (!none.length) return '';
  return ' ' + text.notLeftOut.replace('{words}', none.map(function (n) { return quoted(n.words, text); }).join(text.namesSeparator));
}

// Words the archive does not have, searched as a stem that begins
// them ("portal" as "port"): the reader is told what was searched.
// Each word as the reader typed it (in `q`), and what was searched as
// the first result writes it: the index's folded forms (Persian ی as ي,
// joiners dropped) are no one's spelling.
export function approxNote(text, q, match, first) {
  var approx = match && match.approx ? match.approx : [];
  if (!approx.length) return '';
  var typed = segmentWords(q || '', true);
  var asTyped = function (word) {
    // (A word and its Persian suffix typed apart, `کشتی ها`, word by word.)
    if (word.indexOf(' ') >= 0) return word.split(' ').map(asTyped).join(' ');
    var w = typed.filter(function (t) { return normalizeWord(t[0]) === word; })[0];
    return w ? w[0] : word;
  };
  var list = function (spell) { return approx.map(function (a) { return quoted(spell(a), text); }).join(text.namesSeparator); };
  return ' ' + text.approx
    .replace('{words}', list(function (a) { return asTyped(a.word); }))
    .replace('{as}', list(function (a) { return spelledFor(q, first, a.as); }));
}

// `surface` as the dispatch `rec` writes it ("București", not the
// index's "bucuresti"); a reader whose query `q` has no capitals is
// shown none.
export function spelledFor(q, rec, surface) {
  q = q || '';
  var spelt = spelling(rec, surface);
  // Full width (`ＤＡＲＶＡＮＤ`) only for a reader who typed it.
  if (q === halfWidth(q)) spelt = halfWidth(spelt);
  // Lowered, a Turkish `İ` keeps its dot as a mark of its own (`i̇`),
  // drawn as two by many fonts: it is an `i`.
  return q === q.toLowerCase() ? spelt.toLowerCase().replace(/i\u0307/g, 'i') : spelt;
}

// Phrases too common to check within PHRASE_CAP in all: the reader is told,
// and may check them in full ('' when every phrase was checked).
// `formatBytes` says the download's size.
export function uncheckedNote(text, match, formatBytes) {
  var unchecked = match ? match.unchecked : [];
  if (!unchecked.length) return '';
  var phrases = unchecked.map(function (u) { return text.quoteOpen + u.phrase + text.quoteClose; }).join(text.namesSeparator);
  var bytes = unchecked.reduce(function (a, u) { return a + u.bytes; }, 0);
  return text.unchecked.replace('{phrases}', phrases).replace('{size}', formatBytes(bytes));
}
