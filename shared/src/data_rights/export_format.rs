//! The formats of organization exports and of a visitor's own-data download,
//! written incrementally so the functions can stream any number of rows with
//! bounded memory: the database hands each row over as one JSON object (text),
//! and these writers turn a page of rows into the next piece of the body.
//!
//! JSON: `{"export":{…},"conversations":[…],"messages":[…],"qa_pairs":[…]}` —
//! one document, sections in a fixed order, each row the object the database
//! built. CSV (RFC 4180, UTF-8, CRLF): one table with a `record_type` column
//! and the union of the sections' columns, so one file holds everything.
//! Free-text cells that a spreadsheet would read as a formula (`=`, `+`, `-`,
//! `@`, tab, CR) are prefixed with `'` (OWASP CSV injection guidance).

use serde_json::Value;

/// Export file formats.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

impl Format {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json; charset=utf-8",
            Format::Csv => "text/csv; charset=utf-8; header=present",
        }
    }
}

/// The sections of an export, in the order they are written.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Conversations,
    Messages,
    QaPairs,
}

impl Section {
    pub const ALL: [Section; 3] = [Section::Conversations, Section::Messages, Section::QaPairs];

    pub fn name(self) -> &'static str {
        match self {
            Section::Conversations => "conversations",
            Section::Messages => "messages",
            Section::QaPairs => "qa_pairs",
        }
    }

    fn record_type(self) -> &'static str {
        match self {
            Section::Conversations => "conversation",
            Section::Messages => "message",
            Section::QaPairs => "qa_pair",
        }
    }
}

/// CSV columns after `record_type`; a row leaves the columns its section
/// does not have empty.
pub const CSV_COLUMNS: [&str; 13] = [
    "id",
    "project_id",
    "conversation_id",
    "role",
    "language",
    "created_at",
    "last_active_at",
    "content",
    "question",
    "answer",
    "source_url",
    "incomplete",
    "provenance",
];
/// Columns holding free text, guarded against formula injection.
const FREE_TEXT: [&str; 4] = ["content", "question", "answer", "source_url"];

/// `attachment` with an ASCII file name, e.g.
/// `attachment; filename="mignuti-export-20261127-e0000000.json"`.
pub fn content_disposition(
    stem: &str,
    export_id: &str,
    date_yyyymmdd: &str,
    format: Format,
) -> String {
    let clean = |s: &str, max: usize| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .take(max)
            .collect()
    };
    format!(
        "attachment; filename=\"{}-{}-{}.{}\"",
        clean(stem, 40),
        clean(date_yyyymmdd, 8),
        clean(export_id, 8),
        format.as_str()
    )
}

/// Writes a document piece by piece. Call [`ExportWriter::begin`] once, then
/// [`ExportWriter::section`] before each section's rows, [`ExportWriter::row`]
/// per row and [`ExportWriter::finish`] at the end; every call returns the
/// bytes to send next.
#[derive(Debug)]
pub struct ExportWriter {
    format: Format,
    section: Option<Section>,
    rows_in_section: u64,
    rows_total: u64,
}

impl ExportWriter {
    pub fn new(format: Format) -> Self {
        Self {
            format,
            section: None,
            rows_in_section: 0,
            rows_total: 0,
        }
    }

    /// The opening: the export's metadata object (JSON) or the header row (CSV).
    pub fn begin(&mut self, meta: &Value) -> String {
        match self.format {
            Format::Json => format!("{{\"export\":{meta}"),
            Format::Csv => {
                let mut out = String::from("record_type");
                for c in CSV_COLUMNS {
                    out.push(',');
                    out.push_str(c);
                }
                out.push_str("\r\n");
                out
            }
        }
    }

    /// Starts `section`, closing the previous one.
    pub fn section(&mut self, section: Section) -> String {
        let mut out = self.close_section();
        self.section = Some(section);
        self.rows_in_section = 0;
        if self.format == Format::Json {
            out.push_str(&format!(",\"{}\":[", section.name()));
        }
        out
    }

