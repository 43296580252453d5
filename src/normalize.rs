//! Text normalization with an offset map back to the original bytes.
//!
//! Both the gazetteer's aliases and the documents' prose go through the same
//! character-by-character folding, so that matching can run on one simple form of
//! the text while every match still maps back to exact byte offsets in the original
//! file. What it folds: Unicode NFKC (width and compatibility forms), case; the
//! accents of every Latin, Greek and Cyrillic letter (canonical decomposition, then
//! the combining marks dropped, so NFC and NFD text fold alike: ồ → o, ș and ş → s,
//! ά → α); ß → ss, final ς → σ, and the Latin letters with no decomposition as
//! Lucene's ASCII folding spells them (ø → o, đ → d, ł → l, æ → ae, œ → oe, ı → i);
//! typographic apostrophes and quotes to `'` and `"`; every dash as a space, white
//! space runs as one space; Arabic tashkeel and tatweel, alef/hamza forms, alef
//! maqsura, teh marbuta, Persian kaf/yeh; Devanagari nukta and chandrabindu; the
//! Japanese middle dot; invisible format characters. Letters of other scripts are
//! never decomposed (Hangul syllables and voiced kana stay whole). What it does not
//! do: reorder, segment words or change scripts (no transliteration); those belong
//! to the gazetteer's aliases.

use std::ops::Range;
use std::sync::LazyLock;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::text::{scalar_at, Script};

/// The separator written between two prose segments that are not adjacent in the
/// original file (markup, code or a URL lay between them). It is never a word
/// character, so no alias matches across it.
pub const SEGMENT_BREAK: char = '\u{1F}';

/// A normalized copy of some text, with the original byte offset of every byte.
#[derive(Debug, Default, Clone)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    /// For every byte of `text`, the byte offset in the original text of the
    /// character that produced it (monotonically non-decreasing).
    pub map: Vec<u32>,
}

impl Normalized {
    /// Creates an empty buffer with room for about `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        Normalized {
            text: String::with_capacity(capacity),
            map: Vec::with_capacity(capacity),
        }
    }

    /// Empties the buffer, keeping its allocations.
    pub fn clear(&mut self) {
        self.text.clear();
        self.map.clear();
    }

    /// Appends the normalization of `original[range]`, with offsets into
    /// `original`. Segments are joined by one space when only white space lies
    /// between them in the original, and by [`SEGMENT_BREAK`] otherwise.
    pub fn push_segment(&mut self, original: &str, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        if let Some(&last) = self.map.last() {
            let prev_end = last as usize;
            // The gap between the previous segment's last character and this one.
            let gap_start = next_char_boundary(original, prev_end);
            if gap_start < range.start {
                let gap = &original[gap_start..range.start];
                if gap.chars().all(char::is_whitespace) {
                    self.push_space(gap_start);
                } else {
                    self.push_char(SEGMENT_BREAK, gap_start);
                }
            }
        }
        let bytes = original.as_bytes();
        let mut i = range.start;
        while i < range.end {
            // Fast path: a whole run of ASCII at once.
            if bytes[i] < 0x80 {
                let run = &bytes[i..range.end];
                let len = run.iter().position(|&b| b >= 0x80).unwrap_or(run.len());
                self.push_ascii_run(&run[..len], i);
                i += len;
                continue;
            }
            // Fast path: a run of characters that fold to themselves (most Han,
            // kana, Arabic and Devanagari letters), copied as they are.
            let run_start = i;
            while i < range.end && bytes[i] >= 0x80 {
                let (u, len) = scalar_at(bytes, i);
                if !folds_to_itself(u) {
                    break;
                }
                let at = i as u32;
                // Fixed-size pushes: a slice of variable length would cost a
                // memcpy call per character.
                match len {
                    2 => self.map.extend([at; 2]),
                    3 => self.map.extend([at; 3]),
                    _ => self.map.extend([at; 4]),
                }
                i += len;
            }
            if i > run_start {
                self.text.push_str(&original[run_start..i]);
                continue;
            }
            let c = original[i..].chars().next().unwrap_or('\u{FFFD}');
            let at = i;
            fold_char(c, true, &mut |f| {
                if f == ' ' {
                    self.push_space(at);
                } else {
                    self.push_char(f, at);
                }
            });
            i += c.len_utf8();
        }
    }

    /// Appends the folding of `run` (ASCII bytes found at `at` in the original).
    fn push_ascii_run(&mut self, run: &[u8], at: usize) {
        self.text.reserve(run.len());
        self.map.reserve(run.len());
        // Whether a space may be written now (not at the start, not after another).
        let mut space_ok = !(self.text.is_empty() || self.text.ends_with([' ', SEGMENT_BREAK]));
        for (k, &b) in run.iter().enumerate() {
            let f = fold_ascii(b, true);
            if f == b' ' {
                if !space_ok {
                    continue;
                }
                space_ok = false;
            } else {
                space_ok = true;
            }
            self.text.push(char::from(f));
            self.map.push((at + k) as u32);
        }
    }

    fn push_char(&mut self, c: char, at: usize) {
        let at = at as u32;
        let len = c.len_utf8();
        self.text.push(c);
        self.map.extend(std::iter::repeat_n(at, len));
    }

    fn push_space(&mut self, at: usize) {
        if self.text.is_empty() || self.text.ends_with([' ', SEGMENT_BREAK]) {
            return;
        }
        self.text.push(' ');
        self.map.push(at as u32);
    }

    /// The original byte range covered by the normalized bytes `range`, given the
    /// original text (needed to find where the last character ends).
    ///
    /// One original character may give several normalized ones (ß → ss) and
    /// several original ones one normalized (e + U+0301 → e): the range always
    /// covers whole original characters, with the combining marks folded away
    /// right after its last one.
    pub fn original_range(&self, original: &str, range: Range<usize>) -> Range<usize> {
        let start = self.map[range.start] as usize;
        let last = self.map[range.end - 1] as usize;
        let mut end = next_char_boundary(original, last);
        while let Some(c) = original.get(end..).and_then(|rest| rest.chars().next()) {
            if !is_stripped_mark(c as u32) {
                break;
            }
            end += c.len_utf8();
        }
        start..end
    }
}

