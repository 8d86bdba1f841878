"""The format side of a read on seed 004 (the 2019 statutory layout): the stages after the grid —
format detection, the template and validation — and the whole read, each the minimum of ``--rounds``
rounds (``time.perf_counter``), interleaved.

    python benchmarks/formats.py                 # 20 rounds
    python benchmarks/formats.py --rounds 50

Measured on the shared 2-core machine (``--rounds 60``, three interleaved runs each): the format
stages 5.4–5.7 ms before the format registry was compiled (identities rebuilt per report, each
table flattened twice, labels matched afresh) and 2.9–3.1 ms after; the whole read 14.7–15.0 ms
and 11.7–11.8 ms.

The tables are parsed once (the grammars' part is measured by benchmarks/throughput.py); the
format stages then run on fresh copies of them each round, as
:func:`govtables.pipeline.report_of_tables` runs them. Caches keyed by label text (the same labels
recur in every report) stay warm across rounds, as they do across the reports of a batch.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import attrs

from govtables.model import Report
from govtables.pipeline import _text_tables, read
from govtables.template import apply_template, detect_format
from govtables.validate import validate

SEED_004 = next((Path(__file__).resolve().parent.parent / "examples").glob("004_*.txt"))


def format_stages(tables: list) -> Report:
    """Detection, the template and validation, as the pipeline runs them."""
    fmt, findings = detect_format(tables)
    placed = []
    for table in tables:
        table, _ = apply_template(table, fmt=fmt)
        placed.append(table)
    report = Report(source=None, format=fmt, tables=tuple(placed), findings=findings)
    validate(report)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    text = SEED_004.read_text("utf-8")
    tables = _text_tables(text.split("\n"), None, [])
    assert [t.kind for t in tables] == ["active", "applications", "reviews"], [t.kind for t in tables]
    assert format_stages(tables).format == "2019"
    best = {"format stages": float("inf"), "whole read": float("inf")}
    for _ in range(args.rounds):
        fresh = [attrs.evolve(table) for table in tables]  # new objects, as every read makes: nothing kept by identity
        start = time.perf_counter()
        format_stages(fresh)
        middle = time.perf_counter()
        read(text)
        end = time.perf_counter()
        best["format stages"] = min(best["format stages"], middle - start)
        best["whole read"] = min(best["whole read"], end - middle)
    for what, seconds in best.items():
        print(f"seed 004 {what}: {seconds * 1000:.2f} ms (min of {args.rounds})")


if __name__ == "__main__":
    main()
