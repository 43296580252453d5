//! The review page's HTML: the page model ([`Page`]) through the askama
//! templates in `templates/report/` (`page.html` with `summary.html`,
//! `entities.html`, `documents.html`, each document's `document_head.html`
//! and `document_body.html`, and `macros.html`), the CSS of `page.css` and the
//! script of `page.js` inline, and the page's data (every document, compact:
//! its text, blocks, pieces, mentions, facts and links, with UTF-16 offsets)
//! as JSON in a `<script type="application/json">` block. The first page of
//! documents is HTML in the page itself; the script renders the others from the
//! data into the same HTML (see `page.js`; a browser test compares the two).
//!
//! Every expression in the templates is HTML-escaped by [`PageEscaper`] (set for
//! `.html` templates in `templates/report/askama.toml`), which writes the same
//! character references as [`escape`]; only the CSS, the script, the data and
//! HTML already written here are marked safe. A document's text is written by
//! [`text_html`] through [`escape_into`]. Only `http`/`https` URLs become links
//! ([`safe_href`]). The data block cannot end early: every `<` in it is
//! written `\u003c`. The Content-Security-Policy allows the one inline
//! script by its SHA-256 hash and nothing else (no network, no other script).
//! It decides nothing about what is shown (see `model`).

use std::borrow::Cow;
use std::fmt;

use askama::Template;
use serde::Serialize;

use super::layout::{BlockKind, PieceKind};
use super::model::{
    Entities, EntityInfo, Failure, Page, ReviewLink, ReviewMention, Shown, ShownText, Text,
    TopEntity, Versions,
};
use super::sha256;
use super::{PAGE_SIZE, STATIC_ENTITIES};

/// The page's style sheet, inline in `<style>`.
const CSS: &str = include_str!("page.css");
/// The page's script, inline in `<script>` and allowed by its hash.
pub const JS: &str = include_str!("page.js");
/// Width in pixels of the longest bar of the chart.
const BAR_WIDTH: usize = 240;

/// Escapes text for HTML element content and double- or single-quoted attribute
/// values: `&`, `<`, `>`, `"` and `'` become character references. Borrowed when
/// there is nothing to escape.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    escape_into(&mut out, s);
    Cow::Owned(out)
}

/// Appends `s` to `out`, escaped as by [`escape`].
pub fn escape_into(out: &mut String, s: &str) {
    // Writing to a String cannot fail.
    let _ = write_escaped(out, s);
}

/// Writes `s` to `out`, escaped as by [`escape`]: the one HTML escape of the page.
fn write_escaped<W: fmt::Write + ?Sized>(out: &mut W, s: &str) -> fmt::Result {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.write_str(&s[from..i])?;
        out.write_str(rep)?;
        from = i + 1;
    }
    out.write_str(&s[from..])
}

/// The templates' escaper: every `{{ }}` of the page goes through [`escape`]'s
/// rules (askama's own HTML escaper writes numeric references instead).
#[derive(Debug, Clone, Copy, Default)]
pub struct PageEscaper;

impl askama::filters::Escaper for PageEscaper {
    fn write_escaped_str<W: fmt::Write>(&self, mut dest: W, string: &str) -> fmt::Result {
        write_escaped(&mut dest, string)
    }
}

/// The URL when it may be a clickable link: `http://` or `https://` (any case)
/// with no whitespace or control characters. Anything else (`javascript:`,
/// `data:`, relative paths, ...) is shown as text only. The result still needs
/// [`escape`] inside an attribute.
pub fn safe_href(url: &str) -> Option<&str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let web = lower.starts_with("http://") || lower.starts_with("https://");
    let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control());
    (web && clean && url.len() > "http://".len()).then_some(url)
}

/// ` dir="rtl" lang="ar"` (or just the `lang`) for text laid out in `layout`.
fn dir_lang(out: &mut String, layout: Option<&super::model::Layout>) {
    if let Some(l) = layout {
        if l.rtl {
            out.push_str(" dir=\"rtl\"");
        }
        out.push_str(" lang=\"");
        escape_into(out, &l.code);
        out.push('"');
    }
}

