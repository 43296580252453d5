//! Integration tests of the `gazette` command line: samples, the seed article, bad
//! inputs, determinism and fatal errors. Tests that need ../shared skip with a
//! message when it is absent.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::Stdio;

use crate::util::{
    by_file_name, extract_to, gazette, optional_shared_dir, read_csv, repo, run, samples,
    shared_dir, skip, skip_part, Extracted, Workdir,
};

/// The canonical names mentioned in each ai-hubs sample (the same note in five
/// languages; see samples/EXPECTED.md).
const AI_HUBS: &[&str] = &[
    "Beijing",
    "Hangzhou",
    "Shenzhen",
    "Shanghai",
    "Singapore",
    "Abu Dhabi",
    "Tokyo",
    "Seoul",
    "Bengaluru",
    "DeepSeek",
    "Zhipu AI",
    "Tencent",
    "Huawei",
    "Alibaba",
    "Moonshot AI",
    "G42",
    "Technology Innovation Institute",
    "OpenAI",
    "Google DeepMind",
    "Samsung",
    "DeepSeek-V3",
    "GLM-4.5",
    "GLM",
    "Qwen3",
    "Qwen2.5",
    "Kimi K2",
    "Hunyuan",
    "Hunyuan-A13B",
    "Falcon",
    "Jais",
    "GPT-4o",
    "Claude",
    "WeChat",
    "Yuanbao",
    "Ascend",
];

/// The canonical names mentioned per document path.
fn names_by_path(x: &Extracted) -> BTreeMap<String, BTreeSet<String>> {
    x.mentions_by_path()
        .into_iter()
        .map(|(path, ms)| (path, ms.into_iter().map(|m| m["name"].clone()).collect()))
        .collect()
}

/// Every mention's offsets point at its surface in the original file, on
/// character boundaries, and its line is right. (Files transcoded from another
/// encoding have offsets into the decoded text; they are skipped here.)
fn assert_offsets(x: &Extracted) {
    let docs = x.csv("documents");
    let paths: BTreeMap<String, String> = docs
        .iter()
        .filter(|d| d["encoding"].starts_with("utf-8"))
        .map(|d| (d["doc_id"].clone(), d["path"].clone()))
        .collect();
    for m in x.csv("mentions") {
        let Some(path) = paths.get(&m["doc_id"]) else {
            continue;
        };
        let bytes = fs::read(path).unwrap();
        let (s, e): (usize, usize) = (m["start"].parse().unwrap(), m["end"].parse().unwrap());
        assert_eq!(
            std::str::from_utf8(&bytes[s..e]).unwrap(),
            m["surface"],
            "offsets of {m:?}"
        );
        let line = bytes[..s].iter().filter(|&&b| b == b'\n').count() + 1;
        assert_eq!(line.to_string(), m["line"], "line of {m:?}");
    }
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn samples_in_five_languages() {
    let w = Workdir::new();
    let x = extract_to(&w.path("out"), &[samples()], &[]).exits(0);
    let docs = x.csv("documents");
    assert_eq!(docs.len(), 7);
    for d in &docs {
        assert_eq!(d["status"], "ok", "{d:?}");
        if !d["declared_lang"].is_empty() {
            assert_eq!(d["detected_lang"], d["declared_lang"], "{d:?}");
        }
    }
    let names = names_by_path(&x);
    // GPT-4.1 is in the gazetteer as its own model (so that it is never GPT-4).
    let want: BTreeSet<String> = AI_HUBS
        .iter()
        .chain(&["GPT-4.1"])
        .map(|s| s.to_string())
        .collect();
    let names_of = |rel: &str| &names[samples().join(rel).to_str().unwrap()];
    for lang in ["ar", "en", "zh", "ja", "hi"] {
        let got = names_of(&format!("ai-hubs-{lang}.md"));
        let missing: Vec<_> = want.difference(got).collect();
        let extra: Vec<_> = got.difference(&want).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{lang}: missing {missing:?}, unexpected {extra:?}"
        );
    }
    assert_eq!(names_of("notes/plain-en.md"), &set(&["London", "Paris"]));
    assert_eq!(
        names_of("notes/release-notes-fr.md"),
        &set(&["Paris", "Mistral AI", "Hugging Face"])
    );
    assert_offsets(&x);
}

#[test]
fn samples_links_of_every_kind() {
    let w = Workdir::new();
    let x = extract_to(&w.path("out"), &[samples().join("ai-hubs-en.md")], &[]).exits(0);
    let links = x.csv("links");
    let kinds: BTreeSet<&str> = links.iter().map(|l| l["kind"].as_str()).collect();
    for k in ["inline", "reference", "autolink", "bare"] {
        assert!(kinds.contains(k), "no {k} link in {links:?}");
    }
    for l in &links {
        assert!(!l["domain"].is_empty(), "{l:?}");
        assert!(l["url"].contains(&l["domain"]), "{l:?}");
    }
    // The quoted title of the reference definition is not a mention.
    assert!(!x.csv("mentions").iter().any(|m| m["name"] == "ChatGPT"));
}

