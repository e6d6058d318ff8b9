"""The browser editor (/admin/, Decap CMS) end to end: the real local backend (decap-server,
pinned in tools/decap) writes into a temporary copy of the project; what the form saves must
pass `make check` unchanged and build the same page as the same record written by hand.

The admin page is the one the demo site publishes (conftest's built site). Its generated
config points the local backend at 127.0.0.1:8081; the browser context forwards that
address to the test's own decap-server on a free port, so the real config is what is tested.
"""
from __future__ import annotations

import json
import re
import runpy
import subprocess
from pathlib import Path

import pytest
import yaml

from .editor_support import (CONFIGURED_BACKEND, DECAP_SERVER, build, check, copy_project, free_port, git,
                             git_repository, start_backend)
from .support import HOST, REPO

pytestmark = pytest.mark.browser

AMOUNT_ERROR = ("“收费标准（金额）”不满足模式金额只写数字，最多两位小数，不要带“元”、货币符号或逗号，"
                "例如 1200 或 1200.50。单位写在“计费单位”里。")

# The fee notice the test types into the form, as the editor writes it: keys in the models'
# order, defaults written out (voluntary, filed), a basis always as a list, amounts and phones
# quoted, one-line texts without `|`, and the schema line as the only comment.
SAVED_NOTICE = """\
# yaml-language-server: $schema=../../schemas/fees.schema.json
title: 示例市实验小学2027-2028学年第一学期收费公示
school_year: 2027-2028
term: 第一学期
payers: 一至六年级全体学生
items:
  - name: 住宿费
    kind: 住宿费
    amount: "450"
    unit: 元/生·学期
    basis:
      - document: 示发改价格〔2026〕9号
        issuer: 示例市发展和改革委员会
        filed: false
    payers: 住校生
  - name: 课后服务费
    kind: 服务性收费
    amount: "300.50"
    unit: 元/生·学期
    voluntary: true
reductions: 低保家庭学生免收住宿费。
refund: 中途退宿的，按未住月数退还住宿费。
complaint_phones:
  - label: 价格举报
    number: "12315"
display:
  start: 2027-06-20
  end: 2027-09-30
issuer: 示例市实验小学
issued: 2027-06-18
"""

