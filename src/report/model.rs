//! The review page's model: the documents as the page knows them
//! ([`ReviewDoc`], built from an extracted [`Document`] or from the rows of an
//! output folder), the entities of the run ([`Entities`]), and the [`Page`],
//! built one document at a time: the summary counts, the failed documents, and
//! for each document what is shown of it (its text laid out in blocks and
//! pieces with its mentions placed, or the reason there is no text; its
//! mentions not placed, facts, links and translations).
//!
//! It decides what the page says, not how: the HTML is written by `render`
//! (each document's HTML as it is added, so that its text is not kept). It
//! reads no files: the text comes with the document ([`DocText`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;

use crate::document::{Document, Status};
use crate::gazetteer::Gazetteer;
use crate::markdown::MarkdownOptions;
use crate::text::{document_language, floor_char_boundary};

use super::layout::{self, Block, Structure};
use super::{render, Limits, MAX_ERRORS, MAX_LINKS, TOP_ENTITIES};

/// Languages written right to left (ISO 639-1, and `ckb` for Sorani).
const RTL_LANGUAGES: &[&str] = &[
    "ar", "arc", "dv", "fa", "ha", "he", "iw", "khw", "ks", "ku", "ps", "sd", "ur", "yi", "ckb",
];
/// Entity types with their own colour, in the order they are listed.
pub const KNOWN_TYPES: &[&str] = &["city", "company", "model", "product"];

/// Whether a language code is written right to left.
pub fn is_rtl(lang: &str) -> bool {
    let primary = lang.split(['-', '_']).next().unwrap_or("");
    RTL_LANGUAGES
        .iter()
        .any(|l| l.eq_ignore_ascii_case(primary))
}

/// A language code fit for a `lang` attribute (letters, digits, `-`), else None.
fn lang_attr(code: &str) -> Option<&str> {
    let ok = !code.is_empty()
        && code.len() <= 35
        && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    ok.then_some(code)
}

/// The language a document's prose, title and link texts are laid out in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The code for the `lang` attribute (letters, digits and `-` only).
    pub code: String,
    /// Whether it is written right to left.
    pub rtl: bool,
}

impl Layout {
    /// The layout of text in `lang`; None when the code is not fit for a `lang`
    /// attribute (or there is none).
    pub fn of(lang: Option<&str>) -> Option<Layout> {
        let code = lang.and_then(lang_attr)?;
        Some(Layout {
            code: code.to_string(),
            rtl: is_rtl(code),
        })
    }
}

/// An entity of the run, as its mentions name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityInfo {
    /// Its id (`city:beijing`).
    pub id: String,
    /// Its canonical name.
    pub name: String,
    /// Its type (`city`, `company`, ...).
    pub kind: String,
    /// Mentions in the documents on the page.
    pub mentions: usize,
    /// Documents on the page that mention it.
    pub documents: usize,
}

/// The entities of the run, numbered in order of first mention (the number is
/// what the page's anchors `#e-N` and `data-e` attributes use).
#[derive(Debug, Clone, Default)]
pub struct Entities {
    list: Vec<EntityInfo>,
    by_id: HashMap<String, usize>,
}

impl Entities {
    /// The number of the entity `id`, added when new.
    pub fn intern(&mut self, id: &str, name: &str, kind: &str) -> usize {
        if let Some(&i) = self.by_id.get(id) {
            return i;
        }
        let i = self.list.len();
        self.list.push(EntityInfo {
            id: id.to_string(),
            name: name.to_string(),
            kind: kind.to_string(),
            mentions: 0,
            documents: 0,
        });
        self.by_id.insert(id.to_string(), i);
        i
    }

    /// The entity numbered `i`.
    pub fn get(&self, i: usize) -> Option<&EntityInfo> {
        self.list.get(i)
    }

    /// The number of the entity `id`, when it is known.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Every entity, by number.
    pub fn all(&self) -> &[EntityInfo] {
        &self.list
    }

