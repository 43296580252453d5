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
//! alias key is given to one place only, the most populous, so the output passes
//! `gazette gazetteer check` without collision errors; keys that another gazetteer
//! (by default the built-in one) already has are left out.
//!
//! The input is streamed line by line, twice: pass 1 ([`scan`]) filters and keeps
//! only 64-bit hashes of each kept place's alias keys to settle who owns what; pass 2
//! ([`Scan::write`]) reads the file again and writes the rows. Memory grows with the
//! number of aliases kept, never with the size of the input. Malformed lines are
//! skipped and counted (the first one is reported with its line).
//!
//! It does not download anything, read from standard input (the file is read twice),
//! read the other GeoNames tables (alternateNamesV2, admin codes, countryInfo), keep
//! the administrative hierarchy, or tell languages apart within a script.

mod tables;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::fs::{self, File};
use std::hash::{Hash, Hasher};
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use tables::{ARABIC_WORDS, COMMON_WORDS, CONTINENTS, COUNTRIES, US_STATES};

use super::{AliasRule, Gazetteer};
use crate::error::{Error, Result};
use crate::normalize::normalize_str;

/// The number of tab-separated columns of a GeoNames dump line.
pub const COLUMNS: usize = 19;

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

/// Places at least this big keep their short aliases (see [`is_short`]), and a short
/// Latin name stays `exact`; smaller places' short aliases are dropped and their
/// short Latin names become `ambiguous`: in small places' alternate names, short
/// ones are mostly ordinary words (文化 "culture", Park, Line, أن "that").
pub const BIG_POPULATION: u64 = 100_000;

/// Places at least this big keep a name that is a common English word as `exact`
/// (Phoenix); smaller ones get it as `ambiguous`.
pub const HUGE_POPULATION: u64 = 1_000_000;

/// Positions of the `ambiguous` and `context` columns in [`HEADER`].
const AMBIGUOUS: usize = 10;
const CONTEXT: usize = 11;

/// Why a place is left out (also the labels of [`Stats::places_left_out`]).
const P_POPULATION: &str = "below --min-population";
const P_CLASS: &str = "feature class not kept (--feature-class)";
const P_NAME: &str = "name too short or with a `|`";
const P_REGION: &str = "named like a country, continent or US state elsewhere";
const P_COMMON: &str = "named like a common English word, country unknown";
const P_KNOWN: &str = "name already in the other gazetteer (built-in or --gazetteer)";
const P_TAKEN: &str = "name already names a more populous place";

/// Why an alias is left out (also the labels of [`Stats::aliases_left_out`]).
const A_CHARS: &str = "contains = / ( ) | or similar";
const A_URL: &str = "URL or domain";
const A_LETTERS: &str = "no letters";
const A_SHORT: &str = "too short (2 characters, 3 in Latin script)";
const A_CODE: &str = "airport-like code (3-4 capitals)";
const A_LOWER: &str = "all-lowercase Latin (romanization)";
const A_REGION: &str = "country, continent or US state name";
const A_COMMON: &str = "common English or Arabic word";
const A_SMALL: &str = "place below --min-alias-population (name only)";
const A_SHORT_SMALL: &str = "short alias of a place under 100,000 people";
const A_HIRAGANA: &str = "hiragana only (a reading)";
const A_AMBIGUOUS: &str = "non-Latin alias of a place named like a common word";
const A_DUPLICATE: &str = "duplicate after normalization";
const A_KNOWN: &str = "already in the other gazetteer (built-in or --gazetteer)";
const A_MAX: &str = "over --max-aliases";
const A_TAKEN: &str = "names a more populous place";

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

/// Parses a `--feature-class` value: `any`, or comma-separated GeoNames classes.
pub fn parse_feature_classes(s: &str) -> std::result::Result<Vec<String>, String> {
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
            return Err(format!(
                "`{part}` is not a GeoNames feature class (A H L P R S T U V, or `any`)"
            ));
        }
        if !out.contains(&class) {
            out.push(class);
        }
    }
    if out.is_empty() {
        return Err("give a feature class such as P, a list such as P,A, or `any`".into());
    }
    Ok(out)
}

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

