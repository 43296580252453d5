//! One document through every stage: decode → front matter → markdown → language
//! → normalize → match, giving a [`Document`] with its mentions and links.
//!
//! This is the unit of work the pipeline runs in parallel. It never fails: a
//! problem with the document becomes its `status` and `error`, so that every input
//! still reaches the output. It does not read files or write anything.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use serde_json::{Map, Value};

use crate::decode::decode;
use crate::error::{Error, Result};
use crate::facts::{self, Fact};
use crate::frontmatter;
use crate::gazetteer::{Entity, Gazetteer};
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

/// One mention of an entity: where it stands in the file and which entity it
/// names ([`Mention::entity`]: id, canonical name, type and attributes).
///
/// A mention shares its gazetteer with the [`Extractor`] that found it (cloning
/// a mention, or keeping it after the extractor is gone, costs one reference
/// count), so `m.entity().name` needs nothing else.
#[derive(Clone, PartialEq, Eq)]
pub struct Mention {
    /// Index of the entity in the gazetteer (inside the crate; users call
    /// [`Mention::entity`]).
    pub(crate) entity: usize,
    /// The gazetteer the index refers to.
    pub(crate) gazetteer: SharedGazetteer,
    /// The text exactly as written in the file.
    pub surface: String,
    /// Byte offset of the surface in the original file.
    pub start: usize,
    /// Byte offset just past the surface in the original file.
    pub end: usize,
    /// Character offset of the surface: Unicode scalar values (Python `str`
    /// indices, as spaCy and displaCy count) into the file's text as
    /// `open(path, encoding="utf-8", newline="").read()` gives it (line ends
    /// untouched), so a UTF-8 byte order mark counts as one character (U+FEFF),
    /// as its 3 bytes count in `start`. For a
    /// transcoded file (UTF-16, UTF-32, legacy, repaired) it refers to the
    /// decoded text, as `start` does, with no byte order mark. Thus
    /// `text.chars().skip(char_start).take(char_end - char_start)` is `surface`.
    pub char_start: usize,
    /// Character offset just past the surface (as `char_start` counts).
    pub char_end: usize,
    /// 1-based line in the original file.
    pub line: usize,
    /// 1-based column (in characters) in that line.
    pub column: usize,
    /// Where the mention stands: title, heading, body, table, link.
    pub field: Field,
    /// Whether the surface is a version or variant not itself in the gazetteer
    /// (inside the crate; users call [`Mention::variant`]).
    pub(crate) variant: bool,
}

impl Mention {
    /// The entity named: its `id` (`city:beijing`), canonical English `name`,
    /// `kind` (the CSV's `type`: city, company, model, product) and attributes.
    pub fn entity(&self) -> &Entity {
        &self.gazetteer.0.gazetteer().entities()[self.entity]
    }

    /// The surface, when it is a model version or variant not itself in the
    /// gazetteer (`GLM-4.6` counted as `GLM`): the CSV's `variant` column.
    pub fn variant(&self) -> Option<&str> {
        self.variant.then_some(self.surface.as_str())
    }

    /// The CSV's `family` column: for a variant, the canonical name of the
    /// entity it was counted as; otherwise the name of the entity's gazetteer
    /// `family` (`Hunyuan` for `Hunyuan-A13B`), if it has one.
    pub fn family(&self) -> Option<&str> {
        let e = self.entity();
        let name = if self.variant {
            Some(e.name.as_str())
        } else {
            let g = self.gazetteer.0.gazetteer();
            e.attribute("family")
                .and_then(|id| g.get(id))
                .map(|f| f.name.as_str())
        };
        name.filter(|n| !n.is_empty())
    }
}

impl fmt::Debug for Mention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mention")
            .field("entity", &self.entity().id)
            .field("surface", &self.surface)
            .field("start", &self.start)
            .field("end", &self.end)
            .field("char_start", &self.char_start)
            .field("char_end", &self.char_end)
            .field("line", &self.line)
            .field("column", &self.column)
            .field("field", &self.field)
            .field("variant", &self.variant())
            .finish()
    }
}

