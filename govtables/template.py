"""Stage 5: parsed tables → template cells (statutory tables) or label-keyed cells (indicator tables,
in :mod:`govtables.indicators`).

Row breaks in scraped text are unreliable, so a statutory table is mapped by aligning the FLAT
stream of its cells (labels and values in reading order) with the format's rows
(:mod:`govtables.formats`); bar counts are only evidence, quoted in findings. Every rule that places
a cell the text did not place is named by a finding; ``docs/template.md`` lists them all.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Literal

import attrs

from . import formats
from .formats import OTHER_WORDING, PRE_STATUTORY, Column, Format, RowSpec, format_for
from .indicators import indicator_cells
from .labels import block_number, labels_match, match_label, numbering
from .model import STATUTORY_KINDS, Box, Finding, Row, Table, TextCell, ValueCell
from .text import label_key, normalise
from .values import ParsedValue, is_value, parse_value, split_numbers

__all__ = ["apply_template", "detect_format", "detect_table_format", "statutory_cells"]

# ---------------------------------------------------------------------------------------------
# The flat stream


@attrs.frozen
class Token:
    """One cell of the flat stream (a cell holding ``label 0 0 0`` gives four tokens)."""

    text: str
    line: int
    column: int
    parsed: ParsedValue
    terminator: int | None = None
    box: Box | None = None  # the box of the cell it came from (a PDF's)

    @property
    def is_value(self) -> bool:
        return self.parsed.is_value


# A label followed by space-separated numbers in one cell (PDF text: `四、结转下年度继续办理 0 0 0`):
# the words are read from the right, so the split is linear in the cell (the one regular expression
# `^(?P<label>.*[^\d\s.\-]\S*)\s+(?P<numbers>[+\-−]?\d[\d.\s+\-−]*)$` it replaces backtracked).
_WORD = re.compile(r"\S+")
_NUMBER_WORD = re.compile(r"[\d.+\-−]+")  # a word the numbers may hold
_NUMBERS_START = re.compile(r"[+\-−]?\d")
_LABEL_END = re.compile(r"[^\d.\-]")  # the label's last word holds something else than digits, `.`, `-`


def _label_then_numbers(text: str) -> tuple[str, str] | None:
    """``text`` (stripped) as a label and the numbers after it, the label as long as it can be."""
    words = [m.span() for m in _WORD.finditer(text)]
    line_end = text.find("\n")
    for i in range(len(words) - 1, 0, -1):
        start, end = words[i]
        if not _NUMBER_WORD.fullmatch(text, start, end):
            return None
        label_end = words[i - 1][1]
        if (
            _NUMBERS_START.match(text, start)
            and _LABEL_END.search(text, words[i - 1][0], label_end)
            and not 0 <= line_end < label_end
        ):
            return text[:label_end], text[start:]
    return None


def _columns(text: str, parts: Sequence[str], column: int) -> list[int]:
    """The column each of ``parts`` (pieces of ``text``, NFKC-folded) starts at in the text.

    NFKC keeps one character for one for full-width digits and punctuation, so an offset found in
    the folded text holds in the original; where folding changed the length, the cell's start is
    the best place known."""
    folded = unicodedata.normalize("NFKC", text)
    if len(folded) != len(text):
        return [column] * len(parts)
    places, cursor = [], 0
    for part in parts:
        at = folded.find(part, cursor)
        places.append(column + at if at >= 0 else column)
        cursor = at + len(part) if at >= 0 else cursor
    return places


# A number grouped in thousands by spaces (`1 234`, `12 345 678`): one value when markup delimits the
# cell (a pipe or HTML cell), where a space cannot separate two cells.
_THOUSANDS = re.compile(r"\d{1,3}(?: \d{3})+")


def _cell_tokens(text: str, line: int, column: int, *, delimited: bool = False) -> list[Token]:
    if delimited and _THOUSANDS.fullmatch(normalise(text)):
        return [Token(text, line, column, parse_value(text))]
    numbers = split_numbers(text)
    if numbers is not None:
        return [
            Token(n, line, at, parse_value(n))
            for n, at in zip(numbers, _columns(text, numbers, column), strict=True)
        ]
    match = _label_then_numbers(text.strip())
    parts = split_numbers(match[1]) if match else None
    if match and parts is None and parse_value(match[1]).kind == "number":
        parts = (match[1],)
    if match and parts:
        label_at, *value_at = _columns(text, (match[0], *parts), column)
        label = Token(match[0], line, label_at, ParsedValue("text"))
        return [label, *(Token(n, line, at, parse_value(n)) for n, at in zip(parts, value_at, strict=True))]
    return [Token(text, line, column, parse_value(text))]


def _span_placeholders_dropped(cells: list[TextCell]) -> list[TextCell]:
    """A row's cells without the empty places that only stand for a span: those before the row's
    last label (`|  | （二）部分公开 | 30 |` under a row-spanning `三、本年度办理结果`), and every
    empty place of a header row (two labels or more, no value). Empty cells after a row's label are
    blank values and stay."""
    texts = [i for i, cell in enumerate(cells) if not cell.empty and not is_value(cell.norm)]
    if not texts:
        return cells
    if len(texts) >= 2 and len(texts) == sum(not cell.empty for cell in cells):
        return [cell for cell in cells if not cell.empty]
    return [cell for i, cell in enumerate(cells) if not (cell.empty and i < texts[-1])]


def flatten(rows: Iterable[Row], *, delimited: bool = False, spans_as_fillers: bool = False) -> tuple[Token, ...]:
    """The cells of all rows in reading order; fillers and span placeholders dropped, the row
    terminator kept on the last. ``delimited``: markup delimits every cell (pipe rows, HTML), so a
    space inside a cell never splits it into two values. ``spans_as_fillers``: the text writes spans
    as bar runs (the statutory layout), so an empty cell it writes (a lone ``|``) is a blank value,
    never a span's place (p055: `(一)予以公开 |` then eight lone `|` lines, its cells blank)."""
    tokens: list[Token] = []
    for row in rows:
        cells = [cell for cell in row.cells if not cell.filler]
        if not spans_as_fillers:
            cells = _span_placeholders_dropped(cells)
        for index, cell in enumerate(cells):
            found = _cell_tokens(cell.text, cell.line, cell.column, delimited=delimited)
            if cell.box is not None:
                found = [attrs.evolve(token, box=cell.box) for token in found]
            if index == len(cells) - 1 and row.terminator is not None:
                found[-1] = attrs.evolve(found[-1], terminator=row.terminator)
            tokens.extend(found)
    return tuple(tokens)


