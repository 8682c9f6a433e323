//! Diagnostics as the terminal shows them: locations, snippets, cut
//! values, escapes and wrapping.

use super::*;

#[test]
fn one_cap_holds_across_stages_and_spares_errors() {
    let w = Diagnostic::warning("w");
    let e = Diagnostic::error("e");
    let mut cap = Capped::new(3, Path::new(""));
    assert_eq!(cap.keep(&[w.clone(), w.clone()]).len(), 2);
    let kept = cap.keep(&[w.clone(), e.clone(), w.clone(), w.clone(), e]);
    assert_eq!(kept.iter().filter(|d| d.is_error()).count(), 2);
    assert_eq!(kept.len(), 3);
    assert_eq!(cap.hidden, 2);
}

#[test]
fn counts_agree_with_their_numbers() {
    assert_eq!(plural(1, "dispatch", "dispatches"), "1 dispatch");
    assert_eq!(plural(0, "dispatch", "dispatches"), "0 dispatches");
    assert_eq!(counts(1, 2), "1 error, 2 warnings");
}

fn shown(text: &str, at: &str, len: usize) -> String {
    let source: std::sync::Arc<str> = text.into();
    let start = text.find(at).unwrap();
    let d = Diagnostic::error("bad")
        .in_file("a.md")
        .at_span(&source, start..start + len);
    render(&d, false, None)
}

#[test]
fn a_long_line_is_cut_around_its_span() {
    let line = format!("{}BAD{}", "word ".repeat(400), " more".repeat(400));
    let text = format!("first\n{line}\n{}\nlast\n", "next ".repeat(100));
    let out = shown(&text, "BAD", 3);
    assert!(out.contains("a.md:2:2001: bad"), "{out}");
    assert!(out.contains("[a.md:2:2001]"), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    let at = lines.iter().position(|l| l.contains("BAD")).unwrap();
    assert!(lines[at].starts_with(" 2 │ …word"), "{out}");
    assert!(lines[at].chars().count() < 120, "{out}");
    // The underline is under the span.
    let col = lines[at][..lines[at].find("BAD").unwrap()].chars().count();
    let under: String = lines[at + 1].chars().skip(col).take(3).collect();
    assert_eq!(under, "─┬─", "{out}");
    // Context lines are cut too, and keep their numbers.
    assert!(lines[at - 1].starts_with(" 1 │ first"), "{out}");
    assert!(lines[at + 3].starts_with(" 3 │ next") && lines[at + 3].ends_with('…'));
}

#[test]
fn crlf_tabs_and_accents_keep_the_snippet_straight() {
    let out = shown("one\r\nsee BAD here\r\nthree\r\n", "BAD", 3);
    assert!(
        out.contains(" 1 │ one\n") && out.contains(" 3 │ three"),
        "{out}"
    );
    assert!(out.contains(" 2 │ see BAD here\n"), "{out}");
    let out = shown(&format!("a\tBAD{}", "\t".repeat(100)), "BAD", 3);
    assert!(!out.contains('\t'), "{out}");
    // A cut never starts on a combining mark.
    let text = format!("{}BAD", "e\u{302}".repeat(60));
    let out = shown(&text, "BAD", 3);
    assert!(out.contains("…e\u{302}"), "{out}");
}

#[test]
fn a_long_value_in_a_message_is_cut() {
    let long = "x".repeat(150);
    let out = render(
        &Diagnostic::error(format!("bad `{long}` here")),
        false,
        None,
    );
    assert!(
        out.contains(&format!("bad `{}…` here", "x".repeat(60))),
        "{out}"
    );
    assert_eq!(shortened("a `b` c"), "a `b` c");
}

#[test]
fn control_characters_in_a_message_are_escaped() {
    let d = Diagnostic::error("bad `en\u{7}`").with_help("not `\u{1b}[2J`");
    let out = render(&d, false, None);
    assert!(
        out.contains("bad `en\\u{7}`") && out.contains("not `\\u{1b}[2J`"),
        "{out}"
    );
    assert!(!out.contains('\u{7}') && !out.contains('\u{1b}'));
    // A tab is written as YAML writes it.
    let out = render(&Diagnostic::error("unknown key `tab\tkey`"), false, None);
    assert!(out.contains("unknown key `tab\\tkey`"), "{out}");
}

#[test]
fn short_lines_are_shown_whole_with_character_columns() {
    let out = shown("title: x\nنام: «خبر» BAD here\n", "BAD", 3);
    assert!(out.contains("[a.md:2:12]"), "{out}");
    assert!(out.contains(" 2 │ نام: «خبر» BAD here"), "{out}");
}

#[test]
fn a_log_gets_whole_lines_and_a_terminal_no_split_words() {
    let path = "/inquiry-analysis/1490/with-a-rather-long-slug-for-the-dispatch-page/";
    let long = format!(
        "broken reference `@sd-999#part-two`: no dispatch has id `sd-999`, and {}",
        "more words ".repeat(20)
    );
    let d = Diagnostic::error(long.clone()).with_help(format!("read from the page's URL, {path}"));
    let logged = render(&d, false, None);
    assert!(logged.contains(&long.trim_end().to_string()), "{logged}");
    assert!(logged.contains(path), "{logged}");
    let shown = render(&d, false, Some(60));
    assert!(
        shown
            .lines()
            .all(|l| l.chars().count() <= 60 || !l.trim().contains(' ')),
        "{shown}"
    );
    assert!(
        shown.contains(path) && shown.contains("`@sd-999#part-two`"),
        "{shown}"
    );
}

#[test]
fn files_are_named_from_where_the_command_runs() {
    let d = Diagnostic::error("broken").in_file("content/a.md");
    assert_eq!(
        from_here(&d, Path::new("site")).file.as_deref(),
        Some(Path::new("site/content/a.md"))
    );
    assert_eq!(
        from_here(&d, Path::new("")).file.as_deref(),
        Some(Path::new("content/a.md"))
    );
    let here = std::env::current_dir().unwrap();
    assert_eq!(root_from_here(&here), PathBuf::new());
    assert_eq!(root_from_here(&here.join("src")), PathBuf::from("src"));
    assert_eq!(root_from_here(here.parent().unwrap()), PathBuf::from(".."));
    // As written when it only goes down, a link's name included.
    assert_eq!(root_from_here(Path::new("./site/")), PathBuf::from("site"));
    assert_eq!(root_from_here(Path::new(".")), PathBuf::new());
}

#[test]
fn a_file_name_holding_a_line_break_stays_on_the_first_line() {
    let d = Diagnostic::error("broken").in_file("content/a\nb.md");
    let out = render(&d, false, None);
    assert!(
        out.lines()
            .next()
            .unwrap()
            .contains("content/a\\nb.md: broken"),
        "{out}"
    );
}

#[test]
fn the_paths_a_message_names_are_left_as_written() {
    let d = Diagnostic::error("alias `content/old` would overwrite content/index.html")
        .in_file("content/c.md");
    let d = from_here(&d, Path::new("site"));
    assert_eq!(d.file.as_deref(), Some(Path::new("site/content/c.md")));
    assert_eq!(
        d.message,
        "alias `content/old` would overwrite content/index.html"
    );
    let built_in = Diagnostic::error("x").in_file("<built-in theme>/dispatch.html");
    assert_eq!(
        from_here(&built_in, Path::new("site")).file.as_deref(),
        Some(Path::new("<built-in theme>/dispatch.html"))
    );
}
