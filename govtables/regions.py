"""Stage 1: find the tables in a report and tell each one's dialect.

A report mixes prose, site chrome, metadata rows (`索 引 号 | … |`) and tables. The finder

1. classifies every line by its shape (:func:`line_shape`);
2. splits the report into the statutory sections 二/三/四 on their FULL headings — table 三's own
   row labels 一、…四、 collide with the section numbers, and `四、结转下年度继续办理` sits right
   before `四、政府信息公开行政复议、行政诉讼情况`;
3. takes the table-shaped core of each section, and elsewhere every run of table-shaped lines
   (appendix tables, label–value lists, tables under no heading);
4. gives each table a kind (from its section, else from its labels) and a dialect, with the reason
   the sniffer chose it.
"""

from __future__ import annotations

import re
from collections import Counter
from enum import Enum
from functools import cache, lru_cache
from itertools import pairwise

import attrs

from .labels import leading_numbering
from .model import STATUTORY_KINDS
from .text import label_key, normalise
from .values import is_value


class Shape(Enum):
    BLANK = "blank"
    PIPE_ROW = "pipe row"  # cells split by bars on one line
    CELL_BAR = "cell ending in a bar"  # `规章 |`, `0 | |||`
    BARS = "bar run"  # `||||`
    SPACED = "spaced row"  # `行政许可 97`, `0 0 0 0 0`, `结 结 其 尚`
    SHORT = "short cell"  # one short label or value alone on its line
    PROSE = "prose"


_BAR = "|｜"
# Text with a non-space in it, then one bar or a run (`规章 |`, `0 | |||`). The text before the first
# bar is spaces, one non-space, then anything but bars: one way to match it, so the scan is linear.
_CELL_BAR = re.compile(r"^\s*+[^|｜\s][^|｜]*+[|｜](?:\s*+[|｜]++)?$")
_BARS = re.compile(r"^[|｜][|｜\s]*$")
_SENTENCE_END = re.compile(r"[。；;：:！!？?]$")
_SHORT_MAX = 60  # the longest statutory label (2021 (六)2.) is 38 characters
# A header word of a PDF table: `结` of a vertical header, or `行政复议` / `复议后起诉`.
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{1,8}$")


# A long line is judged on its first characters where they already decide (normalising a 10 MB line
# to learn it is longer than a cell took seconds). Normalising a prefix gives all of the whole's
# start but maybe its last character (a combining mark after the cut), hence the margins below.
_HEAD = 2_000


def line_shape(line: str) -> Shape:
    """The shape of one line of a report (see :class:`Shape`)."""
    text = line.strip()
    if not text:
        return Shape.BLANK
    if any(bar in text for bar in _BAR):
        if _BARS.match(text):
            return Shape.BARS
        if _CELL_BAR.match(text):
            return Shape.CELL_BAR
        return Shape.PIPE_ROW  # bars between cells, some of them maybe empty (`|  | （二）… | 30 |`)
    if len(text) > _HEAD and len(normalise(text[:_HEAD])) > _SHORT_MAX + 1:
        return Shape.PROSE  # what the test below finds on the whole line
    norm = normalise(text)
    if len(norm) > _SHORT_MAX or _SENTENCE_END.search(norm) or _is_clause(norm):
        return Shape.PROSE
    words = norm.split(" ")
    if len(words) >= 2:
        values = 0
        while values < len(words) and is_value(words[len(words) - 1 - values]):
            values += 1
        label = "".join(words[: len(words) - values])
        if values >= 1 and (not label or (_CJK.search(label) and not is_value(words[0]))):
            return Shape.SPACED  # `行政许可 97`, `0 0 0 0` (not a page header such as `P. 9`)
        if all(_CJK_WORD.match(w) for w in words):
            return Shape.SPACED  # a PDF's header line: `结 结 其 尚`, `行政复议 行政诉讼`
    return Shape.SHORT


_PARENTHESISED = re.compile(r"\([^()]*\)")
_SUCH_THAT = re.compile(r"^其中[,:、]?")  # `其中,政策文件类信息公开数`: an indicator row, not a clause


