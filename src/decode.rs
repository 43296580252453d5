//! Decoding: file bytes to text.
//!
//! UTF-8 (with or without a byte order mark) is borrowed as is, so offsets are
//! offsets into the file. UTF-16 with a byte order mark, and files that are not
//! valid UTF-8 (legacy encodings such as Windows-1256, ISO-8859-6 or
//! Windows-1252, guessed by chardetng), are decoded to UTF-8; offsets then refer to
//! the decoded UTF-8 text. Binary files (NUL bytes) and text that cannot be decoded
//! without loss are errors naming the line and byte. It does not read files.

use std::borrow::Cow;
use std::fmt;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

/// Decoded text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text, without a byte order mark.
    pub text: Cow<'a, str>,
    /// The encoding's name as written in the outputs (`utf-8`, `utf-8-bom`,
    /// `utf-16le`, `windows-1256`, ...).
    pub encoding: &'static str,
    /// Bytes before `text` in the original file (3 for a UTF-8 byte order mark).
    /// Only meaningful when `transcoded` is false.
    pub offset: usize,
    /// Whether the text was converted from another encoding (offsets then refer to
    /// the decoded UTF-8 text, not to the file's bytes).
    pub transcoded: bool,
    /// What was wrong but could be read: invalid UTF-8 sequences replaced with
    /// U+FFFD (the document's status is then `warning`).
    pub warning: Option<String>,
}

/// Why bytes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The file contains NUL bytes: it is binary, not text.
    Binary {
        /// Offset of the first NUL byte.
        offset: usize,
    },
    /// The file is neither valid UTF-8 nor decodable in its declared or guessed
    /// encoding.
    Undecodable {
        /// Where the first byte that is not UTF-8 stands (`line 3, offset 120`),
        /// empty for UTF-16 files.
        at: String,
        /// The encoding that was tried last.
        encoding: &'static str,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Binary { offset } => {
                write!(f, "binary file (NUL byte at offset {offset}), not text")
            }
            DecodeError::Undecodable { at, encoding } if at.is_empty() => {
                write!(f, "malformed {encoding} text")
            }
            DecodeError::Undecodable { at, encoding } => {
                write!(f, "{at}: not valid UTF-8, nor decodable as {encoding}")
            }
        }
    }
}

/// Decodes file bytes to text.
///
/// In order: UTF-32 and UTF-16 with a byte order mark; UTF-32 without one when
/// its pattern of NUL bytes is unmistakable; any other NUL byte is a binary file;
/// valid UTF-8 (borrowed), unless it is 7-bit text in ISO-2022-JP (escape
/// sequences) or UTF-7 (see [`utf7`]); UTF-8 with a few invalid sequences is
/// repaired (see [`repair`]); anything else is a legacy encoding guessed by
/// chardetng.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    // UTF-32 first: its little-endian BOM starts with the UTF-16 LE one.
    if let Some(rest) = bytes.strip_prefix(UTF32LE_BOM) {
        return utf32(rest, false, UTF32LE_BOM.len());
    }
    if let Some(rest) = bytes.strip_prefix(UTF32BE_BOM) {
        return utf32(rest, true, UTF32BE_BOM.len());
    }
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        if enc == UTF_16LE || enc == UTF_16BE {
            if let Some(offset) = find_nul(bytes, 0, 2) {
                return Err(DecodeError::Binary { offset });
            }
            return transcode(&bytes[bom..], enc, bytes);
        }
    }
    let (body, encoding, offset) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, "utf-8-bom", 3),
        None => (bytes, "utf-8", 0),
    };
    if let Some(at) = memchr::memchr(0, body) {
        if offset == 0 {
            if let Some(big_endian) = utf32_pattern(body) {
                return utf32(body, big_endian, 0);
            }
        }
        return Err(DecodeError::Binary {
            offset: at + offset,
        });
    }
    // SIMD validation (several times std's speed on non-ASCII text); the slow
    // path below only runs for text that is not UTF-8.
    match simdutf8::basic::from_utf8(body) {
        Ok(text) => {
            if let Some(d) = seven_bit(text)? {
                return Ok(d);
            }
            Ok(Decoded {
                text: Cow::Borrowed(text),
                encoding,
                offset,
                transcoded: false,
                warning: None,
            })
        }
        Err(_) => {
            if let Some(d) = repair(body, offset) {
                return Ok(d);
            }
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(body, true);
            let guess = detector.guess(None, true);
            transcode(body, guess, bytes)
        }
    }
}

