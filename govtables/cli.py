"""The command line: ``govtables parse`` and ``govtables check``.

Exit status (both commands; :data:`EXIT_CODES` is the table ``--help`` shows): 0 done, 1 a report
could not be read at all, 2 usage error (also an input naming no report file, or an unusable output
path), 3 (``check``) every report read but at least one breaks an identity (a finding of severity
``error``), 4 (``check --out``) another run is writing the same output, 130/143 stopped by
SIGINT/SIGTERM, 141 standard output closed early (``| head``).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from . import __version__
from .corpus import Interrupted, OutputLocked, ensure_regular, iter_paths, unmatched, worker_count
from .errors import GovtablesError
from .export import report_to_dict, write_csv
from .model import Report
from .pipeline import read
from .validate import Checked, CheckResult, checked_summary, checked_text

EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE, EXIT_FAILS, EXIT_LOCKED = 0, 1, 2, 3, 4
EXIT_PIPE = 128 + signal.SIGPIPE

#: Every exit status and what it means (shown by ``--help``).
EXIT_CODES: tuple[tuple[str, str], ...] = (
    ("0", "done (check: no finding of severity error)"),
    ("1", "some report could not be read at all (the others were still processed)"),
    ("2", "usage error: a bad option, an input naming no report file, an unusable output path"),
    ("3", "check: every report read, and at least one has a finding of severity error"),
    ("4", "check --out: another govtables run is writing the same output"),
    ("130, 143", "stopped by SIGINT (Ctrl-C) or SIGTERM; with --out, what was done is kept (--resume)"),
    ("141", "standard output was closed early (e.g. | head); the rest is not printed"),
)
_EPILOG = "exit status:\n" + "\n".join(f"  {code:<9} {meaning}" for code, meaning in EXIT_CODES)
_SCHEMA = "the JSON schema ships in the package as govtables/data/output.schema.json"


def _arguments() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    common: dict[str, Any] = {"epilog": _EPILOG, "formatter_class": argparse.RawDescriptionHelpFormatter}
    parser = argparse.ArgumentParser(
        prog="govtables",
        description="Rebuild and check the tables of 政府信息公开工作年度报告 from scraped text.",
        **common,
    )
    parser.add_argument("--version", action="version", version=f"govtables {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser(
        "parse",
        help="print the tables, cells and findings of each report",
        description=f"Print the tables, cells and findings of each report ({_SCHEMA}).",
        **common,
    )
    parse.add_argument("reports", nargs="+", metavar="REPORT", help="report files, folders, globs, or - for stdin")
    parse.add_argument(
        "--format",
        choices=("json", "jsonl", "csv", "summary"),
        default="json",
        help="json (default), jsonl (an object a line), csv (the long form: a row per value cell, the "
        "columns of check --out's cells table), summary (a few lines a report)",
    )
    parse.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output")
    parse.add_argument("--indent", type=int, default=2, help="JSON indent (json format only)")
    check = commands.add_parser(
        "check",
        help="validate the arithmetic of each report",
        description="Validate the arithmetic of each report; with --out, of a whole corpus into a dataset.",
        **common,
    )
    check.add_argument("reports", nargs="+", metavar="REPORT", help="report files, folders, globs, or - for stdin")
    check.add_argument("--format", choices=("text", "json"), help="text (default) or json; not with --out")
    check.add_argument(
        "--previous", metavar="REPORT", help="last year's report of the same body (check X-1); not with --out"
    )
    loudness = check.add_mutually_exclusive_group()
    loudness.add_argument(
        "-q", "--quiet", action="store_true", help="only the closing summary and the failing reports (text format)"
    )
    loudness.add_argument(
        "-v", "--verbose", action="store_true", help="every finding of every report, each cell named (text format)"
    )
    check.add_argument(
        "--out", metavar="DATASET", help="write reports/cells/findings/runs to .duckdb, .parquet or .csv"
    )
    check.add_argument(
        "--jobs", type=int, metavar="N", help="worker processes (with --out; 0: one a CPU; capped to the CPUs)"
    )
    check.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted --out run (or add to a finished one): recorded reports are skipped",
    )
    check.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="a progress bar (with --out; default: on a terminal only)",
    )
    # listed here for --help; `main` hands `govtables eval …` to govtables.evaluate's own parser
    commands.add_parser("eval", help="score the output against hand labels (docs/accuracy.md)")
    return parser, {"parse": parse, "check": check}


def expand(inputs: Sequence[str]) -> Iterator[str]:
    """Files as given; folders walked for report files; globs expanded; ``-`` (stdin) kept."""
    for item in inputs:
        if item == "-":
            yield item
        else:
            yield from (str(path) for path in iter_paths([item]))


def _read_one(item: str, *, check: bool, previous: Report | None = None) -> Report:
    if item == "-":
        return read(sys.stdin.buffer.read(), name="<stdin>", check=check, previous=previous)
    ensure_regular(item)
    return read(Path(item), check=check, previous=previous)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["eval"]:  # its own parser: `govtables eval --help` lists its options
        from .evaluate import main as evaluate_main

        try:
            return evaluate_main(argv[1:])
        except SystemExit as exc:
            return int(exc.code or 0)
    parser, commands = _arguments()
    try:
        args = parser.parse_args(argv)
        _refuse(args, commands[args.command])
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help and --version
        return int(exc.code or 0)
    missing = unmatched(item for item in args.reports if item != "-")
    for item in missing:
        print(f"govtables: {item}: no report file matches this name", file=sys.stderr)
    if missing:
        return EXIT_USAGE
    try:
        return _parse(args) if args.command == "parse" else _check(args)
    except BrokenPipeError:
        return _closed_stdout()
    except KeyboardInterrupt:
        print("govtables: interrupted by SIGINT", file=sys.stderr)
        return 128 + signal.SIGINT


def _refuse(args: argparse.Namespace, command: argparse.ArgumentParser) -> None:
    """Options that would be ignored are usage errors (``command.error`` exits 2 with the usage)."""
    if args.command == "parse":
        if args.output and (problem := _unwritable(Path(args.output))):
            command.error(f"-o {args.output}: {problem}")
        return
    batch_only = {"--jobs": args.jobs is not None, "--resume": args.resume, "--progress": args.progress is not None}
    loud = {"--quiet": args.quiet, "--verbose": args.verbose}
    single_only = {"--format": args.format is not None, "--previous": args.previous is not None, **loud}
    if args.out is None:
        if args.format == "json" and (given := [name for name, on in loud.items() if on]):
            command.error(f"{', '.join(given)}: only with the text format (JSON carries everything)")
        if given := [name for name, on in batch_only.items() if on]:
            command.error(f"{', '.join(given)}: only with --out")
        return
    if given := [name for name, on in single_only.items() if on]:
        command.error(f"{', '.join(given)}: not with --out (it writes a dataset and prints a summary)")
    if "-" in args.reports:
        command.error("standard input (-) cannot be checked into a dataset: name files or folders")


def _unwritable(path: Path) -> str | None:
    if path.is_dir():
        return "is a folder"
    if not path.parent.is_dir():
        return f"the folder {path.parent} does not exist"
    return None


def _closed_stdout() -> int:
    """The reader of standard output went away (``| head``): stop quietly, as Unix tools do, and keep
    Python from complaining when it flushes standard output at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout is not a real file (tests)
        pass
    return EXIT_PIPE


