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

/// `text` with `query` (`?v=3f0c`) after each relative specifier of a
/// `.js` or `.mjs` module it imports or re-exports from that has no query
/// yet (see [`specifiers`]), or `None` when it has none.
pub(crate) fn with_query(text: &str, query: &str) -> Option<String> {
    let mut out = String::new();
    let mut copied = 0;
    for (at, spec) in specifiers(text) {
        if at < copied || spec.contains('?') || !(spec.ends_with(".js") || spec.ends_with(".mjs")) {
            continue;
        }
        let end = at + spec.len();
        out.push_str(text.get(copied..end)?);
        out.push_str(query);
        copied = end;
    }
    if copied == 0 {
        return None;
    }
    out.push_str(text.get(copied..)?);
    Some(out)
}

/// The relative module specifiers of `text`'s static imports (`./x.js`,
/// `../y.js`), with their byte offsets: of each `import` or `export`
/// statement, its first string, when it is the module's name: right
/// after `import`, or after a clause ending in `from`. Comments and
/// strings are skipped (no import there), and a statement starts the
/// text, follows a `;` or `}`, or starts a line (minified code, and code
/// without semicolons, too).
fn specifiers(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    for (keyword, from) in statements(text) {
        let rest = text.get(from..).unwrap_or_default();
        // The statement's first string, unless it ends before one; the
        // clause before it without its comments.
        let Some((open, clause)) = first_string(rest) else {
            continue;
        };
        let quote = rest[open..].chars().next().unwrap_or(';');
        let before = clause.trim();
        let clause_done = before.strip_suffix("from").is_some_and(|b| {
            b.is_empty() || b.ends_with(|c: char| c.is_whitespace() || matches!(c, '}' | '*'))
        });
        if !(clause_done || (keyword == "import" && before.is_empty())) {
            continue;
        }
        let spec_at = from + open + 1;
        let Some(len) = text[spec_at..].find([quote, '\n']) else {
            continue;
        };
        let spec = &text[spec_at..spec_at + len];
        if text[spec_at + len..].starts_with(quote)
            && (spec.starts_with("./") || spec.starts_with("../"))
        {
            found.push((spec_at, spec));
        }
    }
    found
}

/// Where the first string of `rest` (a statement after its keyword)
/// starts, and the text before it less comments; `None` when the
/// statement ends (`;`) or a template literal comes first.
fn first_string(rest: &str) -> Option<(usize, String)> {
    let mut clause = String::new();
    let mut i = 0;
    while let Some(c) = rest.get(i..).and_then(|r| r.chars().next()) {
        let here = &rest[i..];
        if here.starts_with("//") {
            i += here.find('\n').unwrap_or(here.len());
            clause.push(' ');
            continue;
        }
        if let Some(comment) = here.strip_prefix("/*") {
            i += comment.find("*/").map_or(here.len(), |j| j + 4);
            clause.push(' ');
            continue;
        }
        match c {
            '\'' | '"' => return Some((i, clause)),
            '`' | ';' => return None,
            _ => clause.push(c),
        }
        i += c.len_utf8();
    }
    None
}

/// Each `import` or `export` keyword of `text` that starts a statement,
/// outside comments and strings, with the offset just past it.
fn statements(text: &str) -> Vec<(&'static str, usize)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    // Whether a statement may start here: at the start, or after `;`,
    // `}` or a line break (with only spaces since).
    let mut may_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Inside a letter of several bytes (an identifier, a regex).
        let Some(rest) = text.get(i..) else {
            may_start = false;
            i += 1;
            continue;
        };
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
            continue;
        }
        if let Some(comment) = rest.strip_prefix("/*") {
            i += comment.find("*/").map_or(rest.len(), |j| j + 4);
            continue;
        }
        if matches!(b, b'"' | b'\'' | b'`') {
            // To the closing quote, past escaped characters.
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] != b {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            i = j + 1;
            may_start = false;
            continue;
        }
        if may_start {
            let keyword = ["import", "export"].into_iter().find(|k| {
                rest.strip_prefix(k).is_some_and(|r| {
                    r.starts_with(|c: char| {
                        c.is_whitespace() || matches!(c, '{' | '*' | '"' | '\'')
                    })
                })
            });
            if let Some(keyword) = keyword {
                found.push((keyword, i + keyword.len()));
                i += keyword.len();
                may_start = false;
                continue;
            }
        }
        may_start = match b {
            b';' | b'}' | b'\n' => true,
            b' ' | b'\t' | b'\r' => may_start,
            _ => false,
        };
        i += 1;
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
        // Minified: statements after `;` and `}` on one line.
        assert!(specifiers("const ы = 'é'; /ж/.test(x); // é\nimport 'ы';").is_empty());
        let min = "import{a}from\"./m.js\";const x=1;import\"./n.js\";if(x){}export*from'./o.js';var s='x;import q from \"./p.js\"'";
        let specs: Vec<&str> = specifiers(min).into_iter().map(|(_, s)| s).collect();
        assert_eq!(specs, ["./m.js", "./n.js", "./o.js"]);
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
