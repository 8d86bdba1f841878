"""Validation: every identity of a report checked, each problem a :class:`~govtables.model.Finding`.

The stage after the template: ``validate(report)`` reads the identities of
:mod:`govtables.identities` for each table, decides per table whether blanks mean zero
(statutory-format.md §7.4), evaluates, and turns failures and unassessable identities into findings.
Nothing here raises on bad arithmetic: findings are data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from .identities import (
    Identity,
    Lookup,
    Outcome,
    Term,
    bound_holds,
    cross_identities,
    cumulative_identities,
    evaluate,
    identities_for,
    is_empty,
    make_lookup,
    table_format,
    unwritten_totals,
    value_bound,
)
from .model import Finding, Number, Report, Table
from .prose import compare_prose

__all__ = [
    "BLANK_AS_ZERO",
    "CELLS_SHOWN",
    "CheckResult",
    "Checked",
    "check",
    "check_summary",
    "checked_summary",
    "checked_text",
    "status_line",
    "unread_reason",
    "validate",
]

BLANK_AS_ZERO = "blank-as-zero"


@attrs.frozen
class CheckResult:
    """How many identities (and NN cells) passed, failed or could not be assessed; the findings."""

    passed: int = 0
    failed: int = 0
    not_assessed: int = 0
    findings: tuple[Finding, ...] = ()

    def __add__(self, other: CheckResult) -> CheckResult:
        return CheckResult(
            self.passed + other.passed,
            self.failed + other.failed,
            self.not_assessed + other.not_assessed,
            self.findings + other.findings,
        )


def validate(report: Report | Iterable[Table], *, previous: Report | None = None) -> tuple[Finding, ...]:
    """Every finding about the arithmetic of a report (or some tables); X-1 too when ``previous`` is given."""
    return check(report, previous=previous).findings


def check(report: Report | Iterable[Table], *, previous: Report | None = None) -> CheckResult:
    """Like :func:`validate`, with the counts of passed, failed and not-assessed identities."""
    report = _as_report(report)
    result = CheckResult()
    for table in report.tables:
        result += check_table(table, report.format)
    if previous is not None:
        result += check_across(report, previous)
    return result + check_prose(report)


def _as_report(report: Report | Iterable[Table]) -> Report:
    if isinstance(report, Report):
        return report
    tables = tuple(report)
    formats = {t.format for t in tables if t.format}
    return Report(source=None, format=formats.pop() if len(formats) == 1 else None, tables=tables)


# --- one table ---------------------------------------------------------------------------------------


def check_table(table: Table, report_format: str | None = None) -> CheckResult:
    """The identities and NN bounds of one table."""
    identities = identities_for(table, report_format)
    lookup = make_lookup(table)
    zero = blanks_mean_zero(table, identities, lookup)
    unwritten = unwritten_totals(identities, lookup) if zero else frozenset()
    outcomes = [evaluate(identity, lookup, blank_as_zero=zero, unwritten=unwritten) for identity in identities]
    notes = _notes(outcomes, lookup)
    findings = [_blank_as_zero_finding(table)] if zero else []
    findings += [_finding(o, lookup, notes.get(o.identity, "")) for o in outcomes if o.status != "passed"]
    result = CheckResult(
        passed=sum(o.status == "passed" for o in outcomes),
        failed=sum(o.status == "failed" for o in outcomes),
        not_assessed=sum(o.status == "not_assessed" for o in outcomes),
        findings=tuple(findings),
    )
    return result + check_bounds(table)


def blanks_mean_zero(table: Table, identities: Iterable[Identity], lookup: Lookup) -> bool:
    """§7.4's blank-as-zero pattern: no literal 0 in the table, and a written total above blank parts."""
    if any(cell.value is not None and cell.value == 0 for cell in table.cells):
        return False
    return any(
        identity.total
        and _has_value(lookup(identity.right[0]))
        and any(is_empty(lookup(term)) for term in identity.left)
        for identity in identities
    )


