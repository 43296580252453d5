//! Integration tests of `gazette gazetteer import-geonames`: the fixture
//! tests/data/geonames-sample.txt (GeoNames dump format, with a CRLF line, comments,
//! a blank line and a malformed line) is imported, the CSV is checked row by row,
//! linted with `gazetteer check`, and used by `extract` with and without the
//! built-in gazetteer.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::PathBuf;
use std::process::Stdio;

use crate::util::{extract_to, gazette, read_csv, repo, Extracted, Row, Workdir};

fn fixture() -> PathBuf {
    repo().join("tests/data/geonames-sample.txt")
}

/// Imports the fixture into `name` in `dir` with extra `args`; returns the rows
/// by id and the stderr.
fn import(dir: &Workdir, name: &str, args: &[&str]) -> (BTreeMap<String, Row>, String) {
    let out = dir.path(name);
    let o = gazette(&["gazetteer", "import-geonames"])
        .arg(fixture())
        .arg("--out")
        .arg(&out)
        .args(args)
        .run()
        .exits(0);
    assert!(o.stdout.is_empty(), "--out writes nothing to stdout");
    let rows = read_csv(&out)
        .into_iter()
        .map(|r| (r["id"].clone(), r))
        .collect();
    (rows, o.stderr)
}

/// Every alias of a row, from every alias column.
fn aliases(row: &Row) -> Vec<String> {
    let mut out = vec![row["name"].clone()];
    for col in [
        "aliases",
        "ar",
        "zh",
        "ja",
        "hi",
        "other",
        "exact",
        "ambiguous",
    ] {
        out.extend(
            row[col]
                .split('|')
                .filter(|a| !a.is_empty())
                .map(String::from),
        );
    }
    out
}

/// (entity id, surface) of every mention, per document file name.
fn mentions(x: &Extracted) -> BTreeMap<String, Vec<(String, String)>> {
    x.mentions_by_file_name()
        .into_iter()
        .map(|(file, ms)| {
            let pairs = ms
                .into_iter()
                .map(|m| (m["entity_id"].clone(), m["surface"].clone()))
                .collect();
            (file, pairs)
        })
        .collect()
}

/// Two small articles: one about the places, one with the same words in ordinary use.
fn write_docs(dir: &Workdir) -> PathBuf {
    let docs = dir.dir("docs");
    fs::write(
        docs.join("places.md"),
        "# Travel notes\n\n\
         Nice is a city on the Riviera. We had a nice day, then flew to PEK and on to \
         北京 and بكين.\n\n\
         مراكش مدينة جميلة، و我去了桂林。\n\n\
         Of is a small port on the Black Sea coast of Turkey.\n",
    )
    .unwrap();
    fs::write(
        docs.join("plain.md"),
        "Of course, March was a nice month. The ZBAA tower and 文化 matter, as does \
         California.\n",
    )
    .unwrap();
    docs
}

#[test]
fn imports_the_fixture_with_filtered_aliases() {
    let dir = Workdir::new();
    let (rows, stderr) = import(&dir, "places.csv", &["--no-default-gazetteer"]);
    let fixture = fixture();
    assert!(
        stderr.contains(&format!(
            "1 malformed line skipped, first at {}:11: 5 tab-separated columns",
            fixture.display()
        )),
        "{stderr}"
    );
    let ids: Vec<&str> = rows.keys().map(String::as_str).collect();
    assert_eq!(
        ids,
        [
            "city:gn1796236",
            "city:gn1809498",
            "city:gn1816670",
            "city:gn2542997",
            "city:gn292968",
            "city:gn2988507",
            "city:gn2990440",
            "city:gn3040051",
            "city:gn740483",
            "city:gn8405734",
        ],
        "no Mont Blanc (class T), no Paris, Texas (Paris, France is bigger), no China, \
         Mexico, no California, Maryland"
    );

    let beijing = &rows["city:gn1816670"];
    assert_eq!(beijing["type"], "city");
    assert_eq!(beijing["name"], "Beijing");
    assert_eq!(beijing["country"], "CN");
    assert_eq!(beijing["geonameid"], "1816670");
    assert_eq!(beijing["population"], "18960744");
    assert_eq!(beijing["latitude"], "39.9075");
    assert_eq!(beijing["longitude"], "116.39723");
    assert_eq!(beijing["feature_code"], "PPLC");
    assert_eq!(beijing["exact"], "Beijing|Pechino|Peking|Pekin");
    assert_eq!(beijing["ar"], "بكين");
    assert_eq!(beijing["zh"], "北京|北京市");
    assert_eq!(beijing["ja"], "ペキン");
    assert_eq!(beijing["hi"], "बीजिंग");
    assert_eq!(beijing["other"], "Пекин|베이징");
    assert_eq!(beijing["aliases"], "", "Latin aliases are exact");

    // The CRLF line is read without its CR.
    assert_eq!(rows["city:gn1796236"]["name"], "Shanghai");
    assert_eq!(rows["city:gn1796236"]["feature_code"], "PPLA");

    let all: Vec<String> = rows.values().flat_map(aliases).collect();
    for junk in [
        "PEK",
        "ZBAA",
        "BJS",
        "1",
        "京",
        "bei jing",
        "https://en.wikipedia.org/wiki/Beijing",
        "Beijing (city)",
        "abudhabi.ae",
        "www.marrakech.ma",
        "lai sai si ka er de-en ge er da",
        "esukarudesu=engorudani jiao qu",
        "エスカルデス＝エンゴルダニ教区",
        "NICE",
        "March",
        "文化",
        "Mexico",
    ] {
        assert!(!all.iter().any(|a| a == junk), "`{junk}` kept: {all:?}");
    }

    // A common English word as a name: ambiguous, confirmed by the country.
    let of = &rows["city:gn740483"];
    assert_eq!(of["ambiguous"], "Of");
    assert_eq!(of["context"], "Turkey|Turkiye");
    assert_eq!(of["exact"], "");
    // A small place keeps its longer aliases only.
    assert_eq!(rows["city:gn8405734"]["zh"], "文化镇");
}

