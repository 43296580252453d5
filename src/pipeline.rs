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
    /// Documents read: status ok or warning.
    pub ok: usize,
    /// Of those, documents with status warning.
    pub warnings: usize,
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
    /// The failed documents: (path, error); and the documents with a warning,
    /// their message starting with `warning: `.
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
            Status::Warning => {
                self.ok += 1;
                self.warnings += 1;
                let error = doc.error.clone().unwrap_or_default();
                self.failures
                    .push((doc.path.clone(), format!("warning: {error}")));
            }
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
    on_document: impl FnMut(&Document) -> Result<()>,
) -> Result<Summary> {
    let mut rest = sources.iter();
    drive(
        options.jobs,
        |threads| threads * BATCH_PER_THREAD,
        |n| Ok(rest.by_ref().take(n).collect()),
        true,
        |s: &Source| process_with(extractor, s.id, s, options.max_file_size, options.keep_text),
        on_document,
        || Ok(()),
    )
}

/// The one ordered parallel driver, for files and for JSON Lines alike.
///
/// The calling thread asks `next(n)` for up to `n` items (an empty batch ends the
/// run), hands each batch to the worker pool, where `work` turns every item into
/// a document, and gives the documents of each finished batch to `on_document`
/// in input order, then calls `after_batch` (to flush a stream). With
/// `read_ahead`, batch N+1 is read and extracted while batch N is written (at
/// most three batches in memory); without it (a stream whose writer may wait for
/// our answer) each batch is written before the next is read. `batch_size` gives `n` from the number of worker threads. An
/// error from `next`, `on_document` or `after_batch` stops the run.
pub(crate) fn drive<T: Send>(
    jobs: usize,
    batch_size: impl FnOnce(usize) -> usize,
    mut next: impl FnMut(usize) -> Result<Vec<T>>,
    read_ahead: bool,
    work: impl Fn(T) -> Document + Sync,
    mut on_document: impl FnMut(&Document) -> Result<()>,
    mut after_batch: impl FnMut() -> Result<()>,
) -> Result<Summary> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Error::usage(format!("cannot start {jobs} worker threads: {e}")))?;
    let batch = batch_size(pool.current_num_threads().max(1)).max(1);
    let mut summary = Summary::default();
    // One batch waits in each channel while one is extracted and one written.
    let (to_work, work_rx) = std::sync::mpsc::sync_channel::<Vec<T>>(1);
    let (done_tx, done) = std::sync::mpsc::sync_channel::<Vec<Document>>(1);
    std::thread::scope(|scope| -> Result<()> {
        // Both channel ends the caller holds live in this closure: when it
        // returns, early or not, the worker sees them closed and stops.
        let (to_work, done) = (to_work, done);
        let work = &work;
        let pool = &pool;
        scope.spawn(move || {
            for items in work_rx {
                let docs: Vec<Document> =
                    pool.install(|| items.into_par_iter().map(work).collect());
                if done_tx.send(docs).is_err() {
                    break;
                }
            }
        });
        let mut in_flight = 0usize;
        let mut input_done = false;
        loop {
            if !input_done && in_flight < if read_ahead { 2 } else { 1 } {
                let items = next(batch)?;
                if items.is_empty() {
                    input_done = true;
                } else {
                    if to_work.send(items).is_err() {
                        break;
                    }
                    in_flight += 1;
                    continue;
                }
            }
            if in_flight == 0 {
                break;
            }
            let Ok(docs) = done.recv() else { break };
            in_flight -= 1;
            for doc in &docs {
                on_document(doc)?;
                summary.add(doc);
            }
            after_batch()?;
        }
        Ok(())
    })?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}
