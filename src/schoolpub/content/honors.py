"""荣誉榜: data/honors/<id>.yml, one award batch each (one certificate list)."""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from .. import privacy
from ..fields import Date, Flag, Line, PhotoPath, Strict
from .base import ContentType, Finding, Record
from .school import NAME_DISPLAY

LEVELS = ("国家级", "省级", "市级", "区县级", "校级")
RECIPIENT_KINDS = ("学校", "教师", "学生", "集体")


class Recipient(Strict):
    name: Line = Field(title="姓名或名称", description="获奖人姓名或集体名称，例如 王小琪、三年级（2）班")
    unit: Optional[Line] = Field(None, title="班级或学科", description="学生写班级，教师写任教学科，例如 三年级（2）班")
    award: Optional[Line] = Field(None, title="奖项", description="例如 一等奖；全批相同时写在上面的 award")


class HonorBatch(Record):
    title: Line = Field(title="标题", description="例如 2025年示例市中小学生书法比赛获奖名单")
    date: Date = Field(title="获奖日期", description="证书或文件上的日期")
    issuer: Line = Field(title="颁发单位", description="例如 示例市教育局")
    level: Literal[LEVELS] = Field(title="级别", description="国家级、省级、市级、区县级、校级")  # type: ignore[valid-type]
    recipient_kind: Literal[RECIPIENT_KINDS] = Field(title="获奖对象", description="学校、教师、学生或集体")  # type: ignore[valid-type]
    award: Optional[Line] = Field(None, title="奖项", description="全批相同的奖项或荣誉称号，例如 市级文明校园")
    recipients: list[Recipient] = Field(default_factory=list, title="获奖名单", description="学校获奖时可以不写")
    certificate: Optional[PhotoPath] = Field(None, title="证书照片", description="data/media/ 下的图片路径")
    name_display: Optional[NAME_DISPLAY] = Field(  # type: ignore[valid-type]
        None, title="学生姓名显示方式",
        description="不填则按 school.yml 的设置；masked＝打码，class_only＝只显示班级，full＝全名（须有监护人同意）")
    guardian_consent: Optional[Flag] = Field(
        None, title="监护人同意", description="公开学生姓名或照片前，是否已取得监护人书面同意")

    def media(self):
        if self.certificate:
            yield ("certificate",), self.certificate


def check_honor_batch(record: HonorBatch, site) -> list[Finding]:
    findings = []
    if record.recipient_kind != "学校" and not record.recipients:
        findings.append(Finding(("recipients",), f"获奖对象是{record.recipient_kind}，请在 recipients 里列出获奖名单。"))
    if record.award is None:
        for index, recipient in enumerate(record.recipients):
            if recipient.award is None:
                findings.append(Finding(("recipients", index), f"没有写“{recipient.name}”获得的奖项。请在这一项写 award，"
                                                               "或者全批相同时在最上面写 award。"))
    if record.recipient_kind == "学校" and record.award is None:
        findings.append(Finding((), "学校获得的荣誉请写在 award 里，例如 award: 市级文明校园。"))
    if record.recipient_kind == "学生":
        findings += pupil_findings(record, site)
    return findings


def pupil_findings(record: HonorBatch, site) -> list[Finding]:
    """A list that names pupils needs their guardians' consent and never shows scores or rankings."""
    findings = []
    policy = record.name_display or (site.school.site.student_names if site.school else "masked")
    if record.recipients and policy != "class_only" and record.guardian_consent is not True:
        shown = "全名" if policy == "full" else "姓名（打码显示）"
        findings.append(Finding(("guardian_consent",) if record.guardian_consent is not None else (),
                                f"这份获奖名单会公开学生的{shown}，需要监护人同意：取得同意后请写 guardian_consent: true；"
                                "没有同意时请写 name_display: class_only，只显示班级。"))
    texts = [(("title",), record.title), (("award",), record.award)]
    texts += [(("recipients", index, key), getattr(person, key)) for index, person in enumerate(record.recipients)
              for key in ("name", "unit", "award")]
    for path, text in texts:
        if text and any(leak.kind == "score" for leak in privacy.find_leaks(text, scores=True)):
            findings.append(Finding(path, privacy.MESSAGES["score"]))
    return findings


HONORS = ContentType(name="honors", label="荣誉榜", model=HonorBatch, check=check_honor_batch)
