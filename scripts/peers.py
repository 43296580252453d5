"""Peer comparison for gazette (issue 7): FlashText, pyahocorasick and spaCy's
PhraseMatcher against the gazette CLI, on the same corpus and the same alias list.

Run by scripts/peers.sh with the interpreter of target/peers-venv; see that script
for usage. What is timed:

* the peers: matching only. Every text is read into memory (UTF-8) before the clock
  starts, the automaton / keyword trie / phrase matcher is built before it too (its
  build time is reported on its own), and each document is matched single-threaded
  in this one Python process, the way these libraries are normally used.
* gazette: the whole CLI (`gazette extract CORPUS --format csv -q`), so its time
  also covers walking the folder, reading the files, front matter, markdown,
  language detection, normalization, matching, facts and writing the CSV tables.

MB/s is always input bytes (UTF-8) / 1e6 / seconds, best of up to 3 runs.

Quality (when the gold annotations exist): document-level true/false positives and
false negatives over the gold files, each tool's entity names restricted to the
required entities; gold rows marked uncertain are don't-care. The peers match the
raw file text (front matter, URLs and code included), as a user would naively do.
"""

import argparse
import csv
import glob
import importlib.metadata
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict

MD_SUFFIXES = (".md", ".markdown")
# A run slower than this is not repeated (best of 1 instead of best of 3).
REPEAT_LIMIT_S = 20.0


# ---------------------------------------------------------------- input data


def load_corpus(root):
    """Every *.md / *.markdown file under root, sorted by path, decoded as UTF-8.

    Returns a list of (relative path, text, UTF-8 byte count of the text)."""
    docs = []
    for folder, subdirs, files in os.walk(root):
        subdirs.sort()
        for name in sorted(files):
            if name.endswith(MD_SUFFIXES):
                path = os.path.join(folder, name)
                with open(path, "rb") as f:
                    raw = f.read()
                # Bytes, then decode: no newline translation, no exception on a bad
                # byte (none are expected in this corpus).
                text = raw.decode("utf-8", errors="replace")
                docs.append((os.path.relpath(path, root), text, len(text.encode("utf-8"))))
    return docs


def prefix_of(docs, min_bytes):
    """The shortest prefix of docs holding at least min_bytes (all of them if 0).

    The bench corpus is whole copies of the same sources one after another, so a
    prefix has the same mix of languages and document sizes as the whole."""
    if min_bytes <= 0:
        return docs
    total = 0
    for i, (_, _, n) in enumerate(docs):
        total += n
        if total >= min_bytes:
            return docs[: i + 1]
    return docs


def total_bytes(docs):
    return sum(n for _, _, n in docs)


def load_aliases(path):
    """The rows of `gazette gazetteer export`: a list of (alias, entity_id)."""
    with open(path, encoding="utf-8", newline="") as f:
        return [(r["alias"], r["entity_id"]) for r in csv.DictReader(f) if r["alias"]]


def load_entity_names(csv_paths):
    """entity_id -> canonical name, from gazetteer CSV files (columns id, name)."""
    names = {}
    for path in csv_paths:
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row.get("id") and row.get("name"):
                    names[row["id"]] = row["name"]
    return names


# ---------------------------------------------------------------- the peers
#
# Each matcher has `name`, `build(aliases)` and `match(text)`, which returns the
# entity ids of the non-overlapping matches in the text (longest match wins).


class FlashTextMatcher:
    name = "FlashText"

    def build(self, aliases):
        from flashtext import KeywordProcessor

        self.kp = KeywordProcessor(case_sensitive=False)
        for alias, entity_id in aliases:
            self.kp.add_keyword(alias, entity_id)

    def match(self, text):
        # FlashText already keeps the longest keyword at each position and
        # requires word boundaries ([A-Za-z0-9_] are word characters).
        return self.kp.extract_keywords(text)


def is_ascii_alnum(ch):
    return ch < "\x80" and ch.isalnum()


