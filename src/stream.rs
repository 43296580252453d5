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

use crate::document::{Document, Extractor};
use crate::error::{Error, Result};
use crate::json::Document as JsonDocument;
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
    if !doc.status.is_error() {
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
                    doc.declared_lang = Some(s.clone());
                    doc.language = doc.language.take().map(|l| l.prefer_declared(Some(s)));
                }
                "title" if doc.title.is_none() => doc.title = Some(s.clone()),
                _ => {}
            }
        }
        doc.front_matter.insert(k, v);
    }
}

/// The longest input line read (64 MiB); a longer one is an error record, and
/// the rest of it is skipped without being kept in memory.
const MAX_LINE_BYTES: usize = 64 << 20;

/// One input line as read: its number and bytes (without the line end).
struct Line {
    number: usize,
    bytes: Vec<u8>,
    /// The line was longer than [`MAX_LINE_BYTES`] (its bytes are not kept).
    too_long: bool,
}

/// Reads lines as bytes, whatever they hold: every line of the input gives one
/// [`Line`], including lines that are not UTF-8. A byte order mark at the start
/// of the stream is skipped; `\n` and `\r\n` end lines.
struct Lines<R> {
    input: R,
    number: usize,
}

impl<R: BufRead> Lines<R> {
    fn new(input: R) -> Self {
        Lines { input, number: 0 }
    }

    /// The next line, or `None` at the end of the input.
    fn next_line(&mut self) -> std::io::Result<Option<Line>> {
        let mut bytes = Vec::new();
        let mut too_long = false;
        let mut read_any = false;
        loop {
            let buf = self.input.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            read_any = true;
            let (chunk, done) = match memchr::memchr(b'\n', buf) {
                Some(i) => (&buf[..i], Some(i + 1)),
                None => (buf, None),
            };
            if !too_long && bytes.len() + chunk.len() <= MAX_LINE_BYTES {
                bytes.extend_from_slice(chunk);
            } else if !too_long {
                too_long = true;
                bytes = Vec::new();
            }
            let used = done.unwrap_or(buf.len());
            self.input.consume(used);
            if done.is_some() {
                break;
            }
        }
        if !read_any {
            return Ok(None);
        }
        self.number += 1;
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
        if self.number == 1 {
            if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
                bytes = rest.to_vec();
            }
        }
        Ok(Some(Line {
            number: self.number,
            bytes,
            too_long,
        }))
    }
}

/// Turns one input line into a document: a line that is not UTF-8 is decoded
/// with each invalid sequence replaced by U+FFFD, and its document says so
/// (status `warning`); a line over [`MAX_LINE_BYTES`] is an error record.
fn line_document(extractor: &Extractor, line: Line) -> Document {
    let n = line.number;
    if line.too_long {
        return Document::failed(
            n,
            format!("line {n}"),
            MAX_LINE_BYTES as u64,
            format!("line {n}: longer than {MAX_LINE_BYTES} bytes; not read"),
        );
    }
    let replaced = line
        .bytes
        .utf8_chunks()
        .filter(|c| !c.invalid().is_empty())
        .count();
    let text = String::from_utf8_lossy(&line.bytes);
    let mut doc = document_of(extractor, n, &text);
    if replaced > 0 {
        doc.status.warn(format!(
            "line {n}: {replaced} invalid UTF-8 sequence{} replaced with U+FFFD",
            if replaced == 1 { "" } else { "s" }
        ));
    }
    doc
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
    let mut lines = Lines::new(input);
    let write = |doc: &mut Document| -> Result<()> {
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
            let mut batch = Vec::with_capacity(n);
            while batch.len() < n {
                match lines.next_line() {
                    Ok(Some(line)) => batch.push(line),
                    Ok(None) => break,
                    Err(e) => return Err(Error::input(std::path::Path::new("<stdin>"), e)),
                }
            }
            Ok(batch)
        },
        false,
        |line: Line| {
            let n = line.number;
            crate::pipeline::contain_panic(n, &format!("line {n}"), || {
                line_document(extractor, line)
            })
        },
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

    #[test]
    fn a_line_that_is_not_utf8_still_gets_its_record() {
        let mut input = b"\xEF\xBB\xBF{\"text\":\"a\"}\r\n".to_vec();
        input.extend_from_slice(b"{\"text\":\"caf\xe9 in Beijing\"}\n");
        input.extend_from_slice(b"{\"text\":\"Huawei\"}");
        let mut out = Vec::new();
        let s = run(&input[..], &mut out, &extractor(), 2).unwrap();
        assert_eq!((s.documents, s.failed), (3, 0));
        let lines: Vec<Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["status"], "ok", "a BOM before line 1 is skipped");
        assert_eq!(lines[1]["status"], "warning");
        assert_eq!(
            lines[1]["error"],
            "line 2: 1 invalid UTF-8 sequence replaced with U+FFFD"
        );
        assert_eq!(lines[1]["mentions"][0]["name"], "Beijing");
        assert_eq!(lines[2]["mentions"][0]["name"], "Huawei");
    }
}
