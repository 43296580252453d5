//! gazette.run: the manifest of a run's output set, written into the output
//! folder after every table is in place (see [`super::commit`]).
//!
//! It says which run wrote the set (a random run id, the time, the version), the
//! shard K/N of a `--shard` run, the identity of the whole input set before
//! sharding (file count and a hash of the discovered paths in discovery order),
//! and each file of the set with its size. A folder without it, or whose files
//! differ in size from it, is not a complete set: `merge` refuses it. It is
//! pretty-printed JSON, one value per line, so that `diff` of two folders shows
//! only the lines that differ (the run id and time always do). It does not hash
//! the tables' contents.

use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The manifest's file name in an output folder.
pub const FILE_NAME: &str = "gazette.run";

/// The value of the `format` key this version writes and reads.
pub const FORMAT: &str = "gazette.run 1";

/// A manifest larger than this is not one (a run writes a few hundred bytes).
const MAX_BYTES: u64 = 1 << 20;

/// The manifest of one output set.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// `gazette VERSION`.
    pub generator: String,
    /// A random id of the run (16 hex digits).
    pub run: String,
    /// When the set was committed, in seconds since the Unix epoch.
    pub time: u64,
    /// The shard of a `--shard K/N` run; `None` for a whole run (or a merge).
    pub shard: Option<Shard>,
    /// The whole input set of the run, before sharding.
    pub inputs: Option<InputSet>,
    /// Documents (rows of documents.csv) in this set.
    pub documents: u64,
    /// The files of the set, in the order they were renamed into place.
    pub files: Vec<FileEntry>,
}

/// Shard `k` of `n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// This shard, 0 ≤ k < n.
    pub k: u32,
    /// The number of shards.
    pub n: u32,
}

/// The identity of a run's input set: what was discovered, before sharding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputSet {
    /// Files discovered.
    pub files: u64,
    /// FNV-1a (64 bits, hex) of the discovered paths, each followed by a NUL
    /// byte, in discovery (doc_id) order.
    pub fnv1a: String,
}

/// One file of a set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// The file name in the output folder.
    pub name: String,
    /// Its size in bytes.
    pub bytes: u64,
}

impl InputSet {
    /// The identity of the discovered `paths`, in discovery order.
    pub fn of<'a>(paths: impl IntoIterator<Item = &'a str>) -> Self {
        use std::hash::Hasher;
        let mut h = crate::text::fnv::Fnv::default();
        let mut files = 0;
        for p in paths {
            h.write(p.as_bytes());
            h.write(&[0]);
            files += 1;
        }
        InputSet {
            files,
            fnv1a: format!("{:016x}", h.finish()),
        }
    }
}

impl Manifest {
    /// The manifest of a run committed now (its files are filled in by
    /// [`super::commit`]).
    pub fn new(shard: Option<Shard>, inputs: Option<InputSet>, documents: u64) -> Self {
        let time = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Manifest {
            format: FORMAT.into(),
            generator: concat!("gazette ", env!("CARGO_PKG_VERSION")).into(),
            run: format!("{:016x}", super::nonce()),
            time,
            shard,
            inputs,
            documents,
            files: Vec::new(),
        }
    }

    /// The manifest as written: pretty JSON and a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Reads `dir/gazette.run`; a missing or malformed one is an error naming
    /// the folder.
    pub fn read(dir: &Path) -> Result<Manifest> {
        let path = dir.join(FILE_NAME);
        let not_a_set = |why: String| {
            Error::usage(format!(
                "{}: {why}: not the output of a complete gazette run",
                dir.display()
            ))
        };
        let file = std::fs::File::open(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => not_a_set(format!("no {FILE_NAME}")),
            _ => Error::input(&path, e),
        })?;
        let mut text = String::new();
        (file.take(MAX_BYTES).read_to_string(&mut text)).map_err(|e| Error::input(&path, e))?;
        let m: Manifest = serde_json::from_str(&text)
            .map_err(|e| not_a_set(format!("malformed {FILE_NAME} ({e})")))?;
        if m.format != FORMAT {
            return Err(not_a_set(format!(
                "{FILE_NAME} has format `{}`, not `{FORMAT}`",
                m.format
            )));
        }
        Ok(m)
    }

    /// Checks that every file the manifest lists is in `dir` with its size.
    pub fn check_files(&self, dir: &Path) -> Result<()> {
        for f in &self.files {
            let path = dir.join(&f.name);
            let len = std::fs::metadata(&path).map(|m| m.len());
            if len.as_ref().ok() != Some(&f.bytes) {
                let found = len.map_or_else(|e| e.to_string(), |n| format!("{n} bytes"));
                return Err(Error::usage(format!(
                    "{}: {FILE_NAME} lists {} of {} bytes, found {found}: the folder changed after its run",
                    dir.display(),
                    f.name,
                    f.bytes
                )));
            }
        }
        Ok(())
    }

    /// Whether the set holds file `name`.
    pub fn has(&self, name: &str) -> bool {
        self.files.iter().any(|f| f.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_and_checks_its_files() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest::new(
            Some(Shard { k: 1, n: 2 }),
            Some(InputSet::of(["a.md", "b.md"])),
            1,
        );
        m.files.push(FileEntry {
            name: "documents.csv".into(),
            bytes: 3,
        });
        std::fs::write(dir.path().join(FILE_NAME), m.to_json()).unwrap();
        assert_eq!(Manifest::read(dir.path()).unwrap(), m);
        let e = m.check_files(dir.path()).unwrap_err().to_string();
        assert!(e.contains("documents.csv of 3 bytes"), "{e}");
        std::fs::write(dir.path().join("documents.csv"), "abc").unwrap();
        m.check_files(dir.path()).unwrap();
        assert_ne!(InputSet::of(["a.md", "b.md"]), InputSet::of(["a.mdb.md"]));
        assert_eq!(InputSet::of(["x"]).files, 1);
    }

    #[test]
    fn a_folder_without_a_manifest_is_not_a_set() {
        let dir = tempfile::tempdir().unwrap();
        let e = Manifest::read(dir.path()).unwrap_err().to_string();
        assert!(e.contains("no gazette.run"), "{e}");
        std::fs::write(dir.path().join(FILE_NAME), "{").unwrap();
        let e = Manifest::read(dir.path()).unwrap_err().to_string();
        assert!(e.contains("malformed gazette.run"), "{e}");
    }
}
