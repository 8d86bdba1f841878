"""What pairing the same body across years costs a ``check DIR`` run, and what the alternative would.

    python benchmarks/pairs.py [--bodies 50] [--years 4] [--jobs 1]

Writes ``bodies × years`` reports (tests/test_years.py's builders: 2021 format, consecutive years,
no seeded break) into a temporary folder and measures, for the design in use — each worker's
``ReportRow`` carries the few cells the cross-year checks read (``across``), and the parent pairs
them at the end — against re-reading every paired report in the parent after the run:

- the run with ``--out x.duckdb``, and within it the pairing at its end;
- the re-read alternative: ``govtables.read`` of each report the pairing pairs, in the parent;
- the bytes a row carries for pairing (pickled, as it crosses from a worker) and the parent's
  memory for all of them (tracemalloc).
"""

from __future__ import annotations

import argparse
import pickle
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import attrs
from test_years import _series

import govtables as gt
from govtables.corpus import check_paths, check_report
from govtables.years import pair_reports

STEMS = "甲乙丙丁戊己庚辛壬癸"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bodies", type=int, default=50)
    parser.add_argument("--years", type=int, default=4)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for body in range(args.bodies):
            name = "".join(STEMS[int(digit)] for digit in f"{body:03d}")  # agency names have no digits
            texts = _series(f"{name}县商务局", "2021", range(2021, 2021 + args.years), rng, {})
            for name, text in texts.items():
                (root / name).write_text(text, encoding="utf-8")
        paths = sorted(root.glob("*.txt"))
        print(f"reports          {len(paths)} ({args.bodies} bodies × {args.years} years), jobs {args.jobs}")

        start = time.perf_counter()
        summary = check_paths([root], out=root / "x.duckdb", jobs=args.jobs, progress=False)
        run = time.perf_counter() - start
        print(f"run --out duckdb {run:.2f} s ({summary.pairs} pairs checked)")

        rows = [check_report(path) for path in paths]
        labels: dict[tuple[str, ...], tuple[str, ...]] = {}
        kept = [row.pairing_part(labels) for row in rows]
        start = time.perf_counter()
        pairing = pair_reports(row.across_report() for row in kept)
        pair = time.perf_counter() - start
        print(f"pairing (carried cells, in the parent)  {pair:.3f} s for {len(pairing.pairs)} pairs")

        paired = {source for p in pairing.pairs for source in p.sources}
        start = time.perf_counter()
        reread = pair_reports(gt.read(path) for path in paths if str(path) in paired)
        again = time.perf_counter() - start
        print(f"re-read alternative (read + pair)       {again:.3f} s for {len(reread.pairs)} pairs")

        plain = sum(len(pickle.dumps(attrs.evolve(row, across=()))) for row in rows) / len(rows)
        carried = sum(len(pickle.dumps(row)) for row in rows) / len(rows)
        cells = sum(len(row.across) for row in rows) / len(rows)
        print(f"row pickled      {plain:,.0f} → {carried:,.0f} bytes a report ({cells:.0f} cells carried)")

        crossed = [pickle.loads(pickle.dumps(row)) for row in rows]  # as they reach the parent
        labels = {}
        tracemalloc.start()
        held = [row.pairing_part(labels) for row in crossed]
        size, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"parent holds     {size / len(held):,.0f} bytes a report for pairing ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
