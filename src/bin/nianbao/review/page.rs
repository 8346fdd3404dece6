//! The review page's HTML: a report's three tables laid out as the printed form
//! ([`nianbao::form`]), each value with its state and its source, the checks and diagnostics
//! under them; and the index of a batch. Everything here is driven by the model only, and
//! every string that came from a dump goes through [`escape`].

use std::collections::HashMap;
use std::fmt::Write as _;

use nianbao::{Check, CheckStatus, Diagnostic, InputFormat, Origin, Report, Severity, Template};
use serde_json::Value;

/// The page's style and script, inline: the page opens offline, from a USB stick.
const STYLE: &str = include_str!("review.css");
const SCRIPT: &str = include_str!("review.js");

/// The most diagnostics a cell's note repeats (all are listed under the tables).
const MOST_NOTES: usize = 2;

/// One line of the index: what a reader sorts and filters a batch by.
pub struct IndexRow {
    pub agency: String,
    pub year: Option<i32>,
    pub template: &'static str,
    pub format: &'static str,
    pub failed: usize,
    pub warnings: usize,
    pub nulls: usize,
    pub file: String,
    /// Where the report's page is: `#r3` on the same page, or a file beside the index.
    pub link: String,
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out.into()
}

/// The start of a page, up to its body's first element.
pub fn open(out: &mut String, title: &str) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body>\n",
        escape(title)
    );
}

/// A link back to the index, atop a report's own page.
pub fn back_link(out: &mut String, index: &str) {
    let _ = write!(out, "<nav class=\"pages\"><a href=\"{}\">← 返回目录</a></nav>", escape(index));
}

/// The end of a page.
pub fn close(out: &mut String) {
    let _ = write!(out, "<script>{SCRIPT}</script>\n</body></html>\n");
}

/// The index of a batch: one row per report, sortable and filterable.
pub fn index(out: &mut String, rows: &[IndexRow], unreadable: &[(String, String)]) {
    let failing = rows.iter().filter(|r| r.failed > 0).count();
    let _ = write!(
        out,
        "<header><h1>政府信息公开工作年度报告 · 审阅</h1><p class=\"summary\">共 {} 份报告，其中 {failing} 份有未通过的校验；{} 个文件无法读取。</p></header>\n\
         <nav class=\"filters\"><input type=\"search\" id=\"filter\" placeholder=\"按单位、年度或文件筛选\" aria-label=\"筛选\">\
         <label><input type=\"checkbox\" id=\"only-failed\"> 只看有未通过校验的报告</label>\
         <label><input type=\"checkbox\" id=\"only-warned\"> 只看有警告的报告</label>\
         <span id=\"shown\"></span></nav>\n\
         <table id=\"index\" class=\"index\"><thead><tr>\
         <th data-sort=\"text\">单位</th><th data-sort=\"number\">年度</th><th data-sort=\"text\">格式</th>\
         <th data-sort=\"text\">来源</th><th data-sort=\"number\">未通过校验</th><th data-sort=\"number\">警告</th>\
         <th data-sort=\"number\">空值</th><th data-sort=\"text\">文件</th></tr></thead><tbody>\n",
        rows.len(),
        unreadable.len()
    );
    for row in rows {
        let _ = writeln!(
            out,
            "<tr data-failed=\"{failed}\" data-warnings=\"{warnings}\"><td><a href=\"{link}\">{agency}</a></td><td>{year}</td>\
             <td>{template}</td><td>{format}</td><td class=\"{fail_class}\">{failed}</td><td>{warnings}</td><td>{nulls}</td><td class=\"file\">{file}</td></tr>",
            failed = row.failed,
            warnings = row.warnings,
            link = escape(&row.link),
            agency = if row.agency.is_empty() { "（未识别单位）".into() } else { escape(&row.agency) },
            year = row.year.map(|y| y.to_string()).unwrap_or_default(),
            template = row.template,
            format = row.format,
            fail_class = if row.failed > 0 { "count fail" } else { "count" },
            nulls = row.nulls,
            file = escape(&row.file),
        );
    }
    out.push_str("</tbody></table>\n");
    if !unreadable.is_empty() {
        out.push_str("<h2>无法读取的文件</h2><ul class=\"unreadable\">");
        for (file, error) in unreadable {
            let _ = write!(out, "<li><code>{}</code>：{}</li>", escape(file), escape(error));
        }
        out.push_str("</ul>\n");
    }
}

