//! Dumps nobody cleaned: one hand-made report per pattern that converters and `pdftotext` leave
//! (issue "Read the dumps nobody cleaned"), each asserting the values read, or the nulls and the
//! diagnostic that say why.

use nianbao::{CheckStatus, Report};
use serde_json::Value;

use crate::reports::report;

/// Section 三 of a 2021 report whose identities hold: label and the seven columns.
const MATRIX: [(&str, [i64; 7]); 25] = [
    ("一、本年新收政府信息公开申请数量", [6, 1, 0, 0, 0, 0, 7]),
    ("二、上年结转政府信息公开申请数量", [1, 0, 0, 0, 0, 0, 1]),
    ("（一）予以公开", [2, 0, 0, 0, 0, 0, 2]),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [1, 1, 0, 0, 0, 0, 2]),
    ("1.属于国家秘密", [1, 0, 0, 0, 0, 0, 1]),
    ("2.其他法律行政法规禁止公开", [1, 0, 0, 0, 0, 0, 1]),
    ("3.危及“三安全一稳定”", [0; 7]),
    ("4.保护第三方合法权益", [0; 7]),
    ("5.属于三类内部事务信息", [0; 7]),
    ("6.属于四类过程性信息", [0; 7]),
    ("7.属于行政执法案卷", [0; 7]),
    ("8.属于行政查询事项", [0; 7]),
    ("1.本机关不掌握相关政府信息", [1, 0, 0, 0, 0, 0, 1]),
    ("2.没有现成信息需要另行制作", [0; 7]),
    ("3.补正后申请内容仍不明确", [0; 7]),
    ("1.信访举报投诉类申请", [0; 7]),
    ("2.重复申请", [1, 0, 0, 0, 0, 0, 1]),
    ("3.要求提供公开出版物", [0; 7]),
    ("4.无正当理由大量反复申请", [0; 7]),
    ("5.要求行政机关确认或重新出具已获取信息", [0; 7]),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", [0; 7]),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [0; 7]),
    ("3.其他", [0; 7]),
    ("（七）总计", [7, 1, 0, 0, 0, 0, 8]),
    ("四、结转下年度继续办理", [0; 7]),
];

const HEAD: &str = "某区人民政府2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n二、主动公开政府信息情况\n\
| 第二十条第（一）项 | | | |\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n| 规章 | 0 | 0 | 0 |\n\
| 行政规范性文件 | 3 | 1 | 40 |\n三、收到和处理政府信息公开申请情况\n\
| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n\
|---|---|---|---|---|---|---|---|\n";

const TAIL: &str = "四、政府信息公开行政复议、行政诉讼情况\n0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n五、存在的主要问题及改进情况\n正文。\n六、其他需要报告的事项\n无。\n";

/// The report in markdown pipe tables, each matrix row written by `row` (label and numbers).
fn markdown(row: impl Fn(usize, &str, &[i64; 7]) -> String) -> String {
    let rows: String = MATRIX.iter().enumerate().map(|(i, (label, values))| row(i, label, values)).collect();
    format!("{HEAD}{rows}{TAIL}")
}

fn pipe_row(label: &str, values: &[i64; 7]) -> String {
    let cells: Vec<String> = values.iter().map(i64::to_string).collect();
    format!("| {label} | {} |\n", cells.join(" | "))
}

/// The text of a corpus dump (UTF-8).
fn corpus(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus").join(name);
    std::fs::read_to_string(path).expect("corpus file")
}

/// The report read from corpus dump `name` with its line `printed` damaged to `damaged`.
fn damaged(name: &str, printed: &str, damaged: &str) -> Report {
    let text = corpus(name);
    assert!(text.contains(printed), "{name} prints {printed:?}");
    report(&text.replace(printed, damaged))
}

fn json(report: &Report) -> Value {
    serde_json::to_value(report).expect("report serialises")
}

fn row(report: &Value, key: &str) -> Vec<Value> {
    let values = report["applications"][key].as_object().unwrap_or_else(|| panic!("row {key}"));
    values.values().cloned().collect()
}

fn numbers(values: [i64; 7]) -> Vec<Value> {
    values.iter().map(|&v| Value::from(v)).collect()
}

