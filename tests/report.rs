//! Integration tests of `gazette report`: the review page for the samples, article
//! markup that must stay text, byte order marks and UTF-16, caps, exit codes; the
//! page built from an output folder in each table format, with texts that changed
//! or went away; every document on the page; and the page driven in headless
//! Chromium through WebDriver (chromedriver): filters clicked, occurrences
//! followed, pages turned, a screenshot saved (skipped with a message when
//! chromium or chromedriver is absent).

use std::collections::BTreeSet;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::util::{extract_to, gazette, samples, skip, Workdir};

/// Runs `gazette report ARGS --out DIR/report.html` and returns the page.
fn report(dir: &Workdir, args: &[&str], code: i32) -> String {
    let out = dir.path("report.html");
    gazette(&["report"])
        .args(args)
        .arg("--out")
        .arg(&out)
        .run()
        .exits(code);
    fs::read_to_string(&out).expect("report.html")
}

/// The page loads nothing from elsewhere and runs nothing but its own script,
/// which its Content-Security-Policy allows by hash.
fn assert_self_contained(html: &str) {
    let lower = html.to_ascii_lowercase();
    for bad in [
        "<link", "<img", "<iframe", "<object", "<embed", "src=\"", "@import", "url(",
    ] {
        assert!(!lower.contains(bad), "the page contains {bad}");
    }
    assert_eq!(
        lower.matches("<script").count(),
        2,
        "the data block and the script"
    );
    assert!(html.contains("<script type=\"application/json\" id=\"gz-data\">"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'sha256-"
    ));
}

/// The page's data block, parsed.
fn page_data(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/json\" id=\"gz-data\">")
        .expect("data block")
        + "<script type=\"application/json\" id=\"gz-data\">".len();
    let end = html[start..].find("</script>").expect("data block end") + start;
    serde_json::from_str(&html[start..end]).expect("the data block is JSON")
}

/// Every mention marked in the page's text: (doc id, mention number, entity
/// id, surface), from the data block (the text and the UTF-16 range of each
/// mark), so for every document, not only the first page.
fn marks(html: &str) -> BTreeSet<(u64, u64, String, String)> {
    let data = page_data(html);
    let entities = data["entities"].as_array().expect("entities");
    let mut out = BTreeSet::new();
    for d in data["docs"].as_array().expect("docs") {
        let id = d["i"].as_u64().expect("doc id");
        let Some(text) = d["x"].as_str() else {
            continue;
        };
        let units: Vec<u16> = text.encode_utf16().collect();
        for (k, m) in d["m"].as_array().expect("mentions").iter().enumerate() {
            if m[5] != 0 {
                continue; // listed in a table, not marked in the text
            }
            let (s, e) = (
                m[6].as_u64().unwrap() as usize,
                m[7].as_u64().unwrap() as usize,
            );
            let surface = String::from_utf16(&units[s..e]).expect("a whole range");
            let entity = entities[m[0].as_u64().unwrap() as usize][0]
                .as_str()
                .unwrap();
            out.insert((id, k as u64, entity.to_string(), surface));
        }
    }
    out
}

/// The page without its script (whose messages would match some searches).
fn without_script(html: &str) -> &str {
    &html[..html.rfind("<script>").expect("the page's script")]
}

/// The `<article>` of the document whose path ends with `name`.
fn article<'a>(html: &'a str, name: &str) -> &'a str {
    html.split("<article ")
        .skip(1)
        .find(|a| {
            a.split("</h3>")
                .next()
                .is_some_and(|h| h.contains(&format!("{name}</bdi>")))
        })
        .unwrap_or_else(|| panic!("no article for {name}"))
}

