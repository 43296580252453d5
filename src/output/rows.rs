//! The row layout of every output table, written once: for each table its column
//! names in order and the cells of one row, typed ([`Cell`]) so that each sink
//! writes a cell its own way (CSV as text, xlsx as text or number). The rules
//! for values the JSON view shares with the tables (languages, variant, family,
//! the entities of a fact, its quantity) are here too, so that json.rs takes
//! them from the same place.
//!
//! It does not write files, neutralise cells for spreadsheets or cut long text
//! (the sinks do), and it does not count anything (summary.rs aggregates the
//! run-wide tables, here only laid out). Column names are an interface (see the
//! README).

use std::borrow::Cow;

use crate::document::{DocLink, Document, Mention};
use crate::facts::Fact;
use crate::gazetteer::{Entity, Gazetteer};

/// One cell of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// Text, written as is; an empty one leaves the xlsx cell blank.
    Text(Cow<'a, str>),
    /// A count, offset, id or value: decimal digits in CSV, a number in xlsx.
    Int(u64),
    /// A number from 0 to 1, written with three decimals ([`three_decimals`]):
    /// in CSV as text, in xlsx as that number (so that both hold one value).
    Fraction(f64),
    /// Text from the gazetteer or the articles (run-wide tables): as is in CSV,
    /// in xlsx a number when it is all ASCII digits (an id, a group, a year).
    TextOrNumber(Cow<'a, str>),
}

impl<'a> Cell<'a> {
    /// A text cell borrowing `s`.
    pub fn text(s: &'a str) -> Self {
        Cell::Text(Cow::Borrowed(s))
    }

    /// A text cell, empty for `None`.
    pub fn opt(s: Option<&'a str>) -> Self {
        Cell::text(s.unwrap_or(""))
    }

    /// A count or offset.
    pub fn int(n: usize) -> Self {
        Cell::Int(n as u64)
    }
}

/// `x` with three decimals, as CSV writes a [`Cell::Fraction`] (`{x:.3}`) and
/// as xlsx then holds it: the number that text reads back as.
#[cfg(feature = "xlsx")]
pub fn three_decimals(x: f64) -> f64 {
    format!("{x:.3}").parse().unwrap_or(x)
}

/// What a column of a per-document table holds (see [`DocTable::kinds`]); a
/// cell of any kind may also be empty text (a value the document does not have).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// [`Cell::Text`].
    Text,
    /// [`Cell::Int`].
    Int,
    /// [`Cell::Fraction`].
    Fraction,
}

/// A table written once per document (a row per document or per item of one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocTable {
    /// documents.csv: a row per document.
    Documents,
    /// mentions.csv: a row per mention.
    Mentions,
    /// links.csv: a row per link.
    Links,
    /// facts.csv: a row per fact.
    Facts,
}

impl DocTable {
    /// Every per-document table, in the order of the workbook's sheets.
    pub const ALL: [DocTable; 4] = [
        DocTable::Documents,
        DocTable::Mentions,
        DocTable::Links,
        DocTable::Facts,
    ];

