//! Character offsets (`char_start`, `char_end`) end to end: over the samples and
//! a few files written here (a UTF-8 byte order mark, CRLF line ends, emoji and
//! other astral characters, UTF-16), Python's `text[char_start:char_end]` on the
//! file's text is the surface of every mention and the whole of every link; and
//! gazette.json, gazette.jsonl and the CSV tables give the same offsets.

use std::collections::BTreeMap;
use std::fs;

use crate::util::{extract_to, samples, Extracted, Row, Workdir};

/// Python's `text[from:to]` (indices in Unicode scalar values).
fn py_slice(text: &str, from: usize, to: usize) -> String {
    text.chars()
        .skip(from)
        .take(to.saturating_sub(from))
        .collect()
}

/// The file's text as Python reads it: `open(path, encoding="utf-8",
/// newline="")` for UTF-8 (a byte order mark stays, as U+FEFF), `encoding=
/// "utf-16"` for UTF-16 with a byte order mark (which it drops).
fn python_text(bytes: &[u8], encoding: &str) -> String {
    match encoding {
        "utf-8" | "utf-8-bom" => String::from_utf8(bytes.to_vec()).expect("UTF-8"),
        "utf-16le" => {
            let units: Vec<u16> = (bytes[2..].chunks_exact(2))
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).expect("UTF-16")
        }
        other => panic!("no Python decoding in this test for {other}"),
    }
}

/// Offsets of a row: (start, end, char_start, char_end).
fn offsets(r: &Row) -> [usize; 4] {
    ["start", "end", "char_start", "char_end"]
        .map(|k| r[k].parse().unwrap_or_else(|e| panic!("{k} of {r:?}: {e}")))
}

/// Extracts the samples and files with a BOM, CRLF, emoji and UTF-16 into `w`.
fn extract_all(w: &Workdir) -> Extracted {
    let own = w.dir("own");
    let body = "---\r\ntitle: \"🚀 北京 and Shenzhen\"\r\n---\r\n\
        😀 في بكين، 𝕏 تعمل [Zhipu AI 🐧](https://zhipu.example/) في هانغتشو.\r\n\
        👩‍💻 腾讯在深圳，阿里巴巴在杭州。Huawei 🐧 <https://huawei.example/>\r\n";
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(body.as_bytes());
    fs::write(own.join("bom.md"), bom).unwrap();
    fs::write(own.join("crlf.md"), body).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(body.encode_utf16().flat_map(u16::to_le_bytes));
    fs::write(own.join("utf16.md"), utf16).unwrap();
    extract_to(
        &w.path("out"),
        &[samples(), own],
        &["--format", "csv,json,jsonl"],
    )
    .exits(0)
}

#[test]
fn char_offsets_slice_the_surface_as_python_does() {
    let w = Workdir::new();
    let x = extract_all(&w);
    let docs: BTreeMap<String, (String, String)> = (x.csv("documents").into_iter())
        .map(|d| {
            (
                d["doc_id"].clone(),
                (d["path"].clone(), d["encoding"].clone()),
            )
        })
        .collect();
    let encodings: Vec<&str> = docs.values().map(|d| d.1.as_str()).collect();
    for e in ["utf-8", "utf-8-bom", "utf-16le"] {
        assert!(encodings.contains(&e), "no {e} file in {encodings:?}");
    }
    let texts: BTreeMap<&String, (Vec<u8>, String)> = (docs.iter())
        .map(|(id, (path, enc))| {
            let bytes = fs::read(path).unwrap();
            let text = python_text(&bytes, enc);
            (id, (bytes, text))
        })
        .collect();
    let mentions = x.csv("mentions");
    let mut per_encoding: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &mentions {
        let (bytes, text) = &texts[&m["doc_id"]];
        let [start, end, char_start, char_end] = offsets(m);
        assert_eq!(py_slice(text, char_start, char_end), m["surface"], "{m:?}");
        let encoding = docs[&m["doc_id"]].1.as_str();
        if encoding != "utf-16le" {
            assert_eq!(&bytes[start..end], m["surface"].as_bytes(), "{m:?}");
        }
        *per_encoding.entry(encoding).or_default() += 1;
    }
    assert!(per_encoding.values().all(|&n| n >= 7), "{per_encoding:?}");
    // The new user's example: بكين at bytes 461..469 of the Arabic sample.
    let beijing = (mentions.iter())
        .find(|m| docs[&m["doc_id"]].0.ends_with("ai-hubs-ar.md") && m["start"] == "461")
        .expect("a mention at byte 461 of the Arabic sample");
    assert_eq!(beijing["surface"], "بكين");
    let [_, _, s, e] = offsets(beijing);
    assert_eq!(py_slice(&texts[&beijing["doc_id"]].1, s, e), "بكين");

    let links = x.csv("links");
    assert!(links.len() >= 10, "{links:?}");
    for l in &links {
        let (bytes, text) = &texts[&l["doc_id"]];
        let [start, end, char_start, char_end] = offsets(l);
        let link = py_slice(text, char_start, char_end);
        assert!(link.contains(l["text"].as_str()), "{l:?}: {link:?}");
        if docs[&l["doc_id"]].1 != "utf-16le" {
            assert_eq!(&bytes[start..end], link.as_bytes(), "{l:?}");
        }
    }
    // The BOM is one character more than the same text without it.
    let own = |name: &str| {
        let id = (docs.iter())
            .find(|(_, d)| d.0.ends_with(name))
            .map(|(id, _)| id.clone())
            .unwrap();
        (mentions.iter())
            .filter(|m| m["doc_id"] == id)
            .map(|m| (m["surface"].clone(), offsets(m)))
            .collect::<Vec<_>>()
    };
    let (bom, crlf, utf16) = (own("bom.md"), own("crlf.md"), own("utf16.md"));
    assert_eq!(bom.len(), crlf.len());
    assert!(bom.len() >= 7, "{bom:?}");
    for ((b, c), u) in bom.iter().zip(&crlf).zip(&utf16) {
        assert_eq!((&b.0, b.1[0], b.1[2]), (&c.0, c.1[0] + 3, c.1[2] + 1));
        assert_eq!(c, u, "UTF-16 offsets are those of the decoded text");
    }
}

#[test]
fn json_jsonl_and_csv_give_the_same_offsets() {
    let w = Workdir::new();
    let x = extract_all(&w);
    let json = x.json();
    let jsonl: Vec<serde_json::Value> = String::from_utf8(x.bytes("gazette.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let documents = json["documents"].as_array().unwrap();
    assert_eq!(documents, &jsonl);
    for (table, key, text) in [
        ("mentions", "mentions", "surface"),
        ("links", "links", "text"),
    ] {
        let from_json: Vec<(String, String, [usize; 4])> = (documents.iter())
            .flat_map(|d| {
                let id = d["doc_id"].to_string();
                (d[key].as_array().unwrap().iter()).map(move |m| {
                    let n = |k: &str| m[k].as_u64().unwrap() as usize;
                    let o = [n("start"), n("end"), n("char_start"), n("char_end")];
                    (id.clone(), m[text].as_str().unwrap().to_string(), o)
                })
            })
            .collect();
        let from_csv: Vec<(String, String, [usize; 4])> = (x.csv(table).iter())
            .map(|r| (r["doc_id"].clone(), r[text].clone(), offsets(r)))
            .collect();
        assert!(from_csv.len() >= 10, "{table}: {from_csv:?}");
        assert_eq!(from_json, from_csv, "{table}");
    }
}
