"""The one exception hierarchy of govtables.

Every error says where it happened (line and column, 1-based, when the text has them) and what was
expected. Lark's own exceptions never escape: they are caught and chained as ``__cause__``.

Validation problems are not exceptions: they are :class:`govtables.Finding` values, collected on the
report.
"""

from __future__ import annotations


class GovtablesError(Exception):
    """Base class: ``where: what happened; what was expected``."""

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        source: str | None = None,
        expected: str | None = None,
    ) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.source = source
        self.expected = expected
        super().__init__(str(self))

    @property
    def where(self) -> str:
        place = self.source or "<text>"
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return place

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}"
        if self.expected:
            text += f"; expected {self.expected}"
        return text


class ReadError(GovtablesError):
    """The input could not be read as a report at all (missing file, binary data, unknown encoding)."""


class NotTextError(ReadError):
    """The bytes are not text in any encoding govtables reads (UTF-8, GB18030/GBK)."""


class TooLargeError(ReadError):
    """The input is larger than one report can be (``govtables.pipeline.MAX_REPORT_BYTES``)."""


class ParseError(GovtablesError):
    """A table region could not be parsed by its dialect's grammar."""


class RenderError(GovtablesError):
    """A table cannot be written in the dialect asked for."""


class ExportError(GovtablesError):
    """An export needs an optional dependency that is missing, or got an unusable target."""
