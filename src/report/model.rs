//! The review page's model, built one document at a time: the summary counts
//! (documents, mentions by type, documents by language), the most mentioned
//! entities, the failed documents, and for the first [`Limits::max_docs`]
//! documents what is shown of them: their text cut to [`Limits::max_text_bytes`]
//! and split into plain and highlighted spans, their entities, their links, and
//! what was left out.
//!
//! It decides what the page says, not how: it writes no HTML and escapes
//! nothing (see `render`). The text comes from the documents themselves
//! ([`Document::text`]); nothing is read from files.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use crate::document::{DocLink, Document, Mention, Status};
use crate::gazetteer::{Entity, Gazetteer};
use crate::text::{document_language, floor_char_boundary};

use super::{Limits, MAX_ERRORS, MAX_LINKS, TOP_ENTITIES};

/// Languages written right to left (ISO 639-1, and `ckb` for Sorani).
const RTL_LANGUAGES: &[&str] = &["ar", "fa", "ur", "he", "yi", "ps", "sd", "ug", "dv", "ckb"];
/// Entity types with their own colour, in the order they are listed.
const KNOWN_TYPES: &[&str] = &["city", "company", "model", "product"];

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

/// The language a document's title, text and link texts are laid out in.
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

/// A failed document, as listed in the summary.
#[derive(Debug, Clone, Copy)]
pub struct Failure<'a> {
    /// The document's id.
    pub doc_id: usize,
    /// Its path.
    pub path: &'a str,
    /// Its error message.
    pub message: &'a str,
    /// Whether the document is shown further down (the entry links to it).
    pub shown: bool,
}

/// A piece of the shown text: plain, or a mention to highlight.
#[derive(Debug, Clone)]
pub struct Span<'g> {
    /// Byte range in the shown text.
    pub range: Range<usize>,
    /// The mention's entity and whether it is a variant, for a highlight.
    pub mark: Option<(&'g Entity, bool)>,
}

/// A document's text as shown: cut, and split into spans.
#[derive(Debug, Clone)]
pub struct ShownText<'g> {
    /// The text, cut to [`Limits::max_text_bytes`] at a character boundary.
    pub text: Arc<str>,
    /// Bytes of the whole decoded text.
    pub full_len: usize,
    /// The text in order, every byte in exactly one span.
    pub spans: Vec<Span<'g>>,
    /// Mentions past the cut, not highlighted.
    pub beyond_cut: usize,
    /// Mentions within the cut whose offsets do not fall on their surface in
    /// the text (or that overlap the previous one), not highlighted.
    pub misplaced: usize,
}

impl ShownText<'_> {
    /// The text of a span.
    pub fn slice(&self, span: &Span<'_>) -> &str {
        self.text.get(span.range.clone()).unwrap_or("")
    }

    /// Whether the text was cut.
    pub fn is_cut(&self) -> bool {
        self.text.len() < self.full_len
    }
}

/// What is shown of a document's text.
#[derive(Debug, Clone)]
pub enum Text<'g> {
    /// The bytes were not decoded (the document failed before): no text.
    None,
    /// The document was decoded but its text was not kept by the run.
    NotKept,
    /// The text with its highlights.
    Shown(ShownText<'g>),
}

/// A document whose text is on the page.
#[derive(Debug, Clone)]
pub struct Shown<'g> {
    /// The document's id.
    pub doc_id: usize,
    /// Its path.
    pub path: String,
    /// ok, warning or error, with its message.
    pub status: Status,
    /// The front matter title.
    pub title: Option<String>,
    /// The language it counts under ([`document_language`]), as written.
    pub lang: Option<String>,
    /// The layout of its title, text and link texts, from `lang`.
    pub layout: Option<Layout>,
    /// The detected language and the detector's confidence.
    pub detected: Option<(&'static str, f64)>,
    /// The front matter language.
    pub declared: Option<String>,
    /// How the bytes were decoded (empty when they were not).
    pub encoding: &'static str,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// Characters of decoded text.
    pub chars: usize,
    /// Mentions in the whole document.
    pub mentions_total: usize,
    /// Links in the whole document.
    pub links_total: usize,
    /// Entities of the whole document with their mentions, most first.
    pub entities: Vec<(&'g Entity, usize)>,
    /// The first links (at most `MAX_LINKS`, 500).
    pub links: Vec<DocLink>,
    /// Its text.
    pub text: Text<'g>,
}

/// An entity of the summary chart.
#[derive(Debug, Clone, Copy)]
pub struct TopEntity<'g> {
    /// 1-based rank.
    pub rank: usize,
    /// The entity.
    pub entity: &'g Entity,
    /// Its mentions in the whole run.
    pub mentions: usize,
}

