"""Text at the edges: decoding bytes, and normalising cell text for matching.

The original text of every cell is kept; :func:`normalise` gives the form used to compare labels
(NFKC folds full-width digits, bars and punctuation; ideographic spaces and NBSP become spaces) and
:func:`label_key` the form with every space removed, so ``本年新 制作数量`` matches ``本年新制作数量``.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

from .errors import NotTextError, ReadError, TooLargeError

#: The file suffixes of reports (case-insensitive): what a folder walk picks up, and what marks a
#: one-line string given to :func:`govtables.read` as a path.
REPORT_SUFFIXES: tuple[str, ...] = (".txt", ".html", ".htm", ".md", ".pdf", ".docx", ".doc")

_BOM = "\ufeff"
_CJK = re.compile(r"[\u3400-\u9fff]")
Script = Literal["simplified", "traditional"]
_SPACES = re.compile(r"[\s\u00a0\u3000\u2002-\u200b\u202f\u205f]+")
# Zero-width characters that scraped pages leave inside words.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060"))


# Byte-order marks of the Unicode encodings other than UTF-8 (what Notepad and Excel save as
# "Unicode"); UTF-32 first, as its little-endian mark begins with UTF-16's.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_FILE = "a UTF-8, GB18030/GBK, or UTF-16/UTF-32 (with a byte-order mark) text file"


def decode(data: bytes, *, source: str | None = None) -> str:
    """Decode a report's bytes: UTF-16/UTF-32 with a byte-order mark, else UTF-8 (BOM dropped),
    else GB18030 (a superset of GBK and GB2312).

    Raises :class:`NotTextError` for binary data (a NUL byte anywhere outside UTF-16/32, or bytes
    valid in none of these encodings).
    """
    marked = next((encoding for mark, encoding in _BOMS if data.startswith(mark)), None)
    if marked is None and b"\x00" in data:
        raise NotTextError(
            f"the data holds a NUL byte (at byte {data.index(0)}), so it is binary data, not text",
            source=source,
            expected=_TEXT_FILE,
        )
    for encoding in ((marked,) if marked else ()) + ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text or (encoding == marked and not _printable(text)):
            continue  # binary bytes that happen to start like a byte-order mark
        return normalise_newlines(text)
    also = f" (nor {marked.upper()} after its byte-order mark)" if marked else ""
    raise NotTextError(
        f"the bytes are neither UTF-8 nor GB18030/GBK text{also}",
        source=source,
        expected=_TEXT_FILE,
    )


def _printable(text: str) -> bool:
    """No control, unassigned, private-use or surrogate character, nor a second byte-order mark,
    outside white space and the zero-width characters scraped pages hold."""
    return "".join(text.translate(_ZERO_WIDTH).split()).isprintable()


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; a leading BOM is dropped."""
    if text.startswith(_BOM):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def read_text(path: str | Path, *, max_bytes: int | None = None) -> str:
    """Read and decode a report file: a regular file (never a FIFO, device or socket, which could
    block), of at most ``max_bytes`` bytes (:class:`TooLargeError` above)."""
    source = str(path)
    try:
        _regular_file(os.stat(path), source, max_bytes)
        # non-blocking, so that a FIFO put in the file's place after the stat cannot hang the open
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as file:
            _regular_file(os.fstat(file.fileno()), source, max_bytes)
            data = file.read() if max_bytes is None else file.read(max_bytes + 1)
    except OSError as exc:
        raise ReadError(f"cannot read the file ({exc.strerror or exc})", source=source) from exc
    check_size(len(data), max_bytes, source=source)
    return decode(data, source=source)


def _regular_file(info: os.stat_result, source: str, max_bytes: int | None) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise ReadError("cannot read a folder as one report", source=source, expected="a report's file")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(
            "cannot read the file: it is not a regular file (a FIFO, device or socket)",
            source=source,
            expected="a regular file",
        )
    check_size(info.st_size, max_bytes, source=source)


def check_size(size: int, max_bytes: int | None, *, source: str | None, unit: str = "bytes") -> None:
    """Raise :class:`TooLargeError` when ``size`` is over ``max_bytes``."""
    if max_bytes is not None and size > max_bytes:
        raise TooLargeError(
            f"the input is larger than one report can be (over {max_bytes:,} {unit})",
            source=source,
            expected=f"at most {max_bytes:,} {unit} (govtables.pipeline.MAX_REPORT_BYTES)",
        )


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
