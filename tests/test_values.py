"""Cell text → value."""

from decimal import Decimal

import pytest

from govtables.text import normalise
from govtables.values import is_value, parse_value, split_numbers


@pytest.mark.parametrize(
    ("text", "kind", "value", "unit", "approximate"),
    [
        ("0", "count", 0, None, False),
        ("１２", "count", 12, None, False),
        ("1,200", "count", 1200, None, False),
        ("１，２００", "count", 1200, None, False),
        ("-8", "signed", -8, None, False),
        ("减4", "signed", -4, None, False),
        ("增3", "signed", 3, None, False),
        ("+3", "signed", 3, None, False),
        ("251000元", "money", Decimal("251000"), "元", False),
        ("52.15", "money", Decimal("52.15"), None, False),
        ("3件", "count", 3, "件", False),
        ("508条", "count", 508, "条", False),
        ("37余", "count", 37, None, True),
        ("100余", "count", 100, None, True),
        ("37余人", "count", 37, "人", True),
        (" 0", "count", 0, None, False),
    ],
)
def test_numbers(text: str, kind: str, value: object, unit: str | None, approximate: bool) -> None:
    parsed = parse_value(text, kind)  # type: ignore[arg-type]
    assert (parsed.kind, parsed.value, parsed.unit, parsed.approximate) == (
        "number",
        value,
        unit,
        approximate,
    )
    assert type(parsed.value) is type(value)


@pytest.mark.parametrize("text", ["", " ", "-", "—", "——", "/", "无", "－", "／"])
def test_blanks(text: str) -> None:
    parsed = parse_value(text)
    assert parsed.kind == "blank" and parsed.value is None and parsed.is_value


@pytest.mark.parametrize("text", ["规章", "本年新制作数量", "2019年事项数说明"])
def test_words_are_not_values(text: str) -> None:
    assert parse_value(text).kind == "text"


def test_split_numbers() -> None:
    assert split_numbers("0 0 0") == ("0", "0", "0")
    assert split_numbers("0") is None
    assert split_numbers("结 果 维 持") is None


# The forms on which the two recognisers of old (``text.is_value`` for shapes, ``parse_value`` for
# cells) disagreed, and the one decision now taken for both. Each row: the cell as written, whether
# it is a value, and what ``parse_value`` reads (kind, value, unit, approximate).
DISPUTED = [
    # units: 份 (copies), 期 (gazette issues), 场 (sessions) count things like 件 and 条
    ("3份", True, ("number", 3, "份", False)),
    ("12期", True, ("number", 12, "期", False)),
    ("5场", True, ("number", 5, "场", False)),
    # approximations: 左右 and 多 mark an approximate count like 余
    ("5左右", True, ("number", 5, None, True)),
    ("30多", True, ("number", 30, None, True)),
    ("20件左右", True, ("number", 20, "件", True)),
    ("37餘人", True, ("number", 37, "人", True)),
    # changes written in words
    ("增加4", True, ("number", 4, None, False)),
    ("减少 2", True, ("number", -2, None, False)),
    # blank markers: a doubled dash, a long dash, a backslash, 空, the Traditional 無
    ("--", True, ("blank", None, None, False)),
    ("——", True, ("blank", None, None, False)),
    ("―", True, ("blank", None, None, False)),
    ("\\", True, ("blank", None, None, False)),
    ("空", True, ("blank", None, None, False)),
    ("無", True, ("blank", None, None, False)),
    # a percentage is no statutory value: reading 20% as the count 20 would be a wrong number
    ("20%", False, ("text", None, None, False)),
    ("100％", False, ("text", None, None, False)),
    # digits grouped other than by thousands are not one number
    ("1,23", False, ("text", None, None, False)),
    ("12,34,567", False, ("text", None, None, False)),
]


@pytest.mark.parametrize(("text", "value", "parsed"), DISPUTED)
def test_disputed_forms(text: str, value: bool, parsed: tuple[object, ...]) -> None:
    read = parse_value(text)
    assert (read.kind, read.value, read.unit, read.approximate) == parsed
    assert is_value(normalise(text)) is value
    assert read.is_value is value


@pytest.mark.parametrize(
    ("norm", "value"),
    [
        ("", False),  # no text: callers tell empty cells apart; a blank marker is written
        ("0 0 0", False),  # a run of numbers (split_numbers), not one value
        ("3 件", True),
        ("- 5", True),
        ("2019", True),  # a year is a number here; grid tells header years apart
        ("P.9", False),
        ("行政许可", False),
    ],
)
def test_is_value_reads_text_as_written(norm: str, value: bool) -> None:
    assert is_value(norm) is value
