//! Reading an output folder of `gazette extract` back for the review page: its
//! manifest (`gazette.run`, which must describe a complete set), then the
//! richest table set it holds: gazette.jsonl (one document per line), else
//! gazette.json (streamed, one document at a time), else the CSV tables
//! (documents.csv with mentions.csv, links.csv and facts.csv; plain or the
//! `--excel` flavour). Only files the manifest lists are read, so that a stale
//! table of an earlier run never counts. The translation group comes from the
//! JSON when it has one, else from documents.csv when the set has it, else
//! from the front matter keys in the JSON (the paths' layout is the page's
//! part: [`super::model::Page::group_by_paths`]).
//!
//! The text to show is read again from each document's file
//! ([`recover_text`]) and used only when it is still the text the run read:
//! the same size, encoding and number of characters, and every mention's
//! surface at its byte offsets. Otherwise the page shows the document without
//! its text and says why. It does not extract anything and writes nothing.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::document::Status;
use crate::error::{Error, Result};
use crate::output::manifest::Manifest;

use super::model::{quantity, DocText, Entities, ReviewDoc, ReviewFact, ReviewLink, ReviewMention};

/// A mention as the tables write it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MentionRow {
    entity_id: String,
    #[serde(rename = "type")]
    kind: String,
    name: String,
    surface: String,
    start: usize,
    end: usize,
    #[serde(default)]
    line: usize,
    #[serde(default)]
    column: usize,
    #[serde(default)]
    field: String,
    #[serde(default)]
    variant: Option<String>,
}

/// A link as the tables write it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LinkRow {
    url: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    line: usize,
}

/// A fact as the tables write it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FactRow {
    subject_id: String,
    subject: String,
    predicate: String,
    #[serde(default)]
    object_id: Option<String>,
    #[serde(default)]
    object: Option<String>,
    #[serde(default)]
    value: Option<u64>,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    surface: Option<String>,
    #[serde(default)]
    evidence: String,
    #[serde(default)]
    line: usize,
    #[serde(default)]
    source: String,
    #[serde(default)]
    agrees_with_gazetteer: String,
}

/// A document as the tables write it (the gazette.json keys; CSV rows are
/// read into the same shape).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DocRow {
    doc_id: usize,
    path: String,
    status: String,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    declared_lang: Option<String>,
    #[serde(default)]
    detected_lang: Option<String>,
    #[serde(default)]
    lang_confidence: Option<f64>,
    #[serde(default)]
    encoding: String,
    #[serde(default)]
    bytes: u64,
    #[serde(default)]
    chars: usize,
    #[serde(default)]
    mentions: Vec<MentionRow>,
    #[serde(default)]
    links: Vec<LinkRow>,
    #[serde(default)]
    facts: Vec<FactRow>,
    #[serde(default)]
    translation_group: Option<String>,
    /// The front matter keys that name a translation group (JSON views).
    #[serde(default)]
    front_matter: GroupKeys,
}

/// The front matter keys that name a translation group; the rest of the front
/// matter is skipped unread (however deep it is nested).
#[derive(Debug, Clone, Default, Deserialize)]
struct GroupKeys {
    #[serde(default)]
    translation_key: Option<serde_json::Value>,
    #[serde(default, rename = "translationKey")]
    translation_key_camel: Option<serde_json::Value>,
    #[serde(default, rename = "ref")]
    reference: Option<serde_json::Value>,
    #[serde(default)]
    translation_of: Option<serde_json::Value>,
}

impl GroupKeys {
    /// The group the keys name, as `extract` reads them.
    fn group(&self) -> Option<String> {
        let mut map = serde_json::Map::new();
        for (k, v) in [
            ("translation_key", &self.translation_key),
            ("translationKey", &self.translation_key_camel),
            ("ref", &self.reference),
            ("translation_of", &self.translation_of),
        ] {
            if let Some(v) = v {
                map.insert(k.to_string(), v.clone());
            }
        }
        crate::output::groups::front_matter_group(&map)
    }
}