/// Whether the character `u` (non-ASCII) comes out of case folding and
/// normalization as itself. A bit set over the Basic Multilingual Plane (8 KB),
/// filled once from [`fold_char`].
#[inline]
fn folds_to_itself(u: u32) -> bool {
    static SAME: LazyLock<Vec<u64>> = LazyLock::new(|| {
        let mut bits = vec![0u64; 0x10000 / 64];
        for u in 0..=0xFFFFu32 {
            let same = char::from_u32(u).is_some_and(|c| {
                let mut out = [None, None];
                let mut n = 0;
                fold_char(c, true, &mut |f| {
                    if n < 2 {
                        out[n] = Some(f);
                    }
                    n += 1;
                });
                n == 1 && out[0] == Some(c) && !c.is_whitespace()
            });
            if same {
                bits[(u / 64) as usize] |= 1 << (u % 64);
            }
        }
        bits
    });
    SAME.get((u / 64) as usize)
        .is_some_and(|w| w >> (u % 64) & 1 == 1)
}

/// The byte offset just past the character that starts at `at` in `s`.
fn next_char_boundary(s: &str, at: usize) -> usize {
    match s.get(at..).and_then(|rest| rest.chars().next()) {
        Some(c) => at + c.len_utf8(),
        None => s.len(),
    }
}

/// Normalizes a short string (an alias, a surface) without an offset map.
/// With `fold_case` false, everything but case is folded (used to check aliases
/// that must match exactly as written).
pub fn normalize_str(s: &str, fold_case: bool) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, fold_case, &mut |c, _| {
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            return;
        }
        out.push(c);
    });
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Calls `emit(c, offset)` for every character of the folded form of `s`, where
/// `offset` is the byte offset in `s` of the character that produced `c`. White
/// space and dashes are emitted as `' '` (the caller collapses runs).
fn fold_into(s: &str, fold_case: bool, emit: &mut impl FnMut(char, usize)) {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            emit(fold_ascii(b, fold_case) as char, i);
            i += 1;
            continue;
        }
        // Safe: `i` is always on a character boundary here.
        let c = s[i..].chars().next().unwrap_or('\u{FFFD}');
        fold_char(c, fold_case, &mut |f| emit(f, i));
        i += c.len_utf8();
    }
}

