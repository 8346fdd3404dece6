//! Reports made from the seed by changing what one test is about, at run time (the corpus
//! files themselves are never edited).

use nianbao::{extract, CheckStatus, Options, Report, Severity};

pub const SEED: &str = include_str!("../../corpus/2023-xigong-minzhengju.tsv.txt");

pub fn report(text: &str) -> Report {
    extract(text.as_bytes(), &Options::default().with_provenance(true)).expect("report extracts")
}

/// The seed with one matrix row replaced: `row_start` opens the row's line.
pub fn with_row(row_start: &str, cells: &str) -> String {
    SEED.lines()
        .map(
            |line| {
                if line.starts_with(row_start) {
                    format!("{row_start}{cells}")
                } else {
                    line.to_string()
                }
            },
        )
        .collect::<Vec<_>>()
        .join("\n")
}

/// The seed with 12 applications received from natural persons but only 11 handled.
pub fn unbalanced() -> String {
    let text = with_row("一、本年新收政府信息公开申请数量", "\t\t12\t0\t0\t0\t0\t0\t12\t");
    let granted = "三、本年度办理结果\t(一) 予以公开";
    text.lines()
        .map(|line| {
            if line.starts_with(granted) {
                format!("{granted}\t11\t0\t0\t0\t0\t0\t11\t")
            } else {
                line.to_string()
            }
        })
        .map(|line| {
            if line.starts_with("(七) 总计") {
                "(七) 总计\t\t11\t0\t0\t0\t0\t0\t11\t".to_string()
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_wrong_balance_is_named_with_its_column_and_both_numbers() {
    let report = report(&unbalanced());
    let failed: Vec<_> = report.checks.iter().filter(|c| c.status == CheckStatus::Fail).collect();
    let balance: Vec<_> = failed.iter().filter(|c| c.rule == "applications.balance").collect();
    assert_eq!(balance.len(), 2, "natural_person and total: {failed:#?}");
    assert_eq!(balance[0].scope, "natural_person");
    assert_eq!((balance[0].expected, balance[0].actual), (Some(12), Some(11)));
    assert_eq!(balance[0].cells[0], "applications.received.natural_person");
    // The rows' own totals and the outcome sum still hold, and no value was repaired.
    assert!(failed.iter().all(|c| c.rule == "applications.balance"));
    assert_eq!(report.applications.as_ref().unwrap()["received"].natural_person, Some(12));
}

#[test]
fn a_wrong_row_total_fails_that_row_only() {
    let report = report(&with_row("二、上年结转政府信息公开申请数量", "\t\t1\t1\t0\t0\t0\t0\t3\t"));
    let row_totals: Vec<_> = report
        .checks
        .iter()
        .filter(|c| c.rule == "applications.row_total" && c.status == CheckStatus::Fail)
        .collect();
    assert_eq!(row_totals.len(), 1);
    assert_eq!(
        (row_totals[0].scope.as_ref(), row_totals[0].expected, row_totals[0].actual),
        ("carried_over", Some(3), Some(2))
    );
}

#[test]
fn placeholders_are_null_and_make_checks_not_assessable() {
    let report = report(&with_row("一、本年新收政府信息公开申请数量", "\t\t—\t/\t0\t0\t0\t0\t0\t"));
    let received = &report.applications.as_ref().unwrap()["received"];
    assert_eq!(
        (received.natural_person, received.commercial_enterprise, received.total),
        (None, None, Some(0))
    );
    let balance = report
        .checks
        .iter()
        .find(|c| c.rule == "applications.balance" && c.scope == "natural_person")
        .unwrap();
    assert_eq!(balance.status, CheckStatus::NotAssessable);
    assert!(report.diagnostics.iter().any(|d| d.code == "blank_cells"));
}

#[test]
fn a_review_group_that_does_not_add_up_fails() {
    let text = SEED.replace(
        "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0",
        "1\t2\t0\t0\t4\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0",
    );
    let report = report(&text);
    let failed: Vec<_> = report.checks.iter().filter(|c| c.status == CheckStatus::Fail).collect();
    assert_eq!(failed.len(), 1);
    assert_eq!((failed[0].rule.as_ref(), failed[0].scope.as_ref()), ("reviews_and_lawsuits.total", "review"));
    assert_eq!((failed[0].expected, failed[0].actual), (Some(4), Some(3)));
}

#[test]
fn full_width_digits_and_crlf_read_the_same() {
    let wide: String = SEED
        .replace('\n', "\r\n")
        .chars()
        .map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 + 0xfee0).unwrap() } else { c })
        .collect();
    let (a, b) = (report(SEED), report(&wide));
    assert_eq!(a.applications, b.applications);
    assert_eq!(a.reviews_and_lawsuits, b.reviews_and_lawsuits);
    assert_eq!((b.agency.as_deref(), b.year), (Some("西工区民政局"), Some(2023)));
}

#[test]
fn gb18030_and_utf16_give_the_same_report() {
    let (gbk, _, _) = encoding_rs::GB18030.encode(SEED);
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(SEED.encode_utf16().flat_map(u16::to_le_bytes));
    let plain = report(SEED);
    for (bytes, encoding) in [(gbk.to_vec(), "GB18030"), (utf16, "UTF-16LE")] {
        let other = extract(&bytes, &Options::default().with_provenance(true)).unwrap();
        assert_eq!(other.encoding, encoding);
        assert_eq!(
            (&other.applications, &other.active_disclosure, &other.sections),
            (&plain.applications, &plain.active_disclosure, &plain.sections)
        );
    }
}

#[test]
fn a_truncated_report_keeps_what_it_has_and_says_what_is_missing() {
    let cut = SEED.find("6. 属于四类过程性信息").expect("the seed has that row");
    let report = report(&SEED[..cut]);
    let apps = report.applications.as_ref().unwrap();
    assert_eq!(apps["denied.internal_affairs"].natural_person, Some(0));
    assert_eq!(apps["total_processed"].natural_person, None);
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(
        codes.contains(&"missing_row")
            && codes.contains(&"missing_section")
            && codes.contains(&"missing_table"),
        "{codes:?}"
    );
    assert!(report.diagnostics.iter().any(|d| d.severity == Severity::Error));
}

#[test]
fn provenance_points_at_the_cell_as_printed() {
    let report = report(&with_row("一、本年新收政府信息公开申请数量", "\t\t１２\t0\t0\t0\t0\t0\t12\t"));
    let origin = &report.provenance.as_ref().unwrap().applications["received"]["natural_person"];
    let line = SEED.lines().position(|l| l.starts_with("一、本年新收")).unwrap() + 1;
    assert_eq!((origin.line, origin.column, origin.raw.as_str()), (line, 19, "１２"));
}

#[test]
fn a_page_number_inside_a_split_row_is_skipped_not_read() {
    let raw = include_str!("../../corpus/2021-pingtan.pdf-raw.txt");
    let (at, _) = raw.match_indices("64 0 0 2\n").next().expect("the row's first numbers");
    let with_page = format!("{}— 3 —\n{}", &raw[..at + 9], &raw[at + 9..]);
    let report = report(&with_page);
    let received = &report.applications.as_ref().unwrap()["received"];
    let values = [
        received.natural_person,
        received.commercial_enterprise,
        received.research_institution,
        received.social_welfare_organization,
        received.legal_service_agency,
        received.other_organization,
        received.total,
    ];
    assert_eq!(values, [64, 0, 0, 2, 0, 4, 70].map(Some));
    let page_line = with_page[..at + 9].lines().count() + 1;
    assert!(report.diagnostics.iter().any(|d| d.code == "page_furniture" && d.line == Some(page_line)));
}

const SHANGHAI_LAYOUT: &str = include_str!("../../corpus/2019-shanghai-szfbgt.layout.txt");

#[test]
fn layout_rows_with_blank_cells_are_placed_under_their_header_columns() {
    let report = report(SHANGHAI_LAYOUT);
    let applications = report.applications.as_ref().expect("section 三");
    // Page 2 of the table (after the form feed) sits two or three characters to the right of
    // page 1; its 商业企业 numbers are still read as 商业企业.
    let not_held = &applications["unable.not_held"];
    assert_eq!(
        (not_held.natural_person, not_held.commercial_enterprise, not_held.research_institution),
        (Some(252), Some(12), None)
    );
    assert_eq!(not_held.legal_service_agency, Some(1));
    let placed: Vec<_> = report.diagnostics.iter().filter(|d| d.code == "placed_by_position").collect();
    assert_eq!(placed.len(), 2, "section 三 and section 四");
    assert!(placed[0].message.contains("page break (line 171)"), "{}", placed[0].message);
    // Rows printed without numbers are blank, and the diagnostic says where they stand.
    let blank = report
        .diagnostics
        .iter()
        .find(|d| d.code == "missing_row" && d.message.contains("denied.prohibited_by_law"))
        .expect("a missing_row diagnostic");
    assert_eq!(blank.line, Some(164));
    assert!(blank.message.contains("printed without numbers"));
}

#[test]
fn layout_rows_without_a_header_to_place_them_stay_null() {
    // The three lines of section 三's header words, dropped: nothing says where the columns are.
    let headless: String = SHANGHAI_LAYOUT
        .lines()
        .filter(|line| !(line.contains("自然") || line.contains("商业") || line.contains("企业 机构")))
        .collect::<Vec<_>>()
        .join("\n");
    let report = report(&headless);
    let applications = report.applications.as_ref().expect("section 三");
    assert_eq!(applications["received"].natural_person, None);
    assert_eq!(applications["total_processed"].total, None);
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "cell_count" && d.severity == Severity::Error)
        .collect();
    assert!(errors.iter().any(|d| d.message.contains("row received:") && d.message.contains("header")));
}

