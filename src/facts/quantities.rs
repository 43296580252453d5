//! Quantities: numbers in prose next to a mention, with their scale and unit,
//! normalised (`parameters`, `active_parameters`, `context_length`, `users`). It
//! finds no relations (see `relations`); the scale, unit, rate and currency words
//! are in `cues.tsv`.
//!
//! Numbers count in prose only (not in code, URLs or a mention's own name, so the
//! `72B` of "Qwen2.5-72B" is not one): digits in ASCII, Arabic-Indic, Eastern
//! Arabic, Devanagari or full width, or a number word ("a billion", एक अरब, a bare
//! مليار); a scale (K, M, B, T, million, milliard, مليار, 亿, 万亿, 億, 兆, अरब,
//! करोड़, ...); and a unit: a word after the number (parameters, tokens, users in
//! the five languages and French; "active" right after the number or its unit),
//! else a word before a scaled number (激活参数320亿, 月活用户超过10亿, "activates
//! 13 billion", "(active 32B)"), else `B`/`T` glued to the digits ("72B"). A year,
//! a price (`$72B`, "per 1M tokens"), a rate ("tokens per second") or a number
//! without a unit is never a quantity. The quantity goes to the nearest fitting
//! mention of the sentence (a model for sizes, a model or product for context
//! lengths, a product, model or company for users), mentions after the number
//! counting four times their distance, each clause break 30 more, a `;` never
//! crossed, and nothing further than 200.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use crate::gazetteer::EntityType;
use aho_corasick::AhoCorasick;
use regex::Regex;

use super::cues::{automaton, continues_word, fold, fold_map, is_cjk, CUES};
use super::{
    distance, Agreement, Fact, FactObject, FactSource, Predicate, Quantity, Sentence, Unit,
};
use crate::matcher::Match;

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

/// A quantity read in a sentence, before it is given to a mention.
struct Reading {
    surface: Range<usize>,
    value: u64,
    predicate: Predicate,
    unit: Unit,
}