fn codes(report: &Report) -> Vec<&str> {
    report.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

/// Whether a `cell_count` error of `report` says `words` (why a row was left null).
fn cell_count_says(report: &Report, words: &str) -> bool {
    report.diagnostics.iter().any(|d| d.code.as_str() == "cell_count" && d.message.contains(words))
}

/// Every value of the matrix is the one the hand-made report prints.
fn assert_matrix_read(report: &Value) {
    for (key, (label, values)) in ROW_KEYS.iter().zip(MATRIX) {
        assert_eq!(row(report, key), numbers(values), "{key} ({label})");
    }
}

const ROW_KEYS: [&str; 25] = [
    "received",
    "carried_over",
    "granted",
    "partially_granted",
    "denied.state_secret",
    "denied.prohibited_by_law",
    "denied.security_stability",
    "denied.third_party_rights",
    "denied.internal_affairs",
    "denied.process_information",
    "denied.law_enforcement_files",
    "denied.administrative_query",
    "unable.not_held",
    "unable.needs_creation",
    "unable.unclear_after_correction",
    "not_processed.complaint",
    "not_processed.duplicate",
    "not_processed.publication",
    "not_processed.excessive",
    "not_processed.reconfirmation",
    "other_handling.no_correction",
    "other_handling.unpaid_fee",
    "other_handling.other",
    "total_processed",
    "carried_forward",
];

#[test]
fn the_clean_form_reads_completely() {
    let report = report(&markdown(|_, label, values| pipe_row(label, values)));
    assert_matrix_read(&json(&report));
    assert!(report.checks.iter().all(|c| c.status == CheckStatus::Pass), "{:#?}", report.checks);
}

/// Pattern 1: a misprinted label (`法规禁` missing) names no row; the form's order places it.
#[test]
fn a_misprinted_label_takes_its_place_in_the_form() {
    let text = markdown(|_, label, values| {
        pipe_row(if label.starts_with("2.其他法律") { "2.其他法律行政止公开" } else { label }, values)
    });
    let report = report(&text);
    assert_matrix_read(&json(&report));
    let placed = report.diagnostics.iter().find(|d| d.code == "placed_by_order").expect("placed_by_order");
    assert!(placed.message.contains("row denied.prohibited_by_law:"), "{}", placed.message);
}

/// Pattern 2: a row printed without its label (`| 0 | 0 | … |` between labelled rows), its
/// label standing as free text below the numbers.
#[test]
fn a_row_without_its_label_takes_its_place_in_the_form() {
    let text = markdown(|_, label, values| {
        if label.starts_with("5.要求行政机关") {
            format!(
                "{}5.要求行政机关确认或重新出具\n已获取信息\n",
                pipe_row("", values).replacen("|  |", "|", 1)
            )
        } else {
            pipe_row(label, values)
        }
    });
    assert!(text.contains("\n| 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n5.要求"), "the row has no label cell");
    let report = report(&text);
    assert_matrix_read(&json(&report));
    // The label lines below it name it, and stand on the wrong side of no labelled row.
    assert!(!codes(&report).contains(&"unplaced_rows"), "{:?}", codes(&report));
}

/// Rows placed by order are kept only when the identities they take part in hold: here the
/// report's （七）总计 does not add up, so the unnamed row is null, named in one error.
#[test]
fn an_order_the_identities_do_not_confirm_is_null() {
    let text = markdown(|_, label, values| match label {
        l if l.starts_with("2.其他法律") => pipe_row("2.其他法律行政止公开", values),
        "（七）总计" => pipe_row(label, &[9, 1, 0, 0, 0, 0, 10]),
        _ => pipe_row(label, values),
    });
    let report = report(&text);
    let value = json(&report);
    assert!(row(&value, "denied.prohibited_by_law").iter().all(Value::is_null));
    assert_eq!(row(&value, "denied.state_secret"), numbers([1, 0, 0, 0, 0, 0, 1]));
    let error = report.diagnostics.iter().find(|d| d.code == "unplaced_rows").expect("unplaced_rows");
    assert_eq!(error.severity, nianbao::Severity::Error);
    assert!(error.message.contains("row denied.prohibited_by_law:"));
}

/// Two unnamed rows for one missing row: the order cannot say which is which, so neither is
/// used, each named in a warning, and the missing row is null.
#[test]
fn more_unnamed_rows_than_gaps_are_not_placed() {
    let text = markdown(|_, label, values| {
        if label.starts_with("2.其他法律") {
            format!("{}{}", pipe_row("甲", values), pipe_row("乙", values))
        } else {
            pipe_row(label, values)
        }
    });
    let report = report(&text);
    assert!(row(&json(&report), "denied.prohibited_by_law").iter().all(Value::is_null));
    assert_eq!(codes(&report).iter().filter(|c| **c == "unrecognized_row").count(), 2);
    assert!(!codes(&report).contains(&"placed_by_order"));
}

/// Pattern 5: a 2021 report that prints （六）其他处理 whole, as the 2019 form did.
#[test]
fn a_whole_other_handling_row_keeps_the_2019_key() {
    let text = markdown(|i, label, values| match i {
        20 => pipe_row("（六）其他处理", &[1, 0, 0, 0, 0, 0, 1]),
        21 | 22 => String::new(),
        23 => pipe_row(label, &[8, 1, 0, 0, 0, 0, 9]),
        0 => pipe_row(label, &[7, 1, 0, 0, 0, 0, 8]),
        _ => pipe_row(label, values),
    });
    let report = report(&text);
    let value = json(&report);
    assert_eq!(row(&value, "other_handling"), numbers([1, 0, 0, 0, 0, 0, 1]));
    for item in ["other_handling.no_correction", "other_handling.unpaid_fee", "other_handling.other"] {
        assert!(row(&value, item).iter().all(Value::is_null), "{item}");
    }
    let outcome: Vec<_> = report.checks.iter().filter(|c| c.rule == "applications.outcome_total").collect();
    assert!(!outcome.is_empty() && outcome.iter().all(|c| c.status == CheckStatus::Pass), "{outcome:#?}");
    assert!(codes(&report).contains(&"whole_row"));
    assert!(!report
        .diagnostics
        .iter()
        .any(|d| d.code == "missing_row" && d.message.contains("other_handling")));
}

/// Pattern 8: a wrapped label leaves a row's 总计 on the line above its other numbers, and a
/// row's numbers split between its label's two lines; positions put them back together.
#[test]
fn numbers_broken_over_lines_are_joined_by_position() {
    let pad = |label: &str, values: &[i64; 7]| {
        let numbers: String = values.iter().map(|v| format!("{v:>6}")).collect();
        format!("{label:<40}{numbers}\n")
    };
    let layout = MATRIX
        .iter()
        .enumerate()
        .map(|(i, (label, values))| match i {
            // The first row broken too: joined with the line after it.
            0 => format!(
                "一、本年新收政府信息{}7\n公开申请数量{}6     1     0     0     0     0\n",
                " ".repeat(67),
                " ".repeat(33)
            ),
            3 => format!(
                "（二）部分公开（区分处理的，只计这一情{}2\n{:<40}{}\n形，不计其他情形）\n",
                " ".repeat(61),
                "",
                values[..6].iter().map(|v| format!("{v:>6}")).collect::<String>()
            ),
            12 => format!(
                "1.本机关不掌握相关{}1\n政府信息{}1     0     0     0     0     0\n",
                " ".repeat(67),
                " ".repeat(33)
            ),
            _ => pad(label, values),
        })
        .collect::<String>();
    let header = format!(
        "{:<40}{}\n",
        "",
        ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
            .map(|h| format!("{h:>6}"))
            .concat()
    );
    let text = HEAD.split("| （本列").next().unwrap().to_owned() + &header + &layout + TAIL;
    let report = report(&text);
    assert_matrix_read(&json(&report));
    let joined: Vec<Option<usize>> =
        report.diagnostics.iter().filter(|d| d.code.as_str() == "row_joined").map(|d| d.line).collect();
    assert!(joined.contains(&Some(11)) && joined.len() >= 2, "{:?}", report.diagnostics);
    // Numbers gathered from two lines that add up to the row's 总计 in no order: not trusted.
    let wrapped_total = format!("（二）部分公开（区分处理的，只计这一情{}2\n", " ".repeat(61));
    assert!(text.contains(&wrapped_total));
    let wrong = crate::reports::report(&text.replace(&wrapped_total, &wrapped_total.replace("2\n", "3\n")));
    let partial = row(&json(&wrong), "partially_granted");
    assert!(partial.iter().all(Value::is_null), "{partial:?}");
    assert!(wrong.diagnostics.iter().any(|d| d.message.contains("do not add up to the row's 总计")));
}

/// Patterns 6 and 12 in section 二: empty spacer cells under a merged header, and pipe rows
/// that lost a cell. Here the converter printed the cells it moved out of the table (numbers
/// alone on their lines) before it.
#[test]
fn section_two_spacers_and_short_rows() {
    let text = HEAD
        .replace("| 第二十条第（一）项 | | | |", "第二十条第（一）项\n55\n（含自然失效 29 件）\n| 第二十条第（一）项 | | | |")
        .replace("| 规章 | 0 | 0 | 0 |", "| 规章 | 22 | 235 |")
        .replace(
            "| 行政规范性文件 | 3 | 1 | 40 |",
            "| 行政规范性文件 | 40 | 3 |\n| 第二十条第（五）项 | | | |\n|信息内容|本|年处理决定数量||\n|行政许可||550||",
        )
        + &MATRIX.iter().map(|(l, v)| pipe_row(l, v)).collect::<String>()
        + TAIL;
    let report = report(&text);
    let value = json(&report);
    let disclosure = &value["active_disclosure"];
    assert_eq!(disclosure["licensing"]["decisions"], 550);
    // Two numbers for three fields, the second a running total: the row's edges.
    assert_eq!(
        disclosure["regulations"],
        serde_json::json!({"issued": 22, "repealed": null, "in_force": 235})
    );
    // 40 then 3 cannot be 本年制发 and 现行有效: which cell was lost is unknown.
    assert_eq!(
        disclosure["normative_documents"],
        serde_json::json!({"issued": null, "repealed": null, "in_force": null})
    );
    assert!(report.diagnostics.iter().any(|d| d.code == "short_row" && d.message.contains("regulations")));
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.code == "cell_count" && d.message.contains("normative_documents")));
}

/// Pattern 12: without the converter's trace, a pipe row that lost a cell is not read in order:
/// `| 行政规范性文件 | 132 | 470 |` may have lost its first cell as well as its middle one.
#[test]
fn a_short_row_is_null_without_a_trace_of_what_it_lost() {
    let text = HEAD.replace("| 行政规范性文件 | 3 | 1 | 40 |", "| 行政规范性文件 | 132 | 470 |")
        + &MATRIX.iter().map(|(l, v)| pipe_row(l, v)).collect::<String>()
        + TAIL;
    let report = report(&text);
    let value = json(&report);
    assert_eq!(
        value["active_disclosure"]["normative_documents"],
        serde_json::json!({"issued": null, "repealed": null, "in_force": null})
    );
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.code == "cell_count" && d.message.contains("normative_documents")));
}

/// Pattern 11: two rows on one line; neither label takes the other's numbers.
#[test]
fn two_rows_on_one_line_are_null() {
    let text = markdown(|i, label, values| match i {
        15 => format!("| {label} | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 2.重复申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"),
        16 => String::new(),
        _ => pipe_row(label, values),
    });
    let report = report(&text);
    let value = json(&report);
    assert!(row(&value, "not_processed.complaint").iter().all(Value::is_null));
    assert!(row(&value, "not_processed.duplicate").iter().all(Value::is_null));
    assert!(report.diagnostics.iter().any(|d| d.code == "cell_count" && d.message.contains("two rows")));
}

/// Pattern 8: a digit wrapped onto the line below its number (`8` above `0` for 80) makes the
/// row doubtful rather than 8.
#[test]
fn a_wrapped_digit_nulls_its_row() {
    let text = markdown(|i, label, values| {
        if i == 0 {
            let line = pipe_row(label, &[60, 1, 0, 0, 0, 0, 7]);
            let at = line.find("| 7 |").unwrap() + 3;
            format!("{line}{}0\n", " ".repeat(line[..at].chars().count()))
        } else {
            pipe_row(label, values)
        }
    });
    let report = report(&text);
    assert!(row(&json(&report), "received").iter().all(Value::is_null));
    assert!(report.diagnostics.iter().any(|d| d.code == "cell_count" && d.message.contains("wraps")));
}

