//! Facts: what the articles state about the entities they mention, each with the
//! sentence that states it.
//!
//! Three kinds. **Relations** between two mentions in one sentence: company
//! `located_in` city, model `developed_by` company, product `made_by` company,
//! model `variant_of` model. **Quantities** next to a mention: `parameters`,
//! `active_parameters`, `context_length`, `users`, normalised to a number.
//! **Gazetteer facts**: the same relations taken from the gazetteer's attributes
//! for every entity the document mentions, marked `source = gazetteer`.
//!
//! The relation rule: every ordered pair of mentions in a sentence whose types fit
//! a predicate is a candidate, scored by what lies between them. A *strong* cue
//! (the object in parentheses right after the subject, "Tencent (Shenzhen)"; a
//! possessive, "Tencent's Hunyuan", "腾讯的混元", "テンセントの", "टेंसेंट का"; a
//! location preposition right before the city, "in Hangzhou", "في هانغتشو",
//! "在杭州", "杭州で", "हांग्जो में") scores 100, a *weak* cue (a cue word or a
//! "Label: ..." colon between them) 50, none 0; the distance in characters is
//! subtracted. A pair is kept when its score is at least 20 (strong within 80
//! characters, weak within 30, bare neighbours within 20), and for each subject
//! and predicate only the best object is kept, so a long sentence that lists many
//! entities never yields their cross product. Sentences end at `. ! ?` before a
//! space, `。！？`, `؟ ؛`, `।` and at line ends (list items and headings are their
//! own units); the Arabic comma ، does not end a sentence, since "في بكين، تعمل
//! Zhipu AI" states one fact. This module does not find mentions.

use std::ops::Range;
use std::sync::LazyLock;

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
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// Subject entity index.
    pub subject: usize,
    /// `located_in`, `developed_by`, `made_by`, `variant_of`, `parameters`,
    /// `active_parameters`, `context_length`, `users`.
    pub predicate: &'static str,
    /// Object entity index (relations).
    pub object: Option<usize>,
    /// Normalised value (quantities).
    pub value: Option<u64>,
    /// `parameters`, `tokens`, `users` for quantities, empty for relations.
    pub unit: &'static str,
    /// The quantity as written, empty for relations.
    pub surface: String,
    /// Byte range in the text of the evidence sentence.
    pub evidence: Range<usize>,
    /// Text or gazetteer.
    pub source: FactSource,
    /// Whether the gazetteer agrees.
    pub agrees: Agreement,
}

/// Splits prose into sentence units (see the module doc); returns trimmed byte
/// ranges of `text` for the units that overlap a prose segment.
pub fn split_sentences(text: &str, segments: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    // Lines up to `done_to` are split already; searches never go back past it,
    // so the whole pass is linear even when a document is one long line.
    let mut done_to = 0;
    for seg in segments {
        if seg.end <= done_to {
            continue;
        }
        let from = done_to.min(seg.start);
        let mut line_start = if seg.start < done_to {
            done_to
        } else {
            text[from..seg.start]
                .rfind('\n')
                .map_or(from, |i| from + i + 1)
        };
        while line_start < seg.end.max(seg.start + 1) && line_start < text.len() {
            let line_end = memchr::memchr(b'\n', &text.as_bytes()[line_start..])
                .map_or(text.len(), |i| line_start + i);
            split_line(text, line_start..line_end, &mut out);
            done_to = line_end;
            line_start = line_end + 1;
        }
    }
    // Keep the units that overlap a segment (both lists are in text order).
    let mut k = 0;
    out.retain(|r| {
        while k < segments.len() && segments[k].end <= r.start {
            k += 1;
        }
        k < segments.len() && segments[k].start < r.end
    });
    out
}

