//! The matcher: a gazetteer compiled into one Aho-Corasick automaton (see
//! [`crate::automaton`]) plus the rules that decide which raw hits are mentions.
//!
//! It takes normalized text (see [`crate::normalize`]) and returns matches with
//! byte ranges in the original text. The rules, in order: script-aware word
//! boundaries (with Arabic attached prefixes), case for exact and ambiguous aliases,
//! version tokens (GPT-4 is not in GPT-4.1; GLM-4.6 is GLM with a variant),
//! document context for ambiguous aliases, and leftmost-longest selection with
//! fallback to a shorter alias when the longest fails a boundary. It does not know
//! about markdown, files or output formats.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::automaton::Automaton;
use crate::error::{Error, Result};
use crate::gazetteer::{AliasRule, EntityType, Gazetteer};
use crate::normalize::{normalize_str, Normalized};
use crate::text::script::{word_script, Script};

/// Words that continue a model name after its version ("GPT-5 mini", "Claude 3.5
/// Sonnet", "Kimi K2 Thinking"). They only extend a model mention; alone they are
/// never a mention.
const VARIANT_WORDS: &[&str] = &[
    "air",
    "audio",
    "base",
    "behemoth",
    "chat",
    "coder",
    "deep",
    "exp",
    "experimental",
    "fast",
    "flash",
    "haiku",
    "instruct",
    "large",
    "lite",
    "long",
    "math",
    "max",
    "maverick",
    "medium",
    "mini",
    "moe",
    "nano",
    "next",
    "omni",
    "opus",
    "plus",
    "preview",
    "pro",
    "realtime",
    "reasoner",
    "scout",
    "small",
    "sonnet",
    "thinking",
    "tiny",
    "turbo",
    "ultra",
    "vision",
    "vl",
];

/// Character classes used for boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Latin, Greek, Cyrillic and other alphabetic letters, digits, underscore.
    Word,
    /// Arabic-script letters.
    Arabic,
    /// Devanagari letters, signs and digits.
    Devanagari,
    /// Katakana, with the prolonged sound mark.
    Katakana,
    /// Hiragana.
    Hiragana,
    /// Han ideographs.
    Han,
    /// Hangul.
    Hangul,
    /// Thai, written without spaces between words: like Han, no boundary.
    Thai,
    /// Anything else: spaces, punctuation, symbols, the segment break.
    Other,
}

/// The boundary class of `c`: which script's word it continues, from the one
/// script table ([`word_script`]); Latin, Cyrillic, Greek and every other
/// letter or digit are one `Word` class.
fn class_of(c: char) -> Class {
    if c.is_ascii() {
        return match c {
            '0'..='9' | 'A'..='Z' | 'a'..='z' | '_' => Class::Word,
            _ => Class::Other,
        };
    }
    match word_script(c) {
        Some(Script::Arabic) => Class::Arabic,
        Some(Script::Devanagari) => Class::Devanagari,
        Some(Script::Katakana) => Class::Katakana,
        Some(Script::Hiragana) => Class::Hiragana,
        Some(Script::Han) => Class::Han,
        Some(Script::Hangul) => Class::Hangul,
        Some(Script::Thai) => Class::Thai,
        Some(_) => Class::Word,
        None if c.is_alphanumeric() => Class::Word,
        None => Class::Other,
    }
}

/// One compiled alias key: its boundary classes and the targets it names.
#[derive(Debug)]
struct Pattern {
    first: Class,
    last: Class,
    /// The first character, when it is punctuation (class `Other`).
    first_char: Option<char>,
    /// The last character, when it is punctuation (class `Other`).
    last_char: Option<char>,
    ends_digit: bool,
    ends_letter: bool,
    targets: Vec<Target>,
}

/// What a pattern means for one entity.
#[derive(Debug, Clone)]
struct Target {
    entity: u32,
    rule: AliasRule,
    /// The alias normalized without case folding, for exact and ambiguous rules.
    exact: Option<Box<str>>,
}

/// A match of one entity in a document: the result of [`Matcher::find`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Index of the entity in the matcher's gazetteer.
    pub entity: usize,
    /// Byte range in the original text.
    pub range: Range<usize>,
    /// Byte range in the normalized text.
    pub norm: Range<usize>,
    /// Whether the surface extends the alias with a version or variant that is not
    /// itself in the gazetteer (GLM-4.6 matched as GLM).
    pub variant: bool,
}

/// A raw hit that passed its boundary checks.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    start: usize,
    end: usize,
    pattern: u32,
    target: u32,
    /// A glued digit follows (allowed for model families only).
    glued_digit: bool,
}

/// Memory for full transition rows: every state of the default gazetteer fits
/// (about 13 MB); in a GeoNames-sized gazetteer the shallowest states get rows and
/// the deeper ones are stored sparsely (see [`crate::automaton`]).
const DENSE_BYTES: usize = 32 << 20;

/// The compiled gazetteer: build once, share read-only across threads.
#[derive(Debug)]
pub struct Matcher {
    gazetteer: Gazetteer,
    automaton: Automaton,
    patterns: Vec<Pattern>,
    /// Per entity: the generic tech context confirms its ambiguous aliases.
    generic_context: Vec<bool>,
    /// Per entity: the entity indexes whose presence confirms it.
    context_entities: Vec<Vec<u32>>,
    /// Per entity: whether it counts as tech context for others (company, model, product).
    is_tech: Vec<bool>,
    /// Per entity: whether it is a model (versions extend it).
    is_model: Vec<bool>,
    /// Per entity: whether it is a company (a version after it names a model, not it).
    is_company: Vec<bool>,
    /// The model lines of the gazetteer: each model key of the form `NAME LETTERS`
    /// then digits (`deepseek v3`, `ديب سيك r1`) gives `NAME LETTERS` (`deepseek v`).
    /// A company name followed by a code of its own model line (`DeepSeek V4`)
    /// names a model; followed by any other code (`NVIDIA H800`, `OpenAI o1`) it
    /// is still the company.
    model_lines: HashSet<String>,
}

