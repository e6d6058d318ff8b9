"""The portal's own config file (portal.yml): the district, its schools, fetch limits, district caps.

Read through the same strict YAML gate and models as a school's data (yamlgate, fields), so a
clerk's typo gets a Chinese message at file:line:column, and nothing half-valid is used.
"""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, Field, ValidationError

from .. import yamlgate
from ..fields import Line, Money, Strict, Url, WholeNumber, fail
from ..messages import translate
from ..problems import Problem, Problems

DEFAULT_FILE = "portal.yml"


def _site_address(url: str) -> str:
    """https only: the portal reads fee data a bureau relies on. Plain http is allowed for this
    computer alone (127.0.0.1, localhost: tests and the benchmark), where nobody can tamper in between."""
    parts = urlsplit(url)
    if parts.username or parts.password:  # not quoted: CI logs are public
        raise fail("网址里不能写账号或密码（这里不再重复显示）。门户只读取公开的数据。")
    if parts.query or parts.fragment:
        raise fail(f"只写网站首页地址，不带 ? 或 # 后面的部分（现在是“{url}”）。")
    if parts.scheme == "http" and not _loopback(parts.hostname or ""):
        raise fail(f"要以 https:// 开头（现在是“{url}”）：门户只从加密连接读取收费数据。")
    return url if url.endswith("/") else url + "/"


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


SiteUrl = Annotated[Url, AfterValidator(_site_address)]  # Url's checks, then ours


