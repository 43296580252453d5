//! Facts: what an article states about the entities it mentions, each with the
//! sentence that states it.
//!
//! The stage after matching. It takes the document text, its prose ranges and the
//! mentions, and returns [`Fact`]s of three kinds. **Relations** between two
//! mentions in one sentence: company `located_in` city, model `developed_by`
//! company, product `made_by` company, model `variant_of` model. **Quantities**
//! next to a mention: `parameters`, `active_parameters`, `context_length`,
//! `users`, normalised to a number. **Gazetteer facts**: the same relations read
//! from the gazetteer's `city`, `developer` and `family` attributes, once per
//! document for every entity the document mentions (`source = gazetteer`). It does
//! not find mentions, never names an entity that was not mentioned, reads no
//! relation across sentences and does not resolve pronouns ("its", "their", 其).
//!
//! **Sentences** ([`split_sentences`]): a line end always ends a unit, so list
//! items, headings and table rows are units of their own. Within a line a unit
//! ends at Latin `. ! ?` followed by white space or the end (after any closing
//! quote, bracket or `**`), but not after an abbreviation (`e.g.`, `vs.`, `Dr.`,
//! a single capital) nor before a lowercase word, and never inside `3.5` or
//! `Z.ai`; at `。！？．`; at Arabic `؟ ؛` and `.`; at Devanagari `। ॥`. The
//! Arabic comma `،` does not end a unit: in "في هانغتشو، تعد DeepSeek" it
//! separates a place from the company it locates, and cutting there would lose the
//! commonest way articles state where a company is.
//!
//! **Relations.** Each mention is paired with its 16 nearest followers within 400
//! bytes, in both directions; a pair whose types fit a predicate is a candidate.
//! It is dropped when a mention of another entity of the same type as either end
//! lies between them (not for `variant_of`: "Pangu (Pangu-Σ, Pangu Pro)"), or
//! when the text between them leaves a parenthesis. Otherwise it scores *cue −
//! distance*, the distance being the characters between the two mentions:
//! - strong cue, 100: the object in parentheses right after the subject ("Tencent
//!   (Shenzhen)", "WeChat (the app of Tencent)"); a possessive right after the
//!   object with the subject the next name ("Tencent's Hunyuan", 腾讯的混元,
//!   テンセントの混元, टेंसेंट का हुनयुआन); an agent word at the object ("by
//!   Tencent", "من تنسنت", テンセントが開発, टेंसेंट द्वारा); a place word at the
//!   city ("in Hangzhou", في هانغتشو, 在杭州, 杭州で, हांग्जो में, "Hangzhou-based");
//!   a model and its variant (gazetteer `family`, or a name that extends the other);
//! - weak cue, 50: a cue word between them in its direction ("developed by" with
//!   the subject first; "builds", 发布, 公開 with the object first; "based in",
//!   总部, 本社, द्वारा either way), or two adjacent table cells of one name each;
//! - no cue, 0. A label scores 50 minus twice the characters after its colon: the
//!   first mention opens the sentence and a colon follows it ("**Tencent
//!   (Shenzhen)**: their Hunyuan").
//!
//! Pairs scoring under 20 are dropped; a candidate more than 15 below the best
//! subject of the same object mention is dropped (the nearer, better-cued subject
//! wins the object); then each subject keeps only its best object per predicate.
//! A long sentence listing many entities therefore never yields their cross
//! product. `agrees` compares the object with the subject's `city`, `developer` or
//! `family` attribute.
//!
//! **Quantities** are numbers in prose (not in code, URLs or a mention's own name,
//! so the `72B` of "Qwen2.5-72B" is not one): digits in ASCII, Arabic-Indic,
//! Eastern Arabic, Devanagari or full width, or a number word ("a billion", एक
//! अरब, a bare مليار); a scale (K, M, B, T, million, milliard, مليار, 亿, 万亿, 億,
//! 兆, अरब, करोड़, ...); and a unit: a word after the number (parameters, tokens,
//! users in the five languages and French; "active" right after the number or its
//! unit), else a word before a scaled number (激活参数320亿, 月活用户超过10亿,
//! "activates 13 billion", "(active 32B)"), else `B`/`T` glued to the digits
//! ("72B"). A year, a price (`$72B`, "per 1M tokens"), a rate ("tokens per
//! second") or a number without a unit is never a quantity. The quantity goes to
//! the nearest fitting mention of the sentence (a model for sizes, a model or
//! product for context lengths, a product, model or company for users), mentions
//! after the number counting four times their distance, each clause break 30
//! more, a `;` never crossed, and nothing further than 200.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use crate::gazetteer::Gazetteer;

/// A mention as the facts stage sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactInput {
    /// Entity index in the gazetteer.
    pub entity: usize,
    /// Byte range in the text.
    pub range: Range<usize>,
}

/// Where a fact comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactSource {
    /// Stated in the article.
    Text,
    /// The gazetteer's attribute, for an entity the article mentions.
    Gazetteer,
}

impl FactSource {
    /// `text` or `gazetteer`.
    pub fn as_str(self) -> &'static str {
        match self {
            FactSource::Text => "text",
            FactSource::Gazetteer => "gazetteer",
        }
    }
}

/// Whether the gazetteer says the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    /// The gazetteer attribute has the same value.
    Yes,
    /// The gazetteer attribute has another value.
    No,
    /// The gazetteer has no such attribute.
    Unknown,
}

impl Agreement {
    /// `yes`, `no` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Agreement::Yes => "yes",
            Agreement::No => "no",
            Agreement::Unknown => "unknown",
        }
    }
}

/// One fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// Subject entity index.
    pub subject: usize,
    /// `located_in`, `developed_by`, `made_by`, `variant_of`, `parameters`,
    /// `active_parameters`, `context_length`, `users`.
    pub predicate: &'static str,
    /// Object entity index (relations).
    pub object: Option<usize>,
    /// Normalised value (quantities): `72000000000`, `256000`.
    pub value: Option<u64>,
    /// `parameters`, `tokens`, `users` for quantities, empty for relations.
    pub unit: &'static str,
    /// The quantity as written (`72B`, `256K رمز`, `720亿参数`), empty for relations.
    pub surface: String,
    /// Byte range in the text of the evidence sentence; for a gazetteer fact, the
    /// sentence of the subject's first mention (the mention itself when no mention
    /// of it stands in a sentence, as in the title).
    pub evidence: Range<usize>,
    /// Text or gazetteer.
    pub source: FactSource,
    /// Whether the gazetteer agrees (relations; `Unknown` for quantities).
    pub agrees: Agreement,
}

// ---------------------------------------------------------------- sentences

/// Characters that may follow a sentence end and still belong to its sentence.
const CLOSERS: &[char] = &[
    '"', '\'', '”', '’', ')', ']', '*', '_', '»', '」', '』', '）', '】', '》',
];

/// Words after which a full stop does not end a sentence (lowercase, no final dot).
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "vs", "cf", "mr", "mrs", "ms", "dr", "prof", "st", "no", "fig", "approx", "u.s",
    "u.k", "al", "inc", "ltd", "co", "corp", "jr", "sr",
];

/// Splits prose into sentence units (see the module doc); returns the trimmed byte
/// ranges of `text`, in text order, of the units that overlap a prose segment.
/// Ranges that are out of bounds or not on character boundaries are ignored.
pub fn split_sentences(text: &str, segments: &[Range<usize>]) -> Vec<Range<usize>> {
    sentences_of_lines(text, &valid_ranges(text, segments), None)
}

