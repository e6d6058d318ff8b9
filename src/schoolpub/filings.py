"""Filing numbers a site served from mainland China shows in its footer, as field types, and
the public query pages they link to.

- ICP备案号 (MIIT): 省份简称 + ICP备 + digits + 号, and `-n` when the filing holder has more
  than one site (京ICP备12345678号-1). The digits began as two-digit year + serial (6 or 8
  digits: 蜀ICP备08088888号, 京ICP备05014806号); numbers issued in the 2020s carry the whole
  year (10 digits: 鲁ICP备2023032291号-1, as seen in 2023–2026 footers). So 6 to 10 digits.
  `ICP证` numbers (经营许可证, commercial licences) are refused with their own message: a
  school's site is 非经营性, and every site, licensed or not, has an ICP备 number, which is
  the one the footer shows.
- 公安联网备案号 (MPS): 省份简称 + 公网安备 + 14 digits + 号; the digits begin with the
  filing police office's division code. Written with or without a space before the digits
  (京公网安备 11010502000001号, 湘公网安备43010502002236号): kept as written.
- 网站标识码 (government sites only, 政府网站发展指引, 国办发〔2017〕47号): 10 digits for local
  government sites (3406000012), `bm` + 8 digits for State Council departments' (bm55000001).

Province abbreviations include the alternative ones filings use (蜀 川, 黔 贵, 滇 云, 陇 甘,
秦 陕). Full-width characters typed with a Chinese input method are normalised (NFKC).
"""
from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema

from .echo import quoted
from .fields import fail

PROVINCES = "京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川蜀贵黔云滇藏陕秦甘陇青宁新"

# The MIIT filing system's public home page (its query is a form: no per-number link exists).
MIIT_FILING_SITE = "https://beian.miit.gov.cn/"
# The MPS filing platform (beian.mps.gov.cn, which replaced www.beian.gov.cn in 2024): its
# query page takes the 14 digits in the fragment, as the platform's own footer code gives it.
MPS_QUERY = "https://beian.mps.gov.cn/#/query/webSearch?code={digits}"

ICP_PATTERN = rf"^[{PROVINCES}]ICP备\d{{6,10}}号(-\d{{1,3}})?$"
PUBLIC_SECURITY_PATTERN = rf"^[{PROVINCES}]公网安备 ?\d{{14}}号$"
SITE_CODE_PATTERN = r"^(\d{10}|bm\d{8})$"

_ICP = re.compile(rf"([{PROVINCES}])ICP备(\d+)号(-\d{{1,3}})?", re.IGNORECASE)
_PUBLIC_SECURITY = re.compile(rf"([{PROVINCES}])公网安备(\s*)(\d+)号")


def _typed(value: Any) -> tuple[str, str]:
    """(as typed, for quoting back; NFKC-normalised with its outer spaces removed)."""
    if isinstance(value, (list, dict)) or value is None:
        raise fail("这里应该填一个编号（一行文字），而不是列表或“键: 值”。")
    typed = str(value).strip()
    if not typed:
        raise fail("是空的：还没有这个编号时，把这一行删去或冒号后面什么都不写。")
    return typed, unicodedata.normalize("NFKC", typed).strip()


# -- ICP备案号 ----------------------------------------------------------------------

def _icp(value: Any) -> str:
    typed, text = _typed(value)
    compact = re.sub(r"\s+", "", text)
    match = _ICP.fullmatch(compact)
    if match and 6 <= len(match.group(2)) <= 10:
        return f"{match.group(1)}ICP备{match.group(2)}号{match.group(3) or ''}"
    raise fail(f"{_icp_reason(compact)}ICP 备案号的格式是“省份简称 + ICP备 + 数字 + 号”，同一单位的第几个网站写在最后，"
               f"例如 京ICP备12345678号-1（现在是“{quoted(typed)}”）。请照工信部备案系统（beian.miit.gov.cn）查到的网站备案号原样填写。")