#[test]
fn seed_article() {
    let Some(shared) = shared_dir() else { return };
    let seed = shared.join("seed/000_f15964bf81c426eb.txt");
    let w = Workdir::new();
    let x = extract_to(&w.path("out"), &[&seed], &[]).exits(0);
    let docs = x.csv("documents");
    assert_eq!(docs[0]["detected_lang"], "ar");
    assert_eq!(docs[0]["script"], "Arabic");
    let names = names_by_path(&x);
    let got = &names[seed.to_str().unwrap()];
    for want in [
        "Hangzhou",
        "Beijing",
        "Guangzhou",
        "Shenzhen",
        "DeepSeek",
        "Zhipu AI",
        "Tencent",
        "Huawei",
        "SenseTime",
        "Malong Technologies",
        "WATRIX",
        "DeepSeek-V2",
        "GLM",
        "Hunyuan",
        "Hunyuan-A13B",
        "Pangu",
        "Pangu-Σ",
        "Pangu Pro 72B",
        "WeChat",
        "Yuanbao",
        "WeCom",
        "Ascend",
    ] {
        assert!(got.contains(want), "seed: {want} not found in {got:?}");
    }
    let links = x.csv("links");
    let domains: Vec<&str> = links.iter().map(|l| l["domain"].as_str()).collect();
    assert_eq!(
        domains,
        ["china-briefing.com", "linkedin.com", "cnbc.com", "scmp.com"]
    );
    // Front matter `model: x-ai/grok-4-fast` is not a mention.
    assert!(!got.contains("Grok") && !got.contains("xAI"), "{got:?}");
    assert_offsets(&x);
}

/// samples/, plus the blog corpus of ../shared when it is there.
fn samples_and_corpus() -> Vec<std::path::PathBuf> {
    let mut inputs = vec![samples()];
    if let Some(shared) = optional_shared_dir() {
        inputs.push(shared.join("corpus/blog"));
    }
    inputs
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let w = Workdir::new();
    let inputs = samples_and_corpus();
    let mut outputs = Vec::new();
    for jobs in ["1", "2", "8"] {
        let args = ["--jobs", jobs, "--format", "csv,json"];
        let x = extract_to(&w.path(&format!("out{jobs}")), &inputs, &args).exits(0);
        let files: Vec<Vec<u8>> = ["documents.csv", "mentions.csv", "links.csv", "gazette.json"]
            .iter()
            .map(|f| x.bytes(f))
            .collect();
        outputs.push(files);
    }
    assert!(outputs[0] == outputs[1] && outputs[1] == outputs[2]);
}

