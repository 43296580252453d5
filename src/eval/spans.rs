//! Span-level evaluation: mentions scored against gold spans (file, start, end in
//! characters, and optionally the id of the place or entity meant), as geoparsing
//! corpora such as GeoWebNews annotate them.
//!
//! Every document of the corpus folder is scored (a document without gold rows
//! mentions nothing, so whatever is found there is a false positive). Within a
//! document, predicted and gold spans are paired one to one: a prediction is a true
//! positive when it overlaps a gold span not yet paired (both taken in text order).
//! Precision, recall and F1 are over spans; resolution accuracy is the share of
//! paired spans whose id is the gold id. Only mentions of the chosen entity types
//! count (`--type`, e.g. `city`). It does not change extraction in any way.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use super::{corpus_documents, not_in_corpus, ratio, round4, sentence_at, Table};
use crate::document::{Document, Extractor, Mention};
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;

/// What to score at the span level.
#[derive(Debug, Clone)]
pub struct SpanConfig {
    /// The gold TSV: `file` (or `doc`, read as `<doc>.md`), `start`, `end`
    /// (character offsets into the file), optionally `geonameid` or `id`, and
    /// `surface`.
    pub gold: PathBuf,
    /// The corpus folder: every markdown file under it is scored.
    pub corpus: PathBuf,
    /// Entity types whose mentions count (`city`, ...); empty: every type.
    pub types: Vec<String>,
    /// Worker threads (0: default).
    pub jobs: usize,
}

/// Span counts and scores.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct SpanScore {
    /// Documents scored.
    pub documents: usize,
    /// Gold spans.
    pub gold: usize,
    /// Predicted spans (mentions of the scored types).
    pub predicted: usize,
    /// Predicted spans paired with a gold span.
    pub tp: usize,
    /// Predicted spans with no gold span.
    pub fp: usize,
    /// Gold spans with no predicted span.
    pub fn_: usize,
    /// tp / predicted.
    pub precision: f64,
    /// tp / gold.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Paired spans whose gold row has an id.
    pub with_id: usize,
    /// Of those, spans whose predicted id is the gold id.
    pub resolved: usize,
    /// resolved / with_id (1 when no gold row has an id).
    pub resolution: f64,
}

/// One unpaired or wrongly resolved span, in context.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SpanError {
    /// The file, relative to the corpus folder.
    pub file: String,
    /// Character offset of the span.
    pub start: usize,
    /// Character offset just past it.
    pub end: usize,
    /// The text of the span.
    pub surface: String,
    /// The id: predicted (false positives), gold (false negatives), or
    /// `gold → predicted` (wrong resolutions).
    pub id: String,
    /// The sentence around it (empty when the file could not be read).
    pub sentence: String,
}

/// The result of a span-level evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct SpanReport {
    /// The scores over every document.
    pub score: SpanScore,
    /// Predicted spans with no gold span.
    pub false_positives: Vec<SpanError>,
    /// Gold spans with no predicted span.
    pub false_negatives: Vec<SpanError>,
    /// Paired spans whose id differs from the gold id.
    pub wrong_ids: Vec<SpanError>,
    /// Gold rows whose `surface` is not the text at their offsets (a sign of
    /// offsets in another unit or of a changed file).
    pub gold_mismatches: Vec<SpanError>,
}

/// One gold span.
#[derive(Debug, Clone)]
struct GoldSpan {
    start: usize,
    end: usize,
    id: Option<String>,
    surface: Option<String>,
}