def _is_clause(norm: str) -> bool:
    """A wrapped line of prose (`2020 年,我单位对形成的政府信息实现了依法、有序公开,`): a comma
    outside parentheses in a line that is not a numbered label (labels such as
    `(二)部分公开(区分处理的,只计这一情形,不计其他情形)` keep their commas in parentheses), after a
    leading `其中,` (indicator rows `其中,政策文件类信息公开数`)."""
    body = _SUCH_THAT.sub("", norm)
    return len(norm) >= 12 and "," in _PARENTHESISED.sub("", body) and leading_numbering(body)[0] is None


# Statutory section headings, matched on the whole title (numbering and Markdown marks removed).
_SECTION_TITLES: dict[str, tuple[str, ...]] = {
    "active": ("主动公开政府信息情况",),
    "applications": ("收到和处理政府信息公开申请情况",),
    "reviews": (
        "政府信息公开行政复议、行政诉讼情况",
        "政府信息公开行政复议和行政诉讼情况",
        "行政复议、行政诉讼情况",
        "行政复议和行政诉讼情况",
        "被申请行政复议和提起行政诉讼情况",
    ),
}
_TITLE_PREFIX = re.compile(r"^(?:表[一二三四]|附表\d*)[:：]?")
_TITLE_SUFFIX = re.compile(r"(?:统计)?表?[:：]?$")  # `…申请情况表`, `…申请情况统计表：`
_EMPHASIS = re.compile(r"[*_]{1,3}")  # Markdown bold or italic around a heading: `**四、…情况**`
# Table 三's own row labels that look like section headings.
_TABLE_ROW_WORDS = ("申请数量", "办理结果", "继续办理", "主动公开数量")


_HEADING_MAX = 30  # characters of a heading's key
_SUFFIX_MAX = 4  # the longest text _TITLE_SUFFIX takes off: `统计表：`


def _heading_key(line: str) -> str:
    """A heading's key before its suffix is taken off: emphasis, numbering and 表N prefix dropped."""
    return _TITLE_PREFIX.sub("", label_key(leading_numbering(_EMPHASIS.sub("", normalise(line)).lstrip("# "))[1]))


@lru_cache(maxsize=4096)
def section_kind(line: str) -> str | None:
    """The statutory table a section heading introduces, or ``None`` (cached: a table's short lines,
    `0 |`, `\t3`, recur in every report)."""
    if any(bar in line for bar in _BAR):
        return None
    if len(line) > _HEAD and len(_heading_key(line[:_HEAD])) > _HEADING_MAX + 1 + _SUFFIX_MAX:
        return None  # the whole line's key is longer still (see _HEAD), however its end reads
    key = _TITLE_SUFFIX.sub("", _heading_key(line))
    if len(key) > _HEADING_MAX:
        return None
    return next((kind for kind, keys in _section_keys() if key.endswith(keys)), None)


@cache
def _section_keys() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each table kind and the keys of its section titles, made once (on first use: label keys fold
    Traditional characters, which may load OpenCC)."""
    return tuple((kind, tuple(label_key(title) for title in titles)) for kind, titles in _SECTION_TITLES.items())


_OTHER_SECTIONS = (
    "总体情况",
    "存在的主要问题",
    "改进情况",
    "其他需要报告",
    "政府信息管理",
    "平台建设",
    "监督保障",
)


def ends_section(lines: list[str], shapes: list[Shape], i: int) -> bool:
    """A numbered heading such as `五、存在的主要问题及改进情况` that closes a table section: a known
    section title, or a numbered line followed by prose (not a garbled table label)."""
    line = lines[i]
    if any(bar in line for bar in _BAR):
        return False
    mark, title = leading_numbering(normalise(line).lstrip("# "))
    if mark is None or not mark.endswith("、") or not title:  # a top-level 一、 heading
        return False
    key = label_key(line)
    if len(key) > 40 or any(word in key for word in _TABLE_ROW_WORDS):
        return False
    if any(word in key for word in _OTHER_SECTIONS):
        return True
    following = next((shapes[j] for j in range(i + 1, len(shapes)) if shapes[j] is not Shape.BLANK), Shape.PROSE)
    return following is Shape.PROSE


# Labels that tell a table's kind when no section heading does.
_KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("active", ("第二十条", "信息内容")),
    ("applications", ("本年新收", "上年结转", "申请人情况", "勾稽关系", "结转下年度", "本年度办理结果")),
    ("reviews", ("未经复议直接起诉", "复议后起诉")),
)
_INDICATOR_WORDS = ("指标名称", "统计指标", "计量单位", "历年累计", "主动公开")
_METADATA_WORDS = (
    "索引号",
    "发布机构",
    "公开方式",
    "成文日期",
    "组配分类",
    "主题分类",
    "文号",
    "发文日期",
    "公开日期",
)


def is_metadata(text: str) -> bool:
    """A page's metadata block (`索引号 | … | 发布机构 | …`), not a report table."""
    key = label_key(text)
    return sum(word in key for word in _METADATA_WORDS) >= 2


