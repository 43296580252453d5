//! `gazette merge` end to end: shard folders written in any format merge into
//! the same bytes as one unsharded run, in every format (`--format`, `--excel`),
//! defaulting to what the shards wrote; what the shards cannot give exactly is
//! refused before anything is written. (Its checks of the shard set itself are
//! in output.rs.)

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::util::{extract_to, gazette, samples, Output, Workdir};

/// The sample articles plus a folder of cells that spreadsheets and workbooks
/// treat specially: formula starts, apostrophes, control characters, XML
/// escapes, spaces at the ends, line breaks.
fn inputs(w: &Workdir) -> Vec<PathBuf> {
    let titles = [
        ("formula", r#""=HYPERLINK(\"https://x.example\")""#),
        ("minus", r#""-Tencent in Shenzhen""#),
        ("at", r#""@Baidu""#),
        ("plus", r#""+86 Beijing""#),
        ("tab", r#""\tHuawei""#),
        ("quoted", r#""'=already quoted""#),
        ("escape", r#""_x0041_ and _x005F_ \a bell  two  spaces ""#),
        ("lines", r#""line one\r\nline two\rthree""#),
    ];
    for (name, title) in titles {
        w.write(
            &format!("tricky/{name}.md"),
            format!(
                "---\ntitle: {title}\nlang: en\n---\n- Tencent is in Shenzhen.\n\n\
                 =Alibaba is in [Hangzhou](https://hz.example/{name}).\n"
            ),
        );
    }
    vec![samples(), w.path("tricky")]
}

/// Every file of an output folder but its manifest (which names its run), with
/// its bytes.
fn tables(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("folder entry"))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(name, _)| name != "gazette.run" && !name.starts_with('.'))
        .map(|(name, path)| (name, fs::read(path).expect("read output")))
        .collect()
}

/// `extract INPUTS --shard K/N ARGS` into `w/PREFIX-K` for every K.
fn shards(w: &Workdir, inputs: &[PathBuf], n: u32, prefix: &str, args: &[&str]) -> Vec<PathBuf> {
    (0..n)
        .map(|k| {
            let out = w.path(&format!("{prefix}-{k}"));
            let shard = format!("{k}/{n}");
            let mut all = vec!["--shard", &shard, "-q"];
            all.extend(args);
            extract_to(&out, inputs, &all).exits(0);
            out
        })
        .collect()
}

/// `gazette merge DIRS --out OUT ARGS`.
fn merge(dirs: &[PathBuf], out: &Path, args: &[&str]) -> Output {
    gazette(&["merge"])
        .args(dirs)
        .arg("--out")
        .arg(out)
        .args(args)
        .run()
}

/// Asserts that two folders hold the same files with the same bytes.
fn assert_same(what: &str, got: &Path, want: &Path) {
    let (got, want) = (tables(got), tables(want));
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "{what}: other files"
    );
    for (name, bytes) in &want {
        assert!(got[name] == *bytes, "{what}: {name} differs");
    }
}

#[test]
fn merged_shards_equal_one_run_in_every_format() {
    let w = Workdir::new();
    let inputs = inputs(&w);
    let runs: [&[&str]; 5] = [
        &["--format", "csv"],
        &["--format", "csv", "--excel"],
        &["--format", "json"],
        &["--format", "jsonl"],
        &["--format", "xlsx"],
    ];
    for (i, args) in runs.iter().enumerate() {
        let what = args.join(" ");
        let single = w.path(&format!("single{i}"));
        let mut all = vec!["-q"];
        all.extend(*args);
        extract_to(&single, &inputs, &all).exits(0);
        let s = shards(&w, &inputs, 3, &format!("s{i}"), args);
        let merged = w.path(&format!("merged{i}"));
        // Without --format or --excel: what the shards wrote.
        merge(&s, &merged, &[]).exits(0);
        assert_same(&what, &merged, &single);
    }
    // The Excel flavour kept its byte order mark, CRLF and apostrophes.
    let docs = fs::read_to_string(w.path("merged1/documents.csv")).unwrap();
    assert!(
        docs.starts_with('\u{feff}') && docs.contains("\r\n"),
        "{docs}"
    );
    assert!(docs.contains(",\"'=HYPERLINK(\"\""), "{docs}");
    assert!(docs.contains(",'=already quoted"), "{docs}");
}

#[test]
fn merge_writes_any_format_the_shards_can_give_exactly() {
    let w = Workdir::new();
    let inputs = inputs(&w);
    let single = |name: &str, args: &[&str]| {
        let out = w.path(name);
        let mut all = vec!["-q"];
        all.extend(args);
        extract_to(&out, &inputs, &all).exits(0);
        out
    };
    let csv = single("csv", &["--format", "csv"]);
    let excel = single("excel", &["--format", "csv", "--excel"]);
    let xlsx = single("xlsx", &["--format", "xlsx"]);
    let json = single("json", &["--format", "json"]);
    let jsonl = single("jsonl", &["--format", "jsonl"]);
    let everything = single("all", &["--format", "csv,json,jsonl,xlsx"]);
    let only_xlsx = shards(&w, &inputs, 2, "x", &["--format", "xlsx"]);
    let only_csv = shards(&w, &inputs, 2, "c", &["--format", "csv"]);
    let only_json = shards(&w, &inputs, 2, "j", &["--format", "json"]);
    let only_jsonl = shards(&w, &inputs, 2, "l", &["--format", "jsonl"]);
    let mixed = vec![only_xlsx[0].clone(), only_csv[1].clone()];
    let cases: Vec<(&str, &Vec<PathBuf>, &[&str], &Path)> = vec![
        ("xlsx shards to csv", &only_xlsx, &["--format", "csv"], &csv),
        (
            "xlsx shards to --excel",
            &only_xlsx,
            &["--format", "csv", "--excel"],
            &excel,
        ),
        (
            "csv shards to xlsx",
            &only_csv,
            &["--format", "xlsx"],
            &xlsx,
        ),
        ("csv shards to --excel", &only_csv, &["--excel"], &excel),
        (
            "json shards to jsonl",
            &only_json,
            &["--format", "jsonl"],
            &jsonl,
        ),
        (
            "jsonl shards to json",
            &only_jsonl,
            &["--format", "json"],
            &json,
        ),
        (
            "xlsx and csv shards to csv",
            &mixed,
            &["--format", "csv"],
            &csv,
        ),
        (
            "xlsx and csv shards to xlsx",
            &mixed,
            &["--format", "xlsx"],
            &xlsx,
        ),
    ];
    for (i, (what, dirs, args, want)) in cases.into_iter().enumerate() {
        let out = w.path(&format!("m{i}"));
        merge(dirs, &out, args).exits(0);
        assert_same(what, &out, want);
    }
    // Shards of every format merge into every format at once.
    let s = shards(&w, &inputs, 3, "a", &["--format", "csv,json,jsonl,xlsx"]);
    merge(&s, &w.path("m-all"), &[]).exits(0);
    assert_same("every format", &w.path("m-all"), &everything);
}

#[test]
fn merge_refuses_what_the_shards_cannot_give_before_writing() {
    let w = Workdir::new();
    let inputs = inputs(&w);
    let excel = shards(&w, &inputs, 2, "e", &["--format", "csv", "--excel"]);
    let csv = shards(&w, &inputs, 2, "c", &["--format", "csv"]);
    let out = w.path("merged");
    let cases: Vec<(&Vec<PathBuf>, &[&str], &str)> = vec![
        (&excel, &["--format", "xlsx"], "apostrophes"),
        (&csv, &["--format", "json"], "gazette.json"),
        (&csv, &["--format", "jsonl"], "gazette.jsonl"),
    ];
    for (dirs, args, why) in cases {
        let r = merge(dirs, &out, args).exits(2);
        let what = args.join(" ");
        assert!(r.stderr.contains(why), "{what}: {}", r.stderr);
        assert!(
            r.stderr.contains(&*dirs[0].to_string_lossy()),
            "{what}: names the shard: {}",
            r.stderr
        );
        assert!(!out.exists(), "{what}: merge wrote before it refused");
    }
    // CSV from shards' CSV for Excel is CSV for Excel (plain CSV cannot come
    // from it).
    merge(&excel, &out, &["--format", "csv"]).exits(0);
    let docs = fs::read(out.join("documents.csv")).unwrap();
    assert!(docs.starts_with(b"\xEF\xBB\xBF"), "the Excel flavour");
    fs::remove_dir_all(&out).unwrap();
    // Shards that wrote different formats: the merge says which, and --format
    // chooses among what they can all give.
    let dirs = vec![
        excel[0].clone(),
        shards(&w, &inputs, 2, "x", &["--format", "xlsx"])[1].clone(),
    ];
    let r = merge(&dirs, &out, &[]).exits(2);
    assert!(r.stderr.contains("--format"), "{}", r.stderr);
    assert!(!out.exists());
    merge(&dirs, &out, &["--format", "csv", "--excel"]).exits(0);
}

#[test]
fn workbooks_with_cells_cut_merge_into_workbooks_only() {
    let w = Workdir::new();
    // 40,000 characters: past Excel's 32,767 in a cell, cut in gazette.xlsx.
    let title = "Beijing ".repeat(5_000);
    w.write(
        "in/long.md",
        format!("---\ntitle: {title}\n---\nTencent.\n"),
    );
    w.write(
        "in/long2.md",
        format!("---\ntitle: {title}2\n---\nBaidu.\n"),
    );
    w.write("in/short.md", "Alibaba is in Hangzhou.\n");
    let inputs = vec![w.path("in")];
    let single = w.path("single");
    extract_to(&single, &inputs, &["--format", "xlsx", "-q"]).exits(0);
    let s = shards(&w, &inputs, 2, "s", &["--format", "xlsx"]);
    let merged = w.path("merged");
    let r = merge(&s, &merged, &[]).exits(0);
    assert!(r.stderr.contains("2 cells longer than"), "{}", r.stderr);
    assert_same("cut cells", &merged, &single);
    let r = merge(&s, &w.path("csv"), &["--format", "csv"]).exits(2);
    assert!(r.stderr.contains("cut"), "{}", r.stderr);
    assert!(!w.path("csv").exists());
}
