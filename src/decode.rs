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
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        if enc == UTF_16LE || enc == UTF_16BE {
            return transcode(&bytes[bom..], enc, bytes);
        }
    }
    let (body, encoding, offset) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, "utf-8-bom", 3),
        None => (bytes, "utf-8", 0),
    };
    if let Some(at) = memchr::memchr(0, body) {
        return Err(DecodeError::Binary {
            offset: at + offset,
        });
    }
    // SIMD validation (several times std's speed on non-ASCII text); the slow
    // path below only runs for text that is not UTF-8.
    match simdutf8::basic::from_utf8(body) {
        Ok(text) => Ok(Decoded {
            text: Cow::Borrowed(text),
            encoding,
            offset,
            transcoded: false,
        }),
        Err(_) => {
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(body, true);
            let guess = detector.guess(None, true);
            transcode(body, guess, bytes)
        }
    }
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
}
