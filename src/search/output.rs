//! The index output directory: its files go into a folder named by a hash
//! of their contents, `search/<16 hex digits>/`, which `meta.json` names;
//! and what gets written is counted, for [`super::IndexStats`].
//!
//! # Why a folder per index
//! A reader's browser holds `meta.json` in memory for as long as the
//! search page is open, and may keep any file in its cache. With fixed
//! names, a site deployed again (or the dev server's index rewritten)
//! while a page is open made that page read the new `t/3.bin` at the old
//! offsets: wrong results, or a decoding error. Named by content, the
//! files of one index are never mixed with another's: an old page asks for
//! its old folder, which is either still there or answers 404, on which
//! the client reloads `meta.json` and asks again. The same content gives
//! the same name, so a rebuild that changes nothing in the index keeps
//! every reader's cache, and a host may cache those files for good.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Where the files are written until their folder's name is known; a dot
/// name is never taken for an index folder.
const WRITING: &str = ".writing";

/// The folders files go in, inside the index folder.
const SUBDIRS: [&str; 5] = ["t", "p", "x", "d", "f"];

/// Whether `name` is an index folder's name (16 lowercase hex digits).
fn is_index_folder(name: &str) -> bool {
    name.len() == 16 && name.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The folder of the index in `root` (`<output>/search/`), as its
/// `meta.json` names it: the one folder there that is the index's. A
/// site's own folder under `search/` is never taken for it, whatever its
/// name.
pub fn index_folder(root: &Path) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Meta {
        files: String,
    }
    let meta: Meta = serde_json::from_slice(&fs::read(root.join("meta.json")).ok()?).ok()?;
    let name = meta.files.strip_suffix('/')?;
    is_index_folder(name).then(|| name.to_owned())
}

pub(crate) struct Output {
    /// The index's folder (`<output>/search/`).
    root: PathBuf,
    /// The folder of the index written there before, replaced by this one.
    previous: Option<String>,
    /// Where the files go until [`Output::finish`] names their folder.
    files_dir: PathBuf,
    pub files: usize,
    pub bytes: u64,
    /// One hash per file, of its name and contents (see [`file_sum`]).
    sums: Vec<u64>,
}

impl Output {
    pub(crate) fn create(root: &Path) -> io::Result<Self> {
        let files_dir = root.join(WRITING);
        if files_dir.is_dir() {
            fs::remove_dir_all(&files_dir)?;
        }
        // Not made again once the site's folder is gone (a signal
        // removed it): see `create_below`.
        let site = root.parent().unwrap_or(root);
        for sub in SUBDIRS {
            crate::output::create_below(site, &files_dir.join(sub))?;
        }
        Ok(Output {
            root: root.to_path_buf(),
            previous: index_folder(root),
            files_dir,
            files: 0,
            bytes: 0,
            sums: Vec::new(),
        })
    }

    /// A second writer into the same folder, with its own counts, for
    /// files written in parallel; see [`Output::absorb`].
    pub(crate) fn fork(&self) -> Self {
        Output {
            root: self.root.clone(),
            previous: None,
            files_dir: self.files_dir.clone(),
            files: 0,
            bytes: 0,
            sums: Vec::new(),
        }
    }

    /// Adds the counts of a [`fork`](Output::fork).
    pub(crate) fn absorb(&mut self, other: Output) {
        self.files += other.files;
        self.bytes += other.bytes;
        self.sums.extend(other.sums);
    }

    /// The folder files are written into, for [`write_file`].
    pub(crate) fn files_dir(&self) -> &Path {
        &self.files_dir
    }

    /// Writes one file of the index, `rel` inside its folder.
    pub(crate) fn write(&mut self, rel: &str, data: &[u8]) -> io::Result<()> {
        let written = write_file(&self.files_dir, rel, data)?;
        self.record(written);
        Ok(())
    }

    /// Accounts for a file written in parallel through [`write_file`].
    pub(crate) fn record(&mut self, written: Written) {
        self.files += 1;
        self.bytes += written.bytes;
        self.sums.push(written.sum);
    }

