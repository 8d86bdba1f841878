"""metadata: what a report's head says about itself (values read by hand from each file's first lines)."""

from pathlib import Path

import pytest

import govtables as gt
from govtables.metadata import Metadata, read_metadata

ROOT = Path(__file__).parent.parent
SEED = {p.name[:3]: p for p in (ROOT / "examples").glob("*.txt")}
CORPUS = ROOT / "tests" / "corpus"


@pytest.mark.parametrize(
    ("path", "agency", "year", "year_from", "published"),
    [
        (SEED["000"], "商务局", 2017, "title", "2018-03-12"),  # title line 1, `发布时间:2018-03-12`
        (SEED["001"], "三元区商务局", 2017, "title", None),  # title over lines 3–5 with a blank line between
        (SEED["002"], "新余市商务局", 2019, "title", None),  # `新余市商务局2019年度政府信息公开` / `工作报告`
        (SEED["003"], "市商务局", 2013, "metadata", "2014-03-14"),  # 发布机构, 组配分类 2013年度, 成文日期
        (CORPUS / "g019.txt", "沐阳县人民政府", 2025, "title", None),  # a Markdown `#` title with spaces
        (CORPUS / "g001.txt", "平潭综合实验区", 2011, "title", "2012-04-11"),  # crawler's `标题:` field
        (CORPUS / "p031.txt", None, 2020, "prose", None),
        (SEED["004"], None, None, None, None),  # no title, no metadata row
    ],
    ids=lambda v: v.name if isinstance(v, Path) else None,
)
def test_the_head_of_real_reports(path, agency, year, year_from, published):
    meta = gt.read(path).metadata
    assert (meta.agency, meta.year, meta.year_from, meta.published) == (agency, year, year_from, published)


def test_document_and_index_numbers():
    assert gt.read(SEED["001"]).metadata.document_number == "元商务【2018】5号"
    assert gt.read(SEED["003"]).metadata.index_number == "11330800002618197P/2014-101631"


def test_an_html_page_title():
    meta = gt.read(CORPUS / "g025.html").metadata
    assert (meta.agency, meta.year) == ("沭阳县发展和改革局", 2023)


def test_traditional_and_dates_written_in_words():
    meta = read_metadata(["撫遠市自然資源局2022年政府信息公開工作年度報告", "發布日期：2023年1月9日"])
    assert (meta.agency, meta.year, meta.published) == ("撫遠市自然資源局", 2022, "2023-01-09")


def test_nothing_is_guessed_from_prose_but_an_opening_year():
    assert read_metadata(["本局高度重视政务公开工作。", "(2026年1月23日)"]) == Metadata()
    assert read_metadata(["2019年，我局认真贯彻落实《条例》。"]).year == 2019


def test_traditional_field_names_are_read_and_their_values_kept_as_written():
    meta = read_metadata(["發布機構：撫遠市自然資源局", "發佈日期：2023年1月9日", "索引號：1234/2023-01"])
    assert (meta.agency, meta.published, meta.index_number) == ("撫遠市自然資源局", "2023-01-09", "1234/2023-01")
