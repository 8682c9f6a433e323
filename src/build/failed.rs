//! The files that failed to load, named as references name them, so
//! that the archive stage holds back the errors about references to them
//! (a dispatch whose front matter is broken is not "missing": its own
//! error says what to fix).

use std::collections::HashSet;
use std::path::Path;

use crate::config::Config;
use crate::diagnostic::Diagnostics;

/// The ids and content paths of the files that failed to load, as far as
/// their text says (see `Targets::failed`).
pub(super) fn failed_files(config: &Config, diags: &Diagnostics) -> HashSet<String> {
    let files: HashSet<&Path> = diags
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.file.as_deref())
        .collect();
    let mut failed = HashSet::new();
    for rel in files {
        if let Ok(under) = rel.strip_prefix("content") {
            failed.insert(format!("/{}", crate::slug::nfc(&under.to_string_lossy())));
            // An entity file is referenced by its term (`@people/zed`).
            if let (Some(folder), Some(stem)) = (
                under.parent().and_then(|p| p.to_str()),
                under.file_stem().and_then(|s| s.to_str()),
            ) {
                if config.taxonomy(folder).is_some() {
                    failed.insert(format!("{folder}/{}", crate::slug::nfc(stem)));
                    // Misnamed (`Lena_Varga.md`), it is still the file of
                    // the term its name folds to.
                    failed.insert(format!("{folder}/{}", crate::slug::slugify(stem)));
                }
                // Or Hugo's way, a folder of its own (`lena-varga/index.md`).
                if let Some((taxonomy, name)) = folder.rsplit_once('/')
                    && matches!(stem, "index" | "_index")
                    && config.taxonomy(taxonomy).is_some()
                {
                    failed.insert(format!("{taxonomy}/{}", crate::slug::slugify(name)));
                }
            }
        }
        // Read lossily: a file refused for a stray byte that is not UTF-8
        // still says its id.
        let bytes = std::fs::read(config.root.join(rel)).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        // Lines ended by CR alone are lines too; and where the front
        // matter cannot be read at all (no `---`, `number: one`), the
        // file's name says the id meant.
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        if let Some(id) =
            crate::frontmatter::id_written(&text, config).or_else(|| id_of_name(rel, config))
        {
            failed.insert(id);
        }
    }
    failed
}

/// The id a dispatch file's name gives it: `sd-3.md`, or `3-title.md` in
/// a series' folder (`content/dispatches/special-dispatch/`), wherever
/// in content/ it is.
fn id_of_name(rel: &Path, config: &Config) -> Option<String> {
    let under = rel.strip_prefix("content").ok()?;
    let stem = under.file_stem()?.to_str()?;
    let digits = |s: &str| -> Option<String> {
        let d: String = s.chars().take_while(char::is_ascii_digit).collect();
        (!d.is_empty()).then(|| match d.trim_start_matches('0') {
            "" => "0".to_string(),
            n => n.to_string(),
        })
    };
    let lower = stem.to_lowercase();
    for series in &config.series {
        if let Some(n) = lower
            .strip_prefix(series.prefix.as_str())
            .and_then(|rest| rest.strip_prefix('-'))
            .and_then(digits)
        {
            return Some(format!("{}-{n}", series.prefix));
        }
    }
    let folder = under.parent()?.components().find_map(|c| {
        let key = c.as_os_str().to_str()?;
        config.series(key)
    })?;
    digits(stem).map(|n| format!("{}-{n}", folder.prefix))
}
