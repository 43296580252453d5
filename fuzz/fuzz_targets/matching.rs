//! The whole document stage never panics, and every mention's bytes are exactly
//! its surface, on character boundaries.
#![no_main]
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;

fn extractor() -> &'static gazette::Extractor {
    static E: OnceLock<gazette::Extractor> = OnceLock::new();
    E.get_or_init(|| {
        let g = gazette::Gazetteer::default_embedded().expect("default gazetteer");
        gazette::Extractor::new(Arc::new(gazette::Matcher::new(g).expect("compile")))
    })
}

fuzz_target!(|text: &str| {
    let doc = extractor().extract_text(1, "f.md".into(), text, 0);
    for m in &doc.mentions {
        assert_eq!(text.get(m.start..m.end), Some(m.surface.as_str()));
    }
    for l in &doc.links {
        assert!(text.get(l.start..l.end).is_some());
    }
});