/// The `<mark>` of mention `k` of document `doc_id`, opened.
fn open_mark(out: &mut String, doc_id: usize, k: usize, m: &ReviewMention, e: Option<&EntityInfo>) {
    use fmt::Write as _;
    out.push_str("<mark class=\"m-");
    escape_into(out, e.map_or("other", |e| e.kind.as_str()));
    let _ = write!(
        out,
        "\" id=\"m-{doc_id}-{k}\" data-e=\"{}\" title=\"",
        m.entity
    );
    if let Some(e) = e {
        escape_into(out, &e.name);
        out.push_str(" (");
        escape_into(out, &e.id);
        out.push(')');
    }
    if m.variant {
        out.push_str(", variant");
    }
    out.push_str("\">");
}

/// The HTML of a document's shown text: one `<div class="b ...">` per block
/// (front matter and code left to right, prose in the document's direction),
/// mentions as `<mark>`, skipped text greyed and isolated left to right.
pub fn text_html(shown: &Shown<'_>, t: &ShownText<'_>, entities: &Entities) -> String {
    let mut out = String::with_capacity(t.text.len() + t.text.len() / 4 + 64);
    let doc = shown.doc;
    out.push_str("<div class=\"text\"");
    if let Some(l) = &shown.layout {
        out.push_str(" lang=\"");
        escape_into(&mut out, &l.code);
        out.push('"');
    }
    out.push('>');
    for b in &t.blocks {
        match b.kind {
            BlockKind::FrontMatter => out.push_str("<div class=\"b fm\" dir=\"ltr\">"),
            BlockKind::Code => out.push_str("<div class=\"b code\" dir=\"ltr\">"),
            BlockKind::Prose => {
                out.push_str("<div class=\"b p\"");
                dir_lang(&mut out, shown.layout.as_ref());
                out.push('>');
            }
        }
        for p in &b.pieces {
            let s = t.text.get(p.range.clone()).unwrap_or("");
            match p.kind {
                PieceKind::Prose if b.kind == BlockKind::FrontMatter => {
                    out.push_str("<span class=\"title\">");
                    escape_into(&mut out, s);
                    out.push_str("</span>");
                }
                PieceKind::Prose | PieceKind::Markup => escape_into(&mut out, s),
                PieceKind::Skipped(_) if b.kind == BlockKind::Code => escape_into(&mut out, s),
                PieceKind::Skipped(kind) => {
                    let (class, label) = kind.class_and_label();
                    out.push_str("<span class=\"skip ");
                    out.push_str(class);
                    out.push_str("\" dir=\"ltr\" title=\"");
                    out.push_str(label);
                    out.push_str("\">");
                    escape_into(&mut out, s);
                    out.push_str("</span>");
                }
                PieceKind::Mark(k) => match doc.mentions.get(k) {
                    Some(m) => {
                        open_mark(&mut out, doc.doc_id, k, m, entities.get(m.entity));
                        escape_into(&mut out, s);
                        out.push_str("</mark>");
                    }
                    None => escape_into(&mut out, s),
                },
            }
        }
        out.push_str("</div>");
    }
    out.push_str("</div>");
    out
}

/// A document's head: the article's opening and its facts.
#[derive(Template)]
#[template(
    path = "report/document_head.html",
    config = "templates/report/askama.toml"
)]
struct DocHead<'a, 'd> {
    d: &'a Shown<'d>,
}

/// A document's body: its error, entities, text, unplaced mentions, facts and
/// links, and the article's end.
#[derive(Template)]
#[template(
    path = "report/document_body.html",
    config = "templates/report/askama.toml"
)]
struct DocBody<'a, 'd> {
    d: &'a Shown<'d>,
    entities: &'a Entities,
    text: String,
}

impl DocBody<'_, '_> {
    /// The entity numbered `i`.
    fn entity(&self, i: &usize) -> Option<&EntityInfo> {
        self.entities.get(*i)
    }

    /// The mention `k` of the document.
    fn mention(&self, k: &usize) -> Option<&ReviewMention> {
        self.d.doc.mentions.get(*k)
    }

    /// The number of a fact's subject or object on the page, when known.
    fn entity_index(&self, id: &str) -> Option<usize> {
        self.entities.index_of(id)
    }

    /// Why an unplaced mention has no mark.
    fn why_unplaced(&self, k: &usize) -> &'static str {
        match &self.d.text {
            Text::Shown(t) if t.beyond_cut.contains(k) => "beyond the cut",
            Text::Shown(_) => "not at its offsets in the text",
            _ => "",
        }
    }

    /// The link's URL when it may be clickable ([`safe_href`]).
    fn href<'l>(&self, link: &'l ReviewLink) -> Option<&'l str> {
        safe_href(&link.url)
    }
}

