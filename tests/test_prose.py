"""govtables.prose: the figures a report's prose restates (X-4), read and compared with its tables."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
import strategies
from strategies import reviews_table

import govtables as gt
from govtables.identities import APPLICANTS_TOTAL, CARRIED_FORWARD, CARRIED_OVER, NEW, RESULTS_TOTAL
from govtables.prose import compare_prose, prose_figures
from govtables.validate import check

CORPUS = Path(__file__).parent / "corpus"
EXAMPLES = Path(__file__).parent.parent / "examples"
NATURAL = ("申请人情况", "自然人")
LITIGATION = (
    ((), ("行政诉讼", "未经复议直接起诉", "总计")),
    ((), ("行政诉讼", "复议后起诉", "总计")),
)


def figures(text: str) -> list[tuple[str, int]]:
    return [(f.name, f.value) for f in prose_figures(text)]


# --- what is read, one statement at a time -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本年度共新收政府信息公开申请170件，上年结转15件。", [("新收申请", 170), ("上年结转", 15)]),
        ("本年度全区共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理。",
         [("新收申请", 70), ("办结", 69), ("结转下年度", 1)]),
        ("全年发生行政诉讼案件7件。", [("行政诉讼", 7)]),
        ("因政府信息依申请公开引起行政复议0件,行政诉讼0件", [("行政复议", 0), ("行政诉讼", 0)]),
        ("其中自然人申请160件", [("自然人申请", 160)]),
        ("共发布行政许可信息76条,行政处罚信息2条。", [("行政许可信息", 76), ("行政处罚信息", 2)]),
        ("結轉下年度繼續辦理3件", [("结转下年度", 3)]),  # Traditional script
        # scoped or other counts: not a cell
        ("我局收到信函申请1件", []),  # one channel
        ("同意公开答复 9 件，部分公开答复 0 件", []),  # one outcome
        ("转下一年度办理答复的有 1 件", []),  # carried forward, not handled
        ("全县共办理相关案件 74 件", []),
        ("未发生被行政复议纠错0件", []),
        ("我局共收到书记、市长信箱转来的信件5件", []),
        ("| 一、本年新收政府信息公开申请数量 | 5件 |", []),  # a table row is not prose
    ],
)  # fmt: skip
def test_statements(text: str, expected: list[tuple[str, int]]) -> None:
    assert figures(text) == expected


def test_cells_named() -> None:
    text = "新收申请10件，上年结转2件，办结9件，结转下年度3件，其中自然人申请8件，行政诉讼案件7件。"
    assert [f.cells for f in prose_figures(text)] == [
        ((NEW, APPLICANTS_TOTAL),),
        ((CARRIED_OVER, APPLICANTS_TOTAL),),
        ((RESULTS_TOTAL, APPLICANTS_TOTAL),),
        ((CARRIED_FORWARD, APPLICANTS_TOTAL),),
        ((NEW, NATURAL),),
        LITIGATION,  # 行政诉讼 = 未经复议直接起诉 总计 + 复议后起诉 总计
    ]


def test_a_statement_broken_over_two_lines_is_read_with_its_place() -> None:
    [figure] = prose_figures("引言。\n办结 1191 件（含\n上年结转 189 件），均在法定期限内答复。")[1:]
    assert (figure.name, figure.value, figure.line, figure.column) == ("上年结转", 189, 3, 6)
    assert figure.sentence == "办结 1191 件（含上年结转 189 件），均在法定期限内答复。"


def test_html_lines_are_the_page_lines() -> None:
    [figure] = prose_figures("<html>\n<body>\n<p>全年发生<b>行政诉讼</b>案件7件</p>\n</body>", html=True)
    assert (figure.name, figure.value, figure.line) == ("行政诉讼", 7, 3)


def test_a_long_line_of_prose_is_read() -> None:
    text = "办" * 100_000 + "共收到申请3件" + "理" * 100_000
    assert figures(text) == [("新收申请", 3)]


# --- real reports ---------------------------------------------------------------------------------------


def outcomes(path: Path) -> list[tuple[str, int, int, str, int | None]]:
    return [
        (c.figure.name, c.figure.value, c.figure.line, c.status, c.table_value) for c in compare_prose(gt.read(path))
    ]


def test_g021_prose_agrees_with_its_table() -> None:
    # line 38-39: 共受理政府信息公开申请 1295 件，办结 1191 件（含上年结转 189 件）
    # table: 一、本年新收 总计 1295 (line 115), （七）总计 1191 (line 168), 二、上年结转 总计 189 (line 117)
    assert outcomes(CORPUS / "g021.txt") == [
        ("新收申请", 1295, 38, "passed", 1295),
        ("办结", 1191, 38, "passed", 1191),
        ("上年结转", 189, 39, "passed", 189),
    ]


def test_g019_prose_counts_carried_over_applications_in_a_warning_not_an_error() -> None:
    # line 26: 全县全年共受理政府信息公开申请 749 件，其中自然人申请 741 件 … 结转下一年 31 件
    # table line 99: 本年新收 705 (自然人) … 713 (总计); line 104: 上年结转 36 / 36; 713 + 36 = 749
    assert outcomes(CORPUS / "g019.txt") == [
        ("新收申请", 749, 26, "failed", 713),
        ("自然人申请", 741, 26, "failed", 705),
        ("结转下年度", 31, 26, "passed", 31),
    ]
    report = gt.read(CORPUS / "g019.txt")
    x4 = [f for f in report.findings if f.rule == "X-4"]
    assert [(f.severity, f.line, f.column, f.expected, f.actual) for f in x4] == [
        ("warning", 26, 96, 749, 713),
        ("warning", 26, 110, 741, 705),
    ]
    assert x4[0].cells == ((NEW, APPLICANTS_TOTAL),)
    assert "table line 99" in x4[0].message and "scoped differently" in x4[0].message
    assert "本年新收 713 + 上年结转 36 = 749" in x4[0].message
    assert not [f for f in report.findings if f.rule == "X-4" and f.severity == "error"]


def test_g020_received_and_carried_over_agree() -> None:
    # lines 42-43: 全年收到政府信息公开申请 34 件，上年结转政府信息公开 / 申请 2 件 (table lines 102-103:
    # 34, 2); line 46 转下一年度办理答复的有 1 件 is carried forward, not handled: not read as 办结
    assert outcomes(CORPUS / "g020.txt") == [("新收申请", 34, 42, "passed", 34), ("上年结转", 2, 43, "passed", 2)]


def test_p075_licensing_information_is_the_licensing_decisions_cell() -> None:
    # line 2 (Traditional): 共發布行政許可信息76條,行政處罰信息2條; table: 行政许可 | 76, 行政处罚 | 2
    assert outcomes(CORPUS / "p075.txt") == [
        ("行政许可信息", 76, 2, "passed", 76),
        ("行政处罚信息", 2, 2, "passed", 2),
    ]


def test_a_pre_2019_report_is_not_compared() -> None:
    # line 42: 收到信函申请数1件 (one channel: not read), 按时办结1件: no statutory table to compare with
    report = gt.read(EXAMPLES / "000_c5f37a9f00a57231.txt")
    assert [(f.name, f.value, f.line) for f in report.prose] == [("办结", 1, 42)]
    assert compare_prose(report) == ()


def test_a_cell_the_table_leaves_out_is_not_assessed() -> None:
    # p019 has table 二 only: its 行政复议0件 is not compared; a table 四 with no value is not assessed
    assert compare_prose(gt.read(CORPUS / "p019.txt")) == ()
    text = "因政府信息依申请公开引起行政复议0件,行政诉讼0件"
    report = attrs.evolve(strategies.report(reviews_table({})), prose=prose_figures(text))
    assert [(c.figure.name, c.status) for c in compare_prose(report)] == [
        ("行政复议", "not_assessed"),
        ("行政诉讼", "not_assessed"),
    ]
    assert check(report).not_assessed >= 2


def test_prose_counts_in_check() -> None:
    report = gt.read(CORPUS / "g021.txt", check=False)
    with_prose = check(report)
    without = check(gt.Report(report.source, report.format, report.tables))
    assert with_prose.passed - without.passed == 3
