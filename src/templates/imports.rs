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

/// The relative module specifiers of `text`'s static imports (`./x.js`,
/// `../y.js`), with their byte offsets: of the statements that start a
/// line with `import` or `export` outside a block comment, the quoted
/// name after `from` or right after `import`. (Comments, strings and
/// dynamic `import()` are not imports a browser must find to start.)
fn specifiers(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut in_comment = false;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let code = line.trim_start();
        if in_comment {
            in_comment = !line.contains("*/");
            continue;
        }
        if let Some(comment) = code.strip_prefix("/*") {
            in_comment = !comment.contains("*/");
            continue;
        }
        let keyword = ["import", "export"].into_iter().find(|k| {
            code.strip_prefix(k)
                .is_some_and(|r| r.starts_with([' ', '{', '*', '"', '\'']))
        });
        let Some(keyword) = keyword else { continue };
        // The statement, up to its `;` (an import may span lines).
        let from = start + (line.len() - code.len()) + keyword.len();
        let end = text[from..].find(';').map_or(text.len(), |i| from + i);
        let statement = &text[from..end];
        let quoted = match statement.rfind("from") {
            Some(i) => &statement[i + 4..],
            None if keyword == "import" => statement,
            None => continue,
        };
        let spaces = quoted.len() - quoted.trim_start().len();
        let Some(quote) = quoted
            .trim_start()
            .chars()
            .next()
            .filter(|c| matches!(c, '\'' | '"'))
        else {
            continue;
        };
        let spec_at = end - quoted.len() + spaces + 1;
        let Some(len) = text[spec_at..end].find(quote) else {
            continue;
        };
        let spec = &text[spec_at..spec_at + len];
        if spec.starts_with("./") || spec.starts_with("../") {
            found.push((spec_at, spec));
        }
    }
    found
}

/// `spec` read from the script at site path `rel`, as a site path; `None`
/// if it leaves the site.
fn resolve(rel: &str, spec: &str) -> Option<String> {
    // A query or fragment (`./x.js?v=2`) names the same file.
    let spec = spec.split(['?', '#']).next().unwrap_or(spec);
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
        let js = "import { a } from './a.js';\nimport \"../b.js\";\nimport x from 'lib';\nconst s = 'from';\n\
                  import {\n  c,\n  d,\n} from \"./c.js\";\nexport { e } from './e.js?v=2';\n\
                  // import { old } from './old.js';\n/* import b from \"./block.js\";\n import z from './z.js'; */\n\
                  const t = \"import q from './in-string.js'\";\nconst m = import('./dynamic.js');\n";
        let specs: Vec<&str> = specifiers(js).into_iter().map(|(_, s)| s).collect();
        assert_eq!(specs, ["./a.js", "../b.js", "./c.js", "./e.js?v=2"]);
        let (at, spec) = specifiers(js)[2];
        assert_eq!(&js[at..at + spec.len()], "./c.js");
        assert_eq!(resolve("main.js", "./e.js?v=2").as_deref(), Some("e.js"));
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