/// The quantities stated in one sentence (see the module doc), outside `segs`'
/// gaps (code, URLs).
pub(super) fn quantities(cx: &Sentence, segs: &[Range<usize>], facts: &mut Vec<Fact>) {
    let sentence = &cx.text[cx.range.clone()];
    let mut consumed = cx.range.start;
    let mut stated: HashSet<(usize, Predicate, u64)> = HashSet::new();
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
            let quantity = Quantity {
                value: q.value,
                unit: q.unit,
                surface: cx.text[q.surface].trim_end().to_string(),
            };
            facts.push(Fact::new(
                subject,
                q.predicate,
                FactObject::Quantity(quantity),
                cx.range.clone(),
                FactSource::Text,
                Agreement::Unknown,
            ));
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
        for (_, w) in &CUES.scales {
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
    // Scales are largest first, so that compounds (万亿, 千亿, 十亿, 百万) are
    // tried before their parts.
    let (v, w) = CUES.scales.iter().find(|(_, w)| {
        word.get(..w.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(w))
            && (w.chars().all(is_cjk) || !word[w.len()..].starts_with(continues_word))
    })?;
    Some((*v, at + gap + w.len(), false))
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
fn read_quantity(cx: &Sentence, n: &Number) -> Option<Reading> {
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
    if currency
        || CUES
            .currency
            .iter()
            .any(|w| after.trim_start().starts_with(w))
    {
        return None;
    }
    let rate = CUES.rate.iter().any(|w| after.contains(w))
        || CUES
            .rate
            .iter()
            .any(|w| before.trim_end().ends_with(w.trim_end()));
    // A unit named after the number wins; before it, only "active" may add to it.
    let stated_before = unit_before(&before, n)
        .filter(|m| stated_after.is_none() || *m == Measure::Active)
        .map(|m| (m, n.end));
    let ((predicate, unit), end) = [stated_after, stated_before]
        .into_iter()
        .flatten()
        .find_map(|(m, end)| Some((accept(m, value, n.scale.is_some(), rate)?, end)))?;
    Some(Reading {
        surface: n.start..end,
        value: value.round() as u64,
        predicate,
        unit,
    })
}

/// The predicate and unit of a measure, when the value is plausible for it.
fn accept(m: Measure, value: f64, scaled: bool, rate: bool) -> Option<(Predicate, Unit)> {
    let year = !scaled && (1900.0..=2100.0).contains(&value) && value.fract() == 0.0;
    match m {
        Measure::Params if value >= 1e6 => Some((Predicate::Parameters, Unit::Parameters)),
        Measure::Active if value >= 1e6 => Some((Predicate::ActiveParameters, Unit::Parameters)),
        Measure::Tokens if !rate && (1e3..=1e9).contains(&value) => {
            Some((Predicate::ContextLength, Unit::Tokens))
        }
        Measure::Context if scaled && !rate && (1e3..=1e9).contains(&value) => {
            Some((Predicate::ContextLength, Unit::Tokens))
        }
        Measure::Users if value >= 1e3 && !year => Some((Predicate::Users, Unit::Users)),
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
    static UNITS: LazyLock<(AhoCorasick, Vec<usize>)> = LazyLock::new(|| {
        let lists = [&CUES.users, &CUES.tokens, &CUES.params];
        let tags = lists
            .iter()
            .enumerate()
            .flat_map(|(k, l)| l.iter().map(move |_| k))
            .collect();
        (automaton(lists.into_iter().flatten()), tags)
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
    let unfilled = CUES
        .partitive
        .iter()
        .find_map(|f| t.strip_prefix(f))
        .unwrap_or(t)
        .trim_start();
    let active = CUES
        .active_after
        .iter()
        .find(|w| unfilled.starts_with(**w))
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
        match CUES.active_after.iter().find(|w| rest.starts_with(*w)) {
            Some(w) => Some((Measure::Active, after.len() - rest.len() + w.len())),
            None => Some((Measure::Params, e)),
        }
    } else {
        let c = CUES.context.iter().find(|w| t.starts_with(*w))?;
        Some((Measure::Context, lead + c.len()))
    }
}

/// The unit named before a scaled number ("激活参数320亿", "月活用户超过10亿",
/// "activates 13 billion"), else `B`/`T` glued to the digits.
fn unit_before(before: &str, n: &Number) -> Option<Measure> {
    let has = |list: &[&str]| list.iter().any(|w| before.contains(w));
    let c = &*CUES;
    if n.scale.is_none() {
        None
    } else if has(&c.users) {
        Some(Measure::Users)
    } else if has(&c.active_before) {
        Some(Measure::Active)
    } else if has(&c.params) {
        Some(Measure::Params)
    } else if has(&c.tokens) || has(&c.context) {
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
fn nearest(cx: &Sentence, q: &Range<usize>, predicate: Predicate) -> Option<usize> {
    let fits = |m: &&&Match| {
        let kind = &cx.g.entities()[m.entity].kind;
        match predicate {
            Predicate::Users => kind.is_tech(),
            Predicate::ContextLength => matches!(kind, EntityType::Model | EntityType::Product),
            _ => *kind == EntityType::Model,
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
fn attach_cost(cx: &Sentence, m: &Match, q: &Range<usize>) -> Option<i64> {
    let (gap, weight) = if m.range.end <= q.start {
        (cx.text.get(m.range.end..q.start)?, 1)
    } else {
        (cx.text.get(q.end..m.range.start)?, 4)
    };
    let clauses = gap.chars().filter(|c| ",،，、:：".contains(*c)).count() as i64;
    let cost = distance(gap) * weight + clauses * 30;
    (!gap.contains([';', '；', '؛']) && cost <= 200).then_some(cost)
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::super::*;
    use super::*;

    /// The surface of a quantity fact.
    fn surface(f: &Fact) -> Option<String> {
        f.object.quantity().map(|q| q.surface.clone())
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
        let surfaces: Vec<String> = facts_of(text).iter().filter_map(surface).collect();
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
            .iter()
            .filter_map(surface)
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
        assert!(
            facts.iter().all(|f| f.object.quantity().is_none()),
            "{facts:#?}"
        );
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
