//! Gazetteer lint, statistics and export.
//!
//! `check` finds what makes a gazetteer match badly: aliases that collide after
//! normalization between two entities, plain aliases that are common words
//! without a context rule, entities without an Arabic or Chinese alias, and broken
//! references (malformed rows are load errors before this). `stats` counts
//! entities and aliases per type and script; `export` lists every alias with its
//! entity, for other tools. It does not change the gazetteer.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use super::{AliasRule, Gazetteer, Origin};
use crate::normalize::normalize_str;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Makes matching wrong: `check` exits 1.
    Error,
    /// Worth a look.
    Warning,
}

/// What a finding points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The row of the entity concerned.
    Row(Origin),
    /// No row of its own: a broken reference, whose message names the row. Written
    /// as nothing.
    InMessage,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Row(origin) => origin.fmt(f),
            Location::InMessage => Ok(()),
        }
    }
}

/// One finding of `check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// The row concerned (written `file:line`).
    pub origin: Location,
    /// What is wrong.
    pub message: String,
}

/// English words that are also names in gazetteers: as plain (case-insensitive)
/// aliases they produce false mentions in ordinary prose.
const COMMON_WORDS: &[&str] = &[
    "apple",
    "amazon",
    "meta",
    "spark",
    "falcon",
    "gemini",
    "claude",
    "grok",
    "mistral",
    "yi",
    "phoenix",
    "jasper",
    "orange",
    "windows",
    "office",
    "word",
    "excel",
    "edge",
    "shell",
    "target",
    "gap",
    "oracle",
    "square",
    "block",
    "snap",
    "uber",
    "bard",
    "pi",
    "sun",
    "mercury",
    "nova",
    "titan",
    "atlas",
    "echo",
    "alexa",
    "siri",
    "bing",
    "ant",
    "step",
    "moonshot",
    "nice",
    "reading",
    "bath",
    "split",
    "mobile",
    "university",
    "college",
    "and",
    "the",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "with",
    "by",
    "from",
    "com",
    "ai",
    "it",
    "is",
    "as",
    "an",
    "a",
    "or",
    "new",
    "york",
    "san",
    "de",
    "la",
    "el",
    "le",
    "al",
];

/// Lints a gazetteer; findings sorted by severity, then by the text of their
/// origin (so `g.csv:10` comes before `g.csv:9`), in gazetteer order on a tie.
pub fn check(g: &Gazetteer) -> Vec<Finding> {
    let mut findings = Vec::new();
    if let Err(e) = g.validate_references() {
        findings.push(Finding {
            severity: Severity::Error,
            origin: Location::InMessage,
            message: e.to_string(),
        });
    }
    let mut owners: HashMap<String, Vec<(usize, &str)>> = HashMap::new();
    for (i, e) in g.entities().iter().enumerate() {
        for a in &e.aliases {
            if matches!(a.rule, AliasRule::Exclude | AliasRule::Cue) {
                continue;
            }
            let key = normalize_str(&a.text, true);
            let list = owners.entry(key.clone()).or_default();
            if !list.iter().any(|(j, _)| *j == i) {
                list.push((i, a.text.as_str()));
            }
            if a.rule == AliasRule::Plain && COMMON_WORDS.contains(&key.as_str()) {
                findings.push(Finding {
                    severity: Severity::Error,
                    origin: Location::Row(e.origin.clone()),
                    message: format!(
                        "`{}` ({}) is a common word: move it to `ambiguous` (with a `context`) or `exact`",
                        a.text, e.id
                    ),
                });
            }
            if key.chars().count() < 2 {
                findings.push(Finding {
                    severity: Severity::Error,
                    origin: Location::Row(e.origin.clone()),
                    message: format!("alias `{}` of {} is a single character", a.text, e.id),
                });
            }
        }
        let scripts = alias_scripts(e.aliases.iter().map(|a| a.text.as_str()));
        for (script, label) in [("Arabic", "Arabic"), ("Han", "Chinese")] {
            if !scripts.contains_key(script) {
                findings.push(Finding {
                    severity: Severity::Warning,
                    origin: Location::Row(e.origin.clone()),
                    message: format!("{} ({}) has no {label} alias", e.id, e.name),
                });
            }
        }
    }
    let mut collisions: Vec<_> = owners.into_iter().filter(|(_, v)| v.len() > 1).collect();
    collisions.sort();
    for (key, list) in collisions {
        let who: Vec<String> = list
            .iter()
            .map(|(i, text)| format!("{} (`{text}`)", g.entities()[*i].id))
            .collect();
        findings.push(Finding {
            severity: Severity::Error,
            origin: Location::Row(g.entities()[list[0].0].origin.clone()),
            message: format!("alias `{key}` names several entities: {}", who.join(", ")),
        });
    }
    findings.sort_by_cached_key(|f| (f.severity, f.origin.to_string()));
    findings
}

/// The script name of an alias: the script of its first letter.
pub fn script_of(alias: &str) -> &'static str {
    alias
        .chars()
        .find_map(crate::langid::Script::of)
        .map_or("Other", |s| match s {
            crate::langid::Script::Hiragana | crate::langid::Script::Katakana => "Kana",
            other => other.name(),
        })
}

fn alias_scripts<'a>(aliases: impl Iterator<Item = &'a str>) -> BTreeMap<&'static str, usize> {
    let mut m = BTreeMap::new();
    for a in aliases {
        *m.entry(script_of(a)).or_insert(0) += 1;
    }
    m
}

