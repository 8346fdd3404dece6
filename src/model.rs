//! The output contract as plain serde data (schema version 1, see `spec/output.md`).
//!
//! Nothing here has logic: these types are what `nianbao` prints, field for field, and what the
//! JSON Schema (`nianbao schema`) is derived from. A value is `None` (`null`) when the report
//! left the cell blank, wrote a placeholder, or the parser could not place it with confidence.

use std::borrow::Cow;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The version of this output contract; bumped on any change to its shape.
pub const SCHEMA_VERSION: u32 = 3;

/// One report, as extracted from one text dump.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The input the report came from.
    pub source: Source,
    /// The encoding the bytes were decoded from: `UTF-8`, `GB18030`, `UTF-16LE`, `UTF-16BE`, …
    pub encoding: String,
    /// The report's title line, whitespace-normalised.
    pub title: Option<String>,
    /// The reporting body, e.g. `西工区民政局`.
    pub agency: Option<String>,
    /// The year reported on.
    pub year: Option<i32>,
    /// The template form the report follows.
    pub template: Template,
    /// The report's top-level sections, in order.
    pub sections: Vec<Section>,
    /// Section 二's tables; `null` for free-form reports.
    pub active_disclosure: Option<ActiveDisclosure>,
    /// Section 三's matrix, keyed by row; `null` for free-form reports.
    pub applications: Option<Applications>,
    /// Section 四's table; `null` for free-form reports.
    pub reviews_and_lawsuits: Option<ReviewsAndLawsuits>,
    /// Every accounting identity the report's numbers can be held to, judged.
    pub checks: Vec<Check>,
    /// Everything the parser noticed.
    pub diagnostics: Vec<Diagnostic>,
    /// Where each number came from; only when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
}

/// The input a report was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    /// The path as given on the command line (`-` for standard input), if any.
    pub path: Option<String>,
    /// Size of the raw input in bytes.
    pub bytes: u64,
    /// SHA-256 of the raw bytes, lower-case hex.
    pub sha256: String,
    /// What the input was: a text dump, a web page, a Word file or a PDF.
    #[serde(default)]
    pub format: InputFormat,
    /// The program that turned the input into text before nianbao read it (`pdftotext -layout`
    /// for a PDF), when one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub converter: Option<String>,
}

/// What a batch writes in a report's place for an input that is not one (JSON Lines, and each
/// element of a JSON array): the input's path, the message and its stable code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ErrorRecord {
    /// The input.
    pub source: ErrorSource,
    /// What is wrong, with the path: `archive/a.txt: error[empty_input]: empty input: …`.
    pub error: String,
    /// The error's stable code (`empty_input`, `binary_input`, `not_a_report`, `pdf_unreadable`,
    /// `unreadable_input`, …; see docs/output.md).
    pub code: String,
}

/// The input of an [`ErrorRecord`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ErrorSource {
    /// The path as given on the command line, or found walking a folder.
    pub path: String,
}

/// One record of a batch's output: a report, or an error record in its place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Record {
    /// A report.
    Report(Box<Report>),
    /// An input that is not a readable report.
    Error(ErrorRecord),
}

/// What an input was.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InputFormat {
    /// A text dump (tab, markdown, `pdftotext`, crawler text).
    #[default]
    Text,
    /// A web page (or an article cut out of one).
    Html,
    /// A Word file (`.docx`).
    Docx,
    /// A PDF, read through a converter (see [`Source::converter`]).
    Pdf,
}

/// The template form of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum Template {
    /// 国办公开办函〔2021〕30号, reports on 2021 onward.
    #[serde(rename = "2021")]
    Form2021,
    /// 国办公开办函〔2019〕60号 (试行), reports on 2019 and 2020.
    #[serde(rename = "2019")]
    Form2019,
    /// No national table layout (reports up to 2018).
    #[serde(rename = "free_form")]
    FreeForm,
}

