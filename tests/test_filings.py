"""Filing numbers in school.yml (filings.py): each format accepted as filed and refused with
its own Chinese message; the links to the registers; the footer's prepared data; and the
notes `make check` gives before going live (going_live.py). Bad numbers in a whole school.yml,
with their lines: tests/fixtures/bad/school/filing-*.yml."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from conftest import write

from schoolpub import filings, going_live, views
from schoolpub.content.school import Filings
from schoolpub.loader import load_site

ICP_FORMAT = ("ICP 备案号的格式是“省份简称 + ICP备 + 数字 + 号”，同一单位的第几个网站写在最后，例如 京ICP备12345678号-1"
              "（现在是“{}”）。请照工信部备案系统（beian.miit.gov.cn）查到的网站备案号原样填写。")
PUBLIC_SECURITY_FORMAT = ("公安联网备案号的格式是“省份简称 + 公网安备 + 14 位数字 + 号”，例如 京公网安备 11010502000001号"
                          "（现在是“{}”）。请照全国互联网安全管理服务平台（beian.mps.gov.cn）给出的备案号原样填写。")
SITE_CODE_MESSAGE = ("只有政府网站才有网站标识码：地方政府网站的是 10 位数字，例如 1101000001；国务院部门网站的是 bm 加 8 位数字，"
                     "例如 bm01000001（现在是“{}”）。请照全国政府网站信息报送系统给出的标识码填写；学校网站没有标识码时删去这一行。")


def refusal(**values) -> str:
    with pytest.raises(ValidationError) as raised:
        Filings(**values)
    [error] = raised.value.errors()
    return error["msg"]


@pytest.mark.parametrize("typed, kept", [
    ("京ICP备12345678号-1", "京ICP备12345678号-1"),
    ("京ICP备12345678号", "京ICP备12345678号"),
    ("鲁ICP备2023032291号-12", "鲁ICP备2023032291号-12"),    # 2020s numbers carry the whole year
    ("京ICP备050123号", "京ICP备050123号"),                  # early numbers: six digits
    ("蜀ICP备08088888号", "蜀ICP备08088888号"),              # Sichuan files as 蜀
    ("黔ICP备16031300号", "黔ICP备16031300号"),
    ("京icp备 12345678号 -1", "京ICP备12345678号-1"),        # case and spaces as a phone types them
    ("京ICP备１２３４５６７８号－１", "京ICP备12345678号-1"),  # full-width digits and hyphen
])
def test_icp_numbers_as_filed_are_accepted(typed, kept):
    assert Filings(icp=typed).icp == kept


@pytest.mark.parametrize("typed, reason", [
    ("京ICP备12345678", "数字后面少了“号”字。"),
    ("京ICP备12345678-1", "数字后面少了“号”字。"),
    ("京ICP备12345号", "“ICP备”后面的数字是 6 到 10 位（现在是 5 位）。"),
    ("京ICP备12345678901号", "“ICP备”后面的数字是 6 到 10 位（现在是 11 位）。"),
    ("ICP备12345678号", "开头要写备案所在省份的简称，例如 京、沪、粤、蜀。"),
    ("港ICP备12345678号", "开头要写备案所在省份的简称，例如 京、沪、粤、蜀。"),
    ("京ICP证030173号", "“ICP证”是经营许可证的编号，不是备案号；学校网站是非经营性网站，页脚显示的是 ICP 备案号（有许可证的网站也有备案号）。"),
    ("备案号：京ICP备12345678号-1", "只写编号本身（京ICP备12345678号-1），前后的文字（如“备案号：”）页脚会自己加。"),
    ("京ICP备12345678号-", "最后的网站序号写成 -1 这样的 1 到 3 位数字；没有序号就不写“-”。"),
    ("京ICP备12345678号-1234", "最后的网站序号写成 -1 这样的 1 到 3 位数字；没有序号就不写“-”。"),
    ("京ICP备12345678号1", "网站序号前要写“-”，例如 号-1。"),
    ("京ICP备一二三四五六七八号", ""),
])
def test_malformed_icp_numbers_are_refused_with_the_reason(typed, reason):
    assert refusal(icp=typed) == reason + ICP_FORMAT.format(typed)


@pytest.mark.parametrize("typed, kept", [
    ("京公网安备 11010502000001号", "京公网安备 11010502000001号"),
    ("湘公网安备43010502002236号", "湘公网安备43010502002236号"),   # without the space, as the platform now writes it
    ("川公网安备  51010702001250号", "川公网安备 51010702001250号"),
    ("京公网安备 １１０１０５０２０００００１号", "京公网安备 11010502000001号"),
])
def test_public_security_numbers_as_filed_are_accepted(typed, kept):
    assert Filings(public_security=typed).public_security == kept


@pytest.mark.parametrize("typed, reason", [
    ("京公网安备 1101050200001号", "“公网安备”后面的数字是 14 位（现在是 13 位）。"),
    ("京公网安备 110105020000012号", "“公网安备”后面的数字是 14 位（现在是 15 位）。"),
    ("京公网安备 11010502000001", "数字后面少了“号”字。"),
    ("公网安备 11010502000001号", "开头要写备案所在省份的简称，例如 京、沪、粤、川。"),
    ("京公网安备：11010502000001号", "“公网安备”和数字之间不写冒号。"),
    ("公安备案：京公网安备 11010502000001号", "只写编号本身（京公网安备 11010502000001号），前后的文字页脚会自己加。"),
    ("京公安备案 11010502000001号", ""),
])
def test_malformed_public_security_numbers_are_refused_with_the_reason(typed, reason):
    assert refusal(public_security=typed) == reason + PUBLIC_SECURITY_FORMAT.format(typed)


@pytest.mark.parametrize("typed, kept", [("1101000001", "1101000001"), ("3406000012", "3406000012"),
                                         ("bm55000001", "bm55000001"), ("BM55000001", "bm55000001")])
def test_site_codes_are_accepted(typed, kept):
    assert Filings(site_code=typed).site_code == kept


@pytest.mark.parametrize("typed", ["110100000", "11010000012", "bm5500000", "gm55000001", "11010000O1"])
def test_malformed_site_codes_are_refused(typed):
    assert refusal(site_code=typed) == SITE_CODE_MESSAGE.format(typed)


@pytest.mark.parametrize("key", ["icp", "public_security", "site_code"])
def test_an_empty_or_listed_number_is_refused_and_a_blank_key_means_none(key):
    assert refusal(**{key: ""}) == "是空的：还没有这个编号时，把这一行删去或冒号后面什么都不写。"
    assert refusal(**{key: ["京ICP备12345678号"]}) == "这里应该填一个编号（一行文字），而不是列表或“键: 值”。"
    assert getattr(Filings(**{key: None}), key) is None


def test_the_links_go_to_the_registers():
    assert filings.icp_link("京ICP备12345678号-1") == "https://beian.miit.gov.cn/"
    assert filings.public_security_link("京公网安备 11010502000001号") == \
        "https://beian.mps.gov.cn/#/query/webSearch?code=11010502000001"


def test_the_footer_data_of_a_school_with_every_filing(project: Path):
    school = project / "data/school.yml"
    school.write_text(school.read_text(encoding="utf-8") + "filings:\n  icp: 沪ICP备2024000001号-2\n"
                      "  public_security: 沪公网安备31010402000001号\n  site_code: 3101000001\n  host: 测试区教育局\n",
                      encoding="utf-8")
    site, problems = load_site(project / "data")
    assert not problems, problems.report()
    assert views.footer(site.school) == {
        "school": "测试市第一小学", "address": "测试市测试区学府路 1 号", "host": "测试区教育局",
        "icp": {"number": "沪ICP备2024000001号-2", "url": "https://beian.miit.gov.cn/"},
        "public_security": {"number": "沪公网安备31010402000001号",
                            "url": "https://beian.mps.gov.cn/#/query/webSearch?code=31010402000001"},
        "site_code": "3101000001",
    }


def test_the_footer_data_of_a_school_without_filings(project: Path):
    site, _ = load_site(project / "data")
    assert views.footer(site.school) == {"school": "测试市第一小学", "address": "测试市测试区学府路 1 号", "host": None,
                                         "icp": None, "public_security": None, "site_code": None}


# -- before going live ----------------------------------------------------------------

PLACEHOLDER = ("mkdocs.yml:2:11: 提示：[网站设置 › site_url] site_url 还是示例地址“{}”：打印的公示上的二维码、订阅链接和微信分享卡片"
               "都会指向这个不是本校的网址。请改成学校网站的真实地址（以 https:// 开头、以 / 结尾）。")
NOT_HTTPS = ("mkdocs.yml:2:11: 提示：[网站设置 › site_url] site_url 不是以 https:// 开头（现在是“{}”）：二维码和分享链接会打开"
             "不加密的网址，微信和浏览器会提示“不安全”。请给网站配置 HTTPS 证书，再把 site_url 改成 https:// 开头。")
NO_ICP = ("data/school.yml:{}: 提示：[学校概况 › filings › icp] 没有写 ICP 备案号（filings: icp）。网站放在中国大陆的服务器上时，"
          "每个网页的页脚必须显示 ICP 备案号并链接到工信部备案系统：备案完成后请写上，例如 icp: 京ICP备12345678号-1。"
          "网站放在境外的服务器上时不能也不需要 ICP 备案，这条提示可以不管。")


def going_live_notes(project: Path, site_url: str | None, filings_yaml: str = "") -> list[str]:
    write(project, "mkdocs.yml", "site_name: 测试\n" + (f"site_url: {site_url}\n" if site_url else "")
          + "markdown_extensions:\n  - toc:\n      slugify: !!python/object/apply:pymdownx.slugs.slugify\n")
    if filings_yaml:
        school = project / "data/school.yml"
        school.write_text(school.read_text(encoding="utf-8") + filings_yaml, encoding="utf-8")
    site, problems = load_site(project / "data")
    assert not problems, problems.report()
    return [notice.human() for notice in going_live.notices(project, site.school)]


ICP_FILED = "filings:\n  icp: 京ICP备12345678号-1\n"


@pytest.mark.parametrize("site_url", ["https://example.edu.cn/", "https://www.example.com/", "https://syxx.example.edu.cn/"])
def test_the_example_site_url_is_noted(project: Path, site_url):
    assert going_live_notes(project, site_url, ICP_FILED) == [PLACEHOLDER.format(site_url)]


def test_a_site_url_without_https_is_noted(project: Path):
    assert going_live_notes(project, "http://www.syxx.edu.cn/", ICP_FILED) == [NOT_HTTPS.format("http://www.syxx.edu.cn/")]


def test_an_example_site_url_without_https_and_without_an_icp_number_is_noted_three_times(project: Path):
    assert going_live_notes(project, "http://example.edu.cn/") == [
        PLACEHOLDER.format("http://example.edu.cn/"), NOT_HTTPS.format("http://example.edu.cn/"), NO_ICP.format("1:1")]


def test_a_real_https_address_with_an_icp_number_is_not_noted(project: Path):
    assert going_live_notes(project, "https://www.syxx.edu.cn/", ICP_FILED) == []


def test_a_missing_icp_number_is_noted_at_the_start_of_school_yml(project: Path):
    assert going_live_notes(project, "https://www.syxx.edu.cn/") == [NO_ICP.format("1:1")]


def test_a_missing_icp_number_is_noted_at_the_filings(project: Path):
    assert going_live_notes(project, "https://www.syxx.edu.cn/", "filings:\n  public_security: 京公网安备 11010502000001号\n") \
        == [NO_ICP.format("17:1")]


def test_github_pages_needs_no_icp_number(project: Path):
    assert going_live_notes(project, "https://school.github.io/site/") == []


def test_a_missing_site_url_is_noted(project: Path):
    assert going_live_notes(project, None, ICP_FILED) == [
        "mkdocs.yml:1:1: 提示：[网站设置 › site_url] 没有写 site_url（学校网站的完整地址）：生成网站时会因此停止。"
        "请写上学校网站的地址，以 https:// 开头、以 / 结尾。"]


def test_without_mkdocs_yml_nothing_is_noted(project: Path):
    site, _ = load_site(project / "data")
    assert going_live.notices(project, site.school) == []


def test_make_check_warns_in_ci_and_passes(project: Path):
    write(project, "mkdocs.yml", "site_name: 测试\nsite_url: https://example.edu.cn/\n")
    env = {**os.environ, "GITHUB_ACTIONS": "true"}
    result = subprocess.run([sys.executable, "-m", "schoolpub", "--root", str(project), "check"],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("数据检查通过：")
    lines = result.stderr.splitlines()
    assert lines[:2] == [NO_ICP.format("1:1"), PLACEHOLDER.format("https://example.edu.cn/")]
    assert lines[2].startswith("::warning file=data/school.yml,line=1,col=1,title=学校概况 › filings › icp::没有写 ICP 备案号")
    assert lines[3].startswith("::warning file=mkdocs.yml,line=2,col=11,title=网站设置 › site_url::site_url 还是示例地址")
    assert len(lines) == 4