def kind_from_labels(text: str) -> str:
    """A table's kind from the words in it (when no statutory section heading gave one)."""
    key = label_key(text)
    for kind, words in _KIND_WORDS:
        if any(word in key for word in words):
            return kind
    if "行政复议" in key and "行政诉讼" in key and "结果" in key:
        return "reviews"
    if any(word in key for word in _INDICATOR_WORDS) or re.search(r"\d\s*(?:条|件|人次|个)", text):
        return "indicators"
    return "other"


@attrs.frozen
class Region:
    """A table's place in the report: lines ``start``–``end`` (1-based, inclusive).

    ``candidates`` are the dialects that may claim it, most likely first (``dialect``, the sniffer's
    choice, heads them); the pipeline tries their grammars in this order."""

    kind: str
    dialect: str
    start: int
    end: int
    title: str | None = None
    why: str = ""
    candidates: tuple[str, ...] = attrs.field()

    @candidates.default
    def _only_the_sniffed(self) -> tuple[str, ...]:
        return (self.dialect,)


# The line shapes by which each text dialect claims a block: a dialect is a candidate for a block
# (after the sniffer's choice) when some of its lines have one of these shapes, the more the likelier.
CLAIMS: dict[str, frozenset[Shape]] = {
    "pipe": frozenset({Shape.PIPE_ROW}),
    "statutory": frozenset({Shape.CELL_BAR, Shape.BARS}),
    "spaced": frozenset({Shape.SPACED}),
    "cell-per-line": frozenset({Shape.SHORT, Shape.BARS}),
}


def candidates(shapes: list[Shape]) -> tuple[tuple[str, ...], str] | None:
    """The dialects a block of line shapes may be written in, most likely first, and why the first
    was chosen; ``None`` if it is no table. The sniffer's choice (:func:`sniff`) heads the list; every
    other dialect that claims some of the block's lines (:data:`CLAIMS`) follows, the one claiming
    more lines first."""
    sniffed = sniff(shapes)
    if sniffed is None:
        return None
    first, why = sniffed
    count = Counter(shapes)
    claimed = {name: sum(count[s] for s in claims) for name, claims in CLAIMS.items() if name != first}
    others = sorted((name for name, n in claimed.items() if n), key=lambda name: -claimed[name])
    return (first, *others), why


def sniff(shapes: list[Shape]) -> tuple[str, str] | None:
    """Which dialect a block of line shapes is written in, and why; ``None`` if it is no table."""
    count = Counter(shapes)
    filled = len(shapes) - count[Shape.BLANK]
    if not filled:
        return None
    pipe, cell_bar, bars = count[Shape.PIPE_ROW], count[Shape.CELL_BAR], count[Shape.BARS]
    spaced, short = count[Shape.SPACED], count[Shape.SHORT]
    if pipe >= 2 and pipe >= cell_bar:
        return "pipe", f"{pipe} of {filled} lines are rows of cells split by bars"
    if cell_bar >= 3 and cell_bar >= short:
        return "statutory", f"{cell_bar} of {filled} lines are one cell ending in ' |'; {bars} bar-run lines"
    if spaced >= 1 and 2 * spaced >= short:
        return "spaced", f"{spaced} of {filled} lines are labels and values split by spaces"
    if short + bars >= 4:
        return "cell-per-line", (
            f"{short} of {filled} lines are one short cell each; rows split by "
            + ("lone bar lines" if bars else "blank lines")
        )
    return None


_TABLE_SHAPES = {Shape.PIPE_ROW, Shape.CELL_BAR, Shape.BARS, Shape.SPACED, Shape.SHORT}


