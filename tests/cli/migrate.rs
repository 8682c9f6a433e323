//! An archive moved from Hugo or Zola: their key names, TOML front
//! matter and section files are each said in annals' words, with what
//! to write instead, at the line.

use crate::support::{CONFIG, Site};

const FILE: &str = "content/dispatches/sd-3.md";

#[test]
fn front_matter_keys_of_hugo_and_zola_say_what_annals_writes() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "lastmod: 2021-03-02\ndescription: A standfirst.\npublishDate: 2021-03-01\nexpiryDate: 2022-01-01\nweight: 4\nslug: harbour\nurl: /harbour/\ntaxonomies:\n  people: [Lena Varga]",
        "Body.",
    );
    let run = site.build();
    run.fails_at(FILE, 7)
        .says("annals calls this `updated`: rename the key")
        .fails_at(FILE, 8)
        .says("annals calls this `summary`, which this file has already: keep one of the two")
        .says("annals publishes by `date`")
        .says("annals cannot unpublish by date")
        .says("annals has no manual order")
        .says("list the old URL under `aliases:`")
        .fails_at(FILE, 14)
        .says("move the keys under `taxonomies:` to the top level, like `people: [Lena Varga]`")
        .says("build failed: 8 errors");
    assert!(!run.stderr.contains("under `extra:`"), "{}", run.stderr);
}

#[test]
fn front_matter_keys_of_jekyll_say_what_annals_writes() {
    let site = Site::valid();
    site.write_dispatch(
        3,
        "2021-03-01",
        "layout: post\npermalink: /2021/03/01/harbour/\nexcerpt: A standfirst.\npublished: false",
        "Body.",
    );
    let run = site.build();
    run.fails_at(FILE, 7)
        .says("annals picks the template by what the file is")
        .fails_at(FILE, 8)
        .says("list the old URL under `aliases:` so that it redirects")
        .fails_at(FILE, 9)
        // (The fixture's dispatch has a summary of its own.)
        .says("annals calls this `summary`, which this file has already: keep one of the two")
        .fails_at(FILE, 10)
        .says("write that for `published: false`");
    assert!(!run.stderr.contains("under `extra:`"), "{}", run.stderr);
}

#[test]
fn config_keys_of_hugo_and_zola_say_what_annals_writes() {
    let site = Site::valid();
    let config = CONFIG
        .replace("base_url:", "baseURL:")
        .replace("paginate: 2", "paginate_by: 2\nlanguageCode: en")
        .replace("regions: { title: Regions }", "region: regions");
    site.write("annals.yaml", &config);
    site.build()
        .fails_at("annals.yaml", 2)
        .says("annals calls this `base_url`: rename the key")
        .fails_at("annals.yaml", 3)
        .says("annals calls this `paginate`: rename the key")
        .fails_at("annals.yaml", 4)
        .says("annals calls this `language`: rename the key")
        .fails_at("annals.yaml", 10)
        .says("taxonomy `region` has no settings")
        .says("each taxonomy is `<plural key>: { title: ... }`, and front matter uses the key: write `regions: { title: Regions }`")
        .says("4 errors");
}

#[test]
fn toml_front_matter_says_it_is_toml_and_how_to_write_it() {
    let site = Site::valid();
    site.write(
        FILE,
        "+++\ntitle = \"X\"\ndate = 2021-03-01\n+++\n\nBody.\n",
    );
    site.build()
        .fails_at(FILE, 1)
        .says("sd-3.md:1:1: the front matter is TOML (between `+++` lines), which annals does not read")
        .says("write each `key = value` line as `key: value` (e.g. `title: \"X\"`)");
    assert!(!site.build().stderr.contains("missing front matter"));
    for json in [
        "{\n  \"title\": \"X\"\n}\n\nBody.\n",
        "{ \"title\": \"X\" }\n\nBody.\n",
    ] {
        site.write(FILE, json);
        site.build()
            .fails_at(FILE, 1)
            .says("the front matter is JSON (Hugo's `{ \"title\": ... }`)")
            .says("write it as YAML between `---` lines");
    }
}

#[test]
fn toml_lines_between_yaml_fences_are_one_error_each() {
    let site = Site::valid();
    site.write(
        FILE,
        "---\ntitle = \"X\"\nseries = \"special-dispatch\"\nnumber: 3\ndate: 2021-03-01\n---\n\nBody.\n",
    );
    let run = site.build();
    run.says("sd-3.md:2:6: `title = \"X\"` is TOML: `=` is not YAML, which writes `key: value`")
        .says("write `title: \"X\"`")
        .says("sd-3.md:3:7: `series = \"special-dispatch\"` is TOML")
        .says("write `series: \"special-dispatch\"`")
        .says("build failed: 2 errors");
    assert!(!run.stderr.contains("missing `title`"), "{}", run.stderr);
}

#[test]
fn section_files_say_annals_builds_lists_from_the_dispatches() {
    for file in [
        "content/_index.md",
        "content/special-dispatch/_index.md",
        "content/news/_index.md",
        "content/people/_index.md",
    ] {
        let site = Site::valid();
        site.write(file, "---\ntitle: A section\n---\n\nIntro.\n");
        let run = site.build();
        run.says(&format!("{file}:1:1: annals has no section index files"))
            .says("build failed: 1 error");
        let help = if file.contains("special-dispatch") {
            "its text belongs in the series' `description` in annals.yaml"
        } else {
            "delete it, or move its text to a page (e.g. `content/pages/about.md`)"
        };
        run.says(help);
        assert!(!run.stderr.contains("e.g. `index.md`"), "{}", run.stderr);
        assert!(!run.stderr.contains("not URL-safe"), "{}", run.stderr);
    }
}

