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
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("source,agency,year,kind,table_index,key,row_path,col_path,value,decimal,")
    # read by hand: the title says 2017年商务局…; 主动公开政府信息数 508条 on line 27
    assert lines[1].startswith(
        f'{EXAMPLES / "000_c5f37a9f00a57231.txt"},商务局,2017,indicators,0,indicators/主动公开政府信息数/数量,'
        '"[""主动公开政府信息数""]","[""数量""]",508,,508条,false,false,27,'
    )


@pytest.mark.parametrize("name", ["000_c5f37a9f00a57231.txt", "003_3c91f6d335a9c228.txt"])
def test_check_json(capsys, name):
    status, out, _ = run(capsys, "check", "--format", "json", str(EXAMPLES / name))
    jsonschema.validate(json.loads(out), SCHEMA)
    assert status == (EXIT_FAILS if name.startswith("003") else EXIT_OK)


SEED_003 = str(EXAMPLES / "003_3c91f6d335a9c228.txt")
# read by hand: 一、主动公开数量 9622 ≠ the sum of its parts (一)…(七), eight cells, on line 31 of seed 003
FAILING_SUM = "[P-1] indicators line 31"
SEVENTH_PART = "(七)通过本单位信息公示栏、宣传窗公开数 / 数量"


def test_check_prints_a_status_line_a_report_the_errors_and_a_closing_summary(capsys):
    status, out, _ = run(capsys, "check", str(EXAMPLES))
    assert status == EXIT_FAILS
    statuses = [line for line in out.splitlines() if line.startswith(str(EXAMPLES))]
    assert len(statuses) == 5
    [seed_003] = [line for line in statuses if line.startswith(SEED_003)]
    assert seed_003.startswith(f"{SEED_003}: pre-2019, 1 table, 2 errors, 0 warnings, identities ")
    assert FAILING_SUM in out and "9622" in out
    # the eight cells of the failing sum: three named, the rest counted
    assert "… and 5 more" in out and SEVENTH_PART not in out
    assert "[blank-as-zero]" not in out and "not assessed:" not in out  # no info by default
    summary = out.split("\n\n")[-1].splitlines()
    assert summary[0] == "5 reports: 1 failing, 1 unread, 0 could not be read"
    assert summary[2:] == [
        "failing:",
        f"  {SEED_003} (2 errors)",
        "unread:",
        f"  {EXAMPLES / '002_61bfce714908b168.txt'} (no table)",  # a report in prose alone
    ]


def test_check_quiet_prints_only_the_closing_summary(capsys):
    status, out, _ = run(capsys, "check", "-q", str(EXAMPLES))
    _, loud, _ = run(capsys, "check", str(EXAMPLES))
    assert status == EXIT_FAILS
    assert out == loud.split("\n\n")[-1]
    assert out.startswith("5 reports: 1 failing") and f"  {SEED_003} (2 errors)\n" in out


def test_check_verbose_prints_every_finding_and_every_cell(capsys):
    status, out, _ = run(capsys, "check", "--verbose", str(EXAMPLES))
    assert status == EXIT_FAILS
    assert out.count("report: ") == 5
    assert SEVENTH_PART in out and "… and" not in out
    assert "[blank-as-zero]" in out and "not assessed:" in out
    assert "\n5 reports: 1 failing, 1 unread, 0 could not be read\n" in out


def test_check_names_unread_and_unreadable_reports(capsys, tmp_path):
    shown = tmp_path / "shown.txt"  # the labels of table 三 with no figure: a table the text shows, not read
    shown.write_text(
        "三、收到和处理政府信息公开申请情况\n（表格见附件图片）\n一、本年新收政府信息公开申请数量\n"
        "二、上年结转政府信息公开申请数量\n四、结转下年度继续办理\n",
        encoding="utf-8",
    )
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x00\x01binary")
    status, out, err = run(capsys, "check", "-q", str(shown), str(junk))
    assert status == EXIT_UNREADABLE and "binary" in err
    lines = out.splitlines()
    assert lines[1].startswith("identities: 0 passed, 0 failed, ")  # no figure: nothing to assess
    assert lines[:1] + lines[2:] == [
        "2 reports: 0 failing, 1 unread, 1 could not be read",
        "unread:",
        f"  {shown} (table-not-read at line 3)",
        "could not be read:",
        f"  {junk}",
    ]


def test_check_json_carries_the_identity_counts_per_report_and_in_total(capsys):
    status, out, _ = run(capsys, "check", "--format", "json", str(EXAMPLES))
    assert status == EXIT_FAILS
    data = json.loads(out)
    assert len(data["reports"]) == 5
    for report in data["reports"]:
        jsonschema.validate(report, SCHEMA)
    for key in ("passed", "failed", "not_assessed"):
        assert data["identities"][key] == sum(r["identities"][key] for r in data["reports"])
    assert data["failing"] == [SEED_003]
    assert data["unread"] == [{"source": str(EXAMPLES / "002_61bfce714908b168.txt"), "why": "no table"}]
    assert data["unreadable"] == []
    status, out, _ = run(capsys, "check", "--format", "json", SEED_003)
    one = json.loads(out)
    assert one["source"] == SEED_003 and one["identities"]["failed"] == 2  # the sums of lines 31 and 85


def test_the_readme_shows_what_check_prints_on_the_bundled_reports_on_one_screen(capsys, monkeypatch):
    root = EXAMPLES.parent
    command = "$ govtables check examples/ tests/corpus/; echo $?\n"
    readme = (root / "README.md").read_text(encoding="utf-8")
    shown = readme[readme.index(command) + len(command) :].split("```", 1)[0]
    monkeypatch.chdir(root)
    status, out, _ = run(capsys, "check", "examples/", "tests/corpus/")
    assert shown == f"{out}{status}\n"
    assert len(shown.splitlines()) <= 40


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
        (["--out", "x.csv", "-q"], "--quiet: not with --out"),
        (["--format", "json", "-v"], "--verbose: only with the text format"),
        (["-q", "-v"], "argument -v/--verbose: not allowed with argument -q/--quiet"),
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


def test_eval_scores_a_label_set(capsys):
    status, out, _ = run(capsys, "eval", "tests/corpus/labels/p071.tsv", "--by", "file")
    assert status == 0 and "| p071 | 22 | 22 (100 %) |" in out
    status, out, _ = run(capsys, "eval", "--help")
    assert status == 0 and "LABELS_OR_DIR" in out
    status, _, err = run(capsys, "eval", "tests/corpus/labels/no-such.tsv")
    assert status == 1 and "no-such.tsv" in err


def test_check_and_check_out_call_the_same_reports_unread(capsys, tmp_path):
    """One definition of unread (govtables.validate.unread_reason): seed 002 has no table, so both
    the closing summary of plain ``check`` and the summary of ``check --out`` name it, with the reason."""
    seed_002 = str(EXAMPLES / "002_61bfce714908b168.txt")
    _, plain, _ = run(capsys, "check", "-q", str(EXAMPLES))
    _, dataset, _ = run(capsys, "check", str(EXAMPLES), "--out", str(tmp_path / "x.csv"))
    assert f"unread:\n  {seed_002} (no table)\n" in plain
    assert f"in 1 report(s):\n  {seed_002} (no table)\n" in dataset