/// The HTML of one document: its head (up to where the translations go) and
/// the rest.
pub fn document(shown: &Shown<'_>, entities: &Entities) -> (String, String) {
    let text = match &shown.text {
        Text::Shown(t) => text_html(shown, t, entities),
        _ => String::new(),
    };
    let head = DocHead { d: shown }.render().unwrap_or_default();
    let body = DocBody {
        d: shown,
        entities,
        text,
    }
    .render()
    .unwrap_or_default();
    (head, body)
}

/// The translations part of a document.
#[derive(Template)]
#[template(path = "report/versions.html", config = "templates/report/askama.toml")]
struct VersionsHtml<'a, 'p> {
    v: &'a Versions<'p>,
    entities: &'a Entities,
}

impl VersionsHtml<'_, '_> {
    fn entity(&self, i: &usize) -> Option<&EntityInfo> {
        self.entities.get(*i)
    }
}

/// Byte offsets of a text as UTF-16 offsets (what the script's strings count).
struct Utf16 {
    /// Sorted byte offsets asked for, and their UTF-16 offsets.
    map: Vec<(usize, usize)>,
}

impl Utf16 {
    /// Converts the byte offsets `wanted` (character boundaries of `text`).
    fn new(text: &str, mut wanted: Vec<usize>) -> Self {
        wanted.sort_unstable();
        wanted.dedup();
        let mut map = Vec::with_capacity(wanted.len());
        let (mut byte, mut unit) = (0usize, 0usize);
        let mut chars = text.chars();
        for w in wanted {
            while byte < w {
                let Some(c) = chars.next() else { break };
                byte += c.len_utf8();
                unit += c.len_utf16();
            }
            map.push((w, unit));
        }
        Utf16 { map }
    }

    /// The UTF-16 offset of byte offset `at` (asked for in `new`).
    fn get(&self, at: usize) -> usize {
        match self.map.binary_search_by_key(&at, |&(b, _)| b) {
            Ok(i) => self.map[i].1,
            Err(_) => 0,
        }
    }
}

/// One mention as the script gets it: entity, line, column, field, variant
/// (0/1), how it is shown (0 marked at `start..end` of the text, 1 past the
/// cut, 2 not at its offsets, 3 no text), UTF-16 start and end in the shown
/// text, and the surface when it is not marked.
type MentionData<'a> = (
    usize,
    usize,
    usize,
    &'a str,
    u8,
    u8,
    usize,
    usize,
    Option<&'a str>,
);

/// A fact's subject or object as the script gets it: the entity's number when
/// the page knew it when the document was added (its name then links to its
/// occurrences), else its id and name; or a quantity, as shown.
#[derive(Serialize)]
#[serde(untagged)]
enum FactEnd<'a> {
    Known(usize),
    Named(&'a str, &'a str),
    Value(&'a str),
}

/// A fact's evidence as the script gets it: its UTF-16 range in the shown
/// text when it is there, else the sentence.
#[derive(Serialize)]
#[serde(untagged)]
enum Evidence<'a> {
    At(usize, usize),
    Text(&'a str),
}

/// A fact as the script gets it: subject, predicate, object, evidence, line,
/// source, agrees.
type FactData<'a> = (
    FactEnd<'a>,
    &'a str,
    FactEnd<'a>,
    Evidence<'a>,
    usize,
    &'a str,
    &'a str,
);

