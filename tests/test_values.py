"""Cell text → value."""

from decimal import Decimal

import pytest

from govtables.values import parse_value, split_numbers


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
