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
from .model import Box, Finding, Grid, Row, Span, Table, TextCell
from .text import collapse_spaces

# How a saved page starts, in any case: a doctype, an XML declaration, a comment (`<!-- saved from
# url=… -->`), `<meta>`, `<html>`, `<head>`, `<body>`, or the table itself; maybe all on one line.
_HTML_START = re.compile(r"^\s*+<(?:!doctype|\?xml|!--|meta\b|html|head\b|body|table|div|p[ >])", re.IGNORECASE)
_TABLE_START = re.compile(r"<table", re.IGNORECASE)


_TABLE_TAG = re.compile(r"^[ \t]*<table\b", re.IGNORECASE | re.MULTILINE)
_CELL_TAG = re.compile(r"<t[dh]\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """An HTML page with a table, or text with HTML tables pasted in (a line starting ``<table``)."""
    if _HTML_START.match(text[:2048]):
        return bool(_TABLE_START.search(text))
    return bool(_TABLE_TAG.search(text)) and bool(_CELL_TAG.search(text))


#: What one page may cost. The largest real report table (2021 table 三) has ~300 cells and ~12
#: columns, and a real page holds a few dozen ``<table>`` elements, layout tables included.
MAX_TABLE_CELLS = 2_000  # cells (and rows) of one table; the rest of the table is not read
MAX_TABLE_PLACES = 20_000  # places (rows × columns) of one table's grid, spans included
MAX_PAGE_TABLES = 100  # <table> elements read from a page; the page is read no further
MAX_PAGE_CELLS = 20_000  # cells (and rows) of all a page's tables; the page is read no further
MAX_TAG_CHARS = 8_192  # a longer tag keeps its name only (its attributes are not read)
_FEED_CHARS = 65_536  # the page is fed to the parser in pieces, so reading can stop at a cap

# A tag longer than MAX_TAG_CHARS: `<` and a name, then no `<` or `>` (one way to match: linear).
_LONG_TAG = re.compile(rf"<([a-zA-Z][^\s/<>]*+)[^<>]{{{MAX_TAG_CHARS},}}+>")
#: A script or style with its content, or a tag: what to drop to get a page's text. Linear: a
#: script's content stops at the next script or style tag (an unclosed one is a tag), and a tag at
#: the next `<` or `>` (a page of 20,000 unclosed `<script` took 41 s with `<[^>]*>`).
TAG = re.compile(
    r"<(?:script|style)\b(?:(?!</?(?:script|style)\b).)*+</(?:script|style)\s*>|<[^<>]*+>",
    re.IGNORECASE | re.DOTALL,
)
# A `<` whose next angle bracket is another `<` starts no tag (`<script<script…`, `1 < 2`): written
# as `&lt;` (the same text), since html.parser would rescan all that follows as one tag's attributes.
_STRAY_LT = re.compile(r"<(?=[^<>]*+<)")


class RawCell:
    """A cell as the markup gave it (HTML, a Word document, a PDF's ruling lines): its text parts,
    source position and spans; a PDF cell also its box on the page."""

    def __init__(self, line: int, column: int, rowspan: int, colspan: int, box: Box | None = None) -> None:
        self.parts: list[str] = []
        self.line, self.column, self.rowspan, self.colspan = line, column, rowspan, colspan
        self.box = box


class _RawTable:
    def __init__(self, before: str, line: int) -> None:
        self.rows: list[list[RawCell]] = []
        self.before, self.line = before, line  # the text since the last table, and where it starts
        self.size = 0  # cells and rows read
        self.cut: int | None = None  # the line where MAX_TABLE_CELLS stopped reading it


_HIDDEN = ("script", "style")  # elements whose content is code, not text (html.parser reads it raw)


class _TableCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[_RawTable] = []
        self.stack: list[int] = []  # the index in ``tables`` of each open table, innermost last
        self.layout: set[int] = set()  # tables that hold a table: page layout, not report tables
        self.cell: RawCell | None = None
        self.between: list[str] = []
        self.size = 0  # cells and rows read from all tables
        self.stopped: int | None = None  # the line where a page cap stopped reading the page
        self.hidden: str | None = None  # inside <script> or <style>: code, never text of the page

    @property
    def rows(self) -> list[list[RawCell]]:
        """The rows of the innermost open table."""
        return self.tables[self.stack[-1]].rows

    def _room(self) -> bool:
        """Whether the innermost open table may take one more row or cell (else it is cut here)."""
        table = self.tables[self.stack[-1]]
        table.size += 1
        self.size += 1
        if self.size > MAX_PAGE_CELLS:
            self.stopped = self.getpos()[0]
            return False
        if table.size > MAX_TABLE_CELLS:
            table.cut = table.cut or self.getpos()[0]
            self.cell = None
            return False
        return True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.stopped is not None:
            return
        if tag in _HIDDEN:
            self.hidden = tag
        elif tag == "table":
            if len(self.tables) == MAX_PAGE_TABLES:
                self.stopped = self.getpos()[0]
                return
            self.layout.update(self.stack[-1:])
            self.stack.append(len(self.tables))
            self.tables.append(_RawTable("".join(self.between), self.getpos()[0]))
            self.between = []
        elif tag == "tr" and self.stack and self._room():
            self.rows.append([])
        elif tag in ("td", "th") and self.stack and self._room():
            if not self.rows:
                self.rows.append([])
            values = dict(attrs)
            line, column = self.getpos()
            self.cell = RawCell(line, column + 1, _int(values.get("rowspan")), _int(values.get("colspan")))
            self.rows[-1].append(self.cell)
        elif tag in ("br", "p", "div") and self.cell is None:
            self.between.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == self.hidden:
            self.hidden = None
        elif tag == "table" and self.stack:
            self.stack.pop()
            self.cell = None
            self.between = []
        elif tag in ("td", "th"):
            self.cell = None
        elif tag in ("p", "div", "h1", "h2", "h3", "h4", "li"):
            self.between.append("\n")

    def handle_data(self, data: str) -> None:
        if self.hidden is not None:
            return
        if self.cell is not None:
            self.cell.parts.append(data)
        self.between.append(data)  # text since the last table began or ended: the next one's heading


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def _collect(text: str) -> _TableCollector:
    """The page through the parser, piece by piece, until its end or MAX_PAGE_TABLES."""
    text = _STRAY_LT.sub("&lt;", _LONG_TAG.sub(r"<\1>", text))
    collector = _TableCollector()
    for at in range(0, len(text), _FEED_CHARS):
        collector.feed(text[at : at + _FEED_CHARS])
        if collector.stopped is not None:
            return collector
    collector.close()
    return collector


def html_tables(text: str, findings: list[Finding] | None = None) -> list[Table]:
    """The tables of an HTML page (site chrome and metadata tables left out).

    Where a cap cut a table or the page (:data:`MAX_TABLE_CELLS`, :data:`MAX_TABLE_PLACES`,
    :data:`MAX_PAGE_TABLES`), a ``table-too-long`` warning with its line goes to ``findings``."""
    collector = _collect(text)
    cuts: list[Finding] = []
    tables = markup_tables(
        [(raw.rows, raw.before, raw.line) for raw in collector.tables],
        dialect="html",
        why="an HTML <table> with its rowspan and colspan",
        skip=collector.layout,
        cut_at=[raw.cut for raw in collector.tables],
        findings=cuts,
    )
    if collector.stopped is not None:
        cuts.append(
            Finding(
                "table-too-long",
                "warning",
                f"the page holds more than {MAX_PAGE_TABLES} <table> elements or {MAX_PAGE_CELLS} cells;"
                f" it was read no further than line {collector.stopped}",
                line=collector.stopped,
            )
        )
    if findings is not None:
        findings.extend(cuts)
    return tables


#: A table as markup gives it: its rows of cells, the text since the table before, its first line.
RawTable = tuple[list[list[RawCell]], str, int]


def markup_tables(
    raw_tables: Sequence[RawTable],
    *,
    dialect: str,
    why: str | Sequence[str],
    skip: set[int] | frozenset[int] = frozenset(),
    cut_at: Sequence[int | None] = (),
    findings: list[Finding] | None = None,
) -> list[Table]:
    """Tables from cells whose spans the source states (an HTML page, a Word document, a PDF's ruling
    lines): the last statutory heading in the text before a table names its kind; tables with fewer
    than two rows, layout tables (``skip``) and metadata tables are left out. ``why``: one reason for
    every table, or one a table; ``cut_at``: where a cap stopped reading each table. Spans past a
    table's extent are clamped and tables over :data:`MAX_TABLE_PLACES` cut, each with a warning in
    ``findings``."""
    tables: list[Table] = []
    kind_from_heading: str | None = None
    for index, (raw_rows, before, line) in enumerate(raw_tables):
        for heading in before.split("\n"):
            kind_from_heading = regions.section_kind(heading) or kind_from_heading
        grid, rows, cut, clamped = _grid(raw_rows)
        cut = cut or (cut_at[index] if index < len(cut_at) else None)
        if findings is not None and clamped is not None:
            findings.append(
                Finding(
                    "span-clamped",
                    "warning",
                    f"a cell of the {dialect} table at line {line} spans past the table's rows or its"
                    " widest row; its rowspan and colspan were cut to the table",
                    line=clamped,
                )
            )
        if findings is not None and cut is not None:
            findings.append(
                Finding(
                    "table-too-long",
                    "warning",
                    f"the {dialect} table at line {line} has more than {MAX_TABLE_CELLS} cells or"
                    f" {MAX_TABLE_PLACES} places; it was read up to line {cut}",
                    line=cut,
                )
            )
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


def _real_width(raw_rows: list[list[RawCell]]) -> int:
    """The widest row: its own cells and the places cells above span down into it, one each."""
    height = len(raw_rows)
    spanned_down = [0] * (height + 1)  # differences: a rowspan adds 1 below its row, -1 past its end
    width = running = 0
    for r, raw_row in enumerate(raw_rows):
        running += spanned_down[r]
        width = max(width, len(raw_row) + running)
        for raw in raw_row:
            if raw.rowspan > 1:
                spanned_down[r + 1] += 1
                spanned_down[min(r + raw.rowspan, height)] -= 1
    return width


def _grid(raw_rows: list[list[RawCell]]) -> tuple[Grid, tuple[Row, ...], int | None, int | None]:
    """The grid of a table's cells, the line where :data:`MAX_TABLE_PLACES` cut it and the line of
    the first span clamped (each ``None`` when there is none).

    Each cell takes the first place of its row that no rowspan from above covers. Rowspans are
    clamped to the rows that exist, colspans to the widest row (:func:`_real_width`); only each
    column's first free row is kept, never every spanned place."""
    height = len(raw_rows)
    widest = _real_width(raw_rows)
    free_from: list[int] = []  # for each column, the first row no rowspan covers
    placed: list[tuple[int, int, int, int, RawCell]] = []  # row, column, rowspan, colspan, cell
    cut: int | None = None
    clamped: int | None = None
    for r, raw_row in enumerate(raw_rows):
        c = 0
        for raw in raw_row:
            while c < len(free_from) and free_from[c] > r:
                c += 1
            colspan = min(raw.colspan, widest)
            if (r + 1) * max(c + colspan, len(free_from)) > MAX_TABLE_PLACES:
                cut = raw.line
                break
            free_from.extend([0] * (c + colspan - len(free_from)))
            rowspan = min(raw.rowspan, height - r)
            if clamped is None and (rowspan, colspan) != (raw.rowspan, raw.colspan):
                clamped = raw.line
            free_from[c : c + colspan] = [r + rowspan] * colspan
            placed.append((r, c, rowspan, colspan, raw))
            c += colspan
        if cut is not None:
            height = r
            break
    width = len(free_from) if height else 0
    cells: list[list[TextCell | None]] = [[None] * width for _ in range(height)]
    spans: list[Span] = []
    rows: list[list[TextCell]] = [[] for _ in range(height)]
    for r, c, rowspan, colspan, raw in placed:
        if r >= height:
            break
        cell = TextCell(collapse_spaces("".join(raw.parts)), line=raw.line, column=raw.column, box=raw.box)
        cells[r][c] = cell
        rows[r].append(cell)
        rowspan = min(rowspan, height - r)
        if rowspan > 1 or colspan > 1:
            spans.append(Span(r, c, rowspan, colspan))
    row_values = tuple(Row(tuple(cs), line=cs[0].line) for cs in rows if cs)
    grid = Grid(tuple(tuple(row) for row in cells), spans=tuple(spans), header_rows=header_count(rows))
    return grid, row_values, cut, clamped
