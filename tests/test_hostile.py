"""Hostile inputs (issue 15): span bombs, caps, special files, size limit, binary data, encodings,
paths given as text, and the ways an HTML page starts. Expected grids and lines are worked out by
hand from the markup and the documented rules; no test here times anything (the time and memory
limits are in benchmarks/pathological.py)."""

import os
import threading
from pathlib import Path

import pytest

import govtables as gt
from govtables import pipeline
from govtables.errors import NotTextError, ReadError, TooLargeError
from govtables.html import MAX_TABLE_CELLS, html_tables

SEED_004 = Path(__file__).parent.parent / "examples" / "004_1185ee4c741c8fc5.txt"
BOMB = "<td rowspan=1000 colspan=1000>0</td>"


def rules(report: gt.Report) -> dict[str, int | None]:
    return {f.rule: f.line for f in report.findings}


def test_span_bomb_becomes_the_small_grid_of_the_table_it_is_in():
    report = gt.read(f"<table><tr>{BOMB}</tr><tr><td>1</td></tr></table>")
    (table,) = report.tables
    # two rows; the widest row is row 2 (its cell and the place the bomb spans down into): the bomb
    # covers 2 × 2 places, and the `1` takes the first free place of row 2, column 3
    assert table.grid.texts() == [["0", None, None], [None, None, "1"]]
    assert [(s.row, s.col, s.rowspan, s.colspan) for s in table.grid.spans] == [(0, 0, 2, 2)]
    assert rules(report) == {"span-clamped": 1}


def test_ten_span_bombs():
    (table,) = gt.read(f"<table><tr>{BOMB * 10}</tr><tr><td>1</td></tr></table>").tables
    # widest row: row 2 with its own cell and 10 spanned into it, so each bomb is 2 × 11
    assert (table.grid.height, table.grid.width) == (2, 10 * 11 + 1)
    assert table.grid.cells[1][110] is not None and table.grid.cells[1][110].text == "1"
    assert {(s.rowspan, s.colspan) for s in table.grid.spans} == {(2, 11)}


def test_a_four_kilobyte_span_bomb_is_cut_with_a_finding():
    text = f"<table><tr>{BOMB * 110}</tr>\n<tr><td>1</td></tr></table>"
    assert len(text.encode()) > 4000
    report = gt.read(text)
    # 110 cells × 111 columns in row 1; row 2 would make 2 × 12,211 places, over MAX_TABLE_PLACES
    assert report.tables == ()
    assert rules(report) == {"span-clamped": 1, "table-too-long": 2}


def test_a_table_over_the_cell_cap_is_read_up_to_it():
    rows = "\n".join("<tr><td>规章</td><td>1</td></tr>" for _ in range(1000))
    findings: list[gt.Finding] = []
    (table,) = html_tables(f"<table>\n{rows}\n</table>", findings)
    # a row costs 3 (its <tr> and two cells): row 667 (line 668) opens at 1,999 and its first cell
    # is number 2,000, the last read; its second cell is cut
    assert MAX_TABLE_CELLS == 2000
    assert table.grid.height == 667
    assert table.grid.texts()[-1] == ["规章", None]
    assert [(f.rule, f.severity, f.line) for f in findings] == [("table-too-long", "warning", 668)]


def test_more_tables_than_a_report_has_are_left_with_a_finding():
    table = "<table><tr><td>规章</td><td>1</td></tr><tr><td>规范性文件</td><td>2</td></tr></table>"
    report = gt.read("<html><body>\n" + "\n".join([table] * 25) + "\n</body></html>")
    assert len(report.tables) == pipeline.MAX_TABLES == 20
    (finding,) = [f for f in report.findings if f.rule == "too-many-tables"]
    assert finding.line == 22  # the 21st table, on line 22
    assert "the 5 from line 22 on were not read" in finding.message


def test_a_text_report_past_the_line_cap_says_where_reading_stopped():
    report = gt.read(SEED_004.read_text(encoding="utf-8") + "\n" * 60_000)
    assert rules(report)["report-too-long"] == 20_001
    assert [t.kind for t in report.tables] == ["active", "applications", "reviews"]


def test_repeated_reports_stop_at_the_table_cap():
    seed = SEED_004.read_text(encoding="utf-8")
    third = gt.read(seed).tables[2].lines[0]  # where table 四 starts in one copy
    report = gt.read("\n".join([seed] * 8))  # 3 tables a copy: 24 regions
    assert len(report.tables) == 20
    (finding,) = [f for f in report.findings if f.rule == "too-many-tables"]
    # 6 copies give 18 tables and the 7th two more: the 21st is the 7th copy's table 四
    assert finding.line == 6 * (seed.count("\n") + 1) + third
    assert "the 4 from line" in finding.message


