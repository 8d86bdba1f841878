"""Stage 5 for pre-2019 indicator tables (指标名称 | 单位 | 数量 …) and label–value lists
(`主动公开政府信息数 508条`): cells keyed by the labels as written.

A cell's row path is its ancestors' labels and its own (white space removed): the parent/child
structure comes from the numbering (一、 (一) 1. (1)) and from `其中` rows, so that the validator can
check a parent against its parts. The unit of each row is kept (条, 件, 人次, 万元 …).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from .labels import NUMBERING_STYLES, is_such_that, numbering_style
from .model import Box, Finding, Path, Severity, Table, TextCell, ValueCell
from .text import label_key
from .values import ParsedValue, parse_value

__all__ = ["DEFAULT_COLUMN", "MAX_INDICATOR_DEPTH", "indicator_cells"]


_HEADER_FIRST = frozenset({"指标名称", "统计指标", "指标", "项目", "名称", "指标名"})
_UNIT_HEADERS = frozenset({"单位", "计量单位"})
_CODE_HEADERS = frozenset({"代码"})
#: The column of a label–value list that has no header row.
DEFAULT_COLUMN: Path = ("数量",)


def _written(text: str) -> str:
    """A label as written, white space removed (full-width punctuation kept)."""
    return re.sub(r"\s+", "", text)


def _level(label: str) -> int | None:
    style = numbering_style(label)
    return None if style is None else NUMBERING_STYLES.index(style)


@attrs.define
class _Node:
    path: Path
    level: float
    such: bool = False  # a 其中 row or a sibling of one
    numbered: bool = False
    value: object = None
    unit: str | None = None
    parts: list[object] = attrs.field(factory=list)


# Real indicator tables nest 一、 (一) 1. (1) and a 其中 or two: no row path is deeper than this.
MAX_INDICATOR_DEPTH = 8


def _parent_path(stack: list[_Node], label: str, value: object, unit: str | None) -> tuple[float, bool, bool]:
    """Pop ``stack`` to the new row's parent; return (level, such, numbered) of the new row."""
    level = _level(label)
    if is_such_that(label):
        if len(stack) >= MAX_INDICATOR_DEPTH:
            stack.pop()  # deeper than any real table: a sibling of the deepest row, not its child
        parent = stack[-1] if stack else None
        return ((parent.level if parent else -1) + 0.5, True, level is not None)
    if stack and stack[-1].such and _continues_group(stack, level, value, unit):
        return stack[-1].level, True, stack[-1].numbered
    while stack and stack[-1].such:
        stack.pop()
    depth = -1.0 if level is None else float(level)
    while stack and (level is None or stack[-1].level >= depth):
        stack.pop()
    return max(depth, 0.0), False, level is not None


def _continues_group(stack: list[_Node], level: int | None, value: object, unit: str | None) -> bool:
    """An unnumbered row after an unnumbered 其中 row (or a numbered one after a numbered) is a sibling,
    unless its unit differs from the parent's or its value would make the parts exceed the parent."""
    member = stack[-1]
    if (level is not None) != member.numbered:
        return False
    parent = next((n for n in reversed(stack) if n.level < member.level), None)
    if parent is None:
        return True
    if unit and parent.unit and unit != parent.unit:
        return False
    numbers = [v for v in (*parent.parts, value) if isinstance(v, int | float) or hasattr(v, "is_finite")]
    return not (isinstance(parent.value, int) and numbers and sum(numbers) > parent.value)  # type: ignore[arg-type]


def _header_index(rows: Sequence[list[str]]) -> int | None:
    return next((i for i, cells in enumerate(rows) if cells and label_key(cells[0]) in _HEADER_FIRST), None)


def _split_label_value(texts: list[str]) -> list[str]:
    match = re.match(r"^(.*\S)\s+(\S+)$", texts[0].strip()) if len(texts) == 1 else None
    if match and parse_value(match[2]).kind == "number":
        return [match[1], match[2]]
    return texts