/// Splits one dump line (without its line end) into a [`Row`]; the error says what
/// is wrong with it.
pub fn parse_line(line: &str) -> std::result::Result<Row<'_>, String> {
    let mut cols = [""; COLUMNS];
    let mut n = 0;
    for (i, c) in line.split('\t').enumerate() {
        if i < COLUMNS {
            cols[i] = c.trim();
        }
        n = i + 1;
    }
    if n != COLUMNS {
        return Err(format!(
            "{n} tab-separated columns where GeoNames has {COLUMNS}"
        ));
    }
    let geonameid = cols[0]
        .parse::<u64>()
        .map_err(|_| format!("geonameid `{}` is not a number", clip(cols[0])))?;
    if cols[1].is_empty() {
        return Err("the name column is empty".into());
    }
    for (label, v, max) in [("latitude", cols[4], 90.0), ("longitude", cols[5], 180.0)] {
        let ok = v
            .parse::<f64>()
            .is_ok_and(|x| x.is_finite() && x.abs() <= max);
        if !ok {
            return Err(format!("{label} `{}` is not a number of degrees", clip(v)));
        }
    }
    let population = match cols[14] {
        "" => 0,
        p => p
            .parse::<u64>()
            .map_err(|_| format!("population `{}` is not a whole number", clip(p)))?,
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

/// The gazetteer column an alias is written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    /// `ar`: Arabic script.
    Ar,
    /// `zh`: Han characters without kana.
    Zh,
    /// `ja`: any kana.
    Ja,
    /// `hi`: Devanagari.
    Hi,
    /// `other`: Cyrillic, Greek, Hangul, Hebrew, Thai and every other script.
    Other,
    /// `exact`: Latin script, matched case-sensitively.
    Exact,
}

impl Column {
    /// The header name of the column.
    pub fn name(self) -> &'static str {
        match self {
            Column::Ar => "ar",
            Column::Zh => "zh",
            Column::Ja => "ja",
            Column::Hi => "hi",
            Column::Other => "other",
            Column::Exact => "exact",
        }
    }

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

/// The column for an alias, by the script of its first letter (as
/// [`super::check::script_of`]), except that any kana makes it Japanese.
pub fn column_for(alias: &str) -> Column {
    let kana = alias
        .chars()
        .any(|c| matches!(c as u32, 0x3041..=0x309F | 0x30A0..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F));
    if kana {
        return Column::Ja;
    }
    match super::check::script_of(alias) {
        "Latin" => Column::Exact,
        "Arabic" => Column::Ar,
        "Han" => Column::Zh,
        "Kana" => Column::Ja,
        "Devanagari" => Column::Hi,
        _ => Column::Other,
    }
}

/// Why an alias is junk whatever place it names, or `None`; `key` is its
/// normalization (`normalize_str(alias, true)`).
pub fn junk_reason(alias: &str, key: &str) -> Option<&'static str> {
    const ODD: &[char] = &[
        '=', '/', '\\', '(', ')', '[', ']', '{', '}', '<', '>', '|', '@', '#', '*', '_', ';', '?',
        '!', '+', '~', '^', '$', '%', '&', '"',
    ];
    if is_url(alias) {
        return Some(A_URL);
    }
    if alias
        .chars()
        .chain(key.chars())
        .any(|c| ODD.contains(&c) || c.is_control())
    {
        return Some(A_CHARS);
    }
    if !key.chars().any(char::is_alphabetic) {
        return Some(A_LETTERS);
    }
    let latin = column_for(alias) == Column::Exact;
    if key.chars().count() < if latin { 3 } else { 2 } {
        return Some(A_SHORT);
    }
    if (3..=4).contains(&alias.len()) && alias.bytes().all(|b| b.is_ascii_uppercase()) {
        return Some(A_CODE);
    }
    if latin && !alias.chars().any(char::is_uppercase) {
        return Some(A_LOWER);
    }
    None
}

/// Whether an alias is a URL or a bare domain name (`beijing.gov.cn`).
fn is_url(alias: &str) -> bool {
    let lower = alias.to_ascii_lowercase();
    if lower.contains("://") || lower.starts_with("www.") {
        return true;
    }
    let domain_chars = alias
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
    match alias.rsplit_once('.') {
        Some((head, tld)) => {
            domain_chars
                && !head.is_empty()
                && (2..=6).contains(&tld.len())
                && tld.bytes().all(|b| b.is_ascii_lowercase())
        }
        None => false,
    }
}

/// The English names of a country, `|`-separated, from its ISO code
/// (`TR` → `Turkey|Turkiye`); `None` for an unknown code.
pub fn country_names(code: &str) -> Option<String> {
    let names: Vec<&str> = COUNTRIES
        .iter()
        .filter(|(_, cc)| *cc == code)
        .map(|(name, _)| *name)
        .collect();
    (!names.is_empty()).then(|| names.join("|"))
}

