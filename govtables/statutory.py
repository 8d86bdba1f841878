"""The typed model of the statutory tables: English attribute names over the official label paths.

Built from a :class:`~govtables.model.Table` whose cells the template stage set. Attributes hold the
:class:`~govtables.model.ValueCell` (``.value``, ``.text``, ``.inferred``, and ``.row``/``.col``, the
official label paths), or ``None`` for a row the table's format does not have (``other_handling``
in 2021, ``no_correction`` in 2019). The attribute names come from the format data
(:mod:`govtables.formats`), so a new revision needs no change here.

>>> from govtables.formats import format_for
>>> from govtables.model import Grid, Table, ValueCell
>>> fmt = format_for("applications", "2021")
>>> cells = tuple(ValueCell(r, c, 1, "1") for r, c in fmt.cell_paths())
>>> table = Table("applications", "statutory", (1, 1), Grid(()), format="2021", cells=cells)
>>> applications = ApplicationsTable.from_table(table)
>>> applications.total.new_received.value
1
>>> applications.total.new_received.row
('一、本年新收政府信息公开申请数量',)
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

import attrs

from .formats import APPLICATION_COLUMNS, FORMATS, REVIEW_COLUMNS, Format, format_for
from .model import Path, Table, ValueCell

__all__ = ["ActiveTable", "ApplicationsTable", "ReviewsTable"]

Cells = dict[tuple[Path, Path], ValueCell]


def _names(kind: str, attribute: str) -> tuple[str, ...]:
    """Every English name of a table kind's rows (or row groups), over all formats, in order."""
    seen: dict[str, None] = {}
    for (fmt_kind, _), fmt in FORMATS.items():
        if fmt_kind == kind:
            for row in fmt.rows:
                seen[getattr(row, attribute)] = None
    return tuple(seen)


@cache
def _record(class_name: str, names: tuple[str, ...]) -> type:
    """A frozen attrs class with one optional attribute per name (made from the format data)."""
    return attrs.make_class(class_name, {name: attrs.field(default=None) for name in names}, frozen=True)


def _by_path(table: Table) -> Cells:
    return {(cell.row, cell.col): cell for cell in table.cells}


def _format(table: Table) -> Format:
    return format_for(table.kind, table.format or "2019")


def _iterate(cells: tuple[ValueCell, ...]) -> Iterator[tuple[tuple[Path, Path], ValueCell]]:
    for cell in cells:
        yield (cell.row, cell.col), cell


@attrs.frozen
class ApplicationsTable:
    """Table 三: one attribute per column, each with one attribute per row.

    ``applications.total.new_received`` is the cell (column 总计, row 一、本年新收…).
    """

    format: str | None
    natural_person: Any
    commercial: Any
    research: Any
    public_interest: Any
    legal_services: Any
    other: Any
    total: Any
    cells: tuple[ValueCell, ...] = attrs.field(repr=False)

    @classmethod
    def from_table(cls, table: Table) -> ApplicationsTable:
        fmt, found = _format(table), _by_path(table)
        column_class = _record("ApplicationsColumn", _names("applications", "name"))
        columns = {
            column.name: column_class(**{row.name: found.get((row.path, column.path)) for row in fmt.rows})
            for column in APPLICATION_COLUMNS
        }
        return cls(format=table.format, cells=table.cells, **columns)

    def items(self) -> Iterator[tuple[tuple[Path, Path], ValueCell]]:
        """Every cell with its (official row path, official column path)."""
        return _iterate(self.cells)


@attrs.frozen
class ReviewsTable:
    """Table 四: ``review``, ``direct_suit`` and ``suit_after_review``, each with ``upheld``,
    ``corrected``, ``other``, ``pending`` and ``total``."""

    format: str | None
    review: Any
    direct_suit: Any
    suit_after_review: Any
    cells: tuple[ValueCell, ...] = attrs.field(repr=False)

    @classmethod
    def from_table(cls, table: Table) -> ReviewsTable:
        found = _by_path(table)
        outcome_class = _record("ReviewOutcomes", ("upheld", "corrected", "other", "pending", "total"))
        groups: dict[str, dict[str, ValueCell | None]] = {}
        for column in REVIEW_COLUMNS:
            groups.setdefault(column.group, {})[column.name] = found.get(((), column.path))
        return cls(
            format=table.format,
            cells=table.cells,
            **{group: outcome_class(**values) for group, values in groups.items()},
        )

    def items(self) -> Iterator[tuple[tuple[Path, Path], ValueCell]]:
        return _iterate(self.cells)


@attrs.frozen
class ActiveTable:
    """Table 二: one attribute per block, each with one attribute per row, each with one per column.

    ``active.rules_and_documents.rules.new_made`` (2019) or ``….rules.issued`` (2021); blocks the
    format lacks (``procurement`` in 2021) are ``None``.
    """

    format: str | None
    rules_and_documents: Any
    licensing: Any
    penalties_and_enforcement: Any
    fees: Any
    procurement: Any
    cells: tuple[ValueCell, ...] = attrs.field(repr=False)

    @classmethod
    def from_table(cls, table: Table) -> ActiveTable:
        fmt, found = _format(table), _by_path(table)
        blocks: dict[str, dict[str, Any]] = {}
        for row in fmt.rows:
            row_class = _record("ActiveRow", tuple(c.name for c in row.columns))
            values = {c.name: found.get((row.path, c.path)) for c in row.columns}
            blocks.setdefault(row.group, {})[row.name] = row_class(**values)
        block_objects = {group: _record("ActiveBlock", tuple(rows))(**rows) for group, rows in blocks.items()}
        return cls(
            format=table.format,
            cells=table.cells,
            **{
                name: block_objects.get(name)
                for name in (
                    "rules_and_documents",
                    "licensing",
                    "penalties_and_enforcement",
                    "fees",
                    "procurement",
                )
            },
        )

    def items(self) -> Iterator[tuple[tuple[Path, Path], ValueCell]]:
        return _iterate(self.cells)
