//! The review page: `gazette report` writes one self-contained HTML file for a
//! person to check what was extracted.
//!
//! The page opens with a summary (documents ok and failed, mentions per entity
//! type, documents per language, the most mentioned entities with bars drawn in
//! inline SVG), then shows each document's text as it was decoded with every
//! mention highlighted (coloured by type; hovering shows the canonical name and
//! id), its links, and the error of a failed document. Right-to-left languages
//! (Arabic, Persian, Urdu, Hebrew, ...) are laid out right to left.
//!
//! The page loads nothing: CSS and SVG are inline, there is no script, and a
//! Content-Security-Policy forbids scripts and network loads. Everything that
//! comes from articles or gazetteer files (text, titles, paths, URLs, error
//! messages, names) is HTML-escaped, and only `http`/`https` URLs become links.
//! Large runs are capped ([`Limits`]): the page says what was left out.
//!
//! It does not change what is extracted and writes no tables; the text is read a
//! second time from the files, after extraction, and only for the documents shown.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::decode::decode;
use crate::discover;
use crate::document::{Document, Extractor, Status};
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::output::AtomicFile;
use crate::pipeline::{self, Summary};

/// How many documents have their text on the page, by default.
pub const DEFAULT_MAX_DOCS: usize = 200;
/// How many bytes of each document's text are shown, by default (200 KiB).
pub const DEFAULT_MAX_TEXT_BYTES: usize = 200 * 1024;
/// Failed documents listed in the summary, at most.
const MAX_ERRORS: usize = 1000;
/// Links listed per document, at most.
const MAX_LINKS: usize = 500;
/// Entities in the summary chart.
const TOP_ENTITIES: usize = 15;
/// Width in pixels of the longest bar of the chart.
const BAR_WIDTH: usize = 240;
/// Languages written right to left (ISO 639-1, and `ckb` for Sorani).
const RTL_LANGUAGES: &[&str] = &["ar", "fa", "ur", "he", "yi", "ps", "sd", "ug", "dv", "ckb"];
/// Entity types with their own colour, in the order they are listed.
const KNOWN_TYPES: &[&str] = &["city", "company", "model", "product"];

/// Caps that keep the page usable for large runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Documents whose text is shown (the first ones in input order); the
    /// summary always counts every document.
    pub max_docs: usize,
    /// Bytes of text shown per document (cut at a character boundary).
    pub max_text_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_docs: DEFAULT_MAX_DOCS,
            max_text_bytes: DEFAULT_MAX_TEXT_BYTES,
        }
    }
}

/// Everything `gazette report` needs, validated.
#[derive(Debug, Clone)]
pub struct ReportConfig {
    /// Files and folders to read.
    pub inputs: Vec<PathBuf>,
    /// The HTML file to write (its folder is created when missing); `-` writes
    /// to standard output.
    pub out: PathBuf,
    /// Extra gazetteer files.
    pub gazetteers: Vec<PathBuf>,
    /// Leave out the embedded default gazetteer.
    pub no_default_gazetteer: bool,
    /// Worker threads (0: RAYON_NUM_THREADS when set, else all cores).
    pub jobs: usize,
    /// Files larger than this many bytes are error rows, never read.
    pub max_file_size: u64,
    /// Walk into symbolic links to folders.
    pub follow_symlinks: bool,
    /// What the page shows of large runs.
    pub limits: Limits,
}

/// Runs `gazette report`: discovers the inputs, extracts every document and
/// writes the review page. The returned summary counts every document, with the
/// most mentioned entities in `top_entities`.
pub fn report(config: &ReportConfig) -> Result<Summary> {
    let matcher = crate::load_matcher(&config.gazetteers, config.no_default_gazetteer)?;
    let to_stdout = config.out.as_os_str() == "-";
    // Created before the run, so that an unwritable destination fails at once.
    let file = if to_stdout {
        None
    } else {
        Some(create_out(&config.out)?)
    };
    let sources = discover::discover_with(
        &config.inputs,
        discover::Options {
            follow_symlinks: config.follow_symlinks,
        },
    );
    let extractor = Extractor::new(Arc::new(matcher));
    let gazetteer = extractor.matcher().gazetteer();
    let mut page = Page::new(gazetteer, config.limits);
    page.set_inputs(
        &config
            .inputs
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect::<Vec<_>>(),
    );
    let options = pipeline::RunOptions {
        jobs: config.jobs,
        max_file_size: config.max_file_size,
        keep_text: false,
    };
    let mut summary = pipeline::run(&sources, &extractor, options, |doc| {
        let source = sources.get(doc.doc_id.wrapping_sub(1));
        page.add(doc, || match source {
            Some(s) => SourceText::read(&s.path, config.max_file_size),
            None => Err("the file of this document is unknown".into()),
        });
        Ok(())
    })?;
    summary.top_entities = page.top_entities(TOP_ENTITIES);
    let html = page.render();
    match file {
        Some(mut f) => {
            let path = f.path().to_path_buf();
            f.write_all(html.as_bytes())
                .map_err(|e| Error::output(&path, e))?;
            f.commit()?;
        }
        None => {
            let path = Path::new("<stdout>");
            let mut out = std::io::stdout().lock();
            out.write_all(html.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| Error::output(path, e))?;
        }
    }
    Ok(summary)
}

