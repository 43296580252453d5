//! Bare URLs, e-mail addresses and domain names in the source text of a run of
//! prose, and the host of a URL.
//!
//! [`scan`] reads the markdown source of one run of inline text (the bytes from
//! its first text event to its last, delimiters and escapes included, with no code
//! span, link, image or raw HTML inside) and says which byte ranges are URL-like
//! and which of them are bare links, following the GFM autolink extension for
//! where a link starts and ends (see [`gfm_trim`] and the README for where gazette
//! deviates). A cheap byte prefilter and regex windows keep it linear. It does not
//! walk markdown events or decide what is prose: `markdown` does.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::text::scalar_at;

/// URLs, e-mail addresses and bare domain names in prose. The e-mail alternative
/// is GFM's extended e-mail autolink (`+` before the `@` only, `_` and `-` on both
/// sides, at least one `.` after it). The URL alternative has no `\b`: `_www.`
/// (emphasis) may start a link; [`scan`] checks the byte before it.
static URLISH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)(?:(?:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+)",
        r"|(?:\b[A-Za-z0-9._+\-]+@[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)+)",
        r"|(?:\b(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+",
        r"(?:com|ai|org|net|io|cn|co|dev|app|gov|edu|info|me|tv|jp|uk|de|fr|in|ae|sa|hk|tw|sg|kr|ru|us|eu|xyz|tech|cloud|so|gg|ly|sh|site|online|news|blog)",
        r"\b(?:/[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]*)?)",
    ))
    .expect("static regex")
});

/// Whether `b` can be part of a [`URLISH`] match: every alternative consumes only
/// these bytes, and they include every ASCII word character.
fn url_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b)
}

/// The [`URLISH`] matches of `s`, found by running the regex only over the runs of
/// URL bytes that hold a `.`, `@` or `:` (every match holds one). The same matches
/// as over all of `s`: a match never crosses a byte outside the runs, and the
/// bytes around a run are never ASCII word characters, so `\b` reads the same.
fn url_matches(s: &str) -> Vec<regex::Match<'_>> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut done = 0;
    for p in memchr::memchr3_iter(b'.', b'@', b':', bytes) {
        if p < done {
            continue;
        }
        let start = bytes[done..p]
            .iter()
            .rposition(|&b| !url_byte(b))
            .map_or(done, |i| done + i + 1);
        let end = bytes[p..]
            .iter()
            .position(|&b| !url_byte(b))
            .map_or(bytes.len(), |i| p + i);
        // `find_at` reads the bytes before `at` for `\b`, as a search over all of
        // `s` would; every match is non-empty, so the loop advances.
        let window = &s[..end];
        let mut at = start;
        while let Some(m) = URLISH.find_at(window, at) {
            at = m.end();
            out.push(m);
        }
        done = end;
    }
    out
}

/// What a URL-like range of prose is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UrlKind {
    /// A bare `http(s)://`, `ftp://` or `www.` link.
    Url,
    /// A bare e-mail address (its link is `mailto:` + the address).
    Email,
    /// URL-like but no link (a domain name, an invalid domain): not prose either.
    NotLink,
}

/// A URL-like range found by [`scan`], relative to the scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Found {
    /// Byte range in the scanned text.
    pub range: Range<usize>,
    /// What it is.
    pub kind: UrlKind,
}

/// Appends to `out` the URL-like ranges of `s` (the source of one run of prose), in
/// order and without overlap. `www_at_start`: whether a `www.` at byte 0 stands
/// where GFM lets an autolink start (line start, after whitespace or `*_~(`).
/// Names in `dotted_names` (lowercased) written alone are not URL-like.
pub(super) fn scan(
    s: &str,
    www_at_start: bool,
    dotted_names: &HashSet<String>,
    out: &mut Vec<Found>,
) {
    let b = s.as_bytes();
    if memchr::memchr3(b'.', b'@', b':', b).is_none() {
        return;
    }
    let mut done = 0;
    for m in url_matches(s) {
        let start = m.start();
        if start < done {
            continue;
        }
        let head = m.as_str().as_bytes();
        if let Some(scheme) = scheme_len(head) {
            // GFM: a URL goes on to whitespace or `<`, then loses its trailing
            // punctuation; the regex stops earlier, at the first byte outside RFC 3986.
            let full = extend(b, m.end());
            let end = start + gfm_trim(&s[start..full]).len();
            let www = scheme == 4;
            let start_ok = if www {
                www_may_start(b, start, www_at_start)
            } else {
                start == 0 || !b[start - 1].is_ascii_alphanumeric()
            };
            let ok =
                start_ok && end > start + scheme && valid_domain(&b[start + scheme..end], !www);
            out.push(Found {
                range: start..end,
                kind: if ok { UrlKind::Url } else { UrlKind::NotLink },
            });
            done = full;
        } else if head.contains(&b'@') {
            // The regex leaves a final `.` out; a final `-` or `_` makes no address.
            let ok = !matches!(head.last(), Some(b'-' | b'_'));
            out.push(Found {
                range: start..m.end(),
                kind: if ok { UrlKind::Email } else { UrlKind::NotLink },
            });
            done = m.end();
        } else {
            if dotted_names.contains(&m.as_str().to_ascii_lowercase()) {
                continue;
            }
            out.push(Found {
                range: start..m.end(),
                kind: UrlKind::NotLink,
            });
            done = m.end();
        }
    }
}

