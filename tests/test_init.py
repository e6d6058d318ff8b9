"""`make init`: the demo school → an empty school that checks and builds, and what init refuses."""
from __future__ import annotations

import html
import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, tree_digest, write
from test_build import build, site_project, unexpected_log_lines

from schoolpub.content import RECORD_TYPES, SCHOOL
from schoolpub.loader import load_site
from schoolpub.starter import demo
from schoolpub.views import record_title

ENV = {**os.environ, "PYTHONPATH": str(REPO / "src")}
NAME = "青山区第二实验中学"
ADDRESS = "青山区滨江路 88 号"
URL = "https://www.qs2sy.cn/"
FLAGS = ["--name", NAME, "--short-name", "二实验", "--address", ADDRESS, "--phone", "校长办公室=027-86001234",
         "--phone", "价格举报=12315", "--principal", "李明", "--founded", "1978", "--motto", "厚德 笃学",
         "--school-spirit", "勤奋 求实", "--teaching-spirit", "敬业 爱生", "--study-spirit", "好学 善思",
         "--introduction", "青山区第二实验中学创办于 1978 年。", "--stage", "义务教育", "--site-url", "https://www.qs2sy.cn"]
HAS_FILINGS = "filings" in SCHOOL.model.model_fields


def init(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "schoolpub", "init", *args], cwd=project, capture_output=True,
                          text=True, env=ENV, stdin=subprocess.DEVNULL, timeout=120)


def demo_copy(tmp_path: Path) -> Path:
    """What init reads and writes: data/ and mkdocs.yml."""
    project = tmp_path / "school"
    shutil.copytree(REPO / "data", project / "data")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    return project


def deleted_lines() -> list[str]:
    counts: dict[str, int] = {}
    for line in demo.manifest_of(REPO / "data").splitlines():
        folder = line.split("  ", 1)[1].split("/")[1]
        if folder != "school.yml":
            counts[folder] = counts.get(folder, 0) + 1
    # a file at the top of data/ (annual-reports.yml) is named as it is, a folder with its count
    return [f"  data/{name}" if name.endswith(".yml") else f"  data/{name}/ 里 {count} 个文件"
            for name, count in sorted(counts.items())]


def article_text(page: Path) -> str:
    article = re.search(r"<article.*?</article>", page.read_text(encoding="utf-8"), re.S).group()
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article))).strip()


@pytest.fixture(scope="module")
def initialised(tmp_path_factory):
    """A copy of the repository, `make init ARGS=…` run in it (through make, as staff run it), then built."""
    tmp = tmp_path_factory.mktemp("init")
    project = site_project(tmp, REPO / "data", extra=("scripts",))
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "requirements-browser.txt", "pyproject.toml"):
        shutil.copy(REPO / name, project / name)
    args = " ".join(f"'{arg}'" for arg in FLAGS)
    made = subprocess.run(["make", "--no-print-directory", "-o", ".venv/.installed", f"PY={sys.executable}", "init",
                           f"ARGS={args}"], cwd=project, capture_output=True, text=True, env=ENV,
                          stdin=subprocess.DEVNULL, timeout=120)
    checked = subprocess.run([sys.executable, "-m", "schoolpub", "check"], cwd=project, capture_output=True, text=True,
                             env=ENV, timeout=120)
    built = build(project, tmp / "site")
    return project, made, checked, built, tmp / "site"


