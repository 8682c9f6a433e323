//! Footnotes: numbered in order of first reference, each listed with a link
//! back to every place that cites it.
//!
//! pulldown-cmark parses footnotes but its HTML has no backreferences, so we
//! number and render them here.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event};

/// A numbered footnote and the places that cite it.
#[derive(Debug, Default)]
pub struct Footnote<'a> {
    pub label: String,
    pub number: usize,
    /// How many times it is referenced (one backreference each).
    pub references: usize,
    pub events: Vec<Event<'a>>,
    /// The citations in its definition, numbered only once the note is
    /// known to be shown (see [`Footnotes::defer`]): placeholder,
    /// label, offset.
    inner: Vec<(usize, String, usize)>,
    /// Byte offset (expanded text) of the first reference.
    pub first_ref: usize,
    /// The first definition's label as written and offset; none for a
    /// note cited but never defined.
    first_def: Option<(String, usize)>,
}

/// Footnotes of one document, by label.
#[derive(Debug, Default)]
pub struct Footnotes<'a> {
    notes: Vec<Footnote<'a>>,
    /// By label in lower case: as link labels in CommonMark, `[^TV]` and
    /// `[^tv]` are one note (an editor's slip otherwise gives an error
    /// and a warning that never mention each other).
    by_label: HashMap<String, usize>,
    /// Definitions in source order with their offsets, referenced or not.
    pub definitions: Vec<(String, usize)>,
    /// Second and later definitions of a label, with their offsets.
    /// Later definitions of a label: label as written, offset, and the
    /// first definition's label and offset.
    redefined: Vec<(String, usize, String, usize)>,
    /// Placeholders handed out by [`Footnotes::defer`].
    deferred: usize,
    /// The notes by number (note `n` at `n - 1`): numbering, and the
    /// walk of [`Footnotes::resolve`], need not look through every note
    /// (a study of thousands of notes would take quadratic time).
    by_number: Vec<usize>,
    /// The zero of the document's digits, which its markers show.
    zero_digit: Option<char>,
    /// The citations of the definition being read.
    pending: Vec<(usize, String, usize)>,
    /// Labels cited only from notes that are not shown, with the first
    /// such note's label: said with the warning that they are unused.
    cited_only_from: HashMap<String, String>,
    /// Labels never defined, cited only from notes that are not shown:
    /// still errors, with the first citation's offset.
    undefined_unshown: Vec<(String, usize)>,
}

/// The start of a placeholder for a citation inside a note (see
/// [`Footnotes::defer`]): U+001C, as the calls' tokens, which no content
/// file may hold.
const DEFERRED: &str = "\u{1C}FN";

impl<'a> Footnotes<'a> {
    /// The notes of a document whose markers show the digits whose zero
    /// is `zero_digit` (Western without one).
    pub fn with_digits(zero_digit: Option<char>) -> Self {
        Footnotes {
            zero_digit,
            ..Footnotes::default()
        }
    }

    fn slot(&mut self, label: &str) -> usize {
        let key = label_key(label);
        if let Some(&i) = self.by_label.get(&key) {
            return i;
        }
        self.notes.push(Footnote {
            label: label.to_string(),
            ..Footnote::default()
        });
        self.by_label.insert(key, self.notes.len() - 1);
        self.notes.len() - 1
    }

