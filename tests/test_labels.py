"""Label matching that survives real text."""

import pytest

from govtables.formats import format_for
from govtables.labels import (
    NUMBERING_STYLES,
    block_number,
    is_such_that,
    labels_match,
    leading_numbering,
    match_label,
    numbering,
    numbering_style,
    split_numbering,
)
from govtables.text import to_simplified

APPLICATION_LEAVES = format_for("applications", "2021").leaf_labels


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("商业 企业", "商业企业"),
        ("商业\n企业", "商业企业"),
        ("本年新 制作数量", "本年新制作数量"),
        ("規範性文件", "规范性文件"),
        ("二、上年結轉政府信息公開申請數量", "二、上年结转政府信息公开申请数量"),
        ("规章(设区的市、自治州人民政府应提供相关数据)", "规章"),
        ("本年(2023)制发件数", "本年制发件数"),
        ("上一年项目数量(指2019年事项数)", "上一年项目数量"),
        ("现行有效件", "现行有效件数"),
        (
            "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ),
        ("(二)部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
        ("本年收费金额(单位:万元)", "本年收费金额（单位：万元）"),
        ("1、属于国家秘密", "1.属于国家秘密"),
        ("1. 属于国家秘密", "1.属于国家秘密"),
        ("（1）属于国家秘密", "1.属于国家秘密"),
        ("第二十条第(一)项", "第二十条第（一）项"),
        ("第二十条第1项", "第二十条第（一）项"),
        (
            "1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ),
    ],
)
def test_spellings_match(text: str, label: str) -> None:
    assert labels_match(text, label)


@pytest.mark.parametrize(
    ("text", "label"),
    [("行政规范性文件", "规范性文件"), ("第二十条第(五)项", "第二十条第（六）项"), ("规", "规章")],
)
def test_different_labels_do_not_match(text: str, label: str) -> None:
    assert not labels_match(text, label)


def test_numbering_picks_the_row_not_the_column() -> None:
    assert match_label("3.其他", (*APPLICATION_LEAVES, "其他")) == "3.其他"
    assert match_label("其他", ("其他", "3.其他")) == "其他"


def test_helpers() -> None:
    assert numbering("（三）不予公开") == "(三)"
    assert numbering("1、当面申请数") == "1."
    assert numbering("一、主动公开数量") == "一、"
    assert block_number("第二十条第（九）项") == "九"
    assert is_such_that("其中：全文电子化的主动公开信息数")
    assert to_simplified("結轉") == "结转"


# The numbering grammar: each spelling, its canonical numbering, the rest, and its style.
@pytest.mark.parametrize(
    ("label", "mark", "rest", "style"),
    [
        ("一、主动公开数量", "一、", "主动公开数量", "一、"),
        ("五.存在的主要问题", "五、", "存在的主要问题", "一、"),
        ("十二、其他", "十二、", "其他", "一、"),
        ("（一）予以公开", "(一)", "予以公开", "(一)"),
        ("(二)部分公开", "(二)", "部分公开", "(一)"),
        ("（三）、不予公开", "(三)", "不予公开", "(一)"),
        ("1.当面申请数", "1.", "当面申请数", "1."),
        ("1、当面申请数", "1.", "当面申请数", "1."),
        ("１．当面申请数", "1.", "当面申请数", "1."),
        ("2)传真申请数", "2.", "传真申请数", "1."),
        ("12. 其他", "12.", "其他", "1."),
        ("(1)信息不存在", "(1)", "信息不存在", "(n)"),
        ("（2）非本机关负责公开", "(2)", "非本机关负责公开", "(n)"),
        ("其中：(1)“信息不存在”数", None, "其中:(1)“信息不存在”数", "(n)"),  # the style reads past 其中
        ("其中,政策文件类信息公开数", None, "其中,政策文件类信息公开数", None),
        ("①政策文件", None, "1政策文件", None),  # NFKC folds ① to a digit: no numbering
        ("2019年事项数", None, "2019年事项数", None),
        ("1.5万元", "1.", "5万元", "1."),  # a leading decimal reads as numbering (as before): labels have none
        ("兼职人员", None, "兼职人员", None),
    ],
)
def test_numbering_grammar(label: str, mark: str | None, rest: str, style: str | None) -> None:
    assert split_numbering(label) == (mark, rest)
    assert numbering(label) == mark
    assert numbering_style(label) == style
    assert style is None or style in NUMBERING_STYLES


def test_leading_numbering_reads_normalised_text_as_written() -> None:
    assert leading_numbering("五、 存在的主要问题及改进情况") == ("五、", "存在的主要问题及改进情况")
    assert leading_numbering("(二) 部分公开") == ("(二)", "部分公开")
    assert leading_numbering("2020 年,我单位") == (None, "2020 年,我单位")
