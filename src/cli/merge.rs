//! `gazette merge`: its arguments, and the run that combines the output folders
//! of shard runs with the run's gazetteer.
//!
//! The merging is the library's ([`gazette::merge()`]); the gazetteer is
//! loaded, never compiled (merging reads tables, not articles).

use std::path::PathBuf;

use clap::Args;

use gazette::{Format, MergeOptions, Result};

use super::extract::FormatArg;
use super::{GazetteerArgs, Outcome};

/// Options of `gazette merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Output folders of the shard runs.
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// The merged output folder.
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,
    /// Formats to write, comma-separated [default: the formats the shards wrote].
    /// Each comes from a shard format that holds it exactly: CSV from CSV or
    /// xlsx, xlsx from xlsx or plain CSV, json and jsonl from either.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub format: Vec<FormatArg>,
    /// CSV for Excel, as `extract --excel` writes it (the default when the
    /// shards' CSV is).
    #[arg(long)]
    pub excel: bool,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

/// Runs `merge`: shard folders into one.
pub fn run(args: MergeArgs) -> Result<Outcome> {
    let gazetteer = args.gazetteer.load()?;
    let options = MergeOptions {
        formats: (!args.format.is_empty())
            .then(|| args.format.iter().map(|f| Format::from(*f)).collect()),
        excel: args.excel,
    };
    gazette::merge(&args.dirs, &args.out, &gazetteer, &options)?;
    Ok(Outcome::Done)
}
