//! The whole document stage never panics, and every mention's bytes are exactly
//! its surface, on character boundaries.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let doc = gazette::extract_str(text);
    for m in &doc.mentions {
        assert_eq!(text.get(m.start..m.end), Some(m.surface.as_str()));
    }
    for l in &doc.links {
        assert!(text.get(l.start..l.end).is_some());
    }
});