def table_tokens(table: Table) -> tuple[Token, ...]:
    """The flat stream of a table's cells, :func:`flatten` as its dialect writes cells."""
    return flatten(
        table.rows,
        delimited=table.dialect in ("pipe", "html", "docx", "pdf"),
        spans_as_fillers=table.dialect == "statutory",
    )


# ---------------------------------------------------------------------------------------------
# Classifying the stream against a format

ItemKind = Literal["row", "group", "header", "value", "text"]


@attrs.frozen
class Item:
    kind: ItemKind
    token: Token
    label: str | None = None  # the official label matched (row, group, header)


@functools.lru_cache(maxsize=8192)
def _match(text: str, fmt: Format, *, in_rows: bool) -> tuple[ItemKind, str] | None:
    """The label of ``fmt`` a cell's text is (fuzzy matching: cached, as tables repeat their labels)."""
    rows = (("row", fmt.leaf_labels), ("group", fmt.group_labels))
    order = (*rows, ("header", fmt.headers)) if in_rows else (("header", fmt.headers), *rows)
    if block_number(text) is not None:  # block titles only by their item number
        title = next((g for g in fmt.group_labels if block_number(g) == block_number(text)), None)
        return ("group", title) if title else ("text", text)
    for kind, labels in order:
        found = match_label(text, labels)
        if found is not None:
            return kind, found  # type: ignore[return-value]
    wording = next((w for w in OTHER_WORDING if labels_match(text, w, allow_truncation=False)), None)
    if wording is not None and OTHER_WORDING[wording] in fmt.leaf_labels:
        return "row", OTHER_WORDING[wording]
    return None


