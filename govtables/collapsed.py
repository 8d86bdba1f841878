"""The collapsed dialect: a report whose body is one long line, split back by its own arithmetic.

A crawler's ``page.txt`` or a ``get_text()`` of the article keeps the tables in reading order but
loses every row and cell boundary: ``主动公开信息数条4251516`` is 425 | 1516, ``640020470`` a table-三
row of 7 (64|0|0|2|0|4|70), ``41815092.政府公报公开`` is 418 | 1509 then the next row's item
number. The stages, each a function of the one before:

1. :func:`qualifies` — only a long line that carries several template labels (or the header of a
   pre-2019 indicator table, ``指标名称 计量单位 2011年度 历年累计``) is read here;
2. :func:`items` — the line through the Lark grammar ``grammars/collapsed.lark`` (words, numbers,
   marks, signs, spaces, each with its column), then :func:`segments`: label texts and digit runs,
   an item number glued to a run (``41815092.``) moved to the label after it;
3. :func:`statutory_rows` / :func:`indicator_rows` — each run after a label of the 2019/2021 template
   (matched with :mod:`govtables.labels`'s spellings, from :mod:`govtables.formats`'s data) or after
   an indicator row label and its unit is a row of known width;
4. :func:`solve` — every split of each run into its row's cells (no leading zero but 0 itself, a
   sign only where the column may be negative, a point only in money), then the identities of
   :mod:`govtables.identities` (T3-A/B/C, T4-A, P-1…P-3, and 历年累计 ≥ 本年) over the whole table:
   row-local ones filter a row's splits, the others combine rows by backtracking, under a budget;
   then, given last year's report, 历年累计 = last year's 历年累计 + 本年 among the splits left;
5. :func:`collapsed_tables` — a cell every surviving split agrees on is written; any other holds the
   most even candidate, marked inferred by :func:`settle` after the template stage, with a
   ``split-ambiguous`` finding that lists every candidate. Tables are templated like any other
   dialect's.

See ``docs/collapsed.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from itertools import combinations
from typing import Any

import attrs
from lark import Transformer
from lark.exceptions import LarkError

from .formats import DEFAULT, Format, RowSpec, format_for, names, template_labels
from .grid import build_grid
from .identities import (
    Identity,
    Lookup,
    Term,
    applications_identities,
    cumulative_identities,
    indicator_identities,
    make_lookup,
    reviews_identities,
)
from .indicators import indicator_cells
from .labels import fold, label_forms
from .model import Finding, Number, Path, Report, Row, Table, TextCell, ValueCell
from .parse import parser
from .prose import ProseFigure
from .values import UNITS

__all__ = ["DIALECT", "collapsed_tables", "qualifies", "settle"]

DIALECT = "collapsed"

#: A collapsed body is long: shorter lines are a heading or a sentence, read by the other dialects.
MIN_LINE_CHARS = 200
#: Distinct template labels a line must carry: a table carries dozens, a paragraph of prose up to six.
MIN_LABELS = 12
#: Longer lines are not split (a finding says so): real collapsed bodies are under 20 000 characters.
MAX_LINE_CHARS = 100_000
#: Digit runs in one line beyond which no split is attempted (real reports: under 300).
MAX_RUNS = 2_000
#: Items (words, numbers, marks, spaces) in one line beyond which it is not cut: real bodies of
#: 3 000–6 000 characters hold 300–600, and parsing 10 000 takes about 0.3 s.
MAX_ITEMS = 10_000
#: Characters in one run beyond which it is not split: 15 cells of 16 characters.
MAX_RUN_CHARS = 240
#: Steps of the split search for one table (enumeration and combination together): about 0.5 s.
BUDGET = 250_000
#: Cells a row may have lost (one value for two places): a run shorter than that is not placed.
MAX_LOST = 2
#: The units of a pre-2019 indicator row (``条``, ``人次`` …), longest first as in :data:`UNITS`.
INDICATOR_UNITS: tuple[str, ...] = tuple(u for u in UNITS if u in {"人次", "万元", "元", "件", "条", "條", "次"})

_INDICATOR_HEADER = re.compile(
    r"指\s*标\s*名\s*称\s*(?:计\s*量\s*)?单\s*位(?P<columns>(?:\s*(?:\d{4}(?:\s*年\s*度?)?|历\s*年\s*累\s*计|本\s*年|数\s*量))+)"
)
_INDICATOR_COLUMN = re.compile(r"\d{4}(?:\s*年\s*度?)?|历\s*年\s*累\s*计|本\s*年|数\s*量")
_CUMULATIVE = "历年累计"
_CELL = {
    "count": re.compile(r"0|[1-9]\d*"),
    "signed": re.compile(r"0|-?[1-9]\d*"),
    "money": re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?"),
}
#: Table 四's header: a label text holding both (with 总计 last) opens its one run of 15 cells.
_REVIEW_WORDS = ("行政复议", "行政诉讼")

Cells = tuple[str | None, ...]


# --- 1. which lines -------------------------------------------------------------------------------


_FORMS = {label: label_forms(label) for label in template_labels()}


def template_labels_in(folded: str) -> int:
    """How many distinct labels of the statutory templates a text folded by :func:`fold` carries."""
    return sum(any(form in folded for form in forms if len(form) >= 3) for forms in _FORMS.values())


def qualifies(line: str) -> bool:
    """A long line carrying several template labels, or a line holding an indicator table's header
    (with the rows after it: :func:`indicator_rows` finds none in a header on its own)."""
    head = line[:MAX_LINE_CHARS]
    if _INDICATOR_HEADER.search(head) is not None:
        return True
    return len(line) >= MIN_LINE_CHARS and template_labels_in(fold(head)) >= MIN_LABELS


# --- 2. items and segments ------------------------------------------------------------------------


@attrs.frozen
class Item:
    """One token of the line: ``word``, ``number``, ``mark``, ``sign`` or ``space``; column 1-based."""

    kind: str
    text: str
    column: int


class _ItemBuilder(Transformer):
    def __default__(self, data: object, children: list, meta: object) -> Item:
        token = children[0]
        return Item(str(data), str(token), token.column)

    def start(self, children: list[Item]) -> list[Item]:
        return children


def items(line: str, *, offset: int = 0) -> list[Item]:
    """The line through ``grammars/collapsed.lark``; ``offset`` is added to every column."""
    tree = parser(DIALECT).parse(line)
    found: list[Item] = _ItemBuilder().transform(tree)
    return [attrs.evolve(item, column=item.column + offset) for item in found] if offset else found


@attrs.frozen
class Piece:
    """Digits (and a sign or a point) with no space between them: one cell or several glued."""

    text: str
    column: int


@attrs.frozen
class Segment:
    """A label text and the run of pieces after it (empty when a label follows a label)."""

    label: str
    column: int
    run: tuple[Piece, ...]

    @property
    def digits(self) -> str:
        return " ".join(piece.text for piece in self.run)


def _item_number_length(digits: str, glued: bool, last: int) -> int:
    """How many trailing digits of a number before ``.政府公报公开`` are the next row's item number:
    the one or two that continue the numbering seen so far (``…00002.`` after ``1.``); else all of a
    lone number of one or two digits, or the last digit of a longer run."""
    for size in (1, 2):
        if size <= len(digits) and int(digits[-size:]) == last + 1 and (size < len(digits) or not glued):
            return size
    if not glued and len(digits) <= 2:
        return len(digits)
    return 1 if len(digits) >= 2 else 0


def segments(found: Sequence[Item]) -> list[Segment]:
    """Label texts and the digit runs after them."""
    out: list[Segment] = []
    label: list[str] = []
    label_column = found[0].column if found else 1
    pieces: list[Piece] = []
    piece, piece_column = "", 0
    last_number = 0

    def close_piece() -> None:
        nonlocal piece
        if piece:
            pieces.append(Piece(piece, piece_column))
            piece = ""

    def close_segment(column: int) -> None:
        nonlocal label, label_column, pieces
        close_piece()
        out.append(Segment("".join(label).strip(), label_column, tuple(pieces)))
        label, pieces, label_column = [], [], column

    def in_run() -> bool:
        return bool(piece or pieces)

    for index, item in enumerate(found):
        after = found[index + 1 : index + 3]
        if item.kind == "number" and "." not in item.text and [i.kind for i in after] == ["mark", "word"]:
            size = _item_number_length(item.text, glued=bool(piece), last=last_number)
            if size:
                head, number = item.text[:-size], item.text[-size:]
                if head:
                    piece_column = piece_column if piece else item.column
                    piece += head
                if in_run():
                    close_segment(item.column + len(head))
                label.append(number)
                last_number = int(number)
                continue
        if item.kind == "number" or (item.kind == "sign" and after[:1] and after[0].kind == "number"):
            if not piece:
                piece_column = item.column
            piece += "-" if item.kind == "sign" else item.text
        elif item.kind == "space":
            if in_run():
                close_piece()
            else:
                label.append(" ")
        else:
            if in_run():
                close_segment(item.column)
            if not label:
                label_column = item.column
            label.append(item.text)
    close_segment(0)
    return out


# --- 3. rows of known width -----------------------------------------------------------------------


@attrs.frozen
class RowRun:
    """A digit run placed as one row: its table, label paths, column paths and kinds, the run."""

    kind: str
    path: Path
    label: str
    columns: tuple[Path, ...]
    kinds: tuple[str, ...]
    segment: Segment


def _ends_with(folded: str, label: str) -> int:
    """The length of the longest form of ``label`` that ``folded`` ends with (0 if none)."""
    return max((len(form) for form in label_forms(label) if folded.endswith(form)), default=0)


def _statutory_row(folded: str, formats: Sequence[Format]) -> tuple[Format, RowSpec] | None:
    best: tuple[int, Format, RowSpec] | None = None
    for fmt in formats:
        for row in fmt.rows:
            size = _ends_with(folded, row.path[-1])
            if size and (best is None or size > best[0]):
                best = (size, fmt, row)
    return None if best is None else best[1:]


def statutory_rows(found: Sequence[Segment], name: str) -> list[RowRun]:
    """Runs after a leaf label of format ``name``'s tables 二 and 三, and table 四's one run, in the
    order of the template (a run whose label goes back in that order is prose, not a row)."""
    active, applications = format_for("active", name), format_for("applications", name)
    reviews = format_for("reviews", name)
    opened: set[str] = set()
    last: dict[str, int] = {}
    out: list[RowRun] = []
    for segment in found:
        folded = fold(segment.label)
        if "第二十条第" in folded:
            opened.add("active")
        if "申请人情况" in folded:
            opened.add("applications")
        if not segment.run:
            continue
        if all(word in folded for word in _REVIEW_WORDS) and folded.endswith("总计"):
            fmt, spec = reviews, reviews.rows[0]
        else:
            kinds = [f for f in (active, applications) if f.kind in opened]
            match = _statutory_row(folded, kinds)
            if match is None:
                continue
            fmt, spec = match
        index = fmt.rows.index(spec)
        if index <= last.get(fmt.kind, -1):
            continue
        last[fmt.kind] = index
        out.append(
            RowRun(
                fmt.kind,
                spec.path,
                spec.path[-1] if spec.path else "",
                tuple(c.path for c in spec.columns),
                tuple(c.kind for c in spec.columns),
                segment,
            )
        )
    return out


def indicator_header(line: str) -> tuple[tuple[str, ...], int] | None:
    """The value columns of an indicator table's header (``("2011年度", "历年累计")``) and where
    the header ends, or ``None``."""
    match = _INDICATOR_HEADER.search(line)
    if match is None:
        return None
    columns = tuple(re.sub(r"\s+", "", c) for c in _INDICATOR_COLUMN.findall(match["columns"]))
    return columns, match.end()


#: Where a row with no value ends inside the label text before the next row's run: a unit standing
#: alone between spaces (``审批事项公开数 条 决策事项公开数 条 4``), or a unit right before a numbered
#: label (``…来访数量人次3.访问…``); the text after the last such end is the row's label.
_BLANK_ROW_END = re.compile(
    r"(?:(?<=\s)(?:" + "|".join(INDICATOR_UNITS) + r")(?=\s)|(?:" + "|".join(INDICATOR_UNITS) + r")"
    r"(?=\s*(?:其中[,，:：、]?\s*)?(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)))"
)


def _unit_split(label: str) -> tuple[str, str] | None:
    ends = [match.end() for match in _BLANK_ROW_END.finditer(label.rstrip()[:-1])]
    text = label[ends[-1] :].strip() if ends else label.rstrip()
    unit = next((u for u in INDICATOR_UNITS if text.endswith(u)), None)
    return None if unit is None else (text[: -len(unit)].strip(), unit)


def indicator_rows(found: Sequence[Segment], columns: tuple[str, ...]) -> list[tuple[RowRun, str]]:
    """Rows of an indicator table: a label ending in a unit, then a run; the table ends at the first
    run whose label has no unit."""
    out: list[tuple[RowRun, str]] = []
    for segment in found:
        if not segment.run:
            continue
        split = _unit_split(segment.label)
        if split is None or not split[0]:
            if out:
                break
            continue
        label, unit = split
        written = re.sub(r"\s+", "", label)
        run = RowRun(
            "indicators", (written,), written, tuple((c,) for c in columns), ("money",) * len(columns), segment
        )
        out.append((run, unit))
    return out


# --- 4. the split ---------------------------------------------------------------------------------


class BudgetExceeded(Exception):
    """The search for one table took more steps than :data:`BUDGET`."""


@attrs.define
class _Budget:
    left: int = BUDGET

    def spend(self, steps: int = 1) -> None:
        self.left -= steps
        if self.left < 0:
            raise BudgetExceeded


Check = Callable[[tuple[str, ...]], bool]


def _splits(
    pieces: Sequence[str],
    kinds: Sequence[str],
    budget: _Budget,
    checks: Mapping[int, Sequence[Check]] | None = None,
    *,
    backwards: bool = False,
    whole: bool = False,
) -> Iterator[tuple[str, ...]]:
    """Every way to cut ``pieces`` into ``len(kinds)`` cells, each cell matching its column's kind;
    a cell never spans two pieces (a space always separates cells). ``checks[c]`` are tried as soon
    as cell ``c`` is cut, pruning the search. ``backwards``: the pieces, their characters and the
    kinds come reversed (the row cut from its end, so that a total is cut before its parts).
    ``whole``: every piece is one cell (a table whose cells the text separates by spaces)."""
    checks = checks or {}

    def walk(p: int, at: int, col: int, cells: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        budget.spend()
        if col and not all(check(cells) for check in checks.get(col - 1, ())):
            return
        if p == len(pieces):
            if col == len(kinds):
                yield tuple(cell[::-1] for cell in reversed(cells)) if backwards else cells
            return
        if col == len(kinds) or len(kinds) - col < len(pieces) - p:
            return
        piece = pieces[p]
        pattern = _CELL[kinds[col]]
        for end in range(len(piece) if whole else at + 1, len(piece) + 1):
            cell = piece[at:end]
            if not pattern.fullmatch(cell[::-1] if backwards else cell):
                continue
            if end == len(piece):
                yield from walk(p + 1, 0, col + 1, (*cells, cell))
            else:
                yield from walk(p, end, col + 1, (*cells, cell))

    yield from walk(0, 0, 0, ())


def _row_checks(run: RowRun, local: Sequence[Identity]) -> dict[int, list[Check]]:
    """The identities within one row as checks on its cells cut from the row's end (cell ``j`` of
    the walk is column ``width - 1 - j``, its text reversed): each equality due once its last cell
    is cut, and a total cut before its parts bounding their sum, where no part can be negative."""
    width = len(run.columns)
    checks: dict[int, list[Check]] = {}

    def value(cells: tuple[str, ...], j: int) -> Number:
        return _number(cells[j][::-1])

    for identity in local:
        if identity.relation != "=":
            continue
        left = [width - 1 - run.columns.index(term.col) for term in identity.left]
        right = [width - 1 - run.columns.index(term.col) for term in identity.right]

        def equal(cells: tuple[str, ...], left: list[int] = left, right: list[int] = right) -> bool:
            return sum(value(cells, j) for j in left) == sum(value(cells, j) for j in right)

        checks.setdefault(max(left + right), []).append(equal)
        if len(right) == 1 and right[0] < min(left) and all(run.kinds[width - 1 - j] != "signed" for j in left):
            for k in sorted(left)[:-1]:

                def bounded(cells: tuple[str, ...], k: int = k, left: list[int] = left, total: int = right[0]) -> bool:
                    return sum(value(cells, j) for j in left if j <= k) <= value(cells, total)

                checks.setdefault(k, []).append(bounded)
    return checks


def row_candidates(
    run: RowRun, budget: _Budget | None = None, local: Sequence[Identity] = (), *, whole: bool = False
) -> list[Cells]:
    """The splits of a row's run into its cells, pruned by the identities ``local`` to the row
    (all splits when none satisfies them: the failure is then reported, not hidden); when no split
    fills every column, the splits into fewer cells placed in order among the columns (the others
    absent: a value the text lost). ``whole`` (a table whose text separates its cells by spaces,
    :func:`_spaced`): a row with fewer pieces than cells may have lost values even where its digits
    can fill every cell, so its pieces, each one cell, placed among the columns are candidates too."""
    budget = _Budget() if budget is None else budget
    pieces = [piece.text for piece in run.segment.run]
    width = len(run.kinds)
    checks = _row_checks(run, local)
    found: list[Cells] = []
    if checks:
        backwards = _splits([p[::-1] for p in reversed(pieces)], run.kinds[::-1], budget, checks, backwards=True)
        found = sorted(backwards, key=lambda cells: tuple(len(cell or "") for cell in cells))  # a forward walk's order
    if not found:
        found = list(_splits(pieces, run.kinds, budget))
    if found and not whole:
        return found
    for size in range(width - 1, max(len(pieces), width - MAX_LOST) - 1, -1):
        lost: list[Cells] = []
        for places in combinations(range(width), size):
            kinds = [run.kinds[c] for c in places]
            for cells in _splits(pieces, kinds, budget, whole=whole):
                placed: list[str | None] = [None] * width
                for c, cell in zip(places, cells, strict=True):
                    placed[c] = cell
                lost.append(tuple(placed))
        if lost:
            return found + lost
    return found


@attrs.frozen
class Solved:
    """What the search left of each row, and what it says about the identities."""

    candidates: tuple[tuple[Cells, ...], ...]
    unsatisfied: tuple[tuple[Identity, tuple[int, ...]], ...] = ()
    not_combined: bool = False
    #: Per row, the guess where several splits survive (see :func:`_guesses`), ``None`` for none.
    picks: tuple[Cells | None, ...] = ()


def _number(cell: str) -> Number:
    """A cell a split cut (it matched :data:`_CELL`, so it is a plain number)."""
    return Decimal(cell) if "." in cell else int(cell)


def _numbers(cells: Cells) -> tuple[Number | None, ...]:
    return tuple(None if text is None else _number(text) for text in cells)


def _known(previous: Lookup | None, term: Term) -> Number | None:
    """Last year's value of a term, when last year's report states it (a guess of its own decides nothing)."""
    cell = previous(term) if previous is not None else None
    return None if cell is None or cell.inferred else cell.value


def solve(
    runs: Sequence[RowRun],
    candidates: Sequence[list[Cells]],
    identities: Sequence[Identity],
    budget: _Budget,
    previous: Lookup | None = None,
) -> Solved:
    """Keep the splits that every hard identity (severity error) allows, over the whole table; then,
    among them, the splits that agree with last year's report (an identity with a ``previous`` term,
    its value looked up in ``previous``: 历年累计 = last year's 历年累计 + 本年). Last year's report
    decides only between splits the report's own identities allow: a row it contradicts keeps them,
    and the identity is reported unsatisfied.

    The identities are :mod:`govtables.identities`'s data; they are checked here on the numbers of
    each candidate split (a cell a split leaves out, like a blank, decides nothing)."""
    where = {(run.path, col): (r, c) for r, run in enumerate(runs) for c, col in enumerate(run.columns)}
    rows_of: list[tuple[Identity, tuple[int, ...]]] = []
    last_year: list[tuple[Identity, int]] = []
    for identity in identities:
        across = any(term.previous for term in identity.terms)
        if identity.severity != "error" and not across:
            continue  # soft bounds (T2-2019-a, P-4, P-5) do not decide a split
        if any(_known(previous, term) is None for term in identity.terms if term.previous):
            continue  # last year's report does not state the cell
        places = [where.get(term.key) for term in identity.terms if not term.previous]
        if any(p is None for p in places):
            continue  # a row the text does not have: the identity cannot decide a split
        rows = tuple(sorted({p[0] for p in places if p is not None}))
        if not across:
            rows_of.append((identity, rows))
        elif len(rows) == 1:
            last_year.append((identity, rows[0]))
    values = [[_numbers(cells) for cells in options] for options in candidates]
    chosen: list[int] = [0] * len(runs)

    def side(terms: tuple[Term, ...]) -> Number | None:
        total: Number = 0
        for term in terms:
            if term.previous:
                total += _known(previous, term) or 0  # known: identities without it were left out
                continue
            r, c = where[term.key]
            value = values[r][chosen[r]][c]
            if value is None:
                return None
            total += value
        return total

    def holds(identity: Identity) -> bool:
        budget.spend()
        left, right = side(identity.left), side(identity.right)
        if left is None or right is None:
            return True
        return left == right if identity.relation == "=" else left <= right

    kept: list[list[int]] = []
    unsatisfied: list[tuple[Identity, tuple[int, ...]]] = []
    try:
        for r, options in enumerate(candidates):
            local = [identity for identity, rows in rows_of if rows == (r,)]
            good = []
            for k in range(len(options)):
                chosen[r] = k
                if all(holds(identity) for identity in local):
                    good.append(k)
            if not good:
                unsatisfied.extend((identity, (r,)) for identity in local)
            kept.append(good or list(range(len(options))))
    except BudgetExceeded:
        kept += [list(range(len(options))) for options in candidates[len(kept) :]]
        return Solved(tuple(tuple(options) for options in candidates), (), True)
    cross = [(identity, rows) for identity, rows in rows_of if len(rows) > 1]
    survivors, not_combined = _combine(kept, cross, chosen, holds)
    if survivors is None:  # the identities that no assignment can satisfy with the others
        cross, broken = _satisfiable(kept, cross, chosen, holds)
        unsatisfied.extend(broken)
        survivors, not_combined = _combine(kept, cross, chosen, holds)
    if survivors is not None and not not_combined and last_year:
        kept, survivors, not_combined, contradicted = _agree_with_last_year(
            kept, survivors, last_year, cross, chosen, holds
        )
        unsatisfied.extend((identity, (r,)) for identity, r in contradicted)
    consistent = survivors is not None and not not_combined
    if survivors is None:
        unsatisfied.extend(cross)
        survivors = kept
    ranked = [sorted(ks, key=lambda k: _evenness(candidates[r][k])) for r, ks in enumerate(survivors)]
    picks = _guesses(ranked, cross, chosen, holds) if consistent else [None] * len(ranked)
    return Solved(
        tuple(tuple(candidates[r][k] for k in ks) for r, ks in enumerate(survivors)),
        tuple(unsatisfied),
        not_combined,
        tuple(None if k is None else candidates[r][k] for r, k in enumerate(picks)),
    )


def _satisfiable(
    kept: list[list[int]],
    cross: list[tuple[Identity, tuple[int, ...]]],
    chosen: list[int],
    holds: Callable[[Identity], bool],
) -> tuple[list[tuple[Identity, tuple[int, ...]]], list[tuple[Identity, tuple[int, ...]]]]:
    """When no assignment satisfies every cross-row identity: the identities taken in order, each
    kept while some assignment still satisfies it with those kept before it, the others broken (a
    typo in one total breaks the identities through that cell, not every identity of the table)."""
    kept_identities: list[tuple[Identity, tuple[int, ...]]] = []
    broken: list[tuple[Identity, tuple[int, ...]]] = []
    for identity in cross:
        found, _ = _combine(kept, [*kept_identities, identity], chosen, holds)
        (kept_identities if found is not None else broken).append(identity)
    return kept_identities, broken


def _agree_with_last_year(
    kept: list[list[int]],
    survivors: list[list[int]],
    last_year: Sequence[tuple[Identity, int]],
    cross: list[tuple[Identity, tuple[int, ...]]],
    chosen: list[int],
    holds: Callable[[Identity], bool],
) -> tuple[list[list[int]], list[list[int]], bool, list[tuple[Identity, int]]]:
    """Each row's splits narrowed, row by row, to those that satisfy its identities with last year's
    report, as long as the whole table still has an assignment satisfying the report's own identities;
    a row where no split agrees (alone, or with the rows already narrowed) keeps its splits, and its
    identities are returned as contradicted. Returns kept, survivors, not_combined, contradicted."""
    by_row: dict[int, list[Identity]] = {}
    for identity, r in last_year:
        by_row.setdefault(r, []).append(identity)
    contradicted: list[tuple[Identity, int]] = []
    not_combined = False
    for r, mine in by_row.items():
        good = []
        for k in kept[r]:
            chosen[r] = k
            if all(holds(identity) for identity in mine):
                good.append(k)
        if good == kept[r]:
            continue
        trial = [*kept[:r], good, *kept[r + 1 :]]
        found, budget_out = _combine(trial, cross, chosen, holds) if good else (None, False)
        if found is None:
            contradicted.extend((identity, r) for identity in mine)
            continue
        kept, survivors, not_combined = trial, found, not_combined or budget_out
    return kept, survivors, not_combined, contradicted


def _evenness(cells: Cells) -> tuple[int, int]:
    """How uneven a split is: its longest cell, then the spread of its cells' lengths."""
    sizes = [len(cell) for cell in cells if cell is not None] or [0]
    return max(sizes), max(sizes) - min(sizes)


