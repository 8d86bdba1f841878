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
- :func:`run` streams the rows from worker processes (``jobs > 1``; each holds at most two paths, so
  no list of reports is ever held, and a worker that dies is replaced, the report it was on
  recorded as failed) and writes them in batches to a sink chosen by the ``out`` suffix;
- :class:`Summary` is what the run found, ready for the CLI (:meth:`Summary.render`).

Batch safety (``docs/scale.md``): the dataset is written to a temporary copy beside ``out``
(``results.tmp-<pid>.duckdb``) and renamed into place only when the run finishes, so an existing
result is never touched before the new one is complete; a lock file (``results.duckdb.lock``)
refuses a second writer (:class:`OutputLocked`); SIGINT/SIGTERM save what is done as
``results.partial.duckdb`` and raise :class:`Interrupted`; ``resume=True`` continues it (or the
finished output) without checking a recorded report again. Every output has a ``runs`` table
saying how each run that wrote it ended (``started``, ``finished``, ``interrupted``).

Across years: each row carries the metadata (agency, year) and the few cells the cross-year checks
read (:attr:`ReportRow.across`); the parent keeps those and, when the run ends, pairs the reports of
one body in consecutive years (:func:`govtables.years.pair_reports`) and writes the ``pairs`` table.
Re-reading the paired reports in the parent instead would cost most of a second run
(``benchmarks/pairs.py``, ``docs/scale.md``).

The dataset (three tables of rows, ``pairs`` and ``runs``; see ``docs/scale.md`` for the full schema):

- ``reports``: one row per file — source, format, tables found, findings by severity, error text,
  the report's agency, year, title and publication date;