/// The UTF-32 byte order marks.
const UTF32LE_BOM: &[u8] = b"\xFF\xFE\0\0";
const UTF32BE_BOM: &[u8] = b"\0\0\xFE\xFF";

/// The width in bytes of a code unit of the text that starts with `head` (its
/// first block): 4 for UTF-32 (with a byte order mark, or the unmistakable
/// pattern of one without), 2 for UTF-16 with a byte order mark, 1 otherwise.
/// A code unit of zero bytes at this width is a NUL, whatever the encoding.
pub fn unit_width(head: &[u8]) -> usize {
    if head.starts_with(UTF32LE_BOM) || head.starts_with(UTF32BE_BOM) {
        4
    } else if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        2
    } else if memchr::memchr(0, head).is_some() && utf32_pattern(head).is_some() {
        4
    } else {
        1
    }
}

/// The offset of the first NUL code unit of `width` bytes (see [`unit_width`])
/// at or after `from` (units are aligned to the start of `bytes`).
pub fn find_nul(bytes: &[u8], from: usize, width: usize) -> Option<usize> {
    let width = width.max(1);
    let start = from.min(bytes.len());
    if width == 1 {
        return memchr::memchr(0, &bytes[start..]).map(|i| start + i);
    }
    let start = start - start % width;
    bytes[start..]
        .chunks_exact(width)
        .position(|unit| unit.iter().all(|&b| b == 0))
        .map(|i| start + i * width)
}

/// Whether the first block of `body` (no byte order mark) is UTF-32 beyond
/// doubt, and then whether big-endian: every code unit of the first 4 KiB is a
/// scalar value that is neither NUL nor a control other than tab, CR and LF.
/// UTF-16, 8-bit text and binary formats fail this on their first units.
fn utf32_pattern(body: &[u8]) -> Option<bool> {
    let head = &body[..body.len().min(4096)];
    let head = &head[..head.len() - head.len() % 4];
    if head.len() < 8 {
        return None;
    }
    let plausible = |u: u32| {
        char::from_u32(u).is_some_and(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
    };
    let all = |f: fn([u8; 4]) -> u32| {
        head.chunks_exact(4)
            .all(|c| plausible(f([c[0], c[1], c[2], c[3]])))
    };
    if all(u32::from_le_bytes) {
        Some(false)
    } else if all(u32::from_be_bytes) {
        Some(true)
    } else {
        None
    }
}

/// Decodes UTF-32 (`bom` bytes before `body` in the file), strictly: a length
/// that is not a multiple of 4 or a unit that is not a scalar value is an
/// error, a NUL makes the file binary. (encoding_rs has no UTF-32.)
fn utf32<'a>(body: &[u8], big_endian: bool, bom: usize) -> Result<Decoded<'a>, DecodeError> {
    let encoding = if big_endian { "utf-32be" } else { "utf-32le" };
    let malformed = || DecodeError::Undecodable {
        at: String::new(),
        encoding,
    };
    if !body.len().is_multiple_of(4) {
        return Err(malformed());
    }
    let mut text = String::with_capacity(body.len() / 2);
    for (i, c) in body.chunks_exact(4).enumerate() {
        let unit = [c[0], c[1], c[2], c[3]];
        let u = if big_endian {
            u32::from_be_bytes(unit)
        } else {
            u32::from_le_bytes(unit)
        };
        match char::from_u32(u) {
            Some('\0') => {
                return Err(DecodeError::Binary {
                    offset: bom + 4 * i,
                })
            }
            Some(ch) => text.push(ch),
            None => return Err(malformed()),
        }
    }
    Ok(Decoded {
        text: Cow::Owned(text),
        encoding,
        offset: 0,
        transcoded: true,
        warning: None,
    })
}

/// Valid UTF-8 that is really a 7-bit encoding: ISO-2022-JP (its escape
/// sequences `ESC $ B`, `ESC $ @`, `ESC $ ( D` switch to JIS X 0208/0212) or
/// UTF-7 (see [`utf7`]). `None` for ordinary text; only pure ASCII text that
/// contains an escape byte or a `+` is looked at further.
fn seven_bit(text: &str) -> Result<Option<Decoded<'static>>, DecodeError> {
    let bytes = text.as_bytes();
    if memchr::memchr(0x1B, bytes).is_some()
        && [&b"\x1b$B"[..], b"\x1b$@", b"\x1b$(D"]
            .iter()
            .any(|esc| memchr::memmem::find(bytes, esc).is_some())
        && bytes.is_ascii()
    {
        return transcode(bytes, encoding_rs::ISO_2022_JP, bytes).map(Some);
    }
    if memchr::memchr(b'+', bytes).is_some() && bytes.is_ascii() {
        if let Some(text) = utf7(bytes) {
            return Ok(Some(Decoded {
                text: Cow::Owned(text),
                encoding: "utf-7",
                offset: 0,
                transcoded: true,
                warning: None,
            }));
        }
    }
    Ok(None)
}