/// Folds one ASCII byte.
#[inline]
fn fold_ascii(b: u8, fold_case: bool) -> u8 {
    match b {
        b'A'..=b'Z' if fold_case => b + 32,
        b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C | b'-' => b' ',
        _ => b,
    }
}

/// Folds one non-ASCII character into zero or more characters.
fn fold_char(c: char, fold_case: bool, out: &mut impl FnMut(char)) {
    let u = c as u32;
    match u {
        // Arabic block.
        0x0600..=0x06FF => {
            if let Some(f) = fold_arabic(c) {
                out(f);
            }
        }
        // Devanagari block.
        0x0900..=0x097F => {
            if let Some(f) = fold_devanagari(c) {
                out(f);
            }
        }
        // Combining marks of Latin, Greek and Cyrillic (the accents of decomposed
        // text): dropped, as they are when a precomposed letter is decomposed.
        _ if is_stripped_mark(u) => {}
        // Invisible format characters: zero-width, bidi marks, soft hyphen, BOM.
        0x00AD | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x2069 | 0xFEFF => {
        }
        // Dashes and minus signs read as a space, like the ASCII hyphen.
        0x2010..=0x2015 | 0x2212 | 0xFE58 | 0xFE63 | 0xFF0D => out(' '),
        // Japanese middle dots (full and half width) are dropped.
        0x30FB | 0xFF65 => {}
        // Blocks that are stable under NFKC and have no case: pass through.
        0x3040..=0x309A
        | 0x309D..=0x309E
        | 0x30A0..=0x30FA
        | 0x30FC..=0x30FE
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7A3 => out(c),
        _ if c.is_whitespace() => out(' '),
        _ => {
            if let Some(q) = fold_quote(c) {
                out(q);
                return;
            }
            if let Some(letters) = fold_letter(c) {
                for l in letters.chars() {
                    push_cased(l, fold_case, out);
                }
                return;
            }
            if fold_decomposed(c, fold_case, out) {
                return;
            }
            // Everything else: NFKC, then recurse on the result so that Arabic
            // presentation forms or full-width letters get the folds above.
            let mut buf = [char::from(0); MAX_NFKC_EXPANSION];
            let mut n = 0;
            for d in std::iter::once(c).nfkc() {
                // Never more than MAX_NFKC_EXPANSION; the guard keeps a future
                // Unicode version from indexing out of bounds.
                if n < buf.len() {
                    buf[n] = d;
                    n += 1;
                }
            }
            if n == 1 && buf[0] == c {
                push_cased(c, fold_case, out);
                return;
            }
            for &d in &buf[..n] {
                if (d as u32) < 0x80 {
                    out(fold_ascii(d as u8, fold_case) as char);
                } else if d == c {
                    push_cased(d, fold_case, out);
                } else {
                    fold_char(d, fold_case, out);
                }
            }
        }
    }
}

/// The most characters NFKC makes of one character (U+FDFA, the Arabic ligature
/// of a blessing, expands to 18).
const MAX_NFKC_EXPANSION: usize = 18;

/// Lowercases `c` (when asked) and emits it.
fn push_cased(c: char, fold_case: bool, out: &mut impl FnMut(char)) {
    if fold_case {
        for l in c.to_lowercase() {
            out(l);
        }
    } else {
        out(c);
    }
}

/// The typographic apostrophes and quotation marks, folded to their ASCII forms:
/// ’ ‘ ‚ ‛ ‹ › and the modifier letter apostrophe ʼ to `'`, “ ” „ ‟ « » to `"`.
/// `None` for every other character.
pub fn fold_quote(c: char) -> Option<char> {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2039}' | '\u{203A}'
        | '\u{02BC}' => Some('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' => Some('"'),
        _ => None,
    }
}

/// Latin letters with no decomposition, spelled as Lucene's ASCIIFoldingFilter
/// (Elasticsearch's `asciifolding`) spells them, in the case they are written;
/// and the final sigma, which is σ (as Unicode case folding has it).
fn fold_letter(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{00DF}' => "ss",
        '\u{1E9E}' => "SS",
        '\u{00E6}' => "ae",
        '\u{00C6}' => "AE",
        '\u{0153}' => "oe",
        '\u{0152}' => "OE",
        '\u{00F8}' => "o",
        '\u{00D8}' => "O",
        '\u{0111}' | '\u{00F0}' => "d",
        '\u{0110}' | '\u{00D0}' => "D",
        '\u{0142}' => "l",
        '\u{0141}' => "L",
        '\u{0127}' => "h",
        '\u{0126}' => "H",
        '\u{0167}' => "t",
        '\u{0166}' => "T",
        '\u{014B}' => "n",
        '\u{014A}' => "N",
        '\u{00FE}' => "th",
        '\u{00DE}' => "TH",
        '\u{0131}' => "i",
        '\u{0138}' => "q",
        '\u{03C2}' => "\u{03C3}",
        _ => return None,
    })
}

