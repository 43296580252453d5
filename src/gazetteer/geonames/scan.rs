//! Pass 1 of an import ([`Scan::run`]): streams the dump once, filters every row
//! with the rules, and keeps only 64-bit hashes of each kept place's alias keys to
//! settle which place owns each key (its own name first, then the most populous). Memory grows with the
//! number of aliases kept, never with the size of the input. Malformed lines are
//! counted, not errors. The answers about the file as a whole (not a GeoNames
//! dump, lines skipped) are here too.
//!
//! It does not write anything: pass 2 is [`Scan::write`] (see `write`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::parse::{for_each_line, parse_line, BadLine};
use super::rules::Rules;
use super::{ImportError, Options, Stats};
use crate::gazetteer::Gazetteer;

/// One place kept by pass 1: its id, population and alias key hashes (name first).
struct Kept {
    geonameid: u64,
    population: u64,
    keys: Box<[u64]>,
}

/// The result of pass 1 over a dump: which places are written and which place owns
/// each alias key. [`Scan::write`] is pass 2.
#[derive(Debug)]
pub struct Scan {
    /// The dump (read again by pass 2).
    pub(super) path: PathBuf,
    /// The filters, applied again by pass 2.
    pub(super) rules: Rules,
    /// Per place kept by the filters, in file order: its geonameid and whether its
    /// name is its own (only then is it written).
    pub(super) places: Vec<(u64, bool)>,
    /// Alias key hash → index in `places` of the place that owns it.
    pub(super) owners: HashMap<u64, u32>,
    /// The counts of pass 1.
    pub(super) stats: Stats,
}

impl Scan {
    /// Pass 1: reads the dump at `path`, filters it with `options`, and settles
    /// which place owns each alias key (a place whose own name it is, else the
    /// most populous; the first in the file on a tie). Names and aliases that `known` (the gazetteer the output will be used
    /// with) already has are left out. Malformed lines are counted in the stats,
    /// not errors.
    pub(super) fn run(
        path: &Path,
        options: &Options,
        known: &Gazetteer,
    ) -> Result<Scan, ImportError> {
        let rules = Rules::new(options, known);
        let mut stats = Stats::default();
        let mut kept: Vec<Kept> = Vec::new();
        for_each_line(path, |number, line| {
            stats.lines += 1;
            let row = match line.and_then(parse_line) {
                Ok(row) => row,
                Err(error) => {
                    stats.skipped += 1;
                    if stats.first_skipped.is_none() {
                        stats.first_skipped = Some(BadLine {
                            file: path.to_path_buf(),
                            line: number,
                            error,
                        });
                    }
                    return Ok(());
                }
            };
            stats.rows += 1;
            if let Some(reason) = rules.keep(&row) {
                stats.place_left_out(reason, &row);
                return Ok(());
            }
            let planned = rules.plan(&row, &mut |reason, alias| {
                stats.alias_left_out(reason, alias, &row)
            });
            match planned {
                Ok(p) => {
                    let keys = std::iter::once(p.name_hash)
                        .chain(p.aliases.iter().map(|a| a.hash))
                        .collect();
                    kept.push(Kept {
                        geonameid: row.geonameid,
                        population: row.population,
                        keys,
                    });
                }
                Err(reason) => stats.place_left_out(reason, &row),
            }
            Ok(())
        })?;
        if kept.len() > u32::MAX as usize {
            return Err(ImportError::TooManyPlaces);
        }
        // A key goes to a place whose own name it is before any place that lists
        // it as an alternate (New Delhi's name beats Delhi's alternate "New
        // Delhi", Venice's beats an alternate of Dayton), then to the most
        // populous; the first in the file on a tie.
        let rank = |place: &Kept, key: u64| (place.keys[0] == key, place.population);
        let owners_of = |alive: &dyn Fn(usize) -> bool| {
            let mut owners: HashMap<u64, u32> = HashMap::new();
            for (i, place) in kept.iter().enumerate().filter(|(i, _)| alive(*i)) {
                for &k in place.keys.iter() {
                    owners
                        .entry(k)
                        .and_modify(|o| {
                            if rank(&kept[*o as usize], k) < rank(place, k) {
                                *o = i as u32;
                            }
                        })
                        .or_insert(i as u32);
                }
            }
            owners
        };
        // Round 1: every key to its owner. A place whose own name went to another
        // (a more populous place of the same name) is left out; an alternate never
        // takes a place's own name away. Round 2 shares the keys again among the
        // places that are left, so that no key is lost to a place that is not
        // written.
        let first = owners_of(&|_| true);
        let alive: Vec<bool> = kept
            .iter()
            .enumerate()
            .map(|(i, p)| first.get(&p.keys[0]) == Some(&(i as u32)))
            .collect();
        drop(first);
        let owners = owners_of(&|i| alive[i]);
        let places = kept
            .iter()
            .zip(&alive)
            .map(|(p, &a)| (p.geonameid, a))
            .collect();
        Ok(Scan {
            path: path.to_path_buf(),
            rules,
            places,
            owners,
            stats,
        })
    }

    /// The counts of pass 1 (pass 2 adds what it writes to a copy).
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// When not a single line parsed as a GeoNames row: the error to report.
    pub fn not_geonames(&self) -> Option<ImportError> {
        if self.stats.rows > 0 {
            return None;
        }
        Some(match &self.stats.first_skipped {
            Some(first) => ImportError::NotGeonames {
                lines: self.stats.lines,
                first: first.clone(),
            },
            None => ImportError::NoRows {
                file: self.path.clone(),
            },
        })
    }

    /// The warning about malformed lines skipped, if any: how many, and the first.
    pub fn skipped_warning(&self) -> Option<String> {
        let first = self.stats.first_skipped.as_ref()?;
        Some(format!(
            "{} malformed line{} skipped, first at {first}",
            self.stats.skipped,
            if self.stats.skipped == 1 { "" } else { "s" },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_geonames_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        std::fs::write(&path, "id,name\n1,Paris\n").unwrap();
        let scan = Scan::run(&path, &Options::default(), &Gazetteer::new()).unwrap();
        let message = scan.not_geonames().unwrap().to_string();
        assert!(message.contains("not a GeoNames dump"), "{message}");
        assert!(message.contains("x.csv:1:"), "{message}");
        std::fs::write(&path, "# only a comment\n").unwrap();
        let scan = Scan::run(&path, &Options::default(), &Gazetteer::new()).unwrap();
        let message = scan.not_geonames().unwrap().to_string();
        assert!(message.contains("no GeoNames rows"), "{message}");
    }

    #[test]
    fn an_alternate_never_takes_a_place_its_own_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dump.txt");
        let place = |id, name, alternates, population| {
            crate::gazetteer::geonames::testing::line(
                id, name, alternates, "P", "IN", "07", population,
            ) + "\n"
        };
        let dump = [
            place(1, "Delhi", "New Delhi,Dilli", 11_000_000),
            place(2, "New Delhi", "", 317_000),
            // Two places of one name: the smaller one is still left out.
            place(3, "Springfield", "", 150_000),
            place(4, "Springfield", "", 60_000),
        ]
        .concat();
        std::fs::write(&path, dump).unwrap();
        let scan = Scan::run(&path, &Options::default(), &Gazetteer::new()).unwrap();
        assert_eq!(
            scan.places,
            vec![(1, true), (2, true), (3, true), (4, false)]
        );
        let owners: std::collections::HashSet<u32> = scan.owners.values().copied().collect();
        assert!(owners.contains(&1), "New Delhi owns its name: {owners:?}");
    }
}
