"""echo.py: what the tools print is safe to print (a terminal, a public CI log).

A GitHub runner obeys a line that starts with `::` (after leading spaces) and, in its
older form, `##[command]` anywhere in a line; a value or a file name with a line break
in it could start such a line. Every route by which data reaches a printed line is
tested here, with the exact lines printed.
"""
from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

from conftest import MINIMAL, REPO, write
from test_build import build, site_project

from schoolpub import echo
from schoolpub.problems import Problem

ID_NUMBER = "110105201503071235"  # a valid check character: the privacy scanner's kind of number


# -- echo itself ------------------------------------------------------------------------

def test_visible_shows_line_breaks_controls_and_bidi_by_their_code_point():
    assert echo.visible("a\nb\r\tc\u2028d\u0085e\u202ef\u200bg\x00h 照片 #1") == (
        "a⟨U+000A⟩b⟨U+000D⟩⟨U+0009⟩c⟨U+2028⟩d⟨U+0085⟩e⟨U+202E⟩f⟨U+200B⟩g⟨U+0000⟩h 照片 #1")


def test_personal_numbers_are_replaced_by_what_they_were():
    assert echo.without_personal_numbers(
        f"身份证 {ID_NUMBER}，分组 110105 2015 0307 1235 完，手机 +86 138-0013-8000。") == (
        "身份证 〔身份证号已隐去〕，分组 〔身份证号已隐去〕 完，手机 〔手机号已隐去〕。")


def test_a_quote_cut_at_its_limit_never_keeps_part_of_a_number():
    # Cut first and scanned after, the first 9 digits of the ID were quoted (no longer an ID to the scanner).
    assert echo.quoted("说" * 70 + "：" + ID_NUMBER) == "说" * 70 + "：〔身份证号已隐去〕"
    assert echo.quoted("说" * 75 + "：13800138000") == "说" * 75 + "：〔手机号…（共 87 个字符）"


def test_a_long_value_is_quoted_by_its_start_and_its_length():
    assert echo.quoted("a\n" * 50, limit=6) == "a⟨U+000A⟩a⟨U+000A⟩a⟨U+000A⟩…（共 100 个字符）"


def test_log_line_leaves_no_workflow_command_in_a_line():
    assert echo.log_line("::error file=README.md::x") == "⟨U+003A⟩:error file=README.md::x"
    assert echo.log_line("  ::add-mask::x") == "  ⟨U+003A⟩:add-mask::x"  # the runner trims leading space
    assert echo.log_line("\u3000::add-mask::x") == "\u3000⟨U+003A⟩:add-mask::x"  # any Unicode space
    assert echo.log_line("文件 ##[add-mask]x 和 ##[stop-commands]y") == "文件 #⟨U+0023⟩[add-mask]x 和 #⟨U+0023⟩[stop-commands]y"
    assert echo.log_line("值“a\n::stop-commands::tok”") == "值“a⟨U+000A⟩::stop-commands::tok”"
    assert echo.log_line(f"电话 13800138000，{ID_NUMBER}") == "电话 〔手机号已隐去〕，〔身份证号已隐去〕"
    assert echo.log_line("比例 1:2 :: 照常") == "比例 1:2 :: 照常"


def test_say_prints_each_argument_as_one_line(capsys):
    echo.say("已导出到 a\n::error::b.xlsx", "", "##[add-mask]x")
    echo.say("错误：c\rd", error=True)
    captured = capsys.readouterr()
    assert captured.out == "已导出到 a⟨U+000A⟩::error::b.xlsx\n\n#⟨U+0023⟩[add-mask]x\n"
    assert captured.err == "错误：c⟨U+000D⟩d\n"


