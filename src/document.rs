//! One document through every stage: decode → front matter → markdown → language
//! → normalize → match, giving a [`Document`] with its mentions and links.
//!
//! This is the unit of work the pipeline runs in parallel. It never fails: a
//! problem with the document becomes its `status` and `error`, so that every input
//! still reaches the output. It does not read files or write anything.

use std::ops::Range;
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::decode::decode;
use crate::facts::{self, Fact};
use crate::frontmatter;
use crate::langid::{self, Language};
use crate::markdown::{self, Field, LinkKind, MarkdownOptions, Segment};
use crate::matcher::Matcher;
use crate::normalize::Normalized;

/// The outcome of processing one input file, with its message: a document is
/// ok, or read with a warning, or not read, and only the last two carry a
/// message (so "ok with an error" cannot be said).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Processed.
    Ok,
    /// Processed, with a problem stated: front matter that could not be read
    /// (malformed, over a limit, never closed) whose body was still read, or
    /// invalid UTF-8 bytes replaced. Counts as read: exit code 0, but printed on
    /// stderr.
    Warning(String),
    /// Not processed (or only partly): why. Exit code 1.
    Error(String),
}

impl Status {
    /// `ok`, `warning` or `error`, as written in the outputs.
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warning(_) => "warning",
            Status::Error(_) => "error",
        }
    }

    /// The warning or error message (the `error` column).
    pub fn message(&self) -> Option<&str> {
        match self {
            Status::Ok => None,
            Status::Warning(m) | Status::Error(m) => Some(m),
        }
    }

    /// Whether the document could not be processed.
    pub fn is_error(&self) -> bool {
        matches!(self, Status::Error(_))
    }

    /// Adds a warning: an ok document becomes a warning, a warning gets the new
    /// message after its own; an error stays as it is.
    pub fn warn(&mut self, message: String) {
        *self = match std::mem::replace(self, Status::Ok) {
            Status::Ok => Status::Warning(message),
            Status::Warning(m) => Status::Warning(format!("{m}; {message}")),
            error @ Status::Error(_) => error,
        };
    }
}

/// One mention of an entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Index of the entity in the matcher's gazetteer.
    pub entity: usize,
    /// The text exactly as written in the file.
    pub surface: String,
    /// Byte offset of the surface in the original file.
    pub start: usize,
    /// Byte offset just past the surface in the original file.
    pub end: usize,
    /// 1-based line in the original file.
    pub line: usize,
    /// 1-based column (in characters) in that line.
    pub column: usize,
    /// Where the mention stands: title, heading, body, table, link.
    pub field: Field,
    /// Whether the surface is a version or variant not itself in the gazetteer.
    pub variant: bool,
}

/// One link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLink {
    /// The destination.
    pub url: String,
    /// Its host, lowercased, without `www.`.
    pub domain: String,
    /// The anchor text.
    pub text: String,
    /// How it was written.
    pub kind: LinkKind,
    /// 1-based line in the original file.
    pub line: usize,
    /// Byte offset of the link in the original file.
    pub start: usize,
    /// Byte offset just past the link.
    pub end: usize,
}

/// Everything extracted from one input file.
#[derive(Debug, Clone)]
pub struct Document {
    /// 1-based position in the run's input order.
    pub doc_id: usize,
    /// The path as discovered (or the id given on a stream).
    pub path: String,
    /// ok, warning or error, with its message (the `error` column).
    pub status: Status,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// Characters of decoded text.
    pub chars: usize,
    /// How the bytes were decoded (empty when they were not).
    pub encoding: &'static str,
    /// Front matter fields.
    pub front_matter: Map<String, Value>,
    /// The front matter title.
    pub title: Option<String>,
    /// The front matter `lang` (or `language`).
    pub declared_lang: Option<String>,
    /// The detected language, when the document was read.
    pub language: Option<Language>,
    /// Mentions in text order.
    pub mentions: Vec<Mention>,
    /// Links in text order.
    pub links: Vec<DocLink>,
    /// Facts in order of their evidence.
    pub facts: Vec<Fact>,
    /// The decoded text (without a byte order mark), kept only when asked
    /// ([`Extractor::extract_bytes_keeping_text`]); `None` otherwise and when the
    /// bytes could not be decoded.
    pub text: Option<Arc<str>>,
    /// What to subtract from a mention's or link's offsets to get an offset into
    /// `text`: the length of the byte order mark before it in the file (3 for
    /// UTF-8 with a BOM; 0 otherwise, also for transcoded text). Set with `text`.
    pub text_offset: usize,
    /// The translation group (the documents.csv `translation_group`), set by
    /// `extract` from the front matter and the layout of all the paths it
    /// discovered; `None` for a document with no group or extracted alone.
    pub translation_group: Option<String>,
}

