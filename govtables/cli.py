"""The command line: ``govtables parse`` and ``govtables check``.

Exit status (both commands): 0 done, 1 a report could not be read at all, 2 usage error.
``check`` also exits 3 when every report was read but at least one breaks an identity (a finding
of severity ``error``), so a pipeline can stop on reports that do not add up.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs

from .corpus import iter_paths
from .errors import GovtablesError
from .export import report_to_dict, write_csv
from .model import Report
from .pipeline import read

EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE, EXIT_FAILS = 0, 1, 2, 3


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govtables",
        description="Rebuild and check the tables of 政府信息公开工作年度报告 from scraped text.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="print the tables of each report as JSON (output.md)")
    parse.add_argument(
        "reports", nargs="+", metavar="REPORT", help="report files, folders, globs, or - for stdin"
    )
    parse.add_argument("--format", choices=("json", "jsonl", "csv", "summary"), default="json")
    parse.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output")
    parse.add_argument("--indent", type=int, default=2, help="JSON indent (json format only)")
    check = commands.add_parser("check", help="validate the arithmetic of each report")
    check.add_argument(
        "reports", nargs="+", metavar="REPORT", help="report files, folders, globs, or - for stdin"
    )
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--previous", metavar="REPORT", help="last year's report of the same body (check X-1)")
    check.add_argument(
        "--out", metavar="DATASET", help="write reports/cells/findings to .duckdb, .parquet or .csv"
    )
    check.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="worker processes (with --out; 0: one a CPU)"
    )
    check.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="a progress bar (with --out; default: on a terminal only)",
    )
    return parser


def expand(inputs: Sequence[str]) -> Iterator[str]:
    """Files as given; folders walked for report files; globs expanded; ``-`` (stdin) kept."""
    for item in inputs:
        if item == "-":
            yield item
        else:
            yield from (str(path) for path in iter_paths([item]))


def _read_one(item: str, *, check: bool) -> Report:
    if item == "-":
        return read(sys.stdin.buffer.read(), name="<stdin>", check=check)
    return read(Path(item), check=check)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _arguments()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if args.command == "parse":
        return _parse(args)
    return _check(args)


def _parse(args: argparse.Namespace) -> int:
    reports: list[Report] = []
    status = EXIT_OK
    for item in expand(args.reports):
        try:
            reports.append(_read_one(item, check=True))
        except GovtablesError as exc:
            print(f"govtables: {exc}", file=sys.stderr)
            status = EXIT_UNREADABLE
    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout  # noqa: SIM115
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


def _check(args: argparse.Namespace) -> int:
    from .validate import check, check_summary

    if args.out:
        from .corpus import check_paths

        try:
            summary = check_paths(args.reports, jobs=args.jobs, out=args.out, progress=args.progress)
        except GovtablesError as exc:  # an unusable --out, or its optional package missing
            print(f"govtables: {exc}", file=sys.stderr)
            return EXIT_USAGE
        print(summary.render())
        return EXIT_UNREADABLE if summary.unreadable else (EXIT_FAILS if summary.with_errors else EXIT_OK)
    try:
        previous = _read_one(args.previous, check=False) if args.previous else None
    except GovtablesError as exc:
        print(f"govtables: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    status, payload = EXIT_OK, []
    for item in expand(args.reports):
        try:
            report = _read_one(item, check=False)
        except GovtablesError as exc:
            print(f"govtables: {exc}", file=sys.stderr)
            status = EXIT_UNREADABLE
            continue
        # the validation read(check=True) would run, once, with its counts kept for the summary
        result = check(report, previous=previous)
        report = attrs.evolve(report, findings=report.findings + result.findings)
        if any(f.severity == "error" for f in report.findings) and status == EXIT_OK:
            status = EXIT_FAILS
        if args.format == "json":
            payload.append(report_to_dict(report))
        else:
            print(check_summary(report, report.findings, result=result), end="\n\n")
    if args.format == "json":
        print(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2))
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
