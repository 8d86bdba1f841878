"""Stage 2: a table region's lines → rows of text cells, through its dialect's Lark grammar.

The grammars (``grammars/*.lark``, shipped as the package ``govtables.grammars``) share one tree
vocabulary — ``row``, ``cell``, ``closed``, ``continued``, ``bars``, ``glued``, ``row_end``,
``bar_line`` — and
:class:`RowBuilder` is the one transformer that turns any of their trees into :class:`Row` values
with line and column. It is embedded in the LALR parser (``transformer=``): no tree is built, and
positions come from the tokens (``propagate_positions`` is off). Parsers are built once per process
and cached (Lark parsers do not pickle, so worker processes build their own on first use).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path

import attrs
from lark import Lark, Token, Transformer, v_args
from lark.exceptions import LarkError, UnexpectedInput

from .errors import ParseError
from .model import Row, TextCell
from .values import is_value


def grammar_text(name: str) -> str:
    return resources.files("govtables.grammars").joinpath(name).read_text(encoding="utf-8")


@cache
def parser(dialect: str, *, strict: bool = False) -> Lark:
    """The LALR parser of a text dialect, built on first use; it returns a parse tree."""
    return _build(dialect, strict=strict, transformer=None)


@cache
def row_parser(dialect: str) -> Lark:
    """The LALR parser of a text dialect with :class:`RowBuilder` embedded: ``parse`` returns the
    items of :meth:`RowBuilder.start` directly, with no tree (line offset: :data:`_LINE_OFFSET`)."""
    return _build(dialect, strict=False, transformer=RowBuilder())


def _build(dialect: str, *, strict: bool, transformer: Transformer[Token, list[object]] | None) -> Lark:
    filename = GRAMMARS[dialect]
    folder = resources.files("govtables.grammars")
    cache_dir = _cache_dir()
    with resources.as_file(folder.joinpath(filename)) as path:
        return Lark.open(
            str(path),
            parser="lalr",
            lexer="contextual",
            propagate_positions=False,
            maybe_placeholders=False,
            strict=strict,
            transformer=transformer,
            cache=str(cache_dir / f"{dialect}{'-strict' if strict else ''}.lark-cache") if cache_dir else False,
        )


@cache
def _cache_dir() -> Path | None:
    """Where Lark keeps the analysed grammars (its tables, a few ms to load instead of ~100 ms to
    build on a process's first parse): ``$XDG_CACHE_HOME/govtables`` or ``~/.cache/govtables``, a
    folder only this user may write (Lark's own default, a predictable name in the shared ``/tmp``,
    would load a pickle anyone could plant). ``None`` (no cache, grammars built each process) when
    that folder cannot be made or written, e.g. a read-only home. Lark checks each cached file
    against the grammar's text and Lark's and Python's versions, and rebuilds on any mismatch."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "govtables"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


def _at(token: Token) -> tuple[int, int]:
    """A token's line and column (1-based; the lexer sets both on every token)."""
    return token.line or 1, token.column or 1


def _cell(raw: str, line: int, column: int) -> TextCell:
    """A cell's text as written at ``line`` and ``column`` (its spaces stripped, the column moved past
    the leading ones)."""
    stripped = raw.strip()
    return TextCell(stripped, line=line, column=column + len(raw) - len(raw.lstrip()))


def _split_cell(token: Token) -> tuple[str, str, int]:
    """A statutory ``CELL`` or a pipe ``CLOSED`` token: its text, the bar run closing it, and the
    run's offset in the token."""
    cut = min(i for i in (token.find("|"), token.find("｜")) if i >= 0)
    return token[:cut], token[cut:], cut


@attrs.frozen
class CellItem:
    """A cell as the grammar read it; ``extra`` (statutory layout) is the number of places its row
    lost, said by the bars after it on its line (0: the row goes on)."""

    cell: TextCell
    extra: int = 0


@attrs.frozen
class BarRun:
    """A run of bars: between cells of a pipe row, or a row end — a line of bars alone (statutory
    layout, cell-per-line) or a run glued to a cell's line (``0 | |||``)."""

    bars: int
    line: int
    column: int


@attrs.frozen
class TabRun:
    """A run of tabs in a spaced row: an empty cell at each tab (the first may only close a cell)."""

    cells: tuple[TextCell, ...]


Item = CellItem | BarRun | TabRun


@v_args(inline=True)
class RowBuilder(Transformer[Token, list[object]]):
    """The one transformer: any dialect's tree → typed items (:class:`CellItem`, :class:`BarRun`,
    :class:`TabRun`), grouped in lists by ``row``; each dialect's row builder reads them.

    Items of the shared vocabulary:

    - ``cell``: text, possibly wrapped over lines (statutory) — one :class:`TextCell`;
    - ``closed``: a pipe cell and the bar run after it, one token — a cell and a :class:`BarRun`;
    - ``continued``: a cell-per-line cell and the line end after it, one token — a cell;
    - ``bars``: a bar run inside a pipe row — its length;
    - ``glued`` / ``row_end`` / ``bar_line``: a statutory row end or a cell-per-line row break.
    """

    @property
    def offset(self) -> int:
        """Lines before the region in the report: set per parse, per thread, by :func:`parse_rows`
        (the parser and its embedded transformer are shared)."""
        return _LINE_OFFSET.value

    def _run(self, run: str, line: int, column: int) -> BarRun:
        return BarRun(_bar_count(run), line + self.offset, column)

    def cell(self, *tokens: Token | BarRun) -> Item:
        # the text lines (statutory: a wrapped label's) and the bar run closing the cell, if any
        texts = [(str(t), *_at(t)) for t in tokens if isinstance(t, Token) and t.type == "TEXT"]
        bars: tuple[str, int, int] | None = None
        for token in tokens:
            if isinstance(token, Token) and token.type in ("RUN", "CELL"):
                line, column = _at(token)
                if token.type == "CELL":  # statutory: the cell's last line and its bars, one token
                    text, run, cut = _split_cell(token)
                    texts.append((text, line, column))
                    bars = (run, line, column + cut)
                else:
                    bars = (str(token), line, column)
        if bars is not None:  # statutory layout: only indentation before a bar run is no cell
            texts = [t for t in texts if t[0].strip()]
            if not texts:
                return self._run(*bars)  # an indented bar line (`\t||||`)
        raw, line, column = texts[0]
        first = _cell(raw, line + self.offset, column)
        if len(texts) > 1:  # a wrapped label: keep the line breaks in the original text
            first = TextCell("\n".join(t[0].strip() for t in texts), line=first.line, column=first.column)
        glued = sum(t.bars for t in tokens if isinstance(t, BarRun))
        return CellItem(first, (_bar_count(bars[0]) - 1 if bars is not None else 0) + glued)

    open_cell = cell

    def glued(self, *tokens: Token) -> BarRun:
        """A statutory row end glued to a cell's line: a ``CELL`` (or, in the token-level grammar the
        tests compare with, ``TEXT RUN``), whose bars count."""
        token = tokens[-1]
        line, column = _at(token)
        if token.type == "RUN":
            return self._run(token, line, column)
        _, run, cut = _split_cell(token)
        return self._run(run, line, column + cut)

    def bars(self, token: Token) -> BarRun:
        return self._run(token, *_at(token))

    row_end = bar_line = bars

    def closed(self, token: Token) -> list[Item]:
        """A pipe cell and the bars closing it, read as one token."""
        text, run, cut = _split_cell(token)
        line, column = _at(token)
        return [CellItem(_cell(text, line + self.offset, column)), self._run(run, line, column + cut)]

    def continued(self, token: Token) -> CellItem:
        """A cell-per-line cell read with the line end after it."""
        line, column = _at(token)
        return CellItem(_cell(token[:-1], line + self.offset, column))

    def word(self, token: Token) -> CellItem:
        line, column = _at(token)
        return CellItem(_cell(token, line + self.offset, column))

    def tabs(self, token: Token) -> TabRun:
        """A run of tabs: an empty cell at each tab, the first of which only closes the cell before."""
        line, column = _at(token)
        tabs = [i for i, ch in enumerate(token) if ch == "\t"]
        return TabRun(tuple(TextCell("", line=line + self.offset, column=column + i) for i in tabs))

    def row(self, *items: Item | list[Item]) -> list[Item]:
        return [part for item in items for part in (item if isinstance(item, list) else (item,))]

    def start(self, *items: object) -> list[object]:
        # BLANK tokens (cell-per-line row breaks) carry no cell
        return [item for item in items if not isinstance(item, Token)]


# The line offset of the region being parsed, per thread (see RowBuilder.offset).
_LINE_OFFSET = threading.local()


def _bar_count(run: str) -> int:
    """The bars in a run (`|||`, or `| | |` with spaces between them in the statutory layout)."""
    return run.count("|") + run.count("｜")


_MARKDOWN_RULE = re.compile(r"^:?-{2,}:?$")


def _pipe_row(items: list[Item]) -> Row | None:
    """A pipe row: text between bars is a cell; a run of n bars after a cell adds n-1 fillers."""
    cells: list[TextCell] = []
    for index, item in enumerate(items):
        if isinstance(item, CellItem):
            if item.cell.empty and index in (0, len(items) - 1):
                continue  # space before the leading bar or after the trailing one
            cells.append(item.cell)
        elif isinstance(item, BarRun) and cells:
            cells.extend(
                TextCell("", line=item.line, column=item.column + k, filler=True) for k in range(1, item.bars)
            )
    if not cells or all(c.empty or _MARKDOWN_RULE.match(c.norm) for c in cells):
        return None  # an empty row, or a Markdown |---|---| rule
    return Row(tuple(cells), line=cells[0].line)


def _statutory_rows(entries: list[Item]) -> tuple[Row, ...]:
    """Statutory-layout entries → rows.

    Where a table writes its empty cells as lone ``|`` lines (two or more in a row somewhere), a
    lone ``|`` is an empty cell; otherwise a bar line ends a row.
    """
    lone_is_cell = any(
        isinstance(a, BarRun) and isinstance(b, BarRun) and a.bars == 1 and b.bars == 1
        for a, b in pairwise(entries)
    )
    rows: list[Row] = []
    cells: list[TextCell] = []

    def close(terminator: int | None) -> None:
        if cells:
            rows.append(Row(tuple(cells), line=cells[0].line, terminator=terminator))
            cells.clear()

    for entry in entries:
        if isinstance(entry, CellItem):
            cells.append(entry.cell)
            if entry.extra:
                close(entry.extra)
        elif isinstance(entry, BarRun):
            if lone_is_cell and entry.bars == 1:
                cells.append(TextCell("", line=entry.line, column=entry.column))
            else:
                close(entry.bars)
    close(None)
    return tuple(rows)


def _spaced_row(items: list[Item], *, tabbed: bool) -> Row | None:
    """Words before the trailing run of values form one label cell; a line of words stays split.
    In a tab-separated table (``tabbed``) a row is split at its tabs only (see :func:`_tabbed_row`);
    elsewhere a tab is white space like any other."""
    if tabbed:
        return _tabbed_row(items)
    words = [item.cell for item in items if isinstance(item, CellItem)]
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


def _tabbed_row(items: list[Item]) -> Row:
    """A row of a tab-separated table: each tab closes a cell, so ``k`` tabs between two texts hold
    ``k - 1`` empty cells, and ``k`` tabs before the first text or after the last ``k``."""
    cells: list[TextCell] = []
    words: list[TextCell] = []
    for index, item in enumerate(items):
        if isinstance(item, CellItem):
            words.append(item.cell)
            continue
        if not isinstance(item, TabRun):
            continue
        if words:
            cells.append(_joined(words))
            words = []
        between = 0 < index < len(items) - 1  # the first tab only closes the cell before
        cells.extend(item.cells[1:] if between else item.cells)
    if words:
        cells.append(_joined(words))
    return Row(tuple(cells), line=cells[0].line)


def _plain_row(items: list[Item]) -> Row | None:
    """A cell-per-line row: its cells, in order."""
    cells = tuple(item.cell for item in items if isinstance(item, CellItem))
    return Row(cells, line=cells[0].line) if cells else None


_INNER_TAB = re.compile(r"\S[ \u3000]*\t[ \t\u3000]*\S")  # a tab between two texts: a tab-separated table


def _strip_end(line: str, *, keep_tabs: bool) -> str:
    if not keep_tabs:
        return line.rstrip()
    stripped = line.rstrip()
    tabs = line[len(stripped) :].count("\t")
    return stripped + "\t" * tabs if stripped and tabs else stripped


def _rows_of_lines(build: Callable[[list[Item]], Row | None]) -> Callable[[list[object], bool], tuple[Row, ...]]:
    """A dialect whose grammar delimits rows (``row`` nodes): each row's items through ``build``."""

    def rows(items: list[object], tabbed: bool) -> tuple[Row, ...]:
        built = (build(row) for row in items if isinstance(row, list))  # bar-line row breaks are no row
        return tuple(row for row in built if row is not None)

    return rows


def _statutory(items: list[object], tabbed: bool) -> tuple[Row, ...]:
    return _statutory_rows([item for item in items if isinstance(item, CellItem | BarRun)])


def _spaced(items: list[object], tabbed: bool) -> tuple[Row, ...]:
    return _rows_of_lines(lambda row: _spaced_row(row, tabbed=tabbed))(items, tabbed)


@attrs.frozen
class Dialect:
    """A text dialect as one unit: its name, its grammar file, how its transformed tree becomes rows
    (``rows(items, tabbed)``), the :func:`govtables.render.render` writer that writes it (``None``:
    none), whether it keeps trailing tabs (empty last cells of tab-separated rows), whether its row
    ends count the places a row lost (the statutory layout: the grid pads them, per report's ``+1``
    convention), and whether its text may leave rows undelimited (one cell a row: the grid regroups
    them). Which line shapes claim a block for it: :data:`govtables.regions.CLAIMS`."""

    name: str
    grammar: str
    rows: Callable[[list[object], bool], tuple[Row, ...]]
    renderer: str | None
    keeps_tabs: bool = False
    counts_lost: bool = False
    regroups: bool = False


DIALECTS: tuple[Dialect, ...] = (
    Dialect("pipe", "pipe.lark", _rows_of_lines(_pipe_row), "pipe"),
    Dialect("cell-per-line", "cell_per_line.lark", _rows_of_lines(_plain_row), "cell-per-line", regroups=True),
    Dialect("statutory", "statutory.lark", _statutory, "statutory", counts_lost=True),
    Dialect("spaced", "spaced.lark", _spaced, None, keeps_tabs=True),
)
#: The block dialects by name.
DIALECT_UNITS: dict[str, Dialect] = {dialect.name: dialect for dialect in DIALECTS}
# The collapsed dialect (govtables.collapsed) has a grammar too, but finds its own tables inside one
# long line: it is no block dialect that the region finder chooses between.
GRAMMARS: dict[str, str] = {dialect.name: dialect.grammar for dialect in DIALECTS} | {"collapsed": "collapsed.lark"}


def dialect_of(name: str) -> Dialect:
    """The registered text dialect called ``name`` (``KeyError`` for another, e.g. ``"html"``)."""
    return DIALECT_UNITS[name]


def parse_rows(dialect: str, text: str, *, first_line: int = 1, source: str | None = None) -> tuple[Row, ...]:
    """Parse one table region written in ``dialect``; ``first_line`` is its line in the report.

    Raises :class:`ParseError` (with line and column in the report) when the grammar rejects it.
    """
    unit = dialect_of(dialect)
    offset = first_line - 1
    # trailing white space is noise, but for trailing tabs of a tab-separated row (empty last cells)
    lines = [_strip_end(line, keep_tabs=unit.keeps_tabs) for line in text.split("\n")]
    body = "\n".join(lines).strip("\n")
    lead = next((i for i, line in enumerate(lines) if line), 0)
    offset += lead
    if not body:
        return ()
    _LINE_OFFSET.value = offset
    try:
        items: list[object] = row_parser(dialect).parse(body)  # type: ignore[assignment]
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
    tabbed = unit.keeps_tabs and any(_INNER_TAB.search(line) for line in lines)
    return unit.rows(items, tabbed)


def implausible(rows: tuple[Row, ...], dialect: str) -> str | None:
    """Why ``rows`` read in ``dialect`` are not a plausible table, or ``None`` when they are.

    A plausible table has at least two rows, at least one label (a cell with text that is no value)
    and at least one value; and where the dialect's row ends count lost places (the statutory layout),
    not every row is a single cell — a text with no row ends read that way is one cell a line.
    """
    cells = [cell for row in rows for cell in row.cells if not cell.empty]
    if len(rows) < 2:
        return f"{len(rows)} row" + ("" if len(rows) == 1 else "s")
    if not any(is_value(cell.norm) for cell in cells):
        return "no value"
    if all(is_value(cell.norm) for cell in cells):
        return "no label"
    if dialect_of(dialect).counts_lost and all(len(row.cells) == 1 for row in rows):
        return "every row a single cell"
    return None
