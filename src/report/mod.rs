//! The review page: `gazette report` writes one self-contained HTML file for a
//! person to check what was extracted, from articles (extracted now) or from the
//! output folder of an earlier `gazette extract` run (its tables, read back).
//!
//! The page opens with a summary (documents ok and failed, mentions per entity
//! type, documents per language, the most mentioned entities with bars drawn in
//! inline SVG), then every entity mentioned (each leads to its occurrences), then
//! the documents, a page at a time: each with its text as it was decoded, laid
//! out in blocks (front matter, code, prose), every mention highlighted
//! (coloured by type; hovering shows the canonical name and id), code, URLs and
//! other text that was not searched greyed and labelled, its facts with their
//! evidence, its links and its other language versions. Only prose blocks of
//! right-to-left documents (Arabic, Persian, Urdu, Hebrew, ...) are laid out
//! right to left. Filters (entity type, entity, language, status, path or
//! title) and paging are done by the page's one inline script, allowed by its
//! hash; without it the page shows the summary, the entities and the first page
//! of documents.
//!
//! The page loads nothing: CSS, SVG, script and data are inline, and a
//! Content-Security-Policy forbids network loads and every other script.
//! Everything that comes from articles or gazetteer files (text, titles, paths,
//! URLs, error messages, names) is HTML-escaped, and only `http`/`https` URLs
//! become links.
//!
//! This file holds the `report` entry (articles or an output folder, then write
//! the page), its configuration and limits; [`model`] builds the page model,
//! `layout` splits a text into blocks and pieces, `folder` reads an output
//! folder, `render` turns the model into HTML with the templates in
//! `templates/report/`. It does not change what is extracted and writes no
//! tables.

mod folder;
mod layout;
pub mod model;
mod render;
mod sha256;

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::discover::{self, Options as Selection};
use crate::document::{Document, Extractor};
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::markdown::MarkdownOptions;
use crate::output::AtomicFile;
use crate::pipeline::{self, Summary};

pub use model::{is_rtl, Page};
pub use render::{escape, escape_into, safe_href};

/// How many bytes of each document's text are shown, by default (200 KiB).
pub const DEFAULT_MAX_TEXT_BYTES: usize = 200 * 1024;
/// Failed documents listed in the summary, at most.
const MAX_ERRORS: usize = 1000;
/// Links listed per document, at most.
const MAX_LINKS: usize = 500;
/// Entities in the summary chart.
const TOP_ENTITIES: usize = 15;
/// Documents per page (the first page is in the HTML itself).
const PAGE_SIZE: usize = 50;
/// Entities listed in the HTML itself (the script lists them all).
const STATIC_ENTITIES: usize = 200;
/// Documents whose text cannot be shown that are named on stderr, at most.
const MAX_TEXT_WARNINGS: usize = 10;

/// Caps that keep the page usable for large runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Documents on the page (the first ones in input order); the summary
    /// always counts every document. Default: all.
    pub max_docs: usize,
    /// Bytes of text shown per document (cut at a character boundary).
    pub max_text_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_docs: usize::MAX,
            max_text_bytes: DEFAULT_MAX_TEXT_BYTES,
        }
    }
}

/// Everything `gazette report` needs, validated.
#[derive(Debug, Clone)]
pub struct ReportConfig {
    /// Files and folders to read; or one output folder of `gazette extract`
    /// (a folder with a `gazette.run` manifest), whose tables are read instead.
    pub inputs: Vec<PathBuf>,
    /// The HTML file to write (its folder is created when missing); `-` writes
    /// to standard output.
    pub out: PathBuf,
    /// Extra gazetteer files.
    pub gazetteers: Vec<PathBuf>,
    /// Leave out the embedded default gazetteer.
    pub no_default_gazetteer: bool,
    /// Add the built-in world cities (GeoNames cities15000).
    pub world_cities: bool,
    /// Worker threads (0: RAYON_NUM_THREADS when set, else all cores).
    pub jobs: usize,
    /// Files larger than this many bytes are error rows, never read.
    pub max_file_size: u64,
    /// Which files of the folders are read (links, hidden files, ignore files, globs).
    pub select: Selection,
    /// What the page shows of large runs.
    pub limits: Limits,
    /// For an output folder: the folder its documents' relative paths start
    /// from (where `extract` ran); the current folder when `None`.
    pub root: Option<PathBuf>,
}

