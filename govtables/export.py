"""The last stage: a :class:`Report` → JSON, JSON Lines, CSV or pandas.

The JSON form is the contract of ``output.md`` (validated against ``govtables/data/output.schema.json``
in the tests). Two choices the contract leaves open:

- **Decimals** (money: 万元, 元 amounts) are written as JSON *strings* by default, so their digits are
  kept exactly (``"12.50"`` stays ``"12.50"``); integers are JSON numbers. Pass
  ``decimals="number"`` to get floats instead.
- **CSV** is long form, one line per value cell, ``\\n`` line ends, UTF-8; label paths are joined with
  ``" / "``; ``None`` is written as an empty field.

pandas is an optional extra (``pip install 'govtables[pandas]'``): it is imported only inside the
functions that need it, so ``import govtables`` stays light; without it they raise
:class:`~govtables.errors.ExportError`.

Span policies of :func:`table_to_pandas` (``header=`` and ``body=``, which may differ):

- ``"repeat"``: a spanned cell's text is written in every place the span covers (what
  ``pandas.read_html`` does);
- ``"origin"``: the text stays at the span's origin only; covered places are missing (``None`` in
  the body, NaN in a MultiIndex level, which pandas converts), as in the JSON ``grid``;
- ``"empty"``: the text stays at the origin; covered places hold ``""`` (for flat files and
  spreadsheets).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any, Literal, TextIO

from .errors import ExportError
from .model import Finding, Grid, Report, Table, TextCell, ValueCell
from .values import is_value

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CSV_COLUMNS",
    "LONG_COLUMNS",
    "PATH_SEPARATOR",
    "finding_to_dict",
    "report_to_csv",
    "report_to_dict",
    "report_to_json",
    "report_to_pandas",
    "reports_to_jsonl",
    "stub_width",
    "table_cells_to_pandas",
    "table_to_dict",
    "table_to_pandas",
    "write_csv",
]

Decimals = Literal["string", "number"]
SpanPolicy = Literal["repeat", "origin", "empty"]

PATH_SEPARATOR = " / "
CSV_COLUMNS: tuple[str, ...] = (
    "source",
    "table",
    "row",
    "col",
    "value",
    "text",
    "inferred",
    "line",
    "column",
)
LONG_COLUMNS = CSV_COLUMNS
_POLICIES: tuple[str, ...] = ("repeat", "origin", "empty")
_PANDAS_HINT = "pandas installed: pip install 'govtables[pandas]'"


# --- JSON ------------------------------------------------------------------------------------------


def _jsonable(value: Any, decimals: Decimals) -> Any:
    """A value made JSON-ready: Decimal → str (or float), tuples → lists, recursively."""
    if isinstance(value, Decimal):
        return float(value) if decimals == "number" else str(value)
    if isinstance(value, tuple | list):
        return [_jsonable(item, decimals) for item in value]
    if isinstance(value, dict):
        return {str(key): _jsonable(item, decimals) for key, item in value.items()}
    return value


def _cell_to_dict(cell: ValueCell, decimals: Decimals) -> dict[str, Any]:
    return {
        "row": list(cell.row),
        "col": list(cell.col),
        "value": _jsonable(cell.value, decimals),
        "text": cell.text,
        "line": cell.line,
        "column": cell.column,
        "inferred": cell.inferred,
    }


def table_to_dict(table: Table, *, decimals: Decimals = "string") -> dict[str, Any]:
    """One table as output.md's ``table`` object."""
    return {
        "kind": table.kind,
        "dialect": table.dialect,
        "lines": list(table.lines),
        "grid": table.grid.texts(),
        "spans": [span.as_list() for span in table.grid.spans],
        "cells": [_cell_to_dict(cell, decimals) for cell in table.cells],
    }


def finding_to_dict(finding: Finding, *, decimals: Decimals = "string") -> dict[str, Any]:
    """One finding as output.md's ``finding`` object."""
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "table": finding.table,
        "message": finding.message,
        "cells": [{"row": list(row), "col": list(col)} for row, col in finding.cells],
        "expected": _jsonable(finding.expected, decimals),
        "actual": _jsonable(finding.actual, decimals),
        "line": finding.line,
    }


def report_to_dict(report: Report, *, decimals: Decimals = "string") -> dict[str, Any]:
    """A report as the JSON-ready dict of output.md (lists, str, int, bool, None only)."""
    if decimals not in ("string", "number"):
        raise ExportError(f"unknown decimals option {decimals!r}", expected="'string' or 'number'")
    return {
        "source": report.source,
        "format": report.format,
        "script": report.script,
        "metadata": report.metadata.to_dict(),
        "tables": [table_to_dict(table, decimals=decimals) for table in report.tables],
        "findings": [finding_to_dict(finding, decimals=decimals) for finding in report.findings],
    }


