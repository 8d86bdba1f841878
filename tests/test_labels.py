"""Label matching that survives real text."""

import pytest

from govtables.formats import format_for
from govtables.labels import block_number, is_such_that, labels_match, match_label, numbering
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
