"""statutory: the typed tables are real classes, generated from the format data and kept in step with it.

`govtables/statutory_fields.py` is written by :func:`generated_source` from `govtables.formats`; this
test fails when the two drift. To regenerate after a format change:
``GOVTABLES_REGENERATE=1 python -m pytest tests/test_statutory.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import govtables as gt
from govtables.formats import APPLICATION_COLUMNS, FORMATS, REVIEW_COLUMNS

ROOT = Path(__file__).parent.parent
GENERATED = ROOT / "govtables" / "statutory_fields.py"
ATTRIBUTES_DOC = ROOT / "docs" / "attributes.md"


_CELL = "ValueCell | None"


def _camel(name: str) -> str:
    return "".join(part.title() for part in name.split("_"))


def _union(kind: str, key) -> dict[str, str]:
    """name → official label (with the revisions that have it), in order of first use over formats."""
    seen: dict[str, dict[str, list[str]]] = {}
    for (fmt_kind, revision), fmt in FORMATS.items():
        if fmt_kind == kind:
            for name, label in key(fmt):
                seen.setdefault(name, {}).setdefault(label, []).append(revision)
    return {
        name: "; ".join(f"{label} ({', '.join(revisions)})" for label, revisions in labels.items())
        for name, labels in seen.items()
    }


def _blocks() -> dict[str, dict[str, dict[str, str]]]:
    """Table 二: block → row → column → label."""
    blocks: dict[str, dict[str, dict[str, str]]] = {}
    for (kind, _), fmt in FORMATS.items():
        if kind == "active":
            for row in fmt.rows:
                columns = blocks.setdefault(row.group, {}).setdefault(row.name, {})
                for column in row.columns:
                    columns.setdefault(column.name, column.path[-1])
    return blocks


def _record(name: str, doc: str, fields: dict[str, str], annotation: str) -> str:
    lines = [f"@attrs.frozen\nclass {name}:", f'    """{doc}"""', ""]
    for field, label in fields.items():
        lines += [f"    #: {label}", f"    {field}: {annotation} = None"]
    return "\n".join(lines)


def generated_source() -> str:
    rows = _union("applications", lambda fmt: ((r.name, r.path[-1]) for r in fmt.rows))
    parts = [
        '"""The typed cells of tables 二/三/四: one attribute per official row or column, each a\n'
        ":class:`~govtables.model.ValueCell` or ``None`` where the table's format lacks it.\n\n"
        "Generated from :mod:`govtables.formats` by ``tests/test_statutory.py`` — do not edit by hand.\n"
        '"""\n\nfrom __future__ import annotations\n\nimport attrs\n\nfrom .model import ValueCell',
        _record("ApplicationsColumn", "One applicant column of table 三: a cell per row.", rows, _CELL),
        _record(
            "ReviewOutcomes",
            "One group of table 四 (行政复议, or a kind of 行政诉讼): a cell per outcome.",
            {c.name: c.path[-1] for c in REVIEW_COLUMNS[:5]},
            _CELL,
        ),
    ]
    for block, block_rows in _blocks().items():
        columns: dict[str, str] = {}
        for row_columns in block_rows.values():
            columns.update(row_columns)
        name = _camel(block)
        parts.append(_record(f"{name}Row", f"A row of table 二's {block} block.", columns, "ValueCell | None"))
        labels = _union("active", lambda fmt, b=block: ((r.name, r.path[-1]) for r in fmt.rows if r.group == b))
        parts.append(_record(f"{name}Block", f"Table 二's {block} block.", labels, f"{name}Row | None"))
    names = ["ApplicationsColumn", "ReviewOutcomes"]
    names += [f"{_camel(block)}{suffix}" for block in _blocks() for suffix in ("Row", "Block")]
    parts.append("__all__ = [\n" + "".join(f'    "{name}",\n' for name in sorted(names)) + "]")
    return "\n\n\n".join(parts) + "\n"


def attributes_doc() -> str:
    lines = [
        "# Attributes of the typed tables",
        "",
        "Generated from the format data (`govtables.formats`) by `tests/test_statutory.py`. Access goes",
        "table → group → row → column, as the report prints it: `report.applications.total.new_received`",
        "is column 总计 of row 一、本年新收…; `report.active.rules_and_documents.rules.issued` is table 二's",
        "规章 row, column 本年制发件数. Each is a `ValueCell` (`.value`, `.text`, `.inferred`, `.line`) or `None`",
        "where the report's format has no such cell.",
        "",
        "## `report.applications.<column>.<row>` (table 三)",
        "",
        "| column | official label |",
        "|---|---|",
        *(f"| `{c.name}` | {' / '.join(c.path)} |" for c in APPLICATION_COLUMNS),
        "",
        "| row | official label (revisions) |",
        "|---|---|",
        *(
            f"| `{name}` | {label} |"
            for name, label in _union(
                "applications", lambda fmt: ((r.name, " / ".join(r.path)) for r in fmt.rows)
            ).items()
        ),
        "",
        "## `report.reviews.<group>.<outcome>` (table 四)",
        "",
        "| attribute | official label |",
        "|---|---|",
        *(f"| `{c.group}.{c.name}` | {' / '.join(c.path)} |" for c in REVIEW_COLUMNS),
        "",
        "## `report.active.<block>.<row>.<column>` (table 二)",
        "",
        "| block | row | columns |",
        "|---|---|---|",
        *(
            f"| `{block}` | `{row}` | {', '.join(f'`{name}` ({label})' for name, label in columns.items())} |"
            for block, rows in _blocks().items()
            for row, columns in rows.items()
        ),
        "",
    ]
    return "\n".join(lines)


def _check(path: Path, text: str) -> None:
    if os.environ.get("GOVTABLES_REGENERATE"):
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, f"{path} is out of date: GOVTABLES_REGENERATE=1 pytest"


def test_the_generated_classes_follow_the_format_data():
    _check(GENERATED, generated_source())


def test_the_attribute_reference_follows_the_format_data():
    _check(ATTRIBUTES_DOC, attributes_doc())


def test_typed_access_on_seed_004():
    report = gt.read(ROOT / "examples" / "004_1185ee4c741c8fc5.txt")
    assert report.applications is not None and report.active is not None and report.reviews is not None
    assert report.applications.total.new_received is not None
    assert report.applications.total.new_received.value == 0
    assert report.active.procurement is not None and report.active.procurement.procurement is not None
    assert report.active.procurement.procurement.purchase_items.value == 10  # `政府集中采购 | 10 |`
    assert report.active.rules_and_documents.rules.issued is None  # a 2021 column in a 2019 report


def test_a_typo_in_an_attribute_fails_mypy(tmp_path):
    """A user script type-checked by mypy: the right name passes, a typo is an error."""
    script = tmp_path / "user.py"
    body = """
        import govtables as gt

        report = gt.read("x.txt")
        if report.applications is not None:
            cell = report.applications.total.{name}
            print(cell.value if cell is not None else None)
    """
    for name, fails in (("new_received", False), ("new_recieved", True)):
        script.write_text(textwrap.dedent(body.format(name=name)), encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "mypy", "--no-incremental", "--follow-imports=silent", str(script)],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert (result.returncode != 0) == fails, result.stdout
        if fails:
            assert 'has no attribute "new_recieved"' in result.stdout
