"""PDF and Word reports (govtables.documents): the fixtures of tests/fixtures/make_documents.py read
back cell-exact against the seed text and against values read by hand."""

from __future__ import annotations

import csv
import itertools
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import govtables as gt
from govtables.errors import ReadError

HERE = Path(__file__).parent
DOCUMENTS = HERE / "fixtures" / "documents"
ROOT = HERE.parent
SEED_004 = ROOT / "examples" / "004_1185ee4c741c8fc5.txt"


def values(report: gt.Report, kinds: tuple[str, ...] = ("active", "applications", "reviews", "indicators")) -> set:
    """``(kind, row, col, value)`` of every cell with a value."""
    return {
        (t.kind, c.row, c.col, str(c.value))
        for t in report.tables
        if t.kind in kinds
        for c in t.cells
        if c.value is not None
    }


def rules(report: gt.Report, severities: tuple[str, ...] = ("error",)) -> set[str]:
    return {f.rule for f in report.findings if f.severity in severities}


@pytest.mark.parametrize("name", ["seed004.docx", "seed004.pdf"])
def test_seed_004_reads_back_cell_exact(name: str) -> None:
    text = gt.read(SEED_004)
    document = gt.read(DOCUMENTS / name)
    assert values(document) == values(text)
    assert len(values(text)) == 59  # 21 + 23 + 15 values in the seed's three tables
    assert rules(document) == rules(text)
    # the identities checked are the same ones (all hold: info findings)
    assert {f.rule for f in document.findings if f.rule.startswith("T")} == {
        f.rule for f in text.findings if f.rule.startswith("T")
    }
    assert [t.kind for t in document.tables] == ["active", "applications", "reviews"]
    assert {t.dialect for t in document.tables} == {name.rsplit(".", 1)[1]}
    assert document.format == "2019"


def test_docx_positions_are_blocks_and_cells() -> None:
    report = gt.read(DOCUMENTS / "seed004.docx")
    active = report.tables[0]
    # paragraphs 1–4 (title, 一、总体情况, prose, the table 二 heading), then the table's first row
    assert active.lines[0] == 5
    rule_cell = next(c for c in active.cells if c.row[-1] == "规章" and c.col[-1] == "本年新制作数量")
    # the table's 3rd row (第二十条第（一）项, 信息内容 header, 规章), its 2nd cell
    assert (rule_cell.line, rule_cell.column) == (7, 2)


