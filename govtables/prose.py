"""X-4: the figures a report's prose restates from its tables, and their comparison with the tables.

A report's text says ``本年度共新收政府信息公开申请170件，上年结转15件`` or ``全年发生行政诉讼案件7件``
before its tables say the same. :func:`prose_figures` finds the statements that clearly name one
statutory cell (or a sum of cells: 行政诉讼 is 未经复议直接起诉 总计 + 复议后起诉 总计), each with its
value, line, column and sentence. :func:`compare_prose` puts each figure against the report's tables:
agreement passes, a difference is a ``warning`` (prose is often rounded or scoped differently — one
department, a year that counts carried-over applications — so never an error), and a figure whose cells
the tables leave blank is not assessed, and one whose table the report lacks is not compared.

Only patterns that name a cell are read: ``收到信函申请1件`` (one channel), ``同意公开答复9件`` (one
outcome) or ``全县共办理相关案件74件`` are left alone. Every pattern is a run of literals and bounded
character classes (no nested quantifiers): a prose line of 100 KB is read in linear time.

>>> [(f.name, f.value, f.line, f.column) for f in prose_figures("本年度共新收政府信息公开申请170件，上年结转15件。")]
[('新收申请', 170, 1, 15), ('上年结转', 15, 1, 24)]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from html import unescape
from typing import TYPE_CHECKING, Literal

import attrs

from .formats import APPLICATION_COLUMNS, DEFAULT, REVIEW_COLUMNS, format_for
from .html import TAG
from .text import to_simplified

if TYPE_CHECKING:
    from .identities import Lookup
    from .model import Finding, Report

__all__ = ["ProseComparison", "ProseFigure", "compare_prose", "prose_figures"]

Path = tuple[str, ...]
Cell = tuple[Path, Path]

_T3 = format_for("applications", DEFAULT)
_NEW, _CARRY = _T3.row_path("new"), _T3.row_path("carry")
_RESULTS, _FORWARD = _T3.row_path("r7_total"), _T3.row_path("fwd")
_TOTAL = next(c.path for c in APPLICATION_COLUMNS if c.key == "total")
_NATURAL = next(c.path for c in APPLICATION_COLUMNS if c.key == "np")
_REVIEW_TOTALS = tuple(c.path for c in REVIEW_COLUMNS if c.path[-1] == "总计")  # 复议, 直接起诉, 复议后起诉
_ACTIVE = format_for("active", DEFAULT)  # the rows named here are in every revision
_DECISIONS_2021, _DECISIONS_2019 = ("本年处理决定数量",), ("处理决定数量",)


@attrs.frozen
class ProseFigure:
    """One figure of the prose and the table cell(s) it restates (their sum, when more than one).

    ``cells`` are (row path, column path) pairs in the official labels; ``alternatives`` the same
    cells in the other format's labels where the two differ (table 二's 处理决定数量 column).
    """

    name: str  # what the prose counts, in its words: 新收申请, 上年结转, 办结, 行政诉讼 …
    kind: str  # the table: applications, reviews, active
    cells: tuple[Cell, ...]
    value: int
    line: int = attrs.field(eq=False)
    column: int = attrs.field(eq=False)
    sentence: str = attrs.field(eq=False)
    alternatives: tuple[Cell, ...] = ()


Status = Literal["passed", "failed", "not_assessed"]


@attrs.frozen
class ProseComparison:
    """A prose figure against the table: the table's value (``None`` when not assessed) and the outcome."""

    figure: ProseFigure
    status: Status
    table_value: int | None = None
    table_line: int | None = None
    note: str = ""  # what the difference may be: the prose's figure as a sum of other cells

    @property
    def finding(self) -> Finding | None:
        """The X-4 warning of a mismatch (``None`` when the prose agrees or cannot be checked)."""
        if self.status != "failed":
            return None
        from .model import Finding

        figure = self.figure
        cells = " + ".join(" / ".join((*row[-1:], col[-1])) if row else " ".join(col) for row, col in figure.cells)
        where = f" (table line {self.table_line})" if self.table_line is not None else ""
        return Finding(
            rule="X-4",
            severity="warning",
            table=figure.kind,
            message=f"正文 line {figure.line} column {figure.column} says {figure.name} {figure.value} "
            f"(「{figure.sentence}」), the table's {cells}{where} holds {self.table_value} — "
            "prose is often rounded or scoped differently (one department, carried-over applications "
            "counted in or out), so this is a warning: check which is meant" + self.note,
            cells=figure.cells,
            expected=figure.value,
            actual=self.table_value,
            line=figure.line,
            column=figure.column,
        )


# --- the patterns --------------------------------------------------------------------------------------

