"""公开目录: the disclosure categories (code, name, order, description) and the document they come from.

A default ships with the package (catalogues/moe-2010.yml: the Ministry of Education's opinion on
primary and secondary schools' disclosure); a school or district replaces it with data/catalogue.yml.
Records name their category by its `name`; the loader refuses a record whose category the catalogue
lacks, and names, at the catalogue's own line, every record a renamed or removed category leaves behind.
"""
from __future__ import annotations

import difflib
import functools
import re
from pathlib import Path
from typing import Annotated, Any, Optional

import yaml
from pydantic import BeforeValidator, Field, WithJsonSchema

from ..echo import quoted
from ..fields import RECORD_ID_PATTERN, Line, Paragraphs, Strict, Url, _single_line
from .base import ContentType, Finding, Record

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "catalogues" / "moe-2010.yml"
FILE_NAME = "catalogue.yml"  # under data/
# The default catalogue's names, for what is generated once for every school (the JSON Schema's
# completion, the browser editor's list, the spreadsheet's choices); the loader checks the real one.
DEFAULT_NAMES = tuple(category["name"] for category in yaml.safe_load(DEFAULT_FILE.read_text("utf-8"))["categories"])


def _category_name(value: Any) -> str:
    return _single_line(value)


CategoryName = Annotated[str, BeforeValidator(_category_name),
                         WithJsonSchema({"type": "string", "minLength": 1, "enum": list(DEFAULT_NAMES)})]
"""A record's category: one of the catalogue's names (checked against the catalogue in use, not here)."""


class CatalogueSource(Strict):
    title: Line = Field(title="文件名称", description="目录所依据的文件，例如 教育部关于推进中小学信息公开工作的意见")
    number: Optional[Line] = Field(None, title="文号", description="例如 教办〔2010〕15号；没有文号就不写")
    issuer: Line = Field(title="发文单位", description="例如 教育部、示例区教育局")
    url: Optional[Url] = Field(None, title="原文网址", description="能看到原文的网址，没有就不写")
    note: Optional[Paragraphs] = Field(None, title="说明", description="例如 类别名称是原文各项的简称")


class CatalogueCategory(Strict):
    code: Line = Field(title="代码", description="小写英文字母、数字和连字符，例如 fees；开放数据里用它，改名时不要改它")
    name: Line = Field(title="类别名称", description="网站上的小标题，记录的 category: 写的就是它，例如 收费")
    description: Paragraphs = Field(title="说明", description="这一类公开哪些内容")


class Catalogue(Record):
    title: Line = Field(title="目录名称", description="例如 中小学信息公开目录")
    source: CatalogueSource = Field(title="依据文件", description="目录来自哪份文件")
    categories: list[CatalogueCategory] = Field(min_length=1, title="类别",
                                                description="按网站上显示的顺序逐项写：code、name、description")

    def names(self) -> list[str]:
        return [category.name for category in self.categories]

    def code_of(self, name: str) -> str:
        return next(category.code for category in self.categories if category.name == name)


def names_in(root: Path) -> tuple[str, ...]:
    """The category names the editors offer (JSON Schema, browser editor): the school's own
    data/catalogue.yml when it is a valid one, else the default's. Only a hint for the forms:
    `make check` judges the file and reports its problems."""
    path = Path(root) / "data" / FILE_NAME
    if not path.is_file() or path.is_symlink():
        return DEFAULT_NAMES
    try:
        return tuple(Catalogue.model_validate(yaml.safe_load(path.read_text("utf-8"))).names())
    except Exception:  # any YAML or model error: the forms keep the default list until make check passes
        return DEFAULT_NAMES


@functools.cache
def default_catalogue() -> Catalogue:
    """The catalogue shipped with the package: not staff's data, so not scanned as theirs (a test keeps it valid)."""
    return Catalogue.model_validate(yaml.safe_load(DEFAULT_FILE.read_text("utf-8")))


