//! The one sentence splitter of gazette: prose into sentence units
//! ([`split_sentences`]), and the unit around an offset ([`sentence_around`], used
//! by `eval` to show a mention in context).
//!
//! A line end always ends a unit, so list items, headings and table rows are
//! units of their own. Within a line a unit ends at Latin `. ! ?` followed by
//! white space or the end (after any closing quote, bracket or `**`), but not
//! after an abbreviation (`e.g.`, `vs.`, `Dr.`, a single capital; the list is in
//! `cues.tsv`) nor before a lowercase word, and never inside `3.5` or `Z.ai`; at
//! `。！？．`; at Arabic `؟ ؛` and `.`; at Devanagari `। ॥`. The Arabic comma `،`
//! does not end a unit: in "في هانغتشو، تعد DeepSeek" it separates a place from
//! the company it locates, and cutting there would lose the commonest way
//! articles state where a company is. Units are trimmed of white space and of
//! list, quote, table and heading markers; a unit with no letter or digit is
//! dropped.
//!
//! It knows nothing of mentions or facts, and does not look at code or URLs: the
//! caller says which byte ranges are prose.

use std::ops::Range;

use super::cues::CUES;
use crate::text::floor_char_boundary;

/// Characters that may follow a sentence end and still belong to its sentence.
const CLOSERS: &[char] = &[
    '"', '\'', '”', '’', ')', ']', '*', '_', '»', '」', '』', '）', '】', '》',
];

/// Splits prose into sentence units (see the module doc); returns the trimmed byte
/// ranges of `text`, in text order, of the units that overlap a prose segment.
/// Ranges that are out of bounds or not on character boundaries are ignored.
pub fn split_sentences(text: &str, segments: &[Range<usize>]) -> Vec<Range<usize>> {
    sentences_of_lines(text, &valid_ranges(text, segments), None)
}

/// The sentence unit around byte `at` of `text` (the whole text taken as prose):
/// the first unit of its line that ends after `at`, else the line's last unit,
/// else the empty range at `at` (a line with no letter or digit). For showing a
/// mention in context; the facts stage itself uses [`split_sentences`]' units.
pub fn sentence_around(text: &str, at: usize) -> Range<usize> {
    let at = floor_char_boundary(text, at);
    let whole = valid_ranges(text, std::slice::from_ref(&(0..text.len())));
    let units = sentences_of_lines(text, &whole, Some(&[at]));
    units
        .iter()
        .find(|u| at < u.end)
        .or(units.last())
        .cloned()
        .unwrap_or(at..at)
}

/// The sentence units of the lines of `text` that overlap the prose `segs`
/// (valid and sorted) — only of the lines that hold one of `at` (sorted byte
/// offsets), when given. Lines are split independently, so a line's units are the
/// same whichever other lines are split.
pub(super) fn sentences_of_lines(
    text: &str,
    segs: &[Range<usize>],
    at: Option<&[usize]>,
) -> Vec<Range<usize>> {
    let mut units = Vec::new();
    let bytes = text.as_bytes();
    let split = |line_start: usize, units: &mut Vec<Range<usize>>| -> usize {
        let line_end =
            memchr::memchr(b'\n', &bytes[line_start..]).map_or(text.len(), |i| line_start + i);
        split_line(text, line_start..line_end, units);
        (line_end + 1).min(text.len())
    };
    match at {
        Some(at) => {
            // Only the lines holding an offset of `at`, each once.
            let mut next_line = 0;
            for &p in at {
                if p < next_line || p > text.len() {
                    continue;
                }
                let line_start = memchr::memrchr(b'\n', &bytes[..p]).map_or(0, |i| i + 1);
                next_line = split(line_start, &mut units);
                if next_line <= p {
                    break; // p is at the very end of the text
                }
            }
        }
        None => {
            // Lines before `next_line` are split already; no search goes back past
            // it, so the pass is linear even when the document is one long line.
            let mut next_line = 0;
            for seg in segs {
                if seg.end <= next_line {
                    continue;
                }
                let from = seg.start.max(next_line);
                let mut line_start = memchr::memrchr(b'\n', &bytes[next_line..from])
                    .map_or(next_line, |i| next_line + i + 1);
                while line_start < seg.end {
                    line_start = split(line_start, &mut units);
                    next_line = line_start;
                    if line_start == text.len() {
                        break;
                    }
                }
            }
        }
    }
    let mut k = 0;
    units.retain(|u| {
        while segs.get(k).is_some_and(|s| s.end <= u.start) {
            k += 1;
        }
        segs.get(k).is_some_and(|s| s.start < u.end)
    });
    units
}