/// The index line of one report.
pub fn index_row(report: &Report, link: String) -> IndexRow {
    IndexRow {
        agency: report.agency.clone().unwrap_or_default(),
        year: report.year,
        template: template_name(report.template),
        format: format_name(report.source.format),
        failed: report.checks.iter().filter(|c| c.status == CheckStatus::Fail).count(),
        warnings: report.diagnostics.iter().filter(|d| d.severity >= Severity::Warning).count(),
        nulls: nianbao::tidy::records(report).iter().filter(|r| r.value.is_empty()).count(),
        file: report.source.path.clone().unwrap_or_default(),
        link,
    }
}

fn template_name(template: Template) -> &'static str {
    match template {
        Template::Form2021 => "2021年格式",
        Template::Form2019 => "2019年格式",
        Template::FreeForm => "无统一表格",
    }
}

fn format_name(format: InputFormat) -> &'static str {
    match format {
        InputFormat::Text => "文本",
        InputFormat::Html => "网页",
        InputFormat::Docx => "Word",
        InputFormat::Pdf => "PDF",
    }
}

/// What the page knows of one report's cells: values by path, failing checks by cell, and
/// the lines that carry a doubt (a warning or error while reading).
struct Cells<'r> {
    report: &'r Report,
    tables: [(&'static str, Value); 3],
    failures: HashMap<&'r str, Vec<&'r Check>>,
    doubted_lines: HashMap<usize, Vec<&'r Diagnostic>>,
}

impl<'r> Cells<'r> {
    fn new(report: &'r Report) -> Cells<'r> {
        let tables = [
            ("active_disclosure", serde_json::to_value(&report.active_disclosure).unwrap_or_default()),
            ("applications", serde_json::to_value(&report.applications).unwrap_or_default()),
            ("reviews_and_lawsuits", serde_json::to_value(&report.reviews_and_lawsuits).unwrap_or_default()),
        ];
        let mut failures: HashMap<&str, Vec<&Check>> = HashMap::new();
        for check in report.checks.iter().filter(|c| c.status == CheckStatus::Fail) {
            for cell in check.cells.iter() {
                failures.entry(cell.as_ref()).or_default().push(check);
            }
        }
        let mut doubted_lines: HashMap<usize, Vec<&Diagnostic>> = HashMap::new();
        for diagnostic in report.diagnostics.iter().filter(|d| d.severity >= Severity::Warning) {
            if let Some(line) = diagnostic.line {
                doubted_lines.entry(line).or_default().push(diagnostic);
            }
        }
        Cells { report, tables, failures, doubted_lines }
    }

    fn value(&self, path: &str) -> Option<&Value> {
        let (table, rest) = path.split_once('.')?;
        let (row, field) = rest.rsplit_once('.')?;
        let (_, value) = self.tables.iter().find(|(key, _)| *key == table)?;
        value.get(row)?.get(field)
    }

    fn origin(&self, path: &str) -> Option<&'r Origin> {
        let provenance = self.report.provenance.as_ref()?;
        let (table, rest) = path.split_once('.')?;
        let (row, field) = rest.rsplit_once('.')?;
        let origins = match table {
            "active_disclosure" => &provenance.active_disclosure,
            "applications" => &provenance.applications,
            _ => &provenance.reviews_and_lawsuits,
        };
        origins.get(row)?.get(field)
    }

    /// Why a value is null that nianbao did not read: the diagnostics naming its row, else
    /// those about its section.
    fn why_unread(&self, path: &str) -> Vec<&'r Diagnostic> {
        let (table, rest) = path.split_once('.').unwrap_or((path, ""));
        let row = rest.rsplit_once('.').map_or(rest, |(row, _)| row);
        // The row, else the group it is an item of (`other_handling` printed whole).
        let group = row.split_once('.').map_or("", |(group, _)| group);
        let named: Vec<&Diagnostic> = self
            .report
            .diagnostics
            .iter()
            .filter(|d| mentions(&d.message, row) || mentions(&d.message, group))
            .take(MOST_NOTES)
            .collect();
        if !named.is_empty() {
            return named;
        }
        let section = match table {
            "active_disclosure" => "section 二",
            "applications" => "section 三",
            _ => "section 四",
        };
        self.report
            .diagnostics
            .iter()
            .filter(|d| d.severity >= Severity::Warning && d.message.contains(section))
            .take(MOST_NOTES)
            .collect()
    }
}

