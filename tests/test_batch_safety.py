"""Batch safety of ``govtables check DIR --out``, in real processes: a parent killed outright,
SIGINT and SIGTERM, resuming, the lock, a worker killed as the OOM killer would, a FIFO in the folder.

Each test runs ``python -m govtables.cli`` on a small folder of copies of the example reports. The
test-only hook ``GOVTABLES_TEST_DELAY`` (see ``govtables.corpus._TEST_DELAY``) makes every report
take that many seconds more, so a signal reliably lands midway.
"""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govtables import corpus

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))
DELAY, LOG = "GOVTABLES_TEST_DELAY", "GOVTABLES_TEST_LOG"
TABLES = ("reports", "cells", "findings", "runs")


N = 30


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """N reports: the five examples, copied (``r07.txt`` is a copy of ``EXAMPLES[7 % 5]``)."""
    reports = tmp_path / "reports"
    reports.mkdir()
    for i in range(N):
        shutil.copy(EXAMPLES[i % len(EXAMPLES)], reports / f"r{i:02}.txt")
    return reports


@pytest.fixture(scope="module")
def expected_counts() -> dict[str, tuple[int, int]]:
    """Copy name → (cells, findings) that checking it gives, from check_report on the originals."""
    rows = [corpus.check_report(path) for path in EXAMPLES]
    return {f"r{i:02}.txt": (len(rows[i % 5].cells), len(rows[i % 5].findings)) for i in range(N)}


def start(*args: str | Path, delay: float | None = None, log: Path | None = None) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k not in (DELAY, LOG)}
    if delay is not None:
        env[DELAY] = str(delay)
    if log is not None:
        env[LOG] = str(log)
    command = [sys.executable, "-m", "govtables.cli", "check", *map(str, args), "--no-progress"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=60)
    return process.returncode, out, err


def wait_for(condition: object, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def checked(log: Path) -> int:
    """Reports the run's processes have finished, from the test-only log."""
    return len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0


def temp_files(out: Path, process: subprocess.Popen[str]) -> list[Path]:
    return sorted(out.parent.glob(f"{out.stem}.tmp-{process.pid}.*"))


def workers(process: subprocess.Popen[str]) -> list[int]:
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def query(base: Path, sql: str) -> list[tuple]:
    """``sql`` with ``{reports}``, ``{cells}``, ``{findings}``, ``{runs}`` naming the tables of any
    storage form (CSV read as text)."""
    duckdb = pytest.importorskip("duckdb")
    if base.suffix == ".duckdb":
        with duckdb.connect(str(base), read_only=True) as con:
            return con.execute(sql.format(**{t: t for t in TABLES})).fetchall()
    names = {t: f"'{base.with_name(f'{base.stem}.{t}{base.suffix}')}'" for t in TABLES}
    if base.suffix == ".csv":
        names = {t: f"read_csv({name}, all_varchar=true)" for t, name in names.items()}
    with duckdb.connect() as con:
        return con.execute(sql.format(**names)).fetchall()


def leftovers(folder: Path) -> list[str]:
    """Anything a run must not leave behind: temporary copies, write-ahead logs, locks, spill folders."""
    return sorted(p.name for p in folder.iterdir() if ".tmp-" in p.name or p.name.endswith((".wal", ".lock", ".tmp")))


def test_sigkill_of_the_parent_leaves_the_old_output_intact(folder: Path, tmp_path: Path) -> None:
    pytest.importorskip("duckdb")
    out = tmp_path / "results.duckdb"
    old = sorted(folder.iterdir())[:4]
    assert finish(start(*old, "--out", out))[0] == 3  # r03, a copy of seed 003, breaks P-1
    before = out.read_bytes()

    process = start(folder, "--out", out, delay=0.2)
    wait_for(lambda: temp_files(out, process), "the temporary copy")
    time.sleep(0.5)
    process.kill()
    process.wait(timeout=10)

    assert out.read_bytes() == before  # not opened, not replaced
    assert query(out, "SELECT count(*) FROM {reports}") == [(4,)]
    assert query(out, "SELECT status FROM {runs}") == [("finished",)]
    # the next run ignores the dead run's copy, removes it, and leaves nothing behind
    status, text, _ = finish(start(folder, "--out", out))
    assert status == 3 and f"reports read   {N}" in text
    assert query(out, "SELECT count(*) FROM {reports}") == [(N,)]
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("suffix", "signum", "jobs"),
    [(".duckdb", signal.SIGINT, "1"), (".parquet", signal.SIGTERM, "2"), (".csv", signal.SIGINT, "2")],
)
def test_a_signal_keeps_what_is_done_and_resume_finishes_it(
    folder: Path, tmp_path: Path, expected_counts: dict[str, tuple[int, int]], suffix: str, signum: int, jobs: str
) -> None:
    pytest.importorskip("pyarrow")
    out = tmp_path / f"results{suffix}"
    partial = tmp_path / f"results.partial{suffix}"
    log = tmp_path / "checked.log"
    process = start(folder, "--out", out, "--jobs", jobs, delay=0.1, log=log)
    wait_for(lambda: checked(log) >= 3, "three reports checked")
    time.sleep(0.1)
    process.send_signal(signum)
    status, text, err = finish(process)

    assert status == 128 + signum
    assert text == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    name = signal.Signals(signum).name
    assert err.startswith(f"govtables: {out}: interrupted by {name} after ")
    assert f"they are in {partial}" in err and "--resume" in err
    assert not (out if suffix == ".duckdb" else tmp_path / f"results.reports{suffix}").exists()  # not written
    ((run, state, reports, note),) = query(partial, "SELECT run, status, reports, note FROM {runs}")
    assert (int(run), state, note) == (1, "interrupted", name)
    done = int(reports)
    assert 0 < done < N
    assert err.split(" after ")[1].startswith(f"{done} report(s)")
    assert query(partial, "SELECT count(*), count(DISTINCT source) FROM {reports}") == [(done, done)]
    assert leftovers(tmp_path) == []

    status, text, err = finish(start(folder, "--out", out, "--resume", "--jobs", jobs))
    assert status == 3, err
    assert f"resumed        {done} reports already recorded, skipped" in text
    assert f"reports read   {N - done} (0 unreadable)" in text
    assert query(out, "SELECT count(*), count(DISTINCT source) FROM {reports}") == [(N, N)]
    per_source = query(
        out,
        "SELECT r.source, (SELECT count(*) FROM {cells} c WHERE c.source = r.source),"
        " (SELECT count(*) FROM {findings} f WHERE f.source = r.source) FROM {reports} r",
    )
    assert {Path(source).name: (int(c), int(f)) for source, c, f in per_source} == expected_counts
    runs = query(out, "SELECT run, status, carried, reports FROM {runs} ORDER BY run")
    assert [tuple(map(str, r)) for r in runs] == [
        ("1", "interrupted", "0", str(done)),
        ("2", "finished", str(done), str(N - done)),
    ]
    assert not any(tmp_path.glob("results.partial*")) and leftovers(tmp_path) == []