    /// The CSV file name.
    pub fn file_name(self) -> &'static str {
        match self {
            DocTable::Documents => "documents.csv",
            DocTable::Mentions => "mentions.csv",
            DocTable::Links => "links.csv",
            DocTable::Facts => "facts.csv",
        }
    }

    /// The xlsx sheet name.
    #[cfg_attr(not(feature = "xlsx"), allow(dead_code))]
    pub fn sheet_name(self) -> &'static str {
        match self {
            DocTable::Documents => "Documents",
            DocTable::Mentions => "Mentions",
            DocTable::Links => "Links",
            DocTable::Facts => "Facts",
        }
    }

    /// The column names, in order.
    pub fn header(self) -> &'static [&'static str] {
        match self {
            DocTable::Documents => &DOCUMENT_COLUMNS,
            DocTable::Mentions => &MENTION_COLUMNS,
            DocTable::Links => &LINK_COLUMNS,
            DocTable::Facts => &FACT_COLUMNS,
        }
    }

    /// The kind of each column's cells, in the order of [`Self::header`]: how a
    /// table written as text (CSV) or in a workbook is typed again (merge).
    pub fn kinds(self) -> &'static [Kind] {
        use Kind::{Fraction as F, Int as I, Text as T};
        match self {
            DocTable::Documents => &[I, T, T, T, T, F, T, T, T, I, I, I, I, T, T, T][..],
            DocTable::Mentions => &[I, T, T, T, T, I, I, I, I, T, T, T, I, I],
            DocTable::Links => &[I, T, T, T, T, I, I, I, I, I],
            DocTable::Facts => &[I, T, T, T, T, T, I, T, T, T, I, T, T],
        }
    }

    /// Hands each of this table's rows for `doc` to `write`, in order.
    pub fn rows<E>(
        self,
        doc: &Document,
        g: &Gazetteer,
        mut write: impl FnMut(&[Cell<'_>]) -> Result<(), E>,
    ) -> Result<(), E> {
        match self {
            DocTable::Documents => write(&document_row(doc)),
            DocTable::Mentions => {
                (doc.mentions.iter()).try_for_each(|m| write(&mention_row(doc, m, g)))
            }
            DocTable::Links => (doc.links.iter()).try_for_each(|l| write(&link_row(doc, l))),
            DocTable::Facts => (doc.facts.iter()).try_for_each(|f| write(&fact_row(doc, f, g))),
        }
    }
}

/// Columns of documents.csv.
pub const DOCUMENT_COLUMNS: [&str; 16] = [
    "doc_id",
    "path",
    "title",
    "declared_lang",
    "detected_lang",
    "lang_confidence",
    "script",
    "scripts",
    "encoding",
    "bytes",
    "chars",
    "mentions",
    "links",
    "status",
    "error",
    "translation_group",
];

/// The row of documents.csv for a document.
pub fn document_row(doc: &Document) -> [Cell<'_>; DOCUMENT_COLUMNS.len()] {
    let lang = doc.language.as_ref();
    [
        Cell::int(doc.doc_id),
        Cell::text(&doc.path),
        Cell::opt(doc.title.as_deref()),
        Cell::opt(doc.declared_lang.as_deref()),
        Cell::opt(detected_lang(doc)),
        lang_confidence(doc).map_or(Cell::text(""), Cell::Fraction),
        Cell::opt(script(doc)),
        Cell::Text(lang.map_or(String::new(), |l| l.scripts_string()).into()),
        Cell::text(doc.encoding),
        Cell::Int(doc.bytes),
        Cell::int(doc.chars),
        Cell::int(doc.mentions.len()),
        Cell::int(doc.links.len()),
        Cell::text(doc.status.as_str()),
        Cell::opt(doc.status.message()),
        Cell::opt(doc.translation_group.as_deref()),
    ]
}

/// The detected language's code, when the document was read and one was found.
pub fn detected_lang(doc: &Document) -> Option<&'static str> {
    doc.language.as_ref().and_then(|l| l.code)
}

/// How sure the language detection is, when the document was read.
pub fn lang_confidence(doc: &Document) -> Option<f64> {
    doc.language.as_ref().map(|l| l.confidence)
}

/// The document's main script, when it has one.
pub fn script(doc: &Document) -> Option<&'static str> {
    doc.language
        .as_ref()
        .map(|l| l.script)
        .filter(|s| !s.is_empty())
}

/// Columns of mentions.csv. `char_start` and `char_end` came last, after the
/// columns that were there before them, so that no column moved.
pub const MENTION_COLUMNS: [&str; 14] = [
    "doc_id",
    "entity_id",
    "type",
    "name",
    "surface",
    "start",
    "end",
    "line",
    "column",
    "field",
    "variant",
    "family",
    "char_start",
    "char_end",
];

/// The row of mentions.csv for a mention of `doc`.
pub fn mention_row<'a>(
    doc: &Document,
    m: &'a Mention,
    g: &'a Gazetteer,
) -> [Cell<'a>; MENTION_COLUMNS.len()] {
    let e = mention_entity(g, m);
    [
        Cell::int(doc.doc_id),
        Cell::text(&e.id),
        Cell::text(e.kind.as_str()),
        Cell::text(&e.name),
        Cell::text(&m.surface),
        Cell::int(m.start),
        Cell::int(m.end),
        Cell::int(m.line),
        Cell::int(m.column),
        Cell::text(m.field.as_str()),
        Cell::opt(variant(m)),
        Cell::opt(family(g, m)),
        Cell::int(m.char_start),
        Cell::int(m.char_end),
    ]
}