impl Document {
    /// A document that failed before anything could be extracted.
    pub fn failed(doc_id: usize, path: String, bytes: u64, error: String) -> Self {
        Document {
            doc_id,
            path,
            status: Status::Error(error),
            bytes,
            chars: 0,
            encoding: "",
            front_matter: Map::new(),
            title: None,
            declared_lang: None,
            language: None,
            mentions: Vec::new(),
            links: Vec::new(),
            facts: Vec::new(),
            text: None,
            text_offset: 0,
            translation_group: None,
        }
    }
}

/// Byte offsets of line starts, for offset → line/column.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Lines end with `\n`, `\r\n` or a lone `\r` (old Mac files).
    fn new(text: &str) -> Self {
        let b = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            memchr::memchr2_iter(b'\n', b'\r', b)
                .filter(|&i| !(b[i] == b'\r' && b.get(i + 1) == Some(&b'\n')))
                .map(|i| i + 1),
        );
        LineIndex { starts }
    }

    /// 1-based line of byte `at`.
    fn line_of(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at)
    }

    /// 1-based line and character column of byte `at`. `cursor` remembers the
    /// last position asked, so that increasing offsets on one long line cost
    /// linear time in total, not quadratic.
    fn locate(&self, text: &str, at: usize, cursor: &mut (usize, usize, usize)) -> (usize, usize) {
        let line = self.line_of(at);
        let start = self.starts[line - 1];
        let (from, column) = if cursor.0 == line && cursor.1 <= at {
            (cursor.1, cursor.2)
        } else {
            (start, 1)
        };
        let column = column + text[from..at].chars().count();
        *cursor = (line, at, column);
        (line, column)
    }
}

/// Runs the per-document stages with a shared, read-only matcher.
#[derive(Debug, Clone)]
pub struct Extractor {
    matcher: Arc<Matcher>,
    markdown: MarkdownOptions,
}

impl Extractor {
    /// An extractor over a compiled matcher.
    pub fn new(matcher: Arc<Matcher>) -> Self {
        let dotted_names = matcher
            .gazetteer()
            .entities()
            .iter()
            .flat_map(|e| e.aliases.iter())
            .filter(|a| a.text.contains('.'))
            .map(|a| a.text.to_ascii_lowercase())
            .collect();
        Extractor {
            matcher,
            markdown: MarkdownOptions { dotted_names },
        }
    }

    /// The matcher in use.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Processes the bytes of one file.
    pub fn extract_bytes(&self, doc_id: usize, path: String, bytes: &[u8]) -> Document {
        self.extract_bytes_with(doc_id, path, bytes, false)
    }

    /// Processes the bytes of one file, and keeps the decoded text in the
    /// document (`text`, `text_offset`) when they could be decoded.
    pub fn extract_bytes_keeping_text(
        &self,
        doc_id: usize,
        path: String,
        bytes: &[u8],
    ) -> Document {
        self.extract_bytes_with(doc_id, path, bytes, true)
    }

    /// Processes the bytes of one file; with `keep_text`, the document keeps
    /// the decoded text.
    fn extract_bytes_with(
        &self,
        doc_id: usize,
        path: String,
        bytes: &[u8],
        keep_text: bool,
    ) -> Document {
        match decode(bytes) {
            Ok(d) => {
                let mut doc = self.extract_text(doc_id, path, &d.text, d.offset);
                doc.bytes = bytes.len() as u64;
                doc.encoding = d.encoding;
                if let Some(w) = d.warning {
                    doc.status.warn(w);
                }
                if keep_text {
                    doc.text = Some(Arc::from(&*d.text));
                    doc.text_offset = d.offset;
                }
                doc
            }
            Err(e) => Document::failed(doc_id, path, bytes.len() as u64, e.to_string()),
        }
    }

