"""The official layout of a statutory table as a :class:`~govtables.model.Grid`: the inverse of the
template stage, for writing reports (benchmarks, round-trip tests) rather than reading them.

The layout is read from the format data (:mod:`govtables.formats`), one rule per shape of table:

- a **header tree** when every row has the same value columns (tables 三 and 四): the column paths
  are laid out as nested header rows (a label spans the run of columns sharing its prefix, a leaf
  spans down to the last header row), the row paths likewise as nested stub columns on the left,
  and the corner above the stub holds the format's first header label (the note of table 三);
- **blocks** when the rows have different columns (table 二): each run of rows under one title
  (``row.path[0]``) is a title row spanning the width, a row with the format's first header label
  and the block's column labels, then one row per data row (label, values); the last label or value
  of a row spans the rest of the width.

>>> from govtables.formats import format_for
>>> fmt = format_for("reviews", "2019")
>>> grid = official_grid("reviews", "2019", {fmt.cell_paths()[4]: "7"})
>>> grid.height, grid.width, grid.header_rows
(4, 15, 3)
>>> grid.texts()[0][:6], grid.texts()[3][4]
(['行政复议', None, None, None, None, '行政诉讼'], '7')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from .formats import Format, RowSpec, format_for
from .model import Grid, Path, Span, Table, TextCell

__all__ = ["Placed", "label_tree", "official_grid", "table_grid"]

Key = tuple[Path, Path]


@attrs.frozen
class Placed:
    """A cell of a layout: its text at (row, col), 0-based, and the places it spans."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1


def official_grid(kind: str, fmt: str, values: Mapping[Key, str]) -> Grid:
    """Table ``kind`` of format revision ``fmt`` in its official layout, the value cells holding
    ``values`` (keyed by official (row path, column path); ``""`` where a key is missing).

    Raises ``KeyError`` for an unknown (kind, format) and ``ValueError`` for a key of ``values``
    that is not a cell of the template.
    """
    spec = format_for(kind, fmt)
    unknown = set(values) - set(spec.cell_paths())
    if unknown:
        raise ValueError(f"not cells of the {kind} {fmt} template: {sorted(unknown)}")
    if _shared_columns(spec):
        placed, width, header_rows = _tree_layout(spec, values)
    else:
        placed, width, header_rows = _block_layout(spec, values)
    return _grid(placed, width, header_rows)


def table_grid(table: Table) -> Grid:
    """A statutory table's template cells in the official layout (each cell's text, ``""`` for an
    absent cell); cells outside the template are left out. ``ValueError`` if the table has no format."""
    if table.format is None:
        raise ValueError(f"the {table.kind} table has no format, so no official layout")
    values = {(cell.row, cell.col): cell.text or "" for cell in table.cells if cell.template}
    return official_grid(table.kind, table.format, values)


# --- the two layouts ------------------------------------------------------------------------------


def _shared_columns(spec: Format) -> bool:
    return len({row.columns for row in spec.rows}) == 1


def _tree_layout(spec: Format, values: Mapping[Key, str]) -> tuple[tuple[Placed, ...], int, int]:
    """Header tree above, stub tree on the left, one value per (row, column)."""
    columns = spec.rows[0].columns
    header_depth = max(len(column.path) for column in columns)
    stub_depth = max(len(row.path) for row in spec.rows)
    placed: list[Placed] = []
    if stub_depth and header_depth:
        placed.append(Placed(0, 0, spec.headers[0], rowspan=header_depth, colspan=stub_depth))
    for position, level, label, run, extent in label_tree([column.path for column in columns], header_depth):
        placed.append(Placed(level, stub_depth + position, label, rowspan=extent, colspan=run))
    for position, level, label, run, extent in label_tree([row.path for row in spec.rows], stub_depth):
        placed.append(Placed(header_depth + position, level, label, rowspan=run, colspan=extent))
    for i, row in enumerate(spec.rows):
        for c, column in enumerate(row.columns):
            placed.append(Placed(header_depth + i, stub_depth + c, values.get((row.path, column.path), "")))
    return tuple(placed), stub_depth + len(columns), header_depth


def _block_layout(spec: Format, values: Mapping[Key, str]) -> tuple[tuple[Placed, ...], int, int]:
    """Per title: a title row, a row of column labels, the data rows; last cells span the rest."""
    width = 1 + max(len(row.columns) for row in spec.rows)
    placed: list[Placed] = []
    r = 0
    title: str | None = None
    for row in spec.rows:
        if row.path[0] != title:
            title = row.path[0]
            placed.append(Placed(r, 0, title, colspan=width))
            placed.extend(_line(r + 1, width, [spec.headers[0], *(column.path[-1] for column in row.columns)]))
            r += 2
        placed.extend(_line(r, width, [row.path[-1], *_row_values(row, values)]))
        r += 1
    return tuple(placed), width, 0


def _row_values(row: RowSpec, values: Mapping[Key, str]) -> list[str]:
    return [values.get((row.path, column.path), "") for column in row.columns]


def _line(r: int, width: int, texts: Sequence[str]) -> list[Placed]:
    """Texts left to right from column 0, the last spanning the rest of the width."""
    last = len(texts) - 1
    return [Placed(r, c, text, colspan=width - c if c == last else 1) for c, text in enumerate(texts)]


def label_tree(paths: Sequence[Path], depth: int) -> tuple[tuple[int, int, str, int, int], ...]:
    """Nested label paths laid along an axis, ``depth`` levels deep: ``(position, level, label,
    run, extent)`` for each label written. A label above a path's leaf covers the ``run`` of
    consecutive paths sharing its prefix; a leaf covers one position and ``extent`` levels (down to
    the last one). Empty paths write nothing.

    >>> label_tree([("A", "x"), ("A", "y"), ("B",)], 2)
    ((0, 0, 'A', 2, 1), (2, 0, 'B', 1, 2), (0, 1, 'x', 1, 1), (1, 1, 'y', 1, 1))
    """
    out: list[tuple[int, int, str, int, int]] = []
    for level in range(depth):
        i = 0
        while i < len(paths):
            path = paths[i]
            if level >= len(path):
                i += 1
                continue
            leaf = level == len(path) - 1
            run = 1
            if not leaf:
                while i + run < len(paths) and paths[i + run][: level + 1] == path[: level + 1]:
                    run += 1
            out.append((i, level, path[level], run, depth - level if leaf else 1))
            i += run
    return tuple(out)


def _grid(placed: Sequence[Placed], width: int, header_rows: int) -> Grid:
    height = 1 + max(p.row + p.rowspan - 1 for p in placed)
    cells: list[list[TextCell | None]] = [[None] * width for _ in range(height)]
    for p in placed:
        cells[p.row][p.col] = TextCell(p.text, line=p.row + 1, column=p.col + 1)
    spans = tuple(Span(p.row, p.col, p.rowspan, p.colspan) for p in placed if p.rowspan > 1 or p.colspan > 1)
    return Grid(tuple(tuple(row) for row in cells), spans, header_rows)