/// The compiled gazetteer a mention refers to; mentions are equal only when
/// they refer to the same one.
#[derive(Clone)]
pub(crate) struct SharedGazetteer(Arc<Matcher>);

impl PartialEq for SharedGazetteer {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for SharedGazetteer {}

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
    /// Character offset of the link (as [`Mention::char_start`] counts).
    pub char_start: usize,
    /// Character offset just past the link (as [`Mention::char_start`] counts).
    pub char_end: usize,
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
    /// (The BOM is one character: subtract 1 from `char_start` when this is not 0.)
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

    /// The detected language's ISO 639-1 code (`ar`, `en`, `zh`, ...): the CSV's
    /// `detected_lang`. `None` when the document was not read or no language
    /// was found (see [`Document::language`] for the script and confidence).
    pub fn detected_lang(&self) -> Option<&'static str> {
        self.language.as_ref().and_then(|l| l.code)
    }
}

/// Byte offsets of line starts, for offset → line, column and character offset.
struct LineIndex {
    starts: Vec<usize>,
}

/// Where the last [`LineIndex::locate`] stood, so that increasing offsets cost
/// linear time in total: its byte and character offsets, its line and the
/// character offset of that line's start. Line 0 is "nowhere yet".
#[derive(Debug, Clone, Copy, Default)]
struct Cursor {
    byte: usize,
    char: usize,
    line: usize,
    line_char: usize,
}

/// What [`LineIndex::locate`] finds for a byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Location {
    /// 1-based line.
    line: usize,
    /// 1-based character column in that line.
    column: usize,
    /// Characters before the offset in the text.
    char: usize,
}

/// Characters in `text[from..to]`; 0 when that is not a range of `text` (never
/// for offsets of mentions and links, which stand on character boundaries).
fn chars_between(text: &str, from: usize, to: usize) -> usize {
    text.get(from..to).map_or(0, |s| s.chars().count())
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

    /// Line, character column and character offset of byte `at`, counted
    /// from the cursor (which then stands at `at`): offsets asked in increasing
    /// order (mentions and links come in text order) cost linear time in total,
    /// not quadratic; an earlier one costs its distance back.
    fn locate(&self, text: &str, at: usize, cursor: &mut Cursor) -> Location {
        let line = self.line_of(at);
        let start = self.starts.get(line.wrapping_sub(1)).copied().unwrap_or(0);
        if at >= cursor.byte {
            if line != cursor.line {
                // A later line (or the first): it starts at or after the cursor.
                let start = start.max(cursor.byte);
                cursor.char += chars_between(text, cursor.byte, start);
                cursor.byte = start;
                cursor.line = line;
                cursor.line_char = cursor.char;
            }
            cursor.char += chars_between(text, cursor.byte, at);
        } else {
            cursor.char = (cursor.char).saturating_sub(chars_between(text, at, cursor.byte));
            if line != cursor.line {
                cursor.line = line;
                cursor.line_char = (cursor.char).saturating_sub(chars_between(text, start, at));
            }
        }
        cursor.byte = at;
        Location {
            line,
            column: cursor.char - cursor.line_char + 1,
            char: cursor.char,
        }
    }
}

/// One document to extract with [`Extractor::extract`]: its text or bytes, and
/// optionally its name, position and declared language.
///
/// ```
/// use gazette::Input;
/// let doc = gazette::Extractor::builder().build()?.extract(
///     Input::text("Tencent opened an office in Shenzhen.").path("notes/a.md").lang("en"),
/// );
/// assert_eq!(doc.path, "notes/a.md");
/// assert_eq!(doc.declared_lang.as_deref(), Some("en"));
/// assert_eq!(doc.mentions.len(), 2);
/// # Ok::<(), gazette::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Input<'a> {
    content: Content<'a>,
    path: String,
    doc_id: usize,
    lang: Option<String>,
    keep_text: bool,
}

