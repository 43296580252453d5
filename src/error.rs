//! The library's error type for fatal errors (usage, gazetteer, output).
//!
//! Errors that concern a single input document are not errors of the run: they
//! become that document's `status`/`error` columns (see [`crate::document`]) and
//! the batch goes on. This module only covers what stops a run before or after
//! the documents are processed. The typed errors of the parts (the automaton's
//! [`BuildError`], the GeoNames import's [`ImportError`]) convert into [`Error`]
//! with `?`, keeping their messages.

use std::fmt;
use std::io;

use crate::automaton::BuildError;
use crate::gazetteer::geonames::ImportError;

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
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
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
            source: Some(Box::new(err)),
        }
    }

    /// An I/O error while writing an output file.
    pub fn output(path: &std::path::Path, err: io::Error) -> Self {
        Error {
            kind: ErrorKind::Output,
            message: format!("cannot write {}: {}", path.display(), err),
            source: Some(Box::new(err)),
        }
    }

    /// The broad kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Whether this is a broken pipe on standard output (a reader went away).
    pub fn is_broken_pipe(&self) -> bool {
        self.source
            .as_deref()
            .and_then(|e| e.downcast_ref::<io::Error>())
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for Error {
    /// The message, with control characters escaped (it may name a file).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&escape_controls(&self.message))
    }
}

/// `s` fit for a terminal or a log line: control characters are escaped as
/// `\n`, `\r`, `\t`, `\x1b` (other C0 controls and DEL as `\xNN`, C1 controls
/// and the bidirectional overrides as `\u{NNNN}`), as `ls -b` does, so that a
/// file name cannot forge a line of output or drive the terminal. Borrowed when
/// there is nothing to escape.
pub fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    let special =
        |c: char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(special) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x80 && special(c) => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if special(c) => out.push_str(&format!("\\u{{{:04x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl Error {
    /// An error of `kind` whose message is `err`'s, kept as the source.
    fn wrap(kind: ErrorKind, err: impl std::error::Error + Send + Sync + 'static) -> Self {
        Error {
            kind,
            message: err.to_string(),
            source: Some(Box::new(err)),
        }
    }
}

impl From<BuildError> for Error {
    /// A gazetteer error: the matcher cannot compile the gazetteer.
    fn from(err: BuildError) -> Self {
        Error {
            kind: ErrorKind::Gazetteer,
            message: format!("gazetteer: cannot compile: {err}"),
            source: Some(Box::new(err)),
        }
    }
}

impl From<ImportError> for Error {
    /// I/O errors as [`Error::input`] and [`Error::output`]; a dump that is not
    /// GeoNames or changed while read is an input error, bad `--out` values and too
    /// many places are usage errors.
    fn from(err: ImportError) -> Self {
        match err {
            ImportError::Read { file, source } => Error::input(&file, source),
            ImportError::Write { file, source } => Error::output(&file, source),
            e @ (ImportError::NotGeonames { .. }
            | ImportError::NoRows { .. }
            | ImportError::Changed { .. }) => Error::wrap(ErrorKind::Input, e),
            e @ (ImportError::TooManyPlaces
            | ImportError::OutNotAFile { .. }
            | ImportError::OutIsInput) => Error::wrap(ErrorKind::Usage, e),
        }
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    #[test]
    fn typed_errors_keep_their_messages_and_kinds() {
        let e = Error::from(BuildError::TooManyStates { states: 9 });
        assert_eq!(e.kind(), ErrorKind::Gazetteer);
        assert_eq!(
            e.to_string(),
            "gazetteer: cannot compile: 9 states are too many"
        );
        let e = Error::from(ImportError::Changed {
            file: PathBuf::from("d.txt"),
        });
        assert_eq!(e.kind(), ErrorKind::Input);
        assert_eq!(
            e.to_string(),
            "d.txt: the file changed while it was being read"
        );
        let e = Error::from(ImportError::OutIsInput);
        assert_eq!(e.kind(), ErrorKind::Usage);
        assert!(std::error::Error::source(&e).is_some());
    }

    #[test]
    fn control_characters_in_messages_are_escaped() {
        assert_eq!(escape_controls("plain/بكين.md"), "plain/بكين.md");
        assert_eq!(
            escape_controls("a\nb\r\tc\x1b[31md\x7f\u{85}\u{202E}"),
            "a\\nb\\r\\tc\\x1b[31md\\x7f\\u{0085}\\u{202e}"
        );
        let e = Error::input(
            Path::new("in/x\ngazette: forged.md"),
            io::Error::other("no"),
        );
        assert_eq!(e.to_string(), "in/x\\ngazette: forged.md: no");
    }

    #[test]
    fn a_broken_pipe_stays_a_broken_pipe() {
        let e = Error::from(ImportError::Write {
            file: PathBuf::from("<stdout>"),
            source: io::Error::from(io::ErrorKind::BrokenPipe),
        });
        assert_eq!(e.kind(), ErrorKind::Output);
        assert!(e.is_broken_pipe());
        assert!(!Error::input(Path::new("x"), io::Error::other("no")).is_broken_pipe());
    }
}
