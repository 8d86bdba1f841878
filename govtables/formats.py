"""The statutory formats of tables 二 (active), 三 (applications) and 四 (reviews), as data.

One :class:`Format` per (table kind, format revision). A format is its data rows in reading order
(:class:`RowSpec`: official label path, short key, English name, value columns) plus the header
labels the text may show and the marker labels that tell the revision apart. Labels are verbatim
from ``statutory-format.md`` (full-width punctuation). A later revision is a new ``Format`` value
added to :data:`FORMATS`; the mapper in :mod:`govtables.template` reads them all the same way.

Stable short keys for the validator (``statutory-format.md`` §4, §5):

>>> applications = format_for("applications", "2019")
>>> applications.row_path("new"), applications.column_path("total")
(('一、本年新收政府信息公开申请数量',), ('申请人情况', '总计'))
>>> format_for("reviews", "2021").column_path("ld_tot")
('行政诉讼', '未经复议直接起诉', '总计')
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping

import attrs

from .model import Path
from .values import ValueKind

__all__ = [
    "DEFAULT",
    "FORMATS",
    "FORMAT_NAMES",
    "OTHER_WORDING",
    "PRE_STATUTORY",
    "Column",
    "Format",
    "RowSpec",
    "choose",
    "format_for",
    "formats_of",
    "names",
    "register",
    "registered",
    "same_in_every_revision",
    "template_labels",
    "unregister",
    "value_markers",
]


@attrs.frozen
class Column:
    """A value column: official header path, short key, English name, kind of value."""

    path: Path
    key: str
    name: str
    kind: ValueKind = "count"
    group: str = ""


@attrs.frozen
class RowSpec:
    """A data row: official label path, short key, English name, and its value columns."""

    path: Path
    key: str
    name: str
    columns: tuple[Column, ...]
    group: str = ""


@attrs.frozen(cache_hash=True)
class Format:
    """One statutory table in one format revision (hashed once: compiled forms are cached per format)."""

    kind: str
    name: str
    rows: tuple[RowSpec, ...]
    headers: tuple[str, ...]
    markers: tuple[str, ...] = ()
    #: The column a row's lone surviving value belongs to (the 总计 column), if the table has one.
    total_column: str | None = None

    @property
    def leaf_labels(self) -> tuple[str, ...]:
        return tuple(row.path[-1] for row in self.rows if row.path)

    @property
    def group_labels(self) -> tuple[str, ...]:
        """Labels that head several rows (``三、本年度办理结果``, block titles …)."""
        leaves = set(self.leaf_labels)
        seen: dict[str, None] = {}
        for row in self.rows:
            for label in row.path[:-1]:
                if label not in leaves:
                    seen[label] = None
        return tuple(seen)

    @property
    def columns(self) -> tuple[Column, ...]:
        """Every distinct column, in order of first use."""
        seen: dict[str, Column] = {}
        for row in self.rows:
            for column in row.columns:
                seen.setdefault(column.key, column)
        return tuple(seen.values())

    def has_column(self, key: str) -> bool:
        return any(column.key == key for column in self.columns)

    def row_path(self, key: str) -> Path:
        return next(row.path for row in self.rows if row.key == key)

    def column_path(self, key: str) -> Path:
        return next(column.path for column in self.columns if column.key == key)

    def cell_paths(self) -> tuple[tuple[Path, Path], ...]:
        """Every (row path, column path) of the template, in reading order."""
        return tuple((row.path, column.path) for row in self.rows for column in row.columns)

    def keys(self) -> dict[tuple[str, str], tuple[Path, Path]]:
        """(row key, column key) → (official row path, official column path)."""
        return {(row.key, column.key): (row.path, column.path) for row in self.rows for column in row.columns}


# ---------------------------------------------------------------------------------------------
# Table 二 — 主动公开政府信息情况 (§3)

_INFO = "信息内容"


def _active_rows(blocks: tuple[tuple[str, str, str, tuple, tuple], ...]) -> tuple[RowSpec, ...]:
    """Blocks (title, key, name, rows, columns) → rows whose path is (title, row label)."""
    rows: list[RowSpec] = []
    for title, block_key, block_name, block_rows, block_columns in blocks:
        columns = tuple(Column((label,), key, name, kind) for label, key, name, kind in block_columns)
        for label, key, name in block_rows:
            rows.append(RowSpec((title, label), f"{block_key}.{key}", name, columns, group=block_name))
    return tuple(rows)


_MADE_2019 = (
    ("本年新制作数量", "made", "new_made", "count"),
    ("本年新公开数量", "published", "new_published", "count"),
    ("对外公开总数量", "public_total", "public_total", "count"),
)
_ITEMS_2019 = (
    ("上一年项目数量", "prev_items", "previous_items", "count"),
    ("本年增/减", "change", "change", "signed"),
    ("处理决定数量", "decisions", "decisions", "count"),
)
ACTIVE_2019 = Format(
    kind="active",
    name="2019",
    rows=_active_rows(
        (
            (
                "第二十条第（一）项",
                "art20_1",
                "rules_and_documents",
                (("规章", "rules", "rules"), ("规范性文件", "normative", "normative_documents")),
                _MADE_2019,
            ),
            (
                "第二十条第（五）项",
                "art20_5",
                "licensing",
                (
                    ("行政许可", "licensing", "licensing"),
                    ("其他对外管理服务事项", "other_services", "other_services"),
                ),
                _ITEMS_2019,
            ),
            (
                "第二十条第（六）项",
                "art20_6",
                "penalties_and_enforcement",
                (("行政处罚", "penalty", "penalties"), ("行政强制", "enforcement", "enforcement")),
                _ITEMS_2019,
            ),
            ("第二十条第（八）项", "art20_8", "fees", (("行政事业性收费", "fees", "fees"),), _ITEMS_2019[:2]),
            (
                "第二十条第（九）项",
                "art20_9",
                "procurement",
                (("政府集中采购", "procurement", "procurement"),),
                (
                    ("采购项目数量", "purchase_items", "purchase_items", "count"),
                    ("采购总金额", "purchase_amount", "purchase_amount", "money"),
                ),
            ),
        )
    ),
    headers=(
        _INFO,
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增/减",
        "处理决定数量",
        "采购项目数量",
        "采购总金额",
    ),
    markers=(
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增/减",
        "采购项目数量",
        "采购总金额",
        "第二十条第（九）项",
        "其他对外管理服务事项",
        "政府集中采购",
    ),
)

_DECISIONS_2021 = (("本年处理决定数量", "decisions", "decisions", "count"),)
ACTIVE_2021 = Format(
    kind="active",
    name="2021",
    rows=_active_rows(
        (
            (
                "第二十条第（一）项",
                "art20_1",
                "rules_and_documents",
                (("规章", "rules", "rules"), ("行政规范性文件", "normative", "normative_documents")),
                (
                    ("本年制发件数", "issued", "issued", "count"),
                    ("本年废止件数", "repealed", "repealed", "count"),
                    ("现行有效件数", "in_force", "in_force", "count"),
                ),
            ),
            (
                "第二十条第（五）项",
                "art20_5",
                "licensing",
                (("行政许可", "licensing", "licensing"),),
                _DECISIONS_2021,
            ),
            (
                "第二十条第（六）项",
                "art20_6",
                "penalties_and_enforcement",
                (("行政处罚", "penalty", "penalties"), ("行政强制", "enforcement", "enforcement")),
                _DECISIONS_2021,
            ),
            (
                "第二十条第（八）项",
                "art20_8",
                "fees",
                (("行政事业性收费", "fees", "fees"),),
                (("本年收费金额（单位：万元）", "fee_amount", "fee_amount", "money"),),
            ),
        )
    ),
    headers=(
        _INFO,
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年处理决定数量",
        "本年收费金额（单位：万元）",
    ),
    markers=(
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年处理决定数量",
        "本年收费金额（单位：万元）",
        "行政规范性文件",
    ),
)

# ---------------------------------------------------------------------------------------------
# Table 三 — 收到和处理政府信息公开申请情况 (§4)

_APPLICANT = "申请人情况"
_LEGAL = "法人或其他组织"
APPLICATION_COLUMNS: tuple[Column, ...] = (
    Column((_APPLICANT, "自然人"), "np", "natural_person"),
    Column((_APPLICANT, _LEGAL, "商业企业"), "biz", "commercial"),
    Column((_APPLICANT, _LEGAL, "科研机构"), "sci", "research"),
    Column((_APPLICANT, _LEGAL, "社会公益组织"), "npo", "public_interest"),
    Column((_APPLICANT, _LEGAL, "法律服务机构"), "law", "legal_services"),
    Column((_APPLICANT, _LEGAL, "其他"), "oth", "other"),
    Column((_APPLICANT, "总计"), "total", "total"),
)
_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_RESULTS = "三、本年度办理结果"
_WITHHELD = "（三）不予公开"
_UNABLE = "（四）无法提供"
_NOT_HANDLED = "（五）不予处理"
_OTHER = "（六）其他处理"


def _application_rows(rows: tuple[tuple[Path, str, str], ...]) -> tuple[RowSpec, ...]:
    return tuple(RowSpec(path, key, name, APPLICATION_COLUMNS) for path, key, name in rows)


_ROWS_BEFORE_OTHER: tuple[tuple[Path, str, str], ...] = (
    (("一、本年新收政府信息公开申请数量",), "new", "new_received"),
    (("二、上年结转政府信息公开申请数量",), "carry", "carried_over"),
    ((_RESULTS, "（一）予以公开"), "r1_open", "granted"),
    ((_RESULTS, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"), "r2_partial", "partly_granted"),
    ((_RESULTS, _WITHHELD, "1.属于国家秘密"), "r3_1", "state_secret"),
    ((_RESULTS, _WITHHELD, "2.其他法律行政法规禁止公开"), "r3_2", "prohibited_by_law"),
    ((_RESULTS, _WITHHELD, "3.危及“三安全一稳定”"), "r3_3", "endangers_security"),
    ((_RESULTS, _WITHHELD, "4.保护第三方合法权益"), "r3_4", "third_party_rights"),
    ((_RESULTS, _WITHHELD, "5.属于三类内部事务信息"), "r3_5", "internal_affairs"),
    ((_RESULTS, _WITHHELD, "6.属于四类过程性信息"), "r3_6", "process_information"),
    ((_RESULTS, _WITHHELD, "7.属于行政执法案卷"), "r3_7", "law_enforcement_files"),
    ((_RESULTS, _WITHHELD, "8.属于行政查询事项"), "r3_8", "inquiry_matters"),
    ((_RESULTS, _UNABLE, "1.本机关不掌握相关政府信息"), "r4_1", "not_held"),
    ((_RESULTS, _UNABLE, "2.没有现成信息需要另行制作"), "r4_2", "needs_creation"),
    ((_RESULTS, _UNABLE, "3.补正后申请内容仍不明确"), "r4_3", "still_unclear"),
    ((_RESULTS, _NOT_HANDLED, "1.信访举报投诉类申请"), "r5_1", "petitions_complaints"),
    ((_RESULTS, _NOT_HANDLED, "2.重复申请"), "r5_2", "repeated"),
    ((_RESULTS, _NOT_HANDLED, "3.要求提供公开出版物"), "r5_3", "publications"),
    ((_RESULTS, _NOT_HANDLED, "4.无正当理由大量反复申请"), "r5_4", "massive_repeated"),
    ((_RESULTS, _NOT_HANDLED, "5.要求行政机关确认或重新出具已获取信息"), "r5_5", "confirm_or_reissue"),
)
_ROWS_AFTER_OTHER: tuple[tuple[Path, str, str], ...] = (
    ((_RESULTS, "（七）总计"), "r7_total", "results_total"),
    (("四、结转下年度继续办理",), "fwd", "carried_forward"),
)
_OTHER_2021_1 = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
_OTHER_2021_2 = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
_APPLICATION_HEADERS = (_NOTE, _APPLICANT, _LEGAL, *tuple(column.path[-1] for column in APPLICATION_COLUMNS))

APPLICATIONS_2019 = Format(
    kind="applications",
    name="2019",
    rows=_application_rows(
        (*_ROWS_BEFORE_OTHER, ((_RESULTS, _OTHER), "r6", "other_handling"), *_ROWS_AFTER_OTHER)
    ),
    headers=_APPLICATION_HEADERS,
    total_column="total",
)
APPLICATIONS_2021 = Format(
    kind="applications",
    name="2021",
    rows=_application_rows(
        (
            *_ROWS_BEFORE_OTHER,
            ((_RESULTS, _OTHER, _OTHER_2021_1), "r6_1", "no_correction"),
            ((_RESULTS, _OTHER, _OTHER_2021_2), "r6_2", "fee_unpaid"),
            ((_RESULTS, _OTHER, "3.其他"), "r6_3", "other_reasons"),
            *_ROWS_AFTER_OTHER,
        )
    ),
    headers=_APPLICATION_HEADERS,
    markers=(_OTHER_2021_1, _OTHER_2021_2),
    total_column="total",
)

# ---------------------------------------------------------------------------------------------
# Table 四 — 政府信息公开行政复议、行政诉讼情况 (§5): one data row of 15 cells, no row label.

_OUTCOMES = (
    ("结果维持", "keep", "upheld"),
    ("结果纠正", "fix", "corrected"),
    ("其他结果", "oth", "other"),
    ("尚未审结", "pend", "pending"),
    ("总计", "tot", "total"),
)
_REVIEW_GROUPS: tuple[tuple[Path, str, str], ...] = (
    (("行政复议",), "rv", "review"),
    (("行政诉讼", "未经复议直接起诉"), "ld", "direct_suit"),
    (("行政诉讼", "复议后起诉"), "lr", "suit_after_review"),
)
REVIEW_COLUMNS: tuple[Column, ...] = tuple(
    Column((*head, label), f"{prefix}_{key}", name, group=group)
    for head, prefix, group in _REVIEW_GROUPS
    for label, key, name in _OUTCOMES
)
_REVIEWS = tuple(
    Format(
        kind="reviews",
        name=name,
        rows=(RowSpec((), "reviews", "reviews", REVIEW_COLUMNS),),
        headers=("行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", *(o[0] for o in _OUTCOMES)),
    )
    for name in ("2019", "2021")
)
REVIEWS_2019, REVIEWS_2021 = _REVIEWS

#: Every format, by (kind, revision name), in the order registered (oldest revision first).
FORMATS: dict[tuple[str, str], Format] = {
    (f.kind, f.name): f
    for f in (ACTIVE_2019, ACTIVE_2021, APPLICATIONS_2019, APPLICATIONS_2021, REVIEWS_2019, REVIEWS_2021)
}
#: The revisions the package ships (the ``format`` enum of ``output.schema.json``); :func:`names`
#: gives every registered one.
FORMAT_NAMES: tuple[str, ...] = ("2019", "2021")
#: The revision assumed when a table's labels do not tell (finding ``format-assumed``).
DEFAULT = "2019"
#: The format name of a report whose tables are indicator tables (before the statutory formats).
PRE_STATUTORY = "pre-2019"


def names() -> tuple[str, ...]:
    """Every registered revision name, oldest first."""
    return tuple(dict.fromkeys(name for _, name in FORMATS))


def register(*formats: Format) -> None:
    """Add a revision (a :class:`Format` for each table kind it defines: ``active``, ``applications``
    and ``reviews``). ``ValueError`` if one is registered already. Every reader, detector, typed view
    and identity reads the registry, so a revision needs no other change."""
    taken = [(f.kind, f.name) for f in formats if (f.kind, f.name) in FORMATS]
    if taken:
        raise ValueError(f"formats registered already: {taken}")
    FORMATS.update({(f.kind, f.name): f for f in formats})


def unregister(*formats: Format) -> None:
    """Remove formats added by :func:`register`."""
    for f in formats:
        del FORMATS[(f.kind, f.name)]


@contextlib.contextmanager
def registered(*formats: Format) -> Iterator[None]:
    """:func:`register` for the ``with`` block only (tests, experiments)."""
    register(*formats)
    try:
        yield
    finally:
        unregister(*formats)


def choose(votes: Mapping[str, int], sizes: Mapping[str, int]) -> str | None:
    """The one rule that picks a revision from evidence: the most votes (marker labels found); on a
    tie the revision with fewer markers (``sizes``: the votes explain more of it), then the newer;
    ``None`` when nothing voted. Every detector (the template's per table and per report, the
    identities' from a table's cells) decides with it."""
    best = max(votes.values(), default=0)
    if best <= 0:
        return None
    order = names()
    tied = [name for name, count in votes.items() if count == best]
    return max(tied, key=lambda name: (-sizes.get(name, 0), order.index(name) if name in order else -1))


def value_markers(fmt: Format) -> tuple[str, ...]:
    """Row labels of ``fmt`` that head a group of rows in another revision of its kind (2019's
    （六）其他处理): followed by a value, they vote for ``fmt``."""
    groups = {label for (kind, _), other in FORMATS.items() if kind == fmt.kind for label in other.group_labels}
    return tuple(label for label in fmt.leaf_labels if label in groups)


#: Row labels one revision words differently from the other. Reports keep the wording they are used
#: to (a 2021 table that writes 规范性文件, a 2019 one that writes 行政规范性文件): the other wording
#: names the same row (a fallback after the revision's own labels).
OTHER_WORDING: dict[str, str] = {"规范性文件": "行政规范性文件", "行政规范性文件": "规范性文件"}


def template_labels() -> tuple[str, ...]:
    """Every row, group and header label of every statutory format, each once, in order of first use."""
    labels: dict[str, None] = {}
    for fmt in FORMATS.values():
        labels.update(dict.fromkeys((*fmt.leaf_labels, *fmt.group_labels, *fmt.headers)))
    return tuple(labels)


def format_for(kind: str, name: str) -> Format:
    """The format of a table kind in a revision; ``KeyError`` if there is none."""
    return FORMATS[(kind, name)]


def formats_of(kind: str) -> tuple[Format, ...]:
    """Every registered format of a table kind, oldest revision first."""
    return tuple(fmt for (k, _), fmt in FORMATS.items() if k == kind)


def same_in_every_revision(kind: str) -> Format | None:
    """The format of a table kind whose rows no revision changed (table 四), else ``None``."""
    found = formats_of(kind)
    return found[0] if found and len({fmt.rows for fmt in found}) == 1 else None
