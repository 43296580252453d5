//! Translation groups: which documents of a run translate one another, from the
//! front matter or from the site layout of the discovered paths.
//!
//! A front matter `translation_key` (or `translationKey`, `ref`,
//! `translation_of`) names the group. Otherwise a document's path, taken relative
//! to the input it was found under, gives a group key and a language marker:
//! Hugo page bundles (`posts/alpha/index.ar.md`, `_index.ar.md` → `posts/alpha`),
//! `name.<lang>.md` beside `name.md`, `name-<lang>.md` / `name_<lang>.md`, and
//! per-language folders at any level (`_posts/ar/x.md`, `content/ar/about.md`,
//! `ar/x.md`: the language folder is left out of the key). A marker is an
//! ISO 639-1 code, with an optional region or script (`zh-cn`, `pt_BR`,
//! `zh-Hant`); a file without one is the default-language version. A path key
//! is a group only when the run holds two or more documents under it with two or
//! more different markers. This module knows paths only: it does not read the
//! documents, and the check that a group's documents are in two or more declared
//! or detected languages is made where they are counted ([`super::summary`]).

use std::collections::{BTreeSet, HashMap, HashSet};

use serde_json::{Map, Value};

/// Front matter keys that name a translation group.
const GROUP_KEYS: &[&str] = &["translation_key", "translationKey", "ref", "translation_of"];

