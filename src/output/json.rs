//! JSON output: gazette.json, one document holding every input document with its
//! front matter, mentions and links.
//!
//! The file is streamed: `{"generator": ..., "documents": [` then one object per
//! document as it arrives, then `]}`. Keys are an interface (see the README). The
//! serialization types live here, apart from the domain types; every value they
//! share with a table's cell comes from [`super::rows`].

use std::io::Write;
use std::path::Path;

use serde::Serialize;
use serde_json::{Map, Value};

use super::rows;
use super::{AtomicFile, Sink};
use crate::document::Document;
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;

/// One document as serialized in JSON.
#[derive(Debug, Serialize)]
pub struct JsonDocument<'a> {
    doc_id: usize,
    path: &'a str,
    status: &'a str,
    error: Option<&'a str>,
    title: Option<&'a str>,
    declared_lang: Option<&'a str>,
    detected_lang: Option<&'a str>,
    lang_confidence: Option<f64>,
    script: Option<&'a str>,
    scripts: Map<String, Value>,
    encoding: &'a str,
    bytes: u64,
    chars: usize,
    front_matter: &'a Map<String, Value>,
    mentions: Vec<JsonMention<'a>>,
    links: Vec<JsonLink<'a>>,
    facts: Vec<JsonFact<'a>>,
}

/// One fact as serialized in JSON.
#[derive(Debug, Serialize)]
pub struct JsonFact<'a> {
    subject_id: &'a str,
    subject: &'a str,
    predicate: &'a str,
    object_id: Option<&'a str>,
    object: Option<&'a str>,
    value: Option<u64>,
    unit: Option<&'a str>,
    surface: Option<&'a str>,
    evidence: &'a str,
    line: usize,
    source: &'a str,
    agrees_with_gazetteer: &'a str,
}

/// One mention as serialized in JSON.
#[derive(Debug, Serialize)]
pub struct JsonMention<'a> {
    entity_id: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    name: &'a str,
    surface: &'a str,
    start: usize,
    end: usize,
    char_start: usize,
    char_end: usize,
    line: usize,
    column: usize,
    field: &'a str,
    variant: Option<&'a str>,
    family: Option<&'a str>,
}

/// One link as serialized in JSON.
#[derive(Debug, Serialize)]
pub struct JsonLink<'a> {
    url: &'a str,
    domain: &'a str,
    text: &'a str,
    kind: &'a str,
    line: usize,
    start: usize,
    end: usize,
    char_start: usize,
    char_end: usize,
}

impl<'a> JsonDocument<'a> {
    /// The JSON view of a document.
    pub fn new(doc: &'a Document, g: &'a Gazetteer) -> Self {
        let lang = doc.language.as_ref();
        let scripts = lang.map_or_else(Map::new, |l| {
            l.scripts
                .iter()
                .map(|(s, share)| {
                    let v = serde_json::Number::from_f64((share * 1000.0).round() / 1000.0)
                        .map_or(Value::Null, Value::Number);
                    (s.name().to_string(), v)
                })
                .collect()
        });
        JsonDocument {
            doc_id: doc.doc_id,
            path: &doc.path,
            status: doc.status.as_str(),
            error: doc.status.message(),
            title: doc.title.as_deref(),
            declared_lang: doc.declared_lang.as_deref(),
            detected_lang: rows::detected_lang(doc),
            lang_confidence: rows::lang_confidence(doc),
            script: rows::script(doc),
            scripts,
            encoding: doc.encoding,
            bytes: doc.bytes,
            chars: doc.chars,
            front_matter: &doc.front_matter,
            mentions: doc
                .mentions
                .iter()
                .map(|m| {
                    let e = rows::mention_entity(g, m);
                    JsonMention {
                        entity_id: &e.id,
                        kind: e.kind.as_str(),
                        name: &e.name,
                        surface: &m.surface,
                        start: m.start,
                        end: m.end,
                        char_start: m.char_start,
                        char_end: m.char_end,
                        line: m.line,
                        column: m.column,
                        field: m.field.as_str(),
                        variant: rows::variant(m),
                        family: rows::family(g, m),
                    }
                })
                .collect(),
            links: doc
                .links
                .iter()
                .map(|l| JsonLink {
                    url: &l.url,
                    domain: &l.domain,
                    text: &l.text,
                    kind: l.kind.as_str(),
                    line: l.line,
                    start: l.start,
                    end: l.end,
                    char_start: l.char_start,
                    char_end: l.char_end,
                })
                .collect(),
            facts: doc
                .facts
                .iter()
                .map(|f| {
                    let s = rows::fact_subject(g, f);
                    let o = rows::fact_object(g, f);
                    JsonFact {
                        subject_id: &s.id,
                        subject: &s.name,
                        predicate: f.predicate.as_str(),
                        object_id: o.map(|e| e.id.as_str()),
                        object: o.map(|e| e.name.as_str()),
                        value: rows::fact_value(f),
                        unit: rows::fact_unit(f),
                        surface: rows::fact_surface(f),
                        evidence: &f.evidence,
                        line: f.line,
                        source: f.source.as_str(),
                        agrees_with_gazetteer: rows::agrees(f),
                    }
                })
                .collect(),
        }
    }
}

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
