"""Photos and PDFs named the way phones, WeChat and Windows name them publish, and their links work.

IMG_2041 (1).jpg used to pass the check and then break the page: a space ends a srcset
entry, `#` starts a fragment, `%20` reads as a space. Published files keep the names staff
gave them; every URL to them is percent-encoded (urls.in_url). Names with a line
break or an invisible character are refused by the check (tests/test_echo.py).
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from PIL import Image

from conftest import MINIMAL, REPO, problems_of
from test_build import build, site_project, unexpected_log_lines

from schoolpub.cli import main as cli_main

sys.path.insert(0, str(REPO / "scripts"))
import check_links  # noqa: E402

PHOTO_NAMES = ["IMG_2041 (1).jpg", "微信图片_20240901.jpg", "照片 #1.jpg", "a%20b.jpg", "a+b&c'd.jpg", "x,y 2x.jpg",
               "##[add-mask]z.jpg"]
PDF_NAME = "预算 (2024) #1 a%20b.pdf"


def gallery(names: list[str]) -> str:
    return "gallery:\n" + "".join(f"  - photo: 'festivals/sample/{name.replace(chr(39), chr(39) * 2)}'\n"
                                  f"    caption: 第{index}张\n" for index, name in enumerate(names, start=1))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("names")
    project = site_project(root, MINIMAL / "data")
    photos = project / "data/media/festivals/sample"
    photos.mkdir(parents=True)
    for index, name in enumerate(PHOTO_NAMES):
        Image.new("RGB", (64, 48), (40 * index, 90, 160)).save(photos / name, "JPEG")
    festival = project / "data/festivals/sample.yml"
    festival.write_text(festival.read_text(encoding="utf-8") + gallery(PHOTO_NAMES) + "guardian_consent: true\n",
                        encoding="utf-8")
    shutil.copy(REPO / "data/media/affairs/2024-budget.pdf", project / "data/media" / PDF_NAME)
    affairs = project / "data/affairs/sample.yml"
    affairs.write_text(affairs.read_text(encoding="utf-8")
                       + f"attachments:\n  - file: '{PDF_NAME}'\n    title: 预算表\n", encoding="utf-8")
    checked = cli_main(["--root", str(project), "check"])
    result = build(project, root / "site")
    return checked, result, root / "site"


def test_the_check_accepts_them_and_the_site_builds_with_a_clean_log(built):
    checked, result, _ = built
    assert checked == 0
    assert result.returncode == 0, result.stderr
    assert unexpected_log_lines(result.stdout + result.stderr) == []


def test_every_link_of_the_built_site_resolves(built):
    _, _, site = built
    problems, _, links = check_links.check(site)
    assert problems == []
    assert links > 0


def test_each_photo_is_linked_percent_encoded_to_its_renditions(built):
    _, _, site = built
    page = (site / "festivals/sample/index.html").read_text(encoding="utf-8")
    assert ('<a href="../../media/festivals/sample/IMG_2041%20%281%29-large.jpg"><picture>'
            '<source srcset="../../media/festivals/sample/IMG_2041%20%281%29-thumb.webp" type="image/webp">'
            '<img src="../../media/festivals/sample/IMG_2041%20%281%29-thumb.jpg"') in page
    assert 'src="../../media/festivals/sample/%E7%85%A7%E7%89%87%20%231-thumb.jpg"' in page
    assert 'src="../../media/festivals/sample/a%2520b-thumb.jpg"' in page
    assert 'srcset="../../media/festivals/sample/x%2Cy%202x-thumb.webp"' in page
    for name in PHOTO_NAMES:
        stem = name.rsplit(".", 1)[0]
        for rendition in ("large.jpg", "thumb.jpg", "thumb.webp"):
            assert (site / f"media/festivals/sample/{stem}-{rendition}").is_file()


def test_the_pdf_link_resolves_to_the_published_copy(built):
    _, _, site = built
    page = (site / "affairs/sample/index.html").read_text(encoding="utf-8")
    href = "../../media/%E9%A2%84%E7%AE%97%20%282024%29%20%231%20a%2520b.pdf"
    assert f'href="{href}"' in page
    assert (site / "affairs/sample" / unquote(href)).resolve() == (site / "media" / PDF_NAME).resolve()
    assert (site / "media" / PDF_NAME).is_file()


def test_two_photos_that_would_publish_as_one_file_are_refused_by_the_check(project: Path):
    """The build refused them (media._refuse_clashing_names); the check passed them."""
    photos = project / "data/media/festivals/sample"
    photos.mkdir(parents=True)
    Image.new("RGB", (64, 48)).save(photos / "01.jpg", "JPEG")
    Image.new("RGB", (64, 48)).save(photos / "01.PNG", "PNG")
    Image.new("RGB", (64, 48)).save(photos / "02.png", "PNG")  # not referenced: 02.jpg alone is published
    Image.new("RGB", (64, 48)).save(photos / "02.jpg", "JPEG")
    festival = project / "data/festivals/sample.yml"
    festival.write_text(festival.read_text(encoding="utf-8") + gallery(["01.jpg", "01.PNG", "02.jpg"])
                        + "guardian_consent: true\n", encoding="utf-8")
    assert problems_of(project) == [
        "data/media/festivals/sample/01.jpg:1:1: 错误：data/media/festivals/sample/01.PNG 和 "
        "data/media/festivals/sample/01.jpg 只有扩展名或字母大小写不同，发布后会变成同一个文件。"
        "请给其中一张改个名字（并改掉引用它的 YAML）。"]


def test_a_photo_whose_renditions_would_have_too_long_a_name_is_refused_by_the_check(project: Path):
    """照×83.jpg is 253 bytes; its rendition 照×83-thumb.webp (260) stopped the build with a traceback."""
    name, fits = "照" * 83 + ".jpg", "照" * 81 + ".jpg"  # 照×81-thumb.webp: 254 bytes
    photos = project / "data/media/festivals/sample"
    photos.mkdir(parents=True)
    for each in (name, fits):
        Image.new("RGB", (64, 48)).save(photos / each, "JPEG")
    festival = project / "data/festivals/sample.yml"
    festival.write_text(festival.read_text(encoding="utf-8") + gallery([name, fits]) + "guardian_consent: true\n",
                        encoding="utf-8")
    assert problems_of(project) == [
        f"data/festivals/sample.yml:34:12: 错误：[活动节 sample › gallery 第1项 › photo] data/media/festivals/sample/"
        f"{name} 的文件名太长：发布时名字后面要加上“-thumb”“-large”，会超过文件系统允许的 255 字节（一个汉字占 3 字节）。"
        f"请把文件名改短（例如 {'照' * 20}.jpg），并改掉引用它的 YAML。"]
