//! CSV tables: documents.csv, mentions.csv, links.csv and facts.csv, and the
//! writer of one CSV file that summary.rs and merge.rs also write through.
//!
//! Two flavours. Plain: RFC 4180 CSV in UTF-8, one header row, `\n` line ends,
//! text from articles written exactly as is (for programs). Excel (`--excel`): a
//! UTF-8 byte order mark (so Excel reads Arabic and CJK correctly), CRLF line ends,
//! and every cell that begins with `=` `+` `-` `@`, a tab or a carriage return gets
//! a leading apostrophe, so that article text never becomes a live formula.
//! The columns and cells of each table are laid out in [`super::rows`]; this
//! module only writes them.

use std::fmt::Write as _;
use std::path::Path;

use super::rows::{Cell, DocTable};
use super::{AtomicFile, Sink};
use crate::document::Document;
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;

/// Writes the per-document CSV tables into a folder.
pub struct CsvSink {
    /// One per [`DocTable::ALL`], in that order.
    tables: Vec<Table>,
}

/// One CSV file being written in either flavour, renamed into place when complete.
pub(crate) struct Table {
    writer: csv::Writer<AtomicFile>,
    path: std::path::PathBuf,
    excel: bool,
    /// Where a number cell is formatted before it is written (reused).
    number: String,
}

/// A cell made safe for spreadsheets: a leading apostrophe before `=` `+` `-` `@`,
/// tab or carriage return.
pub fn neutralize(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// Writes one field of the current record (neutralised in the Excel flavour).
fn field(writer: &mut csv::Writer<AtomicFile>, excel: bool, text: &str) -> csv::Result<()> {
    if excel {
        writer.write_field(neutralize(text).as_bytes())
    } else {
        writer.write_field(text)
    }
}

/// `buf` holding `value` only (writing to a String cannot fail).
fn reformat<'b>(buf: &'b mut String, value: std::fmt::Arguments<'_>) -> &'b str {
    buf.clear();
    let _ = buf.write_fmt(value);
    buf
}

impl Table {
    /// Creates `dir/name` (under a temporary name) and writes its header.
    pub(crate) fn create<H: AsRef<str>>(
        dir: &Path,
        name: &str,
        header: &[H],
        excel: bool,
    ) -> Result<Self> {
        let mut file = AtomicFile::create(dir, name)?;
        let path = file.path().to_path_buf();
        if excel {
            use std::io::Write;
            file.write_all(b"\xEF\xBB\xBF")
                .map_err(|e| Error::output(&path, e))?;
        }
        let terminator = if excel {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        };
        let mut writer = csv::WriterBuilder::new()
            .terminator(terminator)
            .from_writer(file);
        // The header is ours: written as is in both flavours.
        writer
            .write_record(header.iter().map(AsRef::as_ref))
            .map_err(|e| csv_err(&path, e))?;
        Ok(Table {
            writer,
            path,
            excel,
            number: String::new(),
        })
    }

    /// Writes one row of cells: numbers in decimal (a fraction with three
    /// decimals), text as is; all neutralised in the Excel flavour.
    pub(crate) fn cells(&mut self, cells: &[Cell<'_>]) -> Result<()> {
        let result = cells
            .iter()
            .try_for_each(|cell| {
                let text: &str = match cell {
                    Cell::Text(t) | Cell::TextOrNumber(t) => t,
                    Cell::Int(n) => reformat(&mut self.number, format_args!("{n}")),
                    Cell::Fraction(x) => reformat(&mut self.number, format_args!("{x:.3}")),
                };
                field(&mut self.writer, self.excel, text)
            })
            .and_then(|()| self.writer.write_record(None::<&[u8]>));
        result.map_err(|e| csv_err(&self.path, e))
    }

    /// Flushes and syncs the file under its temporary name, for [`super::commit`].
    pub(crate) fn finish(self) -> Result<super::Flushed> {
        let path = self.path;
        let file = self
            .writer
            .into_inner()
            .map_err(|e| Error::output(&path, e.into_error()))?;
        file.finish()
    }
}

fn csv_err(path: &Path, e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::output(path, io),
        other => Error::output(path, std::io::Error::other(format!("{other:?}"))),
    }
}

impl CsvSink {
    /// Creates the tables (under temporary names) in `dir`; `excel` selects the
    /// Excel flavour.
    pub fn create(dir: &Path, excel: bool) -> Result<Self> {
        let tables = DocTable::ALL
            .iter()
            .map(|t| Table::create(dir, t.file_name(), t.header(), excel))
            .collect::<Result<_>>()?;
        Ok(CsvSink { tables })
    }
}

impl Sink for CsvSink {
    fn document(&mut self, doc: &Document, g: &Gazetteer) -> Result<()> {
        DocTable::ALL
            .iter()
            .zip(&mut self.tables)
            .try_for_each(|(t, table)| t.rows(doc, g, |cells| table.cells(cells)))
    }

    fn finish(self: Box<Self>, _gazetteer: &Gazetteer) -> Result<Vec<super::Flushed>> {
        (self.tables.into_iter()).map(Table::finish).collect()
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    fn written(excel: bool, cells: &[Cell<'_>]) -> String {
        let dir = tempfile::tempdir().unwrap();
        let mut t = Table::create(dir.path(), "t.csv", &["a", "-b", "c", "d"], excel).unwrap();
        t.cells(cells).unwrap();
        let files = vec![t.finish().unwrap()];
        super::super::commit(
            dir.path(),
            files,
            super::super::Manifest::new(None, None, 0),
        )
        .unwrap();
        std::fs::read_to_string(dir.path().join("t.csv")).unwrap()
    }

    #[test]
    fn numbers_in_decimal_text_as_is_and_neutralised_for_excel() {
        let cells = [
            Cell::Int(72_000_000_000),
            Cell::Fraction(0.98765),
            Cell::text("=1+1"),
            Cell::TextOrNumber(Cow::Owned("a,b".into())),
        ];
        assert_eq!(
            written(false, &cells),
            "a,-b,c,d\n72000000000,0.988,=1+1,\"a,b\"\n"
        );
        assert_eq!(
            written(true, &cells),
            "\u{feff}a,-b,c,d\r\n72000000000,0.988,'=1+1,\"a,b\"\r\n"
        );
    }
}
