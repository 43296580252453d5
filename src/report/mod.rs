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
//! This file holds the `report` entry (run, then write the page), its
//! configuration and limits; [`model`] builds the page model from documents and
//! `render` turns it into HTML with the templates in `templates/report/`. It
//! does not change what is extracted and writes no tables; the text shown is the
//! one the pipeline decoded (kept with `RunOptions::keep_text`), never read again.

pub mod model;
mod render;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::discover::{self, Options as Selection};
use crate::document::{Document, Extractor};
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::output::AtomicFile;
use crate::pipeline::{self, Summary};

pub use model::{is_rtl, Page};
pub use render::{escape, escape_into, safe_href};

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
    /// Which files of the folders are read (links, hidden files, ignore files, globs).
    pub select: Selection,
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
    let sources = discover::discover_with(&config.inputs, &config.select)?;
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
        keep_text: true,
    };
    let mut summary = pipeline::run(&sources, &extractor, options, |doc| {
        page.add(doc);
        Ok(())
    })?;
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

/// Renders the page for documents already extracted (in input order). The text
/// shown is each document's kept text ([`Document::text`]); a document without
/// it is listed with a note instead.
pub fn render(
    docs: &[Document],
    gazetteer: &Gazetteer,
    limits: Limits,
) -> std::result::Result<String, std::fmt::Error> {
    let mut page = Page::new(gazetteer, limits);
    for doc in docs {
        page.add(doc);
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
        let mut page = Page::new(ex.matcher().gazetteer(), limits);
        for (i, (path, bytes)) in files.iter().enumerate() {
            let doc = ex.extract_bytes_keeping_text(i + 1, path.to_string(), bytes);
            page.add(&doc);
        }
        page.render().expect("page")
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
        // Malformed front matter is a warning: the document is read, its
        // problem shown on its page, and it is not a failed document.
        assert!(html.contains("Failed documents (1)"));
        assert!(html.contains("malformed YAML front matter"), "{html}");
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
        let mut doc = ex.extract_text(1, "a.md".into(), "Beijing and Shanghai", 0);
        doc.text = Some("Bei".into());
        doc.text_offset = 0;
        let mut page = Page::new(ex.matcher().gazetteer(), Limits::default());
        page.add(&doc);
        let html = page.render().expect("page");
        assert!(html.contains("2 mentions could not be placed"), "{html}");
        assert!(!html.contains("data-entity"));
    }

    #[test]
    fn text_not_kept_is_stated() {
        let ex = extractor();
        let doc = ex.extract_bytes(1, "a.md".into(), b"Beijing and Shanghai");
        let html = render(&[doc], ex.matcher().gazetteer(), Limits::default()).expect("page");
        assert!(
            html.contains("The text cannot be shown: the run did not keep it."),
            "{html}"
        );
        assert!(!html.contains("<div class=\"text\""));
        assert!(!html.contains("data-entity"));
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
        assert!(html.contains(">ا</div>"), "{html}");
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
        assert!(html.contains("<div class=\"text\" lang=\"en\">"), "{html}");
        assert!(html.contains("<tr><th scope=\"row\">en</th><td>1</td></tr>"));
        assert!(html.contains("(detected, confidence"), "{html}");
        assert!(html.contains("; declared en</dd>"), "{html}");
    }
}