impl DocRow {
    /// The page's view of the row, its entities numbered in `entities`.
    pub fn into_review(self, entities: &mut Entities, text: DocText) -> ReviewDoc {
        let message = self.error.unwrap_or_default();
        let status = match self.status.as_str() {
            "ok" => Status::Ok,
            "warning" => Status::Warning(message),
            _ => Status::Error(if message.is_empty() {
                format!("status {:?}", self.status)
            } else {
                message
            }),
        };
        let mentions = (self.mentions.into_iter())
            .map(|m| ReviewMention {
                entity: entities.intern(&m.entity_id, &m.name, &m.kind),
                variant: m.variant.as_deref().is_some_and(|v| !v.is_empty()),
                surface: m.surface,
                start: m.start,
                end: m.end,
                line: m.line,
                column: m.column,
                field: m.field,
            })
            .collect();
        let facts = (self.facts.into_iter())
            .map(|f| {
                let object = match (&f.object_id, f.object) {
                    (Some(id), Some(name)) if !id.is_empty() => name,
                    _ => quantity(
                        f.value,
                        f.unit.as_deref().unwrap_or(""),
                        f.surface.as_deref().unwrap_or(""),
                    ),
                };
                ReviewFact {
                    subject_id: f.subject_id,
                    subject: f.subject,
                    predicate: f.predicate,
                    object_id: f.object_id.filter(|id| !id.is_empty()),
                    object,
                    evidence: f.evidence,
                    line: f.line,
                    source: f.source,
                    agrees: f.agrees_with_gazetteer,
                }
            })
            .collect();
        let some = |s: Option<String>| s.filter(|s| !s.is_empty());
        ReviewDoc {
            doc_id: self.doc_id,
            path: self.path,
            status,
            title: some(self.title),
            declared_lang: some(self.declared_lang),
            confidence: self
                .lang_confidence
                .filter(|_| self.detected_lang.is_some()),
            detected_lang: some(self.detected_lang),
            encoding: self.encoding,
            bytes: self.bytes,
            chars: self.chars,
            mentions,
            links: (self.links.into_iter())
                .map(|l| ReviewLink {
                    url: l.url,
                    text: l.text,
                    kind: l.kind,
                    line: l.line,
                })
                .collect(),
            facts,
            translation_group: some(self.translation_group),
            text,
        }
    }
}

/// The document's text read again from its file (its relative path taken from
/// `root`, else from the current folder), when it is still the text the run
/// read; else why not.
pub fn recover_text(row: &DocRow, root: Option<&Path>) -> DocText {
    if row.status == "error" || row.encoding.is_empty() {
        return DocText::Unread;
    }
    let path = match root {
        Some(r) if Path::new(&row.path).is_relative() => r.join(&row.path),
        _ => PathBuf::from(&row.path),
    };
    let shown = path.display();
    let missing = |why: String| DocText::Missing(why);
    let meta = match std::fs::metadata(&path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return missing(format!(
                "{shown} is not there (moved, or the report runs from another folder than extract did: see --root)"
            ))
        }
        Err(e) => return missing(format!("{shown} cannot be read ({e})")),
    };
    if !meta.is_file() {
        return missing(format!("{shown} is not a regular file"));
    }
    if meta.len() != row.bytes {
        return missing(format!(
            "{shown} has {} bytes now, {} when the run read it: it changed",
            meta.len(),
            row.bytes
        ));
    }
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => return missing(format!("{shown} cannot be read ({e})")),
    };
    let decoded = match crate::decode::decode(&bytes) {
        Ok(d) => d,
        Err(e) => return missing(format!("{shown} cannot be decoded now ({e})")),
    };
    if decoded.encoding != row.encoding {
        return missing(format!(
            "{shown} reads as {} now, {} when the run read it: it changed",
            decoded.encoding, row.encoding
        ));
    }
    let text = decoded.text;
    let offset = decoded.offset;
    let chars = text.chars().count();
    if chars != row.chars {
        return missing(format!(
            "{shown} has {chars} characters now, {} when the run read it: it changed",
            row.chars
        ));
    }
    for m in &row.mentions {
        let at = m.start.checked_sub(offset).zip(m.end.checked_sub(offset));
        if at.and_then(|(s, e)| text.get(s..e)) != Some(m.surface.as_str()) {
            return missing(format!(
                "in {shown}, {:?} (line {}) is not at its offsets any more: the file changed",
                m.surface, m.line
            ));
        }
    }
    DocText::Kept {
        text: Arc::from(&*text),
        offset,
    }
}

