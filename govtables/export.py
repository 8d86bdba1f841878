"""The last stage: a :class:`Report` → JSON, JSON Lines, CSV or pandas.

The JSON form is the contract of ``output.md`` (validated against ``govtables/data/output.schema.json``
in the tests). Two choices the contract leaves open:

- **Decimals** (money: 万元, 元 amounts) are written as JSON *strings* by default, so their digits are
  kept exactly (``"12.50"`` stays ``"12.50"``); integers are JSON numbers. Pass
  ``decimals="number"`` to get floats instead.
- **The long form** (one row per value cell, :data:`CELL_SCHEMA`; one row per finding,
  :data:`FINDING_SCHEMA`) is one schema for every export: pandas, the CSV of ``govtables parse
  --format csv``, and the datasets of ``govtables check --out`` (CSV, Parquet, DuckDB), built by
  :func:`long_rows`. In CSV (``\\n`` line ends, UTF-8) a label path is a JSON array, a bool
  ``true``/``false``, ``None`` an empty field. Integers go to ``value`` (64-bit), other numbers
  (money) to ``decimal`` as their exact digits (text), never through a float.
- **The wide form** (:func:`reports_to_wide`): one row per report, one column per template cell.

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
    "CELL_SCHEMA",
    "CSV_COLUMNS",
    "FINDING_COLUMNS",
    "FINDING_SCHEMA",
    "LONG_COLUMNS",
    "PATH_SEPARATOR",
    "cell_key",
    "csv_field",
    "finding_to_dict",
    "findings_to_pandas",
    "long_frame",
    "long_rows",
    "report_to_csv",
    "report_to_dict",
    "report_to_json",
    "report_to_pandas",
    "reports_to_jsonl",
    "reports_to_wide",
    "stub_width",
    "table_cells_to_pandas",
    "table_to_dict",
    "table_to_pandas",
    "write_csv",
]

Decimals = Literal["string", "number"]
SpanPolicy = Literal["repeat", "origin", "empty"]

PATH_SEPARATOR = " / "
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
    found = {
        "row": list(cell.row),
        "col": list(cell.col),
        "value": _jsonable(cell.value, decimals),
        "text": cell.text,
        "line": cell.line,
        "column": cell.column,
        "inferred": cell.inferred,
    }
    if cell.box is not None:  # a PDF's cells only
        found["box"] = cell.box.as_dict()
    return found


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


# --- long form: one schema for cells and one for findings, in every export ----------------------

#: Column types of the long form. ``text``: a string; ``int``: a 32-bit integer; ``bigint``: a
#: 64-bit integer; ``bool``; ``labels``: a label path (a tuple in pandas, a list in DuckDB and
#: Parquet, a JSON array in CSV). pandas gives both integer types as the nullable ``Int64``.
ColumnType = Literal["text", "int", "bigint", "bool", "labels", "float"]

#: One row per value cell of a table, the same columns in the same order in every export:
#: ``Report.to_pandas()``, ``govtables parse --format csv`` and ``govtables check --out`` (CSV,
#: Parquet, DuckDB). ``value`` holds the integers (counts), ``decimal`` the other numbers (money) as
#: their exact digits; a cell has at most one of the two (none when blank or absent).
CELL_SCHEMA: tuple[tuple[str, ColumnType], ...] = (
    ("source", "text"), ("agency", "text"), ("year", "int"), ("kind", "text"), ("table_index", "int"),
    ("key", "text"), ("row_path", "labels"), ("col_path", "labels"), ("value", "bigint"),
    ("decimal", "text"), ("text", "text"), ("inferred", "bool"), ("template", "bool"), ("line", "int"),
    ("column", "int"),
)  # fmt: skip
#: One row per finding: ``cells`` are the keys (:func:`cell_key`) of the cells it names; ``expected``
#: and ``actual`` are text (a number's exact digits).
FINDING_SCHEMA: tuple[tuple[str, ColumnType], ...] = (
    ("source", "text"), ("rule", "text"), ("severity", "text"), ("kind", "text"), ("message", "text"),
    ("expected", "text"), ("actual", "text"), ("cells", "labels"), ("line", "int"), ("column", "int"),
)  # fmt: skip
CSV_COLUMNS: tuple[str, ...] = tuple(name for name, _ in CELL_SCHEMA)
LONG_COLUMNS = CSV_COLUMNS
FINDING_COLUMNS: tuple[str, ...] = tuple(name for name, _ in FINDING_SCHEMA)
#: The separator of the label paths in a cell key.
KEY_SEPARATOR = "/"
_INT64 = 2**63


def cell_key(kind: str | None, row: Sequence[str], col: Sequence[str]) -> str:
    """A cell's stable key: its table kind, row path and column path joined by ``/``
    (``applications/三、本年度办理结果/（一）予以公开/申请人情况/总计``). For the statutory tables the
    paths are the official labels, so a key names the same template cell in every report."""
    return KEY_SEPARATOR.join((kind or "", *row, *col))


def _int64(value: int) -> int | None:
    return value if -_INT64 <= value < _INT64 else None


def _overflow(kind: str, cell: ValueCell) -> Finding:
    """The ``value-overflow`` warning of a count no 64-bit integer holds (its ``text`` keeps every digit)."""
    digits = len(str(abs(cell.value or 0)))
    shown = str(cell.value) if digits <= 24 else f"{str(cell.value)[:12]}…({digits} digits)"
    return Finding(
        rule="value-overflow",
        severity="warning",
        message=(
            f"{PATH_SEPARATOR.join(cell.row)} | {PATH_SEPARATOR.join(cell.col)}: {shown} has no 64-bit integer; "
            "the exports' value is null, the cell's text keeps every digit"
        ),
        table=kind,
        cells=((cell.row, cell.col),),
        actual=cell.value,
        line=cell.line,
        column=cell.column,
    )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def long_rows(report: Report) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The report's cell rows (:data:`CELL_SCHEMA`) and finding rows (:data:`FINDING_SCHEMA`), as
    tuples in column order: what every long-form export writes. A count no 64-bit integer holds
    has a null ``value`` and adds a ``value-overflow`` warning to the findings."""
    source, agency, year = report.source, report.metadata.agency, report.metadata.year
    cells: list[tuple[Any, ...]] = []
    findings = list(report.findings)
    for index, table in enumerate(report.tables):
        for cell in table.cells:
            value, decimal = cell.value, None
            if isinstance(value, Decimal):
                value, decimal = None, str(value)
            elif value is not None and _int64(value) is None:
                value = None
                findings.append(_overflow(table.kind, cell))
            key = cell_key(table.kind, cell.row, cell.col)
            cells.append((
                source, agency, year, table.kind, index, key, cell.row, cell.col, value, decimal, cell.text,
                cell.inferred, cell.template, cell.line, cell.column,
            ))  # fmt: skip
    rows = [
        (
            source, f.rule, f.severity, f.table, f.message, _text(f.expected), _text(f.actual),
            tuple(cell_key(f.table, row, col) for row, col in f.cells), f.line, f.column,
        )
        for f in findings
    ]  # fmt: skip
    return cells, rows