def test_a_fifo_is_a_read_error_at_once(tmp_path):
    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            gt.read(fifo)
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)

    worker = threading.Thread(target=read, daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "reading a FIFO blocked"
    (error,) = outcome
    assert isinstance(error, ReadError) and "not a regular file" in str(error)


def test_a_device_is_a_read_error():
    with pytest.raises(ReadError, match="not a regular file"):
        gt.read(Path("/dev/null"))


def test_size_limit(monkeypatch, tmp_path):
    monkeypatch.setattr(pipeline, "MAX_REPORT_BYTES", 100)
    assert gt.read(b"a" * 100).tables == ()
    with pytest.raises(TooLargeError, match="over 100 bytes"):
        gt.read(b"a" * 101)
    with pytest.raises(TooLargeError, match="over 100 characters"):
        gt.read("规章\n" * 34)  # 102 characters
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 101)
    with pytest.raises(TooLargeError):
        gt.read(path)
    assert issubclass(TooLargeError, ReadError)


def test_a_nul_byte_past_the_first_64_kilobytes_is_binary():
    with pytest.raises(NotTextError, match="NUL byte \\(at byte 70000\\)"):
        gt.read(b"a" * 70_000 + b"\x00" + b"a")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_byte_order_mark_decode(encoding, tmp_path):
    text = SEED_004.read_text(encoding="utf-8")
    # the -le/-be codecs write no mark: put it in front, as Notepad and Excel do
    data = ("\ufeff" + text).encode(encoding) if encoding.endswith(("-le", "-be")) else text.encode(encoding)
    assert data[:2] in (b"\xff\xfe", b"\xfe\xff", b"\x00\x00")
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    expected = gt.read(text).tables
    assert len(expected) == 3
    assert gt.read(data).tables == expected
    assert gt.read(path).tables == expected


def test_binary_bytes_behind_a_utf16_mark_are_not_text():
    with pytest.raises(NotTextError):
        gt.read(b"\xff\xfe" + bytes(range(1, 32)) * 4)


def test_a_folder_or_a_missing_path_as_text_is_a_read_error(tmp_path):
    with pytest.raises(ReadError, match="folder"):
        gt.read(str(tmp_path))
    with pytest.raises(ReadError, match="cannot read"):
        gt.read(str(tmp_path / "reports" / "2023"))  # a separator, no suffix
    with pytest.raises(ReadError, match="cannot read"):
        gt.read("年度报告.pdf")  # a suffix, no separator


@pytest.mark.parametrize("text", ["规章 | 0 |", "1.5", "行政许可 97", "<table><tr><td>a/b</td></tr></table>"])
def test_one_line_text_that_is_no_path_is_text(text):
    assert isinstance(gt.read(text), gt.Report)


@pytest.mark.parametrize(
    "head",
    [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">',
        "<!-- saved from url=(0047)http://www.example.gov.cn/art/2023/1/1/1.html -->",
        '<META http-equiv="Content-Type" content="text/html; charset=utf-8">',
        "<html>",
        "<HTML><HEAD><TITLE>年度报告</TITLE></HEAD><BODY>",
        "  <Table>",
    ],
)
def test_html_is_recognised_however_its_first_line_starts(head):
    rows = "<tr><td>行政复议</td><td>结果维持</td></tr><tr><td>规章</td><td>1</td></tr></table>"
    table_tag = "" if head.strip().lower() == "<table>" else "<table>"
    (table,) = gt.read(head + table_tag + rows).tables
    assert table.dialect == "html"
    assert table.grid.texts() == [["行政复议", "结果维持"], ["规章", "1"]]


def test_an_over_long_tag_keeps_its_name():
    attributes = ' a="1"' * 5_000  # 30 KB of attributes
    (table,) = gt.read(f"<table><tr><td{attributes} rowspan=2>0</td><td>1</td></tr><tr><td>2</td></tr></table>").tables
    # its attributes (the rowspan among them) are not read: two rows of their own cells
    assert table.grid.texts() == [["0", "1"], ["2", None]]


def test_a_stray_less_than_sign_is_text_and_unclosed_tags_end_nothing():
    page = "<table><tr><td>1 < 2 <b>x</b></td><td>规章</td></tr><tr><td>0</td><td>1</td></tr></table>"
    (table,) = gt.read(page + "<script" * 2_000 + "<" * 2_000).tables
    assert table.grid.texts() == [["1 < 2 x", "规章"], ["0", "1"]]


def test_a_one_line_report_with_a_slash_is_text_not_a_path():
    """A collapsed body holds `本年增/减`: a component over 255 bytes names no file, so it is text."""
    body = "二、主动公开政府信息情况第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量" + "行政许可000" * 30
    assert gt.read(body).source is None  # read as text: no ReadError for a missing file
