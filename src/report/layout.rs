//! How a document's text is laid out on the review page: split into blocks
//! (front matter, code blocks, prose), and each block into pieces (prose,
//! markup, a highlighted mention, or text that was not searched: code, URLs and
//! other non-prose text such as raw HTML, image descriptions or domain names).
//!
//! The blocks decide the writing direction: only prose blocks of a right-to-left
//! document are laid out right to left; front matter and code stay left to
//! right, and every piece that was not searched is isolated left to right. The
//! pieces make visible what gazette skipped, so that a name inside code does not
//! look like a missed mention.
//!
//! Which bytes are prose comes from the markdown stage ([`crate::markdown`])
//! and the front matter reader, exactly as the extraction saw them; code blocks
//! and code spans come from the same parser (pulldown-cmark) with the same
//! options. It writes no HTML and decides nothing about mentions beyond where
//! each one stands.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::markdown::{self, MarkdownOptions};

/// What a block of the text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// The front matter (only its title is searched).
    FrontMatter,
    /// A fenced or indented code block (not searched).
    Code,
    /// Everything else: paragraphs, headings, lists, tables, quotes.
    Prose,
}

/// Why a piece of text was not searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// Code: a code block or a code span.
    Code,
    /// A URL, an e-mail address, a domain or a link destination.
    Url,
    /// Other text that is not prose: raw HTML, image descriptions, front matter.
    Other,
}

impl Skip {
    /// The class suffix and the label shown on hover.
    pub fn class_and_label(self) -> (&'static str, &'static str) {
        match self {
            Skip::Code => ("code", "code: not searched"),
            Skip::Url => ("url", "URL: not searched"),
            Skip::Other => ("other", "not prose: not searched"),
        }
    }
}

/// What a piece of a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PieceKind {
    /// Searched text.
    Prose,
    /// Markdown markup and white space outside prose (`#`, `**`, `|`, `- `).
    Markup,
    /// A mention: the index of the mention in the document.
    Mark(usize),
    /// Text that was not searched. Never holds a line break (a piece that would
    /// is cut at each line end, so that each line is isolated on its own).
    Skipped(Skip),
}

/// A piece of a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// What it is.
    pub kind: PieceKind,
}

/// A block of the text with its pieces, in text order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// Byte range in the text.
    pub range: Range<usize>,
    /// Its pieces, covering `range` exactly.
    pub pieces: Vec<Piece>,
}

/// The structure of a document's text that the page needs.
#[derive(Debug, Clone, Default)]
pub struct Structure {
    /// Where the body starts (after the front matter).
    pub body_start: usize,
    /// Searched byte ranges (the title pieces and the markdown prose), sorted.
    pub prose: Vec<Range<usize>>,
    /// Code blocks that stand on lines of their own, whole lines, sorted.
    pub code_blocks: Vec<Range<usize>>,
    /// Code spans and code blocks inside other text, sorted.
    pub code_spans: Vec<Range<usize>>,
    /// Links (their whole source), sorted.
    pub links: Vec<Range<usize>>,
}

impl Structure {
    /// Reads the structure of `text` as the extraction read it.
    pub fn of(text: &str, options: &MarkdownOptions) -> Self {
        let fm = crate::frontmatter::read(text);
        let body_start = fm.body_start.min(text.len());
        let md = markdown::extract(text, body_start..text.len(), options);
        let mut prose: Vec<Range<usize>> = fm.title_pieces.clone();
        prose.extend(md.segments.into_iter().map(|s| s.range));
        prose.sort_by_key(|r| r.start);
        let mut links: Vec<Range<usize>> = md.links.into_iter().map(|l| l.range).collect();
        links.sort_by_key(|r| r.start);
        let (code_blocks, code_spans) = code_ranges(text, body_start);
        Structure {
            body_start,
            prose,
            code_blocks,
            code_spans,
            links,
        }
    }
}

