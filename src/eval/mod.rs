//! Evaluation against gold annotations: document-level precision, recall and F1 per
//! language, with the false positives and negatives in context.
//!
//! The unit is the document: for each gold document, the set of entity names it
//! mentions. A predicted name is a true positive when the gold lists it for that
//! document, a false positive otherwise; a gold name not predicted is a false
//! negative. Only names in the scored universe count (the `name` column of
//! `--entities`, e.g. required-entities.csv; every gazetteer name without it).
//! Documents are grouped by their front matter `lang` (else the detected one).
//! It also reports how often the detected language agrees with the declared one.
//! It does not change extraction in any way.
//!
//! [`spans`] scores at the span level instead (file, start, end, id), as
//! geoparsing corpora annotate.

pub mod spans;

pub use spans::{evaluate_spans, SpanConfig, SpanReport};

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::discover::Source;
use crate::document::{Document, Extractor};
use crate::error::{Error, Result};

/// What to evaluate.
#[derive(Debug, Clone)]
pub struct EvalConfig {
    /// The gold TSV (columns `file`, `name`, optionally `evidence`).
    pub gold: PathBuf,
    /// An optional list of gold files (one path per line, relative to the corpus);
    /// a listed file without gold rows mentions nothing.
    pub files: Option<PathBuf>,
    /// A CSV whose `name` column is the scored universe of entity names.
    pub entities: Option<PathBuf>,
    /// The corpus folder that gold paths are relative to.
    pub corpus: PathBuf,
    /// Worker threads (0: default).
    pub jobs: usize,
}

/// Counts and scores for one group of documents.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Score {
    /// Documents in the group.
    pub documents: usize,
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
    /// tp / (tp + fp), 1 when nothing was predicted.
    pub precision: f64,
    /// tp / (tp + fn), 1 when nothing was expected.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Score {
    fn finish(&mut self) {
        let p = ratio(self.tp, self.tp + self.fp);
        let r = ratio(self.tp, self.tp + self.fn_);
        self.precision = round4(p);
        self.recall = round4(r);
        self.f1 = round4(if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        });
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// One false positive or false negative.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Error1 {
    /// The gold file path.
    pub file: String,
    /// The language group.
    pub lang: String,
    /// The entity name.
    pub name: String,
    /// The surface found (false positives) or the gold evidence (false negatives).
    pub surface: String,
    /// The sentence where it occurs (empty when it cannot be located).
    pub sentence: String,
}

/// The result of an evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Scores per language, by code.
    pub languages: BTreeMap<String, Score>,
    /// Scores over every document.
    pub overall: Score,
    /// Names predicted but not in the gold.
    pub false_positives: Vec<Error1>,
    /// Gold names not predicted.
    pub false_negatives: Vec<Error1>,
    /// Documents in the corpus that declare a language and whose text decided
    /// the detected one (the documents where detection was unsure and the
    /// declared language was kept are counted in `lang_kept_declared`).
    pub lang_declared: usize,
    /// Of those, documents whose detected language equals the declared one.
    pub lang_agree: usize,
    /// Documents whose text was too short or too mixed to tell, so the declared
    /// language was kept: not a test of detection, so not in `lang_agree`.
    pub lang_kept_declared: usize,
    /// Documents whose detected language differs: (path, declared, detected).
    pub lang_mismatches: Vec<(String, String, String)>,
}

/// Gold rows grouped by file: names and evidence per name.
type Gold = BTreeMap<String, BTreeMap<String, String>>;

/// One input table of an evaluation (gold TSV, entities CSV), read whole, with
/// its header row; errors name the file.
struct Table {
    /// The path as shown in messages.
    name: String,
    headers: csv::StringRecord,
    reader: csv::Reader<std::io::Cursor<Vec<u8>>>,
}

impl Table {
    /// Reads `path` with the reader settings of `builder`.
    fn open(path: &Path, builder: &csv::ReaderBuilder) -> Result<Self> {
        let name = path.display().to_string();
        let bytes = fs::read(path).map_err(|e| Error::usage(format!("{name}: {e}")))?;
        let mut reader = builder.from_reader(std::io::Cursor::new(bytes));
        let headers = reader
            .headers()
            .map_err(|e| Error::usage(format!("{name}: {e}")))?
            .clone();
        Ok(Table {
            name,
            headers,
            reader,
        })
    }

    /// The index of the column named `key`.
    fn column(&self, key: &str) -> Option<usize> {
        self.headers.iter().position(|h| h.trim() == key)
    }
}

/// The error for a gold file that the corpus folder does not hold.
fn not_in_corpus(file: &str, corpus: &Path) -> Error {
    Error::usage(format!("gold file `{file}` is not in {}", corpus.display()))
}

