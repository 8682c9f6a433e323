//! The text checks every file read from the site passes (content files
//! and `annals.yaml`): UTF-8, and no character that the XML of the feeds
//! and sitemap cannot carry; and reading a content file's text, checked
//! before anything parses it. Apart from loading because both the content
//! stage and the config stage use them.

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// The text of the content file at `path` (shown as `rel`), read and
/// checked before anything parses it: readable, UTF-8, without NULs, and
/// without a merge conflict left in it.
pub(super) fn read_source(path: &Path, rel: &Path) -> Result<String, Vec<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|e| {
        let d = Diagnostic::error(format!("cannot read file: {e}")).in_file(rel);
        // Listed, then gone: moved or deleted while the build ran.
        vec![match e.kind() {
            std::io::ErrorKind::NotFound => d.with_help(
                "it was removed or moved while the build read the folder: build again once the files are in place",
            ),
            std::io::ErrorKind::PermissionDenied => {
                d.with_help("give yourself the right to read it (`chmod u+r`), or move it out of content/")
            }
            _ => match crate::limits::help(&e) {
                Some(help) => d.with_help(help),
                None => d,
            },
        }]
    })?;
    let text = utf8_text(bytes, rel).map_err(|d| {
        vec![d.with_help("save the file as UTF-8; a binary file does not belong in content/")]
    })?;
    if let Some(at) = text.find('\0') {
        let (line, column) = crate::diagnostic::line_col(&text, at);
        // One or two stray NULs are a slip in a text; many are a file
        // that is no UTF-8 text (UTF-16 without its byte order mark, or
        // binary).
        let many = text.bytes().filter(|&b| b == 0).count() * 20 > text.len().max(40);
        let d = if many {
            Diagnostic::error("file is full of NUL characters: it is not UTF-8 text")
                .with_help("save it as UTF-8 (an editor that saved UTF-16 may say \"Unicode\"); a binary file belongs in static/")
        } else {
            Diagnostic::error("file contains a NUL character, which no page or feed can carry")
                .with_help("remove it (an editor shows it as `^@` or `\\0`); if this is not a Markdown file at all, it belongs in static/")
        };
        return Err(vec![d.in_file(rel).at(line, column)]);
    }
    // A merge left unresolved: one error a conflict, rather than what
    // YAML or Markdown would make of its lines.
    let conflicts = crate::conflict::errors(&text, true, rel);
    if !conflicts.is_empty() {
        return Err(conflicts);
    }
    Ok(text)
}

/// Errors at the characters of `text` (the file `rel`) that XML cannot
/// carry, in order: feeds and sitemaps would be invalid. The first few
/// are said one by one, the rest counted in one error at the next (a
/// document pasted from a word processor may hold hundreds of form
/// feeds, and each must go).
pub(crate) fn control_characters(text: &str, rel: &Path) -> Vec<Diagnostic> {
    const SAID: usize = 10;
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = not_in_xml(text.as_bytes(), from) {
        found.push(at);
        from = at + 1;
    }
    let place = |at: usize| crate::diagnostic::line_col(text, at);
    let mut out: Vec<Diagnostic> = found
        .iter()
        .take(SAID)
        .map(|&at| {
            let c = text[at..].chars().next().unwrap_or_default();
            let help = match latin1_misread(c) {
                Some(meant) => format!(
                    "it is how `{meant}` reads in text decoded as Latin-1 (pasted from a \
                     Windows tool): replace it with `{meant}`, here and wherever else it is"
                ),
                None if c < ' ' => "delete it: feeds and sitemaps are XML, which cannot carry \
                                    it (text pasted from old documents often has form feeds)"
                    .to_string(),
                None => "delete it: feeds and pages cannot carry it".to_string(),
            };
            Diagnostic::error(format!("{} U+{:04X} in the text", kind(c).1, u32::from(c)))
                .in_file(rel)
                .at(place(at).0, place(at).1)
                .with_help(help)
        })
        .collect();
    if let Some(&at) = found.get(SAID) {
        out.push(
            Diagnostic::error(format!(
                "{} more invisible control characters in the text, from here on",
                found.len() - SAID
            ))
            .in_file(rel)
            .at(place(at).0, place(at).1)
            .with_help(
                "delete them all: a search and replace of the character (a form feed is \
                 `\\f`, U+000C) removes them at once",
            ),
        );
    }
    out
}

/// Whether `c` is no character for the feeds, the sitemap or a page:
/// a control other than tab and line breaks (C0, DEL, C1), which XML
/// cannot carry or HTML reads as an error, or a noncharacter (U+FDD0 to
/// U+FDEF, and the last two of every plane, U+FFFE, U+FFFF ... U+10FFFF).
pub(crate) fn is_not_text(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{FDD0}'..='\u{FDEF}')
        || u32::from(c) & 0xFFFE == 0xFFFE
}

/// A char that shows nothing, though not whitespace to
/// `char::is_whitespace`: zero-width spaces, joiners and marks, bidi
/// controls, fillers (Hangul, Braille blank) and the byte order mark.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
    )
}

/// "invisible control character" or "noncharacter", for `c`, with its
/// article apart: ("an", "invisible control character").
pub(crate) fn kind(c: char) -> (&'static str, &'static str) {
    if c.is_control() {
        ("an", "invisible control character")
    } else {
        ("a", "noncharacter")
    }
}

/// The character that Windows-1252 writes with the byte of C1 control
/// `c`: text decoded as Latin-1 holds U+0093 where its author typed `“`.
pub(crate) fn latin1_misread(c: char) -> Option<char> {
    const HIGH: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0',
        '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    let i = u32::from(c).checked_sub(0x80)?;
    HIGH.get(i as usize).copied().filter(|&m| m != '\0')
}