/// The code of the body: code blocks that can stand as blocks (nothing but
/// spaces and `>` before them on their first line), extended to whole lines;
/// and code spans with the other code blocks.
fn code_ranges(text: &str, body_start: usize) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
    let body = &text[body_start..];
    let parser = Parser::new_ext(
        body,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES,
    )
    .into_offset_iter();
    let mut blocks: Vec<Range<usize>> = Vec::new();
    let mut spans = Vec::new();
    let mut depth = 0usize;
    for (event, range) in parser {
        let range = range.start + body_start..range.end + body_start;
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                depth += 1;
                if depth > 1 {
                    continue;
                }
                let line_start = text[..range.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
                let line_start = line_start.max(body_start);
                let alone = text[line_start..range.start]
                    .bytes()
                    .all(|b| b == b' ' || b == b'\t' || b == b'>');
                if alone {
                    let end = line_end(text, range.end);
                    match blocks.last_mut() {
                        Some(last) if last.end > line_start => last.end = last.end.max(end),
                        _ => blocks.push(line_start..end),
                    }
                } else {
                    spans.push(range);
                }
            }
            Event::End(TagEnd::CodeBlock) => depth = depth.saturating_sub(1),
            Event::Code(_) => spans.push(range),
            _ => {}
        }
    }
    spans.sort_by_key(|r| r.start);
    (blocks, spans)
}

/// The end of the line holding byte `at - 1` (past its line break), or `at`
/// when it already stands at a line start.
fn line_end(text: &str, at: usize) -> usize {
    let b = text.as_bytes();
    if at == 0 || matches!(b.get(at - 1), Some(b'\n')) {
        return at;
    }
    if b.get(at - 1) == Some(&b'\r') && b.get(at) != Some(&b'\n') {
        return at;
    }
    match memchr::memchr2(b'\n', b'\r', &b[at..]) {
        Some(i) => {
            let i = at + i;
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i + 2
            } else {
                i + 1
            }
        }
        None => text.len(),
    }
}

/// Lays out `text[..len]` (a prefix cut at a character boundary) in blocks and
/// pieces. `marks` are the mentions placed in the text: (byte range, index of
/// the mention), sorted and not overlapping; they win over any other class.
pub fn lay_out(
    text: &str,
    len: usize,
    structure: &Structure,
    marks: &[(Range<usize>, usize)],
) -> Vec<Block> {
    let len = len.min(text.len());
    let mut blocks = Vec::new();
    let mut push = |kind, range: Range<usize>| {
        if range.start < range.end {
            blocks.push((kind, range));
        }
    };
    let fm_end = structure.body_start.min(len);
    push(BlockKind::FrontMatter, 0..fm_end);
    let mut pos = fm_end;
    for code in &structure.code_blocks {
        let (s, e) = (code.start.max(pos).min(len), code.end.min(len));
        if s >= e {
            continue;
        }
        push(BlockKind::Prose, pos..s);
        push(BlockKind::Code, s..e);
        pos = e;
    }
    push(BlockKind::Prose, pos..len);
    let mut cursors = Cursors::default();
    blocks
        .into_iter()
        .map(|(kind, range)| Block {
            pieces: pieces(text, kind, range.clone(), structure, marks, &mut cursors),
            kind,
            range,
        })
        .collect()
}

/// Where the walk over each sorted range list stands (blocks come in order).
#[derive(Debug, Default)]
struct Cursors {
    prose: usize,
    spans: usize,
    links: usize,
    marks: usize,
}

/// The first index of `ranges` (sorted by start, not overlapping much) from
/// `cursor` on whose range ends after `at`; moves the cursor there.
fn advance(ranges: &[Range<usize>], cursor: &mut usize, at: usize) -> usize {
    while ranges.get(*cursor).is_some_and(|r| r.end <= at) {
        *cursor += 1;
    }
    *cursor
}

/// Whether `at` falls inside one of `ranges` (from the cursor on), and where
/// the answer changes next.
fn inside(ranges: &[Range<usize>], cursor: &mut usize, at: usize, limit: usize) -> (bool, usize) {
    let i = advance(ranges, cursor, at);
    // Ranges may overlap (a code block inside a link text): look at a few.
    let mut next = limit;
    for r in &ranges[i..] {
        if r.start > at {
            next = next.min(r.start);
            break;
        }
        if r.end > at {
            return (true, r.end.min(limit));
        }
    }
    (false, next)
}