/// The entity a mention names.
pub fn mention_entity<'a>(g: &'a Gazetteer, m: &Mention) -> &'a Entity {
    &g.entities()[m.entity]
}

/// The surface of a mention that is a version or variant (`variant` column).
pub fn variant(m: &Mention) -> Option<&str> {
    m.variant.then_some(m.surface.as_str())
}

/// The canonical name of the family a mention belongs to (`family` column): for
/// a variant, the entity it was counted as; otherwise the entity's `family`
/// attribute. `None` when there is none (or its name is empty).
pub fn family<'a>(g: &'a Gazetteer, m: &Mention) -> Option<&'a str> {
    let e = mention_entity(g, m);
    let name = if m.variant {
        Some(e.name.as_str())
    } else {
        e.attribute("family")
            .and_then(|id| g.get(id))
            .map(|f| f.name.as_str())
    };
    name.filter(|n| !n.is_empty())
}

/// Columns of links.csv (`char_start`, `char_end` last, as in mentions.csv).
pub const LINK_COLUMNS: [&str; 10] = [
    "doc_id",
    "url",
    "domain",
    "text",
    "kind",
    "line",
    "start",
    "end",
    "char_start",
    "char_end",
];

/// The row of links.csv for a link of `doc`.
pub fn link_row<'a>(doc: &Document, l: &'a DocLink) -> [Cell<'a>; LINK_COLUMNS.len()] {
    [
        Cell::int(doc.doc_id),
        Cell::text(&l.url),
        Cell::text(&l.domain),
        Cell::text(&l.text),
        Cell::text(l.kind.as_str()),
        Cell::int(l.line),
        Cell::int(l.start),
        Cell::int(l.end),
        Cell::int(l.char_start),
        Cell::int(l.char_end),
    ]
}

/// Columns of facts.csv.
pub const FACT_COLUMNS: [&str; 13] = [
    "doc_id",
    "subject_id",
    "subject",
    "predicate",
    "object_id",
    "object",
    "value",
    "unit",
    "surface",
    "evidence",
    "line",
    "source",
    "agrees_with_gazetteer",
];

/// The row of facts.csv for a fact of `doc`.
pub fn fact_row<'a>(
    doc: &Document,
    f: &'a Fact,
    g: &'a Gazetteer,
) -> [Cell<'a>; FACT_COLUMNS.len()] {
    let s = fact_subject(g, f);
    let o = fact_object(g, f);
    [
        Cell::int(doc.doc_id),
        Cell::text(&s.id),
        Cell::text(&s.name),
        Cell::text(f.predicate.as_str()),
        Cell::opt(o.map(|e| e.id.as_str())),
        Cell::opt(o.map(|e| e.name.as_str())),
        fact_value(f).map_or(Cell::text(""), Cell::Int),
        Cell::opt(fact_unit(f)),
        Cell::opt(fact_surface(f)),
        Cell::text(&f.evidence),
        Cell::int(f.line),
        Cell::text(f.source.as_str()),
        Cell::text(agrees(f)),
    ]
}

/// The subject entity of a fact.
pub fn fact_subject<'a>(g: &'a Gazetteer, f: &Fact) -> &'a Entity {
    &g.entities()[f.subject]
}

/// The object entity of a relation fact.
pub fn fact_object<'a>(g: &'a Gazetteer, f: &Fact) -> Option<&'a Entity> {
    f.object.entity().map(|i| &g.entities()[i])
}

/// The normalised value of a quantity fact.
pub fn fact_value(f: &Fact) -> Option<u64> {
    f.object.quantity().map(|q| q.value)
}

/// The unit of a quantity fact.
pub fn fact_unit(f: &Fact) -> Option<&'static str> {
    f.object.quantity().map(|q| q.unit.as_str())
}

/// A quantity fact's quantity as written, when it is not empty.
pub fn fact_surface(f: &Fact) -> Option<&str> {
    f.object
        .quantity()
        .map(|q| q.surface.as_str())
        .filter(|s| !s.is_empty())
}

/// Whether the gazetteer agrees with a fact (`agrees_with_gazetteer`).
pub fn agrees(f: &Fact) -> &'static str {
    f.agrees.as_str()
}