    /// The numbers of the mentioned entities, most mentioned first (then by id).
    pub fn ranked(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.list.len())
            .filter(|&i| self.list[i].mentions > 0)
            .collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (&self.list[a], &self.list[b]);
            y.mentions.cmp(&x.mentions).then_with(|| x.id.cmp(&y.id))
        });
        order
    }
}

/// A mention as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewMention {
    /// The entity's number in [`Entities`].
    pub entity: usize,
    /// The text as written.
    pub surface: String,
    /// Byte offset in the file.
    pub start: usize,
    /// Byte offset just past the surface.
    pub end: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// title, heading, body, table or link.
    pub field: String,
    /// Whether the surface is a version or variant of the entity.
    pub variant: bool,
}

/// A link as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewLink {
    /// The destination.
    pub url: String,
    /// The anchor text.
    pub text: String,
    /// How it was written (inline, reference, autolink, bare, definition).
    pub kind: String,
    /// 1-based line.
    pub line: usize,
}

/// A fact as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewFact {
    /// The subject's id.
    pub subject_id: String,
    /// The subject's name.
    pub subject: String,
    /// `located_in`, `developed_by`, `parameters`, ...
    pub predicate: String,
    /// The object's id, for a relation.
    pub object_id: Option<String>,
    /// The object as shown: the entity's name, or the quantity.
    pub object: String,
    /// The sentence that states it.
    pub evidence: String,
    /// 1-based line of the evidence.
    pub line: usize,
    /// `text` or `gazetteer`.
    pub source: String,
    /// `yes`, `no` or `unknown`.
    pub agrees: String,
}

/// The text of a document, when the page can show it.
#[derive(Debug, Clone)]
pub enum DocText {
    /// The bytes were never decoded (the document failed before).
    Unread,
    /// The text cannot be shown: why.
    Missing(String),
    /// The decoded text, and what to subtract from a mention's offsets to get
    /// an offset into it (the length of a UTF-8 byte order mark).
    Kept {
        /// The text.
        text: Arc<str>,
        /// The byte order mark's length (0 for none or transcoded text).
        offset: usize,
    },
}

/// One document as the page knows it.
#[derive(Debug, Clone)]
pub struct ReviewDoc {
    /// 1-based position in input order.
    pub doc_id: usize,
    /// The path as discovered.
    pub path: String,
    /// ok, warning or error, with its message.
    pub status: Status,
    /// The front matter title.
    pub title: Option<String>,
    /// The front matter language.
    pub declared_lang: Option<String>,
    /// The detected language.
    pub detected_lang: Option<String>,
    /// The detector's confidence.
    pub confidence: Option<f64>,
    /// How the bytes were decoded (empty when they were not).
    pub encoding: String,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// Characters of decoded text.
    pub chars: usize,
    /// Mentions in text order.
    pub mentions: Vec<ReviewMention>,
    /// Links in text order.
    pub links: Vec<ReviewLink>,
    /// Facts in order of their evidence.
    pub facts: Vec<ReviewFact>,
    /// Its translation group.
    pub translation_group: Option<String>,
    /// Its text.
    pub text: DocText,
}

