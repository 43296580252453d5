//! The Spark recipe (examples/spark/gazette_spark.py) in Spark's local mode over
//! samples/, compared with the direct CLI. Skips with a message where Java or
//! pyspark is missing.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::util::{extract_to, read_csv, repo, samples, skip, Workdir};

fn available() -> bool {
    let java = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    let pyspark = Command::new("python3")
        .args(["-c", "import pyspark"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !(java && pyspark) {
        skip(&format!(
            "java or pyspark not found (java: {java}, pyspark: {pyspark})"
        ));
    }
    java && pyspark
}

#[test]
fn spark_local_run_matches_the_cli() {
    if !available() {
        return;
    }
    let samples = samples();
    let w = Workdir::new();
    let spark_out = w.path("spark");
    let started = std::time::Instant::now();
    let o = Command::new("python3")
        .arg(repo().join("examples/spark/gazette_spark.py"))
        .args(["--binary", env!("CARGO_BIN_EXE_gazette")])
        .args(["--input", samples.to_str().unwrap()])
        .args(["--output", spark_out.to_str().unwrap()])
        .args(["--master", "local[2]"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    eprintln!(
        "spark local[2] run: {:.1}s",
        started.elapsed().as_secs_f64()
    );
    let part = std::fs::read_dir(&spark_out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .expect("a CSV part file");
    let spark: BTreeSet<(String, String, String, String)> = read_csv(&part)
        .into_iter()
        .filter(|r| !r["entity_id"].is_empty())
        .map(|r| {
            (
                r["path"].clone(),
                r["entity_id"].clone(),
                r["start"].clone(),
                r["end"].clone(),
            )
        })
        .collect();

    let x = extract_to(&w.path("cli"), &[&samples], &[]).exits(0);
    let mut cli: BTreeSet<(String, String, String, String)> = BTreeSet::new();
    for (path, mentions) in x.mentions_by_path() {
        let rel = Path::new(&path)
            .strip_prefix(&samples)
            .unwrap()
            .display()
            .to_string();
        cli.extend(mentions.into_iter().map(|m| {
            (
                rel.clone(),
                m["entity_id"].clone(),
                m["start"].clone(),
                m["end"].clone(),
            )
        }));
    }
    assert!(!cli.is_empty());
    assert_eq!(spark, cli);
}