/// What a top-level section is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// 一、总体情况
    Overview,
    /// 二、主动公开政府信息情况
    ActiveDisclosure,
    /// 三、收到和处理政府信息公开申请情况
    Applications,
    /// 四、政府信息公开行政复议、行政诉讼情况
    ReviewsAndLawsuits,
    /// 五、存在的主要问题及改进情况
    Problems,
    /// 六、其他需要报告的事项
    OtherMatters,
    /// A heading no mapping fits (free-form reports).
    Unknown,
}

/// One top-level section of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Section {
    /// The heading's numeral (一 = 1).
    pub number: u32,
    /// The heading as printed, whitespace-normalised, markdown markers removed.
    pub heading: String,
    /// What the section is about.
    pub kind: SectionKind,
    /// 1-based line of the heading.
    pub line: usize,
    /// The section's prose, table lines excluded, lines joined by `\n`.
    pub text: String,
}

/// Section 二's tables, in the report's form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ActiveDisclosure {
    /// The 2021 form.
    Form2021(ActiveDisclosure2021),
    /// The 2019 form.
    Form2019(ActiveDisclosure2019),
}

/// Section 二 in the 2021 form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ActiveDisclosure2021 {
    /// 规章
    pub regulations: Documents2021,
    /// 行政规范性文件
    pub normative_documents: Documents2021,
    /// 行政许可
    pub licensing: Decisions,
    /// 行政处罚
    pub punishment: Decisions,
    /// 行政强制
    pub coercion: Decisions,
    /// 行政事业性收费
    pub fees: Fees2021,
    /// Rows the template lacks but the report adds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_rows: Vec<ExtraRow>,
}

/// Section 二 in the 2019 form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ActiveDisclosure2019 {
    /// 规章
    pub regulations: Documents2019,
    /// 规范性文件
    pub normative_documents: Documents2019,
    /// 行政许可
    pub licensing: ItemChanges,
    /// 其他对外管理服务事项
    pub other_services: ItemChanges,
    /// 行政处罚
    pub punishment: ItemChanges,
    /// 行政强制
    pub coercion: ItemChanges,
    /// 行政事业性收费
    pub fees: Fees2019,
    /// 政府集中采购
    pub procurement: Procurement,
    /// Rows the template lacks but the report adds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_rows: Vec<ExtraRow>,
}

/// 规章 / 行政规范性文件 in the 2021 form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Documents2021 {
    /// 本年制发件数
    pub issued: Option<i64>,
    /// 本年废止件数
    pub repealed: Option<i64>,
    /// 现行有效件数
    pub in_force: Option<i64>,
}

/// 行政许可 / 行政处罚 / 行政强制 in the 2021 form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Decisions {
    /// 本年处理决定数量
    pub decisions: Option<i64>,
}

/// 行政事业性收费 in the 2021 form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Fees2021 {
    /// 本年收费金额, in 万元.
    pub amount_wan_yuan: Option<f64>,
}

/// 规章 / 规范性文件 in the 2019 form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Documents2019 {
    /// 本年新制作数量
    pub made: Option<i64>,
    /// 本年新公开数量
    pub published: Option<i64>,
    /// 对外公开总数量
    pub total_published: Option<i64>,
}

/// Licensing, services, punishment, coercion in the 2019 form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ItemChanges {
    /// 上一年项目数量
    pub previous_items: Option<i64>,
    /// 本年增/减, signed.
    pub change: Option<i64>,
    /// 处理决定数量
    pub decisions: Option<i64>,
}

/// 行政事业性收费 in the 2019 form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Fees2019 {
    /// 上一年项目数量
    pub previous_items: Option<i64>,
    /// 本年增/减, signed.
    pub change: Option<i64>,
}

/// 政府集中采购 in the 2019 form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Procurement {
    /// 采购项目数量
    pub items: Option<i64>,
    /// 采购总金额, in 万元.
    pub amount_wan_yuan: Option<f64>,
}