- ``cells``: one row per value cell and ``findings``: one row per finding — the long form of every
  export (:data:`govtables.export.CELL_SCHEMA`, :data:`govtables.export.FINDING_SCHEMA`: source,
  agency, year, kind, cell key, label paths, value, decimal, text, inferred, template, line, column;
  rule, severity, message, expected, actual, the cells' keys, line, column);
- ``pairs``: one row per pair of consecutive years checked (body, years, sources, why, counts, the
  failing rules), then one per report that could not be paired, with the reason;
- ``runs``: one row per run that wrote the output — its status, start and end, counts.

``.duckdb`` writes the five tables into one DuckDB file; ``.parquet`` and ``.csv`` write five files
beside each other: ``results.parquet`` → ``results.reports.parquet``, ``results.cells.parquet``,
``results.findings.parquet``, ``results.runs.parquet``, ``results.pairs.parquet``. duckdb, pyarrow and rich are optional
extras, imported only when used.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import functools
import glob
import json
import os
import re
import shutil
import signal
import stat
import sys
import threading
import time
import warnings
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from .errors import ExportError, GovtablesError, ReadError
from .export import CELL_SCHEMA, FINDING_SCHEMA, csv_field, long_rows
from .text import REPORT_SUFFIXES
from .validate import unread_reason

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from .model import Number, Report
    from .years import Pairing, YearPair

__all__ = [
    "SUFFIXES",
    "Interrupted",
    "OutputLocked",
    "ReportRow",
    "RunRow",
    "Summary",
    "check_paths",
    "check_report",
    "iter_paths",
    "run",
    "summarise",
    "unmatched",
    "worker_count",
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


def unmatched(inputs: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The inputs that name no report file: a missing name, a glob matching nothing, a folder
    holding no report. The CLI refuses these before reading anything (a typo is not an empty corpus)."""
    missing = []
    for item in inputs:
        name = os.fspath(item)
        if os.path.isdir(name) or (glob.has_magic(name) and not os.path.lexists(name)):
            found = next(iter_paths([name]), None) is not None
        else:
            found = os.path.lexists(name)
        if not found:
            missing.append(name)
    return missing


_FILE_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def ensure_regular(path: str | os.PathLike[str]) -> None:
    """Raise :class:`ReadError` when ``path`` exists but is not a regular file: reading a FIFO or a
    device would block or never end. (A missing file is left to the reader, which says so.)"""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _FILE_KINDS if test(mode)), "not a regular file")
        raise ReadError(f"{kind}, not a regular file: only regular files are read", source=os.fspath(path))


# --------------------------------------------------------------------------------------------------
# The per-report function

Labels = tuple[str, ...]
#: A row of the ``cells`` table: the values of :data:`govtables.export.CELL_SCHEMA`, in order.
CellRow = tuple[Any, ...]
#: A row of the ``findings`` table: the values of :data:`govtables.export.FINDING_SCHEMA`, in order.
FindingRow = tuple[Any, ...]
#: A cell the cross-year checks read, without its source: (table kind, table format, row path, col
#: path, value, inferred, line).
AcrossCell = tuple[str, str | None, "Labels", "Labels", "Number | None", bool, int | None]
#: The tables the cross-year checks read (:func:`govtables.validate.check_across`).
ACROSS_KINDS = ("applications", "active", "indicators")


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
    agency: str | None = None
    year: int | None = None
    title: str | None = None
    published: str | None = None
    across: tuple[AcrossCell, ...] = attrs.field(default=(), repr=False, eq=False)

    @property
    def tables(self) -> int:
        return len(self.kinds)

    @property
    def unreadable(self) -> bool:
        return self.error is not None

    @classmethod
    def from_report(cls, source: str, report: Report, seconds: float = 0.0) -> ReportRow:
        """The rows of ``report`` (:func:`govtables.export.long_rows`, under ``source``). A count no
        64-bit integer holds is null in ``value``, with a ``value-overflow`` finding; its ``text``
        keeps every digit."""
        cells, findings = long_rows(attrs.evolve(report, source=source))
        severities = Counter(finding[2] for finding in findings)
        failing = tuple(sorted({f[1] for f in findings if f[2] in ("error", "warning")}))
        return cls(
            source=source,
            format=report.format,
            kinds=tuple(t.kind for t in report.tables),
            dialects=tuple(t.dialect for t in report.tables),
            errors=severities["error"],
            warnings=severities["warning"],
            infos=severities["info"],
            cells=tuple(cells),
            findings=tuple(findings),
            failing=failing,
            seconds=seconds,
            agency=report.metadata.agency,
            year=report.metadata.year,
            title=report.metadata.title,
            published=report.metadata.published,
            across=_across_cells(report),
        )

    def pairing_part(self, labels: dict[Labels, Labels]) -> ReportRow:
        """What the parent keeps of this row until the run pairs its reports: the source, format,
        agency, year and :attr:`across`, its label paths shared through ``labels`` (label path →
        the one copy kept), so that a corpus's rows hold each path once."""
        across = tuple(
            (kind, fmt, labels.setdefault(row, row), labels.setdefault(col, col), value, inferred, line)
            for kind, fmt, row, col, value, inferred, line in self.across
        )
        return ReportRow(self.source, self.format, agency=self.agency, year=self.year, across=across)

    def across_report(self) -> Report:
        """A :class:`Report` holding only what the cross-year checks read: the metadata and
        :attr:`across` (what :func:`govtables.years.pair_reports` needs, in the parent process)."""
        from .metadata import Metadata
        from .model import Grid, Report, Table, ValueCell

        tables = []
        for kind in ACROSS_KINDS:
            cells = [c for c in self.across if c[0] == kind]
            if cells:
                values = tuple(
                    ValueCell(row, col, value, None if value is None else str(value), line=line, inferred=inferred)
                    for _, _, row, col, value, inferred, line in cells
                )
                lines = (0, 0)
                tables.append(Table(kind, "statutory", lines, Grid(()), format=cells[0][1], cells=values))
        metadata = Metadata(agency=self.agency, year=self.year, title=self.title, published=self.published)
        return Report(self.source, self.format, tuple(tables), metadata=metadata)


def _across_cells(report: Report) -> tuple[AcrossCell, ...]:
    """The cells of ``report`` the cross-year checks read: of 二 (active) and 三 (applications) those
    an identity of :func:`~govtables.identities.cross_identities` names, of the pre-2019 indicator
    table every cell; each with the format :func:`~govtables.identities.table_format` tells from all
    the cells of its table."""
    from .identities import table_format

    named = _across_keys()
    found: list[AcrossCell] = []
    for kind in ACROSS_KINDS:
        table = report.table(kind)
        if table is None:
            continue
        fmt = table_format(table, report.format)
        for cell in table.cells:
            if kind == "indicators" or (kind, _label_keys(cell.row), _label_keys(cell.col)) in named:
                found.append((kind, fmt, tuple(cell.row), tuple(cell.col), cell.value, cell.inferred, cell.line))
    return tuple(found)


@functools.cache
def _across_keys() -> frozenset[tuple[str, Labels, Labels]]:
    """(table kind, row, col) of every cell a cross-year identity names, whatever the two formats."""
    from .formats import names
    from .identities import cross_identities

    formats = (*names(), None)
    return frozenset(
        (identity.kind, _label_keys(term.row), _label_keys(term.col))
        for fmt in formats
        for previous in formats
        for identity in cross_identities(fmt, previous)
        for term in identity.terms
    )


def _label_keys(path: Sequence[str]) -> Labels:
    from .text import label_key

    return tuple(map(label_key, path))


def rebuild(path: Path) -> Report:
    """The default reader: :func:`govtables.read` of the file — decode, find the tables, rebuild them
    on the template and validate them (its ``check=True``)."""
    from .pipeline import read

    return read(path)


#: Test-only hooks (``tests/test_batch_safety.py``), not for production use: with ``_TEST_DELAY``
#: set, :func:`check_report` sleeps that many seconds before each report, and appends the report's
#: path to the file ``_TEST_LOG`` names when it is done, so that a test can interrupt or kill a run
#: midway deterministically.
_TEST_DELAY, _TEST_LOG = "GOVTABLES_TEST_DELAY", "GOVTABLES_TEST_LOG"


def check_report(path: str | os.PathLike[str], reader: Reader | None = None) -> ReportRow:
    """Read, rebuild and validate one report file; any failure becomes a row saying why.

    ``reader`` (path → :class:`Report`) defaults to :func:`rebuild`. Pass a top-level function
    (or a :func:`functools.partial` of one) so it pickles for worker processes.
    """
    source = os.fspath(path)
    if _TEST_DELAY not in os.environ:
        return _check(source, reader)
    time.sleep(float(os.environ[_TEST_DELAY]))
    row = _check(source, reader)
    if _TEST_LOG in os.environ:
        with open(os.environ[_TEST_LOG], "a", encoding="utf-8") as log:
            log.write(source + "\n")
    return row


def _check(source: str, reader: Reader | None) -> ReportRow:
    start = time.perf_counter()
    try:
        ensure_regular(source)
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
    carried: int = 0  # reports already in the output a resumed run continued (not counted above)
    pairs: int = 0  # consecutive years of one body checked across (X-1 … X-3, pre-2019 cumulative)
    pair_failing: tuple[tuple[str, int], ...] = ()  # rule → pairs where it failed
    unpaired: int = 0  # reports that could not be paired (no agency or year, same year twice, a gap)
    #: (source, why) of the reports read but unread (:func:`govtables.validate.unread_reason`: no
    #: table, or a table-not-read warning)
    unread: tuple[tuple[str, str], ...] = ()

    @property
    def rate(self) -> float:
        """Reports per second."""
        return self.reports / self.elapsed if self.elapsed > 0 else 0.0

    def render(self, top: int = 10) -> str:
        """A short plain-text account for the terminal."""
        lines = [f"resumed        {self.carried:,} reports already recorded, skipped"] if self.carried else []
        lines += [
            f"reports read   {self.reports:,} ({self.unreadable:,} unreadable)",
            "by format      " + _pairs(self.formats),
            f"tables found   {self.tables:,}" + (f" ({_pairs(self.kinds)})" if self.kinds else ""),
            "findings       " + _pairs(self.findings),
        ]
        if self.failing:
            lines.append("failing most   (rule: reports)")
            width = max(len(rule) for rule, _ in self.failing[:top])
            lines += [f"  {rule:<{width}}  {count:,}" for rule, count in self.failing[:top]]
        if self.pairs or self.unpaired:
            failing = f", failing: {_pairs(self.pair_failing)}" if self.pair_failing else ""
            lines.append(
                f"across years   {self.pairs:,} pair(s) checked{failing}; {self.unpaired:,} report(s) not paired"
            )
        if self.unread:
            lines.append(f"unread (no table, or a table no dialect read) in {len(self.unread):,} report(s):")
            lines += [f"  {source} ({why})" for source, why in self.unread[:UNREAD_SHOWN]]
            if len(self.unread) > UNREAD_SHOWN:
                lines.append(f"  … and {len(self.unread) - UNREAD_SHOWN:,} more (the findings table has them all)")
        lines.append(
            f"elapsed        {self.elapsed:.2f} s, {self.rate:,.0f} reports/s"
            f" ({self.jobs} job{'s' if self.jobs != 1 else ''})"
        )
        if self.out:
            lines.append(f"written to     {self.out}")
        return "\n".join(lines)


#: Reports with a ``table-not-read`` warning the summary names (the rest are counted).
UNREAD_SHOWN = 20


def _pairs(pairs: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{name} {count:,}" for name, count in pairs) or "none"


@attrs.define
class Tally:
    """The running counts behind a :class:`Summary` (constant size whatever the corpus, but for
    ``unread``, the sources of the reports with a ``table-not-read`` warning)."""

    reports: int = 0
    unreadable: int = 0
    tables: int = 0
    formats: Counter[str] = attrs.Factory(Counter)
    kinds: Counter[str] = attrs.Factory(Counter)
    findings: Counter[str] = attrs.Factory(Counter)
    failing: Counter[str] = attrs.Factory(Counter)
    with_errors: int = 0
    unread: list[tuple[str, str]] = attrs.Factory(list)

    def add(self, row: ReportRow) -> None:
        self.reports += 1
        not_read = [f[-2] for f in row.findings if f[1] == "table-not-read"]
        if not row.unreadable and (why := unread_reason(row.tables, not_read)):
            self.unread.append((row.source, why))
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
            self.unread + other.unread,
        )

    def summary(
        self,
        elapsed: float,
        *,
        jobs: int = 1,
        out: str | None = None,
        carried: int = 0,
        pairing: Pairing | None = None,
    ) -> Summary:
        def ordered(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
            return tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0])))

        pairs = () if pairing is None else pairing.pairs

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
            carried=carried,
            pairs=len(pairs),
            pair_failing=ordered(Counter(rule for pair in pairs for rule in _failing(pair))),
            unpaired=0 if pairing is None else sum(len(u.sources) for u in pairing.unpaired),
            unread=tuple(self.unread),
        )