/// Extracts every markdown file of `corpus`, keeping the decoded text; each
/// document with its path relative to the corpus (`/`-separated), in
/// discovery order.
fn corpus_documents(
    corpus: &Path,
    extractor: &Extractor,
    jobs: usize,
) -> Result<Vec<(String, Document)>> {
    let all = crate::discover::discover(std::slice::from_ref(&corpus.to_path_buf()));
    let docs = run_all(&all, extractor, jobs)?;
    Ok(all
        .iter()
        .zip(docs)
        .map(|(s, d)| {
            let rel = s.path.strip_prefix(corpus).map_or_else(
                |_| s.display.clone(),
                |p| p.to_string_lossy().replace('\\', "/"),
            );
            (rel, d)
        })
        .collect())
}

fn read_gold(path: &Path) -> Result<Gold> {
    let mut table = Table::open(
        path,
        csv::ReaderBuilder::new()
            .delimiter(b'\t')
            .quoting(true)
            .flexible(true),
    )?;
    let name = table.name.clone();
    let col = |key: &str| table.column(key);
    let (Some(file_col), Some(name_col)) = (col("file"), col("name")) else {
        return Err(Error::usage(format!(
            "{name}:1: the gold file needs `file` and `name` columns"
        )));
    };
    let evidence_col = col("evidence");
    let mut gold = Gold::new();
    for rec in table.reader.records() {
        let rec = rec.map_err(|e| Error::usage(format!("{name}: {e}")))?;
        let file = rec.get(file_col).unwrap_or("").trim();
        let entity = rec.get(name_col).unwrap_or("").trim();
        if file.is_empty() || entity.is_empty() {
            continue;
        }
        let evidence = evidence_col.and_then(|c| rec.get(c)).unwrap_or("").trim();
        gold.entry(file.to_string())
            .or_default()
            .insert(entity.to_string(), evidence.to_string());
    }
    Ok(gold)
}

fn read_universe(path: &Path) -> Result<BTreeSet<String>> {
    let mut table = Table::open(path, &csv::ReaderBuilder::new())?;
    let name = &table.name;
    let Some(col) = table.column("name") else {
        return Err(Error::usage(format!("{name}:1: no `name` column")));
    };
    let mut out = BTreeSet::new();
    for rec in table.reader.records() {
        let rec = rec.map_err(|e| Error::usage(format!("{name}: {e}")))?;
        if let Some(n) = rec.get(col) {
            out.insert(n.trim().to_string());
        }
    }
    Ok(out)
}

/// The sentence around byte `at` of `text`, as the facts stage splits sentences
/// ([`crate::facts::sentence_around`]).
pub fn sentence_at(text: &str, at: usize) -> String {
    let r = crate::facts::sentence_around(text, at);
    text.get(r).unwrap_or_default().to_string()
}

/// Runs extraction over the gold documents and scores it.
pub fn evaluate(config: &EvalConfig, extractor: Arc<Extractor>) -> Result<Report> {
    let gold = read_gold(&config.gold)?;
    let mut files: BTreeSet<String> = gold.keys().cloned().collect();
    if let Some(list) = &config.files {
        let text = fs::read_to_string(list)
            .map_err(|e| Error::usage(format!("{}: {e}", list.display())))?;
        files.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string),
        );
    }
    let universe = match &config.entities {
        Some(p) => read_universe(p)?,
        None => extractor
            .matcher()
            .gazetteer()
            .entities()
            .iter()
            .map(|e| e.name.clone())
            .collect(),
    };
    let docs = corpus_documents(&config.corpus, &extractor, config.jobs)?;
    let mut report = Report {
        languages: BTreeMap::new(),
        overall: Score::default(),
        false_positives: Vec::new(),
        false_negatives: Vec::new(),
        lang_declared: 0,
        lang_agree: 0,
        lang_kept_declared: 0,
        lang_mismatches: Vec::new(),
    };
    let g = extractor.matcher().gazetteer();
    let mut by_rel: HashMap<String, &Document> = HashMap::new();
    for (rel, d) in &docs {
        let kept_declared = d.language.as_ref().is_some_and(|l| l.from_declared);
        if kept_declared {
            report.lang_kept_declared += 1;
        } else if let Some(declared) = &d.declared_lang {
            report.lang_declared += 1;
            let detected = d.language.as_ref().and_then(|l| l.code).unwrap_or("");
            if detected == declared {
                report.lang_agree += 1;
            } else {
                report
                    .lang_mismatches
                    .push((rel.clone(), declared.clone(), detected.to_string()));
            }
        }
        by_rel.insert(rel.clone(), d);
    }
    for file in &files {
        let Some(doc) = by_rel.get(file.as_str()) else {
            return Err(not_in_corpus(file, &config.corpus));
        };
        let lang = crate::output::summary::doc_lang(doc);
        // The decoded text the pipeline kept: never read a second time.
        let text: &str = doc.text.as_deref().unwrap_or_default();
        let expected = gold.get(file).cloned().unwrap_or_default();
        let mut predicted: BTreeMap<String, (String, usize)> = BTreeMap::new();
        for m in &doc.mentions {
            let name = &g.entities()[m.entity].name;
            if universe.contains(name) {
                predicted
                    .entry(name.clone())
                    .or_insert((m.surface.clone(), m.start));
            }
        }
        let score = report.languages.entry(lang.clone()).or_default();
        score.documents += 1;
        report.overall.documents += 1;
        for (name, (surface, start)) in &predicted {
            if expected.contains_key(name) {
                score.tp += 1;
                report.overall.tp += 1;
            } else {
                score.fp += 1;
                report.overall.fp += 1;
                report.false_positives.push(Error1 {
                    file: file.clone(),
                    lang: lang.clone(),
                    name: name.clone(),
                    surface: surface.clone(),
                    sentence: sentence_at(text, start.saturating_sub(doc.text_offset)),
                });
            }
        }
        for (name, evidence) in &expected {
            if !predicted.contains_key(name) {
                score.fn_ += 1;
                report.overall.fn_ += 1;
                let sentence = if evidence.is_empty() {
                    String::new()
                } else {
                    text.find(evidence.as_str())
                        .map(|at| sentence_at(text, at))
                        .unwrap_or_default()
                };
                report.false_negatives.push(Error1 {
                    file: file.clone(),
                    lang: lang.clone(),
                    name: name.clone(),
                    surface: evidence.clone(),
                    sentence,
                });
            }
        }
    }
    for s in report.languages.values_mut() {
        s.finish();
    }
    report.overall.finish();
    Ok(report)
}

