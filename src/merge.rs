//! `gazette merge`: combine the outputs of shard runs (`--shard K/N`) into one
//! set, byte for byte what a single run over all the files writes, in any
//! format the shards can give exactly.
//!
//! Each shard folder must be a complete set of one run (its `gazette.run`
//! manifest, see [`crate::output::manifest`]): one N, every K exactly once, one
//! input set, no doc_id twice; else an error naming the folder, before anything
//! is written. The manifest says which files a shard wrote, and each merged
//! format is made from a shard format that holds it exactly:
//!
//! | merged | from each shard's |
//! |---|---|
//! | CSV tables | CSV tables (plain), else gazette.xlsx |
//! | CSV for Excel (`--excel`) | CSV tables (either flavour), else gazette.xlsx |
//! | gazette.xlsx | gazette.xlsx, else plain CSV tables |
//! | gazette.json, gazette.jsonl | gazette.json or gazette.jsonl |
//!
//! A workbook cannot give CSV when it cut cells or left rows out (Excel's
//! limits), and CSV for Excel cannot give plain CSV or a workbook (its added
//! apostrophes cannot be told from the articles' own). Per-document tables are
//! read back typed ([`tables`], [`workbook`]) and merged by `doc_id` (every
//! document is in exactly one shard and keeps its global id); entities and
//! translations are recomputed from the merged rows and the gazetteer; JSON
//! documents are copied as raw text (never parsed past their keys, so that no
//! nesting is too deep). Rows are held in memory while merging (the shards'
//! tables, not the articles). It does not read articles, nor compile the
//! gazetteer (it only reads its entities and ids).

mod tables;
#[cfg(feature = "xlsx")]
mod workbook;

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
use crate::Format;
use tables::{Row, Tables};

/// What `merge` writes.
#[derive(Debug, Clone, Default)]
pub struct MergeOptions {
    /// The formats to write; `None`: those the shards wrote (all the same).
    pub formats: Option<Vec<Format>>,
    /// Write the CSV tables in the Excel flavour (also when a shard's CSV is in
    /// it).
    pub excel: bool,
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

/// Every format, in the order of the output files.
const FORMATS: [Format; 4] = [Format::Csv, Format::Json, Format::Jsonl, Format::Xlsx];

/// A format's name, as `--format` spells it.
fn format_name(f: Format) -> &'static str {
    match f {
        Format::Csv => "csv",
        Format::Json => "json",
        Format::Jsonl => "jsonl",
        Format::Xlsx => "xlsx",
    }
}

/// One shard folder: where it is and what its run wrote.
struct ShardDir<'a> {
    dir: &'a Path,
    /// The formats its run wrote (every file of the format), in [`FORMATS`] order.
    formats: Vec<Format>,
    /// Its CSV tables are in the Excel flavour (a byte order mark).
    excel_csv: bool,
}

impl<'a> ShardDir<'a> {
    fn new(dir: &'a Path, manifest: &Manifest) -> Result<Self> {
        let formats: Vec<Format> = FORMATS
            .into_iter()
            .filter(|f| {
                crate::output::format_files(*f)
                    .iter()
                    .all(|n| manifest.has(n))
            })
            .collect();
        let excel_csv = formats.contains(&Format::Csv) && {
            let path = dir.join(DocTable::Documents.file_name());
            let mut head = [0u8; 3];
            let mut file = std::fs::File::open(&path).map_err(|e| Error::input(&path, e))?;
            let n =
                std::io::Read::read(&mut file, &mut head).map_err(|e| Error::input(&path, e))?;
            head[..n] == *b"\xEF\xBB\xBF"
        };
        Ok(ShardDir {
            dir,
            formats,
            excel_csv,
        })
    }

    fn has(&self, f: Format) -> bool {
        self.formats.contains(&f)
    }

    /// What its run wrote, for messages: `csv (for Excel), xlsx`.
    fn wrote(&self) -> String {
        if self.formats.is_empty() {
            return "no table".into();
        }
        let names: Vec<String> = (self.formats.iter())
            .map(|f| match f {
                Format::Csv if self.excel_csv => "csv (for Excel)".to_string(),
                f => format_name(*f).to_string(),
            })
            .collect();
        names.join(", ")
    }
}

/// A merged table format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TableTarget {
    /// Plain CSV tables.
    Csv,
    /// CSV tables for Excel.
    ExcelCsv,
    /// gazette.xlsx.
    Xlsx,
}

