"""The collapsed dialect (govtables/collapsed.py): a report body on one line, split back by its arithmetic.

The four real reports are judged by their hand labels (tests/corpus/labels/, read by hand from the
text: README there); the property test writes consistent tables as one line and reads them back.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import collapsed_reports

import govtables as gt
from govtables.collapsed import (
    indicator_header,
    items,
    qualifies,
    row_candidates,
    segments,
    statutory_rows,
)
from govtables.model import Finding, Report, ValueCell
from govtables.text import label_key

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
LABELLED = ("g001", "g002", "g013", "g015")


def _key(path: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(label_key(part) for part in path)


def _cell(report: Report, kind: str, row: tuple[str, ...], col: tuple[str, ...]) -> ValueCell | None:
    table = report.table(kind)
    if table is None:
        return None
    for cell in table.cells:
        if kind == "indicators":  # keyed by the label as written (its ancestors are the template's guess)
            same_row = label_key(cell.row[-1]) == label_key(row[-1])
        else:
            same_row = _key(cell.row) == _key(row)
        if same_row and _key(cell.col) == _key(col):
            return cell
    return None


def _candidates(report: Report, kind: str, row: tuple[str, ...], col: tuple[str, ...]) -> list[str]:
    """The values a ``split-ambiguous`` finding names for a cell (its cells are the row's, in order)."""
    found: list[str] = []
    for finding in report.findings:
        if finding.rule != "split-ambiguous" or finding.table != kind:
            continue
        places = [(_key(r) if kind != "indicators" else (label_key(r[-1]),), _key(c)) for r, c in finding.cells]
        wanted = (_key(row) if kind != "indicators" else (label_key(row[-1]),), _key(col))
        if wanted in places:
            at = places.index(wanted)
            found += [split.split("|")[at] for split in finding.actual]
    return found


def _labels(name: str) -> list[dict[str, str]]:
    with (CORPUS / "labels" / f"{name}.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _path(text: str) -> tuple[str, ...]:
    return tuple(part for part in text.split(" / ") if part)


@pytest.mark.parametrize("name", LABELLED)
def test_dev_reports_read_to_every_label(name: str) -> None:
    report = gt.read(CORPUS / f"{name}.txt")
    assert report.tables and all(table.dialect == "collapsed" for table in report.tables)
    for label in _labels(name):
        row, col, want = _path(label["row"]), _path(label["col"]), label["value"]
        cell = _cell(report, label["kind"], row, col)
        got = None if cell is None or cell.value is None else str(cell.value)
        where = f"{name} {label['kind']} {label['row']} / {label['col']}"
        if label["status"] == "exact":
            assert got == want, where
            assert cell is not None and not cell.inferred, where
        elif label["status"] == "ambiguous":  # every candidate named, a pick said to be a guess
            candidates = _candidates(report, label["kind"], row, col)
            assert want in candidates, where
            assert got is None or (got in candidates and cell is not None and cell.inferred), where


@pytest.mark.parametrize("name", LABELLED)
def test_dev_reports_have_no_false_error(name: str) -> None:
    with (CORPUS / "labels" / f"{name}.findings.tsv").open(encoding="utf-8", newline="") as handle:
        real = sorted(row["rule"] for row in csv.DictReader(handle, delimiter="\t"))
    report = gt.read(CORPUS / f"{name}.txt")
    assert sorted(f.rule for f in report.findings if f.severity == "error") == real


def test_ambiguous_splits_list_every_candidate() -> None:
    """g013 '898989' for 规范性文件's three cells: the ten splits of its label note, no pick."""
    report = gt.read(CORPUS / "g013.txt")
    (finding,) = [f for f in report.findings if f.rule == "split-ambiguous" and "'898989'" in f.message]
    assert set(finding.actual) == {
        "8|9|8989", "8|98|989", "8|989|89", "8|9898|9", "89|8|989",
        "89|89|89", "89|898|9", "898|9|89", "898|98|9", "8989|8|9",
    }  # fmt: skip
    assert finding.line == 10
    cell = report.table("active").cell(("第二十条第（一）项", "规范性文件"), "本年新制作数量")
    assert (cell.value, cell.inferred) == (89, True)  # the most even split, said to be a guess


_COLUMNS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other", "total")


def test_identities_fix_glued_runs() -> None:
    """g015: T3-C fixes '640020470' as 64|0|0|2|0|4|70; T4-A fixes the 17-digit run of table 四."""
    report = gt.read(CORPUS / "g015.txt")
    t3 = report.applications
    assert [getattr(t3, column).new_received.value for column in _COLUMNS] == [64, 0, 0, 2, 0, 4, 70]
    reviews = report.table("reviews")
    assert [c.value for c in reviews.cells] == [1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0]


def test_values_point_at_their_digits() -> None:
    for name in LABELLED:
        lines = (CORPUS / f"{name}.txt").read_text(encoding="utf-8").split("\n")
        report = gt.read(CORPUS / f"{name}.txt")
        for _, cell in report.cells():
            if cell.text:
                assert lines[cell.line - 1][cell.column - 1 :].startswith(cell.text), (name, cell)


def test_item_number_glued_to_a_value_opens_the_next_row() -> None:
    found = segments(items("其中：1.网站公开条41815092.政府公报公开条77受理"))
    assert [(s.label, s.digits) for s in found] == [
        ("其中：1.网站公开条", "4181509"),
        ("2.政府公报公开条", "77"),
        ("受理", ""),
    ]


def test_a_minus_only_opens_a_signed_cell() -> None:
    line = "第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量行政处罚2648-18538"
    (run,) = statutory_rows(segments(items(line)), "2019")
    splits = row_candidates(run)
    assert splits and all(cells[1].startswith("-") and cells[0] == "2648" for cells in splits)
    assert ("2648", "-185", "38") in splits


def test_a_lost_value_is_placed_by_labels_not_position() -> None:
    """Spaced text with one value for two places: the row keeps its label, the next row is not shifted."""
    line = "指标名称 计量 单位 2011 年度 历年累计 主动公开信息数 条 12 20 其中：1.网站公开 条 12 18 "
    line += "2、政府公报公开 条 0 行政复议数 条 3 5 附件下载"
    report = gt.read(line)
    cells = {(c.row[-1], c.col[-1]): c for c in report.table("indicators").cells}
    assert cells["行政复议数", "2011年度"].value == 3 and cells["行政复议数", "历年累计"].value == 5
    # the lone 0 is 2011年度's (12 = 12 + 0); in 历年累计 it would break P-1 (20 ≠ 18 + 0)
    assert cells["2、政府公报公开", "2011年度"].value == 0
    assert cells["2、政府公报公开", "历年累计"].absent


def test_ordinary_reports_have_no_collapsed_line() -> None:
    reports = (*sorted((ROOT / "examples").glob("*.txt")), *sorted(CORPUS.glob("*.*")))
    others = [path for path in reports if path.stem not in LABELLED]
    for path in others:
        for line in path.read_text(encoding="utf-8").split("\n"):
            assert not qualifies(line), path


def test_indicator_header_gives_the_value_columns() -> None:
    assert indicator_header("附件 指标名称 计量 单位 2011 年度 历年累计 主动公开")[0] == ("2011年度", "历年累计")


# --- bounded --------------------------------------------------------------------------------------

def _g015() -> str:
    return (CORPUS / "g015.txt").read_text(encoding="utf-8")


def _not_attempted(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.rule == "split-not-attempted"]


def test_a_huge_run_is_not_split() -> None:
    """g015 with table 三's first run (640020470) made 10⁴ digits: that row is left empty, said so."""
    report = gt.read(_g015().replace("640020470", "1" * 10_000))
    assert len(_not_attempted(report)) == 1
    assert report.applications.total.new_received.absent
    assert report.applications.total.carried_over.value == 0
    assert report.applications.total.results_total.value == 69


def test_a_line_of_ten_thousand_rows_is_not_split() -> None:
    row = "1.属于国家秘密0000000"
    report = gt.read(_g015().replace(row, row * 10_000))
    assert _not_attempted(report) and not report.tables


def test_a_line_of_thirty_thousand_words_is_not_cut() -> None:
    """An indicator header then `条 ` 30 000 times: no digit run to count, but 60 000 items for the
    grammar; the line is refused before it is parsed, with the finding."""
    report = gt.read("指标名称 计量单位 2012年度 历年累计 " + "条 " * 30_000)
    (said,) = _not_attempted(report)
    assert "items" in said.message and said.line == 1


# --- the property ---------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(collapsed_reports())
def test_consistent_tables_read_back_or_say_why_not(case: tuple[str, dict]) -> None:
    text, expected = case
    report = gt.read(text)
    assert [f for f in report.findings if f.severity == "error"] == []
    for (kind, row, col), value in expected.items():
        cell = _cell(report, kind, row, col)
        if cell is not None and cell.value is not None and not cell.inferred:
            assert cell.value == value, (kind, row, col)
        else:  # several splits fit: the finding names the true one among its candidates, and the guess
            candidates = _candidates(report, kind, row, col)
            assert str(value) in candidates, (kind, row, col, value)
            assert cell is None or cell.value is None or str(cell.value) in candidates
    assert not [f for f in report.findings if f.rule == "split-not-attempted"]


def test_the_reports_prose_decides_between_splits_the_identities_allow() -> None:
    """g015's `行政规范性文件693665` (2021 table 二, no identity in the row): several splits; a prose
    figure naming 本年制发件数 = 69 keeps only the splits that agree, and one that no split can
    agree with (prose scoped differently) changes nothing."""
    from govtables.collapsed import _stated_by_prose
    from govtables.prose import ProseFigure

    line = "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件693665"
    runs = statutory_rows(segments(items(line)), "2021")
    run = next(r for r in runs if r.path[-1] == "行政规范性文件")
    splits = row_candidates(run)
    assert ("69", "3", "665") in splits and len(splits) > 1
    issued = ((run.path, ("本年制发件数",)),)
    said = ProseFigure("制发", "active", issued, 69, line=1, column=1, sentence="")
    assert set(_stated_by_prose(run, splits, [said])) == {s for s in splits if s[0] == "69"}
    never = ProseFigure("制发", "active", issued, 7000, line=1, column=1, sentence="")
    assert _stated_by_prose(run, splits, [never]) == splits


# --- last year's report (`--previous`) ------------------------------------------------------------

#: A pre-2019 indicator table glued: `12123` is 1|2123 or 12|123 and `1214` is 1|214 or 12|14
#: (121|23 and 121|4 break 历年累计 ≥ 本年); nothing in the line decides between them.
_GLUED_2012 = "指标名称计量单位2012年度历年累计主动公开信息数条12123行政复议数条1214附件下载"


def _last_year(active_total: int, reviews_total: int) -> Report:
    """Last year's report of the same body, in another dialect (pipe rows)."""
    return gt.read(
        "指标名称 | 计量单位 | 2011年度 | 历年累计 |\n"
        f"主动公开信息数 | 条 | 40 | {active_total} |\n"
        f"行政复议数 | 条 | 1 | {reviews_total} |\n"
    )


def _indicator(report: Report, row: str, col: str) -> ValueCell:
    cell = report.table("indicators").cell((row,), col)
    assert cell is not None
    return cell


def test_a_glued_indicator_table_is_ambiguous_alone() -> None:
    report = gt.read(_GLUED_2012)
    said = {f.message.split(":")[0]: set(f.actual) for f in report.findings if f.rule == "split-ambiguous"}
    assert said == {
        "indicators 主动公开信息数": {"1|2123", "12|123"},
        "indicators 行政复议数": {"1|214", "12|14"},
    }
    assert _indicator(report, "主动公开信息数", "2012年度").inferred


def test_last_years_cumulative_total_makes_the_split_unique() -> None:
    """历年累计 = last year's 历年累计 + 本年: 111 + 12 = 123 leaves 12|123 (1|2123 would need 2122);
    2 + 12 = 14 leaves 12|14 (1|214 would need 213)."""
    report = gt.read(_GLUED_2012, previous=_last_year(111, 2))
    assert not [f for f in report.findings if f.rule.startswith("split-") or f.severity != "info"]
    got = {
        (row, col): (_indicator(report, row, col).value, _indicator(report, row, col).inferred)
        for row in ("主动公开信息数", "行政复议数")
        for col in ("2012年度", "历年累计")
    }
    assert got == {
        ("主动公开信息数", "2012年度"): (12, False),
        ("主动公开信息数", "历年累计"): (123, False),
        ("行政复议数", "2012年度"): (12, False),
        ("行政复议数", "历年累计"): (14, False),
    }


def test_check_previous_decides_the_split_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`govtables check --previous` reads the report with last year's, so the split is decided there
    too: no `split-ambiguous` warning, where the same check without it has two."""
    from govtables.cli import main

    this = tmp_path / "2012.txt"
    this.write_text(_GLUED_2012 + "\n", encoding="utf-8")
    last = tmp_path / "2011.txt"
    last.write_text(
        "指标名称 | 计量单位 | 2011年度 | 历年累计 |\n主动公开信息数 | 条 | 40 | 111 |\n行政复议数 | 条 | 1 | 2 |\n",
        encoding="utf-8",
    )
    main(["check", "-v", str(this)])
    alone = capsys.readouterr().out
    main(["check", "-v", "--previous", str(last), str(this)])
    paired = capsys.readouterr().out
    assert alone.count("split-ambiguous") == 2
    assert "split-ambiguous" not in paired


def test_last_year_contradicting_every_split_is_that_identitys_failure() -> None:
    """Last year's 历年累计 500: neither 1|2123 (501) nor 12|123 (512) satisfies it. The row stays
    ambiguous (a guess said to be one) and the failure names its cells and digits; the other row is
    still decided by last year's figure."""
    report = gt.read(_GLUED_2012, previous=_last_year(500, 2))
    failures = [f for f in report.findings if f.rule == "X-cumulative" and "no split" in f.message]
    assert len(failures) == 1
    (failure,) = failures
    assert failure.severity == "warning" and "'12123'" in failure.message and "500" in failure.message
    assert set(failure.cells) == {(("主动公开信息数",), ("2012年度",)), (("主动公开信息数",), ("历年累计",))}
    ambiguous = [f for f in report.findings if f.rule == "split-ambiguous"]
    assert [set(f.actual) for f in ambiguous] == [{"1|2123", "12|123"}]
    assert _indicator(report, "主动公开信息数", "2012年度").inferred
    cell = _indicator(report, "行政复议数", "历年累计")
    assert (cell.value, cell.inferred) == (14, False)


def test_last_year_decides_only_among_the_splits_the_reports_own_identities_allow() -> None:
    """`12123` alone is 1|2123 or 12|123; P-1 with its parts 2|103 and 10|20 leaves 12|123. Last
    year's 历年累计 2122 would need 1|2123: it does not override P-1, its failure is reported."""
    line = "指标名称计量单位2012年度历年累计主动公开信息数条12123其中：1.网站公开条21032.政府公报公开条1020附件"
    report = gt.read(line, previous=_last_year(2122, 2))
    cells = [
        (_indicator(report, "主动公开信息数", col).value, _indicator(report, "主动公开信息数", col).inferred)
        for col in ("2012年度", "历年累计")
    ]
    assert cells == [(12, False), (123, False)]
    (failure,) = [f for f in report.findings if f.rule == "X-cumulative"]
    assert failure.cells[0] == (("主动公开信息数",), ("历年累计",)) and failure.actual == 123


def test_an_indicator_header_with_a_bare_year_or_one_quantity_column() -> None:
    assert indicator_header("附表 指标名称 单位 2017 历年累计 主动公开")[0] == ("2017", "历年累计")
    assert indicator_header("指标名称 单位 数 量 一、主动公开数量 条 9")[0] == ("数量",)


def test_a_row_left_blank_does_not_lend_its_label_to_the_next_row() -> None:
    """`审批事项公开数 条` (spaced) and `…数量人次3.访问…` (glued) are rows with no value: the run
    after them is the next row's, under the next row's own label."""
    spaced_line = "指标名称 单位 数 量 一、主动公开数量 条 9 (一)网站公开数 条 9 (二)审批事项公开数 条 "
    spaced_line += "重点事项公开数 条 0"
    glued_line = "指标名称单位数量一、咨询数量人次9其中：1.热线数量人次92.信箱数量人次3.上门数量人次0"
    for line, rows in (
        (spaced_line, ("一、主动公开数量", "(一)网站公开数", "重点事项公开数")),
        (glued_line, ("一、咨询数量", "其中：1.热线数量", "3.上门数量")),
    ):
        cells = gt.read(line).table("indicators").cells
        assert [(cell.row[-1], cell.value) for cell in cells] == [(rows[0], 9), (rows[1], 9), (rows[2], 0)]


def test_a_run_holding_two_rows_is_not_an_identity_failure() -> None:
    """g015 with the label `6.属于四类过程性信息` lost: row 5's run is `1000001` and `0000000` glued.
    No split into 7 cells satisfies T3-C (1|0|0|0|0|0|10000000 …), but two rows of 7 do: the row is
    left empty with a warning, and no T3-C error is claimed."""
    text = _g015().replace("10000016.属于四类过程性信息0000000", "10000010000000")
    report = gt.read(text)
    assert not [f for f in report.findings if f.severity == "error"]
    (said,) = [f for f in report.findings if f.rule == "split-impossible"]
    assert "'10000010000000'" in said.message and "2 rows of 7 cells" in said.message
    row = ("三、本年度办理结果", "（三）不予公开", "5.属于三类内部事务信息")
    assert [cell.value for cell in report.table("applications").cells if _key(cell.row) == _key(row)] == [None] * 7


def test_in_a_spaced_table_a_row_short_of_pieces_may_have_lost_a_value() -> None:
    """Cells split by one space (g001's form): `行政复议数 条 12` has one piece for two cells. It may be
    12 in 2011年度 or in 历年累计 (a value lost), or 1|2 glued: nothing says which, so the row is
    said ambiguous with all three, never read as 1|2 with confidence (a glued table keeps 1|2 alone)."""
    line = "指标名称 计量 单位 2011 年度 历年累计 主动公开信息数 条 3 5 受理申请数 条 4 9 行政复议数 条 12 "
    line += "行政诉讼数 条 1 2 附件下载"
    report = gt.read(line)
    (finding,) = [f for f in report.findings if f.rule == "split-ambiguous"]
    assert set(finding.actual) == {"1|2", "12|·", "·|12"}
    cells = [_indicator(report, "行政复议数", col) for col in ("2011年度", "历年累计")]
    assert all(cell.inferred or cell.value is None for cell in cells)
    assert _indicator(report, "行政诉讼数", "历年累计").value == 2
    assert _indicator(report, "受理申请数", "2011年度").value == 4


def test_the_revision_on_a_tie_is_the_one_whose_column_labels_the_text_holds() -> None:
    """Table 二 of 2021 spaced: every row it has (规章, 行政规范性文件 ending 规范性文件, 行政许可 …) is a
    row of 2019 too; the column labels (本年制发件数, 本年处理决定数量) are 2021's, so 行政许可 is one
    cell (0), not the three of 2019 (上一年项目数量, 本年增/减, 处理决定数量)."""
    line = (
        "二、主动公开政府信息情况 第二十条第(一)项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章 2 0 2 "
        "行政规范性文件 2 0 2 第二十条第(五)项 信息内容 本年处理决定数量 行政许可 0 第二十条第(六)项 信息内容 "
        "本年处理决定数量 行政处罚 9 行政强制 0 第二十条第(八)项 信息内容 本年收费金额(单位:万元) 行政事业性收费 0 "
        "三、收到和处理政府信息公开申请情况 申请人情况 自然人 法人或其他组织 总计 商业企业 科研机构 社会公益组织"
    )
    report = gt.read(line)
    assert report.format == "2021"
    active = report.table("active")
    permits = active.cell(("第二十条第（五）项", "行政许可"), "本年处理决定数量")
    punishments = active.cell(("第二十条第（六）项", "行政处罚"), "本年处理决定数量")
    assert (permits.value, permits.inferred, punishments.value) == (0, False, 9)
    assert not [f for f in report.findings if f.rule == "split-ambiguous"]


def test_a_typo_in_a_glued_total_breaks_only_the_identities_through_it() -> None:
    """g015 with 一、本年新收's 总计 written 71 (`640020471`): T3-C in that row and T3-A in the 总计
    column fail, read by hand (64+0+0+2+0+4 = 70; 71 + 0 ≠ 69 + 1); T3-A in the six applicant columns
    still fixes the split, 64|0|0|2|0|4|71, so the failures are reported with their cells."""
    report = gt.read(_g015().replace("640020470", "640020471"))
    errors = sorted((f.rule, str(f.expected), str(f.actual)) for f in report.findings if f.severity == "error")
    assert errors == [("T3-A", "71", "70"), ("T3-C", "70", "71")]
    row = [cell for cell in report.applications.cells if _key(cell.row) == _key(("一、本年新收政府信息公开申请数量",))]
    assert [(cell.value, cell.inferred) for cell in row] == [(v, False) for v in (64, 0, 0, 2, 0, 4, 71)]