def _parse(args: argparse.Namespace) -> int:
    reports: list[Report] = []
    status = EXIT_OK
    for item in expand(args.reports):
        try:
            reports.append(_read_one(item, check=True))
        except GovtablesError as exc:
            print(f"govtables: {exc}", file=sys.stderr)
            status = EXIT_UNREADABLE
    try:
        out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout  # noqa: SIM115
    except OSError as exc:
        print(f"govtables: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.format == "summary":
            out.writelines(summary(report) + "\n" for report in reports)
        elif args.format == "csv":
            write_csv(reports, out)
        elif args.format == "jsonl":
            for report in reports:
                out.write(json.dumps(report_to_dict(report), ensure_ascii=False) + "\n")
        else:
            data = report_to_dict(reports[0]) if len(reports) == 1 else [report_to_dict(r) for r in reports]
            out.write(json.dumps(data, ensure_ascii=False, indent=args.indent) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return status


def summary(report: Report) -> str:
    """A few lines a person reads: the format, and each table's kind, dialect, lines and size."""
    counts = {s: sum(f.severity == s for f in report.findings) for s in ("error", "warning", "info")}
    lines = [
        f"{report.source or '<text>'}: format {report.format or '—'}, {len(report.tables)} table(s), "
        + ", ".join(f"{n} {s}(s)" for s, n in counts.items())
    ]
    for table in report.tables:
        found = sum(cell.text is not None for cell in table.cells)
        lines.append(
            f"  {table.kind:<12} {table.dialect:<13} lines {table.lines[0]}–{table.lines[1]:<5} "
            f"grid {table.grid.height}×{table.grid.width}, {found}/{len(table.cells)} cells found, "
            f"{sum(c.inferred for c in table.cells)} inferred — {table.why}"
        )
    return "\n".join(lines)


def _check_dataset(args: argparse.Namespace) -> int:
    from .corpus import check_paths

    jobs, cap = worker_count(1 if args.jobs is None else args.jobs)
    if cap:
        print(f"govtables: warning: {cap}", file=sys.stderr)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # the cap, said above
            result = check_paths(args.reports, jobs=jobs, out=args.out, progress=args.progress, resume=args.resume)
    except Interrupted as exc:
        print(f"govtables: {exc}", file=sys.stderr)
        return exc.exit_status
    except OutputLocked as exc:
        print(f"govtables: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except GovtablesError as exc:  # an unusable --out, a partial output that cannot be resumed, a missing extra
        print(f"govtables: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(result.render())
    return EXIT_UNREADABLE if result.unreadable else (EXIT_FAILS if result.with_errors else EXIT_OK)


def _check(args: argparse.Namespace) -> int:
    from .validate import check

    if args.out:
        return _check_dataset(args)
    try:
        previous = _read_one(args.previous, check=False) if args.previous else None
    except GovtablesError as exc:
        print(f"govtables: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    done: list[Checked] = []  # names and counts: a large corpus is not held in memory (JSON is)
    reports: list[dict[str, Any]] = []
    unreadable: list[str] = []
    for item in expand(args.reports):
        try:
            # last year's report also decides the split of a collapsed table (历年累计)
            report = _read_one(item, check=False, previous=previous)
        except GovtablesError as exc:
            print(f"govtables: {exc}", file=sys.stderr)
            unreadable.append(item)
            continue
        # the validation read(check=True) would run, once, with its counts kept for the summary
        result = check(report, previous=previous)
        report = attrs.evolve(report, findings=report.findings + result.findings)
        done.append(Checked.of(report, result))
        if args.format == "json":
            reports.append(report_to_dict(report) | {"identities": _identities(result)})
        elif not args.quiet:
            print(checked_text(report, result, verbose=args.verbose), end="\n\n" if args.verbose else "\n")
    if args.format == "json":
        print(json.dumps(_checked_json(reports, done, unreadable), ensure_ascii=False, indent=2))
    else:
        print(("" if args.quiet or args.verbose else "\n") + checked_summary(done, unreadable))
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_FAILS if any(c.failing for c in done) else EXIT_OK


def _identities(result: CheckResult) -> dict[str, int]:
    return {"passed": result.passed, "failed": result.failed, "not_assessed": result.not_assessed}


def _checked_json(
    reports: list[dict[str, Any]], done: Sequence[Checked], unreadable: Sequence[str]
) -> dict[str, Any]:
    """One report: its object with its identity counts; several: the objects, the totals, the lists."""
    if len(reports) == 1 and not unreadable:
        return reports[0]
    return {
        "reports": reports,
        "identities": _identities(sum((c.result for c in done), CheckResult())),
        "failing": [c.source for c in done if c.failing],
        "unread": [{"source": c.source, "why": c.unread} for c in done if c.unread],
        "unreadable": list(unreadable),
    }


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
