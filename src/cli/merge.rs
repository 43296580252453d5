//! `gazette merge`: its arguments, and the run that combines the output folders
//! of shard runs with the run's gazetteer.
//!
//! The merging is the library's ([`gazette::merge::merge`]); the gazetteer is
//! loaded, never compiled (merging reads tables, not articles).

use std::path::PathBuf;

use clap::Args;

use gazette::Result;

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
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

/// Runs `merge`: shard folders into one.
pub fn run(args: MergeArgs) -> Result<Outcome> {
    let gazetteer = args.gazetteer.load()?;
    gazette::merge(&args.dirs, &args.out, &gazetteer)?;
    Ok(Outcome::Done)
}
