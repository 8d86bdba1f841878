"""A further front end: HTML pages (Word-exported tables with rowspan/colspan), dialect ``"html"``.

The markup gives the grid exactly, so there is no grammar here: :class:`_TableCollector` (the
standard library's HTML parser) collects each ``<table>``'s cells with their spans and source
positions, and the text between tables, whose last statutory heading names the next table's kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html.parser import HTMLParser

from . import regions
from .grid import header_count
from .model import Grid, Row, Span, Table, TextCell
from .text import collapse_spaces

_HTML_START = re.compile(r"^\s*(?:<!doctype html|<html|<table|<body|<div|<p[ >])", re.IGNORECASE)


_TABLE_TAG = re.compile(r"^[ \t]*<table\b", re.IGNORECASE | re.MULTILINE)
_CELL_TAG = re.compile(r"<t[dh]\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """An HTML page with a table, or text with HTML tables pasted in (a line starting ``<table``)."""
    if _HTML_START.match(text[:2048]):
        return "<table" in text.lower()
    return bool(_TABLE_TAG.search(text)) and bool(_CELL_TAG.search(text))


class RawCell:
    """A cell as the markup gave it: its text parts, source position and spans."""

    def __init__(self, line: int, column: int, rowspan: int, colspan: int) -> None:
        self.parts: list[str] = []
        self.line, self.column, self.rowspan, self.colspan = line, column, rowspan, colspan


class _TableCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[list[list[RawCell]], str, int]] = []  # rows, text before, line
        self.stack: list[int] = []  # the index in ``tables`` of each open table, innermost last
        self.layout: set[int] = set()  # tables that hold a table: page layout, not report tables
        self.cell: RawCell | None = None
        self.between: list[str] = []

    @property
    def rows(self) -> list[list[RawCell]]:
        """The rows of the innermost open table."""
        return self.tables[self.stack[-1]][0]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.layout.update(self.stack[-1:])
            self.stack.append(len(self.tables))
            self.tables.append(([], "".join(self.between), self.getpos()[0]))
            self.between = []
        elif tag == "tr" and self.stack:
            self.rows.append([])
        elif tag in ("td", "th") and self.stack:
            if not self.rows:
                self.rows.append([])
            values = dict(attrs)
            line, column = self.getpos()
            self.cell = RawCell(line, column + 1, _int(values.get("rowspan")), _int(values.get("colspan")))
            self.rows[-1].append(self.cell)
        elif tag in ("br", "p", "div") and self.cell is None:
            self.between.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.stack:
            self.stack.pop()
            self.cell = None
            self.between = []
        elif tag in ("td", "th"):
            self.cell = None
        elif tag in ("p", "div", "h1", "h2", "h3", "h4", "li"):
            self.between.append("\n")

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.parts.append(data)
        self.between.append(data)  # text since the last table began or ended: the next one's heading


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def html_tables(text: str) -> list[Table]:
    """The tables of an HTML page (site chrome and metadata tables left out)."""
    collector = _TableCollector()
    collector.feed(text)
    collector.close()
    return markup_tables(
        collector.tables, dialect="html", why="an HTML <table> with its rowspan and colspan", skip=collector.layout
    )


def markup_tables(
    raw_tables: list[tuple[list[list[RawCell]], str, int]],
    *,
    dialect: str,
    why: str | Sequence[str],
    skip: set[int] | frozenset[int] = frozenset(),
) -> list[Table]:
    """Tables from cells whose spans the source states (an HTML page, a Word document, a PDF's ruling
    lines): each ``(rows, text before, line)``, the last statutory heading in the text before a table
    naming its kind; tables with fewer than two rows, layout tables (``skip``) and metadata tables
    are left out. ``why``: one reason for every table, or one a table."""
    tables: list[Table] = []
    kind_from_heading: str | None = None
    for index, (raw_rows, before, line) in enumerate(raw_tables):
        for heading in before.split("\n"):
            kind_from_heading = regions.section_kind(heading) or kind_from_heading
        grid, rows = _grid(raw_rows)
        if grid.height < 2 or index in skip:
            continue
        words = " ".join(c.text for r in rows for c in r.cells)
        if regions.is_metadata(words):
            continue
        kind = regions.kind_from_labels(words)
        if kind_from_heading is not None and kind in ("other", "indicators", kind_from_heading):
            kind = kind_from_heading
        last = max((c.line for r in rows for c in r.cells), default=line)
        tables.append(
            Table(
                kind=kind,
                dialect=dialect,
                lines=(line, last),
                grid=grid,
                rows=rows,
                why=why if isinstance(why, str) else why[index],
            )
        )
    return tables


def _grid(raw_rows: list[list[RawCell]]) -> tuple[Grid, tuple[Row, ...]]:
    taken: dict[tuple[int, int], bool] = {}
    placed: list[tuple[int, int, RawCell]] = []
    for r, raw_row in enumerate(raw_rows):
        c = 0
        for raw in raw_row:
            while taken.get((r, c)):
                c += 1
            placed.append((r, c, raw))
            for dr in range(raw.rowspan):
                for dc in range(raw.colspan):
                    taken[(r + dr, c + dc)] = True
            c += raw.colspan
    height = len(raw_rows)
    width = max((c + raw.colspan for _, c, raw in placed), default=0)
    cells: list[list[TextCell | None]] = [[None] * width for _ in range(height)]
    spans: list[Span] = []
    rows: list[list[TextCell]] = [[] for _ in range(height)]
    for r, c, raw in placed:
        cell = TextCell(collapse_spaces("".join(raw.parts)), line=raw.line, column=raw.column)
        cells[r][c] = cell
        rows[r].append(cell)
        rowspan = min(raw.rowspan, height - r)
        if rowspan > 1 or raw.colspan > 1:
            spans.append(Span(r, c, rowspan, raw.colspan))
    row_values = tuple(Row(tuple(cs), line=cs[0].line) for cs in rows if cs)
    grid = Grid(tuple(tuple(row) for row in cells), spans=tuple(spans), header_rows=header_count(rows))
    return grid, row_values
