//! Static files that are Git LFS pointers, not the files: what a CI
//! checkout without LFS leaves in place of every image kept in LFS. They
//! would be published as broken images without a word.

use std::io::Read;
use std::path::Path;

use crate::diagnostic::Diagnostic;

/// How a pointer file starts (the Git LFS specification's first line).
const POINTER: &[u8] = b"version https://git-lfs.github.com/spec/";

/// A warning for each of `files` (relative to `dir`, shown as `shown`)
/// that is an LFS pointer. Only small files are opened: a pointer is a
/// few lines, under 200 bytes.
pub(super) fn lfs_pointers(dir: &Path, files: &[String], shown: &Path) -> Vec<Diagnostic> {
    files
        .iter()
        .filter(|rel| is_pointer(&dir.join(rel)))
        .map(|rel| {
            Diagnostic::warning("this static file is a Git LFS pointer, not the file: it is published as it is, a few lines of text")
                .in_file(shown.join(rel))
                .with_help("fetch the files kept in LFS (`git lfs pull`; in CI, check out with LFS) and build again")
        })
        .collect()
}

fn is_pointer(path: &Path) -> bool {
    let small = std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() < 1024);
    if !small {
        return false;
    }
    let mut head = [0u8; POINTER.len()];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| head == POINTER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_are_told_from_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("map.svg"),
            "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 12345\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("real.svg"), "<svg/>").unwrap();
        let files = ["map.svg".to_string(), "real.svg".to_string()];
        let said = lfs_pointers(dir.path(), &files, Path::new("static"));
        assert_eq!(said.len(), 1);
        assert_eq!(said[0].file.as_deref(), Some(Path::new("static/map.svg")));
    }
}
