"""Stage 2: the grammars and the one transformer (rows of cells with line and column)."""

import pytest
from lark import Lark

from govtables.errors import ParseError
from govtables.parse import GRAMMARS, grammar_text, parse_rows


def texts(rows):
    return [[c.text for c in r.cells] for r in rows]


@pytest.mark.parametrize("dialect", sorted(GRAMMARS))
def test_grammars_build_strict(dialect):
    """Colliding terminals or LALR conflicts fail loudly."""
    from importlib import resources

    folder = resources.files("govtables.grammars")
    with resources.as_file(folder.joinpath(GRAMMARS[dialect])) as path:
        Lark.open(str(path), parser="lalr", lexer="contextual", strict=True)
    assert grammar_text(GRAMMARS[dialect]).startswith("//")


def test_pipe_rows_with_filler_runs_and_empty_cells():
    rows = parse_rows("pipe", "| 第二十条第(一)项 | |||\n| 规章 | 2 | 0 | 2 | \n审批事项公开数 | 条 | |")
    assert texts(rows) == [
        ["第二十条第(一)项", "", "", ""],
        ["规章", "2", "0", "2"],
        ["审批事项公开数", "条", ""],
    ]
    assert [c.filler for c in rows[0].cells] == [False, False, True, True]


def test_pipe_positions_are_in_the_report():
    rows = parse_rows("pipe", "指标名称 | 单位 | 数 量 |\n一、主动公开数量 | 条 | 9622 |", first_line=30)
    cell = rows[1].cells[2]
    assert (cell.text, cell.line, cell.column) == ("9622", 31, 16)


def test_full_width_bars_and_markdown_rules():
    assert texts(parse_rows("pipe", "｜信息内容｜本年制发件数｜\n|---|---|\n｜规章｜0｜")) == [
        ["信息内容", "本年制发件数"],
        ["规章", "0"],
    ]


def test_statutory_row_ends_lost_counts_glued_and_unterminated():
    text = "规章 |\n0 |\n||\n(七)总计 |\n0 | |||||||||\n四、结转下年度继续办理 |\n0 |"
    rows = parse_rows("statutory", text)
    assert texts(rows) == [["规章", "0"], ["(七)总计", "0"], ["四、结转下年度继续办理", "0"]]
    assert [r.terminator for r in rows] == [2, 9, None]


def test_statutory_bar_runs_with_spaces_and_indented_bar_lines():
    """`| | |` is a run of three bars; an indented bar line ends a row, it is no empty cell."""
    text = "\t规章 |\n\t0 |\n\t| |\n\t(七)总计 |\n\t0 | | | |\n  四、结转下年度继续办理 |\n\u30000 |\n\u3000| | | |"
    rows = parse_rows("statutory", text)
    assert texts(rows) == [["规章", "0"], ["(七)总计", "0"], ["四、结转下年度继续办理", "0"]]
    assert [r.terminator for r in rows] == [2, 3, 4]
    assert rows[1].cells[1].column == 2


def test_statutory_wrapped_label_with_bar_on_next_line():
    rows = parse_rows("statutory", "行政规范性文件\n|\n0 |\n|||")
    assert texts(rows) == [["行政规范性文件", "0"]]


def test_statutory_lone_bar_lines_are_empty_cells_when_they_come_in_runs():
    rows = parse_rows("statutory", "一、本年新收 |\n|\n|\n0 |\n||")
    assert texts(rows) == [["一、本年新收", "", "", "0"]]
    assert rows[0].terminator == 2


def test_cell_per_line_rows_split_by_blank_lines_and_bar_lines():
    assert texts(parse_rows("cell-per-line", "\t指标名称 \n\t单位\n\n\t主动公开 \n\t条")) == [
        ["指标名称", "单位"],
        ["主动公开", "条"],
    ]
    assert texts(parse_rows("cell-per-line", "规章\n|\n0\n|\n6")) == [["规章"], ["0"], ["6"]]


def test_spaced_rows_join_label_words():
    rows = parse_rows("spaced", "四、结转下年度继续办理 0 0 0\n危及国家安全、 经济安全 3件\n结 结 其 尚")
    assert texts(rows) == [
        ["四、结转下年度继续办理", "0", "0", "0"],
        ["危及国家安全、 经济安全", "3件"],
        ["结", "结", "其", "尚"],
    ]


def test_a_cut_off_statutory_table_keeps_its_last_cell():
    assert texts(parse_rows("statutory", "(一)予以公开 |\n0 |\n(二)部分公"))[-1][-1] == "(二)部分公"


