"""Every Hypothesis strategy of the test suite, in one place.

- :func:`labels`, :func:`numbers`, :func:`wild_texts`: cell texts (stripped, no bar, no line break);
- :func:`grids`: rectangular grids with non-overlapping spans, header rows, empty and absent cells;
- :func:`table_like_grids`: grids a sniffer should recognise as a table (short labels, values, no
  empty rows);
- :func:`render_styles`: the noise of real text, per dialect;
- :func:`mutated`: a real text damaged the way scraping damages it (lines deleted, duplicated,
  swapped, cut, bars inserted or removed, labels garbled);
- :func:`hostile_texts`: arbitrary text heavy in bars, newlines, tabs, CJK and NUL.

Import as ``from strategies import ...`` (pytest puts ``tests/`` on ``sys.path``: the test files are
not a package) or ``from tests.strategies import ...`` from the repository root.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from hypothesis import strategies as st

from govtables.identities import (
    APPLICANT_COLUMNS,
    APPLICANTS_TOTAL,
    APPLICATIONS_COLUMNS,
    CARRIED_FORWARD,
    CARRIED_OVER,
    LEAVES,
    NEW,
    OUTCOMES,
    RESULTS_TOTAL,
    REVIEW_GROUPS,
)
from govtables.model import Grid, Number, Path, Report, Span, Table, TextCell, ValueCell
from govtables.render import RenderStyle

__all__ = [
    "TEXT_DIALECTS",
    "grids",
    "hostile_texts",
    "labels",
    "mutated",
    "numbers",
    "render_styles",
    "table_like_grids",
    "wild_texts",
]

TEXT_DIALECTS = ("pipe", "cell-per-line", "statutory")

# Characters of real labels: common CJK of the statutory tables, full-width and ASCII punctuation
# used in their numbering, digits and a few Latin letters.
_LABEL_CHARS = (
    "一二三四五六七八九十本年新收上结转政府信息公开申请数量办理结果予以部分不处理其他总计"
    "国家秘密法律行政规禁止危及安全稳定保护第三方合权益属于类内事务过程性执案卷查询"
    "无提供机关掌握相关没有现成需要另制作补正后容仍明确访举报投诉重复要求出版物"
    "自然人或组织商业企业科研构社会益服务复议诉讼维持纠其尚未审直接起条项规章范文件"
    "（）()、.，,“”：:/-0123456789ABCxyz"
)
_SPACE_INSIDE = " \u3000"
_CJK_CHARS = "".join(ch for ch in _LABEL_CHARS if "\u4e00" <= ch <= "\u9fff")


def _clean(text: str) -> str:
    return text.strip()


def labels(max_size: int = 24) -> st.SearchStrategy[str]:
    """A label: CJK and punctuation, maybe with an inner space, never a bar or a line break."""
    return (
        st.text(alphabet=_LABEL_CHARS + _SPACE_INSIDE, min_size=1, max_size=max_size).map(_clean).filter(bool)
    )


def numbers() -> st.SearchStrategy[str]:
    """A value as reports write it: a count, a signed change, a decimal amount, a dash or a slash."""
    return st.one_of(
        st.integers(0, 10**7).map(str),
        st.integers(-500, 500).map(str),
        st.decimals(0, 10**6, places=2, allow_nan=False, allow_infinity=False).map(str),
        st.sampled_from(["-", "/", "无", "0", "减4", "251000元"]),
    )


def wild_texts(max_size: int = 12) -> st.SearchStrategy[str]:
    """Any characters but the bars and the line end: the parser must carry them through as they are."""
    return (
        st.text(
            alphabet=st.characters(exclude_characters="|｜\n\r", exclude_categories=("Cs",)),
            min_size=1,
            max_size=max_size,
        )
        .map(_clean)
        .filter(bool)
    )


def cell_texts(*, wild: bool = False) -> st.SearchStrategy[str]:
    options = [labels(), numbers()]
    if wild:
        options.append(wild_texts())
    return st.one_of(*options)


@st.composite
def grids(
    draw: st.DrawFn,
    *,
    max_width: int = 6,
    max_height: int = 8,
    wild: bool = False,
    empties: bool = True,
    spans: bool = True,
) -> Grid:
    """A rectangular grid: spans placed left to right, top to bottom without overlapping; each
    origin holds a label or a number, or (``empties``) an empty cell or nothing at all."""
    width = draw(st.integers(1, max_width))
    height = draw(st.integers(1, max_height))
    taken = [[False] * width for _ in range(height)]
    cells: list[list[TextCell | None]] = [[None] * width for _ in range(height)]
    found: list[Span] = []
    texts = cell_texts(wild=wild)
    for r in range(height):
        for c in range(width):
            if taken[r][c]:
                continue
            rowspan = colspan = 1
            if spans and draw(st.integers(0, 4)) == 0:
                free = 0
                while c + free < width and not taken[r][c + free]:
                    free += 1
                colspan = draw(st.integers(1, free))
                rowspan = draw(st.integers(1, height - r))
            for rr in range(r, r + rowspan):
                for cc in range(c, c + colspan):
                    taken[rr][cc] = True
            if rowspan > 1 or colspan > 1:
                found.append(Span(r, c, rowspan, colspan))
            choice = draw(st.integers(0, 9)) if empties else 9
            if choice == 0:
                cells[r][c] = None  # no cell in the text
            elif choice == 1:
                cells[r][c] = TextCell("", line=0, column=0)  # an empty cell
            else:
                cells[r][c] = TextCell(draw(texts), line=0, column=0)
    header_rows = draw(st.integers(0, min(2, height)))
    return Grid(tuple(tuple(row) for row in cells), spans=tuple(found), header_rows=header_rows)


@st.composite
def table_like_grids(draw: st.DrawFn) -> Grid:
    """A grid that looks like a table to a sniffer: a label column, short labels, numbers, every
    place filled, at least 3 rows and 2 columns, no spans."""
    width = draw(st.integers(2, 6))
    height = draw(st.integers(3, 10))
    short = st.text(alphabet=_CJK_CHARS, min_size=2, max_size=12)
    rows = []
    for r in range(height):
        first = draw(short)
        rest = [draw(short if r == 0 else st.integers(0, 9999).map(str)) for _ in range(width - 1)]
        rows.append(tuple(TextCell(t, line=0, column=0) for t in (first, *rest)))
    return Grid(tuple(rows), header_rows=1)


def render_styles(dialect: str | None = None) -> st.SearchStrategy[RenderStyle]:
    """The noise of real text. Options a dialect ignores are still drawn (they must not hurt)."""
    wraps: list[str | None] = [None, " "] + (["\n"] if dialect in (None, "statutory") else [])
    return st.builds(
        RenderStyle,
        leading_bar=st.booleans(),
        trailing_bar=st.booleans(),
        trailing_space=st.booleans(),
        newline=st.sampled_from(["\n", "\r\n"]),
        full_width=st.booleans(),
        indent=st.sampled_from(["", "\t", "  ", "\u3000"]),
        wrap=st.sampled_from(wraps),
        wrap_width=st.integers(2, 12),
        glue=st.booleans(),
        indent_bars=st.booleans(),
        spaced_bars=st.booleans(),
        terminate_last=st.booleans(),
        plus_one=st.booleans(),
        empty_cells=st.sampled_from(["drop", "bar"]),
        row_break=st.sampled_from(["blank", "bar"]),
    )


# ---- damaged and hostile text --------------------------------------------------------------------

_GARBLE = "|｜ \t\u3000\x00　一二三（）()0123456789:：、\ufeff\u200b"


@st.composite
def mutated(draw: st.DrawFn, text: str, *, max_edits: int = 6) -> str:
    """``text`` with a few edits a scraper makes: lines deleted, duplicated, swapped, the text cut
    at a point, bars or tabs inserted or removed, characters garbled."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, max_edits))):
        if not lines:
            lines = [""]
        edit = draw(st.sampled_from(["delete", "duplicate", "swap", "cut", "bar+", "bar-", "garble", "join", "tab"]))
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        if edit == "delete":
            del lines[i]
        elif edit == "duplicate":
            lines.insert(i, line)
        elif edit == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif edit == "cut":
            at = draw(st.integers(0, len(line)))
            lines = [*lines[:i], line[:at]]
        elif edit == "bar+":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.sampled_from(["|", "｜", "||", " | ", "|||"])) + line[at:]
        elif edit == "bar-":
            lines[i] = line.replace(draw(st.sampled_from(["|", "｜", " |"])), "", 1)
        elif edit == "tab":  # a tab inserted, or every run of spaces in the line turned into one
            at = draw(st.integers(0, len(line)))
            lines[i] = draw(st.sampled_from([line[:at] + "\t" + line[at:], " ".join(line.split()).replace(" ", "\t")]))
        elif edit == "garble":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.text(alphabet=_GARBLE, min_size=1, max_size=4)) + line[at + 1 :]
        else:  # join two lines
            if i + 1 < len(lines):
                lines[i : i + 2] = [line + lines[i + 1]]
    return "\n".join(lines)