#[test]
fn samples_page() {
    let dir = Workdir::new();
    let samples = samples();
    let html = report(&dir, &[samples.to_str().unwrap()], 0);
    assert_self_contained(&html);
    // Summary.
    assert!(html.contains("<caption>Documents</caption>"));
    assert!(html.contains("<caption>Mentions by type</caption>"));
    assert!(html.contains("<caption>Documents by language</caption>"));
    assert!(html.contains("<h3>Top 15 entities</h3>"));
    assert_eq!(html.matches("<svg class=\"bar\"").count(), 15);
    // Arabic: right to left, Beijing marked where it is written.
    let ar = article(&html, "ai-hubs-ar.md");
    // Only its prose blocks are right to left: front matter and code are not.
    assert!(ar.contains("<div class=\"text\" lang=\"ar\">"), "{ar}");
    assert!(
        ar.contains("<div class=\"b p\" dir=\"rtl\" lang=\"ar\">"),
        "{ar}"
    );
    assert!(ar.contains("<div class=\"b fm\" dir=\"ltr\">"), "{ar}");
    assert!(ar.contains("title=\"Beijing (city:beijing)\">بكين</mark>"));
    for class in ["m-city", "m-company", "m-model", "m-product"] {
        assert!(
            ar.contains(&format!("<mark class=\"{class}\" id=\"m-")),
            "{class}"
        );
    }
    // Code and URLs are marked as not searched, left to right.
    assert!(ar.contains(
        "<span class=\"skip code\" dir=\"ltr\" title=\"code: not searched\">`DeepSeek-R1`</span>"
    ));
    assert!(ar.contains(
        "<span class=\"skip url\" dir=\"ltr\" title=\"URL: not searched\">chatgpt.com</span>"
    ));
    // Facts with their evidence, and the other language versions.
    assert!(ar.contains("<summary>Facts (44)</summary>"), "{ar}");
    assert!(ar.contains("<td class=\"evidence\"><bdi dir=\"rtl\" lang=\"ar\">"));
    assert!(ar.contains("Translation group <code>ai-hubs</code>; other versions: <a href=\"#doc-2\"><b>en</b> #2"), "{ar}");
    assert!(ar.contains("href=\"https://github.com/MoonshotAI/Kimi-K2\""));
    assert!(!ar.contains("could not be placed"));
    // Other languages are left to right.
    let en = article(&html, "ai-hubs-en.md");
    assert!(en.contains("<div class=\"text\" lang=\"en\">"));
    assert!(!en.contains("dir=\"rtl\""));
    let zh = article(&html, "ai-hubs-zh.md");
    assert!(zh.contains("title=\"Beijing (city:beijing)\">北京</mark>"));
    // Every document is on the page, with the entities of the run.
    let data = page_data(&html);
    assert_eq!(data["docs"].as_array().unwrap().len(), 7);
    assert_eq!(
        marks(&html).len(),
        490,
        "every mention of the samples is marked"
    );
}

