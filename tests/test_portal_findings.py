"""The portal's compliance findings on crafted notices (open data v2 rows as schools publish them):
exact text and citation, each decided by the school-side rule code (content/fee_checks.py)."""
import datetime as dt

from portal_support import item, notice

from schoolpub.content.fee_rules import RULE_781, RULE_1619, RULE_3207, RULE_COMPULSORY
from schoolpub.portal.findings import DistrictRules, PortalFinding, school_findings
from schoolpub.portal.config import Cap
from schoolpub.portal.notices import read_notice, read_notices

TODAY = dt.date(2026, 9, 10)
LEAD_BASIS = "《示例区中小学收费公示办法》第五条"
CAP_BASIS = "《关于课后服务收费的通知》（示发改价格〔2022〕35号）第三条"
RULES = DistrictRules(7, LEAD_BASIS, (Cap(item="课后服务费", max_amount="300", unit="元/生·学期", basis=CAP_BASIS),))
AFTER_SCHOOL = item("课后服务费", "服务性收费", 300, voluntary=True)


def findings(*rows, rules=RULES):
    return school_findings(read_notices({"records": list(rows)}), TODAY, rules)


def test_a_notice_that_keeps_every_rule_has_no_finding():
    assert findings(notice("n1", "第一学期收费公示", [AFTER_SCHOOL])) == []


def test_a_compulsory_collected_fee_without_its_own_basis():
    uniform = item("校服费", "代收费", 260, unit="元/套", voluntary=False, bases=[], bases_from_notice=False)
    assert findings(notice("n1", "公示", [AFTER_SCHOOL, uniform])) == [PortalFinding(
        "n1", "校服费", "voluntary.compulsory",
        "代收费“校服费”写明必须缴纳，但这一项没有自己的收费依据文号；按规定应由学生或家长自愿选择。", RULE_1619)]


def test_a_compulsory_collected_fee_with_only_the_notices_basis_is_still_a_finding():
    books = item("作业本费", "代收费", 18, voluntary=False, bases=[{"document": "示教〔2026〕1号"}],
                 bases_from_notice=True)
    found = findings(notice("n1", "公示", [books], bases=[{"document": "示教〔2026〕1号"}]))
    assert [(f.rule, f.item) for f in found] == [("voluntary.compulsory", "作业本费")]


def test_a_compulsory_collected_fee_with_its_own_document_is_allowed():
    books = item("作业本费", "代收费", 18, voluntary=False)
    assert findings(notice("n1", "公示", [books])) == []


def test_a_notice_put_up_fewer_days_before_collection_than_the_district_requires():
    late = notice("n1", "公示", [AFTER_SCHOOL], display={"start": "2026-08-28", "end": "2026-09-30"})
    assert findings(late) == [PortalFinding(
        "n1", None, "lead_days", "公示从 2026-08-28 开始，2026-09-01 开始收费，不足 7 天（最晚应在 2026-08-25 开始公示）。",
        LEAD_BASIS)]
    assert findings(late, rules=DistrictRules(3, None, ())) == []


def test_lead_days_without_a_stated_source_say_so():
    late = notice("n1", "公示", [AFTER_SCHOOL], display=None, issued="2026-08-30")
    assert [(f.text, f.citation) for f in findings(late, rules=DistrictRules(7, None, ()))] == [(
        "公示从 2026-08-30 开始，2026-09-01 开始收费，不足 7 天（最晚应在 2026-08-25 开始公示）。",
        "本区规定：收费前至少公示 7 天（门户配置 lead_days，未注明文件）")]


def test_a_missing_complaint_phone_and_reductions():
    assert findings(notice("n1", "公示", [AFTER_SCHOOL], complaint_phones=[], reductions=None)) == [
        PortalFinding("n1", None, "complaint_phones.missing", "没有公示投诉、举报电话。", RULE_781),
        PortalFinding("n1", None, "reductions.missing", "没有公示减免政策。", RULE_781)]


def test_amounts_above_a_district_cap_per_the_same_period():
    dear = item("课后服务费", "服务性收费", None, voluntary=True,
                prices=[{"label": "一年级", "amount": "280.00", "shown": None},
                        {"label": "六年级", "amount": "320.00", "shown": None}])
    monthly = item("课后服务费", "服务性收费", 350, unit="元/生·月", voluntary=True)  # another period: not compared
    assert findings(notice("n1", "公示", [dear]), notice("n0", "旧公示", [monthly], term="第二学期",
                                                          school_year="2025-2026")) == [PortalFinding(
        "n1", "课后服务费", "cap", "“课后服务费”六年级 320 元超过本区最高标准 300 元（元/生·学期）。", CAP_BASIS)]


def test_a_government_set_fee_without_basis_and_a_basis_without_number():
    boarding = item("住宿费", "住宿费", 450, bases=[], payers="住校生")
    fees = item("课后服务费", "服务性收费", 300, voluntary=True,
                bases=[{"issuer": "示例市教育局", "document": None, "title": None, "filed": False}])
    assert [(f.item, f.text, f.citation) for f in findings(notice("n1", "公示", [boarding, fees]))] == [
        ("住宿费", "“住宿费”没有公示收费依据（批准机关和文号）。", RULE_781),
        ("课后服务费", "“课后服务费”的收费依据“示例市教育局”没有文号，也没有注明是备案的标准。", RULE_781)]


def test_a_voluntary_fee_whose_notice_does_not_say_so():
    silent = item("课后服务费", "服务性收费", 300)
    assert findings(notice("n1", "公示", [silent])) == [PortalFinding(
        "n1", "课后服务费", "voluntary.unstated", "服务性收费“课后服务费”没有写明是否自愿（按规定应自愿）。", RULE_1619)]


def test_stage_rules_kindergarten_and_compulsory_tuition():
    kindergarten = notice("k1", "幼儿园收费公示", [item("学费", "学费", 900)], stage="幼儿园")
    compulsory = notice("p1", "民办小学收费公示", [item("学费", "学费", 9000)], term="第二学期")
    found = findings(kindergarten, compulsory)
    assert [(f.notice_id, f.rule, f.text, f.citation) for f in found] == [
        ("k1", "kind.stage", "“学费”的收费类别“学费”不是幼儿园的收费。", RULE_3207),
        ("p1", "kind.tuition", "义务教育阶段公示了学费“学费”（公办学校不收学费，民办学校除外）。", RULE_COMPULSORY)]


def test_a_school_with_no_notice_for_this_term():
    spring = notice("n0", "上学期的公示", [AFTER_SCHOOL], school_year="2025-2026", term="第二学期")
    assert findings(spring) == [PortalFinding(
        None, None, "notice.none_this_term", "没有 2026-2027 学年第一学期的收费公示（本学期不收费的学校可以没有）。",
        RULE_781)]
    assert findings() == findings(notice("x", "没有学期的公示", [AFTER_SCHOOL], term=None))


def test_a_row_the_model_refuses_is_reported_not_raised():
    broken = notice("n1", "公示", [item("课后服务费", "服务性收费", 300, voluntary="也许")])
    read = read_notice(broken)
    assert (read.id, read.notice, read.problem) == ("n1", None, "数据不符合收费公示的格式（1 处）")
    assert read_notice("<html>").problem == "这一条不是一份公示的数据"
    assert read_notices({"records": "x"}) == [] and read_notices(None) == []