def hostile_texts(max_size: int = 200) -> st.SearchStrategy[str]:
    """Arbitrary text, heavy in what the grammars care about: bars, line ends, tabs, spaces, CJK, NUL."""
    structural = st.sampled_from(
        ["|", "｜", "\n", "\r\n", "\r", "\t", " ", "\u3000", "\x00", "||", " |", "\n\n"]
    )
    return st.one_of(
        st.text(max_size=max_size),
        st.lists(st.one_of(structural, labels(6), numbers()), max_size=max_size // 4).map("".join),
        st.text(alphabet="|｜\n \t0一", max_size=max_size),
    )


# --- statutory tables with consistent numbers (the validator's properties) ----------------------

Key = tuple[Path, Path]
Values = Mapping[Key, Number | str | None]

ACTIVE_2019: dict[Path, tuple[Path, ...]] = {
    ("第二十条第（一）项", "规章"): (("本年新制作数量",), ("本年新公开数量",), ("对外公开总数量",)),
    ("第二十条第（一）项", "规范性文件"): (("本年新制作数量",), ("本年新公开数量",), ("对外公开总数量",)),
    ("第二十条第（五）项", "行政许可"): (("上一年项目数量",), ("本年增/减",), ("处理决定数量",)),
    ("第二十条第（五）项", "其他对外管理服务事项"): (("上一年项目数量",), ("本年增/减",), ("处理决定数量",)),
    ("第二十条第（六）项", "行政处罚"): (("上一年项目数量",), ("本年增/减",), ("处理决定数量",)),
    ("第二十条第（六）项", "行政强制"): (("上一年项目数量",), ("本年增/减",), ("处理决定数量",)),
    ("第二十条第（八）项", "行政事业性收费"): (("上一年项目数量",), ("本年增/减",)),
    ("第二十条第（九）项", "政府集中采购"): (("采购项目数量",), ("采购总金额",)),
}
ACTIVE_2021: dict[Path, tuple[Path, ...]] = {
    ("第二十条第（一）项", "规章"): (("本年制发件数",), ("本年废止件数",), ("现行有效件数",)),
    ("第二十条第（一）项", "行政规范性文件"): (("本年制发件数",), ("本年废止件数",), ("现行有效件数",)),
    ("第二十条第（五）项", "行政许可"): (("本年处理决定数量",),),
    ("第二十条第（六）项", "行政处罚"): (("本年处理决定数量",),),
    ("第二十条第（六）项", "行政强制"): (("本年处理决定数量",),),
    ("第二十条第（八）项", "行政事业性收费"): (("本年收费金额（单位：万元）",),),
}


def applications_rows(fmt: str) -> tuple[Path, ...]:
    return (NEW, CARRIED_OVER, *LEAVES[fmt], RESULTS_TOTAL, CARRIED_FORWARD)


def applications_keys(fmt: str) -> tuple[Key, ...]:
    return tuple((row, col) for row in applications_rows(fmt) for col in APPLICATIONS_COLUMNS)


def reviews_keys() -> tuple[Key, ...]:
    return tuple(((), (*group, outcome)) for group in REVIEW_GROUPS for outcome in (*OUTCOMES, "总计"))


def active_keys(fmt: str) -> tuple[Key, ...]:
    layout = ACTIVE_2019 if fmt == "2019" else ACTIVE_2021
    return tuple((row, col) for row, cols in layout.items() for col in cols)


def cell(key: Key, value: Number | str | None, line: int, *, inferred: bool = False) -> ValueCell:
    """A value cell: a number, ``None`` (absent), or a string (its text; blank when not a number)."""
    row, col = key
    if value is None:
        return ValueCell(row, col, None, None, inferred=inferred)
    if isinstance(value, str):
        return ValueCell(row, col, None, value, line=line, column=1, inferred=inferred)
    return ValueCell(row, col, value, str(value), line=line, column=1, inferred=inferred)


def make_table(
    kind: str,
    fmt: str | None,
    keys: tuple[Key, ...],
    values: Values,
    *,
    first_line: int = 100,
    inferred: frozenset[Key] = frozenset(),
) -> Table:
    """A table of ``kind`` with one cell per key; the cell of row i is on line ``first_line + i``."""
    rows = list(dict.fromkeys(row for row, _ in keys))
    cells = tuple(
        cell(key, values.get(key), first_line + rows.index(key[0]), inferred=key in inferred) for key in keys
    )
    return Table(
        kind=kind,
        dialect="statutory",
        lines=(first_line, first_line + len(rows)),
        grid=Grid(()),
        format=fmt,
        cells=cells,
    )


def applications_table(fmt: str, values: Values, **kwargs: object) -> Table:
    return make_table("applications", fmt, applications_keys(fmt), values, **kwargs)  # type: ignore[arg-type]


def reviews_table(values: Values, fmt: str | None = "2019", **kwargs: object) -> Table:
    return make_table("reviews", fmt, reviews_keys(), values, first_line=300, **kwargs)  # type: ignore[arg-type]


def active_table(fmt: str, values: Values, **kwargs: object) -> Table:
    return make_table("active", fmt, active_keys(fmt), values, first_line=20, **kwargs)  # type: ignore[arg-type]


def report(*tables: Table, fmt: str | None = "2019") -> Report:
    return Report(source="test", format=fmt, tables=tables)


def consistent_applications(
    fmt: str,
    leaves: Mapping[tuple[Path, Path], int],
    carried_over: Mapping[Path, int],
    carried_forward: Mapping[Path, int],
) -> dict[Key, int]:
    """Complete table 三 from its leaves (per applicant column) and carry-overs: T3-A/B/C all hold.

    ``new`` is worked out as results + carried forward − carried over, so pick carried over no larger.
    """
    values: dict[Key, int] = {}
    for col in APPLICANT_COLUMNS:
        for row in LEAVES[fmt]:
            values[row, col] = leaves.get((row, col), 0)
        total = sum(values[row, col] for row in LEAVES[fmt])
        values[RESULTS_TOTAL, col] = total
        values[CARRIED_OVER, col] = carried_over.get(col, 0)
        values[CARRIED_FORWARD, col] = carried_forward.get(col, 0)
        values[NEW, col] = total + values[CARRIED_FORWARD, col] - values[CARRIED_OVER, col]
    for row in applications_rows(fmt):
        values[row, APPLICANTS_TOTAL] = sum(values[row, col] for col in APPLICANT_COLUMNS)
    return values


def consistent_reviews(outcomes: Mapping[Key, int]) -> dict[Key, int]:
    values: dict[Key, int] = {}
    for group in REVIEW_GROUPS:
        parts = [outcomes.get(((), (*group, outcome)), 0) for outcome in OUTCOMES]
        for outcome, value in zip(OUTCOMES, parts, strict=True):
            values[(), (*group, outcome)] = value
        values[(), (*group, "总计")] = sum(parts)
    return values


# --- strategies ----------------------------------------------------------------------------------------

formats = st.sampled_from(["2019", "2021"])
counts = st.integers(min_value=0, max_value=60)


@st.composite
def applications_values(draw: st.DrawFn, fmt: str) -> dict[Key, int]:
    """A consistent table 三 (values only)."""
    leaves = {(row, col): draw(counts) for row in LEAVES[fmt] for col in APPLICANT_COLUMNS}
    forward = {col: draw(st.integers(0, 20)) for col in APPLICANT_COLUMNS}
    values = consistent_applications(fmt, leaves, {}, forward)
    over = {col: draw(st.integers(0, values[RESULTS_TOTAL, col] + forward[col])) for col in APPLICANT_COLUMNS}
    return consistent_applications(fmt, leaves, over, forward)


@st.composite
def reviews_values(draw: st.DrawFn) -> dict[Key, int]:
    """A consistent table 四 (values only)."""
    return consistent_reviews({key: draw(counts) for key in reviews_keys() if key[1][-1] != "总计"})


@st.composite
def active_values(draw: st.DrawFn, fmt: str) -> dict[Key, Number]:
    """A table 二 that satisfies NN and T2-2019-a."""
    values: dict[Key, Number] = {}
    for row, col in active_keys(fmt):
        label = col[-1]
        if label == "本年增/减":
            values[row, col] = draw(st.integers(-30, 30))
        elif "金额" in label:
            values[row, col] = Decimal(draw(st.integers(0, 10**6))) / 100
        else:
            values[row, col] = draw(counts)
    if fmt == "2019":
        for row in (("第二十条第（一）项", "规章"), ("第二十条第（一）项", "规范性文件")):
            new, total = values[row, ("本年新公开数量",)], values[row, ("对外公开总数量",)]
            values[row, ("对外公开总数量",)] = max(new, total)
    return values


# --- collapsed text: a report's tables squashed onto one line (govtables/collapsed.py) -----------

#: What :func:`collapsed_reports` gives: the line, and every cell's value keyed by
#: (kind, row path, column path) — for indicator tables the row path is the label as written.
CollapsedCase = tuple[str, dict[tuple[str, Path, Path], Number]]

_COLLAPSED_PROSE = "当前位置：首页 政府信息公开年报 本报告所列数据的统计期限自2020年1月1日起至2020年12月31日。"
_T3_HEAD = "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_T3_APPLICANTS = "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
_T4_HEAD = (
    "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
    "未经复议直接起诉复议后起诉" + "结果维持结果纠正其他结果尚未审结总计" * 2
)
#: A pre-2019 indicator table: (label, parent index or None); parents are the sum of their parts.
_INDICATOR_ROWS: tuple[tuple[str, int | None], ...] = (
    ("主动公开信息数", None),
    ("其中：1.网站公开", 0),
    ("2.政府公报公开", 0),
    ("受理依申请公开信息总数", None),
    ("其中：1.当面申请数", 3),
    ("2.传真申请数", 3),
    ("3.网上申请数", 3),
    ("行政复议数", None),
)


@st.composite
def _collapsed_run(draw: st.DrawFn, texts: list[str]) -> str:
    """Cells glued, or split by one space, or (the noise) by a space here and there."""
    style = draw(st.sampled_from(["glued", "spaced", "stray"]))
    out = texts[0]
    for text in texts[1:]:
        space = style == "spaced" or (style == "stray" and draw(st.booleans()))
        out += (" " if space else "") + text
    return out


@st.composite
def collapsed_reports(draw: st.DrawFn) -> CollapsedCase:
    """A consistent report of a 2019 or 2021 format (tables 二, 三, 四), or a pre-2019 indicator
    table, written as one collapsed line, with the values it holds."""
    expected: dict[tuple[str, Path, Path], Number] = {}
    gap = draw(st.sampled_from(["", " "]))
    if draw(st.integers(0, 3)) == 0:
        return draw(_collapsed_indicators(gap))
    fmt = draw(formats)
    parts = [_COLLAPSED_PROSE, "二、主动公开政府信息情况"]
    active = draw(active_values(fmt))
    title = None
    layout = ACTIVE_2019 if fmt == "2019" else ACTIVE_2021
    for row, cols in layout.items():
        if row[0] != title:
            title = row[0]
            parts.append(title + "信息内容" + "".join(col[-1] for col in cols))
        parts.append(row[-1] + gap + draw(_collapsed_run([str(active[row, col]) for col in cols])))
        expected.update({("active", row, col): active[row, col] for col in cols})
    parts += [_T3_HEAD, _T3_APPLICANTS]
    applications = draw(applications_values(fmt))
    said: set[str] = set()
    for row in applications_rows(fmt):
        label = "".join(part for part in row if part not in said)
        said.update(row[:-1])
        texts = [str(applications[row, col]) for col in APPLICATIONS_COLUMNS]
        parts.append(label + gap + draw(_collapsed_run(texts)))
        expected.update({("applications", row, col): applications[row, col] for col in APPLICATIONS_COLUMNS})
    reviews = draw(reviews_values())
    parts.append(_T4_HEAD + gap + draw(_collapsed_run([str(reviews[key]) for key in reviews_keys()])))
    expected.update({("reviews", *key): reviews[key] for key in reviews_keys()})
    parts.append("五、存在的主要问题及改进情况 2021年，我们将继续改进。")
    return "".join(parts), expected


@st.composite
def _collapsed_indicators(draw: st.DrawFn, gap: str) -> CollapsedCase:
    year, columns = "2011年度", ("2011年度", "历年累计")
    values: list[list[int]] = []
    for _ in _INDICATOR_ROWS:
        annual = draw(st.integers(0, 500))
        values.append([annual, annual + draw(st.integers(0, 2000))])
    for index in reversed(range(len(_INDICATOR_ROWS))):
        parts = [i for i, (_, p) in enumerate(_INDICATOR_ROWS) if p == index]
        if parts:
            values[index] = [sum(values[i][c] for i in parts) for c in range(2)]
    header = draw(st.sampled_from([f"指标名称计量单位{year}历年累计", f"指标名称 计量 单位 {year[:4]} 年度 历年累计"]))
    parts = [_COLLAPSED_PROSE, "附件1：政府信息公开情况统计表 ", header, gap]
    expected: dict[tuple[str, Path, Path], Number] = {}
    for (label, _), (annual, total) in zip(_INDICATOR_ROWS, values, strict=True):
        parts.append(label + gap + "条" + gap + draw(_collapsed_run([str(annual), str(total)])) + gap)
        expected[("indicators", (label,), (columns[0],))] = annual
        expected[("indicators", (label,), (columns[1],))] = total
    parts.append("附件下载")
    return "".join(parts), expected
