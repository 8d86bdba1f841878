"""Cell text → value: counts, signed counts, money, blanks, units and approximations.

This module is the one place that says what a value is. ``parse_value`` reads what one cell of a
table says. It never raises: text that is not a number comes back with ``kind == "text"``. Blank
cells (``""``, ``-``, ``--``, ``—``, ``/``, ``无``) have ``kind == "blank"`` and value ``None``; the
template keeps them apart from absent cells (no text). ``is_value`` is the same decision for the
shape tests that run per cell (regions, parse, grid, coverage, export): a number or a written blank
marker, read with the same patterns.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

import attrs

from .model import Number
from .text import normalise

__all__ = ["BLANK_TEXTS", "UNITS", "ParsedValue", "ValueKind", "is_value", "parse_value", "split_numbers"]

ValueKind = Literal["count", "signed", "money"]

#: Texts that mean "nothing here" (after NFKC, which folds full-width forms).
BLANK_TEXTS: frozenset[str] = frozenset({"", "-", "--", "—", "——", "–", "―", "/", "\\", "无", "無", "空"})

#: Units written inside cells, longest first so ``万元`` wins over ``元``. A percentage (``20%``) is
#: no value: no statutory or indicator cell holds one, and reading ``20%`` as the count 20 would be
#: a wrong number said with confidence.
UNITS: tuple[str, ...] = (
    "人次",
    "万元",
    "元",
    "件",
    "条",
    "條",
    "次",
    "篇",
    "项",
    "個",
    "个",
    "人",
    "家",
    "份",
    "期",  # issues of a gazette (政府公报 12期)
    "场",  # sessions (新闻发布会 5场)
)

# sign (ASCII, minus sign, or 增/减 words), digits with optional thousands commas and decimals,
# an approximation marker (余/多/左右), then an optional unit.
_NUMBER = re.compile(
    r"^(?P<sign>[+\-−]|增加?|减少?|減少?|減)?\s*"
    r"(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*+"
    r"(?:(?P<approx>余|餘|多|左右)\s*+)?"
    r"(?:(?P<unit>" + "|".join(UNITS) + r")\s*+)?(?P<approx2>左右)?$"
)
# A run of space-separated numbers, e.g. the value line of a PDF-extracted table.
_NUMBER_RUN = re.compile(r"^(?:[+\-−]?\d++(?:\.\d++)?\s++)++[+\-−]?\d++(?:\.\d++)?$")


@attrs.frozen
class ParsedValue:
    """What a cell's text says: a number (``kind="number"``), nothing (``"blank"``), or words (``"text"``)."""

    kind: Literal["number", "blank", "text"]
    value: Number | None = None
    unit: str | None = None
    approximate: bool = False

    @property
    def is_value(self) -> bool:
        """True for numbers and blanks: the things that fill a value cell."""
        return self.kind != "text"


def parse_value(text: str | None, kind: ValueKind = "count") -> ParsedValue:
    """Read a cell's text.

    >>> parse_value("１,２００").value
    1200
    >>> parse_value("减4", "signed").value
    -4
    >>> parse_value("251000元", "money")
    ParsedValue(kind='number', value=Decimal('251000'), unit='元', approximate=False)
    >>> parse_value("37余人").approximate
    True
    >>> parse_value("—").kind
    'blank'
    """
    norm = normalise(text or "").replace(" ", "")
    if norm in BLANK_TEXTS:
        return ParsedValue("blank")
    match = _NUMBER.match(norm)
    if match is None:
        return ParsedValue("text")
    number = _number(match["digits"].replace(",", ""), money=kind == "money")
    if number is None:
        return ParsedValue("text")
    if _negative(match["sign"]):
        number = -number
    return ParsedValue(
        "number",
        value=number,
        unit=match["unit"],
        approximate=bool(match["approx"] or match["approx2"]),
    )


@lru_cache(maxsize=8192)
def is_value(norm: str) -> bool:
    """Whether normalised cell text (:func:`govtables.text.normalise`) is a value: a number as
    :func:`parse_value` reads it, or a written blank marker (``-``, ``--``, ``—``, ``/``, ``无`` …).

    The same decision as ``parse_value(norm).is_value``, except that it reads the text as written:
    no text at all is no value (callers tell empty cells apart), and spaces inside the digits make
    a run of numbers (``0 0 0``, see :func:`split_numbers`), not one value.

    >>> is_value("3份"), is_value("5左右"), is_value("--"), is_value("20%"), is_value("0 0")
    (True, True, True, False, False)
    """
    if not norm:
        return False
    return norm.replace(" ", "") in BLANK_TEXTS or _NUMBER.match(norm) is not None


def split_numbers(text: str) -> tuple[str, ...] | None:
    """The numbers of a space-separated run (``"0 0 0"`` → three), or ``None`` if it is not one."""
    norm = normalise(text)
    if not _NUMBER_RUN.match(norm):
        return None
    return tuple(norm.split(" "))


def _number(digits: str, *, money: bool) -> Number | None:
    try:
        if money or "." in digits:
            return Decimal(digits)
        return int(digits)
    except (InvalidOperation, ValueError):  # pragma: no cover - the regex only lets digits through
        return None


def _negative(sign: str | None) -> bool:
    return sign is not None and (sign in "-−" or sign.startswith(("减", "減")))
