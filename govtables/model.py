"""The values that flow through the pipeline: frozen attrs classes, tuples not lists.

Provenance (line, column) is left out of equality wherever equality means "the same table", so a
table parsed from two renderings compares equal.

Stage by stage:

- :class:`TextCell` and :class:`Row`: what a dialect grammar read, with positions;
- :class:`Grid` and :class:`Span`: the rebuilt rectangle;
- :class:`ValueCell`: one cell of the statutory template (or of an indicator table), with its value;
- :class:`Finding`: a fact about the text or its arithmetic, never an exception;
- :class:`Table` and :class:`Report`: what :func:`govtables.read` returns, with :class:`Metadata`.

The model is plain data at the bottom of the import graph: it imports only :mod:`govtables.text`
(a cell's normalised form and key). Its conveniences (``Table.cell``, ``to_pandas``, ``to_json``,
``_repr_html_``, ``report.active`` …) import the modules above it when called.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from difflib import get_close_matches
from typing import TYPE_CHECKING, Any, Literal

import attrs

from .text import Script, label_key, normalise

if TYPE_CHECKING:
    import pandas as pd

    from .prose import ProseFigure
    from .statutory import ActiveTable, ApplicationsTable, ReviewsTable

Kind = Literal["active", "applications", "reviews", "indicators", "other"]
Severity = Literal["error", "warning", "info"]
Path = tuple[str, ...]
Number = int | Decimal

YearSource = Literal["title", "metadata", "prose"]


@attrs.frozen
class Metadata:
    """A report's own statements about itself; ``None`` where the text says nothing
    (read by :func:`govtables.metadata.read_metadata`)."""

    title: str | None = None
    agency: str | None = None
    year: int | None = None  # the year the report covers
    year_from: YearSource | None = None  # where the year was read
    published: str | None = None  # ISO date (YYYY-MM-DD): 发布日期 / 发布时间 / 成文日期
    document_number: str | None = None  # 文号, e.g. 元商务【2018】5号
    index_number: str | None = None  # 索引号

    def to_dict(self) -> dict[str, str | int | None]:
        return attrs.asdict(self)


KINDS: tuple[str, ...] = ("active", "applications", "reviews", "indicators", "other")
STATUTORY_KINDS: tuple[str, ...] = ("active", "applications", "reviews")


@attrs.frozen
class Box:
    """Where a cell lies on a PDF page: its page (1-based) and its box in points, pdfplumber's
    coordinates (``x0``/``x1`` from the page's left edge, ``top``/``bottom`` from its top edge)."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float

    def as_dict(self) -> dict[str, int | float]:
        return {"page": self.page, "x0": self.x0, "top": self.top, "x1": self.x1, "bottom": self.bottom}


@attrs.frozen
class TextCell:
    """One cell as the text wrote it.

    ``text`` is the original text without the bars and the white space around it (a wrapped label
    keeps its line break); ``norm`` is :func:`govtables.text.normalise` of it and ``key`` the
    matching key with no spaces. ``filler`` marks a place a bar run says the row lost or merged.
    ``box`` is where the cell lies on a PDF page (``None`` for every other source).
    """

    text: str
    line: int = attrs.field(eq=False)
    column: int = attrs.field(eq=False)
    filler: bool = False
    box: Box | None = attrs.field(default=None, eq=False, repr=False)
    norm: str = attrs.field(init=False, repr=False)
    key: str = attrs.field(init=False, repr=False)

    @norm.default
    def _norm(self) -> str:
        return normalise(self.text)

    @key.default
    def _key(self) -> str:
        return label_key(self.text)

    @property
    def empty(self) -> bool:
        return not self.norm


@attrs.frozen
class Row:
    """A row as the grammar delimited it.

    ``terminator`` is the length of the bar run that ended the row in the statutory layout (``None``
    when nothing ended it); how many cells that means the row lost depends on the site's convention,
    which :mod:`govtables.grid` works out per report.
    """

    cells: tuple[TextCell, ...]
    line: int = attrs.field(eq=False)
    terminator: int | None = None


@attrs.frozen
class Span:
    """A merged cell: its origin and extent, in grid coordinates (0-based)."""

    row: int
    col: int
    rowspan: int
    colspan: int

    def as_list(self) -> list[int]:
        return [self.row, self.col, self.rowspan, self.colspan]


@attrs.frozen
class Grid:
    """A rectangular grid of text cells.

    ``cells[r][c]`` is the cell whose origin is there, or ``None`` where a span covers the place or
    the text had no cell. ``header_rows`` rows at the top are headers; ``lost[r]`` is the number of
    cells row ``r`` lost according to its statutory-layout bar run (``None`` when the text does not
    say).
    """

    cells: tuple[tuple[TextCell | None, ...], ...]
    spans: tuple[Span, ...] = ()
    header_rows: int = 0
    lost: tuple[int | None, ...] = attrs.field(default=(), eq=False)

    @property
    def height(self) -> int:
        return len(self.cells)

    @property
    def width(self) -> int:
        return len(self.cells[0]) if self.cells else 0

    def texts(self) -> list[list[str | None]]:
        """The grid as output.md's ``grid``: text at each origin, ``None`` elsewhere."""
        return [[None if cell is None or cell.filler else cell.text for cell in row] for row in self.cells]

    def covered(self) -> dict[tuple[int, int], Span]:
        """Every place a span covers other than its origin, with the (first) span covering it."""
        covered: dict[tuple[int, int], Span] = {}
        for span in self.spans:
            for r in range(span.row, span.row + span.rowspan):
                for c in range(span.col, span.col + span.colspan):
                    if (r, c) != (span.row, span.col):
                        covered.setdefault((r, c), span)
        return covered

    def covering(self, row: int, col: int) -> TextCell | None:
        """The cell at (row, col), or the cell of the span that covers it."""
        for span in self.spans:
            if span.row <= row < span.row + span.rowspan and span.col <= col < span.col + span.colspan:
                return self.cells[span.row][span.col]
        return self.cells[row][col]

    def header_path(self, col: int) -> Path:
        """The header labels above column ``col``, top to bottom, spans followed, repeats dropped."""
        path: list[str] = []
        for r in range(self.header_rows):
            cell = self.covering(r, col)
            if cell is not None and not cell.empty and (not path or path[-1] != cell.norm):
                path.append(cell.norm)
        return tuple(path)


@attrs.frozen
class ValueCell:
    """One value cell of a table, placed by the template (or by an indicator table's labels).

    ``row``/``col`` are label paths: the official ones for statutory tables, the labels as written
    (white space removed) for indicator tables. ``text`` is ``None`` when the cell was not in the
    text (absent), ``""`` or a dash when it was there but blank; ``value`` is ``None`` in both cases.
    ``box`` is where the cell's text lies on a PDF page (``None`` for other sources, and when absent).
    """

    row: Path
    col: Path
    value: Number | None
    text: str | None
    line: int | None = attrs.field(default=None, eq=False)
    column: int | None = attrs.field(default=None, eq=False)
    inferred: bool = False
    approximate: bool = False
    unit: str | None = None
    template: bool = True
    box: Box | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def absent(self) -> bool:
        return self.text is None

    @property
    def blank(self) -> bool:
        return self.text is not None and self.value is None


@attrs.frozen
class Finding:
    """A fact about a report: a broken identity, an inference the library made, a damaged table.

    ``rule`` is a stable code (the identity ids of statutory-format.md §7, or a documented parse
    code); ``cells`` the (row path, col path) of every cell involved.
    """

    rule: str
    severity: Severity
    message: str
    table: str | None = None
    cells: tuple[tuple[Path, Path], ...] = ()
    expected: Any = None
    actual: Any = None
    line: int | None = attrs.field(default=None, eq=False)
    column: int | None = attrs.field(default=None, eq=False)


@attrs.frozen(repr=False)
class Table:
    """One table of a report."""

    kind: str
    dialect: str
    lines: tuple[int, int] = attrs.field(eq=False)
    grid: Grid
    rows: tuple[Row, ...] = attrs.field(default=(), repr=False)
    title: str | None = attrs.field(default=None, eq=False)
    format: str | None = None
    cells: tuple[ValueCell, ...] = ()
    why: str = attrs.field(default="", eq=False)

    def cell(self, row: Path | str, col: Path | str = ()) -> ValueCell:
        """The value cell whose row and column paths end with the labels given.

        Labels are matched the way the template matches a report's spelling (numbering, bracket
        widths, spaces, script: ``"(一)予以公开"`` and ``"予以公开"`` both find ``（一）予以公开``), exact
        paths first. Raises ``KeyError`` naming the nearest row and column labels when no cell has them.
        """
        from .labels import find_cell  # the label matching lives in labels.py, above the model

        row_path = (row,) if isinstance(row, str) else tuple(row)
        col_path = (col,) if isinstance(col, str) else tuple(col)
        found = find_cell(self.cells, row_path, col_path)
        if found is None:
            raise KeyError(self._nearest(row_path, col_path))
        return found

    def _nearest(self, row_path: Path, col_path: Path) -> str:
        rows = list(dict.fromkeys(cell.row[-1] for cell in self.cells if cell.row))
        cols = list(dict.fromkeys(cell.col[-1] for cell in self.cells if cell.col))
        near_rows = get_close_matches(row_path[-1], rows, n=3, cutoff=0.3) if row_path else []
        near_cols = get_close_matches(col_path[-1], cols, n=3, cutoff=0.3) if col_path else []
        return (
            f"no cell {' / '.join(row_path)} | {' / '.join(col_path)} in the {self.kind} table;"
            f" nearest rows: {near_rows or rows[:3]}, nearest columns: {near_cols or cols[:3]}"
        )

    def __repr__(self) -> str:
        found = sum(cell.value is not None for cell in self.cells)
        return (
            f"Table(kind={self.kind!r}, dialect={self.dialect!r}, lines={self.lines}, format={self.format!r},"
            f" grid={self.grid.height}×{self.grid.width}, cells={len(self.cells)} ({found} with a value))"
        )

    def to_pandas(self, *, header: str = "repeat", body: str = "repeat", index: bool = True) -> pd.DataFrame:
        """The grid as a DataFrame with MultiIndex columns from the header paths (needs pandas).

        ``header`` and ``body`` choose what a spanned cell becomes in the places it covers:
        ``"repeat"`` its text, ``"origin"`` only at its origin (missing elsewhere), ``"empty"`` an
        empty string elsewhere. See :func:`govtables.export.table_to_pandas`.

        This is the grid as the text wrote it. In the statutory layout the text does not say where a
        row's lost cells were (they pad it on the right here), so for tables 二/三/四 use
        :meth:`cells_to_pandas`, which has every template cell in its official place.
        """
        from .export import table_to_pandas

        return table_to_pandas(self, header=header, body=body, index=index)  # type: ignore[arg-type]

    def cells_to_pandas(self) -> pd.DataFrame:
        """The value cells with MultiIndex rows and columns from their label paths (needs pandas)."""
        from .export import table_cells_to_pandas

        return table_cells_to_pandas(self)

    def _repr_html_(self) -> str:
        from .view import table_html

        return table_html(self)


@attrs.frozen(repr=False)
class Report:
    """What :func:`govtables.read` returns: the tables of one report and every finding about it."""

    source: str | None
    format: str | None
    tables: tuple[Table, ...]
    findings: tuple[Finding, ...] = ()
    #: The script the report is written in: ``"traditional"`` for a 繁體 mirror page (its labels are
    #: matched through OpenCC; cell text stays as written), else ``"simplified"``.
    script: Script = "simplified"
    #: What the report says about itself (title, agency, year, publication date, document numbers).
    metadata: Metadata = attrs.field(factory=lambda: Metadata(), eq=False, repr=False)
    #: The figures the prose restates from the tables (X-4, :func:`govtables.prose.prose_figures`).
    prose: tuple[ProseFigure, ...] = attrs.field(default=(), eq=False, repr=False)

    def __repr__(self) -> str:
        tables = ", ".join(f"{t.kind} lines {t.lines[0]}–{t.lines[1]}" for t in self.tables)
        severities = [f.severity for f in self.findings]
        counts = ", ".join(f"{severities.count(s)} {s}" for s in ("error", "warning", "info") if s in severities)
        return (
            f"Report(source={self.source!r}, format={self.format!r}, script={self.script!r},"
            f" tables=[{tables}], findings=[{counts}])"
        )

    def table(self, kind: str) -> Table | None:
        """The first table of a kind (``"active"``, ``"applications"``, ``"reviews"``, …)."""
        return next((t for t in self.tables if t.kind == kind), None)

    @property
    def active(self) -> ActiveTable | None:
        """Table 二 as typed attributes (``report.active.regulations.new_made`` …), or ``None``."""
        from .statutory import ActiveTable

        table = self.table("active")
        return ActiveTable.from_table(table) if table is not None and table.cells else None

    @property
    def applications(self) -> ApplicationsTable | None:
        """Table 三 as typed attributes: ``report.applications.total.new_received``, or ``None``."""
        from .statutory import ApplicationsTable

        table = self.table("applications")
        return ApplicationsTable.from_table(table) if table is not None and table.cells else None

    @property
    def reviews(self) -> ReviewsTable | None:
        """Table 四 as typed attributes (``report.reviews.review.total`` …), or ``None``."""
        from .statutory import ReviewsTable

        table = self.table("reviews")
        return ReviewsTable.from_table(table) if table is not None and table.cells else None

    def to_pandas(self) -> pd.DataFrame:
        """Long form, one row per value cell (needs pandas): source, table, row and column paths,
        value, inferred, line."""
        from .export import report_to_pandas

        return report_to_pandas(self)

    def to_csv(self, target: Any = None) -> str | None:
        """Long-form CSV, one row per value cell: returned as text, or written to a path or file."""
        from .export import report_to_csv, write_csv

        if target is None:
            return report_to_csv(self)
        write_csv(self, target)
        return None

    def cells(self) -> Iterator[tuple[Table, ValueCell]]:
        """Every value cell of every table, with its table."""
        for table in self.tables:
            for cell in table.cells:
                yield table, cell

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form of output.md."""
        from .export import report_to_dict

        return report_to_dict(self)

    def to_json(self, **kwargs: Any) -> str:
        from .export import report_to_json

        return report_to_json(self, **kwargs)

    def _repr_html_(self) -> str:
        from .view import report_html

        return report_html(self)