#[test]
fn bad_inputs_each_get_a_row_and_the_batch_goes_on() {
    let w = Workdir::new();
    let dir = w.dir("in");
    let files: &[(&str, &[u8])] = &[
        (
            "a-good.md",
            b"---\ntitle: Beijing\nlang: en\n---\nTencent is in Shenzhen.\n",
        ),
        ("b-empty.md", b""),
        (
            "c-bom.md",
            b"\xEF\xBB\xBF---\nlang: en\n---\nHuawei in Shenzhen.\n",
        ),
        (
            "d-crlf.md",
            b"---\r\nlang: en\r\n---\r\nLine one.\r\nTencent in Beijing.\r\n",
        ),
        ("e-binary.md", b"PK\x03\x04\x00\x00binary"),
        (
            "f-latin1.md",
            b"line one\nCaf\xE9 in Beijing, tr\xE8s \xE9l\xE9gant\n",
        ),
        ("f-bad-utf16.md", b"\xFF\xFE\x00\xD8"),
        ("g-unclosed.md", b"---\ntitle: x\n\nTencent\n"),
        (
            "h-bad-yaml.md",
            b"---\ntitle: ok\nlang: [en\n---\nTencent\n",
        ),
        (
            "i-no-front-matter.md",
            b"# Beijing\n\nJust text about Tencent.\n",
        ),
    ];
    for (name, bytes) in files {
        fs::write(dir.join(name), bytes).unwrap();
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("does-not-exist"), dir.join("j-dangling.md")).unwrap();
    let x = extract_to(&w.path("out"), &[&dir], &[]).exits(1);
    assert!(!x.run.stderr.contains("panicked"), "{}", x.run.stderr);
    let docs = x.csv("documents");
    let by_name = by_file_name(&docs);
    let expect: &[(&str, &str, &str)] = &[
        ("a-good.md", "ok", ""),
        ("b-empty.md", "ok", ""),
        ("c-bom.md", "ok", ""),
        ("d-crlf.md", "ok", ""),
        ("e-binary.md", "error", "binary"),
        ("f-latin1.md", "ok", ""),
        ("f-bad-utf16.md", "error", "malformed utf-16le"),
        ("g-unclosed.md", "warning", "never closed"),
        ("h-bad-yaml.md", "warning", "malformed YAML"),
        ("i-no-front-matter.md", "ok", ""),
        #[cfg(unix)]
        ("j-dangling.md", "error", "cannot read"),
    ];
    assert_eq!(docs.len(), expect.len(), "{docs:?}");
    for (name, status, err) in expect {
        let d = by_name[*name];
        assert_eq!(d["status"], *status, "{name}: {d:?}");
        assert!(d["error"].contains(err), "{name}: {d:?}");
    }
    assert_eq!(by_name["c-bom.md"]["encoding"], "utf-8-bom");
    assert_eq!(by_name["f-latin1.md"]["encoding"], "windows-1252");
    // Good files are fully extracted, with offsets into the original bytes (the
    // BOM counts, CRLF lines count).
    let names = names_by_path(&x);
    let name_of = |f: &str| names[dir.join(f).to_str().unwrap()].clone();
    assert_eq!(
        name_of("a-good.md"),
        set(&["Beijing", "Tencent", "Shenzhen"])
    );
    assert_eq!(name_of("c-bom.md"), set(&["Huawei", "Shenzhen"]));
    assert_eq!(name_of("d-crlf.md"), set(&["Tencent", "Beijing"]));
    assert_eq!(
        name_of("i-no-front-matter.md"),
        set(&["Beijing", "Tencent"])
    );
    assert_offsets(&x);
    let crlf: Vec<_> = x
        .csv("mentions")
        .into_iter()
        .filter(|m| m["surface"] == "Beijing" && m["field"] == "body")
        .collect();
    assert!(crlf.iter().any(|m| m["line"] == "5"), "{crlf:?}");
}

#[test]
fn missing_input_path_is_an_error_row() {
    let w = Workdir::new();
    let inputs = [w.path("nope.md"), samples().join("notes/plain-en.md")];
    let x = extract_to(&w.path("out"), &inputs, &[]).exits(1);
    let docs = x.csv("documents");
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["status"], "error");
    assert!(docs[0]["error"].contains("no such file"), "{docs:?}");
    assert_eq!(docs[1]["status"], "ok");
}

#[test]
fn malformed_gazetteer_is_exit_2_naming_file_and_line() {
    let w = Workdir::new();
    let g = w.write(
        "bad.csv",
        "id,type,name,aliases\ncity:x,city,X,Ex\ncity:y,city,Y,Why,extra\n",
    );
    let x = extract_to(
        &w.path("out"),
        &[samples()],
        &["--gazetteer", g.to_str().unwrap()],
    )
    .exits(2);
    assert!(x.run.stderr.contains("bad.csv:3:"), "{}", x.run.stderr);
    assert!(!x.out.join("documents.csv").exists());
}

#[test]
fn custom_gazetteer_without_default() {
    let w = Workdir::new();
    let g = w.write(
        "mine.csv",
        "id,type,name,aliases\ncity:london,city,London,Londres\n",
    );
    let x = extract_to(
        &w.path("out"),
        &[samples().join("notes/plain-en.md")],
        &["--no-default-gazetteer", "--gazetteer", g.to_str().unwrap()],
    )
    .exits(0);
    let mentions = x.csv("mentions");
    assert!(!mentions.is_empty());
    assert!(mentions.iter().all(|m| m["entity_id"] == "city:london"));
}

#[test]
fn unwritable_output_is_exit_2_before_any_work() {
    let w = Workdir::new();
    let file = w.write("a-file", "x");
    let x = extract_to(&file.join("sub"), &[samples()], &[]).exits(2);
    assert!(x.run.stderr.contains("a-file"), "{}", x.run.stderr);
}

#[test]
fn json_has_front_matter_mentions_and_links() {
    let w = Workdir::new();
    let ar = samples().join("ai-hubs-ar.md");
    let x = extract_to(&w.path("out"), &[ar], &["--format", "csv,json"]).exits(0);
    let v = x.json();
    let doc = &v["documents"][0];
    assert_eq!(doc["front_matter"]["lang"], "ar");
    assert_eq!(doc["front_matter"]["model"], "x-ai/grok-4-fast");
    assert_eq!(doc["detected_lang"], "ar");
    assert_eq!(
        doc["mentions"].as_array().unwrap().len(),
        x.csv("mentions").len()
    );
    assert_eq!(doc["links"].as_array().unwrap().len(), x.csv("links").len());
}

