"""Writing a grid back out: the three text dialects as real reports write them, plus Markdown, HTML and
tab-separated rows.

:func:`render` is the inverse of :func:`govtables.parse.parse_rows` (and of the grid stage) up to
what a dialect can say. :class:`RenderStyle` carries the noise real text has — leading and trailing
bars, trailing spaces, CRLF, full-width bars, indents, wrapped labels, glued or missing row
terminators — so round-trip tests can generate it.

What each text dialect can say about a grid of width ``W``:

- ``"pipe"``: one row a line. A cell spanning ``k`` columns is followed by a run of ``k`` bars
  (``| 第二十条第(一)项 |||| ``); a place covered by a span from a row above is written as an empty
  cell followed by the bars of the rest of the span's width in that row. Rowspans are not written.
- ``"cell-per-line"``: one non-empty cell a line, rows split by blank lines or lone ``|`` lines.
  Empty cells, spans and all-empty rows cannot be written and are left out.
- ``"statutory"``: one cell a line ending ``" |"``; after each row a line of bars, one per place the
  row lost (to a span or an empty cell) plus, by convention, one for the row end. Empty cells are
  dropped or written as lone ``|`` lines (``style.empty_cells``).

Cell text cannot hold a bar in the text dialects (:class:`RenderError`); a line break inside a cell
(a wrapped label) is kept in the statutory dialect and written as a space in the two others.
"""

from __future__ import annotations

import html
from typing import Literal

import attrs

from .errors import RenderError
from .model import Grid, Span, Table, TextCell

__all__ = ["DIALECTS", "RenderStyle", "render"]

DIALECTS: tuple[str, ...] = ("pipe", "cell-per-line", "statutory", "markdown", "html", "tsv")
TEXT_DIALECTS: tuple[str, ...] = ("pipe", "cell-per-line", "statutory")

_BARS = "|｜"


@attrs.frozen
class RenderStyle:
    """The noise of a real text, as options. The defaults write the cleanest form of each dialect.

    - ``leading_bar`` / ``trailing_bar``: pipe rows start / end with a bar (``| a | b |``).
    - ``trailing_space``: every line ends with a space (stripped again by the parser).
    - ``newline``: ``"\\n"`` or ``"\\r\\n"``.
    - ``full_width``: bars are written ``｜``.
    - ``indent``: written before every cell line (``""``, ``"\\t"``, ``"  "``); bar lines too when
      ``indent_bars`` (statutory).
    - ``wrap``: labels of at least ``wrap_width`` characters that are not numbers are split in the
      middle with this separator (``" "`` → ``本年新 制作数量``; ``"\\n"`` puts the rest on the next
      line, statutory only — the other dialects write a space).
    - ``glue``: statutory row terminators go on the last cell's line (``0 | |||``).
    - ``terminate_last``: the statutory table's last row gets its terminator.
    - ``plus_one``: statutory terminators carry one more bar for the row end itself (so a row that
      lost nothing still ends with ``|``); without it such a row has no terminator line at all.
    - ``spaced_bars``: statutory bar runs are written with spaces between the bars (``| | |``).
    - ``empty_cells``: statutory empty cells are ``"drop"``-ped (and counted in the terminator) or
      written as lone ``"bar"`` lines.
    - ``row_break``: cell-per-line rows are split by a ``"blank"`` line or a lone ``"bar"`` line.
    """

    leading_bar: bool = True
    trailing_bar: bool = True
    trailing_space: bool = False
    newline: str = attrs.field(default="\n", validator=attrs.validators.in_(("\n", "\r\n")))
    full_width: bool = False
    indent: str = attrs.field(default="", validator=attrs.validators.in_(("", "\t", " ", "  ", "\u3000")))
    wrap: str | None = attrs.field(default=None, validator=attrs.validators.in_((None, " ", "\n")))
    wrap_width: int = attrs.field(default=6, validator=attrs.validators.ge(2))
    glue: bool = False
    indent_bars: bool = False
    spaced_bars: bool = False
    terminate_last: bool = True
    plus_one: bool = True
    empty_cells: Literal["drop", "bar"] = attrs.field(
        default="drop", validator=attrs.validators.in_(("drop", "bar"))
    )
    row_break: Literal["blank", "bar"] = attrs.field(
        default="blank", validator=attrs.validators.in_(("blank", "bar"))
    )

    @property
    def bar(self) -> str:
        return "｜" if self.full_width else "|"