/// The sentence units of the lines of `text` that overlap the prose `segs`
/// (valid and sorted) — only of the lines that hold one of `at` (sorted byte
/// offsets), when given. Lines are split independently, so a line's units are the
/// same whichever other lines are split.
fn sentences_of_lines(
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
fn valid_ranges(text: &str, ranges: &[Range<usize>]) -> Vec<Range<usize>> {
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
    single_capital || words(ABBREVIATIONS).any(|a| a.eq_ignore_ascii_case(word))
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

// ---------------------------------------------------------------- extraction

/// One sentence with the mentions inside it.
struct Sentence<'a> {
    text: &'a str,
    range: Range<usize>,
    /// Where the first letter or digit of the sentence is.
    head: usize,
    mentions: Vec<&'a FactInput>,
    g: &'a Gazetteer,
    /// Per mention, once asked: the folded 40 bytes before and after it.
    around: Vec<std::cell::OnceCell<(String, String)>>,
}

impl<'a> Sentence<'a> {
    /// The type of mention `i`.
    fn kind(&self, i: usize) -> &str {
        &self.g.entities()[self.mentions[i].entity].kind
    }

    /// The text between mentions `a` and `b` (`a` before `b`).
    fn between(&self, a: usize, b: usize) -> &'a str {
        let (x, y) = (&self.mentions[a].range, &self.mentions[b].range);
        self.text.get(x.end..y.start).unwrap_or("")
    }

    /// Up to `bytes` bytes of the sentence before `at` (`back`) or after it.
    fn window(&self, at: usize, bytes: usize, back: bool) -> &'a str {
        let r = if back {
            floor(self.text, at.saturating_sub(bytes)).max(self.range.start)..at
        } else {
            at..floor(self.text, at + bytes).min(self.range.end)
        };
        self.text.get(r).unwrap_or("")
    }

    /// The folded text just before and just after mention `i` (cue windows).
    fn around(&self, i: usize) -> &(String, String) {
        self.around[i].get_or_init(|| {
            let r = &self.mentions[i].range;
            (
                fold(self.window(r.start, 40, true)),
                fold(self.window(r.end, 40, false)),
            )
        })
    }

    /// The mentions that overlap `from..to`, as a range of indices.
    fn mentions_near(&self, from: usize, to: usize) -> Range<usize> {
        let lo = self.mentions.partition_point(|m| m.range.end <= from);
        let hi = self.mentions.partition_point(|m| m.range.start < to);
        lo..hi.max(lo)
    }
}

/// The largest character boundary of `text` not above `i`.
fn floor(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// All facts of one document, in the order of their evidence: relations and
/// quantities stated in the sentences of `segments`, and the gazetteer's
/// relations for every mentioned entity. Mentions that are out of bounds, not on
/// character boundaries, of an unknown entity or overlapping an earlier mention
/// are ignored.
pub fn extract(
    text: &str,
    segments: &[Range<usize>],
    mentions: &[FactInput],
    gazetteer: &Gazetteer,
) -> Vec<Fact> {
    let segs = valid_ranges(text, segments);
    let mentions = valid_mentions(text, mentions, gazetteer);
    // Only sentences with a mention can state a fact: split only their lines.
    let starts: Vec<usize> = mentions.iter().map(|m| m.range.start).collect();
    let sentences = sentences_of_lines(text, &segs, Some(&starts));
    let mut facts = Vec::new();
    let mut first = 0;
    for s in &sentences {
        first += mentions[first..].partition_point(|m| m.range.start < s.start);
        let inside: Vec<&FactInput> = mentions[first..]
            .iter()
            .take_while(|m| m.range.start < s.end)
            .filter(|m| m.range.end <= s.end)
            .copied()
            .collect();
        if inside.is_empty() {
            continue;
        }
        let head = text[s.clone()]
            .find(char::is_alphanumeric)
            .map_or(s.start, |i| s.start + i);
        let cx = Sentence {
            text,
            range: s.clone(),
            head,
            around: vec![std::cell::OnceCell::new(); inside.len()],
            mentions: inside,
            g: gazetteer,
        };
        relations(&cx, &mut facts);
        quantities(&cx, &segs, &mut facts);
    }
    gazetteer_facts(&mentions, &sentences, gazetteer, &mut facts);
    facts.sort_by_key(|f| f.evidence.start);
    facts
}

/// Usable mentions in text order, without overlaps.
fn valid_mentions<'a>(text: &str, mentions: &'a [FactInput], g: &Gazetteer) -> Vec<&'a FactInput> {
    let mut v: Vec<&FactInput> = mentions
        .iter()
        .filter(|m| m.entity < g.len() && m.range.start < m.range.end)
        .filter(|m| text.get(m.range.clone()).is_some())
        .collect();
    v.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
    let mut out: Vec<&FactInput> = Vec::with_capacity(v.len());
    for m in v {
        if out.last().is_none_or(|l| m.range.start >= l.range.end) {
            out.push(m);
        }
    }
    out
}

// ---------------------------------------------------------------- relations

const STRONG: i64 = 100;
const WEAK: i64 = 50;
const THRESHOLD: i64 = 20;
const MARGIN: i64 = 15;
/// Mentions further apart than this (bytes) can never reach the threshold.
const MAX_GAP: usize = 400;
/// How many following mentions each mention is paired with.
const NEIGHBOURS: usize = 16;

/// Where a cue stands relative to the object mention, and which mention must
/// come first for it to count.
#[derive(Clone, Copy, PartialEq, Eq)]
enum At {
    /// Right after the object, the object first: "Tencent's Hunyuan".
    AfterObjectFirst,
    /// Right after the object, either order: "テンセントが開発", "हांग्जो में".
    After,
    /// Right before the object, the subject first: "Hunyuan by Tencent".
    BeforeSubjectFirst,
    /// Right before the object, either order: "in Hangzhou, DeepSeek".
    Before,
}

/// Cues of `developed_by` and `made_by` (folded: lowercase, no
/// tatweel).
const MAKER_CUES: &[(At, &[&str])] = &[
    (
        At::AfterObjectFirst,
        &["'s", "’s", "的", "の", "का", "की", "के", "旗下"],
    ),
    (At::After, &["による", "が開発", "开发", "推出", "द्वारा"]),
    (
        At::BeforeSubjectFirst,
        &[
            "by", "from", "of", "at", "من", "ل", "ول", "لدى", "来自", "由",
        ],
    ),
];

/// Cues of `located_in`, at the city.
const PLACE_CUES: &[(At, &[&str])] = &[
    (
        At::AfterObjectFirst,
        &["'s", "’s", "的", "の", "का", "की", "के"],
    ),
    (
        At::After,
        &[
            "-based",
            "based",
            "で",
            "に本社",
            "を拠点",
            "に拠点",
            "में",
            "स्थित",
        ],
    ),
    (
        At::Before,
        &[
            "in",
            "at",
            "from",
            "في",
            "بمدينة",
            "مدينة",
            "مقرها",
            "من",
            "在",
            "于",
            "位于",
            "来自",
        ],
    ),
];

/// Cue words that link two names in either order, wherever they stand between
/// them (folded).
const WEAK_CUES: &[&str] = &[
    "based in",
    "headquartered",
    "التابع",
    "مقرها",
    "تطوير",
    "总部",
    "位于",
    "来自",
    "本社",
    "拠点",
    "द्वारा",
    "मुख्यालय",
    "विकसित",
];
/// Passive cue words, the subject first: "Hunyuan, developed by Tencent".
const WEAK_CUES_SUBJECT_FIRST: &[&str] = &[
    "developed by",
    "made by",
    "built by",
    "created by",
    "released by",
    "launched by",
    "trained by",
    "backed by",
];
/// Active cue words, the object first: "Tencent builds Hunyuan", "TIIがFalconを公開".
const WEAK_CUES_OBJECT_FIRST: &[&str] = &[
    "develops",
    "developed",
    "builds",
    "built",
    "released",
    "releases",
    "launched",
    "publishes",
    "ships",
    "trained",
    "makes",
    "maker of",
    "طورت",
    "تطور",
    "أطلقت",
    "تطرح",
    "开发",
    "推出",
    "发布",
    "打造",
    "開発",
    "公開",
    "発表",
    "बनाता",
    "बनाती",
    "जारी",
];

/// The items of a word list.
fn words(list: &'static [&'static str]) -> impl Iterator<Item = &'static str> {
    list.iter().copied()
}

/// The predicate linking a subject of type `a` to an object of type `b`.
fn predicate_for(a: &str, b: &str) -> Option<&'static str> {
    match (a, b) {
        ("company", "city") => Some("located_in"),
        ("model", "company") => Some("developed_by"),
        ("product", "company") => Some("made_by"),
        ("model", "model") => Some("variant_of"),
        _ => None,
    }
}

/// The gazetteer attribute that states a predicate.
fn attribute_for(predicate: &str) -> Option<&'static str> {
    match predicate {
        "located_in" => Some("city"),
        "developed_by" | "made_by" => Some("developer"),
        "variant_of" => Some("family"),
        _ => None,
    }
}

fn agreement(g: &Gazetteer, subject: usize, predicate: &str, object: usize) -> Agreement {
    let Some(attr) = attribute_for(predicate) else {
        return Agreement::Unknown;
    };
    match g.entities()[subject].attribute(attr) {
        Some(id) if id == g.entities()[object].id => Agreement::Yes,
        Some(_) => Agreement::No,
        None => Agreement::Unknown,
    }
}