fn run_all(sources: &[Source], extractor: &Extractor, jobs: usize) -> Result<Vec<Document>> {
    let mut docs = Vec::with_capacity(sources.len());
    let options = crate::pipeline::RunOptions {
        jobs,
        keep_text: true,
        ..Default::default()
    };
    crate::pipeline::run(sources, extractor, options, |d| {
        docs.push(d.clone());
        Ok(())
    })?;
    Ok(docs)
}

impl Report {
    /// The per-language table as aligned text.
    pub fn table(&self) -> String {
        let mut out = String::from("lang  docs    tp    fp    fn  precision  recall     f1\n");
        let row = |out: &mut String, k: &str, s: &Score| {
            out.push_str(&format!(
                "{:<5} {:>4} {:>5} {:>5} {:>5}  {:>9.4} {:>7.4} {:>6.4}\n",
                k, s.documents, s.tp, s.fp, s.fn_, s.precision, s.recall, s.f1
            ));
        };
        for (k, s) in &self.languages {
            row(&mut out, k, s);
        }
        row(&mut out, "all", &self.overall);
        out.push_str(&format!(
            "language detection agrees with front matter on {}/{} documents ({:.2}%)\n",
            self.lang_agree,
            self.lang_declared,
            100.0 * ratio(self.lang_agree, self.lang_declared)
        ));
        if self.lang_kept_declared > 0 {
            out.push_str(&format!(
                "{} more documents were too short to tell; their declared language was kept\n",
                self.lang_kept_declared
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Evaluates the built-in gazetteer on a corpus of `files` (name, text)
    /// against `gold` (the TSV's text).
    fn evaluate_on(files: &[(&str, &str)], gold: &str) -> Report {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("c");
        fs::create_dir(&corpus).unwrap();
        for (name, text) in files {
            fs::write(corpus.join(name), text).unwrap();
        }
        let gold_path = dir.path().join("gold.tsv");
        fs::write(&gold_path, gold).unwrap();
        let matcher = crate::load_matcher(&[], crate::Builtin::Curated).unwrap();
        let extractor = Arc::new(Extractor::new(Arc::new(matcher)));
        let config = EvalConfig {
            gold: gold_path,
            files: None,
            entities: None,
            corpus,
            jobs: 1,
        };
        evaluate(&config, extractor).unwrap()
    }

    #[test]
    fn false_positives_and_negatives_show_their_sentence_after_a_bom() {
        let report = evaluate_on(
            &[(
                "a.md",
                "\u{feff}---\nlang: en\n---\nWe went to Beijing. Then Tencent spoke.\n",
            )],
            "file\tname\tevidence\na.md\tBeijing\tBeijing\na.md\tShanghai\tThen\n",
        );
        assert_eq!(
            (report.overall.tp, report.overall.fp, report.overall.fn_),
            (1, 1, 1)
        );
        assert_eq!(report.false_positives[0].name, "Tencent");
        assert_eq!(report.false_positives[0].sentence, "Then Tencent spoke.");
        assert_eq!(report.false_negatives[0].sentence, "Then Tencent spoke.");
    }

    #[test]
    fn a_kept_declared_language_is_not_counted_as_detection_agreeing() {
        // short.md is too short to tell: its declared language is kept, not detected.
        let report = evaluate_on(
            &[
                ("short.md", "---\nlang: fr\n---\nBonjour Paris.\n"),
                (
                    "long.md",
                    "---\nlang: en\n---\nThe researchers in Beijing published a long report \
                     about the new models, and the companies that train them, this week.\n",
                ),
            ],
            "file\tname\nlong.md\tBeijing\n",
        );
        assert_eq!(
            (
                report.lang_declared,
                report.lang_agree,
                report.lang_kept_declared
            ),
            (1, 1, 1),
            "{:?}",
            report.lang_mismatches
        );
        assert!(report
            .table()
            .contains("1 more documents were too short to tell"));
    }
}
