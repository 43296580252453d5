//! Discovery: the paths on the command line to an ordered list of input files.
//!
//! Folders are walked as ripgrep walks them, with its `ignore` crate: files and
//! folders matched by a `.gitignore` or `.ignore` file are skipped (a
//! `.gitignore` counts also in a folder that is not a git repository, as with
//! ripgrep's `--no-require-git`; the user's global git excludes never count, so
//! that a run reads the same files on every machine), hidden entries (`.git`,
//! `.obsidian`) are skipped, `--glob` patterns include or exclude (`!GLOB`) paths
//! with ripgrep's semantics (they override the ignore files), and only files with
//! a markdown extension are taken: `.md`, `.markdown`, `.mdx`, `.mdown`, `.mkd`
//! (any case). There is no built-in list of folder names: `node_modules` is
//! skipped when an ignore file lists it, as in ripgrep. [`Options`] turn hidden
//! entries and ignore files back on.
//!
//! A file named explicitly is taken whatever its extension, even when hidden or
//! ignored. Each folder's entries come in byte order of their names, a
//! subfolder's files at its place (the walk is sequential and iterative: no
//! recursion, one listing per folder). Symbolic links to files are followed;
//! symbolic links to folders are walked only with [`Options::follow_symlinks`],
//! and then a link back to a folder being walked is skipped, so loops never
//! hang. A file reached under several names gets one [`Source`]. A path that
//! cannot be read, and a FIFO or a device with a markdown name, become
//! [`Source`]s (with an error, or for the reading side to refuse), so that they
//! still get a row in the outputs. It does not read file contents.

use std::fs;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

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

/// The extensions of the files taken from folders (compared in any case).
pub const MARKDOWN_EXTENSIONS: [&str; 5] = ["md", "markdown", "mdx", "mdown", "mkd"];

/// Whether a file name has a markdown extension.
fn is_markdown(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        MARKDOWN_EXTENSIONS
            .iter()
            .any(|m| e.eq_ignore_ascii_case(m))
    })
}

/// How to walk folders.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Walk into symbolic links to folders (loops are skipped).
    pub follow_symlinks: bool,
    /// Walk hidden files and folders too (names starting with `.`).
    pub hidden: bool,
    /// Do not read `.gitignore`, `.ignore` and `.git/info/exclude` files.
    pub no_ignore: bool,
    /// ripgrep globs, in order: `GLOB` includes (when any is given, only the
    /// files matching one are taken), `!GLOB` excludes; they override the ignore
    /// files and hidden names. Matched against paths relative to each folder given.
    pub globs: Vec<String>,
}

/// Lists the input files under `inputs` with default options.
pub fn discover(inputs: &[PathBuf]) -> Vec<Source> {
    let mut out = Vec::new();
    let options = Options::default();
    for input in inputs {
        discover_one(input, &options, None, &mut out);
    }
    number(out)
}

/// Lists the input files under `inputs`, in a deterministic order: the inputs in
/// the order given, each folder's entries in byte order of their names. A file
/// reached under several names (`in/a.md`, `/abs/in/a.md`, a symbolic link to
/// it) is listed once, under the first name met.
///
/// A malformed glob is a usage error, and so is a run whose every input is
/// missing (`PATH: no such file or folder`); a missing input beside others that
/// exist is an error row.
pub fn discover_with(inputs: &[PathBuf], options: &Options) -> Result<Vec<Source>> {
    // Compiled once up front, so that a bad glob fails before any walk.
    check_globs(&options.globs)?;
    if let Some(first) = inputs.first() {
        if inputs.iter().all(|p| is_missing(p)) {
            return Err(Error::usage(format!(
                "{}: no such file or folder",
                first.display()
            )));
        }
    }
    let mut out = Vec::new();
    for input in inputs {
        let overrides = overrides(input, &options.globs)?;
        discover_one(input, options, Some(overrides), &mut out);
    }
    Ok(number(out))
}

