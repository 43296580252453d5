//! Discovery: the paths on the command line to an ordered list of input files.
//!
//! Folders are walked recursively, in byte order of file names, picking `*.md` and
//! `*.markdown` files (any case) and skipping hidden entries (`.git`, `.obsidian`);
//! a file named explicitly is taken whatever its extension. Symbolic links to files
//! are followed; symbolic links to folders are walked only with
//! [`Options::follow_symlinks`], and then every folder is entered once at most (by
//! its canonical path), so loops never hang. A path that cannot be read becomes a
//! [`Source`] with an error, so that it still gets a row in the outputs. It does
//! not read file contents.

use std::fs;
use std::path::{Path, PathBuf};

/// One input, in run order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The path to read.
    pub path: PathBuf,
    /// The path as written in the outputs (lossy UTF-8 for non-UTF-8 names).
    pub display: String,
    /// Why this input cannot be processed, when discovery already knows.
    pub error: Option<String>,
    /// 1-based position in the full discovery order (the document's `doc_id`,
    /// also when only a shard of the inputs is processed).
    pub id: usize,
}

impl Source {
    fn new(path: PathBuf, error: Option<String>) -> Self {
        Source {
            display: path.to_string_lossy().into_owned(),
            path,
            error,
            id: 0,
        }
    }
}

/// Whether a file name has a markdown extension.
fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// How to walk folders.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Walk into symbolic links to folders (each folder at most once).
    pub follow_symlinks: bool,
}

/// Lists the input files under `inputs` with default options.
pub fn discover(inputs: &[PathBuf]) -> Vec<Source> {
    discover_with(inputs, Options::default())
}

/// Lists the input files under `inputs`, in a deterministic order: the inputs in
/// the order given, each folder's files in byte order of their paths.
pub fn discover_with(inputs: &[PathBuf], options: Options) -> Vec<Source> {
    let mut out = Vec::new();
    let mut walker = Walker {
        options,
        visited: std::collections::HashSet::new(),
    };
    for input in inputs {
        match fs::metadata(input) {
            Ok(m) if m.is_dir() => walker.walk(input, &mut out),
            Ok(_) => out.push(Source::new(input.clone(), None)),
            Err(e) => out.push(Source::new(input.clone(), Some(io_message(&e)))),
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|s| seen.insert(s.path.clone()));
    for (i, s) in out.iter_mut().enumerate() {
        s.id = i + 1;
    }
    out
}

/// A deterministic 1/N of the inputs: shard `k` of `n` (0 ≤ k < n) keeps the
/// sources whose path (as discovered) hashes to `k` (FNV-1a, 64 bits). Every file
/// is in exactly one shard, whatever machine computes it.
pub fn shard(sources: Vec<Source>, k: u32, n: u32) -> Vec<Source> {
    sources
        .into_iter()
        .filter(|s| {
            crate::text::fnv::fnv1a(s.display.as_bytes()) % u64::from(n.max(1)) == u64::from(k)
        })
        .collect()
}

/// Folder walking state: the folders already entered (by canonical path).
struct Walker {
    options: Options,
    visited: std::collections::HashSet<PathBuf>,
}

impl Walker {
    fn walk(&mut self, dir: &Path, out: &mut Vec<Source>) {
        if let Ok(canonical) = fs::canonicalize(dir) {
            if !self.visited.insert(canonical) {
                return;
            }
        }
        let entries = match fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) => {
                out.push(Source::new(
                    dir.to_path_buf(),
                    Some(format!("cannot list folder: {}", io_message(&e))),
                ));
                return;
            }
        };
        let mut entries: Vec<(PathBuf, Option<fs::FileType>)> = entries
            .filter_map(|e| e.ok())
            .filter(|e| !e.file_name().as_encoded_bytes().starts_with(b"."))
            .map(|e| (e.path(), e.file_type().ok()))
            .collect();
        entries.sort_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
        for (path, kind) in entries {
            let Some(kind) = kind else { continue };
            let target_is_dir = kind.is_symlink() && fs::metadata(&path).is_ok_and(|m| m.is_dir());
            if kind.is_dir() || (target_is_dir && self.options.follow_symlinks) {
                self.walk(&path, out);
            } else if is_markdown(&path) && !target_is_dir {
                out.push(Source::new(path, None));
            }
        }
    }
}

/// A short message for an I/O error, without the OS error number.
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_markdown_only_and_skips_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("b/sub")).unwrap();
        fs::create_dir_all(d.join(".git")).unwrap();
        for f in [
            "b/z.md",
            "b/a.MD",
            "b/sub/c.markdown",
            "b/x.txt",
            ".git/h.md",
            "a.md",
        ] {
            fs::write(d.join(f), "x").unwrap();
        }
        let got: Vec<String> = discover(&[d.to_path_buf()])
            .iter()
            .map(|s| s.path.strip_prefix(d).unwrap().display().to_string())
            .collect();
        assert_eq!(got, ["a.md", "b/a.MD", "b/sub/c.markdown", "b/z.md"]);
    }

    #[test]
    fn shards_cover_every_file_exactly_once() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..50 {
            fs::write(dir.path().join(format!("{i}.md")), "x").unwrap();
        }
        let all = discover(&[dir.path().to_path_buf()]);
        let mut ids: Vec<usize> = (0..3)
            .flat_map(|k| shard(all.clone(), k, 3))
            .map(|s| s.id)
            .collect();
        ids.sort();
        assert_eq!(ids, (1..=50).collect::<Vec<_>>());
        assert!((0..3).all(|k| !shard(all.clone(), k, 3).is_empty()));
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_never_hang() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("a")).unwrap();
        fs::write(d.join("a/x.md"), "x").unwrap();
        std::os::unix::fs::symlink(d, d.join("a/loop")).unwrap();
        std::os::unix::fs::symlink(d.join("a/x.md"), d.join("a/y.md")).unwrap();
        let plain = discover(&[d.to_path_buf()]);
        assert_eq!(plain.len(), 2, "{plain:?}");
        let followed = discover_with(
            &[d.to_path_buf()],
            Options {
                follow_symlinks: true,
            },
        );
        assert_eq!(followed.len(), 2, "{followed:?}");
    }

    #[test]
    fn explicit_files_any_extension_and_missing_paths() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("seed.txt");
        fs::write(&f, "x").unwrap();
        let missing = dir.path().join("nope.md");
        let got = discover(&[f.clone(), missing.clone(), f.clone()]);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].path, f);
        assert!(got[0].error.is_none());
        assert_eq!(got[1].error.as_deref(), Some("no such file or folder"));
    }
}
