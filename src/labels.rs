//! Label catalogs: the Chinese labels nianbao matches, kept as data.
//!
//! Every table maps a contract key to the labels that name it. Labels are compared after
//! [`fold_label`](crate::normalize::fold_label) (no spaces, no quotes, ASCII brackets and item
//! separators), so a catalog entry lists only genuinely different wordings. Adding a variant
//! seen in a real report means adding a string here, nothing else.

use crate::model::SectionKind;

/// Which template forms a row or column belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forms {
    /// Both unified forms.
    Both,
    /// Only the 2019 trial form.
    Only2019,
    /// Only the 2021 form.
    Only2021,
}

/// A top-level section: its kind, its number in the forms, and words that identify its heading's
/// title.
pub struct SectionLabel {
    /// What the section is about.
    pub kind: SectionKind,
    /// The section's number in the unified forms (二 = 2 for active disclosure).
    pub number: u32,
    /// Any of these in the folded title identifies the kind.
    pub keywords: &'static [&'static str],
}

/// Section kinds by heading words, tried in order (the first match wins).
pub const SECTIONS: &[SectionLabel] = &[
    SectionLabel {
        kind: SectionKind::ReviewsAndLawsuits, number: 4, keywords: &["行政复议", "行政诉讼"]
    },
    SectionLabel {
        kind: SectionKind::Problems,
        number: 5,
        keywords: &["主要问题", "存在问题", "改进情况", "改进措施"],
    },
    SectionLabel {
        kind: SectionKind::OtherMatters,
        number: 6,
        keywords: &["其他需要报告", "其他需报告", "其他事项"],
    },
    SectionLabel { kind: SectionKind::ActiveDisclosure, number: 2, keywords: &["主动公开"] },
    SectionLabel {
        kind: SectionKind::Applications, number: 3, keywords: &["收到和处理", "依申请公开"]
    },
    SectionLabel {
        kind: SectionKind::Overview, number: 1, keywords: &["总体情况", "概述", "基本情况"]
    },
];

/// Heading titles as printed, used to find where an inline heading (in text flattened to one
/// paragraph) ends. Longer wordings first.
pub const HEADING_TITLES: &[&str] = &[
    "因政府信息公开工作被申请行政复议、提起行政诉讼的情况",
    "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
    "因政府信息公开申请行政复议、提起行政诉讼的情况",
    "因政府信息公开申请行政复议、提起行政诉讼情况",
    "政府信息公开行政复议、行政诉讼情况",
    "行政机关收到和处理政府信息公开申请情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开工作存在的主要问题及改进情况",
    "政府信息公开工作存在的主要问题及改进措施",
    "存在的主要问题及改进情况",
    "存在的主要问题及改进措施",
    "主要问题和改进措施",
    "行政机关主动公开政府信息情况",
    "主动公开政府信息情况",
    "政府信息依申请公开工作情况",
    "政府信息依申请公开办理情况",
    "政府信息公开情况统计表",
    "其他需要报告的事项",
    "其他需报告事项",
    "总体情况",
    "概述",
];

/// Words that mark a line as a row of the application matrix, never a section heading, even
/// when it starts with a numeral and a 、 (`四、结转下年度继续办理`).
pub const MATRIX_ROW_WORDS: &[&str] = &["本年新收", "上年结转", "本年度办理结果", "结转下年度", "本年度办"];

/// One row of a table: its contract key and the words that identify its label.
pub struct RowLabel {
    /// The contract key, e.g. `denied.state_secret`.
    pub key: &'static str,
    /// Any of these in the folded label identifies the row.
    pub keywords: &'static [&'static str],
    /// The forms that have this row.
    pub forms: Forms,
}