/// Reads the gold: spans by file (relative to the corpus), in text order.
fn read_gold(path: &Path) -> Result<BTreeMap<String, Vec<GoldSpan>>> {
    let mut table = Table::open(
        path,
        csv::ReaderBuilder::new()
            .delimiter(b'\t')
            .quoting(false)
            .flexible(true),
    )?;
    let name = table.name.clone();
    let col = |key: &str| table.column(key);
    let file_col = col("file")
        .map(|c| (c, false))
        .or(col("doc").map(|c| (c, true)));
    let (Some((file_col, is_doc)), Some(start_col), Some(end_col)) =
        (file_col, col("start"), col("end"))
    else {
        return Err(Error::usage(format!(
            "{name}:1: span gold needs `file` (or `doc`), `start` and `end` columns"
        )));
    };
    let id_col = col("geonameid").or(col("id"));
    let surface_col = col("surface");
    let mut gold: BTreeMap<String, Vec<GoldSpan>> = BTreeMap::new();
    for (i, rec) in table.reader.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| Error::usage(format!("{name}:{line}: {e}")))?;
        let cell = |c: usize| rec.get(c).unwrap_or("").trim();
        let file = cell(file_col);
        if file.is_empty() {
            continue;
        }
        let offset = |c: usize, what: &str| {
            cell(c).parse::<usize>().map_err(|_| {
                Error::usage(format!(
                    "{name}:{line}: `{what}` is not a character offset: `{}`",
                    cell(c)
                ))
            })
        };
        let (start, end) = (offset(start_col, "start")?, offset(end_col, "end")?);
        if end <= start {
            return Err(Error::usage(format!(
                "{name}:{line}: `end` ({end}) is not after `start` ({start})"
            )));
        }
        let file = if is_doc {
            format!("{file}.md")
        } else {
            file.to_string()
        };
        let nonempty = |c: Option<usize>| c.map(cell).filter(|s| !s.is_empty()).map(str::to_string);
        gold.entry(file).or_default().push(GoldSpan {
            start,
            end,
            id: nonempty(id_col),
            surface: nonempty(surface_col),
        });
    }
    for spans in gold.values_mut() {
        spans.sort_by_key(|s| (s.start, s.end));
    }
    Ok(gold)
}

/// The id a mention is scored under: its GeoNames id when its entity has one
/// (the `geonameid` attribute), else the entity id.
pub fn scored_id(m: &Mention, g: &Gazetteer) -> String {
    let e = &g.entities()[m.entity];
    e.attribute("geonameid")
        .map(str::to_string)
        .unwrap_or_else(|| e.id.clone())
}

/// Whether a predicted id names the gold id (`gn123`-style entity ids count).
fn same_id(predicted: &str, gold: &str) -> bool {
    predicted == gold || predicted.rsplit_once(":gn").is_some_and(|(_, n)| n == gold)
}

/// The characters `start..end` of `text` (character offsets), and the byte
/// offset of `start`.
fn char_slice(text: &str, start: usize, end: usize) -> (String, usize) {
    let mut at = text.len();
    let mut out = String::new();
    for (i, (b, c)) in text.char_indices().enumerate() {
        if i == start {
            at = b;
        }
        if i >= end {
            break;
        }
        if i >= start {
            out.push(c);
        }
    }
    (out, at)
}

/// Runs extraction over the corpus and scores its mentions against span gold.
pub fn evaluate_spans(config: &SpanConfig, extractor: Arc<Extractor>) -> Result<SpanReport> {
    let gold = read_gold(&config.gold)?;
    let docs = corpus_documents(&config.corpus, &extractor, config.jobs)?;
    let g = extractor.matcher().gazetteer();
    let by_rel: BTreeMap<&str, &Document> = docs.iter().map(|(r, d)| (r.as_str(), d)).collect();
    if let Some(file) = gold.keys().find(|f| !by_rel.contains_key(f.as_str())) {
        return Err(not_in_corpus(file, &config.corpus));
    }
    let mut report = SpanReport {
        score: SpanScore::default(),
        false_positives: Vec::new(),
        false_negatives: Vec::new(),
        wrong_ids: Vec::new(),
        gold_mismatches: Vec::new(),
    };
    let counts = |m: &&Mention| {
        config.types.is_empty()
            || (config.types.iter()).any(|t| t == g.entities()[m.entity].kind.as_str())
    };
    let none = Vec::new();
    for (file, doc) in &by_rel {
        let text: &str = doc.text.as_deref().unwrap_or_default();
        // Gold offsets count the file's characters; the kept text has no BOM.
        let bom = usize::from(doc.text_offset > 0);
        let spans = gold.get(*file).unwrap_or(&none);
        let mut predicted: Vec<&Mention> = doc.mentions.iter().filter(counts).collect();
        predicted.sort_by_key(|m| (m.char_start, m.char_end));
        let s = &mut report.score;
        s.documents += 1;
        s.gold += spans.len();
        s.predicted += predicted.len();
        let context = |start: usize, end: usize, id: String| {
            let (surface, at) =
                char_slice(text, start.saturating_sub(bom), end.saturating_sub(bom));
            SpanError {
                file: file.to_string(),
                start,
                end,
                surface,
                id,
                sentence: sentence_at(text, at),
            }
        };
        for span in spans {
            if let Some(expected) = &span.surface {
                let found = context(span.start, span.end, String::new());
                if &found.surface != expected {
                    let id = span.id.clone().unwrap_or_default();
                    report.gold_mismatches.push(SpanError {
                        surface: format!("{expected} (file has `{}`)", found.surface),
                        id,
                        ..found
                    });
                }
            }
        }
        let mut paired = vec![false; spans.len()];
        for m in &predicted {
            let id = scored_id(m, g);
            let hit = (0..spans.len()).find(|&i| {
                !paired[i] && spans[i].start < m.char_end && m.char_start < spans[i].end
            });
            match hit {
                Some(i) => {
                    paired[i] = true;
                    report.score.tp += 1;
                    if let Some(gold_id) = &spans[i].id {
                        report.score.with_id += 1;
                        if same_id(&id, gold_id) {
                            report.score.resolved += 1;
                        } else {
                            report.wrong_ids.push(context(
                                m.char_start,
                                m.char_end,
                                format!("{gold_id} → {id}"),
                            ));
                        }
                    }
                }
                None => {
                    report.score.fp += 1;
                    report
                        .false_positives
                        .push(context(m.char_start, m.char_end, id));
                }
            }
        }
        for (span, _) in spans.iter().zip(&paired).filter(|(_, &p)| !p) {
            report.score.fn_ += 1;
            let id = span.id.clone().unwrap_or_default();
            report
                .false_negatives
                .push(context(span.start, span.end, id));
        }
    }
    let s = &mut report.score;
    let (p, r) = (ratio(s.tp, s.predicted), ratio(s.tp, s.gold));
    s.precision = round4(p);
    s.recall = round4(r);
    s.f1 = round4(if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    });
    s.resolution = round4(ratio(s.resolved, s.with_id));
    Ok(report)
}