/// Whether a message names a row key as a word (`row denied.state_secret`, not `denied`
/// inside `denied.state_secret`).
fn mentions(message: &str, key: &str) -> bool {
    !key.is_empty()
        && message.match_indices(key).any(|(at, _)| {
            let before = message.get(..at).and_then(|s| s.chars().next_back());
            let after = message.get(at + key.len()..).and_then(|s| s.chars().next());
            let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
            !word(before) && !word(after)
        })
}

/// The sources beside a report's tables: one entry per line of the dump (or row of a
/// document's table), listing what was read there.
#[derive(Default)]
struct Sources {
    entries: Vec<SourceEntry>,
    by_place: HashMap<String, usize>,
}

struct SourceEntry {
    anchor: String,
    place: String,
    row: String,
    items: Vec<String>,
}

impl Sources {
    /// Adds a value's origin and returns the anchor of its entry.
    fn add(&mut self, id: &str, origin: &Origin, label: &str) -> &str {
        let place = match origin.cell {
            Some(cell) => format!("表{} 第{}行", cell.table, cell.row),
            None => format!("第{}行", origin.line),
        };
        let (row, field) = label.rsplit_once(" · ").unwrap_or(("", label));
        let next = self.entries.len();
        let at = *self.by_place.entry(place.clone()).or_insert(next);
        if at == next {
            let anchor = format!("{id}-s{}", next + 1);
            self.entries.push(SourceEntry { anchor, place, row: row.to_owned(), items: Vec::new() });
        }
        let Some(entry) = self.entries.get_mut(at) else { return "" };
        let column = match origin.cell {
            Some(cell) => format!("第{}列", cell.column),
            None => format!("第{}字", origin.column),
        };
        entry.items.push(format!(
            "{} <code>{}</code> <small>{column}</small>",
            escape(field),
            escape(&origin.raw)
        ));
        &entry.anchor
    }

    fn write(&self, out: &mut String) {
        out.push_str("<aside class=\"sources\"><h3>来源（点击表中数值定位）</h3><ol>");
        for entry in &self.entries {
            let _ = write!(
                out,
                "<li id=\"{}\"><b>{}</b> {}<br>{}</li>",
                entry.anchor,
                entry.place,
                escape(&entry.row),
                entry.items.join("；")
            );
        }
        out.push_str("</ol></aside>");
    }
}

/// One report: heading, tables beside their sources, checks, diagnostics. `id` prefixes
/// every anchor (`r3`), so that many reports can share a page.
pub fn report(out: &mut String, report: &Report, id: &str) {
    let cells = Cells::new(report);
    let heading = report.title.clone().unwrap_or_else(|| {
        format!(
            "{}{}",
            report.agency.as_deref().unwrap_or("（未识别单位）"),
            report.year.map(|y| format!("{y}年")).unwrap_or_default()
        )
    });
    let _ = write!(
        out,
        "<section class=\"report\" id=\"{id}\"><h2>{}</h2><p class=\"meta\">文件 <code>{}</code> · {} · {} · SHA-256 <code>{}</code></p>",
        escape(&heading),
        escape(report.source.path.as_deref().unwrap_or("（标准输入）")),
        template_name(report.template),
        format_name(report.source.format),
        escape(&report.source.sha256),
    );
    legend(out);
    out.push_str("<div class=\"layout\"><div class=\"tables\">");
    let mut sources = Sources::default();
    let tables = nianbao::form::tables(report);
    if tables.is_empty() {
        out.push_str("<p class=\"none\">未读到统计表（2019年以前的报告没有统一表格）。</p>");
    }
    for table in &tables {
        let _ = write!(out, "<h3>{}</h3>", table.title);
        for grid in &table.grids {
            self::grid(out, grid, &cells, id, &mut sources);
        }
    }
    out.push_str("</div>");
    sources.write(out);
    out.push_str("</div>\n");
    checks(out, report);
    diagnostics(out, report);
    out.push_str("</section>\n");
}