def _failing(pair: YearPair) -> tuple[str, ...]:
    """The rules that gave an error or a warning between the two reports of a pair."""
    return tuple(sorted({f.rule for f in pair.findings if f.severity in ("error", "warning")}))


def summarise(rows: Iterable[ReportRow], elapsed: float = 0.0) -> Summary:
    """The :class:`Summary` of rows checked elsewhere (a Dask bag, a Ray dataset …)."""
    tally = Tally()
    for row in rows:
        tally.add(row)
    return tally.summary(elapsed)


# --------------------------------------------------------------------------------------------------
# Sinks: one dataset, three storage forms. Rows arrive in batches of ReportRow.

#: The dataset: table → (column, type) pairs. Types: text, int, bigint, float, bool, labels (a list of
#: text); ``cells`` and ``findings`` are the long form of every export (:mod:`govtables.export`).
SCHEMA: dict[str, tuple[tuple[str, str], ...]] = {
    "reports": (
        ("source", "text"), ("format", "text"), ("tables", "int"), ("kinds", "text"), ("dialects", "text"),
        ("cells", "int"), ("errors", "int"), ("warnings", "int"), ("infos", "int"), ("error", "text"),
        ("seconds", "float"), ("agency", "text"), ("year", "int"), ("title", "text"), ("published", "text"),
        ("across", "text"),
    ),
    "cells": CELL_SCHEMA,
    "findings": FINDING_SCHEMA,
    "runs": (
        ("run", "int"), ("status", "text"), ("started", "text"), ("ended", "text"), ("reports", "int"),
        ("unreadable", "int"), ("with_errors", "int"), ("carried", "int"), ("jobs", "int"), ("note", "text"),
    ),
    "pairs": (
        ("body", "text"), ("year", "int"), ("previous_year", "int"), ("source", "text"),
        ("previous_source", "text"), ("why", "text"), ("passed", "int"), ("failed", "int"),
        ("not_assessed", "int"), ("failing", "text"), ("reason", "text"),
    ),
}  # fmt: skip
#: The tables that hold the rows of reports (``runs`` holds the history of the output).
ROW_TABLES = ("reports", "cells", "findings")
_DUCKDB_TYPES = {
    "text": "VARCHAR",
    "int": "INTEGER",
    "bigint": "BIGINT",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "labels": "VARCHAR[]",
}


@attrs.frozen
class RunRow:
    """One row of the ``runs`` table: a run that wrote (part of) an output, and how it ended.

    ``status`` is ``started`` while it runs (a run killed outright stays so), then ``finished`` or
    ``interrupted``; ``reports``, ``unreadable`` and ``with_errors`` count what this run checked,
    ``carried`` the reports it took over from the output it resumed.
    """

    run: int
    status: str
    started: str
    ended: str | None = None
    reports: int = 0
    unreadable: int = 0
    with_errors: int = 0
    carried: int = 0
    jobs: int = 1
    note: str | None = None

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> RunRow:
        """A row read back from any sink (CSV gives every field as text, empty for null)."""
        types = dict(SCHEMA["runs"])
        fields: dict[str, Any] = {}
        for name, value in record.items():
            if value in (None, ""):
                fields[name] = None
            else:
                fields[name] = int(value) if types[name] == "int" else str(value)
        return cls(**fields)


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def _duckdb_ddl() -> str:
    tables = []
    for table, columns in SCHEMA.items():
        fields = ", ".join(f'"{name}" {_DUCKDB_TYPES[kind]}' for name, kind in columns)
        tables.append(f"CREATE TABLE {table} ({fields});")
    return "\n".join(tables)