/// Whether `u` is a combining mark of the blocks that Latin, Greek and Cyrillic
/// letters take their accents from (Combining Diacritical Marks, its Extended and
/// Supplement blocks, the half marks, and the Cyrillic combining marks). Every
/// mark of the canonical decomposition of such a letter is one of them, so NFC
/// and NFD text fold alike; marks of other scripts (kana voicing, Arabic
/// harakat, Devanagari signs) are not.
#[inline]
fn is_stripped_mark(u: u32) -> bool {
    matches!(
        u,
        0x0300..=0x036F
            | 0x0483..=0x0487
            | 0x1AB0..=0x1AFF
            | 0x1DC0..=0x1DFF
            | 0x2DE0..=0x2DFF
            | 0xA66F
            | 0xA674..=0xA67D
            | 0xA69E..=0xA69F
            | 0xFE20..=0xFE2F
    ) && char::from_u32(u).is_some_and(is_combining_mark)
}

/// The most characters a canonical decomposition makes of one character
/// (U+1F82 ᾂ: α and three marks).
const MAX_CANONICAL_EXPANSION: usize = 4;

/// Folds a Latin, Greek or Cyrillic letter that has a canonical decomposition:
/// decomposes it (NFD), drops the combining marks and folds what remains (the
/// base letter: ồ → o, ș → s, ά → α, й → и). Returns false, emitting nothing, for
/// every other character: those of other scripts keep their own folds (Hangul
/// syllables and voiced kana are never taken apart).
fn fold_decomposed(c: char, fold_case: bool, out: &mut impl FnMut(char)) -> bool {
    if !c.is_alphabetic() {
        return false;
    }
    let mut parts = [c; MAX_CANONICAL_EXPANSION];
    let mut n = 0;
    unicode_normalization::char::decompose_canonical(c, |d| {
        // The guard keeps a future Unicode version from indexing out of bounds;
        // what it would drop are trailing marks.
        if n < parts.len() {
            parts[n] = d;
            n += 1;
        }
    });
    let base = parts[0];
    if n == 0 || (n == 1 && base == c) || !is_latin_greek_cyrillic(base) {
        return false;
    }
    for &d in &parts[..n] {
        if is_combining_mark(d) {
            continue;
        }
        if d.is_ascii() {
            out(fold_ascii(d as u8, fold_case) as char);
        } else {
            // A fully decomposed base letter has no decomposition left: this
            // goes one level deep (ẛ → ſ → s through NFKC).
            fold_char(d, fold_case, out);
        }
    }
    true
}

/// Whether `c` is a Latin, Greek or Cyrillic letter (ASCII included).
fn is_latin_greek_cyrillic(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(
            Script::of(c),
            Some(Script::Latin | Script::Greek | Script::Cyrillic)
        )
}

/// Arabic folds: `None` drops the character.
fn fold_arabic(c: char) -> Option<char> {
    let u = c as u32;
    match u {
        // Tashkeel (harakat, tanwin, shadda, sukun and the extended marks),
        // superscript alef, Quranic annotation marks, tatweel.
        0x0610..=0x061A
        | 0x064B..=0x065F
        | 0x0670
        | 0x06D6..=0x06DC
        | 0x06DF..=0x06E8
        | 0x06EA..=0x06ED
        | 0x0640
        | 0x061C => None,
        // Alef with hamza above/below, madda, wasla.
        0x0622 | 0x0623 | 0x0625 | 0x0671 => Some('\u{0627}'),
        // Alef maqsura and Farsi yeh read as yeh.
        0x0649 | 0x06CC => Some('\u{064A}'),
        // Teh marbuta reads as heh.
        0x0629 => Some('\u{0647}'),
        // Waw with hamza, yeh with hamza.
        0x0624 => Some('\u{0648}'),
        0x0626 => Some('\u{064A}'),
        // Keheh (Persian kaf) reads as kaf.
        0x06A9 => Some('\u{0643}'),
        // High hamza ligatures are compatibility forms.
        0x0675..=0x0678 => {
            let mut first = None;
            for d in std::iter::once(c).nfkc() {
                if first.is_none() {
                    first = Some(d);
                }
            }
            first.and_then(fold_arabic_simple)
        }
        // Arabic-Indic digits stay themselves (numbers are handled by facts).
        _ => Some(c),
    }
}

