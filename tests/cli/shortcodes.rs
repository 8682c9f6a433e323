//! Shortcode calls: what is a call, and every way one can go wrong.

use crate::support::{Site, dispatch};

#[test]
fn unknown_shortcode_lists_known_ones() {
    let site = Site::valid();
    site.write(
        "content/dispatches/sd-3.md",
        &dispatch(
            "special-dispatch",
            3,
            "2021-03-01",
            "",
            "Text.\n\n{{ tweet(id=\"1\") }}\n\nProse with {{ braces }} stays.",
        ),
    );
    site.build()
        .fails_at("content/dispatches/sd-3.md", 12)
        .says("unknown shortcode `tweet`")
        .says("post")
        .says("a shortcode of your own is a template, templates/shortcodes/tweet.html");
}

/// `javascript:` given to a shortcode is published as `#` (a dead link
/// or image), which the editor hears of as for a Markdown link; an
/// image's `data:image/...` is fine.
#[test]
fn a_script_address_given_to_a_shortcode_is_warned_about() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "Text.\n\n{{ figure(src=\"javascript:alert(1)\", alt=\"x\") }}\n\n{{ figure(src=\"data:image/png;base64,AAAA\", alt=\"y\", caption=\"Data: Ministry of Ports\", credit=\"JavaScript: The Good Parts\") }}",
    );
    let run = site.build();
    run.ok()
        .says("sd-3.md:12:1: `src` of shortcode `figure` is an address that would run script in a reader's browser (`safe_url` makes it `#`)")
        .says("1 warning");
    assert!(
        !site
            .read("public/special-dispatch/3/index.html")
            .contains("javascript:")
    );
    // A template of the site's that shows the address as it is: told so.
    site.write(
        "templates/shortcodes/more.html",
        "<p><a href=\"{{ url }}\">{{ text }}</a></p>\n",
    );
    site.write_dispatch(
        4,
        "2021-03-02",
        "",
        "Text.\n\n{{ more(text=\"Read\", url=\"javascript:alert(1)\") }}",
    );
    site.build()
        .ok()
        .says("`url` of shortcode `more` is an address that would run script in a reader's browser, and the shortcode's template publishes it as written")
        .says("`{{ url | safe_url }}`");
    // Also with more around it.
    site.write(
        "templates/shortcodes/more.html",
        "<p><a href=\"{{ url }}#more\">{{ text }}</a></p>\n",
    );
    site.build()
        .ok()
        .says("and the shortcode's template publishes it as written");
}

/// A date argument that names no day would be printed, and be an
/// invalid `<time datetime>`: said, as a front-matter date's is.
#[test]
fn a_shortcode_date_that_is_no_day_is_warned_about() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "Text.\n\n{% post(author=\"A\", date=\"2024-02-30\") %}Words.{% end %}\n\n{% post(author=\"B\", date=\"2024-02-29\") %}More.{% end %}\n\n{{ figure(src=\"data:image/png;base64,AAAA\", alt=\"2024-13-01 notes\") }}",
    );
    site.build()
        .ok()
        .says("sd-3.md:12:1: `date` of shortcode `post` is not a real date: `2024-02-30`: February 2024 has 29 days")
        .says("1 warning");
}

#[test]
fn a_near_miss_of_a_shortcode_call_stays_text_with_a_warning() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "", "Text {{ post( here.");
    let run = site.build();
    run.ok()
        .says("sd-3.md:10:")
        .says("looks like a call of shortcode `post`");
    assert!(
        site.read("public/special-dispatch/3/index.html")
            .contains("Text {{ post( here.")
    );
}

#[test]
fn a_body_the_shortcode_does_not_show_is_a_warning() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{% figure(image=\"/a.png\", alt=\"A\") %}hidden words{% end %}",
    );
    site.build()
        .ok()
        .says("sd-3.md:10:1")
        .says("shortcode `figure` does not show its body");
}

/// A body shown twice puts its ids on the page twice; one with no id
/// may be shown as often as the template likes.
#[test]
fn a_body_with_ids_shown_twice_is_a_warning() {
    let site = Site::valid();
    site.write(
        "templates/shortcodes/twice.html",
        "<div>{{ body | safe }}</div><details>{{ body | safe }}</details>",
    );
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{% twice() %}\nBody text.[^t]\n{% end %}\n\n{% twice() %}\nNo ids.\n{% end %}\n\n[^t]: A note.\n",
    );
    let run = site.build();
    run.ok()
        .says("sd-3.md:10:1")
        .says("shortcode `twice` shows its body twice");
    assert_eq!(
        run.stderr.matches("shows its body twice").count(),
        1,
        "{}",
        run.stderr
    );
}

