//! TOML front matter (between `+++` lines, or `---toml`): the toml crate's
//! table as JSON-like fields, dates as their text. It does not find the block
//! (see `mod.rs`).

use serde_json::{Map, Value};

/// Reads a TOML block. Errors: (0-based line in `content`, message).
pub(super) fn parse(content: &str) -> Result<Map<String, Value>, (usize, String)> {
    let table: ::toml::Table = content.parse().map_err(|e: ::toml::de::Error| {
        let line = e.span().map_or(0, |s| {
            super::line_count(&content.as_bytes()[..s.start.min(content.len())])
        });
        (
            line,
            format!("malformed TOML front matter: {}", e.message()),
        )
    })?;
    Ok(table.into_iter().map(|(k, v)| (k, to_json(v))).collect())
}

/// A TOML value as JSON (nesting is bounded by the toml parser's own limit).
fn to_json(v: ::toml::Value) -> Value {
    match v {
        ::toml::Value::String(s) => Value::String(s),
        ::toml::Value::Integer(i) => Value::Number(i.into()),
        ::toml::Value::Float(f) => {
            serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
        }
        ::toml::Value::Boolean(b) => Value::Bool(b),
        ::toml::Value::Datetime(d) => Value::String(d.to_string()),
        ::toml::Value::Array(a) => Value::Array(a.into_iter().map(to_json).collect()),
        ::toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect())
        }
    }
}