/// Non-empty ranges that are valid in `text`, sorted by start.
pub(super) fn valid_ranges(text: &str, ranges: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut v: Vec<Range<usize>> = ranges
        .iter()
        .filter(|r| r.start < r.end && text.get(r.start..r.end).is_some())
        .cloned()
        .collect();
    v.sort_by_key(|r| r.start);
    v
}

/// Splits one line at sentence ends.
fn split_line(text: &str, line: Range<usize>, out: &mut Vec<Range<usize>>) {
    // The first bytes of every character `sentence_end` accepts: ASCII . ! ?, and
    // the lead bytes of 。！？．؟؛।॥۔. Only those characters are decoded; neither
    // kind of byte is ever inside a character, so each hit starts one.
    const MAY_END: [bool; 256] = {
        let mut t = [false; 256];
        let bytes = [b'.', b'!', b'?', 0xE3, 0xEF, 0xD8, 0xDB, 0xE0];
        let mut k = 0;
        while k < bytes.len() {
            t[bytes[k] as usize] = true;
            k += 1;
        }
        t
    };
    let s = &text[line.clone()];
    let b = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if !MAY_END[b[i] as usize] {
            i += 1;
            continue;
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        if i >= start {
            if let Some(end) = sentence_end(s, i, c) {
                push_unit(text, line.start + start..line.start + end, out);
                start = end;
            }
        }
        i += c.len_utf8();
    }
    push_unit(text, line.start + start..line.end, out);
}

/// Where the sentence ends when `c` at byte `i` of `s` ends it.
fn sentence_end(s: &str, i: usize, c: char) -> Option<usize> {
    if !matches!(
        c,
        '。' | '！' | '？' | '．' | '؟' | '؛' | '।' | '॥' | '۔' | '!' | '?' | '.'
    ) {
        return None;
    }
    let after = i + c.len_utf8();
    let end = s.len() - s[after..].trim_start_matches(CLOSERS).len();
    let rest = &s[end..];
    match c {
        '。' | '！' | '？' | '．' | '؟' | '؛' | '।' | '॥' | '۔' => Some(end),
        '!' | '?' => (!rest
            .starts_with(|n: char| n.is_ascii_alphanumeric() || n == '!' || n == '?'))
        .then_some(end),
        '.' => (rest.chars().next().is_none_or(char::is_whitespace)
            && !abbreviation(&s[..i], rest))
        .then_some(end),
        _ => None,
    }
}

/// Whether a full stop after `before` and followed by `after` is not a sentence end.
fn abbreviation(before: &str, after: &str) -> bool {
    if after.trim_start().starts_with(char::is_lowercase) {
        return true;
    }
    let word = &before[before
        .trim_end_matches(|c: char| c.is_alphabetic() || c == '.')
        .len()..];
    let mut chars = word.chars();
    let single_capital =
        chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.next().is_none();
    single_capital
        || CUES
            .abbreviations
            .iter()
            .any(|a| a.eq_ignore_ascii_case(word))
}

/// Adds a unit without surrounding white space and list, quote, table or heading
/// markers, when it has any letter or digit.
fn push_unit(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let mut body = s;
    loop {
        let t = strip_marker(body.trim_start());
        if t.len() == body.len() {
            break;
        }
        body = t;
    }
    let lead = s.len() - body.len();
    let body = body.trim_end_matches(|c: char| c.is_whitespace() || c == '|');
    if body.chars().any(char::is_alphanumeric) {
        out.push(r.start + lead..r.start + lead + body.len());
    }
}