def _guesses(
    ranked: list[list[int]],
    cross: list[tuple[Identity, tuple[int, ...]]],
    chosen: list[int],
    holds: Callable[[Identity], bool],
) -> list[int | None]:
    """One split per row to show where several survive: the most even of each row, the rows tied by
    identities chosen together so that the guesses satisfy them all (``None``: no guess within the
    budget, the open cells stay empty)."""
    picks: list[int | None] = [ks[0] if ks else None for ks in ranked]
    order = sorted({r for _, rows in cross for r in rows})
    if not order or all(len(ranked[r]) == 1 for r in order):
        return picks
    due: dict[int, list[Identity]] = {}
    for identity, rows in cross:
        due.setdefault(max(rows), []).append(identity)

    def first(i: int) -> bool:
        if i == len(order):
            return True
        r = order[i]
        for k in ranked[r]:
            chosen[r] = k
            if all(holds(identity) for identity in due.get(r, ())) and first(i + 1):
                return True
        return False

    try:
        found = first(0)
    except BudgetExceeded:
        found = False
    for r in order:
        picks[r] = chosen[r] if found else None
    return picks


def _combine(
    kept: list[list[int]],
    cross: list[tuple[Identity, tuple[int, ...]]],
    chosen: list[int],
    holds: Callable[[Identity], bool],
) -> tuple[list[list[int]] | None, bool]:
    """Backtracking over the rows that cross-row identities tie together: the splits of each row
    that take part in some assignment satisfying them all (``None`` when no assignment does)."""
    if not cross:
        return kept, False
    involved = sorted({r for _, rows in cross for r in rows})
    if all(len(kept[r]) == 1 for r in involved):
        for r in involved:
            chosen[r] = kept[r][0]
        return (kept, False) if all(holds(identity) for identity, _ in cross) else (None, False)
    due: dict[int, list[Identity]] = {}
    for identity, rows in cross:
        due.setdefault(max(rows), []).append(identity)
    seen: list[set[int]] = [set() for _ in kept]
    try:
        found = _search(involved, 0, kept, due, chosen, holds, seen)
    except BudgetExceeded:
        return kept, True
    if not found:
        return None, False
    return [sorted(seen[r]) if r in involved else kept[r] for r in range(len(kept))], False