/// Splits one line at sentence ends.
fn split_line(text: &str, line: Range<usize>, out: &mut Vec<Range<usize>>) {
    let mut start = line.start;
    for (i, c) in text[line.clone()].char_indices() {
        let at = line.start + i;
        let end = match c {
            '。' | '！' | '？' | '؟' | '؛' | '।' => true,
            '.' | '!' | '?' => text[at + 1..line.end]
                .chars()
                .next()
                .is_none_or(char::is_whitespace),
            _ => false,
        };
        if end {
            push_unit(text, start..at + c.len_utf8(), out);
            start = at + c.len_utf8();
        }
    }
    push_unit(text, start..line.end, out);
}

/// Adds a unit without surrounding white space and list or heading markers.
fn push_unit(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let trimmed = s.trim_start_matches([' ', '\t', '-', '*', '+', '#', '>', '|']);
    let digits = trimmed.len()
        - trimmed
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    let trimmed = if digits > 0 && trimmed[digits..].starts_with(". ") {
        &trimmed[digits + 2..]
    } else {
        trimmed
    };
    let lead = s.len() - trimmed.len();
    let body = trimmed.trim_end();
    if body.chars().any(char::is_alphanumeric) {
        out.push(r.start + lead..r.start + lead + body.len());
    }
}