    /// Records a reference; returns the inline HTML for it.
    pub fn reference(&mut self, label: &str, offset: usize) -> String {
        let i = self.slot(label);
        let numbered = self.by_number.len();
        let note = &mut self.notes[i];
        if note.number == 0 {
            note.number = numbered + 1;
            note.first_ref = offset;
            self.by_number.push(i);
        }
        note.references += 1;
        let n = note.number;
        let id = ref_id(n, note.references);
        let shown = crate::lang::digits(n, self.zero_digit);
        format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{n}\" id=\"{id}\" role=\"doc-noteref\" aria-describedby=\"fn-{n}\">{shown}</a></sup>"
        )
    }

    /// Records a citation inside a note's definition; returns its
    /// placeholder, which [`resolve`](Self::resolve) replaces. A note
    /// cited only from a note that nothing shown cites is not shown
    /// either, so such a citation is numbered only once its note is
    /// known to be shown: numbering it at once would list notes and
    /// back-links to places that are on no page.
    pub fn defer(&mut self, label: &str, offset: usize) -> String {
        let k = self.deferred;
        self.deferred += 1;
        self.pending.push((k, label.to_string(), offset));
        format!("{DEFERRED}{k}\u{1C}")
    }

    /// Numbers the citations inside the notes that are shown: the body's
    /// notes in order, then those they cite, and so on (so a note cited
    /// only from notes comes after the body's, as in GFM).
    pub fn resolve(&mut self) {
        let mut html: HashMap<usize, String> = HashMap::new();
        // Numbering a note cited here appends it to `by_number`: its own
        // citations are walked in turn.
        let mut n = 0;
        while let Some(&i) = self.by_number.get(n) {
            for (k, label, offset) in std::mem::take(&mut self.notes[i].inner) {
                html.insert(k, self.reference(&label, offset));
            }
            n += 1;
        }
        for i in 0..self.notes.len() {
            for (_, label, offset) in std::mem::take(&mut self.notes[i].inner) {
                let from = self.notes[i].label.clone();
                let key = label_key(&label);
                match self.by_label.get(&key).map(|&t| (t, &self.notes[t])) {
                    // A note citing itself is no other note's reason.
                    Some((t, _)) if t == i => {}
                    Some((_, target)) if target.number > 0 => {}
                    Some((_, target)) if target.first_def.is_some() => {
                        self.cited_only_from.entry(key).or_insert(from);
                    }
                    _ => self.undefined_unshown.push((label, offset)),
                }
            }
        }
        if html.is_empty() {
            return;
        }
        for note in &mut self.notes {
            for event in &mut note.events {
                if let Event::InlineHtml(h) | Event::Html(h) = event
                    && let Some(k) = h
                        .strip_prefix(DEFERRED)
                        .and_then(|rest| rest.strip_suffix('\u{1C}'))
                        .and_then(|k| k.parse::<usize>().ok())
                {
                    *h = CowStr::from(html.remove(&k).unwrap_or_default());
                }
            }
        }
    }

    /// Whether the definition of `label` at `offset` is shown: its note
    /// is cited by what is shown, and it is the label's first definition.
    pub fn shown(&self, label: &str, offset: usize) -> bool {
        self.by_label
            .get(&label_key(label))
            .map(|&i| &self.notes[i])
            .is_some_and(|n| {
                n.number > 0 && n.first_def.as_ref().is_some_and(|(_, at)| *at == offset)
            })
    }

    /// The note that cites `label`, if it is cited only from notes that
    /// are not shown.
    pub fn cited_only_from(&self, label: &str) -> Option<&str> {
        self.cited_only_from
            .get(&label_key(label))
            .map(String::as_str)
    }

    pub fn define(&mut self, label: &str, offset: usize, events: Vec<Event<'a>>) {
        let inner = std::mem::take(&mut self.pending);
        let i = self.slot(label);
        self.definitions.push((label.to_string(), offset));
        let note = &mut self.notes[i];
        if let Some((first_label, first_at)) = note.first_def.clone() {
            self.redefined
                .push((label.to_string(), offset, first_label, first_at));
        } else {
            note.first_def = Some((label.to_string(), offset));
            note.events = events;
            note.inner = inner;
        }
    }

    /// Labels defined again after their first definition, with the
    /// offsets of the later ones (which are not shown).
    pub fn redefined(&self) -> impl Iterator<Item = (&str, usize)> {
        self.redefined.iter().map(|(l, at, _, _)| (l.as_str(), *at))
    }

    /// [`redefined`](Self::redefined), each with the first definition's
    /// label as written and offset.
    pub fn redefined_after(&self) -> impl Iterator<Item = (&str, usize, &str, usize)> {
        self.redefined
            .iter()
            .map(|(l, at, first, first_at)| (l.as_str(), *at, first.as_str(), *first_at))
    }

    /// Labels referenced but never defined, with the first reference's offset.
    pub fn undefined(&self) -> impl Iterator<Item = (&str, usize)> {
        self.notes
            .iter()
            .filter(|n| n.first_def.is_none() && n.number > 0)
            .map(|n| (n.label.as_str(), n.first_ref))
            .chain(
                self.undefined_unshown
                    .iter()
                    .map(|(label, at)| (label.as_str(), *at)),
            )
    }

    /// Definitions never referenced, with their offsets.
    pub fn unused(&self) -> impl Iterator<Item = (&str, usize)> {
        self.definitions.iter().filter_map(|(label, offset)| {
            let n = &self.notes[self.by_label[&label_key(label)]];
            (n.number == 0).then_some((label.as_str(), *offset))
        })
    }

    /// The ordered list of notes, or "" when there are none.
    /// How many notes are numbered (referenced): the list's length.
    pub fn numbered(&self) -> usize {
        self.notes.iter().filter(|n| n.number > 0).count()
    }

    /// Per listed note, in number order, its anchor by label
    /// (`fn-paper` for `[^paper]`), beside its `fn-3`: a link to it does
    /// not move to another note when one is added before it. None for a
    /// label of digits (`fn-2` is note 2's), one that slugs to nothing or
    /// to another label's, and one
    /// whose anchor is an id in `taken` (the page's headings and own ids)
    /// or the theme's (`fn-preview`, its note popup).
    pub fn label_ids(&self, taken: &[&str]) -> Vec<Option<String>> {
        let mut listed: Vec<&Footnote> = self
            .notes
            .iter()
            .filter(|n| n.number > 0 && n.first_def.is_some())
            .collect();
        listed.sort_by_key(|n| n.number);
        let slugs: Vec<String> = listed
            .iter()
            .map(|n| crate::slug::slugify(&n.label))
            .collect();
        // Counted and looked up by hash: a document may have thousands of
        // notes and headings.
        let mut count: std::collections::HashMap<&str, usize> = Default::default();
        for slug in &slugs {
            *count.entry(slug.as_str()).or_default() += 1;
        }
        let taken: std::collections::HashSet<&str> = taken.iter().copied().collect();
        slugs
            .iter()
            .map(|slug| {
                let id = format!("fn-{slug}");
                let usable = !slug.bytes().all(|b| b.is_ascii_digit())
                    && count.get(slug.as_str()) == Some(&1)
                    && !taken.contains(id.as_str())
                    && id != "fn-preview";
                usable.then_some(id)
            })
            .collect()
    }

    /// The notes of a document that reads right to left (`rtl`) get
    /// back links that point that way; their words are in `site_lang`
    /// when it is given (the document is in another language), as
    /// `words` writes them. `label_ids` are [`Footnotes::label_ids`].
    pub fn render(
        self,
        rtl: bool,
        (site_lang, words): (Option<&str>, &crate::words::Words),
        label_ids: Vec<Option<String>>,
    ) -> String {
        let mut notes: Vec<Footnote> = self
            .notes
            .into_iter()
            .filter(|n| n.number > 0 && n.first_def.is_some())
            .collect();
        if notes.is_empty() {
            return String::new();
        }
        notes.sort_by_key(|n| n.number);
        // Numbered in the document's digits where they are not the
        // Western ones (`lang::zero_digit`), as its markers are.
        let mut out = String::from(if self.zero_digit.is_some() {
            "<ol class=\"footnotes-list footnotes-persian\">\n"
        } else {
            "<ol class=\"footnotes-list\">\n"
        });
        for (note, label_id) in notes.into_iter().zip(label_ids) {
            let n = note.number;
            let mut body = String::new();
            pulldown_cmark::html::push_html(&mut body, note.events.into_iter());
            let mut backrefs = String::new();
            // Each link is one unit, its arrow beside its letter: `dir`
            // isolates it, or in a right-to-left note the bidi algorithm
            // would run "a ↩b ↩c" together as left-to-right text and part
            // the first arrow from its letter. The arrow points back, which
            // is rightwards there.
            let (dir, arrow) = if rtl { ("rtl", '↪') } else { ("ltr", '↩') };
            let lang = site_lang
                .map(|l| format!(" lang=\"{l}\""))
                .unwrap_or_default();
            for k in 1..=note.references {
                let mark = if note.references == 1 {
                    String::new()
                } else {
                    letter(k)
                };
                backrefs.push_str(&format!(
                    " <a href=\"#{}\" class=\"footnote-backref\" role=\"doc-backlink\" dir=\"{dir}\"><span class=\"footnote-arrow\" aria-hidden=\"true\">{arrow}</span>{}<span class=\"visually-hidden\"{lang}>{}</span></a>",
                    ref_id(n, k),
                    if mark.is_empty() { String::new() } else { format!("<sup aria-hidden=\"true\">{mark}</sup>") },
                    crate::escape::escape(&words.fill("back_to_reference", &[("n", &format!("{n}{mark}"))])),
                ));
            }
            let body = body.trim_end();
            // In the last paragraph, unless that is a shortcode's block
            // (`[^1]: {{ figure(...) }}`), or the end of one, which cannot
            // sit in a `<p>`.
            // (Most notes hold no call: their last paragraph is not read.)
            let in_calls = |head: &str| {
                super::tokens::has_token(head)
                    && head
                        .rfind("<p>")
                        .is_some_and(|i| super::tokens::only_tokens(&head[i + 3..], b"XC"))
            };
            let body = match body.strip_suffix("</p>") {
                Some(head) if !in_calls(head) => format!("{head}{backrefs}</p>"),
                _ => format!("{body}<p>{}</p>", backrefs.trim_start()),
            };
            // The label's anchor is an empty element of its own: an
            // element has one id.
            let anchor = label_id
                .map(|id| format!("<span id=\"{id}\" class=\"note-anchor\"></span>"))
                .unwrap_or_default();
            out.push_str(&format!(
                "<li id=\"fn-{n}\" class=\"footnote\">{anchor}{body}</li>\n"
            ));
        }
        out.push_str("</ol>\n");
        out
    }
}

