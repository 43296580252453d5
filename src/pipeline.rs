//! The pipeline: sources in, documents out, in parallel and in input order.
//!
//! Workers (rayon) read and extract documents a batch at a time; the calling
//! thread hands each finished batch to the sinks in input order while the next
//! batch is extracted, so the output bytes never depend on the number of threads
//! and memory stays bounded by a few batches. It does not parse
//! arguments or choose formats.

use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::discover::{io_message, Source};
use crate::document::{Document, Extractor, Status};
use crate::error::{Error, Result};

/// How many documents are in flight at once, per worker thread.
const BATCH_PER_THREAD: usize = 32;

/// Counts over a finished run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Input files seen.
    pub documents: usize,
    /// Documents with status ok.
    pub ok: usize,
    /// Documents with status error.
    pub failed: usize,
    /// Mentions written.
    pub mentions: usize,
    /// Links written.
    pub links: usize,
    /// Bytes of input read.
    pub bytes: u64,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// The most mentioned entities: (canonical name, mentions), most first.
    pub top_entities: Vec<(String, usize)>,
    /// The failed documents: (path, error).
    pub failures: Vec<(String, String)>,
}

/// The default largest file that is read (16 MiB).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// Reads a file of at most `max` bytes without reading more than `max + 1`.
fn read_limited(path: &std::path::Path, max: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {}", io_message(&e)))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > max {
        return Err(format!(
            "file is {len} bytes, larger than --max-file-size ({max} bytes); not read"
        ));
    }
    let mut bytes = Vec::with_capacity(len as usize + 1);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {}", io_message(&e)))?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "file grew past --max-file-size ({max} bytes) while being read; not read"
        ));
    }
    Ok(bytes)
}

impl Summary {
    /// Counts one finished document.
    pub(crate) fn add(&mut self, doc: &Document) {
        self.documents += 1;
        match doc.status {
            Status::Ok => self.ok += 1,
            Status::Error => {
                self.failed += 1;
                let error = doc.error.clone().unwrap_or_default();
                self.failures.push((doc.path.clone(), error));
            }
        }
        self.mentions += doc.mentions.len();
        self.links += doc.links.len();
        self.bytes += doc.bytes;
    }
}

/// Reads one source and extracts it (never fails: errors become the row).
pub fn process(extractor: &Extractor, doc_id: usize, source: &Source, max_size: u64) -> Document {
    process_with(extractor, doc_id, source, max_size, false)
}

/// [`process`], keeping the decoded text in the document when `keep_text`.
fn process_with(
    extractor: &Extractor,
    doc_id: usize,
    source: &Source,
    max_size: u64,
    keep_text: bool,
) -> Document {
    if let Some(err) = &source.error {
        return Document::failed(doc_id, source.display.clone(), 0, err.clone());
    }
    match read_limited(&source.path, max_size) {
        Ok(bytes) if keep_text => {
            extractor.extract_bytes_keeping_text(doc_id, source.display.clone(), &bytes)
        }
        Ok(bytes) => extractor.extract_bytes(doc_id, source.display.clone(), &bytes),
        Err(e) => {
            let size = std::fs::metadata(&source.path).map_or(0, |m| m.len());
            Document::failed(doc_id, source.display.clone(), size, e)
        }
    }
}

/// How to run the documents.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    /// Worker threads (0: RAYON_NUM_THREADS when set, else all cores).
    pub jobs: usize,
    /// Files larger than this are error rows, never read.
    pub max_file_size: u64,
    /// Keep each document's decoded text in [`Document::text`] (the review
    /// page shows it; extraction leaves it off to save memory).
    pub keep_text: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            jobs: 0,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            keep_text: false,
        }
    }
}

/// Runs the extractor over `sources`, handing every document to `on_document` in
/// input order. An error from `on_document` stops the run.
pub fn run(
    sources: &[Source],
    extractor: &Extractor,
    options: RunOptions,
    mut on_document: impl FnMut(&Document) -> Result<()>,
) -> Result<Summary> {
    let jobs = options.jobs;
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Error::usage(format!("cannot start {jobs} worker threads: {e}")))?;
    let batch = pool.current_num_threads().max(1) * BATCH_PER_THREAD;
    let mut summary = Summary::default();
    // Workers extract batch N+1 while this thread writes batch N; the channel
    // holds one batch, so at most three batches are in memory at once.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Document>>(1);
    std::thread::scope(|scope| -> Result<()> {
        scope.spawn(move || {
            for chunk in sources.chunks(batch) {
                let docs: Vec<Document> = pool.install(|| {
                    chunk
                        .par_iter()
                        .map(|s| {
                            process_with(
                                extractor,
                                s.id,
                                s,
                                options.max_file_size,
                                options.keep_text,
                            )
                        })
                        .collect()
                });
                if tx.send(docs).is_err() {
                    break;
                }
            }
        });
        for docs in rx {
            for doc in &docs {
                on_document(doc)?;
                summary.add(doc);
            }
        }
        Ok(())
    })?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}
