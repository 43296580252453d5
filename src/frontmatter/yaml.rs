//! YAML front matter: libyaml's events (see `libyaml.rs`) built into JSON-like
//! fields with an explicit stack, under limits on nesting, alias expansion and
//! size; and a fast path for the common one-line `key: value` block.
//!
//! Syntax is libyaml's, as Jekyll (Psych) and PyYAML read it. Plain scalars
//! resolve as gazette always resolved them (YAML 1.2 core, as yaml-rust2 did:
//! `yes`/`no` and dates stay strings, `0123` is 123; the suites' README lists
//! these as deliberate). Repeated keys: the last one wins, as in Psych and PyYAML,
//! and the block gets a warning. It does not find fences (see `mod.rs`).

use std::collections::HashMap;
use std::ops::Range;

use serde_json::{Map, Value};

use super::libyaml::{Event, Parser, Style};

/// Deepest nesting of sequences and mappings (aliases included).
pub const MAX_DEPTH: usize = 64;

/// Nodes a block may build beyond its size in bytes (aliases count every node
/// they copy): bounds billion-laughs expansion.
pub const MAX_EXTRA_NODES: usize = 10_000;

/// The title's scalar: where it lies in the block and how it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TitleSpan {
    /// Byte range of the scalar in the block (quotes and block header included).
    pub range: Range<usize>,
    /// How it is written.
    pub style: Style,
}

/// A block read: fields, the title's scalar, and a problem that did not stop
/// the reading (a repeated key).
#[derive(Debug, Default)]
pub(super) struct Parsed {
    /// The fields, in file order.
    pub fields: Map<String, Value>,
    /// The top-level `title` scalar, when it is one.
    pub title: Option<TitleSpan>,
    /// A warning: (0-based line in the block, message).
    pub warning: Option<(usize, String)>,
}

/// Why a block could not be read: (0-based line in the block, message).
pub(super) type Failure = (usize, String);

/// Reads a YAML block (the text between the fences).
pub(super) fn parse(content: &str) -> Result<Parsed, Failure> {
    if content.trim().is_empty() {
        return Ok(Parsed::default());
    }
    if let Some(fields) = simple_yaml(content) {
        return Ok(Parsed {
            fields,
            ..Parsed::default()
        });
    }
    parse_fully(content)
}

/// An open sequence or mapping.
struct Frame {
    items: Items,
    anchor: Option<String>,
    /// Nodes built before this one started.
    first_node: usize,
    /// Height of the tallest child (0 for none or scalars only).
    height: usize,
}

enum Items {
    Seq(Vec<Value>),
    /// The mapping and the key waiting for its value.
    Map(Map<String, Value>, Option<String>),
}

/// A value with what an alias to it needs: its nodes and its height.
#[derive(Clone)]
struct Anchored {
    value: Value,
    nodes: usize,
    height: usize,
}

/// The builder's state beside the stack.
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<String, Anchored>,
    nodes: usize,
    max_nodes: usize,
    root: Option<Value>,
    title: Option<TitleSpan>,
    duplicate: Option<String>,
}

impl Builder {
    /// Counts `n` more nodes, failing past the limit.
    fn count(&mut self, n: usize) -> Result<(), String> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > self.max_nodes {
            return Err(format!(
                "YAML front matter expands to more than {} nodes (aliases included); not read",
                self.max_nodes
            ));
        }
        Ok(())
    }

    /// Whether the next value is the top-level `title`'s.
    fn at_title(&self) -> bool {
        matches!(
            self.stack.as_slice(),
            [Frame { items: Items::Map(_, Some(k)), .. }] if k == "title"
        )
    }

    /// Places a finished value (of `height`) into its parent.
    fn place(&mut self, v: Value, height: usize) {
        let Some(top) = self.stack.last_mut() else {
            self.root = Some(v);
            return;
        };
        top.height = top.height.max(height + 1);
        match &mut top.items {
            Items::Seq(items) => items.push(v),
            Items::Map(map, key) => match key.take() {
                None => *key = Some(key_string(v)),
                Some(k) => {
                    if map.contains_key(&k) && self.duplicate.is_none() {
                        self.duplicate = Some(k.clone());
                    }
                    map.insert(k, v);
                }
            },
        }
    }

    /// Remembers an anchored value.
    fn anchor(&mut self, name: Option<String>, value: &Value, nodes: usize, height: usize) {
        if let Some(name) = name {
            let a = Anchored {
                value: value.clone(),
                nodes,
                height,
            };
            self.anchors.insert(name, a);
        }
    }
}

