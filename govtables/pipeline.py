"""The whole flow for one report: text → tables found → dialect grammar → grid → template → validation.

:func:`read` is the entry point; each stage is a function of the previous stage's value, and I/O
happens only here (reading the file) and in the CLI.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import TypeVar

import attrs

from . import regions as regions_stage
from .collapsed import collapsed_tables, settle
from .coverage import unread_tables
from .documents import read_document
from .errors import ParseError, ReadError
from .grid import build_grid
from .html import TAG, html_tables, looks_like_html
from .metadata import read_metadata
from .model import Finding, Report, Row, Table
from .parse import dialect_of, implausible, parse_rows
from .prose import ProseFigure, prose_figures
from .template import apply_template, detect_format
from .text import Script, check_size, decode, normalise_newlines, read_text, script_of
from .validate import validate

# A table region larger than this is cut (with a finding): the largest real tables (2021 table 三
# one cell per line with a blank or bar line between cells, ~450 lines; the largest region of the
# bundled reports is 5 KB) fit with room to spare, and the bound keeps the work a pathological
# input (one huge table-shaped block) can cause under a second.
MAX_TABLE_LINES = 1_000
MAX_TABLE_CHARS = 20_000
# One report is at most 10 MiB (bytes of a file or of ``bytes``, characters of a ``str``): the
# largest real report text is a few hundred KB. Above it `read` raises TooLargeError; below it the
# work is linear (benchmarks/pathological.py: every input up to the limit in ≤ 2 s and ≤ 200 MB).
MAX_REPORT_BYTES = 10 * 2**20
# A real report has three statutory tables (at most ~10 tables in all): the tables read from one
# report (text regions or HTML tables) stop at this count, with a finding saying what was left.
MAX_TABLES = 20
# Lines of one text report read to find its tables (a real report has a few hundred to ~2,000):
# past them, a `report-too-long` finding says from which line the text was not read.
MAX_REPORT_LINES = 20_000

T = TypeVar("T")


def read(
    source: str | os.PathLike[str] | bytes,
    *,
    name: str | None = None,
    check: bool = True,
    previous: Report | None = None,
) -> Report:
    """Read one report: its text (``str``), its bytes, or the path of its file.

    A ``str`` is taken as a path when it has no line break and names an existing file or folder, or
    looks like a path (a path separator or a file suffix, no cell bar): a folder, a missing file, a
    FIFO or device, or an input over :data:`MAX_REPORT_BYTES` raises ``ReadError``. Returns a
    :class:`Report` with every table found, rebuilt and (with ``check``) validated; damaged tables
    give findings, not exceptions. Raises :class:`govtables.errors.ReadError` only when the input
    cannot be read as text at all.
    """
    document = read_document(source, name=name, check=check, previous=previous)
    if document is not None:
        return document
    text, name = _text_of(source, name)
    return read_text_report(text, name=name, check=check, previous=previous)


def _text_of(source: str | os.PathLike[str] | bytes, name: str | None) -> tuple[str, str | None]:
    if isinstance(source, bytes):
        check_size(len(source), MAX_REPORT_BYTES, source=name)
        return decode(source, source=name), name
    if isinstance(source, os.PathLike) or (isinstance(source, str) and _names_a_file(source)):
        path = Path(source)
        return read_text(path, max_bytes=MAX_REPORT_BYTES), name or str(path)
    if not isinstance(source, str):
        raise ReadError(
            f"cannot read a {type(source).__name__}", source=name, expected="text, bytes or a path"
        )
    check_size(len(source), MAX_REPORT_BYTES, source=name, unit="characters")
    return normalise_newlines(source), name


# The end of a file name: a dot and a short ASCII suffix (`.txt`, `.html`, `.pdf`), not `1.5`.
_SUFFIX = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}$")


def _names_a_file(text: str) -> bool:
    """A one-line string that is an existing file or folder, or that looks like a path (a path
    separator, or a file suffix, and no cell bar, tab or markup), which then must exist: a mistyped path
    or a folder is an error, not a report with no table."""
    if "\n" in text or len(text) > 4096:
        return False
    name = text.strip()
    separators = {os.sep, os.altsep or os.sep, "/"}
    # no file system names a component longer than 255 bytes: such a line is text (a report body
    # collapsed onto one line, `…本年增/减…`), not a path
    components = re.split("|".join(map(re.escape, separators)), name)
    looks_like_a_path = (
        not any(c in name for c in "|｜\t<>")
        and all(len(os.fsencode(part)) <= 255 for part in components)
        and (any(s in name for s in separators) or bool(_SUFFIX.search(name)))
    )
    try:
        return looks_like_a_path or os.path.exists(text)
    except (OSError, ValueError):
        return looks_like_a_path


def read_text_report(
    text: str, *, name: str | None = None, check: bool = True, previous: Report | None = None
) -> Report:
    """:func:`read` for text already decoded."""
    findings: list[Finding] = []
    html = looks_like_html(text)
    prose = prose_figures(text, html=html)
    if html:
        tables = _first_tables(html_tables(text, findings), findings, lambda table: table.lines[0])
        lines = _plain_lines(text)
    else:
        lines = text.split("\n")
        tables = _text_tables(lines, name, findings)
        tables = tables or collapsed_tables(text, name, findings, prose, previous)  # the body on one line: collapsed.py
        findings.extend(unread_tables(lines, tables))
    return report_of_tables(
        tables,
        findings,
        name=name,
        script=script_of(text),
        lines=lines,
        prose=prose,
        check=check,
        previous=previous,
    )


def report_of_tables(
    tables: list[Table],
    findings: list[Finding],
    *,
    name: str | None,
    script: Script,
    lines: list[str],
    prose: tuple[ProseFigure, ...] = (),
    check: bool = True,
    previous: Report | None = None,
) -> Report:
    """The stages after the grid, for tables from any front end: template, format, metadata (read
    from ``lines``, the report's text lines), the prose figures found in its text and, with
    ``check``, validation."""
    placed: list[Table] = []
    fmt, format_findings = detect_format(tables)
    findings.extend(format_findings)
    for table in tables:
        table, table_findings = apply_template(table, fmt=fmt)
        placed.append(settle(table, findings))
        findings.extend(table_findings)
    report_format = (
        fmt if fmt is not None else ("pre-2019" if any(t.kind == "indicators" for t in placed) else None)
    )
    report = Report(
        source=name,
        format=report_format,
        tables=tuple(placed),
        findings=tuple(findings),
        script=script,
        metadata=read_metadata(lines),
        prose=prose,
    )
    if check:
        report = attrs.evolve(report, findings=report.findings + validate(report, previous=previous))
    return report


def _first_lines(lines: list[str], findings: list[Finding]) -> list[str]:
    """The first :data:`MAX_REPORT_LINES` lines of a text report; a finding names the rest."""
    if len(lines) <= MAX_REPORT_LINES:
        return lines
    findings.append(
        Finding(
            "report-too-long",
            "warning",
            f"the report has {len(lines)} lines, more than {MAX_REPORT_LINES} read; the lines from"
            f" {MAX_REPORT_LINES + 1} on were not read",
            line=MAX_REPORT_LINES + 1,
        )
    )
    return lines[:MAX_REPORT_LINES]


def _first_tables(found: list[T], findings: list[Finding], line: Callable[[T], int]) -> list[T]:
    """The first :data:`MAX_TABLES` tables (or regions) of a report; a finding names the rest."""
    if len(found) <= MAX_TABLES:
        return found
    first_unread = line(found[MAX_TABLES])
    findings.append(
        Finding(
            "too-many-tables",
            "warning",
            f"the report holds {len(found)} tables, more than one report has ({MAX_TABLES} read);"
            f" the {len(found) - MAX_TABLES} from line {first_unread} on were not read",
            line=first_unread,
        )
    )
    return found[:MAX_TABLES]


def _plain_lines(html: str) -> list[str]:
    """An HTML page's text lines (tags, scripts and styles dropped; empty lines left out)."""
    text = unescape(TAG.sub("\n", html[:MAX_METADATA_HTML]))
    return [line for line in (part.strip() for part in text.split("\n")) if line]


# The head of an HTML page read for metadata: a page's title and metadata rows come early.
MAX_METADATA_HTML = 200_000


def _cut(lines: list[str], start: int, end: int) -> int:
    """The last line (1-based) from ``start`` that keeps the region within :data:`MAX_TABLE_CHARS`."""
    size = 0
    for number in range(start, end + 1):
        size += len(lines[number - 1]) + 1
        if size > MAX_TABLE_CHARS:
            return max(start, number - 1)
    return end


def _text_tables(text_lines: list[str], name: str | None, findings: list[Finding]) -> list[Table]:
    lines = _first_lines(text_lines, findings)
    found = _first_tables(regions_stage.find_regions(lines), findings, lambda region: region.start)
    parsed: list[tuple[regions_stage.Region, str, tuple[Row, ...], str]] = []
    for region in found:
        end = _cut(lines, region.start, min(region.end, region.start + MAX_TABLE_LINES - 1))
        if end < region.end:
            findings.append(
                Finding(
                    "table-too-long",
                    "warning",
                    f"the table at lines {region.start}–{region.end} is longer than {MAX_TABLE_LINES} lines"
                    f" or {MAX_TABLE_CHARS} characters; only lines {region.start}–{end} were read",
                    table=region.kind,
                    line=region.start,
                )
            )
        body = "\n".join(lines[region.start - 1 : end])
        read = _read_region(region, body, name)
        if isinstance(read, Finding):
            findings.append(read)
            continue
        parsed.append(read)
    plus_one = any(
        r.terminator == 1 for _, dialect, rows, _ in parsed if dialect_of(dialect).counts_lost for r in rows
    )
    return [
        Table(
            kind=region.kind,
            dialect=dialect,
            lines=(region.start, region.end),
            grid=build_grid(rows, dialect, plus_one=plus_one),
            rows=rows,
            title=region.title,
            why=why,
        )
        for region, dialect, rows, why in parsed
    ]


def _read_region(
    region: regions_stage.Region, body: str, name: str | None
) -> tuple[regions_stage.Region, str, tuple[Row, ...], str] | Finding:
    """The region read by the first of its candidate dialects whose grammar parses it into a
    plausible table (:func:`govtables.parse.implausible`): that dialect, its rows and the reason (the
    sniffer's, then each dialect tried before it and why it was passed over). When a grammar parses
    the region but no candidate is plausible, the first that parsed is kept and the reason says so;
    when every grammar rejects it, a ``parse-error`` finding naming each dialect tried."""
    tried: list[str] = []
    rejections: list[tuple[str, ParseError]] = []
    kept: tuple[str, tuple[Row, ...]] | None = None
    for dialect in region.candidates:
        try:
            rows = parse_rows(dialect, body, first_line=region.start, source=name)
        except ParseError as exc:
            rejections.append((dialect, exc))
            tried.append(f"{dialect} (rejected{_at(exc)}: {exc.message})")
            continue
        doubt = implausible(rows, dialect)
        if doubt is None:
            return region, dialect, rows, _why(region.why, tried)
        kept = kept or (dialect, rows)
        tried.append(f"{dialect} (implausible: {doubt})")
    if kept is not None:
        return region, *kept, _why(region.why, tried) + f"; none plausible, kept {kept[0]}"
    dialect, first = rejections[0]
    reasons = "; ".join(f"as {d}{_at(e)}: {e.message}" for d, e in rejections[1:])
    return Finding(
        "parse-error",
        "error",
        f"the {region.kind} table at lines {region.start}–{region.end} could not be read as"
        f" {dialect}: {first.message}" + (f"; nor {reasons}" if reasons else ""),
        table=region.kind,
        line=first.line,
        column=first.column,
    )


def _at(error: ParseError) -> str:
    return f" at line {error.line}" if error.line is not None else ""


def _why(sniffed: str, tried: list[str]) -> str:
    """The sniffer's reason, then each dialect tried before the one read (`…; tried cell-per-line
    (rejected at line 12: …)`)."""
    return "; ".join([sniffed, *(f"tried {t}" for t in tried)])


__all__ = ["read", "read_text_report"]
