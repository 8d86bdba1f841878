"""The collapsed dialect on one-line texts it was not built on, scored against hand labels (a script,
not a test).

The four collapsed reports of the repository (g001, g002, g013, g015) are the ones the dialect was
developed on. Every other labelled real report (``tests/corpus/`` and ``examples/``, read in other
dialects: pipe rows, cells on their own lines, Markdown from PDF, Word HTML) is flattened here to one
line the way a crawler's ``page.txt`` or a ``get_text()`` of the article does it, in two variants:

- ``spaced``: every cell and line of the text joined by one space (``主动公开信息数 条 425 1516``);
  an HTML page's text nodes likewise (a label split over ``<span>``s comes out ``申请人情 况``);
- ``glued``: joined with nothing, and the spaces between two digits inside a cell dropped too
  (``主动公开信息数条4251516``, PDF text ``0 0 0`` → ``000``): the digits of adjacent value cells
  run together, as ``get_text()`` gives them.

Each line is read with ``govtables.read`` and scored with the report's hand labels
(``govtables.evaluate.score``). An ``exact`` label is:

- ``right``: the cell holds the labelled value, not marked as a guess;
- ``wrong``: another value, not marked as a guess — a wrong number said with confidence;
- ``guess``: the cell is ``inferred`` or left empty, and a ``split-ambiguous`` finding names it
  (``+`` counts those whose candidates include the labelled value, ``-`` those whose do not);
- ``missing``: no value and no finding naming the cell.

``absent`` labels (cut off in the source) must stay empty (``invented`` counts values), ``ambiguous``
labels are scored as ``govtables eval`` does (``accepted``; ``amb-miss``: empty; ``amb-wrong``).
``real`` counts the identity failures judged real by hand (``labels/*.findings.tsv``) found,
``false`` the errors not among them.
``ms`` is the best of ``--repeat`` reads of the line.

Usage (from the repository root)::

    .venv/bin/python benchmarks/collapsed_heldout.py
    .venv/bin/python benchmarks/collapsed_heldout.py --show-wrong
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from html import unescape
from pathlib import Path
from typing import NamedTuple

import govtables as gt
from govtables.evaluate import CellScore, LabelSet, label_sets, score
from govtables.html import TAG, looks_like_html
from govtables.model import Report

ROOT = Path(__file__).resolve().parents[1]
DEVELOPED_ON = {"g001", "g002", "g013", "g015"}
COLUMNS = ("right", "wrong", "guess+", "guess-", "missing", "invented", "accepted", "amb-miss", "amb-wrong")

_BAR_LINE = re.compile(r"^[\s|｜:：\-—=+]*$")
_BARS = re.compile(r"[|｜]")
_SPACE = re.compile(r"\s+")
_BETWEEN_DIGITS = re.compile(r"(?<=\d) (?=\d)")
_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def pieces(text: str) -> list[str]:
    """The text's cells and lines in reading order, as a crawler meets them: table bars, Markdown
    rules and heading marks dropped, an HTML page's tags (scripts and styles with their content)."""
    if looks_like_html(text):
        nodes = TAG.split(_SCRIPT.sub(" ", text))
        found = [unescape(node) for node in nodes]
    else:
        found = []
        for line in text.split("\n"):
            if _BAR_LINE.fullmatch(line):
                continue
            found += _BARS.split(line.strip().lstrip("#"))
    return [piece for piece in (_SPACE.sub(" ", p).strip() for p in found) if piece]


def spaced(text: str) -> str:
    """One line, cells split by one space."""
    return " ".join(pieces(text))


def glued(text: str) -> str:
    """One line, cells glued, and digits split by a space inside a cell glued too."""
    return "".join(_BETWEEN_DIGITS.sub("", piece) for piece in pieces(text))


def _named(report: Report) -> dict[tuple[str | None, str, str], list[str]]:
    """The candidates a ``split-ambiguous`` finding gives each cell it names (its cells in order)."""
    out: dict[tuple[str | None, str, str], list[str]] = {}
    for finding in report.findings:
        if finding.rule != "split-ambiguous" or not isinstance(finding.actual, tuple):
            continue
        for at, (row, col) in enumerate(finding.cells):
            key = (finding.table, row[-1] if row else "", col[-1] if col else "")
            out.setdefault(key, []).extend(split.split("|")[at] for split in finding.actual)
    return out