def _has_value(cell: object) -> bool:
    return cell is not None and getattr(cell, "value", None) is not None


def _blank_as_zero_finding(table: Table) -> Finding:
    return Finding(
        rule=BLANK_AS_ZERO,
        severity="info",
        table=table.kind,
        message="这张表没有一个0, 而空白的分项上方写有合计: 空白按0计 — the table has no literal 0 and "
        "totals are written above blank parts, so blank cells are read as 0 (statutory-format.md §7.4)",
        line=table.lines[0] if table.lines else None,
    )


def check_bounds(table: Table) -> CheckResult:
    """NN: every value of the table is within its bound (whole and ≥ 0, whole, or ≥ 0)."""
    passed = 0
    findings = []
    for cell in table.cells:
        bound = value_bound(table.kind, cell.col)
        if bound is None or cell.value is None:
            continue
        if bound_holds(bound, cell.value):
            passed += 1
            continue
        wanted = {"count": "a whole number ≥ 0", "signed": "a whole number", "amount": "a number ≥ 0"}[bound]
        findings.append(
            Finding(
                rule="NN",
                severity="error",
                table=table.kind,
                message=f"{_cell_name(Term(cell.row, cell.col))} = {cell.value}: must be {wanted}"
                + (" (inferred cell)" if cell.inferred else ""),
                cells=((cell.row, cell.col),),
                expected=wanted,
                actual=cell.value,
                line=cell.line,
                column=cell.column,
            )
        )
    return CheckResult(passed=passed, failed=len(findings), findings=tuple(findings))


# --- across two reports ------------------------------------------------------------------------------


def check_across(report: Report, previous: Report) -> CheckResult:
    """X-1, T2-2021-a, X-2, X-3 and the pre-2019 cumulative identity between this report and last
    year's (warnings)."""
    result = CheckResult()
    for kind in ("applications", "active", "indicators"):
        this, last = report.table(kind), previous.table(kind)
        if this is None or last is None:
            continue
        if kind == "indicators":
            identities = list(cumulative_identities(this, last))
        else:
            fmt = table_format(this, report.format)
            previous_fmt = table_format(last, previous.format)
            identities = [i for i in cross_identities(fmt, previous_fmt) if i.kind == kind]
        lookup = make_lookup(this, last)
        outcomes = [evaluate(identity, lookup) for identity in identities]
        result += CheckResult(
            passed=sum(o.status == "passed" for o in outcomes),
            failed=sum(o.status == "failed" for o in outcomes),
            not_assessed=sum(o.status == "not_assessed" for o in outcomes),
            findings=tuple(_finding(o, lookup, "") for o in outcomes if o.status != "passed"),
        )
    return result


# --- the prose against the tables (X-4) --------------------------------------------------------------


def check_prose(report: Report) -> CheckResult:
    """X-4: each figure of ``report.prose`` against the tables (a mismatch is a warning)."""
    compared = compare_prose(report)
    return CheckResult(
        passed=sum(c.status == "passed" for c in compared),
        failed=sum(c.status == "failed" for c in compared),
        not_assessed=sum(c.status == "not_assessed" for c in compared),
        findings=tuple(c.finding for c in compared if c.finding is not None),
    )


# --- findings ----------------------------------------------------------------------------------------


def _cell_name(term: Term) -> str:
    parts = [*term.row[-1:], " ".join(term.col)] if term.row else [" ".join(term.col)]
    return ("上年 " if term.previous else "") + " / ".join(p for p in parts if p)