/// A scored pair: mention indices in the sentence.
struct Candidate {
    subject: usize,
    object: usize,
    predicate: &'static str,
    score: i64,
}

fn relations(cx: &Sentence, facts: &mut Vec<Fact>) {
    let ms = &cx.mentions;
    let mut candidates = Vec::new();
    for i in 0..ms.len() {
        for j in i + 1..ms.len().min(i + 1 + NEIGHBOURS) {
            if ms[j].range.start.saturating_sub(ms[i].range.end) > MAX_GAP {
                break;
            }
            for (s, o) in [(i, j), (j, i)] {
                candidates.extend(candidate(cx, s, o));
            }
        }
    }
    for c in select(cx, candidates) {
        let (subject, object) = (ms[c.subject].entity, ms[c.object].entity);
        facts.push(Fact {
            subject,
            predicate: c.predicate,
            object: Some(object),
            value: None,
            unit: "",
            surface: String::new(),
            evidence: cx.range.clone(),
            source: FactSource::Text,
            agrees: agreement(cx.g, subject, c.predicate, object),
        });
    }
}

/// Mention `s` as the subject and `o` as the object, when they score enough.
fn candidate(cx: &Sentence, s: usize, o: usize) -> Option<Candidate> {
    let (se, oe) = (cx.mentions[s].entity, cx.mentions[o].entity);
    if se == oe {
        return None;
    }
    let predicate = predicate_for(cx.kind(s), cx.kind(o))?;
    if predicate == "variant_of" && !is_variant(cx.g, se, oe) {
        return None;
    }
    if blocked(cx, s.min(o), s.max(o), predicate) {
        return None;
    }
    let score = score(cx, s, o, predicate);
    (score >= THRESHOLD).then_some(Candidate {
        subject: s,
        object: o,
        predicate,
        score,
    })
}

/// Characters between two mentions, emphasis markers aside.
fn distance(between: &str) -> i64 {
    between.chars().filter(|c| !matches!(c, '*' | '_')).count() as i64
}

/// Whether a mention of another entity of the same type as either end stands
/// between mentions `lo` and `hi` (variants aside), or the text between them
/// leaves a parenthesis.
fn blocked(cx: &Sentence, lo: usize, hi: usize, predicate: &str) -> bool {
    let ends = [cx.mentions[lo].entity, cx.mentions[hi].entity];
    let kinds = [cx.kind(lo), cx.kind(hi)];
    let intervening = predicate != "variant_of"
        && (lo + 1..hi)
            .any(|k| !ends.contains(&cx.mentions[k].entity) && kinds.contains(&cx.kind(k)));
    let mut depth = 0;
    let leaves = cx
        .between(lo, hi)
        .trim_start_matches([' ', '*', '_', ')', '）', ']'])
        .chars()
        .any(|c| {
            match c {
                '(' | '（' | '[' => depth += 1,
                ')' | '）' | ']' => depth -= 1,
                _ => {}
            }
            depth < 0
        });
    intervening || leaves
}

/// The score of subject mention `s` and object mention `o` (see module doc). Cues
/// are only looked for when they can still reach the threshold.
fn score(cx: &Sentence, s: usize, o: usize, predicate: &str) -> i64 {
    let (lo, hi) = (s.min(o), s.max(o));
    let d = distance(cx.between(lo, hi));
    let label = label(cx, lo, hi).map_or(i64::MIN, |after| WEAK - 2 * after);
    if predicate == "variant_of" || (STRONG - d >= THRESHOLD && strong_cue(cx, s, o, predicate)) {
        (STRONG - d).max(label)
    } else if WEAK - d >= THRESHOLD && weak_cue(cx, s, o) {
        (WEAK - d).max(label)
    } else {
        (-d).max(label)
    }
}

fn strong_cue(cx: &Sentence, s: usize, o: usize, predicate: &str) -> bool {
    let subject_first = s < o;
    let (lo, hi) = (s.min(o), s.max(o));
    let between = cx.between(lo, hi);
    let (before, after) = cx.around(o);
    // A possessor owns the first name after it: "Tencent's Hunyuan".
    let possessed = !subject_first && hi == lo + 1 && distance(between) <= 25;
    let cues = if predicate == "located_in" {
        PLACE_CUES
    } else {
        MAKER_CUES
    };
    (subject_first && paren_cue(between))
        || cues.iter().any(|&(at, list)| {
            words(list).any(|c| match at {
                At::AfterObjectFirst => possessed && starts_with_cue(after, c),
                At::After => starts_with_cue(after, c),
                At::BeforeSubjectFirst => subject_first && ends_with_cue(before, c),
                At::Before => ends_with_cue(before, c),
            })
        })
}

/// When mention `lo` opens the sentence and a colon follows it before `hi`
/// ("**Tencent (Shenzhen)**: their Hunyuan"), the distance from the colon to `hi`.
fn label(cx: &Sentence, lo: usize, hi: usize) -> Option<i64> {
    let between = cx.between(lo, hi);
    let colon = between.rfind([':', '：'])?;
    (cx.mentions[lo].range.start <= cx.head).then(|| distance(&between[colon..]) - 1)
}

/// "Tencent (Shenzhen)", "**Tencent** (Shenzhen)", "WeChat (the app of Tencent)":
/// the object is inside a parenthesis opened right after the subject.
fn paren_cue(between: &str) -> bool {
    let t = between.trim_start_matches([' ', '*', '_', ')', '）']);
    let Some(inner) = t.strip_prefix(['(', '（']) else {
        return false;
    };
    !inner.contains([')', '）']) && distance(between) <= 30
}

/// A cue word between the mentions in its direction, or two adjacent table cells
/// of one name each.
fn weak_cue(cx: &Sentence, s: usize, o: usize) -> bool {
    static ANY: LazyLock<AhoCorasick> = LazyLock::new(|| automaton(WEAK_CUES));
    static SUBJECT_FIRST: LazyLock<AhoCorasick> =
        LazyLock::new(|| automaton(WEAK_CUES_SUBJECT_FIRST));
    static OBJECT_FIRST: LazyLock<AhoCorasick> =
        LazyLock::new(|| automaton(WEAK_CUES_OBJECT_FIRST));
    let (lo, hi) = (s.min(o), s.max(o));
    let b = fold(cx.between(lo, hi));
    let directed = if s < o { &SUBJECT_FIRST } else { &OBJECT_FIRST };
    let gap = |a: usize, b: usize| cx.between(a, b).contains('|');
    let cells = b.trim() == "|"
        && (lo == 0 || gap(lo - 1, lo))
        && (hi + 1 == cx.mentions.len() || gap(hi, hi + 1));
    cells || directed.is_match(&b) || ANY.is_match(&b)
}

/// One automaton over the words of a list.
fn automaton(list: &'static [&'static str]) -> AhoCorasick {
    automaton_of(list.iter())
}

/// One automaton over static words (overlapping search: standard match kind).
fn automaton_of(words: impl IntoIterator<Item = &'static &'static str>) -> AhoCorasick {
    AhoCorasick::new(words).expect("static cue words")
}

/// Whether `hay` ends with the word `cue` (white space aside).
fn ends_with_cue(hay: &str, cue: &str) -> bool {
    let Some(rest) = hay.trim_end().strip_suffix(cue) else {
        return false;
    };
    bounded(rest.chars().next_back(), cue.chars().next())
}

/// Whether `hay` starts with the word `cue` (white space aside).
fn starts_with_cue(hay: &str, cue: &str) -> bool {
    let Some(rest) = hay.trim_start().strip_prefix(cue) else {
        return false;
    };
    bounded(rest.chars().next(), cue.chars().next_back())
}

/// Whether a cue whose edge is `edge` is not glued to the neighbouring letter
/// (Han and kana cues need no boundary).
fn bounded(neighbour: Option<char>, edge: Option<char>) -> bool {
    match (neighbour, edge) {
        (Some(n), Some(e)) if e.is_alphanumeric() && !is_cjk(e) => !continues_word(n),
        _ => true,
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}' | '\u{ff66}'..='\u{ff9f}' | '\u{20000}'..='\u{3134f}')
}

/// A letter or digit that continues a word (Arabic vowel marks do not).
fn continues_word(c: char) -> bool {
    c.is_alphanumeric() && !matches!(c, '\u{064b}'..='\u{065f}' | '\u{0670}')
}