/// One document as the script gets it, to render the same article as
/// `document_head.html`, `versions.html` and `document_body.html` do.
#[derive(Serialize)]
struct DocData<'a> {
    // Absent values are left out (the script reads them as undefined).
    /// doc_id
    i: usize,
    /// path
    p: &'a str,
    /// title
    #[serde(skip_serializing_if = "Option::is_none")]
    t: Option<&'a str>,
    /// the language it counts under
    #[serde(skip_serializing_if = "Option::is_none")]
    l: Option<&'a str>,
    /// status, and its message
    s: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    msg: Option<&'a str>,
    /// translation group
    #[serde(skip_serializing_if = "Option::is_none")]
    g: Option<&'a str>,
    /// layout: language code and right to left (0/1)
    #[serde(skip_serializing_if = "Option::is_none")]
    lay: Option<(&'a str, u8)>,
    /// detected language, confidence (two decimals), declared language
    #[serde(skip_serializing_if = "Option::is_none")]
    det: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    conf: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dec: Option<&'a str>,
    /// encoding, bytes, characters
    enc: &'a str,
    by: u64,
    ch: usize,
    /// links and facts in the document
    nl: usize,
    /// mentions
    m: Vec<MentionData<'a>>,
    /// text: 0 none, 1 missing (why in `xw`), 2 shown (`x`)
    xn: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    xw: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    x: Option<&'a str>,
    /// bytes shown, bytes in all, mentions past the cut: when cut
    #[serde(skip_serializing_if = "Option::is_none")]
    cut: Option<(usize, usize, usize)>,
    /// mentions not at their offsets
    mis: usize,
    /// blocks: kind (0 front matter, 1 code, 2 prose), UTF-16 start and end
    b: Vec<(u8, usize, usize)>,
    /// pieces other than plain text and mentions: UTF-16 start, end, and what
    /// (-1 code, -2 URL, -3 other not searched, -4 title in front matter)
    sp: Vec<(usize, usize, i8)>,
    /// facts
    f: Vec<FactData<'a>>,
    /// links: URL, text, kind, line, clickable (0/1)
    k: Vec<(&'a str, &'a str, &'a str, usize, u8)>,
}

/// Where a fact's evidence stands in the shown text, when it is there.
fn evidence_at(text: &str, evidence: &str) -> Option<usize> {
    (!evidence.is_empty())
        .then(|| text.find(evidence))
        .flatten()
}

/// The compact JSON of one document, for the page's script (`entities`: the
/// page's entities when the document was added).
pub fn document_json<'a>(shown: &Shown<'a>, entities: &Entities) -> String {
    let doc = shown.doc;
    let (xn, xw, text) = match &shown.text {
        Text::None => (0, None, None),
        Text::Missing(why) => (1, Some(*why), None),
        Text::Shown(t) => (2, None, Some(t)),
    };
    let mut how = vec![3u8; doc.mentions.len()];
    let mut b = Vec::new();
    let mut sp = Vec::new();
    let mut spans = vec![(0usize, 0usize); doc.mentions.len()];
    let mut utf16: Option<Utf16> = None;
    if let Some(t) = text {
        how.iter_mut().for_each(|h| *h = 0);
        t.beyond_cut.iter().for_each(|&k| how[k] = 1);
        t.misplaced.iter().for_each(|&k| how[k] = 2);
        let mut wanted = Vec::new();
        for block in &t.blocks {
            wanted.extend([block.range.start, block.range.end]);
            for p in &block.pieces {
                wanted.extend([p.range.start, p.range.end]);
            }
        }
        for f in &doc.facts {
            if let Some(at) = evidence_at(t.text, &f.evidence) {
                wanted.extend([at, at + f.evidence.len()]);
            }
        }
        let u = Utf16::new(t.text, wanted);
        utf16 = Some(u);
        let u = utf16.as_ref().expect("just set");
        for block in &t.blocks {
            let kind = match block.kind {
                BlockKind::FrontMatter => 0,
                BlockKind::Code => 1,
                BlockKind::Prose => 2,
            };
            b.push((kind, u.get(block.range.start), u.get(block.range.end)));
            for p in &block.pieces {
                let (s, e) = (u.get(p.range.start), u.get(p.range.end));
                let code = match p.kind {
                    PieceKind::Mark(k) => {
                        if let Some(x) = spans.get_mut(k) {
                            *x = (s, e);
                        }
                        continue;
                    }
                    PieceKind::Skipped(_) if block.kind == BlockKind::Code => continue,
                    PieceKind::Skipped(super::layout::Skip::Code) => -1,
                    PieceKind::Skipped(super::layout::Skip::Url) => -2,
                    PieceKind::Skipped(super::layout::Skip::Other) => -3,
                    PieceKind::Prose if block.kind == BlockKind::FrontMatter => -4,
                    PieceKind::Prose | PieceKind::Markup => continue,
                };
                sp.push((s, e, code));
            }
        }
    }
    let m = (doc.mentions.iter().enumerate())
        .map(|(k, mn)| {
            let (s, e) = spans[k];
            let placed = how[k] == 0;
            (
                mn.entity,
                mn.line,
                mn.column,
                mn.field.as_str(),
                u8::from(mn.variant),
                how[k],
                s,
                e,
                (!placed).then_some(mn.surface.as_str()),
            )
        })
        .collect();
    let data = DocData {
        i: doc.doc_id,
        p: &doc.path,
        t: doc.title.as_deref(),
        l: shown.lang,
        s: doc.status.as_str(),
        msg: doc.status.message(),
        g: doc.translation_group.as_deref(),
        lay: shown
            .layout
            .as_ref()
            .map(|l| (l.code.as_str(), u8::from(l.rtl))),
        det: doc.detected_lang.as_deref(),
        conf: doc
            .detected_lang
            .as_ref()
            .and(doc.confidence)
            .map(|c| format!("{c:.2}")),
        dec: doc.declared_lang.as_deref(),
        enc: &doc.encoding,
        by: doc.bytes,
        ch: doc.chars,
        nl: doc.links.len(),
        m,
        xn,
        xw,
        x: text.map(|t| t.text),
        cut: text
            .filter(|t| t.is_cut())
            .map(|t| (t.text.len(), t.full_len, t.beyond_cut.len())),
        mis: text.map_or(0, |t| t.misplaced.len()),
        b,
        sp,
        f: (doc.facts.iter())
            .map(|f| {
                let end = |id: &'a str, name: &'a str| match entities.index_of(id) {
                    Some(i) => FactEnd::Known(i),
                    None => FactEnd::Named(id, name),
                };
                let object = match &f.object_id {
                    Some(id) => end(id, &f.object),
                    None => FactEnd::Value(&f.object),
                };
                let evidence = match (text, &utf16) {
                    (Some(t), Some(u)) => evidence_at(t.text, &f.evidence)
                        .map(|at| Evidence::At(u.get(at), u.get(at + f.evidence.len()))),
                    _ => None,
                };
                (
                    end(&f.subject_id, &f.subject),
                    f.predicate.as_str(),
                    object,
                    evidence.unwrap_or(Evidence::Text(&f.evidence)),
                    f.line,
                    f.source.as_str(),
                    f.agrees.as_str(),
                )
            })
            .collect(),
        k: (shown.links.iter())
            .map(|l| {
                let safe = u8::from(safe_href(&l.url).is_some());
                (
                    l.url.as_str(),
                    l.text.as_str(),
                    l.kind.as_str(),
                    l.line,
                    safe,
                )
            })
            .collect(),
    };
    serde_json::to_string(&data).unwrap_or_default()
}

