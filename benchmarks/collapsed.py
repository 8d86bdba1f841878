"""Time of the collapsed dialect (govtables/collapsed.py) on real one-line reports and on the inputs
that bound its search (a script, not a test).

Each case is read with ``govtables.read`` ``--repeat`` times; the best time is printed beside its
limit. Limits: a real report in under 50 ms; every bounded case (a 10⁴-digit run, a line of 10⁴
rows, a table of glued two-digit values) in under 1 s.

Usage (from the repository root)::

    .venv/bin/python benchmarks/collapsed.py
    .venv/bin/python benchmarks/collapsed.py --repeat 3
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from pathlib import Path

import govtables as gt

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
REPORT_LIMIT = 0.050
BOUNDED_LIMIT = 1.0


def _g015() -> str:
    return (CORPUS / "g015.txt").read_text(encoding="utf-8")


def _long_run() -> str:
    """g015 with table 三's first run made 10⁴ digits."""
    return _g015().replace("640020470", "1" * 10_000)


def _many_rows() -> str:
    """g015 with one row of table 三 repeated 10⁴ times on its line."""
    row = "1.属于国家秘密0000000"
    return _g015().replace(row, row * 10_000)


def _dense() -> str:
    """g015 with every all-zero row of table 三 made six glued two-digit values and their total
    (T3-C holds in each row; T3-A/B do not, so the whole-table search runs to the end)."""
    rng = random.Random(12)
    text = _g015()
    while "0000000" in text:
        parts = [rng.randint(10, 60) for _ in range(6)]
        text = text.replace("0000000", "".join(map(str, parts)) + str(sum(parts)), 1)
    return text


def _time(read: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        read()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    gt.read(CORPUS / "g015.txt")  # build the parsers once: not measured
    cases: list[tuple[str, Callable[[], object], float, str]] = []
    for name in ("g001", "g002", "g013", "g015"):
        path = CORPUS / f"{name}.txt"
        cases.append((name, lambda path=path: gt.read(path), REPORT_LIMIT, ""))
    for name, make in (("10^4-digit run", _long_run), ("10^4-row line", _many_rows), ("dense glued", _dense)):
        text = make()
        report = gt.read(text)
        said = sorted({f.rule for f in report.findings if f.rule.startswith("split-")})
        cases.append((name, lambda text=text: gt.read(text), BOUNDED_LIMIT, ", ".join(said)))
    failed = 0
    print(f"{'case':<16} {'seconds':>9} {'limit':>7}  findings")
    for name, read, limit, said in cases:
        seconds = _time(read, args.repeat)
        failed += seconds > limit
        mark = "" if seconds <= limit else "  OVER"
        print(f"{name:<16} {seconds:>9.4f} {limit:>7.3f}  {said}{mark}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
