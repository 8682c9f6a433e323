//! Loading every template into one Tera instance, and when that fails,
//! finding every fault between templates: Tera stops at the first template
//! in a loop or with a missing parent, so that one is left out and the
//! rest loaded again.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use tera::Tera;

use super::errors;
use super::filters::new_tera;
use crate::config::Rooting;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::words::Words;

/// A Tera instance holding `sources` but those `left_out`.
pub(super) fn load_all(
    rooting: Rooting<'_>,
    words: &Words,
    sources: &BTreeMap<String, (String, PathBuf)>,
    left_out: &BTreeSet<String>,
) -> Result<Tera, tera::Error> {
    let mut tera = new_tera(rooting, words);
    tera.add_raw_templates(
        sources
            .iter()
            .filter(|(n, _)| !left_out.contains(*n))
            .map(|(n, (s, _))| (n.as_str(), s.as_str())),
    )?;
    Ok(tera)
}

/// Reports `first`, the error of loading every template, and the ones
/// after it: Tera stops at the first template in a loop or with a missing
/// parent, so that template is left out and the rest loaded again, until
/// they load or report something else (at most [`MAX_ROUNDS`] rounds).
/// Templates `left_out` already (they do not parse) stay out.
pub(super) fn between_templates(
    rooting: Rooting<'_>,
    words: &Words,
    sources: &BTreeMap<String, (String, PathBuf)>,
    origins: &errors::Origins,
    first: tera::Error,
    mut left_out: BTreeSet<String>,
    diags: &mut Diagnostics,
) {
    // A theme template not overridden is also `theme/NAME`, from the same
    // file: its faults are said once, as NAME's.
    let twin = |name: &str| {
        name.strip_prefix("theme/")
            .and_then(|n| sources.get(n))
            .zip(sources.get(name))
            .is_some_and(|((_, a), (_, b))| a == b)
    };
    let mut rounds = 0;
    let mut error = Some(first);
    while let Some(e) = error.take() {
        let culprit = errors::culprit(&e).map(str::to_string);
        if culprit.as_deref().is_some_and(|c| !twin(c)) {
            if rounds == MAX_ROUNDS {
                diags.push(
                    Diagnostic::warning(format!(
                        "more templates than these {MAX_ROUNDS} are in a loop or extend a missing parent"
                    ))
                    .in_file("templates")
                    .with_help("fix these and build again to see the rest"),
                );
                break;
            }
            rounds += 1;
        }
        // An error that names a template left out follows from that one.
        let follows = |d: &Diagnostic| {
            left_out
                .iter()
                .any(|n| d.message.contains(&format!("`{n}`")))
        };
        if !culprit.as_deref().is_some_and(twin) {
            diags.extend(
                errors::diagnostics(&e, "", origins)
                    .into_iter()
                    .filter(|d| !follows(d)),
            );
        }
        if let Some(culprit) = culprit
            && left_out.insert(culprit)
        {
            error = load_all(rooting, words, sources, &left_out).err();
        }
    }
}

/// A Tera instance of every template that loads, and the names of those
/// that do not: the ones `left_out` already and every one an error blames
/// (with those that need one of them). It is enough to check content while
/// the theme is broken; `None` when an error blames no template.
pub(super) fn partial(
    rooting: Rooting<'_>,
    words: &Words,
    sources: &BTreeMap<String, (String, PathBuf)>,
    mut left_out: BTreeSet<String>,
) -> Option<(Tera, BTreeSet<String>)> {
    for _ in 0..=MAX_ROUNDS {
        match load_all(rooting, words, sources, &left_out) {
            Ok(tera) => return Some((tera, left_out)),
            Err(e) => {
                let before = left_out.len();
                left_out.extend(errors::blamed(&e));
                if left_out.len() == before {
                    return None;
                }
            }
        }
    }
    None
}

/// Rounds of [`between_templates`]: each loads every template again.
const MAX_ROUNDS: usize = 100;
