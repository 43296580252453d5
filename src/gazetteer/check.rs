//! Gazetteer lint, statistics and export.
//!
//! `check` finds what makes a gazetteer match badly: aliases that collide after
//! normalization between two entities (blamed on the later row: the one that
//! made the collision), plain aliases that are common words without a context
//! rule, entities without an Arabic or Chinese alias, and broken references
//! (malformed rows, duplicate ids and ids whose type prefix disagrees with their
//! type are load errors before this). Every finding names one row; they are
//! sorted by file (in load order) and line. `stats` counts entities and aliases
//! per type and script; `export` lists every alias with its entity, for other
//! tools. It does not change the gazetteer.

use std::collections::{BTreeMap, HashMap};

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

/// One finding of `check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// The row that introduced the problem (written `file:line`).
    pub origin: Origin,
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

/// Lints a gazetteer. Findings are sorted by file (in the order the files were
/// loaded), then line (as a number), errors before warnings on one line, in the
/// order found on a tie.
pub fn check(g: &Gazetteer) -> Vec<Finding> {
    let mut findings: Vec<Finding> = (g.reference_problems().into_iter())
        .map(|(origin, message)| Finding {
            severity: Severity::Error,
            origin,
            message,
        })
        .collect();
    for e in g.entities() {
        for a in &e.aliases {
            if matches!(a.rule, AliasRule::Exclude | AliasRule::Cue) {
                continue;
            }
            let key = normalize_str(&a.text, true);
            if a.rule == AliasRule::Plain && COMMON_WORDS.contains(&key.as_str()) {
                findings.push(Finding {
                    severity: Severity::Error,
                    origin: e.origin.clone(),
                    message: format!(
                        "`{}` ({}) is a common word: move it to `ambiguous` (with a `context`) or `exact`",
                        a.text, e.id
                    ),
                });
            }
            if key.chars().count() < 2 {
                findings.push(Finding {
                    severity: Severity::Error,
                    origin: e.origin.clone(),
                    message: format!("alias `{}` of {} is a single character", a.text, e.id),
                });
            }
        }
        let scripts = alias_scripts(e.aliases.iter().map(|a| a.text.as_str()));
        for (script, label) in [("Arabic", "Arabic"), ("Han", "Chinese")] {
            if !scripts.contains_key(script) {
                findings.push(Finding {
                    severity: Severity::Warning,
                    origin: e.origin.clone(),
                    message: format!("{} ({}) has no {label} alias", e.id, e.name),
                });
            }
        }
    }
    // A collision is the fault of the row that came later: the first owner of
    // an alias had it alone until then.
    for (key, owners) in g.shared_aliases() {
        for (n, &(j, text)) in owners.iter().enumerate().skip(1) {
            let earlier: Vec<String> = owners[..n]
                .iter()
                .map(|&(i, t)| {
                    let e = &g.entities()[i];
                    format!("{} (`{t}`, {})", e.id, e.origin)
                })
                .collect();
            let e = &g.entities()[j];
            findings.push(Finding {
                severity: Severity::Error,
                origin: e.origin.clone(),
                message: format!(
                    "alias `{key}` names several entities: {} (`{text}`) here, and {}",
                    e.id,
                    earlier.join(", ")
                ),
            });
        }
    }
    let mut files: HashMap<&str, usize> = HashMap::new();
    for e in g.entities() {
        let next = files.len();
        files.entry(&e.origin.file).or_insert(next);
    }
    let rank = |f: &Finding| {
        (
            files.get(&*f.origin.file).copied(),
            f.origin.line,
            f.severity,
        )
    };
    findings.sort_by_key(rank);
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
    fn findings_sort_by_file_then_line_as_a_number() {
        let rows: String = (1..=10)
            .map(|i| format!("city:c{i},city,Town{i},,اكس{i},,,,,,,,,,,,\n"))
            .collect();
        let mut g = load(&rows);
        g.add_csv("a.csv", &format!("{HEADER}city:z,city,Zed,,,,,,,,,,,,,,\n"))
            .unwrap();
        let f = check(&g);
        let origins: Vec<String> = f.iter().map(|x| x.origin.to_string()).collect();
        // g.csv was loaded before a.csv; line 2 before line 10.
        let want: Vec<String> = (2..=11)
            .map(|l| format!("g.csv:{l}"))
            .chain(["a.csv:2".into(), "a.csv:2".into()])
            .collect();
        assert_eq!(origins, want);
    }

    #[test]
    fn a_collision_is_blamed_on_the_later_row() {
        let mut g = load("city:paris,city,Paris,,باريس,巴黎,,,,,,,,,,,\n");
        g.add_csv(
            "mine.csv",
            &format!("{HEADER}city:paris2,city,Paris Two,PARIS,باريس2,巴黎2,,,,,,,,,,,\n"),
        )
        .unwrap();
        let f = check(&g);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].origin.to_string(), "mine.csv:2");
        assert!(
            f[0].message
                .contains("city:paris2 (`PARIS`) here, and city:paris (`Paris`, g.csv:2)"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn every_broken_reference_is_a_finding_at_its_row() {
        let g = load(
            "model:m,model,Emm,,أمم,某某,,,,,,,,,,company:nope,\n\
             model:n,model,Enn,,أنن,某某某,,,,,,,,,,company:gone,\n",
        );
        let f = check(&g);
        assert_eq!(f.len(), 2, "{f:#?}");
        assert_eq!(f[0].origin.to_string(), "g.csv:2");
        assert!(f[0]
            .message
            .starts_with("`developer` refers to unknown id `company:nope`"));
        assert_eq!(f[1].origin.to_string(), "g.csv:3");
        assert!(!f[0].message.contains("built-in"), "{}", f[0].message);
    }

    #[test]
    fn a_reference_into_the_built_in_set_says_where_it_is() {
        let g = load("company:x,company,Xco,,اكس,某,,,,,,,,,city:beijing,,\n");
        let f = check(&g);
        assert!(
            f[0].message.contains(
                "`city:beijing` is in the built-in gazetteer (gazetteer/cities.csv:2), \
                 which --no-default-gazetteer leaves out"
            ),
            "{}",
            f[0].message
        );
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
