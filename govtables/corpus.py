"""Corpus scale: check a folder of reports in constant memory and write one queryable dataset.

The stage after validation, for many reports at once::

    paths ──iter_paths──▶ check_report (per process) ──▶ ReportRow ──▶ sink (.duckdb/.parquet/.csv)
                                                                 └──▶ Summary

- :func:`iter_paths` expands files, folders (walked recursively for ``*.txt``, ``*.html``, ``*.htm``,
  ``*.md``) and globs, lazily and in a stable order;
- :func:`check_report` is the per-report function (read → rebuild → validate). It never raises for
  a bad file: the exception becomes a row that says why. It is a top-level function of a path, so
  it pickles; the Lark parsers are built lazily in each worker process (``govtables.parse.parser``
  is cached per process), never pickled;
- :func:`run` streams the rows through ``multiprocessing.Pool.imap_unordered`` (``jobs > 1``) with
  back-pressure, so no list of reports is ever held, and writes them in batches to a sink chosen by
  the ``out`` suffix;
- :class:`Summary` is what the run found, ready for the CLI (:meth:`Summary.render`).

The dataset (three tables; see ``docs/scale.md`` for the full schema):

- ``reports``: one row per file — source, format, tables found, findings by severity, error text;
- ``cells``: one row per value cell — source, table kind, row/col label paths, value, text, …;
- ``findings``: one row per finding — source, rule, severity, table, message, expected, actual, line.

``.duckdb`` writes the three tables into one DuckDB file; ``.parquet`` and ``.csv`` write three
files beside each other: ``results.parquet`` → ``results.reports.parquet``,
``results.cells.parquet``, ``results.findings.parquet``. duckdb, pyarrow and rich are optional
extras, imported only when used.
"""

from __future__ import annotations

import csv
import functools
import glob
import json
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from .errors import ExportError, GovtablesError
from .text import REPORT_SUFFIXES

if TYPE_CHECKING:
    from .model import Report

__all__ = [
    "SUFFIXES",
    "ReportRow",
    "Summary",
    "check_paths",
    "check_report",
    "iter_paths",
    "run",
    "summarise",
]

#: File suffixes a folder walk picks up (case-insensitive).
SUFFIXES: tuple[str, ...] = REPORT_SUFFIXES

#: A reader turns a report file into a validated :class:`Report` (default: :func:`rebuild`).
Reader = Callable[[Path], "Report"]

#: Reports per sink batch, and cells per batch (whichever fills first), to keep memory flat.
BATCH_REPORTS = 1000
BATCH_CELLS = 10_000

# --------------------------------------------------------------------------------------------------
# Paths