def _columns(rows: list[ReportRow]) -> dict[str, dict[str, list[Any]]]:
    """A batch as the three row tables, column-oriented (lists per column)."""
    data: dict[str, dict[str, list[Any]]] = {table: {name: [] for name, _ in SCHEMA[table]} for table in ROW_TABLES}
    reports, cells, findings = data["reports"], data["cells"], data["findings"]
    text = [name for name, _ in CELL_SCHEMA].index("text")
    for row in rows:
        values = (
            row.source, row.format, row.tables, ",".join(row.kinds), ",".join(row.dialects),
            sum(cell[text] is not None for cell in row.cells), row.errors, row.warnings, row.infos,
            row.error, row.seconds, row.agency, row.year, row.title, row.published, _across_json(row.across),
        )  # fmt: skip
        for column, value in zip(reports.values(), values, strict=True):
            column.append(value)
        for table, records in ((cells, row.cells), (findings, row.findings)):
            for column, values in zip(table.values(), zip(*records, strict=True), strict=False):
                column.extend(values)
    return data


def _run_columns(runs: Sequence[RunRow]) -> dict[str, list[Any]]:
    return {name: [getattr(run, name) for run in runs] for name, _ in SCHEMA["runs"]}


def _across_json(cells: tuple[AcrossCell, ...]) -> str | None:
    """The ``across`` column: the cells the cross-year checks read, as JSON (numbers as text, so a
    Decimal keeps its digits), for a resumed run to pair the reports it carries over."""
    if not cells:
        return None
    return json.dumps(
        [[kind, fmt, row, col, None if value is None else str(value), inferred, line]
         for kind, fmt, row, col, value, inferred, line in cells],
        ensure_ascii=False,
    )  # fmt: skip


def _pairing_row(record: dict[str, Any]) -> ReportRow:
    """The pairing part of a ``reports`` row read back from any sink (CSV: every field text)."""

    def text(name: str) -> str | None:
        value = record.get(name)
        return None if value in (None, "") else str(value)

    year = text("year")
    cells = json.loads(text("across") or "[]")
    return ReportRow(
        source=str(record["source"]),
        format=text("format"),
        agency=text("agency"),
        year=None if year is None else int(year),
        title=text("title"),
        published=text("published"),
        across=tuple(
            (kind, fmt, tuple(row), tuple(col), _number(value), bool(inf), line)
            for kind, fmt, row, col, value, inf, line in cells
        ),
    )


def _number(text: str | None) -> Number | None:
    if text is None:
        return None
    return int(text) if text.lstrip("-").isdigit() else Decimal(text)


#: The ``reports`` columns a resumed run reads back to pair the reports it carries over.
_PAIRING_COLUMNS = ("source", "format", "agency", "year", "title", "published", "across")


def _pair_columns(pairing: Pairing) -> dict[str, list[Any]]:
    """The ``pairs`` table: a row per pair checked, then a row per report that could not be paired
    (``previous_year``/``previous_source`` null, ``reason`` says why, ``why`` says more)."""
    data: dict[str, list[Any]] = {name: [] for name, _ in SCHEMA["pairs"]}
    records: list[tuple[Any, ...]] = [
        (pair.body, pair.year, pair.previous.metadata.year, pair.report.source, pair.previous.source, pair.why,
         pair.passed, pair.failed, pair.not_assessed, ",".join(_failing(pair)), None)
        for pair in pairing.pairs
    ]  # fmt: skip
    records += [
        (unpaired.body, unpaired.year, None, source, None, unpaired.message, 0, 0, 0, "", unpaired.reason)
        for unpaired in pairing.unpaired
        for source in unpaired.sources
    ]
    for record in records:
        for column, value in zip(data.values(), record, strict=True):
            column.append(value)
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
        "bigint": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "labels": pa.list_(pa.string()),
    }
    return {table: pa.schema([(n, types[k]) for n, k in columns]) for table, columns in SCHEMA.items()}


#: What a sink adopts from an earlier output: its recorded sources, its runs, and the pairing part
#: (:func:`_pairing_row`) of its readable reports.
Adopted = tuple[frozenset[str], tuple["RunRow", ...], tuple[ReportRow, ...]]


class Sink(Protocol):
    """Where a run's rows go. ``write_whole`` replaces a small table (``runs``, ``pairs``);
    ``adopt`` copies a dataset written earlier (the one a resumed run continues) and returns its
    recorded sources, its runs and the pairing part of its reports (:data:`Adopted`)."""

    def write(self, rows: list[ReportRow]) -> None: ...
    def write_whole(self, name: str, data: dict[str, list[Any]]) -> None: ...
    def adopt(self, old: Path) -> Adopted: ...
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


def _different_columns(old: Path, table: str, found: Sequence[str]) -> ExportError:
    return ExportError(
        f"cannot resume: its {table} table has other columns ({', '.join(found)})",
        source=str(old),
        expected=f"an output written by this version of govtables ({', '.join(n for n, _ in SCHEMA[table])})",
    )


