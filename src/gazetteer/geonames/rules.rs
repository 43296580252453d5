//! Which places and which aliases an import keeps, and how they are written: the
//! place filters (population, feature class, names of countries, continents and US
//! states, common words, names the other gazetteer has), the alias junk filters
//! ([`junk_reason`], hiragana readings, short aliases of small places, ...), the
//! column of an alias by script ([`column_for`]) and the exact/ambiguous decision
//! for a place's name. Every reason a place or an alias is left out is a label
//! here, as the summary prints it.
//!
//! It does not read files (see `parse`), share keys out between places (see
//! `scan`), or write CSV (see `write`).

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use super::parse::Row;
use super::tables::{ARABIC_WORDS, COMMON_WORDS, CONTINENTS, COUNTRIES, US_STATES};
use super::Options;
use crate::gazetteer::{AliasRule, Gazetteer};
use crate::normalize::normalize_str;
use crate::text::Script;

/// Places at least this big keep their short aliases (see [`is_short`]), and a short
/// Latin name stays `exact`; smaller places' short aliases are dropped and their
/// short Latin names become `ambiguous`: in small places' alternate names, short
/// ones are mostly ordinary words (文化 "culture", Park, Line, أن "that").
pub const BIG_POPULATION: u64 = 100_000;

/// Places at least this big keep a name that is a common English word as `exact`
/// (Phoenix); smaller ones get it as `ambiguous`.
pub const HUGE_POPULATION: u64 = 1_000_000;

/// Why a place is left out (also the labels of [`super::Stats::places_left_out`]).
pub(super) const P_POPULATION: &str = "below --min-population";
pub(super) const P_CLASS: &str = "feature class not kept (--feature-class)";
pub(super) const P_NAME: &str = "name too short or with a `|`";
pub(super) const P_REGION: &str = "named like a country, continent or US state elsewhere";
pub(super) const P_COMMON: &str = "named like a common English word, country unknown";
pub(super) const P_KNOWN: &str = "name already in the other gazetteer (built-in or --gazetteer)";
pub(super) const P_TAKEN: &str = "name already names a more populous place";

/// Why an alias is left out (also the labels of [`super::Stats::aliases_left_out`]).
pub(super) const A_CHARS: &str = "contains = / ( ) | or similar";
pub(super) const A_URL: &str = "URL or domain";
pub(super) const A_LETTERS: &str = "no letters";
pub(super) const A_SHORT: &str = "too short (2 characters, 3 in Latin script)";
pub(super) const A_CODE: &str = "airport-like code (3-4 capitals)";
pub(super) const A_LOWER: &str = "all-lowercase Latin (romanization)";
pub(super) const A_REGION: &str = "country, continent or US state name";
pub(super) const A_COMMON: &str = "common English or Arabic word";
pub(super) const A_SMALL: &str = "place below --min-alias-population (name only)";
pub(super) const A_SHORT_SMALL: &str = "short alias of a place under 100,000 people";
pub(super) const A_HIRAGANA: &str = "hiragana only (a reading)";
pub(super) const A_AMBIGUOUS: &str = "non-Latin alias of a place named like a common word";
pub(super) const A_DUPLICATE: &str = "duplicate after normalization";
pub(super) const A_KNOWN: &str = "already in the other gazetteer (built-in or --gazetteer)";
pub(super) const A_MAX: &str = "over --max-aliases";
pub(super) const A_TAKEN: &str = "names a more populous place";

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
}

/// The column for an alias, by the script of its first letter (as
/// [`crate::gazetteer::check::script_of`]), except that any kana makes it Japanese.
pub fn column_for(alias: &str) -> Column {
    let kana = alias
        .chars()
        .any(|c| matches!(Script::of(c), Some(Script::Hiragana | Script::Katakana)));
    if kana {
        return Column::Ja;
    }
    match crate::gazetteer::check::script_of(alias) {
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
pub(super) struct Rules {
    options: Options,
    regions: HashMap<String, Region>,
    common: HashSet<String>,
    arabic: HashSet<String>,
    /// Key hashes of the gazetteer the output will be used with.
    known: HashSet<u64>,
}

/// How the name of a place is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NameRule {
    /// Not Latin: the name is a plain alias by itself.
    Plain,
    /// Latin: listed under `exact`.
    Exact,
    /// A common English word: listed under `ambiguous`, with the country as context.
    Ambiguous,
}

/// One alias of a planned place.
#[derive(Debug)]
pub(super) struct PlannedAlias {
    /// The alias as written in the dump.
    pub(super) text: String,
    /// The column it goes to.
    pub(super) column: Column,
    /// The hash of its normalized key ([`key_hash`]).
    pub(super) hash: u64,
}

/// A place that passed the filters, before keys are shared out.
#[derive(Debug)]
pub(super) struct Planned {
    /// How the name is written.
    pub(super) name_rule: NameRule,
    /// For an ambiguous name: the cue words that confirm it (the country's names).
    pub(super) context: String,
    /// The hash of the normalized name.
    pub(super) name_hash: u64,
    /// The aliases kept by the filters, in dump order.
    pub(super) aliases: Vec<PlannedAlias>,
}

/// The 64-bit hash of a normalized alias key.
fn key_hash(key: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    key.hash(&mut h);
    h.finish()
}

impl Rules {
    /// The filters of `options`, leaving out what `known` already names.
    pub(super) fn new(options: &Options, known: &Gazetteer) -> Self {
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
    pub(super) fn keep(&self, row: &Row) -> Option<&'static str> {
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
    pub(super) fn plan(
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
        .all(|c| c == '\u{30FC}' || Script::of(c) == Some(Script::Hiragana))
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse_line;
    use super::super::testing::line;
    use super::*;

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
        assert!(is_hiragana("らーめん"), "with the prolonged sound mark");
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
}
