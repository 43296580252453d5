//! Import of GeoNames dumps into a gazetteer CSV (`gazette gazetteer import-geonames`).
//!
//! Reads the GeoNames tab-separated dump format (`cities15000.txt`, `cities1000.txt`,
//! `allCountries.txt`: 19 columns, see <https://download.geonames.org/export/dump/readme.txt>)
//! and writes one gazetteer row per place: id `city:gn<geonameid>` (`place:gn<geonameid>`
//! for feature classes other than P), the `name` column as the name, the country code,
//! and the attributes `geonameid`, `population`, `latitude`, `longitude` and
//! `feature_code`. Alternate names become aliases after junk filtering (codes, URLs,
//! romanization junk, hiragana readings, duplicates, country and state names,
//! frequent English and Arabic words, short aliases of small places); Latin-script
//! names and aliases go to `exact` (case-sensitive: "Nice" the city, not "a nice
//! day"), other scripts to `ar`, `zh`, `ja`, `hi` or `other`. A Latin name that is a
//! common English word or very short, for a small place ("Of", Turkey), goes to
//! `ambiguous` with the country's English name as its `context`. Every normalized
//! alias key is given to one place only (a place whose own name it is before one
//! that lists it as an alternate, then the most populous), so the output passes
//! `gazette gazetteer check` without collision errors; keys that another gazetteer
//! (by default the built-in one) already has are left out.
//!
//! The input is streamed line by line, twice: pass 1 ([`scan`]) filters and keeps
//! only 64-bit hashes of each kept place's alias keys to settle who owns what; pass 2
//! ([`Scan::write`]) reads the file again and writes the rows. Memory grows with the
//! number of aliases kept, never with the size of the input. Malformed lines are
//! skipped and counted (the first one is reported with its line).
//!
//! The parts:
//! - this file: the entry point [`scan`], the [`Options`] and the errors
//!   ([`ImportError`], [`FeatureClassError`]);
//! - `parse`: reading the dump's lines and columns ([`parse_line`], [`LineError`],
//!   [`BadLine`]);
//! - `rules`: which places and which aliases are kept, in which column, and whether
//!   a name is exact or ambiguous ([`junk_reason`], [`column_for`], ...);
//! - `scan`: pass 1, sharing the alias keys out between places ([`Scan`]);
//! - `write`: pass 2, the gazetteer CSV ([`HEADER`]) and the atomic output file;
//! - `stats`: the counts and the summary ([`Stats`]);
//! - `tables`: data only (countries, US states, continents, common words).
//!
//! It does not download anything, read from standard input (the file is read twice),
//! read the other GeoNames tables (alternateNamesV2, admin codes, countryInfo), keep
//! the administrative hierarchy, or tell languages apart within a script.

mod parse;
mod rules;
mod scan;
mod stats;
mod tables;
mod write;

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

pub use parse::{parse_line, BadLine, LineError, Row, COLUMNS};
pub use rules::{
    column_for, country_names, is_hiragana, is_short, junk_reason, Column, BIG_POPULATION,
    HUGE_POPULATION,
};
pub use scan::Scan;
pub use stats::Stats;
pub use write::HEADER;

use super::Gazetteer;

/// The default of [`Options::min_alias_population`].
pub const DEFAULT_MIN_ALIAS_POPULATION: u64 = 5_000;

/// What to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Places with a smaller population are left out (0 keeps all).
    pub min_population: u64,
    /// GeoNames feature classes kept (`P` populated places, `A` areas, ...); empty
    /// keeps every class.
    pub feature_classes: Vec<String>,
    /// At most this many aliases per place besides its name (0: no limit).
    pub max_aliases: usize,
    /// Places with a smaller population keep their name only, no alternate names
    /// (0: every place keeps its aliases).
    pub min_alias_population: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            min_population: 0,
            feature_classes: vec!["P".to_string()],
            max_aliases: 0,
            min_alias_population: DEFAULT_MIN_ALIAS_POPULATION,
        }
    }
}

/// Pass 1: reads the dump at `path`, filters it with `options`, and settles which
/// place owns each alias key (a place whose own name it is, else the most
/// populous; the first in the file on a tie).
/// Names and aliases that `known` (the gazetteer the output will be used with)
/// already has are left out. Malformed lines are counted in the stats, not errors.
pub fn scan(path: &Path, options: &Options, known: &Gazetteer) -> Result<Scan, ImportError> {
    Scan::run(path, options, known)
}

/// Why a `--feature-class` value is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FeatureClassError {
    /// This item is not one of the GeoNames feature classes.
    NotAClass(String),
    /// No class was given.
    Empty,
}

impl fmt::Display for FeatureClassError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FeatureClassError::NotAClass(part) => write!(
                f,
                "`{part}` is not a GeoNames feature class (A H L P R S T U V, or `any`)"
            ),
            FeatureClassError::Empty => {
                f.write_str("give a feature class such as P, a list such as P,A, or `any`")
            }
        }
    }
}

impl std::error::Error for FeatureClassError {}