#[test]
fn article_markup_renders_as_text() {
    let dir = Workdir::new();
    let docs = dir.dir("docs");
    fs::write(
        docs.join("evil.md"),
        "---\ntitle: \"<script>alert(1)</script>\"\n---\n\
         # Beijing \"><img src=x onerror=alert(2)>\n\n\
         Zhipu AI is in Beijing. <script>alert(3)</script> <a href=\"javascript:alert(4)\">x</a>\n\n\
         [click](javascript:alert(5)) [ok](https://example.com/?a=1&b=2) [data](data:text/html,hi)\n",
    )
    .unwrap();
    fs::write(docs.join("x\"><svg onload=alert(6)>.md"), "Shanghai").unwrap();
    let html = report(&dir, &[docs.to_str().unwrap()], 0);
    assert_self_contained(&html);
    assert!(!html.contains("<svg onload"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // Raw HTML is greyed as not searched, and written as text.
    assert!(html.contains("&lt;script&gt;</span>alert(3)<span class=\"skip other\" dir=\"ltr\" title=\"not prose: not searched\">&lt;/script&gt;</span>"), "{html}");
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(html.contains("x&quot;&gt;&lt;svg onload=alert(6)&gt;.md"));
    assert!(!html.contains("href=\"javascript"));
    assert!(!html.contains("href=\"data"));
    assert!(html.contains("<code class=\"url\">javascript:alert(5)</code>"));
    assert!(html.contains("href=\"https://example.com/?a=1&amp;b=2\""));
    assert!(html.contains("title=\"Beijing (city:beijing)\">Beijing</mark>"));
    assert!(html.contains("title=\"Zhipu AI (company:zhipu-ai)\">Zhipu AI</mark>"));
    // Nothing from the articles is markup, also not in the data block.
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<svg onload"));
}

#[test]
fn byte_order_mark_and_utf16_offsets() {
    let dir = Workdir::new();
    let docs = dir.dir("docs");
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice("---\ntitle: Beijing\n---\nTencent is in Shenzhen.\n".as_bytes());
    fs::write(docs.join("bom.md"), bom).unwrap();
    let mut utf16 = vec![0xFE, 0xFF];
    for u in "---\nlang: ar\n---\nفي بكين، تعمل Zhipu AI.\n".encode_utf16() {
        utf16.extend_from_slice(&u.to_be_bytes());
    }
    fs::write(docs.join("utf16.md"), utf16).unwrap();
    let html = report(&dir, &[docs.to_str().unwrap()], 0);
    let bom = article(&html, "bom.md");
    assert!(
        bom.contains("title=\"Beijing (city:beijing)\">Beijing</mark>"),
        "{bom}"
    );
    assert!(bom.contains("title=\"Tencent (company:tencent)\">Tencent</mark>"));
    assert!(bom.contains("title=\"Shenzhen (city:shenzhen)\">Shenzhen</mark>"));
    let u16 = article(&html, "utf16.md");
    assert!(u16.contains("<dd>utf-16be</dd>"), "{u16}");
    assert!(u16.contains("title=\"Beijing (city:beijing)\">بكين</mark>"));
    assert!(u16.contains("title=\"Zhipu AI (company:zhipu-ai)\">Zhipu AI</mark>"));
    assert!(!without_script(&html).contains("could not be placed"));
}

#[test]
fn failed_documents_and_caps() {
    let dir = Workdir::new();
    let docs = dir.dir("docs");
    fs::write(docs.join("a-binary.md"), b"Beijing\0<script>").unwrap();
    fs::write(
        docs.join("b-long.md"),
        format!("Beijing {} Shanghai", "x ".repeat(2000)),
    )
    .unwrap();
    fs::write(docs.join("c.md"), "Shenzhen").unwrap();
    let html = report(
        &dir,
        &[
            docs.to_str().unwrap(),
            "--max-docs",
            "2",
            "--max-text",
            "1K",
        ],
        1,
    );
    assert_self_contained(&html);
    assert!(html.contains("Failed documents (1)"));
    assert!(html.contains("error: binary file (NUL byte at offset 7), not text"));
    assert!(html.contains("The first 2 of 3 documents are on this page (--max-docs)"));
    assert!(
        html.contains("Text cut: the first 1024 of 4017 bytes are shown"),
        "{html}"
    );
    assert!(!html.contains("id=\"doc-3\""));
    // The document left out still counts in the summary.
    assert!(html.contains("<code>city:shenzhen</code>"));
}

#[test]
fn fatal_errors_exit_2() {
    let dir = Workdir::new();
    let o = gazette(&["report"])
        .arg(samples())
        .arg("--out")
        .arg(dir.path(""))
        .run()
        .exits(2);
    assert!(o.stderr.contains("is a folder"), "{}", o.stderr);
    gazette(&["report"])
        .arg(samples())
        .arg("--out")
        .arg(dir.path("r.html"))
        .arg("--gazetteer")
        .arg(dir.path("missing.csv"))
        .run()
        .exits(2);
    assert!(!dir.path("r.html").exists());
}

/// Runs `gazette report ARGS --out DIR/NAME` and returns the run and the page.
fn report_named(dir: &Workdir, name: &str, args: &[&Path], code: i32) -> (String, String) {
    let out = dir.path(name);
    let o = gazette(&["report"])
        .args(args)
        .arg("--out")
        .arg(&out)
        .run()
        .exits(code);
    let html = fs::read_to_string(&out).expect("the page");
    (html, o.stderr)
}

/// Articles with code, URLs, a translation pair and an RTL document.
fn write_articles(dir: &Workdir) -> PathBuf {
    dir.write(
        "in/hubs-en.md",
        "---\ntitle: Beijing hubs\nlang: en\n---\n# Hubs\n\nTencent is headquartered in Shenzhen. Baidu is in Beijing.\n\n\
         ```\nBeijing in code is not searched\n```\n\nSee `Tencent` and https://example.com/Beijing.\n",
    );
    dir.write(
        "in/hubs-ar.md",
        "---\nlang: ar\n---\nتينسنت في شنتشن، و Zhipu AI في بكين.\n",
    );
    dir.write(
        "in/other.md",
        "Shanghai and Hangzhou; Alibaba is in Hangzhou.\n",
    );
    dir.path("in")
}

#[test]
fn output_folder_in_every_format_gives_the_page_of_the_articles() {
    let dir = Workdir::new();
    let input = write_articles(&dir);
    let (fresh, _) = report_named(&dir, "fresh.html", &[&input], 0);
    let want = marks(&fresh);
    assert!(want.len() >= 9, "{want:?}");
    for (name, args) in [
        ("default", &[][..]),
        ("jsonl", &["--format", "jsonl"][..]),
        ("json", &["--format", "json"][..]),
        ("csv", &["--format", "csv"][..]),
        ("excel", &["--format", "csv", "--excel"][..]),
    ] {
        let out = dir.path(&format!("out-{name}"));
        extract_to(&out, &[&input], args).exits(0);
        let (html, stderr) = report_named(&dir, &format!("{name}.html"), &[&out], 0);
        assert!(stderr.is_empty(), "{name}: {stderr}");
        assert_self_contained(&html);
        assert!(html.contains("Read from the output folder"), "{name}");
        assert_eq!(
            marks(&html),
            want,
            "{name}: the same marks as extracting now"
        );
        let en = article(&html, "hubs-en.md");
        assert!(
            en.contains("<code>located_in</code>"),
            "{name}: facts: {en}"
        );
        assert!(
            en.contains("Translation group <code>hubs</code>"),
            "{name}: {en}"
        );
        assert!(
            en.contains("<div class=\"b code\" dir=\"ltr\">```\nBeijing in code"),
            "{name}"
        );
        let ar = article(&html, "hubs-ar.md");
        assert!(
            ar.contains("<div class=\"b p\" dir=\"rtl\" lang=\"ar\">"),
            "{name}"
        );
        assert!(!without_script(&html).contains("cannot be shown"), "{name}");
    }
}

#[test]
fn output_folder_texts_that_changed_or_went_are_not_shown() {
    let dir = Workdir::new();
    let input = write_articles(&dir);
    let out = dir.path("out");
    extract_to(&out, &[&input], &["--format", "jsonl"]).exits(0);
    // Same size, other text: the mentions are not at their offsets any more.
    let en = input.join("hubs-en.md");
    let text = fs::read_to_string(&en)
        .unwrap()
        .replace("Tencent is", "Tencemt is");
    fs::write(&en, text).unwrap();
    fs::remove_file(input.join("other.md")).unwrap();
    let (html, stderr) = report_named(&dir, "r.html", &[&out], 0);
    assert!(stderr.contains("warning: text not shown"), "{stderr}");
    let en = article(&html, "hubs-en.md");
    assert!(en.contains("The text cannot be shown: in "), "{en}");
    assert!(
        en.contains("is not at its offsets any more: the file changed"),
        "{en}"
    );
    assert!(!en.contains("<div class=\"text\""));
    // Its mentions and facts are listed all the same.
    assert!(en.contains("<caption>Mentions (5)</caption>"), "{en}");
    assert!(en.contains("<code>located_in</code>"));
    let other = article(&html, "other.md");
    assert!(
        other.contains("is not there (moved, or the report runs from another folder"),
        "{other}"
    );
    assert!(html.contains("The text of 2 documents cannot be shown"));
    // The unchanged document is shown.
    let ar = article(&html, "hubs-ar.md");
    assert!(
        ar.contains("<div class=\"b p\" dir=\"rtl\" lang=\"ar\">"),
        "{ar}"
    );
}

#[test]
fn output_folder_paths_relative_to_root() {
    let dir = Workdir::new();
    write_articles(&dir);
    // extract runs in the work folder with relative paths; report elsewhere.
    let ok = gazette(&["extract", "in", "--out", "out", "--format", "jsonl"])
        .command()
        .current_dir(dir.path(""))
        .status()
        .expect("extract");
    assert!(ok.success());
    let (html, _) = report_named(&dir, "r.html", &[&dir.path("out")], 0);
    assert!(html.contains("is not there (moved, or the report runs from another folder"));
    let page = dir.path("rooted.html");
    gazette(&["report"])
        .arg(dir.path("out"))
        .arg("--root")
        .arg(dir.path(""))
        .arg("--out")
        .arg(&page)
        .run()
        .exits(0);
    let html = fs::read_to_string(page).unwrap();
    assert!(!without_script(&html).contains("cannot be shown"));
    assert!(
        html.contains("title=\"Baidu (company:baidu)\">Baidu</mark>"),
        "{html}"
    );
}

#[test]
fn output_folder_usage_errors() {
    let dir = Workdir::new();
    let input = write_articles(&dir);
    let out = dir.path("out");
    extract_to(&out, &[&input], &[]).exits(0);
    let o = gazette(&["report"])
        .arg(&out)
        .arg(&input)
        .arg("--out")
        .arg(dir.path("r.html"))
        .run()
        .exits(2);
    assert!(
        o.stderr
            .contains("is the output folder of a gazette run: give it alone"),
        "{}",
        o.stderr
    );
    let xlsx = dir.path("xlsx");
    extract_to(&xlsx, &[&input], &["--format", "xlsx"]).exits(0);
    let o = gazette(&["report"])
        .arg(&xlsx)
        .arg("--out")
        .arg(dir.path("r.html"))
        .run()
        .exits(2);
    assert!(o.stderr.contains("the run wrote gazette.xlsx; the review page reads gazette.jsonl, gazette.json or the CSV tables"), "{}", o.stderr);
    let o = gazette(&["report"])
        .arg(&input)
        .arg("--root")
        .arg(&input)
        .arg("--out")
        .arg(dir.path("r.html"))
        .run()
        .exits(2);
    assert!(
        o.stderr.contains("--root is for an output folder"),
        "{}",
        o.stderr
    );
    assert!(!dir.path("r.html").exists());
}

#[test]
fn every_document_is_on_the_page() {
    let dir = Workdir::new();
    for i in 0..260 {
        dir.write(
            &format!("in/d{i:03}.md"),
            format!("Doc {i} on Beijing and Tencent.\n"),
        );
    }
    let (html, _) = report_named(&dir, "r.html", &[&dir.path("in")], 0);
    let data = page_data(&html);
    let docs = data["docs"].as_array().unwrap();
    assert_eq!(docs.len(), 260, "no cap on the documents");
    assert_eq!(
        docs[259]["p"].as_str().unwrap(),
        dir.path("in/d259.md").to_str().unwrap()
    );
    assert_eq!(data["page_size"], 50);
    // Without the script, the first page is in the HTML itself.
    assert_eq!(html.matches("<article class=\"doc ok\"").count(), 50);
    assert!(html.contains("<noscript>"));
}

/// A tiny WebDriver client (W3C protocol, JSON over HTTP) for chromedriver:
/// enough to open a page, run a script, click an element and take a
/// screenshot. The driver is killed when the client is dropped, on every path.
mod webdriver {
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::path::Path;
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    use serde_json::{json, Value};

    /// The key W3C WebDriver names an element with.
    const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

    /// A chromedriver process with one headless Chromium session.
    pub struct Driver {
        child: Child,
        port: u16,
        session: Option<String>,
    }

    impl Drop for Driver {
        fn drop(&mut self) {
            if let Some(s) = self.session.take() {
                let _ = self.call("DELETE", &format!("/session/{s}"), None);
            }
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    impl Driver {
        /// Starts chromedriver and a headless Chromium with a fresh profile.
        pub fn start(chromium: &Path, chromedriver: &Path, profile: &Path) -> Driver {
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .map(|a| a.port())
                .expect("a free port");
            let child = Command::new(chromedriver)
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start chromedriver");
            let mut driver = Driver {
                child,
                port,
                session: None,
            };
            let deadline = Instant::now() + Duration::from_secs(20);
            while driver.call("GET", "/status", None).is_err() {
                assert!(
                    Instant::now() < deadline,
                    "chromedriver did not answer in 20 s"
                );
                std::thread::sleep(Duration::from_millis(100));
            }
            let args = [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--window-size=1280,1400",
            ]
            .iter()
            .map(|s| s.to_string())
            .chain([format!("--user-data-dir={}", profile.display())])
            .collect::<Vec<_>>();
            let caps = json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {"binary": chromium.to_string_lossy(), "args": args},
                "timeouts": {"script": 20000, "pageLoad": 60000}
            }}});
            let v = driver
                .call("POST", "/session", Some(caps))
                .expect("new session");
            let id = v["sessionId"].as_str().expect("session id").to_string();
            driver.session = Some(id);
            driver
        }

        /// One request; the `value` of the answer, or the error it names.
        fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
            let body = body.map(|b| b.to_string()).unwrap_or_default();
            let mut stream =
                TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
            stream
                .set_read_timeout(Some(Duration::from_secs(60)))
                .map_err(|e| e.to_string())?;
            let request = format!(
                "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                self.port,
                body.len()
            );
            stream
                .write_all(request.as_bytes())
                .map_err(|e| e.to_string())?;
            // chromedriver keeps the connection open: read the head, then
            // Content-Length bytes.
            let mut answer = Vec::new();
            let mut buf = [0u8; 16 * 1024];
            let (head, json) = loop {
                let n = stream.read(&mut buf).map_err(|e| e.to_string())?;
                if n == 0 {
                    return Err("chromedriver closed the connection".into());
                }
                answer.extend_from_slice(&buf[..n]);
                let Some(end) = answer.windows(4).position(|w| w == b"\r\n\r\n") else {
                    continue;
                };
                let head = String::from_utf8_lossy(&answer[..end]).into_owned();
                let length = head
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse::<usize>().ok())?
                    })
                    .ok_or("no Content-Length")?;
                while answer.len() < end + 4 + length {
                    let n = stream.read(&mut buf).map_err(|e| e.to_string())?;
                    if n == 0 {
                        return Err("chromedriver closed the connection".into());
                    }
                    answer.extend_from_slice(&buf[..n]);
                }
                let body = String::from_utf8_lossy(&answer[end + 4..end + 4 + length]).into_owned();
                break (head, body);
            };
            let json = json.as_str();
            let v: Value = serde_json::from_str(json).map_err(|e| format!("{e}: {json}"))?;
            if head.starts_with("HTTP/1.1 200") {
                Ok(v["value"].clone())
            } else {
                Err(format!("{method} {path}: {}", v["value"]))
            }
        }

        fn session_call(&self, method: &str, rest: &str, body: Option<Value>) -> Value {
            let s = self.session.as_deref().expect("a session");
            self.call(method, &format!("/session/{s}{rest}"), body)
                .unwrap_or_else(|e| panic!("{e}"))
        }

        /// Opens `url`.
        pub fn open(&self, url: &str) {
            self.session_call("POST", "/url", Some(json!({ "url": url })));
        }

        /// Runs `script` (a function body) in the page and returns its result.
        pub fn run(&self, script: &str) -> Value {
            self.session_call(
                "POST",
                "/execute/sync",
                Some(json!({"script": script, "args": []})),
            )
        }

        /// Waits until `script` returns true (at most 20 s).
        pub fn wait_for(&self, script: &str) {
            let deadline = Instant::now() + Duration::from_secs(20);
            while self.run(script) != Value::Bool(true) {
                assert!(Instant::now() < deadline, "timed out waiting for: {script}");
                std::thread::sleep(Duration::from_millis(50));
            }
        }

        /// Clicks the first element matching the CSS `selector`, as a user would
        /// (scrolled to the middle of the window first, clear of the filter bar).
        pub fn click(&self, selector: &str) {
            self.run(&format!(
                "var x = document.querySelector({selector:?}); if (x) x.scrollIntoView({{block: 'center'}}); return 1"
            ));
            let found = self.session_call(
                "POST",
                "/element",
                Some(json!({"using": "css selector", "value": selector})),
            );
            let id = found[ELEMENT].as_str().expect("an element").to_string();
            self.session_call("POST", &format!("/element/{id}/click"), Some(json!({})));
        }

        /// A screenshot of the window, as PNG bytes.
        pub fn screenshot(&self) -> Vec<u8> {
            let b64 = self.session_call("GET", "/screenshot", None);
            decode_base64(b64.as_str().expect("base64"))
        }
    }

    /// Standard base64, padded.
    fn decode_base64(s: &str) -> Vec<u8> {
        let value = |c: u8| match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c}"),
        };
        let bytes: Vec<u8> = s
            .bytes()
            .filter(|&c| c != b'=' && !c.is_ascii_whitespace())
            .collect();
        let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
        for chunk in bytes.chunks(4) {
            let mut n = 0u32;
            for (i, &c) in chunk.iter().enumerate() {
                n |= u32::from(value(c)) << (18 - 6 * i);
            }
            out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
        }
        out
    }
}

