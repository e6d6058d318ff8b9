"""What changed between two versions of a regulation, article by article.

Articles (paragraphs) are aligned first; inside a changed article the text is
compared character by character, since Chinese has no spaces to split words on.

A text with chapters (第一章 总则) is compared as a whole, ignoring chapters and
article numbers, so renumbering is no change and an article moved to another
chapter is one change ("移至第五章"); the changes are then grouped under the
chapter they belong to in the newer version (`grouped`). A text without
chapters is compared paragraph by paragraph (`changes`), as it always was.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace

from ..content.regulation_text import Article, Chapter, parse_text

_ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇\d]+条\s*")


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "added", "removed"
    text: str


@dataclass(frozen=True)
class Change:
    kind: str  # "added", "removed", "changed", "moved" (to another chapter, perhaps changed too)
    pieces: tuple[Piece, ...]
    note: str = ""  # e.g. "移至第五章（原在第三章）"


@dataclass(frozen=True)
class Group:
    """The changes inside one chapter of the newer version (heading "" for a text
    without chapters, or for articles before the first chapter)."""

    heading: str
    note: str  # "新增的章", "原第三章", "章名原为“…”", "这一章已删去"
    changes: tuple[Change, ...]


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


# -- texts with chapters ---------------------------------------------------------

def grouped(old: str, new: str) -> list[Group]:
    """The changes from old to new, grouped by chapter of the new text. When neither
    text has chapters: one group without a heading, holding `changes(old, new)`."""
    before, after = parse_text(old), parse_text(new)
    if not before.chapters and not after.chapters:
        found = changes(old, new)
        return [Group("", "", tuple(found))] if found else []
    old_units, new_units = before.articles(), after.articles()
    pairs, removed, reordered = _align([a for _, a in old_units], [a for _, a in new_units])
    chapter_of = _chapter_map(old_units, new_units, pairs)
    # each change with (the new chapter it is shown under, its position)
    placed: list[tuple[Chapter | None, int, Change]] = []
    matched_new = {j: i for i, j in pairs}
    for j, (chapter, article) in enumerate(new_units):
        i = matched_new.get(j)
        if i is None:
            placed.append((chapter, j, Change("added", (Piece("added", _shown(article)),))))
            continue
        old_chapter, old_article = old_units[i]
        moved = chapter is not None and old_chapter is not None and chapter_of.get(id(old_chapter)) is not chapter
        if old_article.body == article.body and not moved and (i, j) not in reordered:
            continue
        change = _changed(_shown(old_article), _shown(article)) if old_article.body != article.body else \
            Change("changed", tuple(_label_pieces(old_article, article)))
        if moved:
            change = replace(change, kind="moved", note=f"移至{chapter.heading.label}（原在{old_chapter.heading.label}）")
        elif (i, j) in reordered:
            change = replace(change, kind="moved", note="调整了位置")
        placed.append((chapter, j, change))
    # a removed article is shown where its chapter went, after the article before it
    position = {i: j for i, j in pairs}
    for i in removed:
        old_chapter, article = old_units[i]
        target = chapter_of.get(id(old_chapter)) if old_chapter else None
        after_j = max((position[k] for k in range(i) if k in position), default=-1)
        if old_chapter is not None and target is None:
            target = old_chapter  # the chapter itself was deleted
        placed.append((target, after_j + 0.5, Change("removed", (Piece("removed", _shown(article)),))))
    new_chapters = [c for c in after.chapters]
    reverse = {id(new): old for old in before.chapters if (new := chapter_of.get(id(old))) is not None}
    groups = []
    order = [None] + new_chapters + [c for c in before.chapters if chapter_of.get(id(c)) is None]
    for chapter in order:
        found = tuple(change for c, _, change in sorted((p for p in placed if p[0] is chapter), key=lambda p: p[1]))
        if chapter is None:
            heading, note = "", ""
        elif any(chapter is c for c in new_chapters):
            heading, note = chapter.heading.text, _chapter_note(reverse.get(id(chapter)), chapter)
            note = note if before.chapters else ""  # a text that gains chapters: no chapter is "new"
        else:
            heading, note = chapter.heading.text, "这一章已删去" if after.chapters else ""
        if found or note:
            groups.append(Group(heading, note, found))
    return groups


def _chapter_note(old: Chapter | None, new: Chapter) -> str:
    if old is None:
        return "新增的章"
    if old.heading.title != new.heading.title:
        return f"章名原为“{old.heading.text}”"
    return ""  # renumbered only (原第三章) is no change worth a line


def _shown(article: Article) -> str:
    return "\n".join(article.blocks)


def _label_pieces(old: Article, new: Article) -> list[Piece]:
    """An article whose content stayed: its number, old → new, then its text."""
    text = _shown(new)
    if old.label == new.label:
        return [Piece("same", text)]
    return [Piece("removed", old.label), Piece("added", new.label), Piece("same", text[len(new.label):])]


def _align(old: list[Article], new: list[Article]) -> tuple[list[tuple[int, int]], list[int], set[tuple[int, int]]]:
    """(old index, new index) pairs of the same article, the old articles that are gone,
    and the pairs that changed place (out of order with the rest).
    Same content in order first; then the same content anywhere (a move); then, inside
    each stretch of differences, the most similar article ahead (a change)."""
    keys_old, keys_new = [a.body for a in old], [a.body for a in new]
    pairs: list[tuple[int, int]] = []
    matcher = difflib.SequenceMatcher(a=keys_old, b=keys_new, autojunk=False)
    stretches = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            pairs += [(a0 + k, b0 + k) for k in range(a1 - a0)]
        else:
            stretches.append((list(range(a0, a1)), list(range(b0, b1))))
    left_old = {i for olds, _ in stretches for i in olds}
    left_new = [j for _, news in stretches for j in news]
    moves: set[tuple[int, int]] = set()
    for j in left_new:  # moved, unchanged
        same = sorted(i for i in left_old if keys_old[i] == keys_new[j])
        if same:
            pairs.append((same[0], j))
            moves.add((same[0], j))
            left_old.discard(same[0])
    taken_new = {j for _, j in pairs}
    for olds, news in stretches:  # changed in place
        next_old = 0
        olds = [i for i in olds if i in left_old]
        for j in news:
            if j in taken_new:
                continue
            scores = [(_similarity_body(keys_old[olds[k]], keys_new[j]), k) for k in range(next_old, len(olds))]
            best = max(scores, default=(0.0, -1))
            if best[0] >= 0.5:
                pairs.append((olds[best[1]], j))
                left_old.discard(olds[best[1]])
                taken_new.add(j)
                next_old = best[1] + 1
    for j in sorted(set(range(len(new))) - taken_new):  # moved and changed
        scores = [(_similarity_body(keys_old[i], keys_new[j]), i) for i in sorted(left_old)]
        best = max(scores, default=(0.0, -1))
        if best[0] >= 0.6:
            pairs.append((best[1], j))
            moves.add((best[1], j))
            left_old.discard(best[1])
            taken_new.add(j)
    return sorted(pairs), sorted(left_old), moves


def _similarity_body(old: str, new: str) -> float:
    return difflib.SequenceMatcher(a=old, b=new, autojunk=False).ratio()


def _chapter_map(old_units, new_units, pairs) -> dict[int, Chapter]:
    """Which new chapter each old chapter became (by id of the old chapter): the one with
    the same title, else the one most of its articles went to (a renamed chapter)."""
    old_chapters = {id(c): c for c, _ in old_units if c is not None}
    new_chapters = [c for c, _ in new_units if c is not None]
    mapping: dict[int, Chapter] = {}
    taken: set[int] = set()
    for key, old in old_chapters.items():
        for new in new_chapters:
            if new.heading.title == old.heading.title and id(new) not in taken:
                mapping[key] = new
                taken.add(id(new))
                break
    votes: dict[tuple[int, int], int] = {}
    for i, j in pairs:
        old, new = old_units[i][0], new_units[j][0]
        if old is not None and new is not None:
            votes[(id(old), id(new))] = votes.get((id(old), id(new)), 0) + 1
    by_id = {id(c): c for c in new_chapters}
    for (old_key, new_key), _ in sorted(votes.items(), key=lambda item: -item[1]):
        if old_key not in mapping and new_key not in taken:
            mapping[old_key] = by_id[new_key]
            taken.add(new_key)
    return mapping