impl ReviewDoc {
    /// The page's view of an extracted document (its text is the one it kept).
    pub fn from_document(doc: &Document, g: &Gazetteer, entities: &mut Entities) -> Self {
        let mut intern = |i: usize| {
            g.entities()
                .get(i)
                .map(|e| entities.intern(&e.id, &e.name, e.kind.as_str()))
        };
        let mentions = doc
            .mentions
            .iter()
            .filter_map(|m| {
                Some(ReviewMention {
                    entity: intern(m.entity)?,
                    surface: m.surface.clone(),
                    start: m.start,
                    end: m.end,
                    line: m.line,
                    column: m.column,
                    field: m.field.as_str().to_string(),
                    variant: m.variant,
                })
            })
            .collect();
        let name_of = |i: usize| g.entities().get(i);
        let facts = doc
            .facts
            .iter()
            .filter_map(|f| {
                let s = name_of(f.subject)?;
                let o = f.object.entity().and_then(name_of);
                let object = match (o, f.object.quantity()) {
                    (Some(o), _) => o.name.clone(),
                    (None, Some(q)) => quantity(Some(q.value), q.unit.as_str(), &q.surface),
                    (None, None) => String::new(),
                };
                Some(ReviewFact {
                    subject_id: s.id.clone(),
                    subject: s.name.clone(),
                    predicate: f.predicate.as_str().to_string(),
                    object_id: o.map(|o| o.id.clone()),
                    object,
                    evidence: f.evidence.clone(),
                    line: f.line,
                    source: f.source.as_str().to_string(),
                    agrees: f.agrees.as_str().to_string(),
                })
            })
            .collect();
        let lang = doc.language.as_ref();
        ReviewDoc {
            doc_id: doc.doc_id,
            path: doc.path.clone(),
            status: doc.status.clone(),
            title: doc.title.clone(),
            declared_lang: doc.declared_lang.clone(),
            detected_lang: lang.and_then(|l| l.code).map(str::to_string),
            confidence: lang.and_then(|l| l.code.map(|_| l.confidence)),
            encoding: doc.encoding.to_string(),
            bytes: doc.bytes,
            chars: doc.chars,
            mentions,
            links: doc
                .links
                .iter()
                .map(|l| ReviewLink {
                    url: l.url.clone(),
                    text: l.text.clone(),
                    kind: l.kind.as_str().to_string(),
                    line: l.line,
                })
                .collect(),
            facts,
            translation_group: doc.translation_group.clone(),
            text: match &doc.text {
                _ if doc.encoding.is_empty() => DocText::Unread,
                None => DocText::Missing("the run did not keep it".into()),
                Some(t) => DocText::Kept {
                    text: Arc::clone(t),
                    offset: doc.text_offset,
                },
            },
        }
    }

    /// The language it counts under ([`document_language`]).
    pub fn lang(&self) -> Option<&str> {
        document_language(self.declared_lang.as_deref(), self.detected_lang.as_deref())
    }
}

/// A quantity as shown: `671000000000 parameters (671B)`.
pub fn quantity(value: Option<u64>, unit: &str, surface: &str) -> String {
    let mut s = value.map_or_else(String::new, |v| v.to_string());
    if !unit.is_empty() {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(unit);
    }
    if !surface.is_empty() {
        s.push_str(&format!(" ({surface})"));
    }
    s
}

/// A failed document, as listed in the summary.
#[derive(Debug, Clone, Copy)]
pub struct Failure<'a> {
    /// The document's id.
    pub doc_id: usize,
    /// Its path.
    pub path: &'a str,
    /// Its error message.
    pub message: &'a str,
    /// Whether the document is on the page (the entry links to it).
    pub shown: bool,
}

/// A document's text as shown: cut, laid out, with its mentions placed.
#[derive(Debug, Clone)]
pub struct ShownText<'d> {
    /// The text, cut to [`Limits::max_text_bytes`] at a character boundary.
    pub text: &'d str,
    /// Bytes of the whole decoded text.
    pub full_len: usize,
    /// The blocks of the shown text.
    pub blocks: Vec<Block>,
    /// Mentions past the cut (indices into the document's mentions).
    pub beyond_cut: Vec<usize>,
    /// Mentions within the cut whose offsets do not fall on their surface in
    /// the text (or that overlap the previous one).
    pub misplaced: Vec<usize>,
}

impl ShownText<'_> {
    /// Whether the text was cut.
    pub fn is_cut(&self) -> bool {
        self.text.len() < self.full_len
    }
}