def _search(
    order: list[int],
    i: int,
    kept: list[list[int]],
    due: dict[int, list[Identity]],
    chosen: list[int],
    holds: Callable[[Identity], bool],
    seen: list[set[int]],
) -> bool:
    if i == len(order):
        for r in order:
            seen[r].add(chosen[r])
        return True
    r = order[i]
    any_found = False
    for k in kept[r]:
        chosen[r] = k
        if all(holds(identity) for identity in due.get(r, ())):
            any_found = _search(order, i + 1, kept, due, chosen, holds, seen) or any_found
    return any_found


# --- 5. tables ------------------------------------------------------------------------------------


def _cumulative(runs: Sequence[RowRun]) -> list[Identity]:
    """历年累计 ≥ the year's figure, in every row of an indicator table with both columns."""
    out = []
    for run in runs:
        cols = [c for c in run.columns if c[-1] == _CUMULATIVE]
        years = [c for c in run.columns if c[-1] != _CUMULATIVE]
        for year in years[:1]:
            for cum in cols[:1]:
                out.append(
                    Identity(
                        rule="cumulative",
                        kind="indicators",
                        left=(Term(run.path, year),),
                        right=(Term(run.path, cum),),
                        left_name=year[-1],
                        right_name=_CUMULATIVE,
                        where=f"in row {run.label}",
                        why="the total of all years cannot be less than this year's",
                        relation="<=",
                    )
                )
    return out


