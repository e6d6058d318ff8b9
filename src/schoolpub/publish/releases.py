"""rsync over ssh (or to a local directory) into release directories, switched atomically:

    BASE/releases/20261206T093000Z-1a2b3c4/   one complete site per publish
    BASE/current -> releases/…                what the web server serves (deploy/nginx.conf)

A new release is uploaded as `releases/NAME.partial` with `--link-dest` to the live release:
files identical to it (compared by content: `--checksum`; a fresh build gives every file a new
modification time) become hard links, so only what changed crosses the network and the disk.
Then one rename(2) of a new symlink over `current` (remote.sh) switches every later request to
the new release at once; the last N releases stay for `--rollback`.
"""
from __future__ import annotations

import datetime as dt
import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import PublishError

REMOTE_SCRIPT = Path(__file__).with_name("remote.sh").read_text(encoding="utf-8")
RELEASE_NAME = re.compile(r"\d{8}T\d{6}Z(?:-[0-9a-zA-Z]{1,40})?")
# rsync's own rule: a colon before any slash means host:path.
REMOTE = re.compile(r"(?P<host>[^/:]+):(?P<path>.*)")
TOO_BROAD = {"", "/", "/.", ".", "./", "~", "~/"}
TIMEOUT = 1800  # a first upload of a large site over a slow line


@dataclass(frozen=True)
class Destination:
    host: str | None  # user@host, or None for a directory on this machine
    base: str  # the site's folder there (home-relative when it does not start with /)
    ssh: tuple[str, ...]  # the ssh command with its options

    def __str__(self) -> str:
        return f"{self.host}:{self.base}" if self.host else self.base

    def rsync_path(self, name: str) -> str:
        path = f"{self.base.rstrip('/') or '/'}/releases/{name}/"
        return f"{self.host}:{path}" if self.host else path


@dataclass(frozen=True)
class State:
    releases: tuple[str, ...]  # oldest first (names sort by time)
    current: str | None


@dataclass(frozen=True)
class Published:
    release: str
    uploaded: int  # files that crossed the network (new or changed)
    files: int
    removed: tuple[str, ...]  # releases deleted beyond the kept ones


def destination(text: str, ssh: tuple[str, ...]) -> Destination:
    match = REMOTE.fullmatch(text)
    host, path = (match["host"], match["path"]) if match else (None, text)
    if path.strip() in TOO_BROAD:
        raise PublishError(f"PUBLISH_RSYNC_DEST={text} 太宽：发布会在那里建 releases/ 和 current，并删除旧版本。"
                           "请写网站专用的目录，例如 deploy@www.example.edu.cn:/var/www/school")
    # ssh runs remote commands in the home directory: ~/www is www there (quoting would keep the ~).
    base = path[2:] if path.startswith("~/") else path
    return Destination(host, base.rstrip("/") or "/", ssh)


def run(dest: Destination, operation: str, *names: str) -> str:
    """One remote.sh operation on the destination; its standard output."""
    command = ["sh", "-s", "--", operation, dest.base, *names]
    if dest.host:
        command = [*dest.ssh, dest.host, shlex.join(command)]
    result = subprocess.run(command, input=REMOTE_SCRIPT, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise PublishError(failure(dest, result, f"在 {dest} 上执行“{operation}”失败"))
    return result.stdout


def failure(dest: Destination, result: subprocess.CompletedProcess, what: str) -> str:
    detail = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else f"退出码 {result.returncode}"
    if "Host key verification failed" in result.stderr or "REMOTE HOST IDENTIFICATION HAS CHANGED" in result.stderr:
        return (f"服务器 {dest.host} 的主机密钥与 PUBLISH_SSH_KNOWN_HOSTS_FILE 里记录的不一致（或没有记录），"
                "为安全起见不连接，没有发布。请核对服务器的主机密钥。")
    if dest.host and result.returncode == 255:
        return (f"无法通过 ssh 连接 {dest.host}（{detail}），没有发布。"
                "请检查 PUBLISH_SSH_KEY_FILE、PUBLISH_SSH_PORT 和服务器是否开机。")
    return f"{what}（{detail}）。"


def state(dest: Destination) -> State:
    lines = run(dest, "state").splitlines()
    if "current-is-not-a-link" in lines:
        raise PublishError(f"{dest.base}/current 已经存在，但不是指向某个版本的符号链接（可能是以前直接同步的网站目录）。"
                           "为免覆盖，没有发布：请把它改名或移走，并把 nginx 的 root 设为 …/current。")
    releases = sorted(line.split(" ", 1)[1] for line in lines if line.startswith("release "))
    current = next((line.split(" ", 1)[1] for line in lines if line.startswith("current ")), None)
    return State(tuple(name for name in releases if RELEASE_NAME.fullmatch(name)), current)


def new_release_name(label: str, taken: tuple[str, ...], now: dt.datetime | None = None) -> str:
    stamp = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    name = f"{stamp}-{label}" if label else stamp
    if name in taken:  # two publishes within one second
        raise PublishError(f"版本 {name} 已经存在：请过一秒再发布。")
    return name


def publish(site: Path, dest: Destination, keep: int, label: str = "") -> Published:
    run(dest, "prepare")
    before = state(dest)
    name = new_release_name(label, before.releases)
    base = before.current if before.current in before.releases else (before.releases[-1] if before.releases else None)
    uploaded, files = upload(site, dest, name, base)
    run(dest, "activate", name)
    kept = [*before.releases, name][-keep:]
    old = tuple(release for release in before.releases if release not in kept and release != before.current)
    if old:
        run(dest, "remove", *old)
    return Published(name, uploaded, files, old)


def upload(site: Path, dest: Destination, name: str, base: str | None) -> tuple[int, int]:
    """rsync site/ into releases/NAME.partial; (files transferred, files in the site)."""
    command = ["rsync", "--recursive", "--links", "--perms", "--checksum", "--chmod=D755,F644", "--stats"]
    if base:
        command.append(f"--link-dest=../{base}")  # relative to the new release directory
    if dest.host:
        command += ["-e", shlex.join(dest.ssh)]
    command += [f"{site}/", dest.rsync_path(f"{name}.partial")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    if result.returncode != 0:
        raise PublishError(failure(dest, result, "rsync 上传失败，网站没有切换，访问者看到的仍是上一版（请重新运行）"))
    return stat(result.stdout, r"Number of regular files transferred: ([\d,]+)"), \
        stat(result.stdout, r"Number of files: [\d,]+ \(reg: ([\d,]+)")


def stat(output: str, pattern: str) -> int:
    """A number from rsync --stats (3.1+ groups thousands with commas)."""
    match = re.search(pattern, output)
    return int(match[1].replace(",", "")) if match else 0


def rollback(dest: Destination) -> tuple[str, str]:
    """Switch `current` to the release before it; (from, to)."""
    now = state(dest)
    if now.current not in now.releases:
        raise PublishError(f"{dest} 还没有用版本目录发布过（没有 current），无法回退。")
    index = now.releases.index(now.current)
    if index == 0:
        raise PublishError(f"{now.current} 已经是保留的最早版本，没有更早的版本可以回退。")
    previous = now.releases[index - 1]
    run(dest, "switch", previous)
    return now.current, previous
