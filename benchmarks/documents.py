"""Time per PDF and Word report: each fixture of tests/fixtures/documents read ``--repeat`` times.

    python benchmarks/documents.py [--repeat 5] [--limit-ms 2000]

Prints, per file, its pages, the median and best wall time of :func:`govtables.read`, the median
time per page and the best CPU time per page (steadier than wall time on a shared machine); exits
1 when a PDF's median per report is above ``--limit-ms``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import govtables as gt

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "documents"
FILES = (
    "seed004.docx",
    "report2021.docx",
    "seed004.pdf",
    "report2021.pdf",
    "split.pdf",
    "seed004-unruled.pdf",
    "report2021-unruled.pdf",
    "seed004-text.pdf",
)


def pages(path: Path) -> int:
    if path.suffix != ".pdf":
        return 0
    import pdfplumber

    with pdfplumber.open(path) as document:
        return len(document.pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--limit-ms", type=float, default=2000.0, help="the most a PDF report may take (median)")
    args = parser.parse_args()
    over = False
    print(f"{'file':22} {'pages':>5} {'tables':>6} {'median ms':>10} {'best ms':>8} {'ms/page':>8} {'CPU ms/page':>12}")
    for name in FILES:
        path = FIXTURES / name
        times, cpu = [], []
        for _ in range(args.repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            report = gt.read(path)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        median, n_pages = statistics.median(times), pages(path)
        per_page = f"{median / n_pages:8.1f} {min(cpu) / n_pages:12.1f}" if n_pages else f"{'—':>8} {'—':>12}"
        print(f"{name:22} {n_pages or '—':>5} {len(report.tables):>6} {median:10.1f} {min(times):8.1f} {per_page}")
        over |= path.suffix == ".pdf" and median > args.limit_ms
    print(f"limit: a PDF report in under {args.limit_ms:.0f} ms (median) — {'FAILED' if over else 'ok'}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
