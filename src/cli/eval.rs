//! `gazette eval`: its arguments, and the printing of the library's [`Report`]
//! as a table with the false positives, false negatives and language mismatches
//! (and as JSON with `--json`).
//!
//! The scoring is the library's ([`gazette::eval::evaluate`]).

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;

use gazette::eval::{EvalConfig, Report, SpanConfig, SpanReport};
use gazette::{Error, Result};

use super::{stdout_error, GazetteerArgs, Outcome};

/// Options of `gazette eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The corpus folder that the gold `file` paths are relative to.
    #[arg(value_name = "CORPUS")]
    pub corpus: PathBuf,
    /// Gold TSV with columns file, name (and optionally evidence): document-level scores.
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "spans",
        conflicts_with = "spans"
    )]
    pub gold: Option<PathBuf>,
    /// Span gold TSV with columns file (or doc, read as DOC.md), start, end (character
    /// offsets), and optionally geonameid (or id) and surface: span-level scores with
    /// resolution accuracy; every file of CORPUS is scored.
    #[arg(long, value_name = "FILE")]
    pub spans: Option<PathBuf>,
    /// With --spans: score only mentions of these entity types (comma-separated, e.g. city).
    #[arg(
        long = "type",
        value_name = "TYPE",
        value_delimiter = ',',
        requires = "spans"
    )]
    pub types: Vec<String>,
    /// List of every gold file, one per line (a listed file without rows mentions nothing).
    #[arg(long, value_name = "FILE")]
    pub files: Option<PathBuf>,
    /// CSV whose `name` column is the set of scored entity names [default: every gazetteer name].
    #[arg(long, value_name = "FILE")]
    pub entities: Option<PathBuf>,
    /// Also write the full report as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
    /// Worker threads [default: RAYON_NUM_THREADS when set, else all cores].
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
}

/// Runs `eval`: scores, prints the report on stdout, writes `--json`.
pub fn run(args: EvalArgs) -> Result<Outcome> {
    let matcher = args.gazetteer.load_matcher()?;
    super::gazetteer::print_load_warnings(matcher.gazetteer().warnings());
    let extractor = Arc::new(gazette::Extractor::new(Arc::new(matcher)));
    let jobs = args.jobs.unwrap_or(0);
    let Some(gold) = args.gold else {
        let config = SpanConfig {
            gold: args.spans.unwrap_or_default(),
            corpus: args.corpus,
            types: args.types,
            jobs,
        };
        let report = gazette::eval::evaluate_spans(&config, extractor)?;
        print_spans(&report, &mut std::io::stdout().lock()).map_err(stdout_error)?;
        return write_json(args.json, &report);
    };
    let config = EvalConfig {
        gold,
        files: args.files,
        entities: args.entities,
        corpus: args.corpus,
        jobs,
    };
    let report = gazette::eval::evaluate(&config, extractor)?;
    print_report(&report, &mut std::io::stdout().lock()).map_err(stdout_error)?;
    write_json(args.json, &report)
}

/// Writes the full report as JSON to `path`, when given.
fn write_json(path: Option<PathBuf>, report: &impl serde::Serialize) -> Result<Outcome> {
    if let Some(path) = path {
        let text =
            serde_json::to_string_pretty(report).map_err(|e| Error::output(&path, e.into()))?;
        std::fs::write(&path, text).map_err(|e| Error::output(&path, e))?;
    }
    Ok(Outcome::Done)
}

/// The span score table, then the unpaired and wrongly resolved spans, one per
/// line with their fields tab-separated.
fn print_spans(report: &SpanReport, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "{}", report.table())?;
    for (title, list) in [
        ("false positives", &report.false_positives),
        ("false negatives", &report.false_negatives),
        ("wrong ids (gold → predicted)", &report.wrong_ids),
        (
            "gold rows whose surface is not at their offsets",
            &report.gold_mismatches,
        ),
    ] {
        if title.starts_with("gold rows") && list.is_empty() {
            continue;
        }
        writeln!(out, "{title} ({}):", list.len())?;
        for e in list {
            writeln!(
                out,
                "  {}:{}-{}\t{}\t{}\t{}",
                e.file, e.start, e.end, e.surface, e.id, e.sentence
            )?;
        }
    }
    Ok(())
}

/// The score table, then the false positives and negatives and the language
/// mismatches, one per line with their fields tab-separated.
fn print_report(report: &Report, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "{}", report.table())?;
    for (title, list) in [
        ("false positives", &report.false_positives),
        ("false negatives", &report.false_negatives),
    ] {
        writeln!(out, "{title} ({}):", list.len())?;
        for e in list {
            writeln!(
                out,
                "  {}\t{}\t{}\t{}",
                e.file, e.name, e.surface, e.sentence
            )?;
        }
    }
    if !report.lang_mismatches.is_empty() {
        writeln!(
            out,
            "language mismatches ({}):",
            report.lang_mismatches.len()
        )?;
        for (f, d, g) in &report.lang_mismatches {
            writeln!(out, "  {f}\tdeclared {d}\tdetected {g}")?;
        }
    }
    Ok(())
}