/// Which tables of the folder are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tables {
    Jsonl,
    Json,
    Csv,
}

impl Tables {
    fn describe(self) -> &'static str {
        match self {
            Tables::Jsonl => "gazette.jsonl",
            Tables::Json => "gazette.json",
            Tables::Csv => "documents.csv, mentions.csv, links.csv and facts.csv",
        }
    }
}

/// What [`read`] found in the folder.
#[derive(Debug, Clone)]
pub struct Folder {
    /// A line saying what was read, for the page.
    pub note: String,
    /// Whether the tables gave the translation groups (else only the front
    /// matter keys did, and the paths' layout has to).
    pub groups: bool,
}

/// Reads the output folder `dir`, handing each document to `each` in doc_id
/// order.
pub fn read(dir: &Path, mut each: impl FnMut(DocRow) -> Result<()>) -> Result<Folder> {
    let manifest = Manifest::read(dir)?;
    manifest.check_files(dir)?;
    let tables = if manifest.has("gazette.jsonl") {
        Tables::Jsonl
    } else if manifest.has("gazette.json") {
        Tables::Json
    } else if manifest.has("documents.csv") {
        Tables::Csv
    } else {
        let names: Vec<&str> = manifest.files.iter().map(|f| f.name.as_str()).collect();
        return Err(Error::usage(format!(
            "{}: the run wrote {}; the review page reads gazette.jsonl, gazette.json or the CSV tables (extract again with --format jsonl or csv)",
            dir.display(),
            if names.is_empty() { "no table".to_string() } else { names.join(", ") }
        )));
    };
    // documents.csv gives the translation groups the JSON views do not carry.
    let groups = if tables != Tables::Csv && manifest.has("documents.csv") {
        Some(csv_groups(&dir.join("documents.csv"))?)
    } else {
        None
    };
    let mut rows = 0usize;
    let mut fix = |mut row: DocRow| -> Result<()> {
        rows += 1;
        if row.translation_group.is_none() {
            row.translation_group = match groups.as_ref() {
                Some(g) => g.get(&row.doc_id).cloned().flatten(),
                None => row.front_matter.group(),
            };
        }
        each(row)
    };
    match tables {
        Tables::Jsonl => read_jsonl(&dir.join("gazette.jsonl"), &mut fix)?,
        Tables::Json => read_json(&dir.join("gazette.json"), &mut fix)?,
        Tables::Csv => read_csv_tables(dir, &manifest, &mut fix)?,
    }
    let shard = manifest
        .shard
        .map(|s| format!(", shard {}/{}", s.k, s.n))
        .unwrap_or_default();
    let note = format!(
        "Read from the output folder {} ({}: {rows} documents; run {} by {}{shard}); each text is read again from its file and shown only when it is still the one the run read.",
        dir.display(),
        tables.describe(),
        manifest.run,
        manifest.generator,
    );
    Ok(Folder {
        note,
        groups: tables == Tables::Csv || groups.is_some(),
    })
}

/// An error naming the table (and its line, when known).
fn table_error(path: &Path, line: Option<u64>, e: impl fmt::Display) -> Error {
    match line {
        Some(l) => Error::usage(format!("{}:{l}: {e}", path.display())),
        None => Error::usage(format!("{}: {e}", path.display())),
    }
}

/// gazette.jsonl: one document per line.
fn read_jsonl(path: &Path, each: &mut dyn FnMut(DocRow) -> Result<()>) -> Result<()> {
    let file = File::open(path).map_err(|e| Error::input(path, e))?;
    let reader = BufReader::with_capacity(1 << 16, file);
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| Error::input(path, e))?;
        if line.trim().is_empty() {
            continue;
        }
        let row: DocRow =
            serde_json::from_str(&line).map_err(|e| table_error(path, Some(i as u64 + 1), e))?;
        each(row)?;
    }
    Ok(())
}

