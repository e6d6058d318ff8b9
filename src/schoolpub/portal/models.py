"""The open data the portal relies on, as models: the keys it reads, their types and formats.

Keys a school's site adds within the same major version pass through (extra="allow"); strict
types, so a number where the file promises a string ("450.00") is refused, not coerced.
"""
from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from .. import urls

MAX_TEXT = 2000  # characters: a fee notice's longest paragraph is a few hundred
_DAY_OR_MONTH = r"^\d{4}-\d{2}(-\d{2})?$"  # v1/v2: a notice dated only to the month has "2017-01"
_DAY = r"^\d{4}-\d{2}-\d{2}$"
_MONEY = r"^\d{1,9}\.\d{2}$"


class _Open(BaseModel):
    """Keys a school adds within the same major version are kept, not refused."""
    model_config = ConfigDict(extra="allow", strict=True)


Text = Annotated[str, StringConstraints(max_length=MAX_TEXT)]
Short = Annotated[str, StringConstraints(min_length=1, max_length=200)]
DayOrMonth = Annotated[str, StringConstraints(pattern=_DAY_OR_MONTH)]
Day = Annotated[str, StringConstraints(pattern=_DAY)]
MoneyText = Annotated[str, StringConstraints(pattern=_MONEY)]


def is_web_address(value: str) -> bool:
    return len(value) <= 2000 and not urls.refused(value) and bool(re.fullmatch(r"https?://[^\s/?#]+[^\s]*", value))


def _web_address(value: str) -> str:
    if not is_web_address(value):
        raise ValueError("not an http(s) address")
    return value


class _Linked(_Open):
    @field_validator("url", "site_url", "json_url", "csv", "feed", "calendar", "logo", check_fields=False)
    @classmethod
    def _links_are_web_addresses(cls, value: Any) -> Any:
        return value if value is None else _web_address(value)


class Phone(_Open):
    label: Optional[Text]
    number: Short


class AboutSchool(_Linked):
    name: Short
    short_name: Optional[Short] = None
    phones: list[Phone] = Field(default_factory=list, max_length=100)
    url: Optional[str] = None
    logo: Optional[str] = None


class Section(_Linked):
    section: Short
    label: Short
    url: str
    count: int = Field(ge=0)
    json_url: Optional[str] = Field(None, alias="json")  # the key is `json`; a field so named shadows BaseModel.json
    csv: Optional[str] = None
    feed: Optional[str] = None
    calendar: Optional[str] = None


class SchoolIndex(_Linked):
    """data/v1/school.json."""
    schema_version: int
    site_url: str
    school: Optional[AboutSchool]
    feed: Optional[str] = None
    sections: list[Section] = Field(max_length=50)


class Basis(_Open):
    issuer: Optional[Text]
    document: Optional[Text]
    title: Optional[Text] = None
    filed: bool = False
    text: Optional[Text] = None


class Price(_Open):
    label: Short
    amount: MoneyText
    shown: Optional[Short] = None


class FeeItem(_Open):
    name: Short
    kind: Short
    amount: Optional[MoneyText]
    prices: Optional[list[Price]] = Field(max_length=200)
    max_amount: Optional[MoneyText]
    settled: Optional[Short]
    unit: Optional[Short]
    voluntary: Optional[bool]
    choice: Literal["必交", "自愿", "按规定自愿"]
    bases: list[Basis] = Field(max_length=50)
    payers: Optional[Text]
    for_everyone: bool
    grades: Optional[list[Short]] = Field(max_length=50)
    exemption: Optional[Text] = None
    refund: Optional[Text] = None
    note: Optional[Text] = None


class Display(_Open):
    start: Day
    end: Optional[Day] = None


class FeeNotice(_Linked):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=100)]
    url: str
    title: Short
    filed_on: DayOrMonth
    last_changed: DayOrMonth
    school_year: Optional[Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{4}$")]]
    term: Optional[Short]
    payers: Optional[Text] = None
    items: list[FeeItem] = Field(max_length=500)
    complaint_phones: list[Phone] = Field(max_length=50)
    collection_start: Optional[Day] = None
    display: Optional[Display] = None
    issuer: Optional[Text] = None
    issued: Optional[DayOrMonth] = None
    grades: Optional[list[Short]] = Field(None, max_length=50)
    bases: list[Basis] = Field(default_factory=list, max_length=50)
    stage: Optional[Short] = None
    totals_per: Optional[Short] = None


class FeesV2(_Linked):
    """data/v2/fees.json."""
    schema_version: int
    section: Literal["fees"]
    school: Short
    url: str
    last_changed: Optional[DayOrMonth]
    count: int = Field(ge=0)
    records: list[FeeNotice] = Field(max_length=1000)
