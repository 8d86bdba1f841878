"""Front ends for the files governments publish: Word documents (dialect ``"docx"``) and PDFs
(dialect ``"pdf"``).

Both state their cells, so, like HTML, they need no grammar: the cells and their spans go to
:func:`govtables.html.markup_tables` and from there down the same grid → template → validation path.
The text between tables names the next table's kind (its last statutory heading).

Source positions, since these files have no text lines:

- **docx**: ``line`` counts the body's blocks in document order — each paragraph is one line and
  each table row is one line — and ``column`` is the cell's index in its row (``w:tc``, 1-based).
- **pdf**: ``line`` is ``page × 1000 + r``, where ``r`` is the 1-based index of the table row on
  that page (all tables of the page, top to bottom), and ``column`` is the cell's first grid column
  (1-based); each table's ``why`` names its pages. Each cell also carries its ``box``
  (:class:`govtables.model.Box`: the page and the cell's box in points, pdfplumber's coordinates),
  through the grid to the value cells and the JSON output.

A PDF table drawn with ruling lines gives its cells from the lines (merged cells where a line is
missing: each cell's box, cut at the table's distinct edges, gives its rowspan and colspan; a wrapped
label or a vertical one-character-a-line header is joined).

A PDF that draws no table at all is read by position too (:func:`_band_tables`). Its words go into
rows by height on the page (words within half a line's height are one line), a line that continues
the cells of the line above (a wrapped label, a header one character a line) joined to them
(:func:`_page_rows`). Where the text dialects' region finder sees a table in those rows' text, the
rows above its first number are its header; each header word with no header word under it is a
column (words of a row closer than their height are one: a letter-spaced ``数 量``), two columns
meeting half way between their words, and the first column (the row labels), when it holds no
number, cut where the body's labels are indented (:func:`_bands`). Each word goes to the band of
its position: a number to its centre's band, a label from its left to its right end; a row of one
label alone (a block title) spans the table (:func:`_place`). When a number reaches past its band
or lies under no header word, or two words with a number share one band, the bands are not the
table's columns (a table typed as text, its cells split by spaces): the whole PDF then goes to the
text dialects, as a scraped PDF text, and every table's ``why`` says so before the dialect's
reason; its tables' dialect is the text dialect that read them, lines are lines of that text and
cells have no box.

A table cut by a page break is joined to its first part when nothing but page furniture (page
numbers) lies between them, its repeated header rows dropped (ruled or not). A PDF that mixes ruled
tables with tables without lines has only its ruled ones read as tables. pdfplumber and python-docx are
optional (``govtables[pdf]``, ``govtables[docx]``) and imported only here, when a document is read.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from bisect import bisect_right
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from . import regions
from .errors import ReadError
from .html import RawCell, RawTable, markup_tables
from .model import Box
from .prose import prose_figures
from .text import collapse_spaces, script_of

if TYPE_CHECKING:
    from .model import Report

__all__ = ["DOCUMENT_SUFFIXES", "read_document"]

DOCUMENT_SUFFIXES: tuple[str, ...] = (".pdf", ".docx", ".doc")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the legacy binary .doc (and .xls, .ppt) container


def read_document(
    source: object, *, name: str | None = None, check: bool = True, previous: Report | None = None
) -> Report | None:
    """The report in a PDF or Word document: a path with a document suffix, or bytes that start like
    one (``%PDF-``, a zip holding ``word/document.xml``, the legacy ``.doc`` container). ``None``
    when ``source`` is not a document, so the caller reads it as text — also for a ``.doc`` file that
    holds no Word document (sites publish web pages and text under that name). A legacy binary
    ``.doc``, an RTF file, a scanned PDF and a ``.pdf``/``.docx`` that is neither raise ReadError."""
    found = _document_bytes(source, name)
    if found is None:
        return None
    data, name, suffix = found
    if data.startswith(b"{\\rtf"):
        raise ReadError(
            "this is an RTF file, which govtables does not read",
            source=name,
            expected="a .docx or PDF: convert it, e.g. `soffice --headless --convert-to docx FILE`",
        )
    if data.startswith(_OLE):
        raise ReadError(
            "this is a legacy Word .doc (binary) file, which govtables does not read",
            source=name,
            expected="a .docx or PDF: convert it, e.g. `soffice --headless --convert-to docx FILE.doc`",
        )
    from . import pipeline  # the pipeline imports this module

    if data.startswith(b"%PDF-"):
        pdf = _pdf(data, name)
        if isinstance(pdf, _Text):  # no table by lines or bands: the text layer to the text dialects
            report = pipeline.read_text_report(pdf.text, name=name, check=check, previous=previous)
            said = [attrs.evolve(t, why=f"{pdf.why}; {t.why}") for t in report.tables]
            return attrs.evolve(report, tables=tuple(said))
        tables, whys, lines = pdf
        dialect = "pdf"
    elif _is_docx(data):
        tables, whys, lines = _docx(data, name)
        dialect = "docx"
    elif suffix == ".doc":  # a web page or text saved under a .doc name, as sites often publish
        return None
    else:
        raise ReadError(
            "the file is neither a PDF nor a Word document", source=name, expected="a .pdf or .docx file"
        )
    found_tables = markup_tables(tables, dialect=dialect, why=whys)
    text = "\n".join(lines)
    return pipeline.report_of_tables(
        found_tables,
        [],
        name=name,
        script=script_of(text),
        lines=lines,
        prose=prose_figures(text),
        check=check,
        previous=previous,
    )


def _document_bytes(source: object, name: str | None) -> tuple[bytes, str | None, str] | None:
    """The bytes of a document, its name and its file's suffix (``""`` for bytes given)."""
    if isinstance(source, bytes):
        looks = source.startswith((b"%PDF-", _OLE)) or _is_docx(source)
        return (source, name, "") if looks else None
    if isinstance(source, str) and ("\n" in source or len(source) > 4096):
        return None
    if not isinstance(source, (str, os.PathLike)):
        return None
    path = Path(source)
    if path.suffix.lower() not in DOCUMENT_SUFFIXES:
        return None
    try:
        return path.read_bytes(), name or str(path), path.suffix.lower()
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise ReadError(f"cannot read the file: {reason}", source=name or str(path)) from exc


