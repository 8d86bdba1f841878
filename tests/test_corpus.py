"""govtables.corpus: paths, the per-report function, the run, and the three sinks read back."""

from __future__ import annotations

import csv
import json
import os
import pickle
from pathlib import Path

import pytest

from govtables import corpus
from govtables.corpus import ReportRow, Summary, check_paths, check_report, iter_paths, run
from govtables.errors import ExportError
from govtables.model import Report

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.txt"))


def broken_read(path: Path) -> Report:
    raise ValueError("a bug in a stage")


@pytest.fixture
def folder(tmp_path: Path) -> list[Path]:
    """The real examples and corpus reports, plus a binary junk file and an empty file."""
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    return [*EXAMPLES, *CORPUS, junk, empty]


def by_source(rows: list[ReportRow]) -> dict[str, ReportRow]:
    return {row.source: row for row in rows}


# -- iter_paths --------------------------------------------------------------------------------------


def test_iter_paths_walks_folders_recursively_for_report_suffixes(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/1.txt", "a/b/2.html", "a/b/3.htm", "a/4.md", "a/5.pdf", "a/7.csv", "a/.hidden.txt", "6.TXT"):
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_paths([str(tmp_path)])]
    assert found == ["6.TXT", "a/1.txt", "a/4.md", "a/5.pdf", "a/b/2.html", "a/b/3.htm"]


