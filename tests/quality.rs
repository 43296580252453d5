//! Quality on real articles: runs `gazette eval` on the development gold of
//! ../shared/corpus and fails when precision or recall drops below 0.98 in any
//! language, or language detection agrees with front matter on fewer than 99% of
//! the articles. Skips with a message when ../shared is absent.

use crate::util::{gazette, shared_dir, Workdir};

#[test]
fn dev_gold_precision_recall_and_language_detection() {
    let Some(shared) = shared_dir() else { return };
    let w = Workdir::new();
    let json = w.path("report.json");
    let r = gazette(&["eval"])
        .arg(shared.join("corpus/blog"))
        .arg("--gold")
        .arg(shared.join("corpus/gold/dev.tsv"))
        .arg("--files")
        .arg(shared.join("corpus/gold/dev-files.list"))
        .arg("--entities")
        .arg(shared.join("spec/required-entities.csv"))
        .arg("--json")
        .arg(&json)
        .run()
        .exits(0);
    println!("{}", r.stdout);
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let langs = report["languages"].as_object().unwrap();
    for lang in ["ar", "en", "zh", "ja", "hi"] {
        assert!(langs.contains_key(lang), "no documents in {lang}");
    }
    for (lang, s) in langs {
        let p = s["precision"].as_f64().unwrap();
        let rc = s["recall"].as_f64().unwrap();
        assert!(p >= 0.98, "{lang}: precision {p} < 0.98\n{}", r.stdout);
        assert!(rc >= 0.98, "{lang}: recall {rc} < 0.98\n{}", r.stdout);
    }
    let agree = report["lang_agree"].as_f64().unwrap();
    let declared = report["lang_declared"].as_f64().unwrap();
    assert!(
        declared >= 100.0,
        "only {declared} documents declare a language"
    );
    assert!(
        agree / declared >= 0.99,
        "language detection agrees on {agree}/{declared}\n{}",
        r.stdout
    );
}

/// The floor the GeoWebNews span scores must not fall below (the targets of the
/// world-scale work are 0.90 / 0.90 / 0.95; these are the figures reached so far,
/// raised as the work lands).
const GWN_FLOOR: (f64, f64, f64) = (0.80, 0.20, 0.0);

#[test]
fn geowebnews_span_scores() {
    let Some(shared) = shared_dir() else { return };
    let gwn = shared.join("geowebnews");
    if !gwn.join("gold.tsv").exists() {
        crate::util::skip("../shared/geowebnews not found");
        return;
    }
    let w = Workdir::new();
    let json = w.path("spans.json");
    let r = gazette(&["eval"])
        .arg(gwn.join("articles"))
        .arg("--spans")
        .arg(gwn.join("gold.tsv"))
        .args(["--type", "city", "--json"])
        .arg(&json)
        .run()
        .exits(0);
    println!(
        "{}",
        r.stdout.lines().take(2).collect::<Vec<_>>().join("\n")
    );
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let s = &report["score"];
    assert_eq!(s["documents"], 200);
    assert_eq!(s["gold"], 540);
    assert_eq!(
        report["gold_mismatches"].as_array().map(Vec::len),
        Some(0),
        "gold surfaces must be at their character offsets"
    );
    let (p, rc, res) = (
        s["precision"].as_f64().unwrap(),
        s["recall"].as_f64().unwrap(),
        s["resolution"].as_f64().unwrap(),
    );
    assert!(p >= GWN_FLOOR.0, "precision {p}\n{}", r.stdout);
    assert!(rc >= GWN_FLOOR.1, "recall {rc}\n{}", r.stdout);
    assert!(res >= GWN_FLOOR.2, "resolution {res}\n{}", r.stdout);
}
