"""The grammars with line-granularity terminals (statutory ``CELL``, pipe ``CLOSED``, cell-per-line
``CONTINUED``, statutory ``_NLS``) read exactly what the token-level grammars they replaced read.

``tests/fixtures/token_grammars/`` holds those grammars as they were (one token per cell text, bar
run and line end). On arbitrary text and on text made of table-like lines, each dialect's grammar and
its token-level original accept the same regions and give the same rows (text, line, column, filler,
terminator) through :func:`govtables.parse.parse_rows`. Where both reject a region the column the
error names may differ: for a statutory line ``a | b`` the line-level grammar points at `` b`` (no
bar run may follow there), the token-level one at its end (where it wanted a bar).
"""

from contextlib import nullcontext
from functools import cache
from pathlib import Path
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st
from lark import Lark

from govtables import parse
from govtables.errors import ParseError

FOLDER = Path(__file__).parent / "fixtures" / "token_grammars"
DIALECTS = ("statutory", "pipe", "cell-per-line")


@cache
def token_parser(dialect: str) -> Lark:
    return Lark.open(
        str(FOLDER / parse.GRAMMARS[dialect]),
        parser="lalr",
        lexer="contextual",
        maybe_placeholders=False,
        transformer=parse.RowBuilder(),
    )


def read(dialect: str, text: str, *, token_level: bool) -> object:
    """The rows (as plain tuples) or ``"rejected"``."""
    with mock.patch.object(parse, "row_parser", token_parser) if token_level else nullcontext():
        try:
            rows = parse.parse_rows(dialect, text, first_line=3)
        except ParseError:
            return "rejected"
    return [
        (row.line, row.terminator, [(c.text, c.line, c.column, c.filler) for c in row.cells]) for row in rows
    ]


LINES = [
    "规章 |", "0 |", "12 |", "|", "||", "||||", "| | |", "0 | |||", "0 | 0 |", "\t5 |", "\t||||", "", "",
    "行政规范性", "文件 |", "| 规章 | 2 | 0 |", "| 第二十条第(一)项 | |||", "a | b", "a |b| c",
    "信息内容", "本年新制作数量", "\t3", "｜", "中 ｜ ｜", "  |", "|x", "x|",
]
tables = st.lists(st.sampled_from(LINES), max_size=25).map("\n".join)
noise = st.text(alphabet=st.sampled_from(list("|｜ \t\n\u3000a0中")), max_size=40)


@settings(deadline=None)  # the first example builds the parsers
@given(st.sampled_from(DIALECTS), st.one_of(tables, noise))
@example("statutory", "规章 |\n0 | 0 |\n|")
@example("cell-per-line", "a\nb\n|\nc\n\nd")
@example("pipe", "| a |||\nb | c")
def test_line_terminals_read_what_token_terminals_read(dialect, text):
    assert read(dialect, text, token_level=False) == read(dialect, text, token_level=True)
