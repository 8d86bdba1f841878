"""Stage 1: finding tables in a report, their kind, lines and dialect (with the sniffer's reason)."""

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from govtables import regions
from govtables.regions import Region, Shape, candidates, ends_section, find_regions, line_shape, section_kind, sniff
from govtables.text import read_text

ROOT = Path(__file__).parent.parent
EXAMPLES, CORPUS = ROOT / "examples", Path(__file__).parent / "corpus"


def regions_of(path):
    return [(r.kind, r.dialect, r.start, r.end) for r in find_regions(read_text(path).split("\n"))]


def test_line_shapes():
    assert line_shape("指标名称 | 单位 | 数 量 |") is Shape.PIPE_ROW
    assert line_shape("规章 |") is Shape.CELL_BAR
    assert line_shape("0 | |||||||||") is Shape.CELL_BAR
    assert line_shape("||||") is Shape.BARS
    assert line_shape("主动公开政府信息数 508条") is Shape.SPACED
    assert line_shape("结 结 其 尚") is Shape.SPACED
    assert line_shape("\t主动公开文件数 ") is Shape.SHORT
    assert line_shape("2017年,我局认真贯彻落实《条例》要求。") is Shape.PROSE
    # seed 003's indicator rows, one cell a line: `其中,` starts a row label, not a clause
    assert line_shape("其中,政策文件类信息公开数") is Shape.SHORT
    assert line_shape("其中，通过政府网站公开信息1200条，通过微博公开300条") is Shape.PROSE


def test_section_headings_on_full_titles_not_numbers():
    assert section_kind("三、收到和处理政府信息公开申请情况") == "applications"
    assert section_kind("四、政府信息公开行政复议、行政诉讼情况") == "reviews"
    assert section_kind("## 二、主动公开政府信息情况") == "active"
    assert section_kind("四、结转下年度继续办理 |") is None
    assert section_kind("四、结转下年度继续办理") is None
    # a table title rather than a section heading, Markdown bold
    assert section_kind("三、收到和处理政府信息公开申请情况表") == "applications"
    assert section_kind("表2 收到和处理政府信息公开申请情况统计表：") == "applications"
    assert section_kind("**四、政府信息公开行政复议、行政诉讼情况**") == "reviews"


def test_statutory_tables_with_no_heading_between_them_are_cut_apart():
    """Tables 二, 三, 四 in one run of pipe rows (their headings lost): one region each, cut where the
    next table's first label opens it."""
    lines = [
        "| 第二十条第（一）项 ||||",
        "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |",
        "| 规章 | 0 | 0 | 0 |",
        "",
        "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） ||| 申请人情况 |||||||",
        "| 一、本年新收政府信息公开申请数量 ||| 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "| 行政复议 ||||| 行政诉讼 ||||||||||",
        "| 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
    ]
    found = [(r.kind, r.dialect, r.start, r.end) for r in find_regions(lines)]
    assert found == [("active", "pipe", 1, 3), ("applications", "pipe", 5, 6), ("reviews", "pipe", 7, 8)]


def test_tables_under_titles_that_name_no_section_are_cut_apart():
    """Tab-separated tables under `表一`/`表二` (no section heading): the run of table lines starts
    inside table 二 (its block title is a short line), is cut where table 三 opens, and the title
    `表二` above the cut belongs to neither."""
    lines = [
        "表一",
        "第二十条第（一）项\t\t\t",
        "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量",
        "规章\t0\t0\t0",
        "规范性文件\t2\t2\t2",
        "表二",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况",
        "一、本年新收政府信息公开申请数量\t\t\t\t\t\t\t\t\t0",
        "二、上年结转政府信息公开申请数量\t\t\t\t\t\t\t\t\t0",
    ]
    found = [(r.kind, r.dialect, r.end) for r in find_regions(lines)]
    assert found == [("active", "spaced", 5), ("applications", "spaced", 9)]


def test_table_row_labels_do_not_end_a_section():
    lines = ["四、结转下年度继续办理", "0", "五、存在的主要问题及改进情况", "一是工作有时不够深入。"]
    shapes = [line_shape(x) for x in lines]
    assert not ends_section(lines, shapes, 0)
    assert ends_section(lines, shapes, 2)


@pytest.mark.parametrize(
    ("heading", "ends"),
    [
        ("五、存在的主要问题及改进情况", True),
        ("五.存在的主要问题及改进情况", True),  # the numbering grammar of labels.py: 五. is 五、
        ("## 五、 存在的主要问题及改进情况", True),
        ("（五）存在的主要问题及改进情况", False),  # a sub-item, not a section heading
        ("5.存在的主要问题及改进情况", False),
        ("五、", False),
    ],
)
def test_numbered_headings_end_a_section(heading: str, ends: bool) -> None:
    lines = [heading, "一是工作有时不够深入。"]
    assert ends_section(lines, [line_shape(x) for x in lines], 0) is ends