/// What a region word is.
#[derive(Debug, Clone)]
enum Region {
    /// A country name, with the codes of the countries it names.
    Country(Vec<&'static str>),
    /// A US state, with its code.
    UsState(&'static str),
    /// A continent or world region.
    Continent,
}

/// The filters, built once per import.
#[derive(Debug)]
struct Rules {
    options: Options,
    regions: HashMap<String, Region>,
    common: HashSet<String>,
    arabic: HashSet<String>,
    /// Key hashes of the gazetteer the output will be used with.
    known: HashSet<u64>,
}

/// How the name of a place is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameRule {
    /// Not Latin: the name is a plain alias by itself.
    Plain,
    /// Latin: listed under `exact`.
    Exact,
    /// A common English word: listed under `ambiguous`, with the country as context.
    Ambiguous,
}

/// One alias of a planned place.
#[derive(Debug)]
struct PlannedAlias {
    text: String,
    column: Column,
    hash: u64,
}

/// A place that passed the filters, before keys are shared out.
#[derive(Debug)]
struct Planned {
    name_rule: NameRule,
    /// For an ambiguous name: the cue words that confirm it (the country's names).
    context: String,
    name_hash: u64,
    aliases: Vec<PlannedAlias>,
}

/// The 64-bit hash of a normalized alias key.
fn key_hash(key: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    key.hash(&mut h);
    h.finish()
}

impl Rules {
    fn new(options: &Options, known: &Gazetteer) -> Self {
        let mut regions: HashMap<String, Region> = HashMap::new();
        for (name, cc) in COUNTRIES {
            let key = normalize_str(name, true);
            if let Region::Country(codes) =
                regions.entry(key).or_insert(Region::Country(Vec::new()))
            {
                codes.push(cc);
            }
        }
        for (name, code) in US_STATES {
            regions
                .entry(normalize_str(name, true))
                .or_insert(Region::UsState(code));
        }
        for name in CONTINENTS {
            regions.insert(normalize_str(name, true), Region::Continent);
        }
        let known = known
            .entities()
            .iter()
            .flat_map(|e| &e.aliases)
            .filter(|a| !matches!(a.rule, AliasRule::Exclude | AliasRule::Cue))
            .map(|a| key_hash(&normalize_str(&a.text, true)))
            .collect();
        Rules {
            options: options.clone(),
            regions,
            common: COMMON_WORDS
                .iter()
                .map(|w| normalize_str(w, true))
                .collect(),
            arabic: ARABIC_WORDS
                .iter()
                .map(|w| normalize_str(w, true))
                .collect(),
            known,
        }
    }

    /// Why a place is left out before its aliases are looked at, or `None`.
    fn keep(&self, row: &Row) -> Option<&'static str> {
        if row.population < self.options.min_population {
            return Some(P_POPULATION);
        }
        let classes = &self.options.feature_classes;
        if !classes.is_empty() && !classes.iter().any(|c| c == row.feature_class) {
            return Some(P_CLASS);
        }
        None
    }

    /// Whether `key` is a region word that the place of `row` may not use as its
    /// name (`name`) or as an alias: a continent never, a country only as the name of
    /// a place in it (Singapore), a US state in that state or as a big city's name.
    fn region_forbids(&self, key: &str, row: &Row, name: bool) -> bool {
        match self.regions.get(key) {
            None => false,
            Some(Region::Continent) => true,
            Some(Region::Country(codes)) => !name || !codes.contains(&row.country),
            Some(Region::UsState(code)) => {
                row.country != "US" || (row.admin1 != *code && row.population < BIG_POPULATION)
            }
        }
    }