class DuckDBSink:
    """One DuckDB file holding ``reports``, ``cells``, ``findings`` and ``runs``; each batch is one
    transaction, so the file never holds part of a batch.

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
        # Inserting batches needs little memory; DuckDB's default (80% of RAM, a thread per core)
        # would let its buffer pool grow with the corpus.
        self.con = duckdb.connect(str(out), config={"memory_limit": "64MB", "threads": 1})
        self.con.execute(_duckdb_ddl())

    def write(self, rows: list[ReportRow]) -> None:
        self.con.begin()
        if self.arrow:
            for name, table in _arrow_tables(rows).items():
                if table.num_rows:
                    self.con.register("batch", table)
                    self.con.execute(f"INSERT INTO {name} SELECT * FROM batch")
                    self.con.unregister("batch")
        else:
            for name, data in _columns(rows).items():
                self._insert(name, data)
        self.con.commit()

    def _insert(self, name: str, data: dict[str, list[Any]]) -> None:
        records = list(zip(*data.values(), strict=True))
        if records:
            marks = ", ".join("?" * len(data))
            self.con.executemany(f"INSERT INTO {name} VALUES ({marks})", records)

    def write_whole(self, name: str, data: dict[str, list[Any]]) -> None:
        self.con.begin()
        self.con.execute(f"DELETE FROM {name}")
        self._insert(name, data)
        self.con.commit()

    def adopt(self, old: Path) -> Adopted:
        quoted = str(old).replace("'", "''")
        self.con.execute(f"ATTACH '{quoted}' AS old (READ_ONLY)")
        try:
            present = {name for (name,) in self.con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = 'old'"
            ).fetchall()}  # fmt: skip
            self.con.begin()
            for table in (*ROW_TABLES, "runs"):
                if table not in present and table == "runs":  # an output older than the runs table
                    continue
                found = [d[0] for d in self.con.execute(f"SELECT * FROM old.{table} LIMIT 0").description]
                if found != [name for name, _ in SCHEMA[table]]:
                    raise _different_columns(old, table, found)
                self.con.execute(f"INSERT INTO {table} SELECT * FROM old.{table}")
            self.con.commit()
            sources = frozenset(s for (s,) in self.con.execute("SELECT source FROM reports").fetchall())
            cursor = self.con.execute("SELECT * FROM runs ORDER BY run")
            names = [d[0] for d in cursor.description]
            runs = tuple(RunRow.from_record(dict(zip(names, r, strict=True))) for r in cursor.fetchall())
            columns = ", ".join(_PAIRING_COLUMNS)
            found = self.con.execute(f"SELECT {columns} FROM reports WHERE error IS NULL").fetchall()
            pairing = tuple(_pairing_row(dict(zip(_PAIRING_COLUMNS, r, strict=True))) for r in found)
        finally:
            self.con.execute("DETACH old")
        return sources, runs, pairing

    def close(self) -> None:
        self.con.close()


class ParquetSink:
    """Four Parquet files (``<stem>.reports.parquet`` …), one row group per batch, zstd; the small
    ``runs`` file is rewritten whole when it changes."""

    def __init__(self, out: Path) -> None:
        _need("pyarrow", "parquet", "Parquet", out)
        import pyarrow.parquet as pq

        self.paths = _siblings(out)
        schemas = _arrow_schemas()
        self.writers = {
            name: pq.ParquetWriter(str(self.paths[name]), schemas[name], compression="zstd") for name in ROW_TABLES
        }

    def write(self, rows: list[ReportRow]) -> None:
        for name, table in _arrow_tables(rows).items():
            if table.num_rows:
                self.writers[name].write_table(table)

    def write_whole(self, name: str, data: dict[str, list[Any]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.table(data, schema=_arrow_schemas()[name]), str(self.paths[name]))

    def adopt(self, old: Path) -> Adopted:
        import pyarrow.parquet as pq

        paths, schemas = _siblings(old), _arrow_schemas()
        try:
            for name in ROW_TABLES:
                file = pq.ParquetFile(str(paths[name]))
                if not file.schema_arrow.equals(schemas[name], check_metadata=False):
                    raise _different_columns(old, name, file.schema_arrow.names)
                for batch in file.iter_batches():
                    self.writers[name].write_batch(batch)
            reports = pq.read_table(str(paths["reports"]), columns=[*_PAIRING_COLUMNS, "error"]).to_pylist()
            records = pq.read_table(str(paths["runs"])).to_pylist() if paths["runs"].exists() else []
        except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
            raise ExportError(f"cannot resume: {exc}", source=str(old)) from exc
        pairing = tuple(_pairing_row(r) for r in reports if r["error"] is None)
        return frozenset(r["source"] for r in reports), tuple(RunRow.from_record(r) for r in records), pairing

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()


class CSVSink:
    """Five UTF-8 CSV files (``<stem>.reports.csv`` …), fields as
    :func:`govtables.export.csv_field` writes them (label paths as JSON arrays, bools
    ``true``/``false``). A batch's cells and findings reach the disk before its reports rows."""

    def __init__(self, out: Path) -> None:
        self.paths = _siblings(out)
        self.files = {name: self.paths[name].open("w", encoding="utf-8", newline="") for name in ROW_TABLES}
        self.writers = {name: csv.writer(file) for name, file in self.files.items()}
        for name, writer in self.writers.items():
            writer.writerow([column for column, _ in SCHEMA[name]])

    def write(self, rows: list[ReportRow]) -> None:
        data = _columns(rows)
        for name in ("cells", "findings", "reports"):
            types = [kind for _, kind in SCHEMA[name]]
            for record in zip(*data[name].values(), strict=True):
                self.writers[name].writerow(map(csv_field, record, types))
            self.files[name].flush()

    def write_whole(self, name: str, data: dict[str, list[Any]]) -> None:
        with self.paths[name].open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow([column for column, _ in SCHEMA[name]])
            writer.writerows(zip(*data.values(), strict=True))

    def adopt(self, old: Path) -> Adopted:
        paths, sources, pairing = _siblings(old), set(), []
        names = [column for column, _ in SCHEMA["reports"]]
        try:
            for name in ROW_TABLES:
                with paths[name].open(encoding="utf-8", newline="") as file:
                    reader = csv.reader(file)
                    header = next(reader, [])
                    if header != [column for column, _ in SCHEMA[name]]:
                        raise _different_columns(old, name, header)
                    for record in reader:
                        self.writers[name].writerow(record)
                        if name == "reports":
                            sources.add(record[0])
                            fields = dict(zip(names, record, strict=True))
                            if not fields["error"]:
                                pairing.append(_pairing_row(fields))
                self.files[name].flush()
            runs: tuple[RunRow, ...] = ()
            if paths["runs"].exists():
                with paths["runs"].open(encoding="utf-8", newline="") as file:
                    runs = tuple(RunRow.from_record(record) for record in csv.DictReader(file))
        except (OSError, ValueError, csv.Error) as exc:  # UnicodeDecodeError and bad JSON are ValueErrors
            raise ExportError(f"cannot resume: {exc}", source=str(old)) from exc
        return frozenset(sources), runs, tuple(pairing)

    def close(self) -> None:
        for file in self.files.values():
            file.close()