def classify(tokens: Sequence[Token], fmt: Format) -> tuple[Item, ...]:
    """Each token as a row label, group label, header label, value or unknown text.

    A label split over two or three cells (``本年新`` + ``制作数量``) is joined when the parts match
    nothing alone and the whole matches a label.
    """
    items: list[Item] = []
    in_rows = False
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.is_value:
            items.append(Item("value", token))
            index += 1
            continue
        width, found = _longest_label(tokens, index, fmt, in_rows=in_rows)
        words = _labels_in_words(token, fmt) if found is None else None
        if words:
            items.extend(words)
            in_rows = in_rows or any(item.kind in ("row", "group") for item in words)
        elif found is None:
            items.append(Item("text", token))
        else:
            kind, label = found
            joined = "".join(t.text for t in tokens[index : index + width])
            items.append(Item(kind, attrs.evolve(token, text=joined), label))
            in_rows = in_rows or kind in ("row", "group")
        index += width
    return tuple(items)


def _labels_in_words(token: Token, fmt: Format) -> tuple[Item, ...] | None:
    """A cell of space-separated words that is no label but whose words are labels: a group label and
    its first row on one line (`三、本年度办理结果 （一）予以公开 5 0 …` in PDF text)."""
    words = [
        Token(m[0], token.line, token.column + m.start(), parse_value(m[0])) for m in re.finditer(r"\S+", token.text)
    ]
    if len(words) < 2:
        return None
    items = classify(words, fmt)
    return items if all(item.kind in ("row", "group", "header") for item in items) else None


def _longest_label(
    tokens: Sequence[Token], index: int, fmt: Format, *, in_rows: bool
) -> tuple[int, tuple[ItemKind, str] | None]:
    alone = _match(tokens[index].text, fmt, in_rows=in_rows)
    if alone is not None and alone[0] != "text":
        return 1, alone
    for width in (2, 3):
        parts = tokens[index : index + width]
        if len(parts) < width or any(p.is_value for p in parts):
            break
        found = _match("".join(p.text for p in parts), fmt, in_rows=in_rows)
        if found is not None and found[0] != "text":
            return width, found
    return 1, None


# ---------------------------------------------------------------------------------------------
# Aligning the classified stream with the format's rows


@attrs.frozen
class Placement:
    token: Token
    inferred: bool


