//! A site's own templates: overriding, including, components, extending the
//! theme's template, and what a template that builds no page leaves out.

use crate::support::*;

#[test]
fn templates_that_extend_nothing_include_others_and_use_components() {
    let site = Site::valid();
    site.write(
        "templates/partials/components.html",
        "{% component pill(text) %}<span class=\"pill\">{{ text }}</span>{% endcomponent pill %}",
    );
    site.write("templates/partials/inner.html", "<i class=\"inner\">in</i>");
    site.write(
        "templates/shortcodes/box.html",
        "<div class=\"box\">{% include \"partials/inner.html\" %}{{ <pill text={label} /> }}</div>",
    );
    site.write_dispatch(3, "2021-02-01", "", "{{ box(label=\"Tagged\") }}\n");
    site.build().ok();
    let page = site.read("public/special-dispatch/3/index.html");
    assert!(page.contains("<i class=\"inner\">in</i>"), "{page}");
    assert!(
        page.contains("<span class=\"pill\">Tagged</span>"),
        "{page}"
    );
}

#[test]
fn a_site_template_extends_the_theme_template_it_replaces() {
    let site = Site::valid();
    site.write(
        "templates/dispatch.html",
        "{% extends \"theme/dispatch.html\" %}\n{% block content %}<p class=\"mine\">mine</p>{{ super() }}{% endblock content %}\n",
    );
    site.build().ok();
    let page = site.read("public/special-dispatch/1/index.html");
    assert!(page.contains("<p class=\"mine\">mine</p>"), "{page}");
    assert!(
        page.contains("The first one"),
        "the theme's content block is kept: {page}"
    );
}