/// Lowercase ASCII, without emphasis markers, Arabic vowel marks and tatweel.
fn fold(s: &str) -> String {
    fold_map(s, 0).0
}

/// [`fold`] with, for every byte of the result, its offset in `s` plus `base`
/// (and one more entry for the end).
fn fold_map(s: &str, base: usize) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len() + 1);
    for (i, c) in s.char_indices() {
        if matches!(c, '*' | '_' | 'ـ' | '\u{064b}'..='\u{065f}' | '\u{0670}') {
            continue;
        }
        out.push(c.to_ascii_lowercase());
        map.extend(std::iter::repeat_n(base + i, c.len_utf8()));
    }
    map.push(base + s.len());
    (out, map)
}

/// Whether model `a` is a variant of model `b`: `b` is its gazetteer family, or,
/// when it has none, `a`'s name extends `b`'s ("Qwen2.5" of "Qwen").
fn is_variant(g: &Gazetteer, a: usize, b: usize) -> bool {
    let (ea, eb) = (&g.entities()[a], &g.entities()[b]);
    match ea.attribute("family") {
        Some(family) => family == eb.id,
        None => ea.name.len() > eb.name.len() && ea.name.starts_with(&eb.name),
    }
}

/// The candidates that survive the competition for their object mention, then
/// the best object of each subject and predicate (see module doc).
fn select(cx: &Sentence, candidates: Vec<Candidate>) -> Vec<Candidate> {
    let mut best_for_object: HashMap<(usize, &str), i64> = HashMap::new();
    for c in &candidates {
        let e = best_for_object
            .entry((c.object, c.predicate))
            .or_insert(i64::MIN);
        *e = (*e).max(c.score);
    }
    let mut kept: Vec<Candidate> = Vec::new();
    let mut slot: HashMap<(usize, &str), usize> = HashMap::new();
    for c in candidates {
        let best = best_for_object
            .get(&(c.object, c.predicate))
            .copied()
            .unwrap_or(c.score);
        if c.predicate != "variant_of" && c.score + MARGIN < best {
            continue;
        }
        let key = (cx.mentions[c.subject].entity, c.predicate);
        match slot.get(&key) {
            Some(&k) if kept[k].score >= c.score => {}
            Some(&k) => kept[k] = c,
            None => {
                slot.insert(key, kept.len());
                kept.push(c);
            }
        }
    }
    kept
}

// ---------------------------------------------------------------- quantities

/// What a quantity counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    Params,
    Active,
    Tokens,
    Users,
    /// "128k context": tokens when the number has a scale.
    Context,
}

/// Numbers: digits of five scripts (thousands groups, decimal point or comma),
/// number words that need a scale ("a billion", एक अरब), and Arabic scale words
/// written without a number (مليار مستخدم).
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<digits>[0-9٠-٩۰-۹०-९０-９]+(?:[,٬][0-9٠-٩۰-۹०-९０-９]{3})*(?:[.٫,][0-9٠-٩۰-۹०-९０-９]+)?)",
        r"|(?P<word>(?-u:\b)(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten)(?-u:\b)",
        r"|एक|दो|तीन|चार|पांच|पाँच|दस)",
        r"|(?P<bare>تريليون|مليار|مليون)",
    ))
    .expect("static regex")
});

/// Scale words by value, largest first so that compounds (万亿, 千亿, 十亿, 百万)
/// are tried before their parts, longer forms first; Latin ones match in any case.
const SCALES: &[(f64, &[&str])] = &[
    (
        1e12,
        &[
            "trillions",
            "trillion",
            "تريليونات",
            "تريليون",
            "万亿",
            "兆",
            "ट्रिलियन",
        ],
    ),
    (1e11, &["千亿", "खरब"]),
    (1e10, &["百亿"]),
    (
        1e9,
        &[
            "billions",
            "billion",
            "milliards",
            "milliard",
            "mrd",
            "bn",
            "مليارات",
            "ملياراً",
            "مليارا",
            "مليار",
            "十亿",
            "बिलियन",
            "अरब",
        ],
    ),
    (1e8, &["亿", "億"]),
    (1e7, &["千万", "करोड़", "करोड"]),
    (
        1e6,
        &[
            "millions",
            "million",
            "mn",
            "ملايين",
            "مليوناً",
            "مليونا",
            "مليون",
            "百万",
            "मिलियन",
        ],
    ),
    (1e5, &["लाख"]),
    (1e4, &["万", "萬"]),
    (
        1e3,
        &["thousand", "mille", "آلاف", "ألف", "千", "हज़ार", "हजार"],
    ),
];

/// Scale letters glued to the digits ("72B", "256K"); `m` and `t` are metres and
/// tonnes.
const SCALE_LETTERS: &[(char, f64)] = &[
    ('K', 1e3),
    ('k', 1e3),
    ('M', 1e6),
    ('B', 1e9),
    ('b', 1e9),
    ('T', 1e12),
];

const USER_WORDS: &[&str] = &[
    "users",
    "user",
    "utilisateurs",
    "مستخدم",
    "用户",
    "用戶",
    "ユーザー",
    "उपयोगकर्ता",
    "यूज़र",
    "यूजर",
];
const TOKEN_WORDS: &[&str] = &[
    "tokens",
    "token",
    "令牌",
    "词元",
    "トークン",
    "رمز",
    "رموز",
    "توكن",
    "टोकन",
];
const PARAM_WORDS: &[&str] = &[
    "parameters",
    "parameter",
    "params",
    "paramètres",
    "paramètre",
    "参数",
    "參數",
    "パラメータ",
    "パラメーター",
    "معلمة",
    "معلمات",
    "معامل",
    "पैरामीटर",
];
/// Words that make the number right before them an active parameter count.
const ACTIVE_WORDS: &[&str] = &[
    "active",
    "activated",
    "actifs",
    "activés",
    "激活",
    "アクティブ",
    "が有効",
    "有効",
    "نشطة",
    "نشط",
    "مفعلة",
    "सक्रिय",
];
/// Words before a number that make it an active parameter count.
const ACTIVE_BEFORE: &[&str] = &[
    "activ",
    "のうち",
    "激活",
    "アクティブ",
    "يفعل",
    "تفعيل",
    "تنشيط",
    "सक्रिय",
];
const CONTEXT_WORDS: &[&str] = &[
    "context",
    "contexte",
    "上下文",
    "コンテキスト",
    "سياق",
    "कॉन्टेक्स्ट",
    "संदर्भ",
];
/// Words of a rate ("per 1M tokens", "tokens per second"): not a context length.
const RATE_WORDS: &[&str] = &["per ", "/", "每", "لكل", "प्रति", "あたり"];
const CURRENCY_WORDS: &[&str] = &[
    "dollar",
    "usd",
    "yuan",
    "rmb",
    "euro",
    "美元",
    "元",
    "ドル",
    "円",
    "دولار",
    "ريال",
    "درهم",
    "डॉलर",
    "रुपये",
];
/// Punctuation that ends the text a unit word is looked for in.
const STOPS: &str = ".,;:!?()[]\"、。，；：！？（）「」،؛؟।|\n";

/// A number read from the text, before its unit is known.
struct Number {
    /// Where it starts.
    start: usize,
    /// Where it (and its scale) end.
    end: usize,
    value: f64,
    /// The scale, when one was written.
    scale: Option<f64>,
    /// `B` or `T` glued to the digits.
    glued_size: bool,
}

/// A quantity found in a sentence.
struct Quantity {
    surface: Range<usize>,
    value: u64,
    predicate: &'static str,
    unit: &'static str,
}

fn quantities(cx: &Sentence, segs: &[Range<usize>], facts: &mut Vec<Fact>) {
    let sentence = &cx.text[cx.range.clone()];
    let mut consumed = cx.range.start;
    let mut stated: HashSet<(usize, &str, u64)> = HashSet::new();
    for m in NUMBER.find_iter(sentence) {
        let start = cx.range.start + m.start();
        if start < consumed || !in_prose(segs, start) {
            continue;
        }
        let Some(number) = read_number(cx, m.as_str(), start) else {
            consumed = cx.range.start + m.end();
            continue;
        };
        consumed = number.end;
        let Some(q) = read_quantity(cx, &number) else {
            continue;
        };
        consumed = q.surface.end.max(consumed);
        if !cx.mentions_near(number.start, number.end).is_empty() {
            continue;
        }
        let Some(subject) = nearest(cx, &q.surface, q.predicate) else {
            continue;
        };
        if stated.insert((subject, q.predicate, q.value)) {
            facts.push(Fact {
                subject,
                predicate: q.predicate,
                object: None,
                value: Some(q.value),
                unit: q.unit,
                surface: cx.text[q.surface].trim_end().to_string(),
                evidence: cx.range.clone(),
                source: FactSource::Text,
                agrees: Agreement::Unknown,
            });
        }
    }
}

