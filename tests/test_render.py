"""govtables.render: each dialect and style by example, as one-line assertions.

``assert_roundtrip(grid, dialect, style)`` renders, parses back with :func:`parse_rows` and compares
what the dialect can carry (:func:`recoverable`); ``assert_renders(grid, dialect, text, style)`` pins
the exact text. ``recoverable`` documents, dialect by dialect, what a rendering loses.
"""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from govtables.errors import RenderError
from govtables.model import Grid, Row, Span, Table, TextCell
from govtables.parse import parse_rows
from govtables.render import RenderStyle, render

View = list[tuple[tuple[str | None, ...], int | None]]

_MARKDOWN_RULE = re.compile(r"^:?-{2,}:?$")


def grid(*rows: tuple[str | None, ...], spans: tuple[Span, ...] = (), header_rows: int = 0) -> Grid:
    """A grid from texts; ``None`` is a place with no cell (covered by a span, or absent)."""
    return Grid(
        tuple(tuple(None if t is None else TextCell(t, line=0, column=0) for t in row) for row in rows),
        spans=spans,
        header_rows=header_rows,
    )


def _same(text: str | None, style: RenderStyle) -> str | None:
    """Cell text as compared: a wrapped label differs from the original by white space only."""
    if text is None or style.wrap is None:
        return text
    return "".join(text.split())


def recoverable(g: Grid, dialect: str, style: RenderStyle) -> View:
    """What ``parse_rows`` can give back of ``g`` rendered in ``dialect``: rows of cell texts
    (``None`` for a filler place) with their terminators.

    - pipe: every place, with the fillers of a colspan. Lost: without a leading bar, the leading
      empty places (a row's first empty cell looks like the space before a leading bar); without a
      trailing bar, the trailing empty places; rows with no text; rows of Markdown rules (``---``);
      and every rowspan (the grid stage guesses row spans back from short rows).
    - cell-per-line: the non-empty texts of each row. Lost: empty cells, spans, rows with no text.
    - statutory: the flat sequence of lines. Rows come back only where a bar line ends them: with
      the +0 convention a row that lost nothing runs into the next one; empty cells written as lone
      bars make a one-bar terminator read as one more empty cell; the places of dropped empty cells
      and of spans survive only as the terminator's count (which the grid stage resolves with the
      table's width and template).
    """
    places_rows = _places(g)
    if dialect == "pipe":
        view: View = []
        for places in places_rows:
            row: list[str | None] = []
            for kind, text, width in places:
                row.append(_same(text if kind == "cell" else "", style))
                row.extend([None] * (width - 1))
            while row and not row[0] and not style.leading_bar:
                row.pop(0)
            while row and row[-1] == "" and not style.trailing_bar:
                row.pop()
            if any(t and not _MARKDOWN_RULE.match(t) for t in row):
                view.append((tuple(row), None))
        return view
    if dialect == "cell-per-line":
        return [
            (tuple(_same(text, style) for _, text, _ in places if text), None)
            for places in places_rows
            if any(text for _, text, _ in places)
        ]
    assert dialect == "statutory"
    events: list[tuple[str, str | int, bool]] = []  # ("cell", text) / ("lone", 1) / ("end", n, glued)
    for index, places in enumerate(places_rows):
        written, last_is_text = 0, False
        for kind, text, _ in places:
            if kind == "cell" and text:
                events.append(("cell", _same(text, style) or "", False))
                written, last_is_text = written + 1, True
            elif kind == "cell" and style.empty_cells == "bar":
                events.append(("lone", 1, False))
                written, last_is_text = written + 1, False
        run = g.width - written + (1 if style.plus_one else 0)
        if run > 0 and (index < len(places_rows) - 1 or style.terminate_last):
            events.append(("end", run, style.glue and last_is_text and written > 0))
    lone = [e[0] == "lone" or (e[0] == "end" and e[1] == 1 and not e[2]) for e in events]
    lone_is_cell = any(a and b for a, b in pairwise(lone))
    view, pending = [], []
    for (what, value, glued), is_lone in zip(events, lone, strict=True):
        if what == "cell":
            pending.append(value)
        elif is_lone and lone_is_cell and not glued:
            pending.append("")
        elif pending:
            view.append((tuple(pending), int(value)))
            pending = []
    if pending:
        view.append((tuple(pending), None))
    return view


