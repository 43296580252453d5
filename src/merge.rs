//! `gazette merge`: combine the outputs of shard runs (`--shard K/N`) into one set
//! of tables, identical to a single run over all the files.
//!
//! Per-document tables (documents, mentions, links, facts) are merged by `doc_id`
//! (every document is in exactly one shard and keeps its global id); entities.csv
//! and translations.csv are recomputed from the merged rows and the gazetteer;
//! gazette.json documents are merged by `doc_id` too, copied as raw text (never
//! parsed past their `doc_id`, so that no nesting is too deep). Each shard folder
//! must be a complete set of one run (its `gazette.run` manifest, see
//! [`crate::output::manifest`]): one N, every K exactly once, one input set, no
//! doc_id twice; else an error naming the folder, before anything is written.
//! Rows are held in memory while merging (the shards' tables, not the articles).
//! It does not read articles. Nor does it compile the gazetteer: it only reads
//! its entities and ids.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::output::csv::Table as CsvTable;
use crate::output::manifest::{InputSet, Shard};
use crate::output::rows::DocTable;
use crate::output::summary::{Aggregates, SummarySink};
use crate::output::{AtomicFile, Flushed, Manifest};

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

/// The shard a manifest describes (a whole run is shard 0/1).
fn shard_of(m: &Manifest) -> Shard {
    m.shard.unwrap_or(Shard { k: 0, n: 1 })
}

/// Reads and checks the shard folders' manifests: each a complete set (every
/// file it lists is there with its size), one N, every K exactly once, one input
/// set. Returns the manifests, in the order of `inputs`.
fn check_shards(inputs: &[PathBuf]) -> Result<Vec<Manifest>> {
    let Some(first_dir) = inputs.first() else {
        return Err(Error::usage("give at least one shard folder"));
    };
    let manifests = (inputs.iter())
        .map(|dir| {
            let m = Manifest::read(dir)?;
            m.check_files(dir)?;
            Ok(m)
        })
        .collect::<Result<Vec<_>>>()?;
    let first = &manifests[0];
    let n = shard_of(first).n;
    let mut seen: Vec<Option<&Path>> = vec![None; n as usize];
    for (dir, m) in inputs.iter().zip(&manifests) {
        let s = shard_of(m);
        if s.n != n || s.k >= n {
            return Err(Error::usage(format!(
                "{}: shard {}/{} does not go with {} (shard {}/{n}): shards of different runs",
                dir.display(),
                s.k,
                s.n,
                first_dir.display(),
                shard_of(first).k,
            )));
        }
        if let Some(other) = seen[s.k as usize].replace(dir) {
            return Err(Error::usage(format!(
                "{}: shard {}/{n} is given twice (also {})",
                dir.display(),
                s.k,
                other.display()
            )));
        }
        if m.inputs != first.inputs {
            let describe = |i: &Option<InputSet>| match i {
                Some(i) => format!("{} files, paths hash {}", i.files, i.fnv1a),
                None => "unknown".into(),
            };
            return Err(Error::usage(format!(
                "{}: its run read other inputs ({}) than {} ({}): shards of different runs",
                dir.display(),
                describe(&m.inputs),
                first_dir.display(),
                describe(&first.inputs)
            )));
        }
    }
    let missing: Vec<String> = (seen.iter().enumerate())
        .filter(|(_, d)| d.is_none())
        .map(|(k, _)| format!("{k}/{n}"))
        .collect();
    if !missing.is_empty() {
        return Err(Error::usage(format!(
            "shard {} missing: give the output folder of every shard",
            missing.join(", ")
        )));
    }
    Ok(manifests)
}

/// Merges the shard folders `inputs` into `out`, with the run's gazetteer (its
/// references are checked first, as for a run); returns the number of documents.
///
/// Every shard folder is checked ([`check_shards`]) and read whole before
/// anything is written; the merged set is then committed as a run's is, with
/// its own `gazette.run` (no shard, the shards' input set).
pub fn merge(inputs: &[PathBuf], out: &Path, gazetteer: &Gazetteer) -> Result<usize> {
    gazetteer.validate_references()?;
    let manifests = check_shards(inputs)?;
    if let Ok(o) = out.canonicalize() {
        if let Some(dir) = inputs
            .iter()
            .find(|d| d.canonicalize().ok() == Some(o.clone()))
        {
            return Err(Error::usage(format!(
                "{}: the merged --out folder cannot be one of the shard folders",
                dir.display()
            )));
        }
    }
    let mut merged: Vec<Rows> = Vec::new();
    for table in DocTable::ALL {
        let name = table.file_name();
        let mut all: Option<Rows> = None;
        for (dir, m) in inputs.iter().zip(&manifests) {
            if !m.has(name) {
                return Err(Error::usage(format!(
                    "{}: its run wrote no {name} (merge needs the CSV tables: --format csv)",
                    dir.display()
                )));
            }
            let t = read_table(&dir.join(name))?;
            match &mut all {
                None => all = Some(t),
                Some(a) if a.header == t.header => a.rows.extend(t.rows),
                Some(_) => {
                    return Err(Error::usage(format!(
                        "{}: columns differ from the other shards",
                        dir.join(name).display()
                    )))
                }
            }
        }
        let Some(mut rows) = all else {
            return Err(Error::usage("give at least one shard folder"));
        };
        rows.rows.sort_by_key(doc_id);
        merged.push(rows);
    }
    let documents = &merged[table_index(DocTable::Documents)];
    check_documents(documents, manifests[0].inputs.as_ref())?;
    let with_json = manifests.iter().filter(|m| m.has("gazette.json")).count();
    let texts = if with_json == 0 {
        Vec::new()
    } else if with_json < manifests.len() {
        let dir = (inputs.iter().zip(&manifests))
            .find(|(_, m)| !m.has("gazette.json"))
            .map_or_else(String::new, |(d, _)| d.display().to_string());
        return Err(Error::usage(format!(
            "{dir}: its run wrote no gazette.json, other shards did: run every shard with the same --format"
        )));
    } else {
        (inputs.iter())
            .map(|dir| {
                let path = dir.join("gazette.json");
                std::fs::read_to_string(&path).map_err(|e| Error::input(&path, e))
            })
            .collect::<Result<Vec<_>>>()?
    };
    let json = if texts.is_empty() {
        None
    } else {
        Some(read_json(inputs, &texts)?)
    };

    // Everything is read and checked: only now is anything written.
    crate::prepare_out_dir(out)?;
    let aggregates = aggregate(&merged, gazetteer);
    let mut files = Vec::new();
    for (table, rows) in DocTable::ALL.into_iter().zip(&merged) {
        files.push(write_table(out, table.file_name(), rows)?);
    }
    files.extend(SummarySink::write_tables(
        out, false, aggregates, gazetteer,
    )?);
    if let Some(json) = &json {
        files.push(write_json(out, json)?);
    }
    let count = merged[table_index(DocTable::Documents)].rows.len();
    let manifest = Manifest::new(None, manifests[0].inputs.clone(), count as u64);
    crate::output::commit(out, files, manifest)?;
    Ok(count)
}

