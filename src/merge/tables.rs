//! The per-document tables of one shard, read back typed: every cell as the
//! [`Cell`] extract wrote it (numbers as numbers, text as text), from the
//! shard's CSV tables here or from its gazette.xlsx ([`super::workbook`]), so
//! that the merged tables can be written in any table format with the bytes of
//! one unsharded run. It does not merge or write anything.

use std::path::Path;

use crate::error::{Error, Result};
use crate::output::rows::{Cell, DocTable, Kind};

/// One row, typed.
pub(super) type Row = Vec<Cell<'static>>;

/// A shard's per-document tables, in the order of [`DocTable::ALL`].
#[derive(Debug, Default)]
pub(super) struct Tables {
    /// The rows of each table, in the shard's order.
    pub tables: [Vec<Row>; 4],
    /// Text cells carry the apostrophe of the Excel flavour of CSV (`--excel`).
    pub neutralized: bool,
    /// Cells the shard's workbook cut to Excel's limit (its Notes sheet).
    pub cut: usize,
    /// Rows the shard's workbook left out past Excel's limit (its Notes sheet).
    pub dropped: usize,
}

/// The position of a table in [`DocTable::ALL`].
pub(super) fn index(table: DocTable) -> usize {
    DocTable::ALL.iter().position(|t| *t == table).unwrap_or(0)
}

/// A row's `doc_id` (its first cell); `None` when it is not a number.
pub(super) fn doc_id(row: &Row) -> Option<u64> {
    match row.first() {
        Some(Cell::Int(n)) => Some(*n),
        _ => None,
    }
}

/// A text cell of a row (empty when it is not text).
pub(super) fn text(row: &Row, column: usize) -> &str {
    match row.get(column) {
        Some(Cell::Text(t) | Cell::TextOrNumber(t)) => t,
        _ => "",
    }
}

/// Types one CSV field of a column of `kind` as extract wrote it; `None` when
/// it cannot be such a cell.
fn typed(kind: Kind, field: &str) -> Option<Cell<'static>> {
    if field.is_empty() {
        return Some(Cell::Text("".into()));
    }
    match kind {
        Kind::Text => Some(Cell::Text(field.to_string().into())),
        Kind::Int if field.bytes().all(|b| b.is_ascii_digit()) => field.parse().ok().map(Cell::Int),
        Kind::Fraction => field
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(Cell::Fraction),
        Kind::Int => None,
    }
}

/// Checks that a table's header is this gazette's.
pub(super) fn check_header<'a>(
    file: &Path,
    table: DocTable,
    header: impl IntoIterator<Item = &'a str>,
) -> Result<()> {
    let header: Vec<&str> = header.into_iter().collect();
    if header != table.header() {
        return Err(Error::usage(format!(
            "{}: its columns are not those of this gazette's {} ({}): a shard of another version?",
            file.display(),
            table.file_name(),
            table.header().join(",")
        )));
    }
    Ok(())
}

/// Reads the CSV tables of a shard folder (either flavour: a UTF-8 byte order
/// mark at the start of documents.csv says Excel's).
pub(super) fn read_csv(dir: &Path) -> Result<Tables> {
    let mut tables = Tables::default();
    for table in DocTable::ALL {
        let path = dir.join(table.file_name());
        let bytes = std::fs::read(&path).map_err(|e| Error::input(&path, e))?;
        let excel = bytes.starts_with(b"\xEF\xBB\xBF");
        if table == DocTable::Documents {
            tables.neutralized = excel;
        } else if excel != tables.neutralized {
            return Err(Error::usage(format!(
                "{}: not the CSV flavour of the shard's documents.csv: the folder mixes runs",
                path.display()
            )));
        }
        let body = if excel { &bytes[3..] } else { &bytes[..] };
        let name = path.display().to_string();
        let bad = |e: csv::Error| Error::usage(format!("{name}: {e}"));
        let mut reader = csv::ReaderBuilder::new().from_reader(body);
        let header = reader.headers().map_err(bad)?.clone();
        check_header(&path, table, header.iter())?;
        let rows = &mut tables.tables[index(table)];
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(bad)?;
            let row = (record.iter().zip(table.kinds()).zip(table.header()))
                .map(|((field, kind), column)| {
                    typed(*kind, field).ok_or_else(|| {
                        Error::usage(format!(
                            "{name}:{}: `{field}` is not a {column} value",
                            record.position().map_or(i as u64 + 2, |p| p.line())
                        ))
                    })
                })
                .collect::<Result<Row>>()?;
            rows.push(row);
        }
    }
    Ok(tables)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_typed_by_their_column_and_may_be_empty() {
        assert_eq!(typed(Kind::Int, "72"), Some(Cell::Int(72)));
        assert_eq!(typed(Kind::Int, ""), Some(Cell::Text("".into())));
        assert_eq!(typed(Kind::Int, "-1"), None);
        assert_eq!(typed(Kind::Int, "1.5"), None);
        assert_eq!(typed(Kind::Fraction, "0.988"), Some(Cell::Fraction(0.988)));
        assert_eq!(typed(Kind::Fraction, "NaN"), None);
        assert_eq!(typed(Kind::Text, "'=1"), Some(Cell::Text("'=1".into())));
    }

    #[test]
    fn a_shard_table_of_other_columns_or_values_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let header = DocTable::Documents.header().join(",");
        let mut row = vec!["x"; DocTable::Documents.header().len()];
        std::fs::write(
            dir.path().join("documents.csv"),
            format!("{header}\n{}\n", row.join(",")),
        )
        .unwrap();
        let e = read_csv(dir.path()).unwrap_err().to_string();
        assert!(
            e.contains("documents.csv:2: `x` is not a doc_id value"),
            "{e}"
        );
        row[0] = "1";
        std::fs::write(dir.path().join("documents.csv"), "doc_id,path\n1,a\n").unwrap();
        let e = read_csv(dir.path()).unwrap_err().to_string();
        assert!(e.contains("columns are not those"), "{e}");
    }
}
