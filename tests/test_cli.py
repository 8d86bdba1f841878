"""The command line: JSON that meets output.schema.json, exit codes, stdin, folders."""

import io
import json
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
        rules = {
            r for (r,) in db.execute("select distinct rule from findings where severity = 'error'").fetchall()
        }
    assert rules == {"P-1"}


def test_check_with_an_unknown_dataset_suffix_is_a_usage_error(capsys, tmp_path):
    assert run(capsys, "check", str(EXAMPLES), "--out", str(tmp_path / "x.xlsx"))[0] == EXIT_USAGE