impl ReportConfig {
    /// The built-in gazetteer the config's flags choose.
    fn builtin(&self) -> crate::Builtin {
        crate::Builtin::from_flags(self.no_default_gazetteer, self.world_cities)
    }
}

/// Whether `path` is the output folder of a gazette run (it has a manifest).
pub fn is_output_folder(path: &Path) -> bool {
    path.is_dir() && path.join(crate::output::manifest::FILE_NAME).is_file()
}

/// Runs `gazette report`: reads the output folder given, or discovers the
/// inputs and extracts every document, and writes the review page. The
/// returned summary counts every document, with the most mentioned entities in
/// `top_entities`; documents whose text cannot be shown are in `failures` as
/// warnings (the first few, and a count).
pub fn report(config: &ReportConfig) -> Result<Summary> {
    let folders: Vec<&PathBuf> = (config.inputs.iter())
        .filter(|p| is_output_folder(p))
        .collect();
    if let Some(folder) = folders.first() {
        if config.inputs.len() > 1 {
            return Err(Error::usage(format!(
                "{} is the output folder of a gazette run: give it alone (one folder; merge shards first with `gazette merge`), or give articles",
                folder.display()
            )));
        }
    } else if config.root.is_some() {
        return Err(Error::usage(
            "--root is for an output folder (a folder with gazette.run); articles are read where they are",
        ));
    }
    let to_stdout = config.out.as_os_str() == "-";
    // Created before the run, so that an unwritable destination fails at once.
    let file = if to_stdout {
        None
    } else {
        Some(create_out(&config.out)?)
    };
    let (page, mut summary) = match folders.first() {
        Some(dir) => from_folder(dir, config)?,
        None => from_articles(config)?,
    };
    summary.top_entities = page.top_entities(TOP_ENTITIES);
    let dest = file
        .as_ref()
        .map_or(Path::new("<stdout>"), |f| f.path())
        .to_path_buf();
    let html = page
        .render()
        .map_err(|e| Error::output(&dest, std::io::Error::other(e)))?;
    match file {
        Some(mut f) => {
            f.write_all(html.as_bytes())
                .map_err(|e| Error::output(&dest, e))?;
            f.commit()?;
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(html.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| Error::output(&dest, e))?;
        }
    }
    Ok(summary)
}

/// The inputs as the page header names them.
fn input_names(inputs: &[PathBuf]) -> Vec<String> {
    (inputs.iter())
        .map(|p| p.to_string_lossy().into_owned())
        .collect()
}

/// Lowercased names with a dot that are names, not domains (`z.ai`): what the
/// markdown stage keeps as prose, as the extractor builds it.
fn dotted_names(g: &Gazetteer) -> HashSet<String> {
    (g.entities().iter())
        .flat_map(|e| e.aliases.iter())
        .filter(|a| a.text.contains('.'))
        .map(|a| a.text.to_ascii_lowercase())
        .collect()
}

/// Extracts the articles now and builds the page from the documents.
fn from_articles(config: &ReportConfig) -> Result<(Page, Summary)> {
    let matcher = crate::load_matcher(&config.gazetteers, config.builtin())?;
    let sources = discover::discover_with(&config.inputs, &config.select)?;
    let roots = input_names(&config.inputs);
    let root_refs: Vec<&str> = roots.iter().map(String::as_str).collect();
    let groups =
        crate::output::groups::Groups::new(&root_refs, sources.iter().map(|s| s.display.as_str()));
    let extractor = Extractor::new(Arc::new(matcher));
    let gazetteer = extractor.matcher().gazetteer();
    let markdown = MarkdownOptions {
        dotted_names: dotted_names(gazetteer),
    };
    let mut page = Page::new(config.limits, markdown);
    page.set_inputs(&roots);
    let options = pipeline::RunOptions {
        jobs: config.jobs,
        max_file_size: config.max_file_size,
        keep_text: true,
    };
    let summary = pipeline::run(&sources, &extractor, options, |doc| {
        doc.translation_group = groups.group(&doc.path, &doc.front_matter);
        page.add_document(doc, gazetteer);
        Ok(())
    })?;
    Ok((page, summary))
}

