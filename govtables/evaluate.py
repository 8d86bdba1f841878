"""The accuracy instrument: a report's output scored against hand labels.

A *label set* is two tab-separated files beside the report's text (``docs/accuracy.md``)::

    corpus/p075.txt                  the text
    corpus/labels/p075.tsv           kind  row  col  value  status  note        (cells read by hand)
    corpus/labels/p075.findings.tsv  rule  severity  where  expected  actual  note   (real failures)

:func:`evaluate` reads the text with :func:`govtables.read`, finds each labelled cell in the output
by (kind, row path, column path) and scores it:

- ``exact`` and ``approximate`` labels: ``right``, ``wrong`` or ``missing`` (the output has no text
  for the cell); a number where the label says the cell is blank is ``invented``;
- ``absent`` labels (the value was cut off): ``kept-empty``, or ``invented`` when the output has a number;
- ``ambiguous`` labels: ``accepted`` when the output's value is one of the candidates and the output
  says it is a guess (the cell is ``inferred`` or named in a finding), ``silent-pick`` when it is a
  candidate but not said to be a guess (counted wrong), ``wrong`` when it is no candidate.

Cells the output found in a labelled table that no label names are counted as ``unlabelled``; the
report's findings are matched with the expected ones (found / missed) and every other ``error`` is
``unexpected``. :class:`Evaluation` adds the scores up per file and per dialect.

Run as ``python -m govtables.evaluate LABELS_OR_DIR…`` (:func:`main`).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Literal

import attrs

from .errors import GovtablesError
from .model import KINDS, STATUTORY_KINDS, Finding, Number, Report, Table, ValueCell
from .pipeline import read
from .text import REPORT_SUFFIXES, label_key

__all__ = [
    "OUTCOMES",
    "CellScore",
    "Evaluation",
    "ExpectedFinding",
    "FileScore",
    "Label",
    "LabelError",
    "LabelSet",
    "Tally",
    "evaluate",
    "evaluate_paths",
    "label_sets",
    "load_labels",
    "main",
    "score",
]

Status = Literal["exact", "ambiguous", "absent", "approximate"]
Outcome = Literal["right", "wrong", "missing", "invented", "kept-empty", "accepted", "silent-pick"]

STATUSES: tuple[str, ...] = ("exact", "ambiguous", "absent", "approximate")
#: Every outcome of a labelled cell; the first three of :data:`CORRECT` and the rest are failures.
OUTCOMES: tuple[str, ...] = ("right", "kept-empty", "accepted", "wrong", "silent-pick", "missing", "invented")
CORRECT: frozenset[str] = frozenset({"right", "kept-empty", "accepted"})

CELL_HEADER = ("kind", "row", "col", "value", "status", "note")
FINDING_HEADER = ("rule", "severity", "where", "expected", "actual", "note")
SEVERITIES = ("error", "warning", "info")

# An ambiguous label's candidates: written out (`candidates: 3, 30`), or the splits of a glued digit
# run (`… splits fit the text — 8|9|8989, 89|89|89; …`), of which the cell takes its place's part.
_CANDIDATES = re.compile(r"candidates:\s*(-?[\d.]+(?:\s*,\s*-?[\d.]+)*)")
_SPLITS = re.compile(r"splits fit the text — ([^;]+)")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


class LabelError(GovtablesError):
    """A label file that does not follow the format of ``docs/accuracy.md``."""


@attrs.frozen
class Label:
    """One labelled cell: where the official (or, for indicator tables, the report's) labels put it."""

    kind: str
    row: str
    col: str
    value: Number | None
    status: Status
    note: str = attrs.field(eq=False)
    line: int = attrs.field(eq=False)
    candidates: tuple[Number, ...] = ()


@attrs.frozen
class ExpectedFinding:
    """A finding the report should give: an identity failure judged real by hand.

    ``table``, ``expected`` and ``actual`` are ``None`` where the label leaves them open.
    """

    rule: str
    severity: str
    table: str | None
    expected: Number | None
    actual: Number | None
    note: str = attrs.field(eq=False)
    line: int = attrs.field(eq=False)

    def matches(self, finding: Finding) -> bool:
        return (
            finding.rule == self.rule
            and finding.severity == self.severity
            and (self.table is None or finding.table == self.table)
            and (self.expected is None or _same(finding.expected, self.expected))
            and (self.actual is None or _same(finding.actual, self.actual))
        )


@attrs.frozen
class LabelSet:
    """The labels of one report: its text, the labelled cells, the findings expected."""

    name: str
    text: Path
    labels: tuple[Label, ...]
    findings: tuple[ExpectedFinding, ...]


@attrs.frozen
class CellScore:
    """A label, the output cell found for it (``None``: not in the output), and the outcome."""

    label: Label
    outcome: Outcome
    dialect: str
    cell: ValueCell | None = None

    @property
    def correct(self) -> bool:
        return self.outcome in CORRECT


@attrs.frozen
class FileScore:
    """One report scored: every labelled cell, the unlabelled cells, the findings."""

    name: str
    format: str | None
    dialect: str
    cells: tuple[CellScore, ...]
    unlabelled: int
    found: tuple[ExpectedFinding, ...]
    missed: tuple[ExpectedFinding, ...]
    unexpected: tuple[Finding, ...]

    @property
    def tally(self) -> Tally:
        return Tally.of(self.cells, self)

    def failures(self) -> tuple[CellScore, ...]:
        return tuple(score for score in self.cells if not score.correct)


@attrs.frozen
class Tally:
    """Counts of outcomes over some cells (and of findings over some files)."""

    outcomes: tuple[tuple[str, int], ...]
    unlabelled: int = 0
    findings_expected: int = 0
    findings_found: int = 0
    unexpected_errors: int = 0

    @classmethod
    def of(cls, cells: Iterable[CellScore], *files: FileScore) -> Tally:
        counts: Counter[str] = Counter(score.outcome for score in cells)
        return cls(
            outcomes=tuple((outcome, counts[outcome]) for outcome in OUTCOMES),
            unlabelled=sum(f.unlabelled for f in files),
            findings_expected=sum(len(f.found) + len(f.missed) for f in files),
            findings_found=sum(len(f.found) for f in files),
            unexpected_errors=sum(len(f.unexpected) for f in files),
        )

    def __getitem__(self, outcome: str) -> int:
        return dict(self.outcomes)[outcome]

    @property
    def labels(self) -> int:
        return sum(count for _, count in self.outcomes)

    @property
    def correct(self) -> int:
        return sum(count for outcome, count in self.outcomes if outcome in CORRECT)


@attrs.frozen
class Evaluation:
    """Every report scored, with the sums per file and per dialect."""

    files: tuple[FileScore, ...]

    def by_file(self) -> dict[str, Tally]:
        return {f.name: f.tally for f in self.files}

    def by_dialect(self) -> dict[str, Tally]:
        """Cells by the dialect of the table they came from; findings by each file's main dialect."""
        dialects = sorted({s.dialect for f in self.files for s in f.cells} | {f.dialect for f in self.files})
        return {
            dialect: Tally.of(
                (s for f in self.files for s in f.cells if s.dialect == dialect),
                *(f for f in self.files if f.dialect == dialect),
            )
            for dialect in dialects
        }

    @property
    def total(self) -> Tally:
        return Tally.of((s for f in self.files for s in f.cells), *self.files)

    def format_table(self, by: Literal["file", "dialect"] = "dialect") -> str:
        """A Markdown table, one row per file or per dialect and a total row."""
        rows = self.by_file() if by == "file" else self.by_dialect()
        head = (by, "labels", "correct", *OUTCOMES, "unlabelled", "findings found", "unexpected errors")
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for name, tally in [*rows.items(), ("**total**", self.total)]:
            cells = [
                name,
                str(tally.labels),
                _share(tally.correct, tally.labels),
                *(str(tally[outcome]) for outcome in OUTCOMES),
                str(tally.unlabelled),
                f"{tally.findings_found}/{tally.findings_expected}",
                str(tally.unexpected_errors),
            ]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)