def _finding(outcome: Outcome, lookup: Lookup, note: str) -> Finding:
    identity = outcome.identity
    if outcome.status == "not_assessed":
        return _not_assessed(outcome, lookup)
    broken = "≠" if identity.relation == "=" else ">"
    message = (
        f"{identity.left_name} ({_show(outcome.left)}) {broken} {identity.right_name} "
        f"({_show(outcome.right)}) {identity.where} — {identity.why}"
    ).replace("  ", " ")
    if outcome.inferred:
        message += "; depends on inferred cell(s): " + ", ".join(map(_cell_name, outcome.inferred))
    if outcome.zero_filled:
        message += "; blank cells read as 0"
    message += note
    terms = _most_relevant_first(identity, note)
    expected, actual = (
        (outcome.left, outcome.right) if identity.relation == "=" else (outcome.right, outcome.left)
    )
    return Finding(
        rule=identity.rule,
        severity=identity.severity,
        message=message,
        table=identity.kind,
        cells=tuple(term.key for term in terms),
        expected=expected,
        actual=actual,
        line=_line(terms, lookup),
    )


def _not_assessed(outcome: Outcome, lookup: Lookup) -> Finding:
    identity = outcome.identity
    relation = "=" if identity.relation == "=" else "≤"
    names = ", ".join(map(_cell_name, outcome.missing[:4])) + (" …" if len(outcome.missing) > 4 else "")
    return Finding(
        rule=identity.rule,
        severity="info",
        table=identity.kind,
        message=f"not assessed: {identity.left_name} {relation} {identity.right_name} {identity.where} "
        f"cannot be checked — 空白或缺失 blank or missing: {names}".replace("  ", " ")
        + (
            f"; {len(outcome.unwritten)} of them blank totals whose parts hold numbers: not written, not 0"
            if outcome.unwritten
            else ""
        ),
        cells=tuple(term.key for term in outcome.missing),
        line=_line(outcome.missing, lookup),
    )


def _show(value: Number | None) -> str:
    return "—" if value is None else str(value)


def _most_relevant_first(identity: Identity, note: str) -> tuple[Term, ...]:
    terms = list(identity.right) + list(identity.left)
    suspect = next((t for t in terms if note and _cell_name(t) in note), None)
    if suspect is not None:
        terms.remove(suspect)
        terms.insert(0, suspect)
    return tuple(terms)


def _line(terms: Iterable[Term], lookup: Lookup) -> int | None:
    for term in sorted(terms, key=lambda t: t.previous):
        cell = lookup(term)
        if cell is not None and cell.line is not None and not term.previous:
            return cell.line
    return None


# --- which cell is at fault --------------------------------------------------------------------------


def _notes(outcomes: list[Outcome], lookup: Lookup) -> dict[Identity, str]:
    """Say which one cell explains a failure, or which column T3-A's fault lies in (T3-D)."""
    notes = _column_notes(outcomes)
    for identity, (term, delta) in suspects(outcomes).items():
        cell = lookup(term)
        written = cell.value if cell is not None and cell.value is not None else 0
        notes[identity] = notes.get(identity, "") + (
            f"; the one cell that explains it: {_cell_name(term)} (written {written}; "
            f"{written + delta} would balance every identity it is in)"
        )
    return notes


def suspects(outcomes: Iterable[Outcome]) -> dict[Identity, tuple[Term, Number]]:
    """For each failed error identity, the one cell whose change by one amount mends every identity it is in.

    A cell qualifies when every assessed ``=`` identity containing it fails and all ask for the same
    change; a failure gets a suspect only when exactly one of its cells qualifies.
    """
    strict = [o for o in outcomes if o.identity.relation == "=" and o.status != "not_assessed"]
    by_term: dict[Term, list[Outcome]] = {}
    for outcome in strict:
        for term in outcome.identity.terms:
            by_term.setdefault(term, []).append(outcome)
    found: dict[Identity, tuple[Term, Number]] = {}
    for outcome in strict:
        if outcome.status != "failed" or outcome.identity.severity != "error":
            continue
        candidates = [(t, d) for t in outcome.identity.terms if (d := _mending_change(t, by_term[t]))]
        if len(candidates) == 1:
            found[outcome.identity] = candidates[0]
    return found