@attrs.define
class _Aligner:
    """The walk over the stream: a cursor on the format's rows, values collected for the open row."""

    fmt: Format
    table_kind: str
    rows: list[RowSpec] = attrs.field(init=False)
    placed: dict[tuple[int, int], Placement] = attrs.field(factory=dict)
    findings: list[Finding] = attrs.field(factory=list)
    current: int | None = None
    label_lost: bool = False
    pending: list[Token] = attrs.field(factory=list)
    next_row: int = 0
    closed: set[int] = attrs.field(factory=set)
    lone_seen: bool = False  # a lone value was placed in the total column (the table's pattern)
    placed_by_order: set[int] = attrs.field(factory=set)  # rows filled with their label lost
    row_line: int | None = None  # the line of the open row's label
    anchor: tuple[str, ...] = ()  # the group of the last row or group label the text showed
    crossed: set[int] = attrs.field(factory=set)  # rows filled by order past the anchor's group

    def __attrs_post_init__(self) -> None:
        self.rows = list(self.fmt.rows)

    # -- events ---------------------------------------------------------------------------
    def on_row(self, index: int, line: int) -> None:
        self.close(at_end=False)
        self.anchor = self.rows[index].path[:-1]
        self.open(index, label_lost=False, line=line)

    def on_group(self, label: str) -> None:
        self.close(at_end=False)
        self._withdraw_early(label)
        self.next_row = next(i for i, row in enumerate(self.rows) if label in row.path)
        path = self.rows[self.next_row].path
        self.anchor = path[: path.index(label) + 1]

    def _withdraw_early(self, label: str) -> None:
        """Values placed by order past the group of the last label the text showed, into a group whose
        own label comes after them: in reading order a group's rows follow its label, so they are the
        surplus of the group before (p057: 64 values under (三)不予公开, whose 8 rows hold 56, then
        `(四)无法…`), not its rows'. Left out. (Rows filled by order inside the last label's group stay:
        PDF text puts a row-spanning group label after its first rows, g020.)"""
        early = {i for i in self.placed_by_order & self.crossed if label in self.rows[i].path}
        if not early:
            return
        tokens = [p.token for (r, _), p in sorted(self.placed.items()) if r in early]
        paths = {self.rows[i].path for i in early}
        self.placed = {key: p for key, p in self.placed.items() if key[0] not in early}
        self.placed_by_order -= early
        self.closed -= early
        self.findings = [f for f in self.findings if not (f.cells and all(row in paths for row, _ in f.cells))]
        self.findings.append(
            Finding(
                "surplus-values",
                "warning",
                f"{self.table_kind}: {len(tokens)} value(s) with no row label come before {label}; its rows"
                " follow its label, so they are not its rows' values and were left out",
                table=self.table_kind,
                actual=[t.text for t in tokens],
                line=tokens[0].line,
                column=tokens[0].column,
            )
        )

    def on_text(self, token: Token) -> None:
        """Unknown words in the row area: a row the format does not have, if values follow."""
        if not self.fmt.leaf_labels or (self.current is None and not self.closed):
            return
        self.close(at_end=False)
        block = self.rows[min(self.next_row, len(self.rows)) - 1] if self.next_row else self.rows[0]
        path = (*block.path[:-1], label_key(token.text))
        self.rows.append(RowSpec(path, "extra", "", block.columns, group="extra"))
        self.open(len(self.rows) - 1, label_lost=False, extra=True, line=token.line)

    def on_value(self, token: Token) -> None:
        if self.current is not None and len(self.pending) >= len(self.rows[self.current].columns):
            if token.line != self.row_line:
                self.close(at_end=False)
            elif not token.text.strip():
                return  # more cells on the label's line than the row has columns: padding to the table's width
            elif not self.pending[0].text.strip():
                # the label spans columns written out as empty cells (`| 一、本年新收… |  |  | 3 | … |`)
                del self.pending[0]
            else:
                self.close(at_end=False)
        if self.current is None:
            if self.next_row >= len(self.fmt.rows):
                self.findings.append(_unplaced(self.table_kind, token))
                return
            index = self.next_row
            self.open(index, label_lost=bool(self.fmt.leaf_labels))
            if self.label_lost and self.rows[index].path[:-1] != self.anchor:
                self.crossed.add(index)
        self.pending.append(token)

    # -- rows -----------------------------------------------------------------------------
    def open(self, index: int, *, label_lost: bool, extra: bool = False, line: int | None = None) -> None:
        self.current, self.label_lost, self.pending, self.row_line = index, label_lost, [], line
        if not extra:
            self.next_row = index + 1

    def close(self, *, at_end: bool) -> None:
        if self.current is None:
            return
        index, values = self.current, self.pending
        self.current, self.pending = None, []
        if not values:
            return
        if index in self.placed_by_order and not self.label_lost:
            # the row's own label turns up after values were put there by order: the label wins
            self.findings.append(
                _finding(
                    self,
                    "duplicate-row",
                    "warning",
                    index,
                    values,
                    "the row's label comes after values placed there by the order of the rows;"
                    " the labelled values replace them",
                )
            )
            self.placed = {key: p for key, p in self.placed.items() if key[0] != index}
            self.placed_by_order.discard(index)
            self.place(index, values, at_end=at_end)
            return
        if index in self.closed:
            self.findings.append(
                _finding(
                    self,
                    "duplicate-row",
                    "warning",
                    index,
                    values,
                    "the row label appears twice; the first values are kept",
                )
            )
            return
        self.closed.add(index)
        self.place(index, values, at_end=at_end)

    def place(self, index: int, values: list[Token], *, at_end: bool) -> None:
        columns = self.rows[index].columns
        inferred = self.label_lost
        if self.label_lost:
            self.placed_by_order.add(index)
            self.findings.append(
                _finding(
                    self,
                    "lost-labels",
                    "warning",
                    index,
                    values,
                    "the row's label is not in the text; its values were placed "
                    "by the order of the template rows",
                    range(min(len(values), len(columns))),
                )
            )
        if len(values) == len(columns):
            self._put(index, range(len(columns)), values, inferred)
        elif at_end and not (len(values) == 1 and self.lone_seen):
            self._put(index, range(len(values)), values, inferred)
            self.findings.append(
                _finding(
                    self,
                    "truncated-row",
                    "warning",
                    index,
                    values,
                    f"the table ends after {len(values)} of {len(columns)} values; the rest are absent",
                    range(len(values), len(columns)),
                )
            )
        elif len(values) == 1 and self.fmt.total_column is not None:
            total = next(i for i, c in enumerate(columns) if c.key == self.fmt.total_column)
            self.lone_seen = True
            self._put(index, [total], values, True)
            self.findings.append(
                _finding(
                    self,
                    "lone-value",
                    "warning",
                    index,
                    values,
                    "one value in a row of "
                    f"{len(columns)}: placed in the total "
                    f"column (the other cells were empty){_bars(values)}",
                    [total],
                )
            )
        elif len(values) == 2 and self.fmt.total_column is not None and _same_number(*values):
            total = next(i for i, c in enumerate(columns) if c.key == self.fmt.total_column)
            self._put(index, [0, total], values, True)
            self.findings.append(
                _finding(
                    self,
                    "two-values",
                    "warning",
                    index,
                    values,
                    f"two equal values in a row of {len(columns)}: the second is the total, the first one"
                    f" applicant column's (the first is a guess: any one column fits){_bars(values)}",
                    [0, total],
                )
            )
        else:
            self._put(index, range(len(values)), values, True)
            self.findings.append(
                _finding(
                    self,
                    "short-row",
                    "warning",
                    index,
                    values,
                    f"{len(values)} values in a row of {len(columns)}: placed from the left{_bars(values)}",
                    range(min(len(values), len(columns))),
                )
            )

    def _put(self, index: int, columns: Iterable[int], values: list[Token], inferred: bool) -> None:
        for column, token in zip(columns, values, strict=False):
            self.placed[(index, column)] = Placement(token, inferred)