def _places(g: Grid) -> list[list[tuple[str, str, int]]]:
    from govtables.render import row_places

    return [[(p.kind, p.text, p.width) for p in places] for places in row_places(g)]


def parsed(rows: tuple[Row, ...], dialect: str, style: RenderStyle) -> View:
    """The rows as :func:`recoverable` states them."""
    view: View = []
    for row in rows:
        texts = tuple(None if cell.filler else _same(cell.text, style) for cell in row.cells)
        if dialect == "pipe":
            if not style.leading_bar:
                texts = tuple(texts[next((i for i, t in enumerate(texts) if t), len(texts)) :])
            while texts and texts[-1] == "" and not style.trailing_bar:
                texts = texts[:-1]
        view.append((texts, row.terminator if dialect == "statutory" else None))
    return view


def assert_roundtrip(g: Grid, dialect: str, style: RenderStyle | None = None) -> None:
    style = RenderStyle() if style is None else style
    text = render(g, dialect, style=style)
    rows = parse_rows(dialect, text)
    assert parsed(rows, dialect, style) == recoverable(g, dialect, style), text


def assert_renders(g: Grid | Table, dialect: str, expected: str, style: RenderStyle | None = None) -> None:
    assert render(g, dialect, style=style) == expected


# ---- examples ------------------------------------------------------------------------------------

BLOCK = grid(
    ("第二十条第（一）项", None, None, None),
    ("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"),
    ("规章", "0", "", "2"),
    spans=(Span(0, 0, 1, 4),),
    header_rows=2,
)
STUB = grid(
    ("三、本年度办理结果", "（一）予以公开", "3"),
    (None, "（二）部分公开", "0"),
    ("四、结转下年度继续办理", None, "1"),
    spans=(Span(0, 0, 2, 1), Span(2, 0, 1, 2)),
)
SIMPLE = grid(("规章", "2"), ("行政规范性文件", "0"))


def test_pipe_default() -> None:
    assert_renders(SIMPLE, "pipe", "| 规章 | 2 |\n| 行政规范性文件 | 0 |")
    assert_renders(
        BLOCK,
        "pipe",
        "| 第二十条第（一）项 ||||\n"
        "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n| 规章 | 0 |  | 2 |",
    )


def test_pipe_noise() -> None:
    bare = RenderStyle(leading_bar=False, trailing_bar=False)
    assert_renders(SIMPLE, "pipe", "规章 | 2\n行政规范性文件 | 0", bare)
    assert_renders(
        SIMPLE,
        "pipe",
        "｜ 规章 ｜ 2 ｜ \r\n｜ 行政规范性文件 ｜ 0 ｜ ",
        RenderStyle(full_width=True, trailing_space=True, newline="\r\n"),
    )
    assert_renders(
        SIMPLE, "pipe", "| 规章 | 2 |\n| 行政规 范性文件 | 0 |", RenderStyle(wrap=" ", wrap_width=5)
    )
    assert_renders(
        STUB,
        "pipe",
        "| 三、本年度办理结果 | （一）予以公开 | 3 |\n|  | （二）部分公开 | 0 |\n| 四、结转下年度继续办理 || 1 |",
    )


def test_cell_per_line() -> None:
    assert_renders(SIMPLE, "cell-per-line", "规章\n2\n\n行政规范性文件\n0")
    assert_renders(
        SIMPLE,
        "cell-per-line",
        "\t规章\n\t2\n|\n\t行政规范性文件\n\t0",
        RenderStyle(indent="\t", row_break="bar"),
    )
    assert_renders(
        BLOCK,
        "cell-per-line",
        "第二十条第（一）项\n\n信息内容\n本年新制作数量\n本年新公开数量\n对外公开总数量\n\n规章\n0\n2",
    )


