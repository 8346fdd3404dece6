//! Web pages: the report's text as lines, and each `<table>` as its exact grid.
//!
//! A real HTML5 tokenizer (html5ever's) reads the markup; this module keeps what the report
//! needs of it. Paragraphs, headings, list items and line breaks end lines; `<script>`, `<style>`
//! and comments (Word's `<!--[if …]-->` included) are dropped; entities such as `&nbsp;` come
//! out as the characters they name. Each table that holds no other table becomes its grid,
//! written as one tab-separated line per row with `rowspan` and `colspan` laid out as the empty
//! cells they cover, so no cell depends on guessing blanks: the tab reader then reads it as it
//! reads any tab dump. A table that holds tables is page layout: its cells are read as text.
//! The page's own title (`<meta name="ArticleTitle">`, else `<title>` up to the site's name)
//! leads the text, so a report whose body splits or omits its title is still named.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer};

use super::{collapse, GridRow, Produced, MAX_CELLS, MAX_SPAN, MAX_WIDTH};

/// What the tokenizer saw that the text needs, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Event {
    TableOpen,
    TableClose,
    RowOpen,
    RowClose,
    CellOpen {
        rowspan: usize,
        colspan: usize,
    },
    CellClose,
    /// A line break: `<br>`, or the edge of a paragraph, heading or other block.
    Break,
    /// The start and end of an element that may hold the report's article (`<div>`, `<article>`,
    /// `<section>`, `<main>`, `<body>`).
    ContainerOpen,
    ContainerClose,
    Text(String),
}

/// Collects [`Event`]s from the tokenizer, and the page's title.
#[derive(Default)]
struct Sink {
    events: RefCell<Vec<Event>>,
    /// Inside `<script>`, `<style>`, `<title>` or `<noscript>`: text there is not the report's.
    hidden: RefCell<Option<&'static str>>,
    title: RefCell<String>,
    article_title: RefCell<Option<String>>,
}

impl Sink {
    fn push(&self, event: Event) {
        self.events.borrow_mut().push(event);
    }

    fn tag(&self, tag: &Tag) -> TokenSinkResult<()> {
        let start = tag.kind == TagKind::StartTag;
        let name: &str = &tag.name;
        let hidden = *self.hidden.borrow();
        if let Some(open) = hidden {
            if !start && name == open {
                *self.hidden.borrow_mut() = None;
            }
            return TokenSinkResult::Continue;
        }
        match (name, start) {
            ("script", true) => return self.hide("script", Some(RawKind::ScriptData)),
            ("style", true) => return self.hide("style", Some(RawKind::Rawtext)),
            ("title", true) => return self.hide("title", Some(RawKind::Rcdata)),
            ("noscript" | "template" | "select", true) => return self.hide(static_name(name), None),
            ("meta", _) => self.meta(tag),
            ("table", true) => self.push(Event::TableOpen),
            ("table", false) => self.push(Event::TableClose),
            ("tr", true) => self.push(Event::RowOpen),
            ("tr", false) => self.push(Event::RowClose),
            ("td" | "th", true) => {
                let span = |attribute: &str| {
                    tag.attrs
                        .iter()
                        .find(|a| &*a.name.local == attribute)
                        .and_then(|a| a.value.trim().parse::<usize>().ok())
                        .filter(|n| (1..=MAX_SPAN).contains(n))
                        .unwrap_or(1)
                };
                self.push(Event::CellOpen { rowspan: span("rowspan"), colspan: span("colspan") });
            }
            ("td" | "th", false) => self.push(Event::CellClose),
            (name, _) if CONTAINERS.contains(&name) => {
                self.push(Event::Break);
                self.push(if start { Event::ContainerOpen } else { Event::ContainerClose });
            }
            (name, _) if BREAKS.contains(&name) => self.push(Event::Break),
            _ => {}
        }
        TokenSinkResult::Continue
    }

    fn hide(&self, name: &'static str, raw: Option<RawKind>) -> TokenSinkResult<()> {
        *self.hidden.borrow_mut() = Some(name);
        raw.map_or(TokenSinkResult::Continue, TokenSinkResult::RawData)
    }

