"""Write-then-read properties: a generated grid rendered in every text dialect and a generated style
parses back to what the dialect can carry, the grid stage rebuilds its places, and the sniffer names
the dialect it was written in.

What each dialect cannot carry is written down in :func:`test_render.recoverable`.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import TEXT_DIALECTS, grids, render_styles, table_like_grids
from test_render import assert_roundtrip, grid

from govtables.grid import build_grid
from govtables.model import Grid
from govtables.parse import parse_rows
from govtables.regions import line_shape, sniff
from govtables.render import RenderStyle, render, row_places

PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def grid_dialect_style(draw: st.DrawFn, *, wild: bool = False) -> tuple[Grid, str, RenderStyle]:
    dialect = draw(st.sampled_from(TEXT_DIALECTS))
    return draw(grids(wild=wild)), dialect, draw(render_styles(dialect))


@PROPERTY
@given(grid_dialect_style())
def test_rows_roundtrip(case: tuple[Grid, str, RenderStyle]) -> None:
    """parse_rows(d, render(g, d, style)) gives back every text the dialect can carry, in place."""
    assert_roundtrip(*case)


@PROPERTY
@given(grid_dialect_style(wild=True))
def test_rows_roundtrip_any_characters(case: tuple[Grid, str, RenderStyle]) -> None:
    """Cell text of any characters but bars and line ends is carried through unchanged."""
    assert_roundtrip(*case)


def _texts(g: Grid) -> list[list[str]]:
    return [["" if t is None else t for t in row] for row in g.texts()]


@PROPERTY
@given(grids(empties=False, spans=False), st.booleans(), st.booleans(), st.booleans())
def test_pipe_grid_roundtrip(g: Grid, full_width: bool, crlf: bool, trailing_space: bool) -> None:
    """Pipe rows with outer bars keep every place: the grid stage puts each text back where it was
    (repeated labels down a column merge into a row span, so compare the covering cell)."""
    style = RenderStyle(
        full_width=full_width, newline="\r\n" if crlf else "\n", trailing_space=trailing_space
    )
    rebuilt = build_grid(parse_rows("pipe", render(g, "pipe", style=style)), "pipe")
    assert (rebuilt.height, rebuilt.width) == (g.height, g.width)
    for r in range(g.height):
        for c in range(g.width):
            cell = rebuilt.covering(r, c)
            assert (cell.text if cell else "") == (g.cells[r][c].text if g.cells[r][c] else "")


@PROPERTY
@given(grids(), st.booleans(), st.booleans())
def test_statutory_grid_roundtrip(g: Grid, glue: bool, full_width: bool) -> None:
    """The statutory layout of 004 (empty cells dropped, +1 terminators): every row comes back with
    its non-empty texts in order and the count of places it lost; where those were is the template's
    business (documented loss)."""
    style = RenderStyle(glue=glue, full_width=full_width, plus_one=True)
    rebuilt = build_grid(
        parse_rows("statutory", render(g, "statutory", style=style)), "statutory", plus_one=True
    )
    expected = [[p.text for p in places if p.kind == "cell" and p.text] for places in row_places(g)]
    kept = [row for row in expected if row]
    assert [[c.text for c in row if c is not None] for row in rebuilt.cells] == kept
    assert list(rebuilt.lost) == [g.width - len(row) for row in kept]


@PROPERTY
@given(table_like_grids(), st.sampled_from(TEXT_DIALECTS), st.data())
def test_sniffer_names_the_dialect(g: Grid, dialect: str, data: st.DataObject) -> None:
    """A table-like grid rendered in a dialect is sniffed as that dialect (wrapped labels excepted in
    cell-per-line, where `本年新 制作数量` on its own line reads as a spaced row)."""
    style = data.draw(render_styles(dialect))
    if dialect != "statutory":
        style = RenderStyle(**{**_fields(style), "wrap": None})
    text = render(g, dialect, style=style).replace("\r\n", "\n")
    shapes = [line_shape(line) for line in text.split("\n")]
    found = sniff(shapes)
    assert found is not None and found[0] == dialect, (text, found)


def _fields(style: RenderStyle) -> dict[str, object]:
    import attrs

    return attrs.asdict(style)


def test_roundtrip_of_the_statutory_block() -> None:
    assert_roundtrip(grid(("第二十条第（一）项", None), ("规章", "0")), "statutory", RenderStyle(glue=True))
