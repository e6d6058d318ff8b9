"""The YAML gate's fast path: libyaml (C) composes a file that has nothing to refuse.

Everything else, and every construct where libyaml and PyYAML are known to place or read
things differently, gets EXACT_PATH, and yamlgate's exact pure-Python composer judges it,
so every message and position stays as the fixtures pin them.
"""
from __future__ import annotations

import re

import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, DocumentStartEvent, NodeEvent, ScalarEvent

EXACT_PATH = object()  # what _compose_fast returns for a file only the exact path may judge


def compose_fast(text: str, max_depth: int):
    """The node tree from libyaml (C, ~10× faster), for a file with nothing to refuse.

    A file with an anchor, alias or tag, nesting beyond max_depth, several documents or any
    syntax error gets EXACT_PATH: yamlgate's pure-Python composer then finds every problem
    with the messages and positions pinned by the fixtures. The events are checked first, in
    one flat pass, so libyaml never composes what the exact path would refuse (an alias bomb,
    "[[[[…" thousands deep). tests/test_yamlgate_fast.py holds the two paths to each other."""
    # Where libyaml and PyYAML are known to disagree (measured by tests/test_yamlgate_fast.py):
    # tabs outside indentation, flow collections ([a, b], {a: b}), explicit keys (? a), and block
    # scalar headers (| and >). The few files with them take the exact path.
    if not yaml.__with_libyaml__ or "\t" in text or _EXPLICIT_KEY.search(text):
        return EXACT_PATH
    try:
        if not _plain_events(yaml.CSafeLoader(text), text.splitlines(), max_depth):
            return EXACT_PATH
        loader = yaml.CSafeLoader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError:
        return EXACT_PATH


_EXPLICIT_KEY = re.compile(r"^[ -]*\?(?:[ ]|$)", re.M)
_BLOCK_HEADER = re.compile(r"[|>](?:[1-9][+-]?|[+-][1-9]?)?(?:[ ]+#.*)?[ ]*")


def _plain_events(loader, lines: list[str], max_depth: int) -> bool:
    """True when the event stream has no anchor, alias or tag, one document, and no node deeper than
    the exact composer allows (it counts a node at depth d as d open collections around it)."""
    open_collections, documents = 0, 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, DocumentStartEvent):
                documents += 1
            if isinstance(event, AliasEvent) or documents > 1:
                return False
            if isinstance(event, NodeEvent):
                if event.anchor is not None or open_collections >= max_depth:
                    return False
                if isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.tag not in (None, "!"):
                    return False
                if isinstance(event, ScalarEvent) and event.value == "" and not event.style:
                    return False  # an empty value: libyaml places it elsewhere than PyYAML
                if isinstance(event, CollectionStartEvent) and event.flow_style:
                    return False
                if isinstance(event, ScalarEvent) and event.style in ("|", ">") and not _BLOCK_HEADER.fullmatch(
                        lines[event.start_mark.line][event.start_mark.column:]):
                    return False
                if isinstance(event, CollectionStartEvent):
                    open_collections += 1
            elif isinstance(event, CollectionEndEvent):
                open_collections -= 1
    finally:
        loader.dispose()
    return True
