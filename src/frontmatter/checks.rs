//! Checks of front-matter values that the output carries as they are: a
//! term's slug, an id and an alias each make a folder or file name, which
//! file systems limit in length, and `language` is every page's `lang`.
//! A name too long is the editor's to shorten, so it is found here, at
//! the value, not when a write fails.

use crate::diagnostic::Diagnostic;
use crate::slug::{MAX_SEGMENT_BYTES, long_segment, shortened, slugify};
use crate::yaml::Input;

/// Why a name is limited, said once for every check.
const WHY: &str = "file systems allow 255 bytes for a file or folder name, and a letter \
                   outside ASCII takes 2 to 4 of them";

/// Every term of taxonomy `key` whose slug is too long to name its page's
/// folder.
pub(super) fn term_slugs(input: &Input, key: &str, names: &[String], errors: &mut Vec<Diagnostic>) {
    for name in names {
        let slug = slugify(name);
        if slug.len() <= MAX_SEGMENT_BYTES {
            continue;
        }
        let name = name.trim();
        errors.push(input.at_text(
            &[key],
            name,
            Diagnostic::error(format!(
                "`{key}` term `{}` is too long for a URL: its slug has {} bytes, at most {MAX_SEGMENT_BYTES} fit",
                shortened(name),
                slug.len()
            ))
            .with_help(format!(
                "shorten the name: its slug names the folder of the term's page, and {WHY}"
            )),
        ));
    }
}

/// An `id` too long to name the folder of an id-only dispatch's page.
pub(super) fn id_length(input: &Input, id: &str, errors: &mut Vec<Diagnostic>) {
    if id.len() > MAX_SEGMENT_BYTES {
        errors.push(
            input.at_value(
                &["id"],
                Diagnostic::error(format!(
                    "id `{}` is too long: {} bytes, at most {MAX_SEGMENT_BYTES} fit in a URL",
                    shortened(id),
                    id.len()
                ))
                .with_help(format!(
                    "use a shorter id: it names the folder of the page, and {WHY}"
                )),
            ),
        );
    }
}

/// An alias with a segment too long to be a folder or file name; `file`
/// is the file it is written to, percent escapes decoded.
pub(super) fn alias_segments(input: &Input, alias: &str, file: &str, errors: &mut Vec<Diagnostic>) {
    if let Some(long) = long_segment(file) {
        errors.push(input.at_text(
            &["aliases"],
            alias,
            Diagnostic::error(format!(
                "alias `{}` has a part too long for a file name: `{}` has {} bytes, at most {MAX_SEGMENT_BYTES} fit",
                shortened(alias),
                shortened(long),
                long.len()
            ))
            .with_help(format!(
                "a static host cannot serve this address; drop the alias or shorten it ({WHY})"
            )),
        ));
    }
}

/// A `language` that is not a language tag (see [`crate::lang`]).
pub(super) fn language(input: &Input, tag: &str, errors: &mut Vec<Diagnostic>) {
    if let Some(why) = crate::lang::problem(tag) {
        errors.push(
            input.at_value(
                &["language"],
                Diagnostic::error(format!("`language: {tag}` is not a language tag: {why}"))
                    .with_help(crate::lang::help(tag)),
            ),
        );
    }
}