/// Chromium and chromedriver, when both are installed (else the skip line).
fn browser() -> Option<(PathBuf, PathBuf)> {
    let find = |name: &str| {
        let path = std::env::var_os("PATH").unwrap_or_default();
        std::env::split_paths(&path)
            .chain([PathBuf::from("/usr/bin")])
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    };
    match (find("chromium"), find("chromedriver")) {
        (Some(c), Some(d)) => Some((c, d)),
        _ => {
            skip("chromium or chromedriver not found");
            None
        }
    }
}

/// One line on the real stderr (past the harness's capture), so that a plain
/// `cargo test` shows where the screenshot is.
fn tell(line: &str) {
    let _ = std::io::stderr()
        .lock()
        .write_all(format!("{line}\n").as_bytes());
}

/// Writes a screenshot under the target folder and says where.
fn save_screenshot(png: &[u8], name: &str) -> PathBuf {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    assert!(png.len() > 10 * 1024, "{} bytes", png.len());
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-screenshots");
    fs::create_dir_all(&shots).expect("screenshot folder");
    let path = shots.join(name);
    fs::write(&path, png).expect("write the screenshot");
    tell(&format!("report screenshot: {}", path.display()));
    path
}

#[test]
fn page_driven_in_headless_chromium() {
    let Some((chromium, chromedriver)) = browser() else {
        return;
    };
    let dir = Workdir::new();
    // 62 documents: two pages. The first and the last translate each other.
    dir.write(
        "in/a-hubs.md",
        "---\ntranslation_key: hubs\nlang: ar\n---\nفي بكين، تعمل Zhipu AI مع تينسنت.\n\n```\nBeijing in code\n```\n\nانظر https://example.com/Beijing\n",
    );
    for i in 1..=60 {
        let body = match i % 3 {
            0 => "Tencent opened an office in Shenzhen.",
            1 => "Beijing and Shanghai are cities.",
            _ => "Zhipu AI works in Beijing, with `Tencent` in code.",
        };
        dir.write(
            &format!("in/n{i:02}.md"),
            format!("---\ntitle: Note {i}\n---\n{body}\n"),
        );
    }
    dir.write(
        "in/z-hubs.md",
        "---\ntranslation_key: hubs\nlang: en\n---\nIn Beijing, Zhipu AI works with Tencent and Baidu.\n",
    );
    let (html, _) = report_named(&dir, "r.html", &[&dir.path("in")], 0);
    let data = page_data(&html);
    let entities = data["entities"].as_array().unwrap().clone();
    let url = format!("file://{}", dir.path("r.html").display());

    let driver = webdriver::Driver::start(&chromium, &chromedriver, &dir.path("profile"));
    driver.open(&url);
    driver.wait_for("return document.documentElement.hasAttribute('data-ready')");
    let count = |what: &str| {
        driver
            .run(&format!(
                "return document.querySelectorAll({what:?}).length"
            ))
            .as_u64()
            .unwrap()
    };
    let articles = "#docs article.doc";
    let lit = "#docs mark[data-e]:not(.off)";
    assert_eq!(count(articles), 50, "the first page");
    let all_lit = count(lit);
    assert!(all_lit > 100, "{all_lit}");
    assert_eq!(
        driver.run("return document.getElementById('filters').hidden"),
        false
    );

    // The script renders the same articles gazette wrote for the first page:
    // page 1 as written, then page 2 and back to page 1 as the script renders it.
    let signature = "return [...document.querySelectorAll('#docs article')].map(function (a) { \
        return [a.id, a.textContent.replace(/\\s+/g, ''), [...a.querySelectorAll('.text')].map(function (t) { return t.textContent; }).join('|'), \
        [...a.querySelectorAll('*')].map(function (x) { return [x.tagName, x.className, x.id, x.getAttribute('title'), x.getAttribute('dir'), \
        x.getAttribute('lang'), x.getAttribute('data-e'), x.getAttribute('href'), x.hasAttribute('open')].join('~'); }).join(' ')]; })";
    let written = driver.run(signature);
    driver.click(".pager .next");
    assert_eq!(
        driver.run("return document.querySelector('#docs article').id"),
        "doc-51"
    );
    driver.click(".pager .prev");
    let rendered = driver.run(signature);
    assert_eq!(written.as_array().map(Vec::len), Some(50));
    for (w, r) in written
        .as_array()
        .unwrap()
        .iter()
        .zip(rendered.as_array().unwrap())
    {
        assert_eq!(w, r, "the script renders {} as gazette wrote it", w[0]);
    }

    // A type filter: only the documents with a company, only companies lit.
    driver.click("#f-types button[data-type='company']");
    let with_company = data["docs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["m"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| entities[m[0].as_u64().unwrap() as usize][2] == "company")
        })
        .count() as u64;
    assert!(with_company < 62);
    assert_eq!(count(articles), with_company.min(50));
    assert!(count(lit) < all_lit);
    assert_eq!(count("#docs mark[data-e]:not(.off):not(.m-company)"), 0);
    assert_eq!(
        count("#docs article.doc:not(:has(mark.m-company:not(.off)))"),
        0
    );
    let status = driver.run("return document.getElementById('shown').textContent");
    assert!(
        status
            .as_str()
            .unwrap()
            .starts_with(&format!("{with_company} of 62 documents match")),
        "{status}"
    );

    // An entity chip: its occurrences across documents, each leading to its place.
    driver.click("#docs article.doc a.chip.m-company[title^='company:tencent']");
    let tencent = entities
        .iter()
        .position(|e| e[0] == "company:tencent")
        .unwrap();
    let tencent_mentions = entities[tencent][3].as_u64().unwrap();
    assert!(tencent_mentions >= 20, "{tencent_mentions}");
    assert_eq!(
        driver.run("return document.getElementById('occ').hidden"),
        false
    );
    assert_eq!(count("#occ li"), tencent_mentions);
    assert_eq!(count(lit), count("#docs mark.m-company:not(.off)"));
    assert_eq!(
        count(&format!(
            "#docs mark[data-e]:not(.off):not([data-e='{tencent}'])"
        )),
        0
    );
    let shown = count(articles);
    assert!(shown > 0 && shown <= with_company);
    driver.click("#occ li:last-child a");
    let target = driver
        .run("return location.hash")
        .as_str()
        .unwrap()
        .to_string();
    assert!(target.starts_with("#m-"), "{target}");
    let visible = format!(
        "var m = document.getElementById({:?}); if (!m) return false; var r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight && m.textContent.length > 0",
        &target[1..]
    );
    driver.wait_for(&visible);
    let shot = save_screenshot(&driver.screenshot(), "report-filtered.png");
    assert!(shot.is_file());

    // Right to left only where prose is: code blocks and URLs stay left to right.
    driver.click("#f-reset");
    assert_eq!(count(articles), 50);
    let dirs = driver.run(
        "var a = document.getElementById('doc-1'); var d = function (s) { var x = a.querySelector(s); return x ? getComputedStyle(x).direction : 'none'; }; \
         return [d('.b.p'), d('.b.code'), d('.b.p .skip.url'), d('.b.fm')]",
    );
    assert_eq!(dirs, serde_json::json!(["rtl", "ltr", "ltr", "ltr"]));

    // Another language version on the second page: the link turns the page.
    driver.click("#doc-1 .versions a[href='#doc-62']");
    driver.wait_for(
        "var d = document.getElementById('doc-62'); return !!d && d.getBoundingClientRect().top < innerHeight",
    );
    assert_eq!(count(articles), 12, "the second page");
    driver.click(".pager .prev");
    assert_eq!(count("#doc-1"), 1);
    let shot = save_screenshot(&driver.screenshot(), "report-rtl.png");
    assert!(shot.is_file());
}

