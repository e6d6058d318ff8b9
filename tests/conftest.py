import dataclasses
import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest

from schoolpub.loader import load_site

TESTS = Path(__file__).parent
REPO = TESTS.parent
MINIMAL = TESTS / "fixtures" / "minimal"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the minimal valid project (tests/fixtures/minimal) to break."""
    shutil.copytree(MINIMAL, tmp_path / "project")
    return tmp_path / "project"


@pytest.fixture
def demo_data(tmp_path: Path, monkeypatch) -> Path:
    """A project holding a copy of the demo school's data/, with its own photo cache (the caches' tests)."""
    shutil.copytree(REPO / "data", tmp_path / "data")
    monkeypatch.setenv("SCHOOLPUB_PHOTO_CACHE", str(tmp_path / "cache"))
    return tmp_path


DEMO_URL = "https://example.edu.cn/"
DEMO_TODAY = dt.date(2026, 11, 23)


def demo_context(project: Path, today: dt.date = DEMO_TODAY, url: str = DEMO_URL):
    """The build's context of a project's data (validated: no problem), on `today`."""
    from schoolpub import build

    site, problems = load_site(project / "data")
    assert not problems.sorted()
    return dataclasses.replace(build.context_for(site, url, with_media=True), today=today)


def edit_data(project: Path, relative: str, old: str, new: str) -> None:
    """Replace the first `old` (which must be there) in data/`relative`."""
    path = project / "data" / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(root: Path) -> list[str]:
    """Every problem of a project as the exact line staff read."""
    _, problems = load_site(root / "data")
    return [problem.human() for problem in problems.sorted()]


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def tree_digest(root: Path) -> str:
    """One digest of a folder's names and bytes: equal digests, the folder is unchanged."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(path.relative_to(root).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


# The demo built by `make site` once per engine per test session (tests/test_build.py: build), shared by
# every module that reads a built site: (the build's CompletedProcess, the site directory).
@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    return _built_demo(tmp_path_factory, "mkdocs")


@pytest.fixture(scope="session")
def demo_zensical(tmp_path_factory):
    return _built_demo(tmp_path_factory, "zensical")


def _built_demo(tmp_path_factory, engine: str):
    from test_build import build

    site_dir = tmp_path_factory.mktemp(f"demo-{engine}") / "site"
    return build(REPO, site_dir, engine=engine), site_dir
