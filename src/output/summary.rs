//! Run-wide tables: entities.csv (one row per entity mentioned in the run) and
//! translations.csv (entity counts per language inside each group of articles that
//! translate one another).
//!
//! Both are aggregated while documents stream past (counts only, never the
//! documents) and written when the run finishes. Translation groups come from a
//! front matter key (`translation_key`, `translationKey`, `ref`, `translation_of`)
//! or else from the file name once a trailing language suffix (`-ar`, `_en`,
//! `.zh`, `-zh-cn`) is removed; only groups of two or more documents are written.
//! The tables' columns and cells are laid out in [`super::rows`] (the CSV files
//! here and the xlsx sheets write the same rows).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{Map, Value};

use super::csv::Table as CsvTable;
use super::rows::{self, Table};
use super::{Flushed, Sink};
use crate::document::Document;
use crate::error::Result;
use crate::gazetteer::Gazetteer;

/// Front matter keys that name a translation group.
const GROUP_KEYS: &[&str] = &["translation_key", "translationKey", "ref", "translation_of"];

/// Language codes recognised as file name suffixes.
const LANG_SUFFIXES: &[&str] = &[
    "ar", "en", "zh", "ja", "hi", "fr", "de", "es", "it", "pt", "ru", "ko", "tr", "fa", "ur", "id",
    "vi", "th", "nl", "pl", "sv", "he", "bn", "zh-cn", "zh-tw", "zh-hans", "zh-hant", "pt-br",
];

/// The translation group of a document, if it has one.
pub fn translation_group(path: &str, front_matter: &Map<String, Value>) -> Option<String> {
    for key in GROUP_KEYS {
        match front_matter.get(*key) {
            Some(Value::String(s)) if !s.trim().is_empty() => return Some(s.trim().to_string()),
            Some(Value::Number(n)) => return Some(n.to_string()),
            _ => {}
        }
    }
    let stem = Path::new(path).file_stem()?.to_str()?;
    LANG_SUFFIXES.iter().find_map(|code| {
        let base = stem.strip_suffix(code)?;
        let base = base.strip_suffix(['-', '_', '.'])?;
        (!base.is_empty()).then(|| base.to_string())
    })
}

/// Run-wide counts, kept while documents stream past.
#[derive(Debug, Default)]
pub struct Aggregates {
    /// entity -> (mentions, documents, languages)
    entities: BTreeMap<usize, (usize, usize, BTreeSet<String>)>,
    /// group -> language -> documents
    groups: BTreeMap<String, BTreeMap<String, usize>>,
    /// (group, entity) -> language -> mentions
    counts: BTreeMap<(String, usize), BTreeMap<String, usize>>,
}

/// Aggregates entity and translation counts; writes entities.csv and
/// translations.csv on finish.
pub struct SummarySink {
    dir: std::path::PathBuf,
    excel: bool,
    aggregates: Aggregates,
}

impl SummarySink {
    /// A sink that will write into `dir`.
    pub fn new(dir: &Path, excel: bool) -> Self {
        SummarySink {
            dir: dir.to_path_buf(),
            excel,
            aggregates: Aggregates::default(),
        }
    }

    /// Writes entities.csv and translations.csv from finished aggregates, under
    /// temporary names (for [`super::commit`]).
    pub fn write_tables(
        dir: &Path,
        excel: bool,
        aggregates: Aggregates,
        g: &Gazetteer,
    ) -> Result<Vec<Flushed>> {
        let write = |name: &str, t: &Table<'_>| -> Result<Flushed> {
            let mut table = CsvTable::create(dir, name, &t.header, excel)?;
            for row in &t.rows {
                table.cells(row)?;
            }
            table.finish()
        };
        Ok(vec![
            write("entities.csv", &aggregates.entities_table(g))?,
            write("translations.csv", &aggregates.translations_table(g))?,
        ])
    }
}

/// The language a document counts under ([`crate::text::document_language`]),
/// else `?`.
pub fn doc_lang(doc: &Document) -> String {
    crate::text::document_language(
        doc.declared_lang.as_deref(),
        doc.language.as_ref().and_then(|l| l.code),
    )
    .unwrap_or("?")
    .to_string()
}

