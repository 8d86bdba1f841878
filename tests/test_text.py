"""text: decoding and the matching keys, Traditional script folded through OpenCC."""

from pathlib import Path

import opencc

import govtables as gt
from govtables.labels import labels_match, match_label
from govtables.text import label_key, script_of, simplified_forms, to_simplified

CORPUS = Path(__file__).parent / "corpus"
MARKS = Path(gt.__file__).parent / "data" / "traditional.txt"


def test_traditional_marks_match_opencc():
    """The shipped list of Traditional characters is exactly what OpenCC's t2s changes (U+3400–U+9FFF)."""
    every = "".join(chr(code) for code in range(0x3400, 0xA000))
    changed = "".join(a for a, b in zip(every, opencc.OpenCC("t2s").convert(every), strict=True) if a != b)
    shipped = "".join(line for line in MARKS.read_text("utf-8").splitlines() if not line.startswith("#"))
    assert shipped == changed


def test_simplified_text_is_left_as_it_is():
    # tw2sp would turn 文件 into 文档: a simplified label must never go through it
    assert simplified_forms("规范性文件") == ("规范性文件",)
    assert label_key("行政规范性文件") == "行政规范性文件"
    assert to_simplified("本年新 制作数量") == "本年新 制作数量"


def test_word_level_mirror_spellings_match_the_official_labels():
    # 规范性文件 → 規範性檔案 on a mirror made by word-level conversion: t2s alone leaves 规范性档案
    assert "规范性文件" in simplified_forms("規範性檔案")
    assert labels_match("規範性檔案", "规范性文件")
    assert labels_match("行政規范性文件", "行政规范性文件")  # half-converted, as p075 writes it
    official = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"]
    assert match_label("二、上年結轉政府信息公開申請數量", official) == official[1]


def test_script_of_a_page():
    assert script_of((CORPUS / "p075.txt").read_text("utf-8")) == "traditional"
    assert script_of((CORPUS / "p009.txt").read_text("utf-8")) == "simplified"
    # a few variant characters in a simplified page do not make it Traditional
    assert script_of("本机关于2019年发布信息。" * 20 + "於") == "simplified"


def test_traditional_mirror_p075_reads_as_its_simplified_original():
    """p075 (抚远市自然资源局 2022, a 繁體 mirror): values read by hand from the text."""
    report = gt.read(CORPUS / "p075.txt")
    assert report.script == "traditional"
    assert report.format == "2021"
    assert [t.kind for t in report.tables] == ["active", "applications"]
    active, applications = report.tables
    # L10 `行政許可 | 76 | ||`, L17 `行政事業性收費 | 26.55 |`, L7 `行政規范性文件 | 0 | 0 | 0 |`
    assert active.cell(("第二十条第（五）项", "行政许可"), "本年处理决定数量").value == 76
    assert str(active.cell("行政事业性收费", "本年收费金额（单位：万元）").value) == "26.55"
    assert active.cell(("第二十条第（一）项", "行政规范性文件"), "现行有效件数").value == 0
    # L24 `一、本年新收政府信息公開申請數量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||`: the 总计 column
    assert applications.cell("一、本年新收政府信息公开申请数量", ("申请人情况", "总计")).value == 0
    # the cell text stays as the page wrote it
    cell = next(c for c in active.cells if c.row[-1] == "行政许可")
    assert cell.text == "76" and cell.line == 10
    assert not [f for f in report.findings if f.severity == "error"]