#[test]
fn article_markup_stays_inert_in_chromium() {
    let Some((chromium, chromedriver)) = browser() else {
        return;
    };
    let dir = Workdir::new();
    let doc = dir.write(
        "evil.md",
        "---\ntitle: \"<script>document.title='pwned'</script>\"\n---\n\
         Beijing \"><img src=x onerror=\"document.body.innerHTML='pwned'\">\n\n\
         <script>document.body.innerHTML='pwned'</script>\n",
    );
    let (_, _) = report_named(&dir, "r.html", &[&doc], 0);
    let driver = webdriver::Driver::start(&chromium, &chromedriver, &dir.path("profile"));
    driver.open(&format!("file://{}", dir.path("r.html").display()));
    driver.wait_for("return document.documentElement.hasAttribute('data-ready')");
    let seen = driver.run(
        "return [document.title, document.querySelectorAll('img').length, document.scripts.length, \
         document.querySelectorAll('#docs mark[data-e]').length, document.body.innerHTML.indexOf('pwned') >= 0 && !document.getElementById('docs')]",
    );
    assert_eq!(seen, serde_json::json!(["gazette report", 0, 2, 1, false]));
    // The search box takes article-like text as text.
    driver.run("var q = document.getElementById('f-q'); q.value = '<img src=x onerror=alert(1)>'; q.dispatchEvent(new Event('input')); return 1");
    driver.wait_for("return document.getElementById('shown').textContent.indexOf('0 of 1') === 0");
    assert_eq!(
        driver.run("return document.querySelectorAll('img').length"),
        0
    );
}

