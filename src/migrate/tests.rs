//! The tables of foreign names, and taxonomies written Hugo's way.

use super::*;

#[test]
fn foreign_keys_are_found_in_any_case() {
    let (help, meant) = front_matter_key("lastmod").unwrap();
    assert_eq!(help, "annals calls this `updated`: rename the key");
    assert_eq!(meant, Some("updated"));
    assert_eq!(front_matter_key("Description").unwrap().1, Some("summary"));
    assert_eq!(
        front_matter_key("last_modified_at").unwrap().1,
        Some("updated")
    );
    let (help, meant) = front_matter_key("expirydate").unwrap();
    assert!(
        help.starts_with("annals cannot unpublish by date"),
        "{help}"
    );
    assert_eq!(meant, None);
    assert!(front_matter_key("sumary").is_none());
    assert_eq!(
        config_key("baseurl").as_deref(),
        Some("annals calls this `base_url`: rename the key")
    );
    assert!(config_key("paginate").is_none());
}

#[test]
fn a_hugo_taxonomy_is_shown_as_annals_writes_it() {
    let help = taxonomy_entry("region", &serde_json::json!("regions"));
    assert!(
        help.contains("write `regions: { title: Regions }`"),
        "{help}"
    );
    let help = taxonomy_entry("people", &serde_json::json!(true));
    assert!(help.contains("write `people: { title: People }`"), "{help}");
}

#[test]
fn toml_lines_are_found_and_read_as_yaml_in_place() {
    let yaml = "title = \"A = B\"\nsummary: x = y\n  indented = no\nweight=3\n";
    let lines = toml_lines(yaml);
    let said: Vec<&str> = lines.iter().map(|l| l.yaml.as_str()).collect();
    assert_eq!(said, ["title: \"A = B\"", "weight: 3"]);
    let converted = as_yaml(yaml, &lines);
    assert_eq!(converted.len(), yaml.len());
    assert!(converted.starts_with("title:  \"A = B\"\n"), "{converted}");
    assert!(converted.ends_with("weight:3\n"), "{converted}");
    assert!(toml_fence("---\ntitle: x\n---\n").is_none());
    let (msg, help) = toml_fence("+++\ntitle = \"X\"\n+++\n").unwrap();
    assert!(msg.contains("TOML"), "{msg}");
    assert!(help.contains("(e.g. `title: \"X\"`)"), "{help}");
    assert!(!help.contains("top level"), "{help}");
    let zola = "+++\ntitle = \"X\"\n[taxonomies]\ntags = [\"a\"]\n[extra]\nk = 1\n+++\n[not] front matter\n";
    let (_, help) = toml_fence(zola).unwrap();
    assert!(
        help.contains("the keys of `[taxonomies]` go to the top level"),
        "{help}"
    );
    assert!(
        help.contains("the keys of `[extra]` go under `extra:`"),
        "{help}"
    );
    let nested = "+++\ntitle = \"X\"\n[extra.sub]\nk = 1\n[[extra.list]]\nk = 2\n+++\n";
    let (_, help) = toml_fence(nested).unwrap();
    assert!(
        help.contains("the keys of `[extra.sub]` go under `sub:`, inside `extra:`"),
        "{help}"
    );
    assert!(
        help.contains("`[[extra.list]]` becomes a list of maps under `list:`"),
        "{help}"
    );
    assert!(!help.contains("[not]"), "{help}");
}

#[test]
fn a_toml_config_is_said_line_by_line_with_its_tables() {
    let text = "baseURL = \"https://x.example/\"\n[params]\n  subtitle = \"A\"\n[markdown.highlighting]\n  theme = \"github-light\"\n[taxonomies]\n  series = \"series\"\n";
    let lines = toml_config_lines(text);
    let helps: Vec<String> = lines.iter().map(config_line_help).collect();
    assert_eq!(helps[0], "write `base_url: \"https://x.example/\"`");
    assert_eq!(lines[1].table.as_deref(), Some("params"));
    assert!(
        helps[1].contains("`extra: { subtitle: \"A\" }`"),
        "{}",
        helps[1]
    );
    assert_eq!(
        helps[2],
        "annals.yaml has no `[markdown.highlighting]`: leave `theme` out"
    );
    assert!(
        helps[3].starts_with("annals has series of its own"),
        "{}",
        helps[3]
    );
    let typographer = toml_config_lines("[markdown]\n  smart_punctuation = true\n");
    assert_eq!(
        config_line_help(&typographer[0]),
        "write `smart_punctuation: true` in annals.yaml for dashes, ellipses and curly quotes"
    );
    // YAML is not taken for TOML, even with such a line in a block.
    assert!(toml_config_lines("title: \"A = B\"\n  summary: x = y\n").is_empty());
    assert!(toml_config_lines("extra:\n  note: |\n    total = sum of the above\n").is_empty());
    // One slip at the left edge is said alone: not the block's lines.
    let slip = toml_config_lines("paginate = 25\nextra:\n  note: |\n    total = sum\n");
    assert_eq!(slip.len(), 1);
    assert_eq!(slip[0].key, "paginate");
    let series = toml_config_lines("[series.special-dispatch]\n  prefix = \"sd\"\n");
    assert_eq!(
        config_line_help(&series[0]),
        "a series is written under `series:`: `series: { special-dispatch: { prefix: \"sd\" } }`"
    );
}
