//! Reading a GeoNames dump: its lines (LF or CRLF, a UTF-8 byte order mark, blank
//! lines and `#` comments skipped) and the columns of one line ([`parse_line`]), with
//! typed errors for a malformed line ([`LineError`], and [`BadLine`] naming file
//! and line).
//!
//! It does not decide which places or aliases are kept (see `rules`), nor count
//! anything (see `stats`).

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use super::ImportError;

/// The number of tab-separated columns of a GeoNames dump line.
pub const COLUMNS: usize = 19;

/// One line of a GeoNames dump: the columns the import uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'a> {
    /// Column 1, the GeoNames id.
    pub geonameid: u64,
    /// Column 2, the name.
    pub name: &'a str,
    /// Column 3, the name in plain ASCII.
    pub asciiname: &'a str,
    /// Column 4, comma-separated alternate names.
    pub alternatenames: &'a str,
    /// Column 5, latitude in decimal degrees, as written.
    pub latitude: &'a str,
    /// Column 6, longitude in decimal degrees, as written.
    pub longitude: &'a str,
    /// Column 7, the feature class (`P`, `A`, ...).
    pub feature_class: &'a str,
    /// Column 8, the feature code (`PPL`, `PPLC`, ...).
    pub feature_code: &'a str,
    /// Column 9, the ISO 3166-1 country code.
    pub country: &'a str,
    /// Column 11, the first-level administrative code (the state in the US).
    pub admin1: &'a str,
    /// Column 15, the population (an empty cell reads as 0).
    pub population: u64,
}

/// What is wrong with one line of a dump. The cells quoted are cut to 40
/// characters (with `…`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LineError {
    /// The line has this many tab-separated columns, not [`COLUMNS`].
    Columns(usize),
    /// The geonameid cell is not a number.
    GeonameId(String),
    /// The name cell is empty.
    EmptyName,
    /// The latitude cell is not a number of degrees (at most 90).
    Latitude(String),
    /// The longitude cell is not a number of degrees (at most 180).
    Longitude(String),
    /// The population cell is not a whole number.
    Population(String),
    /// The line is not valid UTF-8.
    NotUtf8,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineError::Columns(n) => {
                write!(f, "{n} tab-separated columns where GeoNames has {COLUMNS}")
            }
            LineError::GeonameId(v) => write!(f, "geonameid `{v}` is not a number"),
            LineError::EmptyName => f.write_str("the name column is empty"),
            LineError::Latitude(v) => write!(f, "latitude `{v}` is not a number of degrees"),
            LineError::Longitude(v) => write!(f, "longitude `{v}` is not a number of degrees"),
            LineError::Population(v) => write!(f, "population `{v}` is not a whole number"),
            LineError::NotUtf8 => f.write_str("not valid UTF-8"),
        }
    }
}

impl std::error::Error for LineError {}

/// A malformed line of a dump file: `file:line: what is wrong`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    /// The dump file.
    pub file: PathBuf,
    /// The 1-based line number.
    pub line: u64,
    /// What is wrong with the line.
    pub error: LineError,
}

impl fmt::Display for BadLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.error)
    }
}

impl std::error::Error for BadLine {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// Splits one dump line (without its line end) into a [`Row`]; the error says what
/// is wrong with it.
pub fn parse_line(line: &str) -> Result<Row<'_>, LineError> {
    let mut cols = [""; COLUMNS];
    let mut n = 0;
    for (i, c) in line.split('\t').enumerate() {
        if i < COLUMNS {
            cols[i] = c.trim();
        }
        n = i + 1;
    }
    if n != COLUMNS {
        return Err(LineError::Columns(n));
    }
    let geonameid = cols[0]
        .parse::<u64>()
        .map_err(|_| LineError::GeonameId(clip(cols[0])))?;
    if cols[1].is_empty() {
        return Err(LineError::EmptyName);
    }
    let degrees = |v: &str, max: f64| {
        v.parse::<f64>()
            .is_ok_and(|x| x.is_finite() && x.abs() <= max)
    };
    if !degrees(cols[4], 90.0) {
        return Err(LineError::Latitude(clip(cols[4])));
    }
    if !degrees(cols[5], 180.0) {
        return Err(LineError::Longitude(clip(cols[5])));
    }
    let population = match cols[14] {
        "" => 0,
        p => p
            .parse::<u64>()
            .map_err(|_| LineError::Population(clip(p)))?,
    };
    Ok(Row {
        geonameid,
        name: cols[1],
        asciiname: cols[2],
        alternatenames: cols[3],
        latitude: cols[4],
        longitude: cols[5],
        feature_class: cols[6],
        feature_code: cols[7],
        country: cols[8],
        admin1: cols[10],
        population,
    })
}