@attrs.frozen
class Place:
    """A run of a row's places as a text dialect sees it.

    ``kind`` is ``"cell"`` (a cell's origin, ``text`` possibly empty), or ``"covered"`` (places a
    span from a row above covers); ``width`` is how many grid columns the run takes.
    """

    kind: Literal["cell", "covered"]
    text: str
    width: int


def row_places(grid: Grid) -> list[list[Place]]:
    """Each row of ``grid`` as runs of places, left to right, spans clipped to the grid."""
    origins: dict[tuple[int, int], Span] = {(s.row, s.col): s for s in grid.spans}
    covered = grid.covered()
    rows: list[list[Place]] = []
    for r, row in enumerate(grid.cells):
        places: list[Place] = []
        c = 0
        while c < len(row):
            span = origins.get((r, c))
            if span is not None:
                width = max(1, min(span.colspan, len(row) - c))
                places.append(Place("cell", _text(row[c]), width))
            elif (r, c) in covered:
                over = covered[(r, c)]
                width = max(1, min(over.col + over.colspan, len(row)) - c)
                places.append(Place("covered", "", width))
            else:
                places.append(Place("cell", _text(row[c]), 1))
                width = 1
            c += width
        rows.append(places)
    return rows


def _text(cell: TextCell | None) -> str:
    return "" if cell is None or cell.filler else cell.text.strip()


def _check(text: str, dialect: str) -> None:
    bad = next((ch for ch in text if ch in _BARS), None)
    if bad is not None:
        raise RenderError(
            f"the cell {text!r} holds a bar {bad!r}, which the {dialect} dialect cannot write",
            expected="cell text without '|' or '｜'",
        )


def _wrap(text: str, style: RenderStyle, *, newline_ok: bool) -> str:
    """Apply the style's label wrapping; line breaks become spaces where the dialect has none."""
    if style.wrap is not None and len(text) >= style.wrap_width and "\n" not in text and not _numeric(text):
        middle = len(text) // 2
        sep = style.wrap if newline_ok else " "
        text = text[:middle].rstrip() + sep + text[middle:].lstrip()
    if not newline_ok:
        text = " ".join(part.strip() for part in text.split("\n"))
    return text


