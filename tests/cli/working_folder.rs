//! What an editor's working folder holds besides the site: file managers'
//! and editors' leftovers, names in other Unicode forms or not in UTF-8
//! at all, names that differ only by letter case.

use crate::support::{Site, files};

/// Leftovers are skipped quietly in content/, templates/ and static/:
/// not published (a swap file holds unsaved text), and no warning each
/// (an editor keeps a backup of every file it saved).
#[test]
fn editors_and_file_managers_leftovers_are_skipped_quietly() {
    let site = Site::valid();
    let dispatch = site.read("content/dispatches/sd-1.md");
    site.write("content/dispatches/sd-1.md~", &dispatch);
    site.write("content/dispatches/#sd-2.md#", &dispatch);
    site.write("content/dispatches/sd-1.md.orig", &dispatch);
    site.write("content/Thumbs.db", "x");
    site.write("templates/page.html~", "{{ nonsense(");
    site.write("static/.DS_Store", "Bud1");
    site.write("static/images/.map.svg.swp", "b0VIM unsaved text");
    site.write("static/images/map.svg~", "<svg/>");
    site.write("static/images/map.svg", "<svg/>");
    site.write("static/__MACOSX/images/._map.svg", "x");
    site.write("static/.well-known/security.txt", "Contact: x");
    // A folder named as an editor names its scratch files is someone's.
    site.write("static/images/4913/chart.svg", "<svg/>");
    site.write("static/notes~/a.txt", "kept");
    let run = site.build();
    run.ok();
    assert!(!run.stderr.contains('⚠'), "{}", run.stderr);
    let published = files(&site.path("public"));
    for gone in ["DS_Store", "swp", "map.svg~", "MACOSX", "Thumbs"] {
        assert!(
            !published.iter().any(|f| f.contains(gone)),
            "{gone}: {published:?}"
        );
    }
    assert!(published.contains(&"images/map.svg".to_string()));
    for kept in [
        ".well-known/security.txt",
        "images/4913/chart.svg",
        "notes~/a.txt",
    ] {
        assert!(
            published.contains(&kept.to_string()),
            "{kept}: {published:?}"
        );
    }
}

/// Two static names that are not UTF-8 read alike (`caf\u{FFFD}.png`):
/// copying both would lose one, so each is an error that shows its bytes.
#[cfg(target_os = "linux")]
#[test]
fn a_static_name_that_is_not_utf8_is_an_error_naming_its_bytes() {
    use std::os::unix::ffi::OsStrExt;
    let site = Site::valid();
    let static_dir = site.path("static");
    std::fs::create_dir_all(&static_dir).unwrap();
    for (name, text) in [(&b"caf\xe9.png"[..], "acute"), (b"caf\xe8.png", "grave")] {
        let name = std::ffi::OsStr::from_bytes(name);
        std::fs::write(static_dir.join(name), text).unwrap();
    }
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says(r"static/caf\xE8.png: this static file's name is not UTF-8")
        .says(r"static/caf\xE9.png: this static file's name is not UTF-8")
        .says("rename it in UTF-8")
        .says("nothing was written");
}

/// Static files that one disk of macOS or Windows would take for one
/// are said, as a static file and a page are; a link to a file spelled
/// in the other Unicode form says the file is there.
#[test]
fn static_twins_are_said_and_a_link_in_another_unicode_form_names_the_file() {
    let site = Site::valid();
    site.write("static/images/Map.svg", "a");
    site.write("static/images/map.svg", "b");
    site.write("static/Docs/a.txt", "1");
    site.write("static/docs/b.txt", "2");
    // `é` as `e` and a combining accent, as some macOS tools write it.
    site.write("static/cafe\u{301}.txt", "menu");
    site.write(
        "content/pages/menu.md",
        "---\ntitle: Menu\n---\n\nThe [menu](/caf\u{e9}.txt).\n",
    );
    let run = site.build();
    run.ok()
        .says(
            "static/images/map.svg: this file and static/images/Map.svg differ only by letter case",
        )
        .says("static/docs: this folder and static/Docs differ only by letter case")
        .says("leads to no file of the site")
        .says("the site has this file, a name on its path spelled in another Unicode form");
}

/// A page's name that is no slug is said with the name to give it.
#[test]
fn a_page_name_that_is_no_slug_gets_the_name_to_give_it() {
    let site = Site::valid();
    site.write(
        "content/pages/My Page.md",
        "---\ntitle: Mine\n---\n\nText.\n",
    );
    site.write("content/_notes/todo.md", "---\ntitle: Todo\n---\n\nText.\n");
    // At the top, a name the site's own pages take goes under pages/;
    // a taxonomy's folder is its entity files'.
    site.write("content/Archive.md", "---\ntitle: A\n---\n\nText.\n");
    site.write("content/People.md", "---\ntitle: P\n---\n\nText.\n");
    site.write("content/People/x.md", "---\ntitle: P\n---\n\nText.\n");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("the file name `My Page.md` is not lower-case letters")
        .says("rename the file `my-page.md`")
        .says("rename the folder `notes`")
        .says("rename the file `archive.md` and move it under content/pages/")
        .says("rename the file `people.md` and move it under content/pages/")
        .says("rename the folder `people`:")
        .says("not `_`");
}

/// A file that is no UTF-8 text is said as what it is: binary, UTF-16
/// with or without its byte order mark; a stray NUL in a Markdown file
/// is said where it is, as a character to remove.
#[test]
fn files_that_are_not_utf8_text_are_said_as_what_they_are() {
    let site = Site::valid();
    site.write_bytes("content/photo.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0");
    site.build().fails_at("content/photo.md", 1);
    // A NUL is said where it is; a UTF-16 file is named as that.
    site.write_bytes("content/photo.md", b"---\ntitle: x\n---\nab\0cd\n");
    site.build()
        .fails_at("content/photo.md", 4)
        .says("content/photo.md:4:3: file contains a NUL character")
        .says("remove it");
    // Without its byte order mark, UTF-16 is a file full of NULs.
    let utf16: Vec<u8> = "---\ntitle: x\n---\nText.\n"
        .bytes()
        .flat_map(|b| [b, 0])
        .collect();
    site.write_bytes("content/photo.md", &utf16);
    site.build()
        .says("content/photo.md:1:2: file is full of NUL characters: it is not UTF-8 text");
    site.write_bytes("content/photo.md", b"\xff\xfe-\0-\0-\0");
    site.build()
        .says("content/photo.md:1:1: file is UTF-16 text, not UTF-8")
        .says("save the file as UTF-8");
    // A non-Markdown file is only a warning: the build goes on.
    let site = Site::valid();
    site.write_bytes("content/image.png", b"\x89PNG\r\n\x1a\n\0\0");
    site.build().ok().says("content/image.png");
}

/// `init` into a path it cannot make says why in words a user can act on.
#[cfg(unix)]
#[test]
fn init_where_no_folder_can_be_made_says_why() {
    let dir = tempfile::tempdir().unwrap();
    // (A device: a plain file is said sooner, as the folder's place.)
    let run = crate::support::annals(&["init", "/dev/null/site"], dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.says("a part of that path is a file, not a folder");
    let long = "a".repeat(300);
    let run = crate::support::annals(&["init", &long], dir.path());
    run.says("a file or folder name holds at most 255 bytes");
}