def _bars(values: list[Token]) -> str:
    bars = values[-1].terminator
    return f" (the row ended with a run of {bars} bars)" if bars is not None else ""


def _finding(
    aligner: _Aligner,
    rule: str,
    severity: str,
    index: int,
    values: list[Token],
    what: str,
    columns: Iterable[int] | None = None,
) -> Finding:
    """A finding about row ``index``, naming the cells it concerns (``columns``; all by default)."""
    row = aligner.rows[index]
    chosen = [row.columns[i] for i in columns] if columns is not None else row.columns
    return Finding(
        rule=rule,
        severity=severity,  # type: ignore[arg-type]
        message=f"{'/'.join(row.path) or aligner.table_kind}: {what}",
        table=aligner.table_kind,
        cells=tuple((row.path, column.path) for column in chosen),
        actual=[t.text for t in values],
        line=values[0].line,
        column=values[0].column,
    )


def _unplaced(kind: str, token: Token) -> Finding:
    return Finding(
        "unplaced-value",
        "warning",
        f"{kind}: value {token.text!r} after the last template cell",
        table=kind,
        actual=token.text,
        line=token.line,
        column=token.column,
    )


def _empty_on(token: Token, line: int | None) -> bool:
    return token.line == line and not token.text.strip()


def _same_number(first: Token, second: Token) -> bool:
    value = parse_value(first.text).value
    return value is not None and value == parse_value(second.text).value