def _reports(reports: Report | Iterable[Report]) -> list[Report]:
    return [reports] if isinstance(reports, Report) else list(reports)


def csv_field(value: Any, kind: str) -> str:
    """A long-form value as a CSV field: null → empty, bool → ``true``/``false``, a label path → a
    JSON array (``["三、本年度办理结果","（一）予以公开"]``), anything else ``str``."""
    if value is None:
        return ""
    if kind == "labels":
        return json.dumps(list(value), ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_csv(
    reports: Report | Iterable[Report], target: str | FilePath | TextIO, *, findings: bool = False
) -> None:
    """Write the long-form CSV of one or more reports to a path or an open text file.

    Columns: :data:`CELL_SCHEMA` (one line per value cell), or with ``findings=True``
    :data:`FINDING_SCHEMA` (one line per finding). Fields as :func:`csv_field` writes them.
    """
    if isinstance(target, str | FilePath):
        try:
            with open(target, "w", encoding="utf-8", newline="") as handle:
                write_csv(reports, handle, findings=findings)
        except OSError as exc:
            raise ExportError(
                f"cannot write the CSV file ({exc.strerror or exc})", source=str(target)
            ) from exc
        return
    schema = FINDING_SCHEMA if findings else CELL_SCHEMA
    writer = csv.writer(target, lineterminator="\n")
    writer.writerow(name for name, _ in schema)
    for report in _reports(reports):
        for record in long_rows(report)[findings]:
            writer.writerow(csv_field(value, kind) for value, (_, kind) in zip(record, schema, strict=True))


def report_to_csv(reports: Report | Iterable[Report], *, findings: bool = False) -> str:
    """The long-form CSV of one or more reports, as text (see :func:`write_csv`)."""
    buffer = io.StringIO()
    write_csv(reports, buffer, findings=findings)
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


#: The pandas dtype of each column type.
PANDAS_DTYPES: dict[str, str] = {
    "text": "object", "int": "Int64", "bigint": "Int64", "bool": "bool", "labels": "object", "float": "float64",
}  # fmt: skip


def long_frame(records: Sequence[tuple[Any, ...]], schema: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """Long-form rows (tuples in ``schema`` order) as a DataFrame with the dtypes of
    :data:`PANDAS_DTYPES` (an empty list gives the empty frame with those dtypes)."""
    pd = _pandas("long_frame")
    columns = list(zip(*records, strict=True)) if records else [()] * len(schema)
    return pd.DataFrame(
        {
            name: pd.Series(list(values), dtype=PANDAS_DTYPES[kind])
            for (name, kind), values in zip(schema, columns, strict=True)
        }
    )


def report_to_pandas(reports: Report | Iterable[Report]) -> pd.DataFrame:
    """Long form: one row per value cell of one or more reports, columns :data:`CELL_SCHEMA`.

    ``row_path``/``col_path`` are label-path tuples, ``value`` (integers) and the other integer
    columns nullable ``Int64``, ``decimal`` the exact digits of a non-integer value as text.
    """
    _pandas("report_to_pandas")
    records = [record for report in _reports(reports) for record in long_rows(report)[0]]
    return long_frame(records, CELL_SCHEMA)


def findings_to_pandas(reports: Report | Iterable[Report]) -> pd.DataFrame:
    """One row per finding of one or more reports, columns :data:`FINDING_SCHEMA` (``cells`` a tuple
    of cell keys)."""
    _pandas("findings_to_pandas")
    records = [record for report in _reports(reports) for record in long_rows(report)[1]]
    return long_frame(records, FINDING_SCHEMA)


def _template_keys(name: str) -> list[str]:
    """The key of every template cell of format ``name`` (tables 二, 三, 四 in turn), in template order.
    The one place the wide frame reads :mod:`govtables.formats`."""
    from .formats import FORMAT_NAMES, format_for
    from .model import STATUTORY_KINDS

    if name not in FORMAT_NAMES:
        raise ExportError(f"no template for the format {name!r}", expected=" or ".join(map(repr, FORMAT_NAMES)))
    return [
        cell_key(kind, row.path, column.path)
        for kind in STATUTORY_KINDS
        for row in format_for(kind, name).rows
        for column in row.columns
    ]


def reports_to_wide(reports: Report | Iterable[Report], format: str) -> pd.DataFrame:
    """The wide form: one row per report of the statutory ``format`` (``"2019"`` or ``"2021"``;
    reports of another format are left out), columns ``source``, ``agency``, ``year``, then one per
    template cell, named by its key (:func:`cell_key`), in template order.

    A cell holds the value of the first table of its kind (missing when blank, absent, or when the
    report has no such table); a column of integers is ``Int64``, one holding money keeps
    :class:`~decimal.Decimal` values (object dtype). Rows outside the template are left out: the
    long form (:func:`report_to_pandas`, ``template`` false) has them.
    """
    pd = _pandas("reports_to_wide")
    keys = _template_keys(format)
    places = {key: i for i, key in enumerate(keys)}
    data: list[list[Any]] = []
    for report in _reports(reports):
        if report.format != format:
            continue
        values: list[Any] = [None] * len(keys)
        kinds: set[str] = set()
        for table in report.tables:
            if table.kind in kinds:
                continue
            kinds.add(table.kind)
            for cell in table.cells:
                place = places.get(cell_key(table.kind, cell.row, cell.col))
                if place is not None and cell.template:
                    values[place] = cell.value
        data.append([report.source, report.metadata.agency, report.metadata.year, *values])
    frame = pd.DataFrame(data, columns=["source", "agency", "year", *keys], dtype=object)
    frame["year"] = frame["year"].astype("Int64")
    for key in keys:
        if all(isinstance(v, int) for v in frame[key] if v is not None):
            frame[key] = frame[key].astype("Int64")
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