def test_the_log_filter_makes_every_line_of_a_record_safe():
    logger = logging.getLogger("schoolpub-test-echo")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    logger.propagate = False
    try:
        echo.log_filter(logger.name)
        echo.log_filter(logger.name)  # a second build of `mkdocs serve`: still one filter
        logging.getLogger(f"{logger.name}.child").warning("docs/a\n::add-mask::%s ##[x]", "b")
    finally:
        logger.removeHandler(handler)
    assert len(handler.filters) == 1
    assert stream.getvalue().splitlines() == ["docs/a", "⟨U+003A⟩:add-mask::b #⟨U+0023⟩[x]"]


# -- problems: the human line and the annotation ---------------------------------------

def test_a_problem_line_shows_data_visibly_and_its_annotation_too():
    problem = Problem("data/media/a\n::add-mask::b.jpg", 1, 1, "现在是“x\r\n::error file=README.md::y”，电话 13800138000",
                      "校务公开 a", "key\n::stop-commands::t")
    assert problem.human() == (
        "data/media/a⟨U+000A⟩::add-mask::b.jpg:1:1: 错误：[校务公开 a › key⟨U+000A⟩::stop-commands::t] "
        "现在是“x⟨U+000D⟩⟨U+000A⟩::error file=README.md::y”，电话 〔手机号已隐去〕")
    assert problem.github() == (
        "::error file=data/media/a⟨U+000A⟩%3A%3Aadd-mask%3A%3Ab.jpg,line=1,col=1,"
        "title=校务公开 a › key⟨U+000A⟩%3A%3Astop-commands%3A%3At::"
        "现在是“x⟨U+000D⟩⟨U+000A⟩::error file=README.md::y”，电话 〔手机号已隐去〕")


# -- `python -m schoolpub check`: the lines it prints ---------------------------------------

def check(root: Path, in_actions: bool) -> subprocess.CompletedProcess:
    env = {**os.environ, "GITHUB_ACTIONS": "true" if in_actions else ""}
    return subprocess.run([sys.executable, "-m", "schoolpub", "--root", str(root), "check"],
                          capture_output=True, text=True, env=env, timeout=60)


def lines_starting_with_commands(output: str) -> list[str]:
    """Every line a runner would read as a command: starting with `::` (leading whitespace aside,
    as the runner trims it) or holding `##[`. splitlines() also splits at U+2028, U+0085 …"""
    return [line for line in output.splitlines() if line.lstrip().startswith("::") or "##[" in line]


def hostile_values(project: Path) -> None:
    affairs = project / "data/affairs/sample.yml"
    affairs.write_text(affairs.read_text(encoding="utf-8").replace(
        "published: 2025-09-01", 'published: "2025-9-1\\n::error file=README.md::x"'), encoding="utf-8")
    fees = project / "data/fees/sample.yml"
    fees.write_text(fees.read_text(encoding="utf-8").replace(
        "term: 第二学期", 'term: "春季\\n::stop-commands::tok ##[add-mask]秘密"'), encoding="utf-8")


def test_values_with_line_breaks_are_shown_not_obeyed(project: Path):
    hostile_values(project)
    for in_actions in (False, True):
        result = check(project, in_actions)
        assert result.returncode == 1
        assert result.stdout == ""
        human = [
            "data/affairs/sample.yml:8:12: 错误：[校务公开 sample › published] 发布日期：日期请写成 2025-09-01 或 "
            "2025年9月1日 这样的格式（现在是“2025-9-1⟨U+000A⟩::error file=README.md::x”）。",
            "data/fees/sample.yml:6:7: 错误：[收费公示 sample › term] 学期：只能填以下之一：第一学期、第二学期、全学年"
            "（现在是“春季⟨U+000A⟩::stop-commands::tok #⟨U+0023⟩[add-mask]秘密”）。",
            "共发现 2 处错误，涉及 2 个文件。网站没有生成，也不会发布。请按上面的提示修改后重新提交。",
        ]
        annotations = [
            "::error file=data/affairs/sample.yml,line=8,col=12,title=校务公开 sample › published::发布日期："
            "日期请写成 2025-09-01 或 2025年9月1日 这样的格式（现在是“2025-9-1⟨U+000A⟩::error file=README.md::x”）。",
            "::error file=data/fees/sample.yml,line=6,col=7,title=收费公示 sample › term::学期：只能填以下之一："
            "第一学期、第二学期、全学年（现在是“春季⟨U+000A⟩::stop-commands::tok #⟨U+0023⟩[add-mask]秘密”）。",
        ]
        assert result.stderr.splitlines() == human + (annotations if in_actions else [])
        assert lines_starting_with_commands(result.stderr) == (annotations if in_actions else [])