/// The offset of the first character that is no text (see
/// [`is_not_text`]; NUL is rejected earlier, as a sign of a binary file).
/// Every file passes through here, so the bytes are tested a block at a
/// time, without early exits, which the compiler turns into vector code;
/// a flagged block is then searched.
pub(crate) fn not_in_xml(bytes: &[u8], from: usize) -> Option<usize> {
    const BLOCK: usize = 64;
    // The first bytes of DEL, of C1 (C2 80..9F) and of the noncharacters
    // (EF B7 90..AF, EF BF BE..BF, and past the first plane F0..F4 xF BF
    // BE..BF).
    let control = |b: u8| (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') | (b == 0x7F);
    let suspect = |b: u8| control(b) | (b == 0xC2) | (b == 0xEF) | (b >= 0xF0);
    let rest = bytes.get(from..).unwrap_or_default();
    for (i, block) in rest.chunks(BLOCK).enumerate() {
        if !block.iter().fold(false, |any, &b| any | suspect(b)) {
            continue;
        }
        let base = from + i * BLOCK;
        for (j, &b) in block.iter().enumerate() {
            let at = base + j;
            let bad = match b {
                0xC2 => matches!(bytes.get(at + 1), Some(0x80..=0x9F)),
                0xEF => matches!(
                    bytes.get(at + 1..at + 3),
                    Some([0xBF, 0xBE | 0xBF] | [0xB7, 0x90..=0xAF])
                ),
                0xF0..=0xF4 => matches!(
                    bytes.get(at + 1..at + 4),
                    Some(&[b1, 0xBF, 0xBE | 0xBF]) if b1 & 0x0F == 0x0F
                ),
                _ => control(b),
            };
            if bad {
                return Some(at);
            }
        }
    }
    None
}

/// `bytes` as text, or an error at the first byte that is not UTF-8
/// (a Latin-1 `é`), for the caller to give its help.
pub fn utf8_text(bytes: Vec<u8>, rel: &Path) -> Result<String, Diagnostic> {
    // Windows tools save "Unicode" as UTF-16, which starts with its mark.
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Diagnostic::error("file is UTF-16 text, not UTF-8")
            .in_file(rel)
            .at(1, 1));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
        let (line, column) = crate::diagnostic::line_col(&valid, valid.len());
        Diagnostic::error("file is not valid UTF-8 text")
            .in_file(rel)
            .at(line, column)
    })
}

#[cfg(test)]
mod tests {
    use super::{control_characters, not_in_xml, read_source};

    /// Listed, then gone before it was read: said so, with what to do.
    #[test]
    fn a_file_gone_while_the_build_ran_is_said_to_be() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone.md");
        let rel = std::path::Path::new("content/dispatches/gone.md");
        let diags = read_source(&gone, rel).unwrap_err();
        let help = diags[0].help.clone().unwrap_or_default();
        assert!(help.contains("removed or moved while the build"), "{help}");
    }

    #[test]
    fn every_control_character_is_said_and_many_are_counted() {
        let rel = std::path::Path::new("a.md");
        let three = control_characters("one\x0c\n\ntwo\x0c\n\nthree\x1b\n", rel);
        let at: Vec<_> = three.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(at, [(1, 4), (3, 4), (5, 6)]);
        let many = control_characters(&"page\x0c\n".repeat(15), rel);
        assert_eq!(many.len(), 11);
        assert!(
            many[10]
                .message
                .starts_with("5 more invisible control characters")
        );
        assert_eq!(many[10].line, 11);
    }

    #[test]
    fn finds_what_xml_cannot_carry() {
        assert_eq!(
            not_in_xml("tab\tand\r\nbreaks, Persian گ, BOM \u{feff}".as_bytes(), 0),
            None
        );
        assert_eq!(not_in_xml(b"form\x0cfeed", 0), Some(4));
        // Past the first block, and a noncharacter across a block's end.
        let mut text = "a".repeat(63);
        text.push('\u{FFFF}');
        assert_eq!(not_in_xml(text.as_bytes(), 0), Some(63));
        let late = format!("{}\x1b", "é".repeat(100));
        assert_eq!(not_in_xml(late.as_bytes(), 0), Some(200));
        // DEL, C1 controls and the other noncharacters; not the letters
        // beside them.
        for (text, at) in [
            ("a\u{7F}", 1),
            ("quote \u{93}x\u{94}", 6),
            ("é\u{85}", 2),
            ("x\u{FDD0}", 1),
            ("x\u{FDEF}", 1),
            ("x\u{1FFFE}", 1),
            ("x\u{2FFFF}", 1),
            ("x\u{10FFFF}", 1),
        ] {
            assert_eq!(not_in_xml(text.as_bytes(), 0), Some(at), "{text:?}");
        }
        assert_eq!(
            not_in_xml(
                "é ¡ ÿ Ā \u{FDCF} \u{FDF0} \u{FFFD} 😀 \u{1FFFD} \u{20000} \u{10FFFD}".as_bytes(),
                0
            ),
            None
        );
    }

    #[test]
    fn a_c1_control_is_told_as_the_character_latin_1_misread() {
        let said = control_characters(
            "He said \u{93}no\u{94}.\u{81}",
            std::path::Path::new("a.md"),
        );
        assert_eq!(said.len(), 3);
        assert_eq!(
            said[0].message,
            "invisible control character U+0093 in the text"
        );
        assert!(
            said[0]
                .help
                .as_deref()
                .unwrap_or_default()
                .contains("replace it with `“`")
        );
        assert!(
            said[2]
                .help
                .as_deref()
                .unwrap_or_default()
                .starts_with("delete it")
        );
    }
}
