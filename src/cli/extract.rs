//! `gazette extract`: its arguments, their validation into an
//! [`ExtractConfig`], the run over files and folders with its end-of-run summary
//! on stderr, and the `--stdin-jsonl` streaming entry.
//!
//! The extraction itself is the library's ([`gazette::extract`],
//! [`gazette::stream::run`]); nothing here reads an article.

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, ValueEnum};

use gazette::{ExtractConfig, Format, Result, Summary};

use super::{GazetteerArgs, Outcome, ReadArgs, SelectArgs};

/// Options of `gazette extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Markdown files or folders (folders are searched recursively for .md,
    /// .markdown, .mdx, .mdown and .mkd files, as ripgrep walks them: skipping
    /// what .gitignore and .ignore files list and hidden entries; a file named here
    /// is read whatever its extension).
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
    #[command(flatten)]
    pub select: SelectArgs,
    /// Print nothing but errors on stderr (no progress bar, no summary).
    #[arg(short, long)]
    pub quiet: bool,
    /// CSV for Excel: UTF-8 byte order mark, CRLF line ends, and a leading
    /// apostrophe on cells that start with = + - @ tab or CR (no live formulas).
    #[arg(long)]
    pub excel: bool,
    /// Output formats, comma-separated. The CSV tables by default: no bigger
    /// than the articles on a typical blog, where gazette.json, with every key
    /// written for every mention, is larger than the articles themselves.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [FormatArg::Csv])]
    pub format: Vec<FormatArg>,
}

/// Output formats on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// documents, mentions, links, facts, entities and translations .csv
    Csv,
    /// gazette.json
    Json,
    /// gazette.jsonl (one document per line)
    Jsonl,
    /// gazette.xlsx (a sheet per table)
    Xlsx,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Xlsx => Format::Xlsx,
        }
    }
}

impl ExtractArgs {
    /// Validates the arguments into a library config.
    pub fn into_config(self) -> Result<ExtractConfig> {
        self.reading.validate()?;
        let mut formats: Vec<Format> = Vec::new();
        for f in self.format.into_iter().map(Format::from) {
            if !formats.contains(&f) {
                formats.push(f);
            }
        }
        Ok(ExtractConfig {
            inputs: self.paths,
            out_dir: self.out.unwrap_or_else(|| PathBuf::from("-")),
            gazetteers: self.gazetteer.extra,
            no_default_gazetteer: self.gazetteer.no_default_gazetteer,
            world_cities: self.gazetteer.world_cities,
            jobs: self.reading.jobs.unwrap_or(0),
            max_file_size: self.reading.max_file_size,
            select: self.select.selection(&self.reading),
            formats,
            excel: self.excel,
            progress: !self.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr()),
            shard: self.shard,
        })
    }
}

/// Runs `extract`; failed documents are reported on stderr, the summary only on
/// a terminal (not with --quiet).
pub fn run(args: ExtractArgs) -> Result<Outcome> {
    if args.stdin_jsonl {
        return run_stream(&args);
    }
    let quiet = args.quiet;
    let config = args.into_config()?;
    let summary = gazette::extract(&config)?;
    // Not an error (ripgrep exits 1 for "no match"; an empty folder is a valid
    // input with empty tables): a warning, exit 0.
    if !quiet {
        super::gazetteer::print_load_warnings(&summary.gazetteer_warnings);
    }
    if summary.documents == 0 && !quiet {
        eprintln!("{}", super::no_files_warning(&config.inputs));
    }
    let outcome = super::print_failures(&summary);
    if config.progress {
        print_summary(&summary);
        if config.out_dir.as_os_str() != "-" {
            eprintln!("{}", written_to(&config));
        }
    }
    Ok(outcome)
}

/// The last end-of-run line: where the tables went.
fn written_to(config: &ExtractConfig) -> String {
    let names: Vec<&str> = config
        .formats
        .iter()
        .map(|f| match f {
            Format::Csv => "CSV tables",
            Format::Json => "gazette.json",
            Format::Jsonl => "gazette.jsonl",
            Format::Xlsx => "gazette.xlsx",
            _ => "tables",
        })
        .collect();
    format!(
        "gazette: wrote {} to {}",
        names.join(", "),
        gazette::escape_controls(&config.out_dir.display().to_string())
    )
}

/// The end-of-run lines on stderr: counts and throughput, then the most
/// mentioned entities (when any).
fn print_summary(summary: &Summary) {
    let secs = summary.elapsed.as_secs_f64();
    eprintln!(
        "gazette: {} documents ({} ok, {} failed), {} mentions, {} links in {:.2}s ({:.1} MB/s)",
        summary.documents,
        summary.ok,
        summary.failed,
        summary.mentions,
        summary.links,
        secs,
        summary.bytes as f64 / 1e6 / secs.max(1e-9),
    );
    if summary.top_entities.is_empty() {
        return;
    }
    let mut top = String::new();
    for (i, (name, n)) in summary.top_entities.iter().enumerate() {
        let sep = if i == 0 { "" } else { ", " };
        top.push_str(&format!("{sep}{name} ({n})"));
    }
    eprintln!("gazette: top entities: {top}");
}

/// `extract --stdin-jsonl`: JSON Lines from stdin to stdout.
fn run_stream(args: &ExtractArgs) -> Result<Outcome> {
    args.reading.validate()?;
    let matcher = args.gazetteer.load_matcher()?;
    if !args.quiet {
        super::gazetteer::print_load_warnings(matcher.gazetteer().warnings());
    }
    let extractor = gazette::Extractor::new(Arc::new(matcher));
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let out = std::io::BufWriter::new(stdout.lock());
    let summary = gazette::extract_jsonl(
        stdin.lock(),
        out,
        &extractor,
        args.reading.jobs.unwrap_or(0),
    )?;
    Ok(Outcome::of_run(&summary))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_k_of_n_with_k_below_n() {
        assert_eq!(parse_shard("0/4"), Ok((0, 4)));
        assert_eq!(parse_shard(" 3 / 4 "), Ok((3, 4)));
        for s in ["4/4", "0/0", "1", "a/2", "1/b", "-1/2", ""] {
            let e = parse_shard(s).expect_err(s);
            assert!(e.contains("is not a shard K/N"), "{e}");
        }
    }

    /// The config of `gazette extract ARGS...`.
    fn config_of(args: &[&str]) -> ExtractConfig {
        use clap::Parser;
        let cli = super::super::Cli::try_parse_from(["gazette", "extract"].iter().chain(args));
        let Ok(super::super::Cli {
            command: super::super::Command::Extract(args),
        }) = cli
        else {
            panic!("extract parses: {cli:?}");
        };
        args.into_config().expect("valid arguments")
    }

    #[test]
    fn repeated_formats_are_kept_once_in_order() {
        let config = config_of(&["x", "--out", "o", "--format", "jsonl,csv,jsonl"]);
        assert_eq!(config.formats, [Format::Jsonl, Format::Csv]);
    }

    #[test]
    fn the_end_summary_says_where_the_tables_went() {
        let config = config_of(&["x", "--out", "out\ndir", "--format", "csv,xlsx"]);
        assert_eq!(
            written_to(&config),
            "gazette: wrote CSV tables, gazette.xlsx to out\\ndir"
        );
    }

    #[test]
    fn the_help_names_every_csv_table() {
        use clap::CommandFactory;
        let mut cmd = super::super::Cli::command();
        let help = cmd
            .find_subcommand_mut("extract")
            .expect("extract")
            .render_long_help()
            .to_string();
        assert!(
            help.contains("documents, mentions, links, facts, entities and translations"),
            "{help}"
        );
    }
}