def align(items: Sequence[Item], fmt: Format, kind: str) -> _Aligner:
    """Walk the classified stream and place its values on the format's rows."""
    aligner = _Aligner(fmt, kind)
    row_index = {row.path[-1]: i for i, row in enumerate(fmt.rows) if row.path}
    title_line = None  # the line of the last group, header or caption: its empty cells stand for its span
    for item in items:
        if item.kind in ("group", "header", "text"):
            title_line = item.token.line
        elif item.kind == "value" and aligner.current is None and _empty_on(item.token, title_line):
            continue  # `| 第二十条第（一）项 |  |  |  |`: a spanned title written as empty cells
        if item.kind == "row":
            aligner.on_row(row_index[item.label], item.token.line)  # type: ignore[index]
        elif item.kind == "group":
            aligner.on_group(item.label)  # type: ignore[arg-type]
        elif item.kind == "value":
            aligner.on_value(item.token)
        elif item.kind == "text":
            aligner.on_text(item.token)
    aligner.close(at_end=True)
    return aligner


# ---------------------------------------------------------------------------------------------
# Cells and findings of a statutory table


def _value_cell(row: RowSpec, column: Column, placement: Placement | None, template: bool) -> ValueCell:
    if placement is None:
        return ValueCell(row.path, column.path, None, None, template=template)
    token = placement.token
    parsed = parse_value(token.text, column.kind)
    return ValueCell(
        row=row.path,
        col=column.path,
        value=parsed.value,
        text=token.text,
        line=token.line,
        column=token.column,
        inferred=placement.inferred,
        approximate=parsed.approximate,
        unit=parsed.unit,
        template=template,
        box=token.box,
    )


def statutory_cells(
    table: Table, fmt: Format, tokens: tuple[Token, ...] | None = None
) -> tuple[tuple[ValueCell, ...], tuple[Finding, ...]]:
    """Every template cell of ``fmt`` (found or absent), plus non-template rows, and the findings;
    ``tokens``: the table's flat stream when it is at hand (:func:`table_tokens`)."""
    items = classify(table_tokens(table) if tokens is None else tokens, fmt)
    labels = {item.label for item in items if item.label is not None and item.kind != "text"}
    if len(labels) < MIN_TEMPLATE_LABELS:
        return (), (_not_read(table),)
    aligner = align(items, fmt, table.kind)
    # A row the format lacks is kept only when it holds values: a label with none (a Markdown
    # table's placeholder header `类别 | 数据1 | …`) is a heading, not data.
    filled = {r for r, _ in aligner.placed}
    kept = [r for r, row in enumerate(aligner.rows) if row.group != "extra" or r in filled]
    cells = tuple(
        _value_cell(
            aligner.rows[r], column, aligner.placed.get((r, c)), template=aligner.rows[r].group != "extra"
        )
        for r in kept
        for c, column in enumerate(aligner.rows[r].columns)
    )
    findings = list(aligner.findings)
    findings.extend(_extra_rows(table.kind, [aligner.rows[r] for r in kept if r >= len(fmt.rows)]))
    findings.extend(_header_findings(table.kind, fmt, items))
    missing = [cell for cell in cells if cell.absent and cell.template]
    if missing:
        findings.append(
            Finding(
                "missing-cells",
                "warning",
                f"{table.kind}: {len(missing)} of {len(fmt.cell_paths())} template cells are not in the text",
                table=table.kind,
                cells=tuple((c.row, c.col) for c in missing),
            )
        )
    return cells, tuple(findings)


#: A region fills template cells only when its own text shows at least this many distinct labels
#: of the template (rows, groups, headers): numbers under a section heading with no table (prose
#: written one phrase a line) are never placed by the order of the template's rows. One is enough
#: for a real fragment (p031's page holds the single row 四、结转下年度继续办理 and its 7 values).
MIN_TEMPLATE_LABELS = 1


def _not_read(table: Table) -> Finding:
    first, last = table.lines
    return Finding(
        "table-not-read",
        "warning",
        f"{table.kind}: lines {first}–{last} show no label of the template, so their numbers were not"
        " read as this table's cells",
        table=table.kind,
        line=first,
    )