/// Nested calls of a template that shows its body twice double it at
/// each level: past 32 MB the build stops with an error at the call,
/// before memory runs out.
#[test]
fn a_body_doubled_by_nested_calls_is_stopped() {
    let site = Site::valid();
    site.write(
        "templates/shortcodes/twice.html",
        "<div>{{ body | safe }}{{ body | safe }}</div>",
    );
    let depth = 8;
    let inner = "Words of the inner text. ".repeat(24_000);
    let body = format!(
        "{}{inner}\n{}",
        "{% twice() %}\n".repeat(depth),
        "{% end %}\n".repeat(depth)
    );
    site.write_dispatch(3, "2021-03-01", "", &body);
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("the body of shortcode `twice` is")
        .says("past the 32 MB a body may hold");
}

#[test]
fn an_argument_the_template_never_uses_is_an_error() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{{ figure(image=\"/a.png\", alt=\"y\", captoin=\"typo caption\") }}\n\n\
         {% post(autor=\"Lena\", handle=\"@l\") %}body{% end %}",
    );
    site.build()
        .fails_at("content/dispatches/sd-3.md", 10)
        .says("shortcode `figure` has no argument `captoin`")
        .says("did you mean `caption`?")
        .says("sd-3.md:12:9")
        .says("shortcode `post` has no argument `autor`")
        .says("did you mean `author`?");
    // Words of the markup are not arguments, nor is `body`.
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{{ figure(image=\"/a.png\", alt=\"y\", class=\"c\") }}\n\n{{ post(body=\"B\") }}",
    );
    site.build()
        .fails_at("content/dispatches/sd-3.md", 10)
        .says("shortcode `figure` has no argument `class`")
        .says("`body` is not an argument");
    // A site's own shortcode takes what its template names.
    site.write(
        "templates/shortcodes/aside.html",
        "<aside>{{ title }}{% if note is defined %} {{ note }}{% endif %}</aside>",
    );
    site.write_dispatch(3, "2021-03-01", "", "{{ aside(title=\"T\", note=\"N\") }}");
    site.build().ok();
    assert!(
        site.read("public/special-dispatch/3/index.html")
            .contains("<aside>T N</aside>")
    );
}

#[test]
fn arguments_read_by_an_included_template_are_taken() {
    let site = Site::valid();
    site.write(
        "templates/shortcodes/aside.html",
        "<aside>{% include \"shortcodes/parts/head.html\" %} {{ body | safe }}</aside>",
    )
    .write(
        "templates/shortcodes/parts/head.html",
        "<b>{{ title }}</b>{% include \"shortcodes/_count.html\" %}",
    )
    .write(
        "templates/shortcodes/_count.html",
        "<i>{{ count | default(value=0) }}</i>",
    );
    // A name no template of the chain reads is still refused.
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{% aside(title=\"Heading\", count=41, cuont=2) %}\nBody.\n{% end %}",
    );
    site.build()
        .fails_at("content/dispatches/sd-3.md", 10)
        .says("shortcode `aside` has no argument `cuont`")
        .says("did you mean `count`?");
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{% aside(title=\"Heading\", count=41) %}\nBody.\n{% end %}",
    );
    site.build().ok();
    assert!(
        site.read("public/special-dispatch/3/index.html")
            .contains("<aside><b>Heading</b><i>41</i> <p>Body.</p>")
    );
}

#[test]
fn nesting_is_bounded() {
    let site = Site::valid();
    let depth = 40;
    let body = "{% post() %}a ".repeat(depth) + &"b {% end %}".repeat(depth);
    site.write_dispatch(3, "2021-03-01", "", &body);
    site.build()
        .fails_at("content/dispatches/sd-3.md", 10)
        .says("nested 33 calls deep; at most 32 may nest");
}

#[test]
fn an_argument_given_twice_is_an_error_at_its_second_name() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{{ figure(image=\"/a.png\", alt=\"x\", alt=\"y\") }}",
    );
    site.build()
        .fails_at("content/dispatches/sd-3.md", 10)
        .says("sd-3.md:10:36")
        .says("argument `alt` is given twice");
}

#[test]
fn a_lang_argument_must_be_a_language_tag() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{% post(lang=\"pt_BR\") %}Olá{% end %}",
    );
    site.build()
        .fails_at("content/dispatches/sd-3.md", 10)
        .says("`lang=\"pt_BR\"` is not a language tag")
        .says("write `pt-BR`");
}

/// A post's and a clip's date, written as editors write dates, read as
/// the page's own dates do; a date the editor wrote otherwise stays.
#[test]
fn shortcode_dates_are_shown_as_pages_show_dates() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{% post(author=\"A\", date=\"2024-07-15\") %}Text.{% end %}\n\n\
         {% clip(caption=\"C\", date=\"2024-02-09\") %}Words.{% end %}\n\n\
         {% post(author=\"B\", date=\"July 2024\") %}More.{% end %}\n\n\
         {% post(author=\"C\", date=20240312) %}Digits.{% end %}\n\n\
         {% post(author=\"D\", date=\"2024-04-29T21:15:00+03:00\") %}Timed.{% end %}\n\n\
         {% post(handle=\"@channel\", platform=\" \", author=\"  \") %}Handle only.{% end %}",
    );
    site.build().ok();
    let html = site.read("public/special-dispatch/3/index.html");
    // A channel with only its handle is named by it; blank arguments
    // are absent ones (no dangling "on ").
    assert!(
        html.contains("<span class=\"post-handle post-name\" dir=\"ltr\">@channel</span>"),
        "{html}"
    );
    assert!(!html.contains("Unknown author"), "{html}");
    assert!(!html.contains("\"post-platform\">on"), "{html}");
    for shown in [
        "<time datetime=\"2024-04-29T21:15:00+03:00\" lang=\"en\" dir=\"ltr\">April 29, 2024, 21:15 UTC+3</time>",
        "<time datetime=\"2024-07-15\" lang=\"en\" dir=\"ltr\">July 15, 2024</time>",
        "<time datetime=\"2024-02-09\" lang=\"en\" dir=\"ltr\">February 9, 2024</time>",
        // Not a date: no `datetime`, which takes one.
        "<span class=\"date\" lang=\"en\" dir=\"ltr\">July 2024</span>",
        // Digits unquoted are a number, still no date.
        "<span class=\"date\" lang=\"en\" dir=\"ltr\">20240312</span>",
    ] {
        assert!(html.contains(shown), "{shown} in {html}");
    }
}

/// A clip with a video and a transcript is a valid figure (its caption
/// first), and an address with a space is published encoded, as a
/// Markdown link's is, and still found among the site's files.
#[test]
fn a_clip_is_a_valid_figure_and_addresses_are_encoded() {
    let site = Site::valid();
    site.write(
        "static/images/harbour map.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write("static/clips/night clip.mp4", "not really a video");
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{% clip(caption=\"C\", src=\"/clips/night clip.mp4\", poster=\"/images/harbour map.svg\") %}\
         DIRECTOR: Words.{% end %}\n\n\
         {{ figure(image=\"/images/harbour map.svg\", alt=\"Map\") }}",
    );
    let run = site.build();
    run.ok();
    assert!(!run.stderr.contains("no file"), "{}", run.stderr);
    let html = site.read("public/special-dispatch/3/index.html");
    let clip = &html[html.find("<figure class=\"clip\">").unwrap()..];
    let clip = &clip[..clip.find("</figure>").unwrap()];
    let (caption, video, transcript) = (
        clip.find("<figcaption>").unwrap(),
        clip.find("<video").unwrap(),
        clip.find("<details").unwrap(),
    );
    assert!(caption < video && video < transcript, "{clip}");
    assert!(
        clip.contains("src=\"/clips/night%20clip.mp4\" poster=\"/images/harbour%20map.svg\""),
        "{clip}"
    );
    assert!(html.contains("src=\"/images/harbour%20map.svg\""), "{html}");
}

/// Another tool's closing tag (`{% endpost %}`) or a Jekyll tag is named
/// where it is, with annals' form, not published silently.
#[test]
fn foreign_closing_tags_and_jekyll_tags_are_named() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{% post(author=\"A\") %}\nQuoted.\n{% endpost %}\n\n\
         {% include figure.html image=\"/a.png\" %}\n\n\
         {% highlight python %}\nx = 1\n{% endhighlight %}\n\n\
         Prose with {% if x %} in it.",
    );
    let run = site.build();
    run.fails_at("content/dispatches/sd-3.md", 10)
        .says("shortcode `post` has no closing `{% end %}`")
        .says("after the body (in place of its `{% endpost %}`)")
        .says("sd-3.md:12:1")
        .says("`{% endpost %}` is not annals' closing tag; it is published as written")
        .says("Jekyll's tag `{% include %}` is not annals' syntax")
        .says("Jekyll's tag `{% highlight %}` is not annals' syntax")
        .says("write a fenced code block")
        .says("Jekyll's tag `{% endhighlight %}` is not annals' syntax");
    // Liquid's logic too.
    assert!(
        run.stderr
            .contains("Jekyll's tag `{% if %}` is not annals' syntax"),
        "{}",
        run.stderr
    );
}

#[test]
fn hugo_and_zola_call_syntax_is_named_with_annals_form() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{{< post author=\"B\" >}}\nQuoted.\n{{< /post >}}\n\n\
         See [the first]({{< relref \"/dispatches/sd-1.md\" >}}).\n\n\
         Shown: {{/* figure(image=\"/a.png\") */}}\n\n\
         As Hugo shows it: {{</* figure src=\"m.png\" */>}}, and {%/* quote() */%}.",
    );
    let run = site.build();
    run.ok()
        .says("sd-3.md:10:1")
        .says("Hugo's shortcode syntax `{{< post >}}` is not annals'")
        .says("write it `{% post(author=\"B\") %}` ... `{% end %}`")
        .says("sd-3.md:14:17")
        .says("link to the content file by its path under content/, e.g. `[text](@/dispatches/sd-1.md)`")
        .says("sd-3.md:16:8")
        .says("Zola's escape `{{/* ... */}}`")
        .says("sd-3.md:18:19")
        .says("Hugo's escape `{{</* ... */>}}` is not annals' syntax: Hugo showed `{{< figure src=\"m.png\" >}}`")
        .says("Zola's escape `{%/* ... */%}`")
        .says("put it in backticks: `{% quote() %}`");
    // The closing tag of the call named is not named again.
    assert!(!run.stderr.contains("closing"), "{}", run.stderr);
}

#[test]
fn delimiters_at_the_end_of_a_text_or_before_other_scripts_stay_text() {
    // Each once crashed the build: `{%` read three bytes past itself, and
    // `{{%}}` closed before it opened.
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "", "A {{%}} B, and 50{%")
        .write_dispatch(4, "2021-03-02", "", "نرخ تورم {%فارسی بود.\n\nRatio {%");
    site.build().ok();
    assert!(
        site.read("public/special-dispatch/3/index.html")
            .contains("A {{%}} B, and 50{%")
    );
    let page = site.read("public/special-dispatch/4/index.html");
    assert!(page.contains("تورم {%فارسی") && page.contains("Ratio {%"));
}

#[test]
fn a_shortcode_name_may_hold_hyphens_and_one_no_call_can_name_is_warned_about() {
    let site = Site::valid();
    site.write(
        "templates/shortcodes/pull-quote.html",
        "<q>{{ text }}</q>{% include \"shortcodes/_mark.html\" %}",
    )
    .write("templates/shortcodes/_mark.html", "<b>!</b>")
    .write("templates/shortcodes/citação.html", "<q>{{ text }}</q>")
    .write("templates/shortcodes/pull quote.html", "<q>{{ text }}</q>")
    .write("templates/shortcodes/parts/box.html", "<b>{{ text }}</b>")
    .write_dispatch(
        3,
        "2021-03-01",
        "",
        "Said {{ pull-quote(text=\"so\") }} and {{ nope(x=1) }}.",
    );
    let run = site.build();
    run.fails_at("content/dispatches/sd-3.md", 10)
        .says("unknown shortcode `nope`")
        .says("known shortcodes: clip, figure, post, pull-quote;")
        .says("templates/shortcodes/citação.html")
        .says("no call can name the shortcode template `citação.html`")
        .says("rename it `citacao.html`")
        .says("not ending with `-`")
        .says("rename it `pull-quote-2.html`");
    assert!(!run.stderr.contains("parts/box"), "{}", run.stderr);
    site.write_dispatch(3, "2021-03-01", "", "Said {{ pull-quote(text=\"so\") }}.");
    site.build().ok();
    assert!(
        site.read("public/special-dispatch/3/index.html")
            .contains("Said <q>so</q><b>!</b>.")
    );
}

/// A shortcode whose loops never stop writing is stopped at a bound and
/// said at the call, instead of growing until memory runs out.
#[test]
fn a_shortcode_that_writes_without_end_is_stopped() {
    let site = Site::valid();
    site.write(
        "templates/shortcodes/flood.html",
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}0123456789{% endfor %}{% endfor %}",
    )
    .write_dispatch(3, "2021-03-01", "", "Text {{ flood() }} here.");
    site.build()
        .fails_at("content/dispatches/sd-3.md", 10)
        .says("shortcode `flood` wrote more than 96 MB, and was stopped")
        .says("a loop that does not end");
}

/// In a right-to-left post, a Latin hashtag or mention reads as written
/// (`#Ormel2024`, not `Ormel2024#`): isolated. Left-to-right text is
/// left as it is.
#[test]
fn latin_tags_in_right_to_left_text_are_isolated() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{% post(author=\"A\", lang=\"ar\") %}\nقال #Ormel2024 و @jane.doe اليوم.\n#FreeSea #Ormel2024\n#Chart{{ figure(image=\"/a.png\", alt=\"a\") }}\n{% end %}\n\n\
         In English, #Ormel2024 and @janeq.",
    );
    site.build().ok();
    let html = site.read("public/special-dispatch/3/index.html");
    // Whole (a handle's dot is its own), and on a line of tags alone too.
    assert!(
        html.contains("قال <bdi>#Ormel2024</bdi> و <bdi>@jane.doe</bdi> اليوم."),
        "{html}"
    );
    assert!(
        html.contains("<bdi>#FreeSea</bdi> <bdi>#Ormel2024</bdi>"),
        "{html}"
    );
    // A shortcode's HTML glued to a tag stays out of its isolate.
    assert!(html.contains("<bdi>#Chart</bdi><figure"), "{html}");
    assert!(
        html.contains("In English, #Ormel2024 and @janeq."),
        "{html}"
    );
}

/// A post's lines are as posted, and a transcript's as spoken: each line
/// break is kept (once, where the author already kept it), and the lines
/// of the call itself add none.
#[test]
fn a_posts_and_a_transcripts_lines_are_kept() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{% post(author=\"A\") %}\nLine one\nLine two\\\nLine three\nPasted<br>\nTwo {{ figure(image=\"/a.png\", alt=\"a\") }}\nDone\n{% end %}\n\n\
         {% clip(caption=\"C\") %}\nDIRECTOR: Yes.\nREPORTER: When?\n{% end %}\n\nPlain\nprose.",
    );
    site.build().ok();
    let html = site.read("public/special-dispatch/3/index.html");
    assert!(
        html.contains("<p>Line one<br />\nLine two<br />\nLine three<br />\nPasted<br>\nTwo "),
        "{html}"
    );
    assert!(
        html.contains("DIRECTOR: Yes.<br />\nREPORTER: When?</p>"),
        "{html}"
    );
    assert!(html.contains("<p>Plain\nprose.</p>"), "{html}");
    assert!(!html.contains("<br />\n</"), "{html}");
    // A line ending with an inline call is a line as any other.
    assert!(html.contains("</figure><br />\nDone</p>"), "{html}");
    let feed = site.read("public/atom.xml");
    assert!(feed.contains("Line one&lt;br /&gt;"), "{feed}");
}

/// A post called inline quotes nothing: said, with the block form.
#[test]
fn a_post_called_inline_is_told_to_take_a_body() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "{{ post(author=\"A\", url=\"https://t.me/a/1\") }}",
    );
    site.run(&["check"])
        .ok()
        .says("sd-3.md:10:1: `post` quotes its body, and this call has none")
        .says("write the block form, with the text between: `{% post(...) %}` text `{% end %}`");
}

/// The newline that ends a template's file is not written after a call in
/// a sentence: `({{ badge() }})` shows no space before the `)`.
#[test]
fn an_inline_call_ends_where_its_template_s_text_does() {
    let site = Site::valid();
    site.write(
        "templates/shortcodes/badge.html",
        "<span class=\"badge\">{{ label }}</span>\r\n",
    );
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "Before {{ badge(label=\"tight\") }}, after; and ({{ badge(label=\"paren\") }}).",
    );
    site.build().ok();
    let page = site.read("public/special-dispatch/3/index.html");
    assert!(
        page.contains("<p>Before <span class=\"badge\">tight</span>, after; and (<span class=\"badge\">paren</span>).</p>"),
        "{page}"
    );
}