/// The output file, under a temporary name in its folder (created when missing).
fn create_out(out: &Path) -> Result<AtomicFile> {
    if out.is_dir() {
        return Err(Error::usage(format!(
            "--out {}: is a folder; give a file name such as report.html",
            out.display()
        )));
    }
    let Some(name) = out.file_name().and_then(|n| n.to_str()) else {
        return Err(Error::usage(format!(
            "--out {}: give a file name (UTF-8) such as report.html",
            out.display()
        )));
    };
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::output(dir, e))?;
    AtomicFile::create(dir, name)
}

/// A document's text as the extractor saw it, to place mentions in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    /// The decoded text (without a byte order mark).
    pub text: String,
    /// What to subtract from a mention's offsets to get an offset into `text`:
    /// 3 for a UTF-8 file with a byte order mark, 0 otherwise (also for files
    /// decoded from UTF-16 or a legacy encoding, whose offsets refer to the
    /// decoded text).
    pub base: usize,
}

impl SourceText {
    /// Decodes file bytes the way the extractor does.
    pub fn from_bytes(bytes: &[u8]) -> std::result::Result<Self, String> {
        let d = decode(bytes).map_err(|e| e.to_string())?;
        let base = if d.transcoded { 0 } else { d.offset };
        Ok(SourceText {
            text: d.text.into_owned(),
            base,
        })
    }

    /// Reads and decodes a file of at most `max_bytes` bytes.
    pub fn read(path: &Path, max_bytes: u64) -> std::result::Result<Self, String> {
        let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
        let mut bytes = Vec::new();
        file.take(max_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read: {e}"))?;
        if bytes.len() as u64 > max_bytes {
            return Err(format!("the file grew past {max_bytes} bytes"));
        }
        Self::from_bytes(&bytes)
    }
}

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
        out.push_str(&s[from..i]);
        out.push_str(rep);
        from = i + 1;
    }
    out.push_str(&s[from..]);
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

/// The language a document is counted and laid out in: detected, else declared.
fn doc_lang(doc: &Document) -> Option<&str> {
    doc.language
        .as_ref()
        .and_then(|l| l.code)
        .or(doc.declared_lang.as_deref())
        .filter(|s| !s.trim().is_empty())
}

/// ` dir="rtl" lang="ar"` (or just the `lang`) for text in `lang`.
fn dir_lang(lang: Option<&str>) -> String {
    let Some(code) = lang.and_then(lang_attr) else {
        return String::new();
    };
    let dir = if is_rtl(code) { " dir=\"rtl\"" } else { "" };
    format!("{dir} lang=\"{}\"", escape(code))
}