/// All facts of one document, in the order of their evidence.
pub fn extract(
    text: &str,
    segments: &[Range<usize>],
    mentions: &[FactInput],
    gazetteer: &Gazetteer,
) -> Vec<Fact> {
    let sentences = split_sentences(text, segments);
    let mut facts = Vec::new();
    let mut first = 0;
    for s in &sentences {
        while first < mentions.len() && mentions[first].range.start < s.start {
            first += 1;
        }
        let inside: Vec<&FactInput> = mentions[first..]
            .iter()
            .take_while(|m| m.range.start < s.end)
            .filter(|m| m.range.end <= s.end)
            .collect();
        if inside.is_empty() {
            continue;
        }
        relations(text, s, &inside, gazetteer, &mut facts);
        quantities(text, s, &inside, gazetteer, &mut facts);
    }
    gazetteer_facts(mentions, &sentences, gazetteer, &mut facts);
    facts
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

/// Words that link two names (any language, lowercase).
const WEAK_CUES: &[&str] = &[
    " in ",
    " based in ",
    " headquartered in ",
    " from ",
    " by ",
    " of ",
    " at ",
    "developed by",
    "made by",
    "maker",
    "built by",
    "model",
    "في ",
    "من ",
    "لـ",
    "التابع",
    "مقرها",
    "نموذج",
    "位于",
    "总部",
    "来自",
    "的",
    "在",
    "本社",
    "拠点",
    "による",
    "が開発",
    "の",
    "में",
    "का",
    "की",
    "के",
    "द्वारा",
    "मॉडल",
];

/// Location words written right before a city.
const PLACE_CUES: &[&str] = &[
    "in ",
    "based in ",
    "في ",
    "بمدينة ",
    "مدينة ",
    "在",
    "位于",
    "总部位于",
    "में",
];

/// Scores a candidate pair; `first` and `second` are the mentions in text order.
fn pair_score(
    text: &str,
    first: &FactInput,
    second: &FactInput,
    subject_first: bool,
    predicate: &str,
) -> i64 {
    let between = &text[first.range.end..second.range.start];
    let distance = between.chars().count() as i64;
    let b = between.to_lowercase();
    let trimmed = b.trim_matches(|c: char| c == ' ' || c == '*' || c == '_');
    let paren = trimmed.starts_with('(') || trimmed.starts_with('（');
    let paren = paren && !trimmed.contains(')') && !trimmed.contains('）') && distance <= 25;
    let possessive = !subject_first
        && (trimmed == "'s"
            || trimmed == "’s"
            || trimmed == "的"
            || trimmed == "の"
            || trimmed == "का"
            || trimmed == "की"
            || trimmed == "के");
    let place = predicate == "located_in" && {
        let city = if subject_first { second } else { first };
        let before = text[..city.range.start].to_lowercase();
        PLACE_CUES.iter().any(|c| before.ends_with(c))
            || text[city.range.end..].starts_with("で")
            || text[city.range.end..].trim_start().starts_with("में")
    };
    let variant = predicate == "variant_of" && (paren || distance <= 40);
    let strong = (paren && subject_first) || possessive || place || variant;
    let weak = WEAK_CUES.iter().any(|c| b.contains(c)) || b.contains(':') || b.contains('：');
    let cue = if strong {
        100
    } else if weak {
        50
    } else {
        0
    };
    cue - distance
}

fn relations(
    text: &str,
    s: &Range<usize>,
    inside: &[&FactInput],
    g: &Gazetteer,
    facts: &mut Vec<Fact>,
) {
    let kinds: Vec<&str> = inside
        .iter()
        .map(|m| g.entities()[m.entity].kind.as_str())
        .collect();
    // (subject, predicate) -> (score, object)
    let mut best: Vec<(usize, &'static str, i64, usize)> = Vec::new();
    // Pairs further apart than this can never score 20: only neighbours are
    // compared, so a sentence with many mentions costs linear time.
    const WINDOW: usize = 400;
    for (i, a) in inside.iter().enumerate() {
        let lo = inside[..i].partition_point(|m| m.range.end + WINDOW < a.range.start);
        let hi = i + inside[i..].partition_point(|m| m.range.start <= a.range.end + WINDOW);
        for (j, b) in inside.iter().enumerate().take(hi).skip(lo) {
            if i == j || a.entity == b.entity {
                continue;
            }
            let Some(predicate) = predicate_for(kinds[i], kinds[j]) else {
                continue;
            };
            if predicate == "variant_of" && !is_variant(g, a.entity, b.entity) {
                continue;
            }
            let (first, second, subject_first) = if i < j { (a, b, true) } else { (b, a, false) };
            let score = pair_score(text, first, second, subject_first, predicate);
            if score < 20 {
                continue;
            }
            match best
                .iter_mut()
                .find(|x| x.0 == a.entity && x.1 == predicate)
            {
                Some(x) if x.2 >= score => {}
                Some(x) => *x = (a.entity, predicate, score, b.entity),
                None => best.push((a.entity, predicate, score, b.entity)),
            }
        }
    }
    for (subject, predicate, _, object) in best {
        push_unique(
            facts,
            Fact {
                subject,
                predicate,
                object: Some(object),
                value: None,
                unit: "",
                surface: String::new(),
                evidence: s.clone(),
                source: FactSource::Text,
                agrees: agreement(g, subject, predicate, object),
            },
        );
    }
}

/// Whether model `a` is a variant of model `b`: `b` is its family in the
/// gazetteer, or `a`'s name extends `b`'s.
fn is_variant(g: &Gazetteer, a: usize, b: usize) -> bool {
    let (ea, eb) = (&g.entities()[a], &g.entities()[b]);
    ea.attribute("family") == Some(eb.id.as_str())
        || (ea.name.len() > eb.name.len() && ea.name.starts_with(&eb.name))
}

/// Adds a fact unless the same subject, predicate and object (or value) is already
/// stated in the same sentence.
fn push_unique(facts: &mut Vec<Fact>, f: Fact) {
    let same_sentence = facts.iter().rev().take_while(|x| x.evidence == f.evidence);
    let dup = same_sentence.into_iter().any(|x| {
        x.subject == f.subject
            && x.predicate == f.predicate
            && x.object == f.object
            && x.value == f.value
            && x.evidence == f.evidence
    });
    if !dup {
        facts.push(f);
    }
}

/// Numbers with a scale and a unit. Digits of every script are accepted.
static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?P<num>[0-9٠-٩۰-۹०-९]+(?:[.,٫][0-9٠-٩۰-۹०-९]+)?)\s?",
        r"(?P<scale>trillion|billion|million|thousand|milliards?|millions?|mille|mrd|",
        r"مليار|مليون|ألف|تريليون|बिलियन|मिलियन|अरब|करोड़|लाख|百万|十亿|亿|億|万|千|兆|[KMBT](?:\b|[^a-z]))?\s?",
        r"(?P<unit>(?:de\s)?param[eè]tres?|parameters?|params|参数|參數|パラメータ|パラメーター|معلمة|معلمات|معامل|पैरामीटर(?:्स)?|",
        r"tokens?|令牌|词元|トークン|رمز|رموز|टोकन|",
        r"(?:(?:daily|monthly|active|weekly|يومي|شهري|)\s?)?(?:users?|مستخدم|مستخدمين|用户|ユーザー|उपयोगकर्ता(?:ओं)?)|",
        r"active|activated|激活|アクティブ|نشطة|सक्रिय)?"
    ))
    .expect("static regex")
});

fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '٠'..='٩' => Some(c as u32 - '٠' as u32),
        '۰'..='۹' => Some(c as u32 - '۰' as u32),
        '०'..='९' => Some(c as u32 - '०' as u32),
        _ => None,
    }
}

/// Parses digits of any script with an optional decimal part.
fn parse_number(s: &str) -> Option<f64> {
    let ascii: String = s
        .chars()
        .map(|c| match digit_value(c) {
            Some(d) => char::from_digit(d, 10).unwrap_or('0'),
            None => '.',
        })
        .collect();
    ascii.parse().ok()
}

fn scale_of(s: &str) -> Option<f64> {
    let s = s.trim().to_lowercase();
    let s = s.trim_end_matches(|c: char| !c.is_alphanumeric());
    Some(match s {
        "" => 1.0,
        "k" | "thousand" | "mille" | "ألف" | "千" => 1e3,
        "万" => 1e4,
        "लाख" => 1e5,
        "m" | "million" | "millions" | "مليون" | "मिलियन" | "百万" => 1e6,
        "करोड़" => 1e7,
        "亿" | "億" => 1e8,
        "b" | "billion" | "milliard" | "milliards" | "mrd" | "مليار" | "बिलियन" | "अरब"
        | "十亿" => 1e9,
        "t" | "trillion" | "تريليون" | "兆" => 1e12,
        _ => return None,
    })
}

fn quantities(
    text: &str,
    s: &Range<usize>,
    inside: &[&FactInput],
    g: &Gazetteer,
    facts: &mut Vec<Fact>,
) {
    let sentence = &text[s.clone()];
    let lower = sentence.to_lowercase();
    let context_words = [
        "context",
        "سياق",
        "上下文",
        "コンテキスト",
        "कॉन्टेक्स्ट",
        "संदर्भ",
    ];
    for caps in QUANTITY.captures_iter(sentence) {
        let (Some(m), Some(num)) = (caps.get(0), caps.name("num")) else {
            continue;
        };
        let start = s.start + m.start();
        let end = s.start + m.end();
        if inside
            .iter()
            .any(|x| x.range.start < end && start < x.range.end)
        {
            continue;
        }
        let scale_text = caps.name("scale").map_or("", |x| x.as_str());
        let unit_text = caps.name("unit").map_or("", |x| x.as_str()).to_lowercase();
        let (Some(n), Some(scale)) = (parse_number(num.as_str()), scale_of(scale_text)) else {
            continue;
        };
        let glued_b = scale_text.trim().eq_ignore_ascii_case("b") && !num.as_str().contains(' ');
        let (predicate, unit) = if is_unit(
            &unit_text,
            &["active", "activated", "激活", "アクティブ", "نشطة", "सक्रिय"],
        ) && scale > 1.0
        {
            ("active_parameters", "parameters")
        } else if is_unit(
            &unit_text,
            &[
                "param",
                "参数",
                "參數",
                "パラメータ",
                "معلم",
                "معامل",
                "पैरामीटर",
            ],
        ) || (glued_b && unit_text.is_empty())
        {
            ("parameters", "parameters")
        } else if is_unit(
            &unit_text,
            &["token", "令牌", "词元", "トークン", "رمز", "رموز", "टोकन"],
        ) || (scale_text.trim().eq_ignore_ascii_case("k")
            && context_words.iter().any(|w| lower.contains(w)))
        {
            ("context_length", "tokens")
        } else if is_unit(
            &unit_text,
            &["user", "مستخدم", "用户", "ユーザー", "उपयोगकर्ता"],
        ) {
            ("users", "users")
        } else {
            continue;
        };
        let Some(subject) = nearest(text, inside, start..end, g, predicate) else {
            continue;
        };
        facts.push(Fact {
            subject,
            predicate,
            object: None,
            value: Some((n * scale).round() as u64),
            unit,
            surface: text[start..end].trim().to_string(),
            evidence: s.clone(),
            source: FactSource::Text,
            agrees: Agreement::Unknown,
        });
    }
}