def test_init_says_what_it_deletes_then_writes_the_school(initialised):
    project, made, _, _, _ = initialised
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[1:] == [
        "将删除示例学校的内容：",
        *deleted_lines(),
        f"将写入 data/school.yml（本校信息）和 data/README.md（怎样添加第一条记录），网站网址设为 {URL}（mkdocs.yml）。",
        f"完成：现在是“{NAME}”的空白网站（{URL}）。",
        "下一步：",
        "  1. 打开 data/school.yml 看一遍，补上以 # 开头的可选项（校徽、邮箱、备案号等）；",
        "  2. make check 检查，make site 生成网站；",
        "  3. 新建第一条记录：make new KIND=fees（affairs、fees、honors、festivals、regulations），照着文件里的注释改；",
        "  4. 提交：git add -A data mkdocs.yml，再 git commit（示例学校的文件会从仓库里删掉）。",
    ]
    files = sorted(path.relative_to(project / "data").as_posix() for path in (project / "data").rglob("*")
                   if path.is_file())
    assert files == ["README.md", "affairs/.gitkeep", "fees/.gitkeep", "festivals/.gitkeep", "honors/.gitkeep",
                     "media/.gitkeep", "regulations/.gitkeep", "school.yml"]
    assert re.search(r"^site_url: (\S+) +# ", (project / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1) == URL


def test_the_written_school_yml_states_the_answers_and_invents_nothing(initialised):
    project = initialised[0]
    text = (project / "data" / "school.yml").read_text(encoding="utf-8")
    site, problems = load_site(project / "data")
    assert not problems
    school = site.school
    assert (school.name, school.short_name, school.address, school.principal, school.founded, school.motto) == (
        NAME, "二实验", ADDRESS, "李明", 1978, "厚德 笃学")
    assert [(phone.label, phone.number) for phone in school.phones] == [("校长办公室", "027-86001234"), ("价格举报", "12315")]
    assert (school.spirit.school, school.spirit.teaching, school.spirit.study) == ("勤奋 求实", "敬业 爱生", "好学 善思")
    assert school.introduction.strip() == "青山区第二实验中学创办于 1978 年。"
    assert (school.email, school.logo, school.fees.stage, school.fees.complaint_phones) == (None, None, "义务教育", None)
    # What was not given is a comment saying what to add, never a value
    assert "# email: office@example.edu.cn        # 对外公开的邮箱：有就去掉行首的 # 并改成学校的" in text.splitlines()
    assert "# logo: school/logo.png             # 校徽：把图片放到 data/media/school/logo.png，再去掉行首的 #" in text.splitlines()
    assert "示例市实验小学" not in text and "0000-6600" not in text


def test_the_empty_school_checks_and_builds_with_its_name_in_title_and_footer(initialised):
    project, _, checked, built, site_dir = initialised
    assert checked.returncode == 0, checked.stderr
    assert re.fullmatch(r"数据检查通过：学校概况 1 份，校务公开 0 条，收费公示 0 条，荣誉榜 0 条，活动节 0 条，规章制度 0 条"
                        r"（用时 [\d.]+ 秒）。\n", checked.stdout)
    assert built.returncode == 0, built.stderr
    assert unexpected_log_lines(built.stderr) == []
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert f"<title>{NAME}</title>" in home
    assert f"<title>收费公示 - {NAME}</title>" in (site_dir / "fees" / "index.html").read_text(encoding="utf-8")
    footer = html.unescape(re.sub(r"<[^>]+>", " ", re.search(r"<footer class=\"md-footer\">.*?</footer>", home, re.S).group()))
    assert NAME in footer and ADDRESS in footer
    links = subprocess.run([sys.executable, "scripts/check_links.py", str(site_dir)], cwd=project, capture_output=True,
                           text=True, env=ENV, timeout=120)
    assert links.returncode == 0, links.stdout + links.stderr


EMPTY_PAGES = {
    "index.html": ["目前没有正在公示的事项。", "暂无更新。"],
    "affairs/index.html": ["暂无校务公开信息。"],
    "fees/index.html": ["目前没有正在公示的收费事项。", "暂无往期公示。"],
    "honors/index.html": ["暂无荣誉。"],
    "festivals/index.html": ["暂无活动节。"],
    "regulations/index.html": ["暂无规章制度。"],
}


@pytest.mark.parametrize("page", EMPTY_PAGES)
def test_each_empty_page_says_there_is_nothing_yet(initialised, page):
    text = article_text(initialised[4] / page)
    assert re.findall(r"(?:暂无|目前没有)[^。]*。", text) == EMPTY_PAGES[page]


def test_no_demo_record_is_left_in_the_site_feeds_calendars_or_open_data(initialised):
    site_dir = initialised[4]
    demo_site, _ = load_site(REPO / "data")
    titles = {record_title(record) for t in RECORD_TYPES for record in demo_site.records[t.name].values()}
    addresses = {f"{t.name}/{record_id}/" for t in RECORD_TYPES for record_id in demo_site.records[t.name]}
    assert len(titles) > 50 and len(addresses) > 50  # the demo was read
    # admin/config.yml is the browser editor's field hints: examples of the product, not records
    published = {path: path.read_text(encoding="utf-8") for path in site_dir.rglob("*")
                 if path.suffix in (".html", ".xml", ".ics", ".json", ".csv", ".txt") and path.name != "config.yml"}
    left = sorted({(path.relative_to(site_dir).as_posix(), found) for path, text in published.items()
                   for found in (*titles, *addresses, demo_site.school.name, demo_site.school.address) if found in text})
    assert left == []
    assert not [path for path in site_dir.rglob("*") if "/years/" in path.as_posix() or path.parent.name == "media"]
    assert "<entry>" not in (site_dir / "feeds" / "all.xml").read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" not in (site_dir / "calendar" / "all.ics").read_text(encoding="utf-8")
    for section in ("affairs", "fees", "honors", "festivals", "regulations"):
        opened = json.loads((site_dir / "data" / "v1" / f"{section}.json").read_text(encoding="utf-8"))
        assert (opened["school"], opened["count"], opened["records"]) == (NAME, 0, [])


def test_init_refuses_when_data_is_not_the_demo_and_changes_nothing(tmp_path: Path):
    project = demo_copy(tmp_path)
    write(project, "data/fees/2027-autumn.yml", "title: 本校的收费公示\n")
    with (project / "data" / "affairs" / "2024-budget.yml").open("a", encoding="utf-8") as record:
        record.write("# 改过\n")
    before = tree_digest(project)
    result = init(project, *FLAGS)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "没有运行：data/ 里有不是示例学校的内容（可能是本校已经录入的信息），make init 会删掉或改写它们：",
        "  data/affairs/2024-budget.yml",
        "  data/fees/2027-autumn.yml",
        '确实不要它们、从空白学校重新开始，请加 --force，例如 make init ARGS="--force …"。要先保留一份，可以复制 data/ 文件夹，或先提交到 git。',
    ]
    assert result.stdout == ""
    assert tree_digest(project) == before
    forced = init(project, *FLAGS, "--force")
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout.splitlines()[:5] == [
        "注意：这些不是示例学校的内容，因为加了 --force，也会删掉或改写：",
        "  data/affairs/2024-budget.yml",
        "  data/fees/2027-autumn.yml",
        "将删除：",
        *deleted_lines()[:1],
    ]
    assert sorted(path.name for path in (project / "data" / "fees").iterdir()) == [".gitkeep"]