    /// Filters one row into a planned place; `dropped` is told every alias left out
    /// (reason, alias). The error is why the whole place is left out.
    fn plan(
        &self,
        row: &Row,
        dropped: &mut dyn FnMut(&'static str, &str),
    ) -> std::result::Result<Planned, &'static str> {
        let name_key = normalize_str(row.name, true);
        if row.name.contains('|') || name_key.chars().count() < 2 {
            return Err(P_NAME);
        }
        if self.region_forbids(&name_key, row, true) {
            return Err(P_REGION);
        }
        let latin = column_for(row.name) == Column::Exact;
        let word = latin
            && ((self.common.contains(&name_key) && row.population < HUGE_POPULATION)
                || (is_short(&name_key, Column::Exact) && row.population < BIG_POPULATION));
        let (name_rule, context) = if word {
            match country_names(row.country) {
                Some(c) => (NameRule::Ambiguous, c),
                None => return Err(P_COMMON),
            }
        } else if latin {
            (NameRule::Exact, String::new())
        } else {
            (NameRule::Plain, String::new())
        };
        let name_hash = key_hash(&name_key);
        if self.known.contains(&name_hash) {
            return Err(P_KNOWN);
        }
        let mut seen: HashSet<String> = HashSet::new();
        seen.insert(name_key);
        let mut aliases = Vec::new();
        let small = row.population < self.options.min_alias_population;
        let candidates = std::iter::once(row.asciiname).chain(row.alternatenames.split(','));
        for (i, alias) in candidates.map(str::trim).enumerate() {
            if alias.is_empty() {
                continue;
            }
            let key = normalize_str(alias, true);
            if i == 0 && seen.contains(&key) {
                continue; // the asciiname of an ASCII name: not worth counting
            }
            let column = column_for(alias);
            let hash = key_hash(&key);
            let reason = seen
                .contains(&key)
                .then_some(A_DUPLICATE)
                .or_else(|| small.then_some(A_SMALL))
                .or_else(|| junk_reason(alias, &key))
                .or_else(|| is_hiragana(alias).then_some(A_HIRAGANA))
                .or_else(|| self.region_forbids(&key, row, false).then_some(A_REGION))
                .or_else(|| {
                    (self.common.contains(&key) || self.arabic.contains(&key)).then_some(A_COMMON)
                })
                .or_else(|| {
                    (name_rule == NameRule::Ambiguous && column != Column::Exact)
                        .then_some(A_AMBIGUOUS)
                })
                .or_else(|| {
                    (is_short(&key, column) && row.population < BIG_POPULATION)
                        .then_some(A_SHORT_SMALL)
                })
                .or_else(|| self.known.contains(&hash).then_some(A_KNOWN))
                .or_else(|| {
                    (self.options.max_aliases > 0 && aliases.len() >= self.options.max_aliases)
                        .then_some(A_MAX)
                });
            if let Some(reason) = reason {
                dropped(reason, alias);
                continue;
            }
            seen.insert(key);
            aliases.push(PlannedAlias {
                text: alias.to_string(),
                column,
                hash,
            });
        }
        Ok(Planned {
            name_rule,
            context,
            name_hash,
            aliases,
        })
    }
}

/// Whether a normalized alias is short for its script, and so likely an ordinary
/// word: at most 4 letters or digits in Latin and other alphabets, 3 in Arabic
/// (after a leading ال) and Devanagari, 2 in Han and kana.
pub fn is_short(key: &str, column: Column) -> bool {
    let count = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).count();
    match column {
        Column::Zh | Column::Ja => count(key) <= 2,
        Column::Ar => count(key.strip_prefix("ال").unwrap_or(key)) <= 3,
        Column::Hi => count(key) <= 3,
        Column::Exact | Column::Other => count(key) <= 4,
    }
}

/// Whether an alias is written in hiragana only (with the prolonged sound mark):
/// GeoNames lists readings such as ちば for 千葉, which are ordinary Japanese text.
pub fn is_hiragana(alias: &str) -> bool {
    alias
        .chars()
        .all(|c| matches!(c as u32, 0x3041..=0x309F | 0x30FC))
}

/// Counts of an import: what was read, written and left out, and why.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Data lines read (neither blank nor `#` comments).
    pub lines: u64,
    /// Lines that parsed as GeoNames rows.
    pub rows: u64,
    /// Malformed lines skipped.
    pub skipped: u64,
    /// The first malformed line: its number and what is wrong with it.
    pub first_skipped: Option<(u64, String)>,
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

    fn place_left_out(&mut self, reason: &'static str, row: &Row) {
        let e = self
            .places_left_out
            .entry(reason)
            .or_insert((0, String::new()));
        if e.0 == 0 {
            e.1 = format!("{} ({}, gn{})", row.name, row.country, row.geonameid);
        }
        e.0 += 1;
    }

    fn alias_left_out(&mut self, reason: &'static str, alias: &str, row: &Row) {
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
    path: PathBuf,
    rules: Rules,
    /// Per place kept by the filters, in file order: its geonameid and whether its
    /// name is its own (only then is it written).
    places: Vec<(u64, bool)>,
    /// Alias key hash → index in `places` of the place that owns it.
    owners: HashMap<u64, u32>,
    stats: Stats,
}

/// Calls `f(line number, line)` for every line of `path` that is neither blank nor a
/// `#` comment, without its line end (LF or CRLF) and without a UTF-8 byte order mark;
/// a line that is not UTF-8 comes as `Err(reason)`.
fn for_each_line(
    path: &Path,
    mut f: impl FnMut(u64, std::result::Result<&str, String>) -> Result<()>,
) -> Result<()> {
    let file = File::open(path).map_err(|e| Error::input(path, e))?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut buf = Vec::with_capacity(4096);
    let mut number = 0u64;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::input(path, e))?;
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
        let line = match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s),
            Err(_) => Err("not valid UTF-8".to_string()),
        };
        if let Ok(s) = line {
            let t = s.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
        }
        f(number, line)?;
    }
}