/// Where a shard's per-document rows are read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum TableSource {
    Csv,
    Xlsx,
}

/// The shards' tables, each read at most once from each source.
#[derive(Default)]
struct Loaded {
    tables: BTreeMap<(usize, TableSource), Tables>,
}

impl Loaded {
    /// Reads (once) the tables of shard `i` from `source`.
    fn get(&mut self, i: usize, shard: &ShardDir<'_>, source: TableSource) -> Result<&Tables> {
        use std::collections::btree_map::Entry;
        Ok(match self.tables.entry((i, source)) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(match source {
                TableSource::Csv => tables::read_csv(shard.dir)?,
                TableSource::Xlsx => read_workbook(shard.dir)?,
            }),
        })
    }
}

#[cfg(feature = "xlsx")]
fn read_workbook(dir: &Path) -> Result<Tables> {
    workbook::read(dir)
}

#[cfg(not(feature = "xlsx"))]
fn read_workbook(dir: &Path) -> Result<Tables> {
    Err(crate::no_xlsx_in(dir))
}

/// The target's file names, for messages.
fn target_name(t: TableTarget) -> &'static str {
    match t {
        TableTarget::Csv => "the CSV tables",
        TableTarget::ExcelCsv => "the CSV tables for Excel",
        TableTarget::Xlsx => "gazette.xlsx",
    }
}

/// Picks and reads the source of shard `i`'s rows for `target`; an error naming
/// the shard when it has none that gives the target exactly.
fn source_for(
    target: TableTarget,
    i: usize,
    shard: &ShardDir<'_>,
    loaded: &mut Loaded,
) -> Result<TableSource> {
    let dir = shard.dir.display();
    let wrote = shard.wrote();
    let csv = shard.has(Format::Csv);
    let plain_csv = csv && !shard.excel_csv;
    let xlsx = shard.has(Format::Xlsx);
    let apostrophes = || {
        Error::usage(format!(
            "{dir}: its run wrote {wrote}: CSV for Excel (--excel) cannot give {}, its cells carry added apostrophes (merge with --excel, or run the shard with --format csv or xlsx)",
            target_name(target)
        ))
    };
    match target {
        TableTarget::Csv | TableTarget::ExcelCsv => {
            if plain_csv || (csv && target == TableTarget::ExcelCsv) {
                return Ok(TableSource::Csv);
            }
            if xlsx {
                let t = loaded.get(i, shard, TableSource::Xlsx)?;
                if t.cut > 0 || t.dropped > 0 {
                    return Err(Error::usage(format!(
                        "{dir}: its gazette.xlsx has {} cells cut and {} rows left out at Excel's limits: it cannot give {} (run the shard with --format csv)",
                        t.cut, t.dropped, target_name(target)
                    )));
                }
                return Ok(TableSource::Xlsx);
            }
            if csv {
                return Err(apostrophes());
            }
        }
        TableTarget::Xlsx => {
            if xlsx {
                let t = loaded.get(i, shard, TableSource::Xlsx)?;
                if t.dropped == 0 {
                    return Ok(TableSource::Xlsx);
                }
                if !plain_csv {
                    return Err(Error::usage(format!(
                        "{dir}: its gazette.xlsx left {} rows out at Excel's limit: it cannot give the merged gazette.xlsx (run the shard with --format csv)",
                        t.dropped
                    )));
                }
            }
            if plain_csv {
                return Ok(TableSource::Csv);
            }
            if csv {
                return Err(apostrophes());
            }
        }
    }
    let from = match target {
        TableTarget::Xlsx => "gazette.xlsx or the plain CSV tables",
        _ => "CSV tables or gazette.xlsx",
    };
    Err(Error::usage(format!(
        "{dir}: its run wrote {wrote}: it cannot give {} (they come from {from}; run every shard with one --format)",
        target_name(target)
    )))
}

/// Each per-document table of the merged set: rows of every shard, by doc_id.
struct Merged<'t> {
    tables: [Vec<&'t Row>; 4],
}