/// Pattern 14: a converter repeats a merged cell in every column it spans; a row of one field
/// whose cells all hold the same number holds it once. Different numbers stay unread.
#[test]
fn a_merged_cell_repeated_by_a_converter_is_read_once() {
    let section =
        "| 第二十条第（五）项 | | | |\n| 信息内容 | 本年处理决定数量 | | |\n|行政许可|10690|10690|10690|\n\
                   | 第二十条第（六）项 | | | |\n| 信息内容 | 本年处理决定数量 | | |\n|行政处罚|12|13|\n";
    let text = HEAD.replace("三、收到和处理", &format!("{section}三、收到和处理"))
        + &MATRIX.iter().map(|(l, v)| pipe_row(l, v)).collect::<String>()
        + TAIL;
    let report = report(&text);
    let value = json(&report);
    assert_eq!(value["active_disclosure"]["licensing"]["decisions"], 10690);
    assert!(value["active_disclosure"]["punishment"]["decisions"].is_null());
    assert!(report.diagnostics.iter().any(|d| d.code == "merged_cell_repeated"));
    assert!(report.diagnostics.iter().any(|d| d.code == "cell_count" && d.message.contains("punishment")));
}

/// Pattern 3: the matrix cut into pieces, one with invented headers and a markdown heading that
/// holds a row word (`### 申请人情况 (总计)`) above a row printed without its label: the heading
/// neither names the row (its `总计` would skip twenty rows of the form) nor ends the table.
#[test]
fn a_heading_with_a_row_word_inside_the_matrix_names_no_row() {
    let text = markdown(|i, label, values| {
        if i == 2 {
            let header = "| | 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |\n|---|---|---|---|---|---|---|---|---|\n";
            format!("### 申请人情况 (总计)\n{header}{}", pipe_row("", values))
        } else {
            pipe_row(label, values)
        }
    });
    let report = report(&text);
    assert_matrix_read(&json(&report));
    let placed = report.diagnostics.iter().find(|d| d.code == "placed_by_order").expect("placed_by_order");
    assert!(placed.message.contains("row granted:"), "{}", placed.message);
}

/// Pattern 4: a report that appends its three tables after its own narrative, renumbered
/// (`…六、其他需要报告的事项`, then `一、主动公开政府信息情况`, `二、收到和处理…`, `三、…行政复议…`).
#[test]
fn tables_appended_after_the_narrative_are_found_by_their_titles() {
    let body = markdown(|_, label, values| pipe_row(label, values));
    let (head, rest) = body.split_once("二、主动公开政府信息情况\n").unwrap();
    let (disclosure, rest) = rest.split_once("三、收到和处理政府信息公开申请情况\n").unwrap();
    let (matrix, rest) = rest.split_once("四、政府信息公开行政复议、行政诉讼情况\n").unwrap();
    let (reviews, _) = rest.split_once("五、").unwrap();
    let text = format!(
        "{head}二、政府信息公开平台建设\n正文。\n三、监督保障\n正文。\n四、政务公开工作要点落实情况\n正文。\n\
         五、存在的主要问题及改进情况\n正文。\n六、其他需要报告的事项\n无。\n\
         一、主动公开政府信息情况\n{disclosure}二、收到和处理政府信息公开申请情况\n{matrix}\
         三、政府信息公开行政复议、行政诉讼情况\n{reviews}"
    );
    let report = report(&text);
    let value = json(&report);
    assert_matrix_read(&value);
    assert_eq!(value["active_disclosure"]["normative_documents"]["in_force"], 40);
    assert_eq!(value["reviews_and_lawsuits"]["review"]["total"], 0);
    assert!(!report
        .diagnostics
        .iter()
        .any(|d| matches!(d.code.as_str(), "missing_section" | "missing_table")));
}

/// Pattern 4: the sections speak of their tables (`详见表三`) and the tables follow the
/// narrative under their own titles (`表一：主动公开政府信息情况`, `表三：…`, `附表4 …`).
#[test]
fn tables_under_their_own_titles_after_the_narrative_are_read() {
    let body = markdown(|_, label, values| pipe_row(label, values));
    let (head, rest) = body.split_once("二、主动公开政府信息情况\n").unwrap();
    let (disclosure, rest) = rest.split_once("三、收到和处理政府信息公开申请情况\n").unwrap();
    let (matrix, rest) = rest.split_once("四、政府信息公开行政复议、行政诉讼情况\n").unwrap();
    let (reviews, _) = rest.split_once("五、").unwrap();
    let text = format!(
        "{head}二、主动公开政府信息情况\n本年度主动公开情况见表一。\n三、收到和处理政府信息公开申请情况\n\
         本年度共收到申请7件，详见表三。\n四、政府信息公开行政复议、行政诉讼情况\n详见附表4。\n\
         五、存在的主要问题及改进情况\n正文。\n六、其他需要报告的事项\n无。\n\
         表一：主动公开政府信息情况\n{disclosure}**表三：收到和处理政府信息公开申请情况**\n{matrix}\
         附表4 政府信息公开行政复议、行政诉讼情况\n{reviews}"
    );
    let report = report(&text);
    let value = json(&report);
    assert_matrix_read(&value);
    assert_eq!(value["active_disclosure"]["normative_documents"]["in_force"], 40);
    assert_eq!(value["reviews_and_lawsuits"]["review"]["total"], 0);
    assert!(
        !codes(&report).iter().any(|c| matches!(*c, "missing_section" | "missing_table")),
        "{:?}",
        codes(&report)
    );
}

/// A row's seven numbers as markitdown prints a PDF table's: two columns to a cell, the label
/// cell empty (`|  | 6 1 | 0 0 | 0 0 | 7 |`).
fn packed_row(values: &[i64; 7]) -> String {
    let cells: Vec<String> =
        values.chunks(2).map(|pair| pair.iter().map(i64::to_string).collect::<Vec<_>>().join(" ")).collect();
    format!("|  | {} |\n", cells.join(" | "))
}

/// Pattern 14 and the labels of pattern 2 as markitdown prints a PDF's tables: two columns'
/// numbers in one cell, most labels on a line of their own *below* their numbers (the middle
/// line of a label cell falls there), a few in their rows, a page number printed in cells.
/// A label read from above would shift every row of a group by one, which no identity sees:
/// the side is chosen for the whole table.
#[test]
fn packed_cells_and_labels_below_their_numbers() {
    let text = markdown(|i, label, values| match i {
        2 | 16 => pipe_row(label, values),
        9 => format!("{}|  |  | - 3 | - |\n{label}\n", packed_row(values)),
        _ => format!("{}{label}\n", packed_row(values)),
    })
    // Section 四's header and section 二's are packed as their rows are: markitdown merges a
    // table's columns in every row alike. (A row a cell short of its header is not read apart:
    // `a_packed_cell_in_a_row_that_lost_a_cell_is_null`.)
    .replace(
        "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
        "| 结果 结果 | 其他 | 尚未 | 总计 | 维持 纠正 | 结果 | 审结 | 总计 | 维持 | 纠正 | 结果 其他 | 审结 |\n\
         | 1 0 | 0 | 0 | 1 | 0 0 | 0 | 0 | 0 | 0 | 0 | 0 0 | 0 |",
    )
    .replace("| 本年制发件数 | 本年废止件数 |", "| 本年制发件数<br>本年废止件数 |")
    .replace("| 规章 | 0 | 0 | 0 |", "| 规章 | 0<br>0 | 0 |")
    .replace("| 行政规范性文件 | 3 | 1 | 40 |", "| 行政规范性文件 | 3<br>1 | 40 |");
    assert!(text.contains("| 6 1 | 0 0 | 0 0 | 7 |\n一、本年新收"), "{text}");
    let report = report(&text);
    let got = json(&report);
    assert_matrix_read(&got);
    let review = &got["reviews_and_lawsuits"]["review"];
    assert_eq!((review["upheld"].as_i64(), review["total"].as_i64()), (Some(1), Some(1)));
    let documents = &got["active_disclosure"]["normative_documents"];
    assert_eq!(
        [&documents["issued"], &documents["repealed"], &documents["in_force"]].map(Value::as_i64),
        [Some(3), Some(1), Some(40)]
    );
    assert!(codes(&report).contains(&"cells_unpacked") && codes(&report).contains(&"page_furniture"));
    assert!(
        !codes(&report).iter().any(|c| ["placed_by_order", "unplaced_rows"].contains(c)),
        "{:?}",
        codes(&report)
    );
}

