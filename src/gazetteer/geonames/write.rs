//! Pass 2 of an import ([`Scan::write`]): reads the dump again and writes one
//! gazetteer CSV row per place that owns its name, with the aliases it owns, in the
//! columns of [`HEADER`]; [`Scan::write_file`] writes atomically (a temporary file
//! beside the target, renamed when complete).
//!
//! It decides nothing about places or aliases: `rules` and `scan` did.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::Path;

use super::parse::{for_each_line, parse_line};
use super::rules::{Column, NameRule, A_TAKEN, P_TAKEN};
use super::{ImportError, Scan, Stats};

/// The header of the CSV written: the gazetteer columns, then the free attributes.
pub const HEADER: [&str; 19] = [
    "id",
    "type",
    "name",
    "aliases",
    "ar",
    "zh",
    "ja",
    "hi",
    "other",
    "exact",
    "ambiguous",
    "context",
    "exclude",
    "country",
    "geonameid",
    "population",
    "latitude",
    "longitude",
    "feature_code",
];

/// Positions of the `ambiguous` and `context` columns in [`HEADER`].
const AMBIGUOUS: usize = 10;
const CONTEXT: usize = 11;

/// The error of a failed write to `file`.
fn write_error(file: &Path) -> impl FnOnce(io::Error) -> ImportError {
    let file = file.to_path_buf();
    move |source| ImportError::Write { file, source }
}

impl Column {
    /// The position of the column in [`HEADER`].
    fn index(self) -> usize {
        match self {
            Column::Ar => 4,
            Column::Zh => 5,
            Column::Ja => 6,
            Column::Hi => 7,
            Column::Other => 8,
            Column::Exact => 9,
        }
    }
}

impl Scan {
    /// Pass 2: reads the dump again and writes the gazetteer CSV to `out`
    /// (`out_name` names it in errors); returns the full counts.
    pub fn write<W: Write>(&self, out: W, out_name: &Path) -> Result<Stats, ImportError> {
        let io_err = |e: csv::Error| {
            write_error(out_name)(match e.into_kind() {
                csv::ErrorKind::Io(e) => e,
                other => io::Error::other(format!("{other:?}")),
            })
        };
        let changed = || ImportError::Changed {
            file: self.path.clone(),
        };
        let mut stats = self.stats.clone();
        let mut w = csv::Writer::from_writer(out);
        w.write_record(HEADER).map_err(io_err)?;
        let mut index = 0usize;
        for_each_line(&self.path, |_, line| {
            let Ok(row) = line.and_then(parse_line) else {
                return Ok(());
            };
            if self.rules.keep(&row).is_some() {
                return Ok(());
            }
            let Ok(planned) = self.rules.plan(&row, &mut |_, _| {}) else {
                return Ok(());
            };
            let i = index;
            index += 1;
            match self.places.get(i) {
                Some(&(id, _)) if id != row.geonameid => return Err(changed()),
                None => return Err(changed()),
                Some(&(_, false)) => {
                    stats.place_left_out(P_TAKEN, &row);
                    return Ok(());
                }
                Some(_) => {}
            }
            let mut cells: [String; HEADER.len()] = Default::default();
            let mut push = |column: usize, text: &str| {
                if !cells[column].is_empty() {
                    cells[column].push('|');
                }
                cells[column].push_str(text);
            };
            let name_column = match planned.name_rule {
                NameRule::Plain => "name",
                NameRule::Exact => {
                    push(Column::Exact.index(), row.name);
                    "exact"
                }
                NameRule::Ambiguous => {
                    push(AMBIGUOUS, row.name);
                    push(CONTEXT, &planned.context);
                    "ambiguous"
                }
            };
            *stats.aliases.entry(name_column).or_insert(0) += 1;
            for a in &planned.aliases {
                if self.owners.get(&a.hash) == Some(&(i as u32)) {
                    push(a.column.index(), &a.text);
                    *stats.aliases.entry(a.column.name()).or_insert(0) += 1;
                } else {
                    stats.alias_left_out(A_TAKEN, &a.text, &row);
                }
            }
            let kind = if row.feature_class == "P" {
                "city"
            } else {
                "place"
            };
            cells[0] = format!("{kind}:gn{}", row.geonameid);
            cells[1] = kind.to_string();
            cells[2] = row.name.to_string();
            cells[13] = row.country.to_string();
            cells[14] = row.geonameid.to_string();
            cells[15] = row.population.to_string();
            cells[16] = row.latitude.to_string();
            cells[17] = row.longitude.to_string();
            cells[18] = row.feature_code.to_string();
            let record = &cells;
            w.write_record(record).map_err(io_err)?;
            stats.places += 1;
            Ok(())
        })?;
        if index != self.places.len() {
            return Err(changed());
        }
        w.flush().map_err(write_error(out_name))?;
        Ok(stats)
    }

    /// Pass 2 into a file, atomically: written to a temporary file beside it, which
    /// replaces `path` only when complete (its folder is created when missing).
    pub fn write_file(&self, path: &Path) -> Result<Stats, ImportError> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = path.file_name().ok_or_else(|| ImportError::OutNotAFile {
            path: path.to_path_buf(),
        })?;
        if let (Ok(a), Ok(b)) = (fs::canonicalize(path), fs::canonicalize(&self.path)) {
            if a == b {
                return Err(ImportError::OutIsInput);
            }
        }
        fs::create_dir_all(dir).map_err(write_error(path))?;
        let tmp = dir.join(format!(
            ".{}.{}.tmp",
            name.to_string_lossy(),
            std::process::id()
        ));
        let result = File::create(&tmp)
            .map_err(write_error(&tmp))
            .and_then(|file| {
                let mut out = BufWriter::new(file);
                let stats = self.write(&mut out, path)?;
                let file = out
                    .into_inner()
                    .map_err(|e| write_error(path)(e.into_error()))?;
                file.sync_all().map_err(write_error(path))?;
                Ok(stats)
            })
            .and_then(|stats| {
                fs::rename(&tmp, path).map_err(write_error(path))?;
                Ok(stats)
            });
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::line;
    use super::super::Options;
    use super::*;
    use crate::gazetteer::Gazetteer;

    #[test]
    fn each_key_goes_to_the_most_populous_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dump.txt");
        let text = [
            line(
                4717560,
                "Paris",
                "Parizh,Lutetia Texana",
                "P",
                "US",
                "TX",
                24_782,
            ),
            line(
                2988507,
                "Paris",
                "Lutetia,Parigi",
                "P",
                "FR",
                "11",
                2_138_551,
            ),
            line(
                5,
                "Bigtown",
                "Lutetia Texana,Grande Ville",
                "P",
                "US",
                "TX",
                50_000,
            ),
        ]
        .join("\n");
        std::fs::write(&path, format!("\u{FEFF}# comment\r\n\r\n{text}\r\n")).unwrap();
        let scan = Scan::run(&path, &Options::default(), &Gazetteer::new()).unwrap();
        assert!(scan.not_geonames().is_none());
        assert_eq!(scan.stats().rows, 3);
        let mut out = Vec::new();
        let stats = scan.write(&mut out, Path::new("out.csv")).unwrap();
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3, "{out}");
        assert!(lines[1].starts_with("city:gn2988507,city,Paris,"), "{out}");
        assert!(lines[1].contains("Paris|Lutetia|Parigi"), "{out}");
        assert!(
            lines[2].contains("Bigtown|Lutetia Texana|Grande Ville"),
            "{out}"
        );
        assert_eq!(stats.places_left_out[P_TAKEN].0, 1);
        assert_eq!(stats.places, 2);
    }
}
