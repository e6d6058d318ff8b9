"""What changed between two versions of a regulation, article by article.

Articles (paragraphs) are aligned first; inside a changed article the text is
compared character by character, since Chinese has no spaces to split words on.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇\d]+条\s*")


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "added", "removed"
    text: str


@dataclass(frozen=True)
class Change:
    kind: str  # "added", "removed", "changed"
    pieces: tuple[Piece, ...]


def paragraphs(text: str) -> list[str]:
    return [block.strip() for block in text.split("\n\n") if block.strip()]


def changes(old: str, new: str) -> list[Change]:
    before, after = paragraphs(old), paragraphs(new)
    result: list[Change] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            continue
        result.extend(_aligned(before[a0:a1], after[b0:b1]))
    return result


def _aligned(old: list[str], new: list[str]) -> list[Change]:
    """Pair each new article with the most similar old one still ahead of it (a revision
    that inserts articles renumbers the rest); whatever is left was added or removed."""
    result: list[Change] = []
    next_old = 0
    for text in new:
        scores = [(_similarity(old[i], text), i) for i in range(next_old, len(old))]
        best = max(scores, default=(0.0, -1))
        if best[0] < 0.5:
            result.append(Change("added", (Piece("added", text),)))
            continue
        result.extend(Change("removed", (Piece("removed", gone),)) for gone in old[next_old:best[1]])
        result.append(_changed(old[best[1]], text))
        next_old = best[1] + 1
    result.extend(Change("removed", (Piece("removed", gone),)) for gone in old[next_old:])
    return result


def _similarity(old: str, new: str) -> float:
    # "第三条" → "第四条" is renumbering, not content: compare what follows it
    return difflib.SequenceMatcher(a=_ARTICLE.sub("", old), b=_ARTICLE.sub("", new), autojunk=False).ratio()


def _changed(old: str, new: str) -> Change:
    pieces = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", old[a0:a1]))
            continue
        if a1 > a0:
            pieces.append(Piece("removed", old[a0:a1]))
        if b1 > b0:
            pieces.append(Piece("added", new[b0:b1]))
    return Change("changed", tuple(pieces))
