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

from hypothesis import strategies as st

from govtables.model import Grid, Span, TextCell
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
    at a point, bars inserted or removed, characters garbled."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, max_edits))):
        if not lines:
            lines = [""]
        edit = draw(st.sampled_from(["delete", "duplicate", "swap", "cut", "bar+", "bar-", "garble", "join"]))
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