/// The review page, built one document at a time (documents in input order):
/// counts over every document, text for the first [`Limits::max_docs`].
#[derive(Debug)]
pub struct Page<'g> {
    gazetteer: &'g Gazetteer,
    limits: Limits,
    /// The inputs named in the page header.
    pub(super) inputs: Vec<String>,
    /// Documents seen.
    pub(super) documents: usize,
    /// Documents with status ok or warning.
    pub(super) ok: usize,
    /// Documents with status error.
    pub(super) failed: usize,
    /// Mentions in every document.
    pub(super) mentions: usize,
    /// Links in every document.
    pub(super) links: usize,
    by_type: BTreeMap<String, usize>,
    by_language: BTreeMap<String, usize>,
    entity_counts: Vec<usize>,
    errors: Vec<(usize, String, String)>,
    /// The documents shown, in input order.
    pub(super) shown: Vec<Shown<'g>>,
}

impl<'g> Page<'g> {
    /// An empty page for documents extracted with `gazetteer`.
    pub fn new(gazetteer: &'g Gazetteer, limits: Limits) -> Self {
        Page {
            gazetteer,
            limits,
            inputs: Vec::new(),
            documents: 0,
            ok: 0,
            failed: 0,
            mentions: 0,
            links: 0,
            by_type: BTreeMap::new(),
            by_language: BTreeMap::new(),
            entity_counts: vec![0; gazetteer.len()],
            errors: Vec::new(),
            shown: Vec::new(),
        }
    }

    /// The inputs named in the page header.
    pub fn set_inputs(&mut self, inputs: &[String]) {
        self.inputs = inputs.to_vec();
    }

    /// Adds the next document. Its text is shown when it is within
    /// [`Limits::max_docs`] and the run kept it ([`Document::text`]).
    pub fn add(&mut self, doc: &Document) {
        self.documents += 1;
        match &doc.status {
            Status::Ok | Status::Warning(_) => self.ok += 1,
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
        let detected = doc.language.as_ref().and_then(|l| l.code);
        let lang = document_language(doc.declared_lang.as_deref(), detected);
        *self
            .by_language
            .entry(lang.unwrap_or("unknown").to_string())
            .or_default() += 1;
        let mut per_entity: BTreeMap<usize, usize> = BTreeMap::new();
        for m in &doc.mentions {
            if let Some(n) = self.entity_counts.get_mut(m.entity) {
                *n += 1;
            }
            *per_entity.entry(m.entity).or_default() += 1;
            let kind = self.kind_of(m.entity).to_string();
            *self.by_type.entry(kind).or_default() += 1;
        }
        if self.shown.len() >= self.limits.max_docs {
            return;
        }
        let mut entities: Vec<(usize, usize)> = per_entity.into_iter().collect();
        entities.sort_by_key(|&(e, n)| (std::cmp::Reverse(n), e));
        let entities = entities
            .into_iter()
            .filter_map(|(e, n)| Some((self.gazetteer.entities().get(e)?, n)))
            .collect();
        let text = match &doc.text {
            _ if doc.encoding.is_empty() => Text::None,
            None => Text::NotKept,
            Some(text) => Text::Shown(self.shown_text(text, doc.text_offset, &doc.mentions)),
        };
        self.shown.push(Shown {
            doc_id: doc.doc_id,
            path: doc.path.clone(),
            status: doc.status.clone(),
            title: doc.title.clone(),
            lang: lang.map(str::to_string),
            layout: Layout::of(lang),
            detected: doc
                .language
                .as_ref()
                .and_then(|l| Some((l.code?, l.confidence))),
            declared: doc.declared_lang.clone(),
            encoding: doc.encoding,
            bytes: doc.bytes,
            chars: doc.chars,
            mentions_total: doc.mentions.len(),
            links_total: doc.links.len(),
            entities,
            links: doc.links.iter().take(MAX_LINKS).cloned().collect(),
            text,
        });
    }

    /// The text of a document cut to the limit, with its mentions (whose offsets
    /// are `base` bytes past the text's) placed in it. Mentions past the cut are
    /// counted, not placed; any other mention that does not fit is misplaced.
    fn shown_text(&self, text: &Arc<str>, base: usize, mentions: &[Mention]) -> ShownText<'g> {
        let full_len = text.len();
        let cut = floor_char_boundary(text, self.limits.max_text_bytes);
        let text: Arc<str> = if cut < full_len {
            Arc::from(&text[..cut])
        } else {
            Arc::clone(text)
        };
        let within: Vec<&Mention> = if cut < full_len {
            mentions.iter().filter(|m| m.end <= base + cut).collect()
        } else {
            mentions.iter().collect()
        };
        let mut spans = Vec::with_capacity(within.len() * 2 + 1);
        let mut pos = 0;
        let mut misplaced = 0;
        for m in &within {
            let range = m
                .start
                .checked_sub(base)
                .zip(m.end.checked_sub(base))
                .filter(|&(s, e)| s >= pos && s < e);
            let surface = range.and_then(|(s, e)| Some((s, e, text.get(s..e)?)));
            let entity = self.gazetteer.entities().get(m.entity);
            let (Some((s, e, surface)), Some(entity)) = (surface, entity) else {
                misplaced += 1;
                continue;
            };
            if surface != m.surface {
                misplaced += 1;
                continue;
            }
            if pos < s {
                spans.push(Span {
                    range: pos..s,
                    mark: None,
                });
            }
            spans.push(Span {
                range: s..e,
                mark: Some((entity, m.variant)),
            });
            pos = e;
        }
        if pos < text.len() {
            spans.push(Span {
                range: pos..text.len(),
                mark: None,
            });
        }
        ShownText {
            beyond_cut: mentions.len() - within.len(),
            misplaced,
            text,
            full_len,
            spans,
        }
    }

