"""validate(): per rule, a table where it holds, one where it breaks (naming the cell), one not assessable."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import (
    active_keys,
    active_table,
    active_values,
    applications_keys,
    applications_table,
    applications_values,
    consistent_applications,
    consistent_reviews,
    formats,
    make_table,
    report,
    reviews_keys,
    reviews_table,
    reviews_values,
)

from govtables.identities import CARRIED_FORWARD, CARRIED_OVER, LEAVES, NEW, RESULTS_TOTAL
from govtables.model import Finding, Report
from govtables.validate import (
    BLANK_AS_ZERO,
    Checked,
    CheckResult,
    check,
    check_summary,
    checked_text,
    unread_reason,
    validate,
)

NP = ("申请人情况", "自然人")
OTHERS = ("申请人情况", "法人或其他组织", "其他")
TOTAL = ("申请人情况", "总计")
OPEN = LEAVES["2019"][0]
REVIEW = ("行政复议",)


def errors(findings, rule=None):
    return [f for f in findings if f.severity in ("error", "warning") and (rule is None or f.rule == rule)]


def infos(findings, rule):
    return [f for f in findings if f.severity == "info" and f.rule == rule]


def t3(fmt="2019", changes=None, **kwargs):
    """A consistent table 三 (自然人: 5 opened, 1 carried over, 2 carried forward), then the changes."""
    values = consistent_applications(fmt, {(OPEN, NP): 5, (LEAVES[fmt][-1], OTHERS): 1}, {NP: 1}, {NP: 2})
    values.update(changes or {})
    return applications_table(fmt, values, **kwargs)


def t4(changes=None):
    values = consistent_reviews({((), (*REVIEW, "结果维持")): 5, ((), (*REVIEW, "尚未审结")): 2})
    values.update(changes or {})
    return reviews_table(values)


# --- T3-A ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_consistent_table_three_is_clean(fmt):
    result = check(report(t3(fmt), t4(), fmt=fmt))
    assert result.findings == ()
    assert result.failed == result.not_assessed == 0
    assert result.passed > 0


def test_t3a_breaks_in_one_column_and_names_it():
    # new applications of natural persons written 8 instead of 6, the 总计 column left right
    findings = validate(report(t3(changes={(NEW, NP): 8})))
    t3a = errors(findings, "T3-A")
    assert len(t3a) == 1
    assert t3a[0].message.startswith("第一项加第二项之和 (9) ≠ 第三项加第四项之和 (7) in column 自然人")
    assert t3a[0].cells[0] == (NEW, NP)
    assert (t3a[0].expected, t3a[0].actual, t3a[0].line) == (9, 7, 100)
    assert (
        "the one cell that explains it: 一、本年新收政府信息公开申请数量 / 申请人情况 自然人"
        in t3a[0].message
    )
    assert "6 would balance" in t3a[0].message
    assert [f.rule for f in errors(findings)] == ["T3-A", "T3-C"]  # the row total too, nothing else


def test_t3a_in_total_column_follows_from_one_applicant_column():
    # one wrong cell copied into the row total: T3-A fails in 自然人 and in 总计 by the same gap
    findings = validate(report(t3(changes={(NEW, NP): 8, (NEW, TOTAL): 9})))
    t3a = errors(findings, "T3-A")
    assert [f.message.split(" — ")[0].split(" in ")[-1] for f in t3a] == ["column 自然人", "column 总计"]
    assert "the same gap (2) as in column 自然人: the fault lies in that column" in t3a[1].message
    assert errors(findings, "T3-C") == []


def test_t3a_misallocation_between_columns_balances_in_total():
    # 洋河新区: 自然人 60+0 ≠ 61+0, 其他 1+0 ≠ 0+0, 总计 balances
    findings = validate(report(t3(changes={(NEW, NP): 5, (NEW, OTHERS): 2})))
    t3a = errors(findings, "T3-A")
    assert len(t3a) == 2
    assert all("applications were put in the wrong column" in f.message for f in t3a)


def test_t3a_not_assessable_when_a_cell_is_blank():
    findings = validate(report(t3(changes={(CARRIED_OVER, NP): ""})))
    assert errors(findings) == []
    [info] = [f for f in infos(findings, "T3-A")]
    assert "in column 自然人" in info.message
    assert info.cells == ((CARRIED_OVER, NP),)
    assert info.line == 101


# --- T3-B ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_t3b_breaks_on_a_leaf_and_names_it(fmt):
    leaf = LEAVES[fmt][-1]
    findings = validate(report(t3(fmt, changes={(leaf, NP): 3})))
    assert sorted(f.rule for f in errors(findings)) == ["T3-B", "T3-C"]
    [t3b] = errors(findings, "T3-B")
    assert f"{len(LEAVES[fmt])}项办理结果之和 (8) ≠ （七）总计 (5) in column 自然人" in t3b.message
    assert t3b.cells[0] == (leaf, NP)
    assert (t3b.expected, t3b.actual) == (8, 5)


def test_t3b_not_assessable_when_a_leaf_is_absent():
    findings = validate(report(t3(changes={(OPEN, TOTAL): None})))
    assert errors(findings) == []
    assert {f.rule for f in findings} == {"T3-B", "T3-C"}
    assert all(f.severity == "info" for f in findings)


# --- T3-C ----------------------------------------------------------------------------------------------


def test_t3c_breaks_on_the_row_total_and_names_the_row():
    findings = validate(report(t3(changes={(CARRIED_FORWARD, TOTAL): 3})))
    rules = sorted(f.rule for f in errors(findings))
    assert rules == ["T3-A", "T3-C"]
    [t3c] = errors(findings, "T3-C")
    assert "六类申请人之和 (2) ≠ 总计 (3) in row 四、结转下年度继续办理" in t3c.message
    assert t3c.cells[0] == (CARRIED_FORWARD, TOTAL)
    assert t3c.line == 100 + 22


def test_t3c_not_assessable_when_the_total_is_blank_among_literal_zeros():
    findings = validate(report(t3(changes={(OPEN, TOTAL): ""})))
    assert errors(findings) == []
    assert any("in row 三、本年度办理结果 （一）予以公开" in f.message for f in infos(findings, "T3-C"))


# --- T4-A ----------------------------------------------------------------------------------------------


def test_t4a_holds_breaks_and_cannot_be_assessed():
    assert validate(report(t4())) == ()
    [broken] = validate(report(t4({((), (*REVIEW, "结果纠正")): 1})))
    assert (broken.rule, broken.severity, broken.table) == ("T4-A", "error", "reviews")
    assert broken.message.startswith("结果维持+结果纠正+其他结果+尚未审结 (8) ≠ 总计 (7) in 行政复议")
    assert ((), (*REVIEW, "结果纠正")) in broken.cells  # any of its five cells could be the wrong one
    assert broken.line == 300
    [info] = validate(report(t4({((), ("行政诉讼", "复议后起诉", "总计")): None})))
    assert (info.rule, info.severity) == ("T4-A", "info")
    assert "复议后起诉" in info.message


# --- NN ------------------------------------------------------------------------------------------------


def test_nn_breaks_on_a_negative_count_and_a_fraction():
    findings = validate(report(t4({((), (*REVIEW, "尚未审结")): -2, ((), (*REVIEW, "结果维持")): 9})))
    [nn] = errors(findings, "NN")
    assert nn.cells == (((), (*REVIEW, "尚未审结")),)
    assert "must be a whole number ≥ 0" in nn.message
    [frac] = errors(validate(report(t3(changes={(OPEN, TOTAL): Decimal("5.5")}))), "NN")
    assert frac.cells == ((OPEN, TOTAL),)


def test_nn_allows_signed_change_and_decimal_fee():
    values = dict.fromkeys(active_keys("2019"), 1)
    values[("第二十条第（五）项", "行政许可"), ("本年增/减",)] = -8
    values[("第二十条第（九）项", "政府集中采购"), ("采购总金额",)] = Decimal("25.1")
    assert validate(report(active_table("2019", values))) == ()
    values[("第二十条第（五）项", "行政许可"), ("处理决定数量",)] = -1
    [nn] = validate(report(active_table("2019", values)))
    assert nn.rule == "NN" and nn.cells == ((("第二十条第（五）项", "行政许可"), ("处理决定数量",)),)
    fee = dict.fromkeys(active_keys("2021"), 1)
    fee[("第二十条第（八）项", "行政事业性收费"), ("本年收费金额（单位：万元）",)] = Decimal("0.35")
    assert validate(report(active_table("2021", fee), fmt="2021")) == ()


def test_nn_does_not_assess_blanks():
    result = check(report(t4({((), (*REVIEW, "其他结果")): "-"})))
    assert errors(result.findings, "NN") == []


# --- T2-2019-a and T2-2021-a ---------------------------------------------------------------------------

RULES = ("第二十条第（一）项", "规范性文件")


def test_t2_2019_a_is_a_warning_per_row():
    values = dict.fromkeys(active_keys("2019"), 2)
    assert validate(report(active_table("2019", values))) == ()
    values[RULES, ("本年新公开数量",)] = 5
    [warning] = validate(report(active_table("2019", values)))
    assert (warning.rule, warning.severity) == ("T2-2019-a", "warning")
    assert warning.message.startswith("本年新公开数量 (5) > 对外公开总数量 (2) in row 规范性文件")
    assert warning.cells[1] == (RULES, ("本年新公开数量",))
    values[RULES, ("对外公开总数量",)] = ""
    [info] = validate(report(active_table("2019", values)))
    assert (info.rule, info.severity) == ("T2-2019-a", "info")


def _active_2021(repealed, in_force):
    rules = ("第二十条第（一）项", "行政规范性文件")
    values = dict.fromkeys(active_keys("2021"), 1)
    values[rules, ("本年废止件数",)] = repealed
    values[rules, ("现行有效件数",)] = in_force
    return report(active_table("2021", values), fmt="2021")


def _t2_2021_a(report, previous=None):
    """The T2-2021-a findings (X-2 is tested in tests/test_years.py)."""
    return tuple(f for f in validate(report, previous=previous) if f.rule == "T2-2021-a")


def test_t2_2021_a_against_last_year():
    assert _t2_2021_a(_active_2021(3, 1), previous=_active_2021(1, 4)) == ()
    [warning] = _t2_2021_a(_active_2021(5, 1), previous=_active_2021(1, 4))
    assert (warning.rule, warning.severity, warning.expected, warning.actual) == (
        "T2-2021-a",
        "warning",
        4,
        5,
    )
    assert "本年废止件数 (5) > 上年 现行有效件数 (4) in row 行政规范性文件" in warning.message
    [info] = _t2_2021_a(_active_2021(5, 1), previous=_active_2021(1, ""))
    assert (info.rule, info.severity) == ("T2-2021-a", "info")
    assert validate(_active_2021(5, 1)) == ()  # within one report there is nothing more than NN to check


def test_x2_in_force_against_last_year():
    # last year 4 in force in 行政规范性文件; this year 1 issued, 3 repealed: 4 + 1 − 3 = 2, the table says 1
    [warning] = [f for f in validate(_active_2021(3, 1), previous=_active_2021(1, 4)) if f.rule == "X-2"]
    assert (warning.severity, warning.expected, warning.actual) == ("warning", 5, 4)
    assert "in row 行政规范性文件" in warning.message
    assert [f for f in validate(_active_2021(3, 2), previous=_active_2021(1, 4)) if f.rule == "X-2"] == []


# --- X-1 -----------------------------------------------------------------------------------------------


def test_x1_carry_over_across_years():
    this = report(t3())
    last = report(t3(changes={(CARRIED_FORWARD, NP): 1, (CARRIED_FORWARD, TOTAL): 1}))
    assert validate(this, previous=last) == ()  # 1 = 1
    # last year carried forward 2, this year says 1 came over: in 自然人 and so in 总计
    warning, total = validate(this, previous=this)
    assert "in column 总计" in total.message
    assert (warning.rule, warning.severity, warning.expected, warning.actual) == ("X-1", "warning", 2, 1)
    assert "in column 自然人" in warning.message
    assert warning.cells == ((CARRIED_OVER, NP), (CARRIED_FORWARD, NP))
    assert warning.line == 101
    [info] = validate(
        this, previous=report(t3(changes={(CARRIED_FORWARD, NP): "", (CARRIED_FORWARD, TOTAL): 1}))
    )
    assert (info.rule, info.severity) == ("X-1", "info")


# --- blank as zero and inferred cells ------------------------------------------------------------------


def test_blank_as_zero_pattern():
    values = {key: "" for key in applications_keys("2019")}
    for row in (NEW, OPEN, RESULTS_TOTAL):
        values[row, NP] = values[row, TOTAL] = 4
    findings = validate(report(applications_table("2019", values)))
    assert [f.rule for f in findings] == [BLANK_AS_ZERO]
    assert findings[0].severity == "info"
    values[OPEN, NP] = 3
    findings = validate(report(applications_table("2019", values)))
    assert {f.rule for f in errors(findings)} == {"T3-B", "T3-C"}
    assert all("blank cells read as 0" in f.message for f in errors(findings))


def test_a_total_column_left_blank_is_not_written_in_every_identity():
    """A Word-made table leaves the 总计 column of every result row blank while the applicant columns
    hold numbers (and no 0 is written anywhere): T3-C calls those blanks not written, so T3-B over the
    总计 column must not read them as 0 and raise 'Σ results (0) ≠ (七)总计'."""
    values = {key: "" for key in applications_keys("2019")}
    values[NEW, NP] = values[NEW, TOTAL] = 5
    values[OPEN, NP] = 3
    values[LEAVES["2019"][-1], NP] = 2
    values[RESULTS_TOTAL, NP] = values[RESULTS_TOTAL, TOTAL] = 5
    findings = validate(report(applications_table("2019", values)))
    assert BLANK_AS_ZERO in {f.rule for f in findings}
    assert errors(findings) == []
    [t3b_total] = [f for f in infos(findings, "T3-B") if "总计" in f.message.split(" in column ")[1][:3]]
    assert "not written, not 0" in t3b_total.message
    # the natural-person column still adds up, with its blank results read as 0
    assert not [f for f in findings if f.rule == "T3-B" and "自然人" in f.message]
    # and a real break in that column is still an error
    values[OPEN, NP] = 4
    assert {f.rule for f in errors(validate(report(applications_table("2019", values))))} >= {"T3-B"}


def test_no_blank_as_zero_when_a_literal_zero_is_written():
    values = {key: "" for key in applications_keys("2019")}
    values[NEW, NP] = values[NEW, TOTAL] = 0
    findings = validate(report(applications_table("2019", values)))
    assert errors(findings) == []
    assert BLANK_AS_ZERO not in {f.rule for f in findings}
    assert {f.rule for f in findings} == {"T3-A", "T3-B", "T3-C"}


def test_a_finding_on_an_inferred_cell_says_so():
    table = t3(changes={(NEW, NP): 8}, inferred=frozenset({(NEW, NP)}))
    [t3a] = errors(validate(report(table)), "T3-A")
    assert "depends on inferred cell(s): 一、本年新收政府信息公开申请数量 / 申请人情况 自然人" in t3a.message


# --- pre-2019 indicator tables (P-1 … P-5) -------------------------------------------------------------

COL = ("数量",)


def indicators(rows, line=50):
    keys = tuple((row, COL) for row, _ in rows)
    return make_table("indicators", "pre-2019", keys, {(row, COL): v for row, v in rows}, first_line=line)


APPLIED = ("二、依申请公开数量",)
REPLIES = ("(三)依申请答复数",)
REFUSED = (*REPLIES, "3.不同意公开答复数")


def pre2019(applied=3, channels=(1, 2), replies=3, answers=(1, 1, 1), reasons=(1, 0), privacy=0):
    return indicators([
        (APPLIED, applied),
        ((*APPLIED, "1.当面申请数"), channels[0]),
        ((*APPLIED, "2.网络申请数"), channels[1]),
        (REPLIES, replies),
        ((*REPLIES, "1.同意公开答复数"), answers[0]),
        ((*REPLIES, "2.同意部分公开答复数"), answers[1]),
        (REFUSED, answers[2]),
        ((*REFUSED, "(1)信息不存在"), reasons[0]),
        ((*REFUSED, "(2)其它原因"), reasons[1]),
        ((*REFUSED, "其中：涉及个人隐私"), privacy),
    ])  # fmt: skip


def test_pre2019_consistent_table_is_clean():
    result = check(report(pre2019(), fmt="pre-2019"))
    assert result.findings == ()
    assert result.passed >= 5


@pytest.mark.parametrize(
    ("kwargs", "rule", "severity", "cell"),
    [
        ({"channels": (1, 1)}, "P-1", "error", (*APPLIED, "2.网络申请数")),
        (
            {"answers": (2, 1, 1), "applied": 4, "channels": (2, 2)},
            "P-2",
            "error",
            (*REPLIES, "1.同意公开答复数"),
        ),
        ({"reasons": (1, 1)}, "P-3", "error", (*REFUSED, "(2)其它原因")),
        ({"privacy": 2}, "P-4", "warning", (*REFUSED, "其中：涉及个人隐私")),
        ({"replies": 4, "answers": (2, 1, 1)}, "P-5", "warning", REPLIES),
    ],
)
def test_pre2019_identity_breaks(kwargs, rule, severity, cell):
    found = errors(validate(report(pre2019(**kwargs), fmt="pre-2019")))
    assert {(f.rule, f.severity) for f in found} == {(rule, severity)}
    assert any((cell, COL) in f.cells for f in found)


def test_pre2019_blank_total_over_numbers_is_not_assessed():
    findings = validate(report(pre2019(applied=""), fmt="pre-2019"))
    assert errors(findings) == []
    assert {f.rule for f in findings} == {"P-1", "P-5"}


def test_pre2019_blank_as_zero_table():
    table = indicators([
        (("七、公众访问咨询数量",), 28),
        (("七、公众访问咨询数量", "1.单位热线电话咨询数量"), 28),
        (("七、公众访问咨询数量", "2.行政首长信箱受理群众来信来访数量"), ""),
        (("七、公众访问咨询数量", "3.上门访问咨询数量"), 109),
    ], line=137)  # fmt: skip
    findings = validate(report(table, fmt="pre-2019"))
    assert [f.rule for f in findings] == [BLANK_AS_ZERO, "P-1"]
    p1 = findings[1]
    assert p1.message.startswith(
        "1.单位热线电话咨询数量 … 3.上门访问咨询数量 之和 (137) ≠ 七、公众访问咨询数量 (28)"
    )
    assert (p1.expected, p1.actual, p1.line) == (137, 28, 137)


# --- properties ----------------------------------------------------------------------------------------


def _rules_for(row, col):
    """The identities a table-三 cell takes part in (from the spec, §7.1–7.2)."""
    if row in (NEW, CARRIED_OVER, CARRIED_FORWARD):
        return {"T3-A", "T3-C"}
    if row == RESULTS_TOTAL:
        return {"T3-A", "T3-B", "T3-C"}
    return {"T3-B", "T3-C"}


@settings(max_examples=60, deadline=None)
@given(formats.flatmap(lambda fmt: st.tuples(st.just(fmt), applications_values(fmt), reviews_values())))
def test_any_consistent_tables_validate_clean(drawn):
    fmt, applications, reviews = drawn
    assert validate(report(applications_table(fmt, applications), reviews_table(reviews, fmt), fmt=fmt)) == ()


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_changing_one_value_of_table_three_names_that_cell(data):
    fmt = data.draw(formats)
    values = data.draw(applications_values(fmt))
    key = data.draw(st.sampled_from(applications_keys(fmt)))
    values[key] = data.draw(st.integers(0, 200).filter(lambda v: v != values[key]))
    found = errors(validate(report(applications_table(fmt, values), fmt=fmt)))
    assert {f.rule for f in found} == _rules_for(*key)
    assert all(f.cells[0] == key for f in found)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_changing_one_value_of_table_four_names_that_cell(data):
    values = data.draw(reviews_values())
    key = data.draw(st.sampled_from(reviews_keys()))
    values[key] = data.draw(st.integers(0, 200).filter(lambda v: v != values[key]))
    [found] = validate(report(reviews_table(values)))
    assert found.rule == "T4-A"
    assert key in found.cells


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_changing_a_value_no_identity_covers_fires_nothing(data):
    fmt = data.draw(formats)
    values = data.draw(active_values(fmt))
    assert validate(report(active_table(fmt, values), fmt=fmt)) == ()
    covered = {"本年新公开数量", "对外公开总数量"} if fmt == "2019" else set()
    key = data.draw(st.sampled_from([k for k in active_keys(fmt) if k[1][-1] not in covered]))
    signed = key[1][-1] == "本年增/减"
    values[key] = data.draw(st.integers(-50 if signed else 0, 200))
    assert validate(report(active_table(fmt, values), fmt=fmt)) == ()


# --- API -----------------------------------------------------------------------------------------------


def test_validate_accepts_tables_and_findings_are_data():
    findings = validate([t3(changes={(NEW, NP): 8}), t4()])
    assert findings and all(isinstance(f, Finding) for f in findings)


def test_check_counts():
    result = check(report(t3(changes={(NEW, NP): 8}), t4()))
    assert isinstance(result, CheckResult)
    assert result.failed == 2
    assert result.not_assessed == 0
    assert result.passed == 7 + 7 + 23 + 3 - 2 + 161 + 15  # identities, then NN cells


def test_check_summary_names_format_tables_counts_and_failures():
    this = report(t3(changes={(NEW, NP): 8}), t4())
    text = check_summary(this, validate(this))
    assert "format: 2019" in text
    assert "tables: applications (lines 100–123), reviews (lines 300–301)" in text
    assert "identities: 214 passed, 2 failed, 0 not assessable" in text
    assert (
        "[T3-A] applications line 100: 第一项加第二项之和 (9) ≠ 第三项加第四项之和 (7) in column 自然人"
        in text
    )
    assert "cells: 一、本年新收政府信息公开申请数量 / 申请人情况 自然人" in text


# --- the seed reports, read by the whole pipeline ------------------------------------------------------

EXAMPLES = Path(__file__).parent.parent / "examples"


def test_seed_004_all_zeros_passes_every_identity_it_can_assess():
    import govtables as gt

    findings = validate(gt.read(EXAMPLES / "004_1185ee4c741c8fc5.txt", check=False))
    assert errors(findings) == []
    assert {f.rule for f in findings} <= {"T3-A", "T3-B", "T3-C", "T4-A", "T2-2019-a"}


def test_seed_003_fails_where_its_numbers_do_not_add_up_and_nowhere_else():
    import govtables as gt

    report_003 = gt.read(EXAMPLES / "003_3c91f6d335a9c228.txt", check=False)
    found = errors(validate(report_003))
    assert [(f.rule, f.severity, f.line, f.expected, f.actual) for f in found] == [
        ("P-1", "error", 31, 4765, 9622),  # 一、主动公开数量 against its channels (一)…(七)
        ("P-1", "error", 85, 137, 28),  # 七、公众访问咨询数量 against 28 + 109
    ]
    assert found[0].cells[0] == (("一、主动公开数量",), ("数量",))
    assert "一、主动公开数量 (9622)" in found[0].message
    assert found[1].cells[0] == (("七、公众访问咨询数量",), ("数量",))


def test_checked_text_names_three_cells_of_an_error_and_counts_the_rest():
    cells = tuple(((f"第{n}行",), ("总计",)) for n in range(1, 5))
    error = Finding("T3-A", "error", "不平", table="applications", cells=cells, line=7)
    report = Report(source="r.txt", format="2019", tables=(), findings=(error, attrs.evolve(error, cells=cells[:3])))
    first, second = checked_text(report, CheckResult(failed=2)).split("\n      cells: ")[1:]
    assert first.startswith("第1行 / 总计; 第2行 / 总计; 第3行 / 总计 … and 1 more\n")
    assert second == "第1行 / 总计; 第2行 / 总计; 第3行 / 总计"
    checked = Checked.of(report, CheckResult(failed=2, findings=(error,)))
    assert (checked.failing, checked.errors, checked.unread, checked.result.findings) == (True, 2, "no table", ())


def test_unread_reason_no_table_or_table_not_read():
    assert unread_reason(3, []) is None
    assert unread_reason(0, []) == "no table"
    assert unread_reason(1, [12]) == "table-not-read at line 12"
    assert unread_reason(0, [12, None]) == "no table; table-not-read at lines 12, ?"