/// A run-wide table (entities, translations): its header and rows, complete.
#[derive(Debug, Clone, Default)]
pub struct Table<'a> {
    /// Column names, in order.
    pub header: Vec<&'a str>,
    /// Rows, each as long as the header.
    pub rows: Vec<Vec<Cell<'a>>>,
}

/// The columns of entities.csv before the gazetteer's attribute columns.
pub const ENTITY_COLUMNS: [&str; 6] = [
    "entity_id",
    "type",
    "name",
    "mentions",
    "documents",
    "languages",
];

/// The columns of entities.csv: [`ENTITY_COLUMNS`], then one per attribute.
pub fn entity_header(g: &Gazetteer) -> Vec<&str> {
    let attrs = g.attribute_names().iter().map(String::as_str);
    ENTITY_COLUMNS.iter().copied().chain(attrs).collect()
}

/// The row of entities.csv for an entity mentioned `mentions` times in
/// `documents` documents written in `languages` (space separated).
pub fn entity_row<'a>(
    g: &'a Gazetteer,
    e: &'a Entity,
    mentions: usize,
    documents: usize,
    languages: String,
) -> Vec<Cell<'a>> {
    let mut row = vec![
        Cell::TextOrNumber(e.id.as_str().into()),
        Cell::TextOrNumber(e.kind.as_str().into()),
        Cell::TextOrNumber(e.name.as_str().into()),
        Cell::int(mentions),
        Cell::int(documents),
        Cell::TextOrNumber(languages.into()),
    ];
    row.extend(
        g.attribute_names()
            .iter()
            .map(|a| Cell::TextOrNumber(e.attribute(a).unwrap_or("").into())),
    );
    row
}

/// The columns of translations.csv, given the languages of the groups written.
pub fn translation_header<'a>(langs: &[&'a str]) -> Vec<&'a str> {
    let mut h = vec!["group", "entity_id", "name", "type"];
    h.extend(langs);
    h.extend(["languages", "missing_in", "flag"]);
    h
}