/// What is shown of a document's text.
#[derive(Debug, Clone)]
pub enum Text<'d> {
    /// The bytes were not decoded (the document failed before): no text.
    None,
    /// The document was decoded but its text cannot be shown: why.
    Missing(&'d str),
    /// The text with its highlights.
    Shown(ShownText<'d>),
}

/// A document being rendered: the document and what the page makes of it.
#[derive(Debug)]
pub struct Shown<'d> {
    /// The document.
    pub doc: &'d ReviewDoc,
    /// The language it counts under.
    pub lang: Option<&'d str>,
    /// The layout of its prose, title and link texts.
    pub layout: Option<Layout>,
    /// Its entities with their mentions, most first.
    pub entities: Vec<(usize, usize)>,
    /// Its text.
    pub text: Text<'d>,
    /// The mentions that have no mark in the text (listed in a table), in order.
    pub unplaced: Vec<usize>,
    /// The first links (at most `MAX_LINKS`, 500).
    pub links: &'d [ReviewLink],
}

/// What the page keeps of a document once it is rendered.
#[derive(Debug, Clone)]
pub struct DocEntry {
    /// Its id.
    pub doc_id: usize,
    /// Its path.
    pub path: String,
    /// Its title.
    pub title: Option<String>,
    /// The language it counts under.
    pub lang: Option<String>,
    /// ok, warning or error.
    pub status: &'static str,
    /// Its translation group.
    pub group: Option<String>,
    /// The entity of each mention, in order.
    pub mentions: Vec<usize>,
    /// Its HTML before the translations part (the article's head), for the
    /// documents of the first page.
    pub head: Option<String>,
    /// Its HTML after the translations part, closing the article (first page).
    pub body: Option<String>,
    /// The document as the page's script gets it ([`render::document_json`]).
    pub json: String,
}

/// An entity of the summary chart.
#[derive(Debug, Clone, Copy)]
pub struct TopEntity<'p> {
    /// 1-based rank.
    pub rank: usize,
    /// Its number.
    pub index: usize,
    /// The entity.
    pub entity: &'p EntityInfo,
}

/// The review page, built one document at a time (documents in input order):
/// counts over every document, a rendered article for the first
/// [`Limits::max_docs`].
#[derive(Debug)]
pub struct Page {
    limits: Limits,
    markdown: MarkdownOptions,
    /// The inputs named in the page header.
    pub(super) inputs: Vec<String>,
    /// Where the page comes from, when it is not extracted now (an output folder).
    pub(super) source_note: Option<String>,
    /// Documents seen.
    pub(super) documents: usize,
    /// Documents with status ok or warning.
    pub(super) ok: usize,
    /// Of those, documents with status warning.
    pub(super) warnings: usize,
    /// Documents with status error.
    pub(super) failed: usize,
    /// Mentions in every document.
    pub(super) mentions: usize,
    /// Links in every document.
    pub(super) links: usize,
    /// Facts in every document.
    pub(super) facts: usize,
    /// Documents read whose text cannot be shown.
    pub(super) without_text: usize,
    by_type: BTreeMap<String, usize>,
    by_language: BTreeMap<String, usize>,
    /// The entities of the run.
    pub entities: Entities,
    errors: Vec<(usize, String, String)>,
    /// The documents on the page, in input order.
    pub(super) docs: Vec<DocEntry>,
}

impl Page {
    /// An empty page; `markdown` are the options the documents were read with
    /// (they tell which dotted names are prose).
    pub fn new(limits: Limits, markdown: MarkdownOptions) -> Self {
        Page {
            limits,
            markdown,
            inputs: Vec::new(),
            source_note: None,
            documents: 0,
            ok: 0,
            warnings: 0,
            failed: 0,
            mentions: 0,
            links: 0,
            facts: 0,
            without_text: 0,
            by_type: BTreeMap::new(),
            by_language: BTreeMap::new(),
            entities: Entities::default(),
            errors: Vec::new(),
            docs: Vec::new(),
        }
    }

    /// The inputs named in the page header.
    pub fn set_inputs(&mut self, inputs: &[String]) {
        self.inputs = inputs.to_vec();
    }

