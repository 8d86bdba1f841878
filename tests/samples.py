"""Hand-built tables and reports for the export and view tests (until ``govtables.read`` is used).

``applications()`` is a cut-down table 三: a 3-row header with a note spanning the stub (rowspan 3,
colspan 2), ``申请人情况`` across the data columns, ``自然人``/``总计`` spanning down; a stub with
``三、本年度办理结果`` spanning two rows and the other row labels spanning both stub columns. One
value cell is inferred, one is blank, and a T3-B finding names the (七)总计 × 总计 cell.
"""

from __future__ import annotations

from decimal import Decimal

from govtables.model import Finding, Grid, Report, Span, Table, TextCell, ValueCell

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT = "申请人情况"
NEW = ("一、本年新收政府信息公开申请数量",)
CARRY = ("二、上年结转政府信息公开申请数量",)
OPEN = ("三、本年度办理结果", "（一）予以公开")
TOTAL = ("三、本年度办理结果", "（七）总计")
FORWARD = ("四、结转下年度继续办理",)
NATURAL = (APPLICANT, "自然人")
BUSINESS = (APPLICANT, "法人或其他组织", "商业企业")
ALL = (APPLICANT, "总计")

# Row labels (stub) and the data texts of the body, one source line a row, from line 10.
BODY: tuple[tuple[tuple[str, ...], tuple[str, str, str]], ...] = (
    (NEW, ("5", "2", "7")),
    (CARRY, ("1", "0", "1")),
    (OPEN, ("3", "", "4")),
    (TOTAL, ("3", "2", "5")),
    (FORWARD, ("3", "0", "3")),
)
FIRST_LINE = 10


def tc(text: str, line: int, column: int = 1) -> TextCell:
    return TextCell(text, line=line, column=column)


def applications_grid() -> Grid:
    rows: list[tuple[TextCell | None, ...]] = [
        (tc(NOTE, 5), None, tc(APPLICANT, 6), None, None),
        (None, None, tc("自然人", 7), tc("法人或其他组织", 8), tc("总计", 9)),
        (None, None, None, tc("商业\n企业", 8, 10), None),
    ]
    spans = [Span(0, 0, 3, 2), Span(0, 2, 1, 3), Span(1, 2, 2, 1), Span(1, 4, 2, 1)]
    for i, (stub, data) in enumerate(BODY):
        line = FIRST_LINE + i
        r = len(rows)
        texts = [tc(value, line, 40 + 5 * j) for j, value in enumerate(data)]
        if stub[0].startswith("三、"):
            first = tc(stub[0], line) if stub == OPEN else None
            rows.append((first, tc(stub[1], line, 10), *texts))
        else:
            rows.append((tc(stub[0], line), None, *texts))
            spans.append(Span(r, 0, 1, 2))
    spans.append(Span(5, 0, 2, 1))  # 三、本年度办理结果 over its two rows
    return Grid(cells=tuple(rows), spans=tuple(spans), header_rows=3)


def applications_cells() -> tuple[ValueCell, ...]:
    cells = []
    for i, (row, data) in enumerate(BODY):
        for j, (col, text) in enumerate(zip((NATURAL, BUSINESS, ALL), data, strict=True)):
            cells.append(
                ValueCell(
                    row=row,
                    col=col,
                    value=int(text) if text else None,
                    text=text,
                    line=FIRST_LINE + i,
                    column=40 + 5 * j,
                    inferred=(row == TOTAL and col == BUSINESS),
                )
            )
    return tuple(cells)


T3B = Finding(
    rule="T3-B",
    severity="error",
    message="（七）总计 (5) ≠ 各项之和 (4) in column 总计",
    table="applications",
    cells=((TOTAL, ALL), (OPEN, ALL)),
    expected=4,
    actual=5,
    line=13,
)
INFERRED = Finding(
    rule="inferred-alignment",
    severity="warning",
    message="a lone number was placed in column 商业企业",
    table="applications",
    cells=((TOTAL, BUSINESS),),
    line=13,
)
NOT_ASSESSED = Finding(
    rule="not-assessed",
    severity="info",
    message="T3-C not assessed in row （一）予以公开: a blank cell",
    table="applications",
    cells=((OPEN, BUSINESS),),
)


