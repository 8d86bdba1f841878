"""The identities as data (statutory-format.md §7) and the one generic checker."""

from __future__ import annotations

from decimal import Decimal

import pytest
from strategies import applications_table, cell, make_table

from govtables.formats import format_for
from govtables.identities import (
    APPLICATIONS_COLUMNS,
    CARRIED_FORWARD,
    LEAVES,
    NEW,
    RESULTS_TOTAL,
    Identity,
    Term,
    active_identities,
    applications_identities,
    bound_holds,
    cross_identities,
    evaluate,
    identities_for,
    indicator_identities,
    make_lookup,
    numbering_style,
    reviews_identities,
    table_format,
    value_bound,
)
from govtables.model import Grid, Table

NP = ("申请人情况", "自然人")
TOTAL = ("申请人情况", "总计")


def test_leaf_counts_follow_the_spec():
    assert len(LEAVES["2019"]) == 19
    assert len(LEAVES["2021"]) == 21
    assert LEAVES["2019"][4] == ("三、本年度办理结果", "（三）不予公开", "3.危及“三安全一稳定”")
    assert LEAVES["2021"][-1] == ("三、本年度办理结果", "（六）其他处理", "3.其他")


@pytest.mark.parametrize(("fmt", "rows"), [("2019", 23), ("2021", 25)])
def test_table_three_has_t3a_and_t3b_per_column_and_t3c_per_row(fmt, rows):
    rules = [identity.rule for identity in applications_identities(fmt)]
    assert rules.count("T3-A") == 7
    assert rules.count("T3-B") == 7
    assert rules.count("T3-C") == rows


def test_t3a_is_the_printed_note_in_every_column():
    t3a = [i for i in applications_identities("2019") if i.rule == "T3-A"]
    assert [i.left[0].col for i in t3a] == list(APPLICATIONS_COLUMNS)
    assert t3a[0].left_name == "第一项加第二项之和"
    assert {t.row for t in t3a[0].right} == {RESULTS_TOTAL, CARRIED_FORWARD}


def test_table_four_has_three_groups():
    groups = [i.right[0].col for i in reviews_identities()]
    assert groups == [
        ("行政复议", "总计"),
        ("行政诉讼", "未经复议直接起诉", "总计"),
        ("行政诉讼", "复议后起诉", "总计"),
    ]


def test_cross_identities_add_t2_2021_a_and_x2_only_between_2021_reports():
    assert {i.rule for i in cross_identities("2021", "2021")} == {"X-1", "T2-2021-a", "X-2"}
    assert {i.rule for i in cross_identities("2021", "2019")} == {"X-1"}


def test_cross_identities_add_x3_only_between_2019_reports():
    x3 = [i for i in cross_identities("2019", "2019") if i.rule == "X-3"]
    # 上一年项目数量 and 本年增/减: 行政许可, 其他对外管理服务事项, 行政处罚, 行政强制, 行政事业性收费
    assert [i.right[0].row[-1] for i in x3] == [
        "行政许可",
        "其他对外管理服务事项",
        "行政处罚",
        "行政强制",
        "行政事业性收费",
    ]
    assert {i.rule for i in cross_identities("2019", "2021")} == {"X-1"}


def _identity(relation="="):
    return Identity(
        rule="T", kind="applications", left=(Term(("a",), ()), Term(("b",), ())), right=(Term(("t",), ()),),
        left_name="a+b", right_name="t", where="", why="", relation=relation, total=True,
    )  # fmt: skip


def _lookup(**texts):
    table = make_table(
        "applications", None, tuple(((k,), ()) for k in texts), {((k,), ()): v for k, v in texts.items()}
    )
    return make_lookup(table)


@pytest.mark.parametrize(
    ("texts", "status"),
    [
        ({"a": 1, "b": 2, "t": 3}, "passed"),
        ({"a": 1, "b": 2, "t": 4}, "failed"),
        ({"a": 1, "b": "", "t": 3}, "not_assessed"),
        ({"a": 1, "b": "-", "t": 3}, "not_assessed"),
        ({"a": 1, "t": 3}, "not_assessed"),
    ],
)
def test_evaluate(texts, status):
    assert evaluate(_identity(), _lookup(**texts)).status == status


def test_blank_as_zero_fills_blank_parts_but_not_dashes():
    assert evaluate(_identity(), _lookup(a=3, b="", t=3), blank_as_zero=True).status == "passed"
    assert evaluate(_identity(), _lookup(a=3, b="-", t=3), blank_as_zero=True).status == "not_assessed"


def test_a_blank_total_over_numbers_is_not_a_zero():
    outcome = evaluate(_identity(), _lookup(a=3, b="", t=""), blank_as_zero=True)
    assert outcome.status == "not_assessed"
    assert outcome.missing == (Term(("t",), ()),)
    assert evaluate(_identity(), _lookup(a="", b="", t=""), blank_as_zero=True).status == "passed"