    /// Says where the page's documents come from (shown under the header).
    pub fn set_source_note(&mut self, note: String) {
        self.source_note = Some(note);
    }

    /// Adds an extracted document (numbering its entities in this page).
    pub fn add_document(&mut self, doc: &Document, g: &Gazetteer) {
        let review = ReviewDoc::from_document(doc, g, &mut self.entities);
        self.add(&review);
    }

    /// Adds the next document: counts it, and renders it when it is within
    /// [`Limits::max_docs`].
    pub fn add(&mut self, doc: &ReviewDoc) {
        self.documents += 1;
        match &doc.status {
            Status::Ok => self.ok += 1,
            Status::Warning(_) => {
                self.ok += 1;
                self.warnings += 1;
            }
            Status::Error(message) => {
                self.failed += 1;
                if self.errors.len() < MAX_ERRORS {
                    self.errors
                        .push((doc.doc_id, doc.path.clone(), message.clone()));
                }
            }
        }
        self.mentions += doc.mentions.len();
        self.links += doc.links.len();
        self.facts += doc.facts.len();
        let lang = doc.lang();
        *self
            .by_language
            .entry(lang.unwrap_or("unknown").to_string())
            .or_default() += 1;
        let mut per_entity: BTreeMap<usize, usize> = BTreeMap::new();
        for m in &doc.mentions {
            *per_entity.entry(m.entity).or_default() += 1;
            if let Some(e) = self.entities.list.get_mut(m.entity) {
                e.mentions += 1;
                *self.by_type.entry(e.kind.clone()).or_default() += 1;
            }
        }
        for &e in per_entity.keys() {
            if let Some(e) = self.entities.list.get_mut(e) {
                e.documents += 1;
            }
        }
        if !matches!(doc.text, DocText::Kept { .. } | DocText::Unread) {
            self.without_text += 1;
        }
        if self.docs.len() >= self.limits.max_docs {
            return;
        }
        let mut entities: Vec<(usize, usize)> = per_entity.into_iter().collect();
        entities.sort_by_key(|&(e, n)| (std::cmp::Reverse(n), e));
        let text = match &doc.text {
            DocText::Unread => Text::None,
            DocText::Missing(why) => Text::Missing(why),
            DocText::Kept { text, offset } => Text::Shown(self.shown_text(text, *offset, doc)),
        };
        let unplaced = match &text {
            Text::Shown(t) => {
                let mut v: Vec<usize> = t.beyond_cut.iter().chain(&t.misplaced).copied().collect();
                v.sort_unstable();
                v
            }
            _ => (0..doc.mentions.len()).collect(),
        };
        let shown = Shown {
            doc,
            lang,
            layout: Layout::of(lang),
            entities,
            text,
            unplaced,
            links: &doc.links[..doc.links.len().min(MAX_LINKS)],
        };
        let (head, body) = if self.docs.len() < super::PAGE_SIZE {
            let (h, b) = render::document(&shown, &self.entities);
            (Some(h), Some(b))
        } else {
            (None, None)
        };
        let json = render::document_json(&shown, &self.entities);
        self.docs.push(DocEntry {
            doc_id: doc.doc_id,
            path: doc.path.clone(),
            title: doc.title.clone(),
            lang: lang.map(str::to_string),
            status: doc.status.as_str(),
            group: doc.translation_group.clone(),
            mentions: doc.mentions.iter().map(|m| m.entity).collect(),
            head,
            body,
            json,
        });
    }