def _extra_rows(kind: str, rows: Sequence[RowSpec]) -> list[Finding]:
    return [
        Finding(
            "extra-row",
            "info",
            f"{kind}: row {row.path[-1]!r} is not in the format; kept as template=False",
            table=kind,
            cells=tuple((row.path, c.path) for c in row.columns),
        )
        for row in rows
    ]


def _header_findings(kind: str, fmt: Format, items: Sequence[Item]) -> list[Finding]:
    if fmt.leaf_labels or any(item.kind == "header" for item in items):
        return []
    return [
        Finding(
            "unread-header",
            "info",
            f"{kind}: no header label was recognised; the values were mapped by position",
            table=kind,
        )
    ]


# ---------------------------------------------------------------------------------------------
# Format detection


def _votes(table: Table) -> tuple[dict[str, int], dict[str, int]]:
    """Marker labels of each registered revision found in a statutory table (a value marker counts
    when a value follows it), and how many markers each revision has (for :func:`formats.choose`)."""
    tokens = _prepared(table)[2]
    texts = [t.text for t in tokens if not t.is_value]
    votes: dict[str, int] = {}
    sizes: dict[str, int] = {}
    for fmt in formats.formats_of(table.kind):
        after_value = formats.value_markers(fmt)
        votes[fmt.name] = len({m for m in fmt.markers for text in texts if _is_marker(text, m)}) + sum(
            _has_values(tokens, label) for label in after_value
        )
        sizes[fmt.name] = len(fmt.markers) + len(after_value)
    return votes, sizes


@functools.lru_cache(maxsize=8192)
def _is_marker(text: str, marker: str) -> bool:
    return match_label(text, (marker,)) == marker and block_number(marker) in (None, block_number(text))


def _has_values(tokens: Sequence[Token], label: str) -> bool:
    """The first token that is ``label`` (same item number) is followed by a value."""
    for token, following in itertools.pairwise(tokens):
        if match_label(token.text, (label,)) and numbering(token.text) == numbering(label):
            return following.is_value
    return False


def detect_table_format(table: Table) -> str | None:
    """The format revision one table's labels show, or ``None`` when they do not tell."""
    if table.kind == "indicators":
        return PRE_STATUTORY
    if table.kind not in STATUTORY_KINDS:
        return None
    return formats.choose(*_votes(table))


def detect_format(tables: Sequence[Table]) -> tuple[str | None, tuple[Finding, ...]]:
    """The report's format from all its tables' labels; mixed or unclear evidence gives a finding."""
    statutory = [t for t in tables if t.kind in STATUTORY_KINDS]
    if not statutory:
        return (PRE_STATUTORY, ()) if any(t.kind == "indicators" for t in tables) else (None, ())
    totals: dict[str, int] = dict.fromkeys(formats.names(), 0)
    sizes: dict[str, int] = dict.fromkeys(formats.names(), 0)
    for table in statutory:
        votes, markers = _votes(table)
        for name, count in votes.items():
            totals[name] += count
            sizes[name] += markers[name]
    found = {name: count for name, count in totals.items() if count}
    best = formats.choose(found, sizes)
    if best is None:
        *older, newest = formats.names()
        what = f"the {', '.join(older)} format from the {newest} one"
        return None, (Finding("unknown-format", "info", f"no label tells {what}"),)
    if len(found) > 1:
        return best, (
            Finding(
                "mixed-format",
                "warning",
                f"labels of {'both' if len(totals) == 2 else 'several'} formats: {found}; using {best}",
                expected=best,
                actual=found,
            ),
        )
    return best, ()


# ---------------------------------------------------------------------------------------------
# Page furniture

# A page number as PDFs print them, matched on a cell's (or a whole row's) key: `- 4 -`, `— 4 —`,
# `第4页`, `第 4 页 共 12 页`, `4/12`, `Page 4 of 12`. Only a whole cell or row: never part of a label.
_PAGE_NUMBER = re.compile(
    r"[-—–~]+\d{1,4}[-—–~]+|第\d{1,4}页(?:,?共\d{1,4}页)?|共\d{1,4}页,?第\d{1,4}页|\d{1,4}/\d{1,4}"
    r"|(?:page|p\.?)\d{1,4}(?:of\d{1,4})?",
    re.IGNORECASE,
)


