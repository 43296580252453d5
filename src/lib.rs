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
//! For one text, [`extract_str`]; for your own gazetteer, [`Extractor::builder`],
//! then [`Extractor::extract`] with an [`Input`] (text or bytes, path, declared
//! language). Each [`Mention`] names its entity ([`Mention::entity`]: id, name,
//! type). The records of gazette.json and gazette.jsonl are the [`json`] module's.
//!
//! The public API is what this page lists: the document types, the gazetteer,
//! the commands ([`extract`], [`extract_jsonl`], [`merge()`], [`report`],
//! [`eval`]) and their configurations. Everything else is private.
//!
//! # Example
//! The README's "Use as a library" example (the same text, checked by a unit
//! test), with the built-in gazetteer, your own, variants and the JSON records:
//! ```rust
//! use gazette::{EntityType, Extractor, Input};
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     // One text with the built-in gazetteer (compiled on first use, then shared).
//!     let doc = gazette::extract_str("---\nlang: ar\n---\nفي بكين، تعمل Zhipu AI.");
//!     let beijing = &doc.mentions[0];
//!     assert_eq!(beijing.entity().id, "city:beijing");
//!     assert_eq!(beijing.entity().name, "Beijing");
//!     assert_eq!(beijing.entity().kind, EntityType::City);
//!     assert_eq!((beijing.surface.as_str(), beijing.start, beijing.char_start), ("بكين", 22, 20));
//!     assert_eq!(doc.detected_lang(), Some("ar"));
//!
//!     // A version or variant of a model: the CSV's `variant` and `family` columns.
//!     let doc = gazette::extract_str("Qwen2.5-72B-Instruct beats Hunyuan-A13B.");
//!     let [qwen, hunyuan] = &doc.mentions[..] else { panic!("two mentions") };
//!     assert_eq!((qwen.entity().name.as_str(), qwen.variant(), qwen.family()), ("Qwen2.5", Some("Qwen2.5-72B-Instruct"), Some("Qwen2.5")));
//!     assert_eq!((hunyuan.entity().name.as_str(), hunyuan.variant(), hunyuan.family()), ("Hunyuan-A13B", None, Some("Hunyuan")));
//!
//!     // Your own entities beside the built-in ones; a file's bytes with its path and
//!     // the language a CMS declared (used when the front matter declares none).
//!     let extractor = Extractor::builder()
//!         .gazetteer_csv("my-places.csv", "id,type,name,aliases\ncity:springfield,city,Springfield,Spfld\n")
//!         .build()?;
//!     let bytes = "Tencent opened an office in Spfld.".as_bytes();
//!     let doc = extractor.extract(Input::bytes(bytes).path("notes/a.md").lang("en"));
//!     let names: Vec<&str> = doc.mentions.iter().map(|m| m.entity().name.as_str()).collect();
//!     assert_eq!(names, ["Tencent", "Springfield"]);
//!     assert_eq!(doc.declared_lang.as_deref(), Some("en"));
//!
//!     // The gazette.jsonl record of a document, written and read back.
//!     let line = serde_json::to_string(&gazette::json::Document::new(&doc, extractor.gazetteer()))?;
//!     let back: gazette::json::Document = serde_json::from_str(&line)?;
//!     assert_eq!((back.path.as_ref(), back.mentions[1].entity_id.as_ref()), ("notes/a.md", "city:springfield"));
//!     Ok(())
//! }
//! ```
//!
//! # Cargo features
//! `cli` (on by default) brings the command line's dependencies (clap, indicatif)
//! and `xlsx` (rust_xlsxwriter, for [`Format::Xlsx`]). A library user can leave
//! them out with `default-features = false`; the binary needs `cli`.
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
pub mod json;
mod langid;
mod markdown;
mod matcher;
mod merge;
mod normalize;
mod output;
mod pipeline;
mod progress;
pub mod report;
mod stream;
mod text;

pub use discover::Options as Selection;
pub use document::{DocLink, Document, Extractor, ExtractorBuilder, Input, Mention, Status};
pub use error::{escape_controls, Error, ErrorKind, Result};
pub use facts::{Agreement, Fact, FactObject, FactSource, Predicate, Quantity, Unit};
pub use gazetteer::{Builtin, Entity, EntityType, Gazetteer};
pub use langid::Language;
pub use markdown::{Field, LinkKind};
pub use matcher::Matcher;
pub use merge::{merge, MergeOptions};
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

/// Extracts one document's text with the built-in gazetteer (compiled on the
/// first call, then shared by every call and thread of the process): the
/// mentions, links and facts, the front matter and the language.
///
/// ```
/// let doc = gazette::extract_str("Zhipu AI is based in Beijing.");
/// assert_eq!(doc.mentions[1].entity().name, "Beijing");
/// ```
///
/// For your own gazetteer, a path or a declared language, see
/// [`Extractor::builder`] and [`Input`].
pub fn extract_str(text: &str) -> Document {
    Extractor::builtin().extract_str(text)
}

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
    /// gazette.xlsx (with the `xlsx` cargo feature; without it, [`extract`]
    /// refuses it with a usage error before reading anything).
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
    /// Add the built-in world cities (GeoNames cities15000) to the default
    /// gazetteer (see [`Builtin::World`]).
    pub world_cities: bool,
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

