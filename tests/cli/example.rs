//! The repository's own example archive builds into a complete site.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::{annals, repo_root};

#[test]
fn example_archive_builds() {
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("site");
    let root = repo_root();
    let run = annals(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            out_dir.to_str().unwrap(),
        ],
        &root,
    );
    run.ok();
    assert!(
        !run.stderr.contains("warning"),
        "the example archive is clean:\n{}",
        run.stderr
    );

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("archive.json")).unwrap())
            .unwrap();
    let dispatches = json["dispatches"].as_array().unwrap();
    assert!(dispatches.len() >= 12);
    let series: BTreeSet<&str> = dispatches
        .iter()
        .filter_map(|d| d["series"].as_str())
        .collect();
    assert!(series.len() >= 2);
    let years: BTreeSet<&str> = dispatches
        .iter()
        .map(|d| &d["date"].as_str().unwrap()[..4])
        .collect();
    assert!(years.len() >= 2);
    assert!(dispatches.iter().any(|d| d["language"] == "fa"));

    // Date order, pages where `path` says, cites and cited_by exact inverses.
    let dates: Vec<&str> = dispatches
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]));
    let mut cites = BTreeSet::new();
    let mut cited_by = BTreeSet::new();
    for d in dispatches {
        assert!(out_dir.join(d["path"].as_str().unwrap()).is_file());
        let id = d["id"].as_str().unwrap();
        for c in d["cites"].as_array().unwrap() {
            cites.insert((id.to_string(), c.as_str().unwrap().to_string()));
        }
        for c in d["cited_by"].as_array().unwrap() {
            cited_by.insert((c.as_str().unwrap().to_string(), id.to_string()));
        }
    }
    assert!(cites.len() >= 10);
    assert_eq!(cites, cited_by);

    // Every internal link of every page points at a file that exists.
    let mut broken = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&out_dir).into_iter().flatten() {
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        for href in html
            .split("href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
        {
            if !href.starts_with('/') || href.starts_with("//") {
                continue;
            }
            // (A server answers for the path: the query is the page's.)
            let path = href
                .split(['#', '?'])
                .next()
                .unwrap()
                .trim_start_matches('/');
            let target = if path.is_empty() || path.ends_with('/') {
                out_dir.join(path).join("index.html")
            } else {
                out_dir.join(path)
            };
            if !target.exists() {
                broken.insert(href.to_string(), entry.path().display().to_string());
            }
        }
    }
    assert!(broken.is_empty(), "broken links: {broken:#?}");

    let persian = dispatches.iter().find(|d| d["language"] == "fa").unwrap();
    let html = std::fs::read_to_string(out_dir.join(persian["path"].as_str().unwrap())).unwrap();
    assert!(html.contains("dir=\"rtl\""));
    assert!(out_dir.join("people/kaveh-darvand/index.html").exists());
    assert!(out_dir.join("pages/about/index.html").exists());
}
