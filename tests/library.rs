//! gazette as a library: mentions that name their entity and carry the CSV's
//! `variant` and `family` text, the declared-language hint, the builder's
//! gazetteers and errors, the public JSON records read back from real
//! gazette.json and gazette.jsonl files, and a library build without the command
//! line's dependencies.

use std::path::Path;
use std::process::Command;

use gazette::{EntityType, ErrorKind, Extractor, Input};

use crate::util::{extract_to, repo, samples, skip, Workdir};

/// A CSV cell as the library's `Option<&str>` (empty is `None`).
fn cell(row: &crate::util::Row, key: &str) -> Option<String> {
    Some(row[key].clone()).filter(|s| !s.is_empty())
}

#[test]
fn library_mentions_say_what_the_csv_says() {
    let work = Workdir::new();
    let out = extract_to(&work.path("out"), &[samples()], &["--format", "csv"]).exits(0);
    let by_path = out.mentions_by_path();
    let docs = out.csv("documents");
    let extractor = Extractor::builder().build().expect("built-in extractor");
    let mut seen = 0;
    for d in &docs {
        let bytes = std::fs::read(&d["path"]).expect("sample file");
        let doc = extractor.extract(Input::bytes(&bytes).path(d["path"].as_str()));
        assert_eq!(
            doc.detected_lang().map(str::to_string),
            cell(d, "detected_lang")
        );
        let rows = &by_path[&d["path"]];
        assert_eq!(doc.mentions.len(), rows.len(), "{}", d["path"]);
        for (m, r) in doc.mentions.iter().zip(rows) {
            let e = m.entity();
            assert_eq!(
                (&e.id, e.kind.as_str(), &e.name, &m.surface),
                (
                    &r["entity_id"],
                    r["type"].as_str(),
                    &r["name"],
                    &r["surface"]
                )
            );
            assert_eq!(m.variant().map(str::to_string), cell(r, "variant"), "{r:?}");
            assert_eq!(m.family().map(str::to_string), cell(r, "family"), "{r:?}");
            assert_eq!(
                (
                    m.start,
                    m.end,
                    m.char_start,
                    m.char_end,
                    m.line,
                    m.field.as_str()
                ),
                (
                    r["start"].parse().unwrap(),
                    r["end"].parse().unwrap(),
                    r["char_start"].parse().unwrap(),
                    r["char_end"].parse().unwrap(),
                    r["line"].parse().unwrap(),
                    r["field"].as_str()
                )
            );
            seen += usize::from(m.variant().is_some());
        }
    }
    assert!(seen > 0, "the samples have model variants");
}

#[test]
fn extract_str_names_entities_without_the_gazetteer() {
    let doc = gazette::extract_str("DeepSeek, based in Hangzhou, trails Qwen2.5-72B-Instruct.");
    let found: Vec<(&str, &EntityType, Option<&str>)> = (doc.mentions.iter())
        .map(|m| (m.entity().id.as_str(), &m.entity().kind, m.variant()))
        .collect();
    assert_eq!(
        found,
        [
            ("company:deepseek", &EntityType::Company, None),
            ("city:hangzhou", &EntityType::City, None),
            (
                "model:qwen2.5",
                &EntityType::Model,
                Some("Qwen2.5-72B-Instruct")
            ),
        ]
    );
    // A mention outlives its extractor and compares by what it says.
    let first = doc.mentions[0].clone();
    drop(doc);
    assert_eq!(first.entity().name, "DeepSeek");
    assert!(format!("{first:?}").contains("company:deepseek"));
}

#[test]
fn the_language_hint_counts_only_where_the_front_matter_declares_none() {
    let ex = Extractor::builder().build().expect("extractor");
    let doc = ex.extract(Input::text("Tencent in Shenzhen.").lang("en").doc_id(7));
    assert_eq!((doc.doc_id, doc.declared_lang.as_deref()), (7, Some("en")));
    let doc = ex.extract(Input::text("---\nlang: fr\n---\nTencent à Shenzhen.").lang("en"));
    assert_eq!(doc.declared_lang.as_deref(), Some("fr"));
    let doc = ex.extract_str("Tencent in Shenzhen.");
    assert_eq!(
        (doc.doc_id, doc.path.as_str(), doc.declared_lang),
        (1, "", None)
    );
    // Bytes are decoded as files are: UTF-16 with its byte order mark.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend("腾讯在深圳".encode_utf16().flat_map(u16::to_le_bytes));
    let doc = ex.extract(Input::bytes(&utf16).keep_text());
    assert_eq!(doc.encoding, "utf-16le");
    assert_eq!(doc.text.as_deref(), Some("腾讯在深圳"));
    assert_eq!(doc.mentions.len(), 2);
}

