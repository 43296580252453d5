//! gazette.xlsx: one workbook with a sheet per table (Documents, Mentions, Links,
//! Facts, Entities, Translations), header row frozen, autofilter on, column
//! widths set for reading, written in constant memory.
//!
//! It stays within Excel's limits: a cell holds at most 32,767 characters and a
//! sheet at most 1,048,576 rows; longer cells are cut and rows past the limit are
//! left out, and everything cut is listed on a Notes sheet and on stderr. Text
//! cells that would start a formula are written as text (never as formulas). It
//! does not decide what is extracted.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::csv::{DOCUMENT_COLUMNS, FACT_COLUMNS, LINK_COLUMNS, MENTION_COLUMNS};
use super::summary::{Aggregates, Table};
use super::{family_name, Sink};
use crate::document::Document;
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;

/// Excel's largest number of characters in a cell.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Excel's largest number of rows in a sheet (the header included).
pub const MAX_ROWS: u32 = 1_048_576;

/// A cell value.
enum Cell<'a> {
    Text(&'a str),
    Number(f64),
}

/// The per-document sheets, in workbook order.
const SHEETS: &[(&str, &[&str])] = &[
    ("Documents", DOCUMENT_COLUMNS),
    ("Mentions", MENTION_COLUMNS),
    ("Links", LINK_COLUMNS),
    ("Facts", FACT_COLUMNS),
];

/// Writes gazette.xlsx into a folder.
pub struct XlsxSink {
    workbook: Workbook,
    path: PathBuf,
    tmp: PathBuf,
    /// Next row per per-document sheet.
    rows: Vec<u32>,
    aggregates: Aggregates,
    truncated_cells: usize,
    dropped_rows: Vec<usize>,
}

fn xlsx_err(path: &Path, e: XlsxError) -> Error {
    Error::output(path, std::io::Error::other(e.to_string()))
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
        let tmp = dir.join(format!(".gazette.xlsx.tmp-{}", std::process::id()));
        let mut workbook = Workbook::new();
        workbook.set_tempdir(dir).map_err(|e| xlsx_err(&path, e))?;
        let bold = Format::new().set_bold();
        for (name, columns) in SHEETS {
            let sheet = workbook
                .add_worksheet_with_constant_memory()
                .map_err(|e| xlsx_err(&path, e))?;
            sheet.set_name(*name).map_err(|e| xlsx_err(&path, e))?;
            for (c, col) in columns.iter().enumerate() {
                sheet
                    .set_column_width(c as u16, width_of(col))
                    .map_err(|e| xlsx_err(&path, e))?;
                sheet
                    .write_string_with_format(0, c as u16, *col, &bold)
                    .map_err(|e| xlsx_err(&path, e))?;
            }
            sheet
                .set_freeze_panes(1, 0)
                .map_err(|e| xlsx_err(&path, e))?;
        }
        Ok(XlsxSink {
            workbook,
            path,
            tmp,
            rows: vec![1; SHEETS.len()],
            aggregates: Aggregates::default(),
            truncated_cells: 0,
            dropped_rows: vec![0; SHEETS.len()],
        })
    }

    fn row(&mut self, sheet: usize, cells: &[Cell<'_>]) -> Result<()> {
        let r = self.rows[sheet];
        if r >= MAX_ROWS {
            self.dropped_rows[sheet] += 1;
            return Ok(());
        }
        let path = self.path.clone();
        let ws = self
            .workbook
            .worksheet_from_index(sheet)
            .map_err(|e| xlsx_err(&path, e))?;
        for (c, cell) in cells.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Number(n) => ws.write_number(r, c, *n),
                Cell::Text("") => continue,
                Cell::Text(t) => {
                    let text = if t.chars().count() > MAX_CELL_CHARS {
                        self.truncated_cells += 1;
                        t.chars().take(MAX_CELL_CHARS).collect::<String>()
                    } else {
                        t.to_string()
                    };
                    ws.write_string(r, c, text)
                }
            }
            .map_err(|e| xlsx_err(&path, e))?;
        }
        self.rows[sheet] = r + 1;
        Ok(())
    }

    fn table_sheet(&mut self, name: &str, table: &Table) -> Result<()> {
        let path = self.path.clone();
        let bold = Format::new().set_bold();
        let ws = self.workbook.add_worksheet();
        ws.set_name(name).map_err(|e| xlsx_err(&path, e))?;
        let (header, rows) = table;
        for (c, h) in header.iter().enumerate() {
            ws.set_column_width(c as u16, width_of(h))
                .map_err(|e| xlsx_err(&path, e))?;
            ws.write_string_with_format(0, c as u16, h, &bold)
                .map_err(|e| xlsx_err(&path, e))?;
        }
        for (r, row) in rows.iter().enumerate().take(MAX_ROWS as usize - 1) {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match v.parse::<f64>() {
                    Ok(n) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => {
                        ws.write_number(r, c, n)
                    }
                    _ => ws.write_string(r, c, v.chars().take(MAX_CELL_CHARS).collect::<String>()),
                }
                .map_err(|e| xlsx_err(&path, e))?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(|e| xlsx_err(&path, e))?;
        if !header.is_empty() {
            ws.autofilter(
                0,
                0,
                rows.len().min(MAX_ROWS as usize - 1) as u32,
                header.len() as u16 - 1,
            )
            .map_err(|e| xlsx_err(&path, e))?;
        }
        Ok(())
    }
}

