//! The `gazette` binary: parse the arguments, run the subcommand, map its outcome
//! to an exit code (0 ok, 1 some documents failed, 2 usage, gazetteer or output
//! error; a broken pipe exits quietly with 0) and print a fatal error.
//!
//! The subcommands, their arguments and their printing are in [`cli`]; the work
//! is the library's.

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command, Outcome};

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Extract(args) => cli::extract::run(args),
        Command::Eval(args) => cli::eval::run(args),
        Command::Gazetteer(cmd) => cli::gazetteer::run(cmd),
        Command::Merge(args) => cli::merge::run(args),
        Command::Report(args) => cli::report::run(args),
    };
    exit_code(result)
}

/// Exit 0 when done, 1 when some inputs failed, 2 on a fatal error (printed on
/// stderr); a broken pipe (`| head`) exits quietly with 0.
fn exit_code(result: gazette::Result<Outcome>) -> ExitCode {
    match result {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gazette: error: {e}");
            ExitCode::from(2)
        }
    }
}
