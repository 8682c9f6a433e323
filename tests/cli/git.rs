//! A site kept in git: what merges, checkouts and git's own files leave
//! in it.

use crate::support::Site;

const CONFLICT: &str = "<<<<<<< HEAD\nThe port had about 900 workers.\n=======\nThe port had 910 workers.\n>>>>>>> other\n";

/// A merge left unresolved in a body, a template or the config is one
/// error at its first line: before, a body's was published as a heading
/// and seven nested quotes, with exit 0.
#[test]
fn unresolved_merge_conflicts_are_errors_where_they_are() {
    let site = Site::valid();
    site.write_dispatch(3, "2021-03-01", "", &format!("Intro.\n\n{CONFLICT}\nEnd."));
    // In fenced code (a guide to git), the same lines are text.
    site.write_dispatch(4, "2021-03-02", "", &format!("```text\n{CONFLICT}```"));
    site.write(
        "templates/page.html",
        &format!("{{% extends \"base.html\" %}}\n{CONFLICT}"),
    );
    let run = site.build();
    run.fails_at("content/dispatches/sd-3.md", 12)
        .says("an unresolved merge conflict (lines 12–16)")
        .says("remove the `<<<<<<<`, `=======` and `>>>>>>>` lines")
        .fails_at("templates/page.html", 2);
    assert!(!run.stderr.contains("sd-4.md"), "{}", run.stderr);
    assert_eq!(run.stderr.matches("unresolved merge conflict").count(), 2);
    // One error in a shortcode, not one more at each of its uses.
    site.write(
        "templates/shortcodes/note.html",
        &format!("<aside>\n{CONFLICT}</aside>\n"),
    );
    site.write_dispatch(5, "2021-03-03", "", "{{ note() }}\n\n{{ note() }}");
    let run = site.build();
    run.fails_at("templates/shortcodes/note.html", 2);
    assert!(!run.stderr.contains("unknown shortcode"), "{}", run.stderr);
    std::fs::remove_file(site.path("templates/shortcodes/note.html")).unwrap();
    std::fs::remove_file(site.path("content/dispatches/sd-5.md")).unwrap();
    std::fs::remove_file(site.path("templates/page.html")).unwrap();
    std::fs::remove_file(site.path("content/dispatches/sd-3.md")).unwrap();
    site.build().ok();
    // In the config: one error, not one for each line YAML cannot read.
    let config = std::fs::read_to_string(site.path("annals.yaml")).unwrap();
    site.write("annals.yaml", &format!("{config}{CONFLICT}"));
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("annals.yaml").says("1 error");
}

/// What a repository holds beside the site's files: a README for
/// GitHub's folder view, git's own files, mergetool's copies. None is
/// a page or published.
#[test]
fn the_repositorys_own_files_are_not_the_sites() {
    let site = Site::valid();
    site.write("content/README.md", "# Content\n\nEditors: see the wiki.\n");
    site.write("content/dispatches/readme.md", "Notes for editors.\n");
    site.write(
        "content/pages/about_BASE_4242.md",
        "---\ntitle: Base\n---\n",
    );
    site.write("static/.gitkeep", "");
    site.write("static/fonts/.gitkeep", "");
    site.write("static/.gitignore", "*.psd\n");
    site.write("static/.nojekyll", "");
    // A data file named as mergetool names its copies is the site's.
    site.write("static/data/gdp_BASE_2015.csv", "year,gdp\n");
    // One with front matter is a page like any other.
    site.write(
        "content/pages/readme.md",
        "---\ntitle: Read me\n---\n\nText.\n",
    );
    site.build().ok();
    let files = crate::support::files(&site.path("public"));
    for gone in [
        ".gitkeep",
        "fonts/.gitkeep",
        ".gitignore",
        "pages/about-base-4242/index.html",
    ] {
        assert!(!files.iter().any(|f| f == gone), "{gone} published");
    }
    assert!(files.iter().any(|f| f == ".nojekyll"));
    assert!(files.iter().any(|f| f == "data/gdp_BASE_2015.csv"));
    assert!(
        files.iter().any(|f| f == "pages/readme/index.html"),
        "{files:?}"
    );
}

/// A checkout without LFS leaves pointers where the images were: said,
/// not published as images without a word.
#[test]
fn lfs_pointers_in_static_are_warned_about() {
    let site = Site::valid();
    site.write(
        "static/images/map.svg",
        "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a2146\nsize 12345\n",
    );
    site.build()
        .ok()
        .says("static/images/map.svg")
        .says("is a Git LFS pointer")
        .says("git lfs pull");
    // A theme's pointer that the site's own file replaces is never
    // published, and not said.
    std::fs::remove_file(site.path("static/images/map.svg")).unwrap();
    site.copy_default_theme("mine");
    let config = std::fs::read_to_string(site.path("annals.yaml")).unwrap();
    site.write("annals.yaml", &format!("{config}theme: mine\n"));
    site.write(
        "themes/mine/static/images/logo.svg",
        "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a2146\nsize 12345\n",
    );
    site.write("static/images/logo.svg", "<svg/>");
    let run = site.build();
    assert!(!run.ok().stderr.contains("LFS"), "{}", run.stderr);
}

/// A theme kept as a submodule that was not checked out: one error that
/// says so, not one for each template and shortcode it lacks.
#[test]
fn an_empty_submodule_theme_is_one_error() {
    let site = Site::valid();
    let config = std::fs::read_to_string(site.path("annals.yaml")).unwrap();
    site.write("annals.yaml", &format!("{config}theme: shared\n"));
    // Finder's leftover, an empty folder or a submodule's `.git` file do
    // not make it a theme; another submodule's path that starts alike
    // does not make it one.
    site.write("themes/shared/.DS_Store", "");
    site.write("themes/shared/.git", "gitdir: ../../.git/modules/shared\n");
    std::fs::create_dir_all(site.path("themes/shared/templates")).unwrap();
    site.write(
        ".gitmodules",
        "[submodule \"themes/shared-dark\"]\n\tpath = themes/shared-dark\n\turl = ../dark\n",
    );
    let run = site.build();
    run.says("the theme folder themes/shared/ is empty")
        .says("annals theme shared");
    assert!(!run.stderr.contains("submodule"), "{}", run.stderr);
    site.write(
        ".gitmodules",
        "[submodule \"themes/shared\"]\n\tpath = themes/shared\n\turl = ../shared\n",
    );
    site.write("templates/page.html", "{% extends \"base.html\" %}");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("the theme folder themes/shared/ is empty")
        .says("git submodule update --init")
        .says("1 error");
}
