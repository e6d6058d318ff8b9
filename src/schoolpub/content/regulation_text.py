"""The structure of a regulation's text: chapters (第一章 总则), sections (第一节), articles (第一条).

Staff paste rules as they are written; the site shows a table of contents and article
anchors from this structure, the change history compares it article by article
(views/diff.py), and the check reports numbering gaps (structure_findings).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_NUMERAL = r"[零〇一二两三四五六七八九十百\d]+"
_SPACE = " \t\u3000"
# A chapter or section heading: a line of its own, as plain text or a Markdown heading
# ("## 第一章 总则"); a short title, not a sentence ("第三章规定的职责……。" is text).
_HEADING = re.compile(rf"^(?:#{{1,6}}[{_SPACE}]*)?(第({_NUMERAL})([章节]))[{_SPACE}：:]*(.*?)[{_SPACE}#]*$")
# An article: "第三条 ……", "第三条【校名】……", "第三条：……"; at the start of a paragraph
# anything may follow; at the start of a later line of a paragraph only a space or mark.
_ARTICLE_START = re.compile(rf"^第({_NUMERAL})条")
_ARTICLE_MID = re.compile(rf"^第({_NUMERAL})条(?=[{_SPACE}【\[（(：:]|$)")
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def numeral(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 九十九 → 99, 一百零五 → 105, 12 → 12; None if malformed."""
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for char in text:
        if char in _DIGITS:
            if digit is not None and digit != 0:
                return None  # "一二": two digits in a row
            digit = _DIGITS[char]
        elif char in "十百":
            unit = 10 if char == "十" else 100
            if digit == 0 or (digit is None and (char == "百" or total)):
                return None
            total += (1 if digit is None else digit) * unit
            digit = None
        else:
            return None
    return total + (digit or 0)


def chinese_numeral(number: int) -> str:
    """3 → 三, 12 → 十二, 20 → 二十, 105 → 一百零五 (for messages and chapter labels)."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 20:
        return "十" + (digits[number % 10] if number % 10 else "")
    if number < 100:
        return digits[number // 10] + "十" + (digits[number % 10] if number % 10 else "")
    rest = number % 100
    tail = "" if not rest else ("零" + chinese_numeral(rest) if rest < 10 else
                                ("一" if rest < 20 else "") + chinese_numeral(rest))
    return digits[number // 100] + "百" + tail


def _tidy_title(title: str) -> str:
    # "总　则", "总 则": spacing for looks between Chinese characters is dropped
    return re.sub(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])", "", title.strip(_SPACE))


@dataclass(frozen=True)
class Heading:
    label: str  # 第二章, 第一节: as written
    number: int | None
    title: str
    written: str  # the whole line as written (for messages)

    @property
    def text(self) -> str:
        return f"{self.label} {self.title}".strip()


@dataclass(frozen=True)
class Article:
    """One article (第三条 and the paragraphs and items that follow it), or a paragraph
    without a number."""

    blocks: tuple[str, ...]
    label: str = ""  # 第三条, as written; "" for a paragraph without a number
    number: int | None = None
    section: Heading | None = None

    @property
    def source(self) -> str:
        return "\n\n".join(self.blocks)

    @property
    def body(self) -> str:
        """The content without its number: what stays the same when articles are renumbered."""
        return "\n".join(self.blocks)[len(self.label):].lstrip(_SPACE)

    @property
    def written(self) -> str:
        """How a message names it: “第三条 学校实行……” (its first words)."""
        first = self.blocks[0].strip()
        return first if len(first) <= 20 else first[:20] + "……"


@dataclass(frozen=True)
class Chapter:
    heading: Heading
    articles: tuple[Article, ...]
    sections: tuple[tuple[Heading, int], ...] = ()  # each section and how many articles it has

    @property
    def anchor(self) -> str:
        """The chapter's id on the page, "第二章" (stable while the chapter keeps its number;
        a fixed point of the site's slugify)."""
        return f"第{chinese_numeral(self.heading.number)}章" if self.heading.number else self.heading.label

    def runs(self) -> list[tuple[str, str]]:
        """(section heading or "", Markdown of its articles) in order, for the page."""
        runs: list[tuple[str, list[str]]] = []
        for article in self.articles:
            heading = article.section.text if article.section else ""
            if not runs or runs[-1][0] != heading:
                runs.append((heading, []))
            runs[-1][1].append(article.source)
        return [(heading, "\n\n".join(sources)) for heading, sources in runs]


@dataclass(frozen=True)
class Text:
    preamble: tuple[Article, ...]  # before the first chapter; everything when there are none
    chapters: tuple[Chapter, ...]

    @property
    def preamble_source(self) -> str:
        return "\n\n".join(article.source for article in self.preamble)

    def articles(self) -> list[tuple[Chapter | None, Article]]:
        return [(None, a) for a in self.preamble] + [(c, a) for c in self.chapters for a in c.articles]