impl Matcher {
    /// Compiles a gazetteer. Fails when references are broken or the automaton
    /// cannot be built.
    pub fn new(gazetteer: Gazetteer) -> Result<Self> {
        gazetteer.validate_references()?;
        let mut keys: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let entities = gazetteer.entities();
        let mut model_lines = HashSet::new();
        for (ei, e) in entities.iter().enumerate() {
            let is_model = e.kind == EntityType::Model;
            for alias in &e.aliases {
                let key = normalize_str(&alias.text, true);
                if is_model && alias.rule != AliasRule::Exclude {
                    if let Some(line) = model_line(&key) {
                        model_lines.insert(line.to_string());
                    }
                }
                let exact = matches!(alias.rule, AliasRule::Exact | AliasRule::Ambiguous)
                    .then(|| normalize_str(&alias.text, false).into_boxed_str());
                let spellings = if is_model && alias.rule == AliasRule::Plain {
                    spacing_variants(&key)
                } else {
                    vec![key]
                };
                for k in spellings {
                    let pi = *index.entry(k.clone()).or_insert_with(|| {
                        patterns.push(pattern_for(&k));
                        keys.push(k.clone());
                        patterns.len() - 1
                    });
                    let target = Target {
                        entity: ei as u32,
                        rule: alias.rule,
                        exact: exact.clone(),
                    };
                    let targets = &mut patterns[pi].targets;
                    if !targets
                        .iter()
                        .any(|t| t.entity == target.entity && t.rule == target.rule)
                    {
                        targets.push(target);
                    }
                }
            }
        }
        for p in &mut patterns {
            // Plain and exact aliases first, then ambiguous, exclusions last; the
            // first target that passes its rules names the mention.
            p.targets.sort_by_key(|t| (t.rule, t.entity));
        }
        let automaton = Automaton::new(&keys, DENSE_BYTES)
            .map_err(|e| Error::gazetteer("gazetteer", 0, format!("cannot compile: {e}")))?;
        let is_tech = entities.iter().map(|e| e.kind.is_tech()).collect();
        let generic_context = entities
            .iter()
            .map(|e| {
                e.context_ids.is_empty() && !e.aliases.iter().any(|a| a.rule == AliasRule::Cue)
            })
            .collect();
        let context_entities = entities
            .iter()
            .map(|e| {
                e.context_ids
                    .iter()
                    .filter_map(|id| gazetteer.index_of(id).map(|i| i as u32))
                    .collect()
            })
            .collect();
        let is_model = entities
            .iter()
            .map(|e| e.kind == EntityType::Model)
            .collect();
        let is_company = entities
            .iter()
            .map(|e| e.kind == EntityType::Company)
            .collect();
        Ok(Matcher {
            gazetteer,
            automaton,
            patterns,
            generic_context,
            context_entities,
            model_lines,
            is_tech,
            is_model,
            is_company,
        })
    }

    /// The gazetteer this matcher was compiled from.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The number of distinct normalized alias keys in the automaton.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Finds the mentions in `norm`, the normalization of (parts of) `original`.
    /// Matches come back in text order, never overlapping.
    pub fn find(&self, norm: &Normalized, original: &str) -> Vec<Match> {
        let text = norm.text.as_str();
        let mut candidates = Vec::new();
        let mut cue_seen: Vec<u32> = Vec::new();
        self.automaton.for_each_overlapping(text.as_bytes(), |h| {
            let (pi, start, end) = (h.key, h.start, h.end);
            let p = &self.patterns[pi];
            if !left_ok(text, start, p.first, p.first_char) {
                return;
            }
            let right = right_ok(text, end, p);
            if right == Right::Fail {
                return;
            }
            for (ti, t) in p.targets.iter().enumerate() {
                if let Some(exact) = &t.exact {
                    let range = norm.original_range(original, start..end);
                    let surface = &original[range.clone()];
                    if normalize_str(surface, false) != **exact
                        && !(t.rule == AliasRule::Exact && in_capitals(original, range))
                    {
                        continue;
                    }
                }
                if t.rule == AliasRule::Ambiguous && used_as_prefix(original, norm, end) {
                    continue;
                }
                if t.rule == AliasRule::Cue {
                    cue_seen.push(t.entity);
                    continue;
                }
                candidates.push(Candidate {
                    start,
                    end,
                    pattern: pi as u32,
                    target: ti as u32,
                    glued_digit: right == Right::GluedDigit,
                });
            }
        });
        cue_seen.sort_unstable();
        cue_seen.dedup();
        self.resolve(text, original, norm, candidates, &cue_seen)
    }

    fn target(&self, c: &Candidate) -> &Target {
        &self.patterns[c.pattern as usize].targets[c.target as usize]
    }

