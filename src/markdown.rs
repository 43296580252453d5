//! Markdown structure: which bytes are prose, and which are links.
//!
//! Runs pulldown-cmark (CommonMark + tables) over a document's body and returns
//! the byte ranges of searchable prose (paragraphs, headings, list items, table
//! cells, link anchor text), each with the field it belongs to, and every link
//! (inline, reference, autolink, bare URL). Code (fenced, indented, inline), raw
//! HTML, image alt text, link destinations and titles, and URLs, e-mail addresses
//! and domain names written in prose are not prose. It does not normalize or match
//! text.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;
use serde::Serialize;

/// Where in a document a piece of prose stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// The front matter `title`.
    Title,
    /// A heading.
    Heading,
    /// Paragraphs, list items, quotes.
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
    /// `<https://...>`
    Autolink,
    /// A URL written in prose.
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
    /// The anchor text (empty for bare URLs).
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

/// URLs, e-mail addresses and bare domain names in prose.
static URLISH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)(?:\b(?:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+)",
        r"|(?:\b[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,})",
        r"|(?:\b(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+",
        r"(?:com|ai|org|net|io|cn|co|dev|app|gov|edu|info|me|tv|jp|uk|de|fr|in|ae|sa|hk|tw|sg|kr|ru|us|eu|xyz|tech|cloud|so|gg|ly|sh|site|online|news|blog)",
        r"\b(?:/[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]*)?)",
    ))
    .expect("static regex")
});

/// Whether `b` can be part of a [`URLISH`] match: every alternative consumes only
/// these bytes, and they include every ASCII word character.
fn url_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b)
}