/// ISO 639-1 language codes, sorted (for binary search).
const ISO_639_1: &[&str] = &[
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
    "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj",
    "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln",
    "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb",
    "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi",
    "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk",
    "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti",
    "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo",
    "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// The group a front matter names, if it names one.
pub fn front_matter_group(front_matter: &Map<String, Value>) -> Option<String> {
    GROUP_KEYS
        .iter()
        .find_map(|key| match front_matter.get(*key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        })
}

/// Whether `s` is an ISO 639-1 code (any case).
fn is_language(s: &str) -> bool {
    s.len() == 2
        && s.is_ascii()
        && ISO_639_1
            .binary_search(&s.to_ascii_lowercase().as_str())
            .is_ok()
}

/// Whether `s` is a region (`cn`, `BR`) or a script (`Hans`) subtag.
fn is_subtag(s: &str) -> bool {
    matches!(s.len(), 2 | 4) && s.bytes().all(|b| b.is_ascii_alphabetic())
}

/// `s` as a language marker (`pt_BR` → `pt-br`), if it is one.
fn marker(s: &str) -> Option<String> {
    let (lang, sub) = match s.split_once(['-', '_']) {
        Some((l, r)) => (l, Some(r)),
        None => (s, None),
    };
    (is_language(lang) && sub.is_none_or(is_subtag))
        .then(|| s.to_ascii_lowercase().replace('_', "-"))
}

/// Splits a file stem into its name and a trailing language marker
/// (`index.en`, `gamma.fr`, `notes_zh-cn`, `hubs-ar`, `x.pt_BR`).
fn split_stem(stem: &str) -> (&str, Option<String>) {
    let seps = |c: char| matches!(c, '.' | '-' | '_');
    // A marker of two parts (`zh-cn`) first, then of one (`ar`).
    let mut cuts = stem.rmatch_indices(seps).map(|(i, _)| i);
    let last = cuts.next();
    let before = cuts.next();
    for cut in [before, last].into_iter().flatten() {
        let (name, tail) = (&stem[..cut], &stem[cut + 1..]);
        // Only `-`/`_` join a region to its language (`x.pt-br`, not `x.pt.br`).
        if name.is_empty() || tail.contains('.') {
            continue;
        }
        if let Some(m) = marker(tail) {
            return (name, Some(m));
        }
    }
    (stem, None)
}

/// A document's path key and language marker, from its path relative to its
/// input (segments separated by `/`).
fn path_key(rel: &[&str]) -> Option<(String, Option<String>)> {
    let (file, dirs) = rel.split_last()?;
    let stem = file.rsplit_once('.').map_or(*file, |(s, _)| s);
    let (name, mut lang) = split_stem(stem);
    let mut folders: Vec<&str> = Vec::with_capacity(dirs.len() + 1);
    let mut folder_lang = None;
    for d in dirs {
        // The outermost language folder is the language segment; it is not part
        // of the key.
        if folder_lang.is_none() {
            if let Some(m) = marker(d) {
                folder_lang = Some(m);
                continue;
            }
        }
        folders.push(d);
    }
    if lang.is_none() {
        lang = folder_lang;
    }
    // A page bundle is its folder.
    if !matches!(name, "index" | "_index") || folders.is_empty() {
        folders.push(name);
    }
    Some((folders.join("/"), lang))
}

/// Path segments, without empty ones (`a//b/` → `a`, `b`).
fn segments(path: &str) -> Vec<&str> {
    path.split(['/', '\\']).filter(|s| !s.is_empty()).collect()
}

/// The translation groups that the layout of a run's paths gives.
#[derive(Debug, Default)]
pub struct Groups {
    /// The inputs' folders, as path segments, longest first.
    roots: Vec<Vec<String>>,
    /// Path keys under which two or more documents with different language
    /// markers were discovered.
    keys: HashSet<String>,
}

impl Groups {
    /// The groups of the documents at `paths`, found under the input folders
    /// `roots` (an input file counts under its own folder).
    pub fn new<'a>(roots: &[&str], paths: impl IntoIterator<Item = &'a str>) -> Self {
        let mut roots: Vec<Vec<String>> = roots
            .iter()
            .map(|r| segments(r).into_iter().map(str::to_string).collect())
            .collect();
        roots.sort_by_key(|r| std::cmp::Reverse(r.len()));
        let mut groups = Groups {
            roots,
            keys: HashSet::new(),
        };
        let mut markers: HashMap<String, BTreeSet<Option<String>>> = HashMap::new();
        for path in paths {
            if let Some((key, lang)) = groups.key(path) {
                markers.entry(key).or_default().insert(lang);
            }
        }
        groups.keys = markers
            .into_iter()
            .filter(|(_, langs)| langs.len() > 1)
            .map(|(key, _)| key)
            .collect();
        groups
    }

    /// The path key and language marker of the document at `path`.
    fn key(&self, path: &str) -> Option<(String, Option<String>)> {
        let segs = segments(path);
        let root = self
            .roots
            .iter()
            .find(|r| r.len() <= segs.len() && r.iter().zip(&segs).all(|(a, b)| a == b))
            .map_or(0, Vec::len);
        // An input file is its own root: count it under its folder.
        let root = if root == segs.len() { root - 1 } else { root };
        path_key(&segs[root..])
    }

    /// The translation group of the document at `path` with `front_matter`: the
    /// front matter's key, else its path key when that is a group of the run.
    pub fn group(&self, path: &str, front_matter: &Map<String, Value>) -> Option<String> {
        front_matter_group(front_matter).or_else(|| {
            self.key(path)
                .map(|(key, _)| key)
                .filter(|key| self.keys.contains(key))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups_of(roots: &[&str], paths: &[&str]) -> Vec<Option<String>> {
        let g = Groups::new(roots, paths.iter().copied());
        paths.iter().map(|p| g.group(p, &Map::new())).collect()
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    #[test]
    fn language_codes_are_sorted_iso_codes() {
        assert!(ISO_639_1.windows(2).all(|w| w[0] < w[1]));
        assert!(is_language("it") && is_language("AR") && !is_language("go"));
        assert_eq!(marker("pt_BR").as_deref(), Some("pt-br"));
        assert_eq!(marker("zh-Hant").as_deref(), Some("zh-hant"));
        assert_eq!(marker("zh-cnx"), None);
        assert_eq!(marker("posts"), None);
    }

    #[test]
    fn hugo_bundles_are_their_folder() {
        let paths = [
            "site/posts/alpha/index.en.md",
            "site/posts/alpha/index.ar.md",
            "site/posts/beta/index.en.md",
        ];
        assert_eq!(
            groups_of(&["site"], &paths),
            [some("posts/alpha"), some("posts/alpha"), None]
        );
        let paths = ["s/docs/_index.md", "s/docs/_index.fr.md"];
        assert_eq!(groups_of(&["s"], &paths), [some("docs"), some("docs")]);
    }

    #[test]
    fn name_lang_beside_name() {
        let paths = ["s/gamma.md", "s/gamma.fr.md", "s/delta.md"];
        assert_eq!(
            groups_of(&["s"], &paths),
            [some("gamma"), some("gamma"), None]
        );
    }

    #[test]
    fn language_folders_are_left_out() {
        let paths = [
            "j/_posts/ar/2024-01-01-x.md",
            "j/_posts/en/2024-01-01-x.md",
            "j/content/ar/about.md",
            "j/content/en/about.md",
            "j/en/only.md",
        ];
        let want = [
            some("_posts/2024-01-01-x"),
            some("_posts/2024-01-01-x"),
            some("content/about"),
            some("content/about"),
            None,
        ];
        assert_eq!(groups_of(&["j"], &paths), want);
    }

    #[test]
    fn name_dash_lang_in_a_folder_and_regions() {
        let paths = [
            "b/ar/2025-hubs-ar.md",
            "b/en/2025-hubs-en.md",
            "b/x/notes_zh-cn.md",
            "b/x/notes-en.md",
            "b/x/pt_BR.md",
        ];
        let want = [
            some("2025-hubs"),
            some("2025-hubs"),
            some("x/notes"),
            some("x/notes"),
            None,
        ];
        assert_eq!(groups_of(&["b"], &paths), want);
    }

    #[test]
    fn same_names_in_other_folders_and_same_language_are_not_groups() {
        let paths = [
            "r/a/hubs-ar.md",
            "r/b/hubs-en.md",
            "r/c/x-en.md",
            "r/c/x.en.md",
        ];
        assert_eq!(groups_of(&["r"], &paths), [None, None, None, None]);
        // A lone file with a language suffix has no group.
        assert_eq!(groups_of(&["r"], &["r/notes/plain-en.md"]), [None]);
        // Words that are not language codes are names.
        assert_eq!(
            groups_of(&["r"], &["r/setup-go.md", "r/setup.md"]),
            [None, None]
        );
    }

    #[test]
    fn input_files_count_under_their_folder() {
        let paths = ["a/x.md", "a/x.fr.md"];
        assert_eq!(groups_of(&paths, &paths), [some("x"), some("x")]);
        assert_eq!(groups_of(&[], &paths), [some("a/x"), some("a/x")]);
    }

    #[test]
    fn front_matter_key_wins() {
        let g = Groups::new(&["s"], ["s/gamma.md", "s/gamma.fr.md"]);
        let mut fm = Map::new();
        fm.insert("translationKey".into(), Value::from(" hubs "));
        assert_eq!(g.group("s/gamma.md", &fm).as_deref(), Some("hubs"));
        assert_eq!(g.group("s/other.md", &fm).as_deref(), Some("hubs"));
        fm.clear();
        fm.insert("ref".into(), Value::from(7));
        assert_eq!(front_matter_group(&fm).as_deref(), Some("7"));
    }
}
