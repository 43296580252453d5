//! Property tests of the core invariants: normalization never panics and its
//! offset map is monotonic and in bounds; every mention's original bytes are
//! exactly its surface, on character boundaries, and normalize to an alias of its
//! entity (or extend one, for model variants).

use gazette::gazetteer::AliasRule;
use gazette::internals::normalize::{normalize_str, Normalized};
use proptest::prelude::*;

use crate::util::extractor;

/// Pieces that real articles are made of: names in every script, prefixes,
/// particles, versions, markdown, odd characters.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Beijing".to_string()),
        Just("بكين".to_string()),
        Just("وبكين".to_string()),
        Just("بَكِين".to_string()),
        Just("北京".to_string()),
        Just("テンセントの".to_string()),
        Just("टेंसेंट".to_string()),
        Just("GLM-4.6".to_string()),
        Just("GPT-4.1".to_string()),
        Just("Qwen2.5-72B-Instruct".to_string()),
        Just("Hunyuan-A13B".to_string()),
        Just("Apple".to_string()),
        Just("metadata".to_string()),
        Just("**".to_string()),
        Just("`code`".to_string()),
        Just("[x](https://a.example/Tencent)".to_string()),
        Just("\n- ".to_string()),
        Just("\n```\nDeepSeek\n```\n".to_string()),
        Just("ＴＥＮＣＥＮＴ".to_string()),
        Just("\u{200F}\u{0640}\u{064E}".to_string()),
        Just("İ".to_string()),
        Just("ﬁ".to_string()),
        "[ -~]{0,6}",
        any::<String>(),
    ]
}

fn article() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..24).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn normalization_map_is_monotonic_and_in_bounds(s in article()) {
        let mut n = Normalized::default();
        n.push_segment(&s, 0..s.len());
        prop_assert_eq!(n.map.len(), n.text.len());
        prop_assert!(n.map.windows(2).all(|w| w[0] <= w[1]));
        prop_assert!(n.map.iter().all(|&o| (o as usize) < s.len().max(1)));
        prop_assert!(n.map.iter().all(|&o| s.is_char_boundary(o as usize)));
        let _ = normalize_str(&s, true);
        let _ = normalize_str(&s, false);
    }

    #[test]
    fn mentions_point_at_their_surface(s in article()) {
        let e = extractor();
        let doc = e.extract_str(&s);
        for m in &doc.mentions {
            prop_assert!(s.is_char_boundary(m.start) && s.is_char_boundary(m.end));
            prop_assert_eq!(&s[m.start..m.end], m.surface.as_str());
            let surface = normalize_str(&m.surface, true);
            let entity = m.entity();
            let ok = entity.aliases.iter().filter(|a| a.rule != AliasRule::Exclude && a.rule != AliasRule::Cue).any(|a| {
                let alias = normalize_str(&a.text, true);
                let squash = |x: &str| x.replace(' ', "");
                surface == alias
                    || squash(&surface) == squash(&alias)
                    || (m.variant().is_some() && squash(&surface).starts_with(&squash(&alias)))
            });
            prop_assert!(ok, "{:?} is not an alias of {}", m.surface, entity.id);
        }
    }
}

/// Spellings that Unicode folding brings together: Vietnamese, Romanian comma
/// below and cedilla, Greek with a final sigma, German ß, typographic
/// apostrophes and quotes, and letters followed by combining marks.
fn folding_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Hồ Chí Minh".to_string()),
        Just("Thừa Thiên Huế, Đà Nẵng".to_string()),
        Just("București Timișoara Constanța".to_string()),
        Just("Bucureşti Timişoara Constanţa".to_string()),
        Just("ΑΘΗΝΑΣ της Αθήνας Ἀθῆναι".to_string()),
        Just("Straße STRAẞE Øresund Łódź Æbeltoft".to_string()),
        Just("Tencent’s Oʼreilly ‘x’ “y” „z“ «w»".to_string()),
        Just("Йошкар-Ола Ёлки".to_string()),
        "[a-zA-Zα-ωΑ-Ωа-яА-Я][\u{300}-\u{36F}]{0,3}",
        "[ -~ßẞςʼ’‘“”„«»\u{300}-\u{36F}]{0,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn folding_keeps_offsets_exact_and_nfc_equals_nfd(
        v in prop::collection::vec(folding_piece(), 0..12)
    ) {
        use unicode_normalization::UnicodeNormalization;
        let s = v.join(" ");
        let mut n = Normalized::default();
        n.push_segment(&s, 0..s.len());
        prop_assert_eq!(n.map.len(), n.text.len());
        prop_assert!(n.map.windows(2).all(|w| w[0] <= w[1]));
        prop_assert!(n.map.iter().all(|&o| s.is_char_boundary(o as usize)));
        // Every normalized character maps back to whole original characters,
        // and those of two neighbours never overlap unless they are one character.
        let bounds: Vec<usize> = n.text.char_indices().map(|(i, _)| i).chain([n.text.len()]).collect();
        let mut prev: Option<std::ops::Range<usize>> = None;
        for w in bounds.windows(2) {
            let r = n.original_range(&s, w[0]..w[1]);
            prop_assert!(r.start < r.end && s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
            if let Some(p) = prev {
                prop_assert!(p == r || p.end <= r.start, "{:?} then {:?}", p, r);
            }
            prev = Some(r);
        }
        let nfc: String = s.nfc().collect();
        let nfd: String = s.nfd().collect();
        prop_assert_eq!(normalize_str(&nfc, true), normalize_str(&nfd, true));
        prop_assert_eq!(normalize_str(&nfc, false), normalize_str(&nfd, false));
        let mut m = Normalized::default();
        m.push_segment(&nfd, 0..nfd.len());
        let mut k = Normalized::default();
        k.push_segment(&nfc, 0..nfc.len());
        prop_assert_eq!(m.text, k.text);
    }
}