def leftmost_longest(spans):
    """Greedy selection of non-overlapping (start, end, value) spans: the leftmost
    first, the longest of those starting at the same place."""
    spans.sort(key=lambda s: (s[0], -s[1]))
    chosen, last_end = [], -1
    for start, end, value in spans:
        if start >= last_end:
            chosen.append(value)
            last_end = end
    return chosen


class AhoCorasickMatcher:
    name = "pyahocorasick"

    def build(self, aliases):
        import ahocorasick

        self.automaton = ahocorasick.Automaton()
        for alias, entity_id in aliases:
            key = alias.lower()
            # Keys are unique: an alias shared by two entities keeps the last one.
            self.automaton.add_word(key, (len(key), entity_id))
        self.automaton.make_automaton()

    def match(self, text):
        low = text.lower()
        n = len(low)
        spans = []
        for end, (length, entity_id) in self.automaton.iter(low):
            start = end - length + 1
            # ASCII word boundaries: an alias that starts (ends) with an ASCII
            # letter or digit must not be preceded (followed) by one.
            if start > 0 and is_ascii_alnum(low[start]) and is_ascii_alnum(low[start - 1]):
                continue
            if end + 1 < n and is_ascii_alnum(low[end]) and is_ascii_alnum(low[end + 1]):
                continue
            spans.append((start, end + 1, entity_id))
        return leftmost_longest(spans)


class SpacyMatcher:
    name = "spaCy PhraseMatcher"
    CHUNK = 5000  # aliases tokenized and added at a time (the build budget is checked between chunks)

    def __init__(self, build_budget_s=None):
        self.build_budget_s = build_budget_s
        self.patterns_added = 0

    def build(self, aliases):
        import spacy
        from spacy.matcher import PhraseMatcher

        # The multi-language blank pipeline: a rule-based tokenizer only, no model to
        # download. It does not segment Chinese or Japanese into words.
        self.nlp = spacy.blank("xx")
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        started = time.perf_counter()
        for i in range(0, len(aliases), self.CHUNK):
            chunk = aliases[i : i + self.CHUNK]
            by_entity = defaultdict(list)
            docs = self.nlp.tokenizer.pipe(alias for alias, _ in chunk)
            for (_, entity_id), doc in zip(chunk, docs):
                by_entity[entity_id].append(doc)
            for entity_id, patterns in by_entity.items():
                self.matcher.add(entity_id, patterns)
            self.patterns_added += len(chunk)
            if self.build_budget_s and time.perf_counter() - started > self.build_budget_s:
                break
        self.strings = self.nlp.vocab.strings

    def match(self, text):
        doc = self.nlp.make_doc(text)
        spans = [(start, end, self.strings[key]) for key, start, end in self.matcher(doc)]
        # The PhraseMatcher returns overlapping matches; keep the longest, as
        # spacy.util.filter_spans would.
        return leftmost_longest(spans)


# ---------------------------------------------------------------- timing


def best_of(run, runs=3):
    """Best wall time of up to `runs` calls of run(); a call slower than
    REPEAT_LIMIT_S is not repeated. Returns (best seconds, number of runs)."""
    best, done = float("inf"), 0
    for _ in range(runs):
        t0 = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t0)
        done += 1
        if best > REPEAT_LIMIT_S:
            break
    return best, done


def time_peer(matcher, docs):
    texts = [text for _, text, _ in docs]

    def run():
        for text in texts:
            matcher.match(text)

    return best_of(run)


def gazette_cmd(args, paths, out, extra):
    cmd = [args.gazette, "extract", *paths, "--out", out, "--format", "csv", "-q"]
    for g in args.gazetteer:
        cmd += ["--gazetteer", g]
    return cmd + extra


def run_gazette(cmd):
    """Runs the CLI; exit 1 (some documents failed) still writes the tables."""
    env = {k: v for k, v in os.environ.items() if k != "RAYON_NUM_THREADS"}
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    if proc.returncode not in (0, 1):
        sys.exit(f"gazette failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr.decode()}")


def time_gazette(args, corpus, out, extra, pin=False):
    cmd = gazette_cmd(args, [corpus], out, extra)
    if pin:
        cmd = ["taskset", "-c", "0", *cmd]
    return best_of(lambda: run_gazette(cmd))


