//! Command-line arguments (clap) and their validation into library configs.
//!
//! Only parsing and validation live here; the work is done by the library.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use gazette::{Error, ExtractConfig, Format, Result};

/// gazette: cities, companies and AI models in folders of multilingual markdown
/// articles, as spreadsheet-ready tables.
#[derive(Debug, Parser)]
#[command(name = "gazette", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract mentions and links from markdown files and folders into tables.
    #[command(after_help = "\
Examples:
  gazette extract samples/ --out out/
  gazette extract notes/ article.txt --out out/ --jobs 2
  gazette extract posts/ --out out/ --gazetteer my-places.csv --format csv
  gazette extract posts/ --out - --format jsonl | jq .path

Exit codes: 0 every document processed, 1 some documents failed (the tables are
still written, with the error on each failed document's row), 2 usage, gazetteer
or output error.")]
    Extract(ExtractArgs),
    /// Score extraction against gold annotations (document-level P/R/F1 per language).
    #[command(after_help = "\
Examples:
  gazette eval --gold ../shared/corpus/gold/dev.tsv \\
      --files ../shared/corpus/gold/dev-files.list \\
      --entities ../shared/spec/required-entities.csv ../shared/corpus/blog

Scoring: for every gold document, the set of entity names it mentions is compared
with the set gazette finds (restricted to the names of --entities). Precision,
recall and F1 are micro-averaged over documents, per front matter language and
overall. The false positives and negatives are listed with their sentence.")]
    Eval(EvalArgs),
    /// Combine the output folders of shard runs (--shard K/N) into one set of
    /// tables, identical to a single run over all the files.
    #[command(after_help = "\
Examples:
  for k in 0 1 2 3; do gazette extract posts/ --shard $k/4 --out out-$k/ & done; wait
  gazette merge out-0 out-1 out-2 out-3 --out out/")]
    Merge(MergeArgs),
    /// Inspect gazetteer files: lint them, count aliases, export the alias list.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
    /// Write one self-contained HTML page to review the results: a summary, and
    /// each document's text with its mentions highlighted and its links.
    #[command(after_help = "\
Examples:
  gazette report samples/ --out report.html
  gazette report posts/ --out review/report.html --max-docs 50 --max-text 64K

The page loads nothing from the network (inline CSS and SVG, no script); text
from articles is escaped and only http/https links are clickable.

Exit codes: 0 every document processed, 1 some documents failed (the page is
still written, with each failed document's error), 2 usage, gazetteer or output
error.")]
    Report(ReportArgs),
}

/// Options of `gazette merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Output folders of the shard runs.
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// The merged output folder.
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

/// `gazette gazetteer ...`
#[derive(Debug, Subcommand)]
pub enum GazetteerCommand {
    /// Lint gazetteer files: alias collisions, common words without a context rule,
    /// entities without an Arabic or Chinese alias, malformed rows. Exit 1 on errors.
    #[command(after_help = "\
Examples:
  gazette gazetteer check                 # the built-in gazetteer
  gazette gazetteer check my-places.csv   # your files (with the built-in one)
  gazette gazetteer check --no-default-gazetteer my-places.csv")]
    Check(GazetteerFilesArgs),
    /// Entities and aliases per type and script.
    #[command(after_help = "Example:\n  gazette gazetteer stats")]
    Stats(GazetteerFilesArgs),
    /// Write every alias as CSV rows `alias,entity_id,type` to standard output.
    #[command(after_help = "Example:\n  gazette gazetteer export > aliases.csv")]
    Export(GazetteerFilesArgs),
    /// Convert a GeoNames dump (cities15000.txt, cities1000.txt, allCountries.txt)
    /// into a gazetteer CSV for `extract --gazetteer`.
    #[command(after_help = "\
Examples:
  gazette gazetteer import-geonames cities15000.txt --out places.csv
  gazette gazetteer import-geonames allCountries.txt --min-population 5000 --out places.csv
  gazette extract posts/ --out out/ --gazetteer places.csv

One row per place: id city:gn<geonameid> (place:gn<geonameid> for feature classes
other than P), the GeoNames name, country, and the attributes geonameid,
population, latitude, longitude, feature_code.

Alternate names are filtered: codes (PEK, ZBAA), URLs, names with = / ( ) |,
names without letters, shorter than 2 characters (3 in Latin script),
all-lowercase Latin romanizations, hiragana readings, country, continent and US
state names, frequent English and Arabic words, duplicates after normalization;
places under --min-alias-population keep their name only, and places under
100,000 people lose their short aliases (4 letters in Latin, 3 in Arabic, 2 Han
characters or kana), which are mostly ordinary words.

Latin-script names and aliases go to `exact` (case-sensitive: \"Nice\" the city,
not \"a nice day\"). A Latin name that is a common English word (\"Of\", \"March\",
\"Java\") or of 4 letters or less, for a place under 100,000 people (1,000,000 for
common words), goes to `ambiguous`, confirmed by its country's English name in the
same document. Other scripts go to ar, zh, ja, hi or other. Each alias is kept by
the most populous place only (a place whose name a bigger one has is left out),
and names and aliases the built-in gazetteer (and --gazetteer files) already has
are left out, so `gazette gazetteer check` finds no collisions.

The file is streamed twice (memory grows with the aliases kept, not the file).
Malformed lines are skipped with a warning that gives the count and the first
one as FILE:LINE. Exit codes: 0 written, 1 not a GeoNames dump (no line parses),
2 usage, input or output error. GeoNames data is CC BY 4.0: credit GeoNames.")]
    ImportGeonames(ImportGeonamesArgs),
}

/// Options of `gazette gazetteer import-geonames`.
#[derive(Debug, Args)]
pub struct ImportGeonamesArgs {
    /// A GeoNames dump in its tab-separated format (19 columns).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Write the CSV to this file (atomically: a temporary file renamed when
    /// complete) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Leave out places with a smaller population (0 keeps all).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub min_population: u64,
    /// GeoNames feature classes to keep, comma-separated (P populated places, A
    /// administrative areas, ...), or `any`.
    #[arg(long, value_name = "CLASSES", default_value = "P", value_parser = parse_feature_classes)]
    pub feature_class: FeatureClasses,
    /// Places with a smaller population keep their name only, no alternate names
    /// (0: all keep them). Small places' alternate names are mostly ordinary words.
    #[arg(long, value_name = "N",
          default_value_t = gazette::gazetteer::geonames::DEFAULT_MIN_ALIAS_POPULATION)]
    pub min_alias_population: u64,
    /// At most N aliases per place besides its name, in file order (0: no limit).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub max_aliases: usize,
    /// Another gazetteer the output will be used with: names and aliases it has
    /// are left out of the import (repeatable).
    #[arg(long = "gazetteer", value_name = "FILE")]
    pub gazetteer: Vec<PathBuf>,
    /// The output will be used without the built-in gazetteer: keep the places and
    /// aliases it already has.
    #[arg(long)]
    pub no_default_gazetteer: bool,
    /// Print nothing but errors and warnings on stderr (no summary).
    #[arg(short, long)]
    pub quiet: bool,
}

