//! gazette.xlsx: one workbook with a sheet per table (Documents, Mentions, Links,
//! Facts, Entities, Translations), header row frozen, autofilter on, column
//! widths set for reading, written in constant memory.
//!
//! It stays within Excel's limits: a cell holds at most 32,767 characters
//! (UTF-16 code units, as Excel counts them: a character outside the BMP counts
//! two) and a sheet at most 1,048,576 rows; longer cells are cut and rows past the
//! limit are left out, and everything cut is listed on a Notes sheet and on
//! stderr. Text cells that would start a formula are written as text (never as
//! formulas); fractions hold the three decimals of the CSV cell. The rows and
//! the type of each cell come from [`super::rows`].
//!
//! Every write error is an [`Error`] naming gazette.xlsx: rust_xlsxwriter
//! panics on some I/O errors of its constant-memory temporary files (its XML
//! writes `expect` success, and so does a rewind before saving), so every call
//! into the workbook runs under `catch_unwind` ([`guarded`]), and a caught panic
//! retires the workbook. The workbook's creation time is fixed (1980-01-01), so
//! that two runs over the same files write the same bytes. It does not decide
//! what is extracted.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::rows::{Cell, DocTable, Table};
use super::summary::Aggregates;
use super::{AtomicFile, Flushed, Sink};
use crate::document::Document;
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;

/// Excel's largest number of characters (UTF-16 code units) in a cell.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Excel's largest number of rows in a sheet (the header included).
pub const MAX_ROWS: u32 = 1_048_576;

/// What follows the count in the note on cells cut to [`MAX_CELL_CHARS`].
const CUT_NOTE: &str = " cells longer than ";
/// What follows the count in the note on rows left out past [`MAX_ROWS`].
const DROPPED_NOTE: &str = " rows of ";

/// A note of the Notes sheet, read back (merge reads the shards' notes).
#[cfg(feature = "xlsx")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    /// This many cells were cut.
    Cut(usize),
    /// This many rows of a sheet were left out.
    Dropped(usize),
}

/// Reads a note the Notes sheet holds; `None` for any other text.
#[cfg(feature = "xlsx")]
pub fn read_note(note: &str) -> Option<Note> {
    let digits = note.bytes().take_while(u8::is_ascii_digit).count();
    let n = note[..digits].parse().ok()?;
    let rest = &note[digits..];
    if rest.starts_with(CUT_NOTE) {
        Some(Note::Cut(n))
    } else if rest.starts_with(DROPPED_NOTE) {
        Some(Note::Dropped(n))
    } else {
        None
    }
}

/// Writes gazette.xlsx into a folder.
pub struct XlsxSink {
    workbook: Workbook,
    path: PathBuf,
    dir: PathBuf,
    /// Set once rust_xlsxwriter panicked: the workbook is not touched again.
    broken: bool,
    /// Next row per per-document sheet.
    rows: Vec<u32>,
    aggregates: Aggregates,
    truncated_cells: usize,
    dropped_rows: Vec<usize>,
}

fn xlsx_err(path: &Path, e: XlsxError) -> Error {
    Error::output(path, std::io::Error::other(e.to_string()))
}

/// Runs `f`, turning a panic inside it (rust_xlsxwriter's, on an I/O error of its
/// temporary files) into an error naming `path`.
fn guarded<T>(path: &Path, f: impl FnOnce() -> Result<T>) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let what = (payload.downcast_ref::<String>().map(String::as_str))
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("unknown error");
        Err(Error::output(
            path,
            std::io::Error::other(format!("rust_xlsxwriter panicked: {what}")),
        ))
    })
}

/// The fixed creation time of every workbook (docProps/core.xml).
fn properties() -> std::result::Result<DocProperties, XlsxError> {
    Ok(DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(1980, 1, 1)?))
}

