//! JSON front matter, as Hugo reads it: a JSON object at the very top of the
//! document, ending with a `}` line. serde_json's recursion limit (128) bounds
//! the nesting. It does not find the block (see `mod.rs`).

use serde_json::{Map, Value};

/// Reads the object (`content` is the text from `{` through the `}` line).
/// Errors: (0-based line in `content`, message).
pub(super) fn parse(content: &str) -> Result<Map<String, Value>, (usize, String)> {
    match serde_json::from_str::<Value>(content) {
        Ok(Value::Object(fields)) => Ok(fields),
        Ok(_) => Err((
            0,
            "front matter is not a mapping of `key: value` fields".into(),
        )),
        Err(e) => Err((
            e.line().saturating_sub(1),
            format!("malformed JSON front matter: {e}"),
        )),
    }
}