    /// The text of a document cut to the limit and laid out, with its mentions
    /// (whose offsets are `base` bytes past the text's) placed in it. Mentions
    /// past the cut are counted apart; any other mention that does not fit is
    /// misplaced.
    fn shown_text<'d>(&self, full: &'d str, base: usize, doc: &ReviewDoc) -> ShownText<'d> {
        let cut = floor_char_boundary(full, self.limits.max_text_bytes);
        let text = &full[..cut];
        let mut marks: Vec<(Range<usize>, usize)> = Vec::with_capacity(doc.mentions.len());
        let mut beyond_cut = Vec::new();
        let mut misplaced = Vec::new();
        let mut pos = 0;
        for (k, m) in doc.mentions.iter().enumerate() {
            let range = m.start.checked_sub(base).zip(m.end.checked_sub(base));
            if cut < full.len() && range.is_some_and(|(_, e)| e > cut) {
                beyond_cut.push(k);
                continue;
            }
            let fits = range
                .filter(|&(s, e)| s >= pos && s < e)
                .filter(|&(s, e)| text.get(s..e) == Some(m.surface.as_str()));
            match fits {
                Some((s, e)) => {
                    marks.push((s..e, k));
                    pos = e;
                }
                None => misplaced.push(k),
            }
        }
        let structure = Structure::of(full, &self.markdown);
        let blocks = layout::lay_out(full, cut, &structure, &marks);
        ShownText {
            text,
            full_len: full.len(),
            blocks,
            beyond_cut,
            misplaced,
        }
    }

    /// The `n` most mentioned entities: (canonical name, mentions), most first.
    pub fn top_entities(&self, n: usize) -> Vec<(String, usize)> {
        let ranked = self.entities.ranked();
        ranked
            .into_iter()
            .take(n)
            .map(|i| {
                let e = &self.entities.list[i];
                (e.name.clone(), e.mentions)
            })
            .collect()
    }

    /// The entities of the summary chart (at most `TOP_ENTITIES`, 15), most first,
    /// and the number its heading states.
    pub fn chart(&self) -> (usize, Vec<TopEntity<'_>>) {
        let ranked = self.entities.ranked();
        let heading = TOP_ENTITIES.min(ranked.len().max(1));
        let rows = ranked
            .into_iter()
            .take(TOP_ENTITIES)
            .enumerate()
            .map(|(rank, index)| TopEntity {
                rank: rank + 1,
                index,
                entity: &self.entities.list[index],
            })
            .collect();
        (heading, rows)
    }

    /// Mentions by entity type: the known types first (also when none), then
    /// the others by name.
    pub fn mentions_by_type(&self) -> Vec<(&str, usize)> {
        let mut types: Vec<(&str, usize)> = KNOWN_TYPES
            .iter()
            .map(|t| (*t, self.by_type.get(*t).copied().unwrap_or(0)))
            .collect();
        for (t, n) in &self.by_type {
            if !KNOWN_TYPES.contains(&t.as_str()) {
                types.push((t, *n));
            }
        }
        types
    }

    /// Documents by language, most first (`unknown` for documents without one).
    pub fn documents_by_language(&self) -> Vec<(&str, usize)> {
        let mut langs: Vec<(&str, usize)> = self
            .by_language
            .iter()
            .map(|(l, n)| (l.as_str(), *n))
            .collect();
        langs.sort_by_key(|&(l, n)| (std::cmp::Reverse(n), l));
        langs
    }

    /// The failed documents listed (at most `MAX_ERRORS`, 1000), in input order.
    pub fn failures(&self) -> Vec<Failure<'_>> {
        let shown: BTreeSet<usize> = self.docs.iter().map(|d| d.doc_id).collect();
        self.errors
            .iter()
            .map(|(id, path, message)| Failure {
                doc_id: *id,
                path,
                message,
                shown: shown.contains(id),
            })
            .collect()
    }

    /// Gives the documents without a translation group the group their paths'
    /// layout gives ([`crate::output::groups::Groups`]), taken relative to the
    /// folder all of them are in: for tables that do not carry the groups.
    pub fn group_by_paths(&mut self) {
        let paths: Vec<&str> = self.docs.iter().map(|d| d.path.as_str()).collect();
        let root = common_folder(&paths);
        let groups = crate::output::groups::Groups::new(&[root.as_str()], paths.iter().copied());
        let none = serde_json::Map::new();
        let found: Vec<Option<String>> = paths.iter().map(|p| groups.group(p, &none)).collect();
        for (d, g) in self.docs.iter_mut().zip(found) {
            if d.group.is_none() {
                d.group = g;
            }
        }
    }

    /// The translation groups of the documents on the page that hold two or
    /// more of them: group → the positions of its documents in `docs`.
    pub fn groups(&self) -> BTreeMap<&str, Vec<usize>> {
        let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, d) in self.docs.iter().enumerate() {
            if let Some(g) = &d.group {
                groups.entry(g.as_str()).or_default().push(i);
            }
        }
        groups.retain(|_, v| v.len() > 1);
        groups
    }
}

