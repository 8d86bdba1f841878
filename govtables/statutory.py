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
from typing import Any

import attrs

from . import statutory_fields as fields
from .formats import DEFAULT, Format, format_for
from .model import Path, Table, ValueCell

__all__ = ["ActiveTable", "ApplicationsTable", "ReviewsTable"]

Cells = dict[tuple[Path, Path], ValueCell]


def _camel(name: str) -> str:
    return "".join(part.title() for part in name.split("_"))


def _by_path(table: Table) -> Cells:
    return {(cell.row, cell.col): cell for cell in table.cells}


def _format(table: Table) -> Format:
    return format_for(table.kind, table.format or DEFAULT)


def _attributes(cls: type) -> tuple[str, ...]:
    """The attributes of a typed table named after the format data (its rows, columns or blocks)."""
    return tuple(f.name for f in attrs.fields(cls) if f.name not in ("format", "cells"))


#: The rows of table 三 the generated :class:`~govtables.statutory_fields.ApplicationsColumn` has
#: (a revision registered after generation keeps its new rows in ``cells`` and ``items()``).
_ROW_NAMES = frozenset(f.name for f in attrs.fields(fields.ApplicationsColumn))


def _iterate(cells: tuple[ValueCell, ...]) -> Iterator[tuple[tuple[Path, Path], ValueCell]]:
    for cell in cells:
        yield (cell.row, cell.col), cell


@attrs.frozen
class ApplicationsTable:
    """Table 三: one attribute per column, each with one attribute per row.

    ``applications.total.new_received`` is the cell (column 总计, row 一、本年新收…).
    """

    format: str | None
    natural_person: fields.ApplicationsColumn
    commercial: fields.ApplicationsColumn
    research: fields.ApplicationsColumn
    public_interest: fields.ApplicationsColumn
    legal_services: fields.ApplicationsColumn
    other: fields.ApplicationsColumn
    total: fields.ApplicationsColumn
    cells: tuple[ValueCell, ...] = attrs.field(repr=False)

    @classmethod
    def from_table(cls, table: Table) -> ApplicationsTable:
        fmt, found = _format(table), _by_path(table)
        columns = {
            column.name: fields.ApplicationsColumn(
                **{row.name: found.get((row.path, column.path)) for row in fmt.rows if row.name in _ROW_NAMES}
            )
            for column in fmt.columns
            if column.name in _attributes(cls)
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
    review: fields.ReviewOutcomes
    direct_suit: fields.ReviewOutcomes
    suit_after_review: fields.ReviewOutcomes
    cells: tuple[ValueCell, ...] = attrs.field(repr=False)

    @classmethod
    def from_table(cls, table: Table) -> ReviewsTable:
        fmt, found = _format(table), _by_path(table)
        groups: dict[str, dict[str, ValueCell | None]] = {}
        for column in fmt.columns:
            groups.setdefault(column.group, {})[column.name] = found.get(((), column.path))
        return cls(
            format=table.format,
            cells=table.cells,
            **{group: fields.ReviewOutcomes(**values) for group, values in groups.items()},
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
    rules_and_documents: fields.RulesAndDocumentsBlock | None
    licensing: fields.LicensingBlock | None
    penalties_and_enforcement: fields.PenaltiesAndEnforcementBlock | None
    fees: fields.FeesBlock | None
    procurement: fields.ProcurementBlock | None
    cells: tuple[ValueCell, ...] = attrs.field(repr=False)

    @classmethod
    def from_table(cls, table: Table) -> ActiveTable:
        fmt, found = _format(table), _by_path(table)
        blocks: dict[str, dict[str, Any]] = {}
        for row in fmt.rows:
            row_class = getattr(fields, f"{_camel(row.group)}Row")
            values = {c.name: found.get((row.path, c.path)) for c in row.columns}
            blocks.setdefault(row.group, {})[row.name] = row_class(**values)
        return cls(
            format=table.format,
            cells=table.cells,
            **{
                name: getattr(fields, f"{_camel(name)}Block")(**blocks[name]) if name in blocks else None
                for name in _attributes(cls)
            },
        )

    def items(self) -> Iterator[tuple[tuple[Path, Path], ValueCell]]:
        return _iterate(self.cells)