const fn row(key: &'static str, keywords: &'static [&'static str], forms: Forms) -> RowLabel {
    RowLabel { key, keywords, forms }
}

/// Section 三's rows, in the forms' order.
pub const APPLICATION_ROWS: &[RowLabel] = &[
    row("received", &["本年新收"], Forms::Both),
    row("carried_over", &["上年结转"], Forms::Both),
    row("granted", &["予以公开"], Forms::Both),
    row("partially_granted", &["部分公开"], Forms::Both),
    row("denied.state_secret", &["国家秘密"], Forms::Both),
    row("denied.prohibited_by_law", &["法律行政法规禁止", "行政法规禁止公开"], Forms::Both),
    row("denied.security_stability", &["三安全一稳定", "危及三安全"], Forms::Both),
    row("denied.third_party_rights", &["第三方合法权益"], Forms::Both),
    row("denied.internal_affairs", &["内部事务"], Forms::Both),
    row("denied.process_information", &["过程性信息"], Forms::Both),
    row("denied.law_enforcement_files", &["行政执法案卷", "执法案卷"], Forms::Both),
    row("denied.administrative_query", &["行政查询"], Forms::Both),
    row("unable.not_held", &["不掌握"], Forms::Both),
    row("unable.needs_creation", &["另行制作"], Forms::Both),
    row("unable.unclear_after_correction", &["仍不明确", "补正后申请"], Forms::Both),
    row("not_processed.complaint", &["信访举报", "投诉类"], Forms::Both),
    row("not_processed.duplicate", &["重复申请"], Forms::Both),
    row("not_processed.publication", &["公开出版物"], Forms::Both),
    row("not_processed.excessive", &["大量反复"], Forms::Both),
    row("not_processed.reconfirmation", &["重新出具", "确认或重新"], Forms::Both),
    row("other_handling", &["其他处理"], Forms::Only2019),
    row("other_handling.no_correction", &["逾期不补正"], Forms::Only2021),
    row("other_handling.unpaid_fee", &["收费通知", "缴纳费用"], Forms::Only2021),
    row("other_handling.other", &["3.其他"], Forms::Only2021),
    row("total_processed", &["总计"], Forms::Both),
    row("carried_forward", &["结转下年度", "继续办理"], Forms::Both),
];

/// Rows the 2021 form splits into numbered items that a 2021 report may still print whole, as
/// the 2019 form did (`（六）其他处理` without its items 1–3). Read under the 2019 form's key, with
/// the items null; the items are preferred wherever a label names one.
pub const WHOLE_ROWS_2021: &[&str] = &["other_handling"];

/// The rows of section 三 whose sum is （七）总计 (outcome rows), by key prefix.
pub const OUTCOME_GROUPS: &[&str] =
    &["granted", "partially_granted", "denied", "unable", "not_processed", "other_handling"];

/// Whether `key` is an outcome row of section 三, one of those adding up to （七）总计 (a 小计
/// row is not).
pub fn is_outcome_row(key: &str) -> bool {
    !key.ends_with(".subtotal")
        && OUTCOME_GROUPS.iter().any(|g| key == *g || key.strip_prefix(g).is_some_and(|r| r.starts_with('.')))
}

/// The sections that hold the form's tables (二, 三, 四).
pub const TABLE_SECTIONS: [SectionKind; 3] =
    [SectionKind::ActiveDisclosure, SectionKind::Applications, SectionKind::ReviewsAndLawsuits];

/// Group labels of section 三, for 小计 rows: key prefix and the words naming the group.
pub const APPLICATION_GROUPS: &[(&str, &[&str])] = &[
    ("denied", &["不予公开"]),
    ("unable", &["无法提供"]),
    ("not_processed", &["不予处理"]),
    ("other_handling", &["其他处理"]),
];

/// The key of each group's 小计 row.
pub const SUBTOTAL_ROWS: &[(&str, &str)] = &[
    ("denied", "denied.subtotal"),
    ("unable", "unable.subtotal"),
    ("not_processed", "not_processed.subtotal"),
    ("other_handling", "other_handling.subtotal"),
];

/// The word that marks a subtotal row or column.
pub const SUBTOTAL: &str = "小计";

/// Section 三's columns when the header has no 小计 column: the six applicant columns and 总计.
pub const MATRIX_COLUMNS: [&str; 7] = [
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_organization",
    "legal_service_agency",
    "other_organization",
    "total",
];

/// The six applicant columns, whose sum is 总计.
pub const APPLICANT_PARTS: &[&str] = MATRIX_COLUMNS.split_at(6).0;

/// Section 三's columns in order: contract key and the folded header texts naming it.
pub const APPLICANT_COLUMNS: &[(&str, &[&str])] = &[
    ("natural_person", &["自然人"]),
    ("commercial_enterprise", &["商业企业"]),
    ("research_institution", &["科研机构"]),
    ("social_welfare_organization", &["社会公益组织", "公益组织"]),
    ("legal_service_agency", &["法律服务机构"]),
    ("other_organization", &["其他", "其他组织"]),
    ("legal_person_subtotal", &["小计"]),
    ("total", &["总计", "合计"]),
];

/// Section 四's fifteen numbers in printed order: group key and field key.
#[allow(clippy::indexing_slicing)] // evaluated at compile time
pub const REVIEW_CELLS: [(&str, &str); 15] = {
    const GROUPS: [&str; 3] = ["review", "lawsuit_direct", "lawsuit_after_review"];
    const FIELDS: [&str; 5] = ["upheld", "corrected", "other", "pending", "total"];
    let mut cells = [("", ""); 15];
    let mut i = 0;
    while i < 15 {
        cells[i] = (GROUPS[i / 5], FIELDS[i % 5]);
        i += 1;
    }
    cells
};

/// The five result columns of each group of section 四, as printed in its header.
pub const REVIEW_RESULTS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

/// One row of section 二: its key, its label words, and its fields in printed order.
pub struct DisclosureRow {
    /// The contract key, e.g. `normative_documents`.
    pub key: &'static str,
    /// Any of these in the folded label identifies the row.
    pub keywords: &'static [&'static str],
    /// Field keys in column order.
    pub fields: &'static [&'static str],
    /// Whether the last field is money (万元).
    pub money: bool,
    /// The item of 第二十条 whose sub-table holds the row: 1 for `第二十条第（一）项`.
    pub item: u32,
}

