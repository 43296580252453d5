//! Output: documents, in input order, to tables on disk.
//!
//! Every format is a [`Sink`] that receives each [`Document`] once, in input order,
//! and writes its rows as they come (nothing is held back but the open files).
//! Files are written under a temporary name in the output folder and renamed into
//! place only by [`Sink::finish`], so an interrupted run never leaves a table that
//! looks complete. Each table's columns and cells are laid out once, in [`rows`],
//! for every sink. This module does not decide what is extracted.

pub mod csv;
pub mod json;
pub mod rows;
pub mod summary;
pub mod xlsx;

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::document::Document;
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;

/// A destination for documents.
pub trait Sink {
    /// Writes one document's rows.
    fn document(&mut self, doc: &Document, gazetteer: &Gazetteer) -> Result<()>;
    /// Flushes and moves the finished files into place (the gazetteer is the one
    /// every document was written with).
    fn finish(self: Box<Self>, gazetteer: &Gazetteer) -> Result<()>;
}

/// A file written under a temporary name and renamed into place on [`commit`].
///
/// [`commit`]: AtomicFile::commit
#[derive(Debug)]
pub struct AtomicFile {
    tmp: PathBuf,
    dest: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Creates `dir/.name.tmp-PID` for writing; `dir/name` appears on commit.
    pub fn create(dir: &Path, name: &str) -> Result<Self> {
        let dest = dir.join(name);
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        let file = File::create(&tmp).map_err(|e| Error::output(&tmp, e))?;
        Ok(AtomicFile {
            tmp,
            dest,
            writer: Some(BufWriter::with_capacity(256 * 1024, file)),
        })
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.dest
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(self) -> Result<()> {
        self.flush_all()?.rename()
    }

    /// Flushes and syncs the file under its temporary name; [`Flushed::rename`]
    /// moves it into place. Lets a sink flush all its files before any appears.
    pub fn flush_all(mut self) -> Result<Flushed> {
        if let Some(w) = self.writer.take() {
            let result = w
                .into_inner()
                .map_err(|e| e.into_error())
                .and_then(|file| file.sync_all());
            if let Err(e) = result {
                let _ = fs::remove_file(&self.tmp);
                return Err(Error::output(&self.dest, e));
            }
        }
        Ok(Flushed {
            tmp: self.tmp.clone(),
            dest: self.dest.clone(),
        })
    }
}

/// A complete file under its temporary name, ready to be renamed into place.
#[derive(Debug)]
pub struct Flushed {
    tmp: PathBuf,
    dest: PathBuf,
}

impl Drop for Flushed {
    fn drop(&mut self) {
        // After a successful rename there is nothing left to remove.
        let _ = fs::remove_file(&self.tmp);
    }
}

impl Flushed {
    /// Renames the file into place (removing the temporary file on failure).
    pub fn rename(self) -> Result<()> {
        fs::rename(&self.tmp, &self.dest).map_err(|e| Error::output(&self.dest, e))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.writer {
            Some(w) => w.write(buf),
            None => Err(std::io::Error::other("file already committed")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
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
