//! Helpers shared by the integration tests: a temporary work folder, running the
//! `gazette` binary (`gazette(args).run()`, or `extract_to` for an extract run and
//! the tables it wrote), reading CSV output, and the one skip line a test prints
//! when ../shared or an outside tool is missing. No assertion about gazette's
//! behaviour lives here; only the exit-code check that every run makes.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, OnceLock};

use gazette::{Extractor, Gazetteer, Matcher};

/// One CSV row, keyed by header.
pub type Row = BTreeMap<String, String>;

/// The repository root (where Cargo.toml is).
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled sample articles (samples/).
pub fn samples() -> PathBuf {
    repo().join("samples")
}

/// An extractor over the default gazetteer, built once for all the tests.
pub fn extractor() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(|| {
        let m = Matcher::new(Gazetteer::default_embedded().expect("default gazetteer"))
            .expect("compile");
        Extractor::new(Arc::new(m))
    })
}

/// A temporary folder removed at the end of the test.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    /// A new empty folder.
    pub fn new() -> Self {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A path inside the folder (nothing is created).
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes file `name` (creating its folders) and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
        }
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        path
    }

    /// A folder inside the folder, created.
    pub fn dir(&self, name: &str) -> PathBuf {
        let dir = self.path(name);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        dir
    }
}

/// A run of the binary being set up: arguments, and optionally bytes for its stdin.
pub struct Run {
    args: Vec<OsString>,
    stdin: Option<Vec<u8>>,
}

/// `gazette ARGS`, to add to (`arg`, `args`, `stdin`) and then `run` or `command`.
pub fn gazette(args: &[&str]) -> Run {
    Run {
        args: args.iter().map(OsString::from).collect(),
        stdin: None,
    }
}

/// Runs `gazette ARGS` to completion: `gazette(args).run()`.
pub fn run(args: &[&str]) -> Output {
    gazette(args).run()
}

impl Run {
    /// One more argument (a path needs no `to_str`).
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    /// More arguments.
    pub fn args<A: AsRef<OsStr>>(mut self, args: impl IntoIterator<Item = A>) -> Self {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    /// Bytes written to the binary's stdin (which is otherwise empty).
    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(bytes.into());
        self
    }

    /// The command, for tests that drive the process themselves (pipes, kills).
    pub fn command(self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gazette"));
        cmd.args(&self.args);
        cmd
    }

    /// Runs the binary to completion and collects what it printed.
    pub fn run(mut self) -> Output {
        let input = self.stdin.take();
        let mut cmd = self.command();
        cmd.stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("run gazette");
        // Written from a thread, so that a child filling its stdout pipe before it
        // has read all its input cannot deadlock the test.
        let writer = input.map(|bytes| {
            let mut pipe = child.stdin.take().expect("piped stdin");
            std::thread::spawn(move || pipe.write_all(&bytes))
        });
        let out = child.wait_with_output().expect("wait for gazette");
        if let Some(writer) = writer {
            writer
                .join()
                .expect("stdin writer")
                .expect("write gazette's stdin");
        }
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// The outcome of running the binary.
pub struct Output {
    /// The exit code (-1 when killed by a signal).
    pub code: i32,
    /// Standard output, decoded lossily.
    pub stdout: String,
    /// Standard error, decoded lossily.
    pub stderr: String,
}

impl Output {
    /// Fails the test, showing stdout and stderr, unless the exit code is `code`.
    pub fn exits(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "exit code\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Runs `gazette extract INPUTS --out OUT ARGS`.
pub fn extract_to<P: AsRef<Path>>(out: &Path, inputs: &[P], args: &[&str]) -> Extracted {
    let run = gazette(&["extract"])
        .args(inputs.iter().map(|p| p.as_ref().as_os_str()))
        .arg("--out")
        .arg(out)
        .args(args)
        .run();
    Extracted {
        run,
        out: out.to_path_buf(),
    }
}

/// A finished `gazette extract` run and the folder it wrote its tables to.
pub struct Extracted {
    /// What the run printed, and its exit code.
    pub run: Output,
    /// The `--out` folder.
    pub out: PathBuf,
}

impl Extracted {
    /// Fails the test, showing stdout and stderr, unless the exit code is `code`.
    pub fn exits(mut self, code: i32) -> Self {
        self.run = self.run.exits(code);
        self
    }

    /// The rows of table `name` (`csv("mentions")` reads mentions.csv).
    pub fn csv(&self, name: &str) -> Vec<Row> {
        read_csv(&self.out.join(format!("{name}.csv")))
    }

    /// gazette.json, parsed.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.bytes("gazette.json")).expect("gazette.json is JSON")
    }

    /// The bytes of output file `name` (with its extension).
    pub fn bytes(&self, name: &str) -> Vec<u8> {
        let path = self.out.join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The mention rows of every document (none for a document without any), by
    /// the document's path as documents.csv writes it, in mentions.csv order.
    pub fn mentions_by_path(&self) -> BTreeMap<String, Vec<Row>> {
        self.mentions_by(|path| path.to_string())
    }

    /// The same keyed by the file name of the document's path.
    pub fn mentions_by_file_name(&self) -> BTreeMap<String, Vec<Row>> {
        self.mentions_by(file_name)
    }

    fn mentions_by(&self, key: impl Fn(&str) -> String) -> BTreeMap<String, Vec<Row>> {
        let mut keys = BTreeMap::new();
        let mut by_doc = BTreeMap::new();
        for d in self.csv("documents") {
            let k = key(&d["path"]);
            by_doc.insert(k.clone(), Vec::new());
            keys.insert(d["doc_id"].clone(), k);
        }
        for m in self.csv("mentions") {
            let k = &keys[&m["doc_id"]];
            by_doc.get_mut(k).expect("document row").push(m);
        }
        by_doc
    }
}

/// Reads a CSV file into rows keyed by header.
pub fn read_csv(path: &Path) -> Vec<Row> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The file name of a path, lossily decoded ("" for none).
fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// documents.csv rows keyed by the file name of their path.
pub fn by_file_name(docs: &[Row]) -> BTreeMap<String, &Row> {
    docs.iter().map(|d| (file_name(&d["path"]), d)).collect()
}

/// ../shared beside the repository; None (and the skip line) where a fresh clone
/// has none, for a test that cannot run without it.
pub fn shared_dir() -> Option<PathBuf> {
    let found = find_shared();
    if found.is_none() {
        skip("../shared not found");
    }
    found
}

/// ../shared beside the repository, for a test that runs on samples/ alone
/// without it (and says so in one line).
pub fn optional_shared_dir() -> Option<PathBuf> {
    let found = find_shared();
    if found.is_none() {
        skip_part("../shared not found, samples/ only");
    }
    found
}

fn find_shared() -> Option<PathBuf> {
    let p = repo().join("../shared");
    p.join("corpus").is_dir().then_some(p)
}

/// Prints `skipped: <test>: <reason>`: the test returns without checking anything.
pub fn skip(reason: &str) {
    say("skipped", reason);
}

/// Prints `partly skipped: <test>: <reason>`: the test checks less than it could.
pub fn skip_part(reason: &str) {
    say("partly skipped", reason);
}

/// One line on the process's real stderr: past the harness's capture of
/// `eprintln!`, so that a plain `cargo test` shows it.
fn say(what: &str, reason: &str) {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    let line = format!("{what}: {test}: {reason}\n");
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}
