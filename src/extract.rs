//! The pipeline end to end: bytes → text → lines → sections → grids → tables → report → checks.
//!
//! This is the library's entry point, [`extract`]. It owns the decisions that need the whole
//! report in view: which template form it follows, which table lines to keep out of the
//! sections' prose, and the report-level diagnostics.

use crate::model::Code;
use sha2::{Digest, Sha256};

use crate::build;
use crate::decode::{contract_name, encoding_for_label};
use crate::document::{self, GridRow};
use crate::error::Error;
use crate::grammar::offset_of;
use crate::grid::{read_rows, Row};
use crate::labels::{FORM_2019_MARKERS, FORM_2021_MARKERS, MATRIX_COLUMNS, SECTIONS, TABLE_SECTIONS};
use crate::model::{
    ActiveDisclosure, Applications, Diagnostic, GridCell, InputFormat, Provenance, Report,
    ReviewsAndLawsuits, Section, SectionKind, Severity, Source, Template, SCHEMA_VERSION,
};
use crate::normalize::{contains_folded, fold_label, lines, normalize_char, Line};
use crate::segment::{chinese_numeral, segment, squeeze, SectionSpan};
use crate::tables::flattened::{self, Flat};
use crate::tables::{self, Reading};

use crate::validate;

/// How to extract: `Options::default()` and the `with_*` methods (new options will not break
/// callers).
///
/// ```
/// let options = nianbao::Options::default().with_provenance(true).with_path("archive/a.txt");
/// assert!(options.provenance);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// The path to record in `source.path` (the library reads no files).
    pub path: Option<String>,
    /// An encoding label (`gbk`, `utf-16le`, …) to decode with instead of detecting one.
    pub encoding: Option<String>,
    /// Whether to keep `provenance` in the report.
    pub provenance: bool,
    /// For text a converter made from another format (the binary's `pdftotext -layout` on a
    /// PDF): that format and the converter, recorded in `source`.
    pub converted: Option<(InputFormat, String)>,
}

impl Options {
    /// Records `path` in `source.path` (the library reads no files).
    #[must_use]
    pub fn with_path(mut self, path: impl Into<String>) -> Options {
        self.path = Some(path.into());
        self
    }

    /// Decodes with the encoding labelled `label` (`gbk`, `utf-16le`, …) instead of detecting one.
    #[must_use]
    pub fn with_encoding(mut self, label: Option<String>) -> Options {
        self.encoding = label;
        self
    }

    /// Keeps `provenance` in the report, or not.
    #[must_use]
    pub fn with_provenance(mut self, provenance: bool) -> Options {
        self.provenance = provenance;
        self
    }

    /// Records that the text was made from `format` by `converter` (`pdftotext -layout`).
    #[must_use]
    pub fn with_converted(mut self, format: InputFormat, converter: impl Into<String>) -> Options {
        self.converted = Some((format, converter.into()));
        self
    }
}