/// The Arabic folds for a character that is known not to be a ligature.
fn fold_arabic_simple(c: char) -> Option<char> {
    if (c as u32) < 0x0600 || (c as u32) > 0x06FF || matches!(c as u32, 0x0675..=0x0678) {
        Some(c)
    } else {
        fold_arabic(c)
    }
}

/// Devanagari folds: `None` drops the character.
fn fold_devanagari(c: char) -> Option<char> {
    match c as u32 {
        // Nukta: ज़ and ज are one letter for matching.
        0x093C => None,
        // Chandrabindu reads as anusvara.
        0x0901 => Some('\u{0902}'),
        // Precomposed nukta letters: their bases.
        0x0929 => Some('\u{0928}'),
        0x0931 => Some('\u{0930}'),
        0x0934 => Some('\u{0933}'),
        0x0958 => Some('\u{0915}'),
        0x0959 => Some('\u{0916}'),
        0x095A => Some('\u{0917}'),
        0x095B => Some('\u{091C}'),
        0x095C => Some('\u{0921}'),
        0x095D => Some('\u{0922}'),
        0x095E => Some('\u{092B}'),
        0x095F => Some('\u{092F}'),
        _ => Some(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize_str(s, true)
    }

    #[test]
    fn fast_paths_agree_with_the_character_path() {
        // Runs of ASCII and of unchanged letters take fast paths in push_segment;
        // normalize_str folds character by character. Both must agree, and every
        // map entry must point at the start of a character of the original.
        let text = "في هانغتشو،  تعدّ DeepSeek-V3 «رائدة» — 北京和深圳 ＡＩ ﻻ Zürich बीजिंग में क़ तोक्यो ・東京 ";
        let mut n = Normalized::default();
        n.push_segment(text, 0..text.len());
        assert_eq!(n.text.trim_end(), normalize_str(text, true));
        assert_eq!(n.map.len(), n.text.len());
        assert!(n.map.iter().all(|&m| text.is_char_boundary(m as usize)));
        assert!(n.map.windows(2).all(|w| w[0] <= w[1]));
        assert!(folds_to_itself('北' as u32) && folds_to_itself('ب' as u32));
        assert!(
            !folds_to_itself('أ' as u32)
                && !folds_to_itself('Ａ' as u32)
                && !folds_to_itself(0x3000)
        );
    }

    #[test]
    fn latin_case_dashes_spaces_and_accents() {
        assert_eq!(norm("Hunyuan-A13B"), "hunyuan a13b");
        assert_eq!(norm("  New\u{00A0}\u{00A0}York "), "new york");
        assert_eq!(norm("Zürich"), "zurich");
        assert_eq!(norm("GPT–4o"), "gpt 4o");
        assert_eq!(norm("ＤｅｅｐＳｅｅｋ"), "deepseek");
        assert_eq!(norm("Pangu-Σ"), "pangu σ");
    }

    #[test]
    fn long_nfkc_expansions_are_whole() {
        // U+FDFA expands to 18 characters (4 words); all of them are kept.
        let folded = norm("\u{FDFA}");
        assert_eq!(folded.split(' ').count(), 4, "{folded}");
        assert_eq!(folded.chars().filter(|c| *c != ' ').count(), 15);
    }

    #[test]
    fn exact_form_keeps_case() {
        assert_eq!(normalize_str("Apple", false), "Apple");
        assert_eq!(normalize_str("TII", false), "TII");
    }

    #[test]
    fn arabic_folds() {
        // Diacritics and tatweel vanish; alef forms, alef maqsura, teh marbuta fold.
        assert_eq!(norm("بَكِين"), norm("بكين"));
        assert_eq!(norm("هانــغتشو"), norm("هانغتشو"));
        assert_eq!(norm("أبوظبي"), norm("ابوظبى"));
        assert_eq!(norm("القاهرة"), norm("القاهره"));
        assert_eq!(norm("إنتل"), norm("انتل"));
        // Presentation forms go through NFKC first.
        assert_eq!(norm("\u{FEE3}"), norm("\u{0645}"));
    }

    #[test]
    fn devanagari_folds() {
        assert_eq!(norm("शेन्ज़ेन"), norm("शेन्जेन"));
        assert_eq!(norm("\u{095B}"), norm("\u{091C}"));
        assert_eq!(norm("हाँगकाँग"), norm("हांगकांग"));
    }

    #[test]
    fn japanese_middle_dot_is_dropped() {
        assert_eq!(norm("ディープ・シーク"), "ディープシーク");
        assert_eq!(norm("ﾃﾝｾﾝﾄ"), "テンセント");
    }

    #[test]
    fn offsets_map_back_to_the_original() {
        let original = "Hé  BEIJING—بَكِين";
        let mut n = Normalized::default();
        n.push_segment(original, 0..original.len());
        assert_eq!(n.text, "he beijing بكين");
        assert_eq!(n.map.len(), n.text.len());
        let at = n.text.find("beijing").unwrap();
        let r = n.original_range(original, at..at + "beijing".len());
        assert_eq!(&original[r], "BEIJING");
        let at = n.text.find("بكين").unwrap();
        let r = n.original_range(original, at..at + "بكين".len());
        // The surface ends at the last letter; trailing marks are not part of it.
        assert_eq!(&original[r], "بَكِي\u{0646}");
        assert!(n.map.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn vietnamese_and_other_precomposed_latin_fold() {
        // Latin Extended Additional (U+1E00..U+1EFF), NFC.
        assert_eq!(norm("Hồ Chí Minh"), "ho chi minh");
        assert_eq!(norm("Đà Nẵng"), "da nang");
        assert_eq!(norm("Thừa Thiên Huế"), "thua thien hue");
        // Latin Extended-A letters the old table skipped (Latvian Ķ).
        assert_eq!(norm("Ķegums Ĵ"), "kegums j");
    }

    #[test]
    fn romanian_comma_below_equals_cedilla() {
        assert_eq!(norm("București"), "bucuresti");
        assert_eq!(norm("Bucureşti"), "bucuresti");
        assert_eq!(norm("Timișoara Constanța"), norm("Timişoara Constanţa"));
    }

    #[test]
    fn nfd_and_nfc_normalize_alike() {
        for s in [
            "Hồ Chí Minh",
            "São Paulo",
            "București",
            "Ἀθῆναι",
            "Ελλάδα",
            "Йошкар-Ола, Ёлки",
            "Ǆemal ǅ ẛ",
        ] {
            let nfd: String = s.nfd().collect();
            let nfc: String = s.nfc().collect();
            assert_ne!(nfd, nfc, "{s}");
            assert_eq!(norm(&nfd), norm(&nfc), "{s}");
            assert_eq!(
                normalize_str(&nfd, false),
                normalize_str(&nfc, false),
                "{s}"
            );
        }
        // Marks of the other combining blocks used with Latin and Cyrillic go too.
        assert_eq!(norm("a\u{1DC4}b\u{FE20}c\u{2DE0}"), "abc");
    }

    #[test]
    fn greek_and_cyrillic_accents_fold() {
        assert_eq!(norm("Αθήνα"), "αθηνα");
        assert_eq!(norm("Ἀθῆναι"), "αθηναι");
        assert_eq!(norm("Ёлкино"), "елкино");
    }

    #[test]
    fn greek_final_sigma_is_sigma() {
        assert_eq!(norm("ΑΘΗΝΑΣ"), norm("Αθηνας"));
        assert_eq!(norm("της"), "τησ");
        assert_eq!(normalize_str("Αθηνας", false), "Αθηνασ");
    }

    #[test]
    fn sharp_s_is_ss() {
        assert_eq!(norm("Straße"), "strasse");
        assert_eq!(norm("STRAẞE"), "strasse");
        assert_eq!(normalize_str("Straße", false), "Strasse");
        assert_eq!(normalize_str("STRAẞE", false), "STRASSE");
    }

    #[test]
    fn letters_without_a_decomposition_fold_as_ascii_folding_does() {
        assert_eq!(norm("Øresund Łódź Đakovo"), "oresund lodz dakovo");
        assert_eq!(norm("Æbeltoft Œuvre"), "aebeltoft oeuvre");
        assert_eq!(norm("Diyarbakır Þórshöfn"), "diyarbakir thorshofn");
        assert_eq!(normalize_str("Æ Œ Ø", false), "AE OE O");
    }

    #[test]
    fn typographic_apostrophes_and_quotes_fold_to_ascii() {
        for s in ["O’Reilly", "Oʼreilly", "O‘Reilly", "O'Reilly"] {
            assert_eq!(norm(s), "o'reilly", "{s}");
        }
        assert_eq!(norm("Tencent’s"), norm("Tencent's"));
        for s in ["“x”", "„x“", "«x»", "\"x\""] {
            assert_eq!(norm(s), "\"x\"", "{s}");
        }
    }

    #[test]
    fn expansions_and_contractions_map_to_whole_characters() {
        // ß → ss: both bytes map to ß; e + U+0301 → e: the match covers the mark.
        let original = "Straße Jose\u{301} x";
        let mut n = Normalized::default();
        n.push_segment(original, 0..original.len());
        assert_eq!(n.text, "strasse jose x");
        let at = n.text.find("ss").unwrap();
        assert_eq!(&original[n.original_range(original, at..at + 1)], "ß");
        assert_eq!(&original[n.original_range(original, at + 1..at + 2)], "ß");
        let at = n.text.find("jose").unwrap();
        let r = n.original_range(original, at..at + 4);
        assert_eq!(&original[r], "Jose\u{301}");
        // Arabic marks after the last letter stay outside, as before.
        let original = "بكينَ";
        let mut n = Normalized::default();
        n.push_segment(original, 0..original.len());
        let r = n.original_range(original, 0..n.text.len());
        assert_eq!(&original[r], "بكين");
    }

    #[test]
    fn other_scripts_are_not_decomposed() {
        // Hangul syllables and voiced kana have canonical decompositions; they
        // stay whole. Devanagari nukta keeps its own fold.
        assert_eq!(norm("서울 ガギグ がぎ"), "서울 ガギグ がぎ");
        assert!(folds_to_itself('서' as u32) && folds_to_itself('ガ' as u32));
        assert_eq!(norm("\u{0915}\u{093C}"), "\u{0915}");
        assert_eq!(norm("آ"), "ا");
    }

    #[test]
    fn every_decomposable_latin_greek_cyrillic_letter_folds_like_its_nfd() {
        // Over all of Unicode: the NFD of a letter of these scripts folds to what
        // the letter folds to, keeps no combining mark, and fits the buffer.
        let mut checked = 0;
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let nfd: String = std::iter::once(c).nfd().collect();
            let base = nfd.chars().next().unwrap_or(c);
            if nfd.chars().count() < 2 || !c.is_alphabetic() || !is_latin_greek_cyrillic(base) {
                continue;
            }
            assert!(nfd.chars().count() <= MAX_CANONICAL_EXPANSION, "{c}");
            for d in nfd.chars().skip(1) {
                assert!(is_stripped_mark(d as u32), "{c} U+{:04X}", d as u32);
            }
            let folded = normalize_str(&c.to_string(), true);
            assert_eq!(folded, normalize_str(&nfd, true), "{c}");
            assert!(!folded.chars().any(is_combining_mark), "{c}");
            checked += 1;
        }
        assert!(checked > 700, "{checked}");
    }

    #[test]
    fn no_letter_of_another_script_is_decomposed() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if matches!(
                Script::of(c),
                Some(
                    Script::Arabic
                        | Script::Devanagari
                        | Script::Hangul
                        | Script::Hiragana
                        | Script::Katakana
                        | Script::Han
                )
            ) {
                assert!(!fold_decomposed(c, true, &mut |_| {}), "{c}");
            }
        }
    }

    #[test]
    fn segments_join_with_space_or_break() {
        let original = "New\nYork **Tencent**'s";
        let mut n = Normalized::default();
        n.push_segment(original, 0..3);
        n.push_segment(original, 4..8);
        n.push_segment(original, 11..18);
        n.push_segment(original, 20..22);
        assert_eq!(n.text, "new york\u{1F}tencent\u{1F}'s");
    }
}
