"""What a report says about itself: title, agency, year covered, publication date, document numbers.

Read from the head of the text (the first :data:`HEAD_LINES` lines), where pages put them: the title
line (``三元区商务局2017年政府信息公开工作年度报告``, sometimes broken over two lines), the site's metadata
rows (``索引号: | … | 成文日期: | 2014-03-14 |``, ``发布机构: | 市商务局 |``, ``发布时间:2018-03-12``) and a
document number alone on its line (``元商务【2018】5号``). A field the text does not state is ``None``:
nothing is guessed from the prose, except the year, which ``year_from`` says was read there.

>>> meta = read_metadata(["元商务【2018】5号", "", "三元区商务局2017年政府信息公开", "", "工作年度报告"])
>>> meta.agency, meta.year, meta.document_number
('三元区商务局', 2017, '元商务【2018】5号')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from .model import Metadata, YearSource
from .text import normalise, to_simplified

__all__ = ["HEAD_LINES", "Metadata", "YearSource", "read_metadata"]  # Metadata is defined in model.py

#: How many lines of the head are read (a title or metadata row further down is body text).
HEAD_LINES = 40
_LINE_CAP = 300  # characters of a line looked at: metadata rows are short

_YEAR = r"(?P<year>(?:19|20)\d{2})\s*年度?"
_REPORT = r"政府信息公开(?:工作)?(?:年度)?(?:工作)?(?:情况)?报告"
_AGENCY = r"(?P<agency>[\u4e00-\u9fff（）()·]{2,40}?)"
# `三元区商务局2017年政府信息公开工作年度报告` and `2017年商务局政府信息公开工作年度报告`
_TITLE_AGENCY_FIRST = re.compile(rf"^{_AGENCY}?{_YEAR}{_REPORT}$")
_TITLE_YEAR_FIRST = re.compile(rf"^{_YEAR}{_AGENCY}{_REPORT}$")
_FIELD = re.compile(
    r"(?P<name>标题|索引号|发布机构|发文机关|来源|成文日期|发布日期|发布时间|文号|发文字号|组配分类|年度)"
    r"\s*[:：]\s*\|?\s*(?P<value>[^|]+?)\s*(?:\||$| {2,})"
)
_DOCUMENT_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,12}[〔【\[（(]\s*(?:19|20)\d{2}\s*[〕】\]）)]\s*\d{1,4}\s*号$")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
# `2019年，我局…` / `2019年度,我局…` opening a paragraph (not a date such as `(2026年1月23日)`)
_PROSE_YEAR = re.compile(r"^(?:19|20)\d{2}(?=\s*年度?\s*[,，])")
_MARKUP = re.compile(r"^[#*>\s]+|[*\s]+$")  # Markdown heading and emphasis marks around a title


def _date(text: str) -> str | None:
    match = _DATE.search(text)
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None


def _title(lines: Sequence[str]) -> tuple[str, str | None, int] | None:
    """The title (one line, or two joined), its agency and its year."""
    keys = [_MARKUP.sub("", normalise(line)).replace(" ", "") for line in lines]
    candidates = [*keys, *(a + b for a, b in pairwise(keys) if a and b)]
    # a title broken by a blank line: `三元区商务局2017年政府信息公开` / `` / `工作年度报告`
    nonblank = [key for key in keys if key]
    candidates += [a + b for a, b in pairwise(nonblank)]
    for key in candidates:
        folded = to_simplified(key)
        for pattern in (_TITLE_AGENCY_FIRST, _TITLE_YEAR_FIRST):
            match = pattern.match(folded)
            if match is not None:
                # the agency as written (t2s keeps every character's place)
                agency = key[match.start("agency") : match.end("agency")] if match["agency"] else None
                return key, agency if len(folded) == len(key) else match["agency"], int(match["year"])
    return None


def read_metadata(lines: Sequence[str]) -> Metadata:
    """The metadata a report's head states (see the module's docstring)."""
    head = [line[:_LINE_CAP] for line in lines[:HEAD_LINES]]
    fields: dict[str, str] = {}
    document_number = None
    for line in head:
        norm = normalise(line)
        folded = to_simplified(norm)  # 發布日期 is 发布日期; the value is taken as written
        written = norm if len(folded) == len(norm) else folded
        for match in _FIELD.finditer(folded):
            fields.setdefault(match["name"], written[match.start("value") : match.end("value")].strip())
        if document_number is None and _DOCUMENT_NUMBER.match(norm.replace(" ", "")):
            document_number = norm.replace(" ", "")
    title = _title([fields["标题"]] if "标题" in fields else head)
    agency = title[1] if title and title[1] else fields.get("发布机构") or fields.get("发文机关")
    year, year_from = (title[2], "title") if title else (None, None)
    if year is None:
        stated = re.search(r"((?:19|20)\d{2})\s*年度?$", fields.get("组配分类", "") or fields.get("年度", ""))
        if stated:
            year, year_from = int(stated[1]), "metadata"
    if year is None:
        prose = next((m for line in head if (m := _PROSE_YEAR.match(normalise(line).strip()))), None)
        if prose is not None:
            year, year_from = int(prose[0]), "prose"
    dates = (_date(fields[name]) for name in ("发布日期", "发布时间", "成文日期") if name in fields)
    published = next((date for date in dates if date), None)
    return Metadata(
        title=title[0] if title else None,
        agency=agency,
        year=year,
        year_from=year_from,  # type: ignore[arg-type]
        published=published,
        document_number=document_number or fields.get("文号") or fields.get("发文字号"),
        index_number=fields.get("索引号"),
    )
