"""govtables.years: reports of several bodies over several years, paired by metadata and checked (X-1 … X-3)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from strategies import (
    APPLICANT_COLUMNS,
    Key,
    consistent_applications,
    consistent_reviews,
    make_table,
    reviews_keys,
)

import govtables as gt
from govtables.formats import format_for
from govtables.identities import APPLICANTS_TOTAL, CARRIED_OVER, LEAVES
from govtables.layout import official_grid
from govtables.metadata import Metadata
from govtables.model import Report
from govtables.render import render
from govtables.years import Pairing, body_key, pair_reports

NATURAL = APPLICANT_COLUMNS[0]
RULES = ("第二十条第（一）项", "规章")
LICENSING = ("第二十条第（五）项", "行政许可")


def _applications(fmt: str, carried_over: int, carried_forward: int, rng: random.Random) -> dict[Key, int]:
    """Table 三 where T3-A/B/C hold, with the 自然人 carry-overs given (others 0)."""
    leaves = {(row, col): rng.randint(0, 4) for row in LEAVES[fmt] for col in APPLICANT_COLUMNS}
    leaves[LEAVES[fmt][0], NATURAL] += carried_over  # new = results + forward − over stays ≥ 0
    return consistent_applications(fmt, leaves, {NATURAL: carried_over}, {NATURAL: carried_forward})


def _active(fmt: str, state: dict[Path, int], change: dict[Path, int]) -> dict[Key, int]:
    """Table 二: 2021 现行有效件数 / 2019 上一年项目数量 from ``state``, 本年增/减 from ``change``."""
    values: dict[Key, int] = {}
    for row in format_for("active", fmt).rows:
        for col in row.columns:
            label = col.path[-1]
            if label in ("现行有效件数", "上一年项目数量"):
                values[row.path, col.path] = state[row.path]
            elif label == "本年增/减":
                values[row.path, col.path] = change.get(row.path, 0)
            elif label == "本年制发件数":
                values[row.path, col.path] = 3
            elif label == "本年废止件数":
                values[row.path, col.path] = 1
            else:
                values[row.path, col.path] = 2
    return values


def _text(agency: str, year: int, fmt: str, applications: dict[Key, int], active: dict[Key, int]) -> str:
    tables = {
        "active": active,
        "applications": applications,
        "reviews": consistent_reviews({key: 1 for key in reviews_keys() if key[1][-1] != "总计"}),
    }
    rendered = [
        render(official_grid(kind, fmt, {key: str(v) for key, v in values.items()}), "pipe")
        for kind, values in tables.items()
    ]
    return "\n".join(
        [
            f"{agency}{year}年政府信息公开工作年度报告",
            "一、总体情况",
            f"本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。",
            "二、主动公开政府信息情况",
            rendered[0],
            "三、收到和处理政府信息公开申请情况",
            rendered[1],
            "四、政府信息公开行政复议、行政诉讼情况",
            rendered[2],
        ]
    )


def _series(agency: str, fmt: str, years: range, rng: random.Random, breaks: dict[int, str]) -> dict[str, str]:
    """One body's reports, consistent across years except the seeded ``breaks`` (year → X-1/X-2/X-3)."""
    rows = [row.path for row in format_for("active", fmt).rows]
    state = {row: 10 for row in rows}
    change = {row: 2 for row in rows}
    texts: dict[str, str] = {}
    forward = 0
    for year in years:
        carried_over = forward + (1 if breaks.get(year) == "X-1" else 0)
        forward = rng.randint(1, 5)
        shown = dict(state)
        if breaks.get(year) in ("X-2", "X-3"):
            shown[RULES if fmt == "2021" else LICENSING] += 5
        active = _active(fmt, shown, change)
        applications = _applications(fmt, carried_over, forward, rng)
        texts[f"{body_key(agency)}_{year}.txt"] = _text(agency, year, fmt, applications, active)
        for row in rows:  # next year's state: 2021 in force + 3 issued − 1 repealed; 2019 base + change
            state[row] += 2
    return texts


