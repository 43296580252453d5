//! Front matter: YAML between `---` lines or TOML between `+++` lines at the top
//! of a document.
//!
//! Finds the block, parses it into JSON-like fields (yaml-rust2 / toml), and
//! reports where the body starts and where the raw `title` value lies in the file,
//! so that mentions in the title keep exact offsets. It does not interpret the
//! fields beyond `title` and `lang`; a document without front matter is fine.

use std::fmt;
use std::ops::Range;

use serde_json::{Map, Value};

/// The syntax of a front matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// No front matter.
    None,
    /// YAML between `---` fences.
    Yaml,
    /// TOML between `+++` fences.
    Toml,
}

/// Parsed front matter.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// The syntax that was found.
    pub format: Format,
    /// The fields, in file order.
    pub fields: Map<String, Value>,
    /// Byte offset where the body starts (0 without front matter).
    pub body_start: usize,
    /// Byte range of the raw `title` value in the text, when it is a plain
    /// one-line scalar whose text is the title itself.
    pub title_range: Option<Range<usize>>,
}

impl FrontMatter {
    /// A string field (`title`, `lang`, ...), if present and scalar.
    pub fn string(&self, key: &str) -> Option<String> {
        match self.fields.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// Why front matter could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    /// 1-based line in the document.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for FrontMatterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Splits `text` into lines with their byte ranges (without the line ending).
fn lines(text: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    let mut pos = 0;
    text.split_inclusive('\n').map(move |raw| {
        let start = pos;
        pos += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        (start..start + line.len(), line)
    })
}

/// Finds and parses the front matter at the top of `text`.
pub fn parse(text: &str) -> Result<FrontMatter, FrontMatterError> {
    let none = FrontMatter {
        format: Format::None,
        fields: Map::new(),
        body_start: 0,
        title_range: None,
    };
    let mut it = lines(text);
    let Some((_, first)) = it.next() else {
        return Ok(none);
    };
    let (format, fence) = match first.trim_end() {
        "---" => (Format::Yaml, "---"),
        "+++" => (Format::Toml, "+++"),
        _ => return Ok(none),
    };
    let content_start = first.len() + line_ending_len(text, first.len());
    let mut close = None;
    for (n, (range, line)) in it.enumerate() {
        let t = line.trim_end();
        if t == fence || (format == Format::Yaml && t == "...") {
            close = Some((n + 2, range));
            break;
        }
    }
    let Some((_close_line, close_range)) = close else {
        return Err(FrontMatterError {
            line: 1,
            message: format!("front matter opened with `{fence}` is never closed"),
        });
    };
    let content = &text[content_start..close_range.start];
    let body_start = close_range.end + line_ending_len(text, close_range.end);
    let fields = match format {
        Format::Yaml => parse_yaml(content)?,
        Format::Toml => parse_toml(content)?,
        Format::None => Map::new(),
    };
    let title_range = find_title(text, content_start..close_range.start, format, &fields);
    Ok(FrontMatter {
        format,
        fields,
        body_start,
        title_range,
    })
}

/// The length of the line ending at `at` (0, 1 for `\n`, 2 for `\r\n`).
fn line_ending_len(text: &str, at: usize) -> usize {
    let rest = &text.as_bytes()[at.min(text.len())..];
    if rest.starts_with(b"\r\n") {
        2
    } else if rest.starts_with(b"\n") {
        1
    } else {
        0
    }
}

fn parse_yaml(content: &str) -> Result<Map<String, Value>, FrontMatterError> {
    if content.trim().is_empty() {
        return Ok(Map::new());
    }
    match simple_yaml(content) {
        Some(fields) => Ok(fields),
        None => parse_yaml_fully(content),
    }
}

/// [`parse_yaml`] with the YAML parser.
fn parse_yaml_fully(content: &str) -> Result<Map<String, Value>, FrontMatterError> {
    let docs = yaml_rust2::YamlLoader::load_from_str(content).map_err(|e| FrontMatterError {
        // The content starts on line 2 of the document; markers are 1-based.
        line: e.marker().line() + 1,
        message: format!("malformed YAML front matter: {}", e.info()),
    })?;
    match docs.into_iter().next() {
        None | Some(yaml_rust2::Yaml::Null) => Ok(Map::new()),
        Some(yaml_rust2::Yaml::Hash(h)) => Ok(h
            .into_iter()
            .map(|(k, v)| (yaml_key(&k), yaml_to_json(v)))
            .collect()),
        Some(_) => Err(FrontMatterError {
            line: 2,
            message: "front matter is not a mapping of `key: value` fields".into(),
        }),
    }
}

/// The common front matter, one `key: value` per line with plain or quoted
/// one-line scalars, read without the YAML parser (a fifth of a short document's
/// time otherwise). `None` for anything else (nesting, lists, comments, escapes,
/// numbers other than plain integers, repeated keys...), which the parser reads;
/// whatever it accepts reads exactly as the parser reads it (tested against it).
fn simple_yaml(content: &str) -> Option<Map<String, Value>> {
    let mut fields = Map::new();
    for line in content.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let (key, value) = match line.split_once(": ") {
            Some((k, v)) => (k, v),
            None => (line.strip_suffix(':')?, ""),
        };
        let key_ok = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        // `True: x` is the key "true" to the parser: leave such keys to it.
        if !key_ok || yaml_word(key) || fields.contains_key(key) {
            return None;
        }
        fields.insert(key.to_string(), simple_scalar(value.trim_matches(' '))?);
    }
    Some(fields)
}

/// Whether `s` is `true`, `false` or `null` in any case: words the YAML parser
/// reads as a boolean or null depending on their spelling.
fn yaml_word(s: &str) -> bool {
    ["true", "false", "null"]
        .iter()
        .any(|w| s.eq_ignore_ascii_case(w))
}

/// One scalar of [`simple_yaml`], or `None` when only the parser may read it.
fn simple_scalar(v: &str) -> Option<Value> {
    if v.contains(['\\', '\u{2028}', '\u{2029}', '\u{FEFF}'])
        || v.chars().any(char::is_control)
        || v.contains(" #")
        || v.contains(": ")
        || v.ends_with(':')
    {
        return None;
    }
    for quote in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(quote) {
            let inner = inner.strip_suffix(quote)?;
            return (!inner.contains(quote)).then(|| Value::String(inner.to_string()));
        }
    }
    match v {
        "" | "~" | "null" => return Some(Value::Null),
        "true" => return Some(Value::Bool(true)),
        "false" => return Some(Value::Bool(false)),
        // Other spellings: as the parser reads them.
        _ if yaml_word(v) => return None,
        _ => {}
    }
    let b = v.as_bytes();
    if b[0].is_ascii_digit() || matches!(b[0], b'+' | b'-' | b'.') {
        let is_date = b.len() == 10
            && b.iter().enumerate().all(|(i, &c)| {
                if i == 4 || i == 7 {
                    c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if is_date {
            return Some(Value::String(v.to_string()));
        }
        if b.len() <= 18 && b[0] != b'0' && b.iter().all(u8::is_ascii_digit) {
            return v.parse::<i64>().ok().map(|n| Value::Number(n.into()));
        }
        return None;
    }
    // YAML indicators that change what a plain scalar means.
    if b"?:,[]{}#&*!|>%@`".contains(&b[0]) {
        return None;
    }
    Some(Value::String(v.to_string()))
}

fn yaml_key(k: &yaml_rust2::Yaml) -> String {
    match yaml_to_json(k.clone()) {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

fn yaml_to_json(y: yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml;
    match y {
        Yaml::Real(s) => s
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::String(s), Value::Number),
        Yaml::Integer(i) => Value::Number(i.into()),
        Yaml::String(s) => Value::String(s),
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Array(a) => Value::Array(a.into_iter().map(yaml_to_json).collect()),
        Yaml::Hash(h) => Value::Object(
            h.into_iter()
                .map(|(k, v)| (yaml_key(&k), yaml_to_json(v)))
                .collect(),
        ),
        Yaml::Alias(_) | Yaml::Null | Yaml::BadValue => Value::Null,
    }
}

fn parse_toml(content: &str) -> Result<Map<String, Value>, FrontMatterError> {
    let table: toml::Table = content.parse().map_err(|e: toml::de::Error| {
        let line = e.span().map_or(0, |s| {
            content[..s.start.min(content.len())].matches('\n').count()
        });
        FrontMatterError {
            line: line + 2,
            message: format!("malformed TOML front matter: {}", e.message()),
        }
    })?;
    Ok(table
        .into_iter()
        .map(|(k, v)| (k, toml_to_json(v)))
        .collect())
}

fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// Locates the raw title value inside the front matter, when its text is exactly
/// the parsed title (no escapes, no folding), so that it can be matched in place.
fn find_title(
    text: &str,
    block: Range<usize>,
    format: Format,
    fields: &Map<String, Value>,
) -> Option<Range<usize>> {
    let Some(Value::String(title)) = fields.get("title") else {
        return None;
    };
    for (range, line) in lines(&text[block.clone()]) {
        let rest = match format {
            Format::Yaml => line.strip_prefix("title:"),
            Format::Toml => line
                .strip_prefix("title")
                .map(str::trim_start)
                .and_then(|r| r.strip_prefix('=')),
            Format::None => None,
        };
        let Some(rest) = rest else { continue };
        let value_start = block.start + range.start + (line.len() - rest.len());
        let trimmed = rest.trim();
        let lead = rest.len() - rest.trim_start().len();
        let mut start = value_start + lead;
        let mut end = start + trimmed.len();
        let bytes = trimmed.as_bytes();
        if bytes.len() >= 2
            && (bytes[0] == b'"' || bytes[0] == b'\'')
            && bytes[bytes.len() - 1] == bytes[0]
        {
            start += 1;
            end -= 1;
        }
        return (text.get(start..end) == Some(title.as_str())).then_some(start..end);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_fields_body_and_title() {
        let doc = "---\ntitle: المراكز الرائدة\nlang: ar\ncount: 3\ntags: [a, b]\n---\n\nBody";
        let fm = parse(doc).unwrap();
        assert_eq!(fm.format, Format::Yaml);
        assert_eq!(fm.string("lang").as_deref(), Some("ar"));
        assert_eq!(fm.fields["count"], Value::from(3));
        assert_eq!(fm.fields["tags"], serde_json::json!(["a", "b"]));
        assert_eq!(&doc[fm.body_start..], "\nBody");
        assert_eq!(&doc[fm.title_range.clone().unwrap()], "المراكز الرائدة");
    }

    #[test]
    fn quoted_title_and_crlf() {
        let doc = "---\r\ntitle: \"Beijing: a guide\"\r\ndate: 2025-01-02\r\n---\r\nText";
        let fm = parse(doc).unwrap();
        assert_eq!(&doc[fm.title_range.clone().unwrap()], "Beijing: a guide");
        assert_eq!(fm.string("date").as_deref(), Some("2025-01-02"));
        assert_eq!(&doc[fm.body_start..], "Text");
    }

    #[test]
    fn escaped_title_has_no_range() {
        let doc = "---\ntitle: \"a \\\"b\\\"\"\n---\n";
        let fm = parse(doc).unwrap();
        assert_eq!(fm.string("title").as_deref(), Some("a \"b\""));
        assert_eq!(fm.title_range, None);
    }

    #[test]
    fn toml_front_matter() {
        let doc = "+++\ntitle = \"Shenzhen\"\nlang = \"en\"\ndate = 2025-03-01\n+++\nBody";
        let fm = parse(doc).unwrap();
        assert_eq!(fm.format, Format::Toml);
        assert_eq!(fm.string("lang").as_deref(), Some("en"));
        assert_eq!(fm.string("date").as_deref(), Some("2025-03-01"));
        assert_eq!(&doc[fm.title_range.clone().unwrap()], "Shenzhen");
        assert_eq!(&doc[fm.body_start..], "Body");
    }

    #[test]
    fn no_front_matter() {
        let fm = parse("# Title\n---\ntext").unwrap();
        assert_eq!(fm.format, Format::None);
        assert_eq!(fm.body_start, 0);
        assert!(parse("").unwrap().fields.is_empty());
    }

    #[test]
    fn never_closed_is_an_error() {
        let e = parse("---\ntitle: x\n\nbody").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("never closed"), "{e}");
    }

    #[test]
    fn malformed_yaml_names_the_line() {
        let e = parse("---\ntitle: ok\nlang: [ar\nx: y\n---\n").unwrap_err();
        assert!(e.message.contains("malformed YAML"), "{e}");
        assert!(e.line >= 3, "{e}");
        let e = parse("---\n- a\n- b\n---\n").unwrap_err();
        assert!(e.message.contains("mapping"), "{e}");
    }

    #[test]
    fn malformed_toml_names_the_line() {
        let e = parse("+++\ntitle = \"x\"\nlang = \n+++\n").unwrap_err();
        assert!(e.message.contains("malformed TOML"), "{e}");
        assert_eq!(e.line, 3, "{e}");
    }

    #[test]
    fn the_simple_reader_agrees_with_the_yaml_parser() {
        let keys = [
            "title", "lang", "date", "x_y", "a-b", "True", "null", "tags", "k",
        ];
        let values = [
            "",
            "plain words",
            "\"quoted\"",
            "'single'",
            "'it''s'",
            "\"a \\\" b\"",
            "true",
            "True",
            "TRUE",
            "false",
            "FALSE",
            "null",
            "NULL",
            "~",
            "yes",
            "no",
            "on",
            "off",
            "2025-11-20",
            "2025-1-2",
            "42",
            "007",
            "0",
            "-5",
            "+5",
            "1.5",
            ".5",
            "1e5",
            "inf",
            ".inf",
            "NaN",
            "0x1F",
            "12345678901234567890",
            "a:b",
            "a: b",
            "a #b",
            "a#b",
            "[a, b]",
            "{a: 1}",
            "- x",
            "*ref",
            "&anchor x",
            "!tag x",
            "|",
            ">",
            "%x",
            "@x",
            "`x`",
            "من هانغتشو إلى أبوظبي، خريطة",
            "x-ai/grok-4-fast",
            "He said \"hi\"",
            "trailing   ",
            "'unclosed",
            "\"unclosed",
            "a\tb",
            "é",
            "? x",
            ", x",
            "=x",
            "https://example.com/a?b=c",
            "x:",
            "line\u{7}bell",
        ];
        let mut docs: Vec<String> = Vec::new();
        for (i, v) in values.iter().enumerate() {
            let k = keys[i % keys.len()];
            docs.push(format!("{k}: {v}\n"));
            docs.push(format!("title: t\n{k}: {v}\nlang: en\n"));
            docs.push(format!("{k}:{v}\n"));
            docs.push(format!("  {k}: {v}\n"));
        }
        docs.push("a: 1\na: 2\n".into());
        docs.push("a: x\r\nb: y\r\n".into());
        docs.push("# comment\na: x\n".into());
        docs.push("a:\n  - x\n  - y\n".into());
        docs.push("a: x\n\nb: y\n".into());
        docs.push("key with space: x\n".into());
        let mut fast = 0;
        for d in &docs {
            if let Some(f) = simple_yaml(d) {
                fast += 1;
                let full = parse_yaml_fully(d).map_err(|e| e.message);
                assert_eq!(Ok(f), full, "{d:?}");
            }
        }
        assert!(fast > 25, "only {fast} documents took the simple path");
    }

    #[test]
    fn real_front_matter_takes_the_simple_path() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("samples")];
        let blog = root.join("../shared/corpus/blog");
        if blog.is_dir() {
            dirs.extend(["ar", "en", "hi", "ja", "zh"].map(|l| blog.join(l)));
        } else {
            eprintln!("SKIP part: ../shared/corpus/blog is absent; samples/ only");
        }
        let (mut seen, mut fast) = (0, 0);
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let Ok(text) = std::fs::read_to_string(e.path()) else {
                    continue;
                };
                let Some(rest) = text.strip_prefix("---\n") else {
                    continue;
                };
                let Some(end) = rest.find("\n---") else {
                    continue;
                };
                let content = &rest[..end + 1];
                seen += 1;
                if let Some(f) = simple_yaml(content) {
                    fast += 1;
                    assert_eq!(Ok(f), parse_yaml_fully(content).map_err(|e| e.message));
                }
            }
        }
        assert!(seen >= 5, "front matter found in {seen} files");
        assert!(
            fast * 10 >= seen * 9,
            "{fast} of {seen} took the simple path"
        );
    }

    #[test]
    fn empty_front_matter_is_fine() {
        let fm = parse("---\n---\nbody").unwrap();
        assert!(fm.fields.is_empty());
        assert_eq!(fm.body_start, 8);
    }
}
