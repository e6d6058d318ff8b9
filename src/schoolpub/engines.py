"""The engines that can build the rendered plan, as command lines: MkDocs (default), ProperDocs
(a maintained fork of MkDocs 1.x) and Zensical (Material's successor). Each reads the generated
configuration in the build directory (schoolpub render) and nothing else of the project.

Chosen with ENGINE=mkdocs|properdocs|zensical (make site, make serve). Each engine keeps its
output in the build directory between builds (Zensical's site_dir must be inside its project, and
it rebuilds there what changed by itself; MkDocs and ProperDocs are told which pages changed and
rebuild only those with --dirty); the site to publish is a copy of it made of hard links
(engines.publishable_copy).
"""
from __future__ import annotations

import contextlib
import json
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


def build_command(engine: str, build_dir: Path, site_dir: Path, dirty: bool = False) -> list[str]:
    return [sys.executable, "-m", engine, *build_args(engine, build_dir, site_dir, dirty)]


def build_args(engine: str, build_dir: Path, site_dir: Path, dirty: bool = False) -> list[str]:
    """The engine's command line after `python -m <engine>` (also what a Started process is handed)."""
    config = str(Path(build_dir) / "mkdocs.yml")
    if engine == "zensical":
        return ["build", "--strict", "--config-file", config]
    return ["build", "--strict", *(["--dirty"] if dirty else []), "--config-file", config, "--site-dir", str(site_dir)]


def engine_output(engine: str, build_dir: Path) -> Path:
    """Where the engine keeps its own output between builds (inside the build directory, which
    render never prunes there): the next build starts from it."""
    return Path(build_dir) / ("site" if engine == "zensical" else f"site-{engine}")


def serve_command(engine: str, build_dir: Path, address: str) -> list[str]:
    config = str(Path(build_dir) / "mkdocs.yml")
    if engine == "zensical":
        return [sys.executable, "-m", "zensical", "serve", "--config-file", config, "--dev-addr", address]
    # --dirty: only the pages whose source render rewrote are built again (render writes no other). MkDocs warns
    # on every dirty build, so the preview is not --strict; its warnings are still shown, and make site is strict.
    return [sys.executable, "-m", engine, "serve", "--dirty", "--no-strict", "--config-file", config, "--dev-addr", address]


def build(engine: str, build_dir: Path, site_dir: Path, env: dict | None = None,
          changed_docs: tuple[str, ...] | None = None, started: "Started | None" = None, reuse=None) -> int:
    """The engine's build of `build_dir` into `site_dir`; its exit code (its log goes to ours).

    Each engine keeps its own output in the build directory (engine_output) and `site_dir` is made
    from it. Zensical rebuilds there what changed by itself. MkDocs and ProperDocs rebuild there only
    `changed_docs` (paths under docs/ whose content changed since the output was made, from
    schoolpub.incremental) with --dirty; None means a full build. `started`: the engine's process,
    started ahead (Started), to run the build in; without it the build is a process of its own.
    `reuse`: given the engine's output after the build, the files of `site_dir` to take from
    elsewhere (publishable_copy).
    """
    build_dir, site_dir = Path(build_dir), Path(site_dir)
    output = engine_output(engine, build_dir)
    dirty = (engine != "zensical" and changed_docs is not None and (output / "index.html").is_file()
             and (output / "search" / "search_index.json").is_file())  # the hook merges the index into it
    if dirty:
        forget_outputs(output, changed_docs)
    extra = {**(env or {}), **({DIRTY_VARIABLE: "1"} if dirty else {})}
    if started is not None and started.engine == engine:
        code = started.run(build_dir, build_args(engine, build_dir, output, dirty), extra)
    else:
        code = subprocess.run(build_command(engine, build_dir, output, dirty), cwd=build_dir,
                              env=engine_env(extra)).returncode
    if code == 0:
        publishable_copy(engine, output, site_dir, reuse(output) if reuse else None)
    return code


class Started:
    """An engine of the MkDocs family started before its build is known (schoolpub.engine_process):
    it imports and loads jieba's dictionary while this process checks and renders. Use it as a
    context manager: leaving it without a build ends the process without building."""

    def __init__(self, engine: str, env: dict | None = None) -> None:
        self.engine = engine
        self.process = subprocess.Popen([sys.executable, "-m", "schoolpub.engine_process", engine],
                                        stdin=subprocess.PIPE, env=engine_env(env))

    def run(self, cwd: Path, args: list[str], env: dict) -> int:
        order = {"cwd": str(Path(cwd).resolve()), "args": args, "env": env}
        try:
            self.process.stdin.write(json.dumps(order).encode("utf-8") + b"\n")
            self.process.stdin.close()
        except BrokenPipeError:  # it ended before the order came: its exit status says how
            pass
        return self.process.wait()

    def __enter__(self) -> "Started":
        return self

    def __exit__(self, *_exc) -> None:
        if self.process.returncode is None and not self.process.stdin.closed:
            self.process.kill()  # no build was ordered: it was only importing, and need not finish that
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        self.process.wait()