impl<'t> Merged<'t> {
    /// Merges the shards' tables (`parts`) and checks the documents.
    fn new(parts: &[&'t Tables], inputs: Option<&InputSet>) -> Result<Self> {
        let mut tables: [Vec<&Row>; 4] = Default::default();
        for (i, rows) in tables.iter_mut().enumerate() {
            rows.extend(parts.iter().flat_map(|t| &t.tables[i]));
            rows.sort_by_key(|r| tables::doc_id(r).unwrap_or(u64::MAX));
        }
        let documents = &tables[tables::index(DocTable::Documents)];
        let ids = documents
            .iter()
            .map(|r| {
                tables::doc_id(r).ok_or_else(|| {
                    Error::usage(format!(
                        "documents.csv: `{}` is not a doc_id",
                        tables::text(r, 0)
                    ))
                })
            })
            .collect::<Result<Vec<u64>>>()?;
        check_ids(&ids, "documents.csv", inputs)?;
        Ok(Merged { tables })
    }

    fn rows(&self, table: DocTable) -> &[&'t Row] {
        &self.tables[tables::index(table)]
    }

    /// The run-wide counts of the merged documents and mentions.
    fn aggregate(&self, g: &Gazetteer) -> Aggregates {
        let mut agg = Aggregates::default();
        let col = |t: DocTable, name: &str| t.header().iter().position(|h| *h == name);
        let (Some(status), Some(declared), Some(detected), Some(group), Some(entity)) = (
            col(DocTable::Documents, "status"),
            col(DocTable::Documents, "declared_lang"),
            col(DocTable::Documents, "detected_lang"),
            col(DocTable::Documents, "translation_group"),
            col(DocTable::Mentions, "entity_id"),
        ) else {
            return agg;
        };
        let mut by_doc: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
        for m in self.rows(DocTable::Mentions) {
            if let Some(i) = g.index_of(tables::text(m, entity)) {
                by_doc
                    .entry(tables::doc_id(m).unwrap_or(u64::MAX))
                    .or_default()
                    .push(i);
            }
        }
        for d in self.rows(DocTable::Documents) {
            if !matches!(tables::text(d, status), "ok" | "warning") {
                continue;
            }
            let some = |c| Some(tables::text(d, c));
            let lang =
                crate::text::document_language(some(declared), some(detected)).unwrap_or("?");
            let grp = Some(tables::text(d, group)).filter(|v| !v.is_empty());
            let id = tables::doc_id(d).unwrap_or(u64::MAX);
            let ents = by_doc.get(&id).map_or(&[][..], Vec::as_slice);
            agg.add_counts(lang, grp, ents);
        }
        agg
    }
}

/// Checks merged doc_ids (sorted): none twice, and as many as the shards' run
/// discovered.
fn check_ids(ids: &[u64], what: &str, inputs: Option<&InputSet>) -> Result<()> {
    if let Some(w) = ids.windows(2).find(|w| w[0] == w[1]) {
        return Err(Error::usage(format!(
            "doc_id {} is in two shards' {what}",
            w[0]
        )));
    }
    if let Some(i) = inputs {
        if ids.len() as u64 != i.files {
            return Err(Error::usage(format!(
                "the shards' {what} hold {} documents, their run discovered {} files",
                ids.len(),
                i.files
            )));
        }
    }
    Ok(())
}

/// The merged formats: `options.formats`, else what every shard wrote.
fn targets(options: &MergeOptions, shards: &[ShardDir<'_>]) -> Result<Vec<Format>> {
    if let Some(f) = &options.formats {
        let mut formats: Vec<Format> = Vec::new();
        for f in f {
            if !formats.contains(f) {
                formats.push(*f);
            }
        }
        if formats.is_empty() {
            return Err(Error::usage("give at least one --format"));
        }
        return Ok(formats);
    }
    let first = &shards[0];
    if let Some(other) = shards.iter().find(|s| s.formats != first.formats) {
        return Err(Error::usage(format!(
            "the shards wrote different formats ({}: {}; {}: {}): choose the merged ones with --format",
            first.dir.display(),
            first.wrote(),
            other.dir.display(),
            other.wrote()
        )));
    }
    if first.formats.is_empty() {
        return Err(Error::usage(format!(
            "{}: its run wrote no table to merge",
            first.dir.display()
        )));
    }
    Ok(first.formats.clone())
}

/// Merges the shard folders `inputs` into `out`, with the run's gazetteer (its
/// references are checked first, as for a run); returns the number of documents.
///
/// Every shard folder is checked ([`check_shards`]) and every source read whole
/// before anything is written; the merged set is then committed as a run's is,
/// with its own `gazette.run` (no shard, the shards' input set).
pub fn merge(
    inputs: &[PathBuf],
    out: &Path,
    gazetteer: &Gazetteer,
    options: &MergeOptions,
) -> Result<usize> {
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
    let input_set = manifests[0].inputs.clone();
    let generator = manifests[0].generator.clone();
    let shards = (inputs.iter().zip(&manifests))
        .map(|(dir, m)| ShardDir::new(dir, m))
        .collect::<Result<Vec<_>>>()?;
    let formats = targets(options, &shards)?;
    let excel = options.excel || shards.iter().any(|s| s.excel_csv);
    let mut table_targets = Vec::new();
    if formats.contains(&Format::Csv) {
        table_targets.push(if excel {
            TableTarget::ExcelCsv
        } else {
            TableTarget::Csv
        });
    }
    if formats.contains(&Format::Xlsx) {
        if cfg!(not(feature = "xlsx")) {
            return Err(crate::no_xlsx());
        }
        table_targets.push(TableTarget::Xlsx);
    }

    // Everything is read and checked before anything is written.
    let mut loaded = Loaded::default();
    let mut sources: Vec<(TableTarget, Vec<TableSource>)> = Vec::new();
    for &target in &table_targets {
        let per_shard = (shards.iter().enumerate())
            .map(|(i, s)| source_for(target, i, s, &mut loaded))
            .collect::<Result<Vec<_>>>()?;
        for (i, (s, source)) in shards.iter().zip(&per_shard).enumerate() {
            loaded.get(i, s, *source)?;
        }
        sources.push((target, per_shard));
    }
    let mut merged_tables = Vec::new();
    for (target, per_shard) in &sources {
        let parts: Vec<&Tables> = (per_shard.iter().enumerate())
            .map(|(i, source)| &loaded.tables[&(i, *source)])
            .collect();
        let cut = (per_shard.iter().enumerate())
            .map(|(i, source)| loaded.tables[&(i, *source)].cut)
            .sum::<usize>();
        merged_tables.push((*target, Merged::new(&parts, input_set.as_ref())?, cut));
    }
    let texts = (formats.iter())
        .any(|f| matches!(f, Format::Json | Format::Jsonl))
        .then(|| read_json_texts(&shards))
        .transpose()?;
    let json = match &texts {
        Some(texts) => Some(read_json(texts, &generator, input_set.as_ref())?),
        None => None,
    };
    let documents = match (merged_tables.first(), &json) {
        (Some((_, m, _)), _) => m.rows(DocTable::Documents).len(),
        (None, Some(j)) => j.documents.len(),
        (None, None) => 0,
    };

    crate::prepare_out_dir(out)?;
    let names: Vec<&str> = (formats.iter())
        .flat_map(|f| crate::output::format_files(*f))
        .copied()
        .collect();
    crate::output::check_unlisted(out, &names)?;
    let mut files = Vec::new();
    for (target, merged, cut) in &merged_tables {
        let aggregates = merged.aggregate(gazetteer);
        match target {
            TableTarget::Csv | TableTarget::ExcelCsv => {
                let excel = *target == TableTarget::ExcelCsv;
                for table in DocTable::ALL {
                    files.push(write_table(out, table, merged.rows(table), excel)?);
                }
                files.extend(SummarySink::write_tables(
                    out, excel, aggregates, gazetteer,
                )?);
            }
            TableTarget::Xlsx => {
                files.push(write_workbook(out, merged, aggregates, *cut, gazetteer)?)
            }
        }
    }
    if let Some(json) = &json {
        if formats.contains(&Format::Json) {
            files.push(write_json(out, json)?);
        }
        if formats.contains(&Format::Jsonl) {
            files.push(write_jsonl(out, json)?);
        }
    }
    let manifest = Manifest::new(None, input_set, documents as u64);
    crate::output::commit(out, files, manifest)?;
    Ok(documents)
}

/// Writes a merged per-document CSV table into `out` under a temporary name.
fn write_table(out: &Path, table: DocTable, rows: &[&Row], excel: bool) -> Result<Flushed> {
    let mut csv = CsvTable::create(out, table.file_name(), table.header(), excel)?;
    for r in rows {
        csv.cells(r)?;
    }
    csv.finish()
}

/// Writes the merged gazette.xlsx into `out` under a temporary name.
#[cfg(feature = "xlsx")]
fn write_workbook(
    out: &Path,
    merged: &Merged<'_>,
    aggregates: Aggregates,
    cut: usize,
    g: &Gazetteer,
) -> Result<Flushed> {
    let mut sink = crate::output::xlsx::XlsxSink::create(out)?;
    for table in DocTable::ALL {
        for r in merged.rows(table) {
            sink.table_row(table, r)?;
        }
    }
    sink.finish_rows(aggregates, cut, g)
}

#[cfg(not(feature = "xlsx"))]
fn write_workbook(
    _out: &Path,
    _merged: &Merged<'_>,
    _aggregates: Aggregates,
    _cut: usize,
    _g: &Gazetteer,
) -> Result<Flushed> {
    Err(crate::no_xlsx())
}

/// A shard's JSON output as text: gazette.json (`true`) or gazette.jsonl.
struct JsonText {
    path: PathBuf,
    text: String,
    whole: bool,
}

/// Reads each shard's gazette.json, else its gazette.jsonl; an error naming the
/// shard that wrote neither.
fn read_json_texts(shards: &[ShardDir<'_>]) -> Result<Vec<JsonText>> {
    (shards.iter())
        .map(|s| {
            let (name, whole) = if s.has(Format::Json) {
                ("gazette.json", true)
            } else if s.has(Format::Jsonl) {
                ("gazette.jsonl", false)
            } else {
                return Err(Error::usage(format!(
                    "{}: its run wrote {}: it cannot give gazette.json or gazette.jsonl (they come from either; run every shard with one --format)",
                    s.dir.display(),
                    s.wrote()
                )));
            };
            let path = s.dir.join(name);
            let text = std::fs::read_to_string(&path).map_err(|e| Error::input(&path, e))?;
            Ok(JsonText { path, text, whole })
        })
        .collect()
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

/// Merges the shards' JSON documents (`texts`) by doc_id; the generator is a
/// gazette.json's, else the manifest's (`generator`), which names the same.
fn read_json<'a>(
    texts: &'a [JsonText],
    generator: &str,
    inputs: Option<&InputSet>,
) -> Result<MergedJson<'a>> {
    let mut merged = MergedJson {
        generator: generator.to_string(),
        documents: Vec::new(),
    };
    for t in texts {
        let name = t.path.display().to_string();
        let bad = |line: Option<usize>, e: serde_json::Error| {
            let at = line.map_or(String::new(), |l| format!(":{l}"));
            Error::usage(format!("{name}{at}: {e}"))
        };
        let docs: Vec<(Option<usize>, &RawValue)> = if t.whole {
            let shard: JsonShard<'a> = serde_json::from_str(&t.text).map_err(|e| bad(None, e))?;
            merged.generator = shard.generator;
            shard.documents.into_iter().map(|d| (None, d)).collect()
        } else {
            (t.text.lines().enumerate())
                .filter(|(_, l)| !l.is_empty())
                .map(|(i, l)| {
                    serde_json::from_str::<&RawValue>(l)
                        .map(|d| (Some(i + 1), d))
                        .map_err(|e| bad(Some(i + 1), e))
                })
                .collect::<Result<_>>()?
        };
        for (line, d) in docs {
            let id: JsonDocId = serde_json::from_str(d.get()).map_err(|e| bad(line, e))?;
            merged.documents.push((id.doc_id, d));
        }
    }
    merged.documents.sort_by_key(|d| d.0);
    let ids: Vec<u64> = merged.documents.iter().map(|d| d.0).collect();
    check_ids(&ids, "JSON documents", inputs)?;
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

/// Writes the merged gazette.jsonl (a document per line), under a temporary name.
fn write_jsonl(out: &Path, json: &MergedJson<'_>) -> Result<Flushed> {
    let mut file = AtomicFile::create(out, "gazette.jsonl")?;
    let path = file.path().to_path_buf();
    let result = json.documents.iter().try_for_each(|(_, d)| {
        file.write_all(d.get().as_bytes())?;
        file.write_all(b"\n")
    });
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
        let e = merge(
            &[dir.path().join("shard")],
            &out,
            &g,
            &MergeOptions::default(),
        )
        .expect_err("refused");
        assert!(
            e.to_string().contains("refers to unknown id `city:nope`"),
            "{e}"
        );
        assert!(!out.exists());
    }
}
