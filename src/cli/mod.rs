//! The command line: the clap [`Cli`] and its [`Command`]s, the argument groups
//! several subcommands share (gazetteer selection, reading options, sizes), and
//! one file per subcommand with its arguments and its `run`.
//!
//! Only parsing, validation into library configs and printing live here; the
//! work is done by the library. Exit codes are `main`'s business: a `run` returns
//! an [`Outcome`] or a fatal error.

pub mod eval;
pub mod extract;
pub mod gazetteer;
pub mod merge;
pub mod report;

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use gazette::{Builtin, Error, Gazetteer, Matcher, Result, Summary};

/// gazette: cities, companies and AI models in folders of multilingual markdown
/// articles, as spreadsheet-ready tables.
#[derive(Debug, Parser)]
#[command(
    name = "gazette",
    version,
    about,
    long_about = None,
    after_help = "With --world-cities: world city data from GeoNames (geonames.org), CC BY 4.0."
)]
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
    Extract(extract::ExtractArgs),
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
    Eval(eval::EvalArgs),
    /// Combine the output folders of shard runs (--shard K/N) into one set of
    /// tables, identical to a single run over all the files.
    #[command(after_help = "\
Examples:
  for k in 0 1 2 3; do gazette extract posts/ --shard $k/4 --out out-$k/ & done; wait
  gazette merge out-0 out-1 out-2 out-3 --out out/")]
    Merge(merge::MergeArgs),
    /// Inspect gazetteer files: lint them, count aliases, export the alias list.
    #[command(subcommand)]
    Gazetteer(gazetteer::GazetteerCommand),
    /// Write one self-contained HTML page to review the results: a summary, the
    /// entities, and every document's text with its mentions highlighted, what
    /// was not searched greyed, its facts, links and translations; filters by
    /// type, entity, language and status.
    #[command(after_help = "\
Examples:
  gazette report samples/ --out report.html
  gazette extract posts/ --out out/ && gazette report out/ --out report.html
  gazette report posts/ --out review/report.html --max-docs 500 --max-text 64K

Given an output folder of `gazette extract` (alone), the page is built from its
tables; each text is read again from its file and shown only when unchanged.
The page loads nothing from the network (inline CSS, data and one script allowed
by its hash); text from articles is escaped and only http/https links are
clickable.

Exit codes: 0 every document processed, 1 some documents failed (the page is
still written, with each failed document's error), 2 usage, gazetteer or output
error.")]
    Report(report::ReportArgs),
}

/// How a subcommand that ran to its end went; `main` makes it the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything done (exit 0).
    Done,
    /// Done, but some inputs failed: documents, gazetteer lint errors, a file
    /// that is not a GeoNames dump (exit 1).
    Failed,
}

impl Outcome {
    /// [`Outcome::Failed`] when any document of the run failed.
    pub fn of_run(summary: &Summary) -> Self {
        if summary.failed > 0 {
            Outcome::Failed
        } else {
            Outcome::Done
        }
    }
}

/// Gazetteer selection, shared by the subcommands that match text.
#[derive(Debug, Args)]
pub struct GazetteerArgs {
    /// An extra gazetteer CSV file (repeatable).
    #[arg(long = "gazetteer", value_name = "FILE")]
    pub extra: Vec<PathBuf>,
    /// Leave out the built-in gazetteer (the world cities too).
    #[arg(long)]
    pub no_default_gazetteer: bool,
    /// Add the built-in world cities: every GeoNames place of 15,000 people or
    /// more, with its names in every script (GeoNames data, CC BY 4.0,
    /// geonames.org); the curated cities win where both name a place.
    #[arg(long, conflicts_with = "no_default_gazetteer")]
    pub world_cities: bool,
}

impl GazetteerArgs {
    /// The built-in gazetteer these flags choose.
    pub fn builtin(&self) -> Builtin {
        Builtin::from_flags(self.no_default_gazetteer, self.world_cities)
    }

    /// The gazetteer of a run (an empty one is a usage error), not compiled.
    pub fn load(&self) -> Result<Gazetteer> {
        gazette::load_gazetteer(&self.extra, self.builtin(), true)
    }

    /// The gazetteer of a run, compiled for matching.
    pub fn load_matcher(&self) -> Result<Matcher> {
        gazette::load_matcher(&self.extra, self.builtin())
    }
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

/// Which files of the folders given are read, as ripgrep picks them; shared by
/// `extract` and `report`. Files named on the command line are always read.
#[derive(Debug, Args)]
pub struct SelectArgs {
    /// Walk hidden files and folders too (names starting with `.`).
    #[arg(long)]
    pub hidden: bool,
    /// Read the files that .gitignore, .ignore and .git/info/exclude files leave out.
    #[arg(long)]
    pub no_ignore: bool,
    /// Only walk the paths matching GLOB (repeatable; ripgrep syntax, relative to
    /// each folder given, overriding ignore files); `!GLOB` excludes. Walked files
    /// still need a markdown extension.
    #[arg(short, long = "glob", value_name = "GLOB")]
    pub globs: Vec<String>,
    /// Skip the paths matching GLOB (repeatable; the same as --glob '!GLOB').
    #[arg(long = "exclude", value_name = "GLOB")]
    pub excludes: Vec<String>,
}

impl SelectArgs {
    /// The library's file selection from these flags and `--follow-symlinks`.
    pub fn selection(&self, reading: &ReadArgs) -> gazette::Selection {
        gazette::Selection {
            follow_symlinks: reading.follow_symlinks,
            hidden: self.hidden,
            no_ignore: self.no_ignore,
            globs: self.globs(),
        }
    }