    /// `<meta name="ArticleTitle" content="…">`, as Chinese government sites print it.
    fn meta(&self, tag: &Tag) {
        let attribute = |name: &str| tag.attrs.iter().find(|a| &*a.name.local == name).map(|a| &*a.value);
        let named = attribute("name").is_some_and(|n| n.eq_ignore_ascii_case("ArticleTitle"));
        if let (true, Some(content)) = (named, attribute("content")) {
            if !content.trim().is_empty() {
                *self.article_title.borrow_mut() = Some(content.trim().to_owned());
            }
        }
    }

    fn text(&self, text: &StrTendril) {
        let hidden = *self.hidden.borrow();
        match hidden {
            Some("title") => self.title.borrow_mut().push_str(text),
            Some(_) => {}
            None => {
                let mut events = self.events.borrow_mut();
                match events.last_mut() {
                    Some(Event::Text(last)) => last.push_str(text),
                    _ => events.push(Event::Text(text.to_string())),
                }
            }
        }
    }
}

/// The one name a hidden element closes with.
fn static_name(name: &str) -> &'static str {
    ["noscript", "template", "select"].into_iter().find(|n| *n == name).unwrap_or("noscript")
}

/// Elements whose edges end a line.
#[rustfmt::skip]
const BREAKS: &[&str] = &[
    "br", "p", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer",
    "nav", "center", "blockquote", "pre", "hr", "caption", "form", "aside",
];