/// The row of translations.csv for entity `e` in translation group `group`:
/// `counts` has, per language column, its mentions in the group's documents in
/// that language (`None` where the group has none); `languages` is how many
/// languages the group has and `missing` those it is not mentioned in.
pub fn translation_row<'a>(
    group: &'a str,
    e: &'a Entity,
    counts: impl IntoIterator<Item = Option<usize>>,
    languages: usize,
    missing: &[&str],
) -> Vec<Cell<'a>> {
    let mut row = vec![
        Cell::TextOrNumber(group.into()),
        Cell::TextOrNumber(e.id.as_str().into()),
        Cell::TextOrNumber(e.name.as_str().into()),
        Cell::TextOrNumber(e.kind.as_str().into()),
    ];
    row.extend(
        counts
            .into_iter()
            .map(|n| n.map_or(Cell::text(""), Cell::int)),
    );
    row.push(Cell::int(languages));
    row.push(Cell::TextOrNumber(missing.join(" ").into()));
    row.push(Cell::text(if missing.is_empty() { "" } else { "missing" }));
    row
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::document::Extractor;
    use crate::matcher::Matcher;

    const HEADER: &str = "id,type,name,aliases,ar,zh,ja,hi,other,exact,ambiguous,context,exclude,country,city,developer,family\n";
    const ROWS: &str = "model:qwen,model,Qwen,,,,,,,,,,,,,,\n\
        model:qwen3,model,Qwen3,,,,,,,,,,,,,,model:qwen\n";

    fn gazetteer() -> Gazetteer {
        let mut g = Gazetteer::new();
        g.add_csv("t.csv", &format!("{HEADER}{ROWS}")).unwrap();
        g
    }

    fn document(g: &Gazetteer, text: &str) -> Document {
        let extractor = Extractor::new(Arc::new(Matcher::new(g.clone()).unwrap()));
        extractor.extract_bytes(7, "a/b.md".into(), text.as_bytes())
    }

    #[test]
    fn family_is_the_family_attribute_or_the_entity_of_a_variant() {
        let g = gazetteer();
        let doc = document(&g, "Qwen3 and Qwen launched.\n");
        let rows: Vec<_> = doc
            .mentions
            .iter()
            .map(|m| mention_row(&doc, m, &g))
            .collect();
        assert_eq!(rows.len(), 2, "{:?}", doc.mentions);
        assert_eq!(rows[0][3], Cell::text("Qwen3"));
        assert_eq!(rows[0][10], Cell::text(""), "not a variant");
        assert_eq!(rows[0][11], Cell::text("Qwen"), "family attribute");
        assert_eq!(rows[1][11], Cell::text(""), "no family");
        assert_eq!(family(&g, &doc.mentions[1]), None);
        assert_eq!(rows[0][0], Cell::Int(7));
    }

    #[test]
    fn character_offsets_come_last_so_that_no_column_moves() {
        let g = gazetteer();
        let doc = document(&g, "🚀 Qwen3 [Qwen](https://q.example/)\n");
        assert_eq!(MENTION_COLUMNS[5..7], ["start", "end"]);
        assert_eq!(MENTION_COLUMNS[12..], ["char_start", "char_end"]);
        assert_eq!(
            LINK_COLUMNS[6..],
            ["start", "end", "char_start", "char_end"]
        );
        let row = mention_row(&doc, &doc.mentions[0], &g);
        assert_eq!(row[5..7], [Cell::Int(5), Cell::Int(10)], "bytes");
        assert_eq!(row[12..], [Cell::Int(2), Cell::Int(7)], "characters");
        let row = link_row(&doc, &doc.links[0]);
        assert_eq!(row[6..], [11, 37, 8, 34].map(Cell::Int));
    }

    #[test]
    fn document_row_types_numbers_and_leaves_missing_values_empty() {
        let g = gazetteer();
        let doc = document(
            &g,
            "---\ntitle: T\n---\nQwen is a model family from China.\n",
        );
        let row = document_row(&doc);
        assert_eq!(row[0], Cell::Int(7));
        assert_eq!(row[2], Cell::text("T"));
        assert_eq!(row[3], Cell::text(""), "no declared language");
        assert!(matches!(row[5], Cell::Fraction(_)));
        assert_eq!(row[9], Cell::Int(doc.bytes));
        assert_eq!(row[11], Cell::Int(1));
        assert_eq!(row[13], Cell::text("ok"));
        let failed = Document::failed(3, "x.md".into(), 9, "unreadable".into());
        let row = document_row(&failed);
        assert_eq!(row[5], Cell::text(""), "no confidence without a language");
        assert_eq!(row[14], Cell::text("unreadable"));
    }

    #[test]
    fn every_cell_is_of_its_columns_kind_or_empty() {
        let g = gazetteer();
        let text =
            "---\ntitle: T\n---\nQwen3 has 72B parameters, says [Qwen](https://q.example/).\n";
        let doc = document(&g, text);
        let failed = Document::failed(3, "x.md".into(), 9, "unreadable".into());
        let mut seen = [0usize; 4];
        for (i, t) in DocTable::ALL.into_iter().enumerate() {
            assert_eq!(t.kinds().len(), t.header().len(), "{t:?}");
            for d in [&doc, &failed] {
                t.rows::<()>(d, &g, |cells| {
                    seen[i] += 1;
                    for (c, (cell, kind)) in cells.iter().zip(t.kinds()).enumerate() {
                        let ok = match (kind, cell) {
                            (_, Cell::Text(s)) if s.is_empty() => true,
                            (Kind::Text, Cell::Text(_)) => true,
                            (Kind::Int, Cell::Int(_)) => true,
                            (Kind::Fraction, Cell::Fraction(_)) => true,
                            _ => false,
                        };
                        assert!(ok, "{t:?} {}: {cell:?} is not {kind:?}", t.header()[c]);
                    }
                    Ok(())
                })
                .unwrap();
            }
        }
        assert!(
            seen.iter().all(|&n| n > 0),
            "a row of every table: {seen:?}"
        );
    }

    #[test]
    fn every_per_document_table_has_its_own_file_sheet_and_header() {
        let g = gazetteer();
        let doc = document(&g, "Qwen3.\n");
        for t in DocTable::ALL {
            assert_eq!(
                t.file_name(),
                format!("{}.csv", t.sheet_name().to_lowercase())
            );
            assert_eq!(t.header()[0], "doc_id");
            t.rows::<()>(&doc, &g, |cells| {
                assert_eq!(cells.len(), t.header().len());
                Ok(())
            })
            .unwrap();
        }
    }
}
