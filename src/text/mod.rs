//! Facts about text that every stage shares, written once: UTF-8 scalar and
//! character-boundary helpers ([`utf8`]), the one Unicode script table
//! ([`script`]), the language a document counts under ([`document_language`]),
//! and the FNV-1a hash ([`fnv`]).
//!
//! It holds no stage logic: no folding (see `normalize`), no matching rules (see
//! `matcher`), no language detection (see `langid`).

pub mod fnv;
pub mod script;
pub mod utf8;

pub use script::Script;
pub use utf8::{floor_char_boundary, scalar_at};

/// The language a document counts under everywhere (translations.csv, eval,
/// the review page): its front matter `lang` when not blank, else the detected
/// one, else `None`.
pub fn document_language<'a>(
    declared: Option<&'a str>,
    detected: Option<&'a str>,
) -> Option<&'a str> {
    declared
        .filter(|s| !s.trim().is_empty())
        .or(detected.filter(|s| !s.trim().is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_language_wins_then_detected() {
        assert_eq!(document_language(Some("ar"), Some("fa")), Some("ar"));
        assert_eq!(document_language(None, Some("fa")), Some("fa"));
        assert_eq!(document_language(Some("  "), Some("fa")), Some("fa"));
        assert_eq!(document_language(None, None), None);
    }
}
