//! Markdown structure: which bytes are prose, and which are links.
//!
//! Runs pulldown-cmark (CommonMark + GFM tables, strikethrough and footnotes) over
//! a document's body and returns the byte ranges of searchable prose (paragraphs,
//! headings, list items, table cells, footnote definitions, link anchor text), each
//! with the field it belongs to, and every link (inline, reference, autolink, bare
//! URL or e-mail address, unused reference definition). Bare URLs are found on the
//! source text of each block ([`urls`]), not inside text events. Code (fenced,
//! indented, inline), raw HTML, image alt text, link destinations and titles, and
//! URLs, e-mail addresses and domain names written in prose are not prose. Images
//! are not links, nor are links inside image descriptions, nor footnotes. It does
//! not normalize or match text.

mod urls;

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use unicase::UniCase;

pub use urls::domain_of;
use urls::{Found, UrlKind};

/// Where in a document a piece of prose stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// The front matter `title`.
    Title,
    /// A heading.
    Heading,
    /// Paragraphs, list items, quotes.
    #[default]
    Body,
    /// A table cell.
    Table,
    /// The anchor text of a link.
    Link,
}

impl Field {
    /// The lowercase name used in the outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Heading => "heading",
            Field::Body => "body",
            Field::Table => "table",
            Field::Link => "link",
        }
    }
}

/// A run of prose in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Byte range in the original text.
    pub range: Range<usize>,
    /// The field it belongs to.
    pub field: Field,
}

/// How a link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// `[text](url)`
    Inline,
    /// `[text][ref]`, `[text][]`, `[ref]` with a definition.
    Reference,
    /// `<https://...>`, `<a@b.example>` (as `mailto:`)
    Autolink,
    /// A URL or e-mail address written in prose (GFM autolink extension).
    Bare,
    /// A reference definition that no link uses.
    Definition,
}

impl LinkKind {
    /// The lowercase name used in the outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Inline => "inline",
            LinkKind::Reference => "reference",
            LinkKind::Autolink => "autolink",
            LinkKind::Bare => "bare",
            LinkKind::Definition => "definition",
        }
    }
}

/// A link found in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The destination as written (after reference resolution).
    pub url: String,
    /// The anchor text (empty for bare URLs; the address for bare e-mail addresses).
    pub text: String,
    /// How it was written.
    pub kind: LinkKind,
    /// Byte range of the whole link in the original text.
    pub range: Range<usize>,
}

/// The result of the markdown stage.
#[derive(Debug, Clone, Default)]
pub struct Prose {
    /// Prose runs in text order.
    pub segments: Vec<Segment>,
    /// Links in text order.
    pub links: Vec<Link>,
}

/// Options of the markdown stage.
#[derive(Debug, Clone, Default)]
pub struct MarkdownOptions {
    /// Lowercased names that look like domains but are names (`z.ai`, `01.ai`):
    /// written alone, they stay prose.
    pub dotted_names: HashSet<String>,
}