/// A row of section 二 that the template does not have.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ExtraRow {
    /// The row's label as printed.
    pub label: String,
    /// The row's numbers, in order; `null` for blanks.
    pub values: Vec<Option<f64>>,
}

/// Section 三's matrix: rows keyed as in the contract (`received`, `denied.state_secret`, …),
/// in the form's order. Keys are the forms' own (borrowed) wherever the form names the row.
pub type Applications = IndexMap<Cow<'static, str>, ApplicantCounts>;

/// One row of section 三: a count per applicant column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ApplicantCounts {
    /// 自然人
    pub natural_person: Option<i64>,
    /// 商业企业
    pub commercial_enterprise: Option<i64>,
    /// 科研机构
    pub research_institution: Option<i64>,
    /// 社会公益组织
    pub social_welfare_organization: Option<i64>,
    /// 法律服务机构
    pub legal_service_agency: Option<i64>,
    /// 其他
    pub other_organization: Option<i64>,
    /// 法人或其他组织 小计, only where the report has that column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_person_subtotal: Option<Option<i64>>,
    /// 总计
    pub total: Option<i64>,
}

/// Section 四.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewsAndLawsuits {
    /// 行政复议
    pub review: Outcomes,
    /// 行政诉讼 未经复议直接起诉
    pub lawsuit_direct: Outcomes,
    /// 行政诉讼 复议后起诉
    pub lawsuit_after_review: Outcomes,
}

/// The five numbers of one group of section 四.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Outcomes {
    /// 结果维持
    pub upheld: Option<i64>,
    /// 结果纠正
    pub corrected: Option<i64>,
    /// 其他结果
    pub other: Option<i64>,
    /// 尚未审结
    pub pending: Option<i64>,
    /// 总计
    pub total: Option<i64>,
}

/// One accounting identity, judged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Check {
    /// The rule, e.g. `applications.balance`.
    pub rule: Cow<'static, str>,
    /// What the rule was applied to: a column or row key.
    pub scope: Cow<'static, str>,
    /// The verdict.
    pub status: CheckStatus,
    /// The value the identity demands (the printed total side).
    pub expected: Option<i64>,
    /// The value the report's other numbers give (the summed side).
    pub actual: Option<i64>,
    /// The cells involved, as `table.row.column` paths.
    pub cells: Cow<'static, [Cow<'static, str>]>,
    /// For a rule that holds the prose to the tables (`narrative.*`): the clause of the report's
    /// text that states the figure, as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// The verdict on one identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    /// The identity holds.
    Pass,
    /// The identity does not hold.
    Fail,
    /// An operand is blank or missing, so the identity cannot be judged.
    NotAssessable,
}

/// Something the parser noticed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// A stable snake_case identifier, e.g. `unrecognized_row`.
    pub code: Code,
    /// For people; may change between versions.
    pub message: String,
    /// 1-based line in the dump, where one applies.
    pub line: Option<usize>,
}

/// A diagnostic's stable code, serialised as its snake_case name (`cell_count`); what each
/// means is in docs/output.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Code {
    /// `ambiguous_cells`
    AmbiguousCells,
    /// `blank_cells`
    BlankCells,
    /// `bom_overrides_encoding`
    BomOverridesEncoding,
    /// `cell_count`
    CellCount,
    /// `cells_unpacked`
    CellsUnpacked,
    /// `concatenated_reports`
    ConcatenatedReports,
    /// `duplicate_row`
    DuplicateRow,
    /// `encoding_fallback`
    EncodingFallback,
    /// `internal_error`
    InternalError,
    /// `layout_lost`
    LayoutLost,
    /// `lossy_decode`
    LossyDecode,
    /// `merged_cell_repeated`
    MergedCellRepeated,
    /// `missing_row`
    MissingRow,
    /// `statistics_period_year`
    StatisticsPeriodYear,
    /// `missing_section`
    MissingSection,
    /// `missing_table`
    MissingTable,
    /// `missing_title`
    MissingTitle,
    /// `non_numeric_cell`
    NonNumericCell,
    /// `one_cell_per_line`
    OneCellPerLine,
    /// `page_furniture`
    PageFurniture,
    /// `placed_by_order`
    PlacedByOrder,
    /// `placed_by_position`
    PlacedByPosition,
    /// `placed_by_position_alone`
    PlacedByPositionAlone,
    /// `row_joined`
    RowJoined,
    /// `short_row`
    ShortRow,
    /// `split_inferred`
    SplitInferred,
    /// `template_mixed`
    TemplateMixed,
    /// `unit_converted`
    UnitConverted,
    /// `unplaced_numbers`
    UnplacedNumbers,
    /// `unplaced_rows`
    UnplacedRows,
    /// `unrecognized_row`
    UnrecognizedRow,
    /// `whole_row`
    WholeRow,
    /// `wrapped_number`
    WrappedNumber,
}

