//! JSON output: gazette.json, one document holding every input document with its
//! front matter, mentions and links, and gazette.jsonl, one per line.
//!
//! The file is streamed: `{"generator": ..., "documents": [` then one object per
//! document as it arrives, then `]}`. Keys are an interface (see the README). The
//! records are the public [`crate::json`] types, apart from the domain types;
//! this module only writes them.

use std::io::Write;
use std::path::Path;

use super::{AtomicFile, Sink};
use crate::document::Document;
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::json::Document as JsonDocument;

/// Writes gazette.json into a folder.
pub struct JsonSink {
    file: AtomicFile,
    first: bool,
}

impl JsonSink {
    /// Creates gazette.json (under a temporary name) in `dir`.
    pub fn create(dir: &Path) -> Result<Self> {
        let mut file = AtomicFile::create(dir, "gazette.json")?;
        let head = format!(
            "{{\"generator\":\"gazette {}\",\"documents\":[",
            env!("CARGO_PKG_VERSION")
        );
        file.write_all(head.as_bytes())
            .map_err(|e| Error::output(&dir.join("gazette.json"), e))?;
        Ok(JsonSink { file, first: true })
    }

    fn path(&self) -> std::path::PathBuf {
        self.file.path().to_path_buf()
    }
}

impl Sink for JsonSink {
    fn document(&mut self, doc: &Document, g: &Gazetteer) -> Result<()> {
        let path = self.path();
        let sep: &[u8] = if self.first { b"\n" } else { b",\n" };
        self.first = false;
        self.file
            .write_all(sep)
            .map_err(|e| Error::output(&path, e))?;
        serde_json::to_writer(&mut self.file, &JsonDocument::new(doc, g))
            .map_err(|e| Error::output(&path, e.into()))
    }

    fn finish(mut self: Box<Self>, _gazetteer: &Gazetteer) -> Result<Vec<super::Flushed>> {
        let path = self.path();
        self.file
            .write_all(b"\n]}\n")
            .map_err(|e| Error::output(&path, e))?;
        Ok(vec![self.file.finish()?])
    }
}

/// Writes one JSON object per document per line (JSON Lines), to a file in the
/// output folder or to standard output, flushing after every document when
/// streaming so that a reader downstream sees each one as soon as it is done.
pub struct JsonlSink {
    out: JsonlOut,
}

enum JsonlOut {
    File(AtomicFile),
    Stdout(std::io::BufWriter<std::io::Stdout>),
}

impl JsonlSink {
    /// gazette.jsonl (under a temporary name) in `dir`.
    pub fn create(dir: &Path) -> Result<Self> {
        Ok(JsonlSink {
            out: JsonlOut::File(AtomicFile::create(dir, "gazette.jsonl")?),
        })
    }

    /// Standard output.
    pub fn stdout() -> Self {
        JsonlSink {
            out: JsonlOut::Stdout(std::io::BufWriter::new(std::io::stdout())),
        }
    }

    fn path(&self) -> std::path::PathBuf {
        match &self.out {
            JsonlOut::File(f) => f.path().to_path_buf(),
            JsonlOut::Stdout(_) => "<stdout>".into(),
        }
    }
}

impl Sink for JsonlSink {
    fn document(&mut self, doc: &Document, g: &Gazetteer) -> Result<()> {
        let path = self.path();
        let mut line = serde_json::to_vec(&JsonDocument::new(doc, g))
            .map_err(|e| Error::output(&path, e.into()))?;
        line.push(b'\n');
        let result = match &mut self.out {
            JsonlOut::File(f) => f.write_all(&line),
            JsonlOut::Stdout(w) => w.write_all(&line).and_then(|()| w.flush()),
        };
        result.map_err(|e| Error::output(&path, e))
    }

    fn finish(self: Box<Self>, _gazetteer: &Gazetteer) -> Result<Vec<super::Flushed>> {
        let path = self.path();
        match self.out {
            JsonlOut::File(f) => Ok(vec![f.finish()?]),
            JsonlOut::Stdout(mut w) => {
                w.flush().map_err(|e| Error::output(&path, e))?;
                Ok(Vec::new())
            }
        }
    }
}
