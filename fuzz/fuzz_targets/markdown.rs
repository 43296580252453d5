//! Markdown prose and link extraction never panics; every range is in bounds, on
//! character boundaries, and prose segments are ordered and disjoint.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let opts = gazette::internals::markdown::MarkdownOptions::default();
    let prose = gazette::internals::markdown::extract(text, 0..text.len(), &opts);
    let mut last = 0;
    for s in &prose.segments {
        assert!(s.range.start >= last && s.range.start <= s.range.end);
        assert!(text.get(s.range.clone()).is_some());
        last = s.range.end;
    }
    for l in &prose.links {
        assert!(text.get(l.range.clone()).is_some());
        let _ = gazette::internals::markdown::domain_of(&l.url);
    }
});