def indicator_cells(table: Table) -> tuple[tuple[ValueCell, ...], tuple[Finding, ...]]:
    """Cells of an indicator table: row = ancestor labels + own label, col = (header,), unit per row."""
    rows = [[c for c in row.cells if not c.filler] for row in table.rows]
    texts = [_split_label_value([c.text for c in cells]) for cells in rows]
    header = _header_index(texts)
    start = 0 if header is None else header + 1
    headers = [DEFAULT_COLUMN[0]] if header is None else [_written(h) for h in texts[header][1:]]
    unit_at = next((i for i, h in enumerate(headers) if h in _UNIT_HEADERS), None)
    value_at = [i for i, h in enumerate(headers) if h not in _UNIT_HEADERS | _CODE_HEADERS]
    cells: list[ValueCell] = []
    findings: list[Finding] = []
    stack: list[_Node] = []
    unit_above: str | None = None
    for cells_of_row, row_texts in zip(rows[start:], texts[start:], strict=False):
        if not row_texts or not _written(row_texts[0]):
            continue
        label, rest = row_texts[0], row_texts[1:]
        places = _positions(cells_of_row, row_texts)[1:]
        # a short row with a number in it: which column the number belongs to is a guess
        inferred = len(rest) < len(headers) and any(parse_value(text).kind == "number" for text in rest)
        spanned = _spanned_unit(rest, headers, unit_at, unit_above)
        if spanned is not None:
            at, spanning = spanned
            rest.insert(at, spanning)
            places.insert(at, (cells_of_row[0].line, cells_of_row[0].column, None))
            said = f"no unit cell in this row; the unit {spanning!r} of the row above is taken to span it"
            said += ", and the row's values go to the columns after the unit column"
            findings.append(_row_finding(table, "unit-spanned", "info", cells_of_row[0], f"{_written(label)}: {said}"))
        elif inferred:
            said = f"{len(rest)} cells for {len(headers)} columns ({' / '.join(headers)}): placed from the left"
            findings.append(_row_finding(table, "short-row", "warning", cells_of_row[0], f"{_written(label)}: {said}"))
        written_unit = _written(rest[unit_at]) if unit_at is not None and unit_at < len(rest) else None
        unit_above = written_unit or unit_above
        first = (
            parse_value(rest[value_at[0]]) if value_at and value_at[0] < len(rest) else ParsedValue("blank")
        )
        unit = written_unit or first.unit
        level, such, numbered = _parent_path(stack, label, first.value, unit)
        if such and stack and stack[-1].such and stack[-1].level == level:
            stack.pop()  # a sibling replaces the previous member as the top of the stack
        path = (*(n.path[-1] for n in stack), _written(label))
        _record_part(stack, level, first.value)
        stack.append(_Node(path, level, such, numbered, first.value, unit))
        cells.extend(_indicator_row(path, headers, value_at, rest, unit, places, inferred=inferred))
    return tuple(cells), tuple(findings)


def _spanned_unit(
    rest: list[str], headers: list[str], unit_at: int | None, unit_above: str | None
) -> tuple[int, str] | None:
    """The unit column and the unit of a row above that spans this row — a merged `条` for a block
    of rows, which the text dropped: the row is one cell short and all of its cells are numbers."""
    if unit_at is None or unit_above is None or not rest or len(rest) != len(headers) - 1:
        return None
    return (unit_at, unit_above) if all(parse_value(text).kind == "number" for text in rest) else None


def _row_finding(table: Table, rule: str, severity: Severity, cell: TextCell, message: str) -> Finding:
    return Finding(rule, severity, message, table=table.kind, line=cell.line, column=cell.column)


def _record_part(stack: list[_Node], level: float, value: object) -> None:
    parent = next((n for n in reversed(stack) if n.level < level), None)
    if parent is not None and value is not None:
        parent.parts.append(value)


def _positions(cells: list[TextCell], texts: list[str]) -> list[tuple[int, int, Box | None]]:
    """Where each of ``texts`` (the row's cells, a lone `label value` cell split in two) starts, and
    the box of its cell."""
    if len(texts) == len(cells):
        return [(c.line, c.column, c.box) for c in cells]
    cell = cells[0]
    return [(cell.line, cell.column, cell.box), (cell.line, cell.column + cell.text.rindex(texts[-1]), cell.box)]


def _indicator_row(
    path: Path,
    headers: list[str],
    value_at: list[int],
    rest: list[str],
    unit: str | None,
    places: list[tuple[int, int, Box | None]],
    *,
    inferred: bool,
) -> list[ValueCell]:
    out: list[ValueCell] = []
    for i in value_at:
        if i >= len(rest):
            out.append(ValueCell(path, (headers[i],), None, None, unit=unit, template=False))
            continue
        parsed = parse_value(rest[i])
        value = parsed.value if parsed.kind == "number" else None
        out.append(
            ValueCell(
                path,
                (headers[i],),
                value,
                rest[i],
                line=places[i][0],
                column=places[i][1],
                box=places[i][2],
                approximate=parsed.approximate,
                unit=unit or parsed.unit,
                template=False,
                inferred=inferred,
            )
        )
    return out


