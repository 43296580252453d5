//! gazette: cities, companies and AI models in folders of multilingual markdown
//! articles, as spreadsheet-ready tables.
//!
//! # Overview
//! Data flows one way, one private module per stage: discover → decode → front
//! matter → markdown → language → normalize → match → facts → output. An
//! [`Extractor`] runs the per-document stages over a compiled [`Matcher`] (the
//! [`Gazetteer`], compiled once and shared read-only by every worker) and gives a
//! [`Document`] with its [`Mention`]s, [`DocLink`]s and [`Fact`]s; [`extract`]
//! runs a whole folder in parallel, in input order, and writes the tables.
//!
//! The public API is what this page lists: the document types, the gazetteer,
//! the commands ([`extract`], [`extract_jsonl`], [`merge()`], [`report`],
//! [`eval`]) and their configurations. Everything else is private.
//!
//! # Example
//! ```
//! use std::sync::Arc;
//! use gazette::{Extractor, Gazetteer, Matcher};
//!
//! let matcher = Matcher::new(Gazetteer::default_embedded().unwrap()).unwrap();
//! let extractor = Extractor::new(Arc::new(matcher));
//! let doc = extractor.extract_text(1, "note.md".into(), "---\nlang: ar\n---\nفي بكين، تعمل Zhipu AI.", 0);
//! let names: Vec<&str> = doc
//!     .mentions
//!     .iter()
//!     .map(|m| extractor.matcher().gazetteer().entities()[m.entity].name.as_str())
//!     .collect();
//! assert_eq!(names, ["Beijing", "Zhipu AI"]);
//! ```
#![deny(missing_docs)]

mod automaton;
mod decode;
mod discover;
mod document;
mod error;
pub mod eval;
mod facts;
mod frontmatter;
pub mod gazetteer;
mod langid;
mod markdown;
mod matcher;
mod merge;
mod normalize;
mod output;
mod pipeline;
pub mod report;
mod stream;
mod text;

pub use discover::Options as Selection;
pub use document::{DocLink, Document, Extractor, Mention, Status};
pub use error::{escape_controls, Error, ErrorKind, Result};
pub use facts::{Agreement, Fact, FactObject, FactSource, Predicate, Quantity, Unit};
pub use gazetteer::{EntityType, Gazetteer};
pub use langid::Language;
pub use markdown::{Field, LinkKind};
pub use matcher::Matcher;
pub use merge::merge;
pub use pipeline::{RunOptions, Summary};
pub use stream::run as extract_jsonl;
pub use text::Script;

/// The stages' entry points, for the benchmarks, fuzz targets and property tests
/// of this repository. Not part of the public API: no stability promise.
#[doc(hidden)]
pub mod internals {
    /// See `decode`.
    pub mod decode {
        pub use crate::decode::{decode, Decoded};
    }
    /// See `discover`.
    pub mod discover {
        pub use crate::discover::{discover, Source};
    }
    /// See `frontmatter`.
    pub mod frontmatter {
        pub use crate::frontmatter::parse;
    }
    /// See `markdown`.
    pub mod markdown {
        pub use crate::markdown::{domain_of, extract, MarkdownOptions, Segment};
    }
    /// See `normalize`.
    pub mod normalize {
        pub use crate::normalize::{normalize_str, Normalized};
    }
    /// See `langid`.
    pub mod langid {
        pub use crate::langid::detect;
    }
    /// See `matcher`.
    pub mod matcher {
        pub use crate::matcher::Match;
    }
    /// See `facts`.
    pub mod facts {
        pub use crate::facts::{extract, split_sentences};
    }
    /// See `pipeline`.
    pub mod pipeline {
        pub use crate::pipeline::run;
    }
}

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Output formats written by [`extract`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// documents.csv, mentions.csv, links.csv.
    Csv,
    /// gazette.json.
    Json,
    /// gazette.jsonl, or standard output with `--out -`.
    Jsonl,
    /// gazette.xlsx.
    Xlsx,
}