/// The folder (as `/`-separated segments joined again) that holds every path.
fn common_folder(paths: &[&str]) -> String {
    let split = |p: &str| -> Vec<String> {
        let mut segs: Vec<String> = p
            .split(['/', '\\'])
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        segs.pop();
        segs
    };
    let mut common = match paths.first() {
        Some(p) => split(p),
        None => return String::new(),
    };
    for p in &paths[1..] {
        let segs = split(p);
        let same = common.iter().zip(&segs).take_while(|(a, b)| a == b).count();
        common.truncate(same);
    }
    common.join("/")
}

/// The other versions of a document in its translation group, and the
/// entities they mention that it does not (with the languages that mention
/// them).
#[derive(Debug, Clone, Default)]
pub struct Versions<'p> {
    /// The group's name.
    pub group: &'p str,
    /// The other documents: (doc_id, language, path).
    pub others: Vec<(usize, &'p str, &'p str)>,
    /// Entities mentioned in another version and not in this one, with the
    /// languages of the versions that mention them.
    pub missing: Vec<(usize, Vec<&'p str>)>,
}

impl Page {
    /// The versions part of the document at position `at` of `docs`, when it is
    /// in a group of two or more documents on the page.
    pub fn versions<'p>(
        &'p self,
        at: usize,
        groups: &BTreeMap<&'p str, Vec<usize>>,
    ) -> Option<Versions<'p>> {
        let doc = self.docs.get(at)?;
        let group = doc.group.as_deref()?;
        let (&group, members) = groups.get_key_value(group)?;
        let own: BTreeSet<usize> = doc.mentions.iter().copied().collect();
        let mut others = Vec::new();
        let mut missing: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
        for &i in members.iter().filter(|&&i| i != at) {
            let d = &self.docs[i];
            let lang = d.lang.as_deref().unwrap_or("?");
            others.push((d.doc_id, lang, d.path.as_str()));
            for &e in &d.mentions {
                if !own.contains(&e) {
                    missing.entry(e).or_default().insert(lang);
                }
            }
        }
        Some(Versions {
            group,
            others,
            missing: missing
                .into_iter()
                .map(|(e, langs)| (e, langs.into_iter().collect()))
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rtl_languages() {
        for l in ["ar", "fa", "ur", "he", "AR", "ar-EG"] {
            assert!(is_rtl(l), "{l}");
        }
        for l in ["en", "zh", "ja", "hi", "fr", "", "arx"] {
            assert!(!is_rtl(l), "{l}");
        }
        assert_eq!(
            Layout::of(Some("ar")),
            Some(Layout {
                code: "ar".into(),
                rtl: true
            })
        );
        assert_eq!(Layout::of(Some("x\" onmouseover=\"y")), None);
        assert_eq!(Layout::of(None), None);
    }

    #[test]
    fn entities_are_numbered_once_and_ranked() {
        let mut e = Entities::default();
        let a = e.intern("city:a", "A", "city");
        let b = e.intern("company:b", "B", "company");
        assert_eq!(e.intern("city:a", "other name", "x"), a);
        e.list[b].mentions = 3;
        e.list[a].mentions = 1;
        assert_eq!(e.ranked(), [b, a]);
        assert_eq!(e.index_of("company:b"), Some(b));
        assert_eq!(quantity(Some(7), "parameters", "7B"), "7 parameters (7B)");
    }
}