def _open(options: Sequence[Cells]) -> list[int]:
    """The cells the surviving splits of a row disagree on."""
    return [c for c in range(len(options[0])) if len({cells[c] for cells in options}) > 1] if options else []


def _row(
    run: RowRun, options: Sequence[Cells], pick: Cells | None, label: TextCell, extra: Sequence[TextCell] = ()
) -> Row:
    """A row's cells as the split left them: the one split, or the guess (its open cells marked
    inferred later by :func:`settle`), or where there is no guess the cells all splits agree on."""
    line = label.line
    cells = [label, *extra]
    shown: Cells = options[0] if len(options) == 1 else pick or _agreed(options, len(run.columns))
    starts = _cell_columns(run, shown)
    for c in range(len(run.columns)):
        cells.append(TextCell(shown[c] or "", line=line, column=starts[c]))
    return Row(tuple(cells), line=line)


def _agreed(options: Sequence[Cells], width: int) -> Cells:
    open_cols = set(_open(options))
    return tuple(None if c in open_cols or not options else options[0][c] for c in range(width))


def _cell_columns(run: RowRun, cells: Cells) -> list[int]:
    """Where each cell of a split starts in the line (an absent cell: where its row's run starts)."""
    pieces = run.segment.run
    out: list[int] = []
    p, at = 0, 0
    for cell in cells:
        if cell is None:
            out.append(pieces[0].column)
            continue
        out.append(pieces[p].column + at)
        at += len(cell)
        if at >= len(pieces[p].text):
            p, at = p + 1, 0
    return out