/// Gazetteer files given as positional arguments.
#[derive(Debug, Args)]
pub struct GazetteerFilesArgs {
    /// Gazetteer CSV files (added to the built-in gazetteer).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Leave out the built-in gazetteer.
    #[arg(long)]
    pub no_default_gazetteer: bool,
}

/// GeoNames feature classes to keep; empty keeps every class.
#[derive(Debug, Clone)]
pub struct FeatureClasses(pub Vec<String>);

/// Parses `--feature-class`: `any`, or comma-separated classes such as `P,A`.
fn parse_feature_classes(s: &str) -> std::result::Result<FeatureClasses, String> {
    gazette::gazetteer::geonames::parse_feature_classes(s).map(FeatureClasses)
}

/// Options of `gazette eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The corpus folder that the gold `file` paths are relative to.
    #[arg(value_name = "CORPUS")]
    pub corpus: PathBuf,
    /// Gold TSV with columns file, name (and optionally evidence).
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
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

/// Options of `gazette extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Markdown files or folders (folders are searched recursively for *.md and
    /// *.markdown; a file named here is read whatever its extension).
    #[arg(required_unless_present = "stdin_jsonl", value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output folder (created when missing); `-` streams JSON Lines to standard
    /// output (with --format jsonl).
    #[arg(
        short,
        long,
        value_name = "DIR",
        required_unless_present = "stdin_jsonl"
    )]
    pub out: Option<PathBuf>,
    /// Read documents as JSON Lines on standard input (`{"path": ..., "text": ...,
    /// "lang": ...}` per line) and write one JSON result per line to standard output,
    /// in input order (for Spark's RDD.pipe, Hadoop Streaming, GNU parallel).
    #[arg(long, conflicts_with_all = ["paths", "out", "shard"])]
    pub stdin_jsonl: bool,
    /// Process only shard K of N (0 ≤ K < N) of the discovered files, chosen by a
    /// stable hash of each path: N jobs with the same PATHs split the work with no
    /// coordination; `doc_id`s stay those of the whole run.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<(u32, u32)>,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
    #[command(flatten)]
    pub reading: ReadArgs,
    /// Print nothing but errors on stderr (no progress bar, no summary).
    #[arg(short, long)]
    pub quiet: bool,
    /// CSV for Excel: UTF-8 byte order mark, CRLF line ends, and a leading
    /// apostrophe on cells that start with = + - @ tab or CR (no live formulas).
    #[arg(long)]
    pub excel: bool,
    /// Output formats, comma-separated.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [FormatArg::Csv, FormatArg::Json])]
    pub format: Vec<FormatArg>,
}

