"""`schoolpub init`: answers → a checked data/school.yml → the demo deleted, site_url set.

Nothing is changed until every answer has passed the same check `make check` runs, and
nothing that is not the demo's is deleted without --force (demo.py). Run twice with the
same answers, it changes nothing the second time.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path
from typing import Callable, TextIO
from urllib.parse import urlsplit

from ..echo import quoted, say
from . import demo, questions, school_file
from .questions import BY_PATH, QUESTIONS, SITE_URL, Answers, Question

PLACEHOLDER_HOSTS = ("example.edu.cn", "example.com", "example.org", "example.net", "localhost")
LISTED = 20  # files named when init refuses; the rest are counted


class Cancelled(Exception):
    pass


def run(root: Path, options: argparse.Namespace, stdin: TextIO | None = None,
        read: Callable[[str], str] = input) -> int:
    stdin = stdin or sys.stdin
    try:
        answers = questions.from_flags(options)
    except ValueError as error:
        say(f"错误：--phone {error}", error=True)
        return 2
    try:
        answers = complete(answers, stdin.isatty(), read)
    except Cancelled:
        say("已取消，没有改动任何文件。", error=True)
        return 1
    if answers is None:
        return 2
    problems = problems_of(answers)
    if problems:
        for question, message in problems:
            say(f"错误：{_named(question)}{message}", error=True)
        say("没有改动任何文件。请改正后重新运行。", error=True)
        return 2
    return apply(root, answers, options.force, confirm=read if stdin.isatty() else None)


def complete(answers: Answers, terminal: bool, read: Callable[[str], str]) -> Answers | None:
    """The answers, with the missing ones asked in a terminal; None (and why, said) when they cannot be."""
    todo = questions.missing(answers)
    if todo and not terminal:
        say("错误：缺少这些信息，又不是在终端里运行（无法提问）。请用参数给出：", error=True)
        for question in todo:
            say(f"  {question.flag}  {question.ask}，例如 {question.example}", error=True)
        say("""例如：make init ARGS='--name 示例市第一中学 --phone 校长办公室=0571-88001234 --motto "求真 向善" …'"""
            "（值里有空格就加引号）", error=True)
        return None
    if not terminal or not (todo or not answers):
        return answers
    say("把示例学校换成本校：请逐项回答（以后都可以在 data/school.yml 里修改）。按 Ctrl-C 取消。")
    for question in QUESTIONS if not answers else todo:
        answers = interview(answers, question, read)
    return answers


def interview(answers: Answers, question: Question, read: Callable[[str], str]) -> Answers:
    """Asks one question until its answer passes the check; the answers with it."""
    others = {key: value for key, value in answers.items() if key != question.path}

    def check(answer: questions.Answer) -> list[str]:
        trial = with_examples({**others, question.path: answer})
        return [message for asked, message in problems_of(trial) if asked is question]

    try:
        answer = questions.ask(question, read, say, check)
    except (EOFError, KeyboardInterrupt):
        raise Cancelled from None
    return others if answer is None else {**others, question.path: answer}


def with_examples(answers: Answers) -> Answers:
    """The answers, with each required question not yet asked answered by its (valid) example:
    the check of one answer then reports only that answer's problems."""
    filled = dict(answers)
    for question in questions.missing(answers):
        filled[question.path] = ([questions.phone_from(question.example)] if question.path == questions.PHONES
                                 else question.example)
    return filled


def problems_of(answers: Answers) -> list[tuple[Question | None, str]]:
    """Each problem of the answers, with the question it belongs to (None: the file as a whole)."""
    found: list[tuple[Question | None, str]] = []
    if SITE_URL in answers:
        message = site_url_problem(str(answers[SITE_URL]))
        if message:
            found.append((BY_PATH[SITE_URL], message))
    found += [(question_of(problem.key), problem.message) for problem in school_problems(school_file.render(answers))]
    return found


def school_problems(text: str) -> list:
    """What `make check` says about this school.yml, checked on its own in a scratch folder."""
    from ..loader import load_site

    with tempfile.TemporaryDirectory() as scratch:
        data_dir = Path(scratch, "data")
        data_dir.mkdir()
        (data_dir / "school.yml").write_text(text, encoding="utf-8")
        _, problems = load_site(data_dir)
    return problems.sorted()


