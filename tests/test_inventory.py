"""The whole tree under data/ is accounted for: every file is read, or a problem
names it; no symbolic link is followed; unused uploads are a notice."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import REPO, TESTS, problems_of, write

from schoolpub.cli import main
from schoolpub.inventory import suggested_folder
from schoolpub.loader import load_site

LINK = ("这是一个符号链接（快捷方式），指向别处的文件或文件夹。为了安全，网站不读取、也不发布符号链接："
        "请删除它，把真正的文件放在这里。")
FOLDERS = ("data/affairs/（校务公开）、data/fees/（收费公示）、data/honors/（荣誉榜）、data/festivals/（活动节）、"
           "data/regulations/（规章制度）")
SAMPLE_FEES = TESTS / "fixtures" / "minimal" / "data" / "fees" / "sample.yml"
PDF = TESTS.parent / "data" / "media" / "affairs" / "2024-budget.pdf"  # a real, valid PDF of the demo


def attach(project: Path, reference: str) -> None:
    """Give the minimal disclosure an attachment (its `file:` is on line 24)."""
    path = project / "data" / "affairs" / "sample.yml"
    path.write_text(path.read_text(encoding="utf-8") + f"attachments:\n  - file: {reference}\n    title: 附件\n",
                    encoding="utf-8")


def secret(tmp_path: Path) -> Path:
    """A file of the build machine, outside the repository."""
    path = tmp_path / "secret.pdf"
    path.write_bytes(PDF.read_bytes() + b"%SECRET-OF-THE-BUILD-MACHINE\n")
    return path


def test_the_minimal_project_has_nothing_unaccounted_for(project: Path):
    assert problems_of(project) == []


def test_readme_gitkeep_and_file_manager_clutter_are_allowed(project: Path):
    write(project, "data/README.md", "# 数据说明\n")
    for name in ("data/.gitkeep", "data/fees/.gitkeep", "data/.DS_Store", "data/media/Thumbs.db",
                 "data/affairs/desktop.ini", "data/media/._photo.jpg"):
        write(project, name, "")
    assert problems_of(project) == []


def test_misspelt_folders_are_refused_with_the_folder_meant(project: Path):
    shutil.copytree(project / "data" / "fees", project / "data" / "fee")
    shutil.copytree(project / "data" / "fees", project / "data" / "Fees")
    write(project, "data/收费公示/2025-autumn.yml", SAMPLE_FEES.read_text(encoding="utf-8"))
    write(project, "data/photos/a.jpg", "")
    write(project, "data/misc/a.yml", "")
    assert problems_of(project) == [
        "data/Fees/:1:1: 错误：data/ 下没有叫“Fees”的文件夹，里面的 1 个文件都不会被读取，也不会被发布。"
        "是不是要放到 data/fees/（收费公示）？请把文件移过去，再删掉这个文件夹。",
        "data/fee/:1:1: 错误：data/ 下没有叫“fee”的文件夹，里面的 1 个文件都不会被读取，也不会被发布。"
        "是不是要放到 data/fees/（收费公示）？请把文件移过去，再删掉这个文件夹。",
        "data/misc/:1:1: 错误：data/ 下没有叫“misc”的文件夹，里面的 1 个文件都不会被读取，也不会被发布。"
        f"记录要放在 {FOLDERS}，照片和 PDF 放在 data/media/ 下。",
        "data/photos/:1:1: 错误：data/ 下没有叫“photos”的文件夹，里面的 1 个文件都不会被读取，也不会被发布。"
        "是不是要放到 data/media/（照片和附件）？请把文件移过去，再删掉这个文件夹。",
        "data/收费公示/:1:1: 错误：data/ 下没有叫“收费公示”的文件夹，里面的 1 个文件都不会被读取，也不会被发布。"
        "是不是要放到 data/fees/（收费公示）？请把文件移过去，再删掉这个文件夹。",
    ]


def test_folder_suggestions():
    assert [suggested_folder(name) for name in ("fee", "Fees", "honours", "Festival", "regulation", "affair",
                                                "荣誉榜", "规章制度", "照片", "photos", "feees", "festivls",
                                                "2025", "misc")] == [
        "fees", "fees", "honors", "festivals", "regulations", "affairs", "honors", "regulations", "media", "media",
        "fees", "festivals", None, None]


def test_files_at_the_top_of_data_are_refused_naming_where_they_belong(project: Path):
    write(project, "data/notice.yml", SAMPLE_FEES.read_text(encoding="utf-8"))
    write(project, "data/todo.yml", "a: 1\n")
    write(project, "data/School.yml", "name: x\n")
    write(project, "data/budget.pdf", "")
    assert problems_of(project) == [
        "data/School.yml:1:1: 错误：学校概况文件名要写成 school.yml（全部小写，扩展名 .yml），现在是“School.yml”。"
        "请改名，否则它不会被读取。",
        "data/budget.pdf:1:1: 错误：data/ 最外层只能放 school.yml 和 README.md，这个文件不会被读取，也不会被发布。"
        "照片和 PDF 请放到 data/media/ 下，记录放到对应的文件夹里。",
        "data/notice.yml:1:1: 错误：这个文件放在了 data/ 最外层，不会被发布。它的内容看起来是收费公示："
        "请把它移到 data/fees/notice.yml。",
        f"data/todo.yml:1:1: 错误：这个文件放在了 data/ 最外层，不会被发布。记录要放在对应的文件夹里：{FOLDERS}。",
    ]


def test_hidden_files_are_refused(project: Path):
    write(project, "data/fees/.2025-autumn.yml", SAMPLE_FEES.read_text(encoding="utf-8"))
    write(project, "data/media/affairs/.scan.pdf", "")
    message = "这是一个隐藏文件（名字以点开头），不会被读取，也不会被发布。请删除它，或去掉名字开头的点。"
    assert problems_of(project) == [f"data/fees/.2025-autumn.yml:1:1: 错误：{message}",
                                    f"data/media/affairs/.scan.pdf:1:1: 错误：{message}"]


def test_a_linked_attachment_is_refused_at_the_record_and_never_read(project: Path, tmp_path: Path):
    os.makedirs(project / "data" / "media" / "affairs")
    os.symlink(secret(tmp_path), project / "data" / "media" / "affairs" / "x.pdf")
    attach(project, "affairs/x.pdf")
    assert problems_of(project) == [
        f"data/affairs/sample.yml:24:11: 错误：[校务公开 sample › attachments 第1项 › file] data/media/affairs/x.pdf {LINK}"]


def test_a_linked_folder_in_media_is_refused_for_every_file_through_it(project: Path, tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(PDF, outside / "a.pdf")
    os.symlink(outside, project / "data" / "media" / "affairs")
    attach(project, "affairs/a.pdf")
    assert problems_of(project) == [
        f"data/affairs/sample.yml:24:11: 错误：[校务公开 sample › attachments 第1项 › file] data/media/affairs {LINK}"]


def test_links_no_record_uses_are_refused_too(project: Path, tmp_path: Path):
    os.symlink(secret(tmp_path), project / "data" / "media" / "x.pdf")
    os.symlink("/nonexistent/dangling.jpg", project / "data" / "media" / "dangling.jpg")
    os.symlink(secret(tmp_path), project / "data" / "affairs" / "linked.yml")
    os.symlink(project / "data" / "fees", project / "data" / "more-fees")
    assert problems_of(project) == [
        f"data/affairs/linked.yml:1:1: 错误：{LINK}",
        f"data/media/dangling.jpg:1:1: 错误：{LINK}",
        f"data/media/x.pdf:1:1: 错误：{LINK}",
        f"data/more-fees:1:1: 错误：{LINK}",
    ]


def test_linked_school_file_record_folder_or_data_itself_is_refused(project: Path, tmp_path: Path):
    school = project / "data" / "school.yml"
    shutil.move(school, tmp_path / "school.yml")
    os.symlink(tmp_path / "school.yml", school)
    shutil.move(project / "data" / "fees", tmp_path / "fees")
    os.symlink(tmp_path / "fees", project / "data" / "fees")
    assert problems_of(project) == [f"data/fees:1:1: 错误：{LINK}", f"data/school.yml:1:1: 错误：{LINK}"]
    shutil.move(project / "data", tmp_path / "real-data")
    os.symlink(tmp_path / "real-data", project / "data")
    assert problems_of(project) == [f"data:1:1: 错误：{LINK}",
                                    "data/school.yml:1:1: 错误：[学校概况] 缺少学校概况文件 data/school.yml。"
                                    "请从示例学校复制一份并改成本校信息。"]


def test_unused_uploads_are_a_notice_grouped_by_folder(project: Path, capsys):
    from PIL import Image
    (project / "data/media/festivals/2025-art").mkdir(parents=True)
    for name in ("01.jpg", "02.jpg", "03.jpg", "04.jpg"):
        Image.new("RGB", (40, 30), "white").save(project / "data/media/festivals/2025-art" / name)
    shutil.copy(PDF, project / "data/media/old.pdf")
    _, problems = load_site(project / "data")
    assert not problems
    assert [notice.human() for notice in sorted(problems.notices)] == [
        "data/media/festivals/2025-art/01.jpg:1:1: 提示：data/media/festivals/2025-art/ 里有 4 个文件没有被任何记录引用"
        "（01.jpg、02.jpg、03.jpg等），网站上不会显示，但提交后会随仓库公开。如果它们应该出现在网站上，请在记录的 "
        "attachments、gallery 等字段里写上；不需要的话请删除。",
        "data/media/old.pdf:1:1: 提示：data/media/ 里有 1 个文件没有被任何记录引用（old.pdf），网站上不会显示，"
        "但提交后会随仓库公开。如果它们应该出现在网站上，请在记录的 attachments、gallery 等字段里写上；不需要的话请删除。",
    ]
    assert main(["--root", str(project), "check"]) == 0
    captured = capsys.readouterr()
    assert "提示：data/media/ 里有 1 个文件没有被任何记录引用（old.pdf）" in captured.err
    assert captured.out.startswith("数据检查通过")


def test_an_empty_unused_upload_is_an_error_it_cannot_be_checked(project: Path):
    write(project, "data/media/old.pdf", "")
    assert problems_of(project) == [
        "data/media/old.pdf:1:1: 错误：data/media/old.pdf 是空文件（0 字节），可能没有传完整。请重新放入这个 PDF。"]


def test_notices_are_warnings_in_github_annotations(project: Path, capsys, monkeypatch):
    shutil.copy(PDF, project / "data/media/old.pdf")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["--root", str(project), "check"]) == 0
    assert "::warning file=data/media/old.pdf,line=1,col=1,title=提示::data/media/ 里有 1 个文件" in capsys.readouterr().err


# -- the build itself refuses links, even run without `make check` first ------------------

def _no_secret_in(site_dir: Path) -> bool:
    return not any(b"SECRET-OF-THE-BUILD-MACHINE" in path.read_bytes()
                   for path in site_dir.rglob("*") if path.is_file()) if site_dir.exists() else True


def test_a_build_with_a_linked_attachment_is_refused_and_publishes_nothing_of_it(tmp_path: Path):
    from test_build import build, site_project
    project = site_project(tmp_path, REPO / "data")
    target = project / "data" / "media" / "affairs" / "2024-budget.pdf"
    target.unlink()
    os.symlink(secret(tmp_path), target)  # the demo's 2024-budget disclosure attaches this file
    site_dir = tmp_path / "site"
    result = build(project, site_dir)
    assert result.returncode == 1
    assert "data/media/affairs/2024-budget.pdf 这是一个符号链接（快捷方式）" in result.stderr
    assert "Traceback" not in result.stderr
    assert _no_secret_in(site_dir)


def test_a_build_with_a_link_in_docs_is_refused(tmp_path: Path):
    from test_build import build, site_project
    project = site_project(tmp_path, REPO / "data")
    os.symlink(secret(tmp_path), project / "docs" / "budget.pdf")
    site_dir = tmp_path / "site"
    result = build(project, site_dir)
    assert result.returncode == 1
    assert ("docs/ 里有符号链接（快捷方式），网站不发布链接指向的文件：请删除 docs/budget.pdf，把真正的文件放在那里。"
            in result.stderr)
    assert _no_secret_in(site_dir)


def test_published_pdfs_are_the_cleaned_copies(tmp_path: Path):
    from test_build import build, site_project
    import pypdf
    project = site_project(tmp_path, REPO / "data")
    site_dir = tmp_path / "site"
    assert build(project, site_dir).returncode == 0
    original, published = PDF, site_dir / "media" / "affairs" / "2024-budget.pdf"
    assert pypdf.PdfReader(original).metadata["/Author"] == "Shiyan Primary School (demo)"
    assert pypdf.PdfReader(published).metadata is None
    assert b"Shiyan Primary School" not in published.read_bytes()
    assert len(pypdf.PdfReader(published).pages) == len(pypdf.PdfReader(original).pages)


def test_a_bug_in_a_check_still_names_the_file(project: Path, monkeypatch):
    from schoolpub.media_checks import MediaChecks

    def broken(self, record):
        raise RecursionError("a bug of ours")

    monkeypatch.setattr(MediaChecks, "check", broken)
    assert problems_of(project)[0] == (
        "data/affairs/sample.yml:1:1: 错误：[校务公开 sample] 检查这个文件时程序内部出错（RecursionError），不是你一定写错了。"
        "请把这条消息发给网站维护人员；在修好之前这条记录不会发布。")
    assert len(problems_of(project)) == 6  # every file, school.yml included, each named


def test_a_pdf_that_passed_is_not_read_again_until_it_changes(project: Path, tmp_path: Path):
    import subprocess
    import sys
    (project / "data" / "media" / "affairs").mkdir(parents=True)
    shutil.copy(PDF, project / "data" / "media" / "affairs" / "budget.pdf")
    attach(project, "affairs/budget.pdf")
    script = ("import sys; from pathlib import Path; from schoolpub.loader import load_site; "
              f"_, problems = load_site(Path({str(project / 'data')!r})); "
              "print(len(problems), 'pypdf' in sys.modules)")
    env = {**os.environ, "SCHOOLPUB_PHOTO_CACHE": str(tmp_path / "cache")}

    def check() -> str:
        return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env).stdout.strip()

    assert check() == "0 True"  # read with pypdf
    assert check() == "0 False"  # remembered: pypdf not even loaded
    with (project / "data" / "media" / "affairs" / "budget.pdf").open("ab") as pdf:
        pdf.write(b"\n% a new version of the file\n")
    assert check() == "0 True"
