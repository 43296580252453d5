//! A safe, minimal reader of libyaml parser events (unsafe-libyaml, the Rust
//! translation of libyaml): each event copied into an owned [`Event`] with the
//! byte offsets of its start and end in the input.
//!
//! This is the only file of the crate with `unsafe` code: it owns one
//! `yaml_parser_t`, feeds it one borrowed byte slice and frees every event and
//! the parser. It does not build values (see `yaml.rs`).

use std::ffi::CStr;
use std::marker::PhantomData;
use std::mem::MaybeUninit;

use unsafe_libyaml as unsafe_sys;

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    /// Plain (unquoted).
    Plain,
    /// `'single'`.
    Single,
    /// `"double"`.
    Double,
    /// `|` block.
    Literal,
    /// `>` block.
    Folded,
}

/// One parser event, owned.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Event {
    /// The end of the input.
    StreamEnd,
    /// The end of a document.
    DocumentEnd,
    /// `*name`.
    Alias(String),
    /// A scalar: value, anchor, tag, style.
    Scalar {
        /// The value, escapes and folding applied.
        value: String,
        /// `&name`, if any.
        anchor: Option<String>,
        /// The resolved tag (`tag:yaml.org,2002:str` for `!!str`), if any.
        tag: Option<String>,
        /// How it was written.
        style: Style,
    },
    /// The start of a sequence, with its anchor.
    SequenceStart(Option<String>),
    /// The end of a sequence.
    SequenceEnd,
    /// The start of a mapping, with its anchor.
    MappingStart(Option<String>),
    /// The end of a mapping.
    MappingEnd,
    /// Stream and document starts: nothing to build.
    Other,
}

/// A syntax error: libyaml's problem, its context and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SyntaxError {
    /// 0-based line of the problem in the input.
    pub line: usize,
    /// What libyaml says, context first (`while parsing ..., did not find ...`).
    pub message: String,
}

/// A libyaml parser over one borrowed input.
pub(super) struct Parser<'a> {
    raw: Box<MaybeUninit<unsafe_sys::yaml_parser_t>>,
    done: bool,
    _input: PhantomData<&'a [u8]>,
}

/// A C string of libyaml as a Rust string (`None` for a null pointer).
///
/// # Safety
/// `ptr` is null or points to a NUL-terminated string that outlives the call.
unsafe fn c_string(ptr: *const u8) -> Option<String> {
    if ptr.is_null() {
        return None;
    }
    // SAFETY: non-null and NUL-terminated per the contract.
    let s = unsafe { CStr::from_ptr(ptr.cast()) };
    Some(s.to_string_lossy().into_owned())
}

impl<'a> Parser<'a> {
    /// A parser over `input` (UTF-8).
    pub fn new(input: &'a [u8]) -> Self {
        let mut raw = Box::new(MaybeUninit::<unsafe_sys::yaml_parser_t>::uninit());
        let p = raw.as_mut_ptr();
        // SAFETY: `p` points to writable memory for a parser, which
        // yaml_parser_initialize fills (it aborts rather than fail on allocation);
        // the input outlives the parser (lifetime 'a), which never writes to it.
        unsafe {
            let _ = unsafe_sys::yaml_parser_initialize(p);
            unsafe_sys::yaml_parser_set_input_string(p, input.as_ptr(), input.len() as u64);
        }
        Parser {
            raw,
            done: false,
            _input: PhantomData,
        }
    }