def _is_docx(data: bytes) -> bool:
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _needs(module: str, extra: str, name: str | None) -> Any:
    try:
        return __import__(module)
    except ImportError as exc:
        raise ReadError(
            f"reading this file needs the optional package {module}",
            source=name,
            expected=f"pip install 'govtables[{extra}]'",
        ) from exc


# --- Word ------------------------------------------------------------------------------------------


def _docx(data: bytes, name: str | None) -> tuple[list[RawTable], list[str], list[str]]:
    docx = _needs("docx", "docx", name)
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except (PackageNotFoundError, XMLSyntaxError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(f"not a readable Word document: {exc}", source=name, expected="a .docx file") from exc
    tables: list[RawTable] = []
    lines: list[str] = []
    before: list[str] = []
    for block in body.iterchildren():
        tag = _local(block.tag)
        if tag == "p":
            text = _paragraph_text(block)
            lines.append(text)
            before.append(text)
        elif tag == "tbl":
            start = len(lines) + 1
            rows = _docx_rows(block, start)
            lines.extend(" ".join("".join(cell.parts) for cell in row) for row in rows)
            tables.append((rows, "\n".join(before), start))
            before = []
    return tables, ["a Word table with its gridSpan and vMerge"] * len(tables), lines


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _paragraph_text(paragraph: Any) -> str:
    parts = []
    for node in paragraph.iter():
        tag = _local(node.tag)
        if tag == "t":
            parts.append(node.text or "")
        elif tag in ("br", "cr"):
            parts.append("\n")
        elif tag == "tab":
            parts.append("\t")
    return "".join(parts)


def _attribute(element: Any, child: str) -> tuple[bool, str | None]:
    """Whether ``element`` (a ``w:tcPr`` or ``w:trPr``) has ``child``, and its ``w:val``."""
    if element is None:
        return False, None
    for node in element:
        if _local(node.tag) == child:
            values = {_local(key): value for key, value in node.attrib.items()}
            return True, values.get("val")
    return False, None


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def _docx_rows(table: Any, first_line: int) -> list[list[RawCell]]:
    rows: list[list[RawCell]] = []
    open_cells: dict[int, RawCell] = {}  # grid column → the cell a vertical merge continues
    for line, tr in enumerate((n for n in table if _local(n.tag) == "tr"), start=first_line):
        row: list[RawCell] = []
        properties = next((n for n in tr if _local(n.tag) == "trPr"), None)
        column = _span(_attribute(properties, "gridBefore")[1]) if _attribute(properties, "gridBefore")[0] else 0
        if column:
            row.append(RawCell(line, 0, 1, column))
        for index, tc in enumerate((n for n in tr if _local(n.tag) == "tc"), start=1):
            cell_properties = next((n for n in tc if _local(n.tag) == "tcPr"), None)
            colspan = _span(_attribute(cell_properties, "gridSpan")[1])
            merged, merge = _attribute(cell_properties, "vMerge")
            if merged and merge != "restart" and column in open_cells:
                open_cells[column].rowspan += 1
            else:
                cell = RawCell(line, index, 1, colspan)
                paragraphs = (n for n in tc if _local(n.tag) == "p")
                cell.parts.append("\n".join(_paragraph_text(p) for p in paragraphs))
                row.append(cell)
                for c in range(column, column + colspan):
                    open_cells.pop(c, None)
                if merged:
                    open_cells[column] = cell
            column += colspan
        rows.append(row)
    return rows


# --- PDF -------------------------------------------------------------------------------------------

_RULED: dict[str, Any] = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
# A line between two parts of a page-split table that is only page furniture: "— 4 —", "第3页", "3/12".
_FURNITURE = re.compile(r"^[\s\-—–－·\d/／第页共]*$")


def _pdf(data: bytes, name: str | None) -> tuple[list[RawTable], list[str], list[str]] | _Text:
    """The tables of a PDF, the reasons and the text lines; or, when its tables have neither ruling
    lines nor plausible column bands, its text for the text dialects. A damaged PDF is a ReadError,
    never pdfminer's exception."""
    pdfplumber = _needs("pdfplumber", "pdf", name)
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(data)) as document:
            return _pdf_pages(list(document.pages), name)
    except (PdfminerException, PSException, ValueError, KeyError, TypeError, IndexError) as exc:
        raise ReadError(f"not a readable PDF: {exc}", source=name, expected="a complete PDF file") from exc


