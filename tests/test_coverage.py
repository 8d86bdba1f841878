"""coverage: a report that shows a table no dialect read says so (table-not-read), and only then."""

from pathlib import Path

import pytest

import govtables as gt

ROOT = Path(__file__).parent.parent
READ = sorted(ROOT.glob("examples/*.txt")) + [
    p for p in sorted((ROOT / "tests" / "corpus").glob("p*.txt")) if p.name != "p031.txt"
]


def not_read(report: gt.Report) -> list[gt.Finding]:
    return [f for f in report.findings if f.rule == "table-not-read"]


def test_row_labels_with_no_values_under_a_heading_are_a_table_not_read():
    text = "\n".join(
        [
            "三、收到和处理政府信息公开申请情况",
            "（表格见附件图片）",
            "一、本年新收政府信息公开申请数量",
            "二、上年结转政府信息公开申请数量",
            "四、结转下年度继续办理",
        ]
    )
    report = gt.read(text)
    assert all(cell.value is None for table in report.tables for cell in table.cells)
    [finding] = not_read(report)
    assert (finding.severity, finding.line) == ("warning", 3)


def test_an_indicator_header_no_dialect_read_is_said():
    report = gt.read("2011年政府信息公开工作年度报告\n指标名称 计量单位 2011年度 历年累计 见附表\n")
    assert [f.line for f in not_read(report)] == [2]


def test_a_collapsed_line_full_of_template_labels_is_said():
    labels = "一、本年新收政府信息公开申请数量 二、上年结转政府信息公开申请数量 三、本年度办理结果 （一）予以公开 "
    report = gt.read("正文 " + labels * 8 + "（数字见附件）")
    assert [f.line for f in not_read(report)] == [1]


def test_prose_that_names_a_few_labels_is_no_table():
    prose = "本年度共新收政府信息公开申请数量12件，其中予以公开10件。全年行政复议0件，行政诉讼0件。"
    assert not_read(gt.read(prose + "\n" + prose)) == []


@pytest.mark.parametrize("path", READ, ids=lambda p: p.name)
def test_reports_whose_tables_were_read_have_no_such_warning(path):
    assert not_read(gt.read(path)) == []