def test_sniff_says_why():
    dialect, why = sniff([Shape.CELL_BAR] * 5 + [Shape.BARS])
    assert dialect == "statutory" and "5 of 6" in why


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("000_c5f37a9f00a57231.txt", [("indicators", "spaced", 27, 37)]),
        ("001_8f9864aa0e681fec.txt", [("indicators", "cell-per-line", 116, 194)]),
        ("002_61bfce714908b168.txt", []),
        ("003_3c91f6d335a9c228.txt", [("indicators", "pipe", 30, 106)]),
        (
            "004_1185ee4c741c8fc5.txt",
            [
                ("active", "statutory", 15, 83),
                ("applications", "statutory", 85, 168),
                ("reviews", "statutory", 170, 206),
            ],
        ),
    ],
)
def test_seed_regions(name, expected):
    assert regions_of(EXAMPLES / name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("p009.txt", [("active", "cell-per-line"), ("applications", "cell-per-line")]),
        ("p019.txt", [("active", "pipe")]),
        ("p023.txt", [("active", "statutory")]),
        ("p029.txt", [("active", "pipe"), ("applications", "pipe")]),
        ("p031.txt", [("applications", "spaced"), ("reviews", "spaced")]),
        ("p055.txt", [("active", "statutory"), ("applications", "statutory")]),
        ("p057.txt", [("active", "statutory"), ("applications", "statutory")]),
        ("p071.txt", [("active", "cell-per-line")]),
        ("g019.txt", [("active", "pipe"), ("applications", "pipe"), ("reviews", "pipe")]),
        ("g020.txt", [("active", "pipe"), ("applications", "pipe"), ("reviews", "pipe")]),
        ("g021.txt", [("active", "pipe"), ("applications", "pipe"), ("reviews", "pipe")]),
    ],
)
def test_dev_corpus_kinds_and_dialects(name, expected):
    assert [(k, d) for k, d, _, _ in regions_of(CORPUS / name)] == expected


def test_metadata_rows_are_not_a_table():
    lines = [
        "索引号: | 1133/2014-101631 | 成文日期: | 2014-03-14 |",
        "发布机构: | 市商务局 | ||",
        "",
        "正文。",
    ]
    assert find_regions(lines) == []


def test_a_pipe_row_may_start_with_empty_cells():
    """A row under a row-spanning label (`|  | （二）部分公开 | 30 |`) or a header row under spans."""
    assert line_shape("|  |  |  | 结果维持 | 结果纠正 |") is Shape.PIPE_ROW
    assert (
        line_shape("|  | （二）部分公开（区分处理的，只计这一情形，不计其他情形） || 30 | 5 | 0 |")
        is Shape.PIPE_ROW
    )


def test_candidates_put_the_sniffed_dialect_first_then_those_claiming_more_lines():
    shapes = [Shape.SHORT] * 6 + [Shape.CELL_BAR] * 2 + [Shape.PIPE_ROW] + [Shape.BARS] * 2
    dialects, why = candidates(shapes)
    # cell-per-line (6 short + 2 bar lines), then statutory (2 cells ending in a bar + 2 bar lines),
    # then pipe (1 row of cells); spaced claims no line and is no candidate
    assert dialects == ("cell-per-line", "statutory", "pipe")
    assert why == sniff(shapes)[1]
    assert candidates([Shape.BLANK, Shape.PROSE]) is None


def test_a_region_of_one_dialect_has_it_as_its_only_candidate():
    region = Region("active", "pipe", 1, 5)
    assert region.candidates == ("pipe",)


def test_regions_carry_their_candidates():
    lines = ["二、主动公开政府信息情况", "第二十条", "第（一）项 | | | |", "信息", "内容 |", "规", "章 |"]
    lines += ["2 |", "7 |", "3 |"]
    (region,) = find_regions(lines)
    # five lines end in ' |' (statutory), three hold a short cell (cell-per-line), one is split by bars
    assert region.candidates == ("statutory", "cell-per-line", "pipe")
    assert region.dialect == "statutory"


LONG_LINE_ALPHABET = " \u3000\u0301e中一、(（表统计情况#*收到和处理政府信息公开申请"


@settings(max_examples=60, deadline=None)
@example(start="收到和处理政府信息公开申请情况数据表", filler=" ", repeat=2500, tail="中")  # a short cell
@example(start="三、收到和处理政府信息公开申请情况", filler="\u3000", repeat=2500, tail="统计表")  # a heading
@given(
    st.text(alphabet=LONG_LINE_ALPHABET, max_size=80),
    st.text(alphabet=" \u3000\u0301*_#e", min_size=1, max_size=4),
    st.integers(min_value=500, max_value=3000),
    st.text(alphabet=LONG_LINE_ALPHABET, max_size=80),
)
def test_a_long_line_is_judged_on_its_start_as_on_the_whole(start, filler, repeat, tail):
    """line_shape and section_kind decide a line over _HEAD characters from its start; the answer must
    be the one the whole line gives — padding that normalising removes (spaces, emphasis, combining
    marks) and words near the cut included."""
    line = start + filler * repeat + tail
    shortcut = (regions.line_shape(line), regions.section_kind(line))
    head, regions._HEAD = regions._HEAD, 10**9
    try:
        assert shortcut == (regions.line_shape(line), regions.section_kind(line))
    finally:
        regions._HEAD = head