    /// Applies context, picks leftmost-longest non-overlapping candidates and
    /// extends model mentions over their version tokens.
    fn resolve(
        &self,
        text: &str,
        original: &str,
        norm: &Normalized,
        mut candidates: Vec<Candidate>,
        cue_seen: &[u32],
    ) -> Vec<Match> {
        // A glued digit continues a name: allowed only after a model family alias.
        candidates.retain(|c| !c.glued_digit || self.is_model[self.target(c).entity as usize]);
        let has_ambiguous = candidates
            .iter()
            .any(|c| self.target(c).rule == AliasRule::Ambiguous);
        if has_ambiguous {
            let present: HashSet<u32> = candidates
                .iter()
                .map(|c| self.target(c))
                .filter(|t| matches!(t.rule, AliasRule::Plain | AliasRule::Exact))
                .map(|t| t.entity)
                .collect();
            let tech = present.iter().any(|&e| self.is_tech[e as usize]);
            candidates.retain(|c| {
                let t = self.target(c);
                if t.rule != AliasRule::Ambiguous {
                    return true;
                }
                let e = t.entity as usize;
                (self.generic_context[e] && tech)
                    || present.contains(&t.entity)
                    || cue_seen.binary_search(&t.entity).is_ok()
                    || self.context_entities[e].iter().any(|x| present.contains(x))
                    || (self.is_model[e] && version_tail(text, c.end, c.glued_digit).1)
            });
        }
        candidates.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end), c.target));
        let mut out: Vec<Match> = Vec::new();
        let mut last_end = 0;
        // The candidate that won the last span: another entity with the same
        // alias on the same span is a mention too (one alias, two entities: the
        // text cannot tell them apart), unless the winner was an exclusion or
        // grew into a variant.
        let mut last_won: Option<(usize, usize, u32, bool)> = None;
        for c in candidates {
            if c.start < last_end {
                let t = self.target(&c);
                let same = last_won.is_some_and(|(s, e, p, plain)| {
                    plain && (s, e, p) == (c.start, c.end, c.pattern)
                });
                if same
                    && t.rule != AliasRule::Exclude
                    && out
                        .iter()
                        .rev()
                        .take_while(|m| m.norm == (c.start..c.end))
                        .all(|m| m.entity != t.entity as usize)
                {
                    let range = norm.original_range(original, c.start..c.end);
                    out.push(Match {
                        entity: t.entity as usize,
                        range,
                        norm: c.start..c.end,
                        variant: false,
                    });
                }
                continue;
            }
            last_end = c.end;
            let t = self.target(&c);
            last_won = Some((c.start, c.end, c.pattern, false));
            if t.rule == AliasRule::Exclude {
                continue;
            }
            let e = t.entity as usize;
            let mut end = c.end;
            let mut variant = false;
            if self.is_model[e] {
                let (tail_end, _) = version_tail(text, c.end, c.glued_digit);
                if tail_end > c.end {
                    end = tail_end;
                    variant = true;
                    last_end = end;
                }
            } else if self.is_company[e]
                && model_code(text, c.end).is_some_and(|letters| {
                    let name = text.get(c.start..c.end).unwrap_or_default();
                    self.model_lines.contains(&format!("{name} {letters}"))
                })
            {
                // "DeepSeek V3.1": a model of the company's own line, not the
                // company itself ("NVIDIA H800" stays NVIDIA).
                continue;
            }
            let range = norm.original_range(original, c.start..end);
            if t.rule != AliasRule::Plain
                && self.gazetteer.entities()[e].kind == EntityType::City
                && in_name_phrase(original, range.clone())
            {
                // "David Hogg", "Keith Ellison", "Washington Post": a one-word
                // place name inside a longer capitalised name is not the place.
                continue;
            }
            out.push(Match {
                entity: e,
                range,
                norm: c.start..end,
                variant,
            });
            last_won = Some((c.start, c.end, c.pattern, !variant));
        }
        out
    }
}

/// Whether the original text right after normalized offset `end` is a hyphen
/// glued to a letter: an ambiguous word used as a prefix ("meta-debate",
/// "मेटा-बहस") is not a name.
fn used_as_prefix(original: &str, norm: &Normalized, end: usize) -> bool {
    let Some(&at) = norm.map.get(end) else {
        return false;
    };
    let rest = original.get(at as usize..).unwrap_or("");
    let mut chars = rest.chars();
    matches!(chars.next(), Some('-' | '\u{2010}' | '\u{2011}'))
        && chars.next().is_some_and(char::is_alphabetic)
}

/// Builds the boundary description of a normalized key.
fn pattern_for(key: &str) -> Pattern {
    let first = key.chars().next().map_or(Class::Other, class_of);
    let last_char = key.chars().next_back().unwrap_or(' ');
    let last = class_of(last_char);
    Pattern {
        first,
        last,
        first_char: key.chars().next().filter(|_| first == Class::Other),
        last_char: (last == Class::Other).then_some(last_char),
        ends_digit: last_char.is_ascii_digit(),
        ends_letter: last_char.is_ascii_lowercase(),
        targets: Vec::new(),
    }
}

