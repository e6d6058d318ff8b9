"""Facts about records that several pages (and the exports) show: dates, titles, states, sizes.

Pure functions of validated records and the build's context, shared by the templates
(registered as Jinja globals in views/__init__.py) and by schoolpub.exports.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from ..content import ContentType
from ..content.festivals import festival_dates  # noqa: F401  (views and templates use it from here)
from ..fields import PHOTO_SUFFIXES, SHEET_SUFFIXES
from ..media import published_name
from ..names import shown_name

if TYPE_CHECKING:
    from ..context import Context


def record_date(record: Any) -> dt.date:
    """The date a record is filed under (its type says which: Record.filed_on)."""
    return record.filed_on()


def latest_date(record: Any) -> dt.date:
    """The last time a record's content changed according to its own data (Record.changed_on)."""
    return record.changed_on()


def record_title(record: Any) -> str:
    return record.heading()


def display_state(period: Any, today: dt.date) -> str:
    """公示中 / 未开始 / 已过公示期 for a display period."""
    if period is None:
        return ""
    if today < period.start:
        return "未开始"
    return "公示中" if today <= period.end else "已过公示期"


def display_period(period: Any) -> str:
    """The words a record page uses for its display period: 公示期 2026-09-01 至 2026-09-07 (the index
    writes the dates itself: a string in its Markdown would be escaped, 2026\\-09\\-01)."""
    return f"公示期 {period.start} 至 {period.end}"


def festival_state(festival: Any, today: dt.date) -> str:
    """即将举行 / 进行中 / 已结束; without a published end, 已举行 after its last dated day:
    it has been held, but nobody said it ended (the report may say it goes on)."""
    if today < festival.start:
        return "即将举行"
    if today <= festival.last_day:
        return "进行中"
    return "已结束" if festival.end is not None else "已举行"


def page_dates(record: Any, changed: dt.date | None, history: Any = None) -> list[tuple[str, dt.date]]:
    """The dates a record page shows: when it was filed (its own date), and when it last changed.

    With the repository's history (history.RecordHistory): 首次上网 (the first commit of its
    file, when not the day it was filed) and 最后修改 (its last revision of the *data*;
    comments and whitespace are not one). Without it (a tarball, a test): 更新, the later of
    its data's own dates and the file's last commit (`changed`)."""
    filed = record_date(record)
    dates = []
    if record.filed_as:
        candidates = getattr(record, "stage", None) == "公示"  # an honour candidate list is not an award yet
        dates.append(("公示" if candidates else record.filed_as, filed))
    if history is not None:
        if history.first_published and history.first_published != filed:
            dates.append(("首次上网", history.first_published))
        if history.revisions:
            dates.append(("最后修改", history.revisions[-1].date))
        return dates or [("更新", latest_date(record))]
    last = max(date for date in (latest_date(record), changed) if date)
    if last > filed or not dates:
        dates.append(("更新", last))
    return dates


def changed_on(record: Any, history: Any) -> dt.date:
    """The last change of a record: its data's own dates, or its last revision in git when later."""
    revised = history.revisions[-1].date if history and history.revisions else None
    return max(date for date in (latest_date(record), revised) if date)


def recent_correction(history: Any, today: dt.date, days: int = 30) -> Any:
    """The newest 更正 of a record when it is at most `days` old (the home page marks it), else None."""
    corrections = [revision for revision in (history.revisions if history else []) if revision.correction]
    if corrections and 0 <= (today - corrections[-1].date).days <= days:
        return corrections[-1]
    return None


def pairwise_reversed(items: list) -> list[tuple[Any, Any]]:
    """[a, b, c] → [(b, c), (a, b)]: the newest change first."""
    return list(zip(items, items[1:]))[::-1]


def name_policy(record: Any, context: Context) -> str:
    """How an honour list or a festival shows pupils' names: its own name_display, else school.yml's."""
    return record.name_display or context.school.site.student_names


def shows_pupils(record: Any) -> bool:
    """Whether an honour record (any award group) or a festival (any result) names pupils."""
    return record.shows_pupils


def shown_people(group: Any, policy: str | None) -> str:
    """A festival result's winners on one line, pupils as the policy shows them:
    二年级（3）班；三年级（2）班 王*琪、张*；四年级（1）班 2 人 (class_only)."""
    parts = []
    for unit, people in group.by_unit():
        if group.pupils and policy == "class_only":
            parts.append(f"{unit or '其他班级'} {len(people)} 人")
            continue
        names = "、".join(shown_name(person.name, unit, policy) if group.pupils else person.name for person in people)
        parts.append(f"{unit} {names}" if unit else names)
    return "；".join(parts)


def is_on_display(content_type: ContentType, record: Any, today: dt.date) -> bool:
    """Records of a type shown on display (Publishing.on_display: fee notices, disclosures, honour
    candidate lists) whose display period contains today."""
    return content_type.publishing.on_display(record) and \
        display_state(getattr(record, "display", None), today) == "公示中"


def attachment_path(media: str) -> str:
    """Where an attachment is published: a PDF or a spreadsheet under its own name (the cleaned
    copy), a photo as its large rendition (originals are never published)."""
    return published_name(media, "large") if media.lower().endswith(PHOTO_SUFFIXES) else f"media/{media}"


def attachment_kind(media: str) -> str:
    """What a parent is about to download, as the link says it: PDF, JPG, Excel 表格."""
    suffix = media.rsplit(".", 1)[1]
    return "Excel 表格" if f".{suffix.lower()}" in SHEET_SUFFIXES else suffix.upper()


def file_size(context: Context, media: str) -> str:
    """The size of what a parent downloads: the cleaned PDF, or a photo's large rendition."""
    photo = context.photos.get((media, "large"))
    published = context.attachments.get(media) or (photo.file if photo else context.site.data_dir / "media" / media)
    size = published.stat().st_size
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def decision_bases(bases: list) -> str:
    """The documents a decision rests on, as official texts cite them:
    示例市教育局《评选办法》（示教政〔2002〕8号）；示教政〔2012〕10号."""
    def one(basis: Any) -> str:
        title = f"《{basis.title}》" if basis.title else ""
        document = (f"（{basis.document}）" if title else basis.document) if basis.document else ""
        return f"{basis.issuer or ''}{title}{document}"
    return "；".join(one(basis) for basis in bases)


def shown_body(record: Any, policy: str | None, markdown: bool = False) -> str:
    """A decision's text with each listed pupil's name shown as the list shows it (许*超等54位同学):
    the text names its winners, and a name is never shown in full there while masked below.
    `markdown`: the masked name's * escaped, so the text renders as typed."""
    pupils = {person.name: shown_name(person.name, person.unit, policy or "masked")
              for group in record.award_groups() if group.pupils for person in group.people}
    if not pupils or policy == "full":
        return record.body
    pattern = re.compile("|".join(re.escape(name) for name in sorted(pupils, key=len, reverse=True)))
    shown = (lambda m: pupils[m.group()].replace("*", "\\*")) if markdown else (lambda m: pupils[m.group()])
    return pattern.sub(shown, record.body)