/// A packed cell in a row with fewer cells than its header: the row lost a cell, and `3 1` may
/// be a `31` a narrow cell split (`1 0` a `10`). Neither section 二's row nor section 四's is read.
#[test]
fn a_packed_cell_in_a_row_that_lost_a_cell_is_null() {
    let text = markdown(|_, label, values| pipe_row(label, values))
        .replace(
            "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
            "| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |\n| 1 0 | 0 | 0 | 1 | 0 0 | 0 | 0 | 0 | 0 | 0 | 0 0 | 0 |",
        )
        .replace("| 行政规范性文件 | 3 | 1 | 40 |", "| 行政规范性文件 | 3 1 | 40 |");
    let report = report(&text);
    let got = json(&report);
    assert!(got["active_disclosure"]["normative_documents"]
        .as_object()
        .unwrap()
        .values()
        .all(Value::is_null));
    assert!(got["reviews_and_lawsuits"]["review"].as_object().unwrap().values().all(Value::is_null));
    assert!(!codes(&report).contains(&"cells_unpacked"), "{:?}", codes(&report));
    assert_matrix_read(&got);
}

/// Numbers packed in a cell are read apart only when that gives one number per column: six
/// numbers for seven columns leave the row null.
#[test]
fn packed_cells_that_do_not_fill_the_columns_are_null() {
    let text = markdown(|i, label, values| {
        if i == 12 {
            format!("| {label} | 1 0 | 0 0 | 0 | 1 |\n")
        } else {
            pipe_row(label, values)
        }
    });
    let report = report(&text);
    let got = json(&report);
    assert_eq!(row(&got, "unable.not_held"), vec![Value::Null; 7]);
    assert!(codes(&report).contains(&"cell_count"), "{:?}", codes(&report));
    assert!(!codes(&report).contains(&"cells_unpacked"));
}

/// A `-layout` report that fills only 自然人 and 总计, its numbers each right under one header
/// column, its rows joined as `label`, the numbers at the two columns and `total` for （七）总计.
fn sparse_layout(total: i64) -> String {
    let header = format!("{:40}申请人情况\n{:40}自然人     商业企业    科研机构    社会公益组织  法律服务机构  其他      总计\n", "", "");
    let rows: String = ROW_KEYS
        .iter()
        .zip(MATRIX)
        .map(|(key, (label, values))| {
            let n = if *key == "total_processed" { total } else { values[0] + values[1] };
            // Label padded to 40 columns (one column a character), the number under 自然人 and
            // under 总计.
            format!("{label}{}{n:<48}{n}\n", " ".repeat(40usize.saturating_sub(label.chars().count())))
        })
        .collect();
    HEAD.split("| （本列").next().unwrap_or_default().to_string() + &header + &rows + TAIL
}

/// Pattern 7: sparse `-layout` rows (only 自然人 and 总计 filled). Where the identities hold
/// they confirm the placement; where the report's own （七）总计 is wrong no placement satisfies
/// them, and the numbers that stand right under one header column are placed there by position
/// alone, with a warning, so that the report's error is reported rather than hidden in nulls.
#[test]
fn sparse_layout_rows_are_placed_under_their_columns() {
    let sound = report(&sparse_layout(8));
    let got = json(&sound);
    assert_eq!(row(&got, "received"), numbers_and_blanks(7));
    assert!(codes(&sound).contains(&"placed_by_position"), "{:?}", codes(&sound));

    let wrong = report(&sparse_layout(9));
    let got = json(&wrong);
    assert_eq!(row(&got, "received"), numbers_and_blanks(7));
    assert_eq!(row(&got, "total_processed"), numbers_and_blanks(9));
    assert!(codes(&wrong).contains(&"placed_by_position_alone"), "{:?}", codes(&wrong));
    let outcome = wrong.checks.iter().find(|c| c.rule == "applications.outcome_total" && c.scope == "total");
    assert_eq!(outcome.map(|c| c.status), Some(CheckStatus::Fail), "{:#?}", wrong.checks);
}

/// `n` under 自然人 and 总计, the five organisation columns blank.
fn numbers_and_blanks(n: i64) -> Vec<Value> {
    let mut values = vec![Value::Null; 7];
    values[0] = n.into();
    values[6] = n.into();
    values
}

/// Pattern 9: `pdftotext` without `-layout` on a word processor's PDF prints section 三's
/// numbers one to a line, column by column, and the row labels after them. No number is
/// borrowed into a row from a neighbouring run: every value is null or the printed one, and a
/// warning says to re-run with `-layout`.
#[test]
fn a_default_mode_matrix_is_null_with_the_re_run_hint() {
    let columns: String = (0..7)
        .map(|column| MATRIX.iter().map(|(_, values)| format!("{}\n", values[column])).collect::<String>())
        .collect();
    let labels: String = MATRIX.iter().map(|(label, _)| format!("{label}\n")).collect();
    let text = format!(
        "{}自然人\n商业企业\n科研机构\n社会公益组织\n法律服务机构\n其他\n总计\n{columns}{labels}{TAIL}",
        HEAD.split("| （本列").next().unwrap_or_default()
    );
    let report = report(&text);
    let value = json(&report);
    for (key, (label, values)) in ROW_KEYS.iter().zip(MATRIX) {
        for (got, want) in row(&value, key).iter().zip(numbers(values)) {
            assert!(got.is_null() || *got == want, "{key} ({label}): {got} != {want}");
        }
    }
    let hint = report.diagnostics.iter().find(|d| d.code == "layout_lost").expect("layout_lost");
    assert!(hint.message.contains("pdftotext -layout FILE.pdf OUT.txt"), "{}", hint.message);
}

/// Pattern 14: a label split over two cells (`| （二）部<br>形，不计 | 分公开（区分处理的… |`),
/// headings wrapped in `<u>` and `**`, and prose cut into a pipe table.
#[test]
fn converter_markup_around_labels_and_headings() {
    let text = markdown(|i, label, values| match i {
        3 => format!(
            "| （二）部<br>形，不计 | 分公开（区分处理的，只计这一情<br>其他情形） | {} |\n",
            values.map(|v| v.to_string()).join(" | ")
        ),
        _ => pipe_row(label, values),
    })
    .replace("三、收到和处理政府信息公开申请情况\n", "<u>三、收到和处理政府信息公开申请情况</u>\n")
    .replace("四、政府信息公开行政复议、行政诉讼情况\n", "**四、政府信息公开行政复议、行政诉讼情况**\n")
    .replace(
        "一、总体情况\n正文。\n",
        "一、总体情况\n| 本机关全年主动公开 | 信息 |\n|---|---|\n| 2023 | 年，共计 |\n",
    );
    let report = report(&text);
    let value = json(&report);
    assert_matrix_read(&value);
    assert_eq!(value["reviews_and_lawsuits"]["review"]["total"], 0);
    assert!(
        !codes(&report).iter().any(|c| matches!(*c, "missing_section" | "missing_table")),
        "{:?}",
        codes(&report)
    );
}

/// Letters where a number stands (`x`, an OCR's `lO`) are an unread value, not part of the
/// label: in a tab row with a spanned label cell and a trailing tab, taking `x` for label text
/// shifted the six numbers after it one column left without a word.
#[test]
fn letters_in_a_number_column_are_an_unread_value_not_a_label() {
    for garbled in ["x", "lO", "O"] {
        let text = markdown(|i, label, values| {
            let mut cells: Vec<String> = values.iter().map(i64::to_string).collect();
            if i == 0 {
                cells[0] = garbled.to_string();
            }
            format!("{label}\t\t{}\t\n", cells.join("\t"))
        });
        let report = report(&text);
        let value = json(&report);
        let mut expected = numbers(MATRIX[0].1);
        expected[0] = Value::Null;
        assert_eq!(row(&value, "received"), expected, "{garbled}");
        assert!(
            report.diagnostics.iter().any(|d| d.code == "non_numeric_cell" && d.message.contains(garbled)),
            "{garbled}: {:?}",
            codes(&report)
        );
        assert_eq!(row(&value, "carried_over"), numbers(MATRIX[1].1), "{garbled}");
    }
}