_N = r"(?P<n>\d{1,9})\s*"  # the figure: a count, no separators in prose counts
_GAP = r"[^。；;！!？?\d\n|]{0,14}?"  # words between verb and figure: no digit, no sentence end
_SCOPED = ("信函", "当面", "网上", "网络", "传真", "邮件", "电话", "其中", "同意", "不予", "部分", "予以")


@attrs.frozen
class _Pattern:
    name: str
    kind: str
    regex: re.Pattern[str]
    cells: tuple[Cell, ...]
    alternatives: tuple[Cell, ...] = ()
    scoped_before: tuple[str, ...] = ()  # words in the 4 characters before the match that scope it


_APPLICATIONS_SAID = ("公开", "不予", "部分", "同意", "处理", "提供", "上年", "结转", "年度办理")
_LITIGATION = (((), _REVIEW_TOTALS[1]), ((), _REVIEW_TOTALS[2]))
# (name, table, regex, cells, words before the match that scope it), one entry a statement
_SPECS: tuple[tuple[str, str, str, tuple[Cell, ...], tuple[str, ...]], ...] = (
    # 共新收政府信息公开申请170件 / 共受理政府信息公开申请 1295 件 / 共收到依申请公开0件
    ("新收申请", "applications",
     rf"(?:新收|收到|受理|接收)(?P<gap>{_GAP})申请(?:公开)?(?:共|合计|总计|数量)?\s*{_N}件",
     ((_NEW, _TOTAL),), ("其中",)),
    # 共收到70件申请
    ("新收申请", "applications",
     rf"(?:新收|收到|受理|接收)(?P<gap>{_GAP}){_N}件(?:政府信息公开|信息公开|依申请公开)?申请",
     ((_NEW, _TOTAL),), ("其中",)),
    # 上年结转15件 / 上年度结转申请3件
    ("上年结转", "applications",
     rf"上一?年度?结转(?:的)?(?:政府信息公开)?\s*(?:申请)?(?:共)?\s*{_N}件",
     ((_CARRY, _TOTAL),), ()),
    # 办结69件 / 共答复申请31件; not 同意公开答复9件 (one outcome: scoped)
    ("办结", "applications",
     rf"(?:办结|答复|办理完毕)(?P<gap>{_GAP}){_N}件",
     ((_RESULTS, _TOTAL),), _APPLICATIONS_SAID),
    # 结转下年度继续办理3件 / 1件结转下年度继续办理
    ("结转下年度", "applications",
     rf"结转(?:至|到)?下一?年度?(?:继续)?(?:办理)?(?:的)?(?:申请)?\s*{_N}件",
     ((_FORWARD, _TOTAL),), ()),
    ("结转下年度", "applications",
     rf"{_N}件(?:申请)?(?:需|将)?结转(?:至|到)?下一?年度?",
     ((_FORWARD, _TOTAL),), ()),
    # 其中自然人申请160件
    ("自然人申请", "applications",
     rf"其中[:：,，]?(?:自然人|公民)(?:提出)?(?:的)?(?:申请)?(?:共)?\s*{_N}件",
     ((_NEW, _NATURAL),), ()),
    # 全年发生行政复议案件2件 / 引起行政复议0件; not 被行政复议纠错0件
    ("行政复议", "reviews",
     rf"行政复议(?:案件)?(?:共|合计)?(?:计)?\s*{_N}(?:件|起)",
     (((), _REVIEW_TOTALS[0]),), ("被", "纠错", "败诉")),
    # 全年发生行政诉讼案件7件 = 未经复议直接起诉 总计 + 复议后起诉 总计
    ("行政诉讼", "reviews",
     rf"行政诉讼(?:案件)?(?:共|合计)?(?:计)?\s*{_N}(?:件|起)",
     _LITIGATION, ("被", "纠错", "败诉")),
)  # fmt: skip
_PATTERNS = (
    *(
        _Pattern(name, kind, re.compile(regex), cells, scoped_before=scoped)
        for name, kind, regex, cells, scoped in _SPECS
    ),
    # 行政许可信息76条 = 第二十条第（五）项 行政许可 本年处理决定数量 (2019: 处理决定数量)
    *(
        _Pattern(
            f"{label}信息",
            "active",
            re.compile(rf"{label}(?:决定)?信息(?:共)?\s*{_N}(?:条|件)"),
            ((_ACTIVE.row_path(key), _DECISIONS_2021),),
            ((_ACTIVE.row_path(key), _DECISIONS_2019),),
        )
        for label, key in (("行政许可", "art20_5.licensing"), ("行政处罚", "art20_6.penalty"))
    ),
)
_SCOPE_WINDOW = 4
# A tag inside a sentence; like html.TAG it ends at the next `<` or `>`, so it is linear.
_INLINE_TAG = re.compile(r"</?(?:a|b|i|u|em|strong|span|font)\b[^<>]*+>", re.IGNORECASE)