fn num(n: usize) -> Cell<'static> {
    Cell::Number(n as f64)
}

impl Sink for XlsxSink {
    fn document(&mut self, doc: &Document, g: &Gazetteer) -> Result<()> {
        self.aggregates.add(doc);
        let lang = doc.language.as_ref();
        let confidence = lang.map(|l| l.confidence);
        let scripts = lang.map_or(String::new(), |l| l.scripts_string());
        let mut cells = vec![
            num(doc.doc_id),
            Cell::Text(&doc.path),
            Cell::Text(doc.title.as_deref().unwrap_or("")),
            Cell::Text(doc.declared_lang.as_deref().unwrap_or("")),
            Cell::Text(lang.and_then(|l| l.code).unwrap_or("")),
        ];
        cells.push(confidence.map_or(Cell::Text(""), Cell::Number));
        cells.extend([
            Cell::Text(lang.map_or("", |l| l.script)),
            Cell::Text(&scripts),
            Cell::Text(doc.encoding),
            Cell::Number(doc.bytes as f64),
            num(doc.chars),
            num(doc.mentions.len()),
            num(doc.links.len()),
            Cell::Text(doc.status.as_str()),
            Cell::Text(doc.error.as_deref().unwrap_or("")),
        ]);
        let group =
            super::summary::translation_group(&doc.path, &doc.front_matter).unwrap_or_default();
        cells.push(Cell::Text(&group));
        self.row(0, &cells)?;
        for m in &doc.mentions {
            let e = &g.entities()[m.entity];
            let family = family_name(g, m.entity, m.variant);
            self.row(
                1,
                &[
                    num(doc.doc_id),
                    Cell::Text(&e.id),
                    Cell::Text(&e.kind),
                    Cell::Text(&e.name),
                    Cell::Text(&m.surface),
                    num(m.start),
                    num(m.end),
                    num(m.line),
                    num(m.column),
                    Cell::Text(m.field.as_str()),
                    Cell::Text(if m.variant { &m.surface } else { "" }),
                    Cell::Text(family),
                ],
            )?;
        }
        for l in &doc.links {
            self.row(
                2,
                &[
                    num(doc.doc_id),
                    Cell::Text(&l.url),
                    Cell::Text(&l.domain),
                    Cell::Text(&l.text),
                    Cell::Text(l.kind.as_str()),
                    num(l.line),
                    num(l.start),
                    num(l.end),
                ],
            )?;
        }
        for f in &doc.facts {
            let s = &g.entities()[f.subject];
            let o = f.object.entity().map(|i| &g.entities()[i]);
            let q = f.object.quantity();
            self.row(
                3,
                &[
                    num(doc.doc_id),
                    Cell::Text(&s.id),
                    Cell::Text(&s.name),
                    Cell::Text(f.predicate.as_str()),
                    Cell::Text(o.map_or("", |e| e.id.as_str())),
                    Cell::Text(o.map_or("", |e| e.name.as_str())),
                    q.map_or(Cell::Text(""), |q| Cell::Number(q.value as f64)),
                    Cell::Text(q.map_or("", |q| q.unit.as_str())),
                    Cell::Text(q.map_or("", |q| q.surface.as_str())),
                    Cell::Text(&f.evidence),
                    num(f.line),
                    Cell::Text(f.source.as_str()),
                    Cell::Text(f.agrees.as_str()),
                ],
            )?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>, g: &Gazetteer) -> Result<()> {
        let path = self.path.clone();
        for (i, (_, columns)) in SHEETS.iter().enumerate() {
            let last = self.rows[i].saturating_sub(1).max(1);
            let ws = self
                .workbook
                .worksheet_from_index(i)
                .map_err(|e| xlsx_err(&path, e))?;
            ws.autofilter(0, 0, last, columns.len() as u16 - 1)
                .map_err(|e| xlsx_err(&path, e))?;
        }
        let entities = self.aggregates.entities_table(g);
        let translations = self.aggregates.translations_table(g);
        self.table_sheet("Entities", &entities)?;
        self.table_sheet("Translations", &translations)?;
        let mut notes: Vec<String> = Vec::new();
        if self.truncated_cells > 0 {
            notes.push(format!(
                "{} cells longer than {MAX_CELL_CHARS} characters were cut (see the CSV or JSON output for the full text)",
                self.truncated_cells
            ));
        }
        for (i, n) in self.dropped_rows.iter().enumerate() {
            if *n > 0 {
                notes.push(format!(
                    "{n} rows of {} past Excel's {MAX_ROWS} rows were left out (see the CSV output)",
                    SHEETS[i].0
                ));
            }
        }
        if !notes.is_empty() {
            for n in &notes {
                eprintln!("gazette: gazette.xlsx: {n}");
            }
            let rows: Vec<Vec<String>> = notes.into_iter().map(|n| vec![n]).collect();
            self.table_sheet("Notes", &(vec!["note".to_string()], rows))?;
        }
        self.workbook
            .save(&self.tmp)
            .map_err(|e| xlsx_err(&path, e))?;
        std::fs::rename(&self.tmp, &self.path).map_err(|e| Error::output(&path, e))
    }
}