/// gazette.json, streamed: its `documents` array one element at a time.
fn read_json(path: &Path, each: &mut dyn FnMut(DocRow) -> Result<()>) -> Result<()> {
    let file = File::open(path).map_err(|e| Error::input(path, e))?;
    let mut de = serde_json::Deserializer::from_reader(BufReader::with_capacity(1 << 16, file));
    let mut stopped = None;
    let seed = TopSeed {
        each,
        stopped: &mut stopped,
    };
    let result = seed.deserialize(&mut de).and_then(|()| de.end());
    if let Some(e) = stopped {
        return Err(e);
    }
    result.map_err(|e| table_error(path, Some(e.line() as u64), e))
}

/// The top-level object of gazette.json.
struct TopSeed<'a, 'f> {
    each: &'a mut (dyn FnMut(DocRow) -> Result<()> + 'f),
    stopped: &'a mut Option<Error>,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a gazette.json object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let mut seen = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "documents" {
                seen = true;
                map.next_value_seed(DocsSeed {
                    each: &mut *self.each,
                    stopped: &mut *self.stopped,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        if seen {
            Ok(())
        } else {
            Err(de::Error::missing_field("documents"))
        }
    }
}

/// The `documents` array of gazette.json.
struct DocsSeed<'a, 'f> {
    each: &'a mut (dyn FnMut(DocRow) -> Result<()> + 'f),
    stopped: &'a mut Option<Error>,
}