/// The position of a table in [`DocTable::ALL`].
fn table_index(table: DocTable) -> usize {
    DocTable::ALL.iter().position(|t| *t == table).unwrap_or(0)
}

/// Checks the merged documents: every doc_id a number, none twice, and as
/// many documents as the shards' run discovered.
fn check_documents(docs: &Rows, inputs: Option<&InputSet>) -> Result<()> {
    let mut previous = None;
    for r in &docs.rows {
        let id = doc_id(r);
        if id == u64::MAX {
            return Err(Error::usage(format!(
                "documents.csv: `{}` is not a doc_id",
                r.get(0).unwrap_or("")
            )));
        }
        if previous == Some(id) {
            return Err(Error::usage(format!(
                "doc_id {id} is in two shards' documents.csv"
            )));
        }
        previous = Some(id);
    }
    if let Some(i) = inputs {
        if docs.rows.len() as u64 != i.files {
            return Err(Error::usage(format!(
                "the shards hold {} documents, their run discovered {} files",
                docs.rows.len(),
                i.files
            )));
        }
    }
    Ok(())
}

/// Recomputes the run-wide counts from the merged documents and mentions.
fn aggregate(merged: &[Rows], g: &Gazetteer) -> Aggregates {
    let mut agg = Aggregates::default();
    let docs = &merged[table_index(DocTable::Documents)];
    let mentions = &merged[table_index(DocTable::Mentions)];
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

/// Writes a merged table into `out` under a temporary name.
fn write_table(out: &Path, name: &str, rows: &Rows) -> Result<Flushed> {
    let header: Vec<&str> = rows.header.iter().collect();
    let mut table = CsvTable::create(out, name, &header, false)?;
    for r in &rows.rows {
        table.row(r.iter())?;
    }
    table.finish()
}

/// A shard's gazette.json, as extract writes it: its documents are kept as raw
/// text (merge only reorders them), so that no nesting depth is too deep.
#[derive(Deserialize)]
struct JsonShard<'a> {
    generator: String,
    #[serde(borrow)]
    documents: Vec<&'a RawValue>,
}

/// The key merge reads from a document (the others are skipped unparsed).
#[derive(Deserialize)]
struct JsonDocId {
    doc_id: u64,
}

/// The shards' documents, by doc_id, and the generator.
struct MergedJson<'a> {
    generator: String,
    documents: Vec<(u64, &'a RawValue)>,
}

/// Reads the shards' gazette.json files (`texts`, in the order of `inputs`).
fn read_json<'a>(inputs: &[PathBuf], texts: &'a [String]) -> Result<MergedJson<'a>> {
    let mut merged = MergedJson {
        generator: String::new(),
        documents: Vec::new(),
    };
    for (dir, text) in inputs.iter().zip(texts) {
        let path = dir.join("gazette.json");
        let bad = |e: serde_json::Error| Error::usage(format!("{}: {e}", path.display()));
        let shard: JsonShard<'a> = serde_json::from_str(text).map_err(bad)?;
        merged.generator = shard.generator;
        for d in shard.documents {
            let id: JsonDocId = serde_json::from_str(d.get()).map_err(bad)?;
            merged.documents.push((id.doc_id, d));
        }
    }
    merged.documents.sort_by_key(|d| d.0);
    Ok(merged)
}

/// Writes the merged gazette.json in extract's layout, under a temporary name.
fn write_json(out: &Path, json: &MergedJson<'_>) -> Result<Flushed> {
    let mut file = AtomicFile::create(out, "gazette.json")?;
    let path = file.path().to_path_buf();
    let generator = serde_json::to_string(&json.generator).unwrap_or_default();
    let result = (|| {
        write!(file, "{{\"generator\":{generator},\"documents\":[")?;
        for (i, (_, d)) in json.documents.iter().enumerate() {
            file.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            file.write_all(d.get().as_bytes())?;
        }
        file.write_all(b"\n]}\n")
    })();
    result.map_err(|e| Error::output(&path, e))?;
    file.finish()
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
