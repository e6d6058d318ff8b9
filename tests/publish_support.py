"""Real servers and real sites for the publishing tests (tests/test_publish_server.py, tests/test_publish_bucket.py).

- Versions of the demo school, built once per test session (cached under pytest's base temp):
  A the demo; B the demo with one fee amount changed (one record); C is B after a theme update
  (Material's stylesheet renamed with new content, as an upgrade renames its hashed bundle):
  a page of A asks for a stylesheet C no longer has, the mix the old `rsync --delete` showed.
- sshd (Debian's openssh-server) as root on a free port of 127.0.0.1, with a throwaway host key
  and an authorized test key, all in a temporary folder: no system configuration is touched.
- nginx (Debian's) with deploy/nginx.conf, its port and root replaced, in a temporary prefix.
- A sampler: threads that load a page and every stylesheet, script and image it uses, then the
  page again, every ~50 ms, and say which version each sample is entirely (or that it is a mix).
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit, unquote

import pytest

from conftest import REPO
from test_build import build, site_project

INSTALL_HINT = "run scripts/install_ci_tools.sh (installs Debian's nginx, openssh-server and rsync)"
SSHD = "/usr/sbin/sshd"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CHANGED_RECORD = ("fees/2027-spring.yml", "    amount: 450\n", "    amount: 480\n")
SAMPLED_PAGES = ("/", "/fees/", "/fees/2027-spring/", "/festivals/2025-sports/", "/about/")
RESOURCE = re.compile(r'<(?:link[^>]*\brel="stylesheet"[^>]*\bhref|script[^>]*\bsrc|img[^>]*\bsrc)="([^"]+)"')


@dataclass(frozen=True)
class Version:
    name: str
    site: Path
    data: Path

    def files(self) -> dict[str, str]:
        """Site-relative path → sha256 of its bytes."""
        return {path.relative_to(self.site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
                for path in sorted(self.site.rglob("*")) if path.is_file()}


def versions(tmp_path_factory) -> dict[str, Version]:
    root = tmp_path_factory.getbasetemp() / "publish-versions"
    if not (root / "done").exists():
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir()
        build_versions(root)
        (root / "done").touch()
    return {name: Version(name, root / name / "site", root / ("B" if name == "C" else name) / "project/data")
            for name in "ABC"}


def build_versions(root: Path) -> None:
    for name in "AB":
        (root / name).mkdir()
        project = site_project(root / name, REPO / "data")
        if name == "B":
            record, old, new = CHANGED_RECORD
            path = project / "data/fees" / record.split("/", 1)[1]
            text = path.read_text(encoding="utf-8")
            assert old in text
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
        result = build(project, root / name / "site")
        assert result.returncode == 0, result.stderr[-3000:]
    theme_update(root / "B" / "site", root / "C" / "site")


def theme_update(site: Path, target: Path) -> None:
    """A copy of `site` whose hashed main stylesheet has new content and so a new name."""
    shutil.copytree(site, target)
    old = next((target / "assets/stylesheets").glob("main.*.min.css"))
    content = old.read_bytes() + b"\n/* theme update */\n"
    new_name = f"main.{hashlib.sha256(content).hexdigest()[:8]}.min.css"
    (old.parent / new_name).write_bytes(content)
    old.unlink()
    for page in target.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if old.name in text:
            page.write_text(text.replace(old.name, new_name), encoding="utf-8")


def changed_files(before: Version, after: Version) -> tuple[set[str], set[str]]:
    """(new or changed paths, removed paths) from `before` to `after`, by content."""
    old, new = before.files(), after.files()
    return {path for path, digest in new.items() if old.get(path) != digest}, set(old) - set(new)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited ({process.returncode}): {log.read_text(errors='replace')[-2000:]}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail(f"server did not listen on 127.0.0.1:{port}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def require(*programs: str) -> None:
    missing = [program for program in programs if not Path(program).exists() and not shutil.which(program)]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: {INSTALL_HINT}", pytrace=False)


@dataclass
class Sshd:
    """Connection settings for scripts/publish_static.sh (PUBLISH_SSH_*)."""
    port: int
    key: Path
    known_hosts: Path

    def settings(self, folder: Path) -> dict[str, str]:
        return {"PUBLISH_TARGET": "rsync", "PUBLISH_RSYNC_DEST": f"root@127.0.0.1:{folder}",
                "PUBLISH_SSH_KEY_FILE": str(self.key), "PUBLISH_SSH_KNOWN_HOSTS_FILE": str(self.known_hosts),
                "PUBLISH_SSH_PORT": str(self.port)}


def start_sshd(folder: Path):
    """Yields a running sshd (as a generator for a fixture)."""
    require(SSHD, "ssh", "ssh-keygen", "rsync")
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("host_key", "client_key"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / name)], check=True)
    shutil.copy(folder / "client_key.pub", folder / "authorized_keys")
    port = free_port()
    config = folder / "sshd_config"
    config.write_text("\n".join([
        f"Port {port}", "ListenAddress 127.0.0.1", f"HostKey {folder / 'host_key'}", f"PidFile {folder / 'sshd.pid'}",
        f"AuthorizedKeysFile {folder / 'authorized_keys'}", "PubkeyAuthentication yes", "PasswordAuthentication no",
        "KbdInteractiveAuthentication no", "PermitRootLogin prohibit-password", "UsePAM no", "StrictModes no",
        "PrintMotd no", ""]))
    host_key = (folder / "host_key.pub").read_text().split()
    (folder / "known_hosts").write_text(f"[127.0.0.1]:{port} {host_key[0]} {host_key[1]}\n")
    # sshd's privilege-separation directory (Debian's service creates it at start; empty, root's).
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    log = folder / "sshd.log"
    process = subprocess.Popen([SSHD, "-D", "-f", str(config), "-E", str(log)])
    wait_for_port(port, process, log)
    try:
        yield Sshd(port, folder / "client_key", folder / "known_hosts")
    finally:
        stop(process)


def start_nginx(folder: Path, root: Path):
    """Yields the base URL of nginx serving `root` with deploy/nginx.conf."""
    require(NGINX)
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    site = (REPO / "deploy/nginx.conf").read_text(encoding="utf-8")
    for old, new in (("    listen 80;\n", f"    listen 127.0.0.1:{port};\n"), ("    listen [::]:80;\n", ""),
                     ("root /var/www/school/current;", f"root {root};")):
        assert site.count(old) == 1, old
        site = site.replace(old, new)
    (folder / "site.conf").write_text(site, encoding="utf-8")
    temp = "".join(f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # user root: the test's temporary folders are readable by root only.
    (folder / "nginx.conf").write_text(
        f"daemon off; worker_processes 1; user root; pid {folder / 'nginx.pid'}; error_log {folder / 'error.log'} warn;\n"
        f"events {{ worker_connections 256; }}\n"
        f"http {{ access_log off; {temp} include {folder / 'site.conf'}; }}\n")
    log = folder / "error.log"
    process = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(log)])
    wait_for_port(port, process, log)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


def publish(env: dict[str, str], version: Version, *arguments: str) -> subprocess.CompletedProcess:
    """scripts/publish_static.sh of this repository, with only the given PUBLISH_/AWS_ settings."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("PUBLISH_", "AWS_", "GITHUB_"))}
    clean.update({"VENV": str(Path(os.sys.prefix)), "SITE_DIR": str(version.site), "DATA_DIR": str(version.data), **env})
    return subprocess.run(["bash", str(REPO / "scripts/publish_static.sh"), *arguments], capture_output=True,
                          text=True, timeout=300, env=clean)