/// Extracts one report from the raw bytes of a text dump, a web page or a Word file (`.docx`).
///
/// A PDF is refused with [`Error::Pdf`]: its text must be taken out first (`pdftotext -layout`,
/// which the `nianbao` binary runs, passing the text with [`Options::converted`] set).
///
/// ```
/// let dump = "西工区民政局 2023 年政府信息公开工作年度报告\n一、总体情况\n……\n";
/// let report = nianbao::extract(dump.as_bytes(), &nianbao::Options::default()).unwrap();
/// assert_eq!(report.agency.as_deref(), Some("西工区民政局"));
/// assert_eq!(report.template, nianbao::Template::Form2021);
/// ```
///
/// # Errors
///
/// An [`Error`] when the input is empty, blank, binary, a PDF, a legacy `.doc`, a broken Word
/// file, names an unknown encoding, or holds neither a title nor a section heading. Anything
/// less is a diagnostic on the report.
pub fn extract(bytes: &[u8], options: &Options) -> Result<Report, Error> {
    let forced = options.encoding.as_deref().map(encoding_for_label).transpose()?;
    let input = document::read(bytes, forced)?;
    let decoded = &input.decoded;
    let lines = lines(&decoded.text);
    let mut segments = segment(&lines);
    if segments.sections.is_empty() && segments.title.is_none() {
        return Err(Error::NotAReport { lines: lines.len() });
    }
    let mut diagnostics = Vec::new();
    if decoded.fallback {
        diagnostics.push(note(
            Severity::Info,
            Code::EncodingFallback,
            None,
            format!("the bytes are not UTF-8; decoded as {}", decoded.encoding),
        ));
    }
    if decoded.lossy {
        let line = lines.iter().find(|l| l.raw.contains('\u{fffd}')).map(|l| l.number);
        diagnostics.push(note(
            Severity::Warning,
            Code::LossyDecode,
            line,
            format!("some bytes are not valid {} and were replaced with U+FFFD", decoded.encoding),
        ));
    }
    if let Some(asked) = forced.map(contract_name).filter(|name| *name != decoded.encoding) {
        diagnostics.push(note(
            Severity::Warning,
            Code::BomOverridesEncoding,
            None,
            format!(
                "the byte-order mark says {}, which was used instead of the {asked} asked for",
                decoded.encoding
            ),
        ));
    }
    diagnostics.append(&mut segments.diagnostics);
    if let Some(year) = segments.year {
        // The preamble and the prose before the tables: where a report states its period.
        let tables_start = segments
            .sections
            .iter()
            .find(|s| s.kind != SectionKind::Overview && s.kind != SectionKind::Unknown)
            .map_or(lines.len(), |s| s.heading_index);
        diagnostics
            .extend(crate::narrative::period_years(lines.get(..tables_start).unwrap_or_default(), year));
    }
    let (template, mixed) = decide_template(segments.year, &decoded.text, &lines, &segments.sections);
    diagnostics.extend(mixed);

    let tables = if template == Template::FreeForm {
        Tables::default()
    } else {
        read_tables(&segments.sections, &lines, template, options.provenance)
    };
    diagnostics.extend(tables.diagnostics);
    let sections = segments
        .sections
        .iter()
        .map(|span| Section {
            number: span.number,
            heading: span.heading.clone(),
            kind: span.kind,
            line: span.heading_index + 1,
            text: prose(span, &lines, &tables.spans),
        })
        .collect();
    let mut report = Report {
        schema_version: SCHEMA_VERSION,
        source: Source {
            path: options.path.clone(),
            bytes: bytes.len() as u64,
            sha256: format!("{:x}", Sha256::digest(bytes)),
            format: options.converted.as_ref().map_or(input.format, |(format, _)| *format),
            converter: options.converted.as_ref().map(|(_, converter)| converter.clone()),
        },
        encoding: decoded.encoding.to_string(),
        title: segments.title,
        agency: segments.agency,
        year: segments.year,
        template,
        sections,
        active_disclosure: tables.active_disclosure,
        applications: tables.applications,
        reviews_and_lawsuits: tables.reviews_and_lawsuits,
        checks: Vec::new(),
        diagnostics,
        provenance: options.provenance.then(|| grid_cells(tables.provenance, &input.rows, &lines)),
    };
    report.checks = validate::checks(&report);
    Ok(report)
}