/// Decodes 7-bit text as UTF-7 (RFC 2152) when it is that beyond reasonable
/// doubt: every `+` starts either `+-` (a literal plus) or a base64 run whose
/// bits make whole UTF-16 units (the leftover bits zero) that decode to
/// characters outside ASCII, and there are at least two such runs. Markdown
/// written in ASCII (`C++`, `+1`, `a+b`, `+ item`) fails on its first `+`.
fn utf7(bytes: &[u8]) -> Option<String> {
    fn sextet(b: u8) -> Option<u32> {
        Some(u32::from(match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        }))
    }
    let mut out = String::with_capacity(bytes.len());
    let mut runs = 0usize;
    let mut i = 0;
    while let Some(plus) = memchr::memchr(b'+', &bytes[i..]) {
        let plus = i + plus;
        // Pure ASCII, so every byte is a char boundary.
        out.push_str(std::str::from_utf8(&bytes[i..plus]).ok()?);
        let mut j = plus + 1;
        if bytes.get(j) == Some(&b'-') {
            out.push('+');
            i = j + 1;
            continue;
        }
        let (mut acc, mut bits, mut units) = (0u32, 0u32, Vec::new());
        while let Some(v) = bytes.get(j).and_then(|&b| sextet(b)) {
            acc = (acc << 6 | v) & 0xFF_FFFF;
            bits += 6;
            if bits >= 16 {
                bits -= 16;
                units.push((acc >> bits) as u16);
            }
            j += 1;
        }
        if units.is_empty() || bits >= 6 || acc & ((1 << bits) - 1) != 0 {
            return None;
        }
        for c in char::decode_utf16(units) {
            match c {
                Ok(c) if !c.is_ascii() => out.push(c),
                _ => return None,
            }
        }
        runs += 1;
        if bytes.get(j) == Some(&b'-') {
            j += 1;
        }
        i = j;
    }
    out.push_str(std::str::from_utf8(&bytes[i..]).ok()?);
    (runs >= 2).then_some(out)
}

/// The length of a sequence at the start of `bytes` that has the shape of UTF-8
/// (a lead byte and its continuation bytes) but is not valid: overlong forms
/// (`C0 AF`, `E0 80 AF`), surrogates (`ED A0 80`, as CESU-8 writes them) and
/// code points past U+10FFFF. Such bytes come from a broken UTF-8 encoder, not
/// from a legacy encoding.
fn misencoded_len(bytes: &[u8]) -> Option<usize> {
    let cont = |i: usize, lo: u8, hi: u8| bytes.get(i).is_some_and(|&b| (lo..=hi).contains(&b));
    let tail = |from: usize, n: usize| (from..from + n).all(|i| cont(i, 0x80, 0xBF));
    let len = match *bytes.first()? {
        0xC0 | 0xC1 if tail(1, 1) => 2,
        0xE0 if cont(1, 0x80, 0x9F) && tail(2, 1) => 3,
        0xED if cont(1, 0xA0, 0xBF) && tail(2, 1) => 3,
        0xF0 if cont(1, 0x80, 0x8F) && tail(2, 2) => 4,
        0xF4 if cont(1, 0x90, 0xBF) && tail(2, 2) => 4,
        0xF5..=0xF7 if tail(1, 3) => 4,
        _ => return None,
    };
    Some(len)
}