def report_to_json(report: Report, *, indent: int | None = None, decimals: Decimals = "string") -> str:
    """A report as JSON text (UTF-8 characters kept, not escaped)."""
    return json.dumps(report_to_dict(report, decimals=decimals), ensure_ascii=False, indent=indent)


def reports_to_jsonl(reports: Iterable[Report], *, decimals: Decimals = "string") -> str:
    """Reports as JSON Lines: one compact object a line, each line ending in ``\\n``."""
    return "".join(report_to_json(report, decimals=decimals) + "\n" for report in reports)


# --- long form (CSV and pandas) --------------------------------------------------------------------


def _reports(reports: Report | Iterable[Report]) -> list[Report]:
    return [reports] if isinstance(reports, Report) else list(reports)


def _long_rows(reports: Sequence[Report]) -> list[dict[str, Any]]:
    """One record per value cell: paths as tuples, values as they are (int, Decimal or None)."""
    return [
        {
            "source": report.source,
            "table": table.kind,
            "row": cell.row,
            "col": cell.col,
            "value": cell.value,
            "text": cell.text,
            "inferred": cell.inferred,
            "line": cell.line,
            "column": cell.column,
        }
        for report in reports
        for table, cell in report.cells()
    ]


def _csv_field(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return PATH_SEPARATOR.join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_csv(reports: Report | Iterable[Report], target: str | FilePath | TextIO) -> None:
    """Write the long-form CSV of one or more reports to a path or an open text file.

    Columns: :data:`CSV_COLUMNS`. One header line, then one line per value cell.
    """
    if isinstance(target, str | FilePath):
        try:
            with open(target, "w", encoding="utf-8", newline="") as handle:
                write_csv(reports, handle)
        except OSError as exc:
            raise ExportError(
                f"cannot write the CSV file ({exc.strerror or exc})", source=str(target)
            ) from exc
        return
    writer = csv.writer(target, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in _long_rows(_reports(reports)):
        writer.writerow([_csv_field(record[name]) for name in CSV_COLUMNS])


def report_to_csv(reports: Report | Iterable[Report]) -> str:
    """The long-form CSV of one or more reports, as text (see :func:`write_csv`)."""
    buffer = io.StringIO()
    write_csv(reports, buffer)
    return buffer.getvalue()


# --- pandas ----------------------------------------------------------------------------------------


def _pandas(function: str) -> Any:
    """The pandas module, or an ExportError that says how to install it."""
    try:
        import pandas
    except ImportError as exc:
        raise ExportError(
            "pandas is not installed", source=f"govtables.{function}", expected=_PANDAS_HINT
        ) from exc
    return pandas


def report_to_pandas(reports: Report | Iterable[Report]) -> pd.DataFrame:
    """Long form: one row per value cell of one or more reports.

    Columns :data:`LONG_COLUMNS`; ``row`` and ``col`` are label-path tuples, ``value`` keeps ints and
    Decimals as they are (object dtype), ``line``/``column`` are nullable integers.
    """
    pd = _pandas("report_to_pandas")
    records = _long_rows(_reports(reports))
    frame = pd.DataFrame.from_records(records, columns=list(LONG_COLUMNS))
    for name in ("source", "table", "row", "col", "value", "text"):
        frame[name] = pd.Series([r[name] for r in records], index=frame.index, dtype=object)
    frame["inferred"] = frame["inferred"].astype(bool)
    for name in ("line", "column"):
        frame[name] = frame[name].astype("Int64")
    return frame


def _holds_value(cell: TextCell) -> bool:
    """A data place: a number (maybe with unit or sign), a blank mark, or nothing."""
    return cell.empty or is_value(cell.norm)


def stub_width(grid: Grid) -> int:
    """How many leading columns of the grid hold row labels (the stub) rather than values.

    A column belongs to the stub while every cell whose origin is in it below the header rows
    (fillers and covered places skipped) is a label, not a number or a blank mark; a column holding
    no cell at all ends the stub.
    """
    width = 0
    for col in range(grid.width):
        cells = [cell for row in grid.cells[grid.header_rows :] if (cell := row[col]) is not None and not cell.filler]
        if not cells or any(_holds_value(cell) for cell in cells):
            break
        width += 1
    return width


def _origin(grid: Grid, row: int, col: int) -> tuple[int, int] | None:
    """The origin of the span covering (row, col), or None when no span covers it."""
    for span in grid.spans:
        if span.row <= row < span.row + span.rowspan and span.col <= col < span.col + span.colspan:
            return span.row, span.col
    return None


def _place_text(grid: Grid, row: int, col: int, policy: str, *, label: bool) -> str | None:
    """The text a flat view shows at (row, col) under a span policy.

    Labels (header and stub) use the normalised text (wrapped labels joined, as in
    :meth:`Grid.header_path`); data places keep the text as found.
    """
    origin = _origin(grid, row, col)
    if origin is not None and origin != (row, col):
        if policy == "origin":
            return None
        if policy == "empty":
            return ""
        cell = grid.cells[origin[0]][origin[1]]
    else:
        cell = grid.cells[row][col]
    if cell is None or cell.filler:
        return None
    return cell.norm if label else cell.text


def _check_policy(name: str, policy: str) -> None:
    if policy not in _POLICIES:
        raise ExportError(f"unknown {name} span policy {policy!r}", expected="'repeat', 'origin' or 'empty'")


def table_to_pandas(
    table: Table,
    *,
    header: SpanPolicy = "repeat",
    body: SpanPolicy = "repeat",
    index: bool = True,
) -> pd.DataFrame:
    """The rebuilt grid as a DataFrame of text (object dtype; ``None`` where the grid has no text).

    Columns: a MultiIndex with one level per header row (``Grid.header_rows``), under the ``header``
    span policy; with no header rows, the column numbers. Body rows are the grid's rows below the
    header, under the ``body`` policy. With ``index=True`` the stub columns (:func:`stub_width`)
    become the (Multi)Index, named by their header paths; otherwise the index counts the rows.
    """
    _check_policy("header", header)
    _check_policy("body", body)
    pd = _pandas("table_to_pandas")
    grid = table.grid
    levels = grid.header_rows
    if levels:
        tuples = [
            tuple(_place_text(grid, r, c, header, label=True) for r in range(levels))
            for c in range(grid.width)
        ]
        columns = pd.MultiIndex.from_tuples(tuples)
    else:
        columns = pd.RangeIndex(grid.width)
    stub = stub_width(grid) if index else 0
    data = [
        [_place_text(grid, r, c, body, label=c < stub) for c in range(grid.width)]
        for r in range(levels, grid.height)
    ]
    frame = pd.DataFrame(data, columns=columns, dtype=object)
    if not stub:
        return frame
    names: list[str | None] = []
    for c in range(stub):
        name = PATH_SEPARATOR.join(grid.header_path(c)) or None
        names.append(name if name not in names else None)
    labels = frame.iloc[:, :stub]
    frame = frame.iloc[:, stub:]
    if stub == 1:
        frame.index = pd.Index(labels.iloc[:, 0].tolist(), name=names[0], dtype=object)
    else:
        frame.index = pd.MultiIndex.from_arrays(
            [labels.iloc[:, i].tolist() for i in range(stub)], names=names
        )
    return frame


def _padded(path: tuple[str, ...], depth: int) -> tuple[str, ...]:
    return path + ("",) * (depth - len(path))


def table_cells_to_pandas(table: Table) -> pd.DataFrame:
    """The value cells of a table laid out on their label paths.

    Rows: a MultiIndex of the row paths, columns: a MultiIndex of the column paths (official label
    paths for statutory tables), both in template order and padded with ``""`` to a common depth
    (table 四's empty row path becomes a single row labelled ``""``). A column whose values are all
    integers (or blank) has the nullable ``Int64`` dtype; a column with decimals keeps
    :class:`~decimal.Decimal` values (object dtype). Blank and absent cells, and places outside the
    template (table 二's blocks have different columns), are missing values.
    """
    pd = _pandas("table_cells_to_pandas")
    cells = table.cells
    row_depth = max((len(cell.row) for cell in cells), default=0) or 1
    col_depth = max((len(cell.col) for cell in cells), default=0) or 1
    rows = list(dict.fromkeys(_padded(cell.row, row_depth) for cell in cells))
    cols = list(dict.fromkeys(_padded(cell.col, col_depth) for cell in cells))
    row_at = {path: i for i, path in enumerate(rows)}
    col_at = {path: i for i, path in enumerate(cols)}
    data: list[list[Any]] = [[None] * len(cols) for _ in rows]
    for cell in cells:
        data[row_at[_padded(cell.row, row_depth)]][col_at[_padded(cell.col, col_depth)]] = cell.value
    frame = pd.DataFrame(
        data,
        index=pd.MultiIndex.from_tuples(rows) if rows else None,
        columns=pd.MultiIndex.from_tuples(cols) if cols else None,
        dtype=object,
    )
    for i in range(len(cols)):
        values = [row[i] for row in data if row[i] is not None]
        if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            frame.isetitem(i, frame.iloc[:, i].astype("Int64"))
    return frame
