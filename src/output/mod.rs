//! Output: documents, in input order, to tables on disk, committed as one set.
//!
//! Every format is a [`Sink`] that receives each [`Document`] once, in input order,
//! and writes its rows as they come (nothing is held back but the open files).
//! Every file is written under a temporary name unique to the run (process id,
//! random nonce, counter; created with `create_new`) in the output folder, then
//! flushed and synced; [`Sink::finish`] hands the complete files back unnamed, and
//! [`commit`] renames all the files of a run into place together, with the
//! manifest `gazette.run` ([`manifest`]) last: see RELIABILITY.md for why a reader
//! never takes a mix of two runs for a set. Each table's columns and cells are
//! laid out once, in [`rows`], for every sink. This module does not decide what is
//! extracted.

pub mod csv;
pub mod groups;
pub mod json;
pub mod manifest;
pub mod rows;
pub mod summary;
#[cfg(feature = "xlsx")]
pub mod xlsx;

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::document::Document;
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;

pub use manifest::Manifest;

/// A destination for documents.
pub trait Sink {
    /// Writes one document's rows.
    fn document(&mut self, doc: &Document, gazetteer: &Gazetteer) -> Result<()>;
    /// Writes what is left, flushes and syncs the files under their temporary
    /// names and hands them back for [`commit`] (the gazetteer is the one every
    /// document was written with). Nothing is renamed into place here.
    fn finish(self: Box<Self>, gazetteer: &Gazetteer) -> Result<Vec<Flushed>>;
}

/// Every file name a run may write into its folder, in the order [`commit`]
/// renames them (the manifest, `gazette.run`, comes after all of them).
pub const OUTPUT_FILES: [&str; 9] = [
    "documents.csv",
    "mentions.csv",
    "links.csv",
    "facts.csv",
    "entities.csv",
    "translations.csv",
    "gazette.json",
    "gazette.jsonl",
    "gazette.xlsx",
];

/// The files a run writes for format `f` (its manifest aside).
pub fn format_files(f: crate::Format) -> &'static [&'static str] {
    match f {
        crate::Format::Csv => &OUTPUT_FILES[..6],
        crate::Format::Json => &OUTPUT_FILES[6..7],
        crate::Format::Jsonl => &OUTPUT_FILES[7..8],
        crate::Format::Xlsx => &OUTPUT_FILES[8..],
    }
}

/// Checks, before a run writes the files `writing` into `dir`, that it will
/// leave no table of an earlier run beside them: a file of [`OUTPUT_FILES`] in
/// `dir` that this run does not write must be listed by the folder's
/// `gazette.run` (then [`commit`] removes it). One that no manifest lists (an
/// older gazette's, one of a set whose commit was interrupted, a copied one)
/// is refused: gazette never removes a file it cannot tell it wrote.
pub fn check_unlisted(dir: &Path, writing: &[&str]) -> Result<()> {
    let listed = Manifest::read(dir).map(|m| m.files).unwrap_or_default();
    let unlisted: Vec<&str> = OUTPUT_FILES
        .into_iter()
        .filter(|name| !writing.contains(name))
        .filter(|name| !listed.iter().any(|f| f.name == *name))
        .filter(|name| fs::symlink_metadata(dir.join(name)).is_ok())
        .collect();
    if unlisted.is_empty() {
        return Ok(());
    }
    let (these, it) = if unlisted.len() == 1 {
        ("", "it")
    } else {
        (" files", "them")
    };
    Err(Error::usage(format!(
        "{}: holds {}{these} of an earlier run that no {} lists and this run does not write: remove {it}, write {it} too (--format), or choose another --out",
        crate::escape_controls(&dir.display().to_string()),
        unlisted.join(", "),
        manifest::FILE_NAME,
    )))
}

/// A random 64-bit number, different on every call: a per-thread random key
/// (std's `RandomState`, seeded by the OS) over the time in nanoseconds, the
/// thread and a process-wide counter. Names temporary files and runs.
pub fn nonce() -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    h.write_u128(nanos);
    std::thread::current().id().hash(&mut h);
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.finish()
}

/// A name for a temporary file beside `name`, unique to this run and call:
/// `.NAME.tmp-PID-NONCE` ([`nonce`]), so that two processes with the same id
/// (containers sharing a folder) get different names.
pub fn temp_name(name: &str) -> String {
    format!(".{name}.tmp-{}-{:016x}", std::process::id(), nonce())
}

