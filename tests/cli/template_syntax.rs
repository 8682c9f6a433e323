//! Template syntax mistakes: each said at its line and column, with the
//! other templates' faults and the content's errors in the same run.

use crate::support::*;

#[test]
fn a_template_syntax_error_shows_its_line_and_a_macro_is_explained() {
    let site = Site::valid();
    site.write(
        "templates/page.html",
        "<p>\n{% macro x() %}{% endmacro %}\n",
    );
    site.write("templates/year.html", "{{ oops }\n");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("templates/page.html:2:4")
        .says("{% macro x() %}")
        .says("is a component")
        .says("templates/year.html:1:")
        .says("2 errors");
}

/// Tera gives up where an unclosed tag's end should have been; the error
/// is said at the tag left open.
#[test]
fn a_tag_left_open_is_named_at_its_place() {
    let site = Site::valid();
    site.write(
        "templates/404.html",
        "{% extends \"theme/404.html\" %}\n{% block content %}\n{% if site.search %}\n<p>x</p>\n{% endblock content %}\n",
    );
    site.write(
        "templates/alias.html",
        "<!doctype html>\n{% for a in [1] %}\n<p>{{ a }}</p>\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("templates/404.html:3:1")
        .says("`{% if %}` is not closed before `{% endblock %}` (line 5, column 1)")
        .says("close it with `{% endif %}`")
        .says("templates/alias.html:2:1")
        .says("`{% for %}` is not closed by the end of the file")
        .says("2 errors");
    assert!(!run.stderr.contains("macro"), "{}", run.stderr);
}

#[test]
fn a_syntax_error_does_not_hide_the_other_templates_faults() {
    let site = Site::valid();
    site.write("templates/partials/syn.html", "{{ nope( }}\n");
    site.write(
        "templates/partials/u.html",
        "U{% include \"partials/none.html\" %}\n",
    );
    for i in 1..=25 {
        site.write(
            &format!("templates/e{i}.html"),
            &format!("{{% extends \"nobase{i}.html\" %}}"),
        );
    }
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("templates/partials/syn.html:1:")
        .says("Unknown template `partials/none.html`")
        .says("`e25.html` extends `nobase25.html`")
        .says("`e7.html` extends `nobase7.html`")
        .says("27 errors");
}

#[test]
fn content_errors_come_out_in_the_same_run_as_template_errors() {
    let site = Site::valid();
    site.write("templates/year.html", "{% extends \"nobase.html\" %}\n");
    site.write("templates/shortcodes/bad.html", "<b>{{ x }\n");
    site.write("templates/shortcodes/good.html", "<i>{{ y }}</i>\n");
    site.write_dispatch(
        3,
        "2021-02-01",
        "",
        "See [x](@sd-404).\n\n{{ bad(x=\"1\") }}\n\n{{ good(z=\"2\") }}\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("templates/year.html:1:12")
        .says("templates/shortcodes/bad.html:1:9")
        .says("broken reference `@sd-404`")
        .says("shortcode `good` has no argument `z`");
    // The broken shortcode's call is not blamed for its template's fault.
    assert!(!run.stderr.contains("shortcode `bad`"), "{}", run.stderr);
    assert!(run.stderr.contains("4 errors"), "{}", run.stderr);
    assert!(!site.path("public").exists(), "nothing is written");
}

/// An end tag that closes nothing open is said at that tag, and a tag
/// Tera does not have is named, with what it likely meant.
#[test]
fn a_stray_end_tag_and_an_unknown_tag_are_named() {
    let site = Site::valid();
    site.write(
        "templates/404.html",
        "{% extends \"theme/404.html\" %}\n{% block content %}\n<p>x</p>{% endif %}\n{% endblock content %}\n",
    );
    site.write(
        "templates/alias.html",
        "{% if title %}a{% elseif target %}b{% endif %}\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("templates/404.html:3:9")
        .says("`{% endif %}` closes no open `{% if %}`")
        .says("templates/alias.html:1:19")
        .says("unknown tag `elseif`")
        .says("`{% elif condition %}`");
}

/// A built-in template that fails where a site's template includes it is
/// said at the `include`: the site has no copy of the built-in file.
#[test]
fn a_failing_built_in_include_is_said_at_the_include() {
    let site = Site::valid();
    site.write("content/pages/about.md", "---\ntitle: About\n---\n\nHi.\n");
    site.write(
        "templates/page.html",
        "{# {% include \"dispatch.html\" %} #}\n<p>page</p>\n{% include \"dispatch.html\" %}\n",
    );
    site.build()
        .fails_at("templates/page.html", 3)
        .says("the built-in `dispatch.html` included here fails: Variable `d` is not defined");
}

/// A template's bytes are read as content's are: one that is not UTF-8
/// is said at the byte, and a control character, which its pages and
/// feeds would publish as written, is an error at it.
#[test]
fn a_templates_bad_bytes_and_control_characters_are_located() {
    let site = Site::valid();
    site.write_bytes(
        "templates/shortcodes/aside.html",
        b"<aside>\n  caf\xE9 {{ body | safe }}</aside>\n",
    );
    site.build()
        .fails_at("templates/shortcodes/aside.html", 2)
        .says("templates/shortcodes/aside.html:2:6: file is not valid UTF-8 text")
        .says("save the template as UTF-8");
    site.write(
        "templates/shortcodes/aside.html",
        "<aside>\n\u{c}{{ body | safe }}</aside>\n",
    );
    site.build()
        .fails_at("templates/shortcodes/aside.html", 2)
        .says("U+000C")
        .says("build failed: 1 error");
    // A byte order mark is dropped, as from content.
    site.write(
        "templates/shortcodes/aside.html",
        "<aside>{{ body | safe }}</aside>\n",
    );
    site.write(
        "templates/page.html",
        "\u{feff}{% extends \"theme/page.html\" %}\n",
    );
    site.build().ok();
}

/// A template that is a symbolic link is not read (as links in content/
/// and static/ are not), and said: the built-in one is used instead.
#[cfg(unix)]
#[test]
fn a_linked_template_is_said_not_read() {
    let site = Site::valid();
    site.write("shared/page.html", "<p>{{ p.title }}</p>");
    std::fs::create_dir_all(site.path("templates")).unwrap();
    std::os::unix::fs::symlink("../shared/page.html", site.path("templates/page.html")).unwrap();
    site.build()
        .ok()
        .says("templates/page.html: symbolic link in templates/ ignored: it is not read");
}

/// A stray `{%` is said where it is, not at a later tag it swallowed.
#[test]
fn a_stray_tag_opener_is_said_where_it_is() {
    let site = Site::valid();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ p.title }} {% </h1>\n{% if p.title %}x{% endif %}\n{% endblock content %}\n",
    );
    site.build()
        .fails_at("templates/page.html", 3)
        .says("templates/page.html:3:19: template error: this `{%` opens a tag that runs on into the next tag");
}