/// Names each origin's document cell (table, row, column) where its line is a document table's
/// row: the column is the count of tabs before the cell on its produced line.
fn grid_cells(mut provenance: Provenance, rows: &[Option<GridRow>], lines: &[Line<'_>]) -> Provenance {
    if rows.is_empty() {
        return provenance;
    }
    let tables = [
        &mut provenance.active_disclosure,
        &mut provenance.applications,
        &mut provenance.reviews_and_lawsuits,
    ];
    for origin in tables.into_iter().flat_map(|t| t.values_mut()).flat_map(|row| row.values_mut()) {
        let index = origin.line.saturating_sub(1);
        let (Some(Some(row)), Some(line)) = (rows.get(index), lines.get(index)) else { continue };
        let before = line.raw.chars().take(origin.column.saturating_sub(1));
        let column = before.filter(|&c| c == '\t').count() + 1;
        origin.cell = Some(GridCell { table: row.table, row: row.row, column });
    }
    provenance
}

fn note(severity: Severity, code: Code, line: Option<usize>, message: String) -> Diagnostic {
    Diagnostic { severity, code, message, line }
}

/// The three tables of a unified-form report, with what reading them noticed.
#[derive(Default)]
struct Tables {
    active_disclosure: Option<ActiveDisclosure>,
    applications: Option<Applications>,
    reviews_and_lawsuits: Option<ReviewsAndLawsuits>,
    provenance: Provenance,
    diagnostics: Vec<Diagnostic>,
    /// First and last line of the tables of sections 二, 三 and 四, kept out of their prose.
    spans: [Option<(usize, usize)>; 3],
}

/// Reads sections 二, 三 and 四 in `template`'s form, from grid rows or flattened text.
fn read_tables(sections: &[SectionSpan], lines: &[Line<'_>], template: Template, provenance: bool) -> Tables {
    let mut diagnostics = Vec::new();
    for number in 1..=6u32 {
        // A section is there under its number, or, for a table section appended after the
        // narrative and renumbered (see `segment`), under another.
        let by_kind = |s: &&SectionSpan| {
            TABLE_SECTIONS.contains(&s.kind)
                && SECTIONS.iter().any(|l| l.kind == s.kind && l.number == number)
        };
        if !sections.iter().any(|s| s.number == number || by_kind(&s)) {
            diagnostics.push(note(
                Severity::Warning,
                Code::MissingSection,
                None,
                format!("section {} of the form was not found", chinese_numeral(number).unwrap_or("?")),
            ));
        }
    }
    let mut disclosure = read_section(
        sections,
        lines,
        SectionKind::ActiveDisclosure,
        |rows| tables::disclosure::read(rows, template),
        |flat| flattened::disclosure(flat, tables::disclosure::form_rows(template)),
    );
    let mut matrix = read_section(
        sections,
        lines,
        SectionKind::Applications,
        |rows| tables::applications::read(rows, template),
        |flat| flattened::applications(flat, &tables::applications::form_rows(template), &MATRIX_COLUMNS),
    );
    let mut review = read_section(
        sections,
        lines,
        SectionKind::ReviewsAndLawsuits,
        tables::reviews::read,
        flattened::reviews,
    );
    diagnostics.extend(layout_lost(sections, lines, &matrix));
    let kinds = [SectionKind::ActiveDisclosure, SectionKind::Applications, SectionKind::ReviewsAndLawsuits];
    for (reading, kind) in [&mut disclosure, &mut matrix, &mut review].into_iter().zip(kinds) {
        diagnostics.append(&mut reading.diagnostics);
        diagnostics.extend(blank_cells(reading, section_numeral(kind)));
    }
    let provenance = if provenance {
        Provenance {
            active_disclosure: build::origins(&disclosure),
            applications: build::origins(&matrix),
            reviews_and_lawsuits: build::origins(&review),
        }
    } else {
        Provenance::default()
    };
    Tables {
        active_disclosure: build::active_disclosure(&disclosure, template, &mut diagnostics),
        applications: Some(build::applications(&matrix, &mut diagnostics)),
        reviews_and_lawsuits: Some(build::reviews_and_lawsuits(&review, &mut diagnostics)),
        provenance,
        diagnostics,
        spans: [disclosure.lines, matrix.lines, review.lines],
    }
}

/// A `layout_lost` warning when section 三 came out of `pdftotext` without `-layout` from a
/// word processor's PDF: its numbers stand one to a line, column by column, so most of the
/// matrix could not be placed. Re-running the converter with `-layout` keeps the rows.
fn layout_lost(sections: &[SectionSpan], lines: &[Line<'_>], matrix: &Reading) -> Option<Diagnostic> {
    const LONE_NUMBERS: usize = 20;
    let span = sections.iter().find(|s| s.kind == SectionKind::Applications && s.inline.is_none())?;
    let unread = matrix.placed.iter().filter(|p| p.value.is_none()).count();
    if unread * 2 <= matrix.placed.len() {
        return None;
    }
    let body = lines.get(span.body.clone())?;
    let lone = body
        .iter()
        .filter(|l| {
            let text = l.text().trim();
            !text.is_empty()
                && !text.contains(char::is_whitespace)
                && matches!(crate::grammar::cell_value(text), crate::grammar::CellValue::Number(_))
        })
        .count();
    (lone >= LONE_NUMBERS).then(|| {
        note(
            Severity::Warning,
            Code::LayoutLost,
            Some(span.heading_index + 1),
            format!(
                "section 三 has {lone} numbers standing one to a line, column by column, as `pdftotext` writes a table without -layout: its rows cannot be rebuilt with certainty, so {unread} values are null; re-run with `pdftotext -layout FILE.pdf OUT.txt`"
            ),
        )
    })
}

/// The form, from the tables' own words where they have any, else from the year; a
/// disagreement between the two is a `template_mixed` diagnostic.
fn decide_template<'a>(
    year: Option<i32>,
    text: &'a str,
    lines: &[Line<'a>],
    sections: &[SectionSpan],
) -> (Template, Option<Diagnostic>) {
    // The form's words stand in the tables of sections 二 and 三 (or anywhere after the first
    // heading when those sections were not found). A word may wrap onto the next line, so each
    // table is searched as one stretch of the text.
    let mut spans: Vec<std::ops::Range<usize>> = sections
        .iter()
        .filter(|s| matches!(s.kind, SectionKind::ActiveDisclosure | SectionKind::Applications))
        .map(|s| if s.inline.is_some() { s.heading_index..s.heading_index + 1 } else { s.body.clone() })
        .filter(|span| !span.is_empty())
        .collect();
    // Inline sections of flattened text share one line.
    spans.dedup();
    if spans.is_empty() {
        spans.push(sections.first().map_or(0, |s| s.heading_index)..lines.len());
    }
    let stretches: Vec<&str> =
        spans.iter().filter_map(|span| stretch(text, lines.get(span.clone())?)).collect();
    let found = |markers: &[&str]| markers.iter().any(|m| stretches.iter().any(|s| contains_folded(s, m)));
    let has_2021 = found(FORM_2021_MARKERS);
    let has_2019 = found(FORM_2019_MARKERS);
    let by_year = year.map(|y| match y {
        2021.. => Template::Form2021,
        2019..=2020 => Template::Form2019,
        _ => Template::FreeForm,
    });
    let by_tables = match (has_2021, has_2019) {
        (true, false) => Some(Template::Form2021),
        (false, true) => Some(Template::Form2019),
        (true, true) => Some(by_year.filter(|t| *t != Template::FreeForm).unwrap_or(Template::Form2021)),
        (false, false) => None,
    };
    let template = by_tables.or(by_year).unwrap_or(Template::FreeForm);
    let mixed = match (by_tables, by_year, has_2021 && has_2019) {
        (_, _, true) => Some(format!(
            "the tables use words of both the 2019 and the 2021 form; read as {}",
            name(template)
        )),
        (Some(t), Some(y), _) if t != y => Some(format!(
            "the tables follow the {} form but the year ({}) suggests the {} form; read as {}",
            name(t),
            year.unwrap_or_default(),
            name(y),
            name(t)
        )),
        _ => None,
    };
    (template, mixed.map(|m| note(Severity::Warning, Code::TemplateMixed, None, m)))
}

/// The stretch of `text` from the first of `lines` to the end of the last (the lines are slices
/// of `text`).
fn stretch<'a>(text: &'a str, lines: &[Line<'a>]) -> Option<&'a str> {
    let start = offset_of(text, lines.first()?.raw);
    let last = lines.last()?.raw;
    text.get(start..offset_of(text, last) + last.len())
}

fn name(template: Template) -> &'static str {
    match template {
        Template::Form2021 => "2021",
        Template::Form2019 => "2019",
        Template::FreeForm => "free_form",
    }
}

/// Reads the table of the first section of `kind` that has one (a report may speak of a table
/// in its section and print it under its own title later: see `segment::titled_table`); a
/// missing section gives a table of nulls with a `missing_table` diagnostic.
fn read_section<'l>(
    sections: &[SectionSpan],
    lines: &'l [Line<'_>],
    kind: SectionKind,
    read: impl Fn(&[Row<'l>]) -> Reading<'l>,
    read_flattened: impl Fn(&Flat<'l>) -> Reading<'l>,
) -> Reading<'l> {
    let mut of_kind = sections.iter().filter(|s| s.kind == kind);
    let Some(first) = of_kind.next() else {
        let mut reading = read(&[]);
        reading.diagnostics.retain(|d| d.code != Code::MissingTable);
        reading.note(
            Severity::Error,
            Code::MissingTable,
            None,
            format!("no section {} was found, so its table is null", section_numeral(kind)),
        );
        return reading;
    };
    let reading = read_span(first, lines, &read, &read_flattened);
    let has_table = |r: &Reading| !r.diagnostics.iter().any(|d| d.code == Code::MissingTable);
    if has_table(&reading) {
        return reading;
    }
    of_kind.map(|span| read_span(span, lines, &read, &read_flattened)).find(has_table).unwrap_or(reading)
}

/// Reads the table of one section (see [`read_section`]), noting the page numbers skipped
/// inside it.
fn read_span<'l>(
    span: &SectionSpan,
    lines: &'l [Line<'_>],
    read: &impl Fn(&[Row<'l>]) -> Reading<'l>,
    read_flattened: &impl Fn(&Flat<'l>) -> Reading<'l>,
) -> Reading<'l> {
    if let Some(range) = &span.inline {
        let Some(line) = lines.get(span.heading_index) else { return read(&[]) };
        return read_flattened(&Flat::new(line, range.clone()));
    }
    let (rows, furniture) = read_rows(lines.get(span.body.clone()).unwrap_or_default());
    let mut reading = read(&rows);
    let inside = |line: &usize| reading.lines.is_some_and(|(first, last)| (first..=last).contains(line));
    let interrupting: Vec<usize> = furniture.into_iter().filter(inside).collect();
    for line in interrupting {
        reading.note(
            Severity::Info,
            Code::PageFurniture,
            Some(line),
            "a page number inside the table was skipped".into(),
        );
    }
    reading
}

/// The numeral of the unified forms' section of `kind` (二 for active disclosure …).
fn section_numeral(kind: SectionKind) -> &'static str {
    let number = SECTIONS.iter().find(|s| s.kind == kind).map(|s| s.number);
    number.and_then(chinese_numeral).unwrap_or("?")
}

/// One `blank_cells` note per table with blank or placeholder cells read as null.
fn blank_cells(reading: &Reading, name: &str) -> Option<Diagnostic> {
    let blanks: Vec<usize> = reading
        .placed
        .iter()
        .filter(|p| p.value.is_none())
        .filter_map(|p| p.origin.as_ref())
        // The cell's text folds as its raw text would: folding normalises first.
        .filter(|o| {
            matches!(
                crate::grammar::cell_value(&fold_label(o.cell.text)),
                crate::grammar::CellValue::Blank | crate::grammar::CellValue::Placeholder
            )
        })
        .map(|o| o.line)
        .collect();
    let first = *blanks.first()?;
    Some(note(
        Severity::Info,
        Code::BlankCells,
        Some(first),
        format!("{} cells of section {name} are blank or placeholders; they are null, not 0", blanks.len()),
    ))
}

/// A section's prose: its lines as printed, tidied, without the lines its table spans.
fn prose(span: &SectionSpan, lines: &[Line<'_>], spans: &[Option<(usize, usize)>; 3]) -> String {
    if let Some(range) = &span.inline {
        let line = lines.get(span.heading_index).map_or("", |l| l.raw);
        return squeeze(line.get(range.clone()).unwrap_or_default());
    }
    let table = match span.kind {
        SectionKind::ActiveDisclosure => spans[0],
        SectionKind::Applications => spans[1],
        SectionKind::ReviewsAndLawsuits => spans[2],
        _ => None,
    };
    lines
        .get(span.body.clone())
        .unwrap_or_default()
        .iter()
        .filter(|l| !table.is_some_and(|(first, last)| (first..=last).contains(&l.number)))
        // Tab and pipe rows are table residue. Judged on the raw text (a full-width `｜` is a
        // pipe too), so prose lines are never normalised just for this.
        .filter(|l| {
            let start = l.raw.trim_start_matches(|c| normalize_char(c).is_whitespace());
            memchr::memchr(b'\t', l.raw.as_bytes()).is_none() && !start.starts_with(['|', '｜'])
        })
        .map(|l| l.raw.trim())
        .filter(|t| !t.is_empty() && !t.chars().all(|c| matches!(c, '-' | '=' | '*' | '|' | '\t' | ' ')))
        .collect::<Vec<_>>()
        .join("\n")
}