impl<'de> DeserializeSeed<'de> for DocsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for DocsSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of documents")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while let Some(row) = seq.next_element::<DocRow>()? {
            if let Err(e) = (self.each)(row) {
                *self.stopped = Some(e);
                return Err(de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

/// A CSV table being read: its header's columns by name, and whether it is the
/// `--excel` flavour (byte order mark; cells neutralised with a `'`).
struct CsvTable {
    path: PathBuf,
    reader: csv::Reader<Box<dyn Read>>,
    columns: HashMap<String, usize>,
    excel: bool,
}

impl CsvTable {
    fn open(path: &Path) -> Result<Self> {
        let mut file = BufReader::new(File::open(path).map_err(|e| Error::input(path, e))?);
        let excel = file
            .fill_buf()
            .map_err(|e| Error::input(path, e))?
            .starts_with(b"\xEF\xBB\xBF");
        if excel {
            file.consume(3);
        }
        let boxed: Box<dyn Read> = Box::new(file);
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(boxed);
        let header = reader
            .headers()
            .map_err(|e| table_error(path, Some(1), e))?
            .clone();
        let columns = header
            .iter()
            .enumerate()
            .map(|(i, h)| (h.to_string(), i))
            .collect();
        Ok(CsvTable {
            path: path.to_path_buf(),
            reader,
            columns,
            excel,
        })
    }

    /// Every record, with a way to read a cell by column name.
    fn rows(&mut self, mut each: impl FnMut(&Cells<'_>) -> Result<()>) -> Result<()> {
        let mut rec = csv::StringRecord::new();
        loop {
            let more = self
                .reader
                .read_record(&mut rec)
                .map_err(|e| table_error(&self.path, e.position().map(|p| p.line()), e))?;
            if !more {
                return Ok(());
            }
            let line = rec.position().map(|p| p.line());
            each(&Cells {
                table: self,
                rec: &rec,
                line,
            })?;
        }
    }
}

/// One record of a [`CsvTable`].
struct Cells<'a> {
    table: &'a CsvTable,
    rec: &'a csv::StringRecord,
    line: Option<u64>,
}

impl Cells<'_> {
    /// The cell of column `name` ("" when the table has no such column), with
    /// the Excel flavour's `'` taken off again.
    fn text(&self, name: &str) -> String {
        let cell = (self.table.columns.get(name))
            .and_then(|&i| self.rec.get(i))
            .unwrap_or("");
        let neutralised = self.table.excel
            && cell.len() > 1
            && cell.starts_with('\'')
            && matches!(
                cell.as_bytes()[1],
                b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'
            );
        if neutralised {
            cell[1..].to_string()
        } else {
            cell.to_string()
        }
    }

    /// The cell, `None` when empty.
    fn opt(&self, name: &str) -> Option<String> {
        Some(self.text(name)).filter(|s| !s.is_empty())
    }

    /// A number cell; an empty one is `None`, a malformed one an error naming
    /// the table and line.
    fn num<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>> {
        let s = self.text(name);
        if s.is_empty() {
            return Ok(None);
        }
        s.parse().map(Some).map_err(|_| {
            table_error(
                &self.table.path,
                self.line,
                format!("column {name}: {s:?} is not a number"),
            )
        })
    }

    /// A number cell that must be there.
    fn need<T: std::str::FromStr>(&self, name: &str) -> Result<T> {
        self.num(name)?.ok_or_else(|| {
            table_error(
                &self.table.path,
                self.line,
                format!("column {name} is empty"),
            )
        })
    }
}

/// documents.csv's translation groups by doc_id.
fn csv_groups(path: &Path) -> Result<HashMap<usize, Option<String>>> {
    let mut table = CsvTable::open(path)?;
    let mut groups = HashMap::new();
    table.rows(|c| {
        groups.insert(c.need("doc_id")?, c.opt("translation_group"));
        Ok(())
    })?;
    Ok(groups)
}

/// The rows of a per-document table grouped by doc_id.
fn by_doc<T>(
    dir: &Path,
    manifest: &Manifest,
    name: &str,
    row: impl Fn(&Cells<'_>) -> Result<T>,
) -> Result<BTreeMap<usize, Vec<T>>> {
    let mut out: BTreeMap<usize, Vec<T>> = BTreeMap::new();
    if !manifest.has(name) {
        return Ok(out);
    }
    let mut table = CsvTable::open(&dir.join(name))?;
    table.rows(|c| {
        out.entry(c.need("doc_id")?).or_default().push(row(c)?);
        Ok(())
    })?;
    Ok(out)
}

/// The CSV tables: documents.csv, and the mentions, links and facts of each
/// document from their tables.
fn read_csv_tables(
    dir: &Path,
    manifest: &Manifest,
    each: &mut dyn FnMut(DocRow) -> Result<()>,
) -> Result<()> {
    let mut mentions = by_doc(dir, manifest, "mentions.csv", |c| {
        Ok(MentionRow {
            entity_id: c.text("entity_id"),
            kind: c.text("type"),
            name: c.text("name"),
            surface: c.text("surface"),
            start: c.need("start")?,
            end: c.need("end")?,
            line: c.num("line")?.unwrap_or(0),
            column: c.num("column")?.unwrap_or(0),
            field: c.text("field"),
            variant: c.opt("variant"),
        })
    })?;
    let mut links = by_doc(dir, manifest, "links.csv", |c| {
        Ok(LinkRow {
            url: c.text("url"),
            text: c.text("text"),
            kind: c.text("kind"),
            line: c.num("line")?.unwrap_or(0),
        })
    })?;
    let mut facts = by_doc(dir, manifest, "facts.csv", |c| {
        Ok(FactRow {
            subject_id: c.text("subject_id"),
            subject: c.text("subject"),
            predicate: c.text("predicate"),
            object_id: c.opt("object_id"),
            object: c.opt("object"),
            value: c.num("value")?,
            unit: c.opt("unit"),
            surface: c.opt("surface"),
            evidence: c.text("evidence"),
            line: c.num("line")?.unwrap_or(0),
            source: c.text("source"),
            agrees_with_gazetteer: c.text("agrees_with_gazetteer"),
        })
    })?;
    let mut docs = CsvTable::open(&dir.join("documents.csv"))?;
    docs.rows(|c| {
        let doc_id: usize = c.need("doc_id")?;
        each(DocRow {
            doc_id,
            path: c.text("path"),
            status: c.text("status"),
            error: c.opt("error"),
            title: c.opt("title"),
            declared_lang: c.opt("declared_lang"),
            detected_lang: c.opt("detected_lang"),
            lang_confidence: c.num("lang_confidence")?,
            encoding: c.text("encoding"),
            bytes: c.num("bytes")?.unwrap_or(0),
            chars: c.num("chars")?.unwrap_or(0),
            mentions: mentions.remove(&doc_id).unwrap_or_default(),
            links: links.remove(&doc_id).unwrap_or_default(),
            facts: facts.remove(&doc_id).unwrap_or_default(),
            translation_group: c.opt("translation_group"),
            front_matter: GroupKeys::default(),
        })
    })
}
