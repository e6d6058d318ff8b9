"""Compliance findings on the schools' published fee notices, for the district portal.

Whether a rule is broken is decided by the very code a school's `make check` runs
(content/fee_checks.check_fee_notice on the notice rebuilt from open data, portal/notices.py); each
of its findings carries the id of the rule it applies (Finding.rule). The portal words it for
parents and the bureau (the school-side message tells staff which YAML key to write) and cites the
same document the school-side note cites (fee_rules.RULE_*). The district's own rules come from
the portal's config: how many days before collection a notice goes up (lead_days, replacing the
school's own setting) and caps on named items, each with the document that sets it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Callable, Optional

from ..content.fee_checks import check_fee_notice
from ..content.fee_rules import RULE_781, RULE_3207, RULE_COMPULSORY, billing_period, stage_of, voluntary_rule
from ..content.fee_sums import money
from ..content.fee_terms import Term, term_of_day, terms_of
from .notices import PublishedNotice


@dataclass(frozen=True)
class PortalFinding:
    notice_id: Optional[str]  # None: about the school (no notice this term)
    item: Optional[str]  # the fee item's name; None: about the whole notice
    rule: str
    text: str  # what is wrong, in Chinese, for parents and the bureau
    citation: str  # the document (and article) the rule comes from


@dataclass(frozen=True)
class DistrictRules:
    lead_days: int = 7
    lead_days_basis: Optional[str] = None
    caps: tuple = ()  # config.Cap: item, max_amount, unit (None: any), stage (None: any), basis

    @property
    def lead_citation(self) -> str:
        return self.lead_days_basis or f"本区规定：收费前至少公示 {self.lead_days} 天（门户配置 lead_days，未注明文件）"


def _item_named(notice: Any, path: tuple) -> Any:
    return notice.items[path[1]] if len(path) > 1 and path[0] == "items" else None


def _basis_at(notice: Any, path: tuple) -> Any:
    """The basis a finding's path points at: ("basis",), ("basis", 1), ("items", 0, "basis", 2)…"""
    where = path[2:] if path[:1] == ("items",) else path
    owner = _item_named(notice, path) or notice
    basis = owner.basis
    return basis[where[1]] if isinstance(basis, list) and len(where) > 1 else basis


def _named(item: Any) -> str:
    """代收费“校服费”; “住宿费” alone where the kind is the name."""
    return f"“{item.name}”" if item.kind == item.name else f"{item.kind}“{item.name}”"


# rule id → (the finding's text, its citation), from the notice, the item (or None), the finding's path, the rules
Wording = Callable[[Any, Any, tuple, str, DistrictRules], tuple[str, str]]


def _no_number(notice: Any, item: Any, path: tuple, stage: str, rules: DistrictRules) -> tuple[str, str]:
    basis = _basis_at(notice, path)
    who = f"“{basis.issuer or basis.title}”" if (basis.issuer or basis.title) else ""
    scope = f"“{item.name}”的" if item is not None else "公示的"
    return f"{scope}收费依据{who}没有文号，也没有注明是备案的标准。", RULE_781


def _lead(notice: Any, item: Any, path: tuple, stage: str, rules: DistrictRules) -> tuple[str, str]:
    latest = notice.collection_start - dt.timedelta(days=rules.lead_days)
    shown = notice.display.start if notice.display else notice.issued
    return (f"公示从 {shown} 开始，{notice.collection_start} 开始收费，不足 {rules.lead_days} 天"
            f"（最晚应在 {latest} 开始公示）。", rules.lead_citation)


