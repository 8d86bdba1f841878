"""Text at the edges: decoding bytes, and normalising cell text for matching.

The original text of every cell is kept; :func:`normalise` gives the form used to compare labels
(NFKC folds full-width digits, bars and punctuation; ideographic spaces and NBSP become spaces) and
:func:`label_key` the form with every space removed, so ``本年新 制作数量`` matches ``本年新制作数量``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

from .errors import NotTextError, ReadError

#: The file suffixes of reports (case-insensitive): what a folder walk picks up, and what marks a
#: one-line string given to :func:`govtables.read` as a path.
REPORT_SUFFIXES: tuple[str, ...] = (".txt", ".html", ".htm", ".md", ".pdf", ".docx", ".doc")

_BOM = "\ufeff"
_CJK = re.compile(r"[\u3400-\u9fff]")
Script = Literal["simplified", "traditional"]
_SPACES = re.compile(r"[\s\u00a0\u3000\u2002-\u200b\u202f\u205f]+")
# Zero-width characters that scraped pages leave inside words.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def decode(data: bytes, *, source: str | None = None) -> str:
    """Decode a report's bytes: UTF-8 (BOM dropped), else GB18030 (a superset of GBK and GB2312).

    Raises :class:`NotTextError` for binary data (NUL bytes, or bytes valid in neither encoding).
    """
    if b"\x00" in data[:65536]:
        raise NotTextError(
            "the file holds NUL bytes, so it is binary data, not text",
            source=source,
            expected="a UTF-8 or GB18030/GBK text file",
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return normalise_newlines(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise NotTextError(
        "the bytes are neither UTF-8 nor GB18030/GBK text",
        source=source,
        expected="a UTF-8 or GB18030/GBK text file",
    )


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; a leading BOM is dropped."""
    if text.startswith(_BOM):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def read_text(path: str | Path) -> str:
    """Read and decode a report file."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read the file ({exc.strerror or exc})", source=str(path)) from exc
    return decode(data, source=str(path))


# Cell texts repeat across a report and a corpus ("0", the statutory labels): bounded caches make
# normalising them a lookup.
@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """NFKC, invisible characters dropped, every run of white space (NBSP, U+3000 …) one space, stripped."""
    return collapse_spaces(unicodedata.normalize("NFKC", text))


def collapse_spaces(text: str) -> str:
    """Text as written, invisible characters dropped and every run of white space one space, stripped."""
    return _SPACES.sub(" ", text.translate(_INVISIBLE)).strip()


@lru_cache(maxsize=4096)
def label_key(text: str) -> str:
    """The matching key of a label: :func:`normalise` with all white space removed, Traditional
    characters folded to simplified ones (:func:`to_simplified`)."""
    return to_simplified(normalise(text).replace(" ", ""))


# --- Script: Traditional mirrors of simplified pages ----------------------------------------------
# Many sites serve a 繁體 mirror of every page, made by word-level conversion (规范性文件 appears as
# 規範性檔案). Matching folds it back with OpenCC: ``t2s`` character by character, and ``tw2sp`` (which
# also undoes the word-level changes, 檔案 → 文件) as a second form where the two differ. The text of
# every cell stays as written. OpenCC is imported only when a text holds a Traditional character.


@lru_cache(maxsize=1)
def _traditional_marks() -> re.Pattern[str]:
    data = files("govtables.data").joinpath("traditional.txt").read_text("utf-8")
    chars = "".join(line for line in data.splitlines() if not line.startswith("#"))
    return re.compile(f"[{re.escape(chars)}]")


@lru_cache(maxsize=2)
def _converter(config: str) -> Callable[[str], str]:
    import opencc

    return opencc.OpenCC(config).convert


def traditional_count(text: str) -> int:
    """How many characters of ``text`` only Traditional script writes (``於``, ``開``, ``數`` …)."""
    return len(_traditional_marks().findall(text))


def script_of(text: str) -> Script:
    """``"traditional"`` when the text is a Traditional-script page (at least 10 Traditional
    characters, and 2% of its CJK characters or more), else ``"simplified"``; stray variants in a
    simplified page (``於``, ``乾``) do not make it Traditional."""
    marks = traditional_count(text)
    return "traditional" if marks >= 10 and marks * 50 >= len(_CJK.findall(text)) else "simplified"


@lru_cache(maxsize=8192)
def to_simplified(text: str) -> str:
    """Traditional characters folded to simplified (OpenCC ``t2s``); text with none is returned as is."""
    return _converter("t2s")(text) if _traditional_marks().search(text) else text


@lru_cache(maxsize=8192)
def simplified_forms(text: str) -> tuple[str, ...]:
    """The simplified readings of a text: ``t2s`` and, where it differs, ``tw2sp`` (Taiwan words such as
    ``檔案`` → ``文件``); a text with no Traditional character is its only form."""
    if not _traditional_marks().search(text):
        return (text,)
    forms = (_converter("t2s")(text), _converter("tw2sp")(text))
    return forms[:1] if forms[0] == forms[1] else forms


# A value as tables write it: a number (full-width digits are folded by NFKC first), maybe signed,
# with thousands separators, a decimal part, "余" (approximately) and a unit; or a blank marker.
_VALUE = re.compile(
    r"^(?:[-+−]?\s*(?:增|减)?\s*\d[\d,，]*(?:\.\d+)?\s*余?\s*"
    r"(?:条|件|个|人次|次|篇|万元|元|人|项|家|期|场|%)?|[-—–/／]|无)$"
)


def is_value(norm: str) -> bool:
    """Whether normalised cell text reads as a value (a number, maybe with unit or sign, or a dash)."""
    return bool(_VALUE.match(norm))
