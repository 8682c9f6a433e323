//! Whether a site's own `dispatch.html` shows what every dispatch page
//! must: its body and its notes. A template written from scratch that
//! leaves out `d.footnotes` publishes note markers that link to nothing,
//! and one that leaves out `d.body` pages with no text, while search
//! still finds their words; nothing else would tell the editor.

use crate::archive::Archive;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, floor_char_boundary};
use crate::output::Staging;
use crate::render::bodies::Bodies;
use crate::templates::Templates;

/// Bytes of a body's HTML looked for in its page.
const SAMPLE: usize = 64;

/// A warning for each of the body and the notes that the site's own
/// `dispatch.html` does not show: looked for on the written page of the
/// archive's first dispatch that has one.
pub(super) fn missing(
    config: &Config,
    archive: &Archive,
    templates: &Templates,
    bodies: &Bodies,
    staging: &Staging,
) -> Vec<Diagnostic> {
    let Some(template) = templates.own_file("dispatch.html") else {
        return Vec::new();
    };
    let page = |i: usize| staging.written().page_text(&page_file(archive, i));
    let mut said = Vec::new();
    let (with_text, with_notes) = samples(config, archive, templates);
    if let Some(i) = with_text
        && let Ok(body) = bodies.dispatch(&archive.dispatches[i])
        && let Some(page) = page(i)
    {
        let end = floor_char_boundary(&body.html, SAMPLE);
        // Its words, too: a template may show the body through a filter
        // (`replace`) that changes its markup. Not words the page shows
        // anyway: a summary may repeat the first sentence.
        let d = &archive.dispatches[i];
        let words = plain_runs(&body.text).find(|w| !d.summary.contains(w) && !d.title.contains(w));
        if !page.contains(&body.html[..end]) && !words.is_some_and(|w| page.contains(w)) {
            said.push(
                Diagnostic::warning(
                    "`dispatch.html` does not show `d.body`: dispatch pages would have no text, \
                     though search finds their words",
                )
                .in_file(template)
                .with_help("show it where the text goes: `{{ d.body | safe }}`"),
            );
        }
    }
    if let Some(page) = with_notes.and_then(page)
        && !page.contains("id=\"fn-1\"")
    {
        // Written without `| safe`, the notes' HTML is shown as text.
        let message = if page.contains("&lt;ol class=&quot;footnotes-list") {
            "`dispatch.html` shows `d.footnotes` escaped: readers see the notes' HTML as text, \
             and note markers link to nothing"
        } else {
            "`dispatch.html` does not show `d.footnotes`: note markers would link to notes \
             that are not on the page"
        };
        said.push(
            Diagnostic::warning(message)
                .in_file(template)
                .with_help("show them after the text: `{{ d.footnotes | safe }}`"),
        );
    }
    said
}

/// The dispatches whose pages are looked at: the archive's first with
/// text, and its first with notes, of those whose page no static file
/// replaces (the template did not write what is published there).
fn samples(
    config: &Config,
    archive: &Archive,
    templates: &Templates,
) -> (Option<usize>, Option<usize>) {
    let site_static = config.root.join("static");
    let folders: Vec<&std::path::Path> = templates
        .theme_static_dir()
        .into_iter()
        .chain([site_static.as_path()])
        .collect();
    let own = |i: &usize| {
        let file = page_file(archive, *i);
        !folders.iter().any(|f| f.join(&file).is_file())
    };
    let dispatches = &archive.dispatches;
    let first = |has: &dyn Fn(usize) -> bool| (0..dispatches.len()).filter(|&i| has(i)).find(own);
    (
        first(&|i| dispatches[i].rendered.text_len > 0),
        first(&|i| dispatches[i].rendered.notes > 0),
    )
}

fn page_file(archive: &Archive, i: usize) -> String {
    crate::render::output_file(&archive.dispatches[i].path)
}

/// The pages [`missing`] reads, which a check's site (written nowhere)
/// must keep.
pub(super) fn pages_read(
    config: &Config,
    archive: &Archive,
    templates: &Templates,
) -> std::collections::HashSet<String> {
    let (text, notes) = samples(config, archive, templates);
    [text, notes]
        .into_iter()
        .flatten()
        .map(|i| page_file(archive, i))
        .collect()
}

/// The runs of 24 characters of `text` that are letters, digits or
/// spaces (which HTML shows as they are), within its first kilobytes, one
/// after the other.
fn plain_runs(text: &str) -> impl Iterator<Item = &str> {
    const LEN: usize = 24;
    let head = &text[..floor_char_boundary(text, 4096)];
    let mut start: Option<usize> = None;
    head.char_indices().filter_map(move |(i, c)| {
        if !(c.is_alphanumeric() || c == ' ') {
            start = None;
            return None;
        }
        let from = *start.get_or_insert(i);
        if head[from..i].chars().count() + 1 < LEN {
            return None;
        }
        start = None;
        Some(&head[from..i + c.len_utf8()])
    })
}

#[cfg(test)]
mod tests {
    use super::plain_runs;

    #[test]
    fn plain_runs_are_letters_digits_and_spaces() {
        let runs: Vec<&str> =
            plain_runs("A & B. The harbour closed at noon today and the port is open").collect();
        assert_eq!(
            runs,
            [" The harbour closed at n", "oon today and the port i"]
        );
        assert_eq!(plain_runs("short & <b>").next(), None);
    }
}