#[test]
fn the_builder_adds_gazetteers_and_names_their_errors() {
    let work = Workdir::new();
    let csv = "id,type,name,aliases\ncity:springfield,city,Springfield,Spfld\n";
    let file = work.write("mine.csv", csv);
    let only_mine = Extractor::builder()
        .no_default_gazetteer()
        .gazetteer_file(&file)
        .build()
        .expect("my gazetteer");
    let doc = only_mine.extract_str("Tencent opened in Spfld.");
    let ids: Vec<&str> = doc
        .mentions
        .iter()
        .map(|m| m.entity().id.as_str())
        .collect();
    assert_eq!(ids, ["city:springfield"]);
    assert_eq!(only_mine.gazetteer().len(), 1);

    let e = Extractor::builder()
        .no_default_gazetteer()
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Usage, "{e}");
    let missing = work.path("missing.csv");
    let e = Extractor::builder()
        .gazetteer_file(&missing)
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("missing.csv"), "{e}");
    let e = (Extractor::builder())
        .gazetteer_csv("mine.csv", "id,type,name\ncity:x,city,X\ncity:x,city,X\n")
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("mine.csv:3"), "{e}");
    assert!(e.to_string().contains("duplicate id `city:x`"), "{e}");
}

/// Every line of `gazette.jsonl` in `dir`.
fn jsonl_lines(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("gazette.jsonl")).expect("gazette.jsonl");
    text.lines().map(str::to_string).collect()
}

#[test]
fn gazette_json_and_jsonl_read_back_into_the_public_records() {
    let work = Workdir::new();
    let binary = work.write("binary.md", b"GIF89a\0\0\0");
    let inputs = [samples(), repo().join("tests/bad-inputs"), binary];
    let out = extract_to(&work.path("out"), &inputs, &["--format", "json,jsonl"]);
    assert!(out.run.code == 0 || out.run.code == 1, "{}", out.run.stderr);
    let lines = jsonl_lines(&out.out);
    assert!(lines.len() > 15, "{} documents", lines.len());
    let mut mentions = 0;
    let mut statuses = std::collections::BTreeSet::new();
    for line in &lines {
        let doc: gazette::json::Document = serde_json::from_str(line).expect("a jsonl record");
        // Every key is a field: written again, the record is the same bytes.
        assert_eq!(&serde_json::to_string(&doc).unwrap(), line);
        mentions += doc.mentions.len();
        statuses.insert(doc.status.to_string());
    }
    assert!(mentions > 100, "{mentions} mentions");
    assert_eq!(
        statuses.into_iter().collect::<Vec<_>>(),
        ["error", "ok", "warning"]
    );
    let all: gazette::json::Output =
        serde_json::from_slice(&out.bytes("gazette.json")).expect("gazette.json");
    assert!(all.generator.starts_with("gazette "), "{}", all.generator);
    let again: Vec<String> = (all.documents.iter())
        .map(|d| serde_json::to_string(d).unwrap())
        .collect();
    assert_eq!(again, lines, "gazette.json holds the jsonl records");

    // A library document's record is the CLI's line for the same file.
    let first: gazette::json::Document = serde_json::from_str(&lines[0]).unwrap();
    let ex = Extractor::builder().build().unwrap();
    let bytes = std::fs::read(first.path.as_ref()).unwrap();
    let doc = ex.extract(Input::bytes(&bytes).path(first.path.as_ref()));
    let record = gazette::json::Document::new(&doc, ex.gazetteer());
    assert_eq!(serde_json::to_string(&record).unwrap(), lines[0]);
}

#[test]
fn the_library_builds_without_the_command_line_dependencies() {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let tree = |features: &[&str]| {
        let out = Command::new(&cargo)
            .args([
                "tree",
                "--offline",
                "--locked",
                "-e",
                "normal",
                "--prefix",
                "none",
            ])
            .args(features)
            .current_dir(repo())
            .output()
            .ok()
            .filter(|o| o.status.success())?;
        Some(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let (Some(lib), Some(full)) = (tree(&["--no-default-features"]), tree(&[])) else {
        return skip("`cargo tree --offline` did not run");
    };
    let has = |tree: &str, krate: &str| tree.lines().any(|l| l.starts_with(&format!("{krate} v")));
    for krate in ["clap", "indicatif", "rust_xlsxwriter"] {
        assert!(has(&full, krate), "the default build has {krate}");
        assert!(!has(&lib, krate), "--no-default-features still has {krate}");
    }
    assert!(has(&lib, "pulldown-cmark"));
}