impl Sink for SummarySink {
    fn document(&mut self, doc: &Document, _gazetteer: &Gazetteer) -> Result<()> {
        self.aggregates.add(doc);
        Ok(())
    }

    fn finish(self: Box<Self>, gazetteer: &Gazetteer) -> Result<Vec<Flushed>> {
        let sink = *self;
        SummarySink::write_tables(&sink.dir, sink.excel, sink.aggregates, gazetteer)
    }
}

impl Aggregates {
    /// Counts one document.
    pub fn add(&mut self, doc: &Document) {
        if doc.status.is_error() {
            return;
        }
        let group = translation_group(&doc.path, &doc.front_matter);
        let entities: Vec<usize> = doc.mentions.iter().map(|m| m.entity).collect();
        self.add_counts(&doc_lang(doc), group.as_deref(), &entities);
    }

    /// Counts one processed document given its language, its translation group
    /// and the entity of each of its mentions.
    pub fn add_counts(&mut self, lang: &str, group: Option<&str>, mentions: &[usize]) {
        let mut seen = BTreeSet::new();
        for &m in mentions {
            let e = self.entities.entry(m).or_default();
            e.0 += 1;
            if seen.insert(m) {
                e.1 += 1;
                e.2.insert(lang.to_string());
            }
        }
        if let Some(group) = group {
            *self
                .groups
                .entry(group.to_string())
                .or_default()
                .entry(lang.to_string())
                .or_default() += 1;
            for &m in mentions {
                *self
                    .counts
                    .entry((group.to_string(), m))
                    .or_default()
                    .entry(lang.to_string())
                    .or_default() += 1;
            }
        }
    }

    /// entities.csv: one row per entity mentioned.
    pub fn entities_table<'a>(&'a self, g: &'a Gazetteer) -> Table<'a> {
        let rows = self
            .entities
            .iter()
            .map(|(&i, (mentions, documents, langs))| {
                let langs = langs.iter().map(String::as_str).collect::<Vec<_>>();
                rows::entity_row(g, &g.entities()[i], *mentions, *documents, langs.join(" "))
            })
            .collect();
        Table {
            header: rows::entity_header(g),
            rows,
        }
    }

    /// translations.csv: entity counts per language in each translation group.
    pub fn translations_table<'a>(&'a self, g: &'a Gazetteer) -> Table<'a> {
        let groups: BTreeMap<&String, &BTreeMap<String, usize>> = self
            .groups
            .iter()
            .filter(|(_, langs)| langs.values().sum::<usize>() > 1)
            .collect();
        let langs: BTreeSet<&str> = groups
            .values()
            .flat_map(|m| m.keys().map(String::as_str))
            .collect();
        let langs: Vec<&str> = langs.into_iter().collect();
        let mut rows = Vec::new();
        for ((group, entity), counts) in &self.counts {
            let Some(group_langs) = groups.get(group) else {
                continue;
            };
            let mentions_in = |l: &str| counts.get(l).copied().unwrap_or(0);
            let per_lang = langs
                .iter()
                .map(|l| group_langs.contains_key(*l).then(|| mentions_in(l)));
            let missing: Vec<&str> = group_langs
                .keys()
                .map(String::as_str)
                .filter(|l| mentions_in(l) == 0)
                .collect();
            rows.push(rows::translation_row(
                group,
                &g.entities()[*entity],
                per_lang,
                group_langs.len(),
                &missing,
            ));
        }
        Table {
            header: rows::translation_header(&langs),
            rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_from_front_matter_or_file_name() {
        let none = Map::new();
        assert_eq!(
            translation_group("blog/ar/2025-10-07-hubs-ar.md", &none).as_deref(),
            Some("2025-10-07-hubs")
        );
        assert_eq!(
            translation_group("x/notes_zh-cn.md", &none).as_deref(),
            Some("notes")
        );
        assert_eq!(translation_group("x/readme.md", &none), None);
        assert_eq!(translation_group("x/calendar.md", &none), None);
        let mut fm = Map::new();
        fm.insert("translation_key".into(), Value::from("hubs"));
        assert_eq!(translation_group("x/a.md", &fm).as_deref(), Some("hubs"));
    }
}