def test_iter_paths_files_globs_and_missing_names(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.txt").write_text("x")
    (tmp_path / "y.txt").write_text("y")
    (tmp_path / "z.csv").write_text("z")
    assert list(iter_paths([tmp_path / "z.csv"])) == [tmp_path / "z.csv"]  # a named file, any suffix
    assert list(iter_paths([f"{tmp_path}/*"])) == [tmp_path / "d" / "x.txt", tmp_path / "y.txt"]
    assert list(iter_paths([f"{tmp_path}/**/*.txt"])) == [tmp_path / "d" / "x.txt", tmp_path / "y.txt"]
    assert list(iter_paths([f"{tmp_path}/nothing*"])) == []
    assert list(iter_paths([str(tmp_path / "missing.txt")])) == [tmp_path / "missing.txt"]


def test_iter_paths_is_lazy() -> None:
    def names():
        yield str(EXAMPLES[0])
        raise AssertionError("read too far")

    assert next(iter_paths(names())) == EXAMPLES[0]


# -- check_report ------------------------------------------------------------------------------------


def test_check_report_reads_a_real_report() -> None:
    row = check_report(ROOT / "examples" / "004_1185ee4c741c8fc5.txt")
    assert row.error is None
    assert row.tables >= 1 and row.cells
    assert row.format == "2019"


@pytest.mark.parametrize(
    ("name", "data", "why"),
    [
        ("junk.txt", b"\x00\x01\x02binary", "binary data"),
        ("latin.txt", b"\xff\xfe\xfa\xfb" * 8, "neither UTF-8 nor GB18030"),
    ],
)
def test_a_bad_file_becomes_a_row_saying_why(tmp_path: Path, name: str, data: bytes, why: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    row = check_report(path)
    assert row.unreadable and why in row.error and str(path) in row.error
    assert row.tables == 0 and row.cells == () and row.format is None


def test_a_missing_file_and_a_bug_become_rows(tmp_path: Path) -> None:
    missing = check_report(tmp_path / "gone.txt")
    assert missing.unreadable and "cannot read the file" in missing.error
    bug = check_report(EXAMPLES[0], broken_read)
    assert bug.error == f"{EXAMPLES[0]}: ValueError: a bug in a stage"


def test_report_rows_and_the_function_pickle() -> None:
    row = check_report(ROOT / "tests" / "corpus" / "p029.txt")
    assert pickle.loads(pickle.dumps(row)) == row
    assert pickle.loads(pickle.dumps(check_report)) is check_report


# -- run ---------------------------------------------------------------------------------------------


def test_run_counts_what_it_read(folder: list[Path]) -> None:
    summary = run(folder)
    assert summary.reports == len(folder)
    assert summary.unreadable == 1  # the binary junk; the empty file is read (and holds no table)
    assert sum(count for _, count in summary.formats) == len(folder)
    assert dict(summary.formats)["unreadable"] == 1
    assert summary.tables > 0 and summary.rate > 0
    text = summary.render()
    assert f"reports read   {len(folder)} (1 unreadable)" in text
    assert "reports/s" in text


def test_run_never_stops_on_a_bug(folder: list[Path]) -> None:
    summary = run(folder, reader=broken_read)
    assert summary.reports == summary.unreadable == len(folder)


def test_jobs_2_equals_jobs_1(folder: list[Path], tmp_path: Path) -> None:
    one = run(folder, jobs=1, out=tmp_path / "one.csv")
    two = run(folder, jobs=2, out=tmp_path / "two.csv")
    assert attrs_without_timing(one) == attrs_without_timing(two)
    for name in ("reports", "cells", "findings"):
        assert sorted_csv(tmp_path / f"one.{name}.csv") == sorted_csv(tmp_path / f"two.{name}.csv")


def test_jobs_2_rows_equal_jobs_1_rows(folder: list[Path]) -> None:
    rows_one = list(corpus._rows(check_report, folder, 1, corpus._Signals()))
    rows_two = list(corpus._rows(check_report, folder, 2, corpus._Signals()))
    assert len(rows_two) == len(folder)
    assert by_source(rows_one) == by_source(rows_two)


def attrs_without_timing(summary: Summary) -> tuple:
    return (summary.reports, summary.unreadable, summary.formats, summary.tables, summary.failing)


def sorted_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    seconds = rows[0].index("seconds") if "seconds" in rows[0] else None
    if seconds is not None:
        rows = [row[:seconds] + row[seconds + 1 :] for row in rows]
    return [rows[0], *sorted(rows[1:])]


def test_check_paths_takes_folders_and_globs(tmp_path: Path) -> None:
    inputs = [str(ROOT / "examples"), f"{ROOT}/tests/corpus/p0*.txt"]
    summary = check_paths(inputs, progress=False)
    examples = len(EXAMPLES)  # the folder walk leaves examples/README.md out
    assert summary.reports == examples + len(list((ROOT / "tests" / "corpus").glob("p0*.txt")))


def test_progress_bar_draws_without_a_terminal(folder: list[Path]) -> None:
    pytest.importorskip("rich")
    assert run(folder[:3], progress=True, total=3).reports == 3


# -- sinks -------------------------------------------------------------------------------------------


def expected_counts(folder: list[Path]) -> tuple[int, int]:
    rows = [check_report(path) for path in folder]
    return sum(len(r.cells) for r in rows), sum(len(r.findings) for r in rows)


def test_duckdb_output_is_queryable(folder: list[Path], tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "results.duckdb"
    run(folder, out=out)
    cells, findings = expected_counts(folder)
    con = duckdb.connect(str(out), read_only=True)
    assert con.execute("SELECT count(*) FROM reports").fetchone() == (len(folder),)
    assert con.execute("SELECT count(*) FROM cells").fetchone() == (cells,)
    assert con.execute("SELECT count(*) FROM findings").fetchone() == (findings,)
    junk = con.execute("SELECT error FROM reports WHERE source LIKE '%junk.txt'").fetchone()[0]
    assert "binary data" in junk
    source = str(ROOT / "examples" / "004_1185ee4c741c8fc5.txt")
    row_path, value = con.execute(
        "SELECT row_path, value FROM cells WHERE source = ? AND value IS NOT NULL ORDER BY line LIMIT 1",
        [source],
    ).fetchone()
    assert isinstance(row_path, list) and value is not None


def test_duckdb_output_replaces_an_old_file(folder: list[Path], tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "results.duckdb"
    run(folder, out=out)
    run(folder[:2], out=out)
    con = duckdb.connect(str(out), read_only=True)
    assert con.execute("SELECT count(*) FROM reports").fetchone() == (2,)


def test_duckdb_without_pyarrow_still_writes(
    folder: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    duckdb = pytest.importorskip("duckdb")
    monkeypatch.setitem(__import__("sys").modules, "pyarrow", None)
    out = tmp_path / "slow.duckdb"
    run(folder, out=out)
    cells, _ = expected_counts(folder)
    con = duckdb.connect(str(out), read_only=True)
    assert con.execute("SELECT count(*) FROM cells").fetchone() == (cells,)


def test_parquet_output_is_three_files(folder: list[Path], tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    run(folder, out=tmp_path / "results.parquet")
    cells, findings = expected_counts(folder)
    assert pq.read_table(tmp_path / "results.reports.parquet").num_rows == len(folder)
    assert pq.read_table(tmp_path / "results.cells.parquet").num_rows == cells
    assert pq.read_table(tmp_path / "results.findings.parquet").num_rows == findings
    duckdb = pytest.importorskip("duckdb")
    query = f"SELECT count(DISTINCT source) FROM '{tmp_path}/results.cells.parquet'"
    assert duckdb.connect().execute(query).fetchone()[0] == sum(1 for p in folder if check_report(p).cells)


def test_csv_output_is_three_files(folder: list[Path], tmp_path: Path) -> None:
    run(folder, out=tmp_path / "results.csv")
    cells, findings = expected_counts(folder)
    with (tmp_path / "results.cells.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == cells
    assert all(isinstance(json.loads(row["row_path"]), list) for row in rows)
    with (tmp_path / "results.reports.csv").open(encoding="utf-8", newline="") as file:
        assert len(list(csv.DictReader(file))) == len(folder)
    with (tmp_path / "results.findings.csv").open(encoding="utf-8", newline="") as file:
        assert len(list(csv.DictReader(file))) == findings


def test_batches_split_across_writes(folder: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corpus, "BATCH_REPORTS", 3)
    run(folder, out=tmp_path / "small.csv")
    with (tmp_path / "small.reports.csv").open(encoding="utf-8", newline="") as file:
        assert len(list(csv.DictReader(file))) == len(folder)


@pytest.mark.parametrize(
    ("suffix", "module", "extra"), [(".duckdb", "duckdb", "duckdb"), (".parquet", "pyarrow", "parquet")]
)
def test_a_missing_extra_names_the_pip_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, module: str, extra: str
) -> None:
    monkeypatch.setitem(__import__("sys").modules, module, None)
    with pytest.raises(ExportError, match=rf"pip install 'govtables\[{extra}\]'"):
        run(EXAMPLES, out=tmp_path / f"results{suffix}")


def test_an_unknown_suffix_is_an_export_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"\.duckdb, \.parquet or \.csv"):
        run(EXAMPLES, out=tmp_path / "results.xlsx")


# -- batch safety, in this process (tests/test_batch_safety.py has the signals, kills and locks) -----


def test_unmatched_names_missing_files_empty_globs_and_empty_folders(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.csv").write_text("x")
    (tmp_path / "r.txt").write_text("x")
    inputs = [tmp_path / "r.txt", f"{tmp_path}/*.txt", tmp_path, f"{tmp_path}/*.html", tmp_path / "gone.txt"]
    inputs += [tmp_path / "empty", tmp_path / "notes"]
    assert corpus.unmatched(inputs) == [
        f"{tmp_path}/*.html",
        str(tmp_path / "gone.txt"),
        str(tmp_path / "empty"),
        str(tmp_path / "notes"),
    ]


def test_a_fifo_becomes_a_row_without_being_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    row = check_report(fifo)  # opening it for reading would block: no writer
    assert row.error == f"{fifo}: a FIFO (named pipe), not a regular file: only regular files are read"
    assert check_report(tmp_path).error == f"{tmp_path}: a folder, not a regular file: only regular files are read"


def with_line(number: str, line: int = 23) -> str:
    """Example 004 with line 23 (the 本年新制作数量 of 规章, written ``0 |``) replaced by ``number |``."""
    lines = (ROOT / "examples" / "004_1185ee4c741c8fc5.txt").read_text(encoding="utf-8").split("\n")
    assert lines[line - 1] == "0 |"
    lines[line - 1] = f"{number} |"
    return "\n".join(lines)


@pytest.mark.parametrize("suffix", [".duckdb", ".parquet", ".csv"])
def test_a_400_digit_number_survives_every_sink(tmp_path: Path, suffix: str) -> None:
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    digits = "7" * 400
    report = tmp_path / "big.txt"
    report.write_text(with_line(digits), encoding="utf-8")
    row = check_report(report)
    assert row.error is None and row.format == "2019"
    (overflow,) = [f for f in row.findings if f[1] == "value-overflow"]
    assert overflow[2:4] == ("warning", "active") and overflow[6] == digits and overflow[8] == 23
    assert overflow[4].startswith(
        "第二十条第（一）项 / 规章 | 本年新制作数量: 777777777777…(400 digits) has no 64-bit integer"
    )
    assert overflow[7] == ("active/第二十条第（一）项/规章/本年新制作数量",)
    out = tmp_path / f"results{suffix}"
    run([report], out=out)
    if suffix == ".duckdb":
        con = duckdb.connect(str(out), read_only=True)
        cells, findings = "cells", "findings"
    else:
        con = duckdb.connect()
        cells, findings = (f"'{tmp_path}/results.{name}{suffix}'" for name in ("cells", "findings"))
    text, value = con.execute(f"SELECT text, value FROM {cells} WHERE line = 23").fetchone()
    assert (text, value) == (digits, None)
    query = f"SELECT actual FROM {findings} WHERE rule = 'value-overflow'"
    assert con.execute(query).fetchall() == [(digits,)]


def test_runs_table_says_how_the_run_ended(tmp_path: Path) -> None:
    out = tmp_path / "results.csv"
    run(EXAMPLES[:2], out=out, jobs=1)
    with (tmp_path / "results.runs.csv").open(encoding="utf-8", newline="") as file:
        (record,) = csv.DictReader(file)
    run_row = corpus.RunRow.from_record(record)
    assert (run_row.run, run_row.status, run_row.reports, run_row.carried, run_row.note) == (1, "finished", 2, 0, None)
    assert run_row.started <= run_row.ended
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"results.{t}.csv" for t in sorted(corpus.SCHEMA)]


def test_resume_adds_to_a_finished_output_without_duplicates(tmp_path: Path) -> None:
    out = tmp_path / "results.csv"
    run(EXAMPLES[:2], out=out)
    summary = run(EXAMPLES, out=out, resume=True)
    assert (summary.carried, summary.reports) == (2, len(EXAMPLES) - 2)
    assert "resumed        2 reports already recorded, skipped" in summary.render()
    with (tmp_path / "results.reports.csv").open(encoding="utf-8", newline="") as file:
        assert sorted(r["source"] for r in csv.DictReader(file)) == sorted(map(str, EXAMPLES))
    with (tmp_path / "results.runs.csv").open(encoding="utf-8", newline="") as file:
        runs = [corpus.RunRow.from_record(r) for r in csv.DictReader(file)]
    assert [(r.run, r.status, r.carried, r.note) for r in runs] == [
        (1, "finished", 0, None),
        (2, "finished", 2, f"resumed from {out}"),
    ]


def test_resume_refuses_an_output_with_other_columns(tmp_path: Path) -> None:
    out = tmp_path / "results.csv"
    run(EXAMPLES[:1], out=out)
    path = tmp_path / "results.cells.csv"
    path.write_text("source,kind\n", encoding="utf-8")
    with pytest.raises(ExportError, match=r"cannot resume: its cells table has other columns \(source, kind\)"):
        run(EXAMPLES, out=out, resume=True)
    assert path.read_text(encoding="utf-8") == "source,kind\n"  # untouched
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name or p.suffix == ".lock"]


def test_a_failing_run_leaves_the_old_output_and_no_temporary_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "results.csv"
    run(EXAMPLES[:1], out=out)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def full(self: corpus.CSVSink, rows: list[ReportRow]) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(corpus.CSVSink, "write", full)
    with pytest.raises(OSError, match="No space left"):
        run(EXAMPLES, out=out)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_stale_temporary_copies_are_removed_and_others_kept(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "results.duckdb"
    for name in ("results.tmp-99.duckdb", "results.tmp-99.duckdb.wal", "other.tmp-99.duckdb", "results.tmp-x.duckdb"):
        (tmp_path / name).write_text("left by a killed run")
    run(EXAMPLES[:1], out=out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "other.tmp-99.duckdb",
        "results.duckdb",
        "results.tmp-x.duckdb",
    ]
    assert duckdb.connect(str(out), read_only=True).execute("SELECT status FROM runs").fetchall() == [("finished",)]


def test_a_lock_held_elsewhere_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "results.csv"
    lock = corpus._Lock(out)
    try:
        with pytest.raises(corpus.OutputLocked, match=rf"another govtables run \(pid {os.getpid()}\)"):
            run(EXAMPLES[:1], out=out)
    finally:
        lock.release()
    assert run(EXAMPLES[:1], out=out).reports == 1
    assert not (tmp_path / "results.csv.lock").exists()


@pytest.mark.parametrize("out", ["-", "folder", "folder.duckdb", "results.parquet"])
def test_unusable_outputs_are_export_errors(tmp_path: Path, out: str) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder.duckdb").mkdir()
    (tmp_path / "results.cells.parquet").mkdir()
    target = out if out == "-" else tmp_path / out
    with pytest.raises(ExportError, match=r"standard output|names a folder|is a folder"):
        run(EXAMPLES[:1], out=target)


def test_jobs_are_capped_to_the_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2})
    assert corpus.worker_count(0) == (3, None)
    assert corpus.worker_count(2) == (2, None)
    assert corpus.worker_count(1000) == (3, "--jobs 1000 capped to the 3 CPU(s) this process may use")
    with pytest.warns(RuntimeWarning, match="capped to the 3 CPU"):
        assert run(EXAMPLES[:1], jobs=1000).jobs == 3


def test_resume_refuses_a_duckdb_output_with_the_old_cells_columns(tmp_path: Path) -> None:
    """An output written before the one long-form schema (cells: kind, row_path, value DOUBLE …)
    cannot be resumed: the clear error, and the old file untouched."""
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "results.duckdb"
    run(EXAMPLES[:1], out=out)
    con = duckdb.connect(str(out))
    con.execute("DROP TABLE cells")
    con.execute(
        "CREATE TABLE cells (source VARCHAR, kind VARCHAR, table_index INTEGER, row_path VARCHAR[], "
        "col_path VARCHAR[], value DOUBLE, text VARCHAR, inferred BOOLEAN, line INTEGER, \"column\" INTEGER)"
    )
    con.close()
    with pytest.raises(ExportError, match=r"cannot resume: its cells table has other columns \(source, kind, "):
        run(EXAMPLES, out=out, resume=True)
    con = duckdb.connect(str(out), read_only=True)
    assert con.execute("SELECT count(*) FROM reports").fetchone() == (1,)
    assert [d[0] for d in con.execute("SELECT * FROM cells LIMIT 0").description][1] == "kind"
