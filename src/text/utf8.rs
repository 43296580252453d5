//! UTF-8 helpers for hot loops and for byte offsets that must land on character
//! boundaries. Validation and decoding of files live in `decode`.

/// The largest index `<= i` (clamped to `s.len()`) that is a character boundary of `s`.
#[inline]
pub fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The scalar value and byte length of the UTF-8 character that starts at `i` of
/// `bytes` (valid UTF-8, `i` on a character boundary): for hot loops that look
/// characters up in tables without building `char`s.
#[inline]
pub fn scalar_at(bytes: &[u8], i: usize) -> (u32, usize) {
    let b = bytes[i];
    let cont = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0x80) & 0x3F);
    match b {
        0..=0x7F => (u32::from(b), 1),
        0x80..=0xDF => ((u32::from(b & 0x1F) << 6) | cont(1), 2),
        0xE0..=0xEF => ((u32::from(b & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3),
        _ => (
            (u32::from(b & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_inside_multibyte_characters() {
        let s = "aبc"; // b at 1..3
        assert_eq!(floor_char_boundary(s, 2), 1);
        assert_eq!(floor_char_boundary(s, 99), s.len());
        assert_eq!(floor_char_boundary(s, 0), 0);
    }

    #[test]
    fn scalars_of_every_length() {
        for s in ["a", "é", "بك", "東", "𠀀"] {
            let (u, len) = scalar_at(s.as_bytes(), 0);
            let c = s.chars().next().unwrap();
            assert_eq!((u, len), (c as u32, c.len_utf8()));
        }
    }
}