/// Section 三: a row that lost a cell and had a number split (`47` → `4 7`) fills its seven
/// columns when read apart, but its columns then do not add up to its 总计: not read apart.
#[test]
fn a_packed_looking_row_whose_columns_do_not_add_up_is_not_read_apart() {
    let text = markdown(|i, label, values| match i {
        0 => format!("| {label} | 4 7 | 1 | 0 | 0 | 0 | 48 |\n"),
        _ => pipe_row(label, values),
    });
    let report = report(&text);
    assert!(
        row(&json(&report), "received").iter().all(Value::is_null),
        "{:?}",
        row(&json(&report), "received")
    );
    assert!(!codes(&report).contains(&"cells_unpacked"), "{:?}", codes(&report));
}

/// Section 三 in a table that writes every zero: empty cells are spans a converter pads rows
/// with (after a spanned label, or a column at the end), never blanks. A row that lost a `0`
/// beside one fits its seven columns exactly with the span read as a blank, every number after
/// it a column off: null instead. The 2025 上海 converter prints each row as a table of its
/// own, some with an empty last column; markitdown pads some labels with an empty cell, and
/// prints a row under two label cells (`三、本年度办理结果 | （一）予以公开 | |`) like no other.
/// With every other row padded no cell count is usual, but the count from a row's first number
/// to its last is; a row like no other is judged by the zeros its table writes.
#[test]
fn a_row_that_lost_a_zero_beside_a_span_is_null() {
    const SEPARATOR: &str = "|---|---|---|---|---|---|---|---|";
    let text = |shape: &str, lost: usize| {
        markdown(|i, label, values| {
            let kept = if lost == i { [&values[..1], &values[2..]].concat() } else { values.to_vec() };
            let cells = kept.iter().map(i64::to_string).collect::<Vec<_>>().join(" | ");
            match (shape, i) {
                ("end pad", i) if i.is_multiple_of(2) => {
                    format!("| {label} | {cells} |  |\n{SEPARATOR}---|\n")
                }
                ("end pad", _) => format!("| {label} | {cells} |\n{SEPARATOR}\n"),
                ("label pad", i) if i.is_multiple_of(2) => format!("| {label} | | {cells} |\n"),
                ("two labels", 2) => format!("| 三、本年度办理结果 | {label} | | {cells} |\n"),
                // The label on a line of empty cells of its own, the numbers after a span.
                ("label above", 16) => format!("| {label} | | | | | | | |\n| | {cells} |\n"),
                ("label above", i) if i.is_multiple_of(2) => format!("| {label} | | {cells} |\n"),
                _ => format!("| {label} | {cells} |\n"),
            }
        })
    };
    let cases = [
        ("end pad", 16, "fewer than most rows like it"),
        ("label pad", 16, "fewer than most rows like it"),
        ("two labels", 2, "writes every zero"),
        ("label above", 16, "writes every zero"),
    ];
    for (shape, lost, why) in cases {
        // Whole, every row is read.
        assert_matrix_read(&json(&report(&text(shape, usize::MAX))));
        // The row lost the 0 after its first number.
        let damaged = report(&text(shape, lost));
        let value = json(&damaged);
        let key = ROW_KEYS[lost];
        assert!(row(&value, key).iter().all(Value::is_null), "{shape}: {:?}", row(&value, key));
        assert_eq!(row(&value, "unable.not_held"), numbers([1, 0, 0, 0, 0, 0, 1]), "{shape}");
        let said = damaged.diagnostics.iter().find(|d| d.message.contains(key));
        assert!(said.is_some_and(|d| d.code == "cell_count" && d.message.contains(why)), "{shape}: {said:?}");
    }
}

/// Section 三 of a table that leaves zeros blank (the 2019 上海 tab dump): a row that lost its
/// 总计 and had `18` split (`1 8`) fills the seven columns when read apart, with a blank 总计
/// that confirms nothing. Numbers packed in a cell are read apart only when the row states a
/// 总计 they add up to.
#[test]
fn a_packed_looking_row_without_its_total_is_not_read_apart() {
    let name = "2019-shanghai-szfbgt.tsv.txt";
    let whole = "二、上年结转政府信息公开申请数量\t18\t\t\t\t\t\t18";
    let report = damaged(name, whole, "二、上年结转政府信息公开申请数量\t1 8\t\t\t\t\t");
    let carried = row(&json(&report), "carried_over");
    assert!(carried.iter().all(Value::is_null), "{carried:?}");
    assert!(!codes(&report).contains(&"cells_unpacked"), "{:?}", codes(&report));
    // Whole, the row reads as printed.
    let carried = row(&json(&crate::reports::report(&corpus(name))), "carried_over");
    assert_eq!(
        carried,
        [Value::from(18), Value::Null, Value::Null, Value::Null, Value::Null, Value::Null, Value::from(18)]
    );
}

/// A table that prints labels below their numbers (洪泽's markitdown dump), where a label cell's
/// lines fall on both sides of its numbers (`（二）部分公开…` above `4 0 …`, `计其他情形）` below).
/// With the row above it lost its own label (`（一）予以公开`), the lines between the two rows
/// belong to either: that row does not take them, and both rows are placed by the form's order,
/// which the identities confirm. (It took `（二）`, and 部分公开 read 0 for a published 4.)
#[test]
fn a_label_between_two_unlabelled_rows_is_neither_rows_alone() {
    let labelled = "| （一）予以公开                 | 0 0 | 0 0 | 0 0 | 0   |";
    let report = damaged("2023-hongze.markitdown.txt", labelled, "| 0 0 | 0 0 | 0 0 | 0   |");
    let value = json(&report);
    assert_eq!(row(&value, "granted"), numbers([0; 7]));
    assert_eq!(row(&value, "partially_granted"), numbers([4, 0, 0, 0, 0, 0, 4]));
    assert!(codes(&report).contains(&"placed_by_order"), "{:?}", codes(&report));
}

/// The 2025 上海 converter's section 三, rows printed as tables of their own, some with an
/// empty last column: a row that lost a cell (`| 2.重复申请 | 16 | 0 | 0 | 0 | 0 | 0 | 16 |  |`
/// without one of its numbers) is null, never read with the empty column as its 总计 (other
/// organisations 16, for a published 0).
#[test]
fn a_converter_row_that_lost_a_cell_before_its_padding_is_null() {
    let name = "2025-shanghai-szfbgt.converter-md.txt";
    let whole = "| 2.重复申请 | 16 | 0 | 0 | 0 | 0 | 0 | 16 |  |";
    let read = row(&json(&damaged(name, whole, whole)), "not_processed.duplicate");
    assert_eq!(read, numbers([16, 0, 0, 0, 0, 0, 16]));
    for lost in ["| 2.重复申请 | 16 | 0 | 0 | 0 | 0 | 16 |  |", "| 2.重复申请 | 0 | 0 | 0 | 0 | 0 | 16 |  |"]
    {
        let report = damaged(name, whole, lost);
        let duplicate = row(&json(&report), "not_processed.duplicate");
        assert!(duplicate.iter().all(Value::is_null), "{lost}: {duplicate:?}");
        let said = report.diagnostics.iter().find(|d| d.message.contains("not_processed.duplicate"));
        assert!(said.is_some_and(|d| d.code == "cell_count"), "{lost}: {said:?}");
    }
}

