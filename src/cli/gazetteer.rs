//! `gazette gazetteer ...`: the arguments of `check`, `stats`, `export` and
//! `import-geonames`, and their runs, which print the library's findings,
//! counts, alias rows and GeoNames import.
//!
//! The gazetteers are loaded with [`gazette::load_gazetteer`] and never compiled;
//! the lint, the counts and the import are the library's
//! ([`gazette::gazetteer::check`], [`gazette::gazetteer::geonames`]).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use gazette::gazetteer::{check, geonames};
use gazette::{Builtin, Gazetteer, Result};

use super::{stdout_error, Outcome};

/// `gazette gazetteer ...`
#[derive(Debug, Subcommand)]
pub enum GazetteerCommand {
    /// Lint gazetteer files: alias collisions, common words without a context rule,
    /// entities without an Arabic or Chinese alias, broken references, malformed
    /// rows. With FILEs, their findings only (checked against the built-in
    /// gazetteer, collisions blamed on the row that made them). Exit 1 on errors.
    #[command(after_help = "\
Examples:
  gazette gazetteer check                 # the built-in gazetteer
  gazette gazetteer check my-places.csv   # your files (with the built-in one)
  gazette gazetteer check --no-default-gazetteer my-places.csv")]
    Check(GazetteerFilesArgs),
    /// Entities and aliases per type and script.
    #[command(after_help = "Example:\n  gazette gazetteer stats")]
    Stats(GazetteerFilesArgs),
    /// Write every alias as CSV rows `alias,entity_id,type` to standard output.
    #[command(after_help = "Example:\n  gazette gazetteer export > aliases.csv")]
    Export(GazetteerFilesArgs),
    /// Convert a GeoNames dump (cities15000.txt, cities1000.txt, allCountries.txt)
    /// into a gazetteer CSV for `extract --gazetteer`.
    #[command(after_help = "\
Examples:
  gazette gazetteer import-geonames cities15000.txt --out places.csv
  gazette gazetteer import-geonames allCountries.txt --min-population 5000 --out places.csv
  gazette extract posts/ --out out/ --gazetteer places.csv

One row per place: id city:gn<geonameid> (place:gn<geonameid> for feature classes
other than P), the GeoNames name, country, and the attributes geonameid,
population, latitude, longitude, feature_code.

Alternate names are filtered: codes (PEK, ZBAA), URLs, names with = / ( ) |,
names without letters, shorter than 2 characters (3 in Latin script),
all-lowercase Latin romanizations, hiragana readings, country, continent and US
state names, frequent English and Arabic words, duplicates after normalization;
places under --min-alias-population keep their name only, and places under
100,000 people lose their short aliases (4 letters in Latin, 3 in Arabic, 2 Han
characters or kana), which are mostly ordinary words.

Latin-script names and aliases go to `exact` (case-sensitive: \"Nice\" the city,
not \"a nice day\"). A Latin name that is a common English word (\"Of\", \"March\",
\"Java\") or of 4 letters or less, for a place under 100,000 people (1,000,000 for
common words), goes to `ambiguous`, confirmed by its country's English name in the
same document. Other scripts go to ar, zh, ja, hi or other. Each alias is kept by
one place only: a place whose own name it is before one that lists it as an
alternate, then the most populous (a place whose name a bigger namesake has is left
out),
and names and aliases the built-in gazetteer (and --gazetteer files) already has
are left out, so `gazette gazetteer check` finds no collisions.

The file is streamed twice (memory grows with the aliases kept, not the file).
Malformed lines are skipped with a warning that gives the count and the first
one as FILE:LINE. Exit codes: 0 written, 1 not a GeoNames dump (no line parses),
2 usage, input or output error. GeoNames data is CC BY 4.0: credit GeoNames.")]
    ImportGeonames(ImportGeonamesArgs),
}