    /// One row of the current section: a JSON object's text as the database
    /// produced it. Rows that are not JSON objects are an error.
    pub fn row(&mut self, row_json: &str) -> Result<String, ExportFormatError> {
        let section = self.section.ok_or(ExportFormatError::NoSection)?;
        let out = match self.format {
            Format::Json => {
                // Checked, so a bad row cannot break the document's syntax.
                let value: Value =
                    serde_json::from_str(row_json).map_err(|_| ExportFormatError::BadRow)?;
                if !value.is_object() {
                    return Err(ExportFormatError::BadRow);
                }
                let sep = if self.rows_in_section == 0 { "" } else { "," };
                format!("{sep}{value}")
            }
            Format::Csv => {
                let value: Value =
                    serde_json::from_str(row_json).map_err(|_| ExportFormatError::BadRow)?;
                csv_row(section, &value)?
            }
        };
        self.rows_in_section += 1;
        self.rows_total += 1;
        Ok(out)
    }

    /// The closing bytes.
    pub fn finish(&mut self) -> String {
        let mut out = self.close_section();
        self.section = None;
        if self.format == Format::Json {
            out.push_str("}\n");
        }
        out
    }

    pub fn rows_total(&self) -> u64 {
        self.rows_total
    }

    fn close_section(&self) -> String {
        match (self.format, self.section) {
            (Format::Json, Some(_)) => "]".into(),
            _ => String::new(),
        }
    }
}

#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormatError {
    /// A row before any section.
    NoSection,
    /// A row that is not a JSON object.
    BadRow,
}

/// One CSV line (with CRLF) for a row of `section`.
pub fn csv_row(section: Section, row: &Value) -> Result<String, ExportFormatError> {
    let Value::Object(map) = row else {
        return Err(ExportFormatError::BadRow);
    };
    let mut out = String::from(section.record_type());
    for column in CSV_COLUMNS {
        out.push(',');
        let cell = match map.get(column) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        };
        let cell = if FREE_TEXT.contains(&column) {
            defuse_formula(&cell)
        } else {
            cell
        };
        out.push_str(&csv_escape(&cell));
    }
    out.push_str("\r\n");
    Ok(out)
}

/// RFC 4180 quoting: a cell with a comma, quote, CR or LF is quoted and its
/// quotes doubled.
pub fn csv_escape(cell: &str) -> String {
    if cell.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}

fn defuse_formula(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn write_all(format: Format) -> String {
        let mut w = ExportWriter::new(format);
        let mut out = w.begin(&json!({"id": "e1", "format": format.as_str()}));
        out += &w.section(Section::Conversations);
        out += &w
            .row(r#"{"id":"c1","project_id":"p1","language":"de"}"#)
            .unwrap();
        out += &w.section(Section::Messages);
        out += &w.row(r#"{"id":1,"conversation_id":"c1","role":"user","content":"Hallo, \"Welt\"\nzwei"}"#).unwrap();
        out += &w.row(r#"{"id":2,"conversation_id":"c1","role":"assistant","content":"=HYPERLINK(\"x\")","provenance":{"provider":"extractive"}}"#).unwrap();
        out += &w.section(Section::QaPairs);
        out += &w.finish();
        out
    }

    #[test]
    fn json_document_is_valid_and_complete() {
        let doc: Value = serde_json::from_str(&write_all(Format::Json)).unwrap();
        assert_eq!(doc["export"]["id"], "e1");
        assert_eq!(doc["conversations"].as_array().unwrap().len(), 1);
        assert_eq!(doc["messages"][1]["provenance"]["provider"], "extractive");
        assert_eq!(doc["qa_pairs"], json!([]));
    }

    #[test]
    fn csv_quotes_and_defuses() {
        let csv = write_all(Format::Csv);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert!(lines[0].starts_with("record_type,id,project_id,conversation_id,role"));
        assert!(lines[1].starts_with("conversation,c1,p1,,,de,"));
        assert!(csv.contains("\"Hallo, \"\"Welt\"\"\nzwei\""));
        assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""));
        assert!(csv.contains("\"{\"\"provider\"\":\"\"extractive\"\"}\""));
        assert!(csv.ends_with("\r\n"));
    }

    #[test]
    fn bad_rows_refused() {
        let mut w = ExportWriter::new(Format::Json);
        assert_eq!(w.row("{}"), Err(ExportFormatError::NoSection));
        let _ = w.section(Section::Messages);
        assert_eq!(w.row("[1]"), Err(ExportFormatError::BadRow));
        assert_eq!(w.row("{\"a\":"), Err(ExportFormatError::BadRow));
    }

    #[test]
    fn disposition_is_ascii_and_safe() {
        let d = content_disposition(
            "mignuti-export",
            "e0000000-0000\"\r\n",
            "20261127",
            Format::Csv,
        );
        assert_eq!(
            d,
            "attachment; filename=\"mignuti-export-20261127-e0000000.csv\""
        );
    }
}