SINKS: dict[str, Callable[[Path], Sink]] = {".duckdb": DuckDBSink, ".parquet": ParquetSink, ".csv": CSVSink}


def _files(base: Path) -> tuple[Path, ...]:
    """Every file an output named ``base`` consists of (the DuckDB write-ahead log first, ``runs``
    last: the order they are moved in)."""
    if base.suffix.lower() == ".duckdb":
        return (Path(f"{base}.wal"), base)
    return tuple(_siblings(base).values())


def _variant(base: Path, tag: str) -> Path:
    """``results.duckdb`` → ``results.<tag>.duckdb`` (``results.partial.duckdb``, ``results.tmp-42.duckdb``)."""
    return base.with_name(f"{base.stem}.{tag}{base.suffix}")


def _exists(base: Path) -> bool:
    return any(path.exists() for path in _files(base))


def _remove(base: Path) -> None:
    for path in _files(base):
        path.unlink(missing_ok=True)
    shutil.rmtree(f"{base}.tmp", ignore_errors=True)  # DuckDB's spill folder


def _move(source: Path, target: Path) -> None:
    """Move the files of one output onto another's names (files ``source`` lacks are removed there)."""
    pairs = list(zip(_files(source), _files(target), strict=True))
    for old, new in pairs:
        if not old.exists():
            new.unlink(missing_ok=True)
    for old, new in pairs:
        if old.exists():
            os.replace(old, new)


_OUT_NAME = "a file name ending in .duckdb, .parquet or .csv"


def _sink_for(out: str | os.PathLike[str]) -> tuple[Path, Callable[[Path], Sink]]:
    """The target and the sink its suffix names, or an :class:`ExportError` saying what is wrong."""
    path = Path(out)
    if os.fspath(out) == "-":
        raise ExportError("a dataset cannot go to standard output", source="-", expected=_OUT_NAME)
    if path.is_dir():
        raise ExportError("names a folder", source=str(path), expected=_OUT_NAME)
    try:
        make = SINKS[path.suffix.lower()]
    except KeyError:
        raise ExportError(
            f"cannot tell the output format from the suffix {path.suffix or '(none)'!r}",
            source=str(path),
            expected=_OUT_NAME,
        ) from None
    if not path.parent.is_dir():
        raise ExportError("the output folder does not exist", source=str(path), expected="an existing folder")
    for file in _files(path):
        if file.is_dir():
            raise ExportError("is a folder, where the output needs a file", source=str(file))
    return path, make


# --------------------------------------------------------------------------------------------------
# The output of a run: a lock, a temporary copy renamed into place, the runs table, resuming


class OutputLocked(ExportError):
    """Another run holds the lock of the output (``<out>.lock``): two writers would mix their rows."""


class Interrupted(GovtablesError):
    """A run stopped by SIGINT or SIGTERM after saving what it had done (``partial``, when it had an
    output). ``summary`` counts the reports it checked; ``exit_status`` is 128 + the signal number."""

    def __init__(self, signum: int, summary: Summary, partial: Path | None, target: Path | None) -> None:
        self.signum, self.summary, self.partial = signum, summary, partial
        name = signal.Signals(signum).name
        message = f"interrupted by {name} after {summary.reports:,} report(s)"
        if partial is not None:
            message += (
                f"; they are in {partial} (its runs table says 'interrupted'), "
                f"and {target} is untouched; run again with --resume to continue"
            )
        super().__init__(message, source=None if target is None else str(target))

    @property
    def exit_status(self) -> int:
        return 128 + self.signum


class _Lock:
    """An exclusive ``flock`` on ``<out>.lock``, holding the writer's pid. The kernel drops it when
    the process dies, however it dies, so a stale file never blocks a later run."""

    def __init__(self, target: Path) -> None:
        import fcntl

        self.path = Path(f"{target}.lock")
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
                os.close(fd)
                raise OutputLocked(
                    f"another govtables run (pid {holder}) is writing this output",
                    source=str(target),
                    expected=f"that run to end, or another --out (the lock is {self.path})",
                ) from None
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:  # the holder removed it between our open and our lock
                same = False
            if same:
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self.fd = fd

    def release(self) -> None:
        self.path.unlink(missing_ok=True)
        os.close(self.fd)