/// Pass 1: reads the dump at `path`, filters it with `options`, and settles which
/// place owns each alias key (the most populous; the first in the file on a tie).
/// Names and aliases that `known` (the gazetteer the output will be used with)
/// already has are left out. Malformed lines are counted in the stats, not errors.
pub fn scan(path: &Path, options: &Options, known: &Gazetteer) -> Result<Scan> {
    let rules = Rules::new(options, known);
    let mut stats = Stats::default();
    let mut kept: Vec<Kept> = Vec::new();
    for_each_line(path, |number, line| {
        stats.lines += 1;
        let row = match line.and_then(parse_line) {
            Ok(row) => row,
            Err(reason) => {
                stats.skipped += 1;
                if stats.first_skipped.is_none() {
                    stats.first_skipped = Some((number, reason));
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
        return Err(Error::usage(
            "more than 4 billion places: filter with --min-population or --feature-class",
        ));
    }
    let owners_of = |alive: &dyn Fn(usize) -> bool| {
        let mut owners: HashMap<u64, u32> = HashMap::new();
        for (i, place) in kept.iter().enumerate().filter(|(i, _)| alive(*i)) {
            for &k in place.keys.iter() {
                owners
                    .entry(k)
                    .and_modify(|o| {
                        if kept[*o as usize].population < place.population {
                            *o = i as u32;
                        }
                    })
                    .or_insert(i as u32);
            }
        }
        owners
    };
    // Round 1: every key to the most populous place that has it. A place whose own
    // name went to another is left out; round 2 shares the keys again among the
    // places that are left, so that no key is lost to a place that is not written.
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

impl Scan {
    /// The counts of pass 1 (pass 2 adds what it writes to a copy).
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// When not a single line parsed as a GeoNames row: the error to report.
    pub fn not_geonames(&self) -> Option<String> {
        if self.stats.rows > 0 {
            return None;
        }
        let file = self.path.display();
        Some(match &self.stats.first_skipped {
            Some((line, reason)) => format!(
                "{file}: not a GeoNames dump: none of its {} lines is a GeoNames row \
                 (first at {file}:{line}: {reason})",
                self.stats.lines
            ),
            None => format!("{file}: no GeoNames rows (the file is empty or only comments)"),
        })
    }

    /// The warning about malformed lines skipped, if any: how many, and the first.
    pub fn skipped_warning(&self) -> Option<String> {
        let (line, reason) = self.stats.first_skipped.as_ref()?;
        Some(format!(
            "{} malformed line{} skipped, first at {}:{line}: {reason}",
            self.stats.skipped,
            if self.stats.skipped == 1 { "" } else { "s" },
            self.path.display()
        ))
    }

    /// Pass 2: reads the dump again and writes the gazetteer CSV to `out`
    /// (`out_name` names it in errors); returns the full counts.
    pub fn write<W: Write>(&self, out: W, out_name: &Path) -> Result<Stats> {
        let io_err = |e: csv::Error| {
            let e = match e.into_kind() {
                csv::ErrorKind::Io(e) => e,
                other => io::Error::other(format!("{other:?}")),
            };
            Error::output(out_name, e)
        };
        let changed = || {
            Error::input(
                &self.path,
                io::Error::other("the file changed while it was being read"),
            )
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
        w.flush().map_err(|e| Error::output(out_name, e))?;
        Ok(stats)
    }

    /// Pass 2 into a file, atomically: written to a temporary file beside it, which
    /// replaces `path` only when complete (its folder is created when missing).
    pub fn write_file(&self, path: &Path) -> Result<Stats> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = path
            .file_name()
            .ok_or_else(|| Error::usage(format!("--out {}: not a file name", path.display())))?;
        if let (Ok(a), Ok(b)) = (fs::canonicalize(path), fs::canonicalize(&self.path)) {
            if a == b {
                return Err(Error::usage("--out must not be the input file"));
            }
        }
        fs::create_dir_all(dir).map_err(|e| Error::output(path, e))?;
        let tmp = dir.join(format!(
            ".{}.{}.tmp",
            name.to_string_lossy(),
            std::process::id()
        ));
        let result = File::create(&tmp)
            .map_err(|e| Error::output(&tmp, e))
            .and_then(|file| {
                let mut out = BufWriter::new(file);
                let stats = self.write(&mut out, path)?;
                let file = out
                    .into_inner()
                    .map_err(|e| Error::output(path, e.into_error()))?;
                file.sync_all().map_err(|e| Error::output(path, e))?;
                Ok(stats)
            })
            .and_then(|stats| {
                fs::rename(&tmp, path).map_err(|e| Error::output(path, e))?;
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
    use super::*;

    /// A dump line: geonameid, name, alternate names, feature class, country,
    /// admin1, population.
    fn line(id: u64, name: &str, alts: &str, class: &str, cc: &str, a1: &str, pop: u64) -> String {
        format!(
            "{id}\t{name}\t{name}\t{alts}\t10.5\t-20.25\t{class}\tPPL\t{cc}\t\t{a1}\t\t\t\t{pop}\t\t5\tEtc/UTC\t2024-01-01"
        )
    }

    /// Plans one line with the default options and no other gazetteer: the place
    /// (or why it is left out) and the aliases left out, with reasons.
    fn plan(
        text: &str,
    ) -> (
        std::result::Result<Planned, &'static str>,
        Vec<(&'static str, String)>,
    ) {
        plan_with(text, &Options::default(), &Gazetteer::new())
    }

    fn plan_with(
        text: &str,
        options: &Options,
        known: &Gazetteer,
    ) -> (
        std::result::Result<Planned, &'static str>,
        Vec<(&'static str, String)>,
    ) {
        let rules = Rules::new(options, known);
        let row = parse_line(text).unwrap();
        let mut dropped = Vec::new();
        let planned = rules.plan(&row, &mut |r, a| dropped.push((r, a.to_string())));
        (planned, dropped)
    }

    fn kept(p: &Planned) -> Vec<(&str, Column)> {
        p.aliases
            .iter()
            .map(|a| (a.text.as_str(), a.column))
            .collect()
    }

    fn reason(alias: &str) -> Option<&'static str> {
        junk_reason(alias, &normalize_str(alias, true))
    }

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
        let e = parse_line("1\tA\tA\t\t1.0").unwrap_err();
        assert!(e.contains("5 tab-separated columns"), "{e}");
        let good = line(7, "Town", "", "P", "FR", "", 100);
        let e = parse_line(&good.replacen('7', "x7", 1)).unwrap_err();
        assert!(e.contains("geonameid `x7`"), "{e}");
        let e = parse_line(&good.replace("\t100\t", "\tmany\t")).unwrap_err();
        assert!(e.contains("population `many`"), "{e}");
        let e = parse_line(&good.replace("\t10.5\t", "\tnorth\t")).unwrap_err();
        assert!(e.contains("latitude"), "{e}");
        let e = parse_line(&good.replace("\tTown\tTown\t", "\t\tTown\t")).unwrap_err();
        assert!(e.contains("name"), "{e}");
    }

    #[test]
    fn too_short_aliases_are_junk() {
        assert_eq!(reason("Ub"), Some(A_SHORT), "Latin needs 3 characters");
        assert_eq!(reason("京"), Some(A_SHORT));
        assert_eq!(reason("빈"), Some(A_SHORT));
        assert_eq!(reason("北京"), None);
        assert_eq!(reason("Nis"), None);
    }

    #[test]
    fn aliases_without_letters_are_junk() {
        assert_eq!(reason("1"), Some(A_LETTERS));
        assert_eq!(reason("54"), Some(A_LETTERS));
        assert_eq!(reason("75001"), Some(A_LETTERS));
        assert_eq!(reason("Paris 2"), None);
    }

    #[test]
    fn airport_like_codes_are_junk() {
        for code in ["PEK", "ZBAA", "NCE", "AUH"] {
            assert_eq!(reason(code), Some(A_CODE), "{code}");
        }
        assert_eq!(reason("PEKING"), None, "longer capitals are a name");
        assert_eq!(reason("Pek"), None);
    }

    #[test]
    fn urls_and_domains_are_junk() {
        assert_eq!(reason("https://en.wikipedia.org/wiki/Beijing"), Some(A_URL));
        assert_eq!(reason("www.marrakech.ma"), Some(A_URL));
        assert_eq!(reason("abudhabi.ae"), Some(A_URL));
        assert_eq!(reason("St. Louis"), None);
        assert_eq!(reason("Mt.Kenya"), None);
    }

    #[test]
    fn odd_characters_are_junk() {
        for alias in [
            "esukarudesu=engorudani jiao qu",
            "Beijing (city)",
            "Abu Dhabi/Abu Zabi",
            "Nice|Nizza",
            "エスカルデス＝エンゴルダニ教区",
        ] {
            assert_eq!(reason(alias), Some(A_CHARS), "{alias}");
        }
        assert_eq!(reason("N'Djamena"), None);
        assert_eq!(reason("Saint-Denis"), None);
    }

    #[test]
    fn all_lowercase_latin_is_romanization_junk() {
        assert_eq!(reason("lai sai si ka er de-en ge er da"), Some(A_LOWER));
        assert_eq!(reason("bei jing"), Some(A_LOWER));
        assert_eq!(reason("les Escaldes"), None, "one capital is enough");
        assert_eq!(reason("пекин"), None, "only Latin romanizations");
    }

    #[test]
    fn aliases_go_to_columns_by_script() {
        assert_eq!(column_for("Peking"), Column::Exact);
        assert_eq!(column_for("Pékin"), Column::Exact);
        assert_eq!(column_for("بكين"), Column::Ar);
        assert_eq!(column_for("北京"), Column::Zh);
        assert_eq!(column_for("ペキン"), Column::Ja);
        assert_eq!(column_for("東京タワー"), Column::Ja, "any kana is Japanese");
        assert_eq!(column_for("बीजिंग"), Column::Hi);
        assert_eq!(column_for("Пекин"), Column::Other);
        assert_eq!(column_for("베이징"), Column::Other);
        assert_eq!(column_for("Πεκίνο"), Column::Other);
    }

    #[test]
    fn duplicates_after_normalization_are_dropped() {
        let text = line(
            3448439,
            "São Paulo",
            "Sao Paulo,SÃO PAULO,São-Paulo,Sampa,サンパウロ,サンパウロ",
            "P",
            "BR",
            "27",
            12_000_000,
        );
        let (p, dropped) = plan(&text);
        let p = p.unwrap();
        assert_eq!(p.name_rule, NameRule::Exact);
        assert_eq!(
            kept(&p),
            [("Sampa", Column::Exact), ("サンパウロ", Column::Ja)]
        );
        let dups = dropped.iter().filter(|(r, _)| *r == A_DUPLICATE).count();
        assert_eq!(dups, 4, "{dropped:?}");
    }

    #[test]
    fn countries_continents_and_us_states() {
        let (p, _) = plan(&line(3530757, "China", "", "P", "MX", "19", 8997));
        assert_eq!(
            p.unwrap_err(),
            P_REGION,
            "a town named like another country"
        );
        let (p, _) = plan(&line(1880252, "Singapore", "", "P", "SG", "00", 5_638_700));
        assert!(p.is_ok(), "a city named like its own country");
        let (p, dropped) = plan(&line(
            3530597,
            "Mexico City",
            "Mexico,Asia",
            "P",
            "MX",
            "09",
            12_000_000,
        ));
        assert!(kept(&p.unwrap()).is_empty());
        assert!(dropped.iter().all(|(r, _)| *r == A_REGION), "{dropped:?}");
        let (p, _) = plan(&line(4350049, "California", "", "P", "US", "MD", 11857));
        assert_eq!(p.unwrap_err(), P_REGION, "not in California");
        let (p, _) = plan(&line(
            5128581,
            "New York City",
            "New York",
            "P",
            "US",
            "NY",
            8_804_190,
        ));
        assert_eq!(kept(&p.unwrap()), [("New York", Column::Exact)]);
        let (p, _) = plan(&line(4140963, "Washington", "", "P", "US", "DC", 689_545));
        assert!(p.is_ok(), "a big city named like a state");
    }

    #[test]
    fn common_english_words_become_ambiguous_names() {
        let (p, dropped) = plan(&line(
            740483,
            "Of",
            "March,Ofis,أوف",
            "P",
            "TR",
            "61",
            24573,
        ));
        let p = p.unwrap();
        assert_eq!(p.name_rule, NameRule::Ambiguous);
        assert_eq!(p.context, "Turkey|Turkiye");
        assert!(kept(&p).is_empty());
        let reasons: Vec<&str> = dropped.iter().map(|(r, _)| *r).collect();
        assert_eq!(reasons, [A_COMMON, A_SHORT_SMALL, A_AMBIGUOUS]);
        let (p, _) = plan(&line(5308655, "Phoenix", "", "P", "US", "AZ", 1_600_000));
        assert_eq!(
            p.unwrap().name_rule,
            NameRule::Exact,
            "a huge city keeps its name"
        );
        let (p, _) = plan(&line(1, "Java", "", "P", "XX", "", 426));
        assert_eq!(p.unwrap_err(), P_COMMON, "no country to confirm it");
    }

    #[test]
    fn frequent_arabic_words_are_dropped() {
        let (p, dropped) = plan(&line(
            703448,
            "Kyiv",
            "كييف,كيف",
            "P",
            "UA",
            "12",
            2_900_000,
        ));
        assert_eq!(kept(&p.unwrap()), [("كييف", Column::Ar)]);
        assert_eq!(dropped, [(A_COMMON, "كيف".to_string())]);
    }

    #[test]
    fn small_places_lose_short_aliases_and_short_names() {
        let (p, dropped) = plan(&line(
            8405734,
            "Wenhua",
            "文化,文化镇,Wen",
            "P",
            "CN",
            "33",
            12435,
        ));
        let p = p.unwrap();
        assert_eq!(p.name_rule, NameRule::Exact);
        assert_eq!(kept(&p), [("文化镇", Column::Zh)]);
        assert!(
            dropped.contains(&(A_SHORT_SMALL, "文化".to_string())),
            "{dropped:?}"
        );
        let (p, _) = plan(&line(3, "Bath", "巴斯", "P", "GB", "ENG", 88_859));
        let p = p.unwrap();
        assert_eq!(p.name_rule, NameRule::Ambiguous, "4 letters, small place");
        assert!(p.context.contains("United Kingdom"), "{}", p.context);
        let (p, _) = plan(&line(
            2990440,
            "Nice",
            "Nica,尼斯",
            "P",
            "FR",
            "93",
            342_669,
        ));
        let p = p.unwrap();
        assert_eq!(p.name_rule, NameRule::Exact, "big enough");
        assert_eq!(kept(&p), [("Nica", Column::Exact), ("尼斯", Column::Zh)]);
    }

    #[test]
    fn hiragana_readings_are_dropped() {
        assert!(is_hiragana("ちば"));
        assert!(!is_hiragana("千葉"));
        assert!(!is_hiragana("チバ"));
        let (p, dropped) = plan(&line(
            2113015,
            "Chiba",
            "千葉,ちば,チバ",
            "P",
            "JP",
            "04",
            919_729,
        ));
        assert_eq!(
            kept(&p.unwrap()),
            [("千葉", Column::Zh), ("チバ", Column::Ja)]
        );
        assert_eq!(dropped, [(A_HIRAGANA, "ちば".to_string())]);
    }

    #[test]
    fn population_limits_and_max_aliases() {
        let text = line(
            9,
            "Smallville",
            "Petite Ville,Kleinstadt",
            "P",
            "US",
            "KS",
            4000,
        );
        let (p, dropped) = plan(&text);
        assert!(kept(&p.unwrap()).is_empty(), "name only under 5,000");
        assert!(dropped.iter().all(|(r, _)| *r == A_SMALL));
        let options = Options {
            min_alias_population: 0,
            max_aliases: 1,
            ..Options::default()
        };
        let (p, dropped) = plan_with(&text, &options, &Gazetteer::new());
        assert_eq!(kept(&p.unwrap()), [("Petite Ville", Column::Exact)]);
        assert_eq!(dropped, [(A_MAX, "Kleinstadt".to_string())]);
        let rules = Rules::new(
            &Options {
                min_population: 5000,
                ..Options::default()
            },
            &Gazetteer::new(),
        );
        assert_eq!(rules.keep(&parse_line(&text).unwrap()), Some(P_POPULATION));
        let mountain = line(10, "Mont Blanc", "", "T", "FR", "", 9000);
        assert_eq!(rules.keep(&parse_line(&mountain).unwrap()), Some(P_CLASS));
    }

    #[test]
    fn feature_classes_parse() {
        assert_eq!(parse_feature_classes("P").unwrap(), ["P"]);
        assert_eq!(parse_feature_classes("p, a,P").unwrap(), ["P", "A"]);
        assert!(parse_feature_classes("any").unwrap().is_empty());
        assert!(parse_feature_classes("X").is_err());
        assert!(parse_feature_classes(",").is_err());
    }

    #[test]
    fn names_and_aliases_of_the_other_gazetteer_are_left_out() {
        let mut known = Gazetteer::new();
        known
            .add_csv(
                "k.csv",
                "id,type,name,zh\ncity:beijing,city,Beijing,北京\ncity:x,city,Xland,桂林\n",
            )
            .unwrap();
        let options = Options::default();
        let (p, _) = plan_with(
            &line(1816670, "Beijing", "", "P", "CN", "22", 1),
            &options,
            &known,
        );
        assert_eq!(p.unwrap_err(), P_KNOWN);
        let text = line(1809498, "Guilin", "桂林,桂林市", "P", "CN", "16", 4_746_963);
        let (p, dropped) = plan_with(&text, &options, &known);
        assert_eq!(kept(&p.unwrap()), [("桂林市", Column::Zh)]);
        assert_eq!(dropped, [(A_KNOWN, "桂林".to_string())]);
    }

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
        let scan = scan(&path, &Options::default(), &Gazetteer::new()).unwrap();
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

    #[test]
    fn a_file_that_is_not_geonames_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        std::fs::write(&path, "id,name\n1,Paris\n").unwrap();
        let scan = scan(&path, &Options::default(), &Gazetteer::new()).unwrap();
        let message = scan.not_geonames().unwrap();
        assert!(message.contains("not a GeoNames dump"), "{message}");
        assert!(message.contains("x.csv:1:"), "{message}");
        std::fs::write(&path, "# only a comment\n").unwrap();
        let scan = super::scan(&path, &Options::default(), &Gazetteer::new()).unwrap();
        assert!(scan.not_geonames().unwrap().contains("no GeoNames rows"));
    }
}
