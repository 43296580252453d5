//! The records of gazette.json and gazette.jsonl, public so that a program can
//! write them ([`Document::new`]) and read them back with serde_json.
//!
//! Each type is one JSON object; its fields are the keys, in the order they are
//! written, with the same names as the CSV columns (`kind` is the key `type`).
//! An empty CSV cell is `None` (`null`). Text is a [`Cow`]: borrowed from the
//! document when written, owned when read. A gazette.jsonl line is one
//! [`Document`]; gazette.json is an [`Output`]. Unknown keys are ignored when
//! reading, so files of later versions that add keys still read.
//!
//! ```
//! let extractor = gazette::Extractor::builder().build()?;
//! let doc = extractor.extract_str("DeepSeek is based in Hangzhou.");
//! let line = serde_json::to_string(&gazette::json::Document::new(&doc, extractor.gazetteer()))?;
//! let back: gazette::json::Document = serde_json::from_str(&line)?;
//! assert_eq!(back.mentions[1].name, "Hangzhou");
//! assert_eq!(back.mentions[1].kind, "city");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! This module holds the records only; writing the files is `extract`'s.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::gazetteer::Gazetteer;
use crate::output::rows;

/// gazette.json: the generator and every document, in input order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Output<'a> {
    /// `gazette` and its version, e.g. `gazette 0.1.0`.
    pub generator: Cow<'a, str>,
    /// One record per input file.
    pub documents: Vec<Document<'a>>,
}

/// One input file: a line of gazette.jsonl, an element of gazette.json's
/// `documents` (the documents.csv row, with its front matter, mentions, links
/// and facts).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Document<'a> {
    /// 1-based position in input order.
    pub doc_id: usize,
    /// The path as discovered (or the id given on a stream).
    pub path: Cow<'a, str>,
    /// `ok`, `warning` or `error`.
    pub status: Cow<'a, str>,
    /// The warning or error message.
    pub error: Option<Cow<'a, str>>,
    /// The front matter `title`.
    pub title: Option<Cow<'a, str>>,
    /// The front matter `lang` (or `language`).
    pub declared_lang: Option<Cow<'a, str>>,
    /// ISO 639-1 code detected from the prose.
    pub detected_lang: Option<Cow<'a, str>>,
    /// whatlang's confidence (0 to 1) on the sample of the main script.
    pub lang_confidence: Option<f64>,
    /// The main script (`Latin`, `Arabic`, `Han`, `Japanese`, ...).
    pub script: Option<Cow<'a, str>>,
    /// Share of letters per script (rounded to 3 decimals), largest first.
    pub scripts: Map<String, Value>,
    /// How the bytes were decoded (`utf-8`, `utf-16le`, `windows-1256`, ...);
    /// empty when they could not be.
    pub encoding: Cow<'a, str>,
    /// File size in bytes.
    pub bytes: u64,
    /// Characters of decoded text.
    pub chars: usize,
    /// Every front matter field.
    pub front_matter: Cow<'a, Map<String, Value>>,
    /// Mentions in text order.
    pub mentions: Vec<Mention<'a>>,
    /// Links in text order.
    pub links: Vec<Link<'a>>,
    /// Facts in order of their evidence.
    pub facts: Vec<Fact<'a>>,
}

/// One mention (a mentions.csv row without `doc_id`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Mention<'a> {
    /// Gazetteer id, e.g. `city:beijing`.
    pub entity_id: Cow<'a, str>,
    /// The key `type`: `city`, `company`, `model`, `product`.
    #[serde(rename = "type")]
    pub kind: Cow<'a, str>,
    /// Canonical English name.
    pub name: Cow<'a, str>,
    /// The text exactly as written in the file.
    pub surface: Cow<'a, str>,
    /// Byte offset into the original file.
    pub start: usize,
    /// Byte offset just past the surface.
    pub end: usize,
    /// Character offset (Unicode scalar values, as Python `str` indices).
    pub char_start: usize,
    /// Character offset just past the surface.
    pub char_end: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based character column.
    pub column: usize,
    /// `title`, `heading`, `body`, `table`, `link`.
    pub field: Cow<'a, str>,
    /// The surface, when it is a model version or variant not in the gazetteer.
    pub variant: Option<Cow<'a, str>>,
    /// The family: for a variant, the entity it was counted as.
    pub family: Option<Cow<'a, str>>,
}