def _repository_address(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme == "http" and not _loopback(parts.hostname or ""):
        raise fail(f"要以 https:// 开头（现在是“{url}”）。")
    if parts.username or parts.password:  # not quoted: CI logs are public, and this may be a real password
        raise fail("仓库地址里不能写账号或密码（这里不再重复显示）：访问令牌放在 CI 的密钥里。"
                   "如果这个密码是真的，请尽快更换。")
    if parts.query or parts.fragment:
        raise fail(f"只写仓库地址，不带 ? 或 # 后面的部分（现在是“{url}”）。")
    return url


RepositoryUrl = Annotated[Url, AfterValidator(_repository_address)]


def _school_id(value: Any) -> str:
    text = str(value).strip()
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", text) or len(text) > 40:
        raise fail(f"只能用小写英文字母、数字和连字符，不超过 40 个字符，例如 syxx 或 di-er-xiao（现在是“{text}”）。")
    return text


SchoolId = Annotated[str, BeforeValidator(_school_id)]


def _relative_dir(value: Any) -> str:
    text = str(value).strip()
    if not text or "\n" in text:
        raise fail("这里写学校网站生成目录的位置，例如 ../syxx/site（相对于 portal.yml 所在的文件夹）。")
    return text


class School(Strict):
    id: SchoolId = Field(title="学校编号", description="小写字母、数字和连字符，例如 syxx；门户里这所学校的网址用它")
    name: Line = Field(title="学校名称", max_length=60)
    site: SiteUrl = Field(title="学校网址", description="学校网站首页，例如 https://syxx.example.edu.cn/")
    repository: RepositoryUrl | None = Field(None, title="学校网站仓库", description="学校网站的 git 仓库地址（https），"
                                                                     "区县 CI 逐校生成网站时用（.github/workflows/portal.yml）")
    path: Annotated[str, AfterValidator(_relative_dir)] | None = Field(
        None, title="本地生成目录", description="学校网站已生成的目录（有它就不联网读取），相对于 portal.yml")


class Limits(Strict):
    """How long and how much the portal waits for one school; defaults suit a district on ordinary hosting."""
    connect_timeout: WholeNumber = Field(5, title="连接超时（秒）", ge=1, le=60)
    read_timeout: WholeNumber = Field(10, title="读取超时（秒）", ge=1, le=120)
    deadline: WholeNumber = Field(30, title="每所学校总时限（秒）", ge=1, le=600)
    max_kb: WholeNumber = Field(5120, title="每个数据文件大小上限（KB）", ge=16, le=102400)
    retries: WholeNumber = Field(2, title="失败后重试次数", ge=0, le=5)
    workers: WholeNumber = Field(8, title="同时读取的学校数", ge=1, le=32)


class Cap(Strict):
    """A district ceiling for one fee item (e.g. 课后服务费 at most 300 元/生·学期), with its source."""
    item: Line = Field(title="收费项目", max_length=40)
    max_amount: Money = Field(title="最高金额（元）")
    unit: Line | None = Field(None, title="计费单位", max_length=20)
    stage: Line | None = Field(None, title="学段", max_length=20)
    basis: Line = Field(title="依据文件", max_length=120, description="规定这个上限的文件名称和文号")


class PortalConfig(Strict):
    district: Line = Field(title="区县名称", max_length=60, description="例如 示例区教育局")
    site_url: Url | None = Field(None, title="门户网址")
    schools: list[School] = Field(title="学校列表", min_length=1, max_length=2000)
    limits: Limits = Field(default_factory=Limits, title="读取限制")
    caps: list[Cap] = Field(default_factory=list, title="区县收费上限")
    lead_days: WholeNumber = Field(7, title="收费前公示天数", le=60,
                                   description="收费公示至少要在开始收费前多少天开始公示（本区规定）")
    lead_days_basis: Line | None = Field(None, title="公示天数的依据", max_length=120,
                                         description="规定公示天数的文件名称和条款，例如 《示例区中小学收费公示办法》第五条")


@dataclass(frozen=True)
class Loaded:
    config: PortalConfig | None
    base_dir: Path  # where portal.yml stands: a school's `path` is relative to it
    problems: Problems

    def local_dir(self, school: School) -> Path | None:
        return (self.base_dir / school.path).resolve() if school.path else None


def load_config(path: Path, shown_as: str | None = None) -> Loaded:
    """portal.yml → the config, or every problem in it (never raises for a clerk's mistake)."""
    shown = shown_as or path.name
    problems = Problems()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.add(Problem(shown, 1, 1, f"找不到门户配置文件 {shown}：请在这里建立它，写上区县名称和学校列表（district、schools）。"))
        return Loaded(None, path.parent, problems)
    except OSError as error:
        problems.add(Problem(shown, 1, 1, f"无法读取门户配置文件（{error.strerror}）。请确认文件 {shown} 存在。"))
        return Loaded(None, path.parent, problems)
    document, errors = yamlgate.parse(raw)
    for error in errors:
        problems.add(Problem(shown, error.line, error.column, error.message))
    if document is None:
        return Loaded(None, path.parent, problems)
    if not isinstance(document.data, dict):
        problems.add(Problem(shown, 1, 1, "门户配置文件应该是一组“字段: 值”，至少写 district 和 schools。"))
        return Loaded(None, path.parent, problems)
    try:
        config = PortalConfig.model_validate(document.data)
    except ValidationError as error:
        for field_error in translate(error, PortalConfig):
            line, column = document.locate(field_error.path, on_key=field_error.on_key)
            problems.add(Problem(shown, line, column, field_error.message, key=_key_name(field_error.path)))
        return Loaded(None, path.parent, problems)
    for index, message in _repeated_ids(config):
        line, column = document.locate(("schools", index, "id"))
        problems.add(Problem(shown, line, column, message, key=f"schools[{index}].id"))
    return Loaded(None if problems else config, path.parent, problems)


def _repeated_ids(config: PortalConfig) -> list[tuple[int, str]]:
    first: dict[str, int] = {}
    repeated = []
    for index, school in enumerate(config.schools):
        if school.id in first:
            repeated.append((index, f"学校编号“{school.id}”和第 {first[school.id] + 1} 所学校重复了："
                                    "每所学校的编号必须不同。"))
        first.setdefault(school.id, index)
    return repeated


def _key_name(path: tuple) -> str:
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name