fn in_prose(segs: &[Range<usize>], at: usize) -> bool {
    let k = segs.partition_point(|s| s.end <= at);
    segs.get(k).is_some_and(|s| s.start <= at)
}

/// The number `found` by [`NUMBER`] at `start`, with its scale, unless it is glued
/// to a word, a version or a currency sign, or is a number word without a scale.
fn read_number(cx: &Sentence, found: &str, start: usize) -> Option<Number> {
    let text = cx.text;
    let prev = text[cx.range.start..start].chars().next_back();
    if prev.is_some_and(|c| c.is_ascii_alphanumeric() || ".,_/#@$€£¥₹￥".contains(c)) {
        return None;
    }
    // The regex's three alternatives start differently: digits, a number word,
    // or a bare Arabic scale word (read as its scale alone).
    let digits = found.starts_with(|c| digit_value(c).is_some());
    let bare = found.starts_with(|c| ('\u{600}'..='\u{6ff}').contains(&c));
    let (value, scale_at) = if digits {
        (parse_number(found)?, start + found.len())
    } else if !bare {
        (word_value(found)?, start + found.len())
    } else {
        (1.0, start)
    };
    let scale = read_scale(text, scale_at, cx.range.end);
    if !digits && scale.is_none() {
        return None;
    }
    Some(Number {
        start,
        end: scale.as_ref().map_or(scale_at, |s| s.1),
        value,
        scale: scale.as_ref().map(|s| s.0),
        glued_size: scale.is_some_and(|s| s.2),
    })
}

/// The scale at `at`: multiplier, end, and whether it is a glued `B` or `T`.
fn read_scale(text: &str, at: usize, limit: usize) -> Option<(f64, usize, bool)> {
    let rest = text.get(at..limit)?;
    if let Some(c) = rest.chars().next() {
        if let Some(&(_, v)) = SCALE_LETTERS.iter().find(|(l, _)| *l == c) {
            if !rest[1..].starts_with(|n: char| n.is_ascii_alphanumeric()) {
                return Some((v, at + 1, matches!(c, 'B' | 'b' | 'T')));
            }
        }
    }
    let word = rest.trim_start_matches([' ', '\u{a0}', '\u{202f}', '\u{2009}']);
    let gap = rest.len() - word.len();
    // Most words after a number word ("a company") start with no scale word's
    // first byte: one table lookup instead of a pass over every scale word.
    static FIRST_BYTES: LazyLock<[bool; 256]> = LazyLock::new(|| {
        let mut t = [false; 256];
        for w in SCALES.iter().flat_map(|(_, l)| l.iter()) {
            let b = w.as_bytes()[0];
            t[b.to_ascii_lowercase() as usize] = true;
            t[b.to_ascii_uppercase() as usize] = true;
        }
        t
    });
    if !word
        .as_bytes()
        .first()
        .is_some_and(|&b| FIRST_BYTES[b as usize])
    {
        return None;
    }
    SCALES.iter().find_map(|&(v, list)| {
        let w = words(list).find(|w| {
            word.get(..w.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(w))
                && (w.chars().all(is_cjk) || !word[w.len()..].starts_with(continues_word))
        })?;
        Some((v, at + gap + w.len(), false))
    })
}

/// Digits of any script, with thousands groups and a decimal point or comma.
fn parse_number(s: &str) -> Option<f64> {
    let decimal_at = s
        .char_indices()
        .rfind(|(_, c)| matches!(c, '.' | ',' | '٫' | '٬'))
        .filter(|&(i, c)| match c {
            '.' | '٫' => true,
            ',' => s[i + 1..].chars().count() != 3,
            _ => false,
        })
        .map(|(i, _)| i);
    let mut ascii = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if Some(i) == decimal_at {
            ascii.push('.');
        } else if let Some(d) = digit_value(c) {
            ascii.push(char::from(b'0' + d));
        }
    }
    ascii.parse().ok()
}

fn digit_value(c: char) -> Option<u8> {
    let zero = match c {
        '0'..='9' => '0',
        '٠'..='٩' => '٠',
        '۰'..='۹' => '۰',
        '०'..='९' => '०',
        '０'..='９' => '０',
        _ => return None,
    };
    u8::try_from(c as u32 - zero as u32).ok()
}

fn word_value(w: &str) -> Option<f64> {
    Some(match w.to_ascii_lowercase().as_str() {
        "a" | "an" | "one" | "एक" => 1.0,
        "two" | "दो" => 2.0,
        "three" | "तीन" => 3.0,
        "four" | "चार" => 4.0,
        "five" | "पांच" | "पाँच" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" | "दस" => 10.0,
        _ => return None,
    })
}

/// What the number counts, from the words after it, then before it, then a glued
/// `B`/`T`; `None` for prices, rates, years and numbers without a unit.
fn read_quantity(cx: &Sentence, n: &Number) -> Option<Quantity> {
    let value = n.value * n.scale.unwrap_or(1.0);
    // Every measure needs at least a thousand (see `accept`): most numbers in
    // prose (versions, ranks, percentages) stop here, before any folding.
    if !(1e3..1e18).contains(&value) {
        return None;
    }
    let (after, map) = fold_map(after_window(cx, n.end), n.end);
    let stated_after = unit_after(&after).map(|(m, e)| (m, map.get(e).copied().unwrap_or(n.end)));
    // Without a scale nothing before the number names a unit (see `unit_before`):
    // a number with no unit after it (a year, most often) stops here.
    if n.scale.is_none() && stated_after.is_none() {
        return None;
    }
    let before = fold(before_window(cx, n.start));
    let currency = cx.text[cx.range.start..n.start]
        .trim_end()
        .ends_with(['$', '€', '£', '¥', '₹', '￥']);
    if currency || words(CURRENCY_WORDS).any(|w| after.trim_start().starts_with(w)) {
        return None;
    }
    let rate = words(RATE_WORDS).any(|w| after.contains(w))
        || words(RATE_WORDS).any(|w| before.trim_end().ends_with(w.trim_end()));
    // A unit named after the number wins; before it, only "active" may add to it.
    let stated_before = unit_before(&before, n)
        .filter(|m| stated_after.is_none() || *m == Measure::Active)
        .map(|m| (m, n.end));
    let ((predicate, unit), end) = [stated_after, stated_before]
        .into_iter()
        .flatten()
        .find_map(|(m, end)| Some((accept(m, value, n.scale.is_some(), rate)?, end)))?;
    Some(Quantity {
        surface: n.start..end,
        value: value.round() as u64,
        predicate,
        unit,
    })
}

/// The predicate and unit of a measure, when the value is plausible for it.
fn accept(
    m: Measure,
    value: f64,
    scaled: bool,
    rate: bool,
) -> Option<(&'static str, &'static str)> {
    let year = !scaled && (1900.0..=2100.0).contains(&value) && value.fract() == 0.0;
    match m {
        Measure::Params if value >= 1e6 => Some(("parameters", "parameters")),
        Measure::Active if value >= 1e6 => Some(("active_parameters", "parameters")),
        Measure::Tokens if !rate && (1e3..=1e9).contains(&value) => {
            Some(("context_length", "tokens"))
        }
        Measure::Context if scaled && !rate && (1e3..=1e9).contains(&value) => {
            Some(("context_length", "tokens"))
        }
        Measure::Users if value >= 1e3 && !year => Some(("users", "users")),
        _ => None,
    }
}

/// The words right after a number: up to four, stopping at punctuation or a digit.
fn after_window<'a>(cx: &Sentence<'a>, from: usize) -> &'a str {
    let s = cx.window(from, 96, false);
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in s.char_indices() {
        if digit_value(c).is_some() || STOPS.contains(c) {
            return &s[..i];
        }
        if c.is_whitespace() && in_word {
            words += 1;
            if words == 4 {
                return &s[..i];
            }
        }
        in_word = !c.is_whitespace();
    }
    s
}