def test_statutory() -> None:
    assert_renders(SIMPLE, "statutory", "规章 |\n2 |\n|\n行政规范性文件 |\n0 |\n|")
    assert_renders(
        BLOCK,
        "statutory",
        "第二十条第（一）项 |\n||||\n信息内容 |\n本年新制作数量 |\n"
        "本年新公开数量 |\n对外公开总数量 |\n|\n规章 |\n0 |\n2 |\n||",
    )
    glued = RenderStyle(glue=True, plus_one=False, terminate_last=False)
    assert_renders(
        BLOCK,
        "statutory",
        "第二十条第（一）项 | |||\n信息内容 |\n本年新制作数量 |\n本年新公开数量 |\n对外公开总数量 |\n规章 |\n0 |\n2 |",
        glued,
    )
    bars = RenderStyle(empty_cells="bar", plus_one=False)
    assert_renders(
        BLOCK,
        "statutory",
        "第二十条第（一）项 |\n|||\n信息内容 |\n本年新制作数量 |\n"
        "本年新公开数量 |\n对外公开总数量 |\n规章 |\n0 |\n|\n2 |",
        bars,
    )
    assert_renders(
        grid(
            ("本年新制作数量", "0"),
        ),
        "statutory",
        "本年新\n制作数量 |\n0 |\n|",
        RenderStyle(wrap="\n"),
    )


def test_markdown_and_html() -> None:
    assert_renders(SIMPLE, "markdown", "| 规章 | 2 |\n| --- | --- |\n| 行政规范性文件 | 0 |")
    assert_renders(
        STUB,
        "html",
        (
            '<table>\n<tr><td rowspan="2">三、本年度办理结果</td><td>（一）予以公开</td><td>3</td></tr>\n'
            "<tr><td>（二）部分公开</td><td>0</td></tr>\n"
            '<tr><td colspan="2">四、结转下年度继续办理</td><td>1</td></tr>\n</table>'
        ),
    )
    assert_renders(
        grid(("a<b", "1"), header_rows=1), "html", "<table>\n<tr><th>a&lt;b</th><th>1</th></tr>\n</table>"
    )


def test_table_renders_its_grid() -> None:
    table = Table(kind="other", dialect="pipe", lines=(1, 2), grid=SIMPLE)
    assert_renders(table, "pipe", render(SIMPLE, "pipe"))


def test_errors() -> None:
    with pytest.raises(RenderError, match="dialect"):
        render(SIMPLE, "latex")
    with pytest.raises(RenderError, match="bar"):
        render(
            grid(
                ("a|b",),
            ),
            "pipe",
        )
    assert (
        render(
            grid(
                ("a|b",),
            ),
            "markdown",
        )
        == "| a\\|b |\n| --- |"
    )


@pytest.mark.parametrize("dialect", ["pipe", "cell-per-line", "statutory"])
@pytest.mark.parametrize(
    "style",
    [
        RenderStyle(),
        RenderStyle(leading_bar=False, trailing_bar=False, trailing_space=True, newline="\r\n"),
        RenderStyle(full_width=True, indent="\t", wrap=" ", wrap_width=4),
        RenderStyle(glue=True, plus_one=False, terminate_last=False),
        RenderStyle(empty_cells="bar", row_break="bar", wrap="\n"),
    ],
    ids=["clean", "bare-crlf", "fullwidth-indent-wrap", "glued-plus0-open", "bar-empties"],
)
@pytest.mark.parametrize("g", [SIMPLE, BLOCK, STUB], ids=["simple", "block", "stub"])
def test_roundtrip_examples(g: Grid, dialect: str, style: RenderStyle) -> None:
    assert_roundtrip(g, dialect, style)


def test_pipe_keeps_a_leading_empty_cell() -> None:
    """Regression: parse._pipe_row dropped an empty first cell after a leading bar (fixed by the lead)."""
    rows = parse_rows("pipe", render(STUB, "pipe"))
    assert [c.text for c in rows[1].cells] == ["", "（二）部分公开", "0"]