/// `text` cut to [`MAX_CELL_CHARS`] UTF-16 code units on a character boundary;
/// `None` when it fits.
fn cut_to_cell(text: &str) -> Option<&str> {
    // A UTF-16 code unit takes at least one UTF-8 byte.
    if text.len() <= MAX_CELL_CHARS {
        return None;
    }
    let mut units = 0;
    for (i, c) in text.char_indices() {
        units += c.len_utf16();
        if units > MAX_CELL_CHARS {
            return Some(&text[..i]);
        }
    }
    None
}

/// A readable width (in characters) for a column, from its name.
fn width_of(column: &str) -> f64 {
    match column {
        "path" | "url" | "evidence" | "title" | "error" | "text" => 50.0,
        "surface" | "name" | "subject" | "object" | "scripts" | "entity_id" | "subject_id"
        | "object_id" | "group" | "family" | "variant" | "domain" => 22.0,
        _ => (column.len() as f64 + 3.0).max(8.0),
    }
}

impl XlsxSink {
    /// Creates the workbook; it is saved into `dir` by `finish`.
    pub fn create(dir: &Path) -> Result<Self> {
        let path = dir.join("gazette.xlsx");
        let workbook = guarded(&path, || Self::workbook(dir, &path))?;
        Ok(XlsxSink {
            workbook,
            path,
            dir: dir.to_path_buf(),
            broken: false,
            rows: vec![1; DocTable::ALL.len()],
            aggregates: Aggregates::default(),
            truncated_cells: 0,
            dropped_rows: vec![0; DocTable::ALL.len()],
        })
    }

    fn workbook(dir: &Path, path: &Path) -> Result<Workbook> {
        let mut workbook = Workbook::new();
        workbook.set_properties(&properties().map_err(|e| xlsx_err(path, e))?);
        workbook.set_tempdir(dir).map_err(|e| xlsx_err(path, e))?;
        let bold = Format::new().set_bold();
        for table in DocTable::ALL {
            let sheet = workbook
                .add_worksheet_with_constant_memory()
                .map_err(|e| xlsx_err(path, e))?;
            sheet
                .set_name(table.sheet_name())
                .map_err(|e| xlsx_err(path, e))?;
            for (c, col) in table.header().iter().enumerate() {
                sheet
                    .set_column_width(c as u16, width_of(col))
                    .map_err(|e| xlsx_err(path, e))?;
                sheet
                    .write_string_with_format(0, c as u16, *col, &bold)
                    .map_err(|e| xlsx_err(path, e))?;
            }
            sheet
                .set_freeze_panes(1, 0)
                .map_err(|e| xlsx_err(path, e))?;
        }
        Ok(workbook)
    }