/// How input files are read and processed, shared by `extract` and `report`.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Worker threads [default: RAYON_NUM_THREADS when set, else all cores].
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Files larger than this are error rows, never read (bytes; K, M, G suffixes).
    #[arg(long, value_name = "SIZE", default_value = "16M", value_parser = parse_size)]
    pub max_file_size: u64,
    /// Walk into symbolic links to folders (each folder at most once: loops never hang).
    #[arg(long)]
    pub follow_symlinks: bool,
}

/// Gazetteer selection, shared by the subcommands that match text.
#[derive(Debug, Args)]
pub struct GazetteerArgs {
    /// An extra gazetteer CSV file (repeatable).
    #[arg(long = "gazetteer", value_name = "FILE")]
    pub extra: Vec<PathBuf>,
    /// Leave out the built-in gazetteer.
    #[arg(long)]
    pub no_default_gazetteer: bool,
}

/// Output formats on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// documents.csv, mentions.csv, links.csv
    Csv,
    /// gazette.json
    Json,
    /// gazette.jsonl (one document per line); with `--out -`, standard output
    Jsonl,
    /// gazette.xlsx (a sheet per table)
    Xlsx,
}

impl ExtractArgs {
    /// Validates the arguments into a library config.
    pub fn into_config(self) -> Result<ExtractConfig> {
        if self.reading.jobs == Some(0) {
            return Err(Error::usage("--jobs must be at least 1"));
        }
        let mut formats = Vec::new();
        for f in self.format {
            let f = match f {
                FormatArg::Csv => Format::Csv,
                FormatArg::Json => Format::Json,
                FormatArg::Jsonl => Format::Jsonl,
                FormatArg::Xlsx => Format::Xlsx,
            };
            if !formats.contains(&f) {
                formats.push(f);
            }
        }
        Ok(ExtractConfig {
            inputs: self.paths,
            out_dir: self.out.unwrap_or_else(|| PathBuf::from("-")),
            gazetteers: self.gazetteer.extra,
            no_default_gazetteer: self.gazetteer.no_default_gazetteer,
            jobs: self.reading.jobs.unwrap_or(0),
            max_file_size: self.reading.max_file_size,
            follow_symlinks: self.reading.follow_symlinks,
            formats,
            excel: self.excel,
            progress: !self.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr()),
            shard: self.shard,
        })
    }
}

/// Parses a size such as `16M`, `512K`, `1G` or `1000`.
fn parse_size(s: &str) -> std::result::Result<u64, String> {
    let s = s.trim();
    let (digits, mult) = match s.char_indices().last() {
        Some((i, 'K' | 'k')) => (&s[..i], 1u64 << 10),
        Some((i, 'M' | 'm')) => (&s[..i], 1 << 20),
        Some((i, 'G' | 'g')) => (&s[..i], 1 << 30),
        _ => (s, 1),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .ok_or_else(|| format!("`{s}` is not a size (e.g. 16M, 512K, 1000)"))
}

/// Parses `K/N` with 0 ≤ K < N.
fn parse_shard(s: &str) -> std::result::Result<(u32, u32), String> {
    let bad = || format!("`{s}` is not a shard K/N with 0 <= K < N (e.g. 0/4)");
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (k, n): (u32, u32) = (
        k.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if n == 0 || k >= n {
        return Err(bad());
    }
    Ok((k, n))
}

/// Options of `gazette report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Markdown files or folders (as for `extract`).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The HTML file to write (its folder is created when missing); `-` writes
    /// to standard output.
    #[arg(short, long, value_name = "FILE")]
    pub out: PathBuf,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
    #[command(flatten)]
    pub reading: ReadArgs,
    /// Show the text of the first N documents only (the summary counts all).
    #[arg(long, value_name = "N", default_value_t = gazette::report::DEFAULT_MAX_DOCS)]
    pub max_docs: usize,
    /// Show at most this much of each document's text (bytes; K, M, G suffixes).
    #[arg(long, value_name = "SIZE", default_value = "200K", value_parser = parse_size)]
    pub max_text: u64,
}

impl ReportArgs {
    /// Validates the arguments into a library config.
    pub fn into_config(self) -> Result<gazette::report::ReportConfig> {
        if self.reading.jobs == Some(0) {
            return Err(Error::usage("--jobs must be at least 1"));
        }
        Ok(gazette::report::ReportConfig {
            inputs: self.paths,
            out: self.out,
            gazetteers: self.gazetteer.extra,
            no_default_gazetteer: self.gazetteer.no_default_gazetteer,
            jobs: self.reading.jobs.unwrap_or(0),
            max_file_size: self.reading.max_file_size,
            follow_symlinks: self.reading.follow_symlinks,
            limits: gazette::report::Limits {
                max_docs: self.max_docs,
                max_text_bytes: usize::try_from(self.max_text).unwrap_or(usize::MAX),
            },
        })
    }
}