def test_parse_error_carries_line_and_column():
    with pytest.raises(ParseError) as caught:
        parse_rows("cell-per-line", "a\n|\n|\n|", first_line=10)
    assert caught.value.line is not None and caught.value.line >= 10
    assert "cell-per-line" in str(caught.value)


def test_blank_lines_inside_a_statutory_table():
    """Found by tests/test_fuzz.py: a BLANK token leaked into the row builder."""
    assert texts(parse_rows("statutory", "规章 |\n\n0 |\n\n\n||\n行政许可 |")) == [["规章", "0"], ["行政许可"]]


def test_spaced_rows_may_be_indented():
    """Found by the report-level round trip: indented lines with space-wrapped labels (`\\t结果 维持`)."""
    assert texts(parse_rows("spaced", "\t结果 维持\n\t0 0 0")) == [["结果", "维持"], ["0", "0", "0"]]


def test_every_dialect_is_one_record_with_a_grammar_and_a_renderer():
    from govtables.parse import DIALECTS, dialect_of
    from govtables.render import DIALECTS as RENDERED

    assert [d.name for d in DIALECTS] == [name for name in GRAMMARS if name != "collapsed"]  # collapsed: own finder
    for dialect in DIALECTS:
        assert dialect_of(dialect.name) is dialect
        assert dialect.renderer is None or dialect.renderer in RENDERED
    assert [d.name for d in DIALECTS if d.counts_lost] == ["statutory"]
    with pytest.raises(KeyError):
        dialect_of("html")


@pytest.mark.parametrize(
    ("dialect", "text", "why"),
    [
        ("pipe", "规章 | 2 | 0 |", "1 row"),
        ("pipe", "信息内容 | 本年制发件数 |\n规章 | 行政许可 |", "no value"),
        ("pipe", "2 | 0 |\n5 | 1 |", "no label"),
        ("statutory", "规章 |\n2 |\n行政许可 |\n41 |", "1 row"),  # no row end at all
        ("statutory", "规章 |\n|\n2 |\n|\n行政许可 |\n|\n41 |\n|", "every row a single cell"),
        ("pipe", "信息内容 | 本年制发件数 |\n规章 | 2 |", None),
        ("statutory", "规章 |\n2 |\n|\n行政许可 |\n41 |\n|", None),
        ("cell-per-line", "规章\n|\n2\n|\n行政许可\n|\n41", None),  # one cell a row: the grid regroups it
    ],
)
def test_implausible_says_why(dialect, text, why):
    from govtables.parse import implausible

    assert implausible(parse_rows(dialect, text), dialect) == why


@pytest.fixture
def fresh_parsers(monkeypatch):
    """Parsers and the grammar cache folder rebuilt under the test's environment, and again after it."""
    from govtables import parse

    def clear():
        for cached in (parse._cache_dir, parse.parser, parse.row_parser):
            cached.cache_clear()

    clear()
    yield monkeypatch
    monkeypatch.undo()
    clear()


PIPE = "| 规章 | 2 | 0 |\n| 规范性文件 | 5 | 1 |"


def test_grammar_tables_are_cached_in_a_private_folder_and_a_damaged_cache_is_rebuilt(fresh_parsers, tmp_path):
    from govtables import parse

    fresh_parsers.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert texts(parse_rows("pipe", PIPE)) == [["规章", "2", "0"], ["规范性文件", "5", "1"]]
    cached = tmp_path / "govtables" / "pipe.lark-cache"
    assert cached.exists()
    assert (tmp_path / "govtables").stat().st_mode & 0o077 == 0  # nobody else may plant a pickle there
    cached.write_bytes(b"not a cache\n")
    parse.row_parser.cache_clear()
    assert texts(parse_rows("pipe", PIPE, first_line=7)) == [["规章", "2", "0"], ["规范性文件", "5", "1"]]
    assert not cached.read_bytes().startswith(b"not a cache")  # written again, whole


def test_grammars_build_without_a_writable_cache_folder(fresh_parsers, tmp_path):
    from govtables import parse

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    fresh_parsers.setenv("XDG_CACHE_HOME", str(blocker))  # no folder can be made under a file
    assert parse._cache_dir() is None
    assert texts(parse_rows("pipe", PIPE)) == [["规章", "2", "0"], ["规范性文件", "5", "1"]]


def test_the_shared_parser_keeps_each_threads_line_offset():
    from concurrent.futures import ThreadPoolExecutor

    def first_lines(start):
        return {
            (start, row.line, row.cells[1].line)
            for _ in range(50)
            for row in parse_rows("pipe", PIPE, first_line=start)
        }

    with ThreadPoolExecutor(4) as pool:
        seen = set().union(*pool.map(first_lines, range(1, 41)))
    assert seen == {(s, s + k, s + k) for s in range(1, 41) for k in (0, 1)}
