"""The engines that can build the rendered plan, as command lines: MkDocs (default), ProperDocs
(a maintained fork of MkDocs 1.x) and Zensical (Material's successor). Each reads the generated
configuration in the build directory (schoolpub render) and nothing else of the project.

Chosen with ENGINE=mkdocs|properdocs|zensical (make site, make serve). MkDocs and ProperDocs
write where they are told; Zensical writes into the build directory's site/ (its site_dir must be
inside its project) and keeps it there, so its next build is incremental; the build takes a copy
made of hard links.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ENGINES = ("mkdocs", "properdocs", "zensical")
DEFAULT = "mkdocs"
ENGINE_VARIABLE = "ENGINE"


class UnknownEngine(ValueError):
    pass


def chosen(value: str | None = None) -> str:
    engine = (value or os.environ.get(ENGINE_VARIABLE) or DEFAULT).strip().lower()
    if engine not in ENGINES:
        raise UnknownEngine(f"ENGINE={engine}：不认识这个生成工具，可用的有 {'、'.join(ENGINES)}。")
    return engine


def engine_env(extra: dict | None = None) -> dict:
    # Material announces its end of life on every MkDocs build; the project knows (issue 20).
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra or {})}


def build_command(engine: str, build_dir: Path, site_dir: Path) -> list[str]:
    config = str(Path(build_dir) / "mkdocs.yml")
    if engine == "zensical":
        return [sys.executable, "-m", "zensical", "build", "--strict", "--config-file", config]
    return [sys.executable, "-m", engine, "build", "--strict", "--config-file", config, "--site-dir", str(site_dir)]


def serve_command(engine: str, build_dir: Path, address: str) -> list[str]:
    config = str(Path(build_dir) / "mkdocs.yml")
    if engine == "zensical":
        return [sys.executable, "-m", "zensical", "serve", "--config-file", config, "--dev-addr", address]
    # --dirty: only the pages whose source render rewrote are built again (render writes no other). MkDocs warns
    # on every dirty build, so the preview is not --strict; its warnings are still shown, and make site is strict.
    return [sys.executable, "-m", engine, "serve", "--dirty", "--no-strict", "--config-file", config, "--dev-addr", address]


def build(engine: str, build_dir: Path, site_dir: Path, env: dict | None = None) -> int:
    """The engine's build of `build_dir` into `site_dir`; its exit code (its log goes to ours)."""
    build_dir, site_dir = Path(build_dir), Path(site_dir)
    code = subprocess.run(build_command(engine, build_dir, site_dir), cwd=build_dir, env=engine_env(env)).returncode
    if engine == "zensical" and code == 0:
        # Zensical's output stays where it is: the next build rewrites only what changed there (it deletes
        # what no source makes any more, measured). The site is a tree of hard links to it: finish replaces
        # a file by a new one, never in place, so Zensical's own copy is not changed.
        link_tree(build_dir / "site", site_dir)
    return code


def link_tree(source: Path, target: Path) -> None:
    """`target` as a copy of `source` made of hard links (copies where a link cannot be made)."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, copy_function=_link_or_copy)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
