//! CSV tables: documents.csv, mentions.csv and links.csv.
//!
//! Two flavours. Plain: RFC 4180 CSV in UTF-8, one header row, `\n` line ends,
//! text from articles written exactly as is (for programs). Excel (`--excel`): a
//! UTF-8 byte order mark (so Excel reads Arabic and CJK correctly), CRLF line ends,
//! and every cell that begins with `=` `+` `-` `@`, a tab or a carriage return gets
//! a leading apostrophe, so that article text never becomes a live formula.
//! Column names are an interface (see the README).

use std::path::Path;

use super::{family_name, AtomicFile, Sink};
use crate::document::Document;
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;

/// Columns of documents.csv.
pub const DOCUMENT_COLUMNS: &[&str] = &[
    "doc_id",
    "path",
    "title",
    "declared_lang",
    "detected_lang",
    "lang_confidence",
    "script",
    "scripts",
    "encoding",
    "bytes",
    "chars",
    "mentions",
    "links",
    "status",
    "error",
    "translation_group",
];

/// Columns of mentions.csv.
pub const MENTION_COLUMNS: &[&str] = &[
    "doc_id",
    "entity_id",
    "type",
    "name",
    "surface",
    "start",
    "end",
    "line",
    "column",
    "field",
    "variant",
    "family",
];

/// Columns of links.csv.
pub const LINK_COLUMNS: &[&str] = &[
    "doc_id", "url", "domain", "text", "kind", "line", "start", "end",
];

/// Columns of facts.csv.
pub const FACT_COLUMNS: &[&str] = &[
    "doc_id",
    "subject_id",
    "subject",
    "predicate",
    "object_id",
    "object",
    "value",
    "unit",
    "surface",
    "evidence",
    "line",
    "source",
    "agrees_with_gazetteer",
];

/// Writes the per-document CSV tables into a folder.
pub struct CsvSink {
    documents: Table,
    mentions: Table,
    links: Table,
    facts: Table,
}

/// One CSV file being written in either flavour, renamed into place when complete.
pub(crate) struct Table {
    writer: csv::Writer<AtomicFile>,
    path: std::path::PathBuf,
    excel: bool,
}

/// A cell made safe for spreadsheets: a leading apostrophe before `=` `+` `-` `@`,
/// tab or carriage return.
pub fn neutralize(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

impl Table {
    /// Creates `dir/name` (under a temporary name) and writes its header.
    pub(crate) fn create<H: AsRef<str>>(
        dir: &Path,
        name: &str,
        header: &[H],
        excel: bool,
    ) -> Result<Self> {
        let mut file = AtomicFile::create(dir, name)?;
        let path = file.path().to_path_buf();
        if excel {
            use std::io::Write;
            file.write_all(b"\xEF\xBB\xBF")
                .map_err(|e| Error::output(&path, e))?;
        }
        let terminator = if excel {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        };
        let mut writer = csv::WriterBuilder::new()
            .terminator(terminator)
            .from_writer(file);
        writer
            .write_record(header.iter().map(AsRef::as_ref))
            .map_err(|e| csv_err(&path, e))?;
        Ok(Table {
            writer,
            path,
            excel,
        })
    }

    /// Writes one row (neutralised in the Excel flavour).
    pub(crate) fn row<'a, I>(&mut self, record: I) -> Result<()>
    where
        I: IntoIterator<Item = &'a str>,
    {
        let result = if self.excel {
            self.writer
                .write_record(record.into_iter().map(|c| neutralize(c).into_owned()))
        } else {
            self.writer.write_record(record)
        };
        result.map_err(|e| csv_err(&self.path, e))
    }

    /// Flushes and renames the file into place.
    pub(crate) fn commit(self) -> Result<()> {
        self.flush_all()?.rename()
    }

    fn flush_all(self) -> Result<super::Flushed> {
        let path = self.path;
        let file = self
            .writer
            .into_inner()
            .map_err(|e| Error::output(&path, e.into_error()))?;
        file.flush_all()
    }
}

fn csv_err(path: &Path, e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::output(path, io),
        other => Error::output(path, std::io::Error::other(format!("{other:?}"))),
    }
}

impl CsvSink {
    /// Creates the tables (under temporary names) in `dir`; `excel` selects the
    /// Excel flavour.
    pub fn create(dir: &Path, excel: bool) -> Result<Self> {
        Ok(CsvSink {
            documents: Table::create(dir, "documents.csv", DOCUMENT_COLUMNS, excel)?,
            mentions: Table::create(dir, "mentions.csv", MENTION_COLUMNS, excel)?,
            links: Table::create(dir, "links.csv", LINK_COLUMNS, excel)?,
            facts: Table::create(dir, "facts.csv", FACT_COLUMNS, excel)?,
        })
    }
}

impl Sink for CsvSink {
    fn document(&mut self, doc: &Document, g: &Gazetteer) -> Result<()> {
        let id = doc.doc_id.to_string();
        let lang = doc.language.as_ref();
        self.documents.row([
            id.as_str(),
            &doc.path,
            doc.title.as_deref().unwrap_or(""),
            doc.declared_lang.as_deref().unwrap_or(""),
            lang.and_then(|l| l.code).unwrap_or(""),
            &lang.map_or(String::new(), |l| format!("{:.3}", l.confidence)),
            lang.map_or("", |l| l.script),
            &lang.map_or(String::new(), |l| l.scripts_string()),
            doc.encoding,
            &doc.bytes.to_string(),
            &doc.chars.to_string(),
            &doc.mentions.len().to_string(),
            &doc.links.len().to_string(),
            doc.status.as_str(),
            doc.error.as_deref().unwrap_or(""),
            &super::summary::translation_group(&doc.path, &doc.front_matter).unwrap_or_default(),
        ])?;
        for m in &doc.mentions {
            let e = &g.entities()[m.entity];
            self.mentions.row([
                id.as_str(),
                &e.id,
                &e.kind,
                &e.name,
                &m.surface,
                &m.start.to_string(),
                &m.end.to_string(),
                &m.line.to_string(),
                &m.column.to_string(),
                m.field.as_str(),
                if m.variant { m.surface.as_str() } else { "" },
                family_name(g, m.entity, m.variant),
            ])?;
        }
        for l in &doc.links {
            self.links.row([
                id.as_str(),
                &l.url,
                &l.domain,
                &l.text,
                l.kind.as_str(),
                &l.line.to_string(),
                &l.start.to_string(),
                &l.end.to_string(),
            ])?;
        }
        for f in &doc.facts {
            let s = &g.entities()[f.subject];
            let o = f.object.entity().map(|i| &g.entities()[i]);
            let q = f.object.quantity();
            self.facts.row([
                id.as_str(),
                &s.id,
                &s.name,
                f.predicate.as_str(),
                o.map_or("", |e| e.id.as_str()),
                o.map_or("", |e| e.name.as_str()),
                &q.map_or(String::new(), |q| q.value.to_string()),
                q.map_or("", |q| q.unit.as_str()),
                q.map_or("", |q| q.surface.as_str()),
                &f.evidence,
                &f.line.to_string(),
                f.source.as_str(),
                f.agrees.as_str(),
            ])?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>, _gazetteer: &Gazetteer) -> Result<()> {
        // Every table is complete on disk before any of them gets its name.
        let flushed = [
            self.documents.flush_all()?,
            self.mentions.flush_all()?,
            self.links.flush_all()?,
            self.facts.flush_all()?,
        ];
        flushed.into_iter().try_for_each(super::Flushed::rename)
    }
}