fn legend(out: &mut String) {
    out.push_str(
        "<p class=\"legend\"><span class=\"v fail\">12</span> 报告自身的计算不符（校验未通过）\
         <span class=\"v doubt\">12</span> 读取存疑（见诊断）\
         <span class=\"v unread\">未读</span> 未能读出，原因见提示\
         <span class=\"v blank\">空白</span> 报告中此格为空（不等于0）</p>\n",
    );
}

fn grid(out: &mut String, grid: &nianbao::form::Grid, cells: &Cells, id: &str, sources: &mut Sources) {
    out.push_str("<table class=\"form\">");
    if let Some(caption) = grid.caption {
        let _ = write!(out, "<caption>{caption}</caption>");
    }
    out.push_str("<thead>");
    for row in &grid.header {
        out.push_str("<tr>");
        for cell in row {
            let _ = write!(out, "<th{}>{}</th>", spans(cell), cell.text);
        }
        out.push_str("</tr>");
    }
    out.push_str("</thead><tbody>");
    for row in &grid.body {
        out.push_str("<tr>");
        for cell in row {
            match &cell.path {
                None => {
                    let _ = write!(out, "<th scope=\"row\"{}>{}</th>", spans(cell), cell.text);
                }
                Some(path) => value_cell(out, path, cells, id, sources),
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>\n");
}

fn spans(cell: &nianbao::form::Cell) -> String {
    let mut out = String::new();
    if cell.rowspan > 1 {
        let _ = write!(out, " rowspan=\"{}\"", cell.rowspan);
    }
    if cell.colspan > 1 {
        let _ = write!(out, " colspan=\"{}\"", cell.colspan);
    }
    out
}

/// A value's cell: its number (or why it has none), its state as classes, what is known of it
/// in its title, and a link to its source beside the table.
fn value_cell(out: &mut String, path: &str, cells: &Cells, id: &str, sources: &mut Sources) {
    let value = cells.value(path).filter(|v| !v.is_null());
    let origin = cells.origin(path);
    let failures = cells.failures.get(path).map(Vec::as_slice).unwrap_or_default();
    let doubts: Vec<&Diagnostic> = match (value, origin) {
        (Some(_), Some(origin)) => cells.doubted_lines.get(&origin.line).cloned().unwrap_or_default(),
        (None, None) => cells.why_unread(path),
        _ => Vec::new(),
    };
    let mut classes = vec!["v"];
    let mut notes: Vec<String> = Vec::new();
    let shown = match (value, origin) {
        (Some(value), _) => value.to_string(),
        (None, Some(_)) => {
            classes.push("blank");
            notes.push("报告中此格为空白：记为 null，不等于 0".to_string());
            "空白".to_string()
        }
        (None, None) => {
            classes.push("unread");
            if doubts.is_empty() {
                notes.push("未能读出此值".to_string());
            }
            "未读".to_string()
        }
    };
    if !failures.is_empty() {
        classes.push("fail");
        notes.extend(failures.iter().map(|check| describe(check)));
    }
    if value.is_some() && !doubts.is_empty() {
        classes.push("doubt");
    }
    if value.is_some() {
        // A value read on a line with doubts: their codes (the list under the tables has
        // their messages; a flattened dump's one line would repeat them in every cell).
        let mut codes: Vec<&str> = doubts.iter().map(|d| d.code.as_str()).collect();
        codes.dedup();
        if !codes.is_empty() {
            notes.push(format!("读取存疑（见诊断）：{}", codes.join(", ")));
        }
    } else {
        notes.extend(doubts.iter().map(|d| format!("[{}] {}", d.code, d.message)));
    }
    let label = nianbao::form::label(path).unwrap_or_default();
    let _ =
        write!(out, "<td class=\"{}\" data-path=\"{path}\" title=\"{}", classes.join(" "), escape(&label));
    for note in &notes {
        let _ = write!(out, "\n{}", escape(note));
    }
    out.push('"');
    out.push('>');
    match origin {
        Some(origin) => {
            let anchor = sources.add(id, origin, &label);
            let _ = write!(out, "<a href=\"#{anchor}\">{}</a>", escape(&shown));
        }
        None => out.push_str(&escape(&shown)),
    }
    // In the cell itself: the rule a stated cell breaks, or the code of why a value is null.
    let stated = failures.iter().find(|check| check.cells.first().is_some_and(|c| c == path));
    let why = match (stated, doubts.first()) {
        (Some(check), _) => Some(describe(check)),
        (None, Some(doubt)) if value.is_none() => Some(doubt.code.as_str().to_owned()),
        _ => None,
    };
    if let Some(why) = why {
        let _ = write!(out, "<span class=\"why\">{}</span>", escape(&why));
    }
    out.push_str("</td>");
}

/// A failed identity in the form's words: `自然人：一+二 = 三(七)+四：12 ≠ 11`.
pub fn describe(check: &Check) -> String {
    let number = |v: Option<i64>| v.map_or_else(|| "空".to_string(), |v| v.to_string());
    if let Some(text) = &check.text {
        let cells: Vec<String> = check.cells.iter().filter_map(|c| nianbao::form::label(c)).collect();
        return format!(
            "正文称“{text}”：{}，表中{}为 {}",
            number(check.expected),
            cells.join("、"),
            number(check.actual)
        );
    }
    let rule = match check.rule.as_ref() {
        "applications.balance" => "一+二 = 三(七)+四",
        "applications.row_total" => "总计 = 六类申请人之和",
        "applications.outcome_total" => "（七）总计 = （一）至（六）之和",
        "applications.legal_person_subtotal" => "小计 = 法人或其他组织五列之和",
        "applications.group_subtotal" => "小计 = 本组各项之和",
        "reviews_and_lawsuits.total" => "总计 = 维持+纠正+其他+尚未审结",
        other => other,
    };
    // The scope as the form names it: a column (自然人), a row (（一）予以公开), a group
    // (行政复议); else the label of the check's stated cell.
    let scope = nianbao::form_label(&check.scope)
        .map(str::to_owned)
        .or_else(|| check.cells.first().and_then(|path| nianbao::form::label(path)))
        .unwrap_or_else(|| check.scope.to_string());
    format!("{scope}：{rule}：{} ≠ {}", number(check.expected), number(check.actual))
}

fn checks(out: &mut String, report: &Report) {
    let failed: Vec<&Check> = report.checks.iter().filter(|c| c.status == CheckStatus::Fail).collect();
    let count = |status| report.checks.iter().filter(|c| c.status == status).count();
    let _ = write!(
        out,
        "<h3>校验</h3><p class=\"checks-summary\">{} 项校验：{} 项通过，{} 项未通过，{} 项因有空值无法判断。</p>",
        report.checks.len(),
        count(CheckStatus::Pass),
        failed.len(),
        count(CheckStatus::NotAssessable)
    );
    if !failed.is_empty() {
        out.push_str("<ul class=\"failed\">");
        for check in failed {
            let _ = write!(out, "<li><code>{}</code> {}</li>", escape(&check.rule), escape(&describe(check)));
        }
        out.push_str("</ul>");
    }
}

fn diagnostics(out: &mut String, report: &Report) {
    if report.diagnostics.is_empty() {
        out.push_str("<h3>诊断</h3><p>没有诊断。</p>");
        return;
    }
    out.push_str("<h3>诊断</h3><table class=\"diagnostics\"><thead><tr><th>级别</th><th>代码</th><th>行</th><th>说明</th></tr></thead><tbody>");
    for d in &report.diagnostics {
        let (class, level) = match d.severity {
            Severity::Error => ("error", "错误"),
            Severity::Warning => ("warning", "警告"),
            _ => ("info", "提示"),
        };
        let _ = write!(
            out,
            "<tr class=\"{class}\"><td>{level}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            d.code.as_str(),
            d.line.map(|l| l.to_string()).unwrap_or_default(),
            escape(&d.message)
        );
    }
    out.push_str("</tbody></table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("a<script>\"x\"&'y'</table>"),
            "a&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/table&gt;"
        );
        assert!(matches!(escape("平潭"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn a_row_key_is_mentioned_as_a_word() {
        assert!(mentions("row denied.state_secret was not found", "denied.state_secret"));
        assert!(!mentions("row denied.state_secret was not found", "denied"));
        assert!(!mentions("row other_handling.other", "other_handling"));
    }
}