#[test]
fn a_term_bundle_is_moved_to_the_terms_entity_file() {
    for file in ["index.md", "_index.md"] {
        let site = Site::valid();
        site.write(
            &format!("content/people/ada-lovelace/{file}"),
            "---\ntitle: Ada Lovelace\n---\n\nMathematician.\n",
        );
        site.build()
            .fails_at(&format!("content/people/ada-lovelace/{file}"), 1)
            .says("move it to `content/people/ada-lovelace.md`: that file is the entity page of the people term `ada-lovelace`")
            .says("build failed: 1 error");
    }
}

#[test]
fn a_series_written_as_a_list_or_by_its_title_is_told_the_key() {
    let site = Site::valid();
    let write = |series: &str| {
        site.write(
            FILE,
            &format!("---\ntitle: T\nseries: {series}\nnumber: 3\ndate: 2021-03-01\n---\n\nB.\n"),
        );
        site.build()
    };
    write("[\"Special Dispatch\"]")
        .says("sd-3.md:3:9: `series` takes one series key from annals.yaml, not a list")
        .says("write `series: special-dispatch`")
        .says("build failed: 1 error");
    write("[a, b]").says(
        "the series keys are `special-dispatch` (Special Dispatch), `inquiry-analysis` (Inquiry & Analysis)",
    );
    write("\"inquiry & analysis\"")
        .says("sd-3.md:3:9: unknown series `inquiry & analysis`")
        .says("use the series key `inquiry-analysis` (`Inquiry & Analysis` is its title)");
    // The title wins over a key a typo away.
    write("Special Dispatch")
        .says("use the series key `special-dispatch` (`Special Dispatch` is its title)");
    write("special-dispach").says("did you mean `special-dispatch`?");
}

#[test]
fn taxonomy_keys_on_a_page_are_a_warning_at_the_key() {
    let site = Site::valid();
    site.write(
        "content/pages/about.md",
        "---\ntitle: About\npeople: [Ada Lovelace]\n---\n\nAbout us.\n",
    );
    site.build()
        .ok()
        .says("content/pages/about.md:3:9: `people` on a page is ignored: terms are taken from dispatches only")
        .says("a page cannot be tagged; remove `people:`")
        .says("1 warning");
}

/// A Hugo or Zola config copied in as annals.yaml: each TOML line is said
/// as TOML, with its YAML form, not as YAML that does not parse.
#[test]
fn a_toml_config_is_named_as_toml() {
    let site = Site::valid();
    site.write(
        "annals.yaml",
        "title = \"X\"\nbase_url = \"https://x.org/\"\n",
    );
    site.build()
        .fails_at("annals.yaml", 1)
        .says("annals.yaml:1:6: `title = \"X\"` is TOML")
        .says("write `title: \"X\"`")
        .says("annals.yaml:2:9:")
        .says("build failed: 2 errors");
}

/// A file with another error still has its series checked: migrating
/// takes fewer rounds.
#[test]
fn a_series_title_is_said_beside_a_bad_number() {
    let site = Site::valid();
    site.write(
        FILE,
        "---\ntitle: T\nseries: Special Dispatch\nnumber: 99999999999999999999\ndate: 2021-03-01\n---\nx\n",
    );
    site.build()
        .fails_at(FILE, 3)
        .says("unknown series `Special Dispatch`")
        .fails_at(FILE, 4)
        .says("`number` is too large");
}

/// Zola's `[extra]` table moved under `extra:` whole keeps what annals
/// reads at the top level out of its sight: said as that.
#[test]
fn a_number_or_series_under_extra_is_said_to_be_there() {
    let site = Site::valid();
    site.write(
        FILE,
        "---\ntitle: T\ndate: 2021-03-01\nseries: special-dispatch\nextra:\n  number: 3\n---\nx\n",
    );
    site.write(
        "content/dispatches/sd-4.md",
        "---\ntitle: T\ndate: 2021-03-01\nextra:\n  series: special-dispatch\n  number: 4\n---\nx\n",
    );
    site.build()
        .fails_at(FILE, 6)
        .says("this one is under `extra`")
        .says("move `number:` out of `extra:` to the top level")
        .says("content/dispatches/sd-4.md:1:1")
        .says("move `series` and `number` out of `extra:` to the top level");
}

/// A YAML value may hold a line that reads like TOML: not taken for it.
#[test]
fn a_yaml_block_with_an_equals_sign_is_yaml() {
    let site = Site::valid();
    site.write(
        "annals.yaml",
        &format!("{CONFIG}extra:\n  note: |\n    total = sum of the above\n"),
    );
    site.build().ok();
}

/// Hugo reads e-mail style (RFC 1123) dates; annals says what to write.
#[test]
fn an_rfc_1123_date_is_given_as_annals_writes_it() {
    let site = Site::valid();
    site.write(
        FILE,
        "---\ntitle: T\nseries: special-dispatch\nnumber: 3\ndate: Mon, 02 Jan 2006 15:04:05 MST\n---\nx\n",
    );
    site.build()
        .fails_at(FILE, 5)
        .says("`date` is an e-mail style (RFC 1123) date, which annals does not read")
        .says("write it `2006-01-02T15:04:05-07:00`");
}
