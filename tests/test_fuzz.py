"""Fuzzing: whatever the text, ``parse_rows`` returns rows or raises ``ParseError``, and
``govtables.read`` returns a Report or raises a ``GovtablesError`` — never anything else.

The Hypothesis profiles of ``tests/conftest.py`` (see docs/robustness.md): under ``dev`` and ``ci``
a few dozen examples a test, part of every run; under ``long`` 100 000 examples a test, marked
``slow``::

      HYPOTHESIS_PROFILE=long .venv/bin/pytest tests/test_fuzz.py -p no:cacheprovider

Every failure found and fixed stays below as an ``@example``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from strategies import TEXT_DIALECTS, hostile_texts, mutated

import govtables
from govtables.errors import GovtablesError, ParseError
from govtables.layout import table_grid
from govtables.model import Report
from govtables.parse import parse_rows
from govtables.render import RenderStyle, render

ROOT = Path(__file__).resolve().parent.parent
REAL_TEXTS: dict[str, str] = {
    path.name: path.read_text(encoding="utf-8")
    for path in sorted([*ROOT.glob("examples/*.txt"), *ROOT.glob("tests/corpus/*.txt")])
}
GRAMMAR_DIALECTS = (*TEXT_DIALECTS, "spaced")


def _rendered_seed_004() -> dict[str, str]:
    """Seed 004's three tables in the official layout, written as Markdown, tab-separated rows,
    pasted HTML and the statutory layout with spaced, indented bar runs, under their headings: the
    forms the bundled texts lack, to be damaged like them."""
    seed = govtables.read(ROOT / "examples/004_1185ee4c741c8fc5.txt", check=False)
    style = RenderStyle(indent="\t", indent_bars=True, spaced_bars=True, glue=True)
    texts = {}
    for dialect in ("markdown", "tsv", "html", "statutory"):
        parts = []
        for table in seed.tables:
            parts += [table.title or table.kind, render(table_grid(table), dialect, style=style)]
        texts[f"seed-004-as-{dialect}"] = "\n\n".join(parts)
    return texts


FUZZ_TEXTS = REAL_TEXTS | _rendered_seed_004()

FAST_EXAMPLES = 40
LONG = settings.default.max_examples > FAST_EXAMPLES * 100  # the `long` profile of tests/conftest.py
EXAMPLES = int(os.environ.get("GOVTABLES_FUZZ_EXAMPLES") or 0) or (  # an exact count, e.g. for a medium run
    settings.default.max_examples if LONG else FAST_EXAMPLES
)
FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    max_examples=EXAMPLES,
)
pytestmark = [pytest.mark.slow] if LONG else []


def check_parse(dialect: str, text: str) -> None:
    try:
        rows = parse_rows(dialect, text)
    except ParseError as exc:
        assert exc.line is None or exc.line >= 1
        return
    assert all(row.cells for row in rows)


def check_read(text: str | bytes) -> None:
    try:
        report = govtables.read(text, name="fuzz")
    except GovtablesError:
        return
    assert isinstance(report, Report)


@FUZZ
@given(st.sampled_from(GRAMMAR_DIALECTS), hostile_texts())
@example("statutory", "规章 |\n\n0 |\n\n\n||\n行政许可 |")  # a BLANK token leaked into the row builder
@example("statutory", "|\n|\n")
@example("cell-per-line", "|\n|")
@example("pipe", "\x00|｜\r\n\t")
def test_parse_rows_any_text(dialect: str, text: str) -> None:
    check_parse(dialect, text)


@FUZZ
@given(st.sampled_from(GRAMMAR_DIALECTS), st.sampled_from(sorted(FUZZ_TEXTS)), st.data())
def test_parse_rows_damaged_reports(dialect: str, name: str, data: st.DataObject) -> None:
    check_parse(dialect, data.draw(mutated(FUZZ_TEXTS[name])))


@FUZZ
@given(hostile_texts())
@example("三、收到和处理政府信息公开申请情况\n|\n|\n|")
@example("二、主动公开政府信息情况\n" + "0 |\n" * 10)
def test_read_any_text(text: str) -> None:
    check_read(text)


@FUZZ
@given(st.binary(max_size=300))
@example(b"\xff\xfe\x00")
def test_read_any_bytes(data: bytes) -> None:
    check_read(data)


@FUZZ
@given(st.sampled_from(sorted(FUZZ_TEXTS)), st.data())
def test_read_damaged_reports(name: str, data: st.DataObject) -> None:
    check_read(data.draw(mutated(FUZZ_TEXTS[name])))


@pytest.mark.parametrize("name", sorted(REAL_TEXTS))
def test_read_real_reports(name: str) -> None:
    check_read(REAL_TEXTS[name])