/// Reads an output folder's tables and builds the page from them, with each
/// document's text read again from its file when it is still the one the run
/// read.
fn from_folder(dir: &Path, config: &ReportConfig) -> Result<(Page, Summary)> {
    let started = std::time::Instant::now();
    // The gazetteer only tells which dotted names are prose, for the layout.
    let g = crate::load_gazetteer(&config.gazetteers, config.builtin(), false)?;
    let markdown = MarkdownOptions {
        dotted_names: dotted_names(&g),
    };
    let mut page = Page::new(config.limits, markdown);
    page.set_inputs(&input_names(&config.inputs));
    let mut summary = Summary::default();
    let mut missing = 0usize;
    let root = config.root.as_deref();
    let read = folder::read(dir, |row| {
        let text = folder::recover_text(&row, root);
        let doc = row.into_review(&mut page.entities, text);
        summary.documents += 1;
        summary.mentions += doc.mentions.len();
        summary.links += doc.links.len();
        summary.bytes += doc.bytes;
        match &doc.status {
            crate::document::Status::Ok => summary.ok += 1,
            crate::document::Status::Warning(_) => {
                summary.ok += 1;
                summary.warnings += 1;
            }
            crate::document::Status::Error(m) => {
                summary.failed += 1;
                summary.failures.push((doc.path.clone(), m.clone()));
            }
        }
        if let model::DocText::Missing(why) = &doc.text {
            missing += 1;
            if missing <= MAX_TEXT_WARNINGS {
                summary
                    .failures
                    .push((doc.path.clone(), format!("warning: text not shown: {why}")));
            }
        }
        page.add(&doc);
        Ok(())
    })?;
    if missing > MAX_TEXT_WARNINGS {
        summary.failures.push((
            dir.display().to_string(),
            format!(
                "warning: the text of {} more documents is not shown either",
                missing - MAX_TEXT_WARNINGS
            ),
        ));
    }
    if !read.groups {
        page.group_by_paths();
    }
    page.set_source_note(read.note);
    summary.elapsed = started.elapsed();
    Ok((page, summary))
}