/// Whether nothing at all is at `path` (not even a dangling link).
fn is_missing(path: &Path) -> bool {
    fs::symlink_metadata(path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
}

/// Refuses a malformed glob, naming it.
fn check_globs(globs: &[String]) -> Result<()> {
    overrides(Path::new(""), globs).map(drop)
}

/// The `--glob` patterns as the `ignore` crate's overrides for a walk from `root`.
fn overrides(root: &Path, globs: &[String]) -> Result<ignore::overrides::Override> {
    let mut builder = ignore::overrides::OverrideBuilder::new(root);
    for glob in globs {
        builder
            .add(glob)
            .map_err(|e| Error::usage(format!("--glob {glob}: {}", glob_message(&e))))?;
    }
    builder
        .build()
        .map_err(|e| Error::usage(format!("--glob: {}", glob_message(&e))))
}

/// The reason of a glob error, without the glob repeated.
fn glob_message(e: &ignore::Error) -> String {
    match e {
        ignore::Error::Glob { err, .. } => err.clone(),
        e => e.to_string(),
    }
}

/// Adds the sources of one input: itself when it is not a folder, else its walk.
fn discover_one(
    input: &Path,
    options: &Options,
    overrides: Option<ignore::overrides::Override>,
    out: &mut Vec<Source>,
) {
    match fs::metadata(input) {
        Ok(m) if m.is_dir() => walk(input, options, overrides, out),
        Ok(_) => out.push(Source::new(input.to_path_buf(), None)),
        Err(e) => out.push(Source::new(input.to_path_buf(), Some(io_message(&e)))),
    }
}

/// Keeps the first name of each file and numbers the sources from 1.
fn number(mut out: Vec<Source>) -> Vec<Source> {
    let mut seen = std::collections::HashSet::new();
    out.retain(|s| seen.insert(identity(&s.path)));
    for (i, s) in out.iter_mut().enumerate() {
        s.id = i + 1;
    }
    out
}

/// Walks the folder `root` with the `ignore` crate's sequential walker (an
/// explicit stack over `walkdir`: no recursion, however deep the folders),
/// entries in byte order of their names.
fn walk(
    root: &Path,
    options: &Options,
    overrides: Option<ignore::overrides::Override>,
    out: &mut Vec<Source>,
) {
    let respect = !options.no_ignore;
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .hidden(!options.hidden)
        .git_ignore(respect)
        .ignore(respect)
        .git_exclude(respect)
        .parents(respect)
        .git_global(false)
        .require_git(false)
        .follow_links(options.follow_symlinks)
        .sort_by_file_name(|a, b| a.cmp(b));
    if let Some(o) = overrides {
        builder.overrides(o);
    }
    for entry in builder.build() {
        match entry {
            Ok(entry) => {
                // A partial error in an ignore file (a bad line): the rules that
                // parsed apply; ripgrep goes on too.
                let Some(kind) = entry.file_type() else {
                    continue;
                };
                if entry.depth() == 0 || kind.is_dir() || !is_markdown(entry.path()) {
                    continue;
                }
                // A link to a folder not followed is no document.
                if kind.is_symlink() && fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()) {
                    continue;
                }
                out.push(Source::new(entry.into_path(), None));
            }
            Err(e) => walk_error(e, out),
        }
    }
}

