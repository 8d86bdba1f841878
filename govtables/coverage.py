"""What the text shows of tables that no table covers: the ``table-not-read`` warning.

A report whose tables no grammar could read must not come back silent (0 tables, 0 findings, exit 0).
After the tables are found, the lines outside them are scanned for what a table leaves behind: the
statutory templates' own labels (three or more within a stretch of uncovered lines, or inside one
long collapsed line), or an indicator table's header (``指标名称``). Each such stretch gives one
warning at its first label's line.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from .collapsed import template_labels_in
from .formats import template_labels
from .labels import fold, label_forms
from .model import Finding, Table
from .values import is_value

__all__ = ["unread_tables"]

#: Labels shown in one stretch of uncovered lines that make it a table no grammar read.
MIN_LABELS = 3
#: A line this long is a page collapsed onto one line: its labels are counted inside it.
COLLAPSED_LINE = 300
_SHORT_LINE = 60  # longer lines are prose, unless collapsed
_INDICATOR_HEADER = "指标名称"


@lru_cache(maxsize=1)
def _template_forms() -> frozenset[str]:
    """The comparable forms of every label of every statutory format, four characters or more (so
    ``规章`` or ``其他`` in prose counts for nothing)."""
    return frozenset(form for label in template_labels() for form in label_forms(label) if len(form) >= 4)


def _labels_in(line: str) -> int:
    key = fold(line)  # the matching key (list punctuation folded too; the same length)
    if len(key) >= COLLAPSED_LINE:  # distinct labels, as the collapsed dialect counts them
        return template_labels_in(key) + (_INDICATOR_HEADER in key)
    if not key or len(key) > _SHORT_LINE:
        return 0
    if key.startswith(_INDICATOR_HEADER):
        return MIN_LABELS  # `指标名称 计量单位 …`: the header of a pre-2019 indicator table
    return 1 if label_forms(line) & _template_forms() else 0


def unread_tables(lines: Sequence[str], tables: Sequence[Table]) -> tuple[Finding, ...]:
    """A ``table-not-read`` warning for each stretch of lines between tables (or in a report with none)
    that shows a table. A table region with no value in it covers nothing (its numbers were lost)."""
    covered = {
        n
        for table in tables
        if any(is_value(cell.norm) and not cell.empty for row in table.rows for cell in row.cells)
        for n in range(table.lines[0], table.lines[1] + 1)
    }
    findings: list[Finding] = []
    first: int | None = None
    count = 0
    warned = False
    for number, line in enumerate(lines, 1):
        if number in covered:
            first, count, warned = None, 0, False
            continue
        if warned:
            continue
        hits = _labels_in(line)
        if not hits:
            continue
        first = first or number
        count += hits
        if count >= MIN_LABELS:
            findings.append(
                Finding(
                    "table-not-read",
                    "warning",
                    f"line {first} shows a table ({count} of its labels from line {first} to {number})"
                    " that no dialect read: its numbers are not in the output",
                    line=first,
                )
            )
            warned = True
    return tuple(findings)