# ---------------------------------------------------------------- quality


def load_gold(gold_dir):
    """Gold files, and per file the certain names and the don't-care names."""
    with open(os.path.join(gold_dir, "dev.tsv"), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    files_list = os.path.join(gold_dir, "dev-files.list")
    if os.path.exists(files_list):
        with open(files_list, encoding="utf-8") as f:
            files = [line.strip() for line in f if line.strip()]
    else:
        files = sorted({r["file"] for r in rows})
    certain, dont_care = defaultdict(set), defaultdict(set)
    for r in rows:
        (dont_care if (r.get("uncertain") or "").strip() else certain)[r["file"]].add(r["name"])
    for f in files:  # a name both certain and uncertain in one file is certain
        dont_care[f] -= certain[f]
    return files, certain, dont_care


def score(found, files, certain, dont_care, required):
    """Micro-averaged document-level TP, FP, FN over the gold files.

    found: file -> set of entity names the tool reports."""
    tp = fp = fn = 0
    for f in files:
        pred = (found.get(f, set()) & required) - dont_care[f]
        gold = certain[f]
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "p": p, "r": r}


def gazette_found(args, blog, tmp):
    """file (relative to blog) -> entity names, from gazette's own tables."""
    out = os.path.join(tmp, "gold-run")
    run_gazette(gazette_cmd(args, [blog], out, []))
    with open(os.path.join(out, "documents.csv"), encoding="utf-8", newline="") as f:
        paths = {r["doc_id"]: os.path.relpath(r["path"], blog) for r in csv.DictReader(f)}
    found = defaultdict(set)
    with open(os.path.join(out, "mentions.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            found[paths[r["doc_id"]]].add(r["name"])
    return found


def peer_found(matcher, blog, files, names):
    found = {}
    for f in files:
        with open(os.path.join(blog, f), "rb") as fh:
            text = fh.read().decode("utf-8", errors="replace")
        found[f] = {names.get(e, e) for e in matcher.match(text)}
    return found


# ---------------------------------------------------------------- report


def version(pkg):
    try:
        return importlib.metadata.version(pkg)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def shell(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def seconds_text(s):
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def mbps(nbytes, seconds):
    return nbytes / 1e6 / seconds


def main():
    args = parse_args()
    os.makedirs(args.out, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="peers-", dir=args.out)
    try:
        measure(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True, help="folder of markdown files to time")
    ap.add_argument("--aliases", required=True, help="output of `gazette gazetteer export`")
    ap.add_argument("--gazette", required=True, help="the gazette binary")
    ap.add_argument("--gazetteer", action="append", default=[], help="extra gazetteer CSV (repeatable)")
    ap.add_argument("--builtin-dir", default="gazetteer", help="the built-in gazetteer CSV files")
    ap.add_argument("--shared", default="../shared", help="the shared folder (gold, spec, blog)")
    ap.add_argument("--out", required=True, help="results folder")
    ap.add_argument("--results", default="results.md", help="report file name in --out")
    ap.add_argument("--peer-mb", type=float, default=0, help="time FlashText and pyahocorasick on a prefix of at least this many MB (0: the whole corpus)")
    ap.add_argument("--spacy-mb", type=float, default=8, help="time spaCy on a prefix of at least this many MB")
    ap.add_argument("--spacy-build-budget", type=float, default=0, help="stop adding spaCy patterns after this many seconds (0: add all)")
    return ap.parse_args()


def measure(args, tmp):
    """Times every tool, scores it on the gold files and writes the report."""
    load_before = os.getloadavg()[0]  # other work on the machine skews every number
    # Everything is loaded before any clock starts.
    docs = load_corpus(args.corpus)
    corpus_bytes = total_bytes(docs)
    aliases = load_aliases(args.aliases)
    names = load_entity_names(sorted(glob.glob(os.path.join(args.builtin_dir, "*.csv"))) + args.gazetteer)
    print(f"corpus {args.corpus}: {len(docs)} files, {corpus_bytes / 1e6:.1f} MB; "
          f"{len(aliases)} aliases of {len({e for _, e in aliases})} entities", flush=True)

    peers = [FlashTextMatcher(), AhoCorasickMatcher(), SpacyMatcher(args.spacy_build_budget or None)]
    rows = {}  # tool -> dict of results
    for m in peers:
        t0 = time.perf_counter()
        m.build(aliases)
        build_s = time.perf_counter() - t0
        subset = prefix_of(docs, (args.spacy_mb if isinstance(m, SpacyMatcher) else args.peer_mb) * 1e6)
        nbytes = total_bytes(subset)
        print(f"{m.name}: built in {seconds_text(build_s)}; matching {len(subset)} files, {nbytes / 1e6:.1f} MB ...", flush=True)
        secs, runs = time_peer(m, subset)
        rows[m.name] = {"matcher": m, "mbps": mbps(nbytes, secs), "secs": secs, "runs": runs,
                        "build": seconds_text(build_s), "on": f"{nbytes / 1e6:.1f} MB, {len(subset)} files"}
        if isinstance(m, SpacyMatcher) and m.patterns_added < len(aliases):
            rows[m.name]["build"] += f" ({m.patterns_added} of {len(aliases)} aliases: build budget)"
        print(f"{m.name}: {secs:.2f} s, {rows[m.name]['mbps']:.2f} MB/s (best of {runs})", flush=True)

    # gazette: the whole CLI over the whole corpus (file bytes on disk).
    corpus_file_bytes = sum(os.path.getsize(os.path.join(args.corpus, p)) for p, _, _ in docs)
    tiny = os.path.join(tmp, "tiny")
    os.makedirs(tiny)
    with open(os.path.join(tiny, "one.md"), "w", encoding="utf-8") as f:
        f.write("# Hello\n\nOne line about Beijing.\n")
    startup, _ = best_of(lambda: run_gazette(gazette_cmd(args, [tiny], os.path.join(tmp, "tiny-out"), ["--jobs", "1"])))
    g_out = os.path.join(tmp, "out")
    for label, extra, pin in (("gazette CLI, --jobs 1 (taskset -c 0)", ["--jobs", "1"], True),
                              (f"gazette CLI, default jobs ({os.cpu_count()} cores)", [], False)):
        secs, runs = time_gazette(args, args.corpus, g_out, extra, pin)
        rows[label] = {"mbps": mbps(corpus_file_bytes, secs), "secs": secs, "runs": runs,
                       "net": mbps(corpus_file_bytes, secs - startup) if secs > startup else None,
                       "build": f"{seconds_text(startup)} (whole run on 1 tiny file)",
                       "on": f"{corpus_file_bytes / 1e6:.1f} MB, {len(docs)} files"}
        print(f"{label}: {secs:.2f} s, {rows[label]['mbps']:.2f} MB/s (best of {runs})", flush=True)
    g1, gn = list(rows)[-2:]

    # Quality on the gold files.
    gold_tsv = os.path.join(args.shared, "corpus", "gold", "dev.tsv")
    quality_note = None
    if os.path.exists(gold_tsv):
        blog = os.path.join(args.shared, "corpus", "blog")
        files, certain, dont_care = load_gold(os.path.dirname(gold_tsv))
        with open(os.path.join(args.shared, "spec", "required-entities.csv"), encoding="utf-8", newline="") as f:
            required = {r["name"] for r in csv.DictReader(f)}
        g_found = gazette_found(args, blog, tmp)
        for label in (g1, gn):
            rows[label]["q"] = score(g_found, files, certain, dont_care, required)
        for m in peers:
            rows[m.name]["q"] = score(peer_found(m, blog, files, names), files, certain, dont_care, required)
        n_gold = sum(len(certain[f]) for f in files)
        n_dc = sum(len(dont_care[f]) for f in files)
        quality_note = (f"Quality: {len(files)} gold files ({gold_tsv}), {n_gold} gold (file, entity) pairs, "
                        f"{n_dc} uncertain pairs as don't-care; names restricted to the {len(required)} required "
                        "entities; micro-averaged over documents. gazette: `gazette extract` over the blog folder "
                        "(mentions.csv). Peers: the raw file text (front matter, URLs, code and all). "
                        "Caveat: this is the development set that gazette's own `gazette eval` is tuned on, "
                        "so gazette's score here is not a held-out estimate.")
    else:
        print(f"gold not found ({gold_tsv}): quality skipped", flush=True)

    load = f"{load_before:.2f} before timing, {os.getloadavg()[0]:.2f} after"
    report = render(args, rows, g1, gn, docs, corpus_bytes, aliases, quality_note, load)
    path = os.path.join(args.out, args.results)
    with open(path, "w", encoding="utf-8") as f:
        f.write(report)
    print()
    print(report)
    print(f"written to {path}")


def render(args, rows, g1, gn, docs, corpus_bytes, aliases, quality_note, load):
    git = shell(["git", "describe", "--always", "--dirty"])
    lines = [
        "# gazette vs. peers: throughput and quality",
        "",
        f"- date: {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC; git {git}",
        f"- machine: {os.cpu_count()} cores (nproc {shell(['nproc'])}), {cpu_model()}; 1-minute load average {load}",
        f"- Python {platform.python_version()}; flashtext {version('flashtext')}, "
        f"pyahocorasick {version('pyahocorasick')}, spacy {version('spacy')}; {shell([args.gazette, '--version'])}",
        f"- corpus: {args.corpus}, {len(docs)} files, {corpus_bytes / 1e6:.1f} MB",
        f"- alias list: {len(aliases)} aliases ({len({a.lower() for a, _ in aliases})} distinct lower-cased) "
        f"of {len({e for _, e in aliases})} entities (`gazette gazetteer export"
        + "".join(f" {g}" for g in args.gazetteer) + "`)",
        "",
        "| tool | MB/s | MB/s excl. build | gazette (default jobs) / peer | gazette --jobs 1 / peer | build time | timed on | runs "
        + ("| TP | FP | FN | P | R " if quality_note else "") + "|",
        "|---|---:|---:|---:|---:|---|---|---:" + ("|---:|---:|---:|---:|---:" if quality_note else "") + "|",
    ]
    for tool, r in rows.items():
        net = r.get("net", r["mbps"])  # the peers' MB/s already leave the build out
        cells = [tool, f"{r['mbps']:.2f}", f"{net:.2f}" if net else "-", f"{rows[gn]['mbps'] / r['mbps']:.1f}×",
                 f"{rows[g1]['mbps'] / r['mbps']:.1f}×", r["build"], r["on"], str(r["runs"])]
        if quality_note:
            q = r["q"]
            cells += [str(q["tp"]), str(q["fp"]), str(q["fn"]), f"{q['p']:.3f}", f"{q['r']:.3f}"]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "What is timed. Peers: matching only, single-threaded, in one Python process, texts already in "
        "memory, automaton already built (build time in its own column, not in MB/s); FlashText "
        "`extract_keywords(text)`; pyahocorasick `iter(text.lower())` plus ASCII word-boundary filtering "
        "and leftmost-longest selection; spaCy `nlp.make_doc(text)` (spacy.blank(\"xx\")) plus "
        "`PhraseMatcher(attr=\"LOWER\")` plus leftmost-longest selection, on a prefix of the corpus (slow). "
        "gazette: the whole CLI `gazette extract CORPUS --out DIR --format csv -q`, i.e. also walking the folder, "
        "reading files, front matter, markdown, language detection, normalization, matching, facts and writing "
        "the CSV tables. MB/s = input bytes / 1e6 / best wall time (a run over "
        f"{REPEAT_LIMIT_S:.0f} s is not repeated: see runs). The build time of gazette is one whole run on a one-line "
        "file (process start, gazetteer load and automaton build); its \"MB/s excl. build\" subtracts that from "
        "the best run, to compare with the peers' MB/s, which never include their build. The ratios use the "
        "whole-CLI MB/s.",
    ]
    if quality_note:
        lines += ["", quality_note]
    else:
        lines += ["", f"gold not found ({os.path.join(args.shared, 'corpus', 'gold', 'dev.tsv')}): quality skipped"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
