#!/usr/bin/env python3
"""Run gazette over a folder of markdown articles with Apache Spark.

Each article becomes one JSON line {"path", "text"}; Spark pipes the lines of
every partition through `gazette extract --stdin-jsonl` (the binary, with its
embedded gazetteer, is shipped to the executors with SparkContext.addFile) and
the JSON results are flattened into a mentions table written as CSV.

Local run (what the test does):
    python3 examples/spark/gazette_spark.py --binary target/release/gazette \
        --input samples --output /tmp/spark-out --master 'local[2]'

On a cluster, submit it with spark-submit and point --input/--output at your
storage (s3a://, hdfs://, ...); see the README section "Apache Spark".
"""
import argparse
import json
import os

from pyspark import SparkFiles
from pyspark.sql import SparkSession

COLUMNS = ["path", "doc_status", "entity_id", "type", "name", "surface",
           "start", "end", "line", "field"]


def to_request(pair, root):
    """(file URI, text) -> one JSON request line with a path relative to root."""
    uri, text = pair
    path = uri.split(":", 1)[1] if uri.startswith("file:") else uri
    rel = os.path.relpath(path, root) if path.startswith(root) else path
    return json.dumps({"path": rel, "text": text}, ensure_ascii=False)


def to_rows(line):
    """One gazette result line -> mention rows (one row with no mention for a
    document without any, so that failed documents stay visible)."""
    doc = json.loads(line)
    mentions = doc.get("mentions") or []
    if not mentions:
        return [[doc["path"], doc["status"], "", "", "", "", "", "", "", ""]]
    return [[doc["path"], doc["status"], m["entity_id"], m["type"], m["name"],
             m["surface"], str(m["start"]), str(m["end"]), str(m["line"]), m["field"]]
            for m in mentions]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", required=True, help="path to the gazette binary")
    ap.add_argument("--input", required=True, help="folder of markdown files")
    ap.add_argument("--output", required=True, help="output folder for mentions CSV")
    ap.add_argument("--master", default=None, help="e.g. local[2]; default: from spark-submit")
    ap.add_argument("--partitions", type=int, default=4)
    args = ap.parse_args()

    builder = SparkSession.builder.appName("gazette")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.addFile(os.path.abspath(args.binary))
    binary = SparkFiles.get(os.path.basename(args.binary))

    root = os.path.abspath(args.input)
    sc._jsc.hadoopConfiguration().set(
        "mapreduce.input.fileinputformat.input.dir.recursive", "true")
    files = sc.wholeTextFiles(root, args.partitions).filter(
        lambda pair: pair[0].lower().endswith((".md", ".markdown")))
    requests = files.map(lambda pair: to_request(pair, root)).sortBy(lambda s: s)
    results = requests.pipe(f"{binary} extract --stdin-jsonl --jobs 1")
    rows = results.flatMap(to_rows)
    df = spark.createDataFrame(rows, COLUMNS)
    df.coalesce(1).write.mode("overwrite").option("header", True).csv(args.output)
    spark.stop()


if __name__ == "__main__":
    main()