# The same notice as staff write it by hand (data/fees/*.yml style): comments, plain numbers,
# one basis as a mapping. It must build exactly the same page.
HAND_WRITTEN_NOTICE = """\
# yaml-language-server: $schema=../../schemas/fees.schema.json
# 收费公示：手工写的同一份公示
title: 示例市实验小学2027-2028学年第一学期收费公示
school_year: 2027-2028
term: 第一学期
payers: 一至六年级全体学生
items:
  - name: 住宿费
    kind: 住宿费
    amount: 450
    unit: 元/生·学期
    payers: 住校生
    basis:
      issuer: 示例市发展和改革委员会
      document: 示发改价格〔2026〕9号
  - name: 课后服务费
    kind: 服务性收费
    amount: 300.50
    unit: 元/生·学期
    voluntary: true
reductions: |
  低保家庭学生免收住宿费。
refund: |
  中途退宿的，按未住月数退还住宿费。
complaint_phones:
  - label: 价格举报
    number: 12315
display:
  start: 2027-06-20
  end: 2027-09-30
issuer: 示例市实验小学
issued: 2027-06-18
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    if not DECAP_SERVER.is_file():
        pytest.fail(f"{DECAP_SERVER} is missing: run scripts/install_editor.sh (make test does)", pytrace=False)
    return copy_project(tmp_path_factory.mktemp("editor") / "project")


@pytest.fixture(scope="module")
def backend_port(project, base_url, tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("decap-server") / "server.log"
    server = start_backend(project, port, log, base_url)
    yield port
    server.terminate()
    server.wait(timeout=10)
    assert refusals(log) == []  # the real editor never trips the guard of `make edit`


@pytest.fixture
def admin(browser, base_url, backend_port):
    """The editor, logged in to the local backend; requests may only go to 127.0.0.1."""
    yield from logged_in(browser, base_url, backend_port)


def logged_in(browser, base_url, backend_port):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900})
    foreign: list[str] = []

    def route(route):
        url = route.request.url
        if url.startswith(CONFIGURED_BACKEND):
            route.continue_(url=url.replace("127.0.0.1:8081", f"{HOST}:{backend_port}", 1))
        elif url.startswith(f"http://{HOST}:") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            foreign.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    page = context.new_page()
    page.goto(f"{base_url}/admin/")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="收费公示").first.wait_for()
    yield page, foreign, base_url
    context.close()


def refusals(log: Path) -> list[str]:
    return [line for line in log.read_text(encoding="utf-8").splitlines() if "已拒绝" in line]


def field(page, name: str, index: int = 0):
    """The index-th input of a field called `name` (Decap's ids are `<name>-field-<n>`)."""
    return page.locator(f"[id^='{name}-field-']").nth(index)


def choose(page, name: str, option: str, index: int = 0) -> None:
    field(page, name, index).click()
    page.get_by_role("option", name=option, exact=True).click()


def publish(page) -> None:
    page.get_by_role("button", name="发布").click()
    page.get_by_text("立即发布", exact=True).click()


def errors(page) -> list[str]:
    return page.locator("[class*='ControlErrorsList']").all_inner_texts()


def changes(project: Path) -> set[Path]:
    return {path for path in (project / "data").rglob("*") if path.is_file()}


def test_admin_page_is_chinese_local_and_hidden_from_search(admin, built_site):
    page, foreign, _ = admin
    collections = page.locator("aside").inner_text()
    for label in ("校务公开", "收费公示", "荣誉榜", "活动节", "规章制度", "学校概况"):
        assert label in collections
    assert foreign == []
    html = (built_site / "admin/index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "/admin" not in (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "admin" not in (built_site / "search/search_index.json").read_text(encoding="utf-8")
    linking = [path for path in built_site.rglob("*.html") if "admin/" in path.read_text(encoding="utf-8")
               and path != built_site / "admin/index.html"]
    assert linking == []


def test_fee_notice_from_the_form_passes_the_check_and_builds_like_a_hand_written_one(admin, project, tmp_path):
    page, foreign, base_url = admin
    before = changes(project)
    page.goto(f"{base_url}/admin/#/collections/fees/new")
    field(page, "title").fill("示例市实验小学2027-2028学年第一学期收费公示")
    field(page, "school_year").fill("2027-2028")
    choose(page, "term", "第一学期")
    field(page, "payers").fill("一至六年级全体学生")
    field(page, "name").fill("住宿费")
    choose(page, "kind", "住宿费")
    field(page, "amount").fill("450元")
    field(page, "unit").fill("元/生·学期")
    page.get_by_role("button", name="新增收费依据").first.click()
    field(page, "issuer").fill("示例市发展和改革委员会")
    field(page, "document").fill("示发改价格〔2026〕9号")
    field(page, "payers", 1).fill("住校生")
    page.get_by_role("button", name="新增收费项目").click()
    field(page, "name", 1).fill("课后服务费")
    choose(page, "kind", "服务性收费", 1)
    field(page, "amount", 1).fill("300.50")
    field(page, "unit", 1).fill("元/生·学期")
    field(page, "voluntary", 1).click()
    page.locator("textarea[id^='reductions-field-']").fill("低保家庭学生免收住宿费。")
    page.locator("textarea[id^='refund-field-']").fill("中途退宿的，按未住月数退还住宿费。")
    page.get_by_role("button", name="新增监督投诉电话").click()
    field(page, "label").fill("价格举报")
    field(page, "number").fill("12315")
    field(page, "start").fill("2027-06-20")
    field(page, "end").fill("2027-09-30")
    page.locator("input[type=text][id^='issuer-field-']").last.fill("示例市实验小学")
    field(page, "issued").fill("2027-06-18")

    publish(page)  # "450元": refused in Chinese before anything is written
    assert errors(page) == [AMOUNT_ERROR]
    assert changes(project) == before

    field(page, "amount").fill("")
    field(page, "amount").fill("450")
    publish(page)
    page.get_by_text("修改已保存").wait_for()
    assert errors(page) == []
    (saved,) = changes(project) - before
    assert saved.parent == project / "data/fees"
    assert re.fullmatch(r"\d{4}-\d{4}-\d{6}\.yml", saved.name)
    assert saved.read_text(encoding="utf-8") == SAVED_NOTICE
    assert foreign == []

    result = check(project)
    assert result.returncode == 0, result.stderr
    record = f"fees/{saved.stem}/index.html"
    build(project, tmp_path / "from-form")
    page_html = (tmp_path / "from-form" / record).read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page_html))
    assert "住宿费 450 元/生·学期" in text
    assert "课后服务费 自愿 300.50 元/生·学期" in text

    saved.write_text(HAND_WRITTEN_NOTICE, encoding="utf-8")
    assert check(project).returncode == 0
    build(project, tmp_path / "by-hand")
    assert (tmp_path / "by-hand" / record).read_text(encoding="utf-8") == page_html


