"""Template-guided rebuild: parsed tables → official cells (statutory) or label-keyed cells (indicators)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govtables.formats import Format, format_for
from govtables.identities import table_format
from govtables.model import Grid, Row, Table, TextCell
from govtables.parse import parse_rows
from govtables.statutory import ActiveTable, ApplicationsTable, ReviewsTable
from govtables.template import apply_template, detect_format, detect_table_format

ROOT = Path(__file__).parent.parent
SEED_004 = ROOT / "examples" / "004_1185ee4c741c8fc5.txt"


def region(path: Path, first: int, last: int) -> str:
    return "\n".join(path.read_text(encoding="utf-8").split("\n")[first - 1 : last])


def parsed(kind: str, dialect: str, path: Path, first: int, last: int) -> Table:
    rows = parse_rows(dialect, region(path, first, last), first_line=first)
    return Table(kind=kind, dialect=dialect, lines=(first, last), grid=Grid(()), rows=rows)


def one_cell_rows(kind: str, lines: list[str], dialect: str = "spaced") -> Table:
    """A table whose every line is one row of one cell (PDF text, label–value lists)."""
    rows = tuple(
        Row((TextCell(text.strip(), line=i, column=1),), line=i)
        for i, text in enumerate(lines, 1)
        if text.strip()
    )
    return Table(kind=kind, dialect=dialect, lines=(1, len(lines)), grid=Grid(()), rows=rows)


def rules(findings: tuple) -> list[str]:
    return [f.rule for f in findings]


def findings_of(findings: tuple, severity: str) -> list[str]:
    return [f.rule for f in findings if f.severity == severity]


def parsed_text(kind: str, dialect: str, text: str) -> Table:
    rows = parse_rows(dialect, text)
    return Table(kind=kind, dialect=dialect, lines=(1, text.count("\n") + 1), grid=Grid(()), rows=rows)


# ---------------------------------------------------------------------------------------------
# Seed 004: the statutory layout of a 2019 report


def test_seed_004_active() -> None:
    table, findings = apply_template(parsed("active", "statutory", SEED_004, 15, 83))
    assert table.format == "2019" and len(table.cells) == 22
    assert table.cell(("第二十条第（六）项", "行政处罚"), "上一年项目数量").value == 1
    assert table.cell(("第二十条第（六）项", "行政处罚"), "本年增/减").value == 5
    assert table.cell(("第二十条第（一）项", "规范性文件"), "对外公开总数量").line == 30
    assert table.cell("政府集中采购", "采购项目数量").value == 10
    amount = table.cell("政府集中采购", "采购总金额")
    assert amount.absent and amount.value is None and amount.line is None
    assert not any(c.inferred for c in table.cells)
    assert set(rules(findings)) == {"truncated-row", "missing-cells"}
    active = ActiveTable.from_table(table)
    assert active.penalties_and_enforcement.penalties.change.value == 5
    assert active.procurement.procurement.purchase_amount.absent


def test_seed_004_applications_lone_values_go_to_the_total_column() -> None:
    table, findings = apply_template(parsed("applications", "statutory", SEED_004, 85, 168))
    assert table.format == "2019" and len(table.cells) == 161
    present = [c for c in table.cells if not c.absent]
    assert len(present) == 23  # one number a row in the text
    assert all(c.col == ("申请人情况", "总计") and c.inferred and c.value == 0 for c in present)
    assert rules(findings).count("lone-value") == 23
    assert table.cell("（七）总计", ("申请人情况", "总计")).line == 166
    assert table.cell(("（三）不予公开", "1.属于国家秘密"), "自然人").absent
    applications = ApplicationsTable.from_table(table)
    assert applications.total.new_received.value == 0
    assert applications.total.other_handling.inferred
    assert applications.natural_person.new_received.absent
    assert applications.total.fee_unpaid is None  # a 2021 row
    assert len(list(applications.items())) == 161


def test_seed_004_reviews_by_position() -> None:
    table, findings = apply_template(parsed("reviews", "statutory", SEED_004, 170, 206))
    assert [c.line for c in table.cells] == list(range(192, 207))
    assert all(c.value == 0 and not c.inferred and c.row == () for c in table.cells)
    assert table.cells[9].col == ("行政诉讼", "未经复议直接起诉", "总计")
    assert findings == ()
    assert ReviewsTable.from_table(table).suit_after_review.total.line == 206


def test_seed_004_format() -> None:
    tables = [
        parsed(kind, "statutory", SEED_004, a, b)
        for kind, a, b in (("active", 15, 83), ("applications", 85, 168), ("reviews", 170, 206))
    ]
    assert detect_format(tables) == ("2019", ())


# ---------------------------------------------------------------------------------------------
# Corpus excerpts


def test_p055_empty_cells_as_lone_bars() -> None:
    table, findings = apply_template(
        parsed("applications", "statutory", ROOT / "tests/corpus/p055.txt", 49, 89)
    )
    new = [c for c in table.cells if c.row == ("一、本年新收政府信息公开申请数量",)]
    assert [c.text for c in new] == ["", "", "", "", "", "", "0"]
    assert [c.value for c in new] == [None] * 6 + [0]
    assert not any(c.inferred for c in new)
    assert "lone-value" not in rules(findings)


def test_p057_lost_labels_are_inferred() -> None:
    table, findings = apply_template(
        parsed("applications", "statutory", ROOT / "tests/corpus/p057.txt", 58, 165)
    )
    secret = table.cell(("（三）不予公开", "1.属于国家秘密"), "总计")
    assert secret.value == 0 and secret.inferred
    assert not table.cell("（一）予以公开", "自然人").inferred
    assert "lost-labels" in rules(findings)


def test_p057_signed_change() -> None:
    table, _ = apply_template(parsed("active", "statutory", ROOT / "tests/corpus/p057.txt", 4, 56))
    assert table.cell("行政许可", "本年增/减").value == -4
    assert str(table.cell("政府集中采购", "采购总金额").value) == "52.15"


def test_p031_pdf_text() -> None:
    lines = region(ROOT / "tests/corpus/p031.txt", 7, 17).split("\n")
    table, _ = apply_template(one_cell_rows("reviews", lines))
    assert len([c for c in table.cells if c.value == 0]) == 15
    carried, findings = apply_template(
        one_cell_rows("applications", ["四、结转下年度继续办理 0 0 0 0 0 0 0"])
    )
    assert [c.value for c in carried.cells if c.row == ("四、结转下年度继续办理",)] == [0] * 7
    assert "format-assumed" in rules(findings)


def test_p071_label_split_over_two_cells() -> None:
    table, _ = apply_template(
        parsed("active", "cell-per-line", ROOT / "tests/corpus/p071.txt", 19, 126), fmt="2019"
    )
    assert table.cell(("第二十条第（一）项", "规范性文件"), "本年新制作数量").value == 5


def test_p009_2021() -> None:
    table, _ = apply_template(parsed("active", "cell-per-line", ROOT / "tests/corpus/p009.txt", 5, 60))
    assert table.format == "2021"
    assert table.cell("规章", "现行有效件数").value == 6


# ---------------------------------------------------------------------------------------------
# Indicator tables


def test_seed_003_parent_child() -> None:
    path = ROOT / "examples/003_3c91f6d335a9c228.txt"
    table, _ = apply_template(parsed("indicators", "pipe", path, 30, 106))
    assert table.format == "pre-2019"
    rows: dict = {}
    for cell in table.cells:
        rows.setdefault(cell.row[-1], cell)  # the first row of each label
    top = "一、主动公开数量"
    assert rows["(一)通过衢州市政府门户网站公开数"].row == (top, "(一)通过衢州市政府门户网站公开数")
    assert rows["(七)通过本单位信息公示栏、宣传窗公开数"].row[:-1] == (top,)
    platform = rows["其中,政策文件类信息公开数"].row
    assert platform[:-1] == (top, "(一)通过衢州市政府门户网站公开数", "1.通过市政府网站政务公开平台公开数")
    assert rows["其它各类信息公开数"].row[:-1] == platform[:-1]
    assert rows["兼职人员"].row[-2] == "(二)政府信息公开工作人员数"
    assert rows["4.不属于本行政机关公开或申请信息不存在"].row[-2] == "(三)依申请答复数"
    assert rows["2.实际投入工作经费"].unit == "万元" and str(rows["2.实际投入工作经费"].value) == "5.01"
    assert all(c.col == ("数量",) for c in table.cells)


def test_seed_001_columns_and_such_that_rows() -> None:
    path = ROOT / "examples/001_8f9864aa0e681fec.txt"
    table, _ = apply_template(parsed("indicators", "cell-per-line", path, 116, 194))
    assert table.cell(("主动公开文件数", "2.政府公报公开数"), "历年累计").value == 0
    assert table.cell("主动公开文件数", "历年累计").value == 27
    assert table.cell("受理政府信息公开申请总数", "2017").row == ("受理政府信息公开申请总数",)
    assert table.cell("行政诉讼数", "2017").unit == "条"


SEED_001_ROWS = [
    ("主动公开文件数", "条", "15", "27"),
    ("其中：1.政府网站公开数", None, "15", "27"),
    ("2.政府公报公开数", None, "0", "0"),
    ("行政复议数", "件", "1", "3"),
    ("行政诉讼数", None, "2", "4"),
]


def test_a_merged_unit_cell_spans_the_rows_below() -> None:
    """Seed 001's table as Word writes it, 条 merged down its block: in cell-per-line text the rows
    below come one cell short, and their numbers still go to 2017 / 历年累计, inferred and said."""
    lines = ["指标名称", "单位", "2017", "历年累计", ""]
    for row in SEED_001_ROWS:
        lines += [cell for cell in row if cell is not None] + [""]
    table, findings = apply_template(parsed_text("indicators", "cell-per-line", "\n".join(lines)))
    sites = table.cell(("主动公开文件数", "其中：1.政府网站公开数"), "2017")
    assert (sites.value, sites.unit, sites.inferred) == (15, "条", True)
    assert table.cell(("主动公开文件数", "其中：1.政府网站公开数"), "历年累计").value == 27
    assert table.cell("行政诉讼数", "历年累计").value == 4 and table.cell("行政诉讼数", "2017").unit == "件"
    assert not table.cell("行政复议数", "2017").inferred
    assert [(f.rule, f.line) for f in findings] == [("unit-spanned", 11), ("unit-spanned", 15), ("unit-spanned", 24)]


def test_a_merged_unit_cell_in_html() -> None:
    from govtables.html import html_tables

    def td(text: str) -> str:
        return f"<td rowspan=3>{text}</td>" if text == "条" else f"<td>{text}</td>"

    body = "".join("<tr>" + "".join(td(c) for c in row if c) + "</tr>" for row in SEED_001_ROWS[:3])
    page = f"<html><body><table><tr><td>指标名称</td><td>单位</td><td>2017</td><td>历年累计</td></tr>{body}</table>"
    (table,) = html_tables(page + "</body></html>")
    table, findings = apply_template(table)
    # HTML cell text is kept as written (full-width colon), like the text dialects'
    assert table.cell(("主动公开文件数", "其中：1.政府网站公开数"), "历年累计").value == 27
    assert table.cell(("主动公开文件数", "2.政府公报公开数"), "2017").unit == "条"
    assert [f.rule for f in findings] == ["unit-spanned", "unit-spanned"]


def test_a_short_indicator_row_is_placed_from_the_left_and_said() -> None:
    text = "指标名称 | 单位 | 2017 | 历年累计 |\n主动公开文件数 | 条 | 15 |\n行政复议数 | 件 | 1 | 3 |"
    table, findings = apply_template(parsed_text("indicators", "pipe", text))
    assert table.cell("主动公开文件数", "2017").value == 15 and table.cell("主动公开文件数", "2017").inferred
    assert table.cell("主动公开文件数", "历年累计").absent
    assert [(f.rule, f.line) for f in findings] == [("short-row", 2)]


def test_seed_000_label_value_list() -> None:
    lines = region(ROOT / "examples/000_c5f37a9f00a57231.txt", 27, 37).split("\n")
    table, _ = apply_template(one_cell_rows("indicators", lines))
    assert table.cell("微信公开").row == ("主动公开政府信息数", "微信公开")
    assert table.cell("其他方式公开").row == ("主动公开政府信息数", "其他方式公开")
    assert table.cell("回应共众关注热点或重大舆情").row == ("回应共众关注热点或重大舆情",)
    trained = table.cell("培训人数", "数量")
    assert (trained.value, trained.approximate, trained.unit) == (37, True, "人")


# ---------------------------------------------------------------------------------------------
# Round trips: a template table flattened the ways real text does


def spell(label: str, variant: int) -> str:
    """Real-text spellings of an official label."""
    half = label.replace("（", "(").replace("）", ")").replace("，", ",").replace("：", ":")
    variants = [
        label,
        half,
        half.replace("、", "，", 1) if label[:1].isdigit() else half,
        label.replace("1.", "1、").replace("2.", "2. "),
        label.replace("规范", "規範").replace("结转", "結轉").replace("申请", "申請"),
        label[: len(label) // 2] + "\n" + label[len(label) // 2 :],
        label + "(注)" if not label.startswith("第二十条") else label,
    ]
    return variants[variant % len(variants)]


def render(
    fmt: Format, values: dict, variant: int, drop: Callable[[int], bool] = lambda _: False
) -> list[str]:
    """Cell-per-line text of a filled template: group labels once, row labels, then values."""
    lines: list[str] = []
    seen: set[str] = set()
    for index, row in enumerate(fmt.rows):
        for label in row.path:
            if label not in seen:
                seen.add(label)
                if label != row.path[-1] or not drop(index):
                    lines.append(spell(label, variant + index) + " |")
        lines.extend(f"{values[(row.path, c.path)]} |" for c in row.columns)
    return lines


def as_table(kind: str, lines: list[str]) -> Table:
    return Table(
        kind=kind,
        dialect="statutory",
        lines=(1, len(lines)),
        grid=Grid(()),
        rows=parse_rows("statutory", "\n".join(lines)),
    )


@pytest.mark.parametrize(
    ("kind", "name"), [(k, n) for k in ("active", "applications") for n in ("2019", "2021")]
)
@pytest.mark.parametrize("variant", range(7))
def test_roundtrip_every_cell_back_in_place(kind: str, name: str, variant: int) -> None:
    fmt = format_for(kind, name)
    values = {path: i for i, path in enumerate(fmt.cell_paths())}
    table, findings = apply_template(as_table(kind, render(fmt, values, variant)))
    assert table.format == name
    assert {(c.row, c.col): c.value for c in table.cells} == values
    assert not any(c.inferred for c in table.cells) and findings == ()


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_roundtrip_lost_labels_are_inferred(data: st.DataObject) -> None:
    fmt = format_for("applications", "2021")
    values = {path: i for i, path in enumerate(fmt.cell_paths())}
    lost = data.draw(st.sets(st.integers(1, len(fmt.rows) - 1), max_size=6))
    lines = render(fmt, values, data.draw(st.integers(0, 6)), drop=lambda i: i in lost)
    table, findings = apply_template(as_table("applications", lines), fmt="2021")
    assert {(c.row, c.col): c.value for c in table.cells} == values
    for cell in table.cells:
        index = next(i for i, row in enumerate(fmt.rows) if row.path == cell.row)
        assert cell.inferred == (index in lost)
    assert ("lost-labels" in rules(findings)) == bool(lost)


def test_dropped_empty_cells_become_lone_values() -> None:
    fmt = format_for("applications", "2019")
    lines: list[str] = []
    for row in fmt.rows:
        lines += [f"{row.path[-1]} |", "3 |", "||||||"]
    table, findings = apply_template(as_table("applications", lines))
    assert all(c.value == 3 and c.inferred for c in table.cells if c.col == ("申请人情况", "总计"))
    assert all(c.absent for c in table.cells if c.col != ("申请人情况", "总计"))
    assert "lone-value" in rules(findings) and "missing-cells" in rules(findings)


def test_extra_rows_are_kept_outside_the_template() -> None:
    lines = [
        "第二十条第（一）项",
        "信息内容",
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "规章",
        "1",
        "2",
        "3",
        "规范性文件",
        "4",
        "5",
        "6",
        "其他主动公开文件",
        "7",
        "8",
        "9",
    ]
    table, findings = apply_template(one_cell_rows("active", lines), fmt="2019")
    extra = [c for c in table.cells if not c.template]
    assert [c.value for c in extra] == [7, 8, 9]
    assert extra[0].row == ("第二十条第（一）项", "其他主动公开文件")
    assert "extra-row" in rules(findings)


def test_mixed_format_is_reported() -> None:
    a = one_cell_rows(
        "active", ["第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    )
    b = one_cell_rows("active", ["第二十条第（九）项", "信息内容", "采购项目数量", "采购总金额"])
    name, findings = detect_format([a, b])
    assert name is not None and rules(findings) == ["mixed-format"]
    assert detect_format([]) == (None, ())


def test_seed_004_through_read() -> None:
    import govtables.pipeline

    report = govtables.pipeline.read(SEED_004, check=False)
    assert report.format == "2019"
    counts = {t.kind: (len(t.cells), sum(not c.absent for c in t.cells)) for t in report.tables}
    assert counts == {"active": (22, 21), "applications": (161, 23), "reviews": (15, 15)}


def test_span_placeholders_in_pipe_rows_are_not_blank_values():
    """Empty places among labels stand for spans (found with benchmarks/generate.py's pipe reports)."""
    from govtables.template import flatten

    rows = parse_rows(
        "pipe",
        "\n".join(
            [
                "|  ||| 自然人 | 法人或其他组织 ||||| 总计 |",
                "| 三、本年度办理结果 | （一）予以公开 || 17 | 5 | 0 | 0 | 2 | 0 | 24 |",
                "|  | （二）部分公开（区分处理的，只计这一情形，不计其他情形） || 30 | 5 | 0 | 0 | 0 | 0 | 35 |",
                "| 规章 | | |",
            ]
        ),
    )
    texts = [t.text for t in flatten(rows)]
    assert texts[:3] == ["自然人", "法人或其他组织", "总计"]
    assert texts[3:5] == ["三、本年度办理结果", "（一）予以公开"]
    assert texts[12].startswith("（二）部分公开")
    assert texts[-3:] == ["规章", "", ""]  # blank values after a row label stay


def test_markdown_spans_written_as_empty_cells() -> None:
    """Markdown cannot span: a spanned title or label is written as a run of empty cells. Those on a
    title's line, and those that push a labelled row past its columns, stand for the span; the empty
    cells that fit the row are blank values."""
    text = "\n".join(
        [
            "| 第二十条第（一）项 |  |  |  |",
            "| --- | --- | --- | --- |",
            "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |",
            "| 规章 | 1 |  | 3 |",
            "| 规范性文件 | 4 | 5 | 6 |",
            "| 第二十条第（九）项 |  |  |  |",
            "| 信息内容 | 采购项目数量 | 采购总金额 |  |",
            "| 政府集中采购 | 10 | 52.15 |  |",
        ]
    )
    table, findings = apply_template(parsed_text("active", "pipe", text), fmt="2019")
    assert findings_of(findings, "warning") == ["missing-cells"]
    assert table.cell("规章", "本年新制作数量").value == 1
    assert table.cell("规章", "本年新公开数量").blank
    assert table.cell("规章", "对外公开总数量").value == 3
    assert table.cell("规范性文件", "对外公开总数量").value == 6
    assert table.cell("政府集中采购", "采购总金额").value == Decimal("52.15")
    assert not any(c.inferred for c in table.cells)


def test_markdown_row_label_spanning_three_columns() -> None:
    """`| 一、本年新收… |  |  | 5 | … |`: the label's span is written as two empty cells before the
    row's seven values; `| 三、本年度办理结果 | （一）予以公开 |  | …`: the group and row label take
    two places and the row's span one more."""
    head = "|  |  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计 |"
    rows = [
        "| 一、本年新收政府信息公开申请数量 |  |  | 5 | 1 | 0 | 0 | 0 | 0 | 6 |",
        "| 二、上年结转政府信息公开申请数量 |  |  |  |  |  |  |  |  | 2 |",
        "| 三、本年度办理结果 | （一）予以公开 |  | 4 | 1 | 0 | 0 | 0 | 0 | 5 |",
    ]
    table, findings = apply_template(parsed_text("applications", "pipe", "\n".join([head, *rows])), fmt="2019")
    assert set(findings_of(findings, "warning")) == {"missing-cells"}
    new = [c.value for c in table.cells if c.row == ("一、本年新收政府信息公开申请数量",)]
    assert new == [5, 1, 0, 0, 0, 0, 6]
    carried = [c for c in table.cells if c.row == ("二、上年结转政府信息公开申请数量",)]
    assert [c.blank for c in carried] == [True] * 6 + [False] and carried[-1].value == 2
    granted = [c.value for c in table.cells if c.row[-1] == "（一）予以公开"]
    assert granted == [4, 1, 0, 0, 0, 0, 5]


def test_group_and_row_label_on_one_spaced_line() -> None:
    """PDF text (or tab-separated text) puts a group label and its first row on one line: the words
    that are no label together are split into the labels they are."""
    text = "三、本年度办理结果\t（一）予以公开\t4\t1\t0\t0\t0\t0\t5\n（二）部分公开 1 0 0 0 0 0 1"
    table, findings = apply_template(parsed_text("applications", "spaced", text), fmt="2019")
    assert "extra-row" not in rules(findings)
    granted = [c.value for c in table.cells if c.row[-1] == "（一）予以公开"]
    assert granted == [4, 1, 0, 0, 0, 0, 5]
    assert table.cell("（一）予以公开", "总计").column == text.index("5") + 1


@pytest.mark.parametrize(
    ("fmt", "header", "written", "official"),
    [
        ("2021", "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |", "规范性文件", "行政规范性文件"),
        ("2019", "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |", "行政规范性文件", "规范性文件"),
    ],
)
def test_a_row_in_the_other_revisions_wording_is_the_same_row(fmt, header, written, official):
    """g020 and g025 write 规范性文件 (the 2019 wording) in a 2021 table; it is 行政规范性文件's row."""
    text = "\n".join(["| 第二十条第（一）项 | | | |", header, "| 规章 | 1 | 2 | 3 |", f"| {written} | 4 | 5 | 6 |"])
    table = Table(kind="active", dialect="pipe", lines=(1, 4), grid=Grid(()), rows=parse_rows("pipe", text))
    placed, findings = apply_template(table, fmt=fmt)
    cells = {(c.row, c.col[-1]): c.value for c in placed.cells}
    row = ("第二十条第（一）项", official)
    assert [cells[(row, col)] for col in format_for("active", fmt).headers[1:4]] == [4, 5, 6]
    assert not [f for f in findings if f.rule in ("extra-row", "lost-labels")]
    # the other revision's wording does not outvote the table's own headers
    assert detect_table_format(table) == fmt


APPLICATIONS_HEADER = [
    "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 | | | | | | |",
    "| | 自然人 | 法人或其他组织 | | | | | 总计 |",
    "| | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |",
]


def test_two_equal_values_in_a_row_of_seven_are_one_applicant_column_and_the_total():
    lines = [
        *APPLICATIONS_HEADER,
        "| 一、本年新收政府信息公开申请数量 | 3 | 3 |",
        "| 二、上年结转政府信息公开申请数量 | 0 |",
    ]
    rows = parse_rows("pipe", "\n".join(lines))
    table = Table(kind="applications", dialect="pipe", lines=(1, 5), grid=Grid(()), rows=rows)
    placed, findings = apply_template(table, fmt="2019")
    new = "一、本年新收政府信息公开申请数量"
    found = {c.col[-1]: (c.value, c.inferred) for c in placed.cells if c.value is not None and c.row[-1] == new}
    assert found == {"自然人": (3, True), "总计": (3, True)}  # not 商业企业
    [two] = [f for f in findings if f.rule == "two-values"]
    assert "guess" in two.message and len(two.cells) == 2


def test_a_caption_row_above_the_first_block_spans_its_empty_cells():
    """`| 主动公开政府信息情况 | | | |` above 第二十条第（一）项: its empty cells are its span, no values."""
    text = "\n".join(
        [
            "| 主动公开政府信息情况 | | | |",
            "| 第二十条第（一）项 | | | |",
            "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
            "| 规章 | 1 | 0 | 7 |",
            "| 行政规范性文件 | 2 | 1 | 9 |",
        ]
    )
    table = Table(kind="active", dialect="pipe", lines=(1, 5), grid=Grid(()), rows=parse_rows("pipe", text))
    placed, findings = apply_template(table, fmt="2021")
    found = {(c.row[-1], c.col[-1]): c.value for c in placed.cells if c.value is not None}
    assert found[("规章", "本年制发件数")] == 1 and found[("行政规范性文件", "现行有效件数")] == 9
    assert not [c for c in placed.cells if c.inferred]
    assert {f.rule for f in findings} == {"missing-cells"}


def test_a_number_grouped_by_spaces_in_one_pipe_cell_is_one_value():
    lines = [*APPLICATIONS_HEADER, "| 一、本年新收政府信息公开申请数量 | 1 234 | 0 | 0 | 0 | 0 | 1 | 1 235 |"]
    rows = parse_rows("pipe", "\n".join(lines))
    table = Table(kind="applications", dialect="pipe", lines=(1, 4), grid=Grid(()), rows=rows)
    placed, _ = apply_template(table, fmt="2019")
    found = [c.value for c in placed.cells if c.value is not None]
    assert found == [1234, 0, 0, 0, 0, 1, 1235]
    assert not [c for c in placed.cells if c.inferred]
    # in PDF text (spaced), where a space is the only cell boundary, the same run is two values
    spaced = one_cell_rows("applications", ["一、本年新收政府信息公开申请数量 1 234 0 0 0 0 1"])
    cells, _ = apply_template(spaced, fmt="2019")
    assert [c.value for c in cells.cells if c.value is not None][:2] == [1, 234]


def test_values_past_their_group_before_the_next_groups_label_are_surplus():
    """p057's shape: a group label, more values than its rows hold, then the next group's label (cut)."""
    rows = [("（三）不予公开",)] + [("0",)] * 58 + [("（四）无法",)]
    table = one_cell_rows("applications", [r[0] for r in rows], dialect="cell-per-line")
    placed, findings = apply_template(table, fmt="2021")
    refused = [c for c in placed.cells if c.value is not None and "（三）不予公开" in c.row]
    cannot = [c for c in placed.cells if c.value is not None and "（四）无法提供" in c.row]
    assert len(refused) == 56 and all(c.inferred for c in refused)  # 8 rows × 7, by order
    assert cannot == []
    [surplus] = [f for f in findings if f.rule == "surplus-values"]
    assert surplus.actual == ["0", "0"] and surplus.line == 58


def test_a_tied_table_is_one_format_for_every_detector() -> None:
    """Three markers of each revision: the table and the report are the same revision (2021: its
    three votes are half its markers, 2019's three less than a third of its), and so is the format
    the identities tell from the placed cells when neither the table nor the report names one."""
    text = "\n".join(
        [
            "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |",
            "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
            "| 规章 | 1 | 2 | 3 |",
        ]
    )
    table = parsed_text("active", "pipe", text)
    assert detect_table_format(table) == "2021"
    name, findings = detect_format([table])
    assert name == "2021" and [f.rule for f in findings] == ["mixed-format"]
    placed, _ = apply_template(table)
    assert placed.format == "2021"
    assert table_format(attrs.evolve(placed, format=None)) == "2021"
