"""Where one report's time goes: the ms of each stage of ``govtables.read``, against pandas and ``re``.

    python benchmarks/stages.py                 # seed 004, 25 interleaved rounds
    python benchmarks/stages.py --rounds 30 --report examples/001_8f9864aa0e681fec.txt
    python benchmarks/stages.py --rounds 150    # on a busy machine: more rounds for steady minima

Reads a report's text (default: seed 004, ``examples/004_*``), and the same tables written as HTML
with their official spans (:func:`govtables.render.render`, one ``<table>`` each after its title), and
times, in one process and interleaved round by round (the machine is shared: ratios measured in one
process are what to compare), the minimum over the rounds of:

- each stage inside ``govtables.read`` (timed by wrapping the pipeline's stage functions; a stage
  called several times in a read — one parse per region — is summed over the read);
- ``govtables.read`` of the text and of the HTML, with validation (the totals);
- ``pandas.read_html(flavor="lxml")`` of the same HTML;
- the linear pass ``re.findall(r"[|]+|[^|\\n]+|\\n", text)``, a floor for any reader of the text;

then the ratios, and the time of ``import govtables`` plus a first read in a fresh interpreter
(the minimum of a few subprocess runs).
"""

from __future__ import annotations

import argparse
import io
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import govtables
from govtables import pipeline, regions, text
from govtables.render import render

ROOT = Path(__file__).resolve().parent.parent
SEED = next((ROOT / "examples").glob("004_*.txt"))
LINEAR = re.compile(r"[|]+|[^|\n]+|\n")

# (module, function name, stage): the functions the pipeline calls, looked up at call time.
STAGES: tuple[tuple[Any, str, str], ...] = (
    (pipeline, "prose_figures", "prose"),
    (regions, "find_regions", "regions"),
    (pipeline, "parse_rows", "parse (lex + LALR + rows)"),
    (pipeline, "implausible", "plausibility"),
    (pipeline, "build_grid", "grid"),
    (pipeline, "html_tables", "html tables (parse + grid)"),
    (pipeline, "unread_tables", "coverage"),
    (pipeline, "detect_format", "format"),
    (pipeline, "apply_template", "template"),
    (pipeline, "read_metadata", "metadata"),
    (pipeline, "validate", "validate"),
)


class StageTimer:
    """Wraps the stage functions so that each call adds its time to its stage."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)

    def install(self) -> None:
        for module, name, stage in STAGES:
            setattr(module, name, self._timed(getattr(module, name), stage))

    def _timed(self, function: Callable[..., Any], stage: str) -> Callable[..., Any]:
        spent = self.spent

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[stage] += time.perf_counter() - start

        return timed


def html_of(report: govtables.Report) -> str:
    """The report's tables as one HTML page, each after its title, with the grid's spans."""
    parts = ["<html><body>"]
    for table in report.tables:
        if table.title:
            parts.append(f"<p>{table.title}</p>")
        parts.append(render(table, "html"))
    parts.append("</body></html>")
    return "\n".join(parts)


def pandas_read(html: str) -> object:
    import pandas

    return pandas.read_html(io.StringIO(html), flavor="lxml")


def fresh_ms(code: str, runs: int) -> float:
    """ms printed by ``code`` in fresh interpreters (min of ``runs``). Bytecode is written and used
    (``PYTHONDONTWRITEBYTECODE`` dropped), as for an installed wheel: without ``.pyc`` files, compiling
    the package's source costs ~90 ms of every import."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout)
        for _ in range(runs + 1)  # the first run may write the .pyc files
    ]
    return min(times[1:]) * 1000


def import_ms(runs: int) -> float:
    """``import govtables`` in a fresh interpreter."""
    return fresh_ms("import time; t = time.perf_counter(); import govtables; print(time.perf_counter() - t)", runs)


def first_read_ms(path: Path, runs: int) -> float:
    """``import govtables`` plus one read of ``path`` in a fresh interpreter (the grammars' analysed
    tables come from Lark's cache once a first run has written it: see govtables.parse)."""
    code = (
        "import time; t = time.perf_counter(); import govtables; "
        f"govtables.read({str(path)!r}); print(time.perf_counter() - t)"
    )
    return fresh_ms(code, runs)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--report", type=Path, default=SEED, help="a text report (default: seed 004)")
    parser.add_argument("--rounds", type=int, default=25, help="interleaved rounds (default 25)")
    parser.add_argument("--import-runs", type=int, default=5, help="fresh interpreters for the import time")
    args = parser.parse_args(argv)

    raw = args.report.read_bytes()
    report_text = text.decode(raw)
    report = govtables.read(report_text)
    html = html_of(report)
    assert [t.kind for t in govtables.read(html).tables] == [t.kind for t in report.tables], "HTML read differs"

    timer = StageTimer()
    timer.install()
    best: dict[str, float] = defaultdict(lambda: float("inf"))

    def clock(label: str, function: Callable[[], object]) -> None:
        timer.spent.clear()
        start = time.perf_counter()
        function()
        best[label] = min(best[label], time.perf_counter() - start)
        for stage, spent in timer.spent.items():
            key = f"{label}: {stage}"
            best[key] = min(best[key], spent)

    for _ in range(args.rounds):
        clock("decode", lambda: text.decode(raw))
        clock("text", lambda: govtables.read(report_text))
        clock("html", lambda: govtables.read(html))
        clock("pandas", lambda: pandas_read(html))
        clock("re", lambda: LINEAR.findall(report_text))

    print(
        f"{args.report.name}: {len(report.tables)} tables, {len(report_text):,} characters;"
        f" HTML {len(html):,} characters; min of {args.rounds} interleaved rounds, one process\n"
    )
    for label in ("text", "html"):
        print(f"govtables.read of the {label} (with validation): {best[label] * 1000:7.2f} ms")
        stages = [(key.split(": ", 1)[1], value) for key, value in best.items() if key.startswith(f"{label}: ")]
        for stage, spent in sorted(stages, key=lambda item: -item[1]):
            print(f"    {stage:<30}{spent * 1000:7.2f} ms")
        print(
            f"    {'rest (attrs, glue, findings)':<30}"
            f"{(best[label] - sum(s for _, s in stages)) * 1000:7.2f} ms  (stage minima taken separately)"
        )
    print(f"decode of the file's bytes:          {best['decode'] * 1000:7.2f} ms")
    print(f"pandas.read_html(flavor='lxml'):     {best['pandas'] * 1000:7.2f} ms")
    print(f"re.findall linear pass:              {best['re'] * 1000:7.3f} ms\n")
    print(f"text vs pandas: {best['pandas'] / best['text']:.2f}× (≥ 2 means govtables 2× faster; target 2)")
    print(f"html vs pandas: {best['pandas'] / best['html']:.2f}× (target 2)")
    print(f"text vs re pass: {best['text'] / best['re']:.0f}× the re pass (target ≤ 30)")
    print(
        f"\nimport govtables: {import_ms(args.import_runs):.0f} ms;"
        f" import + first read of {args.report.name}: {first_read_ms(args.report, args.import_runs):.0f} ms"
        f" (min of {args.import_runs} fresh interpreters; target 150)"
    )


if __name__ == "__main__":
    main()