fn is_unit(unit: &str, keys: &[&str]) -> bool {
    !unit.is_empty() && keys.iter().any(|k| unit.contains(k))
}

/// The mention nearest to a quantity that such a quantity can describe: models
/// for sizes and context lengths, any product, model or company for users.
fn nearest(
    text: &str,
    inside: &[&FactInput],
    q: Range<usize>,
    g: &Gazetteer,
    predicate: &str,
) -> Option<usize> {
    // Only mentions within a short reach can be what a quantity describes.
    const REACH: usize = 300;
    let lo = inside.partition_point(|m| m.range.end + REACH < q.start);
    let hi = inside.partition_point(|m| m.range.start <= q.end + REACH);
    inside[lo..hi.max(lo)]
        .iter()
        .filter(|m| {
            let kind = g.entities()[m.entity].kind.as_str();
            let fits = match predicate {
                "users" => matches!(kind, "product" | "model" | "company"),
                _ => kind == "model",
            };
            // A quantity describes something in its own clause.
            let gap = if m.range.end <= q.start {
                &text[m.range.end..q.start]
            } else {
                &text[q.end..m.range.start.max(q.end)]
            };
            fits && !gap.contains([';', '；'])
        })
        .min_by_key(|m| {
            // A quantity usually follows what it describes: mentions after it
            // count as four times as far.
            if m.range.end <= q.start {
                q.start - m.range.end
            } else {
                m.range.start.saturating_sub(q.end) * 4
            }
        })
        .map(|m| m.entity)
}