def _lines_of(text: str) -> list[str]:
    """The text's lines, Traditional folded to simplified where that keeps every character's place;
    table rows (a ``|`` or a tab) blanked so that a table's own numbers are never read as prose."""
    lines = []
    for line in text.split("\n"):
        folded = to_simplified(line)
        line = folded if len(folded) == len(line) else line
        lines.append(" " * len(line) if "|" in line or "\t" in line else line)
    return lines


def _sentence(flat: str, start: int, end: int) -> str:
    stops = "。；;！!？?"
    left = max(flat.rfind(stop, max(0, start - 80), start) for stop in stops) + 1
    left = max(left, start - 80)
    rights = [i for stop in stops if (i := flat.find(stop, end, end + 80)) >= 0]
    right = min(rights) + 1 if rights else min(len(flat), end + 80)
    return flat[left:right].replace("\n", "").strip()


def _matches(flat: str) -> Iterator[tuple[_Pattern, re.Match[str]]]:
    for pattern in _PATTERNS:
        for match in pattern.regex.finditer(flat):
            before = flat[max(0, match.start() - _SCOPE_WINDOW) : match.start()]
            gap = match.groupdict().get("gap") or ""
            if any(word in before for word in pattern.scoped_before) or any(w in gap for w in _SCOPED):
                continue
            yield pattern, match


def prose_figures(text: str, *, html: bool = False) -> tuple[ProseFigure, ...]:
    """Every figure of the prose that names a table cell, in the order of the text.

    A statement broken over two lines (PDF text) is read whole: lines are joined with their line
    breaks kept, and line and column (1-based) are those of the figure's first character. In an HTML
    page (``html=True``) tags, scripts and styles are dropped with their line breaks kept: the line is
    the page's, the column counts the line's text without its tags.
    """
    if html:
        text = _INLINE_TAG.sub(lambda tag: "\n" * tag[0].count("\n"), text)
        text = unescape(TAG.sub(lambda tag: "\n" * tag[0].count("\n") + " ", text))
    lines = _lines_of(text)
    flat = "\n".join(lines)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    found: dict[tuple[int, str], ProseFigure] = {}
    for pattern, match in _matches(flat):
        offset = match.start("n")
        number = bisect_right(starts, offset) - 1
        figure = ProseFigure(
            name=pattern.name,
            kind=pattern.kind,
            cells=pattern.cells,
            value=int(match["n"]),
            line=number + 1,
            column=offset - starts[number] + 1,
            sentence=_sentence(flat, match.start(), match.end()),
            alternatives=pattern.alternatives,
        )
        found.setdefault((offset, pattern.name), figure)
    return tuple(sorted(found.values(), key=lambda f: (f.line, f.column)))


def compare_prose(report: Report) -> tuple[ProseComparison, ...]:
    """Each of ``report.prose`` against the report's tables. A figure whose table the report does not
    have (a pre-2019 report: its indicator table names its rows in its own words) is not compared at
    all; one whose cells the table leaves blank or out is ``not_assessed``."""
    from .identities import Term, make_lookup

    compared = []
    for figure in report.prose:
        table = report.table(figure.kind)
        if table is None:
            continue
        lookup = make_lookup(table)
        for cells in (figure.cells, figure.alternatives):
            found = [lookup(Term(row, col)) for row, col in cells]
            if cells and all(cell is not None and cell.value is not None for cell in found):
                break
        else:
            compared.append(ProseComparison(figure, "not_assessed"))
            continue
        total = sum(cell.value for cell in found if cell is not None and cell.value is not None)
        line = next((cell.line for cell in found if cell is not None and cell.line is not None), None)
        status: Status = "passed" if total == figure.value else "failed"
        note = _carried_in(figure, lookup) if status == "failed" else ""
        compared.append(ProseComparison(figure, status, table_value=int(total), table_line=line, note=note))
    return tuple(compared)


def _carried_in(figure: ProseFigure, lookup: Lookup) -> str:
    """Received applications counted with those carried over: 本年新收 + 上年结转 is the prose's figure."""
    from .identities import Term

    if len(figure.cells) != 1 or figure.cells[0][0] != _NEW:
        return ""
    col = figure.cells[0][1]
    new, carried = lookup(Term(_NEW, col)), lookup(Term(_CARRY, col))
    if new is None or carried is None or new.value is None or carried.value is None:
        return ""
    if new.value + carried.value != figure.value:
        return ""
    return (
        f"; 本年新收 {new.value} + 上年结转 {carried.value} = {figure.value}: "
        "the prose counts the applications carried over from last year in"
    )