def _findings(
    kind: str, runs: Sequence[RowRun], solved: Solved, line: int, previous: Lookup | None = None
) -> list[Finding]:
    out: list[Finding] = []
    for run, options, pick in zip(runs, solved.candidates, solved.picks, strict=True):
        open_cols = _open(options)
        if open_cols:
            shown = [_shown(cells) for cells in options]
            said = (
                f"the cells they disagree on hold the most even split the identities allow, {_shown(pick)},"
                " marked inferred"
                if pick is not None
                else "the cells they disagree on are left empty (no guess within the budget)"
            )
            out.append(
                Finding(
                    "split-ambiguous",
                    "warning",
                    f"{kind} {run.label or '—'}: the digits {run.segment.digits!r} split {len(options)} ways"
                    f" that the row width and every identity allow: {', '.join(shown)}; {said}",
                    table=kind,
                    cells=tuple((run.path, col) for col in run.columns),  # the order of each split's cells
                    expected=tuple((run.path, run.columns[c]) for c in open_cols) if pick is not None else (),
                    actual=tuple(shown),
                    line=line,
                    column=run.segment.run[0].column,
                )
            )
    for identity, rows in solved.unsatisfied:
        if all(len(solved.candidates[r]) == 1 for r in rows):
            continue  # the cells are known: the validator reports the failure with them
        digits = "; ".join(f"{runs[r].label or '—'} {runs[r].segment.digits!r}" for r in rows)
        last = [f"{term.col[-1]} {_known(previous, term)}" for term in identity.terms if term.previous]
        said = f" (last year's report: {', '.join(last)})" if last else ""
        out.append(
            Finding(
                identity.rule,
                identity.severity,
                f"{kind}: no split of the digits ({digits}) satisfies {identity.rule} {identity.where}:"
                f" {identity.left_name} = {identity.right_name}{said}",
                table=kind,
                cells=tuple(term.key for term in identity.terms if not term.previous),
                line=line,
                column=runs[rows[0]].segment.run[0].column,
            )
        )
    if solved.not_combined:
        out.append(
            Finding(
                "split-not-attempted",
                "warning",
                f"{kind}: combining the rows' splits under the identities took more than {BUDGET} steps;"
                " each row keeps the splits its own identities allow",
                table=kind,
                line=line,
            )
        )
    return out