/// JSON made safe inside a `<script type="application/json">` element: every
/// `<` is written `\u003c`, so that nothing in it can end the element or start
/// a comment-like state (`</script`, `<!--`), and no article markup appears in
/// the page as it is. `<` only occurs inside JSON strings, where `\u003c` means
/// the same character.
pub fn script_safe_json(json: &str) -> String {
    json.replace('<', "\\u003c")
}

/// The whole page, as `templates/report/page.html` lays it out.
#[derive(Template)]
#[template(path = "report/page.html", config = "templates/report/askama.toml")]
struct PageHtml<'a> {
    page: &'a Page,
    css: &'static str,
    js: &'static str,
    script_hash: String,
    version: &'static str,
    types: Vec<(&'a str, usize)>,
    languages: Vec<(&'a str, usize)>,
    chart_heading: usize,
    chart: Vec<TopEntity<'a>>,
    bar_width: usize,
    failures: Vec<Failure<'a>>,
    ranked: Vec<usize>,
    static_entities: usize,
    page_size: usize,
    /// The first page of documents, already HTML.
    first_page: String,
    data: String,
}

impl PageHtml<'_> {
    /// The width of an entity's chart bar (the first bar is the longest).
    fn bar(&self, row: &TopEntity<'_>) -> usize {
        let max = self.chart.first().map_or(1, |t| t.entity.mentions.max(1));
        (row.entity.mentions * BAR_WIDTH).div_ceil(max).max(1)
    }

    /// The entity numbered `i`.
    fn entity(&self, i: &usize) -> Option<&EntityInfo> {
        self.page.entities.get(*i)
    }

    /// The entities listed in the HTML itself, most mentioned first.
    fn static_ranked(&self) -> &[usize] {
        &self.ranked[..self.ranked.len().min(self.static_entities)]
    }

    /// Statuses with their documents, for the status filter.
    fn statuses(&self) -> Vec<(&'static str, usize)> {
        let p = self.page;
        [
            ("ok", p.ok - p.warnings),
            ("warning", p.warnings),
            ("error", p.failed),
        ]
        .into_iter()
        .filter(|&(_, n)| n > 0)
        .collect()
    }
}

