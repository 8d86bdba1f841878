"""govtables.view: the notebook HTML, parsed back with the standard library's html.parser."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
import samples
from samples import ALL, NOTE

from govtables.model import Finding, Report
from govtables.view import report_html, table_html


class Cell:
    def __init__(self, tag: str, attrs: dict[str, str | None]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.text = ""
        self.breaks = 0
        self.folded = False

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    @property
    def rowspan(self) -> int:
        return int(self.attrs.get("rowspan") or 1)

    @property
    def colspan(self) -> int:
        return int(self.attrs.get("colspan") or 1)

    @property
    def title(self) -> str:
        return self.attrs.get("title") or ""


class Page(HTMLParser):
    """Tables (class → rows of cells), finding items, legend and style counts of an HTML view."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[str, list[list[Cell]]]] = []
        self.items: list[Cell] = []
        self.styles = 0
        self.legends = 0
        self.headings: list[str] = []
        self._cell: Cell | None = None
        self._heading: list[str] | None = None
        self.summaries: list[str] = []
        self._summary: list[str] | None = None
        self._details = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "table":
            self.tables.append((named.get("class") or "", []))
        elif tag == "tr":
            self.tables[-1][1].append([])
        elif tag in ("td", "th"):
            self._cell = Cell(tag, named)
            self.tables[-1][1][-1].append(self._cell)
        elif tag == "li" and "gt-sev" in (named.get("class") or ""):
            self._cell = Cell(tag, named)
            self._cell.folded = self._details > 0
            self.items.append(self._cell)
        elif tag == "details":
            self._details += 1
        elif tag == "summary":
            self._summary = []
        elif tag == "br" and self._cell is not None:
            self._cell.text += "\n"
            self._cell.breaks += 1
        elif tag == "style":
            self.styles += 1
        elif tag == "div" and "gt-legend" in (named.get("class") or ""):
            self.legends += 1
        elif tag in ("h3", "h4", "h5"):
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "details":
            self._details -= 1
        elif tag == "summary" and self._summary is not None:
            self.summaries.append("".join(self._summary))
            self._summary = None
        if tag in ("td", "th", "li"):
            self._cell = None
        elif tag in ("h3", "h4", "h5") and self._heading is not None:
            self.headings.append("".join(self._heading))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.text += data
        if self._summary is not None:
            self._summary.append(data)
        if self._heading is not None:
            self._heading.append(data)

    def table(self, css_class: str, n: int = 0) -> list[list[Cell]]:
        return [rows for name, rows in self.tables if css_class in name.split()][n]

    def count(self, css_class: str) -> int:
        return sum(css_class in name.split() for name, _ in self.tables)


