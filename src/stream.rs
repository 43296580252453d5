//! Streaming mode: JSON Lines in, JSON Lines out, one result per input line, in
//! input order, for `RDD.pipe`, Hadoop Streaming and GNU parallel.
//!
//! Each input line is an object with `text` (required), `path` or `id`, and any
//! other fields, which count as front matter fields (`lang`, `title`, ...) where the
//! text's own front matter does not set them. Each output line is the document
//! object of gazette.jsonl (`doc_id` is the input line number). A line that is not
//! such an object gives an error record for that line (`status: error`) and the
//! stream goes on. Lines are read and extracted a batch at a time and every batch
//! is flushed, so memory stays bounded and results flow as they are ready. It does
//! not read files.

use std::io::{BufRead, Write};

use serde_json::{Map, Value};

use crate::document::{Document, Extractor, Status};
use crate::error::{Error, Result};
use crate::output::json::JsonDocument;
use crate::pipeline::Summary;

/// Input lines per batch.
const BATCH_LINES: usize = 256;

/// Turns one input line into a document.
fn document_of(extractor: &Extractor, line_no: usize, line: &str) -> Document {
    let fail = |path: String, msg: String| {
        Document::failed(
            line_no,
            path,
            line.len() as u64,
            format!("line {line_no}: {msg}"),
        )
    };
    let value: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return fail(format!("line {line_no}"), format!("not JSON: {e}")),
    };
    let Value::Object(mut obj) = value else {
        return fail(format!("line {line_no}"), "not a JSON object".into());
    };
    let path = match obj.remove("path").or_else(|| obj.remove("id")) {
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        _ => format!("line {line_no}"),
    };
    let Some(Value::String(text)) = obj.remove("text") else {
        return fail(path, "no `text` string field".into());
    };
    let mut doc = extractor.extract_text(line_no, path, &text, 0);
    if doc.status != Status::Error {
        merge_fields(&mut doc, obj);
    }
    doc
}

/// Adds the object's other fields as front matter where the text has none.
fn merge_fields(doc: &mut Document, fields: Map<String, Value>) {
    for (k, v) in fields {
        if doc.front_matter.contains_key(&k) {
            continue;
        }
        if let Value::String(s) = &v {
            match k.as_str() {
                "lang" | "language" if doc.declared_lang.is_none() => {
                    doc.declared_lang = Some(s.clone())
                }
                "title" if doc.title.is_none() => doc.title = Some(s.clone()),
                _ => {}
            }
        }
        doc.front_matter.insert(k, v);
    }
}

/// Reads JSON Lines from `input` and writes one result line per input line to
/// `output`, with `jobs` worker threads (0: default), through the one ordered
/// driver ([`crate::pipeline::drive`]), flushing after every batch.
pub fn run(
    input: impl BufRead,
    output: impl Write,
    extractor: &Extractor,
    jobs: usize,
) -> Result<Summary> {
    // Written document by document and flushed batch by batch: two callbacks
    // of the driver share the writer, one at a time.
    let output = std::cell::RefCell::new(output);
    let stdout = std::path::Path::new("<stdout>");
    let g = extractor.matcher().gazetteer();
    let mut lines = input.lines().enumerate();
    let write = |doc: &Document| -> Result<()> {
        let mut bytes = serde_json::to_vec(&JsonDocument::new(doc, g))
            .map_err(|e| Error::output(stdout, e.into()))?;
        bytes.push(b'\n');
        output
            .borrow_mut()
            .write_all(&bytes)
            .map_err(|e| Error::output(stdout, e))
    };
    crate::pipeline::drive(
        jobs,
        |_| BATCH_LINES,
        |n| {
            lines
                .by_ref()
                .take(n)
                .map(|(i, line)| {
                    line.map(|l| (i + 1, l))
                        .map_err(|e| Error::input(std::path::Path::new("<stdin>"), e))
                })
                .collect()
        },
        false,
        |(n, line): (usize, String)| document_of(extractor, n, &line),
        write,
        || {
            output
                .borrow_mut()
                .flush()
                .map_err(|e| Error::output(stdout, e))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn extractor() -> Extractor {
        let m = crate::Matcher::new(crate::Gazetteer::default_embedded().unwrap()).unwrap();
        Extractor::new(Arc::new(m))
    }

    #[test]
    fn one_result_per_line_in_order_with_errors_for_bad_lines() {
        let input = concat!(
            "{\"path\": \"a.md\", \"text\": \"Tencent in Shenzhen\", \"lang\": \"en\"}\n",
            "not json\n",
            "{\"id\": 7, \"text\": \"---\\nlang: ar\\n---\\nفي بكين\"}\n",
            "[1, 2]\n",
            "{\"path\": \"no-text.md\"}\n",
            "\n",
            "{\"text\": \"Huawei\"}\n",
        );
        let mut out = Vec::new();
        let s = run(input.as_bytes(), &mut out, &extractor(), 2).unwrap();
        assert_eq!((s.documents, s.ok, s.failed), (7, 3, 4));
        let lines: Vec<Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 7);
        let ids: Vec<u64> = lines
            .iter()
            .map(|l| l["doc_id"].as_u64().unwrap())
            .collect();
        assert_eq!(ids, [1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(lines[0]["path"], "a.md");
        assert_eq!(lines[0]["declared_lang"], "en");
        assert_eq!(lines[0]["mentions"].as_array().unwrap().len(), 2);
        assert_eq!(lines[1]["status"], "error");
        assert!(lines[1]["error"]
            .as_str()
            .unwrap()
            .starts_with("line 2: not JSON"));
        assert_eq!(lines[2]["path"], "7");
        assert_eq!(lines[2]["declared_lang"], "ar");
        assert_eq!(lines[4]["status"], "error");
        assert_eq!(lines[5]["status"], "error");
        assert_eq!(lines[6]["mentions"][0]["name"], "Huawei");
    }
}