def _is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.fullmatch(label_key(text)))


def _without_page_numbers(table: Table) -> tuple[Table, tuple[Finding, ...]]:
    """The table without its page numbers (a PDF's `- 4 -` between two rows is no value), and an
    info finding for each one dropped."""
    rows: list[Row] = []
    dropped: list[TextCell] = []
    for row in table.rows:
        texts = [cell for cell in row.cells if not cell.empty]
        if texts and _is_page_number("".join(cell.text for cell in texts)):
            dropped.append(texts[0])
            continue
        kept = tuple(cell for cell in row.cells if cell.empty or not _is_page_number(cell.text))
        dropped.extend(cell for cell in row.cells if cell not in kept)
        if kept:
            rows.append(attrs.evolve(row, cells=kept) if len(kept) < len(row.cells) else row)
    if not dropped:
        return table, ()
    findings = tuple(
        Finding(
            "page-number",
            "info",
            f"{table.kind}: line {cell.line} is a page number or footer, not a value of the table; left out",
            table=table.kind,
            line=cell.line,
            column=cell.column,
        )
        for cell in dropped
    )
    return attrs.evolve(table, rows=tuple(rows)), findings


#: What the detector and the mapper both need of a table (it without page numbers, the findings
#: of those dropped, its flat stream), kept for the last tables seen by identity: the stream is
#: built once per table. The table is kept with it, so its id cannot be reused while it is there.
_PREPARED: dict[int, tuple[Table, tuple[Table, tuple[Finding, ...], tuple[Token, ...]]]] = {}
_PREPARED_KEPT = 16


def _prepared(table: Table) -> tuple[Table, tuple[Finding, ...], tuple[Token, ...]]:
    hit = _PREPARED.get(id(table))
    if hit is not None and hit[0] is table:
        return hit[1]
    stripped, findings = _without_page_numbers(table)
    prepared = (stripped, findings, table_tokens(stripped))
    while len(_PREPARED) >= _PREPARED_KEPT:
        _PREPARED.pop(next(iter(_PREPARED)), None)
    _PREPARED[id(table)] = (table, prepared)
    return prepared


# ---------------------------------------------------------------------------------------------
# The stage


def apply_template(table: Table, *, fmt: str | None = None) -> tuple[Table, tuple[Finding, ...]]:
    """A table with ``format`` and ``cells`` set, and the findings of the rebuild.

    Statutory tables get every cell of their format's template; ``fmt`` is the report's format
    (from :func:`detect_format`); without it the table's own labels decide, and when they do not
    :data:`formats.DEFAULT` is assumed (finding ``format-assumed``). Indicator tables get label-keyed
    cells and format :data:`formats.PRE_STATUTORY`; other tables are returned unchanged.
    """
    if table.kind not in (*STATUTORY_KINDS, "indicators"):
        return table, ()
    if table.kind == "indicators":
        table, page_numbers = _without_page_numbers(table)
        cells, findings = indicator_cells(table)
        return attrs.evolve(table, format=PRE_STATUTORY, cells=cells), (*page_numbers, *findings)
    table, page_numbers, tokens = _prepared(table)
    assumed: list[Finding] = []
    name = fmt if fmt in formats.names() else detect_table_format(table)
    if name is None:
        name = formats.DEFAULT
        if formats.same_in_every_revision(table.kind) is None:  # table 四 needs no guess
            assumed.append(
                Finding(
                    "format-assumed",
                    "warning",
                    f"{table.kind}: the labels do not tell the format; the {name} template was used",
                    table=table.kind,
                    expected=name,
                )
            )
    cells, findings = statutory_cells(table, format_for(table.kind, name), tokens)
    return attrs.evolve(table, format=name, cells=cells), (*assumed, *page_numbers, *findings)
