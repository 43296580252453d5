//! A shard's gazette.xlsx read back (calamine): its four per-document sheets as
//! typed rows, and what its Notes sheet says was cut or left out. Numbers come
//! back as the numbers extract wrote, text as text, blank cells as empty text.
//! The run-wide sheets (Entities, Translations) are not read: merge recomputes
//! them. It does not write anything.

use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use super::tables::{check_header, index, Row, Tables};
use crate::error::{Error, Result};
use crate::output::rows::{Cell, DocTable, Kind};
use crate::output::xlsx::{read_note, Note};

/// The largest integer an xlsx number holds exactly (2^53).
const MAX_EXACT: f64 = 9_007_199_254_740_992.0;

/// Reads `dir/gazette.xlsx`; a workbook that is not one extract wrote is a
/// usage error naming it (and the sheet, row and column).
pub(super) fn read(dir: &Path) -> Result<Tables> {
    let path = dir.join("gazette.xlsx");
    let name = path.display().to_string();
    let bad = |why: String| Error::usage(format!("{name}: {why}"));
    let mut workbook: Xlsx<_> =
        calamine::open_workbook(&path).map_err(|e| bad(format!("not a workbook ({e})")))?;
    let mut tables = Tables::default();
    for table in DocTable::ALL {
        let sheet = table.sheet_name();
        let range =
            (workbook.worksheet_range(sheet)).map_err(|e| bad(format!("sheet {sheet}: {e}")))?;
        if range.start().is_some_and(|s| s != (0, 0)) {
            return Err(bad(format!("sheet {sheet} does not start at A1")));
        }
        let mut rows = range.rows();
        let header = rows.next().unwrap_or_default();
        let header: Vec<&str> = header
            .iter()
            .map(|c| match c {
                Data::String(s) => s.as_str(),
                _ => "",
            })
            .collect();
        check_header(&path, table, header)?;
        let out = &mut tables.tables[index(table)];
        for (r, row) in rows.enumerate() {
            let typed = (row.iter().zip(table.kinds()).zip(table.header()))
                .map(|((data, kind), column)| {
                    typed(*kind, data).ok_or_else(|| {
                        bad(format!(
                            "sheet {sheet}, row {}: {data:?} is not a {column} value",
                            r + 2
                        ))
                    })
                })
                .collect::<Result<Row>>()?;
            out.push(typed);
        }
    }
    if workbook.sheet_names().iter().any(|s| s == "Notes") {
        let range =
            (workbook.worksheet_range("Notes")).map_err(|e| bad(format!("sheet Notes: {e}")))?;
        for row in range.rows().skip(1) {
            if let Some(Data::String(note)) = row.first() {
                match read_note(note) {
                    Some(Note::Cut(n)) => tables.cut += n,
                    Some(Note::Dropped(n)) => tables.dropped += n,
                    None => {}
                }
            }
        }
    }
    Ok(tables)
}

/// Types one workbook cell of a column of `kind` as extract wrote it; `None`
/// when extract cannot have written it there.
fn typed(kind: Kind, data: &Data) -> Option<Cell<'static>> {
    match (kind, data) {
        (_, Data::Empty) => Some(Cell::Text("".into())),
        (Kind::Text, Data::String(s)) if !s.is_empty() => Some(Cell::Text(s.clone().into())),
        (Kind::Int, Data::Float(x)) if *x >= 0.0 && *x <= MAX_EXACT && x.fract() == 0.0 => {
            Some(Cell::Int(*x as u64))
        }
        (Kind::Int, Data::Int(n)) => u64::try_from(*n).ok().map(Cell::Int),
        (Kind::Fraction, Data::Float(x)) => Some(Cell::Fraction(*x)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_typed_by_their_column() {
        assert_eq!(typed(Kind::Int, &Data::Float(72.0)), Some(Cell::Int(72)));
        assert_eq!(typed(Kind::Int, &Data::Float(0.5)), None);
        assert_eq!(typed(Kind::Int, &Data::Float(1e17)), None, "not exact");
        assert_eq!(typed(Kind::Text, &Data::Empty), Some(Cell::Text("".into())));
        assert_eq!(typed(Kind::Text, &Data::Float(1.0)), None);
        assert_eq!(
            typed(Kind::Fraction, &Data::Float(0.988)),
            Some(Cell::Fraction(0.988))
        );
    }
}
