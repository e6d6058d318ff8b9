"""Rewrites src/schoolpub/starter/demo-data.sha256 from data/: the demo school's files,
which `make init` may delete without asking. Run after changing the demo's data
(tests/test_init.py fails while the list is stale)."""
from __future__ import annotations

from pathlib import Path

from schoolpub.starter import demo

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    target = ROOT / "src" / "schoolpub" / "starter" / demo.MANIFEST
    target.write_text(demo.manifest_of(ROOT / "data"), encoding="utf-8")
    print(f"已写入 {target.relative_to(ROOT).as_posix()}")


if __name__ == "__main__":
    main()
