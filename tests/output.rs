//! The output side end to end: a run's files are one set (a failed or
//! interrupted run leaves the previous set as it was; a half-renamed set has no
//! manifest), temporary files never shared between writers, xlsx write errors as
//! exit 2, byte-identical workbooks, and `merge` refusing shard folders that do
//! not make one run.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{extract_to, gazette, samples, skip, Output, Workdir};

/// Every file a run writes with all formats, and its manifest.
const SET: [&str; 10] = [
    "documents.csv",
    "mentions.csv",
    "links.csv",
    "facts.csv",
    "entities.csv",
    "translations.csv",
    "gazette.json",
    "gazette.jsonl",
    "gazette.xlsx",
    "gazette.run",
];

const ALL_FORMATS: &str = "csv,json,jsonl,xlsx";

/// Every file of a folder (names starting with `.` too) and its bytes.
fn folder(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let e = e.expect("folder entry");
            let name = e.file_name().to_string_lossy().into_owned();
            (name, fs::read(e.path()).expect("read output"))
        })
        .collect()
}

/// The files of a folder that are not temporary (`.NAME.tmp-...`).
fn visible(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut f = folder(dir);
    f.retain(|name, _| !name.starts_with('.'));
    f
}

/// Runs a command to completion (stdin empty), collecting what it printed.
fn output_of(mut cmd: Command) -> Output {
    let out = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run gazette");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `gazette extract INPUT --out OUT --format ALL -q` with GAZETTE_FAIL_WRITE set.
fn extract_failing(input: &Path, out: &Path, fail: &str) -> Output {
    let mut cmd = gazette(&["extract"])
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(["--format", ALL_FORMATS, "-q"])
        .command();
    cmd.env("GAZETTE_FAIL_WRITE", fail);
    output_of(cmd)
}

/// Two input folders that give different tables (numbered from 1 both).
fn two_inputs(w: &Workdir) -> (PathBuf, PathBuf) {
    w.write("a/one.md", "---\nlang: en\n---\nTencent is in Shenzhen.\n");
    w.write(
        "a/two.md",
        "Baidu is in Beijing. See [the site](https://baidu.com).\n",
    );
    w.write("b/x.md", "---\ntitle: X\n---\nAlibaba is in Hangzhou.\n");
    w.write("b/y.md", "Huawei and Tencent are in Shenzhen.\n");
    w.write("b/z.md", "Zhipu AI is in Beijing. Qwen is from Alibaba.\n");
    (w.path("a"), w.path("b"))
}

/// A folder of `n` copies of the sample articles (their top level).
fn copies(w: &Workdir, n: usize) -> PathBuf {
    let big = w.dir("big");
    for i in 0..n {
        for e in fs::read_dir(samples()).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_file() {
                let name = format!("{i}-{}", e.file_name().to_string_lossy());
                fs::copy(e.path(), big.join(name)).unwrap();
            }
        }
    }
    big
}

#[test]
fn a_failed_write_of_any_file_leaves_the_previous_set_intact() {
    let w = Workdir::new();
    let (a, b) = two_inputs(&w);
    let out = w.path("out");
    extract_to(&out, &[&a], &["--format", ALL_FORMATS, "-q"]).exits(0);
    let before = folder(&out);
    assert_eq!(
        before.keys().collect::<Vec<_>>().len(),
        SET.len(),
        "{:?}",
        before.keys()
    );
    for name in SET {
        let r = extract_failing(&b, &out, name).exits(2);
        assert!(
            r.stderr.contains("cannot write") && r.stderr.contains(name),
            "{name}: {}",
            r.stderr
        );
        assert!(folder(&out) == before, "{name}: the previous set changed");
    }
    // And without the hook the new set replaces the old one whole.
    extract_to(&out, &[&b], &["--format", ALL_FORMATS, "-q"]).exits(0);
    let after = folder(&out);
    assert_eq!(after.len(), SET.len());
    assert!(after["documents.csv"] != before["documents.csv"]);
}