def check_catalogue(catalogue: Catalogue, site) -> list[Finding]:
    findings = []
    seen_codes: set[str] = set()
    seen_names: set[str] = set()
    for index, category in enumerate(catalogue.categories):
        if not re.fullmatch(RECORD_ID_PATTERN, category.code):
            findings.append(Finding(("categories", index, "code"), f"代码“{quoted(category.code)}”只能用小写英文字母、数字和"
                                                                   "连字符（-），例如 fees。"))
        if category.code in seen_codes:
            findings.append(Finding(("categories", index, "code"), f"代码“{quoted(category.code)}”前面已经用过了：每个类别的代码"
                                                                   "要不一样。"))
        if category.name in seen_names:
            findings.append(Finding(("categories", index, "name"), f"类别“{quoted(category.name)}”前面已经有了：同一个类别只写一次。"))
        seen_codes.add(category.code)
        seen_names.add(category.name)
    return findings


CATALOGUE = ContentType(name="catalogue", label="公开目录", model=Catalogue, check=check_catalogue)


def category_finding(name: str, catalogue: Catalogue, catalogue_file: str) -> Finding | None:
    """A record's category that the catalogue lacks, said at the record's own line."""
    names = catalogue.names()
    if name in names:
        return None
    guesses = [option for option in names if name in option or option in name]
    guesses = guesses or difflib.get_close_matches(name, names, n=1, cutoff=0.4)
    hint = f"你是不是想写“{guesses[0]}”？" if guesses else ("都不合适时请写“其他”。" if "其他" in names else "")
    where = f"本校公开目录 {catalogue_file} 里的类别之一：" if catalogue_file.startswith("data/") else "以下之一："
    return Finding(("category",), f"公开类别：只能填{where}{'、'.join(names)}（现在是“{quoted(name)}”）。{hint}")


def record_uses(sources: dict) -> list[tuple[str, str, int]]:
    """(category, file, line) of every disclosure that named one and was read (loader.Source)."""
    uses = []
    for (type_name, _), source in sources.items():
        if type_name != "affairs":
            continue
        document = source.lines()  # composed only here: a record the check cache knew was not
        if document is not None and isinstance(document.data, dict) and "category" in document.data:
            uses.append((str(document.data["category"]), source.file, document.locate(("category",))[0]))
    return uses


def unlisted_uses(catalogue: Catalogue, uses: list[tuple[str, str, int]]) -> dict[str, list[str]]:
    """Category name → "file:line" of every record using it, for the names the catalogue lacks.
    `uses` are (category, file, line) of the records that named one."""
    missing: dict[str, list[str]] = {}
    for name, file, line in sorted(uses, key=lambda use: (use[1], use[2])):
        if name not in catalogue.names():
            missing.setdefault(name, []).append(f"{file}:{line}")
    return missing


def unlisted_finding(catalogue: Catalogue, name: str, places: list[str]) -> tuple[tuple, str]:
    """Where in the catalogue to say a used category is missing, and what. A default category whose
    code the catalogue kept under another name was renamed: said at that name; otherwise at `categories`."""
    records = f"还有 {len(places)} 条记录在用它：{'、'.join(places)}"
    code = next((c.code for c in default_catalogue().categories if c.name == name), None)
    renamed = next((index for index, c in enumerate(catalogue.categories) if code and c.code == code), None)
    if renamed is not None:
        now = catalogue.categories[renamed].name
        return ("categories", renamed, "name"), (
            f"代码为 {code} 的类别以前叫“{quoted(name)}”，现在改成了“{quoted(now)}”，但{records}。请把这些记录的 "
            f"category: 改成“{quoted(now)}”，或者把名称改回来；在改好之前这些记录不会发布。")
    return ("categories",), (
        f"目录里没有类别“{quoted(name)}”，但{records}。如果是改了这个类别的名称或删掉了它，请同时修改这些记录的 "
        "category:（改成目录里的名称），或者把这个类别加回目录；在改好之前这些记录不会发布。")