/// [`parse`] with libyaml, always.
pub(super) fn parse_fully(content: &str) -> Result<Parsed, Failure> {
    let mut parser = Parser::new(content.as_bytes());
    let mut b = Builder {
        stack: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        max_nodes: MAX_EXTRA_NODES + content.len(),
        root: None,
        title: None,
        duplicate: None,
    };
    let line_of = |at: usize| line_of(content, at);
    loop {
        let (event, start, end) = parser.next_event().map_err(|e| {
            (
                e.line,
                format!("malformed YAML front matter: {}", e.message),
            )
        })?;
        match event {
            Event::StreamEnd | Event::DocumentEnd => break,
            Event::Other => {}
            Event::Scalar {
                value,
                anchor,
                tag,
                style,
            } => {
                b.count(1).map_err(|m| (line_of(start), m))?;
                if b.at_title() {
                    b.title = Some(TitleSpan {
                        range: start..end,
                        style,
                    });
                }
                let v = resolve(value, tag.as_deref(), style);
                b.anchor(anchor, &v, 1, 0);
                b.place(v, 0);
            }
            Event::Alias(name) => {
                let Some(a) = b.anchors.get(&name).cloned() else {
                    return Err((
                        line_of(start),
                        format!("malformed YAML front matter: undefined alias `*{name}`"),
                    ));
                };
                if b.stack.len() + a.height > MAX_DEPTH {
                    return Err((line_of(start), too_deep()));
                }
                b.count(a.nodes).map_err(|m| (line_of(start), m))?;
                if b.at_title() {
                    b.title = None;
                }
                b.place(a.value, a.height);
            }
            Event::SequenceStart(ref anchor) | Event::MappingStart(ref anchor) => {
                if b.stack.len() >= MAX_DEPTH {
                    return Err((line_of(start), too_deep()));
                }
                b.count(1).map_err(|m| (line_of(start), m))?;
                if b.at_title() {
                    b.title = None;
                }
                let items = if matches!(event, Event::MappingStart(_)) {
                    Items::Map(Map::new(), None)
                } else {
                    Items::Seq(Vec::new())
                };
                b.stack.push(Frame {
                    items,
                    anchor: anchor.clone(),
                    first_node: b.nodes - 1,
                    height: 0,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(f) = b.stack.pop() else { break };
                let v = match f.items {
                    Items::Seq(items) => Value::Array(items),
                    Items::Map(map, _) => Value::Object(map),
                };
                let height = f.height.max(1);
                b.anchor(f.anchor, &v, b.nodes - f.first_node, height);
                b.place(v, height);
            }
        }
    }
    let warning = b.duplicate.map(|k| {
        (
            0,
            format!("YAML front matter repeats the key `{k}`; the last one is kept, as Jekyll and PyYAML keep it"),
        )
    });
    match b.root {
        None | Some(Value::Null) => Ok(Parsed::default()),
        Some(Value::Object(fields)) => Ok(Parsed {
            fields,
            title: b.title,
            warning,
        }),
        Some(_) => Err((
            0,
            "front matter is not a mapping of `key: value` fields".into(),
        )),
    }
}

fn too_deep() -> String {
    format!("YAML front matter nests deeper than {MAX_DEPTH} levels; not read")
}

/// 0-based line of byte `at` of `content` (`\n`, `\r\n` and lone `\r` end lines).
fn line_of(content: &str, at: usize) -> usize {
    super::line_count(&content.as_bytes()[..at.min(content.len())])
}

/// A key as a field name: strings as they are, other scalars as JSON text.
fn key_string(k: Value) -> String {
    match k {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

/// A scalar's value: quoted and block scalars are strings; plain ones resolve
/// (tags `!!bool`, `!!int`, `!!float`, `!!null` as yaml-rust2 read them).
fn resolve(v: String, tag: Option<&str>, style: Style) -> Value {
    if style != Style::Plain {
        return Value::String(v);
    }
    match tag.and_then(|t| t.strip_prefix("tag:yaml.org,2002:")) {
        None if tag.is_none() => resolve_plain(v),
        Some("bool") => match v.as_str() {
            "true" | "True" | "TRUE" => Value::Bool(true),
            "false" | "False" | "FALSE" => Value::Bool(false),
            _ => Value::Null,
        },
        Some("int") => v.parse::<i64>().map_or(Value::Null, Value::from),
        Some("float") => match parse_f64(&v) {
            Some(_) => real(v),
            None => Value::Null,
        },
        Some("null") => Value::Null,
        _ => Value::String(v),
    }
}

/// An untagged plain scalar: null, booleans, integers (decimal, `0x`, `0o`,
/// leading `+`), floats, else the string (dates stay strings).
pub(super) fn resolve_plain(v: String) -> Value {
    let radix = |digits: &str, r: u32| i64::from_str_radix(digits, r).ok().map(Value::from);
    let number = if let Some(d) = v.strip_prefix("0x") {
        radix(d, 16)
    } else if let Some(d) = v.strip_prefix("0o") {
        radix(d, 8)
    } else if let Some(d) = v.strip_prefix('+') {
        d.parse::<i64>().ok().map(Value::from)
    } else {
        None
    };
    if let Some(n) = number {
        return n;
    }
    match v.as_str() {
        "" | "~" | "null" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => {
            if let Ok(i) = v.parse::<i64>() {
                Value::from(i)
            } else if parse_f64(&v).is_some() {
                real(v)
            } else {
                Value::String(v)
            }
        }
    }
}

/// A float as a JSON number (infinities and NaN stay their text).
fn real(s: String) -> Value {
    parse_f64(&s)
        .and_then(serde_json::Number::from_f64)
        .map_or(Value::String(s), Value::Number)
}

/// A float of the YAML 1.2 core schema.
fn parse_f64(v: &str) -> Option<f64> {
    match v {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => Some(f64::NAN),
        // A digit keeps out words Rust reads as floats (`inf`, `nan`).
        _ if v.bytes().any(|b| b.is_ascii_digit()) => v.parse::<f64>().ok(),
        _ => None,
    }
}

/// The byte ranges of `span` (in `block`) whose text appears as it is in the
/// value `title`, in order: the whole scalar when it has no escapes or folding,
/// else the runs between escapes, quotes and line breaks.
pub(super) fn title_pieces(block: &str, span: &TitleSpan, title: &str) -> Vec<Range<usize>> {
    let Some(raw) = block.get(span.range.clone()) else {
        return Vec::new();
    };
    let base = span.range.start;
    let bytes = raw.as_bytes();
    let mut pieces: Vec<Range<usize>> = Vec::new();
    let push = |pieces: &mut Vec<Range<usize>>, r: Range<usize>| {
        // Spaces and tabs at either end are folding, not text.
        let s = &raw[r.clone()];
        let lead = s.len() - s.trim_start_matches([' ', '\t']).len();
        let t = s.trim_matches([' ', '\t']);
        if !t.is_empty() {
            pieces.push(base + r.start + lead..base + r.start + lead + t.len());
        }
    };
    match span.style {
        Style::Plain | Style::Literal | Style::Folded => {
            let mut from = 0;
            if span.style != Style::Plain {
                // The header line (`|`, `>-`, ...) is not text.
                from = raw.find(['\n', '\r']).map_or(raw.len(), |i| i + 1);
            }
            let mut i = from;
            while i < bytes.len() {
                if matches!(bytes[i], b'\n' | b'\r') {
                    push(&mut pieces, from..i);
                    from = i + 1;
                }
                i += 1;
            }
            push(&mut pieces, from..bytes.len());
        }
        Style::Single | Style::Double => {
            let quote = bytes[0];
            let end = bytes.len().saturating_sub(1).max(1);
            let (mut from, mut i) = (1, 1);
            while i < end {
                match bytes[i] {
                    b'\n' | b'\r' => {
                        push(&mut pieces, from..i);
                        i += 1;
                        from = i;
                    }
                    b'\'' if quote == b'\'' => {
                        // `''` is one quote: it starts the next piece.
                        push(&mut pieces, from..i);
                        from = i + 1;
                        i += 2;
                    }
                    b'\\' if quote == b'"' => {
                        push(&mut pieces, from..i);
                        let skip = match bytes.get(i + 1) {
                            Some(b'x') => 4,
                            Some(b'u') => 6,
                            Some(b'U') => 10,
                            _ => 2,
                        };
                        i = (i + skip).min(end);
                        while i < end && !raw.is_char_boundary(i) {
                            i += 1;
                        }
                        from = i;
                    }
                    _ => i += 1,
                }
            }
            push(&mut pieces, from.min(end)..end);
        }
    }
    // Keep only pieces found in the title, in order.
    let mut at = 0;
    pieces.retain(|r| {
        let text = &block[r.clone()];
        match title.get(at..).and_then(|rest| rest.find(text)) {
            Some(i) => {
                at += i + text.len();
                true
            }
            None => false,
        }
    });
    pieces
}

/// The common front matter, one `key: value` per line with plain or quoted
/// one-line scalars, read without the YAML parser. `None` for anything else
/// (nesting, lists, comments, escapes, numbers other than plain integers,
/// repeated keys...), which the parser reads; whatever it accepts reads exactly
/// as the parser reads it (tested against it).
pub(super) fn simple_yaml(content: &str) -> Option<Map<String, Value>> {
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
    if v.contains(['\\', '\r', '\u{2028}', '\u{2029}', '\u{FEFF}', '\u{85}'])
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
    if b"?:,[]{}#&*!|>%@`-".contains(&b[0]) {
        return None;
    }
    Some(Value::String(v.to_string()))
}
