//! Normalization never panics and its offset map is monotonic, in bounds and on
//! character boundaries of the original.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut n = gazette::internals::normalize::Normalized::default();
    let mid = (0..=text.len() / 2)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    n.push_segment(text, 0..mid);
    n.push_segment(text, mid..text.len());
    assert_eq!(n.map.len(), n.text.len());
    assert!(n.map.windows(2).all(|w| w[0] <= w[1]));
    assert!(n
        .map
        .iter()
        .all(|&o| text.is_char_boundary(o as usize) && (o as usize) < text.len().max(1)));
    let _ = gazette::internals::normalize::normalize_str(text, true);
    let _ = gazette::internals::normalize::normalize_str(text, false);
});