/// Renders the page for documents already extracted (in input order). The text
/// shown is each document's kept text ([`Document::text`]); a document without
/// it is listed with a note instead.
pub fn render(
    docs: &[Document],
    gazetteer: &Gazetteer,
    limits: Limits,
) -> std::result::Result<String, std::fmt::Error> {
    let markdown = MarkdownOptions {
        dotted_names: dotted_names(gazetteer),
    };
    let mut page = Page::new(limits, markdown);
    for doc in docs {
        page.add_document(doc, gazetteer);
    }
    page.render()
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
        let docs: Vec<Document> = (files.iter().enumerate())
            .map(|(i, (path, bytes))| ex.extract_bytes_keeping_text(i + 1, path.to_string(), bytes))
            .collect();
        render(&docs, ex.matcher().gazetteer(), limits).expect("page")
    }

    /// The page without its own two scripts (the data block and the code).
    fn without_own_scripts(html: &str) -> String {
        assert_eq!(
            html.matches("<script").count(),
            2,
            "two scripts, both the page's own"
        );
        let data = html
            .find("<script type=\"application/json\" id=\"gz-data\">")
            .expect("data");
        let end = html[data..].find("</script>").expect("data end") + data;
        let code = format!("<script>{}</script>", render::JS);
        let code_at = html.find(&code).expect("the page's script, as hashed");
        assert!(code_at > end);
        let mut out = html[..data].to_string();
        out.push_str(&html[end + "</script>".len()..code_at]);
        out.push_str(&html[code_at + code.len()..]);
        out
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
        assert!(
            html.contains(
                "title: <mark class=\"m-city\" id=\"m-1-0\" data-e=\"0\" title=\"Beijing (city:beijing)\">Beijing</mark><span class=\"title\"> notes</span>"
            ),
            "{html}"
        );
        assert!(html.contains("title=\"Tencent (company:tencent)\">Tencent</mark>"));
        assert!(html.contains("title=\"Shenzhen (city:shenzhen)\">Shenzhen</mark>"));
        assert!(html.contains(
            "<mark class=\"m-company\" id=\"m-1-3\" data-e=\"3\" title=\"Zhipu AI (company:zhipu-ai)\">Zhipu AI</mark>"
        ));
        // Title and body: two Beijing marks, one entity.
        assert_eq!(html.matches("data-e=\"0\" title=\"Beijing").count(), 2);
        assert!(!without_own_scripts(&html).contains("could not be placed"));
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
        assert!(!without_own_scripts(&html).contains("could not be placed"));
        assert!(!html.contains('\u{FEFF}'));
    }

    #[test]
    fn article_markup_is_text() {
        let src = "---\ntitle: \"<script>alert(1)</script>\"\n---\n\
                   Beijing \"><img src=x onerror=alert(2)> <script>alert(3)</script>\n\n\
                   [click](javascript:alert(4)) and [ok](https://example.com/?a=1&b=2)\n";
        let html = page_of(&[("<b>evil\".md", src.as_bytes())], Limits::default());
        // The article's markup is nowhere as markup, also not in the data block.
        assert!(!html.contains("<script>alert"), "{html}");
        let html = without_own_scripts(&html);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(
            html.contains("&lt;img src=x onerror=alert(2)&gt;"),
            "{html}"
        );
        assert!(!html.contains("href=\"javascript"));
        assert!(html.contains("<code class=\"url\">javascript:alert(4)</code>"));
        assert!(html.contains("href=\"https://example.com/?a=1&amp;b=2\""));
        assert!(html.contains("&lt;b&gt;evil&quot;.md"));
    }

    #[test]
    fn the_script_is_allowed_by_its_hash_and_nothing_else() {
        let html = page_of(&[("a.md", b"Beijing")], Limits::default());
        let hash = sha256::base64(&sha256::digest(render::JS.as_bytes()));
        assert!(html.contains(&format!(
            "content=\"default-src 'none'; script-src 'sha256-{hash}'; style-src 'unsafe-inline'; img-src data:;"
        )));
        assert!(!html.contains("unsafe-eval"));
        without_own_scripts(&html);
    }

    #[test]
    fn only_prose_blocks_of_arabic_are_right_to_left() {
        let html = page_of(
            &[(
                "ar.md",
                "---\nlang: ar\n---\nفي بكين، تعمل Zhipu AI على نماذج `Qwen` https://example.com/x اللغة العربية.\n\n```\nBeijing code\n```\n"
                    .as_bytes(),
            )],
            Limits::default(),
        );
        assert!(html.contains("<div class=\"text\" lang=\"ar\">"), "{html}");
        assert!(
            html.contains("<div class=\"b fm\" dir=\"ltr\">---\nlang: ar\n---\n</div>"),
            "{html}"
        );
        assert!(
            html.contains("<div class=\"b p\" dir=\"rtl\" lang=\"ar\">في "),
            "{html}"
        );
        assert!(
            html.contains("<div class=\"b code\" dir=\"ltr\">```\nBeijing code\n```\n</div>"),
            "{html}"
        );
        assert!(html.contains(
            "<span class=\"skip code\" dir=\"ltr\" title=\"code: not searched\">`Qwen`</span>"
        ));
        assert!(html.contains(
            "<span class=\"skip url\" dir=\"ltr\" title=\"URL: not searched\">https://example.com/x</span>"
        ));
        // One prose block; the evidence of its fact is prose too.
        assert_eq!(
            html.matches("<div class=\"b p\" dir=\"rtl\"").count(),
            1,
            "{html}"
        );
        let html = without_own_scripts(&html);
        assert_eq!(html.matches("dir=\"rtl\"").count(), 2, "{html}");
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
        // Malformed front matter is a warning: the document is read, its
        // problem shown on its page, and it is not a failed document.
        assert!(html.contains("Failed documents (1)"));
        assert!(
            html.contains("warning: line 3: malformed YAML front matter"),
            "{html}"
        );
        assert!(html.contains("The first 3 of 4 documents are on this page"));
        assert!(html.contains("Text cut: the first 100 of"), "{html}");
        assert!(
            html.contains("1 of 2 mentions are beyond the cut"),
            "{html}"
        );
        // The mention past the cut is listed, with its anchor.
        assert!(html.contains("<tr id=\"m-3-1\">"), "{html}");
        // The hidden document still counts in the summary.
        assert!(html.contains("city:shenzhen"));
        assert!(!html.contains("id=\"doc-4\""));
    }

    #[test]
    fn changed_text_leaves_mentions_unmarked_and_listed() {
        let ex = extractor();
        let mut doc = ex.extract_text(1, "a.md".into(), "Beijing and Shanghai", 0);
        doc.text = Some("Bei".into());
        doc.text_offset = 0;
        let html = render(&[doc], ex.matcher().gazetteer(), Limits::default()).expect("page");
        assert!(html.contains("2 mentions could not be placed"), "{html}");
        assert!(!html.contains("<mark class=\"m-city\" id="));
        assert!(html.contains("<tr id=\"m-1-0\">"), "{html}");
        assert!(html.contains("not at its offsets in the text"));
    }

    #[test]
    fn text_not_kept_is_stated_and_mentions_listed() {
        let ex = extractor();
        let doc = ex.extract_bytes(1, "a.md".into(), b"Beijing and Shanghai");
        let html = render(&[doc], ex.matcher().gazetteer(), Limits::default()).expect("page");
        assert!(
            html.contains("The text cannot be shown: the run did not keep it."),
            "{html}"
        );
        assert!(!without_own_scripts(&html).contains("<div class=\"text\""));
        assert!(html.contains("<caption>Mentions (2)</caption>"), "{html}");
        assert!(html.contains("<tr id=\"m-1-1\">"));
    }

    #[test]
    fn cut_is_on_a_character_boundary() {
        let html = page_of(
            &[("ar.md", "ابب\n".as_bytes())],
            Limits {
                max_docs: 1,
                max_text_bytes: 3,
            },
        );
        assert!(html.contains(">ا</div></div>"), "{html}");
        assert!(html.contains("Text cut: the first 2 of 7 bytes"), "{html}");
    }

    #[test]
    fn declared_language_counts_and_lays_out() {
        // The one rule (text::document_language): the front matter's language
        // first, then the detected one.
        let html = page_of(
            &[(
                "en.md",
                "---\nlang: en\n---\nفي بكين، تعمل Zhipu AI على نماذج اللغة العربية.\n".as_bytes(),
            )],
            Limits::default(),
        );
        assert!(html.contains("<div class=\"b p\" lang=\"en\">"), "{html}");
        assert!(html.contains("<tr><th scope=\"row\">en</th><td>1</td></tr>"));
        assert!(html.contains("(detected, confidence"), "{html}");
        assert!(html.contains("; declared en</dd>"), "{html}");
    }

    #[test]
    fn facts_and_translations_are_shown() {
        let ex = extractor();
        let g = ex.matcher().gazetteer();
        let mut docs: Vec<Document> = [
            (
                "en.md",
                "---\nlang: en\n---\nTencent is headquartered in Shenzhen. Baidu too.\n",
            ),
            ("ar.md", "---\nlang: ar\n---\nتينسنت في شنتشن.\n"),
        ]
        .iter()
        .enumerate()
        .map(|(i, (p, t))| ex.extract_bytes_keeping_text(i + 1, p.to_string(), t.as_bytes()))
        .collect();
        for d in &mut docs {
            d.translation_group = Some("hubs".into());
        }
        assert!(!docs[0].facts.is_empty(), "{:?}", docs[0].facts);
        let html = render(&docs, g, Limits::default()).expect("page");
        assert!(html.contains("<summary>Facts ("), "{html}");
        assert!(html.contains("<code>located_in</code>"), "{html}");
        assert!(
            html.contains("<bdi lang=\"en\">Tencent is headquartered in Shenzhen.</bdi>"),
            "{html}"
        );
        // Each version names the other; the Arabic one misses Baidu.
        assert!(html.contains("Translation group <code>hubs</code>; other versions: <a href=\"#doc-2\"><b>ar</b> #2"), "{html}");
        assert!(html.contains("<a href=\"#doc-1\"><b>en</b> #1"), "{html}");
        let ar = &html[html.find("id=\"doc-2\"").expect("doc 2")..];
        let missing = &ar[ar.find("Mentioned in another version").expect("missing")..];
        assert!(
            missing[..missing.find("</p>").unwrap()].contains("Baidu"),
            "{missing}"
        );
    }
}
