"""The same body across years: reports grouped by agency and year, consecutive years paired and checked.

:func:`pair_reports` reads each report's :class:`~govtables.metadata.Metadata` (agency and year),
groups the reports by body — the agency name under :func:`body_key` — and pairs each year with the
year before. Each pair is checked with :func:`govtables.validate.check_across`: X-1 (上年结转 = last
year's 结转下年度继续办理, column by column), T2-2021-a and X-2 (2021 format), X-3 (2019 format) and the
pre-2019 cumulative identity (历年累计 = last year's 历年累计 + 本年). What could not be paired is said,
never guessed: a report without agency or year, two reports claiming one body and year, a year missing
between two others.

The agency rule (:func:`body_key`): NFKC (full-width letters, digits and brackets to their plain
forms), every space dropped, Traditional folded to simplified. Nothing else: ``XX县人民政府办公室``
and ``XX县人民政府`` stay two bodies (a government's general office files its own report), and
abbreviations (``市商务局`` for ``三元区商务局``) are not expanded.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import attrs

from .model import Finding, Report
from .text import label_key

__all__ = ["Pairing", "Unpaired", "YearPair", "body_key", "pair_reports"]


def body_key(agency: str) -> str:
    """The name a body is grouped under: its :func:`~govtables.text.label_key` (NFKC, spaces and
    invisible characters dropped, Traditional → simplified).

    >>> body_key("撫遠市 自然資源局") == body_key("抚远市自然资源局")
    True
    """
    return label_key(agency)


@attrs.frozen
class YearPair:
    """Two consecutive reports of one body and what held between them."""

    body: str
    year: int
    previous: Report = attrs.field(eq=False, repr=False)
    report: Report = attrs.field(eq=False, repr=False)
    why: str
    passed: int
    failed: int
    not_assessed: int
    findings: tuple[Finding, ...] = ()

    @property
    def sources(self) -> tuple[str | None, str | None]:
        """(last year's source, this year's source)."""
        return (self.previous.source, self.report.source)


@attrs.frozen
class Unpaired:
    """Reports that could not be paired, and why."""

    reason: str  # no-metadata, same-year, missing-year
    message: str
    sources: tuple[str | None, ...]
    body: str | None = None
    year: int | None = None


@attrs.frozen
class Pairing:
    """What :func:`pair_reports` found: the pairs checked, and what could not be paired."""

    pairs: tuple[YearPair, ...]
    unpaired: tuple[Unpaired, ...]

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(finding for pair in self.pairs for finding in pair.findings)


def pair_reports(reports: Iterable[Report]) -> Pairing:
    """Group reports by body and year, pair consecutive years and check each pair (see the module)."""
    from .validate import check_across

    by_body: dict[str, dict[int, list[Report]]] = {}
    unpaired: list[Unpaired] = []
    for report in reports:
        meta = report.metadata
        if not meta.agency or meta.year is None:
            said = "agency" if not meta.agency else "year"
            unpaired.append(
                Unpaired("no-metadata", f"the report does not state its {said}: not paired", (report.source,))
            )
            continue
        by_body.setdefault(body_key(meta.agency), {}).setdefault(meta.year, []).append(report)
    pairs: list[YearPair] = []
    for body, years in sorted(by_body.items()):
        for year, claims in sorted(years.items()):
            if len(claims) > 1:
                unpaired.append(
                    Unpaired(
                        "same-year",
                        f"{len(claims)} reports claim {body} {year}: none of them is paired for {year}",
                        tuple(r.source for r in claims),
                        body,
                        year,
                    )
                )
        single = {year: claims[0] for year, claims in years.items() if len(claims) == 1}
        ordered = sorted(years)
        for earlier, later in itertools.pairwise(ordered):
            if later - earlier > 1:
                unpaired.append(
                    Unpaired(
                        "missing-year",
                        f"{body}: no report for {earlier + 1}"
                        + (f"–{later - 1}" if later - earlier > 2 else "")
                        + f", so {earlier} and {later} are not paired",
                        tuple(r.source for r in (*years[earlier], *years[later])),
                        body,
                        earlier + 1,
                    )
                )
                continue
            if earlier not in single or later not in single:
                continue
            last, this = single[earlier], single[later]
            result = check_across(this, last)
            pairs.append(
                YearPair(
                    body=body,
                    year=later,
                    previous=last,
                    report=this,
                    why=f"same body {body} (agencies {last.metadata.agency!r}, {this.metadata.agency!r}), "
                    f"consecutive years {earlier} → {later}",
                    passed=result.passed,
                    failed=result.failed,
                    not_assessed=result.not_assessed,
                    findings=result.findings,
                )
            )
    return Pairing(tuple(pairs), tuple(unpaired))
