//! The pipeline: sources in, documents out, in parallel and in input order.
//!
//! Workers (rayon) read and extract documents a batch at a time; the calling
//! thread hands each finished batch to the sinks in input order while the next
//! batch is extracted, so the output bytes never depend on the number of threads
//! and memory stays bounded by a few batches. It does not parse
//! arguments or choose formats.

use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::discover::{io_message, special_kind, Source};
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
    /// The gazetteer's load warnings (`FILE:LINE: warning: ...`, see
    /// [`crate::Gazetteer::warnings`]).
    pub gazetteer_warnings: Vec<String>,
}

/// The default largest file that is read (16 MiB).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// The first block of a file, read (and checked for NUL bytes) before the rest.
const HEAD_BLOCK: usize = 8 * 1024;
/// The blocks the rest of a file is read in, each checked for NUL bytes.
const READ_BLOCK: usize = 64 * 1024;

/// Reads a regular file of at most `max` bytes without reading more than
/// `max + 1`, nor past its first NUL character.
///
/// FIFOs, sockets and devices are refused before they are opened (a FIFO with
/// no writer would block forever, `/dev/zero` never ends); the file is opened
/// with `O_NONBLOCK` and its type checked again on the handle, in case it was
/// replaced in between. A binary file (or a sparse one: its holes read as NUL
/// bytes) is refused at the block where its first NUL stands, with the same
/// message as the decoder's, not after reading it whole.
fn read_limited(path: &std::path::Path, max: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let cannot = |e: std::io::Error| format!("cannot read: {}", io_message(&e));
    let check = |meta: &std::fs::Metadata| -> Result<(), String> {
        if let Some(kind) = special_kind(&meta.file_type()) {
            return Err(format!("not a regular file ({kind}); not read"));
        }
        if meta.len() > max {
            return Err(format!(
                "file is {} bytes, larger than --max-file-size ({max} bytes); not read",
                meta.len()
            ));
        }
        Ok(())
    };
    check(&std::fs::metadata(path).map_err(cannot)?)?;
    let file = open_nonblocking(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    check(&meta)?;
    // Only the first block is allocated before it is known to be text.
    let len = usize::try_from(meta.len()).unwrap_or(usize::MAX);
    let mut bytes = Vec::with_capacity(len.min(HEAD_BLOCK) + 1);
    let mut reader = file.take(max + 1);
    let mut read_block = |bytes: &mut Vec<u8>, n: usize| -> Result<bool, String> {
        let got = (&mut reader)
            .take(n as u64)
            .read_to_end(bytes)
            .map_err(cannot)?;
        Ok(got == n)
    };
    let mut more = read_block(&mut bytes, HEAD_BLOCK)?;
    let width = crate::decode::unit_width(&bytes);
    let mut scanned = 0;
    loop {
        if let Some(offset) = crate::decode::find_nul(&bytes, scanned, width) {
            return Err(crate::decode::DecodeError::Binary { offset }.to_string());
        }
        if !more {
            break;
        }
        if scanned == 0 {
            bytes.reserve(len.saturating_sub(bytes.len()).saturating_add(1));
        }
        scanned = bytes.len();
        more = read_block(&mut bytes, READ_BLOCK)?;
    }
    if bytes.len() as u64 > max {
        return Err(format!(
            "file grew past --max-file-size ({max} bytes) while being read; not read"
        ));
    }
    Ok(bytes)
}

/// Opens a file for reading without blocking on a FIFO or a device (a belt to
/// the type check before: on Unix, `O_NONBLOCK`; regular files ignore it).
#[cfg(unix)]
fn open_nonblocking(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

/// Opens a file for reading.
#[cfg(not(unix))]
fn open_nonblocking(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

impl Summary {
    /// Counts one finished document.
    pub(crate) fn add(&mut self, doc: &Document) {
        self.documents += 1;
        match &doc.status {
            Status::Ok => self.ok += 1,
            Status::Warning(warning) => {
                self.ok += 1;
                self.warnings += 1;
                self.failures
                    .push((doc.path.clone(), format!("warning: {warning}")));
            }
            Status::Error(error) => {
                self.failed += 1;
                self.failures.push((doc.path.clone(), error.clone()));
            }
        }
        self.mentions += doc.mentions.len();
        self.links += doc.links.len();
        self.bytes += doc.bytes;
    }
}

/// Reads one source and extracts it (never fails: errors become the row),
/// keeping the decoded text in the document when `keep_text`.
fn process(
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
    on_document: impl FnMut(&mut Document) -> Result<()>,
) -> Result<Summary> {
    let mut rest = sources.iter();
    drive(
        options.jobs,
        |threads| threads * BATCH_PER_THREAD,
        |n| Ok(rest.by_ref().take(n).collect()),
        true,
        |s: &Source| {
            contain_panic(s.id, &s.display, || {
                process(extractor, s.id, s, options.max_file_size, options.keep_text)
            })
        },
        on_document,
        || Ok(()),
    )
    .map(|mut summary| {
        summary.gazetteer_warnings = extractor.matcher().gazetteer().warnings().to_vec();
        summary
    })
}

/// Runs `extract` for document `doc_id`; a panic in it (a bug of gazette, never
/// an expected outcome) becomes that document's error row instead of ending
/// the batch. The panic message is printed on stderr by the panic hook as usual.
pub(crate) fn contain_panic(
    doc_id: usize,
    path: &str,
    extract: impl FnOnce() -> Document,
) -> Document {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(extract)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Document::failed(
            doc_id,
            path.to_string(),
            0,
            format!("internal error, please report it: {what}"),
        )
    })
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
    mut on_document: impl FnMut(&mut Document) -> Result<()>,
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
            let Ok(mut docs) = done.recv() else { break };
            in_flight -= 1;
            for doc in &mut docs {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};
    use std::time::Duration;

    /// `read_limited(path, max)` in a thread, failing the test when it takes
    /// longer than 10 seconds (a FIFO without a writer would block forever).
    fn read_within_deadline(path: &Path, max: u64) -> Result<Vec<u8>, String> {
        let (tx, rx) = std::sync::mpsc::channel();
        let path: PathBuf = path.to_path_buf();
        std::thread::spawn(move || {
            let _ = tx.send(read_limited(&path, max));
        });
        rx.recv_timeout(Duration::from_secs(10))
            .expect("read_limited did not return within 10 s")
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_devices_are_refused_without_reading() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("p.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let e = read_within_deadline(&fifo, 1 << 20).unwrap_err();
            assert_eq!(e, "not a regular file (FIFO); not read");
        }
        let zero = dir.path().join("z.md");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let e = read_within_deadline(&zero, 1 << 20).unwrap_err();
        assert_eq!(e, "not a regular file (character device); not read");
        let e = read_within_deadline(dir.path(), 1 << 20).unwrap_err();
        assert_eq!(e, "not a regular file (folder); not read");
    }

    #[test]
    fn binary_and_sparse_files_are_refused_at_their_first_nul_block() {
        let dir = tempfile::tempdir().unwrap();
        // 64 MiB of holes: refused after its first block, not read whole.
        let sparse = dir.path().join("sparse.md");
        let f = std::fs::File::create(&sparse).unwrap();
        if f.set_len(64 << 20).is_ok() {
            let e = read_within_deadline(&sparse, 128 << 20).unwrap_err();
            assert_eq!(e, "binary file (NUL byte at offset 0), not text");
        }
        // Text, then a NUL far in: the offset is the file's.
        let mut bytes = b"Beijing ".repeat(20_000);
        bytes[100_003] = 0;
        let bin = dir.path().join("bin.md");
        std::fs::write(&bin, &bytes).unwrap();
        let e = read_within_deadline(&bin, 1 << 20).unwrap_err();
        assert_eq!(e, "binary file (NUL byte at offset 100003), not text");
        // UTF-16 text has NUL bytes but no NUL unit.
        let mut le = vec![0xFF, 0xFE];
        le.extend(
            "Tencent "
                .repeat(10_000)
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        std::fs::write(&bin, &le).unwrap();
        assert_eq!(read_within_deadline(&bin, 1 << 20).unwrap(), le);
        // Plain text is read whole; too big is refused.
        std::fs::write(&bin, "Beijing".repeat(20_000)).unwrap();
        assert_eq!(read_within_deadline(&bin, 1 << 20).unwrap().len(), 140_000);
        let e = read_within_deadline(&bin, 1000).unwrap_err();
        assert!(
            e.contains("larger than --max-file-size (1000 bytes)"),
            "{e}"
        );
    }

    #[test]
    fn a_stray_byte_keeps_the_mentions_with_a_warning() {
        let m = crate::Matcher::new(crate::Gazetteer::default_embedded().unwrap()).unwrap();
        let e = Extractor::new(std::sync::Arc::new(m));
        let text = "في مدينة بكين تعمل شركة تنسنت وشركة هواوي في شنجن.\n".repeat(10);
        let clean = e.extract_bytes(1, "a.md".into(), text.as_bytes());
        assert_eq!(clean.mentions.len(), 40);
        let mut bytes = text.into_bytes();
        bytes.insert(0, 0xFF);
        let doc = e.extract_bytes(1, "a.md".into(), &bytes);
        assert_eq!(doc.status.as_str(), "warning");
        assert_eq!(doc.encoding, "utf-8-repaired");
        assert_eq!(
            doc.status.message(),
            Some("1 invalid UTF-8 sequence replaced, at byte 0")
        );
        assert_eq!(doc.mentions.len(), 40);
        let mut summary = Summary::default();
        summary.add(&doc);
        assert_eq!((summary.ok, summary.failed), (1, 0));
    }

    #[test]
    fn a_panic_while_extracting_is_that_documents_error_row() {
        let doc = contain_panic(3, "x.md", || panic!("boom"));
        assert_eq!(doc.doc_id, 3);
        assert_eq!(doc.path, "x.md");
        assert_eq!(
            doc.status.message(),
            Some("internal error, please report it: boom")
        );
    }
}