/// What an [`Input`] holds.
#[derive(Debug, Clone, Copy)]
enum Content<'a> {
    Text(&'a str),
    Bytes(&'a [u8]),
}

impl<'a> Input<'a> {
    /// Text already decoded (offsets are byte offsets into it).
    pub fn text(text: &'a str) -> Self {
        Self::of(Content::Text(text))
    }

    /// The bytes of a file, decoded as `gazette extract` decodes files (byte
    /// order marks, UTF-16, legacy encodings; see [`Document::encoding`]).
    pub fn bytes(bytes: &'a [u8]) -> Self {
        Self::of(Content::Bytes(bytes))
    }

    fn of(content: Content<'a>) -> Self {
        Input {
            content,
            path: String::new(),
            doc_id: 1,
            lang: None,
            keep_text: false,
        }
    }

    /// The document's path or name ([`Document::path`]; empty by default).
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// The document's position in a run ([`Document::doc_id`]; 1 by default).
    pub fn doc_id(mut self, doc_id: usize) -> Self {
        self.doc_id = doc_id;
        self
    }

    /// The declared language ([`Document::declared_lang`]) when the front
    /// matter declares none (`lang` or `language`), e.g. from a CMS field.
    pub fn lang(mut self, code: impl Into<String>) -> Self {
        self.lang = Some(code.into());
        self
    }

    /// Keep the decoded text in [`Document::text`] (off by default, to save memory).
    pub fn keep_text(mut self) -> Self {
        self.keep_text = true;
        self
    }
}

/// Runs the per-document stages with a shared, read-only matcher. Build one with
/// [`Extractor::builder`] (the built-in gazetteer, compiled once per process,
/// and any of your own), then call [`Extractor::extract`] or
/// [`Extractor::extract_str`] for each document, from any number of threads.
#[derive(Debug, Clone)]
pub struct Extractor {
    matcher: Arc<Matcher>,
    markdown: MarkdownOptions,
}

/// Where an [`ExtractorBuilder`]'s extra entities come from.
#[derive(Debug, Clone)]
enum GazetteerSource {
    File(PathBuf),
    Csv { name: String, text: String },
}

/// Builds an [`Extractor`]: the built-in gazetteer unless left out, plus
/// gazetteer files and CSV text in the order given (ids must be unique across
/// them; the format is the README's "The gazetteer").
///
/// ```no_run
/// let extractor = gazette::Extractor::builder()
///     .gazetteer_file("my-places.csv")
///     .no_default_gazetteer()
///     .build()?;
/// # Ok::<(), gazette::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct ExtractorBuilder {
    extra: Vec<GazetteerSource>,
    no_default: bool,
    world: bool,
}

impl ExtractorBuilder {
    /// Adds the entities of a gazetteer CSV file.
    pub fn gazetteer_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.extra.push(GazetteerSource::File(path.into()));
        self
    }

    /// Adds the entities of gazetteer CSV text; `name` stands for the file in
    /// error messages.
    pub fn gazetteer_csv(mut self, name: impl Into<String>, csv: impl Into<String>) -> Self {
        self.extra.push(GazetteerSource::Csv {
            name: name.into(),
            text: csv.into(),
        });
        self
    }

    /// Leaves out the built-in gazetteer (then at least one entity must be added).
    pub fn no_default_gazetteer(mut self) -> Self {
        self.no_default = true;
        self
    }

    /// Adds the built-in world cities (GeoNames cities15000, CC BY 4.0) to the
    /// built-in gazetteer ([`crate::Builtin::World`]).
    pub fn world_cities(mut self) -> Self {
        self.world = true;
        self
    }

    /// Loads and compiles the gazetteer. Errors: a file that cannot be read, a
    /// malformed row (naming the file and line), a duplicate id, or no entity at
    /// all. With nothing added, this is the shared built-in extractor (compiled
    /// once per process, then cloned for the cost of a reference count).
    pub fn build(self) -> Result<Extractor> {
        if self.extra.is_empty() && !self.no_default && !self.world {
            return Ok(Extractor::builtin().clone());
        }
        let mut g = Gazetteer::builtin(crate::Builtin::from_flags(self.no_default, self.world))?;
        for source in &self.extra {
            match source {
                GazetteerSource::File(path) => g.add_file(path)?,
                GazetteerSource::Csv { name, text } => g.add_csv(name, text)?,
            }
        }
        if g.is_empty() {
            return Err(Error::usage(
                "the gazetteer is empty: add a gazetteer file or keep the built-in one",
            ));
        }
        Ok(Extractor::new(Arc::new(Matcher::new(g)?)))
    }
}

