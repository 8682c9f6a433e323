//! Tests of where template errors are said and what they say.

use super::*;

#[test]
fn joined_reports_become_one_diagnostic_each() {
    let text = "error: Unknown template `a.html`\n --> base.html:2:12\n  |\n2 | x\n  |\n\nerror: Unknown component `pill`\n --> page.html:1:4\n";
    let all: Vec<_> = reports(text).collect();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].0, "Unknown template `a.html`");
    assert_eq!(all[0].1, Some(("base.html".to_string(), 2, 12)));
    assert_eq!(all[1].1, Some(("page.html".to_string(), 1, 4)));
}

#[test]
fn a_loop_names_every_template_once_around() {
    let links = ["a.html".to_string(), "b.html".to_string()];
    assert_eq!(chain(&links, "a.html"), "a.html → b.html → a.html");
    assert_eq!(chain(&links[..1], "a.html"), "a.html → a.html");
    let led_in = ["base.html", "a.html", "b.html", "a.html"].map(String::from);
    assert_eq!(chain(&led_in, "a.html"), "a.html → b.html → a.html");
    let parents = ["b.html", "c.html", "a.html"].map(String::from);
    assert_eq!(
        chain(&parents, "a.html"),
        "a.html → b.html → c.html → a.html"
    );
}

#[test]
fn the_quoted_target_of_a_tag_is_found() {
    let mut origins = Origins::new();
    let src: Arc<str> = Arc::from("<p>\n{% extends \"nobase.html\" %}");
    origins.insert("t.html".into(), (PathBuf::from("templates/t.html"), src));
    assert_eq!(
        find_quoted(&origins, "t.html", "extends", "nobase.html"),
        Some(15)
    );
    assert_eq!(char_offset("ab\ncd", 2, 2), 4);
}
