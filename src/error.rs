//! The library's error type for fatal errors (usage, gazetteer, output).
//!
//! Errors that concern a single input document are not errors of the run: they
//! become that document's `status`/`error` columns (see [`crate::document`]) and
//! the batch goes on. This module only covers what stops a run before or after
//! the documents are processed.

use std::fmt;
use std::io;

/// What went wrong, broadly; decides the exit code together with [`Error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Bad arguments or options.
    Usage,
    /// A gazetteer file is missing or malformed.
    Gazetteer,
    /// An input path given on the command line cannot be read at all.
    Input,
    /// An output file or folder cannot be created or written.
    Output,
}

/// A fatal error, with a message that names the file (and line) concerned.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    source: Option<io::Error>,
}

impl Error {
    /// A usage error (bad option values).
    pub fn usage(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Usage,
            message: message.into(),
            source: None,
        }
    }

    /// A gazetteer error at `file:line` (`line` 0 when it concerns the whole file).
    pub fn gazetteer(file: &str, line: u64, message: impl fmt::Display) -> Self {
        let message = if line > 0 {
            format!("{file}:{line}: {message}")
        } else {
            format!("{file}: {message}")
        };
        Error {
            kind: ErrorKind::Gazetteer,
            message,
            source: None,
        }
    }

    /// An I/O error on an input path.
    pub fn input(path: &std::path::Path, err: io::Error) -> Self {
        Error {
            kind: ErrorKind::Input,
            message: format!("{}: {}", path.display(), err),
            source: Some(err),
        }
    }

    /// An I/O error while writing an output file.
    pub fn output(path: &std::path::Path, err: io::Error) -> Self {
        Error {
            kind: ErrorKind::Output,
            message: format!("cannot write {}: {}", path.display(), err),
            source: Some(err),
        }
    }

    /// The broad kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Whether this is a broken pipe on standard output (a reader went away).
    pub fn is_broken_pipe(&self) -> bool {
        self.source
            .as_ref()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
