//! The printed forms: each table of a report laid out as the official form prints it, with the
//! form's own header and row labels, merged cells included, and every value cell named by its
//! path in the output contract (`applications.received.natural_person`).
//!
//! This is what a person sees; the readers' label catalogs (which words identify a row in a
//! dump) are another matter and live with the readers. Front ends (the review page, a
//! spreadsheet's header row) take the layout from here, so the form is described once.

use std::borrow::Cow;

use crate::model::{ActiveDisclosure, Report, Template};

/// One table of the form (section 二, 三 or 四), in one or more printed grids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The table's key in the output contract: `active_disclosure`, `applications` or
    /// `reviews_and_lawsuits`.
    pub key: &'static str,
    /// The section heading as the form prints it.
    pub title: &'static str,
    /// The printed grids: section 二 has one per item of 第二十条, the others one.
    pub grids: Vec<Grid>,
}

/// A printed grid: header rows, then body rows, each a list of cells left to right.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    /// A title above the grid (`第二十条第（一）项`).
    pub caption: Option<&'static str>,
    /// Header rows.
    pub header: Vec<Vec<Cell>>,
    /// Body rows: label cells, then value cells.
    pub body: Vec<Vec<Cell>>,
}

/// A cell of a printed grid: a label, or a value's place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The label as printed; empty for a value cell.
    pub text: Cow<'static, str>,
    /// Rows the cell spans (1 or more).
    pub rowspan: usize,
    /// Columns the cell spans (1 or more).
    pub colspan: usize,
    /// For a value cell, its path in the output contract.
    pub path: Option<String>,
}

impl Cell {
    fn label(text: impl Into<Cow<'static, str>>, rowspan: usize, colspan: usize) -> Cell {
        Cell { text: text.into(), rowspan, colspan, path: None }
    }

    fn value(path: String) -> Cell {
        Cell { text: Cow::Borrowed(""), rowspan: 1, colspan: 1, path: Some(path) }
    }
}

/// A row of section 二: key, printed label, the item of 第二十条 whose grid holds it, fields.
type DisclosureLayout = (&'static str, &'static str, &'static str, &'static [(&'static str, &'static str)]);

const COUNTS_2021: &[(&str, &str)] =
    &[("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")];
const DECISIONS_2021: &[(&str, &str)] = &[("decisions", "本年处理决定数量")];
const COUNTS_2019: &[(&str, &str)] =
    &[("made", "本年新制作数量"), ("published", "本年新公开数量"), ("total_published", "对外公开总数量")];
