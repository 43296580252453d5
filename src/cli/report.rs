//! `gazette report`: its arguments, their validation into a
//! [`ReportConfig`], and the run with its failed documents on stderr.
//!
//! The page is the library's ([`gazette::report::report`]).

use std::path::PathBuf;

use clap::Args;

use gazette::report::{Limits, ReportConfig};
use gazette::Result;

use super::{parse_size, GazetteerArgs, Outcome, ReadArgs, SelectArgs};

/// Options of `gazette report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Markdown files or folders (as for `extract`), or one output folder of
    /// `gazette extract` (it has a gazette.run), whose tables are read instead
    /// of extracting again.
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
    #[command(flatten)]
    pub select: SelectArgs,
    /// Put only the first N documents on the page (the summary counts all)
    /// [default: all].
    #[arg(long, value_name = "N")]
    pub max_docs: Option<usize>,
    /// Show at most this much of each document's text (bytes; K, M, G suffixes).
    #[arg(long, value_name = "SIZE", default_value = "200K", value_parser = parse_size)]
    pub max_text: u64,
    /// With an output folder: the folder its documents' relative paths start
    /// from (where `extract` ran) [default: the current folder].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

impl ReportArgs {
    /// Validates the arguments into a library config.
    pub fn into_config(self) -> Result<ReportConfig> {
        self.reading.validate()?;
        Ok(ReportConfig {
            inputs: self.paths,
            out: self.out,
            gazetteers: self.gazetteer.extra,
            no_default_gazetteer: self.gazetteer.no_default_gazetteer,
            world_cities: self.gazetteer.world_cities,
            jobs: self.reading.jobs.unwrap_or(0),
            max_file_size: self.reading.max_file_size,
            select: self.select.selection(&self.reading),
            limits: Limits {
                max_docs: self.max_docs.unwrap_or(usize::MAX),
                max_text_bytes: usize::try_from(self.max_text).unwrap_or(usize::MAX),
            },
            root: self.root,
        })
    }
}

/// Runs `report`; failed documents are reported on stderr (exit 1), the page is
/// written all the same.
pub fn run(args: ReportArgs) -> Result<Outcome> {
    let config = args.into_config()?;
    let summary = gazette::report::report(&config)?;
    super::gazetteer::print_load_warnings(&summary.gazetteer_warnings);
    // As for `extract`: no file found is a warning, exit 0 (an empty page).
    if summary.documents == 0
        && !config
            .inputs
            .iter()
            .any(|p| gazette::report::is_output_folder(p))
    {
        eprintln!("{}", super::no_files_warning(&config.inputs));
    }
    Ok(super::print_failures(&summary))
}