/// Creates a new file beside `dir/name` under a [`temp_name`], never opening a
/// file that exists (a clash of names is retried with a new name, never shared).
pub fn create_temp(dir: &Path, name: &str) -> Result<(PathBuf, File)> {
    let mut last = None;
    for _ in 0..8 {
        let tmp = dir.join(temp_name(name));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(Error::output(&tmp, e)),
        }
    }
    let e = last.unwrap_or_else(|| io::Error::other("no free temporary name"));
    Err(Error::output(&dir.join(name), e))
}

/// The test hook of the output side, in debug builds only (release builds
/// ignore it): `GAZETTE_FAIL_WRITE` holds comma-separated specs naming output
/// files (`documents.csv`, `gazette.run`, ...):
/// - `NAME`: writing NAME fails with an I/O error once all its bytes are written;
/// - `exit:NAME`: the process exits at once (code 86, no clean-up, as if it
///   were killed) at that point;
/// - `rename:NAME`: renaming NAME into place fails.
///
/// `stage` is `write` or `rename`.
fn fail_point(stage: &str, name: &str) -> io::Result<()> {
    #[cfg(debug_assertions)]
    if let Ok(specs) = std::env::var("GAZETTE_FAIL_WRITE") {
        for spec in specs.split(',') {
            let (kind, file) = spec.split_once(':').unwrap_or(("write", spec));
            if file != name {
                continue;
            }
            match (kind, stage) {
                ("exit", "write") => std::process::exit(86),
                ("write", "write") | ("rename", "rename") => {
                    return Err(io::Error::other(format!(
                        "{stage} failed (GAZETTE_FAIL_WRITE={spec})"
                    )))
                }
                _ => {}
            }
        }
    }
    let _ = (stage, name);
    Ok(())
}

/// A file written under a temporary name, to be renamed into place by [`commit`].
#[derive(Debug)]
pub struct AtomicFile {
    tmp: PathBuf,
    dest: PathBuf,
    name: String,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Creates a new temporary file for `dir/name` ([`create_temp`]).
    pub fn create(dir: &Path, name: &str) -> Result<Self> {
        let (tmp, file) = create_temp(dir, name)?;
        Ok(AtomicFile {
            tmp,
            dest: dir.join(name),
            name: name.to_string(),
            writer: Some(BufWriter::with_capacity(256 * 1024, file)),
        })
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.dest
    }

    /// Flushes, syncs and renames a file that is a set of its own (the review
    /// page) into place, with no manifest.
    pub fn commit(self) -> Result<()> {
        self.finish()?.rename()
    }

