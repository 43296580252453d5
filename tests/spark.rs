//! The Spark recipe (examples/spark/gazette_spark.py) in Spark's local mode over
//! samples/, compared with the direct CLI. Skips with a message where Java or
//! pyspark is missing.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::util::{read_csv, run, Workdir};

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
        eprintln!("SKIP: Spark test needs java and pyspark (java: {java}, pyspark: {pyspark})");
    }
    java && pyspark
}

#[test]
fn spark_local_run_matches_the_cli() {
    if !available() {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let samples = root.join("samples");
    let w = Workdir::new();
    let spark_out = w.path("spark");
    let started = std::time::Instant::now();
    let o = Command::new("python3")
        .arg(root.join("examples/spark/gazette_spark.py"))
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

    let cli_out = w.path("cli");
    let r = run(&[
        "extract",
        samples.to_str().unwrap(),
        "--out",
        cli_out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let docs = read_csv(&cli_out.join("documents.csv"));
    let rel = |id: &str| {
        let p = &docs.iter().find(|d| d["doc_id"] == id).unwrap()["path"];
        Path::new(p)
            .strip_prefix(&samples)
            .unwrap()
            .display()
            .to_string()
    };
    let cli: BTreeSet<(String, String, String, String)> = read_csv(&cli_out.join("mentions.csv"))
        .into_iter()
        .map(|m| {
            (
                rel(&m["doc_id"]),
                m["entity_id"].clone(),
                m["start"].clone(),
                m["end"].clone(),
            )
        })
        .collect();
    assert!(!cli.is_empty());
    assert_eq!(spark, cli);
}
