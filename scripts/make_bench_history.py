"""A ten-year git history for a generated school (scripts/make_bench_school.py), for timing history.py.

Each record is committed on the day before its own date (its first publication); then,
chosen by a seeded random generator, about a quarter get a typo in the title fixed
later, a fifth a comment line removed (no revision), every fee notice an amount changed
during its display period (a 更正), and one in twenty is first published under another
file name and moved to its own. Records of the same day share a commit; the
school's settings, build files and photos are the first commit. The commits are written
with `git fast-import` (seconds, not minutes) into a new repository replacing any
`.git` of the target; HEAD's tree is exactly the files on disk.

    python scripts/make_bench_history.py .bench/history-928
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from schoolpub.loader import load_site  # noqa: E402
from schoolpub.views.facts import record_date  # noqa: E402

FIRST_DAY = dt.date(2016, 8, 1)
LAST_DAY = dt.date(2026, 12, 1)
_TITLE = re.compile(r"^title: (.+)$", re.MULTILINE)
_AMOUNT = re.compile(r"^(\s+amount: )(\d+)", re.MULTILINE)


def versions(record_type: str, record_id: str, final: bytes, day: dt.date, rng: random.Random) -> list:
    """(day, path, bytes) of each version of one record file, oldest first; the last is `final`."""
    path = f"data/{record_type}/{record_id}.yml"
    text = final.decode("utf-8")
    steps: list[tuple[str, str]] = []  # (path, text) from the oldest; edits are undone going back in time
    if record_type == "fees" and _AMOUNT.search(text):
        steps.append((path, _AMOUNT.sub(lambda m: f"{m[1]}{int(m[2]) - 10}", text, count=1)))
    if rng.random() < 0.25 and _TITLE.search(text):
        older = steps[-1][1] if steps else text
        steps.append((path, _TITLE.sub(lambda m: f"title: {m[1]}（稿）", older, count=1)))
    if rng.random() < 0.2:
        older = steps[-1][1] if steps else text
        steps.append((path, "# 待核对\n" + older))
    oldest = steps[-1][1] if steps else text
    first_path = f"data/{record_type}/old-{record_id}.yml" if rng.random() < 0.05 else path
    chain = [(first_path, oldest)] + [(path, older) for _, older in reversed(steps[:-1])] + [(path, text)]
    if first_path != path and len(chain) == 1:
        chain.append((path, text))
    start = min(max(day - dt.timedelta(days=1), FIRST_DAY + dt.timedelta(days=1)), LAST_DAY)
    result, when = [], start
    for index, (where, content) in enumerate(chain):
        if index:
            when = min(when + dt.timedelta(days=rng.randint(2, 40)), LAST_DAY)
        result.append((when, where, content.encode("utf-8")))
    return result


def fast_import_stream(target: Path) -> bytes:
    site, problems = load_site(target / "data")
    if problems:
        sys.exit("the generated school has problems:\n" + problems.report(in_github_actions=False))
    rng = random.Random(21)
    events: dict[dt.date, list[tuple[str, bytes | None]]] = {}
    records = {target / "data" / type_name / f"{record_id}.yml": (type_name, record_id, record)
               for type_name, of in site.records.items() for record_id, record in of.items()}
    for file, (type_name, record_id, record) in sorted(records.items()):
        day = record_date(record)
        previous = None
        for when, path, content in versions(type_name, record_id, file.read_bytes(), day, rng):
            if previous and previous != path:
                events.setdefault(when, []).append((previous, None))
            events.setdefault(when, []).append((path, content))
            previous = path
    others = sorted(path for path in target.rglob("*") if path.is_file() and ".git" not in path.parts
                    and path not in records and not path.is_symlink())
    events.setdefault(FIRST_DAY, [])[:0] = [(path.relative_to(target).as_posix(), path.read_bytes()) for path in others]
    chunks: list[bytes] = []
    for day in sorted(events):  # each commit continues the branch (fast-import keeps its tip)
        stamp = int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.timezone(dt.timedelta(hours=8))).timestamp())
        message = f"{day} 更新".encode()
        chunks.append(b"commit refs/heads/main\n" + f"committer 教务处 <office@example.edu.cn> {stamp} +0800\n".encode()
                      + b"data %d\n" % len(message) + message + b"\n")
        for path, content in events[day]:
            if content is None:
                chunks.append(f"D {path}\n".encode())
            else:
                chunks.append(f"M 100644 inline {path}\n".encode() + b"data %d\n" % len(content) + content + b"\n")
        chunks.append(b"\n")
    return b"".join(chunks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    target = args.target.resolve()
    subprocess.run(["rm", "-rf", str(target / ".git")], check=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=target, check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=target, input=fast_import_stream(target), check=True)
    subprocess.run(["git", "reset", "-q", "--mixed", "main"], cwd=target, check=True)
    count = subprocess.run(["git", "rev-list", "--count", "main"], cwd=target, capture_output=True, text=True).stdout
    changed = subprocess.run(["git", "status", "--porcelain"], cwd=target, capture_output=True, text=True).stdout
    print(f"{target}: {count.strip()} commits; working tree {'differs' if changed.strip() else 'equals HEAD'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