#[test]
fn help_for_every_subcommand() {
    for sub in [
        vec!["--help"],
        vec!["extract", "--help"],
        vec!["eval", "--help"],
    ] {
        let r = run(&sub).exits(0);
        assert!(r.stdout.contains("Usage"), "{}", r.stdout);
    }
    let r = run(&["extract", "--help"]);
    assert!(r.stdout.contains("Examples"), "{}", r.stdout);
    run(&["extract"]).exits(2);
}

#[test]
fn files_over_max_file_size_are_error_rows() {
    let w = Workdir::new();
    let dir = w.dir("in");
    fs::write(dir.join("big.md"), "Beijing ".repeat(300)).unwrap();
    fs::write(dir.join("small.md"), "Beijing").unwrap();
    let out = w.path("out");
    let x = extract_to(&out, &[&dir], &["--max-file-size", "1K"]).exits(1);
    let docs = x.csv("documents");
    assert_eq!(docs[0]["status"], "error");
    assert!(
        docs[0]["error"].contains("larger than --max-file-size"),
        "{docs:?}"
    );
    assert_eq!(docs[0]["bytes"], "2400");
    assert_eq!(docs[1]["status"], "ok");
    extract_to(&out, &[&dir], &["--max-file-size", "lots"]).exits(2);
}

#[test]
fn excel_flavour_has_bom_crlf_and_no_live_formulas() {
    let w = Workdir::new();
    let dir = w.dir("in");
    fs::write(
        dir.join("x.md"),
        "---\ntitle: \"=HYPERLINK(\\\"http://evil\\\")\"\nlang: ar\n---\nفي بكين تعمل شركة تنسنت.\n\n[@evil](https://a.example/x)\n",
    )
    .unwrap();
    let x = extract_to(&w.path("out"), &[&dir], &["--excel"]).exits(0);
    let bytes = x.bytes("documents.csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBFdoc_id,"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.contains("\r\n"));
    assert!(text.contains("'=HYPERLINK"), "{text}");
    let mentions = String::from_utf8(x.bytes("mentions.csv")[3..].to_vec()).unwrap();
    assert!(
        mentions.contains("بكين") && mentions.contains("تنسنت"),
        "{mentions}"
    );
    let links = String::from_utf8(x.bytes("links.csv")).unwrap();
    assert!(links.contains(",'@evil,"), "{links}");
    // The plain flavour keeps text exactly as written.
    let plain = extract_to(&w.path("plain"), &[&dir], &[]);
    assert!(plain.csv("documents")[0]["title"].starts_with("=HYPERLINK"));
}

#[test]
fn jsonl_streams_documents_in_input_order_to_stdout() {
    let r = gazette(&["extract"])
        .arg(samples())
        .args(["--out", "-", "--format", "jsonl", "--jobs", "2"])
        .run()
        .exits(0);
    let docs: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 7);
    let ids: Vec<u64> = docs.iter().map(|d| d["doc_id"].as_u64().unwrap()).collect();
    assert_eq!(ids, (1..=7).collect::<Vec<_>>());
    assert!(docs.iter().all(|d| d["mentions"].is_array()));
    // Tables need a folder: anything but jsonl with `--out -` is a usage error.
    gazette(&["extract"])
        .arg(samples())
        .args(["--out", "-"])
        .run()
        .exits(2);
}

#[test]
fn seed_facts_with_evidence() {
    let Some(shared) = shared_dir() else { return };
    let seed = shared.join("seed/000_f15964bf81c426eb.txt");
    let w = Workdir::new();
    let x = extract_to(&w.path("out"), &[seed], &[]).exits(0);
    let facts = x.csv("facts");
    for (s, p, o) in [
        ("DeepSeek", "located_in", "Hangzhou"),
        ("Zhipu AI", "located_in", "Beijing"),
        ("Tencent", "located_in", "Shenzhen"),
        ("Huawei", "located_in", "Shenzhen"),
        ("Hunyuan", "developed_by", "Tencent"),
        ("Pangu", "developed_by", "Huawei"),
        ("Yuanbao", "made_by", "Tencent"),
        ("Hunyuan-A13B", "variant_of", "Hunyuan"),
    ] {
        let f = facts
            .iter()
            .find(|f| f["subject"] == s && f["predicate"] == p && f["object"] == o)
            .unwrap_or_else(|| panic!("no fact {s} {p} {o} in {facts:#?}"));
        assert!(!f["evidence"].is_empty(), "{f:?}");
    }
    // Text facts quote their sentence: it contains both names as written.
    let hubs = facts
        .iter()
        .find(|f| f["subject"] == "DeepSeek" && f["predicate"] == "located_in")
        .unwrap();
    assert_eq!(hubs["source"], "text");
    assert!(hubs["evidence"].contains("هانغتشو") && hubs["evidence"].contains("DeepSeek"));
    let users = facts.iter().find(|f| f["predicate"] == "users").unwrap();
    assert_eq!(
        (users["subject"].as_str(), users["value"].as_str()),
        ("WeChat", "100000000")
    );
    let entities = x.csv("entities");
    let tencent = entities.iter().find(|e| e["name"] == "Tencent").unwrap();
    assert_eq!(tencent["documents"], "1");
    assert_eq!(tencent["languages"], "ar");
    assert_eq!(tencent["city"], "city:shenzhen");
}