/// Extracts prose segments and links from `text[body.clone()]`; all ranges are
/// offsets into `text`.
pub fn extract(text: &str, body: Range<usize>, options: &MarkdownOptions) -> Prose {
    let base = body.start;
    let src = &text[body];
    let mut prose = Prose::default();
    // Footnotes: `[^a]: ...` is a footnote definition (prose), never a link.
    let parser = Parser::new_ext(
        src,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES,
    )
    .into_offset_iter();
    let mut state = State::default();
    let mut parser = parser;
    for (event, range) in parser.by_ref() {
        let range = range.start + base..range.end + base;
        match event {
            Event::Text(t) => {
                if let Some(link) = state.links.last_mut() {
                    link.text.push_str(&t);
                }
                if state.code == 0 && state.skip == 0 {
                    state.push_text(text, range, options, &mut prose);
                }
                state.line_start = false;
            }
            // Emphasis delimiters stay inside the run of source text being read.
            Event::Start(tag) if is_style(&tag) => {}
            Event::End(end) if is_style_end(end) => {}
            event => {
                state.flush(text, options, &mut prose);
                state.line_start = matches!(
                    event,
                    Event::SoftBreak | Event::HardBreak | Event::Rule | Event::TaskListMarker(_)
                );
                match event {
                    Event::Start(tag) => {
                        state.line_start = !matches!(tag, Tag::Link { .. } | Tag::Image { .. });
                        state.start(tag, range);
                    }
                    Event::End(end) => {
                        state.line_start = !matches!(end, TagEnd::Link | TagEnd::Image);
                        state.end(end, &mut prose);
                    }
                    Event::Code(t) => {
                        if let Some(link) = state.links.last_mut() {
                            link.text.push_str(&t);
                        }
                    }
                    Event::SoftBreak | Event::HardBreak => {
                        if let Some(link) = state.links.last_mut() {
                            link.text.push(' ');
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    state.flush(text, options, &mut prose);
    let used = &state.used_labels;
    let mut defs: Vec<Link> = parser
        .reference_definitions()
        .iter()
        .filter(|(label, _)| !used.contains(&fold_label(label)))
        .map(|(label, def)| Link {
            url: def.dest.to_string(),
            text: label.to_string(),
            kind: LinkKind::Definition,
            range: def.span.start + base..def.span.end + base,
        })
        .collect();
    prose.links.append(&mut defs);
    prose.links.sort_by_key(|l| (l.range.start, l.range.end));
    prose.segments.sort_by_key(|s| s.range.start);
    prose
}

/// A reference label under Unicode default full case folding (CaseFolding.txt
/// C + F, via `unicase`), as CommonMark matches labels: `ẞ` and `SS` are one label.
fn fold_label(label: &str) -> String {
    UniCase::new(label).to_folded_case()
}

/// Inline style tags, whose delimiters are part of a run of prose source.
fn is_style(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Superscript | Tag::Subscript
    )
}

/// The ends of [`is_style`] tags.
fn is_style_end(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// An open link while its anchor text is being read.
#[derive(Debug)]
struct OpenLink {
    url: String,
    text: String,
    kind: LinkKind,
    range: Range<usize>,
    /// Inside an image description: a link no reader sees (the description is
    /// rendered as alt text), so it is not reported.
    in_image: bool,
}

/// The source span of consecutive text events of one block (no code span, link,
/// image, raw HTML or line break between them), where bare URLs are looked for.
#[derive(Debug, Default)]
struct Run {
    /// From the first text event's start to the last one's end (empty: no run).
    span: Range<usize>,
    /// The text events' ranges: the prose, before URLs are taken out.
    pieces: Vec<Range<usize>>,
    field: Field,
    /// Whether bare URLs become links (not inside a link's anchor text).
    record: bool,
    /// Whether a `www.` at the run's first byte may start a link.
    www_at_start: bool,
}

/// Nesting state while walking the events.
#[derive(Debug, Default)]
struct State {
    /// Inside code blocks.
    code: u32,
    /// Inside images, HTML blocks or autolinks (text that is not prose).
    skip: u32,
    /// Inside image descriptions.
    image: u32,
    heading: u32,
    table: u32,
    links: Vec<OpenLink>,
    /// For every open link: whether it counts as skipped text (autolinks).
    link_skips: Vec<bool>,
    /// Reference labels that links or images use, case folded.
    used_labels: HashSet<String>,
    /// The run of prose source being read.
    run: Run,
    /// Whether the next text event starts a line (or a block).
    line_start: bool,
    /// Scratch space of [`State::flush`].
    found: Vec<Found>,
}

impl State {
    fn field(&self) -> Field {
        if !self.links.is_empty() {
            Field::Link
        } else if self.heading > 0 {
            Field::Heading
        } else if self.table > 0 {
            Field::Table
        } else {
            Field::Body
        }
    }

    /// Adds a prose text event at `range` to the current run (or starts one).
    fn push_text(
        &mut self,
        text: &str,
        range: Range<usize>,
        options: &MarkdownOptions,
        prose: &mut Prose,
    ) {
        if !self.run.pieces.is_empty() && range.start < self.run.span.end {
            // Never seen: events out of source order end the run.
            self.flush(text, options, prose);
        }
        if self.run.pieces.is_empty() {
            let prev = text.as_bytes()[..range.start].last().copied();
            self.run.span = range.start..range.start;
            self.run.field = self.field();
            self.run.record = self.links.is_empty();
            self.run.www_at_start = self.line_start || prev.is_none_or(urls::www_may_follow);
        }
        self.run.span.end = range.end;
        self.run.pieces.push(range);
    }

    /// Ends the current run: its text events become prose segments, minus every
    /// byte of the URLs, e-mail addresses and domains in its source, and its bare
    /// URLs become links.
    fn flush(&mut self, text: &str, options: &MarkdownOptions, prose: &mut Prose) {
        if self.run.pieces.is_empty() {
            return;
        }
        let base = self.run.span.start;
        self.found.clear();
        urls::scan(
            &text[self.run.span.clone()],
            self.run.www_at_start,
            &options.dotted_names,
            &mut self.found,
        );
        let field = self.run.field;
        let mut first = 0;
        for piece in self.run.pieces.drain(..) {
            while self
                .found
                .get(first)
                .is_some_and(|f| base + f.range.end <= piece.start)
            {
                first += 1;
            }
            let mut pos = piece.start;
            for f in &self.found[first..] {
                let (start, end) = (base + f.range.start, base + f.range.end);
                if start >= piece.end {
                    break;
                }
                if start > pos {
                    prose.segments.push(Segment {
                        range: pos..start,
                        field,
                    });
                }
                pos = pos.max(end);
            }
            if pos < piece.end {
                prose.segments.push(Segment {
                    range: pos..piece.end,
                    field,
                });
            }
        }
        if self.run.record {
            for f in &self.found {
                let range = base + f.range.start..base + f.range.end;
                // An e-mail address links to `mailto:` + itself, and keeps the
                // address as its text (what an autolink `<a@b.example>` shows).
                let written = &text[range.clone()];
                let (url, anchor) = match f.kind {
                    UrlKind::Url => (written.to_string(), String::new()),
                    UrlKind::Email => (format!("mailto:{written}"), written.to_string()),
                    UrlKind::NotLink => continue,
                };
                prose.links.push(Link {
                    url,
                    text: anchor,
                    kind: LinkKind::Bare,
                    range,
                });
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::CodeBlock(_) => self.code += 1,
            Tag::HtmlBlock => self.skip += 1,
            Tag::Image { id, .. } => {
                self.skip += 1;
                self.image += 1;
                if !id.is_empty() {
                    self.used_labels.insert(fold_label(&id));
                }
            }
            Tag::Heading { .. } => self.heading += 1,
            Tag::Table(_) => self.table += 1,
            Tag::Link {
                link_type,
                dest_url,
                id,
                ..
            } => {
                let kind = match link_type {
                    LinkType::Inline => LinkKind::Inline,
                    LinkType::Autolink | LinkType::Email => LinkKind::Autolink,
                    _ => LinkKind::Reference,
                };
                if !id.is_empty() {
                    self.used_labels.insert(fold_label(&id));
                }
                let skip = matches!(link_type, LinkType::Autolink | LinkType::Email);
                if skip {
                    self.skip += 1;
                }
                self.link_skips.push(skip);
                let url = if link_type == LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                self.links.push(OpenLink {
                    url,
                    text: String::new(),
                    kind,
                    range,
                    in_image: self.image > 0,
                });
            }
            _ => {}
        }
    }

    fn end(&mut self, end: TagEnd, prose: &mut Prose) {
        match end {
            TagEnd::CodeBlock => self.code = self.code.saturating_sub(1),
            TagEnd::HtmlBlock => self.skip = self.skip.saturating_sub(1),
            TagEnd::Image => {
                self.skip = self.skip.saturating_sub(1);
                self.image = self.image.saturating_sub(1);
            }
            TagEnd::Heading(_) => self.heading = self.heading.saturating_sub(1),
            TagEnd::Table => self.table = self.table.saturating_sub(1),
            TagEnd::Link => {
                if self.link_skips.pop() == Some(true) {
                    self.skip = self.skip.saturating_sub(1);
                }
                if let Some(l) = self.links.pop() {
                    if l.in_image {
                        return;
                    }
                    prose.links.push(Link {
                        url: l.url,
                        text: l.text.trim().to_string(),
                        kind: l.kind,
                        range: l.range,
                    });
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(md: &str) -> (Vec<(String, Field)>, Vec<Link>) {
        let mut opts = MarkdownOptions::default();
        opts.dotted_names.insert("z.ai".into());
        let p = extract(md, 0..md.len(), &opts);
        let segs = p
            .segments
            .iter()
            .map(|s| (md[s.range.clone()].to_string(), s.field))
            .collect();
        (segs, p.links)
    }

    fn prose_text(md: &str) -> String {
        run(md)
            .0
            .into_iter()
            .map(|s| s.0)
            .collect::<Vec<_>>()
            .join("|")
    }

    #[test]
    fn code_is_not_prose() {
        let md = "Tencent `GPT-4` here\n\n```python\n# Huawei\n```\n\n    indented Baidu\n\nend";
        assert_eq!(prose_text(md), "Tencent | here|end");
    }

    #[test]
    fn fields_of_headings_tables_links() {
        let md = "# Beijing\n\n| a | b |\n|---|---|\n| Tencent | x |\n\n[Qwen Team](https://qwen.ai \"ChatGPT title\")";
        let (segs, links) = run(md);
        assert!(segs.contains(&("Beijing".into(), Field::Heading)));
        assert!(segs.contains(&("Tencent".into(), Field::Table)));
        assert!(segs.contains(&("Qwen Team".into(), Field::Link)));
        assert!(!segs.iter().any(|s| s.0.contains("ChatGPT")));
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].url, "https://qwen.ai");
        assert_eq!(links[0].text, "Qwen Team");
        assert_eq!(links[0].kind, LinkKind::Inline);
    }

    #[test]
    fn all_link_kinds() {
        let md = "See [docs][1], <https://a.example/x>, and https://b.example/y. Also [c].\n\n\
                  [1]: https://c.example \"Title\"\n[c]: https://d.example\n[unused]: https://e.example\n";
        let (_, links) = run(md);
        let got: Vec<(&str, LinkKind)> = links.iter().map(|l| (l.url.as_str(), l.kind)).collect();
        assert_eq!(
            got,
            vec![
                ("https://c.example", LinkKind::Reference),
                ("https://a.example/x", LinkKind::Autolink),
                ("https://b.example/y", LinkKind::Bare),
                ("https://d.example", LinkKind::Reference),
                ("https://e.example", LinkKind::Definition),
            ]
        );
        assert_eq!(&md[links[2].range.clone()], "https://b.example/y");
    }

    #[test]
    fn urls_domains_and_emails_are_not_prose() {
        let md = "Use chatgpt.com or chat.deepseek.com, mail a@b.com, visit https://x.com/ChatGPT. Z.ai is a name.";
        let text = prose_text(md);
        assert!(!text.contains("chatgpt"), "{text}");
        assert!(!text.contains("deepseek"), "{text}");
        assert!(!text.contains("b.com"), "{text}");
        assert!(text.contains("Z.ai is a name"), "{text}");
    }

    #[test]
    fn image_alt_and_html_are_not_prose() {
        let md = "![Tencent logo](t.png)\n\n<div>Huawei</div>\n\ntext <b>Baidu</b>";
        let text = prose_text(md);
        assert!(
            !text.contains("Tencent") && !text.contains("Huawei"),
            "{text}"
        );
        assert!(text.contains("Baidu"), "{text}");
    }

    /// The links of `md` as (kind, url) pairs.
    fn kinds(md: &str) -> Vec<(LinkKind, String)> {
        run(md).1.into_iter().map(|l| (l.kind, l.url)).collect()
    }

    #[test]
    fn bare_urls_are_read_on_block_source_not_text_events() {
        for (md, url) in [
            (
                "Source: https://en.wikipedia.org/wiki/Mercury_(planet)",
                "https://en.wikipedia.org/wiki/Mercury_(planet)",
            ),
            (
                "see https://example.com/~tencent/huawei.",
                "https://example.com/~tencent/huawei",
            ),
            ("x https://a.example/p*q*r y", "https://a.example/p*q*r"),
            (
                "x https://a.example/[tencent] y",
                "https://a.example/[tencent]",
            ),
            ("x https://a.example/a`b y", "https://a.example/a`b"),
            (
                "x https://a.example/?a=1&amp;b=2 y",
                "https://a.example/?a=1&amp;b=2",
            ),
            ("x https://a.example/a\\_b_c y", "https://a.example/a\\_b_c"),
            (
                "x https://a.example/~~huawei~~/z y",
                "https://a.example/~~huawei~~/z",
            ),
            ("# Head www.a.example/x_y_z", "www.a.example/x_y_z"),
            (
                "- item https://a.example/x_tencent_",
                "https://a.example/x_tencent",
            ),
            (
                "| a |\n|---|\n| https://a.example/x_(y) |",
                "https://a.example/x_(y)",
            ),
        ] {
            let (_, links) = run(md);
            assert_eq!(links.len(), 1, "{md}: {links:?}");
            assert_eq!(links[0].kind, LinkKind::Bare, "{md}");
            assert_eq!(links[0].url, url, "{md}");
            assert_eq!(&md[links[0].range.clone()], url, "{md}");
            // No byte of the URL is prose.
            let r = links[0].range.clone();
            let p = extract(md, 0..md.len(), &MarkdownOptions::default());
            assert!(
                p.segments
                    .iter()
                    .all(|s| s.range.end <= r.start || s.range.start >= r.end),
                "{md}"
            );
        }
        let text = prose_text("Source: https://example.com/~tencent/huawei and Baidu");
        assert!(
            !text.contains("tencent") && !text.contains("huawei"),
            "{text}"
        );
        assert!(text.contains("Baidu"), "{text}");
    }

    #[test]
    fn bare_urls_skip_code_spans_links_and_autolinks() {
        let md = "`https://a.example/x` [t https://b.example](https://c.example) \
                  <https://d.example> *https://e.example/y_z*";
        assert_eq!(
            kinds(md),
            vec![
                (LinkKind::Inline, "https://c.example".to_string()),
                (LinkKind::Autolink, "https://d.example".to_string()),
                (LinkKind::Bare, "https://e.example/y_z".to_string()),
            ]
        );
        // A URL in anchor text is not a link of its own, and not prose either.
        let (segs, _) = run(md);
        assert!(
            segs.iter().any(|s| s.0 == "t " && s.1 == Field::Link),
            "{segs:?}"
        );
        assert!(!segs.iter().any(|s| s.0.contains("b.example")), "{segs:?}");
    }

    #[test]
    fn email_autolinks_are_mailto_links() {
        assert_eq!(
            kinds("<foo@bar.example.com> and a.b-c_d@a.b. or [me](mailto:x@y.example)"),
            vec![
                (LinkKind::Autolink, "mailto:foo@bar.example.com".to_string()),
                (LinkKind::Bare, "mailto:a.b-c_d@a.b".to_string()),
                (LinkKind::Inline, "mailto:x@y.example".to_string()),
            ]
        );
        assert!(kinds("a.b-c_d@a.b- a.b-c_d@a.b_").is_empty());
        assert!(!prose_text("mail tencent@huawei.example now").contains("tencent"));
    }

    #[test]
    fn links_inside_image_descriptions_are_not_links() {
        assert!(kinds("![foo [bar](/url)](/url2)").is_empty());
        assert!(kinds("![[[foo](uri1)](uri2)](uri3)").is_empty());
        assert!(kinds("![<http://example.com>](http://example.com/logo.png)").is_empty());
        // An image inside a link leaves the link alone.
        assert_eq!(
            kinds("[![moon](moon.jpg)](/uri)"),
            vec![(LinkKind::Inline, "/uri".to_string())]
        );
    }

    #[test]
    fn images_and_their_definitions_are_not_links() {
        assert!(kinds("![logo](https://a.example/logo.png)").is_empty());
        assert!(
            kinds("![logo][img] ![img][] ![IMG]\n\n[img]: https://a.example/i.png\n").is_empty()
        );
        assert_eq!(
            kinds("[![b][badge]][site]\n\n[badge]: /b.svg\n[site]: https://s.example\n"),
            vec![(LinkKind::Reference, "https://s.example".to_string())]
        );
    }

    #[test]
    fn reference_labels_match_under_full_case_folding() {
        assert_eq!(
            kinds("[ẞ]\n\n[SS]: /url\n"),
            vec![(LinkKind::Reference, "/url".to_string())]
        );
        assert_eq!(
            kinds("[Maße][]\n\n[MASSE]: /m\n"),
            vec![(LinkKind::Reference, "/m".to_string())]
        );
    }

    #[test]
    fn footnote_definitions_are_prose_not_links() {
        let md = "Lorem ipsum.[^a]\n\n[^a]: Tencent said so.\n";
        assert!(kinds(md).is_empty(), "{:?}", kinds(md));
        assert!(prose_text(md).contains("Tencent said so."));
        assert!(kinds("![^1]\n\n[^1]: foo\n").is_empty());
    }
}