def iter_paths(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """The report files named by ``inputs``, lazily, in a stable order.

    - an existing file is yielded as given, whatever its suffix;
    - an existing folder is walked recursively (sorted, hidden entries skipped) for :data:`SUFFIXES`;
    - anything else with ``*``, ``?`` or ``[`` is a glob (``**`` recurses); folders it matches are
      walked as above; a glob that matches nothing yields nothing;
    - any other name is yielded as is, so that :func:`check_report` reports it as unreadable.

    Paths are not de-duplicated (that would need memory growing with the corpus): name each file once.
    """
    for item in inputs:
        name = os.fspath(item)
        path = Path(name)
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file() or not glob.has_magic(name):
            yield path
        else:
            for match in sorted(glob.iglob(name, recursive=True)):
                found = Path(match)
                if found.is_dir():
                    yield from _walk(found)
                elif found.is_file() and _is_report_name(found.name):
                    yield found


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if _is_report_name(name):
                yield Path(root, name)


def _is_report_name(name: str) -> bool:
    """A report file in a folder: a report suffix, not hidden, not a README."""
    return (
        not name.startswith(".")
        and not name.upper().startswith("README")
        and os.path.splitext(name)[1].lower() in SUFFIXES
    )


# --------------------------------------------------------------------------------------------------
# The per-report function

Labels = tuple[str, ...]
#: A cell row without its source: (table kind, table index, row path, col path, value, text,
#: inferred, line, column).
CellRow = tuple[str, int, "Labels", "Labels", float | None, str | None, bool, int | None, int | None]
#: A finding row without its source: (rule, severity, table, message, expected, actual, line).
FindingRow = tuple[str, str, str | None, str, str | None, str | None, int | None]


@attrs.frozen
class ReportRow:
    """What :func:`check_report` found in one file: a ``reports`` row, its cells and its findings.

    ``error`` is the reason a file could not be read or rebuilt at all (``None`` otherwise); such a
    row has no tables. ``seconds`` (the time the report took) is left out of equality.
    """

    source: str
    format: str | None = None
    kinds: tuple[str, ...] = ()
    dialects: tuple[str, ...] = ()
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    error: str | None = None
    cells: tuple[CellRow, ...] = attrs.field(default=(), repr=False)
    findings: tuple[FindingRow, ...] = attrs.field(default=(), repr=False)
    failing: tuple[str, ...] = ()
    seconds: float = attrs.field(default=0.0, eq=False)

    @property
    def tables(self) -> int:
        return len(self.kinds)

    @property
    def unreadable(self) -> bool:
        return self.error is not None

    @classmethod
    def from_report(cls, source: str, report: Report, seconds: float = 0.0) -> ReportRow:
        cells: list[CellRow] = []
        for index, table in enumerate(report.tables):
            for cell in table.cells:
                value = None if cell.value is None else float(cell.value)
                row = (table.kind, index, tuple(cell.row), tuple(cell.col), value, cell.text)
                cells.append((*row, bool(cell.inferred), cell.line, cell.column))
        severities = Counter(f.severity for f in report.findings)
        findings = tuple(
            (f.rule, f.severity, f.table, f.message, _text(f.expected), _text(f.actual), f.line)
            for f in report.findings
        )
        failing = tuple(sorted({f.rule for f in report.findings if f.severity in ("error", "warning")}))
        return cls(
            source=source,
            format=report.format,
            kinds=tuple(t.kind for t in report.tables),
            dialects=tuple(t.dialect for t in report.tables),
            errors=severities["error"],
            warnings=severities["warning"],
            infos=severities["info"],
            cells=tuple(cells),
            findings=findings,
            failing=failing,
            seconds=seconds,
        )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def rebuild(path: Path) -> Report:
    """The default reader: :func:`govtables.read` of the file — decode, find the tables, rebuild them
    on the template and validate them (its ``check=True``)."""
    from .pipeline import read

    return read(path)


def check_report(path: str | os.PathLike[str], reader: Reader | None = None) -> ReportRow:
    """Read, rebuild and validate one report file; any failure becomes a row saying why.

    ``reader`` (path → :class:`Report`) defaults to :func:`rebuild`. Pass a top-level function
    (or a :func:`functools.partial` of one) so it pickles for worker processes.
    """
    source = os.fspath(path)
    start = time.perf_counter()
    try:
        report = (reader or rebuild)(Path(source))
        return ReportRow.from_report(source, report, time.perf_counter() - start)
    except GovtablesError as exc:
        return ReportRow(source=source, error=str(exc), seconds=time.perf_counter() - start)
    except Exception as exc:  # a bug on a strange file must not stop a run over 10^5 files
        message = f"{source}: {type(exc).__name__}: {exc}"
        return ReportRow(source=source, error=message, seconds=time.perf_counter() - start)


# --------------------------------------------------------------------------------------------------
# Summary


@attrs.frozen
class Summary:
    """What a run found. ``failing`` is rule → number of reports where it gave an error or warning."""

    reports: int
    unreadable: int
    formats: tuple[tuple[str, int], ...]
    tables: int
    kinds: tuple[tuple[str, int], ...]
    findings: tuple[tuple[str, int], ...]
    failing: tuple[tuple[str, int], ...]
    elapsed: float
    jobs: int = 1
    out: str | None = None
    with_errors: int = 0  # reports with at least one finding of severity "error"

    @property
    def rate(self) -> float:
        """Reports per second."""
        return self.reports / self.elapsed if self.elapsed > 0 else 0.0

    def render(self, top: int = 10) -> str:
        """A short plain-text account for the terminal."""
        lines = [
            f"reports read   {self.reports:,} ({self.unreadable:,} unreadable)",
            "by format      " + _pairs(self.formats),
            f"tables found   {self.tables:,}" + (f" ({_pairs(self.kinds)})" if self.kinds else ""),
            "findings       " + _pairs(self.findings),
        ]
        if self.failing:
            lines.append("failing most   (rule: reports)")
            width = max(len(rule) for rule, _ in self.failing[:top])
            lines += [f"  {rule:<{width}}  {count:,}" for rule, count in self.failing[:top]]
        lines.append(
            f"elapsed        {self.elapsed:.2f} s, {self.rate:,.0f} reports/s"
            f" ({self.jobs} job{'s' if self.jobs != 1 else ''})"
        )
        if self.out:
            lines.append(f"written to     {self.out}")
        return "\n".join(lines)


def _pairs(pairs: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{name} {count:,}" for name, count in pairs) or "none"


@attrs.define
class Tally:
    """The running counts behind a :class:`Summary` (constant size whatever the corpus)."""

    reports: int = 0
    unreadable: int = 0
    tables: int = 0
    formats: Counter[str] = attrs.Factory(Counter)
    kinds: Counter[str] = attrs.Factory(Counter)
    findings: Counter[str] = attrs.Factory(Counter)
    failing: Counter[str] = attrs.Factory(Counter)
    with_errors: int = 0

    def add(self, row: ReportRow) -> None:
        self.reports += 1
        self.unreadable += row.unreadable
        self.with_errors += row.errors > 0
        self.tables += row.tables
        self.formats[row.format or ("unreadable" if row.unreadable else "none")] += 1
        self.kinds.update(row.kinds)
        for severity, count in (("error", row.errors), ("warning", row.warnings), ("info", row.infos)):
            if count:
                self.findings[severity] += count
        self.failing.update(row.failing)

    def merge(self, other: Tally) -> Tally:
        return Tally(
            self.reports + other.reports,
            self.unreadable + other.unreadable,
            self.tables + other.tables,
            self.formats + other.formats,
            self.kinds + other.kinds,
            self.findings + other.findings,
            self.failing + other.failing,
            self.with_errors + other.with_errors,
        )

    def summary(self, elapsed: float, *, jobs: int = 1, out: str | None = None) -> Summary:
        def ordered(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
            return tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0])))

        return Summary(
            reports=self.reports,
            unreadable=self.unreadable,
            formats=ordered(self.formats),
            tables=self.tables,
            kinds=ordered(self.kinds),
            findings=ordered(self.findings),
            failing=ordered(self.failing),
            with_errors=self.with_errors,
            elapsed=elapsed,
            jobs=jobs,
            out=out,
        )


