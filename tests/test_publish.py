"""The gates before publishing (scripts/ci_gates.sh), the link check of the built
site (scripts/check_links.py) and publishing elsewhere (scripts/publish_static.sh).

The gates run exactly as in CI, on a copy of the minimal project, with the
virtualenv running these tests (VENV=…: no new virtualenv, no make).
"""
import datetime
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINIMAL, REPO, tree_digest
from schoolpub.publish import PublishError, headers, releases

sys.path.insert(0, str(REPO / "scripts"))
import check_links  # noqa: E402

# Everything of the repository but its data (the minimal fixture's instead), the
# tests and what is built or installed: new project files (an overrides/ dir,
# a new hook) are picked up without editing this list.
NOT_COPIED = {".git", ".github", ".venv", ".build", ".cache", ".pytest_cache", ".hypothesis", "site", "data",
              "tests", "tools", "node_modules", "__pycache__", ".bench"}  # .bench: make bench-site's schools (GBs)
VENV = sys.prefix  # the virtualenv running the tests (.venv under `make test`)
ID_NUMBER = "11010519491231002X"  # a valid GB 11643 number (check character X)


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    for entry in REPO.iterdir():
        if entry.name in NOT_COPIED or entry.name.endswith(".egg-info"):
            continue
        if entry.is_dir():
            shutil.copytree(entry, target / entry.name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy(entry, target / entry.name)
    shutil.copytree(MINIMAL / "data", target / "data")
    return target


def run_gates(project: Path, summary: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "VENV": VENV, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary or "")}
    env.pop("SCHOOLPUB_TODAY", None)
    return subprocess.run(["bash", "scripts/ci_gates.sh"], cwd=project, capture_output=True, text=True,
                          timeout=300, env=env)




@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The minimal project after the gates passed: site/ built and link-checked."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    summary = project.parent / "summary.md"
    result = run_gates(project, summary)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "==> 第 3/3 项：链接检查" in result.stdout
    assert "链接检查通过：" in result.stdout
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("✅ 全部检查通过：数据检查、生成网站、链接检查（共 ") and last.endswith("网站在 site/，可以发布。")
    assert summary.read_text(encoding="utf-8").strip() == last
    assert "::error" not in result.stdout + result.stderr
    assert (project / "site/index.html").is_file()
    return project


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    """A private copy of the built project to break."""
    shutil.copytree(built, tmp_path / "project", symlinks=True)
    return tmp_path / "project"


# -- the gates -----------------------------------------------------------------------


@pytest.mark.slow
def test_a_failing_data_check_stops_everything_after_it(project: Path):
    published = tree_digest(project / "site")
    school = project / "data/school.yml"
    school.write_text(school.read_text(encoding="utf-8").replace("founded: 1952", "founded: 一九五二"), encoding="utf-8")
    summary = project / "summary.md"

    result = run_gates(project, summary)

    assert result.returncode == 1
    output = result.stdout + result.stderr
    # The annotation GitHub shows on the YAML line, and the line staff read in the log.
    assert "::error file=data/school.yml,line=14,col=10,title=学校概况 › founded::建校年份：" in result.stderr
    assert "data/school.yml:14:10: 错误：[学校概况 › founded] 建校年份：这里要写一个整数" in result.stderr
    # Nothing after the failing gate ran; the site is exactly as it was.
    assert "==> 第 1/3 项：数据检查" in result.stdout
    assert "第 2/3 项" not in output and "第 3/3 项" not in output
    assert "网站已生成" not in output and "链接检查" not in result.stdout
    assert tree_digest(project / "site") == published
    assert not (project / ".build/site").exists()
    # One Chinese summary line, last, also on the run's summary page.
    last = result.stderr.strip().splitlines()[-1]
    assert last == ("❌ 检查没有通过：第 1 项“数据检查”失败（退出码 1），后面的检查没有运行，网站不会发布。"
                    "请按上面的提示修改后重新提交。")
    assert "::error title=数据检查没有通过::检查没有通过：第 1 项“数据检查”失败" in result.stdout
    assert summary.read_text(encoding="utf-8").strip() == last


