//! The one Unicode script table of gazette: which script a letter belongs to
//! ([`Script::of`], used to weigh a document's scripts) and which script's word a
//! character continues ([`word_script`], used by the matcher's boundary rules).
//! Ranges follow the Unicode Scripts.txt blocks of the scripts gazette tells
//! apart; everything else that is alphabetic is [`Script::Other`].

/// A writing system told apart by gazette.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Script {
    /// Latin letters.
    Latin,
    /// Arabic-script letters (Arabic, Persian, Urdu, ...).
    Arabic,
    /// Han ideographs.
    Han,
    /// Hiragana.
    Hiragana,
    /// Katakana.
    Katakana,
    /// Hangul.
    Hangul,
    /// Devanagari.
    Devanagari,
    /// Cyrillic.
    Cyrillic,
    /// Greek.
    Greek,
    /// Hebrew.
    Hebrew,
    /// Thai.
    Thai,
    /// Any other letters.
    Other,
}

/// Every [`Script`], in declaration order (`ALL[s as usize] == s`).
pub const ALL: [Script; 12] = [
    Script::Latin,
    Script::Arabic,
    Script::Han,
    Script::Hiragana,
    Script::Katakana,
    Script::Hangul,
    Script::Devanagari,
    Script::Cyrillic,
    Script::Greek,
    Script::Hebrew,
    Script::Thai,
    Script::Other,
];

impl Script {
    /// The script's English name, as written in the outputs.
    pub fn name(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Arabic => "Arabic",
            Script::Han => "Han",
            Script::Hiragana => "Hiragana",
            Script::Katakana => "Katakana",
            Script::Hangul => "Hangul",
            Script::Devanagari => "Devanagari",
            Script::Cyrillic => "Cyrillic",
            Script::Greek => "Greek",
            Script::Hebrew => "Hebrew",
            Script::Thai => "Thai",
            Script::Other => "Other",
        }
    }

    /// The script of a letter (or of a vowel sign that is part of a script's
    /// words), or `None` for digits, punctuation, symbols and marks of no script.
    #[inline]
    pub fn of(c: char) -> Option<Script> {
        let u = c as u32;
        let s = match u {
            0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => Script::Latin,
            0..=0x7F | 0x2000..=0x2BFF | 0x3000..=0x303F | 0xFE30..=0xFE4F | 0xFF00..=0xFF20 => {
                return None
            }
            0x0620..=0x064A
            | 0x066E..=0x06D3
            | 0x06D5
            | 0x06EE..=0x06EF
            | 0x06FA..=0x06FF
            | 0x0750..=0x077F
            | 0xFB50..=0xFDFF
            | 0xFE70..=0xFEFF => Script::Arabic,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF => Script::Han,
            0x3041..=0x309F => Script::Hiragana,
            0x30A0..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Katakana,
            0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7A3 => Script::Hangul,
            0x0900..=0x0963 | 0x0971..=0x097F => Script::Devanagari,
            0x0400..=0x04FF => Script::Cyrillic,
            0x0370..=0x03FF => Script::Greek,
            0x05D0..=0x05EA => Script::Hebrew,
            0x0E01..=0x0E3A | 0x0E40..=0x0E4E => Script::Thai,
            _ if c.is_alphabetic() => Script::Other,
            _ => return None,
        };
        Some(s)
    }

    /// Whether this is one of the scripts written without spaces between words
    /// (Han and kana): a name in them needs no word boundary.
    pub fn is_cjk(self) -> bool {
        matches!(self, Script::Han | Script::Hiragana | Script::Katakana)
    }
}

/// The script whose words `c` continues: [`Script::of`], plus a script's own
/// digits (Devanagari ०-९ continue a Devanagari word), minus the characters that
/// separate words inside a script (the katakana middle dot ・ and double hyphen
/// ゠, the kana voicing marks).
#[inline]
pub fn word_script(c: char) -> Option<Script> {
    match c as u32 {
        0x0966..=0x096F => Some(Script::Devanagari),
        0x30A0 | 0x30FB | 0x3099..=0x309C => None,
        _ => Script::of(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_of_each_script() {
        let cases = [
            ('a', Script::Latin),
            ('é', Script::Latin),
            ('ب', Script::Arabic),
            ('ۮ', Script::Arabic),
            ('京', Script::Han),
            ('の', Script::Hiragana),
            ('テ', Script::Katakana),
            ('한', Script::Hangul),
            ('क', Script::Devanagari),
            ('ж', Script::Cyrillic),
            ('σ', Script::Greek),
            ('א', Script::Hebrew),
            ('ก', Script::Thai),
            ('ሀ', Script::Other),
        ];
        for (c, s) in cases {
            assert_eq!(Script::of(c), Some(s), "{c}");
            assert_eq!(ALL[s as usize], s);
        }
        for c in ['1', ' ', '،', '。', '—', '\u{D7A4}'] {
            assert_eq!(Script::of(c), None, "{c:?}");
        }
    }

    #[test]
    fn word_script_digits_and_separators() {
        assert_eq!(word_script('५'), Some(Script::Devanagari));
        assert_eq!(Script::of('५'), None);
        assert_eq!(word_script('・'), None);
        assert_eq!(Script::of('・'), Some(Script::Katakana));
        assert_eq!(word_script('ト'), Some(Script::Katakana));
    }
}