def write_years(out: Path) -> Path:
    """Four bodies over several years into ``out``: breaks seeded in X-1 (三元区商务局 2022), X-2
    (三元区商务局 2024) and X-3 (抚远市自然资源局 2020); 平潭县教育局 2022 written twice, 永安市财政局
    2022 missing. Also used by tests/test_corpus_pairs.py."""
    rng = random.Random(18)
    texts = {
        **_series("三元区商务局", "2021", range(2021, 2025), rng, {2022: "X-1", 2024: "X-2"}),
        **_series("抚远市自然资源局", "2019", range(2019, 2021), rng, {2020: "X-3"}),
        **_series("平潭县教育局", "2021", range(2021, 2023), rng, {}),
        **_series("永安市财政局", "2021", range(2021, 2024, 2), rng, {}),  # 2022 missing
    }
    # the 2022 report of 平潭县教育局 written twice: in Traditional script with full-width spaces
    texts["dup_2022.txt"] = texts["平潭县教育局_2022.txt"].replace("平潭县教育局", "平潭縣　教育局", 1)
    for name, text in texts.items():
        (out / name).write_text(text, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_years(tmp_path_factory.mktemp("years"))


def _pairing(folder: Path) -> Pairing:
    return pair_reports(gt.read(path) for path in sorted(folder.iterdir()))


def test_seeded_breaks_are_found_exactly_and_nothing_else(folder: Path) -> None:
    pairing = _pairing(folder)
    found = {(p.body, p.year, f.rule, f.severity, f.cells[0]) for p in pairing.pairs for f in p.findings}
    assert found == {
        ("三元区商务局", 2022, "X-1", "warning", (CARRIED_OVER, NATURAL)),
        ("三元区商务局", 2022, "X-1", "warning", (CARRIED_OVER, APPLICANTS_TOTAL)),
        ("三元区商务局", 2024, "X-2", "warning", (RULES, ("现行有效件数",))),
        ("抚远市自然资源局", 2020, "X-3", "warning", (LICENSING, ("上一年项目数量",))),
    }
    x1 = next(f for p in pairing.pairs for f in p.findings if f.rule == "X-1" and f.cells[0][1] == NATURAL)
    assert (x1.expected, x1.actual) != (None, None) and x1.actual == x1.expected + 1


def test_pairs_say_which_reports_and_why(folder: Path) -> None:
    pairing = _pairing(folder)
    pairs = {(p.body, p.year): p for p in pairing.pairs}
    assert set(pairs) == {
        ("三元区商务局", 2022),
        ("三元区商务局", 2023),
        ("三元区商务局", 2024),
        ("抚远市自然资源局", 2020),
    }
    pair = pairs["三元区商务局", 2023]
    assert [Path(s or "").name for s in pair.sources] == ["三元区商务局_2022.txt", "三元区商务局_2023.txt"]
    assert "2022 → 2023" in pair.why
    # X-1 in 7 columns and X-2 in the 2 rows of 第二十条第（一）项 held, with T2-2021-a in both rows
    assert (pair.passed, pair.failed, pair.not_assessed) == (11, 0, 0)


def test_unpaired_reports_are_reported_not_guessed(folder: Path) -> None:
    unpaired = {(u.reason, u.body, u.year): u for u in _pairing(folder).unpaired}
    assert set(unpaired) == {("same-year", "平潭县教育局", 2022), ("missing-year", "永安市财政局", 2022)}
    same = unpaired["same-year", "平潭县教育局", 2022]
    assert sorted(Path(s or "").name for s in same.sources) == ["dup_2022.txt", "平潭县教育局_2022.txt"]
    assert "2021 and 2023 are not paired" in unpaired["missing-year", "永安市财政局", 2022].message


def test_a_report_without_agency_or_year_is_not_paired() -> None:
    report = Report(source="x.txt", format="2021", tables=(), metadata=Metadata(year=2021))
    pairing = pair_reports([report])
    assert pairing.pairs == ()
    assert [(u.reason, u.sources) for u in pairing.unpaired] == [("no-metadata", ("x.txt",))]


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("撫遠市自然資源局", "抚远市自然资源局"),
        ("抚远市　自然资源局 ", "抚远市自然资源局"),
        ("ＸＸ县人民政府办公室", "XX县人民政府办公室"),
    ],
)
def test_body_key(written: str, key: str) -> None:
    assert body_key(written) == key


def test_pre_2019_cumulative_identity() -> None:
    row, this_year, total = ("主动公开文件数",), ("2017",), ("历年累计",)

    def indicators(values: dict[Key, int]) -> Report:
        table = make_table("indicators", None, tuple(values), values)
        return Report(source=None, format="pre-2019", tables=(table,))

    last = indicators({(row, ("2016",)): 5, (row, total): 12})
    held = gt.validate(indicators({(row, this_year): 15, (row, total): 27}), previous=last)
    broken = gt.validate(indicators({(row, this_year): 15, (row, total): 30}), previous=last)
    assert [f.rule for f in held if f.rule == "X-cumulative"] == []
    [finding] = [f for f in broken if f.rule == "X-cumulative"]
    assert (finding.severity, finding.expected, finding.actual) == ("warning", 27, 30)