def summarise(rows: Iterable[ReportRow], elapsed: float = 0.0) -> Summary:
    """The :class:`Summary` of rows checked elsewhere (a Dask bag, a Ray dataset …)."""
    tally = Tally()
    for row in rows:
        tally.add(row)
    return tally.summary(elapsed)


# --------------------------------------------------------------------------------------------------
# Sinks: one dataset, three storage forms. Rows arrive in batches of ReportRow.

#: The dataset: table → (column, type) pairs. Types: text, int, float, bool, labels (a list of text).
SCHEMA: dict[str, tuple[tuple[str, str], ...]] = {
    "reports": (
        ("source", "text"), ("format", "text"), ("tables", "int"), ("kinds", "text"), ("dialects", "text"),
        ("cells", "int"), ("errors", "int"), ("warnings", "int"), ("infos", "int"), ("error", "text"),
        ("seconds", "float"),
    ),
    "cells": (
        ("source", "text"), ("kind", "text"), ("table_index", "int"), ("row_path", "labels"),
        ("col_path", "labels"), ("value", "float"), ("text", "text"), ("inferred", "bool"), ("line", "int"),
        ("column", "int"),
    ),
    "findings": (
        ("source", "text"), ("rule", "text"), ("severity", "text"), ("kind", "text"), ("message", "text"),
        ("expected", "text"), ("actual", "text"), ("line", "int"),
    ),
}  # fmt: skip
_DUCKDB_TYPES = {
    "text": "VARCHAR",
    "int": "INTEGER",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "labels": "VARCHAR[]",
}


def _duckdb_ddl() -> str:
    tables = []
    for table, columns in SCHEMA.items():
        fields = ", ".join(f'"{name}" {_DUCKDB_TYPES[kind]}' for name, kind in columns)
        tables.append(f"CREATE TABLE {table} ({fields});")
    return "\n".join(tables)


def _columns(rows: list[ReportRow]) -> dict[str, dict[str, list[Any]]]:
    """A batch as three column-oriented tables (lists per column)."""
    data = {table: {name: [] for name, _ in columns} for table, columns in SCHEMA.items()}
    reports, cells, findings = data["reports"], data["cells"], data["findings"]
    cell_columns = [cells[name] for name, _ in SCHEMA["cells"][1:]]
    finding_columns = [findings[name] for name, _ in SCHEMA["findings"][1:]]
    for row in rows:
        values = (
            row.source, row.format, row.tables, ",".join(row.kinds), ",".join(row.dialects),
            len(row.cells), row.errors, row.warnings, row.infos, row.error, row.seconds,
        )  # fmt: skip
        for column, value in zip(reports.values(), values, strict=True):
            column.append(value)
        cells["source"].extend([row.source] * len(row.cells))
        for column, values in zip(cell_columns, zip(*row.cells, strict=True), strict=False):
            column.extend(values)
        findings["source"].extend([row.source] * len(row.findings))
        for column, values in zip(finding_columns, zip(*row.findings, strict=True), strict=False):
            column.extend(values)
    return data


