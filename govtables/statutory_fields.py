"""The typed cells of tables 二/三/四: one attribute per official row or column, each a
:class:`~govtables.model.ValueCell` or ``None`` where the table's format lacks it.

Generated from :mod:`govtables.formats` by ``tests/test_statutory.py`` — do not edit by hand.
"""

from __future__ import annotations

import attrs

from .model import ValueCell


@attrs.frozen
class ApplicationsColumn:
    """One applicant column of table 三: a cell per row."""

    #: 一、本年新收政府信息公开申请数量 (2019, 2021)
    new_received: ValueCell | None = None
    #: 二、上年结转政府信息公开申请数量 (2019, 2021)
    carried_over: ValueCell | None = None
    #: （一）予以公开 (2019, 2021)
    granted: ValueCell | None = None
    #: （二）部分公开（区分处理的，只计这一情形，不计其他情形） (2019, 2021)
    partly_granted: ValueCell | None = None
    #: 1.属于国家秘密 (2019, 2021)
    state_secret: ValueCell | None = None
    #: 2.其他法律行政法规禁止公开 (2019, 2021)
    prohibited_by_law: ValueCell | None = None
    #: 3.危及“三安全一稳定” (2019, 2021)
    endangers_security: ValueCell | None = None
    #: 4.保护第三方合法权益 (2019, 2021)
    third_party_rights: ValueCell | None = None
    #: 5.属于三类内部事务信息 (2019, 2021)
    internal_affairs: ValueCell | None = None
    #: 6.属于四类过程性信息 (2019, 2021)
    process_information: ValueCell | None = None
    #: 7.属于行政执法案卷 (2019, 2021)
    law_enforcement_files: ValueCell | None = None
    #: 8.属于行政查询事项 (2019, 2021)
    inquiry_matters: ValueCell | None = None
    #: 1.本机关不掌握相关政府信息 (2019, 2021)
    not_held: ValueCell | None = None
    #: 2.没有现成信息需要另行制作 (2019, 2021)
    needs_creation: ValueCell | None = None
    #: 3.补正后申请内容仍不明确 (2019, 2021)
    still_unclear: ValueCell | None = None
    #: 1.信访举报投诉类申请 (2019, 2021)
    petitions_complaints: ValueCell | None = None
    #: 2.重复申请 (2019, 2021)
    repeated: ValueCell | None = None
    #: 3.要求提供公开出版物 (2019, 2021)
    publications: ValueCell | None = None
    #: 4.无正当理由大量反复申请 (2019, 2021)
    massive_repeated: ValueCell | None = None
    #: 5.要求行政机关确认或重新出具已获取信息 (2019, 2021)
    confirm_or_reissue: ValueCell | None = None
    #: （六）其他处理 (2019)
    other_handling: ValueCell | None = None
    #: （七）总计 (2019, 2021)
    results_total: ValueCell | None = None
    #: 四、结转下年度继续办理 (2019, 2021)
    carried_forward: ValueCell | None = None
    #: 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 (2021)
    no_correction: ValueCell | None = None
    #: 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 (2021)
    fee_unpaid: ValueCell | None = None
    #: 3.其他 (2021)
    other_reasons: ValueCell | None = None


@attrs.frozen
class ReviewOutcomes:
    """One group of table 四 (行政复议, or a kind of 行政诉讼): a cell per outcome."""

    #: 结果维持
    upheld: ValueCell | None = None
    #: 结果纠正
    corrected: ValueCell | None = None
    #: 其他结果
    other: ValueCell | None = None
    #: 尚未审结
    pending: ValueCell | None = None
    #: 总计
    total: ValueCell | None = None


@attrs.frozen
class RulesAndDocumentsRow:
    """A row of table 二's rules_and_documents block."""

    #: 本年新制作数量
    new_made: ValueCell | None = None
    #: 本年新公开数量
    new_published: ValueCell | None = None
    #: 对外公开总数量
    public_total: ValueCell | None = None
    #: 本年制发件数
    issued: ValueCell | None = None
    #: 本年废止件数
    repealed: ValueCell | None = None
    #: 现行有效件数
    in_force: ValueCell | None = None


@attrs.frozen
class RulesAndDocumentsBlock:
    """Table 二's rules_and_documents block."""

    #: 规章 (2019, 2021)
    rules: RulesAndDocumentsRow | None = None
    #: 规范性文件 (2019); 行政规范性文件 (2021)
    normative_documents: RulesAndDocumentsRow | None = None


@attrs.frozen
class LicensingRow:
    """A row of table 二's licensing block."""

    #: 上一年项目数量
    previous_items: ValueCell | None = None
    #: 本年增/减
    change: ValueCell | None = None
    #: 处理决定数量
    decisions: ValueCell | None = None


@attrs.frozen
class LicensingBlock:
    """Table 二's licensing block."""

    #: 行政许可 (2019, 2021)
    licensing: LicensingRow | None = None
    #: 其他对外管理服务事项 (2019)
    other_services: LicensingRow | None = None


@attrs.frozen
class PenaltiesAndEnforcementRow:
    """A row of table 二's penalties_and_enforcement block."""

    #: 上一年项目数量
    previous_items: ValueCell | None = None
    #: 本年增/减
    change: ValueCell | None = None
    #: 处理决定数量
    decisions: ValueCell | None = None


@attrs.frozen
class PenaltiesAndEnforcementBlock:
    """Table 二's penalties_and_enforcement block."""

    #: 行政处罚 (2019, 2021)
    penalties: PenaltiesAndEnforcementRow | None = None
    #: 行政强制 (2019, 2021)
    enforcement: PenaltiesAndEnforcementRow | None = None


@attrs.frozen
class FeesRow:
    """A row of table 二's fees block."""

    #: 上一年项目数量
    previous_items: ValueCell | None = None
    #: 本年增/减
    change: ValueCell | None = None
    #: 本年收费金额（单位：万元）
    fee_amount: ValueCell | None = None


@attrs.frozen
class FeesBlock:
    """Table 二's fees block."""

    #: 行政事业性收费 (2019, 2021)
    fees: FeesRow | None = None


@attrs.frozen
class ProcurementRow:
    """A row of table 二's procurement block."""

    #: 采购项目数量
    purchase_items: ValueCell | None = None
    #: 采购总金额
    purchase_amount: ValueCell | None = None


@attrs.frozen
class ProcurementBlock:
    """Table 二's procurement block."""

    #: 政府集中采购 (2019)
    procurement: ProcurementRow | None = None


__all__ = [
    "ApplicationsColumn",
    "FeesBlock",
    "FeesRow",
    "LicensingBlock",
    "LicensingRow",
    "PenaltiesAndEnforcementBlock",
    "PenaltiesAndEnforcementRow",
    "ProcurementBlock",
    "ProcurementRow",
    "ReviewOutcomes",
    "RulesAndDocumentsBlock",
    "RulesAndDocumentsRow",
]
