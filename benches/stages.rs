//! Per-stage throughput (MB/s of input) over the sample articles and, when the
//! shared corpus sits beside the repository, its blog articles.
//!
//! Each stage is measured alone on inputs prepared by the stages before it, so
//! the numbers add up to the per-document cost; `bare_scan` is an Aho-Corasick DFA
//! over the same bytes with the same aliases and an ASCII word-boundary check,
//! the speed issue's reference for the practical limit of this job (gazette's own
//! automaton, four scans interleaved, now matches faster than it). Run with
//! `cargo bench --bench stages`.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use divan::counter::BytesCount;
use divan::Bencher;
use gazette::internals::markdown::{self, MarkdownOptions, Segment};
use gazette::internals::normalize::Normalized;
use gazette::internals::{decode, facts, frontmatter, langid};
use gazette::{Extractor, Field, Gazetteer, Input, Matcher};

fn main() {
    divan::main();
}

/// One article with everything the stages before each stage produce.
struct Prepared {
    bytes: Vec<u8>,
    text: String,
    body: Range<usize>,
    ranges: Vec<Range<usize>>,
    body_ranges: Vec<Range<usize>>,
    norm: Normalized,
    found: Vec<gazette::internals::matcher::Match>,
}

struct Fixture {
    extractor: Extractor,
    docs: Vec<Prepared>,
    bytes: usize,
    bare: AhoCorasick,
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = Vec::new();
        files(&root.join("samples"), &mut paths);
        let shared = root.join("../shared/corpus/blog");
        if shared.is_dir() {
            files(&shared, &mut paths);
        } else {
            eprintln!("../shared/corpus/blog not found: benchmarking samples/ only");
        }
        let matcher = Arc::new(Matcher::new(Gazetteer::default_embedded().unwrap()).unwrap());
        let extractor = Extractor::new(matcher.clone());
        let options = markdown_options(&matcher);
        let mut docs = Vec::new();
        for p in paths {
            let bytes = std::fs::read(&p).unwrap();
            let text = decode::decode(&bytes).unwrap().text.into_owned();
            let fm = frontmatter::parse(&text).unwrap();
            let body = fm.body_start..text.len();
            let prose = markdown::extract(&text, body.clone(), &options);
            let mut segments = Vec::new();
            if let Some(r) = fm.title_range.clone() {
                segments.push(Segment {
                    range: r,
                    field: Field::Title,
                });
            }
            segments.extend(prose.segments);
            let ranges: Vec<Range<usize>> = segments.iter().map(|s| s.range.clone()).collect();
            let body_ranges = segments
                .iter()
                .filter(|s| s.field != Field::Title)
                .map(|s| s.range.clone())
                .collect();
            let mut norm = Normalized::with_capacity(text.len());
            for r in &ranges {
                norm.push_segment(&text, r.clone());
            }
            let found = matcher.find(&norm, &text);
            docs.push(Prepared {
                bytes,
                text,
                body,
                ranges,
                body_ranges,
                norm,
                found,
            });
        }
        let bytes = docs.iter().map(|d| d.bytes.len()).sum();
        let keys: Vec<String> = gazette::gazetteer::check::export(matcher.gazetteer())
            .into_iter()
            .map(|(alias, _, _)| alias.to_lowercase())
            .collect();
        let bare = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(&keys)
            .unwrap();
        Fixture {
            extractor,
            docs,
            bytes,
            bare,
        }
    })
}

fn markdown_options(matcher: &Matcher) -> MarkdownOptions {
    MarkdownOptions {
        dotted_names: matcher
            .gazetteer()
            .entities()
            .iter()
            .flat_map(|e| e.aliases.iter())
            .filter(|a| a.text.contains('.'))
            .map(|a| a.text.to_ascii_lowercase())
            .collect(),
    }
}

fn run<T>(bencher: Bencher, mut f: impl FnMut(&Prepared) -> T) {
    let fx = fixture();
    bencher.counter(BytesCount::new(fx.bytes)).bench_local(|| {
        for d in &fx.docs {
            divan::black_box(f(d));
        }
    });
}

/// Bytes → text (UTF-8 check, BOM, legacy encodings).
#[divan::bench]
fn decode(b: Bencher) {
    run(b, |d| decode::decode(&d.bytes).map(|t| t.text.len()).ok());
}

/// Front matter fences and YAML.
#[divan::bench]
fn front_matter(b: Bencher) {
    run(b, |d| {
        frontmatter::parse(&d.text).ok().map(|f| f.body_start)
    });
}

/// Markdown → prose segments and links.
#[divan::bench]
fn markdown(b: Bencher) {
    let options = markdown_options(fixture().extractor.matcher());
    run(b, |d| markdown::extract(&d.text, d.body.clone(), &options));
}

/// Script counts and whatlang on a bounded sample.
#[divan::bench]
fn language(b: Bencher) {
    run(b, |d| langid::detect(&d.text, &d.ranges));
}

/// Case, width, diacritic and Arabic folding with the offset map.
#[divan::bench]
fn normalize(b: Bencher) {
    let mut norm = Normalized::default();
    run(b, |d| {
        norm.clear();
        for r in &d.ranges {
            norm.push_segment(&d.text, r.clone());
        }
        norm.text.len()
    });
}

/// The gazetteer matcher over normalized prose (automaton, boundaries, rules).
#[divan::bench]
fn matching(b: Bencher) {
    let matcher = fixture().extractor.matcher();
    run(b, |d| matcher.find(&d.norm, &d.text));
}

/// Sentences, relations and quantities.
#[divan::bench]
fn facts(b: Bencher) {
    let g = fixture().extractor.matcher().gazetteer();
    run(b, |d| facts::extract(&d.text, &d.body_ranges, &d.found, g));
}

/// Every per-document stage together (no reading, no writing).
#[divan::bench]
fn document(b: Bencher) {
    let ex = &fixture().extractor;
    run(b, |d| ex.extract(Input::bytes(&d.bytes)));
}

/// Every per-document stage on two threads (rayon over the documents).
#[divan::bench]
fn document_2_threads(b: Bencher) {
    let ex = &fixture().extractor;
    run_parallel(b, 2, |d| ex.extract(Input::bytes(&d.bytes)).mentions.len());
}

/// The bare scan on two threads.
#[divan::bench]
fn bare_scan_2_threads(b: Bencher) {
    let ac = &fixture().bare;
    run_parallel(b, 2, |d| bare_count(ac, &d.bytes));
}

/// Runs `f` over every document on a pool of `threads` threads.
fn run_parallel(bencher: Bencher, threads: usize, f: impl Fn(&Prepared) -> usize + Sync) {
    use rayon::prelude::*;
    let fx = fixture();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    bencher
        .counter(BytesCount::new(fx.bytes))
        .bench_local(|| pool.install(|| fx.docs.par_iter().map(&f).sum::<usize>()));
}

/// Matches of the bare automaton in `h` with an ASCII word boundary on both sides.
fn bare_count(ac: &AhoCorasick, h: &[u8]) -> usize {
    ac.find_iter(h)
        .filter(|m| {
            let before = m.start() == 0 || !h[m.start() - 1].is_ascii_alphanumeric();
            let after = m.end() == h.len() || !h[m.end()].is_ascii_alphanumeric();
            before && after
        })
        .count()
}

/// The practical limit: a bare Aho-Corasick DFA (leftmost-longest, ASCII case
/// folded) over the raw bytes, with an ASCII word-boundary check per match.
#[divan::bench]
fn bare_scan(b: Bencher) {
    let ac = &fixture().bare;
    run(b, |d| bare_count(ac, &d.bytes));
}
