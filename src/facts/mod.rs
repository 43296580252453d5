//! Facts: what an article states about the entities it mentions, each with the
//! sentence that states it.
//!
//! The stage after matching. [`extract`] takes the document text, its prose
//! ranges and the matcher's [`Match`]es, and returns [`Fact`]s of three kinds.
//! **Relations** between two mentions in one sentence: company `located_in` city,
//! model `developed_by` company, product `made_by` company, model `variant_of`
//! model. **Quantities** next to a mention: `parameters`, `active_parameters`,
//! `context_length`, `users`, normalised to a number. **Gazetteer facts**: the
//! same relations read from the gazetteer's `city`, `developer` and `family`
//! attributes, once per document for every entity the document mentions
//! (`source = gazetteer`). It does not find mentions, never names an entity that
//! was not mentioned, reads no relation across sentences and does not resolve
//! pronouns ("its", "their", 其).
//!
//! Components, one file each:
//! - `sentences`: the one sentence splitter ([`split_sentences`],
//!   [`sentence_around`]);
//! - `relations`: entity-to-entity relations in a sentence and their cue scoring;
//! - `quantities`: numbers, scales and units, and the mention each describes;
//! - `gazetteer`: facts from gazetteer attributes, and agreement with them;
//! - `cues`: the cue words, read once from the data file `cues.tsv`, and how text
//!   is compared with them.

use std::cell::OnceCell;
use std::ops::Range;

use crate::gazetteer::{EntityType, Gazetteer};
use crate::matcher::Match;
use crate::text::floor_char_boundary as floor;

mod cues;
mod gazetteer;
mod quantities;
mod relations;
mod sentences;

pub use sentences::{sentence_around, split_sentences};

/// What a fact states: a relation between two entities or a quantity of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Predicate {
    /// A company is located in a city.
    LocatedIn,
    /// A model is developed by a company.
    DevelopedBy,
    /// A product is made by a company.
    MadeBy,
    /// A model is a variant of another model.
    VariantOf,
    /// A model's parameter count.
    Parameters,
    /// A model's active parameter count.
    ActiveParameters,
    /// A model's or product's context length in tokens.
    ContextLength,
    /// A product's, model's or company's user count.
    Users,
}

impl Predicate {
    /// The name written in the outputs: `located_in`, `developed_by`, `made_by`,
    /// `variant_of`, `parameters`, `active_parameters`, `context_length`, `users`.
    pub fn as_str(self) -> &'static str {
        match self {
            Predicate::LocatedIn => "located_in",
            Predicate::DevelopedBy => "developed_by",
            Predicate::MadeBy => "made_by",
            Predicate::VariantOf => "variant_of",
            Predicate::Parameters => "parameters",
            Predicate::ActiveParameters => "active_parameters",
            Predicate::ContextLength => "context_length",
            Predicate::Users => "users",
        }
    }

    /// The relation linking a subject of type `subject` to an object of type
    /// `object` (gazetteer types), if any.
    fn relating(subject: &EntityType, object: &EntityType) -> Option<Predicate> {
        use EntityType::{City, Company, Model, Product};
        match (subject, object) {
            (Company, City) => Some(Predicate::LocatedIn),
            (Model, Company) => Some(Predicate::DevelopedBy),
            (Product, Company) => Some(Predicate::MadeBy),
            (Model, Model) => Some(Predicate::VariantOf),
            _ => None,
        }
    }

    /// The gazetteer attribute that states this relation.
    fn attribute(self) -> Option<&'static str> {
        match self {
            Predicate::LocatedIn => Some("city"),
            Predicate::DevelopedBy | Predicate::MadeBy => Some("developer"),
            Predicate::VariantOf => Some("family"),
            _ => None,
        }
    }
}

/// What a quantity counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Parameters of a model.
    Parameters,
    /// Tokens of a context.
    Tokens,
    /// Users of a product.
    Users,
}

impl Unit {
    /// `parameters`, `tokens` or `users`, as written in the outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Parameters => "parameters",
            Unit::Tokens => "tokens",
            Unit::Users => "users",
        }
    }
}

/// A number stated in the text, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// Normalised value: `72000000000`, `256000`.
    pub value: u64,
    /// What it counts.
    pub unit: Unit,
    /// The quantity as written (`72B`, `256K رمز`, `720亿参数`).
    pub surface: String,
}

/// The object of a fact: another entity (a relation) or a quantity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactObject {
    /// An entity index in the gazetteer.
    Entity(usize),
    /// A quantity of the subject.
    Quantity(Quantity),
}

impl FactObject {
    /// The object entity of a relation.
    pub fn entity(&self) -> Option<usize> {
        match self {
            FactObject::Entity(e) => Some(*e),
            FactObject::Quantity(_) => None,
        }
    }

