//! Front matter written as TOML, Hugo's and Zola's `+++` blocks: each
//! `key = value` line found, with the YAML line that says the same.

/// A line of front matter written as TOML (`title = "X"`): the range of
/// its ` = ` and the line as YAML writes it.
pub struct TomlLine {
    pub line: std::ops::Range<usize>,
    pub equals: std::ops::Range<usize>,
    pub yaml: String,
}

/// The top-level lines of `yaml` that are TOML's `key = value`.
pub fn toml_lines(yaml: &str) -> Vec<TomlLine> {
    let mut found = Vec::new();
    let mut start = 0;
    for line in yaml.split_inclusive('\n') {
        let text = line.trim_end();
        if let Some(equals) = toml_equals(text) {
            let key = text[..equals.start].trim_end();
            let value = text[equals.end..].trim_start();
            found.push(TomlLine {
                line: start..start + text.len(),
                equals: start + equals.start..start + equals.end,
                yaml: format!("{key}: {value}"),
            });
        }
        start += line.len();
    }
    found
}

/// A line `key = value` of a TOML site config (Hugo's `hugo.toml`, Zola's
/// `config.toml`) copied in as annals.yaml, indented or not.
pub struct ConfigLine {
    pub line: std::ops::Range<usize>,
    pub equals: std::ops::Range<usize>,
    pub key: String,
    pub value: String,
    /// The `[table]` it is in (`params`, `markdown.highlighting`).
    pub table: Option<String>,
}

/// The `key = value` lines of a TOML config, each with its table; none
/// for a YAML file, whose text may have such lines inside a value (a `|`
/// block), but never at the left edge, nor a `[table]` line there.
pub fn toml_config_lines(text: &str) -> Vec<ConfigLine> {
    let toml = text.lines().any(|line| {
        toml_equals(line.trim_end()).is_some()
            || (line.starts_with('[') && line.trim_end().ends_with(']') && !line.contains(", "))
    });
    if !toml {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut table = None;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let indent = line.len() - line.trim_start().len();
        if let Some(name) = trimmed
            .strip_prefix('[')
            .and_then(|t| t.strip_suffix(']'))
            .map(|t| t.trim_matches(['[', ']', ' ']))
            .filter(|t| !t.is_empty() && !t.contains([',', '"', ' ']))
        {
            table = Some(name.to_string());
        } else if let Some(equals) = toml_equals(trimmed).filter(|_| indent == 0 || table.is_some())
        {
            found.push(ConfigLine {
                line: start + indent..start + indent + trimmed.len(),
                equals: start + indent + equals.start..start + indent + equals.end,
                key: trimmed[..equals.start]
                    .trim_end()
                    .trim_matches('"')
                    .to_string(),
                value: trimmed[equals.end..].trim_start().to_string(),
                table: table.clone(),
            });
        }
        start += line.len();
    }
    found
}

/// The range of `=` with the spaces around it in a line `key = value`,
/// where the key starts the line (YAML would need `key:`).
fn toml_equals(line: &str) -> Option<std::ops::Range<usize>> {
    let first = line.chars().next()?;
    if !(first.is_ascii_alphabetic() || first == '_' || first == '"') {
        return None;
    }
    let eq = line.find('=')?;
    let key = line[..eq].trim_end();
    let plain = key
        .chars()
        .all(|c| c.is_alphanumeric() || "_-.".contains(c));
    let quoted = key.len() > 1 && key.starts_with('"') && key.ends_with('"');
    if key.is_empty() || !(plain || quoted) {
        return None;
    }
    let after = line[eq + 1..].len() - line[eq + 1..].trim_start().len();
    Some(key.len()..eq + 1 + after)
}

/// `yaml` with each TOML line's ` = ` made `:` and spaces, so that the
/// rest can be read as YAML at the same byte offsets.
pub fn as_yaml(yaml: &str, lines: &[TomlLine]) -> String {
    let mut out = yaml.to_string();
    for l in lines {
        let width = l.equals.len();
        out.replace_range(l.equals.clone(), &format!(":{}", " ".repeat(width - 1)));
    }
    out
}

/// The first `key = value` line of a file with TOML front matter, as
/// YAML, for the example in the help.
fn toml_example(text: &str) -> String {
    toml_lines(text)
        .into_iter()
        .next()
        .map_or_else(|| "title: \"X\"".to_string(), |l| l.yaml)
}

/// The error and help for a file whose front matter is TOML between
/// `+++` lines, or `None` when it does not start with one.
pub fn toml_fence(text: &str) -> Option<(String, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next()?;
    (first.trim_end() == "+++").then(|| {
        // Where the keys of each table of the front matter go.
        let front = text.lines().skip(1).take_while(|l| l.trim_end() != "+++");
        let tables: Vec<String> = front
            .map(str::trim)
            .filter(|l| l.starts_with('[') && l.ends_with(']'))
            .map(|l| {
                let name = l.trim_matches(['[', ']']).trim();
                let key = name.rsplit('.').next().unwrap_or(name);
                if l.starts_with("[[") {
                    format!("`{l}` becomes a list of maps under `{key}:` (`- key: value`)")
                } else if name == "taxonomies" {
                    format!("the keys of `{l}` go to the top level (`tags: [a]`, or an annals taxonomy key such as `topics:`)")
                } else if name.contains('.') {
                    format!("the keys of `{l}` go under `{key}:`, inside `{}:`", name.split('.').next().unwrap_or(name))
                } else {
                    format!("the keys of `{l}` go under `{name}:`, indented two spaces")
                }
            })
            .collect();
        let tables = if tables.is_empty() {
            String::new()
        } else {
            format!("; {}", tables.join("; "))
        };
        (
            "the front matter is TOML (between `+++` lines), which annals does not read"
                .to_string(),
            format!(
                "annals reads YAML: make both `+++` lines `---`, and write each `key = value` \
                 line as `key: value` (e.g. `{}`){tables}",
                toml_example(text)
            ),
        )
    })
}