    /// The entity type of an entity index (`?` for an unknown index).
    fn kind_of(&self, entity: usize) -> &str {
        self.gazetteer
            .entities()
            .get(entity)
            .map_or("?", |e| e.kind.as_str())
    }

    /// (entity, mentions) of the `n` most mentioned entities, most first.
    fn top(&self, n: usize) -> Vec<(usize, usize)> {
        let mut top: Vec<(usize, usize)> = self
            .entity_counts
            .iter()
            .enumerate()
            .filter(|(_, &c)| c > 0)
            .map(|(i, &c)| (i, c))
            .collect();
        top.sort_by_key(|&(i, c)| (std::cmp::Reverse(c), i));
        top.truncate(n);
        top
    }

    /// The `n` most mentioned entities: (canonical name, mentions), most first.
    pub fn top_entities(&self, n: usize) -> Vec<(String, usize)> {
        self.top(n)
            .into_iter()
            .filter_map(|(i, c)| Some((self.gazetteer.entities().get(i)?.name.clone(), c)))
            .collect()
    }

    /// The entities of the summary chart (at most `TOP_ENTITIES`, 15), most first,
    /// and the number its heading states.
    pub fn chart(&self) -> (usize, Vec<TopEntity<'g>>) {
        let top = self.top(TOP_ENTITIES);
        let heading = TOP_ENTITIES.min(top.len().max(1));
        let rows = top
            .into_iter()
            .enumerate()
            .filter_map(|(rank, (i, mentions))| {
                Some(TopEntity {
                    rank: rank + 1,
                    entity: self.gazetteer.entities().get(i)?,
                    mentions,
                })
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
        self.errors
            .iter()
            .map(|(id, path, message)| Failure {
                doc_id: *id,
                path,
                message,
                shown: self.shown.iter().any(|s| s.doc_id == *id),
            })
            .collect()
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
        assert_eq!(
            Layout::of(Some("en")),
            Some(Layout {
                code: "en".into(),
                rtl: false
            })
        );
        assert_eq!(Layout::of(Some("x\" onmouseover=\"y")), None);
        assert_eq!(Layout::of(None), None);
    }
}