/// Decodes `body` (after `bom` bytes of byte order mark) as UTF-8 with each
/// invalid sequence replaced by U+FFFD, when it is UTF-8 with a few bad bytes
/// rather than a legacy encoding; `None` otherwise.
///
/// Invalid sequences that have the shape of UTF-8 (overlong, surrogates:
/// see [`misencoded_len`]) count as UTF-8; each stray byte (one that fits no
/// UTF-8 shape) must be outweighed by at least 8 valid multi-byte characters,
/// and stray bytes must be at most 1% of the file (one is always allowed). Text in a legacy encoding
/// (Windows-1252, Windows-1256, GBK) has far more stray bytes than accidental
/// valid pairs: every accented letter or Arabic letter next to another is one;
/// a UTF-8 article with a byte flipped or a truncated last character has
/// thousands of valid characters per stray byte.
fn repair(body: &[u8], bom: usize) -> Option<Decoded<'static>> {
    let mut text = String::with_capacity(body.len() + 16);
    let (mut pos, mut skip) = (0usize, 0usize);
    let (mut multibyte, mut stray, mut replaced) = (0usize, 0usize, 0usize);
    let mut first = None;
    for chunk in body.utf8_chunks() {
        let valid = chunk.valid();
        text.push_str(valid);
        multibyte += valid.bytes().filter(|&b| b >= 0xC0).count();
        pos += valid.len();
        let bad = chunk.invalid();
        if bad.is_empty() {
            continue;
        }
        if skip > 0 && valid.is_empty() {
            // The continuation bytes of a misencoded sequence already replaced.
            skip = skip.saturating_sub(bad.len());
            pos += bad.len();
            continue;
        }
        skip = 0;
        match misencoded_len(&body[pos..]) {
            Some(n) => skip = n.saturating_sub(bad.len()),
            None => stray += 1,
        }
        replaced += 1;
        first.get_or_insert(pos + bom);
        text.push('\u{FFFD}');
        pos += bad.len();
    }
    let utf8 = stray == 0 || (multibyte >= 8 * stray && stray <= 1 + body.len() / 100);
    if !utf8 || replaced == 0 {
        return None;
    }
    let first = first.unwrap_or(bom);
    let warning = if replaced == 1 {
        format!("1 invalid UTF-8 sequence replaced, at byte {first}")
    } else {
        format!("{replaced} invalid UTF-8 sequences replaced, first at byte {first}")
    };
    Some(Decoded {
        text: Cow::Owned(text),
        encoding: "utf-8-repaired",
        offset: 0,
        transcoded: true,
        warning: Some(warning),
    })
}

/// Decodes `body` (without BOM) from `enc`; a malformed sequence is an error.
fn transcode<'a>(
    body: &[u8],
    enc: &'static Encoding,
    whole: &[u8],
) -> Result<Decoded<'a>, DecodeError> {
    match enc.decode_without_bom_handling_and_without_replacement(body) {
        Some(text) if !text.contains('\0') => Ok(Decoded {
            text: Cow::Owned(text.into_owned()),
            encoding: encoding_name(enc),
            offset: 0,
            transcoded: true,
            warning: None,
        }),
        Some(text) => Err(DecodeError::Binary {
            offset: text.find('\0').unwrap_or(0),
        }),
        None => {
            let at = match std::str::from_utf8(whole) {
                Err(e) if enc != UTF_16LE && enc != UTF_16BE => {
                    let bad = e.valid_up_to();
                    let line = memchr::memchr_iter(b'\n', &whole[..bad]).count() + 1;
                    format!("line {line}, offset {bad}")
                }
                _ => String::new(),
            };
            Err(DecodeError::Undecodable {
                at,
                encoding: encoding_name(enc),
            })
        }
    }
}