    /// Names the folder of the files written after their contents, moves
    /// them there and removes the earlier index's folder; returns its
    /// name with a slash, as `meta.json` gives it (`"3f0c…9a/"`).
    /// `meta` is the rest of `meta.json`, which the name covers too.
    pub(crate) fn finish(&mut self, meta: &[u8]) -> io::Result<String> {
        let mut sums = std::mem::take(&mut self.sums);
        sums.push(xxh3_64(meta));
        // Files are written in parallel: their order is not the index's.
        sums.sort_unstable();
        let bytes: Vec<u8> = sums.iter().flat_map(|s| s.to_le_bytes()).collect();
        let name = format!("{:016x}", xxh3_64(&bytes));
        // The same name: the same files, written again.
        for old in self.previous.iter().chain([&name]) {
            let old = self.root.join(old);
            if old.is_dir() {
                fs::remove_dir_all(old)?;
            }
        }
        // A folder left empty (`p/` of an archive whose postings are all
        // inline) is not published: Git-based deploys would drop it, and
        // every diff against one would show it. (Only an empty folder
        // is removed.)
        for sub in SUBDIRS {
            let _ = fs::remove_dir(self.files_dir.join(sub));
        }
        fs::rename(&self.files_dir, self.root.join(&name))?;
        Ok(format!("{name}/"))
    }

    /// Writes `meta.json`, the one file outside the index's folder, once
    /// [`finish`](Output::finish) has named the folder.
    pub(crate) fn write_meta(&mut self, json: &[u8]) -> io::Result<()> {
        fs::write(self.root.join("meta.json"), json)?;
        self.files += 1;
        self.bytes += json.len() as u64;
        Ok(())
    }
}

/// What writing one file adds to its [`Output`].
pub(crate) struct Written {
    bytes: u64,
    sum: u64,
}

/// Writes one file below `files_dir` (see [`Output::files_dir`]); usable
/// from rayon workers, which [`Output::record`] what it returns.
pub(crate) fn write_file(files_dir: &Path, rel: &str, data: &[u8]) -> io::Result<Written> {
    fs::write(files_dir.join(rel), data)?;
    Ok(Written {
        bytes: data.len() as u64,
        sum: file_sum(rel, data),
    })
}

/// A file's part of its folder's name: its contents hashed with its name
/// as the seed, so that two files swapping contents change the name.
fn file_sum(rel: &str, data: &[u8]) -> u64 {
    xxh3_64_with_seed(data, xxh3_64(rel.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder_of(files: &[(&str, &[u8])]) -> (tempfile::TempDir, String) {
        let dir = tempfile::tempdir().unwrap();
        let mut out = Output::create(dir.path()).unwrap();
        for (rel, data) in files {
            out.write(rel, data).unwrap();
        }
        let name = out.finish(b"{}").unwrap();
        (dir, name)
    }

    #[test]
    fn the_folder_is_named_by_what_its_files_hold() {
        let (dir, a) = folder_of(&[("t/0.bin", b"one"), ("d/0.json", b"[]")]);
        assert!(is_index_folder(a.trim_end_matches('/')), "{a}");
        assert_eq!(
            fs::read(dir.path().join(&a).join("t/0.bin")).unwrap(),
            b"one"
        );
        assert!(!dir.path().join(WRITING).exists());
        // Written in another order: the same name.
        let (_, b) = folder_of(&[("d/0.json", b"[]"), ("t/0.bin", b"one")]);
        assert_eq!(a, b);
        // One byte, or which file holds what, changes it.
        let (_, c) = folder_of(&[("t/0.bin", b"onE"), ("d/0.json", b"[]")]);
        let (_, d) = folder_of(&[("t/0.bin", b"[]"), ("d/0.json", b"one")]);
        assert_ne!(a, c);
        assert_ne!(a, d);
    }

    #[test]
    fn a_new_index_replaces_the_folder_of_the_old_one_only() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("index.html"), "the search page").unwrap();
        // The site's own folders, one named like an index's.
        fs::create_dir(dir.path().join("images")).unwrap();
        fs::create_dir(dir.path().join("0123456789abcdef")).unwrap();
        let mut names = Vec::new();
        for contents in [&b"old"[..], b"new", b"new"] {
            let mut out = Output::create(dir.path()).unwrap();
            out.write("t/0.bin", contents).unwrap();
            let name = out.finish(b"{}").unwrap();
            out.write_meta(format!("{{\"files\":\"{name}\"}}").as_bytes())
                .unwrap();
            assert_eq!(index_folder(dir.path()).unwrap() + "/", name);
            names.push(name);
        }
        assert_ne!(names[0], names[1]);
        assert_eq!(names[1], names[2]);
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        let mut want = vec![
            "0123456789abcdef".to_string(),
            "images".to_string(),
            "index.html".to_string(),
            "meta.json".to_string(),
            names[1].trim_end_matches('/').to_string(),
        ];
        want.sort();
        assert_eq!(left, want);
    }

    #[test]
    fn only_sixteen_lowercase_hex_digits_name_an_index_folder() {
        assert!(is_index_folder("0123456789abcdef"));
        for name in [
            "0123456789ABCDEF",
            "0123456789abcde",
            "t",
            ".writing",
            "0123456789abcdeg",
        ] {
            assert!(!is_index_folder(name), "{name}");
        }
    }
}
