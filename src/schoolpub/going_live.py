"""Before the site goes live: what `make check` notes about publishing it (提示, never errors).

- `site_url` in mkdocs.yml is the address printed QR codes, feeds and link previews point at.
  Left at the example (`https://example.edu.cn/`, or any `example.*` host, reserved for
  examples by RFC 2606) they all point at a site that is not the school's; plain `http://`
  makes WeChat and browsers mark the page 不安全.
- A site served from mainland China must show its ICP filing number in the footer
  (filings: icp in school.yml). A site served from elsewhere has none, so it is a notice;
  GitHub Pages (*.github.io) is served from outside the mainland and is not noted.

Notices, not errors: a new school builds and previews its site before it has an address
or its filings, and CI shows them as warnings without failing. They are read where
mkdocs.yml is: the pre-commit check of staged data/ (staged.py) has no mkdocs.yml and
notes nothing here.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .echo import quoted
from .problems import Problem

CONFIG = "mkdocs.yml"
SCHOOL_FILE = "data/school.yml"
SETTINGS_LABEL = "网站设置"
SCHOOL_LABEL = "学校概况"
OFFSHORE_HOSTS = (".github.io",)  # GitHub Pages: served from outside mainland China, never ICP-filed


def notices(root: Path, school) -> list[Problem]:
    config = Path(root) / CONFIG
    if not config.is_file():
        return []
    site_url, where = _top_level_value(config, "site_url")
    found = _site_url_notices(site_url, where)
    if school is not None and _needs_icp(school, site_url):
        found.append(_missing_icp(Path(root) / SCHOOL_FILE))
    return found


def is_placeholder(host: str) -> bool:
    return "example" in host.lower().split(".")


def _site_url_notices(site_url: str | None, where: tuple[int, int]) -> list[Problem]:
    if not site_url:
        return [Problem(CONFIG, *where, "没有写 site_url（学校网站的完整地址）：生成网站时会因此停止。"
                                        "请写上学校网站的地址，以 https:// 开头、以 / 结尾。", SETTINGS_LABEL, "site_url",
                        notice=True)]
    parts = urlsplit(site_url)
    found = []
    if is_placeholder(parts.hostname or ""):
        found.append(Problem(CONFIG, *where, f"site_url 还是示例地址“{quoted(site_url)}”：打印的公示上的二维码、"
                                             "订阅链接和微信分享卡片都会指向这个不是本校的网址。请改成学校网站的真实地址"
                                             "（以 https:// 开头、以 / 结尾）。", SETTINGS_LABEL, "site_url", notice=True))
    if parts.scheme != "https":
        found.append(Problem(CONFIG, *where, f"site_url 不是以 https:// 开头（现在是“{quoted(site_url)}”）：二维码和分享链接"
                                             "会打开不加密的网址，微信和浏览器会提示“不安全”。请给网站配置 HTTPS 证书，"
                                             "再把 site_url 改成 https:// 开头。", SETTINGS_LABEL, "site_url", notice=True))
    return found


def _needs_icp(school, site_url: str | None) -> bool:
    if school.filings and school.filings.icp:
        return False
    host = (urlsplit(site_url or "").hostname or "").lower()
    return not host.endswith(OFFSHORE_HOSTS)


def _missing_icp(school_file: Path) -> Problem:
    line, column = _top_level_value(school_file, "filings", on_key=True)[1] if school_file.is_file() else (1, 1)
    return Problem(SCHOOL_FILE, line, column,
                   "没有写 ICP 备案号（filings: icp）。网站放在中国大陆的服务器上时，每个网页的页脚必须显示 ICP 备案号"
                   "并链接到工信部备案系统：备案完成后请写上，例如 icp: 京ICP备12345678号-1。网站放在境外的服务器上时"
                   "不能也不需要 ICP 备案，这条提示可以不管。", SCHOOL_LABEL, "filings › icp", notice=True)


def _top_level_value(path: Path, key: str, on_key: bool = False) -> tuple[str | None, tuple[int, int]]:
    """A top-level key's plain value and its (line, column), 1-based; the file's start when absent.
    Composed, not constructed: mkdocs.yml carries !!python tags a safe loader would refuse."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None, (1, 1)
    if not isinstance(root, yaml.MappingNode):
        return None, (1, 1)
    for key_node, value_node in root.value:
        if key_node.value == key:
            mark = (key_node if on_key else value_node).start_mark
            value = value_node.value if isinstance(value_node, yaml.ScalarNode) else None
            return (str(value).strip() or None) if value is not None else None, (mark.line + 1, mark.column + 1)
    return None, (1, 1)
