"""Which files of the pinned Decap CMS package the site publishes under /admin/.

The bundle (about 5 MB) is installed by `npm ci` into tools/decap/ (pinned in its
package-lock.json) and never committed; `schoolpub render` adds these files to every
build, so /admin/ loads from the school's own host (no CDN: mainland China).
"""
from __future__ import annotations

from pathlib import Path

DIST = Path("tools/decap/node_modules/decap-cms/dist")
PUBLISHED_AS = "admin/decap-cms"  # the page docs/admin/index.html loads decap-cms/decap-cms.js
INSTALL_HINT = "请先运行 scripts/install_editor.sh（make site、make edit 和 make test 会自动运行它）。"


class BundleMissing(RuntimeError):
    pass


# The checkout this package runs from (src/schoolpub/cms/bundle.py → three levels up).
CHECKOUT = Path(__file__).resolve().parents[3]


def installed_dist(root: Path) -> Path:
    """The project's own tools/decap, else the one of the checkout this package runs from:
    a project copied elsewhere (the tests' temporary projects) uses the same pinned bundle."""
    for dist in (root / DIST, CHECKOUT / DIST):
        if (dist / "decap-cms.js").is_file():
            return dist
    raise BundleMissing(f"网页编辑器的程序文件没有安装（缺少 {DIST.as_posix()}/decap-cms.js）。{INSTALL_HINT}")


def bundle_files(root: Path) -> list[tuple[str, Path]]:
    """(site path, installed file): the entry script, its lazily loaded chunks and
    WebAssembly, and its licence notice; never source maps (25 MB, not needed)."""
    dist = installed_dist(root)
    entry = dist / "decap-cms.js"
    chosen = [entry, dist / "decap-cms.js.LICENSE.txt"]
    chosen += sorted(dist.glob("*.decap-cms.js")) + sorted(dist.glob("*.wasm"))
    return [(f"{PUBLISHED_AS}/{path.name}", path) for path in chosen if path.is_file()]
