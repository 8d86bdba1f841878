"""Throughput of read → rebuild → validate, with ratios measured in the same run.

    python benchmarks/throughput.py                 # quick: --n 40 generated reports
    python benchmarks/throughput.py --n 100000 --jobs 2 --rss-only   # the 10^5 peak-RSS batch
    python benchmarks/throughput.py --profile       # plus a cProfile of the slowest stages

Prints, per dialect (pipe, statutory, cell-per-line, html): end-to-end reports/s and ms/report on one
core (``govtables.corpus.check_report`` on the generated files: read, rebuild, validate); the ratio
against ``pandas.read_html(flavor="lxml")`` on the HTML form of the same tables; the ratio against a
bare ``re`` scan of the same text; and the peak RSS of a child process running
``govtables.corpus.check_paths`` over the whole generated folder into a DuckDB file.

Targets: ≥ 1,000 reports/s per core, ≥ 2× faster than pandas.read_html, within 20× of the re scan,
peak RSS < 200 MB whatever the corpus size.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import attrs
from generate import DIALECTS, generate

from govtables.corpus import check_paths, check_report
from govtables.model import Report
from govtables.pipeline import read
from govtables.text import read_text

SCAN = re.compile(r"[|｜]+|\d+(?:\.\d+)?")


def timed(function: Callable[[str], object], items: list[str]) -> float:
    """Seconds per item, after one warm-up call."""
    function(items[0])
    start = time.perf_counter()
    for item in items:
        function(item)
    return (time.perf_counter() - start) / len(items)


def read_in_memory(text: str) -> object:
    return read(text)


def pandas_html(text: str) -> object:
    import pandas

    return pandas.read_html(io.StringIO(text), flavor="lxml")


@functools.cache
def _replayed(dialect: str, fmt: str) -> Report:
    folder = Path(os.environ["GOVTABLES_REPLAY"]) / dialect
    first = next(p for p in sorted(folder.rglob("*.*")) if p.stem.endswith(fmt))
    return read(first)


def replay_read(path: Path) -> Report:
    """A reader that decodes the file but replays one real Report per (dialect, format): it measures
    the corpus machinery (paths, pool, rows, sink) at 10^5 scale without the pipeline's cost."""
    read_text(path)
    report = _replayed(path.parent.parent.name, path.stem.rsplit("_", 1)[-1])
    return attrs.evolve(report, source=str(path))


def rss_child(folder: str, out: str, jobs: int, replay: bool) -> None:
    """Run in a child process: check the folder, print the summary and the peak RSS as JSON."""
    if replay:
        os.environ["GOVTABLES_REPLAY"] = folder
    summary = check_paths(
        [folder], jobs=jobs, out=out, progress=False, reader=replay_read if replay else None
    )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        json.dumps(
            {
                "reports": summary.reports,
                "unreadable": summary.unreadable,
                "elapsed": summary.elapsed,
                "rate": summary.rate,
                "rss_parent_mb": own / 1024,
                "rss_worker_mb": workers / 1024,
                "summary": summary.render(),
            }
        )
    )


def peak_rss(folder: Path, jobs: int, replay: bool) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "results.duckdb"
        command = [sys.executable, __file__, "--child", str(folder), str(out), str(jobs), str(int(replay))]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        figures = json.loads(done.stdout)
        figures["out_mb"] = out.stat().st_size / 2**20 if out.exists() else 0.0
        return figures


def profile(paths: list[Path], top: int) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for path in paths:
        check_report(path)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=40, help="reports to generate (default 40)")
    parser.add_argument("--folder", type=Path, help="use reports generated before (generate.py)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for the RSS run")
    parser.add_argument("--timing-n", type=int, default=40, help="reports per dialect timed on one core")
    parser.add_argument("--rss-only", action="store_true", help="only the peak-RSS batch run")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of check_report")
    parser.add_argument(
        "--replay",
        action="store_true",
        help="RSS run: replay one real Report per dialect and format instead of rebuilding each file",
    )
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        rss_child(args.child[0], args.child[1], int(args.child[2]), args.child[3] == "1")
        return

    with tempfile.TemporaryDirectory() as scratch:
        folder = args.folder or Path(scratch)
        if args.folder is None:
            start = time.perf_counter()
            count = sum(1 for _ in generate(folder, args.n))
            print(f"generated {count} reports in {time.perf_counter() - start:.1f} s under {folder}")
        if not args.rss_only:
            timings(folder, args.timing_n, args.profile)
        figures = peak_rss(folder, args.jobs, args.replay)
        print(
            f"\ncorpus.check_paths{' (replayed reports)' if args.replay else ''}, {figures['reports']:,}"
            f" reports, jobs={args.jobs}, out=.duckdb:"
            f" {figures['elapsed']:.1f} s wall, {figures['rate']:,.1f} reports/s,"
            f" peak RSS parent {figures['rss_parent_mb']:.0f} MB, largest worker"
            f" {figures['rss_worker_mb']:.0f} MB (target < 200 MB); DuckDB file {figures['out_mb']:.1f} MB"
        )
        print(figures["summary"])


def timings(folder: Path, per_dialect: int, with_profile: bool) -> None:
    print(f"\n{'dialect':<14}{'reports':>8}{'reports/s':>11}{'ms/report':>11}{'× re scan':>11}")
    html_texts: list[str] = []
    for dialect in DIALECTS:
        paths = sorted((folder / dialect).rglob("*.*"))[:per_dialect]
        if not paths:
            continue
        texts = [path.read_text(encoding="utf-8") for path in paths]
        if dialect == "html":
            html_texts = texts
        ours = timed(lambda p: check_report(p), [str(p) for p in paths])
        scan = timed(SCAN.findall, texts)
        print(f"{dialect:<14}{len(paths):>8}{1 / ours:>11,.1f}{ours * 1000:>11.2f}{ours / scan:>10,.0f}×")
    if html_texts:
        ours = timed(read_in_memory, html_texts)
        theirs = timed(pandas_html, html_texts)
        verdict = "faster" if theirs > ours else "slower"
        print(
            f"\nHTML, same text in memory: govtables.read {ours * 1000:.2f} ms/report,"
            f" pandas.read_html(lxml) {theirs * 1000:.2f} ms/report"
            f" → govtables is {max(theirs / ours, ours / theirs):.2f}× {verdict} (target ≥ 2× faster)"
        )
    if with_profile:
        paths = sorted(folder.rglob("*.*"))[: 2 * len(DIALECTS)]
        profile(paths, 25)


if __name__ == "__main__":
    main()