def _stated_by_prose(run: RowRun, options: list[Cells], prose: Sequence[ProseFigure]) -> list[Cells]:
    """The splits of a row that agree with what the report's prose says of its cells (`共收到70件申请`
    fixes 一、本年新收 / 总计). Prose only decides between splits the identities allow: where no split
    agrees (prose is often rounded or scoped differently) every split stays."""
    for figure in prose:
        if figure.kind != run.kind or len(figure.cells) != 1 or figure.cells[0][0] != run.path:
            continue
        column = figure.cells[0][1]
        if column not in run.columns:
            continue
        at = run.columns.index(column)
        agree = [cells for cells in options if (cell := cells[at]) is not None and _number(cell) == figure.value]
        options = agree or options
    return options


def _split_table(
    kind: str,
    runs: list[RowRun],
    identities: Sequence[Identity],
    line: int,
    findings: list[Finding],
    prose: Sequence[ProseFigure] = (),
    previous: Lookup | None = None,
) -> Solved:
    budget = _Budget()
    candidates: list[list[Cells]] = []
    whole = _spaced(runs)
    hard = [identity for identity in identities if identity.severity == "error"]
    for run in runs:
        size = sum(len(piece.text) for piece in run.segment.run)
        local = [i for i in hard if all(term.row == run.path and term.col in run.columns for term in i.terms)]
        try:
            found = row_candidates(run, budget, local, whole=whole) if size <= MAX_RUN_CHARS else None
        except BudgetExceeded:
            found = None
        width, place = len(run.columns), _unsplit(kind, run, line)
        if found is None:
            why = f"a run of {size} characters for {width} cells was not split (more than {MAX_RUN_CHARS}"
            why += f" characters or {BUDGET} steps); its cells are left empty"
            findings.append(Finding("split-not-attempted", "warning", f"{kind} {run.label or '—'}: {why}", **place))
        elif not found:
            why = f"no split of the digits {run.segment.digits!r} fills its {width} cells, even with {MAX_LOST}"
            why += " lost; its cells are left empty"
            findings.append(Finding("split-impossible", "warning", f"{kind} {run.label or '—'}: {why}", **place))
        elif local and not any(_satisfies(run, local, cells) for cells in found):
            rows = _rows_in_run(run, local, budget)
            if rows:
                why = f"no split of the digits {run.segment.digits!r} satisfies {', '.join(i.rule for i in local)},"
                why += f" but they split into {rows} rows of {width} cells that each do: the digits of another row"
                why += " whose label the text lost; its cells are left empty"
                findings.append(Finding("split-impossible", "warning", f"{kind} {run.label or '—'}: {why}", **place))
                found = []
        candidates.append(_stated_by_prose(run, found, prose) if found else [])
    present = [r for r, options in enumerate(candidates) if options]
    solved = solve([runs[r] for r in present], [candidates[r] for r in present], identities, budget, previous)
    merged: list[tuple[Cells, ...]] = [() for _ in runs]
    picks: list[Cells | None] = [None for _ in runs]
    for r, options, pick in zip(present, solved.candidates, solved.picks, strict=True):
        merged[r], picks[r] = options, pick
    unsatisfied = tuple((identity, tuple(present[i] for i in rows)) for identity, rows in solved.unsatisfied)
    return Solved(tuple(merged), unsatisfied, solved.not_combined, tuple(picks))


