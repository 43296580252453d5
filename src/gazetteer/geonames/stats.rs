//! The counts of an import ([`Stats`]): lines read, rows parsed, places and aliases
//! written per column, and what was left out, per reason with a first example; its
//! `Display` is the summary printed on standard error.
//!
//! It decides nothing: the reasons are the labels of `rules`.

use std::collections::BTreeMap;
use std::fmt;

use super::parse::{BadLine, Row};

/// Counts of an import: what was read, written and left out, and why.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Data lines read (neither blank nor `#` comments).
    pub lines: u64,
    /// Lines that parsed as GeoNames rows.
    pub rows: u64,
    /// Malformed lines skipped.
    pub skipped: u64,
    /// The first malformed line: file, number and what is wrong with it.
    pub first_skipped: Option<BadLine>,
    /// Places written.
    pub places: u64,
    /// Aliases written, names included, per column (`exact`, `ambiguous`, `ar`, ...;
    /// `name` for a non-Latin name, which is an alias by itself).
    pub aliases: BTreeMap<&'static str, u64>,
    /// Places left out, per reason: how many, and the first one.
    pub places_left_out: BTreeMap<&'static str, (u64, String)>,
    /// Aliases left out, per reason: how many, and the first one.
    pub aliases_left_out: BTreeMap<&'static str, (u64, String)>,
}

impl Stats {
    /// Every alias written, names included.
    pub fn alias_count(&self) -> u64 {
        self.aliases.values().sum()
    }

    /// Counts a place left out for `reason` (the first one is the example).
    pub(super) fn place_left_out(&mut self, reason: &'static str, row: &Row) {
        let e = self
            .places_left_out
            .entry(reason)
            .or_insert((0, String::new()));
        if e.0 == 0 {
            e.1 = format!("{} ({}, gn{})", row.name, row.country, row.geonameid);
        }
        e.0 += 1;
    }

    /// Counts an alias of `row` left out for `reason` (the first one is the example).
    pub(super) fn alias_left_out(&mut self, reason: &'static str, alias: &str, row: &Row) {
        let e = self
            .aliases_left_out
            .entry(reason)
            .or_insert((0, String::new()));
        if e.0 == 0 {
            e.1 = format!("`{alias}` of {}", row.name);
        }
        e.0 += 1;
    }
}

impl fmt::Display for Stats {
    /// A few lines for people: written, then left out with reasons and examples.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let columns: Vec<String> = self
            .aliases
            .iter()
            .map(|(c, n)| format!("{c} {n}"))
            .collect();
        writeln!(
            f,
            "{} places with {} aliases written ({}) from {} GeoNames rows",
            self.places,
            self.alias_count(),
            columns.join(", "),
            self.rows
        )?;
        for (label, map) in [
            ("places left out", &self.places_left_out),
            ("aliases left out", &self.aliases_left_out),
        ] {
            let total: u64 = map.values().map(|(n, _)| n).sum();
            if total == 0 {
                continue;
            }
            writeln!(f, "{label}: {total}")?;
            let mut by_count: Vec<_> = map.iter().collect();
            by_count.sort_by_key(|(reason, (n, _))| (std::cmp::Reverse(*n), **reason));
            for (reason, (n, example)) in by_count {
                writeln!(f, "  {n:>9}  {reason} (e.g. {example})")?;
            }
        }
        Ok(())
    }
}
