"""The command line: JSON that meets output.schema.json, exit codes, stdin, folders."""

import io
import json
import signal
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from govtables.cli import EXIT_FAILS, EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE, main

EXAMPLES = Path(__file__).parent.parent / "examples"
SCHEMA = json.loads(resources.files("govtables.data").joinpath("output.schema.json").read_text("utf-8"))


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_parse_prints_schema_valid_json(capsys):
    status, out, _ = run(capsys, "parse", str(EXAMPLES / "004_1185ee4c741c8fc5.txt"))
    assert status == EXIT_OK
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    assert [t["kind"] for t in data["tables"]] == ["active", "applications", "reviews"]
    assert data["format"] == "2019"


def test_parse_several_reports_gives_an_array_and_jsonl_a_line_each(capsys):
    files = sorted(str(p) for p in EXAMPLES.glob("*.txt"))
    status, out, _ = run(capsys, "parse", *files)
    assert status == EXIT_OK and len(json.loads(out)) == 5
    for item in json.loads(out):
        jsonschema.validate(item, SCHEMA)
    _, out, _ = run(capsys, "parse", "--format", "jsonl", *files)
    assert len(out.strip().split("\n")) == 5


def test_parse_a_folder(capsys):
    status, out, _ = run(capsys, "parse", "--format", "summary", str(EXAMPLES))
    assert status == EXIT_OK
    assert out.count("examples/") == 5


