"""check DIR across years: the ``pairs`` table of the dataset, the metadata in ``reports``, and the
summary's list of reports with a table not read (issues 18, 16, 11)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from test_years import write_years

from govtables.corpus import check_paths

duckdb = pytest.importorskip("duckdb")

#: Read by hand from write_years: (body, year, previous year, failing rules, failed checks). X-1 is
#: broken in two columns of 上年结转 (自然人 and 总计), X-2 in one row, X-3 in one row.
PAIRS = {
    ("三元区商务局", 2022, 2021, "X-1", 2),
    ("三元区商务局", 2023, 2022, "", 0),
    ("三元区商务局", 2024, 2023, "X-2", 1),
    ("抚远市自然资源局", 2020, 2019, "X-3", 1),
}
#: The reports not paired: (file, reason, body, year named by the reason).
UNPAIRED = {
    ("dup_2022.txt", "same-year", "平潭县教育局", 2022),
    ("平潭县教育局_2022.txt", "same-year", "平潭县教育局", 2022),
    ("永安市财政局_2021.txt", "missing-year", "永安市财政局", 2022),
    ("永安市财政局_2023.txt", "missing-year", "永安市财政局", 2022),
}


@pytest.fixture(scope="module")
def years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_years(tmp_path_factory.mktemp("years"))


def _pairs_table(con: Any, table: str = "pairs") -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    paired = con.execute(
        f"SELECT body, year, previous_year, coalesce(failing, ''), failed FROM {table} WHERE reason IS NULL"
    ).fetchall()
    unpaired = con.execute(f"SELECT source, reason, body, year FROM {table} WHERE reason IS NOT NULL").fetchall()
    return set(paired), {(Path(s).name, *rest) for s, *rest in unpaired}


def test_the_seeded_breaks_are_found_exactly_in_the_pairs_table(years: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.duckdb"
    summary = check_paths([years], out=out, jobs=2)
    con = duckdb.connect(str(out), read_only=True)
    paired, unpaired = _pairs_table(con)
    assert paired == PAIRS
    assert unpaired == UNPAIRED
    # the pairs say which reports: this year's source and last year's
    sources = con.execute("SELECT source, previous_source FROM pairs WHERE body = '三元区商务局' AND year = 2023")
    assert [tuple(Path(s).name for s in row) for row in sources.fetchall()] == [
        ("三元区商务局_2023.txt", "三元区商务局_2022.txt")
    ]
    # nothing else: no report breaks a rule of its own
    assert con.execute("SELECT count(*) FROM findings WHERE severity IN ('error', 'warning')").fetchone() == (0,)
    assert (summary.pairs, summary.pair_failing, summary.unpaired) == (4, (("X-1", 1), ("X-2", 1), ("X-3", 1)), 4)
    assert "across years   4 pair(s) checked, failing: X-1 1, X-2 1, X-3 1; 4 report(s) not paired" in (
        summary.render()
    )


def test_the_reports_table_holds_each_reports_metadata(years: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.duckdb"
    check_paths([years / "三元区商务局_2022.txt", years / "dup_2022.txt"], out=out)
    rows = duckdb.connect(str(out), read_only=True).execute(
        "SELECT agency, year, title, published FROM reports ORDER BY source"
    )
    assert rows.fetchall() == [
        ("平潭縣教育局", 2022, "平潭縣教育局2022年政府信息公开工作年度报告", None),
        ("三元区商务局", 2022, "三元区商务局2022年政府信息公开工作年度报告", None),
    ]


def _read_pairs(out: Path) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    if out.suffix == ".duckdb":
        return _pairs_table(duckdb.connect(str(out), read_only=True))
    pairs = out.with_name(f"{out.stem}.pairs{out.suffix}")
    reader = "read_parquet" if out.suffix == ".parquet" else "read_csv_auto"
    con = duckdb.connect()
    con.execute(f"CREATE VIEW pairs AS SELECT * FROM {reader}('{pairs}')")
    return _pairs_table(con)


@pytest.mark.parametrize("suffix", [".duckdb", ".parquet", ".csv"])
def test_a_resumed_run_pairs_the_reports_it_carries_over(years: Path, tmp_path: Path, suffix: str) -> None:
    folder = tmp_path / "reports"
    shutil.copytree(years, folder)
    out = tmp_path / f"results{suffix}"
    first = sorted(folder.iterdir())[::2]  # half the reports: some pairs lose a year
    check_paths(first, out=out)
    assert _read_pairs(out) != (PAIRS, UNPAIRED)
    summary = check_paths([folder], out=out, resume=True)
    assert (summary.carried, summary.reports) == (len(first), 11 - len(first))
    assert _read_pairs(out) == (PAIRS, UNPAIRED)


def test_the_summary_lists_the_reports_with_a_table_not_read(years: Path, tmp_path: Path) -> None:
    unread = tmp_path / "unread.txt"
    unread.write_text(
        "\n".join(
            [
                "三、收到和处理政府信息公开申请情况",
                "（表格见附件图片）",
                "一、本年新收政府信息公开申请数量",
                "二、上年结转政府信息公开申请数量",
                "四、结转下年度继续办理",
            ]
        ),
        encoding="utf-8",
    )
    summary = check_paths([unread, years / "三元区商务局_2022.txt"], out=tmp_path / "results.csv")
    # 三's heading makes a table (its cells all absent); line 3 opens rows no dialect read
    assert summary.unread == ((str(unread), "table-not-read at line 3"),)
    text = summary.render()
    shown = f"unread (no table, or a table no dialect read) in 1 report(s):\n  {unread} (table-not-read at line 3)\n"
    assert shown in text
    assert "三元区商务局_2022" not in text


def test_the_docs_query_counts_carry_over_breaks_by_year(years: Path, tmp_path: Path) -> None:
    docs = (Path(__file__).parent.parent / "docs" / "scale.md").read_text(encoding="utf-8")
    start = docs.index("-- carry-over breaks (X-1) by year")
    query = docs[start : docs.index(";", start)]
    out = tmp_path / "results.duckdb"
    check_paths([years], out=out)
    # pairs end in 2020 (抚远市自然资源局) and 2022–2024 (三元区商务局); X-1 is broken in 2022 only
    rows = duckdb.connect(str(out), read_only=True).execute(query).fetchall()
    assert rows == [(2020, 0, 1), (2022, 1, 1), (2023, 0, 1), (2024, 0, 1)]