/// The length of the `http://`, `https://`, `ftp://` or `www.` (4) that `m` starts
/// with (ASCII case-insensitive), if any.
fn scheme_len(m: &[u8]) -> Option<usize> {
    ["https://", "http://", "ftp://", "www."]
        .iter()
        .find(|p| m.len() >= p.len() && m[..p.len()].eq_ignore_ascii_case(p.as_bytes()))
        .map(|p| p.len())
}

/// Whether `c` (not ASCII) ends a URL: Unicode spaces and the punctuation of
/// general use, CJK, full width, Arabic and Devanagari text. A deviation from GFM
/// (which goes on to the next space): scripts that put no space after a URL end
/// it with their own punctuation (`。`, `，`, `،`, `।`).
fn ends_url(c: u32) -> bool {
    matches!(c,
        0x85 | 0xA0 | 0xAB | 0xBB | 0x1680 | 0xFEFF
        | 0x060C | 0x061B | 0x061F | 0x06D4 | 0x0964 | 0x0965
        | 0x2000..=0x206F | 0x3000..=0x303F | 0xFE10..=0xFE1F | 0xFE30..=0xFE4F
        | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
}

/// The end of the URL that reaches at least to `from` in `b`: GFM's "zero or more
/// non-space non-`<` characters" (ASCII controls and [`ends_url`] end it too).
fn extend(b: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            if !c.is_ascii_graphic() || c == b'<' {
                break;
            }
            i += 1;
        } else {
            let (cp, len) = scalar_at(b, i);
            if ends_url(cp) {
                break;
            }
            i += len;
        }
    }
    i
}

/// GFM's extended autolink path validation: trailing `?`, `!`, `.`, `,`, `:`, `*`,
/// `_`, `~` are not part of the URL; a trailing `)` is not when the URL has more
/// `)` than `(`; a trailing entity-like `&name;` is not, nor a trailing `;`.
/// gazette also drops trailing quotes (`'`, `"`) and an unbalanced trailing `]`
/// (a URL written in brackets), which GFM keeps.
pub(super) fn gfm_trim(url: &str) -> &str {
    let b = url.as_bytes();
    let count = |c: u8| b.iter().filter(|&&x| x == c).count();
    // Opening brackets are never trimmed, so their counts stay.
    let (open_p, mut close_p) = (count(b'('), count(b')'));
    let (open_b, mut close_b) = (count(b'['), count(b']'));
    let mut end = b.len();
    while end > 0 {
        match b[end - 1] {
            b'?' | b'!' | b'.' | b',' | b':' | b'*' | b'_' | b'~' | b'\'' | b'"' => end -= 1,
            b')' if close_p > open_p => {
                close_p -= 1;
                end -= 1;
            }
            b']' if close_b > open_b => {
                close_b -= 1;
                end -= 1;
            }
            b';' => {
                let name = b[..end - 1]
                    .iter()
                    .rev()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .count();
                let amp = end - 1 - name;
                end = if name > 0 && amp > 0 && b[amp - 1] == b'&' {
                    amp - 1
                } else {
                    end - 1
                };
            }
            _ => break,
        }
    }
    &url[..end]
}

/// Whether `d` (the bytes after the scheme or `www.`) starts with a GFM valid
/// domain: letters, digits, `_`, `-` and `.`, no `_` in its last two segments,
/// and at least one `.` unless `allow_short` (`http://localhost`).
fn valid_domain(d: &[u8], allow_short: bool) -> bool {
    let len = d
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.')))
        .unwrap_or(d.len());
    let host = &d[..len];
    let host = &host[..host.len() - host.iter().rev().take_while(|&&c| c == b'.').count()];
    if host.is_empty() {
        return false;
    }
    let mut segments = host.rsplit(|&c| c == b'.');
    let last = segments.next().unwrap_or_default();
    let before = segments.next();
    if !allow_short && before.is_none() {
        return false;
    }
    !last.contains(&b'_') && !before.unwrap_or_default().contains(&b'_')
}