def test_an_unknown_key_with_a_line_break_is_shown_not_obeyed(project: Path):
    path = project / "data/affairs/sample.yml"
    path.write_text(path.read_text(encoding="utf-8") + '"note\\n::add-mask::x": 1\n', encoding="utf-8")
    message = ("不认识的字段 `note⟨U+000A⟩::add-mask::x`。可以写的字段有：title（标题）、category（公开类别）、"
               "published（发布日期）、updated（更新日期）、department（发布部门）、body（正文）、attachments（附件）、"
               "display（公示期）。")
    annotation = ("::error file=data/affairs/sample.yml,line=23,col=1,"
                  f"title=校务公开 sample › note⟨U+000A⟩%3A%3Aadd-mask%3A%3Ax::{message}")
    result = check(project, in_actions=True)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"data/affairs/sample.yml:23:1: 错误：[校务公开 sample › note⟨U+000A⟩::add-mask::x] {message}",
        "共发现 1 处错误，涉及 1 个文件。网站没有生成，也不会发布。请按上面的提示修改后重新提交。",
        annotation,
    ]
    assert lines_starting_with_commands(result.stderr) == [annotation]


def test_a_media_name_with_a_line_break_is_refused_and_shown(project: Path):
    (project / "data/media/festivals").mkdir(parents=True)
    (project / "data/media/festivals/a\n::add-mask::b.jpg").write_bytes(b"not read")
    for in_actions in (False, True):
        result = check(project, in_actions)
        assert result.returncode == 1
        message = ("这个名字里有换行、制表符或其他看不见的字符（⟨U+000A⟩），这样的名字看不清楚，还会扰乱检查结果和日志，"
                   "所以网站不读取、也不发布它。请改名，去掉这些字符，例如改成“a ::add-mask::b.jpg”。")
        annotation = ("::error file=data/media/festivals/a⟨U+000A⟩%3A%3Aadd-mask%3A%3Ab.jpg,line=1,col=1,"
                      f"title=数据错误::{message}")
        assert result.stderr.splitlines() == [
            f"data/media/festivals/a⟨U+000A⟩::add-mask::b.jpg:1:1: 错误：{message}",
            "共发现 1 处错误，涉及 1 个文件。网站没有生成，也不会发布。请按上面的提示修改后重新提交。",
        ] + ([annotation] if in_actions else [])
        assert lines_starting_with_commands(result.stderr) == ([annotation] if in_actions else [])


def test_a_folder_with_a_tab_and_a_bidi_control_is_refused_and_not_entered(project: Path):
    write(project, "data/media/活动\t\u202e照片/01.jpg", "not read")
    result = check(project, in_actions=False)
    assert result.stderr.splitlines() == [
        "data/media/活动⟨U+0009⟩⟨U+202E⟩照片/:1:1: 错误：这个名字里有换行、制表符或其他看不见的字符"
        "（⟨U+0009⟩、⟨U+202E⟩），这样的名字看不清楚，还会扰乱检查结果和日志，所以网站不读取、也不发布它。"
        "请改名，去掉这些字符，例如改成“活动 照片”。",
        "共发现 1 处错误，涉及 1 个文件。网站没有生成，也不会发布。请按上面的提示修改后重新提交。",
    ]