def _icp_reason(text: str) -> str:
    if re.search(r"(?i)ICP证", text):
        return ("“ICP证”是经营许可证的编号，不是备案号；学校网站是非经营性网站，"
                "页脚显示的是 ICP 备案号（有许可证的网站也有备案号）。")
    if re.search(r"号\d", text):
        return "网站序号前要写“-”，例如 号-1。"
    if re.search(r"号-(?!\d{1,3}$)", text):
        return "最后的网站序号写成 -1 这样的 1 到 3 位数字；没有序号就不写“-”。"
    inside = _ICP.search(text)
    if inside and inside.group(0) != text:
        return f"只写编号本身（{quoted(inside.group(0))}），前后的文字（如“备案号：”）页脚会自己加。"
    if not re.match(rf"[{PROVINCES}]", text):
        return "开头要写备案所在省份的简称，例如 京、沪、粤、蜀。"
    digits = re.search(r"(?i)ICP备(\d+)", text)
    if digits and not 6 <= len(digits.group(1)) <= 10:
        return f"“ICP备”后面的数字是 6 到 10 位（现在是 {len(digits.group(1))} 位）。"
    if digits and not text[digits.end():].startswith("号"):
        return "数字后面少了“号”字。"
    return ""


IcpNumber = Annotated[
    str, BeforeValidator(_icp),
    WithJsonSchema({"type": "string", "pattern": ICP_PATTERN, "examples": ["京ICP备12345678号-1"]}),
]


def icp_link(number: str) -> str:
    return MIIT_FILING_SITE


# -- 公安联网备案号 --------------------------------------------------------------------

def _public_security(value: Any) -> str:
    typed, text = _typed(value)
    match = _PUBLIC_SECURITY.fullmatch(text)
    if match and len(match.group(3)) == 14:
        space = " " if match.group(2) else ""
        return f"{match.group(1)}公网安备{space}{match.group(3)}号"
    raise fail(f"{_public_security_reason(text)}公安联网备案号的格式是“省份简称 + 公网安备 + 14 位数字 + 号”，"
               f"例如 京公网安备 11010502000001号（现在是“{quoted(typed)}”）。请照全国互联网安全管理服务平台（beian.mps.gov.cn）"
               "给出的备案号原样填写。")


def _public_security_reason(text: str) -> str:
    inside = _PUBLIC_SECURITY.search(text)
    if inside and inside.group(0) != text:
        return f"只写编号本身（{quoted(inside.group(0))}），前后的文字页脚会自己加。"
    if re.search(r"公网安备\s*[:：]", text):
        return "“公网安备”和数字之间不写冒号。"
    if not re.match(rf"[{PROVINCES}]", text):
        return "开头要写备案所在省份的简称，例如 京、沪、粤、川。"
    digits = re.search(r"公网安备\s*(\d+)", text)
    if digits and len(digits.group(1)) != 14:
        return f"“公网安备”后面的数字是 14 位（现在是 {len(digits.group(1))} 位）。"
    if digits and not text[digits.end():].startswith("号"):
        return "数字后面少了“号”字。"
    return ""


PublicSecurityNumber = Annotated[
    str, BeforeValidator(_public_security),
    WithJsonSchema({"type": "string", "pattern": PUBLIC_SECURITY_PATTERN,
                    "examples": ["京公网安备 11010502000001号"]}),
]


def public_security_digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def public_security_link(number: str) -> str:
    return MPS_QUERY.format(digits=public_security_digits(number))


# -- 网站标识码 ----------------------------------------------------------------------

def _site_code(value: Any) -> str:
    typed, text = _typed(value)
    code = re.sub(r"\s+", "", text).lower()
    if re.fullmatch(SITE_CODE_PATTERN, code):
        return code
    raise fail("只有政府网站才有网站标识码：地方政府网站的是 10 位数字，例如 1101000001；国务院部门网站的是 bm 加 8 位数字，"
               f"例如 bm01000001（现在是“{quoted(typed)}”）。请照全国政府网站信息报送系统给出的标识码填写；学校网站没有标识码时删去这一行。")


SiteCode = Annotated[
    str, BeforeValidator(_site_code),
    WithJsonSchema({"type": ["string", "integer"], "pattern": SITE_CODE_PATTERN, "examples": ["1101000001"]}),
]