    /// The next event; `StreamEnd` again after the end or an error.
    pub fn next_event(&mut self) -> Result<(Event, usize, usize), SyntaxError> {
        if self.done {
            return Ok((Event::StreamEnd, 0, 0));
        }
        let p = self.raw.as_mut_ptr();
        let mut ev = MaybeUninit::<unsafe_sys::yaml_event_t>::uninit();
        let e = ev.as_mut_ptr();
        // SAFETY: the parser was initialised in `new`; yaml_parser_parse fills the
        // event on success (and leaves it empty on failure).
        let failed = unsafe { unsafe_sys::yaml_parser_parse(p, e).fail };
        if failed {
            self.done = true;
            // SAFETY: initialised parser; libyaml set problem/context (static
            // strings or null) and their marks when it failed.
            let prefix: &unsafe_sys::yaml_parser_t = unsafe { &*p };
            // SAFETY: static NUL-terminated strings or null.
            let problem = unsafe { c_string(prefix.problem.cast()) };
            let context = unsafe { c_string(prefix.context.cast()) };
            let problem = problem.unwrap_or_else(|| "unknown error".into());
            let message = match context {
                Some(c) => format!("{c}, {problem}"),
                None => problem,
            };
            return Err(SyntaxError {
                line: prefix.problem_mark.line as usize,
                message,
            });
        }
        // SAFETY: the event was filled by a successful parse: its type says which
        // union member is valid, and its pointers are null or valid until
        // yaml_event_delete, which is called exactly once below.
        unsafe {
            let start = (*e).start_mark.index as usize;
            let end = (*e).end_mark.index as usize;
            let data = &(*e).data;
            let event = match (*e).type_ {
                unsafe_sys::YAML_STREAM_END_EVENT => {
                    self.done = true;
                    Event::StreamEnd
                }
                unsafe_sys::YAML_DOCUMENT_END_EVENT => Event::DocumentEnd,
                unsafe_sys::YAML_ALIAS_EVENT => {
                    Event::Alias(c_string(data.alias.anchor).unwrap_or_default())
                }
                unsafe_sys::YAML_SCALAR_EVENT => {
                    let s = data.scalar;
                    let bytes = if s.value.is_null() {
                        &[][..]
                    } else {
                        std::slice::from_raw_parts(s.value, s.length as usize)
                    };
                    let style = match s.style {
                        unsafe_sys::YAML_SINGLE_QUOTED_SCALAR_STYLE => Style::Single,
                        unsafe_sys::YAML_DOUBLE_QUOTED_SCALAR_STYLE => Style::Double,
                        unsafe_sys::YAML_LITERAL_SCALAR_STYLE => Style::Literal,
                        unsafe_sys::YAML_FOLDED_SCALAR_STYLE => Style::Folded,
                        _ => Style::Plain,
                    };
                    Event::Scalar {
                        value: String::from_utf8_lossy(bytes).into_owned(),
                        anchor: c_string(s.anchor),
                        tag: c_string(s.tag),
                        style,
                    }
                }
                unsafe_sys::YAML_SEQUENCE_START_EVENT => {
                    Event::SequenceStart(c_string(data.sequence_start.anchor))
                }
                unsafe_sys::YAML_SEQUENCE_END_EVENT => Event::SequenceEnd,
                unsafe_sys::YAML_MAPPING_START_EVENT => {
                    Event::MappingStart(c_string(data.mapping_start.anchor))
                }
                unsafe_sys::YAML_MAPPING_END_EVENT => Event::MappingEnd,
                _ => Event::Other,
            };
            unsafe_sys::yaml_event_delete(e);
            Ok((event, start, end))
        }
    }
}

impl Drop for Parser<'_> {
    fn drop(&mut self) {
        // SAFETY: initialised in `new`, deleted once here.
        unsafe { unsafe_sys::yaml_parser_delete(self.raw.as_mut_ptr()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(s: &str) -> Vec<Event> {
        let mut p = Parser::new(s.as_bytes());
        let mut out = Vec::new();
        loop {
            let (e, _, _) = p.next_event().unwrap();
            if e == Event::StreamEnd {
                return out;
            }
            out.push(e);
        }
    }

    #[test]
    fn events_with_marks_in_bytes() {
        let s = "t: \"é \\\"x\\\"\"\n";
        let mut p = Parser::new(s.as_bytes());
        let mut found = None;
        loop {
            let (e, start, end) = p.next_event().unwrap();
            if let Event::Scalar { ref value, .. } = e {
                if value.starts_with('é') {
                    found = Some((value.clone(), start, end));
                }
            }
            if e == Event::StreamEnd {
                break;
            }
        }
        let (value, start, end) = found.unwrap();
        assert_eq!(value, "é \"x\"");
        assert_eq!(&s[start..end], "\"é \\\"x\\\"\"");
    }

    #[test]
    fn a_tag_before_a_comma_in_a_flow_sequence_reads() {
        // libyaml reads this; libyaml-safer 0.3.0 panics on it.
        let ev = events("x: [!a, b]\n");
        assert!(ev
            .iter()
            .any(|e| matches!(e, Event::Scalar { value, .. } if value == "b")));
    }

    #[test]
    fn errors_say_context_and_line() {
        let mut p = Parser::new(b"a: 1\nb: [x\nc: 2\n");
        let err = loop {
            match p.next_event() {
                Ok((Event::StreamEnd, _, _)) => panic!("no error"),
                Ok(_) => {}
                Err(e) => break e,
            }
        };
        assert!(err.message.contains("while parsing a flow"), "{err:?}");
        assert_eq!(p.next_event().unwrap().0, Event::StreamEnd);
    }
}