def test_a_second_writer_is_refused(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.csv"
    first = start(folder, "--out", out, delay=0.05)
    wait_for(lambda: temp_files(out, first), "the first run's temporary copy")
    status, text, err = finish(start(folder, "--out", out))
    assert status == 4 and text == ""
    assert err == (
        f"govtables: {out}: another govtables run (pid {first.pid}) is writing this output; "
        f"expected that run to end, or another --out (the lock is {out}.lock)\n"
    )
    status, text, _ = finish(first)  # the first run was not disturbed
    assert status == 3 and f"reports read   {N}" in text
    with (tmp_path / "results.reports.csv").open(encoding="utf-8", newline="") as file:
        assert len(list(csv.DictReader(file))) == N
    assert leftovers(tmp_path) == []


def test_a_killed_worker_costs_its_report_and_the_run_ends(folder: Path, tmp_path: Path) -> None:
    pytest.importorskip("duckdb")
    out = tmp_path / "results.duckdb"
    log = tmp_path / "checked.log"
    process = start(folder, "--out", out, "--jobs", "2", delay=0.1, log=log)
    wait_for(lambda: checked(log) >= 2, "two reports checked")
    os.kill(workers(process)[0], signal.SIGKILL)
    status, text, err = finish(process)

    assert status == 1, err  # a report could not be checked
    assert f"reports read   {N} (1 unreadable)" in text and "Traceback" not in err
    assert query(out, "SELECT count(*), count(DISTINCT source) FROM {reports}") == [(N, N)]
    ((source, error),) = query(out, "SELECT source, error FROM {reports} WHERE error IS NOT NULL")
    assert (
        error == f"{source}: the worker process checking it died (killed by SIGKILL, as the out-of-memory killer does)"
    )
    assert query(out, "SELECT count(*) FROM {cells} WHERE source = ?".replace("?", f"'{source}'")) == [(0,)]
    assert leftovers(tmp_path) == []


def test_a_fifo_in_the_folder_is_recorded_not_read(folder: Path, tmp_path: Path) -> None:
    os.mkfifo(folder / "pipe.txt")
    out = tmp_path / "results.csv"
    status, text, _ = finish(start(folder, "--out", out, "--jobs", "2"))  # finish() times out on a hang
    assert status == 1 and f"reports read   {N + 1} (1 unreadable)" in text
    with (tmp_path / "results.reports.csv").open(encoding="utf-8", newline="") as file:
        errors = [row["error"] for row in csv.DictReader(file) if row["error"]]
    assert errors == [f"{folder / 'pipe.txt'}: a FIFO (named pipe), not a regular file: only regular files are read"]
