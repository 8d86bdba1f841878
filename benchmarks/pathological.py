"""Time and peak memory of govtables on pathological inputs (a script, not a test).

Each case runs in a fresh subprocess (``python benchmarks/pathological.py --case NAME --stage STAGE``)
so the parsers' build, caches and memory of one case do not leak into the next. Each figure is given
beside a baseline measured on the same input in the same run — ``str.split`` on the line ends, the
least any reader has to do — and the ratio of the two. Targets: under 1 s and 100 MB a case.

Usage (from the repository root)::

    .venv/bin/python benchmarks/pathological.py            # every case, govtables.read and parse_rows
    .venv/bin/python benchmarks/pathological.py --quick    # inputs a tenth the size
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable

TARGET_SECONDS = 1.0
TARGET_MB = 100.0

HEADING = "三、收到和处理政府信息公开申请情况"


def _single_line(scale: float) -> str:
    """A 10 MB single line: a scraped page with every line break lost."""
    unit = "本年新收政府信息公开申请数量 0 | "
    return unit * int(10_000_000 * scale / len(unit.encode()))


def _pipes(scale: float) -> str:
    """10^6 bars: one row of a million empty cells."""
    return "|" * int(1_000_000 * scale)


def _pipe_lines(scale: float) -> str:
    """10^6 bars spread over lines of cells (a table-shaped block of 10^5 short rows)."""
    return "\n".join("| 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |" for _ in range(int(100_000 * scale)))


def _headings(scale: float) -> str:
    """10^4 repeated section headings, each with a line of table under it."""
    return "\n".join(f"{HEADING}\n一、本年新收政府信息公开申请数量 | 0 |" for _ in range(int(10_000 * scale)))


def _nested(scale: float) -> str:
    """Deeply nested 其中 rows: each row a sub-row of the one above, ever longer labels."""
    rows = []
    for depth in range(int(10_000 * scale)):
        rows.append(f"{'其中' * (depth % 50 + 1)}:第{depth}项 | 条 | {depth} |")
    return "指标名称 | 单位 | 数量 |\n" + "\n".join(rows)


def _statutory_run(scale: float) -> str:
    """10^5 lines of `0 |` with no bar line: the statutory layout with every row run together."""
    return f"{HEADING}\n" + "\n".join("0 |" for _ in range(int(100_000 * scale)))


CASES: dict[str, Callable[[float], str]] = {
    "10MB-single-line": _single_line,
    "1e6-pipes-one-line": _pipes,
    "1e6-pipes-1e5-rows": _pipe_lines,
    "1e4-headings": _headings,
    "1e4-nested-其中": _nested,
    "1e5-statutory-cells": _statutory_run,
}
STAGES = ("baseline", "parse_rows", "read")


def run_case(name: str, stage: str, scale: float) -> dict[str, object]:
    """Measure one case in this process: wall time, tracemalloc peak and max RSS growth."""
    text = CASES[name](scale)
    if stage == "parse_rows":
        from govtables.errors import ParseError
        from govtables.parse import parse_rows
        from govtables.regions import line_shape, sniff

        sniffed = sniff([line_shape(line) for line in text.split("\n")[:2000]])
        dialect = sniffed[0] if sniffed and sniffed[0] != "spaced" else "pipe"

        def work() -> object:
            try:
                return len(parse_rows(dialect, text))
            except ParseError as exc:
                return f"ParseError: {exc.message}"

        # build the parser before measuring: it is built once a process
        parse_rows(dialect, "a | b |")
    elif stage == "read":
        import govtables
        from govtables.parse import GRAMMARS, parser

        for dialect in GRAMMARS:  # parsers are built once a process, on first use: not measured
            parser(dialect)

        def work() -> object:
            report = govtables.read(text)
            return f"{len(report.tables)} tables, {len(report.findings)} findings"

    else:

        def work() -> object:
            return len(text.split("\n"))

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # time first, with nothing watching (tracemalloc slows allocation-heavy code two to three
    # times); then the same work again under tracemalloc for its peak memory
    start = time.perf_counter()
    outcome = work()
    seconds = time.perf_counter() - start
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "case": name,
        "stage": stage,
        "bytes": len(text.encode()),
        "seconds": seconds,
        "peak_mb": peak / 2**20,
        "rss_growth_mb": max(0, rss_after - rss_before) / 1024,  # ru_maxrss is in KiB on Linux
        "outcome": str(outcome),
    }


def measure(name: str, stage: str, scale: float) -> dict[str, object]:
    """Run one case in a fresh subprocess."""
    command = [sys.executable, __file__, "--case", name, "--stage", stage, "--scale", str(scale)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    except subprocess.TimeoutExpired:
        return {"case": name, "stage": stage, "seconds": float("inf"), "peak_mb": float("nan"),
                "outcome": "timeout"}
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["?"]
        return {"case": name, "stage": stage, "seconds": float("nan"), "peak_mb": float("nan"), "outcome": tail[0]}
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", choices=sorted(CASES))
    parser.add_argument("--stage", choices=STAGES, default="read")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--quick", action="store_true", help="inputs a tenth the size")
    args = parser.parse_args()
    if args.case:  # the child process
        print(json.dumps(run_case(args.case, args.stage, args.scale)))
        return
    scale = 0.1 if args.quick else args.scale
    header = (
        f"{'case':<22} {'stage':<11} {'MB in':>6} {'seconds':>8} {'× split':>8} {'peak MB':>8} {'× split':>8}"
        "  ok  outcome"
    )
    print(header)
    print("-" * len(header))
    failures = 0
    for name in CASES:
        base = measure(name, "baseline", scale)
        for stage in STAGES:
            figures = base if stage == "baseline" else measure(name, stage, scale)
            seconds, peak = float(figures["seconds"]), float(figures["peak_mb"])  # type: ignore[arg-type]
            time_ratio = seconds / max(float(base["seconds"]), 1e-9)  # type: ignore[arg-type]
            mem_ratio = peak / max(float(base["peak_mb"]), 1e-9)  # type: ignore[arg-type]
            ok = seconds < TARGET_SECONDS and peak < TARGET_MB
            # the target is the library's: govtables.read, which bounds what reaches the parser;
            # parse_rows (a stage that parses all it is given) is shown for information
            failures += stage == "read" and not ok
            size = int(figures.get("bytes", 0)) / 2**20  # type: ignore[call-overload]
            print(
                f"{name:<22} {stage:<11} {size:>6.1f} {seconds:>8.3f} {time_ratio:>8.1f} {peak:>8.1f}"
                f" {mem_ratio:>8.1f}  {'yes' if ok else 'NO ':<3} {str(figures['outcome'])[:60]}"
            )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\ntarget (govtables.read): each under {TARGET_SECONDS:g} s and {TARGET_MB:g} MB; {failures} case(s) over")
    print(f"scale {scale:g}; load average at the end {load} on {os.cpu_count()} CPUs; python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
