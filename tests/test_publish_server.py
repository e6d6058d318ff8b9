"""Publishing to the school's own server (PUBLISH_TARGET=rsync): scripts/publish_static.sh over a
real sshd into release directories, served by a real nginx with deploy/nginx.conf (publish_support.py).

Versions (built once): A the demo, B one fee amount changed, C = B after a theme update (the
hashed stylesheet renamed): an A page asking for A's stylesheet after C replaced it is a mix."""
from __future__ import annotations

import gzip
import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from publish_support import Sampler, changed_files, publish, start_nginx, start_sshd, versions
from schoolpub.publish import headers

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    return versions(tmp_path_factory)


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    yield from start_sshd(tmp_path_factory.mktemp("sshd"))


@pytest.fixture
def server(tmp_path: Path, sshd):
    """(publish settings, base URL of nginx serving the destination's `current`)."""
    destination = tmp_path / "www"
    for url in start_nginx(tmp_path / "nginx", destination / "current"):
        yield sshd.settings(destination), url, destination


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def fetcher(base: str):
    def fetch(path: str) -> bytes | None:
        status, _, body = get(f"{base}/{urllib.request.quote(path)}")
        return body if status == 200 else None
    return fetch


def served_tree(base: str, paths) -> dict[str, bytes | None]:
    return {path: fetcher(base)(path) for path in paths}


def test_parents_see_all_of_one_version_or_all_of_the_next(server, sites):
    env, url, _ = server
    first = publish(env, sites["A"])
    assert first.returncode == 0, first.stderr
    sampler = Sampler(fetcher(url))

    second = sampler.during(lambda: publish(env, sites["C"]))

    assert second.returncode == 0, second.stderr
    known = {name: sites[name].files() for name in "AC"}
    clean = [sample for sample in sampler.samples if not sample.straddled]
    mixed = [(sample.page, {path: data is not None for path, data in sample.files.items()})
             for sample in clean if sample.version(known) is None]
    assert mixed == []
    seen = [sample.version(known) for sample in clean]
    assert "A" in seen and "C" in seen and seen.index("C") > seen.index("A"), seen
    assert len(clean) >= 20, len(clean)
    # A sample straddles the one switch at most once per sampling thread.
    assert len(sampler.samples) - len(clean) <= sampler.threads
    assert served_tree(url, known["C"]) == {path: (sites["C"].site / path).read_bytes() for path in known["C"]}


def test_a_one_record_change_uploads_only_the_changed_files(server, sites):
    env, _, destination = server
    assert publish(env, sites["A"]).returncode == 0
    result = publish(env, sites["B"])
    assert result.returncode == 0, result.stderr
    changed, removed = changed_files(sites["A"], sites["B"])
    total = len(sites["B"].files())
    assert 0 < len(changed) < total / 10 and removed == set()
    release = result.stdout.split("版本 ")[1].split("（")[0]
    assert f"上传了 {len(changed)} 个文件，其余 {total - len(changed)} 个与上一版相同" in result.stdout
    # Unchanged files are hard links to the previous release: no second copy on the server.
    files = [path for path in (destination / "releases" / release).rglob("*") if path.is_file()]
    linked = {path.relative_to(destination / "releases" / release).as_posix() for path in files
              if path.stat().st_nlink > 1}
    assert linked == set(sites["B"].files()) - changed
    assert os.readlink(destination / "current") == f"releases/{release}"


def test_rollback_restores_the_previous_release_byte_for_byte(server, sites):
    env, url, destination = server
    for version in ("A", "C"):
        assert publish(env, sites[version]).returncode == 0
    names = sorted(path.name for path in (destination / "releases").iterdir())

    result = publish(env, sites["A"], "--rollback")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"已回退：root@127.0.0.1:{destination} 的 current 从 {names[1]} 切回 {names[0]}。"
    a_files = sites["A"].files()
    assert served_tree(url, a_files) == {path: (sites["A"].site / path).read_bytes() for path in a_files}
    assert get(f"{url}/assets/stylesheets/{next(p for p in known_css(sites['C']))}")[0] == 404
    again = publish(env, sites["A"], "--rollback")
    assert again.returncode == 1
    assert again.stderr.strip() == f"publish_static.sh: {names[0]} 已经是保留的最早版本，没有更早的版本可以回退。"
    listing = publish(env, sites["A"], "--list")
    assert listing.stdout.splitlines()[1:] == [f"{names[0]}  ← current（正在使用）", names[1]]


def known_css(version) -> list[str]:
    return [path.name for path in (version.site / "assets/stylesheets").glob("main.*.min.css")]


def test_only_the_last_releases_are_kept(server, sites):
    env, _, destination = server
    env = {**env, "PUBLISH_KEEP_RELEASES": "2"}
    outputs = []
    for version in ("A", "B", "C"):
        result = publish(env, sites[version])
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout.split("版本 ")[1].split("（")[0])
    assert sorted(path.name for path in (destination / "releases").iterdir()) == outputs[1:]
    assert "保留最近 2 个版本，删除了更早的 1 个" in result.stdout


def test_nginx_serves_every_file_with_the_published_headers(server, sites):
    env, url, _ = server
    assert publish(env, sites["A"]).returncode == 0
    for path in sites["A"].files():
        status, response, body = get(f"{url}/{urllib.request.quote(path)}")
        assert status == 200, path
        assert (response["Content-Type"], response["Cache-Control"]) == \
            (headers.content_type(path), headers.cache_control(path)), path
        assert response["X-Content-Type-Options"] == "nosniff"
        assert ("X-Robots-Tag" in response) == path.startswith("admin/"), path
    # Pages are compressed for phones; the charset is declared.
    status, response, body = get(f"{url}/fees/2027-spring/", **{"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip" and response["Content-Type"] == "text/html; charset=utf-8"
    assert gzip.decompress(body) == (sites["A"].site / "fees/2027-spring/index.html").read_bytes()
    # A mistyped address shows the site's own 404 page, never cached for long.
    status, response, body = get(f"{url}/fees/no-such-notice/")
    assert status == 404 and body == (sites["A"].site / "404.html").read_bytes()
    assert response["Cache-Control"] == "no-cache"
    status, _, body = get(f"{url}/search/")  # a folder without a page: no listing, no bare 403
    assert status == 404 and body == (sites["A"].site / "404.html").read_bytes()
    assert get(f"{url}/.git/config")[0] == 404


def test_a_wrong_host_key_is_refused_and_nothing_is_published(server, sites, tmp_path: Path):
    env, _, destination = server
    other = tmp_path / "other_known_hosts"
    key = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
    other.write_text(f"[127.0.0.1]:{env['PUBLISH_SSH_PORT']} ssh-ed25519 {key}\n")
    result = publish({**env, "PUBLISH_SSH_KNOWN_HOSTS_FILE": str(other)}, sites["A"])
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "publish_static.sh: 服务器 root@127.0.0.1 的主机密钥与 PUBLISH_SSH_KNOWN_HOSTS_FILE 里记录的不一致（或没有记录），"
        "为安全起见不连接，没有发布。请核对服务器的主机密钥。")
    assert not destination.exists()