def test_parse_stdin(capsys, monkeypatch):
    text = (EXAMPLES / "000_c5f37a9f00a57231.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    status, out, _ = run(capsys, "parse", "-")
    assert status == EXIT_OK and json.loads(out)["source"] == "<stdin>"


def test_unreadable_report_exits_1_with_a_message(capsys, tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x00\x01binary")
    status, _, err = run(capsys, "parse", str(junk))
    assert status == EXIT_UNREADABLE and "binary" in err


def test_usage_error_exits_2(capsys):
    assert run(capsys, "parse")[0] == EXIT_USAGE
    assert run(capsys, "frobnicate")[0] == EXIT_USAGE


def test_check_exit_codes(capsys):
    assert run(capsys, "check", str(EXAMPLES / "004_1185ee4c741c8fc5.txt"))[0] == EXIT_OK
    status, out, _ = run(capsys, "check", str(EXAMPLES / "003_3c91f6d335a9c228.txt"))
    assert status == EXIT_FAILS
    assert "P-1" in out and "9622" in out


def test_parse_writes_csv_to_a_file(capsys, tmp_path):
    target = tmp_path / "cells.csv"
    status, _, _ = run(
        capsys, "parse", "--format", "csv", "-o", str(target), str(EXAMPLES / "000_c5f37a9f00a57231.txt")
    )
    assert status == EXIT_OK
    assert target.read_text(encoding="utf-8").startswith("source,table,row,col,value")


@pytest.mark.parametrize("name", ["000_c5f37a9f00a57231.txt", "003_3c91f6d335a9c228.txt"])
def test_check_json(capsys, name):
    status, out, _ = run(capsys, "check", "--format", "json", str(EXAMPLES / name))
    jsonschema.validate(json.loads(out), SCHEMA)
    assert status == (EXIT_FAILS if name.startswith("003") else EXIT_OK)


def test_check_a_folder_into_a_dataset(capsys, tmp_path):
    pytest.importorskip("duckdb", reason="the duckdb extra is not installed")
    out = tmp_path / "results.duckdb"
    status, text, _ = run(capsys, "check", str(EXAMPLES), "--out", str(out), "--no-progress")
    assert status == EXIT_FAILS  # seed 003 does not add up
    assert "5" in text and out.exists()
    import duckdb

    with duckdb.connect(str(out)) as db:
        assert db.execute("select count(*) from reports").fetchone() == (5,)
        rules = {r for (r,) in db.execute("select distinct rule from findings where severity = 'error'").fetchall()}
    assert rules == {"P-1"}


def test_check_with_an_unknown_dataset_suffix_is_a_usage_error(capsys, tmp_path):
    assert run(capsys, "check", str(EXAMPLES), "--out", str(tmp_path / "x.xlsx"))[0] == EXIT_USAGE


def test_version(capsys):
    from importlib.metadata import version

    status, out, _ = run(capsys, "--version")
    assert status == EXIT_OK and out == f"govtables {version('govtables')}\n"


@pytest.mark.parametrize("argv", [["--help"], ["check", "--help"], ["parse", "--help"]])
def test_help_lists_the_exit_codes_and_names_no_missing_file(capsys, argv):
    status, out, _ = run(capsys, *argv)
    assert status == EXIT_OK
    assert "exit status:" in out
    for code in ("0 ", "1 ", "2 ", "3 ", "4 ", "130, 143", "141"):
        assert f"\n  {code}" in out
    assert "output.md" not in out


@pytest.mark.parametrize("command", ["parse", "check"])
def test_inputs_naming_nothing_are_usage_errors(capsys, tmp_path, command):
    (tmp_path / "empty").mkdir()
    names = [f"{tmp_path}/*.txt", str(tmp_path / "gone.txt"), str(tmp_path / "empty")]
    status, out, err = run(capsys, command, str(EXAMPLES / "000_c5f37a9f00a57231.txt"), *names)
    assert (status, out) == (EXIT_USAGE, "")  # nothing read, nothing printed
    assert err == "".join(f"govtables: {name}: no report file matches this name\n" for name in names)


def test_parse_to_a_missing_folder_or_a_folder_is_a_usage_error(capsys, tmp_path):
    report = str(EXAMPLES / "000_c5f37a9f00a57231.txt")
    status, out, err = run(capsys, "parse", "-o", "/missing/dir/x.json", report)
    assert (status, out) == (EXIT_USAGE, "")
    assert err.endswith("govtables parse: error: -o /missing/dir/x.json: the folder /missing/dir does not exist\n")
    status, _, err = run(capsys, "parse", "-o", str(tmp_path), report)
    assert status == EXIT_USAGE and err.endswith(f"-o {tmp_path}: is a folder\n")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--out", "x.csv", "--format", "json"], "--format: not with --out"),
        (["--out", "x.csv", "--previous", "p.txt"], "--previous: not with --out"),
        (["-", "--out", "x.csv"], "standard input (-) cannot be checked into a dataset"),
        (["--jobs", "2"], "--jobs: only with --out"),
        (["--resume", "--no-progress"], "--resume, --progress: only with --out"),
    ],
)
def test_options_that_would_be_ignored_are_usage_errors(capsys, options, message):
    status, out, err = run(capsys, "check", str(EXAMPLES), *options)
    assert (status, out) == (EXIT_USAGE, "")
    assert f"govtables check: error: {message}" in err


@pytest.mark.parametrize("out", ["-", "."])
def test_check_out_to_stdout_or_a_folder_is_a_usage_error(capsys, out):
    status, text, err = run(capsys, "check", str(EXAMPLES), "--out", out)
    assert (status, text) == (EXIT_USAGE, "")
    assert err.startswith(f"govtables: {out}: ") and "expected a file name ending in .duckdb, .parquet or .csv" in err


def test_too_many_jobs_are_capped_with_a_warning(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0})
    status, out, err = run(capsys, "check", str(EXAMPLES), "--out", str(tmp_path / "x.csv"), "--jobs", "1000")
    assert status == EXIT_FAILS and "(1 job)" in out
    assert err == "govtables: warning: --jobs 1000 capped to the 1 CPU(s) this process may use\n"


def test_a_closed_pipe_ends_quietly():
    """``govtables check … | head`` with head gone before the first line: no traceback, status 141."""
    command = [sys.executable, "-m", "govtables.cli", "check", str(EXAMPLES)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (128 + signal.SIGPIPE, b"")