def _pdf_pages(pages: list[Any], name: str | None) -> tuple[list[RawTable], list[str], list[str]] | _Text:
    if not any(page.chars for page in pages):
        raise ReadError(
            f"the PDF has no text layer ({len(pages)} page(s) of images only: a scan?)",
            source=name,
            expected="a PDF with text: run OCR first (e.g. `ocrmypdf --language chi_sim IN.pdf OUT.pdf`)",
        )
    events: list[tuple[int, float, str, Any]] = []
    for number, page in enumerate(pages, start=1):
        found = sorted(page.find_tables(_RULED), key=lambda t: t.bbox[1])
        boxes = [table.bbox for table in found]
        outside = page.filter(lambda obj, boxes=boxes: not any(_inside(obj, box) for box in boxes))
        for text_line in outside.extract_text_lines():
            events.append((number, text_line["top"], "text", text_line["text"]))
        first_row = 0
        for table in found:
            chars = [c for c in page.chars if _inside(c, table.bbox)]
            part = _Part(number, first_row, table.bbox, table.cells, chars)
            first_row += len(_edges([b[1] for b in table.cells] + [b[3] for b in table.cells])) - 1
            events.append((number, table.bbox[1], "table", part))
    if not any(what == "table" for _, _, what, _ in events):
        rows = [(number, row) for number, page in enumerate(pages, 1) for row in _page_rows(page.extract_words())]
        return _band_tables(rows)
    return _assemble(sorted(events, key=lambda e: (e[0], e[1], e[2] == "table")))


@attrs.frozen
class _Text:
    """A PDF read as text: its text layer in lines, and why its tables were not read by position."""

    text: str
    why: str


@attrs.frozen
class _Part:
    """The part of a table on one page: its cell boxes and characters."""

    page: int
    first_row: int  # rows of the page's tables above this one
    bbox: tuple[float, float, float, float]
    boxes: list[tuple[float, float, float, float]]
    chars: list[dict[str, Any]]


