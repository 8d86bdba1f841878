"""The HTML front end: Word-exported tables with rowspan/colspan, their kind from the heading above."""

import govtables as gt
from govtables.html import html_tables, looks_like_html

PAGE = """<html><body>
<table><tr><td>索引号</td><td>1</td></tr><tr><td>发布机构</td><td>某局</td></tr></table>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<table>
<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td>
<td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>
<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr>""" + "<td><p><span>0</span></p></td>" * 15 + """</tr>
</table></body></html>"""


def test_looks_like_html():
    assert looks_like_html(PAGE)
    assert not looks_like_html("四、政府信息公开行政复议、行政诉讼情况\n行政复议 |")
    # text with HTML tables pasted in (a scraper that kept the tables' markup and dropped the rest)
    assert looks_like_html("某局2023年报告\n四、政府信息公开行政复议、行政诉讼情况\n" + PAGE.split("<p>")[1])
    assert not looks_like_html("正文提到 <table> 标签，但没有表格。")


def test_table_four_with_its_spans_and_the_metadata_table_left_out():
    (table,) = html_tables(PAGE)
    assert (table.kind, table.dialect) == ("reviews", "html")
    grid = table.grid
    assert (grid.height, grid.width, grid.header_rows) == (4, 15, 3)
    assert grid.header_path(7) == ("行政诉讼", "未经复议直接起诉", "其他结果")
    assert grid.header_path(2) == ("行政复议", "其他结果")
    assert grid.texts()[3] == ["0"] * 15
    assert table.lines[0] == 4


def test_a_layout_table_around_the_report_is_left_out():
    """Government sites lay pages out with a <table>: the report's tables are nested in one of its
    cells, their headings between them. The outer table is page layout, not a report table."""
    inner = PAGE.split("<body>")[1].split("</body>")[0]
    page = (
        '<!DOCTYPE html><html><body><table width="100%"><tr><td>网站首页</td></tr>'
        f"<tr><td><p>某局2023年政府信息公开工作年度报告</p>{inner}</td></tr></table></body></html>"
    )
    (table,) = html_tables(page)
    assert (table.kind, table.grid.height, table.grid.width) == ("reviews", 4, 15)


def test_script_and_style_inside_a_cell_are_no_text():
    page = (
        "<table><tr><td>信息内容</td><td>本年制发件数</td></tr>"
        "<tr><td>规章<style>td{color:red}</style></td><td><script>var n = 12;</script>0</td></tr></table>"
    )
    (table,) = gt.read(page).tables
    assert table.grid.texts()[1] == ["规章", "0"]
