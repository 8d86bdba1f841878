"""The official layout of tables 二, 三 and 四 (:mod:`govtables.layout`): spans as the statute draws
them, and every template cell in the grid exactly once, in its place."""

from __future__ import annotations

import pytest
from strategies import applications_table

from govtables.formats import FORMAT_NAMES, format_for
from govtables.layout import label_tree, official_grid, table_grid
from govtables.model import Grid, Span, Table

KINDS = ("active", "applications", "reviews")


def span_of(grid: Grid, text: str) -> tuple[int, int]:
    """(rowspan, colspan) of the one cell holding ``text``."""
    (place,) = [(r, c) for r, row in enumerate(grid.cells) for c, cell in enumerate(row) if cell and cell.text == text]
    span = next((s for s in grid.spans if (s.row, s.col) == place), Span(*place, 1, 1))
    return span.rowspan, span.colspan


def numbered(kind: str, fmt: str) -> dict[tuple[tuple[str, ...], tuple[str, ...]], str]:
    """A distinct text per template cell: ``v0``, ``v1`` … in reading order."""
    return {key: f"v{i}" for i, key in enumerate(format_for(kind, fmt).cell_paths())}


@pytest.mark.parametrize("fmt, rowspan", [("2019", 20), ("2021", 22)])
def test_applications_spans(fmt: str, rowspan: int) -> None:
    grid = official_grid("applications", fmt, {})
    assert (grid.header_rows, grid.width) == (3, 10)
    assert span_of(grid, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）") == (3, 3)
    assert span_of(grid, "申请人情况") == (1, 7)
    assert span_of(grid, "自然人") == span_of(grid, "总计") == (2, 1)
    assert span_of(grid, "法人或其他组织") == (1, 5)
    assert span_of(grid, "三、本年度办理结果") == (rowspan, 1)
    assert span_of(grid, "（三）不予公开") == (8, 1)
    assert span_of(grid, "一、本年新收政府信息公开申请数量") == span_of(grid, "四、结转下年度继续办理") == (1, 3)
    assert span_of(grid, "（七）总计") == (1, 2)
    assert grid.height == 3 + len(format_for("applications", fmt).rows)


def test_applications_2021_other_handling_heads_three_rows() -> None:
    assert span_of(official_grid("applications", "2021", {}), "（六）其他处理") == (3, 1)
    assert span_of(official_grid("applications", "2019", {}), "（六）其他处理") == (1, 2)


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_reviews_spans(fmt: str) -> None:
    grid = official_grid("reviews", fmt, numbered("reviews", fmt))
    assert (grid.height, grid.width, grid.header_rows) == (4, 15, 3)
    assert [c.text for c in grid.cells[3]] == [f"v{i}" for i in range(15)]  # 15 value columns, no stub
    assert span_of(grid, "行政复议") == (1, 5)
    assert span_of(grid, "行政诉讼") == (1, 10)
    assert span_of(grid, "未经复议直接起诉") == span_of(grid, "复议后起诉") == (1, 5)
    assert grid.header_path(0) == ("行政复议", "结果维持")
    assert grid.header_path(14) == ("行政诉讼", "复议后起诉", "总计")


def test_active_2019_blocks() -> None:
    grid = official_grid("active", "2019", numbered("active", "2019"))
    assert (grid.width, grid.header_rows) == (4, 0)
    texts = grid.texts()
    assert texts[0] == ["第二十条第（一）项", None, None, None]
    assert texts[1] == ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]
    assert texts[2] == ["规章", "v0", "v1", "v2"]
    assert span_of(grid, "第二十条第（一）项") == (1, 4)
    assert texts[-1] == ["政府集中采购", "v20", "v21", None]  # the last value spans the rest
    assert span_of(grid, "v21") == (1, 2)


def test_active_2021_one_column_blocks() -> None:
    grid = official_grid("active", "2021", {})
    assert grid.texts()[-2:] == [
        ["信息内容", "本年收费金额（单位：万元）", None, None],
        ["行政事业性收费", "", None, None],
    ]


def stub_path(grid: Grid, r: int) -> tuple[str, ...]:
    """The row labels left of row ``r``'s first value (``v…``), spans followed, repeats dropped."""
    path: list[str] = []
    for c in range(grid.width):
        text = grid.covering(r, c).text
        if text.startswith("v"):
            break
        if not path or path[-1] != text:
            path.append(text)
    return tuple(path)


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_template_cell_once(kind: str, fmt: str) -> None:
    """Each value text is in the grid once, under its column's header path (tree layouts) and on the
    row of its row label (all layouts)."""
    values = numbered(kind, fmt)
    grid = official_grid(kind, fmt, values)
    places = {cell.text: (r, c) for r, row in enumerate(grid.cells) for c, cell in enumerate(row) if cell}
    texts = [cell.text for row in grid.cells for cell in row if cell]
    for (row_path, col_path), text in values.items():
        assert texts.count(text) == 1
        r, c = places[text]
        if grid.header_rows:  # a header tree: the column's header path, the stub's labels
            assert grid.header_path(c) == col_path
            assert stub_path(grid, r) == row_path
        else:  # blocks: the row label first, the column label in the block's 信息内容 row above
            assert grid.cells[r][0].text == row_path[-1]
            labels = next(row for row in reversed(grid.cells[:r]) if row[0] and row[0].text == "信息内容")
            assert labels[c].text == col_path[-1]
            title = next(row for row in reversed(grid.cells[:r]) if row[1] is None)
            assert title[0].text == row_path[0]


def test_spans_cover_the_grid_without_overlap() -> None:
    for kind in KINDS:
        for fmt in FORMAT_NAMES:
            grid = official_grid(kind, fmt, {})
            seen: set[tuple[int, int]] = set()
            for r, row in enumerate(grid.cells):
                for c, cell in enumerate(row):
                    if cell is not None:
                        span = next((s for s in grid.spans if (s.row, s.col) == (r, c)), Span(r, c, 1, 1))
                        block = {(rr, cc) for rr in range(r, r + span.rowspan) for cc in range(c, c + span.colspan)}
                        assert not block & seen and all(cc < grid.width and rr < grid.height for rr, cc in block)
                        seen |= block
            assert len(seen) == grid.width * grid.height


def test_table_grid_uses_the_cells_texts() -> None:
    table = applications_table("2021", {(("一、本年新收政府信息公开申请数量",), ("申请人情况", "自然人")): 5})
    grid = table_grid(table)
    assert grid == official_grid("applications", "2021", {(c.row, c.col): c.text or "" for c in table.cells})
    assert grid.cells[3][3].text == "5" and grid.cells[3][4].text == ""


def test_unknown_cells_and_formats() -> None:
    with pytest.raises(ValueError, match="not cells"):
        official_grid("reviews", "2019", {(("x",), ("y",)): "1"})
    with pytest.raises(KeyError):
        official_grid("indicators", "2019", {})
    with pytest.raises(ValueError, match="no format"):
        table_grid(Table(kind="other", dialect="pipe", lines=(1, 1), grid=Grid(())))


def test_label_tree() -> None:
    assert label_tree([(), ()], 0) == ()
    assert label_tree([("A", "x", "1"), ("A", "x", "2"), ("A", "y")], 3) == (
        (0, 0, "A", 3, 1),
        (0, 1, "x", 2, 1),
        (2, 1, "y", 1, 2),
        (0, 2, "1", 1, 1),
        (1, 2, "2", 1, 1),
    )