WORDINGS: dict[str, Wording] = {
    "basis.missing": lambda n, i, p, s, r: (f"{_named(i)}没有公示收费依据（批准机关和文号）。", RULE_781),
    "basis.no_number": _no_number,
    "standard.missing": lambda n, i, p, s, r: (f"“{i.name}”没有公示收费标准（金额或收取办法）。", RULE_781),
    "kind.stage": lambda n, i, p, s, r: (f"“{i.name}”的收费类别“{i.kind}”不是{s or '本学段'}的收费。", RULE_3207),
    "kind.tuition": lambda n, i, p, s, r: (f"义务教育阶段公示了学费“{i.name}”（公办学校不收学费，民办学校除外）。",
                                           RULE_COMPULSORY),
    "voluntary.compulsory": lambda n, i, p, s, r: (
        f"{_named(i)}写明必须缴纳，但这一项没有自己的收费依据文号；按规定应由学生或家长自愿选择。",
        voluntary_rule(s)),
    "voluntary.unstated": lambda n, i, p, s, r: (f"{_named(i)}没有写明是否自愿（按规定应自愿）。",
                                                 voluntary_rule(s)),
    "complaint_phones.missing": lambda n, i, p, s, r: ("没有公示投诉、举报电话。", RULE_781),
    "reductions.missing": lambda n, i, p, s, r: ("没有公示减免政策。", RULE_781),
    "lead_days": _lead,
    "lead_days.unverifiable": lambda n, i, p, s, r: (
        f"公示日期只写到月，无法核对是否在 {n.collection_start} 开始收费前至少 {r.lead_days} 天公示。", r.lead_citation),
}


def _site_for(rules: DistrictRules) -> Any:
    """What check_fee_notice reads of the school: nothing but the lead days, which are the district's.
    Phones and reductions were filled in from the school's defaults before publishing (open data v2)."""
    return SimpleNamespace(school=SimpleNamespace(fees=None, site=SimpleNamespace(fee_notice_lead_days=rules.lead_days)))


def _cap_findings(notice: Any, rules: DistrictRules) -> list[tuple[Any, str, str]]:
    found = []
    for cap in rules.caps:
        if cap.stage and cap.stage != stage_of(notice, None):
            continue
        for item in notice.items:
            if item.name != cap.item or (cap.unit and billing_period(item.unit) != billing_period(cap.unit)):
                continue  # another period (元/生·月 against a cap per term) is not comparable
            amounts = [("", item.amount), ("最高 ", item.max_amount)]
            amounts += [(f"{price.label} ", price.amount) for price in item.prices or ()]
            for label, amount in amounts:
                if amount is not None and amount > cap.max_amount:
                    per = f"（{cap.unit}）" if cap.unit else ""
                    found.append((item, f"“{item.name}”{label}{money(amount)} 元超过本区最高标准 "
                                        f"{money(cap.max_amount)} 元{per}。", cap.basis))
    return found


def notice_findings(notice_id: str, notice: Any, rules: DistrictRules) -> list[PortalFinding]:
    stage = stage_of(notice, None)
    findings = []
    for finding in check_fee_notice(notice, _site_for(rules)):
        wording = WORDINGS.get(finding.rule or "")
        if wording is None:
            continue  # not a rule a notice is held to (a typing slip, a sum): the school's own check reports it
        item = _item_named(notice, finding.path)
        text, citation = wording(notice, item, finding.path, stage, rules)
        findings.append(PortalFinding(notice_id, item.name if item is not None else None, finding.rule, text, citation))
    for item, text, citation in _cap_findings(notice, rules):
        findings.append(PortalFinding(notice_id, item.name, "cap", text, citation))
    return findings


def current_term(today: dt.date) -> Term:
    """The term fees are being noticed and collected for: from August the coming autumn term."""
    return term_of_day(today)


def no_notice_finding(notices: list[PublishedNotice], today: dt.date) -> Optional[PortalFinding]:
    term = current_term(today)
    if any(term in terms_of(published.notice) for published in notices if published.notice is not None):
        return None
    return PortalFinding(None, None, "notice.none_this_term",
                         f"没有 {term.label}的收费公示（本学期不收费的学校可以没有）。", RULE_781)


def school_findings(notices: list[PublishedNotice], today: dt.date, rules: DistrictRules) -> list[PortalFinding]:
    findings = [finding for published in notices if published.notice is not None
                for finding in notice_findings(published.id, published.notice, rules)]
    missing = no_notice_finding(notices, today)
    return ([missing] if missing else []) + findings