def applications() -> Table:
    return Table(
        kind="applications",
        dialect="statutory",
        lines=(5, 14),
        grid=applications_grid(),
        format="2019",
        cells=applications_cells(),
    )


def reviews() -> Table:
    """Table 四 cut down to two columns of 行政复议: one data row, row path ``()``, an absent cell."""
    grid = Grid(
        cells=(
            (tc("行政复议", 20), None),
            (tc("结果维持", 21), tc("总计", 21, 6)),
            (tc("5", 22), tc("-", 22, 4)),
        ),
        spans=(Span(0, 0, 1, 2),),
        header_rows=2,
    )
    cells = (
        ValueCell(row=(), col=("行政复议", "结果维持"), value=5, text="5", line=22, column=1),
        ValueCell(row=(), col=("行政复议", "总计"), value=None, text="-", line=22, column=4),
        ValueCell(row=(), col=("行政复议", "尚未审结"), value=None, text=None),
    )
    return Table(kind="reviews", dialect="pipe", lines=(20, 22), grid=grid, format="2019", cells=cells)


def active() -> Table:
    """Two blocks of table 二 (2019): different columns, a negative change and a decimal amount."""
    grid = Grid(
        cells=(
            (tc("第二十条第（六）项", 30), None, None),
            (tc("信息内容", 31), tc("上一年项目数量", 31, 6), tc("本年增/减", 31, 14)),
            (tc("行政处罚", 32), tc("7", 32, 6), tc("-2", 32, 14)),
            (tc("第二十条第（九）项", 33), None, None),
            (tc("信息内容", 34), tc("采购项目数量", 34, 6), tc("采购总金额", 34, 14)),
            (tc("政府集中采购", 35), tc("3", 35, 6), tc("251000.50元", 35, 14)),
        ),
        spans=(Span(0, 0, 1, 3), Span(3, 0, 1, 3)),
        header_rows=2,
    )
    six, nine = "第二十条第（六）项", "第二十条第（九）项"
    cells = (
        ValueCell(row=(six, "行政处罚"), col=("上一年项目数量",), value=7, text="7", line=32, column=6),
        ValueCell(row=(six, "行政处罚"), col=("本年增/减",), value=-2, text="-2", line=32, column=14),
        ValueCell(row=(nine, "政府集中采购"), col=("采购项目数量",), value=3, text="3", line=35, column=6),
        ValueCell(
            row=(nine, "政府集中采购"),
            col=("采购总金额",),
            value=Decimal("251000.50"),
            text="251000.50元",
            line=35,
            column=14,
            unit="元",
        ),
    )
    return Table(
        kind="active", dialect="cell-per-line", lines=(30, 35), grid=grid, format="2019", cells=cells
    )


def indicators() -> Table:
    """A pre-2019 indicator table with no header rows and a label needing escaping."""
    grid = Grid(
        cells=((tc("主动公开<信息>&数", 40), tc("508", 40, 12)), (tc("依申请公开", 41), tc("12", 41, 12))),
    )
    cells = (
        ValueCell(
            row=("主动公开<信息>&数",), col=(), value=508, text="508", line=40, column=12, template=False
        ),
        ValueCell(row=("依申请公开",), col=(), value=12, text="12", line=41, column=12, template=False),
    )
    return Table(kind="indicators", dialect="pipe", lines=(40, 41), grid=grid, cells=cells)


def report() -> Report:
    return Report(
        source="reports/sample.txt",
        format="2019",
        tables=(active(), applications(), reviews()),
        findings=(
            T3B,
            INFERRED,
            NOT_ASSESSED,
            Finding(rule="no-table-1", severity="info", message="第一张表 <未找到>", line=1),
        ),
    )
