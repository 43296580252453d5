//! The review page's HTML: the page model ([`Page`]) through the askama
//! templates in `templates/report/` (`page.html` with `summary.html`,
//! `documents.html`, `document.html` and `macros.html`), with the CSS of
//! `page.css` inline.
//!
//! Every expression in the templates is HTML-escaped by [`PageEscaper`] (set for
//! `.html` templates in `templates/report/askama.toml`), which writes the same
//! character references as [`escape`]; only the CSS is marked safe. Only
//! `http`/`https` URLs become links ([`safe_href`]). It decides nothing about
//! what is shown (see `model`).

use std::borrow::Cow;
use std::fmt;

use askama::Template;

use super::model::{Failure, Page, Text, TopEntity};
use crate::document::DocLink;

/// The page's style sheet, inline in `<style>`.
const CSS: &str = include_str!("page.css");
/// Width in pixels of the longest bar of the chart.
const BAR_WIDTH: usize = 240;

/// Escapes text for HTML element content and double- or single-quoted attribute
/// values: `&`, `<`, `>`, `"` and `'` become character references. Borrowed when
/// there is nothing to escape.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    escape_into(&mut out, s);
    Cow::Owned(out)
}

/// Appends `s` to `out`, escaped as by [`escape`].
pub fn escape_into(out: &mut String, s: &str) {
    // Writing to a String cannot fail.
    let _ = write_escaped(out, s);
}

/// Writes `s` to `out`, escaped as by [`escape`]: the one HTML escape of the page.
fn write_escaped<W: fmt::Write + ?Sized>(out: &mut W, s: &str) -> fmt::Result {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.write_str(&s[from..i])?;
        out.write_str(rep)?;
        from = i + 1;
    }
    out.write_str(&s[from..])
}

/// The templates' escaper: every `{{ }}` of the page goes through [`escape`]'s
/// rules (askama's own HTML escaper writes numeric references instead).
#[derive(Debug, Clone, Copy, Default)]
pub struct PageEscaper;

impl askama::filters::Escaper for PageEscaper {
    fn write_escaped_str<W: fmt::Write>(&self, mut dest: W, string: &str) -> fmt::Result {
        write_escaped(&mut dest, string)
    }
}

/// The URL when it may be a clickable link: `http://` or `https://` (any case)
/// with no whitespace or control characters. Anything else (`javascript:`,
/// `data:`, relative paths, ...) is shown as text only. The result still needs
/// [`escape`] inside an attribute.
pub fn safe_href(url: &str) -> Option<&str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let web = lower.starts_with("http://") || lower.starts_with("https://");
    let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control());
    (web && clean && url.len() > "http://".len()).then_some(url)
}

/// The whole page, as `templates/report/page.html` lays it out.
#[derive(Template)]
#[template(path = "report/page.html", config = "templates/report/askama.toml")]
struct PageHtml<'a, 'g> {
    page: &'a Page<'g>,
    css: &'static str,
    version: &'static str,
    types: Vec<(&'a str, usize)>,
    languages: Vec<(&'a str, usize)>,
    chart_heading: usize,
    chart: Vec<TopEntity<'g>>,
    bar_width: usize,
    failures: Vec<Failure<'a>>,
}

impl PageHtml<'_, '_> {
    /// The width of an entity's chart bar (the first bar is the longest).
    fn bar(&self, row: &TopEntity<'_>) -> usize {
        let max = self.chart.first().map_or(1, |t| t.mentions.max(1));
        (row.mentions * BAR_WIDTH).div_ceil(max).max(1)
    }

    /// The link's URL when it may be clickable ([`safe_href`]).
    fn href<'l>(&self, link: &'l DocLink) -> Option<&'l str> {
        safe_href(&link.url)
    }
}

impl Page<'_> {
    /// The whole HTML page.
    pub fn render(&self) -> Result<String, fmt::Error> {
        let (chart_heading, chart) = self.chart();
        let html = PageHtml {
            page: self,
            css: CSS,
            version: env!("CARGO_PKG_VERSION"),
            types: self.mentions_by_type(),
            languages: self.documents_by_language(),
            chart_heading,
            chart,
            bar_width: BAR_WIDTH,
            failures: self.failures(),
        };
        let text_bytes: usize = self
            .shown
            .iter()
            .filter_map(|s| match &s.text {
                Text::Shown(t) => Some(t.text.len()),
                _ => None,
            })
            .sum();
        let mut out = String::with_capacity(16 * 1024 + text_bytes * 2);
        html.render_into(&mut out).map_err(|_| fmt::Error)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            escape(r#""><img src=x onerror='alert(1)'>"#),
            "&quot;&gt;&lt;img src=x onerror=&#39;alert(1)&#39;&gt;"
        );
        assert_eq!(escape("a & b &amp;"), "a &amp; b &amp;amp;");
        assert_eq!(escape(""), "");
        assert!(matches!(escape("بكين 北京 plain"), Cow::Borrowed(_)));
        assert_eq!(escape("بكين<北京>"), "بكين&lt;北京&gt;");
        let mut out = String::from("x");
        escape_into(&mut out, "<&>");
        assert_eq!(out, "x&lt;&amp;&gt;");
    }

    #[test]
    fn template_escaper_writes_the_same_references() {
        use askama::filters::Escaper;
        let s = r#"<a href="x">'&'</a> بكين"#;
        let mut out = String::new();
        PageEscaper.write_escaped_str(&mut out, s).expect("write");
        assert_eq!(out, escape(s));
        out.clear();
        PageEscaper
            .write_escaped_char(&mut out, '"')
            .expect("write");
        assert_eq!(out, "&quot;");
    }

    #[test]
    fn only_web_urls_are_links() {
        assert_eq!(
            safe_href("https://example.com/a?b=1&c=2"),
            Some("https://example.com/a?b=1&c=2")
        );
        assert_eq!(safe_href("HTTP://EXAMPLE.COM"), Some("HTTP://EXAMPLE.COM"));
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "/relative/path",
            "//example.com",
            "https://exa mple.com",
            "https://example.com/\n",
            "http://",
            "",
            "ht",
            "hébergé",
        ] {
            assert_eq!(safe_href(bad), None, "{bad:?}");
        }
    }
}