/// Elements that may hold the report's article (their edges end lines too).
const CONTAINERS: &[&str] = &["div", "article", "section", "main", "body"];

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => self.tag(&tag),
            Token::CharacterTokens(text) => {
                self.text(&text);
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

/// Reads a page's text (already decoded) into lines and grids.
pub fn read(html: &str) -> Produced {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(Sink::default(), Default::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let sink = tokenizer.sink;
    let title = sink.article_title.into_inner().or_else(|| page_title(&sink.title.into_inner()));
    let events = sink.events.into_inner();
    let mut out = Builder::default();
    out.events(&events, &layout_tables(&events));
    let mut produced = article(out.produced, &out.containers);
    if let Some(title) = title {
        produced.rows.insert(0, None);
        produced.text.insert(0, '\n');
        produced.text.insert_str(0, &collapse(&title));
    }
    produced
}

/// The report's article out of a whole page: the lines of the smallest container that holds
/// both the first section heading (`一、`) and the last (`…、` up to 十), so the page's
/// navigation, share links and footer are left out. The whole page when no container does.
fn article(produced: Produced, containers: &[(usize, usize)]) -> Produced {
    let lines: Vec<&str> = produced.text.lines().collect();
    let heading = |line: &&str| {
        let mut chars = line.trim_start().chars();
        matches!((chars.next(), chars.next()), (Some('一'..='十'), Some('、' | '.' | '．')))
    };
    let first =
        lines.iter().position(|l| l.trim_start().starts_with("一、") || l.trim_start().starts_with("一."));
    let last = lines.iter().rposition(heading);
    let (Some(first), Some(last)) = (first, last) else { return produced };
    let Some(&(start, end)) =
        containers.iter().filter(|(s, e)| *s <= first && *e > last).min_by_key(|(s, e)| e - s)
    else {
        return produced;
    };
    let mut article = Produced::default();
    for (index, line) in lines.iter().enumerate().take(end).skip(start) {
        article.push((*line).to_owned(), produced.rows.get(index).copied().flatten());
    }
    article
}

/// A `<title>`'s text up to the site's name (`报告_政府信息公开年报_平潭…`).
fn page_title(title: &str) -> Option<String> {
    let title = collapse(title);
    let head = title.split(['_', '|']).next().unwrap_or_default().trim();
    head.contains("报告").then(|| head.to_owned())
}

/// For each table, in the order they open, whether it holds another table (page layout).
fn layout_tables(events: &[Event]) -> Vec<bool> {
    let mut layout = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for event in events {
        match event {
            Event::TableOpen => {
                for &table in &open {
                    if let Some(slot) = layout.get_mut(table) {
                        *slot = true;
                    }
                }
                open.push(layout.len());
                layout.push(false);
            }
            Event::TableClose => {
                open.pop();
            }
            _ => {}
        }
    }
    layout
}

/// One cell of a grid being built.
#[derive(Debug, Default)]
struct CellBuild {
    text: String,
    rowspan: usize,
    colspan: usize,
}

/// Writes lines: the current paragraph's text, and grids as they close.
#[derive(Default)]
struct Builder {
    produced: Produced,
    current: String,
    /// Open tables: a grid's rows (each row its cells), or `None` for a layout table.
    tables: Vec<Option<Vec<Vec<CellBuild>>>>,
    /// Whether a cell of the innermost grid is open.
    in_cell: bool,
    grids: usize,
    /// Open containers (see [`Event::ContainerOpen`]; a layout table's cells too): the line
    /// each starts at.
    open: Vec<usize>,
    /// Closed containers: the lines each spans.
    containers: Vec<(usize, usize)>,
}

impl Builder {
    fn events(&mut self, events: &[Event], layout: &[bool]) {
        let mut opened = 0;
        for event in events {
            match event {
                Event::TableOpen => {
                    self.flush();
                    let is_layout = layout.get(opened).copied().unwrap_or(true);
                    opened += 1;
                    self.tables.push((!is_layout).then(Vec::new));
                    self.in_cell = false;
                }
                Event::TableClose => self.close_table(),
                Event::RowOpen => match self.grid() {
                    Some(rows) => rows.push(Vec::new()),
                    None => self.flush(),
                },
                Event::CellOpen { rowspan, colspan } => match self.grid() {
                    Some(rows) => {
                        if rows.is_empty() {
                            rows.push(Vec::new());
                        }
                        if let Some(row) = rows.last_mut() {
                            row.push(CellBuild { text: String::new(), rowspan: *rowspan, colspan: *colspan });
                        }
                        self.in_cell = true;
                    }
                    None => self.container_open(),
                },
                Event::RowClose => match self.grid() {
                    Some(_) => self.in_cell = false,
                    None => self.flush(),
                },
                Event::CellClose => match self.grid() {
                    Some(_) => self.in_cell = false,
                    None => self.container_close(),
                },
                Event::ContainerOpen => self.container_open(),
                Event::ContainerClose => self.container_close(),
                Event::Break => {
                    let in_grid = self.grid().is_some();
                    match self.cell() {
                        Some(cell) => cell.text.push(' '),
                        None if !in_grid => self.flush(),
                        None => {}
                    }
                }
                Event::Text(text) => {
                    let in_grid = self.grid().is_some();
                    match self.cell() {
                        Some(cell) => cell.text.push_str(text),
                        None if !in_grid => self.current.push_str(text),
                        None => {} // whitespace between a grid's tags
                    }
                }
            }
        }
        while !self.tables.is_empty() {
            self.close_table();
        }
        self.flush();
        while !self.open.is_empty() {
            self.container_close();
        }
    }

    fn container_open(&mut self) {
        self.flush();
        self.open.push(self.produced.rows.len());
    }

    fn container_close(&mut self) {
        self.flush();
        if let Some(start) = self.open.pop() {
            self.containers.push((start, self.produced.rows.len()));
        }
    }

    /// The innermost open table, when it is a grid.
    fn grid(&mut self) -> Option<&mut Vec<Vec<CellBuild>>> {
        self.tables.last_mut().and_then(Option::as_mut)
    }

    /// The open cell of the innermost grid.
    fn cell(&mut self) -> Option<&mut CellBuild> {
        if !self.in_cell {
            return None;
        }
        self.grid()?.last_mut()?.last_mut()
    }

    fn close_table(&mut self) {
        self.in_cell = false;
        match self.tables.pop() {
            Some(Some(rows)) => self.grid_lines(&rows),
            Some(None) => self.flush(),
            None => {}
        }
        // The enclosing grid's cell, if any, is no longer open for this table's text.
        self.in_cell = false;
    }

    /// Lays out a grid's cells (spans as the empty cells they cover) and writes one
    /// tab-separated line per row.
    fn grid_lines(&mut self, rows: &[Vec<CellBuild>]) {
        self.flush();
        // A grid too large for any report's table (spans a page got wrong, or a hostile one) is
        // read as text, cell by cell, rather than laid out.
        let width = rows.iter().map(|row| row.iter().map(|c| c.colspan).sum::<usize>()).max().unwrap_or(0);
        if width > MAX_WIDTH || width.saturating_mul(rows.len()) > MAX_CELLS {
            for cell in rows.iter().flatten() {
                self.line(&cell.text);
            }
            return;
        }
        self.grids += 1;
        let mut placed: Vec<Vec<Option<String>>> = Vec::with_capacity(rows.len());
        for (r, row) in rows.iter().enumerate() {
            let mut column = 0;
            for cell in row {
                while placed.get(r).and_then(|p| p.get(column)).is_some_and(Option::is_some) {
                    column += 1;
                }
                for dr in 0..cell.rowspan.min(rows.len() - r) {
                    for dc in 0..cell.colspan {
                        let text = if dr == 0 && dc == 0 { collapse(&cell.text) } else { String::new() };
                        put(&mut placed, r + dr, column + dc, text);
                    }
                }
                column += cell.colspan;
            }
        }
        // Each row as wide as its own cells (spans from above included), not padded to the
        // widest: a row that lost a cell must come out short, as the tab reader judges it.
        for (r, row) in placed.into_iter().enumerate() {
            let mut line = String::new();
            for c in 0..row.len() {
                if c > 0 {
                    line.push('\t');
                }
                line.push_str(row.get(c).and_then(Option::as_deref).unwrap_or_default());
            }
            self.produced.push(line, Some(GridRow { table: self.grids, row: r + 1 }));
        }
    }

    fn line(&mut self, text: &str) {
        let text = collapse(text);
        if !text.is_empty() {
            self.produced.push(text, None);
        }
    }

    fn flush(&mut self) {
        let current = std::mem::take(&mut self.current);
        self.line(&current);
    }
}

/// Puts `text` at row `r`, column `c`, growing the grid as needed.
fn put(placed: &mut Vec<Vec<Option<String>>>, r: usize, c: usize, text: String) {
    while placed.len() <= r {
        placed.push(Vec::new());
    }
    if let Some(row) = placed.get_mut(r) {
        while row.len() <= c {
            row.push(None);
        }
        if let Some(slot) = row.get_mut(c) {
            slot.get_or_insert(text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(html: &str) -> Vec<String> {
        read(html).text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn paragraphs_and_breaks_are_lines_and_scripts_are_dropped() {
        let got = lines(
            "<html><head><title>某局2023年政府信息公开工作年度报告_年报_某网</title><script>var a = '<p>x</p>';</script>\
             <style>p { color: red }</style></head><body><p>一、总体情况</p><p>正文&nbsp;第一句<br>第二句</p>\
             <!--[if gte mso 9]><xml>x</xml><![endif]--></body></html>",
        );
        assert_eq!(got, ["某局2023年政府信息公开工作年度报告", "一、总体情况", "正文 第一句", "第二句"]);
    }

    #[test]
    fn spans_become_the_empty_cells_they_cover() {
        let produced = read(
            "<table><tr><td rowspan=2>三、本年度办理结果</td><td colspan=2>（一）予以公开</td><td>5</td></tr>\
             <tr><td>1.属于<br>国家秘密</td><td></td><td>&nbsp;</td></tr></table><p>后文</p>",
        );
        let got: Vec<&str> = produced.text.lines().collect();
        assert_eq!(got, ["三、本年度办理结果\t（一）予以公开\t\t5", "\t1.属于 国家秘密\t\t", "后文"]);
        assert_eq!(
            produced.rows,
            [Some(GridRow { table: 1, row: 1 }), Some(GridRow { table: 1, row: 2 }), None]
        );
    }

    /// A table that holds tables is page layout; the cell holding the sections is the article,
    /// and the navigation beside it is left out.
    #[test]
    fn a_table_that_holds_tables_is_layout() {
        let got = lines(
            "<table><tr><td>导航</td><td><p>一、总体情况</p><table><tr><td>规章</td><td>3</td></tr></table></td></tr></table>",
        );
        assert_eq!(got, ["一、总体情况", "规章\t3"]);
    }

    #[test]
    fn a_grid_too_large_to_be_a_report_table_is_read_as_text() {
        let cells = "<td colspan=1000 rowspan=1000>x</td>".repeat(2000);
        let got = lines(&format!("<table><tr>{cells}</tr><tr><td>y</td></tr></table>"));
        assert_eq!(got.len(), 2001);
    }

    #[test]
    fn the_article_title_leads() {
        let got = lines("<meta name=\"ArticleTitle\" content=\"平潭综合实验区2023年度政府信息公开工作年度报告\"><p>正文</p>");
        assert_eq!(got, ["平潭综合实验区2023年度政府信息公开工作年度报告", "正文"]);
    }
}
