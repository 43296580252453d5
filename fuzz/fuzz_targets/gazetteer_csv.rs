//! Gazetteer CSV parsing never panics: a row is accepted or rejected with an
//! error naming the file; an accepted gazetteer compiles and matches.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut g = gazette::Gazetteer::new();
    match g.add_csv("fuzz.csv", text) {
        Ok(()) => {
            if let Ok(m) = gazette::Matcher::new(g) {
                let mut n = gazette::internals::normalize::Normalized::default();
                n.push_segment(text, 0..text.len());
                let _ = m.find(&n, text);
            }
        }
        Err(e) => assert!(e.to_string().starts_with("fuzz.csv")),
    }
});