/// At most 40 characters of a cell, for messages.
fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// Calls `f(line number, line)` for every line of `path` that is neither blank nor a
/// `#` comment, without its line end (LF or CRLF) and without a UTF-8 byte order mark;
/// a line that is not UTF-8 comes as `Err(LineError::NotUtf8)`.
pub(super) fn for_each_line(
    path: &Path,
    mut f: impl FnMut(u64, Result<&str, LineError>) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    let read_error = |e| ImportError::Read {
        file: path.to_path_buf(),
        source: e,
    };
    let file = File::open(path).map_err(read_error)?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut buf = Vec::with_capacity(4096);
    let mut number = 0u64;
    loop {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf).map_err(read_error)?;
        if n == 0 {
            return Ok(());
        }
        number += 1;
        let mut bytes = buf.as_slice();
        if number == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
        bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let line = std::str::from_utf8(bytes).map_err(|_| LineError::NotUtf8);
        if let Ok(s) = line {
            let t = s.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
        }
        f(number, line)?;
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::line;
    use super::*;

    #[test]
    fn parses_the_19_columns() {
        let text = line(1816670, "Beijing", "Peking,北京", "P", "CN", "22", 18960744);
        let row = parse_line(&text).unwrap();
        assert_eq!(row.geonameid, 1816670);
        assert_eq!(row.name, "Beijing");
        assert_eq!(row.alternatenames, "Peking,北京");
        assert_eq!(
            (row.feature_class, row.country, row.admin1),
            ("P", "CN", "22")
        );
        assert_eq!(row.population, 18960744);
        assert_eq!((row.latitude, row.longitude), ("10.5", "-20.25"));
        let empty_population = text.replace("\t18960744\t", "\t\t");
        assert_eq!(parse_line(&empty_population).unwrap().population, 0);
    }

    #[test]
    fn malformed_lines_say_what_is_wrong() {
        let err = |text: &str| parse_line(text).unwrap_err().to_string();
        let e = err("1\tA\tA\t\t1.0");
        assert!(e.contains("5 tab-separated columns"), "{e}");
        let good = line(7, "Town", "", "P", "FR", "", 100);
        let e = err(&good.replacen('7', "x7", 1));
        assert!(e.contains("geonameid `x7`"), "{e}");
        let e = err(&good.replace("\t100\t", "\tmany\t"));
        assert!(e.contains("population `many`"), "{e}");
        let e = err(&good.replace("\t10.5\t", "\tnorth\t"));
        assert!(e.contains("latitude"), "{e}");
        let e = err(&good.replace("\t-20.25\t", "\t200\t"));
        assert_eq!(e, "longitude `200` is not a number of degrees");
        let e = err(&good.replace("\tTown\tTown\t", "\t\tTown\t"));
        assert!(e.contains("name"), "{e}");
    }

    #[test]
    fn long_cells_are_cut_in_messages() {
        let good = line(7, "Town", "", "P", "FR", "", 100);
        let long = "9".repeat(30) + &"x".repeat(30);
        let e = parse_line(&good.replacen('7', &long, 1)).unwrap_err();
        let LineError::GeonameId(cell) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(cell.chars().count(), 41);
        assert!(cell.ends_with('…'));
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let bad = BadLine {
            file: PathBuf::from("dump.txt"),
            line: 3,
            error: LineError::EmptyName,
        };
        assert_eq!(bad.to_string(), "dump.txt:3: the name column is empty");
    }
}