fn ref_id(n: usize, k: usize) -> String {
    if k == 1 {
        format!("fnref-{n}")
    } else {
        format!("fnref-{n}-{k}")
    }
}

/// a, b, ... z, aa, ab ...: the marks of a note's backreferences.
fn letter(k: usize) -> String {
    let mut k = k;
    let mut s = Vec::new();
    while k > 0 {
        k -= 1;
        s.push(b'a' + (k % 26) as u8);
        k /= 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Footnote labels referenced as plain text: GFM leaves `[^x]` as text when
/// no definition exists, so an undefined note only shows up this way.
///
/// `source` is the Markdown of a run of text, as written: a marker the
/// writer escaped (`\[^x]`, `[^x\]`) or wrote with character references
/// (`&#91;^x&#93;`) is text, not a citation, and is not in it as `[^x]`.
pub fn text_references(source: &str) -> impl Iterator<Item = (usize, &str)> {
    source.match_indices("[^").filter_map(move |(i, _)| {
        let (label, after) = marker_at(source, i)?;
        let is_definition = source.get(after..).is_some_and(|r| r.starts_with(':'));
        (!is_definition).then_some((i, label))
    })
}

/// The label of the note marker `[^label]` written at `i` (where `[^`
/// is) and where the marker ends, if it is one: a label of one line,
/// without a backslash and not starting or ending with a space (inner
/// spaces are allowed, as in a defined note's label), and the marker not
/// escaped (`\[^x]`).
pub fn marker_at(text: &str, i: usize) -> Option<(&str, usize)> {
    let rest = text.get(i + 2..)?;
    let end = rest.find(']')?;
    let label = rest.get(..end)?;
    let valid = !label.is_empty()
        && label.trim() == label
        && !label.contains(['\n', '\r', '\\'])
        && !escaped(text, i);
    valid.then_some((label, i + 2 + end + 1))
}

/// Whether the char at `i` is escaped: an odd number of backslashes
/// before it.
pub fn escaped(text: &str, i: usize) -> bool {
    let before = text.get(..i).unwrap_or_default();
    before.bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

pub fn html(s: String) -> Event<'static> {
    Event::InlineHtml(CowStr::from(s))
}

/// How labels are matched: without regard to case, as CommonMark says.
/// (Not to Unicode form: the parser, which makes the markers, tells
/// `[^café]` typed with a composed `é` from one typed with `e` and an
/// accent; see `note_diags.rs`.)
fn label_key(label: &str) -> String {
    label.to_lowercase()
}

/// `label` as it reads, whatever the Unicode form of its accents.
pub(super) fn label_read(label: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    label.nfc().collect::<String>().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(letter(1), "a");
        assert_eq!(letter(26), "z");
        assert_eq!(letter(27), "aa");
    }

    #[test]
    fn plain_text_references() {
        let found: Vec<_> = text_references("see [^9] and [^x]: def [^ no]").collect();
        assert_eq!(found, vec![(4, "9")]);
    }
}
