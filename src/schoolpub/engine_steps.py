"""The steps after the engine, on its output, whichever engine built it: finish and scan.

An adapter, kept to one module so the engine-independent commands `schoolpub finish SITE_DIR`
and `schoolpub scan SITE_DIR` (another branch of issue 20) can replace it at merge: until then
it calls the existing functions behind hooks/offline_assets.py, hooks/accessibility.py,
hooks/meta.py, hooks/links.py and hooks/privacy.py, unchanged, with the few settings they read.
Both return an exit code (0 fine, 1 refused) and say why in Chinese; a refused scan leaves no
site behind. The gate never depends on an engine running a hook.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType, SimpleNamespace

from . import urls
from .echo import say
from .engine_config import SETTINGS_FILE, read_settings

_CHECKOUT = Path(__file__).resolve().parents[2]


def _hook(root: Path, name: str) -> ModuleType:
    """hooks/<name>.py of the project (else of the checkout this package runs from)."""
    path = next(p for p in (root / "hooks" / f"{name}.py", _CHECKOUT / "hooks" / f"{name}.py") if p.is_file())
    spec = importlib.util.spec_from_file_location(f"schoolpub_hook_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def engine_pages(site_dir: Path, root: Path) -> list[Path]:
    """The HTML pages the engine made (not the .html files docs/ publishes as they are: the editor)."""
    static = {path.relative_to(root / "docs").as_posix() for path in (root / "docs").rglob("*.html")}
    return [path for path in sorted(site_dir.rglob("*.html"))
            if path.relative_to(site_dir).as_posix() not in static and path.relative_to(site_dir).parts[0] != "admin"]


def finish(site_dir: Path, root: Path) -> int:
    """Material's CDN scripts pointed at the site's own copies; the HTML fixes on every page."""
    site_dir, root = Path(site_dir), Path(root)
    config = SimpleNamespace(site_url=read_settings(root)["site_url"], site_dir=str(site_dir))
    _hook(root, "offline_assets").on_post_build(config)
    fixes = [_hook(root, "accessibility").on_post_page, _hook(root, "meta").on_post_page]
    for path in engine_pages(site_dir, root):
        html = path.read_text(encoding="utf-8")
        fixed = html
        for fix in fixes:
            fixed = fix(fixed, None, None)
        if fixed != html:
            path.write_text(fixed, encoding="utf-8")
    return 0


def scan(site_dir: Path, root: Path) -> int:
    """Link safety of every page, then the privacy gate over every generated file."""
    site_dir, root = Path(site_dir), Path(root)
    links = _hook(root, "links")
    docs_config = SimpleNamespace(docs_dir=str(root / "docs"))
    for path in engine_pages(site_dir, root):
        unsafe = urls.unsafe_in_html(path.read_text(encoding="utf-8"))
        if unsafe:
            page = _source_page(path.relative_to(site_dir).as_posix(), root / "docs")
            say(f"{links._where(page, docs_config, unsafe[0])}: 错误：{urls.unsafe_message(unsafe[0])}网站没有生成。",
                error=True)
            return 1
    from mkdocs.exceptions import PluginError  # what the privacy hook raises

    config = SimpleNamespace(config_file_path=str(root / SETTINGS_FILE), site_dir=str(site_dir))
    try:
        _hook(root, "privacy").on_post_build(config)
    except PluginError as refusal:
        say(*str(refusal).splitlines(), error=True)
        return 1
    return 0


def _source_page(site_path: str, docs: Path) -> SimpleNamespace:
    """The page of docs/ an output page was made from (about/index.html ← about.md), for its line."""
    stem = site_path.removesuffix("index.html").removesuffix(".html").rstrip("/")
    candidates = [f"{stem}.md", f"{stem}/index.md"] if stem else ["index.md"]
    source = next((docs / name for name in candidates if (docs / name).is_file()), None)
    src_uri = source.relative_to(docs).as_posix() if source else candidates[-1]
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri, abs_src_path=str(source) if source else None))