    /// The quantity of a quantity fact.
    pub fn quantity(&self) -> Option<&Quantity> {
        match self {
            FactObject::Entity(_) => None,
            FactObject::Quantity(q) => Some(q),
        }
    }
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

/// One fact, as the document holds it and the sinks write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// Subject entity index.
    pub subject: usize,
    /// The relation or quantity stated.
    pub predicate: Predicate,
    /// The object entity (relations) or the quantity.
    pub object: FactObject,
    /// Byte range of the evidence in the decoded text: the sentence that states
    /// the fact; for a gazetteer fact, the sentence of the subject's first mention
    /// (the mention itself when no mention of it stands in a sentence, as in the
    /// title).
    pub evidence_range: Range<usize>,
    /// The evidence as written.
    pub evidence: String,
    /// 1-based line of the evidence.
    pub line: usize,
    /// Text or gazetteer.
    pub source: FactSource,
    /// Whether the gazetteer agrees (relations; `Unknown` for quantities).
    pub agrees: Agreement,
}

impl Fact {
    /// A fact whose evidence text and line [`extract`] fills in at the end.
    fn new(
        subject: usize,
        predicate: Predicate,
        object: FactObject,
        evidence: Range<usize>,
        source: FactSource,
        agrees: Agreement,
    ) -> Self {
        Fact {
            subject,
            predicate,
            object,
            evidence_range: evidence,
            evidence: String::new(),
            line: 0,
            source,
            agrees,
        }
    }
}

/// One sentence with the mentions inside it.
struct Sentence<'a> {
    text: &'a str,
    range: Range<usize>,
    /// Where the first letter or digit of the sentence is.
    head: usize,
    mentions: Vec<&'a Match>,
    g: &'a Gazetteer,
    /// Per mention, once asked: the folded 40 bytes before and after it.
    around: Vec<OnceCell<(String, String)>>,
}

impl<'a> Sentence<'a> {
    /// The type of mention `i`.
    fn kind(&self, i: usize) -> &EntityType {
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
                cues::fold(self.window(r.start, 40, true)),
                cues::fold(self.window(r.end, 40, false)),
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

/// Characters between two mentions, emphasis markers aside.
fn distance(between: &str) -> i64 {
    between.chars().filter(|c| !matches!(c, '*' | '_')).count() as i64
}

/// All facts of one document, in the order of their evidence: relations and
/// quantities stated in the sentences of `segments`, and the gazetteer's
/// relations for every mentioned entity. Mentions that are out of bounds, not on
/// character boundaries, of an unknown entity or overlapping an earlier mention
/// are ignored.
pub fn extract(
    text: &str,
    segments: &[Range<usize>],
    mentions: &[Match],
    gazetteer: &Gazetteer,
) -> Vec<Fact> {
    let segs = sentences::valid_ranges(text, segments);
    let mentions = valid_mentions(text, mentions, gazetteer);
    // Only sentences with a mention can state a fact: split only their lines.
    let starts: Vec<usize> = mentions.iter().map(|m| m.range.start).collect();
    let sentences = sentences::sentences_of_lines(text, &segs, Some(&starts));
    let mut facts = Vec::new();
    let mut first = 0;
    for s in &sentences {
        first += mentions[first..].partition_point(|m| m.range.start < s.start);
        let inside: Vec<&Match> = mentions[first..]
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
            around: vec![OnceCell::new(); inside.len()],
            mentions: inside,
            g: gazetteer,
        };
        relations::relations(&cx, &mut facts);
        quantities::quantities(&cx, &segs, &mut facts);
    }
    gazetteer::gazetteer_facts(&mentions, &sentences, gazetteer, &mut facts);
    facts.sort_by_key(|f| f.evidence_range.start);
    // The evidence as written and its line, in one pass over the sorted facts.
    let (mut line, mut counted) = (1, 0);
    for f in &mut facts {
        let at = f.evidence_range.start.max(counted);
        let skipped = text.as_bytes().get(counted..at).unwrap_or_default();
        line += memchr::memchr_iter(b'\n', skipped).count();
        counted = at;
        f.line = line;
        f.evidence = text
            .get(f.evidence_range.clone())
            .unwrap_or_default()
            .to_string();
    }
    facts
}

/// Usable mentions in text order, without overlaps.
fn valid_mentions<'a>(text: &str, mentions: &'a [Match], g: &Gazetteer) -> Vec<&'a Match> {
    let mut v: Vec<&Match> = mentions
        .iter()
        .filter(|m| m.entity < g.len() && m.range.start < m.range.end)
        .filter(|m| text.get(m.range.clone()).is_some())
        .collect();
    v.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
    let mut out: Vec<&Match> = Vec::with_capacity(v.len());
    for m in v {
        if out.last().is_none_or(|l| m.range.start >= l.range.end) {
            out.push(m);
        }
    }
    out
}