/// The other side of [`a_row_that_lost_a_zero_beside_a_span_is_null`]: an empty cell is a blank
/// (null, the rest of its row read) wherever nothing says the converter pads rows — a pipe table
/// with no padded row, a tab dump (its grid is the document's), a table that leaves zeros blank
/// — and a row of empty cells is blank, not a row that lost a cell.
#[test]
fn empty_cells_are_blanks_where_nothing_says_they_are_spans() {
    // Row 6, 3.危及“三安全一稳定”, prints 0 0 0 0 0 0 0; here its first value is blank.
    const BLANK: usize = 6;
    let cells = |values: &[i64]| values.iter().map(i64::to_string).collect::<Vec<_>>();
    let pipe = |i: usize, label: &str, values: &[i64; 7], pad: &str| match i {
        BLANK => format!("| 三 | {label} | | {} |\n", cells(&values[1..]).join(" | ")),
        _ => format!("| 三 | {label} | {} |{pad}\n", cells(values).join(" | ")),
    };
    let tab = |i: usize, label: &str, values: &[i64; 7]| match i {
        BLANK => format!("三\t{label}\t\t{}\n", cells(&values[1..]).join("\t")),
        _ => format!("三\t{label}\t{}\t\n", cells(values).join("\t")),
    };
    // Zeros left blank in one row's middle (so the table does not write its zeros).
    let gap = |i: usize, label: &str, values: &[i64; 7]| match i {
        0 => format!("| 三 | {label} | 6 | 1 | | 0 | 0 | 0 | 7 |  |\n"),
        _ => pipe(i, label, values, if i.is_multiple_of(2) { "  |" } else { "" }),
    };
    let shapes: [(&str, String); 3] = [
        ("pipe, no padding", markdown(|i, label, values| pipe(i, label, values, ""))),
        ("tab, trailing tabs", markdown(tab)),
        ("pipe, padded, zeros left blank", markdown(gap)),
    ];
    for (shape, text) in shapes {
        let value = json(&report(&text));
        let blank = row(&value, "denied.security_stability");
        assert_eq!(
            blank,
            [Value::Null, 0.into(), 0.into(), 0.into(), 0.into(), 0.into(), 0.into()],
            "{shape}"
        );
        assert_eq!(row(&value, "denied.prohibited_by_law"), numbers([1, 0, 0, 0, 0, 0, 1]), "{shape}");
    }
    // A padded table that writes its zeros, with one row of empty cells: blank, and no cell lost.
    let text = markdown(|i, label, values| match i {
        BLANK => format!("| 三 | {label} | | | | | | | |  |\n"),
        _ => pipe(i, label, values, "  |"),
    });
    let report = report(&text);
    assert!(row(&json(&report), "denied.security_stability").iter().all(Value::is_null));
    let said: Vec<&str> = report.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(!said.iter().any(|m| m.contains("denied.security_stability")), "{said:?}");
}

/// A pipe table whose header places every column by cell (the 2023 平潭 page through a
/// converter): a row that reaches the header's last column has a cell under every column, so
/// an empty one is a blank even though the converter pads every label with empty cells.
#[test]
fn an_empty_cell_under_the_headers_columns_is_a_blank() {
    let printed = "| 二、上年结转政府信息公开申请数量 |  |  | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
    let blank = "| 二、上年结转政府信息公开申请数量 |  |  | 0 | 0 | 0 | 0 | 0 | 0 |  |";
    let carried = row(&json(&damaged("2023-pingtan.md.txt", printed, blank)), "carried_over");
    assert_eq!(carried, [0.into(), 0.into(), 0.into(), 0.into(), 0.into(), 0.into(), Value::Null]);
}

/// A `-layout` row whose number a narrow cell split (`767` printed `7 6 7`) has as many numbers
/// as columns: read in order, every number after the split is a column off (natural 7,
/// commercial 6, research 7, social 35). Its columns add up to its 总计 only with `7 6 7` read as
/// one number, so the row is null. A row whose own sums are wrong, with no such reading, is read
/// as printed, and the checks report it.
#[test]
fn a_spaced_row_that_adds_up_only_with_a_split_number_joined_is_null() {
    let name = "2019-shanghai-szfbgt.layout.txt";
    let printed = "（七）总计        767   35         2   1 805";
    let report = damaged(name, printed, "（七）总计        7 6 7   35         2   1 805");
    let total = row(&json(&report), "total_processed");
    assert!(total.iter().all(Value::is_null), "{total:?}");
    assert!(cell_count_says(&report, "one space apart"), "{:?}", report.diagnostics);
    // As printed, the row reads whole.
    let whole = row(&json(&crate::reports::report(&corpus(name))), "total_processed");
    assert_eq!(whole, [767.into(), 35.into(), Value::Null, Value::Null, 2.into(), 1.into(), 805.into()]);
    // A report's own wrong 总计, in a row with every column printed, is read as printed and
    // reported.
    let received = "21    0      0     0   0   0     21";
    let wrong = damaged("2023-hongze.layout.txt", received, "21    0      0     0   0   0     22");
    assert_eq!(row(&json(&wrong), "received"), numbers([21, 0, 0, 0, 0, 0, 22]));
    assert!(
        wrong
            .checks
            .iter()
            .any(|c| c.status == nianbao::CheckStatus::Fail && c.rule.starts_with("applications")),
        "{:?}",
        wrong.checks
    );
}

/// A `-layout` line of numbers joined to the label line above it (`计其他情形） 4 0 0 0 0 0 4`)
/// puts the numbers well left of the header's columns: which row they are is not certain.
#[test]
fn layout_numbers_joined_to_a_label_line_are_doubted() {
    let name = "2023-hongze.layout.txt";
    let wrapped = "                  计其他情形）\n                                              4    0      0     0   0   0     4";
    let report = damaged(name, wrapped, "                  计其他情形） 4    0      0     0   0   0     4");
    let partial = row(&json(&report), "partially_granted");
    assert!(partial.iter().all(Value::is_null), "{partial:?}");
    assert!(cell_count_says(&report, "well outside the header's columns"), "{:?}", report.diagnostics);
    // Where they stand, under the header, the row reads whole.
    let whole = row(&json(&crate::reports::report(&corpus(name))), "partially_granted");
    assert_eq!(whole, numbers([4, 0, 0, 0, 0, 0, 4]));
}

/// Section 二 has no sums: a lost number and another split in two (`77` gone, `132` printed
/// `1 32`) leave as many numbers as fields. In a `-layout` row that stands its numbers wide
/// apart, two one space apart betray the split, and the row is null.
#[test]
fn a_layout_row_with_a_lost_and_a_split_number_is_null() {
    let name = "2023-pingtan.layout.txt";
    let printed = "   行政规范性文件       77           132       470";
    let report = damaged(name, printed, "   行政规范性文件                    1 32       470");
    let documents = &json(&report)["active_disclosure"]["normative_documents"];
    assert_eq!(documents, &serde_json::json!({"issued": null, "repealed": null, "in_force": null}));
    assert!(cell_count_says(&report, "one space apart"), "{:?}", report.diagnostics);
    // The count lost with the money split (`6` gone, `251000元` printed `2 51000元`): the wide
    // gap after the label is the row's own.
    let procurement = damaged(
        "2019-shanghai-szfbgt.layout.txt",
        "    政府集中采购            6               251000元",
        "    政府集中采购                            2 51000元",
    );
    let bought = &json(&procurement)["active_disclosure"]["procurement"];
    assert_eq!(bought, &serde_json::json!({"items": null, "amount_wan_yuan": null}));
    // Spaced evenly, as a converter joins cells with one space, nothing tells: read as printed.
    let even = damaged(name, printed, "   行政规范性文件 1 32 470");
    let documents = &json(&even)["active_disclosure"]["normative_documents"];
    assert_eq!(documents, &serde_json::json!({"issued": 1, "repealed": 32, "in_force": 470}));
}