    /// Flushes and syncs the file under its temporary name; [`commit`] moves it
    /// into place. On failure the temporary file is removed.
    pub fn finish(mut self) -> Result<Flushed> {
        let Some(w) = self.writer.take() else {
            return Err(Error::output(
                &self.dest,
                io::Error::other("file already finished"),
            ));
        };
        let result = w.into_inner().map_err(|e| e.into_error()).and_then(|file| {
            fail_point("write", &self.name)?;
            file.sync_all()?;
            Ok(file.metadata()?.len())
        });
        match result {
            Ok(bytes) => Ok(Flushed {
                tmp: std::mem::take(&mut self.tmp),
                dest: std::mem::take(&mut self.dest),
                name: std::mem::take(&mut self.name),
                bytes,
                renamed: false,
            }),
            Err(e) => {
                let _ = fs::remove_file(&self.tmp);
                Err(Error::output(&self.dest, e))
            }
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.writer {
            Some(w) => w.write(buf),
            None => Err(io::Error::other("file already finished")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.writer {
            Some(w) => w.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// A complete, synced file under its temporary name, ready to be renamed into
/// place; dropped without being renamed, it removes its temporary file.
#[derive(Debug)]
pub struct Flushed {
    tmp: PathBuf,
    dest: PathBuf,
    name: String,
    bytes: u64,
    renamed: bool,
}

impl Flushed {
    fn rename(&mut self) -> Result<()> {
        fail_point("rename", &self.name)
            .and_then(|()| fs::rename(&self.tmp, &self.dest))
            .map_err(|e| Error::output(&self.dest, e))?;
        self.renamed = true;
        Ok(())
    }
}

impl Drop for Flushed {
    fn drop(&mut self) {
        if !self.renamed {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Syncs a folder, so that the renames and removals in it are on disk in order
/// (best effort: not every platform opens folders).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Puts a run's complete files into place in `dir` as one set, described by
/// `manifest` (its `files` are filled in here):
///
/// 1. the folder is checked for tables no manifest lists ([`check_unlisted`]);
/// 2. the manifest is written and synced under a temporary name;
/// 3. the previous run's `gazette.run` is removed (from here on the folder holds
///    no manifest, so it is not a complete set to merge);
/// 4. files of the previous set (named by its manifest) that this run does not
///    write are removed, so that no table of an older run stays beside new ones
///    (before any new file is in place: an interruption from here on leaves no
///    such table behind);
/// 5. the files are renamed into place in the order of [`OUTPUT_FILES`];
/// 6. `gazette.run` is renamed into place, last.
///
/// A failure before step 3 leaves the previous set as it was, complete; a
/// failure after it leaves no `gazette.run`. Temporary files are removed on
/// failure.
pub fn commit(dir: &Path, mut files: Vec<Flushed>, mut manifest: Manifest) -> Result<()> {
    let rank = |f: &Flushed| OUTPUT_FILES.iter().position(|n| *n == f.name);
    files.sort_by_key(rank);
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    check_unlisted(dir, &names)?;
    manifest.files = (files.iter())
        .map(|f| manifest::FileEntry {
            name: f.name.clone(),
            bytes: f.bytes,
        })
        .collect();
    let mut run = AtomicFile::create(dir, manifest::FILE_NAME)?;
    run.write_all(manifest.to_json().as_bytes())
        .map_err(|e| Error::output(run.path(), e))?;
    let mut run = run.finish()?;
    let previous = Manifest::read(dir).ok();
    match fs::remove_file(dir.join(manifest::FILE_NAME)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => {
            return Err(Error::output(&dir.join(manifest::FILE_NAME), e))
        }
        _ => {}
    }
    sync_dir(dir);
    let stale = previous
        .iter()
        .flat_map(|p| &p.files)
        .filter(|old| OUTPUT_FILES.contains(&old.name.as_str()))
        .filter(|old| !files.iter().any(|f| f.name == old.name));
    for old in stale {
        match fs::remove_file(dir.join(&old.name)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                return Err(Error::output(&dir.join(&old.name), e))
            }
            _ => {}
        }
    }
    sync_dir(dir);
    for f in &mut files {
        f.rename()?;
    }
    sync_dir(dir);
    run.rename()?;
    sync_dir(dir);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_differ_for_every_file_even_of_one_name() {
        let a = temp_name("documents.csv");
        let b = temp_name("documents.csv");
        assert_ne!(a, b);
        let pid = std::process::id();
        assert!(a.starts_with(&format!(".documents.csv.tmp-{pid}-")), "{a}");
    }

    #[test]
    fn two_writers_of_one_file_never_share_a_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = AtomicFile::create(dir.path(), "t.csv").unwrap();
        let mut b = AtomicFile::create(dir.path(), "t.csv").unwrap();
        a.write_all(&[b'a'; 100_000]).unwrap();
        b.write_all(&[b'b'; 50_000]).unwrap();
        let a = a.finish().unwrap();
        let b = b.finish().unwrap();
        commit(dir.path(), vec![a], Manifest::new(None, None, 0)).unwrap();
        let t = dir.path().join("t.csv");
        assert_eq!(fs::read(&t).unwrap(), vec![b'a'; 100_000]);
        commit(dir.path(), vec![b], Manifest::new(None, None, 0)).unwrap();
        assert_eq!(fs::read(&t).unwrap(), vec![b'b'; 50_000]);
    }

    #[test]
    fn a_file_dropped_before_its_commit_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = AtomicFile::create(dir.path(), "x.csv").unwrap();
        a.write_all(b"x").unwrap();
        drop(a.finish().unwrap());
        drop(AtomicFile::create(dir.path(), "y.csv").unwrap());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_commit_replaces_the_previous_set_and_its_stale_tables() {
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str, text: &str| {
            let mut f = AtomicFile::create(dir.path(), name).unwrap();
            f.write_all(text.as_bytes()).unwrap();
            f.finish().unwrap()
        };
        let old = vec![file("documents.csv", "old"), file("gazette.json", "{}")];
        commit(dir.path(), old, Manifest::new(None, None, 0)).unwrap();
        let m = Manifest::read(dir.path()).unwrap();
        assert_eq!(m.files.len(), 2);
        assert_eq!(
            (m.files[1].name.as_str(), m.files[1].bytes),
            ("gazette.json", 2)
        );
        commit(
            dir.path(),
            vec![file("documents.csv", "new!")],
            Manifest::new(None, None, 0),
        )
        .unwrap();
        let m = Manifest::read(dir.path()).unwrap();
        assert_eq!(m.files.len(), 1);
        assert!(
            !dir.path().join("gazette.json").exists(),
            "stale table kept"
        );
        m.check_files(dir.path()).unwrap();
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
