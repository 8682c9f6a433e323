//! The modules a linked script imports (`import … from './search-ui.js'`)
//! that no static folder has: the page links the script, the script is
//! there, but the browser stops at the missing import and the feature
//! (the search page) never starts, with nothing said at build time.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;

/// A warning for each relative import, of the scripts `linked` (site
/// paths) and of what they import in turn, that none of `folders` has
/// and that is not among `builtin` (the built-in theme's files, when it
/// is the theme). A later folder's file replaces an earlier one's, as in
/// the output.
pub(super) fn missing(linked: &[String], folders: &[PathBuf], builtin: &[&str]) -> Vec<Diagnostic> {
    let find = |rel: &str| {
        folders
            .iter()
            .rev()
            .map(|f| f.join(rel))
            .find(|p| p.is_file())
    };
    let mut said = Vec::new();
    let mut seen = BTreeSet::new();
    let mut todo: Vec<String> = linked.to_vec();
    while let Some(rel) = todo.pop() {
        if !seen.insert(rel.clone()) {
            continue;
        }
        let Some(file) = find(&rel) else { continue };
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let text: std::sync::Arc<str> = text.into();
        for (at, spec) in specifiers(&text) {
            let Some(target) = resolve(&rel, spec) else {
                continue;
            };
            if find(&target).is_some() {
                todo.push(target);
                continue;
            }
            if builtin.contains(&target.as_str()) {
                continue;
            }
            said.push(
                Diagnostic::warning(format!(
                    "this script imports `{spec}`, which no static folder has: the browser stops at it, and the script does not run"
                ))
                .in_file(&file)
                .at_span(&text, at..at + spec.len())
                .with_help(format!(
                    "add `{target}` to the theme's or the site's static/ (`annals theme NAME` copies the built-in theme's files)"
                )),
            );
        }
    }
    said
}

/// The relative module specifiers of `text` (`./x.js`, `../y.js`) after
/// `from` or a bare `import`, with their byte offsets.
fn specifiers(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    for keyword in ["from", "import"] {
        let mut from = 0;
        while let Some(i) = text[from..].find(keyword) {
            let after = from + i + keyword.len();
            from = after;
            let rest = &text[after..];
            let quoted = rest.trim_start();
            let Some(quote) = quoted.chars().next().filter(|c| matches!(c, '\'' | '"')) else {
                continue;
            };
            let start = after + (rest.len() - quoted.len()) + 1;
            let Some(len) = text[start..].find(quote) else {
                continue;
            };
            let spec = &text[start..start + len];
            if spec.starts_with("./") || spec.starts_with("../") {
                found.push((start, spec));
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// `spec` read from the script at site path `rel`, as a site path; `None`
/// if it leaves the site.
fn resolve(rel: &str, spec: &str) -> Option<String> {
    let mut parts: Vec<&str> = rel.split('/').collect();
    parts.pop();
    for part in spec.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let path = parts.join("/");
    (!path.is_empty()).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_imports_are_found_and_resolved() {
        let js = "import { a } from './a.js';\nimport \"../b.js\";\nimport x from 'lib';\nconst s = 'from';\n";
        let specs: Vec<&str> = specifiers(js).into_iter().map(|(_, s)| s).collect();
        assert_eq!(specs, ["./a.js", "../b.js"]);
        assert_eq!(resolve("js/main.js", "./a.js").as_deref(), Some("js/a.js"));
        assert_eq!(resolve("js/main.js", "../b.js").as_deref(), Some("b.js"));
        assert_eq!(resolve("main.js", "../b.js"), None);
    }

    #[test]
    fn a_missing_import_is_said_at_the_import() {
        let dir = tempfile::tempdir().unwrap();
        let js = "import { mount } from './ui.js';\nimport { x } from './there.js';\n";
        std::fs::write(dir.path().join("main.js"), js).unwrap();
        std::fs::write(dir.path().join("there.js"), "import './gone.js';").unwrap();
        let said = missing(
            &["main.js".to_string()],
            &[dir.path().to_path_buf()],
            &["x.js"],
        );
        let messages: Vec<(&str, usize)> =
            said.iter().map(|d| (d.message.as_str(), d.line)).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].0.contains("`./ui.js`"));
        assert!(said.iter().any(|d| d.message.contains("`./gone.js`")));
    }
}
