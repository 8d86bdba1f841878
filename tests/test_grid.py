"""Stage 3: rows of text cells → a rectangular grid (spans, header rows, lost cells)."""

from govtables.grid import build_grid, regroup
from govtables.model import Span
from govtables.parse import parse_rows


def grid_of(dialect, text, **kwargs):
    return build_grid(parse_rows(dialect, text), dialect, **kwargs)


def test_a_bar_run_after_a_cell_is_a_column_span():
    text = "| 第二十条第(一)项 ||||\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n| 规章 | 2 | 0 | 2 |"
    grid = grid_of("pipe", text)
    assert grid.width == 4
    assert Span(0, 0, 1, 4) in grid.spans
    assert grid.texts()[0] == ["第二十条第(一)项", None, None, None]
    assert grid.covered()[(0, 3)] == Span(0, 0, 1, 4)


def test_header_rows_and_header_paths():
    grid = grid_of("pipe", "| 申请人情况 || 总计 |\n| 自然人 | 商业企业 | |\n| 一、本年新收 | 3 | 4 | 7 |")
    assert grid.header_rows == 2
    assert grid.header_path(1) == ("申请人情况", "商业企业")


def test_a_year_is_a_header_not_a_value():
    grid = grid_of("cell-per-line", "指标名称\n单位\n2017\n历年累计\n\n主动公开文件数\n条\n15\n27")
    assert grid.header_rows == 1 and grid.height == 2


def test_a_short_row_sits_under_the_row_label_spanning_down():
    text = "\n".join(
        [
            "| 三、本年度办理结果 | (一)予以公开 | 2 | 3 |",
            "| (二)部分公开 | 16 | 17 |",
            "| 四、结转下年度 | 合计 | 1 | 1 |",
        ]
    )
    grid = grid_of("pipe", text)
    assert grid.texts()[1] == [None, "(二)部分公开", "16", "17"]
    assert Span(0, 0, 2, 1) in grid.spans


def test_a_label_repeated_down_a_column_becomes_one_row_span():
    grid = grid_of("pipe", "| （三）不予公开 | 1.属于国家秘密 | 0 |\n| （三）不予公开 | 2.其他 | 1 |")
    assert Span(0, 0, 2, 1) in grid.spans
    assert grid.cells[1][0] is None


def test_statutory_lost_cells_with_and_without_the_extra_bar():
    text = "一、本年新收 |\n0 |\n|||||||||\n二、上年结转 |\n0 |\n|||||||||"
    plus_one = grid_of("statutory", text, plus_one=True)
    assert plus_one.width == 10 and plus_one.lost == (8, 8)
    plain = grid_of("statutory", text, plus_one=False)
    assert plain.width == 11 and plain.lost == (9, 9)


def test_statutory_rows_run_together_are_split_by_the_table_width():
    """p023's convention: no bar line after a row that lost nothing."""
    text = "第二十条第(一)项 |\n|||\n信息内容 |\n本年制发件数 |\n本年废止件数 |\n现行有效件数 |\n规章 |\n0 |\n0 |\n0 |"
    grid = grid_of("statutory", text)
    assert grid.width == 4
    assert [row[0].text for row in grid.cells] == ["第二十条第(一)项", "信息内容", "规章"]


def test_one_cell_rows_are_regrouped_by_labels_after_values():
    rows = parse_rows("cell-per-line", "规章\n\n0\n\n6\n\n行政规范性文件\n\n1\n\n2")
    assert [[c.text for c in r.cells] for r in regroup(rows)] == [["规章", "0", "6"], ["行政规范性文件", "1", "2"]]


def test_no_rows_no_grid():
    assert build_grid((), "pipe").height == 0