class _Output:
    """A dataset being written: locked, written to ``<stem>.tmp-<pid>`` beside the target, moved onto
    the target when the run finishes or onto ``<stem>.partial`` when it is interrupted."""

    def __init__(self, out: str | os.PathLike[str], *, resume: bool, jobs: int) -> None:
        self.target, make = _sink_for(out)
        self.partial = _variant(self.target, "partial")
        self.temp = _variant(self.target, f"tmp-{os.getpid()}")
        self.lock = _Lock(self.target)
        self.sink: Sink | None = None
        try:
            self._remove_stale()
            self.sink = make(self.temp)
            source = next((b for b in (self.partial, self.target) if resume and _exists(b)), None)
            self.recorded, self.history, self.adopted = self.sink.adopt(source) if source else (frozenset(), (), ())
            note = f"resumed from {source}" if source else ("nothing to resume" if resume else None)
            number = max((r.run for r in self.history), default=0) + 1
            self.run = RunRow(number, "started", _now(), carried=len(self.recorded), jobs=jobs, note=note)
            self.sink.write_whole("runs", _run_columns((*self.history, self.run)))
        except BaseException:
            self.abandon()
            raise

    def _remove_stale(self) -> None:
        """Temporary copies of runs that were killed outright (this one holds the lock now)."""
        stale = re.compile(re.escape(self.target.stem) + r"\.tmp-(\d+)\.")
        for pid in {m.group(1) for entry in self.target.parent.iterdir() if (m := stale.match(entry.name))}:
            _remove(_variant(self.target, f"tmp-{pid}"))

    def write(self, rows: list[ReportRow]) -> None:
        assert self.sink is not None
        self.sink.write(rows)

    def finish(self, tally: Tally, pairing: Pairing, signum: int | None = None) -> Path:
        """Close the dataset and move it into place (or onto the partial name when interrupted)."""
        assert self.sink is not None
        run = attrs.evolve(
            self.run,
            status="finished" if signum is None else "interrupted",
            ended=_now(),
            reports=tally.reports,
            unreadable=tally.unreadable,
            with_errors=tally.with_errors,
            note="; ".join(filter(None, (self.run.note, signal.Signals(signum).name if signum else None))) or None,
        )
        self.sink.write_whole("pairs", _pair_columns(pairing))
        self.sink.write_whole("runs", _run_columns((*self.history, run)))
        self.sink.close()
        self.sink = None
        destination = self.target if signum is None else self.partial
        _move(self.temp, destination)
        if signum is None:
            _remove(self.partial)  # what it held is in the target now, or was superseded by a fresh run
        self.lock.release()
        return destination

    def abandon(self) -> None:
        """A run that failed (not interrupted): drop the temporary copy, keep everything else."""
        if self.sink is not None:
            with contextlib.suppress(Exception):
                self.sink.close()
            self.sink = None
        _remove(self.temp)
        self.lock.release()


# --------------------------------------------------------------------------------------------------
# Signals and worker processes


class _Stop(BaseException):
    """SIGINT or SIGTERM reached a point where the run can stop (a BaseException, so that
    :func:`check_report`'s catch-all cannot swallow it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _Signals:
    """SIGINT and SIGTERM during a run: remembered, and raised as :class:`_Stop` only inside
    :meth:`interruptible` (waiting for a worker, or checking a report in this process), never in
    the middle of writing a batch. Installed only in the main thread (Python's rule for handlers)."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.signum: int | None = None
        self.safe = False
        self.previous: dict[int, Any] = {}

    def __enter__(self) -> _Signals:
        if threading.current_thread() is threading.main_thread():
            self.previous = {s: signal.signal(s, self._handle) for s in self.SIGNALS}
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.signum = self.signum or signum
        if self.safe:
            self.safe = False
            raise _Stop(signum)

    @contextlib.contextmanager
    def interruptible(self) -> Iterator[None]:
        if self.signum is not None:
            raise _Stop(self.signum)
        self.safe = True
        try:
            yield
        finally:
            self.safe = False


#: Paths sent ahead to each worker: the one it checks and the next, so it never waits for the parent.
DEPTH = 2


def _work(conn: Connection, check: Callable[[str], ReportRow], parents: Sequence[Connection]) -> None:
    """A worker process: check the paths it is sent, one at a time, and send each row back; end on
    ``None`` or when the parent is gone. The parent stops it, so it ignores SIGINT and SIGTERM
    (a Ctrl-C reaches the whole process group; the parent decides). ``parents`` are the parent's
    ends of the pipes, inherited by the fork: closed, so that the parent's death is an end of file."""
    for end in parents:
        end.close()
    for signum in _Signals.SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _Signals.SIGNALS)
    try:
        while (path := conn.recv()) is not None:
            conn.send(check(path))
    except (EOFError, OSError):  # the parent died or closed the pipe
        pass


@attrs.define
class _Worker:
    process: BaseProcess
    conn: Connection
    paths: deque[str] = attrs.Factory(deque)  # sent and not yet answered; the first is in hand


def _death(process: BaseProcess) -> str:
    code = process.exitcode
    if code is None or code >= 0:
        return f"it exited with status {code}"
    name = signal.Signals(-code).name
    return f"killed by {name}" + (", as the out-of-memory killer does" if -code == signal.SIGKILL else "")


class _Pool:
    """``jobs`` worker processes fed at most :data:`DEPTH` paths each. Unlike
    ``multiprocessing.Pool``, it knows which report each worker holds: a worker that dies (killed
    by the OOM killer, a crash in a C extension) costs exactly that report, recorded as failed, and
    is replaced; the paths queued behind it go to the others. So every run ends."""

    def __init__(self, check: Callable[[str], ReportRow], jobs: int) -> None:
        import multiprocessing

        self.check = check
        self.context = multiprocessing.get_context()
        self.workers: list[_Worker] = []
        for _ in range(jobs):
            self.workers.append(self._start())

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe()
        # Blocked across the fork, so a signal cannot reach the child before it ignores them.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _Signals.SIGNALS)
        try:
            parents = (parent, *(worker.conn for worker in self.workers))
            process = self.context.Process(target=_work, args=(child, self.check, parents), daemon=True)
            process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        child.close()
        return _Worker(process, parent)

    def rows(self, paths: Iterable[str | os.PathLike[str]], signals: _Signals) -> Iterator[ReportRow]:
        from multiprocessing.connection import wait

        pending, retry = iter(paths), deque[str]()
        while True:
            for worker in self.workers:
                while len(worker.paths) < DEPTH:
                    path = retry.popleft() if retry else os.fspath(next(pending, None) or "")
                    if not path:
                        break
                    try:
                        worker.conn.send(path)
                    except OSError:  # it died; found below
                        retry.appendleft(path)
                        break
                    worker.paths.append(path)
            busy = [worker for worker in self.workers if worker.paths]
            if not busy:
                return
            with signals.interruptible():
                ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
            for index, worker in enumerate(self.workers):
                if worker.conn not in ready and worker.process.sentinel not in ready:
                    continue
                dead = worker.process.sentinel in ready
                try:
                    while worker.paths and worker.conn.poll():
                        row = worker.conn.recv()
                        worker.paths.popleft()
                        yield row
                except (EOFError, OSError):
                    dead = True
                if dead:
                    worker.process.join()
                    if worker.paths:
                        path = worker.paths.popleft()
                        message = f"{path}: the worker process checking it died ({_death(worker.process)})"
                        yield ReportRow(source=path, error=message)
                        retry.extend(worker.paths)
                    worker.conn.close()
                    self.workers[index] = self._start()

    def stop(self) -> None:
        """Idle workers are told to end; busy ones (an interrupted run) are killed."""
        for worker in self.workers:
            with contextlib.suppress(OSError):
                if worker.paths:
                    worker.process.kill()
                else:
                    worker.conn.send(None)
        for worker in self.workers:
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()


