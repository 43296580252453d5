//! Front matter parsing never panics; a body start is always inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(fm) = gazette::internals::frontmatter::parse(text) {
        assert!(fm.body_start <= text.len());
        assert!(text.is_char_boundary(fm.body_start));
        if let Some(r) = fm.title_range {
            assert!(text.get(r).is_some());
        }
    }
});