    /// Processes decoded text; `offset` is added to every byte offset (the length
    /// of a byte order mark that preceded the text in the file).
    pub fn extract_text(&self, doc_id: usize, path: String, text: &str, offset: usize) -> Document {
        let mut doc = Document::failed(doc_id, path, text.len() as u64, String::new());
        doc.status = Status::Ok;
        doc.encoding = "utf-8";
        doc.chars = text.chars().count();
        // Front matter that cannot be read loses its fields, never the document.
        let mut fm = frontmatter::read(text);
        if let Some(e) = fm.problem.take() {
            doc.status.warn(e.to_string());
        }
        doc.title = fm.string("title");
        doc.declared_lang = fm.string("lang").or_else(|| fm.string("language"));
        let prose = markdown::extract(text, fm.body_start..text.len(), &self.markdown);
        let mut segments: Vec<Segment> = Vec::with_capacity(prose.segments.len() + 1);
        segments.extend(fm.title_pieces.iter().map(|r| Segment {
            range: r.clone(),
            field: Field::Title,
        }));
        segments.extend(prose.segments);
        let ranges: Vec<Range<usize>> = segments.iter().map(|s| s.range.clone()).collect();
        doc.language = Some(langid::detect(text, &ranges));

        let lines = LineIndex::new(text);
        let mut norm = Normalized::with_capacity(text.len() - fm.body_start + 64);
        for r in &ranges {
            norm.push_segment(text, r.clone());
        }
        let found = self.matcher.find(&norm, text);
        let body: Vec<Range<usize>> = segments
            .iter()
            .filter(|s| s.field != Field::Title)
            .map(|s| s.range.clone())
            .collect();
        doc.facts = facts::extract(text, &body, &found, self.matcher.gazetteer());
        let mut cursor = (0, 0, 0);
        for m in found {
            let (line, column) = lines.locate(text, m.range.start, &mut cursor);
            let seg = ranges.partition_point(|r| r.start <= m.range.start);
            let field = segments
                .get(seg.wrapping_sub(1))
                .map_or(Field::Body, |s| s.field);
            doc.mentions.push(Mention {
                entity: m.entity,
                surface: text[m.range.clone()].to_string(),
                start: m.range.start + offset,
                end: m.range.end + offset,
                line,
                column,
                field,
                variant: m.variant,
            });
        }
        doc.front_matter = fm.fields;
        doc.links = prose
            .links
            .into_iter()
            .map(|l| {
                let line = lines.line_of(l.range.start);
                DocLink {
                    domain: markdown::domain_of(&l.url),
                    url: l.url,
                    text: l.text,
                    kind: l.kind,
                    line,
                    start: l.range.start + offset,
                    end: l.range.end + offset,
                }
            })
            .collect();
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;

    fn extractor() -> Extractor {
        let g = Gazetteer::default_embedded().expect("gazetteer");
        Extractor::new(Arc::new(Matcher::new(g).expect("matcher")))
    }

    /// (surface, line, field) of every mention; each surface is the text at its offsets.
    fn mentions(text: &str) -> (Document, Vec<(String, usize, Field)>) {
        let doc = extractor().extract_text(1, "t.md".into(), text, 0);
        for m in &doc.mentions {
            assert_eq!(&text[m.start..m.end], m.surface, "{m:?}");
        }
        let found = doc
            .mentions
            .iter()
            .map(|m| (m.surface.clone(), m.line, m.field))
            .collect();
        (doc, found)
    }

    #[test]
    fn the_body_is_read_when_front_matter_is_not() {
        for text in [
            "---\ntitle: [Tokyo\n---\nTencent opened in Beijing.\n",
            "---\ntitle: Tokyo\ntitle: Tokyo\nx: *nowhere\n---\nTencent opened in Beijing.\n",
            "---\n- a\n---\nTencent opened in Beijing.\n",
            "+++\ntitle = \n+++\nTencent opened in Beijing.\n",
            "---coffee\ntitle: 'Tokyo'\n---\nTencent opened in Beijing.\n",
        ] {
            let (doc, found) = mentions(text);
            assert_eq!(doc.status.as_str(), "warning", "{text:?}");
            assert!(doc.status.message().is_some_and(|e| e.starts_with("line ")));
            assert!(doc.front_matter.is_empty(), "{text:?}");
            let names: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
            assert_eq!(names, ["Tencent", "Beijing"], "{text:?}");
            let line = text[..text.find("Tencent").unwrap()].matches('\n').count() + 1;
            assert!(found.iter().all(|f| f.1 == line && f.2 == Field::Body));
            assert!(doc.language.is_some());
        }
        // Never closed: the first line is not body; the rest is.
        let (doc, found) = mentions("---\nTencent in Beijing\n");
        assert_eq!(doc.status.as_str(), "warning");
        assert_eq!(found.len(), 2);
        assert_eq!(Status::Warning(String::new()).as_str(), "warning");
    }

    #[test]
    fn title_mentions_with_escapes_and_folding() {
        for text in [
            "---\ntitle: \"Tencent and \\\"Huawei\\\" in Beijing\"\n---\nBody.\n",
            "---\ntitle: 'Tencent''s Huawei in Beijing'\n---\nBody.\n",
            "---\ntitle: >\n  Tencent and Huawei\n  in Beijing\n---\nBody.\n",
            "---\nlayout: x\ntitle: \"Tencent Huawei Beijing\n\"\n---\nBody.\n",
        ] {
            let (doc, found) = mentions(text);
            assert_eq!(doc.status, Status::Ok, "{text:?}");
            let names: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
            assert_eq!(names, ["Tencent", "Huawei", "Beijing"], "{text:?}");
            assert!(found.iter().all(|f| f.2 == Field::Title), "{found:?}");
        }
    }

    #[test]
    fn cr_only_files_count_lines() {
        let text = "---\rtitle: Beijing\r---\rIntro.\r\rTencent here.\r";
        let (doc, found) = mentions(text);
        assert_eq!(doc.status, Status::Ok);
        assert_eq!(doc.title.as_deref(), Some("Beijing"));
        assert_eq!(
            found,
            [
                ("Beijing".to_string(), 2, Field::Title),
                ("Tencent".to_string(), 6, Field::Body)
            ]
        );
    }
}
