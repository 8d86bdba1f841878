"""Label matching that survives real text.

A label as scraped differs from the official one in many small ways; :func:`label_forms` folds them
all away, and :func:`match_label` picks the official label a text means:

- NFKC (full-width ↔ half-width punctuation and digits) and every white space removed
  (``商业 企业``, ``本年新 制作数量``);
- Traditional script (``規範性檔案``, ``結轉``): :func:`govtables.text.label_key` folds it with OpenCC,
  and a label's forms include the word-level reading too (``檔案`` → ``文件``);
- numbering variants: ``(一)``, ``（一）``, ``一、``, ``一.``, ``1.``, ``1、``, ``1)`` and ``(1)``: this module
  holds the one numbering grammar (:func:`split_numbering`, :func:`numbering_style`);
- annotations in brackets (``规章(设区的市…)``, ``本年(2023)制发件数``, ``上一年项目数量(指2019年事项数)``),
  which also makes ``（二）部分公开`` match the official label with its bracketed note;
- list punctuation: ``、``, ``，`` and ``,`` are one character (the 2021 (六)1–2 variants);
- truncation: a text of at least four characters that is the official label with its last one or
  two characters cut (``现行有效件``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from .text import label_key, simplified_forms

if TYPE_CHECKING:
    from .model import Path, ValueCell

__all__ = [
    "NUMBERING_STYLES",
    "block_number",
    "find_cell",
    "fold",
    "is_such_that",
    "label_forms",
    "labels_match",
    "leading_numbering",
    "match_label",
    "numbering",
    "numbering_style",
    "split_numbering",
]

_CN_DIGITS = "一二三四五六七八九十"
# The numbering grammar, the one place that says how a label is numbered. Leading numbering:
# 一、 一. | (一) （一） (一)、 | 1. 1、 1． 1) | (1) （1）; NFKC has already folded the full-width forms,
# so only the ASCII brackets and dots need matching here. Circled numbers (①) are folded to digits by
# NFKC and so read as no numbering.
_NUMBERING = re.compile(
    r"^(?:(?P<cn>[一二三四五六七八九十]+)[、.]"
    r"|\((?P<cnp>[一二三四五六七八九十]+)\)[、.]?"
    r"|(?P<ar>\d{1,2})[.、)]"
    r"|\((?P<arp>\d{1,2})\)[、.]?)"
)
# 第二十条第（一）项 and its spellings: 第二十条第(1)项, 第二十条第一项.
_BLOCK = re.compile(r"第二十条第\(?([一二三四五六七八九十\d]+)\)?项")
# Bracketed annotations, full- or half-width (NFKC folds both to ASCII).
_ANNOTATION = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】")
_LIST_PUNCTUATION = str.maketrans({",": "、", "，": "、", ";": "、", "；": "、"})
_FOLD_PIECE = 400  # characters of a long text folded at a time
_SUCH_THAT = re.compile(r"^其中[:：,，、]?")


def leading_numbering(norm: str) -> tuple[str | None, str]:
    """Split normalised text (:func:`govtables.text.normalise`) into the numbering it starts with,
    in one canonical spelling (``"一、"``, ``"(一)"``, ``"1."``, ``"(1)"``), and the rest, white space
    after the numbering dropped: ``("(二)", "部分公开")``, or ``(None, norm)``. Not cached, so that
    lines of prose can be asked too; :func:`split_numbering` is the cached form for labels."""
    match = _NUMBERING.match(norm)
    if match is None:
        return None, norm
    rest = norm[match.end() :].lstrip()
    if match["cn"]:
        return f"{match['cn']}、", rest
    if match["cnp"]:
        return f"({match['cnp']})", rest
    if match["ar"]:
        return f"{match['ar']}.", rest
    return f"({match['arp']})", rest


@lru_cache(maxsize=4096)
def split_numbering(text: str) -> tuple[str | None, str]:
    """Split a label's key (:func:`govtables.text.label_key`) into its numbering (``"(一)"``,
    ``"一、"``, ``"1."``, ``"(1)"``) and the rest."""
    return leading_numbering(label_key(text))


def numbering(text: str) -> str | None:
    """The numbering a label starts with, in one canonical spelling, or ``None``."""
    return split_numbering(text)[0]


#: The numbering styles, outermost first: 一、 > （一） > 1. > (1).
NUMBERING_STYLES: tuple[str, ...] = ("一、", "(一)", "1.", "(n)")


def numbering_style(text: str) -> str | None:
    """The style of a label's numbering, one of :data:`NUMBERING_STYLES`, after a leading ``其中``
    (``"其中：(1)…"`` is ``"(n)"``); ``None`` when the label is not numbered."""
    mark = numbering(_SUCH_THAT.sub("", label_key(text)))
    if mark is None:
        return None
    if mark.endswith("、"):
        return "一、"
    if mark.startswith("("):
        return "(n)" if mark[1].isdigit() else "(一)"
    return "1."


def block_number(text: str) -> str | None:
    """The item of a ``第二十条第（N）项`` block title (``"一"``, ``"五"``…), or ``None``."""
    match = _BLOCK.search(label_key(text))
    if match is None:
        return None
    item = match[1]
    return _CN_DIGITS[int(item) - 1] if item.isdigit() and 0 < int(item) <= 10 else item


def is_such_that(text: str) -> bool:
    """True for a ``其中：`` row (a part of the row above)."""
    return bool(_SUCH_THAT.match(label_key(text)))


@lru_cache(maxsize=4096)
def label_forms(text: str) -> frozenset[str]:
    """The comparable forms of a label: numbering dropped, with and without bracketed annotations."""
    block = block_number(text)
    if block is not None:
        return frozenset({f"第二十条第{block}项"})
    forms: set[str] = set()
    for reading in simplified_forms(text):
        _, rest = split_numbering(reading)
        rest = rest.translate(_LIST_PUNCTUATION)
        forms.update(form for form in (rest, _ANNOTATION.sub("", rest)) if form)
    return frozenset(forms)


def fold(text: str) -> str:
    """A text of any length as :func:`label_forms` compares labels: :func:`label_key` (NFKC, no
    white space, simplified characters) and list punctuation as ``、``. A long text is folded in
    pieces, so that ``label_key``'s cache holds no long line. (The collapsed front end and the
    coverage check find template labels in whole lines with it.)"""
    pieces = (text[at : at + _FOLD_PIECE] for at in range(0, len(text), _FOLD_PIECE))
    return "".join(label_key(piece) for piece in pieces).translate(_LIST_PUNCTUATION)


def _truncated(text_form: str, label_form: str, shortest: int = 4) -> bool:
    return len(text_form) >= shortest and label_form.startswith(text_form) and len(label_form) - len(text_form) <= 2


def labels_match(text: str, label: str, *, allow_truncation: bool = True) -> bool:
    """True when ``text`` is a spelling of the official ``label``."""
    text_forms, official_forms = label_forms(text), label_forms(label)
    if text_forms & official_forms:
        return True
    if not allow_truncation:
        return False
    # a numbered label cut short where the text ends (`(四)无法`, p057): its numbering vouches for it
    shortest = 2 if numbering(text) is not None and numbering(text) == numbering(label) else 4
    return any(_truncated(t, o, shortest) for t in text_forms for o in official_forms)


def match_label(text: str, labels: Iterable[str]) -> str | None:
    """The official label ``text`` spells, or ``None``.

    Exact matches (after folding) win over truncated ones; among several, one with the same
    numbering as the text wins (``3.其他`` is the row, ``其他`` the column).
    """
    return _match_label(text, tuple(labels))


# Reports repeat the same few hundred label spellings: the caches make matching a lookup
# (bounded, so a corpus of odd spellings cannot grow them without limit).
@lru_cache(maxsize=4096)
def _match_label(text: str, candidates: tuple[str, ...]) -> str | None:
    own = numbering(text)
    for allow_truncation in (False, True):
        found = [c for c in candidates if labels_match(text, c, allow_truncation=allow_truncation)]
        if found:
            same = [c for c in found if numbering(c) == own]
            return (same or found)[0]
    return None


def _same(given: str, label: str) -> bool:
    return given == label


def _matching(given: str, label: str) -> bool:
    return labels_match(given, label, allow_truncation=False)


def _ends_with(path: Path, suffix: Path, same: Callable[[str, str], bool]) -> bool:
    tail = path[len(path) - len(suffix) :]
    return len(path) >= len(suffix) and all(same(g, p) for g, p in zip(suffix, tail, strict=True))


def find_cell(cells: Sequence[ValueCell], row: Path, col: Path) -> ValueCell | None:
    """The first cell whose row and column paths end with ``row`` and ``col``: labels as given
    first, then labels as :func:`labels_match` matches them (no truncation); ``None`` if none.
    :meth:`govtables.model.Table.cell` is this with a ``KeyError`` naming the nearest labels."""
    for same in (_same, _matching):
        for cell in cells:
            if _ends_with(cell.row, row, same) and _ends_with(cell.col, col, same):
                return cell
    return None