def _arrow_tables(rows: list[ReportRow]) -> dict[str, Any]:
    import pyarrow as pa

    schemas = _arrow_schemas()
    return {name: pa.table(data, schema=schemas[name]) for name, data in _columns(rows).items()}


@functools.cache
def _arrow_schemas() -> dict[str, Any]:
    import pyarrow as pa

    types = {
        "text": pa.string(),
        "int": pa.int32(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "labels": pa.list_(pa.string()),
    }
    return {table: pa.schema([(n, types[k]) for n, k in columns]) for table, columns in SCHEMA.items()}


class Sink(Protocol):
    def write(self, rows: list[ReportRow]) -> None: ...
    def close(self) -> None: ...


def _need(module: str, extra: str, what: str, out: Path) -> Any:
    try:
        return __import__(module)
    except ImportError as exc:
        raise ExportError(
            f"writing {what} needs the optional package {module!r}, which is not installed",
            source=str(out),
            expected=f"pip install 'govtables[{extra}]'",
        ) from exc


def _siblings(out: Path) -> dict[str, Path]:
    """``results.parquet`` → ``results.reports.parquet``, ``results.cells.parquet`` …"""
    return {name: out.with_name(f"{out.stem}.{name}{out.suffix}") for name in SCHEMA}


class DuckDBSink:
    """One DuckDB file holding ``reports``, ``cells`` and ``findings``; an existing file is replaced.

    Batches go in through Arrow when pyarrow is installed (fast); without it through ``executemany``
    (correct but slow: install ``govtables[parquet]`` for large corpora).
    """

    def __init__(self, out: Path) -> None:
        duckdb = _need("duckdb", "duckdb", "DuckDB", out)
        try:
            import pyarrow  # noqa: F401

            self.arrow = True
        except ImportError:
            self.arrow = False
        out.unlink(missing_ok=True)
        Path(f"{out}.wal").unlink(missing_ok=True)
        # Inserting batches needs little memory; DuckDB's default (80% of RAM, a thread per core)
        # would let its buffer pool grow with the corpus.
        self.con = duckdb.connect(str(out), config={"memory_limit": "64MB", "threads": 1})
        self.con.execute(_duckdb_ddl())

    def write(self, rows: list[ReportRow]) -> None:
        if self.arrow:
            for name, table in _arrow_tables(rows).items():
                if table.num_rows:
                    self.con.register("batch", table)
                    self.con.execute(f"INSERT INTO {name} SELECT * FROM batch")
                    self.con.unregister("batch")
            return
        for name, data in _columns(rows).items():
            records = list(zip(*data.values(), strict=True))
            if records:
                marks = ", ".join("?" * len(data))
                self.con.executemany(f"INSERT INTO {name} VALUES ({marks})", records)

    def close(self) -> None:
        self.con.close()


class ParquetSink:
    """Three Parquet files (``<stem>.reports.parquet`` …), one row group per batch, zstd."""

    def __init__(self, out: Path) -> None:
        _need("pyarrow", "parquet", "Parquet", out)
        import pyarrow.parquet as pq

        schemas = _arrow_schemas()
        self.writers = {
            name: pq.ParquetWriter(str(path), schemas[name], compression="zstd")
            for name, path in _siblings(out).items()
        }

    def write(self, rows: list[ReportRow]) -> None:
        for name, table in _arrow_tables(rows).items():
            if table.num_rows:
                self.writers[name].write_table(table)

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()


class CSVSink:
    """Three UTF-8 CSV files (``<stem>.reports.csv`` …); label paths are JSON arrays."""

    def __init__(self, out: Path) -> None:
        paths = _siblings(out)
        self.files = {name: path.open("w", encoding="utf-8", newline="") for name, path in paths.items()}
        self.writers = {name: csv.writer(file) for name, file in self.files.items()}
        for name, writer in self.writers.items():
            writer.writerow([column for column, _ in SCHEMA[name]])

    def write(self, rows: list[ReportRow]) -> None:
        for name, data in _columns(rows).items():
            if name == "cells":
                for key in ("row_path", "col_path"):
                    data[key] = [json.dumps(path, ensure_ascii=False) for path in data[key]]
            self.writers[name].writerows(zip(*data.values(), strict=True))

    def close(self) -> None:
        for file in self.files.values():
            file.close()


SINKS: dict[str, Callable[[Path], Sink]] = {".duckdb": DuckDBSink, ".parquet": ParquetSink, ".csv": CSVSink}


def open_sink(out: str | os.PathLike[str]) -> Sink:
    """The sink the suffix of ``out`` names: ``.duckdb``, ``.parquet`` or ``.csv``."""
    path = Path(out)
    try:
        make = SINKS[path.suffix.lower()]
    except KeyError:
        raise ExportError(
            f"cannot tell the output format from the suffix {path.suffix or '(none)'!r}",
            source=str(path),
            expected="a name ending in .duckdb, .parquet or .csv",
        ) from None
    if not path.parent.is_dir():
        raise ExportError("the output folder does not exist", source=str(path), expected="an existing folder")
    return make(path)


# --------------------------------------------------------------------------------------------------
# The run


def run(
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int = 1,
    out: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
    reader: Reader | None = None,
    total: int | None = None,
    chunksize: int = 16,
) -> Summary:
    """Check every path and stream the rows into ``out``; return the :class:`Summary`.

    ``jobs`` > 1 uses that many worker processes (0 or less: one per CPU). Memory stays flat: paths
    are consumed lazily, at most a few chunks per worker are in flight, and rows are written in
    batches of :data:`BATCH_REPORTS` reports / :data:`BATCH_CELLS` cells. ``progress`` draws a
    rich progress bar on standard error (``None``: only when stdout and stderr are terminals);
    ``total`` is its length when known.
    """
    jobs = (os.cpu_count() or 1) if jobs <= 0 else jobs
    sink = open_sink(out) if out is not None else None
    check = check_report if reader is None else functools.partial(check_report, reader=reader)
    tally = Tally()
    start = time.perf_counter()
    batch: list[ReportRow] = []
    cells = 0
    try:
        with _progress(progress, total) as advance:
            for row in _rows(check, paths, jobs, chunksize):
                tally.add(row)
                advance()
                if sink is None:
                    continue
                batch.append(row)
                cells += len(row.cells)
                if len(batch) >= BATCH_REPORTS or cells >= BATCH_CELLS:
                    sink.write(batch)
                    batch, cells = [], 0
            if sink is not None and batch:
                sink.write(batch)
    finally:
        if sink is not None:
            sink.close()
    return tally.summary(time.perf_counter() - start, jobs=jobs, out=None if out is None else os.fspath(out))


def _rows(
    check: Callable[[str | os.PathLike[str]], ReportRow],
    paths: Iterable[str | os.PathLike[str]],
    jobs: int,
    chunksize: int,
) -> Iterator[ReportRow]:
    if jobs == 1:
        yield from map(check, paths)
        return
    import multiprocessing

    # Back-pressure: imap_unordered would read every path and queue every result; a semaphore
    # released per row consumed keeps at most `window` paths between reading and writing.
    window = chunksize * jobs * 4
    free = threading.Semaphore(window)
    stop = threading.Event()

    def feed() -> Iterator[str]:
        for path in paths:
            while not free.acquire(timeout=0.1):
                if stop.is_set():
                    return
            yield os.fspath(path)

    with multiprocessing.Pool(jobs) as pool:
        try:
            for row in pool.imap_unordered(check, feed(), chunksize=chunksize):
                free.release()
                yield row
        finally:
            stop.set()


class _progress:
    """A rich progress bar on stderr, or nothing (not a terminal, or rich not installed)."""

    def __init__(self, wanted: bool | None, total: int | None) -> None:
        if wanted is None:
            wanted = sys.stdout.isatty() and sys.stderr.isatty()
        self.bar: Any = None
        if wanted:
            try:
                from rich.console import Console
                from rich.progress import (
                    BarColumn,
                    MofNCompleteColumn,
                    Progress,
                    SpinnerColumn,
                    TextColumn,
                    TimeElapsedColumn,
                    TimeRemainingColumn,
                )
            except ImportError:
                return
            self.bar = Progress(
                SpinnerColumn(),
                TextColumn("checking reports"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.task = self.bar.add_task("check", total=total)

    def __enter__(self) -> Callable[[], None]:
        if self.bar is None:
            return lambda: None
        self.bar.start()
        return functools.partial(self.bar.advance, self.task)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def check_paths(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    jobs: int = 1,
    out: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
    reader: Reader | None = None,
) -> Summary:
    """:func:`run` over :func:`iter_paths` of ``inputs`` (files, folders, globs): the CLI's ``check``.

    When the bar is shown the paths are walked once more first to count them.
    """
    inputs = tuple(inputs)
    show = progress if progress is not None else sys.stdout.isatty() and sys.stderr.isatty()
    total = sum(1 for _ in iter_paths(inputs)) if show else None
    return run(iter_paths(inputs), jobs=jobs, out=out, progress=show, reader=reader, total=total)
