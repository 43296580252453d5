//! The `gazette` binary: parse arguments, call the library, map the outcome to an
//! exit code (0 ok, 1 some documents failed, 2 usage, gazetteer or output error).

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => exit(run_extract(args)),
        Command::Eval(args) => exit(run_eval(args).map(|()| ExitCode::SUCCESS)),
        Command::Gazetteer(cmd) => exit(run_gazetteer(cmd)),
        Command::Merge(args) => exit(run_merge(args)),
        Command::Report(args) => exit(run_report(args)),
    }
}

/// Runs `extract`; failed documents are reported on stderr, the summary only on
/// a terminal (not with --quiet).
fn run_extract(args: cli::ExtractArgs) -> gazette::Result<ExitCode> {
    if args.stdin_jsonl {
        return run_stream(args);
    }
    let config = args.into_config()?;
    let summary = gazette::extract(&config)?;
    for (path, error) in &summary.failures {
        eprintln!("gazette: {path}: {error}");
    }
    if config.progress {
        let secs = summary.elapsed.as_secs_f64();
        let top: Vec<String> = summary
            .top_entities
            .iter()
            .map(|(name, n)| format!("{name} ({n})"))
            .collect();
        eprintln!(
            "gazette: {} documents ({} ok, {} failed), {} mentions, {} links in {:.2}s ({:.1} MB/s)",
            summary.documents,
            summary.ok,
            summary.failed,
            summary.mentions,
            summary.links,
            secs,
            summary.bytes as f64 / 1e6 / secs.max(1e-9),
        );
        if !top.is_empty() {
            eprintln!("gazette: top entities: {}", top.join(", "));
        }
    }
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Maps a fatal error to exit code 2 (a broken pipe exits quietly with 0).
fn exit(result: gazette::Result<ExitCode>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gazette: error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run_eval(args: cli::EvalArgs) -> gazette::Result<()> {
    use std::io::Write;
    let matcher =
        gazette::load_matcher(&args.gazetteer.extra, args.gazetteer.no_default_gazetteer)?;
    let extractor = std::sync::Arc::new(gazette::Extractor::new(std::sync::Arc::new(matcher)));
    let config = gazette::eval::EvalConfig {
        gold: args.gold,
        files: args.files,
        entities: args.entities,
        corpus: args.corpus,
        jobs: args.jobs.unwrap_or(0),
    };
    let report = gazette::eval::evaluate(&config, extractor)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let io = |e: std::io::Error| gazette::Error::output(std::path::Path::new("<stdout>"), e);
    writeln!(out, "{}", report.table()).map_err(io)?;
    for (title, list) in [
        ("false positives", &report.false_positives),
        ("false negatives", &report.false_negatives),
    ] {
        writeln!(out, "{title} ({}):", list.len()).map_err(io)?;
        for e in list {
            writeln!(
                out,
                "  {}\t{}\t{}\t{}",
                e.file, e.name, e.surface, e.sentence
            )
            .map_err(io)?;
        }
    }
    if !report.lang_mismatches.is_empty() {
        writeln!(
            out,
            "language mismatches ({}):",
            report.lang_mismatches.len()
        )
        .map_err(io)?;
        for (f, d, g) in &report.lang_mismatches {
            writeln!(out, "  {f}\tdeclared {d}\tdetected {g}").map_err(io)?;
        }
    }
    if let Some(path) = args.json {
        let text = serde_json::to_string_pretty(&report)
            .map_err(|e| gazette::Error::output(&path, e.into()))?;
        std::fs::write(&path, text).map_err(|e| gazette::Error::output(&path, e))?;
    }
    Ok(())
}

fn load_gazetteer(args: &cli::GazetteerFilesArgs) -> gazette::Result<gazette::Gazetteer> {
    let mut g = if args.no_default_gazetteer {
        gazette::Gazetteer::new()
    } else {
        gazette::Gazetteer::default_embedded()?
    };
    for f in &args.files {
        g.add_file(f)?;
    }
    Ok(g)
}

fn run_gazetteer(cmd: cli::GazetteerCommand) -> gazette::Result<ExitCode> {
    use gazette::gazetteer::check;
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let io = |e: std::io::Error| gazette::Error::output(std::path::Path::new("<stdout>"), e);
    match cmd {
        cli::GazetteerCommand::Check(args) => {
            let g = load_gazetteer(&args)?;
            let findings = check::check(&g);
            let errors = findings
                .iter()
                .filter(|f| f.severity == check::Severity::Error)
                .count();
            for f in &findings {
                let level = match f.severity {
                    check::Severity::Error => "error",
                    check::Severity::Warning => "warning",
                };
                writeln!(out, "{}: {level}: {}", f.origin, f.message).map_err(io)?;
            }
            writeln!(
                out,
                "{} entities: {errors} errors, {} warnings",
                g.len(),
                findings.len() - errors
            )
            .map_err(io)?;
            Ok(if errors > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        cli::GazetteerCommand::Stats(args) => {
            let g = load_gazetteer(&args)?;
            write!(out, "{}", check::stats(&g)).map_err(io)?;
            Ok(ExitCode::SUCCESS)
        }
        cli::GazetteerCommand::ImportGeonames(args) => run_import_geonames(args, out),
        cli::GazetteerCommand::Export(args) => {
            let g = load_gazetteer(&args)?;
            let mut w = csv::Writer::from_writer(out);
            // Keep I/O errors as they are, so that a closed pipe (`| head`) stays quiet.
            let err = |e: csv::Error| {
                let message = e.to_string();
                match e.into_kind() {
                    csv::ErrorKind::Io(e) => io(e),
                    _ => io(std::io::Error::other(message)),
                }
            };
            w.write_record(["alias", "entity_id", "type"])
                .map_err(err)?;
            for (alias, id, kind) in check::export(&g) {
                w.write_record([alias, id, kind]).map_err(err)?;
            }
            w.flush().map_err(io)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `gazetteer import-geonames`: pass 1 (exit 1 when no line is a GeoNames row),
/// then pass 2 to `--out` (atomically) or standard output; the summary on stderr.
fn run_import_geonames(
    args: cli::ImportGeonamesArgs,
    out: std::io::StdoutLock<'_>,
) -> gazette::Result<ExitCode> {
    use gazette::gazetteer::geonames;
    let mut known = if args.no_default_gazetteer {
        gazette::Gazetteer::new()
    } else {
        gazette::Gazetteer::default_embedded()?
    };
    for f in &args.gazetteer {
        known.add_file(f)?;
    }
    let options = geonames::Options {
        min_population: args.min_population,
        feature_classes: args.feature_class.0,
        max_aliases: args.max_aliases,
        min_alias_population: args.min_alias_population,
    };
    let scan = geonames::scan(&args.file, &options, &known)?;
    if let Some(message) = scan.not_geonames() {
        eprintln!("gazette: error: {message}");
        return Ok(ExitCode::from(1));
    }
    if let Some(warning) = scan.skipped_warning() {
        eprintln!("gazette: warning: {warning}");
    }
    let stats = match &args.out {
        Some(path) if path.as_os_str() != "-" => scan.write_file(path)?,
        _ => scan.write(
            std::io::BufWriter::new(out),
            std::path::Path::new("<stdout>"),
        )?,
    };
    if !args.quiet {
        for line in stats.to_string().lines() {
            eprintln!("gazette: {line}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `extract --stdin-jsonl`: JSON Lines from stdin to stdout.
fn run_stream(args: cli::ExtractArgs) -> gazette::Result<ExitCode> {
    let matcher =
        gazette::load_matcher(&args.gazetteer.extra, args.gazetteer.no_default_gazetteer)?;
    let extractor = gazette::Extractor::new(std::sync::Arc::new(matcher));
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let out = std::io::BufWriter::new(stdout.lock());
    let summary = gazette::stream::run(
        stdin.lock(),
        out,
        &extractor,
        args.reading.jobs.unwrap_or(0),
    )?;
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Runs `report`; failed documents are reported on stderr (exit 1), the page is
/// written all the same.
fn run_report(args: cli::ReportArgs) -> gazette::Result<ExitCode> {
    let summary = gazette::report::report(&args.into_config()?)?;
    for (path, error) in &summary.failures {
        eprintln!("gazette: {path}: {error}");
    }
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `merge`: shard folders into one.
fn run_merge(args: cli::MergeArgs) -> gazette::Result<ExitCode> {
    let matcher =
        gazette::load_matcher(&args.gazetteer.extra, args.gazetteer.no_default_gazetteer)?;
    gazette::merge::merge(&args.dirs, &args.out, matcher.gazetteer())?;
    Ok(ExitCode::SUCCESS)
}
