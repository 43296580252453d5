//! Relations between two mentions of one sentence: company `located_in` city,
//! model `developed_by` company, product `made_by` company, model `variant_of`
//! model, each scored by its cues. It reads no relation across sentences and
//! finds no quantities (see `quantities`); the cue words are in `cues.tsv`.
//!
//! Each mention is paired with its 16 nearest followers within 400 bytes, in
//! both directions; a pair whose types fit a predicate is a candidate. It is
//! dropped when a mention of another entity of the same type as either end lies
//! between them (not for `variant_of`: "Pangu (Pangu-Σ, Pangu Pro)"), or when the
//! text between them leaves a parenthesis. Otherwise it scores *cue − distance*,
//! the distance being the characters between the two mentions:
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
//! `family` attribute (see `gazetteer`).

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::cues::{automaton, ends_with_cue, fold, starts_with_cue, At, CUES};
use super::gazetteer::agreement;
use super::{distance, Fact, FactObject, FactSource, Predicate, Sentence};
use crate::gazetteer::Gazetteer;

const STRONG: i64 = 100;
const WEAK: i64 = 50;
const THRESHOLD: i64 = 20;
const MARGIN: i64 = 15;
/// Mentions further apart than this (bytes) can never reach the threshold.
const MAX_GAP: usize = 400;
/// How many following mentions each mention is paired with.
const NEIGHBOURS: usize = 16;

/// A scored pair: mention indices in the sentence.
struct Candidate {
    subject: usize,
    object: usize,
    predicate: Predicate,
    score: i64,
}

/// The relations stated in one sentence (see the module doc).
pub(super) fn relations(cx: &Sentence, facts: &mut Vec<Fact>) {
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
        facts.push(Fact::new(
            subject,
            c.predicate,
            FactObject::Entity(object),
            cx.range.clone(),
            FactSource::Text,
            agreement(cx.g, subject, c.predicate, object),
        ));
    }
}

/// Mention `s` as the subject and `o` as the object, when they score enough.
fn candidate(cx: &Sentence, s: usize, o: usize) -> Option<Candidate> {
    let (se, oe) = (cx.mentions[s].entity, cx.mentions[o].entity);
    if se == oe {
        return None;
    }
    let predicate = Predicate::relating(cx.kind(s), cx.kind(o))?;
    if predicate == Predicate::VariantOf && !is_variant(cx.g, se, oe) {
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

/// Whether a mention of another entity of the same type as either end stands
/// between mentions `lo` and `hi` (variants aside), or the text between them
/// leaves a parenthesis.
fn blocked(cx: &Sentence, lo: usize, hi: usize, predicate: Predicate) -> bool {
    let ends = [cx.mentions[lo].entity, cx.mentions[hi].entity];
    let kinds = [cx.kind(lo), cx.kind(hi)];
    let intervening = predicate != Predicate::VariantOf
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
fn score(cx: &Sentence, s: usize, o: usize, predicate: Predicate) -> i64 {
    let (lo, hi) = (s.min(o), s.max(o));
    let d = distance(cx.between(lo, hi));
    let label = label(cx, lo, hi).map_or(i64::MIN, |after| WEAK - 2 * after);
    if predicate == Predicate::VariantOf
        || (STRONG - d >= THRESHOLD && strong_cue(cx, s, o, predicate))
    {
        (STRONG - d).max(label)
    } else if WEAK - d >= THRESHOLD && weak_cue(cx, s, o) {
        (WEAK - d).max(label)
    } else {
        (-d).max(label)
    }
}

/// A strong cue of the pair (see the module doc).
fn strong_cue(cx: &Sentence, s: usize, o: usize, predicate: Predicate) -> bool {
    let subject_first = s < o;
    let (lo, hi) = (s.min(o), s.max(o));
    let between = cx.between(lo, hi);
    let (before, after) = cx.around(o);
    // A possessor owns the first name after it: "Tencent's Hunyuan".
    let possessed = !subject_first && hi == lo + 1 && distance(between) <= 25;
    let cues = if predicate == Predicate::LocatedIn {
        &CUES.place
    } else {
        &CUES.maker
    };
    (subject_first && paren_cue(between))
        || cues.iter().any(|&(at, c)| match at {
            At::AfterObjectFirst => possessed && starts_with_cue(after, c),
            At::After => starts_with_cue(after, c),
            At::BeforeSubjectFirst => subject_first && ends_with_cue(before, c),
            At::Before => ends_with_cue(before, c),
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
    static ANY: LazyLock<AhoCorasick> = LazyLock::new(|| automaton(&CUES.weak_either));
    static SUBJECT_FIRST: LazyLock<AhoCorasick> =
        LazyLock::new(|| automaton(&CUES.weak_subject_first));
    static OBJECT_FIRST: LazyLock<AhoCorasick> =
        LazyLock::new(|| automaton(&CUES.weak_object_first));
    let (lo, hi) = (s.min(o), s.max(o));
    let b = fold(cx.between(lo, hi));
    let directed = if s < o { &SUBJECT_FIRST } else { &OBJECT_FIRST };
    let gap = |a: usize, b: usize| cx.between(a, b).contains('|');
    let cells = b.trim() == "|"
        && (lo == 0 || gap(lo - 1, lo))
        && (hi + 1 == cx.mentions.len() || gap(hi, hi + 1));
    cells || directed.is_match(&b) || ANY.is_match(&b)
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
    let mut best_for_object: HashMap<(usize, Predicate), i64> = HashMap::new();
    for c in &candidates {
        let e = best_for_object
            .entry((c.object, c.predicate))
            .or_insert(i64::MIN);
        *e = (*e).max(c.score);
    }
    let mut kept: Vec<Candidate> = Vec::new();
    let mut slot: HashMap<(usize, Predicate), usize> = HashMap::new();
    for c in candidates {
        let best = best_for_object
            .get(&(c.object, c.predicate))
            .copied()
            .unwrap_or(c.score);
        if c.predicate != Predicate::VariantOf && c.score + MARGIN < best {
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

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::super::*;

    #[test]
    fn possessives_with_typographic_apostrophes() {
        for apostrophe in ['\'', '\u{2019}', '\u{2018}', '\u{02BC}'] {
            let f = run(&format!("Tencent{apostrophe}s Yuanbao is an app."));
            assert_has(&f, &["Yuanbao made_by Tencent"]);
        }
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
}