_NUMBER = re.compile(r"[\d.,，%-]+")


def _page_rows(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """A page's words in rows (top to bottom, each left to right), a line that continues the cells
    of the line above joined to them: a wrapped label, or a header written one character a line.
    A line continues the one above when it follows at line spacing (a gap under its height: rows
    are further apart), has no more words, none a number, and each word lies under a different word
    of the line above that is not a number (x-ranges overlap). A joined word's box covers its parts."""
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and word["top"] - lines[-1][0]["top"] < (word["bottom"] - word["top"]) / 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    rows: list[list[dict[str, Any]]] = []
    above: list[dict[str, Any]] = []  # the words of the row's first line
    bottom = 0.0  # the bottom of the line before
    for line in lines:
        line.sort(key=lambda w: w["x0"])
        under = [index for index in (_word_above(word, above) for word in line) if index is not None]
        continues = (
            line[0]["top"] - bottom < line[0]["bottom"] - line[0]["top"]
            and len(line) <= len(above)
            and not any(_NUMBER.fullmatch(w["text"]) for w in line)
            and len(under) == len(line)  # every word lies under one above
            and len(set(under)) == len(under)
        )
        if continues:
            for word, index in zip(line, under, strict=True):
                joined = rows[-1][index]
                joined["text"] += word["text"]
                joined["x0"], joined["x1"] = min(joined["x0"], word["x0"]), max(joined["x1"], word["x1"])
                joined["bottom"] = max(joined["bottom"], word["bottom"])
        else:
            rows.append([{key: w[key] for key in ("text", "x0", "x1", "top", "bottom")} for w in line])
            above = line
        bottom = max(w["bottom"] for w in line)
    return rows


def _page_lines(words: list[dict[str, Any]]) -> list[str]:
    """A page's rows (:func:`_page_rows`) as text lines, a space between words."""
    return [" ".join(_words(row)) for row in _page_rows(words)]


def _word_above(word: dict[str, Any], above: list[dict[str, Any]]) -> int | None:
    for index, other in enumerate(above):
        if other["x0"] < word["x1"] and word["x0"] < other["x1"] and not _NUMBER.fullmatch(other["text"]):
            return index
    return None


def _inside(obj: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _edges(values: list[float]) -> list[float]:
    """The distinct positions of cell edges (within 2 points of each other is the same edge)."""
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > 2:
            edges.append(value)
    return edges


def _pdf_rows(part: _Part, xs: list[float]) -> list[list[RawCell]]:
    """A table part's cells in rows, its columns cut at ``xs`` (the x-edges of the whole table)."""
    chars, boxes, page, first_row = part.chars, part.boxes, part.page, part.first_row
    ys = _edges([b[1] for b in boxes] + [b[3] for b in boxes])

    def index(edges: list[float], value: float) -> int:
        return max(0, bisect_right(edges, value + 2) - 1)

    placed: dict[tuple[int, int], RawCell] = {}
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for box in boxes:
        r0, c0 = index(ys, box[1]), index(xs, box[0])
        r1, c1 = max(r0 + 1, index(ys, box[3])), max(c0 + 1, index(xs, box[2]))
        cell = RawCell(page * 1000 + first_row + r0 + 1, c0 + 1, r1 - r0, c1 - c0, _box(page, *box))
        cell.parts.append(_box_text([ch for ch in chars if _inside(ch, box)]))
        placed[(r0, c0)] = cell
        spans[(r0, c0)] = (r1, c1)
    height, width = len(ys) - 1, len(xs) - 1
    covered = {(r, c) for (r0, c0), (r1, c1) in spans.items() for r in range(r0, r1) for c in range(c0, c1)}
    rows: list[list[RawCell]] = []
    for r in range(height):
        row = []
        for c in range(width):
            if (r, c) in placed:
                row.append(placed[(r, c)])
            elif (r, c) not in covered:  # a hole the lines left: an empty cell keeps the columns in place
                hole = _box(page, xs[c], ys[r], xs[c + 1], ys[r + 1])
                row.append(RawCell(page * 1000 + first_row + r + 1, c + 1, 1, 1, hole))
        rows.append(row)
    return rows


def _box(page: int, x0: float, top: float, x1: float, bottom: float) -> Box:
    """A cell's box, to a hundredth of a point."""
    return Box(page, round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))


def _box_text(chars: list[dict[str, Any]]) -> str:
    """The text of one cell: its characters in lines, top to bottom; a wrapped label (or a vertical
    one-character-a-line header) is joined without a space, a wide gap within a line is a space."""
    lines: list[list[dict[str, Any]]] = []
    for ch in sorted(chars, key=lambda ch: (ch["top"], ch["x0"])):
        if lines and ch["top"] - lines[-1][0]["top"] < ch["size"] / 2:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    texts = []
    for line in lines:
        line.sort(key=lambda ch: ch["x0"])
        text = line[0]["text"]
        for left, right in pairwise(line):
            text += (" " if right["x0"] - left["x1"] > right["size"] / 2 else "") + right["text"]
        texts.append(text)
    return collapse_spaces("".join(texts))


def _x_edges(parts: list[_Part]) -> list[float]:
    return _edges([x for part in parts for box in part.boxes for x in (box[0], box[2])])


def _assemble(events: list[tuple[int, float, str, Any]]) -> tuple[list[RawTable], list[str], list[str]]:
    """Tables (a part continuing the previous table on the next page joined to it), the reason for
    each, and the text lines (tables' rows as lines)."""
    tables: list[tuple[list[_Part], str]] = []
    lines: list[str] = []
    before: list[str] = []
    for _page, _top, what, value in events:
        if what == "text":
            lines.append(value)
            before.append(value)
            continue
        if tables and _continues(tables[-1][0][-1], value) and all(_FURNITURE.match(t) for t in before):
            tables[-1][0].append(value)
        else:
            tables.append(([value], "\n".join(before)))
        before = []
    raw: list[RawTable] = []
    whys: list[str] = []
    for parts, text_before in tables:
        xs = _x_edges(parts)
        rows = _pdf_rows(parts[0], xs)
        for part in parts[1:]:
            rows += _without_header(rows, _pdf_rows(part, xs))
        lines.extend(" ".join("".join(cell.parts) for cell in row) for row in rows)
        raw.append((rows, text_before, parts[0].page * 1000 + parts[0].first_row + 1))
        first, last = parts[0].page, parts[-1].page
        pages = f"page {first}" if first == last else f"pages {first}–{last} joined"
        whys.append(f"a PDF table cut by its ruling lines, {pages}")
    return raw, whys, lines


def _continues(previous: _Part, part: _Part) -> bool:
    """``part`` is the top of the page after ``previous`` and spans the same width."""
    same_width = abs(previous.bbox[0] - part.bbox[0]) < 3 and abs(previous.bbox[2] - part.bbox[2]) < 3
    return part.page == previous.page + 1 and part.first_row == 0 and same_width


def _texts(row: list[RawCell]) -> list[str]:
    return [collapse_spaces("".join(cell.parts)) for cell in row]


def _without_header(first: list[list[RawCell]], second: list[list[RawCell]]) -> list[list[RawCell]]:
    """``second`` without the leading rows that repeat ``first``'s leading rows (a repeated header)."""
    repeated = 0
    while repeated < min(len(first), len(second)) and _texts(first[repeated]) == _texts(second[repeated]):
        repeated += 1
    return second[repeated:]


# --- PDF tables without ruling lines ---------------------------------------------------------------

_WordRow = tuple[int, list[dict[str, Any]]]  # a page number and the words of one row (:func:`_page_rows`)
_MAX_HEADER_ROWS = 6  # a statutory table has a title row and three header rows at most


def _band_tables(rows: list[_WordRow]) -> tuple[list[RawTable], list[str], list[str]] | _Text:
    """The tables of a PDF that draws no ruling lines, by the column bands of their headers: where
    the text dialects' region finder sees a table in the PDF's text lines, its rows' words are
    placed in the columns of its header (:func:`_banded`). When one table's words do not fall into
    its header's bands, the whole PDF is read as text, and its tables' ``why`` says so."""
    lines = [" ".join(_words(row)) for _, row in rows]
    text = "\n".join(lines)
    found = regions.find_regions(lines)
    if not found:
        return _Text(text, "a PDF without ruling lines read as text")
    tables: list[RawTable] = []
    whys: list[str] = []
    counts: dict[int, int] = {}  # table rows so far on each page
    end = 0
    for region in found:
        banded = _banded(rows[region.start - 1 : region.end], counts)
        if isinstance(banded, str):
            return _Text(text, f"a PDF without ruling lines read as text (the table at line {region.start}: {banded})")
        raw, why = banded
        tables.append((raw, "\n".join(lines[end : region.start - 1]), raw[0][0].line))
        whys.append(why)
        end = region.end
    return tables, whys, lines


def _is_number(word: dict[str, Any]) -> bool:
    return bool(_NUMBER.fullmatch(word["text"]))


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["x0"] < b["x1"] and b["x0"] < a["x1"]


Bands = tuple[list[float], list[dict[str, Any] | None]]  # their edges, and the header word of each


def _bands(header: list[list[dict[str, Any]]], body: list[list[dict[str, Any]]]) -> Bands | str:
    """The left edges of a table's column bands (its right edge last) and the header word above each
    (``None`` for the row labels' columns cut from the first), or why there are none.

    A column is a header word with no header word under it (a leaf: ``申请人情况`` has ``自然人`` under
    it); two columns meet half way between their leaves. The first band, when no value lies in it,
    is the row labels' (the stub): it is cut where body labels start in two rows or more
    (``三、本年度办理结果`` / ``（一）予以公开`` / ``1.属于国家秘密``, each indented further)."""
    leaves = sorted(
        (w for i, row in enumerate(header) for w in row if not any(_overlap(w, u) for r in header[i + 1 :] for u in r)),
        key=lambda w: w["x0"],
    )
    if len(leaves) < 2:
        return "its header names fewer than two columns"
    if any(_overlap(a, b) for a, b in pairwise(leaves)):
        return "its header's columns overlap"
    words = [w for row in (*header, *body) for w in row]
    edges = [min(w["x0"] for w in words)]
    edges += [(a["x1"] + b["x0"]) / 2 for a, b in pairwise(leaves)]
    edges.append(max(w["x1"] for w in words))
    above: list[dict[str, Any] | None] = list(leaves)
    stub = [w for row in body for w in row if w["x0"] + w["x1"] < 2 * edges[1]]
    if not any(_is_number(w) for w in stub):
        starts = _edges([w["x0"] for w in stub])
        indents = [x - 1 for x in starts[1:] if x - 1 > edges[0] and sum(abs(w["x0"] - x) <= 2 for w in stub) >= 2]
        edges[1:1] = indents
        above[:1] = [None] * (len(indents) + 1)
    return edges, above


def _banded(rows: list[_WordRow], counts: dict[int, int]) -> tuple[list[list[RawCell]], str] | str:
    """One table's rows placed in its header's column bands (:func:`_bands`, :func:`_place`), or why
    they cannot be. Rows are the PDF's text rows
    (words within a line's height of each other, wrapped labels joined); the header is the rows
    above the first number; a label reaching into the next bands spans them, a row of one label
    alone (a block title) spans the table; a header repeated at the top of a page is dropped."""
    heads = next((i for i, (_, row) in enumerate(rows) if any(_is_number(w) for w in row)), 0)
    if not 0 < heads <= _MAX_HEADER_ROWS:
        return f"not one to {_MAX_HEADER_ROWS} header rows above its first number"
    header = [_spaced_words_joined(row) for _, row in rows[:heads]]
    bands = _bands(header, [row for _, row in rows[heads:]])
    if isinstance(bands, str):
        return bands
    edges = bands[0]
    width = len(edges) - 1
    table: list[list[RawCell]] = []
    pages: list[int] = []
    for index in sorted(set(range(len(rows))) - _page_break_rows(rows, heads)):
        page, row = rows[index]
        placed = _place(row, bands)
        if isinstance(placed, str):
            return f"{placed}, page {page}"
        counts[page] = counts.get(page, 0) + 1
        top, bottom = min(w["top"] for w in row), max(w["bottom"] for w in row)
        cells = []
        for first, last, text in placed:
            box = _box(page, edges[first], top, edges[last + 1], bottom)
            cell = RawCell(page * 1000 + counts[page], first + 1, 1, last - first + 1, box)
            cell.parts.append(text)
            cells.append(cell)
        table.append(cells)
        pages += [page] if not pages or page != pages[-1] else []
    span = f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}–{pages[-1]} joined"
    why = f"a PDF table without ruling lines, its words placed in the {width} column bands of its header, {span}"
    return table, why