def _core(shapes: list[Shape], start: int, end: int) -> tuple[int, int] | None:
    """The table-shaped core of lines ``start``…``end`` (0-based, exclusive end): from the first
    table-shaped line followed by more, to the last table-shaped line."""

    def dense(i: int) -> bool:
        ahead = [s for s in shapes[i : min(end, i + 6)] if s is not Shape.BLANK]
        return shapes[i] in _TABLE_SHAPES and sum(s in _TABLE_SHAPES for s in ahead) >= min(3, len(ahead))

    first = next((i for i in range(start, end) if dense(i)), None)
    if first is None:
        return None
    last = first
    for i in range(first, end):
        if shapes[i] is Shape.PROSE:
            # prose ends the table unless table lines resume right after it
            following = [s for s in shapes[i + 1 : min(end, i + 4)] if s is not Shape.BLANK]
            if not following or sum(s in _TABLE_SHAPES for s in following) < 2:
                break
        elif shapes[i] is not Shape.BLANK:
            last = i
    return first, last + 1


_SAMPLE_LINES = 200


def _is_table(shapes: list[Shape], lines: list[str], dialect: str) -> bool:
    """Whether a block outside the statutory sections is a table worth reporting."""
    body = [line for line, s in zip(lines, shapes, strict=True) if s is not Shape.BLANK]
    key = label_key(" ".join(body))
    if len(body) <= 6 and is_metadata(key):
        return False
    if dialect == "spaced":
        # a label–value list, or a fragment of a statutory table (a PDF page starting mid-table)
        words = sum(is_value(word) for line in body for word in normalise(line).split(" "))
        spaced = sum(s is Shape.SPACED for s in shapes)
        return spaced >= 3 or (words >= 3 and kind_from_labels(key) in STATUTORY_KINDS)
    values = sum(
        is_value(cell) for line in body for cell in re.split(r"[|｜]+", normalise(line)) if cell.strip()
    )
    if dialect == "cell-per-line":
        return len(body) >= 6 and values >= max(2, len(body) // 5)
    return len(body) >= 2 and (values >= 1 or len(body) >= 3)


def find_regions(lines: list[str]) -> list[Region]:
    """Every table region of a report, in order."""
    shapes = [line_shape(line) for line in lines]
    sections = _sections(lines, shapes)
    regions: list[Region] = []
    covered = 0
    for kind, heading, start, end in sections:
        regions.extend(_loose_regions(lines, shapes, covered, heading))
        core = _core(shapes, start, end)
        covered = end
        if core is None:
            continue
        found = candidates(shapes[core[0] : core[1]])
        if found is None:
            continue
        dialects, why = found
        a, b = core
        title = normalise(lines[heading])
        regions.append(Region(kind, dialects[0], a + 1, b, title=title, why=why, candidates=dialects))
    regions.extend(_loose_regions(lines, shapes, covered, len(lines)))
    return regions


def _sections(lines: list[str], shapes: list[Shape]) -> list[tuple[str, int, int, int]]:
    """(kind, heading line, body start, body end) of each statutory section, 0-based.

    A heading repeated with no table since the last one (`(二)主动公开政府信息情况` in the summary,
    then `二、主动公开政府信息情况` over the table) moves the section to the later heading; one
    repeated inside the table (`## 表二：主动公开政府信息情况`) continues it.
    """
    found: list[tuple[str, int]] = []
    last = -1  # the latest heading of the open section's kind, repeats included
    for i, line in enumerate(lines):
        kind = section_kind(line)
        if kind is None:
            continue
        if found and found[-1][0] == kind:
            if found[-1][1] == last and _core(shapes, last + 1, i) is None:
                found[-1] = (kind, i)
            last = i
            continue
        found.append((kind, i))
        last = i
    sections = []
    for n, (kind, i) in enumerate(found):
        stop = found[n + 1][1] if n + 1 < len(found) else len(lines)
        end = next((j for j in range(i + 1, stop) if ends_section(lines, shapes, j)), stop)
        sections.append((kind, i, i + 1, end))
    return sections


# The shapes a dialect's table may begin and end with; other lines at the edges are titles or notes.
_EDGE_SHAPES: dict[str, set[Shape]] = {
    "pipe": {Shape.PIPE_ROW, Shape.CELL_BAR},
    "statutory": {Shape.CELL_BAR, Shape.BARS},
    "spaced": {Shape.SPACED},
    "cell-per-line": {Shape.SHORT, Shape.BARS},
}


def _trim(shapes: list[Shape], a: int, b: int, dialect: str) -> tuple[int, int]:
    edge = _EDGE_SHAPES[dialect]
    while a < b and shapes[a] not in edge:
        a += 1
    while b > a and shapes[b - 1] not in edge:
        b -= 1
    return a, b


def _loose_regions(lines: list[str], shapes: list[Shape], start: int, end: int) -> list[Region]:
    """Tables outside the statutory sections: runs of table-shaped lines, blank lines allowed."""
    regions: list[Region] = []
    i = start
    while i < end:
        if shapes[i] not in _TABLE_SHAPES:
            i += 1
            continue
        j, last, blanks = i, i, 0
        while j < end and (shapes[j] in _TABLE_SHAPES or (shapes[j] is Shape.BLANK and blanks < 1)):
            blanks = blanks + 1 if shapes[j] is Shape.BLANK else 0
            if shapes[j] is not Shape.BLANK:
                last = j
            j += 1
        found = candidates(shapes[i : last + 1])
        if found is not None:
            dialects, why = found
            dialect = dialects[0]
            a, b = _trim(shapes, i, last + 1, dialect)
            sample = min(b, a + _SAMPLE_LINES)  # a table shows what it is in its first lines
            if a < b and _is_table(shapes[a:sample], lines[a:sample], dialect):
                title = _title_above(lines, shapes, a)
                for first, stop, kind in _statutory_parts(lines, a, b):
                    regions.append(
                        Region(
                            kind,
                            dialect,
                            first + 1,
                            stop,
                            title=title if first == a else None,
                            why=why,
                            candidates=dialects,
                        )
                    )
        i = last + 1
    return regions


# The first labels of tables 二, 三 and 四, in the order a report has them.
_OPENINGS = (
    ("active", "第二十条第(一)项"),
    ("applications", "勾稽关系"),
    ("applications", "申请人情况"),
    ("reviews", "行政复议"),
)
_ORDER = {"active": 0, "applications": 1, "reviews": 2}


def _statutory_parts(lines: list[str], a: int, b: int) -> list[tuple[int, int, str]]:
    """Lines ``a``…``b`` as one region with its kind, or, when statutory tables follow each other with
    no heading between them that names them (tables 二, 三, 四 in one run of table lines, with `表二`
    or nothing between), one region per table, cut where the first label of a later table opens it.
    A title line just above a cut (`表二`) is left out of the table before it."""
    kind = kind_from_labels("\n".join(lines[a:b]))
    if kind not in _ORDER:
        return [(a, b, kind)]
    cuts: list[tuple[int, str]] = []
    for i in range(a, b):
        key = label_key(lines[i])
        opened = next((k for k, word in _OPENINGS if word in key), None)
        if opened is not None and (not cuts or _ORDER[opened] > _ORDER[cuts[-1][1]]):
            cuts.append((i, opened))
    if cuts and cuts[0][0] > a:  # lines before the first opening: a table of an earlier kind, or its own start
        before = kind_from_labels("\n".join(lines[a : cuts[0][0]]))
        if before in _ORDER and _ORDER[before] < _ORDER[cuts[0][1]]:
            cuts.insert(0, (a, before))
        else:
            cuts[0] = (a, cuts[0][1])
    if len(cuts) < 2:
        return [(a, b, kind)]
    parts = []
    for (start, part_kind), (stop, _) in pairwise(cuts):
        while stop > start and (not lines[stop - 1].strip() or _TITLE_LINE.match(normalise(lines[stop - 1]))):
            stop -= 1
        parts.append((start, stop, part_kind))
    return [*parts, (cuts[-1][0], b, cuts[-1][1])]


# A table's own title on a line of its own: `表二`, `附表3`, `（三）…情况`, `二、…情况表`.
_TITLE_LINE = re.compile(
    r"^(?:附?表\s*[一二三四五六七八九十\d]++\S{0,30}|(?:[一二三四五六七八九十]+、|[(][一二三四五六七八九十]+[)])\S{0,30}情况\S?)$"
)


def _title_above(lines: list[str], shapes: list[Shape], i: int) -> str | None:
    for j in range(i - 1, max(-1, i - 4), -1):
        if shapes[j] is not Shape.BLANK:
            return normalise(lines[j]) if len(normalise(lines[j])) <= 60 else None
    return None
