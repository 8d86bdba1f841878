"""A statutory format revision is data alone: a fictitious revision "2099", whose table 三 gains a
column (个体工商户, a seventh applicant column under 法人或其他组织), is registered, a report in it
is rendered with the project's own renderer, and ``govtables.read`` detects it, places every cell
and checks its identities — with no change to the library."""

from __future__ import annotations

from collections.abc import Iterator

import attrs
import pytest

import govtables
from govtables import formats
from govtables.formats import ACTIVE_2021, APPLICATIONS_2021, REVIEWS_2021, Column, Format
from govtables.layout import official_grid
from govtables.model import Path
from govtables.render import RenderStyle, render
from govtables.statutory import ApplicationsTable

NAME = "2099"
SELF_EMPLOYED = "个体工商户"
_NEW_COLUMN = Column(("申请人情况", "法人或其他组织", SELF_EMPLOYED), "ind", "self_employed")


def _with_column(fmt: Format) -> Format:
    """Table 三 of 2021 with 个体工商户 after 法律服务机构 in every row."""
    columns = list(fmt.rows[0].columns)
    columns.insert([c.key for c in columns].index("law") + 1, _NEW_COLUMN)
    return attrs.evolve(
        fmt,
        name=NAME,
        rows=tuple(attrs.evolve(row, columns=tuple(columns)) for row in fmt.rows),
        headers=(*fmt.headers, SELF_EMPLOYED),
        markers=(*fmt.markers, SELF_EMPLOYED),
    )


REVISION = (
    attrs.evolve(ACTIVE_2021, name=NAME),
    _with_column(APPLICATIONS_2021),
    attrs.evolve(REVIEWS_2021, name=NAME),
)

SECTIONS = (
    ("一、总体情况", "本年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。"),
    ("二、主动公开政府信息情况", "本机关通过门户网站主动公开政府信息。", "active"),
    ("三、收到和处理政府信息公开申请情况", "本年度依申请公开工作情况如下。", "applications"),
    ("四、政府信息公开行政复议、行政诉讼情况", "本年度行政复议、行政诉讼情况如下。", "reviews"),
    ("五、存在的主要问题及改进情况", "一是公开内容有待进一步丰富。"),
)

Key = tuple[Path, Path]


@pytest.fixture
def revision() -> Iterator[None]:
    assert NAME not in formats.names()
    with formats.registered(*REVISION):
        yield
    assert formats.names() == formats.FORMAT_NAMES  # the registry is restored


def applications_values(fmt: Format) -> dict[Key, int]:
    """A consistent table 三: every applicant column balances T3-A and T3-B; 总计 is their sum (T3-C)."""
    applicants = [c for c in fmt.columns if c.key != "total"]
    leaves = [row for row in fmt.rows if row.key not in ("new", "carry", "r7_total", "fwd")]
    values: dict[Key, int] = {}
    for j, column in enumerate(applicants):
        parts = {row.path: (i + j) % 3 for i, row in enumerate(leaves)}
        values.update({(row, column.path): v for row, v in parts.items()})
        done = sum(parts.values())
        values[(fmt.row_path("r7_total"), column.path)] = done
        values[(fmt.row_path("new"), column.path)] = done + j
        values[(fmt.row_path("carry"), column.path)] = 2
        values[(fmt.row_path("fwd"), column.path)] = j + 2
    total = fmt.column_path("total")
    for row in fmt.rows:
        values[(row.path, total)] = sum(values[(row.path, c.path)] for c in applicants)
    return values


def page(values: dict[str, dict[Key, int]], dialect: str) -> str:
    parts: list[str] = []
    for heading, prose, *kind in SECTIONS:
        parts += [heading, prose]
        if kind:
            grid = official_grid(kind[0], NAME, {key: str(v) for key, v in values[kind[0]].items()})
            parts.append(render(grid, dialect, style=RenderStyle()))
    if dialect == "html":
        body = "\n".join(p if p.startswith("<table") else f"<p>{p}</p>" for p in parts)
        return f'<html><head><meta charset="utf-8"></head><body>\n{body}\n</body></html>\n'
    return "\n".join(parts) + "\n"


