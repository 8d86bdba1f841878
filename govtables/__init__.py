"""govtables: rebuild and check the tables of Chinese government information-disclosure annual
reports (政府信息公开工作年度报告) from scraped text.

The flow, one module a stage::

    text ─ regions (tables found) ─ parse (dialect grammar) ─ grid ─ template ─ validate ─ export

Most users need only :func:`read` (run from the repository's root):

>>> import govtables as gt
>>> report = gt.read("examples/004_1185ee4c741c8fc5.txt")
>>> report.format, [t.kind for t in report.tables]
('2019', ['active', 'applications', 'reviews'])
>>> report.table("applications").grid.width
10
"""

from .errors import ExportError, GovtablesError, NotTextError, ParseError, ReadError, RenderError, TooLargeError
from .export import reports_to_wide as wide
from .metadata import Metadata
from .model import Finding, Grid, Report, Row, Span, Table, TextCell, ValueCell
from .pipeline import read
from .prose import ProseFigure, prose_figures
from .render import RenderStyle, render
from .validate import validate
from .years import Pairing, pair_reports

__version__ = "0.2.0"

__all__ = [
    "ExportError",
    "Finding",
    "GovtablesError",
    "Grid",
    "Metadata",
    "NotTextError",
    "Pairing",
    "ParseError",
    "ProseFigure",
    "ReadError",
    "RenderError",
    "RenderStyle",
    "Report",
    "Row",
    "Span",
    "Table",
    "TextCell",
    "TooLargeError",
    "ValueCell",
    "pair_reports",
    "prose_figures",
    "read",
    "render",
    "validate",
    "wide",
]