/// Whether a `www.` at `at` of `b` may start a link: GFM's line start, whitespace,
/// `*`, `_`, `~`, `(` before it, or (a deviation, for scripts without spaces) any
/// non-ASCII character.
fn www_may_start(b: &[u8], at: usize, at_start: bool) -> bool {
    match at.checked_sub(1) {
        None => at_start,
        Some(i) => www_may_follow(b[i]),
    }
}

/// Whether a `www.` may start a link right after the byte `prev` (the rule of
/// [`www_may_start`]; any byte of a non-ASCII character is >= 0x80).
pub(super) fn www_may_follow(prev: u8) -> bool {
    prev >= 0x80 || prev.is_ascii_whitespace() || b"*_~(".contains(&prev)
}

/// The host of a URL, lowercased, without `www.`, port or credentials (for
/// `mailto:`, the domain of the address); empty when there is none (relative
/// links, anchors).
pub fn domain_of(url: &str) -> String {
    let rest = match url.find("://") {
        Some(i) => &url[i + 3..],
        None if url.to_ascii_lowercase().starts_with("www.") => url,
        None if url
            .get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("mailto:")) =>
        {
            let addr = url[7..].split(['?', '#']).next().unwrap_or("");
            return match addr.rsplit_once('@') {
                Some((_, host)) => host.to_ascii_lowercase(),
                None => String::new(),
            };
        }
        None => return String::new(),
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = if host.starts_with('[') {
        host.split(']').next().map_or(host, |h| &h[1..])
    } else {
        host.split(':').next().unwrap_or(host)
    };
    let host = host.to_ascii_lowercase();
    host.strip_prefix("www.")
        .map_or(host.clone(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn domain_of_a_destination_with_a_multibyte_character_at_byte_7() {
        // Found by the markdown fuzz target: slicing [..7] inside 'ت' panicked.
        assert_eq!(domain_of("httpT\"ت"), "");
        assert_eq!(domain_of("mailto:a@Example.com"), "example.com");
        assert_eq!(domain_of("mailto"), "");
    }

    fn spans(ms: Vec<regex::Match<'_>>) -> Vec<(usize, usize)> {
        ms.into_iter().map(|m| (m.start(), m.end())).collect()
    }

    #[test]
    fn url_windows_find_what_the_whole_search_finds() {
        for s in [
            "see https://a.b/c?d=1 and www.x.org, mail me@x.io; 北京https://z.ai/x",
            "http://localhost:8080/path and ftp://h",
            "deepseek.com.北京 openai.com/blog/ ب.com x.ai_y.com",
            "no url here: just words. And more.",
        ] {
            assert_eq!(
                spans(url_matches(s)),
                spans(URLISH.find_iter(s).collect()),
                "{s}"
            );
        }
    }

    proptest! {
        #[test]
        fn url_windows_agree_with_the_whole_search(
            s in "([a-z]{1,4}|[.@:/_ -]|https?://|www\\.|\\.com|\\.ai|北|ب|é){0,40}"
        ) {
            prop_assert_eq!(spans(url_matches(&s)), spans(URLISH.find_iter(&s).collect()));
        }

        #[test]
        fn scan_ranges_are_ordered_on_boundaries(
            s in "([a-z]{1,4}|[.@:/_~*()\\[\\];&<\" -]|https?://|www\\.|\\.com|北|。|é){0,40}"
        ) {
            let mut out = Vec::new();
            scan(&s, true, &HashSet::new(), &mut out);
            let mut last = 0;
            for f in &out {
                prop_assert!(f.range.start >= last && f.range.start < f.range.end);
                prop_assert!(s.is_char_boundary(f.range.start) && s.is_char_boundary(f.range.end));
                last = f.range.end;
            }
        }
    }

    /// The links `scan` finds in `s`, as text.
    fn links(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        scan(s, true, &HashSet::new(), &mut out);
        out.iter()
            .filter(|f| f.kind != UrlKind::NotLink)
            .map(|f| &s[f.range.clone()])
            .collect()
    }

    #[test]
    fn gfm_trailing_punctuation_parens_and_entities() {
        assert_eq!(gfm_trim("https://a.b/c."), "https://a.b/c");
        assert_eq!(gfm_trim("https://a.b/c?!.,:*_~"), "https://a.b/c");
        assert_eq!(gfm_trim("https://a.b/X_(y)"), "https://a.b/X_(y)");
        assert_eq!(gfm_trim("https://a.b/c)."), "https://a.b/c");
        assert_eq!(gfm_trim("https://a.b/(c))"), "https://a.b/(c)");
        assert_eq!(gfm_trim("https://a.b/((c))"), "https://a.b/((c))");
        assert_eq!(gfm_trim("https://a.b/q=x&hl;"), "https://a.b/q=x");
        assert_eq!(gfm_trim("https://a.b/q=x&amp;"), "https://a.b/q=x");
        assert_eq!(gfm_trim("https://a.b/q=x;"), "https://a.b/q=x");
        assert_eq!(gfm_trim("https://a.b/c\"'"), "https://a.b/c");
        assert_eq!(gfm_trim("https://a.b/c]"), "https://a.b/c");
        assert_eq!(gfm_trim("https://a.b/[c]"), "https://a.b/[c]");
        assert_eq!(gfm_trim("https://a.b/(c)(("), "https://a.b/(c)((");
    }

    #[test]
    fn urls_end_where_gfm_ends_them() {
        assert_eq!(
            links("Source: https://en.wikipedia.org/wiki/Mercury_(planet)."),
            ["https://en.wikipedia.org/wiki/Mercury_(planet)"]
        );
        assert_eq!(
            links("see https://example.com/~tencent/huawei now"),
            ["https://example.com/~tencent/huawei"]
        );
        assert_eq!(
            links("a https://x.y/a*b[c]\\_d`e{f}|g^h\"i\"."),
            ["https://x.y/a*b[c]\\_d`e{f}|g^h\"i"]
        );
        assert_eq!(links("www.commonmark.org/he<lp"), ["www.commonmark.org/he"]);
        assert_eq!(
            links("(www.google.com/search?q=Markup+(business))"),
            ["www.google.com/search?q=Markup+(business)"]
        );
        assert_eq!(
            links("www.google.com/search?q=(business))+ok"),
            ["www.google.com/search?q=(business))+ok"]
        );
        assert_eq!(
            links("http://localhost:8080/x"),
            ["http://localhost:8080/x"]
        );
        assert_eq!(
            links("详见https://zh.wikipedia.org/wiki/北京。然后"),
            ["https://zh.wikipedia.org/wiki/北京"]
        );
    }

    #[test]
    fn www_needs_a_valid_domain_and_a_gfm_start() {
        assert_eq!(links("Visit www.commonmark.org."), ["www.commonmark.org"]);
        assert_eq!(links("*www.a.org* _www.b.org_"), ["www.a.org", "www.b.org"]);
        assert!(links("x=www.a.org").is_empty());
        assert!(links("www.a_b.org").is_empty());
        assert!(links("www.nodot").is_empty());
        assert_eq!(links("http://a_b.c.org"), ["http://a_b.c.org"]);
        assert!(links("http://a.b_c.org").is_empty());
        let mut out = Vec::new();
        scan("www.a.org", false, &HashSet::new(), &mut out);
        assert_eq!(out[0].kind, UrlKind::NotLink);
    }

    #[test]
    fn gfm_email_autolinks() {
        assert_eq!(links("foo@bar.baz"), ["foo@bar.baz"]);
        assert_eq!(
            links("hello@mail+xyz.example isn't valid, but hello+xyz@mail.example is."),
            ["hello+xyz@mail.example"]
        );
        assert_eq!(links("a.b-c_d@a.b"), ["a.b-c_d@a.b"]);
        assert_eq!(links("a.b-c_d@a.b."), ["a.b-c_d@a.b"]);
        assert!(links("a.b-c_d@a.b-").is_empty());
        assert!(links("a.b-c_d@a.b_").is_empty());
    }

    #[test]
    fn domains() {
        assert_eq!(domain_of("https://www.CNBC.com/2025/x?y#z"), "cnbc.com");
        assert_eq!(
            domain_of("http://user:pw@host.example:8080/p"),
            "host.example"
        );
        assert_eq!(domain_of("www.scmp.com/tech"), "scmp.com");
        assert_eq!(
            domain_of("mailto:Me@Mail.Example?subject=x"),
            "mail.example"
        );
        assert_eq!(domain_of("#anchor"), "");
        assert_eq!(domain_of("/relative/path"), "");
    }
}