/// Options of `gazette gazetteer import-geonames`.
#[derive(Debug, Args)]
pub struct ImportGeonamesArgs {
    /// A GeoNames dump in its tab-separated format (19 columns).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Write the CSV to this file (atomically: a temporary file renamed when
    /// complete) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Leave out places with a smaller population (0 keeps all).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub min_population: u64,
    /// GeoNames feature classes to keep, comma-separated (P populated places, A
    /// administrative areas, ...), or `any`.
    #[arg(long, value_name = "CLASSES", default_value = "P", value_parser = parse_feature_classes)]
    pub feature_class: FeatureClasses,
    /// Places with a smaller population keep their name only, no alternate names
    /// (0: all keep them). Small places' alternate names are mostly ordinary words.
    #[arg(long, value_name = "N",
          default_value_t = geonames::DEFAULT_MIN_ALIAS_POPULATION)]
    pub min_alias_population: u64,
    /// At most N aliases per place besides its name, in file order (0: no limit).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub max_aliases: usize,
    /// Another gazetteer the output will be used with: names and aliases it has
    /// are left out of the import (repeatable).
    #[arg(long = "gazetteer", value_name = "FILE")]
    pub gazetteer: Vec<PathBuf>,
    /// The output will be used without the built-in gazetteer: keep the places and
    /// aliases it already has.
    #[arg(long)]
    pub no_default_gazetteer: bool,
    /// Print nothing but errors and warnings on stderr (no summary).
    #[arg(short, long)]
    pub quiet: bool,
}

/// Gazetteer files given as positional arguments.
#[derive(Debug, Args)]
pub struct GazetteerFilesArgs {
    /// Gazetteer CSV files (added to the built-in gazetteer).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Leave out the built-in gazetteer.
    #[arg(long)]
    pub no_default_gazetteer: bool,
    /// Add the built-in world cities (GeoNames cities15000, CC BY 4.0).
    #[arg(long, conflicts_with = "no_default_gazetteer")]
    pub world_cities: bool,
}

/// GeoNames feature classes to keep; empty keeps every class.
#[derive(Debug, Clone)]
pub struct FeatureClasses(pub Vec<String>);

/// Parses `--feature-class`: `any`, or comma-separated classes such as `P,A`.
fn parse_feature_classes(s: &str) -> std::result::Result<FeatureClasses, String> {
    geonames::parse_feature_classes(s).map(FeatureClasses)
}

/// A subcommand that reads the loaded gazetteer, given the files named.
type Inspect = fn(&Gazetteer, &[String]) -> Result<Outcome>;

/// Runs a `gazetteer` subcommand.
pub fn run(cmd: GazetteerCommand) -> Result<Outcome> {
    let (args, inspect): (_, Inspect) = match cmd {
        GazetteerCommand::Check(args) => (args, run_check),
        GazetteerCommand::Stats(args) => (args, |g, _| run_stats(g)),
        GazetteerCommand::Export(args) => (args, |g, _| run_export(g)),
        GazetteerCommand::ImportGeonames(args) => return run_import_geonames(args),
    };
    // An empty gazetteer is fine here: there is nothing to lint, count or export.
    let g = gazette::load_gazetteer(
        &args.files,
        Builtin::from_flags(args.no_default_gazetteer, args.world_cities),
        false,
    )?;
    // The names the files' rows carry (as `Gazetteer::add_file` names them).
    let named: Vec<String> = args.files.iter().map(|p| p.display().to_string()).collect();
    inspect(&g, &named)
}

/// `gazetteer stats`: the counts per type and script.
fn run_stats(g: &Gazetteer) -> Result<Outcome> {
    write!(std::io::stdout().lock(), "{}", check::stats(g)).map_err(stdout_error)?;
    Ok(Outcome::Done)
}

