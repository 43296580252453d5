//! Which files `gazette extract` and `gazette report` read, as ripgrep picks
//! them: .gitignore and .ignore files (also outside a git repository), hidden
//! entries and ignored files opt-in, --glob and --exclude, every markdown
//! extension, explicit files read whatever they are; and the messages for a
//! missing path and for a folder with no markdown file.

use std::fs;

use crate::util::{extract_to, gazette, Workdir};

/// A blog as a new user has it: posts, drafts listed in .gitignore, a
/// node_modules folder, an .mdx post, a hidden editor folder.
fn blog(w: &Workdir) -> std::path::PathBuf {
    w.write("blog/.gitignore", "drafts/\nnode_modules/\n");
    w.write("blog/post.md", "Tencent in Shenzhen.\n");
    w.write("blog/post.mdx", "Huawei in Beijing.\n");
    w.write("blog/notes.MARKDOWN", "Beijing.\n");
    w.write("blog/drafts/secret.md", "Alibaba in Hangzhou.\n");
    w.write("blog/node_modules/pkg/README.md", "Tokyo.\n");
    w.write("blog/.obsidian/workspace.md", "Paris.\n");
    w.write("blog/posts/2024/old.md", "DeepSeek in Hangzhou.\n");
    w.path("blog")
}

/// The paths of documents.csv, relative to `prefix`.
fn paths(x: &crate::util::Extracted, prefix: &std::path::Path) -> Vec<String> {
    let prefix = prefix.to_string_lossy().into_owned() + "/";
    x.csv("documents")
        .iter()
        .map(|d| {
            d["path"]
                .strip_prefix(&prefix)
                .unwrap_or(&d["path"])
                .to_string()
        })
        .collect()
}

#[test]
fn a_blog_is_read_as_ripgrep_would_search_it() {
    let w = Workdir::new();
    let blog = blog(&w);
    let x = extract_to(&w.path("out"), &[&blog], &[]).exits(0);
    assert_eq!(
        paths(&x, &blog),
        ["notes.MARKDOWN", "post.md", "post.mdx", "posts/2024/old.md"]
    );
    assert_eq!(x.run.stderr, "");
}

#[test]
fn hidden_and_ignored_files_are_opt_in() {
    let w = Workdir::new();
    let blog = blog(&w);
    let x = extract_to(&w.path("out"), &[&blog], &["--hidden", "--no-ignore"]).exits(0);
    assert_eq!(
        paths(&x, &blog),
        [
            ".obsidian/workspace.md",
            "drafts/secret.md",
            "node_modules/pkg/README.md",
            "notes.MARKDOWN",
            "post.md",
            "post.mdx",
            "posts/2024/old.md"
        ]
    );
    let x = extract_to(&w.path("out"), &[&blog], &["--hidden"]).exits(0);
    assert!(paths(&x, &blog).contains(&".obsidian/workspace.md".to_string()));
    assert!(!paths(&x, &blog).contains(&"drafts/secret.md".to_string()));
}

#[test]
fn globs_include_and_exclude() {
    let w = Workdir::new();
    let blog = blog(&w);
    let x = extract_to(&w.path("out"), &[&blog], &["--glob", "*.md"]).exits(0);
    // As in ripgrep, `*.md` matches no folder, so ignored folders stay skipped.
    assert_eq!(paths(&x, &blog), ["post.md", "posts/2024/old.md"]);
    let x = extract_to(
        &w.path("out"),
        &[&blog],
        &["--exclude", "posts/", "-g", "!*.mdx"],
    )
    .exits(0);
    assert_eq!(paths(&x, &blog), ["notes.MARKDOWN", "post.md"]);
    let bad = extract_to(&w.path("out2"), &[&blog], &["--glob", "a{b"]).exits(2);
    assert!(bad.run.stderr.contains("--glob a{b"), "{}", bad.run.stderr);
    assert!(!w.path("out2").exists(), "a usage error writes no folder");
}

#[test]
fn explicit_files_are_read_even_when_ignored() {
    let w = Workdir::new();
    let blog = blog(&w);
    let inputs = [blog.join("drafts/secret.md"), blog.join(".gitignore")];
    let x = extract_to(&w.path("out"), &inputs, &[]).exits(0);
    let docs = x.csv("documents");
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["path"], inputs[0].to_string_lossy());
    assert_eq!(docs[0]["status"], "ok");
}

#[test]
fn a_path_that_does_not_exist_is_a_usage_error_alone() {
    let w = Workdir::new();
    let x = extract_to(&w.path("out"), &[w.path("nope")], &[]).exits(2);
    assert!(
        x.run.stderr.contains("nope: no such file or folder"),
        "{}",
        x.run.stderr
    );
    assert!(!w.path("out").exists());
    // Beside a path that exists it is an error row, as before.
    let blog = blog(&w);
    let x = extract_to(&w.path("out"), &[w.path("nope"), blog], &[]).exits(1);
    let docs = x.csv("documents");
    assert_eq!(docs[0]["status"], "error");
    assert_eq!(docs.len(), 5);
}

#[test]
fn a_folder_without_markdown_warns_and_exits_0_with_empty_tables() {
    let w = Workdir::new();
    let dir = w.dir("empty");
    w.write("empty/readme.txt", "Beijing");
    let x = extract_to(&w.path("out"), &[&dir], &[]).exits(0);
    assert!(x.csv("documents").is_empty());
    assert_eq!(
        x.run.stderr.trim_end(),
        format!(
            "gazette: no markdown files found in {} (see --hidden, --no-ignore, --glob)",
            dir.display()
        )
    );
    let quiet = extract_to(&w.path("out"), &[&dir], &["-q"]).exits(0);
    assert_eq!(quiet.run.stderr, "");
}

#[test]
fn report_picks_the_same_files() {
    let w = Workdir::new();
    let blog = blog(&w);
    let page = w.path("r.html");
    let o = gazette(&["report"])
        .arg(&blog)
        .args(["--out"])
        .arg(&page)
        .args(["--exclude", "posts"])
        .run()
        .exits(0);
    assert_eq!(o.stderr, "");
    let html = fs::read_to_string(&page).expect("report page");
    assert!(html.contains("post.mdx"), "the .mdx post is on the page");
    for left_out in ["secret.md", "README.md", "workspace.md", "old.md"] {
        assert!(!html.contains(left_out), "{left_out} is on the page");
    }
    let o = gazette(&["report"])
        .arg(w.path("nope"))
        .arg("--out")
        .arg(w.path("r2.html"))
        .run()
        .exits(2);
    assert!(
        o.stderr.contains("nope: no such file or folder"),
        "{}",
        o.stderr
    );
    let empty = w.dir("empty");
    let o = gazette(&["report"])
        .arg(&empty)
        .arg("--out")
        .arg(w.path("r3.html"))
        .run()
        .exits(0);
    assert!(
        o.stderr.contains("no markdown files found in"),
        "{}",
        o.stderr
    );
}