def test_less_or_equal():
    assert evaluate(_identity("<="), _lookup(a=1, b=1, t=3)).status == "passed"
    assert evaluate(_identity("<="), _lookup(a=3, b=1, t=3)).status == "failed"


def test_inferred_cells_are_reported():
    keys = ((("a",), ()), (("b",), ()), (("t",), ()))
    values = dict(zip(keys, (1, 2, 3), strict=True))
    table = make_table("applications", None, keys, values, inferred=frozenset({keys[1]}))
    assert evaluate(_identity(), make_lookup(table)).inferred == (Term(("b",), ()),)


def test_lookup_ignores_spacing_and_width_of_labels():
    table = Table(
        "applications",
        "pipe",
        (1, 2),
        Grid(()),
        cells=(cell((("一、本年新收政府信息 公开申请数量",), NP), 5, 1),),
    )
    assert make_lookup(table)(Term(NEW, NP)).value == 5
    table = Table(
        "applications", "pipe", (1, 2), Grid(()), cells=(cell(((RESULTS_TOTAL[0], "(七)总计"), NP), 5, 1),)
    )
    assert make_lookup(table)(Term(RESULTS_TOTAL, NP)).value == 5


@pytest.mark.parametrize(
    ("kind", "col", "bound"),
    [
        ("applications", NP, "count"),
        ("reviews", ("行政复议", "总计"), "count"),
        ("active", ("本年增/减",), "signed"),
        ("active", ("本年收费金额（单位：万元）",), "amount"),
        ("active", ("采购总金额",), "amount"),
        ("active", ("处理决定数量",), "count"),
        ("indicators", ("数量",), "amount"),
        ("other", ("x",), None),
    ],
)
def test_value_bound(kind, col, bound):
    assert value_bound(kind, col) == bound


def test_bounds():
    assert (
        bound_holds("count", 0) and not bound_holds("count", -1) and not bound_holds("count", Decimal("1.5"))
    )
    assert bound_holds("count", Decimal("2"))
    assert bound_holds("signed", -8) and not bound_holds("signed", Decimal("-0.5"))
    assert bound_holds("amount", Decimal("0.25")) and not bound_holds("amount", Decimal("-0.25"))


@pytest.mark.parametrize(
    ("label", "style"),
    [
        ("（一）通过本单位网站公开数", "(一)"),
        ("(二)依申请受理数", "(一)"),
        ("1.当面申请数", "1."),
        ("其中：1.当面申请数", "1."),
        ("其中：(1)“信息不存在”数", "(n)"),
        ("一、主动公开数量", "一、"),
        ("其中,政策文件类信息公开数", None),
        ("兼职人员", None),
    ],
)
def test_numbering_style(label, style):
    assert numbering_style(label) == style


def _indicators(rows):
    keys = tuple((row, ("数量",)) for row, _ in rows)
    return make_table("indicators", "pre-2019", keys, {(row, ("数量",)): v for row, v in rows})


def test_indicator_identities_from_labels():
    replies = ("(三)依申请答复数",)
    refused = (*replies, "3.不同意公开答复数")
    table = _indicators([
        (("申请总数",), 3), (("申请总数", "其中：1.当面申请数"), 1), (("申请总数", "2.网上申请数"), 2),
        (replies, 3), ((*replies, "1.同意公开答复数"), 1), ((*replies, "2.同意部分公开答复数"), 1),
        (refused, 1),
        ((*refused, "(1)信息不存在"), 1), ((*refused, "(2)其它原因"), 0),
        ((*refused, "其中：涉及个人隐私"), 0),
    ])  # fmt: skip
    found = {(i.rule, i.right[0].row[-1]) for i in indicator_identities(table)}
    assert found == {
        ("P-1", "申请总数"),
        ("P-2", "(三)依申请答复数"),
        ("P-3", "3.不同意公开答复数"),
        ("P-4", "3.不同意公开答复数"),
        ("P-5", "申请总数"),
    }


def test_table_format_from_labels_when_not_given():
    table = applications_table("2021", {})
    assert table_format(Table("applications", "pipe", (1, 2), Grid(()), cells=table.cells)) == "2021"
    assert identities_for(Table("other", "pipe", (1, 2), Grid(()))) == ()


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_every_identity_cell_is_a_cell_of_the_template(fmt):
    """The identities name only official paths of govtables.formats (the template engineer's)."""
    for kind, identities in (
        ("applications", applications_identities(fmt)),
        ("reviews", reviews_identities()),
        ("active", active_identities(fmt) + cross_identities(fmt, fmt)[7:]),
    ):
        paths = set(format_for(kind, fmt).cell_paths())
        assert {term.key for identity in identities for term in identity.terms} <= paths


def test_table_four_has_its_identities_whatever_the_format() -> None:
    """Table 四 is the same in every revision: a table with no format, in a report with none, still
    gets T4-A for its three groups."""
    table = Table("reviews", "pipe", (1, 2), Grid(()))
    assert [i.rule for i in identities_for(table)] == ["T4-A"] * 3
