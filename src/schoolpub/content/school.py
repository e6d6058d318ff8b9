"""学校概况: data/school.yml, the one file about the school itself and site settings."""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from ..fields import Contact, Email, Line, Paragraphs, PhotoPath, Strict, WholeNumber
from ..filings import IcpNumber, PublicSecurityNumber, SiteCode
from .base import ContentType, Record
from .fee_rules import STAGES

NAME_DISPLAY = Literal["masked", "class_only", "full"]


class Spirit(Strict):
    school: Line = Field(title="校风", description="例如 团结 勤奋 求实 创新")
    teaching: Line = Field(title="教风", description="例如 敬业 爱生 严谨 善导")
    study: Line = Field(title="学风", description="例如 乐学 善思 好问 笃行")


class SiteSettings(Strict):
    student_names: NAME_DISPLAY = Field(
        "masked", title="学生姓名显示方式",
        description="荣誉榜上学生姓名怎么显示：masked＝打码（王*琪，默认），class_only＝只显示班级，"
                    "full＝显示全名（须有监护人同意）。单个荣誉榜可以另行设置。",
    )
    not_pupils: list[Line] = Field(
        default_factory=list, title="不是学生的名字",
        description="检查会把正文里像学生姓名的名字报出来。报错的其实是成年人（没写“老师”等称呼）"
                    "或根本不是人名时，把它写在这里，例如 [王建国]。只写确实不是学生的名字：写进来的名字在所有记录里都不再检查",
    )
    fee_notice_lead_days: WholeNumber = Field(
        7, title="收费提前公示天数", le=60,
        description="收费公示至少要在开始收费前多少天开始公示；多数地方规定为 7 天",
    )


class FeeDefaults(Strict):
    """What the school states once for every fee notice; a notice that writes its own wins."""

    stage: Optional[Literal[STAGES]] = Field(  # type: ignore[valid-type]
        None, title="学段", description="幼儿园、义务教育或普通高中：决定按哪些收费规定检查收费公示")
    collector: Optional[Line] = Field(None, title="收费单位", description="收费公示上的公示（收费）单位，不写则用学校全称")
    complaint_phones: Optional[list[Contact]] = Field(
        None, min_length=1, title="监督投诉电话", description="没有写电话的收费公示用这些电话，例如 学校、教育局、价格举报 12315")
    reductions: Optional[Paragraphs] = Field(None, title="减免政策", description="没有写减免政策的收费公示用这一段")
    refund: Optional[Paragraphs] = Field(None, title="退费办法", description="没有写退费办法的收费公示用这一段")


class Filings(Strict):
    """What the law asks a site served from mainland China to show in its footer (filings.py)."""

    icp: Optional[IcpNumber] = Field(
        None, title="ICP备案号",
        description="工信部备案系统里的网站备案号，例如 京ICP备12345678号-1。网站放在中国大陆的服务器上时必须填写，"
                    "页脚显示并链接到工信部备案系统；网站放在境外时没有，不写")
    public_security: Optional[PublicSecurityNumber] = Field(
        None, title="公安联网备案号",
        description="例如 京公网安备 11010502000001号。办了公安联网备案就填写，页脚显示警徽和号码，链接到公安备案查询")
    site_code: Optional[SiteCode] = Field(
        None, title="网站标识码",
        description="只有政府网站才有（10 位数字，例如 1101000001）；学校网站一般没有，不写")
    host: Optional[Line] = Field(
        None, title="主办单位", description="网站的主办单位不是学校本身时填写，例如 示例区教育局；页脚显示“主办单位：…”")


class School(Record):
    name: Line = Field(title="学校全称", description="例如 示例市实验小学")
    short_name: Line = Field(title="学校简称", description="显示在网站标题栏，例如 实验小学")
    motto: Line = Field(title="校训", description="例如 求真 向善")
    spirit: Spirit = Field(title="校风、教风、学风", description="三风：school＝校风，teaching＝教风，study＝学风")
    address: Line = Field(title="地址", description="学校地址")
    phones: list[Contact] = Field(
        min_length=1, title="公开电话",
        description="对外公开的学校电话。只有写在这里的号码才允许出现在网站上",
    )
    email: Optional[Email] = Field(None, title="电子邮箱", description="对外公开的邮箱")
    principal: Line = Field(title="校长", description="校长姓名")
    founded: WholeNumber = Field(title="建校年份", ge=1800, le=2100, description="例如 1952")
    introduction: Paragraphs = Field(title="学校简介", description="几段介绍文字，可以用 Markdown")
    logo: Optional[PhotoPath] = Field(None, title="校徽", description="data/media/ 下的图片路径，例如 school/logo.png")
    site: SiteSettings = Field(default_factory=SiteSettings, title="网站设置", description="网站的显示设置")
    fees: Optional[FeeDefaults] = Field(None, title="收费公示默认信息",
                                        description="每份收费公示都一样的信息（学段、监督电话、减免和退费办法），写一次即可")
    filings: Optional[Filings] = Field(None, title="备案信息",
                                       description="显示在每个网页页脚的 ICP 备案号、公安联网备案号等；网站放在中国大陆的服务器上时必须填写")

    def media(self):
        if self.logo:
            yield ("logo",), self.logo


SCHOOL = ContentType(name="school", label="学校概况", model=School)