def test_the_unused_media_notice_quotes_names_safely(project: Path):
    (project / "data/media/festivals").mkdir(parents=True)
    # real photos: an unused file that is no photo is an error of its own (other_files.py)
    Image.new("RGB", (8, 8)).save(project / "data/media/festivals/##[add-mask]IMG 1.jpg", "JPEG")
    Image.new("RGB", (8, 8)).save(project / "data/media/festivals/::stop-commands::x.jpg", "JPEG")
    for in_actions in (False, True):
        result = check(project, in_actions)
        assert result.returncode == 0
        notice = ("data/media/festivals/ 里有 2 个文件没有被任何记录引用（#⟨U+0023⟩[add-mask]IMG 1.jpg、"
                  "::stop-commands::x.jpg），网站上不会显示，但提交后会随仓库公开。如果它们应该出现在网站上，"
                  "请在记录的 attachments、gallery 等字段里写上；不需要的话请删除。")
        annotation = ("::warning file=data/media/festivals/#⟨U+0023⟩[add-mask]IMG 1.jpg,line=1,col=1,title=提示::"
                      + notice)
        assert result.stderr.splitlines() == [
            f"data/media/festivals/#⟨U+0023⟩[add-mask]IMG 1.jpg:1:1: 提示：{notice}"] + ([annotation] if in_actions else [])
        assert lines_starting_with_commands(result.stderr) == ([annotation] if in_actions else [])


# -- the other commands and the build -----------------------------------------------------

def test_make_photos_names_a_file_safely(tmp_path: Path):
    folder = tmp_path / "data/media/festivals"
    folder.mkdir(parents=True)
    Image.new("RGB", (2500, 10)).save(folder / "a\n::add-mask::b ##[x].png", "PNG")
    result = subprocess.run([sys.executable, "-m", "schoolpub", "--root", str(tmp_path), "photos"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "提示：data/media/festivals/a⟨U+000A⟩::add-mask::b #⟨U+0023⟩[x].png 是 2500×10 像素的 PNG 图片，比需要的大；"
        "它不是照片（JPEG），请用图片软件手动缩小到最长边 2400 像素以内。"]


def test_the_link_check_prints_broken_urls_safely(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<a href="a b&#10;::add-mask::c.jpg">a</a><img src="x/##[stop-commands]z.jpg">',
                                     encoding="utf-8")
    result = subprocess.run([sys.executable, str(REPO / "scripts/check_links.py"), str(site)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        'site/index.html:1: a.href="a b⟨U+000A⟩::add-mask::c.jpg" — 文件不存在',
        'site/index.html:1: img.src="x/#⟨U+0023⟩[stop-commands]z.jpg" — 目录不存在',
        "链接检查没有通过：2 个链接或锚点找不到（共检查 1 个页面）。",
    ]


def test_the_build_log_shows_a_refusal_naming_data_safely(tmp_path: Path):
    """schoolpub render refuses a link in docs/ by its name, quoted safely."""
    project = site_project(tmp_path, MINIMAL / "data")
    os.symlink("/etc/hostname", project / "docs" / "a\n::add-mask::b ##[stop-commands]c")
    result = build(project, tmp_path / "site")
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "docs/ 里有符号链接（快捷方式），网站不发布链接指向的文件：请删除 " \
           "docs/a⟨U+000A⟩::add-mask::b #⟨U+0023⟩[stop-commands]c，把真正的文件放在那里。" in output.splitlines()
    assert lines_starting_with_commands(output) == []


def test_the_log_filter_catches_what_mkdocs_itself_quotes(tmp_path: Path):
    """MkDocs' own warning quotes a link of a page in docs/ as it is: the filter hooks/mkdocs_engine.py installs defuses it."""
    project = site_project(tmp_path, MINIMAL / "data")
    about = project / "docs/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[联系](##[add-mask]秘密)\n", encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 1
    output = (result.stdout + result.stderr).splitlines()
    assert [line for line in output if "add-mask" in line] == [
        "WARNING -  Doc file 'about.md' contains a link '#⟨U+0023⟩[add-mask]秘密', but there is no such anchor on this page."]
    assert lines_starting_with_commands(result.stdout + result.stderr) == []