def _mending_change(term: Term, outcomes: list[Outcome]) -> Number | None:
    changes: set[Number] = set()
    for outcome in outcomes:
        if outcome.status != "failed" or outcome.left is None or outcome.right is None:
            return None
        gap = outcome.left - outcome.right
        changes.add(-gap if term in outcome.identity.left else gap)
    return changes.pop() if len(changes) == 1 else None


def _column_notes(outcomes: list[Outcome]) -> dict[Identity, str]:
    """T3-D: T3-A on 总计 holds exactly when it holds on the applicant columns taken together."""
    t3a = [o for o in outcomes if o.identity.rule == "T3-A" and o.status != "not_assessed"]
    failed = [o for o in t3a if o.status == "failed"]
    total = next((o for o in t3a if o.identity.where.endswith("总计")), None)
    columns = [o for o in failed if o is not total]
    if total is None or not columns:
        return {}
    notes: dict[Identity, str] = {}
    if total.status == "failed" and len(columns) == 1 and _gap(columns[0]) == _gap(total):
        notes[total.identity] = (
            f"; the same gap ({_gap(total)}) as {columns[0].identity.where}: the fault lies in that column"
        )
    elif total.status == "passed" and len(columns) > 1:
        for outcome in columns:
            notes[outcome.identity] = (
                "; 总计 balances, so the gaps of the applicant columns cancel out: "
                "applications were put in the wrong column"
            )
    return notes


def _gap(outcome: Outcome) -> Number:
    assert outcome.left is not None and outcome.right is not None
    return outcome.left - outcome.right


# --- the human summary -------------------------------------------------------------------------------


def check_summary(
    report: Report | Iterable[Table],
    findings: Iterable[Finding] | None = None,
    *,
    previous: Report | None = None,
    result: CheckResult | None = None,
) -> str:
    """Plain text: format, tables found, identities passed / failed / not assessable, each failure.

    ``result`` is the :func:`check` of the report when the caller has it already (else it is run).
    """
    report = _as_report(report)
    result = check(report, previous=previous) if result is None else result
    findings = result.findings if findings is None else tuple(findings)
    lines = [
        f"report: {report.source or '(no source)'}",
        f"format: {report.format or 'unknown'}",
        "tables: "
        + (", ".join(f"{t.kind} (lines {t.lines[0]}–{t.lines[1]})" for t in report.tables) or "none"),
        f"identities: {result.passed} passed, {result.failed} failed, {result.not_assessed} not assessable",
    ]
    for severity in ("error", "warning", "info"):
        chosen = [f for f in findings if f.severity == severity]
        if chosen:
            lines.append(f"{severity}s ({len(chosen)}):")
            lines.extend(_summary_line(f) for f in chosen)
    return "\n".join(lines)


def _summary_line(finding: Finding, cells_shown: int | None = None) -> str:
    """One finding; its cells (not an info's) all named, or the first ``cells_shown`` and a count."""
    where = f"line {finding.line}" if finding.line is not None else "no line"
    text = f"  [{finding.rule}] {finding.table or ''} {where}: {finding.message}"
    if finding.severity != "info" and finding.cells:
        names = [" / ".join(p for p in (" ".join(row), " ".join(col)) if p) for row, col in finding.cells]
        shown = names if cells_shown is None else names[:cells_shown]
        text += "\n      cells: " + "; ".join(shown)
        if len(names) > len(shown):
            text += f" … and {len(names) - len(shown)} more"
    return text


# --- many reports: what ``govtables check`` prints ---------------------------------------------------

#: How many cells a finding line names by default before ``… and N more`` (``check -v`` names all).
CELLS_SHOWN = 3