#[test]
fn an_interrupted_run_leaves_the_previous_set_intact() {
    let w = Workdir::new();
    let (a, b) = two_inputs(&w);
    let out = w.path("out");
    extract_to(&out, &[&a], &["--format", ALL_FORMATS, "-q"]).exits(0);
    let before = folder(&out);
    // `exit:NAME` ends the process at once when NAME is complete on disk under
    // its temporary name, with no clean-up, as a kill would.
    for name in ["documents.csv", "facts.csv", "gazette.xlsx", "gazette.run"] {
        let r = extract_failing(&b, &out, &format!("exit:{name}"));
        assert_eq!(r.code, 86, "{name}: {}", r.stderr);
        assert!(visible(&out) == before, "{name}: the previous set changed");
        let left: Vec<String> = folder(&out)
            .into_keys()
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(left.iter().all(|n| n.contains(".tmp-")), "{left:?}");
    }
    let merged = w.path("merged");
    gazette(&["merge"])
        .arg(&out)
        .arg("--out")
        .arg(&merged)
        .run()
        .exits(0);
    assert_eq!(
        fs::read(merged.join("documents.csv")).unwrap(),
        before["documents.csv"]
    );
}

#[test]
fn a_set_renamed_halfway_has_no_manifest_and_merge_refuses_it() {
    let w = Workdir::new();
    let (a, b) = two_inputs(&w);
    let out = w.path("out");
    extract_to(&out, &[&a], &["--format", ALL_FORMATS, "-q"]).exits(0);
    let r = extract_failing(&b, &out, "rename:links.csv").exits(2);
    assert!(r.stderr.contains("links.csv"), "{}", r.stderr);
    assert!(
        !out.join("gazette.run").exists(),
        "a manifest over a mixed set"
    );
    let r = gazette(&["merge"])
        .arg(&out)
        .arg("--out")
        .arg(w.path("m"))
        .run()
        .exits(2);
    assert!(r.stderr.contains("no gazette.run"), "{}", r.stderr);
    assert!(!w.path("m").exists());
}

#[test]
fn a_new_set_removes_the_tables_of_the_previous_one_it_does_not_write() {
    let w = Workdir::new();
    let (a, b) = two_inputs(&w);
    let out = w.path("out");
    extract_to(&out, &[&a], &["--format", ALL_FORMATS, "-q"]).exits(0);
    extract_to(&out, &[&b], &["--format", "json", "-q"]).exits(0);
    let names: Vec<String> = visible(&out).into_keys().collect();
    assert_eq!(names, ["gazette.json", "gazette.run"]);
}

/// Whether `dir` holds a complete set equal to `reference` (visible files).
fn same_set(dir: &Path, reference: &BTreeMap<String, Vec<u8>>) -> bool {
    let mut got = visible(dir);
    let mut want = reference.clone();
    // The manifest names the run; its file list is the same.
    let files = |m: Option<Vec<u8>>| {
        let v: serde_json::Value =
            serde_json::from_slice(&m.unwrap_or_default()).unwrap_or_default();
        v["files"].clone()
    };
    files(got.remove("gazette.run")) == files(want.remove("gazette.run")) && got == want
}

#[test]
fn killed_runs_never_leave_a_mix_under_a_manifest() {
    let w = Workdir::new();
    let (a, _) = two_inputs(&w);
    let big = copies(&w, 8);
    let out_a = w.path("ref-a");
    let out_b = w.path("ref-b");
    extract_to(&out_a, &[&a], &["--format", ALL_FORMATS, "-q"]).exits(0);
    let started = Instant::now();
    extract_to(&out_b, &[&big], &["--format", ALL_FORMATS, "-q"]).exits(0);
    let full = started.elapsed();
    let (set_a, set_b) = (visible(&out_a), visible(&out_b));
    for i in 0..5u32 {
        let out = w.path(&format!("out{i}"));
        extract_to(&out, &[&a], &["--format", ALL_FORMATS, "-q"]).exits(0);
        let mut child = gazette(&["extract"])
            .arg(&big)
            .arg("--out")
            .arg(&out)
            .args(["--format", ALL_FORMATS, "-q"])
            .command()
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("run gazette");
        std::thread::sleep(full.mul_f64(f64::from(i) / 4.0));
        let _ = child.kill();
        let _ = child.wait();
        if out.join("gazette.run").exists() {
            assert!(
                same_set(&out, &set_a) || same_set(&out, &set_b),
                "kill {i}: a manifest over a mixed set"
            );
        }
    }
}