def test_honors_list_gets_a_pupil_and_keeps_everything_else(admin, project):
    page, foreign, base_url = admin
    path = project / "data/honors/2025-reading-stars.yml"
    original = path.read_text(encoding="utf-8")
    page.goto(f"{base_url}/admin/#/collections/honors/entries/2025-reading-stars")
    field(page, "title").wait_for()
    page.get_by_role("button", name="新增获奖名单").first.click()
    field(page, "name", 6).fill("欧阳娜娜")
    field(page, "unit", 6).fill("三年级（1）班")
    publish(page)
    page.get_by_text("修改已保存").wait_for()
    # the only other change: the explanatory comment (the editor rewrites the file; see README)
    expected = original.replace("# 荣誉榜：校级学生表彰。全批都是同一个称号，写在最上面的 award。\n", "").replace(
        "    unit: 六年级（8）班\n", "    unit: 六年级（8）班\n  - name: 欧阳娜娜\n    unit: 三年级（1）班\n")
    assert path.read_text(encoding="utf-8") == expected
    assert check(project).returncode == 0
    assert foreign == []


def test_festival_gallery_photo_is_uploaded_into_data_media(admin, project):
    page, foreign, base_url = admin
    photo = REPO / "data/media/festivals/2024-art/01.jpg"
    page.goto(f"{base_url}/admin/#/collections/festivals/entries/2026-chess")
    field(page, "theme").wait_for()
    page.get_by_role("button", name="新增活动照片").click()
    page.get_by_role("button", name="选择图片").click()
    page.locator("input[type=file]").set_input_files(str(photo))
    page.get_by_role("button", name="选用已选中项目").click()
    field(page, "caption").fill("开幕式上的对弈")
    field(page, "guardian_consent").click()
    publish(page)
    page.get_by_text("修改已保存").wait_for()
    uploaded = project / "data/media/festivals/01.jpg"
    assert uploaded.read_bytes() == photo.read_bytes()
    text = (project / "data/festivals/2026-chess.yml").read_text(encoding="utf-8")
    assert text.endswith("gallery:\n  - photo: festivals/01.jpg\n    caption: 开幕式上的对弈\nguardian_consent: true\n")
    assert check(project).returncode == 0
    assert foreign == []


def test_editor_server_listens_on_this_computer_only(project, backend_port):
    """decap-server started the way scripts/edit.py (`make edit`) starts it accepts no
    connection from the network, and only pages of the preview (tests/test_editor_guard.py)."""
    edit = runpy.run_path(str(REPO / "scripts/edit.py"))
    command, env = edit["backend_command"]()
    assert command == ["node", str(REPO / "tools/decap/guarded-server.js")]
    assert (env["BIND_HOST"], env["PORT"], env["MODE"]) == (HOST, "8081", "fs")
    assert json.loads(env["EDITOR_GUARD"])["origins"] == ["http://127.0.0.1:8000", "http://localhost:8000"]
    assert edit["preview_command"]()[0][-2:] == ["--dev-addr", f"{HOST}:8000"]
    listening = subprocess.run(["ss", "-ltnH", f"sport = :{backend_port}"], capture_output=True, text=True).stdout
    assert [line.split()[3] for line in listening.splitlines()] == [f"{HOST}:{backend_port}"]