/// Relations from the gazetteer's attributes, for every entity the document
/// mentions, unless the text already states the same relation.
fn gazetteer_facts(
    mentions: &[FactInput],
    sentences: &[Range<usize>],
    g: &Gazetteer,
    facts: &mut Vec<Fact>,
) {
    let mut seen = std::collections::HashSet::new();
    let stated: std::collections::HashSet<(usize, &str, Option<usize>)> = facts
        .iter()
        .map(|f| (f.subject, f.predicate, f.object))
        .collect();
    let mut new = Vec::new();
    for m in mentions {
        if !seen.insert(m.entity) {
            continue;
        }
        let e = &g.entities()[m.entity];
        for (attr, predicate) in [
            ("city", "located_in"),
            ("developer", "developed_by"),
            ("family", "variant_of"),
        ] {
            let Some(object) = e.attribute(attr).and_then(|id| g.index_of(id)) else {
                continue;
            };
            let predicate = if predicate == "developed_by" && e.kind == "product" {
                "made_by"
            } else {
                predicate
            };
            if e.kind == "city" || stated.contains(&(m.entity, predicate, Some(object))) {
                continue;
            }
            let k = sentences.partition_point(|s| s.end < m.range.end);
            let evidence = sentences
                .get(k)
                .filter(|s| s.start <= m.range.start)
                .cloned()
                .unwrap_or(m.range.clone());
            new.push(Fact {
                subject: m.entity,
                predicate,
                object: Some(object),
                value: None,
                unit: "",
                surface: String::new(),
                evidence,
                source: FactSource::Gazetteer,
                agrees: Agreement::Yes,
            });
        }
    }
    facts.append(&mut new);
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "id,type,name,aliases,ar,zh,ja,hi,other,exact,ambiguous,context,exclude,country,city,developer,family\n";

    fn whole(text: &str) -> Vec<Range<usize>> {
        std::iter::once(0..text.len()).collect()
    }

    fn gazetteer() -> Gazetteer {
        let mut g = Gazetteer::new();
        g.add_csv(
            "t.csv",
            &format!(
                "{HEADER}city:hangzhou,city,Hangzhou,,هانغتشو,杭州,杭州,हांग्जो,,,,,,CN,,,\n\
                 city:shenzhen,city,Shenzhen,,شنتشن,深圳,深圳,शेन्ज़ेन,,,,,,CN,,,\n\
                 city:beijing,city,Beijing,,بكين,北京,北京,बीजिंग,,,,,,CN,,,\n\
                 company:deepseek,company,DeepSeek,DeepSeek AI,,,,,,,,,,CN,city:hangzhou,,\n\
                 company:tencent,company,Tencent,,تنسنت,腾讯,テンセント,टेंसेंट,,,,,,CN,city:shenzhen,,\n\
                 company:huawei,company,Huawei,,هواوي,华为,,,,,,,,CN,city:shenzhen,,\n\
                 model:hunyuan,model,Hunyuan,,,混元,,हुनयुआन,,,,,,,,company:tencent,\n\
                 model:hunyuan-a13b,model,Hunyuan-A13B,,,,,,,,,,,,,company:tencent,model:hunyuan\n\
                 model:qwen2.5,model,Qwen2.5,,,,,,,,,,,,,,\n\
                 product:yuanbao,product,Yuanbao,,,元宝,,,,,,,,,,company:tencent,\n\
                 product:wechat,product,WeChat,,,微信,,,,,,,,,,company:tencent,\n"
            ),
        )
        .unwrap();
        g
    }

    /// Mentions of every alias found in `text`, leftmost-longest, for tests.
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

    /// (subject, predicate, object name or value) for text facts.
    fn run(text: &str) -> Vec<(String, String, String)> {
        let g = gazetteer();
        let ms = mentions(text, &g);
        let name = |i: usize| g.entities()[i].name.clone();
        extract(text, &whole(text), &ms, &g)
            .into_iter()
            .filter(|f| f.source == FactSource::Text)
            .map(|f| {
                let o = f
                    .object
                    .map_or_else(|| f.value.unwrap_or(0).to_string(), name);
                (name(f.subject), f.predicate.to_string(), o)
            })
            .collect()
    }

    fn has(facts: &[(String, String, String)], s: &str, p: &str, o: &str) -> bool {
        facts.iter().any(|f| f.0 == s && f.1 == p && f.2 == o)
    }

    #[test]
    fn english_relations() {
        let f = run("In Hangzhou, DeepSeek AI is a standout.\n- **Tencent (Shenzhen)**: their Hunyuan LLM (especially Hunyuan-A13B) is strong.\nTencent's Yuanbao chatbot.");
        assert!(has(&f, "DeepSeek", "located_in", "Hangzhou"), "{f:?}");
        assert!(has(&f, "Tencent", "located_in", "Shenzhen"), "{f:?}");
        assert!(has(&f, "Hunyuan", "developed_by", "Tencent"), "{f:?}");
        assert!(has(&f, "Hunyuan-A13B", "variant_of", "Hunyuan"), "{f:?}");
        assert!(has(&f, "Yuanbao", "made_by", "Tencent"), "{f:?}");
    }

    #[test]
    fn arabic_relations_and_quantities() {
        let f = run("في هانغتشو، تعد DeepSeek AI رائدة.\n- **تنسنت (شنتشن)**: نموذج Hunyuan يدعم حتى 256K رمز.\nيحقق WeChat نجاحاً مع تجاوز 100 مليون مستخدم يومي.");
        assert!(has(&f, "DeepSeek", "located_in", "Hangzhou"), "{f:?}");
        assert!(has(&f, "Tencent", "located_in", "Shenzhen"), "{f:?}");
        assert!(has(&f, "Hunyuan", "context_length", "256000"), "{f:?}");
        assert!(has(&f, "WeChat", "users", "100000000"), "{f:?}");
    }

    #[test]
    fn chinese_relations_and_quantities() {
        let f =
            run("腾讯（深圳）发布了混元模型，拥有720亿参数和256K 令牌的上下文。微信拥有1亿用户。");
        assert!(has(&f, "Tencent", "located_in", "Shenzhen"), "{f:?}");
        assert!(has(&f, "Hunyuan", "parameters", "72000000000"), "{f:?}");
        assert!(has(&f, "Hunyuan", "context_length", "256000"), "{f:?}");
        assert!(has(&f, "WeChat", "users", "100000000"), "{f:?}");
    }

    #[test]
    fn japanese_and_hindi() {
        let f = run("テンセントの混元は深圳で開発された。");
        assert!(has(&f, "Hunyuan", "developed_by", "Tencent"), "{f:?}");
        let f =
            run("टेंसेंट का हुनयुआन मॉडल।\nहांग्जो में DeepSeek काम करती है।\nQwen2.5 में ७२ बिलियन पैरामीटर हैं।");
        assert!(has(&f, "Hunyuan", "developed_by", "Tencent"), "{f:?}");
        assert!(has(&f, "DeepSeek", "located_in", "Hangzhou"), "{f:?}");
        assert!(has(&f, "Qwen2.5", "parameters", "72000000000"), "{f:?}");
    }

    #[test]
    fn english_quantities() {
        let f = run("Hunyuan-A13B activates 13B active of its 80B parameters; Qwen2.5 has 72 billion parameters and a 128K context window.");
        assert!(
            has(&f, "Hunyuan-A13B", "active_parameters", "13000000000"),
            "{f:?}"
        );
        assert!(
            has(&f, "Hunyuan-A13B", "parameters", "80000000000"),
            "{f:?}"
        );
        assert!(has(&f, "Qwen2.5", "parameters", "72000000000"), "{f:?}");
        assert!(has(&f, "Qwen2.5", "context_length", "128000"), "{f:?}");
        let f = run("Qwen2.5 a 230 milliards de paramètres.");
        assert!(has(&f, "Qwen2.5", "parameters", "230000000000"), "{f:?}");
    }

    #[test]
    fn a_year_is_not_a_quantity() {
        let f = run("In 2025 Hunyuan was released, and 2024 saw Qwen2.5.");
        assert!(f.iter().all(|x| x.1 != "parameters"), "{f:?}");
    }

    #[test]
    fn no_cross_product_in_a_long_sentence() {
        let f = run("DeepSeek has grown quickly over the last two years, attracting engineers from every corner of the industry and investors far beyond the region, while the city of Beijing keeps building new subway lines.");
        assert!(!f.iter().any(|x| x.1 == "located_in"), "{f:?}");
    }

    #[test]
    fn gazetteer_facts_fill_in() {
        let g = gazetteer();
        let text = "Yuanbao is a chatbot.";
        let ms = mentions(text, &g);
        let facts = extract(text, &whole(text), &ms, &g);
        assert!(facts.iter().any(|f| f.predicate == "made_by"
            && f.source == FactSource::Gazetteer
            && f.agrees == Agreement::Yes));
    }

    #[test]
    fn sentences() {
        let t = "# Title\n\nOne. Two is 3.5 big! Z.ai is here.\n- item one\n北京很大。上海也是。";
        let got: Vec<&str> = split_sentences(t, &whole(t))
            .into_iter()
            .map(|r| &t[r])
            .collect();
        assert_eq!(
            got,
            [
                "Title",
                "One.",
                "Two is 3.5 big!",
                "Z.ai is here.",
                "item one",
                "北京很大。",
                "上海也是。"
            ]
        );
    }
}
