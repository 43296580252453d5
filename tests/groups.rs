//! Translation groups from real site layouts: documents.csv's
//! `translation_group` and translations.csv, for Hugo page bundles,
//! `name.<lang>.md`, per-language folders (Jekyll `_posts/<lang>/`, Hugo
//! `content/<lang>/`), `name-<lang>.md`, and the cases that are not groups.

use std::collections::BTreeMap;

use crate::util::{extract_to, Row, Workdir};

const EN: &str = "---\nlang: en\ntitle: t\n---\nThe labs in Beijing and the offices of Baidu.\n";
const AR: &str = "---\nlang: ar\ntitle: t\n---\nالمختبرات في بكين.\n";
const FR: &str = "---\nlang: fr\ntitle: t\n---\nLes laboratoires de Pékin.\n";

/// Writes `files` under a site folder, extracts it, and returns path (relative
/// to the site) → group, and the rows of translations.csv.
fn run(files: &[(&str, &str)]) -> (BTreeMap<String, String>, Vec<Row>) {
    let w = Workdir::new();
    let site = w.dir("site");
    for (name, text) in files {
        w.write(&format!("site/{name}"), text);
    }
    let out = extract_to(&w.path("out"), &[&site], &["-q"]).exits(0);
    let prefix = format!("{}/", site.display());
    let groups = out
        .csv("documents")
        .into_iter()
        .map(|d| {
            let path = d["path"]
                .strip_prefix(&prefix)
                .unwrap_or(&d["path"])
                .to_string();
            (path, d["translation_group"].clone())
        })
        .collect();
    (groups, out.csv("translations"))
}

fn group_of<'a>(groups: &'a BTreeMap<String, String>, path: &str) -> &'a str {
    groups.get(path).map_or("<no row>", String::as_str)
}

#[test]
fn hugo_bundles_group_by_folder_and_flag_only_real_gaps() {
    let (groups, translations) = run(&[
        ("posts/alpha/index.en.md", EN),
        ("posts/alpha/index.ar.md", AR),
        ("posts/beta/index.en.md", EN),
    ]);
    assert_eq!(group_of(&groups, "posts/alpha/index.en.md"), "posts/alpha");
    assert_eq!(group_of(&groups, "posts/alpha/index.ar.md"), "posts/alpha");
    assert_eq!(group_of(&groups, "posts/beta/index.en.md"), "");
    assert!(
        translations.iter().all(|r| r["group"] == "posts/alpha"),
        "{translations:?}"
    );
    let flag = |name: &str| {
        let row = translations.iter().find(|r| r["name"] == name);
        row.map(|r| (r["missing_in"].clone(), r["flag"].clone()))
    };
    // Beijing is in both alpha articles; Baidu only in the English one.
    assert_eq!(flag("Beijing"), Some((String::new(), String::new())));
    assert_eq!(flag("Baidu"), Some(("ar".into(), "missing".into())));
}

#[test]
fn name_lang_beside_the_default_language_file() {
    let (groups, translations) = run(&[("gamma.md", EN), ("gamma.fr.md", FR), ("delta.md", EN)]);
    assert_eq!(group_of(&groups, "gamma.md"), "gamma");
    assert_eq!(group_of(&groups, "gamma.fr.md"), "gamma");
    assert_eq!(group_of(&groups, "delta.md"), "");
    let beijing = translations.iter().find(|r| r["name"] == "Beijing");
    assert_eq!(
        beijing.map(|r| r["languages"].as_str()),
        Some("2"),
        "{translations:?}"
    );
}

#[test]
fn jekyll_and_hugo_language_folders() {
    let (groups, _) = run(&[
        ("_posts/ar/2025-01-02-labs.md", AR),
        ("_posts/en/2025-01-02-labs.md", EN),
        ("content/ar/about.md", AR),
        ("content/en/about.md", EN),
    ]);
    assert_eq!(
        group_of(&groups, "_posts/ar/2025-01-02-labs.md"),
        "_posts/2025-01-02-labs"
    );
    assert_eq!(
        group_of(&groups, "_posts/en/2025-01-02-labs.md"),
        "_posts/2025-01-02-labs"
    );
    assert_eq!(group_of(&groups, "content/ar/about.md"), "content/about");
    assert_eq!(group_of(&groups, "content/en/about.md"), "content/about");
}

#[test]
fn name_dash_lang_in_one_folder() {
    let (groups, _) = run(&[
        ("notes/hubs-en.md", EN),
        ("notes/hubs_ar.md", AR),
        ("hubs-fr.md", FR),
    ]);
    assert_eq!(group_of(&groups, "notes/hubs-en.md"), "notes/hubs");
    assert_eq!(group_of(&groups, "notes/hubs_ar.md"), "notes/hubs");
    assert_eq!(group_of(&groups, "hubs-fr.md"), "");
}

#[test]
fn same_names_in_other_folders_are_not_one_group() {
    let (groups, translations) = run(&[
        ("a/hubs-en.md", EN),
        ("a/hubs-ar.md", AR),
        ("b/hubs-en.md", EN),
        ("b/hubs-ar.md", AR),
    ]);
    assert_eq!(group_of(&groups, "a/hubs-en.md"), "a/hubs");
    assert_eq!(group_of(&groups, "b/hubs-ar.md"), "b/hubs");
    let beijing: Vec<&str> = (translations.iter())
        .filter(|r| r["name"] == "Beijing")
        .map(|r| r["group"].as_str())
        .collect();
    assert_eq!(beijing, ["a/hubs", "b/hubs"]);
}

#[test]
fn lone_files_and_one_language_have_no_group() {
    let (groups, translations) =
        run(&[("notes/plain-en.md", EN), ("x-en.md", EN), ("x.en.md", EN)]);
    assert_eq!(group_of(&groups, "notes/plain-en.md"), "");
    assert_eq!(group_of(&groups, "x-en.md"), "");
    assert_eq!(group_of(&groups, "x.en.md"), "");
    assert!(translations.is_empty(), "{translations:?}");
}

#[test]
fn front_matter_key_wins_over_the_layout() {
    let keyed = |text: &str| format!("---\ntranslationKey: labs\n{}", &text[4..]);
    let (groups, translations) = run(&[
        ("one/index.en.md", &keyed(EN)),
        ("two/page-ar.md", &keyed(AR)),
    ]);
    assert_eq!(group_of(&groups, "one/index.en.md"), "labs");
    assert_eq!(group_of(&groups, "two/page-ar.md"), "labs");
    assert!(
        translations.iter().any(|r| r["group"] == "labs"),
        "{translations:?}"
    );
}