def report_values() -> dict[str, dict[Key, int]]:
    active = formats.format_for("active", NAME)
    reviews = formats.format_for("reviews", NAME)
    outcomes = {(path, col): 1 for path, col in reviews.cell_paths() if col[-1] != "总计"}
    outcomes |= {(path, col): 4 for path, col in reviews.cell_paths() if col[-1] == "总计"}
    return {
        "active": {key: 5 for key in active.cell_paths()},
        "applications": applications_values(formats.format_for("applications", NAME)),
        "reviews": outcomes,
    }


def errors(report: govtables.Report) -> list[tuple[str, str | None, tuple]]:
    return sorted((f.rule, f.table, f.cells) for f in report.findings if f.severity == "error")


@pytest.mark.parametrize("dialect", ["pipe", "statutory", "html"])
def test_a_report_in_a_registered_revision_is_read_and_checked(revision: None, dialect: str) -> None:
    values = report_values()
    report = govtables.read(page(values, dialect))
    assert report.format == NAME, [(f.rule, f.message) for f in report.findings]
    for kind, expected in values.items():
        table = report.table(kind)
        assert table is not None and table.format == NAME
        cells = {(cell.row, cell.col): cell for cell in table.cells if cell.template}
        assert set(cells) == set(formats.format_for(kind, NAME).cell_paths())
        assert {key: cells[key].value for key in expected} == expected
    assert errors(report) == []
    typed = ApplicationsTable.from_table(report.table("applications"))
    new = formats.format_for("applications", NAME).row_path("new")
    assert typed.total.new_received.value == values["applications"][(new, ("申请人情况", "总计"))]
    assert dict(typed.items())[(new, _NEW_COLUMN.path)].value == values["applications"][(new, _NEW_COLUMN.path)]
    assert not any(f.rule.startswith("T3") for f in report.findings), [f.message for f in report.findings]


@pytest.mark.parametrize("dialect", ["pipe", "html"])
def test_a_broken_cell_of_the_new_column_fails_its_identities(revision: None, dialect: str) -> None:
    values = report_values()
    fmt = formats.format_for("applications", NAME)
    secret = fmt.row_path("r3_1")
    values["applications"][(secret, _NEW_COLUMN.path)] += 3  # neither its column's nor its row's total moves
    report = govtables.read(page(values, dialect))
    assert report.format == NAME
    failed = {(f.rule, f.message.split(" — ")[0]) for f in report.findings if f.severity == "error"}
    rules = sorted(rule for rule, _ in failed)
    assert rules == ["T3-B", "T3-C"], failed
    t3b = next(message for rule, message in failed if rule == "T3-B")
    t3c = next(message for rule, message in failed if rule == "T3-C")
    assert t3b.endswith(f"in column {SELF_EMPLOYED}")
    assert "七类申请人之和" in t3c and t3c.endswith("1.属于国家秘密")


def test_the_shipped_revisions_are_still_told_apart(revision: None) -> None:
    """A 2021 table 三 shows 2021's markers, which 2099 shares: the tie goes to the revision the
    markers explain more of (2021), not the newer one."""
    fmt = formats.format_for("applications", "2021")
    values = {"applications": applications_values(fmt)}
    grid = official_grid("applications", "2021", {key: str(v) for key, v in values["applications"].items()})
    text = "三、收到和处理政府信息公开申请情况\n" + render(grid, "pipe") + "\n"
    report = govtables.read(text)
    assert report.format == "2021"
    assert errors(report) == []


def test_register_refuses_a_name_taken() -> None:
    with pytest.raises(ValueError, match="registered already"):
        formats.register(formats.APPLICATIONS_2019)
    assert formats.names() == formats.FORMAT_NAMES
