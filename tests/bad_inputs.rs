//! Nothing lost, nothing crashes: the CLI over a folder of bad inputs at once
//! (tests/bad-inputs/ plus binary and huge fixtures generated here), and the
//! faults that need the library (a file that disappears during the run, an
//! interrupted run, an output file that cannot be written).

use std::fs;
use std::path::{Path, PathBuf};

use crate::util::{
    by_file_name, extract_to, extractor, gazette, read_csv, repo, run, samples, skip, Workdir,
};

/// Writes the generated fixtures (binary, other encodings, huge, deep) into `dir`.
fn generate(dir: &Path) {
    let w = |name: &str, bytes: &[u8]| fs::write(dir.join(name), bytes).unwrap();
    w("binary.md", b"PK\x03\x04\x00\x00\x00binary zip");
    w(
        "bom-utf8.md",
        b"\xEF\xBB\xBF---\nlang: en\n---\nTencent in Shenzhen.\n",
    );
    let mut le = vec![0xFF, 0xFE];
    le.extend(
        "في بكين تعمل تنسنت."
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    w("utf16le.md", &le);
    let mut be = vec![0xFE, 0xFF];
    be.extend(
        "Tencent in Beijing."
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes()),
    );
    w("utf16be.md", &be);
    w("utf16-malformed.md", b"\xFF\xFE\x00\xD8\x41");
    let (ar, _, _) =
        encoding_rs::WINDOWS_1256.encode("في مدينة بكين تعمل شركة تنسنت على نماذج الذكاء الاصطناعي");
    w("windows-1256.md", &ar);
    w(
        "windows-1252.md",
        b"Caf\xE9 in Paris, tr\xE8s \xE9l\xE9gant, near Beijing.\n",
    );
    w("too-big.md", &vec![b'a'; 5 * 1024 * 1024]);
    let long_line = "Beijing ".repeat(100_000);
    w("long-line.md", long_line.as_bytes());
    w(
        "deep-quotes.md",
        format!("{}Beijing\n", "> ".repeat(20_000)).as_bytes(),
    );
    w(
        "deep-lists.md",
        format!("{}Beijing\n", "- ".repeat(20_000)).as_bytes(),
    );
    let deep_yaml = format!(
        "---\ntitle: {}{}\n---\nBeijing\n",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    w("deep-yaml.md", deep_yaml.as_bytes());
    let links: String = (0..100_000)
        .map(|i| format!("[l{i}](https://e{i}.example/x) "))
        .collect();
    w("many-links.md", links.as_bytes());
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"caf\xE9-latin1-name.md");
        fs::write(dir.join(name), "Tencent in Beijing.\n").unwrap();
        std::os::unix::fs::symlink(dir.join("nowhere.md"), dir.join("dangling-link.md")).unwrap();
        fs::create_dir_all(dir.join("loop")).unwrap();
        std::os::unix::fs::symlink(dir, dir.join("loop/back")).unwrap();
    }
}