#[test]
fn every_fault_between_templates_is_reported_at_its_tag() {
    let site = Site::valid();
    site.write(
        "templates/dispatch.html",
        "{% extends \"dispatch.html\" %}\n",
    );
    site.write("templates/year.html", "\n{% extends \"nobase.html\" %}\n");
    site.write(
        "templates/partials/side.html",
        "{% include \"partials/nope.html\" %}\n{{ <pill /> }}\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("templates/dispatch.html:1:12")
        .says("`dispatch.html` extends itself")
        .says("extend `theme/dispatch.html`")
        .says("templates/year.html:2:12")
        .says("which does not exist")
        .says("did you mean `base.html`?")
        .says("templates/partials/side.html:1:12")
        .says("Unknown template `partials/nope.html`")
        .says("templates/partials/side.html:2:4")
        .says("{% component pill(...) %}")
        .says("4 errors");
}

/// A loop is said once, at the templates in it: not at every theme
/// template that extends one of them and so leads into it.
#[test]
fn an_extends_loop_is_said_at_the_loop_only() {
    let site = Site::valid();
    // The theme's page.html extends base.html.
    site.write("templates/base.html", "{% extends \"page.html\" %}\n");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("templates/base.html:1:12: template error: `base.html` extends itself: base.html → page.html → base.html")
        .says("extend `theme/base.html`")
        .says("1 error");
    assert!(!run.stderr.contains("<built-in theme>"), "{}", run.stderr);
}

/// A `base.html` written from scratch without a block the theme's pages
/// fill is told so, once per block, at itself: not at the built-in
/// templates that fill the block.
#[test]
fn a_block_missing_from_the_site_s_base_is_said_at_it() {
    let site = Site::valid();
    site.write(
        "templates/base.html",
        "<html><head>{% block title %}{% endblock title %}{% block og_type %}{% endblock og_type %}</head>\n\
         <body>{% block content %}{% endblock content %}</body></html>\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("templates/base.html: template error: `base.html` has no block `head`, which the theme's templates fill")
        .says("add `{% block head %}{% endblock head %}`")
        .says("`base.html` has no block `scripts`")
        .says("2 errors");
    assert!(!run.stderr.contains("<built-in theme>"), "{}", run.stderr);
    // Said at the site's template highest in the chain, where Tera wants
    // the block.
    site.write(
        "templates/layout.html",
        "<html><head>{% block title %}{% endblock title %}{% block head %}{% endblock head %}{% block og_type %}{% endblock og_type %}</head>\n\
         <body>{% block content %}{% endblock content %}</body></html>\n",
    );
    site.write(
        "templates/base.html",
        "{% extends \"layout.html\" %}{% block content %}<main>{{ super() }}</main>{% endblock content %}",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("templates/layout.html: template error: `layout.html` has no block `scripts`")
        .says("1 error");
    // Under the built-in base.html, the site's list.html is the highest.
    std::fs::remove_file(site.path("templates/layout.html")).unwrap();
    std::fs::remove_file(site.path("templates/base.html")).unwrap();
    site.write(
        "templates/list.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ page_title }}</h1>{% include \"partials/dispatch_list.html\" %}{% endblock content %}",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("templates/list.html: template error: `list.html` has no block `intro`")
        .says("3 errors");
    assert!(!run.stderr.contains("<built-in theme>"), "{}", run.stderr);
}

/// A `dispatch.html` of the site's own that leaves out the notes or the
/// body is told so: markers would link to nothing, pages have no text.
#[test]
fn a_dispatch_template_without_the_body_or_the_notes_is_said() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "Text with a note.[^a]\n\n[^a]: The source.",
    );
    site.write(
        "templates/dispatch.html",
        "{% extends \"theme/dispatch.html\" %}{% block content %}<h1>{{ d.title }}</h1>{{ d.body | safe }}{% endblock content %}",
    );
    site.build()
        .ok()
        .says("templates/dispatch.html: `dispatch.html` does not show `d.footnotes`")
        .says("`{{ d.footnotes | safe }}`");
    // Shown without `| safe`, as text: said as that.
    site.write(
        "templates/dispatch.html",
        "{% extends \"theme/dispatch.html\" %}{% block content %}<h1>{{ d.title }}</h1>{{ d.body | safe }}{{ d.footnotes }}{% endblock content %}",
    );
    site.build()
        .ok()
        .says("`dispatch.html` shows `d.footnotes` escaped: readers see the notes' HTML as text")
        .says("`{{ d.footnotes | safe }}`");
    site.write(
        "templates/dispatch.html",
        "{% extends \"theme/dispatch.html\" %}{% block content %}<h1>{{ d.title }}</h1>{% endblock content %}",
    );
    site.build()
        .ok()
        .says("`dispatch.html` does not show `d.body`")
        .says("does not show `d.footnotes`");
    // `check` says so too, from the pages it renders and writes nowhere.
    site.run(&["check"])
        .ok()
        .says("`dispatch.html` does not show `d.body`")
        .says("does not show `d.footnotes`");
    // Also when the summary the page shows repeats the body's start.
    for (n, date) in [(1, "2021-01-05"), (2, "2021-02-05"), (3, "2021-03-01")] {
        let text = "The harbour authority closed the northern quay on Monday";
        site.write(
            &format!("content/dispatches/sd-{n}.md"),
            &format!("---\ntitle: T{n}\nseries: special-dispatch\nnumber: {n}\ndate: {date}\nsummary: \"{text}.\"\n---\n\n{text}. Then the ferries stopped running for the day.\n"),
        );
    }
    site.build()
        .ok()
        .says("`dispatch.html` does not show `d.body`");
    site.write(
        "templates/dispatch.html",
        "{% extends \"theme/dispatch.html\" %}{% block content %}<main>{{ d.body | replace(from=\"<p>\", to=\"<p class=x>\") | safe }}<footer>{{ d.footnotes | safe }}</footer></main>{% endblock content %}",
    );
    let run = site.build();
    run.ok();
    assert!(!run.stderr.contains("does not show"), "{}", run.stderr);
}

/// A site template a typo away from the theme's replaces nothing: said,
/// unless a template uses it by name.
#[test]
fn a_misspelt_override_is_said() {
    let site = Site::valid();
    site.write("templates/dispach.html", "<p>x</p>");
    site.build()
        .ok()
        .says("templates/dispach.html")
        .says("`dispach.html` replaces no template of the theme, and no template uses it")
        .says("did you mean `dispatch.html`?");
    // A template meant as a page of its own is never rendered.
    site.write(
        "templates/feed.json",
        "{\"title\": {{ site.title | json }}}",
    );
    // Hidden files and notes kept beside the templates are no templates:
    // not read (a README may show template syntax), not said.
    site.write("templates/.gitkeep", "");
    site.write("templates/.old/page.html", "{{ nosuch }}");
    site.write(
        "templates/README.md",
        "Extend with `{% extends \"nosuch.html\" %}`.",
    );
    site.write(
        "templates/shortcodes/README.md",
        "Call as `{{ name(a=1) }}`.",
    );
    let run = site.build();
    run.ok()
        .says("`feed.json` replaces no template of the theme, and no template uses it")
        .says("only the theme's templates make pages");
    for quiet in [".gitkeep", ".old/page.html", "README.md"] {
        assert!(!run.stderr.contains(quiet), "{quiet}: {}", run.stderr);
    }
    // A partial with no extension is a template still.
    site.write("templates/partials/footer", "<p>Footer</p>");
    site.write(
        "templates/404.html",
        "{% extends \"theme/404.html\" %}{% block content %}{% include \"partials/footer\" %}{% endblock content %}",
    );
    site.build().ok();
    assert!(site.read("public/404.html").contains("<p>Footer</p>"));
    std::fs::remove_file(site.path("templates/404.html")).unwrap();
    std::fs::remove_file(site.path("templates/partials/footer")).unwrap();
    std::fs::remove_file(site.path("templates/feed.json")).unwrap();
    site.write(
        "templates/page.html",
        "{% extends \"theme/page.html\" %}{% block content %}{% include \"dispach.html\" %}{{ <tag name=\"x\" /> }}{% endblock content %}",
    );
    // Used by its component's calls, not by name.
    site.write(
        "templates/tags.html",
        "{% component tag(name) %}<b>{{ name }}</b>{% endcomponent tag %}",
    );
    let run = site.build();
    run.ok();
    assert!(
        !run.stderr.contains("replaces no template"),
        "{}",
        run.stderr
    );
}

/// One component defined in two templates is said at both definitions.
#[test]
fn a_component_defined_twice_is_said_at_both() {
    let site = Site::valid();
    site.write(
        "templates/a.html",
        "{% component pill(text) %}<b>{{ text }}</b>{% endcomponent pill %}",
    );
    site.write(
        "templates/b.html",
        "\n{%- component  pill (text) %}<i>{{ text }}</i>{% endcomponent pill %}",
    );
    site.write(
        "templates/partials/c.html",
        "{% component pill(text) %}<u>{{ text }}</u>{% endcomponent pill %}",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("templates/a.html:1:14")
        .says("component `pill` is defined here and in `b.html` and `partials/c.html`")
        .says("templates/b.html:2:16")
        .says("component `pill` is defined here and in `a.html` and `partials/c.html`")
        .says("templates/partials/c.html:1:14")
        .says("rename all but one")
        .says("3 errors");
}

/// A misspelt component or filter is told the name it likely meant; a
/// field of a value that is null on a page is told to test it first.
#[test]
fn misspelt_components_and_filters_get_the_name_they_meant() {
    let site = Site::valid();
    site.write(
        "templates/partials/side.html",
        "{% component pill(text) %}<b>{{ text }}</b>{% endcomponent %}\n{{ <pil text=\"x\" /> }}{{ \"a\" | uper }}\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("Unknown component `pil`")
        .says("did you mean `<pill ... />`?")
        .says("Unknown filter `uper`")
        .says("did you mean `upper`?");
    let site = Site::valid();
    site.write(
        "templates/year.html",
        "{% extends \"list.html\" %}{% block content %}{{ paginator.next.url }}{% endblock content %}\n",
    );
    site.build()
        .fails_at("templates/year.html", 1)
        .says("Field `url` is not defined")
        .says("is null on this page");
}

/// Tera names no template when components nest too deep: the component
/// that calls itself is found and said at its call.
#[test]
fn a_component_calling_itself_is_said_at_the_call() {
    let site = Site::valid();
    site.write(
        "templates/partials/loop.html",
        "{% component echo(n) %}\n<i>{{ <echo n={n}/> }}</i>\n{% endcomponent echo %}",
    );
    site.write(
        "templates/page.html",
        "{% extends \"theme/page.html\" %}{% block content %}{% include \"partials/loop.html\" %}{{ <echo n={1}/> }}{% endblock content %}",
    );
    site.write(
        "content/pages/about.md",
        "---\ntitle: About\n---\n\nText.\n",
    );
    site.build()
        .fails_at("templates/partials/loop.html", 2)
        .says("a component calls itself more than 20 deep (echo -> echo)");
    // One that ends its calls is not the one blamed.
    site.write(
        "templates/partials/tree.html",
        "{% component tree(n) %}{% if n > 0 %}{{ <tree n={n - 1}/> }}{% endif %}{% endcomponent tree %}",
    );
    site.build()
        .fails_at("templates/partials/loop.html", 2)
        .says("(echo -> echo)");
}

#[test]
fn a_template_that_replaces_nothing_is_warned_about() {
    let site = Site::valid();
    site.write("templates/Dispatch.html", "{% extends \"base.html\" %}\n");
    site.write(
        "templates/shortcode/aside.html",
        "<aside>{{ body }}</aside>\n",
    );
    site.build()
        .ok()
        .says("`Dispatch.html` replaces no template of the theme")
        .says("name the file `dispatch.html`")
        .says("move it to templates/shortcodes/aside.html");
}

/// A site's own `base.html`, written to the blocks a page template
/// fills, builds every page: a new variable or block of the theme's does
/// not break it.
#[test]
fn a_sites_own_base_template_builds_every_page() {
    let site = Site::valid();
    site.write(
        "templates/base.html",
        "<!doctype html>\n<html lang=\"{{ lang }}\"><head><title>{% block title %}{{ page_title }}{% endblock title %}</title>\
         <link rel=\"canonical\" href=\"{{ canonical }}\"><meta property=\"og:type\" content=\"{% block og_type %}website{% endblock og_type %}\">{% block head %}{% endblock head %}</head>\
         <body><main id=\"main\">{% block content %}{% endblock content %}</main>{% block scripts %}{% endblock scripts %}</body></html>\n",
    );
    site.build().ok();
    assert!(site.read("public/404.html").contains("Page not found"));
    assert!(
        site.read("public/special-dispatch/1/index.html")
            .contains("rel=\"canonical\"")
    );
}
