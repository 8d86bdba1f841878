"""model: the lookups and reprs users meet first."""

from pathlib import Path

import pytest

import govtables as gt

SEED_004 = Path(__file__).parent.parent / "examples" / "004_1185ee4c741c8fc5.txt"


@pytest.fixture(scope="module")
def report() -> gt.Report:
    return gt.read(SEED_004)


@pytest.mark.parametrize("row", ["（一）予以公开", "(一)予以公开", "予以公开", "(一) 予以公开"])
def test_cell_matches_labels_the_way_the_template_does(report, row):
    cell = report.table("applications").cell(row, "总计")
    assert cell.row == ("三、本年度办理结果", "（一）予以公开") and cell.col == ("申请人情况", "总计")


def test_cell_prefers_the_exact_path(report):
    # `其他` is both an applicant column and a row of (六): the column path picks the column
    cell = report.table("applications").cell("一、本年新收政府信息公开申请数量", ("法人或其他组织", "其他"))
    assert cell.col == ("申请人情况", "法人或其他组织", "其他")


def test_a_cell_that_is_not_there_raises_key_error_with_the_nearest_labels(report):
    with pytest.raises(KeyError, match=r"nearest rows: \['（一）予以公开'\]"):
        report.table("applications").cell("予以公卡", "总计")


def test_reprs_are_one_short_line(report):
    assert "\n" not in repr(report) and len(repr(report)) < 300
    assert repr(report).startswith("Report(source='") and "applications lines 85–168" in repr(report)
    table = report.table("applications")
    assert repr(table).startswith("Table(kind='applications', dialect='statutory', lines=(85, 168)")