def _outcome(cell_score: CellScore, named: dict[tuple[str | None, str, str], list[str]]) -> str:
    label, cell = cell_score.label, cell_score.cell
    if label.status == "absent":
        return "invented" if cell_score.outcome == "invented" else ""
    if label.status == "ambiguous":
        return "accepted" if cell_score.correct else ("amb-miss" if cell_score.outcome == "missing" else "amb-wrong")
    if label.status != "exact":
        return ""
    key = (label.kind, label.row.split(" / ")[-1], label.col.split(" / ")[-1])
    if cell is not None:
        key = (label.kind, cell.row[-1] if cell.row else "", cell.col[-1] if cell.col else "")
    candidates = named.get(key)
    guessed = cell is not None and cell.inferred
    if guessed or (candidates and (cell is None or cell.value is None)):
        truth = str(label.value)
        return "guess+" if candidates and truth in candidates else "guess-"
    if cell_score.outcome == "invented":
        return "wrong"
    return "missing" if cell_score.outcome == "missing" else cell_score.outcome


class Measured(NamedTuple):
    """One line read and scored."""

    counts: Counter[str]
    found: int  # real failures found
    expected: int  # real failures labelled
    false: int  # errors that are none of them
    ms: float
    dialects: str
    wrong: list[str]  # what --show-wrong prints


def measure(labels: LabelSet, line: str, repeat: int) -> Measured:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        report = gt.read(line, name=labels.name)
        best = min(best, time.perf_counter() - started)
    scored = score(labels, report)
    named = _named(report)
    counts: Counter[str] = Counter()
    wrong: list[str] = []
    for cell_score in scored.cells:
        outcome = _outcome(cell_score, named)
        counts[outcome] += 1
        if outcome in {"wrong", "invented", "amb-wrong"}:
            got = None if cell_score.cell is None else cell_score.cell.text
            label = cell_score.label
            wrong.append(f"    {outcome}: {label.kind} {label.row} | {label.col}: labelled {label.value}, got {got}")
    wrong += [f"    false error: {f.rule} {f.message[:160]}" for f in scored.unexpected]
    return Measured(
        counts,
        len(scored.found),
        len(scored.found) + len(scored.missed),
        len(scored.unexpected),
        1000 * best,
        ",".join(sorted({t.dialect for t in report.tables})) or "none",
        wrong,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--show-wrong", action="store_true", help="list every wrong, invented cell and false error")
    args = parser.parse_args()
    gt.read(ROOT / "tests" / "corpus" / "g015.txt")  # build the parsers once: not measured
    sets = [s for s in label_sets([ROOT / "tests" / "corpus", ROOT / "examples"]) if s.name not in DEVELOPED_ON]
    head = f"{'report':<24} {'form':<7} {'exact':>5} " + " ".join(f"{c:>8}" for c in COLUMNS)
    print(head + f" {'real':>5} {'false':>5} {'ms':>7}  dialects")
    results: dict[str, list[Measured]] = {"spaced": [], "glued": []}
    for labels in sets:
        text = labels.text.read_text(encoding="utf-8")
        exact = sum(label.status == "exact" for label in labels.labels)
        for form, flatten in (("spaced", spaced), ("glued", glued)):
            got = measure(labels, flatten(text), args.repeat)
            results[form].append(got)
            row = f"{labels.name[:24]:<24} {form:<7} {exact:>5} " + " ".join(f"{got.counts[c]:>8}" for c in COLUMNS)
            print(row + f" {got.found:>2}/{got.expected:<2} {got.false:>5} {got.ms:>7.1f}  {got.dialects}")
            if args.show_wrong and got.wrong:
                print("\n".join(got.wrong))
    for form, measured in results.items():
        total: Counter[str] = sum((m.counts for m in measured), Counter())
        exact_all = sum(total[c] for c in ("right", "wrong", "guess+", "guess-", "missing"))
        row = f"{'total':<24} {form:<7} {exact_all:>5} " + " ".join(f"{total[c]:>8}" for c in COLUMNS)
        found, expected = sum(m.found for m in measured), sum(m.expected for m in measured)
        ms = sorted(m.ms for m in measured)
        false = sum(m.false for m in measured)
        print(row + f" {found:>2}/{expected:<2} {false:>5} {ms[len(ms) // 2]:>7.1f}  (median ms; max {ms[-1]:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