    /// The globs in the library's form: the --glob ones in order, then each
    /// --exclude as `!GLOB` (later globs win, so excludes win over includes).
    pub fn globs(&self) -> Vec<String> {
        let excludes = self.excludes.iter().map(|g| format!("!{g}"));
        self.globs.iter().cloned().chain(excludes).collect()
    }
}

/// The warning for a run that found no file, naming its inputs and the
/// options that widen the selection.
pub fn no_files_warning(inputs: &[PathBuf]) -> String {
    let names: Vec<String> = inputs
        .iter()
        .map(|p| gazette::escape_controls(&p.to_string_lossy()).into_owned())
        .collect();
    format!(
        "gazette: no markdown files found in {} (see --hidden, --no-ignore, --glob)",
        names.join(", ")
    )
}

/// The most worker threads `--jobs` may ask for: 4 per core, and at least 256
/// (more threads only cost memory: every thread holds a batch of documents).
pub fn max_jobs() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.saturating_mul(4).max(256)
}

impl ReadArgs {
    /// Refuses `--jobs 0` (the library's 0 means "the default") and more than
    /// [`max_jobs`].
    pub fn validate(&self) -> Result<()> {
        match self.jobs {
            Some(0) => Err(Error::usage("--jobs must be at least 1")),
            Some(n) if n > max_jobs() => Err(Error::usage(format!(
                "--jobs {n} is too many: at most {} (4 per core, at least 256)",
                max_jobs()
            ))),
            _ => Ok(()),
        }
    }
}

/// Parses a size such as `16M`, `512K`, `1G` or `1000`.
pub fn parse_size(s: &str) -> std::result::Result<u64, String> {
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

/// Prints each failed document of a run on stderr, `gazette: PATH: ERROR` (with
/// control characters escaped: a file name must not forge a line or drive the
/// terminal), and says whether the run failed.
pub fn print_failures(summary: &Summary) -> Outcome {
    for (path, error) in &summary.failures {
        eprintln!("{}", failure_line(path, error));
    }
    Outcome::of_run(summary)
}

/// One line of [`print_failures`].
fn failure_line(path: &str, error: &str) -> String {
    format!(
        "gazette: {}: {}",
        gazette::escape_controls(path),
        gazette::escape_controls(error)
    )
}

/// A write error on standard output, as an output error (a closed pipe stays
/// recognisable: `main` exits quietly on it).
pub fn stdout_error(e: std::io::Error) -> Error {
    Error::output(Path::new("<stdout>"), e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_k_m_g_suffixes_in_either_case() {
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("512K"), Ok(512 << 10));
        assert_eq!(parse_size("16m"), Ok(16 << 20));
        assert_eq!(parse_size(" 1G "), Ok(1 << 30));
    }

    #[test]
    fn bad_sizes_are_refused_with_an_example() {
        for s in ["", "M", "1.5M", "-1", "1T", "99999999999G"] {
            let e = parse_size(s).expect_err(s);
            assert!(e.contains("is not a size (e.g. 16M, 512K, 1000)"), "{e}");
        }
    }

    #[test]
    fn jobs_are_bounded() {
        let args = |jobs| ReadArgs {
            jobs: Some(jobs),
            max_file_size: 1,
            follow_symlinks: false,
        };
        assert!(args(1).validate().is_ok());
        assert!(args(256).validate().is_ok());
        let e = args(20_000).validate().unwrap_err();
        assert_eq!(e.kind(), gazette::ErrorKind::Usage);
        assert!(e.to_string().contains("--jobs 20000 is too many"), "{e}");
        assert!(args(0).validate().is_err());
    }

    #[test]
    fn failure_lines_escape_control_characters() {
        assert_eq!(
            failure_line("in/a\ngazette: in/b.md: ok\x1b[2J.md", "binary file"),
            "gazette: in/a\\ngazette: in/b.md: ok\\x1b[2J.md: binary file"
        );
    }

    #[test]
    fn excludes_come_after_globs_as_negations() {
        let select = SelectArgs {
            hidden: false,
            no_ignore: false,
            globs: vec!["posts/**".into(), "!*.bak.md".into()],
            excludes: vec!["posts/old".into()],
        };
        assert_eq!(select.globs(), ["posts/**", "!*.bak.md", "!posts/old"]);
    }

    #[test]
    fn the_no_files_warning_names_the_inputs_and_the_options() {
        let inputs = [PathBuf::from("posts"), PathBuf::from("a\nb")];
        assert_eq!(
            no_files_warning(&inputs),
            "gazette: no markdown files found in posts, a\\nb (see --hidden, --no-ignore, --glob)"
        );
    }

    #[test]
    fn the_cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