/// `s` without one leading markdown block marker: `#`, `>`, `|`, `- `, `* `, `+ `,
/// `1. `, `1) `, `[ ] `.
fn strip_marker(s: &str) -> &str {
    let spaced = |rest: &str| rest.is_empty() || rest.starts_with([' ', '\t']);
    let hashes = s.len() - s.trim_start_matches('#').len();
    if hashes > 0 && spaced(&s[hashes..]) {
        return &s[hashes..];
    }
    if let Some(rest) = s.strip_prefix(['>', '|']) {
        return rest;
    }
    if let Some(rest) = s.strip_prefix(['-', '*', '+']).filter(|r| spaced(r)) {
        return rest;
    }
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if (1..=9).contains(&digits) {
        if let Some(rest) = s[digits..].strip_prefix(['.', ')']).filter(|r| spaced(r)) {
            return rest;
        }
    }
    ["[ ] ", "[x] ", "[X] "]
        .iter()
        .find_map(|b| s.strip_prefix(b))
        .unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::fixtures::whole;

    fn units(text: &str) -> Vec<&str> {
        split_sentences(text, &whole(text))
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn sentences_latin_and_markdown() {
        let t = "# Title\n\nOne. Two is 3.5 big! Z.ai is here, e.g. in Beijing.\n\
                 - item one\n2. item two?\n> quoted **bold.** Next";
        assert_eq!(
            units(t),
            [
                "Title",
                "One.",
                "Two is 3.5 big!",
                "Z.ai is here, e.g. in Beijing.",
                "item one",
                "item two?",
                "quoted **bold.**",
                "Next"
            ]
        );
    }

    #[test]
    fn sentences_other_scripts() {
        let t = "北京很大。上海也是！東京「いい」。\nفي بكين، تعمل الشركة. هل هي كبيرة؟ نعم؛ جداً\n\
                 यह बड़ा है। वह भी";
        assert_eq!(
            units(t),
            [
                "北京很大。",
                "上海也是！",
                "東京「いい」。",
                "في بكين، تعمل الشركة.",
                "هل هي كبيرة؟",
                "نعم؛",
                "جداً",
                "यह बड़ा है।",
                "वह भी"
            ]
        );
    }

    #[test]
    fn sentences_only_where_prose_is() {
        let t = "Prose here.\n```\ncode. More code.\n```\nMore prose.";
        let code = t.find("```").unwrap();
        let after = t.rfind("```").unwrap() + 4;
        let segments = [0..code, after..t.len(), Range { start: 5, end: 3 }, 0..999];
        let got: Vec<&str> = split_sentences(t, &segments)
            .into_iter()
            .map(|r| &t[r])
            .collect();
        assert_eq!(got, ["Prose here.", "More prose."]);
    }

    #[test]
    fn sentence_around_an_offset() {
        let t = "# Title\nIn 2024, DeepSeek grew. Tencent (Shenzhen) too!\n\n- Qwen2.5 is 3.5 times faster";
        let around = |needle: &str| &t[sentence_around(t, t.find(needle).unwrap())];
        assert_eq!(around("DeepSeek"), "In 2024, DeepSeek grew.");
        assert_eq!(around("Shenzhen"), "Tencent (Shenzhen) too!");
        assert_eq!(around("Qwen"), "Qwen2.5 is 3.5 times faster");
        assert_eq!(around("Title"), "Title");
        // Between two units: the next one; a marker: its unit; out of range: the last line.
        assert_eq!(
            &t[sentence_around(t, t.find(" Tencent").unwrap())],
            "Tencent (Shenzhen) too!"
        );
        assert_eq!(
            &t[sentence_around(t, t.find("- Qwen").unwrap())],
            "Qwen2.5 is 3.5 times faster"
        );
        assert_eq!(&t[sentence_around(t, 9999)], "Qwen2.5 is 3.5 times faster");
        // Inside a character, on an empty line, in an empty text.
        let zh = "北京很大。";
        assert_eq!(&zh[sentence_around(zh, 1)], zh);
        let e = t.find("\n\n").unwrap() + 1;
        assert_eq!(sentence_around(t, e), e..e);
        assert_eq!(sentence_around("", 3), 0..0);
    }
}