/// What a walk error becomes: nothing for a symbolic link loop (the folder is
/// being walked already), the link itself for a dangling link with a markdown
/// name (the reading side says why it cannot be read), else an error row for the
/// folder that cannot be listed.
fn walk_error(e: ignore::Error, out: &mut Vec<Source>) {
    let mut e = &e;
    let mut path = None;
    loop {
        match e {
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                e = err
            }
            ignore::Error::WithPath { path: p, err } => {
                path = Some(p.clone());
                e = err
            }
            _ => break,
        }
    }
    let (Some(path), ignore::Error::Io(io)) = (path, e) else {
        return;
    };
    let is_link = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link && fs::metadata(&path).is_err() {
        if is_markdown(&path) {
            out.push(Source::new(path, None));
        }
        return;
    }
    out.push(Source::new(
        path,
        Some(format!("cannot list folder: {}", io_message(io))),
    ));
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
        let options = Options {
            follow_symlinks: true,
            ..Options::default()
        };
        let followed = discover_with(&[d.to_path_buf()], &options).unwrap();
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

    /// The paths found under `d` with `options`, relative to `d`.
    fn found(d: &Path, options: &Options) -> Vec<String> {
        discover_with(&[d.to_path_buf()], options)
            .unwrap()
            .iter()
            .map(|s| s.path.strip_prefix(d).unwrap().display().to_string())
            .collect()
    }

    /// Writes `files` (with their folders) under a new temporary folder.
    fn tree(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            let p = dir.path().join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "x").unwrap();
        }
        dir
    }

    #[test]
    fn gitignore_is_respected_without_a_git_folder_unless_no_ignore() {
        let dir = tree(&[
            "a.md",
            "drafts/d.md",
            "node_modules/pkg/README.md",
            "sub/keep.md",
            "sub/skip.md",
            "sub/.ignore",
        ]);
        let d = dir.path();
        fs::write(d.join(".gitignore"), "drafts/\nnode_modules\n").unwrap();
        fs::write(d.join("sub/.ignore"), "skip.md\n").unwrap();
        assert_eq!(found(d, &Options::default()), ["a.md", "sub/keep.md"]);
        let all = Options {
            no_ignore: true,
            ..Options::default()
        };
        assert_eq!(
            found(d, &all),
            [
                "a.md",
                "drafts/d.md",
                "node_modules/pkg/README.md",
                "sub/keep.md",
                "sub/skip.md"
            ]
        );
    }

    #[test]
    fn hidden_entries_are_opt_in() {
        let dir = tree(&[".obsidian/w.md", ".draft.md", "a.md"]);
        let d = dir.path();
        assert_eq!(found(d, &Options::default()), ["a.md"]);
        let hidden = Options {
            hidden: true,
            ..Options::default()
        };
        assert_eq!(found(d, &hidden), [".draft.md", ".obsidian/w.md", "a.md"]);
    }

    #[test]
    fn globs_include_and_exclude_as_in_ripgrep() {
        let dir = tree(&["posts/a.md", "posts/old/b.md", "notes/c.md", "x.txt"]);
        let d = dir.path();
        let globs = |g: &[&str]| Options {
            globs: g.iter().map(|s| s.to_string()).collect(),
            ..Options::default()
        };
        assert_eq!(
            found(d, &globs(&["posts/**"])),
            ["posts/a.md", "posts/old/b.md"]
        );
        assert_eq!(found(d, &globs(&["!old/"])), ["notes/c.md", "posts/a.md"]);
        assert_eq!(
            found(d, &globs(&["posts/**", "!posts/old/**"])),
            ["posts/a.md"]
        );
        // An include glob never widens the extensions: name a file to read it.
        assert_eq!(found(d, &globs(&["*.txt"])), Vec::<String>::new());
        let e = discover_with(&[d.to_path_buf()], &globs(&["a{b"])).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Usage);
        assert!(e.to_string().contains("--glob a{b"), "{e}");
    }

    #[test]
    fn every_markdown_extension_in_any_case() {
        let dir = tree(&[
            "a.md",
            "b.MDX",
            "c.markdown",
            "d.mdown",
            "e.Mkd",
            "f.mdx",
            "g.txt",
            "h.mdwn",
        ]);
        let got = found(dir.path(), &Options::default());
        assert_eq!(
            got,
            ["a.md", "b.MDX", "c.markdown", "d.mdown", "e.Mkd", "f.mdx"]
        );
    }

    #[test]
    fn order_is_byte_order_of_names_depth_first() {
        let dir = tree(&[
            "b/z.md", "b/a.md", "B.md", "a/c/d.md", "a.md", "a b.md", "é.md",
        ]);
        assert_eq!(
            found(dir.path(), &Options::default()),
            // `a` before `a b.md`: a folder's files come at its name's place.
            ["B.md", "a/c/d.md", "a b.md", "a.md", "b/a.md", "b/z.md", "é.md"]
        );
    }

    #[test]
    fn explicit_files_are_read_even_when_ignored_or_hidden() {
        let dir = tree(&["drafts/d.md", ".secret.md", "notes.txt"]);
        let d = dir.path();
        fs::write(d.join(".gitignore"), "drafts/\n*.txt\n").unwrap();
        let inputs = [
            d.join("drafts/d.md"),
            d.join(".secret.md"),
            d.join("notes.txt"),
        ];
        let got = discover_with(&inputs, &Options::default()).unwrap();
        let paths: Vec<&Path> = got.iter().map(|s| s.path.as_path()).collect();
        assert_eq!(
            paths,
            inputs.iter().map(|p| p.as_path()).collect::<Vec<_>>()
        );
        // A folder named explicitly is walked even when its parent ignores it.
        assert_eq!(found(&d.join("drafts"), &Options::default()), ["d.md"]);
    }

    #[test]
    fn missing_inputs_are_a_usage_error_only_when_all_are_missing() {
        let dir = tree(&["a.md"]);
        let d = dir.path();
        let e = discover_with(&[d.join("nope"), d.join("gone")], &Options::default()).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Usage);
        assert!(
            e.to_string().ends_with("nope: no such file or folder"),
            "{e}"
        );
        let got = discover_with(&[d.join("nope"), d.to_path_buf()], &Options::default()).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].error.as_deref(), Some("no such file or folder"));
        assert!(got[1].error.is_none());
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
        // The same with links followed (the walker then checks each folder
        // link against the folders above it, and there is none here).
        let root = dir.path().to_path_buf();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .stack_size(128 * 1024)
            .spawn(move || {
                let options = Options {
                    follow_symlinks: true,
                    ..Options::default()
                };
                let _ = tx.send(discover_with(&[root], &options).map(|s| s.len()).ok());
            })
            .unwrap();
        let found = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("discovery of 1,000 nested folders with links followed took more than 20 s");
        assert_eq!(found, Some(1));
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
