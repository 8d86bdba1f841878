"""The notebook view: a table or a report as self-contained HTML (Jupyter's ``_repr_html_``).

A table is drawn twice when it can be:

1. the **rebuilt grid**, with its real spans (``rowspan``/``colspan``), header rows as ``<th>``;
2. for statutory tables with value cells, the **template layout**: every template cell on its
   official label paths (column paths → nested header, row paths → nested stub), with its value.

In both, a value cell the library placed by inference has the class ``gt-inferred``; a cell named by
an ``error`` or ``warning`` finding has the class ``gt-error`` / ``gt-warning`` and a ``title`` (the
hover text) with the rule, the message and the numbers. A legend explains the marks and the findings
are listed under the table (errors and warnings open, at most :data:`SHOWN` a rule; the rest and all
``info`` findings folded in ``<details>``). All text is escaped with :func:`html.escape`; the style sheet is
inline, so the HTML stands alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from .export import stub_width  # one definition of the stub, shared with the DataFrame view
from .layout import label_tree  # one rule for nested labels, shared with the official grids
from .model import STATUTORY_KINDS, Finding, Grid, Path, Report, Table, ValueCell

__all__ = ["CSS", "KIND_TITLES", "report_html", "table_html"]

KIND_TITLES: dict[str, str] = {
    "active": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "reviews": "四、政府信息公开行政复议、行政诉讼情况",
    "indicators": "指标",
    "other": "其他表格",
}

CSS = """
.govtables { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei",
  "WenQuanYi Micro Hei", sans-serif;
  font-size: 13px; color: #222; }
.govtables h3, .govtables h4, .govtables h5 { margin: 0.8em 0 0.3em; }
.govtables .gt-meta { color: #666; font-weight: normal; font-size: 12px; }
.govtables table { border-collapse: collapse; margin: 0.3em 0 0.6em; }
.govtables th, .govtables td { border: 1px solid #999; padding: 3px 6px; vertical-align: middle;
  max-width: 26em; }
.govtables th { background: #eef1f5; font-weight: 600; text-align: center; }
.govtables td { text-align: right; font-variant-numeric: tabular-nums; }
.govtables td.gt-stub, .govtables th.gt-stub { text-align: left; background: #f7f7f2; font-weight: normal; }
.govtables .gt-corner { background: #f3f3f3; }
.govtables .gt-missing, .govtables .gt-na { background: repeating-linear-gradient(45deg, #fafafa, #fafafa 4px,
  #eee 4px, #eee 8px); }
.govtables .gt-filler { background: #f3f3f3; }
.govtables .gt-absent { color: #aaa; text-align: center; }
.govtables .gt-blank { color: #888; }
.govtables .gt-inferred { font-style: italic; background: #e3efff; outline: 2px dashed #3a78d6;
  outline-offset: -3px; }
.govtables .gt-warning { background: #fff1c2; box-shadow: inset 0 0 0 2px #d9a400; }
.govtables .gt-error { background: #ffd6d6; box-shadow: inset 0 0 0 2px #d43c3c; font-weight: 600; }
.govtables .gt-legend { font-size: 12px; color: #444; margin: 0.2em 0 0.4em; }
.govtables .gt-legend span { display: inline-block; padding: 1px 6px; margin-right: 6px;
  border: 1px solid #999; }
.govtables ul.gt-findings { margin: 0.2em 0 0.8em; padding-left: 1.4em; }
.govtables ul.gt-findings li.gt-sev-error { color: #a00; }
.govtables ul.gt-findings li.gt-sev-warning { color: #8a6400; }
.govtables ul.gt-findings li.gt-sev-info { color: #555; }
.govtables details summary { cursor: pointer; color: #555; }
.govtables code { font-family: monospace; font-weight: 600; }
"""

_MARKED = ("error", "warning")  # severities that highlight the cells they name
SHOWN = 5  # findings of one rule listed before the rest are folded away
_LEGEND = (
    '<div class="gt-legend">'
    '<span class="gt-inferred">inferred</span>'
    '<span class="gt-error">error</span>'
    '<span class="gt-warning">warning</span>'
    '<span class="gt-absent">— absent</span>'
    '<span class="gt-na">&nbsp;&nbsp;</span>not in the text / template'
    "</div>"
)


def _text(text: str) -> str:
    """Escaped text, line breaks (wrapped labels) kept as ``<br>``."""
    return "<br>".join(escape(part) for part in text.split("\n"))


def _path(path: Path) -> str:
    return " / ".join(path) if path else "(一行)"


def _attrs(classes: Sequence[str], title: str | None = None, rowspan: int = 1, colspan: int = 1) -> str:
    parts = []
    if classes:
        parts.append(f' class="{" ".join(classes)}"')
    if rowspan > 1:
        parts.append(f' rowspan="{rowspan}"')
    if colspan > 1:
        parts.append(f' colspan="{colspan}"')
    if title:
        parts.append(f' title="{escape(title)}"')
    return "".join(parts)


def _number(value: object) -> str:
    return "—" if value is None else str(value)


def _finding_line(finding: Finding) -> str:
    """The hover text of one finding: rule, severity, message, numbers."""
    text = f"{finding.rule} ({finding.severity}): {finding.message}"
    if finding.expected is not None or finding.actual is not None:
        text += f" [expected {_number(finding.expected)}, actual {_number(finding.actual)}]"
    return text


class _Marks:
    """What a value cell carries into the HTML: classes and hover lines, from the findings naming it."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self.by_cell: dict[tuple[Path, Path], list[Finding]] = {}
        for finding in findings:
            if finding.severity in _MARKED:
                for key in finding.cells:
                    self.by_cell.setdefault((tuple(key[0]), tuple(key[1])), []).append(finding)

    def of(self, cell: ValueCell) -> tuple[list[str], list[str]]:
        classes: list[str] = []
        lines = [f"{_path(cell.row)} | {_path(cell.col)}"]
        if cell.text is not None and cell.line is not None:
            lines.append(f"text {cell.text!r} at line {cell.line}, column {cell.column}")
        if cell.inferred:
            classes.append("gt-inferred")
            lines.append("inferred: its place was worked out, not written in the text")
        findings = self.by_cell.get((cell.row, cell.col), [])
        severities = {f.severity for f in findings}
        for severity in _MARKED:
            if severity in severities:
                classes.append(f"gt-{severity}")
                break
        lines.extend(_finding_line(f) for f in findings)
        return classes, lines


# --- the rebuilt grid ------------------------------------------------------------------------------


def _grid_html(table: Table, marks: _Marks) -> str:
    grid: Grid = table.grid
    spans = {(s.row, s.col): s for s in grid.spans}
    covered = grid.covered()
    # A value cell sits in the grid where its text was found.
    placed = {(cell.line, cell.column): cell for cell in table.cells if cell.line is not None}
    stub = stub_width(grid)
    out = ['<table class="gt-grid">']
    for r, row in enumerate(grid.cells):
        out.append("<tr>")
        for c, text_cell in enumerate(row):
            if (r, c) in covered:
                continue
            span = spans.get((r, c))
            rowspan, colspan = (span.rowspan, span.colspan) if span else (1, 1)
            header = r < grid.header_rows
            tag = "th" if header else "td"
            classes: list[str] = []
            title: str | None = None
            if text_cell is None:
                classes.append("gt-missing")
                content = ""
            elif text_cell.filler:
                classes.append("gt-filler")
                content = ""
            else:
                content = _text(text_cell.text)
                value = placed.get((text_cell.line, text_cell.column))
                if value is not None and not header:
                    value_classes, lines = marks.of(value)
                    classes.extend(value_classes)
                    title = "\n".join(lines)
                elif not header and c < stub:
                    classes.append("gt-stub")
            out.append(f"<{tag}{_attrs(classes, title, rowspan, colspan)}>{content}</{tag}>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


# --- the template layout ---------------------------------------------------------------------------


def _groups(cells: Sequence[ValueCell]) -> list[list[ValueCell]]:
    """One layout for the table, or one per block when blocks have different columns (table 二).

    A block is the cells sharing the first row label (``第二十条第（一）项`` …); each keeps its full row
    path, so the block label stays in the stub.
    """
    blocks: dict[str, list[ValueCell]] = {}
    for cell in cells:
        blocks.setdefault(cell.row[0] if cell.row else "", []).append(cell)
    columns = {tuple(dict.fromkeys(cell.col for cell in block)) for block in blocks.values()}
    return [list(cells)] if len(columns) <= 1 else list(blocks.values())


def _header_rows(cols: Sequence[Path], depth: int) -> list[str]:
    """The nested column header of the template layout: one ``<tr>`` a level."""
    rows = [""] * depth
    for _, level, label, run, extent in label_tree(cols, depth):
        rows[level] += f"<th{_attrs([], None, extent, run)}>{_text(label)}</th>"
    return rows


def _stub_rows(rows: Sequence[Path], depth: int) -> list[str]:
    """The stub cells that start in each row of the template layout."""
    stubs = [f"<th{_attrs(['gt-stub'], None, 1, depth)}></th>" if not path and depth else "" for path in rows]
    for position, _, label, run, extent in sorted(label_tree(rows, depth)):
        stubs[position] += f"<th{_attrs(['gt-stub'], None, run, extent)}>{_text(label)}</th>"
    return stubs


def _template_html(cells: Sequence[ValueCell], marks: _Marks) -> str:
    rows = list(dict.fromkeys(cell.row for cell in cells))
    cols = list(dict.fromkeys(cell.col for cell in cells))
    lookup = {(cell.row, cell.col): cell for cell in cells}
    row_depth = max((len(p) for p in rows), default=0)
    col_depth = max((len(p) for p in cols), default=0) or 1
    out = ['<table class="gt-template">']
    header = _header_rows(cols, col_depth)
    if row_depth:
        corner = f"<th{_attrs(['gt-corner'], None, col_depth, row_depth)}></th>"
        header[0] = corner + header[0]
    out.extend(f"<tr>{row}</tr>" for row in header)
    for row, stub in zip(rows, _stub_rows(rows, row_depth), strict=True):
        out.append("<tr>" + stub)
        for col in cols:
            cell = lookup.get((row, col))
            if cell is None:
                out.append('<td class="gt-na" title="not in the template"></td>')
                continue
            classes, lines = marks.of(cell)
            if cell.value is not None:
                content = escape(str(cell.value))
            elif cell.text is None:
                classes.append("gt-absent")
                content = "—"
                lines.append("absent: not in the text")
            else:
                classes.append("gt-blank")
                content = escape(cell.text)
                lines.append("blank")
            out.append(f"<td{_attrs(classes, chr(10).join(lines))}>{content}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


# --- findings and pages ----------------------------------------------------------------------------


def _finding_item(finding: Finding) -> str:
    where = f" · line {finding.line}" if finding.line is not None else ""
    numbers = ""
    if finding.expected is not None or finding.actual is not None:
        numbers = f" (expected {escape(_number(finding.expected))}, actual {escape(_number(finding.actual))})"
    return (
        f'<li class="gt-sev-{escape(finding.severity)}"><code>{escape(finding.rule)}</code> '
        f"{escape(finding.severity)}{where}: {escape(finding.message)}{numbers}</li>"
    )


def _folded(summary: str, findings: Sequence[Finding]) -> str:
    items = "".join(_finding_item(f) for f in findings)
    return f'<li><details><summary>{summary}</summary><ul class="gt-findings">{items}</ul></details></li>'


def _findings_html(findings: Sequence[Finding]) -> str:
    """The findings as a list: errors and warnings shown (at most :data:`SHOWN` a rule, the rest folded),
    info findings folded into one ``<details>``."""
    if not findings:
        return ""
    by_rule: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        if finding.severity != "info":
            by_rule.setdefault((finding.rule, finding.severity), []).append(finding)
    out = ['<ul class="gt-findings">']
    for (rule, _), group in by_rule.items():
        out.extend(_finding_item(f) for f in group[:SHOWN])
        if len(group) > SHOWN:
            out.append(_folded(f"{len(group) - SHOWN} more {escape(rule)}", group[SHOWN:]))
    info = [f for f in findings if f.severity == "info"]
    if info:
        out.append(_folded(f"{len(info)} info finding{'s' if len(info) > 1 else ''}", info))
    out.append("</ul>")
    return "".join(out)


def _table_body(table: Table, findings: Sequence[Finding]) -> str:
    marks = _Marks(findings)
    title = KIND_TITLES.get(table.kind, table.kind)
    meta = f"{table.kind} · {table.dialect} · lines {table.lines[0]}–{table.lines[1]}"
    if table.format:
        meta += f" · format {table.format}"
    out = [
        '<div class="gt-table">',
        f'<h4>{escape(title)} <span class="gt-meta">{escape(meta)}</span></h4>',
        _grid_html(table, marks),
    ]
    if table.kind in STATUTORY_KINDS and table.cells:
        out.append("<h5>Template cells (official label paths)</h5>")
        out.extend(_template_html(cells, marks) for cells in _groups(table.cells))
    out.extend((_LEGEND, _findings_html(findings), "</div>"))
    return "".join(out)


def table_html(table: Table, findings: Iterable[Finding] = ()) -> str:
    """One table as self-contained HTML: grid, legend, findings, and the template layout.

    ``findings`` are the report's findings about this table (a :class:`Table` does not hold them;
    :func:`report_html` passes those whose ``table`` is the table's kind).
    """
    return f'<div class="govtables"><style>{CSS}</style>{_table_body(table, list(findings))}</div>'


def report_html(report: Report) -> str:
    """A report as self-contained HTML: each table with its findings, then the report's other findings."""
    kinds = {table.kind for table in report.tables}
    meta = f"format {report.format or 'none'} · {len(report.tables)} tables · {len(report.findings)} findings"
    out = [
        f'<div class="govtables"><style>{CSS}</style>',
        f'<h3>{escape(report.source or "<text>")} <span class="gt-meta">{escape(meta)}</span></h3>',
    ]
    for table in report.tables:
        out.append(_table_body(table, [f for f in report.findings if f.table == table.kind]))
    rest = [f for f in report.findings if f.table not in kinds]
    if rest:
        out.append("<h4>Report findings</h4>" + _findings_html(rest))
    out.append("</div>")
    return "".join(out)
