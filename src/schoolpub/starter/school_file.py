"""data/school.yml as `make init` writes it: the school's answers, commented in Chinese.

Nothing is invented: a fact not given is left out, and a comment says what to write
there (the commented lines are examples, read by no one but staff). Values go through
PyYAML's emitter, so a value that YAML would read as something else (12315, yes, a
colon) is quoted; the result is validated by the real loader before it is written.
"""
from __future__ import annotations

import unicodedata

import yaml

from ..content import SCHOOL
from ..schema import modeline
from .questions import PHONES, Answers

COMMENT_COLUMN = 36  # where the comments start, as in the demo's school.yml


def filing_keys() -> list[str] | None:
    """The keys of school.yml's `filings:` block, or None while the model has no such block."""
    from ..introspect import nested_model

    field = SCHOOL.model.model_fields.get("filings")
    if field is None:
        return None
    model, _, _ = nested_model(field.annotation)
    return list(model.model_fields) if model is not None else None


def scalar(value: str) -> str:
    """A YAML scalar that reads back as exactly this string."""
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**9)
    return dumped.removesuffix("\n").removesuffix("\n...")


def commented(text: str, comment: str) -> str:
    width = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return f"{text}{' ' * max(1, COMMENT_COLUMN - width)}# {comment}"


def entry(answers: Answers, path: str, comment: str, missing: str = "", indent: str = "") -> list[str]:
    """`key: value  # comment`; when not answered, `missing` as a comment (or nothing)."""
    key = path.rsplit(".", 1)[-1]
    if path in answers:
        value = str(answers[path])
        shown = value if value.isascii() and value.isdigit() and not value.startswith("0") else scalar(value)
        return [commented(f"{indent}{key}: {shown}", comment)]
    return [f"{indent}# {missing}"] if missing else []


def render(answers: Answers) -> str:
    lines = [modeline(SCHOOL),
             "# 学校概况：全站共用的学校信息和网站设置（由 make init 写出，可以直接修改）。改完后运行 make check 检查。",
             "# 以 # 开头的行是说明和示例，不会显示在网站上；要用某一项时，去掉行首的 # 再改成本校的内容。"]
    lines += entry(answers, "name", "学校全称")
    short = {**answers, "short_name": answers.get("short_name") or answers.get("name")} if "name" in answers else answers
    lines += entry(short, "short_name", "显示在网站标题栏")
    lines += entry(answers, "motto", "校训")
    lines += ["spirit:                             # 三风"] if any(k.startswith("spirit.") for k in answers) else []
    for path, label in (("spirit.school", "校风"), ("spirit.teaching", "教风"), ("spirit.study", "学风")):
        lines += entry(answers, path, label, indent="  ")
    lines += entry(answers, "address", "学校地址")
    lines += phones(answers)
    lines += entry(answers, "email", "对外公开的邮箱",
                   "email: office@example.edu.cn        # 对外公开的邮箱：有就去掉行首的 # 并改成学校的")
    lines += entry(answers, "principal", "校长")
    lines += entry(answers, "founded", "建校年份")
    lines += introduction(answers)
    lines += ["# logo: school/logo.png             # 校徽：把图片放到 data/media/school/logo.png，再去掉行首的 #"]
    lines += fee_defaults(answers)
    lines += filings(answers)
    lines += ["site:                               # 网站设置",
              "  student_names: masked             # 荣誉榜上学生姓名打码显示（王*琪）；class_only＝只显示班级",
              "  # fee_notice_lead_days: 7         # 收费至少提前几天公示（不写就是 7 天）"]
    return "\n".join(lines) + "\n"


def phones(answers: Answers) -> list[str]:
    if PHONES not in answers:
        return []
    lines = ["phones:                             # 对外公开的电话：只有写在这里的号码才能出现在网站上"]
    for label, number in answers[PHONES]:  # type: ignore[misc]
        lines += [f"  - label: {scalar(label)}", f"    number: {scalar(number)}"]
    return lines


def introduction(answers: Answers) -> list[str]:
    if "introduction" not in answers:
        return []
    paragraphs = [line.strip() for line in str(answers["introduction"]).splitlines()]
    body = [f"  {line}" if line else "" for line in paragraphs]
    return [commented("introduction: |", "学校简介：可以写几段，段与段之间空一行"), *body]


def fee_defaults(answers: Answers) -> list[str]:
    if "fees.stage" not in answers:
        return ["# fees:                             # 收费公示共用的信息：有收费公示时去掉这几行行首的 #",
                "#   stage: 义务教育                  # 学段：幼儿园、义务教育或普通高中",
                "#   complaint_phones:               # 监督投诉电话：写在这里，每份收费公示就不用再写",
                "#     - label: 价格举报",
                "#       number: 12315"]
    return ["fees:                               # 收费公示共用的信息：某份公示没有写时，网页用这里的",
            commented(f"  stage: {scalar(str(answers['fees.stage']))}", "学段：决定按哪些收费规定检查"),
            "  # complaint_phones:               # 监督投诉电话：写在这里，每份收费公示就不用再写",
            "  #   - label: 价格举报",
            "  #     number: 12315"]


FILING_COMMENTS = {
    "icp": ("ICP备案号", "icp: 京ICP备12345678号-1", "网站在中国大陆上线前必须备案，备案号显示在每一页的页脚"),
    "public_security": ("公安联网备案号", "public_security: 京公网安备11010502030143号", "网站开通后 30 天内办理"),
    "site_code": ("网站标识码", "site_code: 1101000001", "政府和事业单位网站才有"),
    "host": ("主办单位", "host: 示例市示例区教育局", "不写就不显示"),
}


def filings(answers: Answers) -> list[str]:
    keys = filing_keys()
    given = [key for key in FILING_COMMENTS if f"filings.{key}" in answers]
    if keys is None:  # this version cannot show them yet: kept as comments, nothing is lost
        lines = ["# filings:                          # 备案信息（这个版本的网站程序还不能显示；升级后去掉下面几行行首的 #）"]
        return lines + [f"#   {key}: {scalar(str(answers['filings.' + key]))}" for key in given]
    head = "filings:" if given else "# filings:"
    lines = [commented(head, "备案信息，显示在每一页的页脚" + ("" if given else "：有了备案号就去掉行首的 #"))]
    for key in (key for key in FILING_COMMENTS if key in keys):
        label, example, why = FILING_COMMENTS[key]
        if f"filings.{key}" in answers:
            lines.append(commented(f"  {key}: {scalar(str(answers['filings.' + key]))}", label))
        else:
            lines.append(commented(f"{'#  ' if not given else '  #'} {example}", f"{label}：{why}"))
    return lines