#: Rows of two cells or more a table needs to be judged spaced, and the share of them that must hold
#: exactly one piece a cell (the others: values the text lost).
MIN_SPACED_ROWS = 3
SPACED_SHARE = 0.75


def _spaced(runs: Sequence[RowRun]) -> bool:
    """The text separates this table's cells by spaces (g001's ``条 425 1516``): nearly every row of
    two cells or more holds exactly one piece a cell. Then a row with fewer pieces than cells may
    have lost values as well as glued them (:func:`row_candidates`): the identities choose, or the
    row is said ambiguous, rather than cut into more cells than the text shows with confidence."""
    wide = [run for run in runs if len(run.columns) > 1]
    exact = sum(len(run.segment.run) == len(run.columns) for run in wide)
    return len(wide) >= MIN_SPACED_ROWS and exact >= SPACED_SHARE * len(wide)


def _satisfies(run: RowRun, local: Sequence[Identity], cells: Cells) -> bool:
    """The cells of one split of a row satisfy the identities within the row (a cell a split
    leaves out decides nothing)."""
    numbers = _numbers(cells)

    def total(terms: tuple[Term, ...]) -> Number | None:
        found = [numbers[run.columns.index(term.col)] for term in terms]
        return None if any(n is None for n in found) else sum(n for n in found if n is not None)

    for identity in local:
        left, right = total(identity.left), total(identity.right)
        if left is None or right is None:
            continue
        if not (left == right if identity.relation == "=" else left <= right):
            return False
    return True


def _rows_in_run(run: RowRun, local: Sequence[Identity], budget: _Budget) -> int:
    """How many rows' worth of cells (2 or 3) a run splits into with every row satisfying the row's
    identities (``0``: none, or not within the budget): a run no split of one row satisfies but two
    rows' do (``90000090000000`` for 7 cells: 9|0|0|0|0|0|9 and seven 0) holds another row's digits."""
    pieces = [piece.text for piece in run.segment.run]
    width = len(run.kinds)
    try:
        for rows in (2, 3):
            for cells in _splits(pieces, run.kinds * rows, budget):
                if all(_satisfies(run, local, cells[r * width : (r + 1) * width]) for r in range(rows)):
                    return rows
    except BudgetExceeded:
        return 0
    return 0


def _unsplit(kind: str, run: RowRun, line: int) -> dict[str, Any]:
    """Where a finding about a row whose run was not split points: its cells (left empty), its run."""
    return {
        "table": kind,
        "cells": tuple((run.path, col) for col in run.columns),
        "line": line,
        "column": run.segment.run[0].column,
    }


def _statutory_table(
    kind: str, name: str, runs: list[RowRun], line: int, findings: list[Finding], prose: Sequence[ProseFigure]
) -> Table:
    fmt = format_for(kind, name)
    identities = {"applications": lambda: applications_identities(name), "reviews": reviews_identities}
    solved = _split_table(kind, runs, identities.get(kind, tuple)(), line, findings, prose)
    findings.extend(_findings(kind, runs, solved, line))
    rows: list[Row] = []
    if kind == "reviews":
        rows.append(
            Row(tuple(TextCell(h, line=line, column=runs[0].segment.column) for h in fmt.headers[:4]), line=line)
        )
    title: str | None = None
    for run, options, pick in zip(runs, solved.candidates, solved.picks, strict=True):
        column = run.segment.column
        if kind == "active" and run.path[0] != title:
            title = run.path[0]
            spec = next(r for r in fmt.rows if r.path == run.path)
            rows.append(Row((TextCell(title, line=line, column=column),), line=line))
            headers = (fmt.headers[0], *(c.path[-1] for c in spec.columns))
            rows.append(Row(tuple(TextCell(h, line=line, column=column) for h in headers), line=line))
        label = () if kind == "reviews" else (TextCell(run.label, line=line, column=column),)
        rows.append(_row(run, options, pick, *label) if label else _unlabelled(run, options, pick, line))
    return _table(kind, tuple(rows), line, f"one line of text holding the {kind} table of the {name} template")


def _unlabelled(run: RowRun, options: Sequence[Cells], pick: Cells | None, line: int) -> Row:
    row = _row(run, options, pick, TextCell("", line=line, column=1))
    return Row(row.cells[1:], line=line)


def _table(kind: str, rows: tuple[Row, ...], line: int, why: str) -> Table:
    return Table(kind=kind, dialect=DIALECT, lines=(line, line), grid=build_grid(rows, DIALECT), rows=rows, why=why)


