//! The cue words of the facts stage, read once from the data file `cues.tsv`
//! (sentence abbreviations, relation cues, scale, unit and rate words), and how
//! text is compared with them: folding ([`fold`]) and word edges
//! ([`starts_with_cue`], [`ends_with_cue`]).
//!
//! It decides nothing about what a cue means: the relation rules are in
//! `relations`, the quantity rules in `quantities`. The number words of the
//! number pattern stay in `quantities` (they are part of a regex).

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use crate::text::Script;

/// The data file, one cue word a line (its header says how it is written).
const SOURCE: &str = include_str!("cues.tsv");

/// Where a cue stands relative to the object mention, and which mention must
/// come first for it to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum At {
    /// Right after the object, the object first: "Tencent's Hunyuan".
    AfterObjectFirst,
    /// Right after the object, either order: "テンセントが開発", "हांग्जो में".
    After,
    /// Right before the object, the subject first: "Hunyuan by Tencent".
    BeforeSubjectFirst,
    /// Right before the object, either order: "in Hangzhou, DeepSeek".
    Before,
}

/// Every word list of `cues.tsv`, in file order within each list.
#[derive(Debug, Default)]
pub(super) struct Cues {
    /// Words after which a full stop does not end a sentence.
    pub(super) abbreviations: Vec<&'static str>,
    /// Strong cues of `developed_by` and `made_by`.
    pub(super) maker: Vec<(At, &'static str)>,
    /// Strong cues of `located_in`, at the city.
    pub(super) place: Vec<(At, &'static str)>,
    /// Weak cue words between two names in either order.
    pub(super) weak_either: Vec<&'static str>,
    /// Weak cue words between two names, the subject first.
    pub(super) weak_subject_first: Vec<&'static str>,
    /// Weak cue words between two names, the object first.
    pub(super) weak_object_first: Vec<&'static str>,
    /// Scale words with their value, largest first.
    pub(super) scales: Vec<(f64, &'static str)>,
    /// Unit words of user counts.
    pub(super) users: Vec<&'static str>,
    /// Unit words of token counts.
    pub(super) tokens: Vec<&'static str>,
    /// Unit words of parameter counts.
    pub(super) params: Vec<&'static str>,
    /// Words after a number that make it an active parameter count.
    pub(super) active_after: Vec<&'static str>,
    /// Words before a number that make it an active parameter count.
    pub(super) active_before: Vec<&'static str>,
    /// Words of a context length.
    pub(super) context: Vec<&'static str>,
    /// Words that may stand between a number and "active".
    pub(super) partitive: Vec<&'static str>,
    /// Words of a rate.
    pub(super) rate: Vec<&'static str>,
    /// Currency words.
    pub(super) currency: Vec<&'static str>,
}

/// The cue words, parsed on first use.
pub(super) static CUES: LazyLock<Cues> =
    LazyLock::new(|| parse(SOURCE).expect("cues.tsv is fixed data (see the unit tests)"));

/// Reads the data file; the error names the first line that is not understood.
fn parse(source: &'static str) -> Result<Cues, String> {
    let mut c = Cues::default();
    for (n, line) in source.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = || format!("cues.tsv line {}: {line:?}", n + 1);
        let mut fields = line.split('\t');
        let (Some(list), Some(tag), Some(word), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(bad());
        };
        let word = word
            .strip_prefix('"')
            .and_then(|w| w.strip_suffix('"'))
            .unwrap_or(word);
        if word.is_empty() {
            return Err(bad());
        }
        let at = || match tag {
            "after_object_first" => Some(At::AfterObjectFirst),
            "after" => Some(At::After),
            "before_subject_first" => Some(At::BeforeSubjectFirst),
            "before" => Some(At::Before),
            _ => None,
        };
        let target = match (list, tag) {
            ("maker", _) => {
                c.maker.push((at().ok_or_else(bad)?, word));
                continue;
            }
            ("place", _) => {
                c.place.push((at().ok_or_else(bad)?, word));
                continue;
            }
            ("scale", value) => {
                c.scales.push((value.parse().map_err(|_| bad())?, word));
                continue;
            }
            ("abbreviation", "-") => &mut c.abbreviations,
            ("weak", "either") => &mut c.weak_either,
            ("weak", "subject_first") => &mut c.weak_subject_first,
            ("weak", "object_first") => &mut c.weak_object_first,
            ("unit", "users") => &mut c.users,
            ("unit", "tokens") => &mut c.tokens,
            ("unit", "parameters") => &mut c.params,
            ("active", "after") => &mut c.active_after,
            ("active", "before") => &mut c.active_before,
            ("context", "-") => &mut c.context,
            ("partitive", "-") => &mut c.partitive,
            ("rate", "-") => &mut c.rate,
            ("currency", "-") => &mut c.currency,
            _ => return Err(bad()),
        };
        target.push(word);
    }
    Ok(c)
}

/// One automaton over cue words (overlapping search: standard match kind).
pub(super) fn automaton<'w>(words: impl IntoIterator<Item = &'w &'static str>) -> AhoCorasick {
    AhoCorasick::new(words).expect("static cue words")
}

/// Whether `c` is Han or kana: a cue in them needs no word boundary.
pub(super) fn is_cjk(c: char) -> bool {
    Script::of(c).is_some_and(Script::is_cjk)
}

/// Whether `hay` ends with the word `cue` (white space aside).
pub(super) fn ends_with_cue(hay: &str, cue: &str) -> bool {
    let Some(rest) = hay.trim_end().strip_suffix(cue) else {
        return false;
    };
    bounded(rest.chars().next_back(), cue.chars().next())
}

/// Whether `hay` starts with the word `cue` (white space aside).
pub(super) fn starts_with_cue(hay: &str, cue: &str) -> bool {
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

/// A letter or digit that continues a word (Arabic vowel marks do not).
pub(super) fn continues_word(c: char) -> bool {
    c.is_alphanumeric() && !matches!(c, '\u{064b}'..='\u{065f}' | '\u{0670}')
}

/// Lowercase ASCII, typographic apostrophes as `'`, without emphasis markers, Arabic
/// vowel marks and tatweel.
pub(super) fn fold(s: &str) -> String {
    fold_map(s, 0).0
}

/// [`fold`] with, for every byte of the result, its offset in `s` plus `base`
/// (and one more entry for the end).
pub(super) fn fold_map(s: &str, base: usize) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len() + 1);
    for (i, c) in s.char_indices() {
        if matches!(c, '*' | '_' | 'ـ' | '\u{064b}'..='\u{065f}' | '\u{0670}') {
            continue;
        }
        // Typographic apostrophes are the ASCII one (Tencent’s, Tencentʼs).
        let folded = match crate::normalize::fold_quote(c) {
            Some('\'') => '\'',
            _ => c.to_ascii_lowercase(),
        };
        out.push(folded);
        map.extend(std::iter::repeat_n(base + i, folded.len_utf8()));
    }
    map.push(base + s.len());
    (out, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_file_parses_into_every_list() {
        let c = parse(SOURCE).unwrap();
        let sizes = [
            ("abbreviation", c.abbreviations.len(), 22),
            ("maker", c.maker.len(), 22),
            ("place", c.place.len(), 26),
            ("weak either", c.weak_either.len(), 13),
            ("weak subject_first", c.weak_subject_first.len(), 8),
            ("weak object_first", c.weak_object_first.len(), 26),
            ("scale", c.scales.len(), 47),
            ("users", c.users.len(), 10),
            ("tokens", c.tokens.len(), 9),
            ("params", c.params.len(), 13),
            ("active after", c.active_after.len(), 12),
            ("active before", c.active_before.len(), 8),
            ("context", c.context.len(), 7),
            ("partitive", c.partitive.len(), 3),
            ("rate", c.rate.len(), 6),
            ("currency", c.currency.len(), 14),
        ];
        for (name, got, want) in sizes {
            assert_eq!(got, want, "{name}");
        }
        // A quoted word keeps its edge space; scales stay largest first.
        assert_eq!(c.rate[0], "per ");
        assert_eq!(c.scales[0], (1e12, "trillions"));
        assert!(c.scales.windows(2).all(|w| w[0].0 >= w[1].0));
        assert_eq!(c.maker[0], (At::AfterObjectFirst, "'s"));
    }

    #[test]
    fn bad_lines_are_refused() {
        for bad in [
            "maker\tnowhere\tby\n",
            "scale\tlots\tmany\n",
            "unit\tusers\n",
            "unit\tusers\tusers\textra\n",
            "colour\t-\tred\n",
            "rate\t-\t\"\"\n",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        assert!(parse("# only a comment\n\n").is_ok());
    }

    /// The character table the facts stage used before it shared
    /// `crate::text::Script`: every cue word must classify the same under both.
    fn old_is_cjk(c: char) -> bool {
        matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}'
            | '\u{f900}'..='\u{faff}' | '\u{ff66}'..='\u{ff9f}' | '\u{20000}'..='\u{3134f}')
    }

