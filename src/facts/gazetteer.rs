//! Facts from the gazetteer: the relations its `city`, `developer` and `family`
//! attributes state about every entity a document mentions, once per document
//! each (`source = gazetteer`), and whether a relation read in the text agrees
//! with them. It reads nothing in the text but where the mentions stand.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::{Agreement, Fact, FactObject, FactSource, Predicate};
use crate::gazetteer::Gazetteer;
use crate::matcher::Match;

/// Whether the subject's gazetteer attribute for `predicate` names `object`.
pub(super) fn agreement(
    g: &Gazetteer,
    subject: usize,
    predicate: Predicate,
    object: usize,
) -> Agreement {
    let Some(attr) = predicate.attribute() else {
        return Agreement::Unknown;
    };
    match g.entities()[subject].attribute(attr) {
        Some(id) if id == g.entities()[object].id => Agreement::Yes,
        Some(_) => Agreement::No,
        None => Agreement::Unknown,
    }
}

/// The gazetteer's relations of every mentioned entity, once per document each.
pub(super) fn gazetteer_facts(
    mentions: &[&Match],
    sentences: &[Range<usize>],
    g: &Gazetteer,
    facts: &mut Vec<Fact>,
) {
    // A relation the text already states is not repeated from the gazetteer.
    let mut done: HashSet<(usize, Predicate, usize)> = facts
        .iter()
        .filter_map(|f| Some((f.subject, f.predicate, f.object.entity()?)))
        .collect();
    for (subject, evidence) in evidence_of_entities(mentions, sentences) {
        for (predicate, object) in stated_by_gazetteer(g, subject) {
            if done.insert((subject, predicate, object)) {
                facts.push(Fact::new(
                    subject,
                    predicate,
                    FactObject::Entity(object),
                    evidence.clone(),
                    FactSource::Gazetteer,
                    Agreement::Yes,
                ));
            }
        }
    }
}

/// Every mentioned entity, in first-mention order, with the sentence of its first
/// mention that stands in a sentence (else its first mention).
fn evidence_of_entities(
    mentions: &[&Match],
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
fn stated_by_gazetteer(g: &Gazetteer, subject: usize) -> Vec<(Predicate, usize)> {
    let e = &g.entities()[subject];
    ["city", "developer", "family"]
        .into_iter()
        .filter_map(|attr| {
            let object = g.index_of(e.attribute(attr)?)?;
            let predicate = Predicate::relating(&e.kind, &g.entities()[object].kind)?;
            (predicate.attribute() == Some(attr) && object != subject)
                .then_some((predicate, object))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::super::*;

    #[test]
    fn agreement_with_the_gazetteer() {
        let g = gazetteer();
        let text = "Tencent (Beijing) ships Qwen2.5 by Huawei.";
        let facts = extract(text, &whole(text), &mentions(text, &g), &g);
        let agrees = |p: Predicate| facts.iter().find(|f| f.predicate == p).map(|f| f.agrees);
        assert_eq!(agrees(Predicate::LocatedIn), Some(Agreement::No));
        assert_eq!(agrees(Predicate::DevelopedBy), Some(Agreement::Unknown));
    }

    #[test]
    fn gazetteer_facts_once_per_document_unless_the_text_states_them() {
        let g = gazetteer();
        let text = "Hunyuan-A13B is good.\nHunyuan-A13B is a variant of Hunyuan.\nYuanbao chats.";
        let facts = extract(text, &whole(text), &mentions(text, &g), &g);
        let count = |p: Predicate, src: FactSource| {
            facts
                .iter()
                .filter(|f| f.source == src && f.predicate == p)
                .count()
        };
        // The text states the variant: the gazetteer does not repeat it.
        assert_eq!(
            count(Predicate::VariantOf, FactSource::Text),
            1,
            "{facts:#?}"
        );
        assert_eq!(
            count(Predicate::VariantOf, FactSource::Gazetteer),
            0,
            "{facts:#?}"
        );
        assert_eq!(count(Predicate::MadeBy, FactSource::Gazetteer), 1);
        assert_eq!(count(Predicate::DevelopedBy, FactSource::Gazetteer), 2);
        let y = facts
            .iter()
            .find(|f| f.source == FactSource::Gazetteer && f.predicate == Predicate::MadeBy)
            .unwrap();
        assert_eq!(y.evidence, "Yuanbao chats.");
        assert_eq!(y.line, 3);
        assert_eq!(y.agrees, Agreement::Yes);
    }
}