impl Page {
    /// The whole HTML page.
    pub fn render(&self) -> Result<String, fmt::Error> {
        let groups = self.groups();
        let mut first_page = String::new();
        for (at, d) in self.docs.iter().enumerate() {
            let (Some(head), Some(body)) = (&d.head, &d.body) else {
                break;
            };
            first_page.push_str(head);
            if let Some(v) = self.versions(at, &groups) {
                let html = VersionsHtml {
                    v: &v,
                    entities: &self.entities,
                }
                .render()
                .map_err(|_| fmt::Error)?;
                first_page.push_str(&html);
            }
            first_page.push_str(body);
        }
        let entities: Vec<(&str, &str, &str, usize, usize)> = (self.entities.all().iter())
            .map(|e| {
                (
                    e.id.as_str(),
                    e.name.as_str(),
                    e.kind.as_str(),
                    e.mentions,
                    e.documents,
                )
            })
            .collect();
        let json_len: usize = self.docs.iter().map(|d| d.json.len() + 1).sum();
        let mut json = String::with_capacity(json_len + 64 * entities.len() + 64);
        json.push_str("{\"entities\":");
        json.push_str(&serde_json::to_string(&entities).map_err(|_| fmt::Error)?);
        json.push_str(",\"page_size\":");
        json.push_str(&PAGE_SIZE.to_string());
        json.push_str(",\"docs\":[");
        for (n, d) in self.docs.iter().enumerate() {
            if n > 0 {
                json.push(',');
            }
            json.push_str(&d.json);
        }
        json.push_str("]}");
        let (chart_heading, chart) = self.chart();
        let html = PageHtml {
            page: self,
            css: CSS,
            js: JS,
            script_hash: sha256::base64(&sha256::digest(JS.as_bytes())),
            version: env!("CARGO_PKG_VERSION"),
            types: self.mentions_by_type(),
            languages: self.documents_by_language(),
            chart_heading,
            chart,
            bar_width: BAR_WIDTH,
            failures: self.failures(),
            ranked: self.entities.ranked(),
            static_entities: STATIC_ENTITIES,
            page_size: PAGE_SIZE,
            first_page,
            data: script_safe_json(&json),
        };
        let mut out = String::with_capacity(64 * 1024 + html.data.len() + html.first_page.len());
        html.render_into(&mut out).map_err(|_| fmt::Error)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            escape(r#""><img src=x onerror='alert(1)'>"#),
            "&quot;&gt;&lt;img src=x onerror=&#39;alert(1)&#39;&gt;"
        );
        assert_eq!(escape("a & b &amp;"), "a &amp; b &amp;amp;");
        assert_eq!(escape(""), "");
        assert!(matches!(escape("بكين 北京 plain"), Cow::Borrowed(_)));
        assert_eq!(escape("بكين<北京>"), "بكين&lt;北京&gt;");
        let mut out = String::from("x");
        escape_into(&mut out, "<&>");
        assert_eq!(out, "x&lt;&amp;&gt;");
    }

    #[test]
    fn template_escaper_writes_the_same_references() {
        use askama::filters::Escaper;
        let s = r#"<a href="x">'&'</a> بكين"#;
        let mut out = String::new();
        PageEscaper.write_escaped_str(&mut out, s).expect("write");
        assert_eq!(out, escape(s));
        out.clear();
        PageEscaper
            .write_escaped_char(&mut out, '"')
            .expect("write");
        assert_eq!(out, "&quot;");
    }

    #[test]
    fn only_web_urls_are_links() {
        assert_eq!(
            safe_href("https://example.com/a?b=1&c=2"),
            Some("https://example.com/a?b=1&c=2")
        );
        assert_eq!(safe_href("HTTP://EXAMPLE.COM"), Some("HTTP://EXAMPLE.COM"));
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "/relative/path",
            "//example.com",
            "https://exa mple.com",
            "https://example.com/\n",
            "http://",
            "",
            "ht",
            "hébergé",
        ] {
            assert_eq!(safe_href(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_data_block_cannot_be_closed_from_inside() {
        let json = serde_json::to_string(&["</script><script>alert(1)</script>", "<!--<script>"])
            .expect("json");
        let safe = script_safe_json(&json);
        assert!(!safe.to_ascii_lowercase().contains("</script"));
        assert!(!safe.contains('<'));
        let back: Vec<String> = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back, ["</script><script>alert(1)</script>", "<!--<script>"]);
    }
}
