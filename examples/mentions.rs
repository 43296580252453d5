//! Prints the mentions of the markdown files given, one line each:
//! `path  start..end  type  id  name  surface`, with the built-in gazetteer.
//!
//!     cargo run --example mentions --no-default-features -- samples/ai-hubs-en.md
//!
//! Uses only the library (no command-line dependencies); folders, output tables
//! and parallel runs are `gazette extract`'s.

use gazette::{Extractor, Input};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let extractor = Extractor::builder().build()?;
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).map_err(|e| format!("{path}: {e}"))?;
        let doc = extractor.extract(Input::bytes(&bytes).path(path.as_str()));
        if let Some(problem) = doc.status.message() {
            eprintln!("{path}: {}: {problem}", doc.status.as_str());
        }
        for m in &doc.mentions {
            let e = m.entity();
            println!(
                "{path}\t{}..{}\t{}\t{}\t{}\t{}",
                m.start, m.end, e.kind, e.id, e.name, m.surface
            );
        }
    }
    Ok(())
}