/// The one gazetteer loader: the built-in gazetteer `builtin` names, plus
/// `extra` files, in that order. With `require_entities`, an empty result is a
/// usage error (a run needs something to match; `gazetteer check` does not).
/// Aliases that name entities of different files are the gazetteer's
/// [`Gazetteer::warnings`] (one line per clash; the caller prints them).
pub fn load_gazetteer(
    extra: &[PathBuf],
    builtin: Builtin,
    require_entities: bool,
) -> Result<Gazetteer> {
    let mut g = Gazetteer::builtin(builtin)?;
    for path in extra {
        g.add_file(path)?;
    }
    g.note_clashes();
    if require_entities && g.is_empty() {
        return Err(Error::usage(
            "the gazetteer is empty: give --gazetteer FILE or drop --no-default-gazetteer",
        ));
    }
    Ok(g)
}

/// Loads the gazetteer as [`load_gazetteer`] does for a run and compiles it.
pub fn load_matcher(extra: &[PathBuf], builtin: Builtin) -> Result<Matcher> {
    Matcher::new(load_gazetteer(extra, builtin, true)?)
}

/// Why a build without the `xlsx` feature cannot read or write gazette.xlsx.
const NO_XLSX: &str = "gazette.xlsx needs the `xlsx` cargo feature, which this build leaves out";

/// The usage error for `Format::Xlsx` in a build without the `xlsx` feature.
pub(crate) fn no_xlsx() -> Error {
    Error::usage(NO_XLSX)
}

/// [`no_xlsx`] for a workbook to be read in `dir`, naming it.
#[cfg(not(feature = "xlsx"))]
pub(crate) fn no_xlsx_in(dir: &Path) -> Error {
    Error::usage(format!("{}: {NO_XLSX}", dir.display()))
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
    #[cfg(not(feature = "xlsx"))]
    if config.formats.contains(&Format::Xlsx) {
        return Err(no_xlsx());
    }
    if to_stdout && config.formats.iter().any(|f| *f != Format::Jsonl) {
        return Err(Error::usage(
            "--out - streams JSON Lines to standard output: use it with --format jsonl",
        ));
    }
    let matcher = load_matcher(
        &config.gazetteers,
        Builtin::from_flags(config.no_default_gazetteer, config.world_cities),
    )?;
    // Before the output folder is made: a bad glob or missing inputs leave none.
    let mut sources = discover::discover_with(&config.inputs, &config.select)?;
    if !to_stdout {
        prepare_out_dir(&config.out_dir)?;
        // Before any work: no table of an earlier run is left beside the new ones.
        let names: Vec<&str> = (config.formats.iter())
            .flat_map(|f| output::format_files(*f))
            .copied()
            .collect();
        output::check_unlisted(&config.out_dir, &names)?;
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
            #[cfg(feature = "xlsx")]
            Format::Xlsx => sinks.push(Box::new(output::xlsx::XlsxSink::create(&config.out_dir)?)),
            #[cfg(not(feature = "xlsx"))]
            Format::Xlsx => return Err(no_xlsx()),
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
    let bar = progress::bar(config.progress, &sources);
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
    /// The first ```rust block after `after` in `text`, `//! ` prefixes removed
    /// when `crate_doc`.
    fn rust_block(text: &str, after: &str, crate_doc: bool) -> String {
        let lines: Vec<&str> = if crate_doc {
            (text.lines())
                .filter_map(|l| l.strip_prefix("//!"))
                .map(|l| l.strip_prefix(' ').unwrap_or(l))
                .collect()
        } else {
            text.lines().collect()
        };
        let from = lines
            .iter()
            .position(|l| l.starts_with(after))
            .expect(after);
        let start = from
            + lines[from..]
                .iter()
                .position(|l| *l == "```rust")
                .expect("```rust");
        let end = start
            + lines[start..]
                .iter()
                .position(|l| *l == "```")
                .expect("```");
        lines[start + 1..end]
            .iter()
            .map(|l| l.trim_end())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Without the `xlsx` feature, gazette.xlsx is a usage error before
    /// anything is read or made.
    #[cfg(not(feature = "xlsx"))]
    #[test]
    fn xlsx_needs_its_feature() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("out");
        let config = super::ExtractConfig {
            inputs: vec![dir.path().join("missing")],
            out_dir: out.clone(),
            gazetteers: Vec::new(),
            no_default_gazetteer: false,
            world_cities: false,
            jobs: 1,
            max_file_size: 1 << 20,
            select: super::Selection::default(),
            formats: vec![super::Format::Csv, super::Format::Xlsx],
            excel: false,
            progress: false,
            shard: None,
        };
        let e = super::extract(&config).unwrap_err();
        assert_eq!(e.kind(), super::ErrorKind::Usage);
        assert!(e.to_string().contains("`xlsx` cargo feature"), "{e}");
        assert!(!out.exists());
    }

    #[test]
    fn the_readme_library_example_is_the_crate_doc_example() {
        let readme = rust_block(include_str!("../README.md"), "## Use as a library", false);
        let docs = rust_block(include_str!("lib.rs"), "# Example", true);
        assert!(readme.contains("gazette::extract_str"), "{readme}");
        assert_eq!(
            readme, docs,
            "README.md and the crate docs (src/lib.rs) differ"
        );
    }
}