impl Code {
    /// The code as the contract spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::AmbiguousCells => "ambiguous_cells",
            Code::BlankCells => "blank_cells",
            Code::BomOverridesEncoding => "bom_overrides_encoding",
            Code::CellCount => "cell_count",
            Code::CellsUnpacked => "cells_unpacked",
            Code::ConcatenatedReports => "concatenated_reports",
            Code::StatisticsPeriodYear => "statistics_period_year",
            Code::DuplicateRow => "duplicate_row",
            Code::EncodingFallback => "encoding_fallback",
            Code::InternalError => "internal_error",
            Code::LayoutLost => "layout_lost",
            Code::LossyDecode => "lossy_decode",
            Code::MergedCellRepeated => "merged_cell_repeated",
            Code::MissingRow => "missing_row",
            Code::MissingSection => "missing_section",
            Code::MissingTable => "missing_table",
            Code::MissingTitle => "missing_title",
            Code::NonNumericCell => "non_numeric_cell",
            Code::OneCellPerLine => "one_cell_per_line",
            Code::PageFurniture => "page_furniture",
            Code::PlacedByOrder => "placed_by_order",
            Code::PlacedByPosition => "placed_by_position",
            Code::PlacedByPositionAlone => "placed_by_position_alone",
            Code::RowJoined => "row_joined",
            Code::ShortRow => "short_row",
            Code::SplitInferred => "split_inferred",
            Code::TemplateMixed => "template_mixed",
            Code::UnitConverted => "unit_converted",
            Code::UnplacedNumbers => "unplaced_numbers",
            Code::UnplacedRows => "unplaced_rows",
            Code::UnrecognizedRow => "unrecognized_row",
            Code::WholeRow => "whole_row",
            Code::WrappedNumber => "wrapped_number",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

/// The severity of a diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Noted, no doubt about any value.
    Info,
    /// Read, with doubt.
    Warning,
    /// A table or value could not be read.
    Error,
}

/// Where each number came from: table → row → field → origin, the same shape as the tables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Provenance {
    /// Origins of section 二's numbers.
    pub active_disclosure: OriginTable,
    /// Origins of section 三's numbers.
    pub applications: OriginTable,
    /// Origins of section 四's numbers.
    pub reviews_and_lawsuits: OriginTable,
}

/// Origins of one table's numbers: row key → field key → origin.
pub type OriginTable = IndexMap<String, IndexMap<String, Origin>>;

/// Where one number was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Origin {
    /// 1-based line in the dump.
    pub line: usize,
    /// 1-based column, counting characters.
    pub column: usize,
    /// The cell's text as printed.
    pub raw: String,
    /// For a web page or Word file: the document's table (1-based, in document order; tables
    /// of page layout not counted), its grid row and grid column, spanned cells counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<GridCell>,
}

/// A cell of a document's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct GridCell {
    /// 1-based table, in document order.
    pub table: usize,
    /// 1-based row of its grid.
    pub row: usize,
    /// 1-based column of its grid.
    pub column: usize,
}