/// Reads a `--feature-class` value: `any` (every class: an empty list), or
/// comma-separated GeoNames classes, upper-cased and without duplicates.
pub fn feature_classes(s: &str) -> Result<Vec<String>, FeatureClassError> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("any") {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let class = part.to_ascii_uppercase();
        if !matches!(
            class.as_str(),
            "A" | "H" | "L" | "P" | "R" | "S" | "T" | "U" | "V"
        ) {
            return Err(FeatureClassError::NotAClass(part.to_string()));
        }
        if !out.contains(&class) {
            out.push(class);
        }
    }
    if out.is_empty() {
        return Err(FeatureClassError::Empty);
    }
    Ok(out)
}

/// [`feature_classes`] with the message as the error, for command-line value
/// parsers that take a `String` error.
pub fn parse_feature_classes(s: &str) -> Result<Vec<String>, String> {
    feature_classes(s).map_err(|e| e.to_string())
}

/// Why an import stops. Converts into [`crate::Error`] (with the same message).
#[derive(Debug)]
#[non_exhaustive]
pub enum ImportError {
    /// The dump cannot be opened or read.
    Read {
        /// The dump.
        file: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// Not one line of the dump is a GeoNames row.
    NotGeonames {
        /// The data lines read (neither blank nor comments).
        lines: u64,
        /// The first of them, and why it is not a GeoNames row.
        first: BadLine,
    },
    /// The dump has no data lines (it is empty, or only blank lines and comments).
    NoRows {
        /// The dump.
        file: PathBuf,
    },
    /// The dump changed between pass 1 and pass 2.
    Changed {
        /// The dump.
        file: PathBuf,
    },
    /// Pass 1 kept more places than it can number (32 bits).
    TooManyPlaces,
    /// `--out` does not end in a file name.
    OutNotAFile {
        /// The path given.
        path: PathBuf,
    },
    /// `--out` is the dump itself.
    OutIsInput,
    /// The output cannot be written.
    Write {
        /// The output file (`<stdout>` for standard output).
        file: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Read { file, source } => write!(f, "{}: {source}", file.display()),
            ImportError::NotGeonames { lines, first } => write!(
                f,
                "{}: not a GeoNames dump: none of its {lines} lines is a GeoNames row \
                 (first at {first})",
                first.file.display()
            ),
            ImportError::NoRows { file } => write!(
                f,
                "{}: no GeoNames rows (the file is empty or only comments)",
                file.display()
            ),
            ImportError::Changed { file } => write!(
                f,
                "{}: the file changed while it was being read",
                file.display()
            ),
            ImportError::TooManyPlaces => f.write_str(
                "more than 4 billion places: filter with --min-population or --feature-class",
            ),
            ImportError::OutNotAFile { path } => {
                write!(f, "--out {}: not a file name", path.display())
            }
            ImportError::OutIsInput => f.write_str("--out must not be the input file"),
            ImportError::Write { file, source } => {
                write!(f, "cannot write {}: {source}", file.display())
            }
        }
    }
}

impl std::error::Error for ImportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ImportError::Read { source, .. } | ImportError::Write { source, .. } => Some(source),
            ImportError::NotGeonames { first, .. } => Some(first),
            _ => None,
        }
    }
}

/// Helpers of the unit tests of every part.
#[cfg(test)]
mod testing {
    /// A dump line: geonameid, name, alternate names, feature class, country,
    /// admin1, population.
    pub(super) fn line(
        id: u64,
        name: &str,
        alts: &str,
        class: &str,
        cc: &str,
        a1: &str,
        pop: u64,
    ) -> String {
        format!(
            "{id}\t{name}\t{name}\t{alts}\t10.5\t-20.25\t{class}\tPPL\t{cc}\t\t{a1}\t\t\t\t{pop}\t\t5\tEtc/UTC\t2024-01-01"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_classes_parse() {
        assert_eq!(parse_feature_classes("P").unwrap(), ["P"]);
        assert_eq!(parse_feature_classes("p, a,P").unwrap(), ["P", "A"]);
        assert!(parse_feature_classes("any").unwrap().is_empty());
        assert!(parse_feature_classes("X").is_err());
        assert!(parse_feature_classes(",").is_err());
        assert_eq!(
            feature_classes("P,x"),
            Err(FeatureClassError::NotAClass("x".into()))
        );
        assert_eq!(feature_classes(" , "), Err(FeatureClassError::Empty));
    }

    #[test]
    fn import_errors_name_the_file() {
        let e = ImportError::NotGeonames {
            lines: 2,
            first: BadLine {
                file: PathBuf::from("x.csv"),
                line: 1,
                error: LineError::Columns(1),
            },
        };
        assert_eq!(
            e.to_string(),
            "x.csv: not a GeoNames dump: none of its 2 lines is a GeoNames row \
             (first at x.csv:1: 1 tab-separated columns where GeoNames has 19)"
        );
        let e = ImportError::Changed {
            file: PathBuf::from("d.txt"),
        };
        assert_eq!(
            e.to_string(),
            "d.txt: the file changed while it was being read"
        );
    }
}
