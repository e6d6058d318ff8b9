"""The package's layers: content types and the shared types at the bottom, the loader above them,
views and exports beside it and never importing it (issue 20: views sit below the loader)."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "schoolpub"


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, as a dotted name under schoolpub (relative imports resolved)."""
    module = ".".join(("schoolpub", *path.relative_to(PACKAGE).with_suffix("").parts))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    if path.name == "__init__.py":
        module = module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            target = ".".join(part for part in (base, node.module or "") if part)
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)  # `from . import loader`
    return found


def files_of(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (PACKAGE / folder).rglob("*.py"))


def forbidden_imports(files: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(f"{path.relative_to(PACKAGE)} imports {name}" for path in files for name in imported_modules(path)
                  if any(name == bad or name.startswith(bad + ".") for bad in forbidden))


def test_views_and_exports_never_import_the_loader():
    assert forbidden_imports(files_of("views", "exports"), ("schoolpub.loader",)) == []


def test_content_types_import_neither_views_exports_nor_loader():
    assert forbidden_imports(files_of("content"),
                             ("schoolpub.views", "schoolpub.exports", "schoolpub.loader", "schoolpub.site",
                              "schoolpub.context")) == []


def test_shared_types_import_nothing_above_them():
    shared = [PACKAGE / "site.py", PACKAGE / "context.py", PACKAGE / "wording.py"]
    assert forbidden_imports(shared, ("schoolpub.views", "schoolpub.exports", "schoolpub.loader")) == []


def test_the_check_sees_an_import_of_the_loader(tmp_path):
    """The check above can fail: a views module importing the loader, relatively or not, is caught."""
    views = tmp_path / "views"
    views.mkdir()
    (views / "bad.py").write_text("from ..loader import load_site\nfrom schoolpub import loader\n")
    global PACKAGE
    real, PACKAGE = PACKAGE, tmp_path
    try:
        assert forbidden_imports(files_of("views"), ("schoolpub.loader",)) == [
            "views/bad.py imports schoolpub.loader", "views/bad.py imports schoolpub.loader.load_site"]
    finally:
        PACKAGE = real


@pytest.mark.parametrize("module", ["schoolpub.views", "schoolpub.exports"])
def test_rendering_does_not_load_the_loader_at_all(module):
    """Not even through another module: rendering needs the data, not the code that reads it."""
    script = f"import sys, {module}; print('schoolpub.loader' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