/// The figures the README states: page size and opening time for 10,000 small
/// articles. Not run by `cargo test` (timings are never asserted); run it with
/// `cargo test --release --test integration report::open_time -- --ignored`.
#[test]
#[ignore]
fn open_time_of_10000_documents() {
    let Some((chromium, chromedriver)) = browser() else {
        return;
    };
    let dir = Workdir::new();
    let en = [
        "Tencent opened a lab in Shenzhen.",
        "Zhipu AI released GLM-4.5 in Beijing.",
        "Alibaba is based in Hangzhou, and Qwen3 is its model.",
        "DeepSeek trained DeepSeek-V3 in Hangzhou.",
        "Moonshot AI, from Beijing, ships Kimi K2.",
        "Falcon comes from the Technology Innovation Institute in Abu Dhabi.",
        "Samsung works in Seoul.",
    ];
    let ar = [
        "في بكين، تعمل Zhipu AI على نماذج اللغة.",
        "تينسنت في شنتشن.",
        "معهد الابتكار التكنولوجي في أبوظبي طوّر Falcon.",
    ];
    let mut input = 0;
    for i in 0..10_000usize {
        let (lang, body) = if i % 5 == 0 {
            ("ar", format!("{} {}", ar[i % 3], ar[(i / 3 + 1) % 3]))
        } else {
            let s = |k: usize| en[(i + k * 3) % en.len()];
            ("en", format!("{} {} {}", s(0), s(1), s(2)))
        };
        let text = format!(
            "---\ntitle: Note {i}\nlang: {lang}\n---\n# Note {i}\n\n{body}\n\nSee `Tencent` and https://example.com/p/{i}\n"
        );
        input += text.len();
        dir.write(&format!("in/d{}/n{i:05}.md", i / 1000), text);
    }
    let started = std::time::Instant::now();
    let (html, _) = report_named(&dir, "r.html", &[&dir.path("in")], 0);
    let built = started.elapsed();
    let driver = webdriver::Driver::start(&chromium, &chromedriver, &dir.path("profile"));
    driver.open(&format!("file://{}", dir.path("r.html").display()));
    driver.wait_for("return document.documentElement.hasAttribute('data-ready')");
    let ready = driver.run("return document.documentElement.getAttribute('data-ready')");
    let click = |selector: &str| {
        driver.run(&format!(
            "var t = performance.now(); document.querySelector({selector:?}).click(); return Math.round(performance.now() - t)"
        ))
    };
    let type_ms = click("#f-types button[data-type='company']");
    let entity_ms = click("#docs a.chip[title^='company:tencent']");
    click("#f-reset");
    let page_ms = click(".pager .next");
    tell(&format!(
        "10,000 documents, {input} bytes: page {} bytes built in {built:.1?}; ready {ready} ms after navigation; type filter {type_ms} ms, entity {entity_ms} ms, next page {page_ms} ms",
        html.len()
    ));
}