def occupancy(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Lay the cells out as a browser does; assert every place is filled exactly once."""
    placed: dict[tuple[int, int], Cell] = {}
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in placed:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    assert (r + dr, c + dc) not in placed, f"overlap at {(r + dr, c + dc)}"
                    placed[(r + dr, c + dc)] = cell
            c += cell.colspan
    height = max(r for r, _ in placed) + 1
    width = max(c for _, c in placed) + 1
    assert len(placed) == height * width, "the table is not rectangular"
    return [[placed[(r, c)] for c in range(width)] for r in range(height)]


def page(table_name: str = "applications", findings: tuple[Finding, ...] | None = None) -> Page:
    table = getattr(samples, table_name)()
    if findings is None:
        findings = (samples.T3B, samples.INFERRED, samples.NOT_ASSESSED)
    return Page(table_html(table, findings))


# --- the rebuilt grid ------------------------------------------------------------------------------


def test_grid_has_the_real_spans() -> None:
    rows = page().table("gt-grid")
    layout = occupancy(rows)
    grid = samples.applications_grid()
    assert (len(layout), len(layout[0])) == (grid.height, grid.width)
    note = rows[0][0]
    assert (note.text, note.rowspan, note.colspan) == (NOTE, 3, 2)
    applicant = rows[0][1]
    assert (applicant.text, applicant.rowspan, applicant.colspan) == ("申请人情况", 1, 3)
    assert [(c.text, c.rowspan) for c in rows[1]] == [("自然人", 2), ("法人或其他组织", 1), ("总计", 2)]
    assert layout[6][0] is layout[5][0] and layout[5][0].text == "三、本年度办理结果"
    assert layout[3][0] is layout[3][1] and layout[3][0].colspan == 2


def test_header_rows_are_th_and_the_body_td() -> None:
    layout = occupancy(page().table("gt-grid"))
    assert all(cell.tag == "th" for row in layout[:3] for cell in row)
    assert all(cell.tag == "td" for row in layout[3:] for cell in row)
    assert layout[3][0].classes == {"gt-stub"}


def test_wrapped_label_keeps_its_line_break() -> None:
    layout = occupancy(page().table("gt-grid"))
    assert layout[2][3].text == "商业\n企业" and layout[2][3].breaks == 1


def test_inferred_cell_is_marked() -> None:
    layout = occupancy(page().table("gt-grid"))
    inferred = layout[6][3]
    assert inferred.text == "2"
    assert "gt-inferred" in inferred.classes
    assert "inferred" in inferred.title
    assert "gt-inferred" not in layout[5][2].classes


def test_failing_finding_highlights_its_cells_with_rule_and_numbers() -> None:
    layout = occupancy(page().table("gt-grid"))
    total = layout[6][4]
    assert total.text == "5"
    assert "gt-error" in total.classes
    assert "T3-B (error)" in total.title
    assert "expected 4, actual 5" in total.title
    assert "三、本年度办理结果 / （七）总计 | 申请人情况 / 总计" in total.title
    assert "gt-error" in layout[5][4].classes  # the finding names it too
    assert not {"gt-error", "gt-warning"} & layout[3][4].classes


def test_warning_marks_and_error_wins() -> None:
    layout = occupancy(page().table("gt-grid"))
    inferred = layout[6][3]
    assert "gt-warning" in inferred.classes and "inferred-alignment (warning)" in inferred.title
    both = (Finding(rule="W", severity="warning", message="w", cells=((samples.TOTAL, ALL),)), samples.T3B)
    total = occupancy(page(findings=both).table("gt-grid"))[6][4]
    assert "gt-error" in total.classes and "gt-warning" not in total.classes
    assert "W (warning)" in total.title and "T3-B (error)" in total.title


def test_info_findings_do_not_highlight() -> None:
    layout = occupancy(page().table("gt-grid"))
    blank = layout[5][3]
    assert blank.text == ""
    assert not {"gt-error", "gt-warning"} & blank.classes
    assert "not-assessed" not in blank.title


def test_findings_are_listed_under_the_table() -> None:
    items = page().items
    assert [item.attrs["class"] for item in items] == ["gt-sev-error", "gt-sev-warning", "gt-sev-info"]
    assert items[0].text.startswith("T3-B error · line 13: ")
    assert "(expected 4, actual 5)" in items[0].text
    assert [item.folded for item in items] == [False, False, True]  # info findings are folded
    assert page().summaries == ["1 info finding"]
    assert Page(table_html(samples.applications())).items == []  # no findings, no list


def test_many_findings_of_one_rule_are_folded() -> None:
    many = tuple(
        Finding(rule="lone-value", severity="warning", message=f"row {i}", table="applications")
        for i in range(8)
    )
    view = page(findings=(*many, samples.T3B))
    shown = [(item.text.split(": ", 1)[1], item.folded) for item in view.items[:8]]
    assert shown == [(f"row {i}", i >= 5) for i in range(8)]
    assert view.items[8].text.startswith("T3-B error") and not view.items[8].folded
    assert view.summaries == ["3 more lone-value"]


def test_legend_and_inline_style() -> None:
    view = page()
    assert view.legends == 1 and view.styles == 1
    html = table_html(samples.applications())
    assert html.startswith('<div class="govtables"><style>') and "gt-inferred" in html


# --- the template layout ---------------------------------------------------------------------------


def test_template_layout_shows_every_template_cell() -> None:
    view = page()
    assert view.count("gt-template") == 1
    layout = occupancy(view.table("gt-template"))
    # 3 header rows (申请人情况 / 法人或其他组织 / 商业企业) over 5 rows; 2 stub columns + 3 values
    assert (len(layout), len(layout[0])) == (8, 5)
    corner = layout[0][0]
    assert "gt-corner" in corner.classes and (corner.rowspan, corner.colspan) == (3, 2)
    assert [layout[r][2].text for r in range(3)] == ["申请人情况", "自然人", "自然人"]
    assert layout[1][2].rowspan == 2
    assert [layout[2][c].text for c in range(2, 5)] == ["自然人", "商业企业", "总计"]
    assert layout[3][0].text == "一、本年新收政府信息公开申请数量" and layout[3][0].colspan == 2
    assert layout[5][0] is layout[6][0] and layout[5][0].rowspan == 2
    assert [layout[6][c].text for c in range(1, 5)] == ["（七）总计", "3", "2", "5"]
    assert "gt-inferred" in layout[6][3].classes and "gt-error" in layout[6][4].classes
    assert "gt-blank" in layout[5][3].classes


def test_template_layout_of_table_four_has_no_stub_and_shows_absent_cells() -> None:
    layout = occupancy(page("reviews", findings=()).table("gt-template"))
    assert (len(layout), len(layout[0])) == (3, 3)
    assert layout[0][0].text == "行政复议" and layout[0][0].colspan == 3
    data = layout[2]
    assert [c.text for c in data] == ["5", "-", "—"]
    assert "gt-blank" in data[1].classes
    assert "gt-absent" in data[2].classes and "absent" in data[2].title


def test_table_two_blocks_with_different_columns_get_a_layout_each() -> None:
    view = page("active", findings=())
    assert view.count("gt-template") == 2
    first = occupancy(view.table("gt-template", 0))
    assert [c.text for c in first[1]] == ["第二十条第（六）项", "行政处罚", "7", "-2"]
    second = occupancy(view.table("gt-template", 1))
    assert second[1][-1].text == "251000.50"


def test_no_template_layout_for_indicator_tables() -> None:
    assert page("indicators", findings=()).count("gt-template") == 0


# --- escaping and the report -----------------------------------------------------------------------


def test_text_is_escaped() -> None:
    html = table_html(samples.indicators())
    assert "<信息>" not in html and "&lt;信息&gt;&amp;数" in html
    layout = occupancy(Page(html).table("gt-grid"))
    assert layout[0][0].text == "主动公开<信息>&数"


def test_titles_are_escaped() -> None:
    finding = Finding(
        rule="T3-B",
        severity="error",
        message='a "quoted" <b>message</b> & more',
        cells=((samples.TOTAL, ALL),),
    )
    html = table_html(samples.applications(), (finding,))
    assert "<b>message" not in html
    total = occupancy(Page(html).table("gt-grid"))[6][4]
    assert 'a "quoted" <b>message</b> & more' in total.title


def test_report_html() -> None:
    report = samples.report()
    html = report_html(report)
    view = Page(html)
    assert view.styles == 1
    assert view.count("gt-grid") == 3
    assert view.headings[0].startswith("reports/sample.txt")
    assert "三、收到和处理政府信息公开申请情况" in view.headings[3]  # after the active table's h4, h5
    rules = [item.text.split(" ")[0] for item in view.items]
    assert rules == ["T3-B", "inferred-alignment", "not-assessed", "no-table-1"]
    assert "&lt;未找到&gt;" in html
    assert "Report findings" in view.headings


def test_report_html_without_tables() -> None:
    view = Page(report_html(Report(source=None, format=None, tables=())))
    assert view.tables == [] and view.headings[0].startswith("<text>")


@pytest.mark.parametrize("name", ["applications", "reviews", "active", "indicators"])
def test_repr_html_delegates(name: str) -> None:
    table = getattr(samples, name)()
    assert table._repr_html_() == table_html(table)
    report = samples.report()
    assert report._repr_html_() == report_html(report)


# --- real reports (examples/ and tests/corpus/) ----------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
REPORTS = sorted(
    [*ROOT.glob("examples/*.txt"), *ROOT.glob("tests/corpus/*.txt"), *ROOT.glob("tests/corpus/*.html")]
)


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_real_reports_draw_rectangular_tables(path: Path) -> None:
    import govtables

    if not hasattr(govtables, "read"):
        pytest.skip("govtables.read does not exist yet")
    report = govtables.read(path)
    view = Page(report_html(report))
    grids = [rows for name, rows in view.tables if name == "gt-grid"]
    assert len(grids) == len(report.tables)
    for table, rows in zip(report.tables, grids, strict=True):
        layout = occupancy(rows)
        assert (len(layout), len(layout[0])) == (table.grid.height, table.grid.width)
    for name, rows in view.tables:
        if name == "gt-template":
            occupancy(rows)


def test_seed_004_template_layout() -> None:
    import govtables

    if not hasattr(govtables, "read"):
        pytest.skip("govtables.read does not exist yet")
    report = govtables.read(ROOT / "examples" / "004_1185ee4c741c8fc5.txt")
    table = report.table("applications")
    view = Page(table_html(table, [f for f in report.findings if f.table == "applications"]))
    layout = occupancy(view.table("gt-template"))
    assert (len(layout), len(layout[0])) == (3 + 23, 3 + 7)
    assert layout[5][0].text == "三、本年度办理结果" and layout[5][0].rowspan == 20