/// `1 document`, `2 documents`.
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The largest char boundary of `s` at or below `at`.
fn floor_boundary(s: &str, at: usize) -> usize {
    let mut i = at.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A document as it is shown: the document (mentions within the shown text,
/// links up to [`MAX_LINKS`]), its text and what was cut.
#[derive(Debug)]
struct Shown {
    doc: Document,
    /// None when there is no text to show (undecodable file); Err when it could
    /// not be read again.
    text: Option<std::result::Result<SourceText, String>>,
    /// Bytes of the whole decoded text.
    full_len: usize,
    mentions_total: usize,
    links_total: usize,
    /// (entity, mentions) of the whole document, most first.
    entities: Vec<(usize, usize)>,
}

/// The review page, built one document at a time (documents in input order):
/// counts over every document, text for the first [`Limits::max_docs`].
#[derive(Debug)]
pub struct Page<'g> {
    gazetteer: &'g Gazetteer,
    limits: Limits,
    inputs: Vec<String>,
    documents: usize,
    ok: usize,
    failed: usize,
    mentions: usize,
    links: usize,
    by_type: BTreeMap<String, usize>,
    by_language: BTreeMap<String, usize>,
    entity_counts: Vec<usize>,
    errors: Vec<(usize, String, String)>,
    shown: Vec<Shown>,
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

    /// Adds the next document. `text` is called only when the document's text
    /// is shown (within [`Limits::max_docs`] and decodable), to give the text the
    /// mentions' offsets refer to.
    pub fn add(
        &mut self,
        doc: &Document,
        text: impl FnOnce() -> std::result::Result<SourceText, String>,
    ) {
        self.documents += 1;
        match doc.status {
            Status::Ok => self.ok += 1,
            Status::Error => {
                self.failed += 1;
                if self.errors.len() < MAX_ERRORS {
                    let message = doc.error.clone().unwrap_or_default();
                    self.errors.push((doc.doc_id, doc.path.clone(), message));
                }
            }
        }
        self.mentions += doc.mentions.len();
        self.links += doc.links.len();
        let lang = doc_lang(doc).unwrap_or("unknown").to_string();
        *self.by_language.entry(lang).or_default() += 1;
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
        let mut shown = Shown {
            doc: doc.clone(),
            text: None,
            full_len: 0,
            mentions_total: doc.mentions.len(),
            links_total: doc.links.len(),
            entities,
        };
        shown.doc.links.truncate(MAX_LINKS);
        if !doc.encoding.is_empty() {
            let loaded = text().map(|mut t| {
                shown.full_len = t.text.len();
                let cut = floor_boundary(&t.text, self.limits.max_text_bytes);
                t.text.truncate(cut);
                t
            });
            match &loaded {
                // Mentions past the cut are dropped (the note counts them);
                // any other mention that does not fit is reported as misplaced.
                Ok(t) if t.text.len() < shown.full_len => {
                    let end = t.base + t.text.len();
                    shown.doc.mentions.retain(|m| m.end <= end);
                }
                Ok(_) => {}
                Err(_) => shown.doc.mentions.clear(),
            }
            shown.text = Some(loaded);
        } else {
            shown.doc.mentions.clear();
        }
        self.shown.push(shown);
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

    /// The whole HTML page.
    pub fn render(&self) -> String {
        let text_bytes: usize = self
            .shown
            .iter()
            .filter_map(|s| s.text.as_ref()?.as_ref().ok())
            .map(|t| t.text.len())
            .sum();
        let mut out = String::with_capacity(16 * 1024 + text_bytes * 2);
        out.push_str(HEAD);
        out.push_str("<header><h1>gazette report</h1><p class=\"meta\">");
        let _ = write!(out, "{}", plural(self.documents, "document"));
        if !self.inputs.is_empty() {
            out.push_str(" from ");
            for (i, input) in self.inputs.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str("<bdi class=\"path\">");
                escape_into(&mut out, input);
                out.push_str("</bdi>");
            }
        }
        let _ = writeln!(
            out,
            " · gazette {}</p><nav><a href=\"#summary\">Summary</a> · <a href=\"#documents\">Documents</a></nav></header>",
            env!("CARGO_PKG_VERSION")
        );
        self.render_summary(&mut out);
        self.render_documents(&mut out);
        out.push_str("</body>\n</html>\n");
        out
    }

    fn render_summary(&self, out: &mut String) {
        out.push_str("<section id=\"summary\"><h2>Summary</h2>\n<div class=\"grid\">\n");
        // Documents.
        out.push_str("<table class=\"counts\"><caption>Documents</caption><tbody>");
        let _ = write!(
            out,
            "<tr><th scope=\"row\">ok</th><td>{}</td></tr>\
             <tr><th scope=\"row\">error</th><td class=\"{}\">{}</td></tr>\
             <tr class=\"total\"><th scope=\"row\">total</th><td>{}</td></tr>\
             <tr><th scope=\"row\">links</th><td>{}</td></tr>",
            self.ok,
            if self.failed > 0 { "bad" } else { "" },
            self.failed,
            self.documents,
            self.links
        );
        out.push_str("</tbody></table>\n");
        // Mentions by type.
        out.push_str("<table class=\"counts\"><caption>Mentions by type</caption><tbody>");
        let mut types: Vec<(&str, usize)> = KNOWN_TYPES
            .iter()
            .map(|t| (*t, self.by_type.get(*t).copied().unwrap_or(0)))
            .collect();
        for (t, n) in &self.by_type {
            if !KNOWN_TYPES.contains(&t.as_str()) {
                types.push((t, *n));
            }
        }
        for (t, n) in types {
            let t = escape(t);
            let _ = write!(
                out,
                "<tr><th scope=\"row\"><mark class=\"m-{t}\">{t}</mark></th><td>{n}</td></tr>"
            );
        }
        let _ = writeln!(
            out,
            "<tr class=\"total\"><th scope=\"row\">total</th><td>{}</td></tr></tbody></table>",
            self.mentions
        );
        // Documents by language.
        out.push_str("<table class=\"counts\"><caption>Documents by language</caption><tbody>");
        let mut langs: Vec<(&String, &usize)> = self.by_language.iter().collect();
        langs.sort_by_key(|&(l, n)| (std::cmp::Reverse(*n), l));
        for (l, n) in langs {
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{n}</td></tr>",
                escape(l)
            );
        }
        out.push_str("</tbody></table>\n</div>\n");
        // Top entities.
        let top = self.top(TOP_ENTITIES);
        let _ = writeln!(
            out,
            "<h3>Top {} entities</h3>",
            TOP_ENTITIES.min(top.len().max(1))
        );
        if top.is_empty() {
            out.push_str("<p class=\"note\">No mentions.</p>\n");
        } else {
            let max = top.first().map_or(1, |&(_, c)| c.max(1));
            out.push_str(
                "<table class=\"top\"><thead><tr><th>#</th><th>entity</th><th>id</th>\
                 <th>type</th><th>mentions</th><th></th></tr></thead><tbody>\n",
            );
            for (rank, (i, c)) in top.into_iter().enumerate() {
                let Some(e) = self.gazetteer.entities().get(i) else {
                    continue;
                };
                let width = (c * BAR_WIDTH).div_ceil(max).max(1);
                let kind = escape(&e.kind);
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td><bdi>{}</bdi></td><td><code>{}</code></td>\
                     <td><mark class=\"m-{kind}\">{kind}</mark></td><td class=\"num\">{c}</td>\
                     <td><svg class=\"bar\" width=\"{BAR_WIDTH}\" height=\"14\" \
                     viewBox=\"0 0 {BAR_WIDTH} 14\" role=\"img\" aria-label=\"{label}\">\
                     <rect class=\"b-{kind}\" x=\"0\" y=\"1\" width=\"{width}\" height=\"12\" rx=\"2\"/>\
                     </svg></td></tr>",
                    rank + 1,
                    escape(&e.name),
                    escape(&e.id),
                    label = plural(c, "mention"),
                );
            }
            out.push_str("</tbody></table>\n");
        }
        // Failed documents.
        if self.failed > 0 {
            let _ = writeln!(
                out,
                "<h3>Failed documents ({})</h3>\n<ul class=\"errors\">",
                self.failed
            );
            let shown_ids: Vec<usize> = self.shown.iter().map(|s| s.doc.doc_id).collect();
            for (id, path, message) in &self.errors {
                out.push_str("<li>");
                if shown_ids.contains(id) {
                    let _ = write!(out, "<a href=\"#doc-{id}\">#{id}</a> ");
                } else {
                    let _ = write!(out, "#{id} ");
                }
                out.push_str("<bdi class=\"path\">");
                escape_into(out, path);
                out.push_str("</bdi>: <span class=\"error\">");
                escape_into(out, message);
                out.push_str("</span></li>\n");
            }
            out.push_str("</ul>\n");
            if self.failed > self.errors.len() {
                let _ = writeln!(
                    out,
                    "<p class=\"note\">Only the first {} failed documents are listed; {} more are in the run.</p>",
                    self.errors.len(),
                    self.failed - self.errors.len()
                );
            }
        }
        out.push_str("</section>\n");
    }

    fn render_documents(&self, out: &mut String) {
        out.push_str("<section id=\"documents\"><h2>Documents</h2>\n");
        if self.documents > self.shown.len() {
            let _ = writeln!(
                out,
                "<p class=\"note cut\">Text is shown for the first {} of {} documents; \
                 the other {} are counted in the summary only.</p>",
                self.shown.len(),
                self.documents,
                self.documents - self.shown.len()
            );
        }
        if self.shown.is_empty() {
            out.push_str("<p class=\"note\">No documents.</p>\n</section>\n");
            return;
        }
        out.push_str(
            "<table class=\"index\"><thead><tr><th>#</th><th>path</th><th>title</th>\
             <th>language</th><th>status</th><th>mentions</th><th>links</th></tr></thead><tbody>\n",
        );
        for s in &self.shown {
            let d = &s.doc;
            let lang = doc_lang(d);
            let _ = writeln!(
                out,
                "<tr><td><a href=\"#doc-{id}\">{id}</a></td><td><bdi class=\"path\">{path}</bdi></td>\
                 <td><bdi{dl}>{title}</bdi></td><td>{lang}</td><td class=\"{status}\">{status}</td>\
                 <td class=\"num\">{m}</td><td class=\"num\">{l}</td></tr>",
                id = d.doc_id,
                path = escape(&d.path),
                dl = dir_lang(lang),
                title = escape(d.title.as_deref().unwrap_or("")),
                lang = escape(lang.unwrap_or("")),
                status = d.status.as_str(),
                m = s.mentions_total,
                l = s.links_total,
            );
        }
        out.push_str("</tbody></table>\n");
        for s in &self.shown {
            self.render_document(out, s);
        }
        out.push_str("</section>\n");
    }

    fn render_document(&self, out: &mut String, s: &Shown) {
        let d = &s.doc;
        let lang = doc_lang(d);
        let dl = dir_lang(lang);
        let _ = write!(
            out,
            "<article class=\"doc {}\" id=\"doc-{}\">\n<h3><span class=\"id\">#{}</span> \
             <bdi class=\"path\">{}</bdi></h3>\n<dl class=\"docmeta\">",
            d.status.as_str(),
            d.doc_id,
            d.doc_id,
            escape(&d.path)
        );
        if let Some(title) = &d.title {
            let _ = write!(
                out,
                "<dt>title</dt><dd><bdi{dl}>{}</bdi></dd>",
                escape(title)
            );
        }
        out.push_str("<dt>language</dt><dd>");
        match d.language.as_ref().and_then(|l| l.code) {
            Some(code) => {
                let conf = d.language.as_ref().map_or(0.0, |l| l.confidence);
                let _ = write!(out, "{} (detected, confidence {conf:.2})", escape(code));
            }
            None => out.push_str("not detected"),
        }
        if let Some(declared) = &d.declared_lang {
            let _ = write!(out, "; declared {}", escape(declared));
        }
        out.push_str("</dd>");
        if !d.encoding.is_empty() {
            let _ = write!(out, "<dt>encoding</dt><dd>{}</dd>", escape(d.encoding));
        }
        let _ = writeln!(
            out,
            "<dt>size</dt><dd>{} bytes, {} characters</dd><dt>status</dt><dd class=\"{st}\">{st}</dd>\
             <dt>mentions</dt><dd>{}</dd><dt>links</dt><dd>{}</dd></dl>",
            d.bytes,
            d.chars,
            s.mentions_total,
            s.links_total,
            st = d.status.as_str(),
        );
        if let Some(err) = &d.error {
            out.push_str("<p class=\"error\">error: ");
            escape_into(out, err);
            out.push_str("</p>\n");
        }
        if !s.entities.is_empty() {
            out.push_str("<p class=\"chips\">");
            for &(i, n) in &s.entities {
                let Some(e) = self.gazetteer.entities().get(i) else {
                    continue;
                };
                let _ = write!(
                    out,
                    "<mark class=\"m-{}\" title=\"{}\"><bdi>{}</bdi> ×{n}</mark> ",
                    escape(&e.kind),
                    escape(&e.id),
                    escape(&e.name)
                );
            }
            out.push_str("</p>\n");
        }
        match &s.text {
            Some(Ok(t)) => {
                let _ = write!(out, "<div class=\"text\"{dl}>");
                let misplaced = highlight(out, t, &d.mentions, self.gazetteer);
                out.push_str("</div>\n");
                if t.text.len() < s.full_len {
                    let _ = writeln!(
                        out,
                        "<p class=\"note cut\">Text cut: the first {} of {} bytes are shown; \
                         {} of {} mentions are beyond the cut and not highlighted.</p>",
                        t.text.len(),
                        s.full_len,
                        s.mentions_total - d.mentions.len(),
                        s.mentions_total
                    );
                }
                if misplaced > 0 {
                    let _ = writeln!(
                        out,
                        "<p class=\"note cut\">{misplaced} mentions could not be placed in the \
                         text (did the file change after it was read?).</p>"
                    );
                }
            }
            Some(Err(e)) => {
                out.push_str("<p class=\"note cut\">The text cannot be shown: ");
                escape_into(out, e);
                out.push_str("</p>\n");
            }
            None => {}
        }
        if !d.links.is_empty() {
            let _ = writeln!(
                out,
                "<details class=\"links\"><summary>Links ({})</summary><ol>",
                s.links_total
            );
            for l in &d.links {
                out.push_str("<li>");
                match safe_href(&l.url) {
                    Some(href) => {
                        let href = escape(href);
                        let _ = write!(
                            out,
                            "<a href=\"{href}\" rel=\"noopener noreferrer nofollow\"><bdi>{href}</bdi></a>"
                        );
                    }
                    None => {
                        out.push_str("<code class=\"url\">");
                        escape_into(out, &l.url);
                        out.push_str("</code>");
                    }
                }
                if !l.text.is_empty() {
                    let _ = write!(out, " — <bdi{dl}>{}</bdi>", escape(&l.text));
                }
                let _ = writeln!(
                    out,
                    " <span class=\"kind\">{}, line {}</span></li>",
                    l.kind.as_str(),
                    l.line
                );
            }
            out.push_str("</ol>");
            if s.links_total > d.links.len() {
                let _ = write!(
                    out,
                    "<p class=\"note cut\">Only the first {} of {} links are listed.</p>",
                    d.links.len(),
                    s.links_total
                );
            }
            out.push_str("</details>\n");
        }
        out.push_str("</article>\n");
    }
}