def _heading(line: str) -> Heading | None:
    match = _HEADING.match(line.strip(_SPACE))
    if not match:
        return None
    title = match.group(4)
    if len(title) > 30 or title.endswith(("。", "；", ";", "，", ",")) or "第" in title[:1]:
        return None
    return Heading(match.group(1), numeral(match.group(2)), _tidy_title(title), line.strip(_SPACE + "#").strip(_SPACE))


def parse_text(text: str) -> Text:
    """A version's text as chapters, sections and articles. A chapter heading is a line
    of its own ("第一章 总则" or "## 第一章 总则"); so is a section heading (第一节 …);
    an article starts a paragraph, or a line, with 第N条; paragraphs and items （一）…
    that follow an article belong to it."""
    units: list[Heading | str] = []
    lines: list[str] = []

    def flush():
        if lines:
            units.append("\n".join(lines))
            lines.clear()

    for raw in text.splitlines():
        line = raw.strip(_SPACE)
        if not line:
            flush()
            continue
        heading = _heading(raw)
        if heading:
            flush()
            units.append(heading)
            continue
        if lines and _ARTICLE_MID.match(line):
            flush()
        lines.append(raw)
    flush()

    preamble: list[Article] = []
    chapters: list[tuple[Heading, list[Article], list[tuple[Heading, int]]]] = []
    section: Heading | None = None
    for unit in units:
        if isinstance(unit, Heading):
            if unit.label.endswith("章"):
                chapters.append((unit, [], []))
                section = None
            else:
                section = unit
                if chapters:
                    chapters[-1][2].append((unit, 0))
                else:  # a section without a chapter: shown as a paragraph
                    preamble.append(Article((unit.written,)))
                    section = None
            continue
        articles = chapters[-1][1] if chapters else preamble
        match = _ARTICLE_START.match(unit.strip(_SPACE))
        if match:
            label = unit.strip(_SPACE)[:match.end()]
            articles.append(Article((unit.strip(_SPACE),), label, numeral(match.group(1)), section))
        elif articles and articles[-1].label and articles[-1].section == section:
            articles[-1] = Article(articles[-1].blocks + (unit,), articles[-1].label, articles[-1].number, section)
        else:
            articles.append(Article((unit,), section=section))
        if chapters and section is not None and chapters[-1][2]:
            heading, count = chapters[-1][2][-1]
            chapters[-1][2][-1] = (heading, count + (1 if match or not articles[-1].label else 0))
    return Text(tuple(preamble), tuple(Chapter(h, tuple(a), tuple(s)) for h, a, s in chapters))


def structure_findings(text: str) -> list[str]:
    """What is clearly wrong in the structure of a text, as messages for staff."""
    parsed = parse_text(text)
    problems = []
    if parsed.chapters:
        for article in parsed.preamble:
            if article.label:
                problems.append(f"“{article.written}”写在第一章之前。用了章，每一条都要放在某一章下面："
                                "请在它前面加上章标题（例如“第一章 总则”），或者删掉所有章标题。")
    problems += _sequence([c.heading for c in parsed.chapters], "章")
    for chapter in parsed.chapters:
        if not chapter.articles:
            problems.append(f"“{chapter.heading.written}”下面没有条文。请在它下面写上条文，或者删掉这个章标题。")
        problems += _sequence([s for s, _ in chapter.sections], "节", f"“{chapter.heading.written}”里")
        for section, count in chapter.sections:
            if not count:
                problems.append(f"“{section.written}”下面没有条文。请在它下面写上条文，或者删掉这个节标题。")
    numbered = [article for _, article in parsed.articles() if article.label]
    problems += _sequence([Heading(a.label, a.number, "", a.written) for a in numbered], "条")
    return problems


def _sequence(items: list[Heading], unit: str, where: str = "") -> list[str]:
    """第一X, 第二X, … in order: no gap, no repeat, starting at 第一X."""
    problems = []
    previous = 0
    for item in items:
        if item.number is None:
            problems.append(f"{where}“{item.written}”的序号“{item.label}”看不懂，请写成"
                            f"第一{unit}、第十二{unit}或第12{unit}这样的形式。")
            continue
        expected = previous + 1
        if unit == "条" and item.number == 1 and previous:
            problems.append(f"“{item.written}”又从第一条开始了：条的序号要全文连续，不按章重新编号，"
                            f"这里应是第{chinese_numeral(expected)}条。")
        elif item.number == previous:
            problems.append(f"{where}“{item.written}”的序号重复了：前面已经有第{chinese_numeral(previous)}{unit}。")
        elif item.number > expected:
            missing = chinese_numeral(expected) if item.number == expected + 1 else \
                f"{chinese_numeral(expected)}{unit}至第{chinese_numeral(item.number - 1)}"
            problems.append(f"{where}“{item.written}”前面缺了第{missing}{unit}："
                            f"{unit}的序号要从第一{unit}起依次排列。")
        elif item.number < expected:
            problems.append(f"{where}“{item.written}”排在第{chinese_numeral(previous)}{unit}后面，"
                            f"应是第{chinese_numeral(expected)}{unit}：{unit}的序号要依次排列。")
        previous = item.number
    return problems
