"""Time and peak memory of ``govtables.read`` on pathological inputs (a script, not a test).

Each case runs in a fresh child process (``python benchmarks/pathological.py --case NAME``), so
the parsers' build, caches and memory of one case do not leak into the next. The child times
``govtables.read`` of the input's UTF-8 bytes (its parsers built first, not timed); the parent takes the child's
peak resident memory from ``os.wait4`` (the whole process: interpreter, imports, input, work) and
its wall time. Limits for every input up to ``MAX_REPORT_BYTES`` (10 MiB): ``read`` ≤ 2 s and the
whole process ≤ 200 MB. Exits 1 when a case is over.

Usage (from the repository root)::

    .venv/bin/python benchmarks/pathological.py            # every case
    .venv/bin/python benchmarks/pathological.py --quick    # inputs a tenth the size
    .venv/bin/python benchmarks/pathological.py --only span-bomb-4KB 1e5-html-rows
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

LIMIT_SECONDS = 2.0
LIMIT_MB = 200.0
HEADING = "三、收到和处理政府信息公开申请情况"


def _single_line(scale: float) -> str:
    """A 10 MB single line: a scraped page with every line break lost."""
    unit = "本年新收政府信息公开申请数量 0 | "
    return unit * int(10_000_000 * scale / len(unit.encode()))


def _single_line_no_bars(scale: float) -> str:
    """10 MB of a label and words on one line under a heading, no bar: 3.1 s before the region finder
    judged a long line on its first characters."""
    unit = "本年新收政府信息公开申请数量 数 据 "
    return "一、总体情况\n" + unit * int(10_000_000 * scale / len(unit.encode()))


def _script_tags(scale: float) -> str:
    """A page with a table and 2·10^4 `<script>` tags never closed: 11.7 s in the prose reader's own
    copy of the tag pattern, before it used html.TAG."""
    table = "<table><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>0</td></tr></table>"
    return f"<html><body>{table}<p>本年度共新收政府信息公开申请170件。</p>" + "<script>" * int(20_000 * scale)


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


_BOMB_CELL = "<td rowspan=1000 colspan=1000>0</td>"


def _span_bomb(cells: int) -> Callable[[float], str]:
    """A table whose cells each claim 1000 × 1000 places (the 80-byte bomb has one such cell)."""

    def text(scale: float) -> str:
        return f"<table><tr>{_BOMB_CELL * cells}</tr><tr><td>1</td></tr></table>"

    return text


def _cell_bar_backtracking(scale: float) -> str:
    """A line of 10^5 CJK characters, then `|x`: once 48 s in `regions._CELL_BAR`."""
    return "一、总体情况\n" + "中" * int(100_000 * scale) + "|x"


def _ascii_line(scale: float) -> str:
    """A 1 MB ASCII line ending `|x`: once did not finish in 60 s."""
    return "一、总体情况\n" + "a" * int(1_000_000 * scale) + "|x"


def _label_numbers_backtracking(scale: float) -> str:
    """One HTML cell of `a1` × 5·10^4: once 54 s in `template._LABEL_THEN_NUMBERS`."""
    return f"<table><tr><td>{'a1' * int(50_000 * scale)}</td><td>0</td></tr><tr><td>规章</td><td>1</td></tr></table>"


def _small_tables(scale: float) -> str:
    """10^4 small HTML tables (1.4 MB): once 142 s and 913 MB."""
    table = "<table><tr><td>行政复议</td><td>结果维持</td></tr><tr><td>规章</td><td>1</td></tr></table>\n"
    return "<html><body>\n" + table * int(10_000 * scale) + "</body></html>"


def _html_rows(scale: float) -> str:
    """One HTML table of 10^5 rows (5 MB): once 27 s and 603 MB."""
    row = "<tr><td>规章</td><td>1</td><td>2</td><td>3</td></tr>\n"
    return "<html><body><table>\n" + row * int(100_000 * scale) + "</table></body></html>"


def _attributes(scale: float) -> str:
    """A tag with 10^6 attributes (6 MB): once 807 MB."""
    attributes = ' a="1"' * int(1_000_000 * scale)
    return f"<table><tr><td{attributes}>0</td></tr><tr><td>1</td></tr></table>"


def _seed_repeated(scale: float) -> str:
    """Seed report 004 repeated to 10 MB (50 MB once took 109 s and 919 MB)."""
    seed = (Path(__file__).parent.parent / "examples" / "004_1185ee4c741c8fc5.txt").read_text(encoding="utf-8")
    return seed * max(1, int(10_000_000 * scale / len(seed.encode())))


CASES: dict[str, Callable[[float], str]] = {
    "10MB-single-line": _single_line,
    "10MB-line-no-bars": _single_line_no_bars,
    "html-2e4-script-tags": _script_tags,
    "1e6-pipes-one-line": _pipes,
    "1e6-pipes-1e5-rows": _pipe_lines,
    "1e4-headings": _headings,
    "1e4-nested-其中": _nested,
    "1e5-statutory-cells": _statutory_run,
    "span-bomb-1-cell": _span_bomb(1),
    "span-bomb-10-cells": _span_bomb(10),
    "span-bomb-4KB": _span_bomb(110),
    "cell-bar-1e5-中": _cell_bar_backtracking,
    "1MB-ascii-line": _ascii_line,
    "html-cell-a1×5e4": _label_numbers_backtracking,
    "1e4-html-tables": _small_tables,
    "1e5-html-rows": _html_rows,
    "1e6-attributes": _attributes,
    "10MB-seed-004": _seed_repeated,
}


def _over_limit(scale: float) -> str:
    """11 MB of seed 004: over the limit, so a TooLargeError at once."""
    return _seed_repeated(1.1 * scale)


CASES["11MB-over-limit"] = _over_limit


def run_case(name: str, scale: float) -> dict[str, object]:
    """In the child: build the input and the parsers, then time ``govtables.read``."""
    import govtables
    from govtables.parse import GRAMMARS, parser

    for dialect in GRAMMARS:  # parsers are built once a process, on first use: not timed
        parser(dialect)
    data = CASES[name](scale).encode()  # bytes, as a file holds them: the size limit is on bytes
    start = time.perf_counter()
    try:
        report = govtables.read(data)
        outcome = f"{len(report.tables)} tables, {len(report.findings)} findings"
        caps = ("table-too-long", "too-many-tables", "report-too-long", "span-clamped")
        cuts = sorted({f.rule for f in report.findings if f.rule in caps})
        outcome += f" ({', '.join(cuts)})" if cuts else ""
    except govtables.GovtablesError as exc:
        outcome = f"{type(exc).__name__}: {exc.message}"
    return {"bytes": len(data), "seconds": time.perf_counter() - start, "outcome": outcome}


def measure(name: str, scale: float) -> dict[str, object]:
    """Run one case in a child process: its figures (peak RSS as the child's own ``ru_maxrss``) and wall time."""
    command = [sys.executable, __file__, "--case", name, "--scale", str(scale)]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = child.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        return {"seconds": float("inf"), "wall": float("inf"), "rss_mb": float("nan"), "outcome": "timeout"}
    wall = time.perf_counter() - start
    if child.returncode != 0:
        tail = err.strip().splitlines()[-1:] or ["?"]
        return {"seconds": float("nan"), "wall": wall, "rss_mb": float("nan"), "outcome": tail[0]}
    figures = json.loads(out)
    figures["wall"] = wall
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", choices=sorted(CASES))
    parser.add_argument("--only", nargs="+", choices=sorted(CASES), help="run only these cases")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--quick", action="store_true", help="inputs a tenth the size")
    args = parser.parse_args()
    if args.case:  # the child process
        figures = run_case(args.case, args.scale)
        figures["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        print(json.dumps(figures))
        return
    scale = 0.1 if args.quick else args.scale
    header = f"{'case':<20} {'MB in':>6} {'read s':>7} {'wall s':>7} {'peak MB':>8}  ok  outcome"
    print(header)
    print("-" * len(header))
    over = 0
    for name in args.only or CASES:
        figures = measure(name, scale)
        seconds, rss = float(figures["seconds"]), float(figures["rss_mb"])  # type: ignore[arg-type]
        ok = seconds <= LIMIT_SECONDS and rss <= LIMIT_MB
        over += not ok
        size = int(figures.get("bytes", 0)) / 2**20  # type: ignore[call-overload]
        print(
            f"{name:<20} {size:>6.2f} {seconds:>7.3f} {float(figures['wall']):>7.2f} {rss:>8.1f}"  # type: ignore[arg-type]
            f"  {'yes' if ok else 'NO ':<3} {str(figures['outcome'])[:70]}",
            flush=True,
        )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\nlimits: read ≤ {LIMIT_SECONDS:g} s, whole process ≤ {LIMIT_MB:g} MB peak RSS; {over} case(s) over")
    print(f"scale {scale:g}; load average at the end {load} on {os.cpu_count()} CPUs; python {sys.version.split()[0]}")
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