#[test]
fn standard_output_and_the_builtin_gazetteer() {
    let o = gazette(&["gazetteer", "import-geonames"])
        .arg(fixture())
        .arg("-q")
        .run()
        .exits(0);
    assert!(o.stdout.starts_with(
        "id,type,name,aliases,ar,zh,ja,hi,other,exact,ambiguous,context,exclude,country,\
         geonameid,population,latitude,longitude,feature_code\n"
    ));
    // Places the built-in gazetteer has are left out: it is used alongside.
    for (id, kept) in [
        ("city:gn1816670,", false),
        ("city:gn1796236,", false),
        ("city:gn292968,", false),
        ("city:gn2988507,", false),
        ("city:gn2990440,", true),
        ("city:gn2542997,", true),
    ] {
        assert_eq!(o.stdout.contains(id), kept, "{id}\n{}", o.stdout);
    }
    assert!(o.stderr.contains("malformed line"), "-q keeps warnings");
    assert!(!o.stderr.contains("places with"), "-q drops the summary");
}

#[test]
fn output_passes_gazetteer_check() {
    let dir = Workdir::new();
    let alone = dir.path("alone.csv");
    let with_default = dir.path("with-default.csv");
    import(&dir, "alone.csv", &["--no-default-gazetteer"]);
    import(&dir, "with-default.csv", &[]);
    let o = gazette(&["gazetteer", "check", "--no-default-gazetteer"])
        .arg(&alone)
        .run()
        .exits(0);
    assert!(o.stdout.contains("10 entities: 0 errors"), "{}", o.stdout);
    let o = gazette(&["gazetteer", "check"])
        .arg(&with_default)
        .run()
        .exits(0);
    assert!(o.stdout.contains(" 0 errors"), "{}", o.stdout);
}

#[test]
fn extract_uses_the_imported_places() {
    let dir = Workdir::new();
    let docs = write_docs(&dir);

    // With the built-in gazetteer: Beijing is the built-in entity.
    let (_, _) = import(&dir, "with-default.csv", &[]);
    let with_default = dir.path("with-default.csv");
    let x = extract_to(
        &dir.path("out-default"),
        &[&docs],
        &["--gazetteer", with_default.to_str().unwrap(), "-q"],
    )
    .exits(0);
    let m = mentions(&x);
    let places = &m["places.md"];
    let expected = [
        ("city:gn2990440", "Nice"),
        ("city:beijing", "北京"),
        ("city:beijing", "بكين"),
        ("city:gn2542997", "مراكش"),
        ("city:gn1809498", "桂林"),
        ("city:gn740483", "Of"),
    ];
    let got: Vec<(&str, &str)> = places
        .iter()
        .map(|(e, s)| (e.as_str(), s.as_str()))
        .collect();
    assert_eq!(got, expected, "no `nice`, no PEK");
    assert!(m["plain.md"].is_empty(), "{:?}", m["plain.md"]);

    // Alone: the imported Beijing is found by its Arabic and Chinese names.
    import(&dir, "alone.csv", &["--no-default-gazetteer"]);
    let alone = dir.path("alone.csv");
    let x = extract_to(
        &dir.path("out-alone"),
        &[&docs],
        &[
            "--gazetteer",
            alone.to_str().unwrap(),
            "--no-default-gazetteer",
            "-q",
        ],
    )
    .exits(0);
    let m = mentions(&x);
    let got: Vec<(&str, &str)> = m["places.md"]
        .iter()
        .map(|(e, s)| (e.as_str(), s.as_str()))
        .collect();
    let expected = [
        ("city:gn2990440", "Nice"),
        ("city:gn1816670", "北京"),
        ("city:gn1816670", "بكين"),
        ("city:gn2542997", "مراكش"),
        ("city:gn1809498", "桂林"),
        ("city:gn740483", "Of"),
    ];
    assert_eq!(got, expected);
    assert!(m["plain.md"].is_empty(), "{:?}", m["plain.md"]);
    let entities = x.csv("entities");
    let nice = entities
        .iter()
        .find(|e| e["entity_id"] == "city:gn2990440")
        .unwrap();
    assert_eq!(nice["population"], "342669", "attributes reach the outputs");
}