impl SpanReport {
    /// The scores as two aligned lines of text.
    pub fn table(&self) -> String {
        let s = &self.score;
        format!(
            "docs  gold  pred    tp    fp    fn  precision  recall     f1  resolution\n\
             {:>4} {:>5} {:>5} {:>5} {:>5} {:>5}  {:>9.4} {:>7.4} {:>6.4}  {:>10.4} ({}/{})\n",
            s.documents,
            s.gold,
            s.predicted,
            s.tp,
            s.fp,
            s.fn_,
            s.precision,
            s.recall,
            s.f1,
            s.resolution,
            s.resolved,
            s.with_id
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn score(files: &[(&str, &str)], gold: &str, types: &[&str]) -> SpanReport {
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
        let config = SpanConfig {
            gold: gold_path,
            corpus,
            types: types.iter().map(|t| t.to_string()).collect(),
            jobs: 1,
        };
        evaluate_spans(&config, extractor).unwrap()
    }

    #[test]
    fn spans_pair_one_to_one_and_count_character_offsets() {
        // "بكين" starts at character 11 (byte 21 would be wrong).
        let text = "\u{feff}سافرنا إلى بكين ثم Tencent.\n";
        let report = score(
            &[("1.md", text), ("2.md", "Nothing here, but Shanghai.\n")],
            "doc\tstart\tend\tsurface\tgeonameid\n1\t12\t16\tبكين\t1816670\n1\t30\t34\tNope\t\n",
            &["city"],
        );
        let s = &report.score;
        assert_eq!((s.documents, s.gold, s.predicted), (2, 2, 2), "{report:?}");
        assert_eq!((s.tp, s.fp, s.fn_), (1, 1, 1));
        assert_eq!(report.false_positives[0].surface, "Shanghai");
        assert_eq!(report.false_positives[0].file, "2.md");
        assert_eq!(report.gold_mismatches.len(), 1, "{report:?}");
        assert_eq!(s.precision, 0.5);
    }

    #[test]
    fn only_the_chosen_types_count() {
        let report = score(
            &[("a.md", "Tencent in Beijing.\n")],
            "file\tstart\tend\na.md\t11\t18\n",
            &[],
        );
        assert_eq!((report.score.tp, report.score.fp), (1, 1));
        let report = score(
            &[("a.md", "Tencent in Beijing.\n")],
            "file\tstart\tend\na.md\t11\t18\n",
            &["city"],
        );
        assert_eq!((report.score.tp, report.score.fp), (1, 0));
    }

    #[test]
    fn ids_compare_with_gn_entity_ids() {
        assert!(same_id("city:gn123", "123"));
        assert!(same_id("123", "123"));
        assert!(!same_id("city:gn1234", "123"));
    }

    #[test]
    fn bad_gold_is_a_usage_error_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let gold = dir.path().join("g.tsv");
        fs::write(&gold, "file\tstart\tend\na.md\tx\t3\n").unwrap();
        let err = read_gold(&gold).unwrap_err().to_string();
        assert!(err.contains("g.tsv:2") && err.contains("`start`"), "{err}");
    }
}
