//! Run-wide tables: entities.csv (one row per entity mentioned in the run) and
//! translations.csv (entity counts per language inside each group of articles that
//! translate one another).
//!
//! Both are aggregated while documents stream past (counts only, never the
//! documents) and written when the run finishes. A document's translation group
//! is given to it by the run ([`super::groups`]); only groups whose documents are
//! in two or more languages (declared, else detected) are written.
//! The tables' columns and cells are laid out in [`super::rows`] (the CSV files
//! here and the xlsx sheets write the same rows).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::csv::Table as CsvTable;
use super::rows::{self, Table};
use super::{Flushed, Sink};
use crate::document::Document;
use crate::error::Result;
use crate::gazetteer::Gazetteer;

/// Run-wide counts, kept while documents stream past.
#[derive(Debug, Default, Clone)]
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
        let entities: Vec<usize> = doc.mentions.iter().map(|m| m.entity).collect();
        self.add_counts(&doc_lang(doc), doc.translation_group.as_deref(), &entities);
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
            .filter(|(_, langs)| langs.len() > 1)
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
    fn groups_in_one_language_are_not_written() {
        let g = Gazetteer::default_embedded().unwrap();
        let beijing = g.index_of("city:beijing").unwrap();
        let mut agg = Aggregates::default();
        agg.add_counts("en", Some("one-language"), &[beijing]);
        agg.add_counts("en", Some("one-language"), &[]);
        agg.add_counts("en", Some("two"), &[beijing]);
        agg.add_counts("ar", Some("two"), &[]);
        let t = agg.translations_table(&g);
        let groups: Vec<String> = t.rows.iter().map(|r| format!("{:?}", r[0])).collect();
        assert_eq!(groups.len(), 1, "{groups:?}");
        assert!(groups[0].contains("two"), "{groups:?}");
    }
}
