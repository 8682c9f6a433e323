//! Fixture sites built in temporary folders, and the real binary run on them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const CONFIG: &str = "title: Fixture Archive
base_url: https://fixture.example/
paginate: 2
series:
  special-dispatch: { title: Special Dispatch, prefix: sd }
  inquiry-analysis: { title: \"Inquiry & Analysis\", prefix: ia }
taxonomies:
  people: { title: People }
  regions: { title: Regions }
";

/// A small site in a temporary folder.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// A site with the fixture config and no content.
    pub fn empty() -> Site {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("annals.yaml"), CONFIG).unwrap();
        Site { dir }
    }

    /// A site with two valid dispatches, one citing the other.
    pub fn valid() -> Site {
        let site = Site::empty();
        site.write(
            "content/dispatches/sd-1.md",
            &dispatch(
                "special-dispatch",
                1,
                "2021-01-05",
                "People: [Ada Lovelace]",
                "## Part II: The Sermon\n\nThe first one[^1].\n\n[^1]: A source.",
            ),
        );
        site.write(
            "content/dispatches/sd-2.md",
            &second_dispatch("Builds on [the first](@sd-1#part-ii-the-sermon). Then more.\n"),
        );
        site
    }

    /// Copies the built-in theme into `themes/NAME/` (a theme folder of
    /// the site's own; `theme: NAME` selects it).
    pub fn copy_default_theme(&self, name: &str) -> &Self {
        let theme = repo_root().join("themes/default");
        for sub in ["templates", "shortcodes", "static"] {
            for file in files(&theme.join(sub)) {
                let text = std::fs::read_to_string(theme.join(sub).join(&file)).unwrap();
                self.write(&format!("themes/{name}/{sub}/{file}"), &text);
            }
        }
        self
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes Special Dispatch `number` (`content/dispatches/sd-N.md`) of
    /// `date`, with `extra` front-matter lines and `body`.
    pub fn write_dispatch(&self, number: u32, date: &str, extra: &str, body: &str) -> &Self {
        self.write(
            &format!("content/dispatches/sd-{number}.md"),
            &dispatch("special-dispatch", number, date, extra, body),
        )
    }

    /// Moves the site under the path `sub` ("archive/") of its host, as
    /// annals.yaml's `base_url` gives it.
    pub fn under_sub_path(&self, sub: &str) -> &Self {
        let config = self.read("annals.yaml").replace(
            "https://fixture.example/",
            &format!("https://fixture.example/{sub}"),
        );
        self.write("annals.yaml", &config)
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// The site-relative path of the search index's file `rel` ("d/0.json")
    /// in the output `out` ("public"): in the folder its `meta.json` names.
    pub fn index_file(&self, out: &str, rel: &str) -> String {
        format!("{out}/search/{}{rel}", index_folder(&self.path(out)))
    }

    /// Runs `annals ARGS --root SITE` (for the commands that take --root).
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all: Vec<&str> = args.to_vec();
        let root = self.root().to_str().unwrap().to_string();
        all.push("--root");
        all.push(&root);
        annals(&all, self.root())
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }
}

/// Front matter and body of a dispatch; `extra` is more front-matter lines.
pub fn dispatch(series: &str, number: u32, date: &str, extra: &str, body: &str) -> String {
    let extra = extra.replace("People:", "people:");
    format!(
        "---\ntitle: \"Dispatch {number}\"\nseries: {series}\nnumber: {number}\ndate: {date}\nsummary: \"Summary {number}.\"\n{extra}\n---\n\n{body}\n"
    )
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn ok(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts exit code 1 and that stderr names `file` at `line`.
    pub fn fails_at(&self, file: &str, line: usize) -> &Self {
        assert_eq!(self.code, 1, "expected exit 1\nstderr:\n{}", self.stderr);
        let needle = format!("{file}:{line}");
        assert!(
            self.stderr.contains(&needle),
            "expected `{needle}` in:\n{}",
            self.stderr
        );
        self
    }

    pub fn says(&self, text: &str) -> &Self {
        assert!(
            self.stderr.contains(text) || self.stdout.contains(text),
            "expected `{text}` in output\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }
}

pub fn annals(args: &[&str], cwd: &Path) -> Run {
    annals_with(args, cwd, &[])
}

/// [`annals`] with more environment variables set.
pub fn annals_with(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Run {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_annals"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .output()
        .expect("run annals");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The repository's example archive.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// All files under `dir`, relative, sorted.
pub fn files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

/// The valid fixture's second dispatch with the given body (its front
/// matter is the same whatever the body).
pub fn second_dispatch(body: &str) -> String {
    dispatch(
        "special-dispatch",
        2,
        "2021-02-05",
        "people: [Ada Lovelace]",
        body,
    )
}

/// The folder of the search index built into `out` ("3f0c…9a/"), as its
/// `meta.json` names it.
pub fn index_folder(out: &Path) -> String {
    let meta = std::fs::read_to_string(out.join("search/meta.json")).expect("search/meta.json");
    let meta: serde_json::Value = serde_json::from_str(&meta).expect("meta.json");
    meta["files"]
        .as_str()
        .expect("meta.json names its files")
        .to_owned()
}