impl Extractor {
    /// An extractor over a compiled matcher (one matcher can serve several).
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

    /// A builder: the built-in gazetteer, your own files, or both.
    pub fn builder() -> ExtractorBuilder {
        ExtractorBuilder::default()
    }

    /// The extractor over the built-in gazetteer, compiled on first use.
    pub(crate) fn builtin() -> &'static Extractor {
        static BUILTIN: OnceLock<Extractor> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            // The embedded files are part of the build and checked by the tests
            // (`gazetteer check`, every test that extracts): not input.
            let g = Gazetteer::default_embedded().expect("the built-in gazetteer loads");
            Extractor::new(Arc::new(
                Matcher::new(g).expect("the built-in gazetteer compiles"),
            ))
        })
    }

    /// The matcher in use.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The gazetteer in use (every entity a mention or fact can name).
    pub fn gazetteer(&self) -> &Gazetteer {
        self.matcher.gazetteer()
    }

    /// Extracts one document.
    pub fn extract(&self, input: Input<'_>) -> Document {
        let Input {
            content,
            path,
            doc_id,
            lang,
            keep_text,
        } = input;
        match content {
            Content::Bytes(bytes) => {
                self.extract_bytes_with(doc_id, path, bytes, keep_text, lang.as_deref())
            }
            Content::Text(text) => {
                let mut doc = self.extract_decoded(doc_id, path, text, 0, lang.as_deref());
                if keep_text {
                    doc.text = Some(Arc::from(text));
                }
                doc
            }
        }
    }

    /// Extracts one document from its text: `extract(Input::text(text))`.
    pub fn extract_str(&self, text: &str) -> Document {
        self.extract(Input::text(text))
    }

    /// Processes the bytes of one file.
    pub(crate) fn extract_bytes(&self, doc_id: usize, path: String, bytes: &[u8]) -> Document {
        self.extract_bytes_with(doc_id, path, bytes, false, None)
    }

    /// Processes the bytes of one file, and keeps the decoded text in the
    /// document (`text`, `text_offset`) when they could be decoded.
    pub(crate) fn extract_bytes_keeping_text(
        &self,
        doc_id: usize,
        path: String,
        bytes: &[u8],
    ) -> Document {
        self.extract_bytes_with(doc_id, path, bytes, true, None)
    }

    /// Processes the bytes of one file; with `keep_text`, the document keeps
    /// the decoded text; `lang` is declared when the front matter declares none.
    fn extract_bytes_with(
        &self,
        doc_id: usize,
        path: String,
        bytes: &[u8],
        keep_text: bool,
        lang: Option<&str>,
    ) -> Document {
        match decode(bytes) {
            Ok(d) => {
                let mut doc = self.extract_decoded(doc_id, path, &d.text, d.offset, lang);
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
    pub(crate) fn extract_text(
        &self,
        doc_id: usize,
        path: String,
        text: &str,
        offset: usize,
    ) -> Document {
        self.extract_decoded(doc_id, path, text, offset, None)
    }

    /// [`Extractor::extract_text`], with `lang` declared when the front matter
    /// declares none.
    fn extract_decoded(
        &self,
        doc_id: usize,
        path: String,
        text: &str,
        offset: usize,
        lang: Option<&str>,
    ) -> Document {
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
        doc.declared_lang = (fm.string("lang").or_else(|| fm.string("language")))
            .or_else(|| lang.map(str::to_string));
        let prose = markdown::extract(text, fm.body_start..text.len(), &self.markdown);
        let mut segments: Vec<Segment> = Vec::with_capacity(prose.segments.len() + 1);
        segments.extend(fm.title_pieces.iter().map(|r| Segment {
            range: r.clone(),
            field: Field::Title,
        }));
        segments.extend(prose.segments);
        let ranges: Vec<Range<usize>> = segments.iter().map(|s| s.range.clone()).collect();
        doc.language =
            Some(langid::detect(text, &ranges).prefer_declared(doc.declared_lang.as_deref()));

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
        // A UTF-8 byte order mark is one character before the text (U+FEFF).
        let bom_chars = usize::from(offset > 0);
        let mut cursor = Cursor::default();
        for m in found {
            let at = lines.locate(text, m.range.start, &mut cursor);
            let char_start = at.char + bom_chars;
            let seg = ranges.partition_point(|r| r.start <= m.range.start);
            let field = segments
                .get(seg.wrapping_sub(1))
                .map_or(Field::Body, |s| s.field);
            doc.mentions.push(Mention {
                entity: m.entity,
                gazetteer: SharedGazetteer(Arc::clone(&self.matcher)),
                surface: text[m.range.clone()].to_string(),
                start: m.range.start + offset,
                end: m.range.end + offset,
                char_start,
                char_end: char_start + chars_between(text, m.range.start, m.range.end),
                line: at.line,
                column: at.column,
                field,
                variant: m.variant,
            });
        }
        doc.front_matter = fm.fields;
        let mut cursor = Cursor::default();
        doc.links = prose
            .links
            .into_iter()
            .map(|l| {
                let at = lines.locate(text, l.range.start, &mut cursor);
                let char_start = at.char + bom_chars;
                DocLink {
                    domain: markdown::domain_of(&l.url),
                    url: l.url,
                    text: l.text,
                    kind: l.kind,
                    line: at.line,
                    start: l.range.start + offset,
                    end: l.range.end + offset,
                    char_start,
                    char_end: char_start + chars_between(text, l.range.start, l.range.end),
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
    fn the_built_in_extractor_is_compiled_once() {
        let a = Extractor::builder().build().expect("built-in");
        let b = Extractor::builder().build().expect("built-in");
        assert!(Arc::ptr_eq(&a.matcher, &b.matcher));
        assert!(Arc::ptr_eq(&a.matcher, &Extractor::builtin().matcher));
        // Anything added compiles a gazetteer of its own.
        let csv = "id,type,name\ncity:x,city,Xville\n";
        let c = Extractor::builder().gazetteer_csv("x.csv", csv).build();
        let c = c.expect("with x.csv");
        assert!(!Arc::ptr_eq(&a.matcher, &c.matcher));
        assert_eq!(c.gazetteer().len(), a.gazetteer().len() + 1);
    }

    #[test]
    fn mentions_give_the_cells_of_their_csv_row() {
        let ex = extractor();
        let text = "Qwen2.5-72B-Instruct and Hunyuan-A13B by Tencent, in 北京.";
        let doc = ex.extract(Input::text(text));
        assert_eq!(doc.mentions.len(), 4);
        let g = ex.gazetteer();
        for m in &doc.mentions {
            let e = crate::output::rows::mention_entity(g, m);
            assert_eq!(m.entity(), e);
            assert_eq!(m.variant(), crate::output::rows::variant(m));
            assert_eq!(m.family(), crate::output::rows::family(g, m));
        }
        let cells: Vec<(&str, Option<&str>, Option<&str>)> = (doc.mentions.iter())
            .map(|m| (m.entity().name.as_str(), m.variant(), m.family()))
            .collect();
        assert_eq!(
            cells,
            [
                ("Qwen2.5", Some("Qwen2.5-72B-Instruct"), Some("Qwen2.5")),
                ("Hunyuan-A13B", None, Some("Hunyuan")),
                ("Tencent", None, None),
                ("Beijing", None, None),
            ]
        );
        assert_eq!(doc.detected_lang(), Some("en"));
        assert_eq!(
            Document::failed(1, "x".into(), 0, "e".into()).detected_lang(),
            None
        );
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

    /// The characters `char_start..char_end` of `chars` (Python's `text[a:b]`).
    fn slice(chars: &[char], from: usize, to: usize) -> String {
        chars.iter().skip(from).take(to - from).collect()
    }

    #[test]
    fn char_offsets_count_scalar_values_and_a_bom() {
        let body = "---\ntitle: 北京 🚀 Tencent\n---\n\
            # 🤖 في بكين\n\n\
            أما اليوم فالخريطة تمتد من بكين إلى أبوظبي، و*ديب سيك* في هانغتشو.\r\n\
            😀😀 腾讯在深圳，阿里巴巴在杭州。 𝕏 [Tencent 🐧](https://tencent.example/) 🐧 Huawei\n";
        for bom in [false, true] {
            let mut bytes = if bom {
                b"\xEF\xBB\xBF".to_vec()
            } else {
                Vec::new()
            };
            bytes.extend_from_slice(body.as_bytes());
            let doc = extractor().extract_bytes(1, "t.md".into(), &bytes);
            assert_eq!(doc.status, Status::Ok);
            // The file's text as Python's open(encoding="utf-8") reads it.
            let file = std::str::from_utf8(&bytes).unwrap();
            let chars: Vec<char> = file.chars().collect();
            let names: Vec<&str> = doc.mentions.iter().map(|m| m.surface.as_str()).collect();
            for want in [
                "北京",
                "Tencent",
                "بكين",
                "هانغتشو",
                "腾讯",
                "深圳",
                "Huawei",
            ] {
                assert!(names.contains(&want), "{want} not in {names:?}");
            }
            for m in &doc.mentions {
                assert_eq!(&file[m.start..m.end], m.surface, "{m:?}");
                assert_eq!(slice(&chars, m.char_start, m.char_end), m.surface, "{m:?}");
                let line_start = file[..m.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
                let bom_in_line = usize::from(bom && line_start == 0);
                assert_eq!(
                    m.column,
                    file[line_start..m.start].chars().count() + 1 - bom_in_line
                );
            }
            assert_eq!(doc.links.len(), 1);
            let l = &doc.links[0];
            let link = "[Tencent 🐧](https://tencent.example/)";
            assert_eq!(&file[l.start..l.end], link);
            assert_eq!(slice(&chars, l.char_start, l.char_end), link);
            // A BOM is one character, as it is 3 bytes.
            let first = &doc.mentions[0];
            assert_eq!(first.surface, "北京");
            assert_eq!(
                (first.start, first.char_start),
                if bom { (14, 12) } else { (11, 11) }
            );
        }
    }

    #[test]
    fn transcoded_text_counts_characters_of_the_decoded_text() {
        let text = "🚀 腾讯在北京。\n";
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let doc = extractor().extract_bytes(1, "t.md".into(), &utf16);
        let found: Vec<(&str, usize, usize)> = (doc.mentions.iter())
            .map(|m| (m.surface.as_str(), m.char_start, m.char_end))
            .collect();
        assert_eq!(found, [("腾讯", 2, 4), ("北京", 5, 7)]);
    }

    #[test]
    fn locate_walks_forward_and_back_to_the_same_answers() {
        let text = "ab\r\nبكين 😀\rx\n\n北京😀z\n";
        let lines = LineIndex::new(text);
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let fresh = |at| lines.locate(text, at, &mut Cursor::default());
        for (i, &at) in bounds.iter().enumerate() {
            let line = lines.line_of(at);
            let line_start = lines.starts[line - 1];
            let want = Location {
                line,
                column: text[line_start..at].chars().count() + 1,
                char: i,
            };
            assert_eq!(fresh(at), want, "at {at}");
        }
        let mut cursor = Cursor::default();
        let order = bounds
            .iter()
            .chain(bounds.iter().rev())
            .chain(bounds.iter().step_by(3));
        for &at in order {
            assert_eq!(lines.locate(text, at, &mut cursor), fresh(at), "at {at}");
        }
    }
}
