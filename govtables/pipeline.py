"""The whole flow for one report: text → tables found → dialect grammar → grid → template → validation.

:func:`read` is the entry point; each stage is a function of the previous stage's value, and I/O
happens only here (reading the file) and in the CLI.
"""

from __future__ import annotations

import os
import re
from html import unescape
from pathlib import Path

import attrs

from . import regions as regions_stage
from .coverage import unread_tables
from .documents import read_document
from .errors import ParseError, ReadError
from .grid import build_grid
from .html import html_tables, looks_like_html
from .metadata import read_metadata
from .model import Finding, Report, Table
from .parse import parse_rows
from .template import apply_template, detect_format
from .text import REPORT_SUFFIXES, Script, decode, normalise_newlines, read_text, script_of
from .validate import validate

# A table region larger than this is cut (with a finding): the largest real tables (2021 table 三
# one cell per line with a blank or bar line between cells, ~450 lines; the largest region of the
# bundled reports is 5 KB) fit with room to spare, and the bound keeps the work a pathological
# input (one huge table-shaped block) can cause under a second.
MAX_TABLE_LINES = 1_000
MAX_TABLE_CHARS = 20_000


def read(
    source: str | os.PathLike[str] | bytes,
    *,
    name: str | None = None,
    check: bool = True,
    previous: Report | None = None,
) -> Report:
    """Read one report: its text (``str``), its bytes, or the path of its file.

    A ``str`` is taken as a path when it has no line break and names an existing file. Returns a
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
        return decode(source, source=name), name
    if isinstance(source, os.PathLike) or (isinstance(source, str) and _names_a_file(source)):
        path = Path(source)
        return read_text(path), name or str(path)
    if not isinstance(source, str):
        raise ReadError(
            f"cannot read a {type(source).__name__}", source=name, expected="text, bytes or a path"
        )
    return normalise_newlines(source), name


def _names_a_file(text: str) -> bool:
    """A one-line string that is an existing file, or that looks like a report's file name (a report
    suffix), which then must exist: a mistyped path is an error, not a report with no table."""
    if "\n" in text or len(text) > 4096:
        return False
    try:
        return Path(text).is_file() or text.strip().lower().endswith(REPORT_SUFFIXES)
    except (OSError, ValueError):
        return False


def read_text_report(
    text: str, *, name: str | None = None, check: bool = True, previous: Report | None = None
) -> Report:
    """:func:`read` for text already decoded."""
    findings: list[Finding] = []
    html = looks_like_html(text)
    if html:
        tables = html_tables(text)
    else:
        tables = _text_tables(text, name, findings)
        findings.extend(unread_tables(text.split("\n"), tables))
    lines = _plain_lines(text) if html else text.split("\n")
    return report_of_tables(
        tables, findings, name=name, script=script_of(text), lines=lines, check=check, previous=previous
    )


def report_of_tables(
    tables: list[Table],
    findings: list[Finding],
    *,
    name: str | None,
    script: Script,
    lines: list[str],
    check: bool = True,
    previous: Report | None = None,
) -> Report:
    """The stages after the grid, for tables from any front end: template, format, metadata (read
    from ``lines``, the report's text lines) and, with ``check``, validation."""
    placed: list[Table] = []
    fmt, format_findings = detect_format(tables)
    findings.extend(format_findings)
    for table in tables:
        table, table_findings = apply_template(table, fmt=fmt)
        placed.append(table)
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
    )
    if check:
        report = attrs.evolve(report, findings=report.findings + validate(report, previous=previous))
    return report


_TAG = re.compile(r"<(?:script|style)\b.*?</(?:script|style)\s*>|<[^>]*>", re.IGNORECASE | re.DOTALL)


def _plain_lines(html: str) -> list[str]:
    """An HTML page's text lines (tags, scripts and styles dropped; empty lines left out)."""
    text = unescape(_TAG.sub("\n", html[:MAX_METADATA_HTML]))
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


def _text_tables(text: str, name: str | None, findings: list[Finding]) -> list[Table]:
    lines = text.split("\n")
    found = regions_stage.find_regions(lines)
    parsed: list[tuple[regions_stage.Region, tuple]] = []
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
        try:
            rows = parse_rows(region.dialect, body, first_line=region.start, source=name)
        except ParseError as exc:
            findings.append(
                Finding(
                    "parse-error",
                    "error",
                    f"the {region.kind} table at lines {region.start}–{region.end} could not be read as"
                    f" {region.dialect}: {exc.message}",
                    table=region.kind,
                    line=exc.line,
                    column=exc.column,
                )
            )
            continue
        parsed.append((region, rows))
    plus_one = any(
        r.terminator == 1 for region, rows in parsed if region.dialect == "statutory" for r in rows
    )
    tables = []
    for region, rows in parsed:
        tables.append(
            Table(
                kind=region.kind,
                dialect=region.dialect,
                lines=(region.start, region.end),
                grid=build_grid(rows, region.dialect, plus_one=plus_one),
                rows=rows,
                title=region.title,
                why=region.why,
            )
        )
    return tables


__all__ = ["read", "read_text_report"]
