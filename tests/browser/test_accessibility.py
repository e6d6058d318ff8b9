"""axe-core (pinned in package-lock.json) with its default rules: no serious or critical
violation on the home page, the section indexes and one record page of each type."""
import json

import pytest

from .support import AXE_JS, INSTALL_HINT, PAGES

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [json.dumps(node["target"], ensure_ascii=False) for node in violation["nodes"][:3]]
        lines.append(f'{violation["id"]} ({violation["impact"]}, {len(violation["nodes"])} elements): '
                     f'{violation["help"]}\n    ' + "\n    ".join(targets))
    return "\n".join(lines)


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation(shared_page, path):
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: {INSTALL_HINT}", pytrace=False)
    page, response, _ = shared_page(path)
    assert response.status == 200, f"{path}: HTTP {response.status}"
    page.add_script_tag(path=AXE_JS)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert results["testEngine"]["version"] == "4.14.1"
    blocking = [violation for violation in results["violations"] if violation["impact"] in BLOCKING]
    if blocking:
        print(f"\naxe-core on {path}:\n{describe(blocking)}")
    assert blocking == [], f"{path}:\n{describe(blocking)}"