/// The lowercase WHATWG name of an encoding (`windows-1256`, `utf-16le`).
fn encoding_name(enc: &'static Encoding) -> &'static str {
    match enc.name() {
        "UTF-8" => "utf-8",
        "UTF-16LE" => "utf-16le",
        "UTF-16BE" => "utf-16be",
        "windows-1256" => "windows-1256",
        "windows-1252" => "windows-1252",
        "ISO-8859-6" => "iso-8859-6",
        "ISO-8859-2" => "iso-8859-2",
        "windows-1250" => "windows-1250",
        "windows-1251" => "windows-1251",
        "Shift_JIS" => "shift_jis",
        "EUC-JP" => "euc-jp",
        "GBK" => "gbk",
        "gb18030" => "gb18030",
        "Big5" => "big5",
        "EUC-KR" => "euc-kr",
        "ISO-2022-JP" => "iso-2022-jp",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("بكين".as_bytes()).unwrap();
        assert_eq!((&*d.text, d.encoding, d.offset), ("بكين", "utf-8", 0));
        assert!(!d.transcoded);
        let d = decode(b"\xEF\xBB\xBFabc").unwrap();
        assert_eq!((&*d.text, d.encoding, d.offset), ("abc", "utf-8-bom", 3));
        assert_eq!(decode(b"").unwrap().text, "");
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("بكين Tencent".encode_utf16().flat_map(|u| u.to_le_bytes()));
        let d = decode(&le).unwrap();
        assert_eq!((&*d.text, d.encoding), ("بكين Tencent", "utf-16le"));
        assert!(d.transcoded);
        let mut be = vec![0xFE, 0xFF];
        be.extend("東京".encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be).unwrap().text, "東京");
    }

    #[test]
    fn legacy_arabic_and_latin() {
        let text = "في مدينة بكين تعمل شركة تنسنت على نماذج الذكاء الاصطناعي الجديدة";
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(text);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, "windows-1256");
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1252.encode("Café à Zürich, très élégant et réputé");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "Café à Zürich, très élégant et réputé");
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn malformed_utf16_is_an_error() {
        let e = decode(b"\xFF\xFE\x00\xD8").unwrap_err();
        assert_eq!(e.to_string(), "malformed utf-16le text");
    }

    #[test]
    fn binary_is_an_error() {
        assert_eq!(decode(b"ab\0c"), Err(DecodeError::Binary { offset: 2 }));
        assert!(decode(b"PK\x03\x04\x00\x00")
            .unwrap_err()
            .to_string()
            .contains("binary"));
    }

    /// An Arabic article in UTF-8 (about 40 mentions' worth of text).
    fn arabic() -> String {
        "في مدينة بكين تعمل شركة تنسنت وشركة هواوي في شنجن. ".repeat(10)
    }

    #[test]
    fn one_stray_byte_keeps_utf8_and_warns() {
        let mut bytes = arabic().into_bytes();
        bytes.insert(40, 0xFF);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "utf-8-repaired");
        assert!(d.transcoded);
        assert_eq!(
            d.warning.as_deref(),
            Some("1 invalid UTF-8 sequence replaced, at byte 40")
        );
        let mut expected = arabic();
        expected.insert(40, '\u{FFFD}');
        assert_eq!(d.text, expected);
        // Chinese, three bad spots (one a truncated character), after a BOM.
        let mut zh = b"\xEF\xBB\xBF".to_vec();
        zh.extend(
            "腾讯公司在深圳，华为在东莞，百度在北京。"
                .repeat(20)
                .bytes(),
        );
        zh.insert(102, 0x80);
        zh.insert(202, 0xFE);
        zh.extend(&"京".as_bytes()[..2]);
        let d = decode(&zh).unwrap();
        assert_eq!(d.encoding, "utf-8-repaired");
        assert_eq!(
            d.warning.as_deref(),
            Some("3 invalid UTF-8 sequences replaced, first at byte 102")
        );
        assert_eq!(d.text.matches('\u{FFFD}').count(), 3);
        assert!(d.text.starts_with("腾讯公司"));
    }

    #[test]
    fn overlong_and_cesu8_are_utf8_with_replacement() {
        // `/` as an overlong C0 AF, and U+1F600 as CESU-8 surrogates.
        let bytes = b"Tencent \xC0\xAF Beijing \xED\xA0\xBD\xED\xB8\x80 Shenzhen";
        let d = decode(bytes).unwrap();
        assert_eq!(d.encoding, "utf-8-repaired");
        assert_eq!(d.text, "Tencent \u{FFFD} Beijing \u{FFFD}\u{FFFD} Shenzhen");
        assert_eq!(
            d.warning.as_deref(),
            Some("3 invalid UTF-8 sequences replaced, first at byte 8")
        );
    }

    #[test]
    fn legacy_files_stay_legacy() {
        // Many stray bytes: not UTF-8 with a few errors.
        let ar = arabic();
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&ar);
        assert_eq!(decode(&bytes).unwrap().encoding, "windows-1256");
        let zh = "腾讯公司在深圳，华为在东莞。".repeat(20);
        let (bytes, _, _) = encoding_rs::GBK.encode(&zh);
        let d = decode(&bytes).unwrap();
        assert!(d.warning.is_none());
        assert_eq!(d.text, "腾讯公司在深圳，华为在东莞。".repeat(20));
        // One accented letter in English text is Windows-1252, not a repair.
        let d = decode(b"The caf\xE9 near the station in Paris.").unwrap();
        assert_eq!(
            (d.encoding, &*d.text),
            ("windows-1252", "The café near the station in Paris.")
        );
    }

    #[test]
    fn utf32_with_and_without_bom() {
        let text = "بكين Tencent 東京 😀\n";
        let le: Vec<u8> = text
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect();
        let be: Vec<u8> = text
            .chars()
            .flat_map(|c| (c as u32).to_be_bytes())
            .collect();
        for (bom, body, name) in [
            (&b"\xFF\xFE\0\0"[..], &le, "utf-32le"),
            (b"\0\0\xFE\xFF", &be, "utf-32be"),
            (b"", &le, "utf-32le"),
            (b"", &be, "utf-32be"),
        ] {
            let bytes = [bom, body].concat();
            let d = decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!((&*d.text, d.encoding), (text, name));
            assert_eq!(unit_width(&bytes), 4);
        }
        assert_eq!(
            decode(b"\xFF\xFE\0\0\0\0\x11\0").unwrap_err().to_string(),
            "malformed utf-32le text"
        );
        assert_eq!(
            decode(b"\xFF\xFE\0\0a\0\0\0\0\0\0\0"),
            Err(DecodeError::Binary { offset: 8 })
        );
        // Binary data with NUL bytes is not UTF-32.
        assert!(matches!(
            decode(b"\x01\0\0\0\x02\0\0\0PK\x03\x04"),
            Err(DecodeError::Binary { .. })
        ));
    }

    #[test]
    fn iso_2022_jp_is_decoded() {
        let (bytes, _, _) = encoding_rs::ISO_2022_JP.encode("東京のソニーと大阪のパナソニック");
        assert!(bytes.is_ascii());
        let d = decode(&bytes).unwrap();
        assert_eq!(
            (&*d.text, d.encoding),
            ("東京のソニーと大阪のパナソニック", "iso-2022-jp")
        );
        // An ANSI colour escape is not ISO-2022-JP.
        assert_eq!(decode(b"\x1b[31mred").unwrap().encoding, "utf-8");
    }

    #[test]
    fn utf7_is_decoded_and_plus_signs_are_not_utf7() {
        // "東京 Tencent 北京 a+b" in UTF-7.
        let d = decode(b"+Z3FOrA Tencent +UxdOrA- a+-b").unwrap();
        assert_eq!((&*d.text, d.encoding), ("東京 Tencent 北京 a+b", "utf-7"));
        for ascii in [
            &b"C++ and +1 and a+b"[..],
            b"- item\n+ item\n",
            b"+abc is one run only",
            b"+Z3FOrA- +Z3FOrA- but C++",
        ] {
            let d = decode(ascii).unwrap();
            assert_eq!(d.encoding, "utf-8", "{:?}", String::from_utf8_lossy(ascii));
        }
    }

    #[test]
    fn nul_units_are_found_at_their_width() {
        assert_eq!(find_nul(b"ab\0c", 0, 1), Some(2));
        assert_eq!(find_nul(b"ab\0c", 3, 1), None);
        assert_eq!(find_nul(b"\xFF\xFEa\0\0\x01\0\0", 0, 2), Some(6));
        assert_eq!(find_nul(b"\xFF\xFEa\0\0\x01\0\0", 7, 2), Some(6));
        assert_eq!(unit_width(b"\xFF\xFEa\0"), 2);
        assert_eq!(unit_width(b"plain text"), 1);
    }
}