/// Everything `gazette extract` needs, validated.
#[derive(Debug, Clone)]
pub struct ExtractConfig {
    /// Files and folders to read.
    pub inputs: Vec<PathBuf>,
    /// The output folder (created when missing).
    pub out_dir: PathBuf,
    /// Extra gazetteer files.
    pub gazetteers: Vec<PathBuf>,
    /// Leave out the embedded default gazetteer.
    pub no_default_gazetteer: bool,
    /// Worker threads (0: RAYON_NUM_THREADS when set, else all cores).
    pub jobs: usize,
    /// Files larger than this many bytes are error rows, never read.
    pub max_file_size: u64,
    /// Which files of the folders are read (links, hidden files, ignore files, globs).
    pub select: Selection,
    /// Formats to write.
    pub formats: Vec<Format>,
    /// Write CSV in the Excel flavour (BOM, CRLF, formula neutralisation).
    pub excel: bool,
    /// Show a progress bar on stderr (drawn only when stderr is a terminal).
    pub progress: bool,
    /// Process only shard `k` of `n` of the discovered files: `Some((k, n))`.
    pub shard: Option<(u32, u32)>,
}

/// The one gazetteer loader: the default gazetteer (unless `no_default`) plus
/// `extra` files, in that order. With `require_entities`, an empty result is a
/// usage error (a run needs something to match; `gazetteer check` does not).
pub fn load_gazetteer(
    extra: &[PathBuf],
    no_default: bool,
    require_entities: bool,
) -> Result<Gazetteer> {
    let mut g = if no_default {
        Gazetteer::new()
    } else {
        Gazetteer::default_embedded()?
    };
    for path in extra {
        g.add_file(path)?;
    }
    if require_entities && g.is_empty() {
        return Err(Error::usage(
            "the gazetteer is empty: give --gazetteer FILE or drop --no-default-gazetteer",
        ));
    }
    Ok(g)
}

/// Loads the gazetteer as [`load_gazetteer`] does for a run and compiles it.
pub fn load_matcher(extra: &[PathBuf], no_default: bool) -> Result<Matcher> {
    Matcher::new(load_gazetteer(extra, no_default, true)?)
}

/// A progress bar for runs of many files: files done, throughput and ETA, on
/// stderr; hidden when stderr is not a terminal or `show` is false.
fn progress_bar(show: bool, sources: &[discover::Source]) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    if !show || sources.len() < 20 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(
        Some(sources.len() as u64),
        ProgressDrawTarget::stderr_with_hz(4),
    );
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} files  {rate}  ETA {eta}")
    {
        bar.set_style(style.with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = w.write_str(&files_per_second(state.per_sec()));
            },
        ));
    }
    bar
}

/// The progress bar's rate, rounded as a person reads it: `2324 files/s`,
/// `3.5 files/s` below ten.
fn files_per_second(rate: f64) -> String {
    if !rate.is_finite() || rate <= 0.0 {
        "- files/s".to_string()
    } else if rate < 10.0 {
        format!("{rate:.1} files/s")
    } else {
        format!("{rate:.0} files/s")
    }
}

/// Creates the output folder when missing and checks that it can be written
/// (with a probe file under a name unique to the run, removed at once).
pub fn prepare_out_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(|e| Error::output(dir, e))?;
    let (probe, _) = output::create_temp(dir, "gazette-write-test")?;
    let _ = fs::remove_file(&probe);
    Ok(())
}

