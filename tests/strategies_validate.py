"""Builders and Hypothesis strategies for the validator's tests: consistent tables 二, 三 and 四.

(To be merged into tests/strategies.py by the lead.)
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from hypothesis import strategies as st

from govtables.identities import (
    APPLICANT_COLUMNS,
    APPLICANTS_TOTAL,
    APPLICATIONS_COLUMNS,
    CARRIED_FORWARD,
    CARRIED_OVER,
    LEAVES,
    NEW,
    OUTCOMES,
    RESULTS_TOTAL,
    REVIEW_GROUPS,
)
from govtables.model import Grid, Number, Path, Report, Table, ValueCell

Key = tuple[Path, Path]
Values = Mapping[Key, Number | str | None]

ACTIVE_2019: dict[Path, tuple[Path, ...]] = {
    ("第二十条第（一）项", "规章"): (("本年新制作数量",), ("本年新公开数量",), ("对外公开总数量",)),
    ("第二十条第（一）项", "规范性文件"): (("本年新制作数量",), ("本年新公开数量",), ("对外公开总数量",)),
    ("第二十条第（五）项", "行政许可"): (("上一年项目数量",), ("本年增/减",), ("处理决定数量",)),
    ("第二十条第（五）项", "其他对外管理服务事项"): (("上一年项目数量",), ("本年增/减",), ("处理决定数量",)),
    ("第二十条第（六）项", "行政处罚"): (("上一年项目数量",), ("本年增/减",), ("处理决定数量",)),
    ("第二十条第（六）项", "行政强制"): (("上一年项目数量",), ("本年增/减",), ("处理决定数量",)),
    ("第二十条第（八）项", "行政事业性收费"): (("上一年项目数量",), ("本年增/减",)),
    ("第二十条第（九）项", "政府集中采购"): (("采购项目数量",), ("采购总金额",)),
}
ACTIVE_2021: dict[Path, tuple[Path, ...]] = {
    ("第二十条第（一）项", "规章"): (("本年制发件数",), ("本年废止件数",), ("现行有效件数",)),
    ("第二十条第（一）项", "行政规范性文件"): (("本年制发件数",), ("本年废止件数",), ("现行有效件数",)),
    ("第二十条第（五）项", "行政许可"): (("本年处理决定数量",),),
    ("第二十条第（六）项", "行政处罚"): (("本年处理决定数量",),),
    ("第二十条第（六）项", "行政强制"): (("本年处理决定数量",),),
    ("第二十条第（八）项", "行政事业性收费"): (("本年收费金额（单位：万元）",),),
}


def applications_rows(fmt: str) -> tuple[Path, ...]:
    return (NEW, CARRIED_OVER, *LEAVES[fmt], RESULTS_TOTAL, CARRIED_FORWARD)


def applications_keys(fmt: str) -> tuple[Key, ...]:
    return tuple((row, col) for row in applications_rows(fmt) for col in APPLICATIONS_COLUMNS)


def reviews_keys() -> tuple[Key, ...]:
    return tuple(((), (*group, outcome)) for group in REVIEW_GROUPS for outcome in (*OUTCOMES, "总计"))


def active_keys(fmt: str) -> tuple[Key, ...]:
    layout = ACTIVE_2019 if fmt == "2019" else ACTIVE_2021
    return tuple((row, col) for row, cols in layout.items() for col in cols)


def cell(key: Key, value: Number | str | None, line: int, *, inferred: bool = False) -> ValueCell:
    """A value cell: a number, ``None`` (absent), or a string (its text; blank when not a number)."""
    row, col = key
    if value is None:
        return ValueCell(row, col, None, None, inferred=inferred)
    if isinstance(value, str):
        return ValueCell(row, col, None, value, line=line, column=1, inferred=inferred)
    return ValueCell(row, col, value, str(value), line=line, column=1, inferred=inferred)


def make_table(
    kind: str,
    fmt: str | None,
    keys: tuple[Key, ...],
    values: Values,
    *,
    first_line: int = 100,
    inferred: frozenset[Key] = frozenset(),
) -> Table:
    """A table of ``kind`` with one cell per key; the cell of row i is on line ``first_line + i``."""
    rows = list(dict.fromkeys(row for row, _ in keys))
    cells = tuple(
        cell(key, values.get(key), first_line + rows.index(key[0]), inferred=key in inferred) for key in keys
    )
    return Table(
        kind=kind,
        dialect="statutory",
        lines=(first_line, first_line + len(rows)),
        grid=Grid(()),
        format=fmt,
        cells=cells,
    )


def applications_table(fmt: str, values: Values, **kwargs: object) -> Table:
    return make_table("applications", fmt, applications_keys(fmt), values, **kwargs)  # type: ignore[arg-type]


def reviews_table(values: Values, fmt: str | None = "2019", **kwargs: object) -> Table:
    return make_table("reviews", fmt, reviews_keys(), values, first_line=300, **kwargs)  # type: ignore[arg-type]


def active_table(fmt: str, values: Values, **kwargs: object) -> Table:
    return make_table("active", fmt, active_keys(fmt), values, first_line=20, **kwargs)  # type: ignore[arg-type]


def report(*tables: Table, fmt: str | None = "2019") -> Report:
    return Report(source="test", format=fmt, tables=tables)


def consistent_applications(
    fmt: str,
    leaves: Mapping[tuple[Path, Path], int],
    carried_over: Mapping[Path, int],
    carried_forward: Mapping[Path, int],
) -> dict[Key, int]:
    """Complete table 三 from its leaves (per applicant column) and carry-overs: T3-A/B/C all hold.

    ``new`` is worked out as results + carried forward − carried over, so pick carried over no larger.
    """
    values: dict[Key, int] = {}
    for col in APPLICANT_COLUMNS:
        for row in LEAVES[fmt]:
            values[row, col] = leaves.get((row, col), 0)
        total = sum(values[row, col] for row in LEAVES[fmt])
        values[RESULTS_TOTAL, col] = total
        values[CARRIED_OVER, col] = carried_over.get(col, 0)
        values[CARRIED_FORWARD, col] = carried_forward.get(col, 0)
        values[NEW, col] = total + values[CARRIED_FORWARD, col] - values[CARRIED_OVER, col]
    for row in applications_rows(fmt):
        values[row, APPLICANTS_TOTAL] = sum(values[row, col] for col in APPLICANT_COLUMNS)
    return values


def consistent_reviews(outcomes: Mapping[Key, int]) -> dict[Key, int]:
    values: dict[Key, int] = {}
    for group in REVIEW_GROUPS:
        parts = [outcomes.get(((), (*group, outcome)), 0) for outcome in OUTCOMES]
        for outcome, value in zip(OUTCOMES, parts, strict=True):
            values[(), (*group, outcome)] = value
        values[(), (*group, "总计")] = sum(parts)
    return values


# --- strategies ----------------------------------------------------------------------------------------

formats = st.sampled_from(["2019", "2021"])
counts = st.integers(min_value=0, max_value=60)


@st.composite
def applications_values(draw: st.DrawFn, fmt: str) -> dict[Key, int]:
    """A consistent table 三 (values only)."""
    leaves = {(row, col): draw(counts) for row in LEAVES[fmt] for col in APPLICANT_COLUMNS}
    forward = {col: draw(st.integers(0, 20)) for col in APPLICANT_COLUMNS}
    values = consistent_applications(fmt, leaves, {}, forward)
    over = {col: draw(st.integers(0, values[RESULTS_TOTAL, col] + forward[col])) for col in APPLICANT_COLUMNS}
    return consistent_applications(fmt, leaves, over, forward)


@st.composite
def reviews_values(draw: st.DrawFn) -> dict[Key, int]:
    """A consistent table 四 (values only)."""
    return consistent_reviews({key: draw(counts) for key in reviews_keys() if key[1][-1] != "总计"})


@st.composite
def active_values(draw: st.DrawFn, fmt: str) -> dict[Key, Number]:
    """A table 二 that satisfies NN and T2-2019-a."""
    values: dict[Key, Number] = {}
    for row, col in active_keys(fmt):
        label = col[-1]
        if label == "本年增/减":
            values[row, col] = draw(st.integers(-30, 30))
        elif "金额" in label:
            values[row, col] = Decimal(draw(st.integers(0, 10**6))) / 100
        else:
            values[row, col] = draw(counts)
    if fmt == "2019":
        for row in (("第二十条第（一）项", "规章"), ("第二十条第（一）项", "规范性文件")):
            new, total = values[row, ("本年新公开数量",)], values[row, ("对外公开总数量",)]
            values[row, ("对外公开总数量",)] = max(new, total)
    return values