/// The text right before a number, back to the previous punctuation or digit.
fn before_window<'a>(cx: &Sentence<'a>, to: usize) -> &'a str {
    let s = cx.window(to, 48, true);
    let cut = s
        .char_indices()
        .rfind(|&(_, c)| digit_value(c).is_some() || STOPS.contains(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &s[cut..]
}

/// The unit named after the number (folded text), with the end of its word.
fn unit_after(after: &str) -> Option<(Measure, usize)> {
    let t = after.trim_start();
    let lead = after.len() - t.len();
    // The first (then longest) word of each list in `t`, in one pass.
    static LISTS: [&[&str]; 3] = [USER_WORDS, TOKEN_WORDS, PARAM_WORDS];
    static UNITS: LazyLock<(AhoCorasick, Vec<usize>)> = LazyLock::new(|| {
        let tags = LISTS
            .iter()
            .enumerate()
            .flat_map(|(k, l)| l.iter().map(move |_| k))
            .collect();
        (automaton_of(LISTS.iter().flat_map(|l| l.iter())), tags)
    });
    let mut first: [Option<(usize, usize)>; 3] = [None; 3];
    for m in UNITS.0.find_overlapping_iter(t) {
        let slot = &mut first[UNITS.1[m.pattern().as_usize()]];
        let key = |(i, e): (usize, usize)| (i, std::cmp::Reverse(e));
        if slot.is_none_or(|b| key((m.start(), m.end())) < key(b)) {
            *slot = Some((m.start(), m.end()));
        }
    }
    let found = |k: usize| first[k].map(|(_, e)| lead + e);
    let [users, tokens, params] = [0, 1, 2];
    let unfilled = ["of them", "of which", "of those"]
        .iter()
        .find_map(|f| t.strip_prefix(f))
        .unwrap_or(t)
        .trim_start();
    let active = words(ACTIVE_WORDS)
        .find(|w| unfilled.starts_with(w))
        .map(|w| after.len() - unfilled.len() + w.len());
    if let Some(e) = found(users) {
        Some((Measure::Users, e))
    } else if let Some(e) = active {
        Some((Measure::Active, e))
    } else if let Some(e) = found(tokens) {
        Some((Measure::Tokens, e))
    } else if let Some(e) = found(params) {
        // "32 مليار معامل نشط": the adjective after the noun.
        let rest = after[e..].trim_start();
        match words(ACTIVE_WORDS).find(|w| rest.starts_with(w)) {
            Some(w) => Some((Measure::Active, after.len() - rest.len() + w.len())),
            None => Some((Measure::Params, e)),
        }
    } else {
        let c = words(CONTEXT_WORDS).find(|w| t.starts_with(w))?;
        Some((Measure::Context, lead + c.len()))
    }
}

/// The unit named before a scaled number ("激活参数320亿", "月活用户超过10亿",
/// "activates 13 billion"), else `B`/`T` glued to the digits.
fn unit_before(before: &str, n: &Number) -> Option<Measure> {
    let has = |list: &'static [&'static str]| words(list).any(|w| before.contains(w));
    if n.scale.is_none() {
        None
    } else if has(USER_WORDS) {
        Some(Measure::Users)
    } else if has(ACTIVE_BEFORE) {
        Some(Measure::Active)
    } else if has(PARAM_WORDS) {
        Some(Measure::Params)
    } else if has(TOKEN_WORDS) || has(CONTEXT_WORDS) {
        Some(Measure::Context)
    } else if n.glued_size {
        Some(Measure::Params)
    } else {
        None
    }
}

/// The entity a quantity describes: the nearest fitting mention (see module doc).
/// The cost grows with the distance, so only the nearest fitting mention on each
/// side (within the reach of the largest cost) is weighed.
fn nearest(cx: &Sentence, q: &Range<usize>, predicate: &str) -> Option<usize> {
    let fits = |m: &&&FactInput| {
        let kind = cx.g.entities()[m.entity].kind.as_str();
        match predicate {
            "users" => matches!(kind, "product" | "model" | "company"),
            "context_length" => matches!(kind, "model" | "product"),
            _ => kind == "model",
        }
    };
    let split = cx.mentions.partition_point(|m| m.range.end <= q.start);
    let before = cx.mentions[..split]
        .iter()
        .rev()
        .take_while(|m| m.range.end + 800 >= q.start)
        .find(fits);
    let after = cx.mentions[split..]
        .iter()
        .take_while(|m| m.range.start <= q.end + 200)
        .find(|m| m.range.start >= q.end && fits(m));
    [before, after]
        .into_iter()
        .flatten()
        .filter_map(|m| Some((attach_cost(cx, m, q)?, m.entity)))
        .min_by_key(|&(cost, _)| cost)
        .map(|(_, e)| e)
}

/// The cost of attaching quantity `q` to mention `m` (see module doc), `None`
/// past a `;` or beyond 200.
fn attach_cost(cx: &Sentence, m: &FactInput, q: &Range<usize>) -> Option<i64> {
    let (gap, weight) = if m.range.end <= q.start {
        (cx.text.get(m.range.end..q.start)?, 1)
    } else {
        (cx.text.get(q.end..m.range.start)?, 4)
    };
    let clauses = gap.chars().filter(|c| ",،，、:：".contains(*c)).count() as i64;
    let cost = distance(gap) * weight + clauses * 30;
    (!gap.contains([';', '；', '؛']) && cost <= 200).then_some(cost)
}

// ---------------------------------------------------------------- gazetteer facts

/// The gazetteer's relations of every mentioned entity, once per document each.
fn gazetteer_facts(
    mentions: &[&FactInput],
    sentences: &[Range<usize>],
    g: &Gazetteer,
    facts: &mut Vec<Fact>,
) {
    // A relation the text already states is not repeated from the gazetteer.
    let mut done: HashSet<(usize, &str, usize)> = facts
        .iter()
        .filter_map(|f| f.object.map(|o| (f.subject, f.predicate, o)))
        .collect();
    for (subject, evidence) in evidence_of_entities(mentions, sentences) {
        for (predicate, object) in stated_by_gazetteer(g, subject) {
            if done.insert((subject, predicate, object)) {
                facts.push(Fact {
                    subject,
                    predicate,
                    object: Some(object),
                    value: None,
                    unit: "",
                    surface: String::new(),
                    evidence: evidence.clone(),
                    source: FactSource::Gazetteer,
                    agrees: Agreement::Yes,
                });
            }
        }
    }
}

/// Every mentioned entity, in first-mention order, with the sentence of its first
/// mention that stands in a sentence (else its first mention).
fn evidence_of_entities(
    mentions: &[&FactInput],
    sentences: &[Range<usize>],
) -> Vec<(usize, Range<usize>)> {
    // (entity, evidence, whether the evidence is a sentence).
    let mut evidence: Vec<(usize, Range<usize>, bool)> = Vec::new();
    let mut seen: HashMap<usize, usize> = HashMap::new();
    for m in mentions {
        let k = sentences.partition_point(|s| s.end <= m.range.start);
        let sentence = sentences
            .get(k)
            .filter(|s| s.start <= m.range.start && m.range.end <= s.end);
        match (seen.get(&m.entity).copied(), sentence) {
            (None, _) => {
                seen.insert(m.entity, evidence.len());
                let ev = sentence.unwrap_or(&m.range).clone();
                evidence.push((m.entity, ev, sentence.is_some()));
            }
            (Some(i), Some(s)) if !evidence[i].2 => evidence[i] = (m.entity, s.clone(), true),
            _ => {}
        }
    }
    evidence.into_iter().map(|(e, r, _)| (e, r)).collect()
}