    #[test]
    fn cue_characters_classify_as_before() {
        let c = parse(SOURCE).unwrap();
        let relation = c.maker.iter().chain(&c.place).map(|&(_, w)| w);
        let lists = [
            &c.abbreviations,
            &c.weak_either,
            &c.weak_subject_first,
            &c.weak_object_first,
            &c.users,
            &c.tokens,
            &c.params,
            &c.active_after,
            &c.active_before,
            &c.context,
            &c.partitive,
            &c.rate,
            &c.currency,
        ];
        let words = relation
            .chain(c.scales.iter().map(|&(_, w)| w))
            .chain(lists.into_iter().flatten().copied());
        let mut checked = 0;
        for w in words {
            for ch in w.chars() {
                assert_eq!(is_cjk(ch), old_is_cjk(ch), "{ch:?} of {w:?}");
                checked += 1;
            }
        }
        assert!(checked > 500, "{checked}");
    }

    #[test]
    fn cue_word_edges() {
        assert!(ends_with_cue("made in ", "in"));
        assert!(!ends_with_cue("within", "in"));
        assert!(starts_with_cue(" 的混元", "的"));
        assert!(starts_with_cue("で働く", "で"));
        assert!(!starts_with_cue("based2", "based"));
        assert_eq!(fold("**Ab**ـc"), "abc");
        assert_eq!(fold_map("_a", 10), ("a".to_string(), vec![11, 12]));
    }
}
