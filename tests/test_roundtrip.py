"""Write-then-read properties: a generated grid rendered in every text dialect and a generated style
parses back to what the dialect can carry, the grid stage rebuilds its places, and the sniffer names
the dialect it was written in; a whole generated report (tables 二, 三, 四 in their official layout
among headings and prose) reads back to the same cells and the same error findings.

What each dialect cannot carry is written down in :func:`test_render.recoverable`.
"""

from __future__ import annotations

import re

import attrs
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from strategies import (
    TEXT_DIALECTS,
    Key,
    active_keys,
    active_values,
    applications_keys,
    applications_values,
    grids,
    make_table,
    render_styles,
    reviews_keys,
    reviews_values,
    table_like_grids,
)
from test_render import assert_roundtrip, grid

import govtables
from govtables.grid import build_grid
from govtables.identities import APPLICATIONS_COLUMNS, LEAVES
from govtables.layout import official_grid
from govtables.model import Finding, Grid, Number, Report, Table
from govtables.parse import parse_rows
from govtables.regions import line_shape, sniff
from govtables.render import RenderStyle, render, row_places
from govtables.validate import validate

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
    style = RenderStyle(full_width=full_width, newline="\r\n" if crlf else "\n", trailing_space=trailing_space)
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
    rebuilt = build_grid(parse_rows("statutory", render(g, "statutory", style=style)), "statutory", plus_one=True)
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


# --- report-level round trip ---------------------------------------------------------------------

REPORT_PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STATUTORY = ("active", "applications", "reviews")
KEYS = {"active": active_keys, "applications": applications_keys, "reviews": lambda fmt: reviews_keys()}
SECTIONS = (
    ("一、总体情况", "本年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外。"),
    ("二、主动公开政府信息情况", "本机关通过门户网站、政务新媒体等渠道主动公开政府信息。"),
    ("三、收到和处理政府信息公开申请情况", "本年度依申请公开工作情况如下。"),
    ("四、政府信息公开行政复议、行政诉讼情况", "本年度未发生因政府信息公开引起的行政复议、行政诉讼。"),
    ("五、存在的主要问题及改进情况", "一是公开内容有待进一步丰富；二是政策解读形式还不够多样。"),
    ("六、其他需要报告的事项", "本年度未收取信息处理费。"),
)


@attrs.frozen
class ReportCase:
    """A generated report: format, dialect, style, the values of tables 二/三/四 by kind, and the
    table-三 leaf cell changed to break T3-B and T3-C (``None`` for a consistent report)."""

    fmt: str
    dialect: str
    style: RenderStyle
    values: dict[str, dict[Key, Number]]
    error: Key | None = None
    pasted: bool = False  # html only: the tables' markup pasted into plain text, no page around it

    def written_in(self, dialect: str) -> ReportCase:
        return attrs.evolve(self, dialect=dialect, pasted=self.pasted and dialect == "html")

    def tables(self) -> tuple[Table, ...]:
        """The generated tables as the validator sees them (value cells, no text)."""
        return tuple(make_table(kind, self.fmt, KEYS[kind](self.fmt), self.values[kind]) for kind in STATUTORY)

    def page(self) -> str:
        """The whole report: each section's heading and prose, tables 二/三/四 under 二/三/四."""
        tables = {
            heading: render(
                official_grid(kind, self.fmt, {key: str(v) for key, v in self.values[kind].items()}),
                self.dialect,
                style=self.style,
            )
            for (heading, _), kind in zip(SECTIONS[1:4], STATUTORY, strict=True)
        }
        parts: list[str] = []
        for heading, prose in SECTIONS:
            parts += [heading, prose] + ([tables[heading]] if heading in tables else [])
        if self.dialect == "html" and not self.pasted:
            body = "\n".join(p if p.startswith("<table") else f"<p>{p}</p>" for p in parts)
            return f'<html><head><meta charset="utf-8"></head><body>\n{body}\n</body></html>\n'
        return self.style.newline.join(parts) + self.style.newline


@st.composite
def report_cases(draw: st.DrawFn, dialect: str | None = None) -> ReportCase:
    """A generated report; with no ``dialect``, one to be written in any (:meth:`ReportCase.written_in`):
    its style is drawn for every dialect, and a wrap on a new line is written as a space by those
    other than the statutory layout."""
    fmt = draw(st.sampled_from(["2019", "2021"]))
    values = {
        "active": draw(active_values(fmt)),
        "applications": dict(draw(applications_values(fmt))),
        "reviews": draw(reviews_values()),
    }
    error = None
    if draw(st.booleans()):
        error = (draw(st.sampled_from(LEAVES[fmt])), draw(st.sampled_from(APPLICATIONS_COLUMNS)))
        values["applications"][error] += draw(st.integers(1, 5))
    pasted = dialect in ("html", None) and draw(st.booleans())
    return ReportCase(fmt, dialect or "statutory", draw(render_styles(dialect)), values, error, pasted)


