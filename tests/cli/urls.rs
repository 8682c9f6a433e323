//! URLs in the files programs read (sitemap, feeds, `archive.json`), and
//! the text direction pages declare.

use crate::support::Site;

/// A term in Persian script has a page whose path is Persian letters. The
/// sitemap protocol wants URIs, so the sitemap, the feeds and
/// archive.json carry its URL percent-encoded, all in the same form.
#[test]
fn machine_read_urls_are_percent_encoded() {
    let site = Site::valid();
    site.write(
        "content/dispatches/x.md",
        "---\ntitle: X\nid: گزارش-۱\ndate: 2021-03-01\npeople: [علی خامنه‌ای]\n---\nx\n",
    );
    site.build().ok();
    let term = "https://fixture.example/people/%D8%B9%D9%84%DB%8C-%D8%AE%D8%A7%D9%85%D9%86%D9%87-%D8%A7%DB%8C/";
    let dispatch = "https://fixture.example/dispatches/%DA%AF%D8%B2%D8%A7%D8%B1%D8%B4-%DB%B1/";
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains(&format!("<loc>{term}</loc>")), "{sitemap}");
    assert!(
        sitemap.contains(&format!("<loc>{dispatch}</loc>")),
        "{sitemap}"
    );
    assert!(!sitemap.contains("علی"), "{sitemap}");
    // Numbered pages of lists are left out, as the guide says.
    assert!(site.path("public/archive/page/2/index.html").exists());
    assert!(!sitemap.contains("/page/2/"), "{sitemap}");
    let feed = site.read("public/people/علی-خامنه-ای/atom.xml");
    assert!(feed.contains(&format!("<id>{term}atom.xml</id>")), "{feed}");
    assert!(feed.contains(&format!("href=\"{term}\"")), "{feed}");
    assert!(feed.contains(&format!("<id>{dispatch}</id>")), "{feed}");
    let json = site.read("public/archive.json");
    assert!(json.contains(&format!("\"url\": \"{dispatch}\"")), "{json}");
    // The file's path inside the output folder is the file's name.
    assert!(
        json.contains("\"path\": \"dispatches/گزارش-۱/index.html\""),
        "{json}"
    );
}

/// A script subtag decides the direction before the language does, on
/// pages and in the `post` shortcode alike.
#[test]
fn a_script_subtag_decides_the_text_direction() {
    let site = Site::valid();
    let post =
        |lang: &str| format!("{{% post(author=\"A\", lang=\"{lang}\") %}}\nText.\n{{% end %}}\n");
    site.write_dispatch(
        3,
        "2021-03-01",
        "language: ar-Latn",
        &format!("{}\n{}\n{}", post("az-Arab"), post("ar-Latn"), post("fa")),
    );
    site.write_dispatch(4, "2021-04-01", "language: ku-Arab", "x");
    site.build().ok();
    let latin = site.read("public/special-dispatch/3/index.html");
    assert!(
        latin.contains("<div class=\"dispatch-body\" lang=\"ar-Latn\" dir=\"ltr\">"),
        "{latin}"
    );
    for (lang, dir) in [("az-Arab", "rtl"), ("ar-Latn", "ltr"), ("fa", "rtl")] {
        let words = format!("<blockquote class=\"post-text\" lang=\"{lang}\" dir=\"{dir}\">");
        assert!(latin.contains(&words), "{words} in {latin}");
    }
    let kurdish = site.read("public/special-dispatch/4/index.html");
    assert!(
        kurdish.contains("<div class=\"dispatch-body\" lang=\"ku-Arab\" dir=\"rtl\">"),
        "{kurdish}"
    );
}

/// `@/path.md` is decoded as a URL is (and as an alias is): `%20` as editors
/// write a space, `%23` for a `#` in a file name, which otherwise starts
/// the fragment.
#[test]
fn content_paths_in_references_are_percent_decoded() {
    let site = Site::valid();
    site.write(
        "content/dispatches/x/my file #1.md",
        "---\ntitle: Hash\nid: hash-1\ndate: 2021-03-01\n---\n\n## Part\n\nx\n",
    );
    site.write(
        "content/pages/refs.md",
        "---\ntitle: Refs\n---\n\n[a](@/dispatches/x/my%20file%20%231.md) and \
         [b](@/dispatches/x/my%20file%20%231.md#part).\n",
    );
    site.build().ok();
    let page = site.read("public/pages/refs/index.html");
    assert!(page.contains("href=\"/dispatches/hash-1/\""), "{page}");
    assert!(page.contains("href=\"/dispatches/hash-1/#part\""), "{page}");
}