/// `gazetteer check`: one line per finding, then the counts; failed on errors.
/// With files named, only their findings are shown (the built-in set is loaded
/// beside them, so that collisions with it are found and blamed on their rows);
/// the built-in set's own findings are one line.
fn run_check(g: &Gazetteer, named: &[String]) -> Result<Outcome> {
    let (shown, hidden): (Vec<_>, Vec<_>) = check::check(g)
        .into_iter()
        .partition(|f| named.is_empty() || named.iter().any(|n| **n == *f.origin.file));
    let is_error = |f: &&check::Finding| f.severity == check::Severity::Error;
    let errors = shown.iter().filter(is_error).count();
    let mut out = std::io::stdout().lock();
    for f in &shown {
        let level = match f.severity {
            check::Severity::Error => "error",
            check::Severity::Warning => "warning",
        };
        let line = format!("{}: {level}: {}", f.origin, f.message);
        writeln!(out, "{}", gazette::escape_controls(&line)).map_err(stdout_error)?;
    }
    if !hidden.is_empty() {
        let hidden_errors = hidden.iter().filter(is_error).count();
        writeln!(
            out,
            "(not shown: {}, {} of the built-in gazetteer; `gazette gazetteer check` lists them)",
            counted(hidden_errors, "error"),
            counted(hidden.len() - hidden_errors, "warning")
        )
        .map_err(stdout_error)?;
    }
    // `N entities: E errors, W warnings`, then which files and against what.
    let own = (g.entities().iter())
        .filter(|e| named.is_empty() || named.iter().any(|n| **n == *e.origin.file))
        .count();
    let mut line = format!(
        "{own} entities: {}, {}",
        counted(errors, "error"),
        counted(shown.len() - errors, "warning")
    );
    if !named.is_empty() {
        line.push_str(&format!(" (in {}", named.join(", ")));
        if own < g.len() {
            line.push_str(&format!(
                ", checked against the {} built-in entities",
                g.len() - own
            ));
        }
        line.push(')');
    }
    writeln!(out, "{}", gazette::escape_controls(&line)).map_err(stdout_error)?;
    Ok(if errors > 0 {
        Outcome::Failed
    } else {
        Outcome::Done
    })
}

/// `1 error`, `2 errors`.
fn counted(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// The load warnings of a run's gazetteer on stderr, `gazette: FILE:LINE:
/// warning: ...`: at most [`MAX_LOAD_WARNINGS`], then how many more.
pub fn print_load_warnings(warnings: &[String]) {
    for w in warnings.iter().take(MAX_LOAD_WARNINGS) {
        eprintln!("gazette: {}", gazette::escape_controls(w));
    }
    if warnings.len() > MAX_LOAD_WARNINGS {
        eprintln!(
            "gazette: warning: {} more alias clashes between gazetteer files \
             (`gazette gazetteer check FILE...` lists them all)",
            warnings.len() - MAX_LOAD_WARNINGS
        );
    }
}

/// How many load warnings are printed one per line.
const MAX_LOAD_WARNINGS: usize = 20;

/// `gazetteer export`: the alias rows as CSV on standard output.
fn run_export(g: &Gazetteer) -> Result<Outcome> {
    let mut w = csv::Writer::from_writer(std::io::stdout().lock());
    // Keep I/O errors as they are, so that a closed pipe (`| head`) stays quiet.
    let err = |e: csv::Error| {
        let message = e.to_string();
        match e.into_kind() {
            csv::ErrorKind::Io(e) => stdout_error(e),
            _ => stdout_error(std::io::Error::other(message)),
        }
    };
    w.write_record(["alias", "entity_id", "type"])
        .map_err(err)?;
    for (alias, id, kind) in check::export(g) {
        w.write_record([alias, id, kind]).map_err(err)?;
    }
    w.flush().map_err(stdout_error)?;
    Ok(Outcome::Done)
}

/// `gazetteer import-geonames`: pass 1 (failed when no line is a GeoNames row),
/// then pass 2 to `--out` (atomically) or standard output; the summary on stderr.
fn run_import_geonames(args: ImportGeonamesArgs) -> Result<Outcome> {
    let known = gazette::load_gazetteer(
        &args.gazetteer,
        Builtin::from_flags(args.no_default_gazetteer, false),
        false,
    )?;
    let options = geonames::Options {
        min_population: args.min_population,
        feature_classes: args.feature_class.0,
        max_aliases: args.max_aliases,
        min_alias_population: args.min_alias_population,
    };
    let scan = geonames::scan(&args.file, &options, &known)?;
    if let Some(message) = scan.not_geonames() {
        eprintln!("gazette: error: {message}");
        return Ok(Outcome::Failed);
    }
    if let Some(warning) = scan.skipped_warning() {
        eprintln!("gazette: warning: {warning}");
    }
    let stats = match &args.out {
        Some(path) if path.as_os_str() != "-" => scan.write_file(path)?,
        _ => scan.write(
            std::io::BufWriter::new(std::io::stdout().lock()),
            Path::new("<stdout>"),
        )?,
    };
    if !args.quiet {
        for line in stats.to_string().lines() {
            eprintln!("gazette: {line}");
        }
    }
    Ok(Outcome::Done)
}