/// The relations the gazetteer's `city`, `developer` and `family` attributes state
/// about an entity, when the object's type fits the predicate.
fn stated_by_gazetteer(g: &Gazetteer, subject: usize) -> Vec<(&'static str, usize)> {
    let e = &g.entities()[subject];
    ["city", "developer", "family"]
        .into_iter()
        .filter_map(|attr| {
            let object = g.index_of(e.attribute(attr)?)?;
            let predicate = predicate_for(&e.kind, &g.entities()[object].kind)?;
            (attribute_for(predicate) == Some(attr) && object != subject)
                .then_some((predicate, object))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "id,type,name,aliases,ar,zh,ja,hi,other,exact,ambiguous,context,exclude,\
                          country,city,developer,family\n";
    const ROWS: &str = "\
city:hangzhou,city,Hangzhou,,هانغتشو,杭州,杭州,हांग्जो,,,,,,CN,,,
city:shenzhen,city,Shenzhen,,شنتشن,深圳,深圳,शेन्ज़ेन,,,,,,CN,,,
city:beijing,city,Beijing,,بكين,北京,北京,बीजिंग,,,,,,CN,,,
company:deepseek,company,DeepSeek,DeepSeek AI,ديب سيك,深度求索,ディープシーク,डीपसीक,,,,,,CN,city:hangzhou,,
company:zhipu-ai,company,Zhipu AI,,زيبو,智谱,智譜,झिपू,,,,,,CN,city:beijing,,
company:tencent,company,Tencent,,تنسنت,腾讯,テンセント,टेंसेंट,,,,,,CN,city:shenzhen,,
company:huawei,company,Huawei,,هواوي,华为,ファーウェイ,हुआवेई,,,,,,CN,city:shenzhen,,
model:hunyuan,model,Hunyuan,,هونيوان,混元,混元,हुनयुआन,,,,,,,,company:tencent,
model:hunyuan-a13b,model,Hunyuan-A13B,,,,,,,,,,,,,company:tencent,model:hunyuan
model:pangu,model,Pangu,,,盘古,,,,,,,,,,company:huawei,
model:pangu-pro,model,Pangu Pro 72B,,,,,,,,,,,,,company:huawei,model:pangu
model:deepseek-v3,model,DeepSeek-V3,,,,,,,,,,,,,company:deepseek,
model:qwen2.5,model,Qwen2.5,,,,,,,,,,,,,,
model:glm,model,GLM,,,,,,,,,,,,,company:zhipu-ai,
product:yuanbao,product,Yuanbao,,يوانباو,元宝,元宝,युआनबाओ,,,,,,,,company:tencent,
product:wechat,product,WeChat,,ويتشات,微信,ウィーチャット,वीचैट,,,,,,,,company:tencent,
";

    fn gazetteer() -> Gazetteer {
        let mut g = Gazetteer::new();
        g.add_csv("t.csv", &format!("{HEADER}{ROWS}")).unwrap();
        g
    }

    /// Every alias found in `text`, leftmost-longest (a stand-in for the matcher).
    fn mentions(text: &str, g: &Gazetteer) -> Vec<FactInput> {
        let mut all: Vec<FactInput> = Vec::new();
        for (i, e) in g.entities().iter().enumerate() {
            for a in &e.aliases {
                for (at, _) in text.match_indices(a.text.as_str()) {
                    all.push(FactInput {
                        entity: i,
                        range: at..at + a.text.len(),
                    });
                }
            }
        }
        all.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
        let mut out: Vec<FactInput> = Vec::new();
        for m in all {
            if out.last().is_none_or(|l| m.range.start >= l.range.end) {
                out.push(m);
            }
        }
        out
    }

    /// The whole text as one prose segment.
    fn whole(text: &str) -> Vec<Range<usize>> {
        std::iter::once(0..text.len()).collect()
    }

    fn facts_of(text: &str) -> Vec<Fact> {
        let g = gazetteer();
        extract(text, &whole(text), &mentions(text, &g), &g)
    }

    /// Text facts as "Subject predicate Object-or-value".
    fn run(text: &str) -> Vec<String> {
        let g = gazetteer();
        let name = |i: usize| g.entities()[i].name.clone();
        facts_of(text)
            .into_iter()
            .filter(|f| f.source == FactSource::Text)
            .map(|f| {
                let o = f
                    .object
                    .map_or_else(|| f.value.unwrap_or(0).to_string(), name);
                format!("{} {} {o}", name(f.subject), f.predicate)
            })
            .collect()
    }

    fn assert_has(facts: &[String], expected: &[&str]) {
        for e in expected {
            assert!(facts.iter().any(|f| f == e), "missing {e:?} in {facts:#?}");
        }
    }

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
    fn english_seed_relations() {
        let f = run("In Hangzhou, DeepSeek AI is already a leader in open models.\n\
                     - **Tencent (Shenzhen)**: their Hunyuan LLM (especially Hunyuan-A13B) is strong.\n\
                     If you mean Hunyuan (Tencent's model), it is the best. Tencent's Yuanbao is an app.");
        assert_has(
            &f,
            &[
                "DeepSeek located_in Hangzhou",
                "Tencent located_in Shenzhen",
                "Hunyuan developed_by Tencent",
                "Yuanbao made_by Tencent",
                "Hunyuan-A13B variant_of Hunyuan",
            ],
        );
        assert!(
            !f.iter().any(|x| x.starts_with("Hunyuan-A13B developed_by")),
            "{f:#?}"
        );
        assert!(facts_of("Tencent (Shenzhen) grows.")
            .iter()
            .all(|x| x.agrees == Agreement::Yes));
    }

    #[test]
    fn arabic_relations() {
        let f = run("في هانغتشو، تعد DeepSeek AI رائدة في النماذج المفتوحة.\n\
                     - **تنسنت (شنتشن)**: نموذجها Hunyuan قوي جداً.\n\
                     يعمل Yuanbao التابع لـ تنسنت داخل ويتشات. ويتشات (التطبيق الرئيسي لتنسنت) ناجح.");
        assert_has(
            &f,
            &[
                "DeepSeek located_in Hangzhou",
                "Tencent located_in Shenzhen",
                "Hunyuan developed_by Tencent",
                "Yuanbao made_by Tencent",
                "WeChat made_by Tencent",
            ],
        );
    }

    #[test]
    fn chinese_relations() {
        let f =
            run("腾讯（深圳）推出了混元。腾讯的元宝很受欢迎。总部位于杭州的深度求索发布了新模型。");
        assert_has(
            &f,
            &[
                "Tencent located_in Shenzhen",
                "Yuanbao made_by Tencent",
                "DeepSeek located_in Hangzhou",
            ],
        );
    }

    #[test]
    fn japanese_relations() {
        let f = run("テンセントの混元は強力です。ディープシークは杭州に本社を置く。智譜は北京を拠点とする。");
        assert_has(
            &f,
            &[
                "Hunyuan developed_by Tencent",
                "DeepSeek located_in Hangzhou",
                "Zhipu AI located_in Beijing",
            ],
        );
    }

    #[test]
    fn hindi_relations() {
        let f = run("टेंसेंट का हुनयुआन मॉडल मज़बूत है।\nहांग्जो में डीपसीक काम करती है। \
                     हुआवेई (शेन्ज़ेन) भी बड़ी है।");
        assert_has(
            &f,
            &[
                "Hunyuan developed_by Tencent",
                "DeepSeek located_in Hangzhou",
                "Huawei located_in Shenzhen",
            ],
        );
    }

    #[test]
    fn no_cross_product_in_a_long_sentence() {
        let f = run(
            "DeepSeek has grown quickly over the last two years, attracting engineers from \
                     every corner of the industry and investors far beyond the region, while the \
                     city of Beijing keeps building new subway lines and WeChat adds features.",
        );
        assert!(f.is_empty(), "{f:#?}");
        let f = run("DeepSeek, Tencent, Huawei and Zhipu AI all ship models: Hunyuan, GLM, Pangu.");
        assert!(f.len() <= 1, "{f:#?}");
    }

    #[test]
    fn nearer_subject_wins_the_city_and_brackets_separate() {
        let f = run("DeepSeek is fast, and in Beijing Zhipu AI leads.");
        assert_eq!(f, ["Zhipu AI located_in Beijing"]);
        let f = run("Choose by cost (Hunyuan is cheap) or by support (Huawei is big).");
        assert!(f.is_empty(), "{f:#?}");
        let f = run("Huawei's chips are fast, unlike Hunyuan.");
        assert!(f.is_empty(), "{f:#?}");
    }

    #[test]
    fn agreement_with_the_gazetteer() {
        let g = gazetteer();
        let text = "Tencent (Beijing) ships Qwen2.5 by Huawei.";
        let facts = extract(text, &whole(text), &mentions(text, &g), &g);
        let agrees = |p: &str| facts.iter().find(|f| f.predicate == p).map(|f| f.agrees);
        assert_eq!(agrees("located_in"), Some(Agreement::No));
        assert_eq!(agrees("developed_by"), Some(Agreement::Unknown));
    }

    #[test]
    fn english_quantities() {
        let f = run("Hunyuan-A13B activates 13 billion of its 80 billion parameters and reads a \
                     256K token context. Qwen2.5 has 72 billion parameters and a 128k context window. \
                     DeepSeek-V3 is a 671B model with 37B active. WeChat has over a billion monthly \
                     users, and Yuanbao 100 million daily users. GLM has 2.5B parameters. Pangu is a 106B \
                     model (active 12B).");
        assert_has(
            &f,
            &[
                "Hunyuan-A13B active_parameters 13000000000",
                "Hunyuan-A13B parameters 80000000000",
                "Hunyuan-A13B context_length 256000",
                "Qwen2.5 parameters 72000000000",
                "Qwen2.5 context_length 128000",
                "DeepSeek-V3 parameters 671000000000",
                "DeepSeek-V3 active_parameters 37000000000",
                "WeChat users 1000000000",
                "Yuanbao users 100000000",
                "GLM parameters 2500000000",
                "Pangu parameters 106000000000",
                "Pangu active_parameters 12000000000",
            ],
        );
        assert_eq!(f.len(), 12, "{f:#?}");
    }

    #[test]
    fn arabic_quantities_and_surfaces() {
        let text = "يضم DeepSeek-V3 ما مجموعه 671 مليار معلمة، ويدعم Hunyuan حتى 256K رمز.\n\
                    يتجاوز ويتشات ١٠٠ مليون مستخدم يومي، وعدد مستخدمي Yuanbao مليار مستخدم.\n\
                    يضم Qwen2.5 نحو ۷۲ ملياراً من المعاملات.\n\
                    يضم GLM تريليون معامل (32 مليار معامل نشط).\n\
                    مع توقعات بتجاوز 100 مليون مستخدم يومي للذكاء الاصطناعي، مما يضع WeChat في القمة.";
        let f = run(text);
        assert_has(
            &f,
            &[
                "DeepSeek-V3 parameters 671000000000",
                "Hunyuan context_length 256000",
                "WeChat users 100000000",
                "Yuanbao users 1000000000",
                "GLM parameters 1000000000000",
                "GLM active_parameters 32000000000",
            ],
        );
        assert_eq!(
            f.iter().filter(|x| x.contains(" users ")).count(),
            3,
            "{f:#?}"
        );
        let surfaces: Vec<String> = facts_of(text).into_iter().map(|f| f.surface).collect();
        assert!(surfaces.contains(&"256K رمز".to_string()), "{surfaces:?}");
        assert!(
            surfaces.contains(&"١٠٠ مليون مستخدم".to_string()),
            "{surfaces:?}"
        );
        // Eastern Arabic digits, and the unit after a preposition.
        assert_has(&f, &["Qwen2.5 parameters 72000000000"]);
    }

    #[test]
    fn chinese_and_japanese_quantities() {
        let f = run(
            "腾讯推出了拥有720亿参数的混元，支持256K 令牌的上下文。微信拥有1亿用户。\
                     盘古总参数达1万亿，激活参数320亿。",
        );
        assert_has(
            &f,
            &[
                "Hunyuan parameters 72000000000",
                "Hunyuan context_length 256000",
                "WeChat users 100000000",
                "Pangu parameters 1000000000000",
                "Pangu active_parameters 32000000000",
            ],
        );
        let f = run(
            "720億パラメータの混元は256Kトークンを扱えます。ウィーチャットは月間ユーザーが10億人。\
                     盘古は800億パラメータのうち130億を使う。",
        );
        assert_has(
            &f,
            &[
                "Hunyuan parameters 72000000000",
                "Hunyuan context_length 256000",
                "WeChat users 1000000000",
                "Pangu parameters 80000000000",
                "Pangu active_parameters 13000000000",
            ],
        );
        let surfaces: Vec<String> = facts_of("拥有720亿参数的混元。")
            .into_iter()
            .map(|f| f.surface)
            .collect();
        assert!(surfaces.contains(&"720亿参数".to_string()), "{surfaces:?}");
    }

    #[test]
    fn hindi_and_french_quantities() {
        let f = run(
            "DeepSeek-V3 में ६७१ अरब पैरामीटर हैं, जिनमें से 37 अरब सक्रिय होते हैं। \
                     हुनयुआन 256K टोकन का कॉन्टेक्स्ट पढ़ता है। वीचैट के एक अरब से ज़्यादा मासिक \
                     उपयोगकर्ता हैं।",
        );
        assert_has(
            &f,
            &[
                "DeepSeek-V3 parameters 671000000000",
                "DeepSeek-V3 active_parameters 37000000000",
                "Hunyuan context_length 256000",
                "WeChat users 1000000000",
            ],
        );
        let f = run("Qwen2.5 compte 230 milliards de paramètres, GLM 2,5 milliards de paramètres.");
        assert_has(
            &f,
            &[
                "Qwen2.5 parameters 230000000000",
                "GLM parameters 2500000000",
            ],
        );
    }

    #[test]
    fn not_quantities() {
        let f = run(
            "In 2025 Hunyuan was released, and 2024 users saw Qwen2.5 at 3.5 points. \
                     Tencent paid $72B for it. Hunyuan costs $2 per 1M tokens and reads 60 tokens \
                     per second. Pangu Pro 72B is new. GPT-4o and Hunyuan-A13B are out. Qwen2.5 \
                     has 7 parameters and 1M tokens per minute.",
        );
        assert!(f.is_empty(), "{f:#?}");
        // Numbers in a URL or in code are not prose.
        let t = "Qwen2.5 is fast. See https://x.org/72B and `Qwen2.5 has 72B`.";
        let g = gazetteer();
        let prose = [
            0..t.find("https").unwrap(),
            t.find(" and").unwrap()..t.find('`').unwrap(),
        ];
        let facts = extract(t, &prose, &mentions(t, &g), &g);
        assert!(facts.iter().all(|f| f.value.is_none()), "{facts:#?}");
    }

    #[test]
    fn gazetteer_facts_once_per_document_unless_the_text_states_them() {
        let g = gazetteer();
        let text = "Hunyuan-A13B is good.\nHunyuan-A13B is a variant of Hunyuan.\nYuanbao chats.";
        let facts = extract(text, &whole(text), &mentions(text, &g), &g);
        let count = |p: &str, src: FactSource| {
            facts
                .iter()
                .filter(|f| f.source == src && f.predicate == p)
                .count()
        };
        // The text states the variant: the gazetteer does not repeat it.
        assert_eq!(count("variant_of", FactSource::Text), 1, "{facts:#?}");
        assert_eq!(count("variant_of", FactSource::Gazetteer), 0, "{facts:#?}");
        assert_eq!(count("made_by", FactSource::Gazetteer), 1);
        assert_eq!(count("developed_by", FactSource::Gazetteer), 2);
        let y = facts
            .iter()
            .find(|f| f.source == FactSource::Gazetteer && f.predicate == "made_by")
            .unwrap();
        assert_eq!(&text[y.evidence.clone()], "Yuanbao chats.");
        assert_eq!(y.agrees, Agreement::Yes);
    }

    #[test]
    fn bad_inputs_do_not_panic() {
        let g = gazetteer();
        let text = "Tencent (深圳) has 72B users.";
        let bad = [
            FactInput {
                entity: 999,
                range: 0..7,
            },
            FactInput {
                entity: 5,
                range: 0..7,
            },
            FactInput {
                entity: 5,
                range: 3..9,
            },
            FactInput {
                entity: 1,
                range: 10..12,
            },
            FactInput {
                entity: 1,
                range: 40..90,
            },
            FactInput {
                entity: 1,
                range: Range { start: 9, end: 7 },
            },
        ];
        let segments = [0..text.len(), 11..12, 50..60, Range { start: 4, end: 2 }];
        let _ = extract(text, &segments, &bad, &g);
        let _ = extract("", &whole(""), &bad, &g);
        let _ = split_sentences(text, &[0..1000, 0..3]);
    }

    #[test]
    fn numbers_of_every_script() {
        assert_eq!(parse_number("1,000,000"), Some(1e6));
        assert_eq!(parse_number("2,5"), Some(2.5));
        assert_eq!(parse_number("2.5"), Some(2.5));
        assert_eq!(parse_number("٧٢"), Some(72.0));
        assert_eq!(parse_number("۷۲٫٥"), Some(72.5));
        assert_eq!(parse_number("७२"), Some(72.0));
        assert_eq!(parse_number("７２"), Some(72.0));
    }
}