def test_the_form_fits_a_390_px_phone(browser, base_url, backend_port):
    """Decap's editor is 800 px wide; the page's CSS lets it take a phone's width instead."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    context.route(CONFIGURED_BACKEND + "**", lambda route: route.continue_(
        url=route.request.url.replace("127.0.0.1:8081", f"{HOST}:{backend_port}", 1)))
    page = context.new_page()
    page.goto(f"{base_url}/admin/")
    page.get_by_role("button", name="登录").click()
    page.goto(f"{base_url}/admin/#/collections/festivals/entries/2024-art")
    field(page, "theme").wait_for()
    assert page.evaluate("document.scrollingElement.scrollWidth") == 390
    box = field(page, "theme").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    context.close()


def test_saves_are_drafts_on_a_branch_and_publishing_merges_them(browser, base_url, tmp_path):
    """The editorial workflow (publish_mode: editorial_workflow) through decap-server's git mode:
    on GitHub or Gitea/Forgejo a draft is a branch with a pull request, and 发布 merges it."""
    repository = git_repository(copy_project(tmp_path / "project"))
    port = free_port()
    server = start_backend(repository, port, tmp_path / "server.log", base_url, mode="git")
    try:
        for page, foreign, base in logged_in(browser, base_url, port):
            page.on("dialog", lambda dialog: dialog.accept())  # 你确定要发布此内容吗？
            page.goto(f"{base}/admin/#/collections/affairs/new")
            field(page, "title").fill("2027年春季学期校车线路公示")
            choose(page, "category", "安全、膳食与住宿")
            field(page, "published").fill("2027-02-20")
            field(page, "department").fill("总务处")
            page.locator("textarea[id^='body-field-']").fill("本学期校车线路不变。")
            page.get_by_role("button", name="保存", exact=True).click()
            page.get_by_role("button", name="状态: 草稿").wait_for()
            (branch,) = [line.strip() for line in git(repository, "branch", "--list", "cms/*").splitlines()]
            record = re.fullmatch(r"cms/affairs/(\d{4}-\d{4}-\d{6})", branch).group(1)
            assert git(repository, "ls-tree", "--name-only", "main", f"data/affairs/{record}.yml") == ""

            page.get_by_role("button", name="状态: 草稿").click()
            page.get_by_role("menuitem", name="就绪").click()
            page.get_by_role("button", name="状态: 就绪").wait_for()
            page.get_by_role("button", name="发布", exact=True).click()
            page.get_by_role("menuitem", name="立即发布").click()
            page.get_by_text("已发布", exact=True).wait_for()
            assert git(repository, "branch", "--list", "cms/*") == ""
            assert git(repository, "log", "-1", "--format=%s", "main").strip() == f"新建校务公开：{record}"
            assert git(repository, "show", f"main:data/affairs/{record}.yml") == (
                "# yaml-language-server: $schema=../../schemas/affairs.schema.json\n"
                "title: 2027年春季学期校车线路公示\ncategory: 安全、膳食与住宿\npublished: 2027-02-20\n"
                "department: 总务处\nbody: 本学期校车线路不变。\n")
            assert foreign == []
        git(repository, "checkout", "-q", "main")
        assert check(repository).returncode == 0
        assert refusals(tmp_path / "server.log") == []
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_long_multi_line_text_keeps_its_value_when_the_file_is_rewritten(admin, project):
    """Decap's YAML writer folds long lines (`body: >` with a blank line for each line break):
    the text is the same to the letter, and the gate reads it so; only the file looks different."""
    page, foreign, base_url = admin
    path = project / "data/affairs/2026-lunch-menu.yml"
    before = yaml.safe_load(path.read_text(encoding="utf-8"))
    page.goto(f"{base_url}/admin/#/collections/affairs/entries/2026-lunch-menu")
    field(page, "department").fill("总务处（食堂）")
    publish(page)
    page.get_by_text("修改已保存").wait_for()
    text = path.read_text(encoding="utf-8")
    after = yaml.safe_load(text)
    assert "\nbody: >\n" in text
    assert after == {**before, "department": "总务处（食堂）"}
    assert check(project).returncode == 0
    assert foreign == []


def test_school_file_is_one_form_and_saves_valid_data(admin, project):
    page, foreign, base_url = admin
    path = project / "data/school.yml"
    before = yaml.safe_load(path.read_text(encoding="utf-8"))
    page.goto(f"{base_url}/admin/#/collections/school/entries/school")
    field(page, "motto").fill("求真 向善 尚美")
    page.get_by_role("button", name="发布").click()  # a single file has no "发布，然后新建内容": it saves at once
    page.get_by_text("修改已保存").wait_for()
    after = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert after == {**before, "motto": "求真 向善 尚美"}
    result = check(project)
    assert result.returncode == 0, result.stderr
    assert foreign == []