    /// Runs `f` on the sink under [`guarded`]; after a panic, and ever after,
    /// an error.
    fn guard<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        if self.broken {
            return Err(Error::output(
                &path,
                std::io::Error::other("the workbook failed earlier"),
            ));
        }
        let mut ok = false;
        let result = guarded(&path, || {
            let r = f(self);
            ok = true;
            r
        });
        self.broken = !ok;
        result
    }

    /// Writes one row of a per-document sheet, counting what is cut or left out.
    fn row(&mut self, sheet: usize, cells: &[Cell<'_>]) -> Result<()> {
        let r = self.rows[sheet];
        if r >= MAX_ROWS {
            self.dropped_rows[sheet] += 1;
            return Ok(());
        }
        let path = &self.path;
        let ws = self
            .workbook
            .worksheet_from_index(sheet)
            .map_err(|e| xlsx_err(path, e))?;
        for (c, cell) in cells.iter().enumerate() {
            if write_cell(ws, r, c as u16, cell).map_err(|e| xlsx_err(path, e))? {
                self.truncated_cells += 1;
            }
        }
        self.rows[sheet] = r + 1;
        Ok(())
    }

    /// Adds a sheet holding a whole run-wide table (cells cut to Excel's limit
    /// are not counted on the Notes sheet, and rows past its limit are left out).
    fn table_sheet(&mut self, name: &str, table: &Table<'_>) -> Result<()> {
        let path = &self.path;
        let bold = Format::new().set_bold();
        let ws = self.workbook.add_worksheet();
        ws.set_name(name).map_err(|e| xlsx_err(path, e))?;
        let Table { header, rows } = table;
        for (c, h) in header.iter().enumerate() {
            ws.set_column_width(c as u16, width_of(h))
                .map_err(|e| xlsx_err(path, e))?;
            ws.write_string_with_format(0, c as u16, *h, &bold)
                .map_err(|e| xlsx_err(path, e))?;
        }
        for (r, row) in rows.iter().enumerate().take(MAX_ROWS as usize - 1) {
            for (c, cell) in row.iter().enumerate() {
                write_cell(ws, r as u32 + 1, c as u16, cell).map_err(|e| xlsx_err(path, e))?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(|e| xlsx_err(path, e))?;
        if !header.is_empty() {
            ws.autofilter(
                0,
                0,
                rows.len().min(MAX_ROWS as usize - 1) as u32,
                header.len() as u16 - 1,
            )
            .map_err(|e| xlsx_err(path, e))?;
        }
        Ok(())
    }
}

/// Writes one cell: numbers as numbers, text as text (never as a formula), cut
/// to [`MAX_CELL_CHARS`]; empty text leaves the cell blank. Returns whether the
/// text was cut.
fn write_cell(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    cell: &Cell<'_>,
) -> std::result::Result<bool, XlsxError> {
    let text = match cell {
        Cell::Int(n) => {
            ws.write_number(r, c, *n as f64)?;
            return Ok(false);
        }
        Cell::Fraction(x) => {
            ws.write_number(r, c, super::rows::three_decimals(*x))?;
            return Ok(false);
        }
        Cell::TextOrNumber(t) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => {
            if let Ok(n) = t.parse::<f64>() {
                ws.write_number(r, c, n)?;
                return Ok(false);
            }
            t
        }
        Cell::Text(t) | Cell::TextOrNumber(t) => t,
    };
    if text.is_empty() {
        return Ok(false);
    }
    let cut = cut_to_cell(text);
    ws.write_string(r, c, cut.unwrap_or(text))?;
    Ok(cut.is_some())
}

impl Sink for XlsxSink {
    fn document(&mut self, doc: &Document, g: &Gazetteer) -> Result<()> {
        self.guard(|sink| {
            sink.aggregates.add(doc);
            for (sheet, table) in DocTable::ALL.into_iter().enumerate() {
                table.rows(doc, g, |cells| sink.row(sheet, cells))?;
            }
            Ok(())
        })
    }

    fn finish(mut self: Box<Self>, g: &Gazetteer) -> Result<Vec<Flushed>> {
        self.guard(|sink| sink.save(g)).map(|f| vec![f])
    }
}

impl XlsxSink {
    /// Writes one row of a per-document sheet from its cells (merge: rows read
    /// back from the shards), as [`Sink::document`] writes a document's.
    #[cfg(feature = "xlsx")]
    pub fn table_row(&mut self, table: DocTable, cells: &[Cell<'_>]) -> Result<()> {
        let sheet = DocTable::ALL.iter().position(|t| *t == table).unwrap_or(0);
        self.guard(|sink| sink.row(sheet, cells))
    }

    /// Saves the workbook of rows written by [`Self::table_row`], with the
    /// run-wide counts `aggregates` and `cut` more cells cut before (by the
    /// workbooks the rows were read from).
    #[cfg(feature = "xlsx")]
    pub fn finish_rows(
        mut self,
        aggregates: Aggregates,
        cut: usize,
        g: &Gazetteer,
    ) -> Result<Flushed> {
        self.aggregates = aggregates;
        self.truncated_cells += cut;
        self.guard(|sink| sink.save(g))
    }

    /// Adds the run-wide sheets and the notes, and saves the workbook under a
    /// temporary name.
    fn save(&mut self, g: &Gazetteer) -> Result<Flushed> {
        let path = self.path.clone();
        for (i, table) in DocTable::ALL.into_iter().enumerate() {
            let last = self.rows[i].saturating_sub(1).max(1);
            let ws = self
                .workbook
                .worksheet_from_index(i)
                .map_err(|e| xlsx_err(&path, e))?;
            ws.autofilter(0, 0, last, table.header().len() as u16 - 1)
                .map_err(|e| xlsx_err(&path, e))?;
        }
        let aggregates = std::mem::take(&mut self.aggregates);
        self.table_sheet("Entities", &aggregates.entities_table(g))?;
        self.table_sheet("Translations", &aggregates.translations_table(g))?;
        let mut notes: Vec<String> = Vec::new();
        if self.truncated_cells > 0 {
            notes.push(format!(
                "{}{CUT_NOTE}{MAX_CELL_CHARS} characters were cut (write --format csv or json for the full text)",
                self.truncated_cells
            ));
        }
        for (i, n) in self.dropped_rows.iter().enumerate() {
            if *n > 0 {
                notes.push(format!(
                    "{n}{DROPPED_NOTE}{} past Excel's {MAX_ROWS} rows were left out (write --format csv or jsonl for every row)",
                    DocTable::ALL[i].sheet_name()
                ));
            }
        }
        if !notes.is_empty() {
            for n in &notes {
                eprintln!("gazette: gazette.xlsx: {n}");
            }
            let notes = Table {
                header: vec!["note"],
                rows: notes.iter().map(|n| vec![Cell::text(n)]).collect(),
            };
            self.table_sheet("Notes", &notes)?;
        }
        let mut file = AtomicFile::create(&self.dir, "gazette.xlsx")?;
        self.workbook
            .save_to_writer(&mut file)
            .map_err(|e| xlsx_err(&path, e))?;
        file.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_cut_by_utf16_units_on_a_character_boundary() {
        assert_eq!(cut_to_cell("short"), None);
        let bmp = "é".repeat(MAX_CELL_CHARS);
        assert_eq!(cut_to_cell(&bmp), None, "32,767 BMP characters fit");
        let astral = "𝐀".repeat(MAX_CELL_CHARS / 2 + 10);
        let cut = cut_to_cell(&astral).expect("too long in UTF-16");
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS / 2);
        assert!(cut.encode_utf16().count() <= MAX_CELL_CHARS);
        let mixed = format!("a{}", "𝐀".repeat(MAX_CELL_CHARS / 2 + 1));
        let cut = cut_to_cell(&mixed).expect("32,769 units");
        assert_eq!(cut.encode_utf16().count(), MAX_CELL_CHARS);
    }

    #[test]
    fn astral_text_past_the_limit_is_written_cut() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let text = "😀".repeat(20_000);
        let cut = write_cell(ws, 1, 0, &Cell::text(&text)).expect("written, not refused");
        assert!(cut);
    }

    #[cfg(feature = "xlsx")]
    #[test]
    fn notes_read_back() {
        assert_eq!(
            read_note(&format!("12{CUT_NOTE}32767 characters were cut")),
            Some(Note::Cut(12))
        );
        assert_eq!(
            read_note(&format!("3{DROPPED_NOTE}Mentions past ...")),
            Some(Note::Dropped(3))
        );
        assert_eq!(read_note("cells longer than"), None);
        assert_eq!(read_note("4 other things"), None);
    }

    #[test]
    fn a_panic_inside_the_workbook_is_an_error_naming_the_file() {
        let e = guarded::<()>(Path::new("out/gazette.xlsx"), || {
            panic!("Couldn't write to xml file: StorageFull")
        })
        .unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("out/gazette.xlsx"), "{msg}");
        assert!(msg.contains("StorageFull"), "{msg}");
        assert_eq!(e.kind(), crate::error::ErrorKind::Output);
    }
}