/// The pieces of one block.
fn pieces(
    text: &str,
    kind: BlockKind,
    range: Range<usize>,
    s: &Structure,
    marks: &[(Range<usize>, usize)],
    c: &mut Cursors,
) -> Vec<Piece> {
    let mut raw: Vec<Piece> = Vec::new();
    let mut at = range.start;
    while at < range.end {
        // A mention first.
        while marks.get(c.marks).is_some_and(|(r, _)| r.end <= at) {
            c.marks += 1;
        }
        let mut next = range.end;
        if let Some((r, index)) = marks.get(c.marks) {
            if r.start <= at {
                let end = r.end.min(range.end);
                raw.push(Piece {
                    range: at..end,
                    kind: PieceKind::Mark(*index),
                });
                at = end;
                continue;
            }
            next = next.min(r.start);
        }
        let (is_prose, n) = inside(&s.prose, &mut c.prose, at, next);
        next = n;
        let class = if is_prose {
            Class::Prose
        } else if kind == BlockKind::Code {
            Class::Code
        } else {
            let (is_code, n) = inside(&s.code_spans, &mut c.spans, at, next);
            next = n;
            if is_code {
                Class::Code
            } else {
                let (is_link, n) = inside(&s.links, &mut c.links, at, next);
                next = n;
                if is_link {
                    Class::Link
                } else {
                    Class::Other
                }
            }
        };
        let next = ceil_char_boundary(text, next.max(at + 1).min(range.end));
        push_class(&mut raw, text, at..next, class, kind);
        at = next;
    }
    split_lines(text, merge(raw))
}

/// The class of a run of bytes before it is told apart further.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Prose,
    Code,
    Link,
    Other,
}

/// Appends the piece(s) of a run of one class.
fn push_class(
    out: &mut Vec<Piece>,
    text: &str,
    range: Range<usize>,
    class: Class,
    block: BlockKind,
) {
    let s = &text[range.clone()];
    let kind = match class {
        Class::Prose => PieceKind::Prose,
        Class::Code => PieceKind::Skipped(Skip::Code),
        // In front matter, only the title is searched: the rest is shown as it
        // is in its block, which is marked as a whole.
        _ if block == BlockKind::FrontMatter => PieceKind::Markup,
        // Link syntax around the anchor text (`[`, `](`, `)`) is markup; the
        // destination is a URL.
        Class::Link if s.chars().any(char::is_alphanumeric) => PieceKind::Skipped(Skip::Url),
        Class::Other if s.chars().any(char::is_alphabetic) => {
            if looks_like_address(s) {
                PieceKind::Skipped(Skip::Url)
            } else {
                PieceKind::Skipped(Skip::Other)
            }
        }
        _ => PieceKind::Markup,
    };
    out.push(Piece { range, kind });
}

/// Whether non-prose text looks like a URL, e-mail address or domain.
fn looks_like_address(s: &str) -> bool {
    let t = s.trim();
    t.contains("://")
        || t.starts_with("www.")
        || (!t.contains(char::is_whitespace) && (t.contains('.') || t.contains('@')))
}

/// The first character boundary at or after `i`.
fn ceil_char_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i.min(s.len())
}

/// Joins neighbouring pieces of the same kind (never two mentions).
fn merge(raw: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(raw.len());
    for p in raw {
        match out.last_mut() {
            Some(last)
                if last.kind == p.kind
                    && last.range.end == p.range.start
                    && !matches!(p.kind, PieceKind::Mark(_)) =>
            {
                last.range.end = p.range.end;
            }
            _ => out.push(p),
        }
    }
    out
}