/// A 2021-form report in tab rows with a 小计 column (the five legal-person columns' sum) and a
/// 小计 row after the 不予公开 items, both wrong once each: exactly the checks those two cells
/// take part in fail, each with both numbers; every other identity passes.
#[test]
fn wrong_subtotals_fail_exactly_their_checks() {
    let head = "某区人民政府2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n三、收到和处理政府信息公开申请情况\n\
                \t\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t小计\t总计\n";
    // Rows: label, the six applicant columns, 小计, 总计.
    let rows: &[(&str, [i64; 8])] = &[
        ("一、本年新收政府信息公开申请数量", [6, 1, 0, 0, 0, 0, 2, 7]), // 小计 says 2, the five make 1
        ("二、上年结转政府信息公开申请数量", [1, 0, 0, 0, 0, 0, 0, 1]),
        ("（一）予以公开", [2, 0, 0, 0, 0, 0, 0, 2]),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [1, 1, 0, 0, 0, 0, 1, 2]),
        ("1.属于国家秘密", [1, 0, 0, 0, 0, 0, 0, 1]),
        ("2.其他法律行政法规禁止公开", [1, 0, 0, 0, 0, 0, 0, 1]),
        ("3.危及“三安全一稳定”", [0; 8]),
        ("4.保护第三方合法权益", [0; 8]),
        ("5.属于三类内部事务信息", [0; 8]),
        ("6.属于四类过程性信息", [0; 8]),
        ("7.属于行政执法案卷", [0; 8]),
        ("8.属于行政查询事项", [0; 8]),
        ("小计", [3, 0, 0, 0, 0, 0, 0, 3]), // the items make 2
        ("1.本机关不掌握相关政府信息", [1, 0, 0, 0, 0, 0, 0, 1]),
        ("2.没有现成信息需要另行制作", [0; 8]),
        ("3.补正后申请内容仍不明确", [0; 8]),
        ("1.信访举报投诉类申请", [0; 8]),
        ("2.重复申请", [1, 0, 0, 0, 0, 0, 0, 1]),
        ("3.要求提供公开出版物", [0; 8]),
        ("4.无正当理由大量反复申请", [0; 8]),
        ("5.要求行政机关确认或重新出具已获取信息", [0; 8]),
        ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", [0; 8]),
        ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [0; 8]),
        ("3.其他", [0; 8]),
        ("（七）总计", [7, 1, 0, 0, 0, 0, 1, 8]),
        ("四、结转下年度继续办理", [0; 8]),
    ];
    let body: String = rows
        .iter()
        .map(|(label, values)| {
            format!("{label}\t\t{}\n", values.iter().map(i64::to_string).collect::<Vec<_>>().join("\t"))
        })
        .collect();
    let text = format!(
        "{head}{body}四、政府信息公开行政复议、行政诉讼情况\n0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n"
    );
    let report = report(&text);
    let failed: Vec<(&str, &str, Option<i64>, Option<i64>)> = report
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::Fail)
        .map(|c| (c.rule.as_ref(), c.scope.as_ref(), c.expected, c.actual))
        .collect();
    assert_eq!(
        failed,
        [
            // The 小计 against the five legal-person columns (not the six, not 自然人).
            ("applications.legal_person_subtotal", "received", Some(2), Some(1)),
            // The same wrong 小计 breaks its column's balance: 一+二 = 2, 三(七)+四 = 1.
            ("applications.balance", "legal_person_subtotal", Some(2), Some(1)),
            // The group's 小计 row against its items, itself not counted (else 5, not 2).
            ("applications.group_subtotal", "denied.subtotal.natural_person", Some(3), Some(2)),
            ("applications.group_subtotal", "denied.subtotal.total", Some(3), Some(2)),
        ],
        "{:#?}",
        report.diagnostics
    );
}