#[test]
fn two_writers_with_one_process_id_never_share_a_temporary_file() {
    // Two containers sharing --out both run gazette as PID 1: `unshare --pid`
    // gives each run a PID namespace of its own (needs root).
    let probe = Command::new("unshare")
        .args(["--pid", "--fork", "true"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        skip("unshare --pid is not available (not root?)");
        return;
    }
    let w = Workdir::new();
    let (a, b) = two_inputs(&w);
    let big = copies(&w, 10);
    let references: Vec<_> = [&a, &b, &big]
        .iter()
        .enumerate()
        .map(|(i, input)| {
            let out = w.path(&format!("ref{i}"));
            extract_to(&out, &[input], &["--format", ALL_FORMATS, "-q"]).exits(0);
            visible(&out)
        })
        .collect();
    let shared = w.path("shared");
    for round in 0..3 {
        let children: Vec<_> = [&big, &a, &b]
            .iter()
            .map(|input| {
                Command::new("unshare")
                    .args(["--pid", "--fork"])
                    .arg(env!("CARGO_BIN_EXE_gazette"))
                    .arg("extract")
                    .arg(input)
                    .arg("--out")
                    .arg(&shared)
                    .args(["--format", ALL_FORMATS, "-q"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("unshare gazette")
            })
            .collect();
        for c in children {
            let out = c.wait_with_output().expect("wait");
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert!(
            references.iter().any(|r| same_set(&shared, r)),
            "round {round}: the shared folder is not the set of one run"
        );
    }
}

/// Mounts a tmpfs of `size` at `dir` (root only); unmounted on drop.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        fs::create_dir_all(dir).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(dir.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn xlsx_on_a_full_disk_is_an_error_exit_2() {
    let w = Workdir::new();
    let Some(disk) = Tmpfs::mount(&w.path("disk"), "64k") else {
        skip("cannot mount a tmpfs (needs root): no full disk to write to");
        return;
    };
    let out = disk.0.join("out");
    let r = extract_to(&out, &[samples()], &["--format", "xlsx", "-q"]).exits(2);
    assert!(r.run.stderr.contains("gazette.xlsx"), "{}", r.run.stderr);
    assert!(
        r.run.stderr.contains("gazette: error: cannot write"),
        "{}",
        r.run.stderr
    );
    assert!(folder(&out).is_empty(), "{:?}", folder(&out).keys());
}

#[test]
fn xlsx_past_the_file_size_limit_is_an_error_exit_2() {
    // Unprivileged: a 40 KiB file size limit (SIGXFSZ ignored, so writes fail
    // with EFBIG) in rust_xlsxwriter's temporary files.
    let w = Workdir::new();
    let out = w.path("out");
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("trap '' XFSZ; ulimit -f 40 && exec \"$@\"")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_gazette"))
        .arg("extract")
        .arg(samples())
        .arg("--out")
        .arg(&out)
        .args(["--format", "xlsx", "-q"]);
    let r = output_of(cmd).exits(2);
    assert!(
        r.stderr.contains("cannot write") && r.stderr.contains("gazette.xlsx"),
        "{}",
        r.stderr
    );
    assert!(!out.join("gazette.xlsx").exists());
}

#[test]
fn two_runs_write_the_same_workbook_bytes() {
    let w = Workdir::new();
    let one = extract_to(
        &w.path("one"),
        &[samples()],
        &["--format", "xlsx", "-q", "-j", "1"],
    )
    .exits(0);
    std::thread::sleep(Duration::from_millis(1100));
    let two = extract_to(
        &w.path("two"),
        &[samples()],
        &["--format", "xlsx", "-q", "-j", "2"],
    )
    .exits(0);
    assert!(
        one.bytes("gazette.xlsx") == two.bytes("gazette.xlsx"),
        "gazette.xlsx differs"
    );
}

#[test]
fn astral_text_past_excels_cell_limit_is_cut_not_fatal() {
    let w = Workdir::new();
    // 20,000 characters outside the BMP: 40,000 UTF-16 units, past 32,767.
    let title = "😀".repeat(20_000);
    let input = w.write("in/a.md", format!("---\ntitle: {title}\n---\nTencent.\n"));
    let r = extract_to(&w.path("out"), &[input], &["--format", "csv,xlsx"]).exits(0);
    assert!(
        r.run.stderr.contains("cells longer than"),
        "{}",
        r.run.stderr
    );
    assert!(
        r.csv("documents")[0]["title"] == title,
        "the CSV keeps the whole text"
    );
}

/// Runs `extract INPUT --shard K/N --format csv,json` for each K into `dir/sK`.
fn shards(w: &Workdir, input: &Path, n: u32, prefix: &str) -> Vec<PathBuf> {
    (0..n)
        .map(|k| {
            let out = w.path(&format!("{prefix}{k}"));
            let shard = format!("{k}/{n}");
            extract_to(
                &out,
                &[input],
                &["--shard", &shard, "--format", "csv,json", "-q"],
            )
            .exits(0);
            out
        })
        .collect()
}

fn merge(dirs: &[&PathBuf], out: &Path) -> Output {
    gazette(&["merge"]).args(dirs).arg("--out").arg(out).run()
}

#[test]
fn merge_refuses_shards_that_do_not_make_one_run() {
    let w = Workdir::new();
    let (_, b) = two_inputs(&w);
    let s = shards(&w, &samples(), 2, "s");
    let t = shards(&w, &samples(), 3, "t");
    let other = shards(&w, &b, 2, "o");
    let out = w.path("merged");
    let cases: Vec<(Vec<&PathBuf>, &str)> = vec![
        (vec![&s[0], &s[1], &s[1]], "given twice"),
        (vec![&s[0]], "shard 1/2 missing"),
        (vec![&s[0], &t[1], &t[2]], "shards of different runs"),
        (vec![&s[0], &other[1]], "other inputs"),
    ];
    for (dirs, why) in cases {
        let r = merge(&dirs, &out).exits(2);
        assert!(r.stderr.contains(why), "{why}: {}", r.stderr);
        assert!(!out.exists(), "{why}: merge wrote before it checked");
    }
    // A folder that is not a run's output, or changed after its run.
    let plain = w.dir("plain");
    fs::copy(s[1].join("documents.csv"), plain.join("documents.csv")).unwrap();
    let r = merge(&[&s[0], &plain], &out).exits(2);
    assert!(
        r.stderr.contains("plain") && r.stderr.contains("no gazette.run"),
        "{}",
        r.stderr
    );
    let mut mentions = fs::read(s[1].join("mentions.csv")).unwrap();
    mentions.extend_from_slice(b"1,x\n");
    fs::write(s[1].join("mentions.csv"), mentions).unwrap();
    let r = merge(&[&s[0], &s[1]], &out).exits(2);
    assert!(
        r.stderr.contains("mentions.csv") && r.stderr.contains("changed"),
        "{}",
        r.stderr
    );
    assert!(!out.exists());
    // The good ones merge, with a manifest of their own.
    merge(&[&t[2], &t[0], &t[1]], &out).exits(0);
    let m: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("gazette.run")).unwrap()).unwrap();
    assert!(m["shard"].is_null());
    assert_eq!(m["documents"], 7);
}

#[test]
fn merge_reads_deeply_nested_front_matter_and_copies_it_exactly() {
    let w = Workdir::new();
    // YAML front matter stops at 64 levels, JSON front matter at serde_json's
    // 128: 126 arrays inside the front matter object are read, and sit deeper
    // than 128 levels in gazette.json (documents array, document, front_matter).
    let depth = 126;
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    w.write(
        "in/deep.md",
        format!("{{\n  \"title\": \"Deep\",\n  \"nest\": {nested}\n}}\nTencent.\n"),
    );
    w.write("in/flat.md", "Baidu is in Beijing.\n");
    w.write("in/other.md", "Alibaba is in Hangzhou.\n");
    let single = extract_to(
        &w.path("single"),
        &[w.path("in")],
        &["--format", "csv,json", "-q"],
    )
    .exits(0);
    let json = single.bytes("gazette.json");
    assert!(
        String::from_utf8_lossy(&json).contains(&"[".repeat(depth)),
        "extract kept the nesting"
    );
    let s = shards(&w, &w.path("in"), 2, "s");
    let out = w.path("merged");
    merge(&[&s[0], &s[1]], &out).exits(0);
    assert!(
        fs::read(out.join("gazette.json")).unwrap() == json,
        "gazette.json differs after merge"
    );
    for t in ["documents.csv", "mentions.csv", "entities.csv"] {
        assert!(
            fs::read(out.join(t)).unwrap() == single.bytes(t),
            "{t} differs"
        );
    }
}

#[test]
fn tables_that_no_manifest_lists_are_refused_not_left_beside_new_ones() {
    let w = Workdir::new();
    let (a, b) = two_inputs(&w);
    let out = w.path("out");
    // A workbook of an earlier run whose manifest is gone (an older gazette, an
    // interrupted set, a hand-deleted gazette.run).
    extract_to(&out, &[samples()], &["--format", "xlsx", "-q"]).exits(0);
    fs::remove_file(out.join("gazette.run")).unwrap();
    let before = folder(&out);
    let r = extract_to(&out, &[&a], &["--format", "csv", "-q"]).exits(2);
    assert!(
        r.run.stderr.contains("gazette.xlsx") && r.run.stderr.contains("gazette.run"),
        "{}",
        r.run.stderr
    );
    assert!(folder(&out) == before, "the refused run changed the folder");
    // A run that writes it too replaces it.
    extract_to(&out, &[&a], &["--format", "csv,xlsx", "-q"]).exits(0);
    assert!(visible(&out)["gazette.xlsx"] != before["gazette.xlsx"]);
    // One beside a manifest that does not list it is refused as well.
    extract_to(&out, &[&b], &["--format", "csv", "-q"]).exits(0);
    fs::write(out.join("gazette.jsonl"), "{}\n").unwrap();
    let r = extract_to(&out, &[&a], &["--format", "csv", "-q"]).exits(2);
    assert!(r.run.stderr.contains("gazette.jsonl"), "{}", r.run.stderr);
    // And merge refuses it the same way.
    let s = shards(&w, &a, 1, "s");
    let r = merge(&[&s[0]], &out).exits(2);
    assert!(r.stderr.contains("gazette.jsonl"), "{}", r.stderr);
}

#[test]
fn files_gazette_did_not_write_stay_in_the_output_folder() {
    let w = Workdir::new();
    let (a, b) = two_inputs(&w);
    let out = w.dir("out");
    let mine = ["notes.txt", "my-table.csv", "gazette.json.bak", ".hidden"];
    for name in mine {
        fs::write(out.join(name), name).unwrap();
    }
    extract_to(&out, &[&a], &["--format", ALL_FORMATS, "-q"]).exits(0);
    extract_to(&out, &[&b], &["--format", "csv", "-q"]).exits(0);
    let files = folder(&out);
    for name in mine {
        assert_eq!(files.get(name).map(Vec::as_slice), Some(name.as_bytes()));
    }
    assert!(!files.contains_key("gazette.xlsx") && !files.contains_key("gazette.json"));
}

/// The bytes of the markdown files a run read (the `bytes` of documents.csv)
/// and the bytes of every file it wrote.
fn input_and_output_bytes(out: &Path) -> (u64, u64) {
    let input = crate::util::read_csv(&out.join("documents.csv"))
        .iter()
        .map(|d| d["bytes"].parse::<u64>().expect("bytes"))
        .sum();
    let output = folder(out).values().map(|b| b.len() as u64).sum();
    (input, output)
}

#[test]
fn the_default_output_is_the_csv_tables_and_no_bigger_than_the_blog() {
    let w = Workdir::new();
    let out = w.path("samples");
    extract_to(&out, &[samples()], &["-q"]).exits(0);
    let names: Vec<String> = visible(&out).into_keys().collect();
    let mut want: Vec<&str> = SET
        .into_iter()
        .filter(|n| n.ends_with(".csv") || *n == "gazette.run")
        .collect();
    want.sort_unstable();
    assert_eq!(names, want);
    // samples/ has a mention every 58 bytes (the blog: every 360): a row per
    // mention and per fact outweighs the text. Before, csv,json gave 10.8 times
    // the input.
    let (input, output) = input_and_output_bytes(&out);
    assert!(
        output <= 4 * input,
        "samples: {output} bytes out of {input}"
    );
    let Some(shared) = crate::util::shared_dir() else {
        return;
    };
    let out = w.path("blog");
    extract_to(&out, &[shared.join("corpus/blog")], &["-q"]).exits(0);
    let (input, output) = input_and_output_bytes(&out);
    assert!(output <= input, "the blog: {output} bytes out of {input}");
}
