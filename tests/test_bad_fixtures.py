"""Each file in tests/fixtures/bad/ breaks one rule; its `# expect:` lines are the
exact problems (line:column, record, key, message) the checker must report for
it, no more and no fewer (compliance notes, 提示, of its own files included).

Layout: bad/<type>/<case>.yml is copied to data/<type>/<case>.yml of a valid
project (bad/school/<case>.yml replaces data/school.yml, bad/catalogue/<case>.yml becomes
data/catalogue.yml, bad/annual-reports/<case>.yml data/annual-reports.yml). An `# expect:` line that starts with `data/` names another file of the
project (a record the fixture's change breaks) and is taken as written. A directory
bad/<type>/<case>/ holds several files that break a rule together, and
may carry a media/ folder that is copied into data/media/.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import TESTS

from schoolpub.loader import load_site

BAD = TESTS / "fixtures" / "bad"
CASES = sorted(path for folder in BAD.iterdir() for path in folder.iterdir())


def problems_and_notes_of(root: Path, files: set[str]) -> list[str]:
    """Every error of the project, and the compliance notes (提示) of the fixture's own files."""
    _, problems = load_site(root / "data")
    return [problem.human() for problem in problems.sorted()] + \
        [problem.human() for problem in sorted(set(problems.notices)) if problem.file in files]


def _target(case_file: Path, type_name: str) -> str:
    if type_name in ("school", "catalogue", "annual-reports"):
        return f"data/{type_name}.yml"
    return f"data/{type_name}/{case_file.name}"


def _expectations(case_file: Path, target: str) -> list[str]:
    lines = case_file.read_text(encoding="utf-8").splitlines()
    expected = [line.split("# expect: ", 1)[1] for line in lines if line.startswith("# expect: ")]
    return [text if text.startswith("data/") else f"{target}:{text}" for text in expected]


@pytest.mark.parametrize("case", CASES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_bad_fixture_reports_exactly_its_problems(project: Path, case: Path):
    type_name = case.parent.name
    files = sorted(case.glob("*.yml")) if case.is_dir() else [case]
    expected, targets = [], set()
    for case_file in files:
        target = _target(case_file, type_name)
        targets.add(target)
        shutil.copyfile(case_file, project / target)
        expected += _expectations(case_file, target)
    if (case / "media").is_dir():
        shutil.copytree(case / "media", project / "data" / "media", dirs_exist_ok=True)
    assert expected, f"{case} has no '# expect:' line"
    assert sorted(problems_and_notes_of(project, targets)) == sorted(expected)