/// The spacing variants of a model alias key: with and without the spaces it has,
/// and with a space where letters meet digits (qwen3 ~ qwen 3; kimi k2 ~ kimik2).
fn spacing_variants(key: &str) -> Vec<String> {
    if !key.is_ascii() {
        return vec![key.to_string()];
    }
    let bytes = key.as_bytes();
    // Positions (byte index) where a space may be present or absent.
    let mut slots: Vec<(usize, bool)> = Vec::new(); // (index, currently a space)
    for i in 1..bytes.len() {
        if bytes[i] == b' ' && i + 1 < bytes.len() {
            slots.push((i, true));
        } else if bytes[i].is_ascii_digit() && bytes[i - 1].is_ascii_lowercase() {
            slots.push((i, false));
        }
    }
    slots.truncate(3);
    let mut out = Vec::new();
    for mask in 0..(1u32 << slots.len()) {
        let mut s = String::with_capacity(key.len() + 3);
        let mut prev = 0;
        for (bit, &(i, is_space)) in slots.iter().enumerate() {
            let want_space = (mask >> bit) & 1 == 0;
            if is_space {
                s.push_str(&key[prev..i]);
                if want_space {
                    s.push(' ');
                }
                prev = i + 1;
            } else {
                s.push_str(&key[prev..i]);
                if !want_space {
                    s.push(' ');
                }
                prev = i;
            }
        }
        s.push_str(&key[prev..]);
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

fn char_at(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

/// The left boundary rule for a key whose first character has class `first`.
fn left_ok(text: &str, start: usize, first: Class, first_char: Option<char>) -> bool {
    let Some(prev) = char_before(text, start) else {
        return true;
    };
    let pc = class_of(prev);
    match first {
        Class::Word | Class::Devanagari | Class::Katakana | Class::Hangul => pc != first,
        Class::Arabic => pc != Class::Arabic || arabic_prefix_ok(text, start),
        Class::Han | Class::Hiragana | Class::Thai => true,
        // A key that starts with punctuation (".net") does not start inside a
        // run of that same character ("..net").
        Class::Other => text[..start].chars().next_back() != first_char,
    }
}

/// Whether the Arabic letters glued before `start` form a run of attached
/// prefixes: و or ف, then ب ك or ل, then the article ال (or لل for ل + ال).
fn arabic_prefix_ok(text: &str, start: usize) -> bool {
    let mut prefix: Vec<char> = Vec::new();
    for c in text[..start].chars().rev() {
        if class_of(c) != Class::Arabic {
            break;
        }
        if prefix.len() == 4 {
            return false;
        }
        prefix.push(c);
    }
    prefix.reverse();
    let mut rest = prefix.as_slice();
    if let [first, tail @ ..] = rest {
        if matches!(first, 'و' | 'ف') {
            rest = tail;
        }
    }
    match rest {
        [] | ['ا', 'ل'] | ['ل', 'ل'] => true,
        [p] | [p, 'ا', 'ل'] => matches!(p, 'ب' | 'ك' | 'ل'),
        _ => false,
    }
}

/// The outcome of the right boundary check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Right {
    Ok,
    /// A digit is glued to a key ending in a letter: fine for a model family.
    GluedDigit,
    Fail,
}

/// The right boundary rule for a pattern ending at `end`.
fn right_ok(text: &str, end: usize, p: &Pattern) -> Right {
    let Some(next) = char_at(text, end) else {
        return Right::Ok;
    };
    let nc = class_of(next);
    match p.last {
        Class::Word => {
            if nc == Class::Word {
                if p.ends_letter && next.is_ascii_digit() {
                    return Right::GluedDigit;
                }
                return Right::Fail;
            }
            // A version continues: "gpt 4" is not in "gpt 4.1".
            let bytes = text.as_bytes();
            if p.ends_digit
                && matches!(next, '.' | ',')
                && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
            {
                return Right::Fail;
            }
            Right::Ok
        }
        Class::Arabic | Class::Devanagari | Class::Katakana => {
            if nc == p.last {
                Right::Fail
            } else {
                Right::Ok
            }
        }
        Class::Han | Class::Hiragana | Class::Hangul | Class::Thai => Right::Ok,
        // A key that ends with punctuation ("c++") does not end inside a run of
        // that same character ("c+++").
        Class::Other if Some(next) == p.last_char => Right::Fail,
        Class::Other => Right::Ok,
    }
}

/// Scans version tokens after a model alias ending at `end`; returns the end of
/// the last token (or `end`) and whether any version-like token (not only a
/// variant word) was found.
fn version_tail(text: &str, end: usize, glued: bool) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut pos = end;
    let mut versioned = false;
    for i in 0..6 {
        let mut p = pos;
        if p < bytes.len() && bytes[p] == b' ' {
            p += 1;
        } else if !(i == 0 && glued) {
            break;
        }
        match token_at(text, p) {
            Some((e, is_version)) => {
                pos = e;
                versioned |= is_version;
            }
            None => break,
        }
    }
    (pos, versioned)
}

/// The letters of a model version token (`v` of V3.1, `r` of R2: one or two
/// letters, then digits) after a company alias ending at `end` and a space.
fn model_code(text: &str, end: usize) -> Option<&str> {
    let bytes = text.as_bytes();
    if bytes.get(end) != Some(&b' ') {
        return None;
    }
    let p = end + 1;
    let letters = bytes[p..]
        .iter()
        .take_while(|b| b.is_ascii_lowercase())
        .count();
    ((1..=2).contains(&letters)
        && bytes.get(p + letters).is_some_and(u8::is_ascii_digit)
        && token_at(text, p).is_some())
    .then(|| text.get(p..p + letters))
    .flatten()
}

/// The model line of a normalized model key: `deepseek v3` gives `deepseek v`
/// (a name, a space, one or two letters, a digit); `None` for other keys.
fn model_line(key: &str) -> Option<&str> {
    let (name, code) = key.rsplit_once(' ')?;
    let letters = code.bytes().take_while(u8::is_ascii_lowercase).count();
    let digit = code.as_bytes().get(letters).is_some_and(u8::is_ascii_digit);
    ((1..=2).contains(&letters) && digit && !name.is_empty())
        .then(|| key.get(..name.len() + 1 + letters))
        .flatten()
}

/// A version token at `p`: a number with glued letters (4o, 72b, 2.5, 0528), a
/// short letter prefix with a number (k2, r1, v3, a13b), or a variant word.
/// Returns its end and whether it is a version (not just a word). Years (19xx,
/// 20xx) are not versions.
fn token_at(s: &str, p: usize) -> Option<(usize, bool)> {
    let text = s.as_bytes();
    let at = |i: usize| text.get(i).copied().unwrap_or(0);
    let alnum_run = |mut i: usize| {
        loop {
            let b = at(i);
            let dotted =
                b == b'.' && at(i + 1).is_ascii_digit() && at(i.saturating_sub(1)).is_ascii_digit();
            if b.is_ascii_lowercase() || b.is_ascii_digit() || dotted {
                i += 1;
            } else {
                break;
            }
        }
        i
    };
    let boundary = |i: usize| {
        let b = at(i);
        b == 0
            || !(b.is_ascii_alphanumeric()
                || b == b'_'
                || b >= 0x80
                    && s.get(i..).and_then(|r| r.chars().next()).map(class_of) == Some(Class::Word))
    };
    let b = at(p);
    if b.is_ascii_digit() || (b == b'v' && at(p + 1).is_ascii_digit()) {
        let e = alnum_run(p);
        let tok = &text[p..e];
        let is_year = tok.len() == 4
            && tok.iter().all(u8::is_ascii_digit)
            && (tok.starts_with(b"19") || tok.starts_with(b"20"));
        if is_year || !boundary(e) {
            return None;
        }
        return Some((e, true));
    }
    if b.is_ascii_lowercase() {
        let letters = text[p..]
            .iter()
            .take_while(|b| b.is_ascii_lowercase())
            .count();
        if letters <= 2 && at(p + letters).is_ascii_digit() {
            let e = alnum_run(p);
            return boundary(e).then_some((e, true));
        }
        let e = p + letters;
        let word = std::str::from_utf8(&text[p..e]).unwrap_or("");
        if VARIANT_WORDS.contains(&word) && boundary(e) {
            return Some((e, false));
        }
    }
    None
}

/// Whether `original[range]`, one capitalised Latin word (`David`), stands in a
/// longer capitalised name: the next word is capitalised (`David Hogg`,
/// `Washington Post`), or the word before is, and that word does not merely
/// start a sentence (`Keith Ellison`'s `Ellison` after `Keith`, but not `In Paris`).
/// This is the shape of personal and institutional names; it applies to the
/// case-sensitive place names of large gazetteers (GeoNames), never to curated
/// plain aliases (`Shenzhen Stock Exchange` stays Shenzhen).
fn in_name_phrase(original: &str, range: Range<usize>) -> bool {
    let is_name_word = |w: &str| {
        let mut chars = w.chars();
        chars
            .next()
            .is_some_and(|c| c.is_uppercase() && Script::of(c) == Some(Script::Latin))
            && w.chars().count() >= 2
            && w.chars()
                .skip(1)
                .all(|c| c.is_lowercase() || c == '\'' || c == '\u{2019}')
            && w.chars().skip(1).any(char::is_lowercase)
    };
    let Some((before, surface, after)) = around(original, range) else {
        return false;
    };
    if !is_name_word(surface) {
        return false;
    }
    let word_end = |s: &str| s.find(|c: char| !c.is_alphabetic() && c != '\'' && c != '\u{2019}');
    if let Some(rest) = after.strip_prefix(' ') {
        let next = &rest[..word_end(rest).unwrap_or(rest.len())];
        // A possessive ("Hogg's") is still the next name word.
        let next = next.trim_end_matches(['\'', '\u{2019}', 's']);
        if is_name_word(next) {
            return true;
        }
    }
    if let Some(head) = before.strip_suffix(' ') {
        let start = head
            .char_indices()
            .rev()
            .find(|&(_, c)| !c.is_alphabetic())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let prev = &head[start..];
        let opener = head[..start].trim_end().chars().next_back();
        let starts_sentence = opener.is_none_or(|c| {
            matches!(
                c,
                '.' | '!'
                    | '?'
                    | ':'
                    | ';'
                    | '"'
                    | '\u{201c}'
                    | '('
                    | '#'
                    | '*'
                    | '>'
                    | '|'
                    | '-'
                    | '\u{2013}'
                    | '\u{2014}'
            )
        });
        if is_name_word(prev) && !starts_sentence {
            return true;
        }
    }
    false
}

/// The text before `original[range]`, the range itself and the text after it;
/// `None` when the range does not fall on character boundaries.
fn around(original: &str, range: Range<usize>) -> Option<(&str, &str, &str)> {
    Some((
        original.get(..range.start)?,
        original.get(range.clone())?,
        original.get(range.end..)?,
    ))
}

/// Whether the surface `original[range]` is written in capitals where text
/// is written in capitals: in a line with no lowercase letter, at the start of
/// a line (`OKLAHOMA CITY The Latest`), or as a dateline (`WASHINGTON (AP)`,
/// `COLUMBUS, Ohio`: a comma, bracket, dash or colon after it). Exact aliases (names
/// in title case, `Columbus`) then match their capitals too; elsewhere a word in
/// capitals is an acronym or shouting and exact aliases stay case-sensitive.
fn in_capitals(original: &str, range: Range<usize>) -> bool {
    let has_lower = |s: &str| s.chars().any(char::is_lowercase);
    let Some((before, surface, after)) = around(original, range) else {
        return false;
    };
    if has_lower(surface) || surface.chars().filter(|c| c.is_uppercase()).count() < 2 {
        return false;
    }
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let before = &before[line_start..];
    let rest = after.split('\n').next().unwrap_or("");
    (!has_lower(before) && !has_lower(rest))
        || before.trim().is_empty()
        || rest
            .trim_start()
            .starts_with([',', '(', '-', '\u{2013}', '\u{2014}', ':'])
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "id,type,name,aliases,ar,zh,ja,hi,other,exact,ambiguous,context,exclude,country,city,developer,family\n";

    fn matcher(rows: &str) -> Matcher {
        let mut g = Gazetteer::new();
        g.add_csv("test.csv", &format!("{HEADER}{rows}")).unwrap();
        Matcher::new(g).unwrap()
    }

    fn test_matcher() -> Matcher {
        matcher(
            "city:beijing,city,Beijing,Peking,بكين,北京,,बीजिंग,,,,,,CN,,,\n\
             city:riyadh,city,Riyadh,,الرياض,,,,,,,,,SA,,,\n\
             city:new-york,city,New York,,,,,,,,,,New York Times,US,,,\n\
             company:intel,company,Intel,,,,,इंटेल,,,,,,US,,,\n\
             company:meta,company,Meta,Meta AI|Meta Platforms,,,メタ,,,,Meta,,Meta-analysis,US,,,\n\
             company:apple,company,Apple,Apple Inc.,أبل,,,,,,Apple,iPhone|Mac,,US,,,\n\
             company:tencent,company,Tencent,,تنسنت,腾讯,テンセント,टेंसेंट,,,,,,CN,,,\n\
             company:deepseek,company,DeepSeek,DeepSeek AI,,深度求索,,,,,,,,CN,,,\n\
             company:openai,company,OpenAI,,,,,,,,,,,US,,,\n\
             company:tii,company,Technology Innovation Institute,,,,,,,TII,,,,AE,,,\n\
             model:gpt-4,model,GPT-4,,,,,,,,,,,,,company:openai,\n\
             model:gpt-4o,model,GPT-4o,,,,,,,,,,,,,company:openai,\n\
             model:glm,model,GLM,,,,,,,,,,,,,,\n\
             model:glm-4,model,GLM-4,,,,,,,,,,,,,,model:glm\n\
             model:glm-4.5,model,GLM-4.5,,,,,,,,,,,,,,model:glm\n\
             model:qwen,model,Qwen,,,,,,,,,,,,,,\n\
             model:qwen2.5,model,Qwen2.5,,,,,,,,,,,,,,model:qwen\n\
             model:qwen3,model,Qwen3,,,,,,,,,,,,,,model:qwen\n\
             model:llama,model,Llama,,,,,,,,,,,,,,\n\
             model:llama-4,model,Llama 4,,,,,,,,,,,,,,model:llama\n\
             model:kimi-k2,model,Kimi K2,,,,,,,,,,,,,,\n\
             model:deepseek-r1,model,DeepSeek-R1,,,,,,,,,,,,,company:deepseek,\n\
             model:hunyuan,model,Hunyuan,,,混元,,,,,,,,,,company:tencent,\n\
             model:hunyuan-a13b,model,Hunyuan-A13B,,,,,,,,,,,,,company:tencent,model:hunyuan\n\
             model:claude,model,Claude,,,,,,,,Claude,,Claude Monet,,,,\n\
             model:spark,model,iFlytek Spark,,,,,,,,Spark,iFlytek,Apache Spark,,,,\n",
        )
    }

    /// Runs the matcher over `text`; returns (canonical name, surface, variant).
    fn find(m: &Matcher, text: &str) -> Vec<(String, String, bool)> {
        let mut n = Normalized::default();
        n.push_segment(text, 0..text.len());
        m.find(&n, text)
            .into_iter()
            .map(|x| {
                (
                    m.gazetteer().entities()[x.entity].name.clone(),
                    text[x.range.clone()].to_string(),
                    x.variant,
                )
            })
            .collect()
    }

    #[test]
    fn exact_names_match_in_capitals_only_where_text_is_written_in_capitals() {
        let m = matcher("city:gn1,city,Columbus,,,,,,,Columbus|Oklahoma City,,,,US,,,\n");
        // Datelines, a line that starts with the name, a heading in capitals.
        for text in [
            "COLUMBUS, Ohio (AP) — So how do they top that?",
            "The story. COLUMBUS (AP) - Police said.",
            "OKLAHOMA CITY The Latest on teachers.",
            "# FROM COLUMBUS TO THE SEA",
        ] {
            assert_eq!(find(&m, text).len(), 1, "in {text:?}");
        }
        // Capitals inside running text, and lower case, stay unmatched.
        for text in [
            "The COLUMBUS project starts today.",
            "we moved to columbus last year",
            "A tale of OKLAHOMA CITY and more.",
        ] {
            assert_eq!(find(&m, text), [], "in {text:?}");
        }
        assert_eq!(find(&m, "From Columbus.")[0].1, "Columbus");
    }

    #[test]
    fn one_word_place_names_inside_longer_capitalised_names_are_not_places() {
        let m = matcher(
            "city:gn1,city,David,,,,,,,David,,,,PA,,,\n\
             city:gn2,city,Paris,,,,,,,Paris,,,,FR,,,\n\
             city:gn3,city,Shenzhen,,,,,,,,,,,CN,,,\n",
        );
        for text in [
            "said David Hogg.",
            "a survivor, Henry David Thoreau wrote",
            "Hogg's friend Keith David spoke",
        ] {
            assert_eq!(find(&m, text), [], "in {text:?}");
        }
        for text in [
            "In Paris the rain.",
            "They met in Paris, France.",
            "Paris: a guide",
        ] {
            assert_eq!(names(&m, text), ["Paris"], "in {text:?}");
        }
        // Plain (curated) aliases are never dropped this way.
        assert_eq!(names(&m, "the Shenzhen Stock Exchange"), ["Shenzhen"]);
    }

    fn names(m: &Matcher, text: &str) -> Vec<String> {
        find(m, text).into_iter().map(|x| x.0).collect()
    }

    macro_rules! t {
        ($name:ident, $text:expr, [$($want:expr),*]) => {
            #[test]
            fn $name() {
                let m = test_matcher();
                let want: Vec<&str> = vec![$($want),*];
                assert_eq!(names(&m, $text), want, "in {:?}", $text);
            }
        };
    }

    t!(
        latin_word_boundaries,
        "Intel and Intelligence, intel-based",
        ["Intel", "Intel"]
    );
    t!(
        metadata_is_not_meta,
        "metadata and meta-learning; Meta released Llama",
        ["Meta", "Llama"]
    );
    t!(meta_ai_is_meta, "Meta AI is a chatbot", ["Meta"]);
    // A company's name before a code of its own model line names a model
    // (DeepSeek-R1 is listed, so "DeepSeek R2" is not the company); before any
    // other product or model code it is still the company.
    t!(
        company_before_a_product_code,
        "OpenAI o1 runs on Intel i9 chips; DeepSeek R2 is not out.",
        ["OpenAI", "Intel"]
    );
    t!(
        exclusion_phrase,
        "the New York Times says New York",
        ["New York"]
    );
    t!(
        exact_acronym,
        "TII and tii",
        ["Technology Innovation Institute"]
    );
    t!(
        versions_are_tokens,
        "GPT-4.1 and GPT-4o and GPT-4 Turbo",
        ["GPT-4o", "GPT-4"]
    );
    t!(
        glm_version_falls_back_to_family,
        "GLM-4.6 and GLM-4.5 and GLM-4",
        ["GLM", "GLM-4.5", "GLM-4"]
    );
    t!(
        llama_fallback_when_longest_fails,
        "the Llama 4s were",
        ["Llama"]
    );
    t!(
        space_variants_of_versions,
        "Qwen 3, Qwen-3, Qwen3, Kimi-K2, DeepSeek R1",
        ["Qwen3", "Qwen3", "Qwen3", "Kimi K2", "DeepSeek-R1"]
    );
    t!(
        most_specific_wins,
        "Hunyuan-A13B, Hunyuan",
        ["Hunyuan-A13B", "Hunyuan"]
    );
    t!(
        company_version_is_a_model,
        "DeepSeek R1.5 by DeepSeek",
        ["DeepSeek"]
    );
    t!(year_is_not_a_version, "DeepSeek 2025", ["DeepSeek"]);
    t!(
        arabic_prefixes,
        "وبكين وبالرياض ولتنسنت والرياض",
        ["Beijing", "Riyadh", "Tencent", "Riyadh"]
    );
    t!(arabic_inside_longer_word, "الرياضيات أبلغت", []);
    t!(devanagari_boundaries, "इंटेलिजेंट इंटेल में", ["Intel"]);
    t!(katakana_boundaries, "メタデータ テンセントの", ["Tencent"]);
    t!(
        cjk_needs_no_spaces,
        "腾讯深圳混元模型北京",
        ["Tencent", "Hunyuan", "Beijing"]
    );
    t!(
        han_followed_by_latin,
        "深度求索DeepSeek-R1",
        ["DeepSeek", "DeepSeek-R1"]
    );
    t!(ambiguous_needs_context, "I ate an Apple and an apple.", []);
    t!(ambiguous_with_cue, "Apple sells the iPhone.", ["Apple"]);
    t!(
        ambiguous_with_tech_context,
        "Claude and OpenAI; Claude Monet painted",
        ["Claude", "OpenAI"]
    );
    t!(
        ambiguous_model_with_version_confirms_itself,
        "Claude 3.7 Sonnet",
        ["Claude"]
    );
    t!(
        spark_needs_its_cue,
        "Apache Spark and Spark from OpenAI",
        ["OpenAI"]
    );
    t!(
        spark_with_cue,
        "iFlytek released Spark 4.0",
        ["iFlytek Spark"]
    );
    t!(
        possessive,
        "Tencent's WeChat, Tencent’s, Tencentʼs and Tencent‘s",
        ["Tencent", "Tencent", "Tencent", "Tencent"]
    );
    t!(peking_alias, "Peking University", ["Beijing"]);

    #[test]
    fn variant_surfaces() {
        let m = test_matcher();
        let got = find(
            &m,
            "GLM-4.6, Qwen2.5-72B-Instruct, Kimi K2 Thinking, Qwen3.",
        );
        let want = [
            ("GLM", "GLM-4.6", true),
            ("Qwen2.5", "Qwen2.5-72B-Instruct", true),
            ("Kimi K2", "Kimi K2 Thinking", true),
            ("Qwen3", "Qwen3", false),
        ];
        let got: Vec<(&str, &str, bool)> = got
            .iter()
            .map(|(a, b, c)| (a.as_str(), b.as_str(), *c))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn glued_version_after_family() {
        let m = test_matcher();
        assert_eq!(find(&m, "Qwen3.5 and Llama3")[0].1, "Qwen3.5");
        assert_eq!(names(&m, "Qwen3.5 and Llama3"), ["Qwen", "Llama"]);
        // A glued digit never continues a company or city name.
        assert_eq!(names(&m, "Intel4 Beijing2"), Vec::<String>::new());
    }

    #[test]
    fn offsets_point_at_the_surface() {
        let m = test_matcher();
        let text = "في بَكِين، وبكين; ＴＥＮＣＥＮＴ and テンセントは";
        let mut n = Normalized::default();
        n.push_segment(text, 0..text.len());
        let found = m.find(&n, text);
        let surfaces: Vec<&str> = found.iter().map(|x| &text[x.range.clone()]).collect();
        assert_eq!(surfaces, ["بَكِين", "بكين", "ＴＥＮＣＥＮＴ", "テンセント"]);
    }

    /// A matcher of the spellings Unicode folding must bring together.
    fn folding_matcher() -> Matcher {
        matcher(
            "city:hcmc,city,Ho Chi Minh,Hồ Chí Minh City,,,,,,,,,,VN,,,\n\
             city:bucharest,city,Bucharest,Bucuresti,,,,,,,,,,RO,,,\n\
             city:athens,city,Athens,ΑΘΗΝΑΣ,,,,,,,,,,GR,,,\n\
             city:strasse,city,Strasse,,,,,,,,,,,DE,,,\n\
             company:oreilly,company,O'Reilly,,,,,,,,,,,US,,,\n\
             company:orsted,company,Ørsted,,,,,,,,,,,DK,,,\n\
             company:kamiya,company,Kamiya Laboratory,,,,,,,Kamiyaʼs Lab,,,,JP,,,\n",
        )
    }

    #[test]
    fn unicode_folded_spellings_match() {
        let m = folding_matcher();
        for (text, want) in [
            ("Tôi sống ở Hồ Chí Minh.", "Ho Chi Minh"),
            (
                "Tôi sống ở Ho\u{302}\u{300} Chi\u{301} Minh.",
                "Ho Chi Minh",
            ),
            ("HO CHI MINH CITY", "Ho Chi Minh"),
            ("Zbor spre București.", "Bucharest"),
            ("Zbor spre Bucureşti.", "Bucharest"),
            ("της Αθηνας", "Athens"),
            ("Die Straße", "Strasse"),
            ("Read O’Reilly books", "O'Reilly"),
            ("Read Oʼreilly books", "O'Reilly"),
            ("Orsted and", "Ørsted"),
        ] {
            assert_eq!(names(&m, text), [want], "in {text:?}");
        }
        // An exact alias with a typographic apostrophe matches the ASCII one.
        assert_eq!(names(&m, "Kamiya's Lab"), ["Kamiya Laboratory"]);
        assert_eq!(names(&m, "kamiya's lab"), Vec::<String>::new());
    }

    #[test]
    fn decomposed_surfaces_keep_their_marks() {
        // The surface of an NFD match ends after the accents of its last letter;
        // ß is one character whatever its folding.
        let m = folding_matcher();
        let text = "Ho\u{302}\u{300} Chi\u{301} Minh\u{301} city, Ørsted\u{301}; Straße.";
        let got = find(&m, text);
        let surfaces: Vec<&str> = got.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(
            surfaces,
            [
                "Ho\u{302}\u{300} Chi\u{301} Minh\u{301} city",
                "Ørsted\u{301}",
                "Straße"
            ]
        );
    }

    #[test]
    fn spacing_variants_cover_common_spellings() {
        let v = spacing_variants("qwen3");
        assert!(v.contains(&"qwen3".to_string()) && v.contains(&"qwen 3".to_string()));
        let v = spacing_variants("kimi k2");
        assert!(v.contains(&"kimik2".to_string()));
        assert_eq!(spacing_variants("بكين"), vec!["بكين".to_string()]);
    }

    #[test]
    fn arabic_prefix_rule() {
        for (p, ok) in [
            ("و", true),
            ("ف", true),
            ("ب", true),
            ("وب", true),
            ("ال", true),
            ("بال", true),
            ("وبال", true),
            ("لل", true),
            ("ولل", true),
            ("م", false),
            ("بب", false),
            ("الا", false),
        ] {
            let text = format!("{p}بكين");
            assert_eq!(arabic_prefix_ok(&text, p.len()), ok, "prefix {p}");
        }
    }

    #[test]
    fn ambiguous_word_used_as_prefix_is_not_a_name() {
        let m = test_matcher();
        assert_eq!(
            names(&m, "the Meta-debate and Meta-Analysis; OpenAI"),
            ["OpenAI"]
        );
        assert_eq!(
            names(&m, "Meta-owned, Meta released Llama"),
            ["Meta", "Llama"]
        );
    }

    #[test]
    fn ambiguous_confirmed_by_an_unambiguous_name_of_the_same_entity() {
        let m = test_matcher();
        assert_eq!(names(&m, "شركة أبل and the Apple II"), ["Apple", "Apple"]);
        assert_eq!(names(&m, "an Apple II"), Vec::<String>::new());
    }

    #[test]
    fn thai_names_need_no_word_boundary() {
        let m = matcher("city:bangkok,city,Bangkok,,,,,,กรุงเทพ,,,,,TH,,,\n");
        assert_eq!(
            names(&m, "ฉันไปกรุงเทพเมื่อวาน และ กรุงเทพ"),
            ["Bangkok", "Bangkok"]
        );
    }

    #[test]
    fn punctuation_at_an_alias_edge_is_not_inside_a_run_of_it() {
        let m = matcher(
            "product:cpp,product,C++,,,,,,,,,,,,,,\n\
             product:dotnet,product,.NET,,,,,,,,,,,,,,\n",
        );
        assert_eq!(names(&m, "c++ and c+++ and xc++"), ["C++"]);
        assert_eq!(names(&m, "C++, and .NET; but not ..NET"), ["C++", ".NET"]);
    }

    #[test]
    fn one_alias_of_two_entities_names_both() {
        let m = matcher(
            "company:mercury-a,company,Mercury Systems,Mercury,,,,,,,,,,US,,,\n\
             company:mercury-b,company,Mercury Insurance,Mercury,,,,,,,,,,US,,,\n",
        );
        let found = find(&m, "mercury rising, and Mercury Systems");
        let got: Vec<(&str, &str)> = found
            .iter()
            .map(|(n, s, _)| (n.as_str(), s.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("Mercury Systems", "mercury"),
                ("Mercury Insurance", "mercury"),
                ("Mercury Systems", "Mercury Systems"),
            ]
        );
    }
}
