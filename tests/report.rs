//! Integration tests of `gazette report`: the review page for the samples, article
//! markup that must stay text, byte order marks and UTF-16, caps, exit codes, and
//! the page in a headless Chromium (skipped with a message when it is absent).

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{gazette, repo, samples, skip, Workdir};

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

/// Whether /usr/bin/chromium is there (the skip line when not).
fn have_chromium() -> bool {
    let found = Path::new("/usr/bin/chromium").exists();
    if !found {
        skip("chromium not found");
    }
    found
}

/// The page loads nothing from elsewhere and runs nothing.
fn assert_self_contained(html: &str) {
    let lower = html.to_ascii_lowercase();
    for bad in [
        "<script", "<link", "<img", "<iframe", "<object", "<embed", "src=\"", "@import", "url(",
    ] {
        assert!(!lower.contains(bad), "the page contains {bad}");
    }
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("Content-Security-Policy"));
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
    assert!(
        ar.contains("<div class=\"text\" dir=\"rtl\" lang=\"ar\">"),
        "{ar}"
    );
    assert!(ar.contains(
        "<mark class=\"m-city\" data-entity=\"city:beijing\" title=\"Beijing (city:beijing)\">بكين</mark>"
    ));
    for class in ["m-city", "m-company", "m-model", "m-product"] {
        assert!(
            ar.contains(&format!("<mark class=\"{class}\" data-entity=")),
            "{class}"
        );
    }
    assert!(ar.contains("href=\"https://github.com/MoonshotAI/Kimi-K2\""));
    assert!(!ar.contains("could not be placed"));
    // Other languages are left to right.
    let en = article(&html, "ai-hubs-en.md");
    assert!(en.contains("<div class=\"text\" lang=\"en\">"));
    assert!(!en.contains("dir=\"rtl\""));
    let zh = article(&html, "ai-hubs-zh.md");
    assert!(
        zh.contains("data-entity=\"city:beijing\" title=\"Beijing (city:beijing)\">北京</mark>")
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
    assert!(html.contains("&lt;script&gt;alert(3)&lt;/script&gt;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
    assert!(html.contains("x&quot;&gt;&lt;svg onload=alert(6)&gt;.md"));
    assert!(!html.contains("href=\"javascript"));
    assert!(!html.contains("href=\"data"));
    assert!(html.contains("<code class=\"url\">javascript:alert(5)</code>"));
    assert!(html.contains("href=\"https://example.com/?a=1&amp;b=2\""));
    assert!(html.contains("data-entity=\"city:beijing\""));
    assert!(html.contains("data-entity=\"company:zhipu-ai\""));
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
    assert!(!html.contains("could not be placed"));
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
    assert!(html.contains("Text is shown for the first 2 of 3 documents"));
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

/// Runs chromium with `args`, stdout to `stdout`, killed after 60 s.
fn chromium(args: &[&str], stdout: &Path) -> bool {
    let out = fs::File::create(stdout).expect("chromium stdout file");
    let mut child = Command::new("/usr/bin/chromium")
        .args(args)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match child.try_wait().expect("wait for chromium") {
            Some(status) => return status.success(),
            None if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("chromium did not finish within 60 s: {args:?}");
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}

/// Common flags for a headless run with a fresh profile and no network chatter.
fn chromium_flags(profile: &Path) -> Vec<String> {
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect()
}

#[test]
fn page_in_headless_chromium() {
    if !have_chromium() {
        return;
    }
    let dir = Workdir::new();
    let sample = samples().join("ai-hubs-ar.md");
    report(&dir, &[sample.to_str().unwrap()], 0);
    let page = format!("file://{}", dir.path("report.html").display());

    // The DOM as the browser built it.
    let profile = dir.path("profile-dom");
    let dom_file = dir.path("dom.html");
    let mut args = chromium_flags(&profile);
    args.extend(["--dump-dom".to_string(), page.clone()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert!(chromium(&args, &dom_file), "chromium --dump-dom failed");
    let dom = fs::read_to_string(&dom_file).expect("dumped DOM");
    assert!(
        dom.contains("<mark class=\"m-city\" data-entity=\"city:beijing\""),
        "{dom}"
    );
    assert!(dom.contains("data-entity=\"company:zhipu-ai\""));
    assert!(dom.contains("<div class=\"text\" dir=\"rtl\" lang=\"ar\">"));
    assert!(!dom.contains("<script"));

    // A screenshot to look at.
    let shots = repo().join("target/report-screenshots");
    fs::create_dir_all(&shots).expect("screenshot folder");
    let png = shots.join("ai-hubs-ar.png");
    let _ = fs::remove_file(&png);
    let mut args = chromium_flags(&dir.path("profile-shot"));
    args.extend([
        format!("--screenshot={}", png.display()),
        "--window-size=1280,2000".to_string(),
        page,
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    chromium(&args, &dir.path("shot.out"));
    let size = fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
    assert!(size > 10 * 1024, "{}: {size} bytes", png.display());
}

#[test]
fn article_markup_stays_inert_in_chromium() {
    if !have_chromium() {
        return;
    }
    let dir = Workdir::new();
    let doc = dir.write(
        "evil.md",
        "---\ntitle: \"<script>document.title='pwned'</script>\"\n---\n\
         Beijing \"><img src=x onerror=\"document.body.innerHTML='pwned'\">\n\n\
         <script>document.body.innerHTML='pwned'</script>\n",
    );
    report(&dir, &[doc.to_str().unwrap()], 0);
    let page = format!("file://{}", dir.path("report.html").display());
    let mut args = chromium_flags(&dir.path("profile"));
    args.extend(["--dump-dom".to_string(), page]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let dom_file = dir.path("dom.html");
    assert!(chromium(&args, &dom_file), "chromium --dump-dom failed");
    let dom = fs::read_to_string(&dom_file).expect("dumped DOM");
    assert!(dom.contains("<title>gazette report</title>"), "{dom}");
    assert!(!dom.contains("<script"));
    assert!(!dom.contains("<img"));
    assert!(dom.contains("data-entity=\"city:beijing\""));
    assert!(dom.contains("&lt;script&gt;document.body.innerHTML='pwned'&lt;/script&gt;"));
}
