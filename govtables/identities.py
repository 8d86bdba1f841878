"""The arithmetic identities of statutory-format.md §7 as data, and the one generic checker that reads them.

An :class:`Identity` is ``Σ left  (= or ≤)  Σ right`` over cells named by their label paths. Every
statutory identity (T3-A, T3-B, T3-C, T4-A, T2-2019-a) is built from the official label paths below;
the pre-2019 ones (P-1 … P-5) are built from an indicator table's own labels; the cross-report ones
(X-1, T2-2021-a) name cells of last year's report with ``Term.previous``. :func:`evaluate` checks any
of them the same way. The per-cell rule NN is a bound, not a sum: :func:`value_bound` says which.

Sides are chosen so that ``expected`` (the left sum) is what the other cells require and ``actual``
(the right side) is what the table wrote; for ``≤`` the left side is the part and the right the bound.
See ``docs/identities.md`` for every rule id with an example message.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Literal

import attrs

from . import formats
from .formats import APPLICATION_COLUMNS, DEFAULT, REVIEW_COLUMNS, Format, format_for, formats_of
from .labels import numbering_style
from .model import Number, Path, Severity, Table, ValueCell
from .text import label_key

__all__ = [
    "APPLICANT_COLUMNS",
    "APPLICATIONS_COLUMNS",
    "CARRIED_FORWARD",
    "CARRIED_OVER",
    "CUMULATIVE",
    "LEAVES",
    "NEW",
    "OUTCOMES",
    "RESULTS_TOTAL",
    "REVIEW_GROUPS",
    "Identity",
    "Outcome",
    "Term",
    "cross_identities",
    "cumulative_identities",
    "evaluate",
    "identities_for",
    "indicator_identities",
    "table_format",
    "value_bound",
]

Relation = Literal["=", "<="]
Status = Literal["passed", "failed", "not_assessed"]

# --- official label paths: read from the format registry (govtables.formats) ---------------------------
# The module constants name the paths of the default revision (the same in every shipped one); the
# identities of a table are built from its own format's data (:func:`identities_of`).

_T3 = format_for("applications", DEFAULT)
NEW: Path = _T3.row_path("new")
CARRIED_OVER: Path = _T3.row_path("carry")
RESULTS_TOTAL: Path = _T3.row_path("r7_total")
CARRIED_FORWARD: Path = _T3.row_path("fwd")
#: The rows of table 三 that are not result rows: T3-A's four terms.
_NOT_LEAVES = ("new", "carry", "r7_total", "fwd")
APPLICATIONS_COLUMNS: tuple[Path, ...] = tuple(column.path for column in APPLICATION_COLUMNS)
APPLICANTS_TOTAL: Path = _T3.column_path("total")
APPLICANT_COLUMNS: tuple[Path, ...] = tuple(col for col in APPLICATIONS_COLUMNS if col != APPLICANTS_TOTAL)

OUTCOMES = ("结果维持", "结果纠正", "其他结果", "尚未审结")
#: 行政复议, 未经复议直接起诉, 复议后起诉: the header path above each group of five columns.
REVIEW_GROUPS: tuple[Path, ...] = tuple(dict.fromkeys(column.path[:-1] for column in REVIEW_COLUMNS))


def _leaves(fmt: Format) -> tuple[Path, ...]:
    """The result rows of a table-三 format, which add up to （七）总计."""
    return tuple(row.path for row in fmt.rows if row.key not in _NOT_LEAVES)


class _Leaves(Mapping[str, tuple[Path, ...]]):
    """LEAVES[name]: the result rows of table 三 in every registered revision (19 in 2019, 21 in 2021)."""

    def __getitem__(self, name: str) -> tuple[Path, ...]:
        return _leaves(format_for("applications", name))

    def __iter__(self) -> Iterator[str]:
        return (fmt.name for fmt in formats_of("applications"))

    def __len__(self) -> int:
        return len(formats_of("applications"))


LEAVES: Mapping[str, tuple[Path, ...]] = _Leaves()
_BOUNDS = {"count": "count", "signed": "signed", "money": "amount"}


# --- the data ------------------------------------------------------------------------------------------


@attrs.frozen(cache_hash=True)
class Term:
    """One cell of an identity: its row and column label paths, in this report or last year's.

    ``norm`` is the paths' matching key (:func:`~govtables.text.label_key` of each label), computed
    once: a format's identities are built once (:func:`identities_of`) and looked up per report."""

    row: Path
    col: Path
    previous: bool = False
    norm: tuple[tuple[str, ...], tuple[str, ...]] = attrs.field(init=False, eq=False, repr=False)

    @norm.default
    def _norm(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return _path_key(self.row, self.col)

    @property
    def key(self) -> tuple[Path, Path]:
        return (self.row, self.col)


@attrs.frozen(cache_hash=True)
class Identity:
    """``Σ left  relation  Σ right`` with the words a finding needs.

    ``total`` marks an identity whose right side is one written total over the parts on the left: a
    blank total is then never read as zero unless its parts are all zero too (§7.4).
    """

    rule: str
    kind: str
    left: tuple[Term, ...]
    right: tuple[Term, ...]
    left_name: str
    right_name: str
    where: str
    why: str
    relation: Relation = "="
    severity: Severity = "error"
    total: bool = False

    @property
    def terms(self) -> tuple[Term, ...]:
        return (*self.left, *self.right)


@attrs.frozen
class Outcome:
    """What :func:`evaluate` found: the sums, and which cells were missing or inferred."""

    identity: Identity
    status: Status
    left: Number | None = None
    right: Number | None = None
    missing: tuple[Term, ...] = ()
    inferred: tuple[Term, ...] = ()
    zero_filled: tuple[Term, ...] = ()
    unwritten: tuple[Term, ...] = ()  # missing because a blank total's parts hold numbers (§7.4)


# --- table 三 ------------------------------------------------------------------------------------------


def _column_name(col: Path) -> str:
    return col[-1] if col else "—"


def _row_name(row: Path) -> str:
    return " ".join(row) if row else "—"


_CHINESE_COUNTS = "零一二三四五六七八九十"
_ENGLISH_COUNTS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def applications_identities(fmt: str | Format) -> tuple[Identity, ...]:
    """T3-A in every column, T3-B in every column, T3-C in every row of table 三, in a revision (its
    name or its :class:`~govtables.formats.Format`)."""
    spec = fmt if isinstance(fmt, Format) else format_for("applications", fmt)
    return _applications_identities(spec)


@functools.cache
def _applications_identities(fmt: Format) -> tuple[Identity, ...]:
    new, carried_over, results_total, carried_forward = (fmt.row_path(key) for key in _NOT_LEAVES)
    leaves = _leaves(fmt)
    columns = tuple(column.path for column in fmt.columns)
    total = fmt.column_path(fmt.total_column) if fmt.total_column else columns[-1]
    applicants = tuple(col for col in columns if col != total)
    n = len(applicants)
    found: list[Identity] = []
    for col in columns:
        found.append(
            Identity(
                rule="T3-A",
                kind="applications",
                left=(Term(new, col), Term(carried_over, col)),
                right=(Term(results_total, col), Term(carried_forward, col)),
                left_name="第一项加第二项之和",
                right_name="第三项加第四项之和",
                where=f"in column {_column_name(col)}",
                why="new plus carried-over applications must equal results plus those carried forward "
                "(本列数据的勾稽关系)",
            )
        )
    for col in columns:
        found.append(
            Identity(
                rule="T3-B",
                kind="applications",
                left=tuple(Term(row, col) for row in leaves),
                right=(Term(results_total, col),),
                left_name=f"{len(leaves)}项办理结果之和",
                right_name=results_total[-1],
                where=f"in column {_column_name(col)}",
                why="the result total must equal the sum of the result rows (each application is "
                "counted under one outcome)",
                total=True,
            )
        )
    for row in (new, carried_over, *leaves, results_total, carried_forward):
        found.append(
            Identity(
                rule="T3-C",
                kind="applications",
                left=tuple(Term(row, col) for col in applicants),
                right=(Term(row, total),),
                left_name=f"{_CHINESE_COUNTS[n] if n <= 10 else n}类申请人之和",
                right_name=total[-1],
                where=f"in row {_row_name(row)}",
                why=f"the {total[-1]} column must equal the sum of the "
                f"{_ENGLISH_COUNTS[n] if n <= 10 else n} applicant columns",
                total=True,
            )
        )
    return tuple(found)


# --- table 四 ------------------------------------------------------------------------------------------


def reviews_identities(fmt: str | Format = DEFAULT) -> tuple[Identity, ...]:
    """T4-A for 行政复议, 未经复议直接起诉 and 复议后起诉: each group's outcomes add up to its total."""
    return _reviews_identities(fmt if isinstance(fmt, Format) else format_for("reviews", fmt))


@functools.cache
def _reviews_identities(fmt: Format) -> tuple[Identity, ...]:
    groups: dict[Path, list[Path]] = {}
    for column in fmt.columns:
        groups.setdefault(column.path[:-1], []).append(column.path)
    found = []
    for group, cols in groups.items():
        *parts, total = cols
        found.append(
            Identity(
                rule="T4-A",
                kind="reviews",
                left=tuple(Term((), col) for col in parts),
                right=(Term((), total),),
                left_name="+".join(col[-1] for col in parts),
                right_name=total[-1],
                where=f"in {' '.join(group)}",
                why="the case total must equal upheld + corrected + other + pending",
                total=True,
            )
        )
    return tuple(found)


# --- table 二 ------------------------------------------------------------------------------------------


def active_identities(fmt: str | Format) -> tuple[Identity, ...]:
    """T2-2019-a (soft): 本年新公开数量 ≤ 对外公开总数量 in each row that has both columns (the 2019
    format's block (一)); none in a format without them (2021)."""
    spec = fmt if isinstance(fmt, Format) else formats.FORMATS.get(("active", fmt))
    return _active_identities(spec) if spec is not None else ()


@functools.cache
def _active_identities(fmt: Format) -> tuple[Identity, ...]:
    return tuple(
        Identity(
            rule="T2-2019-a",
            kind="active",
            left=(Term(row, published),),
            right=(Term(row, total),),
            left_name=published[-1],
            right_name=total[-1],
            where=f"in row {row[-1]}",
            why="documents newly published this year cannot outnumber all documents published",
            relation="<=",
            severity="warning",
        )
        for row, (published, total) in _rows_with(fmt, "published", "public_total").items()
    )


# --- across two years ----------------------------------------------------------------------------------


def cross_identities(fmt: str | None, previous_fmt: str | None) -> tuple[Identity, ...]:
    """X-1 (carried over this year = carried forward last year, per column), T2-2021-a and X-2 (both
    years' table 二 has 本年制发件数/本年废止件数/现行有效件数: the 2021 format), X-3 (both years' has
    上一年项目数量/本年增/减: the 2019 format): the rows of statutory-format.md §7.3."""
    return _cross_identities(fmt, previous_fmt, tuple(formats.FORMATS.values()))


@functools.cache
def _cross_identities(fmt: str | None, previous_fmt: str | None, _registry: object) -> tuple[Identity, ...]:
    t3 = formats.FORMATS.get(("applications", fmt or ""), _T3)
    found = [
        Identity(
            rule="X-1",
            kind="applications",
            left=(Term(t3.row_path("fwd"), col, previous=True),),
            right=(Term(t3.row_path("carry"), col),),
            left_name="上年报告 四、结转下年度继续办理",
            right_name="本年 二、上年结转政府信息公开申请数量",
            where=f"in column {_column_name(col)}",
            why="applications carried over this year should be those last year's report carried forward",
            severity="warning",
        )
        for col in (column.path for column in t3.columns)
    ]
    this = formats.FORMATS.get(("active", fmt or ""))
    last = formats.FORMATS.get(("active", previous_fmt or ""))
    if this is None or last is None:
        return tuple(found)

    def both(*keys: str) -> bool:
        return all(f.has_column(key) for f in (this, last) for key in keys)

    if both("issued", "repealed", "in_force"):
        found.extend(
            Identity(
                rule="T2-2021-a",
                kind="active",
                left=(Term(row, repealed),),
                right=(Term(row, in_force, previous=True),),
                left_name=repealed[-1],
                right_name=f"上年 {in_force[-1]}",
                where=f"in row {row[-1]}",
                why="a body cannot repeal more documents than were in force at the end of last year",
                relation="<=",
                severity="warning",
            )
            for row, (repealed, in_force) in _rows_with(this, "repealed", "in_force").items()
        )
        found.extend(_in_force_identities(this))
    if both("prev_items", "change"):
        found.extend(_items_identities(this))
    return tuple(found)


def _rows_with(fmt: Format, *keys: str) -> dict[Path, tuple[Path, ...]]:
    """Row path → the column paths of ``keys``, for the rows of table 二 that have all those columns."""
    found = {}
    for row in fmt.rows:
        cols = {column.key: column.path for column in row.columns}
        if all(key in cols for key in keys):
            found[row.path] = tuple(cols[key] for key in keys)
    return found


def _in_force_identities(fmt: Format) -> tuple[Identity, ...]:
    """X-2 (2021): 现行有效件数(N) = 现行有效件数(N−1) + 本年制发件数(N) − 本年废止件数(N), written as
    last year's in force + issued = in force + repealed (no subtraction in an identity)."""
    return tuple(
        Identity(
            rule="X-2",
            kind="active",
            left=(Term(row, in_force, previous=True), Term(row, issued)),
            right=(Term(row, in_force), Term(row, repealed)),
            left_name=f"上年 {in_force[-1]} + {issued[-1]}",
            right_name=f"{in_force[-1]} + {repealed[-1]}",
            where=f"in row {row[-1]}",
            why="documents in force should be last year's plus those issued minus those repealed "
            "(amendments, 清理 and mergers legitimately break it)",
            severity="warning",
        )
        for row, (in_force, issued, repealed) in _rows_with(fmt, "in_force", "issued", "repealed").items()
    )


def _items_identities(fmt: Format) -> tuple[Identity, ...]:
    """X-3 (2019 format): 上一年项目数量(N) = 上一年项目数量(N−1) + 本年增/减(N−1)."""
    return tuple(
        Identity(
            rule="X-3",
            kind="active",
            left=(Term(row, items, previous=True), Term(row, change, previous=True)),
            right=(Term(row, items),),
            left_name=f"上年 {items[-1]} + 上年 {change[-1]}",
            right_name=items[-1],
            where=f"in row {row[-1]}",
            why="this year's base count of items should be last year's base plus last year's change",
            severity="warning",
        )
        for row, (items, change) in _rows_with(fmt, "prev_items", "change").items()
    )


_THIS_YEAR = re.compile(r"^(?:本年度?|今年|(?:19|20)\d{2}年?度?)$")
CUMULATIVE = "历年累计"


def cumulative_identities(table: Table, previous: Table) -> tuple[Identity, ...]:
    """Pre-2019 (§7.5): 历年累计(N) = 历年累计(N−1) + 本年(N), for each row of an indicator table that
    has a this-year column (``本年``, ``2017`` …) and a 历年累计 column in both years' tables."""
    this_year = next((c for c in _unique(cell.col for cell in table.cells) if _THIS_YEAR.match(label_key(c[-1]))), None)
    if this_year is None:
        return ()
    total = (CUMULATIVE,)
    rows = _unique(cell.row for cell in table.cells if label_key(cell.col[-1]) == CUMULATIVE)
    last_rows = {tuple(map(label_key, cell.row)) for cell in previous.cells if label_key(cell.col[-1]) == CUMULATIVE}
    return tuple(
        Identity(
            rule="X-cumulative",
            kind="indicators",
            left=(Term(row, total, previous=True), Term(row, this_year)),
            right=(Term(row, total),),
            left_name=f"上年 {CUMULATIVE} + {this_year[-1]}",
            right_name=CUMULATIVE,
            where=f"in row {row[-1]}",
            why="the running total should be last year's running total plus this year's figure",
            severity="warning",
        )
        for row in rows
        if tuple(map(label_key, row)) in last_rows
    )


# --- pre-2019 indicator tables (§7.5) ------------------------------------------------------------------

_REPLY = re.compile(r"答复")
_REFUSAL = re.compile(r"否决|不同意公开|不予公开")
# `受理…申请…总数` from the first 受理 and the first 申请 after it (atomic: no retrying later ones).
_APPLICATIONS = re.compile(r"申请总数|收到申请数|^(?>.*?受理)(?>.*?申请).*?总数|依申请公开数量|依申请公开信息总数")
_REPLIES_TOTAL = re.compile(r"答复(总)?数")
_CARRY = re.compile(r"上年结转")


def _numbered_rule(parent_label: str) -> str:
    key = label_key(parent_label)
    if _REFUSAL.search(key):
        return "P-3"
    if _REPLY.search(key):
        return "P-2"
    return "P-1"


def _children(rows: Iterable[Path]) -> dict[Path, list[Path]]:
    children: dict[Path, list[Path]] = {}
    for row in rows:
        if len(row) > 1:
            children.setdefault(row[:-1], []).append(row)
    return children


def _numbered_sum(parent: Path, parts: list[Path], col: Path) -> Identity | None:
    styles = [numbering_style(part[-1]) for part in parts]
    first = next((s for s in styles if s is not None), None)
    numbered = [part for part, style in zip(parts, styles, strict=True) if style == first]
    if first is None or len(numbered) < 2:
        return None
    rule = _numbered_rule(parent[-1])
    return Identity(
        rule=rule,
        kind="indicators",
        left=tuple(Term(part, col) for part in numbered),
        right=(Term(parent, col),),
        left_name=f"{numbered[0][-1]} … {numbered[-1][-1]} 之和",
        right_name=parent[-1],
        where=f"in column {_column_name(col)}" if col else "",
        why="a total must equal the sum of its numbered parts",
        total=True,
    )


def _where_parts(parts: list[Path], col: Path) -> list[Identity]:
    found = []
    for part in parts:
        if numbering_style(part[-1]) is not None:
            continue
        parent = part[:-1]
        found.append(
            Identity(
                rule="P-4",
                kind="indicators",
                left=(Term(part, col),),
                right=(Term(parent, col),),
                left_name=part[-1],
                right_name=parent[-1],
                where=f"in column {_column_name(col)}" if col else "",
                why="a 其中 (of which) part cannot exceed the figure it is part of",
                relation="<=",
                severity="warning",
            )
        )
    return found


def _replies_within_applications(rows: list[Path], col: Path) -> Identity | None:
    def first(pattern: re.Pattern[str], exclude: re.Pattern[str] | None = None) -> Path | None:
        for row in rows:
            key = label_key(row[-1])
            if pattern.search(key) and not (exclude and exclude.search(key)):
                return row
        return None

    replies = first(_REPLIES_TOTAL)
    applications = first(_APPLICATIONS, _REPLY)
    if replies is None or applications is None:
        return None
    carry = first(_CARRY)
    bound = (Term(applications, col),) + ((Term(carry, col),) if carry else ())
    return Identity(
        rule="P-5",
        kind="indicators",
        left=(Term(replies, col),),
        right=bound,
        left_name=replies[-1],
        right_name=applications[-1] + (" + " + carry[-1] if carry else ""),
        where=f"in column {_column_name(col)}" if col else "",
        why="an office cannot answer more applications than it received (plus those carried over)",
        relation="<=",
        severity="warning",
    )


def indicator_identities(table: Table) -> tuple[Identity, ...]:
    """P-1 … P-5 from the label paths of an indicator table, for every column holding a number.

    A parent's numbered parts (1. 2. 3., （一）（二）…, of one numbering style) must add up to it
    (``=``, error: P-3 when the parent is a refusal count, P-2 a reply count, P-1 otherwise). Each
    unnumbered part (其中 …) may overlap the others or leave some out, so it is only bounded by its
    parent (P-4, ``≤``, warning). P-5 bounds the reply total by the application total (warning).
    """
    found: list[Identity] = []
    for col in _numeric_columns(table):
        rows = _unique(cell.row for cell in table.cells if cell.col == col)
        for parent, parts in _children(rows).items():
            numbered = _numbered_sum(parent, parts, col)
            if numbered is not None:
                found.append(numbered)
            found.extend(_where_parts(parts, col))
        p5 = _replies_within_applications(rows, col)
        if p5 is not None:
            found.append(p5)
    return tuple(found)


def _unique(paths: Iterable[Path]) -> list[Path]:
    return list(dict.fromkeys(paths))


def _numeric_columns(table: Table) -> list[Path]:
    return _unique(cell.col for cell in table.cells if cell.value is not None)


# --- which identities a table has ----------------------------------------------------------------------


def table_format(table: Table, report_format: str | None = None) -> str | None:
    """The statutory format of a table: its own, the report's, or told from its cells' labels (the
    cells only some revisions of its kind have vote, decided by :func:`formats.choose`)."""
    fmt = table.format or report_format
    if fmt in formats.names():
        return fmt
    candidates = formats_of(table.kind)
    if not candidates:
        return fmt
    keys = {(cell.row, cell.col) for cell in table.cells}
    shared = frozenset.intersection(*(frozenset(c.cell_paths()) for c in candidates))
    votes = {c.name: len(keys.intersection(c.cell_paths()) - shared) for c in candidates}
    return formats.choose(votes, {c.name: len(c.cell_paths()) - len(shared) for c in candidates}) or fmt


def identities_for(table: Table, report_format: str | None = None) -> tuple[Identity, ...]:
    """Every identity that applies within one table (NN aside: see :func:`value_bound`)."""
    if table.kind == "indicators":
        return indicator_identities(table)
    fmt = formats.FORMATS.get((table.kind, table_format(table, report_format) or ""))
    fmt = fmt or formats.same_in_every_revision(table.kind)
    return identities_of(fmt) if fmt is not None else ()


def identities_of(fmt: Format) -> tuple[Identity, ...]:
    """The identities within one table of a statutory format, built once per format."""
    build = {"applications": _applications_identities, "reviews": _reviews_identities, "active": _active_identities}
    return build[fmt.kind](fmt) if fmt.kind in build else ()


# --- NN: the bound on each value -----------------------------------------------------------------------

Bound = Literal["count", "signed", "amount"]


@functools.cache
def _active_bounds(_registry: object) -> dict[str, str]:
    """NN per column label of table 二, from the kind of value each registered format column holds."""
    return {
        label_key(column.path[-1]): _BOUNDS.get(column.kind, "amount")
        for fmt in formats_of("active")
        for column in fmt.columns
    }


def value_bound(kind: str, col: Path) -> Bound | None:
    """What NN requires of a cell: a whole number ≥ 0, any whole number, or an amount ≥ 0.

    2019 本年增/减 may be negative; money (2021 本年收费金额（单位：万元）, 2019 采购总金额, and every
    indicator value, which may be 万元) may be a decimal ≥ 0. ``None``: a kind NN does not cover.
    """
    label = label_key(col[-1]) if col else ""
    if kind in ("applications", "reviews"):
        return "count"
    if kind == "active":
        bounds = _active_bounds(tuple(formats.FORMATS.values()))
        if label in bounds:
            return bounds[label]  # type: ignore[return-value]
        if "增/减" in label:
            return "signed"
        return "amount" if "金额" in label else "count"
    if kind == "indicators":
        return "amount"
    return None


def bound_holds(bound: Bound, value: Number) -> bool:
    whole = isinstance(value, int) or (isinstance(value, Decimal) and value == value.to_integral_value())
    if bound == "signed":
        return whole
    if bound == "count":
        return whole and value >= 0
    return value >= 0


# --- the one checker -----------------------------------------------------------------------------------

Lookup = Callable[[Term], ValueCell | None]


def is_empty(cell: ValueCell | None) -> bool:
    """A cell in the text with nothing in it (not a dash, not a word): zero in blank-as-zero tables."""
    return cell is not None and cell.value is None and cell.text is not None and not cell.text.strip()


def unwritten_totals(identities: Iterable[Identity], lookup: Lookup) -> frozenset[tuple[Path, Path]]:
    """The blank totals and sub-totals that were not written (statutory-format.md §7.4): blank cells
    whose parts hold a number, or are themselves not written. Never read as 0, in any identity: a Word
    table that leaves the 总计 column of every result row blank has its T3-B over that column not
    assessed, as its T3-C rows are, not failed."""
    identities = [identity for identity in identities if identity.total]
    unwritten: set[tuple[Path, Path]] = set()
    grew = True
    while grew:
        grew = False
        for identity in identities:
            total = identity.right[0]
            if total.key in unwritten or not is_empty(lookup(total)):
                continue
            if any(_nonzero(lookup(term)) or term.key in unwritten for term in identity.left):
                unwritten.add(total.key)
                grew = True
    return frozenset(unwritten)


def _nonzero(cell: ValueCell | None) -> bool:
    return cell is not None and cell.value is not None and cell.value != 0


def evaluate(
    identity: Identity,
    lookup: Lookup,
    *,
    blank_as_zero: bool = False,
    unwritten: frozenset[tuple[Path, Path]] | None = None,
) -> Outcome:
    """Check one identity. Missing, dashed or (outside blank-as-zero) blank cells: not assessed.

    In blank-as-zero tables a blank cell is 0 unless it is a total that was not written
    (``unwritten``, the table's :func:`unwritten_totals`; by default this identity's own).
    """
    if unwritten is None:
        unwritten = unwritten_totals((identity,), lookup) if blank_as_zero else frozenset()
    values: dict[Term, Number | None] = {}
    zero: list[Term] = []
    inferred_terms: list[Term] = []
    for term in identity.terms:
        cell = lookup(term)
        values[term] = cell.value if cell is not None else None
        if values[term] is None and blank_as_zero and is_empty(cell) and term.key not in unwritten:
            values[term] = 0
            zero.append(term)
        if _inferred(cell):
            inferred_terms.append(term)
    missing = tuple(term for term in identity.terms if values[term] is None)
    inferred = tuple(inferred_terms)
    if missing:
        return Outcome(
            identity,
            "not_assessed",
            missing=missing,
            inferred=inferred,
            zero_filled=tuple(zero),
            unwritten=tuple(term for term in missing if term.key in unwritten),
        )
    written = {term: value for term, value in values.items() if value is not None}  # every term, as none is missing
    left = sum((written[term] for term in identity.left), 0)
    right = sum((written[term] for term in identity.right), 0)
    holds = left == right if identity.relation == "=" else left <= right
    return Outcome(
        identity,
        "passed" if holds else "failed",
        left=left,
        right=right,
        inferred=inferred,
        zero_filled=tuple(zero),
    )


def _inferred(cell: ValueCell | None) -> bool:
    return cell is not None and cell.inferred


def make_lookup(*tables: Table | None) -> Lookup:
    """A lookup over this year's table and (second) last year's, tolerant of spacing and width of labels."""
    indexes = [_index(table) for table in tables]

    def lookup(term: Term) -> ValueCell | None:
        index = indexes[1] if term.previous and len(indexes) > 1 else indexes[0]
        return index.get(term.norm)

    return lookup


@functools.lru_cache(maxsize=8192)
def _path_key(row: Path, col: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(map(label_key, row)), tuple(map(label_key, col))


def _index(table: Table | None) -> dict[tuple[tuple[str, ...], tuple[str, ...]], ValueCell]:
    if table is None:
        return {}
    index: dict[tuple[tuple[str, ...], tuple[str, ...]], ValueCell] = {}
    for cell in table.cells:
        index.setdefault(_path_key(cell.row, cell.col), cell)
    return index
