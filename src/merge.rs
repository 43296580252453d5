//! `gazette merge`: combine the outputs of shard runs (`--shard K/N`) into one set
//! of tables, identical to a single run over all the files.
//!
//! Per-document tables (documents, mentions, links, facts) are merged by `doc_id`
//! (every document is in exactly one shard and keeps its global id); entities.csv
//! and translations.csv are recomputed from the merged rows and the gazetteer;
//! gazette.json documents are merged by `doc_id` too. Rows are held in memory while
//! merging (the shards' tables, not the articles). It does not read articles.
//! Nor does it compile the gazetteer: it only reads its entities and ids.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::output::csv::Table as CsvTable;
use crate::output::summary::{Aggregates, SummarySink};
use crate::output::AtomicFile;

/// The per-document tables, merged by doc_id.
const TABLES: &[&str] = &["documents.csv", "mentions.csv", "links.csv", "facts.csv"];

/// A CSV table: header and rows.
struct Rows {
    header: csv::StringRecord,
    rows: Vec<csv::StringRecord>,
}

/// Reads a shard's CSV table whole; a malformed one is a usage error naming it.
fn read_table(path: &Path) -> Result<Rows> {
    let name = path.display().to_string();
    let err = |e: csv::Error| Error::usage(format!("{name}: {e}"));
    let mut r = csv::Reader::from_path(path).map_err(err)?;
    let header = r.headers().map_err(err)?.clone();
    let rows = r
        .records()
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(err)?;
    Ok(Rows { header, rows })
}

/// A row's `doc_id` (its first column); unparsable ones sort last.
fn doc_id(r: &csv::StringRecord) -> u64 {
    r.get(0).and_then(|v| v.parse().ok()).unwrap_or(u64::MAX)
}

/// Merges the shard folders `inputs` into `out`, with the run's gazetteer (its
/// references are checked first, as for a run); returns the number of documents.
pub fn merge(inputs: &[PathBuf], out: &Path, gazetteer: &Gazetteer) -> Result<usize> {
    gazetteer.validate_references()?;
    crate::prepare_out_dir(out)?;
    let mut merged: BTreeMap<&str, Rows> = BTreeMap::new();
    for table in TABLES {
        let mut all: Option<Rows> = None;
        for dir in inputs {
            let t = read_table(&dir.join(table))?;
            match &mut all {
                None => all = Some(t),
                Some(a) if a.header == t.header => a.rows.extend(t.rows),
                Some(_) => {
                    return Err(Error::usage(format!(
                        "{}: columns differ from the other shards",
                        dir.join(table).display()
                    )))
                }
            }
        }
        let Some(mut rows) = all else {
            return Err(Error::usage("give at least one shard folder"));
        };
        rows.rows.sort_by_key(doc_id);
        merged.insert(table, rows);
    }
    let aggregates = aggregate(&merged, gazetteer);
    for (table, rows) in &merged {
        write_table(out, table, rows)?;
    }
    SummarySink::write_tables(out, false, aggregates, gazetteer)?;
    if inputs.iter().all(|d| d.join("gazette.json").exists()) {
        merge_json(inputs, out)?;
    }
    Ok(merged.get("documents.csv").map_or(0, |r| r.rows.len()))
}

/// Recomputes the run-wide counts from the merged documents and mentions.
fn aggregate(merged: &BTreeMap<&str, Rows>, g: &Gazetteer) -> Aggregates {
    let mut agg = Aggregates::default();
    let (Some(docs), Some(mentions)) = (merged.get("documents.csv"), merged.get("mentions.csv"))
    else {
        return agg;
    };
    let col = |t: &Rows, name: &str| t.header.iter().position(|h| h == name);
    let (Some(status), Some(declared), Some(detected), Some(group), Some(entity)) = (
        col(docs, "status"),
        col(docs, "declared_lang"),
        col(docs, "detected_lang"),
        col(docs, "translation_group"),
        col(mentions, "entity_id"),
    ) else {
        return agg;
    };
    let mut by_doc: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
    for m in &mentions.rows {
        if let Some(i) = m.get(entity).and_then(|id| g.index_of(id)) {
            by_doc.entry(doc_id(m)).or_default().push(i);
        }
    }
    for d in &docs.rows {
        if !matches!(d.get(status), Some("ok" | "warning")) {
            continue;
        }
        let lang = [declared, detected]
            .iter()
            .filter_map(|&c| d.get(c))
            .find(|v| !v.is_empty())
            .unwrap_or("?");
        let grp = d.get(group).filter(|v| !v.is_empty());
        let ents = by_doc.get(&doc_id(d)).map_or(&[][..], Vec::as_slice);
        agg.add_counts(lang, grp, ents);
    }
    agg
}

/// Writes a merged table into `out` (atomically, as a run does).
fn write_table(out: &Path, name: &str, rows: &Rows) -> Result<()> {
    let header: Vec<&str> = rows.header.iter().collect();
    let mut table = CsvTable::create(out, name, &header, false)?;
    for r in &rows.rows {
        table.row(r.iter())?;
    }
    table.commit()
}

/// Merges the shards' gazette.json documents by doc_id, in the same layout.
fn merge_json(inputs: &[PathBuf], out: &Path) -> Result<()> {
    use std::io::Write;
    let mut docs: Vec<(u64, String)> = Vec::new();
    let mut generator = String::new();
    for dir in inputs {
        let path = dir.join("gazette.json");
        let text = std::fs::read_to_string(&path).map_err(|e| Error::input(&path, e))?;
        let v: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| Error::usage(format!("{}: {e}", path.display())))?;
        if let Some(g) = v["generator"].as_str() {
            generator = g.to_string();
        }
        for d in v["documents"].as_array().into_iter().flatten() {
            let id = d["doc_id"].as_u64().unwrap_or(u64::MAX);
            let line = serde_json::to_string(d).map_err(|e| Error::usage(e.to_string()))?;
            docs.push((id, line));
        }
    }
    docs.sort_by_key(|d| d.0);
    let mut file = AtomicFile::create(out, "gazette.json")?;
    let path = file.path().to_path_buf();
    let head = serde_json::json!({ "generator": generator }).to_string();
    let mut text = format!("{},\"documents\":[", head.trim_end_matches('}'));
    for (i, (_, d)) in docs.iter().enumerate() {
        text.push_str(if i == 0 { "\n" } else { ",\n" });
        text.push_str(d);
    }
    text.push_str("\n]}\n");
    file.write_all(text.as_bytes())
        .map_err(|e| Error::output(&path, e))?;
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gazetteer_with_unknown_references_is_refused_before_any_output() {
        let mut g = Gazetteer::new();
        g.add_csv(
            "bad.csv",
            "id,type,name,city\ncity:x,city,Xtown,city:nope\n",
        )
        .expect("a well-formed row");
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = dir.path().join("merged");
        let e = merge(&[dir.path().join("shard")], &out, &g).expect_err("refused");
        assert!(
            e.to_string().contains("refers to unknown id `city:nope`"),
            "{e}"
        );
        assert!(!out.exists());
    }
}