const fn disclosure(
    item: u32,
    key: &'static str,
    keywords: &'static [&'static str],
    fields: &'static [&'static str],
    money: bool,
) -> DisclosureRow {
    DisclosureRow { key, keywords, fields, money, item }
}

/// Section 二's rows in the 2021 form.
pub const DISCLOSURE_ROWS_2021: &[DisclosureRow] = &[
    disclosure(1, "regulations", &["规章"], &["issued", "repealed", "in_force"], false),
    disclosure(1, "normative_documents", &["规范性文件"], &["issued", "repealed", "in_force"], false),
    disclosure(5, "licensing", &["行政许可"], &["decisions"], false),
    disclosure(6, "punishment", &["行政处罚"], &["decisions"], false),
    disclosure(6, "coercion", &["行政强制"], &["decisions"], false),
    disclosure(8, "fees", &["行政事业性收费", "事业性收费"], &["amount_wan_yuan"], true),
];

/// Section 二's rows in the 2019 form.
pub const DISCLOSURE_ROWS_2019: &[DisclosureRow] = &[
    disclosure(1, "regulations", &["规章"], &["made", "published", "total_published"], false),
    disclosure(1, "normative_documents", &["规范性文件"], &["made", "published", "total_published"], false),
    disclosure(5, "licensing", &["行政许可"], &["previous_items", "change", "decisions"], false),
    disclosure(5, "other_services", &["对外管理服务"], &["previous_items", "change", "decisions"], false),
    disclosure(6, "punishment", &["行政处罚"], &["previous_items", "change", "decisions"], false),
    disclosure(6, "coercion", &["行政强制"], &["previous_items", "change", "decisions"], false),
    disclosure(8, "fees", &["行政事业性收费", "事业性收费"], &["previous_items", "change"], false),
    disclosure(9, "procurement", &["集中采购"], &["items", "amount_wan_yuan"], true),
];

/// The header cell that opens a sub-table of section 二 (`信息内容`), and the title row
/// (`第二十条第（一）项`).
pub const DISCLOSURE_HEADER: &str = "信息内容";
/// See [`DISCLOSURE_HEADER`].
pub const DISCLOSURE_TITLE: &str = "第二十条";

/// The column headers of section 二's sub-tables: field key and the folded words naming it.
pub const DISCLOSURE_FIELD_HEADERS: &[(&str, &[&str])] = &[
    ("issued", &["制发件数"]),
    ("repealed", &["废止件数", "度止件数"]),
    ("in_force", &["现行有效件数"]),
    ("made", &["新制作数量"]),
    ("published", &["新公开数量"]),
    ("total_published", &["对外公开总数量"]),
    ("previous_items", &["上一年项目数量"]),
    ("change", &["增/减", "增减"]),
    ("decisions", &["处理决定数量"]),
    ("items", &["采购项目数量"]),
    ("amount_wan_yuan", &["收费金额", "采购总金额"]),
];

/// Header words found only in the 2021 form's tables.
pub const FORM_2021_MARKERS: &[&str] =
    &["制发件数", "废止件数", "度止件数", "现行有效件数", "本年收费金额", "逾期不补正", "收费通知"];
/// Header words found only in the 2019 form's tables.
pub const FORM_2019_MARKERS: &[&str] =
    &["新制作数量", "新公开数量", "对外公开总数量", "上一年项目数量", "采购项目数量", "采购总金额"];

/// Words of a title that end the agency's name (`…政府办公厅` + `政府信息公开工作年度报告`).
pub const TITLE_TAIL_WORDS: &[&str] = &["政府信息公开", "政务公开", "信息公开", "年度报告", "工作报告"];

/// Words of which a report's title holds at least one (`…年度报告`, `…年报`).
pub const TITLE_WORDS: &[&str] = &["报告", "年报"];

/// Header keys of crawler dumps that carry the title (`标题: …`).
pub const TITLE_HEADER_KEYS: &[&str] = &["标题:", "标题 :", "title:"];

/// The form's words for a key of a row, an applicant column or a section 四 group, as messages
/// show them beside the key (`natural_person` → `自然人`, `denied.state_secret` → `国家秘密`,
/// `review` → `行政复议`); `None` for a key the form does not name.
///
/// ```
/// assert_eq!(nianbao::form_label("natural_person"), Some("自然人"));
/// assert_eq!(nianbao::form_label("review"), Some("行政复议"));
/// assert_eq!(nianbao::form_label("no_such_key"), None);
/// ```
pub fn form_label(key: &str) -> Option<&'static str> {
    const GROUPS: [(&str, &str); 3] = [
        ("review", "行政复议"),
        ("lawsuit_direct", "未经复议直接起诉"),
        ("lawsuit_after_review", "复议后起诉"),
    ];
    let column = APPLICANT_COLUMNS.iter().find(|(k, _)| *k == key).and_then(|(_, names)| names.first());
    let row = || APPLICATION_ROWS.iter().find(|r| r.key == key).and_then(|r| r.keywords.first());
    let group = || GROUPS.iter().find(|(k, _)| *k == key).map(|(_, label)| label);
    column.or_else(row).or_else(group).copied()
}