def _share(part: int, whole: int) -> str:
    return f"{part} ({100 * part / whole:.0f} %)" if whole else "0"


# --------------------------------------------------------------------------------------------------
# Loading label sets


def load_labels(path: str | Path, text: str | Path | None = None) -> LabelSet:
    """The label set of ``labels/NAME.tsv`` (and ``labels/NAME.findings.tsv`` when it exists).

    The report's text is ``text``, or the one report file named ``NAME`` or ``NAME.*`` in the
    folder above ``labels/``. Raises :class:`LabelError` (with the line and column) for a file that
    does not follow the format.
    """
    path = Path(path)
    name = path.name.removesuffix(".tsv")
    labels = _cells(path)
    findings_path = path.with_name(f"{name}.findings.tsv")
    findings = _expected_findings(findings_path) if findings_path.exists() else ()
    return LabelSet(name=name, text=Path(text) if text else _text_for(path, name), labels=labels, findings=findings)


def label_sets(paths: Iterable[str | Path]) -> Iterator[LabelSet]:
    """The label sets named by ``paths``: label files, ``labels/`` folders, or folders holding one."""
    for item in paths:
        path = Path(item)
        folder = path / "labels" if (path / "labels").is_dir() else path
        if folder.is_dir():
            found = sorted(p for p in folder.glob("*.tsv") if not p.name.endswith(".findings.tsv"))
            if not found:
                raise LabelError("no label files (*.tsv) here", source=str(path))
            yield from (load_labels(p) for p in found)
        elif path.is_file():
            yield load_labels(path)
        else:
            raise LabelError("no such label file or folder", source=str(path))