@pytest.mark.slow
def test_with_no_site_yet_a_failing_check_produces_none(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    fees = project / "data/fees/sample.yml"
    text = fees.read_text(encoding="utf-8")
    assert "amount: " in text
    fees.write_text(text.replace("amount: ", "amount: 元", 1), encoding="utf-8")

    result = run_gates(project)

    assert result.returncode == 1
    assert "::error file=data/fees/sample.yml,line=" in result.stderr
    assert "第 2/3 项" not in result.stdout + result.stderr
    assert not (project / "site").exists() and not (project / ".build/site").exists()


@pytest.mark.slow
def test_a_broken_link_in_raw_html_fails_the_site_gate(project: Path):
    # MkDocs --strict checks Markdown links, not links in raw HTML or macro output: `schoolpub scan`
    # checks the links of the output HTML within the build, whichever engine made it.
    about = project / "docs/about.md"
    about.write_text(about.read_text(encoding="utf-8") + '\n<a href="../nowhere/">联系我们</a>\n', encoding="utf-8")

    result = run_gates(project)

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert 'site/about/index.html:555: a.href="../nowhere/" — 目录不存在' in lines
    assert "网站检查没有通过：找不到的链接或锚点 1 个（共检查 19 个页面），网站不会发布。请按上面的提示修改后重新生成。" in lines
    assert lines[-1].startswith("❌ 检查没有通过：第 2 项“生成网站”失败")


def test_the_gates_refuse_a_missing_virtualenv(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    result = subprocess.run(["bash", "scripts/ci_gates.sh"], cwd=project, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "VENV": str(tmp_path / "no-venv")})
    assert result.returncode == 2
    assert "不存在" in result.stderr
    assert not (project / "site").exists()


# -- the link check ------------------------------------------------------------------


def page(root: Path, relative: str, body: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><html><head><title>t</title></head><body>{body}</body></html>", encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "sitemap.xml").parent.mkdir(parents=True)
    (root / "sitemap.xml").write_text("<urlset><url><loc>https://school.example.cn/sub/</loc></url></urlset>")
    page(root, "index.html", """
        <link rel="canonical" href="https://school.example.cn/sub/">
        <link rel="preconnect" href="https://fonts.example.com">
        <a href="fees/">收费</a> <a href="fees/#正在公示">公示中</a> <a href="fees/#%E5%BE%80%E6%9C%9F">往期</a>
        <a href="#top">顶部</a> <a id="top"></a> <a href="/sub/fees/index.html">绝对</a>
        <a href="https://school.example.cn/sub/fees/">完整地址</a> <a href="https://other.example.com/x">别处</a>
        <a href="tel:12345">电话</a> <a href="mailto:a@b.cn">邮件</a> <a href="media/a.pdf#page=2">PDF</a>
        <img src="media/a.jpg" srcset="media/a.jpg 1x, media/a@2x.jpg 2x" alt="">
        <script src="assets/app.js?v=1"></script>
    """)
    page(root, "fees/index.html", '<h2 id="正在公示">正在公示</h2><h2 id="往期">往期</h2><a href="../">首页</a>')
    page(root, "404.html", '<a href="/sub/">首页</a>')
    for name in ("media/a.pdf", "media/a.jpg", "media/a@2x.jpg", "assets/app.js"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"x")
    return root


def test_link_check_passes_a_site_whose_links_resolve(site: Path):
    problems, pages, links = check_links.check(site)
    assert problems == []
    assert pages == 3 and links == 14


@pytest.mark.parametrize(("body", "expected"), [
    ('<a href="honors/">x</a>', 'a.href="honors/" — 目录不存在'),
    ('<a href="fees/2027.html">x</a>', 'a.href="fees/2027.html" — 文件不存在'),
    ('<a href="fees/#收费">x</a>', 'a.href="fees/#收费" — fees/index.html 里没有 id="收费"'),
    ('<a href="#nowhere">x</a>', 'a.href="#nowhere" — index.html 里没有 id="nowhere"'),
    ('<img src="media/b.jpg" alt="">', 'img.src="media/b.jpg" — 文件不存在'),
    ('<img srcset="media/a.jpg 1x, media/b@2x.jpg 2x" alt="">', 'img.srcset="media/b@2x.jpg" — 文件不存在'),
    ('<a href="../../etc/passwd">x</a>', 'a.href="../../etc/passwd" — 指向网站目录之外'),
    ('<a href="/other/">x</a>', 'a.href="/other/" — 不在网站地址 /sub/ 之下'),
    ('<a href="https://school.example.cn/sub/gone/">x</a>', '— 目录不存在'),
])
def test_link_check_reports_each_broken_link(site: Path, body: str, expected: str):
    page(site, "index.html", body)
    problems, _, _ = check_links.check(site)
    assert len(problems) == 1, problems
    assert problems[0].startswith("site/index.html:1: ") and expected in problems[0]


def test_link_check_command_line(site: Path, tmp_path: Path):
    script = [sys.executable, str(REPO / "scripts/check_links.py")]
    good = subprocess.run([*script, str(site)], capture_output=True, text=True)
    assert good.returncode == 0 and good.stdout.startswith("链接检查通过：3 个页面")
    page(site, "fees/index.html", "<p>no anchors</p>")
    bad = subprocess.run([*script, str(site)], capture_output=True, text=True)
    assert bad.returncode == 1
    assert bad.stderr.strip().splitlines()[-1] == "链接检查没有通过：2 个链接或锚点找不到（共检查 3 个页面）。"
    missing = subprocess.run([*script, str(tmp_path / "none")], capture_output=True, text=True)
    assert missing.returncode == 2 and "请先生成网站" in missing.stderr


def test_link_check_on_a_built_site_catches_a_removed_anchor(built: Path, tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(built / "site", site)
    assert check_links.check(site)[0] == []
    # Rename every id="…" the fee index links to: each such link is reported.
    index = site / "fees/index.html"
    parser = check_links.PageParser()
    parser.feed(index.read_text(encoding="utf-8"))
    anchored = sorted({url.split("#", 1)[1] for _, _, url in parser.urls if url.startswith("#") and len(url) > 1})
    assert anchored, "the fee index links to its own sections"
    text = index.read_text(encoding="utf-8")
    for anchor in anchored:
        text = text.replace(f'id="{anchor}"', f'id="renamed-{anchor}"')
    index.write_text(text, encoding="utf-8")
    problems = check_links.check(site)[0]
    assert problems and all("里没有 id=" in problem for problem in problems)


# -- publishing elsewhere ------------------------------------------------------------


def publish(project: Path, *arguments: str, **settings: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PUBLISH_", "AWS_", "GITHUB_"))}
    env.update({"VENV": VENV, **settings})
    return subprocess.run(["bash", "scripts/publish_static.sh", *arguments], cwd=project, capture_output=True,
                          text=True, timeout=120, env=env)


def test_publishing_elsewhere_is_off_by_default(project: Path):
    result = publish(project)
    assert result.returncode == 0
    assert result.stdout.strip() == "未设置 PUBLISH_TARGET：不发布到其他服务器（需要时设为 rsync 或 s3）。"


def test_rsync_to_a_folder_publishes_a_release_and_switches_current(project: Path, tmp_path: Path):
    # The real thing, over ssh and served by nginx, is in tests/test_publish_server.py.
    destination = tmp_path / "www"
    result = publish(project, PUBLISH_TARGET="rsync", PUBLISH_RSYNC_DEST=f"{destination}/")
    assert result.returncode == 0, result.stderr
    release = os.readlink(destination / "current")
    assert re.fullmatch(r"releases/\d{8}T\d{6}Z", release)
    files = sum(1 for path in (project / "site").rglob("*") if path.is_file())
    pages = sum(1 for _ in (project / "site").rglob("*.html"))
    assert re.fullmatch(rf"已发布到 {destination}：版本 {release[9:]}（{pages} 个页面），current 已切换。"
                        rf"上传了 {files} 个文件，其余 0 个与上一版相同、没有重复上传；保留最近 5 个版本。"
                        r"出问题时可运行 scripts/publish_static.sh --rollback 切回上一版（用时 \d+\.\d 秒）。\n", result.stdout)
    assert tree_digest(destination / "current") == tree_digest(project / "site")
    assert oct((destination / "current/index.html").stat().st_mode & 0o777) == "0o644"


def test_rsync_will_not_replace_a_site_folder_called_current(project: Path, tmp_path: Path):
    destination = tmp_path / "www"
    (destination / "current").mkdir(parents=True)
    (destination / "current/index.html").write_text("the site as the old script left it")
    result = publish(project, PUBLISH_TARGET="rsync", PUBLISH_RSYNC_DEST=str(destination))
    assert result.returncode == 1
    assert result.stderr == (f"publish_static.sh: {destination}/current 已经存在，但不是指向某个版本的符号链接"
                             "（可能是以前直接同步的网站目录）。为免覆盖，没有发布：请把它改名或移走，"
                             "并把 nginx 的 root 设为 …/current。\n")
    assert (destination / "current/index.html").read_text() == "the site as the old script left it"
    assert list((destination / "releases").iterdir()) == []


@pytest.mark.parametrize(("settings", "arguments", "message"), [
    ({"PUBLISH_KEEP_RELEASES": "1"}, (), "PUBLISH_KEEP_RELEASES=1 无效：要写一个不小于 2 的整数（保留的版本数，默认 5），"
                                         "至少要留一个可以回退的版本。"),
    ({"PUBLISH_SSH_PORT": "二二"}, (), "PUBLISH_SSH_PORT=二二 无效：要写端口号，例如 22。"),
    ({}, ("--dry-run",), "--dry-run 只适用于 PUBLISH_TARGET=s3。"),
    ({}, ("--rollback",), "还没有用版本目录发布过（没有 current），无法回退。"),
])
def test_rsync_refuses_bad_settings(project: Path, tmp_path: Path, settings: dict, arguments: tuple, message: str):
    result = publish(project, *arguments, PUBLISH_TARGET="rsync", PUBLISH_RSYNC_DEST=str(tmp_path / "www"), **settings)
    assert result.returncode == 1
    assert result.stderr.startswith("publish_static.sh: ") and result.stderr.strip().endswith(message)
    assert not (tmp_path / "www/current").exists()


def test_rsync_refuses_a_site_that_was_not_built(project: Path, tmp_path: Path):
    destination = tmp_path / "www"
    destination.mkdir()
    (destination / "index.html").write_text("the last good site")
    (project / "site/index.html").unlink()
    result = publish(project, PUBLISH_TARGET="rsync", PUBLISH_RSYNC_DEST=f"{destination}/")
    assert result.returncode == 1
    assert "没有找到 site/index.html：网站还没有生成（先运行 make site），不发布。" in result.stderr
    assert (destination / "index.html").read_text() == "the last good site"


def test_rsync_refuses_a_site_with_an_id_number(project: Path, tmp_path: Path):
    destination = tmp_path / "www"
    destination.mkdir()
    about = project / "site/about/index.html"
    about.write_text(about.read_text(encoding="utf-8").replace("</body>", f"<p>{ID_NUMBER}</p></body>"),
                     encoding="utf-8")
    result = publish(project, PUBLISH_TARGET="rsync", PUBLISH_RSYNC_DEST=f"{destination}/")
    assert result.returncode == 1
    assert "site/about/index.html:" in result.stderr and "这里有一个身份证号码" in result.stderr
    assert "隐私检查没有通过，没有发布。" in result.stderr
    assert ID_NUMBER not in result.stdout + result.stderr  # CI logs are public
    assert list(destination.iterdir()) == []


@pytest.mark.parametrize("destination", ["", "/", "deploy@www.example.edu.cn:", "deploy@www.example.edu.cn:/",
                                         "deploy@www.example.edu.cn:~/"])
def test_rsync_refuses_a_destination_it_would_wipe(project: Path, destination: str):
    result = publish(project, PUBLISH_TARGET="rsync", PUBLISH_RSYNC_DEST=destination)
    assert result.returncode == 1
    assert "PUBLISH_RSYNC_DEST" in result.stderr


@pytest.mark.parametrize(("settings", "message"), [
    ({"PUBLISH_S3_ENDPOINT": "https://cos.ap-guangzhou.myqcloud.com"}, "需要 PUBLISH_S3_BUCKET"),
    ({"PUBLISH_S3_BUCKET": "school-www"}, "需要 PUBLISH_S3_ENDPOINT"),
    ({"PUBLISH_S3_BUCKET": "school-www", "PUBLISH_S3_ENDPOINT": "https://oss-cn-hangzhou.aliyuncs.com",
      "AWS_ACCESS_KEY_ID": "id", "AWS_SECRET_ACCESS_KEY": "secret", "PUBLISH_S3_ADDRESSING_STYLE": "host"},
     "PUBLISH_S3_ADDRESSING_STYLE=host 无效：只能是 virtual、path 或 auto。"),
    ({"PUBLISH_S3_BUCKET": "school-www", "PUBLISH_S3_ENDPOINT": "https://cos.ap-guangzhou.myqcloud.com",
      "AWS_ACCESS_KEY_ID": ""}, "需要 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY"),
])
def test_s3_refuses_without_its_settings(project: Path, settings: dict, message: str):
    # Refused before connecting: the endpoints are real hosts. The uploads themselves are in
    # tests/test_publish_bucket.py, against a real S3 API server.
    result = publish(project, PUBLISH_TARGET="s3", **settings)
    assert result.returncode == 1 and message in result.stderr


def test_a_bucket_has_no_rollback(project: Path):
    result = publish(project, "--rollback", PUBLISH_TARGET="s3", PUBLISH_S3_BUCKET="school-www",
                     PUBLISH_S3_ENDPOINT="https://cos.ap-guangzhou.myqcloud.com", AWS_ACCESS_KEY_ID="id",
                     AWS_SECRET_ACCESS_KEY="secret")
    assert result.returncode == 1
    assert result.stderr == ("publish_static.sh: 存储桶没有保留旧版本，不能 --rollback 或 --list：请在仓库里撤销有问题的修改"
                             "（git revert），重新生成网站后再发布。\n")


def test_an_unknown_target_is_refused(project: Path):
    result = publish(project, PUBLISH_TARGET="ftp")
    assert result.returncode == 1
    assert "PUBLISH_TARGET=ftp 无效：只能是 rsync 或 s3。" in result.stderr


# -- the publishing rules, by example ----------------------------------------------------


@pytest.mark.parametrize(("path", "content_type", "cache_control"), [
    ("index.html", "text/html; charset=utf-8", "no-cache"),
    ("assets/stylesheets/main.57a0d79d.min.css", "text/css; charset=utf-8", "public, max-age=31536000, immutable"),
    ("assets/javascripts/bundle.a5f9d56c.min.js", "text/javascript; charset=utf-8",
     "public, max-age=31536000, immutable"),
    ("admin/decap-cms/f728dc876b39e5273411.wasm", "application/wasm", "public, max-age=31536000, immutable"),
    # Webpack's numbered chunk: a number, not a hash of the content.
    ("admin/decap-cms/1077.decap-cms.js", "text/javascript; charset=utf-8", "no-cache"),
    ("assets/stylesheets/schoolpub.css", "text/css; charset=utf-8", "no-cache"),
    # A staff photo named by its date, even one that looks like hex: never immutable.
    ("media/festivals/2025-sports/20240501.jpg", "image/jpeg", "public, max-age=3600"),
    ("media/festivals/2025-sports/deadbeef1.JPG", "image/jpeg", "public, max-age=3600"),
    ("admin/config.yml", "text/yaml; charset=utf-8", "no-cache"),
    ("calendar/fees.ics", "text/calendar; charset=utf-8", "no-cache"),
    ("sitemap.xml.gz", "application/gzip", "no-cache"),
    ("media/affairs/2024-budget.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     "public, max-age=3600"),
    ("media/other.bin", "application/octet-stream", "no-cache"),
])
def test_each_file_gets_its_type_and_cache_policy(path: str, content_type: str, cache_control: str):
    assert (headers.content_type(path), headers.cache_control(path)) == (content_type, cache_control)


@pytest.mark.parametrize(("text", "host", "base"), [
    ("deploy@www.example.edu.cn:/var/www/school/", "deploy@www.example.edu.cn", "/var/www/school"),
    ("deploy@www.example.edu.cn:~/www", "deploy@www.example.edu.cn", "www"),  # ssh starts in the home folder
    ("/srv/school", None, "/srv/school"),
])
def test_rsync_destinations(text: str, host: str | None, base: str):
    destination = releases.destination(text, ("ssh",))
    assert (destination.host, destination.base) == (host, base)


def test_release_names_sort_by_time_and_carry_the_commit():
    moment = datetime.datetime(2026, 12, 6, 9, 30, 5, tzinfo=datetime.timezone.utc)
    assert releases.new_release_name("1a2b3c4", (), moment) == "20261206T093005Z-1a2b3c4"
    with pytest.raises(PublishError, match="版本 20261206T093005Z 已经存在：请过一秒再发布。"):
        releases.new_release_name("", ("20261206T093005Z",), moment)