/// Cuts every skipped piece at its line breaks: the breaks become markup, so
/// that each line of skipped text is isolated on its own line.
fn split_lines(text: &str, pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out = Vec::with_capacity(pieces.len());
    for p in pieces {
        if !matches!(p.kind, PieceKind::Skipped(_)) {
            out.push(p);
            continue;
        }
        let mut start = p.range.start;
        let bytes = &text.as_bytes()[p.range.clone()];
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'\n' || b == b'\r' {
                let at = p.range.start + i;
                if start < at {
                    out.push(Piece {
                        range: start..at,
                        kind: p.kind,
                    });
                }
                let mut end = at + 1;
                while end < p.range.end && matches!(text.as_bytes()[end], b'\n' | b'\r') {
                    end += 1;
                }
                out.push(Piece {
                    range: at..end,
                    kind: PieceKind::Markup,
                });
                start = end;
                i = end - p.range.start;
                continue;
            }
            i += 1;
        }
        if start < p.range.end {
            out.push(Piece {
                range: start..p.range.end,
                kind: p.kind,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(text: &str) -> Vec<Block> {
        let s = Structure::of(text, &MarkdownOptions::default());
        lay_out(text, text.len(), &s, &[])
    }

    /// (kind, text) of every piece that is not plain prose or markup.
    fn skipped<'a>(text: &'a str, blocks: &[Block]) -> Vec<(Skip, &'a str)> {
        blocks
            .iter()
            .flat_map(|b| b.pieces.iter())
            .filter_map(|p| match p.kind {
                PieceKind::Skipped(k) => Some((k, &text[p.range.clone()])),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn blocks_and_pieces_cover_the_text_once() {
        let text = "---\ntitle: Beijing\ntags: [x]\n---\n# Head\n\nSee `code` and https://example.com/a.\n\n```rust\nlet beijing = 1;\n```\nAfter <b>html</b> and chatgpt.com, ![alt text](i.png) [anchor](https://x.example/y).\n\n    indented code\n";
        let blocks = layout(text);
        let mut pos = 0;
        for b in &blocks {
            assert_eq!(b.range.start, pos);
            let mut p = b.range.start;
            for piece in &b.pieces {
                assert_eq!(piece.range.start, p, "{blocks:#?}");
                p = piece.range.end;
            }
            assert_eq!(p, b.range.end);
            pos = b.range.end;
        }
        assert_eq!(pos, text.len());
        let kinds: Vec<BlockKind> = blocks.iter().map(|b| b.kind).collect();
        use BlockKind::*;
        assert_eq!(kinds, [FrontMatter, Prose, Code, Prose, Code]);
        assert_eq!(
            &text[blocks[2].range.clone()],
            "```rust\nlet beijing = 1;\n```\n"
        );
        assert_eq!(&text[blocks[4].range.clone()], "    indented code\n");
        let title = &blocks[0].pieces;
        assert!(title
            .iter()
            .any(|p| p.kind == PieceKind::Prose && &text[p.range.clone()] == "Beijing"));
        let skips = skipped(text, &blocks);
        for want in [
            (Skip::Code, "`code`"),
            (Skip::Url, "https://example.com/a"),
            (Skip::Code, "let beijing = 1;"),
            (Skip::Other, "<b>"),
            (Skip::Url, "chatgpt.com"),
            (Skip::Url, "](https://x.example/y)"),
        ] {
            assert!(skips.contains(&want), "{want:?} not in {skips:?}");
        }
        // Markup is not marked as skipped; nor is prose.
        assert!(!skips
            .iter()
            .any(|(_, s)| s.contains("# ") || s.contains("See")));
        // No skipped piece holds a line break.
        assert!(!skips.iter().any(|(_, s)| s.contains('\n')));
    }

    #[test]
    fn marks_win_and_split_pieces() {
        let text = "In Beijing and Shanghai.\n";
        let s = Structure::of(text, &MarkdownOptions::default());
        let blocks = lay_out(text, text.len(), &s, &[(3..10, 0), (15..23, 1)]);
        let kinds: Vec<(PieceKind, &str)> = blocks[0]
            .pieces
            .iter()
            .map(|p| (p.kind, &text[p.range.clone()]))
            .collect();
        assert_eq!(
            kinds,
            [
                (PieceKind::Prose, "In "),
                (PieceKind::Mark(0), "Beijing"),
                (PieceKind::Prose, " and "),
                (PieceKind::Mark(1), "Shanghai"),
                (PieceKind::Prose, "."),
                (PieceKind::Markup, "\n"),
            ]
        );
    }

    #[test]
    fn a_cut_text_is_laid_out_to_the_cut() {
        let text = "Para one.\n\n```\ncode\n```\nPara two.\n";
        let s = Structure::of(text, &MarkdownOptions::default());
        let blocks = lay_out(text, 14, &s, &[]);
        assert_eq!(blocks.last().map(|b| b.range.end), Some(14));
        assert_eq!(blocks.last().map(|b| b.kind), Some(BlockKind::Code));
    }

    #[test]
    fn a_code_block_in_a_list_item_is_a_span() {
        let text = "- item\n- ```\n  x Beijing\n  ```\n";
        let blocks = layout(text);
        assert!(
            blocks.iter().all(|b| b.kind == BlockKind::Prose),
            "{blocks:?}"
        );
        let skips = skipped(text, &blocks);
        assert!(skips.contains(&(Skip::Code, "  x Beijing")), "{skips:?}");
    }
}