def _text_for(path: Path, name: str) -> Path:
    folder = path.parent.parent
    found = [
        p
        for p in sorted(folder.iterdir())
        if p.is_file() and (p.name == name or (p.stem == name and p.suffix.lower() in REPORT_SUFFIXES))
    ]
    if len(found) != 1:
        raise LabelError(
            f"{'no' if not found else len(found)} report files named {name!r} in {folder}",
            source=str(path),
            expected=f"one text {name}.txt (or .html, .htm, .md) beside the labels folder",
        )
    return found[0]


def _rows(path: Path, header: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise LabelError(f"cannot read the label file ({exc})", source=str(path)) from exc
    if tuple(lines[0].split("\t")) != header:
        raise LabelError(f"the header is {lines[0]!r}", source=str(path), line=1, expected="\t".join(header))
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != len(header):
            raise LabelError(
                f"{len(fields)} tab-separated fields", source=str(path), line=number, expected=f"{len(header)}"
            )
        yield number, fields


def _number(text: str, path: Path, line: int, column: int | None = None) -> Number | None:
    if not text:
        return None
    if not _NUMBER.fullmatch(text):
        raise LabelError(
            f"{text!r} is not a number",
            source=str(path),
            line=line,
            column=column,
            expected="digits, maybe - and a decimal part",
        )
    return Decimal(text) if "." in text else int(text)


def _cells(path: Path) -> tuple[Label, ...]:
    labels: list[Label] = []
    for line, (kind, row, col, value, status, note) in _rows(path, CELL_HEADER):
        if kind not in KINDS:
            raise LabelError(f"unknown kind {kind!r}", source=str(path), line=line, column=1, expected=", ".join(KINDS))
        column = len(kind) + len(row) + len(col) + len(value) + 5
        if status not in STATUSES:
            raise LabelError(
                f"unknown status {status!r}", source=str(path), line=line, column=column, expected=", ".join(STATUSES)
            )
        number = _number(value, path, line, column - len(value) - 1)
        if status == "absent" and number is not None:
            raise LabelError("an absent cell has a value", source=str(path), line=line, expected="an empty value")
        if status in ("ambiguous", "approximate") and number is None:
            raise LabelError(f"an {status} cell has no value", source=str(path), line=line, expected="a number")
        labels.append(Label(kind, row, col, number, status, note, line))  # type: ignore[arg-type]
    seen: set[tuple[str, str, str]] = set()
    for label in labels:
        place = (label.kind, label.row, label.col)
        if place in seen:
            raise LabelError(f"the cell {' | '.join(place)} is labelled twice", source=str(path), line=label.line)
        seen.add(place)
    return tuple(_with_candidates(label, labels, path) if label.status == "ambiguous" else label for label in labels)


def _with_candidates(label: Label, labels: list[Label], path: Path) -> Label:
    """An ambiguous label with its candidates, read from its note; its own value must be one."""
    written = _CANDIDATES.search(label.note)
    splits = _SPLITS.search(label.note)
    if written:
        candidates = [_number(text.strip(), path, label.line) for text in written.group(1).split(",")]
    elif splits:
        # The cells cut from one digit run share a row and a note, in column order.
        group = [
            other for other in labels if (other.kind, other.row, other.note) == (label.kind, label.row, label.note)
        ]
        place = group.index(label)
        parts = [split.strip().split("|") for split in splits.group(1).split(",")]
        if any(len(split) != len(group) for split in parts):
            raise LabelError(f"a split of the note does not have {len(group)} parts", source=str(path), line=label.line)
        candidates = [_number(split[place].strip(), path, label.line) for split in parts]
    else:
        raise LabelError(
            "an ambiguous label whose note lists no candidates",
            source=str(path),
            line=label.line,
            expected="'candidates: a, b' or '… splits fit the text — a|b, c|d; …' in the note",
        )
    values = tuple(dict.fromkeys(c for c in candidates if c is not None))
    if not any(_same(label.value, c) for c in values):
        raise LabelError(f"the value {label.value} is not among the candidates", source=str(path), line=label.line)
    return attrs.evolve(label, candidates=values)


def _expected_findings(path: Path) -> tuple[ExpectedFinding, ...]:
    findings = []
    for line, (rule, severity, where, expected, actual, note) in _rows(path, FINDING_HEADER):
        if severity not in SEVERITIES:
            raise LabelError(
                f"unknown severity {severity!r}", source=str(path), line=line, expected=", ".join(SEVERITIES)
            )
        table = re.split(r"[\s:]", where, maxsplit=1)[0] if where else None
        if table is not None and table not in KINDS:
            raise LabelError(f"{where!r} names no table kind", source=str(path), line=line, expected=", ".join(KINDS))
        findings.append(
            ExpectedFinding(
                rule,
                severity,
                table,
                _number(expected, path, line),
                _number(actual, path, line),
                note,
                line,
            )
        )
    return tuple(findings)


# --------------------------------------------------------------------------------------------------
# Scoring


def _same(value: object, label: Number | None) -> bool:
    """Numbers compared as numbers (``26.55`` as text, Decimal or float is the same number)."""
    if value is None or label is None or isinstance(value, bool):
        return value is None and label is None
    try:
        return Decimal(str(value)) == Decimal(label)
    except InvalidOperation:
        return False


def _key(kind: str, row: Sequence[str] | str, col: Sequence[str] | str) -> tuple[str, str, str]:
    """Statutory cells by their official paths as written; indicator cells by their own labels'
    matching keys (the last label of the path, white space and widths folded)."""
    if kind in STATUTORY_KINDS:
        return kind, row if isinstance(row, str) else " / ".join(row), col if isinstance(col, str) else " / ".join(col)
    return kind, label_key(_last(row)), label_key(_last(col))


def _last(path: Sequence[str] | str) -> str:
    return path if isinstance(path, str) else (path[-1] if path else "")


def _main_dialect(report: Report) -> str:
    """The dialect of the tables that found the most cells (``no table`` when the report has none)."""
    found = Counter({t.dialect: 0 for t in report.tables})
    found.update(t.dialect for t in report.tables for c in t.cells if c.text is not None)
    return found.most_common(1)[0][0] if found else "no table"


def score(labels: LabelSet, report: Report) -> FileScore:
    """Score ``report`` (the output for ``labels.text``) against the labels."""
    index: dict[tuple[str, str, str], list[tuple[Table, ValueCell]]] = {}
    rows: dict[tuple[str, str], list[tuple[Table, ValueCell]]] = {}
    for each_table, each_cell in report.cells():
        index.setdefault(_key(each_table.kind, each_cell.row, each_cell.col), []).append((each_table, each_cell))
        rows.setdefault(_key(each_table.kind, each_cell.row, "")[:2], []).append((each_table, each_cell))
    named = {(f.table, row, col) for f in report.findings for row, col in f.cells}
    main = _main_dialect(report)
    scores = []
    labelled: set[tuple[str, str, str]] = set()
    for label in labels.labels:
        key = _key(label.kind, label.row, label.col)
        matches = index.get(key, [])
        if not matches and label.kind not in STATUTORY_KINDS and not label.col:
            matches = rows.get(key[:2], [])  # a label–value list: the row's one value cell
            matches = matches if len(matches) == 1 else []
        found = [m for m in matches if m[1].text is not None] or matches
        hit: tuple[Table | None, ValueCell | None] = found[0] if found else (None, None)
        table, cell = hit
        if cell is not None:
            labelled.add(_key(label.kind, cell.row, cell.col))
        guess = cell is not None and (
            cell.inferred or (label.kind, cell.row, cell.col) in named or (None, cell.row, cell.col) in named
        )
        scores.append(CellScore(label, _outcome(label, cell, guess), table.dialect if table else main, cell))
    kinds = {label.kind for label in labels.labels}
    unlabelled = sum(
        1
        for table, cell in report.cells()
        if table.kind in kinds and cell.text is not None and _key(table.kind, cell.row, cell.col) not in labelled
    )
    found_findings = tuple(e for e in labels.findings if any(e.matches(f) for f in report.findings))
    unexpected = tuple(
        f for f in report.findings if f.severity == "error" and not any(e.matches(f) for e in labels.findings)
    )
    return FileScore(
        name=labels.name,
        format=report.format,
        dialect=main,
        cells=tuple(scores),
        unlabelled=unlabelled,
        found=found_findings,
        missed=tuple(e for e in labels.findings if e not in found_findings),
        unexpected=unexpected,
    )


def _outcome(label: Label, cell: ValueCell | None, guess: bool) -> Outcome:
    value = None if cell is None else cell.value
    if label.status == "absent":
        return "kept-empty" if value is None else "invented"
    if label.value is None:  # an exact blank
        if value is not None:
            return "invented"
        return "missing" if cell is None or cell.text is None else "right"
    if cell is None or cell.text is None:
        return "missing"
    if label.status == "ambiguous":
        if not any(_same(value, candidate) for candidate in label.candidates):
            return "wrong"
        return "accepted" if guess else "silent-pick"
    return "right" if _same(value, label.value) else "wrong"


def evaluate(labels: LabelSet | str | Path) -> FileScore:
    """Read the labelled report with :func:`govtables.read` and score it."""
    label_set = labels if isinstance(labels, LabelSet) else load_labels(labels)
    return score(label_set, read(label_set.text))


def evaluate_paths(paths: Iterable[str | Path]) -> Evaluation:
    """:func:`evaluate` every label set named by ``paths`` (label files or folders)."""
    return Evaluation(tuple(evaluate(labels) for labels in label_sets(paths)))


# --------------------------------------------------------------------------------------------------
# The command line


def _describe(score: CellScore) -> str:
    label = score.label
    got = "not in the output" if score.cell is None or score.cell.text is None else f"got {score.cell.text!r}"
    want = "empty" if label.value is None else str(label.value)
    return f"  {score.outcome:<11} {label.kind} {label.row} | {label.col}: labelled {want} ({label.status}), {got}"


def main(argv: Sequence[str] | None = None) -> int:
    """``govtables eval LABELS_OR_DIR…``: print the tables; exit 0 when every label is scored
    correct and every finding is as labelled, 3 when not, 1 when a label set cannot be read."""
    parser = argparse.ArgumentParser(
        prog="govtables eval", description="Score govtables' output against hand labels (docs/accuracy.md)."
    )
    parser.add_argument(
        "labels",
        nargs="+",
        metavar="LABELS_OR_DIR",
        help="label files, labels/ folders, or corpus folders holding labels/",
    )
    parser.add_argument("--by", choices=("dialect", "file", "both"), default="both", help="which table(s) to print")
    parser.add_argument(
        "--details", action="store_true", help="list every cell not scored correct and every finding amiss"
    )
    args = parser.parse_args(argv)
    try:
        evaluation = evaluate_paths(args.labels)
    except GovtablesError as exc:
        print(f"govtables eval: {exc}", file=sys.stderr)
        return 1
    tables = ("dialect", "file") if args.by == "both" else (args.by,)
    print("\n\n".join(evaluation.format_table(by) for by in tables))  # type: ignore[arg-type]
    if args.details:
        for file in evaluation.files:
            problems = [_describe(s) for s in file.failures()]
            problems += [
                f"  missed      {e.rule} {e.severity} {e.table or ''} (labels line {e.line})" for e in file.missed
            ]
            problems += [f"  unexpected  {f.rule} line {f.line}: {f.message}" for f in file.unexpected]
            if problems:
                print(f"\n{file.name}:", *problems, sep="\n")
    total = evaluation.total
    return (
        0
        if total.correct == total.labels
        and not total.unexpected_errors
        and total.findings_found == total.findings_expected
        else 3
    )


if __name__ == "__main__":
    sys.exit(main())