/// Runs `gazette extract`: discovers the inputs, extracts every document and
/// writes the tables. An output folder of `-` streams JSON Lines to standard
/// output (only the `jsonl` format can go there). The tables of a folder are one
/// set: all written and synced under temporary names, then put into place
/// together with their manifest `gazette.run` ([`output::commit`]); a run that
/// fails or is interrupted before leaves the folder's previous set as it was.
pub fn extract(config: &ExtractConfig) -> Result<Summary> {
    let to_stdout = config.out_dir.as_os_str() == "-";
    if to_stdout && config.formats.iter().any(|f| *f != Format::Jsonl) {
        return Err(Error::usage(
            "--out - streams JSON Lines to standard output: use it with --format jsonl",
        ));
    }
    let matcher = load_matcher(&config.gazetteers, config.no_default_gazetteer)?;
    // Before the output folder is made: a bad glob or missing inputs leave none.
    let mut sources = discover::discover_with(&config.inputs, &config.select)?;
    if !to_stdout {
        prepare_out_dir(&config.out_dir)?;
    }
    let inputs = output::manifest::InputSet::of(sources.iter().map(|s| s.display.as_str()));
    // Groups from the layout of every discovered path, also when only a shard is
    // processed (the shards' tables then agree).
    let roots: Vec<String> = (config.inputs.iter())
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let roots: Vec<&str> = roots.iter().map(String::as_str).collect();
    let groups = output::groups::Groups::new(&roots, sources.iter().map(|s| s.display.as_str()));
    if let Some((k, n)) = config.shard {
        sources = discover::shard(sources, k, n);
    }
    let extractor = Extractor::new(Arc::new(matcher));
    let mut sinks: Vec<Box<dyn output::Sink>> = Vec::new();
    for f in &config.formats {
        match f {
            Format::Csv => sinks.push(Box::new(output::csv::CsvSink::create(
                &config.out_dir,
                config.excel,
            )?)),
            Format::Json => sinks.push(Box::new(output::json::JsonSink::create(&config.out_dir)?)),
            Format::Xlsx => sinks.push(Box::new(output::xlsx::XlsxSink::create(&config.out_dir)?)),
            Format::Jsonl if to_stdout => sinks.push(Box::new(output::json::JsonlSink::stdout())),
            Format::Jsonl => {
                sinks.push(Box::new(output::json::JsonlSink::create(&config.out_dir)?))
            }
        }
    }
    if !to_stdout && config.formats.contains(&Format::Csv) {
        sinks.push(Box::new(output::summary::SummarySink::new(
            &config.out_dir,
            config.excel,
        )));
    }
    let gazetteer = extractor.matcher().gazetteer();
    let options = pipeline::RunOptions {
        jobs: config.jobs,
        max_file_size: config.max_file_size,
        keep_text: false,
    };
    let bar = progress_bar(config.progress, &sources);
    let mut counts = vec![0usize; gazetteer.len()];
    let mut summary = pipeline::run(&sources, &extractor, options, |doc| {
        bar.inc(1);
        doc.translation_group = groups.group(&doc.path, &doc.front_matter);
        doc.mentions.iter().for_each(|m| counts[m.entity] += 1);
        sinks
            .iter_mut()
            .try_for_each(|s| s.document(doc, gazetteer))
    })?;
    bar.finish_and_clear();
    let mut top: Vec<(usize, usize)> = counts
        .iter()
        .enumerate()
        .filter(|(_, &n)| n > 0)
        .map(|(i, &n)| (i, n))
        .collect();
    top.sort_by_key(|&(i, n)| (std::cmp::Reverse(n), i));
    summary.top_entities = top
        .into_iter()
        .take(5)
        .map(|(i, n)| (gazetteer.entities()[i].name.clone(), n))
        .collect();
    let mut files = Vec::new();
    for sink in sinks {
        files.extend(sink.finish(gazetteer)?);
    }
    if !to_stdout {
        let shard = (config.shard).map(|(k, n)| output::manifest::Shard { k, n });
        let manifest = output::Manifest::new(shard, Some(inputs), summary.documents as u64);
        output::commit(&config.out_dir, files, manifest)?;
    }
    // Freeing a large compiled gazetteer takes a while (0.2 s for 300,000
    // aliases): do it beside the caller, who has its answer now. If no thread
    // can be started, the closure is dropped, and the extractor with it, here.
    let _ = std::thread::Builder::new()
        .name("gazette-free".into())
        .spawn(move || drop(extractor));
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_progress_rate_is_rounded() {
        assert_eq!(files_per_second(2324.4966), "2324 files/s");
        assert_eq!(files_per_second(3.4966), "3.5 files/s");
        assert_eq!(files_per_second(f64::NAN), "- files/s");
    }
}