#[test]
fn translations_table_on_samples() {
    let w = Workdir::new();
    let x = extract_to(&w.path("out"), &[samples()], &[]).exits(0);
    let rows = x.csv("translations");
    assert!(!rows.is_empty());
    assert!(rows
        .iter()
        .all(|r| r["group"] == "ai-hubs" && r["languages"] == "5"));
    // Every ai-hubs sample mentions Beijing: no row for it is flagged.
    let beijing = rows.iter().find(|r| r["name"] == "Beijing").unwrap();
    assert_eq!(beijing["flag"], "");
    for lang in ["ar", "en", "hi", "ja", "zh"] {
        assert!(beijing[lang].parse::<u32>().unwrap() > 0, "{beijing:?}");
    }
}

/// Python with openpyxl, to open the workbook in a real reader.
fn openpyxl() -> bool {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import openpyxl"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        skip_part("python3 with openpyxl not found, workbook not opened");
    }
    ok
}

#[test]
fn xlsx_workbook_opens_with_every_sheet_and_within_excel_limits() {
    let w = Workdir::new();
    let dir = w.dir("in");
    fs::copy(samples().join("ai-hubs-ar.md"), dir.join("ai-hubs-ar.md")).unwrap();
    fs::copy(samples().join("ai-hubs-en.md"), dir.join("ai-hubs-en.md")).unwrap();
    let long = format!("---\ntitle: {}\n---\nBeijing\n", "a".repeat(40_000));
    fs::write(dir.join("long.md"), long).unwrap();
    let x = extract_to(&w.path("out"), &[&dir], &["--format", "xlsx"]).exits(0);
    assert!(
        x.run.stderr.contains("cells longer than 32767"),
        "{}",
        x.run.stderr
    );
    assert!(x.bytes("gazette.xlsx").starts_with(b"PK"));
    if !openpyxl() {
        return;
    }
    let script = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    print(ws.title, ws.max_row, ws.freeze_panes, ws.auto_filter.ref)
ws = wb["Documents"]
print("title-len", max(len(str(c.value or "")) for c in ws["C"]))
print("arabic", any("بكين" in str(c.value) for c in wb["Mentions"]["E"]))
"#;
    let o = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(x.out.join("gazette.xlsx"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for sheet in [
        "Documents 4 A2",
        "Links",
        "Facts",
        "Entities",
        "Translations",
        "Notes",
    ] {
        assert!(text.contains(sheet), "{sheet} missing in {text}");
    }
    assert!(text.contains("Mentions"), "{text}");
    assert!(text.contains("title-len 32767"), "{text}");
    assert!(text.contains("arabic True"), "{text}");
}

#[test]
fn stderr_is_quiet_off_a_terminal_but_reports_errors() {
    let w = Workdir::new();
    let out = w.path("out");
    let x = extract_to(&out, &[samples()], &[]).exits(0);
    assert_eq!(
        x.run.stderr, "",
        "stderr is not a terminal here: nothing but errors"
    );
    let x = extract_to(&out, &[w.path("gone.md"), samples()], &[]).exits(1);
    assert!(
        x.run.stderr.contains("gone.md: no such file"),
        "{}",
        x.run.stderr
    );
}

#[test]
fn summary_on_a_terminal_unless_quiet() {
    if !Path::new("/usr/bin/script").exists() {
        skip("util-linux `script` not found to provide a terminal");
        return;
    }
    let w = Workdir::new();
    let out = w.path("out");
    let cmd = format!(
        "{} extract {} --out {}",
        env!("CARGO_BIN_EXE_gazette"),
        samples().display(),
        out.display()
    );
    let tty = |extra: &str| {
        let o = std::process::Command::new("script")
            .args(["-qec", &format!("{cmd}{extra}"), "/dev/null"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let text = tty("");
    assert!(text.contains("7 documents (7 ok, 0 failed)"), "{text}");
    assert!(text.contains("top entities:"), "{text}");
    assert!(text.contains("MB/s"), "{text}");
    assert!(
        text.contains(&format!("wrote CSV tables to {}", out.display())),
        "the summary names the output folder: {text}"
    );
    let quiet = tty(" --quiet");
    assert!(!quiet.contains("documents"), "{quiet}");
}

#[test]
fn stdin_jsonl_streams_one_result_per_line() {
    let mut input = String::new();
    for i in 0..600 {
        if i % 100 == 7 {
            input.push_str("{broken\n");
        } else {
            input.push_str(&format!(
                "{{\"id\": \"d{i}\", \"text\": \"Tencent {i} in Beijing\"}}\n"
            ));
        }
    }
    let r = gazette(&["extract", "--stdin-jsonl", "--jobs", "2"])
        .stdin(input)
        .run()
        .exits(1);
    assert!(!r.stdout.contains('\u{FFFD}'), "stdout is UTF-8");
    let lines: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 600);
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l["doc_id"].as_u64(), Some(i as u64 + 1));
        if i % 100 == 7 {
            assert_eq!(l["status"], "error");
        } else {
            assert_eq!(l["path"], format!("d{i}"));
            assert_eq!(l["mentions"].as_array().unwrap().len(), 2);
        }
    }
}

#[test]
fn shards_split_the_files_and_keep_global_ids() {
    let w = Workdir::new();
    let mut ids: Vec<u32> = Vec::new();
    for k in 0..3 {
        let shard = format!("{k}/3");
        let x = extract_to(
            &w.path(&format!("shard{k}")),
            &[samples()],
            &["--shard", &shard],
        )
        .exits(0);
        ids.extend(
            x.csv("documents")
                .iter()
                .map(|d| d["doc_id"].parse::<u32>().unwrap()),
        );
    }
    ids.sort();
    assert_eq!(ids, (1..=7).collect::<Vec<_>>());
    extract_to(&w.path("x"), &[samples()], &["--shard", "3/3"]).exits(2);
}

#[test]
fn merged_shards_equal_a_single_run() {
    let w = Workdir::new();
    let inputs = samples_and_corpus();
    let formats = ["--format", "csv,json"];
    let single = extract_to(&w.path("single"), &inputs, &formats).exits(0);
    let shards: Vec<_> = (0..3)
        .map(|k| {
            let shard = format!("{k}/3");
            let args = ["--shard", &shard, formats[0], formats[1]];
            extract_to(&w.path(&format!("s{k}")), &inputs, &args)
                .exits(0)
                .out
        })
        .collect();
    let merged = w.path("merged");
    gazette(&["merge"])
        .args(&shards)
        .arg("--out")
        .arg(&merged)
        .run()
        .exits(0);
    for table in [
        "documents.csv",
        "mentions.csv",
        "links.csv",
        "facts.csv",
        "entities.csv",
        "translations.csv",
        "gazette.json",
    ] {
        assert!(
            single.bytes(table) == fs::read(merged.join(table)).unwrap(),
            "{table} differs after merge"
        );
    }
}

#[test]
fn gazetteer_check_stats_and_export() {
    let r = run(&["gazetteer", "check"]).exits(0);
    assert!(r.stdout.contains("0 errors"), "{}", r.stdout);
    let w = Workdir::new();
    let bad = w.write(
        "bad.csv",
        "id,type,name,aliases\ncompany:fruit,company,Fruit Co,apple\ncity:paris2,city,Paris Two,Paris\n",
    );
    let r = gazette(&["gazetteer", "check"]).arg(&bad).run().exits(1);
    assert!(
        r.stdout.contains("bad.csv:2: error:") && r.stdout.contains("common word"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("names several entities"), "{}", r.stdout);
    let r = run(&["gazetteer", "stats"]).exits(0);
    assert!(
        r.stdout.contains("Arabic") && r.stdout.contains("Devanagari"),
        "{}",
        r.stdout
    );
    let r = run(&["gazetteer", "export"]).exits(0);
    assert!(r.stdout.starts_with("alias,entity_id,type\n"));
    assert!(
        r.stdout.contains("بكين,city:beijing,city"),
        "export lacks Arabic aliases"
    );
    for sub in ["check", "stats", "export"] {
        let r = run(&["gazetteer", sub, "--help"]);
        assert!(r.stdout.contains("Example"), "{sub}: {}", r.stdout);
    }
    for sub in ["report", "merge", "eval"] {
        let r = run(&[sub, "--help"]);
        assert!(r.stdout.contains("Example"), "{sub}: {}", r.stdout);
    }
}

/// A reader that stops early (`gazette gazetteer export | head -1`) ends the export
/// quietly with exit 0, not with a "Broken pipe" error.
#[test]
fn export_into_a_closed_pipe_is_quiet() {
    let mut child = gazette(&["gazetteer", "export"])
        .command()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gazette runs");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut head = [0u8; 20];
    stdout.read_exact(&mut head).expect("the header row");
    assert_eq!(&head, b"alias,entity_id,type");
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("piped stderr")
        .read_to_string(&mut stderr)
        .expect("stderr is text");
    let status = child.wait().expect("gazette ends");
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn front_matter_warnings_keep_the_document_and_exit_0() {
    let w = Workdir::new();
    let dir = w.path("in");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("a.md"),
        "---\ntitle: [x\n---\nTencent in Beijing.\n",
    )
    .unwrap();
    fs::write(dir.join("b.md"), "Huawei in Shenzhen.\n").unwrap();
    let out = w.path("out");
    let r = run(&[
        "extract",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert!(
        r.stderr.contains("a.md: warning: line 3: malformed YAML"),
        "{}",
        r.stderr
    );
    let docs = read_csv(&out.join("documents.csv"));
    let by_name = by_file_name(&docs);
    assert_eq!(by_name["a.md"]["status"], "warning");
    assert_eq!(by_name["a.md"]["mentions"], "2");
    assert_eq!(by_name["b.md"]["status"], "ok");
}

/// A gazetteer file of a user: the header of the built-in files.
const GZ_HEADER: &str = "id,type,name,aliases,ar,zh,ja,hi,other,exact,ambiguous,context,exclude,country,city,developer,family\n";

/// `gazetteer check FILE` reports that file's problems only, each on the row that
/// made it (a clash with the built-in set on the user's row), sorted by line as a
/// number; the built-in set's own warnings are one line.
#[test]
fn gazetteer_check_of_a_file_blames_its_rows_in_line_order() {
    let w = Workdir::new();
    // Lines 2..=11 lack a Chinese alias (a warning each); line 12 adds `Peking`,
    // an alias of the built-in city:beijing.
    let mut rows: String = (1..=10)
        .map(|i| format!("city:town{i},city,Town{i},,بلدة{i},,,,,,,,,,,,\n"))
        .collect();
    rows.push_str("city:old-capital,city,Old Capital,Peking,عاصمة,旧都,,,,,,,,,,,\n");
    let mine = w.write("mine.csv", format!("{GZ_HEADER}{rows}"));
    let r = gazette(&["gazetteer", "check"]).arg(&mine).run().exits(1);
    let name = mine.display().to_string();
    let lines: Vec<&str> = r.stdout.lines().collect();
    let findings: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .collect();
    assert!(
        findings.iter().all(|l| l.starts_with(&format!("{name}:"))),
        "only the named file's rows: {}",
        r.stdout
    );
    let numbers: Vec<u64> = findings
        .iter()
        .map(|l| {
            l[name.len() + 1..]
                .split(':')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    assert_eq!(numbers, (2..=12).collect::<Vec<u64>>(), "{}", r.stdout);
    assert!(
        findings[10].starts_with(&format!("{name}:12: error: alias `peking` names several entities: city:old-capital (`Peking`) here, and city:beijing (`Peking`, gazetteer/cities.csv:2)")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("(not shown: 0 errors, 26 warnings of the built-in gazetteer"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.ends_with(&format!(
            "11 entities: 1 error, 10 warnings (in {name}, checked against the 122 built-in entities)\n"
        )),
        "{}",
        r.stdout
    );
}

/// Under --no-default-gazetteer a reference to a built-in id is a finding on its
/// row that says where the id is, not `: error: FILE:LINE: ...`.
#[test]
fn gazetteer_check_without_the_built_in_set_explains_a_built_in_reference() {
    let w = Workdir::new();
    let full = w.write(
        "full.csv",
        format!(
            "{GZ_HEADER}company:acme,company,Acme Labs,,أكمي,艾克米,,,,,,,,CN,city:beijing,,\n"
        ),
    );
    let r = gazette(&["gazetteer", "check", "--no-default-gazetteer"])
        .arg(&full)
        .run()
        .exits(1);
    assert!(
        r.stdout.starts_with(&format!(
            "{}:2: error: `city` refers to unknown id `city:beijing` (entity `company:acme`); \
             `city:beijing` is in the built-in gazetteer (gazetteer/cities.csv:2), which \
             --no-default-gazetteer leaves out",
            full.display()
        )),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.starts_with(':') && !r.stdout.contains("\n:"),
        "no finding without its row: {}",
        r.stdout
    );
    // extract says the same (exit 2, the gazetteer cannot be used).
    let x = extract_to(
        &w.path("out"),
        &[samples().join("notes/plain-en.md")],
        &[
            "--no-default-gazetteer",
            "--gazetteer",
            full.to_str().unwrap(),
        ],
    )
    .exits(2);
    assert!(
        x.run
            .stderr
            .contains("is in the built-in gazetteer (gazetteer/cities.csv:2)"),
        "{}",
        x.run.stderr
    );
}

/// An id whose prefix is one of the four types must have that type.
#[test]
fn an_id_must_agree_with_its_type() {
    let w = Workdir::new();
    let g = w.write(
        "org.csv",
        format!("{GZ_HEADER}company:acme,organisation,Acme Labs,,أكمي,艾克米,,,,,,,,,,,\n"),
    );
    let r = gazette(&["gazetteer", "check"]).arg(&g).run().exits(2);
    assert!(
        r.stderr.contains(&format!(
            "{}:2: id `company:acme` names type `company` but the row's type is `organisation`",
            g.display()
        )),
        "{}",
        r.stderr
    );
    let x = extract_to(
        &w.path("out"),
        &[samples().join("notes/plain-en.md")],
        &["--gazetteer", g.to_str().unwrap()],
    )
    .exits(2);
    assert!(
        x.run.stderr.contains("names type `company`"),
        "{}",
        x.run.stderr
    );
}

/// `extract` (and `report`) warn once per alias clash between gazetteer files,
/// naming both rows; not with --quiet.
#[test]
fn extract_warns_about_alias_clashes_between_gazetteers() {
    let w = Workdir::new();
    let g = w.write(
        "mine.csv",
        format!(
            "{GZ_HEADER}city:acme-town,city,Acme Town,,,,,,,,,,,,,,\n\
             city:old-capital,city,Old Capital,Peking,,,,,,,,,,,,,\n"
        ),
    );
    let doc = w.write("a.md", "I flew to Peking.\n");
    let want = format!(
        "gazette: {}:3: warning: alias `Peking` of city:old-capital also names city:beijing \
         (`Peking`, gazetteer/cities.csv:2): where it occurs, both are mentioned\n",
        g.display()
    );
    let x = extract_to(
        &w.path("out"),
        &[&doc],
        &["--gazetteer", g.to_str().unwrap()],
    )
    .exits(0);
    assert_eq!(x.run.stderr, want);
    let x = extract_to(
        &w.path("out"),
        &[&doc],
        &["--gazetteer", g.to_str().unwrap(), "--quiet"],
    )
    .exits(0);
    assert_eq!(x.run.stderr, "");
    let r = gazette(&["report"])
        .arg(&doc)
        .args(["--gazetteer", g.to_str().unwrap(), "--out"])
        .arg(w.path("r.html"))
        .run()
        .exits(0);
    assert_eq!(r.stderr, want);
}

/// One-line articles keep the language their front matter declares where
/// detection is unsure (detected_lang); a sure detection keeps its answer.
#[test]
fn short_articles_take_their_declared_language() {
    let w = Workdir::new();
    let articles = [
        ("en1.md", "en", "Alibaba released Qwen3 today."),
        ("en2.md", "en", "Zhipu AI raised money again."),
        ("fr1.md", "fr", "Huawei présente ses puces Ascend."),
        ("fr2.md", "fr", "Nouvelle version de Kimi chez Moonshot."),
        (
            "sure.md",
            "fr",
            "The model is open and it was trained by the lab in the city of Paris, which is \
             the home of the company that has the most users for this kind of tool.",
        ),
    ];
    for (name, lang, text) in articles {
        w.write(name, format!("---\nlang: {lang}\n---\n{text}\n"));
    }
    let x = extract_to(&w.path("out"), &[w.path("")], &["--format", "csv"]).exits(0);
    let docs = x.csv("documents");
    let detected: BTreeMap<String, String> = by_file_name(&docs)
        .into_iter()
        .map(|(name, d)| (name, d["detected_lang"].clone()))
        .collect();
    let want: BTreeMap<String, String> = [
        ("en1.md", "en"),
        ("en2.md", "en"),
        ("fr1.md", "fr"),
        ("fr2.md", "fr"),
        ("sure.md", "en"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(detected, want);
}

/// The README installs the command before any example calls it, and the
/// release binary carries no debug info (the `profiling` profile does).
#[test]
fn the_readme_installs_gazette_first_and_the_release_build_is_lean() {
    let readme = fs::read_to_string(repo().join("README.md")).unwrap();
    let install = readme
        .find("cargo install --locked --path .")
        .expect("the README says how to install the command");
    let first_call = readme
        .lines()
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len() + 1;
            Some((start, line))
        })
        .find(|(_, line)| line.trim_start().starts_with("gazette "))
        .map(|(at, _)| at)
        .expect("the README has gazette examples");
    assert!(
        install < first_call,
        "install comes before the first example"
    );
    let manifest = fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    let release = manifest
        .split("\n[")
        .find(|section| section.starts_with("profile.release]"))
        .expect("Cargo.toml has a release profile");
    for line in release.lines() {
        let line = line.trim();
        assert!(
            !(line.starts_with("debug") && !line.ends_with("= 0") && !line.ends_with("false")),
            "the release profile keeps debug info: {line}"
        );
    }
    let profiling = manifest
        .split("\n[")
        .find(|section| section.starts_with("profile.profiling]"))
        .expect("a profiling profile with line tables");
    assert!(profiling.contains("debug = 1"), "{profiling}");
}