@attrs.frozen
class Checked:
    """What ``govtables check`` keeps of a report for its closing summary: names and counts, never the
    cells (so a run over a large corpus holds little)."""

    source: str
    format: str | None
    tables: int
    errors: int
    warnings: int
    infos: int
    result: CheckResult  # the counts of :func:`check`; its findings dropped
    unread: str | None  # why (part of) the tables were not read: no table, table-not-read lines

    @classmethod
    def of(cls, report: Report, result: CheckResult) -> Checked:
        """``report`` with its findings, the check's included; ``result`` its :func:`check`."""
        count = {s: sum(f.severity == s for f in report.findings) for s in ("error", "warning", "info")}
        not_read = [f.line for f in report.findings if f.rule == "table-not-read"]
        return cls(
            report.source or "<text>",
            report.format,
            len(report.tables),
            count["error"],
            count["warning"],
            count["info"],
            attrs.evolve(result, findings=()),
            unread_reason(len(report.tables), not_read),
        )

    @property
    def failing(self) -> bool:
        """A finding of severity ``error``: what makes ``govtables check`` exit 3."""
        return self.errors > 0


def unread_reason(tables: int, not_read: Sequence[int | None]) -> str | None:
    """Why a report that was read counts as *unread*, or ``None``: it has no table (``no table``),
    or a ``table-not-read`` warning says the text has a table no dialect read (``table-not-read at
    line 12``; ``not_read`` are those findings' lines). The one definition ``govtables check``
    and ``govtables check --out`` (:class:`govtables.corpus.Summary`) both use; a file that could
    not be read at all is *unreadable*, not unread."""
    reasons = ["no table"] if not tables else []
    if not_read:
        lines = ", ".join("?" if line is None else str(line) for line in not_read)
        reasons.append("table-not-read at line" + ("s " if len(not_read) > 1 else " ") + lines)
    return "; ".join(reasons) or None


def status_line(checked: Checked) -> str:
    """``file: format, tables, N errors, N warnings, identities passed / failed / not assessed``."""
    result = checked.result
    return (
        f"{checked.source}: {checked.format or 'unknown format'}, {_plural(checked.tables, 'table')}, "
        f"{_plural(checked.errors, 'error')}, {_plural(checked.warnings, 'warning')}, "
        f"identities {result.passed} passed / {result.failed} failed / {result.not_assessed} not assessed"
    )


def checked_text(report: Report, result: CheckResult, *, verbose: bool = False) -> str:
    """What ``govtables check`` prints of one report (with its findings, the check's included): its
    status line and its errors, a few cells named each; ``verbose``: :func:`check_summary`, every
    finding with every cell."""
    if verbose:
        return check_summary(report, report.findings, result=result)
    errors = [f for f in report.findings if f.severity == "error"]
    return "\n".join([status_line(Checked.of(report, result)), *(_summary_line(f, CELLS_SHOWN) for f in errors)])


def checked_summary(checked: Sequence[Checked], unreadable: Sequence[str] = ()) -> str:
    """The closing account of a ``govtables check`` run: counts, failing and unread reports.

    ``unreadable`` names the inputs that could not be read at all (their error was said already).
    """
    total = sum((c.result for c in checked), CheckResult())
    failing = [c for c in checked if c.failing]
    unread = [c for c in checked if c.unread]
    findings = ", ".join(
        _plural(sum(getattr(c, f"{s}s") for c in checked), s) for s in ("error", "warning", "info")
    )
    lines = [
        f"{_plural(len(checked) + len(unreadable), 'report')}: {len(failing)} failing, {len(unread)} unread, "
        f"{len(unreadable)} could not be read",
        f"identities: {total.passed} passed, {total.failed} failed, {total.not_assessed} not assessed; {findings}",
    ]
    for title, names in (
        ("failing", [f"{c.source} ({_plural(c.errors, 'error')})" for c in failing]),
        ("unread", [f"{c.source} ({c.unread})" for c in unread]),
        ("could not be read", list(unreadable)),
    ):
        if names:
            lines.append(f"{title}:")
            lines.extend(f"  {name}" for name in names)
    return "\n".join(lines)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