def question_of(key: str) -> Question | None:
    """'spirit › school' → the 校风 question; 'phones 第2项 › number' → the phones question."""
    parts = [re.sub(r" 第\d+项$", "", part) for part in key.split(" › ")] if key else []
    for length in (2, 1):
        question = BY_PATH.get(".".join(parts[:length]))
        if question is not None and len(parts) >= length:
            return question
    return None


def site_url_problem(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname or any(char.isspace() for char in url):
        return f"网址要以 https:// 开头，例如 https://www.example-school.cn/（现在是“{quoted(url)}”）。"
    host = parts.hostname
    if any(host == placeholder or host.endswith("." + placeholder) for placeholder in PLACEHOLDER_HOSTS):
        return f"“{host}”是示例网址，不是学校的。请写学校网站真正的网址（打印的二维码会指向它）。"
    if "." not in host:
        return f"网址里要有完整的域名，例如 https://www.example-school.cn/（现在是“{quoted(url)}”）。"
    return None


def site_url_of(answers: Answers) -> str:
    url = str(answers[SITE_URL])
    return url if url.endswith("/") else url + "/"


def _named(question: Question | None) -> str:
    return f"{question.flag}（{question.label}）：" if question else "data/school.yml："


def apply(root: Path, answers: Answers, force: bool, confirm: Callable[[str], str] | None) -> int:
    from .writes import planned_writes, set_site_url, site_url_changes

    data_dir = root / "data"
    if not (root / "mkdocs.yml").is_file() or data_dir.is_symlink():
        say("错误：这里不是网站的项目文件夹（没有 mkdocs.yml，或 data 是一个链接）。请在项目文件夹里运行 make init。", error=True)
        return 2
    plan = demo.plan(data_dir, planned_writes(data_dir, answers))
    url = site_url_of(answers)
    if plan.own and not force:
        refuse(plan.own)
        return 1
    if not plan.changes() and not site_url_changes(root, url):
        say("data/ 已经是这所学校的空白网站，网址也已设好：没有需要改动的。")
        return 0
    tell(data_dir, plan, url)
    if confirm is not None:
        try:
            if confirm("确定吗？输入 y 继续，直接回车取消：").strip().lower() not in ("y", "yes", "是"):
                raise Cancelled
        except (EOFError, KeyboardInterrupt, Cancelled):
            say("已取消，没有改动任何文件。", error=True)
            return 1
    demo.delete(data_dir, plan.deletions)
    for path, text in plan.writes.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    set_site_url(root, url)
    done(answers, url)
    return 0


def refuse(own: list[str]) -> None:
    say("没有运行：data/ 里有不是示例学校的内容（可能是本校已经录入的信息），make init 会删掉或改写它们：", error=True)
    for name in own[:LISTED]:
        say(f"  {quoted(name, limit=200)}", error=True)
    if len(own) > LISTED:
        say(f"  ……等，共 {len(own)} 个文件", error=True)
    say('确实不要它们、从空白学校重新开始，请加 --force，例如 make init ARGS="--force …"。'
        "要先保留一份，可以复制 data/ 文件夹，或先提交到 git。", error=True)


def tell(data_dir: Path, plan: demo.Plan, url: str) -> None:
    if plan.own:  # only with --force
        say("注意：这些不是示例学校的内容，因为加了 --force，也会删掉或改写：")
        say(*(f"  {quoted(name, limit=200)}" for name in plan.own[:LISTED]))
        if len(plan.own) > LISTED:
            say(f"  ……等，共 {len(plan.own)} 个文件")
    if plan.deletions:
        say("将删除：" if plan.own else "将删除示例学校的内容：")
        for line in demo.summary(data_dir, plan.deletions):
            say(f"  {line}")
    say(f"将写入 data/school.yml（本校信息）和 data/README.md（怎样添加第一条记录），网站网址设为 {url}（mkdocs.yml）。")


def done(answers: Answers, url: str) -> None:
    say(f"完成：现在是“{answers['name']}”的空白网站（{url}）。",
        "下一步：",
        "  1. 打开 data/school.yml 看一遍，补上以 # 开头的可选项（校徽、邮箱、备案号等）；",
        "  2. make check 检查，make site 生成网站；",
        "  3. 新建第一条记录：make new KIND=fees（affairs、fees、honors、festivals、regulations），照着文件里的注释改；",
        "  4. 提交：git add -A data mkdocs.yml，再 git commit（示例学校的文件会从仓库里删掉）。")