def started(engine: str, env: dict | None = None) -> Started | contextlib.nullcontext:
    """The engine's process started ahead, for MkDocs and ProperDocs (Zensical's start-up is Rust's:
    nothing to overlap); as a context manager that yields None for Zensical."""
    return Started(engine, env) if engine in STARTED_AHEAD else contextlib.nullcontext()


STARTED_AHEAD = ("mkdocs", "properdocs")


DIRTY_VARIABLE = "SCHOOLPUB_DIRTY_BUILD"  # read by hooks/mkdocs_engine.py: the build was asked for, its warning expected


def forget_outputs(output: Path, changed_docs: tuple[str, ...]) -> None:
    """Delete what MkDocs made of each changed file, so --dirty makes it again whatever the files'
    times say (it compares modification times; a photo linked from the cache can be older than the
    copy it replaces)."""
    for source in changed_docs:
        (output / dest_uri(source)).unlink(missing_ok=True)


def dest_uri(source: str) -> str:
    """The output path MkDocs gives a file of docs/ (use_directory_urls, as the generated configuration has it)."""
    path = Path(source)
    if path.suffix != ".md":
        return source
    if path.stem in ("index", "README"):
        return (path.parent / "index.html").as_posix()
    return (path.parent / path.stem / "index.html").as_posix()


def publishable_copy(engine: str, output: Path, site_dir: Path, reuse: dict[str, Path] | None = None) -> None:
    """`site_dir` as a copy of the engine's output made of hard links, which the engine's next build
    cannot change: Zensical replaces the files it rewrites (measured: new inodes), and so does MkDocs
    (or ProperDocs) with hooks/mkdocs_engine.py, which makes its every write a new file renamed over the
    old one. `reuse`: site-relative name → the file to link instead of the engine's (the published
    file, already finished and scanned, of an output file known unchanged: schoolpub.incremental).
    """
    link_tree(output, site_dir, reuse)


def link_tree(source: Path, target: Path, reuse: dict[str, Path] | None = None) -> None:
    """`target` as a copy of `source` made of hard links (copies where a link cannot be made); the
    names of `reuse` linked to the file it gives for them instead.

    An existing `target` is brought up to date rather than made again: a name already linked to the
    right file is left as it is, any other replaced in one rename, what `source` lacks removed. make
    site keeps the site published before the last one there (scripts/build_site.py swap): after an
    edit, a few names change, and the folders (one a page) need not be made again (~0.3 ms each here)."""
    target = str(target)
    if os.path.islink(target) or (os.path.exists(target) and not os.path.isdir(target)):
        os.unlink(target)
    if not os.path.isdir(target):
        os.mkdir(target)
    _sync_folder(str(source), target, "", reuse or {})


def _sync_folder(source: str, target: str, prefix: str, reuse: dict[str, Path]) -> None:
    with os.scandir(target) as entries:
        stale = {entry.name: entry for entry in entries}
    with os.scandir(source) as entries:
        for entry in entries:
            copy, there = os.path.join(target, entry.name), stale.pop(entry.name, None)
            folder = entry.is_dir(follow_symlinks=False)
            if there is not None and there.is_dir(follow_symlinks=False) != folder:
                _remove(there)
                there = None
            if folder:
                if there is None:
                    os.mkdir(copy)
                _sync_folder(entry.path, copy, prefix + entry.name + "/", reuse)
            else:
                _link_file(entry, copy, there, reuse.get(prefix + entry.name))
    for there in stale.values():  # not in the engine's output any more
        _remove(there)


def _link_file(entry: os.DirEntry, copy: str, there: os.DirEntry | None, instead: Path | None) -> None:
    """`copy` a hard link to `instead` (when it can be) or to the engine's file `entry`."""
    if entry.is_symlink():
        if there is not None:
            _remove(there)
        shutil.copy2(entry.path, copy, follow_symlinks=False)
        return
    for wanted in ([instead] if instead is not None else []) + [entry.path]:
        try:
            if there is not None and not there.is_symlink() and os.path.samestat(there.stat(), os.stat(wanted)):
                return
            if there is None:
                os.link(wanted, copy)
            else:
                partial = os.path.join(os.path.dirname(copy), f".{entry.name}.{os.getpid()}.link")
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(partial)
                os.link(wanted, partial)
                os.replace(partial, copy)
            return
        except OSError:
            continue
    if there is not None:
        _remove(there)
    shutil.copy2(entry.path, copy)  # another file system: a copy


def _remove(entry: os.DirEntry) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)