/// Fixtures shared by the unit tests of every component: a small gazetteer and a
/// stand-in for the matcher.
#[cfg(test)]
mod fixtures {
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

    pub(super) fn gazetteer() -> Gazetteer {
        let mut g = Gazetteer::new();
        g.add_csv("t.csv", &format!("{HEADER}{ROWS}")).unwrap();
        g
    }

    /// A match of `entity` at `range`, as the matcher would give it.
    pub(super) fn at(entity: usize, range: Range<usize>) -> Match {
        Match {
            entity,
            range,
            norm: 0..0,
            variant: false,
        }
    }

    /// Every alias found in `text`, leftmost-longest (a stand-in for the matcher).
    pub(super) fn mentions(text: &str, g: &Gazetteer) -> Vec<Match> {
        let mut all: Vec<Match> = Vec::new();
        for (i, e) in g.entities().iter().enumerate() {
            for a in &e.aliases {
                for (start, _) in text.match_indices(a.text.as_str()) {
                    all.push(at(i, start..start + a.text.len()));
                }
            }
        }
        all.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
        let mut out: Vec<Match> = Vec::new();
        for m in all {
            if out.last().is_none_or(|l| m.range.start >= l.range.end) {
                out.push(m);
            }
        }
        out
    }

    /// The whole text as one prose segment.
    pub(super) fn whole(text: &str) -> Vec<Range<usize>> {
        std::iter::once(0..text.len()).collect()
    }

    pub(super) fn facts_of(text: &str) -> Vec<Fact> {
        let g = gazetteer();
        extract(text, &whole(text), &mentions(text, &g), &g)
    }

    /// Text facts as "Subject predicate Object-or-value".
    pub(super) fn run(text: &str) -> Vec<String> {
        let g = gazetteer();
        let name = |i: usize| g.entities()[i].name.clone();
        facts_of(text)
            .into_iter()
            .filter(|f| f.source == FactSource::Text)
            .map(|f| {
                let o = match &f.object {
                    FactObject::Entity(e) => name(*e),
                    FactObject::Quantity(q) => q.value.to_string(),
                };
                format!("{} {} {o}", name(f.subject), f.predicate.as_str())
            })
            .collect()
    }

    pub(super) fn assert_has(facts: &[String], expected: &[&str]) {
        for e in expected {
            assert!(facts.iter().any(|f| f == e), "missing {e:?} in {facts:#?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;

    #[test]
    fn bad_inputs_do_not_panic() {
        let g = gazetteer();
        let text = "Tencent (深圳) has 72B users.";
        let bad = [
            at(999, 0..7),
            at(5, 0..7),
            at(5, 3..9),
            at(1, 10..12),
            at(1, 40..90),
            at(1, Range { start: 9, end: 7 }),
        ];
        let segments = [0..text.len(), 11..12, 50..60, Range { start: 4, end: 2 }];
        let _ = extract(text, &segments, &bad, &g);
        let _ = extract("", &whole(""), &bad, &g);
        let _ = split_sentences(text, &[0..1000, 0..3]);
    }

    #[test]
    fn evidence_text_and_line() {
        let text = "# Notes\n\nTencent (Shenzhen) grows.\nMore.\nYuanbao chats. WeChat too.";
        let facts = facts_of(text);
        assert!(!facts.is_empty());
        for f in &facts {
            assert_eq!(f.evidence, &text[f.evidence_range.clone()]);
            let line = text[..f.evidence_range.start].matches('\n').count() + 1;
            assert_eq!(f.line, line, "{f:?}");
        }
        assert!(facts
            .windows(2)
            .all(|w| w[0].evidence_range.start <= w[1].evidence_range.start));
        assert_eq!(facts.last().map(|f| f.line), Some(5));
    }

    #[test]
    fn predicate_and_unit_names() {
        let all = [
            (Predicate::LocatedIn, "located_in"),
            (Predicate::DevelopedBy, "developed_by"),
            (Predicate::MadeBy, "made_by"),
            (Predicate::VariantOf, "variant_of"),
            (Predicate::Parameters, "parameters"),
            (Predicate::ActiveParameters, "active_parameters"),
            (Predicate::ContextLength, "context_length"),
            (Predicate::Users, "users"),
        ];
        for (p, s) in all {
            assert_eq!(p.as_str(), s);
        }
        assert_eq!(Unit::Parameters.as_str(), "parameters");
        assert_eq!(Unit::Tokens.as_str(), "tokens");
        assert_eq!(Unit::Users.as_str(), "users");
    }
}