def test_a_school_yml_changed_after_init_is_not_overwritten_without_force(tmp_path: Path):
    project = demo_copy(tmp_path)
    assert init(project, *FLAGS).returncode == 0
    school = project / "data" / "school.yml"
    school.write_text(school.read_text(encoding="utf-8").replace("青山区第二实验中学创办于", "本校创办于"), encoding="utf-8")
    result = init(project, *FLAGS)
    assert result.returncode == 1
    assert result.stderr.splitlines()[1] == "  data/school.yml（会被改写）"


def test_a_second_init_with_the_same_answers_changes_nothing(tmp_path: Path):
    project = demo_copy(tmp_path)
    assert init(project, *FLAGS).returncode == 0
    after_first = tree_digest(project)
    second = init(project, *FLAGS)
    assert (second.returncode, second.stdout, second.stderr) == (
        0, "data/ 已经是这所学校的空白网站，网址也已设好：没有需要改动的。\n", "")
    assert tree_digest(project) == after_first


def test_without_a_terminal_the_missing_flags_are_listed(tmp_path: Path):
    project = demo_copy(tmp_path)
    before = tree_digest(project)
    result = init(project, "--name", NAME, "--phone", "校长办公室=027-86001234")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "错误：缺少这些信息，又不是在终端里运行（无法提问）。请用参数给出：",
        "  --address  学校地址，例如 示例市示例区学府路 18 号",
        "  --principal  校长姓名，例如 王建国",
        "  --founded  建校年份，例如 1956",
        "  --motto  校训，例如 求真 向善",
        "  --school-spirit  校风，例如 团结 勤奋 求实 创新",
        "  --teaching-spirit  教风，例如 敬业 爱生 严谨 善导",
        "  --study-spirit  学风，例如 乐学 善思 好问 笃行",
        "  --introduction  学校简介（一段话，以后可以在 data/school.yml 里补充），例如 示例市第一中学创办于 1956 年，是示例区教育局直属的公办初级中学。",
        "  --site-url  网站的网址（二维码和订阅都用它），例如 https://www.example-school.cn/",
        """例如：make init ARGS='--name 示例市第一中学 --phone 校长办公室=0571-88001234 --motto "求真 向善" …'（值里有空格就加引号）""",
    ]
    assert tree_digest(project) == before