def _indicator_table(
    columns: tuple[str, ...],
    found: list[tuple[RowRun, str]],
    line: int,
    findings: list[Finding],
    last: Table | None = None,
) -> Table:
    """The indicator table of a collapsed line; ``last``, last year's indicator table (any dialect),
    adds 历年累计 = last year's 历年累计 + 本年 for each row both have (:func:`cumulative_identities`)."""
    runs = [run for run, _ in found]
    header = Row(tuple(TextCell(h, line=line, column=1) for h in ("指标名称", "计量单位", *columns)), line=line)

    def rows_for(options: Sequence[Sequence[Cells]], picks: Sequence[Cells | None]) -> tuple[Row, ...]:
        body = tuple(
            _row(
                run,
                opts,
                pick,
                TextCell(run.label, line=line, column=run.segment.column),
                (TextCell(unit, line=line, column=run.segment.column),),
            )
            for (run, unit), opts, pick in zip(found, options, picks, strict=True)
        )
        return (header, *body)

    budget = _Budget()
    first = []
    for run in runs:
        try:
            first.append(row_candidates(run, budget)[:1])
        except BudgetExceeded:
            first.append([])
    provisional = _table("indicators", rows_for(first, [None] * len(first)), line, "")
    cells, _ = indicator_cells(provisional)
    # the label paths indicator_cells gives (ancestors from the numbering) name the terms
    paths = iter(cell.row for cell in cells[:: max(1, len(columns))])
    runs = [attrs.evolve(run, path=next(paths, run.path)) for run in runs]
    provisional = attrs.evolve(provisional, cells=cells)
    across = cumulative_identities(provisional, last) if last is not None else ()
    identities = (*indicator_identities(provisional), *_cumulative(runs), *across)
    previous = make_lookup(None, last) if across else None
    solved = _split_table("indicators", runs, identities, line, findings, previous=previous)
    findings.extend(_findings("indicators", runs, solved, line, previous))
    why = f"one line of text holding an indicator table ({' / '.join(columns)})"
    return _table("indicators", rows_for(solved.candidates, solved.picks), line, why)


def _own_columns(revisions: Sequence[str]) -> dict[str, frozenset[str]]:
    """Per revision, the table-二 column labels (folded) no other revision has (本年制发件数 2021,
    本年新制作数量 2019 …)."""
    labels = {
        name: frozenset(fold(column.path[-1]) for row in format_for("active", name).rows for column in row.columns)
        for name in revisions
    }
    return {name: labels[name].difference(*(labels[n] for n in revisions if n != name)) for name in revisions}


def _best_format(found: Sequence[Segment]) -> str:
    """The revision whose rows claim more runs; on a tie (``规范性文件`` ends ``行政规范性文件``, and
    行政许可 is a row of both), the one more of whose own table-二 column labels (:func:`_own_columns`)
    the text holds; then the default, 2019 (its (六)其他处理 is a row)."""
    revisions = names()
    counts = {name: len(statutory_rows(found, name)) for name in revisions}
    text = fold("".join(segment.label for segment in found))
    own = _own_columns(revisions)
    headers = {name: sum(label in text for label in own[name]) for name in revisions}
    return max(revisions, key=lambda name: (counts[name], headers[name], name == DEFAULT))


#: What ends a word of the collapsed grammar: a number, a mark, a sign or a space (its terminals).
_ITEM_CUT = re.compile(r"\d+|[.．、\-−－]|[ \t\u3000\u00a0]+")


def collapsed_tables(
    text: str,
    name: str | None,
    findings: list[Finding],
    prose: Sequence[ProseFigure] = (),
    previous: Report | None = None,
) -> list[Table]:
    """The tables of every collapsed line of ``text`` (none for an ordinary report); ``prose``, the
    figures the report's prose states (:func:`govtables.prose.prose_figures`), and ``previous``, last
    year's report of the same body (its indicator table's 历年累计), decide between splits."""
    tables: list[Table] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not qualifies(line):
            continue
        head = line[: MAX_LINE_CHARS + 1]
        runs = len(re.findall(r"\d+", head))
        cuts = len(_ITEM_CUT.findall(head))  # an item is cut at each; words lie between them
        if len(line) > MAX_LINE_CHARS or runs > MAX_RUNS or cuts > MAX_ITEMS:
            findings.append(
                Finding(
                    "split-not-attempted",
                    "warning",
                    f"line {number} looks like a collapsed report ({len(line)} characters, {runs} digit runs,"
                    f" {cuts}+ items) but is longer than {MAX_LINE_CHARS} characters, {MAX_RUNS} runs or"
                    f" {MAX_ITEMS} items: not split",
                    line=number,
                )
            )
            continue
        tables.extend(_line_tables(line, number, name, findings, prose, previous))
    return tables


def _line_tables(
    line: str,
    number: int,
    name: str | None,
    findings: list[Finding],
    prose: Sequence[ProseFigure],
    previous: Report | None = None,
) -> list[Table]:
    try:
        found = segments(items(line))
    except LarkError as exc:  # pragma: no cover - the grammar accepts any line without a line break
        findings.append(Finding("parse-error", "error", f"the collapsed grammar failed: {exc}", line=number))
        return []
    tables: list[Table] = []
    header = indicator_header(line)
    if header is not None:
        columns, end = header
        rest = segments(items(line[end:], offset=end))
        rows = indicator_rows(rest, columns)
        if rows:
            last = previous.table("indicators") if previous is not None else None
            tables.append(_indicator_table(columns, rows, number, findings, last))
    revision = _best_format(found)
    runs = statutory_rows(found, revision)
    for kind in ("active", "applications", "reviews"):
        mine = [run for run in runs if run.kind == kind]
        if mine:
            tables.append(_statutory_table(kind, revision, mine, number, findings, prose))
    return tables


def _shown(cells: Cells) -> str:
    return "|".join("·" if text is None else text for text in cells)


def settle(table: Table, findings: Sequence[Finding] = ()) -> Table:
    """After the template stage, a collapsed table's cells as the split left them: a cell a
    ``split-ambiguous`` finding names as open is ``inferred`` (the guess of :func:`_guesses`), and a
    cell no split gave (written blank) is absent, never a blank a validator might read as zero."""
    if table.dialect != DIALECT:
        return table
    guessed = {
        (row[-1] if row else "", col)
        for finding in findings
        if finding.rule == "split-ambiguous" and finding.table == table.kind
        for row, col in finding.expected
    }

    def settled(cell: ValueCell) -> ValueCell:
        if cell.text == "":
            return attrs.evolve(cell, text=None, value=None)
        if (cell.row[-1] if cell.row else "", cell.col) in guessed:
            return attrs.evolve(cell, inferred=True)
        return cell

    return attrs.evolve(table, cells=tuple(settled(cell) for cell in table.cells))
