"""How well schoolpub.namescan finds pupils' names: `python scripts/namescan_report.py [--jieba]`.

The corpus is tests/fixtures/names/*.txt: real school notices and news (表彰决定, 获奖名单,
活动报道, 升旗仪式, 教师表彰, 研学, 采购公示, 致家长的一封信, 课程介绍) with every person's
name replaced by an invented one. Each file's `# 学生：` line lists the pupils' names in it
(、 between them; （无） for none); p*.txt name pupils, o*.txt only adults, places, courses;
hp*/ho*.txt the same, written after the patterns were tuned on the others (held out).

Per text: names present, found, missed, false alarms; then the totals (recall = found /
present; false alarms on the ordinary texts). With --jieba, the same for jieba's
person-name tags (nr, nrfg, nrt) with the surname and adult-title checks, for comparison.
"""
from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "names"
sys.path.insert(0, str(ROOT / "src"))

from schoolpub import namescan  # noqa: E402


@dataclass
class Text:
    path: Path
    pupils: list[str]  # the names a reader finds, in the order written in the header
    header: list[str]
    body: str  # the text after the `---` line

    @property
    def ordinary(self) -> bool:
        return not self.pupils

    @property
    def held_out(self) -> bool:
        """Written after the patterns were tuned on the others, and not tuned on since."""
        return self.path.name.startswith("h")


def read_corpus() -> list[Text]:
    texts = []
    for path in sorted(CORPUS.glob("*.txt")):
        header, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
        lines = header.splitlines()
        listed = next(line for line in lines if line.startswith("# 学生："))[len("# 学生："):]
        pupils = [] if listed == "（无）" else listed.split("、")
        texts.append(Text(path, pupils, lines, body))
    return texts


def plain(name: str) -> str:
    return "".join(name.split())  # 宫 倩 (aligned with a space) is 宫倩


@dataclass
class Score:
    present: int
    found: int
    false_alarms: list[str]
    missed_names: list[str]

    @property
    def missed(self) -> int:
        return self.present - self.found


def score(text: Text, names: list[str]) -> Score:
    detected = {plain(name) for name in names}
    truth = set(text.pupils)
    return Score(len(truth), len(truth & detected), sorted(detected - truth), [name for name in text.pupils if name not in detected])


def jieba_names(body: str) -> list[str]:
    """jieba's person-name tags, with the same surname, shape and adult checks as namescan."""
    import jieba.posseg

    scan = namescan._Scan(namescan._normalised(body), set())
    names, offset = [], 0
    for pair in jieba.posseg.cut(body):
        if pair.flag in ("nr", "nrfg", "nrt") and scan.plausible(offset, pair.word):
            names.append(pair.word)
        offset += len(pair.word)
    return names


def report(detect, label: str) -> None:
    texts = read_corpus()
    started = time.perf_counter()
    results = [(text, score(text, detect(text.body))) for text in texts]
    elapsed = time.perf_counter() - started
    print(f"\n{label}")
    print(f"{'text':26} present found missed  false alarms / missed names")
    for text, result in results:
        alarms = "、".join(result.false_alarms) or "-"
        missed = "、".join(result.missed_names)
        print(f"{text.path.stem:26} {result.present:7} {result.found:5} {result.missed:6}  {alarms}"
              + (f" / {missed}" if missed else ""))
    for title, held_out in (("tuned on (p*, o*)", False), ("held out (h*: written after tuning)", True)):
        print(title)
        totals([(text, result) for text, result in results if text.held_out == held_out])
    print(f"time: {elapsed * 1000:.1f} ms for {len(texts)} texts")


def totals(results: list) -> None:
    pupils = [result for text, result in results if not text.ordinary]
    ordinary = [result for text, result in results if text.ordinary]
    present = sum(result.present for result in pupils)
    found = sum(result.found for result in pupils)
    print(f"  pupil texts: {len(pupils)}, names present {present}, found {found}, missed {present - found}, "
          f"recall {found / present:.1%}; false alarms in them {sum(len(r.false_alarms) for r in pupils)}")
    print(f"  ordinary texts: {len(ordinary)}, false alarms {sum(len(r.false_alarms) for r in ordinary)} "
          f"in {sum(1 for r in ordinary if r.false_alarms)} texts")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jieba", action="store_true", help="also score jieba's person-name tags")
    arguments = parser.parse_args()
    report(lambda body: [hit.name for hit in namescan.find_pupil_names(body)], "schoolpub.namescan")
    if arguments.jieba:
        import logging

        import jieba
        jieba.setLogLevel(logging.WARNING)
        started = time.perf_counter()
        jieba.initialize()
        import jieba.posseg  # noqa: F401  (loads its tables)
        print(f"\njieba load: {time.perf_counter() - started:.2f} s")
        report(jieba_names, "jieba.posseg person names (nr, nrfg, nrt) + surname + adult checks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