/// Entities and aliases per type and per script, as a text table.
pub fn stats(g: &Gazetteer) -> String {
    let mut by_type: BTreeMap<&str, (usize, BTreeMap<&'static str, usize>)> = BTreeMap::new();
    for e in g.entities() {
        let row = by_type.entry(e.kind.as_str()).or_default();
        row.0 += 1;
        let names = e
            .aliases
            .iter()
            .filter(|a| !matches!(a.rule, AliasRule::Exclude | AliasRule::Cue))
            .map(|a| a.text.as_str());
        for (s, n) in alias_scripts(names) {
            *row.1.entry(s).or_insert(0) += n;
        }
    }
    let mut scripts: Vec<&str> = by_type
        .values()
        .flat_map(|(_, m)| m.keys().copied())
        .collect();
    scripts.sort();
    scripts.dedup();
    let mut out = format!("{:<10} {:>8} {:>8}", "type", "entities", "aliases");
    for s in &scripts {
        out.push_str(&format!(" {s:>10}"));
    }
    out.push('\n');
    let mut totals = (0, 0);
    for (kind, (n, m)) in &by_type {
        let aliases: usize = m.values().sum();
        totals.0 += n;
        totals.1 += aliases;
        out.push_str(&format!("{kind:<10} {n:>8} {aliases:>8}"));
        for s in &scripts {
            out.push_str(&format!(" {:>10}", m.get(s).copied().unwrap_or(0)));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "{:<10} {:>8} {:>8}\n",
        "total", totals.0, totals.1
    ));
    out
}

/// Every alias that can name an entity: (alias, entity id, type), in gazetteer order.
pub fn export(g: &Gazetteer) -> Vec<(String, String, String)> {
    g.entities()
        .iter()
        .flat_map(|e| {
            e.aliases
                .iter()
                .filter(|a| !matches!(a.rule, AliasRule::Exclude | AliasRule::Cue))
                .map(move |a| (a.text.clone(), e.id.clone(), e.kind.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "id,type,name,aliases,ar,zh,ja,hi,other,exact,ambiguous,context,exclude,country,city,developer,family\n";

    fn load(rows: &str) -> Gazetteer {
        let mut g = Gazetteer::new();
        g.add_csv("g.csv", &format!("{HEADER}{rows}")).unwrap();
        g
    }

    #[test]
    fn finds_collisions_common_words_and_missing_scripts() {
        let g = load(
            "company:apple,company,Apple,,أبل,苹果,,,,,,,,,,,\n\
             company:a2,company,Apple Two,APPLE,,,,,,,,,,,,,\n\
             city:x,city,Xland,,اكس,某地,,,,,,,,,,,\n\
             city:y,city,Yland,,,,,,,,,,,,,,\n",
        );
        let f = check(&g);
        let errors: Vec<&str> = f
            .iter()
            .filter(|x| x.severity == Severity::Error)
            .map(|x| x.message.as_str())
            .collect();
        assert!(
            errors.iter().any(|m| m.contains("common word")),
            "{errors:?}"
        );
        assert!(
            errors.iter().any(|m| m.contains("names several entities")),
            "{errors:?}"
        );
        assert!(f
            .iter()
            .any(|x| x.severity == Severity::Warning && x.message.contains("city:y")));
        assert!(!f.iter().any(|x| x.message.contains("city:x")));
    }

    #[test]
    fn ambiguous_common_word_is_fine() {
        let g = load("company:apple,company,Apple,,أبل,苹果,,,,,Apple,iPhone,,,,,\n");
        assert!(check(&g).iter().all(|x| x.severity == Severity::Warning));
    }

    #[test]
    fn stats_and_export() {
        let g = load("city:x,city,Xland,Ex,اكس,某地,,,,,,,,,,,\n");
        let s = stats(&g);
        assert!(s.contains("city"), "{s}");
        assert!(
            s.contains("Arabic") && s.contains("Han") && s.contains("Latin"),
            "{s}"
        );
        let e = export(&g);
        assert_eq!(e.len(), 4);
        assert_eq!(e[0], ("Xland".into(), "city:x".into(), "city".into()));
    }

    #[test]
    fn findings_sort_by_the_text_of_their_origin() {
        let rows: String = (1..=10)
            .map(|i| format!("city:c{i},city,Town{i},,اكس{i},,,,,,,,,,,,\n"))
            .collect();
        let f = check(&load(&rows));
        let origins: Vec<String> = f.iter().map(|x| x.origin.to_string()).collect();
        assert_eq!(origins[0], "g.csv:10", "{origins:?}");
        assert_eq!(origins[1], "g.csv:11", "{origins:?}");
        assert_eq!(origins[2], "g.csv:2", "{origins:?}");
    }

    #[test]
    fn broken_references_have_no_row_of_their_own() {
        let g = load("model:m,model,M,,أم,某,,,,,,,,,,company:nope,\n");
        let f = check(&g);
        assert_eq!(f[0].origin, Location::InMessage);
        assert_eq!(f[0].origin.to_string(), "");
        assert!(f[0].message.starts_with("g.csv:2: `developer`"), "{f:?}");
    }

    #[test]
    fn default_gazetteer_has_no_errors() {
        let g = Gazetteer::default_embedded().unwrap();
        let errors: Vec<_> = check(&g)
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
}