def _spaced_words_joined(row: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A header row with the words closer than their height joined: one heading letter-spaced
    (``数 量``), where columns lie further apart."""
    joined = [dict(row[0])]
    for word in row[1:]:
        last = joined[-1]
        if word["x0"] - last["x1"] < word["bottom"] - word["top"]:
            last["x1"], last["text"] = word["x1"], f"{last['text']} {word['text']}"
            last["bottom"] = max(last["bottom"], word["bottom"])
        else:
            joined.append(dict(word))
    return joined


def _words(row: list[dict[str, Any]]) -> list[str]:
    return [w["text"] for w in row]


def _page_break_rows(rows: list[_WordRow], heads: int) -> set[int]:
    """The rows a page break adds to a table: at the top of each later page, the header rows
    repeated; at either side of the break, a row of page furniture (a page number)."""
    dropped: set[int] = set()
    for index in range(1, len(rows)):
        if rows[index][0] == rows[index - 1][0]:
            continue
        for at in (index - 1, index):
            if len(rows[at][1]) == 1 and _FURNITURE.match(rows[at][1][0]["text"]):
                dropped.add(at)
        start = index + (index in dropped)
        repeated = 0
        while (
            repeated < heads
            and start + repeated < len(rows)
            and _words(rows[start + repeated][1]) == _words(rows[repeated][1])
        ):
            repeated += 1
        dropped.update(range(start, start + repeated))
    return dropped


def _place(row: list[dict[str, Any]], bands: Bands) -> list[tuple[int, int, str]] | str:
    """A row's cells in the bands (:func:`_bands`): ``(first band, last band, text)`` for every band,
    ``""`` where no word lies; or why the row does not fit the bands. A number lies in the band of
    its centre, under its header word (x-ranges overlap: a number right-aligned under a header
    written on the left is no column's for sure) and not reaching past the band; a label spans the
    bands from its left to its right end (up to the next word's band); two labels in one band are
    one cell, a space between them; a number in the band of another word is not plausible."""
    edges, above = bands
    width = len(edges) - 1

    def band(x: float) -> int:
        return min(max(bisect_right(edges, x) - 1, 0), width - 1)

    if len(row) == 1 and not _is_number(row[0]) and band(row[0]["x0"] + 2) == 0:
        return [(0, width - 1, row[0]["text"])]  # a block title or caption alone: it spans the table
    spans: list[list[Any]] = []  # [first, last, text, is a number], left to right
    for word in row:
        number = _is_number(word)
        if number:
            first = last = band((word["x0"] + word["x1"]) / 2)
            if word["x0"] < edges[first] - 2 or word["x1"] > edges[first + 1] + 2:
                return f"the number {word['text']!r} reaches past its column band"
            head = above[first]
            if head is not None and not (word["x0"] < head["x1"] + 2 and head["x0"] - 2 < word["x1"]):
                return f"the number {word['text']!r} lies under no header word"
        else:
            first, last = band(word["x0"] + 2), max(band(word["x0"] + 2), band(word["x1"] - 2))
        if spans and first <= spans[-1][0]:  # the band of the word before
            if number or spans[-1][3]:
                return f"two words in one column band ({spans[-1][2]!r}, {word['text']!r})"
            spans[-1][1], spans[-1][2] = max(last, spans[-1][1]), f"{spans[-1][2]} {word['text']}"
            continue
        if spans and spans[-1][1] >= first:  # a label (a number has one band) reaching into this band
            spans[-1][1] = first - 1
        spans.append([first, last, word["text"], number])
    cells: list[tuple[int, int, str]] = []
    for first, last, text, _ in spans:
        start = cells[-1][1] + 1 if cells else 0
        cells += [(c, c, "") for c in range(start, first)] + [(first, last, text)]
    start = cells[-1][1] + 1 if cells else 0
    return cells + [(c, c, "") for c in range(start, width)]
