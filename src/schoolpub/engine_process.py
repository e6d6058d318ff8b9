"""An engine of the MkDocs family started before its input exists, so that its start-up overlaps
the check and the render (`python -m schoolpub.engine_process mkdocs|properdocs`).

Started at the beginning of `make site`, it imports what the engine's build needs and loads jieba's
dictionary (measured at 928 records: ~0.8 s of imports and ~0.8 s of dictionary, a third of an
edit's build), on the second core while the first checks and renders. Then it waits for one line
on its standard input: the build's working directory, arguments and environment as JSON. It runs
the engine's own command line with them, exactly as `python -m <engine> …` would, and exits with its
status. An empty input (the check failed, nothing changed) ends it without building.

The warm-up only imports: it reads no configuration and logs nothing, so what the build prints
and counts as warnings (--strict) is the build's alone. A module that fails to import here fails
again in the build, where the engine reports it.
"""
from __future__ import annotations

import contextlib
import importlib
import json
import logging
import os
import sys

# What a build of the generated configuration imports, slowest first (python -X importtime).
WARM_MODULES = ("{engine}.__main__", "{engine}.commands.build", "{engine}.config.defaults", "mkdocs_macros.plugin",
                "material.plugins.search.plugin", "pymdownx.superfences", "pymdownx.quotes", "pymdownx.slugs",
                "markdown.extensions.codehilite", "markdown.extensions.attr_list", "html.parser")


def warm_up(engine: str) -> None:
    for name in WARM_MODULES:
        with contextlib.suppress(Exception):
            importlib.import_module(name.format(engine=engine))
    with contextlib.suppress(Exception):
        import jieba

        jieba.setLogLevel(logging.WARNING)  # as hooks/mkdocs_engine.py has it: no start-up chatter in the log
        jieba.initialize()


def run_order(engine: str, order: dict) -> int:
    """The engine's command line, in this process, as `python -m <engine> <args>` run in `cwd`: its
    exit (SystemExit, raised by the command line) is this process's."""
    os.chdir(order["cwd"])
    sys.path[0] = os.getcwd()  # what `python -m` puts first on the path: the working directory
    os.environ.update(order["env"])
    sys.argv = [engine, *order["args"]]
    importlib.import_module(f"{engine}.__main__").cli.main(args=order["args"], prog_name=engine)
    return 0


def main(argv: list[str]) -> int:
    engine = argv[0]
    warm_up(engine)
    line = sys.stdin.readline()
    if not line.strip():
        return 0
    return run_order(engine, json.loads(line))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