def test_pdf_positions_carry_the_page() -> None:
    report = gt.read(DOCUMENTS / "seed004.pdf")
    applications = report.tables[1]
    assert "pages 1–3 joined" in applications.why
    pages = {c.line // 1000 for c in applications.cells if c.value is not None}
    assert pages == {1, 2, 3}


def test_pdf_cells_carry_page_and_box() -> None:
    import pdfplumber

    report = gt.read(DOCUMENTS / "seed004.pdf")
    with pdfplumber.open(DOCUMENTS / "seed004.pdf") as pdf:
        sizes = [(page.width, page.height) for page in pdf.pages]
        # 政府集中采购 / 采购项目数量 holds 10 (seed 004, table 二), the only "10" of the report
        words = [(n, w) for n, page in enumerate(pdf.pages, 1) for w in page.extract_words() if w["text"] == "10"]
    for table in report.tables:
        found = [c for c in table.cells if c.text is not None]
        assert found and all(c.box is not None for c in found)
        for cell in found:
            width, height = sizes[cell.box.page - 1]
            assert 0 <= cell.box.x0 < cell.box.x1 <= width and 0 <= cell.box.top < cell.box.bottom <= height
            assert cell.box.page == cell.line // 1000
        ordered = sorted(found, key=lambda c: (c.line, c.column))
        for earlier, later in itertools.pairwise(ordered):
            if later.box.page == earlier.box.page and later.line > earlier.line:
                assert later.box.top >= earlier.box.top + 5  # a later row lies below (rows are ~13 pt)
            elif later.box.page == earlier.box.page:
                assert later.box.x0 >= earlier.box.x1 - 0.5  # the same row, left to right
    cell = report.tables[0].cell(("第二十条第（九）项", "政府集中采购"), "采购项目数量")
    [(page, word)] = words
    assert cell.value == 10 and cell.box.page == page
    # the word inside the box (its font's ascent may reach half a point past the ruling line)
    assert cell.box.x0 <= word["x0"] < word["x1"] <= cell.box.x1
    assert cell.box.top - 1 <= word["top"] < word["bottom"] <= cell.box.bottom + 1
    as_json = report.to_dict()["tables"][0]["cells"]
    assert {"page", "x0", "top", "x1", "bottom"} <= set(next(c["box"] for c in as_json if c["text"] == "10"))


def test_text_and_word_cells_have_no_box() -> None:
    for report in (gt.read(SEED_004), gt.read(DOCUMENTS / "seed004.docx")):
        assert all(cell.box is None for _, cell in report.cells())
        assert not any("box" in c for t in report.to_dict()["tables"] for c in t["cells"])


def g015_labels() -> set:
    with (HERE / "corpus" / "labels" / "g015.tsv").open(encoding="utf-8") as handle:
        return {
            (r["kind"], tuple(r["row"].split(" / ")) if r["row"] else (), tuple(r["col"].split(" / ")), r["value"])
            for r in csv.DictReader(handle, delimiter="\t")
        }


@pytest.mark.parametrize("name", ["report2021.docx", "report2021.pdf", "split.pdf", "report2021-unruled.pdf"])
def test_2021_report_reads_back_its_hand_labels(name: str) -> None:
    report = gt.read(DOCUMENTS / name)
    assert report.format == "2021"
    assert values(report) == g015_labels()
    assert rules(report, ("error", "warning")) == set()


def test_page_split_table_joined_without_its_repeated_header() -> None:
    report = gt.read(DOCUMENTS / "split.pdf")
    applications = [t for t in report.tables if t.kind == "applications"]
    assert len(applications) == 1
    assert "pages 3–4 joined" in applications[0].why
    # the official 2021 table 三 has 28 rows; the two repeated header rows of page 4 are dropped
    assert applications[0].grid.height == 28


def test_pre_2019_indicator_table() -> None:
    for name in ("indicators2013.docx", "indicators2013.pdf", "indicators2013-unruled.pdf"):
        report = gt.read(DOCUMENTS / name)
        [table] = report.tables
        assert table.kind == "indicators"
        assert table.dialect == name.rsplit(".", 1)[1]  # the unruled one by its header's bands (数 量 one column)
        got = {(c.row[-1], c.value) for c in table.cells if c.value is not None}
        # read by hand from examples/003_…txt
        assert ("一、主动公开数量", 9622) in got
        assert ("(二)通过本单位网站公开数", 4107) in got
        assert ("公众服务类信息公开数", 3421) in got
        assert ("(七)通过本单位信息公示栏、宣传窗公开数", 10) in got
        assert len(got) == 11
        assert "P-1" in rules(report)  # the fixture leaves out rows (三), (四), …: the parts do not add up


def test_unruled_pdf_read_by_its_header_column_bands() -> None:
    text = gt.read(SEED_004)
    ruled = gt.read(DOCUMENTS / "seed004.pdf")
    report = gt.read(DOCUMENTS / "seed004-unruled.pdf")
    assert [t.kind for t in report.tables] == ["active", "applications", "reviews"]
    assert {t.dialect for t in report.tables} == {"pdf"}
    assert all("column bands of its header" in t.why for t in report.tables)
    assert "pages 2–4 joined" in report.tables[1].why
    assert values(report) == values(text)
    # cell-exact: every template cell as the ruled PDF has it (value, text, inferred)
    assert [t.cells for t in report.tables] == [t.cells for t in ruled.tables]
    # the same findings as the ruled PDF: the positions say where each lone value of table 三 lies
    # (the seed's text, which lost them, gives lone-value warnings instead)
    assert sorted(f.rule for f in report.findings) == sorted(f.rule for f in ruled.findings)
    assert rules(report) == rules(text) == set()
    applications = report.tables[1]
    labels = {cell for row in applications.grid.texts() for cell in row if cell}
    # labels wrapped over two or three lines in their column, joined
    wrapped = (
        "三、本年度办理结果",
        "5.要求行政机关确认或重新出具已获取信息",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    )
    assert set(wrapped) <= labels
    # the stub's three label columns, the seven columns of 申请人情况 and 总计
    assert (applications.grid.height, applications.grid.width) == (26, 10)
    total = applications.cell("（七）总计", "总计")
    assert (total.value, total.column, total.box.page) == (0, 10, 4)
    assert total.box.x0 < 723.9 < total.box.x1  # the 总计 header's left edge (pdfplumber, page 2)


def test_pdf_whose_columns_do_not_line_up_is_read_as_text() -> None:
    text = gt.read(SEED_004)
    report = gt.read(DOCUMENTS / "seed004-text.pdf")  # the tables typed as text, cells split by spaces
    assert [t.kind for t in report.tables] == ["active", "applications", "reviews"]
    assert {t.dialect for t in report.tables} == {"spaced"}
    said = "a PDF without ruling lines read as text (the table at line 5: "
    assert all(t.why.startswith(said) for t in report.tables)
    # wrapped row labels (5.要求行政机关 / 确认或重新出具 / 已获取信息) joined: every cell where the text has it
    assert values(report) == values(text)
    # the same findings: like the seed, this layout shows one value a row in table 三
    assert rules(report, ("error", "warning")) == rules(text, ("error", "warning"))
    assert rules(text, ("error", "warning")) == {"lone-value", "missing-cells", "truncated-row"}
    assert all(cell.box is None for _, cell in report.cells())


def _row(*words: tuple[str, float]) -> list[dict]:
    return [_word(text, x0, 100) for text, x0 in words]


def test_band_placement() -> None:
    from govtables.documents import _place

    # a label column and two value columns, their header words at 40, 205 and 305
    edges = [40.0, 200.0, 300.0, 400.0]
    bands = (edges, [_word("信息内容", 40, 80), _word("数量", 205, 80), _word("金额", 305, 80)])
    assert _place(_row(("规章", 40), ("0", 210), ("12", 310)), bands) == [(0, 0, "规章"), (1, 1, "0"), (2, 2, "12")]
    assert _place(_row(("规章", 40), ("7", 310)), bands) == [(0, 0, "规章"), (1, 1, ""), (2, 2, "7")]
    # a label reaching into the next band spans it; a block title alone spans the table
    assert _place(_row(("其他对外管理服务事项其他对外管理服务事项", 40), ("3", 310)), bands) == [
        (0, 1, "其他对外管理服务事项其他对外管理服务事项"),
        (2, 2, "3"),
    ]
    assert _place(_row(("第二十条第（一）项", 40)), bands) == [(0, 2, "第二十条第（一）项")]
    # not plausible: a number across a band's edge, two numbers in one band
    assert "reaches past" in _place(_row(("规章", 40), ("123456", 270)), bands)
    assert "two words in one column band" in _place(_row(("规章", 40), ("1", 205), ("2", 215)), bands)
    assert "under no header word" in _place(_row(("规章", 40), ("1", 285)), bands)  # right-aligned


def test_page_break_rows_dropped() -> None:
    from govtables.documents import _page_break_rows

    header = _row(("信息内容", 40), ("数量", 210))
    rows = [(1, header), (1, _row(("规章", 40), ("1", 210))), (1, _row(("- 1 -", 300)))]
    rows += [(2, _row(("信息内容", 40), ("数量", 210))), (2, _row(("规范性文件", 40), ("2", 210)))]
    # the page number under page 1 and page 2's repeated header
    assert _page_break_rows(rows, 1) == {2, 3}


def test_scanned_pdf_names_ocr() -> None:
    with pytest.raises(ReadError, match="OCR"):
        gt.read(DOCUMENTS / "scanned.pdf")


def test_legacy_doc_says_convert() -> None:
    with pytest.raises(ReadError, match=r"legacy Word \.doc") as caught:
        gt.read(DOCUMENTS / "legacy.doc")
    assert "convert" in str(caught.value)


def test_doc_that_is_a_web_page_or_rtf(tmp_path: Path) -> None:
    page = tmp_path / "report.doc"
    shutil.copy(HERE / "corpus" / "g025.html", page)  # sites publish pages under a .doc name
    assert [t.kind for t in gt.read(page).tables] == [t.kind for t in gt.read(HERE / "corpus" / "g025.html").tables]
    rtf = tmp_path / "rtf.doc"
    rtf.write_bytes(b"{\\rtf1\\ansi report}")
    with pytest.raises(ReadError, match="RTF"):
        gt.read(rtf)


def test_bytes_dispatch() -> None:
    data = (DOCUMENTS / "seed004.docx").read_bytes()
    assert values(gt.read(data)) == values(gt.read(SEED_004))
    assert gt.read((DOCUMENTS / "seed004.pdf").read_bytes()).tables[0].dialect == "pdf"


@pytest.mark.parametrize("keep", [100, 0.5, -500])
def test_damaged_pdf_is_a_read_error(keep: float) -> None:
    data = (DOCUMENTS / "seed004.pdf").read_bytes()
    cut = int(len(data) * keep) if isinstance(keep, float) else keep % len(data)
    with pytest.raises(ReadError, match="not a readable PDF"):
        gt.read(data[:cut], name="cut.pdf")


def test_damaged_docx_is_a_read_error(tmp_path: Path) -> None:
    import zipfile

    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(DOCUMENTS / "seed004.docx") as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.namelist():
            data = source.read(item)
            target.writestr(item, data[: len(data) // 2] if item == "word/document.xml" else data)
    with pytest.raises(ReadError, match="not a readable Word document"):
        gt.read(broken)


def test_missing_document_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError):
        gt.read(tmp_path / "nothing.pdf")
    fake = tmp_path / "fake.pdf"
    fake.write_text("not a pdf", encoding="utf-8")
    with pytest.raises(ReadError, match="neither a PDF nor a Word"):
        gt.read(fake)


def test_document_name_with_a_nul_is_a_read_error() -> None:
    # a ValueError (no strerror) from the file system, not an OSError: an AttributeError escaped before
    with pytest.raises(ReadError, match="cannot read the file: embedded null byte") as caught:
        gt.read("report\x00.pdf")
    assert isinstance(caught.value.__cause__, ValueError)


def test_check_on_a_mixed_folder(tmp_path: Path) -> None:
    shutil.copy(SEED_004, tmp_path / "a.txt")
    shutil.copy(HERE / "corpus" / "g025.html", tmp_path / "b.html")
    shutil.copy(DOCUMENTS / "seed004.docx", tmp_path / "c.docx")
    shutil.copy(DOCUMENTS / "report2021.pdf", tmp_path / "d.pdf")
    result = subprocess.run(
        [sys.executable, "-m", "govtables.cli", "check", str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert "Traceback" not in result.stderr
    for name in ("a.txt", "b.html", "c.docx", "d.pdf"):
        assert name in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("name", "module", "extra"), [("seed004.pdf", "pdfplumber", "pdf"), ("seed004.docx", "docx", "docx")]
)
def test_without_the_extra_the_error_names_it(
    name: str, module: str, extra: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    with pytest.raises(ReadError, match=rf"govtables\[{extra}\]"):
        gt.read(DOCUMENTS / name)


def test_import_stays_light() -> None:
    code = "import sys, govtables; print(sorted(m for m in sys.modules if m.split('.')[0] in ('pdfplumber', 'docx')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def _word(text: str, x0: float, top: float, size: float = 9.0) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + size * len(text), "top": top, "bottom": top + size, "size": size}


def test_vertical_header_one_character_a_line_is_joined() -> None:
    from govtables.documents import _page_lines

    # p031's header of table 四 as a PDF lays it out: four columns, one character a line at line
    # spacing (15 pt for 9 pt type), then a row of values 25 pt further down
    columns = ("结果维持", "结果纠正", "其他结果", "尚未审结")
    words = [_word(column[i], 100 + 60 * c, 100 + 15 * i) for c, column in enumerate(columns) for i in range(4)]
    words += [_word("0", 100 + 60 * c, 170) for c in range(4)]
    assert _page_lines(words) == ["结果维持 结果纠正 其他结果 尚未审结", "0 0 0 0"]


def test_rows_apart_are_not_joined() -> None:
    from govtables.documents import _page_lines

    words = [_word("规章", 40, 100), _word("0", 230, 100), _word("规范性文件", 40, 125), _word("2", 230, 125)]
    words += [_word("第二十条第（五）项", 40, 150)]  # a row's label under a label, a row apart
    assert _page_lines(words) == ["规章 0", "规范性文件 2", "第二十条第（五）项"]


def test_ruled_cell_text_joins_wrapped_lines() -> None:
    from govtables.documents import _box_text

    stacked = [_word(ch, 50, 100 + 12 * i) for i, ch in enumerate("不予公开")]
    assert _box_text(stacked) == "不予公开"
    assert _box_text([_word("1", 50, 100), _word("234", 70, 100)]) == "1 234"  # a gap wider than half a character


@pytest.mark.parametrize("name", ["seed004.docx", "split.pdf", "seed004-unruled.pdf"])
def test_json_meets_the_schema_and_metadata_is_read(name: str) -> None:
    import json
    from importlib import resources

    import jsonschema

    schema = json.loads(resources.files("govtables.data").joinpath("output.schema.json").read_text("utf-8"))
    report = gt.read(DOCUMENTS / name)
    jsonschema.validate(report.to_dict(), schema)
    # the title paragraph the fixture script writes
    assert report.metadata.title in (
        "石家庄市商务局2019年政府信息公开工作年度报告",
        "平潭综合实验区2021年度政府信息公开工作年度报告",
    )