# -- sampling ------------------------------------------------------------------------------


def site_path(url_path: str) -> str:
    """/fees/ → fees/index.html, /assets/x.css?v=1 → assets/x.css"""
    path = unquote(urlsplit(url_path).path).lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def resources(page: bytes, page_url: str) -> list[str]:
    return sorted({urlsplit(urljoin(page_url, link)).path for link in RESOURCE.findall(page.decode("utf-8"))
                   if not link.startswith(("data:", "http:", "https:"))})


@dataclass
class Sample:
    page: str
    files: dict[str, bytes | None]  # site path → bytes (None: not found)
    straddled: bool  # the page changed while its resources were loaded: the switch fell inside it

    def version(self, known: dict[str, dict[str, str]]) -> str | None:
        """The one version every file of the sample belongs to, or None (a mix, or missing files)."""
        digests = {path: hashlib.sha256(data).hexdigest() if data is not None else None
                   for path, data in self.files.items()}
        matches = [name for name, files in known.items() if all(files.get(path) == d for path, d in digests.items())]
        return matches[0] if matches else None


@dataclass
class Sampler:
    fetch: Callable[[str], bytes | None]  # site path → bytes, or None when not found
    threads: int = 3
    interval: float = 0.05
    samples: list[Sample] = field(default_factory=list)

    def sample(self, page_url: str) -> Sample:
        first = self.fetch(site_path(page_url))
        files = {site_path(page_url): first}
        if first is not None:
            for url in resources(first, page_url):
                files[site_path(url)] = self.fetch(site_path(url))
        return Sample(page_url, files, straddled=self.fetch(site_path(page_url)) != first)

    def run(self, stop: threading.Event, offset: int) -> None:
        turn = offset
        while not stop.is_set():
            self.samples.append(self.sample(SAMPLED_PAGES[turn % len(SAMPLED_PAGES)]))
            turn += 1
            stop.wait(self.interval)

    def during(self, action: Callable[[], object]) -> object:
        """Runs `action` while the threads sample; its result."""
        stop = threading.Event()
        workers = [threading.Thread(target=self.run, args=(stop, index), daemon=True) for index in range(self.threads)]
        for worker in workers:
            worker.start()
        try:
            time.sleep(0.3)  # samples of the state before
            result = action()
            time.sleep(0.3)  # and after
        finally:
            stop.set()
            for worker in workers:
                worker.join(30)
        return result