def zeros_case(fmt: str, dialect: str, style: RenderStyle) -> ReportCase:
    """A consistent report of all-zero tables (for examples)."""
    values: dict[str, dict[Key, Number]] = {kind: dict.fromkeys(KEYS[kind](fmt), 0) for kind in STATUTORY}
    return ReportCase(fmt, dialect, style, values)


def _errors(findings: tuple[Finding, ...]) -> list[tuple]:
    return sorted((f.rule, f.table or "", f.cells) for f in findings if f.severity == "error")


def assert_report_roundtrip(case: ReportCase) -> None:
    """``govtables.read`` of the rendered page gives back

    - the report's format;
    - every template cell of tables 二, 三 and 四 that had text (all of them: the generated values are
      all numbers) with the generated value, not absent, not approximate; a cell may be marked
      ``inferred`` only in the statutory dialect, where the places of cells that span or are dropped
      survive only as the count of a row's bar run (the template infers them, and says so);
    - exactly the error findings (rule, table, cells) of validating the generated tables directly:
      none for a consistent report, T3-B and T3-C on the changed cell's column and row otherwise.
    """
    report = govtables.read(case.page())
    expected_errors = _errors(validate(Report(source=None, format=case.fmt, tables=case.tables())))
    assert bool(expected_errors) == (case.error is not None)
    assert report.format == case.fmt, [(f.rule, f.message) for f in report.findings]
    for kind in STATUTORY:
        table = report.table(kind)
        assert table is not None, (kind, [t.kind for t in report.tables], _errors(report.findings))
        cells = {(cell.row, cell.col): cell for cell in table.cells if cell.template}
        for key, value in case.values[kind].items():
            cell = cells.get(key)
            assert cell is not None and cell.value == value, (kind, key, value, cell)
            assert not cell.approximate, cell
            assert case.dialect == "statutory" or not cell.inferred, cell
    assert _errors(report.findings) == expected_errors


REPORT_DIALECTS = ("pipe", "statutory", "cell-per-line", "html", "markdown", "tsv")


# Found by the property (seed 3): wrapped labels two characters wide, glued and spaced bar runs
# (`第（一）项 | | | |`) make table 二 look like cell-per-line, whose grammar rejects it; the
# statutory grammar, tried next, reads it.
WRAPPED_GLUED_SPACED_2021 = zeros_case(
    "2021", "statutory", RenderStyle(wrap="\n", wrap_width=2, glue=True, spaced_bars=True, plus_one=False)
)


@REPORT_PROPERTY
@pytest.mark.parametrize("dialect", REPORT_DIALECTS)
@given(case=report_cases())
@example(case=WRAPPED_GLUED_SPACED_2021)
def test_report_roundtrip(dialect: str, case: ReportCase) -> None:
    """Every dialect a report's tables reach us in; HTML as a page or pasted into text; Markdown and
    tab-separated rows write spans as empty cells, which must come back as span places. (The
    examples are written in every dialect too.)"""
    assert_report_roundtrip(case.written_in(dialect))


def test_report_roundtrip_of_wrapped_indented_cell_per_line() -> None:
    """Found by the property: indented spaced rows were rejected by their grammar."""
    assert_report_roundtrip(zeros_case("2019", "cell-per-line", RenderStyle(indent="\t", wrap=" ", wrap_width=4)))


@PROPERTY
@given(grids(spans=False), st.sampled_from(["", "\t"]))
def test_tab_separated_rows_roundtrip(g: Grid, trailing: str) -> None:
    """A table copied out of a page (innerText) or a Word file: one row a line, one tab between
    cells, so empty cells survive; a line with no text is no row."""
    lines = ["\t".join("" if cell is None else cell.text for cell in row) for row in g.cells]
    # a tab between two texts somewhere makes it a tab-separated table (else it is spaced text)
    assume(any(re.search(r"\S\t+\S", line) for line in lines))
    text = "\n".join(line + trailing if line.strip() else line for line in lines)
    rows = parse_rows("spaced", text)
    expected = [["" if cell is None else cell.norm for cell in row] for row in g.cells]
    expected = [texts + [""] * len(trailing) for texts in expected if any(texts)]
    assert [[cell.norm for cell in row.cells] for row in rows] == expected