const ITEMS_2019: &[(&str, &str)] =
    &[("previous_items", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")];

const DISCLOSURE_2021: &[DisclosureLayout] = &[
    ("regulations", "规章", "第二十条第（一）项", COUNTS_2021),
    ("normative_documents", "行政规范性文件", "第二十条第（一）项", COUNTS_2021),
    ("licensing", "行政许可", "第二十条第（五）项", DECISIONS_2021),
    ("punishment", "行政处罚", "第二十条第（六）项", DECISIONS_2021),
    ("coercion", "行政强制", "第二十条第（六）项", DECISIONS_2021),
    ("fees", "行政事业性收费", "第二十条第（八）项", &[("amount_wan_yuan", "本年收费金额（单位：万元）")]),
];

const DISCLOSURE_2019: &[DisclosureLayout] = &[
    ("regulations", "规章", "第二十条第（一）项", COUNTS_2019),
    ("normative_documents", "规范性文件", "第二十条第（一）项", COUNTS_2019),
    ("licensing", "行政许可", "第二十条第（五）项", ITEMS_2019),
    ("other_services", "其他对外管理服务事项", "第二十条第（五）项", ITEMS_2019),
    ("punishment", "行政处罚", "第二十条第（六）项", ITEMS_2019),
    ("coercion", "行政强制", "第二十条第（六）项", ITEMS_2019),
    (
        "fees",
        "行政事业性收费",
        "第二十条第（八）项",
        &[("previous_items", "上一年项目数量"), ("change", "本年增/减")],
    ),
    (
        "procurement",
        "政府集中采购",
        "第二十条第（九）项",
        &[("items", "采购项目数量"), ("amount_wan_yuan", "采购总金额")],
    ),
];

/// Section 三's rows as printed: key, label. Group rows (（三）…（六）) span their items.
const APPLICATION_LABELS: &[(&str, &str)] = &[
    ("received", "一、本年新收政府信息公开申请数量"),
    ("carried_over", "二、上年结转政府信息公开申请数量"),
    ("granted", "（一）予以公开"),
    ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("denied", "（三）不予公开"),
    ("denied.state_secret", "1.属于国家秘密"),
    ("denied.prohibited_by_law", "2.其他法律行政法规禁止公开"),
    ("denied.security_stability", "3.危及“三安全一稳定”"),
    ("denied.third_party_rights", "4.保护第三方合法权益"),
    ("denied.internal_affairs", "5.属于三类内部事务信息"),
    ("denied.process_information", "6.属于四类过程性信息"),
    ("denied.law_enforcement_files", "7.属于行政执法案卷"),
    ("denied.administrative_query", "8.属于行政查询事项"),
    ("unable", "（四）无法提供"),
    ("unable.not_held", "1.本机关不掌握相关政府信息"),
    ("unable.needs_creation", "2.没有现成信息需要另行制作"),
    ("unable.unclear_after_correction", "3.补正后申请内容仍不明确"),
    ("not_processed", "（五）不予处理"),
    ("not_processed.complaint", "1.信访举报投诉类申请"),
    ("not_processed.duplicate", "2.重复申请"),
    ("not_processed.publication", "3.要求提供公开出版物"),
    ("not_processed.excessive", "4.无正当理由大量反复申请"),
    ("not_processed.reconfirmation", "5.要求行政机关确认或重新出具已获取信息"),
    ("other_handling", "（六）其他处理"),
    ("other_handling.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_handling.unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_handling.other", "3.其他"),
    ("total_processed", "（七）总计"),
    ("carried_forward", "四、结转下年度继续办理"),
];

/// Section 三's columns as printed: key, label (the five legal-person columns sit under
/// 法人或其他组织).
const APPLICANT_LABELS: &[(&str, &str)] = &[
    ("natural_person", "自然人"),
    ("commercial_enterprise", "商业企业"),
    ("research_institution", "科研机构"),
    ("social_welfare_organization", "社会公益组织"),
    ("legal_service_agency", "法律服务机构"),
    ("other_organization", "其他"),
    ("legal_person_subtotal", "小计"),
    ("total", "总计"),
];

/// Section 四's groups and results as printed.
const REVIEW_GROUPS: [(&str, &str); 3] =
    [("review", "行政复议"), ("lawsuit_direct", "未经复议直接起诉"), ("lawsuit_after_review", "复议后起诉")];
const REVIEW_RESULTS: [(&str, &str); 5] = [
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
];

/// The report's tables laid out as its form prints them: section 二 for its template, section
/// 三 with the rows the report has (a 小计 row or column where it printed one), section 四.
/// A table the report does not have is left out.
///
/// ```
/// let dump = "某局2023年政府信息公开工作年度报告\n一、总体情况\n正文\n四、政府信息公开行政复议、行政诉讼情况\n\
///             0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n";
/// let report = nianbao::extract(dump.as_bytes(), &nianbao::Options::default()).unwrap();
/// let tables = nianbao::form::tables(&report);
/// let reviews = tables.iter().find(|t| t.key == "reviews_and_lawsuits").unwrap();
/// assert_eq!(reviews.grids[0].header[0][0].text, "行政复议");
/// assert_eq!(reviews.grids[0].body[0][0].path.as_deref(), Some("reviews_and_lawsuits.review.upheld"));
/// ```
pub fn tables(report: &Report) -> Vec<Table> {
    let mut tables = Vec::with_capacity(3);
    if let Some(disclosure) = &report.active_disclosure {
        let template = match disclosure {
            ActiveDisclosure::Form2021(_) => Template::Form2021,
            ActiveDisclosure::Form2019(_) => Template::Form2019,
        };
        tables.push(active_disclosure(template));
    }
    if let Some(applications) = &report.applications {
        let keys: Vec<&str> = applications.keys().map(|k| k.as_ref()).collect();
        let subtotal = applications.values().any(|row| row.legal_person_subtotal.is_some());
        tables.push(self::applications(&keys, subtotal));
    }
    if report.reviews_and_lawsuits.is_some() {
        tables.push(reviews_and_lawsuits());
    }
    tables
}

/// The printed words for a value's path (`applications.received.natural_person` →
/// `一、本年新收政府信息公开申请数量 · 自然人`), for either form; `None` for a path no form has.
///
/// ```
/// assert_eq!(
///     nianbao::form::label("reviews_and_lawsuits.lawsuit_direct.total").as_deref(),
///     Some("未经复议直接起诉 · 总计")
/// );
/// ```
pub fn label(path: &str) -> Option<String> {
    let (table, rest) = path.split_once('.')?;
    let (row, field) = rest.rsplit_once('.')?;
    let found =
        |list: &[(&'static str, &'static str)], key: &str| list.iter().find(|(k, _)| *k == key).map(|p| p.1);
    let (row, field) = match table {
        "active_disclosure" => {
            DISCLOSURE_2021.iter().chain(DISCLOSURE_2019).find_map(|(key, label, _, fields)| {
                (*key == row).then(|| found(fields, field).map(|f| (*label, f))).flatten()
            })?
        }
        "applications" => {
            (subtotal_label(row).or_else(|| found(APPLICATION_LABELS, row))?, found(APPLICANT_LABELS, field)?)
        }
        "reviews_and_lawsuits" => (found(&REVIEW_GROUPS, row)?, found(&REVIEW_RESULTS, field)?),
        _ => return None,
    };
    Some(format!("{row} · {field}"))
}

/// Every value path either form can have, in a fixed order: section 二 (the 2021 form's rows,
/// then the 2019 form's), section 三 (every row and column, 小计 included), section 四.
pub fn all_paths() -> Vec<String> {
    let mut paths = Vec::new();
    for (row, _, _, fields) in DISCLOSURE_2021.iter().chain(DISCLOSURE_2019) {
        for (field, _) in *fields {
            let path = format!("active_disclosure.{row}.{field}");
            if !paths.contains(&path) {
                paths.push(path);
            }
        }
    }
    let rows = APPLICATION_LABELS.iter().map(|(k, _)| *k).filter(|k| !is_group(k) || *k == "other_handling");
    let subtotals = ["denied", "unable", "not_processed", "other_handling"].map(|g| format!("{g}.subtotal"));
    let rows: Vec<Cow<str>> = rows.map(Cow::Borrowed).chain(subtotals.into_iter().map(Cow::Owned)).collect();
    for row in &rows {
        for (column, _) in APPLICANT_LABELS {
            paths.push(format!("applications.{row}.{column}"));
        }
    }
    for (group, _) in REVIEW_GROUPS {
        for (result, _) in REVIEW_RESULTS {
            paths.push(format!("reviews_and_lawsuits.{group}.{result}"));
        }
    }
    paths
}

/// Whether a key of section 三 names a group of numbered items (（三）…（六）).
fn is_group(key: &str) -> bool {
    matches!(key, "denied" | "unable" | "not_processed" | "other_handling")
}

fn subtotal_label(row: &str) -> Option<&'static str> {
    row.strip_suffix(".subtotal").filter(|g| is_group(g)).map(|_| "小计")
}

fn active_disclosure(template: Template) -> Table {
    let rows = if template == Template::Form2019 { DISCLOSURE_2019 } else { DISCLOSURE_2021 };
    let mut grids: Vec<Grid> = Vec::new();
    for (key, label, item, fields) in rows {
        if grids.last().is_none_or(|g| g.caption != Some(*item)) {
            let mut header = vec![Cell::label("信息内容", 1, 1)];
            header.extend(fields.iter().map(|(_, f)| Cell::label(*f, 1, 1)));
            grids.push(Grid { caption: Some(item), header: vec![header], body: Vec::new() });
        }
        let mut row = vec![Cell::label(*label, 1, 1)];
        row.extend(fields.iter().map(|(f, _)| Cell::value(format!("active_disclosure.{key}.{f}"))));
        if let Some(grid) = grids.last_mut() {
            grid.body.push(row);
        }
    }
    Table { key: "active_disclosure", title: "二、主动公开政府信息情况", grids }
}

fn applications(keys: &[&str], subtotal: bool) -> Table {
    let columns: Vec<(&str, &str)> =
        APPLICANT_LABELS.iter().copied().filter(|(k, _)| subtotal || *k != "legal_person_subtotal").collect();
    let legal = columns.len().saturating_sub(2);
    let header = vec![
        vec![
            Cell::label("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
            Cell::label("申请人情况", 1, columns.len()),
        ],
        vec![Cell::label("自然人", 2, 1), Cell::label("法人或其他组织", 1, legal), Cell::label("总计", 2, 1)],
        columns.iter().skip(1).take(legal).map(|(_, label)| Cell::label(*label, 1, 1)).collect(),
    ];
    let outcomes =
        keys.iter().filter(|k| !matches!(**k, "received" | "carried_over" | "carried_forward")).count();
    let mut body = Vec::with_capacity(keys.len());
    let mut outcome_started = false;
    let mut group_open: Option<&str> = None;
    for key in keys {
        let mut row = Vec::new();
        let group = key.split_once('.').map(|(g, _)| g).filter(|g| is_group(g));
        match *key {
            "received" | "carried_over" | "carried_forward" => row.push(Cell::label(printed(key), 1, 3)),
            _ => {
                if !outcome_started {
                    outcome_started = true;
                    row.push(Cell::label("三、本年度办理结果", outcomes, 1));
                }
                match group {
                    Some(group) => {
                        if group_open != Some(group) {
                            let items = keys
                                .iter()
                                .filter(|k| k.strip_prefix(group).is_some_and(|r| r.starts_with('.')))
                                .count();
                            row.push(Cell::label(printed(group), items, 1));
                        }
                        row.push(Cell::label(subtotal_label(key).unwrap_or_else(|| printed(key)), 1, 1));
                    }
                    // The 2021 form's （六） printed whole, as the 2019 form has it.
                    None if is_group(key)
                        && keys.iter().any(|k| k.strip_prefix(*key).is_some_and(|r| r.starts_with('.'))) =>
                    {
                        row.push(Cell::label("（六）其他处理（未分项）", 1, 2))
                    }
                    None => row.push(Cell::label(printed(key), 1, 2)),
                }
            }
        }
        group_open = group;
        row.extend(columns.iter().map(|(column, _)| Cell::value(format!("applications.{key}.{column}"))));
        body.push(row);
    }
    Table {
        key: "applications",
        title: "三、收到和处理政府信息公开申请情况",
        grids: vec![Grid { caption: None, header, body }],
    }
}

fn printed(key: &str) -> &'static str {
    APPLICATION_LABELS.iter().find(|(k, _)| *k == key).map_or("", |(_, label)| label)
}

fn reviews_and_lawsuits() -> Table {
    let results = || REVIEW_RESULTS.iter().map(|(_, label)| Cell::label(*label, 1, 1));
    let header = vec![
        vec![Cell::label("行政复议", 1, 5), Cell::label("行政诉讼", 1, 10)],
        vec![
            Cell::label("", 1, 5),
            Cell::label(REVIEW_GROUPS[1].1, 1, 5),
            Cell::label(REVIEW_GROUPS[2].1, 1, 5),
        ],
        results().chain(results()).chain(results()).collect(),
    ];
    let body = vec![REVIEW_GROUPS
        .iter()
        .flat_map(|(group, _)| REVIEW_RESULTS.iter().map(move |(result, _)| (group, result)))
        .map(|(group, result)| Cell::value(format!("reviews_and_lawsuits.{group}.{result}")))
        .collect()];
    Table {
        key: "reviews_and_lawsuits",
        title: "四、政府信息公开行政复议、行政诉讼情况",
        grids: vec![Grid { caption: None, header, body }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_has_a_label_and_paths_are_unique() {
        let paths = all_paths();
        for path in &paths {
            assert!(label(path).is_some(), "{path}");
        }
        let mut sorted = paths.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), paths.len());
    }

    #[test]
    fn the_application_grid_spans_its_groups() {
        let keys = [
            "received",
            "carried_over",
            "granted",
            "denied.state_secret",
            "denied.subtotal",
            "total_processed",
            "carried_forward",
        ];
        let table = applications(&keys, false);
        let grid = &table.grids[0];
        // 三、本年度办理结果 spans the four outcome rows; （三）不予公开 its item and its 小计.
        assert_eq!((grid.body[2][0].text.as_ref(), grid.body[2][0].rowspan), ("三、本年度办理结果", 4));
        assert_eq!((grid.body[3][0].text.as_ref(), grid.body[3][0].rowspan), ("（三）不予公开", 2));
        assert_eq!(grid.body[4][0].text, "小计");
        // Every row is as wide as the header: 3 label columns and 7 value columns.
        assert_eq!(grid.header[0].iter().map(|c| c.colspan).sum::<usize>(), 10);
        assert_eq!(grid.body[0].iter().map(|c| c.colspan).sum::<usize>(), 10);
    }
}
