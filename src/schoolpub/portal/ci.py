"""The district CI (.github/workflows/portal.yml, .gitea/workflows/portal.yml) asks the portal config:

    python -m schoolpub.portal.ci matrix portal.yml            → the build matrix (JSON, one line)
    python -m schoolpub.portal.ci builds portal.yml DIR OUT     → OUT: portal.yml with each school built into
                                                                  DIR/<id>/ read from there (`path:`)
    python -m schoolpub.portal.ci read portal.yml [CACHE]       → every school's status, one line each

`read` exits 0 whatever the schools' state (an unreadable school is shown as such, it never stops the
portal); 1 only when portal.yml itself has problems, which are printed in Chinese with file:line.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

from ..echo import log_line
from .config import load_config
from .sources import SchoolSnapshot, read_schools

def _loaded(config: Path):
    loaded = load_config(config, shown_as=str(config))
    if loaded.problems:
        print(loaded.problems.report(), file=sys.stderr)
        raise SystemExit(1)
    return loaded


def matrix(config: Path) -> str:
    """Schools with a repository, as GitHub's `strategy.matrix.school` list (ids are safe in paths)."""
    schools = [{"id": s.id, "name": s.name, "repository": s.repository}
               for s in _loaded(config).config.schools if s.repository]
    return json.dumps(schools, ensure_ascii=False, separators=(",", ":"))


def with_builds(config: Path, builds: Path) -> str:
    """portal.yml again, each school whose build is in `builds/<id>/` read from there; others as they were."""
    loaded = _loaded(config)
    data = loaded.config.model_dump(mode="json", exclude_none=True)
    for school in data["schools"]:
        built = (builds / school["id"]).resolve()
        if (built / "data").is_dir():
            school["path"] = str(built)
        elif "path" in school:
            school["path"] = str((loaded.base_dir / school["path"]).resolve())
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def read_report(config: Path, cache: Path | None) -> str:
    snapshots = read_schools(_loaded(config), cache)
    lines = [log_line(f"{snapshot.school.id} {snapshot.school.name}：{_state(snapshot)}") for snapshot in snapshots]
    count = {status: sum(snapshot.status == status for snapshot in snapshots)
             for status in ("ok", "stale", "unavailable")}
    lines.append(f"共 {len(snapshots)} 所学校：{count['ok']} 所已读取，{count['stale']} 所暂时无法读取、显示上次读取的数据，"
                 f"{count['unavailable']} 所暂时无法读取。")
    return "\n".join(lines)


def _state(snapshot: SchoolSnapshot) -> str:
    dated = f"（数据日期 {snapshot.data_date}）" if snapshot.data_date else ""
    if snapshot.status == "ok":
        return f"已读取{dated}"
    if snapshot.status == "stale":
        return f"{snapshot.reason}显示 {snapshot.fetched_at:%Y-%m-%d %H:%M} UTC 读取的上一份数据{dated}。"
    return snapshot.reason or ""


def main(argv: list[str]) -> None:
    if argv[:1] == ["matrix"] and len(argv) == 2:
        print(matrix(Path(argv[1])))
    elif argv[:1] == ["builds"] and len(argv) == 4:
        Path(argv[3]).write_text(with_builds(Path(argv[1]), Path(argv[2])), encoding="utf-8")
    elif argv[:1] == ["read"] and len(argv) in (2, 3):
        print(read_report(Path(argv[1]), Path(argv[2]) if len(argv) == 3 else None))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