/// A `-layout` row that lost a number and split another (`80` gone, `81` printed `8 1`) has as
/// many numbers as columns, and no joined reading adds up (the lost number is not zero). Its
/// numbers stand a column off from the rows that add up: the row is null.
#[test]
fn a_layout_row_a_column_off_from_the_rows_that_add_up_is_null() {
    let name = "2023-pingtan.layout.txt";
    let printed = "一、本年新收政府信息公开申请数量         80 1 0 0      0 0 81";
    let report = damaged(name, printed, "一、本年新收政府信息公开申请数量            1 0 0      0 0 8 1");
    let received = row(&json(&report), "received");
    assert!(received.iter().all(Value::is_null), "{received:?}");
    assert!(cell_count_says(&report, "a column off"), "{:?}", report.diagnostics);
    // Its own wrong 总计, its numbers under their columns: read as printed, and reported.
    let wrong = damaged(name, printed, "一、本年新收政府信息公开申请数量         80 1 0 0      0 0 82");
    assert_eq!(row(&json(&wrong), "received"), numbers([80, 1, 0, 0, 0, 0, 82]));
    let total = wrong.checks.iter().find(|c| c.rule == "applications.row_total" && c.scope == "received");
    assert_eq!(total.map(|c| c.status), Some(CheckStatus::Fail), "{:#?}", wrong.checks);
}

/// The clean form with the label of the row printed `lost` missing, the rows printed `dropped`
/// left out, and `changed` rows printing other numbers.
fn order_report(lost: &str, dropped: &[&str], changed: &[(&str, [i64; 7])]) -> Report {
    report(&markdown(|_, label, values| {
        let values = changed.iter().find(|(l, _)| *l == label).map_or(values, |(_, v)| v);
        match label {
            l if dropped.contains(&l) => String::new(),
            l if l == lost => pipe_row("", values),
            _ => pipe_row(label, values),
        }
    }))
}

/// What is said about rows placed by the form's order, and whether the lost row was read.
fn placed_by_order(report: &Report, key: &str) -> (bool, Option<String>) {
    let read = row(&json(report), key).iter().all(|v| !v.is_null());
    let said = report
        .diagnostics
        .iter()
        .find(|d| matches!(d.code.as_str(), "placed_by_order" | "unplaced_rows"))
        .map(|d| format!("{}: {}", d.code.as_str(), d.message));
    (read, said)
}

/// A row placed by order takes part in the balance (一 + 二 = 七 + 四) or in the outcomes'
/// sum (to （七）总计), and only those identities confirm it: each must hold, and can be judged
/// only when every row it adds up was read — a row not printed would count as zero and prove
/// nothing.
#[test]
fn an_order_is_confirmed_only_by_identities_that_can_be_judged() {
    let received = "一、本年新收政府信息公开申请数量";
    let granted = "（一）予以公开";
    let carried_forward = "四、结转下年度继续办理";
    let third_party = "4.保护第三方合法权益";
    let other = "3.其他";
    // Confirmed: the balance holds for 一, the outcomes for （一）.
    for lost in [received, granted] {
        let (read, said) =
            placed_by_order(&order_report(lost, &[], &[]), ROW_KEYS[if lost == received { 0 } else { 2 }]);
        assert!(
            read && said.as_deref().is_some_and(|s| s.starts_with("placed_by_order")),
            "{lost}: {said:?}"
        );
    }
    // 一 placed by order with the balance failing (四 prints 1 where 一 + 二 = 七 holds): null.
    let report = order_report(received, &[], &[(carried_forward, [1, 0, 0, 0, 0, 0, 1])]);
    let (read, said) = placed_by_order(&report, "received");
    assert!(!read && said.as_deref().is_some_and(|s| s.contains("then fail")), "{said:?}");
    // 一 placed by order needs the balance, not the outcomes: an outcome row not printed does
    // not stop it.
    let (read, said) = placed_by_order(&order_report(received, &[third_party], &[]), "received");
    assert!(read, "{said:?}");
    // （一） placed by order needs every outcome row read: one not printed leaves it null …
    let (read, said) = placed_by_order(&order_report(granted, &[third_party], &[]), "granted");
    assert!(!read && said.as_deref().is_some_and(|s| s.contains("cannot be judged")), "{said:?}");
    // … an item of （六）其他处理 too, when the whole row is not printed …
    let (read, said) = placed_by_order(&order_report(granted, &[other], &[]), "granted");
    assert!(!read && said.as_deref().is_some_and(|s| s.contains("cannot be judged")), "{said:?}");
    // … but not the balance's rows: 四 not printed does not stop it.
    let (read, said) = placed_by_order(&order_report(granted, &[carried_forward], &[]), "granted");
    assert!(read, "{said:?}");
}

/// A converter that pads a spanned label cell and packs two columns in one cell prints as many
/// cells as columns (`| 一、本年新收… | | 6 1 | 0 | 0 | 0 | 0 | 7 |`): read apart, the empty cell
/// is the span and the numbers fill the columns and add up, so the row is read whole.
#[test]
fn a_packed_cell_after_a_padded_span_is_read_apart() {
    let text = markdown(|i, label, values| match i {
        0 => format!("| {label} | | 6 1 | 0 | 0 | 0 | 0 | 7 |\n"),
        _ => pipe_row(label, values),
    });
    let read = report(&text);
    assert_matrix_read(&json(&read));
    assert!(codes(&read).contains(&"cells_unpacked"), "{:?}", codes(&read));
    // Whose numbers do not add up read apart, the cell is not a number: null, the rest in place.
    let text = markdown(|i, label, values| match i {
        0 => format!("| {label} | | 6 2 | 0 | 0 | 0 | 0 | 7 |\n"),
        _ => pipe_row(label, values),
    });
    let received = row(&json(&report(&text)), "received");
    assert_eq!(received, [Value::Null, Value::Null, 0.into(), 0.into(), 0.into(), 0.into(), 7.into()]);
}

/// A row of letters where numbers stand (an OCR that read none of them) is the row whose label
/// it prints, its cells not numbers, as the first row of the matrix as anywhere below it.
#[test]
fn a_row_of_letters_is_its_row_with_unread_cells_first_or_not() {
    for at in [0, 1] {
        let text = markdown(|i, label, values| match i {
            i if i == at => format!("| {label} | x | x | x | x | x | x | x |\n"),
            _ => pipe_row(label, values),
        });
        let read = report(&text);
        let key = ["received", "carried_over"][at];
        assert!(row(&json(&read), key).iter().all(Value::is_null), "{key}");
        let unread = read.diagnostics.iter().filter(|d| d.code.as_str() == "non_numeric_cell");
        assert_eq!(unread.map(|d| d.line).collect::<Vec<_>>(), [Some(12 + at); 7], "{key}");
        assert!(!read.diagnostics.iter().any(|d| d.message.contains(&format!("row {key} "))), "{key}");
        // The other rows are read.
        let other = ["carried_over", "received"][at];
        assert_eq!(row(&json(&read), other), numbers(MATRIX[1 - at].1), "{other}");
    }
}

/// A header whose second line a converter printed from the first cell on, its merged cells
/// dropped (`| | 商业企业 | 科研机构 | …` under `| 申请人情况 | 自然人 | 法人或其他组织 | …`), names
/// two columns in one cell: it does not say which cell is whose, and rows are read in order.
#[test]
fn a_header_naming_two_columns_in_one_cell_places_nothing() {
    let one_line = "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |";
    let two_lines = "| 申请人情况 | 自然人 | 法人或其他组织 | | | | | 总计 |\n| | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |";
    let text = markdown(|_, label, values| pipe_row(label, values));
    assert!(text.contains(one_line));
    let read = report(&text.replace(one_line, two_lines));
    assert_matrix_read(&json(&read));
    // A row with a blank and a trailing empty cell is read by its edges, not by that header.
    let text = markdown(|i, label, values| match i {
        1 => format!("| {label} | 1 | 0 | 0 | 0 | 0 | | 1 | |\n"),
        _ => pipe_row(label, values),
    });
    let read = report(&text.replace(one_line, two_lines));
    let carried = row(&json(&read), "carried_over");
    assert_eq!(carried, [1.into(), 0.into(), 0.into(), 0.into(), 0.into(), Value::Null, 1.into()]);
}

/// A converter that repeats a merged header cell in every row it spans names a column twice
/// (`自然人`, `总计` on both header lines), each time in its own cell: the header still places
/// every cell, so a row with empty cells at both edges reads its blank by the header.
#[test]
fn a_header_repeating_its_merged_cells_places_blanks() {
    let one_line = "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |";
    let repeated = "| 申请人情况 | 自然人 | 法人或其他组织 | 法人或其他组织 | 法人或其他组织 | 法人或其他组织 | 法人或其他组织 | 总计 |\n\
                    | 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |";
    let text = markdown(|i, label, values| match i {
        6 => format!("| {label} | | 0 | 0 | 0 | 0 | 0 | 0 | |\n"),
        _ => pipe_row(label, values),
    });
    assert!(text.contains(one_line));
    let read = report(&text.replace(one_line, repeated));
    let security = row(&json(&read), "denied.security_stability");
    assert_eq!(security, [Value::Null, 0.into(), 0.into(), 0.into(), 0.into(), 0.into(), 0.into()]);
}