def test_wrong_answers_are_refused_with_the_flag_named(tmp_path: Path):
    project = demo_copy(tmp_path)
    before = tree_digest(project)
    flags = [*FLAGS[:FLAGS.index("--site-url")], "--site-url", "https://example.edu.cn/", "--founded", "一九七八",
             "--phone", "传达室=门卫"]
    result = init(project, *flags)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "错误：--site-url（网址）：“example.edu.cn”是示例网址，不是学校的。请写学校网站真正的网址（打印的二维码会指向它）。",
        "错误：--phone（公开电话）：电话号码：电话号码只能写数字、“-”和空格（分机可以写“转 8001”），例如 0571-88001234 或 12345；"
        "说明文字请写在 label 里（现在是“门卫”）。",
        "错误：--founded（建校年份）：建校年份：这里要写一个整数，例如 12（现在是“一九七八”）。",
        "没有改动任何文件。请改正后重新运行。",
    ]
    assert tree_digest(project) == before
    unwritten = init(project, *FLAGS[:FLAGS.index("--phone")], "--phone", "校长办公室 027-86001234")
    assert unwritten.stderr == "错误：--phone 电话要写成“名称=号码”，例如 校长办公室=0571-88001234（现在是“校长办公室 027-86001234”）。\n"


def test_filing_numbers_are_written_when_the_model_has_them(tmp_path: Path):
    project = demo_copy(tmp_path)
    result = init(project, *FLAGS, "--icp", "鄂ICP备12345678号-1")
    assert result.returncode == 0, result.stderr
    lines = (project / "data" / "school.yml").read_text(encoding="utf-8").splitlines()
    if HAS_FILINGS:
        site, problems = load_site(project / "data")
        assert not problems and site.school.filings.icp == "鄂ICP备12345678号-1"
        assert "  icp: 鄂ICP备12345678号-1          # ICP备案号" in lines
    else:  # kept as a comment until the program can show it: nothing given is lost
        assert "#   icp: 鄂ICP备12345678号-1" in lines


def test_each_section_s_commented_example_from_make_new_checks_on_the_empty_school(tmp_path: Path):
    """The examples kept for each section are `make new`'s scaffolds: written into the empty school, they check."""
    project = demo_copy(tmp_path)
    assert init(project, *FLAGS).returncode == 0
    for content_type in RECORD_TYPES:
        made = subprocess.run([sys.executable, "-m", "schoolpub", "new", content_type.name, "--today", "2026-11-23"],
                              cwd=project, capture_output=True, text=True, env=ENV, timeout=60)
        assert made.returncode == 0, made.stderr
    _, problems = load_site(project / "data")
    assert [problem.human() for problem in problems.sorted()] == []
    # named by the day, or by the term (fees) and the festival (make new's plans for an empty school)
    assert {t.name: sorted(site_records(project, t.name)) for t in RECORD_TYPES} == {
        "affairs": ["2026-11-23.yml"], "fees": ["2026-autumn.yml"], "honors": ["2026-11-23.yml"],
        "festivals": ["2026-art.yml"], "regulations": ["2026-11-23.yml"]}


