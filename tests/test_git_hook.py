"""The pre-commit hook stops a commit that would put a personal number into history: in a
record, in any other file under data/, and in what is staged even when the folder differs."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import MINIMAL, REPO
from test_other_files import note_pdf, pupils_workbook

MOBILE = "13900001111"  # invented
CANCELLED = "提交已取消：请先按上面的提示修改数据（或运行 make check 查看）。"
SPREADSHEET = ("data/media/名单.xlsx:1:1: 错误：“名单.xlsx”是表格文件，没有被任何校务公开记录作为附件引用，而 data/ 里的"
               "文件都会随仓库公开，不管网站上是否显示（表格里常有学生的身份证号、电话）。学生名单请删除它：名单请用 make import "
               "导入，原始表格放在 spreadsheets/ 文件夹里（它不会被提交），不要放进仓库。要公开的表格（例如预算公开表）请存为 "
               ".xlsx 放在 data/media/ 下，在校务公开记录的 attachments 里写上；已经写上的话，请先改正那条记录的其他错误。")


def run(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.cn",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.cn"}
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, timeout=60)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A throwaway repository of the minimal project with the hook enabled as `make hooks` does."""
    repo = tmp_path / "repo"
    shutil.copytree(MINIMAL, repo)
    shutil.copytree(REPO / "scripts/git-hooks", repo / "scripts/git-hooks")
    (repo / ".venv/bin").mkdir(parents=True)
    wrapper = repo / ".venv/bin/python"  # stands in for the venv `make check` creates
    wrapper.write_text(f'#!/bin/sh\nexec "{REPO}/.venv/bin/python" "$@"\n')
    wrapper.chmod(0o755)
    run(repo, "init", "-q")
    run(repo, "config", "core.hooksPath", "scripts/git-hooks")
    run(repo, "add", "data")
    assert run(repo, "commit", "-qm", "clean data").returncode == 0
    return repo


def commits(repo: Path) -> int:
    return run(repo, "log", "--oneline").stdout.count("\n")


def refused(repo: Path) -> str:
    """Commit what is staged; the hook must refuse it and leave history as it was."""
    before = commits(repo)
    result = run(repo, "commit", "-qm", "leak")
    assert result.returncode == 1, result.stderr
    assert commits(repo) == before
    return result.stderr


def test_pre_commit_refuses_an_id_number(repo: Path):
    body = repo / "data/affairs/sample.yml"
    body.write_text(body.read_text(encoding="utf-8").replace("正文写在这里", "身份证 11010519491231002X"),
                    encoding="utf-8")
    run(repo, "add", "data")
    stderr = refused(repo)
    assert "data/affairs/sample.yml:11:7: 错误：[校务公开 sample] 这里有一个身份证号码" in stderr
    assert stderr.endswith(f"{CANCELLED}\n")


def test_a_pupils_spreadsheet_dropped_into_media_is_refused(repo: Path):
    pupils_workbook(repo / "data/media/名单.xlsx")
    run(repo, "add", "data")
    assert refused(repo).splitlines() == [
        SPREADSHEET, "共发现 1 处错误，涉及 1 个文件。网站没有生成，也不会发布。请按上面的提示修改后重新提交。", CANCELLED]


def test_the_readme_of_data_and_a_pdf_note_are_refused(repo: Path):
    (repo / "data/README.md").write_text(f"联系王老师 {MOBILE}\n", encoding="utf-8")
    note_pdf(repo / "data/media/affairs/old.pdf", f"mother {MOBILE}")
    run(repo, "add", "data")
    lines = refused(repo).splitlines()
    assert lines[0] == ("data/README.md:1:7: 错误：这里有一个手机号码。个人手机号不能发布到网站上：请删除它。学校对外公开的电话"
                        "请写进 data/school.yml 的 phones，写在那里的号码才允许出现。这个文件不在网站上显示，但会随仓库公开。")
    assert lines[1].startswith("data/media/affairs/old.pdf:1:1: 错误：data/media/affairs/old.pdf 第 1 页的批注里有手机号码。")
    assert MOBILE not in "\n".join(lines)


def test_a_file_deleted_from_the_folder_but_still_staged_is_refused_with_the_way_out(repo: Path):
    pupils_workbook(repo / "data/media/名单.xlsx")
    run(repo, "add", "data")
    refused(repo)
    (repo / "data/media/名单.xlsx").unlink()  # what the message says, in the file manager: still staged
    lines = refused(repo).splitlines()
    assert lines[0] == SPREADSHEET
    assert lines[2] == ("注意：检查的是将要提交的版本（git 暂存区里的），data/media/名单.xlsx 在文件夹里已经改过或删除，"
                        "但暂存区里还是旧的版本。如果你已经按提示改好，请运行 git add -A data（删除的文件也会从提交里去掉），"
                        "再重新提交。")
    (repo / "data/README.md").write_text("# 数据说明\n", encoding="utf-8")
    run(repo, "add", "-A", "data")
    assert run(repo, "commit", "-qm", "a note, no list").returncode == 0
    assert run(repo, "ls-files", "data/media").stdout == "data/media/.gitkeep\n"


def test_what_is_staged_is_checked_not_what_the_folder_shows(repo: Path):
    body = repo / "data/affairs/sample.yml"
    clean = body.read_text(encoding="utf-8")
    body.write_text(clean.replace("正文写在这里", f"家长电话 {MOBILE}"), encoding="utf-8")
    run(repo, "add", "data")
    body.write_text(clean, encoding="utf-8")  # the folder is clean again, the staged version is not
    assert "data/affairs/sample.yml:11:8: 错误：[校务公开 sample] 这里有一个手机号码" in refused(repo)


def test_commit_all_is_checked_with_the_index_it_builds(repo: Path):
    body = repo / "data/affairs/sample.yml"
    body.write_text(body.read_text(encoding="utf-8").replace("正文写在这里", f"家长电话 {MOBILE}"), encoding="utf-8")
    result = run(repo, "commit", "-aqm", "leak")  # nothing staged before: git stages it for the hook
    assert result.returncode == 1 and "这里有一个手机号码" in result.stderr


def test_a_clean_commit_passes_and_an_unused_photo_is_a_notice(repo: Path):
    from PIL import Image
    Image.new("RGB", (40, 30), "white").save(repo / "data/media/extra.jpg")
    (repo / "data/README.md").write_text("# 数据说明\n", encoding="utf-8")
    run(repo, "add", "data")
    result = run(repo, "commit", "-qm", "notes")
    assert result.returncode == 0, result.stderr
    assert "提示：data/media/ 里有 1 个文件没有被任何记录引用（extra.jpg），网站上不会显示，但提交后会随仓库公开。" in result.stderr