/// The [`URLISH`] matches of `s`, found by running the regex only over the runs of
/// URL bytes that hold a `.`, `@` or `:` (every match holds one). The same matches
/// as over all of `s`: a match never crosses a byte outside the runs, and the
/// bytes around a run are never ASCII word characters, so `\b` reads the same.
fn url_matches(s: &str) -> Vec<regex::Match<'_>> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut done = 0;
    for p in memchr::memchr3_iter(b'.', b'@', b':', bytes) {
        if p < done {
            continue;
        }
        let start = bytes[done..p]
            .iter()
            .rposition(|&b| !url_byte(b))
            .map_or(done, |i| done + i + 1);
        let end = bytes[p..]
            .iter()
            .position(|&b| !url_byte(b))
            .map_or(bytes.len(), |i| p + i);
        // `find_at` reads the bytes before `at` for `\b`, as a search over all of
        // `s` would; every match is non-empty, so the loop advances.
        let window = &s[..end];
        let mut at = start;
        while let Some(m) = URLISH.find_at(window, at) {
            at = m.end();
            out.push(m);
        }
        done = end;
    }
    out
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
    let parser = Parser::new_ext(src, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH)
        .into_offset_iter();
    let mut state = State::default();
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut parser = parser;
    for (event, range) in parser.by_ref() {
        let range = range.start + base..range.end + base;
        match event {
            Event::Start(tag) => state.start(tag, range, &mut used_ids),
            Event::End(end) => state.end(end, &mut prose),
            Event::Text(t) => {
                if let Some(link) = state.links.last_mut() {
                    link.text.push_str(&t);
                }
                if state.code == 0 && state.skip == 0 {
                    let field = state.field();
                    split_urls(
                        text,
                        range,
                        field,
                        options,
                        state.links.is_empty(),
                        &mut prose,
                    );
                }
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
    let mut defs: Vec<Link> = parser
        .reference_definitions()
        .iter()
        .filter(|(label, _)| !used_ids.contains(&label.to_lowercase()))
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

/// An open link while its anchor text is being read.
#[derive(Debug)]
struct OpenLink {
    url: String,
    text: String,
    kind: LinkKind,
    range: Range<usize>,
}

/// Nesting state while walking the events.
#[derive(Debug, Default)]
struct State {
    /// Inside code blocks.
    code: u32,
    /// Inside images, HTML blocks or autolinks (text that is not prose).
    skip: u32,
    heading: u32,
    table: u32,
    links: Vec<OpenLink>,
    /// For every open link: whether it counts as skipped text (autolinks).
    link_skips: Vec<bool>,
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

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>, used_ids: &mut HashSet<String>) {
        match tag {
            Tag::CodeBlock(_) => self.code += 1,
            Tag::HtmlBlock | Tag::Image { .. } => self.skip += 1,
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
                    LinkType::Autolink => LinkKind::Autolink,
                    LinkType::Email => LinkKind::Autolink,
                    _ => LinkKind::Reference,
                };
                if !id.is_empty() {
                    used_ids.insert(id.to_lowercase());
                }
                let skip = matches!(link_type, LinkType::Autolink | LinkType::Email);
                if skip {
                    self.skip += 1;
                }
                self.link_skips.push(skip);
                self.links.push(OpenLink {
                    url: dest_url.to_string(),
                    text: String::new(),
                    kind,
                    range,
                });
            }
            _ => {}
        }
    }

    fn end(&mut self, end: TagEnd, prose: &mut Prose) {
        match end {
            TagEnd::CodeBlock => self.code = self.code.saturating_sub(1),
            TagEnd::HtmlBlock | TagEnd::Image => self.skip = self.skip.saturating_sub(1),
            TagEnd::Heading(_) => self.heading = self.heading.saturating_sub(1),
            TagEnd::Table => self.table = self.table.saturating_sub(1),
            TagEnd::Link => {
                if self.link_skips.pop() == Some(true) {
                    self.skip = self.skip.saturating_sub(1);
                }
                if let Some(l) = self.links.pop() {
                    if l.url.starts_with("mailto:") || !l.url.contains(':') && l.url.contains('@') {
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

/// Adds `range` of `text` as prose, minus the URLs, e-mail addresses and domains
/// written in it; bare URLs become links when `record` is set.
fn split_urls(
    text: &str,
    range: Range<usize>,
    field: Field,
    options: &MarkdownOptions,
    record: bool,
    prose: &mut Prose,
) {
    let slice = &text[range.clone()];
    let mut pos = range.start;
    if memchr::memchr2(b'.', b'@', slice.as_bytes()).is_some() {
        for m in url_matches(slice) {
            let mut end = range.start + m.end();
            let start = range.start + m.start();
            let lower = m.as_str().to_ascii_lowercase();
            let is_url = ["http://", "https://", "ftp://", "www."]
                .iter()
                .any(|p| lower.starts_with(p));
            if is_url {
                end = start + trim_url(&text[start..end]).len();
            } else if !lower.contains('@') && options.dotted_names.contains(&lower) {
                continue;
            }
            if start > pos {
                prose.segments.push(Segment {
                    range: pos..start,
                    field,
                });
            }
            if record && is_url {
                prose.links.push(Link {
                    url: text[start..end].to_string(),
                    text: String::new(),
                    kind: LinkKind::Bare,
                    range: start..end,
                });
            }
            pos = end;
        }
    }
    if pos < range.end {
        prose.segments.push(Segment {
            range: pos..range.end,
            field,
        });
    }
}

/// Trims trailing punctuation that ends a sentence rather than the URL, keeping
/// balanced parentheses.
fn trim_url(url: &str) -> &str {
    let mut u = url;
    loop {
        let Some(last) = u.chars().next_back() else {
            return u;
        };
        let trim = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' | ']' => true,
            ')' => u.matches('(').count() < u.matches(')').count(),
            _ => false,
        };
        if !trim {
            return u;
        }
        u = &u[..u.len() - last.len_utf8()];
    }
}

/// The host of a URL, lowercased, without `www.`, port or credentials; empty when
/// there is none (relative links, anchors).
pub fn domain_of(url: &str) -> String {
    let rest = match url.find("://") {
        Some(i) => &url[i + 3..],
        None if url.to_ascii_lowercase().starts_with("www.") => url,
        None => return String::new(),
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = if host.starts_with('[') {
        host.split(']').next().map_or(host, |h| &h[1..])
    } else {
        host.split(':').next().unwrap_or(host)
    };
    let host = host.to_ascii_lowercase();
    host.strip_prefix("www.")
        .map_or(host.clone(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn spans(ms: Vec<regex::Match<'_>>) -> Vec<(usize, usize)> {
        ms.into_iter().map(|m| (m.start(), m.end())).collect()
    }

    #[test]
    fn url_windows_find_what_the_whole_search_finds() {
        for s in [
            "see https://a.b/c?d=1 and www.x.org, mail me@x.io; 北京https://z.ai/x",
            "http://localhost:8080/path and ftp://h",
            "deepseek.com.北京 openai.com/blog/ ب.com x.ai_y.com",
            "no url here: just words. And more.",
        ] {
            assert_eq!(
                spans(url_matches(s)),
                spans(URLISH.find_iter(s).collect()),
                "{s}"
            );
        }
    }

    proptest! {
        #[test]
        fn url_windows_agree_with_the_whole_search(
            s in "([a-z]{1,4}|[.@:/_ -]|https?://|www\\.|\\.com|\\.ai|北|ب|é){0,40}"
        ) {
            prop_assert_eq!(spans(url_matches(&s)), spans(URLISH.find_iter(&s).collect()));
        }
    }

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
    fn url_trailing_punctuation() {
        assert_eq!(trim_url("https://a.b/c."), "https://a.b/c");
        assert_eq!(
            trim_url("https://en.wikipedia.org/wiki/X_(y)"),
            "https://en.wikipedia.org/wiki/X_(y)"
        );
        assert_eq!(trim_url("https://a.b/c)."), "https://a.b/c");
    }

    #[test]
    fn domains() {
        assert_eq!(domain_of("https://www.CNBC.com/2025/x?y#z"), "cnbc.com");
        assert_eq!(
            domain_of("http://user:pw@host.example:8080/p"),
            "host.example"
        );
        assert_eq!(domain_of("www.scmp.com/tech"), "scmp.com");
        assert_eq!(domain_of("#anchor"), "");
        assert_eq!(domain_of("/relative/path"), "");
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
}