def _numeric(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and all(ch.isdigit() or ch in ".-+,/%" for ch in text)


def _pipe(rows: list[list[Place]], style: RenderStyle) -> list[str]:
    bar = style.bar
    lines: list[str] = []
    for places in rows:
        segments: list[str] = []
        for index, place in enumerate(places):
            text = _wrap(place.text, style, newline_ok=False)
            _check(text, "pipe")
            last = index == len(places) - 1
            run = place.width if (not last or style.trailing_bar or place.width > 1) else 0
            segments.append(f"{text} {bar * run}" if run else text)
        line = " ".join(segments)
        if style.leading_bar:
            line = f"{bar} {line}"
        lines.append(style.indent + line)
    return lines


def _cell_per_line(rows: list[list[Place]], style: RenderStyle) -> list[str]:
    lines: list[str] = []
    for places in rows:
        texts = [_wrap(p.text, style, newline_ok=False) for p in places if p.text]
        if not texts:
            continue  # an all-empty row has no line to stand on
        if lines:
            lines.append(style.bar if style.row_break == "bar" else "")
        for text in texts:
            _check(text, "cell-per-line")
            lines.append(style.indent + text)
    return lines


def _statutory(rows: list[list[Place]], width: int, style: RenderStyle) -> list[str]:
    bar = style.bar
    bar_indent = style.indent if style.indent_bars else ""
    lines: list[str] = []
    for index, places in enumerate(rows):
        written = 0
        last_is_text = False
        for place in places:
            if place.kind == "cell" and place.text:
                text = _wrap(place.text, style, newline_ok=True)
                _check(text, "statutory")
                parts = [part.strip() for part in text.split("\n")]
                lines.extend(style.indent + part for part in parts[:-1])
                lines.append(f"{style.indent}{parts[-1]} {bar}")
                written += 1
                last_is_text = True
            elif place.kind == "cell" and style.empty_cells == "bar":
                lines.append(bar_indent + bar)
                written += 1
                last_is_text = False
        run = width - written + (1 if style.plus_one else 0)
        if run <= 0 or (index == len(rows) - 1 and not style.terminate_last):
            continue
        bars = (" " if style.spaced_bars else "").join(bar * run)
        if style.glue and last_is_text and written:
            lines[-1] += f" {bars}"
        else:
            lines.append(bar_indent + bars)
    return lines


def _spread(places: list[Place]) -> list[str]:
    """A row's texts, one a place: a span's other places (and places covered from above) empty."""
    texts: list[str] = []
    for place in places:
        texts += [place.text if place.kind == "cell" else ""] + [""] * (place.width - 1)
    return texts


def _markdown(rows: list[list[Place]]) -> list[str]:
    lines: list[str] = []
    for r, places in enumerate(rows):
        texts = [text.replace("|", "\\|").replace("\n", "<br>") for text in _spread(places)]
        lines.append("| " + " | ".join(texts) + " |")
        if r == 0:
            lines.append("|" + "|".join(" --- " for _ in texts) + "|")
    return lines


def _tsv(rows: list[list[Place]]) -> list[str]:
    """Tab-separated rows as a spreadsheet copies them: a span's other places are empty cells."""
    lines: list[str] = []
    for places in rows:
        texts = _spread(places)
        bad = next((text for text in texts if "\t" in text or "\n" in text), None)
        if bad is not None:
            raise RenderError(f"a tab-separated cell cannot hold a tab or a line break: {bad!r}")
        lines.append("\t".join(texts))
    return lines


def _html(grid: Grid) -> list[str]:
    origins = {(s.row, s.col): s for s in grid.spans}
    covered = grid.covered()
    lines = ["<table>"]
    for r, row in enumerate(grid.cells):
        tag = "th" if r < grid.header_rows else "td"
        cells: list[str] = []
        for c, text_cell in enumerate(row):
            if (r, c) in covered:
                continue
            attributes = ""
            span = origins.get((r, c))
            if span is not None and span.rowspan > 1:
                attributes += f' rowspan="{span.rowspan}"'
            if span is not None and span.colspan > 1:
                attributes += f' colspan="{span.colspan}"'
            text = html.escape(_text(text_cell)).replace("\n", "<br />")
            cells.append(f"<{tag}{attributes}>{text}</{tag}>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table>")
    return lines


def render(table_or_grid: Table | Grid, dialect: str, *, style: RenderStyle | None = None) -> str:
    """Write a grid (or a table's grid) in a dialect: ``"pipe"``, ``"cell-per-line"``, ``"statutory"``,
    ``"markdown"``, ``"html"`` or ``"tsv"`` (tab-separated, read back as the ``"spaced"`` dialect).

    >>> from govtables.model import Grid, TextCell
    >>> grid = Grid(((TextCell("规章", 1, 1), TextCell("2", 1, 2)),))
    >>> render(grid, "pipe")
    '| 规章 | 2 |'
    >>> print(render(grid, "statutory"))
    规章 |
    2 |
    |

    Raises :class:`RenderError` for an unknown dialect or a cell the dialect cannot write.
    """
    style = RenderStyle() if style is None else style
    grid = table_or_grid.grid if isinstance(table_or_grid, Table) else table_or_grid
    if dialect not in DIALECTS:
        raise RenderError(f"no renderer for the dialect {dialect!r}", expected=", ".join(DIALECTS))
    rows = row_places(grid)
    if dialect == "pipe":
        lines = _pipe(rows, style)
    elif dialect == "cell-per-line":
        lines = _cell_per_line(rows, style)
    elif dialect == "statutory":
        lines = _statutory(rows, grid.width, style)
    elif dialect == "markdown":
        lines = _markdown(rows)
    elif dialect == "tsv":
        lines = _tsv(rows)
    else:
        lines = _html(grid)
    if style.trailing_space and dialect in TEXT_DIALECTS:
        lines = [line + " " for line in lines]
    return style.newline.join(lines)
