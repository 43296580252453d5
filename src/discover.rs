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
/// the order given, each folder's files in byte order of their paths. A file
/// reached under several names (`in/a.md`, `/abs/in/a.md`, a symbolic link to
/// it) is listed once, under the first name met.
pub fn discover_with(inputs: &[PathBuf], options: Options) -> Vec<Source> {
    let mut out = Vec::new();
    let mut walker = Walker {
        options,
        visited: std::collections::HashSet::new(),
    };
    for input in inputs {
        match fs::metadata(input) {
            Ok(m) if m.is_dir() => walker.walk(input, &m, &mut out),
            Ok(_) => out.push(Source::new(input.clone(), None)),
            Err(e) => out.push(Source::new(input.clone(), Some(io_message(&e)))),
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|s| seen.insert(identity(&s.path)));
    for (i, s) in out.iter_mut().enumerate() {
        s.id = i + 1;
    }
    out
}

/// What makes two names the same file or folder: its device and inode on
/// Unix (one `stat`, however deep the path), its canonical path elsewhere; the
/// path itself when it cannot be looked up (a dangling link keeps its row).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Identity {
    /// Device and inode numbers.
    #[cfg(unix)]
    Inode(u64, u64),
    /// A path, canonical when possible.
    Path(PathBuf),
}

/// The [`Identity`] of the file or folder at `path` (symbolic links followed).
fn identity(path: &Path) -> Identity {
    match fs::metadata(path) {
        Ok(m) => identity_of(path, &m),
        Err(_) => Identity::Path(path.to_path_buf()),
    }
}

/// The [`Identity`] of `path`, whose metadata is `meta`.
#[cfg_attr(unix, allow(unused_variables))]
fn identity_of(path: &Path, meta: &fs::Metadata) -> Identity {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Identity::Inode(meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        Identity::Path(fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }
}

/// What a file is when it is not a regular file (`FIFO`, `socket`, `character
/// device`, ...), as named in error rows; `None` for a regular file.
pub fn special_kind(kind: &fs::FileType) -> Option<&'static str> {
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("FIFO");
        }
        if kind.is_socket() {
            return Some("socket");
        }
        if kind.is_block_device() {
            return Some("block device");
        }
        if kind.is_char_device() {
            return Some("character device");
        }
    }
    Some("special file")
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

/// Folder walking state: the folders already entered (by [`Identity`]).
struct Walker {
    options: Options,
    visited: std::collections::HashSet<Identity>,
}

impl Walker {
    /// Walks the folder `root` (whose metadata is `meta`) depth first, with an
    /// explicit stack (no recursion, however deep the folders): the entries of
    /// each folder in byte order, a subfolder's files before the entries after
    /// it. Each folder costs one `stat` and one listing.
    fn walk(&mut self, root: &Path, meta: &fs::Metadata, out: &mut Vec<Source>) {
        let mut stack: Vec<std::vec::IntoIter<(PathBuf, Option<fs::FileType>)>> = Vec::new();
        if let Some(entries) = self.enter(root, meta, out) {
            stack.push(entries);
        }
        while let Some(top) = stack.last_mut() {
            let Some((path, kind)) = top.next() else {
                stack.pop();
                continue;
            };
            let Some(kind) = kind else { continue };
            let target = if kind.is_symlink() {
                fs::metadata(&path).ok()
            } else {
                None
            };
            let target_is_dir = target.as_ref().is_some_and(|m| m.is_dir());
            if kind.is_dir() || (target_is_dir && self.options.follow_symlinks) {
                let meta = match target {
                    Some(m) => Ok(m),
                    None => fs::metadata(&path),
                };
                let entries = match meta {
                    Ok(m) => self.enter(&path, &m, out),
                    Err(e) => {
                        out.push(Source::new(
                            path,
                            Some(format!("cannot list folder: {}", io_message(&e))),
                        ));
                        None
                    }
                };
                if let Some(entries) = entries {
                    stack.push(entries);
                }
            } else if is_markdown(&path) && !target_is_dir {
                out.push(Source::new(path, None));
            }
        }
    }

    /// Marks the folder `dir` visited and lists its entries, sorted, without
    /// hidden ones; `None` when it was visited already or cannot be listed (an
    /// error row then).
    fn enter(
        &mut self,
        dir: &Path,
        meta: &fs::Metadata,
        out: &mut Vec<Source>,
    ) -> Option<std::vec::IntoIter<(PathBuf, Option<fs::FileType>)>> {
        if !self.visited.insert(identity_of(dir, meta)) {
            return None;
        }
        let entries = match fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) => {
                out.push(Source::new(
                    dir.to_path_buf(),
                    Some(format!("cannot list folder: {}", io_message(&e))),
                ));
                return None;
            }
        };
        let mut entries: Vec<(PathBuf, Option<fs::FileType>)> = entries
            .filter_map(|e| e.ok())
            .filter(|e| !e.file_name().as_encoded_bytes().starts_with(b"."))
            .map(|e| (e.path(), e.file_type().ok()))
            .collect();
        entries.sort_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
        Some(entries.into_iter())
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
        // y.md is another name of x.md: one row, under the first name.
        let plain = discover(&[d.to_path_buf()]);
        assert_eq!(plain.len(), 1, "{plain:?}");
        assert_eq!(plain[0].path, d.join("a/x.md"));
        let followed = discover_with(
            &[d.to_path_buf()],
            Options {
                follow_symlinks: true,
            },
        );
        assert_eq!(followed.len(), 1, "{followed:?}");
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

#[cfg(test)]
mod limits {
    use super::*;
    use std::time::Duration;

    #[test]
    fn deep_folders_are_walked_in_linear_time_without_recursion() {
        let dir = tempfile::tempdir().unwrap();
        let mut deep = dir.path().to_path_buf();
        for _ in 0..1000 {
            deep.push("d");
            fs::create_dir(&deep).unwrap();
        }
        fs::write(deep.join("a.md"), "x").unwrap();
        let root = dir.path().to_path_buf();
        let (tx, rx) = std::sync::mpsc::channel();
        // A small stack: a walk that recursed per folder would overflow it.
        std::thread::Builder::new()
            .stack_size(128 * 1024)
            .spawn(move || {
                let _ = tx.send(discover(&[root]));
            })
            .unwrap();
        let found = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("discovery of 1,000 nested folders took more than 20 s");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, deep.join("a.md"));
    }

    #[test]
    fn one_row_per_file_however_it_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in");
        fs::create_dir_all(input.join("sub")).unwrap();
        fs::write(input.join("a.md"), "x").unwrap();
        fs::write(input.join("sub/b.md"), "x").unwrap();
        let other = input.join("sub/..");
        let got = discover(&[
            input.clone(),
            other,
            input.join("a.md"),
            input.join("sub/../a.md"),
            input.join("sub"),
        ]);
        let paths: Vec<PathBuf> = got.iter().map(|s| s.path.clone()).collect();
        assert_eq!(paths, [input.join("a.md"), input.join("sub/b.md")]);
        assert_eq!(got.iter().map(|s| s.id).collect::<Vec<_>>(), [1, 2]);
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_named() {
        let kind = |p: &str| fs::metadata(p).map(|m| special_kind(&m.file_type()));
        assert_eq!(kind("/dev/null").unwrap(), Some("character device"));
        assert_eq!(kind("/").unwrap(), Some("folder"));
    }
}
