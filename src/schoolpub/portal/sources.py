"""Every school's open data, read concurrently, each school on its own: one school's failure is
that school's status and reason, never the portal's crash.

read_schools(config, cache_dir) → one SchoolSnapshot per school, in the config's order:
  ok           read now (over HTTP(S), or from a local build), every check passed;
  stale        reading now failed; `data` is the last good copy, fetched at `fetched_at`;
  unavailable  reading failed and there is no good copy; `data` is None.
`reason` (Chinese, for a bureau clerk) says what failed; None when status is ok.
"""
from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import urllib3

from . import lastgood, shapes
from .config import Loaded, School
from .fetch import Deadline, FetchLimits, Validators, fetch
from .shapes import FILES, OpenDataFile, Unreadable

Status = Literal["ok", "stale", "unavailable"]


@dataclass(frozen=True)
class SchoolSnapshot:
    school: School
    status: Status
    reason: str | None
    fetched_at: dt.datetime | None  # UTC: when `data` was read or found current (304); if stale, the copy's
    data_date: str | None  # the school's own last change (fees.json last_changed: a day, or a month)
    data: dict | None  # {"school": data/v1/school.json, "fees": data/v2/fees.json}, parsed and checked
    from_cache: bool  # data came from the last good copy (stale, or 304 Not Modified)


def read_schools(loaded: Loaded, cache_dir: Path | None) -> list[SchoolSnapshot]:
    config = loaded.config
    assert config is not None, "load_config reported problems: report them instead of reading schools"
    limits = FetchLimits(connect=config.limits.connect_timeout, read=config.limits.read_timeout,
                    deadline=config.limits.deadline, max_bytes=config.limits.max_kb * 1024,
                    retries=config.limits.retries)
    with ThreadPoolExecutor(max_workers=config.limits.workers, thread_name_prefix="portal-read") as pool:
        return list(pool.map(lambda school: read_school(school, loaded.local_dir(school), limits, cache_dir),
                             config.schools))


def read_school(school: School, local_dir: Path | None, limits: FetchLimits, cache_dir: Path | None) -> SchoolSnapshot:
    last = lastgood.load(cache_dir, school.id)
    try:
        return _read_fresh(school, local_dir, limits, cache_dir, last)
    except Unreadable as failure:
        return _fallback(school, failure.reason, last)
    except Exception as error:  # a bug of ours: this school's status, not the whole portal's failure
        return _fallback(school, f"暂时无法读取：门户程序内部出错（{type(error).__name__}），"
                                 "不是学校的问题。请把这条消息发给门户维护人员。", last)


def _read_fresh(school: School, local_dir: Path | None, limits: FetchLimits, cache_dir: Path | None,
                last: lastgood.Copy | None) -> SchoolSnapshot:
    now = dt.datetime.now(dt.timezone.utc)
    if local_dir is not None:
        bodies, validators, unchanged = _read_local(local_dir, limits), {f.key: Validators() for f in FILES}, False
    else:
        same_site = last if last and last.site == school.site else None  # moved: its old ETags mean nothing there
        bodies, validators, unchanged = _read_remote(school.site, limits, same_site)
    data = _checked(bodies)
    if not unchanged:
        lastgood.save(cache_dir, school.id, lastgood.Copy(now, school.site, bodies, validators))
    return SchoolSnapshot(school, "ok", None, now, shapes.data_date(data), data, from_cache=unchanged)


def _checked(bodies: dict[str, bytes]) -> dict:
    data = {file.key: shapes.parse(bodies[file.key], file) for file in FILES}
    shapes.check_personal_numbers(data)
    return data


def _read_remote(site: str, limits: FetchLimits, last: lastgood.Copy | None
                 ) -> tuple[dict[str, bytes], dict[str, Validators], bool]:
    """Every file over HTTP(S), asking "changed since the last good copy?"; unchanged when all answer 304."""
    deadline = Deadline(limits.deadline)
    bodies, validators = {}, {}
    with urllib3.PoolManager(num_pools=1, maxsize=1, block=False) as pool:
        for file in FILES:
            cached = last.validators[file.key] if last else None
            fetched = fetch(pool, site, file, limits, deadline, cached)
            bodies[file.key] = fetched.body if fetched.body is not None else last.bodies[file.key]
            validators[file.key] = fetched.validators
    unchanged = last is not None and all(bodies[key] is last.bodies[key] for key in bodies)
    return bodies, validators, unchanged


def _read_local(build_dir: Path, limits: FetchLimits) -> dict[str, bytes]:
    return {file.key: _read_local_file(build_dir, file, limits) for file in FILES}


def _read_local_file(build_dir: Path, file: OpenDataFile, limits: FetchLimits) -> bytes:
    path = build_dir / file.path
    try:
        with path.open("rb") as handle:
            body = handle.read(limits.max_bytes + 1)  # never more than the limit, whatever the file's size
    except FileNotFoundError:
        raise Unreadable(f"暂时无法读取：本地目录里没有{file.label}，请先生成这所学校的网站（make site）。") from None
    except OSError as error:
        raise Unreadable(f"暂时无法读取：本地的{file.label}打不开（{error.strerror}）。") from None
    if len(body) > limits.max_bytes:
        raise Unreadable(f"暂时无法读取：{file.label}超过大小上限（{limits.max_bytes // 1024} KB）。")
    return body


def _fallback(school: School, reason: str, last: lastgood.Copy | None) -> SchoolSnapshot:
    """The fresh read failed: the last good copy (checked again: the portal's rules may be stricter now), else nothing."""
    if last is not None:
        try:
            data = _checked(last.bodies)
        except Unreadable:
            data = None
        if data is not None:
            return SchoolSnapshot(school, "stale", reason, last.fetched_at, shapes.data_date(data), data,
                                  from_cache=True)
    return SchoolSnapshot(school, "unavailable", reason, None, None, None, from_cache=False)
