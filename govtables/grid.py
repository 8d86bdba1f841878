"""Stage 3: rows of text cells → a rectangular :class:`Grid`.

- Spans where the text says them: a pipe row's bar run after a cell (`| 第二十条第(一)项 | |||`)
  widens that cell; a row that is short on the left under a row label (`| (二)部分公开 | 16 | …`
  after `| 三、本年度办理结果 | (一)予以公开 | 2 | …`) sits under that label's row span, and so does
  a label repeated down consecutive rows.
- Header rows: the leading rows that hold no value (a year such as `2017` counts as a header).
- The statutory layout: the bar run that ends a row says how many cells it lost; some sites write one
  bar more for the row end itself (``plus_one``). The count is kept in ``Grid.lost`` for the template
  stage, which knows where the lost cells were; here they pad the row on the right.
- Rows the text did not delimit (one cell a row, e.g. a blank line between every cell) are regrouped:
  a label after a value starts a new row.
"""

from __future__ import annotations

import re
from collections import Counter

from .model import Grid, Row, Span, TextCell
from .parse import DIALECT_UNITS
from .values import is_value

_YEAR = re.compile(r"^(?:19|20)\d\d(?:年|年度)?$")


def is_data(cell: TextCell) -> bool:
    """A value cell that is not a year heading."""
    return not cell.filler and not cell.empty and is_value(cell.norm) and not _YEAR.match(cell.norm)


def build_grid(rows: tuple[Row, ...], dialect: str, *, plus_one: bool = False) -> Grid:
    """The grid of a table's rows, as its dialect writes them (the rows of a dialect outside the
    block dialects, ``collapsed``, are exact and taken as they are)."""
    if not rows:
        return Grid(())
    unit = DIALECT_UNITS.get(dialect)
    if unit is not None and unit.regroups and sum(len(r.cells) == 1 for r in rows) > len(rows) * 0.8:
        rows = regroup(rows)
    if unit is not None and unit.counts_lost:
        return _statutory_grid(rows, plus_one=plus_one)
    return _spanned_grid(rows)


def regroup(rows: tuple[Row, ...]) -> tuple[Row, ...]:
    """One flat run of cells → rows: a label that follows a value starts a new row."""
    grouped: list[list[TextCell]] = []
    for cell in (c for r in rows for c in r.cells):
        if not grouped or (not is_data(cell) and grouped[-1] and is_data(grouped[-1][-1])):
            grouped.append([])
        grouped[-1].append(cell)
    return tuple(Row(tuple(cells), line=cells[0].line) for cells in grouped if cells)


def header_count(rows: list[list[TextCell]]) -> int:
    """Leading rows with no value, when some later row has one (at most four)."""
    for index, row in enumerate(rows[:5]):
        if any(is_data(cell) for cell in row):
            return min(index, 4)
    return 0


def _statutory_grid(rows: tuple[Row, ...], *, plus_one: bool) -> Grid:
    rows = _split_run_on_rows(rows, plus_one=plus_one)
    lost: list[int | None] = []
    for row in rows:
        if row.terminator is None:
            lost.append(None)
        else:
            lost.append(max(0, row.terminator - (1 if plus_one else 0)))
    width = max(len(r.cells) + (n or 0) for r, n in zip(rows, lost, strict=True))
    cells = tuple(tuple(r.cells) + (None,) * (width - len(r.cells)) for r in rows)
    return Grid(cells, header_rows=header_count([list(r.cells) for r in rows]), lost=tuple(lost))


def _split_run_on_rows(rows: tuple[Row, ...], *, plus_one: bool) -> tuple[Row, ...]:
    """Rows the text ran together (sites that write no bar line for a row that lost nothing, or none
    at all): split a row holding k whole table widths into k rows, else regroup it by its labels."""
    widths = Counter(
        len(r.cells) + r.terminator - (1 if plus_one else 0) for r in rows if r.terminator is not None
    )
    width = widths.most_common(1)[0][0] if widths else 0
    result: list[Row] = []
    for row in rows:
        n = len(row.cells)
        lost = 0 if row.terminator is None else row.terminator - (1 if plus_one else 0)
        tail = width - lost  # the cells of the row the terminator (if any) ends
        if width and 0 < tail < n and (n - tail) % width == 0:
            starts = [*range(0, n - tail, width), n - tail]
            for a, b in zip(starts, [*starts[1:], n], strict=True):
                last = b == n
                result.append(
                    Row(row.cells[a:b], line=row.cells[a].line, terminator=row.terminator if last else None)
                )
        elif n > max(width, 8) and (width == 0 or row.terminator is None):
            result.extend(regroup((row,)))
        else:
            result.append(row)
    return tuple(result)


def _spanned_grid(rows: tuple[Row, ...]) -> Grid:
    """Pipe, cell-per-line and spaced rows: fillers widen the cell before them; short rows sit under
    the row labels above them."""
    placed: list[list[tuple[TextCell, int]]] = []  # (cell, colspan) per row
    for row in rows:
        items: list[tuple[TextCell, int]] = []
        for cell in row.cells:
            if cell.filler and items:
                items[-1] = (items[-1][0], items[-1][1] + 1)
            elif not cell.filler:
                items.append((cell, 1))
        if items:
            placed.append(items)
    if not placed:
        return Grid(())
    width = max(sum(span for _, span in items) for items in placed)
    headers = header_count([[cell for cell, _ in items] for items in placed])
    full = [items for items in placed[headers:] if sum(s for _, s in items) == width]
    full_shape = (len(full[0]), max(_values(items) for items in full)) if full else None
    grid: list[list[TextCell | None]] = [[None] * width for _ in placed]
    spans: list[Span] = []
    for r, items in enumerate(placed):
        used = sum(span for _, span in items)
        col = _left_indent(items, r >= headers and r > 0, used, width, full_shape)
        for cell, span in items:
            grid[r][col] = cell
            if span > 1:
                spans.append(Span(r, col, 1, span))
            col += span
    spans = _row_spans(grid, spans, headers)
    return Grid(tuple(tuple(row) for row in grid), spans=tuple(spans), header_rows=headers)


def _values(items: list[tuple[TextCell, int]]) -> int:
    return sum(is_data(cell) for cell, _ in items)


def _left_indent(
    items: list[tuple[TextCell, int]], body: bool, used: int, width: int, full_shape: tuple[int, int] | None
) -> int:
    """How many places a short body row leaves on the left for the row label spanning down to it:
    only when it has as many values as the full-width rows (``full_shape``: their cell count and
    most values) and fewer cells."""
    if not body or used >= width or full_shape is None:
        return 0
    cells, values = full_shape
    return width - used if 0 < _values(items) == values and len(items) < cells else 0


def _row_spans(grid: list[list[TextCell | None]], spans: list[Span], headers: int) -> list[Span]:
    """Row labels that span down: an empty place left of a short row, or the same label repeated."""
    colspanned = {(s.row, s.col) for s in spans}
    result = list(spans)
    height, width = len(grid), len(grid[0]) if grid else 0
    for col in range(width):
        r = headers
        while r < height:
            cell = grid[r][col]
            if cell is None or cell.empty or is_data(cell) or (r, col) in colspanned:
                r += 1
                continue
            end = r + 1
            while end < height and (
                (grid[end][col] is None and all(grid[end][c] is None for c in range(col)))
                or (grid[end][col] is not None and grid[end][col] == cell)
            ):
                if grid[end][col] is not None:
                    grid[end][col] = None  # a repeated label: one cell spanning down
                end += 1
            if end - r > 1:
                result.append(Span(r, col, end - r, 1))
            r = end
    return result