def site_records(project: Path, section: str) -> list[str]:
    return [path.name for path in (project / "data" / section).glob("*.yml")]


def test_init_outside_a_project_changes_nothing(tmp_path: Path):
    result = init(tmp_path, *FLAGS)
    assert (result.returncode, result.stderr) == (
        2, "错误：这里不是网站的项目文件夹（没有 mkdocs.yml，或 data 是一个链接）。请在项目文件夹里运行 make init。\n")
    assert list(tmp_path.iterdir()) == []


def test_the_demo_list_is_current():
    stored = (REPO / "src" / "schoolpub" / "starter" / demo.MANIFEST).read_text(encoding="utf-8")
    assert stored == demo.manifest_of(REPO / "data"), (
        "data/ 改过：请运行 .venv/bin/python scripts/record_demo_data.py 更新示例学校的文件清单")


def test_in_a_terminal_init_asks_one_question_at_a_time(tmp_path: Path):
    """A real pseudo-terminal: a wrong phone and the placeholder address are asked again."""
    project = demo_copy(tmp_path)
    answers = [NAME, "", ADDRESS, "校长办公室=abc", "校长办公室=027-86001234", "", "", "李明", "1978", "厚德 笃学",
               "勤奋 求实", "敬业 爱生", "好学 善思", "本校创办于 1978 年。", "", "https://example.edu.cn/", URL,
               "", "", "", ""]
    transcript, code = converse(project, answers, confirm="y")
    assert code == 0, transcript
    assert "电话号码：电话号码只能写数字、“-”和空格（分机可以写“转 8001”），例如 0571-88001234 或 12345；说明文字请写在 label 里（现在是“abc”）。请重新输入。" in transcript
    assert "“example.edu.cn”是示例网址，不是学校的。请写学校网站真正的网址（打印的二维码会指向它）。请重新输入。" in transcript
    assert "学校简称（显示在网站标题栏），例如 第一中学（直接回车就用全称）" in transcript
    site, problems = load_site(project / "data")
    assert not problems
    assert (site.school.name, site.school.short_name, [p.number for p in site.school.phones], site.school.fees) == (
        NAME, NAME, ["027-86001234"], None)


def test_in_a_terminal_init_changes_nothing_unless_confirmed(tmp_path: Path):
    project = demo_copy(tmp_path)
    before = tree_digest(project)
    answers = [NAME, "", ADDRESS, "校长办公室=027-86001234", "", "", "李明", "1978", "厚德 笃学", "勤奋 求实",
               "敬业 爱生", "好学 善思", "本校创办于 1978 年。", "", URL, "", "", "", ""]
    transcript, code = converse(project, answers, confirm="")
    assert code == 1 and transcript.rstrip().endswith("已取消，没有改动任何文件。"), transcript
    assert tree_digest(project) == before


def converse(project: Path, answers: list[str], confirm: str) -> tuple[str, int]:
    """Runs init on a pseudo-terminal, answering each `> ` prompt in turn, then the confirmation."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "schoolpub", "init"], cwd=project, stdin=terminal,
                               stdout=terminal, stderr=terminal, env=ENV)
    os.close(terminal)
    received = bytearray()

    def read_until(done, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not done() and time.monotonic() < deadline:
            if select.select([controller], [], [], 0.2)[0]:
                try:
                    chunk = os.read(controller, 4096)
                except OSError:  # the program ended and closed the terminal
                    return
                received.extend(chunk)

    def prompts() -> int:
        return received.count(b"\n> ") + received.startswith(b"> ")

    for number, answer in enumerate(answers, 1):
        read_until(lambda: prompts() >= number)
        os.write(controller, answer.encode() + b"\n")
    read_until(lambda: "确定吗".encode() in received)
    os.write(controller, confirm.encode() + b"\n")
    read_until(lambda: process.poll() is not None)
    read_until(lambda: False, timeout=0.5)
    os.close(controller)
    return received.decode(errors="replace").replace("\r\n", "\n"), process.wait(timeout=10)