/// On a site that reads right to left, the arrows to the previous and
/// next pages point outwards, as the layout is mirrored.
#[test]
fn arrows_point_outwards_on_a_right_to_left_site() {
    let site = Site::valid();
    site.write(
        "annals.yaml",
        &crate::support::CONFIG.replace("paginate: 2\n", "paginate: 2\nlanguage: fa\n"),
    );
    site.write_dispatch(3, "2021-03-01", "", "Third.");
    site.build().ok();
    let two = site.read("public/special-dispatch/2/index.html");
    assert!(two.contains("<html lang=\"fa\" dir=\"rtl\">"), "{two}");
    assert!(
        two.contains("dir=\"auto\">→ Special Dispatch شماره 1"),
        "{two}"
    );
    assert!(two.contains("</bdi> ←</a>"), "{two}");
    let list = site.read("public/special-dispatch/index.html");
    // (Older, in Persian: the site's words are its language's.)
    assert!(list.contains("قدیمی\u{200c}تر ←</a>"), "{list}");
    let english = Site::valid();
    english.write_dispatch(3, "2021-03-01", "", "Third.");
    english.build().ok();
    let list = english.read("public/special-dispatch/index.html");
    assert!(list.contains("Older →</a>"), "{list}");
}

/// A page template's own `/img/…` is written as it is (a shortcode's is
/// put under the site's path): under a sub-path it is said, with the
/// link to write.
#[test]
fn a_template_link_from_the_host_root_is_said_under_a_sub_path() {
    let site = Site::valid();
    site.write(
        "static/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write(
        "templates/home.html",
        "{% extends \"theme/home.html\" %}\n{% block content %}<img src=\"/img/logo.svg\" alt=\"logo\">{{ super() }}{% endblock content %}\n",
    );
    let run = site.build();
    run.ok();
    assert!(
        !run.stderr.contains("from the host's root"),
        "{}",
        run.stderr
    );
    site.run(&["build", "--base-url", "https://example.org/sub/"])
        .ok()
        .says("templates/home.html:2:30")
        .says("this template links `/img/logo.svg` from the host's root")
        .says("write `{{ site.base_path }}img/logo.svg`");
}

/// A static file whose name holds a backslash (Linux allows one) is said
/// at the file, by `build` and `check`, with what to do.
#[test]
fn a_static_file_name_with_a_backslash_is_said_at_the_file() {
    let site = Site::valid();
    site.write("static/a\\b.txt", "x");
    for command in ["build", "check"] {
        let run = site.run(&[command]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        run.says("static/a\\b.txt: this static file's name has a backslash")
            .says("rename it without the backslash");
    }
}

/// A site's static file whose path goes through one of the theme's files
/// (`static/style.css/a.txt`) is said at the file, not as an error of the
/// file system.
#[test]
fn a_static_file_through_a_theme_file_is_said_at_the_file() {
    let site = Site::valid();
    site.write("static/style.css/a.txt", "x");
    for command in ["build", "check"] {
        let run = site.run(&[command]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        run.says("static/style.css/a.txt: this static file needs a folder style.css/, but style.css is a file of the theme");
        assert!(!run.stderr.contains("os error"), "{}", run.stderr);
    }
}

/// On a site at `/archive/`, a link written with that path works in a
/// preview built for another address (the dev server's, `--base-url`):
/// it is published, and checked, under the preview's path.
#[test]
fn a_link_written_with_the_sites_path_works_in_a_preview() {
    let site = Site::valid();
    site.under_sub_path("archive/");
    site.write_dispatch(
        3,
        "2021-03-01",
        "",
        "[one](/archive/special-dispatch/1/) <a href=\"/archive/special-dispatch/1/#top\">raw</a> \
         [gone](/archive/special-dispatch/99/) [a year](/archive/2021/)\n\n\
         {{ figure(image=\"/images/map.svg\", alt=\"Map\") }}",
    );
    site.write(
        "static/images/map.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let page = || site.read("public/special-dispatch/3/index.html");
    for (base, path) in [
        ("https://fixture.example/archive/", "/archive/"),
        ("http://127.0.0.1:8080/", "/"),
        ("https://preview.example/pr-12/", "/pr-12/"),
        // A preview under the site's own path.
        ("https://fixture.example/archive/pr-12/", "/archive/pr-12/"),
    ] {
        let run = site.run(&["build", "--base-url", base]);
        run.ok()
            .says("link `/archive/special-dispatch/99/` leads to no file of the site (/special-dispatch/99/)")
            // As the site's own build says it, whatever the preview's path.
            .says("link `/archive/2021/` is read as under this site's path on its host, /archive/, and leads to no file (/2021/)")
            .says("2 warnings");
        let page = page();
        let one = format!("<a href=\"{path}special-dispatch/1/\">one</a>");
        let raw = format!("<a href=\"{path}special-dispatch/1/#top\">raw</a>");
        assert!(page.contains(&one), "{base}: {page}");
        assert!(page.contains(&raw), "{base}: {page}");
        // A template's URL is put under the build's path once.
        let figure = format!("src=\"{path}images/map.svg\"");
        assert!(page.contains(&figure), "{base}: {page}");
    }
}
