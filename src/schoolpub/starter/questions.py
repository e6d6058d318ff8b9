"""What `make init` asks, in Chinese, one question at a time, or takes as flags.

Each question is one fact about the school that data/school.yml states (`path` in that
file) or, for the site's address, mkdocs.yml. Required questions are the fields the model
requires (content/school.py): nothing is filled in for the school. Optional ones are
skipped with Enter and left out of the file, with a comment saying what to add.
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Callable, Union

from ..content.fee_rules import STAGES
from ..echo import quoted

Phones = list[tuple[str, str]]
Answer = Union[str, Phones]
Answers = dict[str, Answer]  # question path "spirit.school" → the answer


@dataclass(frozen=True)
class Question:
    path: str  # where the answer goes: "name", "spirit.school", "filings.icp"; "site_url" is mkdocs.yml's
    flag: str
    label: str  # what messages call it
    ask: str
    example: str
    required: bool = True
    skip_hint: str = ""  # what Enter means for an optional question

    @property
    def dest(self) -> str:
        return self.flag.removeprefix("--").replace("-", "_")


PHONES = "phones"
SITE_URL = "site_url"
QUESTIONS = (
    Question("name", "--name", "学校全称", "学校全称", "示例市第一中学"),
    Question("short_name", "--short-name", "学校简称", "学校简称（显示在网站标题栏）", "第一中学", required=False,
             skip_hint="直接回车就用全称"),
    Question("address", "--address", "学校地址", "学校地址", "示例市示例区学府路 18 号"),
    Question(PHONES, "--phone", "公开电话", "对外公开的电话，写成“名称=号码”，一次一个", "校长办公室=0571-88001234"),
    Question("email", "--email", "电子邮箱", "对外公开的电子邮箱", "office@example.edu.cn", required=False,
             skip_hint="没有就直接回车"),
    Question("principal", "--principal", "校长", "校长姓名", "王建国"),
    Question("founded", "--founded", "建校年份", "建校年份", "1956"),
    Question("motto", "--motto", "校训", "校训", "求真 向善"),
    Question("spirit.school", "--school-spirit", "校风", "校风", "团结 勤奋 求实 创新"),
    Question("spirit.teaching", "--teaching-spirit", "教风", "教风", "敬业 爱生 严谨 善导"),
    Question("spirit.study", "--study-spirit", "学风", "学风", "乐学 善思 好问 笃行"),
    Question("introduction", "--introduction", "学校简介", "学校简介（一段话，以后可以在 data/school.yml 里补充）",
             "示例市第一中学创办于 1956 年，是示例区教育局直属的公办初级中学。"),
    Question("fees.stage", "--stage", "学段", f"学段（{'、'.join(STAGES)}），决定按哪些收费规定检查收费公示", "义务教育",
             required=False, skip_hint="还不确定就直接回车"),
    Question(SITE_URL, "--site-url", "网址", "网站的网址（二维码和订阅都用它）", "https://www.example-school.cn/"),
    Question("filings.icp", "--icp", "ICP 备案号", "ICP 备案号", "京ICP备12345678号-1", required=False,
             skip_hint="还没有备案就直接回车"),
    Question("filings.public_security", "--public-security", "公安联网备案号", "公安联网备案号", "京公网安备11010502030143号",
             required=False, skip_hint="没有就直接回车"),
    Question("filings.site_code", "--site-code", "网站标识码", "网站标识码（政府网站才有）", "1101000001", required=False,
             skip_hint="没有就直接回车"),
    Question("filings.host", "--host", "主办单位", "主办单位", "示例市示例区教育局", required=False,
             skip_hint="不写就直接回车"),
)
BY_PATH = {question.path: question for question in QUESTIONS}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    for question in QUESTIONS:
        kind = "可以写多次" if question.path == PHONES else ("必填" if question.required else "可选")
        parser.add_argument(question.flag, dest=question.dest, action="append" if question.path == PHONES else None,
                            metavar="名称=号码" if question.path == PHONES else question.label.replace(" ", ""),
                            help=f"{question.ask}（{kind}），例如 {question.example}")
    parser.add_argument("--force", action="store_true",
                        help="data/ 里已经有本校自己的内容时也照样删除、重新开始（会丢失这些内容）")


def phone_from(text: str) -> tuple[str, str]:
    """`校长办公室=0571-88001234` (a full-width ＝ too) → (label, number)."""
    label, sign, number = text.replace("＝", "=").partition("=")
    if not sign or not label.strip() or not number.strip():
        raise ValueError(f"电话要写成“名称=号码”，例如 校长办公室=0571-88001234（现在是“{quoted(text)}”）。")
    return label.strip(), number.strip()


def from_flags(options: argparse.Namespace) -> Answers:
    """The answers given as flags; a wrongly written --phone raises ValueError (Chinese)."""
    answers: Answers = {}
    for question in QUESTIONS:
        value = getattr(options, question.dest, None)
        if question.path == PHONES and value:
            answers[PHONES] = [phone_from(text) for text in value]
        elif isinstance(value, str) and value.strip():
            answers[question.path] = value.strip()
    return answers


def missing(answers: Answers) -> list[Question]:
    return [question for question in QUESTIONS if question.required and question.path not in answers]


def ask(question: Question, read: Callable[[str], str], say: Callable[[str], None],
        check: Callable[[Answer], list[str]]) -> Answer | None:
    """One question until its answer passes `check` (the problems of that answer; None: an optional
    question skipped). Ctrl-D ends init (EOFError)."""
    if question.path == PHONES:
        return _ask_phones(question, read, say, check)
    say(f"{question.ask}，例如 {question.example}" + (f"（{question.skip_hint}）" if question.skip_hint else ""))
    while True:
        text = read("> ").strip()
        if not text and not question.required:
            return None
        problems = check(text) if text else ["这一项必须填写。"]
        if not problems:
            return text
        for problem in problems:
            say(problem + ("请重新输入。" if text else ""))


def _ask_phones(question: Question, read: Callable[[str], str], say: Callable[[str], None],
                check: Callable[[Answer], list[str]]) -> Phones:
    say(f"{question.ask}，例如 {question.example}（至少一个；写完直接回车）")
    phones: Phones = []
    while True:
        text = read("> ").strip()
        if not text and phones:
            return phones
        try:
            problems = check([*phones, phone_from(text)]) if text else ["至少要写一个电话。"]
        except ValueError as error:
            problems = [str(error)]
        if not problems:
            phones.append(phone_from(text))
        for problem in problems:
            say(problem + ("请重新输入。" if text else ""))