/// `items` (text at its character column) on one line of spaces.
fn laid_out(items: &[(usize, &str)]) -> String {
    let mut line: Vec<char> = Vec::new();
    for (at, text) in items {
        if line.len() < *at {
            line.resize(*at, ' ');
        }
        line.truncate(*at);
        line.extend(text.chars());
    }
    line.into_iter().collect()
}

/// A `-layout` report whose header names every column (自然人 centred at 41, 总计 at 90.5: the
/// columns 8.25 apart), each row's numbers under them, and the row `moved` printing `values`
/// `shift` characters to the right.
fn layout_with(moved: usize, shift: isize, values: [i64; 7]) -> Report {
    layout_paged(moved, shift, values, "")
}

/// [`layout_with`], the row `moved` opening with `page_break` (a form feed starts a new page).
fn layout_paged(moved: usize, shift: isize, values: [i64; 7], page_break: &str) -> Report {
    report(&layout_text(moved, shift, values, page_break))
}

/// The text of [`layout_paged`]'s report.
fn layout_text(moved: usize, shift: isize, values: [i64; 7], page_break: &str) -> String {
    const HEADER: [(usize, &str); 7] = [
        (40, "自然人"),
        (48, "商业企业"),
        (56, "科研机构"),
        (64, "社会公益组织"),
        (72, "法律服务机构"),
        (80, "其他"),
        (90, "总计"),
    ];
    const NUMBERS: [usize; 7] = [41, 49, 57, 66, 74, 80, 90];
    let header = format!("{}申请人情况\n{}\n", " ".repeat(40), laid_out(&HEADER));
    let rows: String = MATRIX
        .iter()
        .enumerate()
        .map(|(i, (label, printed))| {
            let (values, shift) = if i == moved { (&values, shift) } else { (printed, 0) };
            let texts: Vec<String> = values.iter().map(i64::to_string).collect();
            let mut items = vec![(0, *label)];
            for (at, text) in NUMBERS.iter().zip(&texts) {
                items.push((at.saturating_add_signed(shift), text));
            }
            let opening = if i == moved { page_break } else { "" };
            format!("{opening}{}\n", laid_out(&items))
        })
        .collect();
    HEAD.split("| （本列").next().unwrap_or_default().to_string() + &header + &rows + TAIL
}

/// A `-layout` row is doubted as a line of numbers joined to it only when its numbers stand
/// more than twice the columns' spacing (here 16.5 characters) beyond the header's first or last
/// column: a row printed 17 characters off is read, 18 is null.
#[test]
fn a_layout_row_is_doubted_only_well_beyond_the_header() {
    let outside = |report: &Report| report.diagnostics.iter().any(|d| d.message.contains("well outside"));
    let read = layout_with(usize::MAX, 0, [0; 7]);
    assert_matrix_read(&json(&read));
    // To the right: 总计's `1` centred at 90.5 + 17 = 107, the limit, then at 108.
    let right = [1, 0, 0, 0, 0, 0, 1];
    let at_limit = layout_with(0, 17, right);
    assert_eq!(row(&json(&at_limit), "received"), numbers(right));
    assert!(!outside(&at_limit));
    let beyond = layout_with(0, 18, right);
    assert!(row(&json(&beyond), "received").iter().all(Value::is_null));
    assert!(outside(&beyond), "{:?}", beyond.diagnostics);
    // To the left: 自然人's `10` centred at 41.5 - 17 = 24.5, the limit, then at 23.5.
    let left = [10, 0, 0, 0, 0, 0, 10];
    let at_limit = layout_with(0, -17, left);
    assert_eq!(row(&json(&at_limit), "received"), numbers(left));
    assert!(!outside(&at_limit));
    let beyond = layout_with(0, -18, left);
    assert!(row(&json(&beyond), "received").iter().all(Value::is_null));
    assert!(outside(&beyond), "{:?}", beyond.diagnostics);
    // On a page of its own, laid out anew, the header's columns say nothing of where it stands.
    let own_page = layout_paged(1, 24, [1, 0, 0, 0, 0, 0, 1], "\u{c}");
    assert_eq!(row(&json(&own_page), "carried_over"), numbers([1, 0, 0, 0, 0, 0, 1]));
    assert!(!outside(&own_page), "{:?}", own_page.diagnostics);
    // A tab row in such a table (a hand-edited dump) has no character positions to judge.
    let text = layout_text(usize::MAX, 0, [0; 7], "");
    let label = MATRIX[1].0;
    let tabbed = text.lines().map(|line| match line.starts_with(label) {
        true => format!("{label}\t1\t0\t0\t0\t0\t0\t1\n"),
        false => format!("{line}\n"),
    });
    let tabbed = report(&tabbed.collect::<String>());
    assert_eq!(row(&json(&tabbed), "carried_over"), numbers([1, 0, 0, 0, 0, 0, 1]));
    assert!(!outside(&tabbed), "{:?}", tabbed.diagnostics);
}

/// In a `-layout` table a row of letters where numbers stand holds no number: it is a row
/// printed without numbers, and says so at its line, as the first row of the table as below it.
#[test]
fn a_layout_row_of_letters_is_printed_without_numbers_first_or_not() {
    for at in [0, 1] {
        let text = layout_text(usize::MAX, 0, [0; 7], "");
        let label = MATRIX[at].0;
        let line = text.lines().position(|l| l.starts_with(label)).expect("row") + 1;
        let lettered = text.lines().map(|l| match l.starts_with(label) {
            true => format!("{label}{}x x x x x x x\n", " ".repeat(30)),
            false => format!("{l}\n"),
        });
        let read = report(&lettered.collect::<String>());
        let key = ["received", "carried_over"][at];
        assert!(row(&json(&read), key).iter().all(Value::is_null), "{key}");
        let said = read.diagnostics.iter().find(|d| d.message.contains(&format!("row {key} ")));
        assert_eq!(said.map(|d| (d.code.as_str(), d.line)), Some(("missing_row", Some(line))), "{key}");
        assert!(said.is_some_and(|d| d.message.contains("printed without numbers")), "{key}");
    }
}

/// In a tab dump cells are cells: `7\t6\t7` is three numbers, never a split `767`, even where
/// only that reading adds up. The row is read as printed and the checks report its sums.
#[test]
fn tab_cells_are_never_joined() {
    let report =
        damaged("2019-shanghai-szfbgt.tsv.txt", "\t767\t35\t\t\t2\t1\t805", "\t7\t6\t7\t35\t2\t1\t805");
    assert_eq!(row(&json(&report), "total_processed"), numbers([7, 6, 7, 35, 2, 1, 805]));
    assert!(!report.diagnostics.iter().any(|d| d.message.contains("one space apart")));
    let sums =
        report.checks.iter().find(|c| c.rule == "applications.row_total" && c.scope == "total_processed");
    assert_eq!(sums.map(|c| c.status), Some(CheckStatus::Fail), "{:#?}", report.checks);
}

/// A `-layout` row whose label stands on a line of its own below its numbers: the numbers
/// stand right under the row before's, as every row's do, and are a row of their own (placed
/// by the form's order), not digits that row's narrow cells wrapped.
#[test]
fn numbers_under_a_full_row_are_a_row_not_wrapped_digits() {
    let text = layout_text(usize::MAX, 0, [0; 7], "");
    let label = MATRIX[1].0;
    let split = text.lines().map(|line| match line.strip_prefix(label) {
        Some(numbers) => format!("{}{numbers}\n{label}\n", " ".repeat(label.chars().count())),
        None => format!("{line}\n"),
    });
    let read = report(&split.collect::<String>());
    assert_matrix_read(&json(&read));
    assert!(!codes(&read).contains(&"wrapped_number"), "{:?}", read.diagnostics);
}
