"""Label matching that survives real text.

A label as scraped differs from the official one in many small ways; :func:`label_forms` folds them
all away, and :func:`match_label` picks the official label a text means:

- NFKC (full-width ↔ half-width punctuation and digits) and every white space removed
  (``商业 企业``, ``本年新 制作数量``);
- traditional characters (``規範性文件``, ``結轉``) through :data:`TRADITIONAL`, a map of the
  characters that occur in the template labels;
- numbering variants: ``(一)``, ``（一）``, ``一、``, ``1.``, ``1、``, ``1. `` and ``(1)``;
- annotations in brackets (``规章(设区的市…)``, ``本年(2023)制发件数``, ``上一年项目数量(指2019年事项数)``),
  which also makes ``（二）部分公开`` match the official label with its bracketed note;
- list punctuation: ``、``, ``，`` and ``,`` are one character (the 2021 (六)1–2 variants);
- truncation: a text of at least four characters that is the official label with its last one or
  two characters cut (``现行有效件``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .text import label_key

__all__ = [
    "TRADITIONAL",
    "block_number",
    "is_such_that",
    "label_forms",
    "labels_match",
    "match_label",
    "numbering",
    "strip_numbering",
    "to_simplified",
]

# Traditional → simplified for the characters of the template labels (and a few of the indicator
# tables). Pairs written side by side so a reader can check them.
_PAIRS = (
    "規规 範范 結结 轉转 請请 數数 處处 辦办 開开 區区 計计 這这 屬属 於于 國国 護护 權权 類类 內内 務务"
    " 過过 執执 詢询 項项 無无 機机 關关 沒没 現现 確确 補补 訪访 舉举 報报 訴诉 復复 複复 當当 認认 獲获"
    " 費费 繳缴 納纳 總总 繼继 續续 況况 組组 織织 業业 構构 會会 議议 訟讼 維维 糾纠 審审 經经 條条 對对"
    " 許许 罰罚 強强 採采 購购 額额 單单 萬万 廢废 發发 決决 減减 號号 範范 種种 與与 後后 製制 證证 財财"
    " 徵征 價价 專专 員员 網网 絡络 頁页 電电 話话 齊齐 應应 衛卫 際际 穩稳 險险 議议 陳陈 檔档 歷历 歲岁"
    " 個个 條条 篇篇 餘余 並并 託托 態态 們们 聯联 從从 問问 題题 僅仅 據据 實实 檢检 圍围 禮礼 書书 產产"
)
TRADITIONAL: dict[int, str] = {ord(pair[0]): pair[1] for pair in _PAIRS.split()}

_CN_DIGITS = "一二三四五六七八九十"
# Leading numbering: 一、 | (一) （一） | 1. 1、 1． 1) | (1) （1）; NFKC has already folded the
# full-width forms, so only the ASCII brackets and dots need matching here.
_NUMBERING = re.compile(
    r"^(?:(?P<cn>[一二三四五六七八九十]+)[、.]"
    r"|\((?P<cnp>[一二三四五六七八九十]+)\)[、.]?"
    r"|(?P<ar>\d{1,2})(?:[.、)]|\.(?!\d))"
    r"|\((?P<arp>\d{1,2})\)[、.]?)"
)
# 第二十条第（一）项 and its spellings: 第二十条第(1)项, 第二十条第一项.
_BLOCK = re.compile(r"第二十条第\(?([一二三四五六七八九十\d]+)\)?项")
# Bracketed annotations, full- or half-width (NFKC folds both to ASCII).
_ANNOTATION = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】")
_LIST_PUNCTUATION = re.compile(r"[、,，;；]")
_SUCH_THAT = re.compile(r"^其中[:：,，、]?")


def to_simplified(text: str) -> str:
    """Map the traditional characters of the template labels to simplified ones."""
    return text.translate(TRADITIONAL)


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    return to_simplified(label_key(text))


@lru_cache(maxsize=4096)
def strip_numbering(text: str) -> tuple[str | None, str]:
    """Split a label's key into its numbering (``"(一)"``, ``"一、"``, ``"1."``, ``"(1)"``) and the rest."""
    key = _key(text)
    match = _NUMBERING.match(key)
    if match is None:
        return None, key
    if match["cn"]:
        return f"{match['cn']}、", key[match.end() :]
    if match["cnp"]:
        return f"({match['cnp']})", key[match.end() :]
    if match["ar"]:
        return f"{match['ar']}.", key[match.end() :]
    return f"({match['arp']})", key[match.end() :]


def numbering(text: str) -> str | None:
    """The numbering a label starts with, in one canonical spelling, or ``None``."""
    return strip_numbering(text)[0]


def block_number(text: str) -> str | None:
    """The item of a ``第二十条第（N）项`` block title (``"一"``, ``"五"``…), or ``None``."""
    match = _BLOCK.search(_key(text))
    if match is None:
        return None
    item = match[1]
    return _CN_DIGITS[int(item) - 1] if item.isdigit() and 0 < int(item) <= 10 else item


def is_such_that(text: str) -> bool:
    """True for a ``其中：`` row (a part of the row above)."""
    return bool(_SUCH_THAT.match(_key(text)))


@lru_cache(maxsize=4096)
def label_forms(text: str) -> frozenset[str]:
    """The comparable forms of a label: numbering dropped, with and without bracketed annotations."""
    block = block_number(text)
    if block is not None:
        return frozenset({f"第二十条第{block}项"})
    _, rest = strip_numbering(text)
    rest = _LIST_PUNCTUATION.sub("、", rest)
    bare = _ANNOTATION.sub("", rest)
    return frozenset(form for form in (rest, bare) if form)


def _truncated(text_form: str, label_form: str) -> bool:
    return len(text_form) >= 4 and label_form.startswith(text_form) and len(label_form) - len(text_form) <= 2


def labels_match(text: str, label: str, *, allow_truncation: bool = True) -> bool:
    """True when ``text`` is a spelling of the official ``label``."""
    text_forms, official_forms = label_forms(text), label_forms(label)
    if text_forms & official_forms:
        return True
    return allow_truncation and any(_truncated(t, o) for t in text_forms for o in official_forms)


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
