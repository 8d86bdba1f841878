"""Stage 2: a table region's lines → rows of text cells, through its dialect's Lark grammar.

The grammars (``grammars/*.lark``, shipped as the package ``govtables.grammars``) share one tree
vocabulary — ``row``, ``cell``, ``bars``, ``glued``, ``row_end``, ``bar_line`` — and
:class:`RowBuilder` is the one transformer that turns any of their trees into :class:`Row` values
with line and column. Parsers are built once per process and cached (Lark parsers do not pickle,
so worker processes build their own on first use).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from itertools import pairwise

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import LarkError, UnexpectedInput

from .errors import ParseError
from .model import Row, TextCell
from .text import is_value

GRAMMARS: dict[str, str] = {
    "pipe": "pipe.lark",
    "cell-per-line": "cell_per_line.lark",
    "statutory": "statutory.lark",
    "spaced": "spaced.lark",
    "collapsed": "collapsed.lark",
}


def grammar_text(name: str) -> str:
    return resources.files("govtables.grammars").joinpath(name).read_text(encoding="utf-8")


@cache
def parser(dialect: str, *, strict: bool = False) -> Lark:
    """The LALR parser of a text dialect, built on first use."""
    filename = GRAMMARS[dialect]
    folder = resources.files("govtables.grammars")
    with resources.as_file(folder.joinpath(filename)) as path:
        return Lark.open(
            str(path),
            parser="lalr",
            lexer="contextual",
            propagate_positions=True,
            maybe_placeholders=False,
            strict=strict,
        )


def _cell(token: Token, line_offset: int) -> TextCell:
    raw = str(token)
    stripped = raw.strip()
    lead = len(raw) - len(raw.lstrip())
    return TextCell(stripped, line=token.line + line_offset, column=token.column + lead)


@v_args(inline=True)
class RowBuilder(Transformer):
    """The one transformer: any dialect's tree → a tuple of rows.

    Items of the shared vocabulary:

    - ``cell``: text, possibly wrapped over lines (statutory) — one :class:`TextCell`;
    - ``bars``: a bar run inside a pipe row — its length;
    - ``glued`` / ``row_end`` / ``bar_line``: a statutory row end or a cell-per-line row break.
    """

    def __init__(self, line_offset: int = 0) -> None:
        super().__init__()
        self.offset = line_offset

    def cell(self, *tokens: Token) -> tuple[str, object]:
        texts = [t for t in tokens if isinstance(t, Token) and t.type == "TEXT"]
        bars = next((t for t in tokens if isinstance(t, Token) and t.type == "RUN"), None)
        if bars is not None:  # statutory layout: only indentation before a bar run is no cell
            texts = [t for t in texts if t.strip()]
            if not texts:
                return ("row_end", bars)  # an indented bar line (`\t||||`)
        first = _cell(texts[0], self.offset)
        if len(texts) > 1:  # a wrapped label: keep the line breaks in the original text
            first = TextCell("\n".join(t.strip() for t in texts), line=first.line, column=first.column)
        glued = [t for t in tokens if isinstance(t, tuple)]
        extra = (_bar_count(bars) - 1 if bars is not None else 0) + sum(n for _, n in glued)
        return ("cell", (first, extra))

    open_cell = cell

    def glued(self, _space: Token, bars: Token) -> tuple[str, int]:
        return ("glued", _bar_count(bars))

    def bars(self, token: Token) -> tuple[str, Token]:
        return ("bars", token)

    def row_end(self, token: Token) -> tuple[str, Token]:
        return ("row_end", token)

    def bar_line(self, token: Token) -> tuple[str, Token]:
        return ("row_end", token)

    def word(self, token: Token) -> tuple[str, object]:
        return ("cell", (_cell(token, self.offset), 0))

    def tabs(self, token: Token) -> tuple[str, list[TextCell]]:
        """A run of tabs: an empty cell at each tab, the first of which only closes the cell before."""
        line, tabs = token.line + self.offset, [i for i, ch in enumerate(token) if ch == "\t"]
        return ("tabs", [TextCell("", line=line, column=token.column + i) for i in tabs])

    def row(self, *items: tuple[str, object]) -> list[tuple[str, object]]:
        return list(items)

    def start(self, *items: object) -> list[object]:
        # BLANK tokens (row breaks, or blank lines inside a statutory table) carry no cell
        return [item for item in items if not isinstance(item, Token)]


def _bar_count(run: str) -> int:
    """The bars in a run (`|||`, or `| | |` with spaces between them in the statutory layout)."""
    return run.count("|") + run.count("｜")


_MARKDOWN_RULE = re.compile(r"^:?-{2,}:?$")


def _pipe_row(items: list[tuple[str, object]], offset: int) -> Row | None:
    """A pipe row: text between bars is a cell; a run of n bars after a cell adds n-1 fillers."""
    cells: list[TextCell] = []
    for index, (what, value) in enumerate(items):
        if what == "cell":
            cell, _ = value  # type: ignore[misc]
            if cell.empty and index in (0, len(items) - 1):
                continue  # space before the leading bar or after the trailing one
            cells.append(cell)
        elif cells:
            token: Token = value  # type: ignore[assignment]
            cells.extend(
                TextCell("", line=token.line + offset, column=token.column + k, filler=True)
                for k in range(1, len(token))
            )
    if not cells or all(c.empty or _MARKDOWN_RULE.match(c.norm) for c in cells):
        return None  # an empty row, or a Markdown |---|---| rule
    return Row(tuple(cells), line=cells[0].line)


def _statutory_rows(entries: list[tuple[str, object]], offset: int) -> tuple[Row, ...]:
    """Statutory-layout entries → rows.

    Where a table writes its empty cells as lone ``|`` lines (two or more in a row somewhere), a
    lone ``|`` is an empty cell; otherwise a bar line ends a row.
    """
    lone_is_cell = any(
        a[0] == "row_end" and b[0] == "row_end" and _bar_count(a[1]) == 1 and _bar_count(b[1]) == 1  # type: ignore[arg-type]
        for a, b in pairwise(entries)
    )
    rows: list[Row] = []
    cells: list[TextCell] = []

    def close(terminator: int | None) -> None:
        if cells:
            rows.append(Row(tuple(cells), line=cells[0].line, terminator=terminator))
            cells.clear()

    for what, value in entries:
        if what == "cell":
            cell, extra = value  # type: ignore[misc]
            cells.append(cell)
            if extra:
                close(extra)
        else:
            token: Token = value  # type: ignore[assignment]
            if lone_is_cell and _bar_count(token) == 1:
                cells.append(TextCell("", line=token.line + offset, column=token.column))
            else:
                close(_bar_count(token))
    close(None)
    return tuple(rows)


def _spaced_row(items: list[tuple[str, object]], *, tabbed: bool) -> Row | None:
    """Words before the trailing run of values form one label cell; a line of words stays split.
    In a tab-separated table (``tabbed``) a row is split at its tabs only (see :func:`_tabbed_row`);
    elsewhere a tab is white space like any other."""
    if tabbed:
        return _tabbed_row(items)
    words: list[TextCell] = [value[0] for what, value in items if what == "cell"]  # type: ignore[index]
    first_value = len(words)
    while first_value > 0 and is_value(words[first_value - 1].norm):
        first_value -= 1
    if 1 < first_value < len(words):
        words = [_joined(words[:first_value]), *words[first_value:]]
    return Row(tuple(words), line=words[0].line) if words else None


def _joined(words: list[TextCell]) -> TextCell:
    """Words of one cell as one, the spaces between them as many as the text had (columns kept)."""
    text = words[0].text
    for before, word in pairwise(words):
        text += " " * max(1, word.column - before.column - len(before.text)) + word.text
    return TextCell(text, line=words[0].line, column=words[0].column)


def _tabbed_row(items: list[tuple[str, object]]) -> Row:
    """A row of a tab-separated table: each tab closes a cell, so ``k`` tabs between two texts hold
    ``k - 1`` empty cells, and ``k`` tabs before the first text or after the last ``k``."""
    cells: list[TextCell] = []
    words: list[TextCell] = []
    for index, (what, value) in enumerate(items):
        if what == "cell":
            words.append(value[0])  # type: ignore[index]
            continue
        if words:
            cells.append(_joined(words))
            words = []
        between = 0 < index < len(items) - 1  # the first tab only closes the cell before
        cells.extend(value[1:] if between else value)  # type: ignore[index]
    if words:
        cells.append(_joined(words))
    return Row(tuple(cells), line=cells[0].line)


_INNER_TAB = re.compile(r"\S[ \u3000]*\t[ \t\u3000]*\S")  # a tab between two texts: a tab-separated table


def _strip_end(line: str, *, keep_tabs: bool) -> str:
    if not keep_tabs:
        return line.rstrip()
    stripped = line.rstrip()
    tabs = line[len(stripped) :].count("\t")
    return stripped + "\t" * tabs if stripped and tabs else stripped


def parse_rows(dialect: str, text: str, *, first_line: int = 1, source: str | None = None) -> tuple[Row, ...]:
    """Parse one table region written in ``dialect``; ``first_line`` is its line in the report.

    Raises :class:`ParseError` (with line and column in the report) when the grammar rejects it.
    """
    offset = first_line - 1
    # trailing white space is noise, but for trailing tabs of a tab-separated row (empty last cells)
    lines = [_strip_end(line, keep_tabs=dialect == "spaced") for line in text.split("\n")]
    body = "\n".join(lines).strip("\n")
    lead = next((i for i, line in enumerate(lines) if line), 0)
    offset += lead
    try:
        tree = parser(dialect).parse(body) if body else None
    except UnexpectedInput as exc:
        expected = ", ".join(sorted(getattr(exc, "expected", None) or getattr(exc, "allowed", ()) or ()))
        raise ParseError(
            f"the {dialect} grammar cannot read this line",
            line=exc.line + offset if exc.line and exc.line > 0 else None,
            column=exc.column if exc.column and exc.column > 0 else None,
            source=source,
            expected=expected or None,
        ) from exc
    except LarkError as exc:  # pragma: no cover - any other Lark failure is still ours to report
        raise ParseError(f"the {dialect} grammar failed: {exc}", line=first_line, source=source) from exc
    if tree is None:
        return ()
    items = RowBuilder(offset).transform(tree)
    tabbed = dialect == "spaced" and any(_INNER_TAB.search(line) for line in lines)
    if dialect == "statutory":
        return _statutory_rows(items, offset)
    rows: list[Row] = []
    for row_items in items:
        if not isinstance(row_items, list):
            continue  # a bar-line row break of the cell-per-line dialect
        if dialect == "pipe":
            row = _pipe_row(row_items, offset)
        elif dialect == "spaced":
            row = _spaced_row(row_items, tabbed=tabbed)
        else:
            row_cells = tuple(cell for what, (cell, _) in row_items if what == "cell")  # type: ignore[misc]
            row = Row(row_cells, line=row_cells[0].line) if row_cells else None
        if row is not None:
            rows.append(row)
    return tuple(rows)