/// One link (a links.csv row without `doc_id`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Link<'a> {
    /// The destination (reference links resolved).
    pub url: Cow<'a, str>,
    /// Host, lowercased, without `www.` and port.
    pub domain: Cow<'a, str>,
    /// Anchor text.
    pub text: Cow<'a, str>,
    /// `inline`, `reference`, `autolink`, `bare`, `definition`.
    pub kind: Cow<'a, str>,
    /// 1-based line.
    pub line: usize,
    /// Byte offset of the whole link in the original file.
    pub start: usize,
    /// Byte offset just past the link.
    pub end: usize,
    /// Character offset of the link.
    pub char_start: usize,
    /// Character offset just past the link.
    pub char_end: usize,
}

/// One fact (a facts.csv row without `doc_id`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Fact<'a> {
    /// Id of the entity the fact is about.
    pub subject_id: Cow<'a, str>,
    /// Its canonical name.
    pub subject: Cow<'a, str>,
    /// `located_in`, `developed_by`, `made_by`, `variant_of`, `parameters`, ...
    pub predicate: Cow<'a, str>,
    /// The other entity's id, for relations.
    pub object_id: Option<Cow<'a, str>>,
    /// The other entity's name, for relations.
    pub object: Option<Cow<'a, str>>,
    /// The normalised number, for quantities.
    pub value: Option<u64>,
    /// `parameters`, `tokens` or `users`, for quantities.
    pub unit: Option<Cow<'a, str>>,
    /// The quantity as written.
    pub surface: Option<Cow<'a, str>>,
    /// The sentence as written.
    pub evidence: Cow<'a, str>,
    /// 1-based line of the sentence.
    pub line: usize,
    /// `text` or `gazetteer`.
    pub source: Cow<'a, str>,
    /// `yes`, `no` or `unknown`.
    pub agrees_with_gazetteer: Cow<'a, str>,
}

/// A borrowed string.
fn b(s: &str) -> Cow<'_, str> {
    Cow::Borrowed(s)
}

impl<'a> Document<'a> {
    /// The JSON record of a document, borrowing from it; `gazetteer` is the one
    /// it was extracted with ([`crate::Extractor::gazetteer`]), which names the
    /// entities of its facts.
    pub fn new(doc: &'a crate::Document, gazetteer: &'a Gazetteer) -> Self {
        let g = gazetteer;
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
        Document {
            doc_id: doc.doc_id,
            path: b(&doc.path),
            status: b(doc.status.as_str()),
            error: doc.status.message().map(b),
            title: doc.title.as_deref().map(b),
            declared_lang: doc.declared_lang.as_deref().map(b),
            detected_lang: rows::detected_lang(doc).map(b),
            lang_confidence: rows::lang_confidence(doc),
            script: rows::script(doc).map(b),
            scripts,
            encoding: b(doc.encoding),
            bytes: doc.bytes,
            chars: doc.chars,
            front_matter: Cow::Borrowed(&doc.front_matter),
            mentions: doc
                .mentions
                .iter()
                .map(|m| {
                    let e = rows::mention_entity(g, m);
                    Mention {
                        entity_id: b(&e.id),
                        kind: b(e.kind.as_str()),
                        name: b(&e.name),
                        surface: b(&m.surface),
                        start: m.start,
                        end: m.end,
                        char_start: m.char_start,
                        char_end: m.char_end,
                        line: m.line,
                        column: m.column,
                        field: b(m.field.as_str()),
                        variant: rows::variant(m).map(b),
                        family: rows::family(g, m).map(b),
                    }
                })
                .collect(),
            links: doc
                .links
                .iter()
                .map(|l| Link {
                    url: b(&l.url),
                    domain: b(&l.domain),
                    text: b(&l.text),
                    kind: b(l.kind.as_str()),
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
                    Fact {
                        subject_id: b(&s.id),
                        subject: b(&s.name),
                        predicate: b(f.predicate.as_str()),
                        object_id: o.map(|e| b(&e.id)),
                        object: o.map(|e| b(&e.name)),
                        value: rows::fact_value(f),
                        unit: rows::fact_unit(f).map(b),
                        surface: rows::fact_surface(f).map(b),
                        evidence: b(&f.evidence),
                        line: f.line,
                        source: b(f.source.as_str()),
                        agrees_with_gazetteer: b(rows::agrees(f)),
                    }
                })
                .collect(),
        }
    }
}