def worker_count(jobs: int) -> tuple[int, str | None]:
    """The worker processes to start for ``jobs`` (0 or less: one per usable CPU), capped to the
    CPUs this process may run on, and a warning when the cap cut."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    if jobs <= 0:
        return cpus, None
    if jobs > cpus:
        return cpus, f"--jobs {jobs} capped to the {cpus} CPU(s) this process may use"
    return jobs, None


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
    resume: bool = False,
) -> Summary:
    """Check every path and stream the rows into ``out``; return the :class:`Summary`.

    ``jobs`` > 1 uses that many worker processes (0 or less: one per CPU; more than the CPUs is
    capped, with a ``RuntimeWarning``). Memory stays flat: paths are consumed lazily, at most
    :data:`DEPTH` per worker are in flight, and rows are written in batches of :data:`BATCH_REPORTS`
    reports / :data:`BATCH_CELLS` cells. ``progress`` draws a rich progress bar on standard error
    (``None``: only when stdout and stderr are terminals); ``total`` is its length when known.

    ``out`` is written as a temporary copy, moved into place when every path is checked; a second
    run on the same ``out`` raises :class:`OutputLocked`. SIGINT or SIGTERM stop the run: what is
    done is saved as ``<stem>.partial<suffix>`` and :class:`Interrupted` is raised. ``resume``
    continues that partial output (or, without one, the finished ``out``): reports it already
    records are skipped and kept.
    """
    jobs, cap = worker_count(jobs)
    if cap:
        warnings.warn(cap, RuntimeWarning, stacklevel=2)
    check = check_report if reader is None else functools.partial(check_report, reader=reader)
    output = _Output(out, resume=resume, jobs=jobs) if out is not None else None
    recorded = output.recorded if output else frozenset()
    tally = Tally()
    start = time.perf_counter()
    batch: list[ReportRow] = []
    cells = 0
    # the pairing part of each readable report (metadata and the few cells X-1 … X-3 read)
    labels: dict[Labels, Labels] = {}  # one copy of each label path the kept rows hold
    pairable = [row.pairing_part(labels) for row in output.adopted] if output else []

    def pair() -> Pairing:
        from .years import pair_reports

        return pair_reports(row.across_report() for row in pairable)

    def summary(pairing: Pairing | None = None) -> Summary:
        where = None if out is None else os.fspath(out)
        elapsed = time.perf_counter() - start
        return tally.summary(elapsed, jobs=jobs, out=where, carried=len(recorded), pairing=pairing)

    with _Signals() as signals:
        try:
            with _progress(progress, total) as advance:
                fresh = _skip(paths, recorded, advance)
                for row in _rows(check, fresh, jobs, signals):
                    tally.add(row)
                    advance()
                    if not row.unreadable:
                        pairable.append(row.pairing_part(labels))
                    if output is None:
                        continue
                    batch.append(row)
                    cells += len(row.cells)
                    if len(batch) >= BATCH_REPORTS or cells >= BATCH_CELLS:
                        output.write(batch)
                        batch, cells = [], 0
            pairing = pair()
            if output is not None:
                output.write(batch)
                output.finish(tally, pairing)
        except _Stop as stop:
            partial = None
            if output is not None:
                output.write(batch)
                partial = output.finish(tally, pair(), stop.signum)
            raise Interrupted(stop.signum, summary(), partial, None if output is None else output.target) from None
        except BaseException:
            if output is not None:
                output.abandon()
            raise
    return summary(pairing)


def _skip(
    paths: Iterable[str | os.PathLike[str]], recorded: frozenset[str], advance: Callable[[], None]
) -> Iterator[str | os.PathLike[str]]:
    """The paths not already recorded in the output a run resumes."""
    for path in paths:
        if os.fspath(path) in recorded:
            advance()
        else:
            yield path


def _rows(
    check: Callable[[str], ReportRow],
    paths: Iterable[str | os.PathLike[str]],
    jobs: int,
    signals: _Signals,
) -> Iterator[ReportRow]:
    if jobs == 1:
        for path in paths:
            with signals.interruptible():
                row = check(os.fspath(path))
            yield row
        return
    pool = _Pool(check, jobs)
    try:
        yield from pool.rows(paths, signals)
    finally:
        pool.stop()


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
    resume: bool = False,
) -> Summary:
    """:func:`run` over :func:`iter_paths` of ``inputs`` (files, folders, globs): the CLI's ``check``.

    When the bar is shown the paths are walked once more first to count them.
    """
    inputs = tuple(inputs)
    show = progress if progress is not None else sys.stdout.isatty() and sys.stderr.isatty()
    total = sum(1 for _ in iter_paths(inputs)) if show else None
    return run(iter_paths(inputs), jobs=jobs, out=out, progress=show, reader=reader, total=total, resume=resume)