#[test]
fn every_bad_input_gets_its_row_and_the_good_files_are_extracted() {
    let w = Workdir::new();
    let dir = w.dir("in");
    for entry in fs::read_dir(repo().join("tests/bad-inputs")).unwrap() {
        let p = entry.unwrap().path();
        fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    generate(&dir);
    let x = extract_to(
        &w.path("out"),
        &[&dir],
        &["--max-file-size", "4M", "--follow-symlinks"],
    )
    .exits(1);
    assert!(!x.run.stderr.contains("panicked"), "{}", x.run.stderr);
    let docs = x.csv("documents");
    let rows = by_file_name(&docs);
    // (file, status, error contains, encoding)
    let expect: &[(&str, &str, &str, &str)] = &[
        ("good-en.md", "ok", "", "utf-8"),
        ("good-ar.md", "ok", "", "utf-8"),
        (
            "unclosed-front-matter.md",
            "warning",
            "line 1: front matter opened with `---` is never closed",
            "utf-8",
        ),
        ("malformed-yaml.md", "warning", "malformed YAML", "utf-8"),
        (
            "malformed-toml.md",
            "warning",
            "line 3: malformed TOML",
            "utf-8",
        ),
        ("not-a-mapping.md", "warning", "not a mapping", "utf-8"),
        ("crlf.md", "ok", "", "utf-8"),
        ("empty.md", "ok", "", "utf-8"),
        ("no-front-matter.md", "ok", "", "utf-8"),
        ("formula-injection.md", "ok", "", "utf-8"),
        ("empty-front-matter.md", "ok", "", "utf-8"),
        ("binary.md", "error", "binary file", ""),
        ("bom-utf8.md", "ok", "", "utf-8-bom"),
        ("utf16le.md", "ok", "", "utf-16le"),
        ("utf16be.md", "ok", "", "utf-16be"),
        ("utf16-malformed.md", "error", "malformed utf-16le", ""),
        ("windows-1256.md", "ok", "", "windows-1256"),
        ("windows-1252.md", "ok", "", "windows-1252"),
        ("too-big.md", "error", "larger than --max-file-size", ""),
        ("long-line.md", "ok", "", "utf-8"),
        ("deep-quotes.md", "ok", "", "utf-8"),
        ("deep-lists.md", "ok", "", "utf-8"),
        ("deep-yaml.md", "warning", "deeper than 64", "utf-8"),
        ("many-links.md", "ok", "", "utf-8"),
        #[cfg(unix)]
        ("caf\u{FFFD}-latin1-name.md", "ok", "", "utf-8"),
        #[cfg(unix)]
        ("dangling-link.md", "error", "cannot read: no such file", ""),
    ];
    for (name, status, error, encoding) in expect {
        let d = rows
            .get(*name)
            .unwrap_or_else(|| panic!("{name} has no row in {:?}", rows.keys()));
        assert_eq!(d["status"], *status, "{name}: {d:?}");
        assert!(d["error"].contains(error), "{name}: {d:?}");
        assert_eq!(d["encoding"], *encoding, "{name}: {d:?}");
    }
    // The symlink loop is walked once: every file has exactly one row.
    assert_eq!(docs.len(), expect.len(), "{:?}", rows.keys());
    // Good files are fully extracted, whatever their encoding.
    let mentions = x.mentions_by_file_name();
    let names =
        |file: &str| -> Vec<String> { mentions[file].iter().map(|m| m["name"].clone()).collect() };
    assert_eq!(
        names("good-en.md"),
        ["Tencent", "Shenzhen", "DeepSeek", "Hangzhou"]
    );
    assert_eq!(names("good-ar.md"), ["Beijing", "Tencent", "Huawei"]);
    assert_eq!(names("utf16le.md"), ["Beijing", "Tencent"]);
    assert_eq!(names("windows-1256.md"), ["Beijing", "Tencent"]);
    assert_eq!(names("crlf.md"), ["Huawei", "Beijing"]);
    assert_eq!(names("long-line.md").len(), 100_000);
    assert_eq!(rows["many-links.md"]["links"], "100000");
}

#[test]
fn a_file_that_disappears_during_the_run_is_an_error_row() {
    let w = Workdir::new();
    let dir = w.dir("in");
    fs::write(dir.join("a.md"), "Beijing").unwrap();
    fs::write(dir.join("b.md"), "Tencent").unwrap();
    let sources = gazette::internals::discover::discover(std::slice::from_ref(&dir));
    fs::remove_file(dir.join("a.md")).unwrap();
    let mut docs = Vec::new();
    let s = gazette::internals::pipeline::run(&sources, extractor(), Default::default(), |d| {
        docs.push(d.clone());
        Ok(())
    })
    .unwrap();
    assert_eq!((s.documents, s.failed), (2, 1));
    assert!(docs[0].status.message().unwrap().contains("no such file"));
    assert_eq!(docs[1].mentions.len(), 1);
}

#[cfg(unix)]
#[test]
fn permission_denied_is_an_error_row() {
    use std::os::unix::fs::PermissionsExt;
    let w = Workdir::new();
    let dir = w.dir("in");
    let f = w.write("in/secret.md", "Beijing");
    fs::set_permissions(&f, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&f).is_ok() {
        skip("running as root, permissions are not enforced");
        return;
    }
    let docs = extract_to(&w.path("out"), &[&dir], &[])
        .exits(1)
        .csv("documents");
    assert!(docs[0]["error"].contains("permission denied"), "{docs:?}");
}

#[test]
fn an_output_that_cannot_be_written_is_exit_2_and_leaves_no_partial_tables() {
    let w = Workdir::new();
    let out = w.path("out");
    w.write("out/mentions.csv/keep", "x");
    let x = extract_to(&out, &[samples()], &["--format", "csv"]).exits(2);
    assert!(x.run.stderr.contains("mentions.csv"), "{}", x.run.stderr);
    let left: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_no_table_that_looks_complete() {
    let w = Workdir::new();
    let dir = w.dir("in");
    let body = "Tencent in Shenzhen and Beijing. ".repeat(2_000);
    for i in 0..3_000 {
        fs::write(dir.join(format!("{i:05}.md")), &body).unwrap();
    }
    let out = w.path("out");
    let mut child = gazette(&["extract"])
        .arg(&dir)
        .arg("--out")
        .arg(&out)
        .args(["--jobs", "1"])
        .command()
        .spawn()
        .unwrap();
    // Wait until the run is writing (its temporary tables exist), then kill it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while std::time::Instant::now() < deadline {
        let writing = fs::read_dir(&out).map(|d| d.count() > 0).unwrap_or(false);
        if writing {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    if status.success() {
        skip("the run finished before it could be interrupted");
        return;
    }
    for table in [
        "documents.csv",
        "mentions.csv",
        "links.csv",
        "facts.csv",
        "gazette.json",
    ] {
        assert!(
            !out.join(table).exists(),
            "{table} exists after an interrupted run"
        );
    }
}

/// Runs `gazette args` with at most 1 GiB of address space and a deadline:
/// `(exit code, stderr)`, or a test failure naming `what` when the run is still
/// going after `secs` seconds (it is killed first). Output goes to files, so a
/// full pipe cannot block it.
#[cfg(unix)]
fn run_bounded(what: &str, args: &[&str], secs: u64) -> (i32, String) {
    run_bounded_with(what, args, None, secs).0
}

/// [`run_bounded`] with standard input read from `stdin` (else nothing):
/// `((exit code, stderr), stdout)`.
#[cfg(unix)]
fn run_bounded_with(
    what: &str,
    args: &[&str],
    stdin: Option<&Path>,
    secs: u64,
) -> ((i32, String), String) {
    let logs = tempfile::tempdir().unwrap();
    let (out, err) = (logs.path().join("stdout"), logs.path().join("stderr"));
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1048576; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_gazette"))
        .args(args)
        .stdin(match stdin {
            Some(p) => std::process::Stdio::from(fs::File::open(p).unwrap()),
            None => std::process::Stdio::null(),
        })
        .stdout(fs::File::create(&out).unwrap())
        .stderr(fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {secs} s (killed)");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let stderr = fs::read_to_string(&err).unwrap_or_default();
    let stdout = fs::read_to_string(&out).unwrap_or_default();
    ((status.code().unwrap_or(-1), stderr), stdout)
}

/// A folder with a FIFO, a link to /dev/zero, a sparse file and a good file.
#[cfg(unix)]
fn special_inputs(w: &Workdir) -> Option<PathBuf> {
    let dir = w.path("in");
    fs::create_dir_all(&dir).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("p.md"))
        .status();
    if !made.is_ok_and(|s| s.success()) {
        skip("mkfifo is not available");
        return None;
    }
    std::os::unix::fs::symlink("/dev/zero", dir.join("z.md")).unwrap();
    fs::File::create(dir.join("sparse.md"))
        .unwrap()
        .set_len(512 << 20)
        .unwrap();
    fs::write(dir.join("good.md"), "Tencent in Shenzhen.\n").unwrap();
    Some(dir)
}

#[cfg(unix)]
#[test]
fn fifos_devices_and_sparse_files_are_error_rows_at_once() {
    let w = Workdir::new();
    let Some(dir) = special_inputs(&w) else {
        return;
    };
    let out = w.path("out");
    let (code, stderr) = run_bounded(
        "extract over a FIFO, /dev/zero and a sparse file",
        &[
            "extract",
            dir.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--max-file-size",
            "1G",
        ],
        60,
    );
    assert_eq!(code, 1, "{stderr}");
    let docs = read_csv(&out.join("documents.csv"));
    let rows = by_file_name(&docs);
    for (name, error) in [
        ("p.md", "not a regular file (FIFO); not read"),
        ("z.md", "not a regular file (character device); not read"),
        ("sparse.md", "binary file (NUL byte at offset 0), not text"),
        ("good.md", ""),
    ] {
        assert_eq!(rows[name]["error"], error, "{name}: {:?}", rows[name]);
    }
    assert_eq!(rows["good.md"]["mentions"], "2");
    let html = w.path("report.html");
    let (code, stderr) = run_bounded(
        "report over a FIFO, /dev/zero and a sparse file",
        &[
            "report",
            dir.to_str().unwrap(),
            "--out",
            html.to_str().unwrap(),
            "--max-file-size",
            "1G",
        ],
        60,
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("p.md: not a regular file (FIFO)"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_device_as_gazetteer_and_too_many_jobs_are_usage_errors_at_once() {
    let w = Workdir::new();
    let dir = w.path("in");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("a.md"), "Beijing").unwrap();
    let out = w.path("out");
    let (code, stderr) = run_bounded(
        "--gazetteer /dev/zero",
        &[
            "extract",
            dir.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--gazetteer",
            "/dev/zero",
        ],
        30,
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("/dev/zero: not a regular file (character device)"),
        "{stderr}"
    );
    for args in [
        &[
            "extract",
            dir.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--jobs",
            "20000",
        ][..],
        &[
            "report",
            dir.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--jobs",
            "20000",
        ],
        &["extract", "--stdin-jsonl", "--jobs", "20000"],
    ] {
        let (code, stderr) = run_bounded("--jobs 20000", args, 30);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains("--jobs 20000 is too many"), "{stderr}");
    }
}

#[cfg(unix)]
#[test]
fn file_names_with_control_characters_are_escaped_on_stderr_not_in_tables() {
    use std::os::unix::ffi::OsStrExt;
    let w = Workdir::new();
    let dir = w.path("in");
    fs::create_dir_all(&dir).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"a\ngazette: forged.md: ok\x1b[2J.md");
    fs::write(dir.join(name), b"\0binary").unwrap();
    let out = w.path("out");
    let (code, stderr) = run_bounded(
        "extract over a file name with a newline",
        &[
            "extract",
            dir.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        30,
    );
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("a\\ngazette: forged.md: ok\\x1b[2J.md: binary file"),
        "{stderr}"
    );
    let docs = read_csv(&out.join("documents.csv"));
    assert!(
        docs[0]["path"].ends_with("a\ngazette: forged.md: ok\x1b[2J.md"),
        "{docs:?}"
    );
}

#[test]
fn the_same_file_named_three_ways_gets_one_row() {
    let w = Workdir::new();
    let dir = w.path("in");
    fs::create_dir_all(dir.join("sub")).unwrap();
    fs::write(dir.join("a.md"), "Beijing").unwrap();
    let out = w.path("out");
    let abs = fs::canonicalize(&dir).unwrap().join("a.md");
    let dotdot = dir.join("sub/../a.md");
    let r = run(&[
        "extract",
        dir.join("a.md").to_str().unwrap(),
        abs.to_str().unwrap(),
        dotdot.to_str().unwrap(),
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let docs = read_csv(&out.join("documents.csv"));
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert_eq!(docs[0]["path"], dir.join("a.md").to_str().unwrap());
}

/// The red team's hostile front matter: 5,000 levels of block nesting and nine
/// levels of aliases (billion laughs), as files and as JSON Lines, plus a line
/// that is not UTF-8 and a stream that starts with a BOM. Every input gets its
/// record, the batch finishes within its time and memory bounds.
#[cfg(unix)]
#[test]
fn hostile_front_matter_and_stream_lines_never_take_the_batch_down() {
    let w = Workdir::new();
    let deep = format!(
        "---\nx:\n  {}a\n---\nTencent in Beijing.\n",
        "- ".repeat(5000)
    );
    let mut laughs = String::from("---\na0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        laughs.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    laughs.push_str("---\nHuawei in Shenzhen.\n");
    assert!(
        laughs.len() < 600,
        "a few hundred bytes that expand to 9^9 nodes"
    );
    let input = w.dir("in");
    fs::write(input.join("deep.md"), &deep).unwrap();
    fs::write(input.join("laughs.md"), &laughs).unwrap();
    fs::write(input.join("good.md"), "Baidu in Beijing.\n").unwrap();
    let out = w.path("out");
    let (code, stderr) = run_bounded(
        "hostile front matter",
        &[
            "extract",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "-j",
            "2",
        ],
        60,
    );
    assert_eq!(code, 0, "{stderr}");
    let docs = read_csv(&out.join("documents.csv"));
    let by_name = by_file_name(&docs);
    for name in ["deep.md", "laughs.md"] {
        assert_eq!(by_name[name]["status"], "warning", "{name}");
        assert_ne!(
            by_name[name]["mentions"], "0",
            "{name}: the body is still read"
        );
    }
    assert!(by_name["deep.md"]["error"].contains("deeper than"));
    assert_eq!(by_name["good.md"]["status"], "ok");

    let mut stream = b"\xEF\xBB\xBF".to_vec();
    for text in [deep.as_str(), laughs.as_str()] {
        stream.extend(serde_json::json!({ "text": text }).to_string().into_bytes());
        stream.push(b'\n');
    }
    stream.extend_from_slice(b"{\"text\":\"a\"}\n{\"text\":\"caf\xe9 in Beijing\"}\n");
    let lines_in = w.write("in.jsonl", &stream);
    let ((code, stderr), stdout) = run_bounded_with(
        "hostile stream",
        &["extract", "--stdin-jsonl", "-j", "2"],
        Some(&lines_in),
        60,
    );
    assert_eq!(code, 0, "{stderr}");
    let records: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let statuses: Vec<&str> = records
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["warning", "warning", "ok", "warning"]);
    assert_eq!(records[3]["mentions"][0]["name"], "Beijing");
}