/// Writes `t.text` escaped, with each mention wrapped in a `<mark>`. A mention
/// whose offsets do not fall on its surface in the text (the file changed since
/// it was read) or that overlaps the previous one is left out. Returns how many
/// were left out.
fn highlight(
    out: &mut String,
    t: &SourceText,
    mentions: &[crate::document::Mention],
    g: &Gazetteer,
) -> usize {
    let text = t.text.as_str();
    let mut pos = 0;
    let mut misplaced = 0;
    for m in mentions {
        let range = m
            .start
            .checked_sub(t.base)
            .zip(m.end.checked_sub(t.base))
            .filter(|&(s, e)| s >= pos && s < e);
        let surface = range.and_then(|(s, e)| Some((s, e, text.get(s..e)?)));
        let (Some((s, e, surface)), Some(entity)) = (surface, g.entities().get(m.entity)) else {
            misplaced += 1;
            continue;
        };
        if surface != m.surface {
            misplaced += 1;
            continue;
        }
        escape_into(out, &text[pos..s]);
        let kind = escape(&entity.kind);
        let id = escape(&entity.id);
        let name = escape(&entity.name);
        let _ = write!(
            out,
            "<mark class=\"m-{kind}\" data-entity=\"{id}\" title=\"{name} ({id})"
        );
        if m.variant {
            out.push_str(", variant");
        }
        out.push_str("\">");
        escape_into(out, surface);
        out.push_str("</mark>");
        pos = e;
    }
    escape_into(out, &text[pos..]);
    misplaced
}