#[test]
fn a_file_that_is_not_geonames_fails_with_exit_1() {
    let dir = Workdir::new();
    let input = dir.write("places.csv", "id,type,name\ncity:x,city,Xland\n");
    let out = dir.path("out.csv");
    let o = gazette(&["gazetteer", "import-geonames"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .run()
        .exits(1);
    assert!(o.stderr.contains("not a GeoNames dump"), "{}", o.stderr);
    assert!(
        o.stderr
            .contains(&format!("{}:1: 1 tab-separated columns", input.display())),
        "{}",
        o.stderr
    );
    assert!(!out.exists(), "nothing written");

    let o = gazette(&["gazetteer", "import-geonames"])
        .arg(dir.path("missing.txt"))
        .run()
        .exits(2);
    assert!(o.stderr.contains("missing.txt"), "{}", o.stderr);
}

#[test]
fn options_select_places_and_out_is_atomic() {
    let dir = Workdir::new();
    let (rows, _) = import(
        &dir,
        "sub/any.csv",
        &[
            "--feature-class",
            "any",
            "--min-population",
            "0",
            "--no-default-gazetteer",
        ],
    );
    assert_eq!(
        rows["place:gn2659086"]["type"], "place",
        "Mont Blanc, class T"
    );
    let (rows, stderr) = import(
        &dir,
        "sub/big.csv",
        &["--min-population", "1000000", "--no-default-gazetteer"],
    );
    assert_eq!(rows.len(), 5, "{stderr}");
    assert!(stderr.contains("below --min-population"), "{stderr}");
    let left: Vec<_> = fs::read_dir(dir.path("sub"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    let mut left = left;
    left.sort();
    assert_eq!(left, ["any.csv", "big.csv"], "no temporary file left");

    gazette(&["gazetteer", "import-geonames"])
        .arg(fixture())
        .args(["--feature-class", "Q"])
        .run()
        .exits(2);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = Workdir::new();
    let mut text = String::new();
    for i in 0..20_000u32 {
        text.push_str(&format!(
            "{}\tTown Number {i}\tTown Number {i}\tVille Numero {i}\t1.5\t2.5\tP\tPPL\tFR\t\t11\t\t\t\t{}\t\t\tEurope/Paris\t2024-01-01\n",
            100 + i,
            10_000 + i
        ));
    }
    let input = dir.write("big.txt", text);
    let mut child = gazette(&["gazetteer", "import-geonames"])
        .arg(&input)
        .command()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut head = [0u8; 64];
    stdout.read_exact(&mut head).unwrap();
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
}

/// `--world-cities` adds the GeoNames cities15000 places in every script; the
/// curated cities keep their ids and are mentioned once; it is opt-in and
/// conflicts with `--no-default-gazetteer`.
#[test]
fn world_cities_are_opt_in_and_yield_to_the_curated_set() {
    let w = Workdir::new();
    let article = w.write(
        "trip.md",
        "---\nlang: en\n---\nFrom Beijing we flew to Rome and Milan, then to Tel Aviv.\n\n\
         ثم زرنا روما. 我们去了珠海和澳门。\n",
    );
    let ids = |args: &[&str]| -> Vec<(String, String)> {
        let out = w.path(&format!("out{}", args.len()));
        let run = extract_to(&out, &[&article], args).exits(0);
        run.csv("mentions")
            .into_iter()
            .map(|m| (m["name"].clone(), m["entity_id"].clone()))
            .collect()
    };
    let curated = ids(&[]);
    assert_eq!(curated, vec![("Beijing".into(), "city:beijing".into())]);
    let world = ids(&["--world-cities"]);
    let names: Vec<&str> = world.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["Beijing", "Rome", "Milan", "Tel Aviv", "Rome", "Zhuhai", "Macau"],
        "{world:?}"
    );
    assert_eq!(world[0].1, "city:beijing", "the curated city keeps its id");
    assert!(
        world[1..].iter().all(|(_, id)| id.starts_with("city:gn")),
        "{world:?}"
    );
    let both = gazette(&["extract"])
        .arg(&article)
        .args([
            "--out",
            "-",
            "--format",
            "jsonl",
            "--world-cities",
            "--no-default-gazetteer",
        ])
        .run()
        .exits(2);
    assert!(
        both.stderr.contains("cannot be used with"),
        "{}",
        both.stderr
    );
    let help = gazette(&["--help"]).run().exits(0);
    assert!(help.stdout.contains("GeoNames") && help.stdout.contains("CC BY 4.0"));
}