/// Renders the page for documents already extracted (in input order), reading
/// each document's text again from `paths[i]` (the file of `docs[i]`).
pub fn render(
    docs: &[Document],
    gazetteer: &Gazetteer,
    paths: &[PathBuf],
    limits: Limits,
) -> String {
    let mut page = Page::new(gazetteer, limits);
    for (i, doc) in docs.iter().enumerate() {
        page.add(doc, || match paths.get(i) {
            Some(p) => SourceText::read(p, pipeline::DEFAULT_MAX_FILE_SIZE),
            None => Err("no file given for this document".into()),
        });
    }
    page.render()
}

/// Everything before the body's content: no external resource, no script.
const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<title>gazette report</title>
<style>
:root{--city:#2563c9;--company:#c76a12;--model:#1f8a3b;--product:#8045c4;--other:#6b7280}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans Arabic","Noto Naskh Arabic","Noto Sans CJK SC","Noto Sans Devanagari",sans-serif;margin:0 auto;max-width:1100px;padding:0 1.2em 3em;color:#1f2328;background:#fff}
header{border-bottom:1px solid #d0d7de;margin-bottom:1em}
h1{margin:.6em 0 .1em}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:1.6em}
.meta,.note,.kind{color:#59636e}.note.cut{background:#fff8c5;border:1px solid #e9d98a;padding:.3em .6em;border-radius:4px}
.grid{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start}
table{border-collapse:collapse}caption{text-align:start;font-weight:600;padding-bottom:.2em;white-space:nowrap}
th,td{padding:.15em .6em;border-bottom:1px solid #eaeef2;text-align:start;vertical-align:top}
td.num,.counts td{text-align:end;font-variant-numeric:tabular-nums}
tr.total th,tr.total td{font-weight:600;border-top:2px solid #d0d7de}
.bad,.error,td.error,dd.error{color:#b42318}
.index{width:100%;font-size:.92em}
.path{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em;overflow-wrap:anywhere}
article.doc{border:1px solid #d0d7de;border-radius:6px;padding:.2em 1em 1em;margin:1.5em 0}
article.doc.error{border-color:#f1aeb5}
article.doc h3 .id{color:#59636e;font-weight:400}
.docmeta{display:grid;grid-template-columns:max-content 1fr;gap:0 1em;margin:.3em 0 .6em;font-size:.92em}
.docmeta dt{color:#59636e}.docmeta dd{margin:0}
.text{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f8fa;border:1px solid #eaeef2;border-radius:4px;padding:.8em 1em;line-height:1.9;max-height:70vh;overflow:auto}
.text[dir=rtl]{font-size:1.08em}
mark{background:#e5e7eb;color:inherit;border-radius:3px;padding:0 .1em;box-shadow:inset 0 -2px 0 var(--other)}
mark.m-city{background:#dbe8ff;box-shadow:inset 0 -2px 0 var(--city)}
mark.m-company{background:#ffe6c7;box-shadow:inset 0 -2px 0 var(--company)}
mark.m-model{background:#d5f5dc;box-shadow:inset 0 -2px 0 var(--model)}
mark.m-product{background:#eddcff;box-shadow:inset 0 -2px 0 var(--product)}
.chips mark{display:inline-block;margin:.1em 0;font-size:.9em}
svg.bar rect{fill:var(--other)}
svg.bar rect.b-city{fill:var(--city)}svg.bar rect.b-company{fill:var(--company)}
svg.bar rect.b-model{fill:var(--model)}svg.bar rect.b-product{fill:var(--product)}
.links ol{margin:.3em 0;padding-inline-start:2em;font-size:.92em}.links li{overflow-wrap:anywhere}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
a{color:#0969da}
</style>
</head>
<body>
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Matcher;

    fn extractor() -> Extractor {
        let g = Gazetteer::default_embedded().expect("gazetteer");
        Extractor::new(Arc::new(Matcher::new(g).expect("matcher")))
    }

    fn page_of(files: &[(&str, &[u8])], limits: Limits) -> String {
        let ex = extractor();
        let mut page = Page::new(ex.matcher().gazetteer(), limits);
        for (i, (path, bytes)) in files.iter().enumerate() {
            let doc = ex.extract_bytes(i + 1, path.to_string(), bytes);
            page.add(&doc, || SourceText::from_bytes(bytes));
        }
        page.render()
    }

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
    fn rtl_languages() {
        for l in ["ar", "fa", "ur", "he", "AR", "ar-EG"] {
            assert!(is_rtl(l), "{l}");
        }
        for l in ["en", "zh", "ja", "hi", "fr", "", "arx"] {
            assert!(!is_rtl(l), "{l}");
        }
        assert_eq!(dir_lang(Some("ar")), " dir=\"rtl\" lang=\"ar\"");
        assert_eq!(dir_lang(Some("en")), " lang=\"en\"");
        assert_eq!(dir_lang(Some("x\" onmouseover=\"y")), "");
        assert_eq!(dir_lang(None), "");
    }

    #[test]
    fn marks_every_mention_with_type_and_id() {
        let html = page_of(
            &[(
                "a.md",
                "---\ntitle: Beijing notes\n---\nTencent is in Shenzhen, Zhipu AI in Beijing.\n"
                    .as_bytes(),
            )],
            Limits::default(),
        );
        assert!(html.contains(
            "<mark class=\"m-city\" data-entity=\"city:beijing\" title=\"Beijing (city:beijing)\">Beijing</mark>"
        ), "{html}");
        assert!(html.contains("data-entity=\"company:tencent\""));
        assert!(html.contains("data-entity=\"city:shenzhen\""));
        assert!(html.contains(
            "<mark class=\"m-company\" data-entity=\"company:zhipu-ai\" \
             title=\"Zhipu AI (company:zhipu-ai)\">Zhipu AI</mark>"
        ));
        // Title and body: two Beijing marks.
        assert_eq!(html.matches("data-entity=\"city:beijing\"").count(), 2);
        assert!(!html.contains("could not be placed"));
    }

    #[test]
    fn offsets_after_a_bom_and_in_transcoded_text() {
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("Zhipu AI is in Beijing.\n".as_bytes());
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "في بكين، تعمل Zhipu AI.\n".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        let html = page_of(&[("bom.md", &bom), ("u16.md", &utf16)], Limits::default());
        assert!(
            html.contains("title=\"Beijing (city:beijing)\">Beijing</mark>"),
            "{html}"
        );
        assert!(
            html.contains("title=\"Beijing (city:beijing)\">بكين</mark>"),
            "{html}"
        );
        assert!(!html.contains("could not be placed"), "{html}");
        assert!(!html.contains('\u{FEFF}'));
    }

    #[test]
    fn article_markup_is_text() {
        let src = "---\ntitle: \"<script>alert(1)</script>\"\n---\n\
                   Beijing \"><img src=x onerror=alert(2)> <script>alert(3)</script>\n\n\
                   [click](javascript:alert(4)) and [ok](https://example.com/?a=1&b=2)\n";
        let html = page_of(&[("<b>evil\".md", src.as_bytes())], Limits::default());
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
        assert!(!html.contains("href=\"javascript"));
        assert!(html.contains("<code class=\"url\">javascript:alert(4)</code>"));
        assert!(html.contains("href=\"https://example.com/?a=1&amp;b=2\""));
        assert!(html.contains("&lt;b&gt;evil&quot;.md"));
    }

    #[test]
    fn arabic_is_right_to_left() {
        let html = page_of(
            &[(
                "ar.md",
                "---\nlang: ar\n---\nفي بكين، تعمل Zhipu AI على نماذج اللغة العربية.\n".as_bytes(),
            )],
            Limits::default(),
        );
        assert!(
            html.contains("<div class=\"text\" dir=\"rtl\" lang=\"ar\">"),
            "{html}"
        );
    }

    #[test]
    fn errors_are_shown_and_caps_are_stated() {
        let long = format!("Beijing {}Shanghai\n", "word ".repeat(100));
        let html = page_of(
            &[
                ("bin.md", b"abc\0def"),
                ("bad.md", b"---\ntitle: [unclosed\n---\nBeijing\n"),
                ("long.md", long.as_bytes()),
                ("hidden.md", b"Shenzhen"),
            ],
            Limits {
                max_docs: 3,
                max_text_bytes: 100,
            },
        );
        assert!(
            html.contains("error: binary file (NUL byte at offset 3), not text"),
            "{html}"
        );
        assert!(html.contains("Failed documents (2)"));
        assert!(html.contains("Text is shown for the first 3 of 4 documents"));
        assert!(html.contains("Text cut: the first 100 of"), "{html}");
        assert!(
            html.contains("1 of 2 mentions are beyond the cut"),
            "{html}"
        );
        // The hidden document still counts in the summary.
        assert!(html.contains("city:shenzhen"));
        assert!(!html.contains("id=\"doc-4\""));
    }

    #[test]
    fn changed_text_leaves_mentions_unmarked() {
        let ex = extractor();
        let doc = ex.extract_text(1, "a.md".into(), "Beijing and Shanghai", 0);
        let mut page = Page::new(ex.matcher().gazetteer(), Limits::default());
        page.add(&doc, || {
            Ok(SourceText {
                text: "Bei".into(),
                base: 0,
            })
        });
        let html = page.render();
        assert!(html.contains("2 mentions could not be placed"), "{html}");
        assert!(!html.contains("data-entity"));
    }

    #[test]
    fn cut_is_on_a_character_boundary() {
        let s = "ابب";
        assert_eq!(floor_boundary(s, 3), 2);
        assert_eq!(floor_boundary(s, 100), s.len());
        assert_eq!(floor_boundary(s, 0), 0);
    }
}
